//! One classified change, where it sits, and the list the comparison fills.

use super::rules::{Class, Direction, Rule};

/// One classified change.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// The document's name, e.g. `huawei-codearts-repo`.
    pub document: String,
    /// The operationId (or method and path), `(document)` for document-wide parts.
    pub operation: String,
    /// The parameter, body or response part, with a JSON pointer into its schema.
    pub location: String,
    /// Which way the changed part travels.
    pub direction: Direction,
    /// The rule that classified it.
    pub rule: Rule,
    /// The rule's class.
    pub class: Class,
    /// What changed, e.g. `maximum 100 → 50`.
    pub detail: String,
}

/// The changes found so far, for the document being compared.
#[derive(Debug, Default)]
pub struct Changes {
    document: String,
    list: Vec<Change>,
}

impl Changes {
    /// An empty list for the named document.
    pub(super) fn new(document: &str) -> Changes {
        Changes {
            document: document.to_owned(),
            list: Vec::new(),
        }
    }

    /// The changes found.
    pub(super) fn into_list(self) -> Vec<Change> {
        self.list
    }

    pub(super) fn push(&mut self, at: &At<'_>, rule: Rule, detail: String) {
        self.list.push(Change {
            document: self.document.clone(),
            operation: at.operation.to_owned(),
            location: at.location.clone(),
            direction: at.direction,
            rule,
            class: rule.class(),
            detail,
        });
    }
}

/// Where a compared schema sits, for messages: the operation and a readable location.
#[derive(Debug, Clone)]
pub struct At<'a> {
    /// The operation the schema belongs to.
    pub operation: &'a str,
    /// Which way the value travels.
    pub direction: Direction,
    /// Parameter name or `body#/pointer`, extended as the comparison descends.
    pub location: String,
}

impl At<'_> {
    pub(super) fn child(&self, segment: &str) -> At<'_> {
        let escaped = segment.replace('~', "~0").replace('/', "~1");
        let location = if self.location.contains('#') {
            format!("{}/{escaped}", self.location)
        } else {
            format!("{}#/{escaped}", self.location)
        };
        At {
            operation: self.operation,
            direction: self.direction,
            location,
        }
    }

    /// The request's rule or the response's, by the direction the value travels.
    pub(super) fn pick(&self, request: Rule, response: Rule) -> Rule {
        if self.request() { request } else { response }
    }

    pub(super) fn request(&self) -> bool {
        self.direction == Direction::Request
    }
}
