//! `cargo xtask test`: every check the project has, as CI runs them. It installs what the checks
//! need from the package registries (Debian packages, Python venvs under `target/`, npm
//! packages from committed lock files), so a fresh machine needs only Rust, Python and Node.js.
//!
//! Two lanes run side by side: the main lane compiles and tests (it keeps the cores busy), the
//! installs lane fetches and unpacks (it waits on the network). The out-of-process suites then
//! run against one debug build of the stub, the binary `cargo test` has already built; the
//! release profile (fat LTO) is left to the bench and the Dockerfile. Each step logs to its own
//! file (`steps`), and the run ends with a table of the steps and their times.

mod deploy;
mod error;
mod installs;
mod preflight;
mod steps;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;

use crate::process;
use crate::venv::{self, CLIENT_VENV, CONFORMANCE_VENV, DOCS_VENV, LINT_VENV, SDK_VENV};
use crate::{coverage, fuzz, openapi};
use steps::Steps;

pub use error::TestError;
pub use preflight::REWRITING_VARIABLES;

/// The main lane's name in the step table.
const MAIN: &str = "main";

/// What `cargo xtask test` does besides checking.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Rewrite README.md's coverage table from this run instead of failing when it differs.
    pub update_readme: bool,
}

/// Runs every step; stops at the first failure. The step table is printed and written either way.
pub fn run(root: &Path, options: Options) -> Result<(), TestError> {
    preflight::check()?;
    let steps = Steps::new(root)?;
    let result = run_steps(root, options, &steps);
    steps.finish()?;
    result
}

fn run_steps(root: &Path, options: Options, steps: &Steps) -> Result<(), TestError> {
    // Results of an earlier run must not leak into this run's coverage table.
    let _ = fs::remove_dir_all(root.join(coverage::RESULTS_DIR));
    let stub = thread::scope(|scope| {
        let installs = scope.spawn(|| installs::run(root, steps));
        let compiled = compile_and_test(root, steps);
        let installed = installs.join().map_err(|_| TestError::InstallsPanicked)?;
        installed.and(compiled)
    })?;
    out_of_process(root, options, steps, &stub)?;
    steps.run(MAIN, "fuzz smoke run", |log| Ok(fuzz::smoke(root, log)?))?;
    steps.run(MAIN, "coverage table", |log| {
        coverage_table(root, options, log)
    })
}

/// A cargo command of the main lane, `--locked` wherever cargo resolves dependencies.
fn cargo(root: &Path, args: &[&str]) -> Command {
    let mut command = process::cargo();
    command.args(args).current_dir(root);
    command
}

/// The main lane until the suites need the installs: format, lints, documents, Rust tests.
/// Returns the stub binary the tests' build made.
fn compile_and_test(root: &Path, steps: &Steps) -> Result<PathBuf, TestError> {
    let logged = |args: &[&str], log: &Path| -> Result<(), TestError> {
        Ok(process::run_logged(&mut cargo(root, args), log)?)
    };
    steps.run(MAIN, "format", |log| {
        logged(&["fmt", "--all", "--check"], log)
    })?;
    steps.run(MAIN, "clippy", |log| {
        let args = ["clippy", "--locked", "--workspace", "--all-targets"];
        logged(&[&args[..], &["--", "-D", "warnings"]].concat(), log)
    })?;
    steps.run(MAIN, "openapi --check", |log| {
        let report = openapi::check(root).map_err(|source| TestError::io(root, source))?;
        fs::write(log, report.render()).map_err(|source| TestError::io(log, source))?;
        report
            .is_fresh()
            .then_some(())
            .ok_or(TestError::StaleDocuments)
    })?;
    steps.run(MAIN, "breaking changes since the last release", |log| {
        let report = crate::release::check(root)?;
        fs::write(log, report).map_err(|source| TestError::io(log, source))
    })?;
    let mut stub = None;
    steps.run(MAIN, "build the tests", |log| {
        stub = Some(build_tests(root, log)?);
        Ok(())
    })?;
    steps.run(MAIN, "cargo test", |log| {
        logged(&["test", "--locked", "--workspace"], log)
    })?;
    stub.ok_or(TestError::NoStub)
}

/// Builds every test, and with them `stub-server`, the binary the stub's integration tests
/// start and the out-of-process suites run (a separate `cargo build -p stub-server` would
/// resolve features apart and compile the dependencies again). Cargo says where it put it.
fn build_tests(root: &Path, log: &Path) -> Result<PathBuf, TestError> {
    let messages = log.with_extension("json");
    let file = |path: &Path, append| {
        fs::File::options()
            .create(true)
            .write(true)
            .append(append)
            .truncate(!append)
            .open(path)
            .map_err(|source| TestError::io(path, source))
    };
    let mut build = cargo(root, &["test", "--locked", "--workspace", "--no-run"]);
    build
        .arg("--message-format=json-render-diagnostics")
        .stdout(file(&messages, false)?)
        .stderr(file(log, true)?);
    process::run(&mut build)?;
    let text = fs::read_to_string(&messages).map_err(|source| TestError::io(&messages, source))?;
    stub_executable(&text).ok_or(TestError::NoStub)
}

/// The `stub-server` binary among cargo's JSON messages.
fn stub_executable(messages: &str) -> Option<PathBuf> {
    messages
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "stub-server")
        .filter(|m| {
            m["target"]["kind"]
                .as_array()
                .is_some_and(|k| k.contains(&"bin".into()))
        })
        .filter(|m| m["profile"]["test"] == false)
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
}

/// A program run from the workspace root with the stub's path in its environment.
fn suite(root: &Path, program: impl AsRef<std::ffi::OsStr>, args: &[&str], stub: &Path) -> Command {
    let mut command = Command::new(program);
    command
        .args(args)
        .env("STUB_SERVER_BIN", stub)
        .current_dir(root);
    command
}

/// The suites that run the stub as a process, and the linters of the non-Rust files.
fn out_of_process(
    root: &Path,
    options: Options,
    steps: &Steps,
    stub: &Path,
) -> Result<(), TestError> {
    let run = |name: &str, mut command: Command| {
        steps.run(MAIN, name, |log| {
            Ok(process::run_logged(&mut command, log)?)
        })
    };
    let venv = |venv: &venv::Venv| root.join(venv.python());
    run(
        "ruff",
        suite(
            root,
            root.join(LINT_VENV.bin("ruff")),
            &["check", "tests", "deploy"],
            stub,
        ),
    )?;
    steps.run(MAIN, "Kubernetes manifests", |log| {
        deploy::manifests(root, log)
    })?;
    steps.run(MAIN, "Dockerfile", |log| deploy::dockerfile(root, log))?;
    run(
        "openapi-spec-validator and YAML twins",
        suite(
            root,
            venv(&DOCS_VENV),
            &["tests/python/check_documents.py"],
            stub,
        ),
    )?;
    run(
        "Redocly, Spectral and schemathesis",
        suite(
            root,
            venv(&CONFORMANCE_VENV),
            &["tests/conformance/run_conformance.py"],
            stub,
        ),
    )?;
    run(
        "vendor SDKs",
        suite(root, venv(&SDK_VENV), &["-m", "pytest", "tests/sdk"], stub),
    )?;
    steps.run(MAIN, "vendor SDK models (vendor-drift)", |log| {
        let report = crate::drift::run(root, crate::drift::Options::default())?;
        fs::write(log, report.markdown()).map_err(|source| TestError::io(log, source))?;
        report
            .is_clean()
            .then_some(())
            .ok_or(TestError::VendorDrift)
    })?;
    run(
        "generated Python clients",
        suite(
            root,
            venv(&CLIENT_VENV),
            &["-m", "pytest", "tests/clients/python"],
            stub,
        ),
    )?;
    run(
        "generated TypeScript clients",
        suite(
            root,
            "npm",
            &["--prefix", "tests/clients/typescript", "test"],
            stub,
        ),
    )?;
    run(
        "replicas behind nginx",
        suite(
            root,
            venv::PYTHON,
            &["tests/replicas/check_replicas.py"],
            stub,
        ),
    )?;
    let docs_dir = crate::target_dir(root).join("docs");
    steps.run(MAIN, "static documentation bundle", |_| {
        crate::docs::write(root, &docs_dir)?;
        Ok(())
    })?;
    let mut browser = suite(root, "npm", &["--prefix", "tests/browser", "test"], stub);
    browser.env("DOCS_DIR", &docs_dir).env(
        "UPDATE_SCREENSHOT",
        if options.update_readme { "1" } else { "0" },
    );
    run("Swagger UI in headless Chromium", browser)
}

/// Builds the coverage table from this run's results and checks README.md holds it.
fn coverage_table(root: &Path, options: Options, log: &Path) -> Result<(), TestError> {
    let results = coverage::read_results(root).map_err(|source| TestError::io(root, source))?;
    let documented = coverage::committed_operations(root);
    let table = coverage::table(&results, &documented);
    let readme_path = root.join("README.md");
    let readme =
        fs::read_to_string(&readme_path).map_err(|source| TestError::io(&readme_path, source))?;
    let updated = coverage::with_table(&readme, &table).ok_or(TestError::NoCoverageMarkers)?;
    let write_log =
        |text: String| fs::write(log, text).map_err(|source| TestError::io(log, source));
    if updated == readme {
        print!("{}", coverage::summary(&results));
        return write_log(coverage::summary(&results) + "README.md's coverage table is fresh.\n");
    }
    if options.update_readme {
        fs::write(&readme_path, updated).map_err(|source| TestError::io(&readme_path, source))?;
        return write_log("README.md's coverage table was rewritten from this run.\n".into());
    }
    let diff = similar::TextDiff::from_lines(&readme, &updated)
        .unified_diff()
        .context_radius(1)
        .header("README.md (on disk)", "README.md (this run)")
        .to_string();
    write_log(coverage::summary(&results) + &diff)?;
    Err(TestError::StaleCoverage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stub_is_found_among_cargo_messages() {
        let messages = concat!(
            r#"{"reason":"compiler-artifact","target":{"name":"stub-server","kind":["lib"]},"profile":{"test":false},"executable":null}"#,
            "\n",
            r#"{"reason":"compiler-artifact","target":{"name":"stub-server","kind":["bin"]},"profile":{"test":true},"executable":"/t/debug/deps/stub_server-1"}"#,
            "\n",
            r#"{"reason":"compiler-artifact","target":{"name":"stub-server","kind":["bin"]},"profile":{"test":false},"executable":"/t/debug/stub-server"}"#,
            "\nrunning 0 tests\n"
        );
        assert_eq!(
            stub_executable(messages),
            Some(PathBuf::from("/t/debug/stub-server"))
        );
        assert_eq!(stub_executable("{}"), None);
    }
}
