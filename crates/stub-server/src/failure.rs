//! Every way a request can fail, in vendor-neutral terms.
//!
//! Every request ends in a response in the envelope of the vendor it was meant for: a
//! [`Failure`] says what went wrong, and each vendor's module (`vendor::huawei`, `tencent`,
//! `enos`) picks its status, code and body. Messages for clients never carry internals: an
//! internal error is logged with its detail and answered with a generic message.

use axum::http::{Method, StatusCode};

use crate::contract::{TypeMismatch, Violation};

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
    /// The upstream of a forwarded request (`--upstream`) gave no usable answer: refused, too
    /// slow, cut off or too large. `status` is the gateway status a Huawei client gets (502 or
    /// 504); the message says what happened and names no credential.
    Upstream {
        /// The status for vendors that answer failures with statuses.
        status: StatusCode,
        /// What happened, for the client.
        message: String,
    },
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

impl Failure {
    /// What went wrong, in words a client can act on (internals never appear in it).
    pub fn message(&self) -> String {
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
            Failure::Upstream { message, .. } => message.clone(),
            Failure::Rejected(rejection) => rejection.message().to_owned(),
            Failure::Injected { status, cause } => format!(
                "This failure (status {}) was injected by {cause}; the request was not processed.",
                status.as_u16()
            ),
        }
    }
}

/// Methods as an `Allow` header lists them, e.g. `GET, POST`.
pub fn join_methods(methods: &[Method]) -> String {
    methods
        .iter()
        .map(Method::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

impl From<TypeMismatch> for Failure {
    fn from(e: TypeMismatch) -> Self {
        Failure::Internal(format!("document and types disagree: {}", e.0))
    }
}
