#include "seccomp_read.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "util.h"

#ifndef PTRACE_EVENT_STOP
#define PTRACE_EVENT_STOP 128
#endif

/* The process we hold stopped, for the signal handlers. */
static volatile sig_atomic_t attached_pid;

static void detach_and_die(int sig)
{
	pid_t pid = (pid_t)attached_pid;
	if (pid > 0)
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
	/* die of the same signal, as the shell expects */
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);
}

static const int held_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };

static void guard(struct sigaction *old)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = detach_and_die;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(held_signals); i++)
		sigaction(held_signals[i], &sa, &old[i]);
}

static void unguard(const struct sigaction *old)
{
	for (size_t i = 0; i < ARRAY_SIZE(held_signals); i++)
		sigaction(held_signals[i], &old[i], NULL);
}

static int status_of(const struct sysroot *root, pid_t pid, struct proc_status *st)
{
	char path[32];
	struct buf b = { 0 };
	snprintf(path, sizeof(path), "%d/status", (int)pid);
	int err = read_file_at(root->proc_fd, path, &b);
	if (!err && parse_status(b.data, b.len, st) < 0)
		err = -ESRCH;
	buf_free(&b);
	return err;
}

static pid_t tracer_of(const struct sysroot *root, pid_t pid)
{
	char path[32];
	struct buf b = { 0 };
	pid_t tracer = 0;
	snprintf(path, sizeof(path), "%d/status", (int)pid);
	if (read_file_at(root->proc_fd, path, &b) == 0) {
		const char *t = strstr(b.data, "\nTracerPid:");
		if (t)
			tracer = (pid_t)atoi(t + 11);
	}
	buf_free(&b);
	return tracer;
}

/* Test hook: keep the target stopped this long so a test can kill
 * nsinspect mid-read and see the target resume. */
static void test_hold(void)
{
	const char *ms = getenv("NSINSPECT_SECCOMP_HOLD_MS");
	if (!ms || !*ms)
		return;
	long v = atol(ms);
	if (v <= 0 || v > 60000)
		return;
	struct timespec ts = { v / 1000, (v % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int read_all(pid_t pid, struct seccomp_prog **out, size_t *n)
{
	for (unsigned long i = 0;; i++) {
		long len = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)i, NULL);
		if (len < 0)
			return errno == ENOENT && i > 0 ? 0 : -errno;
		if (len == 0 || len > BPF_MAXINSNS)
			return -EINVAL;
		struct sock_filter *insns = xcalloc((size_t)len, sizeof(*insns));
		long got = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)i, insns);
		if (got != len) {
			int e = got < 0 ? errno : EAGAIN;
			free(insns);
			return -e;
		}
		*out = xrealloc(*out, (*n + 1) * sizeof(**out));
		(*out)[(*n)++] = (struct seccomp_prog){ insns, (size_t)len };
	}
}

int seccomp_read_filters(const struct sysroot *root, pid_t pid, struct seccomp_prog **out,
			 size_t *n, pid_t *tracer)
{
	*out = NULL;
	*n = 0;
	*tracer = 0;
	if (!root->live)
		return -SECCOMP_READ_NOT_LIVE;
	/* The kernel refuses GET_FILTER to a caller under seccomp; say so
	 * rather than blame permissions. */
	struct proc_status self;
	memset(&self, 0, sizeof(self));
	if (status_of(root, getpid(), &self) == 0 && (self.have & ST_SECCOMP) && self.seccomp)
		return -SECCOMP_READ_SELF;
	pid_t t = tracer_of(root, pid);
	if (t > 0) {
		*tracer = t;
		return -SECCOMP_READ_TRACED;
	}

	struct sigaction old[ARRAY_SIZE(held_signals)];
	sigset_t block, saved;
	sigemptyset(&block);
	for (size_t i = 0; i < ARRAY_SIZE(held_signals); i++)
		sigaddset(&block, held_signals[i]);
	/* handlers first, then attach with them blocked, so no signal falls
	 * between the attach and the moment the handler knows the pid */
	guard(old);
	sigprocmask(SIG_BLOCK, &block, &saved);
	if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) < 0) {
		int e = errno;
		sigprocmask(SIG_SETMASK, &saved, NULL);
		unguard(old);
		if (e == EPERM && (t = tracer_of(root, pid)) > 0) {
			*tracer = t;
			return -SECCOMP_READ_TRACED;
		}
		return -e;
	}
	attached_pid = pid;
	sigprocmask(SIG_SETMASK, &saved, NULL);

	int err = 0, status, resume_sig = 0;
	if (ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) < 0) {
		err = -errno;
	} else {
		pid_t w;
		while ((w = waitpid(pid, &status, __WALL)) < 0 && errno == EINTR)
			;
		if (w < 0) {
			err = -errno;
		} else if (WIFEXITED(status) || WIFSIGNALED(status)) {
			err = -ESRCH;
			attached_pid = 0;
		} else if (WIFSTOPPED(status) && (status >> 16) != PTRACE_EVENT_STOP) {
			/* a signal-delivery stop came first: hand the
			 * signal back on detach so it is not lost */
			resume_sig = WSTOPSIG(status);
		}
	}
	if (!err) {
		test_hold();
		err = read_all(pid, out, n);
	}
	sigprocmask(SIG_BLOCK, &block, &saved);
	if (attached_pid)
		ptrace(PTRACE_DETACH, pid, NULL, (void *)(long)resume_sig);
	attached_pid = 0;
	sigprocmask(SIG_SETMASK, &saved, NULL);
	unguard(old);
	if (err) {
		seccomp_progs_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return err;
}

void seccomp_progs_free(struct seccomp_prog *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i].insns);
	free(p);
}

const char *seccomp_read_strerror(int err)
{
	switch (-err) {
	case SECCOMP_READ_TRACED: return "the process is already traced";
	case SECCOMP_READ_SELF: return "nsinspect itself runs under seccomp, and the kernel refuses it the filters";
	case SECCOMP_READ_NOT_LIVE: return "filters can only be read from live processes, not from a captured sysroot";
	case EPERM:
	case EACCES: return "not permitted: reading filters needs CAP_SYS_ADMIN in the initial user namespace";
	case EINVAL: return "the kernel cannot hand out filters (built without CONFIG_CHECKPOINT_RESTORE?)";
	case ESRCH: return "the process is gone";
	default: return strerror(-err);
	}
}
