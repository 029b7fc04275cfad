//! Huawei Cloud `SDK-HMAC-SHA256`: the AK/SK signature API Gateway checks on every Huawei API.
//!
//! The canonical request is `METHOD\nURI\nQUERY\nHEADERS\nSIGNED_HEADERS\nPAYLOAD_HASH`, where
//! the URI and query are decoded and encoded again (so that the encoding a client chose does
//! not matter, only what it means), the URI always ends in `/`, the headers are the ones the
//! `Authorization` header lists, and there is no key derivation: the signature is
//! `HMAC-SHA256(SK, "SDK-HMAC-SHA256\n" + X-Sdk-Date + "\n" + hex(SHA-256(canonical request)))`.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use chrono::NaiveDateTime;
use hmac::{KeyInit, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use sha2::Sha256;

use crate::{
    Rejection, SignedRequest, Verified, one_line, sha256_hex, signature_bytes, single_header,
    single_header_str, trim_ows, unix_seconds, within,
};

/// The algorithm name, first word of the `Authorization` header.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// How far `X-Sdk-Date` may be from the gateway's clock: API Gateway refuses requests more
/// than 15 minutes off.
pub const MAX_SKEW: Duration = Duration::from_secs(15 * 60);
/// The date header, signed with every request.
pub const DATE_HEADER: &str = "x-sdk-date";
/// Replaces the body's hash when the client chose not to sign the body.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Characters kept as they are when a path segment or query item is encoded: RFC 3986's
/// unreserved set (Python's `quote(s, safe='~')`, which the SDK uses).
const KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The parts of an `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization<'a> {
    /// The access key (AK).
    pub access: &'a str,
    /// The signed header names, in the order the client listed them.
    pub signed_headers: Vec<&'a str>,
    /// The signature as sent (64 lowercase hex digits).
    pub signature: &'a str,
}

/// Whether an `Authorization` value claims this scheme (and so must be verified as one).
pub fn is_signature(authorization: &str) -> bool {
    authorization
        .strip_prefix(ALGORITHM)
        .is_some_and(|rest| rest.starts_with(' '))
}

/// Reads an `Authorization` header of this scheme. Each of `Access`, `SignedHeaders` and
/// `Signature` must appear exactly once, separated by commas; nothing else may appear.
pub fn parse_authorization(value: &str) -> Result<Authorization<'_>, Rejection> {
    let malformed = |why: &str| {
        Rejection::Malformed(format!(
            "The Authorization header is not a valid {ALGORITHM} signature ({why}); expected \
             `{ALGORITHM} Access=<AK>, SignedHeaders=<h1;h2>, Signature=<64 hex digits>`."
        ))
    };
    let rest = value
        .strip_prefix(ALGORITHM)
        .and_then(|r| r.strip_prefix(' '))
        .ok_or_else(|| malformed("wrong algorithm"))?;
    let (mut access, mut signed, mut signature) = (None, None, None);
    for field in rest.split(',') {
        let (name, value) = field
            .trim_matches(' ')
            .split_once('=')
            .ok_or_else(|| malformed("a field without `=`"))?;
        let slot = match name {
            "Access" => &mut access,
            "SignedHeaders" => &mut signed,
            "Signature" => &mut signature,
            _ => return Err(malformed(&format!("unknown field {name:?}"))),
        };
        if slot.replace(value).is_some() {
            return Err(malformed(&format!("{name} given twice")));
        }
    }
    let access = access
        .filter(|a| !a.is_empty())
        .ok_or_else(|| malformed("no Access"))?;
    let signed = signed.ok_or_else(|| malformed("no SignedHeaders"))?;
    let signature = signature.ok_or_else(|| malformed("no Signature"))?;
    let signed_headers: Vec<&str> = signed.split(';').collect();
    if let Some(bad) = signed_headers
        .iter()
        .find(|h| h.is_empty() || h.bytes().any(|b| b.is_ascii_uppercase()))
    {
        return Err(malformed(&format!(
            "SignedHeaders must list lowercase header names separated by `;`, found {bad:?}"
        )));
    }
    Ok(Authorization {
        access,
        signed_headers,
        signature,
    })
}

/// The canonical URI: the path decoded, split at every `/` (an encoded `%2F` splits too),
/// each segment encoded again with only unreserved characters kept, and a final `/` added
/// when missing.
pub fn canonical_uri(raw_path: &str) -> String {
    let decoded = decode(raw_path);
    let mut out = String::with_capacity(decoded.len() + 8);
    for (i, segment) in decoded.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.extend(utf8_percent_encode(segment, KEEP));
    }
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// The canonical query: every `key=value` item (an item without `=` has an empty value)
/// decoded, sorted by key and then value, encoded again, and joined with `&`. `+` is a plus
/// sign, not a space.
pub fn canonical_query(raw_query: &str) -> String {
    let mut pairs: Vec<(String, String)> = raw_query
        .split('&')
        .filter(|item| !item.is_empty())
        .map(|item| {
            let (key, value) = item.split_once('=').unwrap_or((item, ""));
            (decode(key), decode(value))
        })
        .collect();
    pairs.sort();
    let mut out = String::with_capacity(raw_query.len() + 16);
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.extend(utf8_percent_encode(key, KEEP));
        out.push('=');
        out.extend(utf8_percent_encode(value, KEEP));
    }
    out
}

/// Percent-decoding as Python's `unquote` does it: malformed escapes stay as they are, and
/// bytes that are not UTF-8 become U+FFFD.
fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// The canonical request of `request` for the given signed headers.
pub fn canonical_request(
    request: &SignedRequest<'_>,
    signed_headers: &[&str],
) -> Result<Vec<u8>, Rejection> {
    let mut out = Vec::with_capacity(512);
    out.extend_from_slice(request.method.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(canonical_uri(request.path).as_bytes());
    out.push(b'\n');
    out.extend_from_slice(canonical_query(request.query).as_bytes());
    out.push(b'\n');
    for name in signed_headers {
        let value = single_header(request.headers, name)?.ok_or_else(|| {
            Rejection::Malformed(format!(
                "SignedHeaders lists {name}, but the request has no such header."
            ))
        })?;
        out.extend_from_slice(name.as_bytes());
        out.push(b':');
        out.extend_from_slice(trim_ows(value));
        out.push(b'\n');
    }
    out.push(b'\n');
    out.extend_from_slice(signed_headers.join(";").as_bytes());
    out.push(b'\n');
    out.extend_from_slice(payload_hash(request)?.as_bytes());
    Ok(out)
}

/// The last line of the canonical request: the hash of the body (of nothing when empty), or
/// `UNSIGNED-PAYLOAD` when the client said so in `X-Sdk-Content-Sha256`.
fn payload_hash(request: &SignedRequest<'_>) -> Result<String, Rejection> {
    let actual = sha256_hex(request.body);
    if request.body.is_empty() {
        return Ok(actual);
    }
    match single_header_str(request.headers, "x-sdk-content-sha256")? {
        Some(UNSIGNED_PAYLOAD) => Ok(UNSIGNED_PAYLOAD.to_owned()),
        Some(claimed) if claimed != actual => Err(Rejection::Mismatch(format!(
            "X-Sdk-Content-Sha256 is {claimed}, but the body's SHA-256 is {actual}."
        ))),
        _ => Ok(actual),
    }
}

/// The string to sign: algorithm, date and the hash of the canonical request, one per line.
pub fn string_to_sign(date: &str, canonical_request: &[u8]) -> String {
    format!("{ALGORITHM}\n{date}\n{}", sha256_hex(canonical_request))
}

/// Unix seconds of an `X-Sdk-Date` value (`YYYYMMDDTHHMMSSZ`, UTC).
pub fn parse_date(value: &str) -> Option<i64> {
    let shape = value.len() == 16
        && value.bytes().enumerate().all(|(i, b)| match i {
            8 => b == b'T',
            15 => b == b'Z',
            _ => b.is_ascii_digit(),
        });
    if !shape {
        return None;
    }
    NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%SZ")
        .ok()
        .map(|t| t.and_utc().timestamp())
}

/// Checks `request`'s `SDK-HMAC-SHA256` signature against the accepted keys (AK → SK) at the
/// time `now`: the access key must be known, `X-Sdk-Date` signed and within [`MAX_SKEW`] of
/// `now`, and the signature must match.
pub fn verify(
    request: &SignedRequest<'_>,
    keys: &BTreeMap<String, String>,
    now: SystemTime,
) -> Result<Verified, Rejection> {
    let authorization = single_header_str(request.headers, "authorization")?
        .ok_or_else(|| Rejection::Malformed("The request has no Authorization header.".into()))?;
    let auth = parse_authorization(authorization)?;
    let secret = keys.get(auth.access).ok_or_else(|| {
        Rejection::UnknownKey(format!("The access key {} is not known.", auth.access))
    })?;
    let claimed = signature_bytes(auth.signature).ok_or_else(|| {
        Rejection::Malformed("The Signature must be 64 lowercase hex digits.".into())
    })?;
    if !auth.signed_headers.contains(&DATE_HEADER) {
        return Err(Rejection::Malformed(
            "X-Sdk-Date must be one of the SignedHeaders.".into(),
        ));
    }
    let date = single_header_str(request.headers, DATE_HEADER)?
        .ok_or_else(|| Rejection::Malformed("The X-Sdk-Date header is missing.".into()))?;
    let time = parse_date(date).ok_or_else(|| {
        Rejection::Malformed(format!(
            "X-Sdk-Date must be a UTC time written YYYYMMDDTHHMMSSZ, not {date:?}."
        ))
    })?;
    if !within(time, unix_seconds(now), MAX_SKEW) {
        return Err(Rejection::Expired(format!(
            "X-Sdk-Date {date} is more than {} minutes away from the server's time.",
            MAX_SKEW.as_secs() / 60
        )));
    }
    let canonical = canonical_request(request, &auth.signed_headers)?;
    let to_sign = string_to_sign(date, &canonical);
    let mut mac = hmac::Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(to_sign.as_bytes());
    mac.verify_slice(&claimed).map_err(|_| {
        Rejection::Mismatch(format!(
            "The signature does not match the request. The canonical request was \"{}\" and \
             the string to sign \"{}\".",
            one_line(&canonical),
            one_line(to_sign.as_bytes())
        ))
    })?;
    Ok(Verified {
        key_id: Some(auth.access.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values from the project's SDK research (§6.1, §6.4): the split rule for `%2F`,
    // the trailing slash, and the query's decode-sort-encode.
    #[test]
    fn canonical_uri_splits_encoded_slashes_and_ends_with_one() {
        assert_eq!(
            canonical_uri("/v4/groups/a%2Fb%20c/user-groups"),
            "/v4/groups/a/b%20c/user-groups/"
        );
        assert_eq!(
            canonical_uri("/v4/groups/123/user-groups"),
            "/v4/groups/123/user-groups/"
        );
        assert_eq!(
            canonical_uri("/v3/%7Bproject_id%7D/x"),
            "/v3/%7Bproject_id%7D/x/"
        );
    }

    #[test]
    fn canonical_query_sorts_decoded_pairs_and_keeps_plus() {
        assert_eq!(
            canonical_query("user_names=bob&language=en_US&user_name=a%20b%2Bc&user_names=alice"),
            "language=en_US&user_name=a%20b%2Bc&user_names=alice&user_names=bob"
        );
        assert_eq!(canonical_query("a+b=1&flag"), "a%2Bb=1&flag=");
        assert_eq!(canonical_query(""), "");
    }

    #[test]
    fn dates_are_utc_in_the_compact_form() {
        assert_eq!(parse_date("20250101T000000Z"), Some(1_735_689_600));
        assert_eq!(parse_date("2025-01-01T00:00:00Z"), None);
        assert_eq!(parse_date("20251301T000000Z"), None);
        assert_eq!(parse_date("+0250101T000000Z"), None);
    }

    #[test]
    fn authorization_fields_must_each_appear_once() {
        let ok = parse_authorization(
            "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=00",
        )
        .unwrap();
        assert_eq!(ok.access, "AK");
        assert_eq!(ok.signed_headers, ["host", "x-sdk-date"]);
        for bad in [
            "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host",
            "SDK-HMAC-SHA256 Access=AK, Access=AK, SignedHeaders=host, Signature=00",
            "SDK-HMAC-SHA256 Access=AK, SignedHeaders=Host, Signature=00",
            "SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;;b, Signature=00",
            "SDK-HMAC-SHA256 Access=AK,!SignedHeaders=host, Signature=00",
            "SDK-HMAC-SHA1 Access=AK, SignedHeaders=host, Signature=00",
        ] {
            assert!(parse_authorization(bad).is_err(), "{bad}");
        }
    }
}
