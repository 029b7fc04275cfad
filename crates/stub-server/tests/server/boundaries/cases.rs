//! The cases of the documents: every parameter and the body of every operation, each case
//! the shared baseline request with exactly one thing changed.

use serde_json::Value;
use vendor_api::Service;
use vendor_api::walk;

use super::body::body_cases;
use super::schema::Expect::{Accept, Reject};
use super::schema::{Expect, Kind};
use super::values::param_cases;
use crate::support;
use crate::support::baseline::{Spec, baseline};

/// One runnable case.
#[derive(Debug, Clone)]
pub struct Case {
    pub label: String,
    pub spec: Spec,
    pub expect: Expect,
    /// Where the changed value travels and its name, for the vendor's code.
    pub location: String,
    pub name: String,
}

/// Every case of one operation, and what the generator could not cover.
pub fn operation_cases(doc: &Value, operation_id: &str) -> (Vec<Case>, Vec<String>) {
    let base = baseline(operation_id);
    let (_, _, _, op) = support::operation(operation_id);
    let mut cases = Vec::new();
    let mut problems = Vec::new();
    let mut query_names = Vec::new();
    for param in op["parameters"].as_array().into_iter().flatten() {
        let name = param["name"].as_str().unwrap_or_default().to_owned();
        let location = param["in"].as_str().unwrap_or_default().to_owned();
        if location == "query" {
            query_names.push(name.clone());
        }
        let (generated, trouble) = param_cases(doc, param);
        problems.extend(trouble);
        for generated in generated {
            cases.push(Case {
                label: generated.label,
                spec: base.with_param(&location, &name, generated.texts.as_deref()),
                expect: generated.expect,
                location: location.clone(),
                name: name.clone(),
            });
        }
    }
    // Query parameters the document does not define: an invented one, and a documented name
    // in another case.
    let mut unknown = vec!["undocumented_parameter".to_owned()];
    unknown.extend(
        query_names
            .first()
            .map(|n| n.to_uppercase())
            .filter(|n| !query_names.contains(n)),
    );
    for name in unknown {
        let mut spec = base.clone();
        spec.query.push((name.clone(), "1".to_owned()));
        cases.push(Case {
            label: format!("query {name}: not defined by the document"),
            spec,
            expect: Reject(Kind::Unknown),
            location: "query".to_owned(),
            name,
        });
    }
    if let Some(schema) = op.pointer("/requestBody/content/application~1json/schema") {
        let baseline_body = base.body.clone().expect("a baseline body");
        let validator = support::schema_validator(doc, schema);
        let errors = support::schema_errors(&validator, &baseline_body);
        assert!(
            errors.is_empty(),
            "{operation_id}: the baseline body is invalid: {errors}"
        );
        let (generated, trouble) = body_cases(doc, schema, &baseline_body);
        problems.extend(trouble);
        for generated in generated {
            // The generator's intent must agree with the document's own schema.
            let valid = validator.is_valid(&generated.body);
            if valid != (generated.expect == Accept) {
                problems.push(format!(
                    "generator: {operation_id} [{}] expects {:?} but the document says the body is {}: {}",
                    generated.label,
                    generated.expect,
                    if valid { "valid" } else { "invalid" },
                    generated.body
                ));
            }
            let mut spec = base.clone();
            spec.body = Some(generated.body);
            cases.push(Case {
                label: format!("body {}", generated.label),
                spec,
                expect: generated.expect,
                location: "body".to_owned(),
                name: String::new(),
            });
        }
    }
    (cases, problems)
}

pub fn all_operations() -> Vec<(Service, Value, String)> {
    let mut out = Vec::new();
    for service in Service::ALL {
        let doc = service.document();
        for op in walk::operations(&doc) {
            out.push((service, doc.clone(), op.id.to_owned()));
        }
    }
    out
}

/// Fewest cases an operation must generate: a floor well under the real counts, so that a
/// generator that silently stops reading the documents fails.
pub fn floor(operation_id: &str) -> usize {
    match operation_id {
        "ExportAssetUserList" => 250,
        "listAssignedUser" => 55,
        "ExportUserGroupUsersNew" => 30,
        "ListGroupUserGroups" => 30,
        "ListExportTasks" => 45,
        // Two unconstrained path parameters and X-Project-Id: little to vary.
        "DownloadExportFile" => 4,
        _ => 15,
    }
}
