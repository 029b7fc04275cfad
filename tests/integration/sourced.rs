//! The points of the documents that come from the vendor pages' own words and were missing
//! before (issue 20): the pages' error codes, each operation's permission, the pages' example
//! requests as parameter examples, and the export flows as response links.
//!
//! Every expectation is written from the seeds (`../shared/seeds/`) or the research notes, not
//! from the generated documents.

use serde_json::{Value, json};
use vendor_api::Service;
use vendor_api::Service::{
    EnosAppPortal as ENOS, HuaweiCodeartsRepo as REPO, HuaweiWorkspace as WKS, TencentCwp as CWP,
};
use vendor_api::walk;

/// The operation object with this operationId in `service`'s document.
fn operation(doc: &Value, id: &str) -> Value {
    walk::operation(doc, id)
        .unwrap_or_else(|| panic!("no operation {id}"))
        .object
        .clone()
}

fn description(doc: &Value, id: &str) -> String {
    operation(doc, id)["description"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The `x-error-codes` entries and the description of a code property.
fn code_property(doc: &Value, schema: &str, property: &str) -> (Vec<Value>, String) {
    let at = &doc["components"]["schemas"][schema]["properties"][property];
    assert!(
        at.get("enum").is_none() && at.get("const").is_none(),
        "{schema}.{property} must stay open (vendors add codes), not an enum"
    );
    let entries = at["x-error-codes"]
        .as_array()
        .unwrap_or_else(|| panic!("{schema}.{property} has no x-error-codes"))
        .clone();
    (
        entries,
        at["description"].as_str().unwrap_or_default().to_owned(),
    )
}

fn entry<'a>(entries: &'a [Value], code: &Value) -> &'a Value {
    entries
        .iter()
        .find(|e| e["code"] == *code)
        .unwrap_or_else(|| panic!("code {code} is not in x-error-codes"))
}

/// A code as a description writes it: text in backquotes, numbers bare.
fn written(code: &Value) -> String {
    match code {
        Value::String(text) => format!("`{text}`"),
        other => other.to_string(),
    }
}

/// Seed 002, "6. Error Code": "InternalError Internal error; InternalError.MainDBFail Failed
/// to manipulate the data.; InvalidParameter Incorrect parameter.; InvalidParameter.DateRange
/// Incorrect time range format." Seed 003, "Error Codes": 31400 and 31404. Seed 004: the
/// examples' `DEV.00000003`, `CH.004403`, `CH.004404`. Each is on the code property, as a
/// code the page lists for the operation, and in the operation's description.
#[test]
fn the_pages_error_codes_are_documented_on_the_code_and_the_operation() {
    let pages: [(Service, &str, &str, &str, Vec<Value>); 3] = [
        (
            CWP,
            "TencentError",
            "Code",
            "ExportAssetUserList",
            [
                "InternalError",
                "InternalError.MainDBFail",
                "InvalidParameter",
                "InvalidParameter.DateRange",
            ]
            .map(Value::from)
            .to_vec(),
        ),
        (
            ENOS,
            "ListAssignedUserResponse",
            "code",
            "listAssignedUser",
            vec![json!(31400), json!(31404)],
        ),
        (
            REPO,
            "CodeArtsError",
            "error_code",
            "ListGroupUserGroups",
            ["DEV.00000003", "CH.004403", "CH.004404"]
                .map(Value::from)
                .to_vec(),
        ),
    ];
    for (service, schema, property, id, codes) in pages {
        let doc = service.document();
        let (entries, text) = code_property(&doc, schema, property);
        let operation_text = description(&doc, id);
        for code in &codes {
            let found = entry(&entries, code);
            assert_eq!(found["origin"], "page", "{code}: {found}");
            assert!(
                text.contains(&written(code)),
                "{schema}.{property} does not name {code}"
            );
            assert!(
                operation_text.contains(&written(code)),
                "{id}'s description does not name {code}"
            );
        }
    }
    // Research §3.5: ExportTasks' business errors are InternalError and ResourceNotFound.
    let doc = CWP.document();
    let text = description(&doc, "ExportTasks");
    for code in ["`InternalError`", "`ResourceNotFound`"] {
        assert!(text.contains(code), "ExportTasks does not name {code}");
    }
}

/// Every code an example answer carries is among the documented codes, and every illustrative
/// code says so (DECISIONS: codes marked illustrative are the project's own).
#[test]
fn every_example_code_is_documented_and_illustrative_codes_are_marked() {
    let at: [(Service, &str, &str, &str); 4] = [
        (WKS, "WorkspaceError", "error_code", "/error_code"),
        (REPO, "CodeArtsError", "error_code", "/error_code"),
        (CWP, "TencentError", "Code", "/Response/Error/Code"),
        (ENOS, "ListAssignedUserResponse", "code", "/code"),
    ];
    for (service, schema, property, pointer) in at {
        let doc = service.document();
        let (entries, text) = code_property(&doc, schema, property);
        for op in walk::operations(&doc) {
            for (status, response) in op.object["responses"].as_object().into_iter().flatten() {
                let examples = response["content"]["application/json"]["examples"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(_, e)| &e["value"]);
                for example in examples {
                    if let Some(code) = example.pointer(pointer) {
                        entry(&entries, code);
                        assert!(
                            text.contains(&written(code)),
                            "{}: the code {code} of a {status} example is not described",
                            op.id
                        );
                    }
                }
            }
        }
        for e in &entries {
            let illustrative = e["origin"] == "illustrative";
            assert!(
                !illustrative
                    || text.contains(&format!(
                        "{} ({}, illustrative)",
                        written(&e["code"]),
                        e["description"].as_str().unwrap_or_default()
                    )),
                "{schema}.{property}: {e} must be marked illustrative in the description"
            );
        }
    }
}

/// Seed 000: "no identity policy-based permission required for calling this API"; seed 001:
/// "workspace:users:getImportTemplate"; research §1.4: `workspace:tenants:listExportTasks`,
/// `workspace:tenants:exportData`; research §5.1: `codeartsrepo:group:getMembers`; seed 003:
/// "assign the permission of “Access user information” to the application"; seed 002 names no
/// permission.
#[test]
fn each_operation_names_its_permission() {
    let expected: [(Service, &str, &str); 9] = [
        (WKS, "ExportUserGroupUsersNew", "IAM action: none"),
        (
            WKS,
            "ExportUsersTemplate",
            "IAM action: `workspace:users:getImportTemplate`",
        ),
        (
            WKS,
            "ListExportTasks",
            "IAM action: `workspace:tenants:listExportTasks`",
        ),
        (
            WKS,
            "DownloadExportFile",
            "IAM action: `workspace:tenants:exportData`",
        ),
        (
            REPO,
            "ListGroupUserGroups",
            "IAM action: `codeartsrepo:group:getMembers`",
        ),
        (CWP, "ExportAssetUserList", "CAM action: none"),
        (CWP, "ExportTasks", "CAM action: none"),
        (ENOS, "listAssignedUser", "no IAM action"),
        (ENOS, "listAssignedUser", "\"Access user information\""),
    ];
    for (service, id, text) in expected {
        let got = description(&service.document(), id);
        assert!(got.contains(text), "{id}: {text:?} not in {got:?}");
    }
}

/// The pages' example requests: seed 001 `GET /v2/0bec5db98280d2d02fd6c00c2de791ce/users/
/// template/download?language=zh_CN`; seed 003 `…/listAssignedUser?orgId=your_org_id`; seed
/// 004 `…?project_id={project_id}&offset=0&limit=20` (without `project_id`, not a parameter).
#[test]
fn the_pages_example_requests_are_parameter_examples() {
    let expected: [(Service, &str, &str, Value); 5] = [
        (WKS, "ExportUsersTemplate", "language", json!("zh_CN")),
        (
            WKS,
            "ExportUsersTemplate",
            "project_id",
            json!("0bec5db98280d2d02fd6c00c2de791ce"),
        ),
        (ENOS, "listAssignedUser", "orgId", json!("your_org_id")),
        (REPO, "ListGroupUserGroups", "offset", json!(0)),
        (REPO, "ListGroupUserGroups", "limit", json!(20)),
    ];
    for (service, id, name, want) in expected {
        let doc = service.document();
        let found = walk::operation(&doc, id).expect("documented");
        let parameter = found.object["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{id} has no parameter {name}"));
        let got = parameter
            .get("example")
            .or_else(|| parameter["schema"].get("example"));
        assert_eq!(got, Some(&want), "{id} {name}: {parameter}");
    }
}

/// A link expected in a document: the service, the operation answering, the operation that
/// follows, its parameters (qualified name, runtime expression) and its request body.
type Flow = (
    Service,
    &'static str,
    &'static str,
    Vec<(&'static str, &'static str)>,
    Option<Value>,
);

/// Seed 002: `TaskId` "is used together with ExportTasks API"; research §1.4: the task list
/// takes `task_id` and the download `GET /v2/{project_id}/export-tasks/{task_id}/download`.
/// Each link names an operation of the document and sets parameters that operation has.
#[test]
fn the_export_flows_are_response_links() {
    let flows: [Flow; 3] = [
        (
            WKS,
            "ExportUserGroupUsersNew",
            "ListExportTasks",
            vec![
                ("query.task_id", "$response.body#/task_id"),
                ("path.project_id", "$request.path.project_id"),
            ],
            None,
        ),
        (
            WKS,
            "ListExportTasks",
            "DownloadExportFile",
            vec![
                ("path.task_id", "$response.body#/export_tasks/0/task_id"),
                ("path.project_id", "$request.path.project_id"),
            ],
            None,
        ),
        (
            CWP,
            "ExportAssetUserList",
            "ExportTasks",
            vec![],
            Some(json!({"TaskId": "$response.body#/Response/TaskId"})),
        ),
    ];
    for (service, from, to, parameters, body) in flows {
        let doc = service.document();
        let link = &operation(&doc, from)["responses"]["200"]["links"][to];
        assert_eq!(link["operationId"], to, "{from} -> {to}: {link}");
        let target = operation(&doc, to);
        for (name, expression) in parameters {
            assert_eq!(
                link["parameters"][name], expression,
                "{from} -> {to} {name}"
            );
            let (location, bare) = name.split_once('.').expect("qualified");
            assert!(
                target["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|p| p["name"] == bare && p["in"] == location),
                "{to} has no {location} parameter {bare}"
            );
        }
        assert_eq!(link.get("requestBody"), body.as_ref(), "{from} -> {to}");
    }
}
