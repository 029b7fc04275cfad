"""EnOS Application Portal through the client openapi-python-client generated from
openapi/enos-app-portal.json: listAssignedUser.

Every answer is HTTP 200 with `{code, message, data}`: `data` is the generated
`ListAssignedUserData` on success and None on failure."""

from __future__ import annotations

import time
from http import HTTPStatus
from typing import Any

import pytest
from enos_app_portal_client.api.user_and_ou import list_assigned_user
from enos_app_portal_client.models import (
    ListAssignedUserData,
    ListAssignedUserRequest,
    ListAssignedUserResponse,
    PageRequest,
    PageResponse,
    User,
)

import expected


def _call(client: Any, org_id: str, group: str, page_no: int, page_size: int) -> Any:
    return list_assigned_user.sync_detailed(
        client=client,
        org_id=org_id,
        body=ListAssignedUserRequest(
            user_group_id=group, pagination=PageRequest(page_no=page_no, page_size=page_size)
        ),
        apim_timestamp=int(time.time() * 1000),
    )


def _envelope(response: Any) -> ListAssignedUserResponse:
    assert response.status_code == HTTPStatus.OK
    assert isinstance(response.parsed, ListAssignedUserResponse), response.content
    return response.parsed


def _as_wire(user: User) -> dict[str, str]:
    """The generated model's fields, under the names the dataset uses."""
    assert isinstance(user, User)
    return {
        "userId": user.user_id,
        "name": user.name,
        "email": user.email,
        "phone": user.phone,
        "phoneArea": user.phone_area,
    }


def _page(envelope: ListAssignedUserResponse) -> ListAssignedUserData:
    assert envelope.code == 0, envelope.message
    assert envelope.message == "OK"
    assert isinstance(envelope.data, ListAssignedUserData)
    assert isinstance(envelope.data.pagination, PageResponse)
    return envelope.data


@pytest.mark.operation("listAssignedUser")
def test_first_page_holds_every_user_of_the_vendor_example_group(enos_client, dataset):
    users = expected.enos_group_users(dataset, "o15589000000001", "your_user_group_id")
    assert len(users) == 3  # an anchor of every dataset

    page = _page(_envelope(_call(enos_client, "o15589000000001", "your_user_group_id", 0, 100)))

    assert [_as_wire(user) for user in page.users] == users
    assert (page.pagination.total_elements, page.pagination.page_no, page.pagination.page_size) == (
        3,
        0,
        100,
    )


@pytest.mark.operation("listAssignedUser")
def test_a_later_page_is_the_matching_slice_with_the_true_total(enos_client, dataset):
    users = expected.enos_group_users(dataset, "o123", "ug1")
    page_size = 5
    last = (len(users) - 1) // page_size  # the last page, which may be partial
    assert last >= 1

    page = _page(_envelope(_call(enos_client, "o123", "ug1", last, page_size)))

    assert [_as_wire(user) for user in page.users] == users[last * page_size :]
    assert page.pagination.total_elements == len(users)
    assert (page.pagination.page_no, page.pagination.page_size) == (last, page_size)


@pytest.mark.operation("listAssignedUser")
def test_a_page_size_over_1000_is_code_31400_with_null_data(enos_client):
    # The generated PageRequest does not check the schema's maximum; the stub does.
    envelope = _envelope(_call(enos_client, "o15589000000001", "your_user_group_id", 0, 1001))

    assert envelope.code == 31400
    assert envelope.data is None
    assert "pageSize" in envelope.message


@pytest.mark.operation("listAssignedUser")
def test_an_unknown_user_group_is_code_31404_with_null_data(enos_client, dataset):
    groups = {
        g["user_group_id"] for o in dataset["enos_app_portal"]["orgs"] for g in o["user_groups"]
    }
    assert "ug-none" not in groups

    envelope = _envelope(_call(enos_client, "o15589000000001", "ug-none", 0, 10))

    assert envelope.code == 31404
    assert envelope.data is None
