#!/bin/sh
# Keeps policies/schema.json and docs/policy-language.md in step with the
# code and the packs:
#
#   - every *.yaml / *.yml under policies/ validates against
#     policies/schema.json (JSON Schema draft-07), read as YAML 1.2 core
#     (what the YAML language server uses: only true/false are booleans,
#     0640 is the integer 640, dates stay text);
#   - every probe of engine/probes/registry.c has a definition in the
#     schema (definitions.probe_NAME, listed under check), and its
#     properties are exactly the keys its compile function accepts (the
#     array given to ynode_check_keys() in engine/probes/NAME.c);
#   - every probe has a section "### `NAME`" in docs/policy-language.md
#     that mentions each of those keys as `key`.
#
# Needs python3 with the yaml (python3-yaml) and jsonschema
# (python3-jsonschema) modules: exits 77 (skip) without them, unless
# CI=true, where a missing module is a failure. Prints one line per failed
# case and `N passed, M failed` last.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/e2e/skip.sh
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/e2e/skip.sh"

if ! command -v python3 >/dev/null 2>&1; then
	e2e_skip "python3 not found"
fi
if ! python3 -c 'import yaml, jsonschema' 2>/dev/null; then
	e2e_skip "python3 modules yaml and jsonschema are needed" \
	    "(python3-yaml, python3-jsonschema)"
fi

exec python3 - "$top_srcdir" <<'EOF'
import json
import os
import re
import sys

import jsonschema
import yaml

top = sys.argv[1]
passed = 0
failed = 0


def ok():
    global passed
    passed += 1


def fail(msg):
    global failed
    failed += 1
    print("FAIL: " + msg)


# YAML 1.2 core schema on top of PyYAML's 1.1 loader.
class Core12Loader(yaml.SafeLoader):
    pass


Core12Loader.yaml_implicit_resolvers = {}
for tag, rx, first in [
    ("tag:yaml.org,2002:bool",
     r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    ("tag:yaml.org,2002:int",
     r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
]:
    Core12Loader.add_implicit_resolver(tag, re.compile(rx), list(first))
Core12Loader.add_implicit_resolver("tag:yaml.org,2002:null",
                                   re.compile(r"^$"), [""])


def construct_int(loader, node):
    v = loader.construct_scalar(node)
    if v.startswith("0o"):
        return int(v[2:], 8)
    if v.startswith("0x"):
        return int(v[2:], 16)
    return int(v, 10)


def construct_bool(loader, node):
    return loader.construct_scalar(node).lower() == "true"


Core12Loader.add_constructor("tag:yaml.org,2002:int", construct_int)
Core12Loader.add_constructor("tag:yaml.org,2002:bool", construct_bool)

schema_path = os.path.join(top, "policies", "schema.json")
try:
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    ok()
except Exception as e:
    fail("%s: not a valid draft-07 schema: %s" % (schema_path, e))
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1)
validator = jsonschema.Draft7Validator(schema)


def where(err):
    return "/".join(str(x) for x in err.absolute_path) or "(top)"


# 1. Every pack file validates.
files = []
for d, dirs, names in os.walk(os.path.join(top, "policies")):
    dirs[:] = sorted(x for x in dirs if not x.startswith("."))
    for n in sorted(names):
        if n.endswith((".yaml", ".yml")) and not n.startswith("."):
            files.append(os.path.join(d, n))
for path in sorted(files):
    rel = os.path.relpath(path, top)
    try:
        with open(path, encoding="utf-8") as f:
            doc = yaml.load(f, Loader=Core12Loader)
    except Exception as e:
        fail("%s: cannot parse: %s" % (rel, str(e).replace("\n", " ")))
        continue
    errs = sorted(validator.iter_errors(doc), key=lambda e: list(
        map(str, e.absolute_path)))
    if not errs:
        ok()
        continue
    # The deepest error of each branch says most.
    shown = 0
    for e in errs:
        best = jsonschema.exceptions.best_match([e])
        if shown < 5:
            print("  %s: %s: %s" % (rel, where(best), best.message[:300]))
        shown += 1
    fail("%s: %d schema error(s)" % (rel, len(errs)))

# 2. Every registered probe: schema definition with the code's keys, and a
# documented section naming each key.
with open(os.path.join(top, "engine", "probes", "registry.c"),
          encoding="utf-8") as f:
    probes = re.findall(r"&probe_(\w+),", f.read())
if len(probes) < 17:
    fail("engine/probes/registry.c: found only %d probes" % len(probes))
with open(os.path.join(top, "docs", "policy-language.md"),
          encoding="utf-8") as f:
    doc = f.read()
defs = schema.get("definitions", {})
check_props = defs.get("check", {}).get("properties", {})


def code_keys(name):
    path = os.path.join(top, "engine", "probes", name + ".c")
    with open(path, encoding="utf-8") as f:
        src = f.read()
    m = re.search(r'ynode_check_keys\(\s*args\s*,\s*"%s"\s*,\s*(\w+)' %
                  re.escape(name), src)
    if m is None:
        return None
    arr = re.search(r"\b%s\[\]\s*=\s*\{(.*?)\};" % re.escape(m.group(1)),
                    src, re.S)
    if arr is None:
        return None
    return set(re.findall(r'"([^"]+)"', arr.group(1)))


def doc_section(name):
    m = re.search(r"^### `%s`.*?(?=^##?# |\Z)" % re.escape(name), doc,
                  re.S | re.M)
    return m.group(0) if m else None


for name in probes:
    keys = code_keys(name)
    if keys is None:
        fail("engine/probes/%s.c: cannot find the keys given to "
             "ynode_check_keys()" % name)
        continue
    d = defs.get("probe_" + name)
    if d is None or name not in check_props:
        fail("schema: no definitions.probe_%s under check" % name)
    else:
        have = set(d.get("properties", {}))
        if have != keys or d.get("additionalProperties") is not False:
            fail("schema: probe_%s keys differ from the code: missing %s, "
                 "extra %s" % (name, sorted(keys - have),
                               sorted(have - keys)))
        else:
            ok()
    sec = doc_section(name)
    if sec is None:
        fail("docs/policy-language.md: no section \"### `%s`\"" % name)
        continue
    undoc = sorted(k for k in keys if "`%s`" % k not in sec)
    if undoc:
        fail("docs/policy-language.md: section %s does not document %s" %
             (name, ", ".join(undoc)))
    else:
        ok()
extra = sorted(k for k in check_props
               if k not in probes and k not in ("all", "any", "none", "not"))
if extra:
    fail("schema: check lists unknown probes %s" % ", ".join(extra))
else:
    ok()

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
EOF
