//! The test harness: one shared application, request builders with each vendor's credentials,
//! and answers decoded for assertions.

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use stub_server::{AppState, router};
use tower::ServiceExt;
use vendor_api::Service;

/// The application over the default dataset, built once per test binary.
pub fn app() -> Router {
    static STATE: OnceLock<Arc<AppState>> = OnceLock::new();
    let state = STATE.get_or_init(|| {
        let dataset = stub_data::Dataset::generate(stub_data::DEFAULT_SEED);
        Arc::new(AppState::new(dataset).expect("the documents compile"))
    });
    router(Arc::clone(state))
}

/// A decoded answer.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl Answer {
    /// The body as JSON; panics with the body text when it is not JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {:?} (status {})",
                String::from_utf8_lossy(&self.bytes),
                self.status
            )
        })
    }

    /// The Content-Type header, or "".
    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// Sends one request through the application.
pub async fn send(request: Request<Body>) -> Answer {
    let response = app()
        .oneshot(request)
        .await
        .expect("the router never errors");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("bodies are readable")
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        bytes,
    }
}

/// A request builder with the credentials each vendor requires already set: an
/// `X-Auth-Token` for Huawei, a TC3 `Authorization` and the common headers for Tencent, an
/// `apim-accesstoken` for EnOS.
pub fn request(service: Service, method: Method, uri: &str) -> axum::http::request::Builder {
    let builder = Request::builder().method(method).uri(uri);
    match service {
        Service::HuaweiWorkspace | Service::HuaweiCodeartsRepo => {
            builder.header("X-Auth-Token", "MIIfake-token-value")
        }
        Service::TencentCwp => builder
            .header("Content-Type", "application/json")
            .header("X-TC-Action", "ExportAssetUserList")
            .header("X-TC-Version", "2018-02-28")
            .header("X-TC-Timestamp", "1700000000")
            .header(
                "Authorization",
                "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2023-11-14/cwp/tc3_request, \
                 SignedHeaders=content-type;host, Signature=00",
            ),
        Service::EnosAppPortal => builder
            .header("Content-Type", "application/json;charset=utf-8")
            .header("apim-accesstoken", "fake-access-token"),
    }
}

/// Sends a request built by [`request`] with an optional JSON body.
pub async fn call(service: Service, method: Method, uri: &str, body: Option<&Value>) -> Answer {
    let body = body
        .map(|b| Body::from(b.to_string()))
        .unwrap_or_else(Body::empty);
    send(
        request(service, method, uri)
            .body(body)
            .expect("valid request"),
    )
    .await
}

/// Asserts that an answer is a failure in the vendor's envelope and returns its code: the
/// Huawei `error_code` (with a 4xx/5xx status and `X-Request-Id`), the Tencent
/// `Response.Error.Code` (with HTTP 200 and exactly `application/json`), or the EnOS `code`
/// (with HTTP 200 and null data).
pub fn error_code(service: Service, answer: &Answer) -> String {
    let body = answer.json();
    match service {
        Service::HuaweiWorkspace | Service::HuaweiCodeartsRepo => {
            assert!(
                answer.status.is_client_error() || answer.status.is_server_error(),
                "Huawei errors use 4xx/5xx, got {}: {body}",
                answer.status
            );
            assert!(
                answer.headers.contains_key("x-request-id"),
                "no X-Request-Id: {body}"
            );
            assert!(
                body["error_msg"].as_str().is_some_and(|m| !m.is_empty()),
                "{body}"
            );
            body["error_code"]
                .as_str()
                .expect("error_code is a string")
                .to_owned()
        }
        Service::TencentCwp => {
            assert_eq!(answer.status, StatusCode::OK, "{body}");
            assert_eq!(answer.content_type(), "application/json", "{body}");
            let error = &body["Response"]["Error"];
            assert!(
                body["Response"]["RequestId"]
                    .as_str()
                    .is_some_and(|r| !r.is_empty()),
                "{body}"
            );
            assert!(
                error["Message"].as_str().is_some_and(|m| !m.is_empty()),
                "{body}"
            );
            error["Code"]
                .as_str()
                .unwrap_or_else(|| panic!("not an error: {body}"))
                .to_owned()
        }
        Service::EnosAppPortal => {
            assert_eq!(answer.status, StatusCode::OK, "{body}");
            assert!(body["data"].is_null(), "{body}");
            assert!(
                body["message"].as_str().is_some_and(|m| !m.is_empty()),
                "{body}"
            );
            let code = body["code"].as_i64().expect("code is an integer");
            assert_ne!(code, 0, "not an error: {body}");
            code.to_string()
        }
    }
}
