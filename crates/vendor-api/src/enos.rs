//! EnOS Application Portal, API v2.3: list the users assigned to a user group.
//!
//! EnOS answers every request with HTTP 200 and a `{code, message, data}` envelope: `code` 0
//! means success, anything else is an error and `data` is null. (The EnOS SDK throws away the
//! body of any HTTP status of 400 or more, so the envelope is the only way errors reach users.)
//!
//! Vendor page: "Get Users by User Group", completed with the EnOS API gateway documentation
//! (the `apim-*` headers) and the sibling App Portal pages (0-based `pageNo`).

use serde::{Deserialize, Serialize};
use utoipa::openapi::OpenApi as OpenApiDoc;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::server::{ServerBuilder, ServerVariableBuilder};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};

use crate::Service;
use crate::bounded_int;
use crate::error_codes::{self, CodeProperty, ErrorCode, Origin};
use crate::operation::{Document, Nothing, Operation, operation};

/// Tag of the user and organization operations.
pub const TAG_USERS: &str = "User and OU";
/// Name of the APIM access-token security scheme.
pub const ACCESS_TOKEN_SCHEME: &str = "apim_access_token";
/// The header that carries the application's access token.
pub const ACCESS_TOKEN_HEADER: &str = "apim-accesstoken";

/// Values of `code` in the envelope.
pub mod codes {
    /// Success.
    pub const OK: i32 = 0;
    /// The request is invalid: a missing or malformed OU ID, pagination or user group ID, or an
    /// application that cannot be identified.
    pub const BAD_REQUEST: i32 = 31400;
    /// The user, the OU or the application does not exist.
    pub const NOT_FOUND: i32 = 31404;
    /// Internal error (illustrative: the page documents no code for it).
    pub const INTERNAL_ERROR: i32 = 31500;
    /// The request is too large (illustrative, after the pattern 31000 + the HTTP status).
    pub const TOO_LARGE: i32 = 31413;
    /// The caller exceeded the call rate (illustrative, after the same pattern).
    pub const THROTTLED: i32 = 31429;
}

/// Every value of `code`, with where it comes from. The meanings hold no digits: readers of
/// the property's description take every number in it for a code.
const ERROR_CODES: &[ErrorCode] = &[
    ErrorCode::number(codes::OK, "success", Origin::Page(&[ListAssignedUser::ID])),
    ErrorCode::number(
        codes::BAD_REQUEST,
        "the request is invalid: a missing or malformed OU ID, pagination or user group ID, or an application that cannot be identified",
        Origin::Page(&[ListAssignedUser::ID]),
    ),
    ErrorCode::number(
        codes::NOT_FOUND,
        "the user group, the OU or the application does not exist",
        Origin::Page(&[ListAssignedUser::ID]),
    ),
    ErrorCode::number(
        codes::TOO_LARGE,
        "the request is too large",
        Origin::Illustrative,
    ),
    ErrorCode::number(
        codes::THROTTLED,
        "the caller exceeded the call rate",
        Origin::Illustrative,
    ),
    ErrorCode::number(
        codes::INTERNAL_ERROR,
        "internal error",
        Origin::Illustrative,
    ),
];

/// Query of `listAssignedUser`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListAssignedUserQuery {
    /// ID of the organization (OU) the user group belongs to.
    #[serde(rename = "orgId")]
    #[param(min_length = 1, example = "your_org_id")]
    pub org_id: String,
}

/// Optional signature headers of the APIM access-token flow.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Header)]
pub struct ApimSignatureHeaders {
    /// Lowercase hex SHA-256 of the access token, the query parameters sorted by name and
    /// concatenated as `name value` pairs without separators, the JSON body, the timestamp and
    /// the application secret, in that order.
    #[serde(rename = "apim-signature")]
    #[param(nullable = false)]
    pub signature: Option<String>,
    /// Time of signing, in milliseconds since the Unix epoch.
    #[serde(rename = "apim-timestamp")]
    #[param(minimum = 0, format = Int64, nullable = false)]
    pub timestamp: Option<i64>,
}

bounded_int! {
    /// Zero-based number of the page to return.
    pub struct PageNo(i32): 0..=2147483647, format = Int32;
}

bounded_int! {
    /// Number of users per page.
    pub struct PageSize(i32): 1..=1000, format = Int32;
}

/// Which page of the result to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PageRequest {
    /// Zero-based page number: 0 is the first page.
    #[serde(rename = "pageNo")]
    pub page_no: PageNo,
    /// Number of users per page, at most 1000.
    #[serde(rename = "pageSize")]
    pub page_size: PageSize,
}

/// Body of `listAssignedUser`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"userGroupId": "your_user_group_id", "pagination": {"pageNo": 0, "pageSize": 100}})))]
pub struct ListAssignedUserRequest {
    /// ID of the user group.
    #[serde(rename = "userGroupId")]
    #[schema(min_length = 1)]
    pub user_group_id: String,
    /// Which page to return.
    pub pagination: PageRequest,
}

/// One user of the group. Fields the user has not filled in are empty strings, as in the
/// vendor's return sample. The page marks none of the fields as always sent, so none is
/// required (DECISIONS.md, "Responses"); the stub sends all five.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct User {
    /// User ID.
    #[serde(rename = "userId")]
    #[schema(required = false)]
    pub user_id: String,
    /// User name.
    #[schema(required = false)]
    pub name: String,
    /// User email.
    #[schema(required = false)]
    pub email: String,
    /// Phone number.
    #[schema(required = false)]
    pub phone: String,
    /// Area code of the phone number.
    #[serde(rename = "phoneArea")]
    #[schema(required = false)]
    pub phone_area: String,
}

/// Where the returned page sits in the whole result. The bounds of the request's pagination
/// are the project's own assumption for requests and the page documents none for answers, so
/// the answer's numbers are plain integers; none is required (DECISIONS.md, "Responses").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PageResponse {
    /// Number of users in the group, over all pages.
    #[serde(rename = "totalElements")]
    #[schema(format = Int64, required = false)]
    pub total_elements: i64,
    /// Zero-based number of this page.
    #[serde(rename = "pageNo")]
    #[schema(value_type = i32, format = Int32, required = false)]
    pub page_no: PageNo,
    /// Page size the page was cut with.
    #[serde(rename = "pageSize")]
    #[schema(value_type = i32, format = Int32, required = false)]
    pub page_size: PageSize,
}

/// The page of users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ListAssignedUserData {
    /// The users on this page.
    #[schema(required = false)]
    pub users: Vec<User>,
    /// Position of this page.
    #[schema(required = false)]
    pub pagination: PageResponse,
}

/// Body of every answer: `code` 0 with `data` on success, an error code with `data` null on
/// failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ListAssignedUserResponse {
    /// Result code: 0 on success, any other value an error.
    #[schema(format = Int32)]
    pub code: i32,
    /// `OK` on success, else what went wrong.
    pub message: String,
    /// The page of users; null on failure.
    #[schema(required = true)]
    pub data: Option<ListAssignedUserData>,
}

/// The document this module's operations are published in.
const DOCUMENT: Document = Document::Vendor(Service::EnosAppPortal);

operation! {
    /// `listAssignedUser`: one page of a user group's users.
    ListAssignedUser = "listAssignedUser" in DOCUMENT; Post "/app-portal-service/v2.3/userGroup/listAssignedUser";
    (Nothing, ListAssignedUserQuery, ApimSignatureHeaders, ListAssignedUserRequest) -> ListAssignedUserResponse
}

/// List the users of a user group
///
/// Returns one page of the users assigned to a user group of an organization. Pages are
/// numbered from 0.
///
/// Every answer has HTTP status 200; check `code` in the body (0 means success).
///
/// Permission: no IAM action; the calling application needs the "Access user information"
/// permission in Application Portal.
#[utoipa::path(
    post,
    path = ListAssignedUser::PATH,
    operation_id = ListAssignedUser::ID,
    tag = TAG_USERS,
    params(ListAssignedUserQuery, ApimSignatureHeaders),
    request_body(content = ListAssignedUserRequest, content_type = "application/json",
        description = "The user group and the page to return."),
    responses(
        (status = 200, description = "The page of users, or an error code with null data.",
            body = ListAssignedUserResponse,
            examples(
                ("Success" = (summary = "One page of users",
                    value = json!({"code": 0, "message": "OK", "data": {
                        "users": [{"userId": "your_user_id", "email": "your_user_email",
                                   "phone": "", "phoneArea": "", "name": "your_user_name"}],
                        "pagination": {"totalElements": 3, "pageNo": 0, "pageSize": 1}}}))),
                ("InvalidRequest" = (summary = "A required field is missing",
                    value = json!({"code": 31400, "message": "Missing required field 'userGroupId' in the request body.", "data": null}))),
                ("NotFound" = (summary = "The user group does not exist",
                    value = json!({"code": 31404, "message": "User group 'ug-0000' does not exist in organization 'o15589000000001'.", "data": null}))),
            )),
    ),
    security(("apim_access_token" = [])),
)]
pub fn list_assigned_user() {}

struct Common;

impl Modify for Common {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        error_codes::document(
            openapi,
            CodeProperty {
                schema: "ListAssignedUserResponse",
                property: "code",
                location: "code",
            },
            ERROR_CODES,
        );
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            ACCESS_TOKEN_SCHEME,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                ACCESS_TOKEN_HEADER,
                "Access token of the calling application, from the API gateway's token service \
                 (`POST /apim-token-service/v2.0/token/get` with the application's key, a \
                 timestamp and their SHA-256 with the secret; tokens last 7200 seconds). The \
                 `apim-signature` and `apim-timestamp` headers may accompany it.",
            ))),
        );
        openapi.servers = Some(vec![
            ServerBuilder::new()
                .url("https://{apigw-address}")
                .description(Some(
                    "The API gateway of an EnOS environment, shown in Application Portal under \
                     Developer Console > Help > Environment Information",
                ))
                .parameter(
                    "apigw-address",
                    ServerVariableBuilder::new()
                        .default_value("apim-cn5.enos-iot.com")
                        .description(Some("Host name of the environment's API gateway.")),
                )
                .build(),
        ]);
    }
}

/// The EnOS Application Portal document.
#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "EnOS Application Portal (user group members)",
        version = "2.0.0+api.v2.3",
        description = "The Get Users by User Group operation of the EnOS Application Portal API, \
            version 2.3. Every answer is HTTP 200 with a `{code, message, data}` envelope; a \
            non-zero `code` is an error. Written from the vendor's API page and the EnOS API \
            gateway documentation; DECISIONS.md in the repository lists where this document \
            departs from the page.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
        contact(name = "vendor-api-stubs maintainers", url = "https://github.com/vendor-api-stubs/vendor-api-stubs"),
    ),
    paths(list_assigned_user),
    tags((name = TAG_USERS, description = "Users, user groups and organizational units.")),
    modifiers(&Common),
)]
pub struct EnosAppPortalApi;
