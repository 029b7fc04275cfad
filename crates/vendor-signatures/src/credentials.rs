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
    pub fn from_json(text: &str) -> Result<Credentials, String> {
        let credentials: Credentials = serde_json::from_str(text).map_err(|e| e.to_string())?;
        for (vendor, keys) in [
            ("huawei", &credentials.huawei),
            ("tencent", &credentials.tencent),
            ("enos", &credentials.enos),
        ] {
            if let Some((key, _)) = keys.iter().find(|(k, s)| k.is_empty() || s.is_empty()) {
                return Err(format!(
                    "{vendor}: key ids and secrets must not be empty (key {key:?})"
                ));
            }
        }
        if credentials.huawei_tokens.iter().any(String::is_empty) {
            return Err("huawei_tokens: tokens must not be empty".into());
        }
        Ok(credentials)
    }

    /// The JSON Schema of the file.
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Credentials)).expect("a schema is always JSON")
    }
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
        assert!(Credentials::from_json(r#"{"aws": {}}"#).is_err());
        assert!(Credentials::from_json(r#"{"enos": {"app": ""}}"#).is_err());
        assert!(!format!("{ok:?}").contains("SK\""), "{ok:?}");
    }
}
