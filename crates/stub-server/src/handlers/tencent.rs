//! Tencent Cloud CWP: the host-account export, the export task's status, and the stub's own
//! download URL that stands in for Tencent's pre-signed one.

use axum::http::{StatusCode, header, uri::Authority};
use serde_json::json;
use vendor_api::Operation;
use vendor_api::tencent_cwp::{
    self, ExportAssetUserList, ExportTasks, ExportTasksStatus, StubDownloadTencentExport,
};

use super::common::{applied, new_plan, unwritable, xlsx_attachment};
use crate::failure::Failure;
use crate::registry::{Call, Context, Outcome};
use crate::vendor::render;
use crate::vendor::tencent::tencent_json;

/// `ExportAssetUserList`.
pub fn export_asset_user_list(cx: &Context<'_>, call: Call<ExportAssetUserList>) -> Outcome {
    let request = call.body;
    stub_data::validate_tencent_filters(&request).map_err(|problem| Failure::Coded {
        code: problem.code(),
        message: problem.to_string(),
    })?;
    let plan = new_plan(cx);
    let export = stub_data::tencent_export(cx.dataset, &request, call.headers.language, &plan);
    let response = tencent_json(&json!({"Response": tencent_cwp::ExportAssetUserListResult {
        task_id: export.task_id,
        request_id: cx.request_id.to_owned(),
    }}));
    Ok(applied(response, &plan))
}

/// Where the stub serves a Tencent task's file: this stub's own address, as the client reached
/// it (the `Host` header; `127.0.0.1` when it is missing or not a host), with the path of the
/// stub's download document.
fn download_url(cx: &Context<'_>, task: &stub_data::TencentTask) -> String {
    let host = cx
        .headers
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

/// `ExportTasks`.
pub fn export_tasks(cx: &Context<'_>, call: Call<ExportTasks>) -> Outcome {
    let task_id = &call.body.task_id;
    let not_found = |message: String| Failure::Coded {
        code: tencent_cwp::codes::RESOURCE_NOT_FOUND,
        message,
    };
    let task = stub_data::tencent_task(cx.dataset, task_id)
        .ok_or_else(|| not_found(format!("The export task {task_id} does not exist.")))?;
    let status = task.status(cx.config.tasks.clock.now_ms()).ok_or_else(|| {
        not_found(format!(
            "The export task {task_id} has expired; its file is no longer kept."
        ))
    })?;
    let download_url = match status {
        ExportTasksStatus::Finished => download_url(cx, &task),
        ExportTasksStatus::Pending | ExportTasksStatus::Error => String::new(),
    };
    Ok(tencent_json(
        &json!({"Response": tencent_cwp::ExportTasksResult {
            status,
            download_url,
            file_name: Some(task.file_name),
            request_id: cx.request_id.to_owned(),
        }}),
    ))
}

/// `StubDownloadTencentExport`: the stub's download URL for a finished Tencent task. Like the
/// pre-signed URL it stands for, it answers a missing file with HTTP 404 (in Tencent's error
/// envelope), so that a client that only checks the status never saves an error as a workbook.
pub fn stub_download(cx: &Context<'_>, call: Call<StubDownloadTencentExport>) -> Outcome {
    let (task_id, file_name) = (&call.path.task_id, &call.path.file_name);
    let missing = |why: String| {
        let service = StubDownloadTencentExport::DOCUMENT.service();
        let mut response = render(service, &Failure::NotFound(why), cx.request_id);
        *response.status_mut() = StatusCode::NOT_FOUND;
        Ok(response)
    };
    let Some(task) = stub_data::tencent_task(cx.dataset, task_id) else {
        return missing(format!("The export task {task_id} does not exist."));
    };
    if task.file_name != *file_name {
        return missing(format!(
            "The export task {task_id} has no file named {file_name}."
        ));
    }
    let why = match task.status(cx.config.tasks.clock.now_ms()) {
        Some(ExportTasksStatus::Finished) => None,
        Some(ExportTasksStatus::Pending) => Some(format!(
            "The file of export task {task_id} is not ready yet."
        )),
        Some(ExportTasksStatus::Error) => {
            Some(format!("Export task {task_id} failed and has no file."))
        }
        None => Some(format!("The file of export task {task_id} has expired.")),
    };
    if let Some(why) = why {
        return missing(why);
    }
    let bytes = task.workbook().map_err(unwritable)?;
    xlsx_attachment(bytes, &task.file_name)
}
