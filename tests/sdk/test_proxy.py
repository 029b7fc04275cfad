"""The validating proxy (`--upstream`, issue 16) with the vendors' own SDKs.

Two stubs run: the "vendor", which verifies signatures (`--auth verify`) with the keys of
crates/stub-server/credentials.example.json, and the proxy, which forwards CodeArts and CWP to
it and signs each request again with those same keys (`--upstream-credentials`). The SDK
clients sign with keys the vendor does not know, so an answer proves the proxy's signature was
verified; it must equal the vendor's own answer to a direct call, and the drift log must record
the calls without a secret.
"""

from __future__ import annotations

import json
import subprocess

import pytest
from huaweicloudsdkcodeartsrepo.v4 import CodeArtsRepoClient, ListGroupUserGroupsRequest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from tencentcloud.common import credential
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.cwp.v20180228 import cwp_client, models

import stub_process
import support
from conftest import STUB_START_TIMEOUT, _huawei_http_config, build_cwp_client

UPSTREAM_KEYS = support.ROOT / "crates/stub-server/credentials.example.json"
# Keys only the proxy's presence check sees: the vendor stub would refuse them.
CLIENT_AK = "CLIENTAK000000000000"
CLIENT_SK = "ClientSecretKeyNeverSentOn0000000000000"
CLIENT_SECRET_ID = "AKIDCLIENTCLIENTCLIENTCLIENTCLIENT12"
CLIENT_SECRET_KEY = "ClientTencentKeyNeverSentOn00000"


class StubWith(stub_process.StubProcess):
    """A stub started with extra command-line arguments."""

    def __init__(self, binary, args, **kwargs) -> None:
        self.args = [str(a) for a in args]
        super().__init__(binary, **kwargs)

    def _spawn(self) -> subprocess.Popen[str]:
        command = [str(self.binary), "--listen", "127.0.0.1:0", *self.args]
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            encoding="utf-8",
            errors="replace",
        )


@pytest.fixture(scope="module")
def vendor(stub_binary):
    server = StubWith(
        stub_binary, ["--auth", "verify", "--credentials", UPSTREAM_KEYS], start_timeout=STUB_START_TIMEOUT
    )
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def drift_log(tmp_path_factory):
    return tmp_path_factory.mktemp("proxy") / "drift.jsonl"


@pytest.fixture(scope="module")
def proxy(stub_binary, vendor, drift_log):
    args = [
        "--upstream", f"huawei-codearts-repo={vendor.base_url}",
        "--upstream", f"tencent-cwp={vendor.base_url}",
        "--upstream-credentials", UPSTREAM_KEYS,
        "--drift-log", drift_log,
    ]  # fmt: skip
    server = StubWith(stub_binary, args, start_timeout=STUB_START_TIMEOUT)
    try:
        yield server
    finally:
        server.stop()


def codearts_client(server, ak, sk):
    return (
        CodeArtsRepoClient.new_builder()
        .with_credentials(BasicCredentials(ak, sk))
        .with_endpoints([server.base_url])
        .with_http_config(_huawei_http_config())
        .build()
    )


def logged(drift_log) -> list[dict]:
    return [json.loads(line) for line in drift_log.read_text().splitlines()]


@pytest.mark.operation("ListGroupUserGroups")
def test_codearts_through_the_proxy_gets_the_vendors_answer(vendor, proxy, drift_log):
    request = ListGroupUserGroupsRequest(group_id=123, limit=5)
    direct = codearts_client(vendor, support.HUAWEI_AK, support.HUAWEI_SK).list_group_user_groups(request)
    proxied = codearts_client(proxy, CLIENT_AK, CLIENT_SK).list_group_user_groups(request)
    assert proxied.status_code == 200
    assert proxied.to_json_object() == direct.to_json_object()
    lines = [line for line in logged(drift_log) if line["operationId"] == "ListGroupUserGroups"]
    assert lines and lines[0]["kind"] == "call" and lines[0]["status"] == 200, lines
    text = drift_log.read_text()
    for secret in (support.HUAWEI_SK, CLIENT_SK):
        assert secret not in text


@pytest.mark.operation("ExportAssetUserList")
def test_cwp_through_the_proxy_is_signed_for_the_vendor(vendor, proxy, drift_log):
    http_profile = HttpProfile(protocol="http", endpoint=proxy.hostport, reqMethod="POST", reqTimeout=30)
    client = cwp_client.CwpClient(
        credential.Credential(CLIENT_SECRET_ID, CLIENT_SECRET_KEY),
        "ap-guangzhou",
        ClientProfile(httpProfile=http_profile),
    )
    request = models.ExportAssetUserListRequest()
    request.from_json_string(json.dumps(support.TENCENT_CAPTURED_EXPORT))
    proxied = client.ExportAssetUserList(request)
    assert support.TASK_ID.match(proxied.TaskId), proxied.TaskId
    direct = build_cwp_client(vendor).ExportAssetUserList(request)
    assert support.TASK_ID.match(direct.TaskId)
    lines = [line for line in logged(drift_log) if line["operationId"] == "ExportAssetUserList"]
    assert lines and lines[0]["kind"] == "call", lines
    assert lines[0]["requestId"] == proxied.RequestId
    text = drift_log.read_text()
    for secret in (support.TENCENT_SECRET_KEY, CLIENT_SECRET_KEY):
        assert secret not in text
