//! `cargo xtask openapi`: the only writer of `openapi/`, and its freshness check.
//!
//! Generation and checking share [`artifacts`]: `generate` writes what it returns, `check`
//! compares it with what is on disk. Neither depends on anything but the annotated types.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use vendor_api::Service;

/// Folder of the published documents, relative to the workspace root.
pub const OUTPUT_DIR: &str = "openapi";

/// Exit code of `--check` when some document is stale; fixable by running the generator.
pub const EXIT_STALE: u8 = 4;

/// One generated file: its path relative to the workspace root, and its exact content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    /// Path relative to the workspace root, with `/` separators.
    pub path: String,
    /// The bytes the file must hold.
    pub contents: String,
}

/// JSON Schema of the stub's fixture files, beside the documents, for editor completion.
pub const FIXTURE_SCHEMA: &str = "openapi/stub-fixtures.schema.json";

/// JSON Schema of a line of the validating proxy's drift log (`--drift-log`).
pub const DRIFT_LOG_SCHEMA: &str = "openapi/stub-drift-log.schema.json";

/// Every file `openapi/` must contain, computed in memory from the annotated types.
pub fn artifacts() -> Vec<Artifact> {
    let mut out = Vec::new();
    for service in Service::ALL {
        let document = service.document();
        out.push(Artifact {
            path: format!("{OUTPUT_DIR}/{}.json", service.name()),
            contents: vendor_api::document::to_json(&document),
        });
        out.push(Artifact {
            path: format!("{OUTPUT_DIR}/{}.yaml", service.name()),
            contents: crate::yaml::to_yaml(&document),
        });
        out.push(Artifact {
            path: format!("{OUTPUT_DIR}/3.0/{}.json", service.name()),
            contents: vendor_api::document::to_json(&crate::openapi30::to_openapi_30(&document)),
        });
    }
    // The stub's own routes (e.g. the Tencent download URL), apart from the vendor documents.
    for stub in vendor_api::document::StubDocument::ALL {
        let document = stub.document();
        out.push(Artifact {
            path: format!("{OUTPUT_DIR}/stub/{}.json", stub.name()),
            contents: vendor_api::document::to_json(&document),
        });
        out.push(Artifact {
            path: format!("{OUTPUT_DIR}/stub/{}.yaml", stub.name()),
            contents: crate::yaml::to_yaml(&document),
        });
    }
    out.push(Artifact {
        path: FIXTURE_SCHEMA.to_owned(),
        contents: vendor_api::document::to_json(&stub_data::fixture_schema()),
    });
    out.push(Artifact {
        path: DRIFT_LOG_SCHEMA.to_owned(),
        contents: vendor_api::document::to_json(&drift_check::line_schema()),
    });
    out
}

/// State of one file after a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// The file holds exactly what the generator produces.
    Fresh,
    /// The file differs, or is missing; `diff` is a unified diff from disk to generated.
    Stale { diff: String },
    /// A file in `openapi/` that the generator does not produce.
    Unexpected,
}

/// Result of comparing `openapi/` with the generator's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Each file and its state, in generation order, then unexpected files by name.
    pub entries: Vec<(String, Status)>,
}

impl Report {
    /// Whether every file is fresh and nothing unexpected is present.
    pub fn is_fresh(&self) -> bool {
        self.entries.iter().all(|(_, s)| *s == Status::Fresh)
    }

    /// The report as printed by `cargo xtask openapi --check`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for (path, status) in &self.entries {
            let label = match status {
                Status::Fresh => "Fresh",
                Status::Stale { .. } => "Stale",
                Status::Unexpected => "Unexpected",
            };
            let _ = writeln!(out, "{label:>10}  {path}");
        }
        for (path, status) in &self.entries {
            match status {
                Status::Stale { diff } => {
                    let _ = writeln!(out, "\n{diff}");
                }
                Status::Unexpected => {
                    let _ = writeln!(out, "\n{path} is not produced by the generator.");
                }
                Status::Fresh => {}
            }
        }
        let bad = self
            .entries
            .iter()
            .filter(|(_, s)| *s != Status::Fresh)
            .count();
        if bad == 0 {
            let _ = writeln!(
                out,
                "\nAll {} files in {OUTPUT_DIR}/ are fresh.",
                self.entries.len()
            );
        } else {
            let _ = writeln!(
                out,
                "\n{bad} of {} files in {OUTPUT_DIR}/ are stale. Run `cargo xtask openapi` to regenerate them.",
                self.entries.len()
            );
        }
        out
    }
}

/// Compares `openapi/` under `root` with the generator's output, without writing anything.
pub fn check(root: &Path) -> io::Result<Report> {
    let expected = artifacts();
    let mut entries = Vec::new();
    for artifact in &expected {
        let on_disk = match fs::read(root.join(&artifact.path)) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        let status = match on_disk {
            Some(bytes) if bytes == artifact.contents.as_bytes() => Status::Fresh,
            Some(bytes) => Status::Stale {
                diff: unified_diff(
                    &artifact.path,
                    &String::from_utf8_lossy(&bytes),
                    &artifact.contents,
                ),
            },
            None => Status::Stale {
                diff: unified_diff(&artifact.path, "", &artifact.contents),
            },
        };
        entries.push((artifact.path.clone(), status));
    }
    for path in unexpected_files(root, &expected)? {
        entries.push((path, Status::Unexpected));
    }
    Ok(entries).map(|entries| Report { entries })
}

/// Writes every artifact under `root` and removes files in `openapi/` that it does not
/// produce. Returns the paths it changed.
pub fn generate(root: &Path) -> io::Result<Vec<String>> {
    let expected = artifacts();
    let mut changed = Vec::new();
    for artifact in &expected {
        let path = root.join(&artifact.path);
        if fs::read(&path).ok().as_deref() != Some(artifact.contents.as_bytes()) {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&path, &artifact.contents)?;
            changed.push(artifact.path.clone());
        }
    }
    for stray in unexpected_files(root, &expected)? {
        fs::remove_file(root.join(&stray))?;
        changed.push(stray);
    }
    Ok(changed)
}

/// Files under `openapi/` that no artifact accounts for, as root-relative paths, sorted.
fn unexpected_files(root: &Path, expected: &[Artifact]) -> io::Result<Vec<String>> {
    let mut found = Vec::new();
    collect_files(&root.join(OUTPUT_DIR), &mut found)?;
    let mut stray: Vec<String> = found
        .into_iter()
        .filter_map(|p| p.strip_prefix(root).ok().map(to_slash_path))
        .filter(|p| !expected.iter().any(|a| &a.path == p))
        .collect();
    stray.sort();
    Ok(stray)
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn to_slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("{path} (on disk)"), &format!("{path} (generated)"))
        .to_string()
}
