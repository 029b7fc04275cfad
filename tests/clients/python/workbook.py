"""Reads the `.xlsx` workbooks the stub serves (the import template and the export files) with
nothing but zipfile and ElementTree, so that the suite needs no spreadsheet package: the only
sheet's name and every row as the cells' text."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS = {"m": _MAIN}
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_RELS = {"r": "http://schemas.openxmlformats.org/package/2006/relationships"}


def _text(node: ET.Element) -> str:
    """The text of a shared or inline string: its `<t>` runs joined."""
    return "".join(t.text or "" for t in node.iter(f"{{{_MAIN}}}t"))


def _column(reference: str) -> int:
    """The zero-based column of a cell reference such as `C12`."""
    letters = re.match(r"^([A-Z]+)", reference)
    assert letters, f"not a cell reference: {reference!r}"
    index = 0
    for letter in letters.group(1):
        index = index * 26 + (ord(letter) - ord("A") + 1)
    return index - 1


def read_rows(data: bytes) -> tuple[str, list[list[str]]]:
    """The name of the workbook's only sheet and its rows, each cell as text: strings as
    written, numbers as their XML value (`1`, `30`), missing cells as "". Every row is as wide
    as the widest."""
    assert data.startswith(b"PK\x03\x04"), "an .xlsx file is a zip archive"
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        workbook = ET.fromstring(book.read("xl/workbook.xml"))
        sheets = workbook.findall("m:sheets/m:sheet", _NS)
        assert len(sheets) == 1, f"one sheet, not {len(sheets)}"
        relations = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
        target = next(
            r.get("Target") or ""
            for r in relations.findall("r:Relationship", _PACKAGE_RELS)
            if r.get("Id") == sheets[0].get(_REL_ID)
        )
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        shared: list[str] = []
        if "xl/sharedStrings.xml" in book.namelist():
            strings = ET.fromstring(book.read("xl/sharedStrings.xml"))
            shared = [_text(si) for si in strings.findall("m:si", _NS)]
        sheet = ET.fromstring(book.read(path))
    rows: list[dict[int, str]] = []
    for row in sheet.findall("m:sheetData/m:row", _NS):
        cells: dict[int, str] = {}
        for cell in row.findall("m:c", _NS):
            kind = cell.get("t")
            if kind == "s":
                text = shared[int(cell.findtext("m:v", namespaces=_NS) or "-1")]
            elif kind == "inlineStr":
                inline = cell.find("m:is", _NS)
                text = _text(inline) if inline is not None else ""
            else:
                text = cell.findtext("m:v", default="", namespaces=_NS)
            cells[_column(cell.get("r") or "")] = text
        rows.append(cells)
    width = max((max(cells) + 1 for cells in rows if cells), default=0)
    return sheets[0].get("name") or "", [[r.get(i, "") for i in range(width)] for r in rows]
