"""Huawei CodeArts Repo through the client openapi-python-client generated from
openapi/huawei-codearts-repo.json: ListGroupUserGroups."""

from __future__ import annotations

import datetime
from http import HTTPStatus
from typing import Any

import pytest
from huawei_codearts_repo_client.api.repository_group_members import list_group_user_groups
from huawei_codearts_repo_client.models import CodeArtsError, ProjectUserGroupDto

import expected


def _as_wire(member: ProjectUserGroupDto) -> dict[str, Any]:
    """The generated model's fields in the dataset's form (timestamps as RFC 3339 text)."""
    assert isinstance(member, ProjectUserGroupDto)
    assert isinstance(member.created_at, datetime.datetime)
    assert member.created_at.tzinfo is not None
    return {
        "id": member.id,
        "user_group_id": member.user_group_id,
        "name": member.name,
        "project_id": member.project_id,
        "tenant_id": member.tenant_id,
        "group_type": member.group_type,
        "member_count": member.member_count,
        "created_at": member.created_at,
        "updated_at": member.updated_at,
        "description": member.description,
    }


def _expected(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **record,
            "created_at": datetime.datetime.fromisoformat(record["created_at"]),
            "updated_at": datetime.datetime.fromisoformat(record["updated_at"]),
        }
        for record in records
    ]


def _members(response: Any) -> list[ProjectUserGroupDto]:
    assert response.status_code == HTTPStatus.OK
    assert isinstance(response.parsed, list), response.content
    assert response.headers.get("X-Request-Id")
    return response.parsed


def _error(response: Any, status: HTTPStatus, code: str) -> CodeArtsError:
    assert response.status_code == status
    assert isinstance(response.parsed, CodeArtsError), response.content
    assert response.parsed.error_code == code
    assert response.parsed.error_msg
    return response.parsed


@pytest.mark.operation("ListGroupUserGroups")
def test_default_page_is_the_first_twenty_members(codearts_client, dataset):
    members = expected.codearts_members(dataset, 123)
    assert len(members) > 20

    page = _members(list_group_user_groups.sync_detailed(123, client=codearts_client))

    assert [_as_wire(m) for m in page] == _expected(members[:20])
    # The vendor's example records lead group 123 (DECISIONS.md, "Anchors").
    assert [m.name for m in page[:2]] == ["team1", "team2"]
    assert page[0].project_id is None and page[0].description is None


@pytest.mark.operation("ListGroupUserGroups")
def test_offset_and_the_largest_limit_page_through_a_big_group(codearts_client, dataset):
    members = expected.codearts_members(dataset, 4242)
    assert len(members) > 100

    page = _members(
        list_group_user_groups.sync_detailed(4242, client=codearts_client, offset=100, limit=100)
    )

    assert [_as_wire(m) for m in page] == _expected(members[100:200])


@pytest.mark.operation("ListGroupUserGroups")
def test_search_keeps_the_members_with_that_user_group_id(codearts_anonymous, dataset):
    members = expected.codearts_members(dataset, 123)
    wanted = members[0]["user_group_id"]

    page = _members(
        list_group_user_groups.sync_detailed(
            123, client=codearts_anonymous, search=wanted, x_auth_token="python-client-token"
        )
    )

    assert [_as_wire(m) for m in page] == _expected(
        [m for m in members if m["user_group_id"] == wanted][:20]
    )


@pytest.mark.operation("ListGroupUserGroups")
def test_an_empty_group_has_no_members(codearts_anonymous, dataset):
    assert expected.codearts_members(dataset, 7) == []

    page = _members(
        list_group_user_groups.sync_detailed(7, client=codearts_anonymous, x_auth_token="t")
    )

    assert page == []


@pytest.mark.operation("ListGroupUserGroups")
def test_a_limit_over_100_is_a_400(codearts_client):
    response = list_group_user_groups.sync_detailed(123, client=codearts_client, limit=101)

    error = _error(response, HTTPStatus.BAD_REQUEST, "CH.004400")
    assert "limit" in error.error_msg


@pytest.mark.operation("ListGroupUserGroups")
def test_an_unknown_repository_group_is_a_404(codearts_client, dataset):
    response = list_group_user_groups.sync_detailed(
        expected.codearts_unused_group_id(dataset), client=codearts_client
    )

    _error(response, HTTPStatus.NOT_FOUND, "CH.004404")


@pytest.mark.operation("ListGroupUserGroups")
def test_without_token_or_signature_is_a_401(codearts_anonymous):
    response = list_group_user_groups.sync_detailed(123, client=codearts_anonymous)

    _error(response, HTTPStatus.UNAUTHORIZED, "DEV.00000003")
