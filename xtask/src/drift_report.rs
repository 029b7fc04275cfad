//! `cargo xtask drift-report FILE...`: reads the validating proxy's drift logs and prints a
//! Markdown table per operation (calls when the log records them, findings by kind, the first
//! example of each), for a nightly job that runs a team's tests through the proxy. It exits 1
//! when there is any finding, so that the job fails, and 0 when there is none.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use drift_check::{DriftLine, Kind};

/// Why the logs could not be read; each names the file (and the line) so the job's log says
/// where to look.
#[derive(Debug, thiserror::Error)]
pub enum DriftReportError {
    /// The file cannot be opened or read.
    #[error("{file}: cannot be read: {source}")]
    Read {
        /// The file as given.
        file: String,
        /// Why.
        source: std::io::Error,
    },
    /// A line that is not a drift-log line.
    #[error("{file}:{line}: not a drift-log line: {source}")]
    Malformed {
        /// The file as given.
        file: String,
        /// The line number, from 1.
        line: usize,
        /// What the parser says.
        source: serde_json::Error,
    },
}

/// The report of a set of drift logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The Markdown text.
    pub markdown: String,
    /// How many findings the logs hold (lines of every kind but `call`).
    pub findings: usize,
}

/// What the logs say about one operation.
#[derive(Debug, Default)]
struct Operation {
    /// Lines of kind `call`.
    calls: usize,
    /// Each kind of finding: how many, and the first line of that kind.
    kinds: BTreeMap<Kind, (usize, DriftLine)>,
}

/// Runs the command: prints the report, or a one-line error; the exit code says whether the
/// logs were read and hold no finding.
pub fn main(files: &[PathBuf]) -> ExitCode {
    match run(files) {
        Ok(report) => {
            print!("{}", report.markdown);
            if report.findings == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("drift-report: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Reads every file and builds the report.
pub fn run(files: &[PathBuf]) -> Result<Report, DriftReportError> {
    let mut lines = Vec::new();
    for file in files {
        lines.extend(read(file)?);
    }
    Ok(report(&lines))
}

/// The lines of one drift log; blank lines are skipped.
pub fn read(file: &Path) -> Result<Vec<DriftLine>, DriftReportError> {
    let name = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|source| DriftReportError::Read {
        file: name.clone(),
        source,
    })?;
    let mut out = Vec::new();
    for (index, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let parsed =
            serde_json::from_slice(line).map_err(|source| DriftReportError::Malformed {
                file: name.clone(),
                line: index + 1,
                source,
            })?;
        out.push(parsed);
    }
    Ok(out)
}

/// The report of `lines`: a summary, then a section per operation (document, then
/// operationId, in order), each with a row per kind of finding.
pub fn report(lines: &[DriftLine]) -> Report {
    let mut operations: BTreeMap<(&str, &str), Operation> = BTreeMap::new();
    for line in lines {
        let operation = operations
            .entry((line.document.as_str(), line.operation_id.as_str()))
            .or_default();
        if line.kind.is_finding() {
            operation
                .kinds
                .entry(line.kind)
                .or_insert_with(|| (0, line.clone()))
                .0 += 1;
        } else {
            operation.calls += 1;
        }
    }
    let findings = lines.iter().filter(|l| l.kind.is_finding()).count();
    let mut out = String::from("# Drift report\n\n");
    let _ = writeln!(
        out,
        "{findings} finding(s) in {} operation(s), from {} line(s).",
        operations.values().filter(|o| !o.kinds.is_empty()).count(),
        lines.len()
    );
    for ((document, operation_id), operation) in &operations {
        let _ = writeln!(out, "\n## {document} {operation_id}\n");
        let calls = match operation.calls {
            0 => "not recorded".to_owned(),
            n => n.to_string(),
        };
        let _ = writeln!(out, "Calls: {calls}.\n");
        if operation.kinds.is_empty() {
            out.push_str("No findings.\n");
            continue;
        }
        out.push_str("| Kind | Findings | First example |\n|---|---:|---|\n");
        for (kind, (count, first)) in &operation.kinds {
            let _ = writeln!(out, "| {} | {count} | {} |", kind.name(), example(first));
        }
    }
    Report {
        markdown: out,
        findings,
    }
}

/// A line as one table cell: direction, status, pointer, what was expected and what came.
fn example(line: &DriftLine) -> String {
    let direction = match line.direction {
        drift_check::Direction::Request => "request",
        drift_check::Direction::Response => "response",
    };
    let status = line.status.map(|s| format!(" {s}")).unwrap_or_default();
    let pointer = if line.pointer.is_empty() {
        String::new()
    } else {
        format!(" at {}", line.pointer)
    };
    cell(&format!(
        "{direction}{status}{pointer}: expected {}; got {}",
        line.expected, line.actual
    ))
}

/// Text that cannot break a Markdown table row: `|` escaped, line breaks as spaces.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use drift_check::{Direction, DriftWriter, Exchange, Finding};

    use super::*;

    fn exchange(operation_id: &str) -> Exchange<'_> {
        Exchange {
            time: drift_check::rfc3339(UNIX_EPOCH + Duration::from_secs(1_800_000_000)),
            document: "tencent-cwp",
            operation_id,
            status: Some(200),
            request_id: Some("req-1"),
        }
    }

    fn line(operation_id: &str, kind: Kind, pointer: &str, actual: &str) -> DriftLine {
        let finding = Finding::new(kind, pointer, "no such property in the schema", actual);
        DriftLine::of_finding(&exchange(operation_id), Direction::Response, &finding)
    }

    /// Writes `lines` as a drift log in a file of its own and returns its path.
    fn log_file(test: &str, lines: &[DriftLine]) -> PathBuf {
        let path =
            std::env::temp_dir().join(format!("drift-report-{}-{test}.jsonl", std::process::id()));
        let mut writer = DriftWriter::new(Vec::new());
        for line in lines {
            writer.write(line).unwrap();
        }
        std::fs::write(&path, writer.into_inner()).unwrap();
        path
    }

    #[test]
    fn findings_are_counted_by_kind_with_the_first_example_and_fail_the_run() {
        let lines = [
            line("ExportAssetUserList", Kind::Call, "", ""),
            line(
                "ExportAssetUserList",
                Kind::UnknownProperty,
                "/Response/Extra",
                "1|2",
            ),
            line(
                "ExportAssetUserList",
                Kind::UnknownProperty,
                "/Response/Other",
                "3",
            ),
            line("ExportAssetUserList", Kind::Call, "", ""),
            line("ExportTasks", Kind::UndocumentedStatus, "", "502"),
        ];
        let path = log_file("findings", &lines);
        let report = run(std::slice::from_ref(&path)).unwrap();
        std::fs::remove_file(path).unwrap();
        assert_eq!(report.findings, 3);
        let text = &report.markdown;
        assert!(
            text.contains("3 finding(s) in 2 operation(s), from 5 line(s)."),
            "{text}"
        );
        assert!(
            text.contains("## tencent-cwp ExportAssetUserList\n\nCalls: 2."),
            "{text}"
        );
        assert!(
            text.contains(
                "| unknown_property | 2 | response 200 at /Response/Extra: \
                 expected no such property in the schema; got 1\\|2 |"
            ),
            "{text}"
        );
        assert!(
            text.contains("## tencent-cwp ExportTasks\n\nCalls: not recorded."),
            "{text}"
        );
        assert!(text.contains("| undocumented_status | 1 |"), "{text}");
    }

    #[test]
    fn a_log_of_calls_only_has_no_findings_and_passes() {
        let path = log_file("calls", &[line("ExportTasks", Kind::Call, "", "")]);
        let report = run(std::slice::from_ref(&path)).unwrap();
        std::fs::remove_file(path).unwrap();
        assert_eq!(report.findings, 0);
        assert!(
            report.markdown.contains("Calls: 1.\n\nNo findings."),
            "{}",
            report.markdown
        );
        assert_eq!(run(&[]).unwrap().findings, 0);
    }

    #[test]
    fn an_unreadable_file_is_one_line_naming_it() {
        let missing = std::env::temp_dir().join("drift-report-no-such-file.jsonl");
        let error = run(std::slice::from_ref(&missing)).unwrap_err().to_string();
        assert!(error.starts_with(&format!("{}: cannot be read:", missing.display())));
        assert!(!error.contains('\n'), "{error}");
    }

    #[test]
    fn a_malformed_line_is_named_by_file_and_line_number() {
        let path = log_file("malformed", &[line("ExportTasks", Kind::Call, "", "")]);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("\n{\"time\": 1}\n");
        std::fs::write(&path, text).unwrap();
        let error = run(std::slice::from_ref(&path)).unwrap_err().to_string();
        std::fs::remove_file(&path).unwrap();
        assert!(
            error.starts_with(&format!("{}:3: not a drift-log line:", path.display())),
            "{error}"
        );
        assert!(!error.contains('\n'), "{error}");
    }
}
