//! The committed `openapi/` folder must be exactly what `cargo xtask openapi` writes: this runs
//! the same check as `cargo xtask openapi --check` and prints its report (with diffs) on failure.

use std::fs;
use std::path::{Path, PathBuf};

use xtask::openapi::{self, Status};

#[test]
fn committed_documents_are_fresh() {
    let report = openapi::check(&xtask::workspace_root())
        .unwrap_or_else(|e| panic!("cannot read {}/: {e}", openapi::OUTPUT_DIR));
    assert!(
        report.is_fresh(),
        "openapi/ is stale; run `cargo xtask openapi`.\n\n{}",
        report.render()
    );
}

#[test]
fn every_service_is_published_as_json_and_yaml() {
    let paths: Vec<String> = openapi::artifacts().into_iter().map(|a| a.path).collect();
    for service in vendor_api::Service::ALL {
        for file in [
            format!("{}.json", service.name()),
            format!("{}.yaml", service.name()),
            format!("3.0/{}.json", service.name()),
        ] {
            let expected = format!("{}/{file}", openapi::OUTPUT_DIR);
            assert!(
                paths.contains(&expected),
                "no artifact {expected}; artifacts: {paths:?}"
            );
        }
    }
    assert!(
        paths.contains(&openapi::FIXTURE_SCHEMA.to_owned()),
        "the fixture schema is not published: {paths:?}"
    );
    assert!(
        paths.contains(&openapi::DRIFT_LOG_SCHEMA.to_owned()),
        "the drift-log schema is not published: {paths:?}"
    );
    assert_eq!(
        paths.len(),
        3 * vendor_api::Service::ALL.len() + 2 * vendor_api::document::StubDocument::ALL.len() + 2,
        "artifacts: {paths:?}"
    );
}

/// A scratch workspace root holding a copy of the generated `openapi/`, removed on drop.
#[derive(Debug)]
struct ScratchRoot(PathBuf);

impl ScratchRoot {
    fn with_generated_documents(tag: &str) -> Self {
        let root =
            std::env::temp_dir().join(format!("vendor-api-freshness-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        for artifact in openapi::artifacts() {
            let path = root.join(&artifact.path);
            fs::create_dir_all(path.parent().expect("artifact paths have a folder")).unwrap();
            fs::write(&path, &artifact.contents).unwrap();
        }
        Self(root)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchRoot {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn check_reports_an_edited_document_as_stale() {
    let root = ScratchRoot::with_generated_documents("edited");
    assert!(openapi::check(root.path()).unwrap().is_fresh());

    let edited = format!("{}/tencent-cwp.json", openapi::OUTPUT_DIR);
    let text = fs::read_to_string(root.path().join(&edited)).unwrap();
    fs::write(
        root.path().join(&edited),
        text.replacen("ExportAssetUserList", "ExportAssetUserLst", 1),
    )
    .unwrap();

    let report = openapi::check(root.path()).unwrap();
    assert!(!report.is_fresh());
    let stale: Vec<&str> = report
        .entries
        .iter()
        .filter(|(_, s)| matches!(s, Status::Stale { .. }))
        .map(|(p, _)| p.as_str())
        .collect();
    assert_eq!(stale, [edited.as_str()]);
    assert!(
        report.render().contains("ExportAssetUserLst"),
        "{}",
        report.render()
    );
}

#[test]
fn check_reports_missing_and_unexpected_files() {
    let root = ScratchRoot::with_generated_documents("missing");
    let removed = format!("{}/enos-app-portal.yaml", openapi::OUTPUT_DIR);
    fs::remove_file(root.path().join(&removed)).unwrap();
    let stray = format!("{}/old-service.json", openapi::OUTPUT_DIR);
    fs::write(root.path().join(&stray), "{}\n").unwrap();

    let report = openapi::check(root.path()).unwrap();
    assert!(!report.is_fresh());
    let status_of = |path: &str| {
        report
            .entries
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, s)| s.clone())
    };
    assert!(
        matches!(status_of(&removed), Some(Status::Stale { .. })),
        "{}",
        report.render()
    );
    assert_eq!(
        status_of(&stray),
        Some(Status::Unexpected),
        "{}",
        report.render()
    );
}
