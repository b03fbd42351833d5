use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A point in time, in whole seconds since the Unix epoch (UTC).
///
/// The core never reads a clock: callers pass the evaluation time in, which keeps evaluation
/// deterministic and lets tests pin it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct Timestamp(i64);

impl Timestamp {
    /// A timestamp `seconds` after the Unix epoch.
    #[must_use]
    pub const fn from_unix_seconds(seconds: i64) -> Self {
        Timestamp(seconds)
    }

    /// Seconds since the Unix epoch.
    #[must_use]
    pub const fn unix_seconds(self) -> i64 {
        self.0
    }
}

const SECONDS_PER_DAY: i64 = 86_400;

impl Timestamp {
    /// Parses an RFC 3339 date-time (`2026-12-31T18:00:00Z`, `2026-12-31T18:00:00.5+02:00`) or a
    /// full date (`2026-12-31`, read as midnight UTC at its start).
    ///
    /// Only the forms RFC 3339 defines are accepted (a `T` or space between date and time, `Z`
    /// or a numeric offset, fractional seconds ignored); anything else is an error that names
    /// what was expected, so a typo in a waiver's expiry fails closed.
    pub fn parse(text: &str) -> Result<Self, String> {
        let s = text.trim();
        let bytes = s.as_bytes();
        let expected = || {
            format!(
                "`{text}` is not a date (YYYY-MM-DD) or an RFC 3339 date-time (YYYY-MM-DDTHH:MM:SSZ)"
            )
        };
        let date = s.get(..10).ok_or_else(expected)?;
        let days = parse_date(date).ok_or_else(expected)?;
        if bytes.len() == 10 {
            return Ok(Timestamp(days * SECONDS_PER_DAY));
        }
        if !matches!(bytes.get(10), Some(b'T' | b't' | b' ')) {
            return Err(expected());
        }
        let time = s.get(11..19).ok_or_else(expected)?;
        let seconds_of_day = parse_time(time).ok_or_else(expected)?;
        let mut rest = s.get(19..).ok_or_else(expected)?;
        if let Some(fraction) = rest.strip_prefix('.') {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(expected());
            }
            rest = fraction.get(digits..).ok_or_else(expected)?;
        }
        let offset = match rest {
            "Z" | "z" => 0,
            _ => parse_offset(rest).ok_or_else(expected)?,
        };
        Ok(Timestamp(days * SECONDS_PER_DAY + seconds_of_day - offset))
    }

    /// The timestamp as an RFC 3339 date-time in UTC (`2026-12-31T18:00:00Z`).
    #[must_use]
    pub fn to_rfc3339(self) -> String {
        let days = self.0.div_euclid(SECONDS_PER_DAY);
        let secs = self.0.rem_euclid(SECONDS_PER_DAY);
        let (y, m, d) = civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            secs % 3600 / 60,
            secs % 60
        )
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl std::str::FromStr for Timestamp {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Timestamp::parse(s).map_err(|message| crate::Error::Usage { message })
    }
}

/// Fixed-width ASCII digits as a number.
fn digits(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `YYYY-MM-DD` as days since 1970-01-01, rejecting impossible dates.
fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let year = digits(s.get(0..4)?)?;
    let month = digits(s.get(5..7)?)?;
    let day = digits(s.get(8..10)?)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

/// `HH:MM:SS` as seconds of the day; a leap second (`:60`) counts as the next second.
fn parse_time(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 8 || b.get(2) != Some(&b':') || b.get(5) != Some(&b':') {
        return None;
    }
    let h = digits(s.get(0..2)?)?;
    let m = digits(s.get(3..5)?)?;
    let sec = digits(s.get(6..8)?)?;
    (h < 24 && m < 60 && sec <= 60).then_some(h * 3600 + m * 60 + sec)
}

/// `+HH:MM` / `-HH:MM` as seconds east of UTC.
fn parse_offset(s: &str) -> Option<i64> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, s.get(1..)?),
        b'-' => (-1, s.get(1..)?),
        _ => return None,
    };
    if rest.len() != 5 || rest.as_bytes().get(2) != Some(&b':') {
        return None;
    }
    let h = digits(rest.get(0..2)?)?;
    let m = digits(rest.get(3..5)?)?;
    (h < 24 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::Timestamp;

    fn at(s: &str) -> i64 {
        Timestamp::parse(s).map_or(i64::MIN, Timestamp::unix_seconds)
    }

    #[test]
    fn dates_are_midnight_utc() {
        assert_eq!(at("1970-01-01"), 0);
        assert_eq!(at("2000-03-01"), 951_868_800);
        assert_eq!(at("2026-12-31"), 1_798_675_200);
        assert_eq!(at("1969-12-31"), -86_400);
    }

    #[test]
    fn date_times_honour_offsets_and_fractions() {
        assert_eq!(at("2026-12-31T00:00:00Z"), 1_798_675_200);
        assert_eq!(at("2026-12-31t01:30:00+01:30"), 1_798_675_200);
        assert_eq!(at("2026-12-30T22:00:00-02:00"), 1_798_675_200);
        assert_eq!(at("2026-12-31 00:00:00.999Z"), 1_798_675_200);
        assert_eq!(at("2026-12-31T23:59:60Z"), 1_798_761_600);
    }

    #[test]
    fn malformed_and_impossible_dates_are_errors() {
        for bad in [
            "",
            "tomorrow",
            "2026-13-01",
            "2026-02-29",
            "2026-04-31",
            "2026-1-1",
            "31/12/2026",
            "2026-12-31T24:00:00Z",
            "2026-12-31T10:00:00",
            "2026-12-31T10:00Z",
            "2026-12-31T10:00:00.Z",
            "2026-12-31T10:00:00+0100",
            "2026-12-31X",
            "+2026-12-31",
            "２０２６-12-31",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad:?} should not parse");
        }
        assert!(Timestamp::parse("2024-02-29").is_ok());
        assert!(Timestamp::parse("2000-02-29").is_ok());
        assert!(Timestamp::parse("1900-02-29").is_err());
    }

    #[test]
    fn round_trips_through_rfc3339() {
        for secs in [0, 1, 951_868_799, 1_798_675_200, -1, -86_401, 4_102_444_800] {
            let ts = Timestamp::from_unix_seconds(secs);
            assert_eq!(Timestamp::parse(&ts.to_rfc3339()), Ok(ts), "{secs}");
        }
        assert_eq!(
            Timestamp::from_unix_seconds(1_798_675_200).to_rfc3339(),
            "2026-12-31T00:00:00Z"
        );
    }
}
