//! EnOS API gateway (APIM) credentials.
//!
//! EnOS documents one scheme: an application trades its key and secret for an access token,
//! then signs each call with `apim-signature = hex(SHA-256(token + params + timestamp +
//! secret))`, where `params` is the query parameters sorted by name and written `name value`
//! without separators, followed by the body exactly as sent, and `timestamp` the
//! `apim-timestamp` header (milliseconds). The stub issues no tokens, so any token is taken
//! as the one the gateway handed out; what is checked is that the signature was made with an
//! accepted application secret, over this token, these parameters, this body and a fresh
//! timestamp.
//!
//! The only working EnOS Python SDK (enos-poseidon) sends no signature: its `apim-accesstoken`
//! is an RSA-OAEP ciphertext made with a public key built into the package, which only EnOS
//! can decrypt. Such a request is accepted when its token has the exact form of that
//! ciphertext (base64 of 256 bytes) and cannot be checked any further.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::scheme;
use crate::{Rejection, SignedRequest, Verified, single_header_str, unix_millis};

/// The access token header.
pub const TOKEN_HEADER: &str = "apim-accesstoken";
/// The signature header.
pub const SIGNATURE_HEADER: &str = "apim-signature";
/// The timestamp header, milliseconds since the Unix epoch.
pub const TIMESTAMP_HEADER: &str = "apim-timestamp";
/// How far `apim-timestamp` may be from the server's clock. EnOS publishes no window; five
/// minutes, as Tencent documents, is the project's choice (ENGINEERING.md).
pub const MAX_SKEW: Duration = Duration::from_secs(5 * 60);
/// The size of an RSA-2048 ciphertext, which poseidon's token is.
pub const POSEIDON_TOKEN_BYTES: usize = 256;

/// The text the signature is the SHA-256 of: token, the sorted query parameters, the body,
/// the timestamp and the secret. Repeated query parameters are refused, because the gateway
/// reads parameters into a map and which value it would sign is unknown.
pub fn sign_data(
    token: &str,
    query: &str,
    body: &[u8],
    timestamp: &str,
    secret: &str,
) -> Result<Vec<u8>, Rejection> {
    let mut params: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    params.sort();
    if let Some(pair) = params.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(Rejection::Malformed(format!(
            "The query parameter {} is given more than once; a signed request names each \
             parameter once.",
            pair[0].0
        )));
    }
    let mut data = Vec::with_capacity(token.len() + query.len() + body.len() + 64);
    data.extend_from_slice(token.as_bytes());
    for (name, value) in &params {
        data.extend_from_slice(name.as_bytes());
        data.extend_from_slice(value.as_bytes());
    }
    data.extend_from_slice(body);
    data.extend_from_slice(timestamp.as_bytes());
    data.extend_from_slice(secret.as_bytes());
    Ok(data)
}

/// Whether a token has the form of poseidon's: standard base64 of exactly 256 bytes.
pub fn is_poseidon_token(token: &str) -> bool {
    // 256 bytes are 85 groups of three and one byte over: 344 characters, the last two `==`.
    let bytes = token.as_bytes();
    bytes.len() == 344
        && bytes[..342]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/'))
        && &bytes[342..] == b"=="
        // The last data character carries two bits; the other four must be zero.
        && b"AQgw".contains(&bytes[341])
}

/// Checks an EnOS request's credentials against the accepted applications (app key → secret)
/// at the time `now`: a signed request must carry `apim-timestamp` within [`MAX_SKEW`] and a
/// signature made with one of the secrets; an unsigned one must carry a poseidon token.
pub fn verify(
    request: &SignedRequest<'_>,
    apps: &BTreeMap<String, String>,
    now: SystemTime,
) -> Result<Verified, Rejection> {
    let token = single_header_str(request.headers, TOKEN_HEADER)?
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Rejection::Malformed("The apim-accesstoken header is missing.".into()))?;
    let Some(signature) = single_header_str(request.headers, SIGNATURE_HEADER)? else {
        return if is_poseidon_token(token) {
            Ok(Verified { key_id: None })
        } else {
            Err(Rejection::Malformed(
                "The request carries no apim-signature, and its apim-accesstoken is not the \
                 RSA-encrypted token of the enos-poseidon SDK: sign it with apim-signature and \
                 apim-timestamp."
                    .into(),
            ))
        };
    };
    let claimed = scheme::claimed_signature(signature, "apim-signature")?;
    let timestamp = single_header_str(request.headers, TIMESTAMP_HEADER)?.ok_or_else(|| {
        Rejection::Malformed("A signed request needs the apim-timestamp header.".into())
    })?;
    let time = scheme::unix_number(timestamp, TIMESTAMP_HEADER, "milliseconds")?;
    let window = i64::try_from(MAX_SKEW.as_millis()).unwrap_or(i64::MAX);
    if time.abs_diff(unix_millis(now)) > window.unsigned_abs() {
        return Err(Rejection::Expired(format!(
            "apim-timestamp {timestamp} is more than {} minutes away from the server's time.",
            MAX_SKEW.as_secs() / 60
        )));
    }
    if apps.is_empty() {
        return Err(Rejection::UnknownKey(
            "No EnOS application is accepted by this server.".into(),
        ));
    }
    // The token does not name its application here, so every accepted secret is tried; each
    // comparison takes the same time whatever the bytes.
    let mut found = None;
    for (app, secret) in apps {
        let data = sign_data(token, request.query, request.body, timestamp, secret)?;
        let digest: [u8; 32] = Sha256::digest(&data).into();
        if bool::from(digest.ct_eq(&claimed)) {
            found = Some(app);
        }
    }
    match found {
        Some(app) => Ok(Verified {
            key_id: Some(app.clone()),
        }),
        None => Err(Rejection::Mismatch(
            "apim-signature does not match: it must be the SHA-256 of the access token, the \
             query parameters sorted by name (name and value, no separators), the body as \
             sent, apim-timestamp and the application secret."
                .into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The documentation's example: `?k3=v3&k1=v1&k2=v2` with a body gives the parameter
    // string `k1v1k2v2k3v3` followed by the body.
    #[test]
    fn parameters_are_sorted_and_the_body_follows() {
        let data = sign_data("T", "k3=v3&k1=v1&k2=v2", b"{\"count\":20}", "123", "S").unwrap();
        assert_eq!(data, b"Tk1v1k2v2k3v3{\"count\":20}123S");
        assert!(sign_data("T", "a=1&a=2", b"", "1", "S").is_err());
    }

    #[test]
    fn poseidon_tokens_are_base64_of_256_bytes() {
        let token = format!("{}AA==", "A".repeat(340));
        assert!(is_poseidon_token(&token));
        assert!(!is_poseidon_token(&format!("{}AB==", "A".repeat(340))));
        assert!(!is_poseidon_token(&token[1..]));
        assert!(!is_poseidon_token("fake-access-token"));
    }
}
