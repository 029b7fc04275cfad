//! In-process tests of the stub server: requests go through the router with tower's
//! `oneshot`, without a socket (except where only a connection shows the behaviour: the slow
//! and oversized requests of `hostile`, served on a loopback port).

mod boundaries;
mod exports;
mod hostile;
mod operations;
mod prefer;
mod proxy;
mod routes;
mod signatures;
mod support;
