//! `cargo xtask vendor-drift`: the documents held against the vendors' own SDK models.
//!
//! The vendors' Python SDKs are installed into a venv (the versions pinned for the SDK suite,
//! or with `--latest` the newest on PyPI), `tests/vendor-drift/sdk_models.py` reads the model
//! classes of every documented operation, and [`compare`] holds each field against the
//! document. A difference is either listed in `tests/vendor-drift/explained.json`, with the
//! DECISIONS.md section that explains it, or reported as drift.

pub mod compare;

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use serde::Deserialize;
use serde_json::Value;

use compare::{Difference, Extract, Finding, Side};

/// Exit code when some difference is not explained, or an explanation no longer applies.
pub const EXIT_DRIFT: u8 = 6;
/// The SDK model reader.
pub const EXTRACTOR: &str = "tests/vendor-drift/sdk_models.py";
/// The differences that are known and explained.
pub const EXPLAINED: &str = "tests/vendor-drift/explained.json";
/// The venv of the pinned SDKs: the vendor SDK suite's own (tests/sdk pins the versions).
const PINNED: &crate::venv::Venv = &crate::venv::SDK_VENV;
/// The venv `--latest` fills with the newest SDK releases.
const LATEST_DIR: &str = "target/venv-vendor-drift-latest";
/// The SDK packages `--latest` upgrades to the newest release.
pub const SDK_PACKAGES: &[&str] = &[
    "huaweicloudsdkworkspace",
    "huaweicloudsdkcodeartsrepo",
    "tencentcloud-sdk-python-cwp",
];

/// Why the check could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DriftError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// A program could not be run, or failed.
    #[error("{program}: {reason}")]
    Program {
        /// The program.
        program: String,
        /// What went wrong.
        reason: String,
    },
    /// The working tree's documents could not be generated.
    #[error(transparent)]
    Diff(#[from] crate::diff::DiffError),
    /// pip could not reach PyPI for `--latest`.
    #[error("cannot install the newest SDKs from PyPI (is the network reachable?); pip said: {0}")]
    NoNetwork(String),
    /// A JSON input is malformed.
    #[error("{what} is not valid: {source}")]
    Json {
        /// Which input.
        what: String,
        /// What the parser said.
        source: serde_json::Error,
    },
    /// An explanation points to no DECISIONS.md section.
    #[error("{EXPLAINED}: {field} points to {decision}, which is not a heading of DECISIONS.md")]
    BadDecision {
        /// The explained field.
        field: String,
        /// The link given.
        decision: String,
    },
}

/// One known difference, and where it is explained.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Explanation {
    /// The operationId.
    pub operation: String,
    /// Request or response.
    pub side: Side,
    /// The field's wire path.
    pub field: String,
    /// How the SDK and the document differ.
    pub difference: Difference,
    /// Why, in a few words.
    pub reason: String,
    /// `DECISIONS.md#section`.
    pub decision: String,
}

impl Explanation {
    /// Whether this explains the finding. `operation` and `field` may end in `*`, for
    /// differences that follow from how a vendor's SDKs work rather than from one field
    /// (e.g. Tencent's `X-TC-*` headers, which the SDK client sets itself).
    fn explains(&self, f: &Finding) -> bool {
        glob(&self.operation, &f.operation)
            && self.side == f.side
            && glob(&self.field, &f.field)
            && self.difference == f.difference
    }
}

/// `pattern` equals `text`, or ends in `*` and `text` starts with what comes before it.
fn glob(pattern: &str, text: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => text.starts_with(prefix),
        None => pattern == text,
    }
}

/// One operation's row of the report.
#[derive(Debug, Clone)]
pub struct Row {
    /// The document.
    pub document: String,
    /// The operationId.
    pub operation: String,
    /// The SDK package, or why the operation is not covered.
    pub sdk: Result<String, String>,
    /// Fields compared.
    pub compared: usize,
    /// Differences explained.
    pub explained: usize,
    /// Differences not explained.
    pub drifted: Vec<Finding>,
}

/// The outcome of `cargo xtask vendor-drift`.
#[derive(Debug, Clone)]
pub struct Report {
    /// SDK package versions read.
    pub sdks: Vec<(String, String)>,
    /// One row per documented operation.
    pub rows: Vec<Row>,
    /// Explanations that match no difference any more.
    pub stale: Vec<Explanation>,
}

impl Report {
    /// Whether everything is explained and every explanation still applies.
    pub fn is_clean(&self) -> bool {
        self.stale.is_empty() && self.rows.iter().all(|r| r.drifted.is_empty())
    }

    /// The report as Markdown.
    pub fn markdown(&self) -> String {
        let mut out = String::from("# SDK models against the documents\n\n");
        let versions: Vec<String> = self
            .sdks
            .iter()
            .map(|(p, v)| format!("`{p}` {v}"))
            .collect();
        let _ = writeln!(out, "SDKs: {}.\n", versions.join(", "));
        out.push_str("| Document | Operation | SDK | Fields compared | Explained | Drifted |\n");
        out.push_str("|---|---|---|--:|--:|--:|\n");
        for row in &self.rows {
            match &row.sdk {
                Ok(sdk) => {
                    let _ = writeln!(
                        out,
                        "| `{}` | `{}` | `{sdk}` | {} | {} | {} |",
                        row.document,
                        row.operation,
                        row.compared,
                        row.explained,
                        row.drifted.len()
                    );
                }
                Err(why) => {
                    let _ = writeln!(
                        out,
                        "| `{}` | `{}` | not covered: {why} | | | |",
                        row.document, row.operation
                    );
                }
            }
        }
        let drifted: Vec<&Finding> = self.rows.iter().flat_map(|r| &r.drifted).collect();
        if !drifted.is_empty() {
            out.push_str("\n## Drift\n\n| Operation | Side | Field | Difference | Detail |\n|---|---|---|---|---|\n");
            for f in drifted {
                let _ = writeln!(
                    out,
                    "| `{}` | {:?} | `{}` | {:?} | {} |",
                    f.operation, f.side, f.field, f.difference, f.detail
                );
            }
            let _ = writeln!(
                out,
                "\nEach is either a change to make in the annotated types, or a known difference \
                 to add to `{EXPLAINED}` with the DECISIONS.md section that explains it."
            );
        }
        if !self.stale.is_empty() {
            out.push_str("\n## Explanations that no longer apply\n\n");
            for e in &self.stale {
                let _ = writeln!(
                    out,
                    "- `{}` {:?} `{}` {:?}: remove it from `{EXPLAINED}`.",
                    e.operation, e.side, e.field, e.difference
                );
            }
        }
        out
    }
}

/// What to install.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// The newest SDKs from PyPI instead of the pinned ones.
    pub latest: bool,
}

fn last_line(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_owned()
}

/// The venv's Python: the SDK suite's venv (installed when needed), or with `--latest` a venv
/// of its own upgraded to the newest SDK releases.
fn venv(root: &Path, options: Options) -> Result<std::path::PathBuf, DriftError> {
    let log = crate::target_dir(root).join("vendor-drift-install.log");
    if let Some(parent) = log.parent() {
        fs::create_dir_all(parent).map_err(|source| DriftError::Io {
            path: parent.display().to_string(),
            source,
        })?;
    }
    if !options.latest {
        crate::venv::install(root, PINNED, &log).map_err(|e| DriftError::Program {
            program: "pip install".into(),
            reason: e.to_string(),
        })?;
        return Ok(root.join(PINNED.python()));
    }
    let dir = root.join(LATEST_DIR);
    let python = dir.join("bin/python");
    if !python.exists() {
        let mut create = Command::new(crate::venv::PYTHON);
        create.args(["-m", "venv"]).arg(&dir);
        crate::process::run_logged(&mut create, &log).map_err(|e| DriftError::Program {
            program: "python3 -m venv".into(),
            reason: e.to_string(),
        })?;
    }
    let mut pip = Command::new(&python);
    pip.args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ])
    .args(["--no-input", "--upgrade"])
    .args(SDK_PACKAGES);
    crate::process::run_logged(&mut pip, &log)
        .map_err(|_| DriftError::NoNetwork(crate::process::tail(&log, 1)))?;
    Ok(python)
}

/// Runs the extractor over every documented operation.
fn extract(
    root: &Path,
    python: &Path,
    documents: &[(String, Value)],
) -> Result<Extract, DriftError> {
    let wanted: Vec<Value> = documents
        .iter()
        .flat_map(|(name, doc)| {
            operation_ids(doc)
                .into_iter()
                .map(move |op| serde_json::json!({"document": name, "operation": op}))
        })
        .collect();
    let mut child = Command::new(python)
        .arg(root.join(EXTRACTOR))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| DriftError::Program {
            program: EXTRACTOR.into(),
            reason: e.to_string(),
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(serde_json::Value::from(wanted).to_string().as_bytes());
    }
    let out = child.wait_with_output().map_err(|e| DriftError::Program {
        program: EXTRACTOR.into(),
        reason: e.to_string(),
    })?;
    if !out.status.success() {
        return Err(DriftError::Program {
            program: EXTRACTOR.into(),
            reason: last_line(&out.stderr),
        });
    }
    serde_json::from_slice(&out.stdout).map_err(|source| DriftError::Json {
        what: format!("the output of {EXTRACTOR}"),
        source,
    })
}

fn operation_ids(document: &Value) -> Vec<String> {
    document["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(_, item)| item.as_object())
        .flat_map(|item| item.values())
        .filter_map(|op| op.get("operationId").and_then(Value::as_str))
        .map(str::to_owned)
        .collect()
}

/// GitHub's anchor of a Markdown heading: lower case, spaces to `-`, punctuation dropped.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The explanations, each checked to point to a heading of DECISIONS.md.
fn explanations(root: &Path) -> Result<Vec<Explanation>, DriftError> {
    let read = |path: &str| {
        fs::read_to_string(root.join(path)).map_err(|source| DriftError::Io {
            path: path.into(),
            source,
        })
    };
    let list: Vec<Explanation> =
        serde_json::from_str(&read(EXPLAINED)?).map_err(|source| DriftError::Json {
            what: EXPLAINED.into(),
            source,
        })?;
    let decisions = read("DECISIONS.md")?;
    let anchors: Vec<String> = decisions
        .lines()
        .filter_map(|l| l.strip_prefix('#'))
        .map(|l| anchor(l.trim_start_matches('#')))
        .collect();
    for e in &list {
        let target = e.decision.strip_prefix("DECISIONS.md#").unwrap_or("");
        if !anchors.iter().any(|a| a == target) {
            return Err(DriftError::BadDecision {
                field: format!("{} {:?} {}", e.operation, e.side, e.field),
                decision: e.decision.clone(),
            });
        }
    }
    Ok(list)
}

/// Installs the SDKs, reads their models and holds them against the documents.
pub fn run(root: &Path, options: Options) -> Result<Report, DriftError> {
    let explained = explanations(root)?;
    let documents = crate::diff::generated_documents()?;
    let python = venv(root, options)?;
    let extract = extract(root, &python, &documents)?;
    let mut used = vec![false; explained.len()];
    let mut rows = Vec::new();
    for sdk in &extract.operations {
        let Some((_, document)) = documents.iter().find(|(n, _)| *n == sdk.document) else {
            continue;
        };
        let covered = sdk.request.is_some() || sdk.response.is_some();
        let outcome = compare::compare(document, &extract, sdk);
        let mut row = Row {
            document: sdk.document.clone(),
            operation: sdk.operation.clone(),
            sdk: match (&sdk.sdk, covered) {
                (Some(package), true) => Ok(package.clone()),
                _ => Err(sdk.why.clone().unwrap_or_else(|| "no SDK model".into())),
            },
            compared: outcome.compared,
            explained: 0,
            drifted: Vec::new(),
        };
        for finding in outcome.findings {
            // Every explanation that applies counts as used, not only the first.
            let mut known = false;
            for (e, used) in explained.iter().zip(used.iter_mut()) {
                if e.explains(&finding) {
                    *used = true;
                    known = true;
                }
            }
            if known {
                row.explained += 1;
            } else {
                row.drifted.push(finding);
            }
        }
        rows.push(row);
    }
    let stale = explained
        .into_iter()
        .zip(used)
        .filter(|(_, used)| !used)
        .map(|(e, _)| e)
        .collect();
    Ok(Report {
        sdks: extract.sdks.into_iter().collect(),
        rows,
        stale,
    })
}

#[cfg(test)]
mod tests {
    use super::{anchor, glob};

    #[test]
    fn globs_end_in_a_star() {
        assert!(glob("X-TC-*", "X-TC-Action"));
        assert!(glob("*", "ListGroupUserGroups"));
        assert!(glob("limit", "limit"));
        assert!(!glob("limit", "limits"));
        assert!(!glob("X-TC-*", "X-Auth-Token"));
    }

    #[test]
    fn anchors_follow_github() {
        assert_eq!(
            anchor(" Huawei Cloud Workspace (`openapi/huawei-workspace.json`)"),
            "huawei-cloud-workspace-openapihuawei-workspacejson"
        );
        assert_eq!(
            anchor("Export tasks: the task APIs"),
            "export-tasks-the-task-apis"
        );
    }
}
