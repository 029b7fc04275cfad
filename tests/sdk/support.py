"""Helpers shared by the vendor SDK tests: fake credentials, the dataset lookups expectations
are computed from, and a small reader for the template workbook. Running the stub itself is
tests/python/stub_process.py's part.

Nothing here knows the stub's answers: expected values come from the dataset the stub
prints with `--dump-fixtures`, or from the vendor documents and DECISIONS.md.
"""

from __future__ import annotations

import io
import pathlib
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass

import pytest
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException

ROOT = pathlib.Path(__file__).resolve().parents[2]

# Fake credentials, the same shapes the SDK research used. The stub checks presence only.
HUAWEI_AK = "HWFAKEAK0000000000EX"
HUAWEI_SK = "HwFakeSecretKey0000000000000000000000000"
TENCENT_SECRET_ID = "AKIDFAKEFAKEFAKEFAKEFAKEFAKEFAKE1234"
TENCENT_SECRET_KEY = "FAKEsecretKEYfakeSECRETkeyFAKE12"
# poseidon derives a PIN from the second dash-separated part of both, so they must be
# UUID-shaped.
ENOS_APP_KEY = "11111111-aaaa-4bbb-8ccc-222222222222"
ENOS_APP_SECRET = "33333333-bbbb-4ddd-8eee-444444444444"

# Well-known ids every dataset holds (README, "What the stub serves").
WORKSPACE_PROJECT = "0bec5db98280d2d02fd6c00c2de791ce"
TENCENT_HOST = "quuid-1"
ENOS_ORG = "o15589000000001"
ENOS_GROUP = "your_user_group_id"
ENOS_PATH = "/app-portal-service/v2.3/userGroup/listAssignedUser"

# The ExportAssetUserList request of the SDK research's capture (sdk-ground-truth.md §3.3 a):
# two filters, a sort.
TENCENT_CAPTURED_EXPORT = {
    "Quuid": "quuid-1",
    "Filters": [
        {"Name": "Name", "Values": ["root", "admin"], "ExactMatch": True},
        {"Name": "LoginTimeStart", "Values": ["2021-01-11"]},
    ],
    "Order": "desc",
    "By": "LoginTime",
}

# Codes from README.md, "What failures look like".
WKS_INVALID = "WKS.00020400"
WKS_NOT_FOUND = "WKS.00020404"
WKS_NO_CREDENTIALS = "APIGW.0301"
CH_INVALID = "CH.004400"
CH_NOT_FOUND = "CH.004404"
CH_NO_CREDENTIALS = "DEV.00000003"
ENOS_INVALID = 31400
ENOS_NOT_FOUND = 31404

# DECISIONS.md, "Export tasks": a task id is URL-safe base64 (no padding) that carries the task,
# 25 to 45 characters with the default dataset; never more than 64 for the anchor groups.
TASK_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


# ---------------------------------------------------------------------------------------------
# Dataset lookups


def workspace_group(dataset: dict, project_id: str, group_id: str) -> dict:
    for project in dataset["huawei_workspace"]["projects"]:
        if project["project_id"] == project_id:
            for group in project["user_groups"]:
                if group["group_id"] == group_id:
                    return group
    raise LookupError(f"no Workspace group {project_id}/{group_id} in the dataset")


def workspace_project_ids(dataset: dict) -> set:
    return {p["project_id"] for p in dataset["huawei_workspace"]["projects"]}


def workspace_group_ids(dataset: dict, project_id: str) -> set:
    for project in dataset["huawei_workspace"]["projects"]:
        if project["project_id"] == project_id:
            return {g["group_id"] for g in project["user_groups"]}
    return set()


def codearts_group(dataset: dict, group_id: int) -> list:
    for group in dataset["huawei_codearts_repo"]["repository_groups"]:
        if group["group_id"] == group_id:
            return group["member_groups"]
    raise LookupError(f"no CodeArts repository group {group_id} in the dataset")


def codearts_group_ids(dataset: dict) -> set:
    return {g["group_id"] for g in dataset["huawei_codearts_repo"]["repository_groups"]}


def enos_org(dataset: dict, org_id: str) -> dict:
    for org in dataset["enos_app_portal"]["orgs"]:
        if org["org_id"] == org_id:
            return org
    raise LookupError(f"no EnOS org {org_id} in the dataset")


def enos_group_users(dataset: dict, org_id: str, group_id: str) -> list:
    for group in enos_org(dataset, org_id)["user_groups"]:
        if group["user_group_id"] == group_id:
            return group["users"]
    raise LookupError(f"no EnOS user group {org_id}/{group_id} in the dataset")


def tencent_hosts(dataset: dict) -> list:
    return dataset["tencent_cwp"]["hosts"]


def unused_name(taken: set, stem: str) -> str:
    """A name not in `taken`, so a "not found" case stays one whatever the dataset holds."""
    n = 0
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


# ---------------------------------------------------------------------------------------------
# The template workbook

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL_NS = {"r": "http://schemas.openxmlformats.org/package/2006/relationships"}


def _column_index(reference: str) -> int:
    letters = re.match(r"^([A-Z]+)", reference).group(1)
    index = 0
    for letter in letters:
        index = index * 26 + (ord(letter) - ord("A") + 1)
    return index - 1


def _text_of(node) -> str:
    # A shared string or inline string is a <t>, or runs <r><t>…</t></r>.
    return "".join(t.text or "" for t in node.iter(f"{{{_NS['m']}}}t"))


@dataclass
class FirstSheet:
    """What the tests read from a workbook: the first sheet's name, its first row (text and
    whether each cell is bold), and whether row 1 is frozen."""

    name: str
    header: list
    header_bold: list
    frozen_rows: int


def _open_first_sheet(data: bytes):
    """The workbook's archive, its sheet entries, the first sheet's XML and the shared strings."""
    book = zipfile.ZipFile(io.BytesIO(data))
    workbook = ET.fromstring(book.read("xl/workbook.xml"))
    sheets = workbook.findall("m:sheets/m:sheet", _NS)
    rel_id = sheets[0].get(_REL_NS)
    rels = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in rels.findall("r:Relationship", _PKG_REL_NS) if r.get("Id") == rel_id)
    sheet_path = target.lstrip("/") if target.startswith("/") else "xl/" + target

    shared = []
    if "xl/sharedStrings.xml" in book.namelist():
        sst = ET.fromstring(book.read("xl/sharedStrings.xml"))
        shared = [_text_of(si) for si in sst.findall("m:si", _NS)]
    return book, sheets, ET.fromstring(book.read(sheet_path)), shared


def _cell_text(cell, shared: list) -> str:
    """A cell's text: a shared or inline string, or the number as written ("" when empty)."""
    kind = cell.get("t")
    if kind == "s":
        return shared[int(cell.find("m:v", _NS).text)]
    if kind == "inlineStr":
        return _text_of(cell.find("m:is", _NS))
    value = cell.find("m:v", _NS)
    return value.text if value is not None else ""


def read_first_sheet(data: bytes) -> FirstSheet:
    """Reads the first worksheet of an .xlsx with nothing but zipfile and ElementTree."""
    book, sheets, root, shared = _open_first_sheet(data)

    bold_styles = set()
    if "xl/styles.xml" in book.namelist():
        styles = ET.fromstring(book.read("xl/styles.xml"))
        fonts = styles.findall("m:fonts/m:font", _NS)
        bold_fonts = {i for i, font in enumerate(fonts) if font.find("m:b", _NS) is not None}
        for i, xf in enumerate(styles.findall("m:cellXfs/m:xf", _NS)):
            if int(xf.get("fontId", "0")) in bold_fonts:
                bold_styles.add(i)

    cells = {}
    for row in root.findall("m:sheetData/m:row", _NS):
        if row.get("r") != "1":
            continue
        for cell in row.findall("m:c", _NS):
            bold = int(cell.get("s", "0")) in bold_styles
            cells[_column_index(cell.get("r"))] = (_cell_text(cell, shared), bold)
    width = max(cells) + 1 if cells else 0
    header = [cells.get(i, ("", False))[0] for i in range(width)]
    bold = [cells.get(i, ("", False))[1] for i in range(width)]

    frozen = 0
    pane = root.find("m:sheetViews/m:sheetView/m:pane", _NS)
    if pane is not None and pane.get("state") in ("frozen", "frozenSplit"):
        frozen = int(float(pane.get("ySplit", "0")))
    return FirstSheet(sheets[0].get("name"), header, bold, frozen)


def read_rows(data: bytes) -> tuple[str, list[list[str]]]:
    """The only sheet's name and every row as text (numbers as written, empty cells as "")."""
    _, sheets, root, shared = _open_first_sheet(data)
    assert len(sheets) == 1, "one sheet"
    rows = [
        {_column_index(cell.get("r")): _cell_text(cell, shared) for cell in row.findall("m:c", _NS)}
        for row in root.findall("m:sheetData/m:row", _NS)
    ]
    width = max((max(r) + 1 for r in rows if r), default=0)
    return sheets[0].get("name"), [[r.get(i, "") for i in range(width)] for r in rows]


# ---------------------------------------------------------------------------------------------
# Assertions on the SDKs' own errors


def huawei_error(call, status: int, code: str):
    """Runs `call`, which must raise the Huawei SDK's ClientRequestException with this HTTP
    status and error code, a message, and the request id the stub sent in X-Request-Id."""
    with pytest.raises(ClientRequestException) as info:
        call()
    error = info.value
    assert (error.status_code, error.error_code) == (status, code), str(error)
    assert error.error_msg, str(error)
    assert error.request_id, f"no X-Request-Id reached the SDK: {error}"
    return error


def raw_huawei_error(response, status: int, code: str) -> dict:
    """Checks an answer fetched around the SDKs: this HTTP status, the Huawei error body with
    this code and a message, and an X-Request-Id. Returns the body."""
    assert response.status_code == status, response.text[:300]
    body = response.json()
    assert body["error_code"] == code, body
    assert body["error_msg"], body
    assert response.headers.get("X-Request-Id")
    return body


def tencent_error(call, code: str):
    """Runs `call`, which must raise TencentCloudSDKException with this code, a message and a
    request id."""
    with pytest.raises(TencentCloudSDKException) as info:
        call()
    error = info.value
    assert error.get_code() == code, str(error)
    assert error.get_message(), str(error)
    assert error.get_request_id(), f"no RequestId: {error}"
    return error


def content_disposition_filename(value: str) -> str | None:
    match = re.search(r'filename\s*=\s*(?:"([^"]*)"|([^;\s]+))', value or "")
    return (match.group(1) or match.group(2)) if match else None
