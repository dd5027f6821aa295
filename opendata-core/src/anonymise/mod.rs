//! Anonymisation: a policy (data) says what happens to each column; operators turn Arrow
//! batches into a safe copy; privacy models (k-anonymity, l-diversity) decide how far
//! quasi-identifiers are generalised; count tables get small-cell suppression.
//!
//! Per-row operators work batch by batch and keep nothing between batches. A privacy model
//! needs two passes: [`Anonymiser::observe`] counts equivalence classes ([`ClassCounts`],
//! which merge across workers), [`Anonymiser::resolve`] searches the generalisation lattice,
//! [`Anonymiser::apply`] writes each batch.
//!
//! Keys come from the caller as bytes ([`Key`]) and are never serialised or shown.

mod aggregate;
mod cells;
mod classes;
mod enforce;
mod engine;
pub mod generalise;
mod hierarchy;
mod key;
mod operators;
mod policy;
mod suggest;
mod text;
mod wide;

pub use aggregate::{
    protect_table, round_to_base, CellProtection, CellStatus, CountTable, ProtectedCell,
    ProtectedTable,
};
pub use classes::{
    assess_risk, ClassCounts, ClassKey, ClassState, ProsecutorRisk, RiskReport, SizeBucket,
};
pub use enforce::{PrivacyReport, QuasiLevel, Resolution, MAX_LATTICE_NODES};
pub use engine::{
    anonymise, anonymise_csv, AnonymiseReport, Anonymised, Anonymiser, ColumnReport, Context,
    RuleSource,
};
pub use key::{Key, Seed, MIN_KEY_BYTES};
pub use policy::{
    Action, DateLevel, Encoding, HierarchySpec, LossMetric, Policy, PostcodeLevel, PrivacySettings,
    SuppressionMode,
};
pub use suggest::{suggest_policy, SuggestedPolicy, Suggestion};
pub use text::{entity_tag, replace_spans, PatternDetector, SpanDetector, TextSpan};
pub use wide::{read_wide_counts, wide_rows, WideCounts, WideLayout};

use crate::report::CodeInfo;

/// The finding codes of anonymisation and risk assessment.
pub mod codes {
    code!(
        RECORDS_BELOW_K,
        "anonymise.records-below-k",
        Error,
        "Records share their quasi-identifier values with fewer than k-1 others: they can be singled out.",
        "Generalise or suppress the quasi-identifiers (a [privacy] section in the policy) until every class has k records."
    );
    code!(
        UNIQUE_RECORDS,
        "anonymise.unique-records",
        Warning,
        "Records are unique on their quasi-identifiers.",
        "Generalise the quasi-identifiers (age bands, postcode districts, months) or drop one of them."
    );
    code!(
        UNREADABLE_VALUE,
        "anonymise.unreadable-value",
        Warning,
        "Cells of a generalised column could not be read as the generalisation needs (a date, number or postcode); they were left empty.",
        "Correct the cells, or choose an action that fits the column."
    );
    code!(
        PERSONAL_COLUMN_KEPT,
        "anonymise.personal-column-kept",
        Warning,
        "A column the scan found personal data in was published unchanged: no rule covered it.",
        "Add a rule for the column or its entity, or a default_personal action."
    );
    code!(
        RECORDS_SUPPRESSED,
        "anonymise.records-suppressed",
        Info,
        "Records were suppressed to reach k-anonymity.",
        "Nothing to fix; coarser hierarchies suppress fewer records."
    );
}

/// Every code of this module, for the code table.
pub(crate) const CODES: &[CodeInfo] = &[
    codes::RECORDS_BELOW_K,
    codes::UNIQUE_RECORDS,
    codes::UNREADABLE_VALUE,
    codes::PERSONAL_COLUMN_KEPT,
    codes::RECORDS_SUPPRESSED,
];
