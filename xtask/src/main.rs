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
        Command::Test { update_readme } => {
            match xtask::test::run(&root, xtask::test::Options { update_readme }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(failed) => {
                    eprintln!("\nerror: step `{}` failed: {}", failed.step, failed.reason);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Openapi { check: true } => match openapi::check(&root) {
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
        },
        Command::Openapi { check: false } => match openapi::generate(&root) {
            Ok(changed) if changed.is_empty() => {
                println!("{}/ is already up to date.", openapi::OUTPUT_DIR);
                ExitCode::SUCCESS
            }
            Ok(changed) => {
                for path in changed {
                    println!("wrote {path}");
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: cannot write {}/: {e}", openapi::OUTPUT_DIR);
                ExitCode::FAILURE
            }
        },
    }
}
