/* The cgroup part of the model: every cgroup hierarchy mounted under the
 * sysroot (pure v2, pure v1, or hybrid: v1 controllers plus v2 at
 * /sys/fs/cgroup/unified), merged by path the way systemd-cgtop does, with
 * per-controller values read from whichever hierarchy serves them.
 * Renderers only ever read this structure. */
#ifndef NSINSPECT_CGROUP_H
#define NSINSPECT_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cgparse.h"
#include "container.h"
#include "sysroot.h"
#include "util.h"

/* The controllers whose values we read. */
enum cg_controller { CGC_CPU, CGC_CPUACCT, CGC_CPUSET, CGC_MEMORY, CGC_IO, CGC_PIDS, CGC_N };
#define CGC_BIT(c) (1u << (c))

/* What a scan reads for every cgroup (the columns asked for): the fewer
 * bits, the fewer files per cgroup and hierarchies walked. */
enum cg_want {
	CGW_CPU = 1u << 0,       /* CPU usage (v2 cpu.stat, v1 cpuacct.usage) */
	CGW_CPUTIMES = 1u << 1,  /* user/system split (v1 cpuacct.stat) */
	CGW_CPULIMIT = 1u << 2,  /* cpu.max; cpu.cfs_quota_us and cfs_period_us */
	CGW_THROTTLE = 1u << 3,  /* throttling counters (v1 cpu.stat) */
	CGW_CPUSET = 1u << 4,    /* effective CPUs */
	CGW_MEMORY = 1u << 5,    /* usage and memory.stat */
	CGW_MEMLIMIT = 1u << 6,  /* memory.max / limit_in_bytes, memory.high */
	CGW_MEMEVENTS = 1u << 7, /* peak, swap, failcnt, OOM counters */
	CGW_IO = 1u << 8,        /* bytes: io.stat / blkio.throttle.io_service_bytes* */
	CGW_PIDS = 1u << 9,      /* pids.current, pids.max */
	CGW_PSI = 1u << 10,      /* cpu|memory|io.pressure (v2 only) */
	CGW_PROCS = 1u << 11,    /* cgroup.procs */
	CGW_TYPE = 1u << 12,     /* cgroup.type, cgroup.events (v2 only) */
	/* Walk every hierarchy, not only those serving a wanted controller
	 * (and the membership one): cgroups that exist only in, say, the
	 * devices hierarchy, and hier_mask complete. */
	CGW_ALLHIER = 1u << 13,
	/* Parts of the above, for a reader that needs only them (top reads
	 * every refresh, so every file saved counts): */
	CGW_CPUWEIGHT = 1u << 14, /* cpu.weight / cpu.shares */
	CGW_OOM = 1u << 15,       /* OOM kills only (memory.events / memory.oom_control) */
	CGW_IOPS = 1u << 16,      /* operations: io.stat / blkio.throttle.io_serviced* */
	CGW_ALL = (1u << 17) - 1,
	/* cgroup.procs in the membership hierarchy only (the first), where
	 * every process is in exactly one cgroup: enough to count them all,
	 * without a v1-only cgroup's list (v1 builds and sorts a pidlist) */
	CGW_PROCS_MEMBERSHIP = 1u << 17,
};

struct cg_hierarchy {
	int version;        /* 1 or 2 */
	char *controllers;  /* as /proc/PID/cgroup names it: "cpu,cpuacct", "name=systemd", "" for v2 */
	char *mountpoint;   /* as mountinfo shows it: /sys/fs/cgroup/cpu */
	unsigned ctrl_mask; /* CGC_BIT()s this hierarchy serves; v2: its root's cgroup.controllers */
	int fd;             /* the mount's directory */
};

/* Every value is CG_UNSET when unknown (controller not mounted, file
 * missing, unreadable or garbage) and limits are CG_UNLIMITED for "max". */
struct cg_values {
	uint64_t cpu_usage_ns, cpu_user_ns, cpu_system_ns;
	uint64_t cpu_quota_us, cpu_period_us; /* cpu.max / cfs_quota_us+cfs_period_us */
	uint64_t cpu_weight;                  /* v2 cpu.weight (1..10000, default 100) */
	uint64_t cpu_shares;                  /* v1 cpu.shares (default 1024) */
	uint64_t nr_periods, nr_throttled, throttled_usec;
	char *cpuset_cpus;                    /* effective CPUs; NULL when unknown */
	uint64_t mem_current;                 /* memory.current / memory.usage_in_bytes */
	uint64_t mem_usage;                   /* mem_current - inactive_file, as docker stats */
	uint64_t mem_max, mem_high;           /* memory.max / memory.limit_in_bytes; memory.high */
	uint64_t mem_peak;                    /* memory.peak / memory.max_usage_in_bytes */
	uint64_t mem_swap;                    /* memory.swap.current */
	uint64_t mem_failcnt;                 /* v1 memory.failcnt, v2 memory.events max */
	struct cg_memory_stat mem_stat;
	uint64_t oom, oom_kill;
	uint64_t pids_current, pids_max;
	uint64_t io_rbytes, io_wbytes, io_rios, io_wios;
	struct cg_psi psi_cpu, psi_memory, psi_io;
	char *type;                           /* v2 cgroup.type */
	uint64_t populated;                   /* v2 cgroup.events */
};

struct cgroup {
	char *path;        /* "/" for the root, "/docker/<id>" */
	const char *name;  /* last component of path ("/" for the root) */
	unsigned depth;    /* 0 for the root */
	struct cgroup *parent;
	struct cgroup **children; /* sorted by name */
	size_t nchildren;
	size_t children_cap;
	uint32_t hier_mask;  /* bit i: the directory exists in hierarchy i */
	unsigned ctrl_mask;  /* CGC_BIT()s of the hierarchies it exists in */
	unsigned unknown;    /* CGW_* that could not be read: permission */
	pid_t *procs;        /* cgroup.procs of the membership hierarchy */
	size_t nprocs;
	bool procs_known;
	struct cg_values v;
	bool in_container;
	struct container_ref container;
	bool is_root_fallback; /* some root values come from /proc */
	/* Per hierarchy, the cache's directory it was read through (a cached
	 * scan; NULL otherwise): valid until the next scan through the cache. */
	struct cgc_dir **kept;
	/* Inode of the directory in the first hierarchy that holds it (0 for
	 * the root): a cgroup removed and made again under the same path gets
	 * a new one, which tells samples of the two apart. */
	uint64_t ino;
	uint64_t path_fnv; /* FNV-1a of path, for the lookups of a scan */
};

struct cgroup_tree {
	struct cg_hierarchy *hier; /* the membership hierarchy first (v2, else name=systemd) */
	size_t nhier;
	struct cgroup *root;       /* NULL when no cgroup hierarchy is mounted */
	struct cgroup **all;       /* pre-order: parents before children, siblings by name */
	size_t n;
	struct hmap by_path;       /* FNV-1a of the path -> cgroup */
	bool collided;             /* two paths had one hash: look up by search too */
	unsigned want;             /* CGW_* read (for some cgroups, after cgroup_read_more) */
	size_t denied;             /* cgroups with something unreadable for permission */
};

/* Finds the hierarchies from proc/self/mountinfo under root and reads every
 * cgroup with the values in want.  Cgroups that vanish during the scan are
 * skipped.  Returns 0, or -errno when mountinfo cannot be read. */
int cgroup_scan(struct cgroup_tree *t, struct sysroot *root, unsigned want);
/* cgroup_scan through descriptors kept in cache between calls (top's
 * refreshes): see cgcache.h.  The tree is the same. */
struct cg_cache;
struct cgc_dir;
int cgroup_scan_cached(struct cgroup_tree *t, struct sysroot *root, unsigned want,
		       struct cg_cache *cache);
/* cgroup_scan_cached that walks the hierarchies which walk (a superset
 * of want) needs, so that cgroup_read_more can read those values later
 * for a few cgroups (top's rows on screen) and the tree has the same
 * cgroups as a scan of walk would. */
int cgroup_scan_walk(struct cgroup_tree *t, struct sysroot *root, unsigned want, unsigned walk,
		     struct cg_cache *cache);
/* Reads the values of want that cgroup cg of a tree from cgroup_scan_walk
 * does not have yet, through the same cache and before its next scan.
 * The values read before stay. */
void cgroup_read_more(struct cgroup_tree *t, struct sysroot *root, unsigned want,
		      struct cgroup *cg, struct cg_cache *cache);
/* The same for the given cgroup paths only (as /proc/PID/cgroup names
 * them), in every hierarchy they exist in: no directory is listed, so
 * the cost is that of the few cgroups asked about.  The nodes above them
 * are made, without values; the root is read with its fallbacks. */
int cgroup_scan_paths(struct cgroup_tree *t, struct sysroot *root, unsigned want,
		      const char *const *paths, size_t npaths);
void cgroup_tree_free(struct cgroup_tree *t);

/* The cgroup with this path, or NULL. */
struct cgroup *cgroup_find(const struct cgroup_tree *t, const char *path);

/* Names of the hierarchies a cgroup exists in: "cpu,cpuacct,memory,v2". */
char *cgroup_hierarchies_text(const struct cgroup_tree *t, const struct cgroup *cg);

/* The CPU limit in CPUs (quota/period) with up to two decimals: "0.5",
 * "2"; "max" for none; NULL when unknown.  Returns a new string. */
char *cgroup_cpu_limit_text(const struct cg_values *v);

/* "hybrid", "v1", "v2" or "none". */
const char *cgroup_layout(const struct cgroup_tree *t);

/* The PATTERN of `cgroups PATTERN` and `top --cgroup PATTERN`: a runtime
 * name (docker, podman, k8s, lxc, nspawn, containerd, crio) selects that
 * runtime's containers; anything else is a substring of the path or of
 * the container's name (name may be NULL). */
bool cgroup_pattern_is_runtime(const char *pattern);
bool cgroup_matches_pattern(const struct cgroup *cg, const char *pattern, bool is_runtime,
			    const char *name);

#endif
