//! What the out-of-process suites need, installed from the package registries only: Debian
//! packages with apt-get (as root) when missing, Python venvs under `target/` from pinned
//! requirement files, npm packages from committed lock files. `cargo xtask test` runs these in
//! a lane of their own while the main lane compiles, since they wait on the network, not on
//! the cores.

use std::path::Path;
use std::process::Command;

use super::error::TestError;
use super::steps::Steps;
use crate::process;
use crate::venv::{self, PYTHON, VENVS};

/// The lane's name in the step table.
pub const LANE: &str = "installs";

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
            .try_for_each(|v| Ok(venv::install(root, v, log)?))
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
