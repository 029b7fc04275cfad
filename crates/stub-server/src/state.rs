//! What every request shares, built once at start-up: the compiled documents, their handlers,
//! the dataset and its ready-made records, the settings, and the limits' run-time state.

use std::collections::BTreeMap;

use thiserror::Error;

use crate::config::Config;
use crate::contract::{CompileError, Contracts};
use crate::registry::{Bound, Registry, RegistryError};
use crate::vendor::recognise::Recogniser;

/// Why the stub cannot start.
#[derive(Debug, Error)]
pub enum StartError {
    /// A document cannot be compiled into validators.
    #[error(transparent)]
    Compile(#[from] CompileError),
    /// The handlers and the documents' operations do not match one to one.
    #[error(transparent)]
    Handlers(#[from] RegistryError),
    /// The dataset's records cannot be serialized for the list answers.
    #[error("the dataset's records cannot be serialized: {0}")]
    Dataset(#[from] serde_json::Error),
}

/// What every request handler shares.
#[derive(Debug)]
pub struct AppState {
    /// The compiled documents.
    pub contracts: Contracts,
    /// The data the answers are computed from. Not public: `rendered` is built from it and
    /// must not drift from it.
    pub(crate) dataset: stub_data::Dataset,
    /// The process's settings.
    pub config: Config,
    /// Each document as served under `/api-docs/`.
    pub(crate) served_documents: BTreeMap<&'static str, String>,
    /// Run-time state of the limits and faults (`limits`).
    pub(crate) guard: crate::limits::Guard,
    /// The dataset's records serialized once, for the list answers.
    pub(crate) rendered: crate::rendered::Rendered,
    /// The handler of each compiled operation, by operation index.
    pub(crate) handlers: Bound,
    /// Which vendor a request that matches no route was meant for.
    pub(crate) recogniser: Recogniser,
}

impl AppState {
    /// Compiles the documents and takes the dataset, with the default settings.
    pub fn new(dataset: stub_data::Dataset) -> Result<AppState, StartError> {
        AppState::with_config(dataset, Config::default())
    }

    /// Compiles the documents and takes the dataset and the settings.
    pub fn with_config(
        dataset: stub_data::Dataset,
        config: Config,
    ) -> Result<AppState, StartError> {
        AppState::with_handlers(dataset, config, crate::handlers::registry())
    }

    /// The same with other handlers than the stub's own, to show that start-up refuses
    /// handlers that do not match the documents.
    pub fn with_handlers(
        dataset: stub_data::Dataset,
        config: Config,
        registry: Registry,
    ) -> Result<AppState, StartError> {
        let contracts = Contracts::load()?;
        let handlers = registry.bind(&contracts)?;
        let served_documents = contracts
            .documents
            .iter()
            .map(|(service, document)| (service.name(), served_document(document)))
            .collect();
        let guard = crate::limits::Guard::new(&contracts, &config);
        let rendered = crate::rendered::Rendered::new(&dataset)?;
        let recogniser = Recogniser::new(&contracts);
        Ok(AppState {
            contracts,
            dataset,
            config,
            served_documents,
            guard,
            rendered,
            handlers,
            recogniser,
        })
    }
}

/// The copy of a document served under `/api-docs/`: the committed document with this stub
/// listed first among the servers, so that Swagger UI's "Try it out" calls the stub rather than
/// the vendor; the vendors' servers follow, unchanged.
///
/// The stub's entry is the relative URL `/`. OpenAPI resolves a relative server URL against the
/// address the document was fetched from, so it names the stub's origin exactly as the browser
/// (or any other reader) reached it, whatever the listen address, port, host name or port
/// forwarding in between. An absolute URL built from the request's `Host` header would say the
/// same in the simple case, but would trust a header the client chooses, make the document
/// differ from request to request, and name the wrong scheme or host behind a proxy.
fn served_document(document: &serde_json::Value) -> String {
    let mut document = document.clone();
    if let Some(servers) = document.get_mut("servers").and_then(|s| s.as_array_mut()) {
        servers.insert(
            0,
            serde_json::json!({
                "url": "/",
                "description": "This stub server (the address this document was loaded from)"
            }),
        );
    }
    vendor_api::document::to_json(&document)
}

#[cfg(test)]
mod tests {
    use axum::response::IntoResponse;
    use vendor_api::{codearts, enos, tencent_cwp, workspace};

    use super::{AppState, StartError};
    use crate::config::Config;
    use crate::registry::{Registry, RegistryError};

    fn start(registry: Registry) -> Result<AppState, StartError> {
        AppState::with_handlers(
            stub_data::Dataset::generate(stub_data::DEFAULT_SEED),
            Config::default(),
            registry,
        )
    }

    #[test]
    fn start_up_refuses_a_documented_operation_without_a_handler() {
        // Every handler but ListGroupUserGroups's.
        let mut registry = Registry::default();
        registry
            .add::<workspace::ExportUserGroupUsersNew>(|_, _| Ok(().into_response()))
            .add::<workspace::ExportUsersTemplate>(|_, _| Ok(().into_response()))
            .add::<workspace::ListExportTasks>(|_, _| Ok(().into_response()))
            .add::<workspace::DownloadExportFile>(|_, _| Ok(().into_response()))
            .add::<tencent_cwp::ExportAssetUserList>(|_, _| Ok(().into_response()))
            .add::<tencent_cwp::ExportTasks>(|_, _| Ok(().into_response()))
            .add::<tencent_cwp::StubDownloadTencentExport>(|_, _| Ok(().into_response()))
            .add::<enos::ListAssignedUser>(|_, _| Ok(().into_response()));
        match start(registry) {
            Err(StartError::Handlers(RegistryError::Unhandled(id))) => {
                assert_eq!(
                    id,
                    <codearts::ListGroupUserGroups as vendor_api::Operation>::ID
                );
            }
            other => panic!("expected a missing handler, got {other:?}"),
        }
    }

    /// An operation no document declares.
    struct Ghost;

    impl vendor_api::Operation for Ghost {
        const ID: &'static str = "Ghost";
        const DOCUMENT: vendor_api::operation::Document =
            vendor_api::operation::Document::Vendor(vendor_api::Service::HuaweiWorkspace);
        const METHOD: vendor_api::operation::Method = vendor_api::operation::Method::Get;
        const PATH: &'static str = "/v2/{project_id}/ghosts";
        type Path = vendor_api::Nothing;
        type Query = vendor_api::Nothing;
        type Headers = vendor_api::Nothing;
        type Body = vendor_api::Nothing;
        type Response = ();
    }

    #[test]
    fn start_up_refuses_a_handler_without_a_documented_operation() {
        let mut registry = crate::handlers::registry();
        registry.add::<Ghost>(|_, _| Ok(().into_response()));
        match start(registry) {
            Err(StartError::Handlers(RegistryError::Undocumented(id))) => assert_eq!(id, "Ghost"),
            other => panic!("expected an undocumented handler, got {other:?}"),
        }
    }

    #[test]
    fn start_up_refuses_two_handlers_for_one_operation() {
        let mut registry = crate::handlers::registry();
        registry.add::<codearts::ListGroupUserGroups>(|_, _| Ok(().into_response()));
        assert!(matches!(
            start(registry),
            Err(StartError::Handlers(RegistryError::Duplicate(_)))
        ));
    }

    #[test]
    fn the_stubs_own_handlers_match_the_documents() {
        start(crate::handlers::registry()).expect("every operation has exactly one handler");
    }
}
