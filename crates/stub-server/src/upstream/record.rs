//! `--record DIR` and `--replay DIR`: each forwarded exchange kept as one redacted JSON file,
//! named after the request it answers (method, path, query and body), and answered again from
//! those files, offline, for the same request.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use drift_check::redact;
use serde::{Deserialize, Serialize};
use vendor_signatures::{hex, sha256_hex};

/// One recorded exchange, as written to `DIR/<key>.json`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Recorded {
    /// The request's method, path and query (redacted), for the people who read the file; the
    /// file's name is what a request is matched by.
    method: String,
    path: String,
    query: String,
    /// The answer's status.
    status: u16,
    /// The answer's headers, without credentials and cookies.
    headers: Vec<(String, String)>,
    /// The answer's body when it is text, redacted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    body: Option<String>,
    /// The answer's body in hex when it is not text (a workbook).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    body_hex: Option<String>,
}

/// An answer as recorded.
#[derive(Debug, Clone)]
pub struct Replayed {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Replayed {
    /// The recorded answer, as the vendor gave it (less what redaction removed).
    pub fn response(&self) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers.clone();
        response
    }
}

/// The name a request's exchange is kept under: the SHA-256 of its method, path, query and
/// body's SHA-256, so that any byte of them tells two requests apart.
pub fn key(method: &str, path: &str, query: &str, body: &[u8]) -> String {
    sha256_hex(format!("{method}\n{path}\n{query}\n{}", sha256_hex(body)).as_bytes())
}

/// Writes one exchange to `dir`, redacted.
pub fn write(
    dir: &Path,
    key: &str,
    request: (&str, &str, &str),
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> io::Result<()> {
    let (method, path, query) = request;
    let (text, hex_body) = match std::str::from_utf8(body) {
        Ok(text) => (Some(redacted(text)), None),
        Err(_) => (None, Some(hex(body))),
    };
    let recorded = Recorded {
        method: method.to_owned(),
        path: path.to_owned(),
        query: redact::text(query),
        status: status.as_u16(),
        headers: headers
            .iter()
            // A cookie the vendor sets may be a session: as secret as a token.
            .filter(|(name, _)| {
                !redact::is_sensitive(name.as_str()) && *name != axum::http::header::SET_COOKIE
            })
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes());
                (name.as_str().to_owned(), redact::text(&value))
            })
            .collect(),
        body: text,
        body_hex: hex_body,
    };
    let json = serde_json::to_string_pretty(&recorded).map_err(io::Error::other)?;
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join(format!("{key}.json")), json + "\n")
}

/// `text` without credentials; unchanged, byte for byte, when it holds none, so that a replay
/// gives the vendor's own bytes.
fn redacted(text: &str) -> String {
    let clean = redact::text(text);
    let same = match (
        serde_json::from_str::<serde_json::Value>(text),
        serde_json::from_str::<serde_json::Value>(&clean),
    ) {
        (Ok(before), Ok(after)) => before == after,
        _ => clean == text,
    };
    if same { text.to_owned() } else { clean }
}

/// Reads every recorded exchange in `dir`, by key.
pub fn load(dir: &Path) -> Result<HashMap<String, Replayed>, (PathBuf, String)> {
    let entries = std::fs::read_dir(dir).map_err(|e| (dir.to_owned(), e.to_string()))?;
    let mut answers = HashMap::new();
    for entry in entries {
        let path = entry.map_err(|e| (dir.to_owned(), e.to_string()))?.path();
        let Some(key) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".json"))
        else {
            continue;
        };
        let fail = |why: String| (path.clone(), why);
        let text = std::fs::read_to_string(&path).map_err(|e| fail(e.to_string()))?;
        let recorded: Recorded = serde_json::from_str(&text).map_err(|e| fail(e.to_string()))?;
        answers.insert(key.to_owned(), replayed(recorded).map_err(fail)?);
    }
    Ok(answers)
}

/// A recorded exchange as an answer.
fn replayed(recorded: Recorded) -> Result<Replayed, String> {
    let status = StatusCode::from_u16(recorded.status).map_err(|e| e.to_string())?;
    let mut headers = HeaderMap::new();
    for (name, value) in &recorded.headers {
        let name = HeaderName::try_from(name.as_str()).map_err(|e| e.to_string())?;
        let value = HeaderValue::try_from(value.as_str()).map_err(|e| e.to_string())?;
        headers.append(name, value);
    }
    let body = match (recorded.body, recorded.body_hex) {
        (Some(text), None) => Bytes::from(text),
        (None, Some(hex)) => Bytes::from(unhex(&hex).ok_or("body_hex is not hex")?),
        _ => return Err("a recorded answer has either body or body_hex".into()),
    };
    // The recorded length may no longer hold once the body was redacted.
    headers.remove(axum::http::header::CONTENT_LENGTH);
    Ok(Replayed {
        status,
        headers,
        body,
    })
}

/// Bytes from lowercase or uppercase hex.
fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}
