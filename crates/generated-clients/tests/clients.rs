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
//! Export tasks are judged by a manual clock that only the polling cases move (cases run one
//! after the other), so a task is seen pending, then done, without waiting; the downloaded
//! workbooks are read back with calamine and their rows compared with the dataset.
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
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::Request;
use axum::middleware::Next;
use generated_clients::{
    enos_app_portal as enos, huawei_codearts_repo as codearts, huawei_workspace as workspace,
    tencent_cwp as tencent,
};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::json;
use stub_data::{Clock, Dataset, anchors};

/// Name of this suite in the coverage files.
const SUITE: &str = "progenitor-client";
/// The eight operations, in the order the coverage file lists them.
const OPERATIONS: [&str; 8] = [
    "ExportUserGroupUsersNew",
    "ExportUsersTemplate",
    "ExportAssetUserList",
    "listAssignedUser",
    "ListGroupUserGroups",
    "ListExportTasks",
    "DownloadExportFile",
    "ExportTasks",
];
/// How long one case may take, all of its calls included.
const CASE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long one HTTP call may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);
/// Upper bound on the calls the whole run makes; exceeding it is a failure.
const MAX_CALLS: usize = 100;
/// Media type of the workbooks (the template and the exported files), as the documents
/// declare it.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// Where the stub's manual task clock starts: 2026-02-10T08:00:00.000Z.
const CLOCK_START_MS: i64 = 1_770_710_400_000;
/// How long a new export task stays pending in the stub under test (`--task-delay`).
const TASK_DELAY_MS: i64 = 500;
/// How far the manual clock moves between two polls of a task.
const POLL_STEP_MS: i64 = 200;
/// Most polls of one task before the case gives up.
const MAX_POLLS: usize = 10;

// ---------------------------------------------------------------------------------------------
// The stub and the clients

/// One request as it reached the stub: method, path and query, and `X-TC-Action` if any.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    method: String,
    target: String,
    action: Option<String>,
}

/// Every request that reached the stub, in order.
type Log = Arc<Mutex<Vec<Seen>>>;

/// The stub server, serving in this process until [`Stub::stop`].
struct Stub {
    base_url: String,
    seen: Log,
    shutdown: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Stub {
    /// Serves `dataset` on a free port of 127.0.0.1 with export tasks that stay pending for
    /// [`TASK_DELAY_MS`] by `clock`, logging the requests that reach it.
    async fn start(dataset: Dataset, clock: Clock) -> Stub {
        let mut config = stub_server::Config::default();
        config.tasks.clock = clock;
        config.tasks.delay = Duration::from_millis(TASK_DELAY_MS as u64);
        let state =
            stub_server::AppState::with_config(dataset, config).expect("the documents compile");
        let seen = Log::default();
        let log = Arc::clone(&seen);
        let app = stub_server::router(Arc::new(state)).layer(axum::middleware::from_fn(
            move |request: Request, next: Next| {
                let entry = Seen {
                    method: request.method().to_string(),
                    target: request
                        .uri()
                        .path_and_query()
                        .map_or_else(String::new, |p| p.to_string()),
                    action: request
                        .headers()
                        .get("x-tc-action")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned),
                };
                log.lock().expect("the log is not poisoned").push(entry);
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
            seen,
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
        self.seen.lock().expect("the log is not poisoned").len()
    }
}

/// What every case gets: where the stub is, the data it serves, the clock its export tasks
/// are judged by, and the requests it has seen.
struct Context {
    base_url: String,
    dataset: Dataset,
    clock: Clock,
    seen: Log,
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

    /// A Workspace client whose exports ask for their task to fail (`Prefer: task=fail`,
    /// DECISIONS.md "Injected failures"); progenitor has no per-call extra headers.
    fn workspace_failing(&self) -> workspace::Client {
        workspace::Client::new_with_client(
            &self.base_url,
            http(&[HUAWEI_TOKEN, ("prefer", "task=fail")]),
        )
    }

    /// The last request that reached the stub.
    fn last_seen(&self) -> Seen {
        let seen = self.seen.lock().expect("the log is not poisoned");
        seen.last().cloned().expect("a request reached the stub")
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

/// An export task id as DECISIONS.md ("Task ids") describes it: URL-safe base64 without
/// padding, 25 to 45 characters with the default dataset (checked here with some room).
fn assert_task_id(text: &str) {
    assert!(
        (16..=64).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "not a URL-safe base64 task id of 16 to 64 characters: {text:?}"
    );
}

/// `ms` (since the Unix epoch) as an instant.
fn instant(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).expect("a representable time")
}

/// The time part of an export file's name: `yyyyMMddTHHmmssSSSZ`, UTC (DECISIONS.md, "Export
/// files").
fn file_time(ms: i64) -> String {
    instant(ms).format("%Y%m%dT%H%M%S%3fZ").to_string()
}

/// The only sheet of an `.xlsx` workbook: its name and its cells as text, whole numbers
/// written without a fraction.
fn read_workbook(bytes: &[u8]) -> (String, Vec<Vec<String>>) {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("an .xlsx workbook");
    let names = workbook.sheet_names();
    assert_eq!(names.len(), 1, "one sheet: {names:?}");
    let range = workbook
        .worksheet_range(&names[0])
        .expect("the sheet is readable");
    let rows = range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::String(text) => text.clone(),
                    Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    Data::Int(i) => i.to_string(),
                    Data::Empty => String::new(),
                    other => panic!("unexpected cell {other:?}"),
                })
                .collect()
        })
        .collect();
    (names[0].clone(), rows)
}

/// A header of a response as text, empty when absent.
fn header_text(headers: &reqwest::header::HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
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

/// The user names an export task selected, read back from its id with `stub_data` (the id
/// carries the selection, DECISIONS.md "Task ids"), in group order.
fn workspace_selection(dataset: &Dataset, task_id: &str) -> Vec<String> {
    assert_task_id(task_id);
    let task = stub_data::workspace_task(dataset, anchors::WORKSPACE_PROJECT_ID, task_id)
        .unwrap_or_else(|| panic!("{task_id} names a task of the anchor project"));
    task.users.into_iter().map(|u| u.user_name).collect()
}

/// The user names of `group` that `keep` selects, in group order: what an export must select.
fn group_users(
    group: &stub_data::WorkspaceUserGroup,
    keep: impl Fn(&stub_data::WorkspaceUser) -> bool,
) -> Vec<String> {
    group
        .users
        .iter()
        .filter(|u| keep(u))
        .map(|u| u.user_name.clone())
        .collect()
}

/// The export of a group's users: `user_names` is sent as repeated keys and its order does
/// not change the selection; `user_name` matches a part of the name, ignoring case. Each
/// task id has the documented form and selects what the dataset says.
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
    let named = |wanted: &[&str]| group_users(group, |u| wanted.contains(&u.user_name.as_str()));

    let both = export_users(&client, &group.group_id, &[first, second]).await;
    assert_eq!(both.status().as_u16(), 200);
    assert!(both.headers().contains_key("x-request-id"));
    let both = both.into_inner().task_id;
    assert_eq!(
        workspace_selection(&ctx.dataset, &both),
        named(&[first, second])
    );

    let reversed = export_users(&client, &group.group_id, &[second, first])
        .await
        .into_inner()
        .task_id;
    assert_eq!(
        workspace_selection(&ctx.dataset, &reversed),
        named(&[first, second]),
        "the order of user_names selects the same users"
    );

    let one = export_users(&client, &group.group_id, &[first])
        .await
        .into_inner()
        .task_id;
    assert_eq!(workspace_selection(&ctx.dataset, &one), named(&[first]));

    // `user_name` ignores case: the upper-case form of a user's name selects the same users,
    // every user whose name contains it.
    let by_name = |name: String| {
        client
            .export_user_group_users_new()
            .project_id(anchors::WORKSPACE_PROJECT_ID)
            .group_id(group.group_id.as_str())
            .user_name(name)
            .x_project_id(anchors::WORKSPACE_PROJECT_ID)
            .send()
    };
    let needle = first.to_lowercase();
    let containing = group_users(group, |u| u.user_name.to_lowercase().contains(&needle));
    assert!(containing.iter().any(|n| n == first));
    for name in [first.to_lowercase(), first.to_uppercase()] {
        let task_id = by_name(name.clone())
            .await
            .expect("accepted")
            .into_inner()
            .task_id;
        assert_eq!(
            workspace_selection(&ctx.dataset, &task_id),
            containing,
            "user_name={name}"
        );
    }
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

/// The number of cells in the first row of the workbook's only sheet.
fn header_cells(workbook: &[u8]) -> usize {
    let (_, rows) = read_workbook(workbook);
    rows.first().expect("the sheet has a first row").len()
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

/// The accounts (host QUUID and account name) an export task selected, read back from its
/// id with `stub_data` (the id carries the selection, DECISIONS.md "Task ids"), in export
/// order.
fn tencent_selection(dataset: &Dataset, task_id: &str) -> Vec<(String, String)> {
    assert_task_id(task_id);
    let task = stub_data::tencent_task(dataset, task_id)
        .unwrap_or_else(|| panic!("{task_id} names a Tencent task"));
    task.accounts
        .into_iter()
        .map(|a| (a.quuid, a.account.name))
        .collect()
}

/// The accounts of `host` named in `names`, in dataset order: what an exact `Name` filter on
/// that host selects when no sort is asked for.
fn named_accounts(host: &stub_data::TencentHost, names: &[&str]) -> Vec<(String, String)> {
    host.accounts
        .iter()
        .filter(|a| names.contains(&a.name.as_str()))
        .map(|a| (host.quuid.clone(), a.name.clone()))
        .collect()
}

/// The export of named accounts of one host: the values of a filter are alternatives, so
/// their order does not change the selection. Each task id has the documented form and
/// selects what the dataset says.
async fn tencent_export_succeeds(ctx: Arc<Context>) {
    let host = tencent_host(&ctx.dataset, anchors::TENCENT_QUUID);
    let names: Vec<&str> = host.accounts.iter().map(|a| a.name.as_str()).collect();
    assert!(names.len() >= 2, "host {} has two accounts", host.quuid);
    let (first, second) = (names[0], names[1]);
    let client = ctx.tencent();

    let both = tencent_result(tencent_export(&client, accounts_request(&[first, second])).await);
    assert!(!both.request_id.is_empty());
    assert_eq!(
        tencent_selection(&ctx.dataset, &both.task_id),
        named_accounts(host, &[first, second])
    );
    let reversed =
        tencent_result(tencent_export(&client, accounts_request(&[second, first])).await);
    assert_eq!(
        tencent_selection(&ctx.dataset, &reversed.task_id),
        named_accounts(host, &[first, second]),
        "value order selects the same"
    );
    assert_ne!(
        reversed.request_id, both.request_id,
        "a fresh id per request"
    );
    let one = tencent_result(tencent_export(&client, accounts_request(&[first])).await);
    assert_eq!(
        tencent_selection(&ctx.dataset, &one.task_id),
        named_accounts(host, &[first])
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
// Huawei Workspace: ListExportTasks and DownloadExportFile

/// A task id of the form the vendor's pages show, which the stub never issues.
const FOREIGN_TASK_ID: &str = "3f1f0e7c-6a7d-4b9e-9d1b-0c2f5a8e7d41";

/// Starts an export of the anchor group's users named `names` through `client`, with the
/// file in `language`; returns the task id and the time the task was created at.
async fn start_workspace_export(
    ctx: &Context,
    client: &workspace::Client,
    names: &[&str],
    language: workspace::types::Language,
) -> (String, i64) {
    let created_ms = ctx.clock.now_ms();
    let task_id = client
        .export_user_group_users_new()
        .project_id(anchors::WORKSPACE_PROJECT_ID)
        .group_id(anchors::WORKSPACE_GROUP_ID)
        .user_names(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
        .language(language)
        .send()
        .await
        .expect("the export is accepted")
        .into_inner()
        .task_id;
    assert_task_id(&task_id);
    (task_id, created_ms)
}

/// Polls task `task_id` with `ListExportTasks?task_id=` until it leaves `CREATING`, moving
/// the manual clock by [`POLL_STEP_MS`] after each pending answer; returns the statuses seen
/// and the task as last listed.
async fn poll_workspace_task(
    ctx: &Context,
    client: &workspace::Client,
    task_id: &str,
) -> (
    Vec<workspace::types::ExportTaskStatus>,
    workspace::types::ExportTaskItem,
) {
    use workspace::types::ExportTaskStatus;
    let mut statuses = Vec::new();
    for _ in 0..MAX_POLLS {
        let response = client
            .list_export_tasks()
            .project_id(anchors::WORKSPACE_PROJECT_ID)
            .task_id(task_id)
            .send()
            .await
            .expect("the task is listed");
        assert_eq!(response.status().as_u16(), 200);
        assert!(response.headers().contains_key("x-request-id"));
        let page = response.into_inner();
        assert_eq!(page.count, 1, "{page:?}");
        let [item] = <[_; 1]>::try_from(page.export_tasks).expect("exactly one task");
        assert_eq!(item.task_id, task_id);
        statuses.push(item.status);
        if item.status != ExportTaskStatus::Creating {
            return (statuses, item);
        }
        assert!(
            item.end_time.is_none(),
            "no end time while CREATING: {item:?}"
        );
        assert!(!item.is_download, "{item:?}");
        ctx.clock.advance(POLL_STEP_MS);
    }
    panic!("task {task_id} still CREATING after {MAX_POLLS} polls: {statuses:?}");
}

/// How many polls see a task pending before it is done: it is `CREATING` while less than the
/// delay has passed, and the clock moves [`POLL_STEP_MS`] between polls.
fn pending_polls() -> usize {
    usize::try_from((TASK_DELAY_MS + POLL_STEP_MS - 1) / POLL_STEP_MS).expect("a small count")
}

/// An export followed to its end: `CREATING` for the delay, then `SUCCESS`, with the times
/// and file name DECISIONS.md gives. An id the stub did not issue lists nothing; a listing
/// without `task_id` holds this process's tasks in the order asked for.
async fn workspace_list_tasks_succeeds(ctx: Arc<Context>) {
    use workspace::types::{ExportTaskSortField, ExportTaskSortType, ExportTaskStatus, Language};
    let client = ctx.workspace();
    let (task_id, created_ms) = start_workspace_export(
        &ctx,
        &client,
        &anchors::WORKSPACE_USER_NAMES,
        Language::EnUs,
    )
    .await;
    let (statuses, item) = poll_workspace_task(&ctx, &client, &task_id).await;
    let mut expected = vec![ExportTaskStatus::Creating; pending_polls()];
    expected.push(ExportTaskStatus::Success);
    assert_eq!(statuses, expected);
    assert_eq!(item.create_time, instant(created_ms));
    assert_eq!(item.end_time, Some(instant(created_ms + TASK_DELAY_MS)));
    assert_eq!(
        item.file_name,
        format!("user_group_users_{}.xlsx", file_time(created_ms))
    );
    assert_eq!((item.fail_reason, item.error_code), (None, None));
    assert!(!item.is_download);

    let none = client
        .list_export_tasks()
        .project_id(anchors::WORKSPACE_PROJECT_ID)
        .task_id(FOREIGN_TASK_ID)
        .send()
        .await
        .expect("an empty page")
        .into_inner();
    assert_eq!(none.count, 0, "{none:?}");
    assert!(none.export_tasks.is_empty(), "{none:?}");

    let done = client
        .list_export_tasks()
        .project_id(anchors::WORKSPACE_PROJECT_ID)
        .status(ExportTaskStatus::Success)
        .sort_field(ExportTaskSortField::CreateTime)
        .sort_type(ExportTaskSortType::Desc)
        .limit(NonZeroU32::new(100).expect("not zero"))
        .send()
        .await
        .expect("a page of tasks")
        .into_inner();
    assert!(
        done.export_tasks.iter().any(|t| t.task_id == task_id),
        "{done:?}"
    );
    assert!(
        done.export_tasks
            .iter()
            .all(|t| t.status == ExportTaskStatus::Success)
    );
    assert!(
        done.export_tasks
            .windows(2)
            .all(|w| w[0].create_time >= w[1].create_time),
        "newest first: {done:?}"
    );
    assert!(usize::try_from(done.count).is_ok_and(|n| n >= done.export_tasks.len()));
}

/// `Prefer: task=fail` on the export: after the delay the task is `FAIL` with a reason and
/// the internal-error code, and it has no file (DECISIONS.md, "Injected failures").
async fn workspace_list_tasks_reports_injected_failure(ctx: Arc<Context>) {
    use workspace::types::{ExportTaskStatus, Language};
    let (task_id, created_ms) = start_workspace_export(
        &ctx,
        &ctx.workspace_failing(),
        &anchors::WORKSPACE_USER_NAMES,
        Language::EnUs,
    )
    .await;
    let client = ctx.workspace();
    let (statuses, item) = poll_workspace_task(&ctx, &client, &task_id).await;
    assert_eq!(
        statuses.last(),
        Some(&ExportTaskStatus::Fail),
        "{statuses:?}"
    );
    assert_eq!(statuses.len(), pending_polls() + 1, "{statuses:?}");
    assert_eq!(item.end_time, Some(instant(created_ms + TASK_DELAY_MS)));
    assert_eq!(item.error_code.as_deref(), Some("WKS.00020500"), "{item:?}");
    assert!(
        item.fail_reason.as_ref().is_some_and(|r| !r.is_empty()),
        "{item:?}"
    );
    let result = client
        .download_export_file()
        .project_id(anchors::WORKSPACE_PROJECT_ID)
        .task_id(&task_id)
        .send()
        .await
        .map(|response| response.status());
    let body = workspace_error(result, 404, "WKS.00020404");
    assert!(body.error_msg.contains("FAIL"), "{body:?}");
}

/// `limit` is at most 100; the generated client types it as `NonZeroU32` (the lower bound
/// only), so 101 is sent and the stub answers the documented 400.
async fn workspace_list_tasks_rejects_limit(ctx: Arc<Context>) {
    let result = ctx
        .workspace()
        .list_export_tasks()
        .project_id(anchors::WORKSPACE_PROJECT_ID)
        .limit(NonZeroU32::new(101).expect("not zero"))
        .send()
        .await;
    let body = workspace_error(result, 400, "WKS.00020400");
    assert!(body.error_msg.contains("limit"), "{body:?}");
}

/// Without a token or signature the gateway answers 401 `APIGW.0301`.
async fn workspace_list_tasks_needs_credentials(ctx: Arc<Context>) {
    let result = ctx
        .workspace_anonymous()
        .list_export_tasks()
        .project_id(anchors::WORKSPACE_PROJECT_ID)
        .send()
        .await;
    workspace_error(result, 401, "APIGW.0301");
}

/// The rows DECISIONS.md ("Export files") promises for the users of the anchor group named in
/// `names`, in group order: user name, email, mobile phone, description, activation type and
/// enterprise project ID (empty when none).
fn workspace_rows(dataset: &Dataset, names: &[&str]) -> Vec<Vec<String>> {
    let group = workspace_group(
        dataset,
        anchors::WORKSPACE_PROJECT_ID,
        anchors::WORKSPACE_GROUP_ID,
    );
    group
        .users
        .iter()
        .filter(|u| names.contains(&u.user_name.as_str()))
        .map(|u| {
            let active = match u.active_type {
                stub_data::UserActiveType::UserActivate => "USER_ACTIVATE",
                stub_data::UserActiveType::AdminActivate => "ADMIN_ACTIVATE",
            };
            vec![
                u.user_name.clone(),
                u.email.clone(),
                u.phone.clone(),
                u.description.clone(),
                active.to_owned(),
                u.enterprise_project_id.clone().unwrap_or_default(),
            ]
        })
        .collect()
}

/// The full loop: export two users with Chinese headings, poll until `SUCCESS`, download the
/// workbook and read it back: its name, sheet, headings and rows are what DECISIONS.md and
/// the dataset say; the listing then marks the task downloaded.
async fn workspace_download_succeeds(ctx: Arc<Context>) {
    use workspace::types::{ExportTaskStatus, Language};
    let client = ctx.workspace();
    let names = anchors::WORKSPACE_USER_NAMES;
    let (task_id, _) = start_workspace_export(&ctx, &client, &names, Language::ZhCn).await;
    let (_, item) = poll_workspace_task(&ctx, &client, &task_id).await;
    assert_eq!(item.status, ExportTaskStatus::Success, "{item:?}");

    let response = client
        .download_export_file()
        .project_id(anchors::WORKSPACE_PROJECT_ID)
        .task_id(&task_id)
        .send()
        .await
        .expect("the file is downloaded");
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers().contains_key("x-request-id"));
    assert_eq!(header_text(response.headers(), "content-type"), XLSX);
    assert_eq!(
        header_text(response.headers(), "content-disposition"),
        format!("attachment; filename=\"{}\"", item.file_name)
    );
    let bytes = read_all(response.into_inner()).await;
    let (sheet, rows) = read_workbook(&bytes);
    assert_eq!(sheet, "用户");
    assert_eq!(
        rows.first().map(Vec::as_slice),
        Some(
            &[
                "用户名",
                "邮箱",
                "手机号码",
                "描述",
                "激活方式",
                "企业项目ID"
            ]
            .map(str::to_owned)[..]
        )
    );
    let expected = workspace_rows(&ctx.dataset, &names);
    assert_eq!(
        expected.len(),
        names.len(),
        "the anchor users are in the group"
    );
    assert_eq!(rows[1..], expected[..]);

    let (_, after) = poll_workspace_task(&ctx, &client, &task_id).await;
    assert!(after.is_download, "{after:?}");
}

/// A task still `CREATING` has no file yet: 404 `WKS.00020404` naming the status; an id the
/// stub did not issue is the same 404. No clock moves, so the new task stays pending.
async fn workspace_download_not_ready(ctx: Arc<Context>) {
    let client = ctx.workspace();
    let (task_id, _) = start_workspace_export(
        &ctx,
        &client,
        &anchors::WORKSPACE_USER_NAMES,
        workspace::types::Language::EnUs,
    )
    .await;
    for id in [task_id.as_str(), FOREIGN_TASK_ID] {
        let result = client
            .download_export_file()
            .project_id(anchors::WORKSPACE_PROJECT_ID)
            .task_id(id)
            .send()
            .await
            .map(|response| response.status());
        let body = workspace_error(result, 404, "WKS.00020404");
        if id == task_id {
            assert!(body.error_msg.contains("CREATING"), "{body:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tencent CWP: ExportTasks

/// One `ExportTasks` call with the common headers filled in through the generated builder.
async fn tencent_export_tasks(
    client: &tencent::Client,
    task_id: &str,
) -> tencent::types::ExportTasksOutcome {
    let response = client
        .export_tasks()
        .x_tc_action(tencent::types::ExportTasksAction::ExportTasks)
        .x_tc_version(tencent::types::ApiVersion::X20180228)
        .x_tc_timestamp(now())
        .x_tc_region("ap-guangzhou")
        .x_tc_language(tencent::types::TcLanguage::EnUs)
        .body(tencent::types::ExportTasksRequest {
            task_id: task_id.to_owned(),
        })
        .send()
        .await
        .expect("every Tencent answer is HTTP 200 with the documented body");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        header_text(response.headers(), "content-type"),
        "application/json"
    );
    response.into_inner().response
}

/// The document writes `ExportTasks` at `/#ExportTasks`; the fragment must stay in the client,
/// so the stub sees `POST /` with the action in `X-TC-Action`.
fn assert_sent_to_root(ctx: &Context) {
    assert_eq!(
        ctx.last_seen(),
        Seen {
            method: "POST".to_owned(),
            target: "/".to_owned(),
            action: Some("ExportTasks".to_owned()),
        }
    );
}

/// Polls task `task_id` with `ExportTasks` until it leaves `PENDING`, moving the manual clock
/// by [`POLL_STEP_MS`] after each pending answer; returns the statuses seen and the last
/// result.
async fn poll_tencent_task(
    ctx: &Context,
    client: &tencent::Client,
    task_id: &str,
) -> (
    Vec<tencent::types::ExportTasksStatus>,
    tencent::types::ExportTasksResult,
) {
    use tencent::types::{ExportTasksOutcome, ExportTasksStatus};
    let mut statuses = Vec::new();
    for _ in 0..MAX_POLLS {
        let result = match tencent_export_tasks(client, task_id).await {
            ExportTasksOutcome::ExportTasksResult(result) => result,
            ExportTasksOutcome::TencentErrorResult(error) => {
                panic!("expected the task's state, got {error:?}")
            }
        };
        assert_sent_to_root(ctx);
        assert!(!result.request_id.is_empty());
        statuses.push(result.status);
        if result.status != ExportTasksStatus::Pending {
            return (statuses, result);
        }
        assert_eq!(result.download_url, "", "no URL while PENDING");
        ctx.clock.advance(POLL_STEP_MS);
    }
    panic!("task {task_id} still PENDING after {MAX_POLLS} polls: {statuses:?}");
}

/// The row DECISIONS.md ("Export files") promises for one account: host QUUID, OS type, name,
/// UID, GID, the codes of login type, status and account type, the flags (0/1) domain, root,
/// sudo, SSH login, the shell login and password status codes, the four times (last login
/// empty when never) and the days until the account is locked.
fn tencent_row(host: &stub_data::TencentHost, a: &stub_data::TencentAccount) -> Vec<String> {
    let flag = |b: bool| if b { "1" } else { "0" }.to_owned();
    vec![
        host.quuid.clone(),
        host.os_type.as_str().to_owned(),
        a.name.clone(),
        a.uid.to_string(),
        a.guid.to_string(),
        a.login_type.to_string(),
        a.status.to_string(),
        a.account_type.to_string(),
        flag(a.is_domain),
        flag(a.is_root),
        flag(a.is_sudo),
        flag(a.is_ssh_login),
        a.shell_login_status.to_string(),
        a.password_status.to_string(),
        a.first_time.clone(),
        a.login_time.clone().unwrap_or_default(),
        a.change_password_time.clone(),
        a.password_dua_time.clone(),
        a.password_lock_days.to_string(),
    ]
}

/// The full loop: export two named accounts of the anchor host with English headings, poll
/// `ExportTasks` until `FINISHED`, fetch `DownloadUrl` with a plain `GET` (no credentials, as
/// a pre-signed URL) and read the workbook back: sheet, headings and rows are what
/// DECISIONS.md and the dataset say.
async fn tencent_export_tasks_succeeds(ctx: Arc<Context>) {
    use tencent::types::ExportTasksStatus;
    let host = tencent_host(&ctx.dataset, anchors::TENCENT_QUUID);
    let names: Vec<&str> = host
        .accounts
        .iter()
        .take(2)
        .map(|a| a.name.as_str())
        .collect();
    let client = ctx.tencent();
    let created_ms = ctx.clock.now_ms();
    // The export sends `X-TC-Language: en-US`, which chooses the file's headings.
    let task_id = tencent_result(tencent_export(&client, accounts_request(&names)).await).task_id;
    assert_task_id(&task_id);

    let (statuses, result) = poll_tencent_task(&ctx, &client, &task_id).await;
    let mut expected = vec![ExportTasksStatus::Pending; pending_polls()];
    expected.push(ExportTasksStatus::Finished);
    assert_eq!(statuses, expected);
    let file_name = format!("asset_users_{}.xlsx", file_time(created_ms));
    assert_eq!(result.file_name.as_deref(), Some(file_name.as_str()));
    // README.md: the URL points back at the stub, at the address the client used.
    assert_eq!(
        result.download_url,
        format!(
            "{}/stub-downloads/tencent-cwp/{task_id}/{file_name}",
            ctx.base_url
        )
    );

    let response = http(&[])
        .get(&result.download_url)
        .send()
        .await
        .expect("the download URL answers");
    assert_eq!(response.status().as_u16(), 200);
    let content_type = header_text(response.headers(), "content-type");
    let bytes = response.bytes().await.expect("the file arrives");
    assert_eq!(content_type, XLSX, "{}", String::from_utf8_lossy(&bytes));
    let (sheet, rows) = read_workbook(&bytes);
    assert_eq!(sheet, "Accounts");
    let headings = [
        "Host QUUID",
        "OS type",
        "Account name",
        "UID",
        "GID",
        "Login type",
        "Status",
        "Account type",
        "Domain account",
        "Root privileges",
        "Sudo privileges",
        "SSH login",
        "Shell login",
        "Password status",
        "First seen",
        "Last login",
        "Password changed",
        "Password expires",
        "Days until locked",
    ];
    assert_eq!(
        rows.first().map(Vec::as_slice),
        Some(&headings.map(str::to_owned)[..])
    );
    // No `By`: the accounts stay in dataset order.
    let expected: Vec<Vec<String>> = host
        .accounts
        .iter()
        .filter(|a| names.contains(&a.name.as_str()))
        .map(|a| tencent_row(host, a))
        .collect();
    assert_eq!(expected.len(), 2);
    assert_eq!(rows[1..], expected[..]);
}

/// A task id the stub did not issue (the vendor's example `24563`) is `ResourceNotFound`, the
/// action's documented business error, in the `Response.Error` variant of the `oneOf`; the
/// request still went to `POST /`.
async fn tencent_export_tasks_unknown_task(ctx: Arc<Context>) {
    use tencent::types::ExportTasksOutcome;
    let outcome = tencent_export_tasks(&ctx.tencent(), "24563").await;
    assert_sent_to_root(&ctx);
    match outcome {
        ExportTasksOutcome::TencentErrorResult(error) => {
            assert_eq!(error.error.code, "ResourceNotFound", "{error:?}");
            assert!(!error.error.message.is_empty(), "{error:?}");
            assert!(!error.request_id.is_empty(), "{error:?}");
        }
        ExportTasksOutcome::ExportTasksResult(result) => {
            panic!("expected ResourceNotFound, got {result:?}")
        }
    }
}

/// Without an `Authorization` header: `AuthFailure.InvalidAuthorization`.
async fn tencent_export_tasks_needs_credentials(ctx: Arc<Context>) {
    use tencent::types::ExportTasksOutcome;
    match tencent_export_tasks(&ctx.tencent_anonymous(), "24563").await {
        ExportTasksOutcome::TencentErrorResult(error) => {
            assert_eq!(
                error.error.code, "AuthFailure.InvalidAuthorization",
                "{error:?}"
            );
        }
        ExportTasksOutcome::ExportTasksResult(result) => {
            panic!("expected an error, got {result:?}")
        }
    }
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
        case!("ListExportTasks", workspace_list_tasks_succeeds),
        case!(
            "ListExportTasks",
            workspace_list_tasks_reports_injected_failure
        ),
        case!("ListExportTasks", workspace_list_tasks_rejects_limit),
        case!("ListExportTasks", workspace_list_tasks_needs_credentials),
        case!("DownloadExportFile", workspace_download_succeeds),
        case!("DownloadExportFile", workspace_download_not_ready),
        case!("ExportTasks", tencent_export_tasks_succeeds),
        case!("ExportTasks", tencent_export_tasks_unknown_task),
        case!("ExportTasks", tencent_export_tasks_needs_credentials),
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
    let clock = Clock::manual(CLOCK_START_MS);
    let stub = Stub::start(dataset.clone(), clock.clone()).await;
    let ctx = Arc::new(Context {
        base_url: stub.base_url.clone(),
        dataset,
        clock,
        seen: Arc::clone(&stub.seen),
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
