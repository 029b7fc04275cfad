"""Fixtures and hooks of the vendor SDK suite.

- One stub server per session, on a free loopback port, stopped with SIGTERM at the end even
  when tests fail; the dataset it serves, read with `--dump-fixtures`.
- Clients of the vendors' own SDKs pointed at it.
- A guard on http.client that counts every request put on the wire and refuses any that is not
  for 127.0.0.1, so an SDK that tried to reach a metadata service or IAM would fail the test
  instead of leaving the machine.
- target/coverage/vendor-sdk.json, written at the end of every run.
"""

from __future__ import annotations

import http.client
import os
import pathlib
import shutil
import sys
import tempfile
from collections import Counter, defaultdict

import pytest
import requests
from huaweicloudsdkcodeartsrepo.v4 import CodeArtsRepoClient
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.http.http_handler import HttpHandler
from huaweicloudsdkworkspace.v2 import WorkspaceClient
from poseidon import poseidon
from tencentcloud.common import credential
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.cwp.v20180228 import cwp_client

# stub_process, shared with the other Python suites, lives in tests/python (no package).
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "python"))
import stub_process
import support

SUITE = "vendor-sdk"
# The coverage table's operations, and the export-task companions (test_export_flow.py) until
# stub_process lists them too.
OPERATIONS = tuple(dict.fromkeys((*stub_process.OPERATIONS, "ListExportTasks", "DownloadExportFile", "ExportTasks")))
# Seconds the stub may take to announce its address.
STUB_START_TIMEOUT = 30.0
# Far above what the suite needs; a loop gone wrong stops here.
MAX_WIRE_REQUESTS = 1000
LOOPBACK = {"127.0.0.1"}


class Wire:
    """What went on the wire: every request, and how many of them bypassed the SDKs."""

    def __init__(self) -> None:
        self.requests = 0
        self.raw = 0
        self.by_operation: Counter = Counter()
        self.current_operation: str | None = None


WIRE = Wire()
_original_putrequest = http.client.HTTPConnection.putrequest


def _guarded_putrequest(self, method, url, *args, **kwargs):
    if self.host not in LOOPBACK:
        raise RuntimeError(f"refusing a request to {self.host}:{self.port} (only 127.0.0.1 is allowed)")
    WIRE.requests += 1
    if WIRE.requests > MAX_WIRE_REQUESTS:
        raise RuntimeError(f"more than {MAX_WIRE_REQUESTS} requests in one run")
    if WIRE.current_operation:
        WIRE.by_operation[WIRE.current_operation] += 1
    return _original_putrequest(self, method, url, *args, **kwargs)


# The temporary $HOME, removed at the end.
HOME: dict = {}


def pytest_configure(config: pytest.Config) -> None:
    # The Huawei SDK writes ~/.huaweicloud/application_id on first use: keep it out of $HOME.
    HOME["path"] = os.environ["HOME"] = tempfile.mkdtemp(prefix="vendor-sdk-home-")
    # No proxy may sit between the SDKs and the stub.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        os.environ.pop(name, None)
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    http.client.HTTPConnection.putrequest = _guarded_putrequest


def pytest_unconfigure(config: pytest.Config) -> None:
    http.client.HTTPConnection.putrequest = _original_putrequest
    if "path" in HOME:
        shutil.rmtree(HOME.pop("path"), ignore_errors=True)


def _operation_of(item: pytest.Item) -> str | None:
    marker = item.get_closest_marker("operation")
    return marker.args[0] if marker else None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item):
    WIRE.current_operation = _operation_of(item)
    try:
        yield
    finally:
        WIRE.current_operation = None


# nodeid -> operation, filled at collection; nodeid -> "passed" | "failed" | "skipped".
NODE_OPERATIONS: dict = {}
OUTCOMES: dict = {}


def pytest_collection_modifyitems(config: pytest.Config, items: list) -> None:
    for item in items:
        operation = _operation_of(item)
        if operation not in OPERATIONS:
            raise pytest.UsageError(f"{item.nodeid}: needs @pytest.mark.operation(<one of {OPERATIONS}>)")
        NODE_OPERATIONS[item.nodeid] = operation


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    previous = OUTCOMES.get(report.nodeid)
    if previous == "failed":
        return
    if report.failed:
        OUTCOMES[report.nodeid] = "failed"
    elif report.skipped:
        OUTCOMES[report.nodeid] = "skipped"
    elif report.when == "call":
        OUTCOMES[report.nodeid] = "passed"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    per_operation = {name: {"passed": False, "cases": 0} for name in OPERATIONS}
    failed = defaultdict(bool)
    for nodeid, outcome in OUTCOMES.items():
        operation = NODE_OPERATIONS.get(nodeid)
        if operation not in per_operation or outcome not in ("passed", "failed"):
            continue
        per_operation[operation]["cases"] += 1
        failed[operation] |= outcome == "failed"
    for name, entry in per_operation.items():
        entry["passed"] = entry["cases"] > 0 and not failed[name]
    # A collection error or an interrupted run leaves the results incomplete: report failure.
    if exitstatus not in (0, 1):
        for entry in per_operation.values():
            entry["passed"] = False
    out = stub_process.write_coverage(SUITE, per_operation)
    session.config._vendor_sdk_coverage = (out, per_operation)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    write = terminalreporter.write_line
    terminalreporter.section("vendor SDK calls")
    sdk_calls = WIRE.requests - WIRE.raw
    write(f"requests on the wire: {WIRE.requests} ({sdk_calls} through the vendor SDKs, {WIRE.raw} raw)")
    for name in OPERATIONS:
        write(f"  {name}: {WIRE.by_operation.get(name, 0)} requests")
    coverage = getattr(config, "_vendor_sdk_coverage", None)
    if coverage:
        out, per_operation = coverage
        write(f"coverage written to {out.relative_to(support.ROOT)}")
        for name, entry in per_operation.items():
            write(f"  {name}: {'passed' if entry['passed'] else 'FAILED'}, {entry['cases']} cases")
    code = getattr(config, "_vendor_sdk_stub_exit", "not started")
    write(f"stub exit status after SIGTERM: {code}")


# ---------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="session")
def stub_binary():
    return stub_process.stub_binary()


@pytest.fixture(scope="session")
def dataset(stub_binary) -> dict:
    return stub_process.dump_fixtures(stub_binary)


@pytest.fixture(scope="session")
def stub(stub_binary, tmp_path_factory, pytestconfig):
    stderr_log = tmp_path_factory.mktemp("stub") / "stderr.log"
    server = stub_process.StubProcess(stub_binary, start_timeout=STUB_START_TIMEOUT, stderr_log=stderr_log)
    try:
        yield server
    finally:
        pytestconfig._vendor_sdk_stub_exit = server.stop()


@pytest.fixture
def raw_http():
    """`requests`, for the few cases no SDK can send (a request without any credentials);
    counted apart from the SDK calls."""

    class Raw:
        def request(self, method: str, url: str, **kwargs):
            WIRE.raw += 1
            kwargs.setdefault("timeout", 30)
            kwargs.setdefault("allow_redirects", False)
            with requests.Session() as session:
                session.trust_env = False
                return session.request(method, url, **kwargs)

    return Raw()


class ResponseRecorder:
    """A Huawei SDK response handler that keeps the last raw response, for its headers."""

    def __init__(self) -> None:
        self.last = None

    def __call__(self, **kwargs) -> None:
        self.last = kwargs.get("response")


def _huawei_http_config():
    config = HttpConfig.get_default_config()
    config.timeout = (5, 30)
    config.retry_times = 0
    return config


def build_workspace_client(stub, project_id=support.WORKSPACE_PROJECT, recorder=None):
    builder = (
        WorkspaceClient.new_builder()
        .with_credentials(BasicCredentials(support.HUAWEI_AK, support.HUAWEI_SK, project_id))
        .with_endpoints([stub.base_url])
        .with_http_config(_huawei_http_config())
    )
    if recorder is not None:
        builder = builder.with_http_handler(HttpHandler().add_response_handler(recorder))
    return builder.build()


@pytest.fixture(scope="session")
def workspace_recorder():
    return ResponseRecorder()


@pytest.fixture(scope="session")
def workspace(stub, workspace_recorder):
    return build_workspace_client(stub, recorder=workspace_recorder)


@pytest.fixture(scope="session")
def codearts(stub):
    return (
        CodeArtsRepoClient.new_builder()
        .with_credentials(BasicCredentials(support.HUAWEI_AK, support.HUAWEI_SK))
        .with_endpoints([stub.base_url])
        .with_http_config(_huawei_http_config())
        .build()
    )


def build_cwp_client(stub, req_method="POST", sign_method=None, language=None):
    http_profile = HttpProfile(protocol="http", endpoint=stub.hostport, reqMethod=req_method, reqTimeout=30)
    profile = ClientProfile(httpProfile=http_profile)
    if sign_method is not None:
        profile.signMethod = sign_method
    if language is not None:
        profile.language = language
    cred = credential.Credential(support.TENCENT_SECRET_ID, support.TENCENT_SECRET_KEY)
    return cwp_client.CwpClient(cred, "ap-guangzhou", profile)


@pytest.fixture(scope="session")
def cwp(stub):
    return build_cwp_client(stub)


@pytest.fixture(scope="session")
def enos(stub):
    """Calls listAssignedUser through enos-poseidon; returns what poseidon returns."""

    def call(org_id, body, headers=None):
        url = f"{stub.base_url}{support.ENOS_PATH}?orgId={org_id}"
        return poseidon.urlopen(support.ENOS_APP_KEY, support.ENOS_APP_SECRET, url, body, headers=headers, timeout=30)

    return call
