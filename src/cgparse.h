/* Parsers for the files of cgroupfs (v1 and v2) and the few /proc files the
 * root cgroup falls back to.  They take a buffer and never touch the
 * filesystem, so unit tests and fuzzers feed them captured or corrupt text.
 *
 * Every value is a uint64_t where CG_UNSET means "not known" (file absent,
 * key missing, garbage, or a number too large) and CG_UNLIMITED means the
 * kernel's "no limit" ("max" in v2, -1 quotas and the page-rounded
 * LONG_MAX of v1 memory limits). */
#ifndef NSINSPECT_CGPARSE_H
#define NSINSPECT_CGPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CG_UNSET UINT64_MAX
#define CG_UNLIMITED (UINT64_MAX - 1)

/* A file holding one number or "max" (memory.max, pids.max, cpu.weight,
 * memory.current, cpuacct.usage, ...).  Surrounding whitespace is allowed.
 * Returns false (and sets *out to CG_UNSET) on anything else; numbers at
 * or above CG_UNLIMITED count as garbage so they cannot fake a sentinel. */
bool cg_parse_value(const char *buf, size_t len, uint64_t *out);

/* The v1 value the memory controller shows for "no limit": LONG_MAX rounded
 * down to a page (9223372036854771712 with 4 KiB pages). */
uint64_t cg_v1_unlimited(long page_size);
/* memory.limit_in_bytes, memory.memsw.limit_in_bytes, memory.soft_limit...:
 * the page-rounded LONG_MAX (or more) becomes CG_UNLIMITED. */
bool cg_parse_v1_memory_limit(const char *buf, size_t len, long page_size, uint64_t *out);

/* Flat keyed files, one "key value" per line (cpu.stat, memory.stat,
 * memory.events, cpuacct.stat, memory.oom_control, cgroup.events).  vals[i]
 * receives the value of keys[i], or CG_UNSET when missing or garbage.
 * Returns the number of keys found. */
size_t cg_parse_keyed(const char *buf, size_t len, const char *const *keys, uint64_t *vals,
		      size_t nkeys);

/* v2 cpu.stat; times in microseconds. */
struct cg_cpu_stat {
	uint64_t usage_usec, user_usec, system_usec;
	uint64_t nr_periods, nr_throttled, throttled_usec;
};
void cg_parse_cpu_stat(const char *buf, size_t len, struct cg_cpu_stat *st);
/* v1 cpu.stat (nr_periods, nr_throttled, throttled_time in ns): fills the
 * throttling fields, throttled_usec converted from ns. */
void cg_parse_cpu_stat_v1(const char *buf, size_t len, struct cg_cpu_stat *st);
/* v1 cpuacct.stat: user and system in USER_HZ ticks. */
void cg_parse_cpuacct_stat(const char *buf, size_t len, uint64_t *user_ticks,
			   uint64_t *system_ticks);

/* v2 cpu.max "QUOTA PERIOD" with QUOTA "max" -> CG_UNLIMITED.  The period
 * may be missing (older kernels accepted writes without it): 100000. */
bool cg_parse_cpu_max(const char *buf, size_t len, uint64_t *quota_us, uint64_t *period_us);
/* v1 cpu.cfs_quota_us: -1 (any negative) -> CG_UNLIMITED. */
bool cg_parse_cfs_quota(const char *buf, size_t len, uint64_t *quota_us);

/* memory.stat: the fields shown (v2 names; v1 maps rss->anon, cache->file
 * and prefers the hierarchical total_* keys). */
struct cg_memory_stat {
	uint64_t anon, file, inactive_file, shmem;
};
void cg_parse_memory_stat(const char *buf, size_t len, struct cg_memory_stat *ms);
void cg_parse_memory_stat_v1(const char *buf, size_t len, struct cg_memory_stat *ms);

/* v2 memory.events: oom and oom_kill counters. */
void cg_parse_memory_events(const char *buf, size_t len, uint64_t *oom, uint64_t *oom_kill);
/* v1 memory.oom_control: under_oom, oom_kill (4.13+) and oom_kill_disable. */
void cg_parse_oom_control(const char *buf, size_t len, uint64_t *oom_kill_disable,
			  uint64_t *under_oom, uint64_t *oom_kill);

/* Totals over all devices. */
struct cg_io_stat {
	uint64_t rbytes, wbytes, rios, wios;
	size_t ndevices; /* device lines seen, with or without keys */
};
/* v2 io.stat: "MAJ:MIN rbytes=.. wbytes=.. rios=.. wios=.. dbytes=.. dios=..";
 * a device line may carry no keys at all.  Totals stay 0 with no device. */
void cg_parse_io_stat(const char *buf, size_t len, struct cg_io_stat *io);
/* v1 blkio.throttle.io_service_bytes / io_serviced: "MAJ:MIN Read N" ...
 * "Total N".  Sums the Read and Write lines into *read and *write. */
void cg_parse_blkio(const char *buf, size_t len, uint64_t *read, uint64_t *write);

/* Pressure stall information: avg10/avg60/avg300 in hundredths of a
 * percent (locale-free), total in microseconds. */
struct cg_psi_line {
	bool have;
	uint32_t avg10, avg60, avg300;
	uint64_t total;
};
struct cg_psi {
	struct cg_psi_line some, full;
};
void cg_parse_pressure(const char *buf, size_t len, struct cg_psi *psi);

/* cgroup.procs: one PID per line.  Returns the count; *out is malloc'ed
 * (NULL when empty).  Garbage lines are skipped. */
size_t cg_parse_procs(const char *buf, size_t len, pid_t **out);

/* The first line of a one-line file without its newline (cgroup.type,
 * cpuset.cpus); NULL when empty. */
char *cg_parse_line(const char *buf, size_t len);

/* /proc/stat "cpu" line: total, user (user+nice) and system
 * (system+irq+softirq) in USER_HZ ticks.  false when no cpu line. */
bool cg_parse_proc_stat(const char *buf, size_t len, uint64_t *total, uint64_t *user,
			uint64_t *system);
/* /proc/stat "processes" line: forks (and clones) since boot. */
bool cg_parse_proc_stat_forks(const char *buf, size_t len, uint64_t *forks);
/* /proc/meminfo in bytes: MemTotal, MemFree, MemAvailable, Inactive(file),
 * SwapTotal-SwapFree.  Missing keys stay CG_UNSET. */
struct cg_meminfo {
	uint64_t total, free, available, inactive_file, swap_used;
};
void cg_parse_meminfo(const char *buf, size_t len, struct cg_meminfo *mi);
/* /proc/loadavg: the number of tasks (the "137" of "2/137"). */
bool cg_parse_loadavg_tasks(const char *buf, size_t len, uint64_t *tasks);

/* /proc/loadavg: the three load averages in hundredths (1.89 -> 189).
 * false unless all three parse. */
bool cg_parse_loadavg(const char *buf, size_t len, uint32_t load[3]);

/* /proc/PID/net/dev: bytes received and sent over every interface but
 * loopback ("lo"), summed.  Returns the number of interface lines counted
 * (0 for garbage or only lo); the two header lines are skipped. */
struct cg_net_dev {
	uint64_t rx_bytes, tx_bytes;
	uint64_t rx_packets, tx_packets;
};
size_t cg_parse_net_dev(const char *buf, size_t len, struct cg_net_dev *nd);

#endif
