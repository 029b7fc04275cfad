//! The life of an export task, as a function of its plan and the clock alone, and the ledger of
//! the tasks one stub process created (for listing them and remembering downloads).
//!
//! A task is created at `created_ms`, runs for `delay_ms`, then has succeeded (or failed, when
//! a fault was injected at creation) and keeps its file for `retention_ms`, after which it has
//! expired. The plan travels inside the task id (see `ids`), so every replica that reads the
//! id and the same clock reports the same state.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

/// How long a new task runs by default, in milliseconds: short, but long enough that a client
/// must poll at least once.
pub const DEFAULT_TASK_DELAY_MS: u64 = 500;
/// How long a finished task's file is kept by default: 7 days, in milliseconds. The vendors
/// publish no retention; see DECISIONS.md.
pub const DEFAULT_TASK_RETENTION_MS: u64 = 7 * 24 * 60 * 60 * 1000;

/// How one export task runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskPlan {
    /// When the task was created, in milliseconds since the Unix epoch (kept to 48 bits).
    pub created_ms: i64,
    /// How long the task runs before it succeeds or fails.
    pub delay_ms: u64,
    /// How long a successful task keeps its file once it has ended.
    pub retention_ms: u64,
    /// Whether the task ends in failure (a fault injected when it was created).
    pub fail: bool,
}

/// Where a task is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskPhase {
    /// Still writing its file.
    Running,
    /// The file can be downloaded.
    Succeeded,
    /// The task failed; there is no file.
    Failed,
    /// The file was kept for the retention period and is gone.
    Expired,
}

impl TaskPlan {
    /// A plan for a task created now with these settings.
    pub fn new(created_ms: i64, delay_ms: u64, retention_ms: u64, fail: bool) -> TaskPlan {
        TaskPlan {
            created_ms,
            delay_ms,
            retention_ms,
            fail,
        }
    }

    /// When the task ends (succeeds or fails), in milliseconds since the Unix epoch.
    pub fn ends_ms(&self) -> i64 {
        self.created_ms
            .saturating_add(i64::try_from(self.delay_ms).unwrap_or(i64::MAX))
    }

    /// When a successful task's file expires.
    pub fn expires_ms(&self) -> i64 {
        self.ends_ms()
            .saturating_add(i64::try_from(self.retention_ms).unwrap_or(i64::MAX))
    }

    /// The task's phase at `now_ms`. A clock behind the creation time (another replica's)
    /// sees the task running. A failed task stays failed: only files expire.
    pub fn phase(&self, now_ms: i64) -> TaskPhase {
        if now_ms < self.ends_ms() {
            TaskPhase::Running
        } else if self.fail {
            TaskPhase::Failed
        } else if now_ms < self.expires_ms() {
            TaskPhase::Succeeded
        } else {
            TaskPhase::Expired
        }
    }
}

/// One remembered task.
#[derive(Debug, Clone)]
struct Entry {
    scope: String,
    downloaded: bool,
}

#[derive(Debug, Default)]
struct Ledger {
    /// Task ids, oldest first, for eviction.
    order: VecDeque<String>,
    entries: HashMap<String, Entry>,
}

/// The task ids one stub process has created or served, per scope (a Workspace project), and
/// whether their file was downloaded: what a task id cannot say by itself. It holds at most
/// [`TaskLedger::CAPACITY`] tasks, forgetting the oldest first; clones share it.
#[derive(Debug, Clone, Default)]
pub struct TaskLedger {
    inner: Arc<Mutex<Ledger>>,
}

impl TaskLedger {
    /// How many tasks the ledger remembers.
    pub const CAPACITY: usize = 10_000;

    fn lock(&self) -> MutexGuard<'_, Ledger> {
        // A panic while the lock was held cannot leave the ledger half-updated in a way that
        // matters (every update is one insert or flag), so a poisoned lock is used as is.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Remembers a task of `scope`; remembering it again changes nothing.
    pub fn record(&self, scope: &str, task_id: &str) {
        let mut ledger = self.lock();
        if ledger.entries.contains_key(task_id) {
            return;
        }
        while ledger.order.len() >= Self::CAPACITY {
            if let Some(oldest) = ledger.order.pop_front() {
                ledger.entries.remove(&oldest);
            }
        }
        ledger.order.push_back(task_id.to_owned());
        ledger.entries.insert(
            task_id.to_owned(),
            Entry {
                scope: scope.to_owned(),
                downloaded: false,
            },
        );
    }

    /// Notes that the task's file was downloaded (remembering the task first if needed).
    pub fn mark_downloaded(&self, scope: &str, task_id: &str) {
        self.record(scope, task_id);
        if let Some(entry) = self.lock().entries.get_mut(task_id) {
            entry.downloaded = true;
        }
    }

    /// Whether the task's file was downloaded from this process.
    pub fn downloaded(&self, task_id: &str) -> bool {
        self.lock()
            .entries
            .get(task_id)
            .is_some_and(|entry| entry.downloaded)
    }

    /// The remembered tasks of `scope`, oldest first, with their download flag.
    pub fn tasks(&self, scope: &str) -> Vec<(String, bool)> {
        let ledger = self.lock();
        ledger
            .order
            .iter()
            .filter_map(|id| {
                let entry = ledger.entries.get(id)?;
                (entry.scope == scope).then(|| (id.clone(), entry.downloaded))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_runs_then_succeeds_then_expires() {
        let plan = TaskPlan::new(1_000, 500, 10_000, false);
        assert_eq!(plan.phase(0), TaskPhase::Running, "clock behind creation");
        assert_eq!(plan.phase(1_000), TaskPhase::Running);
        assert_eq!(plan.phase(1_499), TaskPhase::Running);
        assert_eq!(plan.phase(1_500), TaskPhase::Succeeded);
        assert_eq!(plan.phase(11_499), TaskPhase::Succeeded);
        assert_eq!(plan.phase(11_500), TaskPhase::Expired);
    }

    #[test]
    fn a_failing_task_fails_when_it_ends_and_stays_failed() {
        let plan = TaskPlan::new(1_000, 500, 10_000, true);
        assert_eq!(plan.phase(1_499), TaskPhase::Running);
        assert_eq!(plan.phase(1_500), TaskPhase::Failed);
        assert_eq!(plan.phase(i64::MAX), TaskPhase::Failed);
    }

    #[test]
    fn huge_delays_saturate_instead_of_overflowing() {
        let plan = TaskPlan::new(i64::MAX - 1, u64::MAX, u64::MAX, false);
        assert_eq!(plan.ends_ms(), i64::MAX);
        assert_eq!(plan.phase(i64::MAX - 1), TaskPhase::Running);
    }

    #[test]
    fn the_ledger_keeps_scopes_apart_and_forgets_the_oldest() {
        let ledger = TaskLedger::default();
        ledger.record("p1", "a");
        ledger.record("p2", "b");
        ledger.record("p1", "a");
        ledger.mark_downloaded("p1", "c");
        assert_eq!(
            ledger.tasks("p1"),
            vec![("a".to_owned(), false), ("c".to_owned(), true)]
        );
        assert!(ledger.downloaded("c") && !ledger.downloaded("a"));
        for i in 0..TaskLedger::CAPACITY {
            ledger.record("p3", &i.to_string());
        }
        assert!(ledger.tasks("p1").is_empty(), "the oldest are forgotten");
        assert_eq!(ledger.tasks("p3").len(), TaskLedger::CAPACITY);
    }
}
