/* nsinspect cgroups: the tree of cgroups of every hierarchy (v1, v2 or
 * hybrid) merged by path, with the container each one belongs to, its
 * usage next to its limit, and optionally its member processes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "cli.h"
#include "commands.h"
#include "docker.h"
#include "model.h"
#include "output.h"
#include "util.h"

enum {
	COL_PATH, COL_CONTAINER, COL_NAME, COL_IMAGE, COL_POD, COL_QOS, COL_TASKS, COL_CPU,
	COL_CPUUSER, COL_CPUSYS, COL_CPULIMIT, COL_CPUQUOTA, COL_CPUPERIOD, COL_WEIGHT, COL_CPUSET,
	COL_THROTTLED, COL_NRTHROTTLED, COL_MEM, COL_MEMRAW, COL_MEMLIMIT, COL_MEMHIGH, COL_MEMPEAK,
	COL_MEMSWAP, COL_ANON, COL_FILE, COL_INACTIVEFILE, COL_FAILCNT, COL_OOMS, COL_OOMKILLS,
	COL_PIDS, COL_PIDSLIMIT, COL_IORBYTES, COL_IOWBYTES, COL_IORIOS, COL_IOWIOS, COL_CPUPSI,
	COL_MEMPSI, COL_IOPSI, COL_TYPE, COL_POPULATED, COL_HIERARCHIES,
};

#define NUM SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER
static const struct colinfo infos[] = {
	[COL_PATH] = { "PATH", 0.25, SCOLS_FL_NOEXTREMES, SCOLS_JSON_STRING, "cgroup path (the last component in a tree)" },
	[COL_CONTAINER] = { "CONTAINER", 0, 0, SCOLS_JSON_STRING, "container of the cgroup (runtime:short id)" },
	[COL_NAME] = { "NAME", 0, 0, SCOLS_JSON_STRING, "container name (Docker/Podman API or config), else the short id" },
	[COL_IMAGE] = { "IMAGE", 0, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "container image" },
	[COL_POD] = { "POD", 0, 0, SCOLS_JSON_STRING, "Kubernetes pod uid" },
	[COL_QOS] = { "QOS", 0, 0, SCOLS_JSON_STRING, "Kubernetes QoS class" },
	[COL_TASKS] = { "TASKS", 5, NUM, "processes in the cgroup itself (cgroup.procs)" },
	[COL_CPU] = { "CPU", 6, NUM, "CPU time used, in seconds" },
	[COL_CPUUSER] = { "CPUUSER", 6, NUM, "user CPU time, in seconds" },
	[COL_CPUSYS] = { "CPUSYS", 6, NUM, "system CPU time, in seconds" },
	[COL_CPULIMIT] = { "CPULIMIT", 4, NUM, "CPU limit in CPUs (quota/period), max for none" },
	[COL_CPUQUOTA] = { "CPUQUOTA", 6, NUM, "CFS quota in microseconds per period, max for none" },
	[COL_CPUPERIOD] = { "CPUPERIOD", 6, NUM, "CFS period in microseconds" },
	[COL_WEIGHT] = { "WEIGHT", 4, NUM, "CPU weight (v2 cpu.weight) or shares (v1 cpu.shares)" },
	[COL_CPUSET] = { "CPUSET", 4, 0, SCOLS_JSON_STRING, "CPUs the cgroup may run on" },
	[COL_THROTTLED] = { "THROTTLED", 6, NUM, "time throttled by the CPU limit, in seconds" },
	[COL_NRTHROTTLED] = { "NRTHROTTLED", 4, NUM, "periods throttled by the CPU limit" },
	[COL_MEM] = { "MEM", 5, NUM, "memory used without inactive page cache (as docker stats)" },
	[COL_MEMRAW] = { "MEMRAW", 5, NUM, "memory charged (memory.current, memory.usage_in_bytes)" },
	[COL_MEMLIMIT] = { "MEMLIMIT", 5, NUM, "memory limit (memory.max, memory.limit_in_bytes), max for none" },
	[COL_MEMHIGH] = { "MEMHIGH", 5, NUM, "memory throttling threshold (v2 memory.high)" },
	[COL_MEMPEAK] = { "MEMPEAK", 5, NUM, "highest memory charged (memory.peak, max_usage_in_bytes)" },
	[COL_MEMSWAP] = { "MEMSWAP", 5, NUM, "swap used (v2 memory.swap.current)" },
	[COL_ANON] = { "ANON", 5, NUM, "anonymous memory (memory.stat anon/rss)" },
	[COL_FILE] = { "FILE", 5, NUM, "page cache (memory.stat file/cache)" },
	[COL_INACTIVEFILE] = { "INACTIVEFILE", 5, NUM, "inactive page cache, left out of MEM" },
	[COL_FAILCNT] = { "FAILCNT", 4, NUM, "times the memory limit was hit" },
	[COL_OOMS] = { "OOMS", 4, NUM, "times the OOM killer was invoked (v2 memory.events oom)" },
	[COL_OOMKILLS] = { "OOMKILLS", 4, NUM, "processes killed by the OOM killer" },
	[COL_PIDS] = { "PIDS", 4, NUM, "tasks counted by the pids controller" },
	[COL_PIDSLIMIT] = { "PIDSLIMIT", 4, NUM, "pids limit (pids.max), max for none" },
	[COL_IORBYTES] = { "IORBYTES", 5, NUM, "bytes read from block devices" },
	[COL_IOWBYTES] = { "IOWBYTES", 5, NUM, "bytes written to block devices" },
	[COL_IORIOS] = { "IORIOS", 5, NUM, "read operations on block devices" },
	[COL_IOWIOS] = { "IOWIOS", 5, NUM, "write operations on block devices" },
	[COL_CPUPSI] = { "CPUPSI", 5, NUM, "CPU pressure: some avg10, in percent (v2)" },
	[COL_MEMPSI] = { "MEMPSI", 5, NUM, "memory pressure: some avg10, in percent (v2)" },
	[COL_IOPSI] = { "IOPSI", 5, NUM, "I/O pressure: some avg10, in percent (v2)" },
	[COL_TYPE] = { "TYPE", 6, 0, SCOLS_JSON_STRING, "v2 cgroup type (domain, threaded, ...)" },
	[COL_POPULATED] = { "POPULATED", 1, NUM, "1 when the cgroup or a descendant has processes (v2)" },
	[COL_HIERARCHIES] = { "HIERARCHIES", 0, SCOLS_FL_WRAP, SCOLS_JSON_STRING, "hierarchies the cgroup exists in (v2, v1 controllers)" },
};
#undef NUM

struct cg_opts {
	struct outopts out;
	bool list;
	bool bytes;
	bool procs;
	bool kthreads;
	bool containers;
	bool list_columns;
	int depth; /* -1: no limit */
	const char *pattern;
	bool pattern_is_runtime;
};

struct cg_ctx {
	struct cg_opts *o;
	struct sysroot *root;
	struct cgroup_tree t;
	struct model m; /* no scan: only its root, and the denied count of -p */
	struct docker_names dn;
	struct columns cols;
	struct libscols_table *tb;
	unsigned char *shown; /* by index in t.all: SHOW_* */
	struct hmap line_of; /* cgroup pointer -> its line */
};

enum { SHOW_NONE, SHOW_MATCH, SHOW_PARENT /* context for a match below it */ };

static void print_cgroups_help(void)
{
	printf("Usage:\n"
	       " nsinspect cgroups [options] [<pattern>]\n"
	       "\n"
	       "Show the cgroup tree of every hierarchy (v1, v2 or hybrid) merged by path, with\n"
	       "the container of each cgroup, usage next to limits, and member processes.\n"
	       "<pattern> keeps the cgroups whose path or container name contains it, or, for\n"
	       "docker, podman, k8s, lxc, nspawn, containerd or crio, that runtime's containers.\n"
	       "A value the cgroup's hierarchies do not provide shows as '-'.\n"
	       "\n"
	       "Options:\n"
	       "     --containers       only container cgroups (and their parents)\n"
	       " -d, --depth <n>        show cgroups down to depth <n> (the root is 0)\n"
	       " -p, --processes        list the member processes under each cgroup\n"
	       " -k, --kernel           with -p, include kernel threads\n"
	       " -b, --bytes            print sizes in bytes\n"
	       " -l, --list             flat list with full paths instead of a tree\n"
	       " -J, --json             use JSON output format (sizes in bytes)\n"
	       " -n, --noheadings       don't print headings\n"
	       " -o, --output <list>    define which output columns to use (+<list> appends)\n"
	       "     --output-all       output all columns\n"
	       " -r, --raw              use the raw output format\n"
	       " -u, --notruncate       don't truncate text in columns\n"
	       COLUMNS_HELP_OPTIONS_HELP
	       "\n"
	       "Available output columns:\n");
	columns_print_help(stdout, infos, ARRAY_SIZE(infos));
}

enum { OPT_CONTAINERS = 0x2000 };

static int parse_cgroups_args(struct cli *cli, int argc, char **argv, struct cg_opts *o)
{
	static const struct option longopts[] = {
		OUTPUT_LONGOPTS,
		{ "containers", no_argument, NULL, OPT_CONTAINERS },
		{ "depth", required_argument, NULL, 'd' },
		{ "processes", no_argument, NULL, 'p' },
		{ "kernel", no_argument, NULL, 'k' },
		{ "bytes", no_argument, NULL, 'b' },
		{ "list", no_argument, NULL, 'l' },
		{ "notruncate", no_argument, NULL, 'u' },
		{ "list-columns", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->out = cli->out;
	o->depth = -1;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":" OUTPUT_SHORTOPTS "d:pkbluHh", longopts, NULL)) != -1) {
		if (outopts_apply(&o->out, c, optarg))
			continue;
		switch (c) {
		case OPT_CONTAINERS: o->containers = true; break;
		case 'd': {
			uint64_t d;
			if (!parse_u64(optarg, strlen(optarg), &d) || d > 10000) {
				char *e = str_escape(optarg, strlen(optarg));
				usage_error("invalid depth: '%s'", e);
				free(e);
				return -1;
			}
			o->depth = (int)d;
			break;
		}
		case 'p': o->procs = true; break;
		case 'k': o->kthreads = true; break;
		case 'b': o->bytes = true; break;
		case 'l': o->list = true; break;
		case 'u': o->out.notruncate = true; break;
		case 'H': o->list_columns = true; break;
		case 'h': print_cgroups_help(); return 1;
		default: getopt_error(c, argv, longopts); return -1;
		}
	}
	if (optind < argc) {
		o->pattern = argv[optind];
		if (!*o->pattern) {
			usage_error("empty pattern");
			return -1;
		}
		o->pattern_is_runtime = cgroup_pattern_is_runtime(o->pattern);
		if (optind + 1 < argc) {
			char *e = str_escape(argv[optind + 1], strlen(argv[optind + 1]));
			usage_error("unexpected argument: '%s'", e);
			free(e);
			return -1;
		}
	}
	if (o->kthreads && !o->procs) {
		usage_error("option --kernel needs --processes");
		return -1;
	}
	return 0;
}

/* What the scan must read for the columns shown. */
static unsigned want_of(const struct columns *cols, const struct cg_opts *o)
{
	unsigned want = 0;
	for (size_t i = 0; i < cols->n; i++) {
		switch (cols->id[i]) {
		case COL_TASKS: want |= CGW_PROCS; break;
		case COL_CPU: want |= CGW_CPU; break;
		case COL_CPUUSER: case COL_CPUSYS: want |= CGW_CPUTIMES; break;
		case COL_CPULIMIT: case COL_CPUQUOTA: case COL_CPUPERIOD: want |= CGW_CPULIMIT; break;
		case COL_WEIGHT: want |= CGW_CPUWEIGHT; break;
		case COL_CPUSET: want |= CGW_CPUSET; break;
		case COL_THROTTLED: case COL_NRTHROTTLED: want |= CGW_THROTTLE; break;
		case COL_MEM: case COL_MEMRAW: case COL_ANON: case COL_FILE: case COL_INACTIVEFILE:
			want |= CGW_MEMORY;
			break;
		case COL_MEMLIMIT: case COL_MEMHIGH: want |= CGW_MEMLIMIT; break;
		case COL_MEMPEAK: case COL_MEMSWAP: case COL_FAILCNT: case COL_OOMS: case COL_OOMKILLS:
			want |= CGW_MEMEVENTS;
			break;
		case COL_PIDS: case COL_PIDSLIMIT: want |= CGW_PIDS; break;
		case COL_IORBYTES: case COL_IOWBYTES: want |= CGW_IO; break;
		case COL_IORIOS: case COL_IOWIOS: want |= CGW_IOPS; break;
		case COL_CPUPSI: case COL_MEMPSI: case COL_IOPSI: want |= CGW_PSI; break;
		case COL_TYPE: case COL_POPULATED: want |= CGW_TYPE; break;
		case COL_HIERARCHIES: want |= CGW_ALLHIER; break;
		}
	}
	if (o->procs)
		want |= CGW_PROCS;
	return want;
}

static bool is_docker_like(const struct cgroup *cg)
{
	return cg->in_container &&
	       (!strcmp(cg->container.runtime, "docker") || !strcmp(cg->container.runtime, "podman"));
}

static const struct docker_container *docker_of(const struct cg_ctx *ctx, const struct cgroup *cg)
{
	return is_docker_like(cg) ? docker_names_find(&ctx->dn, cg->container.id) : NULL;
}

/* NAME: what the engine calls it; lxc and nspawn name containers by their
 * cgroup; otherwise the short id, so that a row never loses its identity. */
static char *container_name(const struct cg_ctx *ctx, const struct cgroup *cg)
{
	if (!cg->in_container)
		return NULL;
	const struct docker_container *d = docker_of(ctx, cg);
	if (d && d->name)
		return xstrdup(d->name);
	const struct container_ref *c = &cg->container;
	if (!strcmp(c->runtime, "k8s"))
		return xstrndup(c->pod, 8);
	if (!strcmp(c->runtime, "lxc") || !strcmp(c->runtime, "nspawn"))
		return xstrdup(c->id);
	return xstrndup(c->id, 12);
}

static bool row_matches(const struct cg_ctx *ctx, const struct cgroup *cg)
{
	const struct cg_opts *o = ctx->o;
	if (o->containers && !cg->in_container)
		return false;
	if (!o->pattern)
		return true;
	const struct docker_container *d = o->pattern_is_runtime ? NULL : docker_of(ctx, cg);
	return cgroup_matches_pattern(cg, o->pattern, o->pattern_is_runtime, d ? d->name : NULL);
}

/* Marks the rows to print: the matching ones and, for the tree, their
 * ancestors. */
static size_t select_rows(struct cg_ctx *ctx, bool tree)
{
	size_t n = 0;
	ctx->shown = xcalloc(ctx->t.n ? ctx->t.n : 1, sizeof(*ctx->shown));
	for (size_t i = 0; i < ctx->t.n; i++) {
		struct cgroup *cg = ctx->t.all[i];
		if (ctx->o->depth >= 0 && (int)cg->depth > ctx->o->depth)
			continue;
		if (row_matches(ctx, cg))
			ctx->shown[i] = SHOW_MATCH;
	}
	if (tree && (ctx->o->containers || ctx->o->pattern)) {
		/* all[] is in pre-order: walk back up from each shown row */
		struct hmap index = { 0 };
		for (size_t i = 0; i < ctx->t.n; i++)
			hmap_put(&index, (uint64_t)(uintptr_t)ctx->t.all[i], (void *)(uintptr_t)(i + 1));
		for (size_t i = ctx->t.n; i-- > 0;) {
			if (!ctx->shown[i])
				continue;
			for (struct cgroup *up = ctx->t.all[i]->parent; up; up = up->parent) {
				size_t j = (size_t)(uintptr_t)hmap_get(&index, (uint64_t)(uintptr_t)up) - 1;
				if (ctx->shown[j])
					break;
				ctx->shown[j] = SHOW_PARENT;
			}
		}
		hmap_free(&index);
	}
	for (size_t i = 0; i < ctx->t.n; i++)
		n += ctx->shown[i] != SHOW_NONE;
	return n;
}

/* Looks up names and images once, for the Docker/Podman containers among
 * the cgroups that may be shown. */
static void load_names(struct cg_ctx *ctx)
{
	const char **ids = xcalloc(ctx->t.n ? ctx->t.n : 1, sizeof(*ids));
	size_t nids = 0;
	bool podman = false;
	for (size_t i = 0; i < ctx->t.n; i++) {
		const struct cgroup *cg = ctx->t.all[i];
		if (!is_docker_like(cg))
			continue;
		if (ctx->o->depth >= 0 && (int)cg->depth > ctx->o->depth)
			continue;
		bool dup = false;
		for (size_t k = 0; k < nids && !dup; k++)
			dup = !strcmp(ids[k], cg->container.id);
		if (dup)
			continue;
		ids[nids++] = cg->container.id;
		if (!strcmp(cg->container.runtime, "podman"))
			podman = true;
	}
	docker_names_load(&ctx->dn, ctx->root, ids, nids, podman);
	free(ids);
}

/* Unknown values: '?' when unreadable for permission, '-' when the
 * cgroup's hierarchies do not provide them; null in JSON. */
static void set_missing(struct cg_ctx *ctx, struct libscols_line *ln, size_t i,
			const struct cgroup *cg, unsigned want)
{
	if (ctx->o->out.json)
		return;
	scols_line_set_data(ln, i, (cg->unknown & want) ? "?" : "-");
}

static void set_unlimited(struct cg_ctx *ctx, struct libscols_line *ln, size_t i)
{
	/* A JSON number column prints its data verbatim: a quoted "max" keeps
	 * unlimited apart from unknown (null) and from any number. */
	scols_line_set_data(ln, i, ctx->o->out.json ? "\"max\"" : "max");
}

static void set_size(struct cg_ctx *ctx, struct libscols_line *ln, size_t i,
		     const struct cgroup *cg, uint64_t v, unsigned want)
{
	if (v == CG_UNSET)
		set_missing(ctx, ln, i, cg, want);
	else if (v == CG_UNLIMITED)
		set_unlimited(ctx, ln, i);
	else if (ctx->o->bytes || ctx->o->out.json)
		cell_set_u64(ln, i, v);
	else
		cell_set_owned(ln, i, size_human(v));
}

static void set_count(struct cg_ctx *ctx, struct libscols_line *ln, size_t i,
		      const struct cgroup *cg, uint64_t v, unsigned want)
{
	if (v == CG_UNSET)
		set_missing(ctx, ln, i, cg, want);
	else if (v == CG_UNLIMITED)
		set_unlimited(ctx, ln, i);
	else
		cell_set_u64(ln, i, v);
}

/* Seconds with millisecond precision, from nanoseconds or microseconds. */
static void set_seconds(struct cg_ctx *ctx, struct libscols_line *ln, size_t i,
			const struct cgroup *cg, uint64_t v, uint64_t per_second, unsigned want)
{
	if (v >= CG_UNLIMITED) {
		set_missing(ctx, ln, i, cg, want);
		return;
	}
	uint64_t ms = v / (per_second / 1000);
	cell_set_owned(ln, i, xasprintf("%llu.%03llu", (unsigned long long)(ms / 1000),
					(unsigned long long)(ms % 1000)));
}

static void set_cpu_limit(struct cg_ctx *ctx, struct libscols_line *ln, size_t i,
			  const struct cgroup *cg)
{
	char *s = cgroup_cpu_limit_text(&cg->v);
	if (!s) {
		set_missing(ctx, ln, i, cg, CGW_CPULIMIT);
	} else if (!strcmp(s, "max")) {
		set_unlimited(ctx, ln, i);
		free(s);
	} else {
		cell_set_owned(ln, i, s);
	}
}

static void set_psi(struct cg_ctx *ctx, struct libscols_line *ln, size_t i,
		    const struct cgroup *cg, const struct cg_psi *psi)
{
	if (!psi->some.have) {
		set_missing(ctx, ln, i, cg, CGW_PSI);
		return;
	}
	cell_set_owned(ln, i, xasprintf("%u.%02u", psi->some.avg10 / 100, psi->some.avg10 % 100));
}

static void fill_row(struct cg_ctx *ctx, struct libscols_line *ln, const struct cgroup *cg,
		     bool tree)
{
	const struct cg_values *v = &cg->v;
	const struct docker_container *d = docker_of(ctx, cg);
	for (size_t i = 0; i < ctx->cols.n; i++) {
		switch (ctx->cols.id[i]) {
		case COL_PATH:
			/* the tree draws the path; JSON keeps it whole */
			cell_set(ln, i, tree && !ctx->o->out.json ? cg->name : cg->path);
			break;
		case COL_CONTAINER:
			if (cg->in_container) {
				char label[128];
				container_label(&cg->container, label, sizeof(label));
				cell_set(ln, i, label);
			}
			break;
		case COL_NAME: {
			char *name = container_name(ctx, cg);
			cell_set(ln, i, name);
			free(name);
			break;
		}
		case COL_IMAGE:
			if (d && d->image)
				cell_set(ln, i, d->image);
			break;
		case COL_POD:
			if (cg->in_container && cg->container.pod[0])
				cell_set(ln, i, cg->container.pod);
			break;
		case COL_QOS:
			if (cg->in_container && cg->container.qos[0])
				cell_set(ln, i, cg->container.qos);
			break;
		case COL_TASKS:
			if (cg->procs_known)
				cell_set_u64(ln, i, cg->nprocs);
			else
				set_missing(ctx, ln, i, cg, CGW_PROCS);
			break;
		case COL_CPU: set_seconds(ctx, ln, i, cg, v->cpu_usage_ns, 1000000000, CGW_CPU); break;
		case COL_CPUUSER: set_seconds(ctx, ln, i, cg, v->cpu_user_ns, 1000000000, CGW_CPUTIMES); break;
		case COL_CPUSYS: set_seconds(ctx, ln, i, cg, v->cpu_system_ns, 1000000000, CGW_CPUTIMES); break;
		case COL_CPULIMIT: set_cpu_limit(ctx, ln, i, cg); break;
		case COL_CPUQUOTA: set_count(ctx, ln, i, cg, v->cpu_quota_us, CGW_CPULIMIT); break;
		case COL_CPUPERIOD: set_count(ctx, ln, i, cg, v->cpu_period_us, CGW_CPULIMIT); break;
		case COL_WEIGHT:
			set_count(ctx, ln, i, cg, v->cpu_weight != CG_UNSET ? v->cpu_weight : v->cpu_shares,
				  CGW_CPUWEIGHT);
			break;
		case COL_CPUSET:
			if (v->cpuset_cpus)
				cell_set(ln, i, v->cpuset_cpus);
			else
				set_missing(ctx, ln, i, cg, CGW_CPUSET);
			break;
		case COL_THROTTLED: set_seconds(ctx, ln, i, cg, v->throttled_usec, 1000000, CGW_THROTTLE); break;
		case COL_NRTHROTTLED: set_count(ctx, ln, i, cg, v->nr_throttled, CGW_THROTTLE); break;
		case COL_MEM: set_size(ctx, ln, i, cg, v->mem_usage, CGW_MEMORY); break;
		case COL_MEMRAW: set_size(ctx, ln, i, cg, v->mem_current, CGW_MEMORY); break;
		case COL_MEMLIMIT: set_size(ctx, ln, i, cg, v->mem_max, CGW_MEMLIMIT); break;
		case COL_MEMHIGH: set_size(ctx, ln, i, cg, v->mem_high, CGW_MEMLIMIT); break;
		case COL_MEMPEAK: set_size(ctx, ln, i, cg, v->mem_peak, CGW_MEMEVENTS); break;
		case COL_MEMSWAP: set_size(ctx, ln, i, cg, v->mem_swap, CGW_MEMEVENTS); break;
		case COL_ANON: set_size(ctx, ln, i, cg, v->mem_stat.anon, CGW_MEMORY); break;
		case COL_FILE: set_size(ctx, ln, i, cg, v->mem_stat.file, CGW_MEMORY); break;
		case COL_INACTIVEFILE: set_size(ctx, ln, i, cg, v->mem_stat.inactive_file, CGW_MEMORY); break;
		case COL_FAILCNT: set_count(ctx, ln, i, cg, v->mem_failcnt, CGW_MEMEVENTS); break;
		case COL_OOMS: set_count(ctx, ln, i, cg, v->oom, CGW_MEMEVENTS); break;
		case COL_OOMKILLS: set_count(ctx, ln, i, cg, v->oom_kill, CGW_MEMEVENTS); break;
		case COL_PIDS: set_count(ctx, ln, i, cg, v->pids_current, CGW_PIDS); break;
		case COL_PIDSLIMIT: set_count(ctx, ln, i, cg, v->pids_max, CGW_PIDS); break;
		case COL_IORBYTES: set_size(ctx, ln, i, cg, v->io_rbytes, CGW_IO); break;
		case COL_IOWBYTES: set_size(ctx, ln, i, cg, v->io_wbytes, CGW_IO); break;
		case COL_IORIOS: set_count(ctx, ln, i, cg, v->io_rios, CGW_IOPS); break;
		case COL_IOWIOS: set_count(ctx, ln, i, cg, v->io_wios, CGW_IOPS); break;
		case COL_CPUPSI: set_psi(ctx, ln, i, cg, &v->psi_cpu); break;
		case COL_MEMPSI: set_psi(ctx, ln, i, cg, &v->psi_memory); break;
		case COL_IOPSI: set_psi(ctx, ln, i, cg, &v->psi_io); break;
		case COL_TYPE:
			if (v->type)
				cell_set(ln, i, v->type);
			else
				set_missing(ctx, ln, i, cg, CGW_TYPE);
			break;
		case COL_POPULATED: set_count(ctx, ln, i, cg, v->populated, CGW_TYPE); break;
		case COL_HIERARCHIES: {
			char *h = cgroup_hierarchies_text(&ctx->t, cg);
			cell_set(ln, i, h);
			free(h);
			break;
		}
		}
	}
}

static struct libscols_line *new_line(struct cg_ctx *ctx, struct libscols_line *parent)
{
	struct libscols_line *ln = scols_table_new_line(ctx->tb, parent);
	if (!ln) {
		error_msg("cannot create output line");
		exit(1);
	}
	return ln;
}

/* Command lines can be kilobytes long; a tree row keeps the first
 * MAX_CMDLINE bytes (cut on a character boundary) unless -u is given. */
#define MAX_CMDLINE 100

static void shorten(char *s, size_t max)
{
	size_t len = strlen(s);
	/* "..." and its NUL need 4 bytes from s[max]: a text at most 3 bytes
	 * longer than max would not get shorter, and overran its allocation */
	if (len <= max + 3)
		return;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	strcpy(s + max, "...");
}

/* systemd-cgls's view: the member processes as rows under their cgroup,
 * "PID command line" in the PATH column.  Only the processes listed are
 * read (through the model's per-process loader), not all of /proc. */
static void add_process_rows(struct cg_ctx *ctx, const struct cgroup *cg, struct libscols_line *ln,
			     bool tree)
{
	for (size_t k = 0; k < cg->nprocs; k++) {
		/* one open of /proc/PID for both files */
		struct process p = { .pid = cg->procs[k] };
		if (!model_load(&ctx->m, &p, WANT_STATUS | WANT_CMDLINE)) {
			free(p.cmdline);
			/* exited meanwhile, or hidden from us (hidepid): TASKS
			 * counts it, so say why it is not listed */
			if (!ctx->m.others_hidden && sysroot_pid_hidden(ctx->m.root, p.pid))
				ctx->m.others_hidden = true;
			continue;
		}
		/* model_load counted it in m.denied when status was unknown */
		bool status_known = !(p.unknown & WANT_STATUS);
		if (!ctx->o->kthreads && status_known && process_is_kernel_thread(&p)) {
			free(p.cmdline);
			continue;
		}
		const char *cmd = p.cmdline ? p.cmdline : (p.st.have & ST_NAME) ? p.st.name : "?";
		char *text = status_known && process_is_kernel_thread(&p) && !p.cmdline
				     ? xasprintf("%d [%s]", (int)p.pid, cmd)
				     : xasprintf("%d %s", (int)p.pid, cmd);
		free(p.cmdline);
		if (!ctx->o->out.notruncate && !ctx->o->out.json)
			shorten(text, MAX_CMDLINE);
		struct libscols_line *pl = new_line(ctx, tree ? ln : NULL);
		for (size_t i = 0; i < ctx->cols.n; i++) {
			if (ctx->cols.id[i] == COL_PATH) {
				cell_set(pl, i, text);
			} else if (ctx->cols.id[i] == COL_CONTAINER && cg->in_container) {
				char label[128];
				container_label(&cg->container, label, sizeof(label));
				cell_set(pl, i, label);
			}
		}
		free(text);
	}
}

static void add_rows(struct cg_ctx *ctx, bool tree)
{
	for (size_t i = 0; i < ctx->t.n; i++) {
		if (!ctx->shown[i])
			continue;
		struct cgroup *cg = ctx->t.all[i];
		struct libscols_line *parent =
			tree && cg->parent ? hmap_get(&ctx->line_of, (uint64_t)(uintptr_t)cg->parent) : NULL;
		struct libscols_line *ln = new_line(ctx, parent);
		hmap_put(&ctx->line_of, (uint64_t)(uintptr_t)cg, ln);
		fill_row(ctx, ln, cg, tree);
		if (ctx->o->procs && ctx->shown[i] == SHOW_MATCH)
			add_process_rows(ctx, cg, ln, tree);
	}
}

static void warn_denied(const struct cgroup_tree *t)
{
	if (!t->denied)
		return;
	for (size_t i = 0; i < t->n; i++) {
		if (t->all[i]->unknown) {
			char *e = str_escape(t->all[i]->path, strlen(t->all[i]->path));
			if (t->denied == 1)
				warn_msg("cgroup %s could not be fully read (permission denied); "
					 "what is missing shows as '?'", e);
			else
				warn_msg("%zu cgroups (%s and others) could not be fully read "
					 "(permission denied); what is missing shows as '?'", t->denied, e);
			free(e);
			return;
		}
	}
}

int cmd_cgroups(struct cli *cli, int argc, char **argv)
{
	struct cg_opts o = { 0 };
	struct cg_ctx ctx = { .o = &o, .root = &cli->root };
	int rc = parse_cgroups_args(cli, argc, argv, &o);

	if (rc)
		return rc < 0 ? EXIT_USAGE : 0;
	if (o.list_columns) {
		columns_print_help(stdout, infos, ARRAY_SIZE(infos));
		return 0;
	}
	static const int defaults[] = { COL_PATH, COL_CONTAINER, COL_NAME, COL_TASKS, COL_CPU,
					COL_MEM, COL_MEMLIMIT, COL_PIDS, COL_PIDSLIMIT, COL_CPULIMIT };
	if (columns_select(infos, ARRAY_SIZE(infos), defaults, ARRAY_SIZE(defaults), &o.out, &ctx.cols) < 0)
		return EXIT_USAGE;

	int err = cgroup_scan(&ctx.t, &cli->root, want_of(&ctx.cols, &o));
	if (err) {
		error_msg("cannot read %s/proc/self/mountinfo: %s", cli->root.shown, strerror(-err));
		return 1;
	}
	if (!ctx.t.root) {
		error_msg("no cgroup hierarchy is mounted under %s/", cli->root.shown);
		cgroup_tree_free(&ctx.t);
		return 1;
	}
	ctx.m.root = &cli->root; /* -p loads single processes through it */
	bool need_names = columns_has(&ctx.cols, COL_NAME) || columns_has(&ctx.cols, COL_IMAGE) ||
			  (o.pattern && !o.pattern_is_runtime);
	if (need_names)
		load_names(&ctx);
	bool tree = !o.list && !o.out.raw && columns_has(&ctx.cols, COL_PATH);
	select_rows(&ctx, tree);

	ctx.tb = table_new(&o.out, "cgroups");
	table_add_columns(ctx.tb, infos, &ctx.cols, &o.out, tree ? COL_PATH : -1);
	add_rows(&ctx, tree);
	warn_denied(&ctx.t);
	model_warn_denied(&ctx.m);
	rc = table_print(ctx.tb) < 0 ? 1 : 0;
	scols_unref_table(ctx.tb);
	free(ctx.shown);
	hmap_free(&ctx.line_of);
	docker_names_free(&ctx.dn);
	cgroup_tree_free(&ctx.t);
	return rc;
}
