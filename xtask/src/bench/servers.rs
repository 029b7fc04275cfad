//! The three servers the bench measures (stub, ceiling, Prism): starting them, timing their
//! first answer, and sending single requests to check what they answer.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::cases::Case;
use super::common::{BenchError, PRISM_DIR};
use crate::process;

/// The three servers, in the order of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    Stub,
    Ceiling,
    Prism,
}

pub(super) const KINDS: [Kind; 3] = [Kind::Stub, Kind::Ceiling, Kind::Prism];

impl Kind {
    pub(super) fn name(self) -> &'static str {
        match self {
            Kind::Stub => "stub",
            Kind::Ceiling => "ceiling",
            Kind::Prism => "prism",
        }
    }
}

/// A running server process, stopped with SIGTERM when dropped.
#[derive(Debug)]
pub(super) struct Process {
    pub(super) child: Child,
    pub(super) port: u16,
}

impl Process {
    pub(super) fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        process::stop(&mut self.child);
    }
}

/// Starts a Rust server on a free port; returns once it printed its address, with the time
/// from spawning it to its first answered request to `probe`.
pub(super) fn start_rust_server(
    binary: &Path,
    probe: &Case,
) -> Result<(Process, Duration), BenchError> {
    start_rust_server_with(binary, &[], probe)
}

/// [`start_rust_server`] with more arguments for the server.
pub(super) fn start_rust_server_with(
    binary: &Path,
    args: &[String],
    probe: &Case,
) -> Result<(Process, Duration), BenchError> {
    let started = Instant::now();
    let mut child = Command::new(binary)
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        // The stub's per-request log line is written as it would be in production, to a file
        // descriptor, and thrown away here so that the run does not fill the disk.
        .stderr(Stdio::null())
        .spawn()
        .map_err(|source| BenchError::Start {
            server: binary.display().to_string(),
            source,
        })?;
    let Some(stdout) = child.stdout.take() else {
        process::stop(&mut child);
        return Err(BenchError::NoAddress(binary.display().to_string()));
    };
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let _ = reader.read_line(&mut line);
        let _ = sender.send(line);
        // Keep draining, so that the server never blocks on a full pipe.
        let _ = std::io::copy(&mut reader, &mut std::io::sink());
    });
    let line = match receiver.recv_timeout(Duration::from_secs(20)) {
        Ok(line) => line,
        Err(_) => {
            process::stop(&mut child);
            return Err(BenchError::NoAddress(binary.display().to_string()));
        }
    };
    let Some(port) = line
        .trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.parse::<u16>().ok())
    else {
        process::stop(&mut child);
        return Err(BenchError::BadAddress {
            server: binary.display().to_string(),
            line,
        });
    };
    let process = Process { child, port };
    let answer = send(port, probe)?;
    let first = started.elapsed();
    if answer.status == 0 {
        return Err(BenchError::NoAnswer(binary.display().to_string()));
    }
    Ok((process, first))
}

/// Starts Prism on one document; returns once it answers `probe`, with the time that took.
pub(super) fn start_prism(
    root: &Path,
    document: &str,
    probe: &Case,
) -> Result<(Process, Duration), BenchError> {
    let port = free_port()?;
    let started = Instant::now();
    let child = Command::new(root.join(PRISM_DIR).join("node_modules/.bin/prism"))
        .args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()])
        .args(["-v", "silent"])
        .arg(root.join("openapi").join(format!("{document}.json")))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .current_dir(root)
        .spawn()
        .map_err(|source| BenchError::Start {
            server: "Prism".into(),
            source,
        })?;
    let mut process = Process { child, port };
    let deadline = started + Duration::from_secs(60);
    loop {
        if let Ok(answer) = send(port, probe)
            && answer.status != 0
        {
            return Ok((process, started.elapsed()));
        }
        if let Ok(Some(status)) = process.child.try_wait() {
            return Err(BenchError::PrismExited {
                document: document.to_owned(),
                status,
            });
        }
        if Instant::now() > deadline {
            return Err(BenchError::NoAnswer(format!("Prism on {document} (60 s)")));
        }
        thread::sleep(Duration::from_millis(2));
    }
}

/// A port that was free a moment ago, for servers that cannot report the one they got.
fn free_port() -> Result<u16, BenchError> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(BenchError::NoFreePort)
}

/// A server's answer to one request, as far as the bench checks it.
#[derive(Debug, Clone)]
pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) raw: Vec<u8>,
}

impl Answer {
    pub(super) fn contains(&self, marker: &str) -> bool {
        let marker = marker.as_bytes();
        self.raw.windows(marker.len()).any(|w| w == marker)
    }
}

/// Sends one request over a fresh connection and reads the whole answer.
pub(super) fn send(port: u16, case: &Case) -> Result<Answer, BenchError> {
    let failed = |source| BenchError::Request { port, source };
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(failed)?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(failed)?;
    let mut request = format!(
        "{} {} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n",
        case.method, case.target
    );
    for (name, value) in &case.headers {
        let _ = write!(request, "{name}: {value}\r\n");
    }
    let body = case.body.unwrap_or("");
    if case.body.is_some() {
        let _ = write!(request, "Content-Length: {}\r\n", body.len());
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).map_err(failed)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(failed)?;
    let status = raw
        .split(|&b| b == b' ')
        .nth(1)
        .and_then(|s| std::str::from_utf8(s).ok())
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok(Answer { status, raw })
}

/// The servers measured under load: one stub, one ceiling and one Prism per document.
pub(super) struct Servers {
    pub(super) stub: Process,
    pub(super) ceiling: Process,
    pub(super) prisms: BTreeMap<&'static str, Process>,
}

impl Servers {
    pub(super) fn get(&self, kind: Kind, case: &Case) -> &Process {
        match kind {
            Kind::Stub => &self.stub,
            Kind::Ceiling => &self.ceiling,
            Kind::Prism => &self.prisms[case.document],
        }
    }
}
