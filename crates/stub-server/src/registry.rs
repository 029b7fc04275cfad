//! The handlers, one per operation marker ([`vendor_api::Operation`]): each is registered
//! with the marker's type, receives that operation's inputs already typed, and is matched with
//! the compiled documents at start-up, so that an operation without a handler, or a handler
//! without an operation, stops the stub before it serves anything.

use std::collections::BTreeMap;

use axum::http::HeaderMap;
use axum::response::Response;
use thiserror::Error;
use vendor_api::Operation;

use crate::config::Config;
use crate::contract::{Contracts, Input};
use crate::failure::Failure;
use crate::faults::Preferences;
use crate::rendered::Rendered;

/// What a handler may read besides its typed inputs.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The data the answers are computed from.
    pub dataset: &'a stub_data::Dataset,
    /// The dataset's records serialized once, for the list answers.
    pub rendered: &'a Rendered,
    /// The process's settings.
    pub config: &'a Config,
    /// The request's headers (e.g. `Host`, for URLs that point back at the stub).
    pub headers: &'a HeaderMap,
    /// The request's `Prefer` preferences, as admission read them.
    pub preferences: &'a Preferences,
    /// The request's id, as the vendor's envelope carries it.
    pub request_id: &'a str,
}

/// Marks an answer whose operation made its new export task fail, as `Prefer: task=fail`
/// asked; the pipeline reports it in `Preference-Applied`.
#[derive(Debug, Clone, Copy)]
pub struct TaskFailed;

/// An operation's inputs, typed by its marker.
#[derive(Debug)]
pub struct Call<Op: Operation> {
    /// The path parameters.
    pub path: Op::Path,
    /// The query parameters.
    pub query: Op::Query,
    /// The documented headers.
    pub headers: Op::Headers,
    /// The body.
    pub body: Op::Body,
}

/// What a handler answers: the vendor's success answer, or a failure for its envelope.
pub type Outcome = Result<Response, Failure>;

/// A handler of operation `Op`.
pub type Handler<Op> = fn(&Context<'_>, Call<Op>) -> Outcome;

/// A handler with its types erased, so that handlers of all operations sit in one table.
pub type Erased = Box<dyn Fn(&Context<'_>, &Input) -> Result<Response, Failure> + Send + Sync>;

/// Why the handlers and the documents do not match.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum RegistryError {
    /// A document declares an operation that no handler serves.
    #[error("the operation {0} is documented but has no handler")]
    Unhandled(String),
    /// A handler is registered for an operation no document declares.
    #[error("a handler is registered for {0}, which no document declares")]
    Undocumented(&'static str),
    /// Two handlers are registered for one operation.
    #[error("two handlers are registered for {0}")]
    Duplicate(&'static str),
}

/// The handlers by operation id, before they are matched with the documents.
#[derive(Default)]
pub struct Registry {
    handlers: BTreeMap<&'static str, Erased>,
    duplicate: Option<&'static str>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.handlers.keys()).finish()
    }
}

impl Registry {
    /// Registers the handler of operation `Op`.
    pub fn add<Op: Operation>(&mut self, handler: Handler<Op>) -> &mut Registry {
        let erased: Erased = Box::new(move |cx: &Context<'_>, input: &Input| {
            let call = Call::<Op> {
                path: input.path()?,
                query: input.query()?,
                headers: input.headers()?,
                body: input.body()?,
            };
            handler(cx, call)
        });
        if self.handlers.insert(Op::ID, erased).is_some() {
            self.duplicate.get_or_insert(Op::ID);
        }
        self
    }

    /// The operation ids with a handler.
    pub fn ids(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.handlers.keys().copied()
    }

    /// The handlers in the order of the compiled operations, one for each; an error when an
    /// operation has no handler or a handler no operation.
    pub fn bind(mut self, contracts: &Contracts) -> Result<Bound, RegistryError> {
        if let Some(id) = self.duplicate {
            return Err(RegistryError::Duplicate(id));
        }
        let bound = contracts
            .operations
            .iter()
            .map(|op| {
                self.handlers
                    .remove(op.operation_id.as_str())
                    .ok_or_else(|| RegistryError::Unhandled(op.operation_id.clone()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        match self.handlers.into_keys().next() {
            Some(id) => Err(RegistryError::Undocumented(id)),
            None => Ok(Bound(bound)),
        }
    }
}

/// The handlers bound to the compiled operations, by operation index.
pub struct Bound(Vec<Erased>);

impl Bound {
    /// The handler of the operation at `index` of the compiled operations.
    pub fn get(&self, index: usize) -> Option<&Erased> {
        self.0.get(index)
    }
}

impl std::fmt::Debug for Bound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} handlers", self.0.len())
    }
}
