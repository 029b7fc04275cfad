//! Drives the stub server through the clients progenitor generated from the OpenAPI 3.0.3
//! twins: every operation once with a request that succeeds, its typed result checked against
//! the dataset the stub serves, and once with a request that breaks a documented constraint,
//! its typed error checked against the document.
//!
//! The stub runs in this process on a free port of 127.0.0.1 and is shut down when the cases
//! are over, whether they passed or not. Each case is its own libtest-mimic trial, named after
//! its function and tagged with its operation, so a failure names its case; each case runs in
//! its own task, so a failing assertion ends that case only. A full run (no filter) writes
//! `target/coverage/progenitor-client.json`.
//!
//! Export tasks are judged by a manual clock that only the polling cases move, so a task is
//! seen pending, then done, without waiting. The cases share that clock and the stub's task
//! ledger, so they run one after the other, in the order [`cases`] lists them; the
//! downloaded workbooks are read back with calamine and their rows compared with the dataset.
//!
//! Where an error reaches the client depends on what the document declares:
//! - Huawei Workspace and CodeArts declare their 4xx answers with an error schema, so
//!   progenitor returns `Error::ErrorResponse` carrying the typed `WorkspaceError` or
//!   `CodeArtsError` body.
//! - Tencent and EnOS declare only HTTP 200, whose schema holds the error: the call returns
//!   `Ok`, and the error is the `TencentErrorResult` variant of the generated `oneOf` enum, or
//!   a non-zero `code` with `data` null. No validation error of theirs is an
//!   `UnexpectedResponse`, which only a status the document does not list would give.

#[macro_use]
mod support;
mod codearts;
mod enos;
mod stub;
mod tencent;
mod workspace;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use generated_clients::OPERATIONS;
use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::json;
use stub_data::{Clock, Dataset};

use crate::stub::{CLOCK_START_MS, Context, Stub};
use crate::support::Case;

/// Name of this suite in the coverage files.
const SUITE: &str = "progenitor-client";
/// How long one case may take, all of its calls included.
const CASE_TIMEOUT: Duration = Duration::from_secs(30);
/// Upper bound on the calls the whole run makes; exceeding it is a failure.
const MAX_CALLS: usize = 100;

/// Every case, in the order they run. The order matters: the listing cases of
/// `ListExportTasks` see the tasks the export cases before them created.
fn cases() -> Vec<Case> {
    cases![
        "ExportUserGroupUsersNew", workspace:
            export_succeeds, export_rejects_project_mismatch, export_unknown_group,
            export_needs_credentials;
        "ExportUsersTemplate", workspace:
            template_succeeds, template_rejects_project_mismatch, template_unknown_project;
        "ExportAssetUserList", tencent:
            export_succeeds, export_rejects_six_values, export_rejects_x_conditions,
            export_needs_credentials;
        "listAssignedUser", enos:
            list_succeeds, list_rejects_page_size, list_unknown_group,
            list_empty_org_refused_by_client;
        "ListGroupUserGroups", codearts:
            list_succeeds, list_rejects_limit, list_unknown_group;
        "ListExportTasks", workspace:
            list_tasks_succeeds, list_tasks_reports_injected_failure, list_tasks_rejects_limit,
            list_tasks_needs_credentials;
        "DownloadExportFile", workspace:
            download_succeeds, download_not_ready;
        "ExportTasks", tencent:
            export_tasks_succeeds, export_tasks_unknown_task, export_tasks_needs_credentials;
    ]
}

/// Per operation: whether every case of it passed so far, and how many ran.
type Results = Arc<Mutex<BTreeMap<&'static str, (bool, usize)>>>;

/// The trial that runs `case` on `runtime`, in its own task and within [`CASE_TIMEOUT`], and
/// records its outcome in `results`.
fn trial(
    case: Case,
    runtime: &tokio::runtime::Runtime,
    ctx: &Arc<Context>,
    results: &Results,
) -> Trial {
    let handle = runtime.handle().clone();
    let ctx = Arc::clone(ctx);
    let results = Arc::clone(results);
    let Case {
        operation,
        name,
        run,
    } = case;
    Trial::test(name, move || {
        let outcome = handle.block_on(async {
            match tokio::time::timeout(CASE_TIMEOUT, tokio::spawn(run(ctx))).await {
                Ok(Ok(())) => Ok(()),
                Ok(Err(e)) => Err(format!("failed: {e}")),
                Err(_) => Err(format!("did not finish within {CASE_TIMEOUT:?}")),
            }
        });
        let mut results = results.lock().expect("the results are not poisoned");
        let entry = results.entry(operation).or_insert((true, 0));
        entry.1 += 1;
        entry.0 &= outcome.is_ok();
        outcome.map_err(Failed::from)
    })
    .with_kind(operation)
}

/// Where the coverage file goes: `target/coverage/` of the workspace root.
fn coverage_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/coverage")
        .join(format!("{SUITE}.json"))
}

/// Writes the coverage file: per operation, whether all its cases passed, and how many.
fn write_coverage(results: &BTreeMap<&str, (bool, usize)>) {
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
}

fn main() -> ExitCode {
    let mut args = Arguments::from_args();
    // The cases share the stub's manual clock and task ledger: one at a time, in order.
    args.test_threads = Some(1);
    let cases = cases();
    for case in &cases {
        assert!(OPERATIONS.contains(&case.operation), "{}", case.operation);
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let dataset = Dataset::generate(stub_data::DEFAULT_SEED);
    let clock = Clock::manual(CLOCK_START_MS);
    let stub = runtime.block_on(Stub::start(dataset.clone(), clock.clone()));
    let ctx = Arc::new(Context {
        base_url: stub.base_url.clone(),
        dataset,
        clock,
        seen: Arc::clone(&stub.seen),
    });
    let results = Results::default();
    let trials = cases
        .into_iter()
        .map(|case| trial(case, &runtime, &ctx, &results))
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    let calls = runtime.block_on(stub.stop());

    let results = results.lock().expect("the results are not poisoned");
    // A filtered run or a listing leaves operations out: its coverage would be wrong.
    if !args.list && conclusion.num_filtered_out == 0 {
        write_coverage(&results);
    }
    let total_cases: usize = results.values().map(|(_, n)| n).sum();
    println!("{SUITE}: {total_cases} cases, {calls} calls to the stub");
    if calls > MAX_CALLS {
        eprintln!("{calls} calls, more than {MAX_CALLS}");
        return ExitCode::FAILURE;
    }
    conclusion.exit_code()
}
