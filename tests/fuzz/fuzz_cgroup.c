/* libFuzzer target: parse_cgroup_file(), then container attribution and
 * the label of every path, as the model does for each process. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "procfs.h"
#include "util.h"

static void attribute(const char *path)
{
	struct container_ref ref;
	char label[48];
	bool found = container_from_cgroup_path(path, &ref);
	if (!memchr(ref.runtime, '\0', sizeof(ref.runtime)) || !memchr(ref.id, '\0', sizeof(ref.id)) ||
	    !memchr(ref.pod, '\0', sizeof(ref.pod)) || !memchr(ref.qos, '\0', sizeof(ref.qos)))
		abort();
	if (found != (ref.runtime[0] != '\0'))
		abort();
	if (found) {
		container_label(&ref, label, sizeof(label));
		if (!memchr(label, '\0', sizeof(label)))
			abort();
		free(str_escape(label, strlen(label)));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = xmalloc(size);
	memcpy(buf, data, size);

	struct cgroup_entry *e;
	size_t n = parse_cgroup_file(buf, size, &e);
	if (n > size / 4 + 1)
		abort(); /* the shortest entry "0::/\n" */
	for (size_t i = 0; i < n; i++) {
		if (e[i].hier_id < 0 || !e[i].controllers || !e[i].path || e[i].path[0] != '/')
			abort();
		attribute(e[i].path);
	}
	cgroup_entries_free(e, n);

	/* the whole input as one path, for paths the file format cannot hold */
	char *path = xstrndup(buf, size);
	attribute(path);
	free(path);
	free(buf);
	return 0;
}
