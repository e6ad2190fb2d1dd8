#include "model.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

/* lsns's order of types, which is also our column of ns/ link names. */
static const char *const ns_names[NS_NTYPES] = {
	[NS_MNT] = "mnt", [NS_NET] = "net",   [NS_PID] = "pid",       [NS_UTS] = "uts",
	[NS_IPC] = "ipc", [NS_USER] = "user", [NS_CGROUP] = "cgroup", [NS_TIME] = "time",
};

static const char *const ns_link_paths[NS_NTYPES] = {
	[NS_MNT] = "ns/mnt", [NS_NET] = "ns/net",   [NS_PID] = "ns/pid",       [NS_UTS] = "ns/uts",
	[NS_IPC] = "ns/ipc", [NS_USER] = "ns/user", [NS_CGROUP] = "ns/cgroup", [NS_TIME] = "ns/time",
};

const char *ns_type_name(enum ns_type t)
{
	return (unsigned)t < NS_NTYPES ? ns_names[t] : "?";
}

int ns_type_from_name(const char *name)
{
	for (int i = 0; i < NS_NTYPES; i++)
		if (!strcmp(ns_names[i], name))
			return i;
	return -1;
}

/* nsfs inodes are unique across types, but keep the type in the key so a
 * corrupt capture cannot merge two namespaces. */
static uint64_t ns_key(enum ns_type t, uint64_t ino)
{
	return ino * NS_NTYPES + (uint64_t)t + 1;
}

struct namespace *model_namespace(const struct model *m, enum ns_type t, uint64_t ino)
{
	return hmap_get(&m->ns_index, ns_key(t, ino));
}

void model_proc_path(const struct process *p, const char *file, char *out, size_t outsz)
{
	if (p->via_tid)
		snprintf(out, outsz, "%d/task/%d/%s", (int)p->pid, (int)p->via_tid, file);
	else
		snprintf(out, outsz, "%d/%s", (int)p->pid, file);
}

void model_pid_path(const struct model *m, pid_t pid, const char *file, char *out, size_t outsz)
{
	const struct process *p = model_process(m, pid);
	if (p)
		model_proc_path(p, file, out, outsz);
	else
		snprintf(out, outsz, "%d/%s", (int)pid, file);
}

struct process *model_process(const struct model *m, pid_t pid)
{
	return pid > 0 ? hmap_get(&m->pid_index, (uint64_t)pid) : NULL;
}

static struct namespace *get_namespace(struct model *m, enum ns_type t, uint64_t ino)
{
	struct namespace *ns = model_namespace(m, t, ino);
	if (ns)
		return ns;
	ns = xcalloc(1, sizeof(*ns));
	ns->type = t;
	ns->ino = ino;
	hmap_put(&m->ns_index, ns_key(t, ino), ns);
	m->ns = xrealloc(m->ns, (m->nns + 1) * sizeof(*m->ns));
	m->ns[m->nns++] = ns;
	return ns;
}

struct namespace *model_add_namespace(struct model *m, enum ns_type t, uint64_t ino)
{
	struct namespace *ns = model_namespace(m, t, ino);
	if (ns)
		return ns;
	ns = get_namespace(m, t, ino);
	/* keep m->ns sorted: move the new last entry to its place */
	size_t at = m->nns - 1;
	while (at > 0 && (m->ns[at - 1]->ino > ino || (m->ns[at - 1]->ino == ino && m->ns[at - 1]->type > t))) {
		m->ns[at] = m->ns[at - 1];
		at--;
	}
	m->ns[at] = ns;
	return ns;
}

static void ns_add_holder(struct namespace *ns, const struct ns_holder *h)
{
	ns->holders = xrealloc(ns->holders, (ns->nholders + 1) * sizeof(*ns->holders));
	ns->holders[ns->nholders++] = *h;
}

static bool is_denied(int err)
{
	return err == -EACCES || err == -EPERM;
}

static bool is_gone(int err)
{
	return err == -ENOENT || err == -ESRCH;
}

/* The name of a process's file relative to pfd: name itself, or with
 * prefix "PID/" when pfd is /proc itself (see scan_pid). */
static const char *proc_file_name(const char *prefix, const char *name, char path[48])
{
	if (!prefix)
		return name;
	snprintf(path, 48, "%s%s", prefix, name);
	return path;
}

/* Reads the ns/ links: one readlinkat each, nothing else.  With only
 * WANT_NS_USER in want, the user link alone (all a capability check needs).
 * prefix: see proc_file_name. */
static void load_ns_want(struct process *p, int pfd, const char *prefix, unsigned want)
{
	char link[64], type[16], path[48];
	bool all = want & WANT_NS;

	for (int t = 0; t < NS_NTYPES; t++) {
		if (!all && t != NS_USER)
			continue;
		const char *name = proc_file_name(prefix, ns_link_paths[t], path);
		ssize_t n = readlinkat(pfd, name, link, sizeof(link));
		if (n < 0) {
			if (is_denied(-errno)) {
				p->unknown |= want & (WANT_NS | WANT_NS_USER);
				return;
			}
			continue; /* zombie, or a kernel without this type */
		}
		uint64_t ino;
		if (parse_ns_link(link, (size_t)n, type, sizeof(type), &ino) && !strcmp(type, ns_names[t]))
			p->ns_ino[t] = ino;
	}
	if (!all)
		return;
	ssize_t n = readlinkat(pfd, "ns/pid_for_children", link, sizeof(link));
	uint64_t ino;
	if (n > 0 && parse_ns_link(link, (size_t)n, type, sizeof(type), &ino))
		p->pid_for_children_ino = ino;
}

/* Every link. */
static void load_ns(struct process *p, int pfd)
{
	load_ns_want(p, pfd, NULL, WANT_NS);
}

/* From /proc/PID/cgroup, read into b with the result err. */
static void load_cgroup(struct process *p, int err, const struct buf *b)
{
	if (err) {
		/* denied, or a captured file refused (fs_openat) or too long */
		if (is_denied(err) || err == -EFBIG || err == -EINVAL)
			p->unknown |= WANT_CGROUP;
		return;
	}
	p->ncgroups = parse_cgroup_file(b->data, b->len, &p->cgroups);
	/* The v2 line (hierarchy 0) names the container most reliably; then
	 * name=systemd; then any v1 controller. */
	int best = -1, rank = 99;
	for (size_t i = 0; i < p->ncgroups; i++) {
		const struct cgroup_entry *e = &p->cgroups[i];
		int r = e->hier_id == 0 ? 0 : !strcmp(e->controllers, "name=systemd") ? 1 : 2;
		struct container_ref ref;
		if (r < rank && container_from_cgroup_path(e->path, &ref)) {
			rank = r;
			best = (int)i;
			if (!p->container)
				p->container = xmalloc(sizeof(*p->container));
			*p->container = ref;
		}
	}
	p->in_container = best >= 0;
}

/* Records namespaces held through open descriptors.  The fd directory of
 * /proc is filled in one getdents64 unless the buffer runs out, so a short
 * answer means the end and saves the call that would return 0. */
struct fd_hold {
	pid_t pid;
	int fd;
	enum ns_type type;
	uint64_t ino;
};

struct scan_state {
	struct buf buf;
	struct fd_hold *fds;
	size_t nfds;
	bool live;
	bool captured;          /* a captured tree: a missing file is no vanished process */
	bool fds_counted;       /* the size of /proc/PID/fd counts descriptors */
	char **nsfs_paths;      /* mount points of nsfs bind mounts */
	size_t nnsfs_paths;
	char *dents; /* DENTS_SIZE bytes, only when scanning descriptors */
	unsigned first_want;    /* model_scan_first() */
	struct hmap ns_seen;    /* namespaces met so far, for first_want */
	int done_fds[64]; /* /proc/PID and file descriptors read and not yet closed */
	bool defer_close;  /* files read go to done_fds too */
	size_t ndone_fds;
	const char *prefix; /* "PID/" when the process is read through /proc
			     * itself, without its directory: see scan_pid */
};

#define DENTS_SIZE 32768

static void done_with_fd(struct scan_state *s, int fd);
static bool close_some_fds(struct scan_state *s, int err);

/* A descriptor opened through an nsfs bind mount (exec 7</run/netns/x)
 * reads as that path, or as "/" once the mount is gone, never as
 * "net:[...]".  Only such paths are worth a stat: everything else is a
 * plain file, pipe or socket. */
static bool may_be_nsfs_path(const struct scan_state *s, const char *link)
{
	if (!s->live || link[0] != '/')
		return false;
	if (!link[1] || strstr(link, "/netns/"))
		return true;
	for (size_t i = 0; i < s->nnsfs_paths; i++)
		if (!strcmp(s->nsfs_paths[i], link))
			return true;
	return false;
}

static const struct {
	int flag;
	enum ns_type type;
} clone_flags[] = {
	{ CLONE_NEWNS, NS_MNT },	 { CLONE_NEWNET, NS_NET }, { CLONE_NEWPID, NS_PID },
	{ CLONE_NEWUTS, NS_UTS },	 { CLONE_NEWIPC, NS_IPC }, { CLONE_NEWUSER, NS_USER },
	{ CLONE_NEWCGROUP, NS_CGROUP }, { CLONE_NEWTIME, NS_TIME },
};

/* Identifies a namespace behind a path-looking descriptor: only when it
 * lives on nsfs is it opened, and its type asked (open_nsfs_at: the
 * process may put a FIFO or a FUSE file at that number). */
static bool fd_nsfs_identity(int dfd, const char *name, enum ns_type *type, uint64_t *ino)
{
	uint64_t found;
	int fd = open_nsfs_at(dfd, name, 0, &found);
	if (fd < 0)
		return false;
	int flag = ioctl(fd, NS_GET_NSTYPE);
	close(fd);
	for (size_t i = 0; i < ARRAY_SIZE(clone_flags); i++) {
		if (clone_flags[i].flag == flag) {
			*type = clone_flags[i].type;
			*ino = found;
			return true;
		}
	}
	return false;
}

/* Records the descriptor fd (whose link is link, l bytes) when it holds a
 * namespace; dfd + name reach the descriptor for a stat. */
static void note_fd(struct process *p, struct scan_state *s, int fd, char *link, ssize_t l, int dfd,
		    const char *name)
{
	char type[16];
	uint64_t ino;
	int t;
	link[l] = '\0';
	if (parse_ns_link(link, (size_t)l, type, sizeof(type), &ino)) {
		if ((t = ns_type_from_name(type)) < 0)
			return;
	} else {
		enum ns_type et;
		if (!may_be_nsfs_path(s, link) || !fd_nsfs_identity(dfd, name, &et, &ino))
			return;
		t = (int)et;
	}
	s->fds = xrealloc(s->fds, (s->nfds + 1) * sizeof(*s->fds));
	s->fds[s->nfds++] = (struct fd_hold){ p->pid, fd, (enum ns_type)t, ino };
}

/* Most processes hold descriptors 0..n-1 and nothing else.  On a live
 * kernel (6.2+) the size of /proc/PID/fd is the number of open
 * descriptors, so a stat and n readlinks read them all, without opening,
 * listing and closing the directory.  Returns false when the numbers have
 * a gap or the kernel does not count: *done tells how many leading
 * descriptors were read, the directory listing does the rest. */
#define FAST_FDS_MAX 64
static bool load_fds_fast(struct process *p, int pfd, struct scan_state *s, bool *denied, int *done)
{
	struct stat st;
	*done = 0;
	if (fstatat(pfd, "fd", &st, 0) != 0) {
		*denied = is_denied(-errno);
		return *denied || is_gone(-errno);
	}
	if (st.st_size == 0 && s->fds_counted)
		return true; /* none: kernel threads */
	if (st.st_size <= 0 || st.st_size > FAST_FDS_MAX)
		return false;
	for (int fd = 0; fd < (int)st.st_size; fd++) {
		char name[16], link[256];
		snprintf(name, sizeof(name), "fd/%d", fd);
		ssize_t l = readlinkat(pfd, name, link, sizeof(link) - 1);
		if (l <= 0)
			return false;
		note_fd(p, s, fd, link, l, pfd, name);
		*done = fd + 1;
	}
	return true;
}

static void load_fds(struct process *p, int pfd, struct scan_state *s)
{
	bool denied = false;
	int done = 0;
	if (s->live && load_fds_fast(p, pfd, s, &denied, &done)) {
		if (denied)
			p->unknown |= WANT_FDS;
		return;
	}
	int dfd = fs_openat(pfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 && close_some_fds(s, -errno))
		dfd = fs_openat(pfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		if (is_denied(-errno))
			p->unknown |= WANT_FDS;
		return;
	}
	for (;;) {
		long n = syscall(SYS_getdents64, dfd, s->dents, DENTS_SIZE);
		if (n <= 0)
			break;
		for (long off = 0; off < n;) {
			struct dirent64 *d = (struct dirent64 *)(s->dents + off);
			off += d->d_reclen;
			if (d->d_name[0] < '0' || d->d_name[0] > '9' || atoi(d->d_name) < done)
				continue;
			char link[256];
			ssize_t l = readlinkat(dfd, d->d_name, link, sizeof(link) - 1);
			if (l > 0)
				note_fd(p, s, atoi(d->d_name), link, l, dfd, d->d_name);
		}
		if ((size_t)n + 1024 < DENTS_SIZE)
			break;
	}
	if (s->defer_close)
		done_with_fd(s, dfd);
	else
		close(dfd);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Closes the /proc/PID directories and the files of the processes read so
 * far.  They were opened one after the other, so they are mostly runs of
 * consecutive numbers (holes where the caller inherited descriptors), and
 * one close_range() closes a run: about a syscall per process saved, and
 * one per file a row reads. */
static void close_done_fds(struct scan_state *s)
{
	qsort(s->done_fds, s->ndone_fds, sizeof(int), cmp_int);
	for (size_t i = 0, j; i < s->ndone_fds; i = j) {
		for (j = i + 1; j < s->ndone_fds && s->done_fds[j] == s->done_fds[j - 1] + 1; j++)
			;
		if (j - i == 1 ||
		    close_range((unsigned)s->done_fds[i], (unsigned)s->done_fds[j - 1], 0) != 0)
			for (size_t k = i; k < j; k++)
				close(s->done_fds[k]);
	}
	s->ndone_fds = 0;
}

/* After an open failed with err: when it was for want of descriptors and
 * some wait to be closed, closes them and says to try again (a low
 * RLIMIT_NOFILE must not make processes look vanished). */
static bool close_some_fds(struct scan_state *s, int err)
{
	if ((err != -EMFILE && err != -ENFILE) || !s->ndone_fds)
		return false;
	close_done_fds(s);
	return true;
}

static void done_with_fd(struct scan_state *s, int pfd)
{
	s->done_fds[s->ndone_fds++] = pfd;
	if (s->ndone_fds == ARRAY_SIZE(s->done_fds))
		close_done_fds(s);
}

/* The per-process files the kernel writes (status, cgroup: 16 hierarchies
 * of paths up to PATH_MAX at most) are far smaller: a larger one is a
 * forged capture, and costs memory per process. */
#define PROC_FILE_MAX (256 * 1024)

/* Reads the file name of the process into s->buf, at most max bytes
 * (0: all of it; returns 1 when cut there); in a scan its descriptor is
 * closed later, with the others of its run. */
static int read_proc_file(struct scan_state *s, int pfd, const char *name, size_t max)
{
	char path[48];
	name = proc_file_name(s->prefix, name, path);
	int fd;
	int err = read_proc_whole_keep(pfd, name, &s->buf, max, &fd);
	if (fd < 0 && s->defer_close && close_some_fds(s, err))
		err = read_proc_whole_keep(pfd, name, &s->buf, max, &fd);
	if (fd >= 0) {
		if (s->defer_close)
			done_with_fd(s, fd);
		else
			close(fd);
	}
	return err;
}

/* Reads the fields in want of one process through its pinned directory.
 * Returns false when the process vanished. */
static bool load_process(struct process *p, int pfd, unsigned want, struct scan_state *s)
{
	want &= ~p->loaded;
	if (want & WANT_STATUS) {
		int err = read_proc_file(s, pfd, "status", PROC_FILE_MAX);
		if (err == 1) /* cut: not a kernel's file */
			err = -EFBIG;
		if (err || parse_status(s->buf.data, s->buf.len, &p->st) < 0) {
			/* a captured tree may lack it or hold junk there: the
			 * process did not vanish, and the rest may be readable */
			if (is_denied(err) || s->captured)
				p->unknown |= WANT_STATUS;
			else
				return false;
		}
		if (p->st.have & ST_PPID)
			p->ppid = p->st.ppid;
		if (p->leader_name && *p->leader_name)
			snprintf(p->st.name, sizeof(p->st.name), "%s", p->leader_name);
	}
	if (want & WANT_NS)
		load_ns(p, pfd);
	else if ((want & WANT_NS_USER) && !(p->loaded & WANT_NS))
		load_ns_want(p, pfd, s->prefix, WANT_NS_USER);
	if (want & WANT_CMDLINE) {
		/* one byte more: a line of exactly CMDLINE_MAX bytes and its
		 * final NUL is whole */
		int err = read_proc_file(s, pfd, "cmdline", CMDLINE_MAX + 1);
		if (err >= 0)
			p->cmdline = cmdline_join(s->buf.data, err == 1 ? CMDLINE_MAX : s->buf.len, err == 1);
		else if (is_gone(err) && !s->captured) /* a captured tree may just lack it */
			return false;
	}
	if (want & WANT_CGROUP) {
		int err = read_proc_file(s, pfd, "cgroup", PROC_FILE_MAX);
		load_cgroup(p, err == 1 ? -EFBIG : err, &s->buf);
	}
	if (want & WANT_FDS)
		load_fds(p, pfd, s);
	p->loaded |= want;
	return true;
}

bool model_load(struct model *m, struct process *p, unsigned want)
{
	if (!(want & ~p->loaded))
		return !p->gone;
	char name[40];
	model_proc_path(p, "", name, sizeof(name));
	int pfd = fs_openat(m->root->proc_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	pid_t tid;
	if (pfd < 0 && p->via_tid && (pfd = sysroot_open_other_thread(m->root, p->pid, &tid)) >= 0)
		p->via_tid = tid; /* that thread has ended: another one */
	if (pfd < 0) {
		p->loaded |= want;
		p->gone = true;
		return false;
	}
	/* No descriptors here, so no dents buffer: only the read buffer. */
	struct scan_state s = { .captured = !m->root->live };
	unsigned unknown_before = p->unknown;
	bool ok = load_process(p, pfd, want & ~WANT_FDS, &s);
	close(pfd);
	buf_free(&s.buf);
	p->loaded |= want;
	if (!ok)
		p->gone = true;
	if (p->unknown && !unknown_before) {
		if (!m->denied)
			m->first_denied = p->pid;
		m->denied++;
	}
	return ok;
}

static int cmp_thread(const void *a, const void *b)
{
	pid_t x = ((const struct thread *)a)->tid, y = ((const struct thread *)b)->tid;
	return (x > y) - (x < y);
}

void model_load_threads(struct model *m, struct process *p)
{
	if (p->threads_loaded)
		return;
	p->threads_loaded = true;
	char path[32];
	snprintf(path, sizeof(path), "%d/task", (int)p->pid);
	int tfd = fs_openat(m->root->proc_fd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir = tfd >= 0 ? fdopendir(tfd) : NULL;
	if (!dir) {
		if (tfd >= 0)
			close(tfd);
		return; /* gone, denied, or a capture without task/ */
	}
	struct buf b = { 0 };
	size_t cap = 0;
	struct dirent *d;
	while ((d = readdir(dir))) {
		pid_t tid;
		if (d->d_name[0] < '1' || d->d_name[0] > '9' || !parse_pid(d->d_name, &tid) || tid == p->pid)
			continue;
		int thfd = fs_openat(tfd, d->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (thfd < 0)
			continue; /* exited meanwhile */
		if (p->nthreads == cap) {
			cap = cap ? cap * 2 : 8;
			p->threads = xrealloc(p->threads, cap * sizeof(*p->threads));
		}
		struct thread *t = &p->threads[p->nthreads++];
		memset(t, 0, sizeof(*t));
		t->tid = tid;
		if (read_proc_whole_at(thfd, "comm", &b) == 0) {
			size_t n = b.len;
			while (n && b.data[n - 1] == '\n')
				n--;
			if (n >= sizeof(t->comm))
				n = sizeof(t->comm) - 1;
			memcpy(t->comm, b.data, n);
			t->comm[n] = '\0';
		}
		struct process tp = { 0 };
		load_ns(&tp, thfd);
		memcpy(t->ns_ino, tp.ns_ino, sizeof(t->ns_ino));
		close(thfd);
	}
	closedir(dir);
	buf_free(&b);
	if (p->nthreads)
		qsort(p->threads, p->nthreads, sizeof(*p->threads), cmp_thread);
}

void model_load_thread_status(struct model *m, struct process *p)
{
	model_load_threads(m, p);
	struct buf b = { 0 };
	for (size_t i = 0; i < p->nthreads; i++) {
		struct thread *t = &p->threads[i];
		if (t->st)
			continue;
		char path[64];
		snprintf(path, sizeof(path), "%d/task/%d/status", (int)p->pid, (int)t->tid);
		struct proc_status st;
		int fd, err = read_proc_whole_keep(m->root->proc_fd, path, &b, PROC_FILE_MAX, &fd);
		if (fd >= 0)
			close(fd);
		if (err < 0 || parse_status(b.data, b.len, &st) < 0)
			continue; /* ended since the listing, or unreadable */
		t->st = xmalloc(sizeof(*t->st));
		*t->st = st;
	}
	buf_free(&b);
}

unsigned thread_diff(const struct process *p, const struct thread *t, unsigned *ns_types)
{
	unsigned d = 0;
	*ns_types = 0;
	for (int k = 0; k < NS_NTYPES; k++)
		if (t->ns_ino[k] && p->ns_ino[k] && t->ns_ino[k] != p->ns_ino[k])
			*ns_types |= 1u << k;
	if (*ns_types)
		d |= TDIFF_NS;
	const struct proc_status *a = &p->st, *b = t->st;
	if (!b)
		return d;
	unsigned both = a->have & b->have;
	if ((both & ST_CAPS) && memcmp(a->caps, b->caps, sizeof(a->caps)))
		d |= TDIFF_CAPS;
	if (((both & ST_UID) && memcmp(a->uid, b->uid, sizeof(a->uid))) ||
	    ((both & ST_GID) && memcmp(a->gid, b->gid, sizeof(a->gid))))
		d |= TDIFF_IDS;
	if ((both & ST_NNP) && a->no_new_privs != b->no_new_privs)
		d |= TDIFF_NNP;
	if (((both & ST_SECCOMP) && a->seccomp != b->seccomp) ||
	    ((both & ST_SECCOMP_FILTERS) && a->seccomp_filters != b->seccomp_filters))
		d |= TDIFF_SECCOMP;
	return d;
}

void model_load_thread_namespaces(struct model *m)
{
	for (size_t i = 0; i < m->nprocs; i++) {
		struct process *p = m->procs[i];
		if (process_is_zombie(p))
			continue; /* no thread left to look at */
		model_load_threads(m, p);
		for (size_t k = 0; k < p->nthreads; k++) {
			const struct thread *t = &p->threads[k];
			for (int ty = 0; ty < NS_NTYPES; ty++) {
				uint64_t ino = t->ns_ino[ty];
				if (!ino || ino == p->ns_ino[ty])
					continue;
				struct namespace *ns = model_add_namespace(m, (enum ns_type)ty, ino);
				bool held = false; /* one holder per process: its first such thread */
				for (size_t h = 0; h < ns->nholders && !held; h++)
					held = ns->holders[h].kind == HOLD_THREAD && ns->holders[h].pid == p->pid;
				if (!held) {
					struct ns_holder h = { .kind = HOLD_THREAD, .pid = p->pid, .fd = -1, .tid = t->tid };
					ns_add_holder(ns, &h);
				}
			}
		}
	}
}

size_t model_threads_differing(struct model *m, struct process *p)
{
	if (!process_has_other_threads(p))
		return 0;
	model_load_thread_status(m, p);
	size_t n = 0;
	for (size_t i = 0; i < p->nthreads; i++) {
		unsigned ns_types;
		n += thread_diff(p, &p->threads[i], &ns_types) != 0;
	}
	return n;
}

static int cmp_proc(const void *a, const void *b)
{
	pid_t x = (*(struct process *const *)a)->pid, y = (*(struct process *const *)b)->pid;
	return (x > y) - (x < y);
}

static int cmp_ns(const void *a, const void *b)
{
	const struct namespace *x = *(struct namespace *const *)a, *y = *(struct namespace *const *)b;
	if (x->ino != y->ino)
		return (x->ino > y->ino) - (x->ino < y->ino);
	return (int)x->type - (int)y->type;
}

static void ns_add_process(struct namespace *ns, struct process *p)
{
	if (ns->nprocs == ns->procs_cap) {
		ns->procs_cap = ns->procs_cap ? ns->procs_cap * 2 : 4;
		ns->procs = xrealloc(ns->procs, ns->procs_cap * sizeof(*ns->procs));
	}
	ns->procs[ns->nprocs++] = p;
}

/* Bind mounts of nsfs (ip netns add, docker's netns files) keep a
 * namespace alive with no process in it. */
/* Bind mounts of nsfs (ip netns add, docker's netns files) keep a
 * namespace alive with no process in it.  Read before the process scan so
 * that descriptors opened through those paths are recognised. */
static void load_nsfs_mounts(struct model *m, struct scan_state *s)
{
	struct buf *b = &s->buf;
	if (read_file_at(m->root->proc_fd, "self/mountinfo", b) != 0)
		return;
	for (const char *p = b->data, *end = b->data + b->len; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		struct mount_entry me;
		if (parse_mountinfo_line(p, (size_t)(eol - p), &me)) {
			char type[16];
			uint64_t ino;
			int t;
			if (!strcmp(me.fstype, "nsfs") &&
			    parse_ns_link(me.root, strlen(me.root), type, sizeof(type), &ino) &&
			    (t = ns_type_from_name(type)) >= 0) {
				s->nsfs_paths = xrealloc(s->nsfs_paths, (s->nnsfs_paths + 1) * sizeof(char *));
				s->nsfs_paths[s->nnsfs_paths++] = xstrdup(me.mountpoint);
				struct ns_holder h = { .kind = HOLD_BIND, .path = me.mountpoint };
				me.mountpoint = NULL;
				ns_add_holder(get_namespace(m, (enum ns_type)t, ino), &h);
			}
			mount_entry_free(&me);
		}
		p = eol + 1;
	}
}

/* True when p is the first process met in one of its namespaces. */
static bool first_in_a_namespace(struct scan_state *s, const struct process *p)
{
	static int seen_mark;
	bool first = false;
	for (int t = 0; t < NS_NTYPES; t++) {
		uint64_t key = ns_key((enum ns_type)t, p->ns_ino[t]);
		if (!p->ns_ino[t] || hmap_get(&s->ns_seen, key))
			continue;
		hmap_put(&s->ns_seen, key, &seen_mark);
		first = true;
	}
	return first;
}

/* True when pid is already among the processes read (before indexing). */
static bool model_process_scanned(const struct model *m, pid_t pid)
{
	for (size_t i = 0; i < m->nprocs; i++)
		if (m->procs[i]->pid == pid)
			return true;
	return false;
}

/* Frees what p owns and leaves it zeroed. */
static void process_clear(struct process *p)
{
	free(p->cmdline);
	free(p->leader_name);
	cgroup_entries_free(p->cgroups, p->ncgroups);
	for (size_t i = 0; i < p->nthreads; i++)
		free(p->threads[i].st);
	free(p->threads);
	free(p->container);
	memset(p, 0, sizeof(*p));
}

static void process_free(struct process *p)
{
	process_clear(p);
	free(p);
}

/* Whether p's main thread may have exited while other threads run
 * (sysroot_open_other_thread): its status says zombie with threads left,
 * or, status unread, the mount namespace link that every live process
 * has is missing. */
static bool main_thread_exited(const struct process *p)
{
	if (p->loaded & WANT_STATUS)
		return (p->st.have & ST_STATE) && p->st.state == 'Z' && (p->st.have & ST_THREADS) &&
		       p->st.threads > 1;
	return (p->loaded & WANT_NS) && !(p->unknown & WANT_NS) && !p->ns_ino[NS_MNT];
}

/* Reads p again, as it was asked, through a thread that still runs, and
 * keeps the main thread's name.  Returns that thread's directory (the
 * caller closes it), or -1 when p has none, p as it was; *ok turns false
 * when p vanished meanwhile.  pfd, p's own directory (-1: none), is then
 * handed to the deferred close, so that a low descriptor limit can take
 * it back. */
static int reread_through_thread(struct model *m, struct scan_state *s, struct process *p, int pfd,
				 bool *ok)
{
	pid_t tid;
	int tfd = sysroot_open_other_thread(m->root, p->pid, &tid);
	if (tfd < 0 && close_some_fds(s, tfd))
		tfd = sysroot_open_other_thread(m->root, p->pid, &tid);
	if (tfd < 0)
		return -1;
	if (pfd >= 0)
		done_with_fd(s, pfd);
	char name[STATUS_NAME_MAX] = "";
	if (p->st.have & ST_NAME) {
		memcpy(name, p->st.name, sizeof(name));
	} else {
		/* not asked for: the main thread's, for its name only */
		char path[32];
		snprintf(path, sizeof(path), "%d/status", (int)p->pid);
		if (read_proc_file(s, m->root->proc_fd, path, 0) == 0) {
			struct proc_status st;
			if (parse_status(s->buf.data, s->buf.len, &st) == 0)
				memcpy(name, st.name, sizeof(name));
		}
	}
	unsigned want = p->loaded;
	pid_t pid = p->pid;
	process_clear(p);
	p->pid = pid;
	p->via_tid = tid;
	p->leader_name = xstrdup(name);
	*ok = load_process(p, tfd, want, s);
	return tfd;
}

/* Reads one /proc/PID entry into the model; vanished processes are
 * skipped. */
static void scan_pid(struct model *m, struct scan_state *s, int dfd, const char *name, pid_t pid,
		     size_t *cap)
{
	/* Only status and the user namespace (caps -a): "PID/status" and
	 * "PID/ns/user" from /proc cost less than opening the directory
	 * first (15% of the scan).  A process that ends in between reads as
	 * vanished, or without its namespace. */
	bool by_path = !(m->want & ~(WANT_STATUS | WANT_NS_USER)) && !s->first_want;
	int pfd = dfd;
	char prefix[24];
	if (by_path) {
		snprintf(prefix, sizeof(prefix), "%s/", name);
		s->prefix = prefix;
	} else {
		pfd = fs_openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (pfd < 0 && close_some_fds(s, -errno))
			pfd = fs_openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (pfd < 0)
			return; /* vanished */
	}
	struct process *p = xcalloc(1, sizeof(*p));
	p->pid = pid;
	bool ok = load_process(p, pfd, m->want, s);
	s->prefix = NULL;
	int tfd = -1;
	if (ok && main_thread_exited(p))
		tfd = reread_through_thread(m, s, p, by_path ? -1 : pfd, &ok);
	if (ok && s->first_want && first_in_a_namespace(s, p))
		load_process(p, tfd >= 0 ? tfd : pfd, s->first_want, s);
	if (tfd >= 0)
		done_with_fd(s, tfd);
	else if (!by_path)
		done_with_fd(s, pfd);
	if (!ok) {
		process_free(p);
		return;
	}
	if (p->unknown) {
		if (!m->denied)
			m->first_denied = pid;
		m->denied++;
	}
	if (m->nprocs == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		m->procs = xrealloc(m->procs, *cap * sizeof(*m->procs));
	}
	m->procs[m->nprocs++] = p;
}

static struct scan_state *scan_begin(struct model *m, struct sysroot *root, unsigned want)
{
	memset(m, 0, sizeof(*m));
	m->root = root;
	m->want = want;

	struct scan_state *s = xcalloc(1, sizeof(*s));
	s->captured = !root->live;
	s->defer_close = true;
	struct stat nsfs_st;
	s->live = root->live && fstatat(root->proc_fd, "self/ns/net", &nsfs_st, 0) == 0;
	if (want & WANT_NSFS)
		load_nsfs_mounts(m, s);
	if (want & WANT_FDS) {
		s->dents = xmalloc(DENTS_SIZE);
		/* we hold at least proc_fd: a kernel that counts says so */
		struct stat fd_st;
		s->fds_counted = s->live && fstatat(root->proc_fd, "self/fd", &fd_st, 0) == 0 && fd_st.st_size > 0;
	}
	return s;
}

/* Indexes what was read: processes by pid, namespaces by (type, inode). */
static void scan_end(struct model *m, struct scan_state *s)
{
	close_done_fds(s);
	if (m->nprocs)
		qsort(m->procs, m->nprocs, sizeof(*m->procs), cmp_proc);
	for (size_t i = 0; i < m->nprocs; i++) {
		struct process *p = m->procs[i];
		hmap_put(&m->pid_index, (uint64_t)p->pid, p);
		for (int t = 0; t < NS_NTYPES; t++) {
			if (!p->ns_ino[t])
				continue;
			p->ns[t] = get_namespace(m, (enum ns_type)t, p->ns_ino[t]);
			ns_add_process(p->ns[t], p);
		}
	}
	/* A pid namespace made by unshare --pid lives before its first child. */
	for (size_t i = 0; i < m->nprocs; i++) {
		struct process *p = m->procs[i];
		if (p->pid_for_children_ino && p->pid_for_children_ino != p->ns_ino[NS_PID]) {
			struct namespace *ns = get_namespace(m, NS_PID, p->pid_for_children_ino);
			if (!ns->nprocs) {
				struct ns_holder h = { .kind = HOLD_CHILDREN, .pid = p->pid, .fd = -1 };
				ns_add_holder(ns, &h);
			}
		}
	}
	for (size_t i = 0; i < s->nfds; i++) {
		struct fd_hold *f = &s->fds[i];
		struct ns_holder h = { .kind = HOLD_FD, .pid = f->pid, .fd = f->fd };
		ns_add_holder(get_namespace(m, f->type, f->ino), &h);
	}
	if (m->nns)
		qsort(m->ns, m->nns, sizeof(*m->ns), cmp_ns);

	for (size_t i = 0; i < s->nnsfs_paths; i++)
		free(s->nsfs_paths[i]);
	free(s->nsfs_paths);
	free(s->fds);
	free(s->dents);
	hmap_free(&s->ns_seen);
	buf_free(&s->buf);
	free(s);
}

/* PID 1 is in every listing of the live host but one that hides other
 * users' processes (hidepid=invisible): those are then missing from the
 * output, not marked '?'. */
static void note_pid1_hidden(struct model *m)
{
	m->others_hidden = !model_process(m, 1) && sysroot_pid_hidden(m->root, 1);
}

int model_scan(struct model *m, struct sysroot *root, unsigned want)
{
	return model_scan_first(m, root, want, 0);
}

int model_scan_first(struct model *m, struct sysroot *root, unsigned want, unsigned first_want)
{
	int dfd = fs_openat(root->proc_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!dir) {
		int e = errno;
		if (dfd >= 0)
			close(dfd);
		memset(m, 0, sizeof(*m));
		return -e;
	}
	struct scan_state *s = scan_begin(m, root, want);
	if (want & WANT_NS)
		s->first_want = first_want & ~want;
	size_t cap = 0;
	struct dirent *d;
	while ((d = readdir(dir))) {
		pid_t pid;
		if (d->d_name[0] < '1' || d->d_name[0] > '9' || !parse_pid(d->d_name, &pid))
			continue;
		scan_pid(m, s, dfd, d->d_name, pid, &cap);
	}
	closedir(dir);
	scan_end(m, s);
	note_pid1_hidden(m);
	return 0;
}

void model_scan_pids(struct model *m, struct sysroot *root, unsigned want, const pid_t *pids,
		     size_t npids)
{
	struct scan_state *s = scan_begin(m, root, want & ~(WANT_FDS | WANT_NSFS));
	size_t cap = 0;
	for (size_t i = 0; i < npids; i++) {
		char name[16];
		if (model_process_scanned(m, pids[i]))
			continue;
		snprintf(name, sizeof(name), "%d", (int)pids[i]);
		scan_pid(m, s, root->proc_fd, name, pids[i], &cap);
	}
	scan_end(m, s);
	for (size_t i = 0; i < npids; i++)
		if (pids[i] == 1)
			note_pid1_hidden(m); /* asked for, and not there */
}

void model_free(struct model *m)
{
	for (size_t i = 0; i < m->nprocs; i++)
		process_free(m->procs[i]);
	for (size_t i = 0; i < m->nns; i++) {
		struct namespace *ns = m->ns[i];
		for (size_t h = 0; h < ns->nholders; h++)
			free(ns->holders[h].path);
		free(ns->holders);
		free(ns->procs);
		free(ns);
	}
	free(m->procs);
	free(m->ns);
	hmap_free(&m->pid_index);
	hmap_free(&m->ns_index);
	memset(m, 0, sizeof(*m));
}

struct process *model_host_init(const struct model *m)
{
	struct process *p = model_process(m, 1);
	if (p || m->root->live) /* the live host always has one, unless hidden */
		return p;
	return m->nprocs ? m->procs[0] : NULL;
}

void model_warn_denied(const struct model *m)
{
	if (m->others_hidden)
		fprintf(stderr, "nsinspect: warning: /proc hides other users' processes (hidepid); "
				"they are left out\n");
	if (!m->denied)
		return;
	const char *why = m->root->live ? "permission denied" : "not in the captured tree";
	if (m->denied == 1)
		fprintf(stderr,
			"nsinspect: warning: PID %d could not be fully read (%s); "
			"what is missing shows as '?'\n",
			(int)m->first_denied, why);
	else
		fprintf(stderr,
			"nsinspect: warning: %zu processes (PID %d and others) could not be fully read "
			"(%s); what is missing shows as '?'\n",
			m->denied, (int)m->first_denied, why);
}
