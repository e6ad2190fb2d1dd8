/* libFuzzer target: /proc/PID/mountinfo split into lines as the model
 * does, each line through parse_mountinfo_line(), nsfs roots through
 * parse_ns_link(). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "procfs.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = xmalloc(size);
	memcpy(buf, data, size);

	const char *p = buf, *end = buf + size;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		/* each line in its own exact-size allocation */
		size_t len = (size_t)(eol - p);
		char *line = xmalloc(len);
		memcpy(line, p, len);
		struct mount_entry m;
		if (parse_mountinfo_line(line, len, &m)) {
			if (!m.root || !m.mountpoint || !m.fstype || !m.source || !m.super_opts)
				abort();
			/* decoding only shrinks */
			if (strlen(m.root) + strlen(m.mountpoint) + strlen(m.fstype) +
				    strlen(m.source) + strlen(m.super_opts) > len)
				abort();
			char type[16];
			uint64_t ino;
			if (parse_ns_link(m.root, strlen(m.root), type, sizeof(type), &ino) && ino == 0)
				abort();
			mount_entry_free(&m);
		} else if (m.root || m.mountpoint || m.fstype || m.source || m.super_opts) {
			abort();
		}
		free(line);
		p = eol + 1;
	}
	free(buf);
	return 0;
}
