//! `cargo xtask fuzz`: runs the cargo-fuzz targets of `fuzz/` for a bounded time each and
//! reports how many inputs each tried; any crash fails the command and leaves the input that
//! caused it under `target/fuzz/artifacts/<target>/`.
//!
//! libFuzzer needs compiler flags that only nightly Rust accepts; `RUSTC_BOOTSTRAP=1` lets the
//! stable compiler take them, so no second toolchain is needed. cargo-fuzz itself is installed
//! from crates.io (a pinned version) when it is missing.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// The targets in `fuzz/fuzz_targets/`.
pub const TARGETS: &[&str] = &["requests", "signatures"];
/// The cargo-fuzz release installed when none is found.
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";
/// libFuzzer's seed, so that a run can be repeated.
const SEED: &str = "20261125";

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Seconds of fuzzing per target (the build comes on top).
    pub seconds: u64,
    /// Targets to run; all of [`TARGETS`] when empty.
    pub targets: Vec<String>,
}

/// The outcome of one target's run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The target.
    pub target: String,
    /// Inputs executed.
    pub executions: u64,
}

/// Installs cargo-fuzz if needed, then fuzzes each target for `options.seconds`. Fails on the
/// first target that crashes or cannot be built.
pub fn run(root: &Path, options: &Options) -> Result<Vec<Run>, String> {
    ensure_cxx()?;
    ensure_cargo_fuzz()?;
    let targets: Vec<String> = if options.targets.is_empty() {
        TARGETS.iter().map(|t| (*t).to_owned()).collect()
    } else {
        options.targets.clone()
    };
    let mut runs = Vec::new();
    for target in targets {
        if !TARGETS.contains(&target.as_str()) {
            return Err(format!(
                "no fuzz target {target}; the targets are {TARGETS:?}"
            ));
        }
        runs.push(fuzz(root, &target, options.seconds)?);
    }
    for run in &runs {
        println!(
            "fuzz {}: {} executions, no crash",
            run.target, run.executions
        );
    }
    Ok(runs)
}

/// libfuzzer-sys compiles libFuzzer (C++) when the targets are built: installs g++ from
/// Debian when no C++ compiler is found.
fn ensure_cxx() -> Result<(), String> {
    let present = |program: &str| {
        Command::new(program)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if present("c++") || present("g++") || present("clang++") {
        return Ok(());
    }
    println!("installing g++ from Debian (libFuzzer is C++)");
    for args in [&["update"][..], &["install", "-y", "g++"]] {
        let status = Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| format!("no C++ compiler, and cannot run apt-get: {e}"))?;
        if !status.success() {
            return Err(format!("apt-get {} failed ({status})", args.join(" ")));
        }
    }
    Ok(())
}

fn ensure_cargo_fuzz() -> Result<(), String> {
    let present = Command::new("cargo")
        .args(["fuzz", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if present {
        return Ok(());
    }
    println!("installing cargo-fuzz {CARGO_FUZZ_VERSION} from crates.io");
    let status = Command::new("cargo")
        .args([
            "install",
            "cargo-fuzz",
            "--locked",
            "--version",
            CARGO_FUZZ_VERSION,
        ])
        .status()
        .map_err(|e| format!("cannot run cargo install: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo install cargo-fuzz failed ({status})"))
    }
}

/// Builds and runs one target; its corpus and crash artifacts live under `target/fuzz/`.
fn fuzz(root: &Path, target: &str, seconds: u64) -> Result<Run, String> {
    let corpus = root.join("target/fuzz/corpus").join(target);
    let artifacts = root.join("target/fuzz/artifacts").join(target);
    for dir in [&corpus, &artifacts] {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let started = Instant::now();
    let mut child = Command::new("cargo")
        .current_dir(root)
        .env("RUSTC_BOOTSTRAP", "1")
        .args([
            "fuzz",
            "run",
            "--fuzz-dir",
            "fuzz",
            "--target-dir",
            "target/fuzz/build",
            target,
        ])
        .arg(&corpus)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!("-seed={SEED}"))
        .arg("-print_final_stats=1")
        // A single input taking seconds is a hang worth reporting.
        .arg("-timeout=10")
        .arg("-rss_limit_mb=4096")
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run cargo fuzz: {e}"))?;
    let mut executions = None;
    if let Some(stderr) = child.stderr.take() {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            // libFuzzer's progress lines (`#123 NEW cov: …`, `NEW_FUNC …`) would bury the
            // rest; keep the others.
            let progress = (line.starts_with('#') && line.contains(" cov: "))
                || line.trim_start().starts_with("NEW_FUNC");
            if !progress {
                eprintln!("{line}");
            }
            if let Some(count) = line.strip_prefix("stat::number_of_executed_units:") {
                executions = count.trim().parse().ok();
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("cargo fuzz did not finish: {e}"))?;
    if !status.success() {
        return Err(format!(
            "fuzz target {target} failed ({status}); the failing input, if any, is in {}",
            artifacts.display()
        ));
    }
    let executions =
        executions.ok_or_else(|| format!("fuzz target {target} printed no execution count"))?;
    eprintln!(
        "fuzz {target}: {executions} executions in {:.0} s (build included)",
        started.elapsed().as_secs_f64()
    );
    Ok(Run {
        target: target.to_owned(),
        executions,
    })
}
