//! The five operations: validated input in, the vendor's answer out, computed from the
//! dataset by `stub-data`.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use vendor_api::{codearts, enos, tencent_cwp, workspace};

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
    _headers: &HeaderMap,
    input: Input,
    request_id: &str,
) -> Result<Response, Failure> {
    match op.operation_id.as_str() {
        "ExportUserGroupUsersNew" => export_user_group_users(state, &input),
        "ExportUsersTemplate" => export_users_template(state, &input),
        "ExportAssetUserList" => export_asset_user_list(state, &input, request_id),
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
    "ExportAssetUserList",
    "listAssignedUser",
    "ListGroupUserGroups",
];

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

fn export_user_group_users(state: &AppState, input: &Input) -> Result<Response, Failure> {
    let project_id = workspace_project(input)?;
    let path: workspace::ExportUserGroupUsersPath = input.path()?;
    let query: workspace::ExportUserGroupUsersQuery = input.query()?;
    let export = stub_data::workspace_export(&state.dataset, &project_id, &path.group_id, &query)
        .map_err(|e| Failure::NotFound(e.to_string()))?;
    let body = workspace::ExportUserGroupUsersResponse {
        task_id: export.task_id,
    };
    Ok(axum::Json(body).into_response())
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
    let disposition =
        HeaderValue::from_str(&format!("attachment; filename=\"{}\"", template.file_name))
            .map_err(|e| Failure::Internal(format!("file name is not a header value: {e}")))?;
    let mut response = (StatusCode::OK, template.bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(workspace::XLSX_CONTENT_TYPE),
    );
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    Ok(response)
}

fn export_asset_user_list(
    state: &AppState,
    input: &Input,
    request_id: &str,
) -> Result<Response, Failure> {
    let request: tencent_cwp::ExportAssetUserListRequest = input.body()?;
    stub_data::validate_tencent_filters(&request).map_err(|problem| Failure::Coded {
        code: problem.code(),
        message: problem.to_string(),
    })?;
    let export = stub_data::tencent_export(&state.dataset, &request);
    Ok(tencent_json(
        &json!({"Response": tencent_cwp::ExportAssetUserListResult {
            task_id: export.task_id,
            request_id: request_id.to_owned(),
        }}),
    ))
}

fn list_assigned_user(state: &AppState, input: &Input) -> Result<Response, Failure> {
    let query: enos::ListAssignedUserQuery = input.query()?;
    let request: enos::ListAssignedUserRequest = input.body()?;
    let data = stub_data::enos_list_assigned_users(&state.dataset, &query.org_id, &request)
        .map_err(|e| Failure::NotFound(e.to_string()))?;
    let body = enos::ListAssignedUserResponse {
        code: enos::codes::OK,
        message: "OK".into(),
        data: Some(data),
    };
    Ok(axum::Json(body).into_response())
}

fn list_group_user_groups(state: &AppState, input: &Input) -> Result<Response, Failure> {
    let path: codearts::ListGroupUserGroupsPath = input.path()?;
    let query: codearts::ListGroupUserGroupsQuery = input.query()?;
    let groups = stub_data::codearts_list(&state.dataset, path.group_id, &query)
        .map_err(|e| Failure::NotFound(e.to_string()))?;
    Ok(axum::Json(groups).into_response())
}
