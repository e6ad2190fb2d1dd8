/* Questions only the live kernel answers about a namespace: its parent,
 * its owner and its netnsid.  Part of the model layer. */
#include <errno.h>
#include <fcntl.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/nsfs.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"

static const char *const link_names[NS_NTYPES] = {
	[NS_MNT] = "mnt", [NS_NET] = "net",   [NS_PID] = "pid",       [NS_UTS] = "uts",
	[NS_IPC] = "ipc", [NS_USER] = "user", [NS_CGROUP] = "cgroup", [NS_TIME] = "time",
};

/* Opens an fd on the namespace through whatever keeps it alive. */
static int ns_open(const struct model *m, const struct namespace *ns)
{
	char path[64];

	/* the first member may have exited since the scan: try the others */
	for (size_t i = 0; i < ns->nprocs; i++) {
		char link[16];
		snprintf(link, sizeof(link), "ns/%s", link_names[ns->type]);
		model_proc_path(ns->procs[i], link, path, sizeof(path));
		/* and its PID may be reused by now: check the inode */
		int fd = open_nsfs_at(m->root->proc_fd, path, ns->ino, NULL);
		if (fd >= 0)
			return fd;
	}
	for (size_t i = 0; i < ns->nholders; i++) {
		const struct ns_holder *h = &ns->holders[i];
		int fd = -1;
		/* a bind mount may have been replaced since mountinfo was read,
		 * a descriptor by any file since the scan */
		if (h->kind == HOLD_BIND) {
			fd = open_nsfs_at(AT_FDCWD, h->path, ns->ino, NULL);
		} else if (h->kind == HOLD_THREAD) {
			/* the thread's own directory, whichever thread the
			 * process itself is read through */
			snprintf(path, sizeof(path), "%d/task/%d/ns/%s", (int)h->pid, (int)h->tid,
				 link_names[ns->type]);
			fd = open_nsfs_at(m->root->proc_fd, path, ns->ino, NULL);
		} else {
			char file[32];
			if (h->kind == HOLD_FD)
				snprintf(file, sizeof(file), "fd/%d", h->fd);
			else
				snprintf(file, sizeof(file), "ns/pid_for_children");
			model_pid_path(m, h->pid, file, path, sizeof(path));
			fd = open_nsfs_at(m->root->proc_fd, path, ns->ino, NULL);
		}
		if (fd >= 0)
			return fd;
	}
	return -1;
}

static uint64_t ioctl_ino(int fd, unsigned long req)
{
	int rfd = ioctl(fd, req);
	if (rfd < 0)
		return 0; /* EPERM: outside our view; EINVAL: type has none */
	struct stat st;
	uint64_t ino = fstat(rfd, &st) == 0 ? (uint64_t)st.st_ino : 0;
	close(rfd);
	return ino;
}

/* The uid that created a user namespace, mapped into ours. */
static void load_owner_uid(struct namespace *ns, int fd)
{
	uid_t uid;
	if (ns->type == NS_USER && ioctl(fd, NS_GET_OWNER_UID, &uid) == 0) {
		ns->owner_uid = (uint32_t)uid;
		ns->owner_uid_known = true;
	}
}

void model_load_ns_relations(struct model *m)
{
	if (!m->root->live)
		return;
	for (size_t i = 0; i < m->nns; i++) {
		struct namespace *ns = m->ns[i];
		int fd = ns_open(m, ns);
		if (fd < 0)
			continue;
		if (ns->type == NS_PID || ns->type == NS_USER)
			ns->parent_ino = ioctl_ino(fd, NS_GET_PARENT);
		ns->owner_ino = ioctl_ino(fd, NS_GET_USERNS);
		load_owner_uid(ns, fd);
		ns->rel_known = true;
		close(fd);
	}
}

/* Adds the parent and owner of the namespace open as fd when the model has
 * not got them, and theirs in turn, while the fds are at hand: nothing
 * else leads to a namespace without processes or holders. */
static void add_ancestors(struct model *m, int fd, enum ns_type type, unsigned depth)
{
	static const unsigned long reqs[] = { NS_GET_PARENT, NS_GET_USERNS };

	for (size_t r = 0; r < 2; r++) {
		if (reqs[r] == NS_GET_PARENT && type != NS_PID && type != NS_USER)
			continue;
		int rfd = ioctl(fd, reqs[r]);
		if (rfd < 0)
			continue; /* none, or outside our view */
		enum ns_type rtype = reqs[r] == NS_GET_PARENT ? type : NS_USER;
		struct stat st;
		if (fstat(rfd, &st) == 0 && !model_namespace(m, rtype, (uint64_t)st.st_ino)) {
			struct namespace *up = model_add_namespace(m, rtype, (uint64_t)st.st_ino);
			if (rtype == NS_PID || rtype == NS_USER)
				up->parent_ino = ioctl_ino(rfd, NS_GET_PARENT);
			up->owner_ino = ioctl_ino(rfd, NS_GET_USERNS);
			load_owner_uid(up, rfd);
			up->rel_known = true;
			if (depth < 64) /* the kernel nests 32 deep */
				add_ancestors(m, rfd, rtype, depth + 1);
		}
		close(rfd);
	}
}

void model_add_ns_ancestors(struct model *m)
{
	if (!m->root->live)
		return;
	model_load_ns_relations(m);
	/* a snapshot: model_add_namespace() inserts into m->ns */
	size_t n = m->nns;
	struct namespace **scanned = xmalloc(n * sizeof(*scanned) + 1);
	memcpy(scanned, m->ns, n * sizeof(*scanned));
	for (size_t i = 0; i < n; i++) {
		struct namespace *ns = scanned[i];
		if (!ns->rel_known)
			continue;
		bool parent_missing = ns->parent_ino && !model_namespace(m, ns->type, ns->parent_ino);
		bool owner_missing = ns->owner_ino && !model_namespace(m, NS_USER, ns->owner_ino);
		if (!parent_missing && !owner_missing)
			continue;
		int fd = ns_open(m, ns);
		if (fd < 0)
			continue;
		add_ancestors(m, fd, ns->type, 0);
		close(fd);
	}
	free(scanned);
}

bool model_netnsid(const struct model *m, const struct namespace *ns, int *id)
{
	if (!m->root->live || ns->type != NS_NET)
		return false;
	int nsfd = ns_open(m, ns);
	if (nsfd < 0)
		return false;
	int sk = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (sk < 0) {
		close(nsfd);
		return false;
	}
	struct {
		struct nlmsghdr nh;
		struct rtgenmsg g;
		char pad[3];
		struct rtattr rta;
		int32_t fd;
	} req;
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = RTM_GETNSID;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.g.rtgen_family = AF_UNSPEC;
	req.rta.rta_type = NETNSA_FD;
	req.rta.rta_len = RTA_LENGTH(sizeof(int32_t));
	req.fd = nsfd;

	bool ok = false;
	char res[256];
	if (send(sk, &req, sizeof(req), 0) >= 0) {
		ssize_t n = recv(sk, res, sizeof(res), 0);
		struct nlmsghdr *nh = (struct nlmsghdr *)res;
		if (n > 0 && NLMSG_OK(nh, (size_t)n) && nh->nlmsg_type == RTM_NEWNSID) {
			int len = (int)NLMSG_PAYLOAD(nh, sizeof(struct rtgenmsg));
			struct rtattr *rta = (struct rtattr *)((char *)NLMSG_DATA(nh) +
							       NLMSG_ALIGN(sizeof(struct rtgenmsg)));
			for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
				if (rta->rta_type == NETNSA_NSID) {
					memcpy(id, RTA_DATA(rta), sizeof(*id));
					ok = true;
				}
			}
		}
	}
	close(sk);
	close(nsfd);
	return ok;
}
