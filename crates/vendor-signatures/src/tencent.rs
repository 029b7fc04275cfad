//! Tencent Cloud `TC3-HMAC-SHA256` (API 3.0 signature v3).
//!
//! The canonical request is `METHOD\n/\nQUERY\nHEADERS\nSIGNED_HEADERS\nhex(SHA-256(body))`:
//! the URI is always `/`, the query is the one sent, the headers are the signed ones (at least
//! `content-type` and `host`) with lowercase names and values. The signing key is derived from
//! the SecretKey through the credential scope: `HMAC("TC3" + SecretKey, date)`, then the
//! service, then `tc3_request`; the signature is that key's HMAC of
//! `"TC3-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + hex(SHA-256(canonical request))`.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use chrono::DateTime;
use hmac::Mac;
use http::header::{CONTENT_TYPE, HOST};
use http::{HeaderMap, HeaderName};

use crate::scheme::{self, HeaderValues, Scheme, Unsigned};
use crate::signing::{self, SignError, SigningKey, header_value};
use crate::{Rejection, SignedRequest, Verified, sha256_hex, single_header_str};
use crate::{unix_seconds, within};

/// The algorithm name, first word of the `Authorization` header.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";

/// The scheme: the credential scope in `Credential`, read further by [`parse_authorization`];
/// header values lowercased; the body's hash claimed in `X-TC-Content-SHA256`.
const SCHEME: Scheme = Scheme {
    algorithm: ALGORITHM,
    key_field: "Credential",
    empty_key_is_missing: false,
    expected: "Credential=<SecretId>/<YYYY-MM-DD>/<service>/tc3_request, \
               SignedHeaders=content-type;host, Signature=<64 hex digits>",
    values: HeaderValues::Lowercase,
    payload_header: ("x-tc-content-sha256", "X-TC-Content-SHA256"),
    empty_body_ignores_claim: false,
    unsigned: Unsigned::HashOfWords,
};

/// Whether an `Authorization` value claims this scheme.
pub fn is_signature(authorization: &str) -> bool {
    SCHEME.claims(authorization)
}

/// How far `X-TC-Timestamp` may be from the server's clock: five minutes, as the signature
/// documentation says.
pub const MAX_SKEW: Duration = Duration::from_secs(5 * 60);
/// The last part of every credential scope.
pub const TERMINATOR: &str = "tc3_request";

/// The parts of a `TC3-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization<'a> {
    /// The SecretId.
    pub secret_id: &'a str,
    /// The date of the credential scope, `YYYY-MM-DD`.
    pub date: &'a str,
    /// The service of the credential scope, e.g. `cwp`.
    pub service: &'a str,
    /// The signed header names, in the order the client listed them.
    pub signed_headers: Vec<&'a str>,
    /// The signature as sent.
    pub signature: &'a str,
}

/// Reads an `Authorization` header of this scheme.
pub fn parse_authorization(value: &str) -> Result<Authorization<'_>, Rejection> {
    let fields = SCHEME.fields(value)?;
    let parts: Vec<&str> = fields.key.split('/').collect();
    let [secret_id, date, service, terminator] = parts[..] else {
        return Err(SCHEME.malformed("Credential must be SecretId/date/service/tc3_request"));
    };
    if secret_id.is_empty() || terminator != TERMINATOR {
        return Err(SCHEME.malformed("Credential must be SecretId/date/service/tc3_request"));
    }
    let signed_headers = SCHEME.signed_headers(fields.signed)?;
    for required in ["content-type", "host"] {
        if !signed_headers.contains(&required) {
            return Err(SCHEME.malformed(&format!("SignedHeaders must include {required}")));
        }
    }
    Ok(Authorization {
        secret_id,
        date,
        service,
        signed_headers,
        signature: fields.signature,
    })
}

/// The canonical request of `request` for the given signed headers: the URI is always `/`
/// (the SDKs sign `/` whatever path they post to), the query is the one sent, the header
/// values are lowercased, and the body's hash ends it (of the words `UNSIGNED-PAYLOAD` when
/// the client left the body unsigned).
pub fn canonical_request(
    request: &SignedRequest<'_>,
    signed_headers: &[&str],
) -> Result<Vec<u8>, Rejection> {
    SCHEME.canonical_request(request, "/", request.query, signed_headers)
}

/// The UTC date (`YYYY-MM-DD`) of a Unix time.
pub fn utc_date(unix_seconds: i64) -> Option<String> {
    DateTime::from_timestamp(unix_seconds, 0).map(|t| t.format("%Y-%m-%d").to_string())
}

/// The signing key of a SecretKey for a date and service.
pub fn signing_key(secret_key: &str, date: &str, service: &str) -> [u8; 32] {
    let step = |key: &[u8], message: &str| -> [u8; 32] {
        scheme::hmac(key, message.as_bytes())
            .finalize()
            .into_bytes()
            .into()
    };
    let date_key = step(format!("TC3{secret_key}").as_bytes(), date);
    let service_key = step(&date_key, service);
    step(&service_key, TERMINATOR)
}

/// Checks `request`'s `TC3-HMAC-SHA256` signature for `service` against the accepted keys
/// (SecretId → SecretKey) at the time `now`: the SecretId must be known, `X-TC-Timestamp`
/// within [`MAX_SKEW`] of `now`, the credential scope's date that of the timestamp and its
/// service `service`, and the signature must match.
pub fn verify(
    request: &SignedRequest<'_>,
    service: &str,
    keys: &BTreeMap<String, String>,
    now: SystemTime,
) -> Result<Verified, Rejection> {
    let auth = parse_authorization(scheme::authorization(request)?)?;
    let (secret, claimed) =
        scheme::secret_and_signature(keys, ("SecretId", auth.secret_id), auth.signature)?;
    let timestamp = single_header_str(request.headers, "x-tc-timestamp")?
        .ok_or_else(|| Rejection::Malformed("The X-TC-Timestamp header is missing.".into()))?;
    let time = scheme::unix_number(timestamp, "X-TC-Timestamp", "seconds")?;
    if !within(time, unix_seconds(now), MAX_SKEW) {
        return Err(Rejection::Expired(format!(
            "Signature expired: X-TC-Timestamp {timestamp} and the server's time differ by more \
             than {} minutes.",
            MAX_SKEW.as_secs() / 60
        )));
    }
    let date = utc_date(time).ok_or_else(|| {
        Rejection::Malformed(format!("X-TC-Timestamp {timestamp} is not a date."))
    })?;
    if auth.date != date {
        return Err(Rejection::Mismatch(format!(
            "The credential scope's date {} is not the UTC date of X-TC-Timestamp ({date}).",
            auth.date
        )));
    }
    if auth.service != service {
        return Err(Rejection::Mismatch(format!(
            "The credential scope names the service {:?}; this API belongs to {service:?}.",
            auth.service
        )));
    }
    let canonical = canonical_request(request, &auth.signed_headers)?;
    let scope = format!("{date}/{service}/{TERMINATOR}");
    let to_sign = format!(
        "{ALGORITHM}\n{timestamp}\n{scope}\n{}",
        sha256_hex(&canonical)
    );
    scheme::check(
        &signing_key(secret, &date, service),
        &to_sign,
        &claimed,
        &canonical,
        "The provided credentials could not be validated: the signature does not match.",
    )?;
    Ok(Verified {
        key_id: Some(auth.secret_id.to_owned()),
    })
}

/// Signs `request` for `host` and `service` at the Unix time `timestamp` as the Tencent SDK
/// does, and returns the headers to set on it: `Host`, `X-TC-Timestamp` and `Authorization`.
/// Only `content-type` (which `request` must carry) and `host` are signed, as the SDK signs
/// them; the URI is `/`, the query the one sent, and the body hashed.
pub fn sign(
    request: &SignedRequest<'_>,
    host: &str,
    service: &str,
    key: &SigningKey,
    timestamp: i64,
) -> Result<HeaderMap, SignError> {
    const SIGNED: [&str; 2] = ["content-type", "host"];
    let date = utc_date(timestamp).ok_or(SignError::Time(timestamp))?;
    let host = header_value("the host", host)?;
    let mut signed = HeaderMap::new();
    if let Some(content_type) = request.headers.get(CONTENT_TYPE) {
        signed.insert(CONTENT_TYPE, content_type.clone());
    }
    signed.insert(HOST, host.clone());
    let canonical = canonical_request(
        &SignedRequest {
            headers: &signed,
            ..*request
        },
        &SIGNED,
    )?;
    let scope = format!("{date}/{service}/{TERMINATOR}");
    let to_sign = format!(
        "{ALGORITHM}\n{timestamp}\n{scope}\n{}",
        sha256_hex(&canonical)
    );
    let signature = signing::signature(&signing_key(key.secret(), &date, service), &to_sign);
    let authorization = format!(
        "{ALGORITHM} Credential={}/{scope}, SignedHeaders={}, Signature={signature}",
        key.id(),
        SIGNED.join(";")
    );
    let time = (
        HeaderName::from_static("x-tc-timestamp"),
        header_value("the timestamp", &timestamp.to_string())?,
    );
    signing::headers(host, time, &authorization, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc() {
        // 1700000000 is 2023-11-14T22:13:20Z (the research's deterministic capture).
        assert_eq!(utc_date(1_700_000_000).as_deref(), Some("2023-11-14"));
        assert_eq!(utc_date(0).as_deref(), Some("1970-01-01"));
    }

    #[test]
    fn authorization_needs_the_scope_and_both_required_headers() {
        let ok = parse_authorization(
            "TC3-HMAC-SHA256 Credential=AKID/2023-11-14/cwp/tc3_request, \
             SignedHeaders=content-type;host, Signature=00",
        )
        .unwrap();
        assert_eq!(
            (ok.secret_id, ok.date, ok.service),
            ("AKID", "2023-11-14", "cwp")
        );
        for bad in [
            "TC3-HMAC-SHA256 Credential=AKID/2023-11-14/cwp, SignedHeaders=content-type;host, Signature=00",
            "TC3-HMAC-SHA256 Credential=AKID/2023-11-14/cwp/tc3_request, SignedHeaders=host, Signature=00",
            "TC3-HMAC-SHA256 Credential=AKID/2023-11-14/cwp/tc3_request, SignedHeaders=content-type;host",
            "TC3-HMAC-SHA1 Credential=AKID/2023-11-14/cwp/tc3_request, SignedHeaders=content-type;host, Signature=00",
        ] {
            assert!(parse_authorization(bad).is_err(), "{bad}");
        }
    }

    // The documentation's GET example (seed facts §3.7, vector A): SecretKey
    // Gu5t9xGARNpq86cd98joQYCN3EXAMPLE, service cvm, timestamp 1539084154.
    #[test]
    fn the_documented_get_example_verifies() {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            "content-type",
            "application/x-www-form-urlencoded".parse().unwrap(),
        );
        headers.insert("host", "cvm.tencentcloudapi.com".parse().unwrap());
        headers.insert("x-tc-timestamp", "1539084154".parse().unwrap());
        headers.insert(
            "authorization",
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2018-10-09/cvm/tc3_request, \
             SignedHeaders=content-type;host, \
             Signature=5da7a33f6993f0614b047e5df4582db9e9bf4672ba50567dba16c6ccf174c474"
                .parse()
                .unwrap(),
        );
        let request = SignedRequest {
            method: "GET",
            path: "/",
            query: "Limit=10&Offset=0",
            headers: &headers,
            body: b"",
        };
        let canonical = canonical_request(&request, &["content-type", "host"]).unwrap();
        assert_eq!(
            sha256_hex(&canonical),
            "91c9c192c14460df6c1ffc69e34e6c5e90708de2a6d282cccf957dbf1aa7f3a7"
        );
        let keys = BTreeMap::from([(
            "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE".to_owned(),
            "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE".to_owned(),
        )]);
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_539_084_154 + 60);
        assert!(verify(&request, "cvm", &keys, now).is_ok());
        let later = SystemTime::UNIX_EPOCH + Duration::from_secs(1_539_084_154 + 301);
        assert!(matches!(
            verify(&request, "cvm", &keys, later),
            Err(Rejection::Expired(_))
        ));
    }
}
