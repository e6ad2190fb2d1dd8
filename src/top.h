/* Shared between the two renderers of `nsinspect top`: cmd_top.c (options,
 * rows, batch and JSON output) and top_ui.c (the live ncurses view). */
#ifndef NSINSPECT_TOP_H
#define NSINSPECT_TOP_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "docker.h"
#include "output.h"
#include "topsample.h"

enum {
	TCOL_PATH, TCOL_NAME, TCOL_CONTAINER, TCOL_IMAGE, TCOL_TASKS, TCOL_CPU, TCOL_CPULIMIT,
	TCOL_MEM, TCOL_MEMLIMIT, TCOL_MEMPCT, TCOL_PIDS, TCOL_PIDSLIMIT, TCOL_IOREAD, TCOL_IOWRITE,
	TCOL_NETRX, TCOL_NETTX, TCOL_OOMKILLS, TCOL_THROTTLED, TCOL_CPUPSI, TCOL_MEMPSI, TCOL_IOPSI,
	/* sort keys that are not columns */
	TSORT_IO = 100, /* IOREAD + IOWRITE */
	TSORT_NET,      /* NETRX + NETTX */
};

extern const struct colinfo top_infos[];
extern const size_t top_ninfos;

struct top_opts {
	struct outopts out;
	bool batch;
	long iterations; /* 0: until stopped */
	double delay;
	const char *pattern;
	bool pattern_is_runtime;
	int depth; /* -1: no limit */
	bool containers;
	bool list;
	int sort;
	bool reverse;
	bool list_columns;
};

struct top_ctx {
	struct top_opts *o;
	struct cli *cli;
	struct top_sampler s;
	struct columns cols;
	struct docker_names dn;
	struct hmap names_asked; /* ids looked up already, answered or not */
	bool need_names;
	bool tree;
	int sort;
	bool reverse;
	char *filter;            /* the live view's / filter */
	struct top_row **order;  /* rows shown, in display order */
	unsigned *level;         /* their depth in the tree shown */
	size_t norder;
};

/* One cell's value, for sorting, text and JSON alike. */
enum top_val_kind { TV_NONE, TV_UNLIMITED, TV_NUM, TV_STR };
enum top_fmt { TF_COUNT, TF_PCT, TF_SIZE, TF_RATE, TF_CPUS, TF_PSI };
struct top_val {
	enum top_val_kind kind;
	enum top_fmt fmt;
	double num;
	const char *str; /* untrusted */
	char sbuf[64];
};

void top_value(const struct top_ctx *ctx, const struct top_row *row, int col, struct top_val *v);
/* The text of a value, escaped; "-" unknown, "max" unlimited. */
char *top_value_text(const struct top_val *v);
const char *top_container_name(const struct top_ctx *ctx, const struct cgroup *cg, char *buf,
			       size_t len);
int top_sort_from_name(const char *name);
/* What the sampler must read for a column or sort key (CGW_*, TOPW_NET). */
unsigned top_want_of_col(int id);
/* What the live view reads for every cgroup with this sort key. */
static inline unsigned top_live_want(int sort)
{
	return CGW_CPU | top_want_of_col(sort);
}
uint64_t top_id_key(const char *s);
void top_build_order(struct top_ctx *ctx);
/* The table of the rows in ctx->order, or of those at the indexes pick
 * (in order; in tree mode a row's parent must come before it). */
struct libscols_table *top_table(struct top_ctx *ctx, const struct outopts *out,
				 const size_t *pick, size_t npick);
char *top_host_text(const struct top_ctx *ctx);
int top_take_sample(struct top_ctx *ctx);
void top_sleep(double seconds);

/* The live view; returns the exit status. */
int top_run_live(struct top_ctx *ctx);

#endif
