//! Tencent Cloud API 3.0 (CWP): every action at `POST /` with `X-TC-Action`, a TC3-HMAC-SHA256
//! signature checked after the headers, and every answer HTTP 200 with a `Response` object
//! whose `Error.Code` says what went wrong; each action limited to the documented call rate.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use vendor_api::Operation;
use vendor_api::tencent_cwp::{self, ACTION_HEADER, CALLS_PER_SECOND, codes};
use vendor_signatures::signing::SigningKey;
use vendor_signatures::{Credentials, Rejection, SignedRequest, Verified, tencent};

use super::rules::{
    Outgoing, Recognition, Vendor, json_body, media_type, no_upstream_key, sign_failed, text,
};
use crate::contract::{Keyword, Location, Problem};
use crate::failure::Failure;

/// The code an injected failure is answered with, by the status it stands for. These are
/// also the statuses `Prefer: code=…` may ask of a Tencent action (besides 200): each is
/// answered with HTTP 200 and its code.
const INJECTED: &[(u16, &str)] = &[
    (400, codes::INVALID_PARAMETER),
    (401, codes::SIGNATURE_FAILURE),
    (403, codes::UNAUTHORIZED_OPERATION),
    (404, codes::RESOURCE_NOT_FOUND),
    (405, codes::UNSUPPORTED_OPERATION),
    (413, codes::REQUEST_SIZE_LIMIT_EXCEEDED),
    (429, codes::REQUEST_LIMIT_EXCEEDED),
    (500, codes::INTERNAL_ERROR),
    // The page's "failed to manipulate the data": the service's data store, behind it, failed.
    (502, codes::MAIN_DB_FAIL),
    (503, codes::SERVICE_UNAVAILABLE),
];

/// Tencent Cloud CWP.
#[derive(Debug)]
pub struct Tencent;

/// The one Tencent vendor.
pub static TENCENT: Tencent = Tencent;

impl Tencent {
    /// The Tencent error code for a failure.
    pub fn code(failure: &Failure) -> &'static str {
        match failure {
            Failure::Invalid(v) => match (&v.problem, v.location, v.name.as_str()) {
                // The routing headers have codes of their own.
                (Problem::Invalid { .. }, Location::Header, name) if name == ACTION_HEADER => {
                    codes::INVALID_ACTION
                }
                (Problem::Invalid { .. }, Location::Header, "X-TC-Version") => {
                    codes::NO_SUCH_VERSION
                }
                (Problem::Missing, ..) => codes::MISSING_PARAMETER,
                (Problem::Unknown, ..) => codes::UNKNOWN_PARAMETER,
                (Problem::WrongType { .. } | Problem::Repeated, ..) => codes::INVALID_PARAMETER,
                (
                    Problem::Invalid {
                        keyword: Keyword::Format,
                        ..
                    },
                    ..,
                ) => codes::INVALID_DATE_RANGE,
                (Problem::Invalid { .. }, ..) => codes::INVALID_PARAMETER_VALUE,
            },
            Failure::BadRequest(_) => codes::INVALID_PARAMETER,
            Failure::Coded { code, .. } => code,
            Failure::Unauthenticated(_) => codes::INVALID_AUTHORIZATION,
            Failure::NotFound(_) => codes::RESOURCE_NOT_FOUND,
            Failure::MethodNotAllowed { .. }
            | Failure::Unsupported(_)
            | Failure::NoRoute { .. } => codes::UNSUPPORTED_OPERATION,
            Failure::Internal(_) | Failure::Upstream { .. } => codes::INTERNAL_ERROR,
            Failure::TooLarge { .. } => codes::REQUEST_SIZE_LIMIT_EXCEEDED,
            Failure::Throttled(_) => codes::REQUEST_LIMIT_EXCEEDED,
            Failure::Rejected(rejection) => match rejection {
                Rejection::Malformed(_) => codes::INVALID_AUTHORIZATION,
                Rejection::UnknownKey(_) => codes::SECRET_ID_NOT_FOUND,
                Rejection::Expired(_) => codes::SIGNATURE_EXPIRE,
                Rejection::Mismatch(_) => codes::SIGNATURE_FAILURE,
            },
            Failure::Injected { status, .. } => INJECTED
                .iter()
                .find(|(s, _)| *s == status.as_u16())
                .map_or(codes::INTERNAL_ERROR, |(_, code)| code),
        }
    }
}

impl Vendor for Tencent {
    fn require_credentials(&self, headers: &HeaderMap) -> Result<(), Failure> {
        match text(headers, header::AUTHORIZATION.as_str()) {
            Some(v) if tencent::is_signature(v) => Ok(()),
            Some(v) if !v.is_empty() => Err(Failure::Unauthenticated(
                "The Authorization header is not a TC3-HMAC-SHA256 signature.".into(),
            )),
            _ => Err(Failure::Unauthenticated(
                "The Authorization header is missing; sign the request with TC3-HMAC-SHA256."
                    .into(),
            )),
        }
    }

    fn verify(
        &self,
        request: &SignedRequest<'_>,
        credentials: &Credentials,
        now: SystemTime,
    ) -> Result<Verified, Rejection> {
        tencent::verify(request, tencent_cwp::SERVICE, &credentials.tencent, now)
    }

    /// Form-encoded requests (the legacy signature) are refused whatever the action.
    fn check_form(&self, headers: &HeaderMap, has_body: bool) -> Result<(), Failure> {
        match media_type(headers).as_deref() {
            Some("application/x-www-form-urlencoded" | "multipart/form-data") => {
                Err(Failure::Unsupported(format!(
                    "This stub serves {} as a TC3-HMAC-SHA256 signed POST with a JSON body \
                     (Content-Type: application/json); form-encoded and legacy-signature \
                     requests are not served.",
                    tencent_cwp::ExportAssetUserList::ID
                )))
            }
            _ => json_body(headers, has_body),
        }
    }

    /// Tencent looks the action and version up before it checks the signature.
    fn headers_before_auth(&self) -> bool {
        true
    }

    fn envelope(&self, failure: &Failure, request_id: &str) -> Response {
        let body = json!({"Response": {
            "Error": {"Code": Tencent::code(failure), "Message": failure.message()},
            "RequestId": request_id,
        }});
        tencent_json(&body)
    }

    /// Every request is signed again with the upstream's key, for `cwp` and a fresh timestamp;
    /// a temporary credential's token belongs to the client's key and is dropped.
    fn sign_upstream(
        &self,
        _client: &HeaderMap,
        request: &mut Outgoing<'_>,
        keys: &Credentials,
        now: SystemTime,
    ) -> Result<(), Failure> {
        let Some((id, secret)) = keys.tencent.iter().next() else {
            return Err(no_upstream_key("Tencent", "tencent"));
        };
        request.headers.remove("x-tc-token");
        let timestamp = now
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        let key = SigningKey::new(id.as_str(), secret.as_str());
        let signed = tencent::sign(
            &request.signed(),
            request.host,
            tencent_cwp::SERVICE,
            &key,
            timestamp,
        )
        .map_err(|e| sign_failed(&e))?;
        request.set_all(signed);
        Ok(())
    }

    /// Tencent writes the request id into the body, at `Response.RequestId`.
    fn answer_request_id(&self, _headers: &HeaderMap, body: &[u8]) -> Option<String> {
        let body: Value = serde_json::from_slice(body).ok()?;
        body.pointer("/Response/RequestId")
            .and_then(Value::as_str)
            .map(str::to_owned)
    }

    fn injectable(&self, _documented: &[u16]) -> Vec<u16> {
        INJECTED.iter().map(|(status, _)| *status).collect()
    }

    fn calls_per_second(&self) -> Option<usize> {
        Some(CALLS_PER_SECOND)
    }

    /// The action header, or a TC3 signature, marks a request as Tencent's whatever its path:
    /// every action shares `POST /`, so a request elsewhere is a misconfigured endpoint.
    fn recognises(&self, headers: &HeaderMap) -> Recognition {
        let signed =
            text(headers, header::AUTHORIZATION.as_str()).is_some_and(tencent::is_signature);
        if headers.contains_key(ACTION_HEADER) || signed {
            Recognition::BeforeRoutes
        } else {
            Recognition::No
        }
    }

    fn no_route(&self, method: Method, path: String) -> Failure {
        Failure::Unsupported(format!(
            "Tencent Cloud API 3.0 is served at POST /, but the request went to {method} {path}; \
             give HttpProfile an endpoint of host:port only, without a path."
        ))
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
