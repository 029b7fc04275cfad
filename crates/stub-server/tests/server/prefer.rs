//! `Prefer` read once, at admission, and `Preference-Applied` listing every preference the
//! stub honoured (RFC 7240), `task=fail` included beside `code` and `delay` (issue 14).

use axum::body::Body;
use axum::http::{Method, StatusCode};
use serde_json::json;
use vendor_api::Service;

use crate::support::{Answer, request, send};

/// The Workspace project and user group every dataset holds (README, "What the stub serves").
const EXPORT: &str = "/v3/0bec5db98280d2d02fd6c00c2de791ce/groups/grp-123/users/export";

async fn workspace_export(prefer: &str) -> Answer {
    let request = request(Service::HuaweiWorkspace, Method::GET, EXPORT)
        .header("Prefer", prefer)
        .body(Body::empty())
        .expect("a valid request");
    send(request).await
}

#[tokio::test]
async fn task_fail_and_delay_are_both_reported_as_applied() {
    let answer = workspace_export("task=fail, delay=10").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers["preference-applied"], "task=fail, delay=10");
    // One header, not two that a client would have to join.
    assert_eq!(
        answer.headers.get_all("preference-applied").iter().count(),
        1
    );
}

#[tokio::test]
async fn every_honoured_preference_is_listed_in_one_header() {
    let answer = workspace_export("delay=10, code=200, task=fail").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.headers["preference-applied"],
        "code=200, task=fail, delay=10"
    );
}

#[tokio::test]
async fn tencent_exports_report_task_fail_and_delay_too() {
    let request = request(Service::TencentCwp, Method::POST, "/")
        .header("Prefer", "task=fail")
        .header("Prefer", "delay=10")
        .body(Body::from(json!({}).to_string()))
        .expect("a valid request");
    let answer = send(request).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer.json()["Response"]["TaskId"].is_string(),
        "{:?}",
        answer.json()
    );
    assert_eq!(answer.headers["preference-applied"], "task=fail, delay=10");
}

#[tokio::test]
async fn task_fail_is_not_reported_where_no_task_is_created() {
    let request = request(
        Service::HuaweiCodeartsRepo,
        Method::GET,
        "/v4/groups/123/user-groups",
    )
    .header("Prefer", "task=fail, delay=10")
    .body(Body::empty())
    .expect("a valid request");
    let answer = send(request).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers["preference-applied"], "delay=10");
}

#[tokio::test]
async fn an_injected_failure_creates_no_task_so_task_fail_is_not_applied() {
    let answer = workspace_export("task=fail, code=404").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.headers["preference-applied"], "code=404");
}
