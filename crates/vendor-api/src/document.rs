//! The published documents: which services there are (and the stub's own document of the
//! routes no vendor documents), and their canonical JSON, identical from run to run. The YAML
//! and OpenAPI 3.0 twins are written by `cargo xtask openapi`, their only user, in xtask.

use serde_json::{Map, Value};
use utoipa::OpenApi;

/// One vendor service, and so one published document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Service {
    /// Huawei Cloud Workspace: `ExportUserGroupUsersNew`, `ExportUsersTemplate`.
    HuaweiWorkspace,
    /// Tencent Cloud CWP: `ExportAssetUserList`.
    TencentCwp,
    /// EnOS Application Portal: `listAssignedUser`.
    EnosAppPortal,
    /// Huawei Cloud CodeArts Repo: `ListGroupUserGroups`.
    HuaweiCodeartsRepo,
}

impl Service {
    /// Every service, in the order the documents are listed.
    pub const ALL: [Service; 4] = [
        Service::HuaweiWorkspace,
        Service::TencentCwp,
        Service::EnosAppPortal,
        Service::HuaweiCodeartsRepo,
    ];

    /// File stem of the service's document, as in `openapi/<name>.json`.
    pub fn name(self) -> &'static str {
        match self {
            Service::HuaweiWorkspace => "huawei-workspace",
            Service::TencentCwp => "tencent-cwp",
            Service::EnosAppPortal => "enos-app-portal",
            Service::HuaweiCodeartsRepo => "huawei-codearts-repo",
        }
    }

    /// Looks a service up by its document name.
    pub fn from_name(name: &str) -> Option<Service> {
        Service::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The document as utoipa builds it from the annotated types.
    pub fn openapi(self) -> utoipa::openapi::OpenApi {
        match self {
            Service::HuaweiWorkspace => crate::workspace::WorkspaceApi::openapi(),
            Service::TencentCwp => crate::tencent_cwp::TencentCwpApi::openapi(),
            Service::EnosAppPortal => crate::enos::EnosAppPortalApi::openapi(),
            Service::HuaweiCodeartsRepo => crate::codearts::CodeArtsRepoApi::openapi(),
        }
    }
}

/// A document of the stub's own routes: what the stub must serve although no vendor documents
/// it (a stand-in for vendor storage, such as the URL Tencent's `ExportTasks` hands out). It is
/// published beside the vendor documents, as `openapi/stub/<name>.json`, so that every route the
/// stub serves still comes from a document; the stub answers its failures in the envelope of
/// [`StubDocument::service`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StubDocument {
    /// `stub-downloads`: the download URL of Tencent CWP's `ExportTasks`.
    Downloads,
}

impl StubDocument {
    /// Every stub document.
    pub const ALL: [StubDocument; 1] = [StubDocument::Downloads];

    /// File stem of the document, as in `openapi/stub/<name>.json`.
    pub fn name(self) -> &'static str {
        match self {
            StubDocument::Downloads => "stub-downloads",
        }
    }

    /// The vendor whose envelope the stub answers this document's failures in.
    pub fn service(self) -> Service {
        match self {
            StubDocument::Downloads => Service::TencentCwp,
        }
    }

    /// The document as utoipa builds it from the annotated types.
    pub fn openapi(self) -> utoipa::openapi::OpenApi {
        match self {
            StubDocument::Downloads => crate::tencent_cwp::StubDownloadsApi::openapi(),
        }
    }
}

/// The methods every published document has, declared once for [`Service`] and
/// [`StubDocument`] (each supplies `openapi()`). Inherent methods rather than a trait, so that
/// callers need no import to call them.
macro_rules! published_document {
    ($kind:ty) => {
        impl $kind {
            /// The document as a JSON value in canonical key order.
            pub fn document(self) -> Value {
                let value = serde_json::to_value(self.openapi())
                    .expect("an OpenAPI document built from types always serializes");
                canonicalize(value)
            }

            /// The document as published in `openapi/<name>.json` (or `openapi/stub/`).
            pub fn json(self) -> String {
                to_json(&self.document())
            }
        }
    };
}

published_document!(Service);
published_document!(StubDocument);

/// Puts keys in an order that does not depend on hash seeds. utoipa writes its fields in
/// declaration order but keeps specification extensions (`x-...` and the other keys added
/// through `Extensions`) in a `HashMap`, flattened into their parent: those keys move after
/// the others, sorted by name. Everything else keeps the order utoipa gives it.
pub fn canonicalize(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let (mut extensions, fixed): (Vec<_>, Vec<_>) =
                map.into_iter().partition(|(key, _)| is_extension_key(key));
            extensions.sort_by(|a, b| a.0.cmp(&b.0));
            let canonical: Map<String, Value> = fixed
                .into_iter()
                .chain(extensions)
                .map(|(key, value)| (key, canonicalize(value)))
                .collect();
            Value::Object(canonical)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(canonicalize).collect()),
        other => other,
    }
}

/// Keys that reach a document through utoipa's `Extensions` map.
fn is_extension_key(key: &str) -> bool {
    key.starts_with("x-")
}

/// Pretty JSON with LF line endings and a final newline.
pub fn to_json(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("JSON values always serialize");
    text.push('\n');
    text
}
