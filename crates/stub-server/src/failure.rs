//! Every way a request can fail, and how each vendor writes it down.
//!
//! Every request ends in a response in the envelope of the vendor it was meant for; the set of
//! error codes is part of the published contract (see the documents and DECISIONS.md). A
//! [`Failure`] says what went wrong in vendor-neutral terms; [`Failure::render`] picks the
//! vendor's status, code and body. Messages for clients never carry internals: an internal
//! error is logged with its detail and answered with a generic message.

use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use vendor_api::{Service, codearts, enos, tencent_cwp, workspace};

use vendor_signatures::Rejection;

use crate::contract::{Location, Problem, Violation};

/// What went wrong, before it is put in a vendor's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// A parameter or body field breaks the document.
    Invalid(Violation),
    /// The request is malformed in a way no single parameter explains.
    BadRequest(String),
    /// No usable credentials.
    Unauthenticated(String),
    /// The addressed resource does not exist.
    NotFound(String),
    /// The path exists, the method is not documented for it.
    MethodNotAllowed {
        /// The method used.
        method: Method,
        /// The documented methods of the path.
        allowed: Vec<Method>,
    },
    /// No documented path matches.
    NoRoute {
        /// The method used.
        method: Method,
        /// The path requested.
        path: String,
    },
    /// A form of the request the stub does not serve (Tencent GET and legacy signatures).
    Unsupported(String),
    /// A vendor-specific code with its message, for cases only one vendor distinguishes.
    Coded {
        /// The vendor's code.
        code: &'static str,
        /// What went wrong.
        message: String,
    },
    /// The stub itself failed; the detail is logged, never sent.
    Internal(String),
    /// The request is larger than the stub accepts.
    TooLarge {
        /// Which part is too large.
        part: Oversize,
        /// The limit, in bytes.
        limit: usize,
    },
    /// Too many requests at once, or more than the vendor's documented rate.
    Throttled(String),
    /// The credentials were checked (`--auth verify`) and refused.
    Rejected(vendor_signatures::Rejection),
    /// A failure the client (`Prefer: code=…`) or the operator (`--error-rate`) asked for,
    /// answered with the status given; `cause` says who asked.
    Injected {
        /// The status the failure stands for.
        status: StatusCode,
        /// Who asked for it, for the message.
        cause: String,
    },
}

/// The part of a request that exceeded its size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Oversize {
    /// The request target (path and query).
    Uri,
    /// The header section.
    Headers,
    /// The body.
    Body,
}

impl Oversize {
    /// The HTTP status of the refusal, for vendors that use statuses.
    pub fn status(self) -> StatusCode {
        match self {
            Oversize::Uri => StatusCode::URI_TOO_LONG,
            Oversize::Headers => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            Oversize::Body => StatusCode::PAYLOAD_TOO_LARGE,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Oversize::Uri => "request URI (path and query)",
            Oversize::Headers => "header section",
            Oversize::Body => "request body",
        }
    }
}

/// API Gateway's code for a request it cannot take (400 "API request error", 413 "Request
/// entity too large"); also used for over-long URIs (414) and header sections (431).
const APIGW_REQUEST_ERROR: &str = "APIGW.0201";
/// API Gateway's code for throttling (429). Not confirmed by the research (DECISIONS.md).
const APIGW_THROTTLED: &str = "APIGW.0308";
/// API Gateway's code for IAM credentials it refuses, including AK/SK signatures that fail.
const APIGW_BAD_CREDENTIALS: &str = "APIGW.0301";
/// Tencent's common error codes the stub adds to the action's own.
mod tencent_common {
    pub const REQUEST_SIZE_LIMIT_EXCEEDED: &str = "RequestSizeLimitExceeded";
    pub const REQUEST_LIMIT_EXCEEDED: &str = "RequestLimitExceeded";
    pub const UNAUTHORIZED_OPERATION: &str = "UnauthorizedOperation";
    pub const RESOURCE_NOT_FOUND: &str = "ResourceNotFound";
    pub const SERVICE_UNAVAILABLE: &str = "ServiceUnavailable";
}
/// EnOS codes beyond the documented 31400/31404, following their pattern (31000 + the HTTP
/// status); illustrative.
const ENOS_TOO_LARGE: i32 = 31413;
const ENOS_THROTTLED: i32 = 31429;

/// The statuses a `Prefer: code=…` may ask of a Tencent action (besides 200): those the
/// Tencent error codes the stub uses stand for, answered with HTTP 200 and that code.
pub const TENCENT_INJECTABLE: &[u16] = &[400, 401, 403, 404, 405, 413, 429, 500, 503];
/// The same for EnOS: the documented 31400, 31404 and illustrative 31413, 31429, 31500.
pub const ENOS_INJECTABLE: &[u16] = &[400, 404, 413, 429, 500];

/// The Huawei gateway's code for a path that matches no published API.
const APIGW_NO_API: &str = "APIGW.0101";
/// Header carrying the request id on Huawei answers.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

impl Failure {
    /// The failure in the vendor's envelope. `request_id` identifies the request in the
    /// vendor's usual place (Huawei: `X-Request-Id` header; Tencent: `Response.RequestId`).
    pub fn render(&self, service: Service, request_id: &str) -> Response {
        if let Failure::Internal(detail) = self {
            tracing::error!(
                request_id,
                service = service.name(),
                detail,
                "internal error"
            );
        }
        match service {
            Service::HuaweiWorkspace => self.huawei(request_id, &WORKSPACE_CODES),
            Service::HuaweiCodeartsRepo => self.huawei(request_id, &CODEARTS_CODES),
            Service::TencentCwp => self.tencent(request_id),
            Service::EnosAppPortal => self.enos(),
        }
    }

    fn message(&self) -> String {
        match self {
            Failure::Invalid(v) => v.message(),
            Failure::BadRequest(m)
            | Failure::Unauthenticated(m)
            | Failure::NotFound(m)
            | Failure::Unsupported(m) => m.clone(),
            Failure::Coded { message, .. } => message.clone(),
            Failure::MethodNotAllowed { method, allowed } => format!(
                "The method {method} is not allowed for this resource; use {}.",
                join_methods(allowed)
            ),
            Failure::NoRoute { method, path } => {
                format!(
                    "No API matches {method} {path}. The API does not exist or has not been published."
                )
            }
            Failure::Internal(_) => {
                "The stub failed internally; the request was not processed.".into()
            }
            Failure::TooLarge { part, limit } => format!(
                "Request entity too large: the {} is larger than the {limit} bytes this server \
                 accepts.",
                part.noun()
            ),
            Failure::Throttled(m) => m.clone(),
            Failure::Rejected(rejection) => rejection.message().to_owned(),
            Failure::Injected { status, cause } => format!(
                "This failure (status {}) was injected by {cause}; the request was not processed.",
                status.as_u16()
            ),
        }
    }

    fn huawei(&self, request_id: &str, codes: &HuaweiCodes) -> Response {
        let (status, code) = match self {
            Failure::Invalid(_) | Failure::BadRequest(_) | Failure::Unsupported(_) => {
                (StatusCode::BAD_REQUEST, codes.invalid)
            }
            Failure::Coded { code, .. } => (StatusCode::BAD_REQUEST, *code),
            Failure::Unauthenticated(_) => (StatusCode::UNAUTHORIZED, codes.unauthorized),
            Failure::NotFound(_) => (StatusCode::NOT_FOUND, codes.not_found),
            Failure::MethodNotAllowed { .. } => {
                (StatusCode::METHOD_NOT_ALLOWED, codes.method_not_allowed)
            }
            Failure::NoRoute { .. } => (StatusCode::NOT_FOUND, APIGW_NO_API),
            Failure::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, codes.internal),
            Failure::TooLarge { part, .. } => (part.status(), APIGW_REQUEST_ERROR),
            Failure::Throttled(_) => (StatusCode::TOO_MANY_REQUESTS, APIGW_THROTTLED),
            Failure::Rejected(_) => (StatusCode::UNAUTHORIZED, APIGW_BAD_CREDENTIALS),
            Failure::Injected { status, .. } => (*status, codes.for_status(*status)),
        };
        let body = json!({"error_code": code, "error_msg": self.message()});
        let mut response = (status, axum::Json(body)).into_response();
        if let Failure::MethodNotAllowed { allowed, .. } = self
            && let Ok(value) = HeaderValue::from_str(&join_methods(allowed))
        {
            response.headers_mut().insert(header::ALLOW, value);
        }
        with_request_id(response, request_id)
    }

    /// The Tencent error code for this failure.
    pub fn tencent_code(&self) -> &'static str {
        use tencent_cwp::codes;
        match self {
            Failure::Invalid(v) => match (&v.problem, v.location, v.name.as_str()) {
                // The routing headers have codes of their own.
                (Problem::Invalid { .. }, Location::Header, "X-TC-Action") => codes::INVALID_ACTION,
                (Problem::Invalid { .. }, Location::Header, "X-TC-Version") => {
                    codes::NO_SUCH_VERSION
                }
                (Problem::Missing, ..) => codes::MISSING_PARAMETER,
                (Problem::Unknown, ..) => codes::UNKNOWN_PARAMETER,
                (Problem::WrongType { .. } | Problem::Repeated, ..) => codes::INVALID_PARAMETER,
                (
                    Problem::Invalid {
                        keyword: "format", ..
                    },
                    ..,
                ) => codes::INVALID_DATE_RANGE,
                (Problem::Invalid { .. }, ..) => codes::INVALID_PARAMETER_VALUE,
            },
            Failure::BadRequest(_) => codes::INVALID_PARAMETER,
            Failure::Coded { code, .. } => code,
            Failure::Unauthenticated(_) => codes::INVALID_AUTHORIZATION,
            Failure::NotFound(_) => tencent_common::RESOURCE_NOT_FOUND,
            Failure::MethodNotAllowed { .. }
            | Failure::Unsupported(_)
            | Failure::NoRoute { .. } => codes::UNSUPPORTED_OPERATION,
            Failure::Internal(_) => codes::INTERNAL_ERROR,
            Failure::TooLarge { .. } => tencent_common::REQUEST_SIZE_LIMIT_EXCEEDED,
            Failure::Throttled(_) => tencent_common::REQUEST_LIMIT_EXCEEDED,
            Failure::Rejected(rejection) => match rejection {
                Rejection::Malformed(_) => codes::INVALID_AUTHORIZATION,
                Rejection::UnknownKey(_) => codes::SECRET_ID_NOT_FOUND,
                Rejection::Expired(_) => codes::SIGNATURE_EXPIRE,
                Rejection::Mismatch(_) => codes::SIGNATURE_FAILURE,
            },
            Failure::Injected { status, .. } => match status.as_u16() {
                400 => codes::INVALID_PARAMETER,
                401 => codes::SIGNATURE_FAILURE,
                403 => tencent_common::UNAUTHORIZED_OPERATION,
                404 => tencent_common::RESOURCE_NOT_FOUND,
                405 => codes::UNSUPPORTED_OPERATION,
                413 => tencent_common::REQUEST_SIZE_LIMIT_EXCEEDED,
                429 => tencent_common::REQUEST_LIMIT_EXCEEDED,
                503 => tencent_common::SERVICE_UNAVAILABLE,
                _ => codes::INTERNAL_ERROR,
            },
        }
    }

    fn tencent(&self, request_id: &str) -> Response {
        let body = json!({"Response": {
            "Error": {"Code": self.tencent_code(), "Message": self.message()},
            "RequestId": request_id,
        }});
        tencent_json(&body)
    }

    /// The EnOS `code` for this failure.
    pub fn enos_code(&self) -> i32 {
        match self {
            Failure::NotFound(_) | Failure::NoRoute { .. } => enos::codes::NOT_FOUND,
            Failure::Internal(_) => enos::codes::INTERNAL_ERROR,
            Failure::TooLarge { .. } => ENOS_TOO_LARGE,
            Failure::Throttled(_) => ENOS_THROTTLED,
            Failure::Injected { status, .. } => match status.as_u16() {
                404 => enos::codes::NOT_FOUND,
                413 => ENOS_TOO_LARGE,
                429 => ENOS_THROTTLED,
                500..=599 => enos::codes::INTERNAL_ERROR,
                _ => enos::codes::BAD_REQUEST,
            },
            _ => enos::codes::BAD_REQUEST,
        }
    }

    fn enos(&self) -> Response {
        let body = json!({"code": self.enos_code(), "message": self.message(), "data": null});
        (StatusCode::OK, axum::Json(body)).into_response()
    }
}

/// A Tencent answer: HTTP 200 and exactly `application/json`, the only content type under
/// which the Python SDK reads `Response.Error`.
pub fn tencent_json(body: &Value) -> Response {
    let mut response = (StatusCode::OK, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// Adds the Huawei request id header.
pub fn with_request_id(mut response: Response, request_id: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

fn join_methods(methods: &[Method]) -> String {
    methods
        .iter()
        .map(Method::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

struct HuaweiCodes {
    invalid: &'static str,
    unauthorized: &'static str,
    forbidden: &'static str,
    not_found: &'static str,
    method_not_allowed: &'static str,
    internal: &'static str,
    unavailable: &'static str,
}

impl HuaweiCodes {
    /// The representative code of an injected status.
    fn for_status(&self, status: StatusCode) -> &'static str {
        match status.as_u16() {
            400 => self.invalid,
            401 => self.unauthorized,
            403 => self.forbidden,
            404 => self.not_found,
            405 => self.method_not_allowed,
            413 | 414 | 431 => APIGW_REQUEST_ERROR,
            429 => APIGW_THROTTLED,
            503 => self.unavailable,
            _ => self.internal,
        }
    }
}

const WORKSPACE_CODES: HuaweiCodes = HuaweiCodes {
    invalid: workspace::codes::INVALID_PARAMETER,
    unauthorized: workspace::codes::UNAUTHORIZED,
    forbidden: workspace::codes::FORBIDDEN,
    not_found: workspace::codes::NOT_FOUND,
    method_not_allowed: workspace::codes::METHOD_NOT_ALLOWED,
    internal: workspace::codes::INTERNAL_ERROR,
    unavailable: workspace::codes::SERVICE_UNAVAILABLE,
};

const CODEARTS_CODES: HuaweiCodes = HuaweiCodes {
    invalid: codearts::codes::INVALID_PARAMETER,
    unauthorized: codearts::codes::UNAUTHORIZED,
    forbidden: codearts::codes::FORBIDDEN,
    not_found: codearts::codes::NOT_FOUND,
    method_not_allowed: codearts::codes::METHOD_NOT_ALLOWED,
    internal: codearts::codes::INTERNAL_ERROR,
    // CodeArts documents no 503; only an operator's fault injection could ask for one.
    unavailable: codearts::codes::INTERNAL_ERROR,
};
