//! `cargo xtask test`: every check the project has, in the order CI runs them. It installs
//! what the checks need from the package registries (Python venvs under `target/`, npm
//! packages from committed lock files), so a fresh machine needs only Rust, Python 3 and Node.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::{coverage, openapi};

/// Python interpreter used to create the venvs.
const PYTHON: &str = "python3";

/// A Python virtual environment: where it lives and the pinned requirements it holds.
struct Venv {
    /// Folder, relative to the workspace root.
    dir: &'static str,
    /// Requirements file with every package pinned, relative to the workspace root.
    requirements: &'static str,
}

const DOCS_VENV: Venv = Venv {
    dir: "target/venv-docs",
    requirements: "tests/python/requirements.txt",
};
const CONFORMANCE_VENV: Venv = Venv {
    dir: "target/venv-schemathesis",
    requirements: "tests/conformance/requirements.txt",
};
const SDK_VENV: Venv = Venv {
    dir: "target/venv-vendor-sdk",
    requirements: "tests/sdk/requirements.txt",
};
const CLIENT_VENV: Venv = Venv {
    dir: "target/venv-python-client",
    requirements: "tests/clients/python/requirements.txt",
};

/// npm packages installed with `npm ci` from their committed lock files.
const NPM_PACKAGES: &[&str] = &[
    "tests/conformance",
    "tests/clients/typescript",
    "tests/browser",
];

/// A failed step: its name and why.
#[derive(Debug)]
pub struct StepFailed {
    /// Which step.
    pub step: String,
    /// What went wrong.
    pub reason: String,
}

/// What `cargo xtask test` does besides checking.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Rewrite README.md's coverage table from this run instead of failing when it differs.
    pub update_readme: bool,
}

/// Runs every step; stops at the first failure.
pub fn run(root: &Path, options: Options) -> Result<(), StepFailed> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let started = Instant::now();
    // Where cargo puts the release binary: CARGO_TARGET_DIR when set, else target/.
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(|dir| root.join(dir))
        .unwrap_or_else(|| root.join("target"));
    let stub = target_dir.join("release/stub-server");
    let stub = stub.to_string_lossy().into_owned();
    let envs = [("STUB_SERVER_BIN", stub.as_str())];

    // Results of an earlier run must not leak into this run's coverage table.
    let _ = fs::remove_dir_all(root.join(coverage::RESULTS_DIR));

    step("format", || {
        command(root, &cargo, &["fmt", "--all", "--", "--check"], &[])
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
            &[],
        )
    })?;
    step("openapi --check", || {
        let report = openapi::check(root).map_err(|e| e.to_string())?;
        print!("{}", report.render());
        if report.is_fresh() {
            Ok(())
        } else {
            Err("openapi/ is stale; run `cargo xtask openapi`".into())
        }
    })?;
    step("cargo test", || {
        command(root, &cargo, &["test", "--workspace"], &[])
    })?;
    step("fuzz (30 s per target)", || {
        let options = crate::fuzz::Options {
            seconds: 30,
            targets: Vec::new(),
        };
        crate::fuzz::run(root, &options)
            .map(|_| ())
            .map_err(|e| e.to_string())
    })?;
    step("release build of the stub", || {
        command(
            root,
            &cargo,
            &["build", "--release", "-p", "stub-server"],
            &[],
        )
    })?;

    step("replicas behind nginx", || {
        command(root, PYTHON, &["tests/replicas/check_replicas.py"], &envs)
    })?;

    step("install: Python venvs", || {
        [&DOCS_VENV, &CONFORMANCE_VENV, &SDK_VENV, &CLIENT_VENV]
            .into_iter()
            .try_for_each(|venv| python_venv(root, venv))
    })?;
    step("install: npm packages", || {
        NPM_PACKAGES.iter().try_for_each(|dir| {
            command(
                root,
                "npm",
                &["ci", "--prefix", dir, "--no-audit", "--no-fund"],
                &[],
            )
        })
    })?;

    step("openapi-spec-validator and YAML twins", || {
        command(
            root,
            &python(&DOCS_VENV),
            &["tests/python/check_documents.py"],
            &[],
        )
    })?;
    step("Redocly, Spectral and schemathesis", || {
        command(
            root,
            &python(&CONFORMANCE_VENV),
            &["tests/conformance/run_conformance.py"],
            &envs,
        )
    })?;
    step("vendor SDKs", || {
        command(
            root,
            &python(&SDK_VENV),
            &["-m", "pytest", "tests/sdk"],
            &envs,
        )
    })?;
    step("generated Python clients", || {
        command(
            root,
            &python(&CLIENT_VENV),
            &["-m", "pytest", "tests/clients/python"],
            &envs,
        )
    })?;
    step("generated TypeScript clients", || {
        command(
            root,
            "npm",
            &["--prefix", "tests/clients/typescript", "test"],
            &envs,
        )
    })?;

    step("install: Chromium", || {
        command(root, "sh", &["tests/browser/install-chromium.sh"], &[])
    })?;
    let docs_dir = target_dir.join("docs");
    step("static documentation bundle", || {
        crate::docs::write(root, &docs_dir)
            .map(|_| ())
            .map_err(|e| e.to_string())
    })?;
    let docs = docs_dir.to_string_lossy().into_owned();
    step("Swagger UI in headless Chromium", || {
        command(
            root,
            "npm",
            &["--prefix", "tests/browser", "test"],
            &[
                ("STUB_SERVER_BIN", stub.as_str()),
                ("DOCS_DIR", docs.as_str()),
                (
                    "UPDATE_SCREENSHOT",
                    if options.update_readme { "1" } else { "0" },
                ),
            ],
        )
    })?;

    step("coverage table", || coverage_table(root, options))?;

    println!("\nAll checks passed in {:.0?}.", started.elapsed());
    Ok(())
}

fn python(venv: &Venv) -> String {
    format!("{}/bin/python", venv.dir)
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

fn command(root: &Path, program: &str, args: &[&str], envs: &[(&str, &str)]) -> Result<(), String> {
    let status = Command::new(program)
        .args(args)
        .envs(envs.iter().copied())
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

/// Creates a venv and installs its pinned requirements, unless it already holds exactly them
/// (a copy of the requirements file is kept in the venv as a stamp).
fn python_venv(root: &Path, venv: &Venv) -> Result<(), String> {
    let dir = root.join(venv.dir);
    let stamp = dir.join("requirements.installed");
    let wanted = fs::read_to_string(root.join(venv.requirements))
        .map_err(|e| format!("{}: {e}", venv.requirements))?;
    if fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        println!("{} already holds {}", venv.dir, venv.requirements);
        return Ok(());
    }
    if !dir.join("bin/python").exists() {
        command(root, PYTHON, &["-m", "venv", venv.dir], &[])?;
    }
    command(
        root,
        &format!("{}/bin/pip", venv.dir),
        &[
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            venv.requirements,
        ],
        &[],
    )?;
    fs::write(&stamp, wanted).map_err(|e| e.to_string())
}

/// Builds the coverage table from this run's results and checks README.md holds it.
fn coverage_table(root: &Path, options: Options) -> Result<(), String> {
    let results = coverage::read_results(root).map_err(|e| e.to_string())?;
    print!("{}", coverage::summary(&results));
    let table = coverage::table(&results);
    let readme_path = root.join("README.md");
    let readme = fs::read_to_string(&readme_path).map_err(|e| format!("README.md: {e}"))?;
    let updated =
        coverage::with_table(&readme, &table).ok_or("README.md has no coverage markers")?;
    if updated == readme {
        println!("README.md's coverage table is fresh.");
        return Ok(());
    }
    if options.update_readme {
        fs::write(&readme_path, updated).map_err(|e| e.to_string())?;
        println!("README.md's coverage table was rewritten from this run.");
        return Ok(());
    }
    let diff = similar::TextDiff::from_lines(&readme, &updated)
        .unified_diff()
        .context_radius(1)
        .header("README.md (on disk)", "README.md (this run)")
        .to_string();
    println!("{diff}");
    Err("README.md's coverage table is stale; run `cargo xtask test --update-readme`".into())
}
