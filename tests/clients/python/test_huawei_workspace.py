"""Huawei Workspace through the client openapi-python-client generated from
openapi/huawei-workspace.json: ExportUserGroupUsersNew and ExportUsersTemplate."""

from __future__ import annotations

import io
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from http import HTTPStatus
from typing import Any

import pytest
from huawei_workspace_client.api.user import export_users_template
from huawei_workspace_client.api.user_group import export_user_group_users_new
from huawei_workspace_client.models import (
    ActiveType,
    ExportUserGroupUsersResponse,
    Language,
    WorkspaceError,
)
from huawei_workspace_client.types import File

import expected

PROJECT = "0bec5db98280d2d02fd6c00c2de791ce"
GROUP = "grp-123"
# A version 8 UUID, lowercase (DECISIONS.md, "Task ids").
UUID_V8 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
# ExportUserGroupUsersNew


@pytest.mark.operation("ExportUserGroupUsersNew")
def test_export_of_a_whole_group_answers_the_task_of_all_its_users(workspace_client, dataset):
    response = export_user_group_users_new.sync_detailed(PROJECT, GROUP, client=workspace_client)

    assert response.status_code == HTTPStatus.OK
    assert isinstance(response.parsed, ExportUserGroupUsersResponse)
    task_id, users = expected.workspace_export_task_id(dataset, PROJECT, GROUP)
    assert len(users) == len(expected.workspace_group(dataset, PROJECT, GROUP)["users"])
    assert UUID_V8.match(response.parsed.task_id)
    assert response.parsed.task_id == task_id
    assert response.headers.get("X-Request-Id")


@pytest.mark.operation("ExportUserGroupUsersNew")
def test_export_filtered_by_a_list_of_user_names_sends_repeated_keys(workspace_client, dataset):
    # The id covers the selection: had the client joined the list into one value
    # (`bob,alice`), the stub would have looked for a user of that name and selected nobody.
    response = export_user_group_users_new.sync_detailed(
        PROJECT,
        GROUP,
        client=workspace_client,
        user_names=["bob", "alice"],
        language=Language.EN_US,
        x_project_id=PROJECT,
    )

    assert response.status_code == HTTPStatus.OK
    assert isinstance(response.parsed, ExportUserGroupUsersResponse)
    task_id, users = expected.workspace_export_task_id(
        dataset, PROJECT, GROUP, user_names=["bob", "alice"], language="en_US"
    )
    assert users == ["alice", "bob"]
    assert response.parsed.task_id == task_id


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


def _first_sheet(workbook: bytes) -> tuple[str, list[str]]:
    """The name of the workbook's first sheet and the texts of its first row."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        book = ET.fromstring(archive.read("xl/workbook.xml"))
        sheets = book.findall("m:sheets/m:sheet", ns)
        assert len(sheets) == 1, "the template has one sheet"
        name = sheets[0].get("name") or ""
        assert sheets[0].get(rel)
        shared: list[str] = []
        if "xl/sharedStrings.xml" in archive.namelist():
            strings = ET.fromstring(archive.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")) for si in strings]
        sheet = ET.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    row = sheet.find("m:sheetData/m:row[@r='1']", ns)
    assert row is not None, "the sheet has a header row"
    texts = []
    for cell in row.findall("m:c", ns):
        if cell.get("t") == "s":
            texts.append(shared[int(cell.findtext("m:v", namespaces=ns) or "-1")])
        else:
            texts.append("".join(t.text or "" for t in cell.iter(f"{{{ns['m']}}}t")))
    return name, texts


def _has_cjk(text: str) -> bool:
    return any("CJK" in unicodedata.name(ch, "") for ch in text)


def _assert_template(response: Any, file_name: str) -> tuple[str, list[str]]:
    assert response.status_code == HTTPStatus.OK
    assert isinstance(response.parsed, File)
    assert response.headers["Content-Type"] == XLSX
    assert response.headers["Content-Disposition"] == f'attachment; filename="{file_name}"'
    workbook = response.parsed.payload.read()
    assert workbook.startswith(b"PK\x03\x04"), "an .xlsx file is a zip archive"
    return _first_sheet(workbook)


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
