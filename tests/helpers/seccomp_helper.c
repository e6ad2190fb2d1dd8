/* Test helper: installs seccomp filters with libseccomp, then waits
 * forever (pause).  Modes:
 *   kill-execve  one filter: execve kills the process, all else allowed
 *   stacked      two filters with overlapping rules and an argument-
 *                dependent one (see tests/integration/seccomp.bats)
 *   strict       SECCOMP_MODE_STRICT, then blocks in read() on a pipe
 *   run CMD...   a filter that only refuses acct(2), then runs CMD under it
 *   no-openat2 CMD...  openat2 fails with ENOSYS (as under an old seccomp
 *                profile or kernel), then runs CMD
 *   vfork        the acct filter, then vfork: the parent waits (killable,
 *                not interruptible) for a child that never execs, so a
 *                tracer's PTRACE_INTERRUPT cannot stop it; prints its PID
 *   branchy      a filter of 30 "load argument i; jump on it" pairs that
 *                always allows (2^30 paths for an evaluator that follows
 *                both sides of each unknown jump)
 *   diverge      40 stages "load argument; jump on it past a store of a
 *                constant into scratch memory": paths whose states never
 *                meet again (2^16 and more), which no merging saves
 *   threads [N [leader-exit]]
 *                a second thread (N of them) loads the acct filter (no TSYNC: that
 *                thread only, with no_new_privs) and enters a UTS
 *                namespace of its own; then the main thread drops every
 *                capability (capset: that thread only); the thread's
 *                name holds an escape sequence and a tab; prints
 *                "PID TID" and waits; with leader-exit, a plain thread
 *                is made first and the main thread exits after printing */
#include <errno.h>
#include <linux/capability.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int load(scmp_filter_ctx ctx)
{
	int rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc < 0)
		fprintf(stderr, "seccomp_load: %s\n", strerror(-rc));
	return rc;
}

/* A filter of raw instructions, for programs libseccomp would not make. */
static int load_raw(struct sock_filter *insns, size_t n)
{
	struct sock_fprog prog = { (unsigned short)n, insns };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0) {
		perror("seccomp");
		return -1;
	}
	return 0;
}

/* Runs cmd under a filter that fails syscall nr with errno e. */
static int run_refusing(int nr, int e, char **cmd)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	seccomp_rule_add(ctx, SCMP_ACT_ERRNO(e), nr, 0);
	if (load(ctx) < 0)
		return 1;
	execvp(cmd[0], cmd);
	perror(cmd[0]);
	return 127;
}

static sem_t thread_ready;
static pid_t thread_tid; /* the first odd thread's */

/* The thread that keeps its privileges and gets what the main one lacks. */
static void *odd_thread(void *arg)
{
	(void)arg;
	pid_t tid = (pid_t)syscall(SYS_gettid);
	__sync_bool_compare_and_swap(&thread_tid, 0, tid);
	/* a name no terminal should get raw */
	prctl(PR_SET_NAME, "odd\033[31m\tthr", 0, 0, 0);
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(acct), 0);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || load(ctx) < 0 || unshare(CLONE_NEWUTS) < 0) {
		perror("odd thread");
		_exit(1);
	}
	sem_post(&thread_ready);
	for (;;)
		pause();
	return NULL;
}

static void *plain_thread(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* leader_exit: a plain thread first, and the main thread exits at the end,
 * so that /proc/PID is read through a thread that runs, the plain one. */
static int odd_thread_out(int n, bool leader_exit)
{
	pthread_t th;
	sem_init(&thread_ready, 0, 0);
	if (leader_exit && pthread_create(&th, NULL, plain_thread, NULL) != 0)
		return 1;
	for (int i = 0; i < n; i++) {
		if (pthread_create(&th, NULL, odd_thread, NULL) != 0)
			return 1;
		/* one at a time: the first made prints its TID */
		while (sem_wait(&thread_ready) < 0 && errno == EINTR)
			;
	}
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct none[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
	if (syscall(SYS_capset, &hdr, none) < 0) {
		perror("capset");
		return 1;
	}
	printf("%d %d\n", (int)getpid(), (int)thread_tid);
	fflush(stdout);
	if (leader_exit)
		pthread_exit(NULL);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	if (!strcmp(mode, "kill-execve")) {
		scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
		seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(execve), 0);
		if (load(ctx) < 0)
			return 1;
	} else if (!strcmp(mode, "stacked")) {
		/* older filter */
		scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
		seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(mount), 0);
		seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(umount2), 0);
		seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(uname), 0);
		seccomp_rule_add(ctx, SCMP_ACT_LOG, SCMP_SYS(getppid), 0);
		if (load(ctx) < 0)
			return 1;
		/* newer filter: TRAP beats ERRNO; between two ERRNOs the
		 * newer filter's wins; personality depends on its argument */
		ctx = seccomp_init(SCMP_ACT_ALLOW);
		seccomp_rule_add(ctx, SCMP_ACT_TRAP, SCMP_SYS(mount), 0);
		seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(umount2), 0);
		seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EINVAL), SCMP_SYS(personality), 1,
				 SCMP_A0(SCMP_CMP_NE, 0));
		if (load(ctx) < 0)
			return 1;
	} else if (!strcmp(mode, "run") && argc > 2) {
		return run_refusing(SCMP_SYS(acct), EPERM, argv + 2);
	} else if (!strcmp(mode, "no-openat2") && argc > 2) {
		/* as under a seccomp profile older than openat2 */
		return run_refusing(SCMP_SYS(openat2), ENOSYS, argv + 2);
	} else if (!strcmp(mode, "vfork")) {
		scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
		seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(acct), 0);
		if (load(ctx) < 0)
			return 1;
		printf("%d\n", (int)getpid());
		fflush(stdout);
		pid_t child = vfork();
		if (child == 0)
			for (;;)
				syscall(SYS_pause);
		/* back when the child is killed: then waits as the others */
	} else if (!strcmp(mode, "branchy")) {
		struct sock_filter insns[62];
		size_t k = 0;
		for (unsigned i = 0; i < 30; i++) {
			/* the low word of argument i % 6, then a jump on it: to
			 * the next load, or past it to the next jump */
			insns[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
				offsetof(struct seccomp_data, args) + 8 * (i % 6));
			insns[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, i, 0, 1);
		}
		insns[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
		insns[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
		if (load_raw(insns, k) < 0)
			return 1;
	} else if (!strcmp(mode, "diverge")) {
		struct sock_filter insns[4 * 40 + 1];
		size_t k = 0;
		for (unsigned i = 0; i < 40; i++) {
			insns[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
				offsetof(struct seccomp_data, args) + 8 * (i % 6));
			insns[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, i, 0, 1);
			insns[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_IMM, i + 1);
			insns[k++] = (struct sock_filter)BPF_STMT(BPF_ST, i % 16);
		}
		insns[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
		if (load_raw(insns, k) < 0)
			return 1;
	} else if (!strcmp(mode, "threads")) {
		return odd_thread_out(argc > 2 ? atoi(argv[2]) : 1, argc > 3 && !strcmp(argv[3], "leader-exit"));
	} else if (!strcmp(mode, "strict")) {
		int fds[2];
		char c;
		if (pipe(fds) < 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT) < 0)
			return 1;
		for (;;)
			if (read(fds[0], &c, 1) < 0)
				break;
		return 0; /* exit is allowed in strict mode */
	} else {
		fprintf(stderr, "usage: seccomp_helper kill-execve|stacked|strict|vfork|branchy|diverge|threads [N [leader-exit]]|run CMD...|no-openat2 CMD...\n");
		return 2;
	}
	for (;;)
		pause();
}
