//! Why `cargo xtask test` failed, shared by its steps.

use std::io;
use std::path::{Path, PathBuf};

use crate::fuzz;
use crate::process::ProcessError;

/// Why `cargo xtask test` failed.
#[derive(Debug, thiserror::Error)]
pub enum TestError {
    /// A step failed; its log tail has been printed.
    #[error("step `{step}` failed: {source}")]
    Step {
        /// Which step.
        step: String,
        /// Why.
        source: Box<TestError>,
    },
    /// A command failed.
    #[error(transparent)]
    Process(#[from] ProcessError),
    /// A venv could not be made.
    #[error(transparent)]
    Venv(#[from] crate::venv::VenvError),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: io::Error,
    },
    /// Python or Node.js is missing or too old.
    #[error("{tool} {needed} or newer is needed, found {found} (`{program}`)")]
    Tool {
        /// The tool's name.
        tool: &'static str,
        /// The command looked for.
        program: &'static str,
        /// The oldest version that works.
        needed: String,
        /// The version found, or `none`.
        found: String,
    },
    /// Under CI, a variable would make tests rewrite what they should check.
    #[error(
        "refusing to run under CI with {0} set: it makes the tests rewrite snapshots or schemas instead of checking them"
    )]
    Rewriting(&'static str),
    /// The committed documents differ from the generator's output.
    #[error("openapi/ is stale; run `cargo xtask openapi`")]
    StaleDocuments,
    /// README.md's coverage table differs from this run's.
    #[error("README.md's coverage table is stale; run `cargo xtask test --update-readme`")]
    StaleCoverage,
    /// README.md lacks the coverage markers.
    #[error("README.md has no coverage markers")]
    NoCoverageMarkers,
    /// The Dockerfile and README.md disagree.
    #[error("the Dockerfile {0}")]
    Dockerfile(String),
    /// The static documentation could not be written.
    #[error(transparent)]
    Docs(#[from] crate::docs::DocsError),
    /// The fuzzing smoke run failed.
    #[error(transparent)]
    Fuzz(#[from] fuzz::FuzzError),
    /// A breaking change without a new major version, or a stale CHANGELOG.md.
    #[error(transparent)]
    Release(#[from] crate::release::ReleaseError),
    /// The SDK models could not be compared.
    #[error(transparent)]
    Drift(#[from] crate::drift::DriftError),
    /// An SDK model differs from the documents in a way `explained.json` does not explain.
    #[error(
        "the vendors' SDK models differ from the documents; see the step's log and `cargo xtask vendor-drift`"
    )]
    VendorDrift,
    /// The tests' build made no stub binary.
    #[error("cargo built no stub-server binary")]
    NoStub,
    /// The installs lane stopped without a result.
    #[error("the installs lane panicked")]
    InstallsPanicked,
}

impl TestError {
    pub(super) fn io(path: &Path, source: io::Error) -> TestError {
        TestError::Io {
            path: path.to_owned(),
            source,
        }
    }
}
