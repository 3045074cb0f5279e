// SPDX-License-Identifier: GPL-2.0
/*
 * The network namespaces of a host, for hsmonstat --all-netns; see
 * netns.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netns.h"

#define PID_MAX		4194304		/* PID_MAX_LIMIT on 64-bit */
#define CGROUP_MAX	65536		/* of /proc/PID/cgroup read */
#define HEX_ID_LEN	64		/* a container id */
#define SHORT_ID_LEN	12		/* as docker ps shows it */
#define POD_UID_LEN	36		/* 8-4-4-4-12 */

int hsu_netns_add(struct hsu_netns_list *l, uint64_t dev, uint64_t ino, const char *name,
		  int pid)
{
	struct hsu_netns *ns = NULL;
	int i;

	/* backwards: the processes of one namespace often come in a row */
	for (i = l->n - 1; i >= 0; i--) {
		if (l->ns[i].dev == dev && l->ns[i].ino == ino) {
			ns = &l->ns[i];
			break;
		}
	}
	if (!ns) {
		if (l->n == l->cap) {
			int cap = l->cap ? l->cap * 2 : 16;
			struct hsu_netns *p = realloc(l->ns, cap * sizeof(*p));

			if (!p)
				return -ENOMEM;
			l->ns = p;
			l->cap = cap;
		}
		ns = &l->ns[l->n++];
		memset(ns, 0, sizeof(*ns));
		ns->dev = dev;
		ns->ino = ino;
	}
	if (name && (!ns->name[0] || strcmp(name, ns->name) < 0))
		snprintf(ns->name, sizeof(ns->name), "%s", name);
	if (pid > 0 && (!ns->pid || pid < ns->pid))
		ns->pid = pid;
	return 0;
}

static int cmp_netns(const void *pa, const void *pb)
{
	const struct hsu_netns *a = pa, *b = pb;

	if (!a->name[0] != !b->name[0])
		return a->name[0] ? -1 : 1;
	if (a->name[0])
		return strcmp(a->name, b->name);
	if (!a->pid != !b->pid)
		return a->pid ? -1 : 1;
	if (a->pid != b->pid)
		return a->pid < b->pid ? -1 : 1;
	return a->ino < b->ino ? -1 : a->ino > b->ino;
}

void hsu_netns_sort(struct hsu_netns_list *l)
{
	if (l->n)
		qsort(l->ns, l->n, sizeof(*l->ns), cmp_netns);
}

void hsu_netns_free(struct hsu_netns_list *l)
{
	free(l->ns);
	memset(l, 0, sizeof(*l));
}

const char *hsu_netns_label(const struct hsu_netns *ns, char *buf)
{
	if (ns->name[0])
		snprintf(buf, HSU_LABEL_LEN, "%s", ns->name);
	else
		snprintf(buf, HSU_LABEL_LEN, "inode:%" PRIu64, ns->ino);
	return buf;
}

int hsu_parse_pid(const char *s)
{
	long v = 0;

	if (*s < '1' || *s > '9')
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
		if (v > PID_MAX)
			return 0;
	}
	return (int)v;
}

static bool all_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* A pod uid, 36 characters of hex and '-' (or '_', a systemd slice's). */
static bool pod_uid(const char *s, size_t n)
{
	size_t i;

	if (n != POD_UID_LEN)
		return false;
	for (i = 0; i < n; i++)
		if (!all_hex(&s[i], 1) && s[i] != '-' && s[i] != '_')
			return false;
	return true;
}

/*
 * One component c[0..n) of a cgroup path, after the component prev (""
 * if none); kube: the path has a kubepods... component up to this one.  A
 * pod's into pod, a container's into ctr ("kind:short id"), outlen bytes
 * each; the first of each found is kept.
 */
static void component(const char *c, size_t n, const char *prev, size_t prevn, bool kube,
		      char *pod, char *ctr, size_t outlen)
{
	static const struct {
		const char *prefix;	/* of a systemd scope: PREFIX<id>.scope */
		const char *kind;
	} scopes[] = {
		{ "docker-", "docker" },
		{ "cri-containerd-", "containerd" },
		{ "crio-", "crio" },
		{ "libpod-", "podman" },
	};
	const char *p;
	size_t i, k;

	/* kubepods-burstable-pod<uid>.slice, or /kubepods/burstable/pod<uid> */
	if (!*pod && kube) {
		size_t end = n;

		if (n > 6 && !memcmp(c + n - 6, ".slice", 6))
			end = n - 6;
		p = end >= POD_UID_LEN + 3 ? c + end - POD_UID_LEN - 3 : NULL;
		if (p && (p == c || p[-1] == '-') && !memcmp(p, "pod", 3) &&
		    pod_uid(p + 3, POD_UID_LEN)) {
			snprintf(pod, outlen, "pod:%.*s", POD_UID_LEN, p + 3);
			for (k = 4; pod[k]; k++)
				if (pod[k] == '_')
					pod[k] = '-';
		}
	}
	if (*ctr)
		return;
	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
		size_t l = strlen(scopes[i].prefix);

		if (n == l + HEX_ID_LEN + 6 && !memcmp(c, scopes[i].prefix, l) &&
		    all_hex(c + l, HEX_ID_LEN) && !memcmp(c + n - 6, ".scope", 6)) {
			snprintf(ctr, outlen, "%s:%.*s", scopes[i].kind, SHORT_ID_LEN, c + l);
			return;
		}
	}
	/* cgroupfs driver: /docker/<id> */
	if (prevn == 6 && !memcmp(prev, "docker", 6) && n == HEX_ID_LEN && all_hex(c, n))
		snprintf(ctr, outlen, "docker:%.*s", SHORT_ID_LEN, c);
}

bool hsu_cgroup_container(const char *text, size_t len, char *out, size_t outlen)
{
	char pod[HSU_CONTAINER_LEN] = "", ctr[HSU_CONTAINER_LEN] = "";
	const char *line = text, *end = text + len;

	while (line < end) {
		const char *eol = memchr(line, '\n', end - line);
		const char *path, *c, *prev = "";
		size_t prevn = 0;
		bool kube = false;

		if (!eol)
			eol = end;
		/* "ID:CONTROLLERS:PATH" */
		path = memchr(line, ':', eol - line);
		path = path ? memchr(path + 1, ':', eol - path - 1) : NULL;
		for (c = path ? path + 1 : eol; c < eol;) {
			const char *slash = memchr(c, '/', eol - c);
			size_t n = (slash ? slash : eol) - c;

			if (n) {
				kube = kube || (n >= 8 && !memcmp(c, "kubepods", 8));
				component(c, n, prev, prevn, kube, pod, ctr, sizeof(pod));
				prev = c;
				prevn = n;
			}
			c += n + 1;
		}
		line = eol + 1;
	}
	snprintf(out, outlen, "%s", *pod ? pod : ctr);
	return *out;
}

/* Read at most CGROUP_MAX bytes of path into a malloc()ed buffer; NULL if none. */
static char *read_small(const char *path, size_t *len)
{
	char *buf = malloc(CGROUP_MAX);
	ssize_t n;
	int fd;

	if (!buf)
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		free(buf);
		return NULL;
	}
	*len = 0;
	while (*len < CGROUP_MAX) {
		n = read(fd, buf + *len, CGROUP_MAX - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		*len += n;
	}
	close(fd);
	return buf;
}

static int scan_named(const char *dir, struct hsu_netns_list *l)
{
	char path[4096];
	struct dirent *de;
	struct stat st;
	DIR *d;
	int ret = 0;

	d = opendir(dir);
	if (!d)
		return 0;	/* no /var/run/netns: no names */
	while (!ret && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= (int)sizeof(path))
			continue;
		if (stat(path, &st))
			continue;	/* deleted meanwhile */
		ret = hsu_netns_add(l, st.st_dev, st.st_ino, de->d_name, 0);
	}
	closedir(d);
	return ret;
}

int hsu_netns_scan(const char *proc, const char *netns_dir, struct hsu_netns_list *l,
		   int *denied, char *err, size_t errlen)
{
	char path[4096];
	struct dirent *de;
	struct stat st;
	int i, pid, ret;
	DIR *d;

	memset(l, 0, sizeof(*l));
	*denied = 0;
	ret = scan_named(netns_dir, l);
	if (ret)
		goto nomem;
	d = opendir(proc);
	if (!d) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", proc, strerror(-ret));
		hsu_netns_free(l);
		return ret;
	}
	while ((de = readdir(d))) {
		pid = hsu_parse_pid(de->d_name);
		if (!pid)
			continue;
		snprintf(path, sizeof(path), "%s/%d/ns/net", proc, pid);
		if (stat(path, &st)) {
			if (errno == EACCES || errno == EPERM)
				(*denied)++;
			continue;	/* exited meanwhile, or a kernel thread */
		}
		ret = hsu_netns_add(l, st.st_dev, st.st_ino, NULL, pid);
		if (ret) {
			closedir(d);
			goto nomem;
		}
	}
	closedir(d);
	hsu_netns_sort(l);
	for (i = 0; i < l->n; i++) {
		size_t len;
		char *text;

		if (!l->ns[i].pid)
			continue;
		snprintf(path, sizeof(path), "%s/%d/cgroup", proc, l->ns[i].pid);
		text = read_small(path, &len);
		if (text)
			hsu_cgroup_container(text, len, l->ns[i].container,
					     sizeof(l->ns[i].container));
		free(text);
	}
	return 0;
nomem:
	snprintf(err, errlen, "%s", strerror(ENOMEM));
	hsu_netns_free(l);
	return -ENOMEM;
}
