//! The command-line options for limits, faults and signature checks, flattened into the
//! binary's command line and turned into [`Config`] settings.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, ValueEnum};

use crate::config::Config;
use crate::faults::{Chaos, Latency};
use crate::upstream::{Base, Settings, Upstreams};
use crate::vendor::{Auth, Clock};

/// How credentials are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuthMode {
    /// Credentials must be present in the vendor's form; signatures are not checked.
    Presence,
    /// Signatures are verified against the keys in --credentials.
    Verify,
}

/// Limits, faults and signature checks.
#[derive(Debug, Clone, Args)]
pub struct ServerOptions {
    /// Largest request body accepted, in bytes; larger ones are refused (Huawei 413,
    /// Tencent RequestSizeLimitExceeded, EnOS 31413).
    #[arg(long, value_name = "BYTES", default_value_t = Config::default().body_limit)]
    pub body_limit: usize,
    /// Seconds a client has to send a whole request; slower clients are cut off.
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    pub request_timeout: u64,
    /// Most requests handled at once; more are refused with the vendor's throttling error
    /// (0: no limit).
    #[arg(long, value_name = "N", default_value_t = crate::limits::Limits::default().max_concurrency)]
    pub max_concurrency: usize,
    /// Delay every operation's answer by MS milliseconds, or by a time drawn from MIN..MAX.
    #[arg(long, value_name = "MS|MIN..MAX")]
    pub latency: Option<Latency>,
    /// Answer this fraction (0 to 1) of operation requests with the vendor's internal error.
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = parse_rate)]
    pub error_rate: f64,
    /// Seed of the --latency and --error-rate draws: the same seed, the same sequence.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub chaos_seed: u64,
    /// Refuse Tencent calls beyond the documented 20 per second per action
    /// (RequestLimitExceeded).
    #[arg(long)]
    pub enforce_rate_limits: bool,
    /// `presence`: credentials must be present; `verify`: signatures are checked against
    /// --credentials.
    #[arg(long, value_enum, default_value = "presence")]
    pub auth: AuthMode,
    /// The keys --auth verify accepts (JSON; schema: crates/stub-server/credentials.schema.json).
    #[arg(long, value_name = "FILE", required_if_eq("auth", "verify"))]
    pub credentials: Option<PathBuf>,
    /// Forward DOC's operations to the vendor at URL instead of answering them from the
    /// dataset, once they pass the stub's checks (repeatable), e.g.
    /// huawei-codearts-repo=http://127.0.0.1:9000.
    #[arg(long, value_name = "DOC=URL", value_parser = Base::parse)]
    pub upstream: Vec<Base>,
    /// Seconds an upstream has to accept the connection, and then to send its whole answer.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub upstream_timeout: u64,
    /// The keys forwarded requests are signed with again for the upstream (the --credentials
    /// format, one key per vendor).
    #[arg(long, value_name = "FILE", requires = "upstream")]
    pub upstream_credentials: Option<PathBuf>,
    /// Trust the PEM certificates in FILE as roots for https:// upstreams, besides the system's.
    #[arg(long, value_name = "FILE", requires = "upstream")]
    pub upstream_ca: Option<PathBuf>,
    /// Forward requests that break the documents too (once their credentials pass), and log
    /// what the vendor answered: how a documented constraint is checked against the vendor.
    #[arg(long, requires = "upstream")]
    pub forward_invalid: bool,
    /// Write each forwarded exchange to DIR, one redacted JSON file per distinct request.
    #[arg(long, value_name = "DIR", requires = "upstream")]
    pub record: Option<PathBuf>,
    /// Answer requests recorded in DIR (--record) with their recorded answers, and the rest as
    /// usual (from the dataset, or forwarded).
    #[arg(long, value_name = "DIR")]
    pub replay: Option<PathBuf>,
    /// Append each forwarded answer's differences from the documents to FILE, one JSON object
    /// per line (schema: openapi/stub-drift-log.schema.json); credentials are never written.
    #[arg(long, value_name = "FILE", requires = "upstream")]
    pub drift_log: Option<PathBuf>,
}

fn parse_rate(text: &str) -> Result<f64, String> {
    let rate: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    if (0.0..=1.0).contains(&rate) {
        Ok(rate)
    } else {
        Err(format!("{rate} is not between 0 and 1"))
    }
}

impl ServerOptions {
    /// Writes these options into `config`; fails when the credentials file cannot be read.
    pub fn apply(&self, config: &mut Config) -> Result<(), String> {
        if self.request_timeout == 0 {
            return Err("--request-timeout must be at least 1 second".into());
        }
        config.body_limit = self.body_limit;
        config.limits.request_timeout = Duration::from_secs(self.request_timeout);
        config.limits.max_concurrency = self.max_concurrency;
        config.limits.enforce_rate_limits = self.enforce_rate_limits;
        config.chaos = Chaos {
            latency: self.latency,
            error_rate: self.error_rate,
            seed: self.chaos_seed,
            panic_in_handlers: false,
        };
        config.auth = match (self.auth, &self.credentials) {
            (AuthMode::Presence, None) => Auth::Presence,
            (AuthMode::Presence, Some(_)) => {
                return Err("--credentials is only used with --auth verify".into());
            }
            (AuthMode::Verify, None) => {
                return Err("--auth verify needs --credentials FILE".into());
            }
            (AuthMode::Verify, Some(path)) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                let credentials = vendor_signatures::Credentials::from_json(&text)
                    .map_err(|e| format!("{} is not a credentials file: {e}", path.display()))?;
                Auth::Verify {
                    credentials: Arc::new(credentials),
                    clock: Clock::System,
                }
            }
        };
        config.upstream = self.upstreams().map_err(|e| e.to_string())?.map(Arc::new);
        Ok(())
    }

    /// The validating proxy's settings, when any document is forwarded.
    fn upstreams(&self) -> Result<Option<Upstreams>, crate::upstream::UpstreamError> {
        if self.upstream.is_empty() && self.replay.is_none() {
            return Ok(None);
        }
        if self.upstream_timeout == 0 {
            return Err(crate::upstream::UpstreamError::ZeroTimeout);
        }
        let keys = match &self.upstream_credentials {
            Some(path) => Settings::read_keys(path)?,
            None => vendor_signatures::Credentials::default(),
        };
        Upstreams::new(Settings {
            bases: self.upstream.clone(),
            timeout: Duration::from_secs(self.upstream_timeout),
            keys,
            drift_log: self.drift_log.clone(),
            ca: self.upstream_ca.clone(),
            record: self.record.clone(),
            replay: self.replay.clone(),
            forward_invalid: self.forward_invalid,
        })
        .map(Some)
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        options: ServerOptions,
    }

    fn config(args: &[&str]) -> Result<Config, String> {
        let cli = Cli::try_parse_from(std::iter::once("stub").chain(args.iter().copied()))
            .map_err(|e| e.to_string())?;
        let mut config = Config::default();
        cli.options.apply(&mut config)?;
        Ok(config)
    }

    #[test]
    fn defaults_are_the_config_defaults() {
        let config = config(&[]).unwrap();
        assert_eq!(config.body_limit, Config::default().body_limit);
        assert_eq!(config.limits.request_timeout, Duration::from_secs(10));
        assert!(!config.chaos.is_active());
        assert!(matches!(config.auth, Auth::Presence));
    }

    #[test]
    fn chaos_and_limits_are_read() {
        let config = config(&[
            "--latency",
            "5..10",
            "--error-rate",
            "0.5",
            "--chaos-seed",
            "9",
            "--enforce-rate-limits",
            "--max-concurrency",
            "3",
        ])
        .unwrap();
        assert_eq!(
            config.chaos.latency,
            Some(Latency {
                min_ms: 5,
                max_ms: 10
            })
        );
        assert_eq!((config.chaos.error_rate, config.chaos.seed), (0.5, 9));
        assert!(config.limits.enforce_rate_limits);
        assert_eq!(config.limits.max_concurrency, 3);
    }

    #[test]
    fn bad_values_and_incomplete_auth_are_refused() {
        for args in [
            &["--error-rate", "1.5"][..],
            &["--latency", "9..1"],
            &["--request-timeout", "0"],
            &["--auth", "verify"],
            &["--credentials", "x.json"],
            &[
                "--auth",
                "verify",
                "--credentials",
                "/nonexistent/credentials.json",
            ],
        ] {
            assert!(config(args).is_err(), "{args:?}");
        }
    }

    #[test]
    fn upstreams_are_read_and_bad_ones_refused() {
        assert!(config(&[]).unwrap().upstream.is_none());
        let example = concat!(env!("CARGO_MANIFEST_DIR"), "/credentials.example.json");
        let config_with = config(&[
            "--upstream",
            "huawei-codearts-repo=http://127.0.0.1:9/prefix/",
            "--upstream-credentials",
            example,
        ])
        .unwrap();
        assert!(config_with.upstream.is_some_and(|u| u.holds_keys()));
        for args in [
            &["--upstream", "nowhere=http://127.0.0.1:9"][..],
            &["--upstream", "tencent-cwp"],
            &["--upstream", "tencent-cwp=ftp://cwp.tencentcloudapi.com"],
            &[
                "--upstream",
                "tencent-cwp=https://cwp.tencentcloudapi.com",
                "--upstream-ca",
                "/nonexistent/ca.pem",
            ],
            &["--upstream", "tencent-cwp=127.0.0.1:9"],
            &[
                "--upstream",
                "tencent-cwp=http://127.0.0.1:9",
                "--upstream",
                "tencent-cwp=http://127.0.0.1:8",
            ],
            &[
                "--upstream",
                "tencent-cwp=http://127.0.0.1:9",
                "--upstream-timeout",
                "0",
            ],
            &["--upstream-credentials", "x.json"],
            &["--drift-log", "x.jsonl"],
            &["--record", "recorded"],
            &["--forward-invalid"],
            &["--replay", "/nonexistent/recorded"],
        ] {
            assert!(config(args).is_err(), "{args:?}");
        }
    }

    #[test]
    fn verify_reads_the_example_credentials() {
        let example = concat!(env!("CARGO_MANIFEST_DIR"), "/credentials.example.json");
        let config = config(&["--auth", "verify", "--credentials", example]).unwrap();
        let Auth::Verify { credentials, clock } = config.auth else {
            panic!("not verifying")
        };
        assert_eq!(clock, Clock::System);
        assert!(credentials.huawei.contains_key("HWFAKEAK0000000000EX"));
    }
}
