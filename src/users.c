#include "users.h"

#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

struct user_entry {
	char *name; /* NULL: looked up, no name */
};

static struct hmap cache;
static bool sysroot_loaded;

/* uid 0 is a valid key for us, the hash map reserves 0: shift by one. */
static uint64_t key(uid_t uid)
{
	return (uint64_t)uid + 1;
}

static void load_sysroot_passwd(const struct sysroot *root)
{
	sysroot_loaded = true;
	int fd = fs_openat(root->root_fd, "etc/passwd", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	FILE *f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return;
	}
	struct passwd *pw;
	while ((pw = fgetpwent(f))) {
		if (hmap_get(&cache, key(pw->pw_uid)))
			continue;
		struct user_entry *e = xcalloc(1, sizeof(*e));
		e->name = xstrdup(pw->pw_name);
		hmap_put(&cache, key(pw->pw_uid), e);
	}
	fclose(f);
}

const char *user_name(const struct sysroot *root, uid_t uid)
{
	struct user_entry *e = hmap_get(&cache, key(uid));
	if (e)
		return e->name;
	if (!root->live) {
		if (!sysroot_loaded) {
			load_sysroot_passwd(root);
			e = hmap_get(&cache, key(uid));
			if (e)
				return e->name;
		}
	} else {
		struct passwd *pw = getpwuid(uid);
		e = xcalloc(1, sizeof(*e));
		e->name = pw ? xstrdup(pw->pw_name) : NULL;
		hmap_put(&cache, key(uid), e);
		return e->name;
	}
	e = xcalloc(1, sizeof(*e));
	hmap_put(&cache, key(uid), e);
	return NULL;
}

void users_free(void)
{
	for (size_t i = 0; i < cache.cap; i++) {
		if (cache.keys[i]) {
			struct user_entry *e = cache.vals[i];
			free(e->name);
			free(e);
		}
	}
	hmap_free(&cache);
	sysroot_loaded = false;
}
