//! Settings of one stub process, as the command line gives them; every field has a default
//! that suits tests and local use.

use std::time::Duration;

/// Settings of one stub process.
#[derive(Debug, Clone)]
pub struct Config {
    /// Largest request body read; larger bodies are refused in the vendor's envelope.
    pub body_limit: usize,
    /// Sizes, deadlines, concurrency and call rates (enforced by `limits`).
    pub limits: Limits,
    /// Whole-server latency and errors for client tests (see `faults`).
    pub chaos: crate::faults::Chaos,
    /// Whether credentials are only required or also verified (see `vendor`).
    pub auth: crate::vendor::Auth,
    /// Export tasks: how long they run and keep their files, the clock they are judged by, and
    /// the ledger of the tasks this process created.
    pub tasks: TaskSettings,
    /// The documents whose operations are forwarded to the vendors (`--upstream`); `None`, the
    /// default, answers every operation from the dataset.
    pub upstream: Option<std::sync::Arc<crate::upstream::Upstreams>>,
}

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

/// How the export tasks of one stub process run. A task's plan (creation time, delay,
/// retention) is sealed into its id when it is created, so changing these settings never
/// changes a task that already exists, and replicas with other settings agree on it.
#[derive(Debug, Clone)]
pub struct TaskSettings {
    /// How long a new task stays pending before it succeeds or fails (`--task-delay`).
    pub delay: std::time::Duration,
    /// How long a finished task keeps its file before it expires.
    pub retention: std::time::Duration,
    /// The clock tasks are created and judged by: the system's, or a manual one in tests.
    pub clock: stub_data::Clock,
    /// The tasks this process created or served, for listing them and for their download flag
    /// (state that a task id cannot carry). Clones of the settings share it.
    pub ledger: stub_data::TaskLedger,
}

impl Default for TaskSettings {
    fn default() -> Self {
        TaskSettings {
            delay: std::time::Duration::from_millis(stub_data::DEFAULT_TASK_DELAY_MS),
            retention: std::time::Duration::from_millis(stub_data::DEFAULT_TASK_RETENTION_MS),
            clock: stub_data::Clock::system(),
            ledger: stub_data::TaskLedger::default(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            body_limit: 1 << 20,
            limits: Limits::default(),
            chaos: crate::faults::Chaos::default(),
            auth: crate::vendor::Auth::default(),
            tasks: TaskSettings::default(),
            upstream: None,
        }
    }
}
