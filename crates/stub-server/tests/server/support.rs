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
use vendor_api::document::StubDocument;
use vendor_api::walk;

pub mod baseline;

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

/// An application of its own, over the default dataset, with these settings (a manual
/// clock, another task delay); unlike [`app`], nothing is shared with other tests.
pub fn app_with(config: stub_server::Config) -> Router {
    let dataset = stub_data::Dataset::generate(stub_data::DEFAULT_SEED);
    router(Arc::new(
        AppState::with_config(dataset, config).expect("the documents compile"),
    ))
}

/// Sends one request through the application.
pub async fn send(request: Request<Body>) -> Answer {
    send_to(app(), request).await
}

/// Sends one request through `app`.
pub async fn send_to(app: Router, request: Request<Body>) -> Answer {
    let response = app.oneshot(request).await.expect("the router never errors");
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

/// The path requests for a documented path go to: without its `#fragment` (Tencent's
/// `/#ExportTasks` is sent to `/`; `http::Uri` refuses a fragment anyway).
pub fn route(path: &str) -> &str {
    path.split('#').next().unwrap_or(path)
}

/// A request builder for one operation: [`request`] with, for a Tencent action, that action in
/// `X-TC-Action` instead of `ExportAssetUserList`, and the path's fragment dropped.
pub fn request_for(operation_id: &str, uri: &str) -> axum::http::request::Builder {
    let (service, method, path, _) = operation(operation_id);
    let mut builder = request(service, method, route(uri));
    if service == Service::TencentCwp && path.starts_with('/') && route(&path) == "/" {
        let action = axum::http::HeaderValue::from_str(operation_id).expect("an ASCII name");
        if let Some(headers) = builder.headers_mut() {
            headers.insert("x-tc-action", action);
        }
    }
    builder
}

/// Sends a request built by [`request_for`] with an optional JSON body.
pub async fn call_for(operation_id: &str, uri: &str, body: Option<&Value>) -> Answer {
    let body = body
        .map(|b| Body::from(b.to_string()))
        .unwrap_or_else(Body::empty);
    send(
        request_for(operation_id, uri)
            .body(body)
            .expect("valid request"),
    )
    .await
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
            assert!(filled(&body["error_msg"]), "{body}");
            body["error_code"]
                .as_str()
                .expect("error_code is a string")
                .to_owned()
        }
        Service::TencentCwp => {
            assert_eq!(answer.status, StatusCode::OK, "{body}");
            assert_eq!(answer.content_type(), "application/json", "{body}");
            let error = &body["Response"]["Error"];
            assert!(filled(&body["Response"]["RequestId"]), "{body}");
            assert!(filled(&error["Message"]), "{body}");
            error["Code"]
                .as_str()
                .unwrap_or_else(|| panic!("not an error: {body}"))
                .to_owned()
        }
        Service::EnosAppPortal => {
            assert_eq!(answer.status, StatusCode::OK, "{body}");
            assert!(body["data"].is_null(), "{body}");
            assert!(filled(&body["message"]), "{body}");
            let code = body["code"].as_i64().expect("code is an integer");
            assert_ne!(code, 0, "not an error: {body}");
            code.to_string()
        }
    }
}

/// Whether a value is a non-empty string (an envelope's message or request id).
pub fn filled(value: &Value) -> bool {
    value.as_str().is_some_and(|text| !text.is_empty())
}

/// The dataset the application serves, generated again for assertions about the data.
pub fn dataset() -> &'static stub_data::Dataset {
    static DATASET: OnceLock<stub_data::Dataset> = OnceLock::new();
    DATASET.get_or_init(|| stub_data::Dataset::generate(stub_data::DEFAULT_SEED))
}

/// Compiles a schema that sits inside `document`, as the stub compiles its own: the
/// document's `components` ride along under the root so that `#/components/...` references
/// resolve, and formats (dates, date-times) are asserted.
pub fn schema_validator(document: &Value, schema: &Value) -> jsonschema::Validator {
    let components = document
        .get("components")
        .cloned()
        .unwrap_or_else(|| serde_json::json!({}));
    let root = serde_json::json!({"allOf": [schema], "components": components});
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|e| panic!("the schema does not compile ({e}): {schema}"))
}

/// Every error of `instance` against `validator`, one per line; empty when it is valid.
pub fn schema_errors(validator: &jsonschema::Validator, instance: &Value) -> String {
    validator
        .iter_errors(instance)
        .map(|e| format!("at `{}`: {e}", e.instance_path()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every document the stub serves, the vendors' and the stub's own, each with the vendor whose
/// envelope its operations answer in; built once per test binary.
pub fn documents() -> &'static [(Service, Value)] {
    static DOCUMENTS: OnceLock<Vec<(Service, Value)>> = OnceLock::new();
    DOCUMENTS.get_or_init(|| {
        let stub = StubDocument::ALL
            .into_iter()
            .map(|d| (d.service(), d.document()));
        Service::ALL
            .into_iter()
            .map(|s| (s, s.document()))
            .chain(stub)
            .collect()
    })
}

/// An operation of [`documents`]: its vendor, its document and where it sits in it.
pub type Located = (Service, &'static Value, walk::Operation<'static>);

/// Every operation of [`documents`], in document order.
pub fn operations() -> Vec<Located> {
    documents()
        .iter()
        .flat_map(|(service, doc)| {
            walk::operations(doc)
                .into_iter()
                .map(move |op| (*service, doc, op))
        })
        .collect()
}

/// The operation with this id; panics when no document has it.
pub fn find(operation_id: &str) -> Located {
    operations()
        .into_iter()
        .find(|(_, _, op)| op.id == operation_id)
        .unwrap_or_else(|| panic!("no document has the operation {operation_id}"))
}

/// The document's operation with this id: its service, method, path template and the
/// operation object.
pub fn operation(operation_id: &str) -> (Service, Method, String, Value) {
    let (service, _, op) = find(operation_id);
    let method = op.method.to_uppercase().parse().expect("a method");
    (service, method, op.path.to_owned(), op.object.clone())
}

/// [`error_code`] without panicking: the envelope problem as the error.
pub fn try_error_code(service: Service, answer: &Answer) -> Result<String, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| error_code(service, answer))).map_err(
        |panic| {
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "not the vendor's error envelope".to_owned())
        },
    )
}

/// Records a suite's per-operation results in `target/coverage/<suite>.json` at the workspace
/// root, where `cargo xtask test` builds the README's coverage table from them.
pub fn record_coverage(suite: &str, outcomes: &[(String, bool, u64)]) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("target/coverage");
    std::fs::create_dir_all(&dir).expect("target/coverage can be created");
    let mut operations = serde_json::Map::new();
    for (id, passed, cases) in outcomes {
        let entry = operations
            .entry(id.clone())
            .or_insert_with(|| serde_json::json!({"passed": true, "cases": 0}));
        entry["passed"] = Value::Bool(entry["passed"].as_bool().unwrap_or(false) && *passed);
        entry["cases"] = Value::from(entry["cases"].as_u64().unwrap_or(0) + cases);
    }
    let body = serde_json::json!({"suite": suite, "operations": operations});
    std::fs::write(dir.join(format!("{suite}.json")), body.to_string())
        .expect("the coverage file can be written");
}

// ---- helpers for hostile.rs and signatures.rs: a stub on a real socket, raw HTTP exchanges
// with it, and every answer bounded in time.

/// How long any one exchange in these tests may take before it counts as a hang.
pub const HANG: std::time::Duration = std::time::Duration::from_secs(20);

/// Sends one request through `app`, failing the test when no answer comes within [`HANG`].
pub async fn send_bounded(app: Router, request: Request<Body>) -> Answer {
    tokio::time::timeout(HANG, send_to(app, request))
        .await
        .expect("the stub answered in time")
}

/// A stub served by `stub_server::serve` on a free loopback port, stopped when dropped.
#[derive(Debug)]
pub struct LiveServer {
    /// Where it listens.
    pub addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl LiveServer {
    /// Starts a stub with these settings on 127.0.0.1, port 0.
    pub async fn start(config: stub_server::Config) -> LiveServer {
        let limits = config.limits.clone();
        let app = app_with(config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let addr = listener.local_addr().expect("a local address");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let shutdown = async {
                let _ = stopped.await;
            };
            stub_server::serve(listener, app, &limits, shutdown)
                .await
                .expect("the stub serves");
        });
        LiveServer {
            addr,
            stop: Some(stop),
        }
    }
}

impl Drop for LiveServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// What came back on a raw connection.
#[derive(Debug)]
pub struct RawExchange {
    /// Every byte the server sent.
    pub bytes: Vec<u8>,
    /// Whether the server closed the connection (rather than the time running out).
    pub closed: bool,
    /// How long until the server closed it, or the time ran out.
    pub elapsed: std::time::Duration,
}

impl RawExchange {
    /// The first HTTP response in the bytes, if there is a whole one.
    pub fn answer(&self) -> Option<Answer> {
        parse_response(&self.bytes)
    }
}

/// Opens a connection, writes each chunk after its pause, then reads until the server closes
/// the connection or `limit` has passed since the connection opened. The server may close
/// while chunks are still being written; the rest are then not sent.
pub async fn raw_exchange(
    addr: std::net::SocketAddr,
    chunks: Vec<(std::time::Duration, Vec<u8>)>,
    limit: std::time::Duration,
) -> RawExchange {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let started = std::time::Instant::now();
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("the stub accepts");
    let (mut reader, mut writer) = stream.into_split();
    let write = tokio::spawn(async move {
        for (pause, bytes) in chunks {
            tokio::time::sleep(pause).await;
            if writer.write_all(&bytes).await.is_err() {
                return;
            }
        }
        // Keep the write half open: a half-close would look like a finished request.
        std::future::pending::<()>().await;
    });
    let mut bytes = Vec::new();
    let mut buffer = [0u8; 8192];
    let closed = loop {
        let remaining = limit.saturating_sub(started.elapsed());
        match tokio::time::timeout(remaining, reader.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break true,
            Ok(Ok(n)) => bytes.extend_from_slice(&buffer[..n]),
            Err(_) => break false,
        }
    };
    write.abort();
    RawExchange {
        bytes,
        closed,
        elapsed: started.elapsed(),
    }
}

/// Reads the first HTTP/1.1 response (status line, headers, a Content-Length body) out of
/// raw bytes.
pub fn parse_response(bytes: &[u8]) -> Option<Answer> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let mut headers = HeaderMap::new();
    for line in lines {
        let (name, value) = line.split_once(':')?;
        headers.append(
            axum::http::HeaderName::from_bytes(name.trim().as_bytes()).ok()?,
            axum::http::HeaderValue::from_str(value.trim()).ok()?,
        );
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let body = bytes.get(end + 4..end + 4 + length)?.to_vec();
    Some(Answer {
        status: StatusCode::from_u16(status).ok()?,
        headers,
        bytes: body,
    })
}
