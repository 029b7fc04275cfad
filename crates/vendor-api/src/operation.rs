//! Operations as types: one marker type per documented operation carries its identity (id,
//! document, method, path) and the Rust types of its inputs and answer, so that code naming an
//! operation names a type the compiler checks, never a string.
//!
//! The `#[utoipa::path]` declaration of each operation takes its `operation_id` and `path` from
//! the marker, so the identity is written once; a test checks the method, which utoipa needs as
//! a keyword, against the marker.

use serde::de::{Deserialize, DeserializeOwned, Deserializer, IgnoredAny};
use utoipa::IntoParams;

use crate::Service;
use crate::document::StubDocument;

/// The document an operation is published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Document {
    /// A vendor service's document.
    Vendor(Service),
    /// One of the stub's own documents.
    Stub(StubDocument),
}

impl Document {
    /// The vendor whose envelope and rules apply to the document's operations.
    pub const fn service(self) -> Service {
        match self {
            Document::Vendor(service) => service,
            // Spelled out rather than calling `StubDocument::service`, which is not const.
            Document::Stub(StubDocument::Downloads) => Service::TencentCwp,
        }
    }
}

/// The HTTP methods the documented operations use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
}

impl Method {
    /// The method as written on the wire, e.g. `GET`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// One documented operation. Implemented by a unit marker type per operation, e.g.
/// [`crate::workspace::ExportUsersTemplate`].
pub trait Operation: Send + Sync + 'static {
    /// The vendor's operation name, the document's `operationId`.
    const ID: &'static str;
    /// The document the operation is published in.
    const DOCUMENT: Document;
    /// The HTTP method.
    const METHOD: Method;
    /// The path template as documented (Tencent's further actions as `/#Action`).
    const PATH: &'static str;
    /// The path parameters ([`Nothing`] when there are none).
    type Path: DeserializeOwned + Send;
    /// The query parameters ([`Nothing`] when there are none).
    type Query: DeserializeOwned + Send;
    /// The documented header parameters, credentials aside ([`Nothing`] when there are none).
    type Headers: DeserializeOwned + Send;
    /// The JSON request body ([`Nothing`] when there is none).
    type Body: DeserializeOwned + Send;
    /// The successful answer's body.
    type Response;
}

/// The input part of an operation that has none: reads from anything, holds nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Nothing;

/// No parameters: lets a marker name [`Nothing`] among an operation's parameter types.
impl IntoParams for Nothing {
    fn into_params(
        _parameter_in_provider: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        Vec::new()
    }
}

impl<'de> Deserialize<'de> for Nothing {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Nothing, D::Error> {
        IgnoredAny::deserialize(deserializer).map(|_| Nothing)
    }
}

/// Declares an operation's marker type and its [`Operation`] implementation:
/// `Name = "operationId" in document; METHOD "/path"; (path, query, headers, body) -> answer`.
macro_rules! operation {
    (
        $(#[$meta:meta])*
        $name:ident = $id:literal in $document:expr; $method:ident $path:literal;
        ($path_ty:ty, $query:ty, $headers:ty, $body:ty) -> $response:ty
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $name;

        impl $crate::operation::Operation for $name {
            const ID: &'static str = $id;
            const DOCUMENT: $crate::operation::Document = $document;
            const METHOD: $crate::operation::Method = $crate::operation::Method::$method;
            const PATH: &'static str = $path;
            type Path = $path_ty;
            type Query = $query;
            type Headers = $headers;
            type Body = $body;
            type Response = $response;
        }
    };
}
pub(crate) use operation;

/// What identifies an operation, for code that lists operations without naming their types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    /// [`Operation::ID`].
    pub id: &'static str,
    /// [`Operation::DOCUMENT`].
    pub document: Document,
    /// [`Operation::METHOD`].
    pub method: Method,
    /// [`Operation::PATH`].
    pub path: &'static str,
}

impl Identity {
    /// The identity of `Op`.
    pub const fn of<Op: Operation>() -> Identity {
        Identity {
            id: Op::ID,
            document: Op::DOCUMENT,
            method: Op::METHOD,
            path: Op::PATH,
        }
    }
}

/// Every documented operation, vendor documents first, in document order.
pub const ALL: [Identity; 9] = [
    Identity::of::<crate::workspace::ExportUserGroupUsersNew>(),
    Identity::of::<crate::workspace::ExportUsersTemplate>(),
    Identity::of::<crate::workspace::ListExportTasks>(),
    Identity::of::<crate::workspace::DownloadExportFile>(),
    Identity::of::<crate::tencent_cwp::ExportAssetUserList>(),
    Identity::of::<crate::tencent_cwp::ExportTasks>(),
    Identity::of::<crate::enos::ListAssignedUser>(),
    Identity::of::<crate::codearts::ListGroupUserGroups>(),
    Identity::of::<crate::tencent_cwp::StubDownloadTencentExport>(),
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::{ALL, Document};
    use crate::Service;
    use crate::document::StubDocument;

    /// Every (document, method, path, id) the documents declare.
    fn documented() -> BTreeSet<(Document, String, String, String)> {
        let documents = Service::ALL
            .map(|s| (Document::Vendor(s), s.document()))
            .into_iter()
            .chain(StubDocument::ALL.map(|d| (Document::Stub(d), d.document())));
        let mut out = BTreeSet::new();
        for (document, value) in documents {
            for (path, item) in value["paths"].as_object().expect("paths") {
                for (method, op) in item.as_object().expect("path item") {
                    let id = op["operationId"].as_str().expect("operationId");
                    out.insert((
                        document,
                        method.to_ascii_uppercase(),
                        path.clone(),
                        id.to_owned(),
                    ));
                }
            }
        }
        out
    }

    #[test]
    fn every_marker_matches_its_document_and_every_operation_has_a_marker() {
        let markers: BTreeSet<_> = ALL
            .iter()
            .map(|op| {
                (
                    op.document,
                    op.method.as_str().to_owned(),
                    op.path.to_owned(),
                    op.id.to_owned(),
                )
            })
            .collect();
        assert_eq!(markers.len(), ALL.len(), "two markers share an identity");
        assert_eq!(markers, documented());
    }

    #[test]
    fn stub_documents_answer_for_the_vendor_they_stand_in_for() {
        for stub in StubDocument::ALL {
            assert_eq!(Document::Stub(stub).service(), stub.service());
        }
    }
}
