//! The soak: the stub alone at full speed for a while, watching its errors and its memory.

use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::cases::Case;
use super::common::{BenchError, Options};
use super::load::{WrkSummary, parse_wrk, rotating_script, wrk_command};
use super::sampling::status_kib;
use super::servers::{Process, send};

/// The soak's outcome.
#[derive(Debug, Clone)]
pub(super) struct Soak {
    pub(super) seconds: u64,
    pub(super) wrk: WrkSummary,
    /// RSS after the first five seconds, once the allocator has reached its working size.
    pub(super) rss_start_kib: u64,
    pub(super) rss_end_kib: u64,
    pub(super) rss_max_kib: u64,
    pub(super) answers_still_right: bool,
}

impl Soak {
    pub(super) fn growth(&self) -> f64 {
        if self.rss_start_kib == 0 {
            0.0
        } else {
            (self.rss_end_kib as f64 - self.rss_start_kib as f64) / self.rss_start_kib as f64
        }
    }

    pub(super) fn errors(&self) -> u64 {
        self.wrk.socket_errors + self.wrk.status_errors
    }
}

/// The stub alone at full speed: every request it answers with HTTP 200 in turn, so that any
/// status of 400 or more, like any socket error, is an error.
pub(super) fn soak(
    stub: &Process,
    cases: &[Case],
    out_dir: &Path,
    options: &Options,
) -> Result<Soak, BenchError> {
    println!(
        "==> soak: the stub for {} s at full speed",
        options.soak.as_secs()
    );
    let mix: Vec<&Case> = cases.iter().filter(|c| c.status == 200).collect();
    let script = out_dir.join("soak.lua");
    super::common::write(&script, rotating_script(&mix))?;
    let pid = stub.pid();
    let child = wrk_command(&script, stub.port, options.connections, options.soak)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| BenchError::Start {
            server: "wrk".into(),
            source,
        })?;
    let started = Instant::now();
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let _ = sender.send(child.wait_with_output());
    });
    let mut rss_start = None;
    let mut rss_end = 0;
    let mut rss_max = 0;
    let output = loop {
        match receiver.recv_timeout(Duration::from_millis(500)) {
            Ok(output) => {
                break output.map_err(|source| BenchError::Start {
                    server: "wrk".into(),
                    source,
                })?;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let rss = status_kib(pid, "VmRSS")?;
                if rss_start.is_none() && started.elapsed() >= Duration::from_secs(5) {
                    rss_start = Some(rss);
                }
                rss_end = rss;
                rss_max = rss_max.max(rss);
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return Err(BenchError::WrkVanished),
        }
    };
    let wrk = parse_wrk(&String::from_utf8_lossy(&output.stdout))?;
    let answers_still_right = cases.iter().all(|case| {
        send(stub.port, case).is_ok_and(|a| a.status == case.status && a.contains(case.marker))
    });
    let soak = Soak {
        seconds: options.soak.as_secs(),
        wrk,
        rss_start_kib: rss_start.unwrap_or(rss_end),
        rss_end_kib: rss_end,
        rss_max_kib: rss_max,
        answers_still_right,
    };
    println!(
        "{} requests ({:.0} req/s), {} errors, RSS {:.1} → {:.1} MiB ({:+.1}%), answers still right: {}",
        wrk.requests,
        wrk.rps(),
        soak.errors(),
        soak.rss_start_kib as f64 / 1024.0,
        soak.rss_end_kib as f64 / 1024.0,
        soak.growth() * 100.0,
        soak.answers_still_right
    );
    Ok(soak)
}
