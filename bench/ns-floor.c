/* The floor under any /proc-based namespace lister: list /proc and read
 * the 9 ns/ links of every process, nothing else (no status, no fds, no
 * output).  bench/RESULTS.md compares it with lsns to show how far the
 * time goals can go.
 *
 *   cc -O2 -o /tmp/ns-floor bench/ns-floor.c && time /tmp/ns-floor
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static const char *const links[] = {
	"mnt", "net", "pid", "uts", "ipc", "user", "cgroup", "time", "pid_for_children",
};

int main(void)
{
	int proc_fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir = proc_fd >= 0 ? fdopendir(dup(proc_fd)) : NULL;
	if (!dir) {
		perror("/proc");
		return 1;
	}
	long nprocs = 0, nlinks = 0;
	struct dirent *d;
	while ((d = readdir(dir))) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		nprocs++;
		for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
			char path[64], target[64];
			snprintf(path, sizeof(path), "%s/ns/%s", d->d_name, links[i]);
			if (readlinkat(proc_fd, path, target, sizeof(target)) > 0)
				nlinks++;
		}
	}
	closedir(dir);
	printf("%ld processes, %ld links\n", nprocs, nlinks);
	return 0;
}
