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

/* A fresh temporary directory (malloc'd path). */
char	*tu_tmpdir(void);
/* rm -rf PATH (does not follow symlinks). */
void	 tu_rmtree(const char *path);

/* Create DIR/REL with CONTENT and MODE, making parent directories (0755).
 * REL may start with '/'. */
void	 tu_write(const char *dir, const char *rel, const char *content,
	    mode_t mode);
void	 tu_mkdir(const char *dir, const char *rel, mode_t mode);
void	 tu_symlink(const char *dir, const char *rel, const char *target);
void	 tu_mkfifo(const char *dir, const char *rel);
void	 tu_chown(const char *dir, const char *rel, uid_t uid, gid_t gid);
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

/* Run a suite and return the exit status for main(). */
int	 tu_run_suite(Suite *s);

#endif /* ASSAY_TESTUTIL_H */
