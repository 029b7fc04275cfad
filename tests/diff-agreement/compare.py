"""Holds the verdicts of `cargo xtask diff` against Optic's breaking-changes ruleset.

Usage (from the repository root):
    cargo xtask diff --write-corpus target/diff-corpus
    npm ci --prefix tests/diff-agreement --no-audit --no-fund
    python3 tests/diff-agreement/compare.py target/diff-corpus > target/diff-agreement.md

For every document pair of the corpus it runs `optic diff OLD NEW --check` with the
breaking-changes ruleset (telemetry off) and compares "Optic fails the check" with "some rule
of ours is breaking". It prints a Markdown table of every pair, the disagreements first, with
the Optic rules that fired; the reasons for the disagreements are kept in ENGINEERING.md.
"""

import json
import os
import pathlib
import re
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
OPTIC = HERE / "node_modules" / ".bin" / "optic"
STANDARD = HERE / "standard.yml"


def optic(old: pathlib.Path, new: pathlib.Path) -> tuple[bool, list[str]]:
    """Whether Optic's check fails, and the names of the rules that failed."""
    env = dict(os.environ, OPTIC_TELEMETRY_LEVEL="off", NO_COLOR="1", FORCE_COLOR="0")
    run = subprocess.run(
        [str(OPTIC), "diff", str(old), str(new), "--check", "--standard", str(STANDARD)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    if run.returncode not in (0, 1):
        raise SystemExit(f"optic failed on {old.parent.name}: {run.stderr.strip()[-400:]}")
    rules = sorted(set(re.findall(r"x \[([^\]]+)\]", run.stdout)))
    return run.returncode == 1, rules


def verdict(breaking: bool) -> str:
    return "breaking" if breaking else "not breaking"


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    corpus = pathlib.Path(sys.argv[1])
    if not OPTIC.exists():
        raise SystemExit(f"optic is missing: run `npm ci --prefix {HERE}` first")
    rows = []
    for case in sorted(p for p in corpus.iterdir() if p.is_dir()):
        expected = json.loads((case / "expected.json").read_text())
        ours = any(e["class"] == "breaking" for e in expected)
        theirs, fired = optic(case / "old.json", case / "new.json")
        rows.append((ours != theirs, case.name, ours, theirs, expected, fired))
    rows.sort(key=lambda r: (not r[0], r[1]))
    agree = sum(1 for r in rows if not r[0])
    print(f"Agreement on breaking or not: {agree} of {len(rows)} pairs.\n")
    print("| Pair | Ours | Optic | Our rules | Optic's failed rules |")
    print("|---|---|---|---|---|")
    for differs, name, ours, theirs, expected, fired in rows:
        mark = " **(differs)**" if differs else ""
        rules = ", ".join(f"`{e['rule']}`" for e in expected) or "none"
        failed = ", ".join(fired) or "none"
        print(f"| `{name}`{mark} | {verdict(ours)} | {verdict(theirs)} | {rules} | {failed} |")


if __name__ == "__main__":
    main()
