//! Every malformed variant of an operation's request: methods, path, query, headers,
//! credentials, `Prefer`, sizes and the body.

use std::collections::BTreeSet;

use axum::http::{HeaderValue, Method};
use serde_json::Value;
use stub_server::contract::{Contracts, Location, Operation};

use super::requests::{
    BAD_UTF8, Case, Spec, Target, credentials, fill_path, filler, resolved, target, text,
};
use super::values::{invalid_json, invalid_texts};

/// `base` with header `name` set to `value` alone.
fn with_header(base: &Spec, name: &str, value: HeaderValue) -> Spec {
    let mut spec = base.clone();
    spec.set_header(name, value);
    spec
}

/// Every malformed variant of `op`'s request.
pub fn cases(op: &Operation, contracts: &Contracts) -> Vec<Case> {
    let Target {
        document,
        declared,
        aimed,
        base,
    } = target(&op.operation_id);
    let declared_parameter = |p: &stub_server::contract::Parameter| -> Value {
        let location = match p.location {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Body => "body",
        };
        declared
            .parameter(document, &p.name, location)
            .expect("the parameters resolve")
            .map_or(Value::Null, |d| d.schema.clone())
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
        values.extend(invalid_texts(&declared_parameter(p), document));
        for (label, value, sure) in values {
            let mut spec = base.clone();
            spec.path = fill_path(&aimed, &p.name, &value);
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
        let mut values = invalid_texts(&schema, document);
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
        if resolved(&schema, document)["type"] != "array" {
            let mut spec = base.clone();
            let value = filler(&schema, document);
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
        for (label, value, sure) in invalid_texts(&schema, document) {
            let Ok(value) = HeaderValue::from_str(&value) else {
                continue;
            };
            push(
                format!("header {} {label}", p.name),
                with_header(&base, &p.name, value),
                sure,
            );
        }
        for (label, bytes) in [
            ("invalid UTF-8", &b"\xff\xfe"[..]),
            ("a Latin-1 byte", &b"caf\xe9"[..]),
        ] {
            push(
                format!("header {} {label}", p.name),
                with_header(&base, &p.name, HeaderValue::from_bytes(bytes).unwrap()),
                true,
            );
        }
        let mut spec = base.clone();
        let value = match p.allowed.as_deref() {
            Some([first, ..]) => first.as_str().unwrap_or_default().to_owned(),
            _ => filler(&schema, document),
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
        let names = credentials(op.service);
        let without = || {
            let mut spec = base.clone();
            for name in names {
                spec.remove_header(name);
            }
            spec
        };
        push("no credentials".into(), without(), true);
        // The vendor's own credential header, empty or not text; then `Authorization` in
        // other schemes, or naming an algorithm without its fields.
        let own = [("an empty credential", &b""[..])]
            .into_iter()
            .chain([("a credential of invalid UTF-8", &b"\xff\xfe\xfd"[..])])
            .map(|(label, value)| (label, names[0], value));
        let authorization = [
            ("a Basic authorization", &b"Basic dXNlcjpwYXNz"[..]),
            ("a Bearer authorization", b"Bearer abc"),
            ("an algorithm without fields", b"SDK-HMAC-SHA256"),
            ("a bare TC3 algorithm", b"TC3-HMAC-SHA256"),
        ]
        .into_iter()
        .map(|(label, value)| (label, "Authorization", value));
        for (label, name, value) in own.chain(authorization) {
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
        push(
            format!("Prefer: {value}"),
            with_header(&base, "prefer", text(value)),
            true,
        );
    }
    push(
        "Prefer with invalid UTF-8".into(),
        with_header(
            &base,
            "prefer",
            HeaderValue::from_bytes(b"code=\xff").unwrap(),
        ),
        true,
    );
    let mut spec = base.clone();
    spec.add_header("x-hostile-padding", text(&"h".repeat(200 * 1024)));
    push("a 200 KiB header".into(), spec, true);
    let mut spec = base.clone();
    spec.add_query(&format!("hostile={}", "q".repeat(40 * 1024)));
    push("a 40 KiB query".into(), spec, true);

    // The body.
    if op.body.is_some() {
        let schema = &declared.object["requestBody"]["content"]["application/json"]["schema"];
        for (label, bad) in invalid_json(schema, document, 0) {
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
            push(
                format!("content type {content_type}"),
                with_header(&base, "content-type", text(content_type)),
                true,
            );
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
