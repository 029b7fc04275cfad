//! Fidelity of the documents to the vendor pages (`../shared/seeds/`), the research notes
//! (`../shared/research/`) and the departures recorded in DECISIONS.md.
//!
//! Every expectation below was written from those sources, not from the generated documents:
//! when a test here fails, either the document is wrong or a decision is missing from
//! DECISIONS.md. Assertions are about the effective schema, with `$ref`s followed.

use std::collections::BTreeSet;

use serde_json::{Map, Value};
use vendor_api::Service;
use vendor_api::Service::{
    EnosAppPortal as ENOS, HuaweiCodeartsRepo as REPO, HuaweiWorkspace as WKS, TencentCwp as CWP,
};

use vendor_api::walk::{self, branches, child, effective, resolve, types};

use crate::support::{DocumentValidator, assert_no_failures};

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

const EXPORT: &str = "ExportUserGroupUsersNew";
const TEMPLATE: &str = "ExportUsersTemplate";
const CWP_EXPORT: &str = "ExportAssetUserList";
const ENOS_LIST: &str = "listAssignedUser";
const REPO_LIST: &str = "ListGroupUserGroups";
const LIST_TASKS: &str = "ListExportTasks";
const DOWNLOAD: &str = "DownloadExportFile";
const EXPORT_TASKS: &str = "ExportTasks";

const JSON: &str = "application/json";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[derive(Debug)]
struct Operation {
    service: Service,
    id: &'static str,
    method: &'static str,
    path: &'static str,
    /// Media type of the request body, which is then required; `None`: no body.
    body: Option<&'static str>,
}

#[rustfmt::skip]
const OPERATIONS: &[Operation] = &[
    // Seed 000; the page's example path `/v3/{project_id}/users/export` belongs to ExportUsersNew.
    Operation { service: WKS, id: EXPORT, method: "get", path: "/v3/{project_id}/groups/{group_id}/users/export", body: None },
    // Seed 001.
    Operation { service: WKS, id: TEMPLATE, method: "get", path: "/v2/{project_id}/users/template/download", body: None },
    // Seed 002: POST / with X-TC-Action; the SDKs always send a JSON body (`{}` at least).
    Operation { service: CWP, id: CWP_EXPORT, method: "post", path: "/", body: Some(JSON) },
    // Seed 003: orgId in the query, JSON body.
    Operation { service: ENOS, id: ENOS_LIST, method: "post", path: "/app-portal-service/v2.3/userGroup/listAssignedUser", body: Some(JSON) },
    // Seed 004.
    Operation { service: REPO, id: REPO_LIST, method: "get", path: "/v4/groups/{group_id}/user-groups", body: None },
    // Research §1.4: the export center's task list and file download (SDK resource paths).
    Operation { service: WKS, id: LIST_TASKS, method: "get", path: "/v2/{project_id}/export-tasks", body: None },
    Operation { service: WKS, id: DOWNLOAD, method: "get", path: "/v2/{project_id}/export-tasks/{task_id}/download", body: None },
    // Research §3.5: action ExportTasks, POST / like every action; DECISIONS writes it `/#ExportTasks`.
    Operation { service: CWP, id: EXPORT_TASKS, method: "post", path: "/#ExportTasks", body: Some(JSON) },
];

/// Where an operation sits in a document, as the shared walker reads it.
type Found<'a> = walk::Operation<'a>;

/// The operation with operationId `id` in its service's document.
fn operation<'a>(doc: &'a Value, id: &str) -> Result<Found<'a>, String> {
    walk::operation(doc, id).ok_or_else(|| "no operation with this operationId".to_owned())
}

fn expected_operation(id: &str) -> &'static Operation {
    OPERATIONS
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("{id} is not in OPERATIONS"))
}

/// The four documents, built once per test (or altered, to show that a check can fail).
#[derive(Debug, Clone)]
struct Docs(Vec<(Service, Value)>);

impl Docs {
    fn current() -> Self {
        Docs(
            Service::ALL
                .into_iter()
                .map(|s| (s, s.document()))
                .collect(),
        )
    }

    fn of(&self, service: Service) -> &Value {
        &self
            .0
            .iter()
            .find(|(s, _)| *s == service)
            .expect("every service has a document")
            .1
    }

    fn of_mut(&mut self, service: Service) -> &mut Value {
        &mut self
            .0
            .iter_mut()
            .find(|(s, _)| *s == service)
            .expect("every service has a document")
            .1
    }
}

/// Runs `check` for every row, against the document of the row's operation's service, and
/// collects the failures.
fn each<T: std::fmt::Debug>(
    docs: &Docs,
    rows: &[T],
    op_of: fn(&T) -> &'static str,
    check: fn(&Value, &Found<'_>, &T) -> Result<(), String>,
) -> Vec<String> {
    let mut failures = Vec::new();
    for row in rows {
        let id = op_of(row);
        let doc = docs.of(expected_operation(id).service);
        let outcome = operation(doc, id).and_then(|found| check(doc, &found, row));
        if let Err(e) = outcome {
            failures.push(format!("{id}: {e}"));
        }
    }
    failures
}

fn check_operations(docs: &Docs) -> Vec<String> {
    let mut failures = Vec::new();
    for service in Service::ALL {
        let doc = docs.of(service);
        let ids: Vec<String> = walk::operations(doc)
            .into_iter()
            .map(|op| op.id.to_owned())
            .collect();
        let found: BTreeSet<String> = ids.iter().cloned().collect();
        if found.len() != ids.len() {
            failures.push(format!(
                "{}: repeated operationIds in {ids:?}",
                service.name()
            ));
        }
        let expected: BTreeSet<String> = OPERATIONS
            .iter()
            .filter(|o| o.service == service)
            .map(|o| o.id.to_owned())
            .collect();
        if found != expected {
            failures.push(format!(
                "{}: operations {found:?}, expected {expected:?}",
                service.name()
            ));
        }
    }
    for op in OPERATIONS {
        let doc = docs.of(op.service);
        let found = match operation(doc, op.id) {
            Ok(found) => found,
            Err(e) => {
                failures.push(format!("{}: {e}", op.id));
                continue;
            }
        };
        if (found.method, found.path) != (op.method, op.path) {
            failures.push(format!(
                "{}: at {} {}, expected {} {}",
                op.id, found.method, found.path, op.method, op.path
            ));
        }
        let body = found.object.get("requestBody");
        match (op.body, body) {
            (None, None) => {}
            (None, Some(_)) => failures.push(format!(
                "{}: has a request body; the vendor documents none",
                op.id
            )),
            (Some(_), None) => failures.push(format!("{}: has no request body", op.id)),
            (Some(media), Some(body)) => {
                let body = resolve(doc, body).map(|(b, _)| b).unwrap_or(body);
                if body["required"] != true {
                    failures.push(format!("{}: the request body is not required", op.id));
                }
                let media_types: Vec<&String> = keys(&body["content"]);
                if media_types != [media] {
                    failures.push(format!(
                        "{}: request media types {media_types:?}, expected [{media}]",
                        op.id
                    ));
                }
            }
        }
    }
    failures
}

// ---------------------------------------------------------------------------------------------
// Constraints, shared by parameters and body fields
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum Rule {
    Min(i64),
    Max(i64),
    MinLen(u64),
    MaxLen(u64),
    MinItems(u64),
    MaxItems(u64),
    /// `enum` (or `const`) with exactly these values, in any order.
    OneOf(&'static [&'static str]),
    /// `default`, as JSON text.
    Default(&'static str),
    /// No `default`: an absent value must not turn into a filter.
    NoDefault,
    Format(&'static str),
    /// `additionalProperties: false`.
    Closed,
    /// The schema admits `null`; without this rule it must not.
    Nullable,
    /// Parameter `style` (an absent `style` is the location's default).
    Style(&'static str),
    /// Parameter `explode` (an absent `explode` is `true` for `form`, else `false`).
    Explode(bool),
}

use Rule::*;

/// Checks the JSON type and every rule of `schema` (and, for `Style`/`Explode`, of the
/// parameter object holding it).
fn check_schema(
    doc: &Value,
    schema: &Value,
    ty: &str,
    rules: &[Rule],
    parameter: Option<&Value>,
) -> Result<(), String> {
    let admitted = types(doc, schema)?;
    let non_null: BTreeSet<&str> = admitted
        .iter()
        .map(String::as_str)
        .filter(|t| *t != "null")
        .collect();
    if non_null != BTreeSet::from([ty]) {
        return Err(format!("type {non_null:?}, expected {ty:?}"));
    }
    let nullable = admitted.contains("null");
    let want_nullable = rules.iter().any(|r| matches!(r, Nullable));
    if nullable != want_nullable {
        return Err(if want_nullable {
            "does not admit null".into()
        } else {
            "admits null".into()
        });
    }
    let eff = effective(doc, schema)?;
    let mut failures = Vec::new();
    for rule in rules {
        if let Err(e) = check_rule(&eff, *rule, parameter) {
            failures.push(e);
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("; "))
    }
}

fn number(eff: &Map<String, Value>, keyword: &str) -> Option<f64> {
    eff.get(keyword).and_then(Value::as_f64)
}

fn check_rule(
    eff: &Map<String, Value>,
    rule: Rule,
    parameter: Option<&Value>,
) -> Result<(), String> {
    let expect_number = |keyword: &str, want: f64| match number(eff, keyword) {
        Some(got) if got == want => Ok(()),
        got => Err(format!("{keyword} is {got:?}, expected {want}")),
    };
    match rule {
        Min(n) => expect_number("minimum", n as f64),
        Max(n) => expect_number("maximum", n as f64),
        MinLen(n) => expect_number("minLength", n as f64),
        MaxLen(n) => expect_number("maxLength", n as f64),
        MinItems(n) => expect_number("minItems", n as f64),
        MaxItems(n) => expect_number("maxItems", n as f64),
        OneOf(values) => {
            let got: Option<BTreeSet<String>> = match (eff.get("enum"), eff.get("const")) {
                (Some(Value::Array(items)), _) => Some(
                    items
                        .iter()
                        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                        .collect(),
                ),
                (None, Some(Value::String(c))) => Some(BTreeSet::from([c.clone()])),
                _ => None,
            };
            let want: BTreeSet<String> = values.iter().map(|v| (*v).to_owned()).collect();
            match got {
                Some(got) if got == want => Ok(()),
                Some(got) => Err(format!(
                    "allowed values {got:?}, expected {want:?} (missing {:?}, extra {:?})",
                    want.difference(&got).collect::<Vec<_>>(),
                    got.difference(&want).collect::<Vec<_>>()
                )),
                None => Err(format!("no enum, expected one of {want:?}")),
            }
        }
        Default(text) => {
            let want: Value = serde_json::from_str(text).expect("Default(..) holds JSON text");
            match eff.get("default") {
                Some(got) if *got == want => Ok(()),
                got => Err(format!("default is {got:?}, expected {want}")),
            }
        }
        NoDefault => match eff.get("default") {
            None => Ok(()),
            Some(got) => Err(format!("has default {got}; the vendor documents none")),
        },
        Format(want) => match eff.get("format").and_then(Value::as_str) {
            Some(got) if got == want => Ok(()),
            got => Err(format!("format is {got:?}, expected {want:?}")),
        },
        Closed => match eff.get("additionalProperties") {
            Some(Value::Bool(false)) => Ok(()),
            got => Err(format!("additionalProperties is {got:?}, expected false")),
        },
        Nullable => Ok(()),
        Style(want) => {
            let parameter = parameter.ok_or("Style applies to parameters only")?;
            let default = match parameter["in"].as_str() {
                Some("query" | "cookie") => "form",
                _ => "simple",
            };
            keyword_is(parameter, "style", Value::as_str, default, want)
        }
        Explode(want) => {
            let parameter = parameter.ok_or("Explode applies to parameters only")?;
            let style = parameter.get("style").and_then(Value::as_str);
            let default = match (style, parameter["in"].as_str()) {
                (Some(style), _) => style == "form",
                (None, Some(location)) => matches!(location, "query" | "cookie"),
                (None, None) => false,
            };
            keyword_is(parameter, "explode", Value::as_bool, default, want)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Param {
    op: &'static str,
    name: &'static str,
    location: &'static str,
    required: bool,
    ty: &'static str,
    rules: &'static [Rule],
}

const ACTIVE_TYPES: &[&str] = &["USER_ACTIVATE", "ADMIN_ACTIVATE"];
/// Research §1.4: the four export task states.
const TASK_STATES: &[&str] = &["CREATING", "SUCCESS", "FAIL", "EXPIRED"];
const LANGUAGES: &[&str] = &["zh_CN", "en_US"];
const INT32_MAX: i64 = 2_147_483_647;

/// Tencent's common parameters as Signature v3 headers (DECISIONS), the same on every
/// action but `X-TC-Action`, which [`PARAMS`] lists per action: (name, required, type, rules).
#[rustfmt::skip]
const TENCENT_HEADERS: &[(&str, bool, &str, &[Rule])] = &[
    ("X-TC-Version", true, "string", &[OneOf(&["2018-02-28"])]),
    ("X-TC-Timestamp", true, "integer", &[]),
    ("X-TC-Region", false, "string", &[]),
    ("X-TC-Language", false, "string", &[OneOf(&["zh-CN", "en-US"])]),
    ("X-TC-Token", false, "string", &[]),
    ("X-TC-RequestClient", false, "string", &[]),
    ("X-TC-Content-SHA256", false, "string", &[OneOf(&["UNSIGNED-PAYLOAD"])]),
];

/// [`PARAMS`] and, for each Tencent action, [`TENCENT_HEADERS`].
fn all_params() -> Vec<Param> {
    let mut out = PARAMS.to_vec();
    for op in [CWP_EXPORT, EXPORT_TASKS] {
        for &(name, required, ty, rules) in TENCENT_HEADERS {
            let location = "header";
            out.push(Param {
                op,
                name,
                location,
                required,
                ty,
                rules,
            });
        }
    }
    out
}

#[rustfmt::skip]
const PARAMS: &[Param] = &[
    // Huawei Workspace, ExportUserGroupUsersNew (seed 000; `user_names` from the SDK; X-Project-Id: DECISIONS).
    Param { op: EXPORT, name: "project_id", location: "path", required: true, ty: "string", rules: &[] },
    Param { op: EXPORT, name: "group_id", location: "path", required: true, ty: "string", rules: &[] },
    Param { op: EXPORT, name: "user_name", location: "query", required: false, ty: "string", rules: &[] },
    Param { op: EXPORT, name: "user_names", location: "query", required: false, ty: "array", rules: &[Style("form"), Explode(true)] },
    Param { op: EXPORT, name: "description", location: "query", required: false, ty: "string", rules: &[] },
    Param { op: EXPORT, name: "active_type", location: "query", required: false, ty: "string", rules: &[OneOf(ACTIVE_TYPES), NoDefault] },
    Param { op: EXPORT, name: "group_name", location: "query", required: false, ty: "string", rules: &[] },
    Param { op: EXPORT, name: "language", location: "query", required: false, ty: "string", rules: &[OneOf(LANGUAGES)] },
    Param { op: EXPORT, name: "enterprise_project_id", location: "query", required: false, ty: "string", rules: &[] },
    Param { op: EXPORT, name: "X-Project-Id", location: "header", required: false, ty: "string", rules: &[] },
    // Huawei Workspace, ExportUsersTemplate (seed 001; default of active_type from the SDK).
    Param { op: TEMPLATE, name: "project_id", location: "path", required: true, ty: "string", rules: &[] },
    Param { op: TEMPLATE, name: "language", location: "query", required: false, ty: "string", rules: &[OneOf(LANGUAGES)] },
    Param { op: TEMPLATE, name: "active_type", location: "query", required: false, ty: "string", rules: &[OneOf(ACTIVE_TYPES), Default("\"USER_ACTIVATE\"")] },
    Param { op: TEMPLATE, name: "X-Project-Id", location: "header", required: false, ty: "string", rules: &[] },
    // Tencent CWP: each action's own X-TC-Action (the other common headers: TENCENT_HEADERS).
    Param { op: CWP_EXPORT, name: "X-TC-Action", location: "header", required: true, ty: "string", rules: &[OneOf(&["ExportAssetUserList"])] },
    // Tencent ExportTasks: X-TC-Action allows only its own action.
    Param { op: EXPORT_TASKS, name: "X-TC-Action", location: "header", required: true, ty: "string", rules: &[OneOf(&["ExportTasks"])] },
    // Huawei Workspace, ListExportTasks (research §1.4 and the SDK request model: limit 1-100,
    // default 20; offset default 0; sort_type default ascending; the CN page lists
    // sort_field create_time and sort_type ASC/DESC). is_download filters only when given
    // (DECISIONS).
    Param { op: LIST_TASKS, name: "project_id", location: "path", required: true, ty: "string", rules: &[] },
    Param { op: LIST_TASKS, name: "file_name", location: "query", required: false, ty: "string", rules: &[] },
    Param { op: LIST_TASKS, name: "task_id", location: "query", required: false, ty: "string", rules: &[] },
    Param { op: LIST_TASKS, name: "status", location: "query", required: false, ty: "string", rules: &[OneOf(TASK_STATES), NoDefault] },
    Param { op: LIST_TASKS, name: "is_download", location: "query", required: false, ty: "boolean", rules: &[NoDefault] },
    Param { op: LIST_TASKS, name: "sort_field", location: "query", required: false, ty: "string", rules: &[OneOf(&["create_time"]), NoDefault] },
    Param { op: LIST_TASKS, name: "sort_type", location: "query", required: false, ty: "string", rules: &[OneOf(&["ASC", "DESC"]), Default("\"ASC\"")] },
    Param { op: LIST_TASKS, name: "offset", location: "query", required: false, ty: "integer", rules: &[Min(0), Max(INT32_MAX), Default("0")] },
    Param { op: LIST_TASKS, name: "limit", location: "query", required: false, ty: "integer", rules: &[Min(1), Max(100), Default("20")] },
    Param { op: LIST_TASKS, name: "X-Project-Id", location: "header", required: false, ty: "string", rules: &[] },
    // Huawei Workspace, DownloadExportFile (research §1.4: project_id and task_id in the path).
    Param { op: DOWNLOAD, name: "project_id", location: "path", required: true, ty: "string", rules: &[] },
    Param { op: DOWNLOAD, name: "task_id", location: "path", required: true, ty: "string", rules: &[] },
    Param { op: DOWNLOAD, name: "X-Project-Id", location: "header", required: false, ty: "string", rules: &[] },
    // EnOS (seed 003: orgId is in the query; apim headers from the gateway docs).
    Param { op: ENOS_LIST, name: "orgId", location: "query", required: true, ty: "string", rules: &[MinLen(1)] },
    Param { op: ENOS_LIST, name: "apim-signature", location: "header", required: false, ty: "string", rules: &[] },
    Param { op: ENOS_LIST, name: "apim-timestamp", location: "header", required: false, ty: "integer", rules: &[] },
    // CodeArts Repo (seed 004; X-Auth-Token optional per DECISIONS; no project_id).
    Param { op: REPO_LIST, name: "group_id", location: "path", required: true, ty: "integer", rules: &[Min(1), Max(INT32_MAX)] },
    Param { op: REPO_LIST, name: "search", location: "query", required: false, ty: "string", rules: &[MinLen(1), MaxLen(1000)] },
    Param { op: REPO_LIST, name: "offset", location: "query", required: false, ty: "integer", rules: &[Min(0), Max(INT32_MAX), Default("0")] },
    Param { op: REPO_LIST, name: "limit", location: "query", required: false, ty: "integer", rules: &[Min(1), Max(100), Default("20")] },
    Param { op: REPO_LIST, name: "X-Auth-Token", location: "header", required: false, ty: "string", rules: &[MinLen(1), MaxLen(100_000)] },
];

/// Array parameters and the type of their items.
#[rustfmt::skip]
const PARAM_ITEMS: &[(&str, &str, &str)] = &[
    (EXPORT, "user_names", "string"),
];

/// The parameters of an operation (path-level ones included), with `$ref`s followed.
fn parameters<'a>(doc: &'a Value, found: &Found<'a>) -> Result<Vec<&'a Value>, String> {
    Ok(found
        .parameters(doc)?
        .into_iter()
        .map(|p| p.object)
        .collect())
}

fn parameter<'a>(
    doc: &'a Value,
    found: &Found<'a>,
    name: &str,
    location: &str,
) -> Result<&'a Value, String> {
    parameters(doc, found)?
        .into_iter()
        .find(|p| p["name"] == name && p["in"] == location)
        .ok_or_else(|| format!("no {location} parameter `{name}`"))
}

/// The keys of a JSON object (none for anything else), e.g. the media types of a `content`.
fn keys(value: &Value) -> Vec<&String> {
    value
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k)
        .collect()
}

/// Runs `check` on each operation of [`OPERATIONS`] found in its document, with the
/// failures so far; an operation its document lacks is a failure of its own.
fn each_operation(
    docs: &Docs,
    mut check: impl FnMut(&Operation, &Value, Found<'_>, &mut Vec<String>),
) -> Vec<String> {
    let mut failures = Vec::new();
    for op in OPERATIONS {
        let doc = docs.of(op.service);
        match operation(doc, op.id) {
            Ok(found) => check(op, doc, found, &mut failures),
            Err(_) => failures.push(format!("{}: missing", op.id)),
        }
    }
    failures
}

fn check_parameter_lists(docs: &Docs) -> Vec<String> {
    each_operation(docs, |op, doc, found, failures| {
        let got: BTreeSet<(String, String)> = match parameters(doc, &found) {
            Ok(params) => params
                .iter()
                .map(|p| {
                    (
                        p["in"].as_str().unwrap_or("?").to_owned(),
                        p["name"].as_str().unwrap_or("?").to_owned(),
                    )
                })
                .collect(),
            Err(e) => {
                failures.push(format!("{}: {e}", op.id));
                return;
            }
        };
        let want: BTreeSet<(String, String)> = all_params()
            .iter()
            .filter(|p| p.op == op.id)
            .map(|p| (p.location.to_owned(), p.name.to_owned()))
            .collect();
        for (location, name) in got.difference(&want) {
            failures.push(format!(
                "{}: undocumented {location} parameter `{name}`",
                op.id
            ));
        }
        for (location, name) in want.difference(&got) {
            failures.push(format!("{}: missing {location} parameter `{name}`", op.id));
        }
    })
}

fn check_parameters(docs: &Docs) -> Vec<String> {
    let failures = each(
        docs,
        &all_params(),
        |p| p.op,
        |doc, found, row| {
            let param = parameter(doc, found, row.name, row.location)?;
            let required = param
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if required != row.required {
                return Err(format!(
                    "parameter `{}`: required is {required}, expected {}",
                    row.name, row.required
                ));
            }
            let schema = param
                .get("schema")
                .ok_or_else(|| format!("parameter `{}` has no schema", row.name))?;
            check_schema(doc, schema, row.ty, row.rules, Some(param))
                .map_err(|e| format!("parameter `{}`: {e}", row.name))
        },
    );
    let items = each(
        docs,
        PARAM_ITEMS,
        |r| r.0,
        |doc, found, &(_, name, ty)| {
            let param = parameter(doc, found, name, "query")?;
            let eff = effective(doc, &param["schema"])?;
            let items = eff
                .get("items")
                .ok_or_else(|| format!("parameter `{name}` has no items"))?;
            check_schema(doc, items, ty, &[], None)
                .map_err(|e| format!("parameter `{name}` items: {e}"))
        },
    );
    [failures, items].concat()
}

/// Vendor value definitions the document must carry into the parameter's text (parameter
/// description, or the description of its effective schema), case-insensitively.
#[rustfmt::skip]
const PARAM_TEXTS: &[(&str, &str, &[&str])] = &[
    // Seed 000/001 define both values; DECISIONS: USER_ACTIVATE is "The user activates the account".
    (EXPORT, "active_type", &["USER_ACTIVATE", "user activates", "ADMIN_ACTIVATE", "administrator"]),
    (TEMPLATE, "active_type", &["USER_ACTIVATE", "user activates", "ADMIN_ACTIVATE", "administrator"]),
    (EXPORT, "language", &["zh_CN", "Chinese", "en_US", "English"]),
    (TEMPLATE, "language", &["zh_CN", "Chinese", "en_US", "English"]),
    // Research §1.4 defines the four states.
    (LIST_TASKS, "status", &["CREATING", "SUCCESS", "FAIL", "EXPIRED", "fail", "expire"]),
    (LIST_TASKS, "sort_type", &["ASC", "ascending", "DESC", "descending"]),
];

fn check_parameter_texts(docs: &Docs) -> Vec<String> {
    each(
        docs,
        PARAM_TEXTS,
        |r| r.0,
        |doc, found, &(_, name, phrases)| {
            let param = parameters(doc, found)?
                .into_iter()
                .find(|p| p["name"] == name)
                .ok_or_else(|| format!("no parameter `{name}`"))?;
            let eff = effective(doc, &param["schema"])?;
            let text = format!(
                "{} {}",
                param["description"].as_str().unwrap_or(""),
                eff.get("description").and_then(Value::as_str).unwrap_or("")
            )
            .to_lowercase();
            let missing: Vec<&&str> = phrases
                .iter()
                .filter(|p| !text.contains(&p.to_lowercase()))
                .collect();
            if missing.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "parameter `{name}` does not explain {missing:?}; its text is {text:?}"
                ))
            }
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Body fields (request and response)
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq)]
enum Presence {
    /// Listed in the parent's `required`.
    R,
    /// Not listed in the parent's `required`.
    O,
    /// The sources do not say; not checked. Also used for the root and for array items.
    U,
}

use Presence::{O, R, U};

/// A field of a JSON body: `at` is `"request"` or a response status; `path` is a dotted path
/// from the body's root (`""`), with `[]` for array items, e.g. `Filters[].Values[]`.
#[derive(Debug, Clone, Copy)]
struct Field {
    op: &'static str,
    at: &'static str,
    path: &'static str,
    presence: Presence,
    ty: &'static str,
    rules: &'static [Rule],
}

const FILTER_NAMES: &[&str] = &[
    "Name",
    "Uid",
    "Guid",
    "LoginTimeStart",
    "LoginTimeEnd",
    "LoginType",
    "OsType",
    "Status",
    "Type",
    "IsDomain",
    "IsRoot",
    "IsSudo",
    "IsSshLogin",
    "ShellLoginStatus",
    "PasswordStatus",
];
const SORT_BY: &[&str] = &[
    "FirstTime",
    "LoginTime",
    "ChangePasswordTime",
    "PasswordDuaTime",
    "PasswordLockDays",
];
const LEN_1_1000: &[Rule] = &[MinLen(1), MaxLen(1000)];
const NULLABLE_LEN_1_1000: &[Rule] = &[Nullable, MinLen(1), MaxLen(1000)];
const TIMESTAMP: &[Rule] = &[Format("date-time"), MinLen(1), MaxLen(1000)];

#[rustfmt::skip]
const FIELDS: &[Field] = &[
    // Tencent ExportAssetUserList request (seed 002 + SDK models + DECISIONS).
    Field { op: CWP_EXPORT, at: "request", path: "", presence: U, ty: "object", rules: &[Closed] },
    Field { op: CWP_EXPORT, at: "request", path: "Quuid", presence: O, ty: "string", rules: &[] },
    Field { op: CWP_EXPORT, at: "request", path: "Filters", presence: O, ty: "array", rules: &[MaxItems(5)] },
    Field { op: CWP_EXPORT, at: "request", path: "Filters[]", presence: U, ty: "object", rules: &[] },
    Field { op: CWP_EXPORT, at: "request", path: "Filters[].Name", presence: R, ty: "string", rules: &[OneOf(FILTER_NAMES)] },
    Field { op: CWP_EXPORT, at: "request", path: "Filters[].Values", presence: R, ty: "array", rules: &[MinItems(1), MaxItems(5)] },
    Field { op: CWP_EXPORT, at: "request", path: "Filters[].Values[]", presence: U, ty: "string", rules: &[] },
    Field { op: CWP_EXPORT, at: "request", path: "Filters[].ExactMatch", presence: O, ty: "boolean", rules: &[] },
    Field { op: CWP_EXPORT, at: "request", path: "Order", presence: O, ty: "string", rules: &[OneOf(&["asc", "desc"])] },
    Field { op: CWP_EXPORT, at: "request", path: "By", presence: O, ty: "string", rules: &[OneOf(SORT_BY)] },
    // Tencent response: `Response` is the result or the common error structure, always HTTP 200.
    Field { op: CWP_EXPORT, at: "200", path: "Response.TaskId", presence: R, ty: "string", rules: &[] },
    // Tencent ExportTasks (research §3.5: TaskId required; Status, DownloadUrl always present,
    // FileName optional; the common response and error structure).
    Field { op: EXPORT_TASKS, at: "request", path: "", presence: U, ty: "object", rules: &[Closed] },
    Field { op: EXPORT_TASKS, at: "request", path: "TaskId", presence: R, ty: "string", rules: &[] },
    Field { op: EXPORT_TASKS, at: "200", path: "Response.Status", presence: R, ty: "string", rules: &[OneOf(&["PENDING", "FINISHED", "ERROR"])] },
    Field { op: EXPORT_TASKS, at: "200", path: "Response.DownloadUrl", presence: R, ty: "string", rules: &[] },
    Field { op: EXPORT_TASKS, at: "200", path: "Response.FileName", presence: O, ty: "string", rules: &[] },
    // Workspace ListExportTasks 200 (research §1.4, ExportTaskItem; times are UTC
    // yyyy-MM-ddTHH:mm:ss.SSSZ, written RFC 3339 per DECISIONS; end_time absent while
    // CREATING, fail_reason and error_code only for FAIL). Neither the page nor the SDK model
    // says any field is always sent, so none is required (DECISIONS "All documents" 6).
    Field { op: LIST_TASKS, at: "200", path: "", presence: U, ty: "object", rules: &[] },
    Field { op: LIST_TASKS, at: "200", path: "export_tasks", presence: O, ty: "array", rules: &[] },
    Field { op: LIST_TASKS, at: "200", path: "count", presence: O, ty: "integer", rules: &[] },
    Field { op: LIST_TASKS, at: "200", path: "export_tasks[]", presence: U, ty: "object", rules: &[] },
    Field { op: LIST_TASKS, at: "200", path: "export_tasks[].task_id", presence: O, ty: "string", rules: &[] },
    Field { op: LIST_TASKS, at: "200", path: "export_tasks[].file_name", presence: O, ty: "string", rules: &[] },
    Field { op: LIST_TASKS, at: "200", path: "export_tasks[].status", presence: O, ty: "string", rules: &[OneOf(TASK_STATES)] },
    Field { op: LIST_TASKS, at: "200", path: "export_tasks[].fail_reason", presence: O, ty: "string", rules: &[] },
    Field { op: LIST_TASKS, at: "200", path: "export_tasks[].error_code", presence: O, ty: "string", rules: &[] },
    Field { op: LIST_TASKS, at: "200", path: "export_tasks[].create_time", presence: O, ty: "string", rules: &[Format("date-time")] },
    Field { op: LIST_TASKS, at: "200", path: "export_tasks[].end_time", presence: O, ty: "string", rules: &[Format("date-time")] },
    Field { op: LIST_TASKS, at: "200", path: "export_tasks[].is_download", presence: O, ty: "boolean", rules: &[] },
    // EnOS listAssignedUser request (seed 003 + DECISIONS).
    Field { op: ENOS_LIST, at: "request", path: "", presence: U, ty: "object", rules: &[Closed] },
    Field { op: ENOS_LIST, at: "request", path: "userGroupId", presence: R, ty: "string", rules: &[] },
    Field { op: ENOS_LIST, at: "request", path: "pagination", presence: R, ty: "object", rules: &[] },
    Field { op: ENOS_LIST, at: "request", path: "pagination.pageNo", presence: R, ty: "integer", rules: &[Min(0)] },
    Field { op: ENOS_LIST, at: "request", path: "pagination.pageSize", presence: R, ty: "integer", rules: &[Min(1), Max(1000)] },
    // EnOS response: `{code, message, data}`, `data` always present and null on errors
    // (DECISIONS EnOS 13, 14). The page marks no field of `data` as always sent and documents no
    // bounds for answers: the return sample's `pageSize: 1` after a request of 100 shows the
    // answer is not the request echoed (DECISIONS "All documents" 6, EnOS 15).
    Field { op: ENOS_LIST, at: "200", path: "", presence: U, ty: "object", rules: &[] },
    Field { op: ENOS_LIST, at: "200", path: "code", presence: R, ty: "integer", rules: &[] },
    Field { op: ENOS_LIST, at: "200", path: "message", presence: R, ty: "string", rules: &[] },
    Field { op: ENOS_LIST, at: "200", path: "data", presence: R, ty: "object", rules: &[Nullable] },
    Field { op: ENOS_LIST, at: "200", path: "data.users", presence: O, ty: "array", rules: &[] },
    Field { op: ENOS_LIST, at: "200", path: "data.users[]", presence: U, ty: "object", rules: &[] },
    Field { op: ENOS_LIST, at: "200", path: "data.users[].userId", presence: O, ty: "string", rules: &[] },
    Field { op: ENOS_LIST, at: "200", path: "data.users[].name", presence: O, ty: "string", rules: &[] },
    Field { op: ENOS_LIST, at: "200", path: "data.users[].email", presence: O, ty: "string", rules: &[] },
    Field { op: ENOS_LIST, at: "200", path: "data.users[].phone", presence: O, ty: "string", rules: &[] },
    Field { op: ENOS_LIST, at: "200", path: "data.users[].phoneArea", presence: O, ty: "string", rules: &[] },
    Field { op: ENOS_LIST, at: "200", path: "data.pagination", presence: O, ty: "object", rules: &[] },
    Field { op: ENOS_LIST, at: "200", path: "data.pagination.totalElements", presence: O, ty: "integer", rules: &[] },
    Field { op: ENOS_LIST, at: "200", path: "data.pagination.pageNo", presence: O, ty: "integer", rules: &[] },
    Field { op: ENOS_LIST, at: "200", path: "data.pagination.pageSize", presence: O, ty: "integer", rules: &[] },
    // Workspace export 200: the task ID; the status table calls the answer "Task ID"
    // (DECISIONS Workspace 17).
    Field { op: EXPORT, at: "200", path: "", presence: U, ty: "object", rules: &[] },
    Field { op: EXPORT, at: "200", path: "task_id", presence: R, ty: "string", rules: &[] },
    // CodeArts 200: a bare array of ProjectUserGroupDto; all ten keys required (the example
    // writes three of them as null), three nullable, and the page's "Value range" for each.
    Field { op: REPO_LIST, at: "200", path: "", presence: U, ty: "array", rules: &[] },
    Field { op: REPO_LIST, at: "200", path: "[]", presence: U, ty: "object", rules: &[] },
    Field { op: REPO_LIST, at: "200", path: "[].id", presence: R, ty: "integer", rules: &[Min(1), Max(INT32_MAX)] },
    Field { op: REPO_LIST, at: "200", path: "[].user_group_id", presence: R, ty: "string", rules: LEN_1_1000 },
    Field { op: REPO_LIST, at: "200", path: "[].name", presence: R, ty: "string", rules: LEN_1_1000 },
    Field { op: REPO_LIST, at: "200", path: "[].project_id", presence: R, ty: "string", rules: NULLABLE_LEN_1_1000 },
    Field { op: REPO_LIST, at: "200", path: "[].tenant_id", presence: R, ty: "string", rules: LEN_1_1000 },
    Field { op: REPO_LIST, at: "200", path: "[].group_type", presence: R, ty: "string", rules: NULLABLE_LEN_1_1000 },
    Field { op: REPO_LIST, at: "200", path: "[].member_count", presence: R, ty: "integer", rules: &[Min(0), Max(INT32_MAX)] },
    Field { op: REPO_LIST, at: "200", path: "[].created_at", presence: R, ty: "string", rules: TIMESTAMP },
    Field { op: REPO_LIST, at: "200", path: "[].updated_at", presence: R, ty: "string", rules: TIMESTAMP },
    Field { op: REPO_LIST, at: "200", path: "[].description", presence: R, ty: "string", rules: NULLABLE_LEN_1_1000 },
];

/// Bodies whose fields are the same on several statuses or operations: the error bodies of
/// the Huawei operations, and Tencent's common response structure.
#[derive(Debug)]
struct Envelope {
    op: &'static str,
    statuses: &'static [&'static str],
    /// (path, presence, type)
    fields: &'static [(&'static str, Presence, &'static str)],
}

/// Seeds 000/001: every error status lists the three fields; DECISIONS makes the last optional.
const WORKSPACE_ERROR: &[(&str, Presence, &str)] = &[
    ("", U, "object"),
    ("error_code", R, "string"),
    ("error_msg", R, "string"),
    ("encoded_authorization_message", O, "string"),
];
/// Seed 004: error_code and error_msg only.
const CODEARTS_ERROR: &[(&str, Presence, &str)] = &[
    ("", U, "object"),
    ("error_code", R, "string"),
    ("error_msg", R, "string"),
];

/// Seed 002 and research §3.5: `Response` holds the result or the common error structure,
/// always HTTP 200; the `Error` fields are documented on every action.
const TENCENT_RESPONSE: &[(&str, Presence, &str)] = &[
    ("", U, "object"),
    ("Response", R, "object"),
    ("Response.RequestId", R, "string"),
    ("Response.Error", R, "object"),
    ("Response.Error.Code", R, "string"),
    ("Response.Error.Message", R, "string"),
];

#[rustfmt::skip]
const ENVELOPES: &[Envelope] = &[
    Envelope { op: CWP_EXPORT, statuses: &["200"], fields: TENCENT_RESPONSE },
    Envelope { op: EXPORT_TASKS, statuses: &["200"], fields: TENCENT_RESPONSE },
    Envelope { op: EXPORT, statuses: &["400", "401", "403", "404", "405", "500"], fields: WORKSPACE_ERROR },
    Envelope { op: TEMPLATE, statuses: &["400", "401", "403", "404", "405", "500", "503"], fields: WORKSPACE_ERROR },
    Envelope { op: REPO_LIST, statuses: &["400", "401", "403", "404"], fields: CODEARTS_ERROR },
    // Research §1.4: 400, 401, 500 on both pages; 404 added (DECISIONS).
    Envelope { op: LIST_TASKS, statuses: &["400", "401", "404", "500"], fields: WORKSPACE_ERROR },
    Envelope { op: DOWNLOAD, statuses: &["400", "401", "404", "500"], fields: WORKSPACE_ERROR },
];

/// [`FIELDS`] and the fields of [`ENVELOPES`], one row per status.
fn all_fields() -> Vec<Field> {
    let mut out = FIELDS.to_vec();
    for envelope in ENVELOPES {
        for status in envelope.statuses {
            for &(path, presence, ty) in envelope.fields {
                out.push(Field {
                    op: envelope.op,
                    at: status,
                    path,
                    presence,
                    ty,
                    rules: &[],
                });
            }
        }
    }
    out
}

/// Checks that a parameter's `keyword` (or, when absent, its `default`) is `want`.
fn keyword_is<'v, T: PartialEq + std::fmt::Debug>(
    parameter: &'v Value,
    keyword: &str,
    read: fn(&'v Value) -> Option<T>,
    default: T,
    want: T,
) -> Result<(), String> {
    let got = parameter.get(keyword).and_then(read).unwrap_or(default);
    if got == want {
        Ok(())
    } else {
        Err(format!("{keyword} is {got:?}, expected {want:?}"))
    }
}

/// JSON Pointer of the JSON body schema of `found` at `at` ("request" or a status).
fn body_schema_pointer(doc: &Value, found: &Found<'_>, at: &str) -> Result<String, String> {
    let holder = if at == "request" {
        format!("{}/requestBody", found.pointer())
    } else {
        child(&format!("{}/responses", found.pointer()), at)
    };
    let value = doc
        .pointer(&holder)
        .ok_or_else(|| format!("no {}", describe(at)))?;
    let (_, target) = resolve(doc, value)?;
    let holder = target.unwrap_or(holder);
    let pointer = child(&format!("{holder}/content"), JSON) + "/schema";
    doc.pointer(&pointer)
        .ok_or_else(|| format!("{} has no {JSON} schema", describe(at)))?;
    Ok(pointer)
}

fn describe(at: &str) -> String {
    if at == "request" {
        "request body".into()
    } else {
        format!("response {at}")
    }
}

/// A schema reached by a field path, and whether its property is required by its parent.
#[derive(Debug)]
struct Located<'a> {
    schema: &'a Value,
    required: Option<bool>,
}

fn path_tokens(path: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    for segment in path.split('.').filter(|s| !s.is_empty()) {
        let name = segment.trim_end_matches("[]");
        if !name.is_empty() {
            tokens.push(name.to_owned());
        }
        for _ in 0..(segment.len() - name.len()) / 2 {
            tokens.push("[]".to_owned());
        }
    }
    tokens
}

/// Follows `path` from `root`; a property is looked up in every branch of a `oneOf`/`anyOf`
/// that declares it (e.g. `Response.Error` in the error branch only).
fn navigate<'a>(doc: &'a Value, root: &'a Value, path: &str) -> Result<Vec<Located<'a>>, String> {
    let mut current = vec![Located {
        schema: root,
        required: None,
    }];
    for token in path_tokens(path) {
        let mut next = Vec::new();
        for located in &current {
            for branch in branches(doc, located.schema)? {
                if token == "[]" {
                    if let Some(items) = branch.get("items") {
                        next.push(Located {
                            schema: items,
                            required: None,
                        });
                    }
                } else if let Some(schema) = branch.get("properties").and_then(|p| p.get(&token)) {
                    let required = branch["required"]
                        .as_array()
                        .is_some_and(|r| r.iter().any(|n| n == token.as_str()));
                    next.push(Located {
                        schema,
                        required: Some(required),
                    });
                }
            }
        }
        if next.is_empty() {
            return Err(format!("`{path}`: nothing at `{token}`"));
        }
        current = next;
    }
    Ok(current)
}

fn check_field(
    doc: &Value,
    found: &Found<'_>,
    field: &Field,
    rows: &[Field],
) -> Result<(), String> {
    let pointer = body_schema_pointer(doc, found, field.at)?;
    let root = doc
        .pointer(&pointer)
        .expect("checked by body_schema_pointer");
    let label = format!("{} field `{}`", describe(field.at), field.path);
    for located in
        navigate(doc, root, field.path).map_err(|e| format!("{}: {e}", describe(field.at)))?
    {
        match (field.presence, located.required) {
            (R, Some(false)) => return Err(format!("{label} is optional, expected required")),
            (O, Some(true)) => return Err(format!("{label} is required, expected optional")),
            _ => {}
        }
        check_schema(doc, located.schema, field.ty, field.rules, None)
            .map_err(|e| format!("{label}: {e}"))?;
        if field.at != "request" {
            unlisted_response_bounds(&effective(doc, located.schema)?, field.rules)
                .map_err(|e| format!("{label}: {e}"))?;
        }
        if field.ty == "object" {
            let mut got = BTreeSet::new();
            for branch in branches(doc, located.schema)? {
                got.extend(
                    branch["properties"]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(k, _)| k.clone()),
                );
            }
            let prefix = if field.path.is_empty() {
                String::new()
            } else {
                format!("{}.", field.path)
            };
            let want: BTreeSet<String> = rows
                .iter()
                .filter(|r| r.op == field.op && r.at == field.at)
                .filter_map(|r| r.path.strip_prefix(prefix.as_str()))
                .filter(|rest| !rest.is_empty() && !rest.contains('.'))
                .map(|rest| rest.trim_end_matches("[]").to_owned())
                .filter(|name| !name.is_empty())
                .collect();
            if got != want {
                return Err(format!(
                    "{label} has properties {got:?}, expected {want:?} (undocumented {:?}, missing {:?})",
                    got.difference(&want).collect::<Vec<_>>(),
                    want.difference(&got).collect::<Vec<_>>()
                ));
            }
        }
    }
    Ok(())
}

/// DECISIONS "All documents" 6: a response field carries a range, length, pattern or enum only
/// when the vendor documents it for answers, i.e. only the bounds its row lists.
fn unlisted_response_bounds(eff: &Map<String, Value>, rules: &[Rule]) -> Result<(), String> {
    let listed = |keyword: &str| {
        rules.iter().any(|rule| {
            matches!(
                (rule, keyword),
                (Min(_), "minimum")
                    | (Max(_), "maximum")
                    | (MinLen(_), "minLength")
                    | (MaxLen(_), "maxLength")
                    | (MinItems(_), "minItems")
                    | (MaxItems(_), "maxItems")
                    | (OneOf(_), "enum" | "const")
            )
        })
    };
    let unlisted: Vec<&str> = [
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
        "enum",
        "const",
    ]
    .into_iter()
    .filter(|keyword| eff.contains_key(*keyword) && !listed(keyword))
    .collect();
    if unlisted.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "bounded by {unlisted:?}, which the vendor does not document for answers"
        ))
    }
}

fn check_fields(docs: &Docs) -> Vec<String> {
    let rows = all_fields();
    let mut failures = Vec::new();
    for field in &rows {
        let doc = docs.of(expected_operation(field.op).service);
        let outcome =
            operation(doc, field.op).and_then(|found| check_field(doc, &found, field, &rows));
        if let Err(e) = outcome {
            failures.push(format!("{}: {e}", field.op));
        }
    }
    failures
}

#[test]
fn field_paths_split_into_properties_and_items() {
    assert_eq!(path_tokens(""), Vec::<String>::new());
    assert_eq!(path_tokens("[]"), ["[]"]);
    assert_eq!(path_tokens("[].id"), ["[]", "id"]);
    assert_eq!(
        path_tokens("Filters[].Values[]"),
        ["Filters", "[]", "Values", "[]"]
    );
    assert_eq!(
        path_tokens("data.users[].email"),
        ["data", "users", "[]", "email"]
    );
}

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

#[derive(Debug)]
struct Response {
    op: &'static str,
    status: &'static str,
    media: &'static str,
    headers: &'static [&'static str],
}

/// A response whose body is the vendor's JSON, without documented headers.
const fn json(op: &'static str, status: &'static str) -> Response {
    Response {
        op,
        status,
        media: JSON,
        headers: &[],
    }
}

#[rustfmt::skip]
const RESPONSES: &[Response] = &[
    // Seed 000.
    json(EXPORT, "200"), json(EXPORT, "400"), json(EXPORT, "401"), json(EXPORT, "403"), json(EXPORT, "404"), json(EXPORT, "405"), json(EXPORT, "500"),
    // Seed 001; the 200 is the workbook itself (DECISIONS).
    Response { op: TEMPLATE, status: "200", media: XLSX, headers: &["Content-Disposition"] },
    json(TEMPLATE, "400"), json(TEMPLATE, "401"), json(TEMPLATE, "403"), json(TEMPLATE, "404"), json(TEMPLATE, "405"), json(TEMPLATE, "500"), json(TEMPLATE, "503"),
    // Seed 002: every answer, errors included, is HTTP 200.
    json(CWP_EXPORT, "200"),
    // Seed 003 + DECISIONS: errors are HTTP 200 with a code.
    json(ENOS_LIST, "200"),
    // Seed 004 + DECISIONS (400 added; 405 and 500 deliberately absent).
    json(REPO_LIST, "200"), json(REPO_LIST, "400"), json(REPO_LIST, "401"), json(REPO_LIST, "403"), json(REPO_LIST, "404"),
    // Research §1.4: 200, 400, 401, 500; 404 for an unknown project or task (DECISIONS).
    json(LIST_TASKS, "200"), json(LIST_TASKS, "400"), json(LIST_TASKS, "401"), json(LIST_TASKS, "404"), json(LIST_TASKS, "500"),
    // The 200 has no documented body; DECISIONS: the workbook, as an attachment.
    Response { op: DOWNLOAD, status: "200", media: XLSX, headers: &["Content-Disposition"] },
    json(DOWNLOAD, "400"), json(DOWNLOAD, "401"), json(DOWNLOAD, "404"), json(DOWNLOAD, "500"),
    // Research §3.5: a Tencent action, every answer HTTP 200.
    json(EXPORT_TASKS, "200"),
];

/// Descriptions the vendor page got wrong and the document must not repeat.
#[rustfmt::skip]
const MISLABELLED: &[(&str, &str, &str)] = &[
    (REPO_LIST, "403", "Bad Request"),
];

fn check_statuses(docs: &Docs) -> Vec<String> {
    each_operation(docs, |op, _, found, failures| {
        let got: BTreeSet<&str> = found.object["responses"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k.as_str())
            .collect();
        let want: BTreeSet<&str> = RESPONSES
            .iter()
            .filter(|r| r.op == op.id)
            .map(|r| r.status)
            .collect();
        if got != want {
            failures.push(format!("{}: statuses {got:?}, expected {want:?}", op.id));
        }
    })
}

fn check_responses(docs: &Docs) -> Vec<String> {
    each(
        docs,
        RESPONSES,
        |r| r.op,
        |doc, found, row| {
            let response = found.object["responses"]
                .get(row.status)
                .ok_or_else(|| format!("no response {}", row.status))?;
            let (response, _) = resolve(doc, response)?;
            let description = response["description"].as_str().unwrap_or("");
            if description.trim().is_empty() {
                return Err(format!("response {} has no description", row.status));
            }
            for &(_, _, wrong) in MISLABELLED
                .iter()
                .filter(|m| m.0 == row.op && m.1 == row.status)
            {
                if description.to_lowercase().contains(&wrong.to_lowercase()) {
                    return Err(format!(
                        "response {} is described as {description:?}; the vendor's label {wrong:?} is wrong",
                        row.status
                    ));
                }
            }
            let media: Vec<&String> = keys(&response["content"]);
            if media != [row.media] {
                return Err(format!(
                    "response {}: media types {media:?}, expected [{}]",
                    row.status, row.media
                ));
            }
            for header in row.headers {
                let headers = response["headers"].as_object();
                if !headers.is_some_and(|h| h.keys().any(|k| k.eq_ignore_ascii_case(header))) {
                    return Err(format!("response {}: no `{header}` header", row.status));
                }
            }
            Ok(())
        },
    )
}

/// Responses whose body is a file, not JSON: no schema, or a string schema (OpenAPI 3.1
/// describes binary content with `type: string` and `contentMediaType`/`format: binary`, or
/// with no schema at all); never a JSON array of byte values.
#[rustfmt::skip]
const BINARY_BODIES: &[(&str, &str, &str)] = &[
    (TEMPLATE, "200", XLSX),
    (DOWNLOAD, "200", XLSX),
];

fn check_binary_bodies(docs: &Docs) -> Vec<String> {
    each(
        docs,
        BINARY_BODIES,
        |r| r.0,
        |doc, found, &(_, status, media)| {
            let response = resolve(doc, &found.object["responses"][status])?.0;
            let content = response["content"]
                .get(media)
                .ok_or_else(|| format!("response {status}: no {media} content"))?;
            let Some(schema) = content.get("schema") else {
                return Ok(());
            };
            let admitted = types(doc, schema)?;
            if admitted.is_empty() || admitted == BTreeSet::from(["string".to_owned()]) {
                Ok(())
            } else {
                Err(format!(
                    "response {status} ({media}) is a file, but its schema admits JSON {admitted:?}: {schema}"
                ))
            }
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Behaviour of the body schemas, and the vendor's own examples
// ---------------------------------------------------------------------------------------------

#[derive(Debug)]
struct Probe {
    op: &'static str,
    at: &'static str,
    valid: bool,
    value: &'static str,
    why: &'static str,
}

#[rustfmt::skip]
const PROBES: &[Probe] = &[
    Probe { op: CWP_EXPORT, at: "request", valid: true, value: r#"{}"#, why: "every field is optional" },
    Probe { op: CWP_EXPORT, at: "request", valid: true, value: r#"{"Quuid":"q","Filters":[{"Name":"Name","Values":["root","admin"],"ExactMatch":true},{"Name":"LoginTimeStart","Values":["2021-01-11"]}],"Order":"desc","By":"LoginTime"}"#, why: "the SDK's captured request" },
    Probe { op: CWP_EXPORT, at: "request", valid: true, value: r#"{"By":"PasswordLockDays"}"#, why: "PasswordLockDays is the fifth By value" },
    Probe { op: CWP_EXPORT, at: "request", valid: true, value: r#"{"Filters":[{"Name":"OsType","Values":["linux","Windows"]}]}"#, why: "both spellings of OsType" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Limit":10}"#, why: "unknown fields are UnknownParameter" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"By":"PasswordChangeTime"}"#, why: "that is the sibling Describe API's spelling" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Order":"ASC"}"#, why: "Order is asc or desc" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Quuid":null}"#, why: "optional request fields are not nullable" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"Name","Values":["a"]},{"Name":"Name","Values":["b"]},{"Name":"Name","Values":["c"]},{"Name":"Name","Values":["d"]},{"Name":"Name","Values":["e"]},{"Name":"Name","Values":["f"]}]}"#, why: "at most 5 filters" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"Name","Values":["a","b","c","d","e","f"]}]}"#, why: "at most 5 values" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"Name","Values":[]}]}"#, why: "at least one value" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"Name"}]}"#, why: "Values is required" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Values":["a"]}]}"#, why: "Name is required" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"Shell","Values":["a"]}]}"#, why: "Name is one of the 15 keys" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"Uid","Values":[0]}]}"#, why: "values are strings" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"Uid","Values":["abc"]}]}"#, why: "Uid values are decimal digits" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"LoginTimeEnd","Values":["2021/01/11"]}]}"#, why: "dates are YYYY-MM-DD" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"PasswordStatus","Values":["0"]}]}"#, why: "PasswordStatus is 1 to 4" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"Name","Values":["a"],"ExactMatch":"true"}]}"#, why: "ExactMatch is a boolean" },
    Probe { op: CWP_EXPORT, at: "request", valid: true, value: r#"{"Filters":[{"Name":"Name","Values":["a b"]}]}"#, why: "Name matches any text" },
    Probe { op: CWP_EXPORT, at: "request", valid: true, value: r#"{"Filters":[{"Name":"Uid","Values":["0"]}]}"#, why: "Uid is a uint64" },
    Probe { op: CWP_EXPORT, at: "request", valid: true, value: r#"{"Filters":[{"Name":"Guid","Values":["18446744073709551615"]}]}"#, why: "Guid is a uint64" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"Guid","Values":["12a"]}]}"#, why: "Guid values are decimal digits" },
    Probe { op: CWP_EXPORT, at: "request", valid: true, value: r#"{"Filters":[{"Name":"LoginTimeStart","Values":["2021-01-11"]}]}"#, why: "the page's example date" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"LoginTimeStart","Values":["2021-13-01"]}]}"#, why: "there is no month 13" },
    Probe { op: CWP_EXPORT, at: "request", valid: true, value: r#"{"Filters":[{"Name":"LoginType","Values":["3"]}]}"#, why: "3: key and password login" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"LoginType","Values":["4"]}]}"#, why: "LoginType is 0 to 3" },
    Probe { op: CWP_EXPORT, at: "request", valid: true, value: r#"{"Filters":[{"Name":"OsType","Values":["Windows"]}]}"#, why: "the page's spelling" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"OsType","Values":["macOS"]}]}"#, why: "OsType is Windows or Linux" },
    Probe { op: CWP_EXPORT, at: "request", valid: true, value: r#"{"Filters":[{"Name":"Status","Values":["1"]}]}"#, why: "1: enabled" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"Status","Values":["2"]}]}"#, why: "Status is 0 or 1" },
    Probe { op: CWP_EXPORT, at: "request", valid: true, value: r#"{"Filters":[{"Name":"Type","Values":["2"]}]}"#, why: "2: administrator" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"Type","Values":["3"]}]}"#, why: "Type is 0 to 2" },
    Probe { op: CWP_EXPORT, at: "request", valid: true, value: r#"{"Filters":[{"Name":"IsDomain","Values":["1"]}]}"#, why: "IsDomain: 1 is yes" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"IsDomain","Values":["2"]}]}"#, why: "IsDomain is 0 or 1" },
    Probe { op: CWP_EXPORT, at: "request", valid: true, value: r#"{"Filters":[{"Name":"IsRoot","Values":["1"]}]}"#, why: "IsRoot: 1 is yes" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"IsRoot","Values":["2"]}]}"#, why: "IsRoot is 0 or 1" },
    Probe { op: CWP_EXPORT, at: "request", valid: true, value: r#"{"Filters":[{"Name":"IsSudo","Values":["1"]}]}"#, why: "IsSudo: 1 is yes" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"IsSudo","Values":["2"]}]}"#, why: "IsSudo is 0 or 1" },
    Probe { op: CWP_EXPORT, at: "request", valid: true, value: r#"{"Filters":[{"Name":"IsSshLogin","Values":["1"]}]}"#, why: "IsSshLogin: 1 is yes" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"IsSshLogin","Values":["2"]}]}"#, why: "IsSshLogin is 0 or 1" },
    Probe { op: CWP_EXPORT, at: "request", valid: true, value: r#"{"Filters":[{"Name":"ShellLoginStatus","Values":["1"]}]}"#, why: "ShellLoginStatus: 1 is yes" },
    Probe { op: CWP_EXPORT, at: "request", valid: false, value: r#"{"Filters":[{"Name":"ShellLoginStatus","Values":["2"]}]}"#, why: "ShellLoginStatus is 0 or 1" },
    Probe { op: CWP_EXPORT, at: "request", valid: true, value: r#"{"Filters":[{"Name":"PasswordStatus","Values":["4"]}]}"#, why: "4: locked" },
    Probe { op: CWP_EXPORT, at: "200", valid: true, value: r#"{"Response":{"Error":{"Code":"InvalidParameter","Message":"x"},"RequestId":"r"}}"#, why: "the common error structure" },
    Probe { op: CWP_EXPORT, at: "200", valid: false, value: r#"{"Response":{"Error":{"Code":"InvalidParameter","Message":"x"}}}"#, why: "errors carry a RequestId" },
    Probe { op: CWP_EXPORT, at: "200", valid: false, value: r#"{"Response":{"Error":{"Code":"InvalidParameter"},"RequestId":"r"}}"#, why: "Error has a Message" },
    Probe { op: CWP_EXPORT, at: "200", valid: false, value: r#"{"Response":{"RequestId":"r"}}"#, why: "neither a result nor an error" },
    Probe { op: CWP_EXPORT, at: "200", valid: false, value: r#"{"TaskId":"11","RequestId":"r"}"#, why: "the result sits inside Response" },
    Probe { op: ENOS_LIST, at: "request", valid: true, value: r#"{"userGroupId":"g","pagination":{"pageNo":0,"pageSize":1000}}"#, why: "page 0 of 1000" },
    Probe { op: ENOS_LIST, at: "request", valid: true, value: r#"{"userGroupId":"g","pagination":{"pageNo":7,"pageSize":1}}"#, why: "page size 1" },
    Probe { op: ENOS_LIST, at: "request", valid: false, value: r#"{"userGroupId":"g","pagination":{"pageNo":0,"pageSize":1001}}"#, why: "page size at most 1000" },
    Probe { op: ENOS_LIST, at: "request", valid: false, value: r#"{"userGroupId":"g","pagination":{"pageNo":0,"pageSize":0}}"#, why: "page size at least 1" },
    Probe { op: ENOS_LIST, at: "request", valid: false, value: r#"{"userGroupId":"g","pagination":{"pageNo":-1,"pageSize":10}}"#, why: "pages count from 0" },
    Probe { op: ENOS_LIST, at: "request", valid: false, value: r#"{"userGroupId":"g","pagination":{"pageNo":0}}"#, why: "pageSize is required" },
    Probe { op: ENOS_LIST, at: "request", valid: false, value: r#"{"userGroupId":"g","pagination":{"pageSize":10}}"#, why: "pageNo is required" },
    Probe { op: ENOS_LIST, at: "request", valid: false, value: r#"{"pagination":{"pageNo":0,"pageSize":10}}"#, why: "userGroupId is required" },
    Probe { op: ENOS_LIST, at: "request", valid: false, value: r#"{"userGroupId":"g"}"#, why: "pagination is required" },
    Probe { op: ENOS_LIST, at: "request", valid: false, value: r#"{"userGroupId":"g","pagination":{"pageNo":0,"pageSize":10},"sorters":[]}"#, why: "unknown fields are 31400" },
    Probe { op: ENOS_LIST, at: "200", valid: true, value: r#"{"code":31404,"message":"not found","data":null}"#, why: "errors have null data" },
    Probe { op: ENOS_LIST, at: "200", valid: false, value: r#"{"code":31400,"message":"bad"}"#, why: "data is always present" },
    Probe { op: REPO_LIST, at: "200", valid: true, value: r#"[]"#, why: "an empty page" },
    Probe { op: REPO_LIST, at: "200", valid: false, value: r#"{"items":[]}"#, why: "a bare array, no wrapper" },
    Probe { op: REPO_LIST, at: "200", valid: false, value: r#"[{"id":345,"user_group_id":"u","name":null,"project_id":null,"tenant_id":"t","group_type":null,"member_count":1,"created_at":"2025-09-17T19:30:03.275+08:00","updated_at":"2025-09-17T19:30:03.275+08:00","description":null}]"#, why: "name is not nullable" },
    Probe { op: REPO_LIST, at: "200", valid: false, value: r#"[{"id":345,"user_group_id":"u","name":"n","project_id":null,"tenant_id":"t","group_type":null,"member_count":1,"created_at":"2025-09-17T19:30:03.275+08:00","updated_at":"2025-09-17T19:30:03.275+08:00"}]"#, why: "all ten keys are present" },
    Probe { op: REPO_LIST, at: "200", valid: false, value: r#"[{"id":0,"user_group_id":"u","name":"n","project_id":null,"tenant_id":"t","group_type":null,"member_count":1,"created_at":"2025-09-17T19:30:03.275+08:00","updated_at":"2025-09-17T19:30:03.275+08:00","description":null}]"#, why: "id is at least 1" },
    Probe { op: REPO_LIST, at: "200", valid: false, value: r#"[{"id":1,"user_group_id":"u","name":"n","project_id":null,"tenant_id":"t","group_type":null,"member_count":-1,"created_at":"2025-09-17T19:30:03.275+08:00","updated_at":"2025-09-17T19:30:03.275+08:00","description":null}]"#, why: "member_count is at least 0" },
    Probe { op: REPO_LIST, at: "404", valid: false, value: r#"{"error_code":"CH.004404"}"#, why: "error_msg is required" },
    Probe { op: EXPORT, at: "400", valid: true, value: r#"{"error_code":"WKS.0001","error_msg":"x"}"#, why: "encoded_authorization_message is optional" },
    Probe { op: EXPORT, at: "403", valid: true, value: r#"{"error_code":"WKS.0001","error_msg":"x","encoded_authorization_message":"enc"}"#, why: "with an IAM denial" },
    Probe { op: TEMPLATE, at: "503", valid: false, value: r#"{"error_msg":"x"}"#, why: "error_code is required" },
    Probe { op: EXPORT, at: "200", valid: true, value: r#"{"task_id":"t-1"}"#, why: "the task ID" },
    Probe { op: EXPORT_TASKS, at: "request", valid: true, value: r#"{"TaskId":"24563"}"#, why: "the API Explorer example" },
    Probe { op: EXPORT_TASKS, at: "request", valid: false, value: r#"{}"#, why: "TaskId is required" },
    Probe { op: EXPORT_TASKS, at: "request", valid: false, value: r#"{"TaskId":24563}"#, why: "TaskId is a string" },
    Probe { op: EXPORT_TASKS, at: "request", valid: false, value: r#"{"TaskId":"1","Quuid":"q"}"#, why: "unknown fields are UnknownParameter" },
    Probe { op: EXPORT_TASKS, at: "200", valid: true, value: r#"{"Response":{"Status":"PENDING","DownloadUrl":"","RequestId":"r"}}"#, why: "FileName is optional (older SDKs lack it)" },
    Probe { op: EXPORT_TASKS, at: "200", valid: true, value: r#"{"Response":{"Status":"FINISHED","DownloadUrl":"https://x/y.xlsx","FileName":"y.xlsx","RequestId":"r"}}"#, why: "a finished task" },
    Probe { op: EXPORT_TASKS, at: "200", valid: false, value: r#"{"Response":{"Status":"RUNNING","DownloadUrl":"","RequestId":"r"}}"#, why: "Status is PENDING, FINISHED or ERROR" },
    Probe { op: EXPORT_TASKS, at: "200", valid: false, value: r#"{"Response":{"Status":"FINISHED","RequestId":"r"}}"#, why: "DownloadUrl is always present" },
    Probe { op: EXPORT_TASKS, at: "200", valid: true, value: r#"{"Response":{"Error":{"Code":"ResourceNotFound","Message":"x"},"RequestId":"r"}}"#, why: "the common error structure" },
    Probe { op: LIST_TASKS, at: "200", valid: true, value: r#"{"export_tasks":[],"count":0}"#, why: "no tasks" },
    Probe { op: LIST_TASKS, at: "200", valid: true, value: r#"{"export_tasks":[{"task_id":"t","file_name":"f.xlsx","status":"FAIL","fail_reason":"r","error_code":"WKS.0005","create_time":"2026-02-10T08:00:00.000Z","end_time":"2026-02-10T08:00:01.000Z","is_download":false}],"count":1}"#, why: "every ExportTaskItem field" },
    Probe { op: LIST_TASKS, at: "200", valid: false, value: r#"{"export_tasks":[{"task_id":"t","file_name":"f.xlsx","status":"DONE","create_time":"2026-02-10T08:00:00.000Z","is_download":false}],"count":1}"#, why: "status is one of the four states" },
    Probe { op: LIST_TASKS, at: "200", valid: false, value: r#"{"export_tasks":[{"task_id":"t","file_name":"f.xlsx","status":"SUCCESS","create_time":"2026-02-10T08:00:00.000Z","is_download":"false"}],"count":1}"#, why: "is_download is a boolean" },
    Probe { op: DOWNLOAD, at: "404", valid: false, value: r#"{"error_msg":"x"}"#, why: "error_code is required" },
];

fn check_probes(docs: &Docs) -> Vec<String> {
    each(
        docs,
        PROBES,
        |p| p.op,
        |doc, found, probe| {
            let pointer = body_schema_pointer(doc, found, probe.at)?;
            let value: Value = serde_json::from_str(probe.value).expect("probe values are JSON");
            let validator = DocumentValidator::new("fidelity", doc);
            match (validator.check(&pointer, &value), probe.valid) {
                (Ok(()), true) | (Err(_), false) => Ok(()),
                (Err(e), true) => Err(format!(
                    "{} rejects {} ({}): {e}",
                    describe(probe.at),
                    probe.value,
                    probe.why
                )),
                (Ok(()), false) => Err(format!(
                    "{} accepts {}, but {}",
                    describe(probe.at),
                    probe.value,
                    probe.why
                )),
            }
        },
    )
}

/// The vendors' own samples, typed in from the seed pages: each must be valid and must be one
/// of the document's examples at that place (DECISIONS keeps them verbatim).
#[derive(Debug)]
struct VendorExample {
    op: &'static str,
    at: &'static str,
    value: &'static str,
    source: &'static str,
}

#[rustfmt::skip]
const VENDOR_EXAMPLES: &[VendorExample] = &[
    VendorExample { op: CWP_EXPORT, at: "request", source: "seed 002 Input Example", value: r#"{}"# },
    VendorExample { op: CWP_EXPORT, at: "200", source: "seed 002 Output Example", value: r#"{"Response":{"RequestId":"1693599e-ff8f-4a8c-ae39-b4d9ba3ae9bf","TaskId":"11"}}"# },
    VendorExample { op: EXPORT_TASKS, at: "request", source: "ExportTasks input example (research §3.5)", value: r#"{"TaskId":"24563"}"# },
    VendorExample { op: EXPORT_TASKS, at: "200", source: "ExportTasks output example (research §3.5, tccli examples)", value: r#"{"Response":{"Status":"FINISHED","DownloadUrl":"http:DownloadUrl","RequestId":"f8bcfd50-3a9d-ac4c-ba95-6ed70252453e"}}"# },
    VendorExample { op: ENOS_LIST, at: "request", source: "seed 003 Request Sample", value: r#"{"userGroupId":"your_user_group_id","pagination":{"pageNo":0,"pageSize":100}}"# },
    VendorExample { op: ENOS_LIST, at: "200", source: "seed 003 Return Sample", value: r#"{"code":0,"message":"OK","data":{"users":[{"userId":"your_user_id","email":"your_user_email","phone":"","phoneArea":"","name":"your_user_name"}],"pagination":{"totalElements":3,"pageNo":0,"pageSize":1}}}"# },
    VendorExample { op: REPO_LIST, at: "200", source: "seed 004 Example Responses 200", value: r#"[{"id":345,"user_group_id":"2e191c60e5c04aa9a57a27344d4b74d4","name":"team1","project_id":null,"tenant_id":"159b65b41ead484d8ddff250a4731781","group_type":null,"member_count":1,"created_at":"2025-09-17T19:30:03.275+08:00","updated_at":"2025-09-17T19:30:03.275+08:00","description":null},{"id":346,"user_group_id":"2e191c60e5c04aa9a57a27344d4b74d4","name":"team2","project_id":null,"tenant_id":"159b65b41ead484d8ddff250a4731781","group_type":null,"member_count":1,"created_at":"2025-09-17T19:30:03.275+08:00","updated_at":"2025-09-17T19:30:03.275+08:00","description":null}]"# },
    VendorExample { op: REPO_LIST, at: "401", source: "seed 004 Example Responses 401", value: r#"{"error_code":"DEV.00000003","error_msg":"Authentication information expired."}"# },
    VendorExample { op: REPO_LIST, at: "403", source: "seed 004 Example Responses 403", value: r#"{"error_code":"CH.004403","error_msg":"Insufficient permissions. Apply for the required permissions and try again."}"# },
    VendorExample { op: REPO_LIST, at: "404", source: "seed 004 Example Responses 404", value: r#"{"error_code":"CH.004404","error_msg":"Project Not Found. Project Not Found"}"# },
];

/// Every example the document gives for the JSON body at `at`: media type `example` and
/// `examples.*.value`, and the `examples` of the body schema (its `$ref` followed).
fn examples_at(doc: &Value, found: &Found<'_>, at: &str) -> Result<Vec<Value>, String> {
    let schema_pointer = body_schema_pointer(doc, found, at)?;
    let media = doc
        .pointer(
            schema_pointer
                .strip_suffix("/schema")
                .expect("ends with /schema"),
        )
        .expect("exists");
    let mut out = Vec::new();
    out.extend(media.get("example").cloned());
    for (_, example) in media["examples"].as_object().into_iter().flatten() {
        out.extend(resolve(doc, example)?.0.get("value").cloned());
    }
    let eff = effective(doc, &media["schema"])?;
    out.extend(
        eff.get("examples")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .cloned(),
    );
    Ok(out)
}

fn check_vendor_examples(docs: &Docs) -> Vec<String> {
    each(
        docs,
        VENDOR_EXAMPLES,
        |e| e.op,
        |doc, found, example| {
            let value: Value =
                serde_json::from_str(example.value).expect("vendor examples are JSON");
            let pointer = body_schema_pointer(doc, found, example.at)?;
            DocumentValidator::new("fidelity", doc)
                .check(&pointer, &value)
                .map_err(|e| {
                    format!(
                        "the {} is invalid against the {}: {e}",
                        example.source,
                        describe(example.at)
                    )
                })?;
            if examples_at(doc, found, example.at)?.contains(&value) {
                Ok(())
            } else {
                Err(format!(
                    "the {} is not among the examples of the {}",
                    example.source,
                    describe(example.at)
                ))
            }
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Security
// ---------------------------------------------------------------------------------------------

/// An `apiKey` scheme in a header. `key`: the scheme's name where DECISIONS gives one.
#[derive(Debug)]
struct Scheme {
    service: Service,
    key: Option<&'static str>,
    header: &'static str,
}

#[rustfmt::skip]
const SCHEMES: &[Scheme] = &[
    Scheme { service: WKS, key: Some("iam_token"), header: "X-Auth-Token" },
    Scheme { service: WKS, key: Some("aksk_signature"), header: "Authorization" },
    Scheme { service: REPO, key: Some("iam_token"), header: "X-Auth-Token" },
    Scheme { service: REPO, key: Some("aksk_signature"), header: "Authorization" },
    Scheme { service: CWP, key: None, header: "Authorization" },
    Scheme { service: ENOS, key: Some("apim_access_token"), header: "apim-accesstoken" },
];

fn check_security(docs: &Docs) -> Vec<String> {
    let mut failures = Vec::new();
    for service in Service::ALL {
        let doc = docs.of(service);
        let name = service.name();
        let declared = doc["components"]["securitySchemes"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let expected: Vec<&Scheme> = SCHEMES.iter().filter(|s| s.service == service).collect();
        if declared.len() != expected.len() {
            failures.push(format!(
                "{name}: {} security schemes {:?}, expected {}",
                declared.len(),
                declared.keys().collect::<Vec<_>>(),
                expected.len()
            ));
        }
        let mut keys = Vec::new();
        for scheme in &expected {
            let matching: Vec<&String> = declared
                .iter()
                .filter(|(_, s)| {
                    s["type"] == "apiKey" && s["in"] == "header" && s["name"] == scheme.header
                })
                .map(|(k, _)| k)
                .collect();
            match (matching.as_slice(), scheme.key) {
                ([key], Some(want)) if key.as_str() != want => failures.push(format!(
                    "{name}: the {} scheme is named `{key}`, expected `{want}`",
                    scheme.header
                )),
                ([key], _) => keys.push((*key).clone()),
                (found, _) => failures.push(format!(
                    "{name}: {} apiKey schemes in header `{}`, expected one",
                    found.len(),
                    scheme.header
                )),
            }
        }
        for found in walk::operations(doc) {
            let id = found.id;
            let requirements = found.object["security"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            for key in &keys {
                let alone = serde_json::json!({ key.as_str(): [] });
                if !requirements.contains(&alone) {
                    failures.push(format!("{name}: {id} does not accept `{key}` on its own; its security is {requirements:?}"));
                }
            }
            for requirement in &requirements {
                for (key, _) in requirement.as_object().into_iter().flatten() {
                    if !declared.contains_key(key) {
                        failures.push(format!("{name}: {id} requires undeclared scheme `{key}`"));
                    }
                }
            }
            if requirements.is_empty() {
                failures.push(format!("{name}: {id} has no security requirement"));
            }
        }
    }
    failures
}

// ---------------------------------------------------------------------------------------------
// Servers
// ---------------------------------------------------------------------------------------------

#[derive(Debug)]
struct Server {
    service: Service,
    url: &'static str,
    variable: Option<Var>,
}

/// A server variable: its name, its default where documented, and its values where the
/// vendor has a closed list.
#[derive(Debug, Clone, Copy)]
struct Var {
    name: &'static str,
    default: Option<&'static str>,
    values: Option<&'static [&'static str]>,
}

/// sdk-ground-truth §1.5 (WorkspaceRegion, 18 regions).
const WORKSPACE_REGIONS: &[&str] = &[
    "cn-east-3",
    "cn-north-4",
    "cn-south-1",
    "cn-southwest-2",
    "la-south-2",
    "sa-brazil-1",
    "la-north-2",
    "ap-southeast-3",
    "cn-north-9",
    "ap-southeast-1",
    "cn-east-5",
    "me-east-1",
    "af-south-1",
    "tr-west-1",
    "cn-north-11",
    "af-north-1",
    "ap-southeast-2",
    "eu-west-101",
];
/// seed-facts §5.1 (CodeArtsRepoRegion).
const CODEHUB_EXT_REGIONS: &[&str] = &[
    "cn-east-2",
    "cn-south-1",
    "cn-east-3",
    "cn-north-4",
    "cn-north-1",
    "cn-south-2",
    "cn-southwest-2",
    "sa-brazil-1",
    "la-north-2",
    "ap-southeast-3",
];
const CODEARTSREPO_EXT_REGIONS: &[&str] = &["la-south-2", "tr-west-1", "eu-west-101"];
const REPO_HOST_REGIONS: &[&str] = &["me-east-1", "af-south-1", "af-north-1"];
/// seed-facts §3.1: the region-pinned hosts the docs name.
const CWP_REGIONS: &[&str] = &[
    "ap-guangzhou",
    "ap-shanghai",
    "ap-beijing",
    "ap-chengdu",
    "ap-chongqing",
    "ap-hongkong",
    "ap-singapore",
];

#[rustfmt::skip]
const SERVERS: &[Server] = &[
    Server { service: WKS, url: "https://workspace.{region}.myhuaweicloud.com", variable: Some(Var { name: "region", default: None, values: Some(WORKSPACE_REGIONS) }) },
    Server { service: CWP, url: "https://cwp.tencentcloudapi.com", variable: None },
    Server { service: CWP, url: "https://cwp.intl.tencentcloudapi.com", variable: None },
    Server { service: CWP, url: "https://cwp.{region}.tencentcloudapi.com", variable: Some(Var { name: "region", default: None, values: Some(CWP_REGIONS) }) },
    Server { service: ENOS, url: "https://{apigw-address}", variable: Some(Var { name: "apigw-address", default: Some("apim-cn5.enos-iot.com"), values: None }) },
    Server { service: REPO, url: "https://codehub-ext.{region}.myhuaweicloud.com", variable: Some(Var { name: "region", default: None, values: Some(CODEHUB_EXT_REGIONS) }) },
    Server { service: REPO, url: "https://codeartsrepo-ext.{region}.myhuaweicloud.com", variable: Some(Var { name: "region", default: None, values: Some(CODEARTSREPO_EXT_REGIONS) }) },
    Server { service: REPO, url: "https://repo.{region}.myhuaweicloud.com", variable: Some(Var { name: "region", default: None, values: Some(REPO_HOST_REGIONS) }) },
];

fn check_server(server: &Value, row: &Server) -> Result<(), String> {
    let variables = server["variables"].as_object().cloned().unwrap_or_default();
    let Some(Var {
        name,
        default,
        values,
    }) = row.variable
    else {
        return if variables.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "has variables {:?}, expected none",
                variables.keys().collect::<Vec<_>>()
            ))
        };
    };
    if variables.len() != 1 {
        return Err(format!(
            "has variables {:?}, expected only `{name}`",
            variables.keys().collect::<Vec<_>>()
        ));
    }
    let variable = variables
        .get(name)
        .ok_or_else(|| format!("has no variable `{name}`"))?;
    let got_default = variable["default"]
        .as_str()
        .ok_or_else(|| format!("variable `{name}` has no default"))?;
    if let Some(want) = default.filter(|want| *want != got_default) {
        return Err(format!(
            "variable `{name}` defaults to {got_default:?}, expected {want:?}"
        ));
    }
    match (values, variable.get("enum")) {
        (None, None) => Ok(()),
        (None, Some(got)) => Err(format!(
            "variable `{name}` has enum {got}; the vendor publishes no closed list"
        )),
        (Some(_), None) => Err(format!("variable `{name}` has no enum")),
        (Some(want), Some(got)) => {
            let got: BTreeSet<&str> = got
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let want: BTreeSet<&str> = want.iter().copied().collect();
            if got != want {
                return Err(format!(
                    "variable `{name}`: {} regions, expected {} (missing {:?}, extra {:?})",
                    got.len(),
                    want.len(),
                    want.difference(&got).collect::<Vec<_>>(),
                    got.difference(&want).collect::<Vec<_>>()
                ));
            }
            if !got.contains(got_default) {
                return Err(format!(
                    "variable `{name}`: default {got_default:?} is not in its enum"
                ));
            }
            Ok(())
        }
    }
}

fn check_servers(docs: &Docs) -> Vec<String> {
    let mut failures = Vec::new();
    for service in Service::ALL {
        let doc = docs.of(service);
        let servers = doc["servers"].as_array().cloned().unwrap_or_default();
        let got: BTreeSet<&str> = servers.iter().filter_map(|s| s["url"].as_str()).collect();
        let want: BTreeSet<&str> = SERVERS
            .iter()
            .filter(|s| s.service == service)
            .map(|s| s.url)
            .collect();
        if got != want {
            failures.push(format!(
                "{}: servers {got:?}, expected {want:?}",
                service.name()
            ));
        }
        for row in SERVERS.iter().filter(|s| s.service == service) {
            if let Some(server) = servers.iter().find(|s| s["url"] == row.url)
                && let Err(e) = check_server(server, row)
            {
                failures.push(format!("{}: server {}: {e}", service.name(), row.url));
            }
        }
    }
    failures
}

// ---------------------------------------------------------------------------------------------
// Info, tags and operation texts
// ---------------------------------------------------------------------------------------------

fn non_empty(value: &Value) -> bool {
    value.as_str().is_some_and(|s| !s.trim().is_empty())
}

fn check_info(docs: &Docs) -> Vec<String> {
    let mut failures = Vec::new();
    for service in Service::ALL {
        let doc = docs.of(service);
        let info = &doc["info"];
        for key in ["title", "version", "description"] {
            if !non_empty(&info[key]) {
                failures.push(format!(
                    "{}: info.{key} is missing or empty",
                    service.name()
                ));
            }
        }
        let license = &info["license"];
        if !non_empty(&license["name"])
            || !(non_empty(&license["identifier"]) || non_empty(&license["url"]))
        {
            failures.push(format!(
                "{}: info.license needs a name and an identifier or url: {license}",
                service.name()
            ));
        }
        let contact = &info["contact"];
        if !["name", "url", "email"]
            .iter()
            .any(|k| non_empty(&contact[*k]))
        {
            failures.push(format!(
                "{}: info.contact is missing or empty: {contact}",
                service.name()
            ));
        }
    }
    failures
}

fn check_operation_texts(docs: &Docs) -> Vec<String> {
    let mut failures = Vec::new();
    for service in Service::ALL {
        let doc = docs.of(service);
        let declared: BTreeSet<&str> = doc["tags"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t["name"].as_str())
            .collect();
        for found in walk::operations(doc) {
            let id = found.id;
            let op = found.object;
            let tags: Vec<&str> = op["tags"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            if tags.is_empty() {
                failures.push(format!("{id}: no tag"));
            }
            for tag in tags.iter().filter(|t| !declared.contains(**t)) {
                failures.push(format!(
                    "{id}: tag `{tag}` is not declared in the top-level tags"
                ));
            }
            for key in ["summary", "description"] {
                if !non_empty(&op[key]) {
                    failures.push(format!("{id}: no {key}"));
                }
            }
        }
    }
    failures
}

/// Vendor mistakes (DECISIONS) that must not reach any text of the document.
#[rustfmt::skip]
const ERRATA: &[(Service, &str, &str)] = &[
    (WKS, "subscriber", "mistranslation of 用户激活 (USER_ACTIVATE: activated by the user)"),
    (ENOS, "list of user groups", "`data` holds the page of users"),
];

fn strings<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::String(s) => out.push(s),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

fn check_errata(docs: &Docs) -> Vec<String> {
    let mut failures = Vec::new();
    for &(service, phrase, why) in ERRATA {
        let doc = docs.of(service);
        let mut texts = Vec::new();
        strings(doc, &mut texts);
        if let Some(text) = texts.iter().find(|t| t.to_lowercase().contains(phrase)) {
            failures.push(format!(
                "{}: says {text:?}, repeating the vendor's \"{phrase}\" ({why})",
                service.name()
            ));
        }
    }
    failures
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

#[test]
fn operations_have_their_method_path_and_body() {
    assert_no_failures("operations", &check_operations(&Docs::current()));
}

#[test]
fn each_operation_has_exactly_the_documented_parameters() {
    assert_no_failures("parameter lists", &check_parameter_lists(&Docs::current()));
}

#[test]
fn parameters_have_their_location_requiredness_type_and_constraints() {
    assert_no_failures("parameters", &check_parameters(&Docs::current()));
}

#[test]
fn parameters_explain_the_vendor_values() {
    assert_no_failures("parameter texts", &check_parameter_texts(&Docs::current()));
}

#[test]
fn body_fields_have_their_requiredness_type_and_constraints() {
    assert_no_failures("body fields", &check_fields(&Docs::current()));
}

#[test]
fn each_operation_documents_exactly_the_vendor_statuses() {
    assert_no_failures("response statuses", &check_statuses(&Docs::current()));
}

#[test]
fn responses_have_their_media_type_headers_and_description() {
    assert_no_failures("responses", &check_responses(&Docs::current()));
}

#[test]
fn file_downloads_are_described_as_binary() {
    assert_no_failures("file downloads", &check_binary_bodies(&Docs::current()));
}

#[test]
fn body_schemas_accept_and_reject_as_documented() {
    assert_no_failures("body schema behaviour", &check_probes(&Docs::current()));
}

#[test]
fn vendor_examples_are_kept_and_valid() {
    assert_no_failures("vendor examples", &check_vendor_examples(&Docs::current()));
}

#[test]
fn security_schemes_are_declared_and_required_by_every_operation() {
    assert_no_failures("security", &check_security(&Docs::current()));
}

#[test]
fn servers_and_their_region_variables() {
    assert_no_failures("servers", &check_servers(&Docs::current()));
}

#[test]
fn info_has_title_version_description_license_and_contact() {
    assert_no_failures("info", &check_info(&Docs::current()));
}

#[test]
fn operations_have_a_declared_tag_a_summary_and_a_description() {
    assert_no_failures("operation texts", &check_operation_texts(&Docs::current()));
}

#[test]
fn vendor_errata_are_not_repeated() {
    assert_no_failures("vendor errata", &check_errata(&Docs::current()));
}

// ---------------------------------------------------------------------------------------------
// The checks can fail: each alteration of a document must be reported by its check
// ---------------------------------------------------------------------------------------------

/// JSON Pointer of the operation with operationId `id`.
fn op_pointer(doc: &Value, id: &str) -> String {
    operation(doc, id)
        .map(|found| found.pointer())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// JSON Pointer of the schema at `pointer` once its `$ref` chain is followed.
fn target_pointer(doc: &Value, pointer: &str) -> String {
    let value = doc
        .pointer(pointer)
        .unwrap_or_else(|| panic!("nothing at {pointer}"));
    resolve(doc, value)
        .unwrap_or_else(|e| panic!("{e}"))
        .1
        .unwrap_or_else(|| pointer.to_owned())
}

/// JSON Pointer of a body field (properties and `[]` only, no `oneOf`), `$ref`s followed.
fn field_pointer(doc: &Value, id: &str, at: &str, path: &str) -> String {
    let found = operation(doc, id).unwrap_or_else(|e| panic!("{e}"));
    let mut pointer = target_pointer(
        doc,
        &body_schema_pointer(doc, &found, at).unwrap_or_else(|e| panic!("{e}")),
    );
    for token in path_tokens(path) {
        let next = if token == "[]" {
            format!("{pointer}/items")
        } else {
            child(&format!("{pointer}/properties"), &token)
        };
        pointer = target_pointer(doc, &next);
    }
    pointer
}

fn param_pointer(doc: &Value, id: &str, name: &str) -> String {
    let op = op_pointer(doc, id);
    let params = doc
        .pointer(&format!("{op}/parameters"))
        .and_then(Value::as_array)
        .expect("the operation has parameters");
    let index = params
        .iter()
        .position(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{id} has no parameter {name}"));
    format!("{op}/parameters/{index}")
}

fn at_mut<'a>(doc: &'a mut Value, pointer: &str) -> &'a mut Value {
    doc.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("nothing at {pointer}"))
}

fn remove(doc: &mut Value, pointer: &str, key: &str) {
    at_mut(doc, pointer)
        .as_object_mut()
        .expect("an object")
        .remove(key);
}

type Check = fn(&Docs) -> Vec<String>;

#[derive(Debug)]
struct Alteration {
    what: &'static str,
    service: Service,
    alter: fn(&mut Value),
    check: Check,
    /// Text the new failure must contain.
    expect: &'static str,
}

#[rustfmt::skip]
const ALTERATIONS: &[Alteration] = &[
    Alteration { what: "ENOS body dropped", service: ENOS, check: check_operations, expect: "no request body",
        alter: |d| { let op = op_pointer(d, ENOS_LIST); remove(d, &op, "requestBody"); } },
    Alteration { what: "project_id added to ListGroupUserGroups", service: REPO, check: check_parameter_lists, expect: "undocumented query parameter `project_id`",
        alter: |d| { let op = op_pointer(d, REPO_LIST); at_mut(d, &format!("{op}/parameters")).as_array_mut().unwrap().push(serde_json::json!({"name": "project_id", "in": "query", "schema": {"type": "string"}})); } },
    Alteration { what: "limit up to 1000", service: REPO, check: check_parameters, expect: "`limit`: maximum is Some(1000.0), expected 100",
        alter: |d| { let p = target_pointer(d, &(param_pointer(d, REPO_LIST, "limit") + "/schema")); at_mut(d, &p)["maximum"] = 1000.into(); } },
    Alteration { what: "template active_type without default", service: WKS, check: check_parameters, expect: "`active_type`: default is None",
        alter: |d| { let p = param_pointer(d, TEMPLATE, "active_type"); at_mut(d, &p)["schema"] = serde_json::json!({"type": "string", "enum": ["USER_ACTIVATE", "ADMIN_ACTIVATE"]}); } },
    Alteration { what: "X-TC-Action free text", service: CWP, check: check_parameters, expect: "`X-TC-Action`: no enum",
        alter: |d| { let p = param_pointer(d, CWP_EXPORT, "X-TC-Action"); at_mut(d, &p)["schema"] = serde_json::json!({"type": "string"}); } },
    Alteration { what: "user_names comma-separated", service: WKS, check: check_parameters, expect: "`user_names`: explode is false",
        alter: |d| { let p = param_pointer(d, EXPORT, "user_names"); at_mut(d, &p)["explode"] = false.into(); } },
    Alteration { what: "CWP body open", service: CWP, check: check_fields, expect: "additionalProperties is None",
        alter: |d| { let p = field_pointer(d, CWP_EXPORT, "request", ""); remove(d, &p, "additionalProperties"); } },
    Alteration { what: "Filter Values may be empty", service: CWP, check: check_fields, expect: "field `Filters[].Values`: minItems",
        alter: |d| { let p = field_pointer(d, CWP_EXPORT, "request", "Filters[].Values"); remove(d, &p, "minItems"); } },
    Alteration { what: "Filter Values may be empty (probe)", service: CWP, check: check_probes, expect: "at least one value",
        alter: |d| { let p = field_pointer(d, CWP_EXPORT, "request", "Filters[].Values"); remove(d, &p, "minItems"); } },
    Alteration { what: "Filter Name optional", service: CWP, check: check_fields, expect: "`Filters[].Name` is optional",
        alter: |d| { let p = field_pointer(d, CWP_EXPORT, "request", "Filters[]"); at_mut(d, &p)["required"] = serde_json::json!(["Values"]); } },
    Alteration { what: "pageSize up to 100", service: ENOS, check: check_fields, expect: "`pagination.pageSize`: maximum",
        alter: |d| { let p = field_pointer(d, ENOS_LIST, "request", "pagination.pageSize"); at_mut(d, &p)["maximum"] = 100.into(); } },
    Alteration { what: "the answer's pageSize bounded like the request's", service: ENOS, check: check_fields, expect: "`data.pagination.pageSize`: bounded by [\"maximum\"]",
        alter: |d| { at_mut(d, "/components/schemas/PageResponse/properties/pageSize")["maximum"] = 1000.into(); } },
    Alteration { what: "EnOS phone required", service: ENOS, check: check_fields, expect: "`data.users[].phone` is required",
        alter: |d| { at_mut(d, "/components/schemas/User")["required"] = serde_json::json!(["phone"]); } },
    Alteration { what: "a task's status required", service: WKS, check: check_fields, expect: "`export_tasks[].status` is required",
        alter: |d| { let p = field_pointer(d, LIST_TASKS, "200", "export_tasks[]"); at_mut(d, &p)["required"] = serde_json::json!(["status"]); } },
    Alteration { what: "project_id not nullable", service: REPO, check: check_fields, expect: "`[].project_id`: does not admit null",
        alter: |d| { let p = field_pointer(d, REPO_LIST, "200", "[].project_id"); at_mut(d, &p)["type"] = "string".into(); } },
    Alteration { what: "an undocumented DTO field", service: REPO, check: check_fields, expect: "undocumented [\"web_url\"]",
        alter: |d| { let p = field_pointer(d, REPO_LIST, "200", "[]"); at_mut(d, &p)["properties"]["web_url"] = serde_json::json!({"type": "string"}); } },
    Alteration { what: "encoded_authorization_message required", service: WKS, check: check_fields, expect: "`encoded_authorization_message` is required",
        alter: |d| { let p = field_pointer(d, EXPORT, "403", ""); at_mut(d, &p)["required"].as_array_mut().unwrap().push("encoded_authorization_message".into()); } },
    Alteration { what: "405 dropped", service: WKS, check: check_statuses, expect: "ExportUserGroupUsersNew: statuses",
        alter: |d| { let op = op_pointer(d, EXPORT); remove(d, &format!("{op}/responses"), "405"); } },
    Alteration { what: "403 labelled Bad Request", service: REPO, check: check_responses, expect: "\"Bad Request\" is wrong",
        alter: |d| { let op = op_pointer(d, REPO_LIST); at_mut(d, &format!("{op}/responses/403"))["description"] = "Bad Request".into(); } },
    Alteration { what: "EnOS return sample dropped", service: ENOS, check: check_vendor_examples, expect: "seed 003 Return Sample is not among",
        alter: |d| {
            let op = op_pointer(d, ENOS_LIST);
            let media = format!("{op}/responses/200/content/application~1json");
            remove(d, &media, "example");
            remove(d, &media, "examples");
            let schema = target_pointer(d, &format!("{media}/schema"));
            remove(d, &schema, "examples");
        } },
    Alteration { what: "CWP security dropped", service: CWP, check: check_security, expect: "apiKey schemes in header `Authorization`",
        alter: |d| remove(d, "/components", "securitySchemes") },
    Alteration { what: "a Workspace region dropped", service: WKS, check: check_servers, expect: "17 regions, expected 18",
        alter: |d| { at_mut(d, "/servers/0/variables/region/enum").as_array_mut().unwrap().pop(); } },
    Alteration { what: "EnOS gateway enumerated", service: ENOS, check: check_servers, expect: "publishes no closed list",
        alter: |d| { at_mut(d, "/servers/0/variables/apigw-address")["enum"] = serde_json::json!(["apim-cn5.enos-iot.com"]); } },
    Alteration { what: "CWP licence dropped", service: CWP, check: check_info, expect: "info.license",
        alter: |d| remove(d, "/info", "license") },
    Alteration { what: "CodeArts untagged", service: REPO, check: check_operation_texts, expect: "ListGroupUserGroups: no tag",
        alter: |d| { let op = op_pointer(d, REPO_LIST); remove(d, &op, "tags"); } },
    Alteration { what: "mistranslation repeated", service: WKS, check: check_errata, expect: "subscriber",
        alter: |d| d["info"]["description"] = "USER_ACTIVATE: The subscriber is activated.".into() },
];

#[test]
fn every_check_reports_an_altered_document() {
    let base = Docs::current();
    for alteration in ALTERATIONS {
        let before = (alteration.check)(&base);
        let mut docs = base.clone();
        (alteration.alter)(docs.of_mut(alteration.service));
        let after = (alteration.check)(&docs);
        let new: Vec<&String> = after.iter().filter(|f| !before.contains(f)).collect();
        assert!(
            new.iter().any(|f| f.contains(alteration.expect)),
            "altering the document ({}) did not produce a failure containing {:?}; new failures: {new:#?}",
            alteration.what,
            alteration.expect
        );
    }
}

#[test]
fn binary_and_value_text_checks_accept_a_correct_document() {
    let mut docs = Docs::current();
    let doc = docs.of_mut(WKS);
    let op = op_pointer(doc, TEMPLATE);
    let media = child(&format!("{op}/responses/200/content"), XLSX);
    at_mut(doc, &media)["schema"] =
        serde_json::json!({ "type": "string", "contentMediaType": XLSX });
    for id in [EXPORT, TEMPLATE] {
        let p = param_pointer(doc, id, "active_type");
        at_mut(doc, &p)["description"] =
            "`USER_ACTIVATE`: the user activates the account; `ADMIN_ACTIVATE`: an administrator activates it.".into();
    }
    assert_eq!(check_binary_bodies(&docs), Vec::<String>::new());
    let texts: Vec<String> = check_parameter_texts(&docs)
        .into_iter()
        .filter(|f| f.contains("active_type"))
        .collect();
    assert_eq!(texts, Vec::<String>::new());

    remove(docs.of_mut(WKS), &media, "schema");
    assert_eq!(check_binary_bodies(&docs), Vec::<String>::new());
}

/// The stub's own document (DECISIONS: "Tencent DownloadUrl"): one GET of the exported file,
/// at a path no vendor document holds, without credentials (a pre-signed URL authorizes
/// itself), answering the workbook or 404.
#[test]
fn the_stub_download_document_holds_only_the_stub_download() {
    use vendor_api::document::StubDocument;
    let doc = StubDocument::Downloads.document();
    assert_eq!(StubDocument::Downloads.name(), "stub-downloads");
    assert_eq!(StubDocument::Downloads.service(), CWP);
    let title = doc["info"]["title"].as_str().unwrap_or_default();
    assert!(title.contains("not a vendor API"), "{title}");
    let ops = walk::operations(&doc);
    assert_eq!(ops.len(), 1, "one operation");
    let found = &ops[0];
    assert_eq!(found.method, "get");
    for service in Service::ALL {
        assert!(
            service.document()["paths"].get(found.path).is_none(),
            "{} documents {}",
            service.name(),
            found.path
        );
    }
    // The download URL is its own credential: the operation says so with one empty
    // security requirement, and the document sets no default.
    assert_eq!(
        found.object.get("security"),
        Some(&serde_json::json!([{}])),
        "no credentials"
    );
    assert!(
        doc.get("security").is_none(),
        "no document-wide credentials"
    );
    let responses: Vec<&String> = found.object["responses"]
        .as_object()
        .expect("responses")
        .keys()
        .collect();
    assert_eq!(responses, ["200", "404"]);
    assert!(
        found.object["responses"]["200"]["content"]
            .get(XLSX)
            .is_some()
    );
    assert!(
        found.object["responses"]["404"]["content"]
            .get(JSON)
            .is_some()
    );
}
