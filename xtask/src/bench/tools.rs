//! Installing and naming the bench's tools: Prism from `tests/bench/package-lock.json`, wrk
//! from Debian.

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::common::{BenchError, PRISM_DIR};
use crate::process;

/// `npm ci` in tests/bench, unless it already holds exactly the committed lock file (a copy
/// is kept in node_modules as a stamp).
pub(super) fn install_prism(root: &Path) -> Result<(), BenchError> {
    let dir = root.join(PRISM_DIR);
    let lock =
        fs::read_to_string(dir.join("package-lock.json")).map_err(|source| BenchError::Io {
            path: format!("{PRISM_DIR}/package-lock.json"),
            source,
        })?;
    let stamp = dir.join("node_modules/.bench-installed.json");
    if fs::read_to_string(&stamp).ok().as_deref() == Some(lock.as_str())
        && dir.join("node_modules/.bin/prism").exists()
    {
        println!("{PRISM_DIR}/node_modules already holds the lock file's packages");
        return Ok(());
    }
    process::run(process::npm_ci(PRISM_DIR).current_dir(root))?;
    super::common::write(&stamp, lock)
}

/// wrk from Debian, installed when missing (the machine runs as root).
pub(super) fn install_wrk() -> Result<(), BenchError> {
    if process::starts("wrk", &["--version"]) {
        return Ok(());
    }
    process::apt_install(&["wrk"], None)?;
    if process::starts("wrk", &["--version"]) {
        Ok(())
    } else {
        Err(process::ProcessError::StillMissing("wrk".into()).into())
    }
}

pub(super) fn wrk_version() -> String {
    // `wrk --version` prints its version line and exits 1.
    Command::new("wrk")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| {
            let text = String::from_utf8_lossy(&o.stdout).into_owned();
            // Debian's build prints `wrk debian/4.1.0-3+b2 [epoll] ...`.
            let version = text.split_whitespace().nth(1)?;
            let version = version.strip_prefix("debian/").unwrap_or(version);
            Some(format!(
                "wrk {}",
                version.split('-').next().unwrap_or(version)
            ))
        })
        .unwrap_or_else(|| "wrk".into())
}

pub(super) fn prism_version(root: &Path) -> String {
    fs::read_to_string(
        root.join(PRISM_DIR)
            .join("node_modules/@stoplight/prism-cli/package.json"),
    )
    .ok()
    .and_then(|text| serde_json::from_str::<Value>(&text).ok())
    .and_then(|v| v["version"].as_str().map(str::to_owned))
    .unwrap_or_else(|| "?".into())
}
