//! The export flow end to end, in process, for each vendor: create an export, poll its task
//! until it is done, download the file and read the workbook back with a spreadsheet reader
//! (calamine), comparing its rows with the dataset. Each test runs its own application with a
//! manual clock, so that the task's whole life (pending, done, expired) is checked without
//! waiting.
//!
//! Expected values come from the vendors' pages (statuses, envelopes), DECISIONS.md ("Export
//! tasks": delay, retention, columns, languages, `Prefer: task=fail`) and the dataset.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};
use stub_data::{Clock, anchors, tencent_export_headings, workspace_export_headings};
use vendor_api::Service;
use vendor_api::tencent_cwp::TcLanguage;
use vendor_api::workspace::Language;

use crate::support::{self, Answer, error_code, request, send_to};

/// The workbook reader and the expected Tencent row, shared with stub-data's export tests.
#[path = "../../../stub-data/tests/shared/workbook.rs"]
mod workbook;
use workbook::{read_workbook, tencent_row};

/// 2026-02-10T08:00:00.000Z, the manual clocks' start.
const START_MS: i64 = 1_770_710_400_000;
/// The task delay of these tests' applications.
const DELAY_MS: i64 = 500;
/// The retention DECISIONS.md states: 7 days.
const RETENTION_MS: i64 = 7 * 24 * 3_600_000;
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const PROJECT: &str = anchors::WORKSPACE_PROJECT_ID;
const GROUP: &str = anchors::WORKSPACE_GROUP_ID;

/// An application of its own with a manual clock at [`START_MS`].
fn app(clock: &Clock, delay_ms: i64) -> Router {
    let mut config = stub_server::Config::default();
    config.tasks.clock = clock.clone();
    config.tasks.delay = Duration::from_millis(delay_ms as u64);
    support::app_with(config)
}

/// A request through `app` with the vendor's credentials (and, for Tencent, `action`).
async fn call(
    app: &Router,
    service: Service,
    method: Method,
    uri: &str,
    action: Option<&str>,
    extra: &[(&str, &str)],
    body: Option<&Value>,
) -> Answer {
    let mut builder = request(service, method, uri);
    if let (Some(action), Some(headers)) = (action, builder.headers_mut()) {
        headers.insert("x-tc-action", action.parse().expect("an ASCII action"));
    }
    for (name, value) in extra {
        builder = builder.header(*name, *value);
    }
    let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
    send_to(app.clone(), builder.body(body).expect("a request")).await
}

/// A Workspace GET with a token and these extra headers.
async fn workspace_get(app: &Router, uri: &str, extra: &[(&str, &str)]) -> Answer {
    call(
        app,
        Service::HuaweiWorkspace,
        Method::GET,
        uri,
        None,
        extra,
        None,
    )
    .await
}

/// A GET with Tencent's credentials, as the SDK's own client follows a download URL.
async fn tencent_get(app: &Router, path: &str) -> Answer {
    call(app, Service::TencentCwp, Method::GET, path, None, &[], None).await
}

/// Asserts a 200, showing the body otherwise.
#[track_caller]
fn assert_ok(answer: &Answer) {
    let body = String::from_utf8_lossy(&answer.bytes);
    assert_eq!(answer.status, StatusCode::OK, "{body}");
}

/// A plain GET without any credentials, as a browser or `curl` follows a download URL.
async fn plain_get(app: &Router, uri: &str) -> Answer {
    let request = Request::get(uri).body(Body::empty()).expect("a request");
    send_to(app.clone(), request).await
}

/// The workbook an answer carries as the attachment `file_name`: its only sheet's name and
/// cells.
#[track_caller]
fn attached_workbook(answer: &Answer, file_name: &str) -> (String, Vec<Vec<String>>) {
    assert_eq!(answer.content_type(), XLSX);
    assert_eq!(attachment_name(answer), file_name);
    read_workbook(&answer.bytes)
}

fn attachment_name(answer: &Answer) -> String {
    let disposition = answer
        .headers
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    disposition
        .strip_prefix("attachment; filename=\"")
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or_else(|| panic!("not an attachment: {disposition:?}"))
        .to_owned()
}

// =============================================================================================
// Huawei Cloud Workspace

async fn workspace_export(app: &Router, query: &str, extra: &[(&str, &str)]) -> String {
    let uri = format!("/v3/{PROJECT}/groups/{GROUP}/users/export?{query}");
    let answer = workspace_get(app, &uri, extra).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json());
    answer.json()["task_id"]
        .as_str()
        .expect("task_id")
        .to_owned()
}

/// `ListExportTasks` with `query`: the page as JSON.
async fn list_tasks(app: &Router, project: &str, query: &str) -> Value {
    let uri = format!("/v2/{project}/export-tasks?{query}");
    let answer = workspace_get(app, &uri, &[]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json());
    assert!(answer.headers.contains_key("x-request-id"));
    answer.json()
}

/// The one task `ListExportTasks?task_id=` finds.
async fn poll(app: &Router, task_id: &str) -> Value {
    let page = list_tasks(app, PROJECT, &format!("task_id={task_id}")).await;
    assert_eq!(page["count"], 1, "{page}");
    page["export_tasks"][0].clone()
}

async fn download(app: &Router, project: &str, task_id: &str) -> Answer {
    let uri = format!("/v2/{project}/export-tasks/{task_id}/download");
    workspace_get(app, &uri, &[]).await
}

/// The rows DECISIONS.md promises for these users of the anchor group: user name, email,
/// mobile phone, description, activation type and enterprise project ID, in group order.
fn workspace_rows(names: &[&str]) -> Vec<Vec<String>> {
    let group = support::dataset()
        .workspace_project(PROJECT)
        .and_then(|p| p.user_groups.iter().find(|g| g.group_id == GROUP))
        .expect("the anchor group");
    group
        .users
        .iter()
        .filter(|u| names.contains(&u.user_name.as_str()))
        .map(|u| {
            let active = serde_json::to_value(u.active_type).expect("serializable");
            vec![
                u.user_name.clone(),
                u.email.clone(),
                u.phone.clone(),
                u.description.clone(),
                active.as_str().expect("a string").to_owned(),
                u.enterprise_project_id.clone().unwrap_or_default(),
            ]
        })
        .collect()
}

#[tokio::test]
async fn workspace_export_flow_from_creation_to_download() {
    let clock = Clock::manual(START_MS);
    let app = app(&clock, DELAY_MS);
    let [a, b] = anchors::WORKSPACE_USER_NAMES;
    let task_id = workspace_export(
        &app,
        &format!("user_names={a}&user_names={b}&language=zh_CN"),
        &[],
    )
    .await;

    // Pending: CREATING, no end time, nothing to download yet.
    let task = poll(&app, &task_id).await;
    assert_eq!(task["status"], "CREATING");
    assert_eq!(task["create_time"], "2026-02-10T08:00:00.000Z");
    assert!(task.get("end_time").is_none(), "{task}");
    assert_eq!(task["is_download"], false);
    let early = download(&app, PROJECT, &task_id).await;
    assert_eq!(
        (
            early.status,
            error_code(Service::HuaweiWorkspace, &early).as_str()
        ),
        (StatusCode::NOT_FOUND, "WKS.00020404")
    );
    clock.advance(DELAY_MS - 1);
    assert_eq!(poll(&app, &task_id).await["status"], "CREATING");

    // Done after the delay.
    clock.advance(1);
    let task = poll(&app, &task_id).await;
    assert_eq!(task["status"], "SUCCESS", "{task}");
    assert_eq!(task["end_time"], "2026-02-10T08:00:00.500Z");
    let file_name = task["file_name"].as_str().expect("file_name").to_owned();
    assert!(
        file_name.ends_with(".xlsx"),
        "{file_name} is an Excel file name"
    );

    let answer = download(&app, PROJECT, &task_id).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.headers.contains_key("x-request-id"));
    let (sheet, rows) = attached_workbook(&answer, &file_name);
    // The headings are vendor facts kept in stub-data's data file (pinned by its tests).
    let (sheet_name, _, headings) = workspace_export_headings(Language::ZhCn);
    assert_eq!(sheet, sheet_name);
    assert_eq!(rows[0], headings);
    let expected = workspace_rows(&[a, b]);
    assert_eq!(expected.len(), 2, "both anchor users are in the group");
    assert_eq!(rows[1..], expected[..]);

    // The list now says it was downloaded; the file stays for the retention period.
    assert_eq!(poll(&app, &task_id).await["is_download"], true);
    clock.advance(RETENTION_MS - 1);
    assert_eq!(poll(&app, &task_id).await["status"], "SUCCESS");
    clock.advance(1);
    assert_eq!(poll(&app, &task_id).await["status"], "EXPIRED");
    let late = download(&app, PROJECT, &task_id).await;
    assert_eq!(
        (
            late.status,
            error_code(Service::HuaweiWorkspace, &late).as_str()
        ),
        (StatusCode::NOT_FOUND, "WKS.00020404")
    );
}

#[tokio::test]
async fn workspace_files_are_english_unless_chinese_is_asked_for() {
    let clock = Clock::manual(START_MS);
    let app = app(&clock, 0);
    for (query, language) in [
        ("", Language::EnUs),
        ("language=en_US", Language::EnUs),
        ("language=zh_CN", Language::ZhCn),
    ] {
        let (sheet, _, headings) = workspace_export_headings(language);
        let task_id = workspace_export(&app, query, &[]).await;
        let answer = download(&app, PROJECT, &task_id).await;
        assert_eq!(answer.status, StatusCode::OK, "{query}");
        let (name, rows) = read_workbook(&answer.bytes);
        assert_eq!(name, sheet, "{query}");
        assert_eq!(rows[0], headings, "{query}");
        // No filter: the whole group.
        let group_size = support::dataset()
            .workspace_project(PROJECT)
            .and_then(|p| p.user_groups.iter().find(|g| g.group_id == GROUP))
            .map(|g| g.users.len())
            .expect("the anchor group");
        assert_eq!(rows.len(), 1 + group_size, "{query}");
    }
}

#[tokio::test]
async fn workspace_listing_shows_this_process_tasks_in_creation_order() {
    let clock = Clock::manual(START_MS);
    let app = app(&clock, DELAY_MS);
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(workspace_export(&app, "", &[]).await);
        clock.advance(300);
    }
    // Now: +900 ms. The first two have ended (500 ms delay), the third runs until +1100.
    let page = list_tasks(&app, PROJECT, "").await;
    assert_eq!(page["count"], 3);
    let listed: Vec<(&str, &str)> = page["export_tasks"]
        .as_array()
        .expect("export_tasks")
        .iter()
        .map(|t| {
            (
                t["task_id"].as_str().unwrap_or(""),
                t["status"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            (ids[0].as_str(), "SUCCESS"),
            (ids[1].as_str(), "SUCCESS"),
            (ids[2].as_str(), "CREATING")
        ]
    );
    let newest_first = list_tasks(
        &app,
        PROJECT,
        "sort_field=create_time&sort_type=DESC&limit=1",
    )
    .await;
    assert_eq!(newest_first["count"], 3);
    assert_eq!(newest_first["export_tasks"][0]["task_id"], ids[2].as_str());
    let creating = list_tasks(&app, PROJECT, "status=CREATING").await;
    assert_eq!(creating["count"], 1);
    let second_page = list_tasks(&app, PROJECT, "offset=2&limit=2").await;
    assert_eq!(
        second_page["export_tasks"].as_array().map(Vec::len),
        Some(1)
    );
    // Another project lists none of them.
    let other = &support::dataset().huawei_workspace.projects[1].project_id;
    assert_eq!(list_tasks(&app, other, "").await["count"], 0);
}

#[tokio::test]
async fn workspace_unknown_and_foreign_tasks_are_not_found() {
    let clock = Clock::manual(START_MS);
    let app = app(&clock, 0);
    let task_id = workspace_export(&app, "", &[]).await;
    let other = support::dataset().huawei_workspace.projects[1]
        .project_id
        .clone();
    for (project, id) in [
        (PROJECT, "3f1f0e7c-6a7d-4b9e-9d1b-0c2f5a8e7d41"),
        (PROJECT, "no-such-task"),
        (other.as_str(), task_id.as_str()),
    ] {
        let answer = download(&app, project, id).await;
        assert_eq!(
            (
                answer.status,
                error_code(Service::HuaweiWorkspace, &answer).as_str()
            ),
            (StatusCode::NOT_FOUND, "WKS.00020404"),
            "{project} {id}"
        );
    }
    let unknown_project = download(&app, "no-such-project", &task_id).await;
    assert_eq!(unknown_project.status, StatusCode::NOT_FOUND);
    let answer = workspace_get(&app, "/v2/no-such-project/export-tasks", &[]).await;
    assert_eq!(
        (
            answer.status,
            error_code(Service::HuaweiWorkspace, &answer).as_str()
        ),
        (StatusCode::NOT_FOUND, "WKS.00020404")
    );
    // A task id no process knows is simply not listed.
    let page = list_tasks(&app, PROJECT, "task_id=no-such-task").await;
    assert_eq!(page, json!({"export_tasks": [], "count": 0}));
}

// =============================================================================================
// Tencent Cloud CWP

async fn tencent(app: &Router, action: &str, extra: &[(&str, &str)], body: &Value) -> Answer {
    let answer = call(
        app,
        Service::TencentCwp,
        Method::POST,
        "/",
        Some(action),
        extra,
        Some(body),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.content_type(), "application/json");
    answer
}

async fn tencent_export(app: &Router, extra: &[(&str, &str)], body: &Value) -> String {
    let answer = tencent(app, "ExportAssetUserList", extra, body)
        .await
        .json();
    answer["Response"]["TaskId"]
        .as_str()
        .unwrap_or_else(|| panic!("no TaskId: {answer}"))
        .to_owned()
}

/// `ExportTasks` for `task_id`: the `Response` object.
async fn export_tasks(app: &Router, task_id: &str) -> Value {
    let answer = tencent(app, "ExportTasks", &[], &json!({"TaskId": task_id})).await;
    let response = answer.json()["Response"].clone();
    assert!(
        response["RequestId"]
            .as_str()
            .is_some_and(|r| !r.is_empty()),
        "{response}"
    );
    response
}

/// The path and query of a download URL, which must point back at the host the request named.
/// The path of a finished task's download URL (the harness sends no Host header, so the URL
/// names the loopback address).
async fn download_path(app: &Router, task_id: &str) -> String {
    let finished = export_tasks(app, task_id).await;
    let url = finished["DownloadUrl"].as_str().expect("a URL");
    stub_path(url, "127.0.0.1")
}

fn stub_path(url: &str, host: &str) -> String {
    let prefix = format!("http://{host}/");
    let rest = url
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{url} does not point back at {host}"));
    format!("/{rest}")
}

#[tokio::test]
async fn tencent_export_flow_from_creation_to_download() {
    let clock = Clock::manual(START_MS);
    let app = app(&clock, DELAY_MS);
    // The SDK research's request, with English headings: root and admin of quuid-1 that
    // logged in on or after 2021-01-11, last login first.
    let body = json!({
        "Quuid": anchors::TENCENT_QUUID,
        "Filters": [{"Name": "Name", "Values": ["root", "admin"], "ExactMatch": true},
                    {"Name": "LoginTimeStart", "Values": ["2021-01-11"]}],
        "Order": "desc",
        "By": "LoginTime",
    });
    let task_id = tencent_export(&app, &[("X-TC-Language", "en-US")], &body).await;

    let pending = export_tasks(&app, &task_id).await;
    assert_eq!(pending["Status"], "PENDING", "{pending}");
    assert_eq!(pending["DownloadUrl"], "");
    let file_name = pending["FileName"].as_str().expect("FileName").to_owned();
    assert!(file_name.ends_with(".xlsx"));

    clock.advance(DELAY_MS);
    let finished = export_tasks(&app, &task_id).await;
    assert_eq!(finished["Status"], "FINISHED", "{finished}");
    assert_eq!(finished["FileName"], file_name.as_str());
    let url = finished["DownloadUrl"].as_str().expect("DownloadUrl");
    // The harness sends no Host header, so the URL names the loopback address.
    let path = stub_path(url, "127.0.0.1");
    assert!(path.ends_with(&format!("/{file_name}")), "{path}");

    let answer = tencent_get(&app, &path).await;
    assert_ok(&answer);
    let (sheet, rows) = attached_workbook(&answer, &file_name);
    let (sheet_name, _, headings) = tencent_export_headings(TcLanguage::EnUs);
    assert_eq!(sheet, sheet_name);
    assert_eq!(rows[0], headings);
    // Expected from the dataset: the host's root and admin with a login on or after the date,
    // by last login descending.
    let host = support::dataset()
        .tencent_cwp
        .hosts
        .iter()
        .find(|h| h.quuid == anchors::TENCENT_QUUID)
        .expect("the anchor host");
    let mut accounts: Vec<&stub_data::TencentAccount> = host
        .accounts
        .iter()
        .filter(|a| a.name == "root" || a.name == "admin")
        .filter(|a| {
            a.login_time
                .as_deref()
                .is_some_and(|t| &t[..10] >= "2021-01-11")
        })
        .collect();
    accounts.sort_by(|x, y| y.login_time.cmp(&x.login_time));
    let expected: Vec<Vec<String>> = accounts.iter().map(|a| tencent_row(host, a)).collect();
    assert_eq!(expected.len(), 2, "the anchor host's root and admin");
    assert_eq!(rows[1..], expected[..]);

    // After the retention period Tencent no longer knows the task.
    clock.advance(RETENTION_MS);
    let gone = tencent(&app, "ExportTasks", &[], &json!({"TaskId": task_id})).await;
    assert_eq!(error_code(Service::TencentCwp, &gone), "ResourceNotFound");
    let late = tencent_get(&app, &path).await;
    assert_eq!(late.status, StatusCode::NOT_FOUND);
    assert_eq!(late.json()["Response"]["Error"]["Code"], "ResourceNotFound");
}

#[tokio::test]
async fn tencent_files_are_chinese_unless_english_is_asked_for() {
    let clock = Clock::manual(START_MS);
    let app = app(&clock, 0);
    for (language, expected) in [
        (None, TcLanguage::ZhCn),
        (Some("zh-CN"), TcLanguage::ZhCn),
        (Some("en-US"), TcLanguage::EnUs),
    ] {
        let (sheet, _, headings) = tencent_export_headings(expected);
        let extra: Vec<(&str, &str)> = language.map(|l| ("X-TC-Language", l)).into_iter().collect();
        let task_id = tencent_export(&app, &extra, &json!({})).await;
        let path = download_path(&app, &task_id).await;
        let answer = tencent_get(&app, &path).await;
        let (name, rows) = read_workbook(&answer.bytes);
        assert_eq!(name, sheet, "{language:?}");
        assert_eq!(rows[0], headings, "{language:?}");
        let accounts: usize = support::dataset()
            .tencent_cwp
            .hosts
            .iter()
            .map(|h| h.accounts.len())
            .sum();
        assert_eq!(rows.len(), 1 + accounts, "{language:?}: every account");
    }
}

#[tokio::test]
async fn tencent_download_url_names_the_host_the_client_used() {
    let clock = Clock::manual(START_MS);
    let app = app(&clock, 0);
    let task_id = tencent_export(&app, &[], &json!({})).await;
    let answer = call(
        &app,
        Service::TencentCwp,
        Method::POST,
        "/",
        Some("ExportTasks"),
        &[("host", "stub.example:8080")],
        Some(&json!({"TaskId": task_id})),
    )
    .await;
    let url = answer.json()["Response"]["DownloadUrl"]
        .as_str()
        .expect("a URL")
        .to_owned();
    assert!(
        url.starts_with("http://stub.example:8080/stub-downloads/tencent-cwp/"),
        "{url}"
    );
}

#[tokio::test]
async fn tencent_download_url_needs_no_credentials() {
    let clock = Clock::manual(START_MS);
    let app = app(&clock, 0);
    let task_id = tencent_export(&app, &[], &json!({})).await;
    let answer = plain_get(&app, &download_path(&app, &task_id).await).await;
    assert_ok(&answer);
    assert_eq!(answer.content_type(), XLSX);
}

#[tokio::test]
async fn tencent_unknown_tasks_and_wrong_file_names_are_not_found() {
    let clock = Clock::manual(START_MS);
    let app = app(&clock, 0);
    // The vendor's example id, and another vendor's task id.
    let workspace_id = workspace_export(&app, "", &[]).await;
    for id in ["24563", workspace_id.as_str(), ""] {
        let answer = tencent(&app, "ExportTasks", &[], &json!({"TaskId": id})).await;
        assert_eq!(
            error_code(Service::TencentCwp, &answer),
            "ResourceNotFound",
            "{id:?}"
        );
    }
    let task_id = tencent_export(&app, &[], &json!({})).await;
    let finished = export_tasks(&app, &task_id).await;
    let file_name = finished["FileName"].as_str().expect("FileName");
    for path in [
        format!("/stub-downloads/tencent-cwp/{task_id}/other.xlsx"),
        format!("/stub-downloads/tencent-cwp/24563/{file_name}"),
    ] {
        let answer = tencent_get(&app, &path).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            answer.json()["Response"]["Error"]["Code"],
            "ResourceNotFound"
        );
    }
    // Each action takes only its own fields: TaskId is unknown to ExportAssetUserList.
    let answer = tencent(
        &app,
        "ExportAssetUserList",
        &[],
        &json!({"TaskId": task_id}),
    )
    .await;
    assert_eq!(error_code(Service::TencentCwp, &answer), "UnknownParameter");
    let answer = tencent(&app, "ExportTasks", &[], &json!({})).await;
    assert_eq!(error_code(Service::TencentCwp, &answer), "MissingParameter");
}

// =============================================================================================
// Both vendors

#[tokio::test]
async fn prefer_task_fail_makes_the_task_fail_when_it_ends() {
    let clock = Clock::manual(START_MS);
    let app = app(&clock, DELAY_MS);
    let prefer = [("Prefer", "task=fail")];

    let uri = format!("/v3/{PROJECT}/groups/{GROUP}/users/export");
    let created = workspace_get(&app, &uri, &prefer).await;
    assert_eq!(created.status, StatusCode::OK);
    assert_eq!(created.headers["preference-applied"], "task=fail");
    let workspace_id = created.json()["task_id"]
        .as_str()
        .expect("task_id")
        .to_owned();
    let tencent_id = tencent_export(&app, &prefer, &json!({})).await;

    assert_eq!(poll(&app, &workspace_id).await["status"], "CREATING");
    assert_eq!(export_tasks(&app, &tencent_id).await["Status"], "PENDING");
    clock.advance(DELAY_MS);
    let task = poll(&app, &workspace_id).await;
    assert_eq!(task["status"], "FAIL", "{task}");
    assert!(task["fail_reason"].as_str().is_some_and(|r| !r.is_empty()));
    assert!(
        task["error_code"]
            .as_str()
            .is_some_and(|c| c.starts_with("WKS."))
    );
    assert_eq!(task["end_time"], "2026-02-10T08:00:00.500Z");
    let answer = download(&app, PROJECT, &workspace_id).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let error = export_tasks(&app, &tencent_id).await;
    assert_eq!(error["Status"], "ERROR");
    assert_eq!(error["DownloadUrl"], "");
    // A failed task stays failed; only files expire.
    clock.advance(RETENTION_MS * 2);
    assert_eq!(poll(&app, &workspace_id).await["status"], "FAIL");
    assert_eq!(export_tasks(&app, &tencent_id).await["Status"], "ERROR");
}

#[tokio::test]
async fn replicas_agree_without_shared_state() {
    // Two processes: their own ledgers, the same dataset and clock time; the second was
    // started with another task delay, which does not change a task created by the first.
    let clock_a = Clock::manual(START_MS);
    let clock_b = Clock::manual(START_MS);
    let a = app(&clock_a, DELAY_MS);
    let b = app(&clock_b, 60_000);
    let workspace_id = workspace_export(&a, "user_names=alice", &[]).await;
    let tencent_id = tencent_export(&a, &[], &json!({"Quuid": anchors::TENCENT_QUUID})).await;
    for clock in [&clock_a, &clock_b] {
        clock.advance(DELAY_MS);
    }
    assert_eq!(poll(&a, &workspace_id).await, poll(&b, &workspace_id).await);
    let from_a = download(&a, PROJECT, &workspace_id).await;
    let from_b = download(&b, PROJECT, &workspace_id).await;
    assert_eq!(from_b.status, StatusCode::OK);
    assert_eq!(
        from_a.bytes, from_b.bytes,
        "the same workbook, byte for byte"
    );
    let mut state_a = export_tasks(&a, &tencent_id).await;
    let mut state_b = export_tasks(&b, &tencent_id).await;
    for state in [&mut state_a, &mut state_b] {
        state.as_object_mut().map(|s| s.remove("RequestId"));
    }
    assert_eq!(state_a, state_b);
    assert_eq!(state_b["Status"], "FINISHED");
    // The listing without a task id shows what each process created itself.
    assert_eq!(list_tasks(&a, PROJECT, "").await["count"], 1);
    assert_eq!(
        list_tasks(&b, PROJECT, "").await["count"],
        1,
        "b served a download of it"
    );
}

#[tokio::test]
async fn the_system_clock_runs_a_short_task_to_completion() {
    // The default settings use the system clock; a 1 ms delay keeps the wait short.
    let mut config = stub_server::Config::default();
    config.tasks.delay = Duration::from_millis(1);
    let app = support::app_with(config);
    let task_id = workspace_export(&app, "", &[]).await;
    let mut status = String::new();
    for _ in 0..50 {
        status = poll(&app, &task_id).await["status"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if status == "SUCCESS" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    assert_eq!(status, "SUCCESS");
    assert_eq!(
        download(&app, PROJECT, &task_id).await.status,
        StatusCode::OK
    );
    // And the default delay is short but not zero (DECISIONS.md: 500 ms).
    assert_eq!(
        stub_server::Config::default().tasks.delay,
        Duration::from_millis(500)
    );
}

#[test]
fn only_the_stub_download_is_served_without_credentials() {
    let contracts = stub_server::contract::Contracts::load().expect("the documents compile");
    let free: Vec<&str> = contracts
        .operations
        .iter()
        .filter(|op| !op.credentials)
        .map(|op| op.operation_id.as_str())
        .collect();
    assert_eq!(free, ["StubDownloadTencentExport"]);
    let download = contracts
        .operations
        .iter()
        .find(|op| op.operation_id == "StubDownloadTencentExport")
        .expect("compiled");
    assert_eq!(
        download.service,
        Service::TencentCwp,
        "answers in Tencent's envelope"
    );
    assert_eq!(
        download.route,
        "/stub-downloads/tencent-cwp/{task_id}/{file_name}"
    );
}
