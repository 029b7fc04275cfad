//! The steps of a test run: each one timed, its output in its own log file under
//! `target/ci-logs/`, the tail of that log printed when it fails, and at the end a table of
//! every step and its time, printed and written to `target/ci-steps.md` and `.json`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use serde_json::json;

use super::error::TestError;
use crate::process;

/// Folder of the step logs, relative to the workspace root.
pub const LOG_DIR: &str = "target/ci-logs";
/// The step table, relative to the workspace root (Markdown; the JSON twin beside it).
pub const TABLE: &str = "target/ci-steps.md";
/// Lines of a failed step's log shown on the terminal.
const TAIL_LINES: usize = 60;

/// One finished step.
#[derive(Debug, Clone)]
struct Record {
    name: String,
    /// Which line of work ran it: the main sequence or the installs beside it.
    lane: &'static str,
    /// Seconds since the run started, when the step started.
    start: f64,
    seconds: f64,
    ok: bool,
    log: PathBuf,
}

/// The steps of one run, shared by the lanes that run side by side.
#[derive(Debug)]
pub struct Steps {
    root: PathBuf,
    started: Instant,
    records: Mutex<Vec<Record>>,
}

impl Steps {
    /// Starts a run: clears the logs of an earlier one.
    pub fn new(root: &Path) -> Result<Steps, TestError> {
        let dir = root.join(LOG_DIR);
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|source| TestError::io(&dir, source))?;
        Ok(Steps {
            root: root.to_owned(),
            started: Instant::now(),
            records: Mutex::new(Vec::new()),
        })
    }

    /// Runs one step with its log file; the step writes what it has to say there.
    pub fn run(
        &self,
        lane: &'static str,
        name: &str,
        step: impl FnOnce(&Path) -> Result<(), TestError>,
    ) -> Result<(), TestError> {
        let log = self.root.join(LOG_DIR).join(format!("{}.log", slug(name)));
        let start = self.started.elapsed().as_secs_f64();
        println!("==> {name} ({lane}; log {})", relative(&self.root, &log));
        let step_started = Instant::now();
        let result = step(&log);
        let seconds = step_started.elapsed().as_secs_f64();
        println!(
            "<== {name}: {} in {seconds:.1} s",
            if result.is_ok() { "ok" } else { "FAILED" }
        );
        if let Err(error) = &result {
            let tail = process::tail(&log, TAIL_LINES);
            println!(
                "---- last lines of {} ----\n{tail}\n---- {error}",
                relative(&self.root, &log)
            );
        }
        if let Ok(mut records) = self.records.lock() {
            records.push(Record {
                name: name.to_owned(),
                lane,
                start,
                seconds,
                ok: result.is_ok(),
                log,
            });
        }
        result.map_err(|source| TestError::Step {
            step: name.to_owned(),
            source: Box::new(source),
        })
    }

    /// Prints the table of the steps run so far and writes it to `target/`.
    pub fn finish(&self) -> Result<(), TestError> {
        let records = self.records.lock().map(|r| r.clone()).unwrap_or_default();
        let total = self.started.elapsed().as_secs_f64();
        let markdown = table(&self.root, &records, total);
        println!("\n{markdown}");
        let path = self.root.join(TABLE);
        fs::write(&path, &markdown).map_err(|source| TestError::io(&path, source))?;
        let steps: Vec<_> = records
            .iter()
            .map(|r| {
                json!({
                    "step": r.name,
                    "lane": r.lane,
                    "start_s": round(r.start),
                    "seconds": round(r.seconds),
                    "ok": r.ok,
                    "log": relative(&self.root, &r.log),
                })
            })
            .collect();
        let json = json!({"total_seconds": round(total), "steps": steps});
        let path = path.with_extension("json");
        fs::write(&path, format!("{json:#}\n")).map_err(|source| TestError::io(&path, source))
    }
}

/// The step table in Markdown.
fn table(root: &Path, records: &[Record], total: f64) -> String {
    let mut out = String::from("| Step | Lane | Result | Started at | Seconds | Log |\n");
    out.push_str("|---|---|---|--:|--:|---|\n");
    for r in records {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.0} s | {:.1} | `{}` |",
            r.name,
            r.lane,
            if r.ok { "ok" } else { "FAILED" },
            r.start,
            r.seconds,
            relative(root, &r.log)
        );
    }
    let failed = records.iter().filter(|r| !r.ok).count();
    let _ = writeln!(
        out,
        "\nsteps: {} passed, {failed} failed, in {total:.0} s of wall time",
        records.len() - failed
    );
    out
}

fn round(seconds: f64) -> f64 {
    (seconds * 10.0).round() / 10.0
}

/// A file name for a step: its letters and digits, the rest as dashes.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_names_become_file_names() {
        assert_eq!(slug("openapi --check"), "openapi-check");
        assert_eq!(slug("install: Python venvs (4)"), "install-python-venvs-4");
    }

    #[test]
    fn the_table_lists_each_step_and_counts_failures() {
        let root = Path::new("/r");
        let record = |name: &str, ok| Record {
            name: name.into(),
            lane: "main",
            start: 1.0,
            seconds: 2.25,
            ok,
            log: root.join(LOG_DIR).join(format!("{name}.log")),
        };
        let text = table(
            root,
            &[record("format", true), record("clippy", false)],
            9.6,
        );
        assert!(text.contains("| format | main | ok | 1 s | 2.2 | `target/ci-logs/format.log` |"));
        assert!(text.contains("| clippy | main | FAILED |"));
        assert!(text.ends_with("steps: 1 passed, 1 failed, in 10 s of wall time\n"));
    }
}
