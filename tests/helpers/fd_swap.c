/* A process that swaps a FIFO in at one of its descriptor numbers, to
 * test that a scan of /proc/PID/fd cannot be made to hang (issue 7).
 *
 * usage: fd_swap DIR
 * In a mount and network namespace of its own it bind-mounts its netns
 * on DIR/netns/ns and makes a FIFO DIR/netns/fifo that nobody writes to.
 * Both paths look like an nsfs bind mount to nsinspect (".../netns/...").
 * It prints its PID, then flips descriptor 100 between the two for ever:
 * a reader that stats an nsfs file there may open the FIFO an instant
 * later, and a blocking open would wait for a writer that never comes.
 * An unprivileged user can do the same inside a user namespace.
 * Errors print "fd_swap: ..." and exit 1. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(const char *what)
{
	printf("fd_swap: %s: %s\n", what, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	char dir[2048], ns_path[4096], fifo_path[4096];
	if (argc != 2 || strlen(argv[1]) > 1024) {
		fputs("usage: fd_swap DIR\n", stderr);
		return 2;
	}
	snprintf(dir, sizeof(dir), "%s/netns", argv[1]);
	snprintf(ns_path, sizeof(ns_path), "%s/ns", dir);
	snprintf(fifo_path, sizeof(fifo_path), "%s/fifo", dir);
	if (unshare(CLONE_NEWNS | CLONE_NEWNET) < 0)
		return fail("unshare");
	/* the bind mount stays in this mount namespace and goes with it */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return fail("mount --make-rprivate /");
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return fail(dir);
	int f = open(ns_path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	if (f < 0)
		return fail(ns_path);
	close(f);
	if (mount("/proc/self/ns/net", ns_path, NULL, MS_BIND, NULL) < 0)
		return fail("bind mount of the netns");
	int nsfd = open(ns_path, O_RDONLY | O_CLOEXEC);
	if (nsfd < 0)
		return fail(ns_path);
	if (mkfifo(fifo_path, 0600) < 0 && errno != EEXIST)
		return fail(fifo_path);
	int fifo = open(fifo_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fifo < 0)
		return fail(fifo_path);
	printf("%d\n", (int)getpid());
	fflush(stdout);
	for (;;) {
		dup2(nsfd, 100);
		dup2(fifo, 100);
	}
}
