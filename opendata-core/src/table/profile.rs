//! What the check pass learns about each column: the type every value fits (inferred over
//! the whole column, never a sample) and the rows that break an almost-consistent column.

use serde::{Deserialize, Serialize};

use super::types::{
    is_integer_text, is_number_text, may_be_written_number, parse_boolean, parse_clock,
    parse_datetime, parse_integer, parse_iso_date, parse_named_month_date, parse_numeric_date,
    parse_numeric_datetime, parse_slash_ymd, parse_time, written_number_shape, ClockNotation,
    DateFormat, FieldType, MonthNames, NumberShape,
};

/// Candidate shapes a cell can have; a column's type is the most specific shape all of
/// its values share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
enum Shape {
    Boolean,
    Integer,
    Year,
    Number,
    IsoDate,
    DayMonthYear,
    MonthDayYear,
    SlashYmd,
    Time,
    Datetime,
    /// A number with a decimal point and maybe comma groups or a unit (`1,234.5`,
    /// `£12.50`), or a plain one such a column holds beside them.
    PointDecimal,
    /// A number with a decimal comma and maybe dot groups or a unit (`7,5`, `1.234,56 €`),
    /// or an integer such a column holds beside them.
    CommaDecimal,
    /// `31/05/2024 14:30` and the like, read day first.
    DayMonthYearTime,
    /// `05/31/2024 14:30`, read month first.
    MonthDayYearTime,
    /// `31-May-2024`, `31 Mar 2024`: an abbreviated month name (`May` fits both).
    DayMonthAbbrYear,
    /// `31 March 2024`.
    DayMonthNameYear,
    /// A time as spreadsheets write it: `9:05`, `14:30:00`, `2:30 PM`.
    ClockTime,
}

const SHAPES: usize = 17;
/// Rows remembered per shape for `inconsistent-values`.
const MISS_ROWS_KEPT: usize = 10;

/// Bit set of [`Shape`]s a cell fits.
type ShapeSet = u32;

const fn bit(s: Shape) -> ShapeSet {
    1 << s as usize
}

/// The shapes in a set, as indexes.
fn bits(mut set: ShapeSet) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (set != 0).then(|| {
            let shape = set.trailing_zeros() as usize;
            set &= set - 1;
            shape
        })
    })
}

/// What one cell is, for the column's type.
#[derive(Debug, Clone, Copy, Default)]
struct Classified {
    set: ShapeSet,
    /// The separator of a numeric date or date-time.
    separator: Option<char>,
    /// The clock of a numeric date-time.
    clock: Option<ClockNotation>,
    /// How the cell reads as a written number with a decimal point, and with a comma.
    point: Option<NumberShape>,
    comma: Option<NumberShape>,
}

impl Classified {
    /// Adds the written-number shapes of a cell no plainer shape took.
    fn written(&mut self, cell: &str) {
        if !may_be_written_number(cell) {
            return;
        }
        self.point = written_number_shape(cell, '.');
        self.comma = written_number_shape(cell, ',');
        if self.point.is_some() {
            self.set |= bit(Shape::PointDecimal);
        }
        if self.comma.is_some() {
            self.set |= bit(Shape::CommaDecimal);
        }
    }
}

/// A cell's shapes and what else its column's type needs of it.
// Inlined: `ColumnProfile::add` takes the result apart at once, on every cell.
#[inline(always)]
fn classify(cell: &str) -> Classified {
    let mut c = Classified::default();
    let Some(&first) = cell.as_bytes().first() else {
        return c;
    };
    match first {
        b'0'..=b'9' if !may_have_digit_led_shape(cell.as_bytes()) => {}
        b'0'..=b'9' | b'-' | b'+' | b'.' => {
            if is_integer_text(cell) {
                c.set |= bit(Shape::Number) | bit(Shape::PointDecimal) | bit(Shape::CommaDecimal);
                // Beyond 18 digits the value may not fit an i64.
                if cell.len() < 19 || parse_integer(cell).is_some() {
                    c.set |= bit(Shape::Integer);
                }
                if cell.len() == 4 && matches!(first, b'1' | b'2') {
                    c.set |= bit(Shape::Year);
                }
            } else if is_number_text(cell) {
                c.set |= bit(Shape::Number) | bit(Shape::PointDecimal);
                // `7.5` says the point is the decimal mark where `1,234` stands beside it;
                // `1.234` does not.
                let b = cell.as_bytes();
                if let Some(dot) = memchr::memchr(b'.', b) {
                    let decimals = b.len() - dot - 1;
                    c.point = Some(NumberShape {
                        group: None,
                        unambiguous: decimals != 3 && !b.contains(&b'e') && !b.contains(&b'E'),
                        unit: false,
                    });
                }
                // `1.234` is 1.234, or 1234 in a column of `7,5`s; only one group of three
                // decimals can be that.
                if b.len() >= 5 && b[b.len() - 4] == b'.' {
                    c.comma = written_number_shape(cell, ',');
                    if c.comma.is_some() {
                        c.set |= bit(Shape::CommaDecimal);
                    }
                }
            } else if !first.is_ascii_digit() {
                // A sign or dot that is not a plain number is text, or a written number
                // (`-7,5`, `-1,234.5`).
                c.written(cell);
            } else if parse_iso_date(cell).is_some() {
                c.set |= bit(Shape::IsoDate);
            } else if parse_datetime(cell).is_some() {
                c.set |= bit(Shape::Datetime);
            } else if parse_time(cell).is_some() {
                c.set |= bit(Shape::Time);
                // `14:30` is also what a column of `9:05` holds beside it.
                if let Some((_, clock)) = parse_clock(cell) {
                    c.set |= bit(Shape::ClockTime);
                    c.clock = Some(clock);
                }
            } else if let Some((_, clock)) = parse_clock(cell) {
                c.set |= bit(Shape::ClockTime);
                c.clock = Some(clock);
            } else if parse_slash_ymd(cell).is_some() {
                c.set |= bit(Shape::SlashYmd);
            } else if let Some(r) = parse_numeric_date(cell) {
                c.separator = Some(r.separator);
                if r.day_first.is_some() {
                    c.set |= bit(Shape::DayMonthYear);
                }
                if r.month_first.is_some() {
                    c.set |= bit(Shape::MonthDayYear);
                }
            } else if let Some(d) = parse_named_month_date(cell) {
                c.separator = Some(d.separator);
                if d.names != MonthNames::Full {
                    c.set |= bit(Shape::DayMonthAbbrYear);
                }
                if d.names != MonthNames::Abbreviated {
                    c.set |= bit(Shape::DayMonthNameYear);
                }
            } else if let Some(d) = parse_numeric_datetime(cell) {
                c.separator = Some(d.date.separator);
                c.clock = Some(d.clock);
                if d.date.day_first.is_some() {
                    c.set |= bit(Shape::DayMonthYearTime);
                }
                if d.date.month_first.is_some() {
                    c.set |= bit(Shape::MonthDayYearTime);
                }
            } else {
                // Last: no date reads as one, and dates are the common cells here.
                c.written(cell);
            }
        }
        // `$`, and the first bytes of `£`, `¥` and `€` in UTF-8.
        b'$' | 0xC2 | 0xE2 => c.written(cell),
        b't' | b'T' | b'f' | b'F' if parse_boolean(cell).is_some() => {
            c.set |= bit(Shape::Boolean);
        }
        _ => {}
    }
    c
}

/// Whether a cell that starts with a digit may have a shape at all, judged by the byte
/// after its leading digits. Codes with a leading zero (`088696`) and house numbers
/// (`56 Station Road`) are common cells that would otherwise be tried by every parser.
fn may_have_digit_led_shape(b: &[u8]) -> bool {
    let lead = b
        .iter()
        .position(|c| !c.is_ascii_digit())
        .unwrap_or(b.len());
    match b.get(lead) {
        None => !(lead > 1 && b[0] == b'0'),
        // Marks of numbers, dates and times, and the first UTF-8 bytes of `€` and of the
        // no-break spaces that group thousands.
        Some(b'.' | b',' | b'-' | b'/' | b':' | b'e' | b'E' | b'%' | 0xC2 | 0xE2) => true,
        // A unit written after a space (`12 %`, `12 €`), thousands grouped by spaces, or a
        // month's name (`31 May 2024`).
        Some(b' ') => match b.get(lead + 1) {
            Some(b'%' | 0xC2 | 0xE2 | b'0'..=b'9') => true,
            Some(c) if c.is_ascii_alphabetic() => starts_with_month(&b[lead + 1..]),
            _ => false,
        },
        Some(_) => false,
    }
}

/// Whether `b` starts with the three-letter abbreviation of an English month name.
fn starts_with_month(b: &[u8]) -> bool {
    const ABBREVIATIONS: [&[u8; 3]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    b.get(..3)
        .is_some_and(|head| ABBREVIATIONS.iter().any(|m| head.eq_ignore_ascii_case(*m)))
}

/// The shapes one cell has, for checks that only concern some of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CellShapes(ShapeSet);

impl CellShapes {
    /// The cell fits no typed shape: it is text.
    pub(crate) fn is_text(self) -> bool {
        self.0 == 0
    }

    /// The cell is a number only as written with groups, a unit or a decimal comma
    /// (`1,234.5`, `£12`, `7,5`), not plainly.
    pub(crate) fn is_written_number_only(self) -> bool {
        self.0 & bit(Shape::Number) == 0
            && self.0 & (bit(Shape::PointDecimal) | bit(Shape::CommaDecimal)) != 0
    }

    /// The cell is a number (integers included).
    pub(crate) fn is_number(self) -> bool {
        self.0 & bit(Shape::Number) != 0
    }
}

/// The inferred type of a column, with its Table Schema format when it is not the default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InferredType {
    /// Table Schema type.
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// How dates are written, for date columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_format: Option<DateFormat>,
    /// The separator of numeric dates (`/`, `.`, `-`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_separator: Option<char>,
    /// For datetime columns: whether values carry a UTC offset.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub with_offset: bool,
    /// For datetime columns written with a numeric date (`31/05/2024 14:30`): how the
    /// times are written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<ClockNotation>,
    /// For number columns written with a decimal comma (`7,5`): `,`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimal_char: Option<char>,
    /// For number columns whose thousands are grouped: `,` (`1,234.5`), `.` (`1.234,5`) or a
    /// space, plain or no-break (`1 234,5`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_char: Option<char>,
    /// For number columns with a currency or per cent sign beside some values (`£12.50`,
    /// `12,5 %`): the Table Schema's `bareNumber: false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub with_unit: bool,
}

impl InferredType {
    fn of(field_type: FieldType) -> Self {
        Self {
            field_type,
            date_format: None,
            date_separator: None,
            with_offset: false,
            clock: None,
            decimal_char: None,
            group_char: None,
            with_unit: false,
        }
    }

    /// For a number column written otherwise than plainly (with groups, a unit or a
    /// decimal comma), its decimal mark, to read it with
    /// [`parse_written_number`](super::types::parse_written_number).
    pub fn written_decimal_mark(&self) -> Option<char> {
        let written = self.decimal_char.is_some() || self.group_char.is_some() || self.with_unit;
        (self.field_type == FieldType::Number && written).then(|| self.decimal_char.unwrap_or('.'))
    }

    /// The Table Schema `format` string, when not the default.
    pub fn format(&self) -> Option<String> {
        if self.field_type == FieldType::Time {
            return self.clock.map(|c| c.pattern().to_owned());
        }
        let date = match (self.date_format, self.date_separator) {
            (Some(DateFormat::Iso), _) | (None, _) => return None,
            (Some(f), sep) => f.pattern(sep.unwrap_or('/')),
        };
        Some(match self.clock {
            Some(clock) => format!("{date} {}", clock.pattern()),
            None => date,
        })
    }
}

/// What the check pass learnt about one column.
#[derive(Debug, Clone, Default)]
pub(crate) struct ColumnProfile {
    pub non_missing: u64,
    pub missing: u64,
    fits: [u64; SHAPES],
    misses: [Vec<u64>; SHAPES],
    separators: Vec<char>,
    /// Shapes any value so far had.
    seen: ShapeSet,
    /// The first non-missing rows, to fill the misses of a shape first seen late.
    first_rows: Vec<u64>,
    numeric_dates: u64,
    /// How the numeric date-times (`31/05/2024 14:30`) write their times: the first
    /// notation, and whether another came too.
    clock: Option<ClockNotation>,
    clocks_mixed: bool,
    offsets_seen: u64,
    /// What the cells say of written numbers, read with a decimal point and with a comma.
    point: WrittenNumbers,
    comma: WrittenNumbers,
}

/// What a column's cells say of numbers written with one decimal mark.
#[derive(Debug, Clone, Copy, Default)]
struct WrittenNumbers {
    /// Cells only this decimal mark reads so (`7,5` for a comma, `1,234.5` for a point).
    unambiguous: u64,
    /// The mark thousands are grouped by, and whether cells group them by different marks
    /// (`1.234,5` beside `1 234,5`), which one `groupChar` cannot say.
    group: Option<char>,
    mixed_groups: bool,
    unit: bool,
}

impl WrittenNumbers {
    fn add(&mut self, shape: Option<NumberShape>) {
        if let Some(s) = shape {
            self.unambiguous += u64::from(s.unambiguous);
            if let Some(g) = s.group {
                self.mixed_groups |= self.group.is_some_and(|seen| seen != g);
                self.group.get_or_insert(g);
            }
            self.unit |= s.unit;
        }
    }

    /// Whether the cells settle that a column they all fit holds numbers with this mark:
    /// a cell only it reads, or (`must_show` false) a unit and no groups to misread; and
    /// one group mark.
    fn settles(&self, must_show: bool) -> bool {
        !self.mixed_groups
            && (self.unambiguous > 0 || (!must_show && self.group.is_none() && self.unit))
    }

    fn inferred(&self, decimal: char) -> InferredType {
        InferredType {
            decimal_char: (decimal != '.').then_some(decimal),
            group_char: self.group,
            with_unit: self.unit,
            ..InferredType::of(FieldType::Number)
        }
    }
}

/// Share of values that makes a column "mostly" one type.
const MOSTLY: f64 = 0.9;
/// Fewer values than this are too few to call a column inconsistent.
const MIN_VALUES_FOR_INCONSISTENT: u64 = 5;

/// What a column is not, for a finding: the type most values fit and the rows that do not.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Inconsistency {
    pub mostly: FieldType,
    pub share: f64,
    pub differing: u64,
    pub rows: Vec<u64>,
}

impl ColumnProfile {
    /// Records a non-missing cell at `row`; returns the shapes it has.
    pub fn add(&mut self, row: u64, cell: &str) -> CellShapes {
        self.non_missing += 1;
        let Classified {
            set,
            separator,
            clock,
            point,
            comma,
        } = classify(cell);
        // Only shapes some value had need work: a text column costs nothing here.
        let new_shapes = set & !self.seen;
        for shape in bits(new_shapes) {
            self.misses[shape] = self.first_rows.clone();
        }
        self.seen |= set;
        for shape in bits(set) {
            self.fits[shape] += 1;
        }
        for shape in bits(self.seen & !set) {
            if self.misses[shape].len() < MISS_ROWS_KEPT {
                self.misses[shape].push(row);
            }
        }
        if self.first_rows.len() < MISS_ROWS_KEPT {
            self.first_rows.push(row);
        }
        if clock.is_some() {
            match self.clock {
                None => self.clock = clock,
                Some(first) => self.clocks_mixed |= clock != Some(first),
            }
        }
        if let Some(sep) = separator {
            if clock.is_none()
                && set & (bit(Shape::DayMonthAbbrYear) | bit(Shape::DayMonthNameYear)) == 0
            {
                self.numeric_dates += 1;
            }
            if !self.separators.contains(&sep) {
                self.separators.push(sep);
            }
        }
        self.point.add(point);
        self.comma.add(comma);
        if set & bit(Shape::Datetime) != 0
            && cell.len() > 19
            && (cell.ends_with('Z')
                || cell.ends_with('z')
                || cell.as_bytes()[cell.len() - 3] == b':')
        {
            self.offsets_seen += 1;
        }
        CellShapes(set)
    }

    fn all(&self, s: Shape) -> bool {
        self.non_missing > 0 && self.fits[s as usize] == self.non_missing
    }

    /// The most specific type every value fits. `year_hint` says the header names a year.
    pub fn inferred(&self, year_hint: bool) -> InferredType {
        use Shape::*;
        if self.non_missing == 0 {
            return InferredType::of(FieldType::String);
        }
        if self.all(Boolean) {
            return InferredType::of(FieldType::Boolean);
        }
        if self.all(Year) && year_hint {
            return InferredType::of(FieldType::Year);
        }
        if self.all(Integer) {
            return InferredType::of(FieldType::Integer);
        }
        if self.all(Number) {
            return InferredType::of(FieldType::Number);
        }
        // Numbers with groups or units: one value only the decimal point reads (`7.5`,
        // `1,234.56`) settles what `1,234` means; without groups there is nothing to settle
        // (`£12`). With a decimal comma, one value only it reads must be there (`7,5`).
        if self.all(PointDecimal) && self.point.settles(false) {
            return self.point.inferred('.');
        }
        if self.all(CommaDecimal) && self.comma.settles(true) {
            return self.comma.inferred(',');
        }
        let date = |format: DateFormat, separator: Option<char>| InferredType {
            date_format: Some(format),
            date_separator: separator,
            ..InferredType::of(FieldType::Date)
        };
        if self.all(IsoDate) {
            return date(DateFormat::Iso, None);
        }
        if self.separators.len() <= 1 {
            let sep = self.separators.first().copied();
            if self.all(DayMonthYear) {
                return date(DateFormat::DayMonthYear, sep);
            }
            if self.all(MonthDayYear) {
                return date(DateFormat::MonthDayYear, sep);
            }
        }
        if self.all(SlashYmd) {
            return date(DateFormat::YearMonthDaySlash, None);
        }
        if let [sep] = self.separators[..] {
            if self.all(DayMonthAbbrYear) {
                return date(DateFormat::DayMonthAbbrYear, Some(sep));
            }
            if self.all(DayMonthNameYear) {
                return date(DateFormat::DayMonthNameYear, Some(sep));
            }
        }
        if self.all(Time) {
            return InferredType::of(FieldType::Time);
        }
        // Times as spreadsheets write them (`9:05`, `2:30 PM`), all in one notation.
        if let (true, Some(clock), false) = (self.all(ClockTime), self.clock, self.clocks_mixed) {
            return InferredType {
                clock: Some(clock),
                ..InferredType::of(FieldType::Time)
            };
        }
        if self.all(Datetime) {
            return InferredType {
                with_offset: self.offsets_seen > 0,
                ..InferredType::of(FieldType::Datetime)
            };
        }
        // One pattern must read every value: one separator, one way of writing times.
        if let (Some(clock), false, true) =
            (self.clock, self.clocks_mixed, self.separators.len() <= 1)
        {
            let datetime = |format: DateFormat| InferredType {
                date_format: Some(format),
                date_separator: self.separators.first().copied(),
                clock: Some(clock),
                ..InferredType::of(FieldType::Datetime)
            };
            // Where both orders read every value, day first wins (as for dates), except
            // beside AM/PM: that is the American way of writing times, and dates with it.
            let mut orders = [
                (DayMonthYearTime, DateFormat::DayMonthYear),
                (MonthDayYearTime, DateFormat::MonthDayYear),
            ];
            if clock.is_twelve_hour() {
                orders.reverse();
            }
            for (shape, format) in orders {
                if self.all(shape) {
                    return datetime(format);
                }
            }
        }
        InferredType::of(FieldType::String)
    }

    /// Date notations found in the column, when more than one: `2024-05-31` beside
    /// `31/05/2024`, or day-first beside month-first values.
    pub fn date_formats_mixed(&self) -> Option<Vec<&'static str>> {
        use Shape::*;
        let mut kinds = Vec::new();
        if self.fits[IsoDate as usize] > 0 {
            kinds.push("YYYY-MM-DD");
        }
        if self.fits[SlashYmd as usize] > 0 {
            kinds.push("YYYY/MM/DD");
        }
        let named = self.fits[DayMonthAbbrYear as usize].max(self.fits[DayMonthNameYear as usize]);
        if named > 0 {
            kinds.push("DD Mon YYYY");
        }
        if self.numeric_dates > 0 {
            // Values that read only one way pin the column's order down.
            let day_first_only = self.numeric_dates - self.fits[MonthDayYear as usize];
            let month_first_only = self.numeric_dates - self.fits[DayMonthYear as usize];
            match (day_first_only > 0, month_first_only > 0) {
                (true, true) => kinds.extend(["DD/MM/YYYY", "MM/DD/YYYY"]),
                (true, false) => kinds.push("DD/MM/YYYY"),
                (false, true) => kinds.push("MM/DD/YYYY"),
                (false, false) => kinds.push("DD/MM/YYYY or MM/DD/YYYY"),
            }
            if self.separators.len() > 1 && named == 0 {
                kinds.push("different separators");
            }
        }
        (kinds.len() > 1).then_some(kinds)
    }

    /// When the column is text only because a few values break an otherwise typed column.
    pub fn inconsistency(&self, inferred: &InferredType) -> Option<Inconsistency> {
        use Shape::*;
        if inferred.field_type != FieldType::String
            || self.non_missing < MIN_VALUES_FOR_INCONSISTENT
        {
            return None;
        }
        let candidates = [
            (Boolean, FieldType::Boolean),
            (Integer, FieldType::Integer),
            (Number, FieldType::Number),
            (IsoDate, FieldType::Date),
            (DayMonthYear, FieldType::Date),
            (MonthDayYear, FieldType::Date),
            (Time, FieldType::Time),
            (ClockTime, FieldType::Time),
            (Datetime, FieldType::Datetime),
            (PointDecimal, FieldType::Number),
            (CommaDecimal, FieldType::Number),
            (DayMonthYearTime, FieldType::Datetime),
            (MonthDayYearTime, FieldType::Datetime),
            (DayMonthAbbrYear, FieldType::Date),
            (DayMonthNameYear, FieldType::Date),
        ];
        // The first of equally good candidates is the most specific.
        let (shape, field_type) = candidates.iter().copied().reduce(|best, c| {
            if self.fits[c.0 as usize] > self.fits[best.0 as usize] {
                c
            } else {
                best
            }
        })?;
        let fits = self.fits[shape as usize];
        let share = fits as f64 / self.non_missing as f64;
        (share >= MOSTLY && fits < self.non_missing).then(|| Inconsistency {
            mostly: field_type,
            share,
            differing: self.non_missing - fits,
            rows: self.misses[shape as usize].clone(),
        })
    }
}

/// Whether a header names a year (several languages), so four-digit integers are years.
pub(crate) fn header_means_year(name: &str) -> bool {
    let lower = name.to_lowercase();
    [
        "year", "jahr", "année", "annee", "año", "ano", "anno", "jaar", "rok", "år", "vuosi",
        "blwyddyn", "ár",
    ]
    .iter()
    .any(|w| {
        lower == *w
            || lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|part| part == *w)
    })
}

/// Whether a header cell reads as a value of the column's type rather than a label.
pub(crate) fn header_cell_looks_like_value(cell: &str, column: &InferredType) -> bool {
    let set = classify(cell.trim()).set;
    // Column labels such as `2019` in a table of yearly figures are labels.
    if set & bit(Shape::Year) != 0 && column.field_type != FieldType::Year {
        return false;
    }
    match column.field_type {
        FieldType::Boolean => set & bit(Shape::Boolean) != 0,
        FieldType::Year => set & bit(Shape::Integer) != 0,
        FieldType::Integer | FieldType::Number => set & bit(Shape::Number) != 0,
        FieldType::Date => {
            set & (bit(Shape::IsoDate)
                | bit(Shape::DayMonthYear)
                | bit(Shape::MonthDayYear)
                | bit(Shape::SlashYmd))
                != 0
        }
        FieldType::Time => set & bit(Shape::Time) != 0,
        FieldType::Datetime => {
            set & (bit(Shape::Datetime)
                | bit(Shape::DayMonthYearTime)
                | bit(Shape::MonthDayYearTime))
                != 0
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(values: &[&str]) -> ColumnProfile {
        let mut p = ColumnProfile::default();
        for (i, v) in values.iter().enumerate() {
            p.add(i as u64 + 2, v);
        }
        p
    }

    #[test]
    fn infers_the_most_specific_type() {
        assert_eq!(
            profile(&["1", "2", "-3"]).inferred(false).field_type,
            FieldType::Integer
        );
        assert_eq!(
            profile(&["1", "2.5"]).inferred(false).field_type,
            FieldType::Number
        );
        assert_eq!(
            profile(&["true", "FALSE"]).inferred(false).field_type,
            FieldType::Boolean
        );
        assert_eq!(
            profile(&["007", "008"]).inferred(false).field_type,
            FieldType::String
        );
        assert_eq!(
            profile(&["2019", "2020"]).inferred(true).field_type,
            FieldType::Year
        );
        assert_eq!(
            profile(&["2019", "2020"]).inferred(false).field_type,
            FieldType::Integer
        );
        assert_eq!(
            profile(&["12:00", "23:59:59"]).inferred(false).field_type,
            FieldType::Time
        );
        let dt = profile(&["2024-01-01T10:00:00Z", "2024-01-02T11:00:00+01:00"]).inferred(false);
        assert_eq!((dt.field_type, dt.with_offset), (FieldType::Datetime, true));
        let d = profile(&["31/01/2024", "01/02/2024"]).inferred(false);
        assert_eq!(
            (d.field_type, d.format()),
            (FieldType::Date, Some("%d/%m/%Y".to_owned()))
        );
        let d = profile(&["2024-01-31"]).inferred(false);
        assert_eq!((d.field_type, d.format()), (FieldType::Date, None));
    }

    #[test]
    fn date_times_with_a_numeric_date() {
        let t = profile(&["28/02/2023 14:30", "01/03/2023 09:05"]).inferred(false);
        assert_eq!(
            (t.field_type, t.format()),
            (FieldType::Datetime, Some("%d/%m/%Y %H:%M".to_owned()))
        );
        let t = profile(&["28.02.2023 14:30:00", "1.3.2023 09:05:59"]).inferred(false);
        assert_eq!(t.format(), Some("%d.%m.%Y %H:%M:%S".to_owned()));
        let t = profile(&["02/28/2023 14:30", "03/01/2023 09:05"]).inferred(false);
        assert_eq!(t.format(), Some("%m/%d/%Y %H:%M".to_owned()));
        // As Socrata portals export them.
        let t = profile(&["02/28/2023 02:30:00 PM", "03/01/2023 11:05:00 AM"]).inferred(false);
        assert_eq!(t.format(), Some("%m/%d/%Y %I:%M:%S %p".to_owned()));
        // Dates that read both ways: day first, but month first beside AM/PM.
        let t = profile(&["3/1/2023 9:05 AM", "3/2/2023 12:00 PM"]).inferred(false);
        assert_eq!(t.format(), Some("%m/%d/%Y %I:%M %p".to_owned()));
        let t = profile(&["3/1/2023 9:05", "3/2/2023 12:00"]).inferred(false);
        assert_eq!(t.format(), Some("%d/%m/%Y %H:%M".to_owned()));
        // No one pattern reads both: with and without seconds, or two separators.
        for values in [
            ["28/02/2023 14:30", "01/03/2023 09:05:00"],
            ["28/02/2023 2:30 PM", "01/03/2023 14:30"],
            ["28/02/2023 14:30", "01.03.2023 09:05"],
            ["28/02/2023 14:30", "2023-03-01T09:05:00"],
        ] {
            assert_eq!(
                profile(&values).inferred(false).field_type,
                FieldType::String,
                "{values:?}"
            );
        }
        // Dates beside them keep their own type apart.
        assert_eq!(
            profile(&["28/02/2023", "01/03/2023 09:05"])
                .inferred(false)
                .field_type,
            FieldType::String
        );
    }

    #[test]
    fn numbers_with_groups_and_units() {
        let t = profile(&["1,234.56", "512.00", "12,500.00", "7"]).inferred(false);
        assert_eq!(
            (t.field_type, t.decimal_char, t.group_char, t.with_unit),
            (FieldType::Number, None, Some(','), false)
        );
        assert_eq!(t.written_decimal_mark(), Some('.'));
        let t = profile(&["£1,234.56", "£512.00", "-3.5"]).inferred(false);
        assert_eq!(
            (t.field_type, t.group_char, t.with_unit),
            (FieldType::Number, Some(','), true)
        );
        // A unit and no groups: nothing to misread.
        let t = profile(&["£512", "£12"]).inferred(false);
        assert_eq!((t.field_type, t.with_unit), (FieldType::Number, true));
        let t = profile(&["12.5%", "3%", "100%"]).inferred(false);
        assert_eq!((t.field_type, t.with_unit), (FieldType::Number, true));
        let t = profile(&["12,50 €", "3,99 €"]).inferred(false);
        assert_eq!(
            (t.field_type, t.decimal_char, t.with_unit),
            (FieldType::Number, Some(','), true)
        );
        // Pounds settle the decimal point: `£12,500` is twelve thousand five hundred.
        let t = profile(&["£1,234", "£12,500"]).inferred(false);
        assert_eq!(
            (t.field_type, t.group_char, t.with_unit),
            (FieldType::Number, Some(','), true)
        );
        // `7.5` settles that `1,234` is 1234.
        let t = profile(&["1,234", "7.5"]).inferred(false);
        assert_eq!((t.field_type, t.group_char), (FieldType::Number, Some(',')));
        // Thousands-looking commas and nothing to settle them stay text; so do mixed marks.
        for values in [
            ["1,234", "12,500"],
            ["1,234.5", "1.234,5"],
            ["£12", "12 EUR"],
        ] {
            assert_eq!(
                profile(&values).inferred(false).field_type,
                FieldType::String,
                "{values:?}"
            );
        }
    }

    #[test]
    fn numbers_with_a_decimal_comma() {
        let t = profile(&["7,5", "12", "1.234,56", "-0,25"]).inferred(false);
        assert_eq!(
            (t.field_type, t.decimal_char, t.group_char),
            (FieldType::Number, Some(','), Some('.'))
        );
        let t = profile(&["7,5", "1,234"]).inferred(false);
        assert_eq!(
            (t.field_type, t.decimal_char, t.group_char),
            (FieldType::Number, Some(','), None)
        );
        // `1.234` beside a decimal comma groups thousands; alone it is a decimal point.
        assert_eq!(
            profile(&["1.234", "7,5"])
                .inferred(false)
                .written_decimal_mark(),
            Some(',')
        );
        let t = profile(&["1.234", "7.5"]).inferred(false);
        assert_eq!((t.field_type, t.decimal_char), (FieldType::Number, None));
        // Only thousands-looking commas: `1,234` may be 1234, so the column stays text.
        assert_eq!(
            profile(&["1,234", "12,500"]).inferred(false).field_type,
            FieldType::String
        );
        assert_eq!(
            profile(&["7,5", "7.5"]).inferred(false).field_type,
            FieldType::String
        );
        assert_eq!(
            profile(&["7,5", "n/a x"]).inferred(false).field_type,
            FieldType::String
        );
        assert_eq!(
            profile(&["1", "2"]).inferred(false).field_type,
            FieldType::Integer
        );
    }

    #[test]
    fn times_as_spreadsheets_write_them() {
        let written = |values: &[&str]| {
            let t = profile(values).inferred(false);
            (t.field_type, t.format())
        };
        // Two-digit hours are the default notation; one-digit hours need `%H:%M`.
        assert_eq!(written(&["14:30", "09:05"]), (FieldType::Time, None));
        assert_eq!(
            written(&["14:30", "9:05"]),
            (FieldType::Time, Some("%H:%M".to_owned()))
        );
        assert_eq!(
            written(&["2:30 PM", "11:05 am", "12:00 PM"]),
            (FieldType::Time, Some("%I:%M %p".to_owned()))
        );
        assert_eq!(
            written(&["2:30:15 PM", "11:05:00 AM"]),
            (FieldType::Time, Some("%I:%M:%S %p".to_owned()))
        );
        // One notation per column; 13 o'clock has no AM/PM.
        assert_eq!(written(&["2:30 PM", "14:30"]).0, FieldType::String);
        assert_eq!(written(&["13:30 PM", "2:30 PM"]).0, FieldType::String);
    }

    #[test]
    fn dates_with_a_month_name() {
        let written = |values: &[&str]| {
            let t = profile(values).inferred(false);
            (t.field_type, t.format())
        };
        assert_eq!(
            written(&["01-Apr-2024", "31-MAY-2024", "7-jun-2023"]),
            (FieldType::Date, Some("%d-%b-%Y".to_owned()))
        );
        assert_eq!(
            written(&["1 March 2024", "31 May 2024"]),
            (FieldType::Date, Some("%d %B %Y".to_owned()))
        );
        // `May` alone is both; the abbreviation is taken.
        assert_eq!(
            written(&["1 May 2024", "2 May 2024"]),
            (FieldType::Date, Some("%d %b %Y".to_owned()))
        );
        // One pattern must read every value.
        assert_eq!(
            written(&["1 Mar 2024", "1 March 2024"]).0,
            FieldType::String
        );
        assert_eq!(written(&["1-Mar-2024", "1 Mar 2024"]).0, FieldType::String);
        assert_eq!(
            profile(&["2024-05-31", "31 May 2024"]).date_formats_mixed(),
            Some(vec!["YYYY-MM-DD", "DD Mon YYYY"])
        );
    }

    #[test]
    fn numbers_with_thousands_grouped_by_spaces() {
        let written = |values: &[&str]| {
            let t = profile(values).inferred(false);
            (t.field_type, t.decimal_char, t.group_char)
        };
        assert_eq!(
            written(&["1 234,50", "12,00", "0,5"]),
            (FieldType::Number, Some(','), Some(' '))
        );
        // Spreadsheets write a no-break space, and one before the euro sign.
        assert_eq!(
            written(&["12\u{a0}500,00\u{a0}€", "99,90\u{a0}€"]),
            (FieldType::Number, Some(','), Some('\u{a0}'))
        );
        assert_eq!(
            written(&["1 234.5", "7.25"]),
            (FieldType::Number, None, Some(' '))
        );
        // One groupChar cannot say two marks.
        assert_eq!(written(&["1.234,5", "1 234,5"]).0, FieldType::String);
        // Company numbers (`732 829 320`) group digits in threes too: without a cell that
        // shows a decimal mark, the column stays text.
        assert_eq!(
            written(&["732 829 320", "552 100 554"]).0,
            FieldType::String
        );
        // Phone numbers and sort codes are grouped otherwise.
        assert_eq!(written(&["01 23 45 67 89", "7,5"]).0, FieldType::String);
    }

    #[test]
    fn a_late_exception_makes_a_column_text_and_is_reported() {
        let mut values = vec!["10"; 99];
        values.push("ten");
        let p = profile(&values);
        let t = p.inferred(false);
        assert_eq!(t.field_type, FieldType::String);
        let inc = p.inconsistency(&t).unwrap();
        assert_eq!(
            (inc.mostly, inc.differing, inc.rows.clone()),
            (FieldType::Integer, 1, vec![101])
        );
    }

    #[test]
    fn a_late_exception_in_decimal_commas_or_date_times_is_reported() {
        let mut values = vec!["7,5"; 49];
        values.extend(["1.234,5"; 50]);
        values.push("seven");
        let p = profile(&values);
        let inc = p.inconsistency(&p.inferred(false)).unwrap();
        assert_eq!(
            (inc.mostly, inc.differing, inc.rows.clone()),
            (FieldType::Number, 1, vec![101])
        );
        let mut values = vec!["£1,234.50"; 99];
        values.push("n/k");
        let p = profile(&values);
        let inc = p.inconsistency(&p.inferred(false)).unwrap();
        assert_eq!(
            (inc.mostly, inc.rows.clone()),
            (FieldType::Number, vec![101])
        );
        let mut values = vec!["28/02/2024 10:00"; 99];
        values.insert(3, "soon");
        let p = profile(&values);
        let inc = p.inconsistency(&p.inferred(false)).unwrap();
        assert_eq!(
            (inc.mostly, inc.differing, inc.rows.clone()),
            (FieldType::Datetime, 1, vec![5])
        );
    }

    #[test]
    fn mixed_date_formats() {
        assert!(profile(&["2024-01-31", "31/01/2024"])
            .date_formats_mixed()
            .is_some());
        assert!(profile(&["13/01/2024", "01/13/2024"])
            .date_formats_mixed()
            .is_some());
        assert!(profile(&["13/01/2024", "01/02/2024"])
            .date_formats_mixed()
            .is_none());
        assert!(profile(&["2024-01-31", "2024-02-01"])
            .date_formats_mixed()
            .is_none());
    }

    #[test]
    fn year_like_labels_are_not_data() {
        let int = InferredType::of(FieldType::Integer);
        assert!(!header_cell_looks_like_value("2019", &int));
        assert!(header_cell_looks_like_value("17", &int));
        assert!(!header_cell_looks_like_value("count", &int));
        assert!(
            header_means_year("Year")
                && header_means_year("financial_year")
                && !header_means_year("years_active")
        );
    }

    proptest::proptest! {
        /// The look at the byte after the leading digits never turns away a cell that one
        /// of the readers would take.
        #[test]
        fn the_digit_led_fast_path_keeps_every_shape(
            cell in proptest::prop_oneof![
                "[0-9]{1,4}([./:, \u{a0}\u{202f}-][0-9]{1,4}){0,3}([ \u{a0}]?(%|€|[AaPp][Mm]))?",
                "[0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{4} [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?( [AP]M)?",
                "[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?Z?",
                "[0-2][0-9]:[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,6})?)?",
                "[0-3]?[0-9][ -](Jan|feb|MAR|April|May|june|Sept|Dec|Decem|Stat)[ -][0-9]{2,4}",
                "[0-9]{1,2}:[0-6][0-9](:[0-6][0-9])?( ?[AaPp][Mm])?",
                "[0-9][0-9 a-zA-Z.,:/%€£-]{0,12}",
            ]
        ) {
            let read = is_integer_text(&cell)
                || is_number_text(&cell)
                || parse_iso_date(&cell).is_some()
                || parse_datetime(&cell).is_some()
                || parse_time(&cell).is_some()
                || parse_slash_ymd(&cell).is_some()
                || parse_numeric_date(&cell).is_some()
                || parse_numeric_datetime(&cell).is_some()
                || parse_named_month_date(&cell).is_some()
                || parse_clock(&cell).is_some()
                || written_number_shape(&cell, '.').is_some()
                || written_number_shape(&cell, ',').is_some();
            if read {
                proptest::prop_assert!(
                    may_have_digit_led_shape(cell.as_bytes()),
                    "{:?} was turned away", cell
                );
                proptest::prop_assert_ne!(classify(&cell).set, 0, "{:?}", cell);
            }
        }
    }
}
