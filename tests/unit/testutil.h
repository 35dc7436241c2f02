/*
 * testutil.h -- helpers shared by the Check suites.
 *
 * Trees that git cannot hold (modes, owners, FIFOs, symlink loops, a
 * canary outside the root) are built in a fresh mkdtemp() directory per
 * test and removed afterwards.
 */
#ifndef ASSAY_TESTUTIL_H
#define ASSAY_TESTUTIL_H

#include <stdbool.h>
#include <sys/types.h>

#include <check.h>

#include "assay/diag.h"
#include "assay/limits.h"
#include "assay/result.h"

struct archive;
struct target;

/* $top_srcdir (set by make check), or "." */
const char	*tu_srcdir(void);
/* A path under $top_srcdir, malloc'd. */
char		*tu_srcpath(const char *rel);

/* The whole of the host file PATH (of $top_srcdir/REL), NUL-terminated
 * and malloc'd, its length in *LENP when not NULL; fails the test when it
 * cannot be read. */
char		*tu_slurp(const char *path, size_t *lenp);
char		*tu_slurp_src(const char *rel, size_t *lenp);

/* A fresh temporary directory (malloc'd path). */
char	*tu_tmpdir(void);
/* rm -rf PATH (does not follow symlinks). */
void	 tu_rmtree(const char *path);

/* Create DIR/REL with CONTENT and MODE, making parent directories (0755).
 * REL may start with '/'. */
void	 tu_write(const char *dir, const char *rel, const char *content,
	    mode_t mode);
/* The same with LEN bytes of DATA (which may hold NULs). */
void	 tu_write_bytes(const char *dir, const char *rel, const void *data,
	    size_t len, mode_t mode);
void	 tu_mkdir(const char *dir, const char *rel, mode_t mode);
void	 tu_symlink(const char *dir, const char *rel, const char *target);
void	 tu_mkfifo(const char *dir, const char *rel);
void	 tu_chown(const char *dir, const char *rel, uid_t uid, gid_t gid);
/* A security.capability value (struct vfs_cap_data, revision 2,
 * linux/capability.h): cap_net_raw=ep, as `setcap cap_net_raw+ep`
 * writes it; TU_CAP_LEN bytes. */
#define TU_CAP_LEN	20
extern const char tu_cap[TU_CAP_LEN];
/* Give DIR/REL (not followed) that capability; needs CAP_SETFCAP, as
 * the suite runs as root. */
void	 tu_setcap(const char *dir, const char *rel);
void	 tu_chmod(const char *dir, const char *rel, mode_t mode);

/* Open the directory ROOT as a target with limits_default, or fail the
 * test with the diagnostic. The caller closes it. */
struct target	*tu_target_open(const char *root);

/* Compile probe PROBE with ARGS_YAML (the YAML value under the probe's
 * key, e.g. "{key: PermitRootLogin, expect: {equals: \"no\"}}") and
 * evaluate it against the directory ROOT. Returns the status, with the
 * evidence in EV (the caller releases it). If compilation fails, returns
 * -1 and, when ERR is not NULL, *ERR gets the first diagnostic
 * (malloc'd). The YAML is parsed as file "test.yaml". */
int	 tu_probe_run(const char *root, const char *probe,
	    const char *args_yaml, struct evlist *ev, char **err);
/* Just compile; returns 0 or -1 with the first diagnostic in *ERR. */
int	 tu_probe_compile(const char *probe, const char *args_yaml,
	    char **err);
/* True when some evidence item's message contains NEEDLE. */
bool	 tu_ev_has(const struct evlist *ev, const char *needle);

/*
 * The probe suites' fixture: each test gets a fresh directory TU_ROOT
 * (made by tu_root_setup(), removed by tu_root_teardown()) to write a
 * root into and run a probe on. A suite whose tests share a starting
 * tree calls tu_root_setup() first in its own setup:
 *
 *   tcase_add_checked_fixture(tc, tu_root_setup, tu_root_teardown);
 */
extern char	*tu_root;
void		 tu_root_setup(void);
/* The same with an empty /etc (mode 0755) in it. */
void		 tu_root_setup_etc(void);
void		 tu_root_teardown(void);
/* tu_probe_run() on TU_ROOT; fails the test when ARGS_YAML does not
 * compile. */
int		 tu_run(const char *probe, const char *args_yaml,
		    struct evlist *ev);
/* One row of a probe's verdict table: PROBE with ARGS_YAML on TU_ROOT
 * gives ST, and some evidence message contains EV. */
void		 tu_check_verdict(const char *probe, const char *args_yaml,
		    enum status st, const char *ev);
/* One row of a probe's compile-error table: ARGS_YAML does not compile,
 * and the first diagnostic is exactly ERROR. */
void		 tu_check_compile_error(const char *probe,
		    const char *args_yaml, const char *error);

/* One entry of an image layer: TYPE 'f' file, 'd' directory, 'l'
 * symlink, 'h' hard link; DATA is the content or the link target; MODE
 * 0 means 0644. A layer's entries end with one whose PATH is NULL;
 * whiteouts are files named ".wh.NAME" (".wh..wh..opq": opaque). */
struct tu_ent {
	char		 type;
	const char	*path;
	const char	*data;
	unsigned	 mode;
	unsigned	 uid;
};
struct tu_layer {
	const struct tu_ent	*ents;
	const char		*created_by;	/* its history entry */
};
/* Write a docker-archive DIR/NAME (image "test:1", linux/amd64) of the
 * NLAYERS LAYERS, uncompressed, with real digests; returns its path
 * (malloc'd). */
char	*tu_write_image(const char *dir, const char *name,
	    const struct tu_layer *layers, size_t nlayers);
/* For suites that build their own archives: write entry E (its header
 * and, for a file, its DATA) to the open writer A. */
void	 tu_add_entry(struct archive *a, const struct tu_ent *e);
/* The sha256 of P[0..LEN) in HEX: 64 lower-case digits and a NUL. */
void	 tu_sha256_hex(const void *p, size_t len, char hex[65]);

/* Fail the test when D holds a message (naming the first); free D. */
void	 tu_diag_none(struct diag *d);

/* Run a suite and return the exit status for main(). */
int	 tu_run_suite(Suite *s);

#endif /* ASSAY_TESTUTIL_H */
