//! Routes come from the documents: every documented (method, path) is served, and nothing else.

use axum::http::{Method, StatusCode};
use serde_json::Value;
use vendor_api::Service;

use crate::support::{self, call, call_for, error_code, route, send};

/// Fills a path template with values that match no data, so that a routed request is answered
/// by the operation (with a not-found or validation error), never by the fallback. A
/// `#fragment` (Tencent's `/#ExportTasks`) never reaches a server, so it is dropped.
fn concrete(path: &str) -> String {
    route(path)
        .replace("{project_id}", "p0")
        .replace("{group_id}", "1")
        .replace("{task_id}", "t0")
        .replace("{file_name}", "f0.xlsx")
}

/// Every operation of the vendor documents and of the stub's own documents.
fn documented() -> Vec<(Service, Method, String, String)> {
    support::operations()
        .into_iter()
        .map(|(service, _, op)| {
            let method: Method = op.method.to_uppercase().parse().expect("method");
            (service, method, op.path.to_owned(), op.id.to_owned())
        })
        .collect()
}

#[test]
fn every_documented_operation_has_a_handler_and_no_handler_is_undocumented() {
    let mut documented: Vec<String> = documented().into_iter().map(|(.., id)| id).collect();
    documented.sort();
    let mut handled: Vec<String> = stub_server::handlers::registry()
        .ids()
        .map(str::to_owned)
        .collect();
    handled.sort();
    assert_eq!(documented, handled);
    assert_eq!(
        documented.len(),
        9,
        "the five operations of the mission, the three export-task companions \
         (ListExportTasks, DownloadExportFile, ExportTasks) and the stub's own download"
    );
}

#[tokio::test]
async fn every_documented_route_is_served_by_its_operation() {
    let mut outcomes = Vec::new();
    let mut unrouted = Vec::new();
    for (service, method, path, id) in documented() {
        let body = (method == Method::POST).then(|| Value::Object(Default::default()));
        // Each Tencent action with its own X-TC-Action, so that the request reaches it.
        let answer = call_for(&id, &concrete(&path), body.as_ref()).await;
        // The fallback answers in the vendor's envelope with APIGW.0101 / UnsupportedOperation
        // / 31404 (README.md, "What failures look like"); the operation itself answers
        // anything but that. The requests name no data and EnOS's lacks its `orgId`, so the
        // EnOS operation answers 31400, never the fallback's 31404.
        let fallback = match service {
            Service::TencentCwp => {
                answer.json()["Response"]["Error"]["Code"] == "UnsupportedOperation"
            }
            Service::EnosAppPortal => answer.json()["code"] == 31404,
            _ => answer.json().get("error_code").and_then(Value::as_str) == Some("APIGW.0101"),
        };
        let routed = !fallback && answer.status != StatusCode::METHOD_NOT_ALLOWED;
        if !routed {
            unrouted.push(format!("{id}: {method} {path}: {}", answer.json()));
        }
        outcomes.push((id, routed, 1));
    }
    crate::support::record_coverage("served", &outcomes);
    assert!(
        unrouted.is_empty(),
        "not routed to their operation: {unrouted:#?}"
    );
}

#[tokio::test]
async fn undocumented_methods_on_documented_paths_are_refused_in_the_vendor_envelope() {
    for (service, method, path, id) in documented() {
        for other in [
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::PATCH,
        ] {
            if other == method {
                continue;
            }
            let answer = call(service, other.clone(), &concrete(&path), None).await;
            let code = error_code(service, &answer);
            let expected = match service {
                Service::HuaweiWorkspace => "WKS.00020405",
                Service::HuaweiCodeartsRepo => "CH.004405",
                Service::TencentCwp => "UnsupportedOperation",
                Service::EnosAppPortal => "31400",
            };
            assert_eq!(code, expected, "{id}: {other} {path}");
            if matches!(
                service,
                Service::HuaweiWorkspace | Service::HuaweiCodeartsRepo
            ) {
                assert_eq!(
                    answer.status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{id}: {other}"
                );
                assert_eq!(answer.headers["allow"], method.as_str(), "{id}: {other}");
            }
        }
    }
}

#[tokio::test]
async fn undocumented_paths_are_refused_in_the_envelope_of_the_vendor_they_look_like() {
    let cases = [
        (Service::HuaweiWorkspace, "/v3/p0/desktops", "APIGW.0101"),
        (Service::HuaweiWorkspace, "/nothing/here", "APIGW.0101"),
        (
            Service::HuaweiCodeartsRepo,
            "/v4/groups/1/members",
            "APIGW.0101",
        ),
        (
            Service::EnosAppPortal,
            "/app-portal-service/v2.3/userGroup/other",
            "31404",
        ),
        (Service::TencentCwp, "/prefix", "UnsupportedOperation"),
    ];
    for (service, path, expected) in cases {
        let answer = call(service, Method::GET, path, None).await;
        assert_eq!(error_code(service, &answer), expected, "{path}");
    }
}

#[tokio::test]
async fn the_infrastructure_routes_are_served() {
    let get = |uri: &str| {
        axum::http::Request::get(uri)
            .body(axum::body::Body::empty())
            .expect("request")
    };
    let health = send(get("/healthz")).await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.json(), serde_json::json!({"status": "ok"}));

    let ui = send(get("/swagger-ui/")).await;
    assert_eq!(ui.status, StatusCode::OK);
    assert!(
        ui.content_type().starts_with("text/html"),
        "{}",
        ui.content_type()
    );

    for service in Service::ALL {
        let doc = send(get(&format!("/api-docs/{}.json", service.name()))).await;
        assert_eq!(doc.status, StatusCode::OK, "{}", service.name());
        let mut served = doc.json();
        // The served copy lists the stub first, then exactly the committed document's servers.
        let servers = served["servers"].as_array_mut().expect("servers");
        assert_eq!(servers.remove(0)["url"], "/");
        assert_eq!(served, service.document(), "{}", service.name());
    }
    assert_eq!(
        send(get("/api-docs/unknown.json")).await.status,
        StatusCode::NOT_FOUND
    );
}
