"""Conformance gates for the OpenAPI documents and the stub server.

    python tests/conformance/run_conformance.py [redocly|spectral|schemathesis|all]

Run it with the interpreter of the venv made from tests/conformance/requirements.txt, after
`npm ci --prefix tests/conformance`. Gates:

* redocly      Redocly CLI `lint`, ruleset `recommended-strict` (redocly.yaml), on every
               openapi/*.json and openapi/3.0/*.json document: 0 problems, errors and warnings.
* spectral     Spectral with `spectral:oas` (.spectral.yaml) on the same documents: 0 errors
               (warnings are reported).
* schemathesis schemathesis `run` against a fresh stub server (env STUB_SERVER_BIN, default
               target/release/stub-server) on a free loopback port for each 3.1 document, the
               documents side by side (one per core): every
               check, positive and negative generation, fixed seed, bounded examples, and
               the stateful phase over the documents' response links (README.md, "The
               stateful phase", for its bounds and documented exceptions); 0 failures.
               Writes target/coverage/schemathesis.json.

Reports go to target/conformance/. Exit status 0 only when every selected gate passes.
"""

from __future__ import annotations

import argparse
import base64
import concurrent.futures
import json
import os
import pathlib
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from typing import Any

import yaml

# stub_process, shared with the other Python suites, lives in tests/python (no package).
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "python"))
import stub_process

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = ROOT / "target" / "conformance"
SUITE = "schemathesis"

SEED = 20250917
MAX_EXAMPLES = 100
STUB_START_TIMEOUT = 20.0
SCHEMATHESIS_TIMEOUT = 240.0

# The five operations the coverage table is about.
OPERATIONS = stub_process.OPERATIONS

# Credentials per document. The stub checks presence and form only (README, "Credentials"),
# so fixed placeholder values in each vendor's format are enough.
CREDENTIALS = {
    "huawei-workspace": ["X-Auth-Token: conformance-iam-token"],
    "huawei-codearts-repo": ["X-Auth-Token: conformance-iam-token"],
    "tencent-cwp": [
        "Authorization: TC3-HMAC-SHA256 Credential=AKIDconformance/2025-09-17/cwp/tc3_request, "
        "SignedHeaders=content-type;host, Signature=" + "0" * 64
    ],
    "enos-app-portal": ["apim-accesstoken: conformance-access-token"],
}
# The Tencent common parameters X-TC-Action, X-TC-Version and X-TC-Timestamp are documented
# header parameters, so schemathesis generates them (and, in negative mode, leaves them out or
# breaks them); passing them with -H would pin them and hide those cases.

# Checks turned off, per document, and why. Everything else in `--checks all` runs, including
# the replacement checks registered by schemathesis_hooks.py.
_STUB_DOES_NOT_VERIFY_TOKENS = (
    "ignored_auth also probes with a well-formed but wrong token; the stub verifies presence "
    "and form of credentials only, never a token or signature (README). Replaced by "
    "credentials_enforced (schemathesis_hooks.py): no credentials, or a foreign Authorization "
    "scheme, must be refused in the vendor's envelope."
)
_HTTP_200_ENVELOPE = (
    "The vendor answers errors with HTTP 200 and the error in the body (DECISIONS.md: the SDKs "
    "require it), and this check reads only the HTTP status. Replaced by the vendor_* check of "
    "the same name (schemathesis_hooks.py), which runs the built-in on the status the envelope "
    "stands for."
)
CHECKS_OFF: dict[str, dict[str, str]] = {
    "huawei-workspace": {"ignored_auth": _STUB_DOES_NOT_VERIFY_TOKENS},
    "huawei-codearts-repo": {"ignored_auth": _STUB_DOES_NOT_VERIFY_TOKENS},
    "tencent-cwp": {
        "ignored_auth": _STUB_DOES_NOT_VERIFY_TOKENS,
        "negative_data_rejection": _HTTP_200_ENVELOPE,
        "missing_required_header": _HTTP_200_ENVELOPE,
        "unsupported_method": _HTTP_200_ENVELOPE + " (It also wants an Allow header, which belongs to a 405.)",
    },
    "enos-app-portal": {
        "ignored_auth": _STUB_DOES_NOT_VERIFY_TOKENS,
        "negative_data_rejection": _HTTP_200_ENVELOPE,
        "missing_required_header": _HTTP_200_ENVELOPE,
        "unsupported_method": _HTTP_200_ENVELOPE + " (It also wants an Allow header, which belongs to a 405.)",
    },
}


def log(message: str) -> None:
    print(message, flush=True)


def documents_31() -> list[pathlib.Path]:
    return sorted(p for p in (ROOT / "openapi").glob("*.json") if not p.name.endswith(".schema.json"))


def stub_documents() -> list[pathlib.Path]:
    """The stub's own documents (openapi/stub/): linted, not fuzzed (they stand in for storage)."""
    return sorted((ROOT / "openapi" / "stub").glob("*.json"))


def documents_30() -> list[pathlib.Path]:
    return sorted((ROOT / "openapi" / "3.0").glob("*.json"))


def rel(path: pathlib.Path | str) -> str:
    path = pathlib.Path(path).resolve()
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def node_tool(name: str) -> pathlib.Path:
    tool = HERE / "node_modules" / ".bin" / name
    if not tool.exists():
        raise SystemExit(f"{tool} is missing: run `npm ci --prefix {rel(HERE)}` first")
    return tool


def node_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        REDOCLY_TELEMETRY="off",
        REDOCLY_SUPPRESS_UPDATE_NOTICE="true",
        SCARF_ANALYTICS="false",
        NO_UPDATE_NOTIFIER="1",
    )
    return env


# ---------------------------------------------------------------------------------------------
# Redocly
# ---------------------------------------------------------------------------------------------


def gate_redocly() -> bool:
    config = yaml.safe_load((HERE / "redocly.yaml").read_text("utf-8"))
    listed = {(HERE / api["root"]).resolve() for api in config["apis"].values()}
    present = {p.resolve() for p in documents_31() + documents_30() + stub_documents()}
    ok = True
    for missing in sorted(present - listed):
        log(f"redocly: {rel(missing)} is not listed under `apis` in redocly.yaml")
        ok = False
    for gone in sorted(listed - present):
        log(f"redocly: redocly.yaml lists {rel(gone)}, which does not exist")
        ok = False

    OUT.mkdir(parents=True, exist_ok=True)
    report = OUT / "redocly.json"
    with report.open("w") as out:
        result = subprocess.run(
            [str(node_tool("redocly")), "lint", "--config", "redocly.yaml", "--format", "json"],
            cwd=HERE,
            env=node_env(),
            check=False,
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
        )
    # One JSON report per API, concatenated, in the order of `apis`.
    text = report.read_text("utf-8")
    decoder = json.JSONDecoder()
    reports = []
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            break
        try:
            value, position = decoder.raw_decode(text, position)
        except ValueError:
            log(f"redocly: unreadable JSON report (exit {result.returncode}):\n{result.stderr}")
            return False
        reports.append(value)
    roots = [rel(HERE / api["root"]) for api in config["apis"].values()]
    if len(reports) != len(roots):
        log(f"redocly: {len(reports)} reports for {len(roots)} APIs (exit {result.returncode}):\n{result.stderr}")
        return False
    problems = 0
    for root, data in zip(roots, reports, strict=True):
        totals = data.get("totals", {})
        count = totals.get("errors", 0) + totals.get("warnings", 0)
        problems += count
        for problem in data.get("problems", []):
            where = (problem.get("location") or [{}])[0].get("pointer", "")
            log(f"redocly: {problem.get('severity')} {problem.get('ruleId')} {root}{where}: {problem.get('message')}")
        errors, warnings, ignored = (totals.get(k, 0) for k in ("errors", "warnings", "ignored"))
        log(f"redocly: {root}: {errors} errors, {warnings} warnings, {ignored} ignored")
    return ok and problems == 0 and result.returncode == 0


# ---------------------------------------------------------------------------------------------
# Spectral
# ---------------------------------------------------------------------------------------------

SPECTRAL_SEVERITY = {0: "error", 1: "warning", 2: "info", 3: "hint"}


def gate_spectral() -> bool:
    paths = documents_31() + documents_30() + stub_documents()
    OUT.mkdir(parents=True, exist_ok=True)
    report = OUT / "spectral.json"
    result = subprocess.run(
        [
            str(node_tool("spectral")),
            "lint",
            "--ruleset",
            ".spectral.yaml",
            "--format",
            "json",
            "--output",
            str(report),
            "--fail-severity",
            "error",
            *[str(p) for p in paths],
        ],
        cwd=HERE,
        env=node_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        results = json.loads(report.read_text("utf-8"))
    except (OSError, ValueError):
        log(f"spectral: no JSON report (exit {result.returncode}):\n{result.stdout}{result.stderr}")
        return False
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for item in results:
        severity = SPECTRAL_SEVERITY.get(item.get("severity"), "?")
        counts[rel(item.get("source", "?"))][severity] += 1
        path = ".".join(str(p) for p in item.get("path", []))
        log(f"spectral: {severity} {item.get('code')} {rel(item.get('source', '?'))} {path}: {item.get('message')}")
    errors = 0
    for path in paths:
        c = counts.get(rel(path), Counter())
        errors += c["error"]
        log(
            f"spectral: {rel(path)}: {c['error']} errors, {c['warning']} warnings, {c['info']} infos, {c['hint']} hints"
        )
    return errors == 0 and result.returncode == 0


# ---------------------------------------------------------------------------------------------
# Schemathesis
# ---------------------------------------------------------------------------------------------


def dictionaries(binary: pathlib.Path) -> dict[str, list[Any]]:
    """Identifiers that exist in the stub's default dataset, for the schemathesis bindings."""
    data = stub_process.dump_fixtures(binary)
    projects = data["huawei_workspace"]["projects"]
    groups = [g for p in projects for g in p["user_groups"]]
    repositories = data["huawei_codearts_repo"]["repository_groups"]
    orgs = data["enos_app_portal"]["orgs"]
    return {
        "workspace_projects": [p["project_id"] for p in projects],
        "workspace_groups": [g["group_id"] for g in groups],
        "workspace_user_names": sorted({u["user_name"] for g in groups for u in g["users"]}),
        "workspace_group_names": sorted({g["group_name"] for g in groups}),
        "codearts_repository_groups": [r["group_id"] for r in repositories],
        "codearts_member_groups": sorted({m["user_group_id"] for r in repositories for m in r["member_groups"]}),
        "tencent_quuids": [h["quuid"] for h in data["tencent_cwp"]["hosts"]],
        "enos_orgs": [o["org_id"] for o in orgs],
        "enos_user_groups": [g["user_group_id"] for o in orgs for g in o["user_groups"]],
    }


def write_config(name: str, directory: pathlib.Path, values: dict[str, list[Any]]) -> pathlib.Path:
    parts = [(HERE / "schemathesis" / "common.toml").read_text("utf-8")]
    specific = HERE / "schemathesis" / f"{name}.toml"
    if specific.exists():
        parts.append(specific.read_text("utf-8"))
    parts.append("# Written by run_conformance.py from `stub-server --dump-fixtures`.")
    for key, entries in values.items():
        if entries:
            parts.append(f"[dictionaries.{key}]\nvalues = {json.dumps(entries, ensure_ascii=False)}")
    config = directory / "schemathesis.toml"
    config.write_text("\n".join(parts) + "\n", "utf-8")
    return config


def operation_ids(document: pathlib.Path) -> dict[str, str]:
    """Operation label ("GET /path") -> operationId."""
    spec = json.loads(document.read_text("utf-8"))
    labels = {}
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                labels[f"{method.upper()} {path}"] = operation["operationId"]
    return labels


def summarize(ndjson: pathlib.Path, labels: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Per operationId: cases run (by mode and status), checks failed, and the outcome."""
    stats: dict[str, dict[str, Any]] = {}
    for op in labels.values():
        stats[op] = {
            "cases": 0,
            "modes": Counter(),
            "statuses": Counter(),
            "codes": Counter(),
            "failed_checks": Counter(),
            "scenarios": Counter(),
        }
    if not ndjson.exists():
        return stats
    with ndjson.open(encoding="utf-8") as events:
        for line in events:
            event = json.loads(line)
            finished = event.get("ScenarioFinished")
            if not finished:
                continue
            recorder = finished.get("recorder", {})
            op = labels.get(recorder.get("label", ""))
            if op is None:
                continue
            stats[op]["scenarios"][finished.get("status")] += 1
            interactions = recorder.get("interactions", {})
            checks = recorder.get("checks", {})
            for case_id, node in recorder.get("cases", {}).items():
                if case_id not in interactions:
                    continue  # generated but never sent (skipped)
                value = node.get("value", {})
                meta = value.get("meta") or {}
                mode = (meta.get("generation") or {}).get("mode", "probe")
                stats[op]["cases"] += 1
                stats[op]["modes"][mode] += 1
                response = interactions[case_id].get("response") or {}
                stats[op]["statuses"][response.get("status_code", "none")] += 1
                stats[op]["codes"][envelope_code(response)] += 1
                for check in checks.get(case_id, []):
                    if check.get("status") == "failure":
                        stats[op]["failed_checks"][check.get("name")] += 1
    return stats


def envelope_code(response: dict[str, Any]) -> str:
    """The vendor's result code in a recorded response: error code, or "ok"."""
    content = response.get("content")
    if not isinstance(content, dict) or "$base64" not in content:
        return "-"
    try:
        body = json.loads(base64.b64decode(content["$base64"]))
    except ValueError:
        return "not JSON"
    if isinstance(body, dict):
        if isinstance(body.get("Response"), dict):
            return str((body["Response"].get("Error") or {}).get("Code", "ok"))
        if "error_code" in body:
            return str(body["error_code"])
        if "code" in body:
            return "ok" if body["code"] == 0 else str(body["code"])
    return "ok"


def run_document(
    document: pathlib.Path, binary: pathlib.Path, values: dict[str, list[Any]], seed: int, max_examples: int
) -> tuple[bool, dict[str, dict[str, Any]]]:
    name = document.stem
    directory = OUT / "schemathesis" / name
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    config = write_config(name, directory, values)
    labels = operation_ids(document)
    excluded = CHECKS_OFF.get(name, {})
    with stub_process.StubProcess(binary, start_timeout=STUB_START_TIMEOUT, stderr_log=directory / "stub.log") as stub:
        command = [
            str(pathlib.Path(sys.executable).parent / "schemathesis"),
            "--config-file",
            str(config),
            "run",
            str(document),
            "--url",
            stub.base_url,
            "--checks",
            "all",
            *(["--exclude-checks", ",".join(sorted(excluded))] if excluded else []),
            "--mode",
            "all",
            "--seed",
            str(seed),
            "--max-examples",
            str(max_examples),
            "--workers",
            "1",
            "--continue-on-failure",
            "--report",
            "junit,ndjson",
            "--report-junit-path",
            str(directory / "junit.xml"),
            "--report-ndjson-path",
            str(directory / "events.ndjson"),
            "--no-color",
        ]
        for header in CREDENTIALS.get(name, []):
            command += ["--header", header]
        env = dict(os.environ)
        env["SCHEMATHESIS_HOOKS"] = str(HERE / "schemathesis_hooks.py")
        log(f"schemathesis: {name} against {stub.base_url} (seed {seed}, at most {max_examples} examples per phase)")
        with (directory / "output.txt").open("w") as output:
            try:
                result = subprocess.run(
                    command,
                    cwd=directory,
                    env=env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    timeout=SCHEMATHESIS_TIMEOUT,
                    check=False,
                )
                code = result.returncode
            except subprocess.TimeoutExpired:
                log(f"schemathesis: {name} did not finish within {SCHEMATHESIS_TIMEOUT:.0f} s")
                code = -1
    stats = summarize(directory / "events.ndjson", labels)
    ok = code == 0
    for op, s in stats.items():
        s["passed"] = (
            ok and not s["failed_checks"] and s["cases"] > 0 and not (set(s["scenarios"]) - {"success", "skip"})
        )
        log(
            f"schemathesis: {op}: {'passed' if s['passed'] else 'FAILED'}, {s['cases']} cases "
            f"({', '.join(f'{k} {v}' for k, v in sorted(s['modes'].items()))}); "
            f"HTTP statuses {dict(sorted(s['statuses'].items(), key=lambda kv: str(kv[0])))}; "
            f"vendor codes {dict(s['codes'].most_common())}"
            + (f"; failed checks {dict(s['failed_checks'])}" if s["failed_checks"] else "")
        )
    if not ok:
        tail = (directory / "output.txt").read_text("utf-8", errors="replace").splitlines()
        log(f"schemathesis: {name} exited {code}; output ({rel(directory / 'output.txt')}) ends with:")
        log("\n".join("    " + line for line in tail[-60:]))
    return ok and all(s["passed"] for s in stats.values()), stats


def gate_schemathesis(seed: int, max_examples: int, only: list[str] | None = None) -> bool:
    binary = stub_process.stub_binary()
    try:
        stub_process.require_binary(binary)
    except FileNotFoundError as missing:
        log(f"schemathesis: {missing}")
        return False
    values = dictionaries(binary)
    all_ok = True
    operations: dict[str, dict[str, Any]] = {}
    started = time.monotonic()
    selected = [d for d in documents_31() if not only or d.stem in only]
    if only and len(selected) != len(set(only)):
        log(f"schemathesis: unknown document in {only}; known: {[d.stem for d in documents_31()]}")
        return False

    def run_one(document: pathlib.Path) -> tuple[bool, dict[str, dict[str, Any]]]:
        try:
            return run_document(document, binary, values, seed, max_examples)
        except Exception as error:  # noqa: BLE001 (report it and go on with the other documents)
            log(f"schemathesis: {document.stem}: {error}")
            return False, {}

    # The documents are independent (each against its own stub on its own port, writing its own
    # folder), so they run side by side, one per core: schemathesis waits on the stub half the time.
    workers = max(1, min(len(selected), os.cpu_count() or 1))
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = list(pool.map(run_one, selected))
    for ok, stats in outcomes:
        all_ok &= ok
        for op, s in stats.items():
            operations[op] = {"passed": bool(s["passed"]), "cases": int(s["cases"])}
    for op in OPERATIONS if not only else []:
        if op not in operations:
            log(f"schemathesis: operation {op} was not exercised")
            operations[op] = {"passed": False, "cases": 0}
            all_ok = False
    coverage = None
    if not only:  # the coverage file describes full runs only
        coverage = stub_process.write_coverage(SUITE, {op: operations[op] for op in OPERATIONS})
    total = sum(o["cases"] for o in operations.values())
    log(
        f"schemathesis: {total} cases in {time.monotonic() - started:.0f} s"
        + ("" if coverage is None else f"; wrote {rel(coverage)}")
    )
    return all_ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gate", nargs="?", default="all", choices=["redocly", "spectral", "schemathesis", "all"])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--max-examples", type=int, default=MAX_EXAMPLES)
    parser.add_argument(
        "--document",
        action="append",
        help="schemathesis: run only this 3.1 document (its file stem; repeatable); no coverage file is written",
    )
    args = parser.parse_args()
    gates = {
        "redocly": gate_redocly,
        "spectral": gate_spectral,
        "schemathesis": lambda: gate_schemathesis(args.seed, args.max_examples, args.document),
    }
    selected = list(gates) if args.gate == "all" else [args.gate]
    results = {}
    for gate in selected:
        log(f"== {gate}")
        try:
            results[gate] = gates[gate]()
        except Exception as error:  # noqa: BLE001 (a broken gate fails; the others still run)
            log(f"{gate}: {error!r}")
            results[gate] = False
        log(f"{gate}: {'passed' if results[gate] else 'FAILED'}")
    passed = sum(results.values())
    failed = len(results) - passed
    log(f"conformance: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
