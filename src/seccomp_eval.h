/* What a stack of seccomp filters does with each syscall, per
 * architecture: the evaluation shared by `seccomp` (one process) and
 * `diff` (the syscalls whose verdict differs between two).  Pure: the
 * filters come from seccomp_read.c. */
#ifndef NSINSPECT_SECCOMP_EVAL_H
#define NSINSPECT_SECCOMP_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpf.h"
#include "seccomp_read.h"

/* Syscall numbers evaluated per arch; those without a name show only
 * when they differ from the arch's default. */
#define SECCOMP_MAX_NR 1024
/* A number no arch uses: what the filter does with "anything else". */
#define SECCOMP_UNUSED_NR 0x3fff

struct seccomp_arch {
	const char *name;    /* x86_64, x32, i386 */
	uint32_t audit_arch;
	uint32_t nr_bit;     /* the x32 bit */
	uint32_t scmp_arch;  /* libseccomp's, to name the syscalls */
};

extern const struct seccomp_arch seccomp_arches[];
extern const size_t seccomp_narches;

enum seccomp_verdict { SV_ALLOWED, SV_BLOCKED, SV_CONDITIONAL };
extern const char *const seccomp_verdict_names[]; /* "allowed", "blocked", "conditional" */

/* Every outcome of the stack for syscall nr of arch (nr without the x32
 * bit).  No filter at all (n == 0) allows everything. */
void seccomp_eval_stack(const struct seccomp_prog *progs, size_t n, const struct seccomp_arch *a,
			uint32_t nr, struct bpf_outcomes *acc);

/* allowed (ALLOW or LOG), blocked, or conditional (several outcomes). */
enum seccomp_verdict seccomp_verdict_of(const struct bpf_outcomes *o);

/* The same set of outcomes, in any order. */
bool seccomp_same_outcomes(const struct bpf_outcomes *a, const struct bpf_outcomes *b);

/* libseccomp's name of nr on arch, or NULL (the caller frees it). */
char *seccomp_syscall_name(const struct seccomp_arch *a, uint32_t nr);

#endif
