#include "output.h"

#include <ctype.h>
#include <errno.h>
#include <langinfo.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

#include "cli.h"
#include "util.h"

static int column_by_name(const struct colinfo *infos, size_t ninfos, const char *name, size_t len)
{
	for (size_t i = 0; i < ninfos; i++)
		if (strlen(infos[i].name) == len && strncasecmp(infos[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

static int add_column(struct columns *out, int id)
{
	if (out->n >= MAX_COLUMNS) {
		usage_error("too many columns");
		return -1;
	}
	out->id[out->n++] = id;
	return 0;
}

int columns_select(const struct colinfo *infos, size_t ninfos, const int *defaults,
		   size_t ndefaults, const struct outopts *o, struct columns *out)
{
	const char *arg = o->columns;

	out->n = 0;
	/* as lsns: JSON and raw output exclude each other, wherever given */
	if (o->json && o->raw) {
		usage_error("options --json and --raw are mutually exclusive");
		return -1;
	}
	/* --output-all would silently drop the list (and its typos) */
	if (o->output_all && arg) {
		usage_error("options --output and --output-all are mutually exclusive");
		return -1;
	}
	if (o->output_all) {
		for (size_t i = 0; i < ninfos; i++)
			add_column(out, (int)i);
		return 0;
	}
	if (!arg || *arg == '+') {
		for (size_t i = 0; i < ndefaults; i++)
			add_column(out, defaults[i]);
		if (!arg)
			return 0;
		arg++;
	}
	if (!*arg) {
		usage_error("empty column list");
		return -1;
	}
	for (const char *p = arg;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		int id = column_by_name(infos, ninfos, p, len);
		if (id < 0) {
			char *bad = str_escape(p, len);
			usage_error("unknown column: '%s'", bad);
			free(bad);
			return -1;
		}
		if (!columns_has(out, id) && add_column(out, id) < 0)
			return -1;
		if (!comma)
			break;
		p = comma + 1;
	}
	return 0;
}

bool columns_has(const struct columns *c, int id)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->id[i] == id)
			return true;
	return false;
}

void columns_print_help(FILE *f, const struct colinfo *infos, size_t ninfos)
{
	for (size_t i = 0; i < ninfos; i++)
		fprintf(f, " %12s  %s\n", infos[i].name, infos[i].help);
}

struct libscols_table *table_new(const struct outopts *o, const char *json_name)
{
	struct libscols_table *tb = scols_new_table();
	if (!tb) {
		fputs("nsinspect: cannot create output table\n", stderr);
		exit(1);
	}
	scols_table_enable_json(tb, o->json);
	scols_table_enable_raw(tb, o->raw);
	scols_table_enable_noheadings(tb, o->noheadings);
	/* cell_set() already escaped untrusted text to \xNN; encoding it again
	 * would print "\x5cx1b".  Raw output keeps libsmartcols' encoding,
	 * which also protects the spaces between its fields. */
	scols_table_enable_noencoding(tb, !o->raw && !o->json);
	/* Without encoding, libsmartcols 2.38 measures a cell with
	 * mbs_nwidth(), which loops forever on bytes the locale cannot decode:
	 * a process or cgroup named "café" hung every table under LANG=C.
	 * Outside UTF-8 locales table cells are plain ASCII (é is \xc3\xa9,
	 * as libsmartcols writes it in raw output). */
	str_escape_set_ascii(!o->raw && !o->json && strcmp(nl_langinfo(CODESET), "UTF-8") != 0);
	scols_table_set_name(tb, json_name);
	return tb;
}

/* Wrapping at a separator (colinfo.wrap_at): as many pieces per line as
 * the column's width holds; the separator where a line ends is dropped.
 * The narrowest the column may get is its longest piece, and for prose
 * (words) a quarter of the terminal, up to 36: narrower, a sentence
 * becomes a word per line. */
static size_t wrap_chunksize(const struct libscols_column *cl, const char *data, void *sep)
{
	size_t longest = 0, len = strlen(data);
	for (const char *p = data; p;) {
		const char *end = strchr(p, *(const char *)sep);
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n > longest)
			longest = n;
		p = end ? end + 1 : NULL;
	}
	if (*(const char *)sep == ' ') {
		size_t quarter = scols_table_get_termwidth(scols_column_get_table(cl)) / 4;
		size_t prose_min = quarter < 36 ? quarter : 36;
		if (longest < prose_min)
			longest = len < prose_min ? len : prose_min;
	}
	return longest;
}

static char *wrap_nextchunk(const struct libscols_column *cl, char *data, void *sep)
{
	size_t width = scols_column_get_width(cl);
	if (!data || !width || strlen(data) <= width)
		return NULL;
	char *cut = NULL;
	for (char *p = data; (p = strchr(p, *(const char *)sep)) && (size_t)(p - data) <= width; p++)
		cut = p;
	if (!cut) /* one piece wider than the column: it runs over */
		cut = strchr(data, *(const char *)sep);
	if (!cut)
		return NULL;
	*cut = '\0';
	return cut + 1;
}

void table_add_columns(struct libscols_table *tb, const struct colinfo *infos,
		       const struct columns *cols, const struct outopts *o, int tree_col)
{
	for (size_t i = 0; i < cols->n; i++) {
		const struct colinfo *ci = &infos[cols->id[i]];
		int flags = ci->flags;

		if (o->notruncate)
			flags &= ~SCOLS_FL_TRUNC;
		if (o->nowrap)
			flags &= ~SCOLS_FL_WRAP;
		/* a right-aligned tree column would push the glyphs apart */
		if (cols->id[i] == tree_col)
			flags = (flags & ~SCOLS_FL_RIGHT) | SCOLS_FL_TREE;
		struct libscols_column *cl = scols_table_new_column(tb, ci->name, ci->whint, flags);
		if (!cl) {
			fputs("nsinspect: cannot create output column\n", stderr);
			exit(1);
		}
		if (o->json) {
			/* JSON keys are the lower-cased column names, as in lsns -J */
			char key[64];
			size_t k = 0;
			for (; ci->name[k] && k + 1 < sizeof(key); k++)
				key[k] = (char)tolower((unsigned char)ci->name[k]);
			key[k] = '\0';
			scols_column_set_json_type(cl, ci->json_type);
			scols_cell_set_data(scols_column_get_header(cl), key);
		}
		/* off a terminal a row stays one line (scripts, grep) */
		if (ci->wrap_at && (o->json || o->raw || !isatty(STDOUT_FILENO)))
			flags &= ~SCOLS_FL_WRAP;
		if ((flags & SCOLS_FL_WRAP) && ci->wrap_at) {
			scols_column_set_wrapfunc(cl, wrap_chunksize, wrap_nextchunk, (void *)&ci->wrap_at);
		} else if (flags & SCOLS_FL_WRAP) {
			scols_column_set_wrapfunc(cl, scols_wrapnl_chunksize, scols_wrapnl_nextchunk, NULL);
			scols_column_set_safechars(cl, "\n");
		}
	}
}

int table_print(struct libscols_table *tb)
{
	scols_print_table(tb);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			return 0;
		fprintf(stderr, "nsinspect: write error: %s\n", strerror(errno ? errno : EIO));
		/* reported once: drop what cannot be written, so that closing
		 * stdout at exit does not fail and report it again */
		__fpurge(stdout);
		clearerr(stdout);
		return -1;
	}
	return 0;
}

void cell_set(struct libscols_line *ln, size_t i, const char *text)
{
	if (!text)
		return;
	cell_set_owned(ln, i, str_escape(text, strlen(text)));
}

void cell_set_owned(struct libscols_line *ln, size_t i, char *text)
{
	if (scols_line_refer_data(ln, i, text) != 0)
		free(text);
}

void cell_set_u64(struct libscols_line *ln, size_t i, unsigned long long v)
{
	cell_set_owned(ln, i, xasprintf("%llu", v));
}

void cell_set_int(struct libscols_line *ln, size_t i, long long v)
{
	cell_set_owned(ln, i, xasprintf("%lld", v));
}

void cell_set_unknown(struct libscols_line *ln, size_t i, const struct outopts *o)
{
	if (!o->json)
		scols_line_set_data(ln, i, "?");
}
