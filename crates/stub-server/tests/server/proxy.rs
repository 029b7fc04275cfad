//! The validating proxy (`--upstream`, issue 16) against fake vendors on loopback ports: the
//! fake vendor checks the proxy's signatures with the upstream keys using the project's own
//! verifiers and answers conforming and drifting bodies, an undocumented status, or nothing
//! at all; the client's answer must be the fake vendor's, byte for byte, the drift log must
//! name the differences and hold no secret, and requests the documents refuse never leave.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use stub_server::Config;
use stub_server::upstream::{Base, Settings, Upstreams};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use vendor_api::Service;
use vendor_signatures::{Credentials, SignedRequest, huawei, tencent};

use crate::support::baseline::baseline;
use crate::support::{Answer, app_with, send_to};

// The upstream's keys: different from anything a client sends, so that a forwarded request
// the fake vendor accepts was signed by the proxy.
const UPSTREAM_AK: &str = "UPSTREAMAK0000000000";
const UPSTREAM_SK: &str = "UpstreamSecretKeyNeverLogged000000000000";
const UPSTREAM_ID: &str = "AKIDUPSTREAMUPSTREAMUPSTREAMUPSTREAM";
const UPSTREAM_KEY: &str = "UpstreamTencentKeyNeverLogged000";
/// A token the fake vendor answers back inside a drifting body, which the log must not show.
const LEAKED: &str = "LeakedTokenValueNeverLogged";

fn upstream_keys() -> Credentials {
    Credentials {
        huawei: BTreeMap::from([(UPSTREAM_AK.into(), UPSTREAM_SK.into())]),
        tencent: BTreeMap::from([(UPSTREAM_ID.into(), UPSTREAM_KEY.into())]),
        ..Credentials::default()
    }
}

/// One request as the fake vendor received it, and whether its signature held.
#[derive(Debug, Clone)]
struct Seen {
    path_and_query: String,
    headers: HeaderMap,
    body: Bytes,
    /// The key the signature was made with, or why it was refused; `None` when unsigned.
    signature: Option<Result<Option<String>, String>>,
}

/// What the fake vendor answers.
type Answerer = fn(&Seen) -> Response;

#[derive(Clone)]
struct Fake {
    service: Service,
    seen: Arc<Mutex<Vec<Seen>>>,
    answer: Answerer,
}

/// A fake vendor on a loopback port; the requests it received are in `seen`.
struct FakeVendor {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

/// The fake vendor's application and the list its requests go to.
fn fake_app(service: Service, answer: Answerer) -> (Router, Arc<Mutex<Vec<Seen>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let fake = Fake {
        service,
        seen: Arc::clone(&seen),
        answer,
    };
    (Router::new().fallback(receive).with_state(fake), seen)
}

impl FakeVendor {
    async fn start(service: Service, answer: Answerer) -> FakeVendor {
        let (app, seen) = fake_app(service, answer);
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        FakeVendor { url, seen }
    }

    /// The same over TLS, with a certificate for 127.0.0.1 issued by a test CA whose PEM
    /// is written to `ca`.
    async fn start_tls(service: Service, answer: Answerer, ca: &Path) -> FakeVendor {
        let (app, seen) = fake_app(service, answer);
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(server_tls(ca)));
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let url = format!("https://{}", listener.local_addr().expect("an address"));
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let (acceptor, app) = (acceptor.clone(), app.clone());
                tokio::spawn(async move {
                    let Ok(stream) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let service = hyper_util::service::TowerToHyperService::new(app);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        FakeVendor { url, seen }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("not poisoned").clone()
    }
}

/// A test CA (its PEM written to `ca`) and a server certificate it issued for 127.0.0.1.
fn server_tls(ca: &Path) -> rustls::ServerConfig {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
    let ca_key = KeyPair::generate().expect("a CA key");
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_cert = ca_params.self_signed(&ca_key).expect("a CA certificate");
    std::fs::write(ca, ca_cert.pem()).expect("the CA's PEM is written");
    let issuer = Issuer::new(ca_params, ca_key);
    let key = KeyPair::generate().expect("a server key");
    let cert = CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .expect("server parameters")
        .signed_by(&key, &issuer)
        .expect("a server certificate");
    let private = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der());
    rustls::ServerConfig::builder_with_provider(stub_server::upstream::ring_provider())
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(vec![cert.der().clone()], private.into())
        .expect("a server TLS configuration")
}

async fn receive(State(fake): State<Fake>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20).await.expect("a body");
    let signed = SignedRequest {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query().unwrap_or(""),
        headers: &parts.headers,
        body: &body,
    };
    let keys = upstream_keys();
    let now = SystemTime::now();
    let signature = parts.headers.contains_key("authorization").then(|| {
        match fake.service {
            Service::TencentCwp => tencent::verify(&signed, "cwp", &keys.tencent, now),
            _ => huawei::verify(&signed, &keys.huawei, now),
        }
        .map(|v| v.key_id)
        .map_err(|e| e.to_string())
    });
    let seen = Seen {
        path_and_query: parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
        headers: parts.headers.clone(),
        body,
        signature,
    };
    fake.seen.lock().expect("not poisoned").push(seen.clone());
    (fake.answer)(&seen)
}

/// A drift log in a directory of its own, under the target directory's scratch space (which
/// Cargo keeps for integration tests), so that runs leave nothing in the system's /tmp.
fn drift_log(name: &str) -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "stub-proxy-{}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir.join(format!("{name}.jsonl"))
}

/// A stub forwarding `document` to `url`, with the upstream keys (or none) and a drift log.
fn proxy(document: &str, url: &str, keys: Credentials, log: &Path, timeout: u64) -> Router {
    proxy_trusting(document, url, keys, log, timeout, None)
}

/// The same, trusting the PEM roots in `ca` besides the system's.
fn proxy_trusting(
    document: &str,
    url: &str,
    keys: Credentials,
    log: &Path,
    timeout: u64,
    ca: Option<PathBuf>,
) -> Router {
    let base = Base::parse(&format!("{document}={url}")).expect("a valid --upstream");
    relay(Settings {
        bases: vec![base],
        timeout: Duration::from_secs(timeout),
        keys,
        drift_log: Some(log.to_path_buf()),
        ca,
        record: None,
        replay: None,
        forward_invalid: false,
    })
}

/// A stub with these proxy settings.
fn relay(settings: Settings) -> Router {
    let upstreams = Upstreams::new(settings).expect("the upstream settings are valid");
    app_with(Config {
        upstream: Some(Arc::new(upstreams)),
        ..Config::default()
    })
}

/// A fake CodeArts vendor answering with `answer`, a drift log, and a stub forwarding CodeArts
/// to the fake vendor with `keys`.
async fn codearts_proxy(
    answer: Answerer,
    keys: Credentials,
    name: &str,
) -> (FakeVendor, PathBuf, Router) {
    let vendor = FakeVendor::start(Service::HuaweiCodeartsRepo, answer).await;
    let log = drift_log(name);
    let app = proxy("huawei-codearts-repo", &vendor.url, keys, &log, 5);
    (vendor, log, app)
}

/// The drift log's lines.
fn read_log(log: &Path) -> (String, Vec<Value>) {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    (text, lines)
}

fn kinds(lines: &[Value]) -> Vec<&str> {
    lines.iter().filter_map(|l| l["kind"].as_str()).collect()
}

/// A CodeArts membership as the document's example gives it.
fn membership() -> Value {
    json!({
        "id": 345,
        "user_group_id": "2e191c60e5c04aa9a57a27344d4b74d4",
        "name": "team1",
        "project_id": null,
        "tenant_id": "159b65b41ead484d8ddff250a4731781",
        "group_type": null,
        "member_count": 1,
        "created_at": "2025-09-17T19:30:03.275+08:00",
        "updated_at": "2025-09-17T19:30:03.275+08:00",
        "description": null,
    })
}

fn json_answer(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    response
        .headers_mut()
        .insert("x-request-id", HeaderValue::from_static("upstream-req-1"));
    response
        .headers_mut()
        .insert("x-vendor-extra", HeaderValue::from_static("kept"));
    response
}

fn conforming(_: &Seen) -> Response {
    json_answer(StatusCode::OK, &json!([membership()]))
}

fn drifting(_: &Seen) -> Response {
    let mut record = membership();
    record["id"] = json!("one");
    record["access_token"] = json!(LEAKED);
    json_answer(StatusCode::OK, &json!([record]))
}

fn teapot(_: &Seen) -> Response {
    json_answer(
        StatusCode::IM_A_TEAPOT,
        &json!({"error_code": "X", "error_msg": "no"}),
    )
}

fn codearts_request() -> axum::http::Request<Body> {
    baseline("ListGroupUserGroups").request()
}

/// The CodeArts request signed with AK/SK alone (no IAM token), as the SDKs send it.
fn signed_codearts_request() -> axum::http::Request<Body> {
    let mut request = codearts_request();
    request.headers_mut().remove("x-auth-token");
    request
}

/// Sends [`signed_codearts_request`] through `app`; the conforming answer must come back
/// unchanged, and `vendor` must have verified the proxy's signature with the upstream key.
async fn assert_signed_round_trip(app: Router, vendor: &FakeVendor) -> Vec<Seen> {
    let answer = send_to(app, signed_codearts_request()).await;
    assert_same(
        &answer,
        StatusCode::OK,
        json!([membership()]).to_string().as_bytes(),
    );
    let seen = vendor.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].signature,
        Some(Ok(Some(UPSTREAM_AK.to_owned()))),
        "the fake vendor verifies the proxy's signature with the upstream key"
    );
    seen
}

fn assert_same(answer: &Answer, status: StatusCode, body: &[u8]) {
    assert_eq!(answer.status, status);
    assert_eq!(
        answer.bytes,
        body,
        "{}",
        String::from_utf8_lossy(&answer.bytes)
    );
    assert_eq!(answer.headers["x-request-id"], "upstream-req-1");
    assert_eq!(answer.headers["x-vendor-extra"], "kept");
    assert_eq!(answer.content_type(), "application/json;charset=UTF-8");
}

#[tokio::test]
async fn a_signed_huawei_request_is_signed_again_and_the_answer_comes_back_unchanged() {
    let (vendor, log, app) = codearts_proxy(conforming, upstream_keys(), "huawei-conforming").await;
    let sent = signed_codearts_request();
    let client_authorization = sent.headers()["authorization"].clone();
    let seen = assert_signed_round_trip(app, &vendor).await;
    assert_eq!(seen[0].path_and_query, sent.uri().to_string());
    assert_ne!(seen[0].headers["authorization"], client_authorization);
    assert_eq!(
        seen[0].headers["host"],
        vendor.url.trim_start_matches("http://")
    );
    let (text, lines) = read_log(&log);
    assert_eq!(kinds(&lines), ["call"], "{text}");
    assert_eq!(lines[0]["status"], 200);
    assert_eq!(lines[0]["requestId"], "upstream-req-1");
    assert_eq!(lines[0]["operationId"], "ListGroupUserGroups");
}

#[tokio::test]
async fn an_iam_token_passes_through_and_the_clients_authorization_never_leaves() {
    let (vendor, _log, app) =
        codearts_proxy(conforming, Credentials::default(), "huawei-token").await;
    let mut request = codearts_request();
    request.headers_mut().remove("authorization");
    let token = request.headers()["x-auth-token"].clone();
    let answer = send_to(app, request).await;
    assert_eq!(answer.status, StatusCode::OK);
    let seen = vendor.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].headers["x-auth-token"], token);
    assert!(seen[0].signature.is_none(), "{:?}", seen[0].headers);
}

#[tokio::test]
async fn a_signed_request_without_an_upstream_key_is_refused_in_the_envelope() {
    let (vendor, _log, app) =
        codearts_proxy(conforming, Credentials::default(), "huawei-no-key").await;
    let answer = send_to(app, signed_codearts_request()).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    let body = answer.json();
    let message = body["error_msg"].as_str().unwrap_or_default();
    assert!(message.contains("--upstream-credentials"), "{body}");
    assert!(message.contains("`huawei`"), "{body}");
    assert!(answer.headers.contains_key("x-request-id"));
    assert!(vendor.seen().is_empty());
}

#[tokio::test]
async fn a_request_the_documents_refuse_is_answered_here_and_never_forwarded() {
    let (vendor, log, app) = codearts_proxy(conforming, upstream_keys(), "huawei-limit").await;
    let request = baseline("ListGroupUserGroups")
        .with_param("query", "limit", Some(&["101".to_owned()]))
        .request();
    let answer = send_to(app, request).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(
        answer.json()["error_msg"]
            .as_str()
            .unwrap_or_default()
            .contains("limit")
    );
    assert!(vendor.seen().is_empty());
    assert!(read_log(&log).1.is_empty());
}

#[tokio::test]
async fn a_drifting_answer_is_handed_back_unchanged_and_logged_without_secrets() {
    let (_vendor, log, app) = codearts_proxy(drifting, upstream_keys(), "huawei-drift").await;
    let request = codearts_request();
    let client_token = request.headers()["x-auth-token"]
        .to_str()
        .unwrap()
        .to_owned();
    let answer = send_to(app, request).await;

    let mut record = membership();
    record["id"] = json!("one");
    record["access_token"] = json!(LEAKED);
    assert_same(
        &answer,
        StatusCode::OK,
        json!([record]).to_string().as_bytes(),
    );
    let (text, lines) = read_log(&log);
    let found = kinds(&lines);
    assert!(found.contains(&"wrong_type"), "{text}");
    assert!(found.contains(&"unknown_property"), "{text}");
    assert!(
        lines
            .iter()
            .any(|l| l["kind"] == "wrong_type" && l["pointer"] == "/0/id"),
        "{text}"
    );
    for secret in [LEAKED, UPSTREAM_SK, UPSTREAM_KEY, client_token.as_str()] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

#[tokio::test]
async fn an_undocumented_status_is_handed_back_and_logged() {
    let (_vendor, log, app) = codearts_proxy(teapot, upstream_keys(), "huawei-teapot").await;
    let answer = send_to(app, codearts_request()).await;
    assert_same(
        &answer,
        StatusCode::IM_A_TEAPOT,
        json!({"error_code": "X", "error_msg": "no"})
            .to_string()
            .as_bytes(),
    );
    let (text, lines) = read_log(&log);
    assert_eq!(kinds(&lines), ["call", "undocumented_status"], "{text}");
    assert_eq!(lines[1]["actual"], "418");
}

#[tokio::test]
async fn tencent_requests_are_signed_again_for_cwp_and_other_documents_stay_stubbed() {
    fn tencent_answer(_: &Seen) -> Response {
        let body = json!({"Response": {"TaskId": "upstream-task", "RequestId": "tc-req-1"}});
        let mut response = (StatusCode::OK, body.to_string()).into_response();
        response
            .headers_mut()
            .insert("content-type", HeaderValue::from_static("application/json"));
        response
    }
    let vendor = FakeVendor::start(Service::TencentCwp, tencent_answer).await;
    let log = drift_log("tencent");
    let app = proxy("tencent-cwp", &vendor.url, upstream_keys(), &log, 5);
    let answer = send_to(app.clone(), baseline("ExportAssetUserList").request()).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json(),
        json!({"Response": {"TaskId": "upstream-task", "RequestId": "tc-req-1"}})
    );
    let seen = vendor.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].signature,
        Some(Ok(Some(UPSTREAM_ID.to_owned()))),
        "{:?}",
        seen[0].headers
    );
    assert_eq!(seen[0].headers["x-tc-action"], "ExportAssetUserList");
    assert_eq!(
        serde_json::from_slice::<Value>(&seen[0].body).unwrap()["Quuid"],
        baseline("ExportAssetUserList").body.unwrap()["Quuid"]
    );
    let (text, lines) = read_log(&log);
    assert_eq!(lines[0]["requestId"], "tc-req-1", "{text}");

    // The CodeArts document has no upstream: answered from the dataset, nothing forwarded.
    let stubbed = send_to(app, codearts_request()).await;
    assert_eq!(stubbed.status, StatusCode::OK);
    assert_eq!(vendor.seen().len(), 1);
}

/// A port nothing listens on.
async fn dead_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    drop(listener);
    url
}

#[tokio::test]
async fn a_refused_connection_is_answered_in_each_vendors_envelope_and_logged() {
    let url = dead_port().await;
    let log = drift_log("refused");
    let app = proxy("huawei-codearts-repo", &url, upstream_keys(), &log, 5);
    let answer = send_to(app, codearts_request()).await;
    assert_eq!(answer.status, StatusCode::BAD_GATEWAY);
    assert_eq!(
        answer.json()["error_code"],
        vendor_api::codearts::codes::INTERNAL_ERROR
    );

    let log_tencent = drift_log("refused-tencent");
    let app = proxy("tencent-cwp", &url, upstream_keys(), &log_tencent, 5);
    let answer = send_to(app, baseline("ExportAssetUserList").request()).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["Response"]["Error"]["Code"], "InternalError");

    for log in [log, log_tencent] {
        let (text, lines) = read_log(&log);
        assert_eq!(kinds(&lines), ["call", "upstream_refused"], "{text}");
    }
}

#[tokio::test]
async fn a_slow_upstream_times_out_and_a_cut_off_answer_is_a_finding() {
    // A vendor that takes the request and never answers.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let slow_url = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(async move {
        if let Ok((socket, _)) = listener.accept().await {
            tokio::time::sleep(Duration::from_secs(30)).await;
            drop(socket);
        }
    });
    let log = drift_log("slow");
    let app = proxy("huawei-codearts-repo", &slow_url, upstream_keys(), &log, 1);
    let answer = send_to(app, codearts_request()).await;
    assert_eq!(answer.status, StatusCode::GATEWAY_TIMEOUT);
    let (text, lines) = read_log(&log);
    assert_eq!(kinds(&lines), ["call", "upstream_timeout"], "{text}");

    // A vendor that announces 100 bytes, sends 10 and hangs up.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(async move {
        if let Ok((mut socket, _)) = listener.accept().await {
            let mut buffer = [0u8; 8192];
            let _ = tokio::io::AsyncReadExt::read(&mut socket, &mut buffer).await;
            let _ = socket
                .write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                      content-length: 100\r\n\r\n[{\"id\": 1,",
                )
                .await;
            let _ = socket.shutdown().await;
        }
    });
    let log = drift_log("cut-off");
    let app = proxy("huawei-codearts-repo", &url, upstream_keys(), &log, 5);
    let answer = send_to(app, codearts_request()).await;
    assert_eq!(answer.status, StatusCode::BAD_GATEWAY);
    let (text, lines) = read_log(&log);
    assert_eq!(kinds(&lines), ["call", "upstream_cut_off"], "{text}");
}

#[tokio::test]
async fn an_https_upstream_is_reached_with_the_given_ca_and_refused_without_it() {
    let log = drift_log("https");
    let ca = log.with_file_name("ca.pem");
    let vendor = FakeVendor::start_tls(Service::HuaweiCodeartsRepo, conforming, &ca).await;
    let app = proxy_trusting(
        "huawei-codearts-repo",
        &vendor.url,
        upstream_keys(),
        &log,
        5,
        Some(ca.clone()),
    );
    assert_signed_round_trip(app, &vendor).await;
    let (text, lines) = read_log(&log);
    assert_eq!(kinds(&lines), ["call"], "{text}");

    // Without the test CA the certificate is not trusted: nothing is sent.
    let log = drift_log("https-untrusted");
    let app = proxy(
        "huawei-codearts-repo",
        &vendor.url,
        upstream_keys(),
        &log,
        5,
    );
    let answer = send_to(app, codearts_request()).await;
    assert_eq!(answer.status, StatusCode::BAD_GATEWAY);
    assert_eq!(vendor.seen().len(), 1);
    let (text, lines) = read_log(&log);
    assert_eq!(kinds(&lines), ["call", "upstream_tls"], "{text}");
}

#[tokio::test]
async fn recorded_exchanges_are_redacted_and_replayed_offline() {
    let vendor = FakeVendor::start(Service::HuaweiCodeartsRepo, conforming).await;
    let log = drift_log("record");
    let dir = log.with_file_name("recorded");
    let settings = |url: &str, record: Option<PathBuf>, replay: Option<PathBuf>| Settings {
        bases: Base::parse(&format!("huawei-codearts-repo={url}"))
            .into_iter()
            .collect(),
        timeout: Duration::from_secs(5),
        keys: upstream_keys(),
        drift_log: None,
        ca: None,
        record,
        replay,
        forward_invalid: false,
    };
    let recording = relay(settings(&vendor.url, Some(dir.clone()), None));
    let direct = send_to(recording.clone(), codearts_request()).await;
    assert_eq!(direct.status, StatusCode::OK);

    // A drifting vendor's token is redacted in its recording.
    let leaking = FakeVendor::start(Service::HuaweiCodeartsRepo, drifting).await;
    let leaking_dir = log.with_file_name("leaking");
    let app = relay(settings(&leaking.url, Some(leaking_dir.clone()), None));
    let request = baseline("ListGroupUserGroups")
        .with_param("query", "offset", Some(&["1".to_owned()]))
        .request();
    assert_eq!(send_to(app, request).await.status, StatusCode::OK);
    let files: Vec<PathBuf> = std::fs::read_dir(&leaking_dir)
        .expect("the recording directory")
        .map(|e| e.expect("an entry").path())
        .collect();
    assert_eq!(files.len(), 1);
    let recorded = std::fs::read_to_string(&files[0]).expect("a recording");
    for secret in [LEAKED, UPSTREAM_SK, "Signature=", "MIIfake-token-value"] {
        assert!(!recorded.contains(secret), "{secret} in {recorded}");
    }

    // Replay, with no upstream at all: the recorded request gets the vendor's bytes, any
    // other request the dataset's answer.
    let replaying = relay(Settings {
        bases: Vec::new(),
        ..settings(&vendor.url, None, Some(dir))
    });
    let replayed = send_to(replaying.clone(), codearts_request()).await;
    assert_eq!(replayed.status, StatusCode::OK);
    assert_eq!(replayed.bytes, direct.bytes);
    assert_eq!(replayed.headers["x-request-id"], "upstream-req-1");
    assert_eq!(replayed.headers["x-vendor-extra"], "kept");
    let other = baseline("ListGroupUserGroups")
        .with_param("query", "offset", Some(&["1".to_owned()]))
        .request();
    let stubbed = send_to(replaying, other).await;
    assert_eq!(stubbed.status, StatusCode::OK);
    assert_ne!(stubbed.bytes, direct.bytes);
    assert_eq!(
        vendor.seen().len(),
        1,
        "the replay never reaches the vendor"
    );
}

#[tokio::test]
async fn forward_invalid_sends_a_refused_request_on_once_its_credentials_pass() {
    let vendor = FakeVendor::start(Service::HuaweiCodeartsRepo, conforming).await;
    let log = drift_log("forward-invalid");
    let app = relay(Settings {
        bases: vec![Base::parse(&format!("huawei-codearts-repo={}", vendor.url)).unwrap()],
        timeout: Duration::from_secs(5),
        keys: upstream_keys(),
        drift_log: Some(log.clone()),
        ca: None,
        record: None,
        replay: None,
        forward_invalid: true,
    });
    let over =
        baseline("ListGroupUserGroups").with_param("query", "limit", Some(&["101".to_owned()]));
    let answer = send_to(app.clone(), over.request()).await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "the vendor's answer, not the stub's 400"
    );
    let seen = vendor.seen();
    assert_eq!(seen.len(), 1);
    assert!(
        seen[0].path_and_query.contains("limit=101"),
        "{}",
        seen[0].path_and_query
    );
    let (text, lines) = read_log(&log);
    assert_eq!(kinds(&lines), ["call", "request_invalid"], "{text}");
    assert_eq!(lines[1]["direction"], "request");
    assert!(
        lines[1]["expected"]
            .as_str()
            .unwrap_or_default()
            .contains("limit"),
        "{text}"
    );

    // Credentials are still checked first: without any, nothing leaves.
    let mut bare = over.request();
    bare.headers_mut().remove("authorization");
    bare.headers_mut().remove("x-auth-token");
    let answer = send_to(app, bare).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(vendor.seen().len(), 1);
}
