/* The sampling side of `nsinspect top`: a sample is the cgroup tree with
 * its counters, taken at one CLOCK_MONOTONIC instant, plus the host's
 * figures.  Rates (%CPU, IO and network bytes per second, throttled %)
 * come from the previous sample: cgroups are matched by path and
 * directory inode, so that one removed and made again under the same path
 * (or a counter that went backwards) yields "no rate" for that sample
 * instead of a wrong one.  Renderers only read what this layer fills. */
#ifndef NSINSPECT_TOPSAMPLE_H
#define NSINSPECT_TOPSAMPLE_H

#include <stdbool.h>
#include <stdint.h>

#include "cgcache.h"
#include "cgroup.h"
#include "cgparse.h"
#include "sysroot.h"
#include "util.h"

/* With the CGW_* bits of what a sampler reads: the network counters of
 * cgroups whose processes have a network namespace of their own (reads
 * their cgroup.procs). */
#define TOPW_NET (1u << 31)

/* A rate that cannot be computed for this sample (first sample, counter
 * unknown or gone backwards, cgroup re-created). */
#define TOP_NA (-1.0)

/* The cumulative counters of one cgroup that rates are computed from;
 * CG_UNSET when unknown. */
struct top_counters {
	uint64_t ino;      /* identity of the cgroup directory; 0 when unknown */
	uint64_t cpu_ns;
	uint64_t io_rbytes, io_wbytes;
	uint64_t nr_periods, nr_throttled;
};

struct top_rates {
	double cpu_pct;       /* 100 = one CPU busy */
	double io_rps, io_wps; /* bytes per second */
	double throttled_pct; /* CFS periods throttled, of those elapsed */
};

/* Counters of a cgroup as the scan left them. */
void top_counters_of(const struct cgroup *cg, struct top_counters *c);

/* Rate of a counter over dt_ns, times scale; TOP_NA when either value is
 * unknown, the counter went backwards or dt_ns is 0. */
double top_rate(uint64_t prev, uint64_t cur, uint64_t dt_ns, double scale);

/* All rates of a cgroup between two samples dt_ns apart.  prev NULL (a
 * cgroup new in this sample) or a different identity: all TOP_NA. */
void top_rates_compute(const struct top_counters *prev, const struct top_counters *cur,
		       uint64_t dt_ns, struct top_rates *r);

/* Per-cgroup results of a sample, parallel to tree.all. */
struct top_row {
	struct cgroup *cg;
	struct top_rates r;
	bool container_root; /* the top cgroup of a container */
	bool has_net;        /* its processes have a network namespace of their own */
	uint64_t netns;
	double net_rx, net_tx; /* bytes per second, TOP_NA when unknown */
	bool detailed;         /* top_sample_rows read it in this sample */
};

struct top_host {
	long ncpus;
	bool load_known;
	uint32_t load[3];           /* hundredths */
	uint64_t mem_total, mem_used; /* bytes (used = total - available); CG_UNSET unknown */
	size_t ncgroups, ncontainers, nnamespaces, nprocs;
};

struct top_sampler {
	struct sysroot *root;
	unsigned want;      /* CGW_* and TOPW_NET read for every cgroup */
	unsigned want_rows; /* read only for the rows given to top_sample_rows */
	bool want_counts;   /* count processes and namespaces for the header */

	struct cgroup_tree tree; /* the current sample */
	struct top_row *rows;    /* parallel to tree.all */
	uint64_t t_ns;           /* CLOCK_MONOTONIC of the current sample */
	uint64_t dt_ns;          /* since the previous one; 0 for the first */
	unsigned long nsamples;
	struct top_host host;

	/* private */
	unsigned have;       /* what the current sample read for every cgroup */
	uint64_t forks, tasks; /* the kernel's fork count and tasks at the last listing */
	bool carry_procs;    /* rows may keep the previous sample's cgroup.procs */
	uint64_t procs_read_ns; /* when the rows' cgroup.procs were last read */
	struct cgroup_tree prev_tree;
	struct hmap net_prev, net_cur; /* netns inode -> struct cg_net_dev */
	uint64_t host_netns;
	struct hmap procs;   /* pid -> namespace inodes of a process seen before */
	struct hmap ns_refs; /* namespace inode -> processes in it (as a pointer-sized count) */
	size_t nns;
	size_t nlook_again; /* processes whose links are to be read once more */
	struct buf buf;
	struct cg_cache cache; /* cgroupfs descriptors kept between samples */
};

/* Sets the sampler up; nothing is read yet.  The live view reads its
 * sort key for every cgroup (want) and the other columns only for the
 * rows on screen (want_rows); batch output reads everything (want). */
void top_sampler_init(struct top_sampler *s, struct sysroot *root, unsigned want,
		      unsigned want_rows, bool want_counts);
/* Takes a new sample; rates are against the previous one.  Returns 0 or
 * -errno when no cgroup hierarchy can be read at all.  The processes and
 * namespaces of the header are listed again only when the kernel's fork
 * count or number of tasks moved since the last listing. */
int top_sample(struct top_sampler *s);
/* The longest a row on screen keeps the processes of an earlier sample
 * while the kernel counts no fork and no exit: a process moved from one
 * cgroup to another (no fork) shows in its new row within this time. */
#define TOP_PROCS_MAX_AGE_NS (5 * 1000000000ull)
/* Reads want_rows for these rows of the current sample, once per sample.
 * A rate needs the same row read in the previous sample: a row new on
 * screen shows its counters at once and its rates from the next sample. */
void top_sample_rows(struct top_sampler *s, struct top_row *const *rows, size_t n);
/* Changes what every cgroup is read for (a new sort key) from the next
 * sample on, and reads what the current one lacks for every cgroup now. */
void top_sampler_want(struct top_sampler *s, unsigned want);
/* The row of the cgroup at path in the current sample, or NULL. */
struct top_row *top_sampler_row(struct top_sampler *s, const char *path);
void top_sampler_free(struct top_sampler *s);

/* The top cgroup of a container: in one, and its parent is not in the same. */
bool top_is_container_root(const struct cgroup *cg);

#endif
