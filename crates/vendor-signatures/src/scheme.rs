//! What Huawei's `SDK-HMAC-SHA256` and Tencent's `TC3-HMAC-SHA256` have in common, written
//! once: an `Authorization` header of the form `ALGORITHM Key=…, SignedHeaders=…,
//! Signature=…`, a canonical request that ends with the signed headers and the payload hash,
//! a header that may claim the body's hash, and an HMAC-SHA256 over a string to sign. Each
//! vendor module declares its [`Scheme`] as data and keeps what differs in code (URI, query,
//! key derivation, the string to sign, dates); EnOS shares only the reading of a numeric
//! timestamp and of a hex signature.

use std::collections::BTreeMap;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::{
    Rejection, SignedRequest, UNSIGNED_PAYLOAD, one_line, sha256_hex, signature_bytes,
    single_header, single_header_str, trim_ows,
};

/// One vendor's scheme, as data: its `Authorization` header (algorithm, the field that
/// carries the key, the form shown to a client whose header cannot be read) and how its
/// canonical request treats header values and the body.
pub(crate) struct Scheme {
    /// The first word of the header.
    pub algorithm: &'static str,
    /// The field naming the key: `Access` (Huawei) or `Credential` (Tencent).
    pub key_field: &'static str,
    /// Whether an empty key field counts as missing (Huawei); Tencent reads its credential
    /// scope further and reports a malformed one there.
    pub empty_key_is_missing: bool,
    /// What the fields after the algorithm should look like, for the error message.
    pub expected: &'static str,
    /// How signed header values go into the canonical request.
    pub values: HeaderValues,
    /// The header with which a client may claim the body's hash (lowercase), and how the
    /// vendor writes its name.
    pub payload_header: (&'static str, &'static str),
    /// Whether an empty body is hashed whatever the payload header says (Huawei reads the
    /// header only when there is a body).
    pub empty_body_ignores_claim: bool,
    /// What the canonical request ends with when the client leaves the body unsigned.
    pub unsigned: Unsigned,
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

impl Scheme {
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

    /// A canonical request: `METHOD\nURI\nQUERY\n`, a `name:value` line per signed header,
    /// an empty line, the signed names joined with `;`, and the payload hash (computed last,
    /// so that a problem with the headers is reported first).
    pub fn canonical_request(
        &self,
        request: &SignedRequest<'_>,
        uri: &str,
        query: &str,
        signed_headers: &[&str],
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
            match self.values {
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
        out.extend_from_slice(self.payload_hash(request)?.as_bytes());
        Ok(out)
    }

    /// The last line of the canonical request: the body's SHA-256 (hex), unless the payload
    /// header says `UNSIGNED-PAYLOAD`. A claimed hash that is not the body's is a mismatch.
    fn payload_hash(&self, request: &SignedRequest<'_>) -> Result<String, Rejection> {
        let actual = sha256_hex(request.body);
        if self.empty_body_ignores_claim && request.body.is_empty() {
            return Ok(actual);
        }
        let (header, label) = self.payload_header;
        match single_header_str(request.headers, header)? {
            Some(UNSIGNED_PAYLOAD) => Ok(match self.unsigned {
                Unsigned::Words => UNSIGNED_PAYLOAD.to_owned(),
                Unsigned::HashOfWords => sha256_hex(UNSIGNED_PAYLOAD.as_bytes()),
            }),
            Some(claimed) if claimed != actual => Err(Rejection::Mismatch(format!(
                "{label} is {claimed}, but the body's SHA-256 is {actual}."
            ))),
            _ => Ok(actual),
        }
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

/// What the canonical request ends with when the client leaves the body unsigned.
#[derive(Clone, Copy)]
pub(crate) enum Unsigned {
    /// The words `UNSIGNED-PAYLOAD` themselves (Huawei).
    Words,
    /// The SHA-256 of those words (Tencent).
    HashOfWords,
}

/// The request's one `Authorization` header.
pub(crate) fn authorization<'r>(request: &SignedRequest<'r>) -> Result<&'r str, Rejection> {
    single_header_str(request.headers, "authorization")?
        .ok_or_else(|| Rejection::Malformed("The request has no Authorization header.".into()))
}

/// The secret of the key `id` an `Authorization` header names (`what` names the kind of key
/// in the message), and the bytes of the signature it claims: the key must be known, then the
/// signature well formed.
pub(crate) fn secret_and_signature<'k>(
    keys: &'k BTreeMap<String, String>,
    (what, id): (&str, &str),
    signature: &str,
) -> Result<(&'k String, [u8; 32]), Rejection> {
    let secret = keys
        .get(id)
        .ok_or_else(|| Rejection::UnknownKey(format!("The {what} {id} is not known.")))?;
    Ok((secret, claimed_signature(signature, "The Signature")?))
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
