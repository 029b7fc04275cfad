//! `cargo xtask`: see `cargo xtask --help`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::openapi;

#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    about = "Project automation for the vendor API stubs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write the OpenAPI documents into openapi/, or check that they are fresh.
    Openapi {
        /// Compare openapi/ with the generator's output without writing: exit 0 when fresh,
        /// 4 when stale, 1 on any other failure.
        #[arg(long)]
        check: bool,
    },
    /// Compare the documents committed at a git revision with those the working tree's types
    /// generate, and classify each change as breaking, warning or compatible: exit 0 when
    /// nothing breaks, 5 when something does, 1 when the comparison cannot be made.
    Diff {
        /// The revision to compare against (a commit, branch or tag).
        #[arg(default_value = "HEAD", conflicts_with = "released")]
        rev: String,
        /// Compare with each document's last release (api-releases/) instead: exit 5 when a
        /// breaking change comes without a new major info.version, 1 when CHANGELOG.md is stale.
        #[arg(long)]
        released: bool,
        /// Markdown for people, JSON for tools.
        #[arg(long, value_enum, default_value = "markdown")]
        format: DiffFormat,
        /// Print the rule table (as README.md shows it) and exit.
        #[arg(long, conflicts_with = "write_corpus")]
        rules: bool,
        /// Write the rules' test corpus (pairs of small documents) into DIR and exit, for
        /// comparing another tool's verdicts with these.
        #[arg(long, value_name = "DIR")]
        write_corpus: Option<std::path::PathBuf>,
    },
    /// Hold the documents against the vendors' Python SDK models (the pinned versions, or
    /// the newest with --latest): exit 0 when every difference is explained in
    /// tests/vendor-drift/explained.json, 6 on drift, 1 when the check cannot be made.
    VendorDrift {
        /// Install the newest SDK releases from PyPI instead of the pinned ones.
        #[arg(long)]
        latest: bool,
    },
    /// Summarise the validating proxy's drift logs as a Markdown table per operation; exit 1
    /// when they hold any finding or cannot be read, 0 when they hold none.
    DriftReport {
        /// Drift-log files (one JSON object per line).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<std::path::PathBuf>,
    },
    /// Release every document that changed since its last release: copy it into
    /// api-releases/<name>/<info.version>.json and rewrite CHANGELOG.md. Refuses a changed
    /// document whose info.version was not raised, and a breaking change without a new major.
    Release,
    /// Write the published documentation: Swagger UI and the four committed documents, as a
    /// static folder that any file host can serve (no server, nothing fetched from the network).
    Docs {
        /// Folder to write [default: target/docs in the workspace]
        #[arg(long, value_name = "DIR")]
        out: Option<std::path::PathBuf>,
    },
    /// Benchmark the release stub against a bare axum server (the machine's ceiling) and
    /// Stoplight Prism on loopback, then soak it; prints a table, writes
    /// target/bench/results.json and README.md's bench table.
    Bench {
        /// Seconds measured per server and request.
        #[arg(long, default_value_t = 3)]
        duration: u64,
        /// Seconds of unmeasured load before each measurement.
        #[arg(long, default_value_t = 1)]
        warmup: u64,
        /// Open connections, the same for every server.
        #[arg(long, default_value_t = 32)]
        connections: u32,
        /// Seconds of the soak at full speed; 0 skips it.
        #[arg(long, default_value_t = 60)]
        soak: u64,
        /// Leave README.md's bench table as it is.
        #[arg(long)]
        no_readme: bool,
        /// Measure this stub binary instead of the workspace's release build.
        #[arg(long, value_name = "PATH")]
        stub: Option<std::path::PathBuf>,
    },
    /// Fuzz the stub's request handling and the signature verifiers (cargo-fuzz, installed
    /// when missing) for a bounded time per target; fails on any crash.
    Fuzz {
        /// Seconds of fuzzing per target.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
        /// Fuzz only this target (repeatable); all of them by default.
        #[arg(long = "target", value_name = "NAME")]
        targets: Vec<String>,
    },
    /// Run every check CI runs: format, clippy, the documents' freshness, the Rust tests, the
    /// OpenAPI validators and linters, schemathesis, the vendor SDKs and the generated clients
    /// (installing what they need into target/ and node_modules/), and the coverage table.
    Test {
        /// Rewrite README.md's coverage table from this run instead of failing when it differs.
        #[arg(long)]
        update_readme: bool,
    },
}

/// Output formats of `cargo xtask diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DiffFormat {
    /// Tables for people.
    Markdown,
    /// One object with every change, for tools.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = xtask::workspace_root();
    match cli.command {
        Command::Diff {
            released: true,
            format,
            rules: false,
            write_corpus: None,
            ..
        } => diff_released(&root, format),
        Command::Diff {
            rev,
            format,
            rules,
            write_corpus,
            ..
        } => diff(&root, &rev, format, rules, write_corpus.as_deref()),
        Command::Release => release(&root),
        Command::DriftReport { files } => xtask::drift_report::main(&files),
        Command::VendorDrift { latest } => vendor_drift(&root, latest),
        Command::Docs { out } => docs(&root, out),
        Command::Bench {
            duration,
            warmup,
            connections,
            soak,
            no_readme,
            stub,
        } => {
            let options = xtask::bench::Options {
                duration: std::time::Duration::from_secs(duration),
                warmup: std::time::Duration::from_secs(warmup),
                connections,
                soak: std::time::Duration::from_secs(soak),
                update_readme: !no_readme,
                stub,
            };
            outcome("bench failed", xtask::bench::run(&root, &options))
        }
        Command::Fuzz { seconds, targets } => {
            let options = xtask::fuzz::Options { seconds, targets };
            outcome("fuzzing failed", xtask::fuzz::run(&root, &options))
        }
        Command::Test { update_readme } => {
            let options = xtask::test::Options { update_readme };
            outcome("the test run failed", xtask::test::run(&root, options))
        }
        Command::Openapi { check: true } => openapi_check(&root),
        Command::Openapi { check: false } => openapi_generate(&root),
    }
}

/// Exit 0 on success; else the error, and exit 1.
fn outcome<T, E: std::fmt::Display>(what: &str, result: Result<T, E>) -> ExitCode {
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nerror: {what}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn docs(root: &std::path::Path, out: Option<std::path::PathBuf>) -> ExitCode {
    let out = out.unwrap_or_else(|| root.join(xtask::docs::DEFAULT_OUT_DIR));
    let written = xtask::docs::write(root, &out).inspect(|files| {
        println!("wrote {} files to {}", files.len(), out.display());
        // Browsers do not fetch the documents from file://, so say how to serve it.
        println!(
            "serve it from any static host, e.g. python3 -m http.server --bind 127.0.0.1 --directory {}",
            out.display()
        );
    });
    outcome("cannot write the documentation", written)
}

/// `openapi --check`: 0 when fresh, 4 when stale, 1 on any other failure.
fn openapi_check(root: &std::path::Path) -> ExitCode {
    match openapi::check(root) {
        Ok(report) => {
            print!("{}", report.render());
            if report.is_fresh() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(openapi::EXIT_STALE)
            }
        }
        Err(e) => {
            eprintln!("error: cannot check {}/: {e}", openapi::OUTPUT_DIR);
            ExitCode::FAILURE
        }
    }
}

fn openapi_generate(root: &std::path::Path) -> ExitCode {
    let generated = openapi::generate(root).inspect(|changed| {
        if changed.is_empty() {
            println!("{}/ is already up to date.", openapi::OUTPUT_DIR);
        }
        for path in changed {
            println!("wrote {path}");
        }
    });
    outcome(&format!("cannot write {}/", openapi::OUTPUT_DIR), generated)
}

fn diff(
    root: &std::path::Path,
    rev: &str,
    format: DiffFormat,
    rules: bool,
    write_corpus: Option<&std::path::Path>,
) -> ExitCode {
    if rules {
        print!("{}", xtask::diff::rules::markdown_table());
        return ExitCode::SUCCESS;
    }
    if let Some(dir) = write_corpus {
        return match xtask::diff::corpus::write(dir) {
            Ok(n) => {
                println!("wrote {n} document pairs to {}", dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: cannot write the corpus: {e}");
                ExitCode::FAILURE
            }
        };
    }
    match xtask::diff::run(root, rev) {
        Ok(report) => {
            match format {
                DiffFormat::Markdown => print!("{}", xtask::diff::report::markdown(&report)),
                DiffFormat::Json => print!("{}", xtask::diff::report::json(&report)),
            }
            if report.is_breaking() {
                ExitCode::from(xtask::diff::EXIT_BREAKING)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn diff_released(root: &std::path::Path, format: DiffFormat) -> ExitCode {
    let standings = match xtask::release::standings(root) {
        Ok(standings) => standings,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let report = xtask::release::report(&standings);
    match format {
        DiffFormat::Markdown => print!("{}", xtask::diff::report::markdown(&report)),
        DiffFormat::Json => print!("{}", xtask::diff::report::json(&report)),
    }
    let problems: Vec<_> = standings.iter().filter_map(|s| s.problem()).collect();
    for problem in &problems {
        eprintln!("error: {problem}");
    }
    if !problems.is_empty() {
        return ExitCode::from(xtask::diff::EXIT_BREAKING);
    }
    match xtask::release::changelog_is_fresh(root) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("error: {}", xtask::release::ReleaseError::StaleChangelog);
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn release(root: &std::path::Path) -> ExitCode {
    let released = xtask::release::release(root).inspect(|files| {
        for file in files {
            println!("wrote {}", file.display());
        }
    });
    outcome("cannot release", released)
}

/// `vendor-drift`: 0 when every difference is explained, 6 on drift, 1 when it cannot run.
fn vendor_drift(root: &std::path::Path, latest: bool) -> ExitCode {
    match xtask::drift::run(root, xtask::drift::Options { latest }) {
        Ok(report) => {
            print!("{}", report.markdown());
            if report.is_clean() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(xtask::drift::EXIT_DRIFT)
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
