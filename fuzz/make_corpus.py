"""Writes the fuzz targets' seed corpus (fuzz/corpus/<target>/), committed so that every run,
the CI smoke run included, starts from real requests instead of an empty corpus.

    python3 fuzz/make_corpus.py

* signatures: requests the vendors' SDKs signed (crates/vendor-signatures/tests/data/*.jsonl,
  the first few of each vendor, with the clock at their signing time), in the target's text
  form, and malformed ones.
* requests: the well-formed request of each served operation (the input's first byte picks the
  operation, the second whether signatures are verified), and a few with edits.

The files are named after what they hold; rerunning the script rewrites the same bytes.
"""

from __future__ import annotations

import base64
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE.parent / "crates" / "vendor-signatures" / "tests" / "data"
# Captures per vendor: enough for each signing form, few enough to keep the corpus small.
PER_VENDOR = 6
# More than the operations the stub serves, so each one is picked (the index wraps around).
OPERATIONS = 12


def request_text(capture: dict) -> bytes:
    body = base64.b64decode(capture["body_b64"]) if capture.get("body_b64") else capture["body"].encode()
    head = [str(int(capture["ts"])), f"{capture['method']} {capture['target']}"]
    head += [f"{name}: {value}" for name, value in capture["headers"]]
    return ("\n".join(head) + "\n\n").encode() + body


def write(target: str, name: str, data: bytes) -> None:
    folder = HERE / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def signatures() -> None:
    for vendor in ("hw", "tc", "enos"):
        lines = (DATA / f"{vendor}.jsonl").read_text("utf-8").splitlines()
        for index, line in enumerate(lines[:PER_VENDOR]):
            write("signatures", f"sdk-{vendor}-{index:02}", request_text(json.loads(line)))
    signed = request_text(json.loads((DATA / "hw.jsonl").read_text("utf-8").splitlines()[0]))
    malformed = {
        "empty": b"",
        "clock-only": b"1795626764\n",
        "no-request-line": b"1795626764\n\n\nbody",
        "stale-clock": b"0" + signed[signed.index(b"\n") :],
        "truncated-signature": signed[: signed.index(b"Signature=") + 14] + b"\n\n",
        "bad-header-bytes": b"1795626764\nGET /x?a=%zz\nAuthorization: SDK-HMAC-SHA256 \xff\xfe\nX-Sdk-Date: 2026\n\n",
        "tc3-no-credential": b"1795626809\nPOST /\nAuthorization: TC3-HMAC-SHA256 SignedHeaders=host\nX-TC-Timestamp: x\n\n{}",
        "enos-bad-timestamp": b"1795627045\nPOST /a?orgId=o1\napim-accesstoken: t\napim-signature: s\napim-timestamp: -1\n\n{",
        "prefer-mixed": b"1\nGET /\nPrefer: task=fail, delay=10, code=500, code=abc\n\n",
    }
    for name, data in malformed.items():
        write("signatures", f"malformed-{name}", data)


def requests() -> None:
    for operation in range(OPERATIONS):
        write("requests", f"operation-{operation:02}", bytes([operation, 0]))
        write("requests", f"operation-{operation:02}-verify", bytes([operation, 1]))
    # Edits chosen by the bytes after the first two: any bytes make some list of edits.
    for index, tail in enumerate([b"\x01\x05\x00\xff/../x", b"\x01\x08\x02\x00\x00", b"\x01\x09{\"a\":[1,2]}"]):
        write("requests", f"edited-{index:02}", bytes([index, 0]) + tail)


if __name__ == "__main__":
    signatures()
    requests()
