/*
 * cli.c -- the command line: `scan`, `rules`, `profiles`, `policy check`;
 * options, output files and exit codes.
 *
 * The exit code is a contract CI gates depend on (DESIGN.md): 0 nothing
 * failing at or above --fail-on, 1 something is, 2 usage or policy error,
 * 3 the target could not be read. The scan itself, with its waivers,
 * baseline and gate, is engine/scan.c; here each of its outcomes maps to
 * one of these codes in one place (scan_exit_code). Every error reaches
 * the user through one helper (cli_report): "assay: MESSAGE" on stderr.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assay/cli.h"
#include "assay/hostfile.h"
#include "assay/limits.h"
#include "assay/merge.h"
#include "assay/oval.h"
#include "assay/policy.h"
#include "assay/report.h"
#include "assay/scan.h"
#include "assay/strbuf.h"
#include "assay/tailoring.h"
#include "assay/target.h"
#include "assay/util.h"
#include "assay/xmem.h"
#include "assay/ynode.h"
#include "assay_paths.h"

_Static_assert(EXIT_OK == SCAN_EXIT_OK && EXIT_FINDINGS == SCAN_EXIT_FINDINGS,
    "the exit codes a report states are the CLI's");

#define MAX_OUTPUTS 16

struct output {
	const struct report_ops	*ops;
	const char		*file;	/* NULL: stdout */
};

/* The command line: what the scan takes (SCAN; its lists point into
 * POLICIES, PROFILES and VARS once parsed) and how to show it. */
struct opts {
	struct scan_options	 scan;
	struct strlist		 policies;
	struct strlist		 profiles;
	struct var_override	*vars;
	size_t			 nvars;
	struct output		 out[MAX_OUTPUTS];
	size_t			 nout;
	int			 color;		/* -1 auto, 0 never, 1 always */
	const char		*rules_format;
	bool			 show_all;	/* --show-all */
	int			 width;		/* --width; -1 auto */
};

static const char usage_text[] =
"usage: assay scan [OPTIONS] TARGET\n"
"       assay rules [--policy PATH]... [--profile ID]... [--tailoring FILE]\n"
"                   [--format text|json|markdown]\n"
"       assay profiles [--policy PATH]...\n"
"       assay policy check PATH...\n"
"       assay merge [--format FMT[=FILE]]... [--fail-on SEVERITY]\n"
"                   REPORT.json...\n"
"       assay --help | --version\n"
"\n"
"TARGET is a directory holding a root filesystem, or a container image:\n"
"a docker-archive or OCI archive tarball, an OCI layout directory, or a\n"
"single layer tar (plain, gzip or zstd), detected from its content.\n"
"\n"
"scan options:\n"
"  --policy PATH          load a policy pack folder or file, or a folder\n"
"                         of packs (repeatable; default: every pack in\n"
"                         $ASSAY_POLICY_DIR, see below)\n"
"  --profile ID           evaluate the rules of profile ID (repeatable;\n"
"                         default: every rule of the loaded packs)\n"
"  --format FMT[=FILE]    text, json, sarif, junit, html, markdown, xccdf\n"
"                         (XCCDF 1.2 results), arf (ARF 1.1) or oval\n"
"                         (OVAL 5.11 results, with --datastream), to\n"
"                         FILE or stdout (repeatable; default: text to\n"
"                         stdout; html=FILE writes one self-contained page)\n"
"  --fail-on SEVERITY     exit 1 when a rule at or above SEVERITY fails or\n"
"                         errs: info, low, medium, high (default), critical,\n"
"                         or none\n"
"  --var NAME=VALUE       override a policy variable (repeatable)\n"
"  --datastream FILE      evaluate SCAP content: a source data stream or an\n"
"                         XCCDF 1.2 file with its OVAL files (docs/scap.md)\n"
"  --tailoring FILE       tailor a profile: enable, disable, re-rate rules,\n"
"                         set variables, each with a reason\n"
"  --tailoring-id ID      the XCCDF Tailoring of component-ref ID in the\n"
"                         --tailoring data stream, else in --datastream\n"
"  --benchmark-id ID      the XCCDF Benchmark of a data stream holding\n"
"                         several: its id, or its component(-ref) id\n"
"                         (default: the first)\n"
"  --skip-signature-check evaluate a signed data stream even when its XML\n"
"                         signature does not verify (default: refused)\n"
"  --enforce-signature    evaluate only a data stream an XML signature\n"
"                         covers, and that verifies (as oscap's option)\n"
"  --signature-trust FILE and only one signed with a certificate that\n"
"                         chains to one in FILE (PEM); implies\n"
"                         --enforce-signature\n"
"  --waivers FILE         accept failing findings, with a justification and\n"
"                         an optional expiry (ASSAY_NOW=YYYY-MM-DD sets the\n"
"                         date they are checked against)\n"
"  --baseline REPORT      mark findings new or unchanged against an earlier\n"
"                         `--format json` or `sarif` report, list fixed ones\n"
"  --fail-on-new          gate only on new findings (needs --baseline)\n"
"  --omit-waived          leave waived findings out of SARIF (GitHub ignores\n"
"                         SARIF suppressions)\n"
"  --max-file-size BYTES  largest file read from the target (default 16 MiB)\n"
"  --image NAME           image to scan in a multi-image archive or index\n"
"  --platform OS/ARCH     platform to scan in a multi-platform index\n"
"                         (default: the only one, else linux/amd64)\n"
"  --no-verify            do not check image layers against their sha256\n"
"                         digests (faster; reports say they were not)\n"
"  --partition N          disk image: the root file system is partition N\n"
"                         (default: the one holding an os-release)\n"
"  --cert-dir DIR         docker://: trust the CAs DIR/*.crt too, present\n"
"                         DIR/*.cert with its .key as client certificate\n"
"  --tls-verify=BOOL      docker://: false skips the server certificate\n"
"                         check and allows plain HTTP (reports say so)\n"
"  --timeout SECS         docker://: seconds to connect or between two\n"
"                         bytes (default 30)\n"
"  --color WHEN           auto (default), always or never\n"
"  --show-all             text on a terminal: list passing, not applicable\n"
"                         and manual rules too (files and pipes get all)\n"
"  --width COLS           wrap the text report at COLS columns (0: never;\n"
"                         default: the terminal's width, COLUMNS first)\n"
"\n"
"environment:\n"
"  ASSAY_POLICY_DIR       the folder of packs read without --policy\n"
"                         (default: " ASSAY_POLICY_DIR ";\n"
"                         a binary run from its build tree reads the\n"
"                         source tree's policies/)\n"
"  ASSAY_NOW              YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC): the\n"
"                         scan's clock (waiver expiry, OVAL time_difference)\n"
"  NO_COLOR               no colour in the text report\n"
"\n"
"merge: many `scan --format json` reports as one: sarif (a run per\n"
"target), junit (a testsuite per target), html (the fleet, worst first),\n"
"markdown, json or text (default); --fail-on gates on the union.\n"
"\n"
"exit codes: 0 no failing rule at or above --fail-on, 1 there is one,\n"
"            2 usage or policy error, 3 the target could not be read\n";

/* The one way the CLI tells the user what went wrong: every message of
 * D on stderr, then D emptied. Each reads "assay: MESSAGE"; with BARE
 * (`policy check`, a linter whose "file:line:col: message" lines editors
 * and CI annotators parse) the message alone. */
static void
cli_report(struct diag *d, bool bare)
{
	diag_print(d, stderr, bare ? "" : "assay: ");
	diag_clear(d);
}

static int usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static int
usage_error(const char *fmt, ...)
{
	struct diag *d = diag_new();
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, NULL, fmt, ap);
	va_end(ap);
	cli_report(d, false);
	diag_free(d);
	fputs("Try 'assay --help'.\n", stderr);
	return EXIT_USAGE;
}

/* True when this process runs the binary of the build tree it was built
 * in (ASSAY_BUILD_DIR/assay), not an installed copy: /proc/self/exe is
 * the running file (proc(5)). */
static bool
running_from_build_tree(void)
{
	char *exe = hostfile_readlink("/proc/self/exe");
	char *want;
	bool same;

	if (exe == NULL)
		return false;
	want = path_join(ASSAY_BUILD_DIR, "assay");
	same = strcmp(exe, want) == 0;
	free(want);
	free(exe);
	return same;
}

/* $ASSAY_POLICY_DIR; else the source tree's policies/ for a binary run
 * from its build tree; else the installed ones. */
static const char *
default_policy_dir(void)
{
	const char *env = getenv("ASSAY_POLICY_DIR");

	if (env != NULL && env[0] != '\0')
		return env;
	if (running_from_build_tree())
		return ASSAY_SRC_POLICY_DIR;
	return ASSAY_POLICY_DIR;
}

/* Add every pack folder of DIR (its subfolders, sorted) to L; dot folders
 * are skipped. 0, or -1 with the reason in D. */
static ASSAY_NODISCARD int
add_pack_folders(struct strlist *l, const char *dir, const char *hint,
    struct diag *d)
{
	struct strlist names = STRLIST_INIT;
	struct hostfile_dir *dp = hostfile_opendir(dir);
	const char *name;

	if (dp == NULL) {
		diag_add(d, NULL, "%s: %s%s", dir, diag_errno(errno), hint);
		return -1;
	}
	while ((name = hostfile_readdir(dp)) != NULL) {
		char *p;

		if (name[0] == '.')
			continue;
		p = path_join(dir, name);
		if (hostfile_kind(p, true) == HOSTFILE_DIR)
			strlist_adopt(&names, p);
		else
			free(p);
	}
	hostfile_closedir(dp);
	strlist_sort(&names);
	for (size_t i = 0; i < names.n; i++)
		strlist_add(l, names.v[i]);
	strlist_release(&names);
	return 0;
}

/* A folder with no policy file of its own (*.yaml, *.yml) but with
 * subfolders is a folder of packs, read as the default folder is. */
static bool
is_pack_collection(const char *dir)
{
	bool yaml = false, sub = false;
	struct hostfile_dir *dp;
	const char *name;

	if (hostfile_kind(dir, true) != HOSTFILE_DIR ||
	    (dp = hostfile_opendir(dir)) == NULL)
		return false;
	while (!yaml && (name = hostfile_readdir(dp)) != NULL) {
		size_t n = strlen(name);
		char *p;

		if (name[0] == '.')
			continue;
		yaml = (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
		    (n > 4 && strcmp(name + n - 4, ".yml") == 0);
		p = path_join(dir, name);
		if (hostfile_kind(p, true) == HOSTFILE_DIR)
			sub = true;
		free(p);
	}
	hostfile_closedir(dp);
	return !yaml && sub;
}

/* The --policy list with each folder of packs replaced by its packs;
 * with none given, every pack of the default folder. -1 with D. */
static ASSAY_NODISCARD int
expand_policies(struct strlist *l, struct diag *d)
{
	struct strlist out = STRLIST_INIT;
	int rc = 0;

	if (l->n == 0)
		return add_pack_folders(l, default_policy_dir(),
		    " (use --policy PATH or set ASSAY_POLICY_DIR)", d);
	for (size_t i = 0; i < l->n; i++) {
		if (is_pack_collection(l->v[i])) {
			if (add_pack_folders(&out, l->v[i], "", d) != 0)
				rc = -1;
		} else
			strlist_add(&out, l->v[i]);
	}
	strlist_release(l);
	*l = out;
	return rc;
}

/* The parsed lists, as the scan options name them. */
static void
attach_lists(struct opts *o)
{
	o->scan.policies = (const char *const *)o->policies.v;
	o->scan.npolicies = o->policies.n;
	o->scan.profiles = (const char *const *)o->profiles.v;
	o->scan.nprofiles = o->profiles.n;
	o->scan.vars = o->vars;
	o->scan.nvars = o->nvars;
}

/* Expand the --policy list and load it: NULL with the reasons in D. */
static struct policy_set *
load_policies(struct opts *o, struct diag *d)
{
	/* --datastream alone: its benchmark, not the default packs */
	if ((o->scan.datastream == NULL || o->policies.n > 0) &&
	    expand_policies(&o->policies, d) != 0)
		return NULL;
	attach_lists(o);
	return scan_load(&o->scan, d);
}

static ASSAY_NODISCARD int
parse_format(struct opts *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *name = eq != NULL ? xstrndup(arg, (size_t)(eq - arg)) :
	    xstrdup(arg);
	const struct report_ops *ops = report_find(name);

	free(name);
	if (ops == NULL)
		return usage_error("--format: unknown format \"%s\" "
		    "(expected text, json, sarif, junit, html, markdown, xccdf, "
		    "arf or oval)",
		    arg);
	if (o->nout >= MAX_OUTPUTS)
		return usage_error("--format: at most %d outputs",
		    MAX_OUTPUTS);
	if (eq != NULL && eq[1] == '\0')
		return usage_error("--format %s: empty file name", arg);
	for (size_t i = 0; eq == NULL && i < o->nout; i++)
		if (o->out[i].file == NULL)
			return usage_error("--format %s: only one format can "
			    "go to standard output", arg);
	o->out[o->nout].ops = ops;
	o->out[o->nout].file = eq != NULL ? eq + 1 : NULL;
	o->nout++;
	return 0;
}

static ASSAY_NODISCARD int
parse_var(struct opts *o, const char *arg)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL || eq == arg)
		return usage_error("--var: expected NAME=VALUE, got \"%s\"",
		    arg);
	o->vars = xreallocarray(o->vars, o->nvars + 1, sizeof(*o->vars));
	o->vars[o->nvars].name = xstrndup(arg, (size_t)(eq - arg));
	o->vars[o->nvars].value = eq + 1;
	o->nvars++;
	return 0;
}

static ASSAY_NODISCARD int
parse_fail_on(struct opts *o, const char *arg)
{
	enum severity s;

	if (strcmp(arg, "none") == 0) {
		o->scan.fail_on = -1;
		return 0;
	}
	if (severity_parse(arg, &s) != 0)
		return usage_error("--fail-on: expected info, low, medium, "
		    "high, critical or none, got \"%s\"", arg);
	o->scan.fail_on = (int)s;
	return 0;
}

enum {
	OPT_POLICY = 256,
	OPT_PROFILE,
	OPT_FORMAT,
	OPT_FAIL_ON,
	OPT_VAR,
	OPT_MAX_FILE,
	OPT_IMAGE,
	OPT_PLATFORM,
	OPT_COLOR,
	OPT_WAIVERS,
	OPT_TAILORING,
	OPT_BASELINE,
	OPT_FAIL_ON_NEW,
	OPT_OMIT_WAIVED,
	OPT_NO_VERIFY,
	OPT_SHOW_ALL,
	OPT_WIDTH,
	OPT_PARTITION,
	OPT_DATASTREAM,
	OPT_CERT_DIR,
	OPT_TLS_VERIFY,
	OPT_TIMEOUT,
	OPT_TAILORING_ID,
	OPT_SKIP_SIGNATURE,
	OPT_ENFORCE_SIGNATURE,
	OPT_SIGNATURE_TRUST,
	OPT_BENCHMARK_ID,
};

static const struct option long_opts[] = {
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "var", required_argument, NULL, OPT_VAR },
	{ "max-file-size", required_argument, NULL, OPT_MAX_FILE },
	{ "image", required_argument, NULL, OPT_IMAGE },
	{ "platform", required_argument, NULL, OPT_PLATFORM },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "waivers", required_argument, NULL, OPT_WAIVERS },
	{ "tailoring", required_argument, NULL, OPT_TAILORING },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "fail-on-new", no_argument, NULL, OPT_FAIL_ON_NEW },
	{ "omit-waived", no_argument, NULL, OPT_OMIT_WAIVED },
	{ "no-verify", no_argument, NULL, OPT_NO_VERIFY },
	{ "skip-signature-check", no_argument, NULL, OPT_SKIP_SIGNATURE },
	{ "enforce-signature", no_argument, NULL, OPT_ENFORCE_SIGNATURE },
	{ "signature-trust", required_argument, NULL, OPT_SIGNATURE_TRUST },
	{ "benchmark-id", required_argument, NULL, OPT_BENCHMARK_ID },
	{ "show-all", no_argument, NULL, OPT_SHOW_ALL },
	{ "width", required_argument, NULL, OPT_WIDTH },
	{ "partition", required_argument, NULL, OPT_PARTITION },
	{ "datastream", required_argument, NULL, OPT_DATASTREAM },
	{ "cert-dir", required_argument, NULL, OPT_CERT_DIR },
	{ "tls-verify", required_argument, NULL, OPT_TLS_VERIFY },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "tailoring-id", required_argument, NULL, OPT_TAILORING_ID },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static ASSAY_NODISCARD int
parse_one(struct opts *o, int c, const char *arg)
{
	uint64_t v;

	switch (c) {
	case OPT_POLICY:
		strlist_add(&o->policies, arg);
		return 0;
	case OPT_PROFILE:
		strlist_add(&o->profiles, arg);
		return 0;
	case OPT_DATASTREAM:
		o->scan.datastream = arg;
		return 0;
	case OPT_FORMAT:
		if (o->rules_format != NULL) {
			o->rules_format = arg;
			return 0;
		}
		return parse_format(o, arg);
	case OPT_FAIL_ON:
		return parse_fail_on(o, arg);
	case OPT_VAR:
		return parse_var(o, arg);
	case OPT_IMAGE:
		o->scan.image = arg;
		return 0;
	case OPT_PLATFORM:
		o->scan.platform = arg;
		return 0;
	case OPT_SKIP_SIGNATURE:
		o->scan.skip_signature = true;
		return 0;
	case OPT_ENFORCE_SIGNATURE:
		o->scan.enforce_signature = true;
		return 0;
	case OPT_SIGNATURE_TRUST:
		o->scan.signature_trust = arg;
		return 0;
	case OPT_BENCHMARK_ID:
		o->scan.benchmark_id = arg;
		return 0;
	case OPT_NO_VERIFY:
		o->scan.no_verify = true;
		return 0;
	case OPT_SHOW_ALL:
		o->show_all = true;
		return 0;
	case OPT_WIDTH:
		if (parse_uint(arg, 0, 10000, &v) != 0 || (v > 0 && v < 40))
			return usage_error("--width: expected 0 (never wrap) "
			    "or 40 to 10000 columns, got \"%s\"", arg);
		o->width = (int)v;
		return 0;
	case OPT_PARTITION:
		if (parse_uint(arg, 1, 65535, &v) != 0)
			return usage_error("--partition: expected a partition "
			    "number, got \"%s\"", arg);
		o->scan.partition = (unsigned)v;
		return 0;
	case OPT_CERT_DIR:
		o->scan.cert_dir = arg;
		return 0;
	case OPT_TLS_VERIFY:
		if (strcmp(arg, "true") != 0 && strcmp(arg, "false") != 0)
			return usage_error("--tls-verify: expected true or "
			    "false, got \"%s\"", arg);
		o->scan.tls_no_verify = strcmp(arg, "false") == 0;
		return 0;
	case OPT_TIMEOUT:
		if (parse_uint(arg, 1, 86400, &v) != 0)
			return usage_error("--timeout: expected 1 to 86400 "
			    "seconds, got \"%s\"", arg);
		o->scan.timeout = (unsigned)v;
		return 0;
	case OPT_MAX_FILE:
		if (parse_uint(arg, 1, (uint64_t)1 << 40, &v) != 0)
			return usage_error("--max-file-size: expected a "
			    "number of bytes, got \"%s\"", arg);
		o->scan.lim.read_max = (size_t)v;
		return 0;
	case OPT_COLOR:
		if (strcmp(arg, "auto") == 0)
			o->color = -1;
		else if (strcmp(arg, "always") == 0)
			o->color = 1;
		else if (strcmp(arg, "never") == 0)
			o->color = 0;
		else
			return usage_error("--color: expected auto, always or "
			    "never, got \"%s\"", arg);
		return 0;
	case OPT_WAIVERS:
		o->scan.waivers = arg;
		return 0;
	case OPT_TAILORING:
		o->scan.tailoring = arg;
		return 0;
	case OPT_TAILORING_ID:
		o->scan.tailoring_id = arg;
		return 0;
	case OPT_BASELINE:
		o->scan.baseline = arg;
		return 0;
	case OPT_FAIL_ON_NEW:
		o->scan.fail_on_new = true;
		return 0;
	case OPT_OMIT_WAIVED:
		o->scan.omit_waived = true;
		return 0;
	case 'h':
		fputs(usage_text, stdout);
		exit(EXIT_OK);
	default:
		return usage_error("invalid option");
	}
}

static ASSAY_NODISCARD int
parse_opts(struct opts *o, int argc, char **argv)
{
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", long_opts, NULL)) != -1) {
		if (c == '?') {
			const char *bad = argv[optind - 1];

			return usage_error("unknown option or missing "
			    "argument: %s", bad);
		}
		if (parse_one(o, c, optarg) != 0)
			return EXIT_USAGE;
	}
	return 0;
}

static void
opts_init(struct opts *o)
{
	memset(o, 0, sizeof(*o));
	scan_options_init(&o->scan);
	o->color = -1;
	o->width = -1;
}

static void
opts_release(struct opts *o)
{
	strlist_release(&o->policies);
	strlist_release(&o->profiles);
	for (size_t i = 0; i < o->nvars; i++)
		free((char *)o->vars[i].name);
	free(o->vars);
}

/* Write one report to its file or stdout. -1 with the reason in D. */
static ASSAY_NODISCARD int
write_one(const struct output *out, int color, bool show_all,
    struct scan_report *r, struct diag *d)
{
	FILE *fp = stdout;
	int rc;

	if (out->file != NULL && strcmp(out->file, "-") != 0) {
		fp = hostfile_create(out->file);
		if (fp == NULL) {
			diag_add(d, NULL, "%s: %s", out->file,
			    diag_errno(errno));
			return -1;
		}
	}
	r->color = false;
	/* a terminal gets the failures-first view; files and pipes (CI
	 * logs) every rule */
	r->text_all = show_all || fp != stdout || !isatty(STDOUT_FILENO);
	if (out->ops == &report_text && fp == stdout)
		r->color = color == 1 || (color == -1 &&
		    isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL);
	rc = out->ops->write(r, fp, d);
	if (fp != stdout) {
		if (fclose(fp) != 0)
			rc = -1;
	} else if (fflush(fp) != 0)
		rc = -1;
	if (rc != 0)
		diag_add(d, NULL, "writing %s report failed", out->ops->name);
	return rc;
}

/* Every --format output (text to stdout without one); a failure is
 * reported as it happens and the other outputs are still written. */
static ASSAY_NODISCARD int
write_reports(struct opts *o, struct scan_report *r, struct diag *d)
{
	int rc = 0;

	if (o->nout == 0) {
		o->out[0].ops = &report_text;
		o->out[0].file = NULL;
		o->nout = 1;
	}
	r->text_width = o->width;
	for (size_t i = 0; i < o->nout; i++) {
		if (write_one(&o->out[i], o->color, o->show_all, r, d) != 0) {
			cli_report(d, false);
			rc = -1;
		}
	}
	return rc;
}

/* The image progress line on a terminal, rewritten in place and cleared
 * at the end (image layers can take a while; a directory never calls). */
static void
cli_progress(const struct target_progress *p, void *arg)
{
	(void)arg;
	if (p->done)
		fputs("\r\033[K", stderr);
	else
		fprintf(stderr, "\rassay: layer %d/%zu, %" PRIu64 " MiB ",
		    p->layer, p->nlayers, p->bytes >> 20);
	fflush(stderr);
}

/* The exit code of a scan (cli.h): the gate's when it ran, else that
 * of the phase that failed. */
static int
scan_exit_code(enum scan_rc rc, const struct scan_report *r)
{
	switch (rc) {
	case SCAN_OK:
		return r->exit_code;
	case SCAN_ERR_POLICY:
		return EXIT_USAGE;
	case SCAN_ERR_TARGET:
		return EXIT_TARGET;
	}
	return EXIT_USAGE;
}

static bool exit_fast;	/* cli_exit_fast() */

void
cli_exit_fast(void)
{
	exit_fast = true;
}

/* Run the scan of PATH and write its reports: the gate's exit code, or
 * 2 or 3 when a phase failed, 2 when a report could not be written. */
static int
scan_and_write(struct opts *o, const char *path, int argc, char **argv)
{
	struct diag *d = diag_new();
	struct scan_report r;
	enum scan_rc src = SCAN_ERR_POLICY;
	int rc;

	memset(&r, 0, sizeof(r));
	/* --datastream alone: its benchmark, not the default packs (as
	 * load_policies) */
	if ((o->scan.datastream != NULL && o->policies.n == 0) ||
	    expand_policies(&o->policies, d) == 0) {
		attach_lists(o);
		o->scan.target = path;
		o->scan.argc = argc;
		o->scan.argv = argv;
		o->scan.xccdf_defaults = true;
		if (isatty(STDERR_FILENO))
			o->scan.progress = cli_progress;
		for (size_t i = 0; i < o->nout; i++)
			o->scan.oval_results |= o->out[i].ops == &report_arf ||
			    o->out[i].ops == &report_oval;
		src = scan_run(&o->scan, &r, d);
	}
	if (src != SCAN_OK)
		cli_report(d, false);
	rc = scan_exit_code(src, &r);
	r.leave_to_exit = exit_fast;
	if (src == SCAN_OK && write_reports(o, &r, d) != 0)
		rc = EXIT_USAGE;
	/* nothing in a report needs releasing before exit but its memory:
	 * the outputs are closed, a target leaves no temporary file (a
	 * block device's is unlinked when made) and no child process */
	if (!exit_fast)
		scan_report_release(&r);
	diag_free(d);
	return rc;
}

static int
scan_main(int argc, char **argv)
{
	struct opts o;
	const char *sigopt;
	int rc;

	opts_init(&o);
	rc = parse_opts(&o, argc, argv);
	if (rc == 0 && optind != argc - 1)
		rc = usage_error("scan: expected one TARGET, got %s",
		    optind >= argc ? "none" : "several");
	if (rc == 0 && o.scan.fail_on_new && o.scan.baseline == NULL)
		rc = usage_error("--fail-on-new needs --baseline REPORT");
	if (rc == 0 && o.scan.tailoring_id != NULL &&
	    o.scan.datastream == NULL)
		rc = usage_error("--tailoring-id needs --datastream FILE");
	sigopt = o.scan.signature_trust != NULL ? "signature-trust" :
	    o.scan.enforce_signature ? "enforce-signature" : NULL;
	if (rc == 0 && sigopt != NULL && o.scan.datastream == NULL)
		rc = usage_error("--%s needs --datastream FILE", sigopt);
	if (rc == 0 && sigopt != NULL && o.scan.skip_signature)
		rc = usage_error("--skip-signature-check contradicts --%s",
		    sigopt);
	for (size_t i = 0; rc == 0 && i < o.nout; i++)
		if (o.out[i].ops == &report_oval && o.scan.datastream == NULL)
			rc = usage_error("--format oval needs --datastream "
			    "(OVAL results come from SCAP content)");
	if (rc == 0)
		rc = scan_and_write(&o, argv[optind], argc, argv);
	opts_release(&o);
	return rc;
}

static void
print_rules_text(const struct plan *p)
{
	for (size_t i = 0; i < plan_rule_count(p); i++) {
		const struct rule *r = plan_rule(p, i);

		printf("%-44s %-8s %s%s\n", r->id,
		    severity_str(plan_rule_severity(p, i)),
		    r->title, r->manual != NULL ? " (manual)" : "");
	}
	printf("%zu rules\n", plan_rule_count(p));
}

static void
print_rules_json(const struct plan *p)
{
	fputs("[\n", stdout);
	for (size_t i = 0; i < plan_rule_count(p); i++) {
		const struct rule *r = plan_rule(p, i);

		printf("  {\"id\": \"%s\", \"severity\": \"%s\", "
		    "\"pack\": \"%s\", \"manual\": %s}%s\n", r->id,
		    severity_str(plan_rule_severity(p, i)), r->pack->id,
		    r->manual != NULL ? "true" : "false",
		    i + 1 < plan_rule_count(p) ? "," : "");
	}
	fputs("]\n", stdout);
}

static int
rules_main(int argc, char **argv)
{
	struct diag *d = diag_new();
	struct policy_set *ps = NULL;
	struct tailoring *t = NULL;
	struct plan *p = NULL;
	struct opts o;
	int rc;

	opts_init(&o);
	o.rules_format = "text";
	rc = parse_opts(&o, argc, argv);
	if (rc == 0 && optind != argc)
		rc = usage_error("rules: unexpected argument \"%s\"",
		    argv[optind]);
	if (rc == 0 && strcmp(o.rules_format, "text") != 0 &&
	    strcmp(o.rules_format, "json") != 0 &&
	    strcmp(o.rules_format, "markdown") != 0)
		rc = usage_error("rules: --format: expected text, json or "
		    "markdown, got \"%s\"", o.rules_format);
	if (rc == 0 && (ps = load_policies(&o, d)) != NULL)
		p = scan_compile(&o.scan, ps, &t, d);
	if (rc == 0 && p == NULL) {
		cli_report(d, false);
		rc = EXIT_USAGE;
	}
	if (rc == 0 && strcmp(o.rules_format, "markdown") == 0) {
		if ((t != NULL ? report_rules_markdown_tailored(p,
		    tailoring_info(t), stdout, d) :
		    report_rules_markdown(ps, o.scan.profiles,
		    o.scan.nprofiles, &o.scan.lim, stdout, d)) != 0) {
			cli_report(d, false);
			rc = EXIT_USAGE;
		}
	} else if (rc == 0 && strcmp(o.rules_format, "json") == 0)
		print_rules_json(p);
	else if (rc == 0)
		print_rules_text(p);
	plan_free(p);
	tailoring_free(t);
	policy_set_free(ps);
	diag_free(d);
	opts_release(&o);
	return rc;
}

/* `assay profiles`: every profile of the loaded packs with its rule
 * count, its pack and the pack's version. */
static int
profiles_main(int argc, char **argv)
{
	struct diag *d = diag_new();
	struct policy_set *ps = NULL;
	struct opts o;
	int rc;

	opts_init(&o);
	o.rules_format = "text";
	rc = parse_opts(&o, argc, argv);
	if (rc == 0 && optind != argc)
		rc = usage_error("profiles: unexpected argument \"%s\"",
		    argv[optind]);
	if (rc == 0 && (ps = load_policies(&o, d)) == NULL) {
		cli_report(d, false);
		rc = EXIT_USAGE;
	}
	if (rc == 0)
		printf("%-36s %5s  %-30s %s\n", "PROFILE", "RULES",
		    "PACK VERSION", "TITLE");
	for (size_t i = 0; rc == 0 && i < policy_profile_count(ps); i++) {
		const struct profile *pr = policy_profile(ps, i);
		const char *id = pr->id;
		struct plan *p = policy_compile(ps, &id, 1, NULL, 0,
		    &o.scan.lim, d);
		char *pack;

		if (p == NULL) {
			cli_report(d, false);
			rc = EXIT_USAGE;
			break;
		}
		pack = xasprintf("%s %s", pr->pack->id,
		    pr->pack->version != NULL ? pr->pack->version : "-");
		printf("%-36s %5zu  %-30s %s\n", pr->id, plan_rule_count(p),
		    pack, pr->title != NULL ? pr->title : "");
		free(pack);
		plan_free(p);
	}
	if (rc == 0)
		printf("%zu profiles\n", policy_profile_count(ps));
	policy_set_free(ps);
	diag_free(d);
	opts_release(&o);
	return rc;
}

/* Check C (an oval check, or all / any / not of them: an XCCDF
 * complex-check): is every OVAL definition in it fully evaluable? Adds
 * what is missing to MISSING. */
static bool
scap_check_evaluable(const struct ynode *c, struct strlist *missing,
    unsigned depth)
{
	const struct ynode *o, *l, *ds, *def, *comp;
	struct scap_doc *doc;
	bool ok = true;

	if (c == NULL || depth > 16)
		return false;
	if ((l = ynode_get(c, "all")) != NULL ||
	    (l = ynode_get(c, "any")) != NULL) {
		for (size_t k = 0; ynode_is_seq(l) && k < l->len; k++)
			ok = scap_check_evaluable(l->items[k], missing,
			    depth + 1) && ok;
		return ok && ynode_is_seq(l) && l->len > 0;
	}
	if ((l = ynode_get(c, "not")) != NULL)
		return scap_check_evaluable(l, missing, depth + 1);
	if ((o = ynode_get(c, "oval")) == NULL ||
	    (ds = ynode_get(o, "datastream")) == NULL)
		return false;
	def = ynode_get(o, "definition");
	comp = ynode_get(o, "component");
	if ((def == NULL && comp == NULL) ||
	    (doc = scap_doc_get(ds->text, &limits_default, NULL)) == NULL)
		return false;
	ok = oval_supported(doc, comp != NULL ? comp->text : NULL,
	    def != NULL ? def->text : NULL, missing);
	scap_doc_put(doc);
	return ok;
}

/* Rule I of plan P: is its check fully evaluable? Manual rules are
 * not. */
static bool
scap_rule_evaluable(const struct plan *p, size_t i, struct strlist *missing)
{
	return scap_check_evaluable(plan_rule(p, i)->check, missing, 0);
}

/* `policy check FILE.xml`: per profile, how many rules are fully
 * evaluable, and the test types and functions missing. */
static void
scap_check_report(const struct scan_options *so, struct policy_set *ps)
{
	/* one parse of the content for every profile */
	struct scap_doc *keep = scap_doc_get(so->datastream, &so->lim, NULL);

	for (size_t k = 0; k < policy_profile_count(ps); k++) {
		const char *id = policy_profile(ps, k)->id;
		struct scan_options o = *so;
		struct tailoring *t;
		struct diag *d = diag_new();
		struct plan *p;
		struct strlist missing = STRLIST_INIT;
		size_t ok = 0, manual = 0, n;

		o.profiles = &id;
		o.nprofiles = 1;
		if ((p = scan_compile(&o, ps, &t, d)) == NULL) {
			diag_free(d);
			continue;
		}
		n = plan_rule_count(p);
		for (size_t i = 0; i < n; i++) {
			if (plan_rule(p, i)->manual != NULL)
				manual++;
			else
				ok += scap_rule_evaluable(p, i, &missing);
		}
		printf("profile %s: %zu rules, %zu fully evaluable, %zu "
		    "without an OVAL check", id, n, ok, manual);
		if (missing.n > 0) {
			strlist_sort(&missing);
			printf("; missing:");
			for (size_t i = 0; i < missing.n; i++)
				printf(" %s", missing.v[i]);
		}
		printf("\n");
		strlist_release(&missing);
		plan_free(p);
		diag_free(d);
	}
	scap_doc_put(keep);
}

/* `assay policy check PATH...`: load and compile every rule, as a scan
 * would, and print where each error is. */
static int
policy_check_main(int argc, char **argv)
{
	struct scan_options so;
	struct tailoring *t;
	struct diag *d;
	struct policy_set *ps;
	struct plan *p = NULL;
	struct scap_doc *keep;
	int rc = EXIT_USAGE;

	if (argc < 2)
		return usage_error("policy check: expected PATH...");
	scan_options_init(&so);
	so.policies = (const char *const *)argv + 1;
	so.npolicies = (size_t)argc - 1;
	/* one SCAP file: its benchmark, with what is evaluable */
	if (argc == 2 && strlen(argv[1]) > 4 &&
	    strcmp(argv[1] + strlen(argv[1]) - 4, ".xml") == 0) {
		so.datastream = argv[1];
		so.npolicies = 0;
	}
	d = diag_new();
	/* SCAP content read once: the pack and the probes compiled from it
	 * share this parse (a failed one is read and reported again) */
	keep = so.datastream != NULL ? scap_doc_get(so.datastream, &so.lim,
	    NULL) : NULL;
	ps = scan_load(&so, d);
	if (ps != NULL)
		p = scan_compile(&so, ps, &t, d);	/* no tailoring */
	if (p == NULL)
		cli_report(d, true);
	else {
		printf("ok: %zu rules, %zu profiles\n",
		    policy_rule_count(ps), policy_profile_count(ps));
		if (so.datastream != NULL)
			scap_check_report(&so, ps);
		rc = EXIT_OK;
	}
	plan_free(p);
	policy_set_free(ps);
	scap_doc_put(keep);
	diag_free(d);
	return rc;
}

/* `assay merge [--format FMT[=FILE]]... [--fail-on SEV] REPORT.json...`:
 * options as scan's; the merge itself is engine/merge.c. */
static int
merge_main(int argc, char **argv)
{
	static const struct option merge_opts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct merge_output out[MAX_OUTPUTS];
	struct merge_options mo = { .fail_on = SEV_HIGH,
	    .lim = &limits_default, .out = out };
	struct diag *d;
	int c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", merge_opts, NULL)) != -1) {
		const char *eq;

		switch (c) {
		case OPT_FORMAT:
			eq = strchr(optarg, '=');
			if (mo.nout >= MAX_OUTPUTS)
				return usage_error("--format: at most %d "
				    "outputs", MAX_OUTPUTS);
			out[mo.nout].format = eq != NULL ?
			    xstrndup(optarg, (size_t)(eq - optarg)) :
			    xstrdup(optarg);
			out[mo.nout].file = eq != NULL ? eq + 1 : NULL;
			mo.nout++;
			if (!merge_format_ok(out[mo.nout - 1].format))
				rc = usage_error("--format: unknown format "
				    "\"%s\" (expected text, json, sarif, "
				    "junit, html or markdown)", optarg);
			else if (eq != NULL && eq[1] == '\0')
				rc = usage_error("--format %s: empty file "
				    "name", optarg);
			else
				rc = 0;
			for (size_t i = 0; rc == 0 && eq == NULL &&
			    i + 1 < mo.nout; i++)
				if (out[i].file == NULL)
					rc = usage_error("--format %s: only "
					    "one format can go to standard "
					    "output", optarg);
			break;
		case OPT_FAIL_ON: {
			enum severity s;

			rc = 0;
			if (strcmp(optarg, "none") == 0)
				mo.fail_on = -1;
			else if (severity_parse(optarg, &s) == 0)
				mo.fail_on = (int)s;
			else
				rc = usage_error("--fail-on: expected info, "
				    "low, medium, high, critical or none, "
				    "got \"%s\"", optarg);
			break;
		}
		case 'h':
			fputs(usage_text, stdout);
			rc = -1;
			break;
		default:
			rc = usage_error("unknown option or missing "
			    "argument: %s", argv[optind - 1]);
			break;
		}
		if (rc != 0) {
			for (size_t i = 0; i < mo.nout; i++)
				free((char *)out[i].format);
			return rc < 0 ? EXIT_OK : rc;
		}
	}
	if (mo.nout == 0) {
		out[0].format = xstrdup("text");
		out[0].file = NULL;
		mo.nout = 1;
	}
	mo.reports = (const char *const *)argv + optind;
	mo.nreports = (size_t)(argc - optind);
	if (mo.nreports == 0)
		rc = usage_error("merge: expected REPORT.json...");
	else {
		d = diag_new();
		rc = merge_run(&mo, d);
		if (rc < 0) {
			cli_report(d, false);
			rc = EXIT_USAGE;
		}
		diag_free(d);
	}
	for (size_t i = 0; i < mo.nout; i++)
		free((char *)out[i].format);
	return rc;
}

int
cli_main(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("missing command");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("assay %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "scan") == 0)
		return scan_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "rules") == 0)
		return rules_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "profiles") == 0)
		return profiles_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "policy") == 0 && argc >= 3 &&
	    strcmp(argv[2], "check") == 0)
		return policy_check_main(argc - 2, argv + 2);
	if (strcmp(argv[1], "merge") == 0)
		return merge_main(argc - 1, argv + 1);
	return usage_error("unknown command \"%s\"", argv[1]);
}
