//! What each vendor checks before an operation runs: that credentials are present, and the
//! request forms it serves. (Verifying the signatures themselves is not done here.)

use axum::http::{HeaderMap, header};
use vendor_api::Service;

use crate::failure::Failure;

/// Whether the request carries the credentials the vendor requires.
pub fn authenticate(service: Service, headers: &HeaderMap) -> Result<(), Failure> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
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
