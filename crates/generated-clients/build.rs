//! Generates one progenitor client per OpenAPI 3.0.3 twin in `openapi/3.0/` and writes it to
//! `$OUT_DIR/<name>.rs`, where `src/lib.rs` includes it, and lists the documents' operation
//! ids in `$OUT_DIR/operations.rs`.

use std::path::{Path, PathBuf};

/// The documents, by file stem; `src/lib.rs` has one module per entry.
const DOCUMENTS: [&str; 4] = [
    "huawei-workspace",
    "tencent-cwp",
    "enos-app-portal",
    "huawei-codearts-repo",
];

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    let documents = manifest_dir.join("../../openapi/3.0");
    let mut operations = Vec::new();
    for name in DOCUMENTS {
        let source = documents.join(format!("{name}.json"));
        println!("cargo:rerun-if-changed={}", source.display());
        let spec = read(&source).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        operations.extend(
            spec.operations()
                .filter_map(|(_, _, operation)| operation.operation_id.clone()),
        );
        let code = generate(&spec).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        let target = out_dir.join(format!("{name}.rs"));
        std::fs::write(&target, code).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
    }
    let target = out_dir.join("operations.rs");
    std::fs::write(&target, format!("&{operations:?}"))
        .unwrap_or_else(|e| panic!("{}: {e}", target.display()));
}

fn read(source: &Path) -> Result<openapiv3::OpenAPI, String> {
    let text = std::fs::read_to_string(source).map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| format!("not an OpenAPI 3.0 document: {e}"))
}

fn generate(spec: &openapiv3::OpenAPI) -> Result<String, String> {
    let mut settings = progenitor::GenerationSettings::new();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_tag(progenitor::TagStyle::Merged);
    let tokens = progenitor::Generator::new(&settings)
        .generate_tokens(spec)
        .map_err(|e| format!("progenitor cannot generate a client: {e}"))?;
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("generated code: {e}"))?;
    Ok(prettyplease::unparse(&file))
}
