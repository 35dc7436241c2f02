/*
 * ds_sign.h -- the XML signature of a SCAP source data stream.
 *
 * SCAP 1.3 content (NIST SP 800-126r3) may be signed: an enveloped
 * XML-DSig <Signature>, the last child of ds:data-stream-collection,
 * whose References (directly or through a Manifest) name the data
 * streams and components by id. DISA
 * signs its SCAP benchmarks this way, and oscap refuses a signed data
 * stream whose signature does not verify. assay does the same before it
 * evaluates anything:
 *
 *   if (ds_sign_signed(xml_of_the_loaded_document))
 *       ds_sign_verify(path, trust_or_NULL, lim, d)
 *
 * Verification (xmlsec with OpenSSL) reads the file again whole, exactly
 * as written (the evaluation's parse prunes it), with no network, no DTD
 * and no entity expansion; references may only point inside the document
 * ("" or "#id"), and only canonicalisation, enveloped-signature, SHA-1/2
 * digests and RSA / ECDSA signatures are allowed (no XSLT, no XPath
 * transform). The key is the one the signature carries: a KeyValue,
 * which proves the content is what the holder of that key signed, not
 * who the holder is; or the certificate of an X509Data, which must chain
 * to an authority the system trusts (OpenSSL's default paths), as
 * oscap's check does. Every Reference must verify, and
 * together they must cover every data stream and component of the
 * collection (or the collection itself). --signature-trust names the
 * certificates that say who: then the signing certificate must chain to
 * one of them.
 */
#ifndef ASSAY_DS_SIGN_H
#define ASSAY_DS_SIGN_H

#include <stdbool.h>

#include "assay/diag.h"
#include "assay/limits.h"

/* Does DOC (an xmlDocPtr, pruned or whole) hold a data stream collection
 * with an XML-DSig Signature child? */
bool		ds_sign_signed(const void *doc);

/* Verify the signature of the data stream collection in PATH: 0, or -1
 * with the reason in D (the signature does not verify, it leaves part of
 * the collection unsigned, or PATH cannot be read). With TRUST (a PEM
 * file of one or more certificates, or NULL), the signature must also
 * be made with the key of an X509Data certificate that chains to one of
 * them and is valid now; a bare KeyValue is refused. */
ASSAY_NODISCARD int ds_sign_verify(const char *path, const char *trust,
		    const struct limits *lim, struct diag *d);

#endif
