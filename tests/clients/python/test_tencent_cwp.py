"""Tencent CWP through the client openapi-python-client generated from
openapi/tencent-cwp.json: ExportAssetUserList.

Every answer is HTTP 200; `response.parsed.response` is either the generated
`ExportAssetUserListResult` or `TencentErrorResult` (the document's `oneOf`)."""

from __future__ import annotations

import re
import time
from http import HTTPStatus
from typing import Any

import pytest
from tencent_cwp_client.api.asset_management import export_asset_user_list
from tencent_cwp_client.models import (
    Action,
    ApiVersion,
    ExportAssetUserListRequest,
    ExportAssetUserListResponse,
    ExportAssetUserListResult,
    Filter,
    FilterName,
    Order,
    SortBy,
    TcLanguage,
    TencentErrorResult,
)

import expected

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _call(client: Any, body: ExportAssetUserListRequest) -> Any:
    return export_asset_user_list.sync_detailed(
        client=client,
        body=body,
        x_tc_action=Action.EXPORTASSETUSERLIST,
        # The generator names the only value of this enum VALUE_0; the value reads better.
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


def _error(response: Any, code: str) -> TencentErrorResult:
    # Failures are HTTP 200 too: the error is in Response.Error.
    assert response.status_code == HTTPStatus.OK
    assert response.headers["Content-Type"] == "application/json"
    assert isinstance(response.parsed, ExportAssetUserListResponse)
    outcome = response.parsed.response
    assert isinstance(outcome, TencentErrorResult), response.content
    assert outcome.error.code == code
    assert outcome.error.message
    assert UUID.match(outcome.request_id)
    return outcome


@pytest.mark.operation("ExportAssetUserList")
def test_export_of_one_host_answers_the_task_of_its_accounts(tencent_client, dataset):
    response = _call(tencent_client, ExportAssetUserListRequest(quuid="quuid-1"))

    result = _result(response)
    task_id, accounts = expected.tencent_export_task_id(dataset, quuid="quuid-1")
    # Every dataset gives quuid-1 the accounts root and admin (DECISIONS.md, "Anchors").
    assert {"root", "admin"} <= {name for _, name in accounts}
    assert re.fullmatch(r"[1-9][0-9]*", result.task_id)
    assert int(result.task_id) < 2**53
    assert result.task_id == task_id


@pytest.mark.operation("ExportAssetUserList")
def test_export_with_an_exact_name_filter_and_a_sort_selects_those_accounts(
    tencent_client, dataset
):
    body = ExportAssetUserListRequest(
        filters=[Filter(name=FilterName.NAME, values=["root", "admin"], exact_match=True)],
        order=Order.DESC,
        by=SortBy.LOGINTIME,
    )

    result = _result(_call(tencent_client, body))

    task_id, accounts = expected.tencent_export_task_id(
        dataset, exact_names=["root", "admin"], by="LoginTime", order="desc"
    )
    assert ("quuid-1", "root") in accounts and ("quuid-1", "admin") in accounts
    assert result.task_id == task_id


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
