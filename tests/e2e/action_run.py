"""action_run.py -- check action.yml and run its steps as a runner would.

Usage: action_run.py check ACTION_YML ASSAY
       action_run.py run ACTION_YML WORKSPACE RUNNER_TEMP NAME=VALUE...

`check` validates the metadata against GitHub's rules for action.yml
("Metadata syntax for GitHub Actions"): name, description, runs.using
composite; every input has a description, a required input no default and
an optional one a string default; the defaults are valid values (fail-on
a severity, formats known names, profiles ids `ASSAY profiles` lists,
upload-sarif a boolean string); every `run` step declares `shell`; every
`uses` step is pinned to a version; every ${{ inputs.X }} names an input;
no ${{ }} expression is spliced into a `run` script (script injection:
inputs go through env); each output's value names a step that exists.

`run` executes the steps in order with a fake runner: ${{ }} expressions
of env, with and if are evaluated (inputs with their defaults, github.*,
runner.temp, steps.ID.outputs.X, always(), ==, !=, &&, ||), run steps go
to their shell with GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STEP_SUMMARY,
GITHUB_WORKSPACE, GITHUB_ACTION_PATH set, and a `uses` step is recorded
with its evaluated `with:` instead of being run (no network). Steps
after a failure run only when their `if` holds under failure, as on
GitHub. Prints one JSON line: each step's outcome, the outputs, the
recorded uses and the step summary; exit 0 (the job's result is in it).
"""
import json
import os
import re
import subprocess
import sys

import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
SEVERITIES = {"info", "low", "medium", "high", "critical", "none"}
FORMATS = {"sarif", "junit", "html", "json", "markdown"}


def fail(msg):
    print("action_run: " + msg, file=sys.stderr)
    sys.exit(1)


def check(path, assay):
    a = yaml.safe_load(open(path, encoding="utf-8"))
    for k in ("name", "description", "runs"):
        if not a.get(k):
            fail("%s: no %s" % (path, k))
    if a["runs"].get("using") != "composite":
        fail("runs.using is not composite")
    inputs = a.get("inputs") or {}
    for name, spec in inputs.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", name):
            fail("input %s: not a valid id" % name)
        if not (spec.get("description") or "").strip():
            fail("input %s: no description" % name)
        if spec.get("required") and "default" in spec:
            fail("input %s: required with a default" % name)
        if not spec.get("required") and not isinstance(spec.get("default"),
                                                        str):
            fail("input %s: optional without a string default" % name)
    d = {k: v.get("default") for k, v in inputs.items()}
    if d.get("fail-on") not in SEVERITIES:
        fail("fail-on default %r is not a severity" % d.get("fail-on"))
    if not set(re.split(r"[\s,]+", d["formats"].strip())) <= FORMATS:
        fail("formats default %r" % d["formats"])
    if d.get("upload-sarif") not in ("true", "false"):
        fail("upload-sarif default %r" % d.get("upload-sarif"))
    listed = subprocess.run([assay, "profiles"], capture_output=True,
                            text=True, check=True).stdout.split("\n")
    ids = {l.split()[0] for l in listed[1:] if l.split()}
    for p in re.split(r"[\s,]+", d.get("profiles", "").strip()):
        if p and p not in ids:
            fail("profiles default %r: no such profile" % p)
    steps = a["runs"].get("steps") or []
    ids_seen = set()
    for i, s in enumerate(steps):
        where = "step %d (%s)" % (i, s.get("name", s.get("id", "?")))
        if not s.get("name"):
            fail(where + ": no name")
        if ("run" in s) == ("uses" in s):
            fail(where + ": needs exactly one of run and uses")
        if "run" in s:
            if not s.get("shell"):
                fail(where + ": a run step must declare shell")
            if EXPR.search(s["run"]):
                fail(where + ": ${{ }} spliced into run (use env)")
        else:
            if not re.fullmatch(r"[\w.-]+/[\w./-]+@[\w.-]+", s["uses"]):
                fail(where + ": uses %r is not pinned" % s["uses"])
        if "id" in s:
            ids_seen.add(s["id"])
    text = open(path, encoding="utf-8").read()
    for m in re.finditer(r"inputs\.([A-Za-z0-9_-]+)", text):
        if m.group(1) not in inputs:
            fail("inputs.%s is not an input" % m.group(1))
    for m in re.finditer(r"steps\.([A-Za-z0-9_-]+)\.", text):
        if m.group(1) not in ids_seen:
            fail("steps.%s: no step has that id" % m.group(1))
    for name, o in (a.get("outputs") or {}).items():
        if not o.get("description") or not EXPR.search(o.get("value", "")):
            fail("output %s: needs a description and a value" % name)
    print("ok: %d inputs, %d steps" % (len(inputs), len(steps)))


class Ctx:
    def __init__(self, inputs, env, failed):
        self.inputs, self.env, self.failed = inputs, env, failed
        self.steps = {}

    def lookup(self, name):
        parts = name.split(".")
        if parts[0] == "inputs":
            return self.inputs.get(parts[1], "")
        if parts[0] == "github" and parts[1] == "action_path":
            return self.env["GITHUB_ACTION_PATH"]
        if parts[0] == "github" and parts[1] == "workspace":
            return self.env["GITHUB_WORKSPACE"]
        if parts[0] == "runner" and parts[1] == "temp":
            return self.env["RUNNER_TEMP"]
        if parts[0] == "steps" and parts[2] == "outputs":
            return self.steps.get(parts[1], {}).get(parts[3], "")
        fail("unsupported context %s" % name)

    def evaluate(self, expr):
        """The value of expression EXPR (the subset action.yml uses)."""
        toks = re.findall(r"'[^']*'|[A-Za-z_][\w.-]*\(\)|[A-Za-z_][\w.-]*"
                          r"|==|!=|&&|\|\||\(|\)", expr)
        if "".join(toks) != re.sub(r"\s+", "", expr):
            fail("cannot evaluate %r" % expr)
        py = []
        for t in toks:
            if t.startswith("'"):
                py.append(repr(t[1:-1]))
            elif t in ("always()",):
                py.append("True")
            elif t in ("success()",):
                py.append(repr(not self.failed[0]))
            elif t in ("failure()",):
                py.append(repr(self.failed[0]))
            elif t in ("==", "!="):
                py.append(t)
            elif t == "&&":
                py.append(" and ")
            elif t == "||":
                py.append(" or ")
            elif t in ("(", ")"):
                py.append(t)
            else:
                py.append(repr(self.lookup(t)))
        return eval("".join(py))  # only literals and operators, built above

    def subst(self, s):
        return EXPR.sub(lambda m: str(self.evaluate(m.group(1))), str(s))


def read_kv(path):
    out = {}
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                out[k] = v
    return out


def run(path, workspace, temp, pairs):
    a = yaml.safe_load(open(path, encoding="utf-8"))
    inputs = {k: v.get("default", "") for k, v in a["inputs"].items()}
    for p in pairs:
        k, v = p.split("=", 1)
        if k not in inputs:
            fail("no input %s" % k)
        inputs[k] = v
    for k, v in a["inputs"].items():
        if v.get("required") and not inputs.get(k):
            fail("input %s is required" % k)
    summary = os.path.join(temp, "step_summary.md")
    open(summary, "w").close()
    env = dict(os.environ, GITHUB_ACTION_PATH=os.path.dirname(
        os.path.abspath(path)), GITHUB_WORKSPACE=workspace,
        RUNNER_TEMP=temp, GITHUB_STEP_SUMMARY=summary,
        GITHUB_ENV=os.path.join(temp, "github_env"), CI="true",
        GITHUB_ACTIONS="true")
    failed = [False]
    ctx = Ctx(inputs, env, failed)
    outcomes, uses = [], []
    for i, s in enumerate(a["runs"]["steps"]):
        cond = s.get("if")
        if cond is not None:
            ok = ctx.evaluate(EXPR.sub(lambda m: m.group(1), str(cond)))
            # A condition without a status function implies success().
            if not re.search(r"always\(\)|failure\(\)", str(cond)):
                ok = ok and not failed[0]
        else:
            ok = not failed[0]
        if not ok:
            outcomes.append([s["name"], "skipped"])
            continue
        if "uses" in s:
            uses.append({"uses": s["uses"], "with": {
                k: ctx.subst(v) for k, v in (s.get("with") or {}).items()}})
            outcomes.append([s["name"], "recorded"])
            continue
        outfile = os.path.join(temp, "output-%d" % i)
        open(outfile, "w").close()
        senv = dict(env, GITHUB_OUTPUT=outfile)
        for k, v in (s.get("env") or {}).items():
            senv[k] = ctx.subst(v)
        senv.update(read_kv(env["GITHUB_ENV"]))
        shell = {"bash": ["bash", "--noprofile", "--norc", "-eo",
                          "pipefail", "-c"], "sh": ["sh", "-e", "-c"]}
        # The step's own output is the log, not this program's answer.
        rc = subprocess.run(shell[s["shell"]] + [s["run"]], env=senv,
                            cwd=workspace, stdout=sys.stderr).returncode
        if "id" in s:
            ctx.steps[s["id"]] = read_kv(outfile)
        outcomes.append([s["name"], "success" if rc == 0 else
                         "failure %d" % rc])
        if rc != 0:
            failed[0] = True
    outputs = {k: ctx.subst(v["value"]) for k, v in
               (a.get("outputs") or {}).items()}
    print(json.dumps({"steps": outcomes, "outputs": outputs, "uses": uses,
                      "summary": open(summary, encoding="utf-8").read(),
                      "failed": failed[0]}))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 5 and sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    else:
        fail(__doc__.split("\n")[2])
