//! The one log line per request (method, path, status, latency), written cheaply.
//!
//! Every request pays for this line, so it skips `tracing`'s general formatter (field
//! visitors, an escaping writer, a date computed from scratch) and writes the same text that
//! formatter would: `2026-01-02T03:04:05.678901Z  INFO stub_server::app: request method=GET
//! path="/v4/groups/1/user-groups" status=200 latency_us=42`. The line is still governed by
//! `RUST_LOG` like any other event. On a terminal, where a person reads the log and speed does
//! not matter, the event goes through `tracing` as usual, with its colours.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::io::{IsTerminal, Write as _};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use axum::http::Method;

/// The target the line is logged under: the module that logged it before.
const TARGET: &str = "stub_server::app";

/// Logs one answered request.
pub fn request(method: &Method, path: &str, status: u16, latency: Duration) {
    // The target and level of the `tracing` event below, so that RUST_LOG filters both alike.
    if !tracing::enabled!(target: TARGET, tracing::Level::INFO) {
        return;
    }
    let latency_us = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
    if stderr_is_terminal() {
        tracing::info!(target: TARGET, %method, path, status, latency_us, "request");
        return;
    }
    LINE.with_borrow_mut(|line| {
        line.clear();
        timestamp(line, SystemTime::now());
        line.push_str("  INFO stub_server::app: request method=");
        line.push_str(method.as_str());
        line.push_str(" path=");
        quoted(line, path);
        let _ = writeln!(line, " status={status} latency_us={latency_us}");
        // One write, as tracing's writer does, so that lines from several threads never mix.
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    });
}

thread_local! {
    /// The line being written, kept between requests so that its buffer is allocated once.
    static LINE: RefCell<String> = RefCell::new(String::with_capacity(256));
}

fn stderr_is_terminal() -> bool {
    static TERMINAL: OnceLock<bool> = OnceLock::new();
    *TERMINAL.get_or_init(|| std::io::stderr().is_terminal())
}

/// RFC 3339 in UTC with microseconds, as tracing-subscriber writes it.
fn timestamp(out: &mut String, now: SystemTime) {
    let _ = write!(out, "{}", humantime::format_rfc3339_micros(now));
}

/// The path as Rust's `Debug` writes a string, which is what `tracing` shows; paths that need
/// no escaping (all that `http` accepts, in practice) are copied as they are.
fn quoted(out: &mut String, path: &str) {
    if path
        .bytes()
        .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\')
    {
        out.push('"');
        out.push_str(path);
        out.push('"');
    } else {
        let _ = write!(out, "{path:?}");
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::{quoted, timestamp};

    #[test]
    fn timestamps_are_rfc_3339_with_microseconds() {
        let mut out = String::new();
        // 2024-02-29T23:59:58.000042Z: a leap day, and micros that need leading zeros.
        timestamp(&mut out, UNIX_EPOCH + Duration::new(1_709_251_198, 42_000));
        assert_eq!(out, "2024-02-29T23:59:58.000042Z");
    }

    #[test]
    fn paths_are_quoted_as_debug_writes_them() {
        for path in ["/v4/groups/1/user-groups", "/a\"b", "/a\\b", "/é"] {
            let mut out = String::new();
            quoted(&mut out, path);
            assert_eq!(out, format!("{path:?}"));
        }
    }
}
