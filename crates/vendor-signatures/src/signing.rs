//! What the signers of both header schemes share: the key they sign with (whose secret never
//! shows in `Debug` or in an error) and the ways signing can fail.

use std::fmt;

use hmac::Mac;
use http::header::{AUTHORIZATION, HOST};
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::{Rejection, hex, scheme};

/// A key id (Huawei access key, Tencent SecretId) and its secret, for signing.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKey {
    id: String,
    secret: String,
}

impl SigningKey {
    /// A key from its id and secret.
    pub fn new(id: impl Into<String>, secret: impl Into<String>) -> SigningKey {
        SigningKey {
            id: id.into(),
            secret: secret.into(),
        }
    }

    /// The key id, which travels in the `Authorization` header and is no secret.
    pub fn id(&self) -> &str {
        &self.id
    }

    pub(crate) fn secret(&self) -> &str {
        &self.secret
    }
}

/// Only the id: a key printed in a log or a panic message must not give its secret away.
impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("id", &self.id)
            .field("secret", &"[redacted]")
            .finish()
    }
}

/// Why a request could not be signed. No variant carries the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// A value that must go into a header (the host, the key id) cannot be a header value.
    #[error("{what} cannot be sent as a header value: {value:?}")]
    HeaderValue {
        /// What the value is, e.g. `the host`.
        what: &'static str,
        /// The offending value.
        value: String,
    },
    /// The request itself cannot be signed: a header sent twice, a required header missing.
    #[error("the request cannot be signed: {0}")]
    Request(#[from] Rejection),
    /// The signing time cannot be written as the scheme's date.
    #[error("the time {0} cannot be written as a signature date")]
    Time(i64),
}

/// A header value made from text, or the error naming `what` it is.
pub(crate) fn header_value(what: &'static str, value: &str) -> Result<HeaderValue, SignError> {
    HeaderValue::from_str(value).map_err(|_| SignError::HeaderValue {
        what,
        value: value.to_owned(),
    })
}

/// The lowercase hex HMAC-SHA256 of `to_sign` under `key`: the signature both schemes write.
pub(crate) fn signature(key: &[u8], to_sign: &str) -> String {
    hex(&scheme::hmac(key, to_sign.as_bytes())
        .finalize()
        .into_bytes())
}

/// The headers a signer hands back: `Host`, the scheme's time header and `Authorization`.
/// Only a key id can make the `Authorization` value unsendable, so that failure names the id
/// and never shows the signature.
pub(crate) fn headers(
    host: HeaderValue,
    time: (HeaderName, HeaderValue),
    authorization: &str,
    key: &SigningKey,
) -> Result<HeaderMap, SignError> {
    let authorization =
        HeaderValue::from_str(authorization).map_err(|_| SignError::HeaderValue {
            what: "the key id",
            value: key.id().to_owned(),
        })?;
    Ok([(HOST, host), time, (AUTHORIZATION, authorization)]
        .into_iter()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_the_secret() {
        let key = SigningKey::new("AK", "very-secret-value");
        let shown = format!("{key:?}");
        assert!(shown.contains("AK"));
        assert!(!shown.contains("very-secret-value"));
    }
}
