//! The operations: validated input in, the vendor's answer out, computed from the dataset by
//! `stub-data`. The two exports create tasks whose plan (creation time from the configured
//! clock, delay, retention, and a failure injected with `Prefer: task=fail`) is sealed into
//! the task id; the task operations read the task back from its id alone.

use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header, uri::Authority};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use vendor_api::{Service, codearts, enos, tencent_cwp, workspace};

use crate::app::AppState;
use crate::contract::{Input, Operation, TypeMismatch};
use crate::failure::{Failure, tencent_json};

impl From<TypeMismatch> for Failure {
    fn from(e: TypeMismatch) -> Self {
        Failure::Internal(format!("document and types disagree: {}", e.0))
    }
}

/// Runs the operation the request was routed to.
pub fn dispatch(
    state: &AppState,
    op: &Operation,
    headers: &HeaderMap,
    input: Input,
    request_id: &str,
) -> Result<Response, Failure> {
    match op.operation_id.as_str() {
        "ExportUserGroupUsersNew" => export_user_group_users(state, headers, &input),
        "ExportUsersTemplate" => export_users_template(state, &input),
        "ListExportTasks" => list_export_tasks(state, &input),
        "DownloadExportFile" => download_export_file(state, &input),
        "ExportAssetUserList" => export_asset_user_list(state, headers, &input, request_id),
        "ExportTasks" => export_tasks(state, headers, &input, request_id),
        "StubDownloadTencentExport" => stub_download_tencent_export(state, &input, request_id),
        "listAssignedUser" => list_assigned_user(state, &input),
        "ListGroupUserGroups" => list_group_user_groups(state, &input),
        other => Err(Failure::Internal(format!(
            "no handler for operation {other}"
        ))),
    }
}

/// The operation ids [`dispatch`] serves; a test checks it against the documents.
pub const HANDLED: &[&str] = &[
    "ExportUserGroupUsersNew",
    "ExportUsersTemplate",
    "ListExportTasks",
    "DownloadExportFile",
    "ExportAssetUserList",
    "ExportTasks",
    "StubDownloadTencentExport",
    "listAssignedUser",
    "ListGroupUserGroups",
];

/// The preference that makes a new export task fail: `Prefer: task=fail`.
pub const TASK_FAIL_PREFERENCE: &str = "task=fail";

/// Whether the request's `Prefer` headers ask for the new task to fail (`task=fail`, names
/// and values ignoring case, as RFC 7240 allows). Malformed `Prefer` headers are the fault
/// layer's to refuse; here a preference that is not `task=fail` is ignored.
fn prefers_task_failure(headers: &HeaderMap) -> bool {
    headers
        .get_all("prefer")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|item| item.split(';').next())
        .filter_map(|head| head.split_once('='))
        .any(|(name, value)| {
            name.trim().eq_ignore_ascii_case("task")
                && value.trim().trim_matches('"').eq_ignore_ascii_case("fail")
        })
}

/// The plan of an export task created now, by this process's task settings.
fn new_plan(state: &AppState, headers: &HeaderMap) -> stub_data::TaskPlan {
    let settings = &state.config.tasks;
    let millis = |d: std::time::Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    stub_data::TaskPlan::new(
        settings.clock.now_ms(),
        millis(settings.delay),
        millis(settings.retention),
        prefers_task_failure(headers),
    )
}

/// Says in `Preference-Applied` that the task was made to fail, as RFC 7240 suggests.
fn applied(mut response: Response, plan: &stub_data::TaskPlan) -> Response {
    if plan.fail {
        response.headers_mut().append(
            HeaderName::from_static("preference-applied"),
            HeaderValue::from_static(TASK_FAIL_PREFERENCE),
        );
    }
    response
}

/// An `.xlsx` attachment.
fn xlsx_attachment(
    bytes: Vec<u8>,
    file_name: &str,
    content_type: &'static str,
) -> Result<Response, Failure> {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
        .map_err(|e| Failure::Internal(format!("file name is not a header value: {e}")))?;
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    Ok(response)
}

/// The project of a Workspace request: the path's, which `X-Project-Id` must repeat.
fn workspace_project(input: &Input) -> Result<String, Failure> {
    let path: workspace::ProjectPath = input.path()?;
    let header: workspace::ProjectHeader = input.headers()?;
    if path.project_id == "{project_id}" {
        return Err(Failure::BadRequest(
            "The path holds the placeholder {project_id}: the client did not fill in a project ID \
             (with the Huawei SDKs, pass it to BasicCredentials)."
                .into(),
        ));
    }
    if let Some(header_project) = header.x_project_id
        && header_project != path.project_id
    {
        return Err(Failure::BadRequest(format!(
            "The X-Project-Id header ({header_project}) does not match the project_id in the path ({}).",
            path.project_id
        )));
    }
    Ok(path.project_id)
}

fn export_user_group_users(
    state: &AppState,
    headers: &HeaderMap,
    input: &Input,
) -> Result<Response, Failure> {
    let project_id = workspace_project(input)?;
    let path: workspace::ExportUserGroupUsersPath = input.path()?;
    let query: workspace::ExportUserGroupUsersQuery = input.query()?;
    let plan = new_plan(state, headers);
    let export =
        stub_data::workspace_export(&state.dataset, &project_id, &path.group_id, &query, &plan)
            .map_err(|e| Failure::NotFound(e.to_string()))?;
    state
        .config
        .tasks
        .ledger
        .record(&project_id, &export.task_id);
    let body = workspace::ExportUserGroupUsersResponse {
        task_id: export.task_id,
    };
    Ok(applied(axum::Json(body).into_response(), &plan))
}

/// A Workspace project that must exist (404 otherwise).
fn existing_workspace_project(state: &AppState, input: &Input) -> Result<String, Failure> {
    let project_id = workspace_project(input)?;
    if state.dataset.workspace_project(&project_id).is_none() {
        return Err(Failure::NotFound(format!(
            "The project {project_id} does not exist."
        )));
    }
    Ok(project_id)
}

fn list_export_tasks(state: &AppState, input: &Input) -> Result<Response, Failure> {
    let project_id = existing_workspace_project(state, input)?;
    let query: workspace::ListExportTasksQuery = input.query()?;
    let tasks = &state.config.tasks;
    let known = tasks.ledger.tasks(&project_id);
    let body = stub_data::workspace_list_tasks(
        &state.dataset,
        &project_id,
        &query,
        &known,
        tasks.clock.now_ms(),
    )
    .map_err(|e| Failure::NotFound(e.to_string()))?;
    Ok(axum::Json(body).into_response())
}

fn download_export_file(state: &AppState, input: &Input) -> Result<Response, Failure> {
    let project_id = existing_workspace_project(state, input)?;
    let path: workspace::DownloadExportFilePath = input.path()?;
    let task =
        stub_data::workspace_task(&state.dataset, &project_id, &path.task_id).ok_or_else(|| {
            Failure::NotFound(format!(
                "The export task {} does not exist in project {project_id}.",
                path.task_id
            ))
        })?;
    let tasks = &state.config.tasks;
    let status = task.status(tasks.clock.now_ms());
    if status != workspace::ExportTaskStatus::Success {
        let status = serde_json::to_value(status).unwrap_or_default();
        return Err(Failure::NotFound(format!(
            "The export task {} has no file to download: its status is {}. Download the file \
             once ListExportTasks reports the status SUCCESS (files are kept for a limited time).",
            path.task_id,
            status.as_str().unwrap_or("unknown")
        )));
    }
    let bytes = task
        .workbook()
        .map_err(|e| Failure::Internal(format!("the export file could not be written: {e}")))?;
    tasks.ledger.mark_downloaded(&project_id, &task.task_id);
    xlsx_attachment(bytes, &task.file_name, workspace::XLSX_CONTENT_TYPE)
}

fn export_users_template(state: &AppState, input: &Input) -> Result<Response, Failure> {
    let project_id = workspace_project(input)?;
    if state.dataset.workspace_project(&project_id).is_none() {
        return Err(Failure::NotFound(format!(
            "The project {project_id} does not exist."
        )));
    }
    let query: workspace::ExportUsersTemplateQuery = input.query()?;
    let template = stub_data::workspace_template(query.language, query.active_type);
    xlsx_attachment(
        template.bytes,
        &template.file_name,
        workspace::XLSX_CONTENT_TYPE,
    )
}

fn export_asset_user_list(
    state: &AppState,
    headers: &HeaderMap,
    input: &Input,
    request_id: &str,
) -> Result<Response, Failure> {
    let request: tencent_cwp::ExportAssetUserListRequest = input.body()?;
    let common: tencent_cwp::CommonHeaders = input.headers()?;
    stub_data::validate_tencent_filters(&request).map_err(|problem| Failure::Coded {
        code: problem.code(),
        message: problem.to_string(),
    })?;
    let plan = new_plan(state, headers);
    let export = stub_data::tencent_export(&state.dataset, &request, common.language, &plan);
    let response = tencent_json(&json!({"Response": tencent_cwp::ExportAssetUserListResult {
        task_id: export.task_id,
        request_id: request_id.to_owned(),
    }}));
    Ok(applied(response, &plan))
}

/// Where the stub serves a Tencent task's file: this stub's own address, as the client reached
/// it (the `Host` header; `127.0.0.1` when it is missing or not a host), with the path of the
/// stub's download document.
fn tencent_download_url(headers: &HeaderMap, task: &stub_data::TencentTask) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<Authority>().ok())
        .filter(|authority| authority.as_str().find('@').is_none())
        .map_or_else(|| "127.0.0.1".to_owned(), |a| a.as_str().to_owned());
    let path = tencent_cwp::STUB_DOWNLOAD_PATH
        .replace("{task_id}", &task.task_id)
        .replace("{file_name}", &task.file_name);
    format!("http://{host}{path}")
}

fn export_tasks(
    state: &AppState,
    headers: &HeaderMap,
    input: &Input,
    request_id: &str,
) -> Result<Response, Failure> {
    let request: tencent_cwp::ExportTasksRequest = input.body()?;
    let not_found = || Failure::Coded {
        code: tencent_cwp::codes::RESOURCE_NOT_FOUND,
        message: format!("The export task {} does not exist.", request.task_id),
    };
    let task = stub_data::tencent_task(&state.dataset, &request.task_id).ok_or_else(not_found)?;
    let status = task
        .status(state.config.tasks.clock.now_ms())
        .ok_or_else(|| Failure::Coded {
            code: tencent_cwp::codes::RESOURCE_NOT_FOUND,
            message: format!(
                "The export task {} has expired; its file is no longer kept.",
                request.task_id
            ),
        })?;
    let download_url = match status {
        tencent_cwp::ExportTasksStatus::Finished => tencent_download_url(headers, &task),
        tencent_cwp::ExportTasksStatus::Pending | tencent_cwp::ExportTasksStatus::Error => {
            String::new()
        }
    };
    Ok(tencent_json(
        &json!({"Response": tencent_cwp::ExportTasksResult {
            status,
            download_url,
            file_name: Some(task.file_name),
            request_id: request_id.to_owned(),
        }}),
    ))
}

/// The stub's download URL for a finished Tencent task. Like the pre-signed URL it stands for,
/// it answers a missing file with HTTP 404 (in Tencent's error envelope), so that a client that
/// only checks the status never saves an error as a workbook.
fn stub_download_tencent_export(
    state: &AppState,
    input: &Input,
    request_id: &str,
) -> Result<Response, Failure> {
    let path: tencent_cwp::StubDownloadPath = input.path()?;
    let missing = |why: String| {
        let mut response = Failure::NotFound(why).render(Service::TencentCwp, request_id);
        *response.status_mut() = StatusCode::NOT_FOUND;
        Ok(response)
    };
    let Some(task) = stub_data::tencent_task(&state.dataset, &path.task_id) else {
        return missing(format!("The export task {} does not exist.", path.task_id));
    };
    if task.file_name != path.file_name {
        return missing(format!(
            "The export task {} has no file named {}.",
            path.task_id, path.file_name
        ));
    }
    match task.status(state.config.tasks.clock.now_ms()) {
        Some(tencent_cwp::ExportTasksStatus::Finished) => {}
        Some(tencent_cwp::ExportTasksStatus::Pending) => {
            return missing(format!(
                "The file of export task {} is not ready yet.",
                path.task_id
            ));
        }
        Some(tencent_cwp::ExportTasksStatus::Error) => {
            return missing(format!(
                "Export task {} failed and has no file.",
                path.task_id
            ));
        }
        None => {
            return missing(format!(
                "The file of export task {} has expired.",
                path.task_id
            ));
        }
    }
    let bytes = task
        .workbook()
        .map_err(|e| Failure::Internal(format!("the export file could not be written: {e}")))?;
    xlsx_attachment(bytes, &task.file_name, tencent_cwp::XLSX_CONTENT_TYPE)
}

fn list_assigned_user(state: &AppState, input: &Input) -> Result<Response, Failure> {
    let query: enos::ListAssignedUserQuery = input.query()?;
    let request: enos::ListAssignedUserRequest = input.body()?;
    let page = stub_data::enos_select(&state.dataset, &query.org_id, &request)
        .map_err(|e| Failure::NotFound(e.to_string()))?;
    // The users were serialized at startup (`rendered`); the answer only joins them.
    let body = state
        .rendered
        .enos_answer(&page)
        .ok_or_else(dataset_changed)?;
    Ok(json_bytes(body))
}

/// A JSON answer from bytes that are JSON already.
fn json_bytes(body: Vec<u8>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// The selection names a record that the ready-made ones do not hold. Both come from the
/// state's dataset, which cannot change once the state is built, so this is a bug; it is
/// answered in the vendor's envelope rather than with a panic.
fn dataset_changed() -> Failure {
    Failure::Internal("the ready-made records do not match the dataset".into())
}

fn list_group_user_groups(state: &AppState, input: &Input) -> Result<Response, Failure> {
    let path: codearts::ListGroupUserGroupsPath = input.path()?;
    let query: codearts::ListGroupUserGroupsQuery = input.query()?;
    let (group, members) = stub_data::codearts_select(&state.dataset, path.group_id, &query)
        .map_err(|e| Failure::NotFound(e.to_string()))?;
    // The records were serialized at startup (`rendered`); the answer only joins them.
    let body = state
        .rendered
        .codearts_array(group, members)
        .ok_or_else(dataset_changed)?;
    Ok(json_bytes(body))
}
