//! The drift log: one JSON object per line for each finding (and, optionally, one per call),
//! its JSON Schema, and the writer that redacts and cuts every line before it is written.

use std::io::{self, Write};
use std::time::SystemTime;

use chrono::{DateTime, SecondsFormat, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Kind, cut};
use crate::redact;

/// Which way the checked message went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The client's request, checked before it was forwarded.
    Request,
    /// The vendor's answer.
    Response,
}

/// One line of a drift log: a difference between a vendor's traffic and the documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "Drift-log line")]
pub struct DriftLine {
    /// When the exchange happened, RFC 3339 in UTC.
    #[schemars(extend("format" = "date-time"))]
    pub time: String,
    /// The document's name, e.g. `huawei-codearts-repo`.
    pub document: String,
    /// The operation's `operationId`.
    pub operation_id: String,
    /// Whether the request or the answer differs.
    pub direction: Direction,
    /// What kind of difference (`call` lines only count exchanges).
    pub kind: Kind,
    /// Where in the body, as a JSON Pointer; empty for the status, headers and the whole body.
    pub pointer: String,
    /// What the document says (at most 200 characters, credentials removed).
    pub expected: String,
    /// What came back (at most 200 characters, credentials removed).
    pub actual: String,
    /// The HTTP status of the answer, when there was one.
    pub status: Option<u16>,
    /// The vendor's request id, when the answer carried one.
    pub request_id: Option<String>,
}

impl DriftLine {
    /// The line of an answer's finding.
    pub fn of_finding(
        context: &Exchange<'_>,
        direction: Direction,
        finding: &Finding,
    ) -> DriftLine {
        DriftLine {
            time: context.time.clone(),
            document: context.document.to_owned(),
            operation_id: context.operation_id.to_owned(),
            direction,
            kind: finding.kind,
            pointer: finding.pointer.clone(),
            expected: finding.expected.clone(),
            actual: finding.actual.clone(),
            status: context.status,
            request_id: context.request_id.map(str::to_owned),
        }
    }
}

/// What every line of one exchange shares.
#[derive(Debug, Clone)]
pub struct Exchange<'a> {
    /// When it happened, RFC 3339 (see [`rfc3339`]).
    pub time: String,
    /// The document's name.
    pub document: &'a str,
    /// The operationId.
    pub operation_id: &'a str,
    /// The answer's status.
    pub status: Option<u16>,
    /// The vendor's request id.
    pub request_id: Option<&'a str>,
}

/// A time as the drift log writes it: RFC 3339, UTC, milliseconds.
pub fn rfc3339(time: SystemTime) -> String {
    DateTime::<Utc>::from(time).to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The JSON Schema of a drift-log line, for `openapi/stub-drift-log.schema.json`.
pub fn line_schema() -> serde_json::Value {
    // A schema is plain JSON data; serializing it to a `Value` cannot fail.
    serde_json::to_value(schemars::schema_for!(DriftLine)).unwrap_or(serde_json::Value::Null)
}

/// Appends drift lines to `W`, one JSON object per line, each redacted and cut first, so that
/// no credential reaches the log whatever the caller put in the line.
#[derive(Debug)]
pub struct DriftWriter<W: Write> {
    out: W,
}

impl<W: Write> DriftWriter<W> {
    /// A writer appending to `out` (open a file with `append(true)` to keep earlier lines).
    pub fn new(out: W) -> DriftWriter<W> {
        DriftWriter { out }
    }

    /// Writes `line` as one line of JSON and flushes, so that a crash loses no finding.
    pub fn write(&mut self, line: &DriftLine) -> io::Result<()> {
        // A value found under a sensitive name (an undeclared `access_token` property) is the
        // credential itself, with no name beside it for `redact::text` to see.
        let actual = if line.pointer.split('/').any(redact::is_sensitive) {
            redact::REDACTED.to_owned()
        } else {
            cut(&redact::text(&line.actual))
        };
        let clean = DriftLine {
            expected: cut(&redact::text(&line.expected)),
            actual,
            pointer: cut(&redact::text(&line.pointer)),
            request_id: line.request_id.as_deref().map(|r| cut(&redact::text(r))),
            ..line.clone()
        };
        let mut text = serde_json::to_string(&clean).map_err(io::Error::other)?;
        text.push('\n');
        self.out.write_all(text.as_bytes())?;
        self.out.flush()
    }

    /// The underlying writer.
    pub fn into_inner(self) -> W {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    fn line(expected: &str, actual: &str) -> DriftLine {
        let exchange = Exchange {
            time: rfc3339(UNIX_EPOCH + Duration::from_millis(1_795_626_764_835)),
            document: "tencent-cwp",
            operation_id: "ExportAssetUserList",
            status: Some(200),
            request_id: Some("req-1"),
        };
        let finding = Finding::new(Kind::UnknownProperty, "/Response/Extra", expected, actual);
        DriftLine::of_finding(&exchange, Direction::Response, &finding)
    }

    #[test]
    fn one_json_object_per_line_that_reads_back() {
        let mut writer = DriftWriter::new(Vec::new());
        writer
            .write(&line("no such property in the schema", "1"))
            .unwrap();
        writer.write(&line("x", "y")).unwrap();
        let text = String::from_utf8(writer.into_inner()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        let back: DriftLine = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(back, line("no such property in the schema", "1"));
        assert_eq!(back.time, "2026-11-25T17:12:44.835Z");
        assert!(lines[0].contains(r#""operationId":"ExportAssetUserList""#));
        assert!(lines[0].contains(r#""kind":"unknown_property""#));
    }

    #[test]
    fn no_secret_reaches_a_line_and_long_values_are_cut() {
        let secret = "FAKEsecretKEYfakeSECRETkeyFAKE12";
        let actual = format!(
            r#"{{"Response": {{"X-TC-Token": "{secret}", "Authorization": "TC3-HMAC-SHA256 Signature={secret}"}}}}"#
        );
        let expected =
            format!("Authorization: SDK-HMAC-SHA256 Signature={secret}\nX-Auth-Token: {secret}");
        let mut long = line(&expected, &actual);
        long.request_id = Some(format!("apim-accesstoken={secret}"));
        long.actual = format!("{}client_secret={secret}", "x".repeat(250));
        let mut writer = DriftWriter::new(Vec::new());
        writer.write(&line(&expected, &actual)).unwrap();
        writer.write(&long).unwrap();
        let text = String::from_utf8(writer.into_inner()).unwrap();
        assert!(!text.contains(secret), "{text}");
        assert!(!text.contains("FAKEsecret"), "{text}");
        let second: DriftLine = serde_json::from_str(text.lines().nth(1).unwrap()).unwrap();
        assert_eq!(second.actual.chars().count(), crate::LIMIT + 1);
    }

    #[test]
    fn a_value_under_a_sensitive_name_is_redacted() {
        let secret = "LeakedTokenValue0000";
        let mut leaked = line("no such property in the schema", &format!("{secret:?}"));
        leaked.pointer = "/0/access_token".into();
        let mut writer = DriftWriter::new(Vec::new());
        writer.write(&leaked).unwrap();
        let text = String::from_utf8(writer.into_inner()).unwrap();
        assert!(!text.contains(secret), "{text}");
        assert!(text.contains(redact::REDACTED), "{text}");
    }

    #[test]
    fn the_schema_describes_the_line_and_accepts_a_written_one() {
        let schema = line_schema();
        assert_eq!(schema["title"], "Drift-log line");
        let validator = jsonschema::validator_for(&schema).unwrap();
        let written = serde_json::to_value(line("a", "b")).unwrap();
        assert!(validator.is_valid(&written));
        let mut extra = written.clone();
        extra["password"] = "x".into();
        assert!(!validator.is_valid(&extra));
    }
}
