//! One operation request, start to end, in a straight line: admit (sizes, `Prefer`,
//! concurrency, rate, chaos) → read the body → the vendor's checks (form, credentials, in the
//! vendor's order) → validate against the compiled contract → the operation's handler, or the
//! vendor itself for a forwarded document (`upstream`) → render the outcome in the vendor's
//! envelope.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, RawPathParams, Request};
use axum::http::{HeaderMap, HeaderName, request::Parts};
use axum::response::Response;

use crate::config::Config;
use crate::contract::{Input, Location, Operation, Problem, RawRequest, Violation};
use crate::failure::{Failure, Oversize};
use crate::registry::{Context, TaskFailed};
use crate::state::AppState;
use crate::vendor::{authenticate, render, vendor};

/// A fresh request id, in the form the vendors use (a UUID).
pub fn request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Serves the request for the compiled operation at `index`.
pub async fn serve_operation(state: &AppState, index: usize, request: Request) -> Response {
    let op = &state.contracts.operations[index];
    let rules = vendor(op.service);
    let request_id = request_id();
    let (mut parts, body) = request.into_parts();
    // Admission comes first; the admission keeps the request's place among the concurrent
    // ones until the answer leaves.
    let mut admission = match state.guard.admit(&state.config, index, op, &parts) {
        Ok(admission) => admission,
        Err(failure) => return render(op.service, &failure, &request_id),
    };
    if state.config.chaos.panic_in_handlers {
        panic!(
            "injected panic in {} (Chaos::panic_in_handlers)",
            op.operation_id
        );
    }
    // Without `--upstream` or `--replay` this is one `None` test; with them, a request that
    // passes the same checks may be answered by the vendor or a recording instead.
    let relay = state.config.upstream.as_deref();
    let mut relayed = false;
    let result = match read_body(body, &parts.headers, &state.config).await {
        // An injected failure replaces the operation; the body is still read, so that the
        // connection stays usable.
        Ok(bytes) => match admission.inject.take() {
            Some(injected) => Err(injected),
            None => match checked_input(state, op, &mut parts, &bytes).await {
                Ok(Ok(input)) => {
                    let answer = match relay {
                        Some(relay) => relay.answer(op, &parts, bytes).await,
                        None => None,
                    };
                    relayed = answer.is_some();
                    answer.unwrap_or_else(|| {
                        run(
                            state,
                            index,
                            &parts.headers,
                            &admission.preferences,
                            &input,
                            &request_id,
                        )
                    })
                }
                Ok(Err(violation)) => {
                    let answer = match relay {
                        Some(relay) => relay.answer_invalid(op, &parts, bytes, &violation).await,
                        None => None,
                    };
                    relayed = answer.is_some();
                    answer.unwrap_or(Err(Failure::Invalid(violation)))
                }
                Err(failure) => Err(failure),
            },
        },
        Err(failure) => Err(failure),
    };
    // A forwarded or replayed answer goes back as the vendor sent it.
    let forwarded = relayed && result.is_ok();
    let mut response = match result {
        Ok(response) if forwarded => response,
        Ok(response) => rules.on_success(response, &request_id),
        Err(failure) => render(op.service, &failure, &request_id),
    };
    let task_failed = response.extensions().get::<TaskFailed>().is_some();
    if !forwarded && let Some(applied) = admission.preference_applied(task_failed) {
        response
            .headers_mut()
            .insert(HeaderName::from_static("preference-applied"), applied);
    }
    if let Some(delay) = admission.delay {
        tokio::time::sleep(delay).await;
    }
    drop(admission);
    response
}

/// Runs the operation's handler on its validated input.
fn run(
    state: &AppState,
    index: usize,
    headers: &HeaderMap,
    preferences: &crate::faults::Preferences,
    input: &Input,
    request_id: &str,
) -> Result<Response, Failure> {
    let handler = state
        .handlers
        .get(index)
        .ok_or_else(|| Failure::Internal(format!("no handler for operation {index}")))?;
    let cx = Context {
        dataset: &state.dataset,
        rendered: &state.rendered,
        config: &state.config,
        headers,
        preferences,
        request_id,
    };
    handler(&cx, input)
}

/// The body, at most `config.body_limit` bytes (413 beyond, without reading a body whose
/// declared length is already too large), within the request deadline.
async fn read_body(body: Body, headers: &HeaderMap, config: &Config) -> Result<Bytes, Failure> {
    let limit = config.body_limit;
    let too_large = Failure::TooLarge {
        part: Oversize::Body,
        limit,
    };
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
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

/// The vendor's checks and the contract's, in the vendor's order: the request's form, then
/// credentials and parameters (headers first where the vendor looks them up first). The outer
/// error refuses the request; the inner one is a violation of the documents found once the
/// credentials passed, which `--forward-invalid` may still forward.
async fn checked_input(
    state: &AppState,
    op: &Operation,
    parts: &mut Parts,
    body: &[u8],
) -> Result<Result<Input, Violation>, Failure> {
    let rules = vendor(op.service);
    rules.check_form(&parts.headers, op.body.is_some())?;
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
            authenticate(op.service, rules, parts, body, &state.config.auth)
        } else {
            Ok(())
        }
    };
    if rules.headers_before_auth() {
        let validated = op.validate(raw);
        if let Err(v) = &validated
            && v.location == Location::Header
        {
            return Err(Failure::Invalid(v.clone()));
        }
        authenticate()?;
        Ok(validated)
    } else {
        authenticate()?;
        Ok(op.validate(raw))
    }
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
