/*
 * ds_sign.c -- the XML signature of a SCAP source data stream, checked
 * with xmlsec (OpenSSL) before its content is evaluated (ds_sign.h).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/keysmngr.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/keyinfo.h>
#include <xmlsec/openssl/x509.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "assay/ds_sign.h"
#include "assay/hostfile.h"
#include "assay/util.h"
#include "assay/xmem.h"

#define DS_NS		"http://scap.nist.gov/schema/scap/source/1.2"
#define DSIG_NS		"http://www.w3.org/2000/09/xmldsig#"

static bool
is_ns_el(const xmlNode *n, const char *name, const char *ns)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, ns) == 0 &&
	    strcmp((const char *)n->name, name) == 0;
}

/* The Signature child of DOC's data-stream-collection root, or NULL. */
static xmlNodePtr
signature_of(xmlDocPtr doc)
{
	xmlNodePtr root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;

	if (root == NULL || !is_ns_el(root, "data-stream-collection", DS_NS))
		return NULL;
	for (xmlNodePtr c = root->children; c != NULL; c = c->next)
		if (is_ns_el(c, "Signature", DSIG_NS))
			return c;
	return NULL;
}

bool
ds_sign_signed(const void *doc)
{
	return signature_of((xmlDocPtr)doc) != NULL;
}

/* xmlsec and its OpenSSL back end, set up once (a process verifies at
 * most a few data streams; nothing is torn down, as xmlsec's shutdown
 * would also end OpenSSL for the registry client). */
static bool
sign_init(void)
{
	static int state;	/* 0 not tried, 1 ready, -1 failed */

	if (state == 0)
		/* xmlsec's own error printing off: the diag says why */
		state = xmlSecInit() >= 0 && xmlSecCheckVersion() == 1 &&
		    (xmlSecErrorsDefaultCallbackEnableOutput(0), true) &&
		    xmlSecCryptoAppInit(NULL) >= 0 &&
		    xmlSecCryptoInit() >= 0 ? 1 : -1;
	return state == 1;
}

/* The id attributes of the collection, its data streams, components and
 * the elements of the Signature (Manifest, SignatureProperties) made XML
 * IDs, for References "#id" to find them: no DTD declares them. */
static void
mark_ids(xmlDocPtr doc, xmlNodePtr n, unsigned depth)
{
	for (; n != NULL; n = n->next) {
		xmlAttrPtr a;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (((a = xmlHasProp(n, BAD_CAST "id")) != NULL ||
		    (a = xmlHasProp(n, BAD_CAST "Id")) != NULL) &&
		    a->children != NULL && a->children->content != NULL &&
		    xmlGetID(doc, a->children->content) == NULL)
			(void)xmlAddID(NULL, doc, a->children->content, a);
		/* below the collection: its own children (data streams,
		 * components, the Signature) and what the Signature holds */
		if (depth == 0 || (depth < 4 && n->ns != NULL &&
		    strcmp((const char *)n->ns->href, DSIG_NS) == 0))
			mark_ids(doc, n->children, depth + 1);
	}
}

/* Is URI (a verified Reference's) one naming N by id, or the whole
 * document? */
static bool
covers(const xmlChar *uri, xmlNodePtr n)
{
	const xmlChar *id = xmlHasProp(n, BAD_CAST "id") != NULL ?
	    xmlHasProp(n, BAD_CAST "id")->children->content : NULL;

	if (uri == NULL || uri[0] == '\0')
		return true;
	return uri[0] == '#' && id != NULL &&
	    strcmp((const char *)uri + 1, (const char *)id) == 0;
}

/* Every Reference of LIST verified; each URI into *URIS. */
static bool
refs_ok(xmlSecPtrListPtr list, const xmlChar ***uris, size_t *n,
    size_t *bad)
{
	size_t size = xmlSecPtrListGetSize(list);

	for (size_t i = 0; i < size; i++) {
		xmlSecDSigReferenceCtxPtr r = xmlSecPtrListGetItem(list, i);

		if (r == NULL || r->status != xmlSecDSigStatusSucceeded) {
			(*bad)++;
			continue;
		}
		*uris = xreallocarray(*uris, *n + 1, sizeof(**uris));
		(*uris)[(*n)++] = r->uri;
	}
	return *bad == 0;
}

/* What part of ROOT (the collection) no verified URI covers: a data
 * stream or component id, or NULL when all of it is covered. */
static const char *
uncovered(xmlNodePtr root, const xmlChar **uris, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (covers(uris[i], root))
			return NULL;
	for (xmlNodePtr c = root->children; c != NULL; c = c->next) {
		bool ok = false;

		if (!is_ns_el(c, "data-stream", DS_NS) &&
		    !is_ns_el(c, "component", DS_NS) &&
		    !is_ns_el(c, "extended-component", DS_NS))
			continue;
		for (size_t i = 0; i < n && !ok; i++)
			ok = covers(uris[i], c);
		if (!ok)
			return xmlHasProp(c, BAD_CAST "id") != NULL ?
			    (const char *)xmlHasProp(c, BAD_CAST
			    "id")->children->content : (const char *)c->name;
	}
	return NULL;
}

/* The transforms a Reference or SignedInfo may use: canonicalisation,
 * enveloped-signature, base64, digests and signatures; no XSLT or XPath,
 * which could read or compute anything. */
static bool
allow_transforms(xmlSecDSigCtxPtr c)
{
	xmlSecTransformId ref[] = {
		xmlSecTransformInclC14NId, xmlSecTransformInclC14NWithCommentsId,
		xmlSecTransformInclC14N11Id,
		xmlSecTransformInclC14N11WithCommentsId,
		xmlSecTransformExclC14NId, xmlSecTransformExclC14NWithCommentsId,
		xmlSecTransformEnvelopedId, xmlSecTransformBase64Id,
		xmlSecTransformSha1Id, xmlSecTransformSha224Id,
		xmlSecTransformSha256Id, xmlSecTransformSha384Id,
		xmlSecTransformSha512Id,
	};
	xmlSecTransformId sig[] = {
		xmlSecTransformInclC14NId, xmlSecTransformInclC14NWithCommentsId,
		xmlSecTransformInclC14N11Id,
		xmlSecTransformInclC14N11WithCommentsId,
		xmlSecTransformExclC14NId, xmlSecTransformExclC14NWithCommentsId,
		xmlSecTransformRsaSha1Id, xmlSecTransformRsaSha224Id,
		xmlSecTransformRsaSha256Id, xmlSecTransformRsaSha384Id,
		xmlSecTransformRsaSha512Id, xmlSecTransformEcdsaSha1Id,
		xmlSecTransformEcdsaSha224Id, xmlSecTransformEcdsaSha256Id,
		xmlSecTransformEcdsaSha384Id, xmlSecTransformEcdsaSha512Id,
	};

	for (size_t i = 0; i < sizeof(ref) / sizeof(ref[0]); i++)
		if (xmlSecDSigCtxEnableReferenceTransform(c, ref[i]) < 0)
			return false;
	for (size_t i = 0; i < sizeof(sig) / sizeof(sig[0]); i++)
		if (xmlSecDSigCtxEnableSignatureTransform(c, sig[i]) < 0)
			return false;
	return true;
}

/* The key data a Signature's KeyInfo may carry: a KeyValue (RSA, EC) or
 * an X509Data certificate, which must chain to a certificate authority
 * the system trusts (OpenSSL's default paths) or one --signature-trust
 * names, as oscap's check does; with TRUSTED certificates, only an
 * X509Data certificate. */
static bool
allow_keys(xmlSecDSigCtxPtr c, bool trusted)
{
	xmlSecKeyDataId ids[] = {
		xmlSecKeyDataX509Id, xmlSecKeyDataValueId, xmlSecKeyDataRsaId,
		xmlSecKeyDataEcdsaId,
	};

	for (size_t i = 0; i < (trusted ? 1 : sizeof(ids) / sizeof(ids[0]));
	    i++)
		if (xmlSecPtrListAdd(&c->keyInfoReadCtx.enabledKeyData,
		    (const xmlSecPtr)ids[i]) < 0)
			return false;
	return true;
}

/* Does the certificate whose key verified C's signature chain to one in
 * ONLY (the --signature-trust certificates alone: xmlsec's own store also
 * holds the system's authorities), through those the signature carries,
 * and is every certificate of that chain valid now? */
static bool
chains_to(xmlSecDSigCtxPtr c, X509_STORE *only)
{
	xmlSecKeyDataPtr x = c->signKey != NULL ?
	    xmlSecKeyGetData(c->signKey, xmlSecOpenSSLKeyDataX509Id) : NULL;
	X509 *leaf = x != NULL ? xmlSecOpenSSLKeyDataX509GetKeyCert(x) : NULL;
	STACK_OF(X509) *carried = sk_X509_new_null();
	X509_STORE_CTX *sc = X509_STORE_CTX_new();
	bool ok = false;

	if (leaf != NULL && carried != NULL && sc != NULL) {
		for (xmlSecSize i = 0; i < xmlSecOpenSSLKeyDataX509GetCertsSize(x);
		    i++)
			(void)sk_X509_push(carried,
			    xmlSecOpenSSLKeyDataX509GetCert(x, i));
		ok = X509_STORE_CTX_init(sc, only, leaf, carried) == 1 &&
		    X509_verify_cert(sc) == 1;
	}
	X509_STORE_CTX_free(sc);
	sk_X509_free(carried);
	return ok;
}

/* All of PATH (a regular file of at most CAP bytes) into *BUFP, *LENP:
 * 0, or -1 with the reason in D. */
static int
read_whole(const char *path, size_t cap, char **bufp, size_t *lenp,
    struct diag *d)
{
	struct srcpos at = { path, 0, 0 };

	switch (hostfile_read(path, cap, true, bufp, lenp)) {
	case HOSTFILE_OK:
		return 0;
	case HOSTFILE_TOO_BIG:
		diag_add(d, &at, "larger than %zu bytes", cap);
		return -1;
	case HOSTFILE_NOT_REGULAR:
		diag_add(d, &at, "not a regular file");
		return -1;
	default:
		diag_add(d, &at, "%s", diag_errno(errno));
		return -1;
	}
}

/* Add the PEM certificate P (LEN bytes) to STORE. */
static bool
store_add(X509_STORE *store, const char *p, size_t len)
{
	BIO *b = len <= INT_MAX ? BIO_new_mem_buf(p, (int)len) : NULL;
	X509 *cert = b != NULL ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	bool ok = cert != NULL && X509_STORE_add_cert(store, cert) == 1;

	X509_free(cert);
	BIO_free(b);
	return ok;
}

/* Load every PEM certificate of TRUST into MNGR as trusted and into
 * ONLY: how many, or -1 with the reason in D. */
static int
load_trust(xmlSecKeysMngrPtr mngr, X509_STORE *only, const char *trust,
    const struct limits *lim, struct diag *d)
{
	static const char begin[] = "-----BEGIN CERTIFICATE-----";
	static const char end[] = "-----END CERTIFICATE-----";
	struct srcpos at = { trust, 0, 0 };
	char *buf, *p, *e;
	size_t len;
	int n = 0;

	if (read_whole(trust, lim->policy_bytes, &buf, &len, d) != 0)
		return -1;
	for (p = buf; (p = strstr(p, begin)) != NULL; p = e) {
		if ((e = strstr(p, end)) == NULL)
			break;
		e += sizeof(end) - 1;
		if (xmlSecCryptoAppKeysMngrCertLoadMemory(mngr,
		    (const xmlSecByte *)p, (xmlSecSize)(e - p),
		    xmlSecKeyDataFormatPem, xmlSecKeyDataTypeTrusted) < 0 ||
		    !store_add(only, p, (size_t)(e - p))) {
			at.line = 1;
			for (const char *q = buf; q < p; q++)
				at.line += *q == '\n';
			diag_add(d, &at, "not a PEM certificate that can be "
			    "trusted for data stream signatures");
			free(buf);
			return -1;
		}
		n++;
	}
	free(buf);
	if (n == 0)
		diag_add(d, &at, "no PEM certificate (\"%s\") in it: "
		    "--signature-trust names the certificates whose data "
		    "stream signatures are accepted", begin);
	return n > 0 ? n : -1;
}

int
ds_sign_verify(const char *path, const char *trust, const struct limits *lim,
    struct diag *d)
{
	struct srcpos at = { path, 0, 0 };
	xmlDocPtr doc = NULL;
	xmlNodePtr sig;
	xmlSecKeysMngrPtr mngr = NULL;
	xmlSecDSigCtxPtr ctx = NULL;
	X509_STORE *only = NULL;
	const xmlChar **uris = NULL;
	const char *gap;
	size_t n = 0, bad = 0, len;
	char *buf;
	bool verified;
	int rc = -1;

	if (read_whole(path, lim->scap_bytes, &buf, &len, d) != 0)
		return -1;
	/* the bytes as signed: no entity substitution, no DTD, no network
	 * (the evaluation's parse already refused a DOCTYPE) */
	doc = len <= INT_MAX ? xmlReadMemory(buf, (int)len, path, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_HUGE) : NULL;
	free(buf);
	if (doc == NULL || doc->intSubset != NULL ||
	    (sig = signature_of(doc)) == NULL) {
		diag_add(d, &at, "the data stream's XML signature cannot be "
		    "read again for verification");
		goto out;
	}
	at.line = (unsigned)xmlGetLineNo(sig);
	mark_ids(doc, xmlDocGetRootElement(doc), 0);
	if (!sign_init() || (mngr = xmlSecKeysMngrCreate()) == NULL ||
	    xmlSecCryptoAppDefaultKeysMngrInit(mngr) < 0) {
		diag_add(d, &at, "cannot verify the data stream's XML "
		    "signature: xmlsec failed to start");
		goto out;
	}
	if (trust != NULL && ((only = X509_STORE_new()) == NULL ||
	    load_trust(mngr, only, trust, lim, d) < 0))
		goto out;
	if ((ctx = xmlSecDSigCtxCreate(mngr)) == NULL) {
		diag_add(d, &at, "cannot verify the data stream's XML "
		    "signature: xmlsec failed to start");
		goto out;
	}
	ctx->flags |= XMLSEC_DSIG_FLAGS_STORE_SIGNEDINFO_REFERENCES |
	    XMLSEC_DSIG_FLAGS_STORE_MANIFEST_REFERENCES;
	ctx->enabledReferenceUris = xmlSecTransformUriTypeEmpty |
	    xmlSecTransformUriTypeSameDocument;
	if (!allow_transforms(ctx) || !allow_keys(ctx, trust != NULL)) {
		diag_add(d, &at, "cannot verify the data stream's XML "
		    "signature: xmlsec refused its settings");
		goto out;
	}
	verified = xmlSecDSigCtxVerify(ctx, sig) >= 0;
	if (trust != NULL && (!verified ||
	    (ctx->status == xmlSecDSigStatusSucceeded &&
	    !chains_to(ctx, only)))) {
		diag_add(d, &at, "the data stream's XML signature is not made "
		    "with a certificate --signature-trust %s trusts (the "
		    "signer's certificate does not chain to one of them or is "
		    "not valid now, the signature carries a bare key, or it "
		    "names something outside the document or an algorithm "
		    "that is not allowed): its content is not evaluated",
		    trust);
		goto out;
	}
	if (!verified) {
		diag_add(d, &at, "the data stream's XML signature cannot be "
		    "verified (a reference outside the document, a transform "
		    "or algorithm that is not allowed, no usable key in it, or "
		    "a certificate that does not chain to an authority this "
		    "system trusts: --signature-trust names others): its "
		    "content is not evaluated (--skip-signature-check "
		    "evaluates it anyway)");
		goto out;
	}
	(void)refs_ok(&ctx->signedInfoReferences, &uris, &n, &bad);
	(void)refs_ok(&ctx->manifestReferences, &uris, &n, &bad);
	if (ctx->status != xmlSecDSigStatusSucceeded || bad > 0) {
		/* a reference's digest is checked before the signature
		 * value, and a mismatch stops there */
		diag_add(d, &at, "the data stream's XML signature does not "
		    "verify (%s): the content changed after it was signed, "
		    "and is not evaluated (--skip-signature-check evaluates it "
		    "anyway)", bad > 0 ? "a digest does not match what its "
		    "reference names" : "the signature value does not match");
		goto out;
	}
	if ((gap = uncovered(xmlDocGetRootElement(doc), uris, n)) != NULL) {
		diag_add(d, &at, "the data stream's XML signature leaves "
		    "\"%s\" unsigned: its content is not evaluated "
		    "(--skip-signature-check evaluates it anyway)", gap);
		goto out;
	}
	rc = 0;
out:
	free(uris);
	if (ctx != NULL)
		xmlSecDSigCtxDestroy(ctx);
	if (mngr != NULL)
		xmlSecKeysMngrDestroy(mngr);
	X509_STORE_free(only);
	xmlFreeDoc(doc);
	return rc;
}
