/* Descriptors of cgroupfs kept open between the scans of one sampler
 * (top's refreshes).  Opening and closing a kernfs file costs more than
 * reading it, so a refresh preads each counter from offset 0 (a seq_file
 * read at 0 is generated anew).
 *
 * A kept directory is watched with inotify: mkdir, rmdir and rename of a
 * cgroup, and a write to one of its files, reach the watch whichever mount
 * of the hierarchy they went through (every mount of a hierarchy shares
 * one superblock, cgroup namespaces included).  So a watched directory is
 * listed again only after an event says a subdirectory came or went, and
 * a file whose value only a write can change (a limit: CGC_STABLE in
 * cgcache.c) is read again only after an event says it was written.
 * Without a watch (none left, or an overflowed queue), a directory is
 * listed again when its st_nlink changed (kernfs keeps it at 2 + its
 * subdirectories) or a stat of a child's name no longer shows the inode
 * listed; a read of a removed cgroup's open file fails with ENODEV.
 *
 * Each kept file costs the kernel a seq_file page, so the descriptors are
 * capped (CGC_MAX_FDS); past the cap the scan opens and closes as it
 * would without a cache.  Only the cgroup layer uses this. */
#ifndef NSINSPECT_CGCACHE_H
#define NSINSPECT_CGCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util.h"

#define CGC_MAX_FDS 16384

struct cgc_file {
	const char *name; /* a string literal of the reader */
	int fd;
	char *text;       /* a stable file's last content, NULL when to be read */
	size_t len;
};

/* One directory of one hierarchy, as last listed. */
struct cgc_dir {
	char *name;
	uint64_t ino;
	int fd;             /* -1 when not kept (over the cap): opened per scan */
	int wd;             /* inotify watch; 0: none tried yet, -1: none */
	bool stale;         /* an event says a subdirectory came or went */
	bool listed;
	unsigned long nlink; /* st_nlink when last listed (unwatched) */
	struct cgc_file *files;
	size_t nfiles;
	struct cgc_dir **children; /* in the order of the last listing */
	size_t nchildren;
	unsigned long gen;  /* the scan that last walked it */
	bool dead;          /* removed or replaced since it was listed */
	/* CPU time of the subtree as the walk of scan cpu_gen found it (0:
	 * never): see cpu_kept in cgroup.c */
	uint64_t cpu_usage, cpu_user, cpu_system;
	unsigned long cpu_gen;
};

/* The root directory of a hierarchy, told apart by its device. */
struct cgc_root {
	int version;
	char *controllers;
	dev_t dev;
	struct cgc_dir *dir;
	unsigned long gen;
};

struct cg_cache {
	struct cgc_root *roots;
	size_t nroots;
	int ifd;           /* inotify, -1 when none */
	struct hmap by_wd; /* watch descriptor -> struct cgc_dir */
	bool overflow;     /* events were lost: trust no watch in this scan */
	unsigned long gen; /* scans so far */
	size_t nfds;       /* descriptors kept */
	size_t max_fds;    /* the cap: CGC_MAX_FDS, less when RLIMIT_NOFILE is lower */
};

/* Sets the cache up, raising the soft RLIMIT_NOFILE towards the cap
 * (nsinspect waits with poll, never select, so descriptors past 1024 are
 * fine).  Nothing is opened yet. */
void cg_cache_init(struct cg_cache *c);
void cg_cache_free(struct cg_cache *c);

/* Starts a scan: takes in the events since the last one. */
void cg_cache_begin(struct cg_cache *c);
/* Ends a scan: hierarchies not walked in it are let go. */
void cg_cache_end(struct cg_cache *c);

/* The kept root of the hierarchy mounted at hier_fd, made or validated;
 * NULL when it cannot be opened. */
struct cgc_dir *cg_cache_root(struct cg_cache *c, int version, const char *controllers,
			      int hier_fd);

/* Reads file (a string literal) of directory d, open as dfd, into b as
 * read_all_at would: through a kept descriptor when there is one, from
 * memory for a stable file not written since.  Marks d dead on ENODEV.
 * Returns 0 or -errno. */
int cg_cache_read(struct cg_cache *c, struct cgc_dir *d, int dfd, const char *file,
		  struct buf *b);

/* Reads fd from offset 0 to the end into b (NUL-terminated).  cgroupfs
 * files are seq_files served at most a page per read; a read of under
 * 2 KiB that did not fill the buffer is the end (a piece cut at a page
 * would need a record of over 2 KiB), which saves the read that returns
 * 0.  Returns 0 or -errno. */
int cg_pread_all(int fd, struct buf *b);

/* Whether one more descriptor may be kept; counts it when so. */
bool cg_cache_take_fd(struct cg_cache *c);

/* Whether d is to be listed (again) before its children are walked, and
 * whether a child's stat must confirm it is still the one listed: false
 * when a watch would have said.  dfd is d open; may add the watch. */
bool cg_cache_must_list(struct cg_cache *c, struct cgc_dir *d, int dfd, unsigned long nlink);
bool cg_cache_watched(const struct cg_cache *c, const struct cgc_dir *d);

/* Replaces d's children by the listing (names and inodes of its
 * subdirectories): a child listed under the same name and inode, and not
 * dead, is kept with its descriptors; the others are let go.  d counts as
 * listed from then on. */
void cg_cache_set_children(struct cg_cache *c, struct cgc_dir *d, char **names,
			   const uint64_t *inos, size_t n);

#endif
