//! A local stand-in for the vendor operations: served at the vendors' own paths, validated
//! against the published documents, answering in each vendor's own envelope.
//!
//! [`router::router`] builds the whole application so that tests can drive it in process; the
//! binary in `main.rs` only parses the command line and serves it. A request runs through
//! [`pipeline`]; each vendor's rules live in [`vendor`], each operation's handler in
//! [`handlers`], registered by the operation's marker type in [`registry`].

pub mod access_log;
pub mod config;
pub mod contract;
pub mod failure;
pub mod faults;
pub mod handlers;
pub mod limits;
pub mod options;
pub mod pipeline;
pub mod registry;
pub mod rendered;
pub mod router;
pub mod serve;
pub mod state;
pub mod upstream;
pub mod vendor;
pub mod violation;

pub use config::Config;
pub use router::router;
pub use serve::serve;
pub use state::AppState;
