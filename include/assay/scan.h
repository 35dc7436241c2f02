/*
 * scan.h -- one whole scan, in process: policies and a target in, the
 * results with their summary and gate verdict out.
 *
 * The command line (cli.c), the unit tests and the fuzzers all run a scan
 * through this one entry point, so they cannot differ in how waivers,
 * tailoring, the baseline or the --fail-on gate are applied.
 *
 *   1. struct scan_options o; scan_options_init(&o); fill in the policy
 *      packs, the target path and whatever else the run needs;
 *   2. struct scan_report r; rc = scan_run(&o, &r, d): load, compile,
 *      open the target, evaluate, apply waivers then the baseline,
 *      summarize and gate (docs/architecture.md, "The scan pipeline");
 *   3. on SCAN_OK hand R to any reporter (report.h) as often as needed;
 *      on an error D says why and R holds nothing;
 *   4. scan_report_release(&r).
 *
 * The engine never prints: progress goes to the callback in the options,
 * errors to D, and the caller maps enum scan_rc to an exit code.
 */
#ifndef ASSAY_SCAN_H
#define ASSAY_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "assay/diag.h"
#include "assay/limits.h"
#include "assay/policy.h"
#include "assay/result.h"

struct target_progress;
struct waiver_set;
struct tailoring;
struct baseline;

struct scan_options {
	/* policy files or pack folders, loaded in this order */
	const char *const	*policies;
	size_t			 npolicies;
	/* profile ids (none: every rule of the loaded packs) */
	const char *const	*profiles;
	size_t			 nprofiles;
	const struct var_override *vars;	/* --var, may be NULL */
	size_t			 nvars;
	const char		*tailoring;	/* file, or NULL */
	/* a Tailoring component of the data stream TAILORING, else of
	 * DATASTREAM (xccdf_tailoring_load_id), or NULL */
	const char		*tailoring_id;
	/* SCAP content (xccdf.h), loaded after POLICIES; or NULL */
	const char		*datastream;
	/* record the OVAL definition and test results and the collected
	 * items (--format arf, oval) */
	bool			 oval_results;
	/* a scan (not `rules`, `profiles`, `policy check`): without a
	 * profile or tailoring, only the benchmark's Rules selected by
	 * default run (xccdf.h, struct xccdf_scan_sel) */
	bool			 xccdf_defaults;
	/* evaluate a signed data stream whose signature does not verify */
	bool			 skip_signature;
	/* evaluate only a signed data stream (--enforce-signature), and
	 * only one signed with a certificate that chains to one in this
	 * PEM file (--signature-trust), or NULL */
	bool			 enforce_signature;
	const char		*signature_trust;
	/* the Benchmark of a data stream holding several (its id, or its
	 * component's or component-ref's); NULL: the first */
	const char		*benchmark_id;
	const char		*waivers;	/* file, or NULL */
	const char		*baseline;	/* earlier report, or NULL */
	struct limits		 lim;
	int			 fail_on;	/* enum severity, or -1: none */
	bool			 fail_on_new;	/* gate on new findings only */
	bool			 omit_waived;	/* SARIF: drop waived results */
	/* The target and how to open an image (target.h); PROGRESS (may be
	 * NULL) is called with PROGRESS_ARG while image layers are read. */
	const char		*target;
	const char		*image;
	const char		*platform;
	bool			 no_verify;
	unsigned		 partition;	/* disk image: root fs, 0 any */
	const char		*cert_dir;	/* registry (target.h) */
	bool			 tls_no_verify;
	unsigned		 timeout;
	void			(*progress)(const struct target_progress *p,
				    void *arg);
	void			*progress_arg;
	/* the command line, for SARIF (may be 0 / NULL) */
	int			 argc;
	char *const		*argv;
};

struct summary {
	size_t	count[ST__COUNT];		/* results by status */
	/* failing results by severity */
	size_t	fail_by_sev[SEV__COUNT];
	size_t	total;
};

struct scan_state;

/* What reporters read. scan_run() fills one; a test may also build one by
 * hand (STATE NULL) and call scan_summarize() on it. Strings borrowed from
 * the options must outlive the report. */
struct scan_report {
	const char		*tool_version;
	/* as given on the command line */
	const char		*target_path;
	const char		*target_kind;	/* target_kind_str() */
	/* target_describe(), or NULL */
	const char		*target_describe;
	/* an image's config digest ("sha256:..."; its image ID) and, for
	 * an OCI image, its manifest digest; NULL when unknown */
	const char		*image_id;
	const char		*manifest_digest;
	/* the first line of the target's /etc/hostname, or NULL; and the
	 * --datastream file, or NULL (the XCCDF and ARF reports) */
	const char		*target_hostname;
	const char		*datastream;
	/* with scan_options.oval_results: what OVAL decided, or NULL */
	const struct oval_results *oval_results;
	const struct plan	*plan;
	const struct result	*results;	/* plan order */
	size_t			 nresults;
	struct summary		 sum;
	int			 fail_on;	/* enum severity, or -1: none */
	/* the exit code the reports state: SCAN_EXIT_FINDINGS when the
	 * gate fails, else SCAN_EXIT_OK */
	int			 exit_code;
	const char		*started;	/* ISO 8601 UTC */
	const char		*finished;	/* ISO 8601 UTC */
	double			 duration;	/* seconds */
	/* the command line, for SARIF */
	int			 argc;
	char *const		*argv;
	/* Presentation, set by the caller before each write. */
	bool			 color;		/* text: ANSI colours */
	/* text: list passing, notapplicable and manual rules one by one
	 * (else only their counts: the terminal view) */
	bool			 text_all;
	/* text: wrap lines at this many columns; 0 never; -1 the
	 * terminal's width when the report goes to one (text.c) */
	int			 text_width;
	/* a reporter's own memory (a JSON tree) is left to the process's
	 * exit, as the scan's is (cli_exit_fast) */
	bool			 leave_to_exit;
	/* The audit workflow (docs/audit-workflow.md); each may be NULL. */
	const struct waiver_set	*waivers;
	const struct tailoring	*tailoring;
	const struct baseline	*baseline;
	bool			 omit_waived;	/* SARIF: drop waived results */
	bool			 fail_on_new;	/* gate on new findings only */
	/* what scan_run() allocated (scan.c); NULL in a hand-built one */
	struct scan_state	*state;
};

/* The exit code a scan_report states (exit_code): the gate passed or
 * failed. They are cli.h's EXIT_OK and EXIT_FINDINGS, which cli.c checks
 * at compile time; the engine does not include the CLI's header. */
#define SCAN_EXIT_OK		0
#define SCAN_EXIT_FINDINGS	1

/* Why a scan did not run; the CLI maps each to an exit code. */
enum scan_rc {
	SCAN_OK = 0,
	/* policies, profiles, variables, tailoring, waivers or baseline
	 * the user must fix (exit 2) */
	SCAN_ERR_POLICY,
	/* the target could not be opened or read (exit 3) */
	SCAN_ERR_TARGET,
};

const char	*scan_rc_str(enum scan_rc rc);

/* Defaults: every rule, --fail-on high, limits_default, no target. */
void		 scan_options_init(struct scan_options *o);

/* Run the whole scan of O->target into *R (which is overwritten). On
 * SCAN_OK the caller owns R and releases it; otherwise R is empty (and
 * safe to release) and D says why. */
ASSAY_NODISCARD enum scan_rc scan_run(const struct scan_options *o,
		    struct scan_report *r, struct diag *d);
/* Free what scan_run() allocated; a zeroed or hand-built R is fine. */
void		 scan_report_release(struct scan_report *r);

/* The first two phases on their own, for `assay rules` and `profiles`.
 * scan_load: every file of O->policies, checked as a set; NULL with the
 * errors in D. scan_compile: the plan of O's profiles, variables and
 * tailoring; with a tailoring *TP gets it (the caller frees it, also
 * when NULL is returned), else NULL. */
ASSAY_NODISCARD struct policy_set *scan_load(const struct scan_options *o,
		    struct diag *d);
ASSAY_NODISCARD struct plan *scan_compile(const struct scan_options *o,
		    struct policy_set *ps, struct tailoring **tp,
		    struct diag *d);

/* Fill R->sum from R->results. */
void		 scan_summarize(struct scan_report *r);
/* The severity of result I in effect: the plan's (a tailoring may have
 * changed it), else its rule's. */
enum severity	 scan_severity(const struct scan_report *r, size_t i);
/* Is severity S at or above R's --fail-on threshold (never with none)? */
bool		 scan_at_threshold(const struct scan_report *r,
		    enum severity s);
/* Does result I fail the --fail-on gate? A fail or an error at or above
 * the threshold (a control we could not verify is not one that passed);
 * waived results never do; with fail_on_new, only a fail with a new live
 * finding or an error the baseline did not have. */
bool		 scan_gates(const struct scan_report *r, size_t i);
/* Does any result fail the gate? */
bool		 scan_gate_fails(const struct scan_report *r);

#endif /* ASSAY_SCAN_H */
