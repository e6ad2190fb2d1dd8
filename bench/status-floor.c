/* The floor under any report of a process's bounding and ambient
 * capability sets: they are only in /proc/PID/status (capget() tells the
 * other three, prctl() only the caller's own), so such a tool reads that
 * file for every PID it is given.  This reads it and nothing else, no
 * output; bench/run compares it with getpcaps, which makes one capget()
 * per PID.
 *
 *   cc -O2 -o /tmp/status-floor bench/status-floor.c && time /tmp/status-floor PID...
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char path[64], buf[4096];
	long bytes = 0;
	for (int i = 1; i < argc; i++) {
		snprintf(path, sizeof(path), "/proc/%.20s/status", argv[i]);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n > 0)
			bytes += n;
		close(fd);
	}
	printf("%d PIDs, %ld bytes\n", argc - 1, bytes);
	return 0;
}
