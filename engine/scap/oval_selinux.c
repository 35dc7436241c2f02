/*
 * oval_selinux.c -- selinuxboolean_object (OVAL 5.11.2
 * linux-definitions-schema): the SELinux booleans the target boots with.
 *
 * A running system's booleans are what the kernel holds (selinuxfs). An
 * image or a root file system has no kernel: assay reads what boot would
 * load, as libselinux 3.4 does it (selinux_config.c, load_policy.c):
 *   - /etc/selinux/config: SELINUX=disabled, or no config at all, loads
 *     no policy, so there are no booleans and the object does not exist.
 *     SELINUXTYPE names the policy ("targeted" when unset);
 *   - /etc/selinux/TYPE/policy/policy.NN: selinux_mkload_policy() loads
 *     the highest version the kernel takes; offline, the highest NN
 *     present. Its bytes are loaded unchanged, so each boolean's default
 *     in the file is its boot value. `setsebool -P` and
 *     /var/lib/selinux/TYPE/active/booleans.local take effect because
 *     semodule (libsemanage) rebuilds policy.NN with them; they are not
 *     applied at load, and assay does not apply them either.
 * current_status and pending_status are both that boot value. The file
 * is read through the target (at most lim->selinux_policy_bytes) and
 * handed to libsepol as a memory policy file; no host path is opened.
 *
 * OpenSCAP (1.3 selinuxboolean_probe.c) asks libselinux: with a probe
 * root it looks for a selinuxfs mounted under the root
 * (ROOT/sys/fs/selinux) and collects nothing without one, so on an
 * image or an unmounted root the object does not exist for it
 * (docs/openscap.md).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sepol/boolean_record.h>
#include <sepol/booleans.h>
#include <sepol/debug.h>
#include <sepol/handle.h>
#include <sepol/policydb.h>

#include "assay/sebool.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "oval_private.h"

#define SE_CONFIG	"/etc/selinux/config"

struct sebool_ctx {
	struct strlist	*names;
	struct strlist	*vals;
	char		*msg;		/* libsepol's last message */
};

static void sebool_msg(void *arg, sepol_handle_t *h, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
sebool_msg(void *arg, sepol_handle_t *h, const char *fmt, ...)
{
	struct sebool_ctx *c = arg;
	va_list ap;
	char buf[256];

	(void)h;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	free(c->msg);
	c->msg = xstrdup(buf);
}

static int
sebool_visit(const sepol_bool_t *b, void *arg)
{
	struct sebool_ctx *c = arg;

	strlist_add(c->names, sepol_bool_get_name(b));
	strlist_add(c->vals, sepol_bool_get_value(b) ? "true" : "false");
	return 0;
}

static int
sebool_parse(const void *buf, size_t len, struct strlist *names,
    struct strlist *vals, char **why)
{
	struct sebool_ctx c = { names, vals, NULL };
	sepol_handle_t *h = sepol_handle_create();
	sepol_policy_file_t *pf = NULL;
	sepol_policydb_t *db = NULL;
	int rc = -1;

	*why = NULL;
	if (h == NULL)
		xmem_oom();
	sepol_msg_set_callback(h, sebool_msg, &c);
	if (sepol_policy_file_create(&pf) < 0 ||
	    sepol_policydb_create(&db) < 0)
		xmem_oom();
	/* libsepol only reads a memory policy file (policy_file.c) */
	sepol_policy_file_set_mem(pf, (char *)(uintptr_t)buf, len);
	sepol_policy_file_set_handle(pf, h);
	if (sepol_policydb_read(db, pf) < 0)
		*why = xasprintf("not a binary SELinux policy (libsepol: %s)",
		    c.msg != NULL ? c.msg : "unreadable");
	else if (sepol_bool_iterate(h, db, sebool_visit, &c) < 0)
		*why = xasprintf("booleans unreadable (libsepol: %s)",
		    c.msg != NULL ? c.msg : "?");
	else
		rc = 0;
	sepol_policydb_free(db);
	sepol_policy_file_free(pf);
	sepol_handle_destroy(h);
	free(c.msg);
	return rc;
}

/*
 * libsepol 3.4 is not hardened against a hostile policy file: it
 * allocates lengths and counts read from the file before checking them
 * against the bytes left, and fuzzing found inputs of a few hundred
 * bytes it loops on for minutes. A target's policy.NN is untrusted, so
 * libsepol reads it in a child process limited to SEBOOL_CPU_SECONDS of
 * CPU and SEBOOL_MEMORY bytes of address space (not under ASan, whose
 * shadow memory is a terabyte of address space), which writes the
 * booleans back on a pipe: "1name\n" / "0name\n", or "!message\n". A
 * child that dies or overruns gives an `error` naming the file; the
 * parent reads at most SEBOOL_OUTPUT bytes.
 */
#define SEBOOL_CPU_SECONDS	2
#define SEBOOL_MEMORY		(1024ul << 20)
#define SEBOOL_OUTPUT		(16u << 20)

static void
child_write(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(3);
		s += w;
		n -= (size_t)w;
	}
}

static void __attribute__((noreturn))
child(int fd, const void *buf, size_t len)
{
	struct strlist names = STRLIST_INIT, vals = STRLIST_INIT;
	struct rlimit cpu = { SEBOOL_CPU_SECONDS, SEBOOL_CPU_SECONDS };
	char *why;

	(void)setrlimit(RLIMIT_CPU, &cpu);
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#if defined(__has_feature)
#if !__has_feature(address_sanitizer) && !__has_feature(thread_sanitizer)
#define SEBOOL_LIMIT_AS
#endif
#else
#define SEBOOL_LIMIT_AS
#endif
#endif
#ifdef SEBOOL_LIMIT_AS
	{
		struct rlimit as = { SEBOOL_MEMORY, SEBOOL_MEMORY };

		(void)setrlimit(RLIMIT_AS, &as);
	}
#endif
	if (sebool_parse(buf, len, &names, &vals, &why) != 0) {
		child_write(fd, "!", 1);
		child_write(fd, why, strlen(why));
		child_write(fd, "\n", 1);
		_exit(0);
	}
	for (size_t i = 0; i < names.n; i++) {
		child_write(fd, vals.v[i][0] == 't' ? "1" : "0", 1);
		child_write(fd, names.v[i], strlen(names.v[i]));
		child_write(fd, "\n", 1);
	}
	_exit(0);
}

int
sebool_read(const void *buf, size_t len, struct strlist *names,
    struct strlist *vals, char **why)
{
	struct strbuf out = STRBUF_INIT;
	int fds[2], st = 0, rc = -1;
	char chunk[4096];
	pid_t pid;
	ssize_t n;

	*why = NULL;
	if (pipe2(fds, O_CLOEXEC) != 0) {
		*why = xasprintf("pipe: %s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) < 0) {
		*why = xasprintf("fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		child(fds[1], buf, len);
	}
	close(fds[1]);
	while ((n = read(fds[0], chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || out.len + (size_t)n > SEBOOL_OUTPUT)
			break;
		strbuf_add(&out, chunk, (size_t)n);
	}
	close(fds[0]);
	if (n != 0)
		(void)kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (n != 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		*why = xasprintf("libsepol did not finish reading it (%s%s): "
		    "a damaged or hostile policy", WIFSIGNALED(st) &&
		    WTERMSIG(st) == SIGXCPU ? "more than " : "",
		    WIFSIGNALED(st) && WTERMSIG(st) == SIGXCPU ?
		    "2 s of CPU" : n != 0 ? "too much output" :
		    "it stopped");
	else if (out.len > 0 && out.buf[0] == '!')
		*why = xstrndup(out.buf + 1, strcspn(out.buf + 1, "\n"));
	else {
		for (char *l = out.buf, *e; l != NULL && l < out.buf +
		    out.len; l = e + 1) {
			if ((e = memchr(l, '\n', (size_t)(out.buf + out.len -
			    l))) == NULL)
				break;
			*e = '\0';
			strlist_add(names, l + 1);
			strlist_add(vals, l[0] == '1' ? "true" : "false");
		}
		rc = 0;
	}
	strbuf_release(&out);
	return rc;
}

/* What boot loads, read once per target. */
struct sebools {
	struct strlist	 names;
	struct strlist	 vals;
	char		*path;		/* the policy file; NULL: none */
	char		*err;		/* why it could not be read */
};

static void
sebools_free(void *p)
{
	struct sebools *s = p;

	strlist_release(&s->names);
	strlist_release(&s->vals);
	free(s->path);
	free(s->err);
	free(s);
}

/* SELINUX= and SELINUXTYPE= of /etc/selinux/config, as libselinux's
 * selinux_config.c reads them (KEY=VALUE lines, "#" comments, blanks
 * around the value dropped). NULL when absent. */
static char *
config_value(const struct strbuf *b, const char *key)
{
	size_t pos = 0, len, kl = strlen(key);
	unsigned ln = 0;
	const char *line;
	char *v = NULL;

	while (next_line(b->buf, b->len, &pos, &line, &len, &ln)) {
		const char *s = line;
		size_t sl = len;

		trim_span(&s, &sl);
		if (sl <= kl || strncmp(s, key, kl) != 0 || s[kl] != '=')
			continue;
		s += kl + 1;
		sl -= kl + 1;
		trim_span(&s, &sl);
		free(v);
		v = xstrndup(s, sl);
	}
	return v;
}

/* The highest policy.NN under DIR, malloc'd, or NULL. */
static char *
policy_file(struct ox *ox, const char *dir)
{
	struct strlist names = STRLIST_INIT;
	long best = -1;
	char *path = NULL;

	if (target_list(ox->t, dir, &names) == FS_OK)
		for (size_t i = 0; i < names.n; i++) {
			const char *n = names.v[i];
			char *end;
			long v;

			if (strncmp(n, "policy.", 7) != 0 || n[7] < '0' ||
			    n[7] > '9')
				continue;
			v = strtol(n + 7, &end, 10);
			if (*end != '\0' || v <= best || v > 1000)
				continue;
			best = v;
			free(path);
			path = path_join(dir, n);
		}
	strlist_release(&names);
	return path;
}

static struct sebools *
sebools_get(struct ox *ox)
{
	struct sebools *s = target_cache_get(ox->t, "oval-sebools");
	struct strbuf b = STRBUF_INIT;
	char *mode, *type, *dir;
	enum fs_rc rc;

	if (s != NULL)
		return s;
	s = xcalloc(1, sizeof(*s));
	rc = target_read(ox->t, SE_CONFIG, 0, &b);
	if (rc != FS_OK) {
		if (rc != FS_ENOENT && rc != FS_ENOTDIR)
			s->err = xasprintf("%s: %s", SE_CONFIG,
			    fs_rc_str(rc));
		goto out;
	}
	mode = config_value(&b, "SELINUX");
	type = config_value(&b, "SELINUXTYPE");
	if (mode != NULL && strcasecmp(mode, "disabled") == 0) {
		free(mode);
		free(type);
		goto out;
	}
	dir = xasprintf("/etc/selinux/%s/policy",
	    type != NULL && type[0] != '\0' ? type : "targeted");
	free(mode);
	free(type);
	if (strstr(dir, "/../") != NULL) {
		s->err = xasprintf("%s: SELINUXTYPE leaves /etc/selinux",
		    SE_CONFIG);
		free(dir);
		goto out;
	}
	s->path = policy_file(ox, dir);
	free(dir);
	if (s->path == NULL)
		goto out;
	rc = target_read(ox->t, s->path, ox->lim->selinux_policy_bytes, &b);
	if (rc != FS_OK)
		s->err = xasprintf("%s: %s", s->path, rc == FS_ETOOBIG ?
		    "larger than selinux_policy_bytes" : fs_rc_str(rc));
	else {
		char *why;

		if (sebool_read(b.buf != NULL ? b.buf : "", b.len, &s->names,
		    &s->vals, &why) != 0) {
			s->err = xasprintf("%s: %s", s->path, why);
			free(why);
		}
	}
out:
	strbuf_release(&b);
	target_cache_put(ox->t, "oval-sebools", s, sebools_free);
	return s;
}

enum ores
oval_collect_selinuxboolean(struct ox *ox, xmlNodePtr obj,
    struct oitems *out)
{
	xmlNodePtr name = xchild(obj, "name");
	struct sebools *s;
	enum ores r = OR_TRUE;

	if (name == NULL)
		return ox_fail(ox, OR_ERROR, "selinuxboolean_object %s "
		    "without name", xattr(obj, "id"));
	s = sebools_get(ox);
	if (s->err != NULL)
		return ox_fail(ox, OR_ERROR, "selinuxboolean: %s", s->err);
	for (size_t i = 0; r == OR_TRUE && i < s->names.n; i++) {
		enum ores m = ox_ent_match(ox, name, s->names.v[i]);
		struct oitem *it;

		if (m != OR_TRUE) {
			if (m != OR_FALSE)
				r = m;
			continue;
		}
		it = oitems_new(out, s->path, 0);
		oitem_add(it, "name", s->names.v[i]);
		oitem_add(it, "current_status", s->vals.v[i]);
		oitem_add(it, "pending_status", s->vals.v[i]);
		if (out->n >= ox->lim->oval_items)
			r = ox_fail(ox, OR_ERROR, "selinuxboolean: more "
			    "than %zu items", ox->lim->oval_items);
	}
	return r;
}
