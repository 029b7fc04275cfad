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

use crate::config::Config;
pub use crate::config::Limits;
use crate::contract::{Contracts, Operation};
use crate::failure::{Failure, Oversize};
use crate::faults::{self, Preferences};
use crate::vendor::vendor;

const RATE_WINDOW: Duration = Duration::from_secs(1);

/// The run-time state of the limits and faults: counters and windows, shared by all requests.
#[derive(Debug)]
pub struct Guard {
    in_flight: AtomicUsize,
    max_concurrency: usize,
    /// Per operation: its calls allowed per second and the times of its last calls, when its
    /// rate is enforced.
    rates: Vec<Option<(usize, Mutex<VecDeque<Instant>>)>>,
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
    /// What the request's `Prefer` header asks for, read once here for every later step.
    pub preferences: Preferences,
    /// Whether `preferences.code` was honoured.
    code_applied: bool,
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
                let rate = vendor(op.service).calls_per_second();
                rate.filter(|_| config.limits.enforce_rate_limits)
                    .map(|rate| (rate, Mutex::new(VecDeque::with_capacity(rate))))
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
        let preferences =
            faults::parse_prefer(&parts.headers).map_err(|e| Failure::BadRequest(e.to_string()))?;
        let mut admission = Admission {
            slot: None,
            inject: None,
            delay: None,
            preferences: preferences.unwrap_or_default(),
            code_applied: false,
        };
        if admission.preferences != Preferences::default() {
            self.apply_preferences(index, op, &mut admission)?;
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
        if let Some(Some((rate, window))) = self.rates.get(index) {
            check_rate(*rate, window, op)?;
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
        admission: &mut Admission<'_>,
    ) -> Result<(), Failure> {
        let preferences = &admission.preferences;
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
            admission.code_applied = true;
        }
        admission.delay = admission.preferences.delay;
        Ok(())
    }
}

impl Admission<'_> {
    /// The `Preference-Applied` header (RFC 7240) listing every preference honoured: the
    /// admission's `code` and `delay`, and `task=fail` when the operation made its new task
    /// fail (`task_failed`). `None` when nothing was honoured, which costs no allocation.
    pub fn preference_applied(&self, task_failed: bool) -> Option<HeaderValue> {
        let code = self.preferences.code.filter(|_| self.code_applied);
        let delay = self.preferences.delay;
        if code.is_none() && delay.is_none() && !task_failed {
            return None;
        }
        let mut applied = Vec::with_capacity(3);
        applied.extend(code.map(|code| format!("code={code}")));
        if task_failed {
            applied.push(faults::TASK_FAIL.to_owned());
        }
        applied.extend(delay.map(|delay| format!("delay={}", delay.as_millis())));
        HeaderValue::from_str(&applied.join(", ")).ok()
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

/// At most `rate` calls in any one-second window; refused calls do not count.
fn check_rate(
    rate: usize,
    window: &Mutex<VecDeque<Instant>>,
    op: &Operation,
) -> Result<(), Failure> {
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
    if calls.len() >= rate {
        return Err(Failure::Throttled(format!(
            "RequestLimitExceeded: {} allows {rate} calls per second.",
            op.operation_id
        )));
    }
    calls.push_back(now);
    Ok(())
}

/// The statuses an operation can be asked for with `Prefer: code=…`, its success status
/// first, then the error statuses its vendor can render (`Vendor::injectable`).
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
    let errors = vendor(op.service).injectable(&documented);
    std::iter::once(success).chain(errors).collect()
}
