//! EnOS Application Portal: an `apim-accesstoken` header checked before anything else, and
//! every answer HTTP 200 with `{"code", "message", "data"}`, `code` 0 on success.

use std::time::SystemTime;

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use vendor_api::enos::{ACCESS_TOKEN_HEADER, codes};
use vendor_signatures::{Credentials, Rejection, SignedRequest, Verified, enos};

use super::rules::{Recognition, Vendor, present};
use crate::failure::Failure;

// EnOS codes beyond the documented 31400/31404 (31413, 31429) are illustrative; vendor_api
// declares and documents them.
use codes::{THROTTLED, TOO_LARGE};

/// The code an injected failure is answered with, by the status it stands for; these are also
/// the statuses `Prefer: code=…` may ask for (the documented 31400 and 31404, and the
/// illustrative 31413, 31429 and 31500).
const INJECTED: &[(u16, i32)] = &[
    (400, codes::BAD_REQUEST),
    (404, codes::NOT_FOUND),
    (413, TOO_LARGE),
    (429, THROTTLED),
    (500, codes::INTERNAL_ERROR),
];

/// EnOS Application Portal.
#[derive(Debug)]
pub struct Enos;

/// The one EnOS vendor.
pub static ENOS: Enos = Enos;

impl Enos {
    /// The EnOS `code` for a failure.
    pub fn code(failure: &Failure) -> i32 {
        match failure {
            Failure::NotFound(_) | Failure::NoRoute { .. } => codes::NOT_FOUND,
            Failure::Internal(_) | Failure::Upstream { .. } => codes::INTERNAL_ERROR,
            Failure::TooLarge { .. } => TOO_LARGE,
            Failure::Throttled(_) => THROTTLED,
            Failure::Injected { status, .. } => {
                let status = status.as_u16();
                match INJECTED.iter().find(|(s, _)| *s == status) {
                    Some((_, code)) => *code,
                    // The operator's --error-rate answers 500; nothing else reaches here.
                    None if status >= 500 => codes::INTERNAL_ERROR,
                    None => codes::BAD_REQUEST,
                }
            }
            _ => codes::BAD_REQUEST,
        }
    }
}

impl Vendor for Enos {
    fn require_credentials(&self, headers: &HeaderMap) -> Result<(), Failure> {
        if present(headers, ACCESS_TOKEN_HEADER) {
            Ok(())
        } else {
            Err(Failure::Unauthenticated(
                "The application could not be identified: the apim-accesstoken header is missing."
                    .into(),
            ))
        }
    }

    fn verify(
        &self,
        request: &SignedRequest<'_>,
        credentials: &Credentials,
        now: SystemTime,
    ) -> Result<Verified, Rejection> {
        enos::verify(request, &credentials.enos, now)
    }

    fn envelope(&self, failure: &Failure, _request_id: &str) -> Response {
        let body = json!({"code": Enos::code(failure), "message": failure.message(), "data": null});
        (StatusCode::OK, axum::Json(body)).into_response()
    }

    fn injectable(&self, _documented: &[u16]) -> Vec<u16> {
        INJECTED.iter().map(|(status, _)| *status).collect()
    }

    fn recognises(&self, headers: &HeaderMap) -> Recognition {
        if headers.contains_key(ACCESS_TOKEN_HEADER) {
            Recognition::AfterRoutes
        } else {
            Recognition::No
        }
    }
}
