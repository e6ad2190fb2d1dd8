/* `top`'s sampling layer: rates from two samples (backwards counters,
 * unknown values, re-created cgroups), the mark and sweep of cgroups
 * between samples on a sysroot made here, and the /proc/PID/net/dev and
 * /proc/loadavg parsers on captured and broken text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "tmptree.h"

#include "cgparse.h"
#include "cli_stubs.h"
#include "topsample.h"

#define S(lit) (lit), (sizeof(lit) - 1)

/* /proc/PID/net/dev of a host (Debian 12, kernel 6.18) and of a Docker
 * container with traffic. */
static const char HOST_NET_DEV[] =
	"Inter-|   Receive                                                |  Transmit\n"
	" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
	"    lo:    6534      58    0    0    0     0          0         0     6534      58    0    0    0     0       0          0\n"
	"  ifb0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0\n"
	"  ifb1:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0\n"
	"  eth0: 90692808    2667    0    0    0     0          0         0   139729    1968    0    0    0     0       0          0\n";
static const char CONTAINER_NET_DEV[] =
	"Inter-|   Receive                                                |  Transmit\n"
	" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
	"    lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0\n"
	"  eth0:    5452      44    0    0    0     0          0         0     1190      13    0    0    0     0       0          0\n";

static void test_net_dev(void **state)
{
	(void)state;
	struct cg_net_dev nd;
	assert_int_equal(cg_parse_net_dev(S(HOST_NET_DEV), &nd), 3);
	assert_int_equal(nd.rx_bytes, 90692808);
	assert_int_equal(nd.tx_bytes, 139729);
	assert_int_equal(nd.rx_packets, 2667);
	assert_int_equal(nd.tx_packets, 1968);
	assert_int_equal(cg_parse_net_dev(S(CONTAINER_NET_DEV), &nd), 1);
	assert_int_equal(nd.rx_bytes, 5452);
	assert_int_equal(nd.tx_bytes, 1190);
	/* loopback only, empty, NULL, headers only */
	assert_int_equal(cg_parse_net_dev(S("    lo: 1 2 0 0 0 0 0 0 3 4 0 0 0 0 0 0\n"), &nd), 0);
	assert_int_equal(nd.rx_bytes, 0);
	assert_int_equal(cg_parse_net_dev(S(""), &nd), 0);
	assert_int_equal(cg_parse_net_dev(NULL, 0, &nd), 0);
	assert_int_equal(cg_parse_net_dev(HOST_NET_DEV, 200, &nd), 0);
	/* broken lines are skipped, good ones still count */
	static const char broken[] =
		"eth0: 1 2 3\n"                                   /* cut short */
		"eth1: x 2 0 0 0 0 0 0 3 4 0 0 0 0 0 0\n"         /* garbage */
		"eth2 5 6 0 0 0 0 0 0 7 8 0 0 0 0 0 0\n"          /* no colon */
		": 5 6 0 0 0 0 0 0 7 8 0 0 0 0 0 0\n"             /* no name */
		"eth3: 99999999999999999999999 6 0 0 0 0 0 0 7 8 0 0 0 0 0 0\n" /* too big */
		"eth4: -5 6 0 0 0 0 0 0 7 8 0 0 0 0 0 0\n"        /* negative */
		"veth9:10 1 0 0 0 0 0 0 20 2 0 0 0 0 0 0";        /* no space, no newline */
	assert_int_equal(cg_parse_net_dev(S(broken), &nd), 1);
	assert_int_equal(nd.rx_bytes, 10);
	assert_int_equal(nd.tx_bytes, 20);
	/* a line cut in the middle of the buffer (a short read) */
	assert_int_equal(cg_parse_net_dev(CONTAINER_NET_DEV, sizeof(CONTAINER_NET_DEV) - 80, &nd), 0);
}

static void test_loadavg(void **state)
{
	(void)state;
	uint32_t l[3];
	assert_true(cg_parse_loadavg(S("1.89 1.10 8.31 2/116 12575\n"), l));
	assert_int_equal(l[0], 189);
	assert_int_equal(l[1], 110);
	assert_int_equal(l[2], 831);
	assert_true(cg_parse_loadavg(S("0.00 0.00 0.00"), l));
	assert_int_equal(l[2], 0);
	assert_false(cg_parse_loadavg(S("1.89 1.10\n8.31 2/116 12575\n"), l));
	assert_false(cg_parse_loadavg(S("1,89 1.10 8.31 2/116 1\n"), l));
	assert_false(cg_parse_loadavg(S(""), l));
	assert_false(cg_parse_loadavg(NULL, 0, l));
	assert_false(cg_parse_loadavg(S("-1.00 1.10 8.31\n"), l));
}

static void test_rate(void **state)
{
	(void)state;
	/* 0.5 s of CPU in 1 s: 50 % */
	assert_true(top_rate(1000000000, 1500000000, 1000000000, 100.0 / 1e9) == 50.0);
	assert_true(top_rate(0, 4096, 500000000, 1.0) == 8192.0);
	assert_true(top_rate(10, 10, 1000, 1.0) == 0.0);
	assert_true(top_rate(11, 10, 1000, 1.0) == TOP_NA);         /* backwards */
	assert_true(top_rate(CG_UNSET, 10, 1000, 1.0) == TOP_NA);   /* unknown before */
	assert_true(top_rate(10, CG_UNSET, 1000, 1.0) == TOP_NA);   /* unknown now */
	assert_true(top_rate(10, CG_UNLIMITED, 1000, 1.0) == TOP_NA);
	assert_true(top_rate(10, 20, 0, 1.0) == TOP_NA);            /* no time passed */
}

static void test_rates_compute(void **state)
{
	(void)state;
	struct top_counters prev = { .ino = 7, .cpu_ns = 1000000000, .io_rbytes = 0, .io_wbytes = 100,
				     .nr_periods = 10, .nr_throttled = 2 };
	struct top_counters cur = prev;
	struct top_rates r;
	cur.cpu_ns += 250000000;
	cur.io_rbytes = 1 << 20;
	cur.nr_periods = 20;
	cur.nr_throttled = 7;
	top_rates_compute(&prev, &cur, 500000000, &r);
	assert_true(r.cpu_pct == 50.0);
	assert_true(r.io_rps == 2097152.0);
	assert_true(r.io_wps == 0.0);
	assert_true(r.throttled_pct == 50.0);

	/* no period elapsed: nothing throttled */
	cur = prev;
	top_rates_compute(&prev, &cur, 500000000, &r);
	assert_true(r.throttled_pct == 0.0);

	/* a counter that went backwards: that rate only is unknown */
	cur = prev;
	cur.cpu_ns = 5;
	cur.io_wbytes = 200;
	top_rates_compute(&prev, &cur, 1000000000, &r);
	assert_true(r.cpu_pct == TOP_NA);
	assert_true(r.io_wps == 100.0);

	/* a re-created cgroup (new inode), even with larger counters: all unknown */
	cur = prev;
	cur.ino = 8;
	cur.cpu_ns *= 2;
	top_rates_compute(&prev, &cur, 1000000000, &r);
	assert_true(r.cpu_pct == TOP_NA && r.io_rps == TOP_NA && r.io_wps == TOP_NA &&
		    r.throttled_pct == TOP_NA);

	/* a cgroup new in this sample, or the first sample */
	top_rates_compute(NULL, &cur, 1000000000, &r);
	assert_true(r.cpu_pct == TOP_NA && r.throttled_pct == TOP_NA);
	top_rates_compute(&prev, &prev, 0, &r);
	assert_true(r.cpu_pct == TOP_NA);

	/* unknown throttling counters, or throttled more than elapsed (garbage) */
	cur = prev;
	cur.nr_periods = CG_UNSET;
	top_rates_compute(&prev, &cur, 1000000000, &r);
	assert_true(r.throttled_pct == TOP_NA);
	cur = prev;
	cur.nr_periods = 11;
	cur.nr_throttled = 50;
	top_rates_compute(&prev, &cur, 1000000000, &r);
	assert_true(r.throttled_pct == 100.0);
}

/* ---- the sampler on a pure-v2 sysroot made here ---- */

static char tmpl[] = "/tmp/nsi-toptest-XXXXXX";

static void cpu_stat(const char *cg, unsigned long long usec)
{
	char rel[256], text[128];
	snprintf(rel, sizeof(rel), "sys/fs/cgroup/%s%scpu.stat", cg, *cg ? "/" : "");
	snprintf(text, sizeof(text), "usage_usec %llu\nuser_usec 0\nsystem_usec 0\n", usec);
	put(rel, text);
}

static void sh(const char *fmt, const char *arg)
{
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), fmt, base, arg);
	assert_int_equal(system(cmd), 0);
}

/* A sysroot with the host files the sampler reads and one cgroup mount. */
static bool make_host(const char *mountinfo)
{
	if (!tmptree_make(tmpl))
		return false;
	put("proc/self/mountinfo", mountinfo);
	put("proc/meminfo", "MemTotal: 1000 kB\nMemFree: 400 kB\nMemAvailable: 600 kB\n");
	put("proc/loadavg", "0.50 0.25 0.10 1/77 123\n");
	return true;
}

static int setup(void **state)
{
	(void)state;
	if (!make_host("40 30 0:37 / /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw,nsdelegate\n"))
		return -1;
	put("proc/4242/comm", "x\n");
	put("sys/fs/cgroup/cgroup.controllers", "cpu memory pids\n");
	cpu_stat("", 1000000);
	cpu_stat("a", 1000);
	cpu_stat("gone", 1000);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return tmptree_remove();
}

static const struct top_row *row_of(const struct top_sampler *s, const char *path)
{
	for (size_t i = 0; i < s->tree.n; i++)
		if (!strcmp(s->rows[i].cg->path, path))
			return &s->rows[i];
	return NULL;
}

static void test_sampler(void **state)
{
	(void)state;
	struct sysroot root;
	assert_int_equal(sysroot_open(&root, base), 0);
	struct top_sampler s;
	top_sampler_init(&s, &root, CGW_CPU, 0, true);

	assert_int_equal(top_sample(&s), 0);
	assert_int_equal(s.dt_ns, 0);
	assert_int_equal(s.host.ncgroups, 3);
	assert_int_equal(s.host.nprocs, 1);
	assert_int_equal(s.host.mem_total, 1024000);
	assert_int_equal(s.host.mem_used, 409600);
	assert_true(s.host.load_known);
	assert_int_equal(s.host.load[0], 50);
	assert_non_null(row_of(&s, "/a"));
	assert_true(row_of(&s, "/a")->r.cpu_pct == TOP_NA); /* the first sample has no rates */
	assert_true(row_of(&s, "/a")->cg->ino != 0);

	/* /a used CPU, /gone vanished, /new appeared, /b is /a's twin made
	 * again under another identity later */
	/* (the root's counter moves with its children's, as the kernel's
	 * does: while it stands still, they are not read) */
	cpu_stat("", 1001000);
	cpu_stat("a", 2000);
	sh("rm -rf '%s/sys/fs/cgroup/%s'", "gone");
	cpu_stat("new", 5000);
	usleep(10000);
	assert_int_equal(top_sample(&s), 0);
	assert_true(s.dt_ns >= 10000000);
	assert_int_equal(s.host.ncgroups, 3);
	assert_null(row_of(&s, "/gone")); /* no stale row */
	assert_true(row_of(&s, "/a")->r.cpu_pct > 0);
	assert_true(row_of(&s, "/new")->r.cpu_pct == TOP_NA); /* new: no rate yet */

	/* /a re-created under the same path with a larger counter (the old
	 * directory is kept under another name, so the inode cannot be
	 * reused), and /new's counter went backwards */
	uint64_t old_ino = row_of(&s, "/a")->cg->ino;
	sh("mv '%s/sys/fs/cgroup/a' '%s/old-a'", base);
	cpu_stat("", 2000000);
	cpu_stat("a", 900000);
	cpu_stat("new", 10);
	assert_int_equal(top_sample(&s), 0);
	assert_true(row_of(&s, "/a")->cg->ino != old_ino);
	assert_true(row_of(&s, "/a")->r.cpu_pct == TOP_NA);
	assert_true(row_of(&s, "/new")->r.cpu_pct == TOP_NA);

	/* and the sample after that has rates again */
	cpu_stat("", 2000110);
	cpu_stat("a", 900100);
	cpu_stat("new", 20);
	assert_int_equal(top_sample(&s), 0);
	assert_true(row_of(&s, "/a")->r.cpu_pct > 0);
	assert_true(row_of(&s, "/new")->r.cpu_pct > 0);
	assert_true(row_of(&s, "/")->r.cpu_pct > 0);

	/* the root's counter stood still: its children's are taken as they
	 * were, not read (a change written to a child's file alone, which
	 * the kernel never makes, is not seen), and their rates are 0 */
	cpu_stat("a", 999999);
	assert_int_equal(top_sample(&s), 0);
	assert_int_equal(row_of(&s, "/a")->cg->v.cpu_usage_ns, 900100000);
	assert_true(row_of(&s, "/a")->r.cpu_pct == 0.0);
	assert_true(row_of(&s, "/")->r.cpu_pct == 0.0);
	/* once it moves, they are read again */
	cpu_stat("", 2000200);
	assert_int_equal(top_sample(&s), 0);
	assert_int_equal(row_of(&s, "/a")->cg->v.cpu_usage_ns, 999999000);

	top_sampler_free(&s);
	sysroot_close(&root);
}

/* The live view's split: the sort key (CPU) for every cgroup, PIDS for
 * the rows given; a new sort key read for all at once.  And the header's
 * processes, listed again only when /proc/stat's fork count or
 * /proc/loadavg's tasks moved. */
static void test_rows_and_counts(void **state)
{
	(void)state;
	put("proc/stat", "cpu 1 2 3 4 5 6 7 8\nprocesses 100\n");
	put("sys/fs/cgroup/cgroup.procs", "4242\n");
	put("sys/fs/cgroup/a/cgroup.procs", "");
	put("sys/fs/cgroup/a/pids.current", "3\n");
	put("sys/fs/cgroup/a/pids.max", "9\n");
	struct sysroot root;
	assert_int_equal(sysroot_open(&root, base), 0);
	struct top_sampler s;
	top_sampler_init(&s, &root, CGW_CPU, CGW_PIDS, true);

	assert_int_equal(top_sample(&s), 0);
	assert_int_equal(s.host.nprocs, 1);
	struct top_row *a = top_sampler_row(&s, "/a"), *top = top_sampler_row(&s, "/");
	assert_non_null(a);
	assert_null(top_sampler_row(&s, "/nothing"));
	assert_int_equal(a->cg->v.cpu_usage_ns, 1000000);
	assert_int_equal(a->cg->v.pids_current, CG_UNSET); /* not on screen */
	top_sample_rows(&s, &a, 1);
	assert_true(a->detailed);
	assert_int_equal(a->cg->v.pids_current, 3);
	assert_int_equal(a->cg->v.pids_max, 9);
	assert_int_equal(top->cg->v.pids_current, CG_UNSET);

	/* sorting by pids: every row has them at once, the root from loadavg */
	top_sampler_want(&s, CGW_CPU | CGW_PIDS);
	assert_int_equal(top->cg->v.pids_current, 77);

	/* a process in /a, but no fork counted: the same processes */
	put("sys/fs/cgroup/a/cgroup.procs", "5000\n");
	assert_int_equal(top_sample(&s), 0);
	assert_int_equal(s.host.nprocs, 1);
	assert_int_equal(top_sampler_row(&s, "/a")->cg->v.pids_current, 3); /* read for all now */
	put("proc/stat", "cpu 1 2 3 4 5 6 7 8\nprocesses 101\n");
	assert_int_equal(top_sample(&s), 0);
	assert_int_equal(s.host.nprocs, 2);
	/* an exit (tasks down, no fork): listed again */
	put("sys/fs/cgroup/a/cgroup.procs", "");
	put("proc/loadavg", "0.50 0.25 0.10 1/76 123\n");
	assert_int_equal(top_sample(&s), 0);
	assert_int_equal(s.host.nprocs, 1);

	top_sampler_free(&s);
	sysroot_close(&root);
}

/* v1: cpuacct.usage counts the descendants' too, so an idle subtree's is
 * taken as it stood, as v2's cpu.stat. */
static void cpuacct(const char *cg, const char *usage)
{
	char rel[256];
	snprintf(rel, sizeof(rel), "sys/fs/cgroup/cpu,cpuacct/%s%scpuacct.usage", cg, *cg ? "/" : "");
	put(rel, usage);
}

static int setup_v1(void **state)
{
	(void)state;
	if (!make_host("41 30 0:38 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct\n"))
		return -1;
	cpuacct("", "5000\n");
	cpuacct("p", "1000\n");
	cpuacct("p/c", "500\n");
	return 0;
}

static void test_idle_subtree_v1(void **state)
{
	(void)state;
	struct sysroot root;
	assert_int_equal(sysroot_open(&root, base), 0);
	struct top_sampler s;
	top_sampler_init(&s, &root, CGW_CPU, 0, false);
	assert_int_equal(top_sample(&s), 0);
	assert_int_equal(row_of(&s, "/p/c")->cg->v.cpu_usage_ns, 500);

	/* p stood still: c is not read (the kernel would never change it) */
	cpuacct("", "6000\n");
	cpuacct("p/c", "700\n");
	assert_int_equal(top_sample(&s), 0);
	assert_int_equal(row_of(&s, "/p")->cg->v.cpu_usage_ns, 1000);
	assert_int_equal(row_of(&s, "/p/c")->cg->v.cpu_usage_ns, 500);
	assert_true(row_of(&s, "/p/c")->r.cpu_pct == 0.0);

	/* p moved (and so the root): c is read again */
	cpuacct("", "6200\n");
	cpuacct("p", "1200\n");
	assert_int_equal(top_sample(&s), 0);
	assert_int_equal(row_of(&s, "/p/c")->cg->v.cpu_usage_ns, 700);
	assert_true(row_of(&s, "/p/c")->r.cpu_pct > 0);

	top_sampler_free(&s);
	sysroot_close(&root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_net_dev),
		cmocka_unit_test(test_loadavg),
		cmocka_unit_test(test_rate),
		cmocka_unit_test(test_rates_compute),
		cmocka_unit_test_setup_teardown(test_sampler, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows_and_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_subtree_v1, setup_v1, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
