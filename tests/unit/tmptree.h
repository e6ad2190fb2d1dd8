/* A sysroot made on the spot in a temporary directory, for the unit tests
 * of readers (cgroup layer, top's sampler).  Include once per test. */
#ifndef TMPTREE_H
#define TMPTREE_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *base; /* the tree's root, from tmptree_make() */

/* Creates the directories of base/rel up to its last '/'. */
static inline void tmptree_parents(char *path)
{
	for (char *p = path + strlen(base) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
}

/* Writes base/rel, creating the directories on the way. */
static inline void put(const char *rel, const char *content)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", base, rel);
	tmptree_parents(path);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

/* Creates the directory base/rel and its parents. */
static inline void mkdirs(const char *rel)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s/x", base, rel);
	tmptree_parents(path);
}

/* tmpl ends in XXXXXX and is reused by every setup; false on failure. */
static inline bool tmptree_make(char *tmpl)
{
	strcpy(tmpl + strlen(tmpl) - 6, "XXXXXX");
	base = mkdtemp(tmpl);
	return base != NULL;
}

static inline int tmptree_remove(void)
{
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	return system(cmd) == 0 ? 0 : -1;
}

#endif
