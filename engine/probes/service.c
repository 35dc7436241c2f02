/*
 * service.c -- the `service` probe: is a systemd unit enabled, disabled,
 * masked, judged offline from the unit symlinks of the target.
 *
 *   service: {name: ssh, state: enabled}
 *   service: {name: [avahi-daemon, cups], state: disabled}
 *
 * No systemd runs here, so we read what `systemctl enable` and `mask`
 * leave behind:
 *   - enabled: a symlink to the unit (or to one of its names) in some
 *     *.wants/ or *.requires/ directory directly under /etc/systemd/system
 *     (multi-user.target.wants/ssh.service, getty.target.wants/
 *     getty@tty1.service). A match is by the link's name or by the base
 *     name of what it points to, so relative and absolute links both count;
 *   - masked: /etc/systemd/system/UNIT or /run/systemd/system/UNIT is a
 *     symlink to /dev/null or an empty file; a masked unit never starts,
 *     so it is not enabled whatever links exist;
 *   - names: "ssh" means "ssh.service"; a unit's other names come from its
 *     unit file's [Install] Alias= and from symlinks in /etc/systemd/system
 *     that point to it (Debian's sshd.service -> ssh.service), and asking
 *     for an alias finds the real unit the same way.
 * The unit file is looked up in systemd's search path (first hit wins) to
 * say whether the service is installed at all. Vendor enablement (the
 * .wants directories of /usr/lib/systemd/system) is not considered: see
 * docs/policy-language.md (section `service`).
 *
 * With a list, enabled and not_masked pass when any unit is; disabled and
 * masked when every unit is.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

#define ETC_UNITS	"/etc/systemd/system"
/* Names of one unit we track (itself plus aliases): real units have a
 * handful; more is a hostile unit file. */
#define SERVICE_NAMES_MAX	64
/* Longest unit name systemd accepts (UNIT_NAME_MAX - 1). */
#define SERVICE_NAME_MAX	255

enum svc_state {
	SVC_ENABLED,
	SVC_DISABLED,
	SVC_MASKED,
	SVC_NOT_MASKED,
};

static const char *const state_names[] = {
	"enabled", "disabled", "masked", "not_masked", NULL
};

static const char *const unit_suffixes[] = {
	".service", ".socket", ".timer", ".target", ".path", ".mount",
	".automount", ".swap", ".slice", ".scope", ".device", NULL
};

/* systemd's system unit search path, in precedence order (Debian keeps
 * /lib/systemd/system as well). */
static const char *const unit_dirs[] = {
	"/etc/systemd/system",
	"/run/systemd/system",
	"/usr/local/lib/systemd/system",
	"/usr/lib/systemd/system",
	"/lib/systemd/system",
	NULL
};

static const char *const mask_dirs[] = {
	"/etc/systemd/system",
	"/run/systemd/system",
	NULL
};

struct service_state {
	char		**units;	/* "ssh.service" */
	size_t		  nunits;
	enum svc_state	  state;
};

/* What we learnt about one unit. */
struct unit_facts {
	const char	*unit;
	struct strlist	 names;		/* unit first, then aliases */
	char		*file;		/* unit file path, or NULL */
	char		*file_link;	/* what FILE links to, or NULL */
	struct strlist	 masks;		/* "P -> /dev/null", "P (empty file)" */
	struct strlist	 links;		/* link paths enabling the unit */
	struct strlist	 targets;	/* what each link points to */
	size_t		 budget;	/* entries we may still look at */
};

static void
service_free(void *p)
{
	struct service_state *s = p;

	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nunits; i++)
		free(s->units[i]);
	free(s->units);
	free(s);
}

/* systemd unit name characters: ASCII letters, digits, ":-_.\@". */
static bool
is_unit_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > SERVICE_NAME_MAX || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr(":-_.\\@", c) != NULL))
			return false;
	}
	return true;
}

static char *
unit_normalize(const char *name)
{
	if (has_suffix_in(name, unit_suffixes))
		return xstrdup(name);
	return xasprintf("%s.service", name);
}

static int
add_unit(void *arg, const char *v, size_t k, const struct ynode *at,
    struct diag *d)
{
	struct service_state *s = arg;
	char *u = unit_normalize(v);

	if (!is_unit_name(u)) {
		diag_add(d, &at->at, "name: invalid unit name %s",
		    ynode_show(at));
		free(u);
		return -1;
	}
	if (s->units == NULL)
		s->units = xcalloc(k, sizeof(*s->units));
	s->units[s->nunits++] = u;
	return 0;
}

static int
compile_units(struct service_state *s, const struct ynode *n,
    struct diag *d)
{
	return probe_str_list(n, "name", "a unit name", add_unit, s, d);
}

static int
service_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	static const char *const keys[] = { "name", "state", NULL };
	struct service_state *s;
	const struct ynode *n;
	int state = 0;
	int rc = 0;

	(void)lim;
	if (ynode_check_keys(args, "service", keys, d) != 0)
		return -1;
	s = xcalloc(1, sizeof(*s));
	n = probe_require(args, "name", "service", d);
	if (n == NULL || compile_units(s, n, d) != 0)
		rc = -1;
	n = probe_require(args, "state", "service", d);
	if (n == NULL ||
	    probe_parse_enum(n, "state", state_names, &state, d) != 0)
		rc = -1;
	s->state = (enum svc_state)state;
	if (rc != 0) {
		service_free(s);
		return -1;
	}
	*statep = s;
	return 0;
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

static void
add_name(struct unit_facts *f, const char *name)
{
	if (f->names.n < SERVICE_NAMES_MAX && is_unit_name(name) &&
	    !strlist_has(&f->names, name))
		strlist_add(&f->names, name);
}

/* "getty@.service" for "getty@tty1.service"; NULL for other names. */
static char *
template_of(const char *unit)
{
	const char *at = strchr(unit, '@');
	const char *dot = strrchr(unit, '.');

	if (at == NULL || dot == NULL || dot < at || dot == at + 1)
		return NULL;
	return xasprintf("%.*s%s", (int)(at - unit + 1), unit, dot);
}

/* Does the entry NAME (pointing to TARGET, or NULL) stand for the unit? */
static bool
names_unit(const struct unit_facts *f, const char *name, const char *target)
{
	const char *tb = target != NULL ? base_name(target) : NULL;
	char *tmpl;
	bool hit;

	if (strlist_has(&f->names, name) ||
	    (tb != NULL && strlist_has(&f->names, tb)))
		return true;
	/* Asking for a template ("getty@.service") matches its instances. */
	tmpl = template_of(name);
	hit = tmpl != NULL && strcmp(f->unit, tmpl) == 0;
	free(tmpl);
	return hit;
}

/* Symlinks directly in /etc/systemd/system name aliases: sshd.service ->
 * /lib/systemd/system/ssh.service. Either side may be the one asked. */
static void
etc_aliases(struct unit_facts *f, struct target *t,
    const struct strlist *etc)
{
	struct strbuf link = STRBUF_INIT;
	struct fsnode n;

	for (size_t i = 0; i < etc->n; i++) {
		const char *e = etc->v[i];
		char *path;

		if (!has_suffix_in(e, unit_suffixes))
			continue;
		path = path_join(ETC_UNITS, e);
		if (target_lookup(t, path, false, &n) == FS_OK &&
		    n.type == FS_LNK &&
		    target_readlink(t, path, &link) == FS_OK &&
		    strcmp(link.buf, "/dev/null") != 0) {
			const char *tb = base_name(link.buf);

			if (strcmp(tb, f->unit) == 0)
				add_name(f, e);
			else if (strcmp(e, f->unit) == 0)
				add_name(f, tb);
		}
		free(path);
	}
	strbuf_release(&link);
}

/* Add the names of Alias= lines in the [Install] section of BUF. */
static void
parse_aliases(struct unit_facts *f, const struct strbuf *buf)
{
	bool install = false;
	const char *line;
	size_t len;
	size_t pos = 0;
	unsigned lineno = 0;

	while (next_line(buf->buf, buf->len, &pos, &line, &len, &lineno)) {
		char *fields[SERVICE_NAMES_MAX];
		size_t nf;

		trim_span(&line, &len);
		if (len > 0 && line[0] == '[') {
			install = len == 9 && memcmp(line, "[Install]", 9) == 0;
			continue;
		}
		if (!install || len < 6 || memcmp(line, "Alias=", 6) != 0)
			continue;
		nf = split_fields(line + 6, len - 6, fields, SERVICE_NAMES_MAX);
		for (size_t i = 0; i < nf; i++) {
			if (strchr(fields[i], '%') == NULL)
				add_name(f, fields[i]);
			free(fields[i]);
		}
	}
}

/* The first unit file for the unit's own name, else for an alias, else
 * (for an instance) for its template, in search-path order; reads its
 * aliases. A symlinked unit file is reported as "path -> target". */
static enum status
find_unit_file(struct unit_facts *f, struct target *t, struct evlist *ev)
{
	struct strbuf buf = STRBUF_INIT;
	char *tmpl = template_of(f->unit);
	size_t nnames = f->names.n;
	enum status st = ST_PASS;
	struct fsnode n;
	enum fs_rc rc;

	for (size_t i = 0; i <= nnames && f->file == NULL; i++) {
		const char *name = i < nnames ? f->names.v[i] : tmpl;

		for (size_t d = 0; unit_dirs[d] != NULL && name != NULL &&
		    f->file == NULL; d++) {
			char *path = path_join(unit_dirs[d], name);

			/* A mask (link to /dev/null, empty file) is not a
			 * unit file: look further down the path. */
			if (target_lookup(t, path, true, &n) == FS_OK &&
			    n.type == FS_REG && n.size > 0)
				f->file = path;
			else
				free(path);
		}
	}
	free(tmpl);
	if (f->file == NULL)
		return ST_PASS;
	rc = target_read(t, f->file, 0, &buf);
	if (rc == FS_OK)
		parse_aliases(f, &buf);
	else
		st = probe_read_error(t, ev, f->file, rc);
	if (target_readlink(t, f->file, &buf) == FS_OK)
		f->file_link = strbuf_detach(&buf);
	strbuf_release(&buf);
	return st;
}

static void
find_masks(struct unit_facts *f, struct target *t)
{
	struct strbuf link = STRBUF_INIT;
	struct fsnode n;

	for (size_t d = 0; mask_dirs[d] != NULL; d++) {
		for (size_t i = 0; i < f->names.n; i++) {
			char *path = path_join(mask_dirs[d], f->names.v[i]);

			if (target_lookup(t, path, false, &n) != FS_OK) {
				free(path);
				continue;
			}
			if (n.type == FS_LNK &&
			    target_readlink(t, path, &link) == FS_OK &&
			    strcmp(link.buf, "/dev/null") == 0)
				strlist_adopt(&f->masks,
				    xasprintf("%s -> /dev/null", path));
			else if (n.type == FS_REG && n.size == 0)
				strlist_adopt(&f->masks,
				    xasprintf("%s (empty file)", path));
			free(path);
		}
	}
	strbuf_release(&link);
}

static bool
is_dep_dir(const char *name)
{
	size_t n = strlen(name);

	return (n > 6 && strcmp(name + n - 6, ".wants") == 0) ||
	    (n > 9 && strcmp(name + n - 9, ".requires") == 0);
}

/* Look through one *.wants or *.requires directory. */
static enum status
scan_dep_dir(struct unit_facts *f, struct target *t, const char *dir,
    struct evlist *ev)
{
	struct strlist ents = STRLIST_INIT;
	struct strbuf link = STRBUF_INIT;
	enum status st = ST_PASS;
	enum fs_rc rc;

	rc = target_list(t, dir, &ents);
	if (rc == FS_ENOTDIR || rc == FS_ENOENT)
		return ST_PASS;
	if (rc != FS_OK)
		return probe_read_error(t, ev, dir, rc);
	if (ents.n > f->budget) {
		evlist_add_violation(ev, dir, 0, "too many entries under %s "
		    "(more than %zu in all)", ETC_UNITS, f->budget);
		st = ST_ERROR;
	}
	for (size_t i = 0; i < ents.n && st == ST_PASS; i++) {
		char *path = path_join(dir, ents.v[i]);
		bool islink = target_readlink(t, path, &link) == FS_OK;

		f->budget--;
		if (!(islink && strcmp(link.buf, "/dev/null") == 0) &&
		    names_unit(f, ents.v[i], islink ? link.buf : NULL)) {
			strlist_add(&f->links, path);
			strlist_add(&f->targets, islink ? link.buf : "");
		}
		free(path);
	}
	strbuf_release(&link);
	strlist_release(&ents);
	return st;
}

static enum status
find_links(struct unit_facts *f, struct target *t,
    const struct strlist *etc, struct evlist *ev)
{
	enum status st = ST_PASS;

	for (size_t i = 0; i < etc->n && st == ST_PASS; i++) {
		char *dir;

		if (!is_dep_dir(etc->v[i]))
			continue;
		dir = path_join(ETC_UNITS, etc->v[i]);
		st = scan_dep_dir(f, t, dir, ev);
		free(dir);
	}
	return st;
}

/* ", aliases: a, b" or "". */
static char *
alias_note(const struct unit_facts *f)
{
	struct strbuf b = STRBUF_INIT;

	for (size_t i = 1; i < f->names.n; i++)
		strbuf_addf(&b, "%s%s", i == 1 ? " (also named " : ", ",
		    f->names.v[i]);
	if (b.len > 0)
		strbuf_addch(&b, ')');
	return strbuf_detach(&b);
}

static void
report_file(const struct unit_facts *f, struct evlist *ev)
{
	char *aliases = alias_note(f);

	if (f->file != NULL)
		evlist_add_violation(ev, f->file, 0,
		    "%s is installed: unit file %s%s%s%s", f->unit, f->file,
		    f->file_link != NULL ? " -> " : "", f->file_link != NULL ?
		    f->file_link : "", aliases);
	else
		evlist_add_violation(ev, NULL, 0, "%s is not installed: no "
		    "unit file in /etc/systemd/system, /run/systemd/system, "
		    "/usr/local/lib/systemd/system, /usr/lib/systemd/system or "
		    "/lib/systemd/system%s", f->unit, aliases);
	free(aliases);
}

static void
report_links(const struct unit_facts *f, struct evlist *ev)
{
	for (size_t i = 0; i < f->links.n; i++) {
		if (f->targets.v[i][0] != '\0')
			evlist_add_violation(ev, f->links.v[i], 0,
			    "%s is enabled by %s -> %s", f->unit, f->links.v[i],
			    f->targets.v[i]);
		else
			evlist_add_violation(ev, f->links.v[i], 0,
			    "%s is enabled by %s", f->unit, f->links.v[i]);
	}
	if (f->links.n == 0)
		evlist_add_violation(ev, ETC_UNITS, 0, "%s is not enabled: no "
		    "link to it in any *.wants/ or *.requires/ directory under "
		    "%s", f->unit, ETC_UNITS);
}

static void
report_masks(const struct unit_facts *f, struct evlist *ev)
{
	for (size_t i = 0; i < f->masks.n; i++)
		evlist_add_violation(ev, NULL, 0, "%s is masked by %s", f->unit,
		    f->masks.v[i]);
	if (f->masks.n == 0)
		evlist_add_violation(ev, NULL, 0, "%s is not masked (no link "
		    "to /dev/null or empty file in /etc/systemd/system or "
		    "/run/systemd/system)", f->unit);
}

static enum status
verdict(const struct service_state *s, const struct unit_facts *f,
    struct evlist *ev)
{
	bool masked = f->masks.n > 0;
	bool enabled = f->links.n > 0 && !masked;
	struct evidence *e;
	enum status st;

	switch (s->state) {
	case SVC_ENABLED:
	case SVC_DISABLED:
		report_links(f, ev);
		if (masked)
			report_masks(f, ev);
		st = (enabled == (s->state == SVC_ENABLED)) ? ST_PASS :
		    ST_FAIL;
		e = evlist_add_violation(ev, NULL, 0, "%s is %s", f->unit,
		    enabled ? "enabled" : masked ? "masked" : "disabled");
		if (e != NULL)
			evidence_set_values(e, state_names[s->state],
			    enabled ? "enabled" : "disabled");
		break;
	default:
		report_masks(f, ev);
		st = (masked == (s->state == SVC_MASKED)) ? ST_PASS : ST_FAIL;
		break;
	}
	report_file(f, ev);
	return st;
}

static enum status
look_unit(const struct service_state *s, const char *unit,
    struct probe_env *env, const struct strlist *etc, struct evlist *ev)
{
	struct unit_facts f;
	enum status st;

	memset(&f, 0, sizeof(f));
	f.unit = unit;
	f.budget = env->lim->glob_max;
	strlist_add(&f.names, unit);
	etc_aliases(&f, env->target, etc);
	st = find_unit_file(&f, env->target, ev);
	if (st == ST_PASS) {
		find_masks(&f, env->target);
		st = find_links(&f, env->target, etc, ev);
	}
	if (st == ST_PASS)
		st = verdict(s, &f, ev);
	strlist_release(&f.names);
	strlist_release(&f.masks);
	strlist_release(&f.links);
	strlist_release(&f.targets);
	free(f.file);
	free(f.file_link);
	return st;
}

static enum status
service_eval(void *p, struct probe_env *env, struct evlist *ev)
{
	const struct service_state *s = p;
	struct strlist etc = STRLIST_INIT;
	bool any = s->state == SVC_ENABLED || s->state == SVC_NOT_MASKED;
	enum status st = ST_NOTAPPLICABLE;
	enum fs_rc rc;

	rc = target_list(env->target, ETC_UNITS, &etc);
	if (rc != FS_OK && rc != FS_ENOENT) {
		strlist_release(&etc);
		return probe_read_error(env->target, ev, ETC_UNITS, rc);
	}
	for (size_t i = 0; i < s->nunits; i++) {
		enum status one = look_unit(s, s->units[i], env, &etc, ev);

		st = any ? status_any(st, one) :
		    status_all(st, one);
	}
	strlist_release(&etc);
	return st;
}

const struct probe_ops probe_service = {
	.name = "service",
	.summary = "a systemd unit is enabled, disabled, masked or not "
	    "(offline, from unit symlinks)",
	.compile = service_compile,
	.eval = service_eval,
	.free = service_free,
};
