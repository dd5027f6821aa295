//! Published count tables: small-cell suppression with secondary suppression, and
//! rounding to a base.
//!
//! With row and column totals published, the suppressed cells and the rows and columns
//! they sit in form a bipartite graph (one edge per suppressed cell). A suppressed cell can
//! be worked out exactly from the totals if and only if its edge is a bridge of that graph:
//! the totals are linear equations whose solutions differ only along cycles. Secondary
//! suppression therefore adds cells until no suppressed cell is a bridge, choosing each time
//! the cheapest rectangle (smallest published total, never a zero cell when another
//! choice exists, since a zero bounds its neighbours).

use serde::{Deserialize, Serialize};

use crate::error::AnonymiseError;

/// A two-way table of counts, as it would be published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CountTable {
    /// Row labels.
    pub rows: Vec<String>,
    /// Column labels.
    pub columns: Vec<String>,
    /// `counts[row][column]`.
    pub counts: Vec<Vec<u64>>,
}

impl CountTable {
    /// A table from labels and counts; every row must have one count per column.
    pub fn new(
        rows: Vec<String>,
        columns: Vec<String>,
        counts: Vec<Vec<u64>>,
    ) -> Result<Self, AnonymiseError> {
        let t = Self {
            rows,
            columns,
            counts,
        };
        t.check()?;
        Ok(t)
    }

    fn check(&self) -> Result<(), AnonymiseError> {
        if self.counts.len() != self.rows.len() {
            return Err(AnonymiseError::InvalidTable(format!(
                "{} row labels but {} rows of counts",
                self.rows.len(),
                self.counts.len()
            )));
        }
        if let Some((i, r)) = self
            .counts
            .iter()
            .enumerate()
            .find(|(_, r)| r.len() != self.columns.len())
        {
            return Err(AnonymiseError::InvalidTable(format!(
                "row {} has {} counts, but there are {} columns",
                i + 1,
                r.len(),
                self.columns.len()
            )));
        }
        Ok(())
    }
}

/// Settings of small-cell protection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct CellProtection {
    /// Counts from 1 up to below this are suppressed (e.g. 5 or 10).
    pub threshold: u64,
    /// Whether zero counts are suppressed too (when a zero itself discloses).
    pub suppress_zeros: bool,
    /// Whether row totals are published.
    pub row_totals: bool,
    /// Whether column totals are published.
    pub column_totals: bool,
    /// Round published counts and totals to this base (e.g. 5); totals are rounded on their
    /// own, so they may not add up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rounding_base: Option<u64>,
}

impl Default for CellProtection {
    fn default() -> Self {
        Self {
            threshold: 5,
            suppress_zeros: false,
            row_totals: true,
            column_totals: true,
            rounding_base: None,
        }
    }
}

/// Why a cell is or is not published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum CellStatus {
    /// Published (possibly rounded).
    Published,
    /// Suppressed because it is small.
    Primary,
    /// Suppressed so that a small cell cannot be worked out from the totals.
    Secondary,
}

/// One published cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProtectedCell {
    /// The value published, `None` when suppressed.
    pub value: Option<u64>,
    /// Why.
    pub status: CellStatus,
}

/// The table as it may be published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProtectedTable {
    /// Row labels.
    pub rows: Vec<String>,
    /// Column labels.
    pub columns: Vec<String>,
    /// The cells.
    pub cells: Vec<Vec<ProtectedCell>>,
    /// Row totals (of the true counts, rounded when asked), when published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row_totals: Option<Vec<u64>>,
    /// Column totals, when published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column_totals: Option<Vec<u64>>,
    /// The grand total, when both totals are published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grand_total: Option<u64>,
    /// Cells suppressed for being small.
    pub primary: u64,
    /// Cells suppressed to protect them.
    pub secondary: u64,
}

/// Rounds to the nearest multiple of `base`, halves up.
pub fn round_to_base(value: u64, base: u64) -> u64 {
    if base <= 1 {
        return value;
    }
    let low = value / base * base;
    if value - low >= base.div_ceil(2) {
        low.saturating_add(base)
    } else {
        low
    }
}

/// Suppresses small cells and protects them from the published totals.
///
/// ```
/// use opendata_core::anonymise::{protect_table, CellProtection, CellStatus, CountTable};
/// let t = CountTable::new(
///     vec!["A".into(), "B".into()],
///     vec!["x".into(), "y".into(), "z".into()],
///     vec![vec![2, 10, 12], vec![20, 30, 40]],
/// )?;
/// let p = protect_table(&t, &CellProtection::default())?;
/// assert_eq!(p.cells[0][0].status, CellStatus::Primary);
/// assert_eq!(p.secondary, 3); // a rectangle: the 2 cannot be worked out from the totals
/// # Ok::<(), opendata_core::Error>(())
/// ```
pub fn protect_table(
    table: &CountTable,
    options: &CellProtection,
) -> Result<ProtectedTable, AnonymiseError> {
    table.check()?;
    if options.threshold == 0 {
        return Err(AnonymiseError::InvalidTable(
            "threshold must be at least 1".to_owned(),
        ));
    }
    let r = table.rows.len();
    let c = table.columns.len();
    let mut status = vec![vec![CellStatus::Published; c]; r];
    let mut primary = 0u64;
    for (i, row) in table.counts.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            if v < options.threshold && (v > 0 || options.suppress_zeros) {
                status[i][j] = CellStatus::Primary;
                primary += 1;
            }
        }
    }
    if primary > 0 {
        match (options.row_totals, options.column_totals) {
            (true, true) => {
                if r < 2 || c < 2 {
                    return Err(AnonymiseError::InvalidTable(
                        "with both totals published, a table with one row or one column gives every suppressed cell away; publish one total only".to_owned(),
                    ));
                }
                protect_two_way(&table.counts, &mut status);
            }
            (true, false) => protect_lines(&table.counts, &mut status, true)?,
            (false, true) => protect_lines(&table.counts, &mut status, false)?,
            (false, false) => {}
        }
    }
    let round = |v: u64| options.rounding_base.map_or(v, |b| round_to_base(v, b));
    let mut secondary = 0u64;
    let cells = table
        .counts
        .iter()
        .zip(&status)
        .map(|(row, st)| {
            row.iter()
                .zip(st)
                .map(|(&v, &s)| {
                    if s == CellStatus::Secondary {
                        secondary += 1;
                    }
                    ProtectedCell {
                        value: (s == CellStatus::Published).then(|| round(v)),
                        status: s,
                    }
                })
                .collect()
        })
        .collect();
    let row_sums: Vec<u64> = table.counts.iter().map(|r| r.iter().sum()).collect();
    let col_sums: Vec<u64> = (0..c)
        .map(|j| table.counts.iter().map(|r| r[j]).sum())
        .collect();
    let grand: u64 = row_sums.iter().sum();
    Ok(ProtectedTable {
        rows: table.rows.clone(),
        columns: table.columns.clone(),
        cells,
        row_totals: options
            .row_totals
            .then(|| row_sums.iter().map(|&v| round(v)).collect()),
        column_totals: options
            .column_totals
            .then(|| col_sums.iter().map(|&v| round(v)).collect()),
        grand_total: (options.row_totals || options.column_totals).then(|| round(grand)),
        primary,
        secondary,
    })
}

fn suppressed(s: CellStatus) -> bool {
    s != CellStatus::Published
}

/// Cost of suppressing a cell more: nothing when it already is, its count otherwise, and a
/// zero only as a last resort.
fn cost(counts: &[Vec<u64>], status: &[Vec<CellStatus>], i: usize, j: usize) -> u64 {
    if suppressed(status[i][j]) {
        0
    } else if counts[i][j] == 0 {
        1 << 40
    } else {
        counts[i][j]
    }
}

/// One total per row (or per column) only: each line with a suppressed cell needs a second.
fn protect_lines(
    counts: &[Vec<u64>],
    status: &mut [Vec<CellStatus>],
    by_row: bool,
) -> Result<(), AnonymiseError> {
    let (lines, len) = if by_row {
        (counts.len(), counts.first().map_or(0, Vec::len))
    } else {
        (counts.first().map_or(0, Vec::len), counts.len())
    };
    let at = |line: usize, k: usize| if by_row { (line, k) } else { (k, line) };
    for line in 0..lines {
        let n = (0..len)
            .filter(|&k| {
                let (i, j) = at(line, k);
                suppressed(status[i][j])
            })
            .count();
        if n == 1 {
            let pick = (0..len)
                .filter(|&k| {
                    let (i, j) = at(line, k);
                    !suppressed(status[i][j])
                })
                .min_by_key(|&k| {
                    let (i, j) = at(line, k);
                    (cost(counts, status, i, j), k)
                });
            let Some(k) = pick else {
                return Err(AnonymiseError::InvalidTable(
                    "a line with a single cell cannot hide it from its own total".to_owned(),
                ));
            };
            let (i, j) = at(line, k);
            status[i][j] = CellStatus::Secondary;
        }
    }
    Ok(())
}

/// Both totals published: add rectangles until no suppressed cell is a bridge.
fn protect_two_way(counts: &[Vec<u64>], status: &mut [Vec<CellStatus>]) {
    let r = counts.len();
    let c = counts.first().map_or(0, Vec::len);
    while let Some((i, j)) = first_bridge(status) {
        let mut best: Option<(u64, usize, usize)> = None;
        for i2 in (0..r).filter(|&x| x != i) {
            for j2 in (0..c).filter(|&y| y != j) {
                let total = cost(counts, status, i, j2)
                    + cost(counts, status, i2, j)
                    + cost(counts, status, i2, j2);
                if best.is_none_or(|(b, _, _)| total < b) {
                    best = Some((total, i2, j2));
                }
            }
        }
        let Some((_, i2, j2)) = best else { return };
        for (a, b) in [(i, j2), (i2, j), (i2, j2)] {
            if !suppressed(status[a][b]) {
                status[a][b] = CellStatus::Secondary;
            }
        }
    }
}

/// The first suppressed cell whose removal disconnects its row from its column in the graph
/// of suppressed cells: the totals then pin its value.
pub(crate) fn first_bridge(status: &[Vec<CellStatus>]) -> Option<(usize, usize)> {
    let r = status.len();
    let c = status.first().map_or(0, Vec::len);
    let edges: Vec<(usize, usize)> = (0..r)
        .flat_map(|i| (0..c).map(move |j| (i, j)))
        .filter(|&(i, j)| suppressed(status[i][j]))
        .collect();
    // Adjacency over nodes 0..r (rows) and r..r+c (columns).
    let mut adj: Vec<Vec<(usize, usize)>> = vec![Vec::new(); r + c];
    for (e, &(i, j)) in edges.iter().enumerate() {
        adj[i].push((r + j, e));
        adj[r + j].push((i, e));
    }
    edges.iter().enumerate().find_map(|(e, &(i, j))| {
        // Is column node r+j reachable from row node i without edge e?
        let mut seen = vec![false; r + c];
        let mut stack = vec![i];
        seen[i] = true;
        while let Some(n) = stack.pop() {
            for &(m, id) in &adj[n] {
                if id != e && !seen[m] {
                    seen[m] = true;
                    stack.push(m);
                }
            }
        }
        (!seen[r + j]).then_some((i, j))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(counts: Vec<Vec<u64>>) -> CountTable {
        let rows = (0..counts.len()).map(|i| format!("r{i}")).collect();
        let cols = (0..counts.first().map_or(0, Vec::len))
            .map(|j| format!("c{j}"))
            .collect();
        CountTable::new(rows, cols, counts).unwrap()
    }

    #[test]
    fn rounding_to_base() {
        assert_eq!(round_to_base(7, 5), 5);
        assert_eq!(round_to_base(8, 5), 10);
        assert_eq!(round_to_base(12, 10), 10);
        assert_eq!(round_to_base(15, 10), 20);
        assert_eq!(round_to_base(3, 1), 3);
    }

    #[test]
    fn rounded_table_has_only_multiples_of_the_base() {
        let t = table(vec![vec![12, 33], vec![47, 8]]);
        let o = CellProtection {
            threshold: 1,
            rounding_base: Some(5),
            ..Default::default()
        };
        let p = protect_table(&t, &o).unwrap();
        let values: Vec<u64> = p.cells.iter().flatten().filter_map(|c| c.value).collect();
        assert_eq!(values, [10, 35, 45, 10]);
        assert_eq!(p.row_totals, Some(vec![45, 55]));
        assert_eq!(p.grand_total, Some(100));
    }

    #[test]
    fn zero_cells_are_avoided_as_complements() {
        let t = table(vec![vec![3, 0, 50], vec![40, 0, 60], vec![30, 20, 0]]);
        let p = protect_table(&t, &CellProtection::default()).unwrap();
        for (i, row) in p.cells.iter().enumerate() {
            for (j, cell) in row.iter().enumerate() {
                if cell.status == CellStatus::Secondary {
                    assert_ne!(t.counts[i][j], 0, "zero cell ({i},{j}) used as complement");
                }
            }
        }
        assert_eq!(p.secondary, 3);
    }

    #[test]
    fn one_total_only_needs_a_second_cell_per_line() {
        let t = table(vec![vec![2, 9, 30], vec![5, 6, 7]]);
        let o = CellProtection {
            column_totals: false,
            ..Default::default()
        };
        let p = protect_table(&t, &o).unwrap();
        assert_eq!(p.cells[0][1].status, CellStatus::Secondary);
        assert_eq!(p.column_totals, None);
    }

    #[test]
    fn bad_tables_are_refused() {
        let err =
            CountTable::new(vec!["a".into()], vec!["x".into()], vec![vec![1, 2]]).unwrap_err();
        assert_eq!(err.code(), "anonymise.invalid-table");
        let t = table(vec![vec![2, 9, 30]]);
        let err = protect_table(&t, &CellProtection::default()).unwrap_err();
        assert_eq!(err.code(), "anonymise.invalid-table");
    }
}
