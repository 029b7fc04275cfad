//! The answer checker against the published documents: every documented example passes, and
//! a small body per kind of drift gives that finding, at the right pointer.

use http::HeaderMap;
use http::header::CONTENT_TYPE;
use serde_json::{Value, json};
use vendor_api::Service;
use vendor_api::walk;

use drift_check::{Answer, CheckError, Checker, Finding, Kind};

/// Headers with a JSON content type and the Huawei request id.
fn json_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        CONTENT_TYPE,
        "application/json;charset=UTF-8".parse().unwrap(),
    );
    headers.insert("x-request-id", "0123456789abcdef".parse().unwrap());
    headers
}

/// The findings of an answer to `operation`.
fn answer(
    service: Service,
    operation: &str,
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Vec<Finding> {
    let checker = Checker::for_service(service).unwrap();
    let answer = Answer {
        status,
        headers,
        body,
    };
    checker.check(operation, &answer).unwrap()
}

/// The findings of `body` answered with `status` and JSON headers.
fn check(service: Service, operation: &str, status: u16, body: &Value) -> Vec<Finding> {
    let body = serde_json::to_vec(body).unwrap();
    answer(service, operation, status, &json_headers(), &body)
}

/// The findings of a CodeArts `200` with these headers and body.
fn codearts_page(headers: &HeaderMap, body: &[u8]) -> Vec<Finding> {
    answer(
        Service::HuaweiCodeartsRepo,
        "ListGroupUserGroups",
        200,
        headers,
        body,
    )
}

/// The one finding of a check, with its kind and pointer.
fn only(findings: &[Finding]) -> (Kind, &str) {
    assert_eq!(findings.len(), 1, "{findings:#?}");
    (findings[0].kind, findings[0].pointer.as_str())
}

/// A CodeArts member group as the document's example writes it.
fn member() -> Value {
    json!({"id": 345, "user_group_id": "2e19", "name": "team1", "project_id": null,
        "tenant_id": "159b", "group_type": null, "member_count": 1,
        "created_at": "2025-09-17T19:30:03.275+08:00",
        "updated_at": "2025-09-17T19:30:03.275+08:00", "description": null})
}

#[test]
fn every_documented_example_is_an_answer_without_findings() {
    let mut checked = 0;
    for service in Service::ALL {
        let doc = service.document();
        let checker = Checker::for_service(service).unwrap();
        for operation in walk::operations(&doc) {
            for response in operation.responses(&doc).unwrap() {
                let Ok(status) = response.status.parse::<u16>() else {
                    continue;
                };
                let mut headers = HeaderMap::new();
                for name in response.object["headers"].as_object().into_iter().flatten() {
                    headers.insert(
                        http::HeaderName::from_bytes(name.0.as_bytes()).unwrap(),
                        "x".parse().unwrap(),
                    );
                }
                for (media, _) in &response.content {
                    headers.insert(CONTENT_TYPE, media.parse().unwrap());
                    let entry = &response.object["content"][*media];
                    let mut examples: Vec<&Value> = entry.get("example").into_iter().collect();
                    examples.extend(
                        entry["examples"]
                            .as_object()
                            .into_iter()
                            .flatten()
                            .map(|e| &e.1["value"]),
                    );
                    for example in examples {
                        let body = serde_json::to_vec(example).unwrap();
                        let answer = Answer {
                            status,
                            headers: &headers,
                            body: &body,
                        };
                        let findings = checker.check(operation.id, &answer).unwrap();
                        assert!(
                            findings.is_empty(),
                            "{} {status}: {findings:#?}",
                            operation.id
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} examples");
}

#[test]
fn an_undocumented_status_is_a_finding() {
    let findings = check(
        Service::HuaweiCodeartsRepo,
        "ListGroupUserGroups",
        418,
        &json!({}),
    );
    assert_eq!(only(&findings), (Kind::UndocumentedStatus, ""));
    assert_eq!(findings[0].actual, "418");
    assert!(findings[0].expected.contains("200"), "{findings:?}");
}

#[test]
fn an_error_code_the_document_does_not_list_is_a_finding_for_each_vendor() {
    let huawei = json!({"error_code": "WKS.00029999", "error_msg": "new"});
    let findings = check(
        Service::HuaweiWorkspace,
        "ExportUserGroupUsersNew",
        400,
        &huawei,
    );
    assert_eq!(
        only(&findings),
        (Kind::UndocumentedErrorCode, "/error_code")
    );
    assert!(findings[0].expected.contains("WKS.00020400"));
    let documented = json!({"error_code": "WKS.00020400", "error_msg": "bad"});
    assert!(
        check(
            Service::HuaweiWorkspace,
            "ExportUserGroupUsersNew",
            400,
            &documented
        )
        .is_empty()
    );

    let tencent = json!({"Response": {"Error": {"Code": "FailedOperation.New", "Message": "m"},
        "RequestId": "r"}});
    let findings = check(Service::TencentCwp, "ExportAssetUserList", 200, &tencent);
    assert_eq!(
        only(&findings),
        (Kind::UndocumentedErrorCode, "/Response/Error/Code")
    );

    // 31500 is documented (illustrative) since issue 20; 31999 is no code of the document.
    let enos = json!({"code": 31999, "message": "internal", "data": null});
    let findings = check(Service::EnosAppPortal, "listAssignedUser", 200, &enos);
    assert_eq!(only(&findings), (Kind::UndocumentedErrorCode, "/code"));
    assert_eq!(findings[0].actual, "31999");
}

#[test]
fn a_missing_required_property_is_a_finding() {
    let body = json!({"error_msg": "no code"});
    let findings = check(
        Service::HuaweiWorkspace,
        "ExportUserGroupUsersNew",
        404,
        &body,
    );
    assert_eq!(only(&findings), (Kind::RequiredMissing, "/error_code"));
}

#[test]
fn a_property_the_schema_does_not_declare_is_a_finding_inside_a_one_of() {
    let body = json!({"Response": {"TaskId": "t", "RequestId": "r", "Extra": {"a": 1}}});
    let findings = check(Service::TencentCwp, "ExportAssetUserList", 200, &body);
    assert_eq!(only(&findings), (Kind::UnknownProperty, "/Response/Extra"));
    assert_eq!(findings[0].actual, r#"{"a":1}"#);
}

/// The findings of a CodeArts page of two member groups, the second with `field` set to
/// `value`.
fn codearts_with(field: &str, value: Value) -> Vec<Finding> {
    let mut changed = member();
    changed[field] = value;
    let page = json!([member(), changed]);
    check(
        Service::HuaweiCodeartsRepo,
        "ListGroupUserGroups",
        200,
        &page,
    )
}

#[test]
fn a_property_of_the_wrong_type_is_a_finding() {
    let findings = codearts_with("id", json!("345"));
    assert_eq!(only(&findings), (Kind::WrongType, "/1/id"));
    assert_eq!(findings[0].expected, "integer");
}

#[test]
fn wrong_format_range_and_enum_are_findings() {
    let findings = codearts_with("created_at", json!("yesterday"));
    assert_eq!(only(&findings), (Kind::WrongFormat, "/1/created_at"));
    let findings = codearts_with("id", json!(0));
    assert_eq!(only(&findings), (Kind::OutOfRange, "/1/id"));

    let body = json!({"Response": {"Status": "DONE", "DownloadUrl": "", "RequestId": "r"}});
    let findings = check(Service::TencentCwp, "ExportTasks", 200, &body);
    assert_eq!(only(&findings), (Kind::NotInEnum, "/Response/Status"));
}

#[test]
fn a_nullable_object_with_drift_is_reported_inside_it() {
    // The answer's pagination has no bounds since issue 20 (DECISIONS.md, "All documents" 6):
    // the drift inside `data` is a wrong type.
    let body = json!({"code": 0, "message": "OK", "data": {"users": [], "pagination":
        {"totalElements": "3", "pageNo": 0, "pageSize": 10}}});
    let findings = check(Service::EnosAppPortal, "listAssignedUser", 200, &body);
    assert_eq!(
        only(&findings),
        (Kind::WrongType, "/data/pagination/totalElements")
    );
}

#[test]
fn content_type_headers_and_bodies_that_are_not_json_are_findings() {
    let mut html = json_headers();
    html.insert(CONTENT_TYPE, "text/html".parse().unwrap());
    let findings = codearts_page(&html, b"<html>");
    assert_eq!(only(&findings), (Kind::WrongContentType, ""));
    assert_eq!(findings[0].actual, "text/html");

    let mut no_id = json_headers();
    no_id.remove("x-request-id");
    let findings = codearts_page(&no_id, b"[]");
    assert_eq!(only(&findings), (Kind::HeaderMissing, ""));
    assert_eq!(findings[0].expected, "header X-Request-Id");

    let long = "not json ".repeat(100);
    let findings = codearts_page(&json_headers(), long.as_bytes());
    assert_eq!(only(&findings), (Kind::BodyNotJson, ""));
    assert_eq!(findings[0].actual.chars().count(), drift_check::LIMIT + 1);
}

#[test]
fn an_unknown_operation_is_an_error_not_a_panic() {
    let checker = Checker::for_service(Service::TencentCwp).unwrap();
    let headers = HeaderMap::new();
    let answer = Answer {
        status: 200,
        headers: &headers,
        body: b"",
    };
    assert!(matches!(
        checker.check("NoSuchAction", &answer),
        Err(CheckError::UnknownOperation(_))
    ));
}
