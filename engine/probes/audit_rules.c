/*
 * audit_rules.c -- the `audit_rules` probe: do the audit rules the system
 * loads at boot contain a rule at least as broad as the benchmark's?
 *
 * Which rules are loaded (audit 3.0): auditd.service (the unit in
 * /etc/systemd/system, /lib/systemd/system or /usr/lib/systemd/system, and
 * its *.conf drop-ins in /etc/systemd/system/auditd.service.d) loads them
 * in ExecStartPost= (an empty assignment resets the list): with
 * `augenrules --load`, the Debian and upstream default, the rules are the
 * files of /etc/audit/rules.d named *.rules (not hidden), concatenated in
 * `ls -v` order; with `auditctl -R FILE` (older Red Hat units), FILE. A
 * unit that runs neither loads no rules. Without an auditd.service (no
 * systemd), Debian's init script runs augenrules, so rules.d is read.
 *
 * Matching. Each `rule:` is written as in audit.rules(7). A loaded rule
 * satisfies it when it has the same list and action (`always,exit`), the
 * same arch, at least the permissions asked (-p / -F perm), covers the
 * syscalls asked (several loaded rules may share them), and exactly the
 * same field filters otherwise (-F and -C, the key excepted): a missing
 * filter (`-F auid>=1000 -F auid!=unset`, which the CIS audit procedure
 * requires) or an extra one (`-F a2&03`, which narrows the rule) does not
 * count. `auid!=-1` and `auid!=4294967295` are `auid!=unset`; `-w PATH -p
 * P` is `-a always,exit -F path=PATH -F perm=P` (and `dir=` is `path=`).
 * `-e N` asks that the last -e of the loaded rules is N (augenrules keeps
 * the last one and puts it at the end).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/dropin.h"
#include "assay/lines.h"
#include "assay/probe.h"
#include "assay/strbuf.h"
#include "assay/util.h"
#include "assay/xmem.h"

#define RULES_D		"/etc/audit/rules.d"
#define UNIT_DROPINS	"/etc/systemd/system/auditd.service.d"
#define AUDIT_SHOW	120	/* bytes of a rule line quoted in evidence */

static const char *const unit_paths[] = {
	"/etc/systemd/system/auditd.service",
	"/lib/systemd/system/auditd.service",
	"/usr/lib/systemd/system/auditd.service",
	NULL
};

/* One rule, normalized. */
struct arule {
	char		*text;		/* as written, for evidence */
	char		*path;		/* file it came from, or NULL */
	unsigned	 line;
	bool		 control;	/* -e, -D, -b, ... */
	char		*enable;	/* -e's value */
	char		*list;		/* "exit", ... */
	char		*action;	/* "always", "never" */
	char		*arch;		/* "b64", or NULL */
	char		*perm;		/* "wa", or NULL */
	struct strlist	 syscalls;
	struct strlist	 fields;	/* "auid>=1000", sorted */
};

struct audit_state {
	struct arule	*want;
	size_t		 nwant;
	size_t		 cap;
};

static const char *const audit_keys[] = { "rule", NULL };

static void
arule_release(struct arule *r)
{
	free(r->text);
	free(r->path);
	free(r->enable);
	free(r->list);
	free(r->action);
	free(r->arch);
	free(r->perm);
	strlist_release(&r->syscalls);
	strlist_release(&r->fields);
}

static void
audit_free(void *state)
{
	struct audit_state *s = state;

	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nwant; i++)
		arule_release(&s->want[i]);
	free(s->want);
	free(s);
}

/* The operator of a field token, or NULL. */
static const char *
field_op(const char *tok, size_t *oplen)
{
	static const char *const ops[] = {
		"!=", ">=", "<=", "&=", "=", ">", "<", "&", NULL
	};
	const char *best = NULL;

	for (size_t i = 0; ops[i] != NULL; i++) {
		const char *p = strstr(tok, ops[i]);

		if (p != NULL && p > tok && (best == NULL || p < best ||
		    (p == best && strlen(ops[i]) > *oplen))) {
			best = p;
			*oplen = strlen(ops[i]);
		}
	}
	return best;
}

static void
add_perm(struct arule *r, const char *p)
{
	free(r->perm);
	r->perm = xstrdup(p);
}

static char *
strip_slashes(const char *s)
{
	size_t n = strlen(s);

	while (n > 1 && s[n - 1] == '/')
		n--;
	return xstrndup(s, n);
}

/* One -F or -C token into R. */
static void
add_field(struct arule *r, const char *tok)
{
	size_t oplen = 0;
	const char *op = field_op(tok, &oplen);
	char *name;
	const char *value;

	if (op == NULL) {
		strlist_add(&r->fields, tok);
		return;
	}
	name = xstrndup(tok, (size_t)(op - tok));
	value = op + oplen;
	if (strcmp(name, "key") == 0) {
		/* keys only label events */
	} else if (strcmp(name, "arch") == 0) {
		free(r->arch);
		r->arch = xstrdup(value);
	} else if (strcmp(name, "perm") == 0) {
		add_perm(r, value);
	} else if (strcmp(name, "auid") == 0 && oplen == 2 &&
	    op[0] == '!' && (strcmp(value, "-1") == 0 ||
	    strcmp(value, "4294967295") == 0 || strcmp(value, "unset") == 0)) {
		strlist_add(&r->fields, "auid!=unset");
	} else if (strcmp(name, "path") == 0 || strcmp(name, "dir") == 0) {
		char *v = strip_slashes(value);

		strlist_adopt(&r->fields, xasprintf("path%.*s%s", (int)oplen,
		    op, v));
		free(v);
	} else {
		strlist_add(&r->fields, tok);
	}
	free(name);
}

static void
split_list(struct strlist *out, const char *s)
{
	const char *p = s;

	while (*p != '\0') {
		size_t n = strcspn(p, ",");

		if (n > 0)
			strlist_adopt(out, xstrndup(p, n));
		p += n;
		if (*p == ',')
			p++;
	}
}

static bool
is_action(const char *s)
{
	return strcmp(s, "always") == 0 || strcmp(s, "never") == 0;
}

/* Parse LINE (trimmed, not a comment) into R. 0, or -1 with *WHY set
 * (static) when it is not a rule we understand. */
static int
arule_parse(const char *line, struct arule *r, const char **why)
{
	struct strlist tok = STRLIST_INIT;
	const char *p = line;
	char *w = NULL;
	int rc = 0;

	memset(r, 0, sizeof(*r));
	r->text = xstrdup(line);
	while (*p != '\0') {
		size_t n;

		while (*p == ' ' || *p == '\t')
			p++;
		n = strcspn(p, " \t");
		if (n > 0)
			strlist_adopt(&tok, xstrndup(p, n));
		p += n;
	}
	/* each option takes the token after it as its value */
	for (size_t i = 0; i < tok.n && rc == 0; i += 2) {
		const char *o = tok.v[i];
		const char *v = i + 1 < tok.n ? tok.v[i + 1] : NULL;

		if (strcmp(o, "-e") == 0 || strcmp(o, "-D") == 0 ||
		    strcmp(o, "-b") == 0 || strcmp(o, "-f") == 0 ||
		    strcmp(o, "-r") == 0 || strcmp(o, "--backlog_wait_time") ==
		    0 || strcmp(o, "--loginuid-immutable") == 0) {
			r->control = true;
			if (strcmp(o, "-e") == 0 && v != NULL)
				r->enable = xstrdup(v);
			break;
		}
		if (v == NULL) {
			*why = "an option lacks its value";
			rc = -1;
		} else if ((strcmp(o, "-w") == 0 || strcmp(o, "-a") == 0 ||
		    strcmp(o, "-A") == 0) && (w != NULL || r->list != NULL)) {
			/* auditctl 3.0 (auditctl.c, setopt): "Multiple rule
			 * insert/delete operations are not allowed" */
			*why = "more than one -w, -a or -A";
			rc = -1;
		} else if (strcmp(o, "-w") == 0) {
			w = strip_slashes(v);
		} else if (strcmp(o, "-p") == 0) {
			add_perm(r, v);
		} else if (strcmp(o, "-k") == 0) {
			/* a key */
		} else if (strcmp(o, "-a") == 0 || strcmp(o, "-A") == 0) {
			const char *comma = strchr(v, ',');

			if (comma == NULL) {
				*why = "-a needs list,action";
				rc = -1;
			} else {
				char *a = xstrndup(v, (size_t)(comma - v));
				char *b = xstrdup(comma + 1);

				r->action = is_action(a) ? a : b;
				r->list = is_action(a) ? b : a;
			}
		} else if (strcmp(o, "-S") == 0) {
			split_list(&r->syscalls, v);
		} else if (strcmp(o, "-F") == 0 || strcmp(o, "-C") == 0) {
			add_field(r, v);
		} else {
			*why = "unknown option";
			rc = -1;
		}
	}
	if (rc == 0 && w != NULL) {
		r->list = xstrdup("exit");
		r->action = xstrdup("always");
		strlist_adopt(&r->fields, xasprintf("path=%s", w));
		if (r->perm == NULL)
			r->perm = xstrdup("rwxa");
	}
	if (rc == 0 && !r->control && r->list == NULL) {
		*why = "neither -w, -a nor -e";
		rc = -1;
	}
	free(w);
	strlist_release(&tok);
	strlist_sort(&r->fields);
	return rc;
}

static int
audit_compile_one(const struct ynode *n, struct audit_state *s,
    struct diag *d)
{
	const char *text;
	const char *why = NULL;
	struct arule r;

	if (ynode_str(n, "rule", &text, d) != 0)
		return -1;
	if (arule_parse(text, &r, &why) != 0 ||
	    (r.control && r.enable == NULL)) {
		diag_add(d, &n->at, "rule: expected an audit rule such as "
		    "\"-w /etc/sudoers -p wa\" or \"-e 2\", got %s (%s)",
		    ynode_show(n), why != NULL ? why : "only -e is checked");
		arule_release(&r);
		return -1;
	}
	xgrow((void **)&s->want, &s->cap, s->nwant + 1, sizeof(*s->want));
	s->want[s->nwant++] = r;
	return 0;
}

static int
audit_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	struct audit_state *s;
	const struct ynode *n;
	int rc = 0;

	(void)lim;
	if (ynode_check_keys(args, "audit_rules", audit_keys, d) != 0)
		return -1;
	n = probe_require(args, "rule", "audit_rules", d);
	if (n == NULL)
		return -1;
	s = xcalloc(1, sizeof(*s));
	if (ynode_is_seq(n) && n->len > 0) {
		for (size_t i = 0; i < n->len; i++)
			if (audit_compile_one(n->items[i], s, d) != 0)
				rc = -1;
	} else if (ynode_is_seq(n)) {
		diag_add(d, &n->at, "rule: expected a rule or a list of "
		    "rules, got an empty sequence");
		rc = -1;
	} else if (audit_compile_one(n, s, d) != 0) {
		rc = -1;
	}
	if (rc != 0) {
		audit_free(s);
		return -1;
	}
	*statep = s;
	return 0;
}

/*
 * Which rules the system loads.
 */

struct loaded {
	struct arule	*v;
	size_t		 n;
	size_t		 cap;
	char		*source;	/* for evidence */
	size_t		 nfiles;
};

static void
loaded_release(struct loaded *l)
{
	for (size_t i = 0; i < l->n; i++)
		arule_release(&l->v[i]);
	free(l->v);
	free(l->source);
}

/* The ExecStartPost= commands of one unit file, appended to CMDS (an
 * empty assignment resets them). */
static void
unit_exec_post(const char *text, size_t len, struct strlist *cmds)
{
	size_t pos = 0;
	unsigned lineno = 0;
	const char *line;
	size_t n;

	while (next_line(text, len, &pos, &line, &n, &lineno)) {
		const char *eq;
		const char *val;
		size_t klen;
		size_t vlen;

		trim_span(&line, &n);
		eq = memchr(line, '=', n);
		if (eq == NULL || line[0] == '#' || line[0] == ';')
			continue;
		klen = (size_t)(eq - line);
		trim_span(&line, &klen);
		if (klen != 13 || strncmp(line, "ExecStartPost", 13) != 0)
			continue;
		val = eq + 1;
		vlen = (size_t)(line + n - val);
		trim_span(&val, &vlen);
		if (vlen == 0)
			strlist_release(cmds);
		else
			strlist_adopt(cmds, xstrndup(val, vlen));
	}
}

/* The file `auditctl -R FILE` in CMD, or NULL. */
static char *
auditctl_file(const char *cmd)
{
	const char *r = strstr(cmd, " -R");
	size_t n;

	if (strstr(cmd, "auditctl") == NULL || r == NULL)
		return NULL;
	r += 3;
	while (*r == ' ' || *r == '\t')
		r++;
	n = strcspn(r, " \t");
	return n > 0 ? xstrndup(r, n) : NULL;
}

enum loader { LOAD_AUGENRULES, LOAD_AUDITCTL, LOAD_NONE };

/* How auditd.service loads the rules: *FILEP gets auditctl's file.
 * *UNITP names the unit read (or NULL). */
static enum loader
find_loader(struct target *t, char **filep, char **unitp)
{
	struct strbuf buf = STRBUF_INIT;
	struct strlist cmds = STRLIST_INIT;
	struct strlist drop = STRLIST_INIT;
	enum loader l = LOAD_AUGENRULES;

	*filep = NULL;
	*unitp = NULL;
	for (size_t i = 0; unit_paths[i] != NULL && *unitp == NULL; i++)
		if (target_read(t, unit_paths[i], 0, &buf) == FS_OK) {
			*unitp = xstrdup(unit_paths[i]);
			unit_exec_post(buf.buf, buf.len, &cmds);
		}
	if (*unitp == NULL) {
		strbuf_release(&buf);
		return LOAD_AUGENRULES;
	}
	if (dropin_list(t, DROPIN_SYSTEMD, UNIT_DROPINS, &drop) == FS_OK)
		for (size_t i = 0; i < drop.n; i++) {
			char *p = path_join(UNIT_DROPINS, drop.v[i]);

			if (target_read(t, p, 0, &buf) == FS_OK)
				unit_exec_post(buf.buf, buf.len, &cmds);
			free(p);
		}
	l = LOAD_NONE;
	for (size_t i = 0; i < cmds.n && l == LOAD_NONE; i++) {
		if (strstr(cmds.v[i], "augenrules") != NULL)
			l = LOAD_AUGENRULES;
		else if ((*filep = auditctl_file(cmds.v[i])) != NULL)
			l = LOAD_AUDITCTL;
	}
	strlist_release(&drop);
	strlist_release(&cmds);
	strbuf_release(&buf);
	return l;
}

static enum status
read_rules(struct target *t, const char *path, struct loaded *l,
    struct evlist *ev)
{
	struct lines r;
	/* auditctl -R (audit-userspace auditctl.c, fileopt()) and
	 * augenrules read a rule a line, no continuation; a line whose
	 * first non-blank is '#' is a comment. */
	enum fs_rc rc = lines_read(&r, t, path, &lines_simple);

	if (rc != FS_OK) {
		lines_release(&r);
		return rc == FS_ENOENT ? ST_PASS :
		    probe_read_error(t, ev, path, rc);
	}
	l->nfiles++;
	while (lines_next(&r)) {
		const char *why = NULL;
		struct arule ar;
		char *text = xstrndup(r.line, r.linelen);

		if (arule_parse(text, &ar, &why) == 0) {
			ar.path = xstrdup(path);
			ar.line = r.lineno;
			xgrow((void **)&l->v, &l->cap, l->n + 1,
			    sizeof(*l->v));
			l->v[l->n++] = ar;
		} else {
			arule_release(&ar);
		}
		free(text);
	}
	lines_release(&r);
	return ST_PASS;
}

static enum status
load_rules(struct target *t, struct loaded *l, struct evlist *ev)
{
	char *file = NULL;
	char *unit = NULL;
	enum loader how = find_loader(t, &file, &unit);
	struct strlist names = STRLIST_INIT;
	enum status st = ST_PASS;
	enum fs_rc rc;

	switch (how) {
	case LOAD_NONE:
		l->source = xasprintf("%s loads no audit rules (its "
		    "ExecStartPost= runs neither augenrules nor auditctl -R)",
		    unit);
		break;
	case LOAD_AUDITCTL:
		l->source = xasprintf("%s (%s runs auditctl -R)", file, unit);
		st = read_rules(t, file, l, ev);
		break;
	case LOAD_AUGENRULES:
		l->source = xasprintf("%s/*.rules (%s)", RULES_D,
		    unit != NULL ? "augenrules, run by auditd.service" :
		    "augenrules: no auditd.service, Debian's init script");
		rc = dropin_list(t, DROPIN_AUGENRULES, RULES_D, &names);
		if (rc != FS_OK && rc != FS_ENOENT && rc != FS_ENOTDIR)
			st = probe_read_error(t, ev, RULES_D, rc);
		for (size_t i = 0; i < names.n && st == ST_PASS; i++) {
			char *p = path_join(RULES_D, names.v[i]);

			st = read_rules(t, p, l, ev);
			free(p);
		}
		break;
	}
	strlist_release(&names);
	free(file);
	free(unit);
	return st;
}

/*
 * Matching.
 */

static bool
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Every permission letter of WANT is in HAVE. */
static bool
perm_covers(const char *have, const char *want)
{
	if (want == NULL)
		return have == NULL;
	if (have == NULL)
		return true;	/* no perm filter: every access */
	for (; *want != '\0'; want++)
		if (strchr(have, *want) == NULL)
			return false;
	return true;
}

static bool
same_fields(const struct strlist *a, const struct strlist *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

/* Does HAVE match WANT in everything but the syscalls? */
static bool
same_shape(const struct arule *have, const struct arule *want)
{
	return !have->control && same_str(have->list, want->list) &&
	    same_str(have->action, want->action) &&
	    same_str(have->arch, want->arch) &&
	    perm_covers(have->perm, want->perm) &&
	    same_fields(&have->fields, &want->fields);
}

static bool
has_syscall(const struct arule *r, const char *sc)
{
	return strlist_has(&r->syscalls, sc) ||
	    strlist_has(&r->syscalls, "all");
}

/* Does R mention one of WANT's syscalls or its path (a near miss)? */
static bool
related(const struct arule *r, const struct arule *want)
{
	if (r->control)
		return false;
	for (size_t i = 0; i < want->syscalls.n; i++)
		if (strlist_has(&r->syscalls, want->syscalls.v[i]))
			return true;
	for (size_t i = 0; i < want->fields.n; i++)
		if (strncmp(want->fields.v[i], "path=", 5) == 0 &&
		    strlist_has(&r->fields, want->fields.v[i]))
			return true;
	return false;
}

static enum status
check_enable(const struct arule *want, const struct loaded *l,
    struct evlist *ev)
{
	const struct arule *last = NULL;
	struct evidence *e;

	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].control && l->v[i].enable != NULL)
			last = &l->v[i];
	if (last == NULL) {
		e = evlist_add_violation(ev, NULL, 0,
		    "no -e in the loaded rules, %s", l->source);
		evidence_set_values(e, want->text, NULL);
		return ST_FAIL;
	}
	e = evlist_add_violation(ev, last->path, last->line,
	    "%s:%u: %s (the last -e of %s)", last->path, last->line, last->text,
	    l->source);
	evidence_set_values(e, want->text, last->text);
	return strcmp(last->enable, want->enable) == 0 ? ST_PASS : ST_FAIL;
}

static enum status
check_one(const struct arule *want, const struct loaded *l,
    struct evlist *ev)
{
	size_t nsc = want->syscalls.n > 0 ? want->syscalls.n : 1;
	struct strlist missing = STRLIST_INIT;
	struct evidence *e;
	bool any = false;

	if (want->control)
		return check_enable(want, l, ev);
	for (size_t k = 0; k < nsc; k++) {
		const char *sc = want->syscalls.n > 0 ?
		    want->syscalls.v[k] : NULL;
		const struct arule *hit = NULL;

		for (size_t i = 0; i < l->n && hit == NULL; i++) {
			const struct arule *r = &l->v[i];

			if (!same_shape(r, want))
				continue;
			if (sc == NULL ? r->syscalls.n == 0 :
			    has_syscall(r, sc))
				hit = r;
		}
		if (hit == NULL) {
			if (sc != NULL)
				strlist_add(&missing, sc);
			any = true;
			continue;
		}
		evlist_add_violation(ev, hit->path, hit->line, "%s:%u: %s "
			    "covers %s%s", hit->path, hit->line, hit->text,
			    sc != NULL ? sc : "the rule",
			    sc != NULL ? "" : " asked");
	}
	if (!any) {
		strlist_release(&missing);
		return ST_PASS;
	}
	{
		struct strbuf b = STRBUF_INIT;

		for (size_t i = 0; i < missing.n; i++)
			if (strbuf_addf(&b, "%s%s", i > 0 ? "," : "",
			    missing.v[i]) != 0)
				break;
		e = evlist_add_violation(ev, NULL, 0, "no loaded rule is as "
		    "broad as `%s`%s%s (rules from %s)", want->text, missing.n >
		    0 ? " for the syscalls " : "", missing.n > 0 ? b.buf : "",
		    l->source);
		evidence_set_values(e, want->text, NULL);
		strbuf_release(&b);
	}
	for (size_t i = 0; i < l->n; i++)
		if (related(&l->v[i], want) && !same_shape(&l->v[i], want))
			evlist_add_violation(ev, l->v[i].path, l->v[i].line,
			    "%s:%u: %s has other filters (a missing or an "
			    "extra -F narrows it) and does not count",
			    l->v[i].path, l->v[i].line, l->v[i].text);
	strlist_release(&missing);
	return ST_FAIL;
}

static enum status
audit_eval(void *state, struct probe_env *env, struct evlist *ev)
{
	const struct audit_state *s = state;
	struct loaded l;
	enum status st;

	memset(&l, 0, sizeof(l));
	st = load_rules(env->target, &l, ev);
	for (size_t i = 0; st != ST_ERROR && i < s->nwant; i++)
		st = status_all(st, check_one(&s->want[i], &l, ev));
	loaded_release(&l);
	return st;
}

const struct probe_ops probe_audit_rules = {
	.name = "audit_rules",
	.summary = "the audit rules loaded at boot (augenrules or auditctl "
	    "-R, as auditd.service runs) hold a rule at least as broad as "
	    "each one asked, with exactly its filters",
	.compile = audit_compile,
	.eval = audit_eval,
	.free = audit_free,
};
