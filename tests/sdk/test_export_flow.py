"""The export flow end to end through the vendors' SDKs: start an export, poll its task until it
is done, download the file and read the workbook's rows, which must be exactly the records
the export's filters select from the dataset.

- Huawei Workspace: ExportUserGroupUsersNew, then ListExportTasks (task_id filter) until the
  status is SUCCESS, then DownloadExportFile.
- Tencent CWP: ExportAssetUserList, then ExportTasks until the status is FINISHED, then a plain
  GET of the DownloadUrl, which points back at the stub.

Expected rows come from the dataset (`--dump-fixtures`) and DECISIONS.md ("Export tasks": the
columns, the languages, the 500 ms default delay, `Prefer: task=fail`).
"""

from __future__ import annotations

import calendar
import json
import re
import time

import pytest
from huaweicloudsdkworkspace.v2 import (
    DownloadExportFileRequest,
    ExportUserGroupUsersNewRequest,
    ListExportTasksRequest,
)
from tencentcloud.cwp.v20180228 import models

import stub_process
import support
from conftest import build_cwp_client

PROJECT = support.WORKSPACE_PROJECT
GROUP = "grp-123"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The stub's default --task-delay (DECISIONS.md).
DEFAULT_DELAY_MS = 500
# How long a flow may wait for its task; the default delay is half a second.
POLL_TIMEOUT_S = 15.0
POLL_INTERVAL_S = 0.05

# Sheet names and headings (DECISIONS.md, "Export tasks"), from the data file all suites share.
WORKSPACE_SHEETS = {
    "en_US": stub_process.export_headings("huawei-workspace", "en"),
    "zh_CN": stub_process.export_headings("huawei-workspace", "zh"),
}
TENCENT_EN = stub_process.export_headings("tencent-cwp", "en")
TENCENT_ZH = stub_process.export_headings("tencent-cwp", "zh")


def until(read, done, what: str):
    """Calls `read` until `done(value)`; returns the values seen, in order."""
    seen = []
    deadline = time.monotonic() + POLL_TIMEOUT_S
    while True:
        value = read()
        seen.append(value)
        if done(value):
            return seen
        assert time.monotonic() < deadline, f"{what} not done after {POLL_TIMEOUT_S} s: {seen[-3:]}"
        time.sleep(POLL_INTERVAL_S)


def millis(text: str) -> int:
    """Milliseconds since the epoch of a `YYYY-MM-DDTHH:MM:SS.mmmZ` time."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z", text)
    assert match, f"not UTC with milliseconds: {text!r}"
    y, mo, d, h, mi, s, ms = (int(g) for g in match.groups())
    return calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0)) * 1000 + ms


# ---------------------------------------------------------------------------------------------
# Huawei Workspace


def workspace_rows(dataset: dict, names: list[str]) -> list[list[str]]:
    """DECISIONS.md columns for the group's users with these names, in group order."""
    group = support.workspace_group(dataset, PROJECT, GROUP)
    return [
        [
            u["user_name"],
            u["email"],
            u["phone"],
            u["description"],
            u["active_type"],
            u.get("enterprise_project_id") or "",
        ]
        for u in group["users"]
        if u["user_name"] in names
    ]


def start_workspace_export(client, prefer: str | None = None, **fields) -> str:
    invoker = client.export_user_group_users_new_invoker(ExportUserGroupUsersNewRequest(group_id=GROUP, **fields))
    if prefer:
        invoker.add_header("Prefer", prefer)
    task_id = invoker.invoke().task_id
    assert support.TASK_ID.match(task_id), task_id
    return task_id


def workspace_task(client, task_id: str):
    response = client.list_export_tasks(ListExportTasksRequest(task_id=task_id))
    assert response.count == 1, response
    return response.export_tasks[0]


def poll_workspace(client, task_id: str, final: str):
    seen = until(lambda: workspace_task(client, task_id), lambda t: t.status != "CREATING", "ListExportTasks")
    assert [t.status for t in seen[:-1]] == ["CREATING"] * (len(seen) - 1)
    assert seen[-1].status == final, seen[-1]
    return seen[-1]


def download_workspace(client, recorder, task_id: str):
    response = client.download_export_file(DownloadExportFileRequest(task_id=task_id))
    assert response.status_code == 200
    return response.raw_content, recorder.last


@pytest.mark.operation("DownloadExportFile")
@pytest.mark.parametrize("language", ["en_US", "zh_CN"])
def test_workspace_export_poll_and_download(workspace, workspace_recorder, dataset, language):
    names = ["alice", "bob"]
    task_id = start_workspace_export(workspace, user_names=names, language=language)
    task = poll_workspace(workspace, task_id, "SUCCESS")
    assert task.task_id == task_id
    # The default delay: the task ended half a second after it started.
    assert millis(task.end_time) - millis(task.create_time) == DEFAULT_DELAY_MS
    assert task.is_download is False

    data, raw = download_workspace(workspace, workspace_recorder, task_id)
    assert raw.headers.get("Content-Type", "").split(";")[0].strip() == XLSX_TYPE
    assert support.content_disposition_filename(raw.headers.get("Content-Disposition", "")) == task.file_name
    sheet, rows = support.read_rows(data)
    assert (sheet, rows[0]) == WORKSPACE_SHEETS[language]
    expected = workspace_rows(dataset, names)
    assert len(expected) == 2, "both anchor users are in the group"
    assert rows[1:] == expected
    assert workspace_task(workspace, task_id).is_download is True


@pytest.mark.operation("DownloadExportFile")
def test_workspace_user_names_in_any_order_export_the_same_rows(workspace, workspace_recorder):
    files = []
    for names in (["bob", "alice"], ["alice", "bob"]):
        task_id = start_workspace_export(workspace, user_names=names)
        poll_workspace(workspace, task_id, "SUCCESS")
        files.append(support.read_rows(download_workspace(workspace, workspace_recorder, task_id)[0])[1])
    assert files[0] == files[1]


@pytest.mark.operation("DownloadExportFile")
def test_workspace_download_before_success_or_of_an_unknown_task_fails(workspace):
    task_id = start_workspace_export(workspace)
    # Asked at once, the task is still running (the stub's delay is 500 ms) ...
    task = workspace_task(workspace, task_id)
    if task.status == "CREATING":
        support.huawei_error(
            lambda: workspace.download_export_file(DownloadExportFileRequest(task_id=task_id)),
            404,
            support.WKS_NOT_FOUND,
        )
    # ... and a task id the stub never issued names no task.
    support.huawei_error(
        lambda: workspace.download_export_file(DownloadExportFileRequest(task_id="no-such-task")),
        404,
        support.WKS_NOT_FOUND,
    )


@pytest.mark.operation("ListExportTasks")
def test_workspace_listing_finds_the_task_and_filters(workspace):
    task_id = start_workspace_export(workspace, user_names=["alice"])
    poll_workspace(workspace, task_id, "SUCCESS")
    everything = workspace.list_export_tasks(
        ListExportTasksRequest(limit=100, sort_field="create_time", sort_type="DESC")
    )
    assert task_id in [t.task_id for t in everything.export_tasks]
    assert everything.count >= 1
    failed = workspace.list_export_tasks(ListExportTasksRequest(task_id=task_id, status="FAIL"))
    assert (failed.count, failed.export_tasks) == (0, [])
    none = workspace.list_export_tasks(ListExportTasksRequest(task_id="no-such-task"))
    assert none.count == 0
    support.huawei_error(
        lambda: workspace.list_export_tasks(ListExportTasksRequest(limit=101)), 400, support.WKS_INVALID
    )


@pytest.mark.operation("ListExportTasks")
def test_workspace_prefer_task_fail_ends_in_fail(workspace):
    task_id = start_workspace_export(workspace, prefer="task=fail")
    task = poll_workspace(workspace, task_id, "FAIL")
    assert task.fail_reason and task.error_code, task
    support.huawei_error(
        lambda: workspace.download_export_file(DownloadExportFileRequest(task_id=task_id)), 404, support.WKS_NOT_FOUND
    )


# ---------------------------------------------------------------------------------------------
# Tencent CWP

# The SDK research's request: root and admin of quuid-1 who logged in on or after 2021-01-11,
# last login first.
CAPTURED = support.TENCENT_CAPTURED_EXPORT


def english_cwp(stub):
    """A CWP client that asks for English (X-TC-Language: en-US); the default is zh-CN."""
    return build_cwp_client(stub, language="en-US")


def start_tencent_export(client, body: dict, prefer: str | None = None) -> str:
    request = models.ExportAssetUserListRequest()
    request.from_json_string(json.dumps(body))
    if prefer:
        request.headers = {"Prefer": prefer}
    task_id = client.ExportAssetUserList(request).TaskId
    assert support.TASK_ID.match(task_id), task_id
    return task_id


def export_tasks(client, task_id: str):
    request = models.ExportTasksRequest()
    request.TaskId = task_id
    return client.ExportTasks(request)


def poll_tencent(client, task_id: str, final: str):
    seen = until(lambda: export_tasks(client, task_id), lambda r: r.Status != "PENDING", "ExportTasks")
    for pending in seen[:-1]:
        assert (pending.Status, pending.DownloadUrl) == ("PENDING", ""), pending
    assert seen[-1].Status == final, seen[-1]
    assert seen[-1].RequestId
    return seen[-1]


def tencent_rows(dataset: dict, body: dict) -> list[list[str]]:
    """DECISIONS.md columns for the accounts CAPTURED selects, in its order."""
    names = set(body["Filters"][0]["Values"])
    start = body["Filters"][1]["Values"][0]
    host = next(h for h in support.tencent_hosts(dataset) if h["quuid"] == body["Quuid"])
    accounts = [
        a for a in host["accounts"] if a["name"] in names and a.get("login_time") and a["login_time"][:10] >= start
    ]
    accounts.sort(key=lambda a: a["login_time"], reverse=True)

    def flag(value: bool) -> str:
        return "1" if value else "0"

    return [
        [
            host["quuid"],
            host["os_type"],
            a["name"],
            str(a["uid"]),
            str(a["guid"]),
            str(a["login_type"]),
            str(a["status"]),
            str(a["type"]),
            flag(a["is_domain"]),
            flag(a["is_root"]),
            flag(a["is_sudo"]),
            flag(a["is_ssh_login"]),
            str(a["shell_login_status"]),
            str(a["password_status"]),
            a["first_time"],
            a.get("login_time") or "",
            a["change_password_time"],
            a["password_dua_time"],
            str(a["password_lock_days"]),
        ]
        for a in accounts
    ]


def fetch(raw_http, url: str):
    """GETs a download URL as a browser would, without credentials. The URL takes none (it
    stands for a pre-signed one), so an answer asking for them, or any other error, fails."""
    answer = raw_http.request("GET", url)
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["Content-Type"] == XLSX_TYPE, answer.text[:300]
    return answer


@pytest.mark.operation("ExportTasks")
def test_tencent_export_poll_and_download(stub, raw_http, dataset):
    client = english_cwp(stub)
    task_id = start_tencent_export(client, CAPTURED)
    finished = poll_tencent(client, task_id, "FINISHED")
    assert finished.FileName.endswith(".xlsx")
    # The URL points back at the stub that answered.
    assert finished.DownloadUrl.startswith(f"{stub.base_url}/"), finished.DownloadUrl
    assert finished.DownloadUrl.endswith("/" + finished.FileName)

    answer = fetch(raw_http, finished.DownloadUrl)
    assert support.content_disposition_filename(answer.headers["Content-Disposition"]) == finished.FileName
    sheet, rows = support.read_rows(answer.content)
    assert (sheet, rows[0]) == TENCENT_EN
    expected = tencent_rows(dataset, CAPTURED)
    assert len(expected) == 2, "the anchor host's root and admin logged in after the date"
    assert rows[1:] == expected


@pytest.mark.operation("ExportTasks")
def test_tencent_default_language_is_chinese(cwp, raw_http):
    task_id = start_tencent_export(cwp, {"Quuid": "quuid-1"})
    finished = poll_tencent(cwp, task_id, "FINISHED")
    sheet, rows = support.read_rows(fetch(raw_http, finished.DownloadUrl).content)
    assert (sheet, rows[0]) == TENCENT_ZH


@pytest.mark.operation("ExportTasks")
def test_tencent_prefer_task_fail_ends_in_error(cwp):
    task_id = start_tencent_export(cwp, {}, prefer="task=fail")
    error = poll_tencent(cwp, task_id, "ERROR")
    assert error.DownloadUrl == ""


@pytest.mark.operation("ExportTasks")
def test_tencent_unknown_task_is_resource_not_found(cwp):
    support.tencent_error(lambda: export_tasks(cwp, "24563"), "ResourceNotFound")


@pytest.mark.operation("ExportTasks")
def test_tencent_download_url_needs_no_credentials(cwp, raw_http):
    task_id = start_tencent_export(cwp, {"Quuid": "quuid-1"})
    finished = poll_tencent(cwp, task_id, "FINISHED")
    # No Authorization header, no signature: the file still arrives.
    answer = raw_http.request("GET", finished.DownloadUrl)
    assert "Authorization" not in answer.request.headers
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["Content-Type"] == XLSX_TYPE, answer.text[:300]
