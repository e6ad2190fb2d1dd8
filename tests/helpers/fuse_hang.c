/* A FUSE file system that stops answering, to test that nsinspect never
 * waits on a file system a process controls (issue 7).  An unprivileged
 * user can mount FUSE in a user namespace of its own.
 *
 * usage: fuse_hang DIR [BINARY]
 * In a mount namespace of its own, mounts a FUSE file system on DIR/netns
 * (speaking /dev/fuse directly: no libfuse) with one file, "f"; a child process opens DIR/netns/f at
 * descriptor 100, chroots into DIR/netns and sleeps.  The server then
 * stops answering: any stat, open or getxattr of the file or of the
 * mount's root waits for ever.  Prints "SERVER CHILD" and serves (or
 * not) until killed.  With BINARY (a static executable such as
 * /bin/busybox), "f" serves its bytes and the child runs it as
 * "sleep 100000" from the FUSE file system: the server stops answering
 * once the child sleeps there.  The path holds "/netns/", so nsinspect takes the
 * descriptor for a possible nsfs bind mount.  Errors: "fuse_hang: ...",
 * exit 1. */
#include <errno.h>
#include <fcntl.h>
#include <linux/fuse.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static int fail(const char *what)
{
	printf("fuse_hang: %s: %s\n", what, strerror(errno));
	return 1;
}

static void reply(int dev, uint64_t unique, const void *body, size_t len)
{
	char out[sizeof(struct fuse_out_header) + 512];
	struct fuse_out_header *h = (struct fuse_out_header *)out;
	h->len = (uint32_t)(sizeof(*h) + len);
	h->error = 0;
	h->unique = unique;
	memcpy(out + sizeof(*h), body, len);
	if (write(dev, out, h->len) < 0)
		perror("fuse_hang: write");
}

static char *content; /* the bytes of "f" (BINARY), NULL when empty */
static size_t content_len;

static void attr_of(uint64_t node, struct fuse_attr *a)
{
	memset(a, 0, sizeof(*a));
	a->ino = node;
	a->mode = node == FUSE_ROOT_ID ? S_IFDIR | 0755 : S_IFREG | 0755;
	a->nlink = node == FUSE_ROOT_ID ? 2 : 1;
	a->size = node == FUSE_ROOT_ID ? 0 : content_len;
}

/* True once the child runs "f" and sleeps: its exe link ends in "/f" and
 * its state is S. */
static bool child_sleeps_in_f(pid_t child)
{
	char path[64], link[4096], stat[512];
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)child);
	ssize_t n = readlink(path, link, sizeof(link) - 1);
	if (n < 2 || link[n - 1] != 'f' || link[n - 2] != '/')
		return false;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)child);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, stat, sizeof(stat) - 1);
	close(fd);
	if (n <= 0)
		return false;
	stat[n] = '\0';
	const char *r = strrchr(stat, ')');
	return r && r[1] == ' ' && r[2] == 'S';
}

int main(int argc, char **argv)
{
	char mnt[2048], file[2100], opts[128];
	if (argc < 2 || argc > 3 || strlen(argv[1]) > 1024) {
		fputs("usage: fuse_hang DIR [BINARY]\n", stderr);
		return 2;
	}
	if (argc == 3) {
		int bfd = open(argv[2], O_RDONLY | O_CLOEXEC);
		struct stat st;
		if (bfd < 0 || fstat(bfd, &st) < 0)
			return fail(argv[2]);
		content_len = (size_t)st.st_size;
		content = malloc(content_len ? content_len : 1);
		if (!content || read(bfd, content, content_len) != (ssize_t)content_len)
			return fail(argv[2]);
		close(bfd);
	}
	snprintf(mnt, sizeof(mnt), "%s/netns", argv[1]);
	snprintf(file, sizeof(file), "%s/f", mnt);
	if (mkdir(mnt, 0755) < 0 && errno != EEXIST)
		return fail(mnt);
	/* a mount namespace of its own: the mount goes with the processes */
	if (unshare(CLONE_NEWNS) < 0)
		return fail("unshare");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return fail("mount --make-rprivate /");
	int dev = open("/dev/fuse", O_RDWR | O_CLOEXEC);
	if (dev < 0)
		return fail("/dev/fuse");
	snprintf(opts, sizeof(opts), "fd=%d,rootmode=40000,user_id=0,group_id=0,allow_other", dev);
	if (mount("nsi-fuse-hang", mnt, "fuse", MS_NOSUID | MS_NODEV, opts) < 0)
		return fail("mount");
	int ready[2];
	if (pipe(ready) < 0)
		return fail("pipe");
	pid_t child = fork();
	if (child < 0)
		return fail("fork");
	if (child == 0) {
		close(dev);
		int fd = open(file, O_RDONLY);
		if (fd < 0 || dup2(fd, 100) < 0 || chroot(mnt) < 0 || chdir("/") < 0)
			_exit(1);
		close(fd);
		if (content) {
			/* run "f" itself: busybox's sleep, from the FUSE file */
			execl("/f", "sleep", "100000", (char *)NULL);
			_exit(1);
		}
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(ready[1]);
	bool serving = true;
	static char in[FUSE_MIN_READ_BUFFER + 65536];
	for (;;) {
		struct pollfd p[2] = { { dev, POLLIN, 0 }, { ready[0], POLLIN, 0 } };
		if (poll(p, serving ? 2 : 1, content && serving ? 50 : -1) < 0) {
			if (errno == EINTR)
				continue;
			return fail("poll");
		}
		if (serving && content && child_sleeps_in_f(child)) {
			serving = false;
			printf("%d %d\n", (int)getpid(), (int)child);
			fflush(stdout);
		}
		if (serving && (p[1].revents & (POLLIN | POLLHUP))) {
			/* the child holds the file: from now on, no answers */
			char c;
			if (read(ready[0], &c, 1) != 1)
				return fail("the child did not get the file");
			serving = false;
			printf("%d %d\n", (int)getpid(), (int)child);
			fflush(stdout);
		}
		if (!(p[0].revents & POLLIN))
			continue;
		ssize_t n = read(dev, in, sizeof(in));
		if (n < 0) {
			if (errno == EINTR || errno == ENOENT)
				continue;
			return fail("read /dev/fuse");
		}
		if (!serving || (size_t)n < sizeof(struct fuse_in_header))
			continue; /* never answered: the caller waits */
		const struct fuse_in_header *h = (const struct fuse_in_header *)in;
		switch (h->opcode) {
		case FUSE_INIT: {
			struct fuse_init_out o = { .major = FUSE_KERNEL_VERSION, .minor = 31,
						   .max_readahead = 65536, .max_write = 65536 };
			reply(dev, h->unique, &o, sizeof(o));
			break;
		}
		case FUSE_LOOKUP: {
			struct fuse_entry_out o = { .nodeid = 2 };
			attr_of(2, &o.attr);
			reply(dev, h->unique, &o, sizeof(o));
			break;
		}
		case FUSE_GETATTR: {
			struct fuse_attr_out o = { 0 };
			attr_of(h->nodeid, &o.attr);
			reply(dev, h->unique, &o, sizeof(o));
			break;
		}
		case FUSE_READ: {
			const struct fuse_read_in *r = (const void *)(h + 1);
			size_t off = r->offset < content_len ? (size_t)r->offset : content_len;
			size_t len = content_len - off < r->size ? content_len - off : r->size;
			struct fuse_out_header o = { (uint32_t)(sizeof(o) + len), 0, h->unique };
			struct iovec v[2] = { { &o, sizeof(o) }, { content + off, len } };
			if (writev(dev, v, 2) < 0)
				perror("fuse_hang: writev");
			break;
		}
		case FUSE_OPEN:
		case FUSE_OPENDIR: {
			struct fuse_open_out o = { .fh = 1 };
			reply(dev, h->unique, &o, sizeof(o));
			break;
		}
		default: {
			/* ENOSYS for the rest (getxattr, flush, release...) */
			struct fuse_out_header o = { sizeof(o), -ENOSYS, h->unique };
			if (write(dev, &o, sizeof(o)) < 0)
				perror("fuse_hang: write");
		}
		}
	}
}
