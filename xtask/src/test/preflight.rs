//! What `cargo xtask test` checks before it starts: the Python and Node.js it needs, and, under
//! CI, that no variable asks the tests to rewrite their snapshots or schemas instead of checking
//! them. Each failure is one line saying what to do.

use std::process::Command;

use super::error::TestError;
use crate::process;

/// The oldest Python the suites are run with.
pub const PYTHON_MIN: (u32, u32, u32) = (3, 11, 0);
/// The oldest Node.js the npm packages are run with.
pub const NODE_MIN: (u32, u32, u32) = (20, 19, 0);
/// Variables that turn a check into a rewrite: insta's snapshot updates and the credentials
/// schema of the signature tests.
pub const REWRITING_VARIABLES: [&str; 3] = [
    "INSTA_UPDATE",
    "INSTA_FORCE_PASS",
    "UPDATE_CREDENTIALS_SCHEMA",
];

/// Runs every check; the first that fails ends the run.
pub fn check() -> Result<(), TestError> {
    if is_ci(std::env::var("CI").ok().as_deref()) {
        let set: Vec<&str> = REWRITING_VARIABLES
            .into_iter()
            .filter(|name| rewrites(name, std::env::var(name).ok().as_deref()))
            .collect();
        if let Some(name) = set.first() {
            return Err(TestError::Rewriting(name));
        }
    }
    let python = version_of(
        Command::new("python3").args(["-c", "import sys; print(*sys.version_info[:3], sep='.')"]),
    );
    require("Python", "python3", python, PYTHON_MIN)?;
    let node = version_of(Command::new("node").arg("--version"));
    require("Node.js", "node", node, NODE_MIN)
}

/// Whether a variable's value makes tests rewrite files: any value but empty, and but the
/// ones that say "no" (`INSTA_UPDATE=no`, `INSTA_FORCE_PASS=0`).
fn rewrites(name: &str, value: Option<&str>) -> bool {
    !matches!(
        (name, value),
        (_, None | Some("")) | ("INSTA_UPDATE", Some("no")) | ("INSTA_FORCE_PASS", Some("0"))
    )
}

/// Whether `CI` says this is a CI run (GitHub, GitLab and most others set `CI=true`).
fn is_ci(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

fn version_of(command: &mut Command) -> Option<(u32, u32, u32)> {
    let output = process::output(command).ok()?;
    parse_version(&String::from_utf8_lossy(&output.stdout))
}

/// `3.11.7` or `v20.19.0` as numbers.
fn parse_version(text: &str) -> Option<(u32, u32, u32)> {
    let mut parts = text.trim().trim_start_matches('v').split('.');
    let mut next = || parts.next().and_then(|p| p.parse().ok());
    Some((next()?, next()?, next().unwrap_or(0)))
}

fn require(
    tool: &'static str,
    program: &'static str,
    found: Option<(u32, u32, u32)>,
    needed: (u32, u32, u32),
) -> Result<(), TestError> {
    let show = |(a, b, c): (u32, u32, u32)| format!("{a}.{b}.{c}");
    match found {
        Some(version) if version >= needed => Ok(()),
        Some(version) => Err(TestError::Tool {
            tool,
            program,
            needed: show(needed),
            found: show(version),
        }),
        None => Err(TestError::Tool {
            tool,
            program,
            needed: show(needed),
            found: "none".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_from_both_forms() {
        assert_eq!(parse_version("3.11.7\n"), Some((3, 11, 7)));
        assert_eq!(parse_version("v20.19.0\n"), Some((20, 19, 0)));
        assert_eq!(parse_version("garbage"), None);
    }

    #[test]
    fn too_old_or_missing_tools_are_refused_in_one_line() {
        assert!(require("Node.js", "node", Some((20, 19, 0)), NODE_MIN).is_ok());
        let old = require("Node.js", "node", Some((20, 18, 3)), NODE_MIN).unwrap_err();
        assert_eq!(
            old.to_string(),
            "Node.js 20.19.0 or newer is needed, found 20.18.3 (`node`)"
        );
        let missing = require("Python", "python3", None, PYTHON_MIN).unwrap_err();
        assert!(!missing.to_string().contains('\n'));
    }

    #[test]
    fn only_values_that_rewrite_are_refused() {
        assert!(rewrites("INSTA_UPDATE", Some("always")));
        assert!(rewrites("UPDATE_CREDENTIALS_SCHEMA", Some("1")));
        assert!(!rewrites("INSTA_UPDATE", Some("no")));
        assert!(!rewrites("INSTA_FORCE_PASS", Some("0")));
        assert!(!rewrites("INSTA_UPDATE", None));
    }

    #[test]
    fn ci_is_recognised_from_its_usual_values() {
        assert!(is_ci(Some("true")) && is_ci(Some("1")));
        assert!(!is_ci(None) && !is_ci(Some("")) && !is_ci(Some("false")) && !is_ci(Some("0")));
    }
}
