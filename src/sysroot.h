/* The one handle through which every kernel path is read.  A live host
 * uses "/"; --sysroot DIR (or NSINSPECT_SYSROOT) reads a captured tree, so
 * the same code serves tests on fixtures and post-mortem analysis. */
#ifndef NSINSPECT_SYSROOT_H
#define NSINSPECT_SYSROOT_H

#include <stdbool.h>
#include <sys/types.h>

struct sysroot {
	char *dir;    /* "/" for the live host */
	char *shown;  /* dir for messages: escaped, no trailing '/' ("" for "/"), so "%s/proc" reads well */
	int root_fd;  /* DIR itself */
	int proc_fd;  /* DIR/proc */
	int sys_fd;   /* DIR/sys, -1 when absent */
	bool live;    /* namespace ioctls and netlink only work on the live host */
};

/* Opens dir (NULL means NSINSPECT_SYSROOT, else "/").  On failure prints
 * an error and returns -1. */
int sysroot_open(struct sysroot *root, const char *dir);
void sysroot_close(struct sysroot *root);

/* For a PID that root's /proc does not show: true on the live host when
 * the process exists all the same, hidden from us (hidepid). */
bool sysroot_pid_hidden(const struct sysroot *root, pid_t pid);

/* Prints that PID is not under root's /proc: "no process with PID N", or
 * that it is hidden (sysroot_pid_hidden). */
void sysroot_error_no_process(const struct sysroot *root, pid_t pid);

/* A process whose main thread has exited while other threads run (the
 * main thread called pthread_exit) keeps /proc/PID as a zombie: its ns/,
 * fd/, root, exe and cmdline are gone with that thread, and its status
 * and cgroup show the dead thread's credentials and cgroups.  lsns, ps and
 * getpcaps read it so.  Every other thread's directory still holds what
 * the process uses: this opens PID/task/TID of one of them (*tid set), or
 * returns -ESRCH when there is none (a plain zombie, or a vanished
 * process), -EMFILE and the like when it cannot open one. */
int sysroot_open_other_thread(const struct sysroot *root, pid_t pid, pid_t *tid);

#endif
