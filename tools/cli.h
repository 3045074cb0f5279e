/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command-line parsing and small helpers shared by hsmon-pkt and
 * hsmon-load: main()'s choice of command, --help and the usage text,
 * cli_usage_text, which each program defines; options and arguments,
 * failing with a usage error (see msg.h); IPv4 and IPv6 addresses; the
 * monotonic clock.
 */
#ifndef _HSU_CLI_H
#define _HSU_CLI_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

#include "msg.h"

#define NSEC_PER_SEC	1000000000LL

/* The program's --help text. */
extern const char cli_usage_text[];

/* An IPv4 or IPv6 address; b[] is the address in network byte order. */
struct addr {
	int family;
	union {
		struct in_addr v4;
		struct in6_addr v6;
		uint8_t b[16];
	};
};

/* A command, the first argument, and its function (argv[0] is its name). */
struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
};

/*
 * The program's main(): handle -h/--help or run the command of @n in @cmds
 * that argv[1] names, returning what it returns.
 */
int cli_main(int argc, char **argv, const struct cli_command *cmds, size_t n);

/* Print cli_usage_text on @f and exit with @status. */
void __noreturn usage(FILE *f, int status);

/*
 * getopt_long() wrapper: handles -h/--help and reports bad options.
 * @optstr starts with "+:" (options before the arguments only, and ':'
 * for a missing option argument) and includes "h".
 */
int next_opt(int argc, char **argv, const char *optstr);
/* Fail unless @want arguments follow the options of command @cmd. */
void need_args(int argc, int want, const char *cmd);
/* Parse a decimal number in @min..@max; @what names it in the message. */
unsigned long long parse_num(const char *s, unsigned long long min,
			     unsigned long long max, const char *what);
/* Parse a port number, 1..65535. */
uint16_t parse_port(const char *s, const char *what);
/* Parse an IPv4 or IPv6 address into @a. */
void parse_addr(const char *s, struct addr *a, const char *what);

/* Format @a into @buf, INET6_ADDRSTRLEN bytes, and return @buf. */
const char *addr_str(const struct addr *a, char *buf);
/* Fill @ss with @a port @port and return its length. */
socklen_t addr_to_sockaddr(const struct addr *a, uint16_t port,
			   struct sockaddr_storage *ss);

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t now_ns(void);

#endif /* _HSU_CLI_H */
