//! Fuzzes what reads client-chosen text before any validation: the three signature verifiers
//! (over any method, path, query, header bytes, body and clock), their `Authorization` parsers
//! and canonical forms, and the `Prefer` header parser. None may panic, and a request the
//! Huawei or Tencent verifier accepts must carry the algorithm's own header.
//!
//! An input is a request written as text, so that the seeds are real requests (those the
//! vendors' SDKs signed, in `crates/vendor-signatures/tests/data/`) and mutations stay close
//! to one: the clock as Unix seconds on the first line, then `METHOD path?query`, header lines
//! `name: value`, an empty line and the body. Lines end with `\n`; what does not parse is
//! left empty rather than refused, so every input reaches the verifiers.

use std::collections::BTreeMap;
use std::time::{Duration, UNIX_EPOCH};

use arbitrary::{Arbitrary, Unstructured};
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use vendor_signatures::{SignedRequest, enos, huawei, tencent};

/// The keys of the captured SDK requests (fake ones, as in vendor-signatures' tests), so that
/// signed seeds verify and their mutations explore past the signature comparison.
const KEYS: [(&str, &str); 3] = [
    (
        "HWFAKEAK0000000000EX",
        "HwFakeSecretKey0000000000000000000000000",
    ),
    (
        "AKIDFAKEFAKEFAKEFAKEFAKEFAKEFAKE1234",
        "FAKEsecretKEYfakeSECRETkeyFAKE12",
    ),
    (
        "11111111-aaaa-4bbb-8ccc-222222222222",
        "33333333-bbbb-4ddd-8eee-444444444444",
    ),
];

/// A request as the fuzzer wrote it.
#[derive(Debug, Default)]
pub struct Input {
    now: u64,
    method: String,
    path: String,
    query: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Input {
    /// Reads the text form; see the module's description.
    pub fn parse(data: &[u8]) -> Input {
        let mut input = Input::default();
        let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
            Some(at) => (&data[..at], &data[at + 2..]),
            None => (data, &[][..]),
        };
        input.body = body.to_vec();
        let mut lines = head.split(|&b| b == b'\n');
        let text =
            |line: Option<&[u8]>| String::from_utf8_lossy(line.unwrap_or_default()).into_owned();
        input.now = text(lines.next()).trim().parse().unwrap_or(0);
        let request_line = text(lines.next());
        let (method, target) = request_line.split_once(' ').unwrap_or((&request_line, ""));
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        (input.method, input.path, input.query) = (method.into(), path.into(), query.into());
        for line in lines {
            let Some(colon) = line.iter().position(|&b| b == b':') else {
                continue;
            };
            let value = line[colon + 1..].trim_ascii_start();
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(&line[..colon]),
                HeaderValue::from_bytes(value),
            ) {
                input.headers.append(name, value);
            }
        }
        input
    }
}

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Input::parse(u.bytes(u.len())?))
    }
}

/// Runs one input; panics when the code under test misbehaves.
pub fn check(input: &Input) {
    let headers = &input.headers;
    let request = SignedRequest {
        method: &input.method,
        path: &input.path,
        query: &input.query,
        headers,
        body: &input.body,
    };
    let now = UNIX_EPOCH + Duration::from_secs(input.now);
    let keys: BTreeMap<String, String> = KEYS
        .iter()
        .map(|(id, secret)| ((*id).to_owned(), (*secret).to_owned()))
        .collect();
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
    for text in [authorization, input.method.as_str()] {
        let _ = huawei::parse_authorization(text);
        let _ = tencent::parse_authorization(text);
    }
    let _ = huawei::canonical_uri(&input.path);
    let _ = huawei::canonical_query(&input.query);
    let sdk_date = headers.get("x-sdk-date").and_then(|v| v.to_str().ok());
    let _ = huawei::parse_date(sdk_date.unwrap_or(&input.method));
    let _ = enos::sign_data(
        &input.method,
        &input.query,
        &input.body,
        &input.path,
        "secret",
    );
    let _ = stub_server::faults::parse_prefer(headers);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seeds' text form must say what the SDK signed: each vendor's first capture verifies.
    #[test]
    fn signed_seeds_verify() {
        let seed = |name: &str| {
            let path = format!("{}/corpus/signatures/{name}", env!("CARGO_MANIFEST_DIR"));
            Input::parse(&std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
        };
        let keys: BTreeMap<String, String> = KEYS
            .iter()
            .map(|(id, secret)| ((*id).to_owned(), (*secret).to_owned()))
            .collect();
        let verify = |input: &Input, vendor: &str| {
            let request = SignedRequest {
                method: &input.method,
                path: &input.path,
                query: &input.query,
                headers: &input.headers,
                body: &input.body,
            };
            let now = UNIX_EPOCH + Duration::from_secs(input.now);
            match vendor {
                "hw" => huawei::verify(&request, &keys, now).is_ok(),
                "tc" => tencent::verify(&request, "cwp", &keys, now).is_ok(),
                _ => enos::verify(&request, &keys, now).is_ok(),
            }
        };
        for vendor in ["hw", "tc", "enos"] {
            let input = seed(&format!("sdk-{vendor}-00"));
            assert!(
                verify(&input, vendor),
                "sdk-{vendor}-00 does not verify: {input:?}"
            );
        }
    }
}
