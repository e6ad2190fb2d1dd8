/* Pure capability decoding and the security parsers: caps.c, secinfo.c's
 * id map parser and verdict. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "caps.h"
#include "procfs.h"
#include "secinfo.h"

/* The command files linked in call main.c's message helpers; weak stand-ins
 * so this binary links whether or not they live outside main.c. */
struct option;
struct outopts;
__attribute__((weak)) bool outopts_apply(struct outopts *o, int c, const char *arg)
{
	(void)o, (void)c, (void)arg;
	return false;
}
__attribute__((weak)) void usage_error(const char *fmt, ...) { (void)fmt; }
__attribute__((weak)) void error_msg(const char *fmt, ...) { (void)fmt; }
__attribute__((weak)) void warn_msg(const char *fmt, ...) { (void)fmt; }
__attribute__((weak)) void getopt_error(int c, char **argv, const struct option *l)
{
	(void)c, (void)argv, (void)l;
}

static void test_full_set(void **state)
{
	(void)state;
	assert_int_equal(caps_full_set(-1), 0);
	assert_int_equal(caps_full_set(0), 1);
	assert_true(caps_full_set(40) == UINT64_C(0x1ffffffffff));
	assert_true(caps_full_set(63) == UINT64_MAX);
	assert_true(caps_full_set(70) == UINT64_MAX);
}

static void test_names_docker(void **state)
{
	(void)state;
	char *s = caps_mask_names(DOCKER_DEFAULT_CAPS, ",");
	assert_string_equal(s, "cap_chown,cap_dac_override,cap_fowner,cap_fsetid,cap_kill,cap_setgid,"
			       "cap_setuid,cap_setpcap,cap_net_bind_service,cap_net_raw,cap_sys_chroot,"
			       "cap_mknod,cap_audit_write,cap_setfcap");
	free(s);
	s = caps_mask_names(0, ",");
	assert_string_equal(s, "");
	free(s);
}

static void test_names_unknown_bits(void **state)
{
	(void)state;
	/* bits libcap does not know print as numbers */
	char *s = caps_mask_names((UINT64_C(1) << 63) | (UINT64_C(1) << 62) | 1, " ");
	assert_string_equal(s, "cap_chown 62 63");
	free(s);
}

static void test_capsh_format(void **state)
{
	(void)state;
	char *s = caps_capsh_decode(0);
	assert_string_equal(s, "0x0000000000000000=");
	free(s);
	s = caps_capsh_decode(0x10);
	assert_string_equal(s, "0x0000000000000010=cap_fsetid");
	free(s);
	s = caps_capsh_decode(UINT64_C(0x8000000000000000));
	assert_string_equal(s, "0x8000000000000000=63");
	free(s);
}

static void test_parse_hex(void **state)
{
	(void)state;
	uint64_t v;
	assert_true(caps_parse_hex("a80425fb", &v));
	assert_true(v == DOCKER_DEFAULT_CAPS);
	assert_true(caps_parse_hex("0xFFFFFFFFFFFFFFFF", &v));
	assert_true(v == UINT64_MAX);
	assert_true(caps_parse_hex("0X1", &v));
	assert_true(v == 1);
	assert_false(caps_parse_hex("", &v));
	assert_false(caps_parse_hex("0x", &v));
	assert_false(caps_parse_hex("zz", &v));
	assert_false(caps_parse_hex("10000000000000000", &v));
	assert_false(caps_parse_hex(" 5", &v));
	assert_false(caps_parse_hex("0x0x5", &v));
}

static void test_danger(void **state)
{
	(void)state;
	assert_non_null(caps_danger_reason(21)); /* cap_sys_admin */
	assert_non_null(caps_danger_reason(19)); /* cap_sys_ptrace */
	assert_non_null(caps_danger_reason(16)); /* cap_sys_module */
	assert_non_null(caps_danger_reason(2));  /* cap_dac_read_search */
	assert_non_null(caps_danger_reason(39)); /* cap_bpf */
	assert_non_null(caps_danger_reason(38)); /* cap_perfmon */
	/* nothing in Docker's default set is flagged */
	for (unsigned c = 0; c < 64; c++)
		if (DOCKER_DEFAULT_CAPS & (UINT64_C(1) << c))
			assert_null(caps_danger_reason(c));
	assert_null(caps_danger_reason(63));
}

static void test_classify(void **state)
{
	(void)state;
	uint64_t full = caps_full_set(40);
	uint64_t root[5] = { [CAP_SET_PRM] = full, [CAP_SET_EFF] = full, [CAP_SET_BND] = full };
	uint64_t user[5] = { [CAP_SET_BND] = full };
	assert_int_equal(caps_classify(root, 0, full, true), CAPS_PLAIN_ROOT);
	assert_int_equal(caps_classify(user, 1000, full, true), CAPS_PLAIN_USER);
	/* root in a user namespace, a user with caps, ambient, reduced bounding */
	assert_int_equal(caps_classify(root, 0, full, false), CAPS_PARTIAL);
	assert_int_equal(caps_classify(root, 1000, full, true), CAPS_PARTIAL);
	uint64_t amb[5] = { [CAP_SET_PRM] = 1 << 13, [CAP_SET_EFF] = 1 << 13, [CAP_SET_INH] = 1 << 13,
			    [CAP_SET_AMB] = 1 << 13, [CAP_SET_BND] = full };
	assert_int_equal(caps_classify(amb, 1000, full, true), CAPS_PARTIAL);
	uint64_t docker[5] = { [CAP_SET_PRM] = DOCKER_DEFAULT_CAPS, [CAP_SET_EFF] = DOCKER_DEFAULT_CAPS,
			       [CAP_SET_BND] = DOCKER_DEFAULT_CAPS };
	assert_int_equal(caps_classify(docker, 0, full, true), CAPS_PARTIAL);
	user[CAP_SET_BND] = full & ~(UINT64_C(1) << 24);
	assert_int_equal(caps_classify(user, 1000, full, true), CAPS_PARTIAL);
}

static void test_id_map(void **state)
{
	(void)state;
	struct id_range *r;
	const char *text = "         0     100000      65536\n  65536 1 2\nbad line\n1 2\n";
	size_t n = parse_id_map(text, strlen(text), &r);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].inside, 0);
	assert_int_equal(r[0].outside, 100000);
	assert_int_equal(r[0].count, 65536);
	char detail[200];
	assert_string_equal(idmap_verdict(r, n, false, detail, sizeof(detail)), "remapped");
	assert_non_null(strstr(detail, "100000-165535"));
	free(r);

	n = parse_id_map("0 0 4294967295\n", 15, &r);
	assert_int_equal(n, 1);
	assert_true(r[0].count == 4294967295u);
	assert_string_equal(idmap_verdict(r, n, true, detail, sizeof(detail)), "no user namespace");
	free(r);

	n = parse_id_map("0 1000 1\n1 100000 65536\n", 24, &r);
	assert_int_equal(n, 2);
	assert_string_equal(idmap_verdict(r, n, false, detail, sizeof(detail)), "rootless");
	free(r);

	n = parse_id_map("0 0 1\n", 6, &r);
	assert_string_equal(idmap_verdict(r, n, false, detail, sizeof(detail)), "user namespace, root is host root");
	free(r);

	n = parse_id_map("", 0, &r);
	assert_int_equal(n, 0);
	assert_string_equal(idmap_verdict(r, n, false, detail, sizeof(detail)), "user namespace without a map");
	free(r);

	n = parse_id_map("1000 1000 1\n", 12, &r);
	assert_string_equal(idmap_verdict(r, n, false, detail, sizeof(detail)), "user namespace, root unmapped");
	free(r);

	/* overflowing numbers and extra fields are malformed */
	n = parse_id_map("0 4294967296 1\n0 1 2 3\n", 23, &r);
	assert_int_equal(n, 0);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_set),
		cmocka_unit_test(test_names_docker),
		cmocka_unit_test(test_names_unknown_bits),
		cmocka_unit_test(test_capsh_format),
		cmocka_unit_test(test_parse_hex),
		cmocka_unit_test(test_danger),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_id_map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
