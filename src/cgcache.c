#include "cgcache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* Descriptors left to everything else: ncurses, libcurl, /proc reads. */
#define CGC_RESERVED_FDS 256

/* Files whose value only a write to them changes: limits and weights.
 * (Not cpuset.cpus, which CPU hotplug changes in v1, nor cgroup.type,
 * which a child's changes.) */
static const char *const stable_files[] = {
	"cpu.max", "cpu.weight", "cpu.cfs_quota_us", "cpu.cfs_period_us", "cpu.shares",
	"memory.max", "memory.high", "memory.limit_in_bytes", "pids.max",
};

static bool is_stable(const char *file)
{
	for (size_t i = 0; i < ARRAY_SIZE(stable_files); i++)
		if (!strcmp(stable_files[i], file))
			return true;
	return false;
}

#define WATCH_MASK (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_MODIFY | \
		    IN_DELETE_SELF | IN_ONLYDIR)

void cg_cache_init(struct cg_cache *c)
{
	memset(c, 0, sizeof(*c));
	c->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return;
	rlim_t want = CGC_MAX_FDS + CGC_RESERVED_FDS;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		struct rlimit up = rl;
		up.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &up) == 0)
			rl = up;
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want)
		c->max_fds = CGC_MAX_FDS;
	else if (rl.rlim_cur > 2 * CGC_RESERVED_FDS)
		c->max_fds = (size_t)rl.rlim_cur - CGC_RESERVED_FDS;
}

bool cg_cache_take_fd(struct cg_cache *c)
{
	if (c->nfds >= c->max_fds)
		return false;
	c->nfds++;
	return true;
}

static void put_fd(struct cg_cache *c, int fd)
{
	if (fd >= 0) {
		close(fd);
		c->nfds--;
	}
}

/* watch: remove d's inotify watch; not when the whole cache goes, as
 * closing the inotify descriptor drops every watch at once. */
static void dir_free(struct cg_cache *c, struct cgc_dir *d, bool watch)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nchildren; i++)
		dir_free(c, d->children[i], watch);
	for (size_t i = 0; i < d->nfiles; i++) {
		put_fd(c, d->files[i].fd);
		free(d->files[i].text);
	}
	if (d->wd > 0 && watch) {
		/* the kernel queues IN_IGNORED for it: no longer in by_wd */
		inotify_rm_watch(c->ifd, d->wd);
		hmap_put(&c->by_wd, (uint64_t)d->wd, NULL);
	}
	put_fd(c, d->fd);
	free(d->children);
	free(d->files);
	free(d->name);
	free(d);
}

void cg_cache_free(struct cg_cache *c)
{
	for (size_t i = 0; i < c->nroots; i++) {
		dir_free(c, c->roots[i].dir, false);
		free(c->roots[i].controllers);
	}
	free(c->roots);
	if (c->ifd >= 0)
		close(c->ifd);
	hmap_free(&c->by_wd);
	memset(c, 0, sizeof(*c));
	c->ifd = -1;
}

static struct cgc_file *find_file(struct cgc_dir *d, const char *name)
{
	for (size_t i = 0; i < d->nfiles; i++)
		if (d->files[i].name == name || !strcmp(d->files[i].name, name))
			return &d->files[i];
	return NULL;
}

/* Lets a kept file go: it is opened again when next read. */
static void drop_file(struct cg_cache *c, struct cgc_dir *d, struct cgc_file *f)
{
	put_fd(c, f->fd);
	free(f->text);
	*f = d->files[--d->nfiles];
}

void cg_cache_begin(struct cg_cache *c)
{
	c->gen++;
	c->overflow = false;
	if (c->ifd < 0)
		return;
	_Alignas(struct inotify_event) char ev[16384];
	for (;;) {
		ssize_t n = read(c->ifd, ev, sizeof(ev));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* EAGAIN: all taken in */
		for (ssize_t off = 0; off + (ssize_t)sizeof(struct inotify_event) <= n;) {
			const struct inotify_event *e = (const struct inotify_event *)(ev + off);
			off += (ssize_t)sizeof(*e) + e->len;
			if (e->mask & IN_Q_OVERFLOW) {
				c->overflow = true;
				continue;
			}
			struct cgc_dir *d = e->wd > 0 ? hmap_get(&c->by_wd, (uint64_t)e->wd) : NULL;
			if (!d)
				continue; /* a watch let go */
			if (e->mask & IN_IGNORED) { /* removed, or unmounted */
				hmap_put(&c->by_wd, (uint64_t)e->wd, NULL);
				d->wd = -1;
				d->dead = true;
				continue;
			}
			if (e->mask & IN_DELETE_SELF)
				d->dead = true;
			if ((e->mask & IN_ISDIR) &&
			    (e->mask & (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)))
				d->stale = true;
			struct cgc_file *f = e->len && !(e->mask & IN_ISDIR) ? find_file(d, e->name) : NULL;
			if (f && (e->mask & (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)))
				drop_file(c, d, f); /* not on cgroupfs, whose files no one makes */
			else if (f && (e->mask & IN_MODIFY)) {
				free(f->text);
				f->text = NULL;
			}
		}
	}
}

bool cg_cache_watched(const struct cg_cache *c, const struct cgc_dir *d)
{
	return d->wd > 0 && !c->overflow;
}

/* Watches kept directory d, before it is listed, so that nothing made
 * after the listing is missed. */
static void watch(struct cg_cache *c, struct cgc_dir *d)
{
	d->wd = -1;
	if (c->ifd < 0 || d->fd < 0)
		return;
	char path[40];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", d->fd);
	int wd = inotify_add_watch(c->ifd, path, WATCH_MASK);
	if (wd <= 0)
		return; /* ENOSPC past max_user_watches: unwatched */
	d->wd = wd;
	hmap_put(&c->by_wd, (uint64_t)wd, d);
}

bool cg_cache_must_list(struct cg_cache *c, struct cgc_dir *d, int dfd, unsigned long nlink)
{
	if (d->wd == 0)
		watch(c, d);
	if (cg_cache_watched(c, d))
		return !d->listed || d->stale;
	if (!nlink) {
		struct stat st;
		nlink = fstat(dfd, &st) == 0 ? (unsigned long)st.st_nlink : 0;
	}
	bool changed = !d->listed || !nlink || nlink != d->nlink;
	d->nlink = nlink;
	return changed;
}

void cg_cache_end(struct cg_cache *c)
{
	size_t kept = 0;
	for (size_t i = 0; i < c->nroots; i++) {
		if (c->roots[i].gen == c->gen) {
			c->roots[kept++] = c->roots[i];
		} else {
			dir_free(c, c->roots[i].dir, true);
			free(c->roots[i].controllers);
		}
	}
	c->nroots = kept;
}

struct cgc_dir *cg_cache_root(struct cg_cache *c, int version, const char *controllers,
			      int hier_fd)
{
	struct stat st;
	if (fstat(hier_fd, &st) < 0)
		return NULL;
	struct cgc_root *r = NULL;
	for (size_t i = 0; i < c->nroots && !r; i++)
		if (c->roots[i].version == version && !strcmp(c->roots[i].controllers, controllers))
			r = &c->roots[i];
	if (r && r->dev != st.st_dev) { /* unmounted and mounted again */
		dir_free(c, r->dir, true);
		r->dir = NULL;
	}
	if (!r) {
		c->roots = xrealloc(c->roots, (c->nroots + 1) * sizeof(*c->roots));
		r = &c->roots[c->nroots++];
		memset(r, 0, sizeof(*r));
		r->version = version;
		r->controllers = xstrdup(controllers);
	}
	r->dev = st.st_dev;
	r->gen = c->gen;
	if (!r->dir) {
		int fd = fs_openat(hier_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return NULL;
		if (!cg_cache_take_fd(c)) {
			close(fd);
			return NULL;
		}
		r->dir = xcalloc(1, sizeof(*r->dir));
		r->dir->name = xstrdup("");
		r->dir->ino = (uint64_t)st.st_ino;
		r->dir->fd = fd;
	}
	return r->dir;
}

int cg_pread_all(int fd, struct buf *b)
{
	b->len = 0;
	buf_reserve(b, 16384);
	off_t off = 0;
	for (;;) {
		if (b->cap - b->len - 1 < 4096)
			buf_reserve(b, b->cap);
		size_t room = b->cap - b->len - 1;
		ssize_t n = pread(fd, b->data + b->len, room, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			b->data[b->len] = '\0';
			return -errno;
		}
		b->len += (size_t)n;
		off += n;
		if (fs_captured_charge((size_t)n, b->len) < 0) {
			b->len = 0;
			b->data[0] = '\0';
			return -EFBIG;
		}
		if (n == 0 || ((size_t)n < room && n < 2048))
			break;
	}
	b->data[b->len] = '\0';
	return 0;
}

int cg_cache_read(struct cg_cache *c, struct cgc_dir *d, int dfd, const char *file,
		  struct buf *b)
{
	struct cgc_file *f = find_file(d, file);
	bool watched = cg_cache_watched(c, d);
	if (f && f->text && watched) {
		b->len = 0;
		buf_append(b, f->text, f->len);
		return 0;
	}
	if (f) {
		int err = cg_pread_all(f->fd, b);
		if (err != -ENODEV) {
			free(f->text);
			f->text = !err && watched && is_stable(file) ? xstrndup(b->data, b->len) : NULL;
			f->len = b->len;
			return err;
		}
		/* the file was removed: its cgroup, or only its controller
		 * (v2), which may be back */
		drop_file(c, d, f);
	}
	int fd = fs_openat(dfd, file, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		int err = -errno;
		if (f && err == -ENOENT && faccessat(dfd, "cgroup.procs", F_OK, 0) < 0 &&
		    errno == ENOENT)
			d->dead = true; /* every cgroup has cgroup.procs */
		return err;
	}
	int err = cg_pread_all(fd, b);
	if (!err && cg_cache_take_fd(c)) {
		d->files = xrealloc(d->files, (d->nfiles + 1) * sizeof(*d->files));
		d->files[d->nfiles++] = (struct cgc_file){
			.name = file, .fd = fd, .len = b->len,
			.text = watched && is_stable(file) ? xstrndup(b->data, b->len) : NULL,
		};
	} else {
		close(fd);
	}
	return err;
}

void cg_cache_set_children(struct cg_cache *c, struct cgc_dir *d, char **names,
			   const uint64_t *inos, size_t n)
{
	struct cgc_dir **old = d->children;
	size_t nold = d->nchildren;
	struct cgc_dir **now = n ? xcalloc(n, sizeof(*now)) : NULL;
	/* kernfs lists in a stable order, so a kept child is most often
	 * found at the cursor */
	size_t cursor = 0;
	for (size_t i = 0; i < n; i++) {
		struct cgc_dir *keep = NULL;
		for (size_t k = 0; k < nold && !keep; k++) {
			size_t j = (cursor + k) % nold;
			struct cgc_dir *o = old[j];
			if (o && !o->dead && o->ino == inos[i] && !strcmp(o->name, names[i])) {
				keep = o;
				old[j] = NULL;
				cursor = j + 1;
			}
		}
		if (!keep) {
			keep = xcalloc(1, sizeof(*keep));
			keep->name = xstrdup(names[i]);
			keep->ino = inos[i];
			keep->fd = -1;
		}
		now[i] = keep;
	}
	for (size_t j = 0; j < nold; j++)
		dir_free(c, old[j], true);
	free(old);
	d->children = now;
	d->nchildren = n;
	d->listed = true;
	d->stale = false;
}
