#include "util.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

static void oom(void)
{
	fputs("nsinspect: out of memory\n", stderr);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		oom();
	va_end(ap);
	return s;
}

void buf_reserve(struct buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void buf_append(struct buf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static bool fs_captured;
static size_t captured_read; /* bytes of the captured tree read so far */

void fs_set_captured(bool captured)
{
	fs_captured = captured;
}

int fs_captured_charge(size_t n, size_t file_len)
{
	if (!fs_captured)
		return 0;
	captured_read += n;
	return file_len > CAPTURED_FILE_MAX || captured_read > CAPTURED_TOTAL_MAX ? -EFBIG : 0;
}

/* Without openat2 (kernels before 5.6, or a seccomp profile that refuses
 * it with EPERM): each component is opened by itself, and a symlink, ".."
 * or an absolute path is refused rather than followed (a capture holds
 * symlinks only where nsinspect reads links, not files). */
static int openat_walk(int dirfd, const char *path, int flags)
{
	char buf[PATH_MAX];
	if (path[0] == '/' || strlen(path) >= sizeof(buf)) {
		errno = EXDEV;
		return -1;
	}
	strcpy(buf, path);
	int cur = dirfd, fd = -1;
	char *save = NULL, *comp = strtok_r(buf, "/", &save);
	while (comp) {
		char *next = strtok_r(NULL, "/", &save);
		if (!strcmp(comp, "..")) {
			errno = EXDEV;
			break;
		}
		if (!next) {
			fd = openat(cur, comp, flags | O_NOFOLLOW);
			break;
		}
		int d = strcmp(comp, ".") ? openat(cur, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
					  : fcntl(cur, F_DUPFD_CLOEXEC, 0);
		if (cur != dirfd)
			close(cur);
		cur = d;
		if (cur < 0)
			return -1;
		comp = next;
	}
	if (cur != dirfd) {
		int e = errno;
		close(cur);
		errno = e;
	}
	return fd;
}

/* openat with the symlinks of the tree resolved inside dirfd, never out
 * of it, and no magic links. */
static int openat_inside(int dirfd, const char *path, int flags)
{
	struct open_how how = { .flags = (uint64_t)flags, .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
	if (fd < 0 && (errno == ENOSYS || errno == EPERM))
		return openat_walk(dirfd, path, flags);
	return (int)fd;
}

/* Says once that a file of the captured tree was left out, and why. */
static void warn_refused(int dirfd, const char *path, int err)
{
	static bool warned;
	if (warned)
		return;
	warned = true;
	char link[64], dir[PATH_MAX];
	snprintf(link, sizeof(link), "/proc/self/fd/%d", dirfd);
	ssize_t n = readlink(link, dir, sizeof(dir) - 1);
	dir[n > 0 ? n : 0] = '\0';
	char *full = xasprintf("%s%s%s", dir, n > 0 ? "/" : "", path);
	char *shown = str_escape(full, strlen(full));
	fprintf(stderr, "nsinspect: warning: %s left out: %s\n", shown,
		err == EFBIG ? "larger than nsinspect reads of a captured tree (64 MiB a file, 256 MiB in all)" :
		err == EAGAIN ? "replaced while it was opened" : "not a regular file");
	free(shown);
	free(full);
}

/* Opens the very file the O_PATH descriptor look holds, through
 * /proc/self/fd: what a path names may change between a look and an
 * open by name. */
static int open_looked_at(int look, int flags)
{
	char self[40];
	snprintf(self, sizeof(self), "/proc/self/fd/%d", look);
	return open(self, flags);
}

/* That, or by name again where /proc is not mounted. */
static int reopen(int look, int dirfd, const char *path, int flags)
{
	int fd = open_looked_at(look, flags);
	if (fd < 0 && errno == ENOENT)
		fd = openat_inside(dirfd, path, flags);
	return fd;
}

int fs_openat(int dirfd, const char *path, int flags)
{
	if (!fs_captured)
		return openat(dirfd, path, flags);
	/* O_DIRECTORY fails on anything else before a driver sees the open */
	if (flags & O_DIRECTORY)
		return openat_inside(dirfd, path, flags);
	/* look first (O_PATH opens nothing), open only a regular file, and
	 * only the one that was looked at */
	int look = openat_inside(dirfd, path, O_PATH | O_CLOEXEC);
	if (look < 0)
		return -1;
	struct stat st, st2;
	int err = 0, fd = -1;
	if (fstat(look, &st) != 0)
		err = errno;
	else if (S_ISDIR(st.st_mode))
		err = EISDIR;
	else if (!S_ISREG(st.st_mode))
		err = EINVAL;
	else if ((uint64_t)st.st_size > CAPTURED_FILE_MAX ||
		 (uint64_t)st.st_size > CAPTURED_TOTAL_MAX - captured_read)
		err = EFBIG;
	else if ((fd = reopen(look, dirfd, path, flags | O_NONBLOCK | O_NOCTTY)) < 0)
		err = errno;
	else if (fstat(fd, &st2) != 0 || st2.st_dev != st.st_dev || st2.st_ino != st.st_ino) {
		close(fd);
		fd = -1;
		err = EAGAIN;
	}
	close(look);
	if (fd < 0) {
		if (err == EINVAL || err == EFBIG || err == EAGAIN)
			warn_refused(dirfd, path, err);
		errno = err;
	}
	return fd;
}

/* keep: where to leave the descriptor open instead of closing it (-1
 * when the open failed). */
static int read_at(int dirfd, const char *path, struct buf *b, bool short_read_ends, size_t max,
		   int *keep)
{
	bool cut = false;
	if (keep)
		*keep = -1;
	int fd = fs_openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	b->len = 0;
	buf_reserve(b, 4095);
	for (;;) {
		size_t room = b->cap - b->len - 1;
		if (max && room > max + 1 - b->len) /* one byte more tells it goes on */
			room = max + 1 - b->len;
		ssize_t n = read(fd, b->data + b->len, room);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			if (keep)
				*keep = fd;
			else
				close(fd);
			b->data[b->len] = '\0';
			return -e;
		}
		b->len += (size_t)n;
		/* the whole tree's budget, every read of it, also the last */
		if (fs_captured_charge((size_t)n, b->len) < 0) {
			if (keep)
				*keep = fd;
			else
				close(fd);
			b->len = 0;
			b->data[0] = '\0';
			return -EFBIG;
		}
		if (max && b->len > max) {
			b->len = max;
			cut = true;
			break;
		}
		if (n == 0 || (short_read_ends && (size_t)n < room))
			break;
		if (b->len + 1 == b->cap)
			buf_reserve(b, b->cap);
	}
	if (keep)
		*keep = fd;
	else
		close(fd);
	b->data[b->len] = '\0';
	return cut;
}

int read_file_at(int dirfd, const char *path, struct buf *b)
{
	return read_at(dirfd, path, b, false, 0, NULL);
}

int read_proc_whole_at(int dirfd, const char *path, struct buf *b)
{
	return read_at(dirfd, path, b, true, 0, NULL);
}

int read_proc_whole_keep(int dirfd, const char *path, struct buf *b, size_t max, int *fd)
{
	return read_at(dirfd, path, b, true, max, fd);
}

/* The device of nsfs files, from a namespace link of our own. */
static dev_t nsfs_dev(void)
{
	static dev_t dev;
	static bool known;
	struct stat st;
	if (!known && stat("/proc/self/ns/net", &st) == 0) {
		dev = st.st_dev;
		known = true;
	}
	return known ? dev : (dev_t)-1;
}

int open_nsfs_at(int dirfd, const char *path, uint64_t want_ino, uint64_t *ino)
{
	/* O_PATH follows the magic link to the file without opening it, and
	 * a stat that may not sync asks no file system (FUSE would): only
	 * then is it opened, through that very file */
	int look = openat(dirfd, path, O_PATH | O_CLOEXEC);
	if (look < 0)
		return -1;
	struct statx stx;
	int fd = -1;
	if (statx(look, "", AT_EMPTY_PATH | AT_STATX_DONT_SYNC, STATX_INO, &stx) == 0 &&
	    makedev(stx.stx_dev_major, stx.stx_dev_minor) == nsfs_dev() &&
	    (!want_ino || stx.stx_ino == want_ino)) {
		fd = open_looked_at(look, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		if (fd >= 0 && ino)
			*ino = stx.stx_ino;
	}
	close(look);
	return fd;
}

bool parse_u64(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

bool parse_i64(const char *s, size_t len, int64_t *out)
{
	bool neg = len > 0 && s[0] == '-';
	uint64_t v;
	if (!parse_u64(s + neg, len - neg, &v))
		return false;
	if (neg ? v > (uint64_t)INT64_MAX + 1 : v > INT64_MAX)
		return false;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

bool parse_hex_u64(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		len -= 2;
	}
	if (len == 0 || len > 16)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

bool parse_pid(const char *s, pid_t *out)
{
	uint64_t v;
	if (!s || !parse_u64(s, strlen(s), &v) || v == 0 || v > INT_MAX)
		return false;
	*out = (pid_t)v;
	return true;
}

bool parse_pid_arg(const char *s, pid_t *out)
{
	return parse_pid(s, out) && *out < PID_MAX_LIMIT;
}

static size_t hmap_slot(uint64_t key, size_t cap)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

void hmap_put(struct hmap *m, uint64_t key, void *val)
{
	if ((m->n + 1) * 2 > m->cap) {
		struct hmap bigger = { 0 };
		bigger.cap = m->cap ? m->cap * 2 : 64;
		bigger.keys = xcalloc(bigger.cap, sizeof(*bigger.keys));
		bigger.vals = xcalloc(bigger.cap, sizeof(*bigger.vals));
		for (size_t i = 0; i < m->cap; i++)
			if (m->keys[i])
				hmap_put(&bigger, m->keys[i], m->vals[i]);
		hmap_free(m);
		*m = bigger;
	}
	size_t i = hmap_slot(key, m->cap);
	while (m->keys[i] && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	if (!m->keys[i])
		m->n++;
	m->keys[i] = key;
	m->vals[i] = val;
}

void *hmap_get(const struct hmap *m, uint64_t key)
{
	if (!m->cap || !key)
		return NULL;
	size_t i = hmap_slot(key, m->cap);
	while (m->keys[i]) {
		if (m->keys[i] == key)
			return m->vals[i];
		i = (i + 1) & (m->cap - 1);
	}
	return NULL;
}

void hmap_free(struct hmap *m)
{
	free(m->keys);
	free(m->vals);
	m->keys = NULL;
	m->vals = NULL;
	m->cap = m->n = 0;
}

/* Length of the valid UTF-8 sequence at s, 0 if invalid.  Rejects
 * overlong forms, surrogates and code points above U+10FFFF. */
static size_t utf8_seq_len(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		n = 2; v = c & 0x1f; min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3; v = c & 0x0f; min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4; v = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

/* Set by str_escape_set_ascii(): escape every byte above 0x7f too. */
static bool escape_non_ascii;

void str_escape_set_ascii(bool ascii)
{
	escape_non_ascii = ascii;
}

static bool cp_is_control(uint32_t cp)
{
	/* C0, DEL, C1, the Unicode line separators, and the bidirectional
	 * overrides and isolates that can make text display in another order */
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
	       cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* A backslash that starts "\x" in the input is escaped too (as util-linux
 * does), so that every "\xNN" in the output stands for one escaped byte. */
static bool is_fake_escape(const char *s, size_t len, size_t i)
{
	return s[i] == '\\' && i + 1 < len && s[i + 1] == 'x';
}

/* The length of the sequence at s[i] when it may be printed as it is, else
 * 0: it is escaped. */
static size_t printable_len(const char *s, size_t len, size_t i)
{
	uint32_t cp;
	size_t n = utf8_seq_len((const unsigned char *)s + i, len - i, &cp);
	if (!n || cp_is_control(cp) || (escape_non_ascii && cp >= 0x80) || is_fake_escape(s, len, i))
		return 0;
	return n;
}

bool str_is_clean(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		size_t n = printable_len(s, len, i);
		if (!n)
			return false;
		i += n;
	}
	return true;
}

char *str_escape(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	struct buf b = { 0 };

	if (str_is_clean(s, len))
		return xstrndup(s, len);
	buf_reserve(&b, len * 4);
	for (size_t i = 0; i < len;) {
		size_t n = printable_len(s, len, i);
		if (n) {
			buf_append(&b, s + i, n);
			i += n;
			continue;
		}
		/* escape the bytes of a control sequence, or one bad byte */
		uint32_t cp;
		size_t bad = utf8_seq_len(u + i, len - i, &cp);
		if (!bad)
			bad = 1;
		for (size_t k = 0; k < bad; k++) {
			char hex[5];
			snprintf(hex, sizeof(hex), "\\x%02x", u[i + k]);
			buf_append(&b, hex, 4);
		}
		i += bad;
	}
	if (!b.data)
		return xstrdup("");
	return b.data;
}

char *size_human(uint64_t bytes)
{
	static const char units[] = "BKMGTPE";
	int exp = 0;
	uint64_t whole = bytes, frac = 0;
	while (whole >= 1024 && exp < 6) {
		frac = whole % 1024;
		whole /= 1024;
		exp++;
	}
	if (exp == 0)
		return xasprintf("%lluB", (unsigned long long)bytes);
	unsigned dec = (unsigned)((frac * 10 + 512) / 1024);
	if (dec == 10) {
		whole++;
		dec = 0;
	}
	if (dec)
		return xasprintf("%llu.%u%c", (unsigned long long)whole, dec, units[exp]);
	return xasprintf("%llu%c", (unsigned long long)whole, units[exp]);
}


bool str_all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

bool dl_load(const char *so, void **handle, const struct dl_sym *syms, size_t n)
{
	if (*handle)
		return true;
	void *h = dlopen(so, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!(*syms[i].dst = dlsym(h, syms[i].name))) {
			dlclose(h);
			return false;
		}
	}
	*handle = h;
	return true;
}
