/* Benchmark: decode the seccomp filters of a live process (Docker's
 * default profile is 974 instructions on Docker 20.10) for every syscall
 * number 0..1023 of x86_64, x32 and i386, the way `nsinspect seccomp`
 * does.  Prints the best and median time of a number of rounds.
 * Usage: seccomp_decode PID [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bpf.h"
#include "seccomp_read.h"
#include "sysroot.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: seccomp_decode PID [ROUNDS]\n");
		return 2;
	}
	int rounds = argc > 2 ? atoi(argv[2]) : 50;
	if (rounds < 1)
		rounds = 1;
	struct sysroot root;
	if (sysroot_open(&root, "/") < 0)
		return 1;
	struct seccomp_prog *progs;
	size_t n;
	pid_t tracer;
	int err = seccomp_read_filters(&root, (pid_t)atoi(argv[1]), &progs, &n, &tracer);
	if (err) {
		fprintf(stderr, "seccomp_decode: %s\n", seccomp_read_strerror(err));
		return 1;
	}
	static const uint32_t arches[][2] = {
		{ AUDIT_ARCH_X86_64_VALUE, 0 },
		{ AUDIT_ARCH_X86_64_VALUE, X32_SYSCALL_BIT_VALUE },
		{ AUDIT_ARCH_I386_VALUE, 0 },
	};
	size_t insns = 0;
	for (size_t i = 0; i < n; i++)
		insns += progs[i].len;
	double *t = calloc((size_t)rounds, sizeof(*t));
	unsigned long sink = 0;
	long steps = 0;
	for (int r = 0; r < rounds; r++) {
		bpf_eval_budget_reset();
		double t0 = now_ms();
		for (size_t a = 0; a < 3; a++)
			for (uint32_t nr = 0; nr < 1024; nr++) {
				struct bpf_outcomes acc = { 0 };
				for (size_t i = 0; i < n; i++) {
					struct bpf_outcomes one;
					bpf_eval(progs[i].insns, progs[i].len, arches[a][0], arches[a][1] | nr, &one);
					bpf_outcomes_stack(&acc, &one);
				}
				sink += acc.n;
			}
		t[r] = now_ms() - t0;
		steps = bpf_eval_steps_used();
	}
	qsort(t, (size_t)rounds, sizeof(*t), cmp_double);
	printf("%zu filter(s), %zu instructions, 3 arches x 1024 syscalls: best %.2f ms, median %.2f ms (%d rounds, %lu outcomes, %ld steps of the %ld million a run may take)\n",
	       n, insns, t[0], t[rounds / 2], rounds, sink / (unsigned long)rounds, steps,
	       BPF_TOTAL_STEPS / 1000000);
	free(t);
	seccomp_progs_free(progs, n);
	sysroot_close(&root);
	return 0;
}
