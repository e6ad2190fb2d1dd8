/* libFuzzer target: the seccomp classic-BPF validator and evaluator of
 * src/bpf.c on random programs (the input is an array of struct
 * sock_filter): backward and out-of-range jumps, loads past struct
 * seccomp_data, scratch memory out of range, division by zero, programs
 * that fall off the end.  bpf_validate() must refuse what bpf_eval() could
 * not run safely; the evaluator must end within its step budget. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "util.h"

static void check(const struct bpf_outcomes *o)
{
	if (o->n > BPF_MAX_OUTCOMES)
		abort();
	for (size_t i = 0; i < o->n; i++)
		for (size_t j = i + 1; j < o->n; j++)
			if (o->ret[i] == o->ret[j])
				abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = size / sizeof(struct sock_filter);
	/* an exact-size copy, so ASan sees any read past the end */
	struct sock_filter *prog = xmalloc(len ? len * sizeof(*prog) : 1);
	memcpy(prog, data, len * sizeof(*prog));

	if (bpf_validate(prog, len)) {
		bpf_eval_budget_reset(); /* each input gets the whole budget */
		static const uint32_t arches[] = { AUDIT_ARCH_X86_64_VALUE, AUDIT_ARCH_I386_VALUE };
		static const uint32_t nrs[] = { 0, 59, 231, X32_SYSCALL_BIT_VALUE | 59, 0xffffffffu };
		struct bpf_outcomes acc = { 0 };
		for (size_t a = 0; a < 2; a++) {
			for (size_t i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
				struct bpf_outcomes o;
				bpf_eval(prog, len, arches[a], nrs[i], &o);
				check(&o);
				free(bpf_outcomes_text(&o));
				bpf_outcomes_stack(&acc, &o);
				check(&acc);
			}
		}
		char tmp[64];
		for (size_t i = 0; i < acc.n; i++) {
			seccomp_action_text(acc.ret[i], tmp, sizeof(tmp));
			if (!memchr(tmp, '\0', sizeof(tmp)))
				abort();
			seccomp_action_rank(acc.ret[i]);
		}
	}
	free(prog);
	return 0;
}
