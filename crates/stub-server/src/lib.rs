//! A local stand-in for the five vendor operations: served at the vendors' own paths,
//! validated against the published documents, answering in each vendor's own envelope.
//!
//! [`app::router`] builds the whole application so that tests can drive it in process; the
//! binary in `main.rs` only parses the command line and serves it.

pub mod access_log;
pub mod app;
pub mod config;
pub mod contract;
pub mod failure;
pub mod faults;
pub mod handlers;
pub mod limits;
pub mod options;
pub mod rendered;
pub mod serve;
pub mod vendor;

pub use app::{AppState, router};
pub use config::Config;
pub use serve::serve;
