"""EnOS Application Portal through enos-poseidon 0.2.0: listAssignedUser.

poseidon returns the parsed body on HTTP 200 (and None, after printing the error, on HTTP
>= 400), so every answer, error or not, must be HTTP 200 with the EnOS envelope. Pages must
hold the user group's users of the dataset, pageNo counting from 0, with totalElements the
group's size.
"""

from __future__ import annotations

import pytest

import support

OPERATION = "listAssignedUser"
pytestmark = pytest.mark.operation(OPERATION)
USER_FIELDS = {"userId", "name", "email", "phone", "phoneArea"}


def body(group_id, page_no=0, page_size=100):
    return {"userGroupId": group_id, "pagination": {"pageNo": page_no, "pageSize": page_size}}


def page(enos, org_id, group_id, page_no, page_size):
    answer = enos(org_id, body(group_id, page_no, page_size))
    assert isinstance(answer, dict), f"poseidon did not get a JSON body: {answer!r}"
    assert answer["code"] == 0, answer
    return answer["data"]


def expected(dataset, org_id, group_id, page_no, page_size):
    users = support.enos_group_users(dataset, org_id, group_id)
    return users[page_no * page_size : (page_no + 1) * page_size], len(users)


def _largest_group(dataset, org_id):
    groups = support.enos_org(dataset, org_id)["user_groups"]
    return max(groups, key=lambda g: len(g["users"]))["user_group_id"]


def _cases(dataset):
    big = _largest_group(dataset, support.ENOS_ORG)
    big_size = len(support.enos_group_users(dataset, support.ENOS_ORG, big))
    empty = [g["user_group_id"] for g in support.enos_org(dataset, support.ENOS_ORG)["user_groups"] if not g["users"]]
    cases = {
        "vendor-sample": (support.ENOS_ORG, support.ENOS_GROUP, 0, 100),
        "vendor-sample-page-size-1": (support.ENOS_ORG, support.ENOS_GROUP, 0, 1),
        "vendor-sample-second-of-2": (support.ENOS_ORG, support.ENOS_GROUP, 1, 2),
        "vendor-sample-past-end": (support.ENOS_ORG, support.ENOS_GROUP, 5, 100),
        "o123-ug1": ("o123", "ug1", 0, 1000),
        "largest-first": (support.ENOS_ORG, big, 0, 25),
        "largest-second": (support.ENOS_ORG, big, 1, 25),
        "largest-last-partial": (support.ENOS_ORG, big, (big_size - 1) // 25, 25),
        "largest-one-page": (support.ENOS_ORG, big, 0, 1000),
        "huge-page-number": (support.ENOS_ORG, big, 2147483647, 1000),
    }
    if empty:
        cases["empty-group"] = (support.ENOS_ORG, empty[0], 0, 10)
    else:
        cases["empty-group"] = cases["vendor-sample"]
    return cases


CASE_IDS = [
    "vendor-sample",
    "vendor-sample-page-size-1",
    "vendor-sample-second-of-2",
    "vendor-sample-past-end",
    "o123-ug1",
    "largest-first",
    "largest-second",
    "largest-last-partial",
    "largest-one-page",
    "huge-page-number",
    "empty-group",
]


@pytest.mark.parametrize("case", CASE_IDS)
def test_pages_hold_the_group_users(enos, dataset, case):
    org_id, group_id, page_no, page_size = _cases(dataset)[case]
    users, total = expected(dataset, org_id, group_id, page_no, page_size)
    data = page(enos, org_id, group_id, page_no, page_size)
    assert set(data) == {"users", "pagination"}
    assert data["users"] == [{k: u[k] for k in USER_FIELDS} for u in users]
    assert data["pagination"] == {"pageNo": page_no, "pageSize": page_size, "totalElements": total}


def test_vendor_sample_group_has_three_users_starting_with_the_sample_user(enos):
    data = page(enos, support.ENOS_ORG, support.ENOS_GROUP, 0, 100)
    assert data["pagination"]["totalElements"] == 3
    assert data["users"][0]["userId"] == "your_user_id"


def test_pages_cover_every_user_once(enos, dataset):
    group = _largest_group(dataset, support.ENOS_ORG)
    users = support.enos_group_users(dataset, support.ENOS_ORG, group)
    seen = []
    for page_no in range(len(users) // 9 + 1):
        seen += [u["userId"] for u in page(enos, support.ENOS_ORG, group, page_no, 9)["users"]]
    assert seen == [u["userId"] for u in users]


def expect_error(answer, code):
    assert isinstance(answer, dict), f"poseidon did not get a JSON body (HTTP error?): {answer!r}"
    assert answer["code"] == code, answer
    assert answer["message"], answer
    assert "data" in answer and answer["data"] is None, answer


def test_unknown_org_is_31404(enos, dataset):
    org = support.unused_name({o["org_id"] for o in dataset["enos_app_portal"]["orgs"]}, "o99")
    expect_error(enos(org, body(support.ENOS_GROUP)), support.ENOS_NOT_FOUND)


def test_unknown_user_group_is_31404(enos, dataset):
    groups = {g["user_group_id"] for g in support.enos_org(dataset, support.ENOS_ORG)["user_groups"]}
    expect_error(enos(support.ENOS_ORG, body(support.unused_name(groups, "ug"))), support.ENOS_NOT_FOUND)


def test_group_of_another_org_is_31404(enos, dataset):
    # ug1 belongs to o123, not to the vendor's sample org.
    groups = {g["user_group_id"] for g in support.enos_org(dataset, support.ENOS_ORG)["user_groups"]}
    assert "ug1" not in groups
    expect_error(enos(support.ENOS_ORG, body("ug1")), support.ENOS_NOT_FOUND)


@pytest.mark.parametrize(
    "request_body",
    [
        pytest.param(body(support.ENOS_GROUP, 0, 0), id="page-size-0"),
        pytest.param(body(support.ENOS_GROUP, 0, 1001), id="page-size-1001"),
        pytest.param(body(support.ENOS_GROUP, -1, 10), id="page-no-negative"),
        pytest.param(body("", 0, 10), id="empty-user-group-id"),
        pytest.param({"pagination": {"pageNo": 0, "pageSize": 10}}, id="no-user-group-id"),
        pytest.param({"userGroupId": support.ENOS_GROUP}, id="no-pagination"),
        pytest.param({"userGroupId": support.ENOS_GROUP, "pagination": {"pageNo": 0}}, id="no-page-size"),
        pytest.param({**body(support.ENOS_GROUP), "sorters": []}, id="unknown-field"),
        pytest.param(body(support.ENOS_GROUP, "0", 10), id="page-no-string"),
        pytest.param("not json", id="body-not-json"),
    ],
)
def test_invalid_requests_are_31400(enos, request_body):
    expect_error(enos(support.ENOS_ORG, request_body), support.ENOS_INVALID)


def test_empty_org_id_is_31400(enos):
    expect_error(enos("", body(support.ENOS_GROUP)), support.ENOS_INVALID)


def test_blank_access_token_is_31400(enos):
    # poseidon always computes a token; an extra header of the same name replaces it.
    expect_error(enos(support.ENOS_ORG, body(support.ENOS_GROUP), headers={"apim-accesstoken": ""}), 31400)


def test_missing_access_token_is_31400(stub, raw_http):
    response = raw_http.request(
        "POST",
        f"{stub.base_url}{support.ENOS_PATH}?orgId={support.ENOS_ORG}",
        json=body(support.ENOS_GROUP),
    )
    assert response.status_code == 200
    expect_error(response.json(), support.ENOS_INVALID)
