//! What a case must be answered with (success, not found from the dataset, or the vendor's
//! validation code) and whether the stub's answer is that.

use axum::http::StatusCode;
use serde_json::Value;
use vendor_api::Service;

use super::cases::Case;
use super::schema::Expect::{Accept, Reject};
use super::schema::Kind;
use crate::support::baseline::{Spec, tencent_task, workspace_task_id};
use crate::support::{self, Answer};

/// What a request must be answered with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The operation's success answer.
    Success,
    /// The vendor's error envelope with this HTTP status and code.
    Error { status: StatusCode, code: String },
}

pub fn validation_error(service: Service, location: &str, name: &str, kind: Kind) -> Outcome {
    let (status, code) = match service {
        Service::HuaweiWorkspace => (StatusCode::BAD_REQUEST, "WKS.00020400"),
        Service::HuaweiCodeartsRepo => (StatusCode::BAD_REQUEST, "CH.004400"),
        Service::EnosAppPortal => (StatusCode::OK, "31400"),
        Service::TencentCwp => (
            StatusCode::OK,
            match (kind, location, name) {
                (Kind::Missing, ..) => "MissingParameter",
                (Kind::Unknown, ..) => "UnknownParameter",
                (Kind::WrongType | Kind::Repeated, ..) => "InvalidParameter",
                (Kind::Format, ..) => "InvalidParameter.DateRange",
                (Kind::Invalid, "header", "X-TC-Action") => "InvalidAction",
                (Kind::Invalid, "header", "X-TC-Version") => "NoSuchVersion",
                (Kind::Invalid, ..) => "InvalidParameterValue",
            },
        ),
    };
    Outcome::Error {
        status,
        code: code.to_owned(),
    }
}

/// How a valid request is answered, from the dataset: success, or not found when it names
/// data the dataset does not hold (and, for Workspace, the documented rule that
/// `X-Project-Id` repeats the path's project).
pub fn accepted(spec: &Spec) -> Outcome {
    let data = support::dataset();
    let error = |status: StatusCode, code: &str| Outcome::Error {
        status,
        code: code.to_owned(),
    };
    let path = |name: &str| spec.path.get(name).cloned().unwrap_or_default();
    match spec.operation_id.as_str() {
        "ExportUserGroupUsersNew"
        | "ExportUsersTemplate"
        | "ListExportTasks"
        | "DownloadExportFile" => {
            let project_id = path("project_id");
            let header = spec.header("X-Project-Id");
            if header.first().is_some_and(|h| *h != project_id) {
                return error(StatusCode::BAD_REQUEST, "WKS.00020400");
            }
            let Some(project) = data.workspace_project(&project_id) else {
                return error(StatusCode::NOT_FOUND, "WKS.00020404");
            };
            if spec.operation_id == "ExportUserGroupUsersNew"
                && !project
                    .user_groups
                    .iter()
                    .any(|g| g.group_id == path("group_id"))
            {
                return error(StatusCode::NOT_FOUND, "WKS.00020404");
            }
            // Only the baseline's task exists (any other text is no task id of the stub's).
            if spec.operation_id == "DownloadExportFile" && path("task_id") != workspace_task_id() {
                return error(StatusCode::NOT_FOUND, "WKS.00020404");
            }
            Outcome::Success
        }
        "ExportTasks" => {
            if spec.body.as_ref().and_then(|b| b["TaskId"].as_str())
                == Some(tencent_task().task_id.as_str())
            {
                Outcome::Success
            } else {
                error(StatusCode::OK, "ResourceNotFound")
            }
        }
        "ListGroupUserGroups" => {
            let group_id: i64 = path("group_id")
                .parse()
                .expect("an accepted group_id is an integer");
            let exists = data
                .huawei_codearts_repo
                .repository_groups
                .iter()
                .any(|g| i64::from(g.group_id) == group_id);
            if exists {
                Outcome::Success
            } else {
                error(StatusCode::NOT_FOUND, "CH.004404")
            }
        }
        "listAssignedUser" => {
            let org_id = spec
                .query
                .iter()
                .find(|(k, _)| k == "orgId")
                .map(|(_, v)| v.as_str());
            let group_id = spec.body.as_ref().and_then(|b| b["userGroupId"].as_str());
            let exists = data
                .enos_app_portal
                .orgs
                .iter()
                .filter(|o| Some(o.org_id.as_str()) == org_id)
                .any(|o| {
                    o.user_groups
                        .iter()
                        .any(|g| Some(g.user_group_id.as_str()) == group_id)
                });
            if exists {
                Outcome::Success
            } else {
                error(StatusCode::OK, "31404")
            }
        }
        "ExportAssetUserList" => tencent_semantics(spec.body.as_ref()),
        _ => Outcome::Success,
    }
}

/// The Tencent rules the schema leaves to prose (DECISIONS.md, the vendor's `uint64`): `Uid`
/// and `Guid` values are unsigned 64-bit integers, so 20 digits above 2^64 − 1 are answered
/// `InvalidParameterValue`; a `LoginTimeStart` after the `LoginTimeEnd` is
/// `InvalidParameter.DateRange`.
pub fn tencent_semantics(body: Option<&Value>) -> Outcome {
    let error = |code: &str| Outcome::Error {
        status: StatusCode::OK,
        code: code.to_owned(),
    };
    let filters = body
        .and_then(|b| b["Filters"].as_array())
        .cloned()
        .unwrap_or_default();
    let values = |name: &str| -> Vec<String> {
        filters
            .iter()
            .filter(|f| f["Name"] == name)
            .flat_map(|f| f["Values"].as_array().cloned().unwrap_or_default())
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    let too_large = ["Uid", "Guid"]
        .iter()
        .flat_map(|name| values(name))
        .any(|v| {
            v.bytes().all(|b| b.is_ascii_digit()) && !v.is_empty() && v.parse::<u64>().is_err()
        });
    if too_large {
        return error("InvalidParameterValue");
    }
    // Dates `YYYY-MM-DD` order as text.
    let start = values("LoginTimeStart").into_iter().min();
    let end = values("LoginTimeEnd").into_iter().max();
    if let (Some(start), Some(end)) = (start, end)
        && start > end
    {
        return error("InvalidParameter.DateRange");
    }
    Outcome::Success
}

/// Checks an answer against the expected outcome; the reason when it does not match.
pub fn judge(service: Service, answer: &Answer, expected: &Outcome) -> Result<(), String> {
    let shown = || {
        let text = String::from_utf8_lossy(&answer.bytes);
        let text: String = text.chars().take(300).collect();
        format!("status {} {}", answer.status.as_u16(), text)
    };
    match expected {
        Outcome::Success => {
            let ok = match service {
                Service::HuaweiWorkspace | Service::HuaweiCodeartsRepo => {
                    answer.status.is_success() && answer.headers.contains_key("x-request-id")
                }
                Service::TencentCwp => {
                    let body: Value = serde_json::from_slice(&answer.bytes).unwrap_or_default();
                    answer.status == StatusCode::OK
                        && answer.content_type() == "application/json"
                        && body["Response"].get("Error").is_none()
                        && (body["Response"]["TaskId"].is_string()
                            || body["Response"]["Status"].is_string())
                }
                Service::EnosAppPortal => {
                    let body: Value = serde_json::from_slice(&answer.bytes).unwrap_or_default();
                    answer.status == StatusCode::OK && body["code"] == 0
                }
            };
            if ok {
                Ok(())
            } else {
                Err(format!("expected success, got {}", shown()))
            }
        }
        Outcome::Error { status, code } => {
            let got = support::try_error_code(service, answer)?;
            if answer.status != *status || got != *code {
                return Err(format!(
                    "expected {} {code}, got {}",
                    status.as_u16(),
                    shown()
                ));
            }
            Ok(())
        }
    }
}

/// Runs cases; one line per case that is not answered as expected.
pub async fn run(service: Service, operation_id: &str, cases: &[Case]) -> Vec<String> {
    let mut failures = Vec::new();
    for case in cases {
        let expected = match case.expect {
            Accept => accepted(&case.spec),
            Reject(kind) => validation_error(service, &case.location, &case.name, kind),
        };
        let answer = support::send(case.spec.request()).await;
        if let Err(why) = judge(service, &answer, &expected) {
            failures.push(format!(
                "{operation_id} [{}] {}: {why}",
                case.label,
                case.spec.describe()
            ));
        }
    }
    failures
}
