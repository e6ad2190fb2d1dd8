/* Reads the seccomp filters of a live process with ptrace: PTRACE_SEIZE,
 * PTRACE_INTERRUPT, PTRACE_SECCOMP_GET_FILTER for each, and an immediate
 * detach, by a thread of its own.  The target is never left stopped: the
 * kernel detaches a tracee whose tracer exits, whether nsinspect is ended
 * by a signal or the thread gives up on a target that does not stop
 * within 2 s (one waiting for its vfork child). */
#ifndef NSINSPECT_SECCOMP_READ_H
#define NSINSPECT_SECCOMP_READ_H

#include <linux/filter.h>
#include <stddef.h>
#include <sys/types.h>

#include "sysroot.h"

struct seccomp_prog {
	struct sock_filter *insns;
	size_t len;
};

/* Errors beside -errno of ptrace, for a clear message. */
enum {
	SECCOMP_READ_TRACED = 1000,  /* the target already has a tracer */
	SECCOMP_READ_SELF,           /* nsinspect itself runs under seccomp */
	SECCOMP_READ_NOT_LIVE,       /* a captured sysroot: nothing to attach to */
	SECCOMP_READ_BUSY,           /* the target did not stop in time (vfork) */
};

/* Fills *out with the filters of pid, oldest first (index 0 of
 * PTRACE_SECCOMP_GET_FILTER is the oldest, whatever ptrace(2) says).
 * Returns 0, -errno (-EPERM, -EACCES, -EINVAL, -ESRCH) or
 * -SECCOMP_READ_*.  *tracer is set for -SECCOMP_READ_TRACED. */
int seccomp_read_filters(const struct sysroot *root, pid_t pid, struct seccomp_prog **out,
			 size_t *n, pid_t *tracer);
void seccomp_progs_free(struct seccomp_prog *p, size_t n);

/* A message for an error of seccomp_read_filters. */
const char *seccomp_read_strerror(int err);

#endif
