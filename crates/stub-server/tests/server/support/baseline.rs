//! The one valid request per operation that the boundary and hostile suites start from: the
//! dataset's anchors, each vendor's credentials and every documented query default, held in
//! parts so that a suite can change exactly one of them.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Method, Request};
use serde_json::{Value, json};
use stub_data::anchors;
use vendor_api::walk;

use super::{dataset, find, request_for, route};

/// A request as parts, so that one part can be changed.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The operation the request is for.
    pub operation_id: String,
    pub method: Method,
    /// The path template, without a `#fragment`.
    pub template: String,
    /// The path parameters' values, unencoded.
    pub path: BTreeMap<String, String>,
    /// The query, unencoded, in order.
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Option<Value>,
    /// The parts whose value names a record of the dataset (`path`/`query` and a name, or
    /// `body` and a JSON Pointer), for suites that want a request naming nothing.
    pub anchors: Vec<(&'static str, String)>,
}

/// Characters a path segment keeps unencoded.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

impl Spec {
    /// The path with its parameters percent-encoded into the template.
    pub fn path(&self) -> String {
        let mut path = self.template.clone();
        for (name, value) in &self.path {
            let encoded = percent_encoding::utf8_percent_encode(value, SEGMENT).to_string();
            path = path.replace(&format!("{{{name}}}"), &encoded);
        }
        path
    }

    /// The query as sent, without `?` (form-encoded).
    pub fn query(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.query {
            query.append_pair(k, v);
        }
        query.finish()
    }

    pub fn uri(&self) -> String {
        if self.query.is_empty() {
            self.path()
        } else {
            format!("{}?{}", self.path(), self.query())
        }
    }

    pub fn request(&self) -> Request<Body> {
        let mut builder = Request::builder()
            .method(self.method.clone())
            .uri(self.uri());
        for (name, value) in &self.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let body = self
            .body
            .as_ref()
            .map(|b| Body::from(b.to_string()))
            .unwrap_or_else(Body::empty);
        builder.body(body).expect("a valid request")
    }

    /// The values of header `name`, in order.
    pub fn header(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// This request with parameter `name` set to `texts` (`None`: absent).
    pub fn with_param(&self, location: &str, name: &str, texts: Option<&[String]>) -> Spec {
        let mut spec = self.clone();
        match location {
            "path" => {
                if let Some(text) = texts.and_then(|t| t.first()) {
                    spec.path.insert(name.to_owned(), text.clone());
                }
            }
            "query" => {
                spec.query.retain(|(k, _)| k != name);
                for text in texts.into_iter().flatten() {
                    spec.query.push((name.to_owned(), text.clone()));
                }
            }
            "header" => {
                spec.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
                for text in texts.into_iter().flatten() {
                    spec.headers.push((name.to_owned(), text.clone()));
                }
            }
            other => panic!("parameters in {other} are not supported"),
        }
        spec
    }

    /// A short description for failure messages.
    pub fn describe(&self) -> String {
        fn clip(text: &str, max: usize) -> String {
            let count = text.chars().count();
            if count <= max {
                text.to_owned()
            } else {
                let head: String = text.chars().take(max).collect();
                format!("{head}… ({count} characters)")
            }
        }
        let mut out = format!("{} {}", self.method, clip(&self.uri(), 200));
        for (name, value) in &self.headers {
            let shown = [
                "x-project-id",
                "x-auth-token",
                "x-tc-action",
                "x-tc-version",
                "x-tc-timestamp",
            ];
            if shown.contains(&name.to_ascii_lowercase().as_str())
                || name.starts_with("apim-") && name != "apim-accesstoken"
            {
                out.push_str(&format!(" [{name}: {}]", clip(value, 40)));
            }
        }
        if let Some(body) = &self.body {
            out.push_str(&format!(" body {}", clip(&body.to_string(), 300)));
        }
        out
    }
}

/// The plan of the tasks the baselines name: created a minute ago, finished at once, kept for
/// thirty days, so that the task has a file while the tests run.
fn finished_plan() -> stub_data::TaskPlan {
    stub_data::TaskPlan::new(
        stub_data::Clock::system().now_ms() - 60_000,
        0,
        30 * 24 * 3_600_000,
        false,
    )
}

/// A finished Workspace export task of the anchor group, which the download baseline names.
pub fn workspace_task_id() -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| {
        stub_data::workspace_export(
            dataset(),
            anchors::WORKSPACE_PROJECT_ID,
            anchors::WORKSPACE_GROUP_ID,
            &Default::default(),
            &finished_plan(),
        )
        .expect("the anchor group")
        .task_id
    })
}

/// A finished Tencent export task, which the `ExportTasks` and download baselines name.
pub fn tencent_task() -> &'static stub_data::TencentExport {
    static TASK: OnceLock<stub_data::TencentExport> = OnceLock::new();
    TASK.get_or_init(|| {
        stub_data::tencent_export(dataset(), &Default::default(), None, &finished_plan())
    })
}

/// The `Authorization` header and date Huawei's SDKs sign with, sent beside the token as the
/// SDKs may.
const HUAWEI_SIGNATURE: [(&str, &str); 2] = [
    (
        "Authorization",
        "SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=host;x-sdk-date, Signature=00",
    ),
    ("X-Sdk-Date", "20250917T120000Z"),
];

/// Sets a path parameter to a value naming a dataset record.
fn anchor_path(spec: &mut Spec, name: &str, value: &str) {
    spec.path.insert(name.to_owned(), value.to_owned());
    spec.anchors.push(("path", name.to_owned()));
}

/// Sets the body; `anchors` are the pointers of its values naming dataset records.
fn anchor_body(spec: &mut Spec, value: Value, anchors: &[&str]) {
    spec.body = Some(value);
    spec.anchors
        .extend(anchors.iter().map(|a| ("body", (*a).to_owned())));
}

/// The Workspace project, in the path and, as Huawei's SDKs send it, in `X-Project-Id`.
fn workspace_project(spec: &mut Spec) {
    anchor_path(spec, "project_id", anchors::WORKSPACE_PROJECT_ID);
    spec.headers.push((
        "X-Project-Id".to_owned(),
        anchors::WORKSPACE_PROJECT_ID.to_owned(),
    ));
}

/// The valid request every case starts from: the dataset's anchors, each vendor's
/// credentials, and every documented query default.
pub fn baseline(operation_id: &str) -> Spec {
    let (_, doc, found) = find(operation_id);
    let credentials = request_for(operation_id, "/").body(()).expect("a request");
    let mut spec = Spec {
        operation_id: operation_id.to_owned(),
        method: found.method.to_uppercase().parse().expect("a method"),
        // `/#ExportTasks` is sent to `/`, with its own X-TC-Action.
        template: route(found.path).to_owned(),
        path: BTreeMap::new(),
        query: Vec::new(),
        headers: credentials
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().expect("ASCII").to_owned()))
            .collect(),
        body: None,
        anchors: Vec::new(),
    };
    let huawei_signature = |spec: &mut Spec| {
        spec.headers.extend(
            HUAWEI_SIGNATURE
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
    };
    match operation_id {
        "ExportUserGroupUsersNew" => {
            workspace_project(&mut spec);
            anchor_path(&mut spec, "group_id", anchors::WORKSPACE_GROUP_ID);
            huawei_signature(&mut spec);
        }
        "ExportUsersTemplate" | "ListExportTasks" => {
            workspace_project(&mut spec);
            huawei_signature(&mut spec);
        }
        "DownloadExportFile" => {
            workspace_project(&mut spec);
            anchor_path(&mut spec, "task_id", workspace_task_id());
            huawei_signature(&mut spec);
        }
        "ListGroupUserGroups" => {
            let group = anchors::CODEARTS_GROUP_ID.to_string();
            anchor_path(&mut spec, "group_id", &group);
            huawei_signature(&mut spec);
        }
        "ExportTasks" => {
            let body = json!({"TaskId": tencent_task().task_id});
            anchor_body(&mut spec, body, &["/TaskId"]);
        }
        // The download URL is its own credential: no vendor headers.
        "StubDownloadTencentExport" => {
            spec.headers.clear();
            anchor_path(&mut spec, "task_id", &tencent_task().task_id);
            anchor_path(&mut spec, "file_name", &tencent_task().file_name);
        }
        "listAssignedUser" => {
            let body = json!({
                "userGroupId": anchors::ENOS_USER_GROUP_ID,
                "pagination": {"pageNo": 0, "pageSize": 100},
            });
            anchor_body(&mut spec, body, &["/userGroupId"]);
        }
        "ExportAssetUserList" => {
            let body = json!({
                "Quuid": anchors::TENCENT_QUUID,
                "Filters": [{"Name": "Name", "Values": ["root"], "ExactMatch": true}],
                "Order": "desc",
                "By": "LoginTime",
            });
            anchor_body(&mut spec, body, &["/Quuid"]);
        }
        other => panic!("no baseline request for {other}: add one"),
    }
    for param in found.parameters(doc).expect("the parameters resolve") {
        let name = param.name;
        match param.location {
            "query" => {
                if name == "orgId" {
                    spec.query
                        .push((name.to_owned(), anchors::ENOS_ORG_ID.to_owned()));
                    spec.anchors.push(("query", name.to_owned()));
                } else if let Some(default) = walk::merged(doc, param.schema)
                    .expect("the schema resolves")
                    .get("default")
                {
                    let text = default
                        .as_str()
                        .map_or_else(|| default.to_string(), str::to_owned);
                    spec.query.push((name.to_owned(), text));
                } else {
                    assert!(
                        !param.required,
                        "{operation_id}: no baseline value for {name}"
                    );
                }
            }
            "path" => assert!(
                spec.path.contains_key(name),
                "{operation_id}: no baseline value for {name}"
            ),
            _ => {}
        }
    }
    spec
}
