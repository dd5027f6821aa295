//! Reading a cell's text as a typed value of its field, and what a value is compared by.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, DefaultHasher, Hasher};

use serde_json::Value as Json;
use time::{Date, Time};

use crate::table::types::{
    has_thousands_separator, parse_datetime, parse_duration, parse_iso_date, parse_numeric_date,
    parse_schema_integer, parse_schema_number, parse_slash_ymd, parse_time, parse_year,
    parse_yearmonth, DatePattern, DateTimeValue, IsoDuration,
};

/// A cell read with its field's type. Strings borrow the cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    Text(&'a str),
    Integer(i64),
    Number(f64),
    Boolean(bool),
    Date(Date),
    Time(Time),
    Datetime(DateTimeValue),
    Year(i32),
    Yearmonth(i32, u8),
    Duration(IsoDuration),
    Geopoint(f64, f64),
    Json(Json),
    List(Vec<Value<'a>>),
}

/// What `minimum` / `maximum` compare: the ordered part of a value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum OrderKey {
    Integer(i64),
    Number(f64),
    Date(Date),
    Time(Time),
    /// Microseconds since the epoch; a datetime without offset is taken as UTC.
    Datetime(i64),
    Year(i32),
    Yearmonth(i32, u8),
}

impl OrderKey {
    pub(crate) fn compare(&self, other: &OrderKey) -> Option<Ordering> {
        use OrderKey::*;
        match (self, other) {
            (Integer(a), Integer(b)) => Some(a.cmp(b)),
            (Number(a), Number(b)) => a.partial_cmp(b),
            (Date(a), Date(b)) => Some(a.cmp(b)),
            (Time(a), Time(b)) => Some(a.cmp(b)),
            (Datetime(a), Datetime(b)) => Some(a.cmp(b)),
            (Year(a), Year(b)) => Some(a.cmp(b)),
            (Yearmonth(a, m), Yearmonth(b, n)) => Some((a, m).cmp(&(b, n))),
            _ => None,
        }
    }
}

impl Value<'_> {
    pub(crate) fn order_key(&self) -> Option<OrderKey> {
        Some(match self {
            Value::Integer(v) => OrderKey::Integer(*v),
            Value::Number(v) => OrderKey::Number(*v),
            Value::Date(v) => OrderKey::Date(*v),
            Value::Time(v) => OrderKey::Time(*v),
            Value::Datetime(v) => OrderKey::Datetime(v.unix_micros()),
            Value::Year(v) => OrderKey::Year(*v),
            Value::Yearmonth(y, m) => OrderKey::Yearmonth(*y, *m),
            _ => return None,
        })
    }

    /// The length `minLength` / `maxLength` compare: characters of a string, items of a
    /// list, array or object.
    pub(crate) fn length(&self) -> Option<u64> {
        let n = match self {
            Value::Text(s) => s.chars().count(),
            Value::List(items) => items.len(),
            Value::Json(Json::Array(a)) => a.len(),
            Value::Json(Json::Object(o)) => o.len(),
            _ => return None,
        };
        u64::try_from(n).ok()
    }

    /// Feeds the normalised value to `h`: equal values (`1.0` and `1` in a number field,
    /// two spellings of the same instant) feed the same bytes.
    pub(crate) fn feed(&self, h: &mut Hash128) {
        match self {
            Value::Text(s) => {
                h.tag(1);
                h.bytes(s.as_bytes());
            }
            Value::Integer(v) => {
                h.tag(2);
                h.bytes(&v.to_le_bytes());
            }
            Value::Number(v) => {
                h.tag(3);
                h.bytes(&normal_float_bits(*v).to_le_bytes());
            }
            Value::Boolean(v) => h.tag(if *v { 5 } else { 4 }),
            Value::Date(d) => {
                h.tag(6);
                h.bytes(&d.to_julian_day().to_le_bytes());
            }
            Value::Time(t) => {
                h.tag(7);
                let (hour, minute, second, micro) = t.as_hms_micro();
                h.bytes(&[hour, minute, second]);
                h.bytes(&micro.to_le_bytes());
            }
            Value::Datetime(d) => {
                h.tag(8);
                h.bytes(&d.unix_micros().to_le_bytes());
            }
            Value::Year(y) => {
                h.tag(9);
                h.bytes(&y.to_le_bytes());
            }
            Value::Yearmonth(y, m) => {
                h.tag(10);
                h.bytes(&y.to_le_bytes());
                h.bytes(&[*m]);
            }
            Value::Duration(d) => {
                h.tag(11);
                h.bytes(&d.months.to_le_bytes());
                h.bytes(&normal_float_bits(d.seconds).to_le_bytes());
            }
            Value::Geopoint(lon, lat) => {
                h.tag(12);
                h.bytes(&normal_float_bits(*lon).to_le_bytes());
                h.bytes(&normal_float_bits(*lat).to_le_bytes());
            }
            Value::Json(j) => {
                h.tag(13);
                // serde_json's maps are sorted, so key order does not change the text.
                h.bytes(j.to_string().as_bytes());
            }
            Value::List(items) => {
                h.tag(14);
                h.bytes(&(items.len() as u64).to_le_bytes());
                for item in items {
                    item.feed(h);
                }
            }
        }
    }
}

fn normal_float_bits(v: f64) -> u64 {
    if v == 0.0 {
        0
    } else if v.is_nan() {
        f64::NAN.to_bits()
    } else {
        v.to_bits()
    }
}

/// A 128-bit hash made of two SipHash-1-3 streams that differ by a leading salt.
///
/// Uniqueness, primary and foreign keys keep these instead of the values, so memory per
/// row does not depend on what the cells hold. Two different keys get the same hash with
/// probability about n² / 2¹²⁹ for n rows: below 10⁻²⁰ for a billion rows, far below the
/// odds of a hardware fault. A collision could only hide a duplicate (or make a foreign key
/// look resolved), never report a false one.
pub(crate) struct Hash128 {
    a: DefaultHasher,
    b: DefaultHasher,
}

impl Hash128 {
    pub(crate) fn new() -> Self {
        // `DefaultHasher::new` uses fixed keys, so the same value always hashes the same.
        let a = DefaultHasher::new();
        let mut b = DefaultHasher::new();
        b.write_u64(0x9e37_79b9_7f4a_7c15);
        Self { a, b }
    }

    fn tag(&mut self, t: u8) {
        self.a.write_u8(t);
        self.b.write_u8(t);
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        // The length goes first so that ("ab", "c") and ("a", "bc") differ.
        self.a.write_usize(bytes.len());
        self.b.write_usize(bytes.len());
        self.a.write(bytes);
        self.b.write(bytes);
    }

    /// Marks a missing value inside a composite key.
    pub(crate) fn null(&mut self) {
        self.tag(0);
    }

    pub(crate) fn finish(&self) -> u128 {
        (u128::from(self.a.finish()) << 64) | u128::from(self.b.finish())
    }
}

/// A set of [`Hash128`] values. They are uniformly spread already, so the table takes
/// their low bits instead of hashing them a second time.
pub(crate) type HashSet128 = HashSet<u128, BuildHasherDefault<PreHashed>>;

/// The hasher of [`HashSet128`].
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u128` is used by the set; this keeps any other use well spread.
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u128(&mut self, v: u128) {
        self.0 = v as u64;
    }
}

/// How a string field's values must look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StringFormat {
    Default,
    Email,
    Uri,
    Binary,
    Uuid,
}

/// How a date, time or datetime field's values are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Temporal {
    /// ISO 8601 (the Table Schema default).
    Default,
    /// Any common way (ISO, day/month/year, ...).
    Any,
    Pattern(DatePattern),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GeoFormat {
    /// `"lon, lat"`.
    Default,
    /// `[lon, lat]`.
    Array,
    /// `{"lon": .., "lat": ..}`.
    Object,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NumberOptions {
    pub(crate) bare: bool,
    pub(crate) decimal: char,
    pub(crate) group: Option<char>,
}

impl NumberOptions {
    pub(crate) const PLAIN: NumberOptions = NumberOptions {
        bare: true,
        decimal: '.',
        group: None,
    };

    /// The cell rewritten as a plain number (`1.234,5 €` -> `1234.5`), or `None` when a
    /// character cannot be part of the number.
    fn normalise(self, cell: &str) -> Option<String> {
        let mut s = cell;
        if !self.bare {
            s = s.trim_start_matches(|c: char| {
                !(c.is_ascii_digit() || c == '-' || c == '+' || c == self.decimal)
            });
            s = s.trim_end_matches(|c: char| !c.is_ascii_digit());
        }
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if Some(c) == self.group {
                continue;
            } else if c == self.decimal {
                out.push('.');
            } else if c == '.' {
                return None;
            } else {
                out.push(c);
            }
        }
        Some(out)
    }
}

/// Reads cells of one field type and format.
#[derive(Debug, Clone)]
pub(crate) enum Caster {
    String(StringFormat),
    Integer(NumberOptions),
    Number(NumberOptions),
    Boolean {
        true_values: Vec<String>,
        false_values: Vec<String>,
    },
    Date(Temporal),
    Time(Temporal),
    Datetime(Temporal),
    Year,
    Yearmonth,
    Duration,
    Geopoint(GeoFormat),
    Geojson {
        topojson: bool,
    },
    Object,
    Array,
    List {
        delimiter: String,
        item: Box<Caster>,
    },
    Any,
}

const GEOJSON_TYPES: [&str; 9] = [
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
    "Feature",
    "FeatureCollection",
];

impl Caster {
    pub(crate) fn cast<'a>(&self, cell: &'a str) -> Option<Value<'a>> {
        match self {
            Caster::String(format) => string_ok(*format, cell).then_some(Value::Text(cell)),
            Caster::Any => Some(Value::Text(cell)),
            Caster::Integer(o) if *o == NumberOptions::PLAIN => {
                parse_schema_integer(cell).map(Value::Integer)
            }
            Caster::Integer(o) => parse_schema_integer(&o.normalise(cell)?).map(Value::Integer),
            Caster::Number(o) if *o == NumberOptions::PLAIN => {
                parse_schema_number(cell).map(Value::Number)
            }
            Caster::Number(o) => parse_schema_number(&o.normalise(cell)?).map(Value::Number),
            Caster::Boolean {
                true_values,
                false_values,
            } => {
                if true_values.iter().any(|t| t == cell) {
                    Some(Value::Boolean(true))
                } else if false_values.iter().any(|f| f == cell) {
                    Some(Value::Boolean(false))
                } else {
                    None
                }
            }
            Caster::Date(t) => cast_date(t, cell).map(Value::Date),
            Caster::Time(t) => cast_time(t, cell).map(Value::Time),
            Caster::Datetime(t) => cast_datetime(t, cell).map(Value::Datetime),
            Caster::Year => parse_year(cell).map(Value::Year),
            Caster::Yearmonth => parse_yearmonth(cell).map(|(y, m)| Value::Yearmonth(y, m)),
            Caster::Duration => parse_duration(cell).map(Value::Duration),
            Caster::Geopoint(f) => {
                cast_geopoint(*f, cell).map(|(lon, lat)| Value::Geopoint(lon, lat))
            }
            Caster::Geojson { topojson } => {
                let j: Json = serde_json::from_str(cell).ok()?;
                let t = j.get("type")?.as_str()?;
                let ok = if *topojson {
                    t == "Topology"
                } else {
                    GEOJSON_TYPES.contains(&t)
                };
                ok.then_some(Value::Json(j))
            }
            Caster::Object => {
                let j: Json = serde_json::from_str(cell).ok()?;
                j.is_object().then_some(Value::Json(j))
            }
            Caster::Array => {
                let j: Json = serde_json::from_str(cell).ok()?;
                j.is_array().then_some(Value::Json(j))
            }
            Caster::List { delimiter, item } => {
                if cell.is_empty() {
                    return Some(Value::List(Vec::new()));
                }
                cell.split(delimiter.as_str())
                    .map(|part| item.cast(part))
                    .collect::<Option<Vec<_>>>()
                    .map(Value::List)
            }
        }
    }

    /// What a valid value looks like, for messages: "an integer", "a date in the format
    /// %d/%m/%Y".
    pub(crate) fn describe(&self) -> String {
        match self {
            Caster::String(StringFormat::Default) | Caster::Any => "a string".to_owned(),
            Caster::String(StringFormat::Email) => "an e-mail address".to_owned(),
            Caster::String(StringFormat::Uri) => "a URI (scheme:rest)".to_owned(),
            Caster::String(StringFormat::Binary) => "base64-encoded data".to_owned(),
            Caster::String(StringFormat::Uuid) => "a UUID".to_owned(),
            Caster::Integer(_) => "an integer".to_owned(),
            Caster::Number(_) => "a number".to_owned(),
            Caster::Boolean {
                true_values,
                false_values,
            } => format!(
                "a boolean (true: {}; false: {})",
                true_values.join(", "),
                false_values.join(", ")
            ),
            Caster::Date(t) => temporal_describe("a date", "YYYY-MM-DD", t),
            Caster::Time(t) => temporal_describe("a time", "HH:MM:SS", t),
            Caster::Datetime(t) => temporal_describe("a datetime", "YYYY-MM-DDTHH:MM:SS", t),
            Caster::Year => "a year (YYYY)".to_owned(),
            Caster::Yearmonth => "a year and month (YYYY-MM)".to_owned(),
            Caster::Duration => "an ISO 8601 duration (such as P1Y2M or PT30M)".to_owned(),
            Caster::Geopoint(GeoFormat::Default) => "a geopoint (\"lon, lat\")".to_owned(),
            Caster::Geopoint(GeoFormat::Array) => "a geopoint ([lon, lat])".to_owned(),
            Caster::Geopoint(GeoFormat::Object) => {
                "a geopoint ({\"lon\": .., \"lat\": ..})".to_owned()
            }
            Caster::Geojson { topojson: false } => "a GeoJSON object".to_owned(),
            Caster::Geojson { topojson: true } => "a TopoJSON object".to_owned(),
            Caster::Object => "a JSON object".to_owned(),
            Caster::Array => "a JSON array".to_owned(),
            Caster::List { delimiter, item } => {
                format!("a list of {} separated by `{delimiter}`", item.describe())
            }
        }
    }

    /// A likely reason why a cell is not of the type, when one can be told without
    /// showing the value.
    pub(crate) fn why_not(&self, cell: &str) -> Option<&'static str> {
        let trimmed = cell.trim();
        if trimmed.len() != cell.len() && self.cast(trimmed).is_some() {
            return Some("it has spaces around the value");
        }
        match self {
            Caster::Integer(_) | Caster::Number(_) if has_thousands_separator(cell) => {
                Some("it has thousands separators; set the field's groupChar")
            }
            Caster::Integer(_) if parse_schema_number(cell).is_some() => {
                Some("it is a decimal number")
            }
            Caster::Number(o)
                if o.decimal == '.'
                    && cell.matches(',').count() == 1
                    && parse_schema_number(&cell.replace(',', ".")).is_some() =>
            {
                Some("it has a decimal comma; set the field's decimalChar to \",\"")
            }
            Caster::Date(Temporal::Default) if parse_numeric_date(cell).is_some() => {
                Some("it is not in ISO order; set a format such as %d/%m/%Y")
            }
            Caster::Date(_) if parse_datetime(cell).is_some() => {
                Some("it has a time part; use the type datetime")
            }
            _ => None,
        }
    }
}

fn temporal_describe(what: &str, iso: &str, t: &Temporal) -> String {
    match t {
        Temporal::Default => format!("{what} ({iso})"),
        Temporal::Any => what.to_owned(),
        Temporal::Pattern(p) => format!("{what} in the format {}", p.as_str()),
    }
}

fn string_ok(format: StringFormat, s: &str) -> bool {
    match format {
        StringFormat::Default => true,
        StringFormat::Email => is_email(s),
        StringFormat::Uri => is_uri(s),
        StringFormat::Binary => is_base64(s),
        StringFormat::Uuid => is_uuid(s),
    }
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty())
}

fn is_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn is_base64(s: &str) -> bool {
    let b = s.as_bytes();
    if !b.len().is_multiple_of(4) {
        return false;
    }
    let body = b
        .strip_suffix(b"==")
        .or_else(|| b.strip_suffix(b"="))
        .unwrap_or(b);
    body.iter()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/'))
}

fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn cast_date(t: &Temporal, s: &str) -> Option<Date> {
    match t {
        Temporal::Default => parse_iso_date(s),
        Temporal::Any => parse_iso_date(s)
            .or_else(|| parse_slash_ymd(s))
            .or_else(|| {
                // A date that reads both ways (01/02/2024) is taken day first, as
                // most of the world writes it.
                let r = parse_numeric_date(s)?;
                r.day_first.or(r.month_first)
            }),
        Temporal::Pattern(p) => p.parse(s)?.date,
    }
}

fn cast_time(t: &Temporal, s: &str) -> Option<Time> {
    match t {
        Temporal::Default | Temporal::Any => parse_time(s),
        Temporal::Pattern(p) => p.parse(s)?.time,
    }
}

fn cast_datetime(t: &Temporal, s: &str) -> Option<DateTimeValue> {
    match t {
        Temporal::Default => parse_datetime(s),
        Temporal::Any => parse_datetime(s).or_else(|| {
            let (d, tm) = s.split_once([' ', 'T'])?;
            Some(DateTimeValue {
                local: time::PrimitiveDateTime::new(cast_date(&Temporal::Any, d)?, parse_time(tm)?),
                offset: None,
            })
        }),
        Temporal::Pattern(p) => {
            let parts = p.parse(s)?;
            Some(DateTimeValue {
                local: time::PrimitiveDateTime::new(
                    parts.date?,
                    parts.time.unwrap_or(Time::MIDNIGHT),
                ),
                offset: parts.offset,
            })
        }
    }
}

fn coordinate(j: &Json) -> Option<f64> {
    match j {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => parse_schema_number(s.trim()),
        _ => None,
    }
}

fn cast_geopoint(f: GeoFormat, s: &str) -> Option<(f64, f64)> {
    let (lon, lat) = match f {
        GeoFormat::Default => {
            let (lon, lat) = s.split_once(',')?;
            (
                parse_schema_number(lon.trim())?,
                parse_schema_number(lat.trim())?,
            )
        }
        GeoFormat::Array => {
            let j: Json = serde_json::from_str(s).ok()?;
            match j.as_array()?.as_slice() {
                [lon, lat] => (coordinate(lon)?, coordinate(lat)?),
                _ => return None,
            }
        }
        GeoFormat::Object => {
            let j: Json = serde_json::from_str(s).ok()?;
            let o = j.as_object()?;
            if o.len() != 2 {
                return None;
            }
            (coordinate(o.get("lon")?)?, coordinate(o.get("lat")?)?)
        }
    };
    ((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)).then_some((lon, lat))
}

/// The default reading of a boolean's texts, as the specification lists them.
pub(crate) fn default_true_values() -> Vec<String> {
    ["true", "True", "TRUE", "1"].map(str::to_owned).to_vec()
}

/// See [`default_true_values`].
pub(crate) fn default_false_values() -> Vec<String> {
    ["false", "False", "FALSE", "0"].map(str::to_owned).to_vec()
}
