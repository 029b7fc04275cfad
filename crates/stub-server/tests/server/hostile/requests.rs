//! The requests of the hostile suite: the shared baseline aimed at nothing, as raw parts
//! (percent-encoded path and query, header values as bytes, body as bytes) that a case can
//! break in ways a well-formed request never is.

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Method, Request};
use serde_json::{Value, json};
use vendor_api::{Service, walk};

use crate::support::baseline::{self, baseline};

/// One request, in parts that can be copied and changed before it is built.
#[derive(Debug, Clone)]
pub struct Spec {
    pub method: Method,
    /// The path as sent (already percent-encoded).
    pub path: String,
    /// The query as sent, without `?`.
    pub query: String,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Vec<u8>,
}

impl Spec {
    pub fn uri(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }

    /// The request, or `None` when these parts are not a sendable HTTP request.
    pub fn build(&self) -> Option<Request<Body>> {
        let mut builder = Request::builder()
            .method(self.method.clone())
            .uri(self.uri());
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        builder.body(Body::from(self.body.clone())).ok()
    }

    pub fn set_header(&mut self, name: &str, value: HeaderValue) {
        self.remove_header(name);
        self.headers
            .push((HeaderName::from_bytes(name.as_bytes()).unwrap(), value));
    }

    pub fn add_header(&mut self, name: &str, value: HeaderValue) {
        self.headers
            .push((HeaderName::from_bytes(name.as_bytes()).unwrap(), value));
    }

    pub fn remove_header(&mut self, name: &str) {
        self.headers
            .retain(|(n, _)| !n.as_str().eq_ignore_ascii_case(name));
    }

    pub fn add_query(&mut self, item: &str) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        self.query.push_str(item);
    }

    pub fn without_query_param(&self, name: &str) -> String {
        self.query
            .split('&')
            .filter(|item| !item.is_empty() && item.split('=').next() != Some(name))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// One malformed request and what it tries.
#[derive(Debug, Clone)]
pub struct Case {
    pub label: String,
    pub spec: Spec,
    /// Whether the request is invalid whatever the data: false for requests that are only
    /// wrong because the resource they name does not exist (valid strings in place of ids).
    pub sure: bool,
}

pub fn text(value: &str) -> HeaderValue {
    HeaderValue::from_str(value).unwrap()
}

/// The headers that carry each vendor's credentials; the first is the one the stub's own
/// token checks read (Huawei's IAM token, Tencent's and EnOS's signatures).
pub fn credentials(service: Service) -> &'static [&'static str] {
    match service {
        Service::HuaweiWorkspace | Service::HuaweiCodeartsRepo => {
            &["X-Auth-Token", "Authorization"]
        }
        Service::TencentCwp => &["Authorization"],
        Service::EnosAppPortal => &["apim-accesstoken"],
    }
}

/// A value of the right type for a parameter that must be present: the documented enum's
/// first value, the default, a number in range, or a string naming nothing in the dataset.
pub fn filler(schema: &Value, document: &Value) -> String {
    let schema = resolved(schema, document);
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first
            .as_str()
            .map_or_else(|| first.to_string(), str::to_owned);
    }
    if let Some(constant) = schema.get("const") {
        return constant
            .as_str()
            .map_or_else(|| constant.to_string(), str::to_owned);
    }
    match schema["type"].as_str() {
        // A timestamp-like or id-like number that is in range and, for ids, names nothing.
        Some("integer") => match (schema["minimum"].as_i64(), schema["maximum"].as_i64()) {
            (_, Some(max)) if max > 1_000_000 => (max - 7).to_string(),
            (Some(min), Some(_)) => min.to_string(),
            _ => "1700000000".into(),
        },
        Some("boolean") => "true".into(),
        _ => "hostile-404".into(),
    }
}

/// Percent-escapes that do not decode to UTF-8: always refused.
pub const BAD_UTF8: &[(&str, &str)] = &[
    ("a lone 0xFF byte", "%FF"),
    ("an overlong slash", "%C0%AF"),
    ("a UTF-16 surrogate", "%ED%A0%80"),
    ("a truncated sequence", "%E2%82"),
    ("a lone continuation byte", "%80"),
];

/// `schema` with a top-level `$ref` followed; the documents' references all resolve.
pub fn resolved<'a>(schema: &'a Value, document: &'a Value) -> &'a Value {
    walk::target(document, schema).unwrap_or_else(|e| panic!("{e}"))
}

/// An operation as the hostile suite starts from it.
#[derive(Debug)]
pub struct Target {
    /// The document declaring it.
    pub document: &'static Value,
    /// Its declaration in the document.
    pub declared: walk::Operation<'static>,
    /// The shared baseline request aimed at nothing (see [`target`]).
    pub aimed: baseline::Spec,
    /// The same as raw parts.
    pub base: Spec,
}

/// The operation `operation_id`, and its well-formed request naming nothing in the dataset:
/// the shared baseline with each value that names a record (path ids, EnOS's `orgId`, ids in
/// the body) replaced by a value of its type that names none, so that a valid-looking change
/// still fails as "not found". A header repeating a path value (Workspace's `X-Project-Id`)
/// follows it.
pub fn target(operation_id: &str) -> Target {
    let (_, document, declared) = crate::support::find(operation_id);
    let mut aimed = baseline(operation_id);
    for (location, name) in aimed.anchors.clone() {
        if location == "body" {
            let schema = declared
                .request_schema(document, walk::JSON)
                .expect("the body schema resolves")
                .expect("an operation with a body anchor has a body");
            let field = name
                .trim_start_matches('/')
                .split('/')
                .try_fold(schema, |schema, token| {
                    walk::target(document, &resolved(schema, document)["properties"][token]).ok()
                })
                .expect("an anchor is a documented field");
            let value = json!(filler(field, document));
            if let Some(slot) = aimed.body.as_mut().and_then(|b| b.pointer_mut(&name)) {
                *slot = value;
            }
            continue;
        }
        let param = declared
            .parameter(document, &name, location)
            .expect("the parameters resolve")
            .expect("an anchor is a documented parameter");
        let value = filler(param.schema, document);
        if location == "path" {
            let old = aimed.path.insert(name, value.clone());
            for (_, header) in aimed.headers.iter_mut() {
                if Some(&*header) == old.as_ref() {
                    header.clone_from(&value);
                }
            }
        } else {
            for (_, text) in aimed.query.iter_mut().filter(|(k, _)| *k == name) {
                text.clone_from(&value);
            }
        }
    }
    let base = Spec {
        method: aimed.method.clone(),
        path: aimed.path(),
        query: aimed.query(),
        headers: aimed
            .headers
            .iter()
            .map(|(k, v)| {
                let name = HeaderName::from_bytes(k.as_bytes()).expect("a header name");
                (name, text(v))
            })
            .collect(),
        body: aimed
            .body
            .as_ref()
            .map(|b| b.to_string().into_bytes())
            .unwrap_or_default(),
    };
    Target {
        document,
        declared,
        aimed,
        base,
    }
}

/// The path of the aimed baseline with parameter `name` set to `value`, sent as it is
/// (already percent-encoded, or deliberately not).
pub fn fill_path(aimed: &baseline::Spec, name: &str, value: &str) -> String {
    let mut path = aimed.template.clone();
    for (param, filled) in &aimed.path {
        let filled = if param == name { value } else { filled };
        path = path.replace(&format!("{{{param}}}"), filled);
    }
    path
}
