/* libFuzzer target: parse_status() on arbitrary /proc/PID/status text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "procfs.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_status st;
	/* an exact-size copy, so ASan sees any read past the end */
	char *buf = xmalloc(size);
	memcpy(buf, data, size);

	int rc = parse_status(buf, size, &st);
	if (rc != 0 && rc != -1)
		abort();
	if ((rc == 0) != !!(st.have & ST_NAME))
		abort();
	if (memchr(st.name, '\0', sizeof(st.name)) == NULL)
		abort();
	if (st.nspid_len < 0 || st.nspid_len > STATUS_NSPID_MAX)
		abort();
	if (!!(st.have & ST_NSPID) != (st.nspid_len > 0))
		abort();
	for (int i = 0; i < st.nspid_len; i++)
		if (st.nspid[i] < 0)
			abort();
	if (st.tgid < 0 || st.ppid < 0 || st.seccomp < 0 || st.seccomp > 2 ||
	    st.no_new_privs < 0 || st.no_new_privs > 1 || st.kthread < 0 || st.kthread > 1)
		abort();
	/* what the renderer does with the name */
	free(str_escape(st.name, strlen(st.name)));
	free(buf);
	return 0;
}
