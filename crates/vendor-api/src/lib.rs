//! The five vendor operations as annotated Rust types: the single source of truth for the
//! published OpenAPI documents and for the stub server's request validation.
//!
//! Each vendor service has one module holding its request and response types, the
//! `#[utoipa::path]` declarations of its operations and an `OpenApi` derive that assembles
//! them. A documented constraint (a range, a length, an enum, a required field, a default) is
//! written once, on a type in these modules; [`document`] turns the types into the committed
//! documents, and the stub server compiles those documents into its validators.
//!
//! This crate deliberately has no web framework in it: the documents can be produced, and
//! clients can use the types, without building the server.

pub mod bounded;
pub mod codearts;
pub mod document;
pub mod enos;
pub mod error_codes;

pub mod huawei;
pub mod links;
pub mod operation;
pub mod tencent_cwp;
pub mod walk;

pub mod workspace;
pub mod xlsx;

pub use document::Service;
pub use operation::{Nothing, Operation};
