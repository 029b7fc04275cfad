//! Keeps credentials, tokens and signatures out of everything the proxy writes: a JSON value's
//! sensitive keys lose their values, and in free text (a header dump, a query, a body that is
//! not JSON) the value after a sensitive name and `=` or `:` is replaced.
//!
//! A name is sensitive when it is one of the vendors' credential headers (`Authorization`,
//! `X-Auth-Token`, `apim-accesstoken`, `apim-signature`, `X-Security-Token`, `X-TC-Token`) or
//! contains `secret`, `token` or `signature`, in any case. Redacting too much is harmless here;
//! redacting too little is not.

use serde_json::Value;

/// What a redacted value becomes.
pub const REDACTED: &str = "[redacted]";

/// The credential headers of the three vendors, lowercase.
const NAMES: [&str; 6] = [
    "authorization",
    "x-auth-token",
    "apim-accesstoken",
    "apim-signature",
    "x-security-token",
    "x-tc-token",
];

/// Parts of a name that make it sensitive wherever they appear in it.
const PARTS: [&str; 3] = ["secret", "token", "signature"];

/// Whether a header, query or JSON key name carries a credential.
pub fn is_sensitive(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    NAMES.contains(&lower.as_str()) || PARTS.iter().any(|part| lower.contains(part))
}

/// Redacts `value` in place: the value of every sensitive key becomes [`REDACTED`], and every
/// string is redacted as [`text`].
pub fn value(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if is_sensitive(key) {
                    *item = Value::String(REDACTED.to_owned());
                } else {
                    self::value(item);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(self::value),
        Value::String(s) => *s = text(s),
        _ => {}
    }
}

/// `input` with every credential removed: as JSON when it is a JSON object or array,
/// otherwise by replacing the value after each sensitive name followed by `=` or `:`.
pub fn text(input: &str) -> String {
    let trimmed = input.trim_start();
    if (trimmed.starts_with('{') || trimmed.starts_with('['))
        && let Ok(mut parsed) = serde_json::from_str::<Value>(input)
    {
        value(&mut parsed);
        return parsed.to_string();
    }
    let bytes = input.as_bytes();
    let mut out = String::with_capacity(input.len());
    let mut i = 0;
    while i < bytes.len() {
        if !is_name_byte(bytes[i]) {
            let c = input[i..].chars().next().unwrap_or_default();
            out.push(c);
            i += c.len_utf8().max(1);
            continue;
        }
        let start = i;
        while i < bytes.len() && is_name_byte(bytes[i]) {
            i += 1;
        }
        let name = &input[start..i];
        out.push_str(name);
        if is_sensitive(name)
            && let Some((value_start, value_end)) = value_after(bytes, i, name)
        {
            out.push_str(&input[i..value_start]);
            out.push_str(REDACTED);
            i = value_end;
        }
    }
    out
}

/// Letters, digits, `-` and `_`: the bytes of a header, query or key name.
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Where the value after the name ending at `i` starts and ends, when a separator follows:
/// an optional closing quote, spaces, `=` or `:`, spaces and an optional opening quote (`"` or
/// `'`). A quoted value ends at its quote; an `Authorization` value at the end of the line (it has
/// spaces and commas of its own); any other at the first delimiter of a query or header list.
fn value_after(bytes: &[u8], mut i: usize, name: &str) -> Option<(usize, usize)> {
    let skip_spaces = |mut j: usize| {
        while j < bytes.len() && bytes[j] == b' ' {
            j += 1;
        }
        j
    };
    if bytes.get(i) == Some(&b'"') {
        i += 1;
    }
    i = skip_spaces(i);
    if !matches!(bytes.get(i), Some(b'=' | b':')) {
        return None;
    }
    let mut start = skip_spaces(i + 1);
    let quote = bytes
        .get(start)
        .copied()
        .filter(|b| matches!(b, b'"' | b'\''));
    if quote.is_some() {
        start += 1;
    }
    let ends = |b: &u8| -> bool {
        if let Some(quote) = quote {
            *b == quote
        } else if name.eq_ignore_ascii_case("authorization") {
            matches!(b, b'\n' | b'\r' | b'"')
        } else {
            matches!(
                b,
                b'&' | b',' | b';' | b' ' | b'\t' | b'\n' | b'\r' | b'"' | b'\'' | b'}' | b']'
            )
        }
    };
    let end = bytes[start..]
        .iter()
        .position(ends)
        .map_or(bytes.len(), |p| start + p);
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const SECRETS: [&str; 7] = [
        "b74edf6accf1dad07bf802c57074c84557f689816d6b3168e02a2a52fbdd6b60",
        "MIIEhuaweitoken",
        "enos-access-token-1",
        "enos-sig-2",
        "sts-security-3",
        "tc-token-4",
        "hunter2",
    ];

    fn assert_clean(text: &str) {
        for secret in SECRETS {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }

    #[test]
    fn json_keys_of_every_credential_lose_their_values() {
        let mut body = json!({
            "Authorization": format!("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature={}", SECRETS[0]),
            "headers": {"X-Auth-Token": SECRETS[1], "apim-accesstoken": SECRETS[2]},
            "list": [{"apim-signature": SECRETS[3]}, {"X-Security-Token": SECRETS[4]}],
            "X-TC-Token": SECRETS[5],
            "client_secret": SECRETS[6],
            "user_name": "alice"
        });
        value(&mut body);
        assert_clean(&body.to_string());
        assert_eq!(body["user_name"], "alice");
        assert_eq!(body["X-TC-Token"], REDACTED);
    }

    #[test]
    fn free_text_loses_the_value_after_each_sensitive_name() {
        let dump = format!(
            "Authorization: TC3-HMAC-SHA256 Credential=AKID/2026-01-01/cwp/tc3_request, \
             SignedHeaders=content-type;host, Signature={}\nX-Auth-Token: {}\nHost: x\n\
             GET /?apim-accesstoken={}&apim-signature={}&pageNo=1 X-Security-Token:{} \
             \"X-TC-Token\": \"{}\", appSecret='{}'",
            SECRETS[0], SECRETS[1], SECRETS[2], SECRETS[3], SECRETS[4], SECRETS[5], SECRETS[6]
        );
        let shown = text(&dump);
        assert_clean(&shown);
        assert!(
            shown.contains("Host: x") && shown.contains("pageNo=1"),
            "{shown}"
        );
    }

    #[test]
    fn json_text_is_redacted_as_json_and_plain_text_is_kept() {
        let shown = text(&format!(r#"{{"token": "{}", "n": 1}}"#, SECRETS[1]));
        assert_eq!(shown, r#"{"token":"[redacted]","n":1}"#);
        assert_eq!(text("日本 plain, text=1"), "日本 plain, text=1");
    }
}
