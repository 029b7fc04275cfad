"""Huawei Workspace through the client openapi-python-client generated from
openapi/huawei-workspace.json: ExportUserGroupUsersNew, ExportUsersTemplate, and the export
center's ListExportTasks and DownloadExportFile.

An export's task id is opaque, so what an export selected is checked in its file: the tests
poll the task until it is done, download the workbook and compare its rows with the dataset.
The stub runs with its default task delay (500 ms, DECISIONS.md "--task-delay"), so each
followed export takes about half a second.
"""

from __future__ import annotations

import datetime
import time
import unicodedata
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import pytest
from huawei_workspace_client.api.export_center import download_export_file, list_export_tasks
from huawei_workspace_client.api.user import export_users_template
from huawei_workspace_client.api.user_group import export_user_group_users_new
from huawei_workspace_client.models import (
    ActiveType,
    ExportTaskItem,
    ExportTaskSortField,
    ExportTaskSortType,
    ExportTaskStatus,
    ExportUserGroupUsersResponse,
    Language,
    ListExportTasksResponse,
    WorkspaceError,
)
from huawei_workspace_client.types import File, Unset

import expected
import workbook

PROJECT = "0bec5db98280d2d02fd6c00c2de791ce"
GROUP = "grp-123"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A task id of the form the vendor's pages show, which the stub never issues.
FOREIGN_TASK_ID = "3f1f0e7c-6a7d-4b9e-9d1b-0c2f5a8e7d41"
POLL_INTERVAL_SECONDS = 0.1
POLL_TIMEOUT_SECONDS = 10.0
# Slack between this process's clock readings and the stub's, which read the same system
# clock but at other moments (and truncate to milliseconds).
MARGIN_MS = 5
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _ms(moment: datetime.datetime) -> int:
    return (moment - EPOCH) // datetime.timedelta(milliseconds=1)


def _unknown_project(dataset: dict[str, Any]) -> str:
    known = {project["project_id"] for project in dataset["huawei_workspace"]["projects"]}
    candidate = "f" * 32
    assert candidate not in known
    return candidate


def _assert_workspace_error(response: Any, status: HTTPStatus, code: str) -> WorkspaceError:
    assert response.status_code == status
    assert isinstance(response.parsed, WorkspaceError), response.content
    assert response.parsed.error_code == code
    assert response.parsed.error_msg
    assert response.headers.get("X-Request-Id")
    return response.parsed


# ---------------------------------------------------------------------------------------------
# Following an export: create, poll, download


@dataclass
class Poll:
    """One ListExportTasks answer for a task, and when it was asked and answered (ms)."""

    sent_ms: int
    answered_ms: int
    item: ExportTaskItem


def _export(client: Any, group: str = GROUP, **filters: Any) -> expected.Export:
    sent_ms = expected.now_ms()
    response = export_user_group_users_new.sync_detailed(PROJECT, group, client=client, **filters)
    answered_ms = expected.now_ms()
    assert response.status_code == HTTPStatus.OK, response.content
    assert isinstance(response.parsed, ExportUserGroupUsersResponse)
    assert response.headers.get("X-Request-Id")
    assert expected.TASK_ID.match(response.parsed.task_id), response.parsed.task_id
    return expected.Export(response.parsed.task_id, sent_ms, answered_ms)


def _poll(client: Any, export: expected.Export) -> list[Poll]:
    """Lists the task with `task_id=` until it leaves CREATING; every answer, in order."""
    polls: list[Poll] = []
    deadline = time.monotonic() + POLL_TIMEOUT_SECONDS
    while True:
        sent_ms = expected.now_ms()
        response = list_export_tasks.sync_detailed(PROJECT, client=client, task_id=export.task_id)
        answered_ms = expected.now_ms()
        assert response.status_code == HTTPStatus.OK, response.content
        assert isinstance(response.parsed, ListExportTasksResponse)
        assert response.headers.get("X-Request-Id")
        page = response.parsed
        assert page.count == 1 and len(page.export_tasks) == 1, response.content
        item = page.export_tasks[0]
        assert item.task_id == export.task_id
        polls.append(Poll(sent_ms, answered_ms, item))
        if item.status != ExportTaskStatus.CREATING:
            return polls
        assert isinstance(item.end_time, Unset), "no end time while CREATING"
        assert item.is_download is False
        assert time.monotonic() < deadline, f"still CREATING after {POLL_TIMEOUT_SECONDS} s"
        time.sleep(POLL_INTERVAL_SECONDS)


def _assert_lifecycle(
    export: expected.Export, polls: list[Poll], final: ExportTaskStatus
) -> ExportTaskItem:
    """The task was created while the export was answered, is CREATING for the delay and then
    `final`, with the end time and file name DECISIONS.md gives; returns the last item."""
    created_ms = _ms(polls[0].item.create_time)
    assert export.sent_ms - MARGIN_MS <= created_ms <= export.answered_ms + MARGIN_MS
    ends_ms = created_ms + expected.TASK_DELAY_MS
    for poll in polls:
        assert _ms(poll.item.create_time) == created_ms
        # Judged by the stub between sending and answering: before the end it must be
        # pending, after the end it must be done.
        if poll.answered_ms < ends_ms - MARGIN_MS:
            assert poll.item.status == ExportTaskStatus.CREATING, poll
        if poll.sent_ms > ends_ms + MARGIN_MS:
            assert poll.item.status == final, poll
    last = polls[-1].item
    assert last.status == final
    assert isinstance(last.end_time, datetime.datetime)
    assert _ms(last.end_time) == ends_ms
    assert last.file_name == f"user_group_users_{expected.file_time(created_ms)}.xlsx"
    return last


def _follow(client: Any, export: expected.Export) -> ExportTaskItem:
    """Polls the task to SUCCESS and checks its life on the way."""
    return _assert_lifecycle(export, _poll(client, export), ExportTaskStatus.SUCCESS)


def _download(client: Any, task_id: str, file_name: str) -> tuple[str, list[list[str]]]:
    """Downloads the task's file: the workbook's sheet name and rows."""
    response = download_export_file.sync_detailed(PROJECT, task_id, client=client)
    assert response.status_code == HTTPStatus.OK, response.content
    assert isinstance(response.parsed, File)
    assert response.headers["Content-Type"] == XLSX
    assert response.headers["Content-Disposition"] == f'attachment; filename="{file_name}"'
    assert response.headers.get("X-Request-Id")
    return workbook.read_rows(response.parsed.payload.read())


def _assert_file(
    sheet: str, rows: list[list[str]], language: str, users: list[dict[str, Any]]
) -> None:
    name, headings = expected.WORKSPACE_SHEETS[language]
    assert sheet == name
    assert rows[0] == headings
    assert rows[1:] == expected.workspace_rows(users)


@pytest.fixture(scope="module")
def failed_task(workspace_failing: Any, workspace_client: Any) -> ExportTaskItem:
    """A task created with `Prefer: task=fail`, polled until it ended."""
    export = _export(workspace_failing, user_names=["alice"])
    return _assert_lifecycle(export, _poll(workspace_client, export), ExportTaskStatus.FAIL)


# ---------------------------------------------------------------------------------------------
# ExportUserGroupUsersNew


@pytest.mark.operation("ExportUserGroupUsersNew")
def test_export_of_a_whole_group_exports_all_its_users(workspace_client, dataset):
    export = _export(workspace_client)

    item = _follow(workspace_client, export)
    sheet, rows = _download(workspace_client, export.task_id, item.file_name)
    # No filter: every user of the group; no language: English headings.
    users = expected.workspace_export_users(dataset, PROJECT, GROUP)
    assert len(users) == len(expected.workspace_group(dataset, PROJECT, GROUP)["users"])
    _assert_file(sheet, rows, "en_US", users)


@pytest.mark.operation("ExportUserGroupUsersNew")
def test_export_filtered_by_a_list_of_user_names_sends_repeated_keys(workspace_client, dataset):
    # Had the client joined the list into one value (`bob,alice`), the stub would have looked
    # for a user of that name and the file would hold nobody.
    export = _export(
        workspace_client,
        user_names=["bob", "alice"],
        language=Language.EN_US,
        x_project_id=PROJECT,
    )

    item = _follow(workspace_client, export)
    sheet, rows = _download(workspace_client, export.task_id, item.file_name)
    users = expected.workspace_export_users(dataset, PROJECT, GROUP, user_names=["bob", "alice"])
    assert [user["user_name"] for user in users] == ["alice", "bob"]
    _assert_file(sheet, rows, "en_US", users)


@pytest.mark.operation("ExportUserGroupUsersNew")
def test_export_with_a_project_header_unlike_the_path_is_a_400(workspace_client):
    response = export_user_group_users_new.sync_detailed(
        PROJECT, GROUP, client=workspace_client, x_project_id="another-project"
    )

    error = _assert_workspace_error(response, HTTPStatus.BAD_REQUEST, "WKS.00020400")
    assert "X-Project-Id" in error.error_msg


@pytest.mark.operation("ExportUserGroupUsersNew")
def test_export_of_an_unknown_group_is_a_404(workspace_client, dataset):
    known = {
        g["group_id"] for p in dataset["huawei_workspace"]["projects"] for g in p["user_groups"]
    }
    assert "no-such-group" not in known
    response = export_user_group_users_new.sync_detailed(
        PROJECT, "no-such-group", client=workspace_client, active_type=ActiveType.ADMIN_ACTIVATE
    )

    _assert_workspace_error(response, HTTPStatus.NOT_FOUND, "WKS.00020404")


@pytest.mark.operation("ExportUserGroupUsersNew")
def test_export_without_credentials_is_a_401(workspace_anonymous):
    response = export_user_group_users_new.sync_detailed(PROJECT, GROUP, client=workspace_anonymous)

    _assert_workspace_error(response, HTTPStatus.UNAUTHORIZED, "APIGW.0301")


# ---------------------------------------------------------------------------------------------
# ExportUsersTemplate


def _first_sheet(data: bytes) -> tuple[str, list[str]]:
    """The name of the workbook's only sheet and the texts of its first row."""
    name, rows = workbook.read_rows(data)
    assert rows, "the sheet has a header row"
    return name, rows[0]


def _has_cjk(text: str) -> bool:
    return any("CJK" in unicodedata.name(ch, "") for ch in text)


def _assert_template(response: Any, file_name: str) -> tuple[str, list[str]]:
    assert response.status_code == HTTPStatus.OK
    assert isinstance(response.parsed, File)
    assert response.headers["Content-Type"] == XLSX
    assert response.headers["Content-Disposition"] == f'attachment; filename="{file_name}"'
    return _first_sheet(response.parsed.payload.read())


@pytest.mark.operation("ExportUsersTemplate")
def test_template_without_parameters_is_the_english_user_activated_workbook(workspace_client):
    response = export_users_template.sync_detailed(PROJECT, client=workspace_client)

    # No language: English (DECISIONS.md); active_type defaults to USER_ACTIVATE.
    sheet, headings = _assert_template(response, "user_import_template_en_US_USER_ACTIVATE.xlsx")
    assert sheet == "Users"
    # User name*, email*, mobile phone, description, account expiry date.
    assert len(headings) == 5
    assert [h.endswith("*") for h in headings] == [True, True, False, False, False]
    assert not any(_has_cjk(h) for h in headings)


@pytest.mark.operation("ExportUsersTemplate")
def test_template_in_chinese_for_admin_activation_adds_the_password_column(workspace_client):
    response = export_users_template.sync_detailed(
        PROJECT,
        client=workspace_client,
        language=Language.ZH_CN,
        active_type=ActiveType.ADMIN_ACTIVATE,
        x_project_id=PROJECT,
    )

    sheet, headings = _assert_template(response, "user_import_template_zh_CN_ADMIN_ACTIVATE.xlsx")
    assert sheet == "用户"
    assert len(headings) == 6
    assert [h.endswith("*") for h in headings] == [True, True, False, False, False, True]
    assert all(_has_cjk(h) for h in headings)


@pytest.mark.operation("ExportUsersTemplate")
def test_template_with_a_project_header_unlike_the_path_is_a_400(workspace_client):
    response = export_users_template.sync_detailed(
        PROJECT, client=workspace_client, x_project_id="another-project"
    )

    error = _assert_workspace_error(response, HTTPStatus.BAD_REQUEST, "WKS.00020400")
    assert "X-Project-Id" in error.error_msg


@pytest.mark.operation("ExportUsersTemplate")
def test_template_of_an_unknown_project_is_a_404(workspace_client, dataset):
    response = export_users_template.sync_detailed(
        _unknown_project(dataset), client=workspace_client
    )

    _assert_workspace_error(response, HTTPStatus.NOT_FOUND, "WKS.00020404")


# ---------------------------------------------------------------------------------------------
# ListExportTasks


@pytest.mark.operation("ListExportTasks")
def test_list_follows_a_task_from_creating_to_success(workspace_client):
    export = _export(workspace_client, user_names=["alice"], language=Language.ZH_CN)

    polls = _poll(workspace_client, export)

    item = _assert_lifecycle(export, polls, ExportTaskStatus.SUCCESS)
    assert isinstance(item.fail_reason, Unset) and isinstance(item.error_code, Unset)
    assert item.is_download is False


@pytest.mark.operation("ListExportTasks")
def test_list_without_a_task_id_holds_the_tasks_of_this_stub_in_the_order_asked(
    workspace_client,
):
    export = _export(workspace_client, user_names=["bob"])
    _follow(workspace_client, export)

    response = list_export_tasks.sync_detailed(
        PROJECT,
        client=workspace_client,
        status=ExportTaskStatus.SUCCESS,
        sort_field=ExportTaskSortField.CREATE_TIME,
        sort_type=ExportTaskSortType.DESC,
        limit=100,
    )

    assert response.status_code == HTTPStatus.OK, response.content
    page = response.parsed
    assert isinstance(page, ListExportTasksResponse)
    assert export.task_id in [task.task_id for task in page.export_tasks]
    assert all(task.status == ExportTaskStatus.SUCCESS for task in page.export_tasks)
    times = [task.create_time for task in page.export_tasks]
    assert times == sorted(times, reverse=True), "newest first"
    assert page.count >= len(page.export_tasks)


@pytest.mark.operation("ListExportTasks")
def test_list_of_a_task_id_the_stub_did_not_issue_is_empty(workspace_client):
    response = list_export_tasks.sync_detailed(
        PROJECT, client=workspace_client, task_id=FOREIGN_TASK_ID
    )

    assert response.status_code == HTTPStatus.OK
    assert isinstance(response.parsed, ListExportTasksResponse)
    assert response.parsed.count == 0
    assert response.parsed.export_tasks == []


@pytest.mark.operation("ListExportTasks")
def test_list_reports_an_injected_failure(failed_task):
    # DECISIONS.md, "Injected failures": FAIL, with a reason and the internal error's code.
    assert failed_task.error_code == "WKS.00020500"
    assert isinstance(failed_task.fail_reason, str) and failed_task.fail_reason


@pytest.mark.operation("ListExportTasks")
def test_list_with_a_limit_above_100_is_a_400(workspace_client):
    # The generated client passes `limit` through unchecked; the stub refuses it.
    response = list_export_tasks.sync_detailed(PROJECT, client=workspace_client, limit=101)

    error = _assert_workspace_error(response, HTTPStatus.BAD_REQUEST, "WKS.00020400")
    assert "limit" in error.error_msg


@pytest.mark.operation("ListExportTasks")
def test_list_of_an_unknown_project_is_a_404(workspace_client, dataset):
    response = list_export_tasks.sync_detailed(_unknown_project(dataset), client=workspace_client)

    _assert_workspace_error(response, HTTPStatus.NOT_FOUND, "WKS.00020404")


# ---------------------------------------------------------------------------------------------
# DownloadExportFile


@pytest.mark.operation("DownloadExportFile")
def test_download_of_a_finished_task_is_the_workbook_of_its_users(workspace_client, dataset):
    export = _export(workspace_client, user_names=["alice", "bob"], language=Language.ZH_CN)
    item = _follow(workspace_client, export)

    sheet, rows = _download(workspace_client, export.task_id, item.file_name)

    users = expected.workspace_export_users(dataset, PROJECT, GROUP, user_names=["alice", "bob"])
    assert len(users) == 2
    _assert_file(sheet, rows, "zh_CN", users)
    # The listing now says the file was downloaded.
    page = list_export_tasks.sync(PROJECT, client=workspace_client, task_id=export.task_id)
    assert isinstance(page, ListExportTasksResponse)
    (after,) = page.export_tasks
    assert after.is_download is True


@pytest.mark.operation("DownloadExportFile")
def test_download_of_a_failed_task_is_a_404_naming_its_status(workspace_client, failed_task):
    response = download_export_file.sync_detailed(
        PROJECT, failed_task.task_id, client=workspace_client
    )

    error = _assert_workspace_error(response, HTTPStatus.NOT_FOUND, "WKS.00020404")
    assert "FAIL" in error.error_msg


@pytest.mark.operation("DownloadExportFile")
def test_download_of_a_task_the_stub_did_not_issue_is_a_404(workspace_client):
    response = download_export_file.sync_detailed(PROJECT, FOREIGN_TASK_ID, client=workspace_client)

    _assert_workspace_error(response, HTTPStatus.NOT_FOUND, "WKS.00020404")


@pytest.mark.operation("DownloadExportFile")
def test_download_without_credentials_is_a_401(workspace_anonymous):
    response = download_export_file.sync_detailed(
        PROJECT, FOREIGN_TASK_ID, client=workspace_anonymous
    )

    _assert_workspace_error(response, HTTPStatus.UNAUTHORIZED, "APIGW.0301")
