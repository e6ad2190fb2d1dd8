/* The cgroup layer on small sysroots built in a temporary directory, one
 * per layout: hybrid (this project's machines: v1 controllers plus v2 at
 * /sys/fs/cgroup/unified), pure v2 (root without memory.current), and pure
 * v1 with cpu,cpuacct co-mounted.  File contents are what the kernel shows. */
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

#include "cgcache.h"
#include "cgroup.h"
#include "cli_stubs.h"

#define DOCKER_ID "e13f87adbcbf607fa00b37091b40408a467449cb0c7fa97ea8db569968bf1018"

static char tmpl[] = "/tmp/nsi-cgtest-XXXXXX";

static int setup(void **state)
{
	(void)state;
	if (!tmptree_make(tmpl))
		return -1;
	put("proc/stat", "cpu  100 0 50 1000 0 0 0 0 0 0\n");
	put("proc/meminfo", "MemTotal: 1000 kB\nMemFree: 400 kB\nMemAvailable: 600 kB\n"
			    "Inactive(file): 100 kB\n");
	put("proc/loadavg", "0.00 0.00 0.00 1/77 123\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return tmptree_remove();
}

static void scan(struct cgroup_tree *t, struct sysroot *root)
{
	assert_int_equal(sysroot_open(root, base), 0);
	assert_int_equal(cgroup_scan(t, root, CGW_ALL), 0);
}

static void test_hybrid(void **state)
{
	(void)state;
	put("proc/self/mountinfo",
	    "30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	    "31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
	    "32 30 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
	    "34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
	    "38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
	    "37 30 0:34 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio\n"
	    "39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd\n"
	    "40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate\n"
	    /* the same hierarchy again, bind-mounted: ignored */
	    "90 22 0:31 /docker /mnt/mem rw,relatime - cgroup cgroup rw,memory\n");
	const char *c = "sys/fs/cgroup/";
	char p[512];
#define AT(ctrl, file) (snprintf(p, sizeof(p), "%s%s/%s", c, ctrl, file), p)
	put(AT("cpu", "cpu.cfs_quota_us"), "-1\n");
	put(AT("cpu", "cpu.cfs_period_us"), "100000\n");
	put(AT("cpu", "cpu.shares"), "1024\n");
	put(AT("cpu", "docker/" DOCKER_ID "/cpu.cfs_quota_us"), "50000\n");
	put(AT("cpu", "docker/" DOCKER_ID "/cpu.cfs_period_us"), "100000\n");
	put(AT("cpu", "docker/" DOCKER_ID "/cpu.shares"), "512\n");
	put(AT("cpu", "docker/" DOCKER_ID "/cpu.stat"),
	    "nr_periods 10\nnr_throttled 4\nthrottled_time 2000000\nnr_bursts 0\nburst_time 0\n");
	put(AT("cpuacct", "cpuacct.usage"), "116964957605\n");
	put(AT("cpuacct", "docker/" DOCKER_ID "/cpuacct.usage"), "56905353\n");
	put(AT("cpuacct", "docker/" DOCKER_ID "/cpuacct.stat"), "user 3\nsystem 1\n");
	put(AT("memory", "memory.usage_in_bytes"), "450068480\n");
	put(AT("memory", "memory.limit_in_bytes"), "9223372036854771712\n");
	put(AT("memory", "docker/" DOCKER_ID "/memory.usage_in_bytes"), "327680\n");
	put(AT("memory", "docker/" DOCKER_ID "/memory.limit_in_bytes"), "478150656\n");
	put(AT("memory", "docker/" DOCKER_ID "/memory.stat"),
	    "cache 0\nrss 53248\ninactive_file 4096\ntotal_rss 53248\ntotal_inactive_file 8192\n");
	put(AT("memory", "docker/" DOCKER_ID "/memory.oom_control"),
	    "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
	put(AT("memory", "process_api/abc/memory.usage_in_bytes"), "4096\n");
	put(AT("pids", "docker/" DOCKER_ID "/pids.max"), "50\n");
	put(AT("pids", "docker/" DOCKER_ID "/pids.current"), "1\n");
	put(AT("blkio", "docker/" DOCKER_ID "/blkio.throttle.io_service_bytes"),
	    "8:0 Read 4096\n8:0 Write 512\n8:0 Total 4608\nTotal 4608\n");
	put(AT("systemd", "cgroup.procs"), "1\n2\n3\n");
	put(AT("systemd", "docker/" DOCKER_ID "/cgroup.procs"), "3084\n");
	put(AT("unified", "cgroup.controllers"), "hugetlb\n");
	put(AT("unified", "cgroup.procs"), "1\n2\n");
	put(AT("unified", "cpu.stat"), "usage_usec 108700000\nuser_usec 50324000\nsystem_usec 58376000\n");
	put(AT("unified", "docker/" DOCKER_ID "/cgroup.procs"), "3084\n");
	put(AT("unified", "docker/" DOCKER_ID "/cpu.stat"),
	    "usage_usec 56905\nuser_usec 37936\nsystem_usec 18968\nnice_usec 0\n");
	put(AT("unified", "docker/" DOCKER_ID "/memory.current"), "999\n"); /* no controller: unread */
	mkdirs("mnt/mem");
#undef AT

	struct sysroot root;
	struct cgroup_tree t;
	scan(&t, &root);
	assert_string_equal(cgroup_layout(&t), "hybrid");
	assert_int_equal(t.nhier, 7);
	assert_int_equal(t.hier[0].version, 2); /* membership hierarchy first */
	assert_string_equal(t.hier[1].controllers, "name=systemd");

	struct cgroup *r = t.root, *d = cgroup_find(&t, "/docker/" DOCKER_ID);
	assert_non_null(d);
	assert_ptr_equal(t.all[0], r);
	assert_string_equal(r->path, "/");
	/* root: v2 cpu.stat wins over v1 cpuacct (the same counter) */
	assert_int_equal(r->v.cpu_usage_ns, 108700000000ull);
	assert_int_equal(r->v.mem_current, 450068480);
	assert_int_equal(r->v.mem_max, CG_UNLIMITED);
	assert_int_equal(r->v.cpu_quota_us, CG_UNLIMITED);
	assert_int_equal(r->v.pids_current, 77); /* /proc/loadavg */
	assert_int_equal(r->nprocs, 2);          /* from v2, not name=systemd */

	assert_int_equal(d->depth, 2);
	assert_string_equal(d->name, DOCKER_ID);
	assert_true(d->in_container);
	assert_string_equal(d->container.runtime, "docker");
	assert_int_equal(d->v.cpu_usage_ns, 56905000);
	assert_int_equal(d->v.cpu_quota_us, 50000);
	assert_int_equal(d->v.cpu_period_us, 100000);
	assert_int_equal(d->v.cpu_shares, 512);
	assert_int_equal(d->v.cpu_weight, CG_UNSET);
	assert_int_equal(d->v.nr_throttled, 4);
	assert_int_equal(d->v.throttled_usec, 2000);
	assert_int_equal(d->v.mem_current, 327680);
	assert_int_equal(d->v.mem_usage, 327680 - 8192); /* total_inactive_file */
	assert_int_equal(d->v.mem_max, 478150656);
	assert_int_equal(d->v.oom_kill, 2);
	assert_int_equal(d->v.pids_max, 50);
	assert_int_equal(d->v.pids_current, 1);
	assert_int_equal(d->v.io_rbytes, 4096);
	assert_int_equal(d->v.io_wbytes, 512);
	assert_int_equal(d->nprocs, 1);
	assert_int_equal(d->procs[0], 3084);
	char *h = cgroup_hierarchies_text(&t, d);
	assert_string_equal(h, "v2,name=systemd,cpu,cpuacct,memory,pids,blkio");
	free(h);

	/* only in the memory hierarchy: everything else unknown, not 0 */
	struct cgroup *pa = cgroup_find(&t, "/process_api/abc");
	assert_non_null(pa);
	assert_int_equal(pa->v.mem_current, 4096);
	assert_int_equal(pa->v.cpu_usage_ns, CG_UNSET);
	assert_int_equal(pa->v.pids_current, CG_UNSET);
	assert_int_equal(pa->v.io_rbytes, CG_UNSET);
	assert_false(pa->procs_known);
	assert_null(cgroup_find(&t, "/nonexistent"));

	/* pre-order, siblings by name */
	for (size_t i = 1; i < t.n; i++)
		assert_non_null(t.all[i]->parent);
	cgroup_tree_free(&t);

	/* Only pids wanted: the memory hierarchy is not walked, so its own
	 * cgroups are not there; v2 (membership) and pids are. */
	assert_int_equal(cgroup_scan(&t, &root, CGW_PIDS), 0);
	assert_null(cgroup_find(&t, "/process_api/abc"));
	d = cgroup_find(&t, "/docker/" DOCKER_ID);
	assert_non_null(d);
	assert_int_equal(d->v.pids_max, 50);
	assert_int_equal(d->v.mem_max, CG_UNSET);  /* not asked for */
	assert_int_equal(d->v.cpu_usage_ns, CG_UNSET);
	assert_false(d->procs_known);
	h = cgroup_hierarchies_text(&t, d);
	assert_string_equal(h, "v2,pids");
	free(h);
	cgroup_tree_free(&t);
	/* ... unless every hierarchy is asked for */
	assert_int_equal(cgroup_scan(&t, &root, CGW_PIDS | CGW_ALLHIER), 0);
	assert_non_null(cgroup_find(&t, "/process_api/abc"));
	cgroup_tree_free(&t);
	/* Only the paths asked about: their values as the whole scan finds
	 * them, their parents made without values, nothing else listed;
	 * paths that leave the mount are refused. */
	{
		const char *paths[] = { "/docker/" DOCKER_ID, "/", "/../../etc", "/nonexistent" };
		assert_int_equal(cgroup_scan_paths(&t, &root, CGW_MEMLIMIT | CGW_PIDS | CGW_CPULIMIT, paths,
						   ARRAY_SIZE(paths)), 0);
		d = cgroup_find(&t, "/docker/" DOCKER_ID);
		assert_non_null(d);
		assert_int_equal(d->v.pids_max, 50);
		assert_int_equal(d->v.cpu_quota_us, 50000);
		assert_int_equal(d->v.cpu_period_us, 100000);
		assert_int_equal(d->v.cpu_usage_ns, CG_UNSET); /* not asked for */
		struct cgroup *docker = cgroup_find(&t, "/docker");
		assert_non_null(docker);
		assert_ptr_equal(d->parent, docker);
		assert_int_equal(docker->v.pids_max, CG_UNSET); /* made, not read */
		assert_int_equal(t.root->v.cpu_quota_us, CG_UNLIMITED);
		assert_null(cgroup_find(&t, "/process_api/abc"));
		assert_null(cgroup_find(&t, "/nonexistent"));
		assert_int_equal(t.n, 3);
		cgroup_tree_free(&t);
	}
	sysroot_close(&root);
}

static void test_pure_v2(void **state)
{
	(void)state;
	put("proc/self/mountinfo",
	    "25 20 0:22 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 "
	    "rw,nsdelegate,memory_recursiveprot\n");
	const char *scope = "sys/fs/cgroup/system.slice/docker-" DOCKER_ID ".scope/";
	char p[512];
#define AT(file) (snprintf(p, sizeof(p), "%s%s", scope, file), p)
	put("sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n");
	put("sys/fs/cgroup/cgroup.procs", "1\n");
	put("sys/fs/cgroup/cpu.stat", "usage_usec 5000000\nuser_usec 3000000\nsystem_usec 2000000\n");
	put("sys/fs/cgroup/cpu.pressure", "some avg10=1.50 avg60=0.00 avg300=0.00 total=10\n");
	put("sys/fs/cgroup/io.stat", "8:0 rbytes=100 wbytes=200 rios=1 wios=2 dbytes=0 dios=0\n");
	put("sys/fs/cgroup/memory.stat", "anon 1\nfile 2\ninactive_file 3\n");
	put(AT("cgroup.procs"), "4242\n4243\n");
	put(AT("cgroup.type"), "domain\n");
	put(AT("cgroup.events"), "populated 1\nfrozen 0\n");
	put(AT("cpu.stat"), "usage_usec 700\nuser_usec 500\nsystem_usec 200\nnr_periods 3\n"
			    "nr_throttled 1\nthrottled_usec 90\n");
	put(AT("cpu.max"), "50000 100000\n");
	put(AT("cpu.weight"), "100\n");
	put(AT("cpuset.cpus.effective"), "0-1\n");
	put(AT("memory.current"), "10000000\n");
	put(AT("memory.max"), "478150656\n");
	put(AT("memory.high"), "max\n");
	put(AT("memory.stat"), "anon 4000000\nfile 5000000\ninactive_file 3000000\n");
	put(AT("memory.events"), "low 0\nhigh 0\nmax 7\noom 2\noom_kill 1\n");
	put(AT("pids.current"), "2\n");
	put(AT("pids.max"), "50\n");
	put(AT("io.stat"), "8:16 \n8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n");
	put(AT("memory.pressure"), "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
				   "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
	put("sys/fs/cgroup/system.slice/cron.service/memory.current", "garbage\n");
	put("sys/fs/cgroup/system.slice/cron.service/pids.max", "max\n");
	put("sys/fs/cgroup/system.slice/cron.service/cpu.max", "max 100000\n");
#undef AT

	struct sysroot root;
	struct cgroup_tree t;
	scan(&t, &root);
	assert_string_equal(cgroup_layout(&t), "v2");
	assert_int_equal(t.nhier, 1);
	struct cgroup *r = t.root;
	/* the v2 root has no memory.current, pids.*: /proc stands in */
	assert_int_equal(r->v.mem_current, 600 * 1024);
	assert_int_equal(r->v.mem_usage, 500 * 1024); /* minus Inactive(file) */
	assert_int_equal(r->v.mem_max, 1000 * 1024);
	assert_int_equal(r->v.pids_current, 77);
	assert_int_equal(r->v.pids_max, CG_UNLIMITED);
	assert_int_equal(r->v.cpu_usage_ns, 5000000000ull);
	assert_true(r->v.psi_cpu.some.have);
	assert_int_equal(r->v.psi_cpu.some.avg10, 150);
	assert_true(r->is_root_fallback);

	struct cgroup *d = cgroup_find(&t, "/system.slice/docker-" DOCKER_ID ".scope");
	assert_non_null(d);
	assert_true(d->in_container);
	assert_int_equal(d->v.cpu_usage_ns, 700000);
	assert_int_equal(d->v.cpu_quota_us, 50000);
	assert_int_equal(d->v.cpu_weight, 100);
	assert_int_equal(d->v.cpu_shares, CG_UNSET);
	assert_int_equal(d->v.throttled_usec, 90);
	assert_string_equal(d->v.cpuset_cpus, "0-1");
	assert_int_equal(d->v.mem_current, 10000000);
	assert_int_equal(d->v.mem_usage, 7000000);
	assert_int_equal(d->v.mem_max, 478150656);
	assert_int_equal(d->v.mem_high, CG_UNLIMITED);
	assert_int_equal(d->v.mem_failcnt, 7);
	assert_int_equal(d->v.oom_kill, 1);
	assert_int_equal(d->v.pids_current, 2);
	assert_int_equal(d->v.io_rbytes, 4096);
	assert_int_equal(d->v.io_wios, 2);
	assert_string_equal(d->v.type, "domain");
	assert_int_equal(d->v.populated, 1);
	assert_true(d->v.psi_memory.full.have);
	assert_int_equal(d->nprocs, 2);

	struct cgroup *cron = cgroup_find(&t, "/system.slice/cron.service");
	assert_non_null(cron);
	assert_int_equal(cron->v.mem_current, CG_UNSET);
	assert_int_equal(cron->v.mem_usage, CG_UNSET);
	assert_int_equal(cron->v.pids_max, CG_UNLIMITED);
	assert_int_equal(cron->v.cpu_quota_us, CG_UNLIMITED);
	assert_false(cron->in_container);
	assert_ptr_equal(cron->parent, cgroup_find(&t, "/system.slice"));
	cgroup_tree_free(&t);
	sysroot_close(&root);
}

static void test_pure_v1_comounted(void **state)
{
	(void)state;
	put("proc/self/mountinfo",
	    "26 25 0:23 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,release_agent=/x,name=systemd\n"
	    "28 25 0:25 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
	    "29 25 0:26 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
	    "30 25 0:27 / /sys/fs/cgroup/net_cls,net_prio rw - cgroup cgroup rw,net_cls,net_prio\n");
	put("sys/fs/cgroup/cpu,cpuacct/lxc/web/cpu.cfs_quota_us", "-1\n");
	put("sys/fs/cgroup/cpu,cpuacct/lxc/web/cpu.cfs_period_us", "100000\n");
	put("sys/fs/cgroup/cpu,cpuacct/lxc/web/cpuacct.usage", "123456789\n");
	put("sys/fs/cgroup/cpu,cpuacct/lxc/web/cpuacct.stat", "user 10\nsystem 5\n");
	put("sys/fs/cgroup/memory/lxc/web/memory.limit_in_bytes", "9223372036854771712\n");
	put("sys/fs/cgroup/memory/lxc/web/memory.usage_in_bytes", "8192\n");
	put("sys/fs/cgroup/systemd/lxc/web/cgroup.procs", "77\n");
	put("sys/fs/cgroup/systemd/cgroup.procs", "1\n");
	mkdirs("sys/fs/cgroup/net_cls,net_prio/lxc/web");

	struct sysroot root;
	struct cgroup_tree t;
	scan(&t, &root);
	assert_string_equal(cgroup_layout(&t), "v1");
	assert_string_equal(t.hier[0].controllers, "name=systemd");
	struct cgroup *w = cgroup_find(&t, "/lxc/web");
	assert_non_null(w);
	assert_true(w->in_container);
	assert_string_equal(w->container.runtime, "lxc");
	assert_string_equal(w->container.id, "web");
	assert_true(w->ctrl_mask & CGC_BIT(CGC_CPU));
	assert_true(w->ctrl_mask & CGC_BIT(CGC_CPUACCT));
	assert_int_equal(w->v.cpu_quota_us, CG_UNLIMITED);
	assert_int_equal(w->v.cpu_usage_ns, 123456789);
	assert_int_equal(w->v.cpu_user_ns, 10 * (1000000000ull / (uint64_t)sysconf(_SC_CLK_TCK)));
	assert_int_equal(w->v.mem_max, CG_UNLIMITED);
	assert_int_equal(w->v.mem_usage, 8192); /* no memory.stat: raw usage */
	assert_int_equal(w->v.pids_current, CG_UNSET);
	assert_int_equal(w->nprocs, 1);
	char *h = cgroup_hierarchies_text(&t, w);
	assert_string_equal(h, "name=systemd,cpu,cpuacct,memory,net_cls,net_prio");
	free(h);
	/* no cpuacct.usage at the root: /proc/stat */
	assert_int_equal(t.root->v.cpu_usage_ns, 150 * (1000000000ull / (uint64_t)sysconf(_SC_CLK_TCK)));
	cgroup_tree_free(&t);
	sysroot_close(&root);
}

static void test_no_cgroups(void **state)
{
	(void)state;
	put("proc/self/mountinfo", "22 1 0:5 / /proc rw - proc proc rw\n");
	struct sysroot root;
	struct cgroup_tree t;
	scan(&t, &root);
	assert_string_equal(cgroup_layout(&t), "none");
	assert_null(t.root);
	assert_int_equal(t.n, 0);
	cgroup_tree_free(&t);
	sysroot_close(&root);
}

/* Scans through one kept cache (top's refreshes): a limit written in place
 * is read again, a cgroup made, removed or made again under its path is
 * seen at the next scan, and the result is the uncached scan's. */
static void test_cached_rescans(void **state)
{
	(void)state;
	put("proc/self/mountinfo",
	    "25 20 0:22 / /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw,nsdelegate\n");
	put("sys/fs/cgroup/cgroup.controllers", "cpu memory pids\n");
	put("sys/fs/cgroup/a/memory.max", "1000\n");
	put("sys/fs/cgroup/a/pids.max", "max\n");
	put("sys/fs/cgroup/a/cgroup.procs", "");
	struct sysroot root;
	assert_int_equal(sysroot_open(&root, base), 0);
	struct cg_cache cache;
	cg_cache_init(&cache);
	const unsigned want = CGW_MEMLIMIT | CGW_PIDS | CGW_PROCS;
	struct cgroup_tree t, plain;

	assert_int_equal(cgroup_scan_cached(&t, &root, want, &cache), 0);
	assert_int_equal(cgroup_find(&t, "/a")->v.mem_max, 1000);
	assert_int_equal(cgroup_find(&t, "/a")->v.pids_max, CG_UNLIMITED);
	cgroup_tree_free(&t);

	/* written in place, as a write to cgroupfs is */
	put("sys/fs/cgroup/a/memory.max", "2000\n");
	put("sys/fs/cgroup/b/memory.max", "3000\n");
	assert_int_equal(cgroup_scan_cached(&t, &root, want, &cache), 0);
	assert_int_equal(cgroup_find(&t, "/a")->v.mem_max, 2000);
	assert_int_equal(cgroup_find(&t, "/a")->v.pids_max, CG_UNLIMITED);
	assert_non_null(cgroup_find(&t, "/b"));
	assert_int_equal(cgroup_find(&t, "/b")->v.mem_max, 3000);
	uint64_t ino_b = cgroup_find(&t, "/b")->ino;
	cgroup_tree_free(&t);

	/* a removed, b made again (the old b kept aside: a new inode) */
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s/sys/fs/cgroup/a' && mv '%s/sys/fs/cgroup/b' '%s/old-b'",
		 base, base, base);
	assert_int_equal(system(cmd), 0);
	put("sys/fs/cgroup/b/memory.max", "4000\n");
	assert_int_equal(cgroup_scan_cached(&t, &root, want, &cache), 0);
	assert_null(cgroup_find(&t, "/a"));
	assert_non_null(cgroup_find(&t, "/b"));
	assert_int_not_equal(cgroup_find(&t, "/b")->ino, ino_b);
	assert_int_equal(cgroup_find(&t, "/b")->v.mem_max, 4000);

	/* the same tree as without the cache */
	assert_int_equal(cgroup_scan(&plain, &root, want), 0);
	assert_int_equal(plain.n, t.n);
	for (size_t i = 0; i < t.n; i++) {
		assert_string_equal(plain.all[i]->path, t.all[i]->path);
		assert_int_equal(plain.all[i]->v.mem_max, t.all[i]->v.mem_max);
	}
	cgroup_tree_free(&plain);
	cgroup_tree_free(&t);
	cg_cache_free(&cache);
	sysroot_close(&root);
}

/* top's live view: the sort key for every cgroup, the rest for the rows
 * on screen.  A scan that walks the memory and pids hierarchies without
 * reading them has the cgroups a full scan has (one exists only in the
 * memory hierarchy), and what cgroup_read_more reads for one of them is
 * what the full scan read; the others stay unread. */
static void test_read_more(void **state)
{
	(void)state;
	put("proc/self/mountinfo",
	    "32 30 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
	    "34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
	    "38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
	    "40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate\n");
	put("sys/fs/cgroup/cpuacct/a/cpuacct.usage", "1000\n");
	put("sys/fs/cgroup/cpuacct/b/cpuacct.usage", "2000\n");
	put("sys/fs/cgroup/memory/a/memory.usage_in_bytes", "8192\n");
	put("sys/fs/cgroup/memory/a/memory.stat", "total_inactive_file 4096\n");
	put("sys/fs/cgroup/memory/a/memory.limit_in_bytes", "65536\n");
	put("sys/fs/cgroup/memory/b/memory.usage_in_bytes", "4096\n");
	put("sys/fs/cgroup/memory/only-memory/memory.usage_in_bytes", "4096\n");
	put("sys/fs/cgroup/pids/a/pids.current", "3\n");
	put("sys/fs/cgroup/pids/a/pids.max", "50\n");
	put("sys/fs/cgroup/unified/a/cgroup.procs", "7\n8\n");
	struct sysroot root;
	assert_int_equal(sysroot_open(&root, base), 0);
	struct cg_cache cache;
	cg_cache_init(&cache);
	const unsigned rest = CGW_MEMORY | CGW_MEMLIMIT | CGW_PIDS | CGW_PROCS;
	struct cgroup_tree t, full;
	assert_int_equal(cgroup_scan(&full, &root, CGW_CPU | rest), 0);

	for (int round = 0; round < 2; round++) { /* the second through kept descriptors */
		assert_int_equal(cgroup_scan_walk(&t, &root, CGW_CPU, rest, &cache), 0);
		assert_int_equal(t.n, full.n);
		for (size_t i = 0; i < t.n; i++)
			assert_string_equal(t.all[i]->path, full.all[i]->path);
		struct cgroup *a = cgroup_find(&t, "/a"), *b = cgroup_find(&t, "/b");
		assert_non_null(cgroup_find(&t, "/only-memory"));
		assert_int_equal(a->v.cpu_usage_ns, 1000);
		assert_int_equal(a->v.mem_current, CG_UNSET);
		assert_false(a->procs_known);

		cgroup_read_more(&t, &root, rest, a, &cache);
		const struct cgroup *fa = cgroup_find(&full, "/a");
		assert_int_equal(a->v.cpu_usage_ns, 1000); /* kept */
		assert_int_equal(a->v.mem_current, fa->v.mem_current);
		assert_int_equal(a->v.mem_usage, 4096); /* less inactive_file */
		assert_int_equal(a->v.mem_max, 65536);
		assert_int_equal(a->v.pids_current, 3);
		assert_int_equal(a->v.pids_max, 50);
		assert_true(a->procs_known);
		assert_int_equal(a->nprocs, 2);
		assert_int_equal(b->v.cpu_usage_ns, 2000);
		assert_int_equal(b->v.mem_current, CG_UNSET); /* not asked for */
		cgroup_tree_free(&t);
	}
	cgroup_tree_free(&full);
	cg_cache_free(&cache);
	sysroot_close(&root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hybrid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pure_v2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pure_v1_comounted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_cgroups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cached_rescans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_more, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
