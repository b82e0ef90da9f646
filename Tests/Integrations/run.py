#!/usr/bin/env python3
"""Runs the exact commands of xenpt's CI integrations against the shipped examples.

    run.py XENPT REPO

XENPT is a built xenpt executable (the tests pass the debug build), REPO the checkout. Reads
action.yml, ci/gitlab/xenpt.gitlab-ci.yml and .pre-commit-hooks.yaml with PyYAML and runs
their `run:`, `script:` and `entry:` lines in bash, as GitHub, GitLab and pre-commit would,
in two projects: `clean` (the examples, with every board's committed artifacts under out/) and
`failing` (a guest whose device shares an SPI with dom0 and sits in guest RAM). Steps that
install xenpt run too, with XENPT_BINARY set so scripts/install.sh installs XENPT instead of
building a release. The upload-sarif step cannot run here: its input file is checked instead.

Prints one `ok:` line per check and exits 0, or prints `FAIL:` lines and exits 1.
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

import yaml

FAILURES = []


def check(condition, text, detail=""):
    if condition:
        print(f"ok: {text}")
    else:
        FAILURES.append(text)
        print(f"FAIL: {text}" + (f"\n{detail}" if detail else ""))


FAILING_FILES = {
    "board.yaml": 'board: soc\nhost: host.dts\nxen: "4.20"\n',
    "host.dts": """/dts-v1/;

/ {
\t#address-cells = <2>;
\t#size-cells = <2>;

\tgic: interrupt-controller@f9010000 {
\t\tcompatible = "arm,gic-400";
\t\tinterrupt-controller;
\t\t#interrupt-cells = <3>;
\t\treg = <0 0xf9010000 0 0x10000>;
\t};

\tserial@ff000000 {
\t\tcompatible = "cdns,uart-r1p12";
\t\treg = <0 0xff000000 0 0x1000>;
\t\tinterrupt-parent = <&gic>;
\t\tinterrupts = <0 21 4>;
\t};

\ti2c@ff020000 {
\t\tcompatible = "cdns,i2c-r1p14";
\t\treg = <0 0xff020000 0 0x1000>;
\t\tinterrupt-parent = <&gic>;
\t\tinterrupts = <0 21 4>;
\t};
};
""",
    "guest.yaml": "guest: uart\nboard: board.yaml\nmemory: 256M\npassthrough:\n  - device: /serial@ff000000\n    guest-address: identity\n",
}


def make_projects(repo, scratch):
    clean = os.path.join(scratch, "clean")
    shutil.copytree(os.path.join(repo, "examples"), os.path.join(clean, "examples"))
    for example in sorted(os.listdir(os.path.join(clean, "examples"))):
        expected = os.path.join(clean, "examples", example, "expected")
        for board in sorted(os.listdir(expected)) if os.path.isdir(expected) else []:
            if os.path.isdir(os.path.join(expected, board)):
                shutil.copytree(os.path.join(expected, board), os.path.join(clean, "out", board))
    failing = os.path.join(scratch, "failing")
    os.makedirs(failing)
    for name, text in FAILING_FILES.items():
        with open(os.path.join(failing, name), "w") as handle:
            handle.write(text)
    return clean, failing


# --- GitHub Actions ---------------------------------------------------------------------

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def resolve(name, inputs, outputs):
    parts = name.split(".")
    if parts[0] == "inputs" and len(parts) == 2 and parts[1] in inputs:
        return inputs[parts[1]]
    if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
        return outputs.get(parts[1], {}).get(parts[3], "")
    raise ValueError(f"unsupported expression `{name}`")


def evaluate(condition, inputs, outputs, failed):
    """The subset of Actions expressions action.yml uses: always(), success(), `a == 'b'`, &&."""
    match = EXPRESSION.fullmatch(condition.strip())
    text = match.group(1) if match else condition.strip()
    result = True
    uses_status = False
    for term in (part.strip() for part in text.split("&&")):
        if term == "always()":
            uses_status = True
        elif term == "success()":
            uses_status = True
            result = result and not failed
        elif "==" in term:
            left, right = (side.strip() for side in term.split("==", 1))
            if not (right.startswith("'") and right.endswith("'")):
                raise ValueError(f"unsupported comparison `{term}`")
            result = result and resolve(left, inputs, outputs) == right[1:-1]
        else:
            raise ValueError(f"unsupported condition `{term}`")
    return result and (uses_status or not failed)


def expand(text, inputs, outputs):
    return EXPRESSION.sub(lambda match: resolve(match.group(1), inputs, outputs), str(text))


def run_action(repo, project, given, environment, scratch):
    with open(os.path.join(repo, "action.yml")) as handle:
        action = yaml.safe_load(handle)
    assert action["runs"]["using"] == "composite"
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    for name in given:
        assert name in inputs, f"action.yml has no input {name}"
    inputs.update(given)
    runner_temp = tempfile.mkdtemp(dir=scratch, prefix="runner-")
    github_path = os.path.join(runner_temp, "github-path")
    open(github_path, "w").close()
    outputs, ran, failed = {}, [], False
    for step in action["runs"]["steps"]:
        if not evaluate(step.get("if", "success()"), inputs, outputs, failed):
            ran.append((step["name"], None))
            continue
        if "uses" in step:
            assert step["uses"].startswith("github/codeql-action/upload-sarif@"), step["uses"]
            sarif = os.path.join(project, expand(step["with"]["sarif_file"], inputs, outputs))
            ran.append((step["name"], sarif))
            continue
        step_output = os.path.join(runner_temp, f"output-{len(ran)}")
        open(step_output, "w").close()
        env = dict(environment)
        env.update({key: expand(value, inputs, outputs) for key, value in step.get("env", {}).items()})
        with open(github_path) as handle:
            added = [line.strip() for line in handle if line.strip()]
        env.update(GITHUB_ACTION_PATH=repo, RUNNER_TEMP=runner_temp, GITHUB_PATH=github_path,
                   GITHUB_OUTPUT=step_output, PATH=":".join(list(reversed(added)) + [environment["PATH"]]))
        process = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                                 cwd=project, env=env, capture_output=True, text=True)
        if "id" in step:
            with open(step_output) as handle:
                outputs[step["id"]] = dict(line.rstrip("\n").split("=", 1) for line in handle if "=" in line)
        ran.append((step["name"], process))
        failed = failed or process.returncode != 0
    return ran, outputs, failed


def sarif_errors(path):
    with open(path) as handle:
        log = json.load(handle)
    assert log["version"] == "2.1.0" and log["runs"][0]["tool"]["driver"]["name"] == "xenpt"
    return sorted(result["ruleId"] for result in log["runs"][0]["results"] if result["level"] == "error")


def check_action(repo, clean, failing, environment, scratch):
    ran, outputs, failed = run_action(repo, clean, {"build-check": "true", "out": "out"}, environment, scratch)
    steps = {name: result for name, result in ran}
    check([name for name, _ in ran] == ["Install xenpt", "Lint", "Upload SARIF", "Check committed artifacts", "Fail on findings"],
          "action: the clean project runs every step", repr(ran))
    install = steps["Install xenpt"]
    check(install is not None and install.returncode == 0, "action: install step installs xenpt",
          install.stderr if install else "")
    check(outputs.get("lint", {}).get("status") == "0", "action: lint exits 0 on the examples", repr(outputs))
    check(steps["Upload SARIF"] is not None and sarif_errors(steps["Upload SARIF"]) == [],
          "action: the SARIF log to upload is valid and has no errors")
    build = steps["Check committed artifacts"]
    check(build is not None and build.returncode == 0 and build.stdout.endswith("artifacts up to date\n"),
          "action: build --check finds the committed artifacts up to date", build.stdout + build.stderr if build else "")
    check(not failed, "action: the job passes on the examples")

    ran, outputs, failed = run_action(repo, failing, {}, environment, scratch)
    steps = {name: result for name, result in ran}
    check(outputs.get("lint", {}).get("status") == "1", "action: lint exits 1 on a guest with errors", repr(outputs))
    check(steps["Upload SARIF"] is not None and sarif_errors(steps["Upload SARIF"]) == ["XPT-IRQ-002", "XPT-MMIO-004"],
          "action: the SARIF log still uploads, with the two errors")
    check(steps["Check committed artifacts"] is None, "action: build --check is off by default")
    last = steps["Fail on findings"]
    check(failed and last is not None and last.returncode == 1 and "xenpt lint exited with status 1" in last.stdout,
          "action: the job fails on errors with lint's status")


# --- GitLab CI ----------------------------------------------------------------------------

def run_gitlab(repo, project, variables, environment, scratch):
    with open(os.path.join(repo, "ci/gitlab/xenpt.gitlab-ci.yml")) as handle:
        template = yaml.safe_load(handle)
    job = template[".xenpt-lint"]
    env = dict(environment)
    env.update({name: str(value) for name, value in job["variables"].items()})
    env.update(variables)
    script = "\n".join(job["before_script"] + job["script"])
    process = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                             cwd=project, env=env, capture_output=True, text=True)
    report_path = os.path.join(project, job["artifacts"]["reports"]["codequality"])
    report = None
    if os.path.exists(report_path):
        with open(report_path) as handle:
            report = json.load(handle)
    return job, process, report


def valid_code_quality(report, project):
    keys = ["description", "check_name", "fingerprint", "severity", "location"]
    return (isinstance(report, list)
            and all(list(issue) == keys and issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
                    and os.path.exists(os.path.join(project, issue["location"]["path"]))
                    and issue["location"]["lines"]["begin"] >= 1 for issue in report)
            and len({issue["fingerprint"] for issue in report}) == len(report))


def check_gitlab(repo, clean, failing, environment, scratch):
    source = {"XENPT_REPO": repo, "XENPT_REF": "HEAD"}
    job, process, report = run_gitlab(repo, clean, dict(source, XENPT_HOME=os.path.join(scratch, "gitlab-clean"),
                                                        XENPT_BUILD_CHECK_OUT="out"), environment, scratch)
    check(job["artifacts"]["when"] == "always", "gitlab: the report is kept when the job fails")
    check(process.returncode == 0, "gitlab: the job passes on the examples (with the build check)", process.stdout + process.stderr)
    check(report is not None and valid_code_quality(report, clean) and {issue["severity"] for issue in report} == {"info"},
          "gitlab: the Code Quality report is valid: infos only (the examples fix or waive every warning)", json.dumps(report)[:2000])
    job, process, report = run_gitlab(repo, failing, dict(source, XENPT_HOME=os.path.join(scratch, "gitlab-failing")),
                                      environment, scratch)
    check(process.returncode == 1, "gitlab: the job fails with status 1 on errors", process.stdout + process.stderr)
    check(report is not None and valid_code_quality(report, failing)
          and sorted(issue["check_name"] for issue in report if issue["severity"] == "major") == ["XPT-IRQ-002", "XPT-MMIO-004"],
          "gitlab: the report has the two errors as major issues", json.dumps(report)[:2000])


# --- pre-commit ---------------------------------------------------------------------------

def check_pre_commit(repo, xenpt, clean, failing, environment):
    with open(os.path.join(repo, ".pre-commit-hooks.yaml")) as handle:
        hooks = yaml.safe_load(handle)
    check([hook["id"] for hook in hooks] == ["xenpt-lint", "xenpt-build-check", "xenpt-lint-system", "xenpt-build-check-system"],
          "pre-commit: four hooks")
    # pre-commit puts the hook's build (`language: swift`) or the user's PATH (`system`) first.
    env = dict(environment, PATH=os.path.dirname(xenpt) + ":" + environment["PATH"])
    for hook in hooks:
        pattern = re.compile(hook["files"])
        check(all(pattern.search(name) for name in ["board.yaml", "guests/net.yaml", "midway.dts"])
              and not pattern.search("README.md") and hook["pass_filenames"] is False,
              f"pre-commit: {hook['id']} runs on manifest and device-tree changes, on the whole repository")
        argv = shlex.split(hook["entry"]) + hook.get("args", [])
        clean_run = subprocess.run(argv, cwd=clean, env=env, capture_output=True, text=True)
        check(clean_run.returncode == 0, f"pre-commit: {hook['id']} passes on the examples", clean_run.stdout + clean_run.stderr)
        failing_run = subprocess.run(argv, cwd=failing, env=env, capture_output=True, text=True)
        check(failing_run.returncode == 1 and "XPT-IRQ-002" in failing_run.stdout + failing_run.stderr,
              f"pre-commit: {hook['id']} fails on a guest with errors", failing_run.stdout + failing_run.stderr)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    xenpt, repo = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    environment = {name: value for name, value in os.environ.items()
                   if name in {"PATH", "HOME", "TMPDIR", "LANG", "LC_ALL"}}
    environment["XENPT_BINARY"] = xenpt
    with tempfile.TemporaryDirectory(prefix="xenpt-ci-") as scratch:
        clean, failing = make_projects(repo, scratch)
        check_action(repo, clean, failing, environment, scratch)
        check_gitlab(repo, clean, failing, environment, scratch)
        check_pre_commit(repo, xenpt, clean, failing, environment)
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
