/*
 * fuzz_oval.c -- libFuzzer target for the SCAP document loader and the
 * OVAL evaluator (engine/scap/).
 *
 * The input is one OVAL (or data stream) file, written to the fixed root
 * made once per process (the loader reads host files through
 * hostfile.c): scap_doc_get_selected() as a profile scan loads it, then
 * scap_doc_get(), then oval_eval() of each of its first
 * definitions against that root, with one external variable bound, so
 * fuzzed tests, objects, states, sets, filters and variable functions
 * meet real files. A load that fails must say why. A profile scan's load
 * with the pruned bytes skipped must build the tree a parse of every
 * byte builds, whenever the latter succeeds (oval_load.c).
 */
#include "config.h"

#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay/diag.h"
#include "assay/oval.h"
#include "assay/scap_xml.h"
#include "assay/strbuf.h"
#include "assay/target.h"
#include "assay/xmem.h"
#include "fuzz.h"

/* Definitions evaluated per input. */
#define DEFS_MAX	16

static const struct {
	const char	*path;
	const char	*text;
} root_files[] = {
	{ "/etc/ssh/sshd_config", "PermitRootLogin no\nMaxAuthTries 4\n" },
	{ "/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n" },
	{ "/etc/sysctl.conf", "kernel.randomize_va_space = 2\n" },
	{ "/etc/fstab", "tmpfs /tmp tmpfs nodev,nosuid 0 0\n" },
	{ "/var/lib/dpkg/status", "Package: openssh-server\n"
	    "Status: install ok installed\nVersion: 1:9.2p1-2\n" },
	{ "/lib/systemd/system/multi-user.target", "[Unit]\nWants=a.service\n" },
};

static char *input;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = fuzz_root();

	(void)argc;
	(void)argv;
	for (size_t i = 0; i < sizeof(root_files) / sizeof(root_files[0]);
	    i++)
		fuzz_put(dir, root_files[i].path, root_files[i].text,
		    strlen(root_files[i].text));
	input = xasprintf("%s/input.xml", dir);
	return 0;
}

/* Every definition id under N, at most DEFS_MAX. */
static void
defs(xmlNodePtr n, const char **out, size_t *nout)
{
	for (; n != NULL && *nout < DEFS_MAX; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "definition") == 0) {
			for (xmlAttrPtr a = n->properties; a != NULL;
			    a = a->next)
				if (strcmp((const char *)a->name, "id") == 0 &&
				    a->children != NULL)
					out[(*nout)++] = (const char *)
					    a->children->content;
			continue;
		}
		defs(n->children, out, nout);
	}
}

/* The tree of INPUT as a profile scan loads it, pruned bytes skipped
 * (SKIP) or parsed; NULL when the load fails. */
static char *
tree_of(bool skip)
{
	static const char *const profiles[] = { "p" };
	struct diag *d = diag_new();
	struct scap_doc *doc;
	struct strbuf b = STRBUF_INIT;

	scap_parse_skip(skip);
	doc = scap_doc_get_profiles(input, &fuzz_limits, profiles, 1, d);
	scap_parse_skip(true);
	diag_free(d);
	if (doc == NULL)
		return NULL;
	xsig(&b, xmlDocGetRootElement(scap_doc_xml(doc)), false);
	scap_doc_put(doc);
	return strbuf_detach(&b);
}

/* Skipping the bytes of pruned subtrees changes nothing a parse of every
 * byte accepts: the same tree, the same line numbers (it may accept
 * more: the skipped bytes are checked less). */
static void
same_tree_skipped(void)
{
	char *parsed = tree_of(false), *skipped;

	if (parsed == NULL)
		return;
	skipped = tree_of(true);
	if (skipped == NULL || strcmp(parsed, skipped) != 0) {
		fprintf(stderr, "skipping pruned bytes changed the tree:\n"
		    "--- parsed\n%s--- skipped\n%s", parsed,
		    skipped != NULL ? skipped : "(load failed)\n");
		abort();
	}
	free(parsed);
	free(skipped);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct oval_export ex[] = {
		{ "oval:x:var:1", "600" },
	};
	static const char *const profiles[] = { "p", "xccdf_t_profile_b" };
	struct diag *d = diag_new();
	struct scap_doc *doc;
	struct target *t;
	const char *ids[DEFS_MAX];
	size_t n = 0;

	fuzz_put(fuzz_root(), "/input.xml", data, size);
	/* a profile scan's load: unselected Rules and the OVAL elements no
	 * kept one names are pruned (or held) as the file is read */
	if ((doc = scap_doc_get_selected(input, &fuzz_limits, true, d)) ==
	    NULL)
		fuzz_parse_failed("scap_doc_get_selected", d);
	scap_doc_put(doc);
	diag_free(d);
	/* and a scan of named Profiles: the Profiles read, resolved and
	 * their extends followed before the first Group or Rule */
	d = diag_new();
	if ((doc = scap_doc_get_profiles(input, &fuzz_limits, profiles, 2,
	    d)) == NULL)
		fuzz_parse_failed("scap_doc_get_profiles", d);
	scap_doc_put(doc);
	diag_free(d);
	same_tree_skipped();
	d = diag_new();
	if ((doc = scap_doc_get(input, &fuzz_limits, d)) == NULL) {
		fuzz_parse_failed("scap_doc_get", d);
		diag_free(d);
		return 0;
	}
	defs(xmlDocGetRootElement(scap_doc_xml(doc)), ids, &n);
	t = target_open(fuzz_root(), &fuzz_limits, d);
	for (size_t i = 0; t != NULL && i < n; i++) {
		const char *comp = scap_oval_find(doc, NULL, ids[i]);
		struct evlist ev;

		if (comp == NULL)
			continue;
		evlist_init(&ev, fuzz_limits.evidence_max);
		(void)oval_eval(doc, comp, ids[i], ex, 1, t, &fuzz_limits,
		    &ev);
		evlist_release(&ev);
	}
	if (t != NULL)
		target_close(t);
	scap_doc_put(doc);
	diag_free(d);
	return 0;
}
