//! What the validating proxy (issue 16) needs apart from the network: the answer checker, which
//! compares a vendor's answer (status, headers, body) with the operation's documented
//! responses and returns [`Finding`]s; the drift-log line ([`DriftLine`]) with its JSON Schema
//! and a writer that appends one JSON object per line; and the redaction that keeps
//! credentials, tokens and signatures out of everything written.
//!
//! It reads the documents as `serde_json::Value`s through [`vendor_api::walk`] and compiles
//! their response schemas with `jsonschema`, as the stub does for requests.

mod checker;
mod codes;
mod finding;

mod line;
pub mod redact;

pub use checker::{Answer, CheckError, Checker};
pub use finding::{Finding, Kind, LIMIT, cut};
pub use line::{Direction, DriftLine, DriftWriter, Exchange, line_schema, rfc3339};
