/* The cgroup file parsers on real text (tests/unit/cgparse_samples.h, and
 * v2 controller files in the layout of a 6.x pure-v2 host) and on broken
 * text: empty, missing keys, huge numbers, "max", garbage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cgparse.h"
#include "cli_stubs.h"
#include "cgparse_samples.h"

#define S(lit) (lit), (sizeof(lit) - 1)

/* v2 files of a container cgroup on a pure cgroup-v2 host (6.x kernel). */
static const char V2_MEMORY_STAT[] =
	"anon 1466368\n"
	"file 8699904\n"
	"kernel 905216\n"
	"kernel_stack 32768\n"
	"pagetables 77824\n"
	"sec_pagetables 0\n"
	"percpu 1440\n"
	"sock 0\n"
	"vmalloc 0\n"
	"shmem 4096\n"
	"zswap 0\n"
	"zswapped 0\n"
	"file_mapped 4632576\n"
	"file_dirty 0\n"
	"file_writeback 0\n"
	"swapcached 0\n"
	"anon_thp 0\n"
	"inactive_anon 1470464\n"
	"active_anon 0\n"
	"inactive_file 5406720\n"
	"active_file 3289088\n"
	"unevictable 0\n"
	"slab_reclaimable 497808\n"
	"pgfault 3547\n";
static const char V2_MEMORY_EVENTS[] = "low 0\nhigh 0\nmax 12\noom 3\noom_kill 2\noom_group_kill 0\n";
static const char V2_IO_STAT[] =
	"259:0 rbytes=1323008 wbytes=8192 rios=37 wios=2 dbytes=0 dios=0\n"
	"8:16 \n"
	"8:0 rbytes=4096 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n";

static void test_value(void **state)
{
	(void)state;
	uint64_t v;
	assert_true(cg_parse_value(S("478150656\n"), &v));
	assert_int_equal(v, 478150656);
	assert_true(cg_parse_value(S("max\n"), &v));
	assert_int_equal(v, CG_UNLIMITED);
	assert_true(cg_parse_value(S("  50  "), &v));
	assert_int_equal(v, 50);
	assert_true(cg_parse_value(S("0"), &v));
	assert_int_equal(v, 0);
	/* empty, garbage, negative, overflow, sentinel look-alikes */
	assert_false(cg_parse_value(S(""), &v));
	assert_int_equal(v, CG_UNSET);
	assert_false(cg_parse_value(S("\n"), &v));
	assert_false(cg_parse_value(S("maximum\n"), &v));
	assert_false(cg_parse_value(S("-1\n"), &v));
	assert_false(cg_parse_value(S("12 34\n"), &v));
	assert_false(cg_parse_value(S("99999999999999999999999\n"), &v));
	assert_int_equal(v, CG_UNSET);
	assert_false(cg_parse_value(S("18446744073709551615"), &v));
	assert_false(cg_parse_value(S("18446744073709551614"), &v));
	assert_true(cg_parse_value(S("18446744073709551613"), &v));
	assert_false(cg_parse_value(NULL, 0, &v));
}

static void test_v1_memory_limit(void **state)
{
	(void)state;
	uint64_t v, unlimited = cg_v1_unlimited(4096);
	/* what the kernel shows: LONG_MAX rounded down to the page size */
	assert_int_equal(unlimited, ((uint64_t)INT64_MAX / 4096) * 4096);
	assert_int_equal(cg_v1_unlimited(65536), ((uint64_t)INT64_MAX / 65536) * 65536);

	char text[32];
	snprintf(text, sizeof(text), "%llu\n", (unsigned long long)unlimited);
	assert_true(cg_parse_v1_memory_limit(text, strlen(text), 4096, &v));
	assert_int_equal(v, CG_UNLIMITED);
	/* one page less is a (huge) real limit */
	snprintf(text, sizeof(text), "%llu\n", (unsigned long long)(unlimited - 4096));
	assert_true(cg_parse_v1_memory_limit(text, strlen(text), 4096, &v));
	assert_int_equal(v, unlimited - 4096);
	/* on 64 KiB pages the unlimited value is lower: a 4 KiB-rounded LONG_MAX
	 * is above it and still unlimited */
	snprintf(text, sizeof(text), "%llu\n", (unsigned long long)cg_v1_unlimited(65536));
	assert_true(cg_parse_v1_memory_limit(text, strlen(text), 65536, &v));
	assert_int_equal(v, CG_UNLIMITED);
	assert_true(cg_parse_v1_memory_limit(S("478150656\n"), 4096, &v));
	assert_int_equal(v, 478150656);
	assert_false(cg_parse_v1_memory_limit(S(""), 4096, &v));
	assert_int_equal(v, CG_UNSET);
	assert_false(cg_parse_v1_memory_limit(S("max\n"), 4096, &v));
	assert_false(cg_parse_v1_memory_limit(S("99999999999999999999\n"), 4096, &v));
}

static void test_cpu_stat_v2(void **state)
{
	(void)state;
	struct cg_cpu_stat st;
	cg_parse_cpu_stat(S(V2_CPU_STAT), &st);
	assert_true(st.usage_usec > 0 && st.usage_usec != CG_UNSET);
	assert_int_equal(st.usage_usec, st.user_usec + st.system_usec);
	/* no cpu controller in this hierarchy: no throttling keys */
	assert_int_equal(st.nr_throttled, CG_UNSET);
	assert_int_equal(st.throttled_usec, CG_UNSET);

	cg_parse_cpu_stat(S("usage_usec 10\nuser_usec 6\nsystem_usec 4\nnr_periods 5\n"
			    "nr_throttled 2\nthrottled_usec 777\nnr_bursts 0\n"),
			  &st);
	assert_int_equal(st.nr_periods, 5);
	assert_int_equal(st.nr_throttled, 2);
	assert_int_equal(st.throttled_usec, 777);

	cg_parse_cpu_stat(S(""), &st);
	assert_int_equal(st.usage_usec, CG_UNSET);
	cg_parse_cpu_stat(S("usage_usec\nuser_usec x\nsystem_usec 99999999999999999999999\n"), &st);
	assert_int_equal(st.usage_usec, CG_UNSET);
	assert_int_equal(st.user_usec, CG_UNSET);
	assert_int_equal(st.system_usec, CG_UNSET);
	/* a prefix of a key is not the key */
	cg_parse_cpu_stat(S("usage 5\nusage_usec_total 6\n"), &st);
	assert_int_equal(st.usage_usec, CG_UNSET);
}

static void test_cpu_stat_v1(void **state)
{
	(void)state;
	struct cg_cpu_stat st;
	cg_parse_cpu_stat_v1(S(V1_CPU_STAT), &st);
	assert_int_equal(st.nr_periods, 0);
	assert_int_equal(st.nr_throttled, 0);
	assert_int_equal(st.throttled_usec, 0);
	assert_int_equal(st.usage_usec, CG_UNSET);
	cg_parse_cpu_stat_v1(S("nr_periods 40\nnr_throttled 12\nthrottled_time 1500000999\n"), &st);
	assert_int_equal(st.nr_throttled, 12);
	assert_int_equal(st.throttled_usec, 1500000);
	cg_parse_cpu_stat_v1(S("nr_periods 40\n"), &st);
	assert_int_equal(st.throttled_usec, CG_UNSET);
}

static void test_cpuacct_stat(void **state)
{
	(void)state;
	uint64_t u, s;
	cg_parse_cpuacct_stat(S(V1_CPUACCT_STAT), &u, &s);
	assert_int_not_equal(u, CG_UNSET);
	assert_int_not_equal(s, CG_UNSET);
	cg_parse_cpuacct_stat(S("user 3\nsystem 1\n"), &u, &s);
	assert_int_equal(u, 3);
	assert_int_equal(s, 1);
	cg_parse_cpuacct_stat(S("user 3\n"), &u, &s);
	assert_int_equal(s, CG_UNSET);
	cg_parse_cpuacct_stat(S(""), &u, &s);
	assert_int_equal(u, CG_UNSET);
}

static void test_cpu_max(void **state)
{
	(void)state;
	uint64_t q, p;
	assert_true(cg_parse_cpu_max(S("50000 100000\n"), &q, &p));
	assert_int_equal(q, 50000);
	assert_int_equal(p, 100000);
	assert_true(cg_parse_cpu_max(S("max 100000\n"), &q, &p));
	assert_int_equal(q, CG_UNLIMITED);
	assert_int_equal(p, 100000);
	assert_true(cg_parse_cpu_max(S("max\n"), &q, &p));
	assert_int_equal(p, 100000);
	assert_false(cg_parse_cpu_max(S(""), &q, &p));
	assert_int_equal(q, CG_UNSET);
	assert_false(cg_parse_cpu_max(S("50000 0\n"), &q, &p));
	assert_false(cg_parse_cpu_max(S("-1 100000\n"), &q, &p));
	assert_false(cg_parse_cpu_max(S("1 2 3\n"), &q, &p));
	assert_false(cg_parse_cpu_max(S("99999999999999999999999 100000\n"), &q, &p));
	assert_int_equal(p, CG_UNSET);
}

static void test_cfs_quota_and_weight(void **state)
{
	(void)state;
	uint64_t v;
	assert_true(cg_parse_cfs_quota(S("-1\n"), &v));
	assert_int_equal(v, CG_UNLIMITED);
	assert_true(cg_parse_cfs_quota(S("50000\n"), &v));
	assert_int_equal(v, 50000);
	assert_false(cg_parse_cfs_quota(S(""), &v));
	assert_int_equal(v, CG_UNSET);
	assert_false(cg_parse_cfs_quota(S("max\n"), &v));
	assert_false(cg_parse_cfs_quota(S("99999999999999999999\n"), &v));
	/* cfs_period_us, cpu.shares and cpu.weight are plain values */
	assert_true(cg_parse_value(S("100000\n"), &v));
	assert_int_equal(v, 100000);
	assert_true(cg_parse_value(S("1024\n"), &v));
	assert_int_equal(v, 1024);
	assert_true(cg_parse_value(S("100\n"), &v));
	assert_int_equal(v, 100);
}

static void test_memory_stat(void **state)
{
	(void)state;
	struct cg_memory_stat ms;
	cg_parse_memory_stat(S(V2_MEMORY_STAT), &ms);
	assert_int_equal(ms.anon, 1466368);
	assert_int_equal(ms.file, 8699904);
	assert_int_equal(ms.inactive_file, 5406720);
	assert_int_equal(ms.shmem, 4096);

	/* v1: the hierarchical total_* keys */
	cg_parse_memory_stat_v1(S(V1_MEMORY_STAT), &ms);
	assert_int_equal(ms.anon, 53248);
	assert_int_equal(ms.file, 0);
	assert_int_equal(ms.inactive_file, 0);
	cg_parse_memory_stat_v1(S("rss 10\ncache 20\ninactive_file 5\ntotal_inactive_file 7\n"), &ms);
	assert_int_equal(ms.anon, 10);
	assert_int_equal(ms.file, 20);
	assert_int_equal(ms.inactive_file, 7);

	cg_parse_memory_stat(S(""), &ms);
	assert_int_equal(ms.inactive_file, CG_UNSET);
	cg_parse_memory_stat(S("anon 1\nfile\ninactive_file 184467440737095516150\n"), &ms);
	assert_int_equal(ms.anon, 1);
	assert_int_equal(ms.file, CG_UNSET);
	assert_int_equal(ms.inactive_file, CG_UNSET);
}

static void test_memory_events_and_oom_control(void **state)
{
	(void)state;
	uint64_t oom, kill, disable, under;
	cg_parse_memory_events(S(V2_MEMORY_EVENTS), &oom, &kill);
	assert_int_equal(oom, 3);
	assert_int_equal(kill, 2);
	cg_parse_memory_events(S("low 0\nhigh 0\n"), &oom, &kill);
	assert_int_equal(oom, CG_UNSET);
	assert_int_equal(kill, CG_UNSET);

	cg_parse_oom_control(S(V1_OOM_CONTROL), &disable, &under, &kill);
	assert_int_equal(disable, 0);
	assert_int_equal(under, 0);
	assert_int_equal(kill, 0);
	/* kernels before 4.13 have no oom_kill line */
	cg_parse_oom_control(S("oom_kill_disable 1\nunder_oom 0\n"), &disable, &under, &kill);
	assert_int_equal(disable, 1);
	assert_int_equal(kill, CG_UNSET);
	cg_parse_oom_control(S(""), &disable, &under, &kill);
	assert_int_equal(disable, CG_UNSET);
}

static void test_io_stat(void **state)
{
	(void)state;
	struct cg_io_stat io;
	cg_parse_io_stat(S(V2_IO_STAT), &io);
	assert_int_equal(io.ndevices, 3);
	assert_int_equal(io.rbytes, 1323008 + 4096);
	assert_int_equal(io.wbytes, 8192);
	assert_int_equal(io.rios, 38);
	assert_int_equal(io.wios, 2);

	/* only device lines without keys */
	cg_parse_io_stat(S("8:16 \n8:0\n"), &io);
	assert_int_equal(io.ndevices, 2);
	assert_int_equal(io.rbytes, 0);

	cg_parse_io_stat(S(""), &io);
	assert_int_equal(io.ndevices, 0);
	assert_int_equal(io.rbytes, 0);

	/* garbage keys and huge values are ignored, not summed */
	cg_parse_io_stat(S("8:0 rbytes=99999999999999999999999 wbytes=x rios=3 =5 wios\n"
			   "nodevice rbytes=7\n"),
			 &io);
	assert_int_equal(io.ndevices, 1);
	assert_int_equal(io.rbytes, 0);
	assert_int_equal(io.wbytes, 0);
	assert_int_equal(io.rios, 3);

	/* sums saturate instead of wrapping */
	cg_parse_io_stat(S("8:0 rbytes=18446744073709551613\n8:1 rbytes=18446744073709551613\n"), &io);
	assert_true(io.rbytes < CG_UNLIMITED);
	assert_true(io.rbytes >= 18446744073709551612ull);
}

static void test_blkio(void **state)
{
	(void)state;
	uint64_t r, w;
	cg_parse_blkio(S(V1_BLKIO_EMPTY), &r, &w);
	assert_int_equal(r, 0);
	assert_int_equal(w, 0);
	cg_parse_blkio(S("8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 12288\n8:0 Async 0\n"
			 "8:0 Discard 0\n8:0 Total 12288\n"
			 "8:16 Read 100\n8:16 Write 1\n8:16 Total 101\nTotal 12389\n"),
		       &r, &w);
	assert_int_equal(r, 4196);
	assert_int_equal(w, 8193);
	cg_parse_blkio(S(""), &r, &w);
	assert_int_equal(r, CG_UNSET);
	assert_int_equal(w, CG_UNSET);
	cg_parse_blkio(S("garbage\n8:0 Read\n"), &r, &w);
	assert_int_equal(r, CG_UNSET);
}

static void test_pressure(void **state)
{
	(void)state;
	struct cg_psi psi;
	cg_parse_pressure(S("some avg10=10.83 avg60=11.33 avg300=3.29 total=19770637\n"
			    "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"),
			  &psi);
	assert_true(psi.some.have);
	assert_int_equal(psi.some.avg10, 1083);
	assert_int_equal(psi.some.avg60, 1133);
	assert_int_equal(psi.some.avg300, 329);
	assert_int_equal(psi.some.total, 19770637);
	assert_true(psi.full.have);
	assert_int_equal(psi.full.total, 0);

	cg_parse_pressure(S(V2_CPU_PRESSURE), &psi);
	assert_true(psi.some.have);
	cg_parse_pressure(S(V2_IO_PRESSURE), &psi);
	assert_true(psi.some.have && psi.full.have);

	/* old kernels: cpu.pressure has no "full" line */
	cg_parse_pressure(S("some avg10=100.00 avg60=5.5 avg300=0 total=1\n"), &psi);
	assert_true(psi.some.have);
	assert_int_equal(psi.some.avg10, 10000);
	assert_int_equal(psi.some.avg60, 550);
	assert_false(psi.full.have);

	cg_parse_pressure(S(""), &psi);
	assert_false(psi.some.have);
	cg_parse_pressure(S("some avg10=1.00 avg60=1.00 total=5\n"), &psi); /* missing key */
	assert_false(psi.some.have);
	cg_parse_pressure(S("some avg10=1,00 avg60=1.00 avg300=1.00 total=5\n"), &psi);
	assert_false(psi.some.have);
	cg_parse_pressure(S("full avg10=1.001 avg60=1 avg300=1 total=99999999999999999999999\n"), &psi);
	assert_false(psi.full.have);
}

static void test_procs(void **state)
{
	(void)state;
	pid_t *pids;
	size_t n = cg_parse_procs(S("3084\n1\n  77\nx\n0\n-5\n99999999999\n\n42"), &pids);
	assert_int_equal(n, 4);
	assert_int_equal(pids[0], 3084);
	assert_int_equal(pids[1], 1);
	assert_int_equal(pids[2], 77);
	assert_int_equal(pids[3], 42);
	free(pids);
	assert_int_equal(cg_parse_procs(S(""), &pids), 0);
	assert_null(pids);
}

static void test_line(void **state)
{
	(void)state;
	char *s = cg_parse_line(S("domain threaded\n"));
	assert_string_equal(s, "domain threaded");
	free(s);
	s = cg_parse_line(S("0-1\nrest\n"));
	assert_string_equal(s, "0-1");
	free(s);
	assert_null(cg_parse_line(S("\n")));
	assert_null(cg_parse_line(S("")));
}

static void test_proc_fallbacks(void **state)
{
	(void)state;
	uint64_t total, user, sys, tasks;
	assert_true(cg_parse_proc_stat(S(PROC_STAT), &total, &user, &sys));
	assert_true(total > 0);
	assert_int_equal(total, user + sys);
	assert_true(cg_parse_proc_stat(S("cpu  10 1 20 1000 5 2 3 4 0 0\ncpu0 1 1 1 1 1 1 1 1 1 1\n"),
				       &total, &user, &sys));
	assert_int_equal(user, 11);
	assert_int_equal(sys, 25);
	assert_int_equal(total, 40);
	assert_false(cg_parse_proc_stat(S("cpu0 1 2 3 4 5 6 7\n"), &total, &user, &sys));
	assert_false(cg_parse_proc_stat(S("cpu 1 2 3\n"), &total, &user, &sys));
	assert_false(cg_parse_proc_stat(S(""), &total, &user, &sys));
	assert_int_equal(total, CG_UNSET);

	struct cg_meminfo mi;
	cg_parse_meminfo(S(PROC_MEMINFO), &mi);
	assert_true(mi.total != CG_UNSET && mi.total % 1024 == 0);
	assert_true(mi.free <= mi.total);
	assert_true(mi.inactive_file != CG_UNSET);
	cg_parse_meminfo(S("MemTotal: 100 kB\nMemFree: 60 kB\n"), &mi);
	assert_int_equal(mi.total, 102400);
	assert_int_equal(mi.free, 61440);
	assert_int_equal(mi.available, CG_UNSET);
	assert_int_equal(mi.swap_used, CG_UNSET);
	cg_parse_meminfo(S("MemTotal: 99999999999999999 kB\n"), &mi);
	assert_int_equal(mi.total, CG_UNSET);

	assert_true(cg_parse_loadavg_tasks(S(PROC_LOADAVG), &tasks));
	assert_true(tasks > 0);
	assert_true(cg_parse_loadavg_tasks(S("1.55 0.49 0.17 2/137 7340\n"), &tasks));
	assert_int_equal(tasks, 137);
	assert_false(cg_parse_loadavg_tasks(S("1.55 0.49 0.17\n"), &tasks));
	assert_false(cg_parse_loadavg_tasks(S("1.55 0.49 0.17 2- 7340\n"), &tasks));
	assert_false(cg_parse_loadavg_tasks(S(""), &tasks));

	uint64_t forks;
	assert_true(cg_parse_proc_stat_forks(S(PROC_STAT_FULL), &forks));
	assert_int_equal(forks, 1111279);
	assert_false(cg_parse_proc_stat_forks(S(PROC_STAT), &forks)); /* cut before it */
	assert_int_equal(forks, CG_UNSET);
	assert_false(cg_parse_proc_stat_forks(S("processes\n"), &forks));
	assert_false(cg_parse_proc_stat_forks(S("processes -3\n"), &forks));
	assert_false(cg_parse_proc_stat_forks(S("processes_x 3\nprocesses 99999999999999999999999\n"), &forks));
	assert_true(cg_parse_proc_stat_forks(S("processesx 1\nprocesses 7"), &forks));
	assert_int_equal(forks, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value),
		cmocka_unit_test(test_v1_memory_limit),
		cmocka_unit_test(test_cpu_stat_v2),
		cmocka_unit_test(test_cpu_stat_v1),
		cmocka_unit_test(test_cpuacct_stat),
		cmocka_unit_test(test_cpu_max),
		cmocka_unit_test(test_cfs_quota_and_weight),
		cmocka_unit_test(test_memory_stat),
		cmocka_unit_test(test_memory_events_and_oom_control),
		cmocka_unit_test(test_io_stat),
		cmocka_unit_test(test_blkio),
		cmocka_unit_test(test_pressure),
		cmocka_unit_test(test_procs),
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_proc_fallbacks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
