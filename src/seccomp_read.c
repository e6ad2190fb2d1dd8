#include "seccomp_read.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
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
	/* that is the tracing thread: name its process */
	snprintf(path, sizeof(path), "%d/status", (int)tracer);
	if (tracer > 0 && read_file_at(root->proc_fd, path, &b) == 0) {
		const char *t = strstr(b.data, "\nTgid:");
		if (t && atoi(t + 6) > 0)
			tracer = (pid_t)atoi(t + 6);
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

/* How long a target may take to stop.  A process waiting for its vfork
 * child (or in another uninterruptible sleep) does not stop until that
 * ends, which a hostile one can make never. */
#define STOP_WAIT_MS 2000

/* One attach, read and detach, done by a thread of its own: when the
 * target will not stop, the thread gives up and exits, and the kernel
 * detaches a tracee whose tracer exits; it does not stop later for a
 * tracer that has moved on. */
struct tracer_job {
	pid_t pid;
	int err;
	struct seccomp_prog *progs;
	size_t n;
};

/* Waits for the stop PTRACE_INTERRUPT asked for: 0, -ESRCH when the
 * target died, -SECCOMP_READ_BUSY after STOP_WAIT_MS; *resume_sig is a
 * signal whose delivery stop came first. */
static int wait_for_stop(pid_t pid, int *resume_sig)
{
	struct timespec start, now;
	long nap_us = 10;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		int status;
		pid_t w = waitpid(pid, &status, __WALL | WNOHANG);
		if (w < 0 && errno != EINTR)
			return -errno;
		if (w == pid) {
			if (WIFEXITED(status) || WIFSIGNALED(status))
				return -ESRCH;
			/* a signal-delivery stop came first: hand the signal
			 * back on detach so it is not lost */
			if (WIFSTOPPED(status) && (status >> 16) != PTRACE_EVENT_STOP)
				*resume_sig = WSTOPSIG(status);
			return 0;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 >= STOP_WAIT_MS)
			return -SECCOMP_READ_BUSY;
		struct timespec nap = { 0, nap_us * 1000 };
		nanosleep(&nap, NULL);
		if (nap_us < 20000)
			nap_us *= 2;
	}
}

static void *tracer_thread(void *arg)
{
	struct tracer_job *j = arg;
	if (ptrace(PTRACE_SEIZE, j->pid, NULL, NULL) < 0) {
		j->err = -errno;
		return NULL;
	}
	int resume_sig = 0;
	if (ptrace(PTRACE_INTERRUPT, j->pid, NULL, NULL) < 0)
		j->err = -errno;
	else
		j->err = wait_for_stop(j->pid, &resume_sig);
	if (!j->err) {
		test_hold();
		j->err = read_all(j->pid, &j->progs, &j->n);
	}
	/* stopped: detach now; dead: nothing to do; never stopped: this
	 * thread's exit detaches it */
	if (j->err != -ESRCH && j->err != -SECCOMP_READ_BUSY)
		ptrace(PTRACE_DETACH, j->pid, NULL, (void *)(long)resume_sig);
	return NULL;
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

	/* No signal handler: a signal that ends nsinspect ends the tracer
	 * thread, and the kernel detaches the target (exit_ptrace), stopped
	 * or not; only the tracer thread could detach it anyway. */
	struct tracer_job job = { .pid = pid };
	pthread_t th;
	int e = pthread_create(&th, NULL, tracer_thread, &job);
	if (e == 0)
		pthread_join(th, NULL);
	else
		job.err = -e;
	int err = job.err;
	if (err == -EPERM && (t = tracer_of(root, pid)) > 0) {
		*tracer = t;
		err = -SECCOMP_READ_TRACED;
	}
	if (err) {
		seccomp_progs_free(job.progs, job.n);
		return err;
	}
	*out = job.progs;
	*n = job.n;
	return 0;
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
	case SECCOMP_READ_BUSY: return "the process did not stop within 2 s to hand over its filters (it waits for a vfork child, or sleeps uninterruptibly): try again";
	case EPERM:
	case EACCES: return "not permitted: reading filters needs CAP_SYS_ADMIN in the initial user namespace";
	case EINVAL: return "the kernel cannot hand out filters (built without CONFIG_CHECKPOINT_RESTORE?)";
	case ESRCH: return "the process is gone";
	default: return strerror(-err);
	}
}
