#!/bin/sh
# End-to-end test of signed SCAP data streams (include/assay/ds_sign.h,
# docs/scap.md "Signed data streams"): fixtures/scap/demo-tailoring-ds.xml
# is given an enveloped XML-DSig signature made here by xmlsec1 with a key
# made here by openssl, then
#
#   - signed as made: the scan runs, with the results of the unsigned
#     data stream;
#   - one character of a component changed after signing, or the
#     signature value changed: exit 2, the file and the Signature's line,
#     and why; nothing is evaluated;
#   - --skip-signature-check: the changed one is evaluated anyway;
#   - a signature that covers only the data stream, not its components:
#     exit 2, naming the component left unsigned;
#   - a Reference to a URI outside the document (a file) or a transform
#     that is not allowed (XSLT): exit 2, nothing read;
#   - oscap-chroot accepts and refuses the same files;
#   - a signature made with a certificate: accepted when it chains to an
#     authority the system trusts (as oscap) or to one --signature-trust
#     names; with --signature-trust, only to those, and never a bare key;
#   - --enforce-signature: unsigned content refused (as oscap's option).
#
# Needs python3, openssl, xmlsec1 and oscap-chroot (openscap-utils).
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/e2e/lib.sh
. "$top_srcdir/tests/e2e/lib.sh"

e2e_require assay python3
for t in openssl xmlsec1 oscap-chroot; do
	command -v "$t" >/dev/null 2>&1 ||
	    e2e_skip "$t not found (apt-get install openssl xmlsec1 openscap-utils)"
done
e2e_setup
F=$top_srcdir/fixtures/scap
DS=$F/demo-tailoring-ds.xml
DSNS=http://scap.nist.gov/schema/scap/source/1.2

openssl genrsa -out "$tmp/key.pem" 2048 2>/dev/null

# template OUT WHICH: the data stream with a Signature template whose
# References name WHICH (all: the data stream and every component; ds:
# the data stream only) by id
template()
{
	python3 - "$DS" "$1" "$2" <<'PY'
import re, sys
src, out, which = sys.argv[1:]
s = open(src).read()
ids = re.findall(r'<ds:(?:data-stream|component) id="([^"]+)"', s)
if which == "ds":
    ids = ids[:1]
refs = "".join('<Reference URI="#%s"><Transforms><Transform Algorithm='
    '"http://www.w3.org/2001/10/xml-exc-c14n#"/></Transforms><DigestMethod '
    'Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue/>'
    '</Reference>' % i for i in ids)
sig = ('\n<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo>'
    '<CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
    '<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>'
    + refs + '</SignedInfo><SignatureValue/><KeyInfo><KeyValue/></KeyInfo>'
    '</Signature>')
open(out, "w").write(s.replace("</ds:data-stream-collection>",
    sig + "</ds:data-stream-collection>"))
PY
}

# sign IN OUT
sign()
{
	xmlsec1 --sign --privkey-pem "$tmp/key.pem" \
	    --id-attr:id "$DSNS:data-stream" --id-attr:id "$DSNS:component" \
	    --output "$2" "$1" 2>"$tmp/why"
}

template "$tmp/t-all.xml" all
template "$tmp/t-ds.xml" ds
if sign "$tmp/t-all.xml" "$tmp/signed.xml" &&
    sign "$tmp/t-ds.xml" "$tmp/partial.xml"
then ok "xmlsec1 signs the fixtures"; else notok "xmlsec1 signs the fixtures"; fi
SIGLINE=$(grep -n '<Signature ' "$tmp/signed.xml" | cut -d: -f1)

scan()	# FILE [OPTION...]: the scan's exit code; output in $tmp/out
{
	f=$1
	shift
	"$ASSAY" scan --datastream "$f" --profile base --fail-on none \
	    --format "json=$tmp/r.json" "$@" "$F/root" >"$tmp/out" 2>&1
}

# 1. as signed: the results of the unsigned data stream
scan "$DS"
cp "$tmp/r.json" "$tmp/unsigned.json"
if scan "$tmp/signed.xml"; then ok "signed: scanned"
else cp "$tmp/out" "$tmp/why"; notok "signed: scanned"; fi
expect "signed: the same results as unsigned" python3 - \
    "$tmp/unsigned.json" "$tmp/r.json" <<'PY'
import json, sys
a, b = (json.load(open(p))["results"] for p in sys.argv[1:])
st = lambda rs: {r["rule"]: r["status"] for r in rs}
assert st(a) == st(b) and len(a) == 5, (st(a), st(b))
PY

# refused NAME FILE WHY: exit 2, FILE:LINE of the Signature, WHY
refused()
{
	scan "$2"
	rc=$?
	if [ "$rc" -eq 2 ] &&
	    grep -q "^assay: $2:$SIGLINE: the data stream's XML signature $3" \
	    "$tmp/out"
	then ok "$1"
	else echo "exit $rc: $(cat "$tmp/out")" >"$tmp/why"; notok "$1"; fi
}

# 2. changed after signing
sed 's/max_sessions is at most the value/max_sessions is at most THE value/' \
    "$tmp/signed.xml" >"$tmp/changed.xml"
refused "a component changed: refused" "$tmp/changed.xml" \
    "does not verify (a digest does not match what its reference names): the content changed after it was signed, and is not evaluated (--skip-signature-check evaluates it anyway)"
python3 - "$tmp/signed.xml" "$tmp/badsig.xml" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
m = re.search(r"<SignatureValue>\s*(\S)", s)
c = "A" if m.group(1) != "A" else "B"
open(sys.argv[2], "w").write(s[:m.start(1)] + c + s[m.end(1):])
PY
refused "the signature value changed: refused" "$tmp/badsig.xml" \
    "does not verify (the signature value does not match)"

# 3. --skip-signature-check
if scan "$tmp/changed.xml" --skip-signature-check
then ok "--skip-signature-check: evaluated anyway"
else cp "$tmp/out" "$tmp/why"; notok "--skip-signature-check: evaluated anyway"; fi

# 4. components left out of the signature
refused "a component left unsigned: refused" "$tmp/partial.xml" \
    'leaves "scap_org.open-scap_comp_demo-oval.xml" unsigned: its content is not evaluated'

# 5. references and transforms that are not allowed: a file outside the
# document, an XSLT transform (the signature is not re-made: refused
# before any digest is computed)
sed 's|<Reference URI="#scap_org.open-scap_comp_demo-oval.xml">|<Reference URI="file:///etc/passwd">|' \
    "$tmp/signed.xml" >"$tmp/external.xml"
refused "a reference outside the document: refused" "$tmp/external.xml" \
    "cannot be verified (a reference outside the document, a transform or algorithm that is not allowed, no usable key in it, or a certificate that does not chain to an authority this system trusts"
sed 's|<Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>|<Transform Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0"/></Transform>|' \
    "$tmp/signed.xml" >"$tmp/xslt.xml"
refused "an XSLT transform: refused" "$tmp/xslt.xml" \
    "cannot be verified"

# 6. oscap-chroot accepts and refuses the same
for f in signed changed badsig; do
	oscap-chroot "$F/root" xccdf eval --profile \
	    xccdf_org.example_profile_base "$tmp/$f.xml" >"$tmp/o.out" 2>&1
	echo "$f $?"
done >"$tmp/oscap-rc"
if grep -qx "signed [02]" "$tmp/oscap-rc" &&
    grep -qx "changed 1" "$tmp/oscap-rc" && grep -qx "badsig 1" "$tmp/oscap-rc"
then ok "oscap-chroot: the same accepted and refused"
else cp "$tmp/oscap-rc" "$tmp/why"; notok "oscap-chroot: the same accepted and refused"; fi

# 7. certificates: a signature made with a certificate (X509Data) is
# accepted when the certificate chains to an authority the system trusts
# (OpenSSL's default paths, which SSL_CERT_FILE replaces here), as
# oscap's check does, or to one --signature-trust names; with
# --signature-trust, only to those
subj()	# NAME: a CN for openssl req
{
	echo "/CN=$1"
}
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/ca.key" \
    -out "$tmp/ca.pem" -days 30 -subj "$(subj 'Test CA')" 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/other.key" \
    -out "$tmp/other.pem" -days 30 -subj "$(subj 'Other CA')" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "$tmp/signer.key" \
    -out "$tmp/signer.csr" -subj "$(subj 'Content signer')" 2>/dev/null
openssl x509 -req -in "$tmp/signer.csr" -CA "$tmp/ca.pem" \
    -CAkey "$tmp/ca.key" -CAcreateserial -out "$tmp/signer.pem" -days 30 \
    2>/dev/null
sed 's|<KeyInfo><KeyValue/></KeyInfo>|<KeyInfo><X509Data/></KeyInfo>|' \
    "$tmp/t-all.xml" >"$tmp/t-x509.xml"
if xmlsec1 --sign --privkey-pem "$tmp/signer.key,$tmp/signer.pem" \
    --id-attr:id "$DSNS:data-stream" --id-attr:id "$DSNS:component" \
    --output "$tmp/x509.xml" "$tmp/t-x509.xml" 2>"$tmp/why" &&
    grep -q "<X509Certificate>" "$tmp/x509.xml"
then ok "xmlsec1 signs with a certificate"
else notok "xmlsec1 signs with a certificate"; fi
# CASE NAME WANT-RC GREP [OPTION...]: the scan of x509.xml exits WANT-RC
# and its output holds GREP (or nothing, when GREP is empty)
case_x509()
{
	name=$1 want=$2 msg=$3
	shift 3
	scan "$tmp/x509.xml" "$@"
	rc=$?
	if [ -z "$msg" ]; then
		[ ! -s "$tmp/out" ]
	else
		grep -qF -- "$msg" "$tmp/out"
	fi
	seen=$?
	if [ "$rc" -eq "$want" ] && [ "$seen" -eq 0 ]
	then ok "$name"
	else echo "exit $rc: $(cat "$tmp/out")" >"$tmp/why"; notok "$name"; fi
}
NOTRUST="x509.xml:$SIGLINE: the data stream's XML signature cannot be verified"
case_x509 "certificate of an authority the system does not trust: refused" \
    2 "$NOTRUST"
SSL_CERT_FILE=$tmp/ca.pem case_x509 \
    "certificate of an authority the system trusts: accepted" 0 ""
case_x509 "--signature-trust the signer's authority: accepted" 0 "" \
    --signature-trust "$tmp/ca.pem"
cat "$tmp/other.pem" "$tmp/ca.pem" >"$tmp/bundle.pem"
case_x509 "--signature-trust a bundle holding it: accepted" 0 "" \
    --signature-trust "$tmp/bundle.pem"
OTHER="the data stream's XML signature is not made with a certificate --signature-trust $tmp/other.pem trusts"
case_x509 "--signature-trust another authority: refused" 2 "$OTHER" \
    --signature-trust "$tmp/other.pem"
SSL_CERT_FILE=$tmp/ca.pem case_x509 \
    "--signature-trust another authority, the system trusting the signer's: refused" \
    2 "$OTHER" --signature-trust "$tmp/other.pem"
scan "$tmp/signed.xml" --signature-trust "$tmp/ca.pem"
rc=$?
if [ "$rc" -eq 2 ] && grep -qF "is not made with a certificate --signature-trust" "$tmp/out"
then ok "--signature-trust: a bare key (KeyValue) refused"
else echo "exit $rc: $(cat "$tmp/out")" >"$tmp/why"
	notok "--signature-trust: a bare key (KeyValue) refused"; fi
printf 'not a certificate\n' >"$tmp/empty.pem"
case_x509 "--signature-trust a file without certificates: refused" 2 \
    "$tmp/empty.pem: no PEM certificate" --signature-trust "$tmp/empty.pem"
case_x509 "--signature-trust a file that is not there: refused" 2 \
    "assay: $tmp/none.pem: No such file or directory" \
    --signature-trust "$tmp/none.pem"
case_x509 "--signature-trust a directory: refused" 2 \
    "assay: $tmp: not a regular file" --signature-trust "$tmp"
for f in x509; do
	oscap-chroot "$F/root" xccdf eval --profile \
	    xccdf_org.example_profile_base "$tmp/$f.xml" >"$tmp/o.out" 2>&1
	echo "untrusted $?"
	SSL_CERT_FILE=$tmp/ca.pem oscap-chroot "$F/root" xccdf eval --profile \
	    xccdf_org.example_profile_base "$tmp/$f.xml" >"$tmp/o.out" 2>&1
	echo "trusted $?"
done >"$tmp/oscap-rc"
if grep -qx "untrusted 1" "$tmp/oscap-rc" && grep -qx "trusted [02]" "$tmp/oscap-rc"
then ok "oscap-chroot: the same certificates accepted and refused"
else cp "$tmp/oscap-rc" "$tmp/why"
	notok "oscap-chroot: the same certificates accepted and refused"; fi

# 8. --enforce-signature: unsigned content refused, as oscap's option
scan "$DS" --enforce-signature
rc=$?
if [ "$rc" -eq 2 ] && grep -qF "assay: $DS: not a signed data stream: --enforce-signature evaluates only content an XML signature covers" "$tmp/out"
then ok "--enforce-signature: unsigned refused"
else echo "exit $rc: $(cat "$tmp/out")" >"$tmp/why"
	notok "--enforce-signature: unsigned refused"; fi
if scan "$tmp/signed.xml" --enforce-signature
then ok "--enforce-signature: signed accepted"
else cp "$tmp/out" "$tmp/why"; notok "--enforce-signature: signed accepted"; fi
scan "$tmp/changed.xml" --enforce-signature --skip-signature-check
rc=$?
if [ "$rc" -eq 2 ] && grep -qF "skip-signature-check contradicts --enforce-signature" "$tmp/out"
then ok "--enforce-signature with --skip-signature-check: a usage error"
else echo "exit $rc: $(cat "$tmp/out")" >"$tmp/why"
	notok "--enforce-signature with --skip-signature-check: a usage error"; fi
"$ASSAY" scan --enforce-signature "$F/root" >"$tmp/out" 2>&1
rc=$?
if [ "$rc" -eq 2 ] && grep -qF -- "--enforce-signature needs --datastream FILE" "$tmp/out"
then ok "--enforce-signature without --datastream: a usage error"
else echo "exit $rc: $(cat "$tmp/out")" >"$tmp/why"
	notok "--enforce-signature without --datastream: a usage error"; fi
for f in "$DS" "$tmp/signed.xml"; do
	oscap-chroot "$F/root" xccdf eval --enforce-signature --profile \
	    xccdf_org.example_profile_base "$f" >"$tmp/o.out" 2>&1
	rc=$?
	echo "${f##*/} $rc"
done >"$tmp/oscap-rc"
if grep -qx "demo-tailoring-ds.xml 1" "$tmp/oscap-rc" &&
    grep -qx "signed.xml [02]" "$tmp/oscap-rc"
then ok "oscap-chroot --enforce-signature: the same accepted and refused"
else cp "$tmp/oscap-rc" "$tmp/why"
	notok "oscap-chroot --enforce-signature: the same accepted and refused"; fi
finish
