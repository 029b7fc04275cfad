#![no_main]
//! Fuzzes what reads client-chosen text before any validation: the three signature verifiers
//! (over any method, path, query, header bytes, body and clock), their `Authorization` parsers
//! and canonical forms, and the `Prefer` header parser. None may panic, and a request the
//! Huawei or Tencent verifier accepts must carry the algorithm's own header.

use std::collections::BTreeMap;
use std::time::{Duration, UNIX_EPOCH};

use axum::http::{HeaderMap, HeaderName, HeaderValue};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use vendor_signatures::{SignedRequest, enos, huawei, tencent};

const NAMES: &[&str] = &[
    "authorization",
    "x-sdk-date",
    "x-sdk-content-sha256",
    "content-type",
    "host",
    "x-tc-timestamp",
    "x-tc-content-sha256",
    "apim-accesstoken",
    "apim-signature",
    "apim-timestamp",
    "prefer",
];

#[derive(Debug, Arbitrary)]
struct Input {
    method: String,
    path: String,
    query: String,
    headers: Vec<(u8, Vec<u8>)>,
    body: Vec<u8>,
    now: u32,
}

fuzz_target!(|input: Input| {
    let mut headers = HeaderMap::new();
    for (name, value) in &input.headers {
        let name = NAMES[usize::from(*name) % NAMES.len()];
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.append(HeaderName::from_static(name), value);
        }
    }
    let request = SignedRequest {
        method: &input.method,
        path: &input.path,
        query: &input.query,
        headers: &headers,
        body: &input.body,
    };
    let now = UNIX_EPOCH + Duration::from_secs(u64::from(input.now) * 8);
    let keys = BTreeMap::from([("AK".to_owned(), "SK".to_owned())]);
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if huawei::verify(&request, &keys, now).is_ok() {
        assert!(huawei::is_signature(authorization));
    }
    if tencent::verify(&request, "cwp", &keys, now).is_ok() {
        assert!(tencent::is_signature(authorization));
    }
    let _ = enos::verify(&request, &keys, now);
    let _ = huawei::parse_authorization(&input.method);
    let _ = tencent::parse_authorization(&input.method);
    let _ = huawei::canonical_uri(&input.path);
    let _ = huawei::canonical_query(&input.query);
    let _ = huawei::parse_date(&input.method);
    let _ = enos::sign_data(
        &input.method,
        &input.query,
        &input.body,
        &input.path,
        "secret",
    );
    let _ = stub_server::faults::parse_prefer(&headers);
});
