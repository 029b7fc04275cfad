//! Huawei Cloud Workspace: which users an `ExportUserGroupUsersNew` task exports, the task's
//! state, listing and file in the export center (`ListExportTasks`, `DownloadExportFile`), and
//! the workbook `ExportUsersTemplate` returns.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use vendor_api::workspace::{
    ActiveType, ExportTaskItem, ExportTaskSortType, ExportTaskStatus, ExportUserGroupUsersQuery,
    Language, ListExportTasksQuery, ListExportTasksResponse, codes,
};

use crate::error::LookupError;
use crate::fixture::{
    Dataset, UserActiveType, WorkspaceProject, WorkspaceUser, WorkspaceUserGroup,
};
use crate::headings;
use crate::ids::{self, Reader, Writer};
use crate::tasks::{TaskPhase, TaskPlan};
use crate::time;
use crate::xlsx::{self, Cell, Sheet};

/// Keeps Workspace task ids apart from other vendors' ids.
const ID_DOMAIN: &str = "huawei_workspace/ExportUserGroupUsersNew";

/// What an export task writes: the selected users, the task's id and its file's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceExport<'d> {
    /// The export task's id: URL-safe base64 that carries the task's plan (creation time,
    /// delay, retention, injected failure), the file's language, the group and which of its
    /// users are selected. See [`workspace_task`].
    pub task_id: String,
    /// Name of the file the task writes.
    pub file_name: String,
    /// The selected users, in dataset order, borrowed from the dataset.
    pub users: Vec<&'d WorkspaceUser>,
}

/// The query's filters, in the forms the matching uses.
#[derive(Debug)]
struct Filters<'q> {
    /// Lowercased: the match ignores case.
    user_name: Option<String>,
    /// Sorted and without repeats. `None` for an empty list, which the wire cannot express
    /// (the key repeated zero times is the key absent).
    user_names: Option<Vec<&'q str>>,
    /// Lowercased: the match ignores case.
    description: Option<String>,
    active_type: Option<UserActiveType>,
    group_name: Option<&'q str>,
    enterprise_project_id: Option<&'q str>,
}

impl<'q> Filters<'q> {
    fn new(query: &'q ExportUserGroupUsersQuery) -> Self {
        let user_names = query
            .user_names
            .as_ref()
            .filter(|names| !names.is_empty())
            .map(|names| {
                let mut names: Vec<&str> = names.iter().map(String::as_str).collect();
                names.sort_unstable();
                names.dedup();
                names
            });
        Self {
            user_name: query.user_name.as_deref().map(str::to_lowercase),
            user_names,
            description: query.description.as_deref().map(str::to_lowercase),
            active_type: query.active_type.map(UserActiveType::from),
            group_name: query.group_name.as_deref(),
            enterprise_project_id: query.enterprise_project_id.as_deref(),
        }
    }

    /// Whether the user passes every given filter (they combine with AND).
    fn keeps(&self, group: &WorkspaceUserGroup, user: &WorkspaceUser) -> bool {
        let contains = |text: &str, needle: &Option<String>| {
            needle
                .as_ref()
                .is_none_or(|needle| text.to_lowercase().contains(needle.as_str()))
        };
        contains(&user.user_name, &self.user_name)
            && contains(&user.description, &self.description)
            && self.user_names.as_ref().is_none_or(|names| names.binary_search(&user.user_name.as_str()).is_ok())
            && self.active_type.is_none_or(|active| active == user.active_type)
            // The export is of one group, so its name can only confirm the group or exclude it.
            && self.group_name.is_none_or(|name| name == group.group_name)
            && self.enterprise_project_id.is_none_or(|ep| user.enterprise_project_id.as_deref() == Some(ep))
    }
}

fn active_type_name(active: UserActiveType) -> &'static str {
    match active {
        UserActiveType::UserActivate => "USER_ACTIVATE",
        UserActiveType::AdminActivate => "ADMIN_ACTIVATE",
    }
}

fn language_code(language: Language) -> &'static str {
    match language {
        Language::ZhCn => "zh_CN",
        Language::EnUs => "en_US",
    }
}

/// How the id writes the requested language: 0 none given, 1 `zh_CN`, 2 `en_US`.
fn language_byte(language: Option<Language>) -> u8 {
    match language {
        None => 0,
        Some(Language::ZhCn) => 1,
        Some(Language::EnUs) => 2,
    }
}

impl Dataset {
    /// The Workspace project with this id. `ExportUsersTemplate` needs no other data, but an
    /// unknown project is still answered 404 there.
    pub fn workspace_project(&self, project_id: &str) -> Option<&WorkspaceProject> {
        self.huawei_workspace
            .projects
            .iter()
            .find(|project| project.project_id == project_id)
    }

    /// Every Workspace user group with its project, in dataset order: a group's position here
    /// is how task ids name it.
    fn workspace_groups(&self) -> impl Iterator<Item = (&WorkspaceProject, &WorkspaceUserGroup)> {
        self.huawei_workspace.projects.iter().flat_map(|project| {
            project
                .user_groups
                .iter()
                .map(move |group| (project, group))
        })
    }
}

/// The file name of a task created at `created_ms`:
/// `user_group_users_YYYYMMDDTHHMMSSmmmZ.xlsx` (UTC).
fn file_name(created_ms: i64) -> String {
    format!(
        "user_group_users_{}.xlsx",
        time::compact_utc_millis(created_ms)
    )
}

/// `ExportUserGroupUsersNew`: the users of group `group_id` of project `project_id` that the
/// query's filters keep, and the id of the export task that `plan` describes.
///
/// The filters, all optional, combine with AND:
/// - `user_name`: part of the user name, ignoring case;
/// - `description`: part of the description, ignoring case;
/// - `user_names`: the whole user name, exactly, is one of the list (order and repeats do not
///   matter; an empty list filters nothing);
/// - `active_type`: equal;
/// - `group_name`: keeps the group's users when it equals the group's name exactly, else none;
/// - `enterprise_project_id`: equal (a user without one never matches).
///
/// `language` selects nothing; it chooses the file's headings (English when absent).
///
/// # Errors
///
/// [`LookupError::UnknownProject`] or [`LookupError::UnknownGroup`] (the stub answers 404).
pub fn workspace_export<'d>(
    dataset: &'d Dataset,
    project_id: &str,
    group_id: &str,
    query: &ExportUserGroupUsersQuery,
    plan: &TaskPlan,
) -> Result<WorkspaceExport<'d>, LookupError> {
    if dataset.workspace_project(project_id).is_none() {
        return Err(LookupError::UnknownProject {
            project_id: project_id.to_owned(),
        });
    }
    let (ordinal, group) = dataset
        .workspace_groups()
        .enumerate()
        .find(|(_, (project, group))| {
            project.project_id == project_id && group.group_id == group_id
        })
        .map(|(ordinal, (_, group))| (ordinal, group))
        .ok_or_else(|| LookupError::UnknownGroup {
            project_id: project_id.to_owned(),
            group_id: group_id.to_owned(),
        })?;
    let filters = Filters::new(query);
    let positions: Vec<usize> = group
        .users
        .iter()
        .enumerate()
        .filter(|(_, user)| filters.keeps(group, user))
        .map(|(position, _)| position)
        .collect();
    let mut body = Writer::default();
    body.byte(language_byte(query.language));
    body.varint(ordinal as u64);
    body.selection(&positions, group.users.len());
    Ok(WorkspaceExport {
        task_id: ids::seal(ID_DOMAIN, plan, body),
        file_name: file_name(plan.created_ms),
        users: positions.iter().map(|&p| &group.users[p]).collect(),
    })
}

/// An export task read back from its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceTask {
    /// The id, as given.
    pub task_id: String,
    /// How the task runs.
    pub plan: TaskPlan,
    /// The project the task belongs to.
    pub project_id: String,
    /// The exported group.
    pub group_id: String,
    /// The exported group's name.
    pub group_name: String,
    /// The file's language: the requested one, English when none was.
    pub language: Language,
    /// Name of the task's file.
    pub file_name: String,
    /// The exported users, in dataset order.
    pub users: Vec<WorkspaceUser>,
}

/// The export task `task_id` of project `project_id`, read from the id alone: `None` when the
/// id is not one of the stub's Workspace task ids (a typo, another vendor's id, an id made for
/// another dataset) or belongs to another project.
pub fn workspace_task(dataset: &Dataset, project_id: &str, task_id: &str) -> Option<WorkspaceTask> {
    let mut buffer = Vec::new();
    let (plan, mut reader) = ids::unseal(ID_DOMAIN, task_id, &mut buffer)?;
    let language = match reader.byte()? {
        0 | 2 => Language::EnUs,
        1 => Language::ZhCn,
        _ => return None,
    };
    let ordinal = usize::try_from(reader.varint()?).ok()?;
    let (project, group) = dataset.workspace_groups().nth(ordinal)?;
    if project.project_id != project_id {
        return None;
    }
    let positions = read_all(&mut reader, group.users.len())?;
    Some(WorkspaceTask {
        task_id: task_id.to_owned(),
        plan,
        project_id: project.project_id.clone(),
        group_id: group.group_id.clone(),
        group_name: group.group_name.clone(),
        language,
        file_name: file_name(plan.created_ms),
        users: positions.iter().map(|&p| group.users[p].clone()).collect(),
    })
}

/// The selection, which must end the body.
fn read_all(reader: &mut Reader<'_>, len: usize) -> Option<Vec<usize>> {
    let positions = reader.selection(len)?;
    reader.is_empty().then_some(positions)
}

impl WorkspaceTask {
    /// The task's status at `now_ms`.
    pub fn status(&self, now_ms: i64) -> ExportTaskStatus {
        match self.plan.phase(now_ms) {
            TaskPhase::Running => ExportTaskStatus::Creating,
            TaskPhase::Succeeded => ExportTaskStatus::Success,
            TaskPhase::Failed => ExportTaskStatus::Fail,
            TaskPhase::Expired => ExportTaskStatus::Expired,
        }
    }

    /// The task as `ListExportTasks` lists it at `now_ms`.
    pub fn item(&self, now_ms: i64, downloaded: bool) -> ExportTaskItem {
        let status = self.status(now_ms);
        let failed = status == ExportTaskStatus::Fail;
        ExportTaskItem {
            task_id: self.task_id.clone(),
            file_name: self.file_name.clone(),
            status,
            fail_reason: failed.then(|| {
                "The export failed: a failure was injected when the task was created \
                 (Prefer: task=fail)."
                    .to_owned()
            }),
            error_code: failed.then(|| codes::INTERNAL_ERROR.to_owned()),
            create_time: time::format_utc_millis(self.plan.created_ms),
            end_time: (status != ExportTaskStatus::Creating)
                .then(|| time::format_utc_millis(self.plan.ends_ms())),
            is_download: downloaded,
        }
    }

    /// The task's file: one sheet (`Users`, or `用户` in Chinese) with a bold heading row and
    /// one row per exported user: user name, email, mobile phone, description, activation type
    /// (`USER_ACTIVATE`/`ADMIN_ACTIVATE`) and enterprise project ID (empty when the user has
    /// none), all as text.
    ///
    /// # Errors
    ///
    /// The workbook writer's error (the stub answers it as an internal error).
    pub fn workbook(&self) -> Result<Vec<u8>, XlsxError> {
        let (name, title, headings) = headings::workspace(self.language);
        let title = format!("{title}: {}", self.group_name);
        let rows = self
            .users
            .iter()
            .map(|user| {
                vec![
                    Cell::Text(user.user_name.clone()),
                    Cell::Text(user.email.clone()),
                    Cell::Text(user.phone.clone()),
                    Cell::Text(user.description.clone()),
                    Cell::Text(active_type_name(user.active_type).to_owned()),
                    user.enterprise_project_id
                        .clone()
                        .map_or(Cell::Empty, Cell::Text),
                ]
            })
            .collect();
        xlsx::write(&Sheet {
            name,
            title: &title,
            headings,
            rows,
            created_ms: self.plan.created_ms,
        })
    }
}

/// `ListExportTasks`: the export tasks of project `project_id` that the query keeps, at
/// `now_ms`.
///
/// The tasks considered are the one `task_id` names, when it is given (whichever replica
/// created it), and otherwise `known`: the tasks this process created or served for the
/// project, with their download flags. Then `file_name` keeps names that contain it (ignoring
/// case), `status` and `is_download` keep equal values; the tasks are sorted by creation time
/// (then id), ascending unless `sort_type` is `DESC`, and `offset`/`limit` cut the page.
/// `count` is the number of matching tasks on all pages.
///
/// # Errors
///
/// [`LookupError::UnknownProject`] (the stub answers 404).
pub fn workspace_list_tasks(
    dataset: &Dataset,
    project_id: &str,
    query: &ListExportTasksQuery,
    known: &[(String, bool)],
    now_ms: i64,
) -> Result<ListExportTasksResponse, LookupError> {
    if dataset.workspace_project(project_id).is_none() {
        return Err(LookupError::UnknownProject {
            project_id: project_id.to_owned(),
        });
    }
    let downloaded = |id: &str| known.iter().any(|(known, flag)| known == id && *flag);
    let candidates: Vec<WorkspaceTask> = match &query.task_id {
        Some(id) => workspace_task(dataset, project_id, id)
            .into_iter()
            .collect(),
        None => known
            .iter()
            .filter_map(|(id, _)| workspace_task(dataset, project_id, id))
            .collect(),
    };
    let needle = query.file_name.as_deref().map(str::to_lowercase);
    let mut items: Vec<ExportTaskItem> = candidates
        .iter()
        .map(|task| task.item(now_ms, downloaded(&task.task_id)))
        .filter(|item| {
            needle
                .as_ref()
                .is_none_or(|needle| item.file_name.to_lowercase().contains(needle.as_str()))
                && query.status.is_none_or(|status| status == item.status)
                && query
                    .is_download
                    .is_none_or(|flag| flag == item.is_download)
        })
        .collect();
    // The timestamps are fixed-width UTC text, so they order as text.
    items.sort_by(|a, b| {
        (a.create_time.as_str(), a.task_id.as_str())
            .cmp(&(b.create_time.as_str(), b.task_id.as_str()))
    });
    if query.sort_type == ExportTaskSortType::Desc {
        items.reverse();
    }
    let count = i32::try_from(items.len()).unwrap_or(i32::MAX);
    let offset = usize::try_from(query.offset.get()).unwrap_or(usize::MAX);
    let limit = usize::try_from(query.limit.get()).unwrap_or(0);
    let export_tasks = items.into_iter().skip(offset).take(limit).collect();
    Ok(ListExportTasksResponse {
        export_tasks,
        count,
    })
}

/// A file to send back as an attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// `user_import_template_{language}_{active_type}.xlsx`, e.g.
    /// `user_import_template_en_US_USER_ACTIVATE.xlsx`; `en_US` when no language was given.
    pub file_name: String,
    /// The `.xlsx` workbook.
    pub bytes: Vec<u8>,
}

/// Column headings of the import template, in the project's own words; `*` marks a column
/// that must be filled in.
fn template_headings(language: Language, active_type: ActiveType) -> Vec<&'static str> {
    let (mut headings, password) = match language {
        Language::EnUs => (
            vec![
                "User name*",
                "Email*",
                "Mobile phone",
                "Description",
                "Account expiry date (YYYY-MM-DD)",
            ],
            "Initial password*",
        ),
        Language::ZhCn => (
            vec![
                "用户名*",
                "邮箱*",
                "手机号码",
                "描述",
                "账号到期日期（YYYY-MM-DD）",
            ],
            "初始密码*",
        ),
    };
    // An administrator-activated account has no activation step, so its password is set at
    // import.
    if active_type == ActiveType::AdminActivate {
        headings.push(password);
    }
    headings
}

/// `ExportUsersTemplate`: the user import template for `language` and `active_type`.
///
/// The workbook has one sheet whose bold first row names the columns to fill in: user name,
/// email, mobile phone, description and account expiry date, plus the initial password for
/// `ADMIN_ACTIVATE`. Headings are Chinese for `zh_CN` and English otherwise: the vendor does
/// not document its default language, and English matches the documents' language. The bytes
/// depend only on the arguments (the workbook's creation time is fixed at 2026-02-10, the
/// vendor page's date).
pub fn workspace_template(language: Option<Language>, active_type: ActiveType) -> Template {
    let language = language.unwrap_or(Language::EnUs);
    let file_name = format!(
        "user_import_template_{}_{}.xlsx",
        language_code(language),
        active_type_name(active_type.into())
    );
    // The workbook is one of four fixed variants, and building one (a zip archive) costs far
    // more than answering any other request: each is built on first use and kept.
    static BUILT: [std::sync::OnceLock<Vec<u8>>; 4] = [const { std::sync::OnceLock::new() }; 4];
    let slot = match (language, active_type) {
        (Language::EnUs, ActiveType::UserActivate) => 0,
        (Language::EnUs, ActiveType::AdminActivate) => 1,
        (Language::ZhCn, ActiveType::UserActivate) => 2,
        (Language::ZhCn, ActiveType::AdminActivate) => 3,
    };
    let bytes = BUILT[slot]
        .get_or_init(|| match build_template(language, active_type) {
            Ok(bytes) => bytes,
            // Each of the four variants is built in the tests, so the writer has no input it
            // could reject.
            Err(error) => unreachable!("the fixed import template could not be written: {error}"),
        })
        .clone();
    Template { file_name, bytes }
}

fn build_template(language: Language, active_type: ActiveType) -> Result<Vec<u8>, XlsxError> {
    let (sheet_name, title) = match language {
        Language::EnUs => ("Users", "User import template"),
        Language::ZhCn => ("用户", "用户导入模板"),
    };
    let mut workbook = Workbook::new();
    // Without a fixed creation time the library stamps the current time into
    // docProps/core.xml, and the same request would get different bytes.
    let created = ExcelDateTime::from_ymd(2026, 2, 10)?.and_hms(0, 0, 0)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_creation_datetime(&created),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name)?;
    let bold = Format::new().set_bold();
    for (column, heading) in (0_u16..).zip(template_headings(language, active_type)) {
        sheet.write_string_with_format(0, column, heading, &bold)?;
        sheet.set_column_width(column, 28)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}
