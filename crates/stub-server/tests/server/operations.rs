//! Each operation answered as its document says: valid requests get bodies that validate
//! against the documented 200 schema, with the documented content type and headers; the data
//! is consistent with the dataset the stub serves (pages, searches, task ids); unknown
//! resources and malformed requests get the vendor's envelope.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};
use stub_data::anchors;
use vendor_api::Service;

use crate::support::{self, Answer, call, error_code, send};

// =============================================================================================
// Helpers

/// The documented 200 answer of an operation: content type, body schema and header names.
struct Documented {
    service: Service,
    document: Value,
    content_type: String,
    schema: Value,
    headers: Vec<String>,
}

fn documented(operation_id: &str) -> Documented {
    let (service, _, _, op) = support::operation(operation_id);
    let ok = &op["responses"]["200"];
    let content = ok["content"]
        .as_object()
        .expect("the 200 answer has content");
    assert_eq!(content.len(), 1, "{operation_id}: one content type");
    let (content_type, media) = content.iter().next().expect("one");
    Documented {
        service,
        document: service.document(),
        content_type: content_type.clone(),
        schema: media["schema"].clone(),
        headers: ok["headers"]
            .as_object()
            .map(|h| h.keys().cloned().collect())
            .unwrap_or_default(),
    }
}

impl Documented {
    /// Asserts that an answer is the documented 200: status, content type, headers and (for
    /// JSON) a body valid against the schema. Returns the body.
    #[track_caller]
    fn check(&self, answer: &Answer, what: &str) -> Value {
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{what}: {}",
            String::from_utf8_lossy(&answer.bytes)
        );
        let content_type = answer.content_type();
        if self.service == Service::TencentCwp {
            assert_eq!(
                content_type, "application/json",
                "{what}: Tencent answers exactly application/json"
            );
        } else {
            let essence = content_type.split(';').next().unwrap_or("").trim();
            assert_eq!(essence, self.content_type, "{what}: content type");
        }
        for header in &self.headers {
            let value = answer
                .headers
                .get(header.as_str())
                .and_then(|v| v.to_str().ok());
            assert!(
                value.is_some_and(|v| !v.is_empty()),
                "{what}: the documented {header} header is missing"
            );
        }
        if matches!(
            self.service,
            Service::HuaweiWorkspace | Service::HuaweiCodeartsRepo
        ) {
            assert!(
                answer.headers.contains_key("x-request-id"),
                "{what}: Huawei answers carry X-Request-Id"
            );
        }
        if self.content_type != "application/json" {
            return Value::Null;
        }
        let body = answer.json();
        let validator = support::schema_validator(&self.document, &self.schema);
        let errors = support::schema_errors(&validator, &body);
        assert!(
            errors.is_empty(),
            "{what}: the body breaks the documented schema:\n{errors}\n{body}"
        );
        body
    }
}

fn workspace_export_uri(project: &str, group: &str, query: &str) -> String {
    let path = format!("/v3/{project}/groups/{group}/users/export");
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

async fn workspace_task_id(query: &str) -> String {
    let doc = documented("ExportUserGroupUsersNew");
    let uri = workspace_export_uri(
        anchors::WORKSPACE_PROJECT_ID,
        anchors::WORKSPACE_GROUP_ID,
        query,
    );
    let answer = call(Service::HuaweiWorkspace, Method::GET, &uri, None).await;
    let body = doc.check(&answer, &uri);
    body["task_id"].as_str().expect("task_id").to_owned()
}

async fn tencent_task_id(body: &Value) -> String {
    let doc = documented("ExportAssetUserList");
    let answer = call(Service::TencentCwp, Method::POST, "/", Some(body)).await;
    let answer = doc.check(&answer, &body.to_string());
    assert!(
        answer["Response"].get("Error").is_none(),
        "{body}: {answer}"
    );
    answer["Response"]["TaskId"]
        .as_str()
        .expect("TaskId")
        .to_owned()
}

fn codearts_uri(group_id: i64, query: &str) -> String {
    format!("/v4/groups/{group_id}/user-groups?{query}")
}

const ENOS_PATH: &str = "/app-portal-service/v2.3/userGroup/listAssignedUser";

fn enos_uri(org_id: &str) -> String {
    format!("{ENOS_PATH}?orgId={org_id}")
}

fn enos_body(group: &str, page_no: i64, page_size: i64) -> Value {
    json!({"userGroupId": group, "pagination": {"pageNo": page_no, "pageSize": page_size}})
}

/// Asks EnOS for one page of a group's users; the answer and the body sent, for messages.
async fn enos_list(org_id: &str, group: &str, page_no: i64, page_size: i64) -> (Answer, String) {
    let body = enos_body(group, page_no, page_size);
    let uri = enos_uri(org_id);
    let answer = call(Service::EnosAppPortal, Method::POST, &uri, Some(&body)).await;
    (answer, body.to_string())
}

/// The dataset's anchor organization (the vendor sample's `o15589000000001`).
fn anchor_org() -> &'static stub_data::EnosOrg {
    support::dataset()
        .enos_app_portal
        .orgs
        .iter()
        .find(|o| o.org_id == anchors::ENOS_ORG_ID)
        .expect("the anchor org")
}

/// Asserts the answer is a JSON error envelope (never plain text) with this status and code.
#[track_caller]
fn assert_error(service: Service, answer: &Answer, status: StatusCode, code: &str, what: &str) {
    assert!(
        answer.content_type().starts_with("application/json"),
        "{what}: the error is not JSON ({}): {}",
        answer.content_type(),
        String::from_utf8_lossy(&answer.bytes)
    );
    assert_eq!(
        answer.status,
        status,
        "{what}: {}",
        String::from_utf8_lossy(&answer.bytes)
    );
    assert_eq!(error_code(service, answer), code, "{what}");
}

// =============================================================================================
// Huawei Cloud Workspace

#[tokio::test]
async fn workspace_exports_answer_the_documented_200() {
    let doc = documented("ExportUserGroupUsersNew");
    let names = anchors::WORKSPACE_USER_NAMES;
    let queries = [
        String::new(),
        format!("user_names={}&user_names={}", names[0], names[1]),
        format!("user_name={}", &names[0][..2].to_uppercase()),
        "active_type=USER_ACTIVATE&language=zh_CN".to_owned(),
        "active_type=ADMIN_ACTIVATE&language=en_US".to_owned(),
        format!("group_name={}", anchors::WORKSPACE_GROUP_NAME),
        "group_name=another%20group".to_owned(),
        "description=a&enterprise_project_id=0".to_owned(),
    ];
    for query in &queries {
        for group in [
            anchors::WORKSPACE_GROUP_ID,
            anchors::WORKSPACE_SNIPPET_GROUP_ID,
        ] {
            let uri = workspace_export_uri(anchors::WORKSPACE_PROJECT_ID, group, query);
            let answer = call(Service::HuaweiWorkspace, Method::GET, &uri, None).await;
            let body = doc.check(&answer, &uri);
            assert!(
                body["task_id"].as_str().is_some_and(|t| !t.is_empty()),
                "{uri}: {body}"
            );
        }
    }
}

/// The users a task exports, read back from its id (which carries the selection).
fn workspace_task_users(task_id: &str) -> Vec<String> {
    stub_data::workspace_task(support::dataset(), anchors::WORKSPACE_PROJECT_ID, task_id)
        .unwrap_or_else(|| panic!("{task_id} is a task of the anchor project"))
        .users
        .into_iter()
        .map(|u| u.user_name)
        .collect()
}

#[tokio::test]
async fn workspace_task_ids_carry_the_selection() {
    let [a, b] = anchors::WORKSPACE_USER_NAMES;
    let group = support::dataset()
        .workspace_project(anchors::WORKSPACE_PROJECT_ID)
        .and_then(|p| {
            p.user_groups
                .iter()
                .find(|g| g.group_id == anchors::WORKSPACE_GROUP_ID)
        })
        .expect("the anchor group");
    // Expected selections, from the dataset (group order) and DECISIONS.md's filter rules.
    let named = |names: &[&str]| -> Vec<String> {
        group
            .users
            .iter()
            .filter(|u| names.contains(&u.user_name.as_str()))
            .map(|u| u.user_name.clone())
            .collect()
    };
    let everyone: Vec<String> = group.users.iter().map(|u| u.user_name.clone()).collect();
    assert_eq!(named(&[a, b]).len(), 2, "the dataset has both anchor users");
    for (query, expected) in [
        (format!("user_names={a}&user_names={b}"), named(&[a, b])),
        (format!("user_names={b}&user_names={a}"), named(&[a, b])),
        (format!("user_names={a}"), named(&[a])),
        ("group_name=another%20group".to_owned(), vec![]),
        (String::new(), everyone),
    ] {
        let id = workspace_task_id(&query).await;
        assert_eq!(workspace_task_users(&id), expected, "{query}");
    }
}

#[tokio::test]
async fn workspace_template_is_an_xlsx_attachment() {
    let doc = documented("ExportUsersTemplate");
    assert_eq!(
        doc.content_type,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    for query in [
        "",
        "?language=zh_CN",
        "?active_type=ADMIN_ACTIVATE",
        "?language=en_US&active_type=USER_ACTIVATE",
    ] {
        let uri = format!(
            "/v2/{}/users/template/download{query}",
            anchors::WORKSPACE_PROJECT_ID
        );
        let answer = call(Service::HuaweiWorkspace, Method::GET, &uri, None).await;
        doc.check(&answer, &uri);
        let disposition = answer
            .headers
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(
            disposition.starts_with("attachment; filename=\"") && disposition.ends_with(".xlsx\""),
            "{uri}: Content-Disposition {disposition:?}"
        );
        assert!(
            answer.bytes.starts_with(b"PK\x03\x04"),
            "{uri}: not a zip (xlsx) file"
        );
    }
}

// =============================================================================================
// Tencent Cloud CWP

#[tokio::test]
async fn tencent_exports_answer_the_documented_200() {
    let doc = documented("ExportAssetUserList");
    let examples = doc.document["components"]["schemas"]["ExportAssetUserListRequest"]["examples"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!examples.is_empty(), "the request schema has examples");
    let mut bodies = examples;
    bodies.extend([
        json!({"Quuid": anchors::TENCENT_QUUID}),
        json!({"Filters": [{"Name": "Uid", "Values": ["0", "1000"]}, {"Name": "OsType", "Values": ["linux"]}]}),
        json!({"Filters": [{"Name": "Name", "Values": ["root"]}], "By": "PasswordLockDays", "Order": "asc"}),
        json!({"Quuid": "no-such-host"}),
    ]);
    for body in &bodies {
        let answer = call(Service::TencentCwp, Method::POST, "/", Some(body)).await;
        let answer = doc.check(&answer, &body.to_string());
        let response = &answer["Response"];
        assert!(response.get("Error").is_none(), "{body}: {answer}");
        let task = response["TaskId"].as_str().unwrap_or_default();
        assert!(
            !task.is_empty()
                && task
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{body}: TaskId {task:?} is not URL-safe base64 (DECISIONS.md, task ids)"
        );
        assert!(
            response["RequestId"]
                .as_str()
                .is_some_and(|r| !r.is_empty()),
            "{body}"
        );
    }
}

#[tokio::test]
async fn tencent_task_ids_carry_the_selection() {
    let dataset = support::dataset();
    let all: Vec<(String, String)> = dataset
        .tencent_cwp
        .hosts
        .iter()
        .flat_map(|h| h.accounts.iter().map(|a| (h.quuid.clone(), a.name.clone())))
        .collect();
    let roots: Vec<(String, String)> = all.iter().filter(|(_, n)| n == "root").cloned().collect();
    let host_roots: Vec<(String, String)> = roots
        .iter()
        .filter(|(q, _)| q == anchors::TENCENT_QUUID)
        .cloned()
        .collect();
    assert!(!host_roots.is_empty() && roots.len() > host_roots.len());
    for (body, expected) in [
        (json!({}), all.clone()),
        (
            json!({"Filters": [{"Name": "Name", "Values": ["root"], "ExactMatch": true}]}),
            roots,
        ),
        (
            json!({"Quuid": anchors::TENCENT_QUUID, "Filters": [{"Name": "Name", "Values": ["root"], "ExactMatch": true}]}),
            host_roots,
        ),
    ] {
        let id = tencent_task_id(&body).await;
        let task = stub_data::tencent_task(dataset, &id).expect("a task of this stub");
        let rows: Vec<(String, String)> = task
            .accounts
            .into_iter()
            .map(|a| (a.quuid, a.account.name))
            .collect();
        assert_eq!(rows, expected, "{body}");
    }
}

// =============================================================================================
// EnOS Application Portal

#[tokio::test]
async fn enos_pages_cover_the_group_once_in_order() {
    let doc = documented("listAssignedUser");
    let org = anchor_org();
    let group = org
        .user_groups
        .iter()
        .max_by_key(|g| g.users.len())
        .expect("groups");
    let members: Vec<Value> = group
        .users
        .iter()
        .map(|u| serde_json::to_value(vendor_api::enos::User::from(u)).expect("a user"))
        .collect();
    assert!(members.len() > 20, "a large group: {} users", members.len());
    let total = members.len() as i64;

    for page_size in [7_i64, 20, 1000] {
        let mut seen: Vec<Value> = Vec::new();
        let mut page_no = 0;
        loop {
            let (answer, sent) =
                enos_list(&org.org_id, &group.user_group_id, page_no, page_size).await;
            let answer = doc.check(&answer, &sent);
            assert_eq!(answer["code"], 0, "{answer}");
            let data = &answer["data"];
            assert_eq!(
                data["pagination"]["totalElements"], total,
                "page {page_no} of {page_size}"
            );
            assert_eq!(data["pagination"]["pageNo"], page_no);
            assert_eq!(data["pagination"]["pageSize"], page_size);
            let users = data["users"].as_array().expect("users").clone();
            if users.is_empty() {
                assert!(
                    page_no * page_size >= total,
                    "an empty page before the end: {page_no}"
                );
                break;
            }
            assert!(users.len() as i64 <= page_size);
            for user in &users {
                assert!(
                    !seen.contains(user),
                    "page {page_no} of {page_size} repeats {user}"
                );
            }
            seen.extend(users);
            page_no += 1;
        }
        assert_eq!(
            seen, members,
            "pages of {page_size} together are the group, in order"
        );
    }

    // Far past the end: no users, the right total.
    let (answer, sent) = enos_list(&org.org_id, &group.user_group_id, 2_147_483_647, 1000).await;
    let answer = doc.check(&answer, &sent);
    assert_eq!(answer["data"]["users"], json!([]));
    assert_eq!(answer["data"]["pagination"]["totalElements"], total);

    // The vendor's sample: three users, the first the sample user.
    let (answer, sent) = enos_list(anchors::ENOS_ORG_ID, anchors::ENOS_USER_GROUP_ID, 0, 1).await;
    let answer = doc.check(&answer, &sent);
    assert_eq!(answer["data"]["pagination"]["totalElements"], 3);
    assert_eq!(answer["data"]["users"][0]["userId"], "your_user_id");
    // The snippet's org and group.
    let (answer, sent) = enos_list(
        anchors::ENOS_SNIPPET_ORG_ID,
        anchors::ENOS_SNIPPET_USER_GROUP_ID,
        0,
        100,
    )
    .await;
    doc.check(&answer, &sent);
}

#[tokio::test]
async fn enos_empty_group_has_an_empty_first_page() {
    let org = anchor_org();
    let empty = org.user_groups.iter().find(|g| g.users.is_empty());
    let group = &empty.expect("an empty group").user_group_id;
    let (answer, sent) = enos_list(&org.org_id, group, 0, 100).await;
    let doc = documented("listAssignedUser");
    let answer = doc.check(&answer, &sent);
    assert_eq!(answer["data"]["users"], json!([]));
    assert_eq!(answer["data"]["pagination"]["totalElements"], 0);
}

// =============================================================================================
// Huawei Cloud CodeArts Repo

fn codearts_members(group_id: i32) -> Vec<Value> {
    support::dataset()
        .huawei_codearts_repo
        .repository_groups
        .iter()
        .find(|g| g.group_id == group_id)
        .expect("the group is in the dataset")
        .member_groups
        .iter()
        .map(|m| {
            serde_json::to_value(vendor_api::codearts::ProjectUserGroupDto::from(m))
                .expect("a member")
        })
        .collect()
}

async fn codearts_page(group_id: i64, query: &str) -> Vec<Value> {
    let doc = documented("ListGroupUserGroups");
    let uri = codearts_uri(group_id, query);
    let answer = call(Service::HuaweiCodeartsRepo, Method::GET, &uri, None).await;
    doc.check(&answer, &uri)
        .as_array()
        .expect("an array")
        .clone()
}

#[tokio::test]
async fn codearts_pages_cover_the_group_once_in_order() {
    let group = anchors::CODEARTS_LARGE_GROUP_ID;
    let members = codearts_members(group);
    assert!(
        members.len() > 100,
        "the large group has more than one page of 100"
    );
    for limit in [100_usize, 37, 1] {
        let mut seen: Vec<Value> = Vec::new();
        let mut offset = 0;
        loop {
            let page =
                codearts_page(i64::from(group), &format!("offset={offset}&limit={limit}")).await;
            if page.is_empty() {
                assert!(offset >= members.len(), "an empty page at offset {offset}");
                break;
            }
            assert!(page.len() <= limit);
            for member in &page {
                assert!(
                    !seen.contains(member),
                    "offset {offset} limit {limit} repeats {member}"
                );
            }
            seen.extend(page);
            offset += limit;
        }
        assert_eq!(
            seen, members,
            "pages of {limit} together are the group, in order"
        );
    }
    // Defaults: offset 0, limit 20.
    assert_eq!(codearts_page(i64::from(group), "").await, members[..20]);
    // Past the end.
    assert_eq!(
        codearts_page(i64::from(group), &format!("offset={}", members.len())).await,
        Vec::<Value>::new()
    );
    assert_eq!(
        codearts_page(i64::from(group), "offset=2147483647&limit=100").await,
        Vec::<Value>::new()
    );
    // The empty group and the largest id.
    assert_eq!(
        codearts_page(i64::from(anchors::CODEARTS_EMPTY_GROUP_ID), "").await,
        Vec::<Value>::new()
    );
    let largest = codearts_members(anchors::CODEARTS_MAX_GROUP_ID);
    let page = codearts_page(i64::from(anchors::CODEARTS_MAX_GROUP_ID), "limit=100").await;
    assert_eq!(page, largest[..largest.len().min(100)]);
}

#[tokio::test]
async fn codearts_search_returns_only_that_user_group() {
    let group = anchors::CODEARTS_GROUP_ID;
    let members = codearts_members(group);
    let wanted = anchors::CODEARTS_USER_GROUP_ID;
    let expected: Vec<Value> = members
        .iter()
        .filter(|m| m["user_group_id"] == wanted)
        .cloned()
        .collect();
    assert!(
        expected.len() >= 2,
        "the vendor's two examples share the user group"
    );
    let found = codearts_page(i64::from(group), &format!("search={wanted}&limit=100")).await;
    assert_eq!(found, expected);
    // The first two members are the vendor's example answer.
    assert_eq!(
        codearts_page(i64::from(group), "limit=2").await,
        members[..2]
    );
    // Another member's id finds that member only; an id nobody has finds nothing; the search
    // applies before the paging.
    let other = members
        .iter()
        .find(|m| m["user_group_id"] != wanted)
        .expect("other members");
    let other_id = other["user_group_id"].as_str().expect("an id");
    let found = codearts_page(i64::from(group), &format!("search={other_id}")).await;
    assert!(
        !found.is_empty() && found.iter().all(|m| m["user_group_id"] == other_id),
        "{found:?}"
    );
    assert_eq!(
        codearts_page(i64::from(group), "search=nobody-has-this-id").await,
        Vec::<Value>::new()
    );
    assert_eq!(
        codearts_page(
            i64::from(group),
            &format!("search={wanted}&offset=1&limit=1")
        )
        .await,
        expected[1..2]
    );
}

// =============================================================================================
// Not found

#[tokio::test]
async fn unknown_resources_get_the_vendor_not_found_answer() {
    let dataset = support::dataset();
    let project = anchors::WORKSPACE_PROJECT_ID;
    let unknown_project = "00000000000000000000000000000000";
    assert!(dataset.workspace_project(unknown_project).is_none());
    for uri in [
        workspace_export_uri(unknown_project, anchors::WORKSPACE_GROUP_ID, ""),
        workspace_export_uri(project, "no-such-group", ""),
        format!("/v2/{unknown_project}/users/template/download"),
    ] {
        let answer = call(Service::HuaweiWorkspace, Method::GET, &uri, None).await;
        assert_error(
            Service::HuaweiWorkspace,
            &answer,
            StatusCode::NOT_FOUND,
            "WKS.00020404",
            &uri,
        );
    }

    let taken: BTreeSet<i32> = dataset
        .huawei_codearts_repo
        .repository_groups
        .iter()
        .map(|g| g.group_id)
        .collect();
    let free = (1..).find(|id| !taken.contains(id)).expect("a free id");
    for id in [free, taken.iter().max().copied().unwrap_or(1) - 1]
        .into_iter()
        .filter(|id| !taken.contains(id))
    {
        let uri = codearts_uri(i64::from(id), "");
        let answer = call(Service::HuaweiCodeartsRepo, Method::GET, &uri, None).await;
        assert_error(
            Service::HuaweiCodeartsRepo,
            &answer,
            StatusCode::NOT_FOUND,
            "CH.004404",
            &uri,
        );
    }

    for (org, group) in [
        ("o-no-such-org", anchors::ENOS_USER_GROUP_ID),
        (anchors::ENOS_ORG_ID, "ug-no-such-group"),
        // A group of another organization.
        (anchors::ENOS_ORG_ID, anchors::ENOS_SNIPPET_USER_GROUP_ID),
    ] {
        let body = enos_body(group, 0, 10);
        let answer = call(
            Service::EnosAppPortal,
            Method::POST,
            &enos_uri(org),
            Some(&body),
        )
        .await;
        assert_error(
            Service::EnosAppPortal,
            &answer,
            StatusCode::OK,
            "31404",
            &format!("{org} {group}"),
        );
    }
}

// =============================================================================================
// Malformed requests and missing credentials

/// A request with the vendor's credentials and this raw body.
fn raw(service: Service, method: Method, uri: &str, body: &'static str) -> Request<Body> {
    support::request(service, method, uri)
        .body(Body::from(body))
        .expect("a request")
}

#[tokio::test]
async fn malformed_bodies_are_answered_in_the_vendor_envelope() {
    let enos = enos_uri(anchors::ENOS_ORG_ID);
    let cases: [(&str, &'static str, &str, &str); 4] = [
        (
            "malformed JSON",
            "{\"userGroupId\": ",
            "31400",
            "InvalidParameter",
        ),
        ("no body", "", "31400", "MissingParameter"),
        ("a JSON array", "[]", "31400", "InvalidParameter"),
        (
            "a JSON array of the object",
            "[{}]",
            "31400",
            "InvalidParameter",
        ),
    ];
    for (what, body, enos_code, tencent_code) in cases {
        let answer = send(raw(Service::EnosAppPortal, Method::POST, &enos, body)).await;
        assert_error(
            Service::EnosAppPortal,
            &answer,
            StatusCode::OK,
            enos_code,
            what,
        );
        let answer = send(raw(Service::TencentCwp, Method::POST, "/", body)).await;
        assert_error(
            Service::TencentCwp,
            &answer,
            StatusCode::OK,
            tencent_code,
            what,
        );
    }
    // A body on the bodiless Huawei operations.
    let workspace = workspace_export_uri(
        anchors::WORKSPACE_PROJECT_ID,
        anchors::WORKSPACE_GROUP_ID,
        "",
    );
    let codearts = codearts_uri(i64::from(anchors::CODEARTS_GROUP_ID), "");
    for body in ["{\"oops\": ", "[]", "{}"] {
        let answer = send(raw(Service::HuaweiWorkspace, Method::GET, &workspace, body)).await;
        assert_error(
            Service::HuaweiWorkspace,
            &answer,
            StatusCode::BAD_REQUEST,
            "WKS.00020400",
            body,
        );
        let answer = send(raw(
            Service::HuaweiCodeartsRepo,
            Method::GET,
            &codearts,
            body,
        ))
        .await;
        assert_error(
            Service::HuaweiCodeartsRepo,
            &answer,
            StatusCode::BAD_REQUEST,
            "CH.004400",
            body,
        );
    }
}

#[tokio::test]
async fn missing_credentials_are_answered_in_the_vendor_envelope() {
    let enos_body = enos_body(anchors::ENOS_USER_GROUP_ID, 0, 10).to_string();
    let cases = [
        (
            Service::HuaweiWorkspace,
            Method::GET,
            workspace_export_uri(
                anchors::WORKSPACE_PROJECT_ID,
                anchors::WORKSPACE_GROUP_ID,
                "",
            ),
            String::new(),
            StatusCode::UNAUTHORIZED,
            "APIGW.0301",
        ),
        (
            Service::HuaweiWorkspace,
            Method::GET,
            format!(
                "/v2/{}/users/template/download",
                anchors::WORKSPACE_PROJECT_ID
            ),
            String::new(),
            StatusCode::UNAUTHORIZED,
            "APIGW.0301",
        ),
        (
            Service::HuaweiCodeartsRepo,
            Method::GET,
            codearts_uri(i64::from(anchors::CODEARTS_GROUP_ID), ""),
            String::new(),
            StatusCode::UNAUTHORIZED,
            "DEV.00000003",
        ),
        (
            Service::TencentCwp,
            Method::POST,
            "/".to_owned(),
            "{}".to_owned(),
            StatusCode::OK,
            "AuthFailure.InvalidAuthorization",
        ),
        (
            Service::EnosAppPortal,
            Method::POST,
            enos_uri(anchors::ENOS_ORG_ID),
            enos_body,
            StatusCode::OK,
            "31400",
        ),
    ];
    let credentials = ["x-auth-token", "authorization", "apim-accesstoken"];
    for (service, method, uri, body, status, code) in cases {
        // No credentials at all, then credentials of the wrong kind.
        for wrong in [None, Some("Basic dXNlcjpwYXNz")] {
            let mut request = support::request(service, method.clone(), &uri)
                .body(Body::from(body.clone()))
                .expect("a request");
            for name in credentials {
                request.headers_mut().remove(name);
            }
            if let Some(value) = wrong {
                request
                    .headers_mut()
                    .insert("authorization", value.parse().expect("a header value"));
            }
            let answer = send(request).await;
            assert_error(
                service,
                &answer,
                status,
                code,
                &format!("{uri} with {wrong:?}"),
            );
        }
    }
}
