//! What each vendor checks before an operation runs: the credentials (present, or with
//! `--auth verify` also genuine, see the `vendor-signatures` crate) and the request forms it
//! serves.

use std::sync::Arc;
use std::time::SystemTime;

use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use vendor_api::{Service, tencent_cwp};
use vendor_signatures::{Credentials, Rejection, SignedRequest, enos, huawei, tencent};

use crate::failure::Failure;

/// How credentials are checked.
#[derive(Debug, Clone, Default)]
pub enum Auth {
    /// Credentials must be present in the vendor's form; nothing is verified (the default).
    #[default]
    Presence,
    /// Signatures are verified against these keys, at the time `clock` gives.
    Verify {
        /// The accepted keys.
        credentials: Arc<Credentials>,
        /// The verifier's idea of now.
        clock: Clock,
    },
}

/// Where the signature checks take the current time from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Clock {
    /// The system clock.
    #[default]
    System,
    /// A fixed time, for checking recorded requests whose timestamps lie in the past.
    Fixed(SystemTime),
}

impl Clock {
    /// The current time.
    pub fn now(self) -> SystemTime {
        match self {
            Clock::System => SystemTime::now(),
            Clock::Fixed(time) => time,
        }
    }
}

/// Whether the request carries the credentials the vendor requires and, in verify mode,
/// whether they are genuine.
pub fn authenticate(
    service: Service,
    parts: &Parts,
    body: &[u8],
    auth: &Auth,
) -> Result<(), Failure> {
    require_credentials(service, &parts.headers)?;
    let Auth::Verify { credentials, clock } = auth else {
        return Ok(());
    };
    let request = SignedRequest {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query().unwrap_or(""),
        headers: &parts.headers,
        body,
    };
    let now = clock.now();
    let verified = match service {
        Service::HuaweiWorkspace | Service::HuaweiCodeartsRepo => {
            let signed = text(&parts.headers, header::AUTHORIZATION.as_str())
                .is_some_and(huawei::is_signature);
            if signed {
                huawei::verify(&request, &credentials.huawei, now)
            } else {
                huawei_token(&parts.headers, credentials)
            }
        }
        Service::TencentCwp => {
            tencent::verify(&request, tencent_cwp::SERVICE, &credentials.tencent, now)
        }
        Service::EnosAppPortal => enos::verify(&request, &credentials.enos, now),
    };
    match verified {
        Ok(v) => {
            tracing::debug!(service = service.name(), key = ?v.key_id, "credentials verified");
            Ok(())
        }
        Err(rejection) => {
            tracing::info!(service = service.name(), %rejection, "credentials refused");
            Err(Failure::Rejected(rejection))
        }
    }
}

/// A Huawei request with a token and no signature: IAM tokens are sealed by Huawei, so only
/// the tokens the credentials file lists are accepted.
fn huawei_token(
    headers: &HeaderMap,
    credentials: &Credentials,
) -> Result<vendor_signatures::Verified, Rejection> {
    let token = text(headers, "x-auth-token").unwrap_or("");
    if credentials.huawei_tokens.iter().any(|t| t == token) {
        Ok(vendor_signatures::Verified { key_id: None })
    } else {
        Err(Rejection::UnknownKey(
            "The X-Auth-Token is not accepted: IAM tokens cannot be checked offline, so this \
             server accepts only the tokens its credentials file lists (huawei_tokens); sign \
             the request with AK/SK instead."
                .into(),
        ))
    }
}

fn text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// Whether the request carries the credentials the vendor requires, in the vendor's form.
fn require_credentials(service: Service, headers: &HeaderMap) -> Result<(), Failure> {
    let text = |name: &str| text(headers, name);
    let present = |name: &str| text(name).is_some_and(|v| !v.is_empty());
    match service {
        Service::HuaweiWorkspace | Service::HuaweiCodeartsRepo => {
            let signed = text(header::AUTHORIZATION.as_str())
                .is_some_and(|v| v.starts_with("SDK-HMAC-SHA256 "));
            if signed || present("x-auth-token") {
                Ok(())
            } else if present(header::AUTHORIZATION.as_str()) {
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
        Service::TencentCwp => match text(header::AUTHORIZATION.as_str()) {
            Some(v) if v.starts_with("TC3-HMAC-SHA256 ") => Ok(()),
            Some(v) if !v.is_empty() => Err(Failure::Unauthenticated(
                "The Authorization header is not a TC3-HMAC-SHA256 signature.".into(),
            )),
            _ => Err(Failure::Unauthenticated(
                "The Authorization header is missing; sign the request with TC3-HMAC-SHA256."
                    .into(),
            )),
        },
        Service::EnosAppPortal => {
            if present("apim-accesstoken") {
                Ok(())
            } else {
                Err(Failure::Unauthenticated(
                    "The application could not be identified: the apim-accesstoken header is missing."
                        .into(),
                ))
            }
        }
    }
}

/// Checks the request's form before its parameters: the content type of bodies.
pub fn check_form(service: Service, headers: &HeaderMap, has_body: bool) -> Result<(), Failure> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
    match (service, content_type.as_deref()) {
        (
            Service::TencentCwp,
            Some("application/x-www-form-urlencoded" | "multipart/form-data"),
        ) => Err(Failure::Unsupported(
            "This stub serves ExportAssetUserList as a TC3-HMAC-SHA256 signed POST with a JSON \
                 body (Content-Type: application/json); form-encoded and legacy-signature requests \
                 are not served."
                .into(),
        )),
        // Bodiless operations: the Huawei SDKs send `Content-Type: application/json` on GET.
        (_, _) if !has_body => Ok(()),
        (_, None | Some("application/json")) => Ok(()),
        (_, Some(other)) => Err(Failure::BadRequest(format!(
            "The request body must be JSON (Content-Type: application/json), not {other}."
        ))),
    }
}

/// Whether header problems are reported before missing credentials. Tencent looks the action
/// and version up before it checks the signature; the Huawei and EnOS gateways authenticate
/// first.
pub fn headers_before_auth(service: Service) -> bool {
    service == Service::TencentCwp
}
