//! The answer checker: compiles an operation's documented responses once (status keys, media
//! types, headers, schemas, error codes), then compares each answer with them.
//!
//! Response schemas are compiled with `jsonschema` as the stub compiles request schemas, with
//! one difference: every object schema that declares `properties` and says nothing of other
//! properties is read as closed (`additionalProperties: false`), so that a property the
//! document does not declare is a finding. Inside a `oneOf` that no branch matches (the
//! Tencent outcome, EnOS's nullable `data`), the findings are those of the branch the answer
//! comes closest to: one of the right JSON type, with the fewest errors.

use std::collections::{BTreeMap, BTreeSet};

use http::HeaderMap;
use http::header::CONTENT_TYPE;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, ValidationError, Validator};
use serde_json::{Value, json};
use vendor_api::Service;
use vendor_api::walk::{self, WalkError};

use crate::codes;
use crate::finding::{Finding, Kind};

/// An answer as it came back.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: &'a HeaderMap,
    /// The body bytes.
    pub body: &'a [u8],
}

/// Why a checker cannot be built or an answer cannot be checked.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The document cannot be read.
    #[error("the document cannot be read: {0}")]
    Walk(#[from] WalkError),
    /// A response schema does not compile.
    #[error("the schema of {operation} {status} {media} does not compile: {message}")]
    Compile {
        /// The operationId.
        operation: String,
        /// The status key.
        status: String,
        /// The media type.
        media: String,
        /// The compiler's message.
        message: String,
    },
    /// The document has no operation with this operationId.
    #[error("the document has no operation {0:?}")]
    UnknownOperation(String),
}

/// The documented responses of every operation of one document, compiled.
#[derive(Debug)]
pub struct Checker {
    /// Where the vendor's body carries its error code (a JSON Pointer).
    code_pointer: String,
    /// operationId → its responses, in the document's order.
    operations: BTreeMap<String, Vec<Documented>>,
}

/// One documented response, compiled.
#[derive(Debug)]
struct Documented {
    /// The status key: `200`, `4XX` or `default`.
    status: String,
    /// Each media type, with the validator of its schema when it is JSON.
    media: Vec<(String, Option<Validator>)>,
    /// The documented header names.
    headers: Vec<String>,
    /// The error codes the response declares.
    codes: BTreeSet<String>,
}

impl Checker {
    /// The checker of a service's published document, reading the codes where that vendor
    /// writes them.
    pub fn for_service(service: Service) -> Result<Checker, CheckError> {
        Checker::new(&service.document(), codes::code_pointer(service))
    }

    /// The checker of `document`, whose answers carry their error code at `code_pointer`.
    pub fn new(document: &Value, code_pointer: &str) -> Result<Checker, CheckError> {
        let mut components = document["components"].clone();
        close_objects(&mut components);
        let mut operations = BTreeMap::new();
        for operation in walk::operations(document) {
            let mut responses = Vec::new();
            for response in operation.responses(document)? {
                let mut media = Vec::new();
                for (name, schema) in &response.content {
                    let validator = if is_json(name) && schema.is_object() {
                        Some(compile(schema, &components).map_err(|message| {
                            CheckError::Compile {
                                operation: operation.id.to_owned(),
                                status: response.status.to_owned(),
                                media: (*name).to_owned(),
                                message,
                            }
                        })?)
                    } else {
                        None
                    };
                    media.push(((*name).to_ascii_lowercase(), validator));
                }
                responses.push(Documented {
                    status: response.status.to_owned(),
                    media,
                    headers: response.object["headers"]
                        .as_object()
                        .into_iter()
                        .flat_map(|h| h.keys().cloned())
                        .collect(),
                    codes: codes::documented(document, &response, code_pointer)?,
                });
            }
            operations.insert(operation.id.to_owned(), responses);
        }
        Ok(Checker {
            code_pointer: code_pointer.to_owned(),
            operations,
        })
    }

    /// Whether the document declares `operation_id` (the proxy forwards only those).
    pub fn documents(&self, operation_id: &str) -> bool {
        self.operations.contains_key(operation_id)
    }

    /// Compares `answer` with the documented responses of `operation_id`. An empty list means
    /// the answer is as documented.
    pub fn check(
        &self,
        operation_id: &str,
        answer: &Answer<'_>,
    ) -> Result<Vec<Finding>, CheckError> {
        let responses = self
            .operations
            .get(operation_id)
            .ok_or_else(|| CheckError::UnknownOperation(operation_id.to_owned()))?;
        let Some(documented) = matching(responses, answer.status) else {
            let statuses: Vec<&str> = responses.iter().map(|r| r.status.as_str()).collect();
            return Ok(vec![Finding::new(
                Kind::UndocumentedStatus,
                "",
                &format!("one of {}", statuses.join(", ")),
                &answer.status.to_string(),
            )]);
        };
        let mut out = Vec::new();
        for name in &documented.headers {
            if !answer.headers.contains_key(name.as_str()) {
                out.push(Finding::new(
                    Kind::HeaderMissing,
                    "",
                    &format!("header {name}"),
                    "absent",
                ));
            }
        }
        if documented.media.is_empty() {
            return Ok(out);
        }
        let content_type = answer
            .headers
            .get(CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let media = content_type.as_deref().map(|c| {
            c.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
        let Some((_, validator)) = documented
            .media
            .iter()
            .find(|(name, _)| Some(name) == media.as_ref())
        else {
            let names: Vec<&str> = documented.media.iter().map(|(n, _)| n.as_str()).collect();
            out.push(Finding::new(
                Kind::WrongContentType,
                "",
                &names.join(" or "),
                content_type.as_deref().unwrap_or("no Content-Type"),
            ));
            return Ok(out);
        };
        let Some(validator) = validator else {
            return Ok(out);
        };
        let body: Value = match serde_json::from_slice(answer.body) {
            Ok(body) => body,
            Err(_) => {
                out.push(Finding::new(
                    Kind::BodyNotJson,
                    "",
                    "a JSON body",
                    &String::from_utf8_lossy(answer.body),
                ));
                return Ok(out);
            }
        };
        for error in validator.iter_errors(&body) {
            findings_of(&error, &mut out);
        }
        if let Some(code) = body.pointer(&self.code_pointer).and_then(codes::code_text)
            && !documented.codes.contains(&code)
        {
            let expected = if documented.codes.is_empty() {
                format!("no error code is documented for {}", documented.status)
            } else {
                let listed: Vec<&str> = documented.codes.iter().map(String::as_str).collect();
                format!("one of {}", listed.join(", "))
            };
            out.push(Finding::new(
                Kind::UndocumentedErrorCode,
                self.code_pointer.as_str(),
                &expected,
                &code,
            ));
        }
        Ok(out)
    }
}

/// The response documented for `status`: its own key first, then its class (`4XX`), then
/// `default`.
fn matching(responses: &[Documented], status: u16) -> Option<&Documented> {
    let exact = status.to_string();
    let class = format!("{}XX", status / 100);
    [exact.as_str(), class.as_str(), "default"]
        .into_iter()
        .find_map(|key| {
            responses
                .iter()
                .find(|r| r.status.eq_ignore_ascii_case(key))
        })
}

/// Whether a media type carries JSON.
fn is_json(media: &str) -> bool {
    let media = media.to_ascii_lowercase();
    media == vendor_api::walk::JSON || media.ends_with("+json")
}

/// Compiles a response schema; the (closed) components ride along under the root so that
/// `#/components/schemas/...` references resolve as in the document.
fn compile(schema: &Value, components: &Value) -> Result<Validator, String> {
    let mut schema = schema.clone();
    close_objects(&mut schema);
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .build(&json!({"allOf": [schema], "components": components}))
        .map_err(|e| e.to_string())
}

/// Adds `additionalProperties: false` to every object schema that declares `properties` and
/// says nothing of other properties, so that an undeclared property is reported.
fn close_objects(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let closable = map.get("type").and_then(Value::as_str) == Some("object")
                && map.get("properties").is_some_and(Value::is_object)
                && !map.contains_key("additionalProperties")
                && !map.contains_key("unevaluatedProperties");
            if closable {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            map.values_mut().for_each(close_objects);
        }
        Value::Array(items) => items.iter_mut().for_each(close_objects),
        _ => {}
    }
}

/// The findings one validation error stands for.
fn findings_of(error: &ValidationError<'_>, out: &mut Vec<Finding>) {
    let pointer = error.instance_path().as_str().to_owned();
    let instance = error.instance().as_ref();
    let shown = instance.to_string();
    let finding = match error.kind() {
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            if let Some(branch) = closest(&pointer, context) {
                branch.iter().for_each(|e| findings_of(e, out));
                return;
            }
            Finding::new(Kind::SchemaMismatch, pointer, &error.to_string(), &shown)
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            Finding::new(
                Kind::RequiredMissing,
                walk::child(&pointer, name),
                "required",
                "missing",
            )
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            for name in unexpected {
                out.push(Finding::new(
                    Kind::UnknownProperty,
                    walk::child(&pointer, name),
                    "no such property in the schema",
                    &instance[name.as_str()].to_string(),
                ));
            }
            return;
        }
        ValidationErrorKind::Type { kind } => {
            Finding::new(Kind::WrongType, pointer, &type_words(kind), &shown)
        }
        ValidationErrorKind::Format { format: rule }
        | ValidationErrorKind::Pattern { pattern: rule } => {
            let expected = format!("{} {rule}", error.kind().keyword());
            Finding::new(Kind::WrongFormat, pointer, &expected, &shown)
        }
        ValidationErrorKind::Enum { .. } | ValidationErrorKind::Constant { .. } => {
            Finding::new(Kind::NotInEnum, pointer, &error.to_string(), &shown)
        }
        ValidationErrorKind::Minimum { .. }
        | ValidationErrorKind::Maximum { .. }
        | ValidationErrorKind::ExclusiveMinimum { .. }
        | ValidationErrorKind::ExclusiveMaximum { .. }
        | ValidationErrorKind::MinLength { .. }
        | ValidationErrorKind::MaxLength { .. }
        | ValidationErrorKind::MinItems { .. }
        | ValidationErrorKind::MaxItems { .. } => {
            Finding::new(Kind::OutOfRange, pointer, &error.to_string(), &shown)
        }
        _ => Finding::new(Kind::SchemaMismatch, pointer, &error.to_string(), &shown),
    };
    out.push(finding);
}

/// The branch of a failed `oneOf`/`anyOf` at `pointer` that the value comes closest to: first
/// one whose JSON type matches (no type error at the value itself), then the fewest errors.
fn closest<'c>(
    pointer: &str,
    context: &'c [Vec<ValidationError<'static>>],
) -> Option<&'c Vec<ValidationError<'static>>> {
    context.iter().min_by_key(|errors| {
        let wrong_type = errors.iter().any(|e| {
            matches!(e.kind(), ValidationErrorKind::Type { .. })
                && e.instance_path().as_str() == pointer
        });
        (wrong_type, errors.len())
    })
}

/// The JSON types a type error expected, in words.
fn type_words(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(t) => t.to_string(),
        TypeKind::Multiple(set) => set
            .iter()
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
            .join(" or "),
    }
}
