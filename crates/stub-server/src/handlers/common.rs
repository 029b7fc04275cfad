//! What several operations' handlers share: export-task plans, file and JSON answers.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::failure::Failure;
use crate::registry::{Context, TaskFailed};

/// The plan of an export task created now, by this process's task settings; it fails when
/// the request's `Prefer` asked for `task=fail`.
pub fn new_plan(cx: &Context<'_>) -> stub_data::TaskPlan {
    let settings = &cx.config.tasks;
    let millis = |d: std::time::Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    stub_data::TaskPlan::new(
        settings.clock.now_ms(),
        millis(settings.delay),
        millis(settings.retention),
        cx.preferences.task_fail,
    )
}

/// Marks the answer when the task was made to fail, so that `Preference-Applied` says so, as
/// RFC 7240 suggests.
pub fn applied(mut response: Response, plan: &stub_data::TaskPlan) -> Response {
    if plan.fail {
        response.extensions_mut().insert(TaskFailed);
    }
    response
}

/// An `.xlsx` attachment.
pub fn xlsx_attachment(bytes: Vec<u8>, file_name: &str) -> Result<Response, Failure> {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
        .map_err(|e| Failure::Internal(format!("file name is not a header value: {e}")))?;
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(vendor_api::xlsx::XLSX_CONTENT_TYPE),
    );
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    Ok(response)
}

/// A JSON answer from bytes that are JSON already.
pub fn json_bytes(body: Vec<u8>) -> Response {
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
pub fn dataset_changed() -> Failure {
    Failure::Internal("the ready-made records do not match the dataset".into())
}

/// The export file of a task could not be written.
pub fn unwritable(e: impl std::fmt::Display) -> Failure {
    Failure::Internal(format!("the export file could not be written: {e}"))
}
