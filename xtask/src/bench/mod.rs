//! `cargo xtask bench`: how fast the stub answers, next to a bare axum server (the machine's
//! ceiling) and Stoplight Prism (the mock server users would otherwise run), all on loopback.
//!
//! The run builds the release stub and `bench-ceiling`, installs Prism from
//! `tests/bench/package-lock.json` and wrk from Debian when missing, then:
//!
//! 1. times each server from process start to its first answered request;
//! 2. for every operation, a valid and an invalid request: checks each server's answer once,
//!    then drives it with wrk (same connections, warm-up and duration for all three servers,
//!    taking turns so that a change in the machine's load hits all of them alike) and reads
//!    requests per second and latency from wrk, CPU time from `/proc/<pid>/stat` and peak RSS
//!    from `VmHWM` in `/proc/<pid>/status`;
//! 3. a soak: the stub alone at full speed for a minute, checking errors and RSS growth.
//!
//! It prints a table, writes `target/bench/results.json` and rewrites the table between the
//! bench markers of README.md. Targets are reported as met or missed, never asserted: the
//! numbers depend on the machine and on whatever else runs on it. Traffic goes only to
//! 127.0.0.1.
//!
//! One module per phase: [`tools`] installs Prism and wrk, [`servers`] starts and probes the
//! servers, [`load`] drives them with wrk, [`sampling`] reads CPU and memory while it does,
//! [`soak`] runs the soak, [`proxy`] measures what forwarding with `--upstream` adds, and
//! [`report`] turns the measurements into results and the table.

mod cases;
mod load;
mod proxy;
mod report;
mod sampling;
mod servers;
mod soak;
mod tools;

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::process;
use cases::Case;
use sampling::Startup;
use servers::{Kind, Process, Servers};

use common::PRISM_DIR;
pub use common::{BEGIN, BenchError, END, OUTPUT_DIR, Options};
pub use report::with_table;

/// Runs the bench.
pub fn run(root: &Path, options: &Options) -> Result<(), BenchError> {
    let started = Instant::now();
    let out_dir = root.join(OUTPUT_DIR);
    fs::create_dir_all(&out_dir).map_err(|source| BenchError::Io {
        path: out_dir.display().to_string(),
        source,
    })?;
    let (stub_bin, ceiling_bin) = build(root, options)?;
    println!("==> installing Prism ({PRISM_DIR}) and wrk");
    tools::install_prism(root)?;
    tools::install_wrk()?;

    let load = fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_default();
    let cases = cases::cases();
    let probe = cases
        .iter()
        .find(|c| c.operation == "ListGroupUserGroups" && c.valid)
        .ok_or_else(|| BenchError::WrongAnswer("no probe request".into()))?;

    println!("==> start-up: process start to first answered request");
    let mut startups = sampling::startups(&stub_bin, &ceiling_bin, probe)?;
    let servers = start_servers(root, &stub_bin, &ceiling_bin, &cases, probe, &mut startups)?;
    for (kind, startup) in &startups {
        println!(
            "{:>8}: median {:.1} ms, max {:.1} ms",
            kind.name(),
            startup.median(),
            startup.max()
        );
    }

    println!(
        "==> load: {} connections, {:?} warm-up and {:?} measured per server and request",
        options.connections, options.warmup, options.duration
    );
    let rows = sampling::measure_all(&servers, &cases, &out_dir, options)?;
    // The soak measures the stub alone.
    let Servers {
        stub,
        ceiling,
        prisms,
    } = servers;
    drop(prisms);
    drop(ceiling);

    let soak = if options.soak.is_zero() {
        None
    } else {
        Some(soak::soak(&stub, &cases, &out_dir, options)?)
    };
    drop(stub);
    println!("==> proxying: one operation forwarded to a second stub on loopback");
    let proxy = proxy::measure(&stub_bin, &cases, &out_dir, options)?;

    let run = report::Run {
        load,
        stub: &stub_bin,
        rows: &rows,
        startups: &startups,
        soak: soak.as_ref(),
        proxy: proxy.as_ref(),
    };
    report::write(root, &out_dir, options, &run)?;
    println!("bench finished in {:.0?}", started.elapsed());
    Ok(())
}

/// Builds the ceiling, and the release stub unless another binary is to be measured; returns
/// the stub's and the ceiling's paths.
fn build(root: &Path, options: &Options) -> Result<(PathBuf, PathBuf), BenchError> {
    let mut build = process::cargo();
    build
        .args(["build", "--locked", "--release", "-p", "bench-ceiling"])
        .current_dir(root);
    if options.stub.is_none() {
        println!("==> building the release stub and the ceiling");
        build.args(["-p", "stub-server"]);
    } else {
        println!("==> building the ceiling");
    }
    process::run(&mut build)?;
    let target_dir = crate::target_dir(root);
    let stub_bin = options
        .stub
        .clone()
        .unwrap_or_else(|| target_dir.join("release/stub-server"));
    Ok((stub_bin, target_dir.join("release/bench-ceiling")))
}

/// Starts the servers measured under load; Prism's start-up times join `startups`.
fn start_servers(
    root: &Path,
    stub_bin: &Path,
    ceiling_bin: &Path,
    cases: &[Case],
    probe: &Case,
    startups: &mut BTreeMap<Kind, Startup>,
) -> Result<Servers, BenchError> {
    let (stub, _) = servers::start_rust_server(stub_bin, probe)?;
    let (ceiling, _) = servers::start_rust_server(ceiling_bin, probe)?;
    let mut prisms: BTreeMap<&str, Process> = BTreeMap::new();
    let mut prism_startup = Vec::new();
    for case in cases {
        if prisms.contains_key(case.document) {
            continue;
        }
        let (process, first) = servers::start_prism(root, case.document, case)?;
        prism_startup.push(first.as_secs_f64() * 1e3);
        prisms.insert(case.document, process);
    }
    startups.insert(
        Kind::Prism,
        Startup {
            runs_ms: prism_startup,
        },
    );
    Ok(Servers {
        stub,
        ceiling,
        prisms,
    })
}
