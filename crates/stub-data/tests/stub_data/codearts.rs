//! `ListGroupUserGroups`: `offset`/`limit` slicing of the member groups, `search` as an exact
//! `user_group_id` match (DECISIONS.md) applied before slicing.

use serde_json::json;
use stub_data::{Dataset, NotFound, anchors, codearts_list};
use vendor_api::codearts::{GroupId, Limit, ListGroupUserGroupsQuery, Offset};

use crate::support::dataset_with;

fn member(id: i32, user_group_id: &str) -> serde_json::Value {
    json!({
        "id": id, "user_group_id": user_group_id, "name": format!("team{id}"), "project_id": null,
        "tenant_id": "tenant-1", "group_type": null, "member_count": id - 10,
        "created_at": "2025-09-17T19:30:03.275+08:00", "updated_at": "2025-09-18T08:00:00.000+08:00",
        "description": null,
    })
}

fn fixture() -> Dataset {
    dataset_with(
        "huawei_codearts_repo",
        json!({"repository_groups": [
            {"group_id": 1, "member_groups": [
                member(10, "ug-a"), member(11, "ug-b"), member(12, "ug-a"), member(13, "ug-c"), member(14, "ug-d"),
            ]},
            {"group_id": 2147483647, "member_groups": []},
        ]}),
    )
}

pub fn group(id: i64) -> GroupId {
    GroupId::try_from(id).expect("valid group id")
}

pub fn query(search: Option<&str>, offset: i64, limit: i64) -> ListGroupUserGroupsQuery {
    ListGroupUserGroupsQuery {
        search: search.map(str::to_owned),
        offset: Offset::try_from(offset).expect("valid offset"),
        limit: Limit::try_from(limit).expect("valid limit"),
    }
}

fn ids(dataset: &Dataset, group_id: i64, query: &ListGroupUserGroupsQuery) -> Vec<i32> {
    match codearts_list(dataset, group(group_id), query) {
        Ok(members) => members.into_iter().map(|m| m.id).collect(),
        Err(error) => panic!("{error}"),
    }
}

/// Label, `search`, `offset`, `limit` and the expected record ids.
type Case<'a> = (&'a str, Option<&'a str>, i64, i64, &'a [i32]);

#[test]
fn offset_limit_and_search() {
    let max = i64::from(i32::MAX);
    let cases: [Case; 14] = [
        ("first page", None, 0, 20, &[10, 11, 12, 13, 14]),
        ("limit 1", None, 0, 1, &[10]),
        ("offset 2 limit 2", None, 2, 2, &[12, 13]),
        ("last one", None, 4, 20, &[14]),
        ("offset at the end", None, 5, 20, &[]),
        ("offset far past the end", None, max, 100, &[]),
        (
            "search keeps equal user_group_id",
            Some("ug-a"),
            0,
            20,
            &[10, 12],
        ),
        ("search then offset", Some("ug-a"), 1, 20, &[12]),
        (
            "search then offset past its matches",
            Some("ug-a"),
            2,
            20,
            &[],
        ),
        ("search then limit", Some("ug-a"), 0, 1, &[10]),
        ("search is case-sensitive", Some("UG-A"), 0, 20, &[]),
        ("search is not a substring match", Some("ug"), 0, 20, &[]),
        ("search does not match names", Some("team10"), 0, 20, &[]),
        ("search for one record", Some("ug-d"), 0, 20, &[14]),
    ];
    let dataset = fixture();
    for (label, search, offset, limit, expected) in cases {
        assert_eq!(
            ids(&dataset, 1, &query(search, offset, limit)),
            expected,
            "{label}"
        );
    }
    assert_eq!(
        ids(&dataset, 1, &ListGroupUserGroupsQuery::default()),
        [10, 11, 12, 13, 14],
        "defaults 0 and 20"
    );
}

#[test]
fn groups_are_found_by_id() {
    let dataset = fixture();
    assert_eq!(
        codearts_list(&dataset, group(5), &query(None, 0, 20)),
        Err(NotFound { group_id: group(5) })
    );
    assert_eq!(
        codearts_list(&dataset, group(2_147_483_647), &query(None, 0, 20)),
        Ok(vec![])
    );
}

#[test]
fn records_keep_every_field() {
    let dataset = fixture();
    let first = codearts_list(&dataset, group(1), &query(None, 0, 1)).expect("known group");
    assert_eq!(
        serde_json::to_value(&first).expect("serializable"),
        json!([member(10, "ug-a")])
    );
}

#[test]
fn the_vendor_example_is_the_default_dataset_answer() {
    let dataset = Dataset::generate(stub_data::DEFAULT_SEED);
    let first_two = codearts_list(
        &dataset,
        group(i64::from(anchors::CODEARTS_GROUP_ID)),
        &query(None, 0, 2),
    )
    .expect("anchor group");
    // The vendor's example response, verbatim.
    let example = json!([
        {"id": 345, "user_group_id": "2e191c60e5c04aa9a57a27344d4b74d4", "name": "team1", "project_id": null,
         "tenant_id": "159b65b41ead484d8ddff250a4731781", "group_type": null, "member_count": 1,
         "created_at": "2025-09-17T19:30:03.275+08:00", "updated_at": "2025-09-17T19:30:03.275+08:00", "description": null},
        {"id": 346, "user_group_id": "2e191c60e5c04aa9a57a27344d4b74d4", "name": "team2", "project_id": null,
         "tenant_id": "159b65b41ead484d8ddff250a4731781", "group_type": null, "member_count": 1,
         "created_at": "2025-09-17T19:30:03.275+08:00", "updated_at": "2025-09-17T19:30:03.275+08:00", "description": null}
    ]);
    assert_eq!(
        serde_json::to_value(&first_two).expect("serializable"),
        example
    );
    // The captured request searches for that user group id.
    let searched = ids(
        &dataset,
        i64::from(anchors::CODEARTS_GROUP_ID),
        &query(Some("2e191c60e5c04aa9a57a27344d4b74d4"), 0, 20),
    );
    assert_eq!(searched, [345, 346]);
}

#[test]
fn limit_100_has_a_second_page_in_the_large_group() {
    let dataset = Dataset::generate(stub_data::DEFAULT_SEED);
    let large = i64::from(anchors::CODEARTS_LARGE_GROUP_ID);
    let first = ids(&dataset, large, &query(None, 0, 100));
    let second = ids(&dataset, large, &query(None, 100, 100));
    assert_eq!(first.len(), 100);
    assert!(!second.is_empty() && second.len() < 100);
    assert!(first.iter().all(|id| !second.contains(id)));
    assert_eq!(
        ids(
            &dataset,
            i64::from(anchors::CODEARTS_EMPTY_GROUP_ID),
            &query(None, 0, 100)
        ),
        Vec::<i32>::new()
    );
}
