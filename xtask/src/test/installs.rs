//! What the out-of-process suites need, installed from the package registries only: Debian
//! packages with apt-get (as root) when missing, Python venvs under `target/` from pinned
//! requirement files, npm packages from committed lock files. `cargo xtask test` runs these in
//! a lane of their own while the main lane compiles, since they wait on the network, not on
//! the cores.

use std::fs;
use std::path::Path;
use std::process::Command;

use super::error::TestError;
use super::steps::Steps;
use crate::process;

/// Python interpreter used to create the venvs.
pub const PYTHON: &str = "python3";
/// The lane's name in the step table.
pub const LANE: &str = "installs";

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
const VENVS: [&Venv; 5] = [
    &LINT_VENV,
    &DOCS_VENV,
    &CONFORMANCE_VENV,
    &SDK_VENV,
    &CLIENT_VENV,
];

/// npm packages installed with `npm ci` from their committed lock files.
const NPM_PACKAGES: &[&str] = &[
    "tests/conformance",
    "tests/clients/typescript",
    "tests/browser",
];

/// Runs every install as a step of the installs lane; stops at the first failure.
pub fn run(root: &Path, steps: &Steps) -> Result<(), TestError> {
    steps.run(LANE, "install: Debian packages", |log| debian(root, log))?;
    steps.run(LANE, "install: Python venvs", |log| {
        VENVS
            .into_iter()
            .try_for_each(|venv| python_venv(root, venv, log))
    })?;
    steps.run(LANE, "install: npm packages", |log| {
        NPM_PACKAGES.iter().try_for_each(|dir| {
            let mut npm = process::npm_ci(dir);
            Ok(process::run_logged(npm.current_dir(root), log)?)
        })
    })
}

/// python3-venv (Debian splits venv and ensurepip from python3), nginx for the replicas and
/// Chromium for the browser tests, each only when missing.
fn debian(root: &Path, log: &Path) -> Result<(), TestError> {
    let mut missing = Vec::new();
    if !process::succeeds(PYTHON, &["-c", "import ensurepip, venv"]) {
        missing.push("python3-venv");
    }
    if !process::starts("nginx", &["-v"]) && !Path::new("/usr/sbin/nginx").exists() {
        missing.push("nginx");
    }
    if !missing.is_empty() {
        process::apt_install(&missing, Some(log))?;
    }
    let mut chromium = Command::new("sh");
    chromium
        .arg("tests/browser/install-chromium.sh")
        .current_dir(root);
    Ok(process::run_logged(&mut chromium, log)?)
}

/// Creates a venv and installs its pinned requirements, unless it already holds exactly them
/// (a copy of the requirements file is kept in the venv as a stamp).
fn python_venv(root: &Path, venv: &Venv, log: &Path) -> Result<(), TestError> {
    let dir = root.join(venv.dir);
    let stamp = dir.join("requirements.installed");
    let requirements = root.join(venv.requirements);
    let wanted =
        fs::read_to_string(&requirements).map_err(|source| TestError::io(&requirements, source))?;
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
    fs::write(&stamp, wanted).map_err(|source| TestError::io(&stamp, source))
}
