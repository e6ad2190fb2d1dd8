#include "seccomp_eval.h"

#include <linux/seccomp.h>
#include <seccomp.h>
#include <string.h>

#include "util.h"

const struct seccomp_arch seccomp_arches[] = {
	{ "x86_64", AUDIT_ARCH_X86_64_VALUE, 0, SCMP_ARCH_X86_64 },
	{ "x32", AUDIT_ARCH_X86_64_VALUE, X32_SYSCALL_BIT_VALUE, SCMP_ARCH_X32 },
	{ "i386", AUDIT_ARCH_I386_VALUE, 0, SCMP_ARCH_X86 },
};
const size_t seccomp_narches = ARRAY_SIZE(seccomp_arches);

const char *const seccomp_verdict_names[] = { "allowed", "blocked", "conditional" };

void seccomp_eval_stack(const struct seccomp_prog *progs, size_t n, const struct seccomp_arch *a,
			uint32_t nr, struct bpf_outcomes *acc)
{
	memset(acc, 0, sizeof(*acc));
	if (n == 0) {
		acc->ret[0] = SECCOMP_RET_ALLOW;
		acc->n = 1;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct bpf_outcomes one;
		bpf_eval(progs[i].insns, progs[i].len, a->audit_arch, a->nr_bit | nr, &one);
		bpf_outcomes_stack(acc, &one);
	}
}

enum seccomp_verdict seccomp_verdict_of(const struct bpf_outcomes *o)
{
	if (o->n != 1 || o->unknown)
		return SV_CONDITIONAL;
	int32_t r = seccomp_action_rank(o->ret[0]);
	return r >= seccomp_action_rank(SECCOMP_RET_LOG) ? SV_ALLOWED : SV_BLOCKED;
}

bool seccomp_same_outcomes(const struct bpf_outcomes *a, const struct bpf_outcomes *b)
{
	if (a->n != b->n || a->unknown != b->unknown)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		bool found = false;
		for (size_t j = 0; j < b->n && !found; j++)
			found = a->ret[i] == b->ret[j];
		if (!found)
			return false;
	}
	return true;
}

char *seccomp_syscall_name(const struct seccomp_arch *a, uint32_t nr)
{
	return seccomp_syscall_resolve_num_arch(a->scmp_arch, (int)nr);
}
