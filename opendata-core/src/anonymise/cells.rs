//! Reading the cells of an Arrow column as text, whatever its type, so that every operator
//! sees one canonical rendering of a value (a pseudonym of `7` is the same whether the column
//! arrived as Int64 or as text).

use std::borrow::Cow;
use std::fmt::Write as _;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type,
    UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;
use time::Date;

/// The family of a column's Arrow type, as far as the operators care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Utf8 / LargeUtf8 / Utf8View: anything can be in it; cells are parsed per operator.
    Text,
    /// Signed or unsigned integers.
    Integer,
    /// Floating point.
    Float,
    /// Date32 / Date64.
    Date,
    /// Boolean.
    Boolean,
}

/// The kind of a data type, or `None` when the anonymiser cannot read it.
pub(crate) fn kind_of(dt: &DataType) -> Option<Kind> {
    Some(match dt {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Kind::Text,
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64 => Kind::Integer,
        DataType::Float32 | DataType::Float64 => Kind::Float,
        DataType::Date32 | DataType::Date64 | DataType::Timestamp(_, _) => Kind::Date,
        // Times of day are opaque text to the operators.
        DataType::Time32(_) | DataType::Time64(_) => Kind::Text,
        DataType::Boolean => Kind::Boolean,
        DataType::Null => Kind::Text,
        _ => return None,
    })
}

/// Days between 0000-03-01-based Julian day numbering and the Unix epoch.
const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

/// The calendar date of a Date32 value (days since 1970-01-01).
pub(crate) fn date_from_days(days: i32) -> Option<Date> {
    Date::from_julian_day(days.checked_add(UNIX_EPOCH_JULIAN_DAY)?).ok()
}

/// Reads cells of one column as text. Built once per batch and column.
pub(crate) struct Cells<'a> {
    array: &'a dyn Array,
    buf: String,
}

impl<'a> Cells<'a> {
    pub(crate) fn new(array: &'a ArrayRef) -> Self {
        Self {
            array: array.as_ref(),
            buf: String::new(),
        }
    }

    /// Number of cells.
    pub(crate) fn len(&self) -> usize {
        self.array.len()
    }

    /// The cell at `i` as text; `None` for a null. Types the anonymiser cannot read were
    /// refused when the plan was made, so they read as null here.
    pub(crate) fn get(&mut self, i: usize) -> Option<Cow<'_, str>> {
        let a = self.array;
        if i >= a.len() || a.is_null(i) {
            return None;
        }
        self.buf.clear();
        let b = &mut self.buf;
        macro_rules! prim {
            ($t:ty) => {{
                let _ = write!(b, "{}", a.as_primitive::<$t>().value(i));
            }};
        }
        match a.data_type() {
            DataType::Utf8 => return Some(Cow::Borrowed(a.as_string::<i32>().value(i))),
            DataType::LargeUtf8 => return Some(Cow::Borrowed(a.as_string::<i64>().value(i))),
            DataType::Utf8View => return Some(Cow::Borrowed(a.as_string_view().value(i))),
            DataType::Int8 => prim!(Int8Type),
            DataType::Int16 => prim!(Int16Type),
            DataType::Int32 => prim!(Int32Type),
            DataType::Int64 => prim!(Int64Type),
            DataType::UInt8 => prim!(UInt8Type),
            DataType::UInt16 => prim!(UInt16Type),
            DataType::UInt32 => prim!(UInt32Type),
            DataType::UInt64 => prim!(UInt64Type),
            DataType::Float32 => prim!(Float32Type),
            DataType::Float64 => prim!(Float64Type),
            DataType::Boolean => {
                let _ = write!(b, "{}", a.as_boolean().value(i));
            }
            DataType::Date32 => {
                let days = a.as_primitive::<arrow_array::types::Date32Type>().value(i);
                write_date(b, date_from_days(days)?);
            }
            DataType::Date64 => {
                let ms = a.as_primitive::<arrow_array::types::Date64Type>().value(i);
                let days = i32::try_from(ms.div_euclid(86_400_000)).ok()?;
                write_date(b, date_from_days(days)?);
            }
            // Date-times and times are written as the table module writes them to CSV.
            _ => {
                if !crate::table::format_value(a, i, b).unwrap_or(false) {
                    return None;
                }
            }
        }
        Some(Cow::Borrowed(self.buf.as_str()))
    }

    /// Whether the cell at `i` is null, or text with nothing but whitespace. Typed cells are
    /// not rendered to answer it.
    pub(crate) fn is_blank(&mut self, i: usize) -> bool {
        let a = self.array;
        if i >= a.len() || a.is_null(i) {
            return true;
        }
        match a.data_type() {
            DataType::Utf8 => a.as_string::<i32>().value(i).trim().is_empty(),
            DataType::LargeUtf8 => a.as_string::<i64>().value(i).trim().is_empty(),
            DataType::Utf8View => a.as_string_view().value(i).trim().is_empty(),
            _ => false,
        }
    }

    /// The cell at `i` as a number when the column is numeric or the text parses as one.
    pub(crate) fn number(&mut self, i: usize) -> Option<f64> {
        let a = self.array;
        if i >= a.len() || a.is_null(i) {
            return None;
        }
        macro_rules! prim {
            ($t:ty) => {
                a.as_primitive::<$t>().value(i) as f64
            };
        }
        Some(match a.data_type() {
            DataType::Int8 => prim!(Int8Type),
            DataType::Int16 => prim!(Int16Type),
            DataType::Int32 => prim!(Int32Type),
            DataType::Int64 => prim!(Int64Type),
            DataType::UInt8 => prim!(UInt8Type),
            DataType::UInt16 => prim!(UInt16Type),
            DataType::UInt32 => prim!(UInt32Type),
            DataType::UInt64 => prim!(UInt64Type),
            DataType::Float32 => prim!(Float32Type),
            DataType::Float64 => prim!(Float64Type),
            _ => return parse_number_text(self.get(i)?.trim()),
        })
    }

    /// The cell at `i` as a calendar date when the column holds dates or the text reads as one.
    pub(crate) fn date(&mut self, i: usize) -> Option<Date> {
        let a = self.array;
        if i >= a.len() || a.is_null(i) {
            return None;
        }
        match a.data_type() {
            DataType::Date32 => {
                date_from_days(a.as_primitive::<arrow_array::types::Date32Type>().value(i))
            }
            DataType::Date64 => {
                let ms = a.as_primitive::<arrow_array::types::Date64Type>().value(i);
                date_from_days(i32::try_from(ms.div_euclid(86_400_000)).ok()?)
            }
            _ => parse_date_text(self.get(i)?.trim()),
        }
    }

    /// The cell at `i` as a date of birth: [`date`](Self::date), or for text a numeric date
    /// with a two-digit year (see [`parse_birth_date_text`]).
    pub(crate) fn birth_date(&mut self, i: usize, at: Date) -> Option<Date> {
        self.date(i).or_else(|| match self.array.data_type() {
            DataType::Date32 | DataType::Date64 => None,
            _ => short_year_birth_date(self.get(i)?.trim(), at),
        })
    }
}

/// Writes a date as ISO `YYYY-MM-DD`.
pub(crate) fn write_date(out: &mut String, d: Date) {
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}",
        d.year(),
        u8::from(d.month()),
        d.day()
    );
}

/// A number in a text cell: plain decimals, with a leading zero allowed (ages such as `07`),
/// or a number written with groups, a unit or a decimal comma where only one decimal mark
/// reads it (`£1,234.50`, `7,5`; not `1,234`).
pub(crate) fn parse_number_text(s: &str) -> Option<f64> {
    use crate::table::types::{parse_number, parse_written_number};
    if let Some(n) = parse_number(s) {
        return Some(n);
    }
    let settled = |decimal| {
        parse_written_number(s, decimal)
            .filter(|d| d.shape.unambiguous || (d.shape.unit && d.shape.group.is_none()))
    };
    if let Some(d) = settled('.').or_else(|| settled(',')) {
        return Some(d.value);
    }
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return s.parse().ok().filter(|n: &f64| n.is_finite());
    }
    None
}

/// A date in a text cell: ISO, `YYYY/MM/DD`, day-first `DD/MM/YYYY` (UK and EU order, tried
/// before month-first), or the date part of an ISO date-time.
pub(crate) fn parse_date_text(s: &str) -> Option<Date> {
    use crate::table::types;
    if let Some(d) = types::parse_iso_date(s) {
        return Some(d);
    }
    if let Some(d) = types::parse_slash_ymd(s) {
        return Some(d);
    }
    if let Some(r) = types::parse_numeric_date(s) {
        return r.day_first.or(r.month_first);
    }
    if s.len() > 10 && matches!(s.as_bytes().get(10), Some(b'T' | b' ')) {
        return types::parse_iso_date(s.get(..10)?);
    }
    None
}

/// A date of birth in a text cell: any date [`parse_date_text`] reads, or a numeric date
/// with a two-digit year (`01/02/80`, as forms ask for it) in the latest century that puts
/// it no later than `at`: nobody is born after the reference date.
pub(crate) fn parse_birth_date_text(s: &str, at: Date) -> Option<Date> {
    parse_date_text(s).or_else(|| short_year_birth_date(s, at))
}

/// The two-digit-year reading of [`parse_birth_date_text`]: the year ending in those digits
/// that is `at`'s, or the one before it when that would put the date after `at`.
fn short_year_birth_date(s: &str, at: Date) -> Option<Date> {
    [at.year(), at.year() - 1]
        .into_iter()
        .filter_map(|latest| {
            parse_date_text(&crate::table::types::with_four_digit_year(s, latest)?)
        })
        .find(|d| *d <= at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{Date32Array, Int64Array, StringArray};
    use std::sync::Arc;

    #[test]
    fn renders_typed_values_canonically() {
        let ints: ArrayRef = Arc::new(Int64Array::from(vec![Some(7), None]));
        let mut c = Cells::new(&ints);
        assert_eq!(c.get(0).as_deref(), Some("7"));
        assert_eq!(c.get(1), None);
        let dates: ArrayRef = Arc::new(Date32Array::from(vec![19_723]));
        let mut c = Cells::new(&dates);
        assert_eq!(c.get(0).as_deref(), Some("2024-01-01"));
        assert_eq!(
            c.date(0),
            Date::from_calendar_date(2024, time::Month::January, 1).ok()
        );
    }

    #[test]
    fn reads_dates_and_numbers_from_text() {
        let text: ArrayRef = Arc::new(StringArray::from(vec![
            "31/05/1980",
            "1980-05-31",
            "07",
            "x",
        ]));
        let mut c = Cells::new(&text);
        assert_eq!(c.date(0), c.date(1));
        assert!(c.date(0).is_some());
        assert_eq!(c.number(2), Some(7.0));
        assert_eq!(c.number(3), None);
        assert_eq!(c.date(3), None);
    }

    #[test]
    fn a_birth_date_with_a_two_digit_year_is_never_after_the_reference_date() {
        let day = |y, m, d| Date::from_calendar_date(y, m, d).ok();
        let at = day(2025, time::Month::January, 1).unwrap();
        let text: ArrayRef = Arc::new(StringArray::from(vec![
            "01/02/80", "15.07.24", "15.07.25", "31/02/80", "1/2/8", "v1.2",
        ]));
        let mut c = Cells::new(&text);
        assert_eq!(c.birth_date(0, at), day(1980, time::Month::February, 1));
        assert_eq!(c.birth_date(1, at), day(2024, time::Month::July, 15));
        // Mid-2025 is after the reference date: the century before.
        assert_eq!(c.birth_date(2, at), day(1925, time::Month::July, 15));
        assert_eq!(c.birth_date(3, at), None);
        assert_eq!(c.birth_date(4, at), None);
        assert_eq!(c.birth_date(5, at), None);
        // Other date operators do not read two-digit years.
        assert_eq!(c.date(0), None);
    }
}
