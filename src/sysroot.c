#include "sysroot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "procfs.h"
#include "util.h"

int sysroot_open(struct sysroot *root, const char *dir)
{
	memset(root, 0, sizeof(*root));
	root->root_fd = root->proc_fd = root->sys_fd = -1;
	if (!dir || !*dir)
		dir = getenv("NSINSPECT_SYSROOT");
	if (!dir || !*dir)
		dir = "/";

	root->root_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root->root_fd < 0) {
		char *e = str_escape(dir, strlen(dir));
		fprintf(stderr, "nsinspect: cannot open sysroot '%s': %s\n", e, strerror(errno));
		free(e);
		return -1;
	}
	/* Live means the real procfs of this kernel mounted at DIR/proc.
	 * Anything else is a captured tree, which anybody can make: its files
	 * are opened with care (fs_openat). */
	struct stat st_root, st_slash;
	root->live = fstat(root->root_fd, &st_root) == 0 && stat("/", &st_slash) == 0 &&
		     st_root.st_dev == st_slash.st_dev && st_root.st_ino == st_slash.st_ino;
	fs_set_captured(!root->live);
	root->proc_fd = fs_openat(root->root_fd, "proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root->proc_fd < 0) {
		char *e = str_escape(dir, strlen(dir));
		fprintf(stderr, "nsinspect: no proc directory under '%s': %s\n", e, strerror(errno));
		free(e);
		close(root->root_fd);
		return -1;
	}
	root->sys_fd = fs_openat(root->root_fd, "sys", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	root->dir = xstrdup(dir);
	size_t len = strlen(dir);
	while (len > 0 && dir[len - 1] == '/')
		len--;
	root->shown = str_escape(dir, len);
	return 0;
}

void sysroot_close(struct sysroot *root)
{
	if (root->sys_fd >= 0)
		close(root->sys_fd);
	if (root->proc_fd >= 0)
		close(root->proc_fd);
	if (root->root_fd >= 0)
		close(root->root_fd);
	free(root->dir);
	free(root->shown);
	root->dir = root->shown = NULL;
	root->root_fd = root->proc_fd = root->sys_fd = -1;
}

bool sysroot_pid_hidden(const struct sysroot *root, pid_t pid)
{
	/* kill(pid, 0) fails with EPERM only for a process that exists (and
	 * so tells root in a user namespace too) */
	return root->live && kill(pid, 0) < 0 && errno == EPERM;
}

/* The process a thread ID belongs to (/proc lists processes only, but
 * /proc/TID opens), or 0 when pid is no thread of another process. */
static pid_t thread_group_of(const struct sysroot *root, pid_t pid)
{
	char path[48];
	struct buf b = { 0 };
	struct proc_status st;
	pid_t tgid = 0;
	snprintf(path, sizeof(path), "%d/status", (int)pid);
	if (read_proc_whole_at(root->proc_fd, path, &b) == 0 && parse_status(b.data, b.len, &st) == 0 &&
	    (st.have & ST_TGID) && st.tgid > 0 && st.tgid != pid)
		tgid = st.tgid;
	buf_free(&b);
	return tgid;
}

void sysroot_error_no_process(const struct sysroot *root, pid_t pid)
{
	pid_t tgid;
	if (sysroot_pid_hidden(root, pid))
		fprintf(stderr, "nsinspect: PID %d is hidden: /proc does not show other users' "
				"processes (hidepid)\n", (int)pid);
	else if ((tgid = thread_group_of(root, pid)) > 0)
		fprintf(stderr, "nsinspect: %d is a thread of process %d, not a process: give PID %d "
				"(show lists its threads that differ from the main one)\n",
			(int)pid, (int)tgid, (int)tgid);
	else
		fprintf(stderr, "nsinspect: no process with PID %d\n", (int)pid);
}

int sysroot_open_other_thread(const struct sysroot *root, pid_t pid, pid_t *tid)
{
	char path[48];
	snprintf(path, sizeof(path), "%d/task", (int)pid);
	int tasks = fs_openat(root->proc_fd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (tasks < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	/* the first few other threads; the listing is closed before one is
	 * opened, so that this needs one descriptor at a time */
	_Alignas(struct dirent64) char dents[4096];
	pid_t cands[16];
	size_t ncands = 0;
	long n = syscall(SYS_getdents64, tasks, dents, sizeof(dents));
	for (long off = 0; off < n && ncands < ARRAY_SIZE(cands);) {
		const struct dirent64 *d = (const struct dirent64 *)(dents + off);
		off += d->d_reclen;
		pid_t t;
		if (parse_pid(d->d_name, &t) && t != pid)
			cands[ncands++] = t;
	}
	close(tasks);
	for (size_t i = 0; i < ncands; i++) {
		snprintf(path, sizeof(path), "%d/task/%d", (int)pid, (int)cands[i]);
		int fd = fs_openat(root->proc_fd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE)
				return -errno;
			continue; /* ended meanwhile */
		}
		/* an exited thread that a tracer has not reaped yet is a
		 * zombie too: only a running one has namespace links
		 * (unreadable ones, EACCES, are there) */
		char link[64];
		if (readlinkat(fd, "ns/mnt", link, sizeof(link)) < 0 && errno == ENOENT) {
			close(fd);
			continue;
		}
		*tid = cands[i];
		return fd;
	}
	return -ESRCH;
}
