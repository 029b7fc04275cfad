//! In-process tests of the stub server: requests go through the router with tower's
//! `oneshot`, without a socket.

mod boundaries;
mod operations;
mod routes;
mod support;
