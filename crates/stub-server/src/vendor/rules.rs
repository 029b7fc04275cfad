//! The one trait that holds what differs between vendors: how credentials and request forms
//! are checked and in which order, the error envelope and its codes, the statuses `Prefer:
//! code=` can inject, rate limits, and the headers that mark a stray request as the vendor's.

use std::time::SystemTime;

use axum::http::{HeaderMap, Method, header};
use axum::response::Response;
use vendor_signatures::{Credentials, Rejection, SignedRequest, Verified};

use crate::failure::Failure;

/// One vendor's rules. Each vendor's module implements it once; `vendor::vendor` picks the
/// implementation for a service.
pub trait Vendor: Sync {
    /// Whether the request carries credentials in the vendor's form (presence only).
    fn require_credentials(&self, headers: &HeaderMap) -> Result<(), Failure>;

    /// Checks the request's signature or token against the keys (`--auth verify`).
    fn verify(
        &self,
        request: &SignedRequest<'_>,
        credentials: &Credentials,
        now: SystemTime,
    ) -> Result<Verified, Rejection>;

    /// Checks the request's form before its parameters: the content type of bodies.
    fn check_form(&self, headers: &HeaderMap, has_body: bool) -> Result<(), Failure> {
        json_body(headers, has_body)
    }

    /// Whether header problems are reported before missing credentials (the vendor's gateway
    /// looks the headers up before it authenticates).
    fn headers_before_auth(&self) -> bool {
        false
    }

    /// The failure in the vendor's envelope; `request_id` goes where the vendor puts it.
    fn envelope(&self, failure: &Failure, request_id: &str) -> Response;

    /// A successful answer as the vendor sends it (e.g. with its request-id header).
    fn on_success(&self, response: Response, _request_id: &str) -> Response {
        response
    }

    /// The error statuses a `Prefer: code=…` may ask of an operation whose document lists
    /// `documented` statuses.
    fn injectable(&self, documented: &[u16]) -> Vec<u16>;

    /// The documented call rate of each operation, when the vendor documents one.
    fn calls_per_second(&self) -> Option<usize> {
        None
    }

    /// Whether a request that matches no route is this vendor's, judged from its headers.
    fn recognises(&self, _headers: &HeaderMap) -> Recognition {
        Recognition::No
    }

    /// The failure for a request of this vendor that matches no route.
    fn no_route(&self, method: Method, path: String) -> Failure {
        Failure::NoRoute { method, path }
    }

    /// Puts the upstream's credentials on a forwarded request (`--upstream`). `client` holds
    /// the client's headers, already checked; `request.headers` the headers that will be sent
    /// (without the client's `Authorization`), which a vendor whose signature covers the host
    /// signs again with its key from `keys`. By default the request goes as it is: tokens not
    /// bound to a host pass through.
    fn sign_upstream(
        &self,
        _client: &HeaderMap,
        _request: &mut Outgoing<'_>,
        _keys: &Credentials,
        _now: SystemTime,
    ) -> Result<(), Failure> {
        Ok(())
    }

    /// The request id an upstream's answer carries, for the drift log.
    fn answer_request_id(&self, _headers: &HeaderMap, _body: &[u8]) -> Option<String> {
        None
    }
}

/// A request on its way to the upstream: what a re-signing vendor signs.
#[derive(Debug)]
pub struct Outgoing<'a> {
    /// The method.
    pub method: &'a str,
    /// The upstream's path, percent-encoded as sent.
    pub path: &'a str,
    /// The query as sent, without `?`.
    pub query: &'a str,
    /// The upstream's host (and port), as the `Host` header names it.
    pub host: &'a str,
    /// The headers that will be sent.
    pub headers: HeaderMap,
    /// The body.
    pub body: &'a [u8],
}

impl Outgoing<'_> {
    /// The request as the signers read it.
    pub fn signed(&self) -> SignedRequest<'_> {
        SignedRequest {
            method: self.method,
            path: self.path,
            query: self.query,
            headers: &self.headers,
            body: self.body,
        }
    }

    /// Sets the headers a signer handed back, replacing any of the same name.
    pub fn set_all(&mut self, signed: HeaderMap) {
        for (name, value) in signed.iter() {
            self.headers.insert(name.clone(), value.clone());
        }
    }
}

/// The refusal of a signed request for a vendor whose upstream key is missing.
pub fn no_upstream_key(vendor: &str, section: &str) -> Failure {
    Failure::Unauthenticated(format!(
        "This proxy cannot sign the request again for the {vendor} upstream: \
         --upstream-credentials holds no `{section}` key, so the request was not forwarded."
    ))
}

/// The failure of a signer, which never shows a secret.
pub fn sign_failed(error: &vendor_signatures::signing::SignError) -> Failure {
    Failure::Internal(format!(
        "the request cannot be signed for the upstream: {error}"
    ))
}

/// How strongly a request's headers mark it as one vendor's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recognition {
    /// Not at all.
    No,
    /// Whatever the path: the headers decide before the served routes are looked at.
    BeforeRoutes,
    /// Unless the path lies under another vendor's served route.
    AfterRoutes,
}

/// The common form check: a body, when the operation takes one, must be JSON.
pub fn json_body(headers: &HeaderMap, has_body: bool) -> Result<(), Failure> {
    // Bodiless operations: the Huawei SDKs send `Content-Type: application/json` on GET.
    if !has_body {
        return Ok(());
    }
    match media_type(headers).as_deref() {
        None | Some("application/json") => Ok(()),
        Some(other) => Err(Failure::BadRequest(format!(
            "The request body must be JSON (Content-Type: application/json), not {other}."
        ))),
    }
}

/// The request's media type, lower-cased, without parameters.
pub fn media_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
}

/// A header's value as trimmed text, when it is text.
pub fn text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// Whether a header is present with a non-empty value.
pub fn present(headers: &HeaderMap, name: &str) -> bool {
    text(headers, name).is_some_and(|v| !v.is_empty())
}
