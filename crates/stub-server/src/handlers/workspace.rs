//! Huawei Cloud Workspace: the user-group export, the import template, and the export tasks
//! with their files.

use axum::response::IntoResponse;
use vendor_api::Operation;
use vendor_api::workspace::{
    self, DownloadExportFile, ExportUserGroupUsersNew, ExportUsersTemplate, ListExportTasks,
    ProjectHeader,
};

use super::common::{applied, new_plan, unwritable, xlsx_attachment};
use crate::failure::Failure;
use crate::registry::{Call, Context, Outcome};

/// The project of a Workspace request: the path's, which `X-Project-Id` must repeat.
fn project<'p>(project_id: &'p str, header: &ProjectHeader) -> Result<&'p str, Failure> {
    if project_id == "{project_id}" {
        return Err(Failure::BadRequest(
            "The path holds the placeholder {project_id}: the client did not fill in a project ID \
             (with the Huawei SDKs, pass it to BasicCredentials)."
                .into(),
        ));
    }
    if let Some(header_project) = &header.x_project_id
        && header_project != project_id
    {
        return Err(Failure::BadRequest(format!(
            "The X-Project-Id header ({header_project}) does not match the project_id in the path ({project_id})."
        )));
    }
    Ok(project_id)
}

/// A Workspace project that must exist (404 otherwise).
fn existing_project<'p>(
    cx: &Context<'_>,
    project_id: &'p str,
    header: &ProjectHeader,
) -> Result<&'p str, Failure> {
    let project_id = project(project_id, header)?;
    if cx.dataset.workspace_project(project_id).is_none() {
        return Err(Failure::NotFound(format!(
            "The project {project_id} does not exist."
        )));
    }
    Ok(project_id)
}

/// `ExportUserGroupUsersNew`.
pub fn export_user_group_users(cx: &Context<'_>, call: Call<ExportUserGroupUsersNew>) -> Outcome {
    let project_id = project(&call.path.project_id, &call.headers)?;
    let plan = new_plan(cx);
    let export = stub_data::workspace_export(
        cx.dataset,
        project_id,
        &call.path.group_id,
        &call.query,
        &plan,
    )
    .map_err(|e| Failure::NotFound(e.to_string()))?;
    cx.config.tasks.ledger.record(project_id, &export.task_id);
    let body = workspace::ExportUserGroupUsersResponse {
        task_id: export.task_id,
    };
    Ok(applied(axum::Json(body).into_response(), &plan))
}

/// `ListExportTasks`.
pub fn list_export_tasks(cx: &Context<'_>, call: Call<ListExportTasks>) -> Outcome {
    let project_id = existing_project(cx, &call.path.project_id, &call.headers)?;
    let tasks = &cx.config.tasks;
    let known = tasks.ledger.tasks(project_id);
    let body = stub_data::workspace_list_tasks(
        cx.dataset,
        project_id,
        &call.query,
        &known,
        tasks.clock.now_ms(),
    )
    .map_err(|e| Failure::NotFound(e.to_string()))?;
    Ok(axum::Json(body).into_response())
}

/// `DownloadExportFile`.
pub fn download_export_file(cx: &Context<'_>, call: Call<DownloadExportFile>) -> Outcome {
    let project_id = existing_project(cx, &call.path.project_id, &call.headers)?;
    let task_id = &call.path.task_id;
    let task = stub_data::workspace_task(cx.dataset, project_id, task_id).ok_or_else(|| {
        Failure::NotFound(format!(
            "The export task {task_id} does not exist in project {project_id}."
        ))
    })?;
    let tasks = &cx.config.tasks;
    let status = task.status(tasks.clock.now_ms());
    if status != workspace::ExportTaskStatus::Success {
        let status = serde_json::to_value(status).unwrap_or_default();
        return Err(Failure::NotFound(format!(
            "The export task {task_id} has no file to download: its status is {}. Download the \
             file once {} reports the status SUCCESS (files are kept for a limited time).",
            status.as_str().unwrap_or("unknown"),
            ListExportTasks::ID,
        )));
    }
    let bytes = task.workbook().map_err(unwritable)?;
    tasks.ledger.mark_downloaded(project_id, &task.task_id);
    xlsx_attachment(bytes, &task.file_name)
}

/// `ExportUsersTemplate`.
pub fn export_users_template(cx: &Context<'_>, call: Call<ExportUsersTemplate>) -> Outcome {
    existing_project(cx, &call.path.project_id, &call.headers)?;
    let template = stub_data::workspace_template(call.query.language, call.query.active_type);
    xlsx_attachment(template.bytes, &template.file_name)
}
