//! Huawei CodeArts Repo through its generated client: ListGroupUserGroups.

use std::num::NonZeroU32;
use std::sync::Arc;

use generated_clients::huawei_codearts_repo as codearts;
use stub_data::{Dataset, anchors};

use crate::stub::{Context, HUAWEI_TOKEN};
use crate::support::huawei_error;

// ---------------------------------------------------------------------------------------------
// CodeArts Repo: ListGroupUserGroups

async fn list_members(
    client: &codearts::Client,
    group_id: i32,
    offset: Option<i32>,
    limit: Option<u32>,
    search: Option<&str>,
) -> Result<
    codearts::ResponseValue<Vec<codearts::types::ProjectUserGroupDto>>,
    codearts::Error<codearts::types::CodeArtsError>,
> {
    let group_id = u32::try_from(group_id).expect("a positive id");
    let mut request = client
        .list_group_user_groups()
        .group_id(NonZeroU32::new(group_id).expect("not zero"))
        .x_auth_token(HUAWEI_TOKEN.1);
    if let Some(offset) = offset {
        request = request.offset(offset);
    }
    if let Some(limit) = limit {
        request = request.limit(NonZeroU32::new(limit).expect("not zero"));
    }
    if let Some(search) = search {
        request = request.search(search);
    }
    request.send().await
}

/// Compares each returned member group with the dataset's record, field by field. The
/// timestamps come back as `DateTime<Utc>` (progenitor's mapping of `format: date-time`),
/// so they are compared as instants.
fn assert_members(
    got: &[codearts::types::ProjectUserGroupDto],
    expected: &[&stub_data::CodeArtsMemberGroup],
) {
    assert_eq!(got.len(), expected.len());
    for (got, want) in got.iter().zip(expected) {
        let instant = |text: &str| {
            chrono::DateTime::parse_from_rfc3339(text)
                .unwrap_or_else(|e| panic!("{text} is RFC 3339: {e}"))
                .with_timezone(&chrono::Utc)
        };
        let id = i32::try_from(got.id.get()).expect("ids fit int32");
        assert_eq!(id, want.id);
        assert_eq!(got.user_group_id.as_str(), want.user_group_id);
        assert_eq!(got.name.as_str(), want.name);
        assert_eq!(
            got.project_id.as_ref().map(|v| v.as_str()),
            want.project_id.as_deref()
        );
        assert_eq!(got.tenant_id.as_str(), want.tenant_id);
        assert_eq!(
            got.group_type.as_ref().map(|v| v.as_str()),
            want.group_type.as_deref()
        );
        assert_eq!(got.member_count, want.member_count);
        assert_eq!(got.created_at, instant(&want.created_at));
        assert_eq!(got.updated_at, instant(&want.updated_at));
        assert_eq!(
            got.description.as_ref().map(|v| v.as_str()),
            want.description.as_deref()
        );
    }
}

/// A page past the first hundred of a large group, the default page (limit 20) of the
/// anchor group, `search` by a user group id, and an empty group.
pub(crate) async fn list_succeeds(ctx: Arc<Context>) {
    let client = ctx.codearts();

    let large = codearts_group(&ctx.dataset, anchors::CODEARTS_LARGE_GROUP_ID);
    assert!(large.member_groups.len() > 100);
    let response = list_members(&client, large.group_id, Some(100), Some(5), None)
        .await
        .expect("a page of member groups");
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers().contains_key("x-request-id"));
    let expected: Vec<_> = large.member_groups.iter().skip(100).take(5).collect();
    assert_members(&response.into_inner(), &expected);

    let anchor = codearts_group(&ctx.dataset, anchors::CODEARTS_GROUP_ID);
    let got = list_members(&client, anchor.group_id, None, None, None)
        .await
        .expect("the first page")
        .into_inner();
    // The document's default limit is 20.
    let expected: Vec<_> = anchor.member_groups.iter().take(20).collect();
    assert_members(&got, &expected);

    let wanted = &large.member_groups[3].user_group_id;
    let got = list_members(&client, large.group_id, None, Some(100), Some(wanted))
        .await
        .expect("the matching member groups")
        .into_inner();
    let expected: Vec<_> = large
        .member_groups
        .iter()
        .filter(|m| &m.user_group_id == wanted)
        .take(100)
        .collect();
    assert!(!expected.is_empty());
    assert_members(&got, &expected);

    let empty = codearts_group(&ctx.dataset, anchors::CODEARTS_EMPTY_GROUP_ID);
    assert!(empty.member_groups.is_empty());
    let got = list_members(&client, empty.group_id, None, None, None)
        .await
        .expect("an empty list")
        .into_inner();
    assert!(got.is_empty(), "{got:?}");
}

/// `limit` is at most 100. The generated client types it as `NonZeroU32`, which keeps the
/// lower bound only, so 101 is sent and the stub answers the documented 400.
pub(crate) async fn list_rejects_limit(ctx: Arc<Context>) {
    let result = list_members(
        &ctx.codearts(),
        anchors::CODEARTS_GROUP_ID,
        None,
        Some(101),
        None,
    )
    .await;
    let body = huawei_error(result, 400, "CH.004400");
    assert!(body.error_msg.contains("limit"), "{body:?}");
}

/// A repository group the dataset does not have: 404 `CH.004404`.
pub(crate) async fn list_unknown_group(ctx: Arc<Context>) {
    let groups = &ctx.dataset.huawei_codearts_repo.repository_groups;
    let missing = (1..).find(|id| groups.iter().all(|g| g.group_id != *id));
    let missing = missing.expect("some id is free");
    let result = list_members(&ctx.codearts(), missing, None, None, None).await;
    huawei_error(result, 404, "CH.004404");
}

fn codearts_group(dataset: &Dataset, group_id: i32) -> &stub_data::CodeArtsRepositoryGroup {
    dataset
        .huawei_codearts_repo
        .repository_groups
        .iter()
        .find(|g| g.group_id == group_id)
        .unwrap_or_else(|| panic!("the dataset has repository group {group_id}"))
}

huawei_error_body!(codearts::types::CodeArtsError);
