//! Huawei Workspace through its generated client: ExportUserGroupUsersNew,
//! ExportUsersTemplate, ListExportTasks and DownloadExportFile.

use std::num::NonZeroU32;
use std::sync::Arc;

use generated_clients::huawei_workspace as workspace;
use stub_data::{Dataset, anchors};
use vendor_api::workspace::Language as VendorLanguage;

use crate::stub::{Context, TASK_DELAY_MS};
use crate::support::{
    XLSX, assert_task_id, file_time, header_text, huawei_error, instant, pending_polls, poll_task,
    read_workbook, strings,
};

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
pub(crate) async fn export_succeeds(ctx: Arc<Context>) {
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
pub(crate) async fn export_rejects_project_mismatch(ctx: Arc<Context>) {
    let other_project = format!("{}0", anchors::WORKSPACE_PROJECT_ID);
    let result = ctx
        .workspace()
        .export_user_group_users_new()
        .project_id(anchors::WORKSPACE_PROJECT_ID)
        .group_id(anchors::WORKSPACE_GROUP_ID)
        .x_project_id(other_project)
        .send()
        .await;
    let body = huawei_error(result, 400, "WKS.00020400");
    assert!(body.error_msg.contains("X-Project-Id"), "{body:?}");
}

/// A group the dataset does not have is the documented 404.
pub(crate) async fn export_unknown_group(ctx: Arc<Context>) {
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
    huawei_error(result, 404, "WKS.00020404");
}

/// Without a token or signature the gateway answers 401 `APIGW.0301`.
pub(crate) async fn export_needs_credentials(ctx: Arc<Context>) {
    let result = ctx
        .workspace_anonymous()
        .export_user_group_users_new()
        .project_id(anchors::WORKSPACE_PROJECT_ID)
        .group_id(anchors::WORKSPACE_GROUP_ID)
        .send()
        .await;
    huawei_error(result, 401, "APIGW.0301");
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
pub(crate) async fn template_succeeds(ctx: Arc<Context>) {
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
pub(crate) async fn template_rejects_project_mismatch(ctx: Arc<Context>) {
    let result = ctx
        .workspace()
        .export_users_template()
        .project_id(anchors::WORKSPACE_PROJECT_ID)
        .x_project_id("another-project")
        .send()
        .await
        .map(|response| response.status());
    let body = huawei_error(result, 400, "WKS.00020400");
    assert!(body.error_msg.contains("X-Project-Id"), "{body:?}");
}

/// A project the dataset does not have is the documented 404, in JSON although the success
/// answer is a workbook.
pub(crate) async fn template_unknown_project(ctx: Arc<Context>) {
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
    huawei_error(result, 404, "WKS.00020404");
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
/// the manual clock by [`crate::support::POLL_STEP_MS`] after each pending answer; returns the statuses seen
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
    let ask = || async move {
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
        assert_eq!(page.count, Some(1), "{page:?}");
        let [item] = <[_; 1]>::try_from(page.export_tasks).expect("exactly one task");
        assert_eq!(item.task_id.as_deref(), Some(task_id));
        item
    };
    let check_pending = |item: &workspace::types::ExportTaskItem| {
        assert!(
            item.end_time.is_none(),
            "no end time while CREATING: {item:?}"
        );
        assert_eq!(item.is_download, Some(false), "{item:?}");
    };
    poll_task(
        ctx,
        task_id,
        ExportTaskStatus::Creating,
        ask,
        |item| item.status.expect("a listed task has its status"),
        check_pending,
    )
    .await
}

/// An export followed to its end: `CREATING` for the delay, then `SUCCESS`, with the times
/// and file name DECISIONS.md gives. An id the stub did not issue lists nothing; a listing
/// without `task_id` holds this process's tasks in the order asked for.
pub(crate) async fn list_tasks_succeeds(ctx: Arc<Context>) {
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
    assert_eq!(item.create_time, Some(instant(created_ms)));
    assert_eq!(item.end_time, Some(instant(created_ms + TASK_DELAY_MS)));
    assert_eq!(
        item.file_name,
        Some(format!("user_group_users_{}.xlsx", file_time(created_ms)))
    );
    assert_eq!((item.fail_reason, item.error_code), (None, None));
    assert_eq!(item.is_download, Some(false));

    let none = client
        .list_export_tasks()
        .project_id(anchors::WORKSPACE_PROJECT_ID)
        .task_id(FOREIGN_TASK_ID)
        .send()
        .await
        .expect("an empty page")
        .into_inner();
    assert_eq!(none.count, Some(0), "{none:?}");
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
        done.export_tasks
            .iter()
            .any(|t| t.task_id.as_deref() == Some(task_id.as_str())),
        "{done:?}"
    );
    assert!(
        done.export_tasks
            .iter()
            .all(|t| t.status == Some(ExportTaskStatus::Success))
    );
    assert!(
        done.export_tasks
            .windows(2)
            .all(|w| w[1].create_time.is_some() && w[0].create_time >= w[1].create_time),
        "newest first: {done:?}"
    );
    assert!(
        done.count
            .and_then(|count| usize::try_from(count).ok())
            .is_some_and(|n| n >= done.export_tasks.len())
    );
}

/// `Prefer: task=fail` on the export: after the delay the task is `FAIL` with a reason and
/// the internal-error code, and it has no file (DECISIONS.md, "Injected failures").
pub(crate) async fn list_tasks_reports_injected_failure(ctx: Arc<Context>) {
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
    let body = huawei_error(result, 404, "WKS.00020404");
    assert!(body.error_msg.contains("FAIL"), "{body:?}");
}

/// `limit` is at most 100; the generated client types it as `NonZeroU32` (the lower bound
/// only), so 101 is sent and the stub answers the documented 400.
pub(crate) async fn list_tasks_rejects_limit(ctx: Arc<Context>) {
    let result = ctx
        .workspace()
        .list_export_tasks()
        .project_id(anchors::WORKSPACE_PROJECT_ID)
        .limit(NonZeroU32::new(101).expect("not zero"))
        .send()
        .await;
    let body = huawei_error(result, 400, "WKS.00020400");
    assert!(body.error_msg.contains("limit"), "{body:?}");
}

/// Without a token or signature the gateway answers 401 `APIGW.0301`.
pub(crate) async fn list_tasks_needs_credentials(ctx: Arc<Context>) {
    let result = ctx
        .workspace_anonymous()
        .list_export_tasks()
        .project_id(anchors::WORKSPACE_PROJECT_ID)
        .send()
        .await;
    huawei_error(result, 401, "APIGW.0301");
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
pub(crate) async fn download_succeeds(ctx: Arc<Context>) {
    use workspace::types::{ExportTaskStatus, Language};
    let client = ctx.workspace();
    let names = anchors::WORKSPACE_USER_NAMES;
    let (task_id, _) = start_workspace_export(&ctx, &client, &names, Language::ZhCn).await;
    let (_, item) = poll_workspace_task(&ctx, &client, &task_id).await;
    assert_eq!(item.status, Some(ExportTaskStatus::Success), "{item:?}");

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
        format!(
            "attachment; filename=\"{}\"",
            item.file_name.as_deref().expect("the task names its file")
        )
    );
    let bytes = read_all(response.into_inner()).await;
    let (sheet, rows) = read_workbook(&bytes);
    // DECISIONS.md, "Export tasks": the sheet and headings of a Chinese file.
    let (sheet_name, _, headings) = stub_data::workspace_export_headings(VendorLanguage::ZhCn);
    assert_eq!(sheet, sheet_name);
    assert_eq!(
        rows.first().map(Vec::as_slice),
        Some(&strings(headings)[..])
    );
    let expected = workspace_rows(&ctx.dataset, &names);
    assert_eq!(
        expected.len(),
        names.len(),
        "the anchor users are in the group"
    );
    assert_eq!(rows[1..], expected[..]);

    let (_, after) = poll_workspace_task(&ctx, &client, &task_id).await;
    assert_eq!(after.is_download, Some(true), "{after:?}");
}

/// A task still `CREATING` has no file yet: 404 `WKS.00020404` naming the status; an id the
/// stub did not issue is the same 404. No clock moves, so the new task stays pending.
pub(crate) async fn download_not_ready(ctx: Arc<Context>) {
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
        let body = huawei_error(result, 404, "WKS.00020404");
        if id == task_id {
            assert!(body.error_msg.contains("CREATING"), "{body:?}");
        }
    }
}

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

huawei_error_body!(workspace::types::WorkspaceError);
