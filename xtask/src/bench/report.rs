//! The bench's report: which targets the run met, the Markdown table for README.md, and the
//! machine and date it names.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::thread;

use serde_json::{Value, json};

use super::cases::Case;
use super::common::{BEGIN, BenchError, END, Options};
use super::proxy::Proxy;
use super::sampling::{Measurement, Row, Startup, round};
use super::servers::Kind;
use super::soak::Soak;
use super::tools::{prism_version, wrk_version};

/// The targets of the issue that asked for the bench; reported, not asserted.
mod target {
    /// Stub throughput at least this share of the ceiling's, on every request.
    pub const VS_CEILING: f64 = 0.85;
    /// Stub throughput at least this many times Prism's, on every request.
    pub const VS_PRISM: f64 = 30.0;
    /// Stub CPU per valid request at most this many times the ceiling's.
    pub const CPU_VS_CEILING: f64 = 1.25;
    /// Stub p99 latency at most this, at 32 connections.
    pub const P99_US: f64 = 2000.0;
    /// Stub peak RSS under load at most this.
    pub const RSS_KIB: u64 = 16 * 1024;
    /// First request answered at most this long after the stub's process starts.
    pub const FIRST_REQUEST_MS: f64 = 100.0;
    /// RSS growth over the soak below this share.
    pub const SOAK_RSS_GROWTH: f64 = 0.10;
    /// What forwarding with `--upstream` adds at p50, at most.
    pub const PROXY_ADDED_P50_US: f64 = 1000.0;
}

/// One target, for one operation or overall, and whether this run met it.
#[derive(Debug, Clone)]
pub(super) struct Target {
    name: &'static str,
    scope: String,
    measured: f64,
    limit: f64,
    met: bool,
}

impl Target {
    pub(super) fn to_json(&self) -> Value {
        json!({
            "target": self.name,
            "scope": self.scope,
            "measured": round(self.measured, 3),
            "limit": self.limit,
            "met": self.met,
        })
    }
}

pub(super) fn evaluate(
    rows: &[(Case, Vec<Measurement>)],
    startups: &BTreeMap<Kind, Startup>,
    soak: Option<&Soak>,
) -> Vec<Target> {
    let mut targets = Vec::new();
    let mut peak_rss = 0;
    for (case, ms) in rows {
        let get = |kind| ms.iter().find(|m| m.kind == kind);
        let (Some(stub), Some(ceiling), Some(prism)) =
            (get(Kind::Stub), get(Kind::Ceiling), get(Kind::Prism))
        else {
            continue;
        };
        let vs_ceiling = stub.wrk.rps() / ceiling.wrk.rps();
        targets.push(Target {
            name: "throughput ≥ 0.85 × ceiling",
            scope: case.key(),
            measured: vs_ceiling,
            limit: target::VS_CEILING,
            met: vs_ceiling >= target::VS_CEILING,
        });
        let vs_prism = stub.wrk.rps() / prism.wrk.rps();
        targets.push(Target {
            name: "throughput ≥ 30 × Prism",
            scope: case.key(),
            measured: vs_prism,
            limit: target::VS_PRISM,
            met: vs_prism >= target::VS_PRISM,
        });
        if case.valid {
            let cpu = stub.cpu_us_per_request / ceiling.cpu_us_per_request;
            targets.push(Target {
                name: "CPU per valid request ≤ 1.25 × ceiling",
                scope: case.key(),
                measured: cpu,
                limit: target::CPU_VS_CEILING,
                met: cpu <= target::CPU_VS_CEILING,
            });
        }
        targets.push(Target {
            name: "p99 ≤ 2 ms at 32 connections",
            scope: case.key(),
            measured: stub.wrk.p99_us / 1000.0,
            limit: target::P99_US / 1000.0,
            met: stub.wrk.p99_us <= target::P99_US,
        });
        peak_rss = peak_rss.max(stub.peak_rss_kib);
    }
    targets.push(Target {
        name: "RSS ≤ 16 MiB under load",
        scope: "stub".into(),
        measured: peak_rss as f64 / 1024.0,
        limit: target::RSS_KIB as f64 / 1024.0,
        met: peak_rss <= target::RSS_KIB,
    });
    if let Some(startup) = startups.get(&Kind::Stub) {
        targets.push(Target {
            name: "first request ≤ 100 ms after start",
            scope: "stub (slowest of 5)".into(),
            measured: startup.max(),
            limit: target::FIRST_REQUEST_MS,
            met: startup.max() <= target::FIRST_REQUEST_MS,
        });
    }
    if let Some(soak) = soak {
        targets.push(Target {
            name: "soak: 0 errors",
            scope: format!("stub, {} s", soak.seconds),
            measured: soak.errors() as f64,
            limit: 0.0,
            met: soak.errors() == 0 && soak.answers_still_right,
        });
        targets.push(Target {
            name: "soak: RSS growth < 10%",
            scope: format!("stub, {} s", soak.seconds),
            measured: soak.growth() * 100.0,
            limit: target::SOAK_RSS_GROWTH * 100.0,
            met: soak.growth() < target::SOAK_RSS_GROWTH,
        });
    }
    targets
}

/// Thousands separated by commas, for the table.
fn thousands(x: f64) -> String {
    let digits = format!("{:.0}", x.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub(super) fn markdown(
    date: &str,
    results: &Value,
    rows: &[(Case, Vec<Measurement>)],
    startups: &BTreeMap<Kind, Startup>,
    soak: Option<&Soak>,
    targets: &[Target],
) -> String {
    let machine = &results["machine"];
    let settings = &results["settings"];
    let mut t = String::new();
    let _ = writeln!(t, "{BEGIN}");
    let _ = writeln!(
        t,
        "Measured on {date} on {} ({} cores, {} GiB, Linux {}; load average {} at the start), \
         with {}, {} connections, {} s warm-up and {} s measured per server and request; \
         Prism {} with `mock -v silent`.",
        machine["cpu"].as_str().unwrap_or("?"),
        machine["cores"],
        machine["memory_gib"],
        machine["kernel"].as_str().unwrap_or("?"),
        results["load_average_at_start"].as_str().unwrap_or("?"),
        settings["load_generator"].as_str().unwrap_or("wrk"),
        settings["connections"],
        settings["warmup_s"],
        settings["duration_s"],
        settings["prism"].as_str().unwrap_or("?"),
    );
    t.push('\n');
    rows_table(&mut t, rows);
    notes(&mut t, startups, soak);
    targets_line(&mut t, targets);
    let _ = writeln!(t, "{END}");
    t
}

/// One line per operation and request: the three servers side by side.
fn rows_table(t: &mut String, rows: &[(Case, Vec<Measurement>)]) {
    t.push_str(
        "| Operation | Request | Stub req/s | Ceiling req/s | Prism req/s (its status) | Stub ÷ ceiling | Stub ÷ Prism | Stub p50 / p99 | CPU per request: stub / ceiling / Prism | Peak RSS: stub / Prism |\n",
    );
    t.push_str("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (case, ms) in rows {
        let get = |kind| ms.iter().find(|m| m.kind == kind);
        let (Some(s), Some(c), Some(p)) = (get(Kind::Stub), get(Kind::Ceiling), get(Kind::Prism))
        else {
            continue;
        };
        let _ = writeln!(
            t,
            "| `{}` | {} | {} | {} | {} ({}) | {:.2} | {:.0} | {:.2} / {:.2} ms | {:.1} / {:.1} / {:.0} µs | {:.1} / {:.0} MiB |",
            case.operation,
            case.label(),
            thousands(s.wrk.rps()),
            thousands(c.wrk.rps()),
            thousands(p.wrk.rps()),
            p.answer_status,
            s.wrk.rps() / c.wrk.rps(),
            s.wrk.rps() / p.wrk.rps(),
            s.wrk.p50_us / 1000.0,
            s.wrk.p99_us / 1000.0,
            s.cpu_us_per_request,
            c.cpu_us_per_request,
            p.cpu_us_per_request,
            s.peak_rss_kib as f64 / 1024.0,
            p.peak_rss_kib as f64 / 1024.0,
        );
    }
}

/// The start-up times and the soak, in words.
fn notes(t: &mut String, startups: &BTreeMap<Kind, Startup>, soak: Option<&Soak>) {
    t.push('\n');
    let startup = |kind| {
        startups
            .get(&kind)
            .map(|s| format!("{:.0} ms", s.max()))
            .unwrap_or_else(|| "?".into())
    };
    let _ = writeln!(
        t,
        "Process start to first answered request (slowest of the runs): stub {}, ceiling {}, \
         Prism {}.",
        startup(Kind::Stub),
        startup(Kind::Ceiling),
        startup(Kind::Prism)
    );
    if let Some(soak) = soak {
        let _ = writeln!(
            t,
            "Soak: the stub for {} s at full speed over the requests answered with HTTP 200: \
             {} requests ({} req/s), {} errors, RSS {:.1} → {:.1} MiB ({:+.1}%).",
            soak.seconds,
            thousands(soak.wrk.requests as f64),
            thousands(soak.wrk.rps()),
            soak.errors(),
            soak.rss_start_kib as f64 / 1024.0,
            soak.rss_end_kib as f64 / 1024.0,
            soak.growth() * 100.0
        );
    }
    t.push('\n');
}

/// Each target once, with how many of its measurements met it.
fn targets_line(t: &mut String, targets: &[Target]) {
    let mut by_name: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for target in targets {
        let entry = by_name.entry(target.name).or_insert_with(|| {
            order.push(target.name);
            (0, 0)
        });
        entry.1 += 1;
        if target.met {
            entry.0 += 1;
        }
    }
    t.push_str("Targets:");
    for name in order {
        let (met, all) = by_name[name];
        let mark = if met == all { "met" } else { "missed" };
        let _ = write!(t, " {name}: {mark} ({met} of {all});");
    }
    t.pop();
    t.push_str(".\n");
}

/// README.md with the bench table replaced; `None` when the markers are missing.
pub fn with_table(readme: &str, table: &str) -> Option<String> {
    let start = readme.find(BEGIN)?;
    let end = readme[start..].find(END)? + start + END.len();
    // The table ends with its own end marker and newline.
    let rest = readme[end..].strip_prefix('\n').unwrap_or(&readme[end..]);
    Some(format!("{}{table}{rest}", &readme[..start]))
}
/// The machine, as the table names it.
pub(super) fn machine() -> Value {
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, name)| name.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = thread::available_parallelism().map_or(0, |n| n.get());
    let memory_gib = fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0, |kib| (kib / 1024.0 / 1024.0).round() as u64);
    let kernel = fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    json!({"cpu": cpu, "cores": cores, "memory_gib": memory_gib, "kernel": kernel})
}

/// Today's date (UTC) as YYYY-MM-DD.
pub(super) fn today() -> String {
    chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now())
        .format("%Y-%m-%d")
        .to_string()
}

/// Everything a run measured, for the report.
#[derive(Debug)]
pub(super) struct Run<'a> {
    /// The load average when the run started.
    pub(super) load: String,
    /// The stub binary measured.
    pub(super) stub: &'a Path,
    pub(super) rows: &'a [Row],
    pub(super) startups: &'a BTreeMap<Kind, Startup>,
    pub(super) soak: Option<&'a Soak>,
    /// The proxying row, when the stub forwards.
    pub(super) proxy: Option<&'a Proxy>,
}

/// Writes `results.json`, prints the table and, when asked, puts it into README.md.
pub(super) fn write(
    root: &Path,
    out_dir: &Path,
    options: &Options,
    run: &Run<'_>,
) -> Result<(), BenchError> {
    let date = today();
    let mut targets = evaluate(run.rows, run.startups, run.soak);
    if let Some(proxy) = run.proxy {
        targets.push(Target {
            name: "proxying adds ≤ 1 ms at p50",
            scope: format!("{} through --upstream", proxy.operation),
            measured: proxy.added_p50_us() / 1000.0,
            limit: target::PROXY_ADDED_P50_US / 1000.0,
            met: proxy.added_p50_us() <= target::PROXY_ADDED_P50_US,
        });
    }
    let results = results(root, &date, options, run, &targets);
    let results_path = out_dir.join("results.json");
    let text = serde_json::to_string_pretty(&results).map_err(|source| BenchError::BadSummary {
        line: "results.json".into(),
        source,
    })?;
    super::common::write(&results_path, text + "\n")?;

    let mut table = markdown(&date, &results, run.rows, run.startups, run.soak, &targets);
    if let Some(proxy) = run.proxy {
        table = with_proxy_line(&table, proxy);
    }
    println!("\n{table}");
    println!("wrote {}", results_path.display());
    if options.update_readme {
        let readme_path = root.join("README.md");
        let readme = fs::read_to_string(&readme_path).map_err(|source| BenchError::Io {
            path: "README.md".into(),
            source,
        })?;
        let updated = with_table(&readme, &table).ok_or(BenchError::NoMarkers)?;
        super::common::write(&readme_path, updated)?;
        println!("rewrote README.md's bench table");
    }
    Ok(())
}

/// The run as `results.json` holds it.
fn results(root: &Path, date: &str, options: &Options, run: &Run<'_>, targets: &[Target]) -> Value {
    json!({
        "date": date,
        "machine": machine(),
        "load_average_at_start": run.load,
        "settings": {
            "stub": run.stub.display().to_string(),
            "load_generator": wrk_version(),
            "prism": prism_version(root),
            "connections": options.connections,
            "warmup_s": options.warmup.as_secs_f64(),
            "duration_s": options.duration.as_secs_f64(),
            "soak_s": options.soak.as_secs(),
        },
        "startup": run.startups.iter().map(|(k, s)| (k.name().to_owned(), s.to_json())).collect::<serde_json::Map<_, _>>(),
        "measurements": run.rows.iter().flat_map(|(case, ms)| ms.iter().map(|m| m.to_json(case))).collect::<Vec<_>>(),
        "soak": run.soak.map(|s| json!({
            "seconds": s.seconds,
            "requests": s.wrk.requests,
            "requests_per_second": round(s.wrk.rps(), 0),
            "socket_errors": s.wrk.socket_errors,
            "status_400_or_more": s.wrk.status_errors,
            "rss_after_5s_kib": s.rss_start_kib,
            "rss_end_kib": s.rss_end_kib,
            "rss_max_kib": s.rss_max_kib,
            "rss_growth": round(s.growth(), 4),
            "answers_still_right": s.answers_still_right,
        })),
        "proxy": run.proxy.map(|p| json!({
            "operation": p.operation,
            "direct": {"requests_per_second": round(p.direct.rps(), 0), "p50_us": p.direct.p50_us, "p99_us": p.direct.p99_us},
            "proxied": {"requests_per_second": round(p.proxied.rps(), 0), "p50_us": p.proxied.p50_us, "p99_us": p.proxied.p99_us},
            "added_p50_us": round(p.added_p50_us(), 1),
        })),
        "targets": targets.iter().map(Target::to_json).collect::<Vec<_>>(),
    })
}

/// The proxying row in words, put before the targets' line of the table.
fn with_proxy_line(table: &str, proxy: &Proxy) -> String {
    let line = format!(
        "Proxying: `{}` forwarded with `--upstream` to a second stub on loopback: {} req/s, \
         p50 / p99 {:.2} / {:.2} ms, against {} req/s and {:.2} / {:.2} ms sent to that stub \
         directly: {:+.2} ms at p50.\n\n",
        proxy.operation,
        thousands(proxy.proxied.rps()),
        proxy.proxied.p50_us / 1000.0,
        proxy.proxied.p99_us / 1000.0,
        thousands(proxy.direct.rps()),
        proxy.direct.p50_us / 1000.0,
        proxy.direct.p99_us / 1000.0,
        proxy.added_p50_us() / 1000.0
    );
    match table.find("Targets: ") {
        Some(at) => format!("{}{line}{}", &table[..at], &table[at..]),
        None => format!("{table}{line}"),
    }
}

#[cfg(test)]
mod tests {
    use chrono::Datelike;

    use super::*;

    #[test]
    fn the_table_replaces_only_what_lies_between_the_markers() {
        let readme = format!("a\n{BEGIN}\nold\n{END}\nb\n");
        let table = format!("{BEGIN}\nnew\n{END}\n");
        assert_eq!(
            with_table(&readme, &table).unwrap(),
            format!("a\n{BEGIN}\nnew\n{END}\nb\n")
        );
        assert_eq!(with_table("no markers", &table), None);
    }

    #[test]
    fn today_is_a_calendar_date() {
        let today = today();
        assert!(
            chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d").is_ok_and(|d| d.year() >= 2026),
            "{today}"
        );
    }
}
