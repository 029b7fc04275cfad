"""Expected answers, computed from the stub's dataset (`stub-server --dump-fixtures`).

The export operations answer only a task id, which the stub derives from the request and the
records the export selects (DECISIONS.md, "Task ids"; crates/stub-data/src/ids.rs describes the
encoding). Deriving the id here from the dataset checks both which records the stub selected
and how the client put the request on the wire: a list sent as `a,b` instead of repeated keys,
or a filter dropped on the way, selects other records and so gives another id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any


class _Digest:
    """SHA-256 over tagged values: `s` + byte length + UTF-8 text, `n` + u64, `-` for absent,
    `l` + length before a list; lengths and numbers little-endian u64."""

    def __init__(self, operation: str) -> None:
        self._sha = hashlib.sha256()
        self.text(operation)

    def text(self, value: str) -> None:
        raw = value.encode("utf-8")
        self._sha.update(b"s" + len(raw).to_bytes(8, "little") + raw)

    def number(self, value: int) -> None:
        self._sha.update(b"n" + value.to_bytes(8, "little"))

    def optional(self, value: str | None) -> None:
        if value is None:
            self._sha.update(b"-")
        else:
            self.text(value)

    def list(self, length: int) -> None:
        self._sha.update(b"l" + length.to_bytes(8, "little"))

    def digest(self) -> bytes:
        return self._sha.digest()


def _uuid_v8(digest: bytes) -> str:
    raw = bytearray(digest[:16])
    raw[6] = (raw[6] & 0x0F) | 0x80
    raw[8] = (raw[8] & 0x3F) | 0x80
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def _decimal_below_2_53(digest: bytes) -> str:
    return str(int.from_bytes(digest[:8], "big") % (2**53 - 1) + 1)


# ---------------------------------------------------------------------------------------------
# Huawei Workspace


def workspace_group(dataset: dict[str, Any], project_id: str, group_id: str) -> dict[str, Any]:
    for project in dataset["huawei_workspace"]["projects"]:
        if project["project_id"] == project_id:
            for group in project["user_groups"]:
                if group["group_id"] == group_id:
                    return group
    raise LookupError(f"the dataset has no Workspace group {project_id}/{group_id}")


def workspace_export_task_id(
    dataset: dict[str, Any],
    project_id: str,
    group_id: str,
    *,
    user_name: str | None = None,
    user_names: Sequence[str] | None = None,
    description: str | None = None,
    active_type: str | None = None,
    group_name: str | None = None,
    language: str | None = None,
    enterprise_project_id: str | None = None,
) -> tuple[str, list[str]]:
    """The task id of ExportUserGroupUsersNew and the user names it exports (DECISIONS.md,
    "Workspace filters": substring matches ignore case, `user_names` is a set, the others are
    exact, and `language` selects nothing)."""
    group = workspace_group(dataset, project_id, group_id)
    wanted_names = sorted(set(user_names)) if user_names else None
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

    selected = [user["user_name"] for user in group["users"] if keeps(user)]

    d = _Digest("huawei_workspace/ExportUserGroupUsersNew")
    d.text(project_id)
    d.text(group_id)
    d.optional(needle_name)
    if wanted_names is None:
        d.optional(None)
    else:
        d.list(len(wanted_names))
        for name in wanted_names:
            d.text(name)
    d.optional(needle_description)
    d.optional(active_type)
    d.optional(group_name)
    d.optional(language)
    d.optional(enterprise_project_id)
    d.list(len(selected))
    for name in selected:
        d.text(name)
    return _uuid_v8(d.digest()), selected


# ---------------------------------------------------------------------------------------------
# Tencent CWP


def tencent_export_task_id(
    dataset: dict[str, Any],
    *,
    quuid: str | None = None,
    exact_names: Iterable[str] | None = None,
    by: str | None = None,
    order: str | None = None,
) -> tuple[str, list[tuple[str, str]]]:
    """The task id of ExportAssetUserList for requests with at most a `Quuid`, one `Name`
    filter with `ExactMatch: true`, and a sort; and the (quuid, account) pairs it exports in
    export order (DECISIONS.md, "Tencent filters": stable sort, ascending unless `desc`,
    dataset order without `By`, accounts that never logged in sort first ascending)."""
    names = sorted(set(exact_names)) if exact_names is not None else None
    rows: list[tuple[str, dict[str, Any]]] = []
    for host in dataset["tencent_cwp"]["hosts"]:
        if quuid is not None and host["quuid"] != quuid:
            continue
        for account in host["accounts"]:
            if names is None or account["name"] in names:
                rows.append((host["quuid"], account))
    if by is not None:
        field = {
            "FirstTime": "first_time",
            "LoginTime": "login_time",
            "ChangePasswordTime": "change_password_time",
            "PasswordDuaTime": "password_dua_time",
            "PasswordLockDays": "password_lock_days",
        }[by]

        def key(row: tuple[str, dict[str, Any]]) -> tuple[bool, Any]:
            value = row[1].get(field)
            return (value is not None, value if value is not None else 0)

        # Python's sort is stable also with reverse=True: equal keys keep dataset order.
        rows.sort(key=key, reverse=(order == "desc"))

    d = _Digest("tencent_cwp/ExportAssetUserList")
    d.optional(quuid)
    if names is None:
        d.list(0)
    else:
        d.list(1)
        d.text("Name")
        d.number(1)
        d.list(len(names))
        for name in names:
            d.text(name)
    d.optional(None if by is None else f"{by} {order or 'asc'}")
    d.list(len(rows))
    for host_quuid, account in rows:
        d.text(host_quuid)
        d.text(account["name"])
    return _decimal_below_2_53(d.digest()), [(q, a["name"]) for q, a in rows]


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
