//! `cargo xtask test`: every check the project has, in the order CI runs them. It installs
//! what the checks need (a Python venv under target/), so a fresh checkout needs only Rust and
//! Python.

use std::fs;
use std::io;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::openapi;

/// Python interpreter used to create the venv.
const PYTHON: &str = "python3";
/// Where the venv lives, relative to the workspace root.
const VENV: &str = "target/venv";
/// Pinned Python requirements, relative to the workspace root.
const REQUIREMENTS: &str = "tests/python/requirements.txt";

/// A failed step: its name and why.
#[derive(Debug)]
pub struct StepFailed {
    /// Which step.
    pub step: String,
    /// What went wrong.
    pub reason: String,
}

/// Runs every step; stops at the first failure.
pub fn run(root: &Path) -> Result<(), StepFailed> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let started = Instant::now();

    step("format", || {
        command(root, &cargo, &["fmt", "--all", "--", "--check"])
    })?;
    step("clippy", || {
        command(
            root,
            &cargo,
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        )
    })?;
    step("openapi --check", || {
        let report = openapi::check(root).map_err(|e| e.to_string())?;
        print!("{}", report.render());
        if report.is_fresh() {
            Ok(())
        } else {
            Err("openapi/ is stale".into())
        }
    })?;
    step("cargo test", || {
        command(root, &cargo, &["test", "--workspace"])
    })?;
    step("python venv", || python_venv(root))?;
    let python = root.join(VENV).join("bin/python");
    let python = python.to_string_lossy();
    step("openapi-spec-validator", || {
        command(root, &python, &["tests/python/check_documents.py"])
    })?;

    println!("\nAll checks passed in {:.0?}.", started.elapsed());
    Ok(())
}

fn step(name: &str, f: impl FnOnce() -> Result<(), String>) -> Result<(), StepFailed> {
    println!("\n==> {name}");
    let started = Instant::now();
    let result = f();
    println!(
        "<== {name}: {} in {:.1?}",
        if result.is_ok() { "ok" } else { "FAILED" },
        started.elapsed()
    );
    result.map_err(|reason| StepFailed {
        step: name.into(),
        reason,
    })
}

fn command(root: &Path, program: &str, args: &[&str]) -> Result<(), String> {
    let status = Command::new(program)
        .args(args)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{program} {}` exited with {status}",
            args.join(" ")
        ))
    }
}

/// Creates the venv and installs the pinned requirements, unless it already holds exactly
/// them (a copy of the requirements file is kept in the venv as a stamp).
fn python_venv(root: &Path) -> Result<(), String> {
    let venv = root.join(VENV);
    let stamp = venv.join("requirements.installed");
    let wanted =
        fs::read_to_string(root.join(REQUIREMENTS)).map_err(|e| format!("{REQUIREMENTS}: {e}"))?;
    if fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        println!("{VENV} already has the pinned requirements");
        return Ok(());
    }
    if !venv.join("bin/python").exists() {
        command(root, PYTHON, &["-m", "venv", VENV])?;
    }
    let pip = venv.join("bin/pip");
    command(
        root,
        &pip.to_string_lossy(),
        &[
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            REQUIREMENTS,
        ],
    )?;
    fs::write(&stamp, wanted).map_err(|e: io::Error| e.to_string())
}
