//! The router: every documented operation at its documented path, built from the compiled
//! documents, and every other request answered in the envelope of the vendor it was meant for.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, Path, RawPathParams, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header, request::Parts};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter, get};
use tower_http::catch_panic::CatchPanicLayer;
use vendor_api::Service;

use crate::config::Config;
use crate::contract::{Contracts, Location, Operation, Problem, RawRequest, Violation};
use crate::failure::{Failure, Oversize, with_request_id};
use crate::handlers;
use crate::vendor;

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
    served_documents: BTreeMap<&'static str, String>,
    /// Run-time state of the limits and faults (`limits`).
    guard: crate::limits::Guard,
    /// The dataset's records serialized once, for the list answers.
    pub(crate) rendered: crate::rendered::Rendered,
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
        let guard = crate::limits::Guard::new(&contracts, &config);
        let rendered = crate::rendered::Rendered::new(&dataset).map_err(|e| {
            crate::contract::CompileError(format!(
                "the dataset's records cannot be serialized: {e}"
            ))
        })?;
        Ok(AppState {
            contracts,
            dataset,
            config,
            served_documents,
            guard,
            rendered,
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
                        // A request in a form the route does not serve at all (Tencent's
                        // legacy form-encoded signature, which has no X-TC-Action) says so,
                        // rather than that its action is missing.
                        Err(failure) => vendor::check_form(service, request.headers(), true)
                            .err()
                            .unwrap_or(failure)
                            .render(service, &request_id()),
                    }
                },
            );
        }
        let methods = methods
            .fallback(move |method: Method| async move {
                Failure::MethodNotAllowed { method, allowed }.render(service, &request_id())
            })
            .layer(CatchPanicLayer::custom(
                move |panic: Box<dyn Any + Send>| {
                    // Rendering an internal failure logs it, with the panic's message, as an error.
                    let detail = format!("a handler panicked: {}", panic_message(panic.as_ref()));
                    Failure::Internal(detail).render(service, &request_id())
                },
            ));
        router = router.route(route, methods);
    }

    let swagger = swagger_ui(&state);

    router
        .route(
            "/healthz",
            get(|| async { axum::Json(serde_json::json!({"status": "ok"})) }),
        )
        .route("/api-docs/{file}", get(serve_document))
        .merge(swagger)
        .fallback(no_route)
        // The vendor routes catch their own panics in the vendor's envelope; this one is for
        // the rest (documents, Swagger UI, the fallback), which belong to no vendor.
        .layer(CatchPanicLayer::custom(|panic: Box<dyn Any + Send>| {
            tracing::error!(detail = panic_message(panic.as_ref()), "a handler panicked");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                axum::Json(serde_json::json!({"error": "internal error"})),
            )
                .into_response()
        }))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// The text a panic was raised with.
fn panic_message(panic: &(dyn Any + Send)) -> &str {
    panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)")
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

/// Swagger UI at `/swagger-ui/`: its assets come from the binary (utoipa-swagger-ui's vendored
/// copy), and its selector lists the four served documents under their own titles.
fn swagger_ui(state: &AppState) -> utoipa_swagger_ui::SwaggerUi {
    // Swagger UI's configuration borrows its names for the whole program. The titles are
    // constant (the documents are built from code), so they are read once per process.
    static TITLES: OnceLock<BTreeMap<Service, String>> = OnceLock::new();
    let titles = TITLES.get_or_init(|| {
        state
            .contracts
            .documents
            .iter()
            .map(|(service, document)| (*service, document_title(*service, document)))
            .collect()
    });
    let urls = Service::ALL.map(|s| utoipa_swagger_ui::Url::new(&titles[&s], doc_url(s)));
    // The same options as the static bundle of `cargo xtask docs` (xtask/src/docs.rs): show the
    // operationIds the vendors' SDKs name their methods after, show the constraints
    // (minimum, maxLength, pattern, ...) beside each parameter, and never ask an online
    // validator about the document, so that the page fetches nothing from the network.
    utoipa_swagger_ui::SwaggerUi::new("/swagger-ui").config(
        utoipa_swagger_ui::Config::new(urls)
            .display_operation_id(true)
            .show_common_extensions(true)
            .validator_url("none"),
    )
}

/// The title a document gives itself (`info.title`), or its file name when it has none.
fn document_title(service: Service, document: &serde_json::Value) -> String {
    document["info"]["title"]
        .as_str()
        .unwrap_or(service.name())
        .to_owned()
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
    // Admission (sizes, Prefer, concurrency, rate, chaos) comes first; the admission keeps
    // the request's place among the concurrent ones until the answer leaves.
    let mut admission = match state.guard.admit(&state.config, index, op, &parts) {
        Ok(admission) => admission,
        Err(failure) => return failure.render(op.service, &request_id),
    };
    if state.config.chaos.panic_in_handlers {
        panic!(
            "injected panic in {} (Chaos::panic_in_handlers)",
            op.operation_id
        );
    }
    let result = match read_body(body, &parts.headers, &state.config).await {
        // An injected failure replaces the operation; the body is still read, so that the
        // connection stays usable.
        Ok(bytes) => match admission.inject.take() {
            Some(injected) => Err(injected),
            None => run(state, op, &mut parts, &bytes, &request_id).await,
        },
        Err(failure) => Err(failure),
    };
    let mut response = match result {
        Ok(response) if is_huawei(op.service) => with_request_id(response, &request_id),
        Ok(response) => response,
        Err(failure) => failure.render(op.service, &request_id),
    };
    if let Some(applied) = &admission.applied {
        response.headers_mut().insert(
            HeaderName::from_static("preference-applied"),
            applied.clone(),
        );
    }
    if let Some(delay) = admission.delay {
        tokio::time::sleep(delay).await;
    }
    drop(admission);
    response
}

fn is_huawei(service: Service) -> bool {
    matches!(
        service,
        Service::HuaweiWorkspace | Service::HuaweiCodeartsRepo
    )
}

/// The body, at most `config.body_limit` bytes (413 beyond, without reading a body whose
/// Content-Length already says so), within the request timeout.
async fn read_body(body: Body, headers: &HeaderMap, config: &Config) -> Result<Bytes, Failure> {
    let limit = config.body_limit;
    let too_large = Failure::TooLarge {
        part: Oversize::Body,
        limit,
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large);
    }
    let timeout = config.limits.request_timeout;
    let read = http_body_util::BodyExt::collect(http_body_util::Limited::new(body, limit));
    match tokio::time::timeout(timeout, read).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => Err(too_large),
        Ok(Err(_)) => Err(Failure::BadRequest(
            "The request body could not be read completely.".into(),
        )),
        Err(_) => Err(Failure::BadRequest(format!(
            "The request body did not arrive within {} seconds.",
            timeout.as_secs_f64()
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
    check_query_encoding(parts.uri.query())?;
    let raw = RawRequest {
        path: &path,
        query: parts.uri.query(),
        headers: &parts.headers,
        body,
    };
    // Operations that declare no security (the stub's download URLs, like the pre-signed URLs
    // they stand for) take no credentials.
    let authenticate = || {
        if op.credentials {
            vendor::authenticate(op.service, parts, body, &state.config.auth)
        } else {
            Ok(())
        }
    };
    let input = if vendor::headers_before_auth(op.service) {
        let validated = op.validate(raw);
        if let Err(v) = &validated
            && v.location == crate::contract::Location::Header
        {
            return Err(Failure::Invalid(v.clone()));
        }
        authenticate()?;
        validated.map_err(Failure::Invalid)?
    } else {
        authenticate()?;
        op.validate(raw).map_err(Failure::Invalid)?
    };
    handlers::dispatch(state, op, &parts.headers, input, request_id)
}

/// Refuses a query whose percent-escapes decode to bytes that are not UTF-8: read leniently,
/// they would silently become U+FFFD and change the value the client sent.
fn check_query_encoding(query: Option<&str>) -> Result<(), Failure> {
    let Some(query) = query else { return Ok(()) };
    // One pass over the whole query: `&` and `=` are ASCII, so it is valid exactly when
    // every name and value is; no allocation when nothing is escaped.
    if percent_encoding::percent_decode_str(query)
        .decode_utf8()
        .is_ok()
    {
        return Ok(());
    }
    let name = query
        .split('&')
        .map(|item| item.split_once('=').unwrap_or((item, "")))
        .find(|(k, v)| {
            [k, v].iter().any(|t| {
                percent_encoding::percent_decode_str(t)
                    .decode_utf8()
                    .is_err()
            })
        })
        .map_or("?", |(k, _)| k);
    Err(Failure::Invalid(Violation {
        location: Location::Query,
        name: String::from_utf8_lossy(
            &percent_encoding::percent_decode_str(name).collect::<Vec<u8>>(),
        )
        .into_owned(),
        problem: Problem::WrongType {
            expected: "text that is valid UTF-8 once percent-decoded".into(),
        },
        value: None,
    }))
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

async fn no_route(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let (method, headers, uri) = (&parts.method, &parts.headers, &parts.uri);
    let guessed = guess_service(uri.path(), headers);
    // A path under a served route's fixed prefix (such as the stub's own download URLs)
    // belongs to that route's vendor, unless the headers say Tencent.
    let owner = (guessed != Service::TencentCwp)
        .then(|| route_owner(&state, uri.path()))
        .flatten();
    let service = owner.unwrap_or(guessed);
    if let Err(failure) = crate::limits::check_sizes(&state.config.limits, &parts) {
        return failure.render(service, &request_id());
    }
    let method = method.clone();
    let path = uri.path().to_owned();
    let failure = if service == Service::TencentCwp && owner.is_none() {
        Failure::Unsupported(format!(
            "Tencent Cloud API 3.0 is served at POST /, but the request went to {method} {path}; \
             give HttpProfile an endpoint of host:port only, without a path."
        ))
    } else {
        Failure::NoRoute { method, path }
    };
    failure.render(service, &request_id())
}

/// The vendor of the served route whose fixed beginning (up to its first parameter, at least
/// two segments) `path` starts with, the longest such.
fn route_owner(state: &AppState, path: &str) -> Option<Service> {
    state
        .contracts
        .operations
        .iter()
        .filter_map(|op| {
            let prefix = op.route.split('{').next().unwrap_or("");
            (prefix.matches('/').count() >= 3 && path.starts_with(prefix))
                .then_some((prefix.len(), op.service))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, service)| service)
}

/// One log line per request: method, path, status and latency.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    // A clone of the URI shares its bytes; copying the path out would allocate.
    let uri = request.uri().clone();
    let started = Instant::now();
    let response = next.run(request).await;
    crate::access_log::request(
        &method,
        uri.path(),
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}
