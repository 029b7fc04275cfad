//! The Python venvs the checks run in: where each lives, the pinned requirements it holds, and
//! how it is created and filled (once per change of its requirements file).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{self, ProcessError};

/// Why a venv could not be made.
#[derive(Debug, thiserror::Error)]
pub enum VenvError {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// python or pip failed.
    #[error(transparent)]
    Process(#[from] ProcessError),
}

/// Python interpreter used to create the venvs.
pub const PYTHON: &str = "python3";

/// A Python virtual environment: where it lives and the pinned requirements it holds.
#[derive(Debug)]
pub struct Venv {
    /// Folder, relative to the workspace root.
    pub dir: &'static str,
    /// Requirements file with every package pinned, relative to the workspace root.
    pub requirements: &'static str,
}

impl Venv {
    /// The venv's interpreter, relative to the workspace root.
    pub fn python(&self) -> String {
        format!("{}/bin/python", self.dir)
    }

    /// A program the venv installed, relative to the workspace root.
    pub fn bin(&self, program: &str) -> String {
        format!("{}/bin/{program}", self.dir)
    }
}

/// A venv from its folder and its requirements file.
const fn venv(dir: &'static str, requirements: &'static str) -> Venv {
    Venv { dir, requirements }
}

/// openapi-spec-validator.
pub const DOCS_VENV: Venv = venv("target/venv-docs", "tests/python/requirements.txt");
/// schemathesis (Redocly and Spectral come from npm).
pub const CONFORMANCE_VENV: Venv = venv(
    "target/venv-schemathesis",
    "tests/conformance/requirements.txt",
);
/// The vendors' SDKs and pytest.
pub const SDK_VENV: Venv = venv("target/venv-vendor-sdk", "tests/sdk/requirements.txt");
/// The generated Python clients' runtime and pytest.
pub const CLIENT_VENV: Venv = venv(
    "target/venv-python-client",
    "tests/clients/python/requirements.txt",
);
/// ruff, kubernetes-validate and hadolint.
pub const LINT_VENV: Venv = venv("target/venv-lint", "tests/python/requirements-lint.txt");
pub(crate) const VENVS: [&Venv; 5] = [
    &LINT_VENV,
    &DOCS_VENV,
    &CONFORMANCE_VENV,
    &SDK_VENV,
    &CLIENT_VENV,
];

/// Creates a venv and installs its pinned requirements, unless it already holds exactly them
/// (a copy of the requirements file is kept in the venv as a stamp).
pub fn install(root: &Path, venv: &Venv, log: &Path) -> Result<(), VenvError> {
    let dir = root.join(venv.dir);
    let stamp = dir.join("requirements.installed");
    let requirements = root.join(venv.requirements);
    let wanted = fs::read_to_string(&requirements).map_err(|source| VenvError::Io {
        path: requirements.clone(),
        source,
    })?;
    if fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        return Ok(());
    }
    if !dir.join("bin/python").exists() {
        let mut create = Command::new(PYTHON);
        create.args(["-m", "venv", venv.dir]).current_dir(root);
        process::run_logged(&mut create, log)?;
    }
    let mut pip = Command::new(root.join(venv.bin("pip")));
    pip.args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-input",
        "-r",
        venv.requirements,
    ])
    .current_dir(root);
    process::run_logged(&mut pip, log)?;
    fs::write(&stamp, wanted).map_err(|source| VenvError::Io {
        path: stamp.clone(),
        source,
    })
}
