//! Released documents: `cargo xtask release` and the check behind `cargo xtask diff --released`.
//!
//! A release of a document is a committed copy of its 3.1 JSON under
//! `api-releases/<name>/<info.version>.json`; `info.version` is the document's own semantic
//! version. The check compares the working tree's documents with their last release: a
//! breaking change is acknowledged only by a higher major version. CHANGELOG.md is rendered
//! from the releases alone, so it is the same on every machine and `cargo xtask test` can
//! hold it to that.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use semver::Version;
use serde_json::Value;

use crate::diff::rules::Class;
use crate::diff::{self, Change};

/// Folder of the releases, relative to the workspace root.
pub const RELEASES_DIR: &str = "api-releases";
/// The changelog rendered from the releases.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// Why releases could not be read, checked or written.
#[derive(Debug, thiserror::Error)]
pub enum ReleaseError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// A released or generated document is not JSON.
    #[error("{path} is not valid JSON: {source}")]
    Json {
        /// The file.
        path: String,
        /// What the parser said.
        source: serde_json::Error,
    },
    /// A document's `info.version` is not a semantic version.
    #[error("{document}: info.version {version:?} is not a semantic version (MAJOR.MINOR.PATCH)")]
    Version {
        /// The document.
        document: String,
        /// The text found.
        version: String,
    },
    /// The working tree's documents could not be generated.
    #[error(transparent)]
    Diff(#[from] diff::DiffError),
    /// The working tree's version is not above the last release although the document changed.
    #[error(
        "{document} changed since its release {released}, but info.version is still {current}: \
         raise it (the major part for a breaking change) and run `cargo xtask release` again"
    )]
    NotBumped {
        /// The document.
        document: String,
        /// The last released version.
        released: Version,
        /// The working tree's version.
        current: Version,
    },
    /// CHANGELOG.md does not say what the releases imply.
    #[error("CHANGELOG.md does not match api-releases/; run `cargo xtask release`")]
    StaleChangelog,
    /// The document has breaking changes and the same major version as its last release.
    #[error(
        "{document} has {count} breaking change(s) since its release {released}; a breaking \
         change needs a new major version (info.version {current} -> {next}.0.0)"
    )]
    Unacknowledged {
        /// The document.
        document: String,
        /// How many breaking changes.
        count: usize,
        /// The last released version.
        released: Version,
        /// The working tree's version.
        current: Version,
        /// The next major version.
        next: u64,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ReleaseError + '_ {
    move |source| ReleaseError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// One released revision of a document.
#[derive(Debug, Clone)]
pub struct Release {
    /// Its version.
    pub version: Version,
    /// The document as released.
    pub document: Value,
}

/// Every release of every document, oldest first.
pub fn releases(root: &Path) -> Result<BTreeMap<String, Vec<Release>>, ReleaseError> {
    let dir = root.join(RELEASES_DIR);
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return Ok(out);
    }
    for entry in fs::read_dir(&dir).map_err(io(&dir))? {
        let folder = entry.map_err(io(&dir))?.path();
        let Some(name) = folder
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_owned)
        else {
            continue;
        };
        let mut list = Vec::new();
        for file in fs::read_dir(&folder).map_err(io(&folder))? {
            let path = file.map_err(io(&folder))?.path();
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let version = Version::parse(stem).map_err(|_| ReleaseError::Version {
                document: name.clone(),
                version: stem.to_owned(),
            })?;
            let text = fs::read_to_string(&path).map_err(io(&path))?;
            let document = serde_json::from_str(&text).map_err(|source| ReleaseError::Json {
                path: path.display().to_string(),
                source,
            })?;
            list.push(Release { version, document });
        }
        list.sort_by(|a, b| a.version.cmp(&b.version));
        out.insert(name, list);
    }
    Ok(out)
}

/// A document's `info.version` as a semantic version.
fn version_of(name: &str, document: &Value) -> Result<Version, ReleaseError> {
    let text = document["info"]["version"].as_str().unwrap_or("");
    Version::parse(text).map_err(|_| ReleaseError::Version {
        document: name.to_owned(),
        version: text.to_owned(),
    })
}

/// How one document stands against its last release.
#[derive(Debug, Clone)]
pub struct Standing {
    /// The document.
    pub document: String,
    /// Its last release, if any.
    pub released: Option<Version>,
    /// The working tree's version.
    pub current: Version,
    /// The changes since the last release (every operation added when there is none).
    pub changes: Vec<Change>,
}

impl Standing {
    fn breaking(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| c.class == Class::Breaking)
            .count()
    }

    /// Whether the document's breaking changes, if any, come with a higher major version.
    pub fn problem(&self) -> Option<ReleaseError> {
        let released = self.released.as_ref()?;
        let breaking = self.breaking();
        if breaking > 0 && self.current.major <= released.major {
            return Some(ReleaseError::Unacknowledged {
                document: self.document.clone(),
                count: breaking,
                released: released.clone(),
                current: self.current.clone(),
                next: released.major + 1,
            });
        }
        None
    }
}

/// Each document of the working tree against its last release.
pub fn standings(root: &Path) -> Result<Vec<Standing>, ReleaseError> {
    let releases = releases(root)?;
    diff::generated_documents()?
        .into_iter()
        .map(|(name, document)| {
            let last = releases.get(&name).and_then(|list| list.last());
            Ok(Standing {
                current: version_of(&name, &document)?,
                released: last.map(|r| r.version.clone()),
                changes: diff::compare_documents(&name, last.map(|r| &r.document), Some(&document)),
                document: name,
            })
        })
        .collect()
}

/// Writes a release of every document that changed since its last one (or has none), and
/// CHANGELOG.md; returns the files written.
pub fn release(root: &Path) -> Result<Vec<PathBuf>, ReleaseError> {
    let mut written = Vec::new();
    for standing in standings(root)? {
        if let Some(problem) = standing.problem() {
            return Err(problem);
        }
        if standing.released.is_some() && standing.changes.is_empty() {
            continue;
        }
        if let Some(released) = &standing.released
            && standing.current <= *released
        {
            return Err(ReleaseError::NotBumped {
                document: standing.document.clone(),
                released: released.clone(),
                current: standing.current.clone(),
            });
        }
        let folder = root.join(RELEASES_DIR).join(&standing.document);
        fs::create_dir_all(&folder).map_err(io(&folder))?;
        let path = folder.join(format!("{}.json", standing.current));
        let text = diff::generated()
            .into_iter()
            .find(|(p, _)| diff::document_name(p) == standing.document)
            .map(|(_, text)| text)
            .unwrap_or_default();
        fs::write(&path, text).map_err(io(&path))?;
        written.push(path);
    }
    let changelog = root.join(CHANGELOG);
    fs::write(&changelog, render_changelog(&releases(root)?)).map_err(io(&changelog))?;
    written.push(changelog);
    Ok(written)
}

/// CHANGELOG.md as the releases imply it: per document, each release with its classified
/// changes since the one before.
pub fn render_changelog(releases: &BTreeMap<String, Vec<Release>>) -> String {
    let mut out = String::from(
        "# Changelog of the published documents\n\n\
         Written by `cargo xtask release` from the releases in `api-releases/`; do not edit.\n\
         Each change is classified by the rules of `cargo xtask diff` (README.md, \"Breaking changes\").\n",
    );
    for (name, list) in releases {
        let _ = write!(out, "\n## `{name}`\n");
        let mut previous: Option<&Release> = None;
        for release in list {
            let changes = diff::compare_documents(
                name,
                previous.map(|p| &p.document),
                Some(&release.document),
            );
            let _ = write!(out, "\n### {}\n\n", release.version);
            if previous.is_none() {
                let operations = changes
                    .iter()
                    .filter(|c| c.rule == diff::rules::Rule::OperationAdded)
                    .count();
                let noun = if operations == 1 {
                    "operation"
                } else {
                    "operations"
                };
                let _ = writeln!(out, "First release: {operations} {noun}.");
            } else if changes.is_empty() {
                out.push_str("No change to the API (descriptions or examples only).\n");
            }
            for class in [Class::Breaking, Class::Warning, Class::Compatible] {
                if previous.is_none() {
                    break;
                }
                for c in changes.iter().filter(|c| c.class == class) {
                    let _ = writeln!(
                        out,
                        "- {class}: `{}` {} `{}`: {} (`{}`)",
                        c.operation, c.direction, c.location, c.detail, c.rule
                    );
                }
            }
            previous = Some(release);
        }
    }
    out
}

/// Whether CHANGELOG.md holds what the releases imply.
pub fn changelog_is_fresh(root: &Path) -> Result<bool, ReleaseError> {
    let path = root.join(CHANGELOG);
    let on_disk = fs::read_to_string(&path).unwrap_or_default();
    Ok(on_disk == render_changelog(&releases(root)?))
}

/// The changes since each document's last release, as one report.
pub fn report(standings: &[Standing]) -> diff::Report {
    diff::Report {
        base: "the last release of each document".into(),
        new_documents: standings
            .iter()
            .filter(|s| s.released.is_none())
            .map(|s| s.document.clone())
            .collect(),
        removed_documents: Vec::new(),
        changes: standings.iter().flat_map(|s| s.changes.clone()).collect(),
    }
}

/// What CI checks: no breaking change without a new major version, and a CHANGELOG.md that
/// matches the releases. Returns the report (Markdown) when both hold.
pub fn check(root: &Path) -> Result<String, ReleaseError> {
    let standings = standings(root)?;
    let text = diff::report::markdown(&report(&standings));
    if let Some(problem) = standings.iter().find_map(Standing::problem) {
        return Err(problem);
    }
    if !changelog_is_fresh(root)? {
        return Err(ReleaseError::StaleChangelog);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_working_tree_stands_by_its_releases() {
        // What CI's step checks, so that plain `cargo test` fails on it too: every generated
        // document reads as a semantic version, no unacknowledged breaking change, and a
        // CHANGELOG.md that matches api-releases/.
        let root = crate::workspace_root();
        if let Err(e) = super::check(&root) {
            panic!("{e}");
        }
    }
}
