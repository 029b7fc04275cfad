//! Project automation behind `cargo xtask`, also used by the tests so that they check exactly
//! what the commands check.

pub mod bench;
pub mod coverage;
pub mod diff;
pub mod docs;
pub mod drift;
pub mod drift_report;
pub mod fuzz;
pub mod openapi;
pub mod openapi30;
pub mod process;
pub mod release;
pub mod test;
pub mod venv;
pub mod yaml;

use std::path::{Path, PathBuf};

/// Root of the workspace, found from this crate's own location so that `cargo xtask` works
/// from any folder.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one folder below the workspace root")
        .to_path_buf()
}

/// Where cargo puts what it builds: `CARGO_TARGET_DIR` when set (relative to the workspace
/// root), else `target/`.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(|dir| root.join(dir))
        .unwrap_or_else(|| root.join("target"))
}
