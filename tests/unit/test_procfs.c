/* Unit tests for the /proc parsers in src/procfs.c, on text captured from
 * a live system (tests/unit/captured.h) and on broken or hostile text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "captured.h"
#include "procfs.h"
#include "util.h"

#define ST_ALL                                                                               \
	(ST_NAME | ST_STATE | ST_TGID | ST_PPID | ST_UID | ST_GID | ST_CAPS | ST_NNP |        \
	 ST_SECCOMP | ST_SECCOMP_FILTERS | ST_NSPID | ST_KTHREAD | ST_THREADS)

/* Parses a string literal, NULs included when the length is given. */
static int status_of(const char *text, struct proc_status *st)
{
	return parse_status(text, strlen(text), st);
}

static void assert_ids(const uint32_t ids[4], uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	assert_int_equal(ids[0], a);
	assert_int_equal(ids[1], b);
	assert_int_equal(ids[2], c);
	assert_int_equal(ids[3], d);
}

/* ---- parse_status on captured text ---- */

static void test_status_self(void **state)
{
	(void)state;
	struct proc_status st;
	assert_int_equal(status_of(cap_self_status, &st), 0);
	assert_int_equal(st.have, ST_ALL);
	assert_string_equal(st.name, "cat");
	assert_int_equal(st.state, 'R');
	assert_int_equal(st.tgid, 8181);
	assert_int_equal(st.ppid, 8178);
	assert_ids(st.uid, 0, 0, 0, 0);
	assert_ids(st.gid, 0, 0, 0, 0);
	assert_int_equal(st.caps[CAP_SET_INH], 0);
	assert_int_equal(st.caps[CAP_SET_PRM], 0x000001fffeffffffULL);
	assert_int_equal(st.caps[CAP_SET_EFF], 0x000001fffeffffffULL);
	assert_int_equal(st.caps[CAP_SET_BND], 0x000001fffeffffffULL);
	assert_int_equal(st.caps[CAP_SET_AMB], 0);
	assert_int_equal(st.no_new_privs, 0);
	assert_int_equal(st.seccomp, 0);
	assert_int_equal(st.seccomp_filters, 0);
	assert_int_equal(st.kthread, 0);
	assert_int_equal(st.nspid_len, 1);
	assert_int_equal(st.nspid[0], 8181);
}

static void test_status_kthread(void **state)
{
	(void)state;
	struct proc_status st;
	assert_int_equal(status_of(cap_kthread_status, &st), 0);
	assert_int_equal(st.have, ST_ALL);
	assert_string_equal(st.name, "kthreadd");
	assert_int_equal(st.state, 'S');
	assert_int_equal(st.tgid, 2);
	assert_int_equal(st.ppid, 0);
	assert_int_equal(st.kthread, 1);
	assert_int_equal(st.caps[CAP_SET_PRM], 0x000001ffffffffffULL);
	assert_int_equal(st.caps[CAP_SET_EFF], 0x000001ffffffffffULL);
	assert_int_equal(st.caps[CAP_SET_BND], 0x000001ffffffffffULL);
	assert_int_equal(st.nspid_len, 1);
	assert_int_equal(st.nspid[0], 2);
}

static void test_status_docker(void **state)
{
	(void)state;
	struct proc_status st;
	assert_int_equal(status_of(cap_docker_status, &st), 0);
	assert_int_equal(st.have, ST_ALL);
	assert_string_equal(st.name, "sleep");
	assert_int_equal(st.state, 'S');
	assert_int_equal(st.tgid, 8220);
	assert_int_equal(st.ppid, 8201);
	assert_ids(st.uid, 0, 0, 0, 0);
	assert_ids(st.gid, 0, 0, 0, 0);
	assert_int_equal(st.caps[CAP_SET_INH], 0);
	assert_int_equal(st.caps[CAP_SET_PRM], 0xa80425fbULL);
	assert_int_equal(st.caps[CAP_SET_EFF], 0xa80425fbULL);
	assert_int_equal(st.caps[CAP_SET_BND], 0xa80425fbULL);
	assert_int_equal(st.caps[CAP_SET_AMB], 0);
	assert_int_equal(st.no_new_privs, 0);
	assert_int_equal(st.seccomp, 2);
	assert_int_equal(st.seccomp_filters, 1);
	assert_int_equal(st.kthread, 0);
	assert_int_equal(st.nspid_len, 2);
	assert_int_equal(st.nspid[0], 8220);
	assert_int_equal(st.nspid[1], 1);
}

static void test_status_nested_nspid(void **state)
{
	(void)state;
	struct proc_status st;
	assert_int_equal(status_of(cap_nested_status, &st), 0);
	assert_true(st.have & ST_NSPID);
	assert_int_equal(st.nspid_len, 3);
	assert_int_equal(st.nspid[0], 8566);
	assert_int_equal(st.nspid[1], 3);
	assert_int_equal(st.nspid[2], 2);
	assert_int_equal(st.tgid, 8566);
}

/* A process whose main thread exited: its own status is the dead
 * thread's (zombie, no capabilities, a filter); a live thread's has the
 * credentials in use, and NStgid, not NSpid, holds the process's ids. */
static void test_status_leader_exited(void **state)
{
	(void)state;
	struct proc_status st;
	assert_int_equal(status_of(cap_leader_exited_status, &st), 0);
	assert_int_equal(st.have, ST_ALL);
	assert_int_equal(st.state, 'Z');
	assert_int_equal(st.threads, 2);
	assert_int_equal(st.caps[CAP_SET_EFF], 0);
	assert_int_equal(st.seccomp, 2);
	assert_int_equal(st.no_new_privs, 1);
	assert_int_equal(st.nspid_len, 2);
	assert_int_equal(st.nspid[0], 14891);
	assert_int_equal(st.nspid[1], 1);

	assert_int_equal(status_of(cap_leader_exited_thread_status, &st), 0);
	assert_int_equal(st.have, ST_ALL);
	assert_int_equal(st.state, 'S');
	assert_int_equal(st.tgid, 14891);
	assert_int_equal(st.caps[CAP_SET_EFF], 0x1fffeffffffULL);
	assert_int_equal(st.seccomp, 0);
	assert_int_equal(st.no_new_privs, 0);
	assert_int_equal(st.nspid_len, 2); /* NSpid there: 14892 2 */
	assert_int_equal(st.nspid[0], 14891);
	assert_int_equal(st.nspid[1], 1);
}

/* NSpid stands in for NStgid only when that is missing or broken. */
static void test_status_nstgid_order(void **state)
{
	(void)state;
	struct proc_status st;
	assert_int_equal(status_of("Name:\tx\nNSpid:\t9\t3\nNStgid:\t7\t1\n", &st), 0);
	assert_int_equal(st.nspid_len, 2);
	assert_int_equal(st.nspid[0], 7);
	assert_int_equal(st.nspid[1], 1);
	assert_int_equal(status_of("Name:\tx\nNStgid:\t7\tseven\nNSpid:\t9\t3\n", &st), 0);
	assert_int_equal(st.nspid_len, 2);
	assert_int_equal(st.nspid[0], 9);
	assert_int_equal(st.nspid[1], 3);
	/* a broken line after a good one leaves the good one's ids whole */
	assert_int_equal(status_of("Name:\tx\nNSpid:\t9\t3\nNStgid:\t7\tseven\n", &st), 0);
	assert_int_equal(st.nspid_len, 2);
	assert_int_equal(st.nspid[0], 9);
	assert_int_equal(st.nspid[1], 3);
	assert_int_equal(status_of("Name:\tx\nThreads:\t-1\n", &st), 0);
	assert_false(st.have & ST_THREADS);
}

/* The kernel writes '\n' as "\n" and '\\' as "\\" in Name and leaves tabs
 * and spaces raw (proc_task_name). */
static void test_status_escaped_name(void **state)
{
	(void)state;
	struct proc_status st;
	assert_int_equal(status_of(cap_weird_status, &st), 0);
	assert_int_equal(st.have, ST_ALL);
	assert_string_equal(st.name, "a\nb\\c\td e");

	assert_int_equal(status_of("Name:\t\\\\n\\n\\\n", &st), 0);
	assert_string_equal(st.name, "\\n\n\\");
	/* unknown escapes and a lone trailing backslash stay as they are */
	assert_int_equal(status_of("Name:\t\\t\\\n", &st), 0);
	assert_string_equal(st.name, "\\t\\");
	assert_int_equal(status_of("Name:\t\n", &st), 0);
	assert_string_equal(st.name, "");
}

static void test_status_long_name(void **state)
{
	(void)state;
	struct proc_status st;
	char text[256] = "Name:\t";
	size_t o = strlen(text);
	for (int i = 0; i < 100; i++)
		text[o++] = (char)('a' + i % 26);
	memcpy(text + o, "\nTgid:\t7\n", 10);
	assert_int_equal(status_of(text, &st), 0);
	assert_int_equal(strlen(st.name), STATUS_NAME_MAX - 1);
	assert_memory_equal(st.name, "abcdefghijklmnopqrstuvwxyz", 26);
	assert_int_equal(st.tgid, 7);

	/* 63 escaped newlines: 126 bytes of text, 63 bytes of comm */
	o = strlen("Name:\t");
	for (int i = 0; i < 70; i++) {
		text[o++] = '\\';
		text[o++] = 'n';
	}
	text[o++] = '\n';
	text[o] = '\0';
	assert_int_equal(status_of(text, &st), 0);
	assert_int_equal(strlen(st.name), STATUS_NAME_MAX - 1);
	for (int i = 0; i < STATUS_NAME_MAX - 1; i++)
		assert_int_equal(st.name[i], '\n');
}

/* ---- parse_status on broken text ---- */

static void test_status_empty(void **state)
{
	(void)state;
	struct proc_status st;
	memset(&st, 0xa5, sizeof(st));
	assert_int_equal(parse_status("", 0, &st), -1);
	assert_int_equal(st.have, 0);
	assert_int_equal(parse_status("\n\n\n", 3, &st), -1);
	assert_int_equal(parse_status(":::", 3, &st), -1);
	/* a NULL buffer with length 0, as an empty buf gives */
	assert_int_equal(parse_status(NULL, 0, &st), -1);
}

static void test_status_missing_name(void **state)
{
	(void)state;
	struct proc_status st;
	const char *no_name = strstr(cap_self_status, "Umask:");
	assert_non_null(no_name);
	assert_int_equal(status_of(no_name, &st), -1);
	/* other fields are still read, the caller just must not trust them */
	assert_int_equal(st.tgid, 8181);
	/* keys are case-sensitive and whole */
	assert_int_equal(status_of("name:\tx\nNames:\ty\n Name:\tz\nName :\tw\n", &st), -1);
}

static void test_status_truncated(void **state)
{
	(void)state;
	struct proc_status st;
	size_t full = strlen(cap_self_status);

	/* every prefix must parse without reading past its end */
	for (size_t len = 0; len <= full; len++) {
		char *copy = xmalloc(len ? len : 1);
		memcpy(copy, cap_self_status, len);
		int rc = parse_status(copy, len, &st);
		assert_int_equal(rc, len >= strlen("Name:") ? 0 : -1);
		free(copy);
	}

	/* cut in the middle of the Uid line: 2 of 4 ids are not a Uid */
	const char *uid = strstr(cap_self_status, "Uid:\t0\t0");
	size_t cut = (size_t)(uid - cap_self_status) + strlen("Uid:\t0\t0");
	assert_int_equal(parse_status(cap_self_status, cut, &st), 0);
	assert_true(st.have & ST_PPID);
	assert_false(st.have & ST_UID);
	assert_false(st.have & (ST_GID | ST_CAPS | ST_SECCOMP));

	/* cut after CapPrm: the five masks are incomplete */
	const char *prm = strstr(cap_self_status, "CapPrm:\t000001ff");
	cut = (size_t)(prm - cap_self_status) + strlen("CapPrm:\t000001ff");
	assert_int_equal(parse_status(cap_self_status, cut, &st), 0);
	assert_false(st.have & ST_CAPS);
	assert_false(st.have & ST_NNP);
}

static void test_status_no_trailing_newline(void **state)
{
	(void)state;
	struct proc_status st;
	assert_int_equal(status_of("Name:\tx\nKthread:\t1", &st), 0);
	assert_true(st.have & ST_KTHREAD);
	assert_int_equal(st.kthread, 1);
	assert_int_equal(status_of("Name:\tlast", &st), 0);
	assert_string_equal(st.name, "last");
	assert_int_equal(status_of("Name:", &st), 0);
	assert_string_equal(st.name, "");
}

static void test_status_garbage_numbers(void **state)
{
	(void)state;
	struct proc_status st;
	const char *text = "Name:\tx\n"
			   "State:\t\n"
			   "Tgid:\t12a\n"
			   "PPid:\t-5\n"
			   "Uid:\t0\t0\tx\t0\n"
			   "Gid:\t0\t0\t0\n"
			   "CapInh:\t0000000000000000\n"
			   "CapPrm:\tzz00000000000000\n"
			   "CapEff:\t0000000000000000\n"
			   "CapBnd:\t0000000000000000\n"
			   "CapAmb:\t0000000000000000\n"
			   "NoNewPrivs:\t2\n"
			   "Seccomp:\t3\n"
			   "Seccomp_filters:\t-1\n"
			   "Kthread:\tyes\n"
			   "NSpid:\t5\tfive\n";
	assert_int_equal(status_of(text, &st), 0);
	assert_int_equal(st.have, ST_NAME);
	assert_int_equal(st.tgid, 0);
	assert_int_equal(st.nspid_len, 0);

	/* empty values */
	assert_int_equal(status_of("Name:\tx\nTgid:\nPPid:\t\nUid:\nNSpid:\t\n", &st), 0);
	assert_int_equal(st.have, ST_NAME);
	/* a sign or a hex prefix is not a decimal */
	assert_int_equal(status_of("Name:\tx\nTgid:\t+5\nPPid:\t0x5\n", &st), 0);
	assert_int_equal(st.have, ST_NAME);
	/* extra spaces between fields are fine, trailing words are ignored */
	assert_int_equal(status_of("Name:\tx\nTgid:\t  42 \nUid:\t1 2 3 4 5\n", &st), 0);
	assert_int_equal(st.have, ST_NAME | ST_TGID | ST_UID);
	assert_int_equal(st.tgid, 42);
	assert_ids(st.uid, 1, 2, 3, 4);
}

static void test_status_overflow(void **state)
{
	(void)state;
	struct proc_status st;

	assert_int_equal(status_of("Name:\tx\nUid:\t4294967295\t0\t0\t4294967295\n", &st), 0);
	assert_true(st.have & ST_UID);
	assert_ids(st.uid, 4294967295u, 0, 0, 4294967295u);
	assert_int_equal(status_of("Name:\tx\nUid:\t4294967296\t0\t0\t0\n", &st), 0);
	assert_false(st.have & ST_UID);
	assert_int_equal(status_of("Name:\tx\nGid:\t0\t0\t0\t99999999999999999999999\n", &st), 0);
	assert_false(st.have & ST_GID);

	assert_int_equal(status_of("Name:\tx\nTgid:\t2147483647\nPPid:\t2147483648\n", &st), 0);
	assert_true(st.have & ST_TGID);
	assert_int_equal(st.tgid, 2147483647);
	assert_false(st.have & ST_PPID);
	assert_int_equal(status_of("Name:\tx\nSeccomp_filters:\t18446744073709551616\n", &st), 0);
	assert_false(st.have & ST_SECCOMP_FILTERS);
	assert_int_equal(status_of("Name:\tx\nNSpid:\t1\t2147483648\n", &st), 0);
	assert_false(st.have & ST_NSPID);
	assert_int_equal(st.nspid_len, 0);

	const char *caps = "Name:\tx\n"
			   "CapInh:\tffffffffffffffff\n"
			   "CapPrm:\t0ffffffffffffffff\n" /* 17 digits */
			   "CapEff:\t0\n"
			   "CapBnd:\t0\n"
			   "CapAmb:\t0\n";
	assert_int_equal(status_of(caps, &st), 0);
	assert_false(st.have & ST_CAPS);
	assert_int_equal(st.caps[CAP_SET_INH], UINT64_MAX);
	assert_int_equal(st.caps[CAP_SET_PRM], 0);
}

static void test_status_nspid_limits(void **state)
{
	(void)state;
	struct proc_status st;
	char text[512];

	for (int n = 1; n <= 40; n++) {
		int o = snprintf(text, sizeof(text), "Name:\tx\nNSpid:");
		for (int i = 0; i < n; i++)
			o += snprintf(text + o, sizeof(text) - (size_t)o, "\t%d", 1000 - i);
		snprintf(text + o, sizeof(text) - (size_t)o, "\nTgid:\t3\n");
		assert_int_equal(status_of(text, &st), 0);
		assert_int_equal(st.tgid, 3);
		if (n <= STATUS_NSPID_MAX) {
			assert_true(st.have & ST_NSPID);
			assert_int_equal(st.nspid_len, n);
			assert_int_equal(st.nspid[n - 1], 1000 - (n - 1));
		} else {
			assert_false(st.have & ST_NSPID);
			assert_int_equal(st.nspid_len, 0);
		}
	}
}

static void test_status_nul_bytes(void **state)
{
	(void)state;
	struct proc_status st;
	static const char text[] = "Name:\tab\0cd\n\0\0\nTgid:\t5\nPP\0id:\t6\nUid:\t1\t2\0\t3\t4\n";
	assert_int_equal(parse_status(text, sizeof(text) - 1, &st), 0);
	assert_string_equal(st.name, "ab");
	assert_true(st.have & ST_TGID);
	assert_int_equal(st.tgid, 5);
	assert_false(st.have & ST_PPID);
	assert_false(st.have & ST_UID);

	static const char name_nul[] = "\0Name:\tz\n";
	assert_int_equal(parse_status(name_nul, sizeof(name_nul) - 1, &st), -1);
}

static void test_status_state_letters(void **state)
{
	(void)state;
	struct proc_status st;
	static const char *lines[] = { "R (running)", "S (sleeping)", "D (disk sleep)",
				       "T (stopped)", "t (tracing stop)", "X (dead)",
				       "Z (zombie)", "P (parked)", "I (idle)" };
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
		char text[64];
		snprintf(text, sizeof(text), "Name:\tx\nState:\t%s\n", lines[i]);
		assert_int_equal(status_of(text, &st), 0);
		assert_true(st.have & ST_STATE);
		assert_int_equal(st.state, lines[i][0]);
	}
}

/* ---- parse_ns_link ---- */

static bool nslink(const char *s, char *type, size_t tsz, uint64_t *ino)
{
	return parse_ns_link(s, strlen(s), type, tsz, ino);
}

static void test_ns_link_good(void **state)
{
	(void)state;
	static const struct {
		const char *link, *type;
		uint64_t ino;
	} good[] = {
		{ "cgroup:[4026531835]", "cgroup", 4026531835ULL },
		{ "ipc:[4026531839]", "ipc", 4026531839ULL },
		{ "mnt:[4026531832]", "mnt", 4026531832ULL },
		{ "net:[4026531840]", "net", 4026531840ULL },
		{ "pid:[4026531836]", "pid", 4026531836ULL },
		{ "time:[4026531834]", "time", 4026531834ULL },
		{ "user:[4026531837]", "user", 4026531837ULL },
		{ "uts:[4026531838]", "uts", 4026531838ULL },
		{ "net:[1]", "net", 1 },
		{ "net:[18446744073709551615]", "net", UINT64_MAX },
		/* fd links of other kinds parse too; callers check the type */
		{ "socket:[123]", "socket", 123 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		char type[32];
		uint64_t ino = 0;
		assert_true(nslink(good[i].link, type, sizeof(type), &ino));
		assert_string_equal(type, good[i].type);
		assert_int_equal(ino, good[i].ino);
	}

	/* the length bounds the link: readlink gives no NUL */
	char type[16];
	uint64_t ino;
	assert_true(parse_ns_link("net:[42]garbage", 8, type, sizeof(type), &ino));
	assert_int_equal(ino, 42);
}

static void test_ns_link_bad(void **state)
{
	(void)state;
	static const char *bad[] = {
		"",
		/* ns/pid_for_children is the name of a link; its target reads
		 * "pid:[...]" (readlink fails in a new pid ns until its first fork) */
		"pid_for_children",
		"net",
		"net:",
		"net:[]",
		"net:[",
		"net:]",
		"net:4026531840",
		"net:[4026531840",
		"net:4026531840]",
		"net:[0]",
		"net:[00]",
		"net:[-1]",
		"net:[+1]",
		"net:[ 1]",
		"net:[1 ]",
		"net:[0x10]",
		"net:[18446744073709551616]",
		"net:[99999999999999999999999]",
		"net:[1]]",
		"net:[[1]",
		"net:[1]x",
		"NET:[1]",
		"Net:[1]",
		"ne t:[1]",
		"net1:[1]",
		"ne-t:[1]",
		":[1]",
		"anon_inode:[eventfd]",
		"/proc/1/ns/net",
		"net::[1]",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char type[32] = "untouched";
		uint64_t ino = 7;
		if (nslink(bad[i], type, sizeof(type), &ino))
			fail_msg("parse_ns_link accepted \"%s\"", bad[i]);
		assert_string_equal(type, "untouched");
	}

	/* the type must fit with its NUL */
	char type[4];
	uint64_t ino;
	assert_true(nslink("net:[1]", type, sizeof(type), &ino));
	assert_false(nslink("time:[1]", type, sizeof(type), &ino));
	assert_false(nslink("net:[1]", type, 0, &ino));
	/* NUL inside */
	assert_false(parse_ns_link("net:[4\0002]", 8, type, sizeof(type), &ino));
	assert_false(parse_ns_link("n\0t:[42]", 8, type, sizeof(type), &ino));
}

/* ---- parse_cgroup_file ---- */

static void test_cgroup_hybrid_self(void **state)
{
	(void)state;
	struct cgroup_entry *e;
	size_t n = parse_cgroup_file(cap_self_cgroup, strlen(cap_self_cgroup), &e);
	assert_int_equal(n, 10);
	assert_int_equal(e[0].hier_id, 9);
	assert_string_equal(e[0].controllers, "name=systemd");
	assert_string_equal(e[0].path, "/");
	assert_int_equal(e[5].hier_id, 4);
	assert_string_equal(e[5].controllers, "memory");
	assert_string_equal(e[5].path, "/process_api/4eebec1a32ca5980c64a5fba42aff0a5");
	assert_int_equal(e[8].hier_id, 1);
	assert_string_equal(e[8].controllers, "cpu");
	assert_int_equal(e[9].hier_id, 0);
	assert_string_equal(e[9].controllers, "");
	assert_string_equal(e[9].path, "/");
	cgroup_entries_free(e, n);
}

static void test_cgroup_hybrid_docker(void **state)
{
	(void)state;
	static const char *id = "/docker/bf9f7fadd7a9d508d0deccfb221608b1d1c76af0cabd02d59771f5e5021fbdb4";
	static const char *ctrl[] = { "name=systemd", "pids", "blkio", "freezer", "devices",
				      "memory", "cpuset", "cpuacct", "cpu", "" };
	struct cgroup_entry *e;
	size_t n = parse_cgroup_file(cap_docker_cgroup, strlen(cap_docker_cgroup), &e);
	assert_int_equal(n, 10);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(e[i].hier_id, 9 - (int)i);
		assert_string_equal(e[i].controllers, ctrl[i]);
		assert_string_equal(e[i].path, id);
	}
	cgroup_entries_free(e, n);
}

static void test_cgroup_v2_only(void **state)
{
	(void)state;
	static const char text[] = "0::/user.slice/user-1000.slice/user@1000.service/app.slice/"
				   "app-org.gnome.Terminal.slice/vte-spawn-1234.scope\n";
	struct cgroup_entry *e;
	size_t n = parse_cgroup_file(text, strlen(text), &e);
	assert_int_equal(n, 1);
	assert_int_equal(e[0].hier_id, 0);
	assert_string_equal(e[0].controllers, "");
	assert_string_equal(e[0].path, "/user.slice/user-1000.slice/user@1000.service/app.slice/"
				       "app-org.gnome.Terminal.slice/vte-spawn-1234.scope");
	cgroup_entries_free(e, n);
}

static void test_cgroup_malformed(void **state)
{
	(void)state;
	static const char text[] = "garbage\n"
				   "\n"
				   "1:cpu\n"
				   "x:cpu:/a\n"
				   "-1:cpu:/a\n"
				   "2147483648:cpu:/a\n"
				   ":cpu:/a\n"
				   "3:cpu:\n"
				   "3:cpu:relative\n"
				   "4:memory:/ok\n"
				   "5:a:b:/c\n" /* the path holds a colon: "b:/c" is not absolute */
				   "6::/with:colon\n"
				   "7:pids:/no-newline";
	struct cgroup_entry *e;
	size_t n = parse_cgroup_file(text, strlen(text), &e);
	assert_int_equal(n, 3);
	assert_int_equal(e[0].hier_id, 4);
	assert_string_equal(e[0].path, "/ok");
	assert_int_equal(e[1].hier_id, 6);
	assert_string_equal(e[1].path, "/with:colon");
	assert_int_equal(e[2].hier_id, 7);
	assert_string_equal(e[2].controllers, "pids");
	assert_string_equal(e[2].path, "/no-newline");
	cgroup_entries_free(e, n);

	assert_int_equal(parse_cgroup_file("", 0, &e), 0);
	cgroup_entries_free(e, 0);
	assert_int_equal(parse_cgroup_file("\n\n", 2, &e), 0);
	cgroup_entries_free(e, 0);
}

static void test_cgroup_spaces_and_deleted(void **state)
{
	(void)state;
	static const char text[] = "1:cpu:/my group/with  spaces \n"
				   "0::/docker/0123456789ab (deleted)\n"
				   "2:memory:/kept (deleted)\n";
	struct cgroup_entry *e;
	size_t n = parse_cgroup_file(text, strlen(text), &e);
	assert_int_equal(n, 3);
	assert_string_equal(e[0].path, "/my group/with  spaces ");
	/* the kernel appends " (deleted)" to v2 paths of removed cgroups */
	assert_string_equal(e[1].path, "/docker/0123456789ab");
	/* v1 never does, so there it is part of the name */
	assert_string_equal(e[2].path, "/kept (deleted)");
	cgroup_entries_free(e, n);
}

static void test_cgroup_nul_bytes(void **state)
{
	(void)state;
	static const char text[] = "1:cpu:/a\0b\n2:\0:/c\n";
	struct cgroup_entry *e;
	size_t n = parse_cgroup_file(text, sizeof(text) - 1, &e);
	assert_int_equal(n, 2);
	assert_string_equal(e[0].path, "/a");
	assert_string_equal(e[1].controllers, "");
	cgroup_entries_free(e, n);
}

/* ---- parse_mountinfo_line ---- */

static bool mountinfo(const char *line, struct mount_entry *m)
{
	return parse_mountinfo_line(line, strlen(line), m);
}

static void test_mountinfo_real(void **state)
{
	(void)state;
	struct mount_entry m;

	assert_true(mountinfo("26 1 254:0 / / rw,relatime - ext4 /dev/vda "
			      "rw,discard,resv_strict,resuid=65534,resgid=65534", &m));
	assert_string_equal(m.root, "/");
	assert_string_equal(m.mountpoint, "/");
	assert_string_equal(m.fstype, "ext4");
	assert_string_equal(m.source, "/dev/vda");
	assert_string_equal(m.super_opts, "rw,discard,resv_strict,resuid=65534,resgid=65534");
	mount_entry_free(&m);
	assert_null(m.root);

	/* nsfs bind mount made by `ip netns add` */
	assert_true(mountinfo("103 101 0:4 net:[4026532393] /run/netns/nsi-unit-t rw shared:5 - "
			      "nsfs nsfs rw", &m));
	assert_string_equal(m.root, "net:[4026532393]");
	assert_string_equal(m.mountpoint, "/run/netns/nsi-unit-t");
	assert_string_equal(m.fstype, "nsfs");
	assert_string_equal(m.source, "nsfs");
	assert_string_equal(m.super_opts, "rw");
	mount_entry_free(&m);

	assert_true(mountinfo("40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw",
			      &m));
	assert_string_equal(m.fstype, "cgroup2");
	mount_entry_free(&m);

	/* inside a Docker container: v1 cgroup bind of the container's own group */
	assert_true(mountinfo("149 140 0:36 /docker/bf9f7fadd7a9d508d0deccfb221608b1d1c76af0cabd02d5"
			      "9771f5e5021fbdb4 /sys/fs/cgroup/systemd ro,nosuid,nodev,noexec,relatime"
			      " - cgroup cgroup rw,name=systemd", &m));
	assert_string_equal(m.root, "/docker/bf9f7fadd7a9d508d0deccfb221608b1d1c76af0cabd02d5"
				    "9771f5e5021fbdb4");
	assert_string_equal(m.mountpoint, "/sys/fs/cgroup/systemd");
	assert_string_equal(m.super_opts, "rw,name=systemd");
	mount_entry_free(&m);

	assert_true(mountinfo("135 108 0:51 / / rw,relatime master:5 - overlay overlay "
			      "rw,lowerdir=/var/lib/docker/overlay2/l/VWJV:/var/lib/docker/overlay2/l/5GHC",
			      &m));
	assert_string_equal(m.fstype, "overlay");
	mount_entry_free(&m);
}

static void test_mountinfo_octal(void **state)
{
	(void)state;
	struct mount_entry m;
	assert_true(mountinfo("50 26 0:40 /a\\040b /mnt/sp\\040ace\\011tab\\012nl\\134bs rw - "
			      "tmpfs my\\040src rw,size=1k", &m));
	assert_string_equal(m.root, "/a b");
	assert_string_equal(m.mountpoint, "/mnt/sp ace\ttab\nnl\\bs");
	assert_string_equal(m.source, "my src");
	mount_entry_free(&m);

	/* not an escape: too short, not octal, out of range: kept raw */
	assert_true(mountinfo("1 2 0:1 /x\\04 /y\\08x\\400\\ rw - t s\\", &m));
	assert_string_equal(m.root, "/x\\04");
	assert_string_equal(m.mountpoint, "/y\\08x\\400\\");
	assert_string_equal(m.source, "s\\");
	assert_string_equal(m.super_opts, "");
	mount_entry_free(&m);

	/* \000 decodes to NUL: the C string ends there */
	assert_true(mountinfo("1 2 0:1 /a\\000b /m rw - t s o", &m));
	assert_string_equal(m.root, "/a");
	mount_entry_free(&m);
}

static void test_mountinfo_optional_fields(void **state)
{
	(void)state;
	struct mount_entry m;
	assert_true(mountinfo("41 26 254:0 /var/lib/docker /var/lib/docker rw,relatime shared:1 "
			      "master:2 propagate_from:3 unbindable - ext4 /dev/vda rw", &m));
	assert_string_equal(m.root, "/var/lib/docker");
	assert_string_equal(m.fstype, "ext4");
	assert_string_equal(m.source, "/dev/vda");
	assert_string_equal(m.super_opts, "rw");
	mount_entry_free(&m);

	/* an optional field "-x" is not the separator */
	assert_true(mountinfo("1 2 0:1 / /m rw -x - t s o", &m));
	assert_string_equal(m.fstype, "t");
	mount_entry_free(&m);

	/* tabs separate too */
	assert_true(mountinfo("1\t2\t0:1\t/\t/m\trw\t-\tt\ts\to", &m));
	assert_string_equal(m.mountpoint, "/m");
	mount_entry_free(&m);
}

static void test_mountinfo_malformed(void **state)
{
	(void)state;
	static const char *bad[] = {
		"",
		" ",
		"26",
		"26 1 254:0 / /",
		"26 1 254:0 / / rw,relatime",
		"26 1 254:0 / / rw,relatime ext4 /dev/vda rw",
		"26 1 254:0 / / rw,relatime shared:1 ext4 /dev/vda rw",
		"26 1 254:0 / / rw -",
		"26 1 254:0 / / rw - ext4",
		"26 1 254:0 / - ext4 /dev/vda rw", /* "-" taken as the options */
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct mount_entry m;
		if (mountinfo(bad[i], &m))
			fail_msg("parse_mountinfo_line accepted \"%s\"", bad[i]);
		assert_null(m.root);
		assert_null(m.mountpoint);
	}

	/* the length bounds the line: text after it is not read */
	struct mount_entry m;
	const char *line = "1 2 0:1 / /m rw - t s o\n3 4 0:2 / /n rw - u v w";
	assert_true(parse_mountinfo_line(line, strcspn(line, "\n"), &m));
	assert_string_equal(m.super_opts, "o");
	mount_entry_free(&m);
	assert_false(parse_mountinfo_line(line, 15, &m));
}

/* ---- cmdline_join ---- */

static void test_cmdline(void **state)
{
	(void)state;
	char *s;

	s = cmdline_join("sleep\0" "100\0", 10, false);
	assert_string_equal(s, "sleep 100");
	free(s);

	s = cmdline_join("sh\0-c\0echo hi\0\0\0", 16, false);
	assert_string_equal(s, "sh -c echo hi");
	free(s);

	/* no trailing NUL: a process that rewrote its argv */
	s = cmdline_join("nginx: worker process", 21, false);
	assert_string_equal(s, "nginx: worker process");
	free(s);

	/* empty arguments in the middle stay as spaces */
	s = cmdline_join("a\0\0b\0", 5, false);
	assert_string_equal(s, "a  b");
	free(s);

	/* control bytes stay raw: escaping is the renderer's job */
	static const char raw[] = "x\n\033[31m\\x41\t\xc2\x9b\0";
	s = cmdline_join(raw, sizeof(raw) - 1, false);
	assert_string_equal(s, "x\n\033[31m\\x41\t\xc2\x9b");
	free(s);

	assert_null(cmdline_join("", 0, false));
	assert_null(cmdline_join(NULL, 0, false));
	assert_null(cmdline_join("\0", 1, false));
	assert_null(cmdline_join("\0\0\0\0", 4, false));

	s = cmdline_join("\0a", 2, false);
	assert_string_equal(s, " a");
	free(s);

	/* the first bytes of a longer command line */
	s = cmdline_join("perl\0-e\0sleep 1000\0xxxx", 23, true);
	assert_string_equal(s, "perl -e sleep 1000 xxxx...");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_self),
		cmocka_unit_test(test_status_kthread),
		cmocka_unit_test(test_status_docker),
		cmocka_unit_test(test_status_nested_nspid),
		cmocka_unit_test(test_status_leader_exited),
		cmocka_unit_test(test_status_nstgid_order),
		cmocka_unit_test(test_status_escaped_name),
		cmocka_unit_test(test_status_long_name),
		cmocka_unit_test(test_status_empty),
		cmocka_unit_test(test_status_missing_name),
		cmocka_unit_test(test_status_truncated),
		cmocka_unit_test(test_status_no_trailing_newline),
		cmocka_unit_test(test_status_garbage_numbers),
		cmocka_unit_test(test_status_overflow),
		cmocka_unit_test(test_status_nspid_limits),
		cmocka_unit_test(test_status_nul_bytes),
		cmocka_unit_test(test_status_state_letters),
		cmocka_unit_test(test_ns_link_good),
		cmocka_unit_test(test_ns_link_bad),
		cmocka_unit_test(test_cgroup_hybrid_self),
		cmocka_unit_test(test_cgroup_hybrid_docker),
		cmocka_unit_test(test_cgroup_v2_only),
		cmocka_unit_test(test_cgroup_malformed),
		cmocka_unit_test(test_cgroup_spaces_and_deleted),
		cmocka_unit_test(test_cgroup_nul_bytes),
		cmocka_unit_test(test_mountinfo_real),
		cmocka_unit_test(test_mountinfo_octal),
		cmocka_unit_test(test_mountinfo_optional_fields),
		cmocka_unit_test(test_mountinfo_malformed),
		cmocka_unit_test(test_cmdline),
	};
	return cmocka_run_group_tests_name("procfs", tests, NULL, NULL);
}
