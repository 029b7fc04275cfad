//! Checks the request signatures of Huawei Cloud (`SDK-HMAC-SHA256`), Tencent Cloud
//! (`TC3-HMAC-SHA256`) and the EnOS API gateway (APIM token signature) from the bytes on the
//! wire and a secret, the way each vendor's gateway does before a request reaches the service.
//!
//! Everything here is a pure function of the request ([`SignedRequest`]: method, raw path,
//! raw query, headers, body), the accepted keys ([`Credentials`]) and the time the caller says
//! it is, so that recorded requests with timestamps in the past can be checked by pinning the
//! clock. No web framework, no I/O.
//!
//! The Huawei and Tencent modules also sign ([`huawei::sign`], [`tencent::sign`]) with the same
//! canonical-request code, so that a request can be signed again for another host as the
//! vendor's SDK would sign it.
//!
//! The algorithms follow the vendors' published descriptions and, where those are silent,
//! the vendors' Python SDKs (see `../shared/research/sdk-ground-truth.md` §6 in the project's
//! research notes, and ENGINEERING.md, "Signature verification").

pub mod enos;
pub mod huawei;
pub mod signing;
pub mod tencent;

mod credentials;
mod scheme;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::HeaderMap;
use sha2::{Digest, Sha256};

pub use credentials::{Credentials, CredentialsError};

/// The value of the payload-hash header (Huawei `X-Sdk-Content-Sha256`, Tencent
/// `X-TC-Content-SHA256`) with which a client leaves the body unsigned: the same words for
/// both vendors.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// A request as the gateway received it. `path` and `query` are exactly as sent
/// (percent-encoded, `query` without the `?`, empty when there is none), `body` the raw bytes.
#[derive(Debug, Clone, Copy)]
pub struct SignedRequest<'a> {
    /// The method, e.g. `GET`.
    pub method: &'a str,
    /// The path as sent, e.g. `/v4/groups/123/user-groups`.
    pub path: &'a str,
    /// The query as sent, without `?`.
    pub query: &'a str,
    /// All request headers.
    pub headers: &'a HeaderMap,
    /// The body bytes.
    pub body: &'a [u8],
}

/// Why a request's credentials were refused; each vendor maps the kinds to its own codes.
/// Each kind carries the message for the client, which is also its `Display`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    /// The credentials cannot be read: a malformed `Authorization` header, a missing or
    /// unparseable date header, a signed header that is absent or repeated.
    #[error("{0}")]
    Malformed(String),
    /// The key id (Huawei access key, Tencent SecretId, EnOS app) is not among the accepted
    /// keys, or an unverifiable token is not on the accepted list.
    #[error("{0}")]
    UnknownKey(String),
    /// The request's time is too far from the verifier's clock.
    #[error("{0}")]
    Expired(String),
    /// Everything is readable and the key is known, but the signature does not match.
    #[error("{0}")]
    Mismatch(String),
}

impl Rejection {
    /// What went wrong, for the client.
    pub fn message(&self) -> &str {
        match self {
            Rejection::Malformed(m)
            | Rejection::UnknownKey(m)
            | Rejection::Expired(m)
            | Rejection::Mismatch(m) => m,
        }
    }
}

/// A request whose credentials were accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The key the signature was made with (access key, SecretId, EnOS app key), or `None`
    /// when the credentials were accepted without a signature to check (a listed Huawei
    /// token, an EnOS token of the poseidon SDK's form).
    pub key_id: Option<String>,
}

/// Lowercase hex of SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    out
}

/// The bytes of a signature written as exactly 64 lowercase hex digits, as both vendors write
/// them. Uppercase is refused rather than folded, so that a changed character is never read
/// as the same signature.
fn signature_bytes(text: &str) -> Option<[u8; 32]> {
    let digits = text.as_bytes();
    if digits.len() != 64 {
        return None;
    }
    let value = |d: u8| match d {
        b'0'..=b'9' => Some(d - b'0'),
        b'a'..=b'f' => Some(d - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; 32];
    for (i, pair) in digits.chunks_exact(2).enumerate() {
        out[i] = (value(pair[0])? << 4) | value(pair[1])?;
    }
    Some(out)
}

/// The one value of a header, as bytes: `Ok(None)` when absent, an error when sent twice
/// (a signed value must be unambiguous).
fn single_header<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h [u8]>, Rejection> {
    let mut values = headers.get_all(name).iter();
    let first = values.next();
    if values.next().is_some() {
        return Err(Rejection::Malformed(format!(
            "The header {name} is sent more than once; it must appear once."
        )));
    }
    Ok(first.map(|v| v.as_bytes()))
}

/// The one value of a header as text; non-UTF-8 values are refused.
fn single_header_str<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h str>, Rejection> {
    match single_header(headers, name)? {
        None => Ok(None),
        Some(bytes) => std::str::from_utf8(bytes)
            .map(Some)
            .map_err(|_| Rejection::Malformed(format!("The header {name} is not valid UTF-8."))),
    }
}

/// `bytes` without leading and trailing spaces and tabs (HTTP's optional whitespace).
fn trim_ows(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t'))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t'))
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

/// Seconds since the Unix epoch (negative before it).
fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

/// Milliseconds since the Unix epoch (negative before it).
fn unix_millis(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

/// Whether `a` and `b` are at most `window` apart.
fn within(a: i64, b: i64, window: Duration) -> bool {
    let window = i64::try_from(window.as_secs()).unwrap_or(i64::MAX);
    a.abs_diff(b) <= window.unsigned_abs()
}

/// Writes `text` for a message, with line breaks shown as `\n`, so that a canonical request
/// fits on one line of an error message.
fn one_line(text: &[u8]) -> String {
    String::from_utf8_lossy(text).replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_64_lowercase_hex_digits() {
        let text = "00ff".repeat(16);
        assert_eq!(signature_bytes(&text).map(|b| b[1]), Some(0xff));
        assert!(signature_bytes(&text.to_uppercase()).is_none());
        assert!(signature_bytes(&text[..62]).is_none());
        assert!(signature_bytes(&format!("{}0g", &text[..62])).is_none());
    }

    #[test]
    fn hex_of_sha256_of_nothing() {
        // The well-known digest of the empty string.
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn trimming_keeps_inner_whitespace() {
        assert_eq!(trim_ows(b" \ta b\t "), b"a b");
        assert_eq!(trim_ows(b"   "), b"");
    }
}
