"""The stub server as the Python test suites run it.

The vendor SDK suite (tests/sdk), the generated-client suite (tests/clients/python) and the
conformance runner (tests/conformance/run_conformance.py) all drive the stub binary the same
way, and this module is that way:

- `stub_binary()`: the executable, `$STUB_SERVER_BIN` or target/release/stub-server (a
  relative path is taken from the repository root); `require_binary()` fails with the build
  command when it is missing.
- `StubProcess`: starts the stub with `--listen 127.0.0.1:0`, learns its address from the
  first stdout line (`stub-server listening on http://127.0.0.1:PORT`), keeps draining stdout
  so that the stub never blocks on a full pipe, and stops it with SIGTERM (SIGKILL when it
  outlives the grace period). A context manager.
- `dump_fixtures()`: the dataset the stub serves by default, from `--dump-fixtures`.
- `write_coverage()`: target/coverage/<suite>.json, as the coverage table reads it.
- `export_headings()`: the sheet names, titles and column headings of the exported workbooks,
  from the one data file the Rust, Python and TypeScript suites all read.

Standard library only, so that every suite's venv can import it: each suite puts this folder
on `sys.path`.
"""

from __future__ import annotations

import atexit
import json
import os
import queue
import re
import signal
import subprocess
import threading
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, Self

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BINARY = "target/release/stub-server"
COVERAGE_DIR = ROOT / "target" / "coverage"
# Export sheet names, titles and headings per vendor and language (DECISIONS.md, "Export tasks");
# the stub compiles the same file in.
EXPORT_HEADINGS_FILE = ROOT / "crates" / "stub-data" / "data" / "export-headings.json"

# The operations of the coverage table: every suite's coverage file reports these.
OPERATIONS: tuple[str, ...] = (
    "ExportUserGroupUsersNew",
    "ExportUsersTemplate",
    "ExportAssetUserList",
    "listAssignedUser",
    "ListGroupUserGroups",
    "ListExportTasks",
    "DownloadExportFile",
    "ExportTasks",
)

# The line the stub prints once it listens; only a loopback address is accepted.
ANNOUNCEMENT = re.compile(r"^stub-server listening on (http://127\.0\.0\.1:(\d+))/?\s*$")
STOP_GRACE_SECONDS = 10.0
DUMP_TIMEOUT_SECONDS = 60.0
# How much of the stub's stderr log a start failure quotes.
STDERR_TAIL_CHARS = 2000


def stub_binary() -> Path:
    """The stub executable: $STUB_SERVER_BIN, else target/release/stub-server; a relative
    path is taken from the repository root."""
    path = Path(os.environ.get("STUB_SERVER_BIN", DEFAULT_BINARY))
    return path if path.is_absolute() else ROOT / path


def require_binary(binary: Path) -> Path:
    """`binary`, or FileNotFoundError saying how to build it."""
    if not binary.is_file():
        raise FileNotFoundError(
            f"no stub binary at {binary}: run `cargo build --release -p stub-server` "
            "or set STUB_SERVER_BIN"
        )
    return binary


def dump_fixtures(binary: Path, timeout: float = DUMP_TIMEOUT_SECONDS) -> dict[str, Any]:
    """The dataset the stub serves by default, as `<binary> --dump-fixtures` prints it."""
    result = subprocess.run(
        [str(require_binary(binary)), "--dump-fixtures"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
        check=True,
    )
    dataset: dict[str, Any] = json.loads(result.stdout)
    return dataset


def write_coverage(suite: str, operations: Mapping[str, Mapping[str, Any]]) -> Path:
    """Writes target/coverage/<suite>.json: per operationId, whether all its cases passed and
    how many ran, in the order given. Returns the file's path."""
    record = {
        "suite": suite,
        "operations": {
            name: {"passed": bool(entry["passed"]), "cases": int(entry["cases"])}
            for name, entry in operations.items()
        },
    }
    COVERAGE_DIR.mkdir(parents=True, exist_ok=True)
    path = COVERAGE_DIR / f"{suite}.json"
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return path


class StubStartError(RuntimeError):
    """The stub did not announce a loopback address in time; it has been stopped."""


class StubProcess:
    """One stub server on a free loopback port.

    Starting waits up to `start_timeout` seconds for the announcement line, and raises
    StubStartError (after stopping the process) when it does not come. The stub's stderr goes
    to `stderr_log` when given, else nowhere; a start failure quotes its end. `stop()`, also
    run on leaving a `with` block and, as a last resort, at interpreter exit, sends SIGTERM
    and SIGKILL after `stop_grace` seconds.
    """

    def __init__(
        self,
        binary: Path,
        *,
        start_timeout: float,
        stderr_log: Path | None = None,
        stop_grace: float = STOP_GRACE_SECONDS,
    ) -> None:
        self.binary = require_binary(binary)
        self.stderr_log = stderr_log
        self.stop_grace = stop_grace
        self.exit_code: int | None = None
        # True when the stub outlived SIGTERM and had to be killed.
        self.killed = False
        self._process = self._spawn()
        atexit.register(self._terminate_at_exit)
        self._first_line: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._drain_stdout, name="stub-stdout", daemon=True)
        self._reader.start()
        self.base_url, self.port = self._await_announcement(start_timeout)

    @property
    def hostport(self) -> str:
        return f"127.0.0.1:{self.port}"

    def stop(self) -> int:
        """Stops the stub (SIGTERM, then SIGKILL once the grace period is over) and returns its
        exit code, negative for a signal as subprocess reports it. Stopping again returns the
        same code."""
        process = self._process
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=self.stop_grace)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=self.stop_grace)
                self.killed = True
        atexit.unregister(self._terminate_at_exit)
        self._reader.join(timeout=self.stop_grace)
        if process.stdout is not None and not self._reader.is_alive():
            process.stdout.close()
        self.exit_code = process.returncode
        return process.returncode

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _spawn(self) -> subprocess.Popen[str]:
        command = [str(self.binary), "--listen", "127.0.0.1:0"]
        options: dict[str, Any] = {
            "stdin": subprocess.DEVNULL,
            "stdout": subprocess.PIPE,
            "encoding": "utf-8",
            "errors": "replace",
        }
        if self.stderr_log is None:
            return subprocess.Popen(command, stderr=subprocess.DEVNULL, **options)
        # The child keeps its own descriptor of the log; this one can close at once.
        with self.stderr_log.open("wb") as stderr:
            return subprocess.Popen(command, stderr=stderr, **options)

    def _drain_stdout(self) -> None:
        """Hands the first line over, then reads (and drops) the rest until end of file."""
        stdout = self._process.stdout
        assert stdout is not None
        first = stdout.readline()
        self._first_line.put(first or None)
        for _ in stdout:
            pass

    def _await_announcement(self, timeout: float) -> tuple[str, int]:
        try:
            first = self._first_line.get(timeout=timeout)
        except queue.Empty:
            problem = f"it printed no address within {timeout:g} s"
        else:
            match = ANNOUNCEMENT.match(first or "")
            if match:
                return match.group(1), int(match.group(2))
            if first is None:
                problem = "it closed its stdout without printing an address"
            else:
                problem = (
                    f"its first line was {first.rstrip()!r}, not "
                    "'stub-server listening on http://127.0.0.1:PORT'"
                )
        code = self.stop()
        raise StubStartError(
            f"the stub server {self.binary} did not start: {problem} "
            f"(exit status {code} once stopped){self._stderr_tail()}"
        )

    def _stderr_tail(self) -> str:
        if self.stderr_log is None:
            return ""
        try:
            text = self.stderr_log.read_text("utf-8", "replace")
        except OSError:
            return ""
        if not text.strip():
            return ""
        return f"; its stderr ({self.stderr_log}) ends with:\n{text[-STDERR_TAIL_CHARS:]}"

    def _terminate_at_exit(self) -> None:
        # Should the suite end without stopping the stub, it still gets SIGTERM.
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)


def export_headings(vendor: str, language: str) -> tuple[str, list[str]]:
    """The sheet name and column headings of `vendor`'s export file in `language`, keyed as
    the data file keys them (`huawei-workspace` or `tencent-cwp`, then `en` or `zh`)."""
    heads = json.loads(EXPORT_HEADINGS_FILE.read_text(encoding="utf-8"))[vendor][language]
    return heads["sheet"], heads["headings"]
