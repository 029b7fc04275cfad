"""Huawei Cloud Workspace through huaweicloudsdkworkspace: ExportUserGroupUsersNew and
ExportUsersTemplate.

The export task id is opaque, so the tests check what DECISIONS.md promises about it: URL-safe
base64 that carries the task (its creation time included, so every export is a new task),
different when the request selects other users (the selections are computed from the dataset
with the filter rules DECISIONS.md states) or asks for another language. What the task exports
is checked through its file in test_export_flow.py.
"""

from __future__ import annotations

import pytest
from huaweicloudsdkworkspace.v2 import ExportUserGroupUsersNewRequest, ExportUsersTemplateRequest

import support
from conftest import build_workspace_client

PROJECT = support.WORKSPACE_PROJECT
EXPORT = "ExportUserGroupUsersNew"
TEMPLATE = "ExportUsersTemplate"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The request of the SDK research's capture (sdk-ground-truth.md §1.3), every parameter set.
CAPTURED = dict(
    group_id="grp-123",
    user_name="a b+c",
    user_names=["zed", "alice", "bob"],
    description="描述",
    active_type="USER_ACTIVATE",
    group_name="g1",
    language="en_US",
    enterprise_project_id="0",
)


def selected(dataset: dict, group_id: str, **filters) -> list:
    """The user names an export selects, by the rules of DECISIONS.md ("Workspace filters"):
    user_name and description are case-insensitive substrings, user_names any of the list,
    active_type, group_name and enterprise_project_id exact; language selects nothing."""
    group = support.workspace_group(dataset, PROJECT, group_id)

    def contains(text: str, key: str) -> bool:
        return key not in filters or filters[key].lower() in text.lower()

    def keeps(user: dict) -> bool:
        return (
            contains(user["user_name"], "user_name")
            and contains(user["description"], "description")
            and ("user_names" not in filters or user["user_name"] in filters["user_names"])
            and filters.get("active_type", user["active_type"]) == user["active_type"]
            and filters.get("group_name", group["group_name"]) == group["group_name"]
            and (
                "enterprise_project_id" not in filters
                or user.get("enterprise_project_id") == filters["enterprise_project_id"]
            )
        )

    return [u["user_name"] for u in group["users"] if keeps(u)]


def export(client, **fields) -> str:
    response = client.export_user_group_users_new(ExportUserGroupUsersNewRequest(**fields))
    assert response.status_code == 200
    body = response.to_json_object()
    assert set(body) == {"task_id"}, body
    assert response.task_id == body["task_id"]
    return response.task_id


def filters_of(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if k not in ("group_id", "language")}


# --------------------------------------------------------------------------------------------
# ExportUserGroupUsersNew: successes


@pytest.mark.operation(EXPORT)
@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(dict(group_id="grp-123"), id="no-filter"),
        pytest.param(dict(group_id="g1", user_names=["frossi"]), id="user_names"),
        pytest.param(CAPTURED, id="captured-all-parameters"),
    ],
)
def test_export_task_id_is_url_safe_base64(workspace, fields):
    first = export(workspace, **fields)
    assert support.TASK_ID.match(first), first


def _pairs(dataset):
    """Pairs of requests, by name; those on one group must select different users."""
    group = support.workspace_group(dataset, PROJECT, "grp-123")
    first_type = sorted({u["active_type"] for u in group["users"]})[0]
    other_type = "ADMIN_ACTIVATE" if first_type != "ADMIN_ACTIVATE" else "USER_ACTIVATE"
    # Non-ASCII descriptions of the group's users; the first and last select different users.
    chinese = sorted({u["description"] for u in group["users"] if any(ord(ch) > 127 for ch in u["description"])})

    def grp(**fields):
        return dict(group_id="grp-123", **fields)

    return {
        "user_names": (grp(user_names=["alice"]), grp(user_names=["bob"])),
        "user_names-subset": (grp(user_names=["alice", "bob"]), grp(user_names=["alice"])),
        "user_name": (grp(user_name="ALICE"), grp(user_name="bob")),
        "group": (grp(), dict(group_id="g1")),
        "active_type": (grp(active_type=first_type), grp(active_type=other_type)),
        "description-non-ascii": (grp(description=chinese[0]), grp(description=chinese[-1])),
        "group_name-confirms-or-excludes": (grp(group_name="g1"), grp(group_name="Sales")),
        # The captured request selects nobody (no user name contains "a b+c"); the variant
        # selects the captured user_names whose name contains "i" and description "实习".
        "captured-vs-variant": (
            CAPTURED,
            {**CAPTURED, "user_name": "i", "description": "实习"},
        ),
    }


PAIR_IDS = [
    "user_names",
    "user_names-subset",
    "user_name",
    "group",
    "active_type",
    "description-non-ascii",
    "group_name-confirms-or-excludes",
    "captured-vs-variant",
]


@pytest.mark.operation(EXPORT)
@pytest.mark.parametrize("pair", PAIR_IDS)
def test_export_task_id_differs_when_the_selection_differs(workspace, dataset, pair):
    a, b = _pairs(dataset)[pair]
    if a["group_id"] == b["group_id"]:
        selection_a = selected(dataset, a["group_id"], **filters_of(a))
        selection_b = selected(dataset, b["group_id"], **filters_of(b))
        assert selection_a != selection_b, "the dataset gives both requests the same users"
    assert export(workspace, **a) != export(workspace, **b)


@pytest.mark.operation(EXPORT)
def test_export_language_changes_the_task_id(workspace, dataset):
    # DECISIONS.md: language selects nothing but changes the file, and so the task id.
    assert selected(dataset, "grp-123", user_names=["alice"])
    english = export(workspace, group_id="grp-123", user_names=["alice"], language="en_US")
    chinese = export(workspace, group_id="grp-123", user_names=["alice"], language="zh_CN")
    assert english != chinese


@pytest.mark.operation(EXPORT)
def test_export_every_group_of_every_project(stub, dataset):
    # Each group of each project is found, and no two exports share a task id.
    ids = set()
    for project in dataset["huawei_workspace"]["projects"]:
        client = build_workspace_client(stub, project["project_id"])
        for group in project["user_groups"]:
            task_id = export(client, group_id=group["group_id"])
            assert support.TASK_ID.match(task_id)
            ids.add(task_id)
    assert len(ids) == sum(len(p["user_groups"]) for p in dataset["huawei_workspace"]["projects"])


# --------------------------------------------------------------------------------------------
# ExportUserGroupUsersNew: errors


@pytest.mark.operation(EXPORT)
def test_export_unknown_group_is_404(workspace, dataset):
    group = support.unused_name(support.workspace_group_ids(dataset, PROJECT), "no-such-group")
    support.huawei_error(
        lambda: workspace.export_user_group_users_new(ExportUserGroupUsersNewRequest(group_id=group)),
        404,
        support.WKS_NOT_FOUND,
    )


@pytest.mark.operation(EXPORT)
def test_export_unknown_project_is_404(stub, dataset):
    project = support.unused_name(support.workspace_project_ids(dataset), "0bec5db98280d2d02fd6c00c2de791cf")
    client = build_workspace_client(stub, project)
    support.huawei_error(
        lambda: client.export_user_group_users_new(ExportUserGroupUsersNewRequest(group_id="grp-123")),
        404,
        support.WKS_NOT_FOUND,
    )


@pytest.mark.operation(EXPORT)
@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(dict(active_type="SELF_ACTIVATE"), id="active_type-not-in-enum"),
        pytest.param(dict(language="fr_FR"), id="language-not-in-enum"),
        pytest.param(dict(language="en-US"), id="language-wrong-separator"),
    ],
)
def test_export_invalid_parameter_is_400(workspace, fields):
    support.huawei_error(
        lambda: workspace.export_user_group_users_new(ExportUserGroupUsersNewRequest(group_id="grp-123", **fields)),
        400,
        support.WKS_INVALID,
    )


@pytest.mark.operation(EXPORT)
def test_export_without_project_id_is_400(stub):
    # Credentials without a project: the SDK puts the literal {project_id} on the path.
    # DECISIONS.md: that placeholder is answered 400.
    client = build_workspace_client(stub, project_id=None)
    support.huawei_error(
        lambda: client.export_user_group_users_new(ExportUserGroupUsersNewRequest(group_id="grp-123")),
        400,
        support.WKS_INVALID,
    )


@pytest.mark.operation(EXPORT)
def test_export_with_a_non_huawei_authorization_is_401(workspace):
    # An Authorization the caller already set stops the SDK from signing; a Bearer token is
    # not a credential the Huawei gateway accepts.
    invoker = workspace.export_user_group_users_new_invoker(ExportUserGroupUsersNewRequest(group_id="grp-123"))
    invoker.add_header("Authorization", "Bearer not-a-huawei-credential")
    support.huawei_error(invoker.invoke, 401, support.WKS_NO_CREDENTIALS)


@pytest.mark.operation(EXPORT)
def test_export_without_any_credentials_is_401(stub, raw_http):
    # The SDK always signs, so this case goes around it.
    response = raw_http.request("GET", f"{stub.base_url}/v3/{PROJECT}/groups/grp-123/users/export")
    support.raw_huawei_error(response, 401, support.WKS_NO_CREDENTIALS)


@pytest.mark.operation(EXPORT)
def test_export_with_a_mismatched_x_project_id_is_400(stub, dataset, raw_http):
    # DECISIONS.md: X-Project-Id must equal the path's project. The SDK always overwrites the
    # header with the credentials' project, so this goes around it (with a token).
    other = next(p for p in sorted(support.workspace_project_ids(dataset)) if p != PROJECT)
    response = raw_http.request(
        "GET",
        f"{stub.base_url}/v3/{PROJECT}/groups/grp-123/users/export",
        headers={"X-Auth-Token": "MIIfake-token-value", "X-Project-Id": other},
    )
    support.raw_huawei_error(response, 400, support.WKS_INVALID)


@pytest.mark.operation(EXPORT)
def test_export_with_x_auth_token_is_accepted(workspace):
    invoker = workspace.export_user_group_users_new_invoker(ExportUserGroupUsersNewRequest(group_id="grp-123"))
    invoker.add_header("X-Auth-Token", "MIIfake-token-value")
    response = invoker.invoke()
    assert support.TASK_ID.match(response.task_id)


# --------------------------------------------------------------------------------------------
# ExportUsersTemplate

# DECISIONS.md ("Import template"): user name*, email*, mobile phone, description, account
# expiry date, plus initial password* for ADMIN_ACTIVATE. (prefix the English heading starts
# with, a word the Chinese heading contains, whether it is required)
COLUMNS = [
    ("user name", "用户名", True),
    ("email", "邮箱", True),
    ("mobile phone", "手机", False),
    ("description", "描述", False),
    ("account expiry date", "到期", False),
]
PASSWORD = ("initial password", "密码", True)


def template(client, recorder, **fields):
    response = client.export_users_template(ExportUsersTemplateRequest(**fields))
    assert response.status_code == 200
    return response, recorder.last


@pytest.mark.operation(TEMPLATE)
@pytest.mark.parametrize(
    "language, active_type",
    [
        (None, None),
        ("en_US", None),
        (None, "ADMIN_ACTIVATE"),
        ("en_US", "USER_ACTIVATE"),
        ("en_US", "ADMIN_ACTIVATE"),
        ("zh_CN", "USER_ACTIVATE"),
        ("zh_CN", "ADMIN_ACTIVATE"),
        ("zh_CN", None),
    ],
)
def test_template_is_an_xlsx_with_the_expected_header_row(workspace, workspace_recorder, language, active_type):
    fields = {k: v for k, v in dict(language=language, active_type=active_type).items() if v}
    response, raw = template(workspace, workspace_recorder, **fields)
    data = response.raw_content
    assert data[:4] == b"PK\x03\x04", data[:16]
    assert raw.headers.get("Content-Type", "").split(";")[0].strip() == XLSX_TYPE
    assert raw.headers.get("X-Request-Id")
    disposition = raw.headers.get("Content-Disposition", "")
    assert disposition.lower().startswith("attachment"), disposition
    # Defaults: English (DECISIONS.md) and USER_ACTIVATE (the SDK model's documented default).
    lang = language or "en_US"
    active = active_type or "USER_ACTIVATE"
    assert support.content_disposition_filename(disposition) == f"user_import_template_{lang}_{active}.xlsx"

    sheet = support.read_first_sheet(data)
    columns = COLUMNS + ([PASSWORD] if active == "ADMIN_ACTIVATE" else [])
    assert len(sheet.header) == len(columns), sheet.header
    for heading, (english, chinese, required) in zip(sheet.header, columns, strict=True):
        if lang == "zh_CN":
            assert chinese in heading, sheet.header
        else:
            assert heading.lower().startswith(english), sheet.header
        assert heading.endswith("*") == required, sheet.header
    assert sheet.name == ("用户" if lang == "zh_CN" else "Users")
    assert all(sheet.header_bold), "the header row is not bold"
    assert sheet.frozen_rows == 1, "the header row is not frozen"


@pytest.mark.operation(TEMPLATE)
def test_template_bytes_are_the_same_every_time(workspace, workspace_recorder):
    first, _ = template(workspace, workspace_recorder, language="zh_CN", active_type="ADMIN_ACTIVATE")
    again, _ = template(workspace, workspace_recorder, language="zh_CN", active_type="ADMIN_ACTIVATE")
    other, _ = template(workspace, workspace_recorder, language="en_US", active_type="ADMIN_ACTIVATE")
    assert first.raw_content == again.raw_content
    assert first.raw_content != other.raw_content


@pytest.mark.operation(TEMPLATE)
@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(dict(language="de_DE"), id="language-not-in-enum"),
        pytest.param(dict(active_type="user_activate"), id="active_type-lowercase"),
    ],
)
def test_template_invalid_parameter_is_400(workspace, fields):
    support.huawei_error(
        lambda: workspace.export_users_template(ExportUsersTemplateRequest(**fields)), 400, support.WKS_INVALID
    )


@pytest.mark.operation(TEMPLATE)
def test_template_unknown_project_is_404(stub, dataset):
    project = support.unused_name(support.workspace_project_ids(dataset), "ffffffffffffffffffffffffffffffff")
    client = build_workspace_client(stub, project)
    support.huawei_error(
        lambda: client.export_users_template(ExportUsersTemplateRequest(language="en_US")), 404, support.WKS_NOT_FOUND
    )


@pytest.mark.operation(TEMPLATE)
def test_template_with_a_non_huawei_authorization_is_401(workspace):
    invoker = workspace.export_users_template_invoker(ExportUsersTemplateRequest())
    invoker.add_header("Authorization", "Basic dXNlcjpwYXNz")
    support.huawei_error(invoker.invoke, 401, support.WKS_NO_CREDENTIALS)


@pytest.mark.operation(TEMPLATE)
def test_template_without_any_credentials_is_401(stub, raw_http):
    response = raw_http.request("GET", f"{stub.base_url}/v2/{PROJECT}/users/template/download")
    support.raw_huawei_error(response, 401, support.WKS_NO_CREDENTIALS)
