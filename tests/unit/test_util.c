/* Unit tests for src/util.c: integer parsing, the hash map, file reading
 * and the escaping of untrusted text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "util.h"

/* ---- integer parsing ---- */

static bool u64(const char *s, uint64_t *out)
{
	return parse_u64(s, strlen(s), out);
}

static bool i64(const char *s, int64_t *out)
{
	return parse_i64(s, strlen(s), out);
}

static bool hex(const char *s, uint64_t *out)
{
	return parse_hex_u64(s, strlen(s), out);
}

static void test_parse_u64(void **state)
{
	(void)state;
	uint64_t v;
	assert_true(u64("0", &v));
	assert_int_equal(v, 0);
	assert_true(u64("42", &v));
	assert_int_equal(v, 42);
	assert_true(u64("0007", &v));
	assert_int_equal(v, 7);
	assert_true(u64("18446744073709551615", &v));
	assert_int_equal(v, UINT64_MAX);
	assert_true(u64("18446744073709551610", &v));
	assert_int_equal(v, UINT64_MAX - 5);

	static const char *bad[] = { "",   "-1", "+1", " 1", "1 ", "1a", "a1", "0x10", "1.5",
				     "18446744073709551616", "18446744073709551620",
				     "99999999999999999999", "184467440737095516150" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		v = 12345;
		if (u64(bad[i], &v))
			fail_msg("parse_u64 accepted \"%s\"", bad[i]);
		assert_int_equal(v, 12345); /* untouched on failure */
	}
	/* the length bounds the token */
	assert_true(parse_u64("123abc", 3, &v));
	assert_int_equal(v, 123);
	assert_false(parse_u64("123", 0, &v));
	assert_false(parse_u64("1\0002", 3, &v));
}

static void test_parse_i64(void **state)
{
	(void)state;
	int64_t v;
	assert_true(i64("0", &v));
	assert_int_equal(v, 0);
	assert_true(i64("-0", &v));
	assert_int_equal(v, 0);
	assert_true(i64("-1", &v));
	assert_int_equal(v, -1);
	assert_true(i64("9223372036854775807", &v));
	assert_int_equal(v, INT64_MAX);
	assert_true(i64("-9223372036854775808", &v));
	assert_true(v == INT64_MIN);

	static const char *bad[] = { "", "-", "--1", "+1", "- 1", "1-", "9223372036854775808",
				     "-9223372036854775809", "18446744073709551615",
				     "-18446744073709551616", "12a" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		v = 12345;
		if (i64(bad[i], &v))
			fail_msg("parse_i64 accepted \"%s\"", bad[i]);
		assert_int_equal(v, 12345);
	}
	assert_false(parse_i64("-5", 1, &v));
	assert_true(parse_i64("-5", 2, &v));
	assert_int_equal(v, -5);
}

static void test_parse_hex(void **state)
{
	(void)state;
	uint64_t v;
	assert_true(hex("0", &v));
	assert_int_equal(v, 0);
	assert_true(hex("000001fffeffffff", &v));
	assert_int_equal(v, 0x1fffeffffffULL);
	assert_true(hex("ffffffffffffffff", &v));
	assert_int_equal(v, UINT64_MAX);
	assert_true(hex("FFFFFFFFFFFFFFFF", &v));
	assert_int_equal(v, UINT64_MAX);
	assert_true(hex("aBcD", &v));
	assert_int_equal(v, 0xabcd);
	assert_true(hex("0xff", &v));
	assert_int_equal(v, 0xff);
	assert_true(hex("0X1f", &v));
	assert_int_equal(v, 0x1f);
	assert_true(hex("0xffffffffffffffff", &v));
	assert_int_equal(v, UINT64_MAX);

	static const char *bad[] = { "",   "0x", "0X", "x1", "g", "1g", " 1", "1 ", "-1", "+1",
				     "0x0x1", "1ffffffffffffffff", "00000000000000000",
				     "0x1ffffffffffffffff" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		v = 12345;
		if (hex(bad[i], &v))
			fail_msg("parse_hex_u64 accepted \"%s\"", bad[i]);
		assert_int_equal(v, 12345);
	}
	assert_true(parse_hex_u64("ffzz", 2, &v));
	assert_int_equal(v, 0xff);
}

static void test_parse_pid(void **state)
{
	(void)state;
	pid_t pid;
	assert_true(parse_pid("1", &pid));
	assert_int_equal(pid, 1);
	assert_true(parse_pid("4194304", &pid));
	assert_int_equal(pid, 4194304);
	assert_true(parse_pid("2147483647", &pid));
	assert_int_equal(pid, 2147483647);

	static const char *bad[] = { "0", "-1", "2147483648", "4294967297", "12a", "", " 1",
				     "1 ", "+1", "0x10", "-0", "99999999999999999999999" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		pid = 777;
		if (parse_pid(bad[i], &pid))
			fail_msg("parse_pid accepted \"%s\"", bad[i]);
		assert_int_equal(pid, 777);
	}
	assert_false(parse_pid(NULL, &pid));
}

/* ---- hmap ---- */

static void test_hmap_basic(void **state)
{
	(void)state;
	struct hmap m = { 0 };
	int a, b, c;

	assert_null(hmap_get(&m, 1));
	assert_null(hmap_get(&m, 0));
	hmap_put(&m, 1, &a);
	hmap_put(&m, UINT64_MAX, &b);
	hmap_put(&m, 4026531840ULL, &c);
	assert_int_equal(m.n, 3);
	assert_ptr_equal(hmap_get(&m, 1), &a);
	assert_ptr_equal(hmap_get(&m, UINT64_MAX), &b);
	assert_ptr_equal(hmap_get(&m, 4026531840ULL), &c);
	assert_null(hmap_get(&m, 2));
	assert_null(hmap_get(&m, 0));

	/* overwrite keeps one entry */
	hmap_put(&m, 1, &c);
	assert_int_equal(m.n, 3);
	assert_ptr_equal(hmap_get(&m, 1), &c);
	hmap_put(&m, 1, NULL);
	assert_null(hmap_get(&m, 1));
	assert_int_equal(m.n, 3);

	hmap_free(&m);
	assert_int_equal(m.n, 0);
	assert_int_equal(m.cap, 0);
	assert_null(hmap_get(&m, UINT64_MAX));
	hmap_free(&m); /* twice is harmless */
}

static void test_hmap_growth(void **state)
{
	(void)state;
	struct hmap m = { 0 };
	enum { N = 20000 };

	/* namespace inodes are dense: consecutive keys, and strided ones
	 * that share low bits */
	for (uintptr_t i = 1; i <= N; i++) {
		hmap_put(&m, 4026531830ULL + i, (void *)i);
		hmap_put(&m, i << 32, (void *)(i + N));
		assert_true(m.n * 2 <= m.cap);
		assert_true((m.cap & (m.cap - 1)) == 0);
	}
	assert_int_equal(m.n, 2 * N);
	for (uintptr_t i = 1; i <= N; i++) {
		assert_ptr_equal(hmap_get(&m, 4026531830ULL + i), (void *)i);
		assert_ptr_equal(hmap_get(&m, i << 32), (void *)(i + N));
	}
	assert_null(hmap_get(&m, 4026531830ULL));
	assert_null(hmap_get(&m, 4026531830ULL + N + 1));
	assert_null(hmap_get(&m, (uint64_t)(N + 1) << 32));
	for (uintptr_t i = 1; i <= N; i += 2)
		hmap_put(&m, 4026531830ULL + i, (void *)(i * 3));
	assert_int_equal(m.n, 2 * N);
	for (uintptr_t i = 1; i <= N; i++)
		assert_ptr_equal(hmap_get(&m, 4026531830ULL + i), (void *)(i % 2 ? i * 3 : i));
	hmap_free(&m);
}

/* ---- buffers and files ---- */

static void test_buf(void **state)
{
	(void)state;
	struct buf b = { 0 };
	buf_append(&b, "", 0);
	assert_non_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	for (int i = 0; i < 3000; i++)
		buf_append(&b, "abc", 3);
	assert_int_equal(b.len, 9000);
	assert_true(b.cap > b.len);
	assert_int_equal(b.data[b.len], '\0');
	assert_memory_equal(b.data + 8997, "abc", 3);
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
}

/* A captured tree: only regular files (of sane size) and directories
 * open, symlinks stay inside the directory given; live, openat as is. */
static void test_fs_openat_captured(void **state)
{
	(void)state;
	char dir[] = "/tmp/nsi-unit-XXXXXX";
	assert_non_null(mkdtemp(dir));
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	assert_true(dfd >= 0);
	int fd = openat(dfd, "plain", O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "Name:\tx\n", 8), 8);
	close(fd);
	assert_int_equal(mkfifoat(dfd, "fifo", 0600), 0);
	assert_int_equal(symlinkat("/dev/zero", dfd, "zero"), 0);
	assert_int_equal(symlinkat("/etc/passwd", dfd, "out"), 0);
	assert_int_equal(symlinkat("plain", dfd, "in"), 0);
	assert_int_equal(symlinkat("../../../../plain", dfd, "up"), 0);
	fd = openat(dfd, "huge", O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)CAPTURED_FILE_MAX + 1), 0);
	close(fd);
	assert_int_equal(mkdirat(dfd, "sub", 0700), 0);

	struct buf b = { 0 };
	fs_set_captured(true);
	assert_int_equal(read_file_at(dfd, "plain", &b), 0);
	assert_string_equal(b.data, "Name:\tx\n");
	assert_int_equal(read_file_at(dfd, "in", &b), 0);
	assert_int_equal(read_file_at(dfd, "up", &b), 0); /* .. stops at dfd */
	assert_int_equal(read_file_at(dfd, "fifo", &b), -EINVAL);
	assert_int_equal(read_file_at(dfd, "zero", &b), -ENOENT); /* dfd/dev/zero */
	assert_int_equal(read_file_at(dfd, "out", &b), -ENOENT);
	assert_int_equal(read_file_at(dfd, "huge", &b), -EFBIG);
	fd = fs_openat(dfd, "sub", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(fs_openat(dfd, "fifo", O_RDONLY | O_DIRECTORY), -1);
	assert_int_equal(errno, ENOTDIR);
	/* every read counts against the tree's budget, also the last one of
	 * a file and one cut at a maximum: reads of the first 4 MiB of an 8
	 * MiB file run out of the 256 MiB in 64 reads or so */
	fd = openat(dfd, "big", O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 8 << 20), 0);
	close(fd);
	int reads = 0, r;
	while (reads < 100) {
		int kept;
		r = read_proc_whole_keep(dfd, "big", &b, 4 << 20, &kept);
		if (kept >= 0)
			close(kept);
		if (r < 0)
			break;
		assert_int_equal(r, 1);
		reads++;
	}
	assert_int_equal(r, -EFBIG);
	assert_true(reads >= 60 && reads <= 64);
	fs_set_captured(false);
	assert_int_equal(read_file_at(dfd, "out", &b), 0); /* live: as openat */

	buf_free(&b);
	static const char *const names[] = { "plain", "fifo", "zero", "out", "in", "up", "huge", "big" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		unlinkat(dfd, names[i], 0);
	unlinkat(dfd, "sub", AT_REMOVEDIR);
	close(dfd);
	rmdir(dir);
}

static void test_read_file_at(void **state)
{
	(void)state;
	char dir[] = "/tmp/nsi-unit-XXXXXX";
	assert_non_null(mkdtemp(dir));
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	assert_true(dfd >= 0);
	struct buf b = { 0 };

	/* sizes around the first 4096-byte buffer */
	static const size_t sizes[] = { 0, 1, 4094, 4095, 4096, 4097, 8191, 100000 };
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		char *data = xmalloc(sizes[i]);
		for (size_t k = 0; k < sizes[i]; k++)
			data[k] = (char)('a' + (k * 7 + i) % 26);
		int fd = openat(dfd, "f", O_WRONLY | O_CREAT | O_TRUNC, 0600);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, data, sizes[i]), (ssize_t)sizes[i]);
		close(fd);
		assert_int_equal(read_file_at(dfd, "f", &b), 0);
		assert_int_equal(b.len, sizes[i]);
		assert_memory_equal(b.data, data, sizes[i]);
		assert_int_equal(b.data[b.len], '\0');
		/* at most 4096 bytes: 1 says the file went on */
		int kept;
		int cut = read_proc_whole_keep(dfd, "f", &b, 4096, &kept);
		assert_true(kept >= 0);
		close(kept);
		assert_int_equal(cut, sizes[i] > 4096);
		assert_int_equal(b.len, sizes[i] > 4096 ? 4096 : sizes[i]);
		assert_memory_equal(b.data, data, b.len);
		assert_int_equal(b.data[b.len], '\0');
		free(data);
	}
	assert_int_equal(read_file_at(dfd, "missing", &b), -ENOENT);
	assert_int_equal(read_file_at(dfd, ".", &b), -EISDIR);
	unlinkat(dfd, "f", 0);
	close(dfd);
	rmdir(dir);

	/* a /proc file bigger than the first buffer */
	assert_int_equal(read_file_at(AT_FDCWD, "/proc/self/mountinfo", &b), 0);
	assert_int_equal(strlen(b.data), b.len);
	assert_int_equal(read_file_at(AT_FDCWD, "/proc/self/status", &b), 0);
	assert_memory_equal(b.data, "Name:\t", 6);
	buf_free(&b);
}

static void test_xalloc(void **state)
{
	(void)state;
	char *s = xasprintf("%s:%d", "net", 42);
	assert_string_equal(s, "net:42");
	free(s);
	s = xstrndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
	s = xstrdup("");
	assert_string_equal(s, "");
	free(s);
	free(xmalloc(0));
	free(xcalloc(0, 0));
	free(xrealloc(NULL, 0));
}

/* ---- escaping ---- */

static void check_escape(const char *in, size_t len, const char *want)
{
	char *got = str_escape(in, len);
	if (strcmp(got, want) != 0)
		fail_msg("str_escape: got \"%s\", want \"%s\"", got, want);
	assert_int_equal(str_is_clean(in, len), strcmp(in, want) == 0 && strlen(in) == len);
	free(got);
}

#define ESC(lit, want) check_escape(lit, sizeof(lit) - 1, want)

static void test_escape_clean(void **state)
{
	(void)state;
	ESC("", "");
	ESC("bash", "bash");
	ESC("kworker/u8:2-events_unbound", "kworker/u8:2-events_unbound");
	ESC("with space and ~!@#$%^&*()", "with space and ~!@#$%^&*()");
	ESC("back\\slash", "back\\slash");
	ESC("caf\xc3\xa9", "caf\xc3\xa9");              /* é */
	ESC("\xc2\xa0", "\xc2\xa0");                    /* U+00A0, first after C1 */
	ESC("\xe2\x82\xac", "\xe2\x82\xac");            /* € */
	ESC("\xef\xbf\xbd", "\xef\xbf\xbd");            /* U+FFFD */
	ESC("\xf0\x9f\x98\x80 ok", "\xf0\x9f\x98\x80 ok"); /* 4-byte emoji kept */
	ESC("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf");    /* U+10FFFF */
	ESC("\xe2\x80\xa7", "\xe2\x80\xa7");            /* U+2027, before U+2028 */
	assert_true(str_is_clean("sleep", 5));
	assert_true(str_is_clean(NULL, 0));
}

static void test_escape_control(void **state)
{
	(void)state;
	ESC("\033[31mred\033[0m", "\\x1b[31mred\\x1b[0m");
	ESC("\033]0;title\007", "\\x1b]0;title\\x07");
	ESC("a\rb\nc\td", "a\\x0db\\x0ac\\x09d");
	ESC("\x01", "\\x01");
	ESC("\x1f", "\\x1f");
	ESC("del\x7f", "del\\x7f");
	ESC("a\0b", "a\\x00b");
	/* C1 controls as UTF-8: CSI U+009B, NEL U+0085, U+009F */
	ESC("\xc2\x9b" "31m", "\\xc2\\x9b31m");
	ESC("\xc2\x85", "\\xc2\\x85");
	ESC("\xc2\x80", "\\xc2\\x80");
	ESC("\xc2\x9f", "\\xc2\\x9f");
	/* JavaScript line terminators: U+2028, U+2029 */
	ESC("a\xe2\x80\xa8" "b", "a\\xe2\\x80\\xa8b");
	ESC("\xe2\x80\xa9", "\\xe2\\x80\\xa9");
	/* bidirectional overrides and isolates (Trojan Source): U+202E, U+2066 */
	ESC("evil\xe2\x80\xae" "txt", "evil\\xe2\\x80\\xaetxt");
	ESC("\xe2\x81\xa6", "\\xe2\\x81\\xa6");
	ESC("\xe2\x80\xa9", "\\xe2\\x80\\xa9");
	/* U+2065 and U+202F are ordinary */
	ESC("\xe2\x80\xaf", "\xe2\x80\xaf");
}

static void test_escape_invalid_utf8(void **state)
{
	(void)state;
	ESC("\x9b", "\\x9b");                         /* raw C1 byte, a lone continuation */
	ESC("\x80\xbf", "\\x80\\xbf");
	ESC("\xc0\xaf", "\\xc0\\xaf");                /* overlong '/' */
	ESC("\xc1\xbf", "\\xc1\\xbf");
	ESC("\xe0\x80\xaf", "\\xe0\\x80\\xaf");       /* overlong, 3 bytes */
	ESC("\xf0\x80\x80\xaf", "\\xf0\\x80\\x80\\xaf"); /* overlong, 4 bytes */
	ESC("\xed\xa0\x80", "\\xed\\xa0\\x80");       /* lone high surrogate */
	ESC("\xed\xbf\xbf", "\\xed\\xbf\\xbf");       /* low surrogate */
	ESC("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"); /* above U+10FFFF */
	ESC("\xf8\x88\x80\x80\x80", "\\xf8\\x88\\x80\\x80\\x80");
	ESC("\xfe\xff", "\\xfe\\xff");
	ESC("ab\xe2\x82", "ab\\xe2\\x82");            /* truncated at the end */
	ESC("\xe2\x82" "ab", "\\xe2\\x82ab");         /* truncated in the middle */
	ESC("\xf0\x9f\x98", "\\xf0\\x9f\\x98");
	ESC("\xc3", "\\xc3");
	/* good text around a bad byte survives */
	ESC("caf\xc3\xa9\xff\xf0\x9f\x98\x80", "caf\xc3\xa9\\xff\xf0\x9f\x98\x80");
}

/* A raw "\x" in the input would read like an escape the tool made: it is
 * escaped itself, as util-linux does, so every "\x" in output is ours. */
static void test_escape_backslash_x(void **state)
{
	(void)state;
	ESC("\\x1b[31m", "\\x5cx1b[31m");
	ESC("a\\\\x", "a\\\\x5cx");
	ESC("\\X", "\\X");
	ESC("\\", "\\");
	ESC("x\\", "x\\");
}

/* Outside UTF-8 locales tables get ASCII: valid UTF-8 is escaped byte by
 * byte too (libsmartcols 2.38 loops forever on bytes the locale cannot
 * decode); controls and "\x" as always. */
static void test_escape_ascii(void **state)
{
	(void)state;
	str_escape_set_ascii(true);
	ESC("bash", "bash");
	ESC("caf\xc3\xa9", "caf\\xc3\\xa9");
	ESC("\xf0\x9f\x98\x80 ok", "\\xf0\\x9f\\x98\\x80 ok");
	ESC("\033[1m\xff", "\\x1b[1m\\xff");
	ESC("\\x41", "\\x5cx41");
	assert_false(str_is_clean("caf\xc3\xa9", 5));
	str_escape_set_ascii(false);
	ESC("caf\xc3\xa9", "caf\xc3\xa9");
}

/* a failed assertion above must not leave the later tests in ASCII mode */
static int escape_utf8_again(void **state)
{
	(void)state;
	str_escape_set_ascii(false);
	return 0;
}

static void test_escape_length_bound(void **state)
{
	(void)state;
	/* len bounds the input: a sequence cut by it is invalid */
	char *s = str_escape("ab\xc3\xa9zz", 3);
	assert_string_equal(s, "ab\\xc3");
	free(s);
	s = str_escape("abc", 0);
	assert_string_equal(s, "");
	free(s);

	/* worst case: every byte grows to four */
	char in[256];
	for (int i = 0; i < 256; i++)
		in[i] = (char)(0x80 + i % 64);
	s = str_escape(in, sizeof(in));
	assert_int_equal(strlen(s), 4 * sizeof(in));
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_u64),
		cmocka_unit_test(test_parse_i64),
		cmocka_unit_test(test_parse_hex),
		cmocka_unit_test(test_parse_pid),
		cmocka_unit_test(test_hmap_basic),
		cmocka_unit_test(test_hmap_growth),
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_read_file_at),
		cmocka_unit_test(test_fs_openat_captured),
		cmocka_unit_test(test_xalloc),
		cmocka_unit_test(test_escape_clean),
		cmocka_unit_test(test_escape_control),
		cmocka_unit_test(test_escape_invalid_utf8),
		cmocka_unit_test(test_escape_backslash_x),
		cmocka_unit_test_teardown(test_escape_ascii, escape_utf8_again),
		cmocka_unit_test(test_escape_length_bound),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
