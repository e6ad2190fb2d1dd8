/* Small helpers shared by every layer: allocation, file reading through
 * directory fds, integer parsing, an integer-keyed hash map, and escaping
 * of untrusted text. */
#ifndef NSINSPECT_UTIL_H
#define NSINSPECT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable byte buffer, reused between reads to avoid malloc churn. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};
void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const char *s, size_t n);
void buf_free(struct buf *b);

/* Reads a whole file relative to dirfd into b (NUL-terminated), until
 * read() returns 0: seq files such as mountinfo or cgroup.procs are served
 * a page per read.  Returns 0 or -errno. */
int read_file_at(int dirfd, const char *path, struct buf *b);
/* The same for the /proc/PID files the kernel builds in one piece
 * (status and cgroup are single_open seq files, cmdline fills any count):
 * a read that leaves room in the buffer is the end, which saves the
 * read() that would return 0 on the hot path of a scan. */
int read_proc_whole_at(int dirfd, const char *path, struct buf *b);
/* The same, leaving the file open in *fd (-1 when it could not be opened)
 * for the caller to close, and reading at most max bytes when max is not
 * 0: returns 1 when the file went on (a process makes its cmdline as long
 * as it likes, megabytes of it). */
int read_proc_whole_keep(int dirfd, const char *path, struct buf *b, size_t max, int *fd);

/* A captured tree (--sysroot of another host) can be made by anybody:
 * once told so, fs_openat resolves its symlinks inside dirfd as if it
 * were /, and opens nothing but directories and regular files of up to
 * CAPTURED_FILE_MAX bytes (a FIFO would block, a device would act on the
 * open, /dev/zero would never end).  On the live host it is openat. */
#define CAPTURED_FILE_MAX ((size_t)64 << 20)
/* ... and all the files of a captured tree read in one run, at most
 * CAPTURED_TOTAL_MAX bytes: hard links and sparse files cost its maker
 * nothing (a capture of 10,000 processes reads about 40 MB). */
#define CAPTURED_TOTAL_MAX ((size_t)256 << 20)
void fs_set_captured(bool captured);
int fs_openat(int dirfd, const char *path, int flags);
/* Counts n more bytes read from a captured tree, of a file now file_len
 * long: -EFBIG once past either limit, 0 otherwise (and always live). */
int fs_captured_charge(size_t n, size_t file_len);

/* Opens path, expected to be an nsfs file (of inode want_ino, when not
 * 0; its inode goes to *ino), and returns the descriptor only when it is
 * one; -1 otherwise.  What /proc/PID/fd/N names changes at the process's
 * will, and may be a FIFO, a terminal or a file of a FUSE file system
 * that never answers (a stat or open there waits for ever, even through
 * SIGKILL): nothing is opened, nor any file system asked, before the
 * file is known to be on nsfs. */
int open_nsfs_at(int dirfd, const char *path, uint64_t want_ino, uint64_t *ino);

/* Strict decimal / hex parsing of a whole token; false on garbage or overflow. */
bool parse_u64(const char *s, size_t len, uint64_t *out);
bool parse_i64(const char *s, size_t len, int64_t *out);
bool parse_hex_u64(const char *s, size_t len, uint64_t *out);
/* Parses a PID argument (1..INT_MAX); false for anything else. */
bool parse_pid(const char *s, pid_t *out);
/* A PID given by the user: also below PID_MAX_LIMIT (2^22, the most any
 * kernel hands out), so that a huge number is a usage error, not a lookup. */
#define PID_MAX_LIMIT (4 * 1024 * 1024)
bool parse_pid_arg(const char *s, pid_t *out);
/* true for a non-empty string of decimal digits only (what looks like a PID). */
bool str_all_digits(const char *s);

/* Integer-keyed open-addressing hash map (key 0 is reserved). */
struct hmap {
	uint64_t *keys;
	void **vals;
	size_t cap;
	size_t n;
};
void hmap_put(struct hmap *m, uint64_t key, void *val);
void *hmap_get(const struct hmap *m, uint64_t key);
void hmap_free(struct hmap *m);

/* Returns a new string where control characters (C0, DEL, C1), invalid
 * UTF-8 and lone surrogates are replaced by \xNN escapes, so that text read
 * from /proc or cgroupfs can never drive a terminal or break JSON. */
char *str_escape(const char *s, size_t len);
/* true when s needs no escaping */
bool str_is_clean(const char *s, size_t len);
/* ascii: str_escape() escapes every byte above 0x7f too, valid UTF-8
 * included (output in a locale that is not UTF-8); false by default. */
void str_escape_set_ascii(bool ascii);

/* "456M", "1.5G": sizes as lsblk prints them.  Returns a new string. */
char *size_human(uint64_t bytes);

/* A symbol for dl_load: its name, and where its address goes (the address
 * of a function pointer, cast). */
struct dl_sym {
	const char *name;
	void **dst;
};

/* Loads the shared library so (once: *handle is kept) and every symbol of
 * syms; false, with nothing kept, when one is missing.  For dependencies
 * that only one view needs, so that the others do not pay for loading
 * them. */
bool dl_load(const char *so, void **handle, const struct dl_sym *syms, size_t n);

#endif
