//! Generalisation hierarchies for quasi-identifiers: level 0 is the value, every level
//! above is coarser, and the last level is `*`.

use std::collections::HashMap;

use time::Date;

use super::cells::{parse_birth_date_text, parse_date_text, parse_number_text, Kind};
use super::generalise;
use super::policy::{DateLevel, HierarchySpec, PostcodeLevel};
use crate::error::AnonymiseError;

/// The value every hierarchy ends in.
pub const TOP: &str = "*";

#[derive(Debug, Clone)]
enum Levels {
    Suppress,
    Date,
    DateOfBirth {
        at: Date,
        bands: Vec<u32>,
    },
    Age {
        bands: Vec<u32>,
    },
    Postcode,
    Number {
        widths: Vec<f64>,
    },
    Values {
        map: HashMap<String, Vec<String>>,
        depth: usize,
    },
}

/// A compiled hierarchy.
#[derive(Debug, Clone)]
pub(crate) struct Hierarchy {
    levels: Levels,
}

impl Hierarchy {
    /// Compiles a hierarchy for a column of `kind`; `None` spec means value -> `*`.
    pub(crate) fn compile(
        column: &str,
        spec: Option<&HierarchySpec>,
        kind: Kind,
    ) -> Result<Self, AnonymiseError> {
        let mismatch = |what: &str| AnonymiseError::TypeMismatch {
            column: column.to_owned(),
            action: format!("{what} hierarchy"),
            found: super::operators::kind_name(kind).to_owned(),
        };
        let dates = matches!(kind, Kind::Text | Kind::Date);
        let numbers = matches!(kind, Kind::Text | Kind::Integer | Kind::Float);
        let levels = match spec {
            None | Some(HierarchySpec::Suppress) => Levels::Suppress,
            Some(HierarchySpec::Date) if dates => Levels::Date,
            Some(HierarchySpec::Date) => return Err(mismatch("date")),
            Some(HierarchySpec::DateOfBirth {
                reference_date,
                bands,
            }) if dates => Levels::DateOfBirth {
                at: crate::table::types::parse_iso_date(reference_date).ok_or_else(|| {
                    AnonymiseError::InvalidPolicy(format!(
                        "privacy.hierarchies.{column}: reference_date is not an ISO date"
                    ))
                })?,
                bands: bands.clone(),
            },
            Some(HierarchySpec::DateOfBirth { .. }) => return Err(mismatch("date-of-birth")),
            Some(HierarchySpec::Age { bands }) if numbers => Levels::Age {
                bands: bands.clone(),
            },
            Some(HierarchySpec::Age { .. }) => return Err(mismatch("age")),
            Some(HierarchySpec::Postcode) if kind == Kind::Text => Levels::Postcode,
            Some(HierarchySpec::Postcode) => return Err(mismatch("postcode")),
            Some(HierarchySpec::Number { widths }) if numbers => Levels::Number {
                widths: widths.clone(),
            },
            Some(HierarchySpec::Number { .. }) => return Err(mismatch("number")),
            Some(HierarchySpec::Values { rows }) => {
                let mut map = HashMap::new();
                for row in rows {
                    if let Some((value, levels)) = row.split_first() {
                        map.insert(value.clone(), levels.to_vec());
                    }
                }
                let mut depth = rows.first().map_or(1, |r| r.len().saturating_sub(1));
                // Rows that do not already meet in one top value get `*` above them.
                let tops: std::collections::HashSet<&str> = rows
                    .iter()
                    .filter_map(|r| r.last().map(String::as_str))
                    .collect();
                if tops.len() == 1 && tops.contains(TOP) {
                    depth -= 1;
                }
                Levels::Values { map, depth }
            }
        };
        Ok(Self { levels })
    }

    /// Number of levels, value and `*` included.
    pub(crate) fn height(&self) -> usize {
        2 + match &self.levels {
            Levels::Suppress => 0,
            Levels::Date => 3,
            Levels::DateOfBirth { bands, .. } => 1 + bands.len(),
            Levels::Age { bands } => bands.len(),
            Levels::Postcode => 3,
            Levels::Number { widths } => widths.len(),
            Levels::Values { depth, .. } => *depth,
        }
    }

    /// A name for a level, for reports.
    pub(crate) fn label(&self, level: usize) -> String {
        if level == 0 {
            return "value".to_owned();
        }
        if level + 1 >= self.height() {
            return TOP.to_owned();
        }
        match &self.levels {
            Levels::Date => ["month", "quarter", "year"][(level - 1).min(2)].to_owned(),
            Levels::DateOfBirth { bands, .. } => match level {
                1 => "age".to_owned(),
                l => format!("{}-year age bands", bands.get(l - 2).copied().unwrap_or(0)),
            },
            Levels::Age { bands } => {
                format!("{}-year bands", bands.get(level - 1).copied().unwrap_or(0))
            }
            Levels::Postcode => ["sector", "district", "area"][(level - 1).min(2)].to_owned(),
            Levels::Number { widths } => format!(
                "intervals of {}",
                generalise::number_text(widths.get(level - 1).copied().unwrap_or(0.0))
            ),
            _ => format!("level {level}"),
        }
    }

    /// The value at `level`. Null stays null below the top; a value that cannot be read
    /// as what the hierarchy expects goes straight to `*`, the only level certain to hide it.
    pub(crate) fn generalise(&self, value: Option<&str>, level: usize) -> Option<String> {
        if level + 1 >= self.height() {
            return Some(TOP.to_owned());
        }
        let value = value?;
        if level == 0 {
            return Some(value.to_owned());
        }
        Some(self.step(value, level).unwrap_or_else(|| TOP.to_owned()))
    }

    /// Whether a non-empty value can be read by this hierarchy.
    pub(crate) fn reads(&self, value: &str) -> bool {
        self.height() <= 2 || self.step(value, 1).is_some()
    }

    fn step(&self, value: &str, level: usize) -> Option<String> {
        let v = value.trim();
        match &self.levels {
            Levels::Suppress => None,
            Levels::Date => {
                let d = parse_date_text(v)?;
                let l = [DateLevel::Month, DateLevel::Quarter, DateLevel::Year].get(level - 1)?;
                Some(generalise::date(d, *l))
            }
            Levels::DateOfBirth { at, bands } => {
                let age = generalise::age(parse_birth_date_text(v, *at)?, *at)?;
                if level == 1 {
                    Some(age.to_string())
                } else {
                    Some(generalise::age_band(age, *bands.get(level - 2)?, None))
                }
            }
            Levels::Age { bands } => {
                let age = parse_number_text(v)?;
                if !(0.0..=200.0).contains(&age) {
                    return None;
                }
                Some(generalise::age_band(
                    age as u32,
                    *bands.get(level - 1)?,
                    None,
                ))
            }
            Levels::Postcode => {
                let l = [
                    PostcodeLevel::Sector,
                    PostcodeLevel::District,
                    PostcodeLevel::Area,
                ]
                .get(level - 1)?;
                // An outward code alone has no sector: its district is the next level up.
                generalise::postcode(v, *l)
                    .or_else(|| generalise::postcode(v, PostcodeLevel::District))
            }
            Levels::Number { widths } => {
                generalise::bin(parse_number_text(v)?, *widths.get(level - 1)?, 0.0)
            }
            Levels::Values { map, .. } => map.get(value)?.get(level - 1).cloned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_hierarchies_climb_to_star() {
        let h = Hierarchy::compile("d", Some(&HierarchySpec::Date), Kind::Text).unwrap();
        assert_eq!(h.height(), 5);
        let got: Vec<_> = (0..5)
            .map(|l| h.generalise(Some("2024-05-31"), l).unwrap())
            .collect();
        assert_eq!(got, ["2024-05-31", "2024-05", "2024-Q2", "2024", "*"]);
        assert_eq!(h.generalise(Some("garbage"), 2).as_deref(), Some("*"));
        assert_eq!(h.generalise(None, 2), None);
        assert_eq!(h.generalise(None, 4).as_deref(), Some("*"));

        let dob = HierarchySpec::DateOfBirth {
            reference_date: "2025-01-01".into(),
            bands: vec![5, 10],
        };
        let h = Hierarchy::compile("dob", Some(&dob), Kind::Date).unwrap();
        let got: Vec<_> = (0..h.height())
            .map(|l| h.generalise(Some("1990-06-15"), l).unwrap())
            .collect();
        assert_eq!(got, ["1990-06-15", "34", "30-34", "30-39", "*"]);

        let h = Hierarchy::compile("p", Some(&HierarchySpec::Postcode), Kind::Text).unwrap();
        let got: Vec<_> = (0..h.height())
            .map(|l| h.generalise(Some("SW1A 1AA"), l).unwrap())
            .collect();
        assert_eq!(got, ["SW1A 1AA", "SW1A 1", "SW1A", "SW", "*"]);
        assert_eq!(h.label(2), "district");
    }

    #[test]
    fn user_defined_hierarchy_gets_a_star_on_top_only_when_needed() {
        let spec = HierarchySpec::Values {
            rows: vec![
                vec!["Leeds".into(), "North".into()],
                vec!["Bath".into(), "South".into()],
            ],
        };
        let h = Hierarchy::compile("town", Some(&spec), Kind::Text).unwrap();
        assert_eq!(h.height(), 3);
        assert_eq!(h.generalise(Some("Leeds"), 1).as_deref(), Some("North"));
        assert_eq!(h.generalise(Some("Paris"), 1).as_deref(), Some("*"));
        let spec = HierarchySpec::Values {
            rows: vec![vec!["M".into(), "*".into()], vec!["F".into(), "*".into()]],
        };
        let h = Hierarchy::compile("sex", Some(&spec), Kind::Text).unwrap();
        assert_eq!(h.height(), 2);
    }

    #[test]
    fn hierarchy_must_fit_the_type() {
        let err =
            Hierarchy::compile("n", Some(&HierarchySpec::Postcode), Kind::Integer).unwrap_err();
        assert_eq!(err.code(), "anonymise.type-mismatch");
        let err = Hierarchy::compile("n", Some(&HierarchySpec::Date), Kind::Float).unwrap_err();
        assert_eq!(err.code(), "anonymise.type-mismatch");
    }
}
