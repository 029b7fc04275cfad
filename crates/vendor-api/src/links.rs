//! OpenAPI response links: how one operation's answer feeds the next (an export's task ID into
//! the operations that follow the task), so that generated clients, Swagger UI readers and
//! stateful test tools (schemathesis) can see and walk the flow.

use serde_json::Value;
use utoipa::openapi::link::LinkBuilder;
use utoipa::openapi::{OpenApi, RefOr};

use crate::operation::{Method, Operation};

/// A link from the successful answer of one operation to the next.
#[derive(Debug, Clone, Copy)]
pub struct Flow<'a> {
    /// Why the next operation follows, in our words.
    pub description: &'a str,
    /// Parameters of the next operation, qualified by location (`query.task_id`), with the
    /// runtime expression that fills each (`$response.body#/task_id`).
    pub parameters: &'a [(&'a str, &'a str)],
    /// The next operation's body, with runtime expressions as values.
    pub request_body: Option<&'a Value>,
}

/// Adds `flow` to the 200 response of `From`, as the link named after `To`.
///
/// # Panics
///
/// When `From` is not in `openapi` or has no inline 200 response: a mistake in a vendor
/// module, which the document tests catch, never a consequence of input.
pub fn add<From: Operation, To: Operation>(openapi: &mut OpenApi, flow: Flow<'_>) {
    let item = openapi
        .paths
        .paths
        .get_mut(From::PATH)
        .unwrap_or_else(|| panic!("{} is not in the document", From::ID));
    let operation = match From::METHOD {
        Method::Get => item.get.as_mut(),
        Method::Post => item.post.as_mut(),
    }
    .unwrap_or_else(|| panic!("{} has no {} operation", From::PATH, From::METHOD.as_str()));
    let Some(RefOr::T(response)) = operation.responses.responses.get_mut("200") else {
        panic!("{} has no inline 200 response", From::ID);
    };
    let mut link = LinkBuilder::new()
        .operation_id(To::ID)
        .description(flow.description)
        .request_body(flow.request_body.cloned());
    for (name, expression) in flow.parameters {
        link = link.parameter(*name, *expression);
    }
    response
        .links
        .insert(To::ID.to_owned(), RefOr::T(link.build()));
}
