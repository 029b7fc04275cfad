//! The router: every documented operation at its documented path, built from the compiled
//! documents, and every other request answered in the envelope of the vendor it was meant for.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter, get};
use tower_http::catch_panic::CatchPanicLayer;
use vendor_api::Service;
use vendor_api::tencent_cwp::ACTION_HEADER;

use crate::contract::{Keyword, Location, Problem, Violation};
use crate::failure::Failure;
use crate::pipeline::{request_id, serve_operation};
use crate::state::AppState;
use crate::vendor::{render, vendor};

/// The header that tells apart operations sharing one route (Tencent's actions at `POST /`).
pub const SELECTOR_HEADER: &str = ACTION_HEADER;
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
                        Err(failure) => {
                            let failure = vendor(service)
                                .check_form(request.headers(), true)
                                .err()
                                .unwrap_or(failure);
                            render(service, &failure, &request_id())
                        }
                    }
                },
            );
        }
        let methods = methods
            .fallback(move |method: Method| async move {
                render(
                    service,
                    &Failure::MethodNotAllowed { method, allowed },
                    &request_id(),
                )
            })
            .layer(CatchPanicLayer::custom(
                move |panic: Box<dyn Any + Send>| {
                    // Rendering an internal failure logs it, with the panic's message, as an error.
                    let detail = format!("a handler panicked: {}", panic_message(panic.as_ref()));
                    render(service, &Failure::Internal(detail), &request_id())
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
                        keyword: Keyword::Enum,
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

async fn no_route(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let (method, headers, uri) = (&parts.method, &parts.headers, &parts.uri);
    // A path under a served route's fixed prefix (such as the stub's own download URLs)
    // belongs to that route's vendor; elsewhere the vendor says what a stray request gets.
    let (service, owned) = state.recogniser.service(uri.path(), headers);
    if let Err(failure) = crate::limits::check_sizes(&state.config.limits, &parts) {
        return render(service, &failure, &request_id());
    }
    let method = method.clone();
    let path = uri.path().to_owned();
    let failure = if owned {
        Failure::NoRoute { method, path }
    } else {
        vendor(service).no_route(method, path)
    };
    render(service, &failure, &request_id())
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
