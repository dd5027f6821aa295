//! k-anonymity (and distinct l-diversity) by search over generalisation hierarchies.
//!
//! Every combination of levels (a node of the lattice) is scored on the class counts alone:
//! the distinct quasi-identifier combinations are generalised and regrouped, classes below k
//! (or with fewer than l sensitive values) are suppressed, and the node qualifies when no
//! more records than allowed are suppressed. The qualifying node with the least information
//! loss wins; ties go to the lower total height, then to the lexicographically lower levels,
//! so the answer is deterministic.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::classes::{ClassCounts, ClassKey, RiskReport};
use super::hierarchy::Hierarchy;
use super::policy::{LossMetric, PrivacySettings};
use crate::error::AnonymiseError;

/// Most lattice nodes searched; above it the hierarchies must be shortened.
pub const MAX_LATTICE_NODES: u64 = 100_000;

/// What the enforcement chose and what it cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PrivacyReport {
    /// The k reached.
    pub k: u64,
    /// The l of distinct l-diversity, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub l: Option<u64>,
    /// The level chosen for each quasi-identifier.
    pub levels: Vec<QuasiLevel>,
    /// Records before suppression.
    pub records: u64,
    /// Records suppressed.
    pub suppressed: u64,
    /// Equivalence classes of the published records.
    pub classes: u64,
    /// The smallest published class.
    pub smallest_class: u64,
    /// Discernibility: sum of class size squared over published classes, plus records for
    /// each suppressed record.
    pub discernibility: u64,
    /// Sum of the chosen levels.
    pub generalisation_height: u64,
    /// The chosen height as a share of the highest possible (0 = nothing generalised).
    pub normalised_height: f64,
    /// Lattice nodes scored.
    pub nodes_evaluated: u64,
    /// Re-identification risk of the published records.
    pub risk: RiskReport,
}

/// The level chosen for one quasi-identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct QuasiLevel {
    /// The column.
    pub column: String,
    /// The level, 0 = values unchanged.
    pub level: usize,
    /// The top level (`*`).
    pub max_level: usize,
    /// What the level is (`district`, `10-year age bands`, `*`).
    pub label: String,
}

/// The decision of a privacy model, applied to every row in the second pass: for each
/// combination of quasi-identifier values the first pass saw, its generalised values and
/// whether its class is suppressed.
///
/// It serialises (as JSON, the combinations as a sorted list) so that one machine can
/// resolve the model from the merged class counts and ship the decision to the workers that
/// apply batches ([`Anonymiser::set_resolution`](super::Anonymiser::set_resolution)),
/// instead of every worker repeating the search. It holds quasi-identifier values as they
/// were in the table, so treat it like the table itself; it holds no key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "ResolutionData", into = "ResolutionData")]
pub struct Resolution {
    /// Generalised quasi-identifier values of each original combination, and whether its
    /// class is suppressed.
    pub(crate) outcome: HashMap<ClassKey, (Vec<Option<String>>, bool)>,
    pub(crate) report: PrivacyReport,
}

impl Resolution {
    /// What the enforcement chose and what it cost.
    pub fn report(&self) -> &PrivacyReport {
        &self.report
    }
}

/// The serialised form of a [`Resolution`]: JSON keys must be strings, so the combinations
/// are a list, sorted so that the same decision gives the same bytes.
#[derive(Serialize, Deserialize)]
struct ResolutionData {
    report: PrivacyReport,
    outcome: Vec<(ClassKey, Vec<Option<String>>, bool)>,
}

impl From<ResolutionData> for Resolution {
    fn from(d: ResolutionData) -> Self {
        Self {
            outcome: d
                .outcome
                .into_iter()
                .map(|(key, values, suppressed)| (key, (values, suppressed)))
                .collect(),
            report: d.report,
        }
    }
}

impl From<Resolution> for ResolutionData {
    fn from(r: Resolution) -> Self {
        let mut outcome: Vec<_> = r
            .outcome
            .into_iter()
            .map(|(key, (values, suppressed))| (key, values, suppressed))
            .collect();
        outcome.sort_by(|a, b| a.0.cmp(&b.0));
        Self {
            report: r.report,
            outcome,
        }
    }
}

struct Interned {
    /// Per quasi-identifier, per level, per raw value id: the generalised value id.
    gen: Vec<Vec<Vec<u32>>>,
    /// Per quasi-identifier, per level, per generalised id: the value.
    names: Vec<Vec<Vec<Option<String>>>>,
    /// Distinct raw combinations: raw ids, count, sensitive value ids.
    combos: Vec<(Vec<u32>, u64, Vec<u32>)>,
    keys: Vec<ClassKey>,
}

fn intern(counts: &ClassCounts, hierarchies: &[Hierarchy]) -> Interned {
    let q = hierarchies.len();
    let mut raw_ids: Vec<HashMap<Option<String>, u32>> = vec![HashMap::new(); q];
    let mut raw_values: Vec<Vec<Option<String>>> = vec![Vec::new(); q];
    let mut sens_ids: HashMap<String, u32> = HashMap::new();
    let mut combos = Vec::new();
    let mut keys = Vec::new();
    let mut sorted: Vec<_> = counts.classes().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    for (key, state) in sorted {
        let ids: Vec<u32> = key
            .iter()
            .zip(raw_ids.iter_mut().zip(raw_values.iter_mut()))
            .map(|(v, (ids, values))| {
                let next = ids.len() as u32;
                *ids.entry(v.clone()).or_insert_with(|| {
                    values.push(v.clone());
                    next
                })
            })
            .collect();
        let sens: Vec<u32> = state
            .sensitive
            .iter()
            .map(|s| {
                let next = sens_ids.len() as u32;
                *sens_ids.entry(s.clone()).or_insert(next)
            })
            .collect();
        combos.push((ids, state.count, sens));
        keys.push(key.clone());
    }
    let mut gen = Vec::with_capacity(q);
    let mut names = Vec::with_capacity(q);
    for (h, values) in hierarchies.iter().zip(&raw_values) {
        let mut per_level = Vec::with_capacity(h.height());
        let mut names_level = Vec::with_capacity(h.height());
        for level in 0..h.height() {
            let mut ids: HashMap<Option<String>, u32> = HashMap::new();
            let mut level_names = Vec::new();
            let map: Vec<u32> = values
                .iter()
                .map(|v| {
                    let g = h.generalise(v.as_deref(), level);
                    let next = ids.len() as u32;
                    *ids.entry(g.clone()).or_insert_with(|| {
                        level_names.push(g);
                        next
                    })
                })
                .collect();
            per_level.push(map);
            names_level.push(level_names);
        }
        gen.push(per_level);
        names.push(names_level);
    }
    Interned {
        gen,
        names,
        combos,
        keys,
    }
}

struct Score {
    suppressed: u64,
    discernibility: u64,
    classes: u64,
    smallest: u64,
}

/// Groups the combinations under `levels`; returns per combination its class index, and
/// per class (count, distinct sensitive values).
fn group(data: &Interned, levels: &[usize], l_cap: usize) -> (Vec<usize>, Vec<(u64, usize)>) {
    let mut index: HashMap<Vec<u32>, usize> = HashMap::with_capacity(data.combos.len());
    let mut classes: Vec<(u64, HashSet<u32>)> = Vec::new();
    let mut of_combo = Vec::with_capacity(data.combos.len());
    let mut key = Vec::with_capacity(levels.len());
    for (raw, count, sens) in &data.combos {
        key.clear();
        key.extend(
            raw.iter()
                .enumerate()
                .map(|(q, &r)| data.gen[q][levels[q]][r as usize]),
        );
        let at = match index.get(&key) {
            Some(&i) => i,
            None => {
                index.insert(key.clone(), classes.len());
                classes.push((0, HashSet::new()));
                classes.len() - 1
            }
        };
        let class = &mut classes[at];
        class.0 += count;
        if class.1.len() < l_cap {
            class.1.extend(sens.iter().copied());
        }
        of_combo.push(at);
    }
    let summary = classes.into_iter().map(|(c, s)| (c, s.len())).collect();
    (of_combo, summary)
}

fn score(classes: &[(u64, usize)], k: u64, l: Option<u64>, records: u64) -> (Score, Vec<bool>) {
    let mut s = Score {
        suppressed: 0,
        discernibility: 0,
        classes: 0,
        smallest: 0,
    };
    let mut suppressed = Vec::with_capacity(classes.len());
    for &(count, distinct) in classes {
        let bad = count < k || l.is_some_and(|l| (distinct as u64) < l);
        suppressed.push(bad);
        if bad {
            s.suppressed += count;
            s.discernibility = s
                .discernibility
                .saturating_add(count.saturating_mul(records));
        } else {
            s.classes += 1;
            s.smallest = if s.smallest == 0 {
                count
            } else {
                s.smallest.min(count)
            };
            s.discernibility = s.discernibility.saturating_add(count.saturating_mul(count));
        }
    }
    (s, suppressed)
}

/// Finds the least-loss generalisation that reaches the settings' k (and l).
pub(crate) fn enforce(
    counts: &ClassCounts,
    hierarchies: &[Hierarchy],
    settings: &PrivacySettings,
) -> Result<Resolution, AnonymiseError> {
    let records = counts.records();
    if settings.k > records {
        return Err(AnonymiseError::KLargerThanRows {
            k: settings.k,
            rows: records,
        });
    }
    let heights: Vec<usize> = hierarchies.iter().map(Hierarchy::height).collect();
    let nodes = heights
        .iter()
        .try_fold(1u64, |acc, &h| acc.checked_mul(h as u64))
        .unwrap_or(u64::MAX);
    if nodes > MAX_LATTICE_NODES {
        return Err(AnonymiseError::LatticeTooLarge {
            nodes,
            limit: MAX_LATTICE_NODES,
        });
    }
    let data = intern(counts, hierarchies);
    // The share is of records; flooring keeps the limit a promise (the epsilon keeps
    // 0.29 * 100 from flooring to 28).
    let allowed = (settings.max_suppression * records as f64 + 1e-9).floor() as u64;
    let l_cap = settings
        .l
        .map_or(0, |l| usize::try_from(l).unwrap_or(usize::MAX));
    let mut best: Option<(u64, u64, Vec<usize>)> = None;
    let mut fewest_suppressed = u64::MAX;
    let mut levels = vec![0usize; heights.len()];
    let mut evaluated = 0u64;
    loop {
        evaluated += 1;
        let (_, classes) = group(&data, &levels, l_cap);
        let (s, _) = score(&classes, settings.k, settings.l, records);
        fewest_suppressed = fewest_suppressed.min(s.suppressed);
        if s.suppressed <= allowed {
            let height: u64 = levels.iter().map(|&l| l as u64).sum();
            let loss = match settings.metric {
                LossMetric::Discernibility => s.discernibility,
                LossMetric::Height => height,
            };
            let better = match &best {
                None => true,
                Some((bl, bh, bv)) => (loss, height, &levels) < (*bl, *bh, bv),
            };
            if better {
                best = Some((loss, height, levels.clone()));
            }
        }
        // Next node in mixed radix.
        let mut i = 0;
        loop {
            if i == levels.len() {
                return finish(
                    best,
                    &data,
                    counts,
                    hierarchies,
                    settings,
                    evaluated,
                    fewest_suppressed,
                    allowed,
                );
            }
            levels[i] += 1;
            if levels[i] < heights[i] {
                break;
            }
            levels[i] = 0;
            i += 1;
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn finish(
    best: Option<(u64, u64, Vec<usize>)>,
    data: &Interned,
    counts: &ClassCounts,
    hierarchies: &[Hierarchy],
    settings: &PrivacySettings,
    evaluated: u64,
    fewest_suppressed: u64,
    allowed: u64,
) -> Result<Resolution, AnonymiseError> {
    let records = counts.records();
    let Some((_, height, levels)) = best else {
        let what = match settings.l {
            Some(l) => format!("k = {} with l = {l}", settings.k),
            None => format!("k = {}", settings.k),
        };
        return Err(AnonymiseError::NotReachable(format!(
            "{what} needs at least {fewest_suppressed} of {records} records suppressed even with every quasi-identifier fully generalised; max_suppression allows {allowed}"
        )));
    };
    let l_cap = settings
        .l
        .map_or(0, |l| usize::try_from(l).unwrap_or(usize::MAX));
    let (of_combo, classes) = group(data, &levels, l_cap);
    let (s, suppressed) = score(&classes, settings.k, settings.l, records);
    let mut outcome = HashMap::with_capacity(data.keys.len());
    for (c, ((raw, _, _), key)) in data.combos.iter().zip(&data.keys).enumerate() {
        let values: Vec<Option<String>> = raw
            .iter()
            .enumerate()
            .map(|(q, &r)| {
                let g = data.gen[q][levels[q]][r as usize];
                data.names[q][levels[q]][g as usize].clone()
            })
            .collect();
        let class = of_combo[c];
        outcome.insert(key.clone(), (values, suppressed[class]));
    }
    let max_height: u64 = hierarchies.iter().map(|h| h.height() as u64 - 1).sum();
    let published = classes
        .iter()
        .zip(&suppressed)
        .filter(|(_, &bad)| !bad)
        .map(|(c, _)| c.0);
    let risk = RiskReport::from_sizes(counts.quasi_identifiers().to_vec(), published, settings.k);
    let report = PrivacyReport {
        k: settings.k,
        l: settings.l,
        levels: counts
            .quasi_identifiers()
            .iter()
            .zip(hierarchies)
            .zip(&levels)
            .map(|((c, h), &level)| QuasiLevel {
                column: c.clone(),
                level,
                max_level: h.height() - 1,
                label: h.label(level),
            })
            .collect(),
        records,
        suppressed: s.suppressed,
        classes: s.classes,
        smallest_class: s.smallest,
        discernibility: s.discernibility,
        generalisation_height: height,
        normalised_height: if max_height == 0 {
            0.0
        } else {
            height as f64 / max_height as f64
        },
        nodes_evaluated: evaluated,
        risk,
    };
    Ok(Resolution { outcome, report })
}
