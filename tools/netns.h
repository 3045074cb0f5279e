/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The network namespaces of a host, for hsmonstat --all-netns: those
 * "ip netns" names (a file under /var/run/netns each) and those only
 * processes hold (/proc/PID/ns/net), each once, known by its nsfs inode.
 * A namespace is labelled with its ip netns name if it has one, else
 * "inode:INO"; the lowest pid in it and the container or pod its cgroup
 * path names (docker, containerd, CRI-O, podman, Kubernetes) go with it.
 *
 * hsu_netns_add(), hsu_netns_sort() and hsu_cgroup_container() do no I/O
 * (tools/tests/test_netns.c tests them); hsu_netns_scan() reads the
 * directories, whose roots are arguments so that a test can give it a
 * made-up /proc and /var/run/netns.
 */
#ifndef _HSU_NETNS_H
#define _HSU_NETNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HSU_NETNS_NAME_MAX	255	/* a file name under /var/run/netns */
#define HSU_CONTAINER_LEN	64	/* "pod:" and a uid, or "docker:" and 12 hex */
#define HSU_LABEL_LEN		(HSU_NETNS_NAME_MAX + 1)

struct hsu_netns {
	uint64_t dev;		/* st_dev and st_ino of the nsfs file: the key */
	uint64_t ino;
	char name[HSU_NETNS_NAME_MAX + 1];	/* ip netns name; "" if none */
	int pid;		/* the lowest pid in it; 0 if none seen */
	char container[HSU_CONTAINER_LEN];	/* "" if none */
};

struct hsu_netns_list {
	int n;
	int cap;
	struct hsu_netns *ns;	/* malloc()ed: hsu_netns_free() */
};

/*
 * Add what was seen of the namespace dev:ino: an ip netns name (name not
 * NULL) or a process in it (pid > 0).  A namespace already in the list
 * keeps the first name in strcmp() order and the lowest pid.  Returns 0,
 * or -ENOMEM.
 */
int hsu_netns_add(struct hsu_netns_list *l, uint64_t dev, uint64_t ino, const char *name,
		  int pid);

/* Named namespaces first, by name; then by lowest pid; then by inode. */
void hsu_netns_sort(struct hsu_netns_list *l);

void hsu_netns_free(struct hsu_netns_list *l);

/* The label: the name, or "inode:INO".  buf of HSU_LABEL_LEN bytes. */
const char *hsu_netns_label(const struct hsu_netns *ns, char *buf);

/*
 * The container or pod that the cgroup paths of a /proc/PID/cgroup file
 * (text, len bytes) name, into out (outlen bytes): "pod:UID" for a
 * Kubernetes pod (kubepods...pod<uid>, "_" in a systemd slice name read
 * as "-"), which owns the namespace its containers share; else
 * "docker:ID", "containerd:ID", "crio:ID" or "podman:ID" from a
 * systemd scope (docker-<id>.scope, cri-containerd-<id>.scope,
 * crio-<id>.scope, libpod-<id>.scope) or a cgroupfs path (/docker/<id>),
 * ID being the first 12 of the 64 hex digits, as docker ps shows them.
 * Returns true if one was found; else out is "".
 */
bool hsu_cgroup_container(const char *text, size_t len, char *out, size_t outlen);

/*
 * "123" as 123; 0 for anything that is not a decimal pid (no sign, no
 * leading zero, at most 4194304: PID_MAX_LIMIT).
 */
int hsu_parse_pid(const char *s);

/*
 * Every namespace named under netns_dir (missing: none) and every one a
 * process under proc holds (PROC/PID/ns/net), each once, sorted, and for
 * each with a pid the container of PROC/PID/cgroup.  A file that
 * vanishes while the directories are read is left out.  *denied counts
 * the processes whose namespace could not be looked at (EACCES, EPERM:
 * not root).  Returns 0, or a negative errno with a message in err
 * (proc unreadable, out of memory).
 */
int hsu_netns_scan(const char *proc, const char *netns_dir, struct hsu_netns_list *l,
		   int *denied, char *err, size_t errlen);

#endif /* _HSU_NETNS_H */
