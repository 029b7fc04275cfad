"""Tencent CWP through the client openapi-python-client generated from
openapi/tencent-cwp.json: ExportAssetUserList and ExportTasks.

Every answer is HTTP 200; `response.parsed.response` is either the operation's generated
result (`ExportAssetUserListResult`, `ExportTasksResult`) or `TencentErrorResult` (the
document's `oneOf`).

The document writes ExportTasks at the path `/#ExportTasks`, as an OpenAPI path holds one
operation per method. The generated module keeps that path as its URL; httpx joins it to the
base URL by path only, so the fragment is dropped and the request goes to `POST /` with
`X-TC-Action: ExportTasks`, which the tests check on the request as httpx sent it.

An export's task id is opaque, so what an export selected is checked in its file: the tests
poll ExportTasks until the task is FINISHED, fetch DownloadUrl with a plain GET and compare
the workbook's rows with the dataset.
"""

from __future__ import annotations

import datetime
import re
import time
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import pytest
from tencent_cwp_client.api.asset_management import export_asset_user_list, export_tasks
from tencent_cwp_client.models import (
    Action,
    ApiVersion,
    ExportAssetUserListRequest,
    ExportAssetUserListResponse,
    ExportAssetUserListResult,
    ExportTasksAction,
    ExportTasksRequest,
    ExportTasksResponse,
    ExportTasksResult,
    ExportTasksStatus,
    Filter,
    FilterName,
    Order,
    SortBy,
    TcLanguage,
    TencentErrorResult,
)

import expected
import workbook

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# DECISIONS.md, "Export files (Tencent)": `asset_users_{yyyyMMddTHHmmssSSSZ}.xlsx`.
FILE_NAME = re.compile(r"^asset_users_(\d{8}T\d{6})(\d{3})Z\.xlsx$")
POLL_INTERVAL_SECONDS = 0.1
POLL_TIMEOUT_SECONDS = 10.0
# Slack between this process's clock readings and the stub's (see test_huawei_workspace.py).
MARGIN_MS = 5


def _call(client: Any, body: ExportAssetUserListRequest) -> Any:
    return export_asset_user_list.sync_detailed(
        client=client,
        body=body,
        x_tc_action=Action.EXPORTASSETUSERLIST,
        # The generator names the only value of this enum VALUE_0; the value reads better.
        x_tc_version=ApiVersion("2018-02-28"),
        x_tc_timestamp=int(time.time()),
        x_tc_region="ap-guangzhou",
        # Also the language of the export's file: English headings.
        x_tc_language=TcLanguage.EN_US,
    )


def _call_export_tasks(client: Any, task_id: str) -> Any:
    return export_tasks.sync_detailed(
        client=client,
        body=ExportTasksRequest(task_id=task_id),
        x_tc_action=ExportTasksAction.EXPORTTASKS,
        x_tc_version=ApiVersion("2018-02-28"),
        x_tc_timestamp=int(time.time()),
        x_tc_region="ap-guangzhou",
        x_tc_language=TcLanguage.EN_US,
    )


def _result(response: Any) -> ExportAssetUserListResult:
    assert response.status_code == HTTPStatus.OK
    assert isinstance(response.parsed, ExportAssetUserListResponse)
    outcome = response.parsed.response
    assert isinstance(outcome, ExportAssetUserListResult), response.content
    assert UUID.match(outcome.request_id)
    return outcome


def _error(
    response: Any, code: str, kind: type = ExportAssetUserListResponse
) -> TencentErrorResult:
    # Failures are HTTP 200 too: the error is in Response.Error.
    assert response.status_code == HTTPStatus.OK
    assert response.headers["Content-Type"] == "application/json"
    assert isinstance(response.parsed, kind)
    outcome = response.parsed.response
    assert isinstance(outcome, TencentErrorResult), response.content
    assert outcome.error.code == code
    assert outcome.error.message
    assert UUID.match(outcome.request_id)
    return outcome


def _assert_sent_to_root(last_request: Any) -> None:
    """The ExportTasks request went to `POST /`, fragment-free, with its action header."""
    request = last_request()
    assert request.method == "POST"
    assert request.url.raw_path == b"/", request.url
    assert request.url.fragment == ""
    assert request.headers["X-TC-Action"] == "ExportTasks"


# ---------------------------------------------------------------------------------------------
# Following an export: create, poll, download


@dataclass
class Poll:
    """One ExportTasks answer, and when it was asked and answered (ms)."""

    sent_ms: int
    answered_ms: int
    result: ExportTasksResult


def _export(client: Any, body: ExportAssetUserListRequest) -> expected.Export:
    sent_ms = expected.now_ms()
    result = _result(_call(client, body))
    answered_ms = expected.now_ms()
    assert expected.TASK_ID.match(result.task_id), result.task_id
    return expected.Export(result.task_id, sent_ms, answered_ms)


def _poll(client: Any, export: expected.Export, last_request: Any) -> list[Poll]:
    """Calls ExportTasks until the task leaves PENDING; every answer, in order."""
    polls: list[Poll] = []
    deadline = time.monotonic() + POLL_TIMEOUT_SECONDS
    while True:
        sent_ms = expected.now_ms()
        response = _call_export_tasks(client, export.task_id)
        answered_ms = expected.now_ms()
        _assert_sent_to_root(last_request)
        assert response.status_code == HTTPStatus.OK
        assert isinstance(response.parsed, ExportTasksResponse)
        result = response.parsed.response
        assert isinstance(result, ExportTasksResult), response.content
        assert UUID.match(result.request_id)
        polls.append(Poll(sent_ms, answered_ms, result))
        if result.status != ExportTasksStatus.PENDING:
            return polls
        assert result.download_url == "", "no URL while PENDING"
        assert time.monotonic() < deadline, f"still PENDING after {POLL_TIMEOUT_SECONDS} s"
        time.sleep(POLL_INTERVAL_SECONDS)


def _created_ms(file_name: str) -> int:
    """The creation time a file name carries."""
    match = FILE_NAME.match(file_name)
    assert match, f"not an export file name: {file_name!r}"
    moment = datetime.datetime.strptime(match.group(1), "%Y%m%dT%H%M%S")
    seconds = int(moment.replace(tzinfo=datetime.UTC).timestamp())
    return seconds * 1000 + int(match.group(2))


def _follow(client: Any, export: expected.Export, last_request: Any) -> ExportTasksResult:
    """Polls the task to FINISHED: the file name carries a creation time within the export's
    answer, the task is PENDING for the delay and FINISHED after it."""
    polls = _poll(client, export, last_request)
    file_name = polls[0].result.file_name
    assert isinstance(file_name, str)
    created_ms = _created_ms(file_name)
    assert export.sent_ms - MARGIN_MS <= created_ms <= export.answered_ms + MARGIN_MS
    ends_ms = created_ms + expected.TASK_DELAY_MS
    for poll in polls:
        assert poll.result.file_name == file_name
        if poll.answered_ms < ends_ms - MARGIN_MS:
            assert poll.result.status == ExportTasksStatus.PENDING, poll
        if poll.sent_ms > ends_ms + MARGIN_MS:
            assert poll.result.status == ExportTasksStatus.FINISHED, poll
    last = polls[-1].result
    assert last.status == ExportTasksStatus.FINISHED
    return last


def _fetch(
    plain_http: Any, stub: Any, export: expected.Export, result: ExportTasksResult
) -> list[list[str]]:
    """Fetches DownloadUrl, which points back at the stub (README, "Following an export to its
    file"), without credentials; the workbook's rows after checking its sheet and headings."""
    assert result.download_url == (
        f"{stub.base_url}/stub-downloads/tencent-cwp/{export.task_id}/{result.file_name}"
    )
    response = plain_http.get(result.download_url)
    assert response.status_code == HTTPStatus.OK, response.text
    assert response.headers["Content-Type"] == XLSX, response.text
    sheet, rows = workbook.read_rows(response.content)
    assert sheet == expected.TENCENT_SHEET_EN
    assert rows[0] == expected.TENCENT_HEADINGS_EN
    return rows[1:]


# ---------------------------------------------------------------------------------------------
# ExportAssetUserList


@pytest.mark.operation("ExportAssetUserList")
def test_export_of_one_host_exports_its_accounts(
    tencent_client, plain_http, stub, last_request, dataset
):
    export = _export(tencent_client, ExportAssetUserListRequest(quuid="quuid-1"))

    rows = _fetch(plain_http, stub, export, _follow(tencent_client, export, last_request))

    accounts = expected.tencent_export_accounts(dataset, quuid="quuid-1")
    # Every dataset gives quuid-1 the accounts root and admin (DECISIONS.md, "Anchors").
    assert {"root", "admin"} <= {account["name"] for _, account in accounts}
    assert rows == expected.tencent_rows(accounts)


@pytest.mark.operation("ExportAssetUserList")
def test_export_with_an_exact_name_filter_and_a_sort_selects_those_accounts(
    tencent_client, plain_http, stub, last_request, dataset
):
    body = ExportAssetUserListRequest(
        filters=[Filter(name=FilterName.NAME, values=["root", "admin"], exact_match=True)],
        order=Order.DESC,
        by=SortBy.LOGINTIME,
    )

    export = _export(tencent_client, body)
    rows = _fetch(plain_http, stub, export, _follow(tencent_client, export, last_request))

    accounts = expected.tencent_export_accounts(
        dataset, exact_names=["root", "admin"], by="LoginTime", order="desc"
    )
    pairs = [(host["quuid"], account["name"]) for host, account in accounts]
    assert ("quuid-1", "root") in pairs and ("quuid-1", "admin") in pairs
    assert rows == expected.tencent_rows(accounts)


@pytest.mark.operation("ExportAssetUserList")
def test_export_with_six_values_in_a_filter_is_invalid_parameter_value(tencent_client):
    # The generated Filter model does not check maxItems; the stub does.
    body = ExportAssetUserListRequest(
        filters=[Filter(name=FilterName.NAME, values=["a", "b", "c", "d", "e", "f"])]
    )

    error = _error(_call(tencent_client, body), "InvalidParameterValue")
    assert "Filters.0.Values" in error.error.message


@pytest.mark.operation("ExportAssetUserList")
def test_export_with_a_non_numeric_uid_is_invalid_parameter_value(tencent_client):
    # The per-key value rules are `if`/`then` schemas in Filter's `allOf`; the generated model
    # has no trace of them (see the report), so only the stub can refuse this value.
    body = ExportAssetUserListRequest(filters=[Filter(name=FilterName.UID, values=["abc"])])

    error = _error(_call(tencent_client, body), "InvalidParameterValue")
    assert "Filters.0.Values.0" in error.error.message


@pytest.mark.operation("ExportAssetUserList")
def test_export_without_a_signature_is_an_auth_failure(stub):
    import tencent_cwp_client

    anonymous = tencent_cwp_client.Client(**stub.client_args())

    _error(_call(anonymous, ExportAssetUserListRequest()), "AuthFailure.InvalidAuthorization")


# ---------------------------------------------------------------------------------------------
# ExportTasks


@pytest.mark.operation("ExportTasks")
def test_export_tasks_follows_a_task_to_its_download_url(
    tencent_client, plain_http, stub, last_request, dataset
):
    body = ExportAssetUserListRequest(
        quuid="quuid-1",
        filters=[Filter(name=FilterName.NAME, values=["admin", "root"], exact_match=True)],
    )
    export = _export(tencent_client, body)

    result = _follow(tencent_client, export, last_request)

    rows = _fetch(plain_http, stub, export, result)
    # No `By`: dataset order.
    accounts = expected.tencent_export_accounts(
        dataset, quuid="quuid-1", exact_names=["admin", "root"]
    )
    assert len(accounts) == 2
    assert rows == expected.tencent_rows(accounts)


@pytest.mark.operation("ExportTasks")
def test_export_tasks_of_a_task_the_stub_did_not_issue_is_resource_not_found(
    tencent_client, last_request
):
    # The vendor's example id, which the stub never issues.
    response = _call_export_tasks(tencent_client, "24563")

    _assert_sent_to_root(last_request)
    _error(response, "ResourceNotFound", ExportTasksResponse)


@pytest.mark.operation("ExportTasks")
def test_export_tasks_without_a_signature_is_an_auth_failure(stub):
    import tencent_cwp_client

    anonymous = tencent_cwp_client.Client(**stub.client_args())

    _error(
        _call_export_tasks(anonymous, "24563"),
        "AuthFailure.InvalidAuthorization",
        ExportTasksResponse,
    )
