//! `bench-ceiling`: the fastest an axum server can answer on this machine, the yardstick that
//! `cargo xtask bench` holds the stub against.
//!
//! It answers every method and path with `200 hello` after reading the request body, so that
//! the bench can send it exactly the requests it sends the stub. It starts like the stub: the
//! first line on stdout is `bench-ceiling listening on http://ADDR`, and SIGTERM or Ctrl-C stop
//! it. It has no logging, validation or data: those are the stub's costs being measured.

use std::net::SocketAddr;
use std::process::ExitCode;

use axum::Router;
use axum::body::Bytes;
use clap::Parser;

/// A bare axum "hello" server, the ceiling for `cargo xtask bench`.
#[derive(Debug, Parser)]
#[command(name = "bench-ceiling", version)]
struct Cli {
    /// Address to listen on; port 0 picks a free port, printed on stdout.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The same runtime the stub builds: multi-threaded, one worker per core.
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
        println!("bench-ceiling listening on http://{address}");
        let _ = std::io::Write::flush(&mut std::io::stdout());
        // Reading the body keeps POST requests comparable with the stub, which reads every body.
        let app = Router::new().fallback(|_body: Bytes| async { "hello" });
        match axum::serve(listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await
        {
            Ok(()) => ExitCode::SUCCESS,
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
}
