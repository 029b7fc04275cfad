//! Whether an answer is a documented client error of the vendor, in its envelope.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use serde_json::Value;
use vendor_api::Service;

use crate::support::Answer;

/// The statuses README.md and DECISIONS.md document for a Huawei operation's client errors:
/// those of its document, the gateway's (401, 404 unknown path, 405, 413, 414, 431).
pub fn huawei_statuses(declared: &Value) -> BTreeSet<u16> {
    let mut statuses: BTreeSet<u16> = declared["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, _)| k.parse().ok())
        .filter(|s| (400..500).contains(s))
        .collect();
    statuses.extend([400, 401, 404, 405, 413, 414, 431]);
    statuses
}

/// The Tencent codes README.md lists for failures a client causes.
pub const TENCENT_CLIENT_CODES: &[&str] = &[
    "MissingParameter",
    "UnknownParameter",
    "InvalidParameter",
    "InvalidParameterValue",
    "InvalidParameter.DateRange",
    "InvalidAction",
    "NoSuchVersion",
    "AuthFailure.InvalidAuthorization",
    "UnsupportedOperation",
    "ResourceNotFound",
    "RequestSizeLimitExceeded",
];

/// The EnOS codes README.md lists for failures a client causes.
pub const ENOS_CLIENT_CODES: &[i64] = &[31400, 31404, 31413];

/// Whether `answer` is a documented client error of `service` in its envelope; the reason
/// when it is not.
pub fn check_client_error(
    service: Service,
    declared: &Value,
    answer: &Answer,
) -> Result<(), String> {
    let body: Value = serde_json::from_slice(&answer.bytes).map_err(|_| {
        format!(
            "status {}, body is not JSON: {:?}",
            answer.status,
            String::from_utf8_lossy(&answer.bytes[..answer.bytes.len().min(200)])
        )
    })?;
    let content_type = answer.content_type();
    if !content_type.starts_with("application/json") {
        return Err(format!("content type {content_type:?}: {body}"));
    }
    match service {
        Service::HuaweiWorkspace | Service::HuaweiCodeartsRepo => {
            let statuses = huawei_statuses(declared);
            if !statuses.contains(&answer.status.as_u16()) {
                return Err(format!(
                    "status {} not in {statuses:?}: {body}",
                    answer.status
                ));
            }
            if !answer.headers.contains_key("x-request-id") {
                return Err(format!("no X-Request-Id: {body}"));
            }
            let code = body["error_code"].as_str().unwrap_or("");
            let prefixes: &[&str] = if service == Service::HuaweiWorkspace {
                &["WKS.", "APIGW."]
            } else {
                &["CH.", "DEV.", "APIGW."]
            };
            if !prefixes.iter().any(|p| code.starts_with(p)) {
                return Err(format!("error_code {code:?} is not the vendor's: {body}"));
            }
            if body["error_msg"].as_str().is_none_or(str::is_empty) {
                return Err(format!("no error_msg: {body}"));
            }
        }
        Service::TencentCwp => {
            // HTTP 200 as Tencent answers, or a client error the operation's document lists
            // (the stub's download URL answers 404 as object storage would).
            let listed = declared["responses"].get(answer.status.as_str()).is_some();
            let status_ok =
                answer.status == StatusCode::OK || (answer.status.is_client_error() && listed);
            if !status_ok || content_type != "application/json" {
                return Err(format!(
                    "status {}, {content_type:?}: {body}",
                    answer.status
                ));
            }
            let code = body["Response"]["Error"]["Code"].as_str().unwrap_or("");
            if !TENCENT_CLIENT_CODES.contains(&code) {
                return Err(format!(
                    "code {code:?} is not a documented client error: {body}"
                ));
            }
            if body["Response"]["RequestId"]
                .as_str()
                .is_none_or(str::is_empty)
                || body["Response"]["Error"]["Message"]
                    .as_str()
                    .is_none_or(str::is_empty)
            {
                return Err(format!("incomplete envelope: {body}"));
            }
        }
        Service::EnosAppPortal => {
            if answer.status != StatusCode::OK {
                return Err(format!("status {}: {body}", answer.status));
            }
            let code = body["code"].as_i64().unwrap_or(0);
            if !ENOS_CLIENT_CODES.contains(&code)
                || !body["data"].is_null()
                || body["message"].as_str().is_none_or(str::is_empty)
            {
                return Err(format!("not a documented client error: {body}"));
            }
        }
    }
    Ok(())
}
