//! What one request may cost the stub, and the admission of each operation request: the sizes
//! of URI and headers, a deadline for the request to arrive, how many requests run at once,
//! Tencent's documented call rate, and the failures and delays a client or the operator asked
//! for. Every refusal is a [`Failure`], so it is answered in the vendor's envelope. A limit
//! that is not configured costs nothing beyond a comparison.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use vendor_api::Service;

use crate::config::Config;
use crate::contract::{Contracts, Operation};
use crate::failure::{ENOS_INJECTABLE, Failure, Oversize, TENCENT_INJECTABLE};
use crate::faults::{self, Preferences};

/// Sizes, deadlines and rates.
#[derive(Debug, Clone)]
pub struct Limits {
    /// How long a client has to send a whole request: the head (enforced by the HTTP layer,
    /// which closes the connection) and then the body (answered in the vendor's envelope).
    pub request_timeout: Duration,
    /// Longest request target (path and query) in bytes.
    pub max_uri_bytes: usize,
    /// Largest header section in bytes (names, values and 4 bytes per line).
    pub max_header_bytes: usize,
    /// Most operation requests in progress at once; 0 for no limit.
    pub max_concurrency: usize,
    /// Refuse Tencent calls beyond the documented rate of each action.
    pub enforce_rate_limits: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            request_timeout: Duration::from_secs(10),
            // Below hyper's own ceiling (64 KiB), so that the stub, not the HTTP layer, answers.
            max_uri_bytes: 32 * 1024,
            // Room for CodeArts' documented 100,000-character X-Auth-Token, and below hyper's
            // read buffer (about 400 KiB), so that the stub answers.
            max_header_bytes: 128 * 1024,
            max_concurrency: 1024,
            enforce_rate_limits: false,
        }
    }
}

/// Tencent documents a limit of 20 calls per second for each of the stub's actions.
pub const TENCENT_CALLS_PER_SECOND: usize = 20;
const RATE_WINDOW: Duration = Duration::from_secs(1);

/// The run-time state of the limits and faults: counters and windows, shared by all requests.
#[derive(Debug)]
pub struct Guard {
    in_flight: AtomicUsize,
    max_concurrency: usize,
    /// Per operation: the times of its last calls, when its rate is enforced.
    rates: Vec<Option<Mutex<VecDeque<Instant>>>>,
    /// Per operation: the statuses `Prefer: code=…` may ask for, success first.
    injectable: Vec<Vec<u16>>,
    /// Requests that drew from the chaos sequence so far.
    draws: AtomicU64,
}

/// A request that was let in: it holds its place among the concurrent requests until dropped,
/// and carries what was asked of it.
#[derive(Debug)]
pub struct Admission<'a> {
    slot: Option<&'a AtomicUsize>,
    /// A failure to answer instead of running the operation.
    pub inject: Option<Failure>,
    /// How long to hold the answer back.
    pub delay: Option<Duration>,
    /// The `Preference-Applied` header to send, when a preference was honoured.
    pub applied: Option<HeaderValue>,
}

impl Drop for Admission<'_> {
    fn drop(&mut self) {
        if let Some(slot) = self.slot {
            slot.fetch_sub(1, Ordering::Release);
        }
    }
}

impl Guard {
    /// The state for these operations and settings.
    pub fn new(contracts: &Contracts, config: &Config) -> Guard {
        let rates = contracts
            .operations
            .iter()
            .map(|op| {
                (config.limits.enforce_rate_limits && op.service == Service::TencentCwp)
                    .then(|| Mutex::new(VecDeque::with_capacity(TENCENT_CALLS_PER_SECOND)))
            })
            .collect();
        let injectable = contracts
            .operations
            .iter()
            .map(|op| injectable_statuses(contracts, op))
            .collect();
        Guard {
            in_flight: AtomicUsize::new(0),
            max_concurrency: config.limits.max_concurrency,
            rates,
            injectable,
            draws: AtomicU64::new(0),
        }
    }

    /// Lets a request for operation `index` in, or says why not. Checks, in order: sizes, the
    /// `Prefer` header, concurrency, the call rate; then draws the operator's chaos.
    pub fn admit(
        &self,
        config: &Config,
        index: usize,
        op: &Operation,
        parts: &Parts,
    ) -> Result<Admission<'_>, Failure> {
        check_sizes(&config.limits, parts)?;
        let preferences = faults::parse_prefer(&parts.headers).map_err(Failure::BadRequest)?;
        let mut admission = Admission {
            slot: None,
            inject: None,
            delay: None,
            applied: None,
        };
        if let Some(preferences) = &preferences {
            self.apply_preferences(index, op, preferences, &mut admission)?;
        }
        if self.max_concurrency > 0 {
            let before = self.in_flight.fetch_add(1, Ordering::Acquire);
            // From here on, dropping the admission gives the place back.
            admission.slot = Some(&self.in_flight);
            if before >= self.max_concurrency {
                return Err(Failure::Throttled(format!(
                    "Too many requests: this server handles at most {} requests at once.",
                    self.max_concurrency
                )));
            }
        }
        if let Some(Some(window)) = self.rates.get(index) {
            check_rate(window, op)?;
        }
        if config.chaos.is_active() {
            let n = self.draws.fetch_add(1, Ordering::Relaxed);
            let draw = config.chaos.draw(n);
            if draw.fail && admission.inject.is_none() {
                admission.inject = Some(Failure::Injected {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    cause: "the server's --error-rate setting".into(),
                });
            }
            admission.delay = match (admission.delay, draw.delay) {
                (Some(a), Some(b)) => Some(a + b),
                (a, b) => a.or(b),
            };
        }
        Ok(admission)
    }

    fn apply_preferences(
        &self,
        index: usize,
        op: &Operation,
        preferences: &Preferences,
        admission: &mut Admission<'_>,
    ) -> Result<(), Failure> {
        let mut applied = Vec::new();
        if let Some(code) = preferences.code {
            let allowed = self.injectable.get(index).map_or(&[][..], Vec::as_slice);
            if !allowed.contains(&code) {
                let list: Vec<String> = allowed.iter().map(u16::to_string).collect();
                return Err(Failure::BadRequest(format!(
                    "Prefer: code={code} is not a status {} can answer with; choose one of {}.",
                    op.operation_id,
                    list.join(", ")
                )));
            }
            // The first entry is the success status: the operation simply runs.
            if allowed.first() != Some(&code) {
                let status = StatusCode::from_u16(code).map_err(|_| {
                    Failure::BadRequest(format!("Prefer: code={code} is not an HTTP status."))
                })?;
                admission.inject = Some(Failure::Injected {
                    status,
                    cause: format!("the request's Prefer header (code={code})"),
                });
            }
            applied.push(format!("code={code}"));
        }
        if let Some(delay) = preferences.delay {
            admission.delay = Some(delay);
            applied.push(format!("delay={}", delay.as_millis()));
        }
        if !applied.is_empty() {
            admission.applied = HeaderValue::from_str(&applied.join(", ")).ok();
        }
        Ok(())
    }
}

/// Refuses request targets and header sections over the limits.
pub fn check_sizes(limits: &Limits, parts: &Parts) -> Result<(), Failure> {
    let uri = parts.uri.path_and_query().map_or(0, |pq| pq.as_str().len());
    if uri > limits.max_uri_bytes {
        return Err(Failure::TooLarge {
            part: Oversize::Uri,
            limit: limits.max_uri_bytes,
        });
    }
    let headers: usize = parts
        .headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if headers > limits.max_header_bytes {
        return Err(Failure::TooLarge {
            part: Oversize::Headers,
            limit: limits.max_header_bytes,
        });
    }
    Ok(())
}

/// At most [`TENCENT_CALLS_PER_SECOND`] calls in any one-second window; refused calls do not
/// count.
fn check_rate(window: &Mutex<VecDeque<Instant>>, op: &Operation) -> Result<(), Failure> {
    let now = Instant::now();
    // A poisoned lock only means another request panicked while holding it; the times in it
    // are still times.
    let mut calls = window
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    while calls
        .front()
        .is_some_and(|t| now.duration_since(*t) >= RATE_WINDOW)
    {
        calls.pop_front();
    }
    if calls.len() >= TENCENT_CALLS_PER_SECOND {
        return Err(Failure::Throttled(format!(
            "RequestLimitExceeded: {} allows {TENCENT_CALLS_PER_SECOND} calls per second.",
            op.operation_id
        )));
    }
    calls.push_back(now);
    Ok(())
}

/// The statuses an operation can be asked for with `Prefer: code=…`, its success status
/// first: for Huawei, the statuses its document lists; for Tencent and EnOS, whose every
/// answer is HTTP 200, the statuses their error codes stand for (see `failure`).
fn injectable_statuses(contracts: &Contracts, op: &Operation) -> Vec<u16> {
    let documented: Vec<u16> = contracts
        .documents
        .get(&op.service)
        .and_then(|d| {
            d["paths"][op.path.as_str()][op.method.as_str().to_ascii_lowercase()]["responses"]
                .as_object()
        })
        .map(|responses| responses.keys().filter_map(|k| k.parse().ok()).collect())
        .unwrap_or_default();
    let success = documented
        .iter()
        .copied()
        .find(|s| (200..300).contains(s))
        .unwrap_or(200);
    let errors: Vec<u16> = match op.service {
        Service::TencentCwp => TENCENT_INJECTABLE.to_vec(),
        Service::EnosAppPortal => ENOS_INJECTABLE.to_vec(),
        Service::HuaweiWorkspace | Service::HuaweiCodeartsRepo => {
            documented.iter().copied().filter(|s| *s >= 400).collect()
        }
    };
    std::iter::once(success).chain(errors).collect()
}
