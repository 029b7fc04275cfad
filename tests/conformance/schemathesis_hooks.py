"""Schemathesis hooks for the conformance run against the stub server.

Loaded by `run_conformance.py` through SCHEMATHESIS_HOOKS. Three things live here:

1. `before_call` keeps the Huawei Workspace header `X-Project-Id` equal to the path's
   `project_id`. The document states that rule in words (a mismatch is answered 400), but a
   parameter schema cannot refer to another parameter, so the generator would otherwise send
   mismatching pairs that are valid per schema and are, correctly, refused.

2. Vendor-envelope versions of the status-based checks. Tencent CWP and EnOS answer every
   failure with HTTP 200 and put the error in the body (`Response.Error.Code`, `code`); that is
   what their SDKs require (see DECISIONS.md). Schemathesis's `negative_data_rejection`,
   `positive_data_acceptance`, `missing_required_header`, `not_a_server_error` and
   `unsupported_method` read only the HTTP status, so for those two vendors they are switched
   off in schemathesis.toml and replaced by the `vendor_*` checks below. Those read the status
   the envelope stands for (table `_tencent_status` / `_enos_status`) and then run the very same
   built-in check on that view of the response, so the built-ins' rules (which mutations count
   as invalid, which statuses are accepted) still apply. For the Huawei operations they do
   nothing: the built-ins run there as they are.

3. `filter_failure` drops one false report of `negative_data_rejection`: a request whose only
   fault is an extra, undocumented header. Servers ignore headers they do not know (HTTP says
   so), and schemathesis means to skip that case, but it re-validates header values as the
   strings they are on the wire, so next to an integer header such as `X-TC-Timestamp` it
   takes the request for one with a second, real fault.

4. `credentials_enforced`, which replaces the built-in `ignored_auth` for every vendor. The stub
   checks that credentials are present and well formed, and deliberately verifies no token or
   signature (README, "Credentials"). `ignored_auth` also probes with a well-formed but wrong
   token, which only a real IAM could refuse. This check probes, once per operation, what the
   stub does promise: a request without any credentials, and one whose `Authorization` header
   does not use the vendor's scheme, must be refused in the vendor's envelope (Huawei: HTTP 401
   with an error code the document lists for 401; Tencent: an `AuthFailure` code; EnOS: the
   code of the document's `InvalidRequest` example), and each refusal must conform to the
   document (status code, content type, schema).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, MutableMapping
from typing import Any
from urllib.parse import unquote

import schemathesis
from schemathesis import checks as core_checks
from schemathesis.core.failures import AcceptedNegativeData
from schemathesis.generation.meta import CoverageScenario
from schemathesis.specs.openapi import checks as openapi_checks
from schemathesis.specs.openapi._auth_retry import send_probe

# operationId -> vendor envelope family.
VENDORS = {
    "ExportUserGroupUsersNew": "huawei",
    "ExportUsersTemplate": "huawei",
    "ListExportTasks": "huawei",
    "DownloadExportFile": "huawei",
    "ListGroupUserGroups": "huawei",
    "ExportAssetUserList": "tencent",
    "ExportTasks": "tencent",
    "listAssignedUser": "enos",
}

# Every header that carries a credential for one of the vendors.
CREDENTIAL_HEADERS = {"x-auth-token", "authorization", "apim-accesstoken", "x-sdk-date"}

# An Authorization value in no vendor's scheme.
FOREIGN_AUTHORIZATION = "Bearer SCHEMATHESIS-INVALID-VALUE"


def operation_id(case: Any) -> str | None:
    return case.operation.definition.raw.get("operationId")


def vendor_of(case: Any) -> str | None:
    return VENDORS.get(operation_id(case) or "")


# --------------------------------------------------------------------------------------------
# 1. X-Project-Id follows project_id
# --------------------------------------------------------------------------------------------


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    headers = case.headers
    path = case.path_parameters
    if not isinstance(headers, MutableMapping) or not isinstance(path, Mapping):
        return
    names = [name for name in headers if name.lower() == "x-project-id"]
    if not names or path.get("project_id") is None:
        return
    # Path parameters are kept percent-encoded; the stub compares the decoded value.
    project = unquote(str(path["project_id"]))
    for name in names:
        if project.isascii() and project.isprintable() and project.strip() == project:
            headers[name] = project
        else:
            # Not sendable as a header value: leave the optional header out.
            del headers[name]


# --------------------------------------------------------------------------------------------
# 2. Status-based checks for the HTTP-200 envelopes
# --------------------------------------------------------------------------------------------


def _json(response: Any) -> Any:
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None


def _tencent_status(body: Any) -> int | None:
    """The HTTP status a Tencent `Response` envelope stands for."""
    if not isinstance(body, dict) or not isinstance(body.get("Response"), dict):
        return None
    error = body["Response"].get("Error")
    if error is None:
        return 200
    code = str(error.get("Code", "")) if isinstance(error, dict) else ""
    if code.startswith("AuthFailure"):
        return 401
    if code.startswith("UnauthorizedOperation"):
        return 403
    if code.startswith("ResourceNotFound"):
        return 404
    if code == "UnsupportedOperation":
        return 405
    if code.startswith("RequestLimitExceeded"):
        return 429
    if code.startswith(("InternalError", "FailedOperation", "ResourceUnavailable")):
        return 500
    # MissingParameter, UnknownParameter, InvalidParameter*, InvalidParameterValue*,
    # InvalidAction, NoSuchVersion and anything else the caller got wrong.
    return 400


def _enos_status(body: Any) -> int | None:
    """The HTTP status an EnOS `{code, message, data}` envelope stands for."""
    if not isinstance(body, dict) or "code" not in body:
        return None
    code = body["code"]
    if code == 0:
        return 200
    if isinstance(code, int) and 31400 <= code < 31600:
        return code - 31000
    return 400


def envelope_view(case: Any, response: Any) -> Any | None:
    """The response with the status its envelope stands for, or None for other vendors."""
    vendor = vendor_of(case)
    if vendor not in ("tencent", "enos") or response.status_code != 200:
        return None
    body = _json(response)
    status = _tencent_status(body) if vendor == "tencent" else _enos_status(body)
    if status is None:
        return None
    view = copy.copy(response)
    view.status_code = status
    return view


def _through_envelope(builtin: Any) -> Any:
    def check(ctx: Any, response: Any, case: Any) -> bool | None:
        view = envelope_view(case, response)
        if view is None:
            return None
        return builtin(ctx, view, case)

    return check


def _register(name: str, builtin: Any) -> None:
    check = _through_envelope(builtin)
    check.__name__ = name
    check.__doc__ = f"`{builtin.__name__}` on the status a Tencent/EnOS envelope stands for."
    schemathesis.check(check)


_register("vendor_negative_data_rejection", openapi_checks.negative_data_rejection)
_register("vendor_positive_data_acceptance", openapi_checks.positive_data_acceptance)
_register("vendor_missing_required_header", openapi_checks.missing_required_header)
_register("vendor_not_a_server_error", core_checks.not_a_server_error)


@schemathesis.check
def vendor_unsupported_method(ctx: Any, response: Any, case: Any) -> bool | None:
    """An undocumented method must be refused in the envelope.

    Tencent has a code for it (`UnsupportedOperation`); EnOS has only its invalid-request code
    31400. The built-in check also wants an `Allow` header with a 405, which an HTTP 200
    envelope does not carry.
    """
    vendor = vendor_of(case)
    meta = case.meta
    if vendor not in ("tencent", "enos") or meta is None:
        return None
    data = meta.phase.data
    if getattr(data, "scenario", None) != CoverageScenario.UNSPECIFIED_HTTP_METHOD:
        return None
    if response.request.method in ("OPTIONS", "HEAD"):
        return None
    body = _json(response)
    if vendor == "tencent":
        code = (((body or {}).get("Response") or {}).get("Error") or {}).get("Code")
        ok = code == "UnsupportedOperation"
    else:
        code = (body or {}).get("code")
        ok = code == 31400
    if response.status_code != 200 or not ok:
        raise AssertionError(
            f"Undocumented method {response.request.method} was not refused in the envelope: "
            f"HTTP {response.status_code}, code {code!r}"
        )
    return None


# --------------------------------------------------------------------------------------------
# 3. An unknown header alone is not invalid data
# --------------------------------------------------------------------------------------------


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    if not isinstance(failure, AcceptedNegativeData) or case.meta is None:
        return True
    data = case.meta.phase.data
    only_extra_header = (
        getattr(data, "scenario", None) == CoverageScenario.OBJECT_UNEXPECTED_PROPERTIES
        and getattr(getattr(data, "parameter_location", None), "value", None) == "header"
    )
    return not only_extra_header


# --------------------------------------------------------------------------------------------
# 4. Credentials are enforced
# --------------------------------------------------------------------------------------------

_probed: set[str] = set()


def _document_codes(case: Any, status: str, field: str) -> set[Any]:
    """The error codes the document's examples show for one response status."""
    raw = case.operation.schema.raw_schema
    response = case.operation.definition.raw.get("responses", {}).get(status)
    if response is None:
        return set()
    if "$ref" in response:
        response = raw["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    codes = set()
    for media in response.get("content", {}).values():
        for example in media.get("examples", {}).values():
            value = example.get("value")
            if isinstance(value, dict) and field in value:
                codes.add(value[field])
    return codes


def _refusal(case: Any, response: Any) -> str | None:
    """Why `response` is not the vendor's refusal of missing or unusable credentials."""
    vendor = vendor_of(case)
    body = _json(response)
    if vendor == "huawei":
        codes = _document_codes(case, "401", "error_code")
        code = body.get("error_code") if isinstance(body, dict) else None
        if response.status_code != 401 or code not in codes:
            return f"expected HTTP 401 with one of {sorted(codes)}, got HTTP {response.status_code}, {code!r}"
        return None
    if vendor == "tencent":
        code = (((body or {}).get("Response") or {}).get("Error") or {}).get("Code")
        if response.status_code != 200 or not str(code).startswith("AuthFailure"):
            return f"expected HTTP 200 with an AuthFailure code, got HTTP {response.status_code}, {code!r}"
        return None
    # EnOS: the document's example of an invalid request gives the code.
    responses = case.operation.definition.raw["responses"]["200"]["content"]["application/json"]
    expected = responses["examples"]["InvalidRequest"]["value"]["code"]
    code = body.get("code") if isinstance(body, dict) else None
    if response.status_code != 200 or code != expected:
        return f"expected HTTP 200 with code {expected}, got HTTP {response.status_code}, {code!r}"
    return None


@schemathesis.check
def credentials_enforced(ctx: Any, response: Any, case: Any) -> bool | None:
    """Without credentials, or with a foreign Authorization scheme, the stub must refuse."""
    if vendor_of(case) is None or case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    if case.operation.label in _probed:
        return None
    base = {k: v for k, v in (case.headers or {}).items() if k.lower() not in CREDENTIAL_HEADERS}
    probes = [("no credentials", base)]
    if vendor_of(case) in ("huawei", "tencent"):
        probes.append(("a foreign Authorization scheme", {**base, "Authorization": FOREIGN_AUTHORIZATION}))
    problems = []
    for label, headers in probes:
        probe = case.derive(headers=headers)
        answer = send_probe(ctx, case, probe)
        reason = _refusal(case, answer)
        if reason is not None:
            problems.append(f"{label}: {reason}")
            continue
        for conformance in (
            openapi_checks.status_code_conformance,
            openapi_checks.content_type_conformance,
            openapi_checks.response_schema_conformance,
        ):
            try:
                conformance(ctx, answer, probe)
            except AssertionError as failure:
                problems.append(f"{label}: {conformance.__name__}: {failure}")
    if problems:
        raise AssertionError("Credentials not enforced as documented: " + "; ".join(problems))
    # Once per operation is enough; a failing operation is probed again on its next case.
    _probed.add(case.operation.label)
    return None
