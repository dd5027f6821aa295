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
    /// `31-May-2024`, `31 Mar 2024`: the month's English abbreviation.
    DayMonthAbbrYear,
    /// `31 March 2024`, `1-June-2024`: the month's English name.
    DayMonthNameYear,
}

impl DateFormat {
    /// The Table Schema / strptime pattern for this format with the given separator.
    pub fn pattern(self, separator: char) -> String {
        match self {
            DateFormat::Iso => "%Y-%m-%d".to_owned(),
            DateFormat::DayMonthYear => format!("%d{separator}%m{separator}%Y"),
            DateFormat::MonthDayYear => format!("%m{separator}%d{separator}%Y"),
            DateFormat::YearMonthDaySlash => "%Y/%m/%d".to_owned(),
            DateFormat::DayMonthAbbrYear => format!("%d{separator}%b{separator}%Y"),
            DateFormat::DayMonthNameYear => format!("%d{separator}%B{separator}%Y"),
        }
    }

    /// Reads a date written in this format (with any of its separators).
    pub fn read(self, cell: &str) -> Option<Date> {
        match self {
            DateFormat::Iso => parse_iso_date(cell),
            DateFormat::DayMonthYear => parse_numeric_date(cell).and_then(|r| r.day_first),
            DateFormat::MonthDayYear => parse_numeric_date(cell).and_then(|r| r.month_first),
            DateFormat::YearMonthDaySlash => parse_slash_ymd(cell),
            DateFormat::DayMonthAbbrYear => parse_named_month_date(cell)
                .filter(|d| d.names != MonthNames::Full)
                .map(|d| d.date),
            DateFormat::DayMonthNameYear => parse_named_month_date(cell)
                .filter(|d| d.names != MonthNames::Abbreviated)
                .map(|d| d.date),
        }
    }
}

/// How a date names its month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthNames {
    /// `Mar` (strptime's `%b`).
    Abbreviated,
    /// `March` (`%B`).
    Full,
    /// `May`, which is both.
    Either,
}

/// A date written with its month's English name, as spreadsheets and Oracle exports
/// write them: `31-May-2024`, `1 Mar 2024`, `31 March 2024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamedMonthDate {
    /// The date.
    pub date: Date,
    /// `-` or a space.
    pub separator: char,
    /// Whether the month is abbreviated.
    pub names: MonthNames,
}

/// Parses a [`NamedMonthDate`]: one or two digits of day, `-` or a space, the English
/// month name or its three-letter abbreviation in any letter case, the same separator,
/// four digits of year. Two-digit years are not read: strptime would put `55` in 2055,
/// which is wrong for the dates of birth such columns often hold.
pub fn parse_named_month_date(s: &str) -> Option<NamedMonthDate> {
    let b = s.as_bytes();
    let (day, used) = one_or_two_digits(b)?;
    let separator = *b.get(used)?;
    if !matches!(separator, b'-' | b' ') {
        return None;
    }
    let rest = &b[used + 1..];
    let name_len = rest.iter().position(|&c| c == separator)?;
    let (name, year_part) = (&rest[..name_len], &rest[name_len + 1..]);
    if year_part.len() != 4 {
        return None;
    }
    let year = digits(year_part, 4)?;
    let month = MONTHS.iter().position(|m| {
        name.len() >= 3
            && (name.len() == 3 || name.len() == m.len())
            && m.as_bytes()
                .iter()
                .zip(name)
                .all(|(a, b)| a.eq_ignore_ascii_case(b))
    })?;
    let full_name = MONTHS[month];
    let names = match (name.len() == 3, full_name.len() == 3) {
        (true, true) => MonthNames::Either,
        (true, false) => MonthNames::Abbreviated,
        _ => MonthNames::Full,
    };
    Some(NamedMonthDate {
        date: make_date(year, u32::try_from(month).ok()? + 1, day)?,
        separator: char::from(separator),
        names,
    })
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

/// A numeric date written with a two-digit year (`01/02/80`), written again with the
/// latest four-digit year that ends in those digits and is no later than `latest_year`
/// (`01/02/1980` for 2030). Dates of birth are written so on forms; a two-digit year is
/// read only where a date of birth is meant (elsewhere `1.2.15` is a version).
pub(crate) fn with_four_digit_year(s: &str, latest_year: i32) -> Option<String> {
    let (head, year) = s.rsplit_once(['/', '.', '-'])?;
    if year.len() != 2 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let separator = s.get(head.len()..=head.len())?;
    let year: i32 = year.parse().ok()?;
    let mut full = latest_year - latest_year.rem_euclid(100) + year;
    if full > latest_year {
        full -= 100;
    }
    Some(format!("{head}{separator}{full}"))
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

/// How the time of a spreadsheet date-time is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClockNotation {
    /// `14:30` (`9:05` too).
    HourMinute,
    /// `14:30:05`.
    HourMinuteSecond,
    /// `2:30 PM`.
    HourMinute12,
    /// `02:30:05 PM`, as Socrata portals export.
    HourMinuteSecond12,
}

impl ClockNotation {
    /// Whether the hours run 1 to 12 with AM / PM.
    pub fn is_twelve_hour(self) -> bool {
        matches!(
            self,
            ClockNotation::HourMinute12 | ClockNotation::HourMinuteSecond12
        )
    }

    /// The strptime pattern of the time.
    pub fn pattern(self) -> &'static str {
        match self {
            ClockNotation::HourMinute => "%H:%M",
            ClockNotation::HourMinuteSecond => "%H:%M:%S",
            ClockNotation::HourMinute12 => "%I:%M %p",
            ClockNotation::HourMinuteSecond12 => "%I:%M:%S %p",
        }
    }
}

/// A date and time written as spreadsheets and portals export them: a numeric date, one
/// space and a time of day (`28/02/2023 14:30`, `28.02.2023 9:05:07`,
/// `02/28/2023 02:30:00 PM`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumericDateTime {
    /// The ways the date part reads.
    pub date: DateReading,
    /// The time of day.
    pub time: Time,
    /// How the time is written.
    pub clock: ClockNotation,
}

impl NumericDateTime {
    /// The date and time read in `format` (day first or month first), with no offset.
    pub fn value(&self, format: DateFormat) -> Option<DateTimeValue> {
        let date = match format {
            DateFormat::DayMonthYear => self.date.day_first,
            DateFormat::MonthDayYear => self.date.month_first,
            DateFormat::Iso
            | DateFormat::YearMonthDaySlash
            | DateFormat::DayMonthAbbrYear
            | DateFormat::DayMonthNameYear => None,
        }?;
        Some(DateTimeValue {
            local: PrimitiveDateTime::new(date, self.time),
            offset: None,
        })
    }
}

/// Parses a [`NumericDateTime`]; no fractions of a second and no offset, which
/// spreadsheets do not write.
pub fn parse_numeric_datetime(s: &str) -> Option<NumericDateTime> {
    // The date is 8 to 10 bytes (`1/2/2024`, `01/02/2024`); looking for the space only
    // there keeps other digit-led cells cheap.
    let space = (8..=10).find(|&at| s.as_bytes().get(at) == Some(&b' '))?;
    let date = parse_numeric_date(&s[..space])?;
    let (time, clock) = parse_clock(&s[space + 1..])?;
    Some(NumericDateTime { date, time, clock })
}

/// A time of day as a spreadsheet writes it: `H:MM` or `HH:MM`, optionally `:SS`, then
/// optionally ` AM` / ` PM` (any case) with hours 1 to 12; and how it is written.
pub fn parse_clock(s: &str) -> Option<(Time, ClockNotation)> {
    let (clock, meridiem) = match s.len().checked_sub(3).and_then(|at| s.split_at_checked(at)) {
        Some((clock, m)) if m.eq_ignore_ascii_case(" am") => (clock, Some(0)),
        Some((clock, m)) if m.eq_ignore_ascii_case(" pm") => (clock, Some(12)),
        _ => (s, None),
    };
    let b = clock.as_bytes();
    let (hour, used) = one_or_two_digits(b)?;
    let rest = b.get(used..)?;
    let (minute, second) = match rest.len() {
        3 if rest[0] == b':' => (digits(&rest[1..], 2)?, None),
        6 if rest[0] == b':' && rest[3] == b':' => {
            (digits(&rest[1..], 2)?, Some(digits(&rest[4..], 2)?))
        }
        _ => return None,
    };
    let hour = match meridiem {
        None => hour,
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(pm) => hour % 12 + pm,
    };
    let clock = match (second.is_some(), meridiem.is_some()) {
        (false, false) => ClockNotation::HourMinute,
        (true, false) => ClockNotation::HourMinuteSecond,
        (false, true) => ClockNotation::HourMinute12,
        (true, true) => ClockNotation::HourMinuteSecond12,
    };
    let time = Time::from_hms(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second.unwrap_or(0)).ok()?,
    )
    .ok()?;
    Some((time, clock))
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
    if is_integer_text(s) {
        s.parse().ok()
    } else {
        None
    }
}

/// Whether `s` is written as an integer: optional sign, digits, no leading zero. The
/// value may still overflow `i64`; type inference only needs the shape.
pub(crate) fn is_integer_text(s: &str) -> bool {
    let b = s.as_bytes();
    if is_international_phone_text(b) {
        return false;
    }
    let digits_part = match b.first() {
        Some(b'-' | b'+') => &b[1..],
        _ => b,
    };
    !digits_part.is_empty()
        && digits_part.iter().all(u8::is_ascii_digit)
        && !(digits_part.len() > 1 && digits_part[0] == b'0')
}

/// Parses a decimal number: optional sign, digits with at most one `.`, optional exponent;
/// no leading zeros before other digits, no thousands separators, no `inf`/`nan` words.
pub fn parse_number(s: &str) -> Option<f64> {
    if is_number_text(s) {
        s.parse().ok()
    } else {
        None
    }
}

/// Whether `b` is a `+` and 8 to 15 digits: a phone number in E.164 form
/// (`+442079460018`), which no one writes for a quantity. Read as a number it would lose
/// its `+` and, with it, what it is.
fn is_international_phone_text(b: &[u8]) -> bool {
    b.first() == Some(&b'+') && (9..=16).contains(&b.len()) && b[1..].iter().all(u8::is_ascii_digit)
}

/// Whether `s` is written as [`parse_number`] accepts, without computing the value.
pub(crate) fn is_number_text(s: &str) -> bool {
    let b = s.as_bytes();
    if is_international_phone_text(b) {
        return false;
    }
    let body = match b.first() {
        Some(b'-' | b'+') => &b[1..],
        Some(_) => b,
        None => return false,
    };
    // One pass over the mantissa; it ends at the exponent marker, if any.
    let (mut digit_count, mut dots, mut mantissa_end) = (0usize, 0usize, body.len());
    for (i, &c) in body.iter().enumerate() {
        match c {
            b'0'..=b'9' => digit_count += 1,
            b'.' => dots += 1,
            b'e' | b'E' => {
                mantissa_end = i;
                break;
            }
            _ => return false,
        }
    }
    if digit_count == 0 || dots > 1 {
        return false;
    }
    // A leading zero before another digit (`007`) is a code, not a number.
    if mantissa_end > 1 && body[0] == b'0' && body[1].is_ascii_digit() {
        return false;
    }
    match body.get(mantissa_end + 1..) {
        None => true,
        Some(exp) => {
            let exp_digits = match exp.first() {
                Some(b'-' | b'+') => &exp[1..],
                _ => exp,
            };
            !exp_digits.is_empty() && exp_digits.iter().all(u8::is_ascii_digit)
        }
    }
}

/// How a number cell is written beyond the plain notation [`parse_number`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberShape {
    /// The mark its thousands are grouped by, if they are: the other decimal mark
    /// (`1,234.5`; `1.234,5`) or a space, plain, no-break or narrow no-break (`1 234,5`,
    /// as French and Nordic spreadsheets write it).
    pub group: Option<char>,
    /// Whether only this decimal mark reads it so: it has the mark and groups, or other
    /// than three decimals. `1,234` is 1.234 with a decimal comma and 1234 with a decimal
    /// point; `7,5` and `1,234.56` are unambiguous.
    pub unambiguous: bool,
    /// Whether a currency sign or a per cent sign stands beside it (`£12.50`, `12,5 %`):
    /// the Table Schema's `bareNumber: false`.
    pub unit: bool,
}

/// A number read by [`parse_written_number`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WrittenNumber {
    /// The value (a per cent sign does not divide it by 100, as in frictionless).
    pub value: f64,
    /// How it is written.
    pub shape: NumberShape,
}

/// Currency signs a number may start with.
const CURRENCY_SIGNS: [char; 4] = ['£', '$', '€', '¥'];

/// The spaces thousands may be grouped by, and that may stand before a unit: spreadsheets
/// write the no-break ones.
const SPACES: [char; 3] = [' ', '\u{a0}', '\u{202f}'];

/// Parses a number as spreadsheets and much of Europe write it, with `decimal` (`.` or `,`)
/// as its decimal mark: optional sign, an integer part written plainly or grouped in
/// threes by the other mark or by a space (`1 234,5`; no-break spaces too), optionally the
/// decimal mark and the decimals, and optionally a currency sign before it (`£12.50`,
/// `£-3.20`) or a currency or per cent sign after it (`12,50 €`, `12.5%`). Plain integers
/// (`12`) read too, as the same column holds them beside the rest; no leading zeros before
/// other digits, no exponent.
pub fn parse_written_number(s: &str, decimal: char) -> Option<WrittenNumber> {
    let (written, shape) = written_number(s, decimal)?;
    // Only the value needs the group marks gone: `f64::from_str` reads no `_`.
    let mut plain = AsciiNumber::new();
    for &b in written.as_bytes().iter().filter(|&&b| b != b'_') {
        plain.push(b)?;
    }
    let value = std::str::from_utf8(plain.as_bytes()).ok()?.parse().ok()?;
    Some(WrittenNumber { value, shape })
}

/// Whether `s` is written as [`parse_written_number`] reads, and how, without computing
/// the value: type inference runs this on cells that start with a digit, a sign or a
/// currency sign.
pub(crate) fn written_number_shape(s: &str, decimal: char) -> Option<NumberShape> {
    written_number(s, decimal).map(|(_, shape)| shape)
}

/// The bytes a written number can hold: digits, marks, signs, spaces, `%`, `$` and the
/// UTF-8 bytes of `£`, `¥`, `€`, the no-break space and the narrow no-break space.
const WRITTEN_NUMBER_BYTES: [bool; 256] =
    byte_set(b"0123456789.,+- %$\xC2\xA3\xA5\xA0\xE2\x82\xAC\x80\xAF");

/// A lookup table of `N` entries that says which bytes are among `bytes` (all below `N`).
pub(crate) const fn byte_set<const N: usize>(bytes: &[u8]) -> [bool; N] {
    let mut table = [false; N];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
}

/// A cheap first look: whether `s` holds only bytes a written number can, and does not
/// start with a leading zero (`088696` is a code). Type inference asks this of every
/// digit-led cell no other shape took (house numbers, codes).
pub(crate) fn may_be_written_number(s: &str) -> bool {
    let b = s.as_bytes();
    !matches!(b, [b'0', b'0'..=b'9', ..]) && b.iter().all(|&c| WRITTEN_NUMBER_BYTES[usize::from(c)])
}

/// A written number in ASCII, on the stack (type inference reads every cell of a column
/// this way): its sign, digits, `.` for the decimal mark and `_` for the group mark.
struct AsciiNumber {
    bytes: [u8; 48],
    len: usize,
}

impl AsciiNumber {
    fn new() -> Self {
        Self {
            bytes: [0; 48],
            len: 0,
        }
    }

    fn push(&mut self, b: u8) -> Option<()> {
        *self.bytes.get_mut(self.len)? = b;
        self.len += 1;
        Some(())
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// A written number in ASCII, and its shape.
fn written_number(s: &str, decimal: char) -> Option<(AsciiNumber, NumberShape)> {
    if !may_be_written_number(s) {
        return None;
    }
    let sign = s.chars().next().filter(|c| CURRENCY_SIGNS.contains(c));
    let prefix = sign.is_some();
    let s = match sign {
        Some(c) => {
            let rest = &s[c.len_utf8()..];
            rest.strip_prefix(SPACES).unwrap_or(rest)
        }
        None => s,
    };
    // Pounds and dollars are written with a decimal point.
    let point_currency = matches!(sign, Some('£' | '$'));
    let (s, suffix) = match s.strip_suffix(['%', '€']) {
        Some(rest) => (rest.strip_suffix(SPACES).unwrap_or(rest), true),
        None => (s, false),
    };
    if prefix && suffix {
        return None;
    }
    let (negative, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let other_mark = if decimal == ',' { '.' } else { ',' };
    // The group mark is the first character that is neither a digit nor the decimal mark.
    let group = match s.chars().find(|&c| !c.is_ascii_digit() && c != decimal) {
        None => None,
        Some(c) if c == other_mark || SPACES.contains(&c) => Some(c),
        Some(_) => return None,
    };
    // The decimal mark as `.` and the group mark as `_`, so that one byte-wise reading
    // serves every mark.
    let mut ascii = AsciiNumber::new();
    if negative {
        ascii.push(b'-')?;
    }
    for c in s.chars() {
        ascii.push(match c {
            '0'..='9' => c as u8,
            c if c == decimal => b'.',
            c if Some(c) == group => b'_',
            _ => return None,
        })?;
    }
    let body = &ascii.as_bytes()[usize::from(negative)..];
    // The byte after the leading digits settles most cells: dates, times, codes and text
    // that start with a digit are turned away there.
    let at = body
        .iter()
        .position(|c| !c.is_ascii_digit())
        .unwrap_or(body.len());
    let group_fits =
        at <= 3 && body.len() >= at + 4 && body.get(at + 4).is_none_or(|&c| c == b'.' || c == b'_');
    match body.get(at) {
        None | Some(b'.') => {}
        Some(b'_') if group_fits => {}
        _ => return None,
    }
    let (int_part, fraction) = match memchr::memchr(b'.', body) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    if fraction.is_some_and(|f| f.is_empty() || f.contains(&b'.') || f.contains(&b'_')) {
        return None;
    }
    let lead_len = memchr::memchr(b'_', int_part).unwrap_or(int_part.len());
    let grouped = lead_len < int_part.len();
    let lead = &int_part[..lead_len];
    let lead_ok = match lead {
        [] => false,
        [b'0'] => !grouped,
        [b'0', ..] => false,
        _ => !grouped || lead.len() <= 3,
    };
    // After the lead, every group is the group mark and three digits.
    let rest = &int_part[lead_len..];
    let groups_ok = rest.len() % 4 == 0
        && rest
            .chunks(4)
            .all(|g| g[0] == b'_' && !g[1..].contains(&b'_'));
    if !(lead_ok && groups_ok) {
        return None;
    }
    let shape = NumberShape {
        group: group.filter(|_| grouped),
        unambiguous: fraction.is_some_and(|f| grouped || f.len() != 3)
            || (point_currency && decimal == '.'),
        unit: prefix || suffix,
    };
    Some((ascii, shape))
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
/// `1.234.567,5`, `12 345`, `12\u{a0}345`): a written number with a group mark and no unit.
/// One dot group (`1.234`, `1.234,5`) is more often a decimal than a grouping, so it does
/// not count.
pub fn has_thousands_separator(s: &str) -> bool {
    ['.', ','].into_iter().any(|decimal| {
        written_number_shape(s, decimal).is_some_and(|shape| {
            !shape.unit
                && match shape.group {
                    Some('.') => s.matches('.').count() > 1,
                    Some(_) => true,
                    None => false,
                }
        })
    })
}

/// Parses an integer as Table Schema validation reads it: optional sign and ASCII digits.
/// Unlike [`parse_integer`], leading zeros are accepted (`007` is 7), as the specification
/// says; values outside the 64-bit range are not integers here.
pub fn parse_schema_integer(s: &str) -> Option<i64> {
    // `i64::from_str` takes exactly `[+-]?[0-9]+`.
    s.parse().ok()
}

/// Parses a number as Table Schema validation reads it: like [`parse_number`] but leading
/// zeros are accepted and so are the specification's special values `NaN`, `INF` and
/// `-INF` (exactly so spelt).
pub fn parse_schema_number(s: &str) -> Option<f64> {
    match s {
        "NaN" => return Some(f64::NAN),
        "INF" | "+INF" => return Some(f64::INFINITY),
        "-INF" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    // Rust also reads `inf`, `nan` and `infinity`; the character check keeps those out.
    let b = s.as_bytes();
    if !b.iter().any(u8::is_ascii_digit)
        || !b
            .iter()
            .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    s.parse().ok()
}

/// Parses a Table Schema `year`: exactly four digits.
pub fn parse_year(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    (b.len() == 4)
        .then(|| digits(b, 4))
        .flatten()
        .and_then(|y| i32::try_from(y).ok())
}

/// Parses a Table Schema `yearmonth`: `YYYY-MM`.
pub fn parse_yearmonth(s: &str) -> Option<(i32, u8)> {
    let b = s.as_bytes();
    if b.len() != 7 || b[4] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(b, 4)?).ok()?;
    let month = u8::try_from(digits(&b[5..], 2)?).ok()?;
    (1..=12).contains(&month).then_some((year, month))
}

/// An ISO 8601 duration reduced to what can be compared: calendar months (years count 12)
/// and seconds (weeks, days, hours and minutes converted at their nominal length).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct IsoDuration {
    /// Years and months, as months.
    pub months: i64,
    /// Weeks, days, hours, minutes and seconds, as seconds.
    pub seconds: f64,
}

/// Parses an ISO 8601 duration such as `P1Y2M10DT2H30M`, `PT0.5S` or `P3W`. Only the
/// seconds may have a fraction; at least one part must be present, and a `T` must be
/// followed by a time part.
pub fn parse_duration(s: &str) -> Option<IsoDuration> {
    let rest = s.strip_prefix('P')?;
    let (date_part, time_part) = match rest.split_once('T') {
        Some((d, t)) if !t.is_empty() => (d, Some(t)),
        Some(_) => return None,
        None => (rest, None),
    };
    let mut out = IsoDuration {
        months: 0,
        seconds: 0.0,
    };
    let mut parts = 0;
    // Each unit may appear once and in this order.
    let mut read = |part: &str, units: &[(u8, f64, bool)], fraction_unit: u8| -> Option<()> {
        let b = part.as_bytes();
        let mut start = 0;
        let mut next_unit = 0;
        while start < b.len() {
            let end = start + b[start..].iter().position(|c| c.is_ascii_uppercase())?;
            let number = part.get(start..end)?;
            let unit = b[end];
            let at = units[next_unit..].iter().position(|u| u.0 == unit)? + next_unit;
            next_unit = at + 1;
            let value: f64 = if unit == fraction_unit {
                parse_unsigned_decimal(number)?
            } else {
                f64::from(u32::try_from(number.parse::<u64>().ok()?).ok()?)
            };
            let (_, factor, is_months) = units[at];
            if is_months {
                out.months = out.months.checked_add((value * factor) as i64)?;
            } else {
                out.seconds += value * factor;
            }
            parts += 1;
            start = end + 1;
        }
        Some(())
    };
    read(
        date_part,
        &[
            (b'Y', 12.0, true),
            (b'M', 1.0, true),
            (b'W', 604_800.0, false),
            (b'D', 86_400.0, false),
        ],
        0,
    )?;
    if let Some(t) = time_part {
        read(
            t,
            &[
                (b'H', 3_600.0, false),
                (b'M', 60.0, false),
                (b'S', 1.0, false),
            ],
            b'S',
        )?;
    }
    (parts > 0).then_some(out)
}

fn parse_unsigned_decimal(s: &str) -> Option<f64> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty()
        || !int.bytes().all(|c| c.is_ascii_digit())
        || !frac.bytes().all(|c| c.is_ascii_digit())
        || (s.contains('.') && frac.is_empty())
    {
        return None;
    }
    s.parse().ok()
}

/// One piece of a compiled strptime-style date/time pattern (`%d/%m/%Y`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum PatternItem {
    Literal(char),
    /// A space in the pattern matches one or more spaces.
    Space,
    Year4,
    Year2,
    Month,
    MonthAbbr,
    MonthName,
    Day,
    DayOfYear,
    Hour24,
    Hour12,
    Minute,
    Second,
    Fraction,
    AmPm,
    Offset,
    WeekdayAbbr,
    WeekdayName,
}

/// A strptime-style pattern as Table Schema `format` uses it for dates, times and
/// datetimes (`%d/%m/%Y`, `%Y-%m-%d %H:%M`, `%d %B %Y`), compiled once.
///
/// Directives: `%Y %y %m %b %B %d %j %H %I %p %M %S %f %z %a %A %%`; month and day names
/// are English. Numeric fields take one or two digits like Python's `strptime`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatePattern {
    items: Vec<PatternItem>,
    source: String,
}

/// What a [`DatePattern`] read from a cell; parts the pattern does not have are `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PatternParts {
    /// The calendar date, when the pattern has a year, month or day.
    pub date: Option<Date>,
    /// The time of day, when the pattern has an hour, minute or second.
    pub time: Option<Time>,
    /// The offset, when the pattern has `%z`.
    pub offset: Option<UtcOffset>,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

impl DatePattern {
    /// Compiles a pattern; the error names the directive that is not supported.
    pub fn new(pattern: &str) -> Result<Self, String> {
        let mut items = Vec::new();
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            let item = match c {
                '%' => match chars.next() {
                    Some('Y') => PatternItem::Year4,
                    Some('y') => PatternItem::Year2,
                    Some('m') => PatternItem::Month,
                    Some('b' | 'h') => PatternItem::MonthAbbr,
                    Some('B') => PatternItem::MonthName,
                    Some('d') => PatternItem::Day,
                    Some('j') => PatternItem::DayOfYear,
                    Some('H') => PatternItem::Hour24,
                    Some('I') => PatternItem::Hour12,
                    Some('p') => PatternItem::AmPm,
                    Some('M') => PatternItem::Minute,
                    Some('S') => PatternItem::Second,
                    Some('f') => PatternItem::Fraction,
                    Some('z') => PatternItem::Offset,
                    Some('a') => PatternItem::WeekdayAbbr,
                    Some('A') => PatternItem::WeekdayName,
                    Some('%') => PatternItem::Literal('%'),
                    Some(other) => return Err(format!("the directive %{other} is not supported")),
                    None => return Err("the pattern ends with a lone %".to_owned()),
                },
                ' ' => PatternItem::Space,
                other => PatternItem::Literal(other),
            };
            items.push(item);
        }
        if !items
            .iter()
            .any(|i| !matches!(i, PatternItem::Literal(_) | PatternItem::Space))
        {
            return Err("the pattern has no % directive".to_owned());
        }
        Ok(Self {
            items,
            source: pattern.to_owned(),
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the pattern reads a date part (year, month or day).
    pub fn has_date(&self) -> bool {
        self.items.iter().any(|i| {
            matches!(
                i,
                PatternItem::Year4
                    | PatternItem::Year2
                    | PatternItem::Month
                    | PatternItem::MonthAbbr
                    | PatternItem::MonthName
                    | PatternItem::Day
                    | PatternItem::DayOfYear
            )
        })
    }

    /// Whether the pattern reads a time part (hour, minute or second).
    pub fn has_time(&self) -> bool {
        self.items.iter().any(|i| {
            matches!(
                i,
                PatternItem::Hour24
                    | PatternItem::Hour12
                    | PatternItem::Minute
                    | PatternItem::Second
            )
        })
    }

    /// Reads a whole cell with the pattern; `None` when it does not fit or names an
    /// impossible date or time.
    pub fn parse(&self, s: &str) -> Option<PatternParts> {
        let b = s.as_bytes();
        let mut at = 0;
        let (mut year, mut month, mut day, mut yday) = (1900i32, 1u32, 1u32, None);
        let (mut hour, mut minute, mut second, mut micro) = (0u32, 0u32, 0u32, 0u32);
        let mut pm = None;
        let mut hour12 = false;
        let mut offset = None;
        let number = |at: &mut usize, max_len: usize| -> Option<u32> {
            let len = b[*at..]
                .iter()
                .take(max_len)
                .take_while(|c| c.is_ascii_digit())
                .count();
            let v = (len > 0).then(|| digits(&b[*at..], len)).flatten()?;
            *at += len;
            Some(v)
        };
        let word = |at: &mut usize, names: &[&str], abbr: bool| -> Option<u32> {
            let rest = s.get(*at..)?;
            for (i, name) in names.iter().enumerate() {
                let name = if abbr { name.get(..3)? } else { name };
                if rest
                    .get(..name.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(name))
                {
                    *at += name.len();
                    return u32::try_from(i + 1).ok();
                }
            }
            None
        };
        for item in &self.items {
            match item {
                PatternItem::Literal(c) => {
                    let mut buf = [0u8; 4];
                    let lit = c.encode_utf8(&mut buf).as_bytes();
                    if !b[at..].starts_with(lit) {
                        return None;
                    }
                    at += lit.len();
                }
                PatternItem::Space => {
                    let n = b[at..].iter().take_while(|&&c| c == b' ').count();
                    if n == 0 {
                        return None;
                    }
                    at += n;
                }
                PatternItem::Year4 => {
                    year = i32::try_from(digits(b.get(at..)?, 4)?).ok()?;
                    at += 4;
                }
                PatternItem::Year2 => {
                    let y = i32::try_from(digits(b.get(at..)?, 2)?).ok()?;
                    at += 2;
                    // Python's pivot: 69-99 are 1969-1999, 00-68 are 2000-2068.
                    year = if y >= 69 { 1900 + y } else { 2000 + y };
                }
                PatternItem::Month => month = number(&mut at, 2)?,
                PatternItem::MonthAbbr => month = word(&mut at, &MONTHS, true)?,
                PatternItem::MonthName => month = word(&mut at, &MONTHS, false)?,
                PatternItem::Day => day = number(&mut at, 2)?,
                PatternItem::DayOfYear => yday = Some(number(&mut at, 3)?),
                PatternItem::Hour24 => hour = number(&mut at, 2)?,
                PatternItem::Hour12 => {
                    hour = number(&mut at, 2)?;
                    hour12 = true;
                }
                PatternItem::Minute => minute = number(&mut at, 2)?,
                PatternItem::Second => second = number(&mut at, 2)?,
                PatternItem::Fraction => {
                    let len = b[at..]
                        .iter()
                        .take(6)
                        .take_while(|c| c.is_ascii_digit())
                        .count();
                    micro = fraction_micros(b.get(at..at + len)?)?;
                    at += len;
                }
                PatternItem::AmPm => {
                    let p = s.get(at..at + 2)?;
                    pm = Some(if p.eq_ignore_ascii_case("pm") {
                        true
                    } else if p.eq_ignore_ascii_case("am") {
                        false
                    } else {
                        return None;
                    });
                    at += 2;
                }
                PatternItem::Offset => {
                    let rest = s.get(at..)?;
                    let (o, used) = parse_pattern_offset(rest)?;
                    offset = Some(o);
                    at += used;
                }
                PatternItem::WeekdayAbbr => {
                    word(&mut at, &WEEKDAYS, true)?;
                }
                PatternItem::WeekdayName => {
                    word(&mut at, &WEEKDAYS, false)?;
                }
            }
        }
        if at != b.len() {
            return None;
        }
        if hour12 {
            if !(1..=12).contains(&hour) {
                return None;
            }
            hour = match (hour, pm) {
                (12, Some(false)) => 0,
                (12, _) => 12,
                (h, Some(true)) => h + 12,
                (h, _) => h,
            };
        }
        let date = if self.has_date() {
            Some(match yday {
                Some(d) => Date::from_ordinal_date(year, u16::try_from(d).ok()?).ok()?,
                None => make_date(u32::try_from(year).ok()?, month, day)?,
            })
        } else {
            None
        };
        let time = if self.has_time() {
            Some(
                Time::from_hms_micro(
                    u8::try_from(hour).ok()?,
                    u8::try_from(minute).ok()?,
                    u8::try_from(second).ok()?,
                    micro,
                )
                .ok()?,
            )
        } else {
            None
        };
        Some(PatternParts { date, time, offset })
    }
}

/// Reads `Z`, `±HHMM` or `±HH:MM` at the start of `s`; returns the offset and the bytes used.
fn parse_pattern_offset(s: &str) -> Option<(UtcOffset, usize)> {
    let b = s.as_bytes();
    if matches!(b.first(), Some(b'Z' | b'z')) {
        return Some((UtcOffset::UTC, 1));
    }
    let sign = match b.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours = i8::try_from(digits(b.get(1..)?, 2)?).ok()?;
    let (minutes, used) = if b.get(3) == Some(&b':') {
        (digits(b.get(4..)?, 2)?, 6)
    } else {
        (digits(b.get(3..)?, 2)?, 5)
    };
    let minutes = i8::try_from(minutes).ok()?;
    Some((
        UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()?,
        used,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_two_digit_year_takes_the_latest_century_allowed() {
        assert_eq!(
            with_four_digit_year("01/02/80", 2030).as_deref(),
            Some("01/02/1980")
        );
        assert_eq!(
            with_four_digit_year("01.02.30", 2030).as_deref(),
            Some("01.02.2030")
        );
        assert_eq!(
            with_four_digit_year("1-2-25", 2024).as_deref(),
            Some("1-2-1925")
        );
        assert_eq!(with_four_digit_year("1/2/1980", 2030), None);
        assert_eq!(with_four_digit_year("1/2/8", 2030), None);
        assert_eq!(with_four_digit_year("1/2/ab", 2030), None);
    }

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
        // A phone number in E.164 form keeps its `+`: it is text, not a number.
        assert_eq!(parse_integer("+442079460018"), None);
        assert_eq!(parse_number("+442079460018"), None);
        assert_eq!(parse_integer("+4420794600"), None);
        assert_eq!(parse_integer("+5"), Some(5));
        assert_eq!(parse_integer("+1234567"), Some(1_234_567));
        assert_eq!(parse_integer("442079460018"), Some(442_079_460_018));
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
    fn dates_with_a_month_name() {
        let read = |s: &str| {
            parse_named_month_date(s).map(|d| {
                (
                    (d.date.year(), u8::from(d.date.month()), d.date.day()),
                    d.separator,
                    d.names,
                )
            })
        };
        assert_eq!(
            read("31-May-2024"),
            Some(((2024, 5, 31), '-', MonthNames::Either))
        );
        assert_eq!(
            read("01-APR-2024"),
            Some(((2024, 4, 1), '-', MonthNames::Abbreviated))
        );
        assert_eq!(
            read("1 march 1985"),
            Some(((1985, 3, 1), ' ', MonthNames::Full))
        );
        assert_eq!(
            read("29 Feb 2024"),
            Some(((2024, 2, 29), ' ', MonthNames::Abbreviated))
        );
        for bad in [
            "29 Feb 2023",
            "31-Apr-2024",
            "01-Apr-24",
            "01 Sept 2024",
            "01-Marc-2024",
            "01 Apr-2024",
            "001-Apr-2024",
            "1-Avr-2024",
            "01-Apr-2024 10:00",
            "Apr 01 2024",
        ] {
            assert_eq!(read(bad), None, "{bad}");
        }
        assert_eq!(DateFormat::DayMonthAbbrYear.pattern('-'), "%d-%b-%Y");
        assert_eq!(DateFormat::DayMonthNameYear.pattern(' '), "%d %B %Y");
        // Each format reads its own notation, and `May`, which is both.
        assert!(DateFormat::DayMonthAbbrYear.read("1 March 2024").is_none());
        assert!(DateFormat::DayMonthNameYear.read("1 Mar 2024").is_none());
        assert!(DateFormat::DayMonthNameYear.read("1 May 2024").is_some());
        assert!(DateFormat::DayMonthAbbrYear.read("1-May-2024").is_some());
        // The pattern the format names reads the same dates.
        for (format, sep, cell) in [
            (DateFormat::DayMonthAbbrYear, '-', "07-Jun-2023"),
            (DateFormat::DayMonthNameYear, ' ', "7 June 2023"),
        ] {
            let pattern = DatePattern::new(&format.pattern(sep)).unwrap();
            assert_eq!(
                pattern.parse(cell).and_then(|p| p.date),
                format.read(cell),
                "{cell}"
            );
        }
    }

    #[test]
    fn numeric_date_times() {
        let d = parse_numeric_datetime("28/02/2023 14:30").unwrap();
        assert_eq!(d.clock, ClockNotation::HourMinute);
        let v = d.value(DateFormat::DayMonthYear).unwrap();
        assert_eq!(v.unix_micros(), 1_677_594_600_000_000);
        assert_eq!(d.value(DateFormat::MonthDayYear), None);
        let d = parse_numeric_datetime("02.03.2023 9:05:07").unwrap();
        assert_eq!(d.clock, ClockNotation::HourMinuteSecond);
        assert_eq!(
            d.value(DateFormat::MonthDayYear),
            None,
            "dots are day first only"
        );
        let v = d.value(DateFormat::DayMonthYear).unwrap();
        assert_eq!(
            (u8::from(v.local.month()), v.local.hour(), v.local.second()),
            (3, 9, 7)
        );
        let hour =
            |s: &str| parse_numeric_datetime(s).map(|d| (d.time.hour(), d.time.minute(), d.clock));
        assert_eq!(
            hour("02/28/2023 02:30:00 PM"),
            Some((14, 30, ClockNotation::HourMinuteSecond12))
        );
        assert_eq!(
            hour("02/28/2023 12:05 am"),
            Some((0, 5, ClockNotation::HourMinute12))
        );
        assert_eq!(
            hour("02/28/2023 12:05 PM"),
            Some((12, 5, ClockNotation::HourMinute12))
        );
        for bad in [
            "28/02/2023",
            "28/02/2023  14:30",
            "28/02/2023 14:30:05.5",
            "28/02/2023 14:30Z",
            "28/02/2023 13:30 PM",
            "28/02/2023 0:30 AM",
            "28/02/2023 24:30",
            "28/02/2023 14:3",
            "28/02/2023 143:30",
            "2023-02-28 14:30",
            "31/02/2023 14:30",
        ] {
            assert_eq!(parse_numeric_datetime(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbers_written_with_marks_groups_and_units() {
        let read = |s: &str, decimal: char| {
            parse_written_number(s, decimal).map(|d| {
                (
                    d.value,
                    d.shape.group.is_some(),
                    d.shape.unambiguous,
                    d.shape.unit,
                )
            })
        };
        assert_eq!(read("7,5", ','), Some((7.5, false, true, false)));
        assert_eq!(read("-1.234,56", ','), Some((-1234.56, true, true, false)));
        assert_eq!(read("+0,25", ','), Some((0.25, false, true, false)));
        assert_eq!(
            read("1.234.567", ','),
            Some((1_234_567.0, true, false, false))
        );
        assert_eq!(read("12", ','), Some((12.0, false, false, false)));
        // Three decimals read as a thousands group where the other mark groups them.
        assert_eq!(read("1,234", ','), Some((1.234, false, false, false)));
        assert_eq!(read("1,234", '.'), Some((1234.0, true, false, false)));
        assert_eq!(read("1.000,000", ','), Some((1000.0, true, true, false)));
        assert_eq!(read("1,234.56", '.'), Some((1234.56, true, true, false)));
        assert_eq!(read("7.5", '.'), Some((7.5, false, true, false)));
        assert_eq!(read("£1,234.56", '.'), Some((1234.56, true, true, true)));
        assert_eq!(read("£-3.20", '.'), Some((-3.2, false, true, true)));
        // Pounds and dollars settle the decimal point.
        assert_eq!(read("$ 12", '.'), Some((12.0, false, true, true)));
        assert_eq!(read("£12,500", '.'), Some((12500.0, true, true, true)));
        assert_eq!(read("£12,500", ','), Some((12.5, false, false, true)));
        assert_eq!(read("12,50 €", ','), Some((12.5, false, true, true)));
        assert_eq!(read("12.5%", '.'), Some((12.5, false, true, true)));
        // Thousands grouped by a space, plain, no-break or narrow no-break, as French and
        // Nordic spreadsheets write them; one mark per number.
        let group = |s: &str, decimal: char| {
            parse_written_number(s, decimal).map(|d| (d.value, d.shape.group, d.shape.unambiguous))
        };
        assert_eq!(group("1 234,5", ','), Some((1234.5, Some(' '), true)));
        assert_eq!(
            group("-12\u{a0}500,00", ','),
            Some((-12500.0, Some('\u{a0}'), true))
        );
        assert_eq!(
            group("1\u{202f}234\u{202f}567", '.'),
            Some((1_234_567.0, Some('\u{202f}'), false))
        );
        assert_eq!(group("1 234.5", '.'), Some((1234.5, Some(' '), true)));
        assert_eq!(group("1 234", ','), Some((1234.0, Some(' '), false)));
        assert_eq!(
            read("12\u{a0}500,00\u{a0}€", ','),
            Some((12500.0, true, true, true))
        );
        assert_eq!(read("£ 1 234.56", '.'), Some((1234.56, true, true, true)));
        for (bad, decimal) in [
            ("", ','),
            ("-", ','),
            (",5", ','),
            ("7,", ','),
            ("7,5,1", ','),
            ("1.23,4", ','),
            ("1234.567,8", ','),
            ("0.123,4", ','),
            ("07,5", ','),
            ("1,2e3", ','),
            ("1.234.56", ','),
            ("7.5", ','),
            ("7,5", '.'),
            ("1 234.5", ','),
            ("1 234,5", '.'),
            ("1 234.567,8", ','),
            ("12 34", ','),
            ("1234 567", ','),
            ("1 2345", ','),
            ("01 234", ','),
            ("1 234 ", ','),
            (" 1 234", ','),
            ("1  234", ','),
            ("1 234\u{a0}567", ','),
            ("1,234.5.6", '.'),
            // frictionless keeps a sign before the currency sign, and so cannot read it.
            ("-£3.20", '.'),
            ("£12 %", '.'),
            ("€", ','),
            ("12 EUR", ','),
        ] {
            assert_eq!(parse_written_number(bad, decimal), None, "{bad}");
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
        assert!(has_thousands_separator("12 345"));
        assert!(has_thousands_separator("12\u{a0}345,5"));
        assert!(has_thousands_separator("1\u{202f}234\u{202f}567"));
        assert!(!has_thousands_separator("1.234,5"));
        assert!(!has_thousands_separator("£1,234.56"));
        assert!(!has_thousands_separator("12 34"));
    }
}

#[cfg(test)]
mod schema_parser_tests {
    use super::*;

    #[test]
    fn schema_integers_accept_leading_zeros() {
        assert_eq!(parse_schema_integer("007"), Some(7));
        assert_eq!(parse_schema_integer("+7"), Some(7));
        assert_eq!(parse_schema_integer("-0"), Some(0));
        for bad in ["", "-", "1.0", "1e3", " 1", "99999999999999999999", "0x10"] {
            assert_eq!(parse_schema_integer(bad), None, "{bad}");
        }
    }

    #[test]
    fn schema_numbers() {
        assert_eq!(parse_schema_number("007.5"), Some(7.5));
        assert_eq!(parse_schema_number("1e3"), Some(1000.0));
        assert!(parse_schema_number("NaN").is_some_and(f64::is_nan));
        assert_eq!(parse_schema_number("-INF"), Some(f64::NEG_INFINITY));
        for bad in [
            "inf", "nan", "infinity", "1,5", "", ".", "1e", "--1", "1 000",
        ] {
            assert_eq!(parse_schema_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn years_and_yearmonths() {
        assert_eq!(parse_year("2024"), Some(2024));
        assert_eq!(parse_year("0999"), Some(999));
        for bad in ["24", "20245", "-200", "abcd"] {
            assert_eq!(parse_year(bad), None, "{bad}");
        }
        assert_eq!(parse_yearmonth("2024-05"), Some((2024, 5)));
        for bad in ["2024-13", "2024-00", "2024-5", "202405", "2024/05"] {
            assert_eq!(parse_yearmonth(bad), None, "{bad}");
        }
    }

    #[test]
    fn durations() {
        let d = parse_duration("P1Y2M10DT2H30M").unwrap();
        assert_eq!(d.months, 14);
        assert_eq!(d.seconds, 10.0 * 86_400.0 + 2.0 * 3_600.0 + 30.0 * 60.0);
        assert_eq!(parse_duration("PT0.5S").unwrap().seconds, 0.5);
        assert_eq!(parse_duration("P3W").unwrap().seconds, 3.0 * 604_800.0);
        assert_eq!(parse_duration("PT5M").unwrap().seconds, 300.0);
        for bad in [
            "P", "PT", "P1", "1Y", "P1H", "PT1Y", "P1M1Y", "P1.5Y", "P1YT", "PT1S2M", "P-1D",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn date_patterns() {
        let p = DatePattern::new("%d/%m/%Y").unwrap();
        let parts = p.parse("31/05/2024").unwrap();
        assert_eq!(parts.date, make_date(2024, 5, 31));
        assert!(parts.time.is_none());
        assert!(p.parse("1/5/2024").is_some());
        for bad in [
            "2024-05-31",
            "31/05/24",
            "32/05/2024",
            "31/05/2024 ",
            "31/13/2024",
        ] {
            assert!(p.parse(bad).is_none(), "{bad}");
        }
        let p = DatePattern::new("%d %B %Y").unwrap();
        assert_eq!(p.parse("3 june 2024").unwrap().date, make_date(2024, 6, 3));
        let p = DatePattern::new("%y%m%d").unwrap();
        assert_eq!(p.parse("690101").unwrap().date, make_date(1969, 1, 1));
        assert_eq!(p.parse("680101").unwrap().date, make_date(2068, 1, 1));
        let p = DatePattern::new("%I:%M %p").unwrap();
        assert_eq!(
            p.parse("12:30 AM").unwrap().time,
            Time::from_hms(0, 30, 0).ok()
        );
        assert_eq!(
            p.parse("1:05 pm").unwrap().time,
            Time::from_hms(13, 5, 0).ok()
        );
        assert!(p.parse("13:05 pm").is_none());
        let p = DatePattern::new("%Y-%m-%dT%H:%M:%S.%f%z").unwrap();
        let parts = p.parse("2024-05-31T10:00:00.25+0200").unwrap();
        assert_eq!(parts.time, Time::from_hms_micro(10, 0, 0, 250_000).ok());
        assert_eq!(parts.offset, UtcOffset::from_hms(2, 0, 0).ok());
        assert_eq!(
            DatePattern::new("%d/%Q").unwrap_err(),
            "the directive %Q is not supported"
        );
        assert_eq!(
            DatePattern::new("dd/mm/yyyy").unwrap_err(),
            "the pattern has no % directive"
        );
        assert_eq!(
            DatePattern::new("%Y%").unwrap_err(),
            "the pattern ends with a lone %"
        );
    }

    proptest::proptest! {
        /// The hand-written shape checks accept exactly what the Table Schema grammar
        /// (written here as a regular expression) accepts, on strings made of the bytes
        /// that matter, bar one deliberate exception: a `+` and 8 to 15 digits is a phone
        /// number in E.164 form and stays text.
        #[test]
        fn number_and_integer_shapes_match_their_grammar(
            cell in proptest::collection::vec(
                proptest::sample::select(b"0123456789.eE+-x ".to_vec()), 0..12)
        ) {
            let number = regex::Regex::new(
                r"^[+-]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$",
            ).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            let integer = regex::Regex::new(r"^[+-]?(?:0|[1-9][0-9]*)$")
                .map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            let e164 = regex::Regex::new(r"^\+[0-9]{8,15}$")
                .map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            let cell = String::from_utf8(cell).unwrap_or_default();
            let phone = e164.is_match(&cell);
            let is_number = number.is_match(&cell) && !phone;
            proptest::prop_assert_eq!(is_number_text(&cell), is_number, "{:?}", cell);
            proptest::prop_assert_eq!(is_integer_text(&cell), integer.is_match(&cell) && !phone, "{:?}", cell);
            proptest::prop_assert_eq!(parse_number(&cell).is_some(), is_number);
        }

        /// The written-number reader accepts exactly its grammar with either decimal
        /// mark, and its value is the one the same digits give with a decimal point and no
        /// groups or units.
        #[test]
        fn written_number_shape_matches_its_grammar(
            cell in proptest::prop_oneof![
                proptest::strategy::Strategy::prop_map(
                    proptest::collection::vec(
                        proptest::sample::select(b"0123456789.,+-e %".to_vec()), 0..14),
                    |b| String::from_utf8(b).unwrap_or_default()),
                // Near misses of the grammar: groups of two to four digits, any lead.
                proptest::string::string_regex(
                    "(£|\\$)?[+-]?[0-9]{1,4}([., \u{a0}][0-9]{2,4}){0,3}([.,][0-9]{0,4})?[.,]?([ \u{a0}]?[%€])?",
                )
                .expect("a valid pattern"),
            ],
            comma in proptest::bool::ANY,
        ) {
            let (decimal, group) = if comma { (',', '.') } else { ('.', ',') };
            let grammar = regex::Regex::new(&format!(
                r"^(?:[£$€¥][ \u{{a0}}\u{{202f}}]?[+-]?|[+-]?)(?:0|[1-9][0-9]*|[1-9][0-9]{{0,2}}(?P<groups>(?:\{group}[0-9]{{3}})+|(?: [0-9]{{3}})+|(?:\u{{a0}}[0-9]{{3}})+|(?:\u{{202f}}[0-9]{{3}})+))(?:\{decimal}[0-9]+)?(?:[ \u{{a0}}\u{{202f}}]?[%€])?$",
            ))
            .map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            let units = regex::Regex::new(r"^[£$€¥].*[%€]$")
                .map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            let read = parse_written_number(&cell, decimal);
            let captures = grammar.captures(&cell);
            let expected = captures.is_some() && !units.is_match(&cell);
            proptest::prop_assert_eq!(read.is_some(), expected, "{:?}", cell);
            let expected_group = captures
                .and_then(|c| c.name("groups"))
                .and_then(|g| g.as_str().chars().next());
            if let Some(d) = read {
                let digits: String = cell
                    .chars()
                    .filter_map(|c| match c {
                        '0'..='9' | '-' => Some(c),
                        c if c == decimal => Some('.'),
                        _ => None,
                    })
                    .collect();
                proptest::prop_assert_eq!(d.shape.group, expected_group, "{:?}", cell);
                let plain: f64 = digits.parse().map_err(|e: std::num::ParseFloatError| {
                    proptest::test_runner::TestCaseError::fail(e.to_string())
                })?;
                proptest::prop_assert_eq!(d.value, plain);
            }
        }
    }
}
