/* Unit tests for src/target.c: which container a diff argument names
 * (label, full id, exact name, id prefix; ambiguity) and which process is
 * a container's init. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "target.h"
#include "util.h"

#define ID_WEB "ab12000000000000000000000000000000000000000000000000000000000001"
#define ID_DB "ab34000000000000000000000000000000000000000000000000000000000002"
#define ID_CACHE "cd56000000000000000000000000000000000000000000000000000000000003"

static struct target_container make(const char *runtime, const char *id, const char *name)
{
	struct target_container c;
	memset(&c, 0, sizeof(c));
	strcpy(c.ref.runtime, runtime);
	strcpy(c.ref.id, id);
	c.name = name;
	return c;
}

static void expect(const struct target_container *c, size_t n, const char *arg,
		   enum target_match want, size_t want_index, const char *want_candidates)
{
	size_t idx = 99;
	char *cand;
	enum target_match got = target_find_container(c, n, arg, &idx, &cand);
	if (got != want)
		fail_msg("'%s': match %d, want %d", arg, got, want);
	if (want == TARGET_FOUND && idx != want_index)
		fail_msg("'%s': container %zu, want %zu", arg, idx, want_index);
	if (want_candidates && (!cand || strcmp(cand, want_candidates)))
		fail_msg("'%s': candidates '%s', want '%s'", arg, cand ? cand : "(null)", want_candidates);
	free(cand);
}

static void test_find(void **state)
{
	(void)state;
	struct target_container c[] = {
		make("docker", ID_WEB, "web"),
		make("docker", ID_DB, "db"),
		make("docker", ID_CACHE, NULL),
		make("lxc", "builder", NULL),
	};
	size_t n = ARRAY_SIZE(c);
	expect(c, n, "web", TARGET_FOUND, 0, NULL);
	expect(c, n, "db", TARGET_FOUND, 1, NULL);
	expect(c, n, ID_DB, TARGET_FOUND, 1, NULL);
	expect(c, n, "ab3", TARGET_FOUND, 1, NULL);
	expect(c, n, "c", TARGET_FOUND, 2, NULL);
	expect(c, n, "docker:cd56", TARGET_FOUND, 2, NULL);
	expect(c, n, "lxc:build", TARGET_FOUND, 3, NULL);
	expect(c, n, "build", TARGET_FOUND, 3, NULL);
	/* a prefix of two ids: both named, with their names */
	expect(c, n, "ab", TARGET_AMBIGUOUS, 0, "docker:ab1200000000 (web), docker:ab3400000000 (db)");
	expect(c, n, "docker:a", TARGET_AMBIGUOUS, 0, "docker:ab1200000000 (web), docker:ab3400000000 (db)");
	/* a name is not a prefix; a label's runtime must match */
	expect(c, n, "we", TARGET_NONE, 0, NULL);
	expect(c, n, "podman:ab12", TARGET_NONE, 0, NULL);
	expect(c, n, "lxc:ab12", TARGET_NONE, 0, NULL);
	expect(c, n, "", TARGET_NONE, 0, NULL);
	expect(c, 0, "web", TARGET_NONE, 0, NULL);
	expect(c, n, "docker:", TARGET_NONE, 0, NULL);
}

static void test_name_before_prefix(void **state)
{
	(void)state;
	/* a container named like the id prefix of another: the name wins, as
	 * with the docker CLI */
	struct target_container c[] = { make("docker", ID_WEB, NULL), make("docker", ID_CACHE, "ab12") };
	expect(c, 2, "ab12", TARGET_FOUND, 1, NULL);
}

/* A model of hand-made processes: pid, ppid, container id ("" for none),
 * innermost NSpid. */
struct fake {
	pid_t pid, ppid;
	const char *id;
	pid_t nspid;
};

static void build(struct model *m, struct process *procs, struct process **ptrs,
		  const struct fake *f, size_t n)
{
	memset(m, 0, sizeof(*m));
	for (size_t i = 0; i < n; i++) {
		memset(&procs[i], 0, sizeof(procs[i]));
		procs[i].pid = f[i].pid;
		procs[i].ppid = f[i].ppid;
		procs[i].st.nspid_len = f[i].nspid ? 2 : 1;
		procs[i].st.nspid[0] = f[i].pid;
		procs[i].st.nspid[1] = f[i].nspid;
		if (*f[i].id) {
			static struct container_ref refs[64];
			assert_true(i < 64);
			memset(&refs[i], 0, sizeof(refs[i]));
			procs[i].in_container = true;
			procs[i].container = &refs[i];
			strcpy(procs[i].container->runtime, "docker");
			strcpy(procs[i].container->id, f[i].id);
		}
		ptrs[i] = &procs[i];
		hmap_put(&m->pid_index, (uint64_t)f[i].pid, &procs[i]);
	}
	m->procs = ptrs;
	m->nprocs = n;
}

static void test_init(void **state)
{
	(void)state;
	static const struct fake f[] = {
		{ 1, 0, "", 0 },
		{ 100, 1, "", 0 },           /* containerd-shim */
		{ 150, 100, ID_WEB, 0 },     /* a docker exec'd shell, lower PID than the init */
		{ 200, 100, ID_WEB, 1 },     /* the init: PID 1 inside */
		{ 201, 200, ID_WEB, 0 },
		{ 300, 100, ID_DB, 0 },      /* --pid host: no pid namespace of its own */
		{ 301, 300, ID_DB, 0 },
		{ 250, 100, ID_CACHE, 0 },
	};
	struct process procs[ARRAY_SIZE(f)], *ptrs[ARRAY_SIZE(f)];
	struct model m;
	build(&m, procs, ptrs, f, ARRAY_SIZE(f));
	struct target_container *c;
	size_t n = target_containers(&m, NULL, &c);
	assert_int_equal(n, 3);
	/* sorted by their init's PID */
	assert_string_equal(c[0].ref.id, ID_WEB);
	assert_int_equal(c[0].init->pid, 200);
	assert_string_equal(c[1].ref.id, ID_CACHE);
	assert_int_equal(c[1].init->pid, 250);
	assert_string_equal(c[2].ref.id, ID_DB);
	assert_int_equal(c[2].init->pid, 300);
	assert_null(c[0].name);
	free(c);
	hmap_free(&m.pid_index);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_name_before_prefix),
		cmocka_unit_test(test_init),
	};
	return cmocka_run_group_tests_name("target", tests, NULL, NULL);
}
