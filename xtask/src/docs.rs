//! `cargo xtask docs`: writes the published documentation, a folder that any static file host
//! can serve as it is: Swagger UI (the same vendored files the stub serves, so both show one
//! version) and the four committed documents, which keep the vendors' servers.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use utoipa_swagger_ui::{Config, Url};
use vendor_api::Service;

/// Where the bundle goes unless `--out` says otherwise, relative to the workspace root.
pub const DEFAULT_OUT_DIR: &str = "target/docs";

/// Swagger UI's page; the files it loads are found by reading it.
const INDEX: &str = "index.html";

/// Why the bundle could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DocsError {
    /// A committed document is missing or is not JSON.
    #[error("{}: {reason}", path.display())]
    Document { path: PathBuf, reason: String },
    /// Swagger UI's vendored copy lacks a file its page loads.
    #[error("Swagger UI's {INDEX} loads {0}, which the vendored copy does not contain")]
    MissingAsset(String),
    /// Swagger UI could not render a file (its configuration did not serialize).
    #[error("Swagger UI's {file}: {reason}")]
    Asset { file: String, reason: String },
    /// Writing the bundle failed.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// Writes the bundle into `out` (created when missing; files of the same name are replaced,
/// others are left alone) and returns the files written, relative to `out`.
pub fn write(root: &Path, out: &Path) -> Result<Vec<String>, DocsError> {
    let documents = Service::ALL
        .into_iter()
        .map(|service| committed_document(root, service))
        .collect::<Result<Vec<_>, _>>()?;

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for document in &documents {
        files.push((document.file_name.clone(), document.bytes.clone()));
    }

    // The selector lists the documents under their titles, as the stub's does; the URLs are
    // relative to index.html, so the folder works wherever it is published.
    let config = Arc::new(
        Config::new(
            documents
                .iter()
                .map(|d| Url::new(&d.title, &d.relative_url))
                .collect::<Vec<_>>(),
        )
        // The options the stub sets (crates/stub-server/src/app.rs, `swagger_ui`).
        .display_operation_id(true)
        .show_common_extensions(true)
        .validator_url("none"),
    );
    let index = swagger_file(INDEX, &config)?;
    let page = String::from_utf8_lossy(&index).into_owned();
    files.push((INDEX.to_owned(), index));
    for asset in local_references(&page) {
        let bytes = swagger_file(&asset, &config)?;
        files.push((asset, bytes));
    }

    let mkdir = |path: &Path| {
        fs::create_dir_all(path).map_err(|source| DocsError::Io {
            path: path.to_path_buf(),
            source,
        })
    };
    mkdir(out)?;
    for (name, bytes) in &files {
        let path = out.join(name);
        if let Some(parent) = path.parent() {
            mkdir(parent)?;
        }
        fs::write(&path, bytes).map_err(|source| DocsError::Io { path, source })?;
    }
    Ok(files.into_iter().map(|(name, _)| name).collect())
}

/// One committed document, as the bundle publishes it.
struct Document {
    title: String,
    file_name: String,
    relative_url: String,
    bytes: Vec<u8>,
}

/// Reads `openapi/<name>.json` as committed: the bundle publishes what the repository holds,
/// with the vendors' servers (`cargo xtask openapi --check` keeps it equal to the types).
fn committed_document(root: &Path, service: Service) -> Result<Document, DocsError> {
    let file_name = format!("{}.json", service.name());
    let path = root.join(crate::openapi::OUTPUT_DIR).join(&file_name);
    let bytes = fs::read(&path).map_err(|e| DocsError::Document {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| DocsError::Document {
            path: path.clone(),
            reason: format!("not JSON: {e}"),
        })?;
    let title = value["info"]["title"]
        .as_str()
        .unwrap_or(service.name())
        .to_owned();
    Ok(Document {
        title,
        relative_url: format!("./{file_name}"),
        file_name,
        bytes,
    })
}

/// A file of the vendored Swagger UI, with the configuration filled in where it has one
/// (swagger-initializer.js), exactly as the stub serves it under `/swagger-ui/`.
fn swagger_file(file: &str, config: &Arc<Config<'_>>) -> Result<Vec<u8>, DocsError> {
    match utoipa_swagger_ui::serve(file, Arc::clone(config)) {
        Ok(Some(found)) => Ok(found.bytes.into_owned()),
        Ok(None) => Err(DocsError::MissingAsset(file.to_owned())),
        Err(e) => Err(DocsError::Asset {
            file: file.to_owned(),
            reason: e.to_string(),
        }),
    }
}

/// The files a page loads from its own folder: the `href` and `src` attributes that hold a
/// relative path (no scheme, no leading `/`, no `..`), in order of appearance, each once.
fn local_references(page: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for (start, _) in page.match_indices(attribute) {
            let rest = &page[start + attribute.len()..];
            let Some(end) = rest.find('"') else { continue };
            let target = rest[..end].trim_start_matches("./");
            let local = !target.is_empty()
                && !target.contains(':')
                && !target.starts_with('/')
                && !target.starts_with('#')
                && !target.split('/').any(|part| part == "..");
            if local && !found.iter().any(|f| f == target) {
                found.push(target.to_owned());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_references_are_the_relative_files_a_page_loads() {
        let page = r##"<link href="./a.css"><link href="b.css"><script src="./c.js"></script>
            <a href="https://example.invalid/x.js"></a><a href="/abs.js"></a><a href="#top"></a>
            <script src="../up.js"></script><script src="./c.js"></script>"##;
        assert_eq!(local_references(page), ["a.css", "b.css", "c.js"]);
    }

    #[test]
    fn the_bundle_holds_swagger_ui_and_the_committed_documents() {
        let root = crate::workspace_root();
        let out = std::env::temp_dir().join(format!("xtask-docs-test-{}", std::process::id()));
        let written = write(&root, &out).expect("bundle");
        for service in Service::ALL {
            let name = format!("{}.json", service.name());
            let committed = fs::read(root.join("openapi").join(&name)).expect("committed");
            assert_eq!(fs::read(out.join(&name)).expect("bundled"), committed);
        }
        for file in [
            "index.html",
            "swagger-ui-bundle.js",
            "swagger-ui.css",
            "swagger-initializer.js",
        ] {
            assert!(written.iter().any(|w| w == file), "{file} in {written:?}");
        }
        let initializer =
            fs::read_to_string(out.join("swagger-initializer.js")).expect("initializer");
        assert!(
            initializer.contains("\"./tencent-cwp.json\""),
            "{initializer}"
        );
        assert!(!initializer.contains("{{config}}"), "{initializer}");
        // A published page must not call the online validator.
        assert!(
            initializer.contains("\"validatorUrl\": \"none\""),
            "{initializer}"
        );
        let _ = fs::remove_dir_all(&out);
    }
}
