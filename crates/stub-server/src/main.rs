//! `stub-server`: serves the vendor operations, Swagger UI and the documents.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use stub_server::{AppState, router};
use tracing_subscriber::EnvFilter;

/// See the `mimalloc` entry in Cargo.toml for why the binary does not use the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A local stand-in for Huawei Cloud Workspace and CodeArts Repo, Tencent Cloud CWP and EnOS
/// Application Portal: the documented operations at the vendors' own paths, with Swagger UI at
/// /swagger-ui/ and the OpenAPI documents at /api-docs/<name>.json.
#[derive(Debug, Parser)]
#[command(name = "stub-server", version)]
struct Cli {
    /// Address to listen on.
    #[arg(long, env = "STUB_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Seed of the generated dataset; the same seed always gives the same data.
    #[arg(long, default_value_t = stub_data::DEFAULT_SEED, conflicts_with = "fixtures")]
    seed: u64,
    /// Serve this dataset (JSON, see openapi/stub-fixtures.schema.json) instead of a generated one.
    #[arg(long)]
    fixtures: Option<PathBuf>,
    /// Print the dataset as a fixture file and exit, e.g. to edit it and serve it with --fixtures.
    #[arg(long)]
    dump_fixtures: bool,
    /// How long a new export task stays pending (CREATING, PENDING) before its file is ready,
    /// in milliseconds (at most a day); clients poll until then.
    #[arg(long, value_name = "MS", default_value_t = stub_data::DEFAULT_TASK_DELAY_MS,
        value_parser = clap::value_parser!(u64).range(0..=86_400_000))]
    task_delay: u64,
    /// Limits, fault injection and signature checks.
    #[command(flatten)]
    server: stub_server::options::ServerOptions,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();

    let dataset = match &cli.fixtures {
        Some(path) => match stub_data::Dataset::load_path(path) {
            Ok(dataset) => dataset,
            Err(e) => {
                eprintln!("error: cannot load fixtures from {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        },
        None => stub_data::Dataset::generate(cli.seed),
    };
    if cli.dump_fixtures {
        print!("{}", dataset.to_json());
        return ExitCode::SUCCESS;
    }
    let mut config = stub_server::Config::default();
    if let Err(e) = cli.server.apply(&mut config) {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    config.tasks.delay = std::time::Duration::from_millis(cli.task_delay);
    let keys_exposed = config.upstream.as_ref().is_some_and(|u| u.holds_keys())
        && !cli.listen.ip().is_loopback()
        && !matches!(config.auth, stub_server::vendor::Auth::Verify { .. });
    let limits = config.limits.clone();
    let state = match AppState::with_config(dataset, config) {
        Ok(state) => Arc::new(state),
        Err(e) => {
            eprintln!("error: cannot compile the documents: {e}");
            return ExitCode::FAILURE;
        }
    };

    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(cli.listen).await {
            Ok(listener) => listener,
            Err(e) => {
                eprintln!("error: cannot listen on {}: {e}", cli.listen);
                return ExitCode::FAILURE;
            }
        };
        let address = listener
            .local_addr()
            .map(|a| a.to_string())
            .unwrap_or_default();
        // A stable line on stdout, so that scripts that start the stub on port 0 learn the
        // port it got.
        println!("stub-server listening on http://{address}");
        let _ = std::io::Write::flush(&mut std::io::stdout());
        tracing::info!("Swagger UI at http://{address}/swagger-ui/");
        if keys_exposed {
            // Anyone who reaches the listener could have requests signed with the upstream's
            // keys: presence checks take any well-formed credentials.
            tracing::warn!(
                "this stub holds upstream keys and listens on {address}, which is not a loopback \
                 address, without --auth verify: any client that reaches it gets requests \
                 signed with those keys"
            );
        }
        match stub_server::serve(listener, router(state), &limits, shutdown_signal()).await {
            Ok(()) => {
                tracing::info!("stopped");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: server failed: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
