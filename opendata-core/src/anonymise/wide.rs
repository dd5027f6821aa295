//! Count tables as statisticians publish them: one row per category, a first column of
//! row labels, one column of counts per category of the other variable, and perhaps a
//! totals row and a totals column. Reading such a table into a [`CountTable`] and writing
//! a [`ProtectedTable`] back in the same shape.

use serde::{Deserialize, Serialize};

use super::aggregate::{CountTable, ProtectedTable};
use crate::error::AnonymiseError;

/// How to read a wide count table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct WideLayout {
    /// The column of row labels; the first column when not given.
    pub label_column: Option<String>,
    /// The columns of counts, in output order; every other column (except a totals
    /// column) when not given.
    pub count_columns: Option<Vec<String>>,
    /// The label of a totals row and the header of a totals column (compared without
    /// case and surrounding spaces). Totals found in the input are checked against the
    /// counts and left out of them.
    pub total_label: String,
}

impl Default for WideLayout {
    fn default() -> Self {
        Self {
            label_column: None,
            count_columns: None,
            total_label: "Total".to_owned(),
        }
    }
}

/// A wide table read into counts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WideCounts {
    /// The counts, without totals.
    pub table: CountTable,
    /// The header of the row-label column.
    pub label_column: String,
    /// The input had a totals column (row totals).
    pub had_row_totals: bool,
    /// The input had a totals row (column totals).
    pub had_column_totals: bool,
}

fn same_label(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

fn invalid(message: String) -> AnonymiseError {
    AnonymiseError::InvalidTable(message)
}

/// A cell as a count: a whole number, not negative, digits only (no sign, separators or
/// decimals, so `1,234` and `2.5` are refused rather than guessed at).
fn count(cell: Option<&str>, row: usize, column: &str) -> Result<u64, AnonymiseError> {
    let text = cell.map(str::trim).unwrap_or("");
    let at = format!("row {row}, column `{column}`");
    if text.is_empty() {
        return Err(invalid(format!(
            "{at}: empty cell where a count is expected"
        )));
    }
    if let Some(rest) = text.strip_prefix('-') {
        if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid(format!("{at}: negative count {text}")));
        }
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(format!("{at}: {text:?} is not a whole number")));
    }
    text.parse()
        .map_err(|_| invalid(format!("{at}: {text} is too large")))
}

fn cell(row: &[Option<String>], i: usize) -> Option<&str> {
    row.get(i).and_then(|c| c.as_deref())
}

/// Reads a wide count table from its header and data rows (cells as text, `None` for an
/// empty cell). Row numbers in errors count the header as row 1.
///
/// ```
/// use opendata_core::anonymise::{read_wide_counts, WideLayout};
/// let header = ["area", "female", "male", "Total"].map(String::from).to_vec();
/// let rows = vec![
///     vec![Some("North".into()), Some("3".into()), Some("40".into()), Some("43".into())],
///     vec![Some("South".into()), Some("25".into()), Some("31".into()), Some("56".into())],
///     vec![Some("Total".into()), Some("28".into()), Some("71".into()), Some("99".into())],
/// ];
/// let w = read_wide_counts(&header, &rows, &WideLayout::default())?;
/// assert_eq!(w.table.columns, ["female", "male"]);
/// assert_eq!(w.table.counts, [[3, 40], [25, 31]]);
/// assert!(w.had_row_totals && w.had_column_totals);
/// # Ok::<(), opendata_core::Error>(())
/// ```
pub fn read_wide_counts(
    header: &[String],
    rows: &[Vec<Option<String>>],
    layout: &WideLayout,
) -> Result<WideCounts, AnonymiseError> {
    let index = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| AnonymiseError::UnknownColumn {
                column: name.to_owned(),
            })
    };
    let label = match &layout.label_column {
        Some(name) => index(name)?,
        None if header.is_empty() => return Err(invalid("the table has no columns".to_owned())),
        None => 0,
    };
    let named: Option<Vec<usize>> = layout
        .count_columns
        .as_ref()
        .map(|names| names.iter().map(|n| index(n)).collect())
        .transpose()?;
    // A column named as counts is counts, whatever its header says.
    let total_column = header.iter().enumerate().position(|(i, h)| {
        i != label
            && same_label(h, &layout.total_label)
            && named.as_ref().is_none_or(|n| !n.contains(&i))
    });
    let columns: Vec<usize> = match named {
        Some(n) => n,
        None => (0..header.len())
            .filter(|&i| i != label && Some(i) != total_column)
            .collect(),
    };
    if columns.is_empty() {
        return Err(invalid("the table has no columns of counts".to_owned()));
    }
    if let Some(&dup) = columns
        .iter()
        .enumerate()
        .find_map(|(k, c)| columns[..k].contains(c).then_some(c))
    {
        return Err(invalid(format!("column `{}` is named twice", header[dup])));
    }
    if columns.contains(&label) {
        return Err(invalid(format!(
            "column `{}` holds the row labels and cannot also hold counts",
            header[label]
        )));
    }
    let mut labels = Vec::new();
    let mut counts = Vec::new();
    let mut row_totals = Vec::new();
    let mut total_row: Option<(usize, Vec<u64>)> = None;
    for (k, row) in rows.iter().enumerate() {
        let number = k + 2;
        let name = cell(row, label).unwrap_or("").trim().to_owned();
        let values = columns
            .iter()
            .map(|&i| count(cell(row, i), number, &header[i]))
            .collect::<Result<Vec<_>, _>>()?;
        let total = total_column
            .map(|i| count(cell(row, i), number, &header[i]))
            .transpose()?;
        if same_label(&name, &layout.total_label) {
            if total_row.is_some() {
                return Err(invalid(format!("row {number}: a second totals row")));
            }
            total_row = Some((number, values));
            continue;
        }
        if let Some(t) = total {
            row_totals.push((number, t, values.iter().sum::<u64>()));
        }
        labels.push(name);
        counts.push(values);
    }
    if labels.is_empty() {
        return Err(invalid("the table has no rows of counts".to_owned()));
    }
    if let Some((number, given, sum)) = row_totals.into_iter().find(|(_, g, s)| g != s) {
        return Err(invalid(format!(
            "row {number}: the totals column says {given}, but the row's counts add up to {sum}"
        )));
    }
    if let Some((number, totals)) = &total_row {
        for (j, given) in totals.iter().enumerate() {
            let sum: u64 = counts.iter().map(|r| r[j]).sum();
            if *given != sum {
                return Err(invalid(format!(
                    "row {number} (totals), column `{}`: says {given}, but the column adds up to {sum}",
                    header[columns[j]]
                )));
            }
        }
    }
    let names = columns.iter().map(|&i| header[i].clone()).collect();
    Ok(WideCounts {
        table: CountTable::new(labels, names, counts)?,
        label_column: header[label].clone(),
        had_row_totals: total_column.is_some(),
        had_column_totals: total_row.is_some(),
    })
}

/// The protected table as rows of text, header first: suppressed cells show `marker`,
/// published totals are a last column and a last row named `total_label`, with the grand
/// total in their corner when both are published.
///
/// ```
/// use opendata_core::anonymise::{protect_table, wide_rows, CellProtection, CountTable};
/// let t = CountTable::new(
///     vec!["A".into(), "B".into()],
///     vec!["x".into(), "y".into()],
///     vec![vec![2, 10], vec![20, 30]],
/// )?;
/// let mut options = CellProtection::default();
/// options.column_totals = false;
/// let p = protect_table(&t, &options)?;
/// let rows = wide_rows(&p, "group", "Total", "[c]");
/// assert_eq!(rows[0], ["group", "x", "y", "Total"]);
/// assert_eq!(rows[1], ["A", "[c]", "[c]", "12"]);
/// assert_eq!(rows[2], ["B", "20", "30", "50"]);
/// # Ok::<(), opendata_core::Error>(())
/// ```
pub fn wide_rows(
    table: &ProtectedTable,
    label_column: &str,
    total_label: &str,
    marker: &str,
) -> Vec<Vec<String>> {
    let mut out = Vec::with_capacity(table.rows.len() + 2);
    let mut header = vec![label_column.to_owned()];
    header.extend(table.columns.iter().cloned());
    if table.row_totals.is_some() {
        header.push(total_label.to_owned());
    }
    out.push(header);
    for (i, (name, cells)) in table.rows.iter().zip(&table.cells).enumerate() {
        let mut row = vec![name.clone()];
        row.extend(cells.iter().map(|c| match c.value {
            Some(v) => v.to_string(),
            None => marker.to_owned(),
        }));
        if let Some(t) = table.row_totals.as_ref().and_then(|t| t.get(i)) {
            row.push(t.to_string());
        }
        out.push(row);
    }
    if let Some(totals) = &table.column_totals {
        let mut row = vec![total_label.to_owned()];
        row.extend(totals.iter().map(u64::to_string));
        if table.row_totals.is_some() {
            if let Some(g) = table.grand_total {
                row.push(g.to_string());
            }
        }
        out.push(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(cells: &[&[&str]]) -> Vec<Vec<Option<String>>> {
        cells
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| (!c.is_empty()).then(|| (*c).to_owned()))
                    .collect()
            })
            .collect()
    }

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn bad_counts_name_row_and_column() {
        let h = header(&["area", "a", "b"]);
        let err = |cells: &[&[&str]]| {
            read_wide_counts(&h, &rows(cells), &WideLayout::default())
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            err(&[&["N", "1", "x"]]),
            "invalid count table: row 2, column `b`: \"x\" is not a whole number"
        );
        assert_eq!(
            err(&[&["N", "1", "2"], &["S", "-3", "2"]]),
            "invalid count table: row 3, column `a`: negative count -3"
        );
        assert_eq!(
            err(&[&["N", "", "2"]]),
            "invalid count table: row 2, column `a`: empty cell where a count is expected"
        );
        assert_eq!(
            err(&[&["N", "2.5", "2"]]),
            "invalid count table: row 2, column `a`: \"2.5\" is not a whole number"
        );
    }

    #[test]
    fn totals_must_add_up() {
        let h = header(&["area", "a", "b", "TOTAL"]);
        let r = rows(&[&["N", "1", "2", "4"]]);
        let e = read_wide_counts(&h, &r, &WideLayout::default()).unwrap_err();
        assert!(e.to_string().contains("add up to 3"), "{e}");
        let r = rows(&[&["N", "1", "2", "3"], &["total", "1", "3", "3"]]);
        let e = read_wide_counts(&h, &r, &WideLayout::default()).unwrap_err();
        assert!(e.to_string().contains("column `b`: says 3"), "{e}");
    }

    #[test]
    fn named_columns_and_unknown_ones() {
        let h = header(&["code", "area", "a", "b"]);
        let r = rows(&[&["1", "N", "7", "8"]]);
        let layout = WideLayout {
            label_column: Some("area".into()),
            count_columns: Some(vec!["b".into(), "a".into()]),
            ..WideLayout::default()
        };
        let w = read_wide_counts(&h, &r, &layout).unwrap();
        assert_eq!(w.table.rows, ["N"]);
        assert_eq!(w.table.columns, ["b", "a"]);
        assert_eq!(w.table.counts, [[8, 7]]);
        let layout = WideLayout {
            count_columns: Some(vec!["c".into()]),
            ..WideLayout::default()
        };
        let e = read_wide_counts(&h, &r, &layout).unwrap_err();
        assert_eq!(e.code(), "anonymise.unknown-column");
    }
}
