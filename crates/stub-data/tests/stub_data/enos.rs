//! `listAssignedUser`: 0-based pages of a group's users, `totalElements` the group's size.

use serde_json::json;
use stub_data::{Dataset, EnosLookupError, anchors, enos_list_assigned_users};
use vendor_api::enos::{ListAssignedUserRequest, PageNo, PageRequest, PageSize};

use crate::support::dataset_with;

fn fixture() -> Dataset {
    let users: Vec<_> = (1..=5)
        .map(|i| json!({"userId": format!("u{i}"), "name": format!("User {i}"), "email": "", "phone": "", "phoneArea": ""}))
        .collect();
    dataset_with(
        "enos_app_portal",
        json!({"orgs": [
            {"org_id": "o1", "user_groups": [
                {"user_group_id": "g5", "name": "Five", "users": users},
                {"user_group_id": "g0", "name": "None", "users": []},
            ]},
            {"org_id": "o2", "user_groups": [{"user_group_id": "gx", "name": "Elsewhere", "users": []}]},
        ]}),
    )
}

pub fn request(group: &str, page_no: i64, page_size: i64) -> ListAssignedUserRequest {
    ListAssignedUserRequest {
        user_group_id: group.to_owned(),
        pagination: PageRequest {
            page_no: PageNo::try_from(page_no).expect("valid page number"),
            page_size: PageSize::try_from(page_size).expect("valid page size"),
        },
    }
}

fn page(dataset: &Dataset, group: &str, page_no: i64, page_size: i64) -> (Vec<String>, i64) {
    match enos_list_assigned_users(dataset, "o1", &request(group, page_no, page_size)) {
        Ok(data) => {
            assert_eq!(
                i64::from(data.pagination.page_no.get()),
                page_no,
                "echoes pageNo"
            );
            assert_eq!(
                i64::from(data.pagination.page_size.get()),
                page_size,
                "echoes pageSize"
            );
            (
                data.users.into_iter().map(|u| u.user_id).collect(),
                data.pagination.total_elements,
            )
        }
        Err(error) => panic!("{error}"),
    }
}

#[test]
fn pages_are_zero_based_slices() {
    let dataset = fixture();
    let cases: [(i64, i64, &[&str]); 8] = [
        (0, 2, &["u1", "u2"]),
        (1, 2, &["u3", "u4"]),
        (2, 2, &["u5"]),
        (3, 2, &[]),
        (0, 1000, &["u1", "u2", "u3", "u4", "u5"]),
        (0, 5, &["u1", "u2", "u3", "u4", "u5"]),
        (1, 5, &[]),
        (4, 1, &["u5"]),
    ];
    for (page_no, size, expected) in cases {
        let (users, total) = page(&dataset, "g5", page_no, size);
        assert_eq!(users, expected, "page {page_no} of size {size}");
        assert_eq!(total, 5, "totalElements is the group's size on every page");
    }
    assert_eq!(page(&dataset, "g5", i64::from(i32::MAX), 1000), (vec![], 5));
    assert_eq!(page(&dataset, "g0", 0, 10), (vec![], 0));
}

#[test]
fn unknown_org_or_group_is_an_error() {
    let dataset = fixture();
    assert_eq!(
        enos_list_assigned_users(&dataset, "o9", &request("g5", 0, 10)),
        Err(EnosLookupError::UnknownOrg {
            org_id: "o9".into()
        })
    );
    // Groups belong to their organization.
    assert_eq!(
        enos_list_assigned_users(&dataset, "o1", &request("gx", 0, 10)),
        Err(EnosLookupError::UnknownUserGroup {
            org_id: "o1".into(),
            user_group_id: "gx".into()
        })
    );
}

/// Walks every page of a group and checks that the pages partition it.
fn assert_pages_partition(dataset: &Dataset, org: &str, group: &str, size: i64) {
    let everyone = match enos_list_assigned_users(dataset, org, &request(group, 0, 1000)) {
        Ok(data) => data.users,
        Err(error) => panic!("{error}"),
    };
    let mut joined = Vec::new();
    for page_no in 0.. {
        let data = enos_list_assigned_users(dataset, org, &request(group, page_no, size))
            .expect("known group");
        assert_eq!(data.pagination.total_elements, everyone.len() as i64);
        assert!(data.users.len() as i64 <= size);
        if data.users.is_empty() {
            assert_eq!(
                joined.len(),
                everyone.len(),
                "{group}, size {size}: stopped at page {page_no}"
            );
            break;
        }
        joined.extend(data.users);
    }
    assert_eq!(
        joined, everyone,
        "{group}, size {size}: pages in order make up the whole group"
    );
}

#[test]
fn pages_partition_every_group_for_several_sizes() {
    let dataset = Dataset::generate(stub_data::DEFAULT_SEED);
    let mut largest = 0;
    for org in &dataset.enos_app_portal.orgs {
        for group in &org.user_groups {
            largest = largest.max(group.users.len());
            for size in [1, 2, 3, 7, 20, 100] {
                assert_pages_partition(&dataset, &org.org_id, &group.user_group_id, size);
            }
        }
    }
    assert!(largest > 40, "a group spans several pages of 20");
}

#[test]
fn the_vendor_sample_is_the_default_dataset_answer() {
    let dataset = Dataset::generate(stub_data::DEFAULT_SEED);
    let data = enos_list_assigned_users(
        &dataset,
        anchors::ENOS_ORG_ID,
        &request(anchors::ENOS_USER_GROUP_ID, 0, 1),
    )
    .expect("anchor group");
    // The "data" of the vendor's return sample.
    let sample = json!({
        "users": [{"userId": "your_user_id", "email": "your_user_email", "phone": "", "phoneArea": "", "name": "your_user_name"}],
        "pagination": {"totalElements": 3, "pageNo": 0, "pageSize": 1},
    });
    assert_eq!(serde_json::to_value(&data).expect("serializable"), sample);
    let snippet = enos_list_assigned_users(
        &dataset,
        anchors::ENOS_SNIPPET_ORG_ID,
        &request(anchors::ENOS_SNIPPET_USER_GROUP_ID, 0, 100),
    );
    assert!(snippet.is_ok_and(|data| !data.users.is_empty()));
}
