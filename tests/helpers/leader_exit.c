/* Test helper: a process whose main thread exits while another runs, and
 * whose /proc/PID therefore shows the main thread's leftovers (see
 * sysroot_open_other_thread).  The main thread, before it exits:
 *   - moves the process into new net and uts namespaces, then a new ipc
 *     namespace that only a descriptor keeps (it goes back to the old
 *     one), so every trace of them is in ns/ and fd/;
 *   - starts the worker thread, which inherits all of that and every
 *     capability, takes a seccomp filter of its own (refusing swapon(2),
 *     without no_new_privs: it has CAP_SYS_ADMIN), and sleeps;
 *   - takes for itself alone a seccomp filter refusing acct(2),
 *     no_new_privs and an empty capability set.
 * So /proc/PID/status says zombie, no capabilities, no_new_privs, a
 * filter on acct; the process at work has every capability, and a filter
 * on swapon only.
 * Prints "PID TID" (TID: the worker) once the main thread is about to
 * exit, then exits it. */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <pthread.h>
#include <sched.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static pid_t worker_tid;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t started = PTHREAD_COND_INITIALIZER;

/* A filter for the calling thread alone (libseccomp leaves TSYNC off)
 * that refuses one syscall with EPERM. */
static int refuse(int syscall_nr, int nnp)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int rc = !ctx || seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, (uint32_t)nnp) < 0 ||
			 seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), syscall_nr, 0) < 0 ||
			 seccomp_load(ctx) < 0
		     ? -1
		     : 0;
	if (ctx)
		seccomp_release(ctx);
	return rc;
}

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	/* 0 once the filter is in: the main thread prints only then */
	worker_tid = refuse(SCMP_SYS(swapon), 0) == 0 ? (pid_t)syscall(SYS_gettid) : -1;
	pthread_cond_signal(&started);
	pthread_mutex_unlock(&lock);
	for (;;)
		pause();
	return NULL;
}

static int fail(const char *what)
{
	fprintf(stderr, "leader_exit: %s: %s\n", what, strerror(errno));
	return 1;
}

int main(void)
{
	int old_ipc = open("/proc/self/ns/ipc", O_RDONLY | O_CLOEXEC);
	if (old_ipc < 0)
		return fail("open ns/ipc");
	if (unshare(CLONE_NEWNET | CLONE_NEWUTS) < 0)
		return fail("unshare net, uts");
	if (unshare(CLONE_NEWIPC) < 0)
		return fail("unshare ipc");
	/* the new ipc namespace: held by this descriptor only */
	if (open("/proc/self/ns/ipc", O_RDONLY) < 0)
		return fail("open new ns/ipc");
	if (setns(old_ipc, CLONE_NEWIPC) < 0)
		return fail("setns ipc");
	close(old_ipc);

	pthread_t t;
	if (pthread_create(&t, NULL, worker, NULL) != 0)
		return fail("pthread_create");
	pthread_mutex_lock(&lock);
	while (!worker_tid)
		pthread_cond_wait(&started, &lock);
	pthread_mutex_unlock(&lock);
	if (worker_tid < 0)
		return fail("seccomp in the worker");
	if (refuse(SCMP_SYS(acct), 1) < 0)
		return fail("seccomp");
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct none[2];
	memset(none, 0, sizeof(none));
	if (syscall(SYS_capset, &hdr, none) < 0)
		return fail("capset");

	printf("%d %d\n", (int)getpid(), (int)worker_tid);
	fflush(stdout);
	syscall(SYS_exit, 0); /* this thread alone, not exit_group */
	return 0;
}
