/* The live ncurses view of `nsinspect top`.  One loop waits with poll() on
 * the terminal and a signalfd (SIGWINCH, SIGINT, SIGTERM, SIGHUP), with the
 * time to the next refresh as its timeout: nothing runs between events.
 * Rows are laid out by libsmartcols (printed to a string at the screen's
 * width) and copied to the screen line by line, so the live view and
 * batch mode share one table code and every name is escaped the same. */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "caps.h"
#include "top.h"
#include "topprocs.h"
#include "util.h"

enum view { VIEW_CGROUPS, VIEW_PROCS, VIEW_TEXT };

struct ui {
	struct top_ctx *ctx;
	enum view view, text_back; /* the text view returns to text_back */
	size_t sel, scroll;
	char *sel_path;            /* keeps the selection across refreshes */
	/* processes of one cgroup */
	char *procs_path;
	struct top_procs_reader pr;
	bool pr_ok;
	struct top_proc *procs;
	size_t nprocs, psel, pscroll;
	uint64_t full_caps;
	/* a report or the help */
	char *text_title;
	char **lines;
	size_t nlines, tscroll;
	bool paused, filtering, quit;
	double delay;
	uint64_t next_ns;
};

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- terminal restore on a crash ---- */

static volatile sig_atomic_t curses_on;

static void crash_handler(int sig)
{
	if (curses_on)
		endwin(); /* not async-signal-safe, but the terminal matters more now */
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_crash_handlers(void)
{
	static const int sigs[] = { SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL };
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = crash_handler;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

/* ---- drawing ---- */

/* Draws UTF-8 text at row y, cut at the screen's width. */
static void put_line(int y, const char *text, attr_t attr)
{
	wchar_t w[1024];
	size_t n = 0;
	int width = 0;
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	const char *p = text, *end = text + strlen(text);
	while (p < end && n < ARRAY_SIZE(w) - 1) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, p, (size_t)(end - p), &st);
		if (k == (size_t)-1 || k == (size_t)-2) {
			wc = L'?';
			k = 1;
			memset(&st, 0, sizeof(st));
		} else if (k == 0) {
			break;
		}
		int cw = wcwidth(wc);
		if (cw < 0) {
			wc = L'?';
			cw = 1;
		}
		if (width + cw > COLS)
			break;
		width += cw;
		w[n++] = wc;
		p += k;
	}
	w[n] = L'\0';
	if (attr)
		attron(attr);
	mvaddnwstr(y, 0, w, (int)n);
	if (!attr)
		clrtoeol(); /* what the row held before (the host line) */
	if (attr) {
		for (int x = width; x < COLS; x++)
			addch(' ');
		attroff(attr);
	}
}

/* Splits text into lines (the array and its strings are malloc'ed). */
static char **split_lines(const char *text, size_t *n)
{
	size_t cap = 16;
	char **v = xcalloc(cap, sizeof(*v));
	*n = 0;
	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (*n + 1 >= cap) {
			cap *= 2;
			v = xrealloc(v, cap * sizeof(*v));
		}
		char *s = xstrndup(p, len);
		for (char *q = s; *q; q++) /* a report is escaped already; tabs and CRs are not */
			if ((unsigned char)*q < 0x20)
				*q = ' ';
		v[(*n)++] = s;
		p = nl ? nl + 1 : NULL;
	}
	return v;
}

static void free_lines(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static char *table_text(struct libscols_table *tb)
{
	scols_table_set_termwidth(tb, (size_t)(COLS > 20 ? COLS : 20));
	scols_table_set_termforce(tb, SCOLS_TERMFORCE_ALWAYS);
	char *s = NULL;
	if (scols_print_table_to_string(tb, &s) != 0) {
		free(s);
		return xstrdup("");
	}
	return s;
}

static const char *sort_name(int sort)
{
	if (sort == TSORT_IO)
		return "IO";
	if (sort == TSORT_NET)
		return "NET";
	return top_infos[sort].name;
}

static void draw_title(struct ui *ui)
{
	struct top_ctx *ctx = ui->ctx;
	char when[16];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	char *filter = ctx->filter ? str_escape(ctx->filter, strlen(ctx->filter)) : NULL;
	char *t = xasprintf("nsinspect top - %s  every %.1fs  sort %s%s  %s%s%s%s%s", when, ui->delay,
			    sort_name(ctx->sort), ctx->reverse ? " (reversed)" : "",
			    ctx->tree ? "tree" : "flat", ui->paused ? "  [paused]" : "",
			    filter || ui->filtering ? "  filter: " : "", filter ? filter : "",
			    ui->filtering ? "_" : "");
	put_line(0, t, A_BOLD);
	free(t);
	free(filter);
	char *host = top_host_text(ctx);
	put_line(1, host, 0);
	free(host);
}

static void draw_hints(const char *text)
{
	put_line(LINES - 1, text, A_REVERSE);
}

/* Keeps sel inside [0, n) and on screen. */
static void clamp(size_t *sel, size_t *scroll, size_t n, size_t rows)
{
	if (!rows)
		rows = 1;
	if (*sel >= n)
		*sel = n ? n - 1 : 0;
	if (*sel < *scroll)
		*scroll = *sel;
	if (*sel >= *scroll + rows)
		*scroll = *sel - rows + 1;
	if (*scroll + rows > n)
		*scroll = n > rows ? n - rows : 0;
}

static size_t body_rows(void)
{
	return LINES > 4 ? (size_t)(LINES - 4) : 1;
}

/* Draws rows [scroll, scroll + body_rows()) of n from a table's text,
 * where row r is the text's line 1 + skip + r - first (the header is
 * line 0). */
static void draw_table(const char *text, size_t first, size_t skip, size_t sel, size_t *scroll,
		       size_t n, bool has_sel)
{
	size_t nl;
	char **lines = split_lines(text, &nl);
	if (nl)
		put_line(2, lines[0], A_BOLD | A_UNDERLINE);
	size_t rows = body_rows();
	size_t s = sel;
	clamp(&s, scroll, n, rows);
	for (size_t i = 0; i < rows && *scroll + i < n; i++) {
		size_t r = *scroll + i, ln = 1 + skip + r - first;
		if (r < first || ln >= nl)
			break;
		put_line(3 + (int)i, lines[ln], has_sel && r == sel ? A_REVERSE : 0);
	}
	free_lines(lines, nl);
}

/* The rows of ctx->order that the table drawn for the window [first,
 * first + n) holds.  In tree mode these are also the rows the window's
 * branches hang from (the ancestors of its first row) and, below it, the
 * next sibling of its last row and of each of that row's ancestors: then
 * every row knows as in the whole tree whether a sibling follows it, and
 * libsmartcols draws the same branches.  A table of a screenful costs a
 * tenth of one of every cgroup.  *skip: the rows picked above the window. */
static size_t window_rows(const struct top_ctx *ctx, size_t first, size_t n, size_t *pick,
			  size_t *skip)
{
	size_t np = 0;
	*skip = 0;
	if (!n)
		return 0;
	bool tree = ctx->tree && columns_has(&ctx->cols, TCOL_PATH);
	if (tree) {
		for (size_t j = first, lvl = ctx->level[first]; j-- > 0 && lvl > 0;) {
			if (ctx->level[j] < lvl) {
				lvl = ctx->level[j];
				pick[np++] = j;
			}
		}
		for (size_t a = 0, b = np; a + 1 < b; a++, b--) { /* root first */
			size_t t = pick[a];
			pick[a] = pick[b - 1];
			pick[b - 1] = t;
		}
		*skip = np;
	}
	for (size_t i = 0; i < n; i++)
		pick[np++] = first + i;
	if (tree) {
		long lvl = (long)ctx->level[first + n - 1];
		for (size_t j = first + n; j < ctx->norder && lvl >= 0; j++) {
			if ((long)ctx->level[j] <= lvl) {
				pick[np++] = j;
				lvl = (long)ctx->level[j] - 1;
			}
		}
	}
	return np;
}

/* On a narrow screen the columns least needed go first, so that names
 * keep room (libsmartcols would squeeze every column instead). */
static void hide_columns(const struct top_ctx *ctx, struct libscols_table *tb)
{
	static const int order[] = { TCOL_IOPSI, TCOL_MEMPSI, TCOL_OOMKILLS, TCOL_PIDSLIMIT,
				     TCOL_THROTTLED, TCOL_IMAGE, TCOL_CONTAINER, TCOL_CPUPSI,
				     TCOL_IOWRITE, TCOL_NETTX, TCOL_IOREAD, TCOL_NETRX, TCOL_TASKS };
	bool hidden[MAX_COLUMNS] = { false };
	int width = 0;
	for (size_t i = 0; i < ctx->cols.n; i++) {
		int id = ctx->cols.id[i];
		int w = id == TCOL_PATH ? 36 : id == TCOL_NAME ? 17 : (int)strlen(top_infos[id].name) + 1;
		width += w < 6 ? 6 : w;
	}
	for (size_t k = 0; k < ARRAY_SIZE(order) && width > COLS; k++) {
		for (size_t i = 0; i < ctx->cols.n; i++) {
			if (ctx->cols.id[i] != order[k] || hidden[i])
				continue;
			int w = (int)strlen(top_infos[order[k]].name) + 1;
			width -= w < 6 ? 6 : w;
			hidden[i] = true;
			struct libscols_column *cl = scols_table_get_column(tb, i);
			if (cl)
				scols_column_set_flags(cl, scols_column_get_flags(cl) | SCOLS_FL_HIDDEN);
		}
	}
}

static void draw_cgroups(struct ui *ui)
{
	struct top_ctx *ctx = ui->ctx;
	top_build_order(ctx);
	/* follow the selected cgroup when rows move */
	if (ui->sel_path) {
		for (size_t i = 0; i < ctx->norder; i++) {
			if (!strcmp(ctx->order[i]->cg->path, ui->sel_path)) {
				ui->sel = i;
				break;
			}
		}
	}
	clamp(&ui->sel, &ui->scroll, ctx->norder, body_rows());
	/* the columns besides the sort key are read for these rows only */
	size_t shown = ctx->norder - ui->scroll;
	if (shown > body_rows())
		shown = body_rows();
	top_sample_rows(&ctx->s, ctx->order + ui->scroll, shown);
	free(ui->sel_path);
	ui->sel_path = ctx->norder ? xstrdup(ctx->order[ui->sel]->cg->path) : NULL;

	struct outopts out = { 0 };
	size_t *pick = xcalloc(ctx->norder + 1, sizeof(*pick)), skip;
	size_t npick = window_rows(ctx, ui->scroll, shown, pick, &skip);
	struct libscols_table *tb = top_table(ctx, &out, pick, npick);
	free(pick);
	hide_columns(ctx, tb);
	char *text = table_text(tb);
	scols_unref_table(tb);
	draw_table(text, ui->scroll, skip, ui->sel, &ui->scroll, ctx->norder, true);
	free(text);
	if (!ctx->norder)
		put_line(3, ctx->filter ? "no cgroup matches the filter (Esc clears it)"
					: "no cgroup matches", 0);
	draw_hints(ui->filtering ? " type a filter  Enter keep  Esc clear"
				 : " q quit  h help  c/m/p/i/n sort  r reverse  t tree  / filter  "
				   "Enter processes  s show  space pause  +/- delay");
}

/* ---- processes of one cgroup ---- */

enum { PCOL_PID, PCOL_USER, PCOL_CPU, PCOL_RSS, PCOL_STATE, PCOL_CAPS, PCOL_SECCOMP, PCOL_COMMAND };
static const struct colinfo proc_infos[] = {
	[PCOL_PID] = { "PID", 6, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "process id" },
	[PCOL_USER] = { "USER", 6, 0, SCOLS_JSON_STRING, "effective user" },
	[PCOL_CPU] = { "CPU", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "CPU percent" },
	[PCOL_RSS] = { "RSS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "resident memory" },
	[PCOL_STATE] = { "S", 1, 0, SCOLS_JSON_STRING, "state" },
	[PCOL_CAPS] = { "CAPS", 8, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "effective capabilities" },
	[PCOL_SECCOMP] = { "SECCOMP", 7, 0, SCOLS_JSON_STRING, "seccomp mode" },
	[PCOL_COMMAND] = { "COMMAND", 0.3, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "command line" },
};

static void read_procs(struct ui *ui)
{
	top_procs_free(ui->procs, ui->nprocs);
	ui->procs = NULL;
	ui->nprocs = 0;
	struct top_row *row = top_sampler_row(&ui->ctx->s, ui->procs_path);
	if (row)
		top_sample_rows(&ui->ctx->s, &row, 1);
	struct cgroup *cg = row ? row->cg : NULL;
	if (cg && cg->procs_known && ui->pr_ok)
		ui->nprocs = top_procs_read(&ui->pr, cg->procs, cg->nprocs, &ui->procs);
}

static char *caps_summary(const struct ui *ui, const struct top_proc *p)
{
	if (!p->status_known)
		return xstrdup("?");
	if (!p->cap_eff)
		return xstrdup("none");
	char *note = caps_set_note(p->cap_eff, ui->full_caps, false);
	if (note)
		return note;
	return xasprintf("%d caps", __builtin_popcountll(p->cap_eff));
}

static void draw_procs(struct ui *ui)
{
	struct cgroup *cg = ui->procs_path ? cgroup_find(&ui->ctx->s.tree, ui->procs_path) : NULL;
	char *path = str_escape(ui->procs_path, strlen(ui->procs_path));
	char buf[64];
	const char *name = cg ? top_container_name(ui->ctx, cg, buf, sizeof(buf)) : NULL;
	char *ename = name ? str_escape(name, strlen(name)) : NULL;
	char *t = xasprintf("processes of %s%s%s%s", path, ename ? " (" : "", ename ? ename : "",
			    ename ? ")" : "");
	put_line(1, t, 0);
	free(t);
	free(path);
	free(ename);

	struct outopts out = { 0 };
	struct columns cols = { .n = ARRAY_SIZE(proc_infos) };
	for (size_t i = 0; i < cols.n; i++)
		cols.id[i] = (int)i;
	struct libscols_table *tb = table_new(&out, "processes");
	table_add_columns(tb, proc_infos, &cols, &out, -1);
	for (size_t r = 0; r < ui->nprocs; r++) {
		const struct top_proc *p = &ui->procs[r];
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		if (!ln)
			break;
		cell_set_int(ln, PCOL_PID, p->pid);
		cell_set(ln, PCOL_USER, p->user);
		cell_set_owned(ln, PCOL_CPU, p->cpu_pct >= 0 ? xasprintf("%.1f", p->cpu_pct) : xstrdup("-"));
		struct top_val v = { .kind = TV_NUM, .fmt = TF_SIZE, .num = (double)p->rss_kib * 1024 };
		cell_set_owned(ln, PCOL_RSS, top_value_text(&v));
		char st[2] = { p->state ? p->state : '?', 0 };
		cell_set(ln, PCOL_STATE, st);
		cell_set_owned(ln, PCOL_CAPS, caps_summary(ui, p));
		cell_set_owned(ln, PCOL_SECCOMP,
			       p->seccomp == 0 ? xstrdup("disabled")
			       : p->seccomp == 1 ? xstrdup("strict")
			       : p->seccomp == 2 ? xasprintf("filter(%d)", p->seccomp_filters)
						 : xstrdup("?"));
		cell_set(ln, PCOL_COMMAND, p->command);
	}
	char *text = table_text(tb);
	scols_unref_table(tb);
	draw_table(text, 0, 0, ui->psel, &ui->pscroll, ui->nprocs, true);
	free(text);
	if (!cg)
		put_line(3, "the cgroup is gone", 0);
	else if (!ui->nprocs)
		put_line(3, "no processes in this cgroup itself", 0);
	draw_hints(" Esc back  s show report  arrows select  space pause  q quit");
}

/* ---- the text view: a report or the help ---- */

static void open_text(struct ui *ui, const char *title, char *text)
{
	free_lines(ui->lines, ui->nlines);
	free(ui->text_title);
	ui->lines = split_lines(text, &ui->nlines);
	ui->text_title = xstrdup(title);
	ui->tscroll = 0;
	if (ui->view != VIEW_TEXT)
		ui->text_back = ui->view;
	ui->view = VIEW_TEXT;
}

static void draw_text(struct ui *ui)
{
	put_line(1, ui->text_title, A_BOLD);
	size_t rows = LINES > 3 ? (size_t)(LINES - 3) : 1;
	if (ui->tscroll + rows > ui->nlines)
		ui->tscroll = ui->nlines > rows ? ui->nlines - rows : 0;
	for (size_t i = 0; i < rows && ui->tscroll + i < ui->nlines; i++)
		put_line(2 + (int)i, ui->lines[ui->tscroll + i], 0);
	draw_hints(" Esc/q back  arrows PgUp PgDn Home End scroll");
}

static const char help_text[] =
	"nsinspect top: cgroups and containers, live\n"
	"\n"
	"  c m p i n   sort by CPU, memory, pids, IO (read+write), network (rx+tx)\n"
	"  r           reverse the sort order\n"
	"  t           tree or flat list\n"
	"  /           filter by path or container name; Enter keeps it, Esc clears it\n"
	"  Enter       the processes of the selected cgroup (Esc returns)\n"
	"  s           the show report of the selected process (first of the cgroup)\n"
	"  space       pause or resume refreshing\n"
	"  + -         longer or shorter delay between refreshes\n"
	"  arrows PgUp PgDn Home End   move the selection\n"
	"  h           this help\n"
	"  q           quit\n"
	"\n"
	"CPU is in percent of one CPU over the last interval.  Rates need two samples:\n"
	"a new or re-created cgroup shows '-' until the next refresh.  NETRX/NETTX are\n"
	"shown for cgroups whose processes have a network namespace of their own.\n";

/* Runs `nsinspect show PID` and keeps its output for the text view. */
static void open_show(struct ui *ui, pid_t pid)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0)
		return;
	char cols[16];
	snprintf(cols, sizeof(cols), "%d", COLS);
	char pidarg[16];
	snprintf(pidarg, sizeof(pidarg), "%d", (int)pid);
	const struct sysroot *root = &ui->ctx->cli->root;
	pid_t child = fork();
	if (child == 0) {
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		setenv("COLUMNS", cols, 1);
		if (root->live)
			execl("/proc/self/exe", "nsinspect", "show", pidarg, (char *)NULL);
		else
			execl("/proc/self/exe", "nsinspect", "--sysroot", root->dir, "show", pidarg,
			      (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	struct buf b = { 0 };
	if (child > 0) {
		char chunk[4096];
		for (;;) {
			ssize_t n = read(fds[0], chunk, sizeof(chunk));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			if (b.len < (1u << 20))
				buf_append(&b, chunk, (size_t)n);
		}
		while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
			;
	}
	close(fds[0]);
	buf_append(&b, "", 0);
	char *title = xasprintf("nsinspect show %d", (int)pid);
	open_text(ui, title, b.data);
	free(title);
	buf_free(&b);
}

/* ---- keys ---- */

static const double delays[] = { 0.1, 0.2, 0.5, 1, 2, 3, 5, 10, 30, 60 };

static void change_delay(struct ui *ui, int dir)
{
	size_t i = 0;
	while (i + 1 < ARRAY_SIZE(delays) && delays[i] < ui->delay - 1e-9)
		i++;
	if (dir > 0) {
		if (delays[i] <= ui->delay + 1e-9 && i + 1 < ARRAY_SIZE(delays))
			i++;
	} else if (i > 0) {
		i--;
	}
	ui->delay = delays[i];
	ui->next_ns = now_ns() + (uint64_t)(ui->delay * 1e9);
}

/* Up/Down/PgUp/PgDn/Home/End on a list of n rows; false for other keys. */
static bool move_key(int ch, size_t *sel, size_t n)
{
	size_t page = body_rows();
	switch (ch) {
	case KEY_UP: case 'k': if (*sel) (*sel)--; return true;
	case KEY_DOWN: case 'j': if (*sel + 1 < n) (*sel)++; return true;
	case KEY_PPAGE: *sel = *sel > page ? *sel - page : 0; return true;
	case KEY_NPAGE: *sel = *sel + page < n ? *sel + page : (n ? n - 1 : 0); return true;
	case KEY_HOME: *sel = 0; return true;
	case KEY_END: *sel = n ? n - 1 : 0; return true;
	}
	return false;
}

static void set_sort(struct ui *ui, int sort)
{
	ui->ctx->sort = sort;
	ui->ctx->reverse = false;
	top_sampler_want(&ui->ctx->s, top_live_want(sort));
}

static void filter_key(struct ui *ui, int ch)
{
	struct top_ctx *ctx = ui->ctx;
	size_t len = ctx->filter ? strlen(ctx->filter) : 0;
	if (ch == 27) {
		free(ctx->filter);
		ctx->filter = NULL;
		ui->filtering = false;
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		ui->filtering = false;
		if (ctx->filter && !*ctx->filter) {
			free(ctx->filter);
			ctx->filter = NULL;
		}
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (len)
			ctx->filter[len - 1] = '\0';
	} else if (ch >= 0x20 && ch < 0x7f && len < 200) {
		ctx->filter = xrealloc(ctx->filter, len + 2);
		ctx->filter[len] = (char)ch;
		ctx->filter[len + 1] = '\0';
	}
}

static void open_procs(struct ui *ui)
{
	struct top_ctx *ctx = ui->ctx;
	if (!ctx->norder)
		return;
	free(ui->procs_path);
	ui->procs_path = xstrdup(ctx->order[ui->sel]->cg->path);
	ui->psel = ui->pscroll = 0;
	ui->view = VIEW_PROCS;
	read_procs(ui);
}

static void cgroups_key(struct ui *ui, int ch)
{
	struct top_ctx *ctx = ui->ctx;
	if (ui->filtering) {
		filter_key(ui, ch);
		return;
	}
	if (move_key(ch, &ui->sel, ctx->norder)) {
		free(ui->sel_path);
		ui->sel_path = ctx->norder ? xstrdup(ctx->order[ui->sel]->cg->path) : NULL;
		return;
	}
	switch (ch) {
	case 'c': set_sort(ui, TCOL_CPU); break;
	case 'm': set_sort(ui, TCOL_MEM); break;
	case 'p': set_sort(ui, TCOL_PIDS); break;
	case 'i': set_sort(ui, TSORT_IO); break;
	case 'n': set_sort(ui, TSORT_NET); break;
	case 'r': ctx->reverse = !ctx->reverse; break;
	case 't': ctx->tree = !ctx->tree; break;
	case '/': ui->filtering = true; break;
	case 27:
		free(ctx->filter);
		ctx->filter = NULL;
		break;
	case '\n': case '\r': case KEY_ENTER: open_procs(ui); break;
	case 's':
		if (ctx->norder) {
			const struct cgroup *cg = ctx->order[ui->sel]->cg;
			if (cg->procs_known && cg->nprocs)
				open_show(ui, cg->procs[0]);
		}
		break;
	}
}

static void procs_key(struct ui *ui, int ch)
{
	if (move_key(ch, &ui->psel, ui->nprocs))
		return;
	switch (ch) {
	case 27: case KEY_LEFT: case KEY_BACKSPACE: case 127:
		ui->view = VIEW_CGROUPS;
		break;
	case 's': case '\n': case '\r': case KEY_ENTER:
		if (ui->psel < ui->nprocs)
			open_show(ui, ui->procs[ui->psel].pid);
		break;
	}
}

static void text_key(struct ui *ui, int ch)
{
	size_t rows = LINES > 3 ? (size_t)(LINES - 3) : 1;
	size_t max = ui->nlines > rows ? ui->nlines - rows : 0;
	switch (ch) {
	case 27: case 'q': case 'h': case KEY_LEFT: case KEY_BACKSPACE: case 127:
		ui->view = ui->text_back;
		break;
	case KEY_UP: case 'k': if (ui->tscroll) ui->tscroll--; break;
	case KEY_DOWN: case 'j': case ' ': if (ui->tscroll < max) ui->tscroll++; break;
	case KEY_PPAGE: ui->tscroll = ui->tscroll > rows ? ui->tscroll - rows : 0; break;
	case KEY_NPAGE: ui->tscroll = ui->tscroll + rows < max ? ui->tscroll + rows : max; break;
	case KEY_HOME: ui->tscroll = 0; break;
	case KEY_END: ui->tscroll = max; break;
	}
}

static void handle_key(struct ui *ui, int ch)
{
	if (ch == KEY_RESIZE)
		return;
	if (ui->view == VIEW_TEXT) {
		text_key(ui, ch);
		return;
	}
	if (!(ui->view == VIEW_CGROUPS && ui->filtering)) {
		switch (ch) {
		case 'q': ui->quit = true; return;
		case ' ':
			ui->paused = !ui->paused;
			ui->next_ns = now_ns();
			return;
		case '+': change_delay(ui, +1); return;
		case '-': change_delay(ui, -1); return;
		case 'h': case '?': {
			char *t = xstrdup(help_text);
			open_text(ui, "help", t);
			free(t);
			return;
		}
		}
	}
	if (ui->view == VIEW_CGROUPS)
		cgroups_key(ui, ch);
	else
		procs_key(ui, ch);
}

static void draw(struct ui *ui)
{
	erase();
	draw_title(ui);
	switch (ui->view) {
	case VIEW_CGROUPS: draw_cgroups(ui); break;
	case VIEW_PROCS: draw_procs(ui); break;
	case VIEW_TEXT: draw_text(ui); break;
	}
	refresh();
}

static void resize(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
		resizeterm(ws.ws_row, ws.ws_col);
}

static void refresh_data(struct ui *ui)
{
	if (top_take_sample(ui->ctx) < 0) {
		ui->quit = true;
		return;
	}
	if (ui->view == VIEW_PROCS)
		read_procs(ui);
}

int top_run_live(struct top_ctx *ctx)
{
	struct ui ui = { .ctx = ctx, .delay = ctx->o->delay };
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGWINCH);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	sigprocmask(SIG_BLOCK, &set, &old);
	int sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0) {
		error_msg("signalfd: %s", strerror(errno));
		sigprocmask(SIG_SETMASK, &old, NULL);
		return 1;
	}
	/* the first sample, before the screen changes: errors print plainly */
	if (top_take_sample(ctx) < 0) {
		close(sfd);
		sigprocmask(SIG_SETMASK, &old, NULL);
		return 1;
	}
	ui.pr_ok = top_procs_init(&ui.pr, &ctx->cli->root);
	ui.full_caps = top_full_caps(&ctx->cli->root);

	/* newterm(), as initscr() prints its own message and exits when
	 * TERM names no known terminal */
	SCREEN *screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		const char *term = getenv("TERM");
		if (!term || !*term) {
			error_msg("TERM is not set; 'nsinspect top -b' prints without it");
		} else {
			char *e = str_escape(term, strlen(term));
			error_msg("unknown terminal type '%s' (TERM); 'nsinspect top -b' prints without one", e);
			free(e);
		}
		close(sfd);
		sigprocmask(SIG_SETMASK, &old, NULL);
		if (ui.pr_ok)
			top_procs_fini(&ui.pr);
		return 1;
	}
	install_crash_handlers();
	curses_on = 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	/* the first rows show once the rates have a second sample */
	ui.next_ns = now_ns() + 250000000ull;
	draw(&ui);

	int rc = 0;
	unsigned long iterations = 0;
	while (!ui.quit) {
		int timeout = -1;
		if (!ui.paused) {
			uint64_t now = now_ns();
			timeout = ui.next_ns > now ? (int)((ui.next_ns - now + 999999) / 1000000) : 0;
		}
		struct pollfd pfd[2] = { { STDIN_FILENO, POLLIN, 0 }, { sfd, POLLIN, 0 } };
		int n = poll(pfd, 2, timeout);
		if (n < 0 && errno != EINTR) {
			rc = 1;
			break;
		}
		bool redraw = false;
		if (n > 0 && (pfd[1].revents & POLLIN)) {
			struct signalfd_siginfo si;
			while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo == SIGWINCH) {
					resize();
					redraw = true;
				} else {
					ui.quit = true;
				}
			}
		}
		if (n > 0 && (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL)) && !(pfd[0].revents & POLLIN))
			ui.quit = true; /* the terminal is gone */
		if (n > 0 && (pfd[0].revents & POLLIN)) {
			int ch;
			while (!ui.quit && (ch = getch()) != ERR)
				handle_key(&ui, ch);
			redraw = true;
		}
		if (ui.quit)
			break;
		if (!ui.paused && now_ns() >= ui.next_ns) {
			refresh_data(&ui);
			ui.next_ns = now_ns() + (uint64_t)(ui.delay * 1e9);
			redraw = true;
			if (ctx->o->iterations && (long)++iterations >= ctx->o->iterations)
				ui.quit = true;
		}
		if (redraw && !ui.quit)
			draw(&ui);
	}
	endwin();
	curses_on = 0;
	delscreen(screen);
	close(sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	top_procs_free(ui.procs, ui.nprocs);
	if (ui.pr_ok)
		top_procs_fini(&ui.pr);
	free_lines(ui.lines, ui.nlines);
	free(ui.text_title);
	free(ui.sel_path);
	free(ui.procs_path);
	return rc;
}
