//! `--auth verify`: the requests the vendors' SDKs really sent (the research's captures in
//! crates/vendor-signatures/tests/data, with fake credentials) replayed through the stub with
//! its clock pinned to their time, with the right and wrong secrets, unknown keys, stale
//! clocks and tampered bytes; the EnOS signature computed here from the vendor's formula; and
//! the credentials file's schema.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Request, StatusCode};
use serde_json::Value;
use sha2::{Digest, Sha256};
use stub_server::Config;
use stub_server::vendor::{Auth, Clock};
use vendor_signatures::Credentials;

use crate::support::{Answer, app_with, send_bounded};

// The fake credentials of the research (sdk-ground-truth.md).
const HUAWEI_AK: &str = "HWFAKEAK0000000000EX";
const HUAWEI_SK: &str = "HwFakeSecretKey0000000000000000000000000";
const TENCENT_ID: &str = "AKIDFAKEFAKEFAKEFAKEFAKEFAKEFAKE1234";
const TENCENT_KEY: &str = "FAKEsecretKEYfakeSECRETkeyFAKE12";
const ENOS_APP: &str = "11111111-aaaa-4bbb-8ccc-222222222222";
const ENOS_SECRET: &str = "33333333-bbbb-4ddd-8eee-444444444444";

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vendor-signatures/tests/data")
}

/// One captured request.
#[derive(Debug, Clone)]
struct Captured {
    method: String,
    target: String,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
}

impl Captured {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| std::str::from_utf8(v).ok())
    }

    fn without(&self, name: &str) -> Captured {
        let mut out = self.clone();
        out.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        out
    }

    fn with_header(&self, name: &str, value: &str) -> Captured {
        let mut out = self.without(name);
        out.headers
            .push((name.to_owned(), value.as_bytes().to_vec()));
        out
    }

    /// The request, or `None` when the bytes are not sendable HTTP.
    fn build(&self) -> Option<Request<Body>> {
        let mut builder = Request::builder()
            .method(self.method.as_bytes())
            .uri(&self.target);
        for (name, value) in &self.headers {
            builder = builder.header(
                HeaderName::from_bytes(name.as_bytes()).ok()?,
                HeaderValue::from_bytes(value).ok()?,
            );
        }
        builder.body(Body::from(self.body.clone())).ok()
    }
}

fn load(file: &str) -> Vec<Captured> {
    let text = std::fs::read_to_string(data_dir().join(file)).expect("the captures are there");
    text.lines()
        .map(|line| {
            let record: Value = serde_json::from_str(line).expect("JSON lines");
            Captured {
                method: record["method"].as_str().unwrap().to_owned(),
                target: record["target"].as_str().unwrap().to_owned(),
                headers: record["headers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| {
                        (
                            p[0].as_str().unwrap().to_owned(),
                            p[1].as_str().unwrap().as_bytes().to_vec(),
                        )
                    })
                    .collect(),
                body: record["body"].as_str().unwrap().as_bytes().to_vec(),
            }
        })
        .collect()
}

/// [`credentials`] with one vendor's keys replaced by this single pair.
fn credentials_with(
    vendor: fn(&mut Credentials) -> &mut BTreeMap<String, String>,
    id: &str,
    secret: &str,
) -> Credentials {
    let mut out = credentials();
    *vendor(&mut out) = BTreeMap::from([(id.to_owned(), secret.to_owned())]);
    out
}

fn credentials() -> Credentials {
    Credentials {
        huawei: BTreeMap::from([(HUAWEI_AK.into(), HUAWEI_SK.into())]),
        tencent: BTreeMap::from([(TENCENT_ID.into(), TENCENT_KEY.into())]),
        enos: BTreeMap::from([(ENOS_APP.into(), ENOS_SECRET.into())]),
        ..Credentials::default()
    }
}

/// A verifying stub whose clock says `now`.
fn verifying(credentials: Credentials, now: SystemTime) -> Router {
    app_with(Config {
        auth: Auth::Verify {
            credentials: Arc::new(credentials),
            clock: Clock::Fixed(now),
        },
        ..Config::default()
    })
}

fn at_seconds(unix: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(unix.try_into().unwrap())
}

fn huawei_time(c: &Captured) -> SystemTime {
    at_seconds(vendor_signatures::huawei::parse_date(c.header("x-sdk-date").unwrap()).unwrap())
}

fn tencent_time(c: &Captured) -> SystemTime {
    at_seconds(c.header("x-tc-timestamp").unwrap().parse().unwrap())
}

async fn replay(app: &Router, c: &Captured) -> Answer {
    send_bounded(app.clone(), c.build().expect("sendable")).await
}

/// The Huawei error code of an answer, or "" for a success.
fn huawei_code(answer: &Answer) -> String {
    if answer.status.is_success() {
        return String::new();
    }
    answer.json()["error_code"]
        .as_str()
        .unwrap_or("?")
        .to_owned()
}

fn tencent_code(answer: &Answer) -> String {
    answer.json()["Response"]["Error"]["Code"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

#[tokio::test]
async fn captured_huawei_requests_verify_and_bad_ones_get_apigw_0301() {
    let captures = load("hw.jsonl");
    assert_eq!(captures.len(), 50);
    let (mut verified, mut rejected) = (0, 0);
    let wrong = credentials_with(|c| &mut c.huawei, HUAWEI_AK, "not-the-secret");
    let unknown = credentials_with(|c| &mut c.huawei, "ANOTHERAK", HUAWEI_SK);
    for c in &captures {
        let now = huawei_time(c) + Duration::from_secs(60);
        let answer = replay(&verifying(credentials(), now), c).await;
        // Verified: the operation answers (200, or its own 400/404 for the captures that send
        // placeholders), never the gateway's credential error.
        assert!(
            answer.status != StatusCode::UNAUTHORIZED,
            "{}: {}",
            c.target,
            answer.json()
        );
        verified += 1;
        for (label, app, message) in [
            (
                "a wrong secret",
                verifying(wrong.clone(), now),
                "does not match",
            ),
            (
                "an unknown access key",
                verifying(unknown.clone(), now),
                "is not known",
            ),
            (
                "a clock 16 minutes on",
                verifying(credentials(), now + Duration::from_secs(16 * 60)),
                "15 minutes",
            ),
        ] {
            let answer = replay(&app, c).await;
            assert_eq!(
                answer.status,
                StatusCode::UNAUTHORIZED,
                "{label}: {}",
                c.target
            );
            let body = answer.json();
            assert_eq!(body["error_code"], "APIGW.0301", "{label}");
            assert!(
                body["error_msg"].as_str().unwrap().contains(message),
                "{label}: {body}"
            );
            assert!(answer.headers.contains_key("x-request-id"));
            rejected += 1;
        }
    }
    println!("Huawei through the stub: {verified} verified, {rejected} rejected");
}

#[tokio::test]
async fn captured_tc3_requests_verify_and_bad_ones_get_the_documented_auth_failures() {
    let captures: Vec<Captured> = load("tc.jsonl")
        .into_iter()
        .filter(|c| {
            c.method == "POST"
                && c.header("authorization")
                    .is_some_and(|a| a.starts_with("TC3-"))
        })
        .collect();
    assert_eq!(captures.len(), 18, "18 TC3-signed POSTs among the captures");
    let (mut verified, mut rejected) = (0, 0);
    let wrong = credentials_with(
        |c| &mut c.tencent,
        TENCENT_ID,
        "FAKEsecretKEYfakeSECRETkeyFAKE13",
    );
    let unknown = credentials_with(|c| &mut c.tencent, "AKIDSOMEBODYELSE", TENCENT_KEY);
    for c in &captures {
        let now = tencent_time(c) + Duration::from_secs(10);
        let answer = replay(&verifying(credentials(), now), c).await;
        assert!(
            !tencent_code(&answer).starts_with("AuthFailure"),
            "{}",
            answer.json()
        );
        verified += 1;
        for (expected, app) in [
            (
                "AuthFailure.SignatureFailure",
                verifying(wrong.clone(), now),
            ),
            (
                "AuthFailure.SecretIdNotFound",
                verifying(unknown.clone(), now),
            ),
            (
                "AuthFailure.SignatureExpire",
                verifying(credentials(), now + Duration::from_secs(5 * 60)),
            ),
        ] {
            let answer = replay(&app, c).await;
            assert_eq!(answer.status, StatusCode::OK);
            assert_eq!(answer.content_type(), "application/json");
            assert_eq!(tencent_code(&answer), expected, "{}", answer.json());
            rejected += 1;
        }
        let malformed = c.with_header("Authorization", "TC3-HMAC-SHA256 Credential=only");
        let answer = replay(&verifying(credentials(), now), &malformed).await;
        assert_eq!(tencent_code(&answer), "AuthFailure.InvalidAuthorization");
        rejected += 1;
    }
    println!("Tencent through the stub: {verified} verified, {rejected} rejected");
}

/// Every variant of `c` with one byte of a signed part XORed with 1: the method, the request
/// target (`target` false for Tencent, whose canonical URI is always `/`, but its query counts
/// when there is one), the body and the listed headers.
fn tampered(c: &Captured, headers: &[&str], target: bool) -> Vec<(String, Captured)> {
    let flip = |bytes: &[u8], i: usize| {
        let mut out = bytes.to_vec();
        out[i] ^= 1;
        out
    };
    let mut out = Vec::new();
    for i in 0..c.method.len() {
        let mut t = c.clone();
        t.method = String::from_utf8(flip(c.method.as_bytes(), i)).unwrap();
        out.push((format!("method byte {i}"), t));
    }
    let start = if target {
        0
    } else {
        c.target.find('?').map_or(c.target.len(), |q| q + 1)
    };
    for i in start..c.target.len() {
        let mut t = c.clone();
        t.target = String::from_utf8(flip(c.target.as_bytes(), i)).unwrap();
        out.push((format!("target byte {i}"), t));
    }
    for i in 0..c.body.len() {
        let mut t = c.clone();
        t.body = flip(&c.body, i);
        out.push((format!("body byte {i}"), t));
    }
    for (h, (name, value)) in c.headers.iter().enumerate() {
        if !headers.iter().any(|s| s.eq_ignore_ascii_case(name)) {
            continue;
        }
        for i in 0..value.len() {
            let mut t = c.clone();
            t.headers[h].1 = flip(value, i);
            out.push((format!("{name} byte {i}"), t));
        }
    }
    out
}

/// Sends every tampered variant through `app`; `accepted` judges an answer. Returns how many
/// were refused; fails on any accepted.
async fn refuse_tampering(
    app: &Router,
    variants: Vec<(String, Captured)>,
    accepted: impl Fn(&Answer) -> bool,
) -> usize {
    let mut refused = 0;
    let mut through = Vec::new();
    for (label, t) in variants {
        let Some(request) = t.build() else { continue };
        let answer = send_bounded(app.clone(), request).await;
        if accepted(&answer) {
            through.push(label);
        } else {
            refused += 1;
        }
    }
    assert!(
        through.is_empty(),
        "tampered requests accepted: {through:?}"
    );
    refused
}

#[tokio::test]
async fn every_tampered_byte_of_a_signed_part_is_refused_by_the_stub() {
    // Huawei: the capture with every Workspace filter (query with escapes, a signed
    // User-Agent and X-Project-Id).
    let hw = load("hw.jsonl").remove(0);
    let auth = vendor_signatures::huawei::parse_authorization(hw.header("authorization").unwrap())
        .unwrap();
    let mut signed: Vec<&str> = auth.signed_headers.clone();
    signed.push("authorization");
    let app = verifying(credentials(), huawei_time(&hw));
    assert_eq!(replay(&app, &hw).await.status, StatusCode::OK);
    let huawei = refuse_tampering(&app, tampered(&hw, &signed, true), |a| {
        a.status.is_success()
    })
    .await;

    // Tencent: a POST with a body.
    let tc = load("tc.jsonl").remove(0);
    let app = verifying(credentials(), tencent_time(&tc));
    let ok = replay(&app, &tc).await;
    assert!(ok.json()["Response"]["TaskId"].is_string(), "{}", ok.json());
    let tencent = refuse_tampering(
        &app,
        tampered(
            &tc,
            &["content-type", "host", "x-tc-timestamp", "authorization"],
            false,
        ),
        |a| a.json()["Response"]["TaskId"].is_string(),
    )
    .await;

    // EnOS: a request signed as the gateway documents it.
    let now = 1_795_626_809_000_i64;
    let enos = enos_signed("token-1", ENOS_SECRET, now);
    let app = verifying(
        credentials(),
        UNIX_EPOCH + Duration::from_millis(now as u64),
    );
    assert_eq!(replay(&app, &enos).await.json()["code"], 0);
    let enos_refused = refuse_tampering(
        &app,
        tampered(
            &enos,
            &["apim-accesstoken", "apim-signature", "apim-timestamp"],
            false,
        ),
        |a| a.json()["code"] == 0,
    )
    .await;
    println!(
        "tampered and refused through the stub: Huawei {huawei}, Tencent {tencent}, EnOS {enos_refused}"
    );
    assert!(huawei > 500 && tencent > 400 && enos_refused > 100);
}

/// The EnOS request of the README, signed as the EnOS gateway documents it: SHA-256 of the
/// token, the query parameters sorted by name (`orgId` + value), the body, the timestamp and
/// the app secret, in lowercase hex. Computed here, independently of the verifier.
fn enos_signed(token: &str, secret: &str, timestamp_ms: i64) -> Captured {
    let body =
        r#"{"userGroupId": "your_user_group_id", "pagination": {"pageNo": 0, "pageSize": 100}}"#;
    let data = format!("{token}orgIdo15589000000001{body}{timestamp_ms}{secret}");
    let signature: String = Sha256::digest(data.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Captured {
        method: "POST".into(),
        target: "/app-portal-service/v2.3/userGroup/listAssignedUser?orgId=o15589000000001".into(),
        headers: vec![
            (
                "Content-Type".into(),
                b"application/json;charset=UTF-8".to_vec(),
            ),
            ("apim-accesstoken".into(), token.as_bytes().to_vec()),
            ("apim-signature".into(), signature.into_bytes()),
            (
                "apim-timestamp".into(),
                timestamp_ms.to_string().into_bytes(),
            ),
        ],
        body: body.as_bytes().to_vec(),
    }
}

#[tokio::test]
async fn enos_signed_requests_and_poseidon_tokens_in_verify_mode() {
    let now = 1_795_626_809_000_i64;
    let app = verifying(
        credentials(),
        UNIX_EPOCH + Duration::from_millis(now as u64),
    );
    let code = |answer: Answer| answer.json()["code"].as_i64().unwrap();
    assert_eq!(
        code(replay(&app, &enos_signed("tok", ENOS_SECRET, now)).await),
        0
    );
    let wrong = replay(&app, &enos_signed("tok", "not-the-secret", now)).await;
    assert_eq!(code(wrong), 31400);
    let stale = replay(&app, &enos_signed("tok", ENOS_SECRET, now - 301_000)).await;
    let body = stale.json();
    assert_eq!(body["code"], 31400);
    assert!(
        body["message"].as_str().unwrap().contains("5 minutes"),
        "{body}"
    );
    let no_time = enos_signed("tok", ENOS_SECRET, now).without("apim-timestamp");
    assert_eq!(code(replay(&app, &no_time).await), 31400);
    // An unsigned request passes only with poseidon's RSA token (base64 of 256 bytes), which
    // nobody but EnOS can open.
    let unsigned = enos_signed("plain-token", ENOS_SECRET, now).without("apim-signature");
    assert_eq!(code(replay(&app, &unsigned).await), 31400);
    let poseidon: Vec<Captured> = load("enos.jsonl")
        .into_iter()
        .filter(|c| c.method == "POST" && c.header("apim-accesstoken").is_some())
        // One capture comes from poseidon-enos-api, which form-encodes the body.
        .filter(|c| serde_json::from_slice::<Value>(&c.body).is_ok())
        .collect();
    assert_eq!(poseidon.len(), 7);
    for c in &poseidon {
        // Accepted: the operation answers (one capture names a user group that does not
        // exist, 31404); a refused credential would be 31400.
        let answer = replay(&app, c).await;
        let body = answer.json();
        assert!(body["code"] == 0 || body["code"] == 31404, "{body}");
    }
}

#[tokio::test]
async fn huawei_tokens_pass_verification_only_when_listed() {
    let c = load("hw.jsonl")
        .into_iter()
        .find(|c| c.header("x-auth-token").is_some())
        .expect("a capture with a token")
        .without("authorization");
    let now = huawei_time(&c);
    let answer = replay(&verifying(credentials(), now), &c).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(huawei_code(&answer), "APIGW.0301");
    let mut listed = credentials();
    listed.huawei_tokens = vec!["MIIfake-token-value".into()];
    let answer = replay(&verifying(listed, now), &c).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json());
}

#[tokio::test]
async fn without_verify_a_bad_signature_is_not_checked() {
    // The default: credentials must be present, and nothing more.
    let c = load("hw.jsonl").remove(0);
    let app = app_with(Config::default());
    let forged = c.with_header(
        "Authorization",
        "SDK-HMAC-SHA256 Access=X, SignedHeaders=host, Signature=00",
    );
    assert_eq!(replay(&app, &forged).await.status, StatusCode::OK);
}

/// The committed JSON Schema of the credentials file is the one the types produce (run with
/// `UPDATE_CREDENTIALS_SCHEMA=1` to rewrite it), and the example file is valid against it.
/// In CI (`CI` set) the variable is refused: a run there checks the committed file and never
/// rewrites it into agreement.
#[test]
fn the_credentials_schema_is_fresh_and_the_example_follows_it() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let schema_path = root.join("credentials.schema.json");
    let schema = Credentials::json_schema();
    let text = format!("{}\n", serde_json::to_string_pretty(&schema).unwrap());
    if std::env::var_os("UPDATE_CREDENTIALS_SCHEMA").is_some() {
        assert!(
            std::env::var_os("CI").is_none(),
            "UPDATE_CREDENTIALS_SCHEMA is set in CI: the schema is checked there, never rewritten"
        );
        std::fs::write(&schema_path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&schema_path).unwrap_or_default();
    assert_eq!(
        committed,
        text,
        "{} is stale: run UPDATE_CREDENTIALS_SCHEMA=1 cargo test -p stub-server --test server credentials_schema",
        schema_path.display()
    );
    let example_text = std::fs::read_to_string(root.join("credentials.example.json")).unwrap();
    let example: Value = serde_json::from_str(&example_text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&example)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let read = Credentials::from_json(&example_text).unwrap();
    assert_eq!(
        read.huawei.get(HUAWEI_AK).map(String::as_str),
        Some(HUAWEI_SK)
    );
    assert!(
        jsonschema::validator_for(&schema)
            .unwrap()
            .iter_errors(&serde_json::json!({"aws": {}}))
            .next()
            .is_some()
    );
}
