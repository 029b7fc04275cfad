//! The proxying row: the stub forwarding one operation (`--upstream`) to a second stub on
//! loopback, measured against the same request sent to that second stub directly, so that the
//! difference is what forwarding adds (issue 16: at most 1 ms at p50).

use std::path::Path;

use super::cases::Case;
use super::common::{BenchError, Options};
use super::load::{WrkSummary, run_wrk, single_request_script};
use super::servers::{send, start_rust_server, start_rust_server_with};

/// The same request sent directly to the upstream stub, and through the proxying stub.
#[derive(Debug, Clone)]
pub(super) struct Proxy {
    /// The operation measured.
    pub(super) operation: &'static str,
    /// Straight to the upstream stub.
    pub(super) direct: WrkSummary,
    /// Through the stub started with `--upstream`.
    pub(super) proxied: WrkSummary,
}

impl Proxy {
    /// What forwarding adds at the median, in microseconds.
    pub(super) fn added_p50_us(&self) -> f64 {
        self.proxied.p50_us - self.direct.p50_us
    }
}

/// Measures the proxying row with the valid CodeArts request (a token the proxy passes
/// through, so no keys are needed). `None` when the stub has no `--upstream` (an older binary
/// given with `--stub`): the row is then left out, and the run says so.
pub(super) fn measure(
    stub_bin: &Path,
    cases: &[Case],
    out_dir: &Path,
    options: &Options,
) -> Result<Option<Proxy>, BenchError> {
    let Some(case) = cases
        .iter()
        .find(|c| c.document == "huawei-codearts-repo" && c.valid)
    else {
        return Ok(None);
    };
    let (upstream, _) = start_rust_server(stub_bin, case)?;
    let forward = [
        "--upstream".to_owned(),
        format!("{}=http://127.0.0.1:{}", case.document, upstream.port),
    ];
    let proxy = match start_rust_server_with(stub_bin, &forward, case) {
        Ok((proxy, _)) => proxy,
        Err(e) => {
            println!("proxying row left out: this stub does not forward ({e})");
            return Ok(None);
        }
    };
    let answer = send(proxy.port, case)?;
    if answer.status != case.status || !answer.contains(case.marker) {
        return Err(BenchError::WrongAnswer(format!(
            "the proxy answered {} to {} (expected {} with {})",
            answer.status,
            case.key(),
            case.status,
            case.marker
        )));
    }
    let script = out_dir.join("proxy.lua");
    super::common::write(&script, single_request_script(case))?;
    let run = |port, duration| run_wrk(&script, port, options.connections, duration);
    run(upstream.port, options.warmup)?;
    run(proxy.port, options.warmup)?;
    let direct = run(upstream.port, options.duration)?;
    let proxied = run(proxy.port, options.duration)?;
    Ok(Some(Proxy {
        operation: case.operation,
        direct,
        proxied,
    }))
}
