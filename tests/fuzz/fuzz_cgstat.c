/* libFuzzer target: the cgroupfs stat parsers of src/cgparse.c (io.stat,
 * blkio, pressure, memory.stat v1/v2, cpu.max, cpu.stat, keyed files and
 * one-value files) on the same arbitrary text, as a hostile or corrupt
 * cgroupfs (or a captured sysroot) could serve it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cgparse.h"
#include "util.h"

static void check_psi_line(const struct cg_psi_line *l)
{
	if (!l->have && (l->avg10 || l->avg60 || l->avg300 || l->total))
		abort(); /* fields are only set with the line */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size copy, so ASan sees any read past the end */
	char *buf = xmalloc(size ? size : 1);
	memcpy(buf, data, size);

	struct cg_io_stat io;
	cg_parse_io_stat(buf, size, &io);
	if (io.ndevices > size)
		abort();
	uint64_t rd, wr;
	cg_parse_blkio(buf, size, &rd, &wr);

	struct cg_psi psi;
	cg_parse_pressure(buf, size, &psi);
	check_psi_line(&psi.some);
	check_psi_line(&psi.full);

	struct cg_memory_stat ms;
	cg_parse_memory_stat(buf, size, &ms);
	cg_parse_memory_stat_v1(buf, size, &ms);

	uint64_t quota, period;
	if (cg_parse_cpu_max(buf, size, &quota, &period) && (period == CG_UNSET || period == 0))
		abort(); /* a parsed cpu.max always has a usable period */
	cg_parse_cfs_quota(buf, size, &quota);

	struct cg_cpu_stat cs;
	cg_parse_cpu_stat(buf, size, &cs);
	cg_parse_cpu_stat_v1(buf, size, &cs);
	uint64_t u, s;
	cg_parse_cpuacct_stat(buf, size, &u, &s);

	static const char *const keys[] = { "oom", "oom_kill", "populated", "frozen", "" };
	uint64_t vals[5];
	if (cg_parse_keyed(buf, size, keys, vals, 5) > 5)
		abort();

	uint64_t v;
	if (cg_parse_value(buf, size, &v) && v == CG_UNSET)
		abort();
	cg_parse_v1_memory_limit(buf, size, 4096, &v);

	pid_t *pids = NULL;
	size_t n = cg_parse_procs(buf, size, &pids);
	if (n > size / 2 + 1)
		abort(); /* the shortest entry "1\n" */
	for (size_t i = 0; i < n; i++)
		if (pids[i] <= 0)
			abort();
	free(pids);

	char *line = cg_parse_line(buf, size);
	if (line && memchr(line, '\n', strlen(line)))
		abort();
	free(line);
	free(buf);
	return 0;
}
