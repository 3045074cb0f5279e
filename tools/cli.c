// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line parsing and small helpers shared by hsmon-pkt and
 * hsmon-load; see cli.h.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static const struct option help_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* ---- argument parsing -------------------------------------------------- */

int cli_main(int argc, char **argv, const struct cli_command *cmds, size_t n)
{
	size_t i;

	if (argc < 2)
		usage_error("missing command");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		usage(stdout, 0);
	for (i = 0; i < n; i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].run(argc - 1, argv + 1);
	usage_error("unknown command '%s'", argv[1]);
}

void usage(FILE *f, int status)
{
	fputs(cli_usage_text, f);
	exit(status);
}

int next_opt(int argc, char **argv, const char *optstr)
{
	int c;

	opterr = 0;
	c = getopt_long(argc, argv, optstr, help_opts, NULL);
	if (c == 'h')
		usage(stdout, 0);
	if (c == ':')
		usage_error("%s: option '-%c' needs an argument", argv[0], optopt);
	if (c == '?' && optopt)
		usage_error("%s: unknown option '-%c'", argv[0], optopt);
	if (c == '?')
		usage_error("%s: unknown option '%s'", argv[0], argv[optind - 1]);
	return c;
}

void need_args(int argc, int want, const char *cmd)
{
	if (argc - optind != want)
		usage_error("%s: expected %d arguments, got %d", cmd, want, argc - optind);
}

unsigned long long parse_num(const char *s, unsigned long long min,
			     unsigned long long max, const char *what)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || errno || *end || v < min || v > max)
		usage_error("invalid %s '%s' (expected %llu..%llu)", what, s, min, max);
	return v;
}

uint16_t parse_port(const char *s, const char *what)
{
	return parse_num(s, 1, 65535, what);
}

void parse_addr(const char *s, struct addr *a, const char *what)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, &a->v4) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, s, &a->v6) == 1)
		a->family = AF_INET6;
	else
		usage_error("invalid %s address '%s'", what, s);
}

/* ---- addresses and time ------------------------------------------------ */

const char *addr_str(const struct addr *a, char *buf)
{
	return inet_ntop(a->family, a->b, buf, INET6_ADDRSTRLEN);
}

socklen_t addr_to_sockaddr(const struct addr *a, uint16_t port,
			   struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr = a->v4;
		return sizeof(*sin);
	}
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	sin6->sin6_addr = a->v6;
	return sizeof(*sin6);
}

int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}
