"""`--auth verify`: the vendors' own SDKs against a stub that checks signatures.

This module starts its own stub with `--auth verify --credentials <file>`, the file listing
the suite's fake keys. Each SDK must get through with the right secret, and get the vendor's
own refusal with a wrong secret, an unknown key or a stale clock (README.md, "Signature
verification"; ENGINEERING.md, "Signature verification"):

- Huawei: HTTP 401 `APIGW.0301`, read by the SDK as ClientRequestException;
- Tencent: `AuthFailure.SignatureFailure`, `AuthFailure.SecretIdNotFound`,
  `AuthFailure.SignatureExpire` in the HTTP 200 envelope, read as TencentCloudSDKException;
- EnOS: no SDK signs as the EnOS gateway documents; the documented `apim-signature` is computed
  here with hashlib from the documented formula (right secret: code 0, wrong one: 31400), and
  enos-poseidon's RSA-encrypted token, which nobody but EnOS can open, passes by its form only.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import time
import types

import pytest
import requests
from huaweicloudsdkcodeartsrepo.v4 import CodeArtsRepoClient, ListGroupUserGroupsRequest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkworkspace.v2 import ExportUsersTemplateRequest, WorkspaceClient
from poseidon import poseidon
from tencentcloud.common import abstract_client, credential
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.cwp.v20180228 import cwp_client, models

import stub_process
import support
from conftest import STUB_START_TIMEOUT, _huawei_http_config

# Tencent documents five minutes for X-TC-Timestamp, Huawei's gateway fifteen for X-Sdk-Date.
TENCENT_SKEW = 5 * 60
HUAWEI_SKEW = 15 * 60


class VerifyingStub(stub_process.StubProcess):
    """The stub binary as stub_process starts it, with extra command-line arguments."""

    def __init__(self, binary, extra_args, **kwargs):
        self.extra_args = list(extra_args)
        super().__init__(binary, **kwargs)

    def _spawn(self):
        command = [str(self.binary), "--listen", "127.0.0.1:0", *self.extra_args]
        options = {"stdin": subprocess.DEVNULL, "stdout": subprocess.PIPE, "encoding": "utf-8", "errors": "replace"}
        if self.stderr_log is None:
            return subprocess.Popen(command, stderr=subprocess.DEVNULL, **options)
        with self.stderr_log.open("wb") as stderr:
            return subprocess.Popen(command, stderr=stderr, **options)


@pytest.fixture(scope="module")
def verifying_stub(stub_binary, tmp_path_factory):
    folder = tmp_path_factory.mktemp("verify")
    credentials = folder / "credentials.json"
    credentials.write_text(
        json.dumps(
            {
                "huawei": {support.HUAWEI_AK: support.HUAWEI_SK},
                "tencent": {support.TENCENT_SECRET_ID: support.TENCENT_SECRET_KEY},
                "enos": {support.ENOS_APP_KEY: support.ENOS_APP_SECRET},
            }
        ),
        encoding="utf-8",
    )
    server = VerifyingStub(
        stub_binary,
        ["--auth", "verify", "--credentials", str(credentials)],
        start_timeout=STUB_START_TIMEOUT,
        stderr_log=folder / "stderr.log",
    )
    try:
        yield server
    finally:
        server.stop()


# ---------------------------------------------------------------------------------------------
# Huawei


def workspace_client(stub, ak=support.HUAWEI_AK, sk=support.HUAWEI_SK):
    return (
        WorkspaceClient.new_builder()
        .with_credentials(BasicCredentials(ak, sk, support.WORKSPACE_PROJECT))
        .with_endpoints([stub.base_url])
        .with_http_config(_huawei_http_config())
        .build()
    )


def codearts_client(stub, ak=support.HUAWEI_AK, sk=support.HUAWEI_SK):
    return (
        CodeArtsRepoClient.new_builder()
        .with_credentials(BasicCredentials(ak, sk))
        .with_endpoints([stub.base_url])
        .with_http_config(_huawei_http_config())
        .build()
    )


@pytest.mark.operation("ExportUsersTemplate")
def test_workspace_signatures_are_checked(verifying_stub):
    ok = workspace_client(verifying_stub).export_users_template(ExportUsersTemplateRequest())
    assert ok.status_code == 200
    wrong = workspace_client(verifying_stub, sk="HwFakeSecretKey0000000000000000000000001")
    error = support.huawei_error(lambda: wrong.export_users_template(ExportUsersTemplateRequest()), 401, "APIGW.0301")
    assert "does not match" in error.error_msg
    unknown = workspace_client(verifying_stub, ak="HWUNKNOWNAK000000000")
    support.huawei_error(lambda: unknown.export_users_template(ExportUsersTemplateRequest()), 401, "APIGW.0301")


@pytest.mark.operation("ListGroupUserGroups")
def test_codearts_signatures_are_checked_including_the_date(verifying_stub):
    client = codearts_client(verifying_stub)
    assert client.list_group_user_groups(ListGroupUserGroupsRequest(group_id=123)).status_code == 200
    # A token the SDK adds as a header becomes a signed header; still verified.
    invoker = client.list_group_user_groups_invoker(ListGroupUserGroupsRequest(group_id=123))
    assert invoker.add_header("X-Auth-Token", "MIIfake-token-value").invoke().status_code == 200
    # An X-Sdk-Date older than the gateway's window: signed correctly, refused as stale.
    stale = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(time.time() - HUAWEI_SKEW - 120))
    invoker = client.list_group_user_groups_invoker(ListGroupUserGroupsRequest(group_id=123))
    error = support.huawei_error(lambda: invoker.add_header("X-Sdk-Date", stale).invoke(), 401, "APIGW.0301")
    assert "15 minutes" in error.error_msg
    wrong = codearts_client(verifying_stub, sk="not-the-secret")
    support.huawei_error(
        lambda: wrong.list_group_user_groups(ListGroupUserGroupsRequest(group_id=123)), 401, "APIGW.0301"
    )


# ---------------------------------------------------------------------------------------------
# Tencent


def cwp_client_for(stub, secret_id=support.TENCENT_SECRET_ID, secret_key=support.TENCENT_SECRET_KEY):
    profile = ClientProfile(httpProfile=HttpProfile(protocol="http", endpoint=stub.hostport, reqTimeout=30))
    return cwp_client.CwpClient(credential.Credential(secret_id, secret_key), "ap-guangzhou", profile)


def export_request() -> models.ExportAssetUserListRequest:
    request = models.ExportAssetUserListRequest()
    request.from_json_string(json.dumps({"Quuid": support.TENCENT_HOST}))
    return request


@pytest.mark.operation("ExportAssetUserList")
def test_tencent_signatures_are_checked(verifying_stub):
    response = cwp_client_for(verifying_stub).ExportAssetUserList(export_request())
    assert support.TASK_ID.match(response.TaskId), response.TaskId
    wrong = cwp_client_for(verifying_stub, secret_key="FAKEsecretKEYfakeSECRETkeyFAKE13")
    support.tencent_error(lambda: wrong.ExportAssetUserList(export_request()), "AuthFailure.SignatureFailure")
    unknown = cwp_client_for(verifying_stub, secret_id="AKIDSOMEONEELSE000000000000000000000")
    support.tencent_error(lambda: unknown.ExportAssetUserList(export_request()), "AuthFailure.SecretIdNotFound")


@pytest.mark.operation("ExportAssetUserList")
def test_tencent_timestamps_older_than_five_minutes_are_refused(verifying_stub, monkeypatch):
    # The SDK reads the time through its module's `time`; only that reference is moved back.
    skewed = types.SimpleNamespace(time=lambda: time.time() - TENCENT_SKEW - 60)
    monkeypatch.setattr(abstract_client, "time", skewed)
    client = cwp_client_for(verifying_stub)
    support.tencent_error(lambda: client.ExportAssetUserList(export_request()), "AuthFailure.SignatureExpire")


# ---------------------------------------------------------------------------------------------
# EnOS


def enos_call(stub, secret: str, timestamp_ms: int | None = None) -> dict:
    """listAssignedUser signed as the EnOS gateway documents it: apim-signature is the SHA-256
    (lowercase hex) of the access token, the query parameters sorted by name and written
    name+value, the body as sent, apim-timestamp and the app secret."""
    token = "access-token-from-apim-token-service"
    body = json.dumps({"userGroupId": support.ENOS_GROUP, "pagination": {"pageNo": 0, "pageSize": 10}})
    timestamp = str(int(time.time() * 1000) if timestamp_ms is None else timestamp_ms)
    params = "".join(f"{k}{v}" for k, v in sorted({"orgId": support.ENOS_ORG}.items()))
    signature = hashlib.sha256(f"{token}{params}{body}{timestamp}{secret}".encode()).hexdigest()
    with requests.Session() as session:
        session.trust_env = False
        response = session.post(
            f"{stub.base_url}{support.ENOS_PATH}?orgId={support.ENOS_ORG}",
            data=body.encode(),
            headers={
                "Content-Type": "application/json;charset=UTF-8",
                "apim-accesstoken": token,
                "apim-signature": signature,
                "apim-timestamp": timestamp,
            },
            timeout=30,
        )
    assert response.status_code == 200
    return response.json()


@pytest.mark.operation("listAssignedUser")
def test_enos_apim_signatures_are_checked(verifying_stub, dataset):
    answer = enos_call(verifying_stub, support.ENOS_APP_SECRET)
    assert answer["code"] == 0, answer
    expected = support.enos_group_users(dataset, support.ENOS_ORG, support.ENOS_GROUP)
    assert answer["data"]["pagination"]["totalElements"] == len(expected)
    wrong = enos_call(verifying_stub, "33333333-bbbb-4ddd-8eee-444444444445")
    assert wrong["code"] == support.ENOS_INVALID and wrong["data"] is None, wrong
    stale = enos_call(verifying_stub, support.ENOS_APP_SECRET, int(time.time() * 1000) - 6 * 60 * 1000)
    assert stale["code"] == support.ENOS_INVALID and "5 minutes" in stale["message"], stale


@pytest.mark.operation("listAssignedUser")
def test_poseidon_tokens_pass_by_their_form_only(verifying_stub):
    url = f"{verifying_stub.base_url}{support.ENOS_PATH}?orgId={support.ENOS_ORG}"
    body = {"userGroupId": support.ENOS_GROUP, "pagination": {"pageNo": 0, "pageSize": 10}}
    answer = poseidon.urlopen(support.ENOS_APP_KEY, support.ENOS_APP_SECRET, url, body, timeout=30)
    assert answer["code"] == 0, answer
    # The secret travels RSA-encrypted for EnOS alone: a wrong one cannot be told apart.
    other = poseidon.urlopen(support.ENOS_APP_KEY, "33333333-bbbb-4ddd-8eee-444444444445", url, body, timeout=30)
    assert other["code"] == 0, other
