//! Tencent Cloud CWP (Cloud Workload Protection), API version 2018-02-28: `ExportAssetUserList`
//! and `ExportTasks`, which turns the export's task ID into a download URL.
//!
//! Tencent Cloud API 3.0 serves every action at `POST /`; the `X-TC-Action` and `X-TC-Version`
//! headers select the operation, and every answer, failures included, is HTTP 200 with a
//! `Response` object that carries either the result or an `Error`. An OpenAPI path can hold one
//! operation per method, so the document puts each further action at `/#Action`: the fragment
//! never leaves a client, which sends the request to `/`.
//!
//! Vendor pages: "ExportAssetUserList" and "ExportTasks", completed with the SDK models (the
//! full `By` list, the `Filter` object and its limits, `FileName`) and the common parameters of
//! signature v3. [`StubDownloadsApi`] is the stub's own small document for the URL `ExportTasks`
//! hands out, which stands in for Tencent's pre-signed object-storage URL.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{OpenApi as OpenApiDoc, RefOr, schema::Schema};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};

use crate::Service;
use crate::document::StubDocument;
use crate::error_codes::{self, CodeProperty, ErrorCode, Origin};
use crate::links::{self, Flow};
use crate::operation::{Document, Nothing, Operation, operation};
pub use crate::xlsx::{XLSX_CONTENT_TYPE, XlsxFile};

/// The export action this document describes.
pub const ACTION: &str = ExportAssetUserList::ID;
/// The action that reports an export task's state and download URL.
pub const EXPORT_TASKS_ACTION: &str = ExportTasks::ID;
/// Where the document puts `ExportTasks`: `/` with the action as fragment.
pub const EXPORT_TASKS_PATH: &str = ExportTasks::PATH;
/// The stub's stand-in for the pre-signed URL of an exported file ([`StubDownloadsApi`]).
pub const STUB_DOWNLOAD_PATH: &str = StubDownloadTencentExport::PATH;
/// Tencent's documented rate limit of each action, in calls per second. A macro, so that the
/// operations' descriptions can spell it with `concat!`; [`CALLS_PER_SECOND`] is its value.
macro_rules! calls_per_second {
    () => {
        20
    };
}
/// Tencent's documented rate limit of each action, in calls per second: documented in the
/// operations' descriptions and enforced by the stub (`--enforce-rate-limits`).
pub const CALLS_PER_SECOND: usize = calls_per_second!();
/// The header that names the action: Tencent serves every action at `POST /`.
pub const ACTION_HEADER: &str = "X-TC-Action";
/// The API version of CWP this document describes.
pub const VERSION: &str = "2018-02-28";
/// The service name used in the TC3 credential scope.
pub const SERVICE: &str = "cwp";
/// Tag of the asset operations.
pub const TAG_ASSETS: &str = "Asset management";
/// Name of the TC3-HMAC-SHA256 security scheme.
pub const TC3_SCHEME: &str = "tc3_signature";
/// Regions whose pinned host `cwp.{region}.tencentcloudapi.com` the vendor documentation names.
pub const REGIONS: &[&str] = &[
    "ap-guangzhou",
    "ap-shanghai",
    "ap-beijing",
    "ap-chengdu",
    "ap-chongqing",
    "ap-hongkong",
    "ap-singapore",
];

/// Error codes the actions answer with, inside `Response.Error.Code`.
pub mod codes;

/// Every code `Response.Error.Code` may carry: the four the `ExportAssetUserList` page lists,
/// the two the SDK names for `ExportTasks`, and Tencent's common codes the stub answers with
/// (research §3.6). Each can be produced by the stub: naturally, or with `Prefer: code=…`.
const ERROR_CODES: &[ErrorCode] = &[
    ErrorCode::text(
        codes::INTERNAL_ERROR,
        "internal error",
        Origin::Page(&[ExportAssetUserList::ID, ExportTasks::ID]),
    ),
    ErrorCode::text(
        codes::MAIN_DB_FAIL,
        "the data could not be read or written",
        Origin::Page(&[ExportAssetUserList::ID]),
    ),
    ErrorCode::text(
        codes::INVALID_PARAMETER,
        "a parameter has the wrong type or format",
        Origin::Page(&[ExportAssetUserList::ID]),
    ),
    ErrorCode::text(
        codes::INVALID_DATE_RANGE,
        "a login-time filter is not a real date, or the range is reversed",
        Origin::Page(&[ExportAssetUserList::ID]),
    ),
    ErrorCode::text(
        codes::RESOURCE_NOT_FOUND,
        "the export task does not exist, or its file is no longer kept",
        Origin::Page(&[ExportTasks::ID]),
    ),
    ErrorCode::text(
        codes::INVALID_PARAMETER_VALUE,
        "a parameter's value is outside what is allowed",
        Origin::Common,
    ),
    ErrorCode::text(
        codes::MISSING_PARAMETER,
        "a required parameter is missing",
        Origin::Common,
    ),
    ErrorCode::text(
        codes::UNKNOWN_PARAMETER,
        "the request carries a parameter the action does not define",
        Origin::Common,
    ),
    ErrorCode::text(
        codes::INVALID_ACTION,
        "`X-TC-Action` names no action of the service",
        Origin::Common,
    ),
    ErrorCode::text(
        codes::NO_SUCH_VERSION,
        "`X-TC-Version` names no version of the service",
        Origin::Common,
    ),
    ErrorCode::text(
        codes::INVALID_AUTHORIZATION,
        "the `Authorization` header is missing or unreadable",
        Origin::Common,
    ),
    ErrorCode::text(
        codes::SIGNATURE_FAILURE,
        "the signature does not match",
        Origin::Common,
    ),
    ErrorCode::text(
        codes::SIGNATURE_EXPIRE,
        "`X-TC-Timestamp` is more than five minutes off",
        Origin::Common,
    ),
    ErrorCode::text(
        codes::SECRET_ID_NOT_FOUND,
        "the SecretId is unknown or disabled",
        Origin::Common,
    ),
    ErrorCode::text(
        codes::UNAUTHORIZED_OPERATION,
        "CAM does not allow the caller this action",
        Origin::Common,
    ),
    ErrorCode::text(
        codes::UNSUPPORTED_OPERATION,
        "the method or content type is not served for the action",
        Origin::Common,
    ),
    ErrorCode::text(
        codes::REQUEST_SIZE_LIMIT_EXCEEDED,
        "the request is too large",
        Origin::Common,
    ),
    ErrorCode::text(
        codes::REQUEST_LIMIT_EXCEEDED,
        "the action's call rate was exceeded",
        Origin::Common,
    ),
    ErrorCode::text(
        codes::SERVICE_UNAVAILABLE,
        "the service is temporarily unavailable",
        Origin::Common,
    ),
];

/// The action, from the `X-TC-Action` header: `ExportAssetUserList`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum Action {
    /// Export the host account list.
    ExportAssetUserList,
}

/// The action, from the `X-TC-Action` header: `ExportTasks`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum ExportTasksAction {
    /// Report an export task's state and download URL.
    ExportTasks,
}

/// The API version, from the `X-TC-Version` header: `2018-02-28`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum ApiVersion {
    /// CWP API version 2018-02-28.
    #[serde(rename = "2018-02-28")]
    V20180228,
}

/// Language of the error messages: `zh-CN` Simplified Chinese, `en-US` English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum TcLanguage {
    /// Simplified Chinese.
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en-US")]
    EnUs,
}

/// `UNSIGNED-PAYLOAD`: the signature was computed without the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum ContentSha256 {
    /// The signature was computed over the literal `UNSIGNED-PAYLOAD` instead of the body.
    #[serde(rename = "UNSIGNED-PAYLOAD")]
    UnsignedPayload,
}

/// Declares the common parameters of an action, which signature v3 sends as headers: the same
/// for every action but for the action's name and what the language governs.
macro_rules! common_headers {
    ($(#[doc = $doc:tt])* $name:ident, $action:ident, $action_doc:tt, $($language_doc:tt),+) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Deserialize, IntoParams)]
        #[into_params(parameter_in = Header)]
        pub struct $name {
            #[doc = $action_doc]
            #[serde(rename = "X-TC-Action")]
            pub action: $action,
            /// API version of CWP: `2018-02-28`.
            #[serde(rename = "X-TC-Version")]
            pub version: ApiVersion,
            /// Time the request was signed, in seconds since the Unix epoch. It must be within five
            /// minutes of the server's clock, and its UTC date must be the date in the credential scope.
            #[serde(rename = "X-TC-Timestamp")]
            #[param(minimum = 0, format = Int64)]
            pub timestamp: i64,
            /// Region. This action does not need one and ignores it; the SDKs send the client's region.
            #[serde(rename = "X-TC-Region")]
            #[param(nullable = false)]
            pub region: Option<String>,
            $(#[doc = $language_doc])+
            #[serde(rename = "X-TC-Language")]
            #[param(nullable = false)]
            pub language: Option<TcLanguage>,
            /// Session token, required with temporary credentials.
            #[serde(rename = "X-TC-Token")]
            #[param(nullable = false)]
            pub token: Option<String>,
            /// Identifies the client library, e.g. `SDK_PYTHON_3.1.190`.
            #[serde(rename = "X-TC-RequestClient")]
            #[param(nullable = false)]
            pub request_client: Option<String>,
            /// Set to `UNSIGNED-PAYLOAD` when the signature leaves the body out.
            #[serde(rename = "X-TC-Content-SHA256")]
            #[param(nullable = false)]
            pub content_sha256: Option<ContentSha256>,
        }
    };
}

common_headers!(
    /// The common parameters of `ExportAssetUserList`, sent as headers (signature v3); those of
    /// `ExportTasks` differ only in the action.
    CommonHeaders,
    Action,
    " Name of the action: `ExportAssetUserList`.",
    " Language of error messages, and of the column headings of the exported file",
    " (Simplified Chinese when absent, Tencent Cloud's default)."
);

common_headers!(
    /// The common parameters of `ExportTasks`, sent as headers (signature v3).
    ExportTasksHeaders,
    ExportTasksAction,
    " Name of the action: `ExportTasks`.",
    " Language of error messages."
);

/// Sort direction: `asc` ascending, `desc` descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// Ascending.
    Asc,
    /// Descending.
    Desc,
}

/// Field the exported accounts are sorted by: `FirstTime` when the account was first seen,
/// `LoginTime` the last login, `ChangePasswordTime` the last password change,
/// `PasswordDuaTime` when the password expires (the vendor's spelling), `PasswordLockDays` the
/// days until the account is locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum SortBy {
    /// When the account was first seen.
    FirstTime,
    /// Last login time.
    LoginTime,
    /// When the password was last changed.
    ChangePasswordTime,
    /// When the password expires.
    PasswordDuaTime,
    /// Days until the account is locked.
    PasswordLockDays,
}

/// Filter keys of `ExportAssetUserList`, with the values each accepts (always as strings):
/// `Name` account name (text); `Uid`, `Guid` unsigned integers; `LoginTimeStart`,
/// `LoginTimeEnd` dates `YYYY-MM-DD` bounding the last login; `LoginType` 0 no login, 1 key
/// only, 2 password only, 3 key and password (Linux); `OsType` `Windows` or `Linux`; `Status`
/// 0 disabled, 1 enabled; `Type` 0 guest, 1 standard user, 2 administrator (Windows);
/// `IsDomain` domain account, 0/1 (Windows); `IsRoot`, `IsSudo` root or sudo privileges, 0/1
/// (Linux); `IsSshLogin`, `ShellLoginStatus` SSH or shell login allowed, 0/1 (Linux);
/// `PasswordStatus` 1 normal, 2 expiring soon, 3 expired, 4 locked (Linux).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum FilterName {
    /// Account name (any text).
    Name,
    /// Account UID (unsigned integer).
    Uid,
    /// Account GID (unsigned integer).
    Guid,
    /// Earliest last-login date, `YYYY-MM-DD`.
    LoginTimeStart,
    /// Latest last-login date, `YYYY-MM-DD`.
    LoginTimeEnd,
    /// 0 no login, 1 key only, 2 password only, 3 key and password (Linux).
    LoginType,
    /// `Windows` or `Linux`.
    OsType,
    /// 0 disabled, 1 enabled.
    Status,
    /// 0 guest, 1 standard user, 2 administrator (Windows).
    Type,
    /// Domain account: 0 no, 1 yes (Windows).
    IsDomain,
    /// Root privileges: 0 no, 1 yes (Linux).
    IsRoot,
    /// Sudo privileges: 0 no, 1 yes (Linux).
    IsSudo,
    /// SSH login allowed: 0 no, 1 yes (Linux).
    IsSshLogin,
    /// Shell login allowed: 0 no, 1 yes (Linux).
    ShellLoginStatus,
    /// 1 normal, 2 expiring soon, 3 expired, 4 locked (Linux).
    PasswordStatus,
}

/// What the values of one filter key may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterValues {
    /// Any text.
    Text,
    /// A decimal unsigned 64-bit integer.
    Unsigned,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// One of a fixed set.
    OneOf(&'static [&'static str]),
}

const FLAG: FilterValues = FilterValues::OneOf(&["0", "1"]);

impl FilterName {
    /// Every filter key, in the vendor's order.
    pub const ALL: [FilterName; 15] = [
        Self::Name,
        Self::Uid,
        Self::Guid,
        Self::LoginTimeStart,
        Self::LoginTimeEnd,
        Self::LoginType,
        Self::OsType,
        Self::Status,
        Self::Type,
        Self::IsDomain,
        Self::IsRoot,
        Self::IsSudo,
        Self::IsSshLogin,
        Self::ShellLoginStatus,
        Self::PasswordStatus,
    ];

    /// The key as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "Name",
            Self::Uid => "Uid",
            Self::Guid => "Guid",
            Self::LoginTimeStart => "LoginTimeStart",
            Self::LoginTimeEnd => "LoginTimeEnd",
            Self::LoginType => "LoginType",
            Self::OsType => "OsType",
            Self::Status => "Status",
            Self::Type => "Type",
            Self::IsDomain => "IsDomain",
            Self::IsRoot => "IsRoot",
            Self::IsSudo => "IsSudo",
            Self::IsSshLogin => "IsSshLogin",
            Self::ShellLoginStatus => "ShellLoginStatus",
            Self::PasswordStatus => "PasswordStatus",
        }
    }

    /// The values this key accepts.
    pub fn values(self) -> FilterValues {
        match self {
            Self::Name => FilterValues::Text,
            Self::Uid | Self::Guid => FilterValues::Unsigned,
            Self::LoginTimeStart | Self::LoginTimeEnd => FilterValues::Date,
            Self::LoginType => FilterValues::OneOf(&["0", "1", "2", "3"]),
            Self::OsType => FilterValues::OneOf(&["Windows", "Linux", "windows", "linux"]),
            Self::Status => FLAG,
            Self::Type => FilterValues::OneOf(&["0", "1", "2"]),
            Self::IsDomain
            | Self::IsRoot
            | Self::IsSudo
            | Self::IsSshLogin
            | Self::ShellLoginStatus => FLAG,
            Self::PasswordStatus => FilterValues::OneOf(&["1", "2", "3", "4"]),
        }
    }
}

impl FilterValues {
    /// JSON Schema of one value of a key with these values.
    pub fn item_schema(self) -> Value {
        match self {
            FilterValues::Text => json!({"type": "string"}),
            FilterValues::Unsigned => json!({
                "type": "string",
                "pattern": "^[0-9]{1,20}$",
                "description": "A decimal unsigned 64-bit integer: at most 18446744073709551615."
            }),
            FilterValues::Date => json!({"type": "string", "format": "date"}),
            FilterValues::OneOf(values) => json!({"type": "string", "enum": values}),
        }
    }
}

/// One filter condition: the account matches when the key equals (or, for text keys without
/// `ExactMatch`, contains) any of the values. Filters combine with AND, the values of one
/// filter with OR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// Filter key.
    #[serde(rename = "Name")]
    pub name: FilterName,
    /// One to five values, always sent as strings, even for numeric keys.
    #[serde(rename = "Values")]
    #[schema(min_items = 1, max_items = 5)]
    pub values: Vec<String>,
    /// Match the values exactly instead of as substrings (the vendor's text calls this
    /// "fuzzy search"; the stub applies it to the text key `Name`).
    #[serde(
        rename = "ExactMatch",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(nullable = false)]
    pub exact_match: Option<bool>,
}

/// Body of `ExportAssetUserList`. Every field is optional; `{}` exports every account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(
    json!({}),
    json!({"Quuid": "2c7f53d6-1b4e-4a8e-9f61-7a0d5c3e9b12",
           "Filters": [{"Name": "Name", "Values": ["root", "admin"], "ExactMatch": true},
                       {"Name": "LoginTimeStart", "Values": ["2021-01-11"]}],
           "Order": "desc", "By": "LoginTime"})
))]
pub struct ExportAssetUserListRequest {
    /// Export only the accounts of the host with this QUUID.
    #[serde(rename = "Quuid", default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub quuid: Option<String>,
    /// At most five filter conditions.
    #[serde(rename = "Filters", default, skip_serializing_if = "Option::is_none")]
    #[schema(max_items = 5)]
    #[schema(nullable = false)]
    pub filters: Option<Vec<Filter>>,
    /// Sort direction.
    #[serde(rename = "Order", default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub order: Option<Order>,
    /// Sort field.
    #[serde(rename = "By", default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub by: Option<SortBy>,
}

/// Result of a successful `ExportAssetUserList`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExportAssetUserListResult {
    /// ID of the asynchronous export task; pass it to the `ExportTasks` action to get the
    /// download URL once the file is ready.
    #[serde(rename = "TaskId")]
    pub task_id: String,
    /// Unique ID of the request, for troubleshooting.
    #[serde(rename = "RequestId")]
    pub request_id: String,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TencentError {
    /// Error code, such as `InvalidParameterValue` or `AuthFailure.SignatureFailure`.
    #[serde(rename = "Code")]
    pub code: String,
    /// Explanation of the error.
    #[serde(rename = "Message")]
    pub message: String,
}

/// Result of a failed request: its presence means the call failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TencentErrorResult {
    /// What went wrong.
    #[serde(rename = "Error")]
    pub error: TencentError,
    /// Unique ID of the request, for troubleshooting.
    #[serde(rename = "RequestId")]
    pub request_id: String,
}

/// The content of `Response`: the result, or an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum ExportAssetUserListOutcome {
    /// The export task was created.
    Ok(ExportAssetUserListResult),
    /// The request failed.
    Err(TencentErrorResult),
}

/// Body of every answer to `ExportAssetUserList`, always with HTTP status 200.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExportAssetUserListResponse {
    /// The result or the error.
    #[serde(rename = "Response")]
    pub response: ExportAssetUserListOutcome,
}

/// The document this module's operations are published in.
const DOCUMENT: Document = Document::Vendor(Service::TencentCwp);

/// Declares a CWP action: its marker type and its `#[utoipa::path]`, with what every action
/// shares (`POST` with a JSON body, the common headers, one HTTP 200 answer holding the result
/// or an error, the TC3 signature) written here once. The description is given as `concat!`
/// pieces, so that it can spell [`CALLS_PER_SECOND`] from its macro.
macro_rules! tencent_action {
    (
        #[doc = $summary:tt]
        fn $function:ident for $name:ident = $id:literal, $path:literal;
        ($headers:ident, $body:ident: $body_description:tt) -> $response:ident;
        description($($description:tt)+)
        examples($($examples:tt)+)
    ) => {
        operation! {
            #[doc = concat!("The marker of `", $id, "`.")]
            $name = $id in DOCUMENT; Post $path;
            (Nothing, Nothing, $headers, $body) -> $response
        }

        #[doc = $summary]
        #[utoipa::path(
            post,
            // No CAM action is named on either vendor page.
            description = concat!($($description)+, "\n\nCAM action: none (the vendor page names no permission for this action)."),
            path = $name::PATH,
            operation_id = $name::ID,
            tag = TAG_ASSETS,
            params($headers),
            request_body(content = $body, content_type = "application/json",
                description = $body_description),
            responses(
                (status = 200, description = "The result, or an error in `Response.Error`.",
                    body = $response, examples($($examples)+)),
            ),
            security(("tc3_signature" = [])),
        )]
        pub fn $function() {}
    };
}

tencent_action! {
    /// Export the host account list
    fn export_asset_user_list for ExportAssetUserList = "ExportAssetUserList", "/";
    (CommonHeaders, ExportAssetUserListRequest: "The export's scope, filters and order, as a JSON object.")
        -> ExportAssetUserListResponse;
    description(
        "Starts an asynchronous export of the accounts found on the protected hosts, optionally\n",
        "restricted to one host (`Quuid`), narrowed by up to five filters and sorted. The answer\n",
        "holds the task ID; the `ExportTasks` action turns it into a download URL. The vendor allows\n",
        calls_per_second!(), " calls per second.\n\n",
        "Every answer has HTTP status 200 and `Content-Type: application/json`; a failure is a\n",
        "`Response` with an `Error` object, whose `Code` says what went wrong."
    )
    examples(
        ("Success" = (summary = "The export task was created",
            value = json!({"Response": {"RequestId": "1693599e-ff8f-4a8c-ae39-b4d9ba3ae9bf", "TaskId": "11"}}))),
        ("InvalidParameterValue" = (summary = "A filter has too many values",
            value = json!({"Response": {"Error": {"Code": "InvalidParameterValue",
                "Message": "Filters.0.Values has 6 items; at most 5 are allowed."},
                "RequestId": "b6f2a4f1-8f3e-4c55-9d7b-1e0a2c3d4e5f"}}))),
        ("MissingParameter" = (summary = "A required header is missing",
            value = json!({"Response": {"Error": {"Code": "MissingParameter",
                "Message": "The request is missing the required parameter X-TC-Timestamp."},
                "RequestId": "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"}}))),
    )
}

/// Body of `ExportTasks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"TaskId": "24563"})))]
pub struct ExportTasksRequest {
    /// ID of the task, as an export action such as `ExportAssetUserList` returned it.
    #[serde(rename = "TaskId")]
    pub task_id: String,
}

/// State of an export task: `PENDING` the download URL is being generated, `FINISHED` it is
/// ready, `ERROR` the export failed (a network or other error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum ExportTasksStatus {
    /// The file and its download URL are being generated.
    Pending,
    /// The download URL is ready.
    Finished,
    /// The export failed.
    Error,
}

/// Result of a successful `ExportTasks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExportTasksResult {
    /// State of the task.
    #[serde(rename = "Status")]
    pub status: ExportTasksStatus,
    /// URL of the exported file once the task is `FINISHED`, an empty string before and after
    /// a failure. Fetch it with a plain `GET`, without credentials: like a pre-signed URL, it
    /// authorizes itself.
    #[serde(rename = "DownloadUrl")]
    pub download_url: String,
    /// Name of the exported file.
    #[serde(rename = "FileName", default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub file_name: Option<String>,
    /// Unique ID of the request, for troubleshooting.
    #[serde(rename = "RequestId")]
    pub request_id: String,
}

/// The content of `Response` for `ExportTasks`: the result, or an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum ExportTasksOutcome {
    /// The task's state.
    Ok(ExportTasksResult),
    /// The request failed.
    Err(TencentErrorResult),
}

/// Body of every answer to `ExportTasks`, always with HTTP status 200.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExportTasksResponse {
    /// The result or the error.
    #[serde(rename = "Response")]
    pub response: ExportTasksOutcome,
}

tencent_action! {
    /// Get an export task's download URL
    fn export_tasks for ExportTasks = "ExportTasks", "/#ExportTasks";
    (ExportTasksHeaders, ExportTasksRequest: "The task to report on, as a JSON object.")
        -> ExportTasksResponse;
    description(
        "Reports the state of an asynchronous export task, such as the one `ExportAssetUserList`\n",
        "starts, and once it is `FINISHED` the URL of the exported file. Poll it until the status is\n",
        "`FINISHED` or `ERROR`. A task ID that names no task, or a task whose file is no longer kept,\n",
        "is answered `ResourceNotFound`. The vendor allows ", calls_per_second!(),
        " calls per second.\n\n",
        "Tencent serves this action at `POST /` like every other: this document writes the path as\n",
        "`/#ExportTasks` only to hold a second operation for `POST /`. Send it to `/` with\n",
        "`X-TC-Action: ExportTasks`."
    )
    examples(
        ("Finished" = (summary = "The download URL is ready (the vendor's example)",
            value = json!({"Response": {"Status": "FINISHED", "DownloadUrl": "http:DownloadUrl",
                "RequestId": "f8bcfd50-3a9d-ac4c-ba95-6ed70252453e"}}))),
        ("Pending" = (summary = "The file is still being written",
            value = json!({"Response": {"Status": "PENDING", "DownloadUrl": "",
                "FileName": "asset_users_20260210T080000000Z.xlsx",
                "RequestId": "5d0f3c3e-2b7a-4f0e-9a51-3c1f6f2d8e90"}}))),
        ("ResourceNotFound" = (summary = "No such task, or its file is no longer kept",
            value = json!({"Response": {"Error": {"Code": "ResourceNotFound",
                "Message": "The export task 24563 does not exist."},
                "RequestId": "9a3b5c7d-1e2f-4a6b-8c0d-2e4f6a8b0c1d"}}))),
    )
}

struct Common;

impl Modify for Common {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            TC3_SCHEME,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Authorization",
                "Signature v3: `TC3-HMAC-SHA256 Credential={SecretId}/{date}/cwp/tc3_request, \
                 SignedHeaders=content-type;host, Signature={hex}`. The signing key is derived \
                 from the SecretKey by HMAC-SHA256 over the UTC date of `X-TC-Timestamp`, the \
                 service `cwp` and `tc3_request`; the signed string covers the canonical request \
                 (method, `/`, empty query, the signed headers and the SHA-256 of the body).",
            ))),
        );
        // The values each filter key accepts, as JSON Schema conditionals on the Filter object,
        // generated from `FilterName::values` so that the table lives in one place.
        if let Some(RefOr::T(Schema::Object(filter))) = components.schemas.get_mut("Filter") {
            let rules: Vec<Value> = FilterName::ALL
                .iter()
                .filter(|name| name.values() != FilterValues::Text)
                .map(|name| {
                    json!({
                        "if": {"properties": {"Name": {"const": name.as_str()}}},
                        "then": {"properties": {"Values": {"items": name.values().item_schema()}}},
                    })
                })
                .collect();
            filter
                .extensions
                .get_or_insert_with(Default::default)
                .insert("allOf".to_owned(), Value::Array(rules));
        }
        error_codes::document(
            openapi,
            CodeProperty {
                schema: "TencentError",
                property: "Code",
                location: "Response.Error.Code",
            },
            ERROR_CODES,
        );
        let task = json!({"TaskId": "$response.body#/Response/TaskId"});
        links::add::<ExportAssetUserList, ExportTasks>(
            openapi,
            Flow {
                description: "Poll the export task by its ID until its status is `FINISHED` (then fetch `DownloadUrl`) or `ERROR`.",
                parameters: &[],
                request_body: Some(&task),
            },
        );
        openapi.servers = Some(vec![
            server(
                "https://cwp.tencentcloudapi.com",
                "Nearest region (China site)",
                None,
            ),
            server(
                "https://cwp.intl.tencentcloudapi.com",
                "Nearest region (international site)",
                None,
            ),
            server(
                "https://cwp.{region}.tencentcloudapi.com",
                "A pinned region",
                Some(REGIONS),
            ),
        ]);
    }
}

fn server(url: &str, description: &str, regions: Option<&[&str]>) -> utoipa::openapi::Server {
    use utoipa::openapi::server::{ServerBuilder, ServerVariableBuilder};
    let mut builder = ServerBuilder::new().url(url).description(Some(description));
    if let Some(regions) = regions {
        builder = builder.parameter(
            "region",
            ServerVariableBuilder::new()
                .default_value(regions[0])
                .description(Some("Region ID."))
                .enum_values(Some(regions.iter().copied())),
        );
    }
    builder.build()
}

/// The Tencent Cloud CWP document.
#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Tencent Cloud CWP (ExportAssetUserList, ExportTasks)",
        version = "1.0.0+api.2018-02-28",
        description = "The ExportAssetUserList and ExportTasks actions of Tencent Cloud Workload \
            Protection (CWP), API version 2018-02-28: exporting the host account list, and turning \
            the export's task ID into a download URL. Tencent Cloud API 3.0 serves every action at \
            `POST /`: the `X-TC-Action` and `X-TC-Version` headers select it, the body is JSON, and \
            every answer is HTTP 200 with a `Response` object holding the result or an `Error`. An \
            OpenAPI path holds one operation per method, so ExportTasks is written at \
            `/#ExportTasks`; the fragment never leaves a client, which sends it to `/`. Written \
            from the vendor's API pages and its SDK models; DECISIONS.md in the repository lists \
            where this document departs from the pages.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
        contact(name = "vendor-api-stubs maintainers", url = "https://github.com/vendor-api-stubs/vendor-api-stubs"),
    ),
    paths(export_asset_user_list, export_tasks),
    components(schemas(TencentError, TencentErrorResult, Action, ExportTasksAction, ApiVersion, TcLanguage, ContentSha256)),
    tags((name = TAG_ASSETS, description = "Hosts, their accounts and other assets.")),
    modifiers(&Common),
)]
pub struct TencentCwpApi;

/// Path of the stub's download URL.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct StubDownloadPath {
    /// ID of the export task, as `ExportAssetUserList` returned it.
    pub task_id: String,
    /// Name of the exported file, as `ExportTasks` reports it in `FileName`.
    pub file_name: String,
}

/// Body of a refused download: Tencent's error envelope, with HTTP status 404.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StubDownloadError {
    /// The error.
    #[serde(rename = "Response")]
    pub response: TencentErrorResult,
}

operation! {
    /// `StubDownloadTencentExport`: the stub's stand-in for a pre-signed download URL.
    StubDownloadTencentExport = "StubDownloadTencentExport" in Document::Stub(StubDocument::Downloads); Get "/stub-downloads/tencent-cwp/{task_id}/{file_name}";
    (StubDownloadPath, Nothing, Nothing, Nothing) -> XlsxFile
}

/// Download an exported file (stub only)
///
/// Where the `DownloadUrl` of a `FINISHED` `ExportTasks` answer points. Tencent Cloud hands out
/// a pre-signed object-storage URL on another host, whose form it does not document; the stub
/// serves the file itself at this path instead, so that a client can follow the URL as it is.
/// Like a pre-signed URL, it needs no credentials. A task that does not exist, is not
/// finished, has failed or has expired, or a file name that is not the task's, is answered 404.
#[utoipa::path(
    get,
    path = StubDownloadTencentExport::PATH,
    operation_id = StubDownloadTencentExport::ID,
    tag = TAG_STUB_DOWNLOADS,
    params(StubDownloadPath),
    responses(
        (status = 200, description = "The exported file, as an Excel workbook.",
            content_type = XLSX_CONTENT_TYPE, body = inline(XlsxFile),
            headers(("Content-Disposition" = String,
                description = "`attachment` with the file name, e.g. `attachment; filename=\"asset_users_20260210T080000000Z.xlsx\"`."))),
        (status = 404, description = "There is no file to download at this URL.",
            body = StubDownloadError,
            example = json!({"Response": {"Error": {"Code": "ResourceNotFound",
                "Message": "The export task 24563 does not exist."},
                "RequestId": "9a3b5c7d-1e2f-4a6b-8c0d-2e4f6a8b0c1d"}})),
    ),
    // An empty requirement: the URL is its own credential, like a pre-signed URL.
    security(()),
)]
pub fn stub_download_tencent_export() {}

/// Tag of the stub-only download operations.
pub const TAG_STUB_DOWNLOADS: &str = "Stub downloads";

/// The stub's own document: the URL the stub hands out as the `DownloadUrl` of `ExportTasks`.
/// It describes no vendor API; it exists so that every route the stub serves comes from a
/// document.
#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Stub downloads (not a vendor API)",
        version = "1.0.0",
        description = "The file downloads the stub server serves in place of vendor storage it cannot \
            stand in for. Tencent Cloud CWP's ExportTasks answers with a pre-signed \
            object-storage URL; the stub answers with a URL of its own, described here. No vendor \
            serves these paths.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
        contact(name = "vendor-api-stubs maintainers", url = "https://github.com/vendor-api-stubs/vendor-api-stubs"),
    ),
    paths(stub_download_tencent_export),
    components(schemas(TencentError, TencentErrorResult)),
    tags((name = TAG_STUB_DOWNLOADS, description = "Files the stub serves itself.")),
    servers((url = "/", description = "The stub server")),
)]
pub struct StubDownloadsApi;
