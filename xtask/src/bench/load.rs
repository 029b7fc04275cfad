//! The load: wrk scripts that send the bench's requests, and reading wrk's summary back.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use super::cases::Case;
use super::common::BenchError;
use crate::process;

/// A Lua string literal.
fn lua_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// wrk's summary, printed by the scripts' `done` as one JSON line after this prefix.
const SUMMARY_PREFIX: &str = "BENCH-SUMMARY ";

const DONE_FUNCTION: &str = r#"
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-SUMMARY {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"#;

/// A wrk script that sends one request over and over. Setting `wrk.method`, `wrk.path`,
/// `wrk.headers` and `wrk.body` without a `request` function lets wrk build the request once,
/// so the load generator spends nothing per request in Lua.
pub(super) fn single_request_script(case: &Case) -> String {
    let mut script = format!(
        "wrk.method = {}\nwrk.path = {}\n",
        lua_string(case.method),
        lua_string(&case.target)
    );
    for (name, value) in &case.headers {
        let _ = writeln!(
            script,
            "wrk.headers[{}] = {}",
            lua_string(name),
            lua_string(value)
        );
    }
    if let Some(body) = case.body {
        let _ = writeln!(script, "wrk.body = {}", lua_string(body));
    }
    script.push_str(DONE_FUNCTION);
    script
}

/// A wrk script that sends the given requests in turn (requests built once, in `init`).
pub(super) fn rotating_script(cases: &[&Case]) -> String {
    let mut script =
        String::from("local requests = {}\nlocal next_index = 0\nfunction init(args)\n");
    for case in cases {
        let mut headers = String::from("{");
        for (name, value) in &case.headers {
            let _ = write!(headers, "[{}] = {}, ", lua_string(name), lua_string(value));
        }
        headers.push('}');
        let body = case.body.map(lua_string).unwrap_or_else(|| "nil".into());
        let _ = writeln!(
            script,
            "  table.insert(requests, wrk.format({}, {}, {headers}, {body}))",
            lua_string(case.method),
            lua_string(&case.target)
        );
    }
    script.push_str(
        "end\nfunction request()\n  next_index = next_index % #requests + 1\n  \
         return requests[next_index]\nend\n",
    );
    script.push_str(DONE_FUNCTION);
    script
}

/// What wrk reported for one run.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct WrkSummary {
    pub(super) requests: u64,
    pub(super) duration_us: u64,
    pub(super) socket_errors: u64,
    /// Answers with a status of 400 or more.
    pub(super) status_errors: u64,
    pub(super) p50_us: f64,
    pub(super) p99_us: f64,
    pub(super) max_us: f64,
}

impl WrkSummary {
    pub(super) fn rps(&self) -> f64 {
        if self.duration_us == 0 {
            0.0
        } else {
            self.requests as f64 * 1e6 / self.duration_us as f64
        }
    }
}

pub(super) fn wrk_command(
    script: &Path,
    port: u16,
    connections: u32,
    duration: Duration,
) -> Command {
    let mut command = Command::new("wrk");
    command
        // One load-generator thread: on a small machine every core wrk takes is one the server
        // does not get, and one thread already drives the bare ceiling faster than any server
        // here answers.
        .args(["-t1", "-c", &connections.to_string()])
        .arg(format!("-d{}s", duration.as_secs().max(1)))
        .args(["--timeout", "5s", "-s"])
        .arg(script)
        .arg(format!("http://127.0.0.1:{port}/"))
        .stdin(Stdio::null());
    command
}

pub(super) fn parse_wrk(output: &str) -> Result<WrkSummary, BenchError> {
    let line = output
        .lines()
        .find_map(|l| l.strip_prefix(SUMMARY_PREFIX))
        .ok_or_else(|| BenchError::NoSummary(output.to_owned()))?;
    let v: Value = serde_json::from_str(line).map_err(|source| BenchError::BadSummary {
        line: line.to_owned(),
        source,
    })?;
    let n = |k: &str| v.get(k).and_then(Value::as_u64).unwrap_or(0);
    Ok(WrkSummary {
        requests: n("requests"),
        duration_us: n("duration_us"),
        socket_errors: n("connect") + n("read") + n("write") + n("timeout"),
        status_errors: n("status"),
        p50_us: n("p50_us") as f64,
        p99_us: n("p99_us") as f64,
        max_us: n("max_us") as f64,
    })
}

pub(super) fn run_wrk(
    script: &Path,
    port: u16,
    connections: u32,
    duration: Duration,
) -> Result<WrkSummary, BenchError> {
    let output = process::output(&mut wrk_command(script, port, connections, duration))?;
    parse_wrk(&String::from_utf8_lossy(&output.stdout))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lua_strings_escape_quotes_and_backslashes() {
        assert_eq!(lua_string(r#"{"a":"b\c"}"#), r#""{\"a\":\"b\\c\"}""#);
    }

    #[test]
    fn wrk_summaries_are_read_from_the_done_line() {
        let output = "Running 3s test\nBENCH-SUMMARY {\"requests\":300,\"duration_us\":3000000,\
                      \"connect\":0,\"read\":1,\"write\":0,\"status\":2,\"timeout\":0,\
                      \"p50_us\":150,\"p99_us\":900,\"max_us\":2000}\n";
        let summary = parse_wrk(output).unwrap();
        assert_eq!(summary.requests, 300);
        assert_eq!(summary.socket_errors, 1);
        assert_eq!(summary.status_errors, 2);
        assert!((summary.rps() - 100.0).abs() < 1e-9);
    }
}
