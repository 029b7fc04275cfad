//! The dataset's types: one section per vendor, each a tree from the resource a request names
//! in its path or query down to the records the operation returns.
//!
//! Keys follow each vendor's wire naming where a record mirrors a response object (EnOS users
//! are camelCase, CodeArts member groups are the `ProjectUserGroupDto` fields), so records can
//! be pasted from real responses; every other key is snake_case. Unknown keys are rejected, so
//! a misspelt key in a hand-written fixture is an error rather than a silently missing field.
//! The doc comments here become the descriptions of [`crate::fixture_schema`], which editors
//! show while a fixture is written.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Everything the stub server answers from: the projects, hosts, organizations and repository
/// groups of the five vendor operations, with their members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Stub server dataset")]
pub struct Dataset {
    /// Path or URL of this file's JSON Schema, for editor completion; the stub ignores it.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Huawei Cloud Workspace: projects, their desktop user groups and the groups' users
    /// (`ExportUserGroupUsersNew`).
    pub huawei_workspace: WorkspaceSection,
    /// Tencent Cloud CWP: protected hosts and the accounts found on them
    /// (`ExportAssetUserList`).
    pub tencent_cwp: TencentSection,
    /// EnOS Application Portal: organizations (OUs), their user groups and the groups' users
    /// (`listAssignedUser`).
    pub enos_app_portal: EnosSection,
    /// Huawei Cloud CodeArts Repo: repository groups and the user groups that are their
    /// members (`ListGroupUserGroups`).
    pub huawei_codearts_repo: CodeArtsSection,
}

// ---------------------------------------------------------------------------------------------
// Huawei Cloud Workspace

/// Huawei Cloud Workspace data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceSection {
    /// IAM projects; a request for a project not listed here is answered 404.
    pub projects: Vec<WorkspaceProject>,
}

/// One IAM project (one region of one account).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceProject {
    /// Project ID, the `{project_id}` of the request path; unique in the dataset.
    #[schemars(length(min = 1))]
    pub project_id: String,
    /// Desktop user groups of the project.
    pub user_groups: Vec<WorkspaceUserGroup>,
}

/// A desktop user group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceUserGroup {
    /// Group ID, the `{group_id}` of the request path; unique within its project.
    #[schemars(length(min = 1))]
    pub group_id: String,
    /// Group name; the export's `group_name` filter keeps the users only when it equals this.
    #[schemars(length(min = 1))]
    pub group_name: String,
    /// Free-text description of the group (may be empty).
    pub description: String,
    /// Users in the group, in the order exports list them.
    pub users: Vec<WorkspaceUser>,
}

/// How a Workspace user account gets activated; the same names as the API's `active_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UserActiveType {
    /// The user activates the account from the activation message.
    UserActivate,
    /// An administrator activates the account and sets its initial password.
    AdminActivate,
}

impl From<vendor_api::workspace::ActiveType> for UserActiveType {
    fn from(value: vendor_api::workspace::ActiveType) -> Self {
        match value {
            vendor_api::workspace::ActiveType::UserActivate => Self::UserActivate,
            vendor_api::workspace::ActiveType::AdminActivate => Self::AdminActivate,
        }
    }
}

impl From<UserActiveType> for vendor_api::workspace::ActiveType {
    fn from(value: UserActiveType) -> Self {
        match value {
            UserActiveType::UserActivate => Self::UserActivate,
            UserActiveType::AdminActivate => Self::AdminActivate,
        }
    }
}

/// A desktop user, as a member of one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceUser {
    /// Login name; unique within the group. `user_name` filters match a part of it (ignoring
    /// case), `user_names` the whole of it.
    #[schemars(length(min = 1))]
    pub user_name: String,
    /// Free-text description (may be empty); the `description` filter matches a part of it,
    /// ignoring case.
    pub description: String,
    /// How the account is activated.
    pub active_type: UserActiveType,
    /// Email address (may be empty).
    pub email: String,
    /// Mobile phone number (may be empty).
    pub phone: String,
    /// Enterprise project the user belongs to (`"0"` is the default enterprise project);
    /// absent when the user belongs to none, which no `enterprise_project_id` filter matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub enterprise_project_id: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Tencent Cloud CWP

/// Tencent Cloud CWP data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TencentSection {
    /// Hosts with the CWP agent, in the order an unrestricted export visits them.
    pub hosts: Vec<TencentHost>,
}

/// Operating system family of a host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum OsType {
    /// Windows.
    Windows,
    /// Linux.
    Linux,
}

impl OsType {
    /// The name the `OsType` filter compares with (ignoring case).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Windows => "Windows",
            Self::Linux => "Linux",
        }
    }
}

/// A protected host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TencentHost {
    /// The host's QUUID, the request's `Quuid`; unique in the dataset.
    #[schemars(length(min = 1))]
    pub quuid: String,
    /// Operating system family, which the `OsType` filter matches.
    pub os_type: OsType,
    /// Accounts found on the host, in dataset order (the export order when no `By` is given).
    pub accounts: Vec<TencentAccount>,
}

/// Pattern of the dataset's Tencent times: local time, `YYYY-MM-DD HH:MM:SS`.
const TENCENT_TIME: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$";

/// An account on a host. Times are `YYYY-MM-DD HH:MM:SS` (the format of CWP's console and of
/// its account APIs), in one unstated zone, so they compare as text. Fields the vendor marks
/// "Linux only" or "Windows only" still hold a value on the other system, so every filter has
/// something to compare: the generator gives Windows accounts login type 0 and no Linux
/// privileges, and Linux accounts a `type` (2 with sudo, 1 without).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TencentAccount {
    /// Account name; unique on its host. The `Name` filter matches a part of it
    /// (case-sensitive), or all of it with `ExactMatch`.
    #[schemars(length(min = 1))]
    pub name: String,
    /// User ID (on Windows, the relative ID of the account's SID).
    pub uid: u64,
    /// Primary group ID.
    pub guid: u64,
    /// 0 no login, 1 key only, 2 password only, 3 key and password.
    #[schemars(range(min = 0, max = 3))]
    pub login_type: u8,
    /// 0 disabled, 1 enabled.
    #[schemars(range(min = 0, max = 1))]
    pub status: u8,
    /// 0 guest, 1 standard user, 2 administrator.
    #[serde(rename = "type")]
    #[schemars(range(min = 0, max = 2))]
    pub account_type: u8,
    /// Domain account (Windows).
    pub is_domain: bool,
    /// Has root privileges (Linux).
    pub is_root: bool,
    /// Has sudo privileges (Linux).
    pub is_sudo: bool,
    /// May log in over SSH (Linux).
    pub is_ssh_login: bool,
    /// 0 shell login not allowed, 1 allowed (Linux).
    #[schemars(range(min = 0, max = 1))]
    pub shell_login_status: u8,
    /// 1 normal, 2 expiring soon, 3 expired, 4 locked.
    #[schemars(range(min = 1, max = 4))]
    pub password_status: u8,
    /// When CWP first saw the account.
    #[schemars(regex(pattern = TENCENT_TIME))]
    pub first_time: String,
    /// Last login; absent for an account that never logged in, which then matches no
    /// login-time filter and sorts before every time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = TENCENT_TIME))]
    pub login_time: Option<String>,
    /// When the password was last changed.
    #[schemars(regex(pattern = TENCENT_TIME))]
    pub change_password_time: String,
    /// When the password expires (the vendor's spelling of "due").
    #[schemars(regex(pattern = TENCENT_TIME))]
    pub password_dua_time: String,
    /// Days left before the account is locked.
    pub password_lock_days: u32,
}

// ---------------------------------------------------------------------------------------------
// EnOS Application Portal

/// EnOS Application Portal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnosSection {
    /// Organizations; a request for one not listed here is answered code 31404.
    pub orgs: Vec<EnosOrg>,
}

/// An organization (OU).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnosOrg {
    /// OU ID, the request's `orgId` query parameter; unique in the dataset.
    #[schemars(length(min = 1))]
    pub org_id: String,
    /// User groups of the organization.
    pub user_groups: Vec<EnosUserGroup>,
}

/// A user group of an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnosUserGroup {
    /// User group ID, the request's `userGroupId`; unique within its organization.
    #[schemars(length(min = 1))]
    pub user_group_id: String,
    /// Display name of the group.
    pub name: String,
    /// Users assigned to the group, in the order pages list them.
    pub users: Vec<EnosUser>,
}

/// A user, with the keys of the API's `User` object. Fields the user has not filled in are
/// empty strings, as in the vendor's sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnosUser {
    /// User ID; unique within the group.
    #[serde(rename = "userId")]
    #[schemars(length(min = 1))]
    pub user_id: String,
    /// User name.
    pub name: String,
    /// Email address.
    pub email: String,
    /// Phone number without the area code.
    pub phone: String,
    /// Area code of the phone number, such as `+86`.
    #[serde(rename = "phoneArea")]
    pub phone_area: String,
}

impl From<&EnosUser> for vendor_api::enos::User {
    fn from(user: &EnosUser) -> Self {
        Self {
            user_id: user.user_id.clone(),
            name: user.name.clone(),
            email: user.email.clone(),
            phone: user.phone.clone(),
            phone_area: user.phone_area.clone(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Huawei Cloud CodeArts Repo

/// Huawei Cloud CodeArts Repo data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeArtsSection {
    /// Repository groups; a request for one not listed here is answered 404.
    pub repository_groups: Vec<CodeArtsRepositoryGroup>,
}

/// A repository group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeArtsRepositoryGroup {
    /// Numeric repository group ID, the `{group_id}` of the request path; unique in the
    /// dataset.
    #[schemars(range(min = 1, max = 2147483647))]
    pub group_id: i32,
    /// Member user groups, in membership order (the order of the response array).
    pub member_groups: Vec<CodeArtsMemberGroup>,
}

/// Bounds of the documented 1–1,000 character strings.
const CODEARTS_TEXT_MAX: u32 = 1000;

/// Schema of a key that must be present but may be null. schemars makes an `Option` field
/// optional, and its `required` attribute also drops the `null`; the DTO needs both.
struct RequiredNullableText;

impl JsonSchema for RequiredNullableText {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RequiredNullableText".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": ["string", "null"]})
    }
}

/// A user group that is a member of a repository group: exactly the fields of the API's
/// `ProjectUserGroupDto`, all of which are always present. Text fields hold 1 to 1,000
/// characters; `project_id`, `group_type` and `description` may be null but not left out
/// (the API always sends the ten keys).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeArtsMemberGroup {
    /// ID of the membership record, 1 to 2147483647; unique across all repository groups.
    #[schemars(range(min = 1, max = 2147483647))]
    pub id: i32,
    /// ID of the user group, which `search` matches exactly. Two records may share one (the
    /// vendor's example does).
    #[schemars(length(min = 1, max = CODEARTS_TEXT_MAX))]
    pub user_group_id: String,
    /// Name of the user group.
    #[schemars(length(min = 1, max = CODEARTS_TEXT_MAX))]
    pub name: String,
    /// Project the user group is in; null for an organization-level group.
    #[serde(deserialize_with = "Option::deserialize")]
    #[schemars(with = "RequiredNullableText", length(min = 1, max = CODEARTS_TEXT_MAX))]
    pub project_id: Option<String>,
    /// Tenant the user group belongs to.
    #[schemars(length(min = 1, max = CODEARTS_TEXT_MAX))]
    pub tenant_id: String,
    /// Type of the user group; may be null.
    #[serde(deserialize_with = "Option::deserialize")]
    #[schemars(with = "RequiredNullableText", length(min = 1, max = CODEARTS_TEXT_MAX))]
    pub group_type: Option<String>,
    /// Number of members of the user group, 0 to 2147483647.
    #[schemars(range(min = 0, max = 2147483647))]
    pub member_count: i32,
    /// When the membership was created: RFC 3339 with milliseconds and offset, such as
    /// `2025-09-17T19:30:03.275+08:00`.
    #[schemars(length(min = 1, max = CODEARTS_TEXT_MAX), extend("format" = "date-time"))]
    pub created_at: String,
    /// When the membership was last updated, in the same format; not before `created_at`.
    #[schemars(length(min = 1, max = CODEARTS_TEXT_MAX), extend("format" = "date-time"))]
    pub updated_at: String,
    /// Description of the user group; may be null.
    #[serde(deserialize_with = "Option::deserialize")]
    #[schemars(with = "RequiredNullableText", length(min = 1, max = CODEARTS_TEXT_MAX))]
    pub description: Option<String>,
}

impl From<&CodeArtsMemberGroup> for vendor_api::codearts::ProjectUserGroupDto {
    fn from(group: &CodeArtsMemberGroup) -> Self {
        Self {
            id: group.id,
            user_group_id: group.user_group_id.clone(),
            name: group.name.clone(),
            project_id: group.project_id.clone(),
            tenant_id: group.tenant_id.clone(),
            group_type: group.group_type.clone(),
            member_count: group.member_count,
            created_at: group.created_at.clone(),
            updated_at: group.updated_at.clone(),
            description: group.description.clone(),
        }
    }
}

/// The JSON Schema of a dataset file ([`Dataset`]), for editors and for checking fixtures
/// outside Rust. The output is the same on every run: schemars emits properties in
/// declaration order and definitions in the order it meets them.
pub fn fixture_schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(Dataset))
        // A schema is plain JSON data; serializing it to a `Value` cannot fail.
        .unwrap_or(serde_json::Value::Null);
    unwrap_descriptions(&mut schema);
    schema
}

/// Joins the lines of every description: doc comments are wrapped at the source's line
/// width, and editors would show those breaks in the middle of sentences. Blank lines
/// (paragraph breaks) stay.
fn unwrap_descriptions(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    serde_json::Value::String(text) if key == "description" => {
                        *text = text
                            .split("\n\n")
                            .map(|p| p.replace('\n', " "))
                            .collect::<Vec<_>>()
                            .join("\n\n");
                    }
                    _ => unwrap_descriptions(value),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(unwrap_descriptions),
        _ => {}
    }
}
