//! One difference between an answer and the document, and the kinds of difference.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How many characters of a value a finding keeps: enough to recognise it, short enough that
/// a drift log of a nightly run stays readable.
pub const LIMIT: usize = 200;

/// What kind of difference a line records. The order is the order of the report's rows.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The status is not among the operation's documented responses.
    UndocumentedStatus,
    /// The vendor's error code is not among the codes the document gives for that status.
    UndocumentedErrorCode,
    /// A required property is missing.
    RequiredMissing,
    /// A property the schema does not declare.
    UnknownProperty,
    /// A value of the wrong JSON type.
    WrongType,
    /// A string that breaks its `format` or `pattern`.
    WrongFormat,
    /// A number, string length or item count outside its documented bounds.
    OutOfRange,
    /// A value that is not one of its `enum` (or `const`) values.
    NotInEnum,
    /// Any other schema rule the body breaks.
    SchemaMismatch,
    /// A body in a media type the response does not document.
    WrongContentType,
    /// A documented JSON body that is not JSON.
    BodyNotJson,
    /// A header the response documents is missing.
    HeaderMissing,
    /// A request that breaks the documents, forwarded on purpose (`--forward-invalid`).
    RequestInvalid,
    /// The upstream refused the connection.
    UpstreamRefused,
    /// The upstream did not connect or answer in time.
    UpstreamTimeout,
    /// The upstream's body ended before its announced length.
    UpstreamCutOff,
    /// The upstream's answer was over the size limit.
    UpstreamTooLarge,
    /// The TLS handshake with the upstream failed.
    UpstreamTls,
    /// Not a finding: one forwarded exchange, written so that the report can count calls.
    Call,
}

impl Kind {
    /// Whether a line of this kind is a finding (every kind but [`Kind::Call`]).
    pub fn is_finding(self) -> bool {
        self != Kind::Call
    }

    /// The kind as the drift log writes it.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// One difference between an answer and its documented response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What kind of difference.
    pub kind: Kind,
    /// Where in the body (a JSON Pointer; empty for the whole body, the status, the content
    /// type and headers).
    pub pointer: String,
    /// What the document says, in words.
    pub expected: String,
    /// What came back, cut to [`LIMIT`] characters.
    pub actual: String,
}

impl Finding {
    /// A finding, with `expected` and `actual` cut to [`LIMIT`] characters.
    pub fn new(kind: Kind, pointer: impl Into<String>, expected: &str, actual: &str) -> Finding {
        Finding {
            kind,
            pointer: pointer.into(),
            expected: cut(expected),
            actual: cut(actual),
        }
    }
}

/// `text` cut to [`LIMIT`] characters, with `…` marking a cut.
pub fn cut(text: &str) -> String {
    match text.char_indices().nth(LIMIT) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_on_a_character_boundary() {
        assert_eq!(cut("short"), "short");
        let long = "é".repeat(LIMIT + 5);
        let shown = cut(&long);
        assert_eq!(shown.chars().count(), LIMIT + 1);
        assert!(shown.ends_with('…'));
    }

    #[test]
    fn kinds_are_written_in_snake_case() {
        assert_eq!(Kind::UndocumentedStatus.name(), "undocumented_status");
        assert!(!Kind::Call.is_finding());
    }
}
