//! The YAML twin of each published document (`openapi/<name>.yaml`); `cargo xtask openapi` is
//! its only writer, so the writer lives here rather than in vendor-api.

use serde_json::{Map, Value};

/// YAML of the same value, with LF line endings and a final newline.
///
/// Written here rather than with a YAML library: the serde YAML emitters leave strings such as
/// `yes`, `on`, `2021-01-11` or `2025-09-17T19:30:03.275+08:00` unquoted, which YAML 1.1
/// readers (PyYAML, js-yaml's default schema) load back as booleans and dates, so the twin
/// would no longer say what the JSON says. Here a string is written plain only when no YAML
/// reader can take it for anything else; every other string is double-quoted with JSON
/// escapes, which YAML accepts verbatim.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => yaml_mapping(map, 0, &mut out),
        Value::Array(items) if !items.is_empty() => yaml_sequence(items, 0, &mut out),
        scalar => {
            out.push_str(&yaml_scalar(scalar));
            out.push('\n');
        }
    }
    out
}

fn yaml_mapping(map: &Map<String, Value>, indent: usize, out: &mut String) {
    for (key, value) in map {
        out.push_str(&" ".repeat(indent));
        out.push_str(&yaml_string(key));
        out.push(':');
        yaml_nested(value, indent + 2, out);
    }
}

fn yaml_sequence(items: &[Value], indent: usize, out: &mut String) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match item {
            // A mapping inside a sequence starts on the dash's line.
            Value::Object(map) if !map.is_empty() => {
                let mut nested = String::new();
                yaml_mapping(map, indent + 2, &mut nested);
                out.push(' ');
                out.push_str(&nested[indent + 2..]);
            }
            other => yaml_nested(other, indent + 2, out),
        }
    }
}

/// Writes what follows `key:` or `-`: a nested block on the next lines, or a scalar.
fn yaml_nested(value: &Value, indent: usize, out: &mut String) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            yaml_mapping(map, indent, out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            yaml_sequence(items, indent, out);
        }
        scalar => {
            out.push(' ');
            out.push_str(&yaml_scalar(scalar));
            out.push('\n');
        }
    }
}

fn yaml_scalar(value: &Value) -> String {
    match value {
        Value::String(s) => yaml_string(s),
        Value::Object(_) => "{}".to_owned(),
        Value::Array(_) => "[]".to_owned(),
        // null, booleans and numbers are written as JSON writes them, which YAML reads alike.
        other => other.to_string(),
    }
}

/// A string plain when that is unambiguous, else double-quoted.
fn yaml_string(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_owned()
    } else {
        Value::String(s.to_owned()).to_string()
    }
}

/// Whether every YAML reader, 1.1 or 1.2, reads `s` written plain back as the same string:
/// it starts with a letter, holds only letters, digits and a few punctuation marks that
/// cannot start a comment or a mapping, and is not a word that YAML 1.1 gives a meaning.
fn is_plain_safe(s: &str) -> bool {
    const RESERVED: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_ascii_alphabetic()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || " _-./()`'".contains(c))
        && !s.ends_with(' ')
        && !RESERVED.contains(&s.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn yaml_quotes_what_yaml_1_1_would_misread() {
        let value = json!({"a": ["yes", "On", "2021-01-11", "1:20", "12_000", "~", "", "null", "- x", "a: b", "#c", "plain text"]});
        assert_eq!(
            to_yaml(&value),
            "a:\n  - \"yes\"\n  - \"On\"\n  - \"2021-01-11\"\n  - \"1:20\"\n  - \"12_000\"\n  - \"~\"\n  - \"\"\n  - \"null\"\n  - \"- x\"\n  - \"a: b\"\n  - \"#c\"\n  - plain text\n"
        );
    }
}
