/*
 * image.c -- the `image` probe: rules on a container image's config,
 * history and layers rather than on its files.
 *
 *   image: {check: user_not_root}
 *   image: {check: healthcheck}
 *   image: {check: env_secrets, allow: [KEYCLOAK_KEY_ALIAS]}
 *   image: {check: labels, required: [org.opencontainers.image.source]}
 *   image: {check: ports, forbidden: [22, 23]}
 *   image: {check: history_patterns, forbidden: ["(^|\\s)ADD\\s"]}
 *   image: {check: entrypoint, expect: {not_matches: "^/bin/sh"}}
 *   image: {check: annotation, key: K, value: V}
 *   image: {check: hidden_files, name: [id_rsa, "*.pem"]}
 *
 * What CIS Docker Benchmark section 4 and Dockle check lives in the image
 * config (User, Env, ExposedPorts, Healthcheck, Labels), in the history
 * the builder recorded (each step's created_by) and in what the layers
 * hide: a file deleted by a later layer is still in the tarball anyone
 * can pull. All of it comes from image.h and target_walk_hidden(); a
 * directory target has none of it, so every check is `notapplicable`
 * there, which lets one pack serve both kinds of target.
 *
 * Secrets never reach the evidence: env_secrets names the variable and
 * says "value redacted", and never quotes a history entry it flags.
 * Other evidence quotes config values and created_by lines truncated,
 * with control characters blanked, so one hostile history entry cannot
 * flood a report.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "assay/expect.h"
#include "assay/image.h"
#include "assay/probe.h"
#include "assay/rx.h"
#include "assay/util.h"
#include "assay/xmem.h"

/* Bytes of a config value or created_by line quoted in evidence. */
#define SHOW_MAX	160

enum icheck {
	IC_ANNOTATION,
	IC_ENTRYPOINT,
	IC_ENV_SECRETS,
	IC_HEALTHCHECK,
	IC_HIDDEN_FILES,
	IC_HISTORY_PATTERNS,
	IC_LABELS,
	IC_PORTS,
	IC_USER_NOT_ROOT,
};

static const char *const check_names[] = {
	"annotation", "entrypoint", "env_secrets", "healthcheck",
	"hidden_files", "history_patterns", "labels", "ports",
	"user_not_root", NULL
};

/* The options each check takes; any other given option is an error. */
#define OPT_PATTERN	0x001
#define OPT_ALLOW	0x002
#define OPT_VALUES	0x004
#define OPT_HISTORY	0x008
#define OPT_REQUIRED	0x010
#define OPT_FORBIDDEN	0x020
#define OPT_EXPECT	0x040
#define OPT_KEY		0x080
#define OPT_VALUE	0x100
#define OPT_NAME	0x200

static const unsigned check_opts[] = {
	[IC_ANNOTATION] = OPT_KEY | OPT_VALUE,
	[IC_ENTRYPOINT] = OPT_EXPECT,
	[IC_ENV_SECRETS] = OPT_PATTERN | OPT_ALLOW | OPT_VALUES | OPT_HISTORY,
	[IC_HEALTHCHECK] = 0,
	[IC_HIDDEN_FILES] = OPT_NAME,
	[IC_HISTORY_PATTERNS] = OPT_FORBIDDEN,
	[IC_LABELS] = OPT_REQUIRED,
	[IC_PORTS] = OPT_FORBIDDEN,
	[IC_USER_NOT_ROOT] = 0,
};

static const struct probe_opt options[] = {
	{ "pattern", OPT_PATTERN },
	{ "allow", OPT_ALLOW },
	{ "values", OPT_VALUES },
	{ "history", OPT_HISTORY },
	{ "required", OPT_REQUIRED },
	{ "forbidden", OPT_FORBIDDEN },
	{ "expect", OPT_EXPECT },
	{ "key", OPT_KEY },
	{ "value", OPT_VALUE },
	{ "name", OPT_NAME },
	{ NULL, 0 }
};

/* Dockle's CIS-DI-0010 environment names, and the names it accepts. */
#define SECRET_NAME_RE \
	"(?i)(PASS|PASSWD|PASSWORD|SECRET|KEY|ACCESS|TOKEN)"
static const char *const default_allow[] = { "GPG_KEY", "GPG_KEYS", NULL };

/* Values that are credentials whatever the variable is called. */
static const struct {
	const char	*re;
	const char	*what;
} secret_values[] = {
	{ "-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----",
	    "a private key" },
	{ "\\b(AKIA|ASIA)[0-9A-Z]{16}\\b", "an AWS access key id" },
	{ "\\bgh[pousr]_[A-Za-z0-9]{36,}\\b", "a GitHub token" },
	{ "\\bxox[abposr]-[A-Za-z0-9-]{10,}", "a Slack token" },
	{ "\\b[a-z][a-z0-9+.-]*://[^/\\s:@]+:[^/\\s@]+@",
	    "a URL with a password" },
};
#define NSECRET_VALUES	(sizeof(secret_values) / sizeof(secret_values[0]))

/* Remote code fetched at build time, the update-alone step (CIS 4.7) and
 * sudo (DKL-DI-0001): what history_patterns forbids by default. */
static const char *const default_forbidden[] = {
	"\\bADD\\s+(--\\S+\\s+)*(https?://|url:)",
	"\\bcurl\\b[^|;&]*\\|\\s*(sudo\\s+)?(ba|da|z)?sh\\b",
	"\\bwget\\b[^|;&]*\\|\\s*(sudo\\s+)?(ba|da|z)?sh\\b",
	"^(?!.*\\bapt(-get)?\\s+(-\\S+\\s+)*install\\b)"
	    ".*\\bapt(-get)?\\s+(-\\S+\\s+)*update\\b",
	"\\bsudo\\s",
	NULL
};

/* Dockle's secret file names and extensions, and ssh host keys. */
static const char *const default_hidden_names[] = {
	"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "credentials.json",
	"credentials", "credential", "password.txt", "secret_token.rb",
	"carrierwave.rb", "omniauth.rb", "database.yml", "credentials.xml",
	".env", ".netrc", ".pgpass", ".git-credentials", ".htpasswd",
	"ssh_host_*_key", "*.pem", "*.key", "*.p12", "*.pfx", "*.secret",
	"*.ovpn", "*.private_key", "*.cscfg", "*.rdp", "*.mdf", "*.sdf",
	"*.bek", "*.tpm", "*.fve", "*.jks", "*.psafe3", "*.agilekeychain",
	"*.keychain", "*.pcap", NULL
};

static const char *const default_ports[] = { "22", "23", NULL };

struct image_state {
	enum icheck	 check;
	/* env_secrets */
	struct rx	*name_rx;
	struct rx	*value_rx[NSECRET_VALUES];
	struct strlist	 allow;
	bool		 values;
	bool		 history;
	/* labels, ports, hidden_files */
	struct strlist	 list;
	/* history_patterns */
	struct rx	**forbid;
	size_t		 nforbid;
	/* entrypoint */
	struct expect	*expect;
	/* annotation */
	char		*key;
	char		*value;
};

static void
image_free(void *p)
{
	struct image_state *s = p;

	if (s == NULL)
		return;
	rx_free(s->name_rx);
	for (size_t i = 0; i < NSECRET_VALUES; i++)
		rx_free(s->value_rx[i]);
	for (size_t i = 0; i < s->nforbid; i++)
		rx_free(s->forbid[i]);
	free(s->forbid);
	strlist_release(&s->allow);
	strlist_release(&s->list);
	expect_free(s->expect);
	free(s->key);
	free(s->value);
	free(s);
}

/* Compiling. */

/* The list under KEY (or DEFS when absent) into OUT. */
static int
compile_list(const struct ynode *args, const char *key,
    const char *const *defs, struct strlist *out, struct diag *d)
{
	const struct ynode *n = ynode_get(args, key);
	size_t had = out->n;

	if (n == NULL) {
		for (size_t i = 0; defs != NULL && defs[i] != NULL; i++)
			strlist_add(out, defs[i]);
		return 0;
	}
	if (probe_parse_strlist(n, key, out, d) != 0)
		return -1;
	if (out->n == had) {
		diag_add(d, &n->at, "%s: expected at least one item", key);
		return -1;
	}
	return 0;
}

/* The credential-value regexes: env_secrets judges values with them,
 * and the checks that quote a created_by line use them to hold back a
 * line that holds a key. */
static int
compile_values(struct image_state *s, const struct ynode *args,
    const struct limits *lim, struct diag *d)
{
	for (size_t i = 0; i < NSECRET_VALUES; i++) {
		s->value_rx[i] = rx_compile(secret_values[i].re, 0, "value",
		    &args->at, lim, d);
		if (s->value_rx[i] == NULL)
			return -1;
	}
	return 0;
}

static int
compile_env_secrets(struct image_state *s, const struct ynode *args,
    const struct limits *lim, struct diag *d)
{
	const struct ynode *n = ynode_get(args, "pattern");
	const char *pat = SECRET_NAME_RE;
	const struct srcpos *at = &args->at;

	if (n != NULL) {
		if (ynode_str(n, "pattern", &pat, d) != 0)
			return -1;
		at = &n->at;
	}
	s->name_rx = rx_compile(pat, 0, "pattern", at, lim, d);
	if (s->name_rx == NULL || compile_values(s, args, lim, d) != 0)
		return -1;
	for (size_t i = 0; default_allow[i] != NULL; i++)
		strlist_add(&s->allow, default_allow[i]);
	s->values = true;
	s->history = true;
	if (compile_list(args, "allow", NULL, &s->allow, d) != 0)
		return -1;
	if ((n = ynode_get(args, "values")) != NULL &&
	    ynode_bool(n, "values", &s->values, d) != 0)
		return -1;
	if ((n = ynode_get(args, "history")) != NULL &&
	    ynode_bool(n, "history", &s->history, d) != 0)
		return -1;
	return 0;
}

static int
compile_history(struct image_state *s, const struct ynode *args,
    const struct limits *lim, struct diag *d)
{
	struct strlist pats = STRLIST_INIT;
	const struct ynode *n = ynode_get(args, "forbidden");
	const struct srcpos *at = n != NULL ? &n->at : &args->at;
	int rc = 0;

	if (compile_list(args, "forbidden", default_forbidden, &pats, d) != 0)
		return -1;
	s->forbid = xcalloc(pats.n, sizeof(*s->forbid));
	for (size_t i = 0; i < pats.n; i++) {
		const struct srcpos *iat = at;

		if (n != NULL && ynode_is_seq(n))
			iat = &n->items[i]->at;
		s->forbid[s->nforbid] = rx_compile(pats.v[i], 0, "forbidden",
		    iat, lim, d);
		if (s->forbid[s->nforbid] == NULL)
			rc = -1;
		else
			s->nforbid++;
	}
	strlist_release(&pats);
	return rc;
}

/* "22", "22/tcp", "53/udp", "9/sctp". */
static bool
port_valid(const char *p)
{
	const char *slash = strchr(p, '/');
	char *num = slash != NULL ? xstrndup(p, (size_t)(slash - p)) :
	    xstrdup(p);
	uint64_t v;
	bool ok = parse_uint(num, 1, 65535, &v) == 0;

	free(num);
	if (ok && slash != NULL)
		ok = strcmp(slash, "/tcp") == 0 || strcmp(slash, "/udp") == 0 ||
		    strcmp(slash, "/sctp") == 0;
	return ok;
}

static int
compile_ports(struct image_state *s, const struct ynode *args,
    struct diag *d)
{
	const struct ynode *n = ynode_get(args, "forbidden");

	if (compile_list(args, "forbidden", default_ports, &s->list, d) != 0)
		return -1;
	for (size_t i = 0; i < s->list.n; i++)
		if (!port_valid(s->list.v[i])) {
			diag_add(d, ynode_is_seq(n) ? &n->items[i]->at : &n->at,
			    "forbidden: expected a port (1-65535, optionally "
			    "/tcp, /udp or /sctp), got \"%s\"", s->list.v[i]);
			return -1;
		}
	return 0;
}

static int
compile_annotation(struct image_state *s, const struct ynode *args,
    struct diag *d)
{
	const struct ynode *n = probe_require(args, "key", "image", d);
	const char *t;

	if (n == NULL || ynode_str(n, "key", &t, d) != 0)
		return -1;
	s->key = xstrdup(t);
	if ((n = ynode_get(args, "value")) != NULL) {
		if (ynode_str(n, "value", &t, d) != 0)
			return -1;
		s->value = xstrdup(t);
	}
	return 0;
}

static int
compile_check(struct image_state *s, const struct ynode *args,
    const struct limits *lim, struct diag *d)
{
	const struct ynode *n;

	switch (s->check) {
	case IC_ANNOTATION:
		return compile_annotation(s, args, d);
	case IC_ENTRYPOINT:
		if ((n = ynode_get(args, "expect")) == NULL)
			return 0;
		s->expect = expect_compile(n, lim, d);
		return s->expect != NULL ? 0 : -1;
	case IC_ENV_SECRETS:
		return compile_env_secrets(s, args, lim, d);
	case IC_HIDDEN_FILES:
		if (compile_values(s, args, lim, d) != 0)
			return -1;
		return compile_list(args, "name", default_hidden_names,
		    &s->list, d);
	case IC_HISTORY_PATTERNS:
		if (compile_values(s, args, lim, d) != 0)
			return -1;
		return compile_history(s, args, lim, d);
	case IC_LABELS:
		if (probe_require(args, "required", "image check \"labels\"",
		    d) == NULL)
			return -1;
		return compile_list(args, "required", NULL, &s->list, d);
	case IC_PORTS:
		return compile_ports(s, args, d);
	case IC_HEALTHCHECK:
	case IC_USER_NOT_ROOT:
		break;
	}
	return 0;
}

static int
image_compile(const struct ynode *args, const struct limits *lim,
    void **statep, struct diag *d)
{
	static const char *const keys[] = {
		"check", "pattern", "allow", "values", "history", "required",
		"forbidden", "expect", "key", "value", "name", NULL
	};
	struct image_state *s;
	const struct ynode *n;
	int c;

	if (ynode_check_keys(args, "image", keys, d) != 0)
		return -1;
	n = probe_require(args, "check", "image", d);
	if (n == NULL || probe_parse_enum(n, "check", check_names, &c, d) != 0)
		return -1;
	s = xcalloc(1, sizeof(*s));
	s->check = (enum icheck)c;
	if (probe_check_opts(args, options, check_opts[c], "check",
	    check_names[c], d) != 0 || compile_check(s, args, lim, d) != 0) {
		image_free(s);
		return -1;
	}
	*statep = s;
	return 0;
}

/* Evidence helpers. */

/* S cut to SHOW_MAX bytes at a UTF-8 boundary, control characters as
 * blanks, "..." appended when cut. Malloc'd. */
static char *
show(const char *s)
{
	size_t len = strlen(s);
	bool cut = len > SHOW_MAX;
	char *out;

	if (cut) {
		len = SHOW_MAX;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	out = xmalloc(len + 4);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		out[i] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
	}
	memcpy(out + len, cut ? "..." : "", cut ? 4 : 1);
	return out;
}

/* `history[3] (layer 2)` or `history[5] (no layer)`. */
static char *
history_label(const struct image_config *c, size_t i)
{
	if (c->history[i].layer < 0)
		return xasprintf("history[%zu] (no layer)", i);
	return xasprintf("history[%zu] (layer %d)", i, c->history[i].layer);
}

/* WORDS as a JSON-like list: ["/bin/sh", "-c"]. Malloc'd, each word
 * shown (truncated, no control characters). */
static char *
show_words(const char *const *words, size_t n)
{
	struct strbuf b = STRBUF_INIT;

	strbuf_addch(&b, '[');
	for (size_t i = 0; i < n; i++) {
		char *w = show(words[i]);

		strbuf_addf(&b, "%s\"%s\"", i > 0 ? ", " : "", w);
		free(w);
	}
	strbuf_addch(&b, ']');
	return strbuf_detach(&b);
}

/* user_not_root (CIS 4.1): USER empty, root, 0, or a name that is uid 0
 * in the image's /etc/passwd. Only the part before ':' (the group) is the
 * user. */
static enum status
fail_root(struct evlist *ev, const char *path, const char *what,
    const char *found)
{
	struct evidence *e = evlist_add_violation(ev, path, 0, "%s", what);

	if (e != NULL)
		evidence_set_values(e, "a user other than root (uid 0)",
		    found);
	return ST_FAIL;
}

static enum status
eval_user(const struct image_config *c, struct probe_env *env,
    struct evlist *ev)
{
	const char *u = c->user != NULL ? c->user : "";
	size_t len = strcspn(u, ":");
	char *name = xstrndup(u, len);
	char *shown = show(u);
	enum status st = ST_PASS;
	uint32_t uid;
	uint64_t v;

	if (name[0] == '\0') {
		st = fail_root(ev, NULL, "config User is not set: the "
		    "container runs as root", "(not set)");
	} else if (parse_uint(name, 0, UINT32_MAX, &v) == 0) {
		if (v == 0)
			st = fail_root(ev, NULL, "config User is uid 0 (root)",
			    shown);
		else
			evlist_add_violation(ev, NULL, 0,
			    "config User \"%s\": uid %llu", shown, (unsigned
			    long long)v);
	} else if (strcmp(name, "root") == 0) {
		st = fail_root(ev, NULL, "config User is \"root\"", shown);
	} else if ((st = probe_user_lookup(env->target, name, &uid, ev)) ==
	    ST_PASS) {
		if (uid == 0) {
			char *m = xasprintf("config User \"%s\" has uid 0 in "
			    "the image's %s", shown, PROBE_PASSWD);

			st = fail_root(ev, PROBE_PASSWD, m, "uid 0");
			free(m);
		} else {
			evlist_add_violation(ev, PROBE_PASSWD, 0, "config User "
			    "\"%s\": uid %u in the image's %s", shown, uid,
			    PROBE_PASSWD);
		}
	}
	free(name);
	free(shown);
	return st;
}

/* healthcheck (CIS 4.6). When the history shows a HEALTHCHECK step but
 * the config has none, say why: OCI image configs have no Healthcheck
 * field, so converting a docker image to OCI drops it. */
static enum status
eval_healthcheck(const struct image_config *c, struct evlist *ev)
{
	struct evidence *e;

	if (c->has_healthcheck) {
		char *t = show(c->healthcheck_test != NULL ?
		    c->healthcheck_test : "");

		evlist_add_violation(ev, NULL, 0, "config Healthcheck: %s", t);
		free(t);
		return ST_PASS;
	}
	if (c->healthcheck_test != NULL && strcmp(c->healthcheck_test,
	    "NONE") == 0)
		e = evlist_add_violation(ev, NULL, 0, "config Healthcheck is "
		    "disabled (HEALTHCHECK NONE)");
	else
		e = evlist_add_violation(ev, NULL, 0,
		    "config has no Healthcheck");
	if (e != NULL)
		evidence_set_values(e, "a HEALTHCHECK", "none");
	for (size_t i = 0; i < c->nhistory; i++) {
		const char *cb = c->history[i].created_by;

		if (strstr(cb, "HEALTHCHECK") == NULL ||
		    strstr(cb, "HEALTHCHECK NONE") != NULL)
			continue;
		evlist_add_violation(ev, NULL, 0, "history[%zu] set a "
		    "HEALTHCHECK, but the config lost it: OCI image configs "
		    "have no Healthcheck field (build with --format docker)",
		    i);
		break;
	}
	return ST_FAIL;
}

/* env_secrets (CIS 4.10, CIS-DI-0010). */

/* The description of the credential VALUE looks like, or NULL. ST gets
 * ST_ERROR when a regex hit its limit. */
static const char *
secret_value(const struct image_state *s, const char *value,
    enum status *st)
{
	for (size_t i = 0; i < NSECRET_VALUES; i++) {
		enum rx_rc rc = rx_match(s->value_rx[i], value, strlen(value),
		    false, NULL, NULL);

		if (rc == RX_MATCH)
			return secret_values[i].what;
		if (rc < 0)
			*st = ST_ERROR;
	}
	return NULL;
}

/* A created_by line for evidence: shown (truncated), unless it holds
 * what looks like a credential. Malloc'd. */
static char *
show_step(const struct image_state *s, const char *cb)
{
	enum status st = ST_PASS;
	const char *what = secret_value(s, cb, &st);

	if (what != NULL)
		return xasprintf("command line not shown: it holds what looks "
		    "like %s", what);
	if (st == ST_ERROR)
		return xstrdup("command line not shown: a regex hit its match "
		    "limit");
	return show(cb);
}

/* Judge one NAME=VALUE from WHERE ("config Env", "history[3] ENV").
 * Returns ST_FAIL when it is a secret, ST_ERROR on a regex limit, else
 * ST_PASS. NAME and VALUE are never printed together; VALUE never. */
static enum status
judge_var(const struct image_state *s, const char *where, const char *name,
    const char *value, struct evlist *ev)
{
	char *n = show(name);
	enum status st = ST_PASS;
	const char *what = NULL;
	struct evidence *e = NULL;
	enum rx_rc rc;

	if (s->values)
		what = secret_value(s, value, &st);
	rc = rx_match(s->name_rx, name, strlen(name), false, NULL, NULL);
	if (rc < 0)
		st = ST_ERROR;
	if (what != NULL) {
		e = evlist_add_violation(ev, NULL, 0, "%s: %s holds what looks "
		    "like %s (value redacted)", where, n, what);
	} else if (rc == RX_MATCH && value[0] != '\0' &&
	    strlist_has(&s->allow, name)) {
		evlist_add_context(ev, NULL, 0, "%s: %s is allowed", where, n);
	} else if (rc == RX_MATCH && value[0] == '/' && strlen(name) > 5 &&
	    strcmp(name + strlen(name) - 5, "_FILE") == 0) {
		evlist_add_context(ev, NULL, 0,
		    "%s: %s names a file, not a secret", where, n);
	} else if (rc == RX_MATCH && value[0] != '\0') {
		e = evlist_add_violation(ev, NULL, 0, "%s: %s has a "
		    "secret-like name (value redacted)", where, n);
	}
	if (e != NULL) {
		evidence_set_values(e, "no secret in the image metadata",
		    "a value (redacted)");
		st = ST_FAIL;
	}
	free(n);
	return st;
}

/* Judge "NAME=VALUE" (or a bare NAME). */
static enum status
judge_assignment(const struct image_state *s, const char *where,
    const char *text, struct evlist *ev)
{
	const char *eq = strchr(text, '=');
	char *name = xstrndup(text, eq != NULL ? (size_t)(eq - text) :
	    strlen(text));
	enum status st = judge_var(s, where, name, eq != NULL ? eq + 1 : "",
	    ev);

	free(name);
	return st;
}

/* The instruction a history line records, past the classic builder's
 * "/bin/sh -c #(nop) " prefix: "ENV A=b", "ARG X", "|2 A=b C=d /bin/sh
 * -c ..." (a RUN with build args). */
static const char *
history_instruction(const char *cb)
{
	static const char nop[] = "/bin/sh -c #(nop) ";

	while (*cb == ' ' || *cb == '\t')
		cb++;
	if (strncmp(cb, nop, sizeof(nop) - 1) == 0)
		cb += sizeof(nop) - 1;
	if (strncmp(cb, "RUN ", 4) == 0 && cb[4] == '|')
		cb += 4;
	return cb;
}

/* ENV/ARG assignments and RUN build arguments of history entry I. Only
 * NAME=VALUE words are judged (split_fields undoes double quotes), plus
 * the legacy "ENV NAME VALUE" form. */
#define HISTORY_FIELDS	64
static enum status
judge_history(const struct image_state *s, const struct image_config *c,
    size_t i, struct evlist *ev)
{
	const char *ins = history_instruction(c->history[i].created_by);
	bool is_env = strncmp(ins, "ENV ", 4) == 0;
	enum status st = ST_PASS;
	char *f[HISTORY_FIELDS];
	size_t nf, end;
	uint64_t nargs;
	char *where;

	if (!is_env && strncmp(ins, "ARG ", 4) != 0 && ins[0] != '|')
		return ST_PASS;
	nf = split_fields(ins, strlen(ins), f, HISTORY_FIELDS);
	end = nf;
	/* "|2 A=b C=d /bin/sh -c ...": only the 2 words after "|2". */
	if (ins[0] == '|')
		end = parse_uint(f[0] + 1, 0, HISTORY_FIELDS, &nargs) == 0 &&
		    nargs + 1 < nf ? (size_t)nargs + 1 : 1;
	where = xasprintf("history[%zu] %s", i, ins[0] == '|' ? "RUN" :
	    is_env ? "ENV" : "ARG");
	if (is_env && nf >= 3 && strchr(f[1], '=') == NULL)
		st = judge_var(s, where, f[1], f[2], ev);
	else
		for (size_t k = 1; k < end; k++)
			st = status_all(st, judge_assignment(s, where,
			    f[k], ev));
	for (size_t k = 0; k < nf; k++)
		free(f[k]);
	free(where);
	return st;
}

/* The whole created_by of entry I, for key material only: a RUN that
 * writes a key or token into a file leaves it in the history. */
static enum status
judge_history_text(const struct image_state *s, const struct image_config *c,
    size_t i, struct evlist *ev)
{
	enum status st = ST_PASS;
	const char *what = secret_value(s, c->history[i].created_by, &st);
	struct evidence *e;

	if (what == NULL)
		return st;
	e = evlist_add_violation(ev, NULL, 0, "history[%zu]: the build step's "
	    "command line holds what looks like %s (not shown)", i, what);
	if (e != NULL)
		evidence_set_values(e, "no secret in the image metadata",
		    "a value (redacted)");
	return ST_FAIL;
}

static enum status
eval_env_secrets(const struct image_state *s, const struct image_config *c,
    struct evlist *ev)
{
	enum status st = ST_PASS;

	for (size_t i = 0; i < c->nenv; i++)
		st = status_all(st, judge_assignment(s, "config Env",
		    c->env[i], ev));
	for (size_t i = 0; s->history && i < c->nhistory; i++) {
		size_t before = ev->n + ev->dropped;

		st = status_all(st, judge_history(s, c, i, ev));
		/* The whole line, unless its assignments already said it. */
		if (s->values && ev->n + ev->dropped == before)
			st = status_all(st, judge_history_text(s, c, i,
			    ev));
	}
	if (st == ST_PASS)
		evlist_add_violation(ev, NULL, 0, "no secret-like variable "
		    "among %zu config Env entries%s", c->nenv, s->history ?
		    " and the history's ENV, ARG and RUN steps" : "");
	if (st == ST_ERROR)
		evlist_add_violation(ev, NULL, 0,
		    "a regex hit its match limit");
	return st;
}

/* labels: every required label present and not empty. */
static const char *
find_kv(const struct image_kv *kv, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(kv[i].key, key) == 0)
			return kv[i].value != NULL ? kv[i].value : "";
	return NULL;
}

static enum status
eval_labels(const struct image_state *s, const struct image_config *c,
    struct evlist *ev)
{
	enum status st = ST_PASS;

	for (size_t i = 0; i < s->list.n; i++) {
		const char *k = s->list.v[i];
		const char *v = find_kv(c->labels, c->nlabels, k);
		struct evidence *e;
		char *shown;

		if (v != NULL && v[0] != '\0') {
			shown = show(v);
			evlist_add_violation(ev, NULL, 0,
			    "config Labels: %s = \"%s\"", k, shown);
			free(shown);
			continue;
		}
		e = evlist_add_violation(ev, NULL, 0, v == NULL ?
		    "config Labels has no %s" : "config Labels: %s is empty",
		    k);
		if (e != NULL)
			evidence_set_values(e, "a non-empty label",
			    v == NULL ? "(absent)" : "\"\"");
		st = ST_FAIL;
	}
	return st;
}

/* ports: "22" forbids 22 over any protocol, "22/udp" only over udp; an
 * exposed port without a protocol is tcp (as Docker reads it). */
static bool
port_forbidden(const char *forbidden, const char *exposed)
{
	size_t fl = strcspn(forbidden, "/");
	size_t el = strcspn(exposed, "/");
	const char *eproto = exposed[el] == '/' ? exposed + el : "/tcp";

	if (fl != el || strncmp(forbidden, exposed, fl) != 0)
		return false;
	return forbidden[fl] == '\0' || strcmp(forbidden + fl, eproto) == 0;
}

static enum status
eval_ports(const struct image_state *s, const struct image_config *c,
    struct evlist *ev)
{
	enum status st = ST_PASS;
	struct strbuf seen = STRBUF_INIT;

	for (size_t i = 0; i < c->nports; i++) {
		char *p = show(c->exposed_ports[i]);
		bool bad = false;

		for (size_t k = 0; k < s->list.n && !bad; k++)
			bad = port_forbidden(s->list.v[k], c->exposed_ports[i]);
		if (bad) {
			struct evidence *e = evlist_add_violation(ev, NULL, 0,
			    "config ExposedPorts has forbidden port %s", p);

			if (e != NULL)
				evidence_set_values(e, "none of the forbidden "
				    "ports", p);
			st = ST_FAIL;
		}
		strbuf_addf(&seen, "%s%s", seen.len > 0 ? ", " : "", p);
		free(p);
	}
	if (st == ST_PASS)
		evlist_add_violation(ev, NULL, 0, "config ExposedPorts: %s "
		    "(none forbidden)", c->nports > 0 ? seen.buf : "none");
	strbuf_release(&seen);
	return st;
}

/* history_patterns: no created_by matches a forbidden regex. */
static enum status
eval_history(const struct image_state *s, const struct image_config *c,
    struct evlist *ev)
{
	enum status st = ST_PASS;

	for (size_t i = 0; i < c->nhistory; i++) {
		const char *cb = c->history[i].created_by;

		for (size_t k = 0; k < s->nforbid; k++) {
			enum rx_rc rc = rx_match(s->forbid[k], cb, strlen(cb),
			    false, NULL, NULL);
			char *label, *shown;
			struct evidence *e;

			if (rc == RX_NOMATCH)
				continue;
			label = history_label(c, i);
			if (rc < 0) {
				evlist_add_violation(ev, NULL, 0,
				    "%s: regex \"%s\" hit its match limit",
				    label, rx_pattern(s->forbid[k]));
				st = status_all(st, ST_ERROR);
				free(label);
				continue;
			}
			shown = show_step(s, cb);
			e = evlist_add_violation(ev, NULL, 0,
			    "%s: created_by matches \"%s\": %s", label,
			    rx_pattern(s->forbid[k]), shown);
			if (e != NULL)
				evidence_set_values(e, "no match", shown);
			st = ST_FAIL;
			free(label);
			free(shown);
		}
	}
	if (st == ST_PASS)
		evlist_add_violation(ev, NULL, 0, "none of %zu history entries "
		    "matches the %zu forbidden patterns", c->nhistory,
		    s->nforbid);
	return st;
}

/* entrypoint: the command line the image runs, Entrypoint then Cmd. */
static enum status
eval_entrypoint(const struct image_state *s, const struct image_config *c,
    struct evlist *ev)
{
	struct strbuf line = STRBUF_INIT;
	char *ep = show_words(c->entrypoint, c->nentrypoint);
	char *cmd = show_words(c->cmd, c->ncmd);
	enum status st = ST_PASS;
	struct evidence *e;
	char *shown;

	for (size_t i = 0; i < c->nentrypoint; i++)
		strbuf_addf(&line, "%s%s", line.len > 0 ? " " : "",
		    c->entrypoint[i]);
	for (size_t i = 0; i < c->ncmd; i++)
		strbuf_addf(&line, "%s%s", line.len > 0 ? " " : "", c->cmd[i]);
	shown = show(line.len > 0 ? line.buf : "");
	if (line.len == 0) {
		e = evlist_add_violation(ev, NULL, 0, "config has no "
		    "Entrypoint or Cmd: the image does not say what it runs");
		if (e != NULL)
			evidence_set_values(e, s->expect != NULL ?
			    expect_describe(s->expect) : "a command", "none");
		st = ST_FAIL;
	} else if (s->expect != NULL && !expect_test(s->expect, line.buf)) {
		e = evlist_add_violation(ev, NULL, 0,
		    "runs \"%s\" (Entrypoint %s, Cmd %s)", shown, ep, cmd);
		if (e != NULL)
			evidence_set_values(e, expect_describe(s->expect),
			    shown);
		st = ST_FAIL;
	} else {
		evlist_add_violation(ev, NULL, 0,
		    "runs \"%s\" (Entrypoint %s, Cmd %s)", shown, ep, cmd);
	}
	strbuf_release(&line);
	free(shown);
	free(ep);
	free(cmd);
	return st;
}

/* annotation: KEY present in the manifest annotations (equal to VALUE
 * when given). */
static enum status
eval_annotation(const struct image_state *s, const struct image_config *c,
    struct evlist *ev)
{
	const char *v = find_kv(c->annotations, c->nannotations, s->key);
	struct evidence *e;
	char *shown;

	if (v == NULL) {
		e = evlist_add_violation(ev, NULL, 0, "manifest has no "
		    "annotation %s (%zu annotations)", s->key, c->nannotations);
		if (e != NULL)
			evidence_set_values(e, s->value != NULL ? s->value :
			    "present", "(absent)");
		return ST_FAIL;
	}
	shown = show(v);
	if (s->value != NULL && strcmp(v, s->value) != 0) {
		e = evlist_add_violation(ev, NULL, 0,
		    "manifest annotation %s = \"%s\"", s->key, shown);
		if (e != NULL)
			evidence_set_values(e, s->value, shown);
		free(shown);
		return ST_FAIL;
	}
	evlist_add_violation(ev, NULL, 0, "manifest annotation %s = \"%s\"",
	    s->key, shown);
	free(shown);
	return ST_PASS;
}

/* hidden_files: files the merged filesystem no longer shows but a layer
 * still carries. */
struct hidden_walk {
	const struct image_state *s;
	struct target	*t;
	struct evlist	*ev;
	size_t		 seen;
	size_t		 found;
};

static enum walk_ret
hidden_visit(const char *path, const struct fsnode *n, void *arg)
{
	struct hidden_walk *w = arg;
	const char *base = strrchr(path, '/');
	struct evidence *e;
	char *cb;

	/* Symlinks and devices carry no secret; a hidden symlink named
	 * *.pem is a certificate bundle being rebuilt. */
	if (n->type != FS_REG)
		return WALK_CONTINUE;
	w->seen++;
	base = base != NULL ? base + 1 : path;
	for (size_t i = 0; i < w->s->list.n; i++) {
		if (!glob_match(w->s->list.v[i], base, false))
			continue;
		cb = show_step(w->s, image_layer_created_by(w->t,
		    n->layer));
		e = evlist_add_violation(w->ev, path, 0, "%s in layer %d%s%s%s "
		    "is deleted or replaced by a later layer but still in the "
		    "image", fs_type_str(n->type), n->layer, cb[0] != '\0' ?
		    " (" : "", cb, cb[0] != '\0' ? ")" : "");
		evidence_set_values(e, "no hidden file named like a secret",
		    w->s->list.v[i]);
		evidence_set_layer(e, n->layer, cb, true);
		free(cb);
		w->found++;
		break;
	}
	return WALK_CONTINUE;
}

static enum status
eval_hidden(const struct image_state *s, struct probe_env *env,
    struct evlist *ev)
{
	struct hidden_walk w = { s, env->target, ev, 0, 0 };
	enum fs_rc rc = target_walk_hidden(env->target, hidden_visit, &w);

	if (rc != FS_OK) {
		evlist_add_violation(ev, NULL, 0, "cannot list the image's "
		    "hidden files: %s", probe_fs_reason(rc));
		return ST_ERROR;
	}
	if (w.found > 0)
		return ST_FAIL;
	evlist_add_violation(ev, NULL, 0, "no hidden file matches the %zu "
	    "secret file names (%zu hidden entries examined)", s->list.n,
	    w.seen);
	return ST_PASS;
}

static enum status
image_eval(void *p, struct probe_env *env, struct evlist *ev)
{
	const struct image_state *s = p;
	const struct image_config *c = target_image_config(env->target);

	if (c == NULL) {
		evlist_add_violation(ev, NULL, 0, "not an image target (%s)",
		    target_kind_str(target_kind(env->target)));
		return ST_NOTAPPLICABLE;
	}
	switch (s->check) {
	case IC_ANNOTATION:
		return eval_annotation(s, c, ev);
	case IC_ENTRYPOINT:
		return eval_entrypoint(s, c, ev);
	case IC_ENV_SECRETS:
		return eval_env_secrets(s, c, ev);
	case IC_HEALTHCHECK:
		return eval_healthcheck(c, ev);
	case IC_HIDDEN_FILES:
		return eval_hidden(s, env, ev);
	case IC_HISTORY_PATTERNS:
		return eval_history(s, c, ev);
	case IC_LABELS:
		return eval_labels(s, c, ev);
	case IC_PORTS:
		return eval_ports(s, c, ev);
	case IC_USER_NOT_ROOT:
		return eval_user(c, env, ev);
	}
	return ST_ERROR;
}

const struct probe_ops probe_image = {
	.name = "image",
	.summary = "container image config, history and hidden layers (user, "
	    "healthcheck, env secrets, labels, ports, build steps)",
	.compile = image_compile,
	.eval = image_eval,
	.free = image_free,
};
