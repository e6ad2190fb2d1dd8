#include "cgcache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* Descriptors left to everything else: ncurses, libcurl, /proc reads. */
#define CGC_RESERVED_FDS 256

void cg_cache_init(struct cg_cache *c)
{
	memset(c, 0, sizeof(*c));
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

static void dir_free(struct cg_cache *c, struct cgc_dir *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nchildren; i++)
		dir_free(c, d->children[i]);
	for (size_t i = 0; i < d->nfiles; i++)
		put_fd(c, d->files[i].fd);
	put_fd(c, d->fd);
	free(d->children);
	free(d->files);
	free(d->name);
	free(d);
}

void cg_cache_free(struct cg_cache *c)
{
	for (size_t i = 0; i < c->nroots; i++) {
		dir_free(c, c->roots[i].dir);
		free(c->roots[i].controllers);
	}
	free(c->roots);
	memset(c, 0, sizeof(*c));
}

void cg_cache_begin(struct cg_cache *c)
{
	c->gen++;
}

void cg_cache_end(struct cg_cache *c)
{
	size_t kept = 0;
	for (size_t i = 0; i < c->nroots; i++) {
		if (c->roots[i].gen == c->gen) {
			c->roots[kept++] = c->roots[i];
		} else {
			dir_free(c, c->roots[i].dir);
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
		dir_free(c, r->dir);
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
		int fd = openat(hier_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
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
		if (n == 0 || ((size_t)n < room && n < 2048))
			break;
	}
	b->data[b->len] = '\0';
	return 0;
}

int cg_cache_read(struct cg_cache *c, struct cgc_dir *d, int dfd, const char *file,
		  struct buf *b)
{
	struct cgc_file *f = NULL;
	for (size_t i = 0; i < d->nfiles && !f; i++)
		if (d->files[i].name == file || !strcmp(d->files[i].name, file))
			f = &d->files[i];
	if (f) {
		int err = cg_pread_all(f->fd, b);
		if (err == -ENODEV) {
			d->dead = true;
			err = -ENOENT;
		}
		return err;
	}
	int fd = openat(dfd, file, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	int err = cg_pread_all(fd, b);
	if (!err && cg_cache_take_fd(c)) {
		d->files = xrealloc(d->files, (d->nfiles + 1) * sizeof(*d->files));
		d->files[d->nfiles++] = (struct cgc_file){ .name = file, .fd = fd };
	} else {
		close(fd);
	}
	return err;
}

void cg_cache_set_children(struct cg_cache *c, struct cgc_dir *d, char **names,
			   const uint64_t *inos, size_t n, unsigned long nlink)
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
		dir_free(c, old[j]);
	free(old);
	d->children = now;
	d->nchildren = n;
	d->nlink = nlink;
}
