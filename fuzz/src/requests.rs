//! Fuzzes the stub's whole request handling in process: a well-formed request for one of the
//! served operations (credentials, required headers, a body where one is taken), changed by a
//! list of fuzzer-chosen edits (path parameters, raw paths and queries, header values of any
//! bytes, bodies of any bytes or of any JSON), sent through the router of a default stub or
//! of one that verifies signatures. Every answer must be in an envelope: no 5xx (unless the
//! request asked for one with `Prefer: code=`), no body that is not JSON on a failure, and no
//! panic.

use std::sync::OnceLock;
use std::time::{Duration, UNIX_EPOCH};

use arbitrary::Arbitrary;
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Method, Request};
use http_body_util::BodyExt;
use stub_server::contract::{Contracts, Location};
use stub_server::vendor::{Auth, Clock};
use stub_server::{AppState, Config, router};
use tower::ServiceExt;

/// Header names the edits pick from by index; others come as raw strings.
const NAMES: &[&str] = &[
    "authorization",
    "x-auth-token",
    "x-sdk-date",
    "content-type",
    "x-project-id",
    "x-tc-action",
    "x-tc-version",
    "x-tc-timestamp",
    "x-tc-language",
    "x-tc-region",
    "x-tc-content-sha256",
    "apim-accesstoken",
    "apim-signature",
    "apim-timestamp",
    "content-length",
    "prefer",
    "host",
];

const METHODS: &[&str] = &[
    "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE",
];

#[derive(Debug, Arbitrary)]
enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Big(u64),
    Float(f64),
    Text(String),
    List(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn value(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Int(i) => Value::from(*i),
            Json::Big(u) => Value::from(*u),
            Json::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Json::Text(s) => Value::String(s.clone()),
            Json::List(items) => Value::Array(items.iter().map(Json::value).collect()),
            Json::Object(fields) => {
                Value::Object(fields.iter().map(|(k, v)| (k.clone(), v.value())).collect())
            }
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Edit {
    Method(u8),
    RawMethod(String),
    PathParameter(u8, String),
    RawPath(String),
    Query(String),
    QueryPair(String, String),
    Header(u8, Vec<u8>),
    NamedHeader(String, Vec<u8>),
    RemoveHeader(u8),
    Body(Vec<u8>),
    JsonBody(Json),
    JsonField(String, Json),
}

/// What the fuzzer chooses.
#[derive(Debug, Arbitrary)]
pub struct Input {
    operation: u8,
    verify: bool,
    edits: Vec<Edit>,
}

/// A request under construction.
struct Draft {
    method: String,
    route: String,
    parameters: Vec<(String, String)>,
    raw_path: Option<String>,
    query: String,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
}

struct Fixture {
    runtime: tokio::runtime::Runtime,
    presence: Router,
    verifying: Router,
    contracts: Contracts,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dataset = stub_data::Dataset::generate(stub_data::DEFAULT_SEED);
        let presence = router(std::sync::Arc::new(
            AppState::with_config(dataset.clone(), Config::default()).expect("documents"),
        ));
        let credentials = vendor_signatures::Credentials::from_json(
            r#"{"huawei": {"AK": "SK"}, "tencent": {"AKID": "KEY"}, "enos": {"app": "secret"}}"#,
        )
        .expect("credentials");
        let config = Config {
            auth: Auth::Verify {
                credentials: std::sync::Arc::new(credentials),
                clock: Clock::Fixed(UNIX_EPOCH + Duration::from_secs(1_700_000_000)),
            },
            ..Config::default()
        };
        let verifying = router(std::sync::Arc::new(
            AppState::with_config(dataset, config).expect("documents"),
        ));
        Fixture {
            runtime: tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .build()
                .expect("a runtime"),
            presence,
            verifying,
            contracts: Contracts::load().expect("documents"),
        }
    })
}

/// The well-formed starting point for operation `index`.
fn draft(contracts: &Contracts, index: usize) -> Draft {
    let op = &contracts.operations[index];
    let mut headers: Vec<(String, Vec<u8>)> = match op.service {
        vendor_api::Service::HuaweiWorkspace | vendor_api::Service::HuaweiCodeartsRepo => {
            vec![("x-auth-token".into(), b"token".to_vec())]
        }
        vendor_api::Service::TencentCwp => vec![(
            "authorization".into(),
            b"TC3-HMAC-SHA256 Credential=AKID/2023-11-14/cwp/tc3_request, SignedHeaders=content-type;host, Signature=00".to_vec(),
        )],
        vendor_api::Service::EnosAppPortal => vec![("apim-accesstoken".into(), b"token".to_vec())],
    };
    let mut query = String::new();
    for p in op.parameters.iter().filter(|p| p.required) {
        let value = match p.allowed.as_deref() {
            Some([first, ..]) => first.as_str().unwrap_or("1").to_owned(),
            _ => "1700000000".to_owned(),
        };
        match p.location {
            Location::Header => headers.push((p.name.to_ascii_lowercase(), value.into_bytes())),
            Location::Query => {
                if !query.is_empty() {
                    query.push('&');
                }
                query.push_str(&format!("{}={value}", p.name));
            }
            _ => {}
        }
    }
    let parameters = op
        .parameters
        .iter()
        .filter(|p| p.location == Location::Path)
        .map(|p| (p.name.clone(), "1".to_owned()))
        .collect();
    let body = if op.body.is_some() {
        headers.push(("content-type".into(), b"application/json".to_vec()));
        b"{}".to_vec()
    } else {
        Vec::new()
    };
    Draft {
        method: op.method.as_str().to_owned(),
        route: op.route.clone(),
        parameters,
        raw_path: None,
        query,
        headers,
        body,
    }
}

fn apply(draft: &mut Draft, edit: &Edit) {
    let set_header = |draft: &mut Draft, name: String, value: Vec<u8>| {
        draft.headers.retain(|(n, _)| *n != name);
        draft.headers.push((name, value));
    };
    match edit {
        Edit::Method(i) => draft.method = METHODS[usize::from(*i) % METHODS.len()].to_owned(),
        Edit::RawMethod(m) => draft.method = m.clone(),
        Edit::PathParameter(i, value) => {
            if !draft.parameters.is_empty() {
                let n = usize::from(*i) % draft.parameters.len();
                draft.parameters[n].1 = value.clone();
            }
        }
        Edit::RawPath(path) => draft.raw_path = Some(path.clone()),
        Edit::Query(query) => draft.query = query.clone(),
        Edit::QueryPair(k, v) => {
            if !draft.query.is_empty() {
                draft.query.push('&');
            }
            draft.query.push_str(&format!("{k}={v}"));
        }
        Edit::Header(i, value) => {
            let name = NAMES[usize::from(*i) % NAMES.len()].to_owned();
            set_header(draft, name, value.clone());
        }
        Edit::NamedHeader(name, value) => {
            set_header(draft, name.to_ascii_lowercase(), value.clone())
        }
        Edit::RemoveHeader(i) => {
            if !draft.headers.is_empty() {
                let n = usize::from(*i) % draft.headers.len();
                draft.headers.remove(n);
            }
        }
        Edit::Body(bytes) => draft.body = bytes.clone(),
        Edit::JsonBody(json) => draft.body = json.value().to_string().into_bytes(),
        Edit::JsonField(name, json) => {
            let mut body: serde_json::Value =
                serde_json::from_slice(&draft.body).unwrap_or_else(|_| serde_json::json!({}));
            if let Some(object) = body.as_object_mut() {
                object.insert(name.clone(), json.value());
            }
            draft.body = body.to_string().into_bytes();
        }
    }
}

/// The request, or `None` when the draft is not sendable HTTP (then there is nothing to test).
fn build(draft: &Draft) -> Option<Request<Body>> {
    let path = match &draft.raw_path {
        Some(path) => path.clone(),
        None => {
            let mut path = draft.route.clone();
            for (name, value) in &draft.parameters {
                path = path.replace(&format!("{{{name}}}"), value);
            }
            path
        }
    };
    let uri = if draft.query.is_empty() {
        path
    } else {
        format!("{path}?{}", draft.query)
    };
    let mut builder = Request::builder()
        .method(Method::from_bytes(draft.method.as_bytes()).ok()?)
        .uri(uri);
    for (name, value) in &draft.headers {
        // A delay would only make the fuzzer slow.
        if name == "prefer" && value.to_ascii_lowercase().windows(5).any(|w| w == b"delay") {
            continue;
        }
        builder = builder.header(
            HeaderName::from_bytes(name.as_bytes()).ok()?,
            HeaderValue::from_bytes(value).ok()?,
        );
    }
    builder.body(Body::from(draft.body.clone())).ok()
}

/// Runs one input; panics when the code under test misbehaves.
pub fn check(input: &Input) {
    let fixture = fixture();
    let operations = fixture.contracts.operations.len();
    let mut draft = draft(
        &fixture.contracts,
        usize::from(input.operation) % operations,
    );
    for edit in input.edits.iter().take(16) {
        apply(&mut draft, edit);
    }
    let Some(request) = build(&draft) else { return };
    let is_head = request.method() == Method::HEAD;
    // A client may ask for a 5xx; nothing else may cause one.
    let asked_for_a_failure = request.headers().contains_key("prefer");
    let path = request.uri().path().to_owned();
    let app = if input.verify {
        &fixture.verifying
    } else {
        &fixture.presence
    };
    let (status, content_type, body) = fixture.runtime.block_on(async {
        let response = app
            .clone()
            .oneshot(request)
            .await
            .expect("the router never errors");
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("a body")
            .to_bytes();
        (status, content_type, body)
    });
    // Swagger UI's pages are not vendor answers.
    if path.starts_with("/swagger-ui") {
        return;
    }
    assert!(
        status.as_u16() < 500 || asked_for_a_failure,
        "{status} for {draft_method} {path}: {}",
        String::from_utf8_lossy(&body),
        draft_method = draft.method
    );
    if !status.is_success() || content_type.starts_with("application/json") {
        assert!(
            content_type.starts_with("application/json"),
            "{status} with {content_type:?}"
        );
        if !is_head {
            serde_json::from_slice::<serde_json::Value>(&body).unwrap_or_else(|e| {
                panic!(
                    "{status}: not JSON ({e}): {:?}",
                    String::from_utf8_lossy(&body)
                )
            });
        }
    }
}
