//! Freshness: from `dct:accrualPeriodicity` and `dct:modified`, whether a dataset is due
//! for an update and by how much it is overdue.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};

use super::model::{Dataset, DateValue};
use super::vocab::schemes;

/// How often an EU frequency says a dataset is updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "unit", content = "count", rename_all = "lowercase")]
#[non_exhaustive]
pub enum Interval {
    /// Every so many days (sub-daily frequencies count as one day).
    Days(u32),
    /// Every so many calendar months.
    Months(u32),
}

/// The update interval of an EU frequency IRI; `None` for frequencies without one
/// (`IRREG`, `UNKNOWN`, `NEVER`, `OTHER`, `OP_DATPRO`) and IRIs outside the table.
pub fn interval_of(frequency: &str) -> Option<Interval> {
    let code = frequency
        .strip_prefix(schemes::FREQUENCY)?
        .strip_prefix('/')?;
    Some(match code {
        "CONT" | "UPDATE_CONT" | "HOURLY" | "BIHOURLY" | "TRIHOURLY" | "DAILY_2" | "DAILY" => {
            Interval::Days(1)
        }
        "WEEKLY_3" => Interval::Days(3),
        "WEEKLY_2" => Interval::Days(4),
        "WEEKLY" => Interval::Days(7),
        "BIWEEKLY" => Interval::Days(14),
        "MONTHLY_3" => Interval::Days(11),
        "MONTHLY_2" => Interval::Days(16),
        "MONTHLY" => Interval::Months(1),
        "BIMONTHLY" => Interval::Months(2),
        "QUARTERLY" => Interval::Months(3),
        "ANNUAL_3" => Interval::Months(4),
        "ANNUAL_2" => Interval::Months(6),
        "ANNUAL" => Interval::Months(12),
        "BIENNIAL" => Interval::Months(24),
        "TRIENNIAL" => Interval::Months(36),
        "QUADRENNIAL" => Interval::Months(48),
        "QUINQUENNIAL" => Interval::Months(60),
        "DECENNIAL" => Interval::Months(120),
        "BIDECENNIAL" => Interval::Months(240),
        "TRIDECENNIAL" => Interval::Months(360),
        _ => return None,
    })
}

fn add(date: Date, interval: Interval) -> Option<Date> {
    match interval {
        Interval::Days(n) => date.checked_add(Duration::days(i64::from(n))),
        Interval::Months(n) => {
            let total =
                i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + i64::from(n);
            let year = i32::try_from(total.div_euclid(12)).ok()?;
            let month = Month::try_from(u8::try_from(total.rem_euclid(12) + 1).ok()?).ok()?;
            let day = date.day().min(time::util::days_in_month(month, year));
            Date::from_calendar_date(year, month, day).ok()
        }
    }
}

/// Whether a dataset is up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FreshnessStatus {
    /// Modified within its update interval.
    Fresh,
    /// The next update was due and has not happened.
    Overdue,
    /// The frequency has no interval (irregular, unknown, never...).
    NoSchedule,
    /// No `dct:accrualPeriodicity`, or no `dct:modified` (nor `dct:issued`).
    Unknown,
}

/// The freshness of one dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Freshness {
    /// The dataset's IRI (or blank-node id).
    pub dataset: Option<String>,
    /// The verdict.
    pub status: FreshnessStatus,
    /// `dct:accrualPeriodicity`.
    pub frequency: Option<String>,
    /// The update interval the frequency stands for.
    pub interval: Option<Interval>,
    /// The date the last update is counted from (`dct:modified`, else `dct:issued`).
    pub last_update: Option<DateValue>,
    /// When the next update was or is due.
    pub due: Option<DateValue>,
    /// Days past `due` (0 when not overdue).
    pub overdue_days: i64,
}

/// Judges a dataset's freshness on `today`. `dct:modified` is the last update; a dataset
/// never modified counts from `dct:issued`. A date covering a period (`2024`, `2024-05`)
/// counts from its last day, so a dataset is never called overdue too early.
///
/// ```
/// use opendata_core::catalog::{freshness, Dataset, DateValue, FreshnessStatus};
/// let ds = Dataset::new("https://example.org/ds")
///     .with_accrual_periodicity("http://publications.europa.eu/resource/authority/frequency/MONTHLY")
///     .with_modified(DateValue::parse("2024-01-15").unwrap());
/// let today = time::macros::date!(2024 - 03 - 01);
/// let f = freshness(&ds, today);
/// assert_eq!(f.status, FreshnessStatus::Overdue);
/// assert_eq!(f.overdue_days, 15); // due 2024-02-15
/// ```
pub fn freshness(dataset: &Dataset, today: Date) -> Freshness {
    let last_update = dataset.modified.or(dataset.issued);
    let frequency = dataset.accrual_periodicity.clone();
    let interval = frequency.as_deref().and_then(interval_of);
    let mut out = Freshness {
        dataset: dataset.id.clone(),
        status: FreshnessStatus::Unknown,
        frequency,
        interval,
        last_update,
        due: None,
        overdue_days: 0,
    };
    let (Some(freq), Some(last)) = (&out.frequency, last_update) else {
        return out;
    };
    let Some(interval) = interval else {
        if freq.starts_with(schemes::FREQUENCY) {
            out.status = FreshnessStatus::NoSchedule;
        }
        return out;
    };
    let due = add(last.last_day(), interval);
    out.due = due.map(DateValue::Date);
    match due {
        Some(due) if today > due => {
            out.status = FreshnessStatus::Overdue;
            out.overdue_days = (today - due).whole_days();
        }
        Some(_) => out.status = FreshnessStatus::Fresh,
        None => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const F: &str = "http://publications.europa.eu/resource/authority/frequency/";

    fn ds(freq: &str, modified: &str) -> Dataset {
        Dataset::new("https://e.org/d")
            .with_accrual_periodicity(format!("{F}{freq}"))
            .with_modified(DateValue::parse(modified).unwrap())
    }

    #[test]
    fn annual_dataset_modified_last_year_is_fresh_until_its_anniversary() {
        let f = freshness(&ds("ANNUAL", "2023-06-30"), date!(2024 - 06 - 30));
        assert_eq!(f.status, FreshnessStatus::Fresh);
        assert_eq!(f.due, Some(DateValue::Date(date!(2024 - 06 - 30))));
        let f = freshness(&ds("ANNUAL", "2023-06-30"), date!(2024 - 07 - 10));
        assert_eq!((f.status, f.overdue_days), (FreshnessStatus::Overdue, 10));
    }

    #[test]
    fn a_year_counts_from_its_last_day() {
        let f = freshness(&ds("ANNUAL", "2023"), date!(2024 - 12 - 31));
        assert_eq!(f.status, FreshnessStatus::Fresh);
        let f = freshness(&ds("QUARTERLY", "2024-01"), date!(2024 - 05 - 02));
        assert_eq!(f.due, Some(DateValue::Date(date!(2024 - 04 - 30))));
        assert_eq!(f.overdue_days, 2);
    }

    #[test]
    fn month_ends_clamp() {
        let f = freshness(&ds("MONTHLY", "2024-01-31"), date!(2024 - 03 - 01));
        assert_eq!(f.due, Some(DateValue::Date(date!(2024 - 02 - 29))));
        assert_eq!(f.overdue_days, 1);
    }

    #[test]
    fn irregular_and_missing_dates() {
        assert_eq!(
            freshness(&ds("IRREG", "2020-01-01"), date!(2024 - 01 - 01)).status,
            FreshnessStatus::NoSchedule
        );
        let no_date = Dataset::new("x").with_accrual_periodicity(format!("{F}DAILY"));
        assert_eq!(
            freshness(&no_date, date!(2024 - 01 - 01)).status,
            FreshnessStatus::Unknown
        );
        let other = Dataset::new("x")
            .with_accrual_periodicity("http://purl.org/cld/freq/annual")
            .with_modified(DateValue::parse("2020").unwrap());
        assert_eq!(
            freshness(&other, date!(2024 - 01 - 01)).status,
            FreshnessStatus::Unknown
        );
    }
}
