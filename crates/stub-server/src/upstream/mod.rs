//! The validating proxy (`--upstream DOC=URL`, issue 16): the operations of the named documents
//! are forwarded to the vendor once the request has passed the stub's own checks, signed again
//! with the upstream's keys where the vendor's signature covers the host, and the vendor's
//! answer goes back unchanged; every answer is also held against the documents and what differs
//! is written to the drift log (`--drift-log`), which never changes the answer.

pub mod record;
mod send;

use std::collections::{BTreeMap, HashMap};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use axum::body::Bytes;
use axum::http::request::Parts;
use axum::http::uri::{Authority, PathAndQuery, Scheme};
use axum::http::{HeaderName, HeaderValue, Uri, header};
use axum::response::Response;
use drift_check::{Answer, Checker, Direction, DriftLine, DriftWriter, Exchange, Finding, Kind};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use vendor_api::Service;
use vendor_signatures::Credentials;

use crate::contract::{Operation, Violation};
use crate::failure::Failure;
use crate::vendor::{Outgoing, vendor};

pub use send::Gone;

/// Why the proxy's settings cannot be used; reported before the stub listens.
#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    /// An `--upstream` value that is not `DOC=URL`.
    #[error("{0:?} is not DOC=URL, e.g. huawei-codearts-repo=http://127.0.0.1:9000")]
    Form(String),
    /// `DOC` names no published document.
    #[error("no document is named {name:?}; the documents are {known}")]
    UnknownDocument {
        /// The name given.
        name: String,
        /// The names there are.
        known: String,
    },
    /// `--upstream-timeout 0`.
    #[error("--upstream-timeout must be at least 1 second")]
    ZeroTimeout,
    /// One document given two upstreams.
    #[error("--upstream names {0} twice")]
    Twice(&'static str),
    /// A URL that cannot be an upstream.
    #[error("{url:?} cannot be an upstream: {why}")]
    Url {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// The credentials file cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The reason.
        source: std::io::Error,
    },
    /// The credentials file is not one.
    #[error("{path} is not a credentials file: {source}")]
    Credentials {
        /// The file.
        path: PathBuf,
        /// The reason.
        source: vendor_signatures::CredentialsError,
    },
    /// `--upstream-ca` cannot be read or holds no usable certificate.
    #[error("--upstream-ca {path}: {why}")]
    Ca {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        why: String,
    },
    /// `--replay` cannot be read.
    #[error("--replay: {path}: {why}")]
    Replay {
        /// The directory or file.
        path: PathBuf,
        /// What is wrong.
        why: String,
    },
    /// TLS cannot be set up with the `ring` provider.
    #[error("TLS cannot be set up: {0}")]
    Tls(String),
    /// The drift log cannot be opened for appending.
    #[error("cannot open the drift log {path}: {source}")]
    Log {
        /// The file.
        path: PathBuf,
        /// The reason.
        source: std::io::Error,
    },
    /// A document's responses cannot be compiled for the answer checks.
    #[error("the answers of {document} cannot be checked: {source}")]
    Checker {
        /// The document.
        document: &'static str,
        /// The reason.
        source: drift_check::CheckError,
    },
}

/// One `--upstream DOC=URL`: a document and the base URL its operations are forwarded to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    /// The document whose operations are forwarded.
    pub service: Service,
    scheme: Scheme,
    authority: Authority,
    /// The base URL's path without its final `/`, put before every forwarded path.
    prefix: String,
}

impl Base {
    /// Reads `DOC=URL`; URL is an `http` or `https` base URL.
    pub fn parse(text: &str) -> Result<Base, UpstreamError> {
        let (name, url) = text
            .split_once('=')
            .ok_or_else(|| UpstreamError::Form(text.to_owned()))?;
        let service = Service::ALL
            .into_iter()
            .find(|s| s.name() == name.trim())
            .ok_or_else(|| UpstreamError::UnknownDocument {
                name: name.to_owned(),
                known: Service::ALL.map(Service::name).join(", "),
            })?;
        let bad = |why| UpstreamError::Url {
            url: url.to_owned(),
            why,
        };
        let uri: Uri = url.trim().parse().map_err(|_| bad("it is not a URL"))?;
        let scheme = uri
            .scheme()
            .cloned()
            .ok_or_else(|| bad("it has no scheme"))?;
        if scheme != Scheme::HTTP && scheme != Scheme::HTTPS {
            return Err(bad("only http:// and https:// upstreams are served"));
        }
        let authority = uri
            .authority()
            .cloned()
            .ok_or_else(|| bad("it has no host"))?;
        if uri.query().is_some() {
            return Err(bad("a base URL takes no query"));
        }
        Ok(Base {
            service,
            scheme,
            authority,
            prefix: uri.path().trim_end_matches('/').to_owned(),
        })
    }
}

/// The proxy's settings, as the command line gives them.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where each forwarded document goes.
    pub bases: Vec<Base>,
    /// Bound on connecting, and on the whole answer once connected.
    pub timeout: Duration,
    /// The keys requests are signed with again for the upstream (`--upstream-credentials`).
    pub keys: Credentials,
    /// Where findings are appended (`--drift-log`).
    pub drift_log: Option<PathBuf>,
    /// PEM roots trusted besides the system's (`--upstream-ca`).
    pub ca: Option<PathBuf>,
    /// Where each forwarded exchange is written, redacted (`--record`).
    pub record: Option<PathBuf>,
    /// Where recorded exchanges are answered from (`--replay`).
    pub replay: Option<PathBuf>,
    /// Forward requests that break the documents too, to see what the vendor answers
    /// (`--forward-invalid`).
    pub forward_invalid: bool,
}

impl Settings {
    /// The upstream keys of a credentials file (the `--credentials` format).
    pub fn read_keys(path: &std::path::Path) -> Result<Credentials, UpstreamError> {
        let text = std::fs::read_to_string(path).map_err(|source| UpstreamError::Read {
            path: path.to_owned(),
            source,
        })?;
        Credentials::from_json(&text).map_err(|source| UpstreamError::Credentials {
            path: path.to_owned(),
            source,
        })
    }
}

/// The forwarded documents, the HTTP client, the upstream keys and the drift log.
#[derive(Debug)]
pub struct Upstreams {
    targets: BTreeMap<Service, Target>,
    client: send::Client,
    keys: Credentials,
    log: Option<Mutex<DriftWriter<File>>>,
    record: Option<PathBuf>,
    /// Recorded answers by request key (`record::key`); empty without `--replay`.
    replay: HashMap<String, record::Replayed>,
    forward_invalid: bool,
}

/// The key a request's exchange is recorded and replayed under.
fn request_key(parts: &Parts, body: &[u8]) -> String {
    record::key(
        parts.method.as_str(),
        parts.uri.path(),
        parts.uri.query().unwrap_or(""),
        body,
    )
}

/// The TLS settings for `https` upstreams: the system's roots (those it cannot parse are
/// skipped, as other clients skip them), the PEM certificates of `ca`, and rustls' safe
/// defaults on the `ring` provider.
fn tls(ca: Option<&Path>) -> Result<rustls::ClientConfig, UpstreamError> {
    let mut roots = rustls::RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    roots.add_parsable_certificates(native.certs);
    if let Some(path) = ca {
        let bad = |why: String| UpstreamError::Ca {
            path: path.to_owned(),
            why,
        };
        let certs = CertificateDer::pem_file_iter(path)
            .and_then(Iterator::collect::<Result<Vec<_>, _>>)
            .map_err(|e| bad(e.to_string()))?;
        if certs.is_empty() {
            return Err(bad("it holds no PEM certificate".into()));
        }
        for cert in certs {
            roots.add(cert).map_err(|e| bad(e.to_string()))?;
        }
    }
    Ok(rustls::ClientConfig::builder_with_provider(ring_provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| UpstreamError::Tls(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// rustls on `ring`. rustls 0.23.48 deprecates this provider because it has no post-quantum
/// key exchange; its alternative, aws-lc-rs, needs cmake and a much longer build, and the
/// upstreams (the vendors' gateways) are reached with classical key exchange anyway.
#[allow(deprecated)]
pub fn ring_provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// One forwarded document: where it goes and its answers' checker.
#[derive(Debug)]
pub struct Target {
    base: Base,
    host: HeaderValue,
    checker: Checker,
}

/// Headers that belong to one connection (RFC 9110 §7.6.1) or that the client library sets
/// itself, plus the client's `Authorization`, which is checked here and never sent on.
const NOT_FORWARDED: [HeaderName; 9] = [
    header::AUTHORIZATION,
    header::HOST,
    header::CONTENT_LENGTH,
    header::CONNECTION,
    header::TE,
    header::TRAILER,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
    header::PROXY_AUTHORIZATION,
];

impl Upstreams {
    /// Compiles the checkers of the forwarded documents and opens the drift log.
    pub fn new(settings: Settings) -> Result<Upstreams, UpstreamError> {
        let mut targets = BTreeMap::new();
        for base in settings.bases {
            let service = base.service;
            let checker =
                Checker::for_service(service).map_err(|source| UpstreamError::Checker {
                    document: service.name(),
                    source,
                })?;
            let host =
                HeaderValue::from_str(base.authority.as_str()).map_err(|_| UpstreamError::Url {
                    url: base.authority.to_string(),
                    why: "its host cannot be a Host header",
                })?;
            let target = Target {
                base,
                host,
                checker,
            };
            if targets.insert(service, target).is_some() {
                return Err(UpstreamError::Twice(service.name()));
            }
        }
        let log = match settings.drift_log {
            Some(path) => {
                let file = OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&path)
                    .map_err(|source| UpstreamError::Log { path, source })?;
                Some(Mutex::new(DriftWriter::new(file)))
            }
            None => None,
        };
        let replay = match &settings.replay {
            Some(dir) => {
                record::load(dir).map_err(|(path, why)| UpstreamError::Replay { path, why })?
            }
            None => HashMap::new(),
        };
        Ok(Upstreams {
            targets,
            client: send::Client::new(settings.timeout, tls(settings.ca.as_deref())?),
            keys: settings.keys,
            log,
            record: settings.record,
            replay,
            forward_invalid: settings.forward_invalid,
        })
    }

    /// Whether any upstream key is held (the start-up warning for exposed listeners).
    pub fn holds_keys(&self) -> bool {
        let keys = &self.keys;
        !(keys.huawei.is_empty() && keys.tencent.is_empty() && keys.enos.is_empty())
    }

    /// Where `op` is forwarded, when its document has an upstream and documents it (the
    /// stub's own routes, such as its download URL, are always answered here).
    pub fn target(&self, op: &Operation) -> Option<&Target> {
        self.targets
            .get(&op.service)
            .filter(|t| t.checker.documents(&op.operation_id))
    }

    /// The answer to a request that passed the stub's checks when it is not the dataset's: a
    /// recorded one (`--replay`) for the same method, path, query and body, else the vendor's
    /// for a forwarded document; `None` leaves the request to the stub's handler.
    pub async fn answer(
        &self,
        op: &Operation,
        parts: &Parts,
        body: Bytes,
    ) -> Option<Result<Response, Failure>> {
        if !self.replay.is_empty() {
            let key = request_key(parts, &body);
            if let Some(recorded) = self.replay.get(&key) {
                return Some(Ok(recorded.response()));
            }
        }
        let target = self.target(op)?;
        Some(self.forward(target, op, parts, body, None).await)
    }

    /// With `--forward-invalid`, the vendor's answer to a request of a forwarded document that
    /// passed the credential checks but breaks the documents (`violation`, logged as a
    /// `request_invalid` finding); `None` leaves the refusal to the stub.
    pub async fn answer_invalid(
        &self,
        op: &Operation,
        parts: &Parts,
        body: Bytes,
        violation: &Violation,
    ) -> Option<Result<Response, Failure>> {
        if !self.forward_invalid {
            return None;
        }
        let target = self.target(op)?;
        Some(self.forward(target, op, parts, body, Some(violation)).await)
    }

    /// Forwards a request that passed the stub's checks (or broke the documents in
    /// `violation`, forwarded on purpose) and hands the answer back unchanged; the answer is
    /// checked and its findings logged on the way. A request that cannot be signed, and an
    /// upstream that gives no answer, end in a [`Failure`] for the envelope.
    async fn forward(
        &self,
        target: &Target,
        op: &Operation,
        parts: &Parts,
        body: Bytes,
        violation: Option<&Violation>,
    ) -> Result<Response, Failure> {
        let asked = violation.map(|v| {
            Finding::new(
                Kind::RequestInvalid,
                "",
                &v.message(),
                v.value.as_deref().unwrap_or_default(),
            )
        });
        let rules = vendor(op.service);
        let path = format!("{}{}", target.base.prefix, parts.uri.path());
        let query = parts.uri.query().unwrap_or("");
        let mut headers = parts.headers.clone();
        for name in &NOT_FORWARDED {
            headers.remove(name);
        }
        headers.insert(header::HOST, target.host.clone());
        let mut outgoing = Outgoing {
            method: parts.method.as_str(),
            path: &path,
            query,
            host: target.base.authority.as_str(),
            headers,
            body: &body,
        };
        rules.sign_upstream(&parts.headers, &mut outgoing, &self.keys, SystemTime::now())?;
        let headers = outgoing.headers;
        let target_path = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        let uri = PathAndQuery::try_from(target_path)
            .ok()
            .and_then(|pq| {
                Uri::builder()
                    .scheme(target.base.scheme.clone())
                    .authority(target.base.authority.clone())
                    .path_and_query(pq)
                    .build()
                    .ok()
            })
            .ok_or_else(|| Failure::Internal("the upstream URL cannot be built".into()))?;
        let key = self.record.as_ref().map(|_| request_key(parts, &body));
        match self
            .client
            .send(parts.method.clone(), uri, headers, body)
            .await
        {
            Ok(answer) => {
                if let (Some(dir), Some(key)) = (&self.record, key) {
                    let request = (parts.method.as_str(), parts.uri.path(), query);
                    if let Err(e) = record::write(
                        dir,
                        &key,
                        request,
                        answer.status,
                        &answer.headers,
                        &answer.body,
                    ) {
                        tracing::warn!(error = %e, "cannot record the exchange");
                    }
                }
                let request_id = rules.answer_request_id(&answer.headers, &answer.body);
                let checked = Answer {
                    status: answer.status.as_u16(),
                    headers: &answer.headers,
                    body: &answer.body,
                };
                let findings = target
                    .checker
                    .check(&op.operation_id, &checked)
                    .unwrap_or_else(|e| {
                        tracing::warn!(error = %e, "the answer could not be checked");
                        Vec::new()
                    });
                let exchange = (Some(checked.status), request_id.as_deref());
                self.record(op, exchange, asked.as_ref(), &findings);
                Ok(answer.into_response())
            }
            Err(gone) => {
                tracing::warn!(document = op.service.name(), operation = %op.operation_id, %gone, "the upstream gave no answer");
                self.record(op, (None, None), asked.as_ref(), &[gone.finding()]);
                Err(gone.failure(op.service.name()))
            }
        }
    }

    /// Writes one `call` line, the request's finding (`--forward-invalid`) and a line per
    /// finding of the answer (its status and request id in `answer`) to the drift log, when
    /// there is one.
    fn record(
        &self,
        op: &Operation,
        answer: (Option<u16>, Option<&str>),
        asked: Option<&Finding>,
        findings: &[Finding],
    ) {
        let (status, request_id) = answer;
        if !findings.is_empty() {
            tracing::info!(
                document = op.service.name(),
                operation = %op.operation_id,
                findings = findings.len(),
                "the upstream's answer differs from the document"
            );
        }
        let Some(log) = &self.log else { return };
        let exchange = Exchange {
            time: drift_check::rfc3339(SystemTime::now()),
            document: op.service.name(),
            operation_id: &op.operation_id,
            status,
            request_id,
        };
        let call = Finding::new(Kind::Call, "", "", "");
        let lines = std::iter::once((Direction::Response, &call))
            .chain(asked.map(|f| (Direction::Request, f)))
            .chain(findings.iter().map(|f| (Direction::Response, f)));
        // A poisoned lock only means another request panicked while writing; the file is
        // still an append-only log.
        let mut writer = log.lock().unwrap_or_else(PoisonError::into_inner);
        for (direction, finding) in lines {
            let line = DriftLine::of_finding(&exchange, direction, finding);
            if let Err(e) = writer.write(&line) {
                tracing::warn!(error = %e, "cannot write the drift log");
                return;
            }
        }
    }
}
