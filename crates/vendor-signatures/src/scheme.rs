//! What Huawei's `SDK-HMAC-SHA256` and Tencent's `TC3-HMAC-SHA256` have in common, written
//! once: an `Authorization` header of the form `ALGORITHM Key=…, SignedHeaders=…,
//! Signature=…`, a canonical request that ends with the signed headers and the payload hash,
//! a header that may claim the body's hash, and an HMAC-SHA256 over a string to sign. The
//! vendor modules keep what differs (URI, query, key derivation, the string to sign, dates);
//! EnOS shares only the reading of a numeric timestamp and of a hex signature.

use std::collections::BTreeMap;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::{
    Rejection, SignedRequest, UNSIGNED_PAYLOAD, one_line, sha256_hex, signature_bytes,
    single_header, single_header_str, trim_ows,
};

/// One vendor's `Authorization` header: its algorithm, the name of the field that carries
/// the key, and the form shown to a client whose header cannot be read.
pub(crate) struct HeaderForm {
    /// The first word of the header.
    pub algorithm: &'static str,
    /// The field naming the key: `Access` (Huawei) or `Credential` (Tencent).
    pub key_field: &'static str,
    /// Whether an empty key field counts as missing (Huawei); Tencent reads its credential
    /// scope further and reports a malformed one there.
    pub empty_key_is_missing: bool,
    /// What the fields after the algorithm should look like, for the error message.
    pub expected: &'static str,
}

/// The three fields of an `Authorization` header, as sent.
pub(crate) struct Fields<'a> {
    /// The key field's value.
    pub key: &'a str,
    /// `SignedHeaders` as sent, names separated by `;`.
    pub signed: &'a str,
    /// `Signature` as sent.
    pub signature: &'a str,
}

impl HeaderForm {
    /// Whether an `Authorization` value claims this scheme: the algorithm, then a space.
    pub fn claims(&self, authorization: &str) -> bool {
        authorization
            .strip_prefix(self.algorithm)
            .is_some_and(|rest| rest.starts_with(' '))
    }

    /// The refusal of a header that cannot be read, saying why and what was expected.
    pub fn malformed(&self, why: &str) -> Rejection {
        Rejection::Malformed(format!(
            "The Authorization header is not a valid {0} signature ({why}); expected `{0} {1}`.",
            self.algorithm, self.expected
        ))
    }

    /// Splits the header into its fields. Each of the key field, `SignedHeaders` and
    /// `Signature` must appear exactly once, separated by commas; nothing else may appear.
    pub fn fields<'a>(&self, value: &'a str) -> Result<Fields<'a>, Rejection> {
        let rest = value
            .strip_prefix(self.algorithm)
            .and_then(|r| r.strip_prefix(' '))
            .ok_or_else(|| self.malformed("wrong algorithm"))?;
        let (mut key, mut signed, mut signature) = (None, None, None);
        for field in rest.split(',') {
            let (name, value) = field
                .trim_matches(' ')
                .split_once('=')
                .ok_or_else(|| self.malformed("a field without `=`"))?;
            let slot = match name {
                "SignedHeaders" => &mut signed,
                "Signature" => &mut signature,
                _ if name == self.key_field => &mut key,
                _ => return Err(self.malformed(&format!("unknown field {name:?}"))),
            };
            if slot.replace(value).is_some() {
                return Err(self.malformed(&format!("{name} given twice")));
            }
        }
        let key = key
            .filter(|k| !(self.empty_key_is_missing && k.is_empty()))
            .ok_or_else(|| self.malformed(&format!("no {}", self.key_field)))?;
        let signed = signed.ok_or_else(|| self.malformed("no SignedHeaders"))?;
        let signature = signature.ok_or_else(|| self.malformed("no Signature"))?;
        Ok(Fields {
            key,
            signed,
            signature,
        })
    }

    /// The names `SignedHeaders` lists: lowercase, none empty.
    pub fn signed_headers<'a>(&self, signed: &'a str) -> Result<Vec<&'a str>, Rejection> {
        let names: Vec<&str> = signed.split(';').collect();
        if let Some(bad) = names
            .iter()
            .find(|h| h.is_empty() || h.bytes().any(|b| b.is_ascii_uppercase()))
        {
            return Err(self.malformed(&format!(
                "SignedHeaders must list lowercase header names separated by `;`, found {bad:?}"
            )));
        }
        Ok(names)
    }
}

/// How a signed header's value goes into the canonical request.
#[derive(Clone, Copy)]
pub(crate) enum HeaderValues {
    /// Trimmed, as sent (Huawei).
    AsSent,
    /// Trimmed and lowercased (Tencent).
    Lowercase,
}

/// A canonical request: `METHOD\nURI\nQUERY\n`, a `name:value` line per signed header, an
/// empty line, the signed names joined with `;`, and the payload hash. The payload hash is
/// asked for last, so that a problem with the headers is reported first.
pub(crate) fn canonical_request(
    request: &SignedRequest<'_>,
    uri: &str,
    query: &str,
    signed_headers: &[&str],
    values: HeaderValues,
    payload_hash: impl FnOnce() -> Result<String, Rejection>,
) -> Result<Vec<u8>, Rejection> {
    let mut out = Vec::with_capacity(512);
    for part in [request.method, uri, query] {
        out.extend_from_slice(part.as_bytes());
        out.push(b'\n');
    }
    for name in signed_headers {
        let value = single_header(request.headers, name)?.ok_or_else(|| {
            Rejection::Malformed(format!(
                "SignedHeaders lists {name}, but the request has no such header."
            ))
        })?;
        out.extend_from_slice(name.as_bytes());
        out.push(b':');
        match values {
            HeaderValues::AsSent => out.extend_from_slice(trim_ows(value)),
            HeaderValues::Lowercase => {
                out.extend(trim_ows(value).iter().map(u8::to_ascii_lowercase));
            }
        }
        out.push(b'\n');
    }
    out.push(b'\n');
    out.extend_from_slice(signed_headers.join(";").as_bytes());
    out.push(b'\n');
    out.extend_from_slice(payload_hash()?.as_bytes());
    Ok(out)
}

/// What the payload-hash header says about the body.
pub(crate) enum Payload {
    /// The client left the body unsigned.
    Unsigned,
    /// The body's SHA-256 (hex), which the header, when sent, equals.
    Hash(String),
}

/// Reads the payload-hash header `header` (lowercase; `label` is how the vendor writes it):
/// absent or equal to the body's hash, the hash; `UNSIGNED-PAYLOAD`, unsigned; anything
/// else, a mismatch.
pub(crate) fn payload(
    request: &SignedRequest<'_>,
    header: &str,
    label: &str,
) -> Result<Payload, Rejection> {
    let actual = sha256_hex(request.body);
    match single_header_str(request.headers, header)? {
        Some(UNSIGNED_PAYLOAD) => Ok(Payload::Unsigned),
        Some(claimed) if claimed != actual => Err(Rejection::Mismatch(format!(
            "{label} is {claimed}, but the body's SHA-256 is {actual}."
        ))),
        _ => Ok(Payload::Hash(actual)),
    }
}

/// The request's one `Authorization` header.
pub(crate) fn authorization<'r>(request: &SignedRequest<'r>) -> Result<&'r str, Rejection> {
    single_header_str(request.headers, "authorization")?
        .ok_or_else(|| Rejection::Malformed("The request has no Authorization header.".into()))
}

/// The secret of key `id` (`what` names the kind of key in the message).
pub(crate) fn secret<'k>(
    keys: &'k BTreeMap<String, String>,
    id: &str,
    what: &str,
) -> Result<&'k String, Rejection> {
    keys.get(id)
        .ok_or_else(|| Rejection::UnknownKey(format!("The {what} {id} is not known.")))
}

/// The bytes of a claimed signature (`what` names it in the message).
pub(crate) fn claimed_signature(text: &str, what: &str) -> Result<[u8; 32], Rejection> {
    signature_bytes(text)
        .ok_or_else(|| Rejection::Malformed(format!("{what} must be 64 lowercase hex digits.")))
}

/// A timestamp header's value as a number: decimal digits only (no sign, no spaces).
pub(crate) fn unix_number(value: &str, header: &str, unit: &str) -> Result<i64, Rejection> {
    value
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| value.parse::<i64>().ok())
        .flatten()
        .ok_or_else(|| {
            Rejection::Malformed(format!(
                "{header} must be a Unix time in {unit}, not {value:?}."
            ))
        })
}

/// HMAC-SHA256 of `message` under `key`, not yet finished.
pub(crate) fn hmac(key: &[u8], message: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message);
    mac
}

/// Checks that `claimed` is the HMAC of `to_sign` under `key`, in constant time. A mismatch
/// says `lead`, then the canonical request and string to sign the server computed, which is
/// what a developer needs to find the difference (the stub guards no real secret).
pub(crate) fn check(
    key: &[u8],
    to_sign: &str,
    claimed: &[u8; 32],
    canonical: &[u8],
    lead: &str,
) -> Result<(), Rejection> {
    hmac(key, to_sign.as_bytes())
        .verify_slice(claimed)
        .map_err(|_| {
            Rejection::Mismatch(format!(
                "{lead} The canonical request was \"{}\" and the string to sign \"{}\".",
                one_line(canonical),
                one_line(to_sign.as_bytes())
            ))
        })
}
