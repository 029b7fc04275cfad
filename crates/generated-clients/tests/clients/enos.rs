//! EnOS Application Portal through its generated client: listAssignedUser.

use std::num::NonZeroU32;
use std::sync::Arc;

use generated_clients::enos_app_portal as enos;
use stub_data::{Dataset, anchors};

use crate::stub::Context;

// ---------------------------------------------------------------------------------------------
// EnOS: listAssignedUser

fn page(user_group_id: &str, page_no: i32, page_size: u32) -> enos::types::ListAssignedUserRequest {
    enos::types::ListAssignedUserRequest {
        user_group_id: user_group_id.try_into().expect("a non-empty id"),
        pagination: enos::types::PageRequest {
            page_no: enos::types::PageNo(page_no),
            page_size: enos::types::PageSize(NonZeroU32::new(page_size).expect("not zero")),
        },
    }
}

async fn list_assigned(
    client: &enos::Client,
    org_id: &str,
    body: enos::types::ListAssignedUserRequest,
) -> enos::types::ListAssignedUserResponse {
    let response = client
        .list_assigned_user()
        .org_id(org_id)
        .body(body)
        .send()
        .await
        .expect("every EnOS answer is HTTP 200 with the documented body");
    assert_eq!(response.status().as_u16(), 200);
    response.into_inner()
}

/// The `data` of an answer, `None` when it is null. How progenitor types the field depends on
/// how the 3.0 twin writes a nullable reference: `nullable: true` beside `allOf: [$ref]` gives
/// `Option<ListAssignedUserData>`, while `oneOf: [$ref, {nullable: true, enum: [null]}]` gives
/// an untagged enum with a unit variant for null. Both serialize as the object or `null`, so
/// the field is read through its JSON form and the test holds for either.
fn page_data(
    answer: &enos::types::ListAssignedUserResponse,
) -> Option<enos::types::ListAssignedUserData> {
    let value = serde_json::to_value(&answer.data).expect("data serializes");
    if value.is_null() {
        None
    } else {
        Some(serde_json::from_value(value).expect("data is a ListAssignedUserData"))
    }
}

/// The fields of a user that a page must carry as the dataset has them: every one present
/// (the document leaves them optional, the stub always sends them).
type UserFields<'a> = (
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

/// Pages of two: every user of the group exactly once, in dataset order, with the group's
/// size as `totalElements` and the request's page number and size echoed.
pub(crate) async fn list_succeeds(ctx: Arc<Context>) {
    let group = enos_group(
        &ctx.dataset,
        anchors::ENOS_ORG_ID,
        anchors::ENOS_USER_GROUP_ID,
    );
    let client = ctx.enos();
    let size = 2_usize;
    let pages = group.users.len().div_ceil(size).max(1);
    for page_no in 0..pages {
        let answer = list_assigned(
            &client,
            anchors::ENOS_ORG_ID,
            page(&group.user_group_id, page_no as i32, size as u32),
        )
        .await;
        assert_eq!(answer.code, 0, "{answer:?}");
        assert_eq!(answer.message, "OK");
        let data = page_data(&answer).expect("data on success");
        let expected: Vec<UserFields<'_>> = group
            .users
            .iter()
            .skip(page_no * size)
            .take(size)
            .map(|u| {
                (
                    Some(u.user_id.as_str()),
                    Some(u.name.as_str()),
                    Some(u.email.as_str()),
                    Some(u.phone.as_str()),
                    Some(u.phone_area.as_str()),
                )
            })
            .collect();
        let got: Vec<UserFields<'_>> = data
            .users
            .iter()
            .map(|u| {
                (
                    u.user_id.as_deref(),
                    u.name.as_deref(),
                    u.email.as_deref(),
                    u.phone.as_deref(),
                    u.phone_area.as_deref(),
                )
            })
            .collect();
        assert_eq!(got, expected, "page {page_no}");
        let pagination = data.pagination.expect("pagination on success");
        assert_eq!(pagination.total_elements, Some(group.users.len() as i64));
        assert_eq!(pagination.page_no, Some(page_no as i32));
        assert_eq!(pagination.page_size, Some(size as i32));
    }
}

/// `pageSize` is at most 1000; the error is `code` 31400 with null data, in HTTP 200.
pub(crate) async fn list_rejects_page_size(ctx: Arc<Context>) {
    let answer = list_assigned(
        &ctx.enos(),
        anchors::ENOS_ORG_ID,
        page(anchors::ENOS_USER_GROUP_ID, 0, 1001),
    )
    .await;
    assert_eq!(answer.code, 31400, "{answer:?}");
    assert!(page_data(&answer).is_none(), "{answer:?}");
    assert!(answer.message.contains("pageSize"), "{answer:?}");
}

/// A user group the organization does not have: `code` 31404.
pub(crate) async fn list_unknown_group(ctx: Arc<Context>) {
    let org = ctx
        .dataset
        .enos_app_portal
        .orgs
        .iter()
        .find(|o| o.org_id == anchors::ENOS_ORG_ID)
        .expect("the anchor organization");
    let missing = "ug-not-in-the-dataset";
    assert!(org.user_groups.iter().all(|g| g.user_group_id != missing));
    let answer = list_assigned(&ctx.enos(), anchors::ENOS_ORG_ID, page(missing, 0, 10)).await;
    assert_eq!(answer.code, 31404, "{answer:?}");
    assert!(page_data(&answer).is_none(), "{answer:?}");
}

/// `orgId` has `minLength: 1`, which the generated newtype enforces before sending: the
/// client refuses an empty id with `Error::InvalidRequest` and no request is made.
pub(crate) async fn list_empty_org_refused_by_client(ctx: Arc<Context>) {
    let result = ctx
        .enos()
        .list_assigned_user()
        .org_id("")
        .body(page(anchors::ENOS_USER_GROUP_ID, 0, 10))
        .send()
        .await;
    match result {
        Err(enos::Error::InvalidRequest(message)) => assert!(message.contains("org_id")),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

fn enos_group<'d>(
    dataset: &'d Dataset,
    org_id: &str,
    user_group_id: &str,
) -> &'d stub_data::EnosUserGroup {
    dataset
        .enos_app_portal
        .orgs
        .iter()
        .find(|o| o.org_id == org_id)
        .and_then(|o| {
            o.user_groups
                .iter()
                .find(|g| g.user_group_id == user_group_id)
        })
        .unwrap_or_else(|| panic!("the dataset has user group {user_group_id} in {org_id}"))
}
