//! The router: every documented operation at its documented path, built from the compiled
//! documents, and every other request answered in the envelope of the vendor it was meant for.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, Path, RawPathParams, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header, request::Parts};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter, get};
use tower_http::catch_panic::CatchPanicLayer;
use vendor_api::Service;

use crate::config::Config;
use crate::contract::{Contracts, Location, Operation, Problem, RawRequest, Violation};
use crate::failure::{Failure, with_request_id};
use crate::handlers;
use crate::vendor;

/// How long a client may take to send its body.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// What every request handler shares.
#[derive(Debug)]
pub struct AppState {
    /// The compiled documents.
    pub contracts: Contracts,
    /// The data the answers are computed from.
    pub dataset: stub_data::Dataset,
    /// The process's settings.
    pub config: Config,
    /// Each document as served under `/api-docs/`.
    served_documents: BTreeMap<&'static str, String>,
}

impl AppState {
    /// Compiles the documents and takes the dataset, with the default settings.
    pub fn new(dataset: stub_data::Dataset) -> Result<AppState, crate::contract::CompileError> {
        AppState::with_config(dataset, Config::default())
    }

    /// Compiles the documents and takes the dataset and the settings.
    pub fn with_config(
        dataset: stub_data::Dataset,
        config: Config,
    ) -> Result<AppState, crate::contract::CompileError> {
        let contracts = Contracts::load()?;
        let served_documents = contracts
            .documents
            .iter()
            .map(|(service, document)| (service.name(), served_document(document)))
            .collect();
        Ok(AppState {
            contracts,
            dataset,
            config,
            served_documents,
        })
    }
}

/// The copy of a document served to Swagger UI: the committed document with this stub listed
/// first among the servers, so that "Try it out" calls the stub rather than the vendor.
fn served_document(document: &serde_json::Value) -> String {
    let mut document = document.clone();
    if let Some(servers) = document.get_mut("servers").and_then(|s| s.as_array_mut()) {
        servers.insert(
            0,
            serde_json::json!({"url": "/", "description": "This stub server"}),
        );
    }
    vendor_api::document::to_json(&document)
}

/// The header that tells apart operations sharing one route (Tencent's actions at `POST /`).
pub const SELECTOR_HEADER: &str = "X-TC-Action";

/// The application: the documented operations, Swagger UI, the documents and `/healthz`.
pub fn router(state: Arc<AppState>) -> Router {
    // Route -> method -> operations at that route and method.
    let mut routes: BTreeMap<&str, BTreeMap<Method, Vec<usize>>> = BTreeMap::new();
    for (index, op) in state.contracts.operations.iter().enumerate() {
        routes
            .entry(op.route.as_str())
            .or_default()
            .entry(op.method.clone())
            .or_default()
            .push(index);
    }

    let mut router = Router::new();
    for (route, by_method) in routes {
        let first = by_method
            .values()
            .next()
            .and_then(|ops| ops.first())
            .copied();
        let service = state.contracts.operations[first.unwrap_or_default()].service;
        let allowed: Vec<Method> = by_method.keys().cloned().collect();
        let mut methods = MethodRouter::new();
        for (method, indexes) in by_method {
            let filter = MethodFilter::try_from(method.clone())
                .unwrap_or_else(|_| panic!("{method} is not a routable method"));
            let indexes: Arc<[usize]> = indexes.into();
            methods = methods.on(
                filter,
                move |State(state): State<Arc<AppState>>, request: Request| async move {
                    match select(&state, &indexes, request.headers()) {
                        Ok(index) => serve_operation(&state, index, request).await,
                        Err(failure) => failure.render(service, &request_id()),
                    }
                },
            );
        }
        let methods = methods
            .fallback(move |method: Method| async move {
                Failure::MethodNotAllowed { method, allowed }.render(service, &request_id())
            })
            .layer(CatchPanicLayer::custom(move |_| {
                Failure::Internal("a handler panicked".into()).render(service, &request_id())
            }));
        router = router.route(route, methods);
    }

    let swagger =
        utoipa_swagger_ui::SwaggerUi::new("/swagger-ui").config(utoipa_swagger_ui::Config::new(
            Service::ALL.map(|s| utoipa_swagger_ui::Url::new(display_name(s), doc_url(s))),
        ));

    router
        .route(
            "/healthz",
            get(|| async { axum::Json(serde_json::json!({"status": "ok"})) }),
        )
        .route("/api-docs/{file}", get(serve_document))
        .merge(swagger)
        .fallback(no_route)
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// The operation a request is for, among those sharing its route and method: the only one, or
/// the one whose [`SELECTOR_HEADER`] value the request names.
fn select(state: &AppState, indexes: &[usize], headers: &HeaderMap) -> Result<usize, Failure> {
    if let [only] = indexes {
        return Ok(*only);
    }
    let ops = &state.contracts.operations;
    let named = headers.get(SELECTOR_HEADER).and_then(|v| v.to_str().ok());
    let choices: Vec<&str> = indexes
        .iter()
        .filter_map(|&i| ops[i].selector(SELECTOR_HEADER))
        .collect();
    let violation = |problem, value: Option<&str>| {
        Failure::Invalid(Violation {
            location: Location::Header,
            name: SELECTOR_HEADER.to_owned(),
            problem,
            value: value.map(|v| format!("{v:?}")),
        })
    };
    match named {
        None => Err(violation(Problem::Missing, None)),
        Some(name) => indexes
            .iter()
            .copied()
            .find(|&i| ops[i].selector(SELECTOR_HEADER) == Some(name))
            .ok_or_else(|| {
                violation(
                    Problem::Invalid {
                        rule: format!("must name an action served here: {}", choices.join(", ")),
                        keyword: "enum",
                    },
                    Some(name),
                )
            }),
    }
}

fn display_name(service: Service) -> &'static str {
    match service {
        Service::HuaweiWorkspace => "Huawei Cloud Workspace",
        Service::TencentCwp => "Tencent Cloud CWP",
        Service::EnosAppPortal => "EnOS Application Portal",
        Service::HuaweiCodeartsRepo => "Huawei Cloud CodeArts Repo",
    }
}

fn doc_url(service: Service) -> &'static str {
    match service {
        Service::HuaweiWorkspace => "/api-docs/huawei-workspace.json",
        Service::TencentCwp => "/api-docs/tencent-cwp.json",
        Service::EnosAppPortal => "/api-docs/enos-app-portal.json",
        Service::HuaweiCodeartsRepo => "/api-docs/huawei-codearts-repo.json",
    }
}

async fn serve_document(State(state): State<Arc<AppState>>, Path(file): Path<String>) -> Response {
    let found = file
        .strip_suffix(".json")
        .and_then(|name| state.served_documents.get(name));
    match found {
        Some(text) => {
            let mut response = text.clone().into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        None => (
            StatusCode::NOT_FOUND,
            axum::Json(serde_json::json!({
                "error": format!("no document named {file}"),
                "documents": Service::ALL.map(doc_url),
            })),
        )
            .into_response(),
    }
}

/// A fresh request id, in the form the vendors use (a UUID).
pub fn request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

async fn serve_operation(state: &AppState, index: usize, request: Request) -> Response {
    let op = &state.contracts.operations[index];
    let request_id = request_id();
    let (mut parts, body) = request.into_parts();
    let result = match read_body(body, state.config.body_limit).await {
        Ok(bytes) => run(state, op, &mut parts, &bytes, &request_id).await,
        Err(failure) => Err(failure),
    };
    match result {
        Ok(response) if is_huawei(op.service) => with_request_id(response, &request_id),
        Ok(response) => response,
        Err(failure) => failure.render(op.service, &request_id),
    }
}

fn is_huawei(service: Service) -> bool {
    matches!(
        service,
        Service::HuaweiWorkspace | Service::HuaweiCodeartsRepo
    )
}

async fn read_body(body: Body, limit: usize) -> Result<Bytes, Failure> {
    match tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(body, limit)).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(_)) => Err(Failure::BadRequest(format!(
            "The request body could not be read completely or is larger than {limit} bytes."
        ))),
        Err(_) => Err(Failure::BadRequest(format!(
            "The request body did not arrive within {} seconds.",
            BODY_TIMEOUT.as_secs()
        ))),
    }
}

async fn run(
    state: &AppState,
    op: &Operation,
    parts: &mut Parts,
    body: &[u8],
    request_id: &str,
) -> Result<Response, Failure> {
    vendor::check_form(op.service, &parts.headers, op.body.is_some())?;
    let path = path_params(parts).await?;
    let raw = RawRequest {
        path: &path,
        query: parts.uri.query(),
        headers: &parts.headers,
        body,
    };
    let input = if vendor::headers_before_auth(op.service) {
        let validated = op.validate(raw);
        if let Err(v) = &validated
            && v.location == crate::contract::Location::Header
        {
            return Err(Failure::Invalid(v.clone()));
        }
        vendor::authenticate(op.service, &parts.headers)?;
        validated.map_err(Failure::Invalid)?
    } else {
        vendor::authenticate(op.service, &parts.headers)?;
        op.validate(raw).map_err(Failure::Invalid)?
    };
    handlers::dispatch(state, op, &parts.headers, input, request_id)
}

/// The path parameters, percent-decoded.
async fn path_params(parts: &mut Parts) -> Result<Vec<(String, String)>, Failure> {
    let raw = RawPathParams::from_request_parts(parts, &())
        .await
        .map_err(|e| Failure::BadRequest(format!("The path could not be read: {e}")))?;
    raw.iter()
        .map(|(name, value)| {
            percent_encoding::percent_decode_str(value)
                .decode_utf8()
                .map(|v| (name.to_owned(), v.into_owned()))
                .map_err(|_| {
                    Failure::BadRequest(format!(
                        "The path parameter '{name}' is not valid UTF-8 once decoded."
                    ))
                })
        })
        .collect()
}

/// The vendor a request that matches no route was meant for, judged from its path and headers.
pub fn guess_service(path: &str, headers: &HeaderMap) -> Service {
    let has = |name: &str| headers.contains_key(name);
    let tc3 = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("TC3-"));
    if has("x-tc-action") || tc3 {
        Service::TencentCwp
    } else if path.starts_with("/app-portal-service/") || has("apim-accesstoken") {
        Service::EnosAppPortal
    } else if path.starts_with("/v4/") {
        Service::HuaweiCodeartsRepo
    } else {
        Service::HuaweiWorkspace
    }
}

async fn no_route(method: Method, headers: HeaderMap, uri: axum::http::Uri) -> Response {
    let service = guess_service(uri.path(), &headers);
    let path = uri.path().to_owned();
    let failure = if service == Service::TencentCwp {
        Failure::Unsupported(format!(
            "Tencent Cloud API 3.0 is served at POST /, but the request went to {method} {path}; \
             give HttpProfile an endpoint of host:port only, without a path."
        ))
    } else {
        Failure::NoRoute { method, path }
    };
    failure.render(service, &request_id())
}

/// One log line per request: method, path, status and latency.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        path,
        status = response.status().as_u16(),
        latency_us = started.elapsed().as_micros() as u64,
        "request"
    );
    response
}
