/*
 * image.h -- the configuration of a container image target, for probes.
 *
 * An image target (docker-archive, OCI archive or layout, see target.h)
 * carries an image config next to its filesystem: the user it runs as,
 * its environment, ports, healthcheck, labels, entrypoint and command,
 * and the history that says which Dockerfile step made each layer.
 *
 *   1. const struct image_config *c = target_image_config(t);
 *      (NULL for a directory or a single layer tar: no config)
 *   2. read the fields; every string is borrowed while T is open;
 *   3. image_layer_created_by(t, n->layer) names the step behind a node
 *      for evidence ("layer 3: RUN useradd app").
 */
#ifndef ASSAY_IMAGE_H
#define ASSAY_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

struct target;

struct image_kv {
	const char	*key;
	const char	*value;
};

/* One history entry. LAYER is the layer it produced, or -1 for a step
 * that made none (ENV, CMD, ...: empty_layer true). */
struct image_history {
	const char	*created_by;	/* "" when absent */
	const char	*created;	/* RFC 3339 time or "" */
	const char	*comment;	/* "" when absent */
	bool		 empty_layer;
	int		 layer;
};

/* Missing fields are NULL (strings) or zero counts. */
struct image_config {
	/* chosen name or NULL */
	const char			*name;
	/* "sha256:HEX" of the config blob (the image ID `docker images`
	 * shows, checked against the config's bytes), or NULL when the
	 * archive names the config otherwise; of the manifest, for an OCI
	 * image (the digest a registry pulls it by), else NULL */
	const char			*id;
	const char			*manifest_digest;
	const char			*os;
	const char			*architecture;
	const char			*variant;
	const char			*user;		/* "" = root */
	const char			*workdir;
	const char *const		*env;		/* "KEY=VALUE" */
	size_t				 nenv;
	const char *const		*exposed_ports;	/* "80/tcp" */
	size_t				 nports;
	/* a Healthcheck whose Test is not ["NONE"]; its Test joined by
	 * spaces ("CMD-SHELL curl -f http://localhost/") */
	bool				 has_healthcheck;
	const char			*healthcheck_test;
	const struct image_kv		*labels;	/* sorted by key */
	size_t				 nlabels;
	const char *const		*entrypoint;
	size_t				 nentrypoint;
	const char *const		*cmd;
	size_t				 ncmd;
	const struct image_history	*history;
	size_t				 nhistory;
	const struct image_kv		*annotations;	/* of the manifest */
	size_t				 nannotations;
	size_t				 nlayers;
};

/* The config of image target T, or NULL when T has none. */
const struct image_config *target_image_config(struct target *t);
/* The created_by of the history entry that made layer LAYER ("" when
 * there is no such entry or T is no image). */
const char	*image_layer_created_by(struct target *t, int layer);

#endif /* ASSAY_IMAGE_H */
