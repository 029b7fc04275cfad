//! The published documents compiled into request validators: the stub checks what the
//! documents say, and only that.
//!
//! At start-up every operation of every document becomes an [`Operation`]: its parameters with
//! their compiled JSON Schemas, and its request body. [`Operation::validate`] turns the raw parts
//! of a request into typed JSON values (query strings become integers where the schema says
//! integer), checks each against its schema and reports the first [`Violation`]. Because the
//! schemas come from the documents, and the documents from the annotated types, a constraint
//! declared on a type is enforced here without being written again.

use std::borrow::Cow;
use std::collections::BTreeMap;

use axum::http::{HeaderMap, Method};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, Validator};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use vendor_api::{Service, walk};

pub use crate::violation::{Keyword, Location, Problem, Violation, WHOLE_BODY};

/// The JSON type a parameter's text is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scalar {
    String,
    Integer,
    Number,
    Boolean,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Scalar(Scalar),
    Array(Scalar),
}

/// One documented parameter, compiled.
#[derive(Debug)]
pub struct Parameter {
    /// Name as documented (headers are matched case-insensitively).
    pub name: String,
    /// Where it travels.
    pub location: Location,
    /// Whether the document requires it.
    pub required: bool,
    /// The values its schema allows, when the schema is an enum.
    pub allowed: Option<Vec<Value>>,
    shape: Shape,
    validator: Validator,
}

/// The documented request body, compiled.
#[derive(Debug)]
pub struct Body {
    /// Whether the document requires a body.
    pub required: bool,
    validator: Validator,
}

/// One documented operation, compiled.
#[derive(Debug)]
pub struct Operation {
    /// The service whose document declares it.
    pub service: Service,
    /// The vendor's operation name.
    pub operation_id: String,
    /// HTTP method.
    pub method: Method,
    /// Path template as documented, e.g. `/v4/groups/{group_id}/user-groups`.
    pub path: String,
    /// The path requests arrive at: the documented path without its `#fragment`. Tencent
    /// serves every action at `POST /`; its document tells the actions apart as `/#Action`
    /// paths, which clients send to `/` (the fragment never leaves the client).
    pub route: String,
    /// Parameters in document order.
    pub parameters: Vec<Parameter>,
    /// The request body, if the operation takes one.
    pub body: Option<Body>,
    /// Whether the operation requires credentials: its `security` (or the document's) lists a
    /// requirement and none of them is empty. The stub's own download URL declares none, like
    /// the pre-signed URL it stands for.
    pub credentials: bool,
}

/// The request's parts, typed and checked, as JSON objects keyed by parameter name.
#[derive(Debug, Default, Clone)]
pub struct Input {
    /// Path parameters.
    pub path: Map<String, Value>,
    /// Query parameters.
    pub query: Map<String, Value>,
    /// Header parameters, under their documented names.
    pub headers: Map<String, Value>,
    /// The body, when the operation takes one.
    pub body: Option<Value>,
}

/// The raw parts of a request that validation reads.
#[derive(Debug, Clone, Copy)]
pub struct RawRequest<'a> {
    /// Path parameters, percent-decoded, by name.
    pub path: &'a [(String, String)],
    /// The raw query string, without `?`.
    pub query: Option<&'a str>,
    /// The request headers.
    pub headers: &'a HeaderMap,
    /// The body bytes.
    pub body: &'a [u8],
}

/// A typed part of [`Input`] could not be built although validation passed: the document and
/// the Rust types disagree, which is a bug of the stub, never of the client.
#[derive(Debug)]
pub struct TypeMismatch(pub String);

impl Input {
    /// The path parameters as the operation's typed struct.
    pub fn path<T: DeserializeOwned>(&self) -> Result<T, TypeMismatch> {
        typed(&self.path, "path")
    }

    /// The query parameters as the operation's typed struct.
    pub fn query<T: DeserializeOwned>(&self) -> Result<T, TypeMismatch> {
        typed(&self.query, "query")
    }

    /// The header parameters as the operation's typed struct.
    pub fn headers<T: DeserializeOwned>(&self) -> Result<T, TypeMismatch> {
        typed(&self.headers, "headers")
    }

    /// The body as the operation's typed struct.
    pub fn body<T: DeserializeOwned>(&self) -> Result<T, TypeMismatch> {
        // Read in place: cloning the value first would copy every string of the body.
        T::deserialize(self.body.as_ref().unwrap_or(&Value::Null))
            .map_err(|e| TypeMismatch(format!("body: {e}")))
    }
}

fn typed<T: DeserializeOwned>(map: &Map<String, Value>, part: &str) -> Result<T, TypeMismatch> {
    T::deserialize(map).map_err(|e| TypeMismatch(format!("{part}: {e}")))
}

/// Why a document could not be compiled. Documents are generated and tested, so this only
/// happens when a change to the types produces something the stub cannot enforce.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CompileError(pub String);

/// Compiles every operation of a service's document, read through [`vendor_api::walk`] (the
/// one reader of the documents); this runs at start-up only.
pub fn compile(service: Service, document: &Value) -> Result<Vec<Operation>, CompileError> {
    let err = |msg: String| CompileError(format!("{}: {msg}", service.name()));
    let components = document
        .get("components")
        .cloned()
        .unwrap_or_else(|| json!({}));
    if !document.get("paths").is_some_and(Value::is_object) {
        return Err(err("document has no paths".into()));
    }
    let mut operations = Vec::new();
    for op in walk::operations(document) {
        let (path, method) = (op.path, op.method.to_ascii_uppercase());
        let method = method
            .parse::<Method>()
            .map_err(|e| err(format!("{method} {path}: {e}")))?;
        if op.id.is_empty() {
            return Err(err(format!("{method} {path} has no operationId")));
        }
        let operation_id = op.id.to_owned();
        let at = |e: String| err(format!("{operation_id}: {e}"));
        let mut parameters = Vec::new();
        for param in op.parameters(document).map_err(|e| at(e.to_string()))? {
            parameters.push(compile_parameter(&param, document, &components).map_err(at)?);
        }
        let body = match op.request_body(document).map_err(|e| at(e.to_string()))? {
            None => None,
            Some(request_body) => {
                let schema = op
                    .request_schema(document, walk::JSON)
                    .map_err(|e| at(e.to_string()))?
                    .ok_or_else(|| at("request body is not JSON".into()))?;
                Some(Body {
                    required: request_body["required"].as_bool().unwrap_or(false),
                    validator: build_validator(schema, &components)
                        .map_err(|e| at(format!("body schema: {e}")))?,
                })
            }
        };
        let security = op
            .object
            .get("security")
            .or_else(|| document.get("security"));
        let credentials = security
            .and_then(Value::as_array)
            .is_some_and(|requirements| {
                !requirements.is_empty()
                    && requirements
                        .iter()
                        .all(|r| r.as_object().is_some_and(|r| !r.is_empty()))
            });
        operations.push(Operation {
            service,
            operation_id,
            method,
            path: path.to_owned(),
            route: path.split('#').next().unwrap_or(path).to_owned(),
            parameters,
            body,
            credentials,
        });
    }
    Ok(operations)
}

fn compile_parameter(
    param: &walk::Parameter<'_>,
    document: &Value,
    components: &Value,
) -> Result<Parameter, String> {
    let name = param.name;
    if name.is_empty() {
        return Err("parameter without a name".into());
    }
    let location = Location::parse(param.location)
        .ok_or_else(|| format!("parameter {name} has an unsupported location"))?;
    let schema = param
        .object
        .get("schema")
        .ok_or_else(|| format!("parameter {name} has no schema"))?;
    let resolve = |schema| walk::target(document, schema).map_err(|e| format!("{name}: {e}"));
    let resolved = resolve(schema)?;
    let shape = match json_type(resolved) {
        Some("array") => {
            let items = resolve(resolved.get("items").unwrap_or(&Value::Null))?;
            Shape::Array(
                scalar(json_type(items)).ok_or_else(|| format!("{name}: unsupported item type"))?,
            )
        }
        other => Shape::Scalar(scalar(other).ok_or_else(|| format!("{name}: unsupported type"))?),
    };
    Ok(Parameter {
        name: name.to_owned(),
        location,
        required: param.required,
        allowed: resolved.get("enum").and_then(Value::as_array).cloned(),
        shape,
        validator: build_validator(schema, components).map_err(|e| format!("{name}: {e}"))?,
    })
}

fn scalar(json_type: Option<&str>) -> Option<Scalar> {
    match json_type {
        Some("string") => Some(Scalar::String),
        Some("integer") => Some(Scalar::Integer),
        Some("number") => Some(Scalar::Number),
        Some("boolean") => Some(Scalar::Boolean),
        _ => None,
    }
}

/// The non-null `type` of a schema.
fn json_type(schema: &Value) -> Option<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => Some(t),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null"),
        _ => None,
    }
}

/// Compiles a schema of the document. The document's `components` ride along under the root
/// so that `#/components/schemas/...` references resolve as they do in the document.
fn build_validator(schema: &Value, components: &Value) -> Result<Validator, String> {
    let mut root = json!({"allOf": [schema], "components": components});
    with_format_bounds(&mut root);
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .build(&root)
        .map_err(|e| e.to_string())
}

/// The range an OpenAPI integer `format` implies: `int32` and `int64` are signed integers of
/// that many bits.
fn format_range(format: &str) -> Option<(i64, i64)> {
    match format {
        "int32" => Some((i32::MIN.into(), i32::MAX.into())),
        "int64" => Some((i64::MIN, i64::MAX)),
        _ => None,
    }
}

/// Adds to every integer schema with an `int32`/`int64` format the bounds the format implies,
/// where the schema states none itself. JSON Schema treats `format` as an annotation on
/// numbers, so without this a header `X-TC-Timestamp: 9223372036854775808` (2^63) would pass
/// a schema that says int64.
fn with_format_bounds(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let is_integer = match map.get("type") {
                Some(Value::String(t)) => t == "integer",
                Some(Value::Array(types)) => types.iter().any(|t| t == "integer"),
                _ => false,
            };
            if is_integer
                && let Some((min, max)) = map
                    .get("format")
                    .and_then(Value::as_str)
                    .and_then(format_range)
            {
                if !map.contains_key("minimum") && !map.contains_key("exclusiveMinimum") {
                    map.insert("minimum".into(), min.into());
                }
                if !map.contains_key("maximum") && !map.contains_key("exclusiveMaximum") {
                    map.insert("maximum".into(), max.into());
                }
            }
            map.values_mut().for_each(with_format_bounds);
        }
        Value::Array(items) => items.iter_mut().for_each(with_format_bounds),
        _ => {}
    }
}

impl Operation {
    /// The one value the operation's `header` parameter allows, such as the action name in
    /// `X-TC-Action`; it tells operations that share a route apart.
    pub fn selector(&self, header: &str) -> Option<&str> {
        let param = self
            .parameters
            .iter()
            .find(|p| p.location == Location::Header && p.name.eq_ignore_ascii_case(header))?;
        match param.allowed.as_deref() {
            Some([Value::String(value)]) => Some(value),
            _ => None,
        }
    }

    /// Checks a request against the document; the first violation found, in the order path,
    /// header, query, body, is returned.
    pub fn validate(&self, raw: RawRequest<'_>) -> Result<Input, Violation> {
        let mut input = Input::default();
        // Borrowed from the query string unless percent-decoding changed them.
        let query_pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> = raw
            .query
            .map(|q| form_urlencoded::parse(q.as_bytes()).collect())
            .unwrap_or_default();

        for location in [Location::Path, Location::Header, Location::Query] {
            for param in self.parameters.iter().filter(|p| p.location == location) {
                let texts: Vec<&str> = match location {
                    Location::Path => raw
                        .path
                        .iter()
                        .filter(|(k, _)| *k == param.name)
                        .map(|(_, v)| v.as_str())
                        .collect(),
                    Location::Query => query_pairs
                        .iter()
                        .filter(|(k, _)| *k == param.name)
                        .map(|(_, v)| v.as_ref())
                        .collect(),
                    Location::Header => header_values(raw.headers, &param.name)?,
                    Location::Body => unreachable!("parameters never travel in the body"),
                };
                let Some(value) = param.read(&texts)? else {
                    continue;
                };
                check(&param.validator, &value, location, &param.name)?;
                let target = match location {
                    Location::Path => &mut input.path,
                    Location::Query => &mut input.query,
                    _ => &mut input.headers,
                };
                target.insert(param.name.clone(), value);
            }
        }

        if let Some((name, value)) = query_pairs.iter().find(|(k, _)| {
            !self
                .parameters
                .iter()
                .any(|p| p.location == Location::Query && p.name == *k)
        }) {
            return Err(Violation {
                location: Location::Query,
                name: name.clone().into_owned(),
                problem: Problem::Unknown,
                value: Some(shorten(value)),
            });
        }

        input.body = self.read_body(raw)?;
        Ok(input)
    }

    fn read_body(&self, raw: RawRequest<'_>) -> Result<Option<Value>, Violation> {
        let body_violation = |problem: Problem, value: Option<String>| Violation {
            location: Location::Body,
            name: WHOLE_BODY.into(),
            problem,
            value,
        };
        let Some(spec) = &self.body else {
            if raw.body.iter().all(u8::is_ascii_whitespace) {
                return Ok(None);
            }
            return Err(body_violation(Problem::Unknown, None));
        };
        if raw.body.iter().all(u8::is_ascii_whitespace) {
            return if spec.required {
                Err(body_violation(Problem::Missing, None))
            } else {
                Ok(None)
            };
        }
        let value: Value = serde_json::from_slice(raw.body).map_err(|e| {
            body_violation(
                Problem::WrongType {
                    expected: format!("a JSON object, but it is not valid JSON: {e}"),
                },
                None,
            )
        })?;
        check(&spec.validator, &value, Location::Body, "")?;
        Ok(Some(value))
    }
}

impl Parameter {
    /// Reads a parameter's texts as the documented JSON type; `None` when it is absent and not
    /// required.
    fn read(&self, texts: &[&str]) -> Result<Option<Value>, Violation> {
        let violation = |problem, value: Option<&&str>| Violation {
            location: self.location,
            name: self.name.clone(),
            problem,
            value: value.map(|v| shorten(v)),
        };
        if texts.is_empty() {
            return if self.required {
                Err(violation(Problem::Missing, None))
            } else {
                Ok(None)
            };
        }
        match self.shape {
            Shape::Array(item) => {
                let items = texts
                    .iter()
                    .map(|t| coerce(item, t).ok_or_else(|| violation(wrong_type(item), Some(t))))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Some(Value::Array(items)))
            }
            Shape::Scalar(kind) => {
                if texts.len() > 1 {
                    return Err(violation(Problem::Repeated, texts.get(1)));
                }
                coerce(kind, texts[0])
                    .map(Some)
                    .ok_or_else(|| violation(wrong_type(kind), texts.first()))
            }
        }
    }
}

fn wrong_type(kind: Scalar) -> Problem {
    Problem::WrongType {
        expected: match kind {
            Scalar::String => "a string",
            Scalar::Integer => "an integer",
            Scalar::Number => "a number",
            Scalar::Boolean => "true or false",
        }
        .into(),
    }
}

/// Reads one text as a JSON value of the given type. Integers too large for 64 bits are kept
/// as floating-point numbers so that range checks, not type checks, reject them.
fn coerce(kind: Scalar, text: &str) -> Option<Value> {
    match kind {
        Scalar::String => Some(Value::String(text.to_owned())),
        Scalar::Integer => {
            if let Ok(n) = text.parse::<i64>() {
                return Some(Value::from(n));
            }
            // Exact up to 2^64, so that a range message repeats the number that was sent.
            if let Ok(n) = text.parse::<u64>() {
                return Some(Value::from(n));
            }
            let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                text.parse::<f64>().ok().map(Value::from)
            } else {
                None
            }
        }
        Scalar::Number => text
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Value::from),
        Scalar::Boolean => match text {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
    }
}

fn header_values<'h>(headers: &'h HeaderMap, name: &str) -> Result<Vec<&'h str>, Violation> {
    headers
        .get_all(name)
        .iter()
        .map(|v| {
            v.to_str().map_err(|_| Violation {
                location: Location::Header,
                name: name.to_owned(),
                problem: Problem::WrongType {
                    expected: "visible ASCII text".into(),
                },
                value: None,
            })
        })
        .collect()
}

/// Runs a compiled schema and turns its first error into a [`Violation`].
fn check(
    validator: &Validator,
    value: &Value,
    location: Location,
    name: &str,
) -> Result<(), Violation> {
    // Most requests are valid: `is_valid` stops at the first failed keyword and builds no
    // error, so the error iterator runs only for the few that are not.
    if validator.is_valid(value) {
        return Ok(());
    }
    let Some(error) = validator.iter_errors(value).next() else {
        return Ok(());
    };
    // Inside a body, name the offending field by its dotted path.
    let pointer: Vec<String> = error
        .instance_path()
        .as_str()
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let field = |extra: Option<&str>| -> String {
        if location != Location::Body {
            return name.to_owned();
        }
        let mut parts = pointer.clone();
        parts.extend(extra.map(str::to_owned));
        if parts.is_empty() {
            WHOLE_BODY.to_owned()
        } else {
            parts.join(".")
        }
    };
    let instance = error.instance().as_ref();
    let shown = Some(shorten(&instance.to_string()));
    let violation = match error.kind() {
        ValidationErrorKind::Required { property } => Violation {
            location,
            name: field(property.as_str()),
            problem: Problem::Missing,
            value: None,
        },
        ValidationErrorKind::AdditionalProperties { unexpected } => Violation {
            location,
            name: field(unexpected.first().map(String::as_str)),
            problem: Problem::Unknown,
            value: None,
        },
        ValidationErrorKind::Type { kind } => Violation {
            location,
            name: field(None),
            problem: Problem::WrongType {
                expected: type_words(kind),
            },
            value: shown,
        },
        kind => {
            let (keyword, rule) = describe(kind);
            Violation {
                location,
                name: field(None),
                problem: Problem::Invalid { rule, keyword },
                value: shown,
            }
        }
    };
    Err(violation)
}

fn type_words(kind: &TypeKind) -> String {
    let word = |t: &jsonschema::JsonType| match t.to_string().as_str() {
        "integer" => "an integer".to_owned(),
        "array" => "an array".to_owned(),
        "object" => "an object".to_owned(),
        "boolean" => "true or false".to_owned(),
        "null" => "null".to_owned(),
        other => format!("a {other}"),
    };
    match kind {
        TypeKind::Single(t) => word(t),
        TypeKind::Multiple(set) => set
            .iter()
            .map(|t| word(&t))
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

/// The failed keyword, and the rule it states in words.
fn describe(kind: &ValidationErrorKind) -> (Keyword, String) {
    use ValidationErrorKind as V;
    match kind {
        V::Maximum { limit } => (Keyword::Maximum, format!("must be at most {limit}")),
        V::Minimum { limit } => (Keyword::Minimum, format!("must be at least {limit}")),
        V::ExclusiveMaximum { limit } => {
            let rule = format!("must be less than {limit}");
            (Keyword::ExclusiveMaximum, rule)
        }
        V::ExclusiveMinimum { limit } => {
            let rule = format!("must be greater than {limit}");
            (Keyword::ExclusiveMinimum, rule)
        }
        V::MaxLength { limit } => {
            let rule = format!("must be at most {limit} characters long");
            (Keyword::MaxLength, rule)
        }
        V::MinLength { limit: 1 } => (Keyword::MinLength, "must not be empty".to_owned()),
        V::MinLength { limit } => {
            let rule = format!("must be at least {limit} characters long");
            (Keyword::MinLength, rule)
        }
        V::MaxItems { limit } => (
            Keyword::MaxItems,
            format!("must have at most {limit} items"),
        ),
        V::MinItems { limit } => (
            Keyword::MinItems,
            format!("must have at least {limit} items"),
        ),
        V::Enum { options } => (Keyword::Enum, format!("must be one of {}", list(options))),
        V::Constant { expected_value } => (Keyword::Const, format!("must be {expected_value}")),
        V::Pattern { pattern } => (
            Keyword::Pattern,
            format!("must match the pattern {pattern}"),
        ),
        V::Format { format } if format == "date" => (
            Keyword::Format,
            "must be a calendar date written YYYY-MM-DD".to_owned(),
        ),
        V::Format { format } => (Keyword::Format, format!("must be a valid {format}")),
        other => (Keyword::Other, format!("is not allowed here ({other:?})")),
    }
}

fn list(options: &Value) -> String {
    match options {
        Value::Array(items) => items
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// A value as shown in messages: at most 80 characters.
fn shorten(text: &str) -> String {
    const MAX: usize = 80;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let head: String = text.chars().take(MAX).collect();
        format!("{head}… ({} characters)", text.chars().count())
    }
}

/// Every compiled operation of every service, by service.
#[derive(Debug)]
pub struct Contracts {
    /// Operations in document order.
    pub operations: Vec<Operation>,
    /// Each service's canonical document.
    pub documents: BTreeMap<Service, Value>,
}

impl Contracts {
    /// Compiles the vendor documents as the annotated types produce them, and the stub's own
    /// documents (whose operations answer in the envelope of the vendor they stand in for).
    pub fn load() -> Result<Contracts, CompileError> {
        let mut operations = Vec::new();
        let mut documents = BTreeMap::new();
        for service in Service::ALL {
            let document = service.document();
            operations.extend(compile(service, &document)?);
            documents.insert(service, document);
        }
        for stub in vendor_api::document::StubDocument::ALL {
            operations.extend(compile(stub.service(), &stub.document())?);
        }
        Ok(Contracts {
            operations,
            documents,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Scalar, build_validator, coerce, with_format_bounds};

    #[test]
    fn integer_formats_bound_integers_that_state_no_bounds() {
        let mut schema = json!({"properties": {
            "a": {"type": "integer", "format": "int64", "minimum": 0},
            "b": {"type": ["integer", "null"], "format": "int32"},
            "c": {"type": "integer", "format": "int32", "maximum": 10},
            "d": {"type": "string", "format": "int64"},
            "e": {"type": "integer"},
        }});
        with_format_bounds(&mut schema);
        assert_eq!(
            schema,
            json!({"properties": {
                "a": {"type": "integer", "format": "int64", "minimum": 0, "maximum": i64::MAX},
                "b": {"type": ["integer", "null"], "format": "int32",
                      "minimum": i32::MIN, "maximum": i32::MAX},
                "c": {"type": "integer", "format": "int32", "maximum": 10, "minimum": i32::MIN},
                "d": {"type": "string", "format": "int64"},
                "e": {"type": "integer"},
            }})
        );
    }

    #[test]
    fn an_int64_header_beyond_64_bits_is_refused() {
        let validator = build_validator(
            &json!({"type": "integer", "format": "int64", "minimum": 0}),
            &json!({}),
        )
        .unwrap();
        let fits = coerce(Scalar::Integer, "9223372036854775807").unwrap();
        let beyond = coerce(Scalar::Integer, "9223372036854775808").unwrap();
        assert!(validator.is_valid(&fits));
        assert!(!validator.is_valid(&beyond));
        assert_eq!(beyond, json!(9_223_372_036_854_775_808_u64));
    }
}
