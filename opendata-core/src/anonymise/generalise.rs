//! Generalisation of single values: dates, ages, numbers, UK postcodes, coordinates.
//! Each function returns `None` when the value cannot be read as what it should be; the
//! caller blanks such a cell rather than publish it unchanged.

use time::Date;

use super::policy::{DateLevel, PostcodeLevel};

/// A date cut to month (`2024-05`), quarter (`2024-Q2`) or year (`2024`).
pub fn date(d: Date, level: DateLevel) -> String {
    let mut s = String::with_capacity(7);
    write_date_level(&mut s, d, level);
    s
}

/// Writes [`date`] into `out` without an intermediate string.
pub(crate) fn write_date_level(out: &mut String, d: Date, level: DateLevel) {
    use std::fmt::Write as _;
    let m = u8::from(d.month());
    let _ = match level {
        DateLevel::Month => write!(out, "{:04}-{m:02}", d.year()),
        DateLevel::Quarter => write!(out, "{:04}-Q{}", d.year(), (m - 1) / 3 + 1),
        DateLevel::Year => write!(out, "{:04}", d.year()),
    };
}

/// Completed years between a date of birth and a reference date; `None` when the birth is
/// after the reference date.
pub fn age(birth: Date, at: Date) -> Option<u32> {
    if birth > at {
        return None;
    }
    let mut years = at.year() - birth.year();
    if (u8::from(at.month()), at.day()) < (u8::from(birth.month()), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

/// The band of `width` years an age falls in (`30-39` for width 10); ages at or above `top`
/// form one open band (`90+`).
pub fn age_band(age: u32, width: u32, top: Option<u32>) -> String {
    if let Some(t) = top {
        if age >= t {
            return format!("{t}+");
        }
    }
    let width = width.max(1);
    let low = age / width * width;
    let high = low.saturating_add(width - 1);
    match top {
        Some(t) if high >= t => format!("{low}-{}", t.saturating_sub(1)),
        _ if width == 1 => format!("{low}"),
        _ => format!("{low}-{high}"),
    }
}

/// The half-open interval of `width` a number falls in, `[20,30)`.
pub fn bin(x: f64, width: f64, origin: f64) -> Option<String> {
    if !x.is_finite() {
        return None;
    }
    let i = ((x - origin) / width).floor();
    let low = origin + i * width;
    let high = low + width;
    Some(format!("[{},{})", number_text(low), number_text(high)))
}

/// `x` rounded to the nearest multiple of `base` (halves away from zero).
pub fn round_to(x: f64, base: f64) -> f64 {
    let r = (x / base).round() * base;
    // Rounding to 0.1 gives 0.30000000000000004; cut the noise the base cannot have.
    let decimals = decimals_of(base);
    let p = 10f64.powi(decimals as i32);
    let r = (r * p).round() / p;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// How many decimals a rounding base has (0.25 -> 2), at most 10.
pub fn decimals_of(base: f64) -> u32 {
    (0..=10u32)
        .find(|&d| {
            let p = 10f64.powi(d as i32);
            ((base * p).round() - base * p).abs() < 1e-9
        })
        .unwrap_or(10)
}

/// A number as short text: integers without `.0`.
pub fn number_text(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A number written with exactly `decimals` decimals.
pub fn fixed(x: f64, decimals: u32) -> String {
    let s = format!("{x:.*}", decimals as usize);
    // `-0.000` carries a sign that says nothing.
    if s.starts_with('-') && s[1..].bytes().all(|b| b == b'0' || b == b'.') {
        s[1..].to_owned()
    } else {
        s
    }
}

/// A UK postcode cut to the given level; `None` when the text is not a postcode.
///
/// ```
/// use opendata_core::anonymise::{generalise::postcode, PostcodeLevel};
/// assert_eq!(postcode("sw1a 1aa", PostcodeLevel::Sector).as_deref(), Some("SW1A 1"));
/// assert_eq!(postcode("SW1A1AA", PostcodeLevel::District).as_deref(), Some("SW1A"));
/// assert_eq!(postcode("M1 1AE", PostcodeLevel::Area).as_deref(), Some("M"));
/// assert_eq!(postcode("12345", PostcodeLevel::Area), None);
/// ```
pub fn postcode(text: &str, level: PostcodeLevel) -> Option<String> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let (outward, inward) = if compact.len() >= 5 {
        let split = compact.len() - 3;
        let inward = compact.get(split..)?;
        let b = inward.as_bytes();
        if b[0].is_ascii_digit() && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphabetic() {
            (compact.get(..split)?, Some(inward))
        } else {
            return None;
        }
    } else {
        (compact.as_str(), None)
    };
    if !valid_outward(outward) {
        return None;
    }
    Some(match level {
        PostcodeLevel::Sector => format!("{outward} {}", inward?.get(..1)?),
        PostcodeLevel::District | PostcodeLevel::Outward => outward.to_owned(),
        PostcodeLevel::Area => outward
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect(),
    })
}

/// The outward code shapes: A9, A99, AA9, AA99, A9A, AA9A.
fn valid_outward(s: &str) -> bool {
    let b = s.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    if !(1..=2).contains(&letters) {
        return false;
    }
    let rest = &b[letters..];
    match rest {
        [d] => d.is_ascii_digit(),
        [d, x] => d.is_ascii_digit() && (x.is_ascii_digit() || x.is_ascii_alphabetic()),
        _ => false,
    }
}

/// A coordinate, a `lat,lon` pair (bracketed too: `(41.8781, -87.6298)`) or a WKT point
/// (`POINT (-87.6298 41.8781)`), rounded to `decimals` decimals and written as it came.
pub fn coordinates(text: &str, decimals: u32) -> Option<String> {
    let text = text.trim();
    if let Some(rest) = text
        .get(..5)
        .filter(|p| p.eq_ignore_ascii_case("point"))
        .and_then(|_| text.get(5..))
    {
        let inner = rest.trim_start().strip_prefix('(')?.strip_suffix(')')?;
        let mut parts = inner.split_ascii_whitespace();
        let (x, y) = (parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let (x, y) = (coordinate(x, decimals)?, coordinate(y, decimals)?);
        return Some(format!("POINT ({x} {y})"));
    }
    let (inner, bracketed) = match text.strip_prefix('(').and_then(|i| i.strip_suffix(')')) {
        Some(inner) => (inner, true),
        None => (text, false),
    };
    let parts = inner
        .split(',')
        .map(|part| coordinate(part, decimals))
        .collect::<Option<Vec<String>>>()?;
    match (parts.len(), bracketed) {
        (1 | 2, false) => Some(parts.join(",")),
        (2, true) => Some(format!("({})", parts.join(", "))),
        _ => None,
    }
}

/// One coordinate rounded to `decimals` decimals.
fn coordinate(text: &str, decimals: u32) -> Option<String> {
    let v: f64 = text.trim().parse().ok()?;
    (v.is_finite() && v.abs() <= 180.0).then(|| fixed(v, decimals))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates() {
        let d = date!(2024 - 05 - 31);
        assert_eq!(date(d, DateLevel::Month), "2024-05");
        assert_eq!(date(d, DateLevel::Quarter), "2024-Q2");
        assert_eq!(date(date!(2024 - 12 - 01), DateLevel::Quarter), "2024-Q4");
        assert_eq!(date(d, DateLevel::Year), "2024");
    }

    #[test]
    fn ages_count_completed_years() {
        assert_eq!(age(date!(1990 - 06 - 15), date!(2025 - 06 - 14)), Some(34));
        assert_eq!(age(date!(1990 - 06 - 15), date!(2025 - 06 - 15)), Some(35));
        assert_eq!(age(date!(2026 - 01 - 01), date!(2025 - 06 - 15)), None);
        assert_eq!(age_band(34, 10, None), "30-39");
        assert_eq!(age_band(34, 5, None), "30-34");
        assert_eq!(age_band(93, 10, Some(90)), "90+");
        assert_eq!(age_band(87, 10, Some(85)), "85+");
        assert_eq!(age_band(84, 10, Some(85)), "80-84");
    }

    #[test]
    fn numbers() {
        assert_eq!(bin(25.0, 10.0, 0.0).as_deref(), Some("[20,30)"));
        assert_eq!(bin(-1.0, 10.0, 0.0).as_deref(), Some("[-10,0)"));
        assert_eq!(bin(2.5, 0.5, 0.0).as_deref(), Some("[2.5,3)"));
        assert_eq!(round_to(1234.0, 100.0), 1200.0);
        assert_eq!(round_to(0.26, 0.1), 0.3);
        assert_eq!(round_to(-0.01, 1.0), 0.0);
        assert_eq!(fixed(-0.0001, 2), "0.00");
    }

    #[test]
    fn postcodes() {
        assert_eq!(
            postcode("EC1A 1BB", PostcodeLevel::Sector).as_deref(),
            Some("EC1A 1")
        );
        assert_eq!(
            postcode("W1A 0AX", PostcodeLevel::District).as_deref(),
            Some("W1A")
        );
        assert_eq!(
            postcode("B33 8TH", PostcodeLevel::Area).as_deref(),
            Some("B")
        );
        assert_eq!(
            postcode("CR2 6XH", PostcodeLevel::Outward).as_deref(),
            Some("CR2")
        );
        assert_eq!(
            postcode("DN55 1PT", PostcodeLevel::Sector).as_deref(),
            Some("DN55 1")
        );
        assert_eq!(
            postcode("SW1A", PostcodeLevel::District).as_deref(),
            Some("SW1A")
        );
        assert_eq!(postcode("SW1A", PostcodeLevel::Sector), None);
        assert_eq!(postcode("not a postcode", PostcodeLevel::Area), None);
        assert_eq!(postcode("", PostcodeLevel::Area), None);
    }

    #[test]
    fn coordinates_round() {
        assert_eq!(coordinates("51.501364", 3).as_deref(), Some("51.501"));
        assert_eq!(
            coordinates("51.5014, -0.14189", 2).as_deref(),
            Some("51.50,-0.14")
        );
        assert_eq!(coordinates("north", 2), None);
        assert_eq!(coordinates("1,2,3", 2), None);
        assert_eq!(
            coordinates("(41.878113, -87.629799)", 2).as_deref(),
            Some("(41.88, -87.63)")
        );
        assert_eq!(
            coordinates("POINT (-87.629799 41.878113)", 3).as_deref(),
            Some("POINT (-87.630 41.878)")
        );
        assert_eq!(coordinates("POINT (-87.6 41.8 3)", 2), None);
        assert_eq!(coordinates("(41.87)", 2), None);
    }
}
