//! `cargo xtask diff [REV]`: what changed in the published documents since a git revision, and
//! whether it breaks clients generated from the earlier documents.
//!
//! The earlier side is each 3.1 JSON document of `openapi/` as committed at REV; the later side
//! is what the annotated types in the working tree generate now (the same bytes
//! `cargo xtask openapi` would write). Every change is classified by one rule of [`rules`]
//! (breaking, warning or compatible), with the direction it travels in: a narrower request
//! schema breaks callers, a narrower response schema does not.

mod change;
pub mod corpus;
mod operations;
pub mod report;
pub mod rules;
pub(crate) mod schema;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::openapi;
pub use change::Change;
use change::Changes;
use rules::Class;

/// Exit code when at least one change is breaking.
pub const EXIT_BREAKING: u8 = 5;

/// Why the comparison could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// REV names no commit.
    #[error("unknown revision {0:?}: give a commit, branch or tag that git knows")]
    UnknownRevision(String),
    /// A document at REV is not JSON.
    #[error("{path} at {rev} is not valid JSON: {source}")]
    Malformed {
        /// The document's path.
        path: String,
        /// The revision.
        rev: String,
        /// The parser's complaint.
        source: serde_json::Error,
    },
    /// A document generated from the working tree is not JSON (a generator bug).
    #[error("the generated {path} is not valid JSON: {source}")]
    Generated {
        /// The document's path.
        path: String,
        /// The parser's complaint.
        source: serde_json::Error,
    },
    /// git could not be run or failed unexpectedly.
    #[error("git {args}: {reason}")]
    Git {
        /// The arguments given to git.
        args: String,
        /// What went wrong.
        reason: String,
    },
}

/// Compares two revisions of one document; `old` is `None` when the document did not exist.
pub fn compare_documents(name: &str, old: Option<&Value>, new: Option<&Value>) -> Vec<Change> {
    let mut changes = Changes::new(name);
    let null = Value::Null;
    operations::compare(&mut changes, old.unwrap_or(&null), new.unwrap_or(&null));
    changes.into_list()
}

/// The outcome of `cargo xtask diff`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    /// The revision compared against.
    pub base: String,
    /// Documents absent at the base revision (all their operations count as added).
    pub new_documents: Vec<String>,
    /// Documents present at the base revision and no longer generated.
    pub removed_documents: Vec<String>,
    /// Every change, by document, operation and location.
    pub changes: Vec<Change>,
}

impl Report {
    /// Whether any change breaks clients generated from the base revision.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.class == Class::Breaking)
    }

    /// The number of changes of a class.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }
}

/// The 3.1 JSON documents the generator writes: `openapi/<name>.json` and
/// `openapi/stub/<name>.json`, with their contents, from the working tree's types.
pub(crate) fn generated() -> Vec<(String, String)> {
    openapi::artifacts()
        .into_iter()
        .filter(|a| is_document_path(&a.path))
        .map(|a| (a.path, a.contents))
        .collect()
}

/// The working tree's documents by name, parsed.
pub(crate) fn generated_documents() -> Result<Vec<(String, Value)>, DiffError> {
    generated()
        .into_iter()
        .map(|(path, text)| {
            let document = serde_json::from_str(&text).map_err(|source| DiffError::Generated {
                path: path.clone(),
                source,
            })?;
            Ok((document_name(&path).to_owned(), document))
        })
        .collect()
}

/// Paths of 3.1 documents: JSON under `openapi/` or `openapi/stub/`, but not the 3.0 twins nor
/// the JSON Schemas published beside them (`*.schema.json`: fixtures, drift-log lines).
fn is_document_path(path: &str) -> bool {
    let Some(rest) = path
        .strip_prefix(openapi::OUTPUT_DIR)
        .and_then(|rest| rest.strip_prefix('/'))
    else {
        return false;
    };
    let file = rest.strip_prefix("stub/").unwrap_or(rest);
    path.ends_with(".json") && !path.ends_with(".schema.json") && !file.contains('/')
}

/// The name of a document from its path: the file stem.
pub(crate) fn document_name(path: &str) -> &str {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.strip_suffix(".json").unwrap_or(file)
}

fn git(root: &Path, args: &[&str]) -> Result<std::process::Output, DiffError> {
    Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| DiffError::Git {
            args: args.join(" "),
            reason: e.to_string(),
        })
}

/// Resolves REV to a commit id.
fn commit(root: &Path, rev: &str) -> Result<String, DiffError> {
    let spec = format!("{rev}^{{commit}}");
    let out = git(root, &["rev-parse", "--verify", "--quiet", &spec])?;
    if !out.status.success() || rev.starts_with('-') {
        return Err(DiffError::UnknownRevision(rev.to_owned()));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The document paths committed at `commit`.
fn committed_documents(root: &Path, commit: &str) -> Result<Vec<String>, DiffError> {
    let dir = format!("{}/", openapi::OUTPUT_DIR);
    let args = ["ls-tree", "-r", "--name-only", commit, "--", &dir];
    let out = git(root, &args)?;
    if !out.status.success() {
        return Err(DiffError::Git {
            args: args.join(" "),
            reason: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|p| is_document_path(p))
        .map(str::to_owned)
        .collect())
}

fn committed_json(root: &Path, rev: &str, commit: &str, path: &str) -> Result<Value, DiffError> {
    let spec = format!("{commit}:{path}");
    let out = git(root, &["show", &spec])?;
    if !out.status.success() {
        return Err(DiffError::Git {
            args: format!("show {spec}"),
            reason: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    serde_json::from_slice(&out.stdout).map_err(|source| DiffError::Malformed {
        path: path.to_owned(),
        rev: rev.to_owned(),
        source,
    })
}

/// Compares the documents committed at `rev` with those the working tree generates.
pub fn run(root: &Path, rev: &str) -> Result<Report, DiffError> {
    let commit = commit(root, rev)?;
    let committed = committed_documents(root, &commit)?;
    let mut report = Report {
        base: rev.to_owned(),
        new_documents: Vec::new(),
        removed_documents: Vec::new(),
        changes: Vec::new(),
    };
    let generated = generated();
    for (path, contents) in &generated {
        let new: Value = serde_json::from_str(contents).map_err(|source| DiffError::Generated {
            path: path.clone(),
            source,
        })?;
        let old = if committed.contains(path) {
            Some(committed_json(root, rev, &commit, path)?)
        } else {
            report.new_documents.push(document_name(path).to_owned());
            None
        };
        let name = document_name(path);
        report
            .changes
            .extend(compare_documents(name, old.as_ref(), Some(&new)));
    }
    for path in committed
        .iter()
        .filter(|p| !generated.iter().any(|(g, _)| g == *p))
    {
        let old = committed_json(root, rev, &commit, path)?;
        report
            .removed_documents
            .push(document_name(path).to_owned());
        report
            .changes
            .extend(compare_documents(document_name(path), Some(&old), None));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_paths_are_the_31_json_files() {
        assert!(is_document_path("openapi/tencent-cwp.json"));
        assert!(is_document_path("openapi/stub/stub-downloads.json"));
        assert!(!is_document_path("openapi/3.0/tencent-cwp.json"));
        assert!(!is_document_path("openapi/tencent-cwp.yaml"));
        assert!(!is_document_path(openapi::FIXTURE_SCHEMA));
        assert!(!is_document_path(openapi::DRIFT_LOG_SCHEMA));
        assert_eq!(
            document_name("openapi/stub/stub-downloads.json"),
            "stub-downloads"
        );
    }
}
