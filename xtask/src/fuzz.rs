//! `cargo xtask fuzz`: long runs of the libFuzzer targets of `fuzz/` (cargo-fuzz), and the
//! bounded smoke run `cargo xtask test` makes.
//!
//! The long run fuzzes each target for a bounded time, starting from the committed seeds
//! (`fuzz/corpus/<target>/`) and growing a corpus of its own under `target/fuzz/corpus/`; any
//! crash fails the command and its input is copied to `fuzz/regressions/<target>/`, which a
//! plain `cargo test` replays. libFuzzer needs compiler flags that only nightly Rust accepts;
//! `RUSTC_BOOTSTRAP=1` lets the stable compiler take them, so no second toolchain is needed.
//! cargo-fuzz itself is installed from crates.io (a pinned version) when it is missing.
//!
//! The smoke run needs none of that: the targets' logic is a library (`stub-fuzz`), built with
//! the workspace, and a test replays fixed-seed mutations of the seeds through it.

use std::fs;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::process::{self, ProcessError};

/// The targets in `fuzz/fuzz_targets/`.
pub const TARGETS: &[&str] = &["requests", "signatures"];
/// The cargo-fuzz release installed when none is found.
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";
/// libFuzzer's seed, so that a run can be repeated.
const SEED: &str = "20261125";

/// Why fuzzing failed.
#[derive(Debug, thiserror::Error)]
pub enum FuzzError {
    /// A build, an install or the smoke run failed.
    #[error(transparent)]
    Process(#[from] ProcessError),
    /// No target of that name.
    #[error("no fuzz target {0}; the targets are {TARGETS:?}")]
    UnknownTarget(String),
    /// A folder could not be made or a crash input not kept.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What went wrong.
        source: io::Error,
    },
    /// A target failed: a crash, a leak or a timeout.
    #[error("fuzz target {target} failed ({status}); its failing inputs were kept in {}", kept.display())]
    Crashed {
        /// The target.
        target: String,
        /// How cargo fuzz ended.
        status: std::process::ExitStatus,
        /// Where the inputs went.
        kept: PathBuf,
    },
    /// libFuzzer's final statistics were missing.
    #[error("fuzz target {0} printed no execution count")]
    NoStatistics(String),
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> FuzzError + '_ {
    move |source| FuzzError::Io {
        path: path.to_owned(),
        source,
    }
}

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

/// The bounded smoke run of CI: fixed-seed mutations of the committed seeds through the
/// targets' library, in the workspace's own test build (`fuzz/tests/corpus.rs`).
pub fn smoke(root: &Path, log: &Path) -> Result<(), FuzzError> {
    let mut test = process::cargo();
    // `--workspace`, as `cargo test` was run: selecting the one package would resolve its
    // dependencies' features apart and build them again.
    test.args(["test", "--locked", "--workspace", "--test", "corpus"])
        .args(["--", "--ignored", "--nocapture"])
        .current_dir(root);
    Ok(process::run_logged(&mut test, log)?)
}

/// Installs cargo-fuzz if needed, then fuzzes each target for `options.seconds`. Fails on the
/// first target that crashes or cannot be built.
pub fn run(root: &Path, options: &Options) -> Result<Vec<Run>, FuzzError> {
    let targets: Vec<String> = if options.targets.is_empty() {
        TARGETS.iter().map(|t| (*t).to_owned()).collect()
    } else {
        options.targets.clone()
    };
    if let Some(unknown) = targets.iter().find(|t| !TARGETS.contains(&t.as_str())) {
        return Err(FuzzError::UnknownTarget(unknown.clone()));
    }
    ensure_cxx()?;
    ensure_cargo_fuzz()?;
    let mut runs = Vec::new();
    for target in targets {
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
fn ensure_cxx() -> Result<(), FuzzError> {
    let present = ["c++", "g++", "clang++"]
        .into_iter()
        .any(|program| process::succeeds(program, &["--version"]));
    if !present {
        println!("installing g++ from Debian (libFuzzer is C++)");
        process::apt_install(&["g++"], None)?;
    }
    Ok(())
}

fn ensure_cargo_fuzz() -> Result<(), FuzzError> {
    if process::succeeds("cargo", &["fuzz", "--version"]) {
        return Ok(());
    }
    println!("installing cargo-fuzz {CARGO_FUZZ_VERSION} from crates.io");
    let mut install = process::cargo();
    install.args([
        "install",
        "cargo-fuzz",
        "--locked",
        "--version",
        CARGO_FUZZ_VERSION,
    ]);
    Ok(process::run(&mut install)?)
}

/// Builds and runs one target; its growing corpus and crash artifacts live under `target/fuzz/`.
fn fuzz(root: &Path, target: &str, seconds: u64) -> Result<Run, FuzzError> {
    let corpus = root.join("target/fuzz/corpus").join(target);
    let artifacts = root.join("target/fuzz/artifacts").join(target);
    for dir in [&corpus, &artifacts] {
        fs::create_dir_all(dir).map_err(io_error(dir))?;
    }
    let started = Instant::now();
    let mut command = process::cargo();
    command
        .current_dir(root)
        .env("RUSTC_BOOTSTRAP", "1")
        .args([
            "fuzz",
            "run",
            "--fuzz-dir",
            "fuzz",
            "--features",
            "libfuzzer",
        ])
        // The checks of a debug build, at release speed.
        .arg("--debug-assertions")
        .args(["--target-dir", "target/fuzz/build", target])
        // The first folder receives new inputs; the committed seeds are read only.
        .arg(&corpus)
        .arg(root.join("fuzz/corpus").join(target))
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!("-seed={SEED}"))
        .arg("-print_final_stats=1")
        // A single input taking seconds is a hang worth reporting.
        .arg("-timeout=10")
        .arg("-rss_limit_mb=4096")
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .stderr(Stdio::piped());
    let (status, executions) = run_libfuzzer(&mut command)?;
    if !status.success() {
        let kept = keep_crashes(root, target, &artifacts)?;
        return Err(FuzzError::Crashed {
            target: target.to_owned(),
            status,
            kept,
        });
    }
    let executions = executions.ok_or_else(|| FuzzError::NoStatistics(target.to_owned()))?;
    eprintln!(
        "fuzz {target}: {executions} executions in {:.0} s (build included)",
        started.elapsed().as_secs_f64()
    );
    Ok(Run {
        target: target.to_owned(),
        executions,
    })
}

/// Runs cargo fuzz, passing its output on without libFuzzer's progress lines, and returns how
/// it ended with the number of inputs it executed.
fn run_libfuzzer(
    command: &mut Command,
) -> Result<(std::process::ExitStatus, Option<u64>), FuzzError> {
    let described = process::describe(command);
    let mut child = command.spawn().map_err(|source| ProcessError::Spawn {
        command: described.clone(),
        source,
    })?;
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
    let status = child.wait().map_err(|source| ProcessError::Spawn {
        command: described,
        source,
    })?;
    Ok((status, executions))
}

/// Copies libFuzzer's crash, leak and timeout inputs into `fuzz/regressions/<target>/`, where
/// a plain `cargo test` replays them; returns that folder.
fn keep_crashes(root: &Path, target: &str, artifacts: &Path) -> Result<PathBuf, FuzzError> {
    let kept = root.join("fuzz/regressions").join(target);
    fs::create_dir_all(&kept).map_err(io_error(&kept))?;
    for entry in fs::read_dir(artifacts).map_err(io_error(artifacts))? {
        let path = entry.map_err(io_error(artifacts))?.path();
        if let Some(name) = path.file_name() {
            let copy = kept.join(name);
            fs::copy(&path, &copy).map_err(io_error(&copy))?;
        }
    }
    Ok(kept)
}
