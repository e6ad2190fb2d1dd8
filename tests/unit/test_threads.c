/* Unit tests for thread_diff (src/model.c): what differs between a thread
 * and its process's main thread, from the status text of
 * `tests/helpers/seccomp_helper threads` as the kernel printed it, and
 * from a thread status cut short. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli_stubs.h"
#include "model.h"

static const char main_status[] =
	"Name:\tseccomp_helper\nTgid:\t3284\nPid:\t3284\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n"
	"Threads:\t2\nCapInh:\t0000000000000000\nCapPrm:\t0000000000000000\n"
	"CapEff:\t0000000000000000\nCapBnd:\t000001fffeffffff\nCapAmb:\t0000000000000000\n"
	"NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n";

static const char thread_status[] =
	"Name:\todd\033[31m\tthr\nTgid:\t3284\nPid:\t3286\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n"
	"Threads:\t2\nCapInh:\t0000000000000000\nCapPrm:\t000001fffeffffff\n"
	"CapEff:\t000001fffeffffff\nCapBnd:\t000001fffeffffff\nCapAmb:\t0000000000000000\n"
	"NoNewPrivs:\t1\nSeccomp:\t2\nSeccomp_filters:\t1\n";

static void load(struct process *p, struct thread *t, struct proc_status *tst, const char *text)
{
	memset(p, 0, sizeof(*p));
	memset(t, 0, sizeof(*t));
	assert_int_equal(parse_status(main_status, strlen(main_status), &p->st), 0);
	p->pid = 3284;
	for (int k = 0; k < NS_NTYPES; k++)
		p->ns_ino[k] = t->ns_ino[k] = 4026531830u + (unsigned)k;
	t->tid = 3286;
	if (text) {
		assert_int_equal(parse_status(text, strlen(text), tst), 0);
		t->st = tst;
	}
}

static void test_differs(void **state)
{
	(void)state;
	struct process p;
	struct thread t;
	struct proc_status tst;
	unsigned ns_types;
	load(&p, &t, &tst, thread_status);
	t.ns_ino[NS_UTS] = 4026532173u;
	assert_int_equal(thread_diff(&p, &t, &ns_types), TDIFF_CAPS | TDIFF_NNP | TDIFF_SECCOMP | TDIFF_NS);
	assert_int_equal(ns_types, 1u << NS_UTS);
}

static void test_same(void **state)
{
	(void)state;
	struct process p;
	struct thread t;
	struct proc_status tst;
	unsigned ns_types;
	load(&p, &t, &tst, main_status);
	assert_int_equal(thread_diff(&p, &t, &ns_types), 0);
	assert_int_equal(ns_types, 0);
}

/* Unknown is not different: a link that could not be read (0), a status
 * not read, or one cut before the fields. */
static void test_unknown_is_not_different(void **state)
{
	(void)state;
	struct process p;
	struct thread t;
	struct proc_status tst;
	unsigned ns_types;
	load(&p, &t, &tst, NULL);
	t.ns_ino[NS_NET] = 0;
	assert_int_equal(thread_diff(&p, &t, &ns_types), 0);
	static const char cut[] = "Name:\tx\nTgid:\t3284\nPid:\t3286\nUid:\t0\t0\t0\t0\nCapInh:\t00000000";
	load(&p, &t, &tst, cut);
	assert_int_equal(thread_diff(&p, &t, &ns_types), 0);
	/* a uid changed by the raw setuid syscall in one thread */
	static const char setuid_thread[] = "Name:\tx\nUid:\t1000\t1000\t1000\t1000\n";
	load(&p, &t, &tst, setuid_thread);
	assert_int_equal(thread_diff(&p, &t, &ns_types), TDIFF_IDS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_differs),
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_unknown_is_not_different),
	};
	return cmocka_run_group_tests_name("threads", tests, NULL, NULL);
}
