//! Huawei Cloud (Workspace and CodeArts Repo, both behind API Gateway): IAM token or AK/SK
//! signature, authenticated before anything else; errors as `{"error_code", "error_msg"}` with
//! the HTTP status and an `X-Request-Id` header on every answer; each service its own codes,
//! the gateway's codes for what the gateway refuses.

use std::time::SystemTime;

use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use vendor_api::{codearts, workspace};
use vendor_signatures::signing::SigningKey;
use vendor_signatures::{Credentials, Rejection, SignedRequest, Verified, huawei};

use super::rules::{Outgoing, Vendor, no_upstream_key, present, sign_failed, text};
use crate::failure::{Failure, join_methods};

// API Gateway's codes are declared, and documented, in vendor_api.
use vendor_api::huawei::gateway::{
    BAD_CREDENTIALS as APIGW_BAD_CREDENTIALS, NO_API as APIGW_NO_API,
    REQUEST_ERROR as APIGW_REQUEST_ERROR, THROTTLED as APIGW_THROTTLED,
};
/// Header carrying the request id on Huawei answers.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// The IAM token header.
const TOKEN: &str = "x-auth-token";
/// The security token of temporary AK/SK, bound to the client's key and never forwarded with
/// the upstream's signature.
const SECURITY_TOKEN: &str = "x-security-token";

/// A Huawei service: the gateway's rules with the service's own codes.
#[derive(Debug)]
pub struct Huawei {
    invalid: &'static str,
    unauthorized: &'static str,
    forbidden: &'static str,
    not_found: &'static str,
    method_not_allowed: &'static str,
    internal: &'static str,
    unavailable: &'static str,
}

/// Huawei Cloud Workspace.
pub static WORKSPACE: Huawei = Huawei {
    invalid: workspace::codes::INVALID_PARAMETER,
    unauthorized: workspace::codes::UNAUTHORIZED,
    forbidden: workspace::codes::FORBIDDEN,
    not_found: workspace::codes::NOT_FOUND,
    method_not_allowed: workspace::codes::METHOD_NOT_ALLOWED,
    internal: workspace::codes::INTERNAL_ERROR,
    unavailable: workspace::codes::SERVICE_UNAVAILABLE,
};

/// Huawei Cloud CodeArts Repo.
pub static CODEARTS: Huawei = Huawei {
    invalid: codearts::codes::INVALID_PARAMETER,
    unauthorized: codearts::codes::UNAUTHORIZED,
    forbidden: codearts::codes::FORBIDDEN,
    not_found: codearts::codes::NOT_FOUND,
    method_not_allowed: codearts::codes::METHOD_NOT_ALLOWED,
    internal: codearts::codes::INTERNAL_ERROR,
    // CodeArts documents no 503; only an operator's fault injection could ask for one.
    unavailable: codearts::codes::INTERNAL_ERROR,
};

impl Huawei {
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

impl Vendor for Huawei {
    fn require_credentials(&self, headers: &HeaderMap) -> Result<(), Failure> {
        let authorization = header::AUTHORIZATION.as_str();
        if text(headers, authorization).is_some_and(huawei::is_signature) || present(headers, TOKEN)
        {
            Ok(())
        } else if present(headers, authorization) {
            Err(Failure::Unauthenticated(
                "Incorrect IAM authentication information: the Authorization header is not an \
                 SDK-HMAC-SHA256 signature and no X-Auth-Token was sent."
                    .into(),
            ))
        } else {
            Err(Failure::Unauthenticated(
                "Incorrect IAM authentication information: send an X-Auth-Token header or sign \
                 the request with AK/SK (Authorization: SDK-HMAC-SHA256 ...)."
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
        if text(request.headers, header::AUTHORIZATION.as_str()).is_some_and(huawei::is_signature) {
            huawei::verify(request, &credentials.huawei, now)
        } else {
            token(request.headers, credentials)
        }
    }

    fn envelope(&self, failure: &Failure, request_id: &str) -> Response {
        let (status, code) = match failure {
            Failure::Invalid(_) | Failure::BadRequest(_) | Failure::Unsupported(_) => {
                (StatusCode::BAD_REQUEST, self.invalid)
            }
            Failure::Coded { code, .. } => (StatusCode::BAD_REQUEST, *code),
            Failure::Unauthenticated(_) => (StatusCode::UNAUTHORIZED, self.unauthorized),
            Failure::NotFound(_) => (StatusCode::NOT_FOUND, self.not_found),
            Failure::MethodNotAllowed { .. } => {
                (StatusCode::METHOD_NOT_ALLOWED, self.method_not_allowed)
            }
            Failure::NoRoute { .. } => (StatusCode::NOT_FOUND, APIGW_NO_API),
            Failure::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, self.internal),
            Failure::TooLarge { part, .. } => (part.status(), APIGW_REQUEST_ERROR),
            Failure::Throttled(_) => (StatusCode::TOO_MANY_REQUESTS, APIGW_THROTTLED),
            Failure::Rejected(_) => (StatusCode::UNAUTHORIZED, APIGW_BAD_CREDENTIALS),
            Failure::Injected { status, .. } => (*status, self.for_status(*status)),
            Failure::Upstream { status, .. } => (*status, self.internal),
        };
        let body = json!({"error_code": code, "error_msg": failure.message()});
        let mut response = (status, axum::Json(body)).into_response();
        if let Failure::MethodNotAllowed { allowed, .. } = failure
            && let Ok(value) = HeaderValue::from_str(&join_methods(allowed))
        {
            response.headers_mut().insert(header::ALLOW, value);
        }
        with_request_id(response, request_id)
    }

    fn on_success(&self, response: Response, request_id: &str) -> Response {
        with_request_id(response, request_id)
    }

    /// An AK/SK signature covers the host, so it is made again with the upstream's key (every
    /// header sent is signed, as the SDK does); an IAM token passes through.
    fn sign_upstream(
        &self,
        client: &HeaderMap,
        request: &mut Outgoing<'_>,
        keys: &Credentials,
        now: SystemTime,
    ) -> Result<(), Failure> {
        if !text(client, header::AUTHORIZATION.as_str()).is_some_and(huawei::is_signature) {
            return Ok(());
        }
        let Some((id, secret)) = keys.huawei.iter().next() else {
            return Err(no_upstream_key("Huawei", "huawei"));
        };
        request.headers.remove(SECURITY_TOKEN);
        let key = SigningKey::new(id.as_str(), secret.as_str());
        let signed = huawei::sign(&request.signed(), request.host, &key, now)
            .map_err(|e| sign_failed(&e))?;
        request.set_all(signed);
        Ok(())
    }

    fn answer_request_id(&self, headers: &HeaderMap, _body: &[u8]) -> Option<String> {
        text(headers, REQUEST_ID.as_str()).map(str::to_owned)
    }

    /// Huawei answers with HTTP statuses, so any error status the document lists can be asked
    /// for; `for_status` gives each its code.
    fn injectable(&self, documented: &[u16]) -> Vec<u16> {
        documented.iter().copied().filter(|s| *s >= 400).collect()
    }
}

/// A Huawei request with a token and no signature: IAM tokens are sealed by Huawei, so only
/// the tokens the credentials file lists are accepted.
fn token(headers: &HeaderMap, credentials: &Credentials) -> Result<Verified, Rejection> {
    let token = text(headers, TOKEN).unwrap_or("");
    if credentials.huawei_tokens.iter().any(|t| t == token) {
        Ok(Verified { key_id: None })
    } else {
        Err(Rejection::UnknownKey(
            "The X-Auth-Token is not accepted: IAM tokens cannot be checked offline, so this \
             server accepts only the tokens its credentials file lists (huawei_tokens); sign \
             the request with AK/SK instead."
                .into(),
        ))
    }
}

/// Adds the Huawei request id header.
fn with_request_id(mut response: Response, request_id: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}
