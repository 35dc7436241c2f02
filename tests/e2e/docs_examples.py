"""docs_examples.py -- run every YAML and shell example of docs/*.md.

Called by tests/e2e/docs-examples.sh with: ASSAY SRCDIR WORKDIR ROOT IMAGES.
Each fenced block is taken by its info string:

  ```yaml            loaded by assay according to its top-level key:
                     policy (`assay policy check`, beside the bundled packs
                     so `requires:` resolves), waivers (`assay scan
                     --waivers` of ROOT with every pack), tailoring (`assay
                     rules --tailoring`), check (wrapped into one rule of a
                     pack that requires linux-baseline, then `policy
                     check`), variables (wrapped into a pack header);
  ```yaml fragment   a piece of a file shown for its shape: parsed only
                     when it is valid YAML on its own, and listed;
  ```sh              every command run in WORKDIR, in order, continuation
                     lines joined; `assay` is ASSAY, the documented
                     placeholder targets (/mnt/..., ROOT, root/, rootfs/,
                     *.tar, oci-layout-dir/) become ROOT or an image of
                     IMAGES; a scan must exit 0 or 1, anything else 0;
                     waivers.yaml and main.json are the page's own waiver
                     example and a JSON report of ROOT;
                     tests/validate-*.sh run on reports of ROOT;
  ```sh norun        needs what a test machine has not (OpenSCAP); listed.

Prints ok/FAIL lines and "N passed, M failed"; exits 1 on a failure.
"""
import glob
import json
import os
import re
import shlex
import subprocess
import sys

import yaml

ASSAY, SRC, WORK, ROOT, IMAGES = sys.argv[1:6]
POL = os.path.join(SRC, "policies")
passed = failed = 0
listed = []


def result(ok, name, why=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok: " + name)
    else:
        failed += 1
        print("FAIL: " + name)
        for line in why.strip().splitlines()[:20]:
            print("    " + line)


def run(args, name, okcodes=(0,)):
    p = subprocess.run(args, cwd=WORK, capture_output=True, text=True)
    result(p.returncode in okcodes, "%s (exit %d)" % (name, p.returncode),
           p.stdout[-1500:] + p.stderr[-1500:])
    return p.returncode


def packs_dir(tag):
    """A folder with every bundled pack linked in, for a doc pack."""
    d = os.path.join(WORK, "packs-" + tag)
    os.makedirs(d, exist_ok=True)
    for p in glob.glob(os.path.join(POL, "*", "")):
        name = os.path.basename(os.path.dirname(p))
        if not os.path.exists(os.path.join(d, name)):
            os.symlink(os.path.dirname(p), os.path.join(d, name))
    return d


def load_yaml(body, where):
    data = yaml.safe_load(body)
    key = list(data)[0] if isinstance(data, dict) and data else None
    path = os.path.join(WORK, re.sub(r"\W", "_", where) + ".yaml")
    if key == "policy":
        d = packs_dir(re.sub(r"\W", "_", where))
        pd = os.path.join(d, data["policy"])
        if os.path.islink(pd):
            os.unlink(pd)
        os.makedirs(pd, exist_ok=True)
        path = os.path.join(pd, "pack.yaml")
        open(path, "w").write(body)
        run([ASSAY, "policy", "check", pd], where + ": policy check")
    elif key == "waivers":
        open(path, "w").write(body)
        run([ASSAY, "scan", "--policy", POL, "--waivers", path,
             "--format", "json=" + path + ".json", ROOT],
            where + ": scan --waivers", (0, 1))
    elif key == "tailoring":
        open(path, "w").write(body)
        run([ASSAY, "rules", "--policy", POL, "--tailoring", path],
            where + ": rules --tailoring")
    elif key in ("check", "applies_if"):
        rule = {"id": "doc-example", "title": "doc example",
                "severity": "low"}
        rule.update(data)
        d = packs_dir(re.sub(r"\W", "_", where))
        pd = os.path.join(d, "doc-example")
        os.makedirs(pd, exist_ok=True)
        open(os.path.join(pd, "pack.yaml"), "w").write(yaml.safe_dump(
            {"policy": "doc-example", "requires": ["linux-baseline"],
             "rules": [rule]}))
        run([ASSAY, "policy", "check", pd], where + ": check in a rule")
    elif key == "variables":
        open(path, "w").write("policy: doc-example\n" + body)
        run([ASSAY, "policy", "check", path], where + ": variables")
    else:
        result(False, where + ": yaml example of unknown kind " +
               repr(key), "mark it ```yaml fragment or make it a file")


def target_for(tok):
    if tok.endswith(".tar"):
        return os.path.join(IMAGES, "good.oci.tar" if ".oci." in tok
                            else "good.docker.tar")
    if tok.rstrip("/") == "oci-layout-dir":
        return os.path.join(IMAGES, "good.oci-layout")
    if tok.startswith("/mnt/") or tok in ("ROOT", "root/", "rootfs/"):
        return ROOT
    return tok


def run_sh(body, where, page_waivers):
    text = re.sub(r"\\\n\s*", "", body)
    for cmd in text.splitlines():
        cmd = cmd.split(" #")[0].strip() if not cmd.lstrip().startswith(
            "#") else ""
        if not cmd:
            continue
        argv = shlex.split(cmd)
        if argv[0].startswith("tests/validate-"):
            # the validators, on reports of ROOT made for them
            for a in argv[1:]:
                fmt = {".sarif": "sarif", ".xml": "junit"}.get(
                    os.path.splitext(a)[1])
                if fmt and not os.path.exists(os.path.join(WORK, a)):
                    subprocess.run([ASSAY, "scan", "--format",
                                    "%s=%s" % (fmt, a), ROOT], cwd=WORK,
                                   capture_output=True)
            run(["sh", os.path.join(SRC, argv[0])] + argv[1:],
                where + ": " + cmd)
            continue
        if argv[0] != "assay":
            result(False, where + ": not an assay command: " + cmd,
                   "mark the block ```sh norun if a test cannot run it")
            continue
        argv = [ASSAY] + [target_for(a) for a in argv[1:]]
        if "waivers.yaml" in argv and page_waivers is not None:
            open(os.path.join(WORK, "waivers.yaml"), "w").write(
                page_waivers)
        if "main.json" in argv:
            prof = argv[argv.index("--profile") + 1]
            subprocess.run([ASSAY, "scan", "--profile", prof, "--format",
                            "json=main.json", ROOT], cwd=WORK,
                           capture_output=True)
        run(argv, where + ": " + cmd,
            (0, 1) if argv[1] == "scan" else (0,))


for md in sorted(glob.glob(os.path.join(SRC, "docs", "*.md"))):
    txt = open(md).read()
    name = os.path.basename(md)
    waivers = None
    blocks = list(re.finditer(r"^```([^\n]*)\n(.*?)^```[ \t]*$", txt,
                              re.M | re.S))
    for m in blocks:
        if m.group(1).strip() == "yaml" and \
                m.group(2).lstrip().startswith("waivers:"):
            waivers = m.group(2)
    for m in blocks:
        info = m.group(1).split()
        body = m.group(2)
        where = "docs/%s:%d" % (name, txt[:m.start()].count("\n") + 1)
        if not info or info[0] not in ("yaml", "sh"):
            continue
        if info[1:] in (["fragment"], ["norun"]):
            listed.append(where + " (" + info[1] + ")")
            continue
        if info[1:]:
            result(False, where + ": unknown info string " + m.group(1))
            continue
        if info[0] == "yaml":
            try:
                load_yaml(body, where)
            except yaml.YAMLError as e:
                result(False, where + ": not YAML", str(e))
        else:
            run_sh(body, where, waivers)

print("not run, as marked: " + ", ".join(listed))
print("%d passed, %d failed" % (passed, failed))
sys.exit(failed != 0)
