//! Export tasks: their life from the plan and the clock, their workbooks read back with a
//! spreadsheet reader, and `ListExportTasks`. Expected cells come from the dataset and the
//! column decision in DECISIONS.md ("Export files").

use stub_data::{
    DEFAULT_SEED, Dataset, TaskPlan, anchors, tencent_export, tencent_export_headings,
    tencent_task, workspace_export, workspace_export_headings, workspace_list_tasks,
    workspace_task,
};
use vendor_api::tencent_cwp::{
    ExportAssetUserListRequest, ExportTasksStatus, Filter, FilterName, Order, SortBy, TcLanguage,
};
use vendor_api::workspace::{
    ExportTaskLimit, ExportTaskOffset, ExportTaskSortType, ExportTaskStatus,
    ExportUserGroupUsersQuery, Language, ListExportTasksQuery,
};

use crate::support::plan;

/// The workbook reader and the expected Tencent row, shared with the stub's export tests.
#[path = "../shared/workbook.rs"]
mod workbook;
use workbook::{read_workbook as read, tencent_row};

const PROJECT: &str = anchors::WORKSPACE_PROJECT_ID;
const GROUP: &str = anchors::WORKSPACE_GROUP_ID;

fn dataset() -> Dataset {
    Dataset::generate(DEFAULT_SEED)
}

/// The data file is where the headings are written; these words are pinned here, as
/// DECISIONS.md ("Export tasks") states them, so that a wrong data file fails a test even
/// though every other test reads its expectations from that file.
#[test]
fn the_heading_data_holds_the_decided_words() {
    let (sheet, _, headings) = workspace_export_headings(Language::ZhCn);
    assert_eq!(sheet, "用户");
    assert_eq!(
        headings,
        [
            "用户名",
            "邮箱",
            "手机号码",
            "描述",
            "激活方式",
            "企业项目ID"
        ]
    );
    let (sheet, _, headings) = workspace_export_headings(Language::EnUs);
    assert_eq!((sheet, headings[0]), ("Users", "User name"));
    assert_eq!(headings.len(), 6);
    let (sheet, _, headings) = tencent_export_headings(TcLanguage::ZhCn);
    assert_eq!((sheet, headings[2]), ("主机账号", "账号名"));
    let (sheet, _, headings) = tencent_export_headings(TcLanguage::EnUs);
    assert_eq!(sheet, "Accounts");
    assert_eq!(
        headings[..5],
        ["Host QUUID", "OS type", "Account name", "UID", "GID"]
    );
    assert_eq!(headings.len(), 19);
}

#[test]
fn a_workspace_workbook_holds_exactly_the_selected_users() {
    let dataset = dataset();
    let group = dataset
        .workspace_project(PROJECT)
        .and_then(|p| p.user_groups.iter().find(|g| g.group_id == GROUP))
        .expect("the anchor group");
    let query = ExportUserGroupUsersQuery {
        user_names: Some(vec!["bob".into(), "alice".into()]),
        ..Default::default()
    };
    let export = workspace_export(&dataset, PROJECT, GROUP, &query, &plan()).expect("known");
    let task = workspace_task(&dataset, PROJECT, &export.task_id).expect("reads back");
    let (sheet, rows) = read(&task.workbook().expect("written"));
    let (sheet_name, _, headings) = workspace_export_headings(Language::EnUs);
    assert_eq!(sheet, sheet_name);
    assert_eq!(rows[0], headings);
    // Group order, which is alice then bob in the anchor group.
    let expected: Vec<Vec<String>> = group
        .users
        .iter()
        .filter(|u| u.user_name == "alice" || u.user_name == "bob")
        .map(|u| {
            vec![
                u.user_name.clone(),
                u.email.clone(),
                u.phone.clone(),
                u.description.clone(),
                match u.active_type {
                    stub_data::UserActiveType::UserActivate => "USER_ACTIVATE".into(),
                    stub_data::UserActiveType::AdminActivate => "ADMIN_ACTIVATE".into(),
                },
                u.enterprise_project_id.clone().unwrap_or_default(),
            ]
        })
        .collect();
    assert_eq!(expected.len(), 2);
    assert_eq!(rows[1..], expected[..]);
}

#[test]
fn workspace_headings_follow_the_language() {
    let dataset = dataset();
    for (language, expected) in [
        (Some(Language::ZhCn), Language::ZhCn),
        (Some(Language::EnUs), Language::EnUs),
        (None, Language::EnUs),
    ] {
        let (sheet, _, headings) = workspace_export_headings(expected);
        let query = ExportUserGroupUsersQuery {
            language,
            ..Default::default()
        };
        let export = workspace_export(&dataset, PROJECT, GROUP, &query, &plan()).expect("known");
        let task = workspace_task(&dataset, PROJECT, &export.task_id).expect("reads back");
        let (name, rows) = read(&task.workbook().expect("written"));
        assert_eq!(name, sheet, "{language:?}");
        assert_eq!(rows[0], headings, "{language:?}");
        assert_eq!(rows.len(), 1 + export.users.len());
    }
}

#[test]
fn an_empty_selection_is_a_workbook_with_headings_only() {
    let dataset = dataset();
    let query = ExportUserGroupUsersQuery {
        group_name: Some("not this group".into()),
        ..Default::default()
    };
    let export = workspace_export(&dataset, PROJECT, GROUP, &query, &plan()).expect("known");
    assert!(export.users.is_empty());
    let task = workspace_task(&dataset, PROJECT, &export.task_id).expect("reads back");
    let (_, rows) = read(&task.workbook().expect("written"));
    assert_eq!(rows.len(), 1);
}

#[test]
fn the_same_task_gives_the_same_bytes() {
    let dataset = dataset();
    let export =
        workspace_export(&dataset, PROJECT, GROUP, &Default::default(), &plan()).expect("known");
    let once = workspace_task(&dataset, PROJECT, &export.task_id)
        .and_then(|t| t.workbook().ok())
        .expect("written");
    let again = workspace_task(&dataset, PROJECT, &export.task_id)
        .and_then(|t| t.workbook().ok())
        .expect("written");
    assert_eq!(once, again);
}

fn filter(name: FilterName, values: &[&str]) -> Filter {
    Filter {
        name,
        values: values.iter().map(|v| (*v).to_owned()).collect(),
        exact_match: None,
    }
}

#[test]
fn a_tencent_workbook_holds_the_selected_accounts_in_export_order() {
    let dataset = dataset();
    let req = ExportAssetUserListRequest {
        filters: Some(vec![filter(FilterName::Status, &["1"])]),
        order: Some(Order::Desc),
        by: Some(SortBy::PasswordLockDays),
        ..Default::default()
    };
    let export = tencent_export(&dataset, &req, Some(TcLanguage::EnUs), &plan());
    let task = tencent_task(&dataset, &export.task_id).expect("reads back");
    let (sheet, rows) = read(&task.workbook().expect("written"));
    let (sheet_name, _, headings) = tencent_export_headings(TcLanguage::EnUs);
    assert_eq!(sheet, sheet_name);
    assert_eq!(rows[0].len(), 19);
    assert_eq!(rows[0], headings);
    // Every enabled account of the dataset, by lock days descending, ties in dataset order.
    let mut expected: Vec<(u32, usize, Vec<String>)> = Vec::new();
    let mut position = 0;
    for host in &dataset.tencent_cwp.hosts {
        for a in &host.accounts {
            position += 1;
            if a.status != 1 {
                continue;
            }
            expected.push((a.password_lock_days, position, tencent_row(host, a)));
        }
    }
    expected.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let expected: Vec<Vec<String>> = expected.into_iter().map(|(_, _, row)| row).collect();
    assert!(
        expected.len() > 5,
        "the default dataset has enabled accounts"
    );
    // calamine drops trailing empty cells of the longest row only; pad to compare.
    let rows: Vec<Vec<String>> = rows[1..]
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.resize(19, String::new());
            r
        })
        .collect();
    assert_eq!(rows, expected);
}

#[test]
fn tencent_headings_are_chinese_unless_english_is_asked_for() {
    let dataset = dataset();
    for (language, expected) in [
        (None, TcLanguage::ZhCn),
        (Some(TcLanguage::ZhCn), TcLanguage::ZhCn),
        (Some(TcLanguage::EnUs), TcLanguage::EnUs),
    ] {
        let (sheet, _, headings) = tencent_export_headings(expected);
        let export = tencent_export(&dataset, &Default::default(), language, &plan());
        let task = tencent_task(&dataset, &export.task_id).expect("reads back");
        let (name, rows) = read(&task.workbook().expect("written"));
        assert_eq!(name, sheet, "{language:?}");
        assert_eq!(rows[0], headings, "{language:?}");
        assert_eq!(
            rows.len(),
            1 + dataset
                .tencent_cwp
                .hosts
                .iter()
                .map(|h| h.accounts.len())
                .sum::<usize>()
        );
    }
}

#[test]
fn task_states_follow_the_clock() {
    let dataset = dataset();
    let plan = plan();
    let start = plan.created_ms;
    let export = tencent_export(&dataset, &Default::default(), None, &plan);
    let task = tencent_task(&dataset, &export.task_id).expect("reads back");
    assert_eq!(task.status(start), Some(ExportTasksStatus::Pending));
    assert_eq!(task.status(start + 499), Some(ExportTasksStatus::Pending));
    assert_eq!(task.status(start + 500), Some(ExportTasksStatus::Finished));
    assert_eq!(
        task.status(start + 500 + 604_800_000),
        None,
        "expired: no longer known"
    );

    let failing = TaskPlan { fail: true, ..plan };
    let export = tencent_export(&dataset, &Default::default(), None, &failing);
    let task = tencent_task(&dataset, &export.task_id).expect("reads back");
    assert_eq!(task.status(start + 500), Some(ExportTasksStatus::Error));

    let export =
        workspace_export(&dataset, PROJECT, GROUP, &Default::default(), &plan).expect("known");
    let task = workspace_task(&dataset, PROJECT, &export.task_id).expect("reads back");
    let item = task.item(start, false);
    assert_eq!(item.status, ExportTaskStatus::Creating);
    assert_eq!(item.create_time, "2026-02-10T08:00:00.000Z");
    assert_eq!(item.end_time, None);
    let item = task.item(start + 500, true);
    assert_eq!(item.status, ExportTaskStatus::Success);
    assert_eq!(item.end_time.as_deref(), Some("2026-02-10T08:00:00.500Z"));
    assert!(item.is_download && item.fail_reason.is_none() && item.error_code.is_none());
    assert_eq!(
        task.status(start + 500 + 604_800_000),
        ExportTaskStatus::Expired
    );

    let export =
        workspace_export(&dataset, PROJECT, GROUP, &Default::default(), &failing).expect("known");
    let task = workspace_task(&dataset, PROJECT, &export.task_id).expect("reads back");
    let item = task.item(start + 10_000_000_000, false);
    assert_eq!(item.status, ExportTaskStatus::Fail);
    assert!(item.fail_reason.is_some() && item.error_code.is_some());
}

fn list(
    query: ListExportTasksQuery,
    known: &[(String, bool)],
    now: i64,
) -> Vec<(String, ExportTaskStatus)> {
    let dataset = dataset();
    let answer =
        workspace_list_tasks(&dataset, PROJECT, &query, known, now).expect("known project");
    assert!(answer.count as usize >= answer.export_tasks.len());
    answer
        .export_tasks
        .into_iter()
        .map(|t| (t.task_id, t.status))
        .collect()
}

#[test]
fn listing_filters_sorts_and_pages_the_known_tasks() {
    let dataset = dataset();
    let at = |offset: i64, fail: bool| TaskPlan {
        created_ms: plan().created_ms + offset,
        fail,
        ..plan()
    };
    let id = |plan: TaskPlan| {
        workspace_export(&dataset, PROJECT, GROUP, &Default::default(), &plan)
            .expect("known")
            .task_id
    };
    let (a, b, c) = (id(at(0, false)), id(at(1_000, true)), id(at(2_000, false)));
    // Another project's task is not listed even when it is known.
    let other = workspace_export(
        &dataset,
        &dataset.huawei_workspace.projects[1].project_id,
        &dataset.huawei_workspace.projects[1].user_groups[1].group_id,
        &Default::default(),
        &plan(),
    )
    .expect("known")
    .task_id;
    let known = vec![
        (c.clone(), false),
        (a.clone(), true),
        (b.clone(), false),
        (other, false),
        ("not-a-task".to_owned(), false),
    ];
    let now = plan().created_ms + 2_100;
    use ExportTaskStatus::*;
    assert_eq!(
        list(Default::default(), &known, now),
        [
            (a.clone(), Success),
            (b.clone(), Fail),
            (c.clone(), Creating)
        ]
    );
    let desc = ListExportTasksQuery {
        sort_type: ExportTaskSortType::Desc,
        ..Default::default()
    };
    assert_eq!(
        list(desc, &known, now),
        [
            (c.clone(), Creating),
            (b.clone(), Fail),
            (a.clone(), Success)
        ]
    );
    let failed = ListExportTasksQuery {
        status: Some(Fail),
        ..Default::default()
    };
    assert_eq!(list(failed, &known, now), [(b.clone(), Fail)]);
    let downloaded = ListExportTasksQuery {
        is_download: Some(true),
        ..Default::default()
    };
    assert_eq!(list(downloaded, &known, now), [(a.clone(), Success)]);
    let page = ListExportTasksQuery {
        offset: ExportTaskOffset::try_from(1).expect("in range"),
        limit: ExportTaskLimit::try_from(1).expect("in range"),
        ..Default::default()
    };
    let answer =
        workspace_list_tasks(&dataset, PROJECT, &page, &known, now).expect("known project");
    assert_eq!(answer.count, 3);
    assert_eq!(answer.export_tasks.len(), 1);
    assert_eq!(answer.export_tasks[0].task_id, b);
    // The file name filter: part of the name, ignoring case.
    let by_name = ListExportTasksQuery {
        file_name: Some("USER_GROUP_USERS_20260210T080001".into()),
        ..Default::default()
    };
    assert_eq!(list(by_name, &known, now), [(b.clone(), Fail)]);
    // A task id is found whether or not this process knows it, and only in its project.
    let by_id = ListExportTasksQuery {
        task_id: Some(c.clone()),
        ..Default::default()
    };
    assert_eq!(list(by_id, &[], now), [(c.clone(), Creating)]);
    let unknown = ListExportTasksQuery {
        task_id: Some("3f1f0e7c-6a7d-4b9e-9d1b-0c2f5a8e7d41".into()),
        ..Default::default()
    };
    assert_eq!(list(unknown, &known, now), []);
    assert!(
        workspace_list_tasks(&dataset, "no-such-project", &Default::default(), &[], now).is_err()
    );
}
