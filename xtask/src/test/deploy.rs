//! The deployment files checked without a container runtime or a cluster: the Kubernetes
//! manifests against the Kubernetes schemas (`deploy/check_manifests.py`), the Dockerfile with
//! hadolint, and the Dockerfile's build commands against the ones README.md gives.

use std::fs;
use std::path::Path;
use std::process::Command;

use super::error::TestError;
use crate::process;
use crate::venv::LINT_VENV;

/// Validates `deploy/k8s` as `kubectl apply -k` would assemble it.
pub fn manifests(root: &Path, log: &Path) -> Result<(), TestError> {
    let mut check = Command::new(root.join(LINT_VENV.python()));
    check.arg("deploy/check_manifests.py").current_dir(root);
    Ok(process::run_logged(&mut check, log)?)
}

/// hadolint on the Dockerfile, then its build commands against README.md.
pub fn dockerfile(root: &Path, log: &Path) -> Result<(), TestError> {
    let mut hadolint = Command::new(root.join(LINT_VENV.bin("hadolint")));
    hadolint.arg("Dockerfile").current_dir(root);
    process::run_logged(&mut hadolint, log)?;
    let read = |name: &str| {
        let path = root.join(name);
        fs::read_to_string(&path).map_err(|source| TestError::io(&path, source))
    };
    let commands = readme_gives_build_commands(&read("Dockerfile")?, &read("README.md")?)?;
    let found = format!("README.md gives {}\n", commands.join(" and "));
    fs::write(log, found).map_err(|source| TestError::io(log, source))
}

/// The Dockerfile's build commands, when README.md gives each of them (on a line of its own
/// or in backticks).
fn readme_gives_build_commands(dockerfile: &str, readme: &str) -> Result<Vec<String>, TestError> {
    let commands = build_commands(dockerfile);
    if commands.is_empty() {
        return Err(TestError::Dockerfile(
            "has no `docker build` or `cargo build` command".into(),
        ));
    }
    for command in &commands {
        if !readme.contains(&format!("{command}\n")) && !readme.contains(&format!("`{command}`")) {
            return Err(TestError::Dockerfile(format!(
                "builds with `{command}`, which README.md does not give"
            )));
        }
    }
    Ok(commands)
}

/// The commands a Dockerfile documents for building it (`docker build …` in its comments) and
/// runs to build the stub (`cargo build …` in a `RUN`), each on one line without extra spaces.
fn build_commands(dockerfile: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in dockerfile.lines() {
        let text = line.trim_start_matches('#').trim();
        for start in ["docker build ", "cargo build "] {
            if let Some(at) = text.find(start) {
                let command = text[at..].split("&&").next().unwrap_or_default();
                let command = command.trim_end_matches('\\').split_whitespace();
                out.push(command.collect::<Vec<_>>().join(" "));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_commands_are_read_from_comments_and_run_steps() {
        let dockerfile = "#   docker build -t stub .\nRUN --mount=type=cache \\\n    cargo build --release --locked -p stub-server \\\n    && cp a b\n";
        assert_eq!(
            build_commands(dockerfile),
            [
                "docker build -t stub .",
                "cargo build --release --locked -p stub-server"
            ]
        );
    }

    #[test]
    fn the_readme_gives_the_dockerfile_build_commands() {
        let root = crate::workspace_root();
        let read = |name: &str| fs::read_to_string(root.join(name)).unwrap();
        let commands =
            readme_gives_build_commands(&read("Dockerfile"), &read("README.md")).unwrap();
        assert_eq!(commands.len(), 2, "{commands:?}");
        let error = readme_gives_build_commands(&read("Dockerfile"), "no commands").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("docker build -t vendor-api-stub ."),
            "{error}"
        );
    }
}
