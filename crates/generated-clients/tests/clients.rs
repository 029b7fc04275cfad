//! Drives the stub server through the clients progenitor generated from the OpenAPI 3.0.3
//! twins: every operation once with a request that succeeds, its typed result checked against
//! the dataset the stub serves, and once with a request that breaks a documented constraint,
//! its typed error checked against the document.
//!
//! The stub runs in this process on a free port of 127.0.0.1 and is shut down when the cases
//! are over, whether they passed or not. Each case runs in its own task, so a failing
//! assertion ends that case only; the test writes `target/coverage/progenitor-client.json`
//! and then fails if any case did.
//!
//! Where an error reaches the client depends on what the document declares:
//! - Huawei Workspace and CodeArts declare their 4xx answers with an error schema, so
//!   progenitor returns `Error::ErrorResponse` carrying the typed `WorkspaceError` or
//!   `CodeArtsError` body.
//! - Tencent and EnOS declare only HTTP 200, whose schema holds the error: the call returns
//!   `Ok`, and the error is the `TencentErrorResult` variant of the generated `oneOf` enum, or
//!   a non-zero `code` with `data` null. No validation error of theirs is an
//!   `UnexpectedResponse`, which only a status the document does not list would give.

use std::collections::BTreeMap;
use std::future::Future;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::Request;
use axum::middleware::Next;
use generated_clients::{
    enos_app_portal as enos, huawei_codearts_repo as codearts, huawei_workspace as workspace,
    tencent_cwp as tencent,
};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::json;
use stub_data::{Dataset, anchors};

/// Name of this suite in the coverage files.
const SUITE: &str = "progenitor-client";
/// The five operations, in the order the coverage file lists them.
const OPERATIONS: [&str; 5] = [
    "ExportUserGroupUsersNew",
    "ExportUsersTemplate",
    "ExportAssetUserList",
    "listAssignedUser",
    "ListGroupUserGroups",
];
/// How long one case may take, all of its calls included.
const CASE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long one HTTP call may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);
/// Upper bound on the calls the whole run makes; exceeding it is a failure.
const MAX_CALLS: usize = 100;
/// Media type of the template workbook, as the document declares it.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// ---------------------------------------------------------------------------------------------
// The stub and the clients

/// The stub server, serving in this process until [`Stub::stop`].
struct Stub {
    base_url: String,
    calls: Arc<AtomicUsize>,
    shutdown: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Stub {
    /// Serves `dataset` on a free port of 127.0.0.1, counting the requests that reach it.
    async fn start(dataset: Dataset) -> Stub {
        let state = stub_server::AppState::new(dataset).expect("the documents compile");
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&calls);
        let app = stub_server::router(Arc::new(state)).layer(axum::middleware::from_fn(
            move |request: Request, next: Next| {
                counter.fetch_add(1, Ordering::SeqCst);
                next.run(request)
            },
        ));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port on 127.0.0.1");
        let address = listener
            .local_addr()
            .expect("a bound listener has an address");
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    // A dropped sender stops the server as well.
                    let _ = stopped.await;
                })
                .await
        });
        Stub {
            base_url: format!("http://{address}"),
            calls,
            shutdown,
            server,
        }
    }

    /// Stops the server, waits for it, and returns how many requests it served.
    async fn stop(self) -> usize {
        let _ = self.shutdown.send(());
        match tokio::time::timeout(Duration::from_secs(10), self.server).await {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(e))) => panic!("the stub failed while serving: {e}"),
            Ok(Err(e)) => panic!("the stub's task failed: {e}"),
            Err(_) => panic!("the stub did not stop within 10 seconds"),
        }
        self.calls.load(Ordering::SeqCst)
    }
}

/// What every case gets: where the stub is and the data it serves.
struct Context {
    base_url: String,
    dataset: Dataset,
}

/// An HTTP client for the stub with these headers on every request. progenitor does not
/// generate code for `securitySchemes`, so credentials go in as default headers. The stub
/// checks that they are present, not what they sign.
fn http(credentials: &[(&'static str, &str)]) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    for (name, value) in credentials {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_str(value).expect("a valid header value"),
        );
    }
    reqwest::Client::builder()
        .default_headers(headers)
        .timeout(CALL_TIMEOUT)
        .connect_timeout(CALL_TIMEOUT)
        // Only 127.0.0.1 is called; a proxy from the environment must not see the traffic.
        .no_proxy()
        .build()
        .expect("a reqwest client")
}

const HUAWEI_TOKEN: (&str, &str) = ("x-auth-token", "MIItest-token-for-the-stub");
const TENCENT_SIGNATURE: (&str, &str) = (
    "authorization",
    "TC3-HMAC-SHA256 Credential=AKIDTEST/2025-09-17/cwp/tc3_request, \
     SignedHeaders=content-type;host, Signature=0000",
);
const ENOS_TOKEN: (&str, &str) = ("apim-accesstoken", "test-access-token");

impl Context {
    fn workspace(&self) -> workspace::Client {
        workspace::Client::new_with_client(&self.base_url, http(&[HUAWEI_TOKEN]))
    }

    fn tencent(&self) -> tencent::Client {
        tencent::Client::new_with_client(&self.base_url, http(&[TENCENT_SIGNATURE]))
    }

    fn enos(&self) -> enos::Client {
        enos::Client::new_with_client(&self.base_url, http(&[ENOS_TOKEN]))
    }

    /// CodeArts declares `X-Auth-Token` as a header parameter, so the token is passed per
    /// call through the generated builder rather than as a default header.
    fn codearts(&self) -> codearts::Client {
        codearts::Client::new_with_client(&self.base_url, http(&[]))
    }

    /// Clients without any credentials, for the authentication cases.
    fn workspace_anonymous(&self) -> workspace::Client {
        workspace::Client::new_with_client(&self.base_url, http(&[]))
    }

    fn tencent_anonymous(&self) -> tencent::Client {
        tencent::Client::new_with_client(&self.base_url, http(&[]))
    }
}

// ---------------------------------------------------------------------------------------------
// Dataset look-ups

fn workspace_group<'d>(
    dataset: &'d Dataset,
    project_id: &str,
    group_id: &str,
) -> &'d stub_data::WorkspaceUserGroup {
    dataset
        .huawei_workspace
        .projects
        .iter()
        .find(|p| p.project_id == project_id)
        .and_then(|p| p.user_groups.iter().find(|g| g.group_id == group_id))
        .unwrap_or_else(|| panic!("the dataset has group {group_id} in project {project_id}"))
}

fn tencent_host<'d>(dataset: &'d Dataset, quuid: &str) -> &'d stub_data::TencentHost {
    dataset
        .tencent_cwp
        .hosts
        .iter()
        .find(|h| h.quuid == quuid)
        .unwrap_or_else(|| panic!("the dataset has host {quuid}"))
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

fn codearts_group(dataset: &Dataset, group_id: i32) -> &stub_data::CodeArtsRepositoryGroup {
    dataset
        .huawei_codearts_repo
        .repository_groups
        .iter()
        .find(|g| g.group_id == group_id)
        .unwrap_or_else(|| panic!("the dataset has repository group {group_id}"))
}

// ---------------------------------------------------------------------------------------------
// Shapes the documents and DECISIONS.md give

/// A lowercase 8-4-4-4-12 UUID of version 8 with the RFC 9562 variant (DECISIONS.md, "Task
/// ids").
fn assert_uuid_v8(text: &str) {
    let groups: Vec<&str> = text.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    assert_eq!(lengths, [8, 4, 4, 4, 12], "not a UUID: {text}");
    assert!(
        text.chars()
            .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c)),
        "not lowercase hex: {text}"
    );
    assert!(groups[2].starts_with('8'), "not version 8: {text}");
    assert!(
        groups[3].starts_with(['8', '9', 'a', 'b']),
        "not the RFC 9562 variant: {text}"
    );
}

/// A decimal in 1..=2^53 − 1 without leading zeros (DECISIONS.md, "Task ids").
fn assert_tencent_task_id(text: &str) {
    assert!(
        !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()),
        "not a decimal: {text:?}"
    );
    assert!(!text.starts_with('0'), "leading zero or zero: {text}");
    let value: u64 = text.parse().expect("a decimal fits u64 when below 2^53");
    assert!(value < (1 << 53), "not JavaScript-safe: {text}");
}

/// A Huawei error answer: its status, `X-Request-Id` and body.
fn huawei_error<E: std::fmt::Debug>(
    result: Result<impl std::fmt::Debug, progenitor_client::Error<E>>,
) -> (u16, bool, E) {
    match result {
        Err(progenitor_client::Error::ErrorResponse(response)) => {
            let status = response.status().as_u16();
            let has_request_id = response.headers().contains_key("x-request-id");
            (status, has_request_id, response.into_inner())
        }
        other => panic!("expected a documented error response, got {other:?}"),
    }
}

fn workspace_error(
    result: Result<impl std::fmt::Debug, workspace::Error<workspace::types::WorkspaceError>>,
    status: u16,
    code: &str,
) -> workspace::types::WorkspaceError {
    let (got_status, has_request_id, body) = huawei_error(result);
    assert_eq!(got_status, status, "{body:?}");
    assert!(has_request_id, "no X-Request-Id on {body:?}");
    assert_eq!(body.error_code, code, "{body:?}");
    assert!(!body.error_msg.is_empty(), "{body:?}");
    body
}

fn codearts_error(
    result: Result<impl std::fmt::Debug, codearts::Error<codearts::types::CodeArtsError>>,
    status: u16,
    code: &str,
) -> codearts::types::CodeArtsError {
    let (got_status, has_request_id, body) = huawei_error(result);
    assert_eq!(got_status, status, "{body:?}");
    assert!(has_request_id, "no X-Request-Id on {body:?}");
    assert_eq!(body.error_code, code, "{body:?}");
    assert!(!body.error_msg.is_empty(), "{body:?}");
    body
}

// ---------------------------------------------------------------------------------------------
// Huawei Workspace: ExportUserGroupUsersNew

async fn export_users(
    client: &workspace::Client,
    group_id: &str,
    user_names: &[&str],
) -> workspace::ResponseValue<workspace::types::ExportUserGroupUsersResponse> {
    client
        .export_user_group_users_new()
        .project_id(anchors::WORKSPACE_PROJECT_ID)
        .group_id(group_id)
        .user_names(user_names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
        .send()
        .await
        .expect("the export is accepted")
}

/// The export of a group's users: `user_names` is sent as repeated keys, its order does not
/// change the task, and a different selection is a different task.
async fn workspace_export_succeeds(ctx: Arc<Context>) {
    let client = ctx.workspace();
    let group = workspace_group(
        &ctx.dataset,
        anchors::WORKSPACE_PROJECT_ID,
        anchors::WORKSPACE_GROUP_ID,
    );
    let names: Vec<&str> = group.users.iter().map(|u| u.user_name.as_str()).collect();
    assert!(names.len() >= 2, "group {} has two users", group.group_id);
    let (first, second) = (names[0], names[1]);

    let both = export_users(&client, &group.group_id, &[first, second]).await;
    assert_eq!(both.status().as_u16(), 200);
    assert!(both.headers().contains_key("x-request-id"));
    let both = both.into_inner().task_id;
    assert_uuid_v8(&both);

    let reversed = export_users(&client, &group.group_id, &[second, first])
        .await
        .into_inner()
        .task_id;
    assert_eq!(
        reversed, both,
        "the order of user_names selects the same users"
    );

    let one = export_users(&client, &group.group_id, &[first])
        .await
        .into_inner()
        .task_id;
    assert_uuid_v8(&one);
    assert_ne!(one, both, "a different selection is a different task");

    // `user_name` ignores case: the upper-case form of a user's name selects the same user.
    let by_name = |name: String| {
        client
            .export_user_group_users_new()
            .project_id(anchors::WORKSPACE_PROJECT_ID)
            .group_id(group.group_id.as_str())
            .user_name(name)
            .x_project_id(anchors::WORKSPACE_PROJECT_ID)
            .send()
    };
    let lower = by_name(first.to_lowercase()).await.expect("accepted");
    let upper = by_name(first.to_uppercase()).await.expect("accepted");
    assert_eq!(lower.into_inner().task_id, upper.into_inner().task_id);
}

/// `X-Project-Id` must repeat the path's project (the document's description of the header).
async fn workspace_export_rejects_project_mismatch(ctx: Arc<Context>) {
    let other_project = format!("{}0", anchors::WORKSPACE_PROJECT_ID);
    let result = ctx
        .workspace()
        .export_user_group_users_new()
        .project_id(anchors::WORKSPACE_PROJECT_ID)
        .group_id(anchors::WORKSPACE_GROUP_ID)
        .x_project_id(other_project)
        .send()
        .await;
    let body = workspace_error(result, 400, "WKS.00020400");
    assert!(body.error_msg.contains("X-Project-Id"), "{body:?}");
}

/// A group the dataset does not have is the documented 404.
async fn workspace_export_unknown_group(ctx: Arc<Context>) {
    let project = ctx
        .dataset
        .huawei_workspace
        .projects
        .iter()
        .find(|p| p.project_id == anchors::WORKSPACE_PROJECT_ID)
        .expect("the anchor project");
    let missing = "grp-not-in-the-dataset";
    assert!(project.user_groups.iter().all(|g| g.group_id != missing));
    let result = ctx
        .workspace()
        .export_user_group_users_new()
        .project_id(anchors::WORKSPACE_PROJECT_ID)
        .group_id(missing)
        .send()
        .await;
    workspace_error(result, 404, "WKS.00020404");
}

/// Without a token or signature the gateway answers 401 `APIGW.0301`.
async fn workspace_export_needs_credentials(ctx: Arc<Context>) {
    let result = ctx
        .workspace_anonymous()
        .export_user_group_users_new()
        .project_id(anchors::WORKSPACE_PROJECT_ID)
        .group_id(anchors::WORKSPACE_GROUP_ID)
        .send()
        .await;
    workspace_error(result, 401, "APIGW.0301");
}

// ---------------------------------------------------------------------------------------------
// Huawei Workspace: ExportUsersTemplate

/// Reads a binary response to its end.
async fn read_all(stream: workspace::ByteStream) -> Vec<u8> {
    let mut inner = stream.into_inner();
    let mut bytes = Vec::new();
    while let Some(chunk) = std::future::poll_fn(|cx| inner.as_mut().poll_next(cx)).await {
        bytes.extend_from_slice(&chunk.expect("the body arrives"));
    }
    bytes
}

/// The number of cells in the first row of the workbook's first sheet.
fn header_cells(workbook: &[u8]) -> usize {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(workbook))
        .expect("an .xlsx workbook is a zip archive");
    let mut sheet = String::new();
    archive
        .by_name("xl/worksheets/sheet1.xml")
        .expect("the workbook has a first sheet")
        .read_to_string(&mut sheet)
        .expect("the sheet is UTF-8 XML");
    let start = sheet
        .find("<row r=\"1\"")
        .expect("the sheet has a first row");
    let end = start + sheet[start..].find("</row>").expect("the first row ends");
    sheet[start..end].matches("<c ").count()
}

async fn template(
    client: &workspace::Client,
    language: workspace::types::Language,
    active_type: workspace::types::ActiveType,
) -> (String, String, Vec<u8>) {
    let response = client
        .export_users_template()
        .project_id(anchors::WORKSPACE_PROJECT_ID)
        .language(language)
        .active_type(active_type)
        .send()
        .await
        .expect("the template is returned");
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers().contains_key("x-request-id"));
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let (content_type, disposition) = (header("content-type"), header("content-disposition"));
    (
        content_type,
        disposition,
        read_all(response.into_inner()).await,
    )
}

/// The template is an Excel workbook named after its language and activation type, and the
/// admin-activated one has one more column (the initial password) than the other.
async fn workspace_template_succeeds(ctx: Arc<Context>) {
    use workspace::types::{ActiveType, Language};
    let client = ctx.workspace();
    let (admin_type, admin_disposition, admin) =
        template(&client, Language::ZhCn, ActiveType::AdminActivate).await;
    let (user_type, user_disposition, user) =
        template(&client, Language::EnUs, ActiveType::UserActivate).await;
    for content_type in [&admin_type, &user_type] {
        assert_eq!(content_type, XLSX);
    }
    // The file name pattern is the one the document's Content-Disposition example shows.
    for (disposition, language, active) in [
        (&admin_disposition, "zh_CN", "ADMIN_ACTIVATE"),
        (&user_disposition, "en_US", "USER_ACTIVATE"),
    ] {
        assert!(disposition.starts_with("attachment"), "{disposition}");
        let name = format!("user_import_template_{language}_{active}.xlsx");
        assert!(disposition.contains(&name), "{disposition} names {name}");
    }
    assert!(admin.starts_with(b"PK\x03\x04"), "not a zip archive");
    let (admin_columns, user_columns) = (header_cells(&admin), header_cells(&user));
    assert!(user_columns > 0);
    assert_eq!(
        admin_columns,
        user_columns + 1,
        "the initial password column"
    );
}

/// The template download checks `X-Project-Id` as the export does.
async fn workspace_template_rejects_project_mismatch(ctx: Arc<Context>) {
    let result = ctx
        .workspace()
        .export_users_template()
        .project_id(anchors::WORKSPACE_PROJECT_ID)
        .x_project_id("another-project")
        .send()
        .await
        .map(|response| response.status());
    let body = workspace_error(result, 400, "WKS.00020400");
    assert!(body.error_msg.contains("X-Project-Id"), "{body:?}");
}

/// A project the dataset does not have is the documented 404, in JSON although the success
/// answer is a workbook.
async fn workspace_template_unknown_project(ctx: Arc<Context>) {
    let missing = "ffffffffffffffffffffffffffffffff";
    assert!(
        ctx.dataset
            .huawei_workspace
            .projects
            .iter()
            .all(|p| p.project_id != missing)
    );
    let result = ctx
        .workspace()
        .export_users_template()
        .project_id(missing)
        .send()
        .await
        .map(|response| response.status());
    workspace_error(result, 404, "WKS.00020404");
}

// ---------------------------------------------------------------------------------------------
// Tencent CWP: ExportAssetUserList

fn now() -> i64 {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs();
    i64::try_from(seconds).expect("seconds fit i64")
}

fn name_filter(values: &[&str], exact: bool) -> tencent::types::Filter {
    tencent::types::Filter {
        name: tencent::types::FilterName::Name,
        values: values.iter().map(|v| v.to_string()).collect(),
        exact_match: Some(exact),
    }
}

/// One export call with the common headers filled in through the generated builder.
async fn tencent_export(
    client: &tencent::Client,
    body: tencent::types::ExportAssetUserListRequest,
) -> tencent::types::ExportAssetUserListOutcome {
    let response = client
        .export_asset_user_list()
        .x_tc_action(tencent::types::Action::ExportAssetUserList)
        .x_tc_version(tencent::types::ApiVersion::X20180228)
        .x_tc_timestamp(now())
        .x_tc_region("ap-guangzhou")
        .x_tc_language(tencent::types::TcLanguage::EnUs)
        .body(body)
        .send()
        .await
        .expect("every Tencent answer is HTTP 200 with the documented body");
    assert_eq!(response.status().as_u16(), 200);
    let content_type = response.headers().get("content-type").cloned();
    assert_eq!(
        content_type.as_ref().and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    response.into_inner().response
}

fn tencent_result(
    outcome: tencent::types::ExportAssetUserListOutcome,
) -> tencent::types::ExportAssetUserListResult {
    match outcome {
        tencent::types::ExportAssetUserListOutcome::ExportAssetUserListResult(result) => result,
        tencent::types::ExportAssetUserListOutcome::TencentErrorResult(error) => {
            panic!("expected a result, got {error:?}")
        }
    }
}

fn tencent_error(
    outcome: tencent::types::ExportAssetUserListOutcome,
) -> tencent::types::TencentError {
    match outcome {
        tencent::types::ExportAssetUserListOutcome::TencentErrorResult(error) => {
            assert!(!error.request_id.is_empty(), "{error:?}");
            assert!(!error.error.message.is_empty(), "{error:?}");
            error.error
        }
        tencent::types::ExportAssetUserListOutcome::ExportAssetUserListResult(result) => {
            panic!("expected an error, got {result:?}")
        }
    }
}

fn accounts_request(values: &[&str]) -> tencent::types::ExportAssetUserListRequest {
    tencent::types::ExportAssetUserListRequest {
        quuid: Some(anchors::TENCENT_QUUID.to_owned()),
        filters: vec![name_filter(values, true)],
        order: None,
        by: None,
    }
}

/// The export of named accounts of one host: the values of a filter are alternatives, so
/// their order does not change the task, and a different selection is a different task.
async fn tencent_export_succeeds(ctx: Arc<Context>) {
    let host = tencent_host(&ctx.dataset, anchors::TENCENT_QUUID);
    let names: Vec<&str> = host.accounts.iter().map(|a| a.name.as_str()).collect();
    assert!(names.len() >= 2, "host {} has two accounts", host.quuid);
    let (first, second) = (names[0], names[1]);
    let client = ctx.tencent();

    let both = tencent_result(tencent_export(&client, accounts_request(&[first, second])).await);
    assert_tencent_task_id(&both.task_id);
    assert!(!both.request_id.is_empty());
    let reversed =
        tencent_result(tencent_export(&client, accounts_request(&[second, first])).await);
    assert_eq!(
        reversed.task_id, both.task_id,
        "value order selects the same"
    );
    assert_ne!(
        reversed.request_id, both.request_id,
        "a fresh id per request"
    );
    let one = tencent_result(tencent_export(&client, accounts_request(&[first])).await);
    assert_tencent_task_id(&one.task_id);
    assert_ne!(
        one.task_id, both.task_id,
        "a different selection is a different task"
    );
}

/// At most five values per filter: the error is the `Response.Error` variant of the `oneOf`,
/// with the code of the document's own example for this case.
async fn tencent_export_rejects_six_values(ctx: Arc<Context>) {
    let values = ["a", "b", "c", "d", "e", "f"];
    let outcome = tencent_export(&ctx.tencent(), accounts_request(&values)).await;
    let error = tencent_error(outcome);
    assert_eq!(error.code, "InvalidParameterValue", "{error:?}");
    assert!(error.message.contains("Values"), "{error:?}");
}

/// The per-key value rules live in `x-conditions`, which progenitor ignores: the client sends
/// a non-numeric `Uid` unchecked and the stub refuses it.
async fn tencent_export_rejects_x_conditions(ctx: Arc<Context>) {
    let body = tencent::types::ExportAssetUserListRequest {
        quuid: None,
        filters: vec![tencent::types::Filter {
            name: tencent::types::FilterName::Uid,
            values: vec!["not-a-number".to_owned()],
            exact_match: None,
        }],
        order: None,
        by: None,
    };
    let error = tencent_error(tencent_export(&ctx.tencent(), body).await);
    // README.md files range, enum, length and count under InvalidParameterValue and types
    // under InvalidParameter; it does not say where a pattern falls, so either is accepted.
    assert!(
        error.code == "InvalidParameterValue" || error.code == "InvalidParameter",
        "{error:?}"
    );
    assert!(
        error.message.contains("Uid") || error.message.contains("Values"),
        "{error:?}"
    );
}

/// Without an `Authorization` header: `AuthFailure.InvalidAuthorization`.
async fn tencent_export_needs_credentials(ctx: Arc<Context>) {
    let outcome = tencent_export(&ctx.tencent_anonymous(), accounts_request(&["root"])).await;
    let error = tencent_error(outcome);
    assert_eq!(error.code, "AuthFailure.InvalidAuthorization", "{error:?}");
}

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

/// Pages of two: every user of the group exactly once, in dataset order, with the group's
/// size as `totalElements` and the request's page number and size echoed.
async fn enos_list_succeeds(ctx: Arc<Context>) {
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
        let expected: Vec<(&str, &str, &str, &str, &str)> = group
            .users
            .iter()
            .skip(page_no * size)
            .take(size)
            .map(|u| {
                (
                    u.user_id.as_str(),
                    u.name.as_str(),
                    u.email.as_str(),
                    u.phone.as_str(),
                    u.phone_area.as_str(),
                )
            })
            .collect();
        let got: Vec<(&str, &str, &str, &str, &str)> = data
            .users
            .iter()
            .map(|u| {
                (
                    u.user_id.as_str(),
                    u.name.as_str(),
                    u.email.as_str(),
                    u.phone.as_str(),
                    u.phone_area.as_str(),
                )
            })
            .collect();
        assert_eq!(got, expected, "page {page_no}");
        assert_eq!(data.pagination.total_elements, group.users.len() as i64);
        assert_eq!(data.pagination.page_no.0, page_no as i32);
        assert_eq!(data.pagination.page_size.0.get(), size as u32);
    }
}

/// `pageSize` is at most 1000; the error is `code` 31400 with null data, in HTTP 200.
async fn enos_list_rejects_page_size(ctx: Arc<Context>) {
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
async fn enos_list_unknown_group(ctx: Arc<Context>) {
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
async fn enos_list_empty_org_refused_by_client(ctx: Arc<Context>) {
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
async fn codearts_list_succeeds(ctx: Arc<Context>) {
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
async fn codearts_list_rejects_limit(ctx: Arc<Context>) {
    let result = list_members(
        &ctx.codearts(),
        anchors::CODEARTS_GROUP_ID,
        None,
        Some(101),
        None,
    )
    .await;
    let body = codearts_error(result, 400, "CH.004400");
    assert!(body.error_msg.contains("limit"), "{body:?}");
}

/// A repository group the dataset does not have: 404 `CH.004404`.
async fn codearts_list_unknown_group(ctx: Arc<Context>) {
    let groups = &ctx.dataset.huawei_codearts_repo.repository_groups;
    let missing = (1..).find(|id| groups.iter().all(|g| g.group_id != *id));
    let missing = missing.expect("some id is free");
    let result = list_members(&ctx.codearts(), missing, None, None, None).await;
    codearts_error(result, 404, "CH.004404");
}

// ---------------------------------------------------------------------------------------------
// The run

type CaseFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// One case: the operation it exercises, its name, and its body.
struct Case {
    operation: &'static str,
    name: &'static str,
    run: fn(Arc<Context>) -> CaseFuture,
}

macro_rules! case {
    ($operation:literal, $function:ident) => {
        Case {
            operation: $operation,
            name: stringify!($function),
            run: |ctx| Box::pin($function(ctx)),
        }
    };
}

fn cases() -> Vec<Case> {
    vec![
        case!("ExportUserGroupUsersNew", workspace_export_succeeds),
        case!(
            "ExportUserGroupUsersNew",
            workspace_export_rejects_project_mismatch
        ),
        case!("ExportUserGroupUsersNew", workspace_export_unknown_group),
        case!(
            "ExportUserGroupUsersNew",
            workspace_export_needs_credentials
        ),
        case!("ExportUsersTemplate", workspace_template_succeeds),
        case!(
            "ExportUsersTemplate",
            workspace_template_rejects_project_mismatch
        ),
        case!("ExportUsersTemplate", workspace_template_unknown_project),
        case!("ExportAssetUserList", tencent_export_succeeds),
        case!("ExportAssetUserList", tencent_export_rejects_six_values),
        case!("ExportAssetUserList", tencent_export_rejects_x_conditions),
        case!("ExportAssetUserList", tencent_export_needs_credentials),
        case!("listAssignedUser", enos_list_succeeds),
        case!("listAssignedUser", enos_list_rejects_page_size),
        case!("listAssignedUser", enos_list_unknown_group),
        case!("listAssignedUser", enos_list_empty_org_refused_by_client),
        case!("ListGroupUserGroups", codearts_list_succeeds),
        case!("ListGroupUserGroups", codearts_list_rejects_limit),
        case!("ListGroupUserGroups", codearts_list_unknown_group),
    ]
}

/// Where the coverage file goes: `target/coverage/` of the workspace root.
fn coverage_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/coverage")
        .join(format!("{SUITE}.json"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_through_the_generated_clients() {
    let dataset = Dataset::generate(stub_data::DEFAULT_SEED);
    let stub = Stub::start(dataset.clone()).await;
    let ctx = Arc::new(Context {
        base_url: stub.base_url.clone(),
        dataset,
    });

    let mut results: BTreeMap<&str, (bool, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for case in cases() {
        assert!(OPERATIONS.contains(&case.operation), "{}", case.operation);
        let task = tokio::spawn((case.run)(Arc::clone(&ctx)));
        let outcome = match tokio::time::timeout(CASE_TIMEOUT, task).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(format!("failed: {e}")),
            Err(_) => Err(format!("did not finish within {CASE_TIMEOUT:?}")),
        };
        let entry = results.entry(case.operation).or_insert((true, 0));
        entry.1 += 1;
        if let Err(why) = outcome {
            entry.0 = false;
            failures.push(format!("{} / {}: {why}", case.operation, case.name));
        }
    }
    let calls = stub.stop().await;

    let operations: serde_json::Map<String, serde_json::Value> = OPERATIONS
        .iter()
        .map(|op| {
            let (passed, cases) = results.get(op).copied().unwrap_or((false, 0));
            (
                (*op).to_owned(),
                json!({"passed": passed && cases > 0, "cases": cases}),
            )
        })
        .collect();
    let coverage = json!({"suite": SUITE, "operations": operations});
    let path = coverage_path();
    std::fs::create_dir_all(path.parent().expect("a parent directory"))
        .expect("target/coverage can be created");
    std::fs::write(&path, format!("{coverage:#}\n")).expect("the coverage file is written");

    let total_cases: usize = results.values().map(|(_, n)| n).sum();
    println!("{SUITE}: {total_cases} cases, {calls} calls to the stub");
    assert!(calls <= MAX_CALLS, "{calls} calls, more than {MAX_CALLS}");
    assert!(
        failures.is_empty(),
        "failed cases:\n{}",
        failures.join("\n")
    );
}
