//! Error codes as documentation: each vendor's codes with their meaning and where they come
//! from, written into a document twice from one list: on the code property of the error
//! schema (a sentence naming each code, and the `x-error-codes` extension that generators
//! keep) and in the description of every operation that can answer them.
//!
//! A list, not an `enum`: vendors add common codes, and a client generated from a closed enum
//! would fail to read an answer carrying a code the document did not know.

use serde_json::{Value, json};
use utoipa::openapi::{OpenApi, RefOr, schema::Schema};

/// The extension that lists the codes on the code property.
pub const EXTENSION: &str = "x-error-codes";

/// Where a documented code comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The vendor page of these operations (or, for the export-task operations, the vendor's
    /// SDK) lists it.
    Page(&'static [&'static str]),
    /// One of the vendor's or its API gateway's codes common to every operation.
    Common,
    /// The stub's own choice in the vendor's format, where the vendor publishes no code for
    /// the case (DECISIONS.md): clients must not rely on its exact value.
    Illustrative,
}

impl Origin {
    /// The origin as written in `x-error-codes`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Origin::Page(_) => "page",
            Origin::Common => "common",
            Origin::Illustrative => "illustrative",
        }
    }
}

/// A code as the vendor's body carries it: text (Huawei, Tencent) or a number (EnOS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// A textual code such as `InvalidParameter`.
    Text(&'static str),
    /// A numeric code such as `31400`.
    Number(i32),
}

impl Code {
    fn value(self) -> Value {
        match self {
            Code::Text(text) => json!(text),
            Code::Number(number) => json!(number),
        }
    }

    /// The code as written in a description: text in backquotes, numbers bare.
    fn written(self) -> String {
        match self {
            Code::Text(text) => format!("`{text}`"),
            Code::Number(number) => number.to_string(),
        }
    }
}

/// One documented code.
#[derive(Debug, Clone, Copy)]
pub struct ErrorCode {
    /// The code.
    pub code: Code,
    /// What it means, in our words. For numeric codes it holds no digits, since readers of the
    /// description take every number in it for a code.
    pub meaning: &'static str,
    /// Where it comes from.
    pub origin: Origin,
    /// The operations (ids) that can answer it; empty: every operation of the document.
    pub operations: &'static [&'static str],
}

impl ErrorCode {
    /// A textual code, which every operation of the document can answer.
    pub const fn text(code: &'static str, meaning: &'static str, origin: Origin) -> Self {
        ErrorCode {
            code: Code::Text(code),
            meaning,
            origin,
            operations: &[],
        }
    }

    /// A numeric code, which every operation of the document can answer.
    pub const fn number(code: i32, meaning: &'static str, origin: Origin) -> Self {
        ErrorCode {
            code: Code::Number(code),
            meaning,
            origin,
            operations: &[],
        }
    }

    /// The same code, answered only by these operations.
    pub const fn only(self, operations: &'static [&'static str]) -> Self {
        ErrorCode { operations, ..self }
    }

    fn answered_by(&self, operation_id: &str) -> bool {
        self.operations.is_empty() || self.operations.contains(&operation_id)
    }

    fn listed_for(&self, operation_id: &str) -> bool {
        matches!(self.origin, Origin::Page(ids) if ids.contains(&operation_id))
    }

    fn entry_value(&self) -> Value {
        let mut entry = json!({
            "code": self.code.value(),
            "description": self.meaning,
            "origin": self.origin.as_str(),
        });
        if !self.operations.is_empty() {
            entry["operations"] = json!(self.operations);
        }
        entry
    }

    fn entry(&self) -> String {
        let mark = if self.origin == Origin::Illustrative {
            ", illustrative"
        } else {
            ""
        };
        format!("{} ({}{mark})", self.code.written(), self.meaning)
    }
}

/// Where a document's codes are written: the schema and property that carry the code, and the
/// code's JSON Pointer in an answer (for the operation descriptions).
#[derive(Debug, Clone, Copy)]
pub struct CodeProperty {
    /// Name of the component schema holding the code.
    pub schema: &'static str,
    /// Name of the code property in it.
    pub property: &'static str,
    /// Where a reader finds the code in an answer, e.g. `Response.Error.Code`.
    pub location: &'static str,
}

/// Writes `codes` into `openapi`: the list on `at`'s property (description and
/// [`EXTENSION`]), and each operation's codes at the end of its description.
///
/// # Panics
///
/// When the schema or the property does not exist: a mistake in a vendor module, which the
/// document tests catch, never a consequence of input.
pub fn document(openapi: &mut OpenApi, at: CodeProperty, codes: &[ErrorCode]) {
    let components = openapi.components.get_or_insert_with(Default::default);
    let Some(RefOr::T(Schema::Object(schema))) = components.schemas.get_mut(at.schema) else {
        panic!("the document has no object schema {}", at.schema);
    };
    let Some(RefOr::T(Schema::Object(property))) = schema.properties.get_mut(at.property) else {
        panic!("{} has no property {}", at.schema, at.property);
    };
    let listed: Vec<String> = codes.iter().map(ErrorCode::entry).collect();
    let sentence = format!(
        "Codes documented for this service: {}. The list is open: the vendor may answer other codes.",
        listed.join("; ")
    );
    property.description = Some(match property.description.take() {
        Some(own) => format!("{own}\n\n{sentence}"),
        None => sentence,
    });
    let entries: Vec<Value> = codes.iter().map(ErrorCode::entry_value).collect();
    property
        .extensions
        .get_or_insert_with(Default::default)
        .insert(EXTENSION.to_owned(), Value::Array(entries));

    for item in openapi.paths.paths.values_mut() {
        for operation in [&mut item.get, &mut item.post].into_iter().flatten() {
            let Some(id) = operation.operation_id.clone() else {
                continue;
            };
            let text = operation_text(&id, at, codes);
            operation.description = Some(match operation.description.take() {
                Some(own) => format!("{own}\n\n{text}"),
                None => text,
            });
        }
    }
}

/// Whether a code belongs to a group of an operation's description, given the operation's id.
type Group = fn(&ErrorCode, &str) -> bool;

/// The paragraph an operation's description ends with: its codes by origin.
fn operation_text(operation_id: &str, at: CodeProperty, codes: &[ErrorCode]) -> String {
    let of = |group: Group| -> Vec<String> {
        codes
            .iter()
            .filter(|c| c.answered_by(operation_id) && group(c, operation_id))
            .map(|c| c.code.written())
            .collect()
    };
    let groups: [(&str, Group); 3] = [
        ("listed by the vendor for this operation", |c, id| {
            c.listed_for(id)
        }),
        ("the vendor's other codes", |c, id| {
            c.origin != Origin::Illustrative && !c.listed_for(id)
        }),
        ("the stub's illustrative codes", |c, _| {
            c.origin == Origin::Illustrative
        }),
    ];
    let mut parts = Vec::new();
    for (label, group) in groups {
        let written = of(group);
        if !written.is_empty() {
            parts.push(format!("{label}: {}", written.join(", ")));
        }
    }
    format!(
        "Error codes (`{}`; meanings on `{}.{}`): {}.",
        at.location,
        at.schema,
        at.property,
        parts.join("; ")
    )
}
