//! Calendar arithmetic and the three time formats of the dataset, without a date crate.
//!
//! The dataset needs little: proleptic Gregorian dates, whole seconds, fixed UTC offsets. The
//! day-number conversions are Howard Hinnant's `days_from_civil` / `civil_from_days`, exact
//! for every year this crate handles (0000–9999, the years the formats can spell).

/// Days from 1970-01-01 to the given date (negative before it). The date must be valid.
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01, as (year, month, day).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // Both are small positive numbers by construction (day 1..=31, month 1..=12).
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Reads exactly `len` ASCII digits at the start of `s`.
fn number(s: &[u8], len: usize) -> Option<u32> {
    let digits = s.get(..len)?;
    digits.iter().try_fold(0_u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

/// Parses `YYYY-MM-DD` strictly (a real calendar date, nothing before or after) into its day
/// number.
pub(crate) fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 {
        return None;
    }
    date_prefix(b)
}

/// The day number of the `YYYY-MM-DD` that starts `b` (which must be at least 10 bytes).
fn date_prefix(b: &[u8]) -> Option<i64> {
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let year = i64::from(number(b, 4)?);
    let month = number(b.get(5..)?, 2)?;
    let day = number(b.get(8..)?, 2)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

/// Seconds since midnight of the `HH:MM:SS` that starts `b`.
fn time_prefix(b: &[u8]) -> Option<i64> {
    if b.get(2) != Some(&b':') || b.get(5) != Some(&b':') {
        return None;
    }
    let (h, m, s) = (
        number(b, 2)?,
        number(b.get(3..)?, 2)?,
        number(b.get(6..)?, 2)?,
    );
    // No leap seconds: the dataset's clocks never show 23:59:60.
    (h < 24 && m < 60 && s < 60).then(|| i64::from(h * 3600 + m * 60 + s))
}

/// Parses Tencent's `YYYY-MM-DD HH:MM:SS` strictly into seconds since 1970-01-01 00:00:00 of
/// the same (unstated) zone.
pub(crate) fn parse_datetime(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 19 || b[10] != b' ' {
        return None;
    }
    Some(date_prefix(b)? * 86_400 + time_prefix(&b[11..])?)
}

/// Formats seconds since the epoch as `YYYY-MM-DD HH:MM:SS`.
pub(crate) fn format_datetime(seconds: i64) -> String {
    let (y, mo, d) = civil_from_days(seconds.div_euclid(86_400));
    let t = seconds.rem_euclid(86_400);
    format!(
        "{y:04}-{mo:02}-{d:02} {:02}:{:02}:{:02}",
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

/// The date part (`YYYY-MM-DD`) of seconds since the epoch, as a day number.
pub(crate) fn day_of(seconds: i64) -> i64 {
    seconds.div_euclid(86_400)
}

/// Parses an RFC 3339 date-time (`T` or `t`, optional fraction, `Z` or `±HH:MM`) into
/// milliseconds since the Unix epoch in UTC; digits of the fraction past milliseconds are
/// dropped, which is enough to order the dataset's timestamps.
pub(crate) fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || !matches!(b[10], b'T' | b't') {
        return None;
    }
    let seconds = date_prefix(b)? * 86_400 + time_prefix(&b[11..])?;
    let mut rest = &b[19..];
    let mut millis = 0_i64;
    if let Some(fraction) = rest.strip_prefix(b".") {
        let len = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if len == 0 {
            return None;
        }
        for (i, &digit) in fraction[..len.min(3)].iter().enumerate() {
            millis += i64::from(digit - b'0') * [100, 10, 1][i];
        }
        rest = &fraction[len..];
    }
    let offset_seconds = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), ..] if rest.len() == 6 && rest[3] == b':' => {
            let (h, m) = (number(&rest[1..], 2)?, number(&rest[4..], 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let magnitude = i64::from(h * 3600 + m * 60);
            if *sign == b'+' { magnitude } else { -magnitude }
        }
        _ => return None,
    };
    Some((seconds - offset_seconds) * 1000 + millis)
}

/// Formats UTC milliseconds as RFC 3339 local time at `offset_minutes` east of UTC, with
/// milliseconds, like CodeArts' `2025-09-17T19:30:03.275+08:00`.
pub(crate) fn format_rfc3339_millis(utc_millis: i64, offset_minutes: i64) -> String {
    let local = utc_millis + offset_minutes * 60_000;
    let seconds = local.div_euclid(1000);
    let millis = local.rem_euclid(1000);
    let (y, mo, d) = civil_from_days(seconds.div_euclid(86_400));
    let t = seconds.rem_euclid(86_400);
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let off = offset_minutes.abs();
    format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}{sign}{:02}:{:02}",
        t / 3600,
        t / 60 % 60,
        t % 60,
        off / 60,
        off % 60
    )
}

/// Formats UTC milliseconds as `YYYY-MM-DDTHH:MM:SS.mmmZ`, the export tasks' `create_time`.
pub(crate) fn format_utc_millis(utc_millis: i64) -> String {
    let (date, time, millis) = utc_parts(utc_millis);
    format!("{date}T{time}.{millis:03}Z")
}

/// Formats UTC milliseconds as `YYYYMMDDTHHMMSSmmmZ`, for file names.
pub(crate) fn compact_utc_millis(utc_millis: i64) -> String {
    let (date, time, millis) = utc_parts(utc_millis);
    format!(
        "{}T{}{millis:03}Z",
        date.replace('-', ""),
        time.replace(':', "")
    )
}

fn utc_parts(utc_millis: i64) -> (String, String, i64) {
    let seconds = utc_millis.div_euclid(1000);
    let (y, mo, d) = civil_from_days(seconds.div_euclid(86_400));
    let t = seconds.rem_euclid(86_400);
    (
        format!("{y:04}-{mo:02}-{d:02}"),
        format!("{:02}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60),
        utc_millis.rem_euclid(1000),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_of_known_dates() {
        // Known day counts: the epoch, the day after a leap day, and Y2K.
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2000, 1, 1), 10_957);
        assert_eq!(civil_from_days(10_957), (2000, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        for day in -800_000..800_000_i64 {
            if day % 97 == 0 {
                let (y, m, d) = civil_from_days(day);
                assert_eq!(days_from_civil(y, m, d), day);
            }
        }
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        let table = [
            ("2021-01-11", true),
            ("2024-02-29", true),
            ("2023-02-29", false),
            ("1900-02-29", false),
            ("2000-02-29", true),
            ("2021-13-01", false),
            ("2021-00-10", false),
            ("2021-04-31", false),
            ("2021-1-11", false),
            ("2021-01-11 ", false),
            ("20210111", false),
            ("２０２１-01-11", false),
            ("", false),
        ];
        for (text, valid) in table {
            assert_eq!(parse_date(text).is_some(), valid, "{text}");
        }
    }

    #[test]
    fn tencent_datetimes() {
        assert_eq!(parse_datetime("1970-01-02 00:00:01"), Some(86_401));
        assert_eq!(parse_datetime("2021-01-11 24:00:00"), None);
        assert_eq!(parse_datetime("2021-01-11T10:00:00"), None);
        assert_eq!(parse_datetime("2021-01-11 10:60:00"), None);
        assert_eq!(format_datetime(86_401), "1970-01-02 00:00:01");
        let t = parse_datetime("2025-09-17 19:30:03").unwrap();
        assert_eq!(format_datetime(t), "2025-09-17 19:30:03");
        assert_eq!(day_of(t), parse_date("2025-09-17").unwrap());
    }

    #[test]
    fn utc_millis_formats() {
        // 2026-02-10T08:00:00.5Z is 1770710400500 ms after the epoch.
        assert_eq!(
            format_utc_millis(1_770_710_400_500),
            "2026-02-10T08:00:00.500Z"
        );
        assert_eq!(compact_utc_millis(1_770_710_400_500), "20260210T080000500Z");
        assert_eq!(format_utc_millis(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            parse_rfc3339(&format_utc_millis(1_770_710_400_500)),
            Some(1_770_710_400_500)
        );
    }

    #[test]
    fn rfc3339() {
        let vendor = parse_rfc3339("2025-09-17T19:30:03.275+08:00").unwrap();
        assert_eq!(Some(vendor), parse_rfc3339("2025-09-17T11:30:03.275Z"));
        assert_eq!(Some(vendor + 725), parse_rfc3339("2025-09-17T11:30:04Z"));
        assert_eq!(
            Some(vendor),
            parse_rfc3339("2025-09-17T06:30:03.2751-05:00")
        );
        assert_eq!(
            format_rfc3339_millis(vendor, 480),
            "2025-09-17T19:30:03.275+08:00"
        );
        assert_eq!(
            format_rfc3339_millis(vendor, -330),
            "2025-09-17T06:00:03.275-05:30"
        );
        for bad in [
            "2025-09-17 19:30:03.275+08:00",
            "2025-09-17T19:30:03.+08:00",
            "2025-09-17T19:30:03.275+0800",
            "2025-09-17T19:30:03.275",
            "2025-09-17T19:30:03.275+24:00",
            "2025-02-30T19:30:03Z",
            "",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }
}
