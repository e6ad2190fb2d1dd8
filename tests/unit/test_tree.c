/* Unit tests for src/proctree.c: the namespace mark of a process against
 * its parent, the roles of container runtime processes and the folding of
 * identical leaf siblings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "proctree.h"
#include "util.h"

static bool all_types[NS_NTYPES] = { true, true, true, true, true, true, true, true };

static const char *mark(const uint64_t *child, const uint64_t *parent, const bool *types)
{
	static char out[128];
	ns_mark_text(ns_mark_mask(child, parent, types), out, sizeof(out));
	return out;
}

static void test_mark_differs(void **state)
{
	(void)state;
	uint64_t parent[NS_NTYPES] = { 10, 11, 12, 13, 14, 15, 16, 17 };
	uint64_t child[NS_NTYPES];
	memcpy(child, parent, sizeof(child));
	assert_string_equal(mark(child, parent, all_types), "");
	child[NS_NET] = 111;
	child[NS_UTS] = 113;
	assert_string_equal(mark(child, parent, all_types), "[+net +uts]");
	/* the order, whatever the enum's */
	for (int t = 0; t < NS_NTYPES; t++)
		child[t] = parent[t] + 100;
	assert_string_equal(mark(child, parent, all_types), "[+pid +net +mnt +uts +ipc +user +cgroup +time]");
}

static void test_mark_unknown_is_no_mark(void **state)
{
	(void)state;
	uint64_t parent[NS_NTYPES] = { 10, 0, 12, 13, 14, 15, 16, 0 };
	uint64_t child[NS_NTYPES] = { 0, 21, 22, 13, 14, 15, 16, 27 };
	/* mnt unknown in the child, net and time unknown in the parent */
	assert_string_equal(mark(child, parent, all_types), "[+pid]");
	uint64_t none[NS_NTYPES] = { 0 };
	assert_int_equal(ns_mark_mask(child, none, all_types), 0);
	assert_int_equal(ns_mark_mask(none, parent, all_types), 0);
}

static void test_mark_only_types(void **state)
{
	(void)state;
	uint64_t parent[NS_NTYPES] = { 10, 11, 12, 13, 14, 15, 16, 17 };
	uint64_t child[NS_NTYPES] = { 20, 21, 22, 23, 24, 15, 16, 17 };
	bool types[NS_NTYPES] = { 0 };
	types[NS_NET] = true;
	types[NS_USER] = true;
	assert_string_equal(mark(child, parent, types), "[+net]");
	bool no_types[NS_NTYPES] = { 0 };
	assert_string_equal(mark(child, parent, no_types), "");
	assert_int_equal(ns_mark_mask(child, parent, all_types),
			 (1u << NS_MNT) | (1u << NS_NET) | (1u << NS_PID) | (1u << NS_UTS) | (1u << NS_IPC));
}

static void test_mark_text_small_buffer(void **state)
{
	(void)state;
	char out[8];
	ns_mark_text((1u << NS_PID) | (1u << NS_NET), out, sizeof(out));
	assert_true(strlen(out) < sizeof(out));
	ns_mark_text(1u << NS_PID, out, 0); /* nothing written, no crash */
}

static void test_runtime_roles(void **state)
{
	(void)state;
	assert_string_equal(runtime_role("dockerd", "/usr/sbin/dockerd -H fd://"), "engine");
	assert_string_equal(runtime_role("containerd", "containerd --config x.toml"), "containerd");
	/* comm is cut to 15 characters: containerd-shim-runc-v2 -> containerd-shim */
	assert_string_equal(runtime_role("containerd-shim", "/usr/bin/containerd-shim-runc-v2 -namespace moby"), "shim");
	assert_string_equal(runtime_role("containerd-shim", NULL), "shim");
	assert_string_equal(runtime_role("conmon", "/usr/bin/conmon --api-version 1"), "shim");
	assert_string_equal(runtime_role("runc", "runc init"), "oci-runtime");
	assert_string_equal(runtime_role("crun", "/usr/bin/crun create"), "oci-runtime");
	assert_string_equal(runtime_role("docker-proxy", "/usr/bin/docker-proxy -proto tcp"), "proxy");
	/* argv[0] wins over a renamed comm, and the other way round */
	assert_string_equal(runtime_role("exe", "/usr/bin/runc init"), "oci-runtime");
	assert_string_equal(runtime_role("dockerd", "weird"), "engine");
	assert_null(runtime_role("sleep", "sleep 1000"));
	assert_null(runtime_role("containerd-foo", "containerd-foo"));
	assert_null(runtime_role("rund", "/x/rund"));
	assert_null(runtime_role(NULL, NULL));
	assert_null(runtime_role("bash", "/usr/bin/dockerd-wrapper.sh"));
}

static void test_fold_identical_leaves(void **state)
{
	(void)state;
	struct fold_item items[] = {
		{ "sleep", true }, { "sh", false }, { "sleep", true }, { "cat", true },
		{ "sleep", true }, { "sh", false }, { "cat", true }, { "sleep", true },
	};
	size_t group[ARRAY_SIZE(items)];
	size_t rows = fold_siblings(items, ARRAY_SIZE(items), group);
	assert_int_equal(rows, 4); /* 4*[sleep], sh, 2*[cat], sh */
	assert_int_equal(group[0], 0);
	assert_int_equal(group[2], 0);
	assert_int_equal(group[4], 0);
	assert_int_equal(group[7], 0);
	assert_int_equal(group[3], 3);
	assert_int_equal(group[6], 3);
	/* processes with children never fold, even when alike */
	assert_int_equal(group[1], 1);
	assert_int_equal(group[5], 5);
}

static void test_fold_nothing(void **state)
{
	(void)state;
	struct fold_item items[] = { { "a", true }, { "b", true }, { NULL, true }, { NULL, true } };
	size_t group[4];
	assert_int_equal(fold_siblings(items, 4, group), 4);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(group[i], i);
	assert_int_equal(fold_siblings(items, 0, group), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mark_differs),
		cmocka_unit_test(test_mark_unknown_is_no_mark),
		cmocka_unit_test(test_mark_only_types),
		cmocka_unit_test(test_mark_text_small_buffer),
		cmocka_unit_test(test_runtime_roles),
		cmocka_unit_test(test_fold_identical_leaves),
		cmocka_unit_test(test_fold_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
