/* Test helper: installs seccomp filters with libseccomp, then waits
 * forever (pause).  Modes:
 *   kill-execve  one filter: execve kills the process, all else allowed
 *   stacked      two filters with overlapping rules and an argument-
 *                dependent one (see tests/integration/seccomp.bats)
 *   strict       SECCOMP_MODE_STRICT, then blocks in read() on a pipe
 *   run CMD...   a filter that only refuses acct(2), then runs CMD under it */
#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static int load(scmp_filter_ctx ctx)
{
	int rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc < 0)
		fprintf(stderr, "seccomp_load: %s\n", strerror(-rc));
	return rc;
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
		scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
		seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(acct), 0);
		if (load(ctx) < 0)
			return 1;
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		return 127;
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
		fprintf(stderr, "usage: seccomp_helper kill-execve|stacked|strict|run CMD...\n");
		return 2;
	}
	for (;;)
		pause();
}
