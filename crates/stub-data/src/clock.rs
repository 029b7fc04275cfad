//! The clock export tasks are judged by: the system's, or a manual one that tests set and
//! advance, so that a task's whole life can be checked without waiting for it.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch, from the system or from a manual clock. Clones of a
/// manual clock share its time.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    manual: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock that stands at `start_ms` until [`Clock::advance`] or [`Clock::set`] moves it.
    pub fn manual(start_ms: i64) -> Clock {
        Clock {
            manual: Some(Arc::new(AtomicI64::new(start_ms))),
        }
    }

    /// The current time, in milliseconds since the Unix epoch (0 for a system clock set
    /// before 1970).
    pub fn now_ms(&self) -> i64 {
        match &self.manual {
            Some(ms) => ms.load(Ordering::SeqCst),
            None => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
        }
    }

    /// Moves a manual clock forward by `ms`; the system clock ignores it.
    pub fn advance(&self, ms: i64) {
        if let Some(clock) = &self.manual {
            clock.fetch_add(ms, Ordering::SeqCst);
        }
    }

    /// Sets a manual clock to `ms`; the system clock ignores it.
    pub fn set(&self, ms: i64) {
        if let Some(clock) = &self.manual {
            clock.store(ms, Ordering::SeqCst);
        }
    }

    /// Whether this is a manual clock.
    pub fn is_manual(&self) -> bool {
        self.manual.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told_and_clones_share_it() {
        let clock = Clock::manual(1_000);
        let clone = clock.clone();
        assert_eq!(clock.now_ms(), 1_000);
        clone.advance(250);
        assert_eq!(clock.now_ms(), 1_250);
        clock.set(5);
        assert_eq!(clone.now_ms(), 5);
    }

    #[test]
    fn the_system_clock_is_after_2025() {
        // 2025-01-01T00:00:00Z.
        assert!(Clock::system().now_ms() > 1_735_689_600_000);
        assert!(!Clock::system().is_manual());
    }
}
