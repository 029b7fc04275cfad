//! Huawei Cloud `SDK-HMAC-SHA256`: the AK/SK signature API Gateway checks on every Huawei API.
//!
//! The canonical request is `METHOD\nURI\nQUERY\nHEADERS\nSIGNED_HEADERS\nPAYLOAD_HASH`, where
//! the URI and query are decoded and encoded again (so that the encoding a client chose does
//! not matter, only what it means), the URI always ends in `/`, the headers are the ones the
//! `Authorization` header lists, and there is no key derivation: the signature is
//! `HMAC-SHA256(SK, "SDK-HMAC-SHA256\n" + X-Sdk-Date + "\n" + hex(SHA-256(canonical request)))`.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, NaiveDateTime};
use http::header::{AUTHORIZATION, HOST};
use http::{HeaderMap, HeaderName};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use crate::scheme::{self, HeaderValues, Scheme, Unsigned};
use crate::signing::{self, SignError, SigningKey, header_value};
use crate::{
    Rejection, SignedRequest, Verified, sha256_hex, single_header_str, unix_seconds, within,
};

/// The algorithm name, first word of the `Authorization` header.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// How far `X-Sdk-Date` may be from the gateway's clock: API Gateway refuses requests more
/// than 15 minutes off.
pub const MAX_SKEW: Duration = Duration::from_secs(15 * 60);
/// The date header, signed with every request.
pub const DATE_HEADER: &str = "x-sdk-date";

/// The scheme: the access key in `Access`, which must not be empty; header values as sent;
/// the body's hash claimed in `X-Sdk-Content-Sha256`, which is not read for an empty body.
const SCHEME: Scheme = Scheme {
    algorithm: ALGORITHM,
    key_field: "Access",
    empty_key_is_missing: true,
    expected: "Access=<AK>, SignedHeaders=<h1;h2>, Signature=<64 hex digits>",
    values: HeaderValues::AsSent,
    payload_header: ("x-sdk-content-sha256", "X-Sdk-Content-Sha256"),
    empty_body_ignores_claim: true,
    unsigned: Unsigned::Words,
};

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
    SCHEME.claims(authorization)
}

/// Reads an `Authorization` header of this scheme. Each of `Access`, `SignedHeaders` and
/// `Signature` must appear exactly once, separated by commas; nothing else may appear.
pub fn parse_authorization(value: &str) -> Result<Authorization<'_>, Rejection> {
    let fields = SCHEME.fields(value)?;
    Ok(Authorization {
        access: fields.key,
        signed_headers: SCHEME.signed_headers(fields.signed)?,
        signature: fields.signature,
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

/// The canonical request of `request` for the given signed headers: the URI and query
/// decoded and encoded again, the header values as sent (trimmed), and the body's hash (of
/// nothing when empty), or `UNSIGNED-PAYLOAD` when the client said so in
/// `X-Sdk-Content-Sha256`.
pub fn canonical_request(
    request: &SignedRequest<'_>,
    signed_headers: &[&str],
) -> Result<Vec<u8>, Rejection> {
    let uri = canonical_uri(request.path);
    let query = canonical_query(request.query);
    SCHEME.canonical_request(request, &uri, &query, signed_headers)
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
/// `now`, and the signature must match. There is no key derivation: the SK signs directly.
pub fn verify(
    request: &SignedRequest<'_>,
    keys: &BTreeMap<String, String>,
    now: SystemTime,
) -> Result<Verified, Rejection> {
    let auth = parse_authorization(scheme::authorization(request)?)?;
    let (secret, claimed) =
        scheme::secret_and_signature(keys, ("access key", auth.access), auth.signature)?;
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
    scheme::check(
        secret.as_bytes(),
        &to_sign,
        &claimed,
        &canonical,
        "The signature does not match the request.",
    )?;
    Ok(Verified {
        key_id: Some(auth.access.to_owned()),
    })
}

/// Signs `request` for `host` at `time` as the Huawei SDK does, and returns the headers to set
/// on it: `Host`, `X-Sdk-Date` and `Authorization`. Every header of `request` is signed (its
/// own `Host`, `X-Sdk-Date` and `Authorization` are replaced), names sorted, so the caller
/// passes exactly the headers it will send; the body is hashed, or left unsigned when
/// `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` is among them.
pub fn sign(
    request: &SignedRequest<'_>,
    host: &str,
    key: &SigningKey,
    time: SystemTime,
) -> Result<HeaderMap, SignError> {
    let seconds = unix_seconds(time);
    let date = DateTime::from_timestamp(seconds, 0)
        .ok_or(SignError::Time(seconds))?
        .format("%Y%m%dT%H%M%SZ")
        .to_string();
    let host = header_value("the host", host)?;
    let date_value = header_value("the date", &date)?;
    let mut all = request.headers.clone();
    all.remove(AUTHORIZATION);
    all.insert(HOST, host.clone());
    all.insert(DATE_HEADER, date_value.clone());
    let mut names: Vec<&str> = all.keys().map(HeaderName::as_str).collect();
    names.sort_unstable();
    let canonical = canonical_request(
        &SignedRequest {
            headers: &all,
            ..*request
        },
        &names,
    )?;
    let signature = signing::signature(key.secret().as_bytes(), &string_to_sign(&date, &canonical));
    let authorization = format!(
        "{ALGORITHM} Access={}, SignedHeaders={}, Signature={signature}",
        key.id(),
        names.join(";")
    );
    let time = (HeaderName::from_static(DATE_HEADER), date_value);
    signing::headers(host, time, &authorization, key)
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
        let table = [
            ("20250101T000000Z", Some(1_735_689_600)),
            ("2025-01-01T00:00:00Z", None),
            ("20251301T000000Z", None),
            ("+0250101T000000Z", None),
        ];
        for (text, seconds) in table {
            assert_eq!(parse_date(text), seconds, "{text}");
        }
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
