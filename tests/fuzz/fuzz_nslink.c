/* libFuzzer target: parse_ns_link() on readlink() results, with every
 * type buffer size, and the integer parsers it builds on. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "procfs.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = xmalloc(size);
	memcpy(buf, data, size);

	static const size_t sizes[] = { 0, 1, 4, 8, 16, 64 };
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t tsz = sizes[k];
		char *type = xmalloc(tsz ? tsz : 1);
		uint64_t ino = 0;
		if (parse_ns_link(buf, size, type, tsz, &ino)) {
			size_t tlen = strnlen(type, tsz);
			if (tlen == 0 || tlen >= tsz || ino == 0 || tlen + 4 > size)
				abort();
			if (memcmp(type, buf, tlen) != 0 || buf[tlen] != ':')
				abort();
		}
		free(type);
	}

	/* the integer parsers agree with each other on what they accept */
	uint64_t u, u2;
	int64_t i;
	bool is_u = parse_u64(buf, size, &u);
	if (parse_hex_u64(buf, size, &u2) && size > 18)
		abort();
	if (parse_i64(buf, size, &i)) {
		if (size == 0 || (buf[0] != '-' && (!is_u || (uint64_t)i != u)))
			abort();
	} else if (is_u && u <= INT64_MAX) {
		abort();
	}
	char *s = xstrndup(buf, size);
	pid_t pid;
	if (parse_pid(s, &pid) && pid <= 0)
		abort();
	free(s);

	char *cmd = cmdline_join(buf, size, false);
	if (cmd && strlen(cmd) > size)
		abort();
	free(cmd);
	cmd = cmdline_join(buf, size, true);
	if (cmd && strlen(cmd) > size + 3)
		abort();
	free(cmd);
	free(buf);
	return 0;
}
