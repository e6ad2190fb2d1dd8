/* The rendering layer: column descriptor tables, -o parsing and the thin
 * wrapper over libsmartcols that every command uses for tables, trees and
 * JSON.  Untrusted text is escaped here, on its way into a cell. */
#ifndef NSINSPECT_OUTPUT_H
#define NSINSPECT_OUTPUT_H

#include <libsmartcols.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* One column of a command's descriptor table (as util-linux does it). */
struct colinfo {
	const char *name;
	double whint;   /* width hint; < 1 is a fraction of the terminal */
	int flags;      /* SCOLS_FL_* */
	int json_type;  /* SCOLS_JSON_* */
	const char *help;
	/* With SCOLS_FL_WRAP: wrap at this character (',' for a list, ' ' for
	 * prose) to the column's width on a terminal; 0 wraps at newlines. */
	char wrap_at;
};

/* Output options common to every command. */
struct outopts {
	bool json;
	bool raw;
	bool noheadings;
	bool notruncate;
	bool nowrap;
	bool output_all;
	const char *columns; /* -o argument; "+LIST" appends to the defaults */
};

#define MAX_COLUMNS 64

struct columns {
	int id[MAX_COLUMNS];
	size_t n;
};

/* Builds the column list from defaults, -o and --output-all.  Prints a
 * usage error naming the bad column and returns -1 on failure; also
 * refuses -J with -r and -o with --output-all, so that every command does.  A column named twice
 * is shown once. */
int columns_select(const struct colinfo *infos, size_t ninfos, const int *defaults,
		   size_t ndefaults, const struct outopts *o, struct columns *out);
bool columns_has(const struct columns *c, int id);
/* Prints "NAME  help" for each column, for -H/--list-columns. */
void columns_print_help(FILE *f, const struct colinfo *infos, size_t ninfos);

/* A new table set up for o; json_name is the top-level JSON array key. */
struct libscols_table *table_new(const struct outopts *o, const char *json_name);
/* Adds the selected columns; tree_col is the column id that draws the tree
 * (-1 for none).  JSON keys are the lower-cased column names. */
void table_add_columns(struct libscols_table *tb, const struct colinfo *infos,
		       const struct columns *cols, const struct outopts *o, int tree_col);
/* Prints the table; returns 0 or -1 on a write error (message printed). */
int table_print(struct libscols_table *tb);

/* Sets cell i of ln to untrusted text, escaped; NULL leaves it empty. */
void cell_set(struct libscols_line *ln, size_t i, const char *text);
/* Takes ownership of an already-clean string. */
void cell_set_owned(struct libscols_line *ln, size_t i, char *text);
void cell_set_u64(struct libscols_line *ln, size_t i, unsigned long long v);
void cell_set_int(struct libscols_line *ln, size_t i, long long v);
/* An unknown value: "?" in tables, null in JSON. */
void cell_set_unknown(struct libscols_line *ln, size_t i, const struct outopts *o);

#endif
