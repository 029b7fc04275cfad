"""Tencent Cloud CWP through tencentcloud-sdk-python-cwp: ExportAssetUserList.

The TaskId is opaque; DECISIONS.md promises URL-safe base64 that carries the task (its
creation time included, so every export is a new task), different when the request selects
other accounts or another order. What the task exports is checked through its file in
test_export_flow.py. Where a test
relies on two requests selecting different accounts, the selections are computed from the
dataset with the matching rules DECISIONS.md states ("Tencent filters").
"""

from __future__ import annotations

import json

import pytest
from tencentcloud.cwp.v20180228 import models

import support
from conftest import build_cwp_client

OPERATION = "ExportAssetUserList"
pytestmark = pytest.mark.operation(OPERATION)

CAPTURED = support.TENCENT_CAPTURED_EXPORT


def typed(body: dict) -> models.ExportAssetUserListRequest:
    request = models.ExportAssetUserListRequest()
    request.from_json_string(json.dumps(body))
    return request


def task_id(client, body: dict) -> str:
    response = client.ExportAssetUserList(typed(body))
    assert response.RequestId
    assert isinstance(response.TaskId, str) and support.TASK_ID.match(response.TaskId), response.TaskId
    return response.TaskId


def selected(dataset: dict, body: dict) -> list:
    """(quuid, account name) pairs the request selects, for the filter keys the tests use to
    tell selections apart: Quuid, Name (substring, or exact with ExactMatch), Status, and
    LoginTimeStart/LoginTimeEnd (the last login's date, inclusive; never-logged-in accounts
    match no login-time filter)."""
    out = []
    for host in support.tencent_hosts(dataset):
        if "Quuid" in body and host["quuid"] != body["Quuid"]:
            continue
        for account in host["accounts"]:
            keep = True
            for f in body.get("Filters", []):
                name, values = f["Name"], f["Values"]
                login_day = (account.get("login_time") or "")[:10]
                if name == "Name":
                    keep &= any(account["name"] == v if f.get("ExactMatch") else v in account["name"] for v in values)
                elif name == "Status":
                    keep &= any(int(v) == account["status"] for v in values)
                elif name == "LoginTimeStart":
                    keep &= bool(login_day) and login_day >= min(values)
                elif name == "LoginTimeEnd":
                    keep &= bool(login_day) and login_day <= max(values)
                else:
                    raise AssertionError(f"selected() does not model filter {name}")
            if keep:
                out.append((host["quuid"], account["name"]))
    return out


# --------------------------------------------------------------------------------------------
# Successes


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({}, id="empty"),
        pytest.param(CAPTURED, id="captured-two-filters"),
        pytest.param({"Quuid": "quuid-1"}, id="quuid"),
    ],
)
def test_task_id_is_url_safe_base64(cwp, body):
    task_id(cwp, body)


def test_task_id_through_the_generic_json_call(cwp):
    answer = cwp.call_json("ExportAssetUserList", CAPTURED)
    assert set(answer["Response"]) == {"TaskId", "RequestId"}
    assert support.TASK_ID.match(answer["Response"]["TaskId"])


def _pairs(dataset):
    hosts = [h["quuid"] for h in support.tencent_hosts(dataset) if h["accounts"]]
    other_host = next(q for q in hosts if q != support.TENCENT_HOST)

    def exact(name):
        return {"Quuid": "quuid-1", "Filters": [{"Name": "Name", "Values": [name], "ExactMatch": True}]}

    def status(value):
        return {"Filters": [{"Name": "Status", "Values": [value]}]}

    later = {**CAPTURED, "Filters": [CAPTURED["Filters"][0], {"Name": "LoginTimeStart", "Values": ["2099-01-01"]}]}
    return {
        "name-root-vs-admin": (exact("root"), exact("admin")),
        "host": ({"Quuid": support.TENCENT_HOST}, {"Quuid": other_host}),
        "status": (status("0"), status("1")),
        "captured-vs-later-login": (CAPTURED, later),
        "substring-vs-exact": (
            {"Quuid": "quuid-1", "Filters": [{"Name": "Name", "Values": ["root"]}]},
            {"Quuid": "quuid-1", "Filters": [{"Name": "Name", "Values": ["roo"], "ExactMatch": True}]},
        ),
    }


@pytest.mark.parametrize(
    "pair", ["name-root-vs-admin", "host", "status", "captured-vs-later-login", "substring-vs-exact"]
)
def test_task_id_differs_when_the_selection_differs(cwp, dataset, pair):
    a, b = _pairs(dataset)[pair]
    assert selected(dataset, a) != selected(dataset, b), "the dataset gives both requests the same accounts"
    assert task_id(cwp, a) != task_id(cwp, b)


def test_sort_order_changes_the_task_id(cwp):
    # The same accounts, sorted the other way: another file, so another task.
    asc = task_id(cwp, {"Quuid": "quuid-1", "Order": "asc", "By": "FirstTime"})
    desc = task_id(cwp, {"Quuid": "quuid-1", "Order": "desc", "By": "FirstTime"})
    assert asc != desc


def test_unknown_host_is_an_empty_export_not_an_error(cwp, dataset):
    quuid = support.unused_name({h["quuid"] for h in support.tencent_hosts(dataset)}, "no-such-host")
    assert selected(dataset, {"Quuid": quuid}) == []
    task_id(cwp, {"Quuid": quuid})


VALID_VALUE = {
    "Name": "root",
    "Uid": "0",
    "Guid": "18446744073709551615",
    "LoginTimeStart": "2021-01-11",
    "LoginTimeEnd": "2030-12-31",
    "LoginType": "3",
    "OsType": "linux",
    "Status": "1",
    "Type": "2",
    "IsDomain": "0",
    "IsRoot": "1",
    "IsSudo": "1",
    "IsSshLogin": "1",
    "ShellLoginStatus": "0",
    "PasswordStatus": "4",
}


@pytest.mark.parametrize("name", list(VALID_VALUE))
def test_every_filter_key_is_accepted(cwp, name):
    task_id(cwp, {"Filters": [{"Name": name, "Values": [VALID_VALUE[name]], "ExactMatch": False}]})


@pytest.mark.parametrize("by", ["FirstTime", "LoginTime", "ChangePasswordTime", "PasswordDuaTime", "PasswordLockDays"])
def test_every_sort_field_is_accepted(cwp, by):
    task_id(cwp, {"Order": "asc", "By": by})


def test_five_filters_of_five_values_are_accepted(cwp):
    filters = [
        {"Name": "Name", "Values": ["root", "admin", "bin", "daemon", "sshd"]},
        {"Name": "Uid", "Values": ["0", "1", "2", "3", "4"]},
        {"Name": "LoginType", "Values": ["0", "1", "2", "3", "3"]},
        {"Name": "OsType", "Values": ["Windows", "Linux", "windows", "linux", "Linux"]},
        {"Name": "PasswordStatus", "Values": ["1", "2", "3", "4", "1"]},
    ]
    task_id(cwp, {"Filters": filters})


def test_non_ascii_name_value_is_accepted(cwp):
    # The SDK sends it as a \\u escape (json.dumps with ensure_ascii).
    task_id(cwp, {"Filters": [{"Name": "Name", "Values": ["管理员"]}]})


# --------------------------------------------------------------------------------------------
# Errors, raised by the SDK as TencentCloudSDKException


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"Filters": [{"Name": "Name", "Values": ["a", "b", "c", "d", "e", "f"]}]}, id="six-values"),
        pytest.param({"Filters": [{"Name": "Status", "Values": ["1"]}] * 6}, id="six-filters"),
        pytest.param({"Filters": [{"Name": "Status", "Values": ["9"]}]}, id="status-9"),
        pytest.param({"Filters": [{"Name": "Name", "Values": []}]}, id="no-values"),
        pytest.param({"Filters": [{"Name": "Shell", "Values": ["/bin/sh"]}]}, id="unknown-filter-key"),
        pytest.param({"Filters": [{"Name": "OsType", "Values": ["macOS"]}]}, id="os-type"),
        pytest.param({"Filters": [{"Name": "Uid", "Values": ["-1"]}]}, id="uid-negative"),
        pytest.param({"Filters": [{"Name": "Uid", "Values": ["18446744073709551616"]}]}, id="uid-over-64-bits"),
        pytest.param({"Order": "up"}, id="order"),
        pytest.param({"By": "Name"}, id="by"),
    ],
)
def test_invalid_values_are_invalid_parameter_value(cwp, body):
    support.tencent_error(lambda: cwp.ExportAssetUserList(typed(body)), "InvalidParameterValue")


@pytest.mark.parametrize(
    "values",
    [
        pytest.param({"LoginTimeStart": ["2021-02-30"]}, id="start-not-a-date"),
        pytest.param({"LoginTimeEnd": ["2021-13-01"]}, id="end-not-a-date"),
        pytest.param({"LoginTimeStart": ["2022-01-02"], "LoginTimeEnd": ["2022-01-01"]}, id="reversed"),
    ],
)
def test_bad_login_dates_are_invalid_parameter_date_range(cwp, values):
    body = {"Filters": [{"Name": k, "Values": v} for k, v in values.items()]}
    support.tencent_error(lambda: cwp.ExportAssetUserList(typed(body)), "InvalidParameter.DateRange")


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"Filters": [{"Values": ["root"]}]}, id="filter-without-name"),
        pytest.param({"Filters": [{"Name": "Name"}]}, id="filter-without-values"),
    ],
)
def test_missing_fields_are_missing_parameter(cwp, body):
    support.tencent_error(lambda: cwp.ExportAssetUserList(typed(body)), "MissingParameter")


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"Limit": 10}, id="top-level"),
        pytest.param({"Filters": [{"Name": "Name", "Values": ["root"], "Fuzzy": True}]}, id="in-filter"),
    ],
)
def test_unknown_fields_are_unknown_parameter(cwp, body):
    # The typed model drops unknown fields, so these go through the SDK's generic call.
    support.tencent_error(lambda: cwp.call_json("ExportAssetUserList", body), "UnknownParameter")


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"Filters": [{"Name": "Name", "Values": ["root"], "ExactMatch": "yes"}]}, id="exact-match-string"),
        pytest.param({"Filters": [{"Name": "Name", "Values": "root"}]}, id="values-not-a-list"),
        pytest.param({"Quuid": 5}, id="quuid-number"),
        pytest.param({"Filters": {"Name": "Name", "Values": ["root"]}}, id="filters-not-a-list"),
    ],
)
def test_wrong_types_are_invalid_parameter(cwp, body):
    support.tencent_error(lambda: cwp.call_json("ExportAssetUserList", body), "InvalidParameter")


@pytest.mark.parametrize(
    "req_method, sign_method",
    [
        pytest.param("GET", None, id="tc3-get"),
        pytest.param("POST", "HmacSHA256", id="legacy-hmacsha256-post"),
        pytest.param("GET", "HmacSHA1", id="legacy-hmacsha1-get"),
    ],
)
def test_get_and_legacy_signature_forms_are_unsupported_operation(stub, req_method, sign_method):
    # DECISIONS.md: the stub serves the POST JSON form only.
    client = build_cwp_client(stub, req_method=req_method, sign_method=sign_method)
    support.tencent_error(lambda: client.ExportAssetUserList(typed(CAPTURED)), "UnsupportedOperation")


def test_request_without_authorization_is_auth_failure(stub, raw_http):
    # The SDK refuses empty credentials before sending anything, so this goes around it.
    response = raw_http.request(
        "POST",
        f"{stub.base_url}/",
        data=b"{}",
        headers={
            "Content-Type": "application/json",
            "X-TC-Action": "ExportAssetUserList",
            "X-TC-Version": "2018-02-28",
            "X-TC-Timestamp": "1700000000",
        },
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    error = response.json()["Response"]["Error"]
    assert error["Code"] == "AuthFailure.InvalidAuthorization"
    assert response.json()["Response"]["RequestId"]
