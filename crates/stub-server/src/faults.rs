//! Failures and delays on demand, for testing how clients cope: per request with the `Prefer`
//! header (`code=NNN`, `delay=MS`, the convention of the Prism mock server), and for the whole
//! server with `--latency` and `--error-rate`, drawn from a seeded sequence so that a run can
//! be repeated exactly.

use std::str::FromStr;
use std::time::Duration;

use axum::http::{HeaderMap, HeaderName};

/// The request header of the preferences.
const PREFER: HeaderName = HeaderName::from_static("prefer");

/// The longest delay a client may ask for, and the longest `--latency`.
pub const MAX_DELAY: Duration = Duration::from_secs(60);

/// What a request's `Prefer` header asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preferences {
    /// `code=NNN`: answer with this status.
    pub code: Option<u16>,
    /// `delay=MS`: hold the answer back this long.
    pub delay: Option<Duration>,
    /// `task=fail`: an export task created by the request fails instead of succeeding.
    pub task_fail: bool,
}

/// The preference that makes a new export task fail, as `Preference-Applied` names it.
pub const TASK_FAIL: &str = "task=fail";

/// The two preferences the stub honours that take a value and may be given once only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Honoured {
    /// `code=NNN`.
    Code,
    /// `delay=MS`.
    Delay,
}

impl std::fmt::Display for Honoured {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Honoured::Code => "code",
            Honoured::Delay => "delay",
        })
    }
}

/// Why a `Prefer` header was refused. The messages reach clients inside the vendor's
/// envelope, so they are written for the person who sent the header.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PreferError {
    /// A header value with bytes outside visible ASCII.
    #[error("The Prefer header must be ASCII text.")]
    NotAscii,
    /// A `"` with no closing `"`.
    #[error("The Prefer header has an unterminated quoted string.")]
    Unterminated,
    /// A list item that does not start with a token.
    #[error("The Prefer header is not a list of preferences: {0:?} does not start with a name.")]
    NoName(String),
    /// A parameter (after `;`) that does not start with a token.
    #[error("The Prefer parameter {0:?} does not start with a name.")]
    ParameterName(String),
    /// A value that starts with `"` but is not one quoted string.
    #[error("The Prefer value {0:?} is not a valid quoted string.")]
    BadQuoted(String),
    /// A quoted string whose last character escapes nothing.
    #[error("A Prefer quoted string ends in \\.")]
    TrailingBackslash,
    /// A value that is neither a token nor a quoted string.
    #[error("The Prefer value {0:?} must be a token or a quoted string.")]
    NotToken(String),
    /// `code` or `delay` with `;parameters`.
    #[error("Prefer: {0} takes no parameters ({1:?}).")]
    Parameters(Honoured, String),
    /// `code` or `delay` without `=value`.
    #[error("Prefer: {0} needs a value ({1:?}).")]
    NoValue(Honoured, String),
    /// `code` or `delay` twice.
    #[error("Prefer: {0} is given more than once.")]
    Repeated(Honoured),
    /// A `code` that is not a status.
    #[error("Prefer: code must be a three-digit HTTP status, not {0:?}.")]
    Code(String),
    /// A `delay` that is not a count of milliseconds.
    #[error("Prefer: delay must be a number of milliseconds, not {0:?}.")]
    Delay(String),
    /// A `delay` beyond [`MAX_DELAY`].
    #[error("Prefer: delay may be at most {max} milliseconds (got {millis}).", max = MAX_DELAY.as_millis())]
    LongDelay {
        /// The delay asked for.
        millis: u64,
    },
}

/// Reads the `Prefer` headers (RFC 7240): a comma-separated list of `name[=value]`
/// preferences, each optionally followed by `;parameters`. `code` and `delay` are honoured and
/// must be well formed, once each, without parameters. `task=fail` (name and value in any
/// case, parameters ignored) asks an export to create a failing task. Other preferences are
/// ignored, as RFC 7240 requires of preferences a server does not support; the
/// `Preference-Applied` answer header says which were honoured. Anything that is not valid
/// syntax is an error. This is the only reader of `Prefer`: admission calls it once per request.
pub fn parse_prefer(headers: &HeaderMap) -> Result<Option<Preferences>, PreferError> {
    let mut values = headers.get_all(PREFER).iter().peekable();
    if values.peek().is_none() {
        return Ok(None);
    }
    let mut preferences = Preferences::default();
    for value in values {
        let text = value.to_str().map_err(|_| PreferError::NotAscii)?;
        for item in split_outside_quotes(text, ',')? {
            let item = item.trim_matches([' ', '\t']);
            if item.is_empty() {
                continue;
            }
            let mut pieces = split_outside_quotes(item, ';')?.into_iter();
            let head = pieces.next().unwrap_or("").trim_end_matches([' ', '\t']);
            let parameters: Vec<&str> = pieces.collect();
            check_parameters(&parameters)?;
            let has_parameters = parameters
                .iter()
                .any(|p| !p.trim_matches([' ', '\t']).is_empty());
            let (name, value) = match head.split_once('=') {
                Some((name, value)) => (
                    name.trim_end_matches([' ', '\t']),
                    Some(unquote(value.trim_start_matches([' ', '\t']))?),
                ),
                None => (head, None),
            };
            if name.is_empty() || !name.bytes().all(is_tchar) {
                return Err(PreferError::NoName(item.to_owned()));
            }
            if name.eq_ignore_ascii_case("task") {
                preferences.task_fail |= value
                    .as_deref()
                    .is_some_and(|v| v.eq_ignore_ascii_case("fail"));
                continue;
            }
            let slot = if name.eq_ignore_ascii_case("code") {
                Honoured::Code
            } else if name.eq_ignore_ascii_case("delay") {
                Honoured::Delay
            } else {
                continue;
            };
            if has_parameters {
                return Err(PreferError::Parameters(slot, item.to_owned()));
            }
            let value = value.ok_or_else(|| PreferError::NoValue(slot, item.to_owned()))?;
            let repeated = match slot {
                Honoured::Code => preferences.code.replace(parse_code(&value)?).is_some(),
                Honoured::Delay => preferences.delay.replace(parse_delay(&value)?).is_some(),
            };
            if repeated {
                return Err(PreferError::Repeated(slot));
            }
        }
    }
    Ok(Some(preferences).filter(|p| p.code.is_some() || p.delay.is_some() || p.task_fail))
}

fn parse_code(value: &str) -> Result<u16, PreferError> {
    if value.len() == 3 && value.bytes().all(|b| b.is_ascii_digit()) {
        let code: u16 = value
            .parse()
            .map_err(|_| PreferError::Code(value.to_owned()))?;
        if (100..600).contains(&code) {
            return Ok(code);
        }
    }
    Err(PreferError::Code(value.to_owned()))
}

fn parse_delay(value: &str) -> Result<Duration, PreferError> {
    let millis =
        (!value.is_empty() && value.len() <= 9 && value.bytes().all(|b| b.is_ascii_digit()))
            .then(|| value.parse::<u64>().ok())
            .flatten()
            .ok_or_else(|| PreferError::Delay(value.to_owned()))?;
    let delay = Duration::from_millis(millis);
    if delay > MAX_DELAY {
        return Err(PreferError::LongDelay { millis });
    }
    Ok(delay)
}

/// RFC 9110's token characters.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Splits `text` at each `separator` outside quoted strings.
fn split_outside_quotes(text: &str, separator: char) -> Result<Vec<&str>, PreferError> {
    let mut items = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in text.char_indices() {
        match (quoted, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => quoted = false,
            (false, _, '"') => quoted = true,
            (false, _, c) if c == separator => {
                items.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if quoted {
        return Err(PreferError::Unterminated);
    }
    items.push(&text[start..]);
    Ok(items)
}

/// A token, or the content of a quoted string.
fn unquote(value: &str) -> Result<String, PreferError> {
    if let Some(inner) = value.strip_prefix('"') {
        let inner = inner
            .strip_suffix('"')
            .ok_or_else(|| PreferError::BadQuoted(value.to_owned()))?;
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.push(chars.next().ok_or(PreferError::TrailingBackslash)?),
                '"' => return Err(PreferError::BadQuoted(value.to_owned())),
                c => out.push(c),
            }
        }
        Ok(out)
    } else if !value.is_empty() && value.bytes().all(is_tchar) {
        Ok(value.to_owned())
    } else {
        Err(PreferError::NotToken(value.to_owned()))
    }
}

/// `name[=value]` parameters (the pieces after each `;`): checked for syntax only.
fn check_parameters(params: &[&str]) -> Result<(), PreferError> {
    for param in params {
        let param = param.trim_matches([' ', '\t']);
        if param.is_empty() {
            continue;
        }
        let (name, value) = match param.split_once('=') {
            Some((n, v)) => (
                n.trim_end_matches([' ', '\t']),
                Some(v.trim_start_matches([' ', '\t'])),
            ),
            None => (param, None),
        };
        if name.is_empty() || !name.bytes().all(is_tchar) {
            return Err(PreferError::ParameterName(param.to_owned()));
        }
        if let Some(value) = value {
            unquote(value)?;
        }
    }
    Ok(())
}

/// `--latency`: a fixed delay or a range to draw from, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Latency {
    /// Shortest delay.
    pub min_ms: u64,
    /// Longest delay (equal to `min_ms` for a fixed one).
    pub max_ms: u64,
}

impl FromStr for Latency {
    type Err = String;

    fn from_str(text: &str) -> Result<Latency, String> {
        let number = |t: &str| {
            t.trim()
                .parse::<u64>()
                .map_err(|_| format!("{t:?} is not a number of milliseconds"))
        };
        let (min_ms, max_ms) = match text.split_once("..") {
            Some((a, b)) => (number(a)?, number(b)?),
            None => {
                let ms = number(text)?;
                (ms, ms)
            }
        };
        if min_ms > max_ms {
            return Err(format!("the range {text} is empty: {min_ms} > {max_ms}"));
        }
        if u128::from(max_ms) > MAX_DELAY.as_millis() {
            return Err(format!(
                "{max_ms} ms is more than the {} ms a delay may last",
                MAX_DELAY.as_millis()
            ));
        }
        Ok(Latency { min_ms, max_ms })
    }
}

/// Whole-server chaos: `--latency`, `--error-rate`, `--chaos-seed`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Chaos {
    /// A delay added to every operation's answer.
    pub latency: Option<Latency>,
    /// The fraction of operation requests answered with the vendor's internal error.
    pub error_rate: f64,
    /// Seed of the draws.
    pub seed: u64,
    /// Every operation request panics inside its handler: for tests of the panic path, which
    /// nothing else can reach. No command-line flag sets it.
    pub panic_in_handlers: bool,
}

/// What the chaos sequence decided for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Draw {
    /// Answer with the vendor's internal error.
    pub fail: bool,
    /// Hold the answer back this long.
    pub delay: Option<Duration>,
}

impl Chaos {
    /// Whether any chaos is configured.
    pub fn is_active(&self) -> bool {
        self.latency.is_some() || self.error_rate > 0.0
    }

    /// The decision for the `n`th request (counting from 0 in arrival order): a pure function
    /// of the seed and `n`, so the same seed gives the same sequence.
    pub fn draw(&self, n: u64) -> Draw {
        // Separate streams, so that turning latency on does not change which requests fail.
        let fail_bits = mix(self.seed ^ 0x4552_524f_5253, n);
        let delay_bits = mix(self.seed ^ 0x4c41_5445_4e43, n);
        // 53 random bits as a fraction in [0, 1).
        let unit = (fail_bits >> 11) as f64 / (1u64 << 53) as f64;
        let delay = self.latency.map(|l| {
            let span = l.max_ms - l.min_ms;
            let offset = if span == 0 {
                0
            } else {
                delay_bits % (span + 1)
            };
            Duration::from_millis(l.min_ms + offset)
        });
        Draw {
            fail: unit < self.error_rate,
            delay,
        }
    }
}

/// SplitMix64's output function over the `n`th step of a stream.
fn mix(seed: u64, n: u64) -> u64 {
    let mut z = seed.wrapping_add(n.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefer(values: &[&str]) -> Result<Option<Preferences>, PreferError> {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("prefer", v.parse().unwrap());
        }
        parse_prefer(&headers)
    }

    #[test]
    fn task_fail_is_read_with_the_other_preferences() {
        let expected = Preferences {
            code: None,
            delay: Some(Duration::from_millis(10)),
            task_fail: true,
        };
        assert_eq!(prefer(&["task=fail, delay=10"]), Ok(Some(expected.clone())));
        assert_eq!(
            prefer(&["Task=\"FAIL\";x=1", "delay=10"]),
            Ok(Some(expected))
        );
        // Another task value asks for nothing.
        assert_eq!(prefer(&["task=succeed"]), Ok(None));
    }

    #[test]
    fn code_and_delay_are_read_from_one_or_several_headers() {
        let both = Preferences {
            code: Some(404),
            delay: Some(Duration::from_millis(25)),
            task_fail: false,
        };
        assert_eq!(prefer(&["code=404, delay=25"]), Ok(Some(both.clone())));
        assert_eq!(prefer(&["Code=404", "delay=\"25\""]), Ok(Some(both)));
        assert_eq!(prefer(&[]), Ok(None));
        // Preferences the stub does not support are left alone, as RFC 7240 asks.
        assert_eq!(
            prefer(&["return=minimal; foo=\"a,b\", respond-async"]),
            Ok(None)
        );
    }

    #[test]
    fn malformed_or_unusable_values_are_refused() {
        for bad in [
            "code=4040",
            "code=abc",
            "code=099",
            "code=",
            "code",
            "code=404;x=1",
            "code=404, code=500",
            "delay=-1",
            "delay=60001",
            "delay=1.5",
            "=1",
            "code=\"404",
            "a b",
        ] {
            assert!(prefer(&[bad]).is_err(), "{bad}");
        }
    }

    #[test]
    fn refusals_keep_their_client_facing_wording() {
        let message = |value: &str| prefer(&[value]).expect_err(value).to_string();
        assert_eq!(
            message("code=404, code=500"),
            "Prefer: code is given more than once."
        );
        assert_eq!(message("code"), "Prefer: code needs a value (\"code\").");
        assert_eq!(
            message("delay=60001"),
            "Prefer: delay may be at most 60000 milliseconds (got 60001)."
        );
        assert_eq!(
            message("=1"),
            "The Prefer header is not a list of preferences: \"=1\" does not start with a name."
        );
        assert_eq!(
            message("x=\"a\\"),
            "The Prefer header has an unterminated quoted string."
        );
        assert_eq!(
            message("code=099"),
            "Prefer: code must be a three-digit HTTP status, not \"099\"."
        );
    }

    #[test]
    fn latency_is_a_number_or_a_range() {
        assert_eq!(
            "5".parse(),
            Ok(Latency {
                min_ms: 5,
                max_ms: 5
            })
        );
        assert_eq!(
            "10..20".parse(),
            Ok(Latency {
                min_ms: 10,
                max_ms: 20
            })
        );
        assert!("20..10".parse::<Latency>().is_err());
        assert!("x".parse::<Latency>().is_err());
        assert!("0..60001".parse::<Latency>().is_err());
    }

    #[test]
    fn draws_repeat_for_a_seed_and_follow_the_rate() {
        let chaos = Chaos {
            latency: Some(Latency {
                min_ms: 10,
                max_ms: 20,
            }),
            error_rate: 0.25,
            seed: 7,
            panic_in_handlers: false,
        };
        let first: Vec<Draw> = (0..1000).map(|n| chaos.draw(n)).collect();
        let again: Vec<Draw> = (0..1000).map(|n| chaos.draw(n)).collect();
        assert_eq!(first, again);
        let failures = first.iter().filter(|d| d.fail).count();
        assert!(
            (200..300).contains(&failures),
            "{failures} of 1000 at rate 0.25"
        );
        assert!(
            first
                .iter()
                .all(|d| { d.delay.is_some_and(|t| (10..=20).contains(&t.as_millis())) })
        );
        let other = Chaos { seed: 8, ..chaos };
        assert_ne!(first, (0..1000).map(|n| other.draw(n)).collect::<Vec<_>>());
    }
}
