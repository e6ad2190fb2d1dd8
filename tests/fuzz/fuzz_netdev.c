/* libFuzzer target: /proc/PID/net/dev, /proc/loadavg and /proc/stat's
 * fork count, the files `top` reads besides cgroupfs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cgparse.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = xmalloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';

	struct cg_net_dev nd;
	size_t n = cg_parse_net_dev(buf, size, &nd);
	if (n > size / 20 + 1)
		abort(); /* an interface line is at least "a:" and 16 numbers */
	if (!n && (nd.rx_bytes || nd.tx_bytes || nd.rx_packets || nd.tx_packets))
		abort();
	if (nd.rx_bytes >= CG_UNLIMITED || nd.tx_bytes >= CG_UNLIMITED)
		abort();

	uint32_t load[3];
	if (cg_parse_loadavg(buf, size, load) && (load[0] > 10000000 * 100u + 99))
		abort();
	uint64_t forks;
	if (cg_parse_proc_stat_forks(buf, size, &forks) != (forks != CG_UNSET))
		abort();
	free(buf);
	return 0;
}
