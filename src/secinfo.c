#include "secinfo.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "procfs.h"
#include "util.h"

int secinfo_cap_last_cap(const struct sysroot *root)
{
	struct buf b = { 0 };
	int64_t v = -1;
	if (read_file_at(root->proc_fd, "sys/kernel/cap_last_cap", &b) == 0) {
		size_t len = b.len;
		while (len && (b.data[len - 1] == '\n' || b.data[len - 1] == ' '))
			len--;
		if (!parse_i64(b.data, len, &v) || v < 0 || v > 63)
			v = -1;
	}
	buf_free(&b);
	if (v < 0)
		v = (int64_t)cap_max_bits() - 1;
	return (int)v;
}

size_t parse_id_map(const char *buf, size_t len, struct id_range **out)
{
	size_t n = 0;
	*out = NULL;
	for (const char *p = buf, *end = buf + len; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		uint64_t f[3];
		int nf = 0;
		for (const char *q = p; q < eol && nf < 4;) {
			while (q < eol && (*q == ' ' || *q == '\t'))
				q++;
			const char *tok = q;
			while (q < eol && *q != ' ' && *q != '\t')
				q++;
			if (q == tok)
				break;
			if (nf == 3 || !parse_u64(tok, (size_t)(q - tok), &f[nf]) || f[nf] > UINT32_MAX) {
				nf = -1;
				break;
			}
			nf++;
		}
		if (nf == 3) {
			*out = xrealloc(*out, (n + 1) * sizeof(**out));
			(*out)[n++] = (struct id_range){ (uint32_t)f[0], (uint32_t)f[1], (uint32_t)f[2] };
		}
		p = eol + 1;
	}
	return n;
}

char *idmap_text(const struct id_range *r, size_t n)
{
	struct buf b = { 0 };
	buf_append(&b, "", 0);
	for (size_t i = 0; i < n; i++) {
		char *s = xasprintf("%s%u %u %u", i ? ", " : "", r[i].inside, r[i].outside, r[i].count);
		buf_append(&b, s, strlen(s));
		free(s);
	}
	return b.data;
}

const char *idmap_verdict(const struct id_range *r, size_t n, bool host_userns,
			  char *detail, size_t dsz)
{
	if (dsz)
		detail[0] = '\0';
	if (host_userns)
		return "no user namespace";
	if (n == 0) {
		snprintf(detail, dsz, "no id is mapped yet: every id shows as the overflow id");
		return "user namespace without a map";
	}
	const struct id_range *root = NULL;
	for (size_t i = 0; i < n; i++)
		if (r[i].inside == 0 && r[i].count > 0)
			root = &r[i];
	if (!root) {
		snprintf(detail, dsz, "root inside is not mapped");
		return "user namespace, root unmapped";
	}
	if (root->outside == 0) {
		snprintf(detail, dsz, "root inside is root on the host (id 0)");
		return "user namespace, root is host root";
	}
	if (root->count == 1) {
		snprintf(detail, dsz, "root inside is the unprivileged id %u on the host", root->outside);
		return "rootless";
	}
	snprintf(detail, dsz, "ids %u-%u inside are %u-%u on the host (like dockerd --userns-remap)",
		 root->inside, root->inside + root->count - 1, root->outside,
		 root->outside + root->count - 1);
	return "remapped";
}

static bool denied(int err)
{
	return err == EACCES || err == EPERM;
}

/* Reads one text attribute of the LSM; false when no LSM serves it. */
static bool read_lsm_attr(int pfd, const char *path, struct buf *b, int *err)
{
	*err = -read_file_at(pfd, path, b);
	if (*err)
		return false;
	size_t len = b->len;
	while (len && (b->data[len - 1] == '\n' || b->data[len - 1] == '\0'))
		len--;
	b->data[len] = '\0';
	b->len = len;
	return len > 0;
}

static void load_lsm(struct secinfo *si, int pfd, struct buf *b)
{
	int err;
	/* attr/apparmor/current is right when several LSMs stack; the old
	 * attr/current answers for the first one.  No LSM: EINVAL/ENOENT. */
	if (read_lsm_attr(pfd, "attr/apparmor/current", b, &err) ||
	    read_lsm_attr(pfd, "attr/current", b, &err)) {
		si->lsm_label = xstrndup(b->data, b->len);
		si->have |= SI_LSM;
	} else if (denied(err)) {
		si->denied |= SI_LSM;
	} else {
		si->have |= SI_LSM; /* none */
	}
}

static void load_idmaps(struct secinfo *si, int pfd, struct buf *b)
{
	int err = read_file_at(pfd, "uid_map", b);
	if (err) {
		if (denied(-err))
			si->denied |= SI_IDMAPS;
		return;
	}
	si->nuid_map = parse_id_map(b->data, b->len, &si->uid_map);
	err = read_file_at(pfd, "gid_map", b);
	if (err) {
		if (denied(-err))
			si->denied |= SI_IDMAPS;
		return;
	}
	si->ngid_map = parse_id_map(b->data, b->len, &si->gid_map);
	si->have |= SI_IDMAPS;
}

static void load_root(struct secinfo *si, int pfd, bool root_live)
{
	char path[4096];
	ssize_t n = readlinkat(pfd, "root", path, sizeof(path) - 1);
	if (n < 0) {
		if (denied(errno))
			si->denied |= SI_ROOT;
		return;
	}
	path[n] = '\0';
	si->root_path = xstrdup(path);
	si->have |= SI_ROOT;
	/* The directory may be on a file system the process serves itself
	 * (FUSE) that never answers: a stat that may not sync asks it
	 * nothing.  A captured tree's link points into another host. */
	struct statx stx;
	if (root_live && statx(pfd, "root", AT_STATX_DONT_SYNC, STATX_INO, &stx) == 0) {
		si->root_dev = makedev(stx.stx_dev_major, stx.stx_dev_minor);
		si->root_ino = stx.stx_ino;
		si->root_stat_known = true;
	}
}

static void load_oom(struct secinfo *si, int pfd, struct buf *b)
{
	int err = read_file_at(pfd, "oom_score_adj", b);
	if (err) {
		if (denied(-err))
			si->denied |= SI_OOM;
		return;
	}
	size_t len = b->len;
	while (len && b->data[len - 1] == '\n')
		len--;
	int64_t v;
	if (parse_i64(b->data, len, &v) && v >= -1000 && v <= 1000) {
		si->oom_score_adj = (int)v;
		si->have |= SI_OOM;
	}
}

/* File systems whose files the kernel serves by itself.  Any other (FUSE,
 * overlay that may stack on it, network file systems) may be served by a
 * process, which can stop answering: an open or getxattr there then waits
 * for ever, even through SIGKILL. */
static bool fs_answers_by_itself(const char *fstype)
{
	static const char *const local[] = { "ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "ramfs",
					     "squashfs", "erofs", "vfat", "f2fs", "zfs", "devtmpfs",
					     "jfs", "reiserfs", "nilfs2", "bcachefs" };
	for (size_t i = 0; i < ARRAY_SIZE(local); i++)
		if (!strcmp(fstype, local[i]))
			return true;
	return false;
}

/* True when the executable's file system (looked up in the process's own
 * mountinfo by the mount id of a stat that asks no file system) is one of
 * those. */
static bool exe_fs_answers(int pfd)
{
	/* the magic link is followed to the file, which is not asked */
	struct statx stx;
	if (statx(pfd, "exe", AT_STATX_DONT_SYNC, STATX_MNT_ID, &stx) != 0)
		return false;
	/* on a block device (ext4, xfs...): no process serves it.  FUSE,
	 * overlay, network and memory file systems have device major 0 */
	if (stx.stx_dev_major != 0)
		return true;
	if (!(stx.stx_mask & STATX_MNT_ID))
		return false;
	struct buf b = { 0 };
	bool answers = false;
	if (read_file_at(pfd, "mountinfo", &b) == 0) {
		for (const char *p = b.data, *end = b.data + b.len; p < end;) {
			const char *eol = memchr(p, '\n', (size_t)(end - p));
			if (!eol)
				eol = end;
			struct mount_entry me;
			if (strtoull(p, NULL, 10) == stx.stx_mnt_id &&
			    parse_mountinfo_line(p, (size_t)(eol - p), &me)) {
				answers = fs_answers_by_itself(me.fstype);
				mount_entry_free(&me);
				break;
			}
			p = eol + 1;
		}
	}
	buf_free(&b);
	return answers;
}

/* The file caps of the executable, read in a child process given 1 s:
 * a file system that does not answer keeps only that child, which is
 * left behind.  Returns false then (or when the child failed). */
#define FILECAPS_WAIT_MS 1000
static bool filecaps_in_child(struct secinfo *si, int pfd, int *err)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return false;
	pid_t c = fork();
	if (c < 0) {
		close(p[0]);
		close(p[1]);
		return false;
	}
	if (c == 0) {
		/* the answer: errno of the open (0), the namespaced root id
		 * (-1 when none), then cap_to_text() */
		close(p[0]);
		int e = 0;
		uint32_t rootid = (uint32_t)-1;
		char *text = NULL;
		int fd = openat(pfd, "exe", O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		if (fd < 0)
			e = errno;
		cap_t caps = fd >= 0 ? cap_get_fd(fd) : NULL;
		if (caps) {
			text = cap_to_text(caps, NULL);
			uid_t r = cap_get_nsowner(caps);
			if (r != (uid_t)-1 && r != 0)
				rootid = (uint32_t)r;
		}
		char out[4096 + 16];
		int n = snprintf(out, sizeof(out), "%d %u %s", e, rootid, text ? text : "");
		ssize_t w = write(p[1], out, (size_t)(n < (int)sizeof(out) ? n : (int)sizeof(out) - 1));
		_exit(w < 0);
	}
	close(p[1]);
	char in[4096 + 16];
	size_t got = 0;
	bool done = false;
	struct pollfd pf = { p[0], POLLIN, 0 };
	while (!done && poll(&pf, 1, FILECAPS_WAIT_MS) > 0) {
		ssize_t n = read(p[0], in + got, sizeof(in) - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || (got += (size_t)n) == sizeof(in) - 1)
			done = true;
	}
	close(p[0]);
	if (!done) {
		kill(c, SIGKILL); /* not waited for: it may wait on the file system */
		return false;
	}
	waitpid(c, NULL, 0);
	in[got] = '\0';
	int e;
	unsigned rootid;
	int off = 0;
	if (sscanf(in, "%d %u %n", &e, &rootid, &off) < 2)
		return false;
	*err = e;
	if (!e && in[off]) {
		si->file_caps = xstrdup(in + off);
		if (rootid != (unsigned)-1) {
			si->file_caps_rootid = rootid;
			si->file_caps_rootid_known = true;
		}
	}
	return true;
}

static void load_filecaps(struct secinfo *si, int pfd, const struct sysroot *root)
{
	char path[4096];
	ssize_t n = readlinkat(pfd, "exe", path, sizeof(path) - 1);
	if (n < 0) {
		if (denied(errno))
			si->denied |= SI_FILECAPS;
		else
			si->have |= SI_FILECAPS; /* kernel thread: no executable */
		return;
	}
	path[n] = '\0';
	si->exe = xstrdup(path);
	/* The exe link of a captured tree points into a host that is not
	 * ours: its file would be the wrong one. */
	if (!root->live)
		return;
	/* A file system that may not answer is asked by a child process. */
	if (!exe_fs_answers(pfd)) {
		int e = 0;
		if (!filecaps_in_child(si, pfd, &e))
			si->file_caps_stalled = true;
		else if (denied(e))
			si->denied |= SI_FILECAPS;
		else if (!e)
			si->have |= SI_FILECAPS;
		return;
	}
	/* Through the magic link, so a deleted or overlay-hidden executable
	 * still answers, and the path is never resolved in our mount ns. */
	int fd = openat(pfd, "exe", O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (denied(errno))
			si->denied |= SI_FILECAPS;
		return;
	}
	si->have |= SI_FILECAPS;
	cap_t caps = cap_get_fd(fd);
	if (caps) {
		char *text = cap_to_text(caps, NULL);
		if (text) {
			si->file_caps = xstrdup(text);
			cap_free(text);
		}
		uid_t rootid = cap_get_nsowner(caps);
		if (rootid != (uid_t)-1 && rootid != 0) { /* 0: plain v2 caps */
			si->file_caps_rootid = (uint32_t)rootid;
			si->file_caps_rootid_known = true;
		}
		cap_free(caps);
	}
	close(fd);
}

/* dir: the process's directory relative to /proc. */
static int load_dir(const struct sysroot *root, const char *dir, unsigned want, struct secinfo *si)
{
	memset(si, 0, sizeof(*si));
	int pfd = fs_openat(root->proc_fd, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pfd < 0)
		return -ESRCH;
	struct buf b = { 0 };
	if (want & SI_LSM)
		load_lsm(si, pfd, &b);
	if (want & SI_IDMAPS)
		load_idmaps(si, pfd, &b);
	if (want & SI_ROOT)
		load_root(si, pfd, root->live);
	if (want & SI_OOM)
		load_oom(si, pfd, &b);
	if (want & SI_FILECAPS)
		load_filecaps(si, pfd, root);
	buf_free(&b);
	/* Still there?  A vanished process leaves every read failing. */
	struct stat st;
	int gone = fstatat(pfd, "status", &st, 0) < 0 && errno == ENOENT;
	close(pfd);
	return gone ? -ESRCH : 0;
}

int secinfo_load(const struct sysroot *root, pid_t pid, unsigned want, struct secinfo *si)
{
	char dir[16];
	snprintf(dir, sizeof(dir), "%d", (int)pid);
	return load_dir(root, dir, want, si);
}

int secinfo_load_process(const struct sysroot *root, const struct process *p, unsigned want,
			 struct secinfo *si)
{
	char dir[40];
	model_proc_path(p, "", dir, sizeof(dir));
	return load_dir(root, dir, want, si);
}

void secinfo_free(struct secinfo *si)
{
	free(si->lsm_label);
	free(si->uid_map);
	free(si->gid_map);
	free(si->root_path);
	free(si->exe);
	free(si->file_caps);
	memset(si, 0, sizeof(*si));
}

struct process *secinfo_host_ref(const struct model *m, enum ns_type t)
{
	struct process *p = model_process(m, 1);
	if (p && p->ns_ino[t])
		return p;
	p = model_process(m, 2);
	if (p && p->ns_ino[t] && process_is_kthreadd(p))
		return p;
	return NULL;
}

struct process *secinfo_pidns_init(const struct model *m, const struct process *p)
{
	const struct namespace *ns = p->ns[NS_PID];
	if (!ns)
		return NULL;
	for (size_t i = 0; i < ns->nprocs; i++) {
		const struct proc_status *st = &ns->procs[i]->st;
		if (st->nspid_len > 0 && st->nspid[st->nspid_len - 1] == 1)
			return ns->procs[i];
	}
	/* The initial pid namespace: PID 1 itself, or kthreadd beside it. */
	struct process *ref = secinfo_host_ref(m, NS_PID);
	return ref && ref->ns[NS_PID] == ns ? ref : NULL;
}
