/* Unit tests for src/container.c: container attribution from the cgroup
 * paths that docker, containerd, CRI-O, podman, Kubernetes, LXC and
 * systemd-nspawn create, and the short label shown in tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "container.h"
#include "util.h"

#define ID64 "bf9f7fadd7a9d508d0deccfb221608b1d1c76af0cabd02d59771f5e5021fbdb4"
#define ID64B "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define POD_UID "3b0f6c8e-1d2a-4f5b-9c7d-8e9f0a1b2c3d"
#define POD_UID_ "3b0f6c8e_1d2a_4f5b_9c7d_8e9f0a1b2c3d"

struct want {
	const char *path;
	const char *runtime;
	const char *id;
	const char *pod;
	const char *qos;
	const char *label;
};

static void check(const struct want *w)
{
	struct container_ref ref;
	char label[128];
	if (!container_from_cgroup_path(w->path, &ref))
		fail_msg("no container found in \"%s\"", w->path);
	if (strcmp(ref.runtime, w->runtime) || strcmp(ref.id, w->id) || strcmp(ref.pod, w->pod) ||
	    strcmp(ref.qos, w->qos))
		fail_msg("\"%s\": got runtime=%s id=%s pod=%s qos=%s, want %s %s %s %s", w->path,
			 ref.runtime, ref.id, ref.pod, ref.qos, w->runtime, w->id, w->pod, w->qos);
	container_label(&ref, label, sizeof(label));
	if (strcmp(label, w->label))
		fail_msg("\"%s\": label %s, want %s", w->path, label, w->label);
}

static void check_all(const struct want *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		check(&w[i]);
}

static void test_docker(void **state)
{
	(void)state;
	static const struct want w[] = {
		/* cgroupfs driver, as captured on this host (v1 and v2 lines) */
		{ "/docker/" ID64, "docker", ID64, "", "", "docker:bf9f7fadd7a9" },
		/* systemd driver */
		{ "/system.slice/docker-" ID64 ".scope", "docker", ID64, "", "",
		  "docker:bf9f7fadd7a9" },
		/* a process in a sub-cgroup the container made itself */
		{ "/docker/" ID64 "/init", "docker", ID64, "", "", "docker:bf9f7fadd7a9" },
		/* docker-in-docker: the innermost container wins */
		{ "/docker/" ID64 "/docker/" ID64B, "docker", ID64B, "", "", "docker:0123456789ab" },
	};
	check_all(w, ARRAY_SIZE(w));
}

static void test_kubernetes_systemd(void **state)
{
	(void)state;
	static const struct want w[] = {
		{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_UID_
		  ".slice/cri-containerd-" ID64 ".scope",
		  "containerd", ID64, POD_UID, "burstable", "containerd:bf9f7fadd7a9" },
		{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" POD_UID_
		  ".slice/cri-containerd-" ID64 ".scope",
		  "containerd", ID64, POD_UID, "besteffort", "containerd:bf9f7fadd7a9" },
		{ "/kubepods.slice/kubepods-pod" POD_UID_ ".slice/cri-containerd-" ID64 ".scope",
		  "containerd", ID64, POD_UID, "guaranteed", "containerd:bf9f7fadd7a9" },
		{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_UID_
		  ".slice/crio-" ID64 ".scope",
		  "crio", ID64, POD_UID, "burstable", "crio:bf9f7fadd7a9" },
		/* the pod slice itself (pause-less pod processes): the pod, no container */
		{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" POD_UID_ ".slice",
		  "k8s", "", POD_UID, "besteffort", "k8s:3b0f6c8e" },
		/* conmon of a pod container: attributed to the pod only */
		{ "/kubepods.slice/kubepods-pod" POD_UID_ ".slice/crio-conmon-" ID64 ".scope",
		  "k8s", "", POD_UID, "guaranteed", "k8s:3b0f6c8e" },
	};
	check_all(w, ARRAY_SIZE(w));
}

static void test_kubernetes_cgroupfs(void **state)
{
	(void)state;
	static const struct want w[] = {
		{ "/kubepods/burstable/pod" POD_UID "/" ID64, "containerd", ID64, POD_UID,
		  "burstable", "containerd:bf9f7fadd7a9" },
		{ "/kubepods/besteffort/pod" POD_UID "/" ID64, "containerd", ID64, POD_UID,
		  "besteffort", "containerd:bf9f7fadd7a9" },
		{ "/kubepods/pod" POD_UID "/" ID64, "containerd", ID64, POD_UID, "guaranteed",
		  "containerd:bf9f7fadd7a9" },
		{ "/kubepods/burstable/pod" POD_UID, "k8s", "", POD_UID, "burstable",
		  "k8s:3b0f6c8e" },
	};
	check_all(w, ARRAY_SIZE(w));
}

static void test_crio_podman(void **state)
{
	(void)state;
	static const struct want w[] = {
		{ "/machine.slice/crio-" ID64 ".scope", "crio", ID64, "", "", "crio:bf9f7fadd7a9" },
		{ "/machine.slice/libpod-" ID64 ".scope", "podman", ID64, "", "",
		  "podman:bf9f7fadd7a9" },
		{ "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID64 ".scope",
		  "podman", ID64, "", "", "podman:bf9f7fadd7a9" },
		/* podman with the cgroupfs manager */
		{ "/libpod_parent/libpod-" ID64, "podman", ID64, "", "", "podman:bf9f7fadd7a9" },
		/* podman's container payload sub-cgroup */
		{ "/machine.slice/libpod-" ID64 ".scope/container", "podman", ID64, "", "",
		  "podman:bf9f7fadd7a9" },
	};
	check_all(w, ARRAY_SIZE(w));
}

static void test_lxc_nspawn(void **state)
{
	(void)state;
	static const struct want w[] = {
		{ "/lxc.payload.web", "lxc", "web", "", "", "lxc:web" },
		{ "/lxc.payload.web/system.slice/nginx.service", "lxc", "web", "", "", "lxc:web" },
		{ "/lxc/web", "lxc", "web", "", "", "lxc:web" },
		{ "/lxc/web/init.scope", "lxc", "web", "", "", "lxc:web" },
		/* a long lxc name is shown whole: it is no hex id */
		{ "/lxc.payload.a-very-long-container-name", "lxc", "a-very-long-container-name",
		  "", "", "lxc:a-very-long-container-name" },
		{ "/machine.slice/machine-foo\\x2dbar.scope", "nspawn", "foo-bar", "", "",
		  "nspawn:foo-bar" },
		{ "/machine.slice/machine-web.scope/payload", "nspawn", "web", "", "", "nspawn:web" },
		{ "/machine.slice/machine-a\\x5cb.scope", "nspawn", "a\\b", "", "", "nspawn:a\\b" },
	};
	check_all(w, ARRAY_SIZE(w));
}

static void test_not_containers(void **state)
{
	(void)state;
	static const char *paths[] = {
		"",
		"/",
		"//",
		"/user.slice/user-0.slice/session-1.scope",
		"/user.slice/user-1000.slice/user@1000.service/app.slice/dbus.service",
		"/system.slice/docker.service",
		"/system.slice/containerd.service",
		"/system.slice/docker.socket",
		"/init.scope",
		"/process_api/4eebec1a32ca5980c64a5fba42aff0a5",
		/* monitors next to containers are not the containers */
		"/machine.slice/crio-conmon-" ID64 ".scope",
		"/machine.slice/libpod-conmon-" ID64 ".scope",
		"/libpod_parent/libpod-conmon-" ID64,
		"/lxc.monitor.web",
		"/lxc",
		/* near misses */
		"/docker",
		"/docker/",
		"/docker/xyz",
		"/docker/" ID64 "0",                         /* 65 characters */
		"/docker/BF9F7FADD7A9D508D0DECCFB221608B1D1C76AF0CABD02D59771F5E5021FBDB4",
		"/" ID64,                                    /* a hex name not under docker */
		"/system.slice/docker-" ID64 ".service",
		"/system.slice/docker-.scope",
		"/system.slice/docker-0123.scope",           /* too short for an id */
		"/system.slice/xdocker-" ID64 ".scope",
		"/machine.slice/machine-.scope",
		"/machine.slice/machine.slice",
		"/lxc.payload.",
		"/mykubepods",
	};
	for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
		struct container_ref ref;
		memset(&ref, 0x5a, sizeof(ref));
		if (container_from_cgroup_path(paths[i], &ref))
			fail_msg("\"%s\" taken for a container (%s:%s)", paths[i], ref.runtime, ref.id);
		assert_string_equal(ref.runtime, "");
		assert_string_equal(ref.id, "");
	}
}

static void test_label(void **state)
{
	(void)state;
	struct container_ref ref = { 0 };
	char out[64];

	snprintf(ref.runtime, sizeof(ref.runtime), "docker");
	snprintf(ref.id, sizeof(ref.id), "%s", ID64);
	container_label(&ref, out, sizeof(out));
	assert_string_equal(out, "docker:bf9f7fadd7a9");
	assert_int_equal(strlen(out), strlen("docker:") + 12);

	/* a small output buffer truncates, NUL-terminated */
	container_label(&ref, out, 8);
	assert_string_equal(out, "docker:");
	container_label(&ref, out, 1);
	assert_string_equal(out, "");

	/* a name, not an id: shown whole */
	snprintf(ref.runtime, sizeof(ref.runtime), "nspawn");
	snprintf(ref.id, sizeof(ref.id), "debian-bookworm-build");
	container_label(&ref, out, sizeof(out));
	assert_string_equal(out, "nspawn:debian-bookworm-build");

	/* an id of exactly 12 hex characters */
	snprintf(ref.runtime, sizeof(ref.runtime), "docker");
	snprintf(ref.id, sizeof(ref.id), "0123456789ab");
	container_label(&ref, out, sizeof(out));
	assert_string_equal(out, "docker:0123456789ab");

	/* k8s: the pod uid, cut to 8 */
	memset(&ref, 0, sizeof(ref));
	snprintf(ref.runtime, sizeof(ref.runtime), "k8s");
	snprintf(ref.pod, sizeof(ref.pod), "%s", POD_UID);
	container_label(&ref, out, sizeof(out));
	assert_string_equal(out, "k8s:3b0f6c8e");
}

/* Fields are bounded: long names are cut, never overflow. */
static void test_long_components(void **state)
{
	(void)state;
	char path[1024], name[300];
	struct container_ref ref;
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';

	snprintf(path, sizeof(path), "/lxc.payload.%s", name);
	assert_true(container_from_cgroup_path(path, &ref));
	assert_int_equal(strlen(ref.id), sizeof(ref.id) - 1);

	snprintf(path, sizeof(path), "/machine.slice/machine-%s.scope", name);
	assert_true(container_from_cgroup_path(path, &ref));
	assert_int_equal(strlen(ref.id), sizeof(ref.id) - 1);

	snprintf(path, sizeof(path), "/kubepods/burstable/pod%s/" ID64, name);
	assert_true(container_from_cgroup_path(path, &ref));
	assert_int_equal(strlen(ref.pod), sizeof(ref.pod) - 1);
	assert_string_equal(ref.id, ID64);

	char label[16];
	container_label(&ref, label, sizeof(label));
	assert_string_equal(label, "containerd:bf9f");
}

/* systemd unit escapes: only "\xNN" with two hex digits is decoded. */
static void test_nspawn_escapes(void **state)
{
	(void)state;
	static const struct {
		const char *path, *id;
	} cases[] = {
		{ "/machine.slice/machine-a\\x2d.scope", "a-" },
		{ "/machine.slice/machine-\\x2da.scope", "-a" },
		{ "/machine.slice/machine-a\\x2.scope", "a\\x2" },
		{ "/machine.slice/machine-a\\x.scope", "a\\x" },
		{ "/machine.slice/machine-a\\xzz.scope", "a\\xzz" },
		{ "/machine.slice/machine-a\\x 5b.scope", "a\\x 5b" },
		{ "/machine.slice/machine-a\\x-1b.scope", "a\\x-1b" },
		{ "/machine.slice/machine-a\\x+1b.scope", "a\\x+1b" },
		{ "/machine.slice/machine-a\\x2D.scope", "a-" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct container_ref ref;
		assert_true(container_from_cgroup_path(cases[i].path, &ref));
		assert_string_equal(ref.runtime, "nspawn");
		if (strcmp(ref.id, cases[i].id))
			fail_msg("\"%s\": id \"%s\", want \"%s\"", cases[i].path, ref.id, cases[i].id);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docker),
		cmocka_unit_test(test_kubernetes_systemd),
		cmocka_unit_test(test_kubernetes_cgroupfs),
		cmocka_unit_test(test_crio_podman),
		cmocka_unit_test(test_lxc_nspawn),
		cmocka_unit_test(test_not_containers),
		cmocka_unit_test(test_label),
		cmocka_unit_test(test_long_components),
		cmocka_unit_test(test_nspawn_escapes),
	};
	return cmocka_run_group_tests_name("container", tests, NULL, NULL);
}
