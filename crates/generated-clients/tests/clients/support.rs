//! What the cases of several vendors share: the shape of a case, the pace of the task
//! polls, and the shapes the documents and DECISIONS.md give (task ids, file times, workbooks,
//! Huawei error answers).

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::stub::{Context, TASK_DELAY_MS};

/// Media type of the workbooks (the template and the exported files), as the documents
/// declare it.
pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// How far the manual clock moves between two polls of a task.
pub(crate) const POLL_STEP_MS: i64 = 200;
/// Most polls of one task before the case gives up.
pub(crate) const MAX_POLLS: usize = 10;

/// What a case runs: its body, given the shared context.
pub(crate) type CaseFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// One case: the operation it exercises, its name, and its body.
pub(crate) struct Case {
    pub(crate) operation: &'static str,
    pub(crate) name: &'static str,
    pub(crate) run: fn(Arc<Context>) -> CaseFuture,
}

/// `cases!["Operation", module: function, ...; ...]`: per operation, the cases that each
/// run one async function of `module`, named after it; in the order written.
macro_rules! cases {
    ($($operation:literal, $module:ident: $($function:ident),+;)+) => {
        vec![$($($crate::support::Case {
            operation: $operation,
            name: concat!(stringify!($module), "::", stringify!($function)),
            run: |ctx| Box::pin($module::$function(ctx)),
        }),+),+]
    };
}

/// An export task id as DECISIONS.md ("Task ids") describes it: URL-safe base64 without
/// padding, 25 to 45 characters with the default dataset (checked here with some room).
pub(crate) fn assert_task_id(text: &str) {
    assert!(
        (16..=64).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "not a URL-safe base64 task id of 16 to 64 characters: {text:?}"
    );
}

/// `ms` (since the Unix epoch) as an instant.
pub(crate) fn instant(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).expect("a representable time")
}

/// The time part of an export file's name: `yyyyMMddTHHmmssSSSZ`, UTC (DECISIONS.md, "Export
/// files").
pub(crate) fn file_time(ms: i64) -> String {
    instant(ms).format("%Y%m%dT%H%M%S%3fZ").to_string()
}

/// The workbook reader and the row an exported Tencent account becomes, shared with
/// stub-data's and the stub's export tests.
#[path = "../../../stub-data/tests/shared/workbook.rs"]
mod workbook;
pub(crate) use workbook::{read_workbook, tencent_row};

/// A header of a response as text, empty when absent.
pub(crate) fn header_text(headers: &reqwest::header::HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// How many polls see a task pending before it is done: it is `CREATING` while less than the
/// delay has passed, and the clock moves [`POLL_STEP_MS`] between polls.
pub(crate) fn pending_polls() -> usize {
    usize::try_from((TASK_DELAY_MS + POLL_STEP_MS - 1) / POLL_STEP_MS).expect("a small count")
}

/// Asks for the state of task `task_id` with `ask` until its `status` is no longer `pending`,
/// moving the manual clock by [`POLL_STEP_MS`] after each pending answer, which
/// `check_pending` checks first; the statuses seen and the last answer. Fails after
/// [`MAX_POLLS`] asks.
pub(crate) async fn poll_task<T, S: Copy + PartialEq + Debug, F: Future<Output = T>>(
    ctx: &Context,
    task_id: &str,
    pending: S,
    // A closure returning a future rather than an async closure: the futures of async
    // closures are not yet known to be `Send`, which the cases' tasks need.
    mut ask: impl FnMut() -> F,
    status: impl Fn(&T) -> S,
    check_pending: impl Fn(&T),
) -> (Vec<S>, T) {
    let mut statuses = Vec::new();
    for _ in 0..MAX_POLLS {
        let answer = ask().await;
        statuses.push(status(&answer));
        if status(&answer) != pending {
            return (statuses, answer);
        }
        check_pending(&answer);
        ctx.clock.advance(POLL_STEP_MS);
    }
    panic!("task {task_id} still {pending:?} after {MAX_POLLS} polls: {statuses:?}");
}

/// Owned copies of `texts`, to compare with the cells read from a workbook.
pub(crate) fn strings(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|text| (*text).to_owned()).collect()
}

/// The two fields every Huawei error body has; Workspace and CodeArts each get their own
/// generated type for it.
pub(crate) trait HuaweiErrorBody: Debug {
    fn code(&self) -> &str;
    fn message(&self) -> &str;
}

/// Implements [`HuaweiErrorBody`] for a generated error type, which has both fields.
macro_rules! huawei_error_body {
    ($type:ty) => {
        impl $crate::support::HuaweiErrorBody for $type {
            fn code(&self) -> &str {
                &self.error_code
            }
            fn message(&self) -> &str {
                &self.error_msg
            }
        }
    };
}

/// A documented Huawei error answer, checked: status `status`, an `X-Request-Id`, the code
/// `code` and a message. Returns the body for further checks.
pub(crate) fn huawei_error<E: HuaweiErrorBody>(
    result: Result<impl Debug, progenitor_client::Error<E>>,
    status: u16,
    code: &str,
) -> E {
    let (got_status, has_request_id, body) = match result {
        Err(progenitor_client::Error::ErrorResponse(response)) => {
            let status = response.status().as_u16();
            let has_request_id = response.headers().contains_key("x-request-id");
            (status, has_request_id, response.into_inner())
        }
        other => panic!("expected a documented error response, got {other:?}"),
    };
    assert_eq!(got_status, status, "{body:?}");
    assert!(has_request_id, "no X-Request-Id on {body:?}");
    assert_eq!(body.code(), code, "{body:?}");
    assert!(!body.message().is_empty(), "{body:?}");
    body
}
