/* nsinspect top: a live view of cgroups and containers (systemd-cgtop,
 * docker stats and ctop in one): usage next to limits and pressure, rates
 * from two samples, the processes one key away.  Without a terminal (or
 * with -b) it prints a plain table, or one JSON object per line with -J,
 * per iteration.  The sampling lives in topsample.c; this file only
 * selects, sorts and renders rows. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json.h>

#include "cgroup.h"
#include "cli.h"
#include "commands.h"
#include "docker.h"
#include "output.h"
#include "top.h"
#include "topsample.h"
#include "util.h"

#define NUM SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER
const struct colinfo top_infos[] = {
	[TCOL_PATH] = { "PATH", 0.2, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "cgroup path (the last component in a tree)" },
	[TCOL_NAME] = { "NAME", 0.1, 0, SCOLS_JSON_STRING, "container name (Docker/Podman API or config), else the short id" },
	[TCOL_CONTAINER] = { "CONTAINER", 0, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "container of the cgroup (runtime:short id)" },
	[TCOL_IMAGE] = { "IMAGE", 0, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "container image" },
	[TCOL_TASKS] = { "TASKS", 5, NUM, "processes in the cgroup itself (cgroup.procs)" },
	[TCOL_CPU] = { "CPU", 5, NUM, "CPU use in percent over the interval; 100 is one CPU" },
	[TCOL_CPULIMIT] = { "CPULIMIT", 4, NUM, "CPU limit in CPUs (quota/period), max for none" },
	[TCOL_MEM] = { "MEM", 5, NUM, "memory used without inactive page cache (as docker stats)" },
	[TCOL_MEMLIMIT] = { "MEMLIMIT", 5, NUM, "memory limit, max for none" },
	[TCOL_MEMPCT] = { "MEMPCT", 5, NUM, "MEM in percent of MEMLIMIT" },
	[TCOL_PIDS] = { "PIDS", 4, NUM, "tasks counted by the pids controller" },
	[TCOL_PIDSLIMIT] = { "PIDSLIMIT", 4, NUM, "pids limit (pids.max), max for none" },
	[TCOL_IOREAD] = { "IOREAD", 5, NUM, "bytes read from block devices per second" },
	[TCOL_IOWRITE] = { "IOWRITE", 5, NUM, "bytes written to block devices per second" },
	[TCOL_NETRX] = { "NETRX", 5, NUM, "bytes received per second (own network namespace only)" },
	[TCOL_NETTX] = { "NETTX", 5, NUM, "bytes sent per second (own network namespace only)" },
	[TCOL_OOMKILLS] = { "OOMKILLS", 3, NUM, "processes killed by the OOM killer" },
	[TCOL_THROTTLED] = { "THROTTLED", 4, NUM, "percent of CFS periods throttled by the CPU limit" },
	[TCOL_CPUPSI] = { "CPUPSI", 5, NUM, "CPU pressure: some avg10, in percent (v2)" },
	[TCOL_MEMPSI] = { "MEMPSI", 5, NUM, "memory pressure: some avg10, in percent (v2)" },
	[TCOL_IOPSI] = { "IOPSI", 5, NUM, "I/O pressure: some avg10, in percent (v2)" },
};
#undef NUM
const size_t top_ninfos = ARRAY_SIZE(top_infos);

static void print_top_help(void)
{
	printf("Usage:\n"
	       " nsinspect top [options]\n"
	       "\n"
	       "A live view of cgroups and containers: CPU, memory, pids, IO and network rates\n"
	       "beside their limits and pressure.  Without a terminal, or with -b, it prints a\n"
	       "table (JSON lines with -J) per iteration.  Rates that need two samples show '-'\n"
	       "when a cgroup is new or was re-created.\n"
	       "\n"
	       "Options:\n"
	       " -b, --batch            batch mode: plain output, no screen handling\n"
	       " -d, --delay <secs>     seconds between refreshes (fractions allowed; default 1)\n"
	       " -n, --iterations <n>   stop after <n> refreshes\n"
	       "     --cgroup <pattern> cgroups whose path or container name contains <pattern>,\n"
	       "                          or a runtime's: docker, podman, k8s, lxc, nspawn\n"
	       "     --depth <n>        cgroups down to depth <n> (the root is 0)\n"
	       "     --containers       one row per container\n"
	       " -l, --list             flat list instead of a tree\n"
	       " -s, --sort <column>    sort by <column> (or IO, NET: read+write, rx+tx)\n"
	       " -r, --reverse          reverse the sort order\n"
	       " -J, --json             one JSON object per iteration, on one line\n"
	       "     --raw              use the raw output format\n"
	       "     --noheadings       don't print headings\n"
	       " -o, --output <list>    define which output columns to use (+<list> appends)\n"
	       "     --output-all       output all columns\n"
	       COLUMNS_HELP_OPTIONS_HELP
	       "\n"
	       "Keys: c m p i n sort by CPU, memory, pids, IO, network; r reverse; t tree/flat;\n"
	       "/ filter (Esc clears); Enter processes of the cgroup (Esc returns); s show report\n"
	       "of the selected process; space pause; + - delay; h help; q quit.\n"
	       "\n"
	       "Available output columns:\n");
	columns_print_help(stdout, top_infos, top_ninfos);
}

enum { OPT_CGROUP = 0x2100, OPT_DEPTH, OPT_CONTAINERS, OPT_RAW, OPT_NOHEADINGS };

/* "0.5", "2", "1.25": seconds as a positive finite number, at most a day. */
static bool parse_seconds(const char *s, double *out)
{
	char *end;
	if (!*s || isspace((unsigned char)*s))
		return false;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v < 0.01 || v > 86400)
		return false;
	/* strtod accepts hex and "inf"; only plain decimals here */
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != '.')
			return false;
	*out = v;
	return true;
}

static int bad_value(const char *what, const char *arg)
{
	char *e = str_escape(arg, strlen(arg));
	usage_error("invalid %s: '%s'", what, e);
	free(e);
	return -1;
}

int top_sort_from_name(const char *name)
{
	if (!strcasecmp(name, "IO"))
		return TSORT_IO;
	if (!strcasecmp(name, "NET"))
		return TSORT_NET;
	for (size_t i = 0; i < top_ninfos; i++)
		if (!strcasecmp(name, top_infos[i].name))
			return (int)i;
	return -1;
}

static int parse_top_args(struct cli *cli, int argc, char **argv, struct top_opts *o)
{
	static const struct option longopts[] = {
		{ "batch", no_argument, NULL, 'b' },
		{ "delay", required_argument, NULL, 'd' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "cgroup", required_argument, NULL, OPT_CGROUP },
		{ "depth", required_argument, NULL, OPT_DEPTH },
		{ "containers", no_argument, NULL, OPT_CONTAINERS },
		{ "list", no_argument, NULL, 'l' },
		{ "sort", required_argument, NULL, 's' },
		{ "reverse", no_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'J' },
		{ "raw", no_argument, NULL, OPT_RAW },
		{ "noheadings", no_argument, NULL, OPT_NOHEADINGS },
		{ "output", required_argument, NULL, 'o' },
		{ "output-all", no_argument, NULL, OPT_OUTPUT_ALL },
		{ "list-columns", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->out = cli->out;
	o->depth = -1;
	o->delay = 1.0;
	o->sort = TCOL_CPU;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":bd:n:ls:rJo:Hh", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': o->batch = true; break;
		case 'd':
			if (!parse_seconds(optarg, &o->delay))
				return bad_value("delay", optarg);
			break;
		case 'n': {
			uint64_t n;
			if (!parse_u64(optarg, strlen(optarg), &n) || n == 0 || n > 100000000)
				return bad_value("number of iterations", optarg);
			o->iterations = (long)n;
			break;
		}
		case OPT_CGROUP:
			if (!*optarg) {
				usage_error("empty pattern");
				return -1;
			}
			o->pattern = optarg;
			o->pattern_is_runtime = cgroup_pattern_is_runtime(optarg);
			break;
		case OPT_DEPTH: {
			uint64_t d;
			if (!parse_u64(optarg, strlen(optarg), &d) || d > 10000)
				return bad_value("depth", optarg);
			o->depth = (int)d;
			break;
		}
		case OPT_CONTAINERS: o->containers = true; break;
		case 'l': o->list = true; break;
		case 's':
			o->sort = top_sort_from_name(optarg);
			if (o->sort < 0)
				return bad_value("sort column", optarg);
			break;
		case 'r': o->reverse = true; break;
		case 'J': o->out.json = true; break;
		case OPT_RAW: o->out.raw = true; break;
		case OPT_NOHEADINGS: o->out.noheadings = true; break;
		case 'o': o->out.columns = optarg; break;
		case OPT_OUTPUT_ALL: o->out.output_all = true; break;
		case 'H': o->list_columns = true; break;
		case 'h': print_top_help(); return 1;
		default: getopt_error(c, argv, longopts); return -1;
		}
	}
	if (optind < argc) {
		char *e = str_escape(argv[optind], strlen(argv[optind]));
		usage_error("unexpected argument: '%s' (use --cgroup PATTERN)", e);
		free(e);
		return -1;
	}
	return 0;
}

unsigned top_want_of_col(int id)
{
	switch (id) {
	case TCOL_TASKS: return CGW_PROCS;
	case TCOL_CPU: return CGW_CPU;
	case TCOL_CPULIMIT: return CGW_CPULIMIT;
	case TCOL_MEM: return CGW_MEMORY;
	case TCOL_MEMLIMIT: return CGW_MEMLIMIT;
	case TCOL_MEMPCT: return CGW_MEMORY | CGW_MEMLIMIT;
	case TCOL_PIDS: case TCOL_PIDSLIMIT: return CGW_PIDS;
	case TCOL_IOREAD: case TCOL_IOWRITE: case TSORT_IO: return CGW_IO;
	case TCOL_NETRX: case TCOL_NETTX: case TSORT_NET: return TOPW_NET;
	case TCOL_OOMKILLS: return CGW_OOM;
	case TCOL_THROTTLED: return CGW_THROTTLE;
	case TCOL_CPUPSI: case TCOL_MEMPSI: case TCOL_IOPSI: return CGW_PSI;
	default: return 0;
	}
}

/* ---- names of Docker/Podman containers, asked again only for new ids ---- */

static bool is_docker_like(const struct cgroup *cg)
{
	return cg->in_container &&
	       (!strcmp(cg->container.runtime, "docker") || !strcmp(cg->container.runtime, "podman"));
}

static void refresh_names(struct top_ctx *ctx)
{
	const struct cgroup_tree *t = &ctx->s.tree;
	bool missing = false, podman = false;
	for (size_t i = 0; i < t->n && !missing; i++) {
		const struct cgroup *cg = t->all[i];
		if (is_docker_like(cg) && !docker_names_find(&ctx->dn, cg->container.id) &&
		    !hmap_get(&ctx->names_asked, top_id_key(cg->container.id)))
			missing = true;
	}
	if (!missing)
		return;
	const char **ids = xcalloc(t->n ? t->n : 1, sizeof(*ids));
	size_t nids = 0;
	for (size_t i = 0; i < t->n; i++) {
		const struct cgroup *cg = t->all[i];
		if (!is_docker_like(cg) || !top_is_container_root(cg))
			continue;
		ids[nids++] = cg->container.id;
		hmap_put(&ctx->names_asked, top_id_key(cg->container.id), (void *)1);
		if (!strcmp(cg->container.runtime, "podman"))
			podman = true;
	}
	docker_names_free(&ctx->dn);
	docker_names_load(&ctx->dn, &ctx->cli->root, ids, nids, podman);
	free(ids);
}

uint64_t top_id_key(const char *s)
{
	uint64_t h = 14695981039346656037ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h ? h : 1;
}

const char *top_container_name(const struct top_ctx *ctx, const struct cgroup *cg, char *buf,
			       size_t len)
{
	if (!cg->in_container)
		return NULL;
	if (is_docker_like(cg)) {
		const struct docker_container *d = docker_names_find(&ctx->dn, cg->container.id);
		if (d && d->name)
			return d->name;
	}
	const struct container_ref *c = &cg->container;
	if (!strcmp(c->runtime, "k8s"))
		snprintf(buf, len, "%.8s", c->pod);
	else if (!strcmp(c->runtime, "lxc") || !strcmp(c->runtime, "nspawn"))
		snprintf(buf, len, "%s", c->id);
	else
		snprintf(buf, len, "%.12s", c->id);
	return buf;
}

static const char *container_image(const struct top_ctx *ctx, const struct cgroup *cg)
{
	if (!is_docker_like(cg))
		return NULL;
	const struct docker_container *d = docker_names_find(&ctx->dn, cg->container.id);
	return d ? d->image : NULL;
}

/* ---- values ---- */

void top_value(const struct top_ctx *ctx, const struct top_row *row, int col, struct top_val *v)
{
	const struct cgroup *cg = row->cg;
	const struct cg_values *cv = &cg->v;
	memset(v, 0, sizeof(*v));
	v->kind = TV_NONE;
	switch (col) {
	case TCOL_PATH:
		v->kind = TV_STR;
		v->str = cg->path;
		return;
	case TCOL_NAME:
		v->str = top_container_name(ctx, cg, v->sbuf, sizeof(v->sbuf));
		v->kind = v->str ? TV_STR : TV_NONE;
		return;
	case TCOL_CONTAINER:
		if (cg->in_container) {
			container_label(&cg->container, v->sbuf, sizeof(v->sbuf));
			v->str = v->sbuf;
			v->kind = TV_STR;
		}
		return;
	case TCOL_IMAGE:
		v->str = container_image(ctx, cg);
		v->kind = v->str ? TV_STR : TV_NONE;
		return;
	default:
		break;
	}
	uint64_t u = CG_UNSET;
	double d = TOP_NA;
	v->fmt = TF_COUNT;
	switch (col) {
	case TCOL_TASKS:
		if (cg->procs_known)
			u = cg->nprocs;
		break;
	case TCOL_CPU: d = row->r.cpu_pct; v->fmt = TF_PCT; goto rate;
	case TCOL_CPULIMIT:
		v->fmt = TF_CPUS;
		if (cv->cpu_quota_us == CG_UNLIMITED) {
			v->kind = TV_UNLIMITED;
			return;
		}
		if (cv->cpu_quota_us != CG_UNSET && cv->cpu_period_us != CG_UNSET && cv->cpu_period_us) {
			v->kind = TV_NUM;
			v->num = (double)cv->cpu_quota_us / (double)cv->cpu_period_us;
		}
		return;
	case TCOL_MEM: u = cv->mem_usage; v->fmt = TF_SIZE; break;
	case TCOL_MEMLIMIT: u = cv->mem_max; v->fmt = TF_SIZE; break;
	case TCOL_MEMPCT:
		v->fmt = TF_PCT;
		if (cv->mem_usage < CG_UNLIMITED && cv->mem_max < CG_UNLIMITED && cv->mem_max) {
			v->kind = TV_NUM;
			v->num = (double)cv->mem_usage * 100.0 / (double)cv->mem_max;
		}
		return;
	case TCOL_PIDS: u = cv->pids_current; break;
	case TCOL_PIDSLIMIT: u = cv->pids_max; break;
	case TCOL_IOREAD: d = row->r.io_rps; v->fmt = TF_RATE; goto rate;
	case TCOL_IOWRITE: d = row->r.io_wps; v->fmt = TF_RATE; goto rate;
	case TCOL_NETRX: d = row->has_net ? row->net_rx : TOP_NA; v->fmt = TF_RATE; goto rate;
	case TCOL_NETTX: d = row->has_net ? row->net_tx : TOP_NA; v->fmt = TF_RATE; goto rate;
	case TCOL_OOMKILLS: u = cv->oom_kill; break;
	case TCOL_THROTTLED: d = row->r.throttled_pct; v->fmt = TF_PCT; goto rate;
	case TCOL_CPUPSI: case TCOL_MEMPSI: case TCOL_IOPSI: {
		const struct cg_psi *p = col == TCOL_CPUPSI ? &cv->psi_cpu
					 : col == TCOL_MEMPSI ? &cv->psi_memory : &cv->psi_io;
		v->fmt = TF_PSI;
		if (p->some.have) {
			v->kind = TV_NUM;
			v->num = p->some.avg10 / 100.0;
		}
		return;
	}
	case TSORT_IO: case TSORT_NET: {
		struct top_val a, b;
		top_value(ctx, row, col == TSORT_IO ? TCOL_IOREAD : TCOL_NETRX, &a);
		top_value(ctx, row, col == TSORT_IO ? TCOL_IOWRITE : TCOL_NETTX, &b);
		*v = a;
		if (a.kind == TV_NUM && b.kind == TV_NUM)
			v->num = a.num + b.num;
		else if (b.kind == TV_NUM)
			*v = b;
		return;
	}
	}
	if (u == CG_UNLIMITED)
		v->kind = TV_UNLIMITED;
	else if (u != CG_UNSET) {
		v->kind = TV_NUM;
		v->num = (double)u;
	}
	return;
rate:
	if (d >= 0) {
		v->kind = TV_NUM;
		v->num = d;
	}
}

/* "456M", "1.5G", as lsblk prints sizes. */
static char *human_size(double bytes)
{
	static const char units[] = "BKMGTPE";
	int exp = 0;
	while (bytes >= 1024 && exp < 6) {
		bytes /= 1024;
		exp++;
	}
	if (exp == 0)
		return xasprintf("%.0fB", bytes);
	if (bytes >= 9.95 || fabs(bytes - round(bytes)) < 0.05)
		return xasprintf("%.0f%c", round(bytes), units[exp]);
	return xasprintf("%.1f%c", bytes, units[exp]);
}

char *top_value_text(const struct top_val *v)
{
	switch (v->kind) {
	case TV_NONE: return xstrdup("-");
	case TV_UNLIMITED: return xstrdup("max");
	case TV_STR: return str_escape(v->str, strlen(v->str));
	case TV_NUM: break;
	}
	switch (v->fmt) {
	case TF_PCT: case TF_PSI: return xasprintf("%.1f", v->num);
	case TF_SIZE: return human_size(v->num);
	case TF_RATE: return human_size(v->num);
	case TF_CPUS: {
		char *s = xasprintf("%.2f", v->num);
		size_t len = strlen(s);
		while (len > 1 && s[len - 1] == '0')
			s[--len] = '\0';
		if (s[len - 1] == '.')
			s[--len] = '\0';
		return s;
	}
	case TF_COUNT: break;
	}
	return xasprintf("%.0f", v->num);
}

/* A number with at most two decimals, printed as such ("25.45", not
 * json-c's "25.449999999999999"). */
static struct json_object *json_decimal(double d)
{
	char text[48];
	snprintf(text, sizeof(text), "%.2f", d);
	size_t len = strlen(text);
	while (len > 1 && text[len - 1] == '0')
		text[--len] = '\0';
	if (text[len - 1] == '.')
		text[--len] = '\0';
	return json_object_new_double_s(d, text);
}

static struct json_object *value_json(const struct top_val *v)
{
	switch (v->kind) {
	case TV_NONE: return NULL;
	case TV_UNLIMITED: return json_object_new_string("max");
	case TV_STR: {
		char *e = str_escape(v->str, strlen(v->str));
		struct json_object *o = json_object_new_string(e);
		free(e);
		return o;
	}
	case TV_NUM: break;
	}
	switch (v->fmt) {
	case TF_PCT: case TF_PSI: case TF_CPUS:
		return json_decimal(v->num);
	case TF_RATE: case TF_SIZE: case TF_COUNT: break;
	}
	return json_object_new_int64((int64_t)llround(v->num));
}

/* ---- selecting and ordering rows ---- */

static bool row_matches(const struct top_ctx *ctx, const struct top_row *row)
{
	const struct top_opts *o = ctx->o;
	const struct cgroup *cg = row->cg;
	char buf[64];
	if (o->depth >= 0 && (int)cg->depth > o->depth)
		return false;
	if (o->containers && !row->container_root)
		return false;
	const char *name = top_container_name(ctx, cg, buf, sizeof(buf));
	if (o->pattern && !cgroup_matches_pattern(cg, o->pattern, o->pattern_is_runtime, name))
		return false;
	if (ctx->filter && *ctx->filter && !cgroup_matches_pattern(cg, ctx->filter, false, name))
		return false;
	return true;
}

static int cmp_rows(const struct top_ctx *ctx, const struct top_row *a, const struct top_row *b)
{
	struct top_val va, vb;
	top_value(ctx, a, ctx->sort, &va);
	top_value(ctx, b, ctx->sort, &vb);
	int r;
	if (va.kind == TV_STR || vb.kind == TV_STR) {
		/* text ascending */
		r = strcmp(va.kind == TV_STR ? va.str : "", vb.kind == TV_STR ? vb.str : "");
	} else {
		/* numbers descending, unlimited above all, unknown below all */
		double x = va.kind == TV_NUM ? va.num : va.kind == TV_UNLIMITED ? INFINITY : -INFINITY;
		double y = vb.kind == TV_NUM ? vb.num : vb.kind == TV_UNLIMITED ? INFINITY : -INFINITY;
		r = x < y ? 1 : x > y ? -1 : 0;
	}
	if (ctx->reverse)
		r = -r;
	return r ? r : strcmp(a->cg->path, b->cg->path);
}

static const struct top_ctx *sort_ctx; /* qsort has no context argument */

static int cmp_rows_q(const void *a, const void *b)
{
	return cmp_rows(sort_ctx, *(struct top_row *const *)a, *(struct top_row *const *)b);
}

static void sort_rows(const struct top_ctx *ctx, struct top_row **v, size_t n)
{
	sort_ctx = ctx;
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_rows_q);
}

static void add_tree(struct top_ctx *ctx, const unsigned char *shown, struct hmap *index,
		     struct top_row *row, unsigned level)
{
	ctx->order[ctx->norder] = row;
	ctx->level[ctx->norder++] = level;
	const struct cgroup *cg = row->cg;
	struct top_row **kids = xcalloc(cg->nchildren ? cg->nchildren : 1, sizeof(*kids));
	size_t nk = 0;
	for (size_t i = 0; i < cg->nchildren; i++) {
		size_t j = (size_t)(uintptr_t)hmap_get(index, (uint64_t)(uintptr_t)cg->children[i]);
		if (j && shown[j - 1])
			kids[nk++] = &ctx->s.rows[j - 1];
	}
	sort_rows(ctx, kids, nk);
	for (size_t i = 0; i < nk; i++)
		add_tree(ctx, shown, index, kids[i], level + 1);
	free(kids);
}

void top_build_order(struct top_ctx *ctx)
{
	size_t n = ctx->s.tree.n;
	free(ctx->order);
	free(ctx->level);
	ctx->order = xcalloc(n ? n : 1, sizeof(*ctx->order));
	ctx->level = xcalloc(n ? n : 1, sizeof(*ctx->level));
	ctx->norder = 0;
	unsigned char *shown = xcalloc(n ? n : 1, 1);
	for (size_t i = 0; i < n; i++)
		shown[i] = row_matches(ctx, &ctx->s.rows[i]);
	if (!ctx->tree) {
		for (size_t i = 0; i < n; i++)
			if (shown[i])
				ctx->order[ctx->norder++] = &ctx->s.rows[i];
		sort_rows(ctx, ctx->order, ctx->norder);
		free(shown);
		return;
	}
	/* the tree: matches and their ancestors, siblings sorted */
	struct hmap index = { 0 };
	for (size_t i = 0; i < n; i++)
		hmap_put(&index, (uint64_t)(uintptr_t)ctx->s.tree.all[i], (void *)(uintptr_t)(i + 1));
	for (size_t i = n; i-- > 0;) {
		if (shown[i] != 1)
			continue;
		for (const struct cgroup *up = ctx->s.tree.all[i]->parent; up; up = up->parent) {
			size_t j = (size_t)(uintptr_t)hmap_get(&index, (uint64_t)(uintptr_t)up) - 1;
			if (shown[j])
				break;
			shown[j] = 2;
		}
	}
	if (n && shown[0])
		add_tree(ctx, shown, &index, &ctx->s.rows[0], 0);
	hmap_free(&index);
	free(shown);
}

/* ---- output ---- */

struct libscols_table *top_table(struct top_ctx *ctx, const struct outopts *out,
				 const size_t *pick, size_t npick)
{
	struct libscols_table *tb = table_new(out, "cgroups");
	bool tree = ctx->tree && columns_has(&ctx->cols, TCOL_PATH);
	table_add_columns(tb, top_infos, &ctx->cols, out, tree ? TCOL_PATH : -1);
	struct libscols_line **stack = xcalloc(ctx->norder + 1, sizeof(*stack));
	size_t nlines = pick ? npick : ctx->norder;
	for (size_t k = 0; k < nlines; k++) {
		size_t r = pick ? pick[k] : k;
		const struct top_row *row = ctx->order[r];
		unsigned level = ctx->level[r];
		struct libscols_line *parent = tree && level ? stack[level - 1] : NULL;
		struct libscols_line *ln = scols_table_new_line(tb, parent);
		if (!ln) {
			error_msg("cannot create output line");
			exit(1);
		}
		if (tree)
			stack[level] = ln;
		for (size_t i = 0; i < ctx->cols.n; i++) {
			int col = ctx->cols.id[i];
			if (col == TCOL_PATH && tree) {
				cell_set(ln, i, row->cg->name);
				continue;
			}
			struct top_val v;
			top_value(ctx, row, col, &v);
			if (v.kind == TV_NONE && (col == TCOL_NAME || col == TCOL_CONTAINER || col == TCOL_IMAGE))
				continue;
			cell_set_owned(ln, i, top_value_text(&v));
		}
	}
	free(stack);
	return tb;
}

static char *fmt_load(const struct top_host *h)
{
	if (!h->load_known)
		return xstrdup("?");
	return xasprintf("%u.%02u %u.%02u %u.%02u", h->load[0] / 100, h->load[0] % 100,
			 h->load[1] / 100, h->load[1] % 100, h->load[2] / 100, h->load[2] % 100);
}

char *top_host_text(const struct top_ctx *ctx)
{
	const struct top_host *h = &ctx->s.host;
	char *load = fmt_load(h);
	char *used = h->mem_used != CG_UNSET ? human_size((double)h->mem_used) : xstrdup("?");
	char *total = h->mem_total != CG_UNSET ? human_size((double)h->mem_total) : xstrdup("?");
	char *s = xasprintf("CPUs %ld  load %s  memory %s/%s  cgroups %zu  containers %zu  "
			    "namespaces %zu  processes %zu",
			    h->ncpus, load, used, total, h->ncgroups, h->ncontainers, h->nnamespaces,
			    h->nprocs);
	free(load);
	free(used);
	free(total);
	return s;
}

static void print_json_line(struct top_ctx *ctx)
{
	const struct top_host *h = &ctx->s.host;
	struct json_object *root = json_object_new_object();
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	char when[32];
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_object_object_add(root, "time", json_object_new_string(when));
	json_object_object_add(root, "interval",
			       json_decimal((double)ctx->s.dt_ns / 1e9));
	struct json_object *host = json_object_new_object();
	json_object_object_add(host, "cpus", json_object_new_int64(h->ncpus));
	if (h->load_known) {
		struct json_object *load = json_object_new_array();
		for (int i = 0; i < 3; i++)
			json_object_array_add(load, json_decimal(h->load[i] / 100.0));
		json_object_object_add(host, "load", load);
	} else {
		json_object_object_add(host, "load", NULL);
	}
	json_object_object_add(host, "mem_used", h->mem_used != CG_UNSET
				 ? json_object_new_int64((int64_t)h->mem_used) : NULL);
	json_object_object_add(host, "mem_total", h->mem_total != CG_UNSET
				 ? json_object_new_int64((int64_t)h->mem_total) : NULL);
	json_object_object_add(host, "cgroups", json_object_new_int64((int64_t)h->ncgroups));
	json_object_object_add(host, "containers", json_object_new_int64((int64_t)h->ncontainers));
	json_object_object_add(host, "namespaces", json_object_new_int64((int64_t)h->nnamespaces));
	json_object_object_add(host, "processes", json_object_new_int64((int64_t)h->nprocs));
	json_object_object_add(root, "host", host);
	struct json_object *rows = json_object_new_array();
	for (size_t r = 0; r < ctx->norder; r++) {
		struct json_object *o = json_object_new_object();
		for (size_t i = 0; i < ctx->cols.n; i++) {
			int col = ctx->cols.id[i];
			char key[32];
			size_t k = 0;
			for (const char *p = top_infos[col].name; *p && k + 1 < sizeof(key); p++)
				key[k++] = (char)tolower((unsigned char)*p);
			key[k] = '\0';
			struct top_val v;
			top_value(ctx, ctx->order[r], col, &v);
			json_object_object_add(o, key, value_json(&v));
		}
		json_object_array_add(rows, o);
	}
	json_object_object_add(root, "cgroups", rows);
	puts(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
	json_object_put(root);
}

static int print_iteration(struct top_ctx *ctx, unsigned long n)
{
	top_build_order(ctx);
	if (ctx->o->out.json) {
		print_json_line(ctx);
	} else {
		if (n > 0)
			putchar('\n');
		if (!ctx->o->out.raw && !ctx->o->out.noheadings) {
			char when[16];
			time_t now = time(NULL);
			struct tm tm;
			localtime_r(&now, &tm);
			strftime(when, sizeof(when), "%H:%M:%S", &tm);
			char *host = top_host_text(ctx);
			printf("nsinspect top - %s  interval %.2fs\n%s\n", when, (double)ctx->s.dt_ns / 1e9,
			       host);
			free(host);
		}
		struct libscols_table *tb = top_table(ctx, &ctx->o->out, NULL, 0);
		int rc = table_print(tb);
		scols_unref_table(tb);
		if (rc < 0)
			return -1;
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		return -1;
	return 0;
}

int top_take_sample(struct top_ctx *ctx)
{
	int err = top_sample(&ctx->s);
	if (err) {
		error_msg("cannot read %s/proc/self/mountinfo: %s", ctx->cli->root.shown, strerror(-err));
		return -1;
	}
	if (!ctx->s.tree.root) {
		error_msg("no cgroup hierarchy is mounted under %s/", ctx->cli->root.shown);
		return -1;
	}
	if (ctx->need_names)
		refresh_names(ctx);
	return 0;
}

void top_sleep(double seconds)
{
	struct timespec ts = { (time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9) };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* The first sample only primes the rates: the first rows printed come
 * from a second one, a short moment later. */
#define PRIME_SECONDS 0.25

/* What the priming sample reads: only the counters of the rates, as it is
 * never printed. */
#define TOP_RATE_WANT (CGW_CPU | CGW_IO | CGW_THROTTLE | TOPW_NET)

static int run_batch(struct top_ctx *ctx)
{
	unsigned want = ctx->s.want;
	ctx->s.want &= TOP_RATE_WANT;
	if (top_take_sample(ctx) < 0)
		return 1;
	ctx->s.want = want;
	top_sleep(ctx->o->delay < PRIME_SECONDS ? ctx->o->delay : PRIME_SECONDS);
	for (unsigned long n = 0;; n++) {
		if (top_take_sample(ctx) < 0)
			return 1;
		if (print_iteration(ctx, n) < 0)
			return errno == EPIPE ? 0 : 1;
		if (ctx->o->iterations && (long)(n + 1) >= ctx->o->iterations)
			return 0;
		top_sleep(ctx->o->delay);
	}
}

void top_ctx_free(struct top_ctx *ctx)
{
	top_sampler_free(&ctx->s);
	docker_names_free(&ctx->dn);
	hmap_free(&ctx->names_asked);
	free(ctx->order);
	free(ctx->level);
	free(ctx->filter);
}

int cmd_top(struct cli *cli, int argc, char **argv)
{
	struct top_opts o = { 0 };
	int rc = parse_top_args(cli, argc, argv, &o);
	if (rc)
		return rc < 0 ? EXIT_USAGE : 0;
	if (o.list_columns) {
		columns_print_help(stdout, top_infos, top_ninfos);
		return 0;
	}
	static const int defaults[] = { TCOL_PATH, TCOL_NAME, TCOL_TASKS, TCOL_CPU, TCOL_CPULIMIT,
					TCOL_MEM, TCOL_MEMLIMIT, TCOL_MEMPCT, TCOL_PIDS, TCOL_IOREAD,
					TCOL_IOWRITE, TCOL_NETRX, TCOL_NETTX, TCOL_THROTTLED,
					TCOL_CPUPSI, TCOL_MEMPSI, TCOL_IOPSI };
	struct top_ctx ctx = { .o = &o, .cli = cli, .sort = o.sort, .reverse = o.reverse };
	if (columns_select(top_infos, top_ninfos, defaults, ARRAY_SIZE(defaults), &o.out, &ctx.cols) < 0)
		return EXIT_USAGE;
	bool live = !o.batch && !o.out.json && isatty(STDOUT_FILENO) && isatty(STDIN_FILENO);
	ctx.tree = !o.list && !o.containers && !o.out.json && !o.out.raw;
	unsigned want = top_want_of_col(o.sort), want_rows = 0;
	for (size_t i = 0; i < ctx.cols.n; i++)
		want |= top_want_of_col(ctx.cols.id[i]);
	if (live) {
		/* Every cgroup for the sort key, the rows on screen for the
		 * rest and the processes view.  CPU for all too: it is the
		 * column people watch, and a rate shows only once a row was
		 * read in two samples in a row. */
		want_rows = want | CGW_PROCS;
		want = top_live_want(o.sort);
	}
	ctx.need_names = columns_has(&ctx.cols, TCOL_NAME) || columns_has(&ctx.cols, TCOL_IMAGE) ||
			 (o.pattern && !o.pattern_is_runtime) || live;
	/* the header's process and namespace counts: 8 links read per new
	 * process, so only when a header is printed */
	bool counts = live || o.out.json || (!o.out.raw && !o.out.noheadings);
	top_sampler_init(&ctx.s, &cli->root, want, want_rows, counts);
	rc = live ? top_run_live(&ctx) : run_batch(&ctx);
	top_ctx_free(&ctx);
	return rc;
}
