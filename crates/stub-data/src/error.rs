//! Errors of loading a dataset and of looking up the resource a request names.

use std::fmt;
use std::path::PathBuf;

use vendor_api::codearts::GroupId;

/// One broken rule of a dataset that parsed but is inconsistent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, as keys and indexes from the root: `huawei_workspace.projects[0].project_id`.
    pub path: String,
    /// What is wrong, naming the offending value.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Why a dataset could not be loaded.
#[derive(Debug)]
pub enum DatasetError {
    /// The file could not be read.
    Io {
        /// The file.
        file: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The text is not JSON, or not JSON of the dataset's shape (a missing, unknown or
    /// mistyped key).
    Syntax {
        /// The file, when loaded from one.
        file: Option<PathBuf>,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// The dataset has the right shape but breaks consistency rules (duplicate ids, values
    /// out of range, malformed times); every broken rule is listed.
    Invalid {
        /// The file, when loaded from one.
        file: Option<PathBuf>,
        /// The broken rules, in document order.
        problems: Vec<Problem>,
    },
}

impl DatasetError {
    pub(crate) fn from_json(error: &serde_json::Error) -> Self {
        let (line, column) = (error.line(), error.column());
        let mut message = error.to_string();
        // serde_json appends the position to its message; it is kept in its own fields.
        let suffix = format!(" at line {line} column {column}");
        if let Some(stripped) = message.strip_suffix(&suffix) {
            message = stripped.to_owned();
        }
        Self::Syntax {
            file: None,
            line,
            column,
            message,
        }
    }

    pub(crate) fn in_file(mut self, path: PathBuf) -> Self {
        match &mut self {
            Self::Io { .. } => {}
            Self::Syntax { file, .. } | Self::Invalid { file, .. } => *file = Some(path),
        }
        self
    }
}

impl fmt::Display for DatasetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `file:line:column: message`, the form editors and terminals turn into links.
        let prefix = |file: &Option<PathBuf>| match file {
            Some(file) => format!("{}: ", file.display()),
            None => String::new(),
        };
        match self {
            Self::Io { file, source } => {
                write!(f, "cannot read dataset {}: {source}", file.display())
            }
            Self::Syntax {
                file,
                line,
                column,
                message,
            } => {
                let file = match file {
                    Some(file) => format!("{}:", file.display()),
                    None => "dataset:".to_owned(),
                };
                write!(f, "{file}{line}:{column}: {message}")
            }
            Self::Invalid { file, problems } => {
                write!(
                    f,
                    "{}inconsistent dataset ({} problems):",
                    prefix(file),
                    problems.len()
                )?;
                for problem in problems {
                    write!(f, "\n  {problem}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for DatasetError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The Workspace project or user group of an export does not exist (the stub answers 404).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    /// No project has this ID.
    UnknownProject {
        /// The requested project.
        project_id: String,
    },
    /// The project exists but has no user group with this ID.
    UnknownGroup {
        /// The requested project.
        project_id: String,
        /// The requested group.
        group_id: String,
    },
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownProject { project_id } => {
                write!(f, "The project {project_id} does not exist.")
            }
            Self::UnknownGroup {
                project_id,
                group_id,
            } => {
                write!(
                    f,
                    "The user group {group_id} does not exist in project {project_id}."
                )
            }
        }
    }
}

impl std::error::Error for LookupError {}

/// The EnOS organization or user group does not exist (the stub answers code 31404).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnosLookupError {
    /// No organization has this ID.
    UnknownOrg {
        /// The requested organization.
        org_id: String,
    },
    /// The organization exists but has no user group with this ID.
    UnknownUserGroup {
        /// The requested organization.
        org_id: String,
        /// The requested user group.
        user_group_id: String,
    },
}

impl fmt::Display for EnosLookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownOrg { org_id } => write!(f, "Organization '{org_id}' does not exist."),
            Self::UnknownUserGroup {
                org_id,
                user_group_id,
            } => {
                write!(
                    f,
                    "User group '{user_group_id}' does not exist in organization '{org_id}'."
                )
            }
        }
    }
}

impl std::error::Error for EnosLookupError {}

/// The CodeArts repository group does not exist (the stub answers 404).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotFound {
    /// The requested repository group.
    pub group_id: GroupId,
}

impl fmt::Display for NotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Repository group {} does not exist.",
            self.group_id.get()
        )
    }
}

impl std::error::Error for NotFound {}
