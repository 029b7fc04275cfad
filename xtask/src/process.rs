//! The one way xtask runs child processes (cargo, Python, npm, apt-get, wrk, cargo-fuzz), for
//! `test`, `bench` and `fuzz` alike: a failure names the command line and its exit status,
//! and a step's output can go to a log file instead of the terminal.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Why a child process did not do its job.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    /// The program could not be started (missing, not executable).
    #[error("cannot run `{command}`: {source}")]
    Spawn {
        /// The command line.
        command: String,
        /// What the operating system said.
        source: io::Error,
    },
    /// The program ran and failed.
    #[error("`{command}` exited with {status}")]
    Failed {
        /// The command line.
        command: String,
        /// How it ended.
        status: ExitStatus,
    },
    /// The log file could not be opened.
    #[error("cannot write the log {}: {source}", path.display())]
    Log {
        /// The log file.
        path: PathBuf,
        /// What went wrong.
        source: io::Error,
    },
    /// A tool is still missing after installing it.
    #[error("{0} is still missing after installing it")]
    StillMissing(String),
}

/// The command line, as a person would type it, for messages.
pub fn describe(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|part| part.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The cargo that runs xtask (so that the same toolchain builds everything), with `--locked`
/// added by the caller where the subcommand resolves dependencies.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// `npm ci` of the package in `dir` (relative to the current folder) from its committed lock
/// file, contacting only the npm registry: no audit or funding requests, and no install
/// scripts. The only package of the lock files that has one is Scarf's (pulled in by Redocly
/// and Stoplight), whose script sends install analytics; `SCARF_ANALYTICS=false` also tells it
/// not to, should a script ever run.
pub fn npm_ci(dir: &str) -> Command {
    let mut command = Command::new("npm");
    command
        .args([
            "ci",
            "--prefix",
            dir,
            "--no-audit",
            "--no-fund",
            "--ignore-scripts",
        ])
        .env("SCARF_ANALYTICS", "false");
    command
}

/// Runs `command` with the terminal as its output; fails unless it exits with 0.
pub fn run(command: &mut Command) -> Result<(), ProcessError> {
    let status = command.status().map_err(|source| ProcessError::Spawn {
        command: describe(command),
        source,
    })?;
    check(command, status)
}

/// Runs `command` with stdout and stderr appended to `log`; fails unless it exits with 0.
pub fn run_logged(command: &mut Command, log: &Path) -> Result<(), ProcessError> {
    let open = || {
        File::options()
            .create(true)
            .append(true)
            .open(log)
            .map_err(|source| ProcessError::Log {
                path: log.to_owned(),
                source,
            })
    };
    command.stdout(open()?).stderr(open()?).stdin(Stdio::null());
    run(command)
}

/// Runs `command` and returns what it printed; fails unless it exits with 0.
pub fn output(command: &mut Command) -> Result<Output, ProcessError> {
    let output = command.output().map_err(|source| ProcessError::Spawn {
        command: describe(command),
        source,
    })?;
    check(command, output.status)?;
    Ok(output)
}

fn check(command: &Command, status: ExitStatus) -> Result<(), ProcessError> {
    if status.success() {
        Ok(())
    } else {
        Err(ProcessError::Failed {
            command: describe(command),
            status,
        })
    }
}

/// Whether `program args` can be started (its exit status does not matter: some tools, such
/// as `wrk --version`, exit with 1 after printing their version).
pub fn starts(program: &str, args: &[&str]) -> bool {
    quietly(program, args).is_ok()
}

/// Whether `program args` starts and exits with 0.
pub fn succeeds(program: &str, args: &[&str]) -> bool {
    quietly(program, args).is_ok_and(|s| s.success())
}

/// Runs a probe with no input and its output thrown away.
fn quietly(program: &str, args: &[&str]) -> io::Result<ExitStatus> {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
}

/// Installs Debian packages with apt-get (the machines run as root), refreshing the package
/// lists only when the first attempt fails, as they may be missing or stale on a fresh machine.
pub fn apt_install(packages: &[&str], log: Option<&Path>) -> Result<(), ProcessError> {
    let apt = |args: &[&str]| {
        let mut command = Command::new("apt-get");
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        match log {
            Some(log) => run_logged(&mut command, log),
            None => run(&mut command),
        }
    };
    let install: Vec<&str> = ["install", "-y", "--no-install-recommends"]
        .into_iter()
        .chain(packages.iter().copied())
        .collect();
    apt(&install).or_else(|_| {
        apt(&["update"])?;
        apt(&install)
    })
}

/// Asks a process to stop with SIGTERM (as the stub expects, to finish its answers), then
/// kills it if it lingers after five seconds.
pub fn stop(child: &mut std::process::Child) {
    if matches!(child.try_wait(), Ok(Some(_))) {
        return;
    }
    // std offers only SIGKILL, and the workspace forbids the unsafe code a libc call needs.
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The last `lines` lines of a log file, to show why a step failed.
pub fn tail(log: &Path, lines: usize) -> String {
    let text = fs::read(log).unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_name_the_command_line() {
        let error = run(Command::new("sh").args(["-c", "exit 3"])).unwrap_err();
        assert_eq!(
            error.to_string(),
            "`sh -c exit 3` exited with exit status: 3"
        );
        assert!(matches!(
            run(&mut Command::new("/nonexistent/program")),
            Err(ProcessError::Spawn { .. })
        ));
    }

    #[test]
    fn logged_output_goes_to_the_file() {
        let dir = std::env::temp_dir().join(format!("xtask-process-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let log = dir.join("step.log");
        let _ = fs::remove_file(&log);
        run_logged(
            Command::new("sh").args(["-c", "echo one; echo two >&2"]),
            &log,
        )
        .unwrap();
        assert_eq!(tail(&log, 1), "two");
        assert_eq!(tail(&log, 5), "one\ntwo");
        fs::remove_dir_all(&dir).unwrap();
    }
}
