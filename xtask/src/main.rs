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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = xtask::workspace_root();
    match cli.command {
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
