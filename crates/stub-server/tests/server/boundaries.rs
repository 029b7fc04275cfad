//! Boundary cases generated from the emitted documents: every parameter and body field of
//! every operation, at and beyond each bound its schema declares.
//!
//! Nothing here restates a constraint. The generator reads each operation's parameters and
//! request body from `vendor_api::Service::ALL` (following `$ref`s into nested objects and
//! array items, and the `allOf` `if`/`then` rules of an object) and derives cases: bounds and
//! one past them, every enum value and values outside the enum, lengths, item counts, absent
//! required and optional values, wrong JSON types, empty values, unknown fields and unknown
//! query parameters. Each case is a valid baseline request (dataset anchors, documented
//! defaults) with exactly one thing changed. An accepted case expects the operation's success
//! answer, or the not-found answer the dataset implies; a rejected one expects the vendor's
//! validation code. A constraint the stub does not enforce therefore fails the test, as the
//! unit tests on hand-made schemas below show the generator produces each bound.

mod body;
mod cases;
mod judge;
mod schema;
mod values;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use vendor_api::Service;

use body::{body_cases, repair, rules};
use cases::{Case, all_operations, floor, operation_cases};
use judge::{Outcome, judge, run, tencent_semantics};
use schema::Expect::{self, Accept, Reject};
use schema::{Kind, effective};
use values::{ParamCase, param_cases, string_cases};

use crate::support;

#[tokio::test]
async fn every_documented_bound_is_enforced_exactly() {
    let mut failures = Vec::new();
    let mut outcomes = Vec::new();
    let mut total = 0;
    for (service, doc, operation_id) in all_operations() {
        let (cases, problems) = operation_cases(&doc, &operation_id);
        eprintln!("{operation_id}: {} boundary cases", cases.len());
        assert!(
            cases.len() >= floor(&operation_id),
            "{operation_id}: only {} cases generated (floor {})",
            cases.len(),
            floor(&operation_id)
        );
        total += cases.len();
        let failed = run(service, &operation_id, &cases).await;
        let passed = problems.is_empty() && failed.is_empty();
        outcomes.push((operation_id.clone(), passed, cases.len() as u64));
        failures.extend(problems);
        failures.extend(failed);
    }
    eprintln!("total: {total} boundary cases");
    support::record_coverage("validated", &outcomes);
    assert!(
        failures.is_empty(),
        "{} boundary case(s) failed:\n  - {}",
        failures.len(),
        failures.join("\n  - ")
    );
}

#[tokio::test]
async fn tencent_filter_values_follow_the_rule_of_their_key() {
    let service = Service::TencentCwp;
    let doc = service.document();
    let (cases, problems) = operation_cases(&doc, "ExportAssetUserList");
    assert!(problems.is_empty(), "{problems:#?}");
    let filter = effective(&doc, &json!({"$ref": "#/components/schemas/Filter"}));
    let keys: Vec<String> = effective(&doc, &filter["properties"]["Name"])["enum"]
        .as_array()
        .expect("FilterName is an enum")
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    let ruled: Vec<String> = rules(&filter)
        .into_iter()
        .filter_map(|r| r.value.as_str().map(str::to_owned))
        .collect();
    assert!(
        ruled.len() >= 10,
        "the Filter schema has only {} per-key rules",
        ruled.len()
    );
    let mut missing = Vec::new();
    let mut selected = Vec::new();
    for key in &keys {
        let marker = format!("rule Name=\"{key}\"");
        let of_key: Vec<&Case> = cases.iter().filter(|c| c.label.contains(&marker)).collect();
        let accepted = of_key.iter().filter(|c| c.expect == Accept).count();
        let rejected = of_key.len() - accepted;
        if ruled.contains(key) {
            if accepted == 0 || rejected == 0 {
                missing.push(format!(
                    "{key}: {accepted} accepted and {rejected} rejected values"
                ));
            }
            selected.extend(of_key.into_iter().cloned());
        } else {
            // A key without a rule takes any text: `Name` with every generated text value.
            let any = cases.iter().any(|c| {
                c.expect == Accept
                    && c.spec
                        .body
                        .as_ref()
                        .and_then(|b| b.pointer("/Filters/0/Name"))
                        == Some(&json!(key))
            });
            if !any {
                missing.push(format!("{key}: no accepted case"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "per-key filter cases missing: {missing:#?}"
    );
    let failures = run(service, "ExportAssetUserList", &selected).await;
    eprintln!(
        "Tencent per-key filter rules: {} cases over {} keys",
        selected.len(),
        ruled.len()
    );
    assert!(
        failures.is_empty(),
        "{} per-key filter case(s) failed:\n  - {}",
        failures.len(),
        failures.join("\n  - ")
    );
}

/// Every key of the Filter schema, run with a value its rule allows (so the request is
/// answered with a task), and the `Name` key with any text.
#[tokio::test]
async fn tencent_every_filter_key_accepts_an_allowed_value() {
    let doc = Service::TencentCwp.document();
    let filter = effective(&doc, &json!({"$ref": "#/components/schemas/Filter"}));
    let keys = effective(&doc, &filter["properties"]["Name"])["enum"].clone();
    for key in keys.as_array().expect("enum") {
        let mut value = json!({"Name": key, "Values": ["x"]});
        for rule in rules(&filter).iter().filter(|r| r.value == *key) {
            repair(&doc, &filter, rule, &mut value, &[]);
        }
        let body = json!({"Filters": [value]});
        let answer = support::call(Service::TencentCwp, Method::POST, "/", Some(&body)).await;
        let expected = Outcome::Success;
        assert_eq!(
            judge(Service::TencentCwp, &answer, &expected),
            Ok(()),
            "{body}"
        );
    }
}

/// The range check JSON Schema cannot express: the earliest `LoginTimeStart` may not be after
/// the latest `LoginTimeEnd`.
#[tokio::test]
async fn tencent_login_time_range_must_not_be_reversed() {
    let range = |start: &str, end: &str| {
        json!({"Filters": [{"Name": "LoginTimeStart", "Values": [start]},
                           {"Name": "LoginTimeEnd", "Values": [end]}]})
    };
    for (start, end, expected) in [
        ("2021-01-11", "2021-01-11", Outcome::Success),
        ("2021-01-11", "2025-09-17", Outcome::Success),
        (
            "2021-01-12",
            "2021-01-11",
            Outcome::Error {
                status: StatusCode::OK,
                code: "InvalidParameter.DateRange".to_owned(),
            },
        ),
    ] {
        let body = range(start, end);
        assert_eq!(tencent_semantics(Some(&body)), expected, "{body}");
        let answer = support::call(Service::TencentCwp, Method::POST, "/", Some(&body)).await;
        assert_eq!(
            judge(Service::TencentCwp, &answer, &expected),
            Ok(()),
            "{body}"
        );
    }
}

// =============================================================================================
// The generator on hand-made schemas: each declared bound yields a case on both sides, so a
// stub that ignores a constraint fails the generated test.

fn snippet_doc() -> Value {
    json!({"components": {"schemas": {
        "Colour": {"type": "string", "enum": ["red", "green"]},
        "Small": {"type": "integer", "minimum": 3, "maximum": 9},
    }}})
}

/// The cases of a parameter over [`snippet_doc`]; the generator must cover it whole.
#[track_caller]
fn snippet_param(param: Value) -> Vec<ParamCase> {
    let (cases, problems) = param_cases(&snippet_doc(), &param);
    assert!(problems.is_empty(), "{problems:?}");
    cases
}

fn has_param(cases: &[ParamCase], text: &str, expect: Expect) -> bool {
    cases
        .iter()
        .any(|c| c.texts.as_deref() == Some(&[text.to_owned()][..]) && c.expect == expect)
}

/// Asserts that each text is among the cases with this expectation.
#[track_caller]
fn assert_params(cases: &[ParamCase], expect: Expect, texts: &[&str]) {
    for text in texts {
        assert!(has_param(cases, text, expect), "{text:?}: {expect:?}");
    }
}

/// Whether the cases leave the parameter out with this expectation.
fn has_absent(cases: &[ParamCase], expect: Expect) -> bool {
    cases
        .iter()
        .any(|c| c.texts.is_none() && c.expect == expect)
}

#[test]
fn generator_covers_each_bound_of_an_integer_parameter() {
    let cases = snippet_param(json!({"name": "n", "in": "query", "required": false,
                       "schema": {"type": "integer", "minimum": 3, "maximum": 9}}));
    assert_params(&cases, Accept, &["3", "9"]);
    assert_params(&cases, Reject(Kind::Invalid), &["2", "10"]);
    assert_params(&cases, Reject(Kind::WrongType), &["abc", "1.5", ""]);
    assert!(has_absent(&cases, Accept), "optional and absent");
    assert!(
        cases
            .iter()
            .any(|c| c.texts.as_ref().is_some_and(|t| t.len() == 2)
                && c.expect == Reject(Kind::Repeated))
    );
    // Through a `$ref` the same bounds are found.
    let cases = snippet_param(json!({"name": "n", "in": "header", "required": true,
                       "schema": {"$ref": "#/components/schemas/Small"}}));
    assert!(has_param(&cases, "10", Reject(Kind::Invalid)));
    assert!(has_absent(&cases, Reject(Kind::Missing)));
}

#[test]
fn generator_covers_lengths_enums_and_empty_values_of_string_parameters() {
    let cases = snippet_param(json!({"name": "s", "in": "query", "required": true,
                       "schema": {"type": "string", "minLength": 2, "maxLength": 4}}));
    assert!(has_absent(&cases, Reject(Kind::Missing)));
    assert_params(&cases, Accept, &["aa", "aaaa"]);
    assert_params(&cases, Reject(Kind::Invalid), &["a", "aaaaa"]);

    let free = json!({"name": "f", "in": "query", "schema": {"type": "string"}});
    assert!(
        has_param(&snippet_param(free), "", Accept),
        "no minLength: the empty value is valid"
    );
    let one = json!({"name": "o", "in": "query", "schema": {"type": "string", "minLength": 1}});
    assert!(has_param(&snippet_param(one), "", Reject(Kind::Invalid)));

    let colour =
        json!({"name": "c", "in": "query", "schema": {"$ref": "#/components/schemas/Colour"}});
    let cases = snippet_param(colour);
    assert_params(&cases, Accept, &["red", "green"]);
    assert_params(&cases, Reject(Kind::Invalid), &["", "RED"]);
}

#[test]
fn generator_covers_nested_body_fields_items_and_rules() {
    let doc = snippet_doc();
    let schema = json!({
        "type": "object",
        "required": ["colour"],
        "additionalProperties": false,
        "properties": {
            "colour": {"$ref": "#/components/schemas/Colour"},
            "list": {"type": "array", "minItems": 1, "maxItems": 3, "items": {
                "type": "object",
                "required": ["k", "v"],
                "properties": {
                    "k": {"type": "string", "enum": ["plain", "wide"]},
                    "v": {"$ref": "#/components/schemas/Small"},
                },
                "allOf": [{"if": {"properties": {"k": {"const": "wide"}}},
                           "then": {"properties": {"v": {"type": "integer", "minimum": 5}}}}],
            }},
        },
    });
    let (cases, problems) = body_cases(&doc, &schema, &json!({"colour": "red"}));
    assert!(problems.is_empty(), "{problems:?}");
    let has =
        |body: Value, expect: Expect| cases.iter().any(|c| c.body == body && c.expect == expect);
    assert!(has(json!({"colour": "green"}), Accept));
    assert!(has(json!({"colour": ""}), Reject(Kind::Invalid)));
    assert!(has(json!({"colour": 7}), Reject(Kind::WrongType)));
    assert!(has(json!({}), Reject(Kind::Missing)));
    assert!(has(
        json!({"colour": "red", "undocumentedField": "x"}),
        Reject(Kind::Unknown)
    ));
    // The optional array, synthesized from its items: item counts at and past the bounds.
    let item = json!({"k": "plain", "v": 3});
    assert!(has(
        json!({"colour": "red", "list": [item, item, item]}),
        Accept
    ));
    assert!(has(
        json!({"colour": "red", "list": [item, item, item, item]}),
        Reject(Kind::Invalid)
    ));
    assert!(has(
        json!({"colour": "red", "list": []}),
        Reject(Kind::Invalid)
    ));
    assert!(has(
        json!({"colour": "red", "list": {}}),
        Reject(Kind::WrongType)
    ));
    // Into the items, through the `$ref`.
    let list = |v: Value| json!({"colour": "red", "list": [{"k": "plain", "v": v}]});
    assert!(has(list(json!(9)), Accept));
    assert!(has(list(json!(10)), Reject(Kind::Invalid)));
    assert!(has(list(json!(2)), Reject(Kind::Invalid)));
    assert!(has(list(json!("1")), Reject(Kind::WrongType)));
    assert!(has(list(json!(1.5)), Reject(Kind::WrongType)));
    assert!(has(list(json!(3.0)), Accept));
    assert!(has(
        json!({"colour": "red", "list": [{"k": "plain"}]}),
        Reject(Kind::Missing)
    ));
    // The conditional rule: k = "wide" narrows v to at least 5, on both sides; setting k to
    // "wide" alone brings v into the rule's range.
    let wide = |v: i64| json!({"colour": "red", "list": [{"k": "wide", "v": v}]});
    assert!(has(wide(5), Accept));
    assert!(has(wide(4), Reject(Kind::Invalid)));
    assert!(has(wide(9), Accept));
    assert!(has(wide(10), Reject(Kind::Invalid)));
    assert!(cases.iter().any(|c| {
        c.label
            .contains("enum value \"wide\" (with v valid for it)")
            && c.body == wide(5)
    }));
    // And every case agrees with the schema itself.
    let validator = support::schema_validator(&doc, &schema);
    for case in &cases {
        assert_eq!(
            validator.is_valid(&case.body),
            case.expect == Accept,
            "{}: {}",
            case.label,
            case.body
        );
    }
}

#[test]
fn generator_classifies_pattern_and_date_probes_by_the_schema() {
    let doc = snippet_doc();
    let mut problems = Vec::new();
    let digits = effective(&doc, &json!({"type": "string", "pattern": "^[0-9]{1,20}$"}));
    let cases = string_cases(&doc, &digits, &mut problems);
    let expect_of =
        |cases: &[(String, String, Expect)], v: &str| cases.iter().find(|c| c.1 == v).map(|c| c.2);
    assert_eq!(expect_of(&cases, "18446744073709551615"), Some(Accept));
    assert_eq!(
        expect_of(&cases, "123456789012345678901"),
        Some(Reject(Kind::Invalid))
    );
    assert_eq!(expect_of(&cases, ""), Some(Reject(Kind::Invalid)));
    let date = effective(&doc, &json!({"type": "string", "format": "date"}));
    let cases = string_cases(&doc, &date, &mut problems);
    assert_eq!(expect_of(&cases, "2024-02-29"), Some(Accept));
    assert_eq!(expect_of(&cases, "2021-13-01"), Some(Reject(Kind::Format)));
    assert_eq!(expect_of(&cases, "not-a-date"), Some(Reject(Kind::Format)));
    assert!(problems.is_empty(), "{problems:?}");
    // A pattern no probe satisfies is reported rather than silently half-covered.
    let odd = effective(&doc, &json!({"type": "string", "pattern": "^zz+$"}));
    string_cases(&doc, &odd, &mut problems);
    assert_eq!(problems.len(), 1);
}
