//! Huawei Cloud Workspace: export the users of a desktop user group, follow the export task and
//! download its file, and fetch the user import template.
//!
//! Vendor pages: "Exporting Users in a User Group" (`ExportUserGroupUsersNew`), "Creating a
//! User Template Download Task" (`ExportUsersTemplate`), and the export center's "Listing
//! Export Tasks" (`ListExportTasks`) and "Downloading an Exported File" (`DownloadExportFile`),
//! completed with what the `huaweicloudsdkworkspace` SDK sends (the `user_names` list, the
//! `active_type` default) and reads (`ExportTaskItem`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::openapi::{OpenApi as OpenApiDoc, RefOr, response::Response};
use utoipa::{IntoParams, IntoResponses, Modify, OpenApi, ToSchema};

use crate::Service;
use crate::error_codes::{self, CodeProperty, ErrorCode, Origin};
use crate::huawei::{self, ErrorStatus};
use crate::links::{self, Flow};
use crate::operation::{Document, Nothing, Operation, operation};
pub use crate::xlsx::{XLSX_CONTENT_TYPE, XlsxFile};

/// Tag of the user-group operations.
pub const TAG_USER_GROUP: &str = "User Group";
/// Tag of the user operations.
pub const TAG_USER: &str = "User";
/// Tag of the export center: the export tasks and their files.
pub const TAG_EXPORT: &str = "Export Center";

/// Regions served by `workspace.{region}.myhuaweicloud.com`, as the Workspace SDK lists them.
pub const REGIONS: &[&str] = &[
    "cn-north-4",
    "cn-east-3",
    "cn-south-1",
    "cn-southwest-2",
    "cn-north-9",
    "cn-east-5",
    "cn-north-11",
    "la-south-2",
    "la-north-2",
    "sa-brazil-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "me-east-1",
    "af-south-1",
    "af-north-1",
    "tr-west-1",
    "eu-west-101",
];

/// Error codes the Workspace operations answer with. Codes marked illustrative are the stub's
/// own choice: the vendor publishes no code for that case (see DECISIONS.md).
pub mod codes {
    /// 400: a parameter breaks its documented constraint (illustrative).
    pub const INVALID_PARAMETER: &str = "WKS.00020400";
    /// 401: no credentials, or credentials the gateway cannot use (API Gateway's own code).
    pub const UNAUTHORIZED: &str = crate::huawei::gateway::BAD_CREDENTIALS;
    /// 403: the caller lacks the permission (illustrative).
    pub const FORBIDDEN: &str = "WKS.00020403";
    /// 404: the project, the user group or the export task does not exist (illustrative).
    pub const NOT_FOUND: &str = "WKS.00020404";
    /// 405: the method is not defined for the path (illustrative).
    pub const METHOD_NOT_ALLOWED: &str = "WKS.00020405";
    /// 500: internal error (illustrative).
    pub const INTERNAL_ERROR: &str = "WKS.00020500";
    /// 503: the service is unavailable (illustrative).
    pub const SERVICE_UNAVAILABLE: &str = "WKS.00020503";
}

/// The service's own codes in `error_code`; the gateway's are [`huawei::GATEWAY_CODES`]. The
/// Workspace code table publishes none of these cases, so every one is illustrative.
const ERROR_CODES: &[ErrorCode] = &[
    ErrorCode::text(
        codes::INVALID_PARAMETER,
        "400: the request is malformed or a parameter breaks its documented constraint",
        Origin::Illustrative,
    ),
    ErrorCode::text(
        codes::FORBIDDEN,
        "403: the caller may not perform the operation",
        Origin::Illustrative,
    )
    .only(&[ExportUserGroupUsersNew::ID, ExportUsersTemplate::ID]),
    ErrorCode::text(
        codes::NOT_FOUND,
        "404: the project, the user group or the export task does not exist, or the task has no file to download",
        Origin::Illustrative,
    ),
    ErrorCode::text(
        codes::METHOD_NOT_ALLOWED,
        "405: the method is not defined for the path",
        Origin::Illustrative,
    )
    .only(&[ExportUserGroupUsersNew::ID, ExportUsersTemplate::ID]),
    ErrorCode::text(
        codes::INTERNAL_ERROR,
        "500: the service failed; also the `error_code` of a failed export task",
        Origin::Illustrative,
    ),
    ErrorCode::text(
        codes::SERVICE_UNAVAILABLE,
        "503: the service is temporarily unavailable",
        Origin::Illustrative,
    )
    .only(&[ExportUsersTemplate::ID]),
];

/// How a Workspace user account gets activated: `USER_ACTIVATE`, the user activates the
/// account themselves; `ADMIN_ACTIVATE`, an administrator activates it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ActiveType {
    /// The user activates the account (the default where one applies).
    #[default]
    UserActivate,
    /// An administrator activates the account.
    AdminActivate,
}

/// Language of the exported file or template: `zh_CN` Chinese, `en_US` English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum Language {
    /// Chinese.
    #[serde(rename = "zh_CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en_US")]
    EnUs,
}

/// Error body of the Workspace API, on every 4xx and 5xx status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = WorkspaceError)]
pub struct WorkspaceError {
    /// Error code, `WKS.` followed by digits for errors of the service itself, `APIGW.` for
    /// errors raised by API Gateway before the request reaches the service.
    pub error_code: String,
    /// Human-readable explanation of the error.
    pub error_msg: String,
    /// Encrypted detail of an authorization denial; only present when an IAM identity policy
    /// rejected the call. Decrypt it with the STS API `decode-authorization-message`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub encoded_authorization_message: Option<String>,
}

/// Project in the path of every Workspace operation.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ProjectPath {
    /// Project ID (the IAM project of the region the request is sent to).
    #[param(example = "0bec5db98280d2d02fd6c00c2de791ce")]
    pub project_id: String,
}

/// Headers of every Workspace operation, besides the credentials.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Header)]
pub struct ProjectHeader {
    /// Project ID, which the SDKs send beside the path; when present it must equal the
    /// `project_id` of the path.
    #[serde(rename = "X-Project-Id")]
    #[param(nullable = false)]
    pub x_project_id: Option<String>,
}

/// Path of `ExportUserGroupUsersNew`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ExportUserGroupUsersPath {
    /// Project ID (the IAM project of the region the request is sent to).
    pub project_id: String,
    /// ID of the desktop user group whose users are exported.
    pub group_id: String,
}

/// Query of `ExportUserGroupUsersNew`: every filter is optional and they combine with AND.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExportUserGroupUsersQuery {
    /// Keep only users whose user name contains this text.
    pub user_name: Option<String>,
    /// Keep only users whose user name is one of these, given as repeated keys
    /// (`user_names=alice&user_names=bob`), as the SDK sends them.
    #[param(style = Form, explode)]
    pub user_names: Option<Vec<String>>,
    /// Keep only users whose description contains this text.
    pub description: Option<String>,
    /// Keep only users with this activation type.
    pub active_type: Option<ActiveType>,
    /// Keep only the users of the user group with this name; it must be the name of the group
    /// in the path.
    pub group_name: Option<String>,
    /// Language of the exported file.
    pub language: Option<Language>,
    /// Enterprise project ID.
    pub enterprise_project_id: Option<String>,
}

/// Query of `ExportUsersTemplate`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExportUsersTemplateQuery {
    /// Language of the template's column headings.
    #[param(example = json!(Language::ZhCn))]
    pub language: Option<Language>,
    /// Activation type the template is for; the admin-activated template also asks for an
    /// initial password.
    #[serde(default)]
    #[param(default = json!(ActiveType::default()))]
    pub active_type: ActiveType,
}

/// Body of a successful `ExportUserGroupUsersNew`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(examples(json!({"task_id": "AQGcRpB8AAD0A4CIsqACAgAAAQABgoB04w"})))]
pub struct ExportUserGroupUsersResponse {
    /// ID of the asynchronous export task. Poll it with `ListExportTasks`
    /// (`GET /v2/{project_id}/export-tasks?task_id=…`) until its status is `SUCCESS`, then
    /// download the Excel file with `DownloadExportFile`.
    pub task_id: String,
}

crate::bounded_int! {
    /// Number of export tasks to skip.
    pub struct ExportTaskOffset(i32): 0..=2147483647, default = 0, format = Int32;
}

crate::bounded_int! {
    /// Number of export tasks to return.
    pub struct ExportTaskLimit(i32): 1..=100, default = 20, format = Int32;
}

/// State of an export task: `CREATING` the file is being written, `SUCCESS` it can be
/// downloaded, `FAIL` the task failed, `EXPIRED` the file was deleted after its retention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ExportTaskStatus {
    /// The file is being written.
    Creating,
    /// The file is ready for download.
    Success,
    /// The task failed; `fail_reason` and `error_code` say why.
    Fail,
    /// The file is no longer kept.
    Expired,
}

/// Field the export tasks are sorted by: `create_time`, when the task was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportTaskSortField {
    /// When the task was created.
    CreateTime,
}

/// Sort direction: `ASC` ascending, `DESC` descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum ExportTaskSortType {
    /// Ascending (the default).
    #[default]
    Asc,
    /// Descending.
    Desc,
}

/// Query of `ListExportTasks`: every filter is optional and they combine with AND.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListExportTasksQuery {
    /// Keep only tasks whose file name contains this text (ignoring case).
    pub file_name: Option<String>,
    /// Keep only the task with this ID.
    pub task_id: Option<String>,
    /// Keep only tasks in this state.
    pub status: Option<ExportTaskStatus>,
    /// Keep only tasks whose file has (`true`) or has not (`false`) been downloaded; without
    /// it, both.
    pub is_download: Option<bool>,
    /// Field to sort by, together with `sort_type`; the tasks are always in creation order.
    pub sort_field: Option<ExportTaskSortField>,
    /// Sort direction of `sort_field`.
    #[serde(default)]
    #[param(default = json!(ExportTaskSortType::default()))]
    pub sort_type: ExportTaskSortType,
    /// Number of tasks to skip, from 0.
    #[serde(default)]
    #[param(inline)]
    pub offset: ExportTaskOffset,
    /// Number of tasks to return, 1 to 100.
    #[serde(default)]
    #[param(inline)]
    pub limit: ExportTaskLimit,
}

/// Path of `DownloadExportFile`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct DownloadExportFilePath {
    /// Project ID (the IAM project of the region the request is sent to).
    pub project_id: String,
    /// ID of the export task whose file is downloaded.
    pub task_id: String,
}

/// One export task. The SDK model and the page mark none of its fields as always sent, so none
/// is required (DECISIONS.md, "Responses"); the stub sends every field that applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExportTaskItem {
    /// ID of the export task.
    #[schema(required = false)]
    pub task_id: String,
    /// Name of the exported file.
    #[schema(required = false)]
    pub file_name: String,
    /// State of the task.
    #[schema(required = false)]
    pub status: ExportTaskStatus,
    /// Why the task failed; only for `FAIL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub fail_reason: Option<String>,
    /// Error code of the failure; only for `FAIL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub error_code: Option<String>,
    /// When the task started, UTC with milliseconds (`yyyy-MM-ddTHH:mm:ss.SSSZ`).
    #[schema(format = DateTime, required = false)]
    pub create_time: String,
    /// When the task ended, UTC with milliseconds; absent while it is `CREATING`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, format = DateTime)]
    pub end_time: Option<String>,
    /// Whether the file has been downloaded.
    #[schema(required = false)]
    pub is_download: bool,
}

/// Body of a successful `ListExportTasks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(examples(json!({"export_tasks": [{
    "task_id": "AQGcRpB8AAD0A4CIsqACAgAAAQABgoB04w",
    "file_name": "user_group_users_20260210T080000000Z.xlsx",
    "status": "SUCCESS",
    "create_time": "2026-02-10T08:00:00.000Z",
    "end_time": "2026-02-10T08:00:00.500Z",
    "is_download": false
}], "count": 1})))]
pub struct ListExportTasksResponse {
    /// The page of export tasks.
    #[schema(required = false)]
    pub export_tasks: Vec<ExportTaskItem>,
    /// Number of export tasks that match the filters, over all pages.
    #[schema(required = false)]
    pub count: i32,
}

const EXPORT_ERRORS: &[ErrorStatus] = &[
    ErrorStatus {
        status: 400,
        description: "The request is malformed or a parameter breaks its documented constraint.",
        example_code: codes::INVALID_PARAMETER,
        example_msg: "Invalid query parameter 'active_type': \"SELF\" is not one of \"USER_ACTIVATE\" or \"ADMIN_ACTIVATE\".",
    },
    ErrorStatus {
        status: 401,
        description: "Authentication failed: no token or signature, or one that cannot be used.",
        example_code: codes::UNAUTHORIZED,
        example_msg: "Incorrect IAM authentication information: x-auth-token not found",
    },
    ErrorStatus {
        status: 403,
        description: "The caller is authenticated but may not perform this operation.",
        example_code: codes::FORBIDDEN,
        example_msg: "The user has no permission to perform this operation.",
    },
    ErrorStatus {
        status: 404,
        description: "The project or the user group does not exist.",
        example_code: codes::NOT_FOUND,
        example_msg: "The user group does not exist.",
    },
    ErrorStatus {
        status: 405,
        description: "The HTTP method is not allowed on this path.",
        example_code: codes::METHOD_NOT_ALLOWED,
        example_msg: "The method POST is not allowed for this resource.",
    },
    ErrorStatus {
        status: 500,
        description: "The service failed internally.",
        example_code: codes::INTERNAL_ERROR,
        example_msg: "Internal server error.",
    },
];

const TEMPLATE_ERRORS_EXTRA: ErrorStatus = ErrorStatus {
    status: 503,
    description: "The service is temporarily unavailable.",
    example_code: codes::SERVICE_UNAVAILABLE,
    example_msg: "The service is temporarily unavailable. Try again later.",
};

/// The error statuses of the export center: the 400, 401 and 500 the vendor pages list, and
/// 404 for a project or task that does not exist.
const EXPORT_CENTER_ERRORS: &[ErrorStatus] = &[
    ErrorStatus {
        status: 400,
        description: "The request is malformed or a parameter breaks its documented constraint.",
        example_code: codes::INVALID_PARAMETER,
        example_msg: "The query parameter 'limit' must be at most 100 (got 101).",
    },
    ErrorStatus {
        status: 401,
        description: "Authentication failed: no token or signature, or one that cannot be used.",
        example_code: codes::UNAUTHORIZED,
        example_msg: "Incorrect IAM authentication information: x-auth-token not found",
    },
    ErrorStatus {
        status: 404,
        description: "The project or the export task does not exist, or the task has no file to download (not finished yet, failed, or expired).",
        example_code: codes::NOT_FOUND,
        example_msg: "The export task does not exist.",
    },
    ErrorStatus {
        status: 500,
        description: "The service failed internally.",
        example_code: codes::INTERNAL_ERROR,
        example_msg: "Internal server error.",
    },
];

/// The error statuses of `ListExportTasks` and `DownloadExportFile`.
#[derive(Debug)]
pub struct ExportCenterErrors;

impl IntoResponses for ExportCenterErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        huawei::error_responses::<WorkspaceError>(EXPORT_CENTER_ERRORS)
    }
}

/// The error statuses documented for `ExportUserGroupUsersNew`.
#[derive(Debug)]
pub struct ExportUserGroupUsersErrors;

impl IntoResponses for ExportUserGroupUsersErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        huawei::error_responses::<WorkspaceError>(EXPORT_ERRORS)
    }
}

/// The error statuses documented for `ExportUsersTemplate`: those of the export (where 404
/// can only mean the project), plus 503.
#[derive(Debug)]
pub struct ExportUsersTemplateErrors;

impl IntoResponses for ExportUsersTemplateErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let mut statuses: Vec<ErrorStatus> = EXPORT_ERRORS
            .iter()
            .map(|s| match s.status {
                404 => ErrorStatus {
                    description: "The project does not exist.",
                    example_msg: "The project does not exist.",
                    ..*s
                },
                _ => *s,
            })
            .collect();
        statuses.push(TEMPLATE_ERRORS_EXTRA);
        huawei::error_responses::<WorkspaceError>(&statuses)
    }
}

/// The document this module's operations are published in.
const DOCUMENT: Document = Document::Vendor(Service::HuaweiWorkspace);

/// Declares a Workspace operation: its marker type and its `#[utoipa::path]`, with what all of
/// them share (`GET`, the project header, IAM token or AK/SK) written here once.
macro_rules! workspace_operation {
    // An operation that answers with a workbook: its descriptions and its error responses.
    (
        $(#[doc = $doc:tt])*
        fn $function:ident for $name:ident = $id:literal, $path:literal, tag = $tag:ident;
        ($path_params:ident, $query:ident) -> workbook($description:tt, $disposition:tt), $errors:ident
    ) => {
        workspace_operation! {
            $(#[doc = $doc])*
            fn $function for $name = $id, $path, tag = $tag;
            ($path_params, $query) -> XlsxFile;
            responses(
                (status = 200, description = $description,
                    content_type = XLSX_CONTENT_TYPE, body = inline(XlsxFile),
                    headers(("Content-Disposition" = String, description = $disposition))),
                $errors,
            )
        }
    };
    (
        $(#[doc = $doc:tt])*
        fn $function:ident for $name:ident = $id:literal, $path:literal, tag = $tag:ident;
        ($path_params:ident, $query:ident) -> $response:ty;
        responses($($responses:tt)*)
    ) => {
        operation! {
            #[doc = concat!("The marker of `", $id, "`.")]
            $name = $id in DOCUMENT; Get $path;
            ($path_params, $query, ProjectHeader, Nothing) -> $response
        }

        $(#[doc = $doc])*
        #[utoipa::path(
            get,
            path = $name::PATH,
            operation_id = $name::ID,
            tag = $tag,
            params($path_params, $query, ProjectHeader),
            responses($($responses)*),
            security(("iam_token" = []), ("aksk_signature" = [])),
        )]
        pub fn $function() {}
    };
}

workspace_operation! {
    /// Export the users of a desktop user group
    ///
    /// Starts an asynchronous task that writes the users of one desktop user group to an Excel
    /// file; the answer is the task's ID, not the file. The optional filters narrow down which
    /// users the file lists: a fuzzy match on user name or description, an exact list of user
    /// names, the activation type and the group name.
    ///
    /// IAM action: none (identity policy-based authorization needs no permission for this call;
    /// role/policy-based authorization follows the vendor's "Permissions Policies and Supported
    /// Actions").
    fn export_user_group_users_new for ExportUserGroupUsersNew = "ExportUserGroupUsersNew",
        "/v3/{project_id}/groups/{group_id}/users/export", tag = TAG_USER_GROUP;
    (ExportUserGroupUsersPath, ExportUserGroupUsersQuery) -> ExportUserGroupUsersResponse;
    responses(
        (status = 200, description = "The export task was created.", body = ExportUserGroupUsersResponse),
        ExportUserGroupUsersErrors,
    )
}

workspace_operation! {
    /// Download the user import template
    ///
    /// Returns the Excel workbook that bulk user imports start from: one sheet whose header row
    /// names the columns to fill in. The admin-activated template has an extra column for the
    /// initial password. The vendor page calls this "creating a download task", but the call
    /// answers with the file itself and no task ID.
    ///
    /// IAM action: `workspace:users:getImportTemplate` (access level Read), as the vendor page
    /// of 2026-02-10 lists it for identity policy-based authorization.
    fn export_users_template for ExportUsersTemplate = "ExportUsersTemplate",
        "/v2/{project_id}/users/template/download", tag = TAG_USER;
    (ProjectPath, ExportUsersTemplateQuery) -> workbook(
        "The import template, as an Excel workbook.",
        "`attachment` with the workbook's file name, e.g. `attachment; filename=\"user_import_template_en_US_USER_ACTIVATE.xlsx\"`."
    ), ExportUsersTemplateErrors
}

workspace_operation! {
    /// List the export tasks
    ///
    /// Lists the project's export tasks with their state, newest last unless `sort_type` is
    /// `DESC`. Poll it with the `task_id` an export returned until the task's status is `SUCCESS`
    /// (then download the file with `DownloadExportFile`) or `FAIL`. Files are kept for a limited
    /// time, after which the task is `EXPIRED`.
    ///
    /// IAM action: `workspace:tenants:listExportTasks`, as one language version of the vendor
    /// page lists it; another version says the call needs none.
    fn list_export_tasks for ListExportTasks = "ListExportTasks",
        "/v2/{project_id}/export-tasks", tag = TAG_EXPORT;
    (ProjectPath, ListExportTasksQuery) -> ListExportTasksResponse;
    responses(
        (status = 200, description = "The page of export tasks.", body = ListExportTasksResponse),
        ExportCenterErrors,
    )
}

workspace_operation! {
    /// Download an exported file
    ///
    /// Returns the Excel workbook an export task wrote, once the task's status is `SUCCESS`. A task
    /// that is still `CREATING`, has failed or has expired has no file to download (404).
    ///
    /// IAM action: `workspace:tenants:exportData`.
    fn download_export_file for DownloadExportFile = "DownloadExportFile",
        "/v2/{project_id}/export-tasks/{task_id}/download", tag = TAG_EXPORT;
    (DownloadExportFilePath, Nothing) -> workbook(
        "The exported file, as an Excel workbook.",
        "`attachment` with the file name the task lists, e.g. `attachment; filename=\"user_group_users_20260210T080000000Z.xlsx\"`."
    ), ExportCenterErrors
}

struct Common;

impl Modify for Common {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        huawei::add_common(openapi);
        error_codes::document(
            openapi,
            CodeProperty {
                schema: "WorkspaceError",
                property: "error_code",
                location: "error_code",
            },
            &[ERROR_CODES, huawei::GATEWAY_CODES].concat(),
        );
        links::add::<ExportUserGroupUsersNew, ListExportTasks>(
            openapi,
            Flow {
                description: "Poll the export task by its ID until its status is `SUCCESS` or `FAIL`.",
                parameters: &[
                    ("path.project_id", "$request.path.project_id"),
                    ("query.task_id", "$response.body#/task_id"),
                ],
                request_body: None,
            },
        );
        links::add::<ListExportTasks, DownloadExportFile>(
            openapi,
            Flow {
                description: "Download the file of a listed task once its status is `SUCCESS`.",
                parameters: &[
                    ("path.project_id", "$request.path.project_id"),
                    ("path.task_id", "$response.body#/export_tasks/0/task_id"),
                ],
                request_body: None,
            },
        );
        openapi.servers = Some(vec![huawei::regional_server(
            "workspace.{region}.myhuaweicloud.com",
            "Workspace endpoint of a region",
            REGIONS,
            "cn-north-4",
        )]);
    }
}

/// The Huawei Cloud Workspace document.
#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Huawei Cloud Workspace (user export, export center and import template)",
        version = "2.0.0+api.2026-02-10",
        description = "Four operations of Huawei Cloud Workspace, the cloud desktop service: exporting the \
            users of a desktop user group to an Excel file, following that export task and \
            downloading its file in the export center, and downloading the template for \
            bulk user imports. Written from the vendor's API reference (pages updated 2026-02-10) \
            and the requests its SDK sends; where this document departs from the vendor pages, \
            DECISIONS.md in the repository says where and why.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
        contact(name = "vendor-api-stubs maintainers", url = "https://github.com/vendor-api-stubs/vendor-api-stubs"),
    ),
    paths(export_user_group_users_new, export_users_template, list_export_tasks, download_export_file),
    components(schemas(WorkspaceError, ActiveType, Language, ExportTaskStatus, ExportTaskSortField, ExportTaskSortType)),
    tags(
        (name = TAG_USER_GROUP, description = "Desktop user groups and their members."),
        (name = TAG_USER, description = "Desktop users."),
        (name = TAG_EXPORT, description = "Export tasks and the files they write."),
    ),
    modifiers(&Common),
)]
pub struct WorkspaceApi;
