//! Sampling the servers while they run: CPU time and memory from `/proc`, the start-up
//! timings, and one measurement of a server under wrk's load.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use super::cases::Case;
use super::common::{BenchError, Options};
use super::load::{WrkSummary, run_wrk, single_request_script};
use super::servers::{Answer, KINDS, Kind, Process, Servers, send, start_rust_server};

/// A process's CPU time so far (user and system, all threads), in seconds.
pub(super) fn cpu_seconds(pid: u32, ticks_per_second: f64) -> Result<f64, BenchError> {
    let path = format!("/proc/{pid}/stat");
    let stat = fs::read_to_string(&path).map_err(|source| BenchError::Io { path, source })?;
    // The command name may hold spaces; the fields after it are fixed.
    let after = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    // After the name come state (field 3) ... utime (14) and stime (15).
    let field = |n: usize| fields.get(n - 3).and_then(|f| f.parse::<f64>().ok());
    match (field(14), field(15)) {
        (Some(user), Some(system)) => Ok((user + system) / ticks_per_second),
        _ => Err(BenchError::Proc(format!("CPU times in /proc/{pid}/stat"))),
    }
}

/// A `kB` line of `/proc/<pid>/status`, e.g. `VmHWM` (peak RSS) or `VmRSS`.
pub(super) fn status_kib(pid: u32, key: &str) -> Result<u64, BenchError> {
    let path = format!("/proc/{pid}/status");
    let status = fs::read_to_string(&path).map_err(|source| BenchError::Io { path, source })?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| BenchError::Proc(format!("{key} in /proc/{pid}/status")))
}

/// Resets a process's peak RSS to its current RSS, so that `VmHWM` tells the peak of the next
/// measurement alone. Linux allows it for one's own processes; when refused, the peak is the
/// process's lifetime peak, which is only ever larger.
pub(super) fn reset_peak_rss(pid: u32) -> bool {
    fs::write(format!("/proc/{pid}/clear_refs"), "5").is_ok()
}

pub(super) fn ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

/// One row of the table: a request, and each server's measurement of it.
pub(super) type Row = (Case, Vec<Measurement>);

/// One server, one request: what was measured.
#[derive(Debug, Clone)]
pub(super) struct Measurement {
    pub(super) kind: Kind,
    pub(super) wrk: WrkSummary,
    pub(super) cpu_us_per_request: f64,
    pub(super) peak_rss_kib: u64,
    /// The status of the server's answer to the request, checked before the load.
    pub(super) answer_status: u16,
}

impl Measurement {
    pub(super) fn to_json(&self, case: &Case) -> Value {
        json!({
            "operation": case.operation,
            "request": case.label(),
            "server": self.kind.name(),
            "answer_status": self.answer_status,
            "requests": self.wrk.requests,
            "duration_s": self.wrk.duration_us as f64 / 1e6,
            "requests_per_second": round(self.wrk.rps(), 0),
            "p50_us": self.wrk.p50_us,
            "p99_us": self.wrk.p99_us,
            "max_us": self.wrk.max_us,
            "socket_errors": self.wrk.socket_errors,
            "status_400_or_more": self.wrk.status_errors,
            "cpu_us_per_request": round(self.cpu_us_per_request, 2),
            "peak_rss_kib": self.peak_rss_kib,
        })
    }
}

pub(super) fn round(x: f64, digits: i32) -> f64 {
    let scale = 10_f64.powi(digits);
    (x * scale).round() / scale
}

/// A start-up timing: process start to first answered request.
#[derive(Debug, Clone)]
pub(super) struct Startup {
    pub(super) runs_ms: Vec<f64>,
}

impl Startup {
    pub(super) fn median(&self) -> f64 {
        let mut sorted = self.runs_ms.clone();
        sorted.sort_by(f64::total_cmp);
        sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN)
    }

    pub(super) fn max(&self) -> f64 {
        self.runs_ms.iter().copied().fold(f64::NAN, f64::max)
    }

    pub(super) fn to_json(&self) -> Value {
        json!({
            "runs_ms": self.runs_ms.iter().map(|m| round(*m, 1)).collect::<Vec<_>>(),
            "median_ms": round(self.median(), 1),
            "max_ms": round(self.max(), 1),
        })
    }
}

/// Five fresh stubs and ceilings, each timed from process start to its first answered request.
pub(super) fn startups(
    stub_bin: &Path,
    ceiling_bin: &Path,
    probe: &Case,
) -> Result<BTreeMap<Kind, Startup>, BenchError> {
    let mut startups = BTreeMap::new();
    for (kind, binary) in [(Kind::Stub, stub_bin), (Kind::Ceiling, ceiling_bin)] {
        let mut runs = Vec::new();
        for _ in 0..5 {
            let (process, first) = start_rust_server(binary, probe)?;
            runs.push(first.as_secs_f64() * 1e3);
            drop(process);
        }
        startups.insert(kind, Startup { runs_ms: runs });
    }
    Ok(startups)
}

/// Every request on every server, one after the other.
pub(super) fn measure_all(
    servers: &Servers,
    cases: &[Case],
    out_dir: &Path,
    options: &Options,
) -> Result<Vec<Row>, BenchError> {
    let ticks = ticks_per_second();
    let mut rows = Vec::new();
    for (index, case) in cases.iter().enumerate() {
        let script = out_dir.join(format!("{}-{}.lua", case.operation, case.label()));
        super::common::write(&script, single_request_script(case))?;
        let mut measured = Vec::new();
        // Take turns, starting with a different server each time, so that drift in the
        // machine's load is spread over all three.
        for turn in 0..KINDS.len() {
            let kind = KINDS[(index + turn) % KINDS.len()];
            let process = servers.get(kind, case);
            let answer = check_answer(kind, process, case)?;
            let m = measure(kind, process, &script, options, ticks, answer)?;
            print_measurement(case, &m);
            measured.push(m);
        }
        measured.sort_by_key(|m| m.kind);
        rows.push((case.clone(), measured));
    }
    Ok(rows)
}

/// Sends `case` once and checks the answer of the stub (and of the ceiling) before the load.
fn check_answer(kind: Kind, process: &Process, case: &Case) -> Result<Answer, BenchError> {
    let answer = send(process.port, case)?;
    match kind {
        Kind::Stub if answer.status != case.status || !answer.contains(case.marker) => {
            Err(BenchError::WrongAnswer(format!(
                "the stub answered {} with {}, expected {} containing {:?}:\n{}",
                case.key(),
                answer.status,
                case.status,
                case.marker,
                String::from_utf8_lossy(&answer.raw)
            )))
        }
        Kind::Ceiling if answer.status != 200 => Err(BenchError::WrongAnswer(format!(
            "the ceiling answered {}",
            answer.status
        ))),
        _ => Ok(answer),
    }
}

/// Warms one server up, then measures it under wrk's load.
fn measure(
    kind: Kind,
    process: &Process,
    script: &Path,
    options: &Options,
    ticks: f64,
    answer: Answer,
) -> Result<Measurement, BenchError> {
    if !options.warmup.is_zero() {
        run_wrk(script, process.port, options.connections, options.warmup)?;
    }
    let pid = process.pid();
    reset_peak_rss(pid);
    let cpu_before = cpu_seconds(pid, ticks)?;
    let wrk = run_wrk(script, process.port, options.connections, options.duration)?;
    let cpu = cpu_seconds(pid, ticks)? - cpu_before;
    Ok(Measurement {
        kind,
        wrk,
        cpu_us_per_request: if wrk.requests == 0 {
            f64::NAN
        } else {
            cpu * 1e6 / wrk.requests as f64
        },
        peak_rss_kib: status_kib(pid, "VmHWM")?,
        answer_status: answer.status,
    })
}

fn print_measurement(case: &Case, m: &Measurement) {
    println!(
        "{:<32} {:>8}: {:>9.0} req/s  p50 {:>7.0} µs  p99 {:>7.0} µs  {:>6.1} µs CPU/req  {:>7.1} MiB  status {}{}",
        case.key(),
        m.kind.name(),
        m.wrk.rps(),
        m.wrk.p50_us,
        m.wrk.p99_us,
        m.cpu_us_per_request,
        m.peak_rss_kib as f64 / 1024.0,
        m.answer_status,
        if m.wrk.socket_errors > 0 {
            format!("  {} socket errors", m.wrk.socket_errors)
        } else {
            String::new()
        }
    );
}
