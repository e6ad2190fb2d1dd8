/* The classic-BPF evaluator and the stacking of seccomp actions (bpf.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <linux/seccomp.h>

#include "bpf.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The command files linked in call main.c's helpers; weak stand-ins so
 * this binary links whether or not they live outside main.c. */
struct option;
struct outopts;
__attribute__((weak)) void usage_error(const char *fmt, ...) { (void)fmt; }
__attribute__((weak)) void error_msg(const char *fmt, ...) { (void)fmt; }
__attribute__((weak)) void warn_msg(const char *fmt, ...) { (void)fmt; }
__attribute__((weak)) void getopt_error(int c, char **argv, const struct option *l)
{
	(void)c, (void)argv, (void)l;
}
__attribute__((weak)) bool outopts_apply(struct outopts *o, int c, const char *arg)
{
	(void)o, (void)c, (void)arg;
	return false;
}

#define LD_NR BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0)
#define LD_ARCH BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4)
#define LD_ARG0 BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 16)
#define RET(v) BPF_STMT(BPF_RET | BPF_K, (v))
#define X86_64 AUDIT_ARCH_X86_64_VALUE

/* arch check, then mount -> ERRNO(EPERM), personality depends on arg0,
 * getpid -> ALLOW, the rest -> KILL_PROCESS */
static const struct sock_filter prog[] = {
	LD_ARCH,
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, X86_64, 1, 0),
	RET(SECCOMP_RET_KILL_THREAD),
	LD_NR,
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 165, 0, 1),
	RET(SECCOMP_RET_ERRNO | 1),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 135, 0, 3),
	LD_ARG0,
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
	RET(SECCOMP_RET_ALLOW),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 39, 0, 1),
	RET(SECCOMP_RET_ALLOW),
	RET(SECCOMP_RET_KILL_PROCESS),
};

/* 30 pairs "load an argument; jump on it to the next load, or past it":
 * 2^30 paths that meet again in the same state.  Followed one by one they
 * took 35 s of CPU per filter; merged, a few hundred steps, and the
 * outcome is exact: ALLOW, not "ALLOW or unknown". */
static void test_eval_paths_meet(void **state)
{
	(void)state;
	struct sock_filter p[62];
	size_t k = 0;
	for (unsigned i = 0; i < 30; i++) {
		p[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 16 + 8 * (i % 6));
		p[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, i, 0, 1);
	}
	p[k++] = (struct sock_filter)RET(SECCOMP_RET_ALLOW);
	p[k++] = (struct sock_filter)RET(SECCOMP_RET_ALLOW);
	assert_true(bpf_validate(p, k));
	struct bpf_outcomes o;
	clock_t t0 = clock();
	for (uint32_t nr = 0; nr < 1024; nr++) {
		bpf_eval(p, k, X86_64, nr, &o);
		assert_false(o.unknown);
		assert_int_equal(o.n, 1);
		assert_int_equal(o.ret[0], SECCOMP_RET_ALLOW);
	}
	/* not a benchmark: only "not 2^30 steps" (well under a second) */
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
}

/* Paths that do not meet: each jump on an argument stores a known value
 * or the unknown one in a scratch word, so the states differ (2^16 of
 * them, and more stages after).  The evaluation stops at its step budget
 * with the outcome unknown, and the budget of the run shrinks. */
static void test_eval_budget(void **state)
{
	(void)state;
	struct sock_filter p[4 * 40 + 1];
	size_t k = 0;
	for (unsigned i = 0; i < 40; i++) {
		p[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 16 + 8 * (i % 6));
		p[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, i, 0, 1);
		p[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_IMM, i + 1);
		p[k++] = (struct sock_filter)BPF_STMT(BPF_ST, i % 16);
	}
	p[k++] = (struct sock_filter)RET(SECCOMP_RET_ALLOW);
	assert_true(bpf_validate(p, k));
	bpf_eval_budget_reset();
	struct bpf_outcomes o;
	bpf_eval(p, k, X86_64, 0, &o);
	assert_true(o.unknown);
	assert_false(bpf_eval_budget_spent());
	/* once the run's budget is spent, every outcome is unknown at once */
	while (!bpf_eval_budget_spent())
		bpf_eval(p, k, X86_64, 0, &o);
	bpf_eval(prog, ARRAY_LEN(prog), X86_64, 39, &o);
	assert_true(o.unknown);
	bpf_eval_budget_reset();
	bpf_eval(prog, ARRAY_LEN(prog), X86_64, 39, &o);
	assert_false(o.unknown);
}

static void test_validate(void **state)
{
	(void)state;
	assert_true(bpf_validate(prog, ARRAY_LEN(prog)));
	struct sock_filter bad_jump[] = { BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 5, 0), RET(0) };
	assert_false(bpf_validate(bad_jump, 2));
	struct sock_filter bad_load[] = { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 64), RET(0) };
	assert_false(bpf_validate(bad_load, 2));
	struct sock_filter no_ret[] = { LD_NR };
	assert_false(bpf_validate(no_ret, 1));
	assert_false(bpf_validate(prog, 0));
}

static void test_eval_known(void **state)
{
	(void)state;
	struct bpf_outcomes o;
	bpf_eval(prog, ARRAY_LEN(prog), X86_64, 165, &o);
	assert_int_equal(o.n, 1);
	assert_false(o.unknown);
	assert_int_equal(o.ret[0], SECCOMP_RET_ERRNO | 1);
	bpf_eval(prog, ARRAY_LEN(prog), X86_64, 39, &o);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.ret[0], SECCOMP_RET_ALLOW);
	bpf_eval(prog, ARRAY_LEN(prog), X86_64, 0, &o);
	assert_int_equal(o.ret[0], SECCOMP_RET_KILL_PROCESS);
	/* another arch */
	bpf_eval(prog, ARRAY_LEN(prog), AUDIT_ARCH_I386_VALUE, 165, &o);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.ret[0], SECCOMP_RET_KILL_THREAD);
}

static void test_eval_unknown_arg(void **state)
{
	(void)state;
	struct bpf_outcomes o;
	bpf_eval(prog, ARRAY_LEN(prog), X86_64, 135, &o);
	assert_int_equal(o.n, 2);
	assert_false(o.unknown);
	char *s = bpf_outcomes_text(&o);
	assert_string_equal(s, "conditional {KILL_PROCESS, ALLOW}");
	free(s);
}

static void test_eval_alu_and_mem(void **state)
{
	(void)state;
	/* A = nr & 0xff; M[0] = A; X = 7; A = M[0] + X; ret A when 12 */
	struct sock_filter p[] = {
		LD_NR,
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xff),
		BPF_STMT(BPF_ST, 0),
		BPF_STMT(BPF_LDX | BPF_IMM, 7),
		BPF_STMT(BPF_LD | BPF_MEM, 0),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 12, 0, 1),
		RET(SECCOMP_RET_TRAP),
		RET(SECCOMP_RET_ALLOW),
	};
	struct bpf_outcomes o;
	assert_true(bpf_validate(p, ARRAY_LEN(p)));
	bpf_eval(p, ARRAY_LEN(p), X86_64, 0x105, &o);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.ret[0], SECCOMP_RET_TRAP);
	bpf_eval(p, ARRAY_LEN(p), X86_64, 6, &o);
	assert_int_equal(o.ret[0], SECCOMP_RET_ALLOW);
	/* masking an unknown value with 0 makes it known */
	struct sock_filter q[] = {
		LD_ARG0,
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
		RET(SECCOMP_RET_ALLOW),
		RET(SECCOMP_RET_TRAP),
	};
	bpf_eval(q, ARRAY_LEN(q), X86_64, 1, &o);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.ret[0], SECCOMP_RET_ALLOW);
}

static void test_eval_ret_a_unknown(void **state)
{
	(void)state;
	struct sock_filter p[] = { LD_ARG0, BPF_STMT(BPF_RET | BPF_A, 0) };
	struct bpf_outcomes o;
	bpf_eval(p, 2, X86_64, 1, &o);
	assert_true(o.unknown);
	char *s = bpf_outcomes_text(&o);
	assert_string_equal(s, "conditional {?}");
	free(s);
	/* ret A of a known value */
	struct sock_filter r[] = { BPF_STMT(BPF_LD | BPF_IMM, SECCOMP_RET_LOG), BPF_STMT(BPF_RET | BPF_A, 0) };
	bpf_eval(r, 2, X86_64, 1, &o);
	assert_false(o.unknown);
	assert_int_equal(o.ret[0], SECCOMP_RET_LOG);
}

static void test_jset_and_ja(void **state)
{
	(void)state;
	/* x32 check: nr & 0x40000000 -> ERRNO(ENOSYS) */
	struct sock_filter p[] = {
		LD_NR,
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, X32_SYSCALL_BIT_VALUE, 0, 1),
		RET(SECCOMP_RET_ERRNO | 38),
		BPF_STMT(BPF_JMP | BPF_JA, 1),
		RET(SECCOMP_RET_KILL_PROCESS),
		RET(SECCOMP_RET_ALLOW),
	};
	struct bpf_outcomes o;
	assert_true(bpf_validate(p, ARRAY_LEN(p)));
	bpf_eval(p, ARRAY_LEN(p), X86_64, X32_SYSCALL_BIT_VALUE | 1, &o);
	assert_int_equal(o.ret[0], SECCOMP_RET_ERRNO | 38);
	char buf[48];
	assert_string_equal(seccomp_action_text(o.ret[0], buf, sizeof(buf)), "ERRNO(ENOSYS)");
	bpf_eval(p, ARRAY_LEN(p), X86_64, 1, &o);
	assert_int_equal(o.ret[0], SECCOMP_RET_ALLOW);
}

static struct bpf_outcomes outs(size_t n, const uint32_t *r)
{
	struct bpf_outcomes o = { 0 };
	for (size_t i = 0; i < n; i++)
		o.ret[o.n++] = r[i];
	return o;
}

static void test_stack_precedence(void **state)
{
	(void)state;
	/* KILL_PROCESS > KILL_THREAD > TRAP > ERRNO > USER_NOTIF > TRACE > LOG > ALLOW */
	static const uint32_t order[] = {
		SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD, SECCOMP_RET_TRAP, SECCOMP_RET_ERRNO | 1,
		SECCOMP_RET_USER_NOTIF,   SECCOMP_RET_TRACE,       SECCOMP_RET_LOG,  SECCOMP_RET_ALLOW,
	};
	for (size_t i = 0; i < ARRAY_LEN(order); i++)
		for (size_t j = 0; j < ARRAY_LEN(order); j++) {
			struct bpf_outcomes acc = { 0 }, a = outs(1, &order[i]), b = outs(1, &order[j]);
			bpf_outcomes_stack(&acc, &a);
			bpf_outcomes_stack(&acc, &b);
			assert_int_equal(acc.n, 1);
			assert_int_equal(acc.ret[0], order[i < j ? i : j]);
		}
	/* equal actions: the newer filter's data wins */
	uint32_t e1 = SECCOMP_RET_ERRNO | 1, e13 = SECCOMP_RET_ERRNO | 13;
	struct bpf_outcomes acc = { 0 }, a = outs(1, &e1), b = outs(1, &e13);
	bpf_outcomes_stack(&acc, &a);
	bpf_outcomes_stack(&acc, &b);
	assert_int_equal(acc.ret[0], e13);
	/* conditional {ERRNO, ALLOW} under a TRAP filter: always TRAP */
	uint32_t cond[] = { SECCOMP_RET_ERRNO | 1, SECCOMP_RET_ALLOW }, trap = SECCOMP_RET_TRAP;
	acc = (struct bpf_outcomes){ 0 };
	a = outs(2, cond);
	b = outs(1, &trap);
	bpf_outcomes_stack(&acc, &a);
	bpf_outcomes_stack(&acc, &b);
	assert_int_equal(acc.n, 1);
	assert_int_equal(acc.ret[0], SECCOMP_RET_TRAP);
	/* under LOG it stays conditional: {ERRNO, LOG} */
	uint32_t logv = SECCOMP_RET_LOG;
	acc = (struct bpf_outcomes){ 0 };
	b = outs(1, &logv);
	bpf_outcomes_stack(&acc, &a);
	bpf_outcomes_stack(&acc, &b);
	char *s = bpf_outcomes_text(&acc);
	assert_string_equal(s, "conditional {ERRNO(EPERM), LOG}");
	free(s);
}

static void test_action_text(void **state)
{
	(void)state;
	char buf[48];
	assert_string_equal(seccomp_action_text(SECCOMP_RET_ERRNO | 1, buf, sizeof(buf)), "ERRNO(EPERM)");
	assert_string_equal(seccomp_action_text(SECCOMP_RET_ERRNO | 4000, buf, sizeof(buf)), "ERRNO(4000)");
	assert_string_equal(seccomp_action_text(SECCOMP_RET_KILL_THREAD, buf, sizeof(buf)), "KILL_THREAD");
	assert_string_equal(seccomp_action_text(SECCOMP_RET_USER_NOTIF, buf, sizeof(buf)), "USER_NOTIF");
	assert_string_equal(seccomp_action_text(SECCOMP_RET_TRACE | 5, buf, sizeof(buf)), "TRACE");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_eval_known),
		cmocka_unit_test(test_eval_unknown_arg),
		cmocka_unit_test(test_eval_alu_and_mem),
		cmocka_unit_test(test_eval_ret_a_unknown),
		cmocka_unit_test(test_jset_and_ja),
		cmocka_unit_test(test_stack_precedence),
		cmocka_unit_test(test_action_text),
		cmocka_unit_test(test_eval_paths_meet),
		cmocka_unit_test(test_eval_budget),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
