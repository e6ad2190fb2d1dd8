/* A classic-BPF evaluator for seccomp filters, pure (no I/O): runs a
 * filter for one syscall number and architecture with the instruction
 * pointer and arguments unknown, following both branches of a jump that
 * depends on an unknown value (as the kernel's seccomp_is_const_allow
 * reasons), and collects every action the filter may return. */
#ifndef NSINSPECT_BPF_H
#define NSINSPECT_BPF_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUDIT_ARCH_X86_64_VALUE 0xc000003eu
#define AUDIT_ARCH_I386_VALUE 0x40000003u
#define X32_SYSCALL_BIT_VALUE 0x40000000u

#define BPF_MAX_OUTCOMES 16

/* The actions a filter (or a stack of them) may return for one syscall. */
struct bpf_outcomes {
	uint32_t ret[BPF_MAX_OUTCOMES]; /* distinct return values, action and data */
	size_t n;
	bool unknown;   /* a return of an unknown value, or the step budget ran out */
};

/* false when prog is malformed (a jump or load out of range, no return at
 * the end): the kernel never hands out such a filter. */
bool bpf_validate(const struct sock_filter *prog, size_t len);

/* Evaluates a valid prog for syscall nr (with the x32 bit where it
 * applies) on arch.  out is filled afresh. */
void bpf_eval(const struct sock_filter *prog, size_t len, uint32_t arch, uint32_t nr,
	      struct bpf_outcomes *out);

/* All the evaluations of a run share one step budget (a hostile filter
 * must not cost hours of CPU): once it is spent, outcomes are unknown.
 * The reset is for tests and fuzzers, which run many programs. */
#define BPF_TOTAL_STEPS 30000000L
void bpf_eval_budget_reset(void);
bool bpf_eval_budget_spent(void);
long bpf_eval_steps_used(void); /* since the last reset */

/* The kernel's precedence between actions: lower is stronger
 * (KILL_PROCESS < KILL_THREAD < TRAP < ERRNO < USER_NOTIF < TRACE < LOG <
 * ALLOW). */
int32_t seccomp_action_rank(uint32_t ret);

/* Stacked filters: the kernel runs all and keeps the strongest action
 * (the newest filter's among equals).  acc holds the older filters, next
 * the newer one; acc becomes every outcome the stack can produce.  An
 * empty acc is the identity (no filter yet). */
void bpf_outcomes_stack(struct bpf_outcomes *acc, const struct bpf_outcomes *next);

/* "ALLOW", "ERRNO(EPERM)", "KILL_PROCESS", ... into buf. */
const char *seccomp_action_text(uint32_t ret, char *buf, size_t sz);

/* The outcome for a report: one action, or "conditional {A, B}". */
char *bpf_outcomes_text(const struct bpf_outcomes *o);

#endif
