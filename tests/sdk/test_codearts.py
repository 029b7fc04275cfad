"""Huawei Cloud CodeArts Repo through huaweicloudsdkcodeartsrepo: ListGroupUserGroups.

Every page must equal the slice of the repository group's member groups the page's
offset/limit/search select in the dataset (search keeps the records whose user_group_id is
exactly the value, DECISIONS.md), both as the JSON on the wire (all ten keys, nulls
included) and as the SDK's typed models.
"""

from __future__ import annotations

import pytest
from huaweicloudsdkcodeartsrepo.v4 import ListGroupUserGroupsRequest

import support

OPERATION = "ListGroupUserGroups"
FIELDS = (
    "id",
    "user_group_id",
    "name",
    "project_id",
    "tenant_id",
    "group_type",
    "member_count",
    "created_at",
    "updated_at",
    "description",
)
DEFAULT_LIMIT = 20  # the vendor page: limit 1–100, default 20


def expected_page(dataset, group_id, offset=None, limit=None, search=None):
    members = support.codearts_group(dataset, group_id)
    if search is not None:
        members = [m for m in members if m["user_group_id"] == search]
    start = offset or 0
    return members[start : start + (DEFAULT_LIMIT if limit is None else limit)]


def list_page(client, **fields):
    response = client.list_group_user_groups(ListGroupUserGroupsRequest(**fields))
    assert response.status_code == 200
    return response


def shared_user_group_id(dataset, group_id):
    """A user_group_id that more than one member group of the repository group carries (the
    vendor's example has team1 and team2 under one), else the first one."""
    ids = [m["user_group_id"] for m in support.codearts_group(dataset, group_id)]
    repeated = [i for i in ids if ids.count(i) > 1]
    return (repeated or ids)[0]


def _cases(dataset):
    big = max(support.codearts_group_ids(dataset), key=lambda g: len(support.codearts_group(dataset, g)))
    size_123 = len(support.codearts_group(dataset, 123))
    size_big = len(support.codearts_group(dataset, big))
    team = shared_user_group_id(dataset, 123)
    return {
        "123-defaults": dict(group_id=123),
        "123-first-page": dict(group_id=123, offset=0, limit=20),
        "123-middle": dict(group_id=123, offset=5, limit=7),
        "123-last-partial": dict(group_id=123, offset=size_123 - 2, limit=20),
        "123-past-end": dict(group_id=123, offset=size_123, limit=20),
        "123-limit-1": dict(group_id=123, offset=1, limit=1),
        "123-search-shared-id": dict(group_id=123, search=team),
        "123-search-offset": dict(group_id=123, search=team, offset=1, limit=5),
        # The SDK research's capture (sdk-ground-truth.md §5.3): the vendor example's id.
        "123-captured-search": dict(group_id=123, offset=0, limit=20, search="2e191c60e5c04aa9a57a27344d4b74d4"),
        "123-search-unknown": dict(group_id=123, search="0" * 32),
        "4242-first-100": dict(group_id=4242, offset=0, limit=100),
        "4242-second-100": dict(group_id=4242, offset=100, limit=100),
        "largest-last-one": dict(group_id=big, offset=size_big - 1, limit=100),
        "7-empty": dict(group_id=7, limit=100),
        "max-group-id": dict(group_id=2147483647, limit=100),
        "huge-offset": dict(group_id=123, offset=2147483647, limit=100),
    }


CASE_IDS = [
    "123-defaults",
    "123-first-page",
    "123-middle",
    "123-last-partial",
    "123-past-end",
    "123-limit-1",
    "123-search-shared-id",
    "123-search-offset",
    "123-captured-search",
    "123-search-unknown",
    "4242-first-100",
    "4242-second-100",
    "largest-last-one",
    "7-empty",
    "max-group-id",
    "huge-offset",
]


@pytest.mark.operation(OPERATION)
@pytest.mark.parametrize("case", CASE_IDS)
def test_pages_equal_the_dataset_slice(codearts, dataset, case):
    fields = _cases(dataset)[case]
    expected = expected_page(dataset, **fields)
    response = list_page(codearts, **fields)

    # On the wire: a bare array of objects with all ten keys, nulls written out.
    wire = response.to_json_object()
    assert isinstance(wire, list)
    assert [sorted(item) for item in wire] == [sorted(FIELDS)] * len(wire)
    assert wire == expected

    # Through the SDK's models: the same values, None where the dataset has null. (The SDK
    # hands an empty array to the caller as body=None, not [].)
    body = response.body if expected else (response.body or [])
    assert len(body) == len(expected)
    for dto, record in zip(body, expected, strict=True):
        assert {f: getattr(dto, f) for f in FIELDS} == {f: record[f] for f in FIELDS}


@pytest.mark.operation(OPERATION)
def test_pages_cover_the_big_group_exactly_once(codearts, dataset):
    members = support.codearts_group(dataset, 4242)
    assert len(members) > 100
    seen = []
    for offset in range(0, len(members) + 1, 37):
        seen += [dto.id for dto in list_page(codearts, group_id=4242, offset=offset, limit=37).body or []]
    assert seen == [m["id"] for m in members]


@pytest.mark.operation(OPERATION)
def test_vendor_example_records_come_first_in_group_123(codearts, dataset):
    # The vendor's example response: team1 and team2, sharing a user_group_id, with null
    # project_id, group_type and description.
    body = list_page(codearts, group_id=123, limit=2).body
    assert [dto.name for dto in body] == ["team1", "team2"]
    assert body[0].user_group_id == body[1].user_group_id
    for dto in body:
        assert (dto.project_id, dto.group_type, dto.description) == (None, None, None)


@pytest.mark.operation(OPERATION)
def test_x_auth_token_alongside_the_signature_is_accepted(codearts, dataset):
    invoker = codearts.list_group_user_groups_invoker(ListGroupUserGroupsRequest(group_id=123, offset=0, limit=20))
    invoker.add_header("X-Auth-Token", "MIIfake-token-value")
    assert invoker.invoke().to_json_object() == expected_page(dataset, 123, 0, 20)


@pytest.mark.operation(OPERATION)
@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(dict(group_id=123, limit=101), id="limit-101"),
        pytest.param(dict(group_id=123, limit=0), id="limit-0"),
        pytest.param(dict(group_id=123, offset=-1), id="offset-negative"),
        pytest.param(dict(group_id=123, offset=2147483648), id="offset-over-int32"),
        pytest.param(dict(group_id=123, search=""), id="search-empty"),
        pytest.param(dict(group_id=123, search="x" * 1001), id="search-1001-chars"),
        pytest.param(dict(group_id=0), id="group_id-0"),
        pytest.param(dict(group_id=2147483648), id="group_id-over-int32"),
        pytest.param(dict(group_id="abc"), id="group_id-not-a-number"),
    ],
)
def test_invalid_parameters_are_400(codearts, fields):
    support.huawei_error(
        lambda: codearts.list_group_user_groups(ListGroupUserGroupsRequest(**fields)), 400, support.CH_INVALID
    )


@pytest.mark.operation(OPERATION)
def test_unknown_repository_group_is_404(codearts, dataset):
    taken = support.codearts_group_ids(dataset)
    group_id = next(g for g in range(999_999, 2_000_000) if g not in taken)
    support.huawei_error(
        lambda: codearts.list_group_user_groups(ListGroupUserGroupsRequest(group_id=group_id)),
        404,
        support.CH_NOT_FOUND,
    )


@pytest.mark.operation(OPERATION)
def test_non_huawei_authorization_is_401(codearts):
    invoker = codearts.list_group_user_groups_invoker(ListGroupUserGroupsRequest(group_id=123))
    invoker.add_header("Authorization", "Bearer not-a-huawei-credential")
    support.huawei_error(invoker.invoke, 401, support.CH_NO_CREDENTIALS)


@pytest.mark.operation(OPERATION)
def test_no_credentials_at_all_is_401(stub, raw_http):
    response = raw_http.request("GET", f"{stub.base_url}/v4/groups/123/user-groups")
    support.raw_huawei_error(response, 401, support.CH_NO_CREDENTIALS)


@pytest.mark.operation(OPERATION)
def test_project_id_query_parameter_is_400(stub, raw_http):
    # DECISIONS.md: the vendor's example request carries ?project_id=, which the operation
    # does not have; the stub answers 400. The SDK has no such field, hence the raw request.
    response = raw_http.request(
        "GET",
        f"{stub.base_url}/v4/groups/123/user-groups?project_id=p&offset=0&limit=20",
        headers={"X-Auth-Token": "MIIfake-token-value"},
    )
    support.raw_huawei_error(response, 400, support.CH_INVALID)
