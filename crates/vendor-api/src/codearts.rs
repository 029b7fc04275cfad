//! Huawei Cloud CodeArts Repo, API v4: list the member user groups of a repository group.
//!
//! Vendor page: "Querying the Member Group List Under an Organization"
//! (`ListGroupUserGroups`), completed with the `huaweicloudsdkcodeartsrepo` models.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::openapi::{OpenApi as OpenApiDoc, RefOr, response::Response};
use utoipa::{IntoParams, IntoResponses, Modify, OpenApi, ToSchema};

use crate::Service;
use crate::bounded_int;
use crate::error_codes::{self, CodeProperty, ErrorCode, Origin};
use crate::huawei::{self, ErrorStatus};
use crate::operation::{Document, Nothing, Operation, operation};

/// Tag of the repository-group member operations.
pub const TAG_MEMBERS: &str = "Repository group members";

/// Regions served by `codehub-ext.{region}.myhuaweicloud.com`.
pub const CODEHUB_EXT_REGIONS: &[&str] = &[
    "cn-north-4",
    "cn-east-2",
    "cn-south-1",
    "cn-east-3",
    "cn-north-1",
    "cn-south-2",
    "cn-southwest-2",
    "sa-brazil-1",
    "la-north-2",
    "ap-southeast-3",
];
/// Regions served by `codeartsrepo-ext.{region}.myhuaweicloud.com`.
pub const CODEARTSREPO_EXT_REGIONS: &[&str] = &["la-south-2", "tr-west-1", "eu-west-101"];
/// Regions served by `repo.{region}.myhuaweicloud.com`.
pub const REPO_REGIONS: &[&str] = &["me-east-1", "af-south-1", "af-north-1"];

/// Error codes the operation answers with. Codes marked illustrative are the stub's own
/// choice: the vendor publishes no code for that case (see DECISIONS.md).
pub mod codes {
    /// 400: a parameter breaks its documented constraint (illustrative).
    pub const INVALID_PARAMETER: &str = "CH.004400";
    /// 401: the credentials are missing, expired or unusable.
    pub const UNAUTHORIZED: &str = "DEV.00000003";
    /// 403: the caller lacks the permission.
    pub const FORBIDDEN: &str = "CH.004403";
    /// 404: the repository group does not exist.
    pub const NOT_FOUND: &str = "CH.004404";
    /// 405: the method is not defined for the path (illustrative).
    pub const METHOD_NOT_ALLOWED: &str = "CH.004405";
    /// 500: internal error (illustrative).
    pub const INTERNAL_ERROR: &str = "CH.004500";
}

/// The service's own codes in `error_code`; the gateway's are [`huawei::GATEWAY_CODES`].
const ERROR_CODES: &[ErrorCode] = &[
    ErrorCode::text(
        codes::INVALID_PARAMETER,
        "400: a parameter breaks its documented constraint",
        Origin::Illustrative,
    ),
    ErrorCode::text(
        codes::UNAUTHORIZED,
        "401: the token or signature is missing, expired or unusable",
        Origin::Page(&[ListGroupUserGroups::ID]),
    ),
    ErrorCode::text(
        codes::FORBIDDEN,
        "403: the caller may not list the members of this repository group",
        Origin::Page(&[ListGroupUserGroups::ID]),
    ),
    ErrorCode::text(
        codes::NOT_FOUND,
        "404: the repository group does not exist",
        Origin::Page(&[ListGroupUserGroups::ID]),
    ),
    ErrorCode::text(
        codes::METHOD_NOT_ALLOWED,
        "405: the method is not defined for the path (not in this document's statuses)",
        Origin::Illustrative,
    ),
    ErrorCode::text(
        codes::INTERNAL_ERROR,
        "500: internal error (not in this document's statuses)",
        Origin::Illustrative,
    ),
];

bounded_int! {
    /// Numeric ID of a repository group.
    pub struct GroupId(i32): 1..=2147483647, format = Int32;
}

bounded_int! {
    /// Number of records to skip.
    pub struct Offset(i32): 0..=2147483647, default = 0, format = Int32;
}

bounded_int! {
    /// Number of records to return.
    pub struct Limit(i32): 1..=100, default = 20, format = Int32;
}

/// Error body of CodeArts Repo, on every 4xx status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CodeArtsError {
    /// Error code, such as `CH.004404`.
    pub error_code: String,
    /// Human-readable explanation of the error.
    pub error_msg: String,
}

/// Path of `ListGroupUserGroups`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ListGroupUserGroupsPath {
    /// Numeric ID of the repository group, shown after "Group ID" on the group's home page.
    #[param(inline)]
    pub group_id: GroupId,
}

/// Query of `ListGroupUserGroups`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListGroupUserGroupsQuery {
    /// Return only the member group with this user group ID.
    #[param(min_length = 1, max_length = 1000)]
    pub search: Option<String>,
    /// Number of member groups to skip, from 0.
    #[serde(default)]
    #[param(inline, example = 0)]
    pub offset: Offset,
    /// Number of member groups to return, 1 to 100.
    #[serde(default)]
    #[param(inline, example = 20)]
    pub limit: Limit,
}

/// Credentials header of `ListGroupUserGroups`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Header)]
pub struct AuthTokenHeader {
    /// IAM user token, the `X-Subject-Token` header of IAM's token API. Required unless the
    /// request is signed with AK/SK (as the SDKs do); when both are present the signature is
    /// checked.
    #[serde(rename = "X-Auth-Token")]
    #[param(min_length = 1, max_length = 100000)]
    #[param(nullable = false)]
    pub x_auth_token: Option<String>,
}

/// A user group that is a member of a repository group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ProjectUserGroupDto {
    /// User group record ID.
    #[schema(minimum = 1, maximum = 2147483647, format = Int32)]
    pub id: i32,
    /// ID of the user group.
    #[schema(min_length = 1, max_length = 1000)]
    pub user_group_id: String,
    /// Name of the user group.
    #[schema(min_length = 1, max_length = 1000)]
    pub name: String,
    /// ID of the project the user group is in; null for organization-level groups.
    #[schema(min_length = 1, max_length = 1000, required = true)]
    pub project_id: Option<String>,
    /// ID of the tenant the user group belongs to.
    #[schema(min_length = 1, max_length = 1000)]
    pub tenant_id: String,
    /// Type of the user group; may be null.
    #[schema(min_length = 1, max_length = 1000, required = true)]
    pub group_type: Option<String>,
    /// Number of members of the user group.
    #[schema(minimum = 0, maximum = 2147483647, format = Int32)]
    pub member_count: i32,
    /// Creation time (ISO 8601 with milliseconds and offset, as in the vendor's example).
    #[schema(min_length = 1, max_length = 1000, format = DateTime)]
    pub created_at: String,
    /// Update time (ISO 8601 with milliseconds and offset, as in the vendor's example).
    #[schema(min_length = 1, max_length = 1000, format = DateTime)]
    pub updated_at: String,
    /// Description of the user group; may be null.
    #[schema(min_length = 1, max_length = 1000, required = true)]
    pub description: Option<String>,
}

const ERRORS: &[ErrorStatus] = &[
    ErrorStatus {
        status: 400,
        description: "A parameter breaks its documented constraint. (Not on the vendor page; see DECISIONS.md.)",
        example_code: codes::INVALID_PARAMETER,
        example_msg: "Invalid query parameter 'limit': 101 is greater than the maximum of 100.",
    },
    ErrorStatus {
        status: 401,
        description: "Authentication failed: the token or signature is missing, expired or unusable.",
        example_code: codes::UNAUTHORIZED,
        example_msg: "Authentication information expired.",
    },
    ErrorStatus {
        status: 403,
        description: "The caller may not list the members of this repository group.",
        example_code: codes::FORBIDDEN,
        example_msg: "Insufficient permissions. Apply for the required permissions and try again.",
    },
    ErrorStatus {
        status: 404,
        description: "The repository group does not exist.",
        example_code: codes::NOT_FOUND,
        example_msg: "Project Not Found. Project Not Found",
    },
];

/// The error statuses of `ListGroupUserGroups`.
#[derive(Debug)]
pub struct ListGroupUserGroupsErrors;

impl IntoResponses for ListGroupUserGroupsErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        huawei::error_responses::<CodeArtsError>(ERRORS)
    }
}

/// The document this module's operations are published in.
const DOCUMENT: Document = Document::Vendor(Service::HuaweiCodeartsRepo);

operation! {
    /// `ListGroupUserGroups`: the member groups of a repository group.
    ListGroupUserGroups = "ListGroupUserGroups" in DOCUMENT; Get "/v4/groups/{group_id}/user-groups";
    (ListGroupUserGroupsPath, ListGroupUserGroupsQuery, AuthTokenHeader, Nothing) -> Vec<ProjectUserGroupDto>
}

/// List the member groups of a repository group
///
/// Returns the user groups that are members of a repository group, as a bare JSON array
/// (no wrapper object and no total count), `limit` at a time starting after `offset`.
/// `search` narrows the list to the member group with that user group ID.
///
/// IAM action: `codeartsrepo:group:getMembers` (access level Read).
#[utoipa::path(
    get,
    path = ListGroupUserGroups::PATH,
    operation_id = ListGroupUserGroups::ID,
    tag = TAG_MEMBERS,
    params(ListGroupUserGroupsPath, ListGroupUserGroupsQuery, AuthTokenHeader),
    responses(
        (status = 200, description = "The member groups, in membership order.",
            body = Vec<ProjectUserGroupDto>,
            example = json!([
                {"id": 345, "user_group_id": "2e191c60e5c04aa9a57a27344d4b74d4", "name": "team1",
                 "project_id": null, "tenant_id": "159b65b41ead484d8ddff250a4731781",
                 "group_type": null, "member_count": 1,
                 "created_at": "2025-09-17T19:30:03.275+08:00",
                 "updated_at": "2025-09-17T19:30:03.275+08:00", "description": null},
                {"id": 346, "user_group_id": "2e191c60e5c04aa9a57a27344d4b74d4", "name": "team2",
                 "project_id": null, "tenant_id": "159b65b41ead484d8ddff250a4731781",
                 "group_type": null, "member_count": 1,
                 "created_at": "2025-09-17T19:30:03.275+08:00",
                 "updated_at": "2025-09-17T19:30:03.275+08:00", "description": null}
            ])),
        ListGroupUserGroupsErrors,
    ),
    security(("iam_token" = []), ("aksk_signature" = [])),
)]
pub fn list_group_user_groups() {}

struct Common;

impl Modify for Common {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        huawei::add_common(openapi);
        error_codes::document(
            openapi,
            CodeProperty {
                schema: "CodeArtsError",
                property: "error_code",
                location: "error_code",
            },
            &[ERROR_CODES, huawei::GATEWAY_CODES].concat(),
        );
        openapi.servers = Some(vec![
            huawei::regional_server(
                "codehub-ext.{region}.myhuaweicloud.com",
                "CodeArts Repo endpoint of most regions",
                CODEHUB_EXT_REGIONS,
                "cn-north-4",
            ),
            huawei::regional_server(
                "codeartsrepo-ext.{region}.myhuaweicloud.com",
                "CodeArts Repo endpoint of Latin America (Mexico City), Türkiye and Europe (Dublin)",
                CODEARTSREPO_EXT_REGIONS,
                "la-south-2",
            ),
            huawei::regional_server(
                "repo.{region}.myhuaweicloud.com",
                "CodeArts Repo endpoint of the Middle East and Africa",
                REPO_REGIONS,
                "me-east-1",
            ),
        ]);
    }
}

/// The Huawei Cloud CodeArts Repo document.
#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Huawei Cloud CodeArts Repo (repository group member groups)",
        version = "1.0.0+api.v4",
        description = "The ListGroupUserGroups operation of Huawei Cloud CodeArts Repo, API v4: the \
            user groups that are members of a repository group. Written from the vendor's API \
            reference and the requests its SDK sends; DECISIONS.md in the repository lists where \
            this document departs from the vendor page.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
        contact(name = "vendor-api-stubs maintainers", url = "https://github.com/vendor-api-stubs/vendor-api-stubs"),
    ),
    paths(list_group_user_groups),
    components(schemas(CodeArtsError)),
    tags((name = TAG_MEMBERS, description = "Who may access a repository group.")),
    modifiers(&Common),
)]
pub struct CodeArtsRepoApi;
