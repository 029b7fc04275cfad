//! Hostile input: for every served operation, at least 100 malformed requests generated from
//! its document (wrong types, values out of range, integers past 2^31 and 2^63, invalid
//! JSON, invalid UTF-8 and percent-encoding tricks, repeated and unknown parameters, wrong
//! content types, undocumented methods, the `%7Bproject_id%7D` placeholder, oversized parts,
//! bad credentials and `Prefer` values), each of which must be answered with a documented
//! client error in the vendor's envelope: never a 5xx, a plain-text or empty body, or a hang.
//!
//! The second half runs the stub on a real socket for what only a connection can show
//! (trickling clients, oversized heads), and checks the limits and the fault injection of
//! README.md ("Limits" and "Fault injection"): concurrency and rate limits, `Prefer`,
//! `--latency`, `--error-rate`, and a panicking handler.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Method, Request, StatusCode};
use serde_json::{Value, json};
use stub_server::Config;
use stub_server::contract::{Contracts, Location, Operation};
use vendor_api::Service;

use crate::support::{
    Answer, HANG, LiveServer, app_with, parse_response, raw_exchange, send_bounded,
};

// ---------------------------------------------------------------------------------------------
// The requests

/// One request, in parts that can be copied and changed before it is built.
#[derive(Debug, Clone)]
struct Spec {
    method: Method,
    /// The path as sent (already percent-encoded).
    path: String,
    /// The query as sent, without `?`.
    query: String,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Vec<u8>,
}

impl Spec {
    fn uri(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }

    /// The request, or `None` when these parts are not a sendable HTTP request.
    fn build(&self) -> Option<Request<Body>> {
        let mut builder = Request::builder()
            .method(self.method.clone())
            .uri(self.uri());
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        builder.body(Body::from(self.body.clone())).ok()
    }

    fn set_header(&mut self, name: &str, value: HeaderValue) {
        self.remove_header(name);
        self.headers
            .push((HeaderName::from_bytes(name.as_bytes()).unwrap(), value));
    }

    fn add_header(&mut self, name: &str, value: HeaderValue) {
        self.headers
            .push((HeaderName::from_bytes(name.as_bytes()).unwrap(), value));
    }

    fn remove_header(&mut self, name: &str) {
        self.headers
            .retain(|(n, _)| !n.as_str().eq_ignore_ascii_case(name));
    }

    fn add_query(&mut self, item: &str) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        self.query.push_str(item);
    }

    fn without_query_param(&self, name: &str) -> String {
        self.query
            .split('&')
            .filter(|item| !item.is_empty() && item.split('=').next() != Some(name))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// One malformed request and what it tries.
#[derive(Debug, Clone)]
struct Case {
    label: String,
    spec: Spec,
    /// Whether the request is invalid whatever the data: false for requests that are only
    /// wrong because the resource they name does not exist (valid strings in place of ids).
    sure: bool,
}

/// Every document the stub serves, vendor documents and the stub's own.
fn all_documents() -> Vec<Value> {
    let mut documents: Vec<Value> = Service::ALL.into_iter().map(|s| s.document()).collect();
    documents.extend(
        vendor_api::document::StubDocument::ALL
            .into_iter()
            .map(|d| d.document()),
    );
    documents
}

/// The document declaring `op`, and the operation object in it.
fn declaration(op: &Operation) -> Option<(Value, Value)> {
    let method = op.method.as_str().to_ascii_lowercase();
    all_documents().into_iter().find_map(|document| {
        let found = document["paths"][op.path.as_str()][method.as_str()].clone();
        found.is_object().then_some((document, found))
    })
}

/// `schema` with a top-level `$ref` followed.
fn resolve<'a>(schema: &'a Value, document: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(pointer) => document
            .pointer(pointer.trim_start_matches('#'))
            .map_or(schema, |target| resolve(target, document)),
        None => schema,
    }
}

fn text(value: &str) -> HeaderValue {
    HeaderValue::from_str(value).unwrap()
}

/// Credentials in each vendor's form (presence is all the default stub checks).
fn credentials(service: Service) -> Vec<(&'static str, &'static str)> {
    match service {
        Service::HuaweiWorkspace | Service::HuaweiCodeartsRepo => {
            vec![("X-Auth-Token", "MIIfake-token-value")]
        }
        Service::TencentCwp => vec![(
            "Authorization",
            "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2023-11-14/cwp/tc3_request, \
             SignedHeaders=content-type;host, Signature=00",
        )],
        Service::EnosAppPortal => vec![("apim-accesstoken", "fake-access-token")],
    }
}

/// A value of the right type for a parameter that must be present: the documented enum's
/// first value, the default, a number in range, or a string naming nothing in the dataset.
fn filler(schema: &Value, document: &Value) -> String {
    let schema = resolve(schema, document);
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

/// A well-formed request for `op` that names nothing in the dataset where it can (so that
/// a valid-looking change still fails as "not found"), with credentials and the required
/// parameters.
fn baseline(op: &Operation, document: &Value, declared: &Value) -> Spec {
    let parameter = |name: &str, location: &str| {
        declared["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| resolve(p, document))
            .find(|p| p["name"] == name && p["in"] == location)
            .cloned()
            .unwrap_or(Value::Null)
    };
    let mut path = op.route.clone();
    for p in op
        .parameters
        .iter()
        .filter(|p| p.location == Location::Path)
    {
        let value = filler(&parameter(&p.name, "path")["schema"], document);
        path = path.replace(&format!("{{{}}}", p.name), &value);
    }
    let mut spec = Spec {
        method: op.method.clone(),
        path,
        query: String::new(),
        headers: Vec::new(),
        body: Vec::new(),
    };
    for p in op.parameters.iter().filter(|p| p.required) {
        match p.location {
            Location::Query => {
                let value = filler(&parameter(&p.name, "query")["schema"], document);
                spec.add_query(&format!("{}={value}", p.name));
            }
            Location::Header => {
                let value = match p.allowed.as_deref() {
                    Some([first, ..]) => first.as_str().unwrap_or_default().to_owned(),
                    _ => filler(&parameter(&p.name, "header")["schema"], document),
                };
                spec.set_header(&p.name, text(&value));
            }
            _ => {}
        }
    }
    if op.credentials {
        for (name, value) in credentials(op.service) {
            spec.set_header(name, text(value));
        }
    }
    if op.body.is_some() {
        let schema = resolve(
            &declared["requestBody"]["content"]["application/json"]["schema"],
            document,
        );
        let example = schema["examples"]
            .as_array()
            .and_then(|e| e.last())
            .cloned()
            .unwrap_or_else(|| json!({}));
        spec.body = example.to_string().into_bytes();
        spec.set_header("content-type", text("application/json"));
    }
    spec
}

/// JSON values that `schema` refuses, with a label; `valid` is a value it accepts, used as
/// the container for nested changes.
fn invalid_json(schema: &Value, document: &Value, depth: usize) -> Vec<(String, Value)> {
    let schema = resolve(schema, document);
    let mut out: Vec<(String, Value)> = Vec::new();
    let wrong_types = |except: &str| -> Vec<(String, Value)> {
        [
            ("a number", json!(1)),
            ("a boolean", json!(true)),
            ("a string", json!("text")),
            ("an array", json!([])),
            ("an object", json!({})),
            ("null", Value::Null),
        ]
        .into_iter()
        .filter(|(_, v)| match except {
            "integer" | "number" => !v.is_number(),
            "boolean" => !v.is_boolean(),
            "string" => !v.is_string(),
            "array" => !v.is_array(),
            "object" => !v.is_object(),
            _ => true,
        })
        .map(|(l, v)| (l.to_owned(), v))
        .collect()
    };
    let kind = schema["type"]
        .as_str()
        .unwrap_or(if schema.get("properties").is_some() {
            "object"
        } else if schema.get("enum").is_some() {
            "string"
        } else {
            ""
        });
    out.extend(wrong_types(kind));
    if schema.get("enum").is_some() {
        out.push((
            "a value outside the enum".into(),
            json!("NOT-A-DOCUMENTED-VALUE"),
        ));
    }
    match kind {
        "string" => {
            if let Some(max) = schema["maxLength"].as_u64() {
                out.push((
                    "one character too long".into(),
                    json!("x".repeat(max as usize + 1)),
                ));
            }
            if schema["minLength"].as_u64().unwrap_or(0) > 0 {
                out.push(("an empty string".into(), json!("")));
            }
        }
        "integer" => {
            out.push(("a fraction".into(), json!(1.5)));
            out.push(("2^31".into(), json!(2_147_483_648_i64)));
            out.push(("2^63".into(), json!(9_223_372_036_854_775_808_u64)));
            out.push(("2^64 - 1".into(), json!(u64::MAX)));
            out.push((
                "-2^63 - 1 (as a float)".into(),
                json!(-9_223_372_036_854_775_809.0_f64),
            ));
            if let Some(min) = schema["minimum"].as_i64() {
                out.push(("one below the minimum".into(), json!(min - 1)));
            }
            if let Some(max) = schema["maximum"].as_i64() {
                out.push(("one above the maximum".into(), json!(max + 1)));
            }
        }
        "array" => {
            if depth < 3
                && let Some(items) = schema.get("items")
            {
                for (label, bad) in invalid_json(items, document, depth + 1)
                    .into_iter()
                    .take(12)
                {
                    out.push((format!("an item that is {label}"), json!([bad])));
                }
            }
            if let Some(max) = schema["maxItems"].as_u64() {
                let item = example_of(&schema["items"], document);
                out.push((
                    "one item too many".into(),
                    Value::Array(vec![item; max as usize + 1]),
                ));
            }
            if schema["minItems"].as_u64().unwrap_or(0) > 0 {
                out.push(("no items".into(), json!([])));
            }
        }
        "object" => {
            let valid = example_of(schema, document);
            if schema["additionalProperties"] == json!(false) {
                let mut extra = valid.clone();
                extra["HostileUnknownField"] = json!(1);
                out.push(("an unknown field".into(), extra));
            }
            for required in schema["required"].as_array().into_iter().flatten() {
                let mut missing = valid.clone();
                if let (Some(map), Some(name)) = (missing.as_object_mut(), required.as_str()) {
                    map.remove(name);
                    out.push((format!("without the required {name}"), missing));
                }
            }
            if depth < 3 {
                for (name, property) in schema["properties"].as_object().into_iter().flatten() {
                    for (label, bad) in invalid_json(property, document, depth + 1) {
                        let mut changed = valid.clone();
                        changed[name.as_str()] = bad;
                        out.push((format!("{name} {label}"), changed));
                    }
                }
            }
        }
        _ => {}
    }
    out
}

/// A value `schema` accepts: its last example, or one built from its type.
fn example_of(schema: &Value, document: &Value) -> Value {
    let schema = resolve(schema, document);
    if let Some(example) = schema["examples"].as_array().and_then(|e| e.last()) {
        return example.clone();
    }
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first.clone();
    }
    match schema["type"].as_str() {
        Some("integer") => json!(schema["minimum"].as_i64().unwrap_or(1)),
        Some("boolean") => json!(true),
        Some("array") => json!([example_of(&schema["items"], document)]),
        Some("object") => {
            let mut object = serde_json::Map::new();
            for required in schema["required"].as_array().into_iter().flatten() {
                if let Some(name) = required.as_str() {
                    object.insert(
                        name.into(),
                        example_of(&schema["properties"][name], document),
                    );
                }
            }
            Value::Object(object)
        }
        _ => json!("x"),
    }
}

/// Texts a URL or header parameter of `schema` refuses (sure), and texts that are merely
/// strange but valid strings (not sure).
fn invalid_texts(schema: &Value, document: &Value) -> Vec<(String, String, bool)> {
    let schema = resolve(schema, document);
    let mut out: Vec<(String, String, bool)> = Vec::new();
    let mut sure = |label: &str, value: String| out.push((label.to_owned(), value, true));
    let items = if schema["type"] == "array" {
        resolve(&schema["items"], document)
    } else {
        schema
    };
    if items.get("enum").is_some() {
        sure("outside the enum", "NOT-A-DOCUMENTED-VALUE".into());
        sure("empty", String::new());
    }
    match items["type"].as_str() {
        Some("integer") => {
            for (label, value) in [
                ("not a number", "abc"),
                ("a fraction", "1.5"),
                ("empty", ""),
                ("an exponent", "1e3"),
                ("hexadecimal", "0x10"),
                ("2^31", "2147483648"),
                ("2^63", "9223372036854775808"),
                ("2^64", "18446744073709551616"),
                ("-2^63 - 1", "-9223372036854775809"),
                ("a huge number", "1e400"),
            ] {
                // 2^31 is only out of range for 32-bit integers.
                if label == "2^31" && schema["format"] != "int32" && items["format"] != "int32" {
                    continue;
                }
                sure(label, value.into());
            }
            if let Some(min) = items["minimum"].as_i64() {
                sure("below the minimum", (min - 1).to_string());
            }
            if let Some(max) = items["maximum"].as_i64() {
                sure("above the maximum", (max + 1).to_string());
            }
        }
        Some("boolean") => {
            for value in ["yes", "1", "TRUE", ""] {
                sure("not true or false", value.into());
            }
        }
        Some("number") => {
            sure("not a number", "abc".into());
            sure("not finite", "1e400".into());
        }
        _ => {
            if let Some(max) = items["maxLength"].as_u64() {
                sure("too long", "x".repeat(max as usize + 1));
            }
            if items["minLength"].as_u64().unwrap_or(0) > 0 && items.get("enum").is_none() {
                sure("empty", String::new());
            }
            if items.get("enum").is_none() {
                for (label, value) in [
                    ("a long string", "y".repeat(10_000)),
                    ("a huge number", "18446744073709551616".into()),
                    ("a script", "%3Cscript%3Ealert(1)%3C%2Fscript%3E".into()),
                    ("a quote", "%27%22%3B--".into()),
                    ("a control character", "%01%1F".into()),
                    ("a CRLF", "%0D%0AX-Injected%3A%201".into()),
                    ("a right-to-left mark", "%E2%80%AE".into()),
                    ("an emoji", "%F0%9F%92%A5".into()),
                ] {
                    out.push((label.into(), value, false));
                }
            }
        }
    }
    out
}

/// Percent-escapes that do not decode to UTF-8: always refused.
const BAD_UTF8: &[(&str, &str)] = &[
    ("a lone 0xFF byte", "%FF"),
    ("an overlong slash", "%C0%AF"),
    ("a UTF-16 surrogate", "%ED%A0%80"),
    ("a truncated sequence", "%E2%82"),
    ("a lone continuation byte", "%80"),
];

/// Every malformed variant of `op`'s request.
fn cases(op: &Operation, contracts: &Contracts) -> Vec<Case> {
    let (document, declared) = declaration(op).expect("every operation is declared");
    let base = baseline(op, &document, &declared);
    let declared_parameter = |p: &stub_server::contract::Parameter| -> Value {
        let location = match p.location {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Body => "body",
        };
        declared["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| resolve(d, &document))
            .find(|d| d["name"] == p.name.as_str() && d["in"] == location)
            .map(|d| d["schema"].clone())
            .unwrap_or(Value::Null)
    };
    let mut out = Vec::new();
    let mut push = |label: String, spec: Spec, sure: bool| out.push(Case { label, spec, sure });

    // Undocumented methods on the route (those of other operations at the same route are
    // documented, so left out).
    let documented: BTreeSet<&str> = contracts
        .operations
        .iter()
        .filter(|o| o.route == op.route)
        .map(|o| o.method.as_str())
        .collect();
    for method in [
        "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "HOSTILE",
    ] {
        if !documented.contains(method) {
            let mut spec = base.clone();
            spec.method = Method::from_bytes(method.as_bytes()).unwrap();
            push(format!("method {method}"), spec, true);
        }
    }

    // The path: each parameter replaced, and paths next to the route.
    let path_parameters: Vec<_> = op
        .parameters
        .iter()
        .filter(|p| p.location == Location::Path)
        .collect();
    for p in &path_parameters {
        let mut values: Vec<(String, String, bool)> = vec![
            (
                "the SDK's placeholder".into(),
                format!("%7B{}%7D", p.name),
                false,
            ),
            ("a NUL byte".into(), "%00".into(), false),
            ("a bare percent sign".into(), "%".into(), false),
            ("a broken escape".into(), "%zz".into(), false),
            ("a short escape".into(), "%2".into(), false),
            ("an encoded slash".into(), "a%2Fb".into(), false),
            ("a traversal".into(), "..%2F..%2Fetc%2Fpasswd".into(), false),
            ("a double-encoded slash".into(), "%252F".into(), false),
            ("dots".into(), "%2E%2E".into(), false),
            ("a tab".into(), "%09".into(), false),
            ("a space".into(), "%20".into(), false),
            ("CJK text".into(), "%E7%94%A8%E6%88%B7".into(), false),
            ("a 10,000-character value".into(), "z".repeat(10_000), false),
            ("2^31".into(), "2147483648".into(), false),
            ("2^63".into(), "9223372036854775808".into(), false),
            ("2^64".into(), "18446744073709551616".into(), false),
            ("-1".into(), "-1".into(), false),
            ("a fraction".into(), "1.5".into(), false),
        ];
        values.extend(
            BAD_UTF8
                .iter()
                .map(|(l, v)| ((*l).into(), (*v).into(), true)),
        );
        values.extend(invalid_texts(&declared_parameter(p), &document));
        for (label, value, sure) in values {
            let mut spec = base.clone();
            spec.path = fill_path(op, &base, &p.name, &value, &document, &declared);
            push(format!("path {} {label}", p.name), spec, sure);
        }
    }
    for (label, suffix) in [
        ("an extra segment", "/extra"),
        ("a trailing slash", "/"),
        ("an invalid UTF-8 segment", "/%FF"),
        ("a doubled slash", "//x"),
        ("a placeholder segment", "/%7Bproject_id%7D"),
        ("a traversal", "/../.."),
    ] {
        let mut spec = base.clone();
        spec.path = format!("{}{suffix}", base.path.trim_end_matches('/'));
        if spec.path == base.path {
            continue;
        }
        push(format!("path with {label}"), spec, true);
    }

    // The query.
    for (label, item) in [
        ("an unknown parameter", "hostile_unknown=1"),
        ("an empty name", "=1"),
        ("a name alone", "hostile_flag"),
        ("a doubled equals sign", "a==b"),
        ("an invalid UTF-8 name", "%FF=1"),
        ("an invalid UTF-8 value", "hostile=%FF"),
        ("a broken escape", "%zz=%"),
        ("the SDK's placeholder", "project_id=%7Bproject_id%7D"),
    ] {
        let mut spec = base.clone();
        spec.add_query(item);
        push(format!("query with {label}"), spec, true);
    }
    for p in op
        .parameters
        .iter()
        .filter(|p| p.location == Location::Query)
    {
        let schema = declared_parameter(p);
        let mut values = invalid_texts(&schema, &document);
        values.extend(
            BAD_UTF8
                .iter()
                .map(|(l, v)| ((*l).into(), (*v).into(), true)),
        );
        for (label, value, sure) in values {
            let mut spec = base.clone();
            spec.query = spec.without_query_param(&p.name);
            spec.add_query(&format!("{}={value}", p.name));
            push(format!("query {} {label}", p.name), spec, sure);
        }
        if resolve(&schema, &document)["type"] != "array" {
            let mut spec = base.clone();
            let value = filler(&schema, &document);
            spec.query = spec.without_query_param(&p.name);
            spec.add_query(&format!("{0}={value}&{0}={value}", p.name));
            push(format!("query {} repeated", p.name), spec, true);
        }
        if p.required {
            let mut spec = base.clone();
            spec.query = spec.without_query_param(&p.name);
            push(format!("query {} missing", p.name), spec, true);
        }
    }

    // Headers: the documented ones, the credentials, Prefer, and size.
    for p in op
        .parameters
        .iter()
        .filter(|p| p.location == Location::Header)
    {
        let schema = declared_parameter(p);
        for (label, value, sure) in invalid_texts(&schema, &document) {
            let Ok(value) = HeaderValue::from_str(&value) else {
                continue;
            };
            let mut spec = base.clone();
            spec.set_header(&p.name, value);
            push(format!("header {} {label}", p.name), spec, sure);
        }
        for (label, bytes) in [
            ("invalid UTF-8", &b"\xff\xfe"[..]),
            ("a Latin-1 byte", &b"caf\xe9"[..]),
        ] {
            let mut spec = base.clone();
            spec.set_header(&p.name, HeaderValue::from_bytes(bytes).unwrap());
            push(format!("header {} {label}", p.name), spec, true);
        }
        let mut spec = base.clone();
        let value = match p.allowed.as_deref() {
            Some([first, ..]) => first.as_str().unwrap_or_default().to_owned(),
            _ => filler(&schema, &document),
        };
        spec.set_header(&p.name, text(&value));
        spec.add_header(&p.name, text(&value));
        push(format!("header {} repeated", p.name), spec, true);
        if p.required {
            let mut spec = base.clone();
            spec.remove_header(&p.name);
            push(format!("header {} missing", p.name), spec, true);
        }
    }
    if op.credentials {
        let names: Vec<&str> = credentials(op.service).iter().map(|(n, _)| *n).collect();
        let without = || {
            let mut spec = base.clone();
            for name in &names {
                spec.remove_header(name);
            }
            spec
        };
        push("no credentials".into(), without(), true);
        for (label, name, value) in [
            ("an empty credential", names[0], &b""[..]),
            (
                "a credential of invalid UTF-8",
                names[0],
                &b"\xff\xfe\xfd"[..],
            ),
            (
                "a Basic authorization",
                "Authorization",
                &b"Basic dXNlcjpwYXNz"[..],
            ),
            (
                "a Bearer authorization",
                "Authorization",
                &b"Bearer abc"[..],
            ),
            (
                "an algorithm without fields",
                "Authorization",
                &b"SDK-HMAC-SHA256"[..],
            ),
            (
                "a bare TC3 algorithm",
                "Authorization",
                &b"TC3-HMAC-SHA256"[..],
            ),
        ] {
            let mut spec = without();
            spec.set_header(name, HeaderValue::from_bytes(value).unwrap());
            push(format!("credentials: {label}"), spec, true);
        }
    }
    for value in [
        "code=abc",
        "code=4040",
        "code=418",
        "code=",
        "code",
        "code=404;x=1",
        "code=400, code=404",
        "delay=-5",
        "delay=99999999",
        "delay=1.5",
        "code=\"404",
        "=404",
        "code=404 delay=5",
    ] {
        let mut spec = base.clone();
        spec.set_header("prefer", text(value));
        push(format!("Prefer: {value}"), spec, true);
    }
    let mut spec = base.clone();
    spec.set_header("prefer", HeaderValue::from_bytes(b"code=\xff").unwrap());
    push("Prefer with invalid UTF-8".into(), spec, true);
    let mut spec = base.clone();
    spec.add_header("x-hostile-padding", text(&"h".repeat(200 * 1024)));
    push("a 200 KiB header".into(), spec, true);
    let mut spec = base.clone();
    spec.add_query(&format!("hostile={}", "q".repeat(40 * 1024)));
    push("a 40 KiB query".into(), spec, true);

    // The body.
    if op.body.is_some() {
        let schema = &declared["requestBody"]["content"]["application/json"]["schema"];
        for (label, bad) in invalid_json(schema, &document, 0) {
            let mut spec = base.clone();
            spec.body = bad.to_string().into_bytes();
            push(format!("body {label}"), spec, true);
        }
        for (label, raw) in [
            ("an unclosed object", &b"{"[..]),
            ("a cut-off member", b"{\"a\":"),
            ("an unclosed array", b"[1,2"),
            ("a misspelt null", b"nul"),
            ("a stray brace", b"{}}"),
            ("trailing text", b"{} x"),
            ("single quotes", b"{'a':1}"),
            ("a trailing comma", b"{\"a\":1,}"),
            ("NaN", b"NaN"),
            ("a byte-order mark", b"\xef\xbb\xbf{}"),
            ("invalid UTF-8", b"\xff\xfe{}"),
            ("invalid UTF-8 in a string", b"{\"Quuid\":\"\xff\"}"),
            ("a lone surrogate escape", b"{\"a\":\"\\ud800\"}"),
            ("a number out of range", b"{\"a\":1e400}"),
            ("a NUL byte", b"{\"a\":\0}"),
            ("only whitespace", b" \n\t "),
        ] {
            let mut spec = base.clone();
            spec.body = raw.to_vec();
            push(format!("body: {label}"), spec, true);
        }
        let mut spec = base.clone();
        spec.body = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes();
        push("body nested 100,000 deep".into(), spec, true);
        let mut spec = base.clone();
        spec.body = format!("{{\"a\":\"{}\"}}", "b".repeat(2 * 1024 * 1024)).into_bytes();
        push("a 2 MiB body".into(), spec, true);
        for content_type in [
            "text/plain",
            "application/xml",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/octet-stream",
            "json",
        ] {
            let mut spec = base.clone();
            spec.set_header("content-type", text(content_type));
            push(format!("content type {content_type}"), spec, true);
        }
    } else {
        for (label, raw) in [
            ("a JSON body", b"{}".to_vec()),
            ("a text body", b"hello".to_vec()),
            ("a 2 MiB body", vec![b'x'; 2 * 1024 * 1024]),
        ] {
            let mut spec = base.clone();
            spec.body = raw;
            push(format!("{label} on a bodiless operation"), spec, true);
        }
    }
    out
}

/// The path of `base` with one parameter's value replaced.
fn fill_path(
    op: &Operation,
    _base: &Spec,
    name: &str,
    value: &str,
    document: &Value,
    declared: &Value,
) -> String {
    let mut path = op.route.clone();
    for p in op
        .parameters
        .iter()
        .filter(|p| p.location == Location::Path)
    {
        let filled = if p.name == name {
            value.to_owned()
        } else {
            let schema = declared["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|d| resolve(d, document))
                .find(|d| d["name"] == p.name.as_str() && d["in"] == "path")
                .map(|d| d["schema"].clone())
                .unwrap_or(Value::Null);
            filler(&schema, document)
        };
        path = path.replace(&format!("{{{}}}", p.name), &filled);
    }
    path
}

// ---------------------------------------------------------------------------------------------
// The answers

/// The statuses README.md and DECISIONS.md document for a Huawei operation's client errors:
/// those of its document, the gateway's (401, 404 unknown path, 405, 413, 414, 431).
fn huawei_statuses(declared: &Value) -> BTreeSet<u16> {
    let mut statuses: BTreeSet<u16> = declared["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, _)| k.parse().ok())
        .filter(|s| (400..500).contains(s))
        .collect();
    statuses.extend([400, 401, 404, 405, 413, 414, 431]);
    statuses
}

/// The Tencent codes README.md lists for failures a client causes.
const TENCENT_CLIENT_CODES: &[&str] = &[
    "MissingParameter",
    "UnknownParameter",
    "InvalidParameter",
    "InvalidParameterValue",
    "InvalidParameter.DateRange",
    "InvalidAction",
    "NoSuchVersion",
    "AuthFailure.InvalidAuthorization",
    "UnsupportedOperation",
    "ResourceNotFound",
    "RequestSizeLimitExceeded",
];

/// The EnOS codes README.md lists for failures a client causes.
const ENOS_CLIENT_CODES: &[i64] = &[31400, 31404, 31413];

/// Whether `answer` is a documented client error of `service` in its envelope; the reason
/// when it is not.
fn check_client_error(service: Service, declared: &Value, answer: &Answer) -> Result<(), String> {
    let body: Value = serde_json::from_slice(&answer.bytes).map_err(|_| {
        format!(
            "status {}, body is not JSON: {:?}",
            answer.status,
            String::from_utf8_lossy(&answer.bytes[..answer.bytes.len().min(200)])
        )
    })?;
    let content_type = answer.content_type();
    if !content_type.starts_with("application/json") {
        return Err(format!("content type {content_type:?}: {body}"));
    }
    match service {
        Service::HuaweiWorkspace | Service::HuaweiCodeartsRepo => {
            let statuses = huawei_statuses(declared);
            if !statuses.contains(&answer.status.as_u16()) {
                return Err(format!(
                    "status {} not in {statuses:?}: {body}",
                    answer.status
                ));
            }
            if !answer.headers.contains_key("x-request-id") {
                return Err(format!("no X-Request-Id: {body}"));
            }
            let code = body["error_code"].as_str().unwrap_or("");
            let prefixes: &[&str] = if service == Service::HuaweiWorkspace {
                &["WKS.", "APIGW."]
            } else {
                &["CH.", "DEV.", "APIGW."]
            };
            if !prefixes.iter().any(|p| code.starts_with(p)) {
                return Err(format!("error_code {code:?} is not the vendor's: {body}"));
            }
            if body["error_msg"].as_str().is_none_or(str::is_empty) {
                return Err(format!("no error_msg: {body}"));
            }
        }
        Service::TencentCwp => {
            // HTTP 200 as Tencent answers, or a client error the operation's document lists
            // (the stub's download URL answers 404 as object storage would).
            let listed = declared["responses"].get(answer.status.as_str()).is_some();
            let status_ok =
                answer.status == StatusCode::OK || (answer.status.is_client_error() && listed);
            if !status_ok || content_type != "application/json" {
                return Err(format!(
                    "status {}, {content_type:?}: {body}",
                    answer.status
                ));
            }
            let code = body["Response"]["Error"]["Code"].as_str().unwrap_or("");
            if !TENCENT_CLIENT_CODES.contains(&code) {
                return Err(format!(
                    "code {code:?} is not a documented client error: {body}"
                ));
            }
            if body["Response"]["RequestId"]
                .as_str()
                .is_none_or(str::is_empty)
                || body["Response"]["Error"]["Message"]
                    .as_str()
                    .is_none_or(str::is_empty)
            {
                return Err(format!("incomplete envelope: {body}"));
            }
        }
        Service::EnosAppPortal => {
            if answer.status != StatusCode::OK {
                return Err(format!("status {}: {body}", answer.status));
            }
            let code = body["code"].as_i64().unwrap_or(0);
            if !ENOS_CLIENT_CODES.contains(&code)
                || !body["data"].is_null()
                || body["message"].as_str().is_none_or(str::is_empty)
            {
                return Err(format!("not a documented client error: {body}"));
            }
        }
    }
    Ok(())
}

#[tokio::test]
async fn every_operation_answers_at_least_100_malformed_requests_with_documented_client_errors() {
    let contracts = Contracts::load().expect("the documents compile");
    let app = app_with(Config::default());
    let mut problems = Vec::new();
    let mut total = 0;
    for op in &contracts.operations {
        let (_, declared) = declaration(op).expect("declared");
        let base = baseline(op, &declared_document(op), &declared);
        let base_answer =
            send_bounded(app.clone(), base.build().expect("the baseline is HTTP")).await;
        // When the baseline fails as "not found", strange but valid strings fail the same way
        // and belong to the test; when it succeeds, only surely invalid requests do.
        let baseline_fails = check_client_error(op.service, &declared, &base_answer).is_ok();
        let mut tried = 0;
        for case in cases(op, &contracts) {
            if !case.sure && !baseline_fails {
                continue;
            }
            let Some(request) = case.spec.build() else {
                continue;
            };
            let answer = send_bounded(app.clone(), request).await;
            tried += 1;
            if let Err(why) = check_client_error(op.service, &declared, &answer) {
                problems.push(format!("{} {}: {why}", op.operation_id, case.label));
            }
        }
        println!("{}: {tried} malformed requests", op.operation_id);
        assert!(
            tried >= 100,
            "{}: only {tried} malformed requests",
            op.operation_id
        );
        total += tried;
    }
    println!("hostile requests tried: {total}");
    assert!(
        problems.is_empty(),
        "{} answers were not documented client errors:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn declared_document(op: &Operation) -> Value {
    declaration(op).expect("declared").0
}

// ---------------------------------------------------------------------------------------------
// On a real socket

fn quick_timeout() -> Config {
    let mut config = Config::default();
    config.limits.request_timeout = Duration::from_secs(1);
    config
}

/// A request head for the EnOS operation announcing a body of `length` bytes.
fn enos_head(length: usize) -> Vec<u8> {
    format!(
        "POST /app-portal-service/v2.3/userGroup/listAssignedUser?orgId=o123 HTTP/1.1\r\n\
         Host: 127.0.0.1\r\nContent-Type: application/json\r\napim-accesstoken: t\r\n\
         Content-Length: {length}\r\n\r\n"
    )
    .into_bytes()
}

#[tokio::test]
async fn a_body_that_trickles_is_cut_off_with_the_vendors_envelope() {
    let server = LiveServer::start(quick_timeout()).await;
    let mut chunks = vec![
        (Duration::ZERO, enos_head(100)),
        (Duration::ZERO, b"{\"a\"".to_vec()),
    ];
    // One byte every 300 ms would take half a minute; the stub must not wait for it.
    chunks.extend((0..96).map(|_| (Duration::from_millis(300), b" ".to_vec())));
    let exchange = raw_exchange(server.addr, chunks, HANG).await;
    let answer = exchange.answer().expect("an HTTP answer");
    let body = answer.json();
    assert_eq!(body["code"], 31400, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("did not arrive"),
        "{body}"
    );
    assert!(exchange.closed, "the connection stayed open");
    assert!(
        exchange.elapsed < Duration::from_secs(5),
        "{:?}",
        exchange.elapsed
    );
}

#[tokio::test]
async fn a_head_that_trickles_or_stalls_is_disconnected() {
    let server = LiveServer::start(quick_timeout()).await;
    // Stalls after half a head.
    let half = raw_exchange(
        server.addr,
        vec![(
            Duration::ZERO,
            b"GET /v4/groups/123/user-groups HTTP/1.1\r\nHost: x\r\n".to_vec(),
        )],
        HANG,
    )
    .await;
    assert!(half.closed, "the connection stayed open: {half:?}");
    assert!(half.elapsed < Duration::from_secs(5), "{:?}", half.elapsed);
    // Sends a header line byte by byte, never finishing.
    let mut chunks = vec![(
        Duration::ZERO,
        b"GET /v4/groups/123/user-groups HTTP/1.1\r\n".to_vec(),
    )];
    chunks.extend((0..100).map(|_| (Duration::from_millis(100), b"X".to_vec())));
    let slow = raw_exchange(server.addr, chunks, HANG).await;
    assert!(slow.closed, "the connection stayed open: {slow:?}");
    assert!(slow.elapsed < Duration::from_secs(5), "{:?}", slow.elapsed);
}

#[tokio::test]
async fn oversized_heads_and_bodies_are_refused_in_the_envelope_over_a_socket() {
    let server = LiveServer::start(Config::default()).await;
    let exchange = |bytes: Vec<u8>| raw_exchange(server.addr, vec![(Duration::ZERO, bytes)], HANG);
    // A 40 KiB request target: Huawei 414 APIGW.0201.
    let long = exchange(
        format!(
            "GET /v4/groups/123/user-groups?search={} HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\n\r\n",
            "s".repeat(40 * 1024)
        )
        .into_bytes(),
    )
    .await;
    let answer = long.answer().expect("an answer");
    assert_eq!(answer.status, StatusCode::URI_TOO_LONG);
    assert_eq!(answer.json()["error_code"], "APIGW.0201");
    // 200 KiB of headers: Huawei 431 APIGW.0201.
    let big = exchange(
        format!(
            "GET /v4/groups/123/user-groups HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\nX-Pad: {}\r\n\r\n",
            "p".repeat(200 * 1024)
        )
        .into_bytes(),
    )
    .await;
    let answer = big.answer().expect("an answer");
    assert_eq!(answer.status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    assert_eq!(answer.json()["error_code"], "APIGW.0201");
    // A 2 MB body announced by Content-Length is refused before it is sent: EnOS 31413.
    let announced = exchange(enos_head(2_000_000)).await;
    assert_eq!(announced.answer().expect("an answer").json()["code"], 31413);
    // The same in chunks, without a length: refused once the limit is passed.
    let mut chunked = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
        X-TC-Action: ExportAssetUserList\r\nX-TC-Version: 2018-02-28\r\nX-TC-Timestamp: 1\r\n\
        Authorization: TC3-HMAC-SHA256 x\r\nTransfer-Encoding: chunked\r\n\r\n"
        .to_vec();
    for _ in 0..20 {
        chunked.extend_from_slice(format!("{:x}\r\n", 100_000).as_bytes());
        chunked.extend(std::iter::repeat_n(b' ', 100_000));
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let answer = exchange(chunked).await.answer().expect("an answer");
    assert_eq!(
        answer.json()["Response"]["Error"]["Code"],
        "RequestSizeLimitExceeded"
    );
}

/// What the HTTP layer refuses before any vendor can be told: not HTTP at all. It answers
/// 400 (or closes) at once, never hangs.
#[tokio::test]
async fn requests_that_are_not_http_are_refused_at_once() {
    let server = LiveServer::start(Config::default()).await;
    // More header fields than the HTTP layer takes (100).
    let mut many_headers = b"GET /v4/groups/123/user-groups HTTP/1.1\r\nHost: x\r\n".to_vec();
    for i in 0..150 {
        many_headers.extend_from_slice(format!("X-Field-{i}: {i}\r\n").as_bytes());
    }
    many_headers.extend_from_slice(b"\r\n");
    for raw in [
        &b"GET /v4/groups/\xff/user-groups HTTP/1.1\r\nHost: x\r\n\r\n"[..],
        b"GET /v4/groups/1 2/user-groups HTTP/1.1\r\nHost: x\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
        b"HELLO\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nX-Bad: a\x00b\r\n\r\n",
        &many_headers,
    ] {
        let exchange = raw_exchange(server.addr, vec![(Duration::ZERO, raw.to_vec())], HANG).await;
        assert!(
            exchange.closed,
            "{:?}: left open",
            String::from_utf8_lossy(raw)
        );
        if let Some(answer) = parse_response(&exchange.bytes) {
            assert!(answer.status.is_client_error(), "{:?}", answer.status);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Limits and faults

fn huawei_request(uri: &str) -> axum::http::request::Builder {
    Request::builder().uri(uri).header("X-Auth-Token", "t")
}

fn tencent_request(action: &str) -> axum::http::request::Builder {
    Request::builder()
        .method("POST")
        .uri("/")
        .header("Content-Type", "application/json")
        .header("X-TC-Action", action)
        .header("X-TC-Version", "2018-02-28")
        .header("X-TC-Timestamp", "1700000000")
        .header("Authorization", "TC3-HMAC-SHA256 Credential=A/2023-11-14/cwp/tc3_request, SignedHeaders=content-type;host, Signature=0")
}

fn enos_request() -> axum::http::request::Builder {
    Request::builder()
        .method("POST")
        .uri("/app-portal-service/v2.3/userGroup/listAssignedUser?orgId=o123")
        .header("Content-Type", "application/json")
        .header("apim-accesstoken", "t")
}

const ENOS_BODY: &str = r#"{"userGroupId": "ug1", "pagination": {"pageNo": 0, "pageSize": 10}}"#;

#[tokio::test]
async fn requests_beyond_the_concurrency_limit_get_each_vendors_throttling_error() {
    let mut config = Config::default();
    config.limits.max_concurrency = 2;
    let app = app_with(config);
    // Two slow requests hold both places.
    let slow = |app: axum::Router| async move {
        send_bounded(
            app,
            huawei_request("/v4/groups/123/user-groups")
                .header("Prefer", "delay=1500")
                .body(Body::empty())
                .unwrap(),
        )
        .await
    };
    let first = tokio::spawn(slow(app.clone()));
    let second = tokio::spawn(slow(app.clone()));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let huawei = send_bounded(
        app.clone(),
        huawei_request("/v4/groups/123/user-groups")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(huawei.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(huawei.json()["error_code"], "APIGW.0308");
    let tencent = send_bounded(
        app.clone(),
        tencent_request("ExportAssetUserList")
            .body(Body::from("{}"))
            .unwrap(),
    )
    .await;
    assert_eq!(tencent.status, StatusCode::OK);
    assert_eq!(
        tencent.json()["Response"]["Error"]["Code"],
        "RequestLimitExceeded"
    );
    let enos = send_bounded(
        app.clone(),
        enos_request().body(Body::from(ENOS_BODY)).unwrap(),
    )
    .await;
    assert_eq!(enos.json()["code"], 31429);
    // The slow ones finish normally and give their places back.
    assert_eq!(first.await.unwrap().status, StatusCode::OK);
    assert_eq!(second.await.unwrap().status, StatusCode::OK);
    let after = send_bounded(
        app,
        huawei_request("/v4/groups/123/user-groups")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(after.status, StatusCode::OK);
}

#[tokio::test]
async fn enforced_rate_limits_allow_20_tencent_calls_per_second_per_action() {
    let mut config = Config::default();
    config.limits.enforce_rate_limits = true;
    let app = app_with(config);
    let call = |action: &'static str| {
        let app = app.clone();
        async move {
            let answer =
                send_bounded(app, tencent_request(action).body(Body::from("{}")).unwrap()).await;
            answer.json()["Response"]["Error"]["Code"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        }
    };
    let started = Instant::now();
    let mut codes = Vec::new();
    for _ in 0..25 {
        codes.push(call("ExportAssetUserList").await);
    }
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "the burst took too long to judge"
    );
    let limited = codes
        .iter()
        .filter(|c| *c == "RequestLimitExceeded")
        .count();
    assert_eq!(limited, 5, "{codes:?}");
    assert!(
        codes[..20].iter().all(|c| c != "RequestLimitExceeded"),
        "{codes:?}"
    );
    // Huawei and EnOS have no documented rate: not limited.
    for _ in 0..25 {
        let answer = send_bounded(
            app.clone(),
            huawei_request("/v4/groups/123/user-groups")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK);
    }
    // A second later the window has moved on.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_ne!(call("ExportAssetUserList").await, "RequestLimitExceeded");
}

#[tokio::test]
async fn prefer_code_answers_each_documented_status_in_the_vendors_envelope() {
    let app = app_with(Config::default());
    // Huawei: the statuses of the document, with a representative code each (README.md).
    for (status, code) in [
        (400, "WKS.00020400"),
        (401, "APIGW.0301"),
        (403, "WKS.00020403"),
        (404, "WKS.00020404"),
        (405, "WKS.00020405"),
        (500, "WKS.00020500"),
        (503, "WKS.00020503"),
    ] {
        let answer = send_bounded(
            app.clone(),
            huawei_request("/v2/0bec5db98280d2d02fd6c00c2de791ce/users/template/download")
                .header("Prefer", format!("code={status}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(answer.status.as_u16(), status);
        assert_eq!(answer.json()["error_code"], code);
        assert_eq!(
            answer.headers["preference-applied"],
            format!("code={status}").as_str()
        );
        assert!(answer.headers.contains_key("x-request-id"));
    }
    // CodeArts documents no 503: refused, saying which statuses it has.
    let answer = send_bounded(
        app.clone(),
        huawei_request("/v4/groups/123/user-groups")
            .header("Prefer", "code=503")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(
        answer.json()["error_msg"]
            .as_str()
            .unwrap()
            .contains("200, 400, 401, 403, 404"),
        "{}",
        answer.json()
    );
    // Tencent: HTTP 200 and the code the status stands for.
    for (status, code) in [
        (400, "InvalidParameter"),
        (401, "AuthFailure.SignatureFailure"),
        (403, "UnauthorizedOperation"),
        (404, "ResourceNotFound"),
        (429, "RequestLimitExceeded"),
        (500, "InternalError"),
        (503, "ServiceUnavailable"),
    ] {
        let answer = send_bounded(
            app.clone(),
            tencent_request("ExportAssetUserList")
                .header("Prefer", format!("code={status}"))
                .body(Body::from("{}"))
                .unwrap(),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.content_type(), "application/json");
        assert_eq!(answer.json()["Response"]["Error"]["Code"], code, "{status}");
    }
    // EnOS: HTTP 200 and 31000 + the status.
    for status in [400, 404, 413, 429, 500] {
        let answer = send_bounded(
            app.clone(),
            enos_request()
                .header("Prefer", format!("code={status}"))
                .body(Body::from(ENOS_BODY))
                .unwrap(),
        )
        .await;
        assert_eq!(answer.json()["code"], 31000 + status);
        assert!(answer.json()["data"].is_null());
    }
    // code=200 simply runs the operation.
    let answer = send_bounded(
        app.clone(),
        enos_request()
            .header("Prefer", "code=200")
            .body(Body::from(ENOS_BODY))
            .unwrap(),
    )
    .await;
    assert_eq!(answer.json()["code"], 0);
    // Preferences the stub does not support are ignored and not reported as applied.
    let answer = send_bounded(
        app,
        enos_request()
            .header("Prefer", "return=minimal, respond-async")
            .body(Body::from(ENOS_BODY))
            .unwrap(),
    )
    .await;
    assert_eq!(answer.json()["code"], 0);
    assert!(!answer.headers.contains_key("preference-applied"));
}

#[tokio::test]
async fn prefer_delay_holds_the_answer_back() {
    let app = app_with(Config::default());
    let started = Instant::now();
    let answer = send_bounded(
        app,
        huawei_request("/v4/groups/123/user-groups")
            .header("Prefer", "delay=400, code=404")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.headers["preference-applied"], "code=404, delay=400");
}

#[tokio::test]
async fn error_rate_and_latency_follow_the_seed() {
    let run = |seed: u64| async move {
        let config = Config {
            chaos: stub_server::faults::Chaos {
                latency: Some("5..30".parse().unwrap()),
                error_rate: 0.3,
                seed,
                panic_in_handlers: false,
            },
            ..Config::default()
        };
        let app = app_with(config);
        let mut outcome = Vec::new();
        for _ in 0..60 {
            let started = Instant::now();
            let answer = send_bounded(
                app.clone(),
                huawei_request("/v4/groups/123/user-groups")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            assert!(started.elapsed() >= Duration::from_millis(5));
            outcome.push(answer.status.as_u16());
        }
        outcome
    };
    let first = run(42).await;
    assert_eq!(first, run(42).await, "the same seed gives the same answers");
    let failed = first.iter().filter(|s| **s == 500).count();
    assert!((5..=35).contains(&failed), "{failed} of 60 at rate 0.3");
    assert!(first.iter().all(|s| *s == 200 || *s == 500), "{first:?}");
    assert_ne!(first, run(43).await, "another seed, another sequence");
}

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_panicking_handler_answers_the_vendors_500_and_logs_an_error() {
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    // This test's runtime runs every task on this thread, so the subscriber sees them all.
    let _guard = tracing::subscriber::set_default(subscriber);
    let mut config = Config::default();
    config.chaos.panic_in_handlers = true;
    let app = app_with(config);
    let huawei = send_bounded(
        app.clone(),
        huawei_request("/v4/groups/123/user-groups")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(huawei.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(huawei.json()["error_code"], "CH.004500");
    assert!(
        !huawei.json()["error_msg"]
            .as_str()
            .unwrap()
            .contains("panic"),
        "internals stay in the log"
    );
    let tencent = send_bounded(
        app.clone(),
        tencent_request("ExportAssetUserList")
            .body(Body::from("{}"))
            .unwrap(),
    )
    .await;
    assert_eq!(tencent.json()["Response"]["Error"]["Code"], "InternalError");
    let enos = send_bounded(app, enos_request().body(Body::from(ENOS_BODY)).unwrap()).await;
    assert_eq!(enos.json()["code"], 31500);
    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    let errors: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("ERROR") && l.contains("panicked"))
        .collect();
    assert_eq!(errors.len(), 3, "{text}");
    assert!(
        errors[0].contains("injected panic in ListGroupUserGroups"),
        "{text}"
    );
}
