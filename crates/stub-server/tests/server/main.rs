//! In-process tests of the stub server: requests go through the router with tower's
//! `oneshot`, without a socket.

mod routes;
mod support;
