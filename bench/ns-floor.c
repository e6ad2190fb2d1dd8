/* The floor under any /proc-based namespace lister: list /proc and read
 * the 9 ns/ links of every process, nothing else (no status, no fds, no
 * output).  bench/RESULTS.md compares it with lsns to show how far the
 * time goals can go; bench/run compares it with systemd-cgtop, as the
 * least that top's namespace count in its header costs.  Arguments, if
 * any, name the links to read instead of all 9.
 *
 *   cc -O2 -o /tmp/ns-floor bench/ns-floor.c && time /tmp/ns-floor [TYPE...]
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static const char *const all_links[] = {
	"mnt", "net", "pid", "uts", "ipc", "user", "cgroup", "time", "pid_for_children",
};

int main(int argc, char **argv)
{
	const char *const *links = argc > 1 ? (const char *const *)argv + 1 : all_links;
	size_t nlinks_per = argc > 1 ? (size_t)argc - 1 : sizeof(all_links) / sizeof(all_links[0]);
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
		for (size_t i = 0; i < nlinks_per; i++) {
			char path[320], target[64];
			snprintf(path, sizeof(path), "%s/ns/%s", d->d_name, links[i]);
			if (readlinkat(proc_fd, path, target, sizeof(target)) > 0)
				nlinks++;
		}
	}
	closedir(dir);
	printf("%ld processes, %ld links\n", nprocs, nlinks);
	return 0;
}
