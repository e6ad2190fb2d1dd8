#include "bpf.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* struct seccomp_data: nr (0), arch (4), instruction_pointer (8), args (16..63) */
#define SECCOMP_DATA_SIZE 64
/* Steps of one evaluation (one filter, arch and syscall), and of all the
 * evaluations of a run (BPF_TOTAL_STEPS): a filter that forks on unknown
 * values in ways memoisation cannot merge would otherwise cost hours of
 * CPU (3,072 evaluations per filter, hundreds of stacked filters).
 * Docker's default profile takes 534,000 steps for all of them (174 per
 * evaluation); the budget of a run is 56 times that, a few seconds at
 * worst. */
#define STEP_BUDGET 100000
static long steps_left = BPF_TOTAL_STEPS;

/* (pc, state) pairs already run from in one evaluation: the outcomes from
 * there are in the set already, so a second path that reaches the same
 * point in the same state adds nothing.  Without it, n jumps on unknown
 * arguments whose paths meet again cost 2^n. */
#define MEMO_MAX 65536

struct value {
	bool known;
	uint32_t v;
};

struct state {
	struct value a, x;
	struct value mem[BPF_MEMWORDS];
};

struct memo_slot {
	bool used;
	uint32_t pc;
	struct state s;
};

struct eval {
	const struct sock_filter *prog;
	size_t len;
	uint32_t arch;
	uint32_t nr;
	long steps;
	struct bpf_outcomes *out;
	struct memo_slot *memo; /* open addressing; NULL until the first fork */
	size_t memo_cap, memo_n;
};

void bpf_eval_budget_reset(void)
{
	steps_left = BPF_TOTAL_STEPS;
}

bool bpf_eval_budget_spent(void)
{
	return steps_left <= 0;
}

long bpf_eval_steps_used(void)
{
	return BPF_TOTAL_STEPS - (steps_left > 0 ? steps_left : 0);
}

/* Unknown values carry no number: compare and hash only what is known. */
static void normalise(struct state *s)
{
	if (!s->a.known)
		s->a.v = 0;
	if (!s->x.known)
		s->x.v = 0;
	for (int i = 0; i < BPF_MEMWORDS; i++)
		if (!s->mem[i].known)
			s->mem[i].v = 0;
}

static uint64_t state_hash(uint32_t pc, const struct state *s)
{
	uint64_t h = 1469598103934665603ULL ^ pc;
	const struct value *v = &s->a;
	for (int i = 0; i < 2 + BPF_MEMWORDS; i++, v++) {
		h = (h ^ (v->known ? v->v + 1ULL : 0)) * 1099511628211ULL;
		h ^= h >> 29;
	}
	return h;
}

static bool same_state(const struct state *a, const struct state *b)
{
	const struct value *x = &a->a, *y = &b->a;
	for (int i = 0; i < 2 + BPF_MEMWORDS; i++, x++, y++)
		if (x->known != y->known || x->v != y->v)
			return false;
	return true;
}

/* True when pc was reached before in state s; else remembers it (while
 * the table has room: past MEMO_MAX the step budget alone bounds the
 * work). */
static bool seen_before(struct eval *e, uint32_t pc, struct state s)
{
	normalise(&s);
	if (!e->memo) {
		e->memo_cap = 1024;
		e->memo = xcalloc(e->memo_cap, sizeof(*e->memo));
	}
	size_t mask = e->memo_cap - 1, i = (size_t)state_hash(pc, &s) & mask;
	for (; e->memo[i].used; i = (i + 1) & mask)
		if (e->memo[i].pc == pc && same_state(&e->memo[i].s, &s))
			return true;
	if (e->memo_n >= MEMO_MAX)
		return false;
	e->memo[i] = (struct memo_slot){ true, pc, s };
	if (++e->memo_n * 2 > e->memo_cap) {
		struct memo_slot *old = e->memo;
		size_t old_cap = e->memo_cap;
		e->memo_cap *= 2;
		e->memo = xcalloc(e->memo_cap, sizeof(*e->memo));
		mask = e->memo_cap - 1;
		for (size_t k = 0; k < old_cap; k++) {
			if (!old[k].used)
				continue;
			size_t j = (size_t)state_hash(old[k].pc, &old[k].s) & mask;
			while (e->memo[j].used)
				j = (j + 1) & mask;
			e->memo[j] = old[k];
		}
		free(old);
	}
	return false;
}

bool bpf_validate(const struct sock_filter *prog, size_t len)
{
	if (len == 0 || len > BPF_MAXINSNS)
		return false;
	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &prog[pc];
		switch (BPF_CLASS(f->code)) {
		case BPF_LD:
		case BPF_LDX:
			if (BPF_MODE(f->code) == BPF_ABS &&
			    (BPF_SIZE(f->code) != BPF_W || f->k % 4 || f->k >= SECCOMP_DATA_SIZE))
				return false;
			if (BPF_MODE(f->code) == BPF_MEM && f->k >= BPF_MEMWORDS)
				return false;
			if (BPF_MODE(f->code) == BPF_IND || BPF_MODE(f->code) == BPF_MSH)
				return false; /* seccomp refuses these */
			break;
		case BPF_ST:
		case BPF_STX:
			if (f->k >= BPF_MEMWORDS)
				return false;
			break;
		case BPF_JMP:
			if (BPF_OP(f->code) == BPF_JA) {
				if (f->k >= len - pc - 1)
					return false;
			} else if (pc + 1 + f->jt >= len || pc + 1 + f->jf >= len) {
				return false;
			}
			break;
		case BPF_ALU:
		case BPF_RET:
		case BPF_MISC:
			break;
		}
	}
	/* the last instruction must return: no falling off the end */
	return BPF_CLASS(prog[len - 1].code) == BPF_RET;
}

static void add_outcome(struct bpf_outcomes *o, uint32_t ret)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->ret[i] == ret)
			return;
	if (o->n < BPF_MAX_OUTCOMES)
		o->ret[o->n++] = ret;
	else
		o->unknown = true;
}

static struct value load_abs(const struct eval *e, uint32_t k)
{
	if (k == 0)
		return (struct value){ true, e->nr };
	if (k == 4)
		return (struct value){ true, e->arch };
	return (struct value){ false, 0 }; /* instruction pointer, arguments */
}

static struct value alu(uint16_t op, struct value a, struct value b)
{
	/* a few identities keep values known through masking */
	if (op == BPF_AND && b.known && b.v == 0)
		return (struct value){ true, 0 };
	if (op == BPF_MUL && b.known && b.v == 0)
		return (struct value){ true, 0 };
	if (op == BPF_NEG)
		return a.known ? (struct value){ true, -a.v } : a;
	if (!a.known || !b.known)
		return (struct value){ false, 0 };
	uint32_t x = a.v, y = b.v;
	switch (op) {
	case BPF_ADD: return (struct value){ true, x + y };
	case BPF_SUB: return (struct value){ true, x - y };
	case BPF_MUL: return (struct value){ true, x * y };
	case BPF_DIV: return y ? (struct value){ true, x / y } : (struct value){ false, 0 };
	case BPF_MOD: return y ? (struct value){ true, x % y } : (struct value){ false, 0 };
	case BPF_AND: return (struct value){ true, x & y };
	case BPF_OR: return (struct value){ true, x | y };
	case BPF_XOR: return (struct value){ true, x ^ y };
	case BPF_LSH: return (struct value){ true, y < 32 ? x << y : 0 };
	case BPF_RSH: return (struct value){ true, y < 32 ? x >> y : 0 };
	default: return (struct value){ false, 0 };
	}
}

/* Runs from pc with state s; forks at jumps on unknown values.  Jumps only
 * go forward, so every path ends. */
static void run(struct eval *e, size_t pc, struct state s)
{
	while (pc < e->len) {
		if (++e->steps > STEP_BUDGET || --steps_left < 0) {
			e->out->unknown = true;
			return;
		}
		const struct sock_filter *f = &e->prog[pc];
		struct value src = BPF_SRC(f->code) == BPF_X ? s.x : (struct value){ true, f->k };
		switch (BPF_CLASS(f->code)) {
		case BPF_LD:
			switch (BPF_MODE(f->code)) {
			case BPF_ABS: s.a = load_abs(e, f->k); break;
			case BPF_LEN: s.a = (struct value){ true, SECCOMP_DATA_SIZE }; break;
			case BPF_IMM: s.a = (struct value){ true, f->k }; break;
			case BPF_MEM: s.a = s.mem[f->k]; break;
			default: s.a = (struct value){ false, 0 }; break;
			}
			break;
		case BPF_LDX:
			switch (BPF_MODE(f->code)) {
			case BPF_LEN: s.x = (struct value){ true, SECCOMP_DATA_SIZE }; break;
			case BPF_IMM: s.x = (struct value){ true, f->k }; break;
			case BPF_MEM: s.x = s.mem[f->k]; break;
			default: s.x = (struct value){ false, 0 }; break;
			}
			break;
		case BPF_ST: s.mem[f->k] = s.a; break;
		case BPF_STX: s.mem[f->k] = s.x; break;
		case BPF_ALU: s.a = alu(BPF_OP(f->code), s.a, src); break;
		case BPF_MISC:
			if (BPF_MISCOP(f->code) == BPF_TAX)
				s.x = s.a;
			else
				s.a = s.x;
			break;
		case BPF_RET:
			if (BPF_RVAL(f->code) == BPF_A && !s.a.known)
				e->out->unknown = true;
			else
				add_outcome(e->out, BPF_RVAL(f->code) == BPF_A ? s.a.v : f->k);
			return;
		case BPF_JMP: {
			if (BPF_OP(f->code) == BPF_JA) {
				pc += 1 + f->k;
				continue;
			}
			int taken = -1; /* -1: unknown, both ways */
			if (s.a.known && src.known) {
				switch (BPF_OP(f->code)) {
				case BPF_JEQ: taken = s.a.v == src.v; break;
				case BPF_JGT: taken = s.a.v > src.v; break;
				case BPF_JGE: taken = s.a.v >= src.v; break;
				case BPF_JSET: taken = (s.a.v & src.v) != 0; break;
				default: taken = -1; break;
				}
			} else if (BPF_OP(f->code) == BPF_JSET && src.known && src.v == 0) {
				taken = 0;
			}
			if (taken < 0) {
				if (f->jt != f->jf && !seen_before(e, (uint32_t)(pc + 1 + f->jt), s))
					run(e, pc + 1 + f->jt, s);
				pc += 1 + f->jf;
				if (f->jt != f->jf && seen_before(e, (uint32_t)pc, s))
					return;
			} else {
				pc += 1 + (taken ? f->jt : f->jf);
			}
			continue;
		}
		default:
			e->out->unknown = true;
			return;
		}
		pc++;
	}
	e->out->unknown = true; /* fell off the end: only for unvalidated input */
}

void bpf_eval(const struct sock_filter *prog, size_t len, uint32_t arch, uint32_t nr,
	      struct bpf_outcomes *out)
{
	memset(out, 0, sizeof(*out));
	struct eval e = { prog, len, arch, nr, 0, out, NULL, 0, 0 };
	struct state s;
	memset(&s, 0, sizeof(s)); /* the kernel zeroes A, X and memory */
	s.a.known = s.x.known = true;
	for (int i = 0; i < BPF_MEMWORDS; i++)
		s.mem[i].known = true;
	if (steps_left <= 0)
		out->unknown = true;
	else
		run(&e, 0, s);
	free(e.memo);
}

int32_t seccomp_action_rank(uint32_t ret)
{
	return (int32_t)(ret & SECCOMP_RET_ACTION_FULL);
}

void bpf_outcomes_stack(struct bpf_outcomes *acc, const struct bpf_outcomes *next)
{
	if (!acc->n && !acc->unknown) {
		*acc = *next;
		return;
	}
	struct bpf_outcomes r = { .unknown = acc->unknown || next->unknown };
	for (size_t i = 0; i < acc->n; i++)
		for (size_t j = 0; j < next->n; j++) {
			uint32_t a = acc->ret[i], b = next->ret[j];
			/* next is the newer filter: the kernel walks from the
			 * newest down and keeps the first among equal actions */
			add_outcome(&r, seccomp_action_rank(b) <= seccomp_action_rank(a) ? b : a);
		}
	*acc = r;
}

const char *seccomp_action_text(uint32_t ret, char *buf, size_t sz)
{
	uint32_t data = ret & SECCOMP_RET_DATA;
	switch (ret & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS: snprintf(buf, sz, "KILL_PROCESS"); break;
	case SECCOMP_RET_KILL_THREAD: snprintf(buf, sz, "KILL_THREAD"); break;
	case SECCOMP_RET_TRAP: snprintf(buf, sz, "TRAP"); break;
	case SECCOMP_RET_ERRNO: {
		const char *name = data < 4096 ? strerrorname_np((int)data) : NULL;
		if (name)
			snprintf(buf, sz, "ERRNO(%s)", name);
		else
			snprintf(buf, sz, "ERRNO(%u)", data);
		break;
	}
	case SECCOMP_RET_USER_NOTIF: snprintf(buf, sz, "USER_NOTIF"); break;
	case SECCOMP_RET_TRACE: snprintf(buf, sz, "TRACE"); break;
	case SECCOMP_RET_LOG: snprintf(buf, sz, "LOG"); break;
	case SECCOMP_RET_ALLOW: snprintf(buf, sz, "ALLOW"); break;
	default:
		/* the kernel treats an unknown action as KILL_PROCESS */
		snprintf(buf, sz, "KILL_PROCESS(0x%08x)", ret);
		break;
	}
	return buf;
}

static int cmp_rank(const void *a, const void *b)
{
	int32_t x = seccomp_action_rank(*(const uint32_t *)a), y = seccomp_action_rank(*(const uint32_t *)b);
	if (x != y)
		return (x > y) - (x < y);
	uint32_t u = *(const uint32_t *)a, v = *(const uint32_t *)b;
	return (u > v) - (u < v);
}

char *bpf_outcomes_text(const struct bpf_outcomes *o)
{
	char one[48];
	if (o->n == 1 && !o->unknown)
		return xstrdup(seccomp_action_text(o->ret[0], one, sizeof(one)));
	uint32_t sorted[BPF_MAX_OUTCOMES];
	memcpy(sorted, o->ret, o->n * sizeof(*sorted));
	qsort(sorted, o->n, sizeof(*sorted), cmp_rank);
	struct buf b = { 0 };
	buf_append(&b, "conditional {", 13);
	for (size_t i = 0; i < o->n; i++) {
		if (i)
			buf_append(&b, ", ", 2);
		seccomp_action_text(sorted[i], one, sizeof(one));
		buf_append(&b, one, strlen(one));
	}
	if (o->unknown) {
		if (o->n)
			buf_append(&b, ", ", 2);
		buf_append(&b, "?", 1);
	}
	buf_append(&b, "}", 1);
	return b.data;
}
