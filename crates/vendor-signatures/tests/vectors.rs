//! The verifiers against real signed requests: the requests the vendors' Python SDKs sent to
//! a capture server during the project's research (tests/data/*.jsonl, with the fake
//! credentials the research lists), the Huawei signer's pure vectors, and the vendors'
//! documented examples. Each must verify with the right secret at the time it was made, and
//! be refused with a wrong secret, an unknown key, a stale clock, and after any one byte of a
//! signed part is changed.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, HeaderName, HeaderValue};
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use vendor_signatures::{Rejection, SignedRequest, enos, huawei, tencent};

/// Accepted keys: key id → secret.
type Keys = BTreeMap<String, String>;
/// What a verifier made of a request: `None` when the request is not sendable HTTP.
type Outcome = Option<Result<(), Rejection>>;

/// A key id and its secret.
#[derive(Debug, Clone, Copy)]
struct Key {
    id: &'static str,
    secret: &'static str,
}

const fn key(id: &'static str, secret: &'static str) -> Key {
    Key { id, secret }
}

impl Key {
    /// The accepted keys of a verifier that knows only this one.
    fn accepted(self) -> Keys {
        keys(&[(self.id, self.secret)])
    }
}

// The fake credentials of the research (sdk-ground-truth.md, header table): Huawei AK/SK,
// Tencent SecretId/SecretKey, EnOS application key/secret.
const HUAWEI: Key = key(
    "HWFAKEAK0000000000EX",
    "HwFakeSecretKey0000000000000000000000000",
);
const TENCENT: Key = key(
    "AKIDFAKEFAKEFAKEFAKEFAKEFAKEFAKE1234",
    "FAKEsecretKEYfakeSECRETkeyFAKE12",
);
const ENOS: Key = key(
    "11111111-aaaa-4bbb-8ccc-222222222222",
    "33333333-bbbb-4ddd-8eee-444444444444",
);

/// One captured request, owned.
#[derive(Debug, Clone)]
struct Captured {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
}

impl Captured {
    fn header_map(&self) -> Option<HeaderMap> {
        let mut map = HeaderMap::new();
        for (name, value) in &self.headers {
            let name = HeaderName::from_bytes(name.as_bytes()).ok()?;
            map.append(name, HeaderValue::from_bytes(value).ok()?);
        }
        Some(map)
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| std::str::from_utf8(v).ok())
    }

    /// Runs `check` on this request; `None` when it cannot be expressed as an HTTP request
    /// (a header value a client could not send).
    fn with<T>(&self, check: impl FnOnce(&SignedRequest<'_>) -> T) -> Option<T> {
        let headers = self.header_map()?;
        Some(check(&SignedRequest {
            method: &self.method,
            path: &self.path,
            query: &self.query,
            headers: &headers,
            body: &self.body,
        }))
    }
}

/// One line of a capture file (other keys of the record are not needed here).
#[derive(Deserialize)]
struct Record {
    method: String,
    path: String,
    /// Absent or null when the request had no query.
    #[serde(default)]
    query: Option<String>,
    /// Name and value pairs, in the order sent.
    headers: Vec<(String, String)>,
    /// The body's text; the research checked it equals the raw bytes (`body_b64`) for every
    /// record.
    body: String,
}

fn load(file: &str) -> Vec<Captured> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    text.lines()
        .map(|line| {
            let record: Record = serde_json::from_str(line).expect("a capture record");
            Captured {
                method: record.method,
                path: record.path,
                query: record.query.unwrap_or_default(),
                headers: record
                    .headers
                    .into_iter()
                    .map(|(name, value)| (name, value.into_bytes()))
                    .collect(),
                body: record.body.into_bytes(),
            }
        })
        .collect()
}

fn at(unix_seconds: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(unix_seconds.try_into().unwrap())
}

fn keys(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn huawei_captures() -> Vec<Captured> {
    let all = load("hw.jsonl");
    assert_eq!(all.len(), 50, "the research captured 50 Huawei requests");
    all
}

/// The TC3 requests among the Tencent captures (the others use the legacy v1 signature,
/// which the stub does not serve).
fn tencent_captures() -> Vec<Captured> {
    let all: Vec<Captured> = load("tc.jsonl")
        .into_iter()
        .filter(|c| c.header("authorization").is_some_and(tencent::is_signature))
        .collect();
    assert_eq!(
        all.len(),
        20,
        "20 of the 23 Tencent captures are TC3-signed"
    );
    all
}

fn huawei_time(c: &Captured) -> i64 {
    huawei::parse_date(c.header("x-sdk-date").unwrap()).unwrap()
}

fn tencent_time(c: &Captured) -> i64 {
    c.header("x-tc-timestamp").unwrap().parse().unwrap()
}

fn verify_huawei(c: &Captured, keys: &Keys, now: i64) -> Outcome {
    c.with(|r| huawei::verify(r, keys, at(now)).map(|_| ()))
}

fn verify_tencent(c: &Captured, keys: &Keys, now: i64) -> Outcome {
    c.with(|r| tencent::verify(r, "cwp", keys, at(now)).map(|_| ()))
}

/// A header-signature scheme as these tests drive it: its captures, the key they were signed
/// with, how far the verifier's clock may be off, and how to read a capture's time and check
/// it with given keys at a given time.
struct Scheme {
    captures: fn() -> Vec<Captured>,
    key: Key,
    /// The key's secret with one character changed.
    wrong_secret: &'static str,
    /// Seconds either way that are still in time.
    window: i64,
    time: fn(&Captured) -> i64,
    verify: fn(&Captured, &Keys, i64) -> Outcome,
}

/// 15 minutes either way (API Gateway).
const HUAWEI_SCHEME: Scheme = Scheme {
    captures: huawei_captures,
    key: HUAWEI,
    wrong_secret: "HwFakeSecretKey0000000000000000000000001",
    window: 900,
    time: huawei_time,
    verify: verify_huawei,
};

/// Five minutes either way (the signature documentation).
const TC3_SCHEME: Scheme = Scheme {
    captures: tencent_captures,
    key: TENCENT,
    wrong_secret: "FAKEsecretKEYfakeSECRETkeyFAKE13",
    window: 300,
    time: tencent_time,
    verify: verify_tencent,
};

impl Scheme {
    /// Every capture verifies with its secret, `after` seconds after it was signed.
    fn every_capture_verifies(&self, after: i64) {
        let right = self.key.accepted();
        for c in (self.captures)() {
            let now = (self.time)(&c) + after;
            assert_eq!((self.verify)(&c, &right, now), Some(Ok(())), "{c:?}");
        }
    }

    /// Every capture is refused as a mismatch with a wrong secret, as unknown under another
    /// key id, and as expired one second outside the window either way, while the edges of
    /// the window are still in time.
    fn every_capture_is_refused_when_wrong(&self) {
        let wrong = keys(&[(self.key.id, self.wrong_secret)]);
        let other = keys(&[("SOMEONEELSE", self.key.secret)]);
        let right = self.key.accepted();
        let verify = self.verify;
        for c in (self.captures)() {
            let t = (self.time)(&c);
            assert!(matches!(
                verify(&c, &wrong, t),
                Some(Err(Rejection::Mismatch(_)))
            ));
            assert!(matches!(
                verify(&c, &other, t),
                Some(Err(Rejection::UnknownKey(_)))
            ));
            for edge in [t + self.window, t - self.window] {
                assert_eq!(verify(&c, &right, edge), Some(Ok(())), "{c:?} at {edge}");
            }
            for late in [t + self.window + 1, t - self.window - 1] {
                assert!(matches!(
                    verify(&c, &right, late),
                    Some(Err(Rejection::Expired(_)))
                ));
            }
        }
    }
}

#[test]
fn every_captured_huawei_request_verifies_with_its_secret() {
    HUAWEI_SCHEME.every_capture_verifies(60);
}

#[test]
fn captured_huawei_requests_are_refused_with_a_wrong_secret_an_unknown_key_or_a_stale_clock() {
    HUAWEI_SCHEME.every_capture_is_refused_when_wrong();
}

// The research's worked example (HW #4, sdk-ground-truth.md §6.1): its canonical request and
// the hash of that canonical request.
#[test]
fn the_worked_huawei_example_has_the_documented_canonical_request() {
    let c = huawei_captures()
        .into_iter()
        .find(|c| c.header("x-sdk-date") == Some("20250101T000000Z"))
        .expect("the capture with the pinned date");
    let auth = huawei::parse_authorization(c.header("authorization").unwrap()).unwrap();
    let canonical = c
        .with(|r| huawei::canonical_request(r, &auth.signed_headers).unwrap())
        .unwrap();
    let expected = "GET\n\
        /v3/0bec5db98280d2d02fd6c00c2de791ce/groups/grp-123/users/export/\n\
        language=en_US&user_names=alice&user_names=bob\n\
        content-type:application/json\n\
        host:127.0.0.1:18081\n\
        user-agent:huaweicloud-usdk-python/3.0; os/Linux##1_SMP_PREEMPT_DYNAMIC_@0#x86_64 python/3.11.7 impl/CPython; app/137502d7-df61-4d11-932d-006651ccd722\n\
        x-project-id:0bec5db98280d2d02fd6c00c2de791ce\n\
        x-sdk-date:20250101T000000Z\n\
        \n\
        content-type;host;user-agent;x-project-id;x-sdk-date\n\
        e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    assert_eq!(String::from_utf8(canonical.clone()).unwrap(), expected);
    assert_eq!(
        huawei::string_to_sign("20250101T000000Z", &canonical),
        "SDK-HMAC-SHA256\n20250101T000000Z\n\
         caa961307d98f29ac8c1273cf6777e8d4e3f637b2a96129288812bdaef78f094"
    );
}

/// A request of the pure-signer vector file (the SDK's own signer, fixed date, no
/// User-Agent).
fn pure_vectors() -> Vec<Captured> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hw_pure_vectors.json");
    let vectors: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    vectors
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let url = v["url"].as_str().unwrap();
            let target = url.strip_prefix("http://127.0.0.1:8080").unwrap();
            let (path, query) = target.split_once('?').unwrap_or((target, ""));
            Captured {
                method: v["method"].as_str().unwrap().to_owned(),
                path: path.to_owned(),
                query: query.to_owned(),
                headers: v["headers"]
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap().as_bytes().to_vec()))
                    .collect(),
                body: v["body"].as_str().unwrap_or("").as_bytes().to_vec(),
            }
        })
        .collect()
}

#[test]
fn the_huawei_signer_vectors_verify_including_a_body() {
    let right = HUAWEI.accepted();
    let vectors = pure_vectors();
    assert_eq!(vectors.len(), 4);
    for c in &vectors {
        assert_eq!(
            verify_huawei(c, &right, huawei_time(c)),
            Some(Ok(())),
            "{c:?}"
        );
    }
    // P1's string to sign ends with this hash (sdk-ground-truth.md §6.1).
    let p1 = &vectors[0];
    let auth = huawei::parse_authorization(p1.header("authorization").unwrap()).unwrap();
    let canonical = p1
        .with(|r| huawei::canonical_request(r, &auth.signed_headers).unwrap())
        .unwrap();
    assert_eq!(
        vendor_signatures::sha256_hex(&canonical),
        "b238054b0dc6223ae0a45d08e8ff74267a8ef51506e4144559d76564223083b9"
    );
    // P4 signs its body; its payload hash is documented.
    assert_eq!(
        vendor_signatures::sha256_hex(&vectors[3].body),
        "015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862"
    );
}

// Huawei's own documentation example (seed-facts.md §0.2).
#[test]
fn the_documented_huawei_example_verifies() {
    let c = Captured {
        method: "GET".into(),
        path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs".into(),
        query: "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0".into(),
        headers: vec![
            ("Content-Type".into(), b"application/json".to_vec()),
            ("Host".into(), b"service.region.example.com".to_vec()),
            ("X-Sdk-Date".into(), b"20191115T033655Z".to_vec()),
            (
                "Authorization".into(),
                b"SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, \
                  SignedHeaders=content-type;host;x-sdk-date, \
                  Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
                    .to_vec(),
            ),
        ],
        body: Vec::new(),
    };
    let right = keys(&[(
        "QTWAOYTTINDUT2QVKYUC",
        "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
    )]);
    assert_eq!(verify_huawei(&c, &right, huawei_time(&c)), Some(Ok(())));
}

#[test]
fn every_captured_tc3_request_verifies_with_its_secret() {
    TC3_SCHEME.every_capture_verifies(30);
}

#[test]
fn captured_tc3_requests_are_refused_with_a_wrong_secret_an_unknown_id_or_a_stale_clock() {
    TC3_SCHEME.every_capture_is_refused_when_wrong();
}

// The research's worked TC3 example (capture #21, sdk-ground-truth.md §6.2).
#[test]
fn the_worked_tc3_example_has_the_documented_canonical_request() {
    let c = tencent_captures()
        .into_iter()
        .find(|c| c.method == "POST" && c.header("x-tc-timestamp") == Some("1700000000"))
        .unwrap();
    let canonical = c
        .with(|r| tencent::canonical_request(r, &["content-type", "host"]).unwrap())
        .unwrap();
    assert_eq!(
        String::from_utf8(canonical.clone()).unwrap(),
        "POST\n/\n\ncontent-type:application/json\nhost:127.0.0.1:18082\n\ncontent-type;host\n\
         e7f77e99f662f5600e8966b6c67e3306d372f0fe5cd5c79a356154180c5ab08e"
    );
    assert_eq!(
        vendor_signatures::sha256_hex(&canonical),
        "e4a247075a4e6e470f9b146b87ed05eed8857e384aa81dcd741177c61d5d4591"
    );
}

/// The parts of a request outside the headers that a scheme signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Method,
    Path,
    Query,
    Body,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::Method => "method",
            Part::Path => "path",
            Part::Query => "query",
            Part::Body => "body",
        }
    }
}

/// Huawei signs all four.
const HUAWEI_PARTS: &[Part] = &[Part::Method, Part::Path, Part::Query, Part::Body];
/// TC3 signs the URI as `/` whatever the path.
const TC3_PARTS: &[Part] = &[Part::Method, Part::Query, Part::Body];
/// EnOS signs the parameters and the body, not the method or path.
const ENOS_PARTS: &[Part] = &[Part::Query, Part::Body];

/// Every variant of `c` with one byte of one signed part changed (XOR 0x01, which never turns
/// a character into its other case, a hex digit into an equal one, or a character into a
/// space), and the part's name; signed headers are also removed one at a time, and the body
/// cut short and extended. Variants that are not sendable HTTP are left out.
fn tampered(c: &Captured, signed_headers: &[String], parts: &[Part]) -> Vec<(String, Captured)> {
    fn flip(bytes: &[u8], i: usize) -> Vec<u8> {
        let mut out = bytes.to_vec();
        out[i] ^= 0x01;
        out
    }
    let mut out = Vec::new();
    for &part in parts {
        let bytes = match part {
            Part::Method => c.method.as_bytes(),
            Part::Path => c.path.as_bytes(),
            Part::Query => c.query.as_bytes(),
            Part::Body => &c.body,
        };
        for i in 0..bytes.len() {
            let mut t = c.clone();
            let changed = flip(bytes, i);
            match part {
                Part::Method => t.method = String::from_utf8(changed).unwrap(),
                Part::Path => t.path = String::from_utf8(changed).unwrap(),
                Part::Query => t.query = String::from_utf8(changed).unwrap(),
                Part::Body => t.body = changed,
            }
            out.push((format!("{} byte {i}", part.name()), t));
        }
    }
    let body = if parts.contains(&Part::Body) {
        c.body.len()
    } else {
        0
    };
    if body > 0 {
        let mut t = c.clone();
        t.body.pop();
        out.push(("body truncated".into(), t));
        let mut t = c.clone();
        t.body.push(b' ');
        out.push(("body extended".into(), t));
    }
    for (h, (name, value)) in c.headers.iter().enumerate() {
        let lower = name.to_ascii_lowercase();
        if !signed_headers.contains(&lower) && lower != "authorization" {
            continue;
        }
        for i in 0..value.len() {
            let mut t = c.clone();
            t.headers[h].1 = flip(value, i);
            out.push((format!("{name} byte {i}"), t));
        }
        let mut t = c.clone();
        t.headers.remove(h);
        out.push((format!("{name} removed"), t));
    }
    out
}

/// Runs every tampered variant of every capture through `verify` (given the original, whose
/// time the clock is pinned to, and the variant) and fails on any accepted one; returns how
/// many were refused.
fn refuse_all_tampering(
    captures: &[Captured],
    signed: impl Fn(&Captured) -> Vec<String>,
    parts: &[Part],
    verify: impl Fn(&Captured, &Captured) -> Option<Result<(), Rejection>>,
) -> usize {
    let mut refused = 0;
    let mut accepted = Vec::new();
    for c in captures {
        assert_eq!(
            verify(c, c),
            Some(Ok(())),
            "the original must verify: {c:?}"
        );
        for (what, t) in tampered(c, &signed(c), parts) {
            match verify(c, &t) {
                None => {}
                Some(Ok(())) => {
                    accepted.push(format!("{} {}{}: {what}", c.method, c.path, c.query))
                }
                Some(Err(_)) => refused += 1,
            }
        }
    }
    assert!(
        accepted.is_empty(),
        "tampered requests accepted: {accepted:#?}"
    );
    refused
}

#[test]
fn every_one_byte_change_to_a_signed_part_of_a_huawei_capture_is_refused() {
    let right = HUAWEI.accepted();
    let mut captures = huawei_captures();
    captures.extend(pure_vectors());
    let refused = refuse_all_tampering(
        &captures,
        |c| {
            let auth = huawei::parse_authorization(c.header("authorization").unwrap()).unwrap();
            auth.signed_headers
                .iter()
                .map(|h| (*h).to_owned())
                .collect()
        },
        HUAWEI_PARTS,
        // The clock stays at the original's date, so a changed date is either another
        // signature or out of the window; both must fail.
        |original, c| verify_huawei(c, &right, huawei_time(original)),
    );
    println!("Huawei: {refused} tampered requests refused");
    assert!(refused > 10_000, "{refused}");
}

#[test]
fn every_one_byte_change_to_a_signed_part_of_a_tc3_capture_is_refused() {
    let right = TENCENT.accepted();
    let captures = tencent_captures();
    let refused = refuse_all_tampering(
        &captures,
        // Content-Type and Host are signed, and X-TC-Timestamp is part of the string to sign.
        |_| {
            vec![
                "content-type".into(),
                "host".into(),
                "x-tc-timestamp".into(),
            ]
        },
        TC3_PARTS,
        |original, c| verify_tencent(c, &right, tencent_time(original)),
    );
    println!("Tencent: {refused} tampered requests refused");
    assert!(refused > 5_000, "{refused}");
}

// ---------------------------------------------------------------------------------------------
// EnOS

/// A request signed the way EnOS documents it, computed here independently of the verifier:
/// SHA-256 of token + sorted `name value` query pairs + body + timestamp + secret.
fn enos_signed(token: &str, query: &str, body: &str, timestamp_ms: i64, secret: &str) -> Captured {
    // The one query parameter of listAssignedUser, so its sorted form is itself.
    let (name, value) = query.split_once('=').unwrap();
    let data = format!("{token}{name}{value}{body}{timestamp_ms}{secret}");
    let signature = vendor_signatures::hex(&Sha256::digest(data.as_bytes()));
    let headers = [
        ("Content-Type", "application/json;charset=UTF-8".to_owned()),
        ("apim-accesstoken", token.to_owned()),
        ("apim-signature", signature),
        ("apim-timestamp", timestamp_ms.to_string()),
    ];
    Captured {
        method: "POST".into(),
        path: "/app-portal-service/v2.3/userGroup/listAssignedUser".into(),
        query: query.into(),
        headers: headers
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value.into_bytes()))
            .collect(),
        body: body.as_bytes().to_vec(),
    }
}

fn verify_enos(
    c: &Captured,
    apps: &BTreeMap<String, String>,
    now_ms: i64,
) -> Option<Result<(), Rejection>> {
    let now = UNIX_EPOCH + Duration::from_millis(now_ms.try_into().unwrap());
    c.with(|r| enos::verify(r, apps, now).map(|_| ()))
}

const ENOS_BODY: &str =
    r#"{"userGroupId": "your_user_group_id", "pagination": {"pageNo": 0, "pageSize": 100}}"#;
const ENOS_TIME: i64 = 1_795_626_809_123;

#[test]
fn enos_signatures_verify_with_the_app_secret_and_fail_otherwise() {
    let apps = keys(&[("other-app", "other-secret"), (ENOS.id, ENOS.secret)]);
    let c = enos_signed(
        "token-1",
        "orgId=o15589000000001",
        ENOS_BODY,
        ENOS_TIME,
        ENOS.secret,
    );
    assert_eq!(verify_enos(&c, &apps, ENOS_TIME + 1000), Some(Ok(())));
    let wrong = enos_signed(
        "token-1",
        "orgId=o15589000000001",
        ENOS_BODY,
        ENOS_TIME,
        "not-the-secret",
    );
    assert!(matches!(
        verify_enos(&wrong, &apps, ENOS_TIME),
        Some(Err(Rejection::Mismatch(_)))
    ));
    assert!(matches!(
        verify_enos(&c, &BTreeMap::new(), ENOS_TIME),
        Some(Err(Rejection::UnknownKey(_)))
    ));
    assert_eq!(verify_enos(&c, &apps, ENOS_TIME + 300_000), Some(Ok(())));
    assert!(matches!(
        verify_enos(&c, &apps, ENOS_TIME + 300_001),
        Some(Err(Rejection::Expired(_)))
    ));
    assert!(matches!(
        verify_enos(&c, &apps, ENOS_TIME - 300_001),
        Some(Err(Rejection::Expired(_)))
    ));
}

#[test]
fn every_one_byte_change_to_a_signed_part_of_an_enos_request_is_refused() {
    let apps = ENOS.accepted();
    let requests = [
        enos_signed(
            "token-1",
            "orgId=o15589000000001",
            ENOS_BODY,
            ENOS_TIME,
            ENOS.secret,
        ),
        enos_signed(
            "eyJhbGciOiJIUzI1NiJ9.e30.x",
            "orgId=o123",
            "{}",
            ENOS_TIME,
            ENOS.secret,
        ),
    ];
    let refused = refuse_all_tampering(
        &requests,
        |_| {
            vec![
                "apim-accesstoken".into(),
                "apim-signature".into(),
                "apim-timestamp".into(),
            ]
        },
        ENOS_PARTS,
        |_, c| verify_enos(c, &apps, ENOS_TIME),
    );
    println!("EnOS: {refused} tampered requests refused");
    assert!(refused > 300, "{refused}");
}

#[test]
fn poseidon_requests_are_accepted_by_the_form_of_their_token_only() {
    let apps = ENOS.accepted();
    let captures: Vec<Captured> = load("enos.jsonl")
        .into_iter()
        .filter(|c| c.header("apim-accesstoken").is_some())
        .collect();
    assert_eq!(
        captures.len(),
        9,
        "nine of the ten EnOS captures come from poseidon"
    );
    for c in &captures {
        assert_eq!(verify_enos(c, &apps, ENOS_TIME), Some(Ok(())), "{c:?}");
        // A token cut short, or with a character that is not base64, is not poseidon's.
        let token_index = c
            .headers
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case("apim-accesstoken"))
            .unwrap();
        let mut short = c.clone();
        short.headers[token_index].1.remove(0);
        assert!(matches!(
            verify_enos(&short, &apps, ENOS_TIME),
            Some(Err(Rejection::Malformed(_)))
        ));
        short.headers[token_index].1.insert(0, b'!');
        assert!(matches!(
            verify_enos(&short, &apps, ENOS_TIME),
            Some(Err(Rejection::Malformed(_)))
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// Signing: the signers must give the SDKs' signatures byte for byte, and what they sign must
// verify.

/// `c`'s headers among `signed` without those the signer sets itself (`set_by_signer`), as a
/// signer's caller would pass them; the headers the SDK did not sign (the HTTP library adds
/// them after signing) are left out.
fn unsigned_part(c: &Captured, signed: &[&str], set_by_signer: &[&str]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in &c.headers {
        let lower = name.to_ascii_lowercase();
        if signed.contains(&lower.as_str()) && !set_by_signer.contains(&lower.as_str()) {
            map.append(
                HeaderName::from_bytes(lower.as_bytes()).unwrap(),
                HeaderValue::from_bytes(value).unwrap(),
            );
        }
    }
    map
}

/// `c` signed again by `sign` with only `headers`, as it goes out: those headers and the
/// ones the signer set.
fn resigned(
    c: &Captured,
    headers: &HeaderMap,
    sign: impl FnOnce(&SignedRequest<'_>) -> Result<HeaderMap, vendor_signatures::signing::SignError>,
) -> Captured {
    let set = c
        .with(|r| sign(&SignedRequest { headers, ..*r }))
        .unwrap()
        .unwrap();
    let mut out = c.clone();
    out.headers = headers
        .iter()
        .chain(set.iter())
        .map(|(n, v)| (n.as_str().to_owned(), v.as_bytes().to_vec()))
        .collect();
    out
}

fn signing_key(key: Key) -> vendor_signatures::signing::SigningKey {
    vendor_signatures::signing::SigningKey::new(key.id, key.secret)
}

/// A request with no headers and an empty JSON body, for the signers' refusals.
fn bare_request(headers: &HeaderMap) -> SignedRequest<'_> {
    SignedRequest {
        method: "POST",
        path: "/",
        query: "",
        headers,
        body: b"{}",
    }
}

#[test]
fn the_huawei_signer_gives_the_sdk_signatures_byte_for_byte_and_they_verify() {
    let mut count = 0;
    for c in huawei_captures().into_iter().chain(pure_vectors()) {
        let sent = c.header("authorization").unwrap();
        let auth = huawei::parse_authorization(sent).unwrap();
        let headers = unsigned_part(&c, &auth.signed_headers, &["host", "x-sdk-date"]);
        let host = c.header("host").unwrap();
        let time = huawei_time(&c);
        let out = resigned(&c, &headers, |r| {
            huawei::sign(r, host, &signing_key(HUAWEI), at(time))
        });
        assert_eq!(out.header("authorization"), Some(sent), "{c:?}");
        assert_eq!(out.header("x-sdk-date"), c.header("x-sdk-date"));
        assert_eq!(
            verify_huawei(&out, &HUAWEI.accepted(), time + 1),
            Some(Ok(()))
        );
        count += 1;
    }
    assert_eq!(count, 54, "the 50 captures and the 4 pure vectors");
}

#[test]
fn a_huawei_request_signed_for_another_host_verifies_there_and_not_as_sent() {
    let c = huawei_captures().remove(0);
    let headers = unsigned_part(&c, &["content-type", "x-project-id"], &[]);
    let now = 1_800_000_000;
    let upstream = "codehub-ext.cn-north-4.myhuaweicloud.com";
    let out = resigned(&c, &headers, |r| {
        huawei::sign(r, upstream, &signing_key(HUAWEI), at(now))
    });
    assert_eq!(out.header("host"), Some(upstream));
    assert_eq!(verify_huawei(&out, &HUAWEI.accepted(), now), Some(Ok(())));
    let mut moved = out.clone();
    moved.headers.retain(|(n, _)| n != "host");
    moved
        .headers
        .push(("host".into(), b"127.0.0.1:8080".to_vec()));
    assert!(matches!(
        verify_huawei(&moved, &HUAWEI.accepted(), now),
        Some(Err(Rejection::Mismatch(_)))
    ));
}

#[test]
fn the_tencent_signer_gives_the_sdk_signatures_byte_for_byte_and_they_verify() {
    for c in tencent_captures() {
        let sent = c.header("authorization").unwrap();
        let headers = unsigned_part(&c, &["content-type"], &[]);
        let host = c.header("host").unwrap();
        let time = tencent_time(&c);
        let out = resigned(&c, &headers, |r| {
            tencent::sign(r, host, "cwp", &signing_key(TENCENT), time)
        });
        assert_eq!(out.header("authorization"), Some(sent), "{c:?}");
        assert_eq!(
            verify_tencent(&out, &TENCENT.accepted(), time + 1),
            Some(Ok(()))
        );
    }
}

#[test]
fn signing_errors_and_keys_never_show_the_secret_or_the_signature() {
    let key = signing_key(TENCENT);
    assert!(!format!("{key:?}").contains(TENCENT.secret));
    let headers = HeaderMap::new();
    let request = bare_request(&headers);
    // No Content-Type: the SDK always signs one, so signing without it is refused.
    let no_type = tencent::sign(
        &request,
        "cwp.tencentcloudapi.com",
        "cwp",
        &key,
        1_800_000_000,
    )
    .unwrap_err();
    let bad_host = huawei::sign(
        &request,
        "bad\nhost",
        &signing_key(HUAWEI),
        at(1_800_000_000),
    )
    .unwrap_err();
    let bad_id = vendor_signatures::signing::SigningKey::new("AK\nID", HUAWEI.secret);
    let bad_id = huawei::sign(&request, "example.com", &bad_id, at(1_800_000_000)).unwrap_err();
    assert!(bad_id.to_string().contains("the key id"), "{bad_id}");
    for error in [no_type, bad_host, bad_id] {
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains(TENCENT.secret), "{shown}");
            assert!(!shown.contains(HUAWEI.secret), "{shown}");
            assert!(!shown.contains("Signature="), "{shown}");
        }
    }
}
