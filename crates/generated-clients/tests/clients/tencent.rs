//! Tencent CWP through its generated client: ExportAssetUserList and ExportTasks, and the
//! download URL a finished task gives.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use generated_clients::tencent_cwp as tencent;
use stub_data::{Dataset, anchors};
use vendor_api::tencent_cwp::TcLanguage;

use crate::stub::{Context, Seen, http};
use crate::support::{
    XLSX, assert_task_id, file_time, header_text, pending_polls, poll_task, read_workbook, strings,
    tencent_row,
};

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

/// Sends a Tencent call that `$builder` started, with `X-TC-Action: $action`, the common
/// parameters of every action (English files) and `$body`; checks that the answer is HTTP 200
/// JSON, as every Tencent answer is, and gives its `Response`.
macro_rules! tencent_send {
    ($builder:expr, $action:expr, $body:expr) => {{
        let response = $builder
            .x_tc_action($action)
            .x_tc_version(tencent::types::ApiVersion::X20180228)
            .x_tc_timestamp(now())
            .x_tc_region("ap-guangzhou")
            .x_tc_language(tencent::types::TcLanguage::EnUs)
            .body($body)
            .send()
            .await
            .expect("every Tencent answer is HTTP 200 with the documented body");
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(
            header_text(response.headers(), "content-type"),
            "application/json"
        );
        response.into_inner().response
    }};
}

/// One `ExportAssetUserList` call.
async fn tencent_export(
    client: &tencent::Client,
    body: tencent::types::ExportAssetUserListRequest,
) -> tencent::types::ExportAssetUserListOutcome {
    tencent_send!(
        client.export_asset_user_list(),
        tencent::types::Action::ExportAssetUserList,
        body
    )
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
pub(crate) async fn export_succeeds(ctx: Arc<Context>) {
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
pub(crate) async fn export_rejects_six_values(ctx: Arc<Context>) {
    let values = ["a", "b", "c", "d", "e", "f"];
    let outcome = tencent_export(&ctx.tencent(), accounts_request(&values)).await;
    let error = tencent_error(outcome);
    assert_eq!(error.code, "InvalidParameterValue", "{error:?}");
    assert!(error.message.contains("Values"), "{error:?}");
}

/// The per-key value rules live in `x-conditions`, which progenitor ignores: the client sends
/// a non-numeric `Uid` unchecked and the stub refuses it.
pub(crate) async fn export_rejects_x_conditions(ctx: Arc<Context>) {
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
pub(crate) async fn export_needs_credentials(ctx: Arc<Context>) {
    let outcome = tencent_export(&ctx.tencent_anonymous(), accounts_request(&["root"])).await;
    let error = tencent_error(outcome);
    assert_eq!(error.code, "AuthFailure.InvalidAuthorization", "{error:?}");
}

// ---------------------------------------------------------------------------------------------
// Tencent CWP: ExportTasks

/// One `ExportTasks` call.
async fn tencent_export_tasks(
    client: &tencent::Client,
    task_id: &str,
) -> tencent::types::ExportTasksOutcome {
    let body = tencent::types::ExportTasksRequest {
        task_id: task_id.to_owned(),
    };
    tencent_send!(
        client.export_tasks(),
        tencent::types::ExportTasksAction::ExportTasks,
        body
    )
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
/// by [`crate::support::POLL_STEP_MS`] after each pending answer; returns the statuses seen and the last
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
    let ask = || async move {
        let result = match tencent_export_tasks(client, task_id).await {
            ExportTasksOutcome::ExportTasksResult(result) => result,
            ExportTasksOutcome::TencentErrorResult(error) => {
                panic!("expected the task's state, got {error:?}")
            }
        };
        assert_sent_to_root(ctx);
        assert!(!result.request_id.is_empty());
        result
    };
    let check_pending = |result: &tencent::types::ExportTasksResult| {
        assert_eq!(result.download_url, "", "no URL while PENDING");
    };
    poll_task(
        ctx,
        task_id,
        ExportTasksStatus::Pending,
        ask,
        |result| result.status,
        check_pending,
    )
    .await
}

/// The full loop: export two named accounts of the anchor host with English headings, poll
/// `ExportTasks` until `FINISHED`, fetch `DownloadUrl` with a plain `GET` (no credentials, as
/// a pre-signed URL) and read the workbook back: sheet, headings and rows are what
/// DECISIONS.md and the dataset say.
pub(crate) async fn export_tasks_succeeds(ctx: Arc<Context>) {
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
    // DECISIONS.md, "Export tasks": the sheet and headings of an English file.
    let (sheet_name, _, headings) = stub_data::tencent_export_headings(TcLanguage::EnUs);
    assert_eq!(sheet, sheet_name);
    assert_eq!(
        rows.first().map(Vec::as_slice),
        Some(&strings(headings)[..])
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
pub(crate) async fn export_tasks_unknown_task(ctx: Arc<Context>) {
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
pub(crate) async fn export_tasks_needs_credentials(ctx: Arc<Context>) {
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

fn tencent_host<'d>(dataset: &'d Dataset, quuid: &str) -> &'d stub_data::TencentHost {
    dataset
        .tencent_cwp
        .hosts
        .iter()
        .find(|h| h.quuid == quuid)
        .unwrap_or_else(|| panic!("the dataset has host {quuid}"))
}
