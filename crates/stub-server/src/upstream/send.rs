//! One exchange with an upstream over HTTP/1, in the clear or over TLS (hyper-util's pooled
//! client with hyper-rustls' connector): the request sent,
//! the answer read whole within the deadline and the size limit, and each way it can fail told
//! apart, as the drift log and the vendor's envelope need it.

use std::fmt;
use std::io;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::Response;
use drift_check::{Finding, Kind};
use http_body_util::{BodyExt, Full, Limited};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::{self, connect::HttpConnector};
use hyper_util::rt::{TokioExecutor, TokioTimer};

/// The largest answer read from an upstream. The vendors' answers are pages of a list or an
/// export workbook; anything far beyond is a fault, not an answer to hand on.
pub const MAX_ANSWER_BYTES: usize = 64 << 20;

/// Headers of the upstream's connection, not of its answer.
const CONNECTION_HEADERS: [header::HeaderName; 4] = [
    header::CONNECTION,
    header::TRANSFER_ENCODING,
    header::TRAILER,
    header::UPGRADE,
];

/// The pooled HTTP/1 client and its deadline.
#[derive(Debug)]
pub(super) struct Client {
    inner: legacy::Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    timeout: Duration,
}

/// An answer read whole.
#[derive(Debug)]
pub(super) struct Answered {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answered {
    /// The answer as handed back: the same status, headers and bytes.
    pub fn into_response(self) -> Response {
        let mut response = Response::new(Body::from(self.body));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers;
        response
    }
}

/// Why an upstream gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gone {
    /// The connection was refused or could not be made.
    Refused(String),
    /// No connection or no whole answer within the deadline.
    Timeout(Duration),
    /// The connection closed before the answer was whole.
    CutOff(String),
    /// The answer was larger than [`MAX_ANSWER_BYTES`].
    TooLarge,
    /// The TLS handshake failed (an untrusted certificate, a wrong name, no common version).
    Tls(String),
}

impl fmt::Display for Gone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Gone::Refused(why) => write!(f, "connection failed: {why}"),
            Gone::Timeout(after) => write!(f, "no answer within {} s", after.as_secs_f64()),
            Gone::CutOff(why) => write!(f, "answer cut off: {why}"),
            Gone::TooLarge => write!(f, "answer over {MAX_ANSWER_BYTES} bytes"),
            Gone::Tls(why) => write!(f, "TLS failed: {why}"),
        }
    }
}

impl Gone {
    /// The drift-log finding.
    pub fn finding(&self) -> Finding {
        let (kind, expected) = match self {
            Gone::Refused(_) => (Kind::UpstreamRefused, "a connection".to_owned()),
            Gone::Timeout(after) => (
                Kind::UpstreamTimeout,
                format!("an answer within {} s", after.as_secs_f64()),
            ),
            Gone::CutOff(_) => (Kind::UpstreamCutOff, "a whole answer".to_owned()),
            Gone::TooLarge => (
                Kind::UpstreamTooLarge,
                format!("at most {MAX_ANSWER_BYTES} bytes"),
            ),
            Gone::Tls(_) => (
                Kind::UpstreamTls,
                "a TLS connection to a certificate the roots trust".to_owned(),
            ),
        };
        Finding::new(kind, "", &expected, &self.to_string())
    }

    /// The failure the client gets, in the vendor's envelope: a gateway's 504 for a timeout,
    /// 502 otherwise. The message names the document, not the upstream's address.
    pub fn failure(&self, document: &str) -> crate::failure::Failure {
        let (status, what) = match self {
            Gone::Refused(_) => (StatusCode::BAD_GATEWAY, "could not be reached".to_owned()),
            Gone::Timeout(after) => (
                StatusCode::GATEWAY_TIMEOUT,
                format!("did not answer within {} seconds", after.as_secs_f64()),
            ),
            Gone::CutOff(_) => (
                StatusCode::BAD_GATEWAY,
                "closed the connection before its answer was complete".to_owned(),
            ),
            Gone::TooLarge => (
                StatusCode::BAD_GATEWAY,
                format!("answered with more than {MAX_ANSWER_BYTES} bytes"),
            ),
            Gone::Tls(_) => (
                StatusCode::BAD_GATEWAY,
                "could not be reached over TLS".to_owned(),
            ),
        };
        crate::failure::Failure::Upstream {
            status,
            message: format!(
                "The upstream of {document} {what}; the request was forwarded by this proxy and has no answer."
            ),
        }
    }
}

impl Client {
    /// A client that gives up connecting, and reading a whole answer, after `timeout`, and
    /// speaks TLS with `tls` to `https` upstreams.
    pub fn new(timeout: Duration, tls: rustls::ClientConfig) -> Client {
        let mut http = HttpConnector::new();
        http.set_connect_timeout(Some(timeout));
        http.set_nodelay(true);
        // The TLS connector below takes `https` URLs through this connector too.
        http.enforce_http(false);
        let connector = HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        // The timer lets the pool close connections left idle, which it cannot do without one.
        let inner = legacy::Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .build(connector);
        Client { inner, timeout }
    }

    /// Sends one request and reads its answer whole.
    pub async fn send(
        &self,
        method: Method,
        uri: Uri,
        headers: HeaderMap,
        body: Bytes,
    ) -> Result<Answered, Gone> {
        let mut request = axum::http::Request::new(Full::new(body));
        *request.method_mut() = method;
        *request.uri_mut() = uri;
        *request.headers_mut() = headers;
        let exchange = async {
            let answer = self
                .inner
                .request(request)
                .await
                .map_err(|e| classify(&e, self.timeout))?;
            let (head, body) = answer.into_parts();
            let body = Limited::new(body, MAX_ANSWER_BYTES)
                .collect()
                .await
                .map_err(|e| {
                    if e.is::<http_body_util::LengthLimitError>() {
                        Gone::TooLarge
                    } else {
                        Gone::CutOff(e.to_string())
                    }
                })?
                .to_bytes();
            let mut headers = head.headers;
            for name in &CONNECTION_HEADERS {
                headers.remove(name);
            }
            Ok(Answered {
                status: head.status,
                headers,
                body,
            })
        };
        match tokio::time::timeout(self.timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(Gone::Timeout(self.timeout)),
        }
    }
}

/// What a client error stands for: the I/O error under it when there is one (TLS, refused,
/// timed out), else a failed connection or an answer that broke off.
fn classify(error: &legacy::Error, timeout: Duration) -> Gone {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<io::Error>().map(innermost) {
            if io
                .get_ref()
                .is_some_and(|inner| inner.is::<rustls::Error>())
            {
                return Gone::Tls(io.to_string());
            }
            match io.kind() {
                io::ErrorKind::TimedOut => return Gone::Timeout(timeout),
                io::ErrorKind::ConnectionRefused => return Gone::Refused(io.to_string()),
                _ => {}
            }
        }
        source = e.source();
    }
    let why = chain(error);
    if error.is_connect() {
        Gone::Refused(why)
    } else {
        Gone::CutOff(why)
    }
}

/// The I/O error at the bottom of I/O errors wrapped in one another (hyper-rustls wraps the
/// handshake's error, itself an I/O error around rustls' own, and `source` skips both).
fn innermost(mut io: &io::Error) -> &io::Error {
    while let Some(inner) = io.get_ref().and_then(|i| i.downcast_ref::<io::Error>()) {
        io = inner;
    }
    io
}

/// An error and its sources, as one line.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        text.push_str(": ");
        text.push_str(&e.to_string());
        source = e.source();
    }
    text
}
