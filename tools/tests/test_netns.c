// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of netns.c, the namespaces of hsmonstat --all-netns:
 * "make -C tools test".  The pure functions (the list keyed by inode,
 * its order and labels, the container in a cgroup file), then
 * hsu_netns_scan() on a made-up /proc and /var/run/netns in a temporary
 * directory, where hard links stand for two paths to one namespace.
 *
 * One line per test, "ok" or "FAIL" and why; the last line is
 * "N passed, N failed"; the exit status is 1 if any test failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netns.h"
#include "testlib.h"

#define HEX64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define UID "1a2b3c4d-0000-4111-8222-123456789abc"
#define UID_ "1a2b3c4d_0000_4111_8222_123456789abc"

/* One inode seen as a name and by three processes: one entry. */
static bool test_dedup_by_inode(void)
{
	struct hsu_netns_list l = { 0 };

	CHECK(!hsu_netns_add(&l, 4, 100, NULL, 300));
	CHECK(!hsu_netns_add(&l, 4, 200, NULL, 5));
	CHECK(!hsu_netns_add(&l, 4, 100, "web", 0));
	CHECK(!hsu_netns_add(&l, 4, 100, NULL, 12));
	CHECK(!hsu_netns_add(&l, 4, 100, "api", 0));	/* a second name */
	CHECK(!hsu_netns_add(&l, 9, 100, NULL, 7));	/* same inode, other device */
	CHECK(l.n == 3);
	CHECK(l.ns[0].ino == 100 && l.ns[0].pid == 12 && !strcmp(l.ns[0].name, "api"));
	CHECK(l.ns[1].ino == 200 && l.ns[1].pid == 5 && !l.ns[1].name[0]);
	CHECK(l.ns[2].dev == 9 && l.ns[2].pid == 7);
	hsu_netns_free(&l);
	CHECK(!l.n && !l.ns);
	return true;
}

/* Many entries: the array grows and every inode stays once. */
static bool test_many(void)
{
	struct hsu_netns_list l = { 0 };
	int i;

	for (i = 0; i < 1000; i++)
		CHECK(!hsu_netns_add(&l, 1, 5000 + i % 300, NULL, 1000 - i));
	CHECK(l.n == 300);
	/* inode 5000 + j seen with pids 1000 - i, i = j, j + 300, ... < 1000 */
	for (i = 0; i < 300; i++)
		CHECK(l.ns[i].ino == (uint64_t)5000 + i && l.ns[i].pid == (i < 100 ? 100 : 400) - i);
	hsu_netns_free(&l);
	return true;
}

static bool test_sort_and_label(void)
{
	struct hsu_netns_list l = { 0 };
	char buf[HSU_LABEL_LEN];

	CHECK(!hsu_netns_add(&l, 1, 40, NULL, 0));	/* can't happen; last */
	CHECK(!hsu_netns_add(&l, 1, 30, NULL, 900));
	CHECK(!hsu_netns_add(&l, 1, 20, "zeta", 0));
	CHECK(!hsu_netns_add(&l, 1, 10, NULL, 1));
	CHECK(!hsu_netns_add(&l, 1, 50, "alpha", 77));
	hsu_netns_sort(&l);
	CHECK(!strcmp(hsu_netns_label(&l.ns[0], buf), "alpha"));
	CHECK(!strcmp(hsu_netns_label(&l.ns[1], buf), "zeta"));
	CHECK(!strcmp(hsu_netns_label(&l.ns[2], buf), "inode:10"));
	CHECK(!strcmp(hsu_netns_label(&l.ns[3], buf), "inode:30"));
	CHECK(!strcmp(hsu_netns_label(&l.ns[4], buf), "inode:40"));
	hsu_netns_free(&l);
	return true;
}

static bool test_parse_pid(void)
{
	CHECK(hsu_parse_pid("1") == 1);
	CHECK(hsu_parse_pid("4194304") == 4194304);
	CHECK(!hsu_parse_pid("4194305"));
	CHECK(!hsu_parse_pid("99999999999999999999"));
	CHECK(!hsu_parse_pid("0"));
	CHECK(!hsu_parse_pid("012"));
	CHECK(!hsu_parse_pid("-1"));
	CHECK(!hsu_parse_pid("+1"));
	CHECK(!hsu_parse_pid("12a"));
	CHECK(!hsu_parse_pid("self"));
	CHECK(!hsu_parse_pid(""));
	return true;
}

/* container of text, or "" */
static const char *ctr(const char *text)
{
	static char out[HSU_CONTAINER_LEN];

	hsu_cgroup_container(text, strlen(text), out, sizeof(out));
	return out;
}

static bool test_cgroup_container(void)
{
	/* cgroup v2, systemd driver */
	CHECK(!strcmp(ctr("0::/system.slice/docker-" HEX64 ".scope\n"),
		      "docker:0123456789ab"));
	CHECK(!strcmp(ctr("0::/system.slice/cri-containerd-" HEX64 ".scope\n"),
		      "containerd:0123456789ab"));
	CHECK(!strcmp(ctr("0::/machine.slice/libpod-" HEX64 ".scope/container\n"),
		      "podman:0123456789ab"));
	CHECK(!strcmp(ctr("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
			  UID_ ".slice/crio-" HEX64 ".scope\n"), "pod:" UID));
	CHECK(!strcmp(ctr("0::/kubepods.slice/kubepods-pod" UID_ ".slice/cri-containerd-"
			  HEX64 ".scope"), "pod:" UID));
	/* cgroup v1, cgroupfs driver: every line looked at */
	CHECK(!strcmp(ctr("12:pids:/docker/" HEX64 "\n11:cpu,cpuacct:/docker/" HEX64 "\n"),
		      "docker:0123456789ab"));
	CHECK(!strcmp(ctr("5:memory:/user.slice\n4:cpu:/kubepods/besteffort/pod" UID "/"
			  HEX64 "\n"), "pod:" UID));
	/* none */
	CHECK(!strcmp(ctr("0::/init.scope\n"), ""));
	CHECK(!strcmp(ctr("0::/user.slice/user-1000.slice/session-2.scope\n"), ""));
	CHECK(!strcmp(ctr("0::/system.slice/docker.service\n"), ""));
	CHECK(!strcmp(ctr("0::/system.slice/docker-0123.scope\n"), ""));	/* short */
	CHECK(!strcmp(ctr("0::/system.slice/docker-" HEX64 "X.scope\n"), ""));
	CHECK(!strcmp(ctr("0::/system.slice/docker-" HEX64 ".scopes\n"), ""));
	CHECK(!strcmp(ctr("0::/foo/pod" UID "\n"), ""));	/* no kubepods */
	CHECK(!strcmp(ctr("0::/kubepods/pod1234\n"), ""));
	CHECK(!strcmp(ctr(""), ""));
	CHECK(!strcmp(ctr("garbage"), ""));
	CHECK(!strcmp(ctr("0:"), ""));
	CHECK(!hsu_cgroup_container("0::/x", 5, (char[4]){ 0 }, 4));
	return true;
}

static char root[] = "/tmp/test_netns.XXXXXX";

static void put(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void dir(const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	mkdir(path, 0755);
}

static void link_to(const char *from, const char *to)
{
	char a[512], b[512];

	snprintf(a, sizeof(a), "%s/%s", root, from);
	snprintf(b, sizeof(b), "%s/%s", root, to);
	if (link(a, b))
		perror(b);
}

static uint64_t ino_of(const char *rel)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return stat(path, &st) ? 0 : st.st_ino;
}

/*
 * proc/1 and proc/30 in one namespace, proc/20 in "blue" (a hard link),
 * proc/40 in a docker container, "green" with no process, proc/self and
 * proc/50 (a dangling symlink: exited) to be left out.
 */
static bool test_scan(void)
{
	char proc[512], netns[512], err[256];
	struct hsu_netns_list l;
	int denied;

	CHECK(mkdtemp(root));
	dir("proc");
	dir("netns");
	dir("proc/1");
	dir("proc/1/ns");
	put("proc/1/ns/net", "");
	put("proc/1/cgroup", "0::/init.scope\n");
	dir("proc/20");
	dir("proc/20/ns");
	put("netns/blue", "");
	link_to("netns/blue", "proc/20/ns/net");
	dir("proc/30");
	dir("proc/30/ns");
	link_to("proc/1/ns/net", "proc/30/ns/net");
	dir("proc/40");
	dir("proc/40/ns");
	put("proc/40/ns/net", "");
	put("proc/40/cgroup", "0::/system.slice/docker-" HEX64 ".scope\n");
	put("netns/green", "");
	put("netns/.hidden", "");
	dir("proc/self");
	dir("proc/50");
	dir("proc/50/ns");
	snprintf(proc, sizeof(proc), "%s/nowhere", root);
	snprintf(netns, sizeof(netns), "%s/proc/50/ns/net", root);
	CHECK(!symlink(proc, netns));

	snprintf(proc, sizeof(proc), "%s/proc", root);
	snprintf(netns, sizeof(netns), "%s/netns", root);
	CHECK(!hsu_netns_scan(proc, netns, &l, &denied, err, sizeof(err)));
	CHECK(denied == 0);
	CHECK(l.n == 4);
	CHECK(!strcmp(l.ns[0].name, "blue") && l.ns[0].pid == 20 && !l.ns[0].container[0]);
	CHECK(l.ns[0].ino == ino_of("netns/blue"));
	CHECK(!strcmp(l.ns[1].name, "green") && !l.ns[1].pid);
	CHECK(!l.ns[2].name[0] && l.ns[2].pid == 1 && !l.ns[2].container[0]);
	CHECK(l.ns[2].ino == ino_of("proc/1/ns/net"));
	CHECK(l.ns[3].pid == 40 && !strcmp(l.ns[3].container, "docker:0123456789ab"));
	hsu_netns_free(&l);

	/* no netns directory: the processes' namespaces still */
	snprintf(netns, sizeof(netns), "%s/none", root);
	CHECK(!hsu_netns_scan(proc, netns, &l, &denied, err, sizeof(err)));
	CHECK(l.n == 3 && l.ns[0].pid == 1);
	hsu_netns_free(&l);

	/* no proc: an error */
	CHECK(hsu_netns_scan(netns, netns, &l, &denied, err, sizeof(err)) == -ENOENT);
	CHECK(strstr(err, "none") && !l.n);
	return true;
}

int main(void)
{
	char cmd[600];

	RUN(test_dedup_by_inode);
	RUN(test_many);
	RUN(test_sort_and_label);
	RUN(test_parse_pid);
	RUN(test_cgroup_container);
	RUN(test_scan);
	if (strcmp(root + strlen(root) - 6, "XXXXXX")) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
		if (system(cmd))
			fprintf(stderr, "could not remove %s\n", root);
	}
	return summary();
}
