//! Cell values: the Table Schema field types and the parsers every part of the table
//! module shares (inference, schema validation, Arrow building).
//!
//! Parsers are hand-written for the shapes a CSV actually holds, because they run on every
//! cell and a general date-format interpreter would dominate the check's time.

use serde::{Deserialize, Serialize};
use time::{Date, Month, PrimitiveDateTime, Time, UtcOffset};

/// A Frictionless Table Schema field type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum FieldType {
    /// Text.
    String,
    /// A decimal or floating-point number.
    Number,
    /// A whole number (64-bit).
    Integer,
    /// `true` / `false` (or the field's trueValues / falseValues).
    Boolean,
    /// A JSON object.
    Object,
    /// A JSON array.
    Array,
    /// A delimited list of values.
    List,
    /// A calendar date.
    Date,
    /// A time of day.
    Time,
    /// A date and time, with or without offset.
    Datetime,
    /// A calendar year.
    Year,
    /// A year and month (`2024-05`).
    Yearmonth,
    /// An ISO 8601 duration.
    Duration,
    /// A geographic point.
    Geopoint,
    /// A GeoJSON object.
    Geojson,
    /// Any value.
    Any,
}

impl FieldType {
    /// The Table Schema name of the type.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Number => "number",
            FieldType::Integer => "integer",
            FieldType::Boolean => "boolean",
            FieldType::Object => "object",
            FieldType::Array => "array",
            FieldType::List => "list",
            FieldType::Date => "date",
            FieldType::Time => "time",
            FieldType::Datetime => "datetime",
            FieldType::Year => "year",
            FieldType::Yearmonth => "yearmonth",
            FieldType::Duration => "duration",
            FieldType::Geopoint => "geopoint",
            FieldType::Geojson => "geojson",
            FieldType::Any => "any",
        }
    }
}

/// How a date is written in a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateFormat {
    /// `2024-05-31` (ISO 8601, the Table Schema default).
    Iso,
    /// `31/05/2024`, `31.05.2024` or `31-05-2024`.
    DayMonthYear,
    /// `05/31/2024`.
    MonthDayYear,
    /// `2024/05/31`.
    YearMonthDaySlash,
}

impl DateFormat {
    /// The Table Schema / strptime pattern for this format with the given separator.
    pub fn pattern(self, separator: char) -> String {
        match self {
            DateFormat::Iso => "%Y-%m-%d".to_owned(),
            DateFormat::DayMonthYear => format!("%d{separator}%m{separator}%Y"),
            DateFormat::MonthDayYear => format!("%m{separator}%d{separator}%Y"),
            DateFormat::YearMonthDaySlash => "%Y/%m/%d".to_owned(),
        }
    }
}

/// Reads exactly `n` ASCII digits at the start of `s`.
fn digits(s: &[u8], n: usize) -> Option<u32> {
    if s.len() < n {
        return None;
    }
    let mut v = 0u32;
    for &b in &s[..n] {
        if !b.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(b - b'0');
    }
    Some(v)
}

/// Reads 1 or 2 digits; returns the value and how many bytes were used.
fn one_or_two_digits(s: &[u8]) -> Option<(u32, usize)> {
    match (s.first(), s.get(1)) {
        (Some(a), Some(b)) if a.is_ascii_digit() && b.is_ascii_digit() => {
            Some((u32::from(a - b'0') * 10 + u32::from(b - b'0'), 2))
        }
        (Some(a), _) if a.is_ascii_digit() => Some((u32::from(a - b'0'), 1)),
        _ => None,
    }
}

fn make_date(year: u32, month: u32, day: u32) -> Option<Date> {
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()
}

/// Parses an ISO date `YYYY-MM-DD`.
pub fn parse_iso_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    make_date(digits(b, 4)?, digits(&b[5..], 2)?, digits(&b[8..], 2)?)
}

/// The ways a non-ISO date cell can be read. A date such as `01/02/2024` fits both
/// day-first and month-first; the column decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateReading {
    /// Read day first.
    pub day_first: Option<Date>,
    /// Read month first.
    pub month_first: Option<Date>,
    /// The separator between the parts.
    pub separator: char,
}

/// Parses `d/m/Y`, `m/d/Y`, `d.m.Y`, `d-m-Y` (1 or 2 digit day and month, 4-digit year).
pub fn parse_numeric_date(s: &str) -> Option<DateReading> {
    let b = s.as_bytes();
    let (first, n1) = one_or_two_digits(b)?;
    let sep = *b.get(n1)?;
    if !matches!(sep, b'/' | b'.' | b'-') {
        return None;
    }
    let rest = &b[n1 + 1..];
    let (second, n2) = one_or_two_digits(rest)?;
    if rest.get(n2) != Some(&sep) {
        return None;
    }
    let year_part = &rest[n2 + 1..];
    if year_part.len() != 4 {
        return None;
    }
    let year = digits(year_part, 4)?;
    let reading = DateReading {
        day_first: make_date(year, second, first),
        month_first: if sep == b'/' {
            make_date(year, first, second)
        } else {
            None
        },
        separator: sep as char,
    };
    (reading.day_first.is_some() || reading.month_first.is_some()).then_some(reading)
}

/// Parses `YYYY/MM/DD`.
pub fn parse_slash_ymd(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'/' || b[7] != b'/' {
        return None;
    }
    make_date(digits(b, 4)?, digits(&b[5..], 2)?, digits(&b[8..], 2)?)
}

/// Parses a time of day `HH:MM`, `HH:MM:SS` or `HH:MM:SS.ffffff`.
pub fn parse_time(s: &str) -> Option<Time> {
    let b = s.as_bytes();
    if b.len() < 5 || b[2] != b':' {
        return None;
    }
    let hour = digits(b, 2)?;
    let minute = digits(&b[3..], 2)?;
    let (second, micro) = match b.len() {
        5 => (0, 0),
        8.. if b[5] == b':' => {
            let second = digits(&b[6..], 2)?;
            let micro = match b.get(8) {
                None => 0,
                Some(b'.') => fraction_micros(&b[9..])?,
                Some(_) => return None,
            };
            (second, micro)
        }
        _ => return None,
    };
    Time::from_hms_micro(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
        micro,
    )
    .ok()
}

fn fraction_micros(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut v = 0u32;
    for i in 0..6 {
        v = v * 10 + b.get(i).map_or(0, |d| u32::from(d - b'0'));
    }
    Some(v)
}

/// A parsed datetime: the local date-time and the offset when the cell has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTimeValue {
    /// Date and time as written.
    pub local: PrimitiveDateTime,
    /// `Z` or `±HH:MM`, when present.
    pub offset: Option<UtcOffset>,
}

impl DateTimeValue {
    /// Microseconds since the Unix epoch, taking a missing offset as UTC.
    pub fn unix_micros(&self) -> i64 {
        let utc = self
            .local
            .assume_offset(self.offset.unwrap_or(UtcOffset::UTC));
        (utc.unix_timestamp_nanos() / 1000) as i64
    }
}

/// Parses an ISO 8601 / RFC 3339 datetime: `YYYY-MM-DDTHH:MM[:SS[.f]][Z|±HH:MM]`, with `T`
/// or a space between date and time.
pub fn parse_datetime(s: &str) -> Option<DateTimeValue> {
    if s.len() < 16 {
        return None;
    }
    let b = s.as_bytes();
    if !matches!(b[10], b'T' | b' ') {
        return None;
    }
    let date = parse_iso_date(s.get(..10)?)?;
    let rest = s.get(11..)?;
    let (time_part, offset) = split_offset(rest)?;
    let time = parse_time(time_part)?;
    Some(DateTimeValue {
        local: PrimitiveDateTime::new(date, time),
        offset,
    })
}

fn split_offset(s: &str) -> Option<(&str, Option<UtcOffset>)> {
    if let Some(t) = s.strip_suffix('Z').or_else(|| s.strip_suffix('z')) {
        return Some((t, Some(UtcOffset::UTC)));
    }
    let b = s.as_bytes();
    if b.len() >= 6 {
        let at = b.len() - 6;
        if matches!(b[at], b'+' | b'-') && b[at + 3] == b':' {
            let hours = i8::try_from(digits(&b[at + 1..], 2)?).ok()?;
            let minutes = i8::try_from(digits(&b[at + 4..], 2)?).ok()?;
            let sign = if b[at] == b'-' { -1 } else { 1 };
            let offset = UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()?;
            return Some((s.get(..at)?, Some(offset)));
        }
    }
    Some((s, None))
}

/// Parses an integer the way inference wants it: optional sign, digits, no leading zero
/// (`007` is an identifier, not seven).
pub fn parse_integer(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let digits_part = match b.first()? {
        b'-' | b'+' => &b[1..],
        _ => b,
    };
    if digits_part.is_empty() || !digits_part.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if digits_part.len() > 1 && digits_part[0] == b'0' {
        return None;
    }
    s.parse().ok()
}

/// Parses a decimal number: optional sign, digits with at most one `.`, optional exponent;
/// no leading zeros before other digits, no thousands separators, no `inf`/`nan` words.
pub fn parse_number(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let body = match b.first()? {
        b'-' | b'+' => &b[1..],
        _ => b,
    };
    let mantissa_end = body
        .iter()
        .position(|&c| c == b'e' || c == b'E')
        .unwrap_or(body.len());
    let mantissa = &body[..mantissa_end];
    let mut dots = 0;
    let mut digit_count = 0;
    for &c in mantissa {
        match c {
            b'0'..=b'9' => digit_count += 1,
            b'.' => dots += 1,
            _ => return None,
        }
    }
    if digit_count == 0 || dots > 1 {
        return None;
    }
    if mantissa.len() > 1 && mantissa[0] == b'0' && mantissa[1].is_ascii_digit() {
        return None;
    }
    if mantissa_end < body.len() {
        let exp = &body[mantissa_end + 1..];
        let exp_digits = match exp.first() {
            Some(b'-' | b'+') => &exp[1..],
            _ => exp,
        };
        if exp_digits.is_empty() || !exp_digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
    }
    s.parse().ok()
}

/// Parses `true` / `false` in any letter case.
pub fn parse_boolean(s: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Whether a cell is a spreadsheet's rendering of a long number in scientific notation
/// (`1.23457E+11`): the digits behind it are lost.
pub fn is_scientific_notation(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(e) = b.iter().position(|&c| c == b'E' || c == b'e') else {
        return false;
    };
    let (mantissa, exp) = (&b[..e], &b[e + 1..]);
    let exp = exp.strip_prefix(b"+").unwrap_or(exp);
    mantissa.first().is_some_and(u8::is_ascii_digit)
        && mantissa.iter().all(|c| c.is_ascii_digit() || *c == b'.')
        && !exp.is_empty()
        && exp.iter().all(u8::is_ascii_digit)
        && digits(exp, exp.len()).is_some_and(|x| x >= 6)
}

/// Whether a cell is a number written with thousands separators (`1,234,567`,
/// `1.234.567,5`, `12 345`).
pub fn has_thousands_separator(s: &str) -> bool {
    let b = s.as_bytes();
    let body = b.strip_prefix(b"-").unwrap_or(b);
    for (group, decimal) in [(b',', b'.'), (b'.', b','), (b' ', b','), (b' ', b'.')] {
        let int_part = match body.iter().position(|&c| c == decimal) {
            Some(at) if body[at + 1..].iter().all(u8::is_ascii_digit) && at + 1 < body.len() => {
                &body[..at]
            }
            Some(_) => continue,
            None => body,
        };
        let groups: Vec<&[u8]> = int_part.split(|&c| c == group).collect();
        // One separator with a dot (`1.234`) is more often a decimal than a grouping.
        let enough = groups.len() > 2 || (groups.len() == 2 && group != b'.');
        if enough
            && (1..=3).contains(&groups[0].len())
            && groups
                .iter()
                .all(|g| !g.is_empty() && g.iter().all(u8::is_ascii_digit))
            && groups[1..].iter().all(|g| g.len() == 3)
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_keep_identifiers_as_text() {
        assert_eq!(parse_integer("42"), Some(42));
        assert_eq!(parse_integer("-7"), Some(-7));
        assert_eq!(parse_integer("0"), Some(0));
        assert_eq!(parse_integer("007"), None);
        assert_eq!(parse_integer("1.0"), None);
        assert_eq!(parse_integer("99999999999999999999"), None);
        assert_eq!(parse_integer(""), None);
        assert_eq!(parse_integer("-"), None);
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("3.5"), Some(3.5));
        assert_eq!(parse_number("-0.25"), Some(-0.25));
        assert_eq!(parse_number("1e3"), Some(1000.0));
        assert_eq!(parse_number(".5"), Some(0.5));
        assert_eq!(parse_number("0.5"), Some(0.5));
        for bad in ["inf", "NaN", "1,000", "1.2.3", "012.5", "1e", "e5", "", "."] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates() {
        assert!(parse_iso_date("2024-02-29").is_some());
        assert!(parse_iso_date("2023-02-29").is_none());
        assert!(parse_iso_date("2024-13-01").is_none());
        let r = parse_numeric_date("31/05/2024").unwrap();
        assert!(r.day_first.is_some() && r.month_first.is_none());
        let r = parse_numeric_date("05/31/2024").unwrap();
        assert!(r.day_first.is_none() && r.month_first.is_some());
        let r = parse_numeric_date("1/2/2024").unwrap();
        assert!(r.day_first.is_some() && r.month_first.is_some());
        assert_eq!(parse_numeric_date("31.05.2024").unwrap().separator, '.');
        assert!(parse_numeric_date("31/05/24").is_none());
        assert!(parse_slash_ymd("2024/05/31").is_some());
    }

    #[test]
    fn times_and_datetimes() {
        assert!(parse_time("23:59").is_some());
        assert!(parse_time("23:59:60").is_none());
        assert!(parse_time("24:00").is_none());
        assert_eq!(parse_time("12:00:01.5").unwrap().microsecond(), 500_000);
        let dt = parse_datetime("2024-05-31T10:00:00+02:00").unwrap();
        assert_eq!(dt.offset, Some(UtcOffset::from_hms(2, 0, 0).unwrap()));
        assert_eq!(
            dt.unix_micros(),
            parse_datetime("2024-05-31T08:00:00Z")
                .unwrap()
                .unix_micros()
        );
        assert!(parse_datetime("2024-05-31 10:00").unwrap().offset.is_none());
        assert!(parse_datetime("2024-05-31").is_none());
        assert!(parse_datetime("2024-05-31T25:00").is_none());
    }

    #[test]
    fn spreadsheet_damage_shapes() {
        assert!(is_scientific_notation("1.23457E+11"));
        assert!(is_scientific_notation("4.4E+15"));
        assert!(!is_scientific_notation("1E+2"));
        assert!(!is_scientific_notation("E+11"));
        assert!(has_thousands_separator("1,234,567"));
        assert!(has_thousands_separator("12,345"));
        assert!(has_thousands_separator("1.234.567,89"));
        assert!(has_thousands_separator("-1,000.50"));
        assert!(!has_thousands_separator("1.234"));
        assert!(!has_thousands_separator("1234"));
        assert!(!has_thousands_separator("12,34"));
        assert!(!has_thousands_separator("3,5"));
    }
}
