"""Expected answers, computed from the stub's dataset (`stub-server --dump-fixtures`) and the
documents.

The export operations answer only a task id, which carries the task but is opaque to a client
(DECISIONS.md, "Task ids"). What an export selected is checked where a client sees it: in the
workbook the task's file holds. The functions below say which records an export must select,
in which order, and the rows DECISIONS.md ("Export files") promises for them; a list sent as
`a,b` instead of repeated keys, or a filter dropped on the way, selects other records and so
gives other rows.
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import stub_process

# An export task id: URL-safe base64 without padding, 25 to 45 characters with the default
# dataset (DECISIONS.md, "Task ids"; checked with some room).
TASK_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

# The task delay of a stub started without --task-delay (DECISIONS.md, "--task-delay").
TASK_DELAY_MS = 500


def now_ms() -> int:
    """This process's clock in milliseconds since the epoch, as the stub reads its own."""
    return time.time_ns() // 1_000_000


@dataclass
class Export:
    """An export task as created: its id and when the request was sent and answered (ms),
    which bound the creation time the stub gave it."""

    task_id: str
    sent_ms: int
    answered_ms: int


def file_time(created_ms: int) -> str:
    """The time part of an export file's name, `yyyyMMddTHHmmssSSSZ` in UTC (DECISIONS.md,
    "Export files")."""
    moment = datetime.datetime.fromtimestamp(created_ms // 1000, tz=datetime.UTC)
    return moment.strftime("%Y%m%dT%H%M%S") + f"{created_ms % 1000:03d}Z"


# ---------------------------------------------------------------------------------------------
# Huawei Workspace


def workspace_group(dataset: dict[str, Any], project_id: str, group_id: str) -> dict[str, Any]:
    for project in dataset["huawei_workspace"]["projects"]:
        if project["project_id"] == project_id:
            for group in project["user_groups"]:
                if group["group_id"] == group_id:
                    return group
    raise LookupError(f"the dataset has no Workspace group {project_id}/{group_id}")


def workspace_export_users(
    dataset: dict[str, Any],
    project_id: str,
    group_id: str,
    *,
    user_name: str | None = None,
    user_names: Sequence[str] | None = None,
    description: str | None = None,
    active_type: str | None = None,
    group_name: str | None = None,
    enterprise_project_id: str | None = None,
) -> list[dict[str, Any]]:
    """The users ExportUserGroupUsersNew exports, in group order (DECISIONS.md, "Workspace
    filters": substring matches ignore case, `user_names` is a set, the others are exact;
    `language` selects nothing)."""
    group = workspace_group(dataset, project_id, group_id)
    wanted_names = set(user_names) if user_names else None
    needle_name = user_name.lower() if user_name is not None else None
    needle_description = description.lower() if description is not None else None

    def keeps(user: dict[str, Any]) -> bool:
        return (
            (needle_name is None or needle_name in user["user_name"].lower())
            and (needle_description is None or needle_description in user["description"].lower())
            and (wanted_names is None or user["user_name"] in wanted_names)
            and (active_type is None or user["active_type"] == active_type)
            and (group_name is None or group_name == group["group_name"])
            and (
                enterprise_project_id is None
                or user.get("enterprise_project_id") == enterprise_project_id
            )
        )

    return [user for user in group["users"] if keeps(user)]


# Sheet name and headings of a Workspace export file, by file language (DECISIONS.md, "Export
# files (Workspace)"), from the data file all suites share.
WORKSPACE_SHEETS = {
    "en_US": stub_process.export_headings("huawei-workspace", "en"),
    "zh_CN": stub_process.export_headings("huawei-workspace", "zh"),
}


def workspace_rows(users: Iterable[dict[str, Any]]) -> list[list[str]]:
    """The rows of a Workspace export file for these users: user name, email, mobile phone,
    description, activation type and enterprise project ID (empty when none), all text."""
    return [
        [
            user["user_name"],
            user["email"],
            user["phone"],
            user["description"],
            user["active_type"],
            user.get("enterprise_project_id") or "",
        ]
        for user in users
    ]


# ---------------------------------------------------------------------------------------------
# Tencent CWP


def tencent_export_accounts(
    dataset: dict[str, Any],
    *,
    quuid: str | None = None,
    exact_names: Iterable[str] | None = None,
    by: str | None = None,
    order: str | None = None,
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The (host, account) pairs ExportAssetUserList exports, in export order, for requests
    with at most a `Quuid`, one `Name` filter with `ExactMatch: true`, and a sort
    (DECISIONS.md, "Tencent filters": stable sort, ascending unless `desc`, dataset order
    without `By`, accounts that never logged in sort first ascending)."""
    names = set(exact_names) if exact_names is not None else None
    rows: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for host in dataset["tencent_cwp"]["hosts"]:
        if quuid is not None and host["quuid"] != quuid:
            continue
        for account in host["accounts"]:
            if names is None or account["name"] in names:
                rows.append((host, account))
    if by is not None:
        field = {
            "FirstTime": "first_time",
            "LoginTime": "login_time",
            "ChangePasswordTime": "change_password_time",
            "PasswordDuaTime": "password_dua_time",
            "PasswordLockDays": "password_lock_days",
        }[by]

        def key(row: tuple[dict[str, Any], dict[str, Any]]) -> tuple[bool, Any]:
            value = row[1].get(field)
            return (value is not None, value if value is not None else 0)

        # Python's sort is stable also with reverse=True: equal keys keep dataset order.
        rows.sort(key=key, reverse=(order == "desc"))
    return rows


# Sheet name and headings of a Tencent export file in English (`X-TC-Language: en-US`;
# DECISIONS.md, "Export files (Tencent)"), from the data file all suites share.
TENCENT_SHEET_EN, TENCENT_HEADINGS_EN = stub_process.export_headings("tencent-cwp", "en")


def tencent_rows(pairs: Iterable[tuple[dict[str, Any], dict[str, Any]]]) -> list[list[str]]:
    """The rows of a Tencent export file for these (host, account) pairs, as the cells' text:
    host QUUID, OS type, name, UID and GID, the codes, the flags as 0/1, the four times (last
    login empty when never) and the days until the account is locked."""

    def flag(value: bool) -> str:
        return "1" if value else "0"

    return [
        [
            host["quuid"],
            host["os_type"],
            account["name"],
            str(account["uid"]),
            str(account["guid"]),
            str(account["login_type"]),
            str(account["status"]),
            str(account["type"]),
            flag(account["is_domain"]),
            flag(account["is_root"]),
            flag(account["is_sudo"]),
            flag(account["is_ssh_login"]),
            str(account["shell_login_status"]),
            str(account["password_status"]),
            account["first_time"],
            account.get("login_time") or "",
            account["change_password_time"],
            account["password_dua_time"],
            str(account["password_lock_days"]),
        ]
        for host, account in pairs
    ]


# ---------------------------------------------------------------------------------------------
# EnOS and CodeArts


def enos_group_users(
    dataset: dict[str, Any], org_id: str, user_group_id: str
) -> list[dict[str, Any]]:
    for org in dataset["enos_app_portal"]["orgs"]:
        if org["org_id"] == org_id:
            for group in org["user_groups"]:
                if group["user_group_id"] == user_group_id:
                    return group["users"]
    raise LookupError(f"the dataset has no EnOS group {org_id}/{user_group_id}")


def codearts_members(dataset: dict[str, Any], group_id: int) -> list[dict[str, Any]]:
    for group in dataset["huawei_codearts_repo"]["repository_groups"]:
        if group["group_id"] == group_id:
            return group["member_groups"]
    raise LookupError(f"the dataset has no CodeArts repository group {group_id}")


def codearts_unused_group_id(dataset: dict[str, Any]) -> int:
    """A valid repository group id (1 to 2^31 − 1) that the dataset does not hold."""
    used = {group["group_id"] for group in dataset["huawei_codearts_repo"]["repository_groups"]}
    return next(candidate for candidate in range(1, 1000) if candidate not in used)
