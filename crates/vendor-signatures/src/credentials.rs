//! The accepted keys, as the credentials file (JSON) lists them.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The keys a verifying stub accepts, per vendor. Every section is optional; a vendor with no
/// keys refuses every signed request.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Stub server credentials")]
pub struct Credentials {
    /// The schema of this file, for editors; ignored.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Huawei Cloud: access key ID (AK) → secret access key (SK), for `SDK-HMAC-SHA256`.
    #[serde(default)]
    pub huawei: BTreeMap<String, String>,
    /// Huawei Cloud: `X-Auth-Token` values accepted on requests that carry no AK/SK signature.
    /// IAM tokens are sealed by Huawei and cannot be checked offline, so only tokens listed
    /// here pass; a token-only request with any other token is refused (`APIGW.0301`).
    #[serde(default)]
    pub huawei_tokens: Vec<String>,
    /// Tencent Cloud: SecretId → SecretKey, for `TC3-HMAC-SHA256`.
    #[serde(default)]
    pub tencent: BTreeMap<String, String>,
    /// EnOS: application key (AccessKey) → application secret, for the APIM
    /// `apim-signature`.
    #[serde(default)]
    pub enos: BTreeMap<String, String>,
}

impl Credentials {
    /// Reads a credentials file's text. Keys and secrets must not be empty.
    pub fn from_json(text: &str) -> Result<Credentials, CredentialsError> {
        let credentials: Credentials = serde_json::from_str(text)?;
        for (vendor, keys) in [
            ("huawei", &credentials.huawei),
            ("tencent", &credentials.tencent),
            ("enos", &credentials.enos),
        ] {
            if let Some((key, _)) = keys.iter().find(|(k, s)| k.is_empty() || s.is_empty()) {
                return Err(CredentialsError::EmptyKey {
                    vendor,
                    key: key.clone(),
                });
            }
        }
        if credentials.huawei_tokens.iter().any(String::is_empty) {
            return Err(CredentialsError::EmptyToken);
        }
        Ok(credentials)
    }

    /// The JSON Schema of the file.
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Credentials)).expect("a schema is always JSON")
    }
}

/// Why a credentials file was refused.
#[derive(Debug, thiserror::Error)]
pub enum CredentialsError {
    /// Not JSON, or not of the file's shape (an unknown section, a value of the wrong type).
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    /// A vendor section maps an empty key id or to an empty secret.
    #[error("{vendor}: key ids and secrets must not be empty (key {key:?})")]
    EmptyKey {
        /// The section: `huawei`, `tencent` or `enos`.
        vendor: &'static str,
        /// The key id (empty, or the one whose secret is).
        key: String,
    },
    /// `huawei_tokens` lists an empty token.
    #[error("huawei_tokens: tokens must not be empty")]
    EmptyToken,
}

/// Key ids only: secrets never reach a log.
impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("huawei", &self.huawei.keys().collect::<Vec<_>>())
            .field("huawei_tokens", &self.huawei_tokens.len())
            .field("tencent", &self.tencent.keys().collect::<Vec<_>>())
            .field("enos", &self.enos.keys().collect::<Vec<_>>())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file_and_refuses_unknown_sections_and_empty_secrets() {
        let ok = Credentials::from_json(
            r#"{"$schema": "x", "huawei": {"AK": "SK"}, "tencent": {"AKID": "key"}}"#,
        )
        .unwrap();
        assert_eq!(ok.huawei["AK"], "SK");
        assert!(ok.enos.is_empty());
        assert!(matches!(
            Credentials::from_json(r#"{"aws": {}}"#),
            Err(CredentialsError::Json(_))
        ));
        let empty = Credentials::from_json(r#"{"enos": {"app": ""}}"#).unwrap_err();
        assert_eq!(
            empty.to_string(),
            "enos: key ids and secrets must not be empty (key \"app\")"
        );
        assert!(matches!(
            Credentials::from_json(r#"{"huawei_tokens": [""]}"#),
            Err(CredentialsError::EmptyToken)
        ));
        assert!(!format!("{ok:?}").contains("SK\""), "{ok:?}");
    }
}
