//! Huawei Cloud Workspace: which users an `ExportUserGroupUsersNew` task exports, and the
//! workbook `ExportUsersTemplate` returns.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use vendor_api::workspace::{ActiveType, ExportUserGroupUsersQuery, Language};

use crate::error::LookupError;
use crate::fixture::{
    Dataset, UserActiveType, WorkspaceProject, WorkspaceUser, WorkspaceUserGroup,
};
use crate::ids::{Canonical, uuid_from_digest};

/// What an export task would write: the selected users and the task's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceExport {
    /// The export task's id: a lowercase 8-4-4-4-12 UUID (RFC 9562 version 8) derived from
    /// the project, the group, the normalized query and the selected user names, so the same
    /// request on the same dataset always gets the same id.
    pub task_id: String,
    /// The selected users, in dataset order.
    pub users: Vec<WorkspaceUser>,
}

/// The query with the forms that select the same users brought to one form, so that equal
/// requests get equal task ids.
#[derive(Debug)]
struct Normalized<'q> {
    /// Lowercased: the match ignores case.
    user_name: Option<String>,
    /// Sorted and without repeats: membership ignores order. `None` for an empty list, which
    /// the wire cannot express (the key repeated zero times is the key absent).
    user_names: Option<Vec<&'q str>>,
    /// Lowercased: the match ignores case.
    description: Option<String>,
    active_type: Option<UserActiveType>,
    group_name: Option<&'q str>,
    language: Option<Language>,
    enterprise_project_id: Option<&'q str>,
}

impl<'q> Normalized<'q> {
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
            language: query.language,
            enterprise_project_id: query.enterprise_project_id.as_deref(),
        }
    }

    /// Whether the user passes every given filter (they combine with AND). `language` only
    /// chooses the file's language and selects nothing.
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

    fn task_id(&self, project_id: &str, group_id: &str, users: &[WorkspaceUser]) -> String {
        let mut c = Canonical::new("huawei_workspace/ExportUserGroupUsersNew");
        c.text(project_id);
        c.text(group_id);
        c.optional(self.user_name.as_deref());
        match &self.user_names {
            None => c.optional(None),
            Some(names) => {
                c.list(names.len());
                names.iter().for_each(|name| c.text(name));
            }
        }
        c.optional(self.description.as_deref());
        c.optional(self.active_type.map(active_type_name));
        c.optional(self.group_name);
        c.optional(self.language.map(language_code));
        c.optional(self.enterprise_project_id);
        c.list(users.len());
        users.iter().for_each(|user| c.text(&user.user_name));
        uuid_from_digest(&c.finish())
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

impl Dataset {
    /// The Workspace project with this id. `ExportUsersTemplate` needs no other data, but an
    /// unknown project is still answered 404 there.
    pub fn workspace_project(&self, project_id: &str) -> Option<&WorkspaceProject> {
        self.huawei_workspace
            .projects
            .iter()
            .find(|project| project.project_id == project_id)
    }
}

/// `ExportUserGroupUsersNew`: the users of group `group_id` of project `project_id` that the
/// query's filters keep, and the export task's id.
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
/// `language` selects nothing; it changes only the file, and so the task id.
///
/// # Errors
///
/// [`LookupError::UnknownProject`] or [`LookupError::UnknownGroup`] (the stub answers 404).
pub fn workspace_export(
    dataset: &Dataset,
    project_id: &str,
    group_id: &str,
    query: &ExportUserGroupUsersQuery,
) -> Result<WorkspaceExport, LookupError> {
    let project =
        dataset
            .workspace_project(project_id)
            .ok_or_else(|| LookupError::UnknownProject {
                project_id: project_id.to_owned(),
            })?;
    let group = project
        .user_groups
        .iter()
        .find(|group| group.group_id == group_id)
        .ok_or_else(|| LookupError::UnknownGroup {
            project_id: project_id.to_owned(),
            group_id: group_id.to_owned(),
        })?;
    let normalized = Normalized::new(query);
    let users: Vec<WorkspaceUser> = group
        .users
        .iter()
        .filter(|user| normalized.keeps(group, user))
        .cloned()
        .collect();
    let task_id = normalized.task_id(project_id, group_id, &users);
    Ok(WorkspaceExport { task_id, users })
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
    let bytes = match build_template(language, active_type) {
        Ok(bytes) => bytes,
        // The workbook's content is one of four fixed variants, each built in the tests, so
        // the writer has no input it could reject.
        Err(error) => unreachable!("the fixed import template could not be written: {error}"),
    };
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
