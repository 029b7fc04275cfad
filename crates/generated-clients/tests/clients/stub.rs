//! The stub server the cases drive, in this process, and the generated clients pointed at
//! it, with the credentials each vendor's gateway checks for.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::Request;
use axum::middleware::Next;
use generated_clients::{
    enos_app_portal as enos, huawei_codearts_repo as codearts, huawei_workspace as workspace,
    tencent_cwp as tencent,
};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use stub_data::{Clock, Dataset};

/// How long one HTTP call may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);
/// Where the stub's manual task clock starts: 2026-02-10T08:00:00.000Z.
pub(crate) const CLOCK_START_MS: i64 = 1_770_710_400_000;
/// How long a new export task stays pending in the stub under test (`--task-delay`).
pub(crate) const TASK_DELAY_MS: i64 = 500;

/// One request as it reached the stub: method, path and query, and `X-TC-Action` if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Seen {
    pub(crate) method: String,
    pub(crate) target: String,
    pub(crate) action: Option<String>,
}

/// Every request that reached the stub, in order.
pub(crate) type Log = Arc<Mutex<Vec<Seen>>>;

/// The stub server, serving in this process until [`Stub::stop`].
pub(crate) struct Stub {
    pub(crate) base_url: String,
    pub(crate) seen: Log,
    shutdown: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Stub {
    /// Serves `dataset` on a free port of 127.0.0.1 with export tasks that stay pending for
    /// [`TASK_DELAY_MS`] by `clock`, logging the requests that reach it.
    pub(crate) async fn start(dataset: Dataset, clock: Clock) -> Stub {
        let mut config = stub_server::Config::default();
        config.tasks.clock = clock;
        config.tasks.delay = Duration::from_millis(TASK_DELAY_MS as u64);
        let state =
            stub_server::AppState::with_config(dataset, config).expect("the documents compile");
        let seen = Log::default();
        let log = Arc::clone(&seen);
        let app = stub_server::router(Arc::new(state)).layer(axum::middleware::from_fn(
            move |request: Request, next: Next| {
                let entry = Seen {
                    method: request.method().to_string(),
                    target: request
                        .uri()
                        .path_and_query()
                        .map_or_else(String::new, |p| p.to_string()),
                    action: request
                        .headers()
                        .get("x-tc-action")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned),
                };
                log.lock().expect("the log is not poisoned").push(entry);
                next.run(request)
            },
        ));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port on 127.0.0.1");
        let address = listener
            .local_addr()
            .expect("a bound listener has an address");
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    // A dropped sender stops the server as well.
                    let _ = stopped.await;
                })
                .await
        });
        Stub {
            base_url: format!("http://{address}"),
            seen,
            shutdown,
            server,
        }
    }

    /// Stops the server, waits for it, and returns how many requests it served.
    pub(crate) async fn stop(self) -> usize {
        let _ = self.shutdown.send(());
        match tokio::time::timeout(Duration::from_secs(10), self.server).await {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(e))) => panic!("the stub failed while serving: {e}"),
            Ok(Err(e)) => panic!("the stub's task failed: {e}"),
            Err(_) => panic!("the stub did not stop within 10 seconds"),
        }
        self.seen.lock().expect("the log is not poisoned").len()
    }
}

/// What every case gets: where the stub is, the data it serves, the clock its export tasks
/// are judged by, and the requests it has seen.
pub(crate) struct Context {
    pub(crate) base_url: String,
    pub(crate) dataset: Dataset,
    pub(crate) clock: Clock,
    pub(crate) seen: Log,
}

/// An HTTP client for the stub with these headers on every request. progenitor does not
/// generate code for `securitySchemes`, so credentials go in as default headers. The stub
/// checks that they are present, not what they sign.
pub(crate) fn http(credentials: &[(&'static str, &str)]) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    for (name, value) in credentials {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_str(value).expect("a valid header value"),
        );
    }
    reqwest::Client::builder()
        .default_headers(headers)
        .timeout(CALL_TIMEOUT)
        .connect_timeout(CALL_TIMEOUT)
        // Only 127.0.0.1 is called; a proxy from the environment must not see the traffic.
        .no_proxy()
        .build()
        .expect("a reqwest client")
}

pub(crate) const HUAWEI_TOKEN: (&str, &str) = ("x-auth-token", "MIItest-token-for-the-stub");
const TENCENT_SIGNATURE: (&str, &str) = (
    "authorization",
    "TC3-HMAC-SHA256 Credential=AKIDTEST/2025-09-17/cwp/tc3_request, \
     SignedHeaders=content-type;host, Signature=0000",
);
const ENOS_TOKEN: (&str, &str) = ("apim-accesstoken", "test-access-token");

impl Context {
    pub(crate) fn workspace(&self) -> workspace::Client {
        workspace::Client::new_with_client(&self.base_url, http(&[HUAWEI_TOKEN]))
    }

    pub(crate) fn tencent(&self) -> tencent::Client {
        tencent::Client::new_with_client(&self.base_url, http(&[TENCENT_SIGNATURE]))
    }

    pub(crate) fn enos(&self) -> enos::Client {
        enos::Client::new_with_client(&self.base_url, http(&[ENOS_TOKEN]))
    }

    /// CodeArts declares `X-Auth-Token` as a header parameter, so the token is passed per
    /// call through the generated builder rather than as a default header.
    pub(crate) fn codearts(&self) -> codearts::Client {
        codearts::Client::new_with_client(&self.base_url, http(&[]))
    }

    /// A Workspace client whose exports ask for their task to fail (`Prefer: task=fail`,
    /// DECISIONS.md "Injected failures"); progenitor has no per-call extra headers.
    pub(crate) fn workspace_failing(&self) -> workspace::Client {
        workspace::Client::new_with_client(
            &self.base_url,
            http(&[HUAWEI_TOKEN, ("prefer", "task=fail")]),
        )
    }

    /// The last request that reached the stub.
    pub(crate) fn last_seen(&self) -> Seen {
        let seen = self.seen.lock().expect("the log is not poisoned");
        seen.last().cloned().expect("a request reached the stub")
    }

    /// Clients without any credentials, for the authentication cases.
    pub(crate) fn workspace_anonymous(&self) -> workspace::Client {
        workspace::Client::new_with_client(&self.base_url, http(&[]))
    }

    pub(crate) fn tencent_anonymous(&self) -> tencent::Client {
        tencent::Client::new_with_client(&self.base_url, http(&[]))
    }
}
