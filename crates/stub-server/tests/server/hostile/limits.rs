//! The limits and the fault injection of README.md ("Limits", "Fault injection"):
//! concurrency and rate limits, `Prefer`, `--latency`, `--error-rate`, and a panicking handler.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use stub_server::Config;

use crate::support::{Answer, app_with, send_bounded};

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

/// A Huawei GET of `uri` with a token and, unless empty, this `Prefer` header.
async fn huawei(app: &axum::Router, uri: &str, prefer: &str) -> Answer {
    let request = with_prefer(huawei_request(uri), prefer).body(Body::empty());
    send_bounded(app.clone(), request.unwrap()).await
}

/// A CodeArts list request, answered by the operation unless a limit or fault steps in.
async fn codearts(app: &axum::Router) -> Answer {
    huawei(app, "/v4/groups/123/user-groups", "").await
}

/// A Tencent export request with an empty body and, unless empty, this `Prefer` header.
async fn tencent_with(app: &axum::Router, prefer: &str) -> Answer {
    let request = with_prefer(tencent_request("ExportAssetUserList"), prefer);
    send_bounded(app.clone(), request.body(Body::from("{}")).unwrap()).await
}

async fn tencent(app: &axum::Router) -> Answer {
    tencent_with(app, "").await
}

/// An EnOS list request of the dataset's `o123`/`ug1` with, unless empty, this `Prefer`.
async fn enos_with(app: &axum::Router, prefer: &str) -> Answer {
    let request = with_prefer(enos_request(), prefer).body(Body::from(ENOS_BODY));
    send_bounded(app.clone(), request.unwrap()).await
}

async fn enos(app: &axum::Router) -> Answer {
    enos_with(app, "").await
}

fn with_prefer(
    builder: axum::http::request::Builder,
    prefer: &str,
) -> axum::http::request::Builder {
    if prefer.is_empty() {
        builder
    } else {
        builder.header("Prefer", prefer)
    }
}

const ENOS_BODY: &str = r#"{"userGroupId": "ug1", "pagination": {"pageNo": 0, "pageSize": 10}}"#;

#[tokio::test]
async fn requests_beyond_the_concurrency_limit_get_each_vendors_throttling_error() {
    let mut config = Config::default();
    config.limits.max_concurrency = 2;
    let app = app_with(config);
    // Two slow requests hold both places.
    let slow = |app: axum::Router| async move {
        huawei(&app, "/v4/groups/123/user-groups", "delay=1500").await
    };
    let first = tokio::spawn(slow(app.clone()));
    let second = tokio::spawn(slow(app.clone()));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let huawei = codearts(&app).await;
    assert_eq!(huawei.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(huawei.json()["error_code"], "APIGW.0308");
    let tencent = tencent(&app).await;
    assert_eq!(tencent.status, StatusCode::OK);
    assert_eq!(
        tencent.json()["Response"]["Error"]["Code"],
        "RequestLimitExceeded"
    );
    let enos = enos(&app).await;
    assert_eq!(enos.json()["code"], 31429);
    // The slow ones finish normally and give their places back.
    assert_eq!(first.await.unwrap().status, StatusCode::OK);
    assert_eq!(second.await.unwrap().status, StatusCode::OK);
    let after = codearts(&app).await;
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
    // Each call with the times it was sent and answered: the stub counted it at some moment
    // in between, whatever the speed of the machine. Calls go out until five are refused (on
    // any machine that sends 21 calls within a second), or 100 have gone.
    let mut calls: Vec<(Instant, Instant, bool)> = Vec::new();
    while calls.len() < 100 && calls.iter().filter(|c| c.2).count() < 5 {
        let sent = Instant::now();
        let code = call("ExportAssetUserList").await;
        calls.push((sent, Instant::now(), code == "RequestLimitExceeded"));
    }
    let window = Duration::from_secs(1);
    for (k, &(sent, answered, refused)) in calls.iter().enumerate() {
        let admitted = calls[..k].iter().filter(|c| !c.2);
        if refused {
            // Refused only when 20 admitted calls may have been counted within the second
            // before it.
            let possible = admitted
                .filter(|m| sent.saturating_duration_since(m.1) < window)
                .count();
            assert!(possible >= 20, "call {k} refused after {possible} calls");
        } else {
            // Admitted only when not 20 admitted calls were surely counted within the second
            // before it.
            let sure = admitted
                .filter(|m| answered.duration_since(m.0) < window)
                .count();
            assert!(
                sure < 20,
                "call {k} admitted after {sure} calls within a second"
            );
        }
    }
    // Huawei and EnOS have no documented rate: not limited.
    for _ in 0..25 {
        let answer = codearts(&app).await;
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
        let answer = huawei(
            &app,
            "/v2/0bec5db98280d2d02fd6c00c2de791ce/users/template/download",
            &format!("code={status}"),
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
    let answer = huawei(&app, "/v4/groups/123/user-groups", "code=503").await;
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
        // The page's InternalError.MainDBFail (DECISIONS.md, "All documents" 7).
        (502, "InternalError.MainDBFail"),
        (503, "ServiceUnavailable"),
    ] {
        let answer = tencent_with(&app, &format!("code={status}")).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.content_type(), "application/json");
        assert_eq!(answer.json()["Response"]["Error"]["Code"], code, "{status}");
    }
    // EnOS: HTTP 200 and 31000 + the status.
    for status in [400, 404, 413, 429, 500] {
        let answer = enos_with(&app, &format!("code={status}")).await;
        assert_eq!(answer.json()["code"], 31000 + status);
        assert!(answer.json()["data"].is_null());
    }
    // code=200 simply runs the operation.
    let answer = enos_with(&app, "code=200").await;
    assert_eq!(answer.json()["code"], 0);
    // Preferences the stub does not support are ignored and not reported as applied.
    let answer = enos_with(&app, "return=minimal, respond-async").await;
    assert_eq!(answer.json()["code"], 0);
    assert!(!answer.headers.contains_key("preference-applied"));
}

#[tokio::test]
async fn prefer_delay_holds_the_answer_back() {
    let app = app_with(Config::default());
    let started = Instant::now();
    let answer = huawei(&app, "/v4/groups/123/user-groups", "delay=400, code=404").await;
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
            let answer = codearts(&app).await;
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
    let huawei = codearts(&app).await;
    assert_eq!(huawei.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(huawei.json()["error_code"], "CH.004500");
    assert!(
        !huawei.json()["error_msg"]
            .as_str()
            .unwrap()
            .contains("panic"),
        "internals stay in the log"
    );
    let tencent = tencent(&app).await;
    assert_eq!(tencent.json()["Response"]["Error"]["Code"], "InternalError");
    let enos = enos(&app).await;
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
