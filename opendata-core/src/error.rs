//! Errors: one `thiserror` enum per module and [`enum@Error`] on top, which wraps them.
//!
//! An error means the work could not be done at all (the input could not be read, an
//! option is invalid). Problems *in* the data are never errors: they are
//! [`Finding`](crate::report::Finding)s in a report.

use thiserror::Error;

/// Any error the core returns.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or checking a table failed.
    #[error(transparent)]
    Table(#[from] TableError),
    /// Loading personal-data rules or scanning for personal data failed.
    #[error(transparent)]
    Pii(#[from] PiiError),
    /// Anonymising a table, assessing its risk or protecting a count table failed.
    #[error(transparent)]
    Anonymise(#[from] AnonymiseError),
    /// A Table Schema is malformed or cannot be used.
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// Reading, converting or writing catalogue metadata failed.
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    /// Options given as JSON (by a binding or a file) do not fit the option type.
    #[error("invalid options: {0}")]
    InvalidOptions(String),
    /// A licence question could not be answered.
    #[error(transparent)]
    Licence(#[from] LicenceError),
}

impl Error {
    /// A stable machine code for the error kind, e.g. `table.io`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Table(e) => e.code(),
            Error::Pii(e) => e.code(),
            Error::Anonymise(e) => e.code(),
            Error::Schema(e) => e.code(),
            Error::Catalog(e) => e.code(),
            Error::InvalidOptions(_) => "invalid-options",
            Error::Licence(e) => e.code(),
        }
    }
}

/// Errors of the [`table`](crate::table) module.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum TableError {
    /// The input could not be read.
    #[error("could not read the input: {0}")]
    Io(#[from] std::io::Error),
    /// The input is not a table (empty, binary, or stopped by a limit); the check report
    /// says why.
    #[error("the input cannot be read as a table: {0}")]
    NotATable(String),
    /// An Arrow column type that cannot be written as CSV.
    #[error("column `{column}` has type {data_type}, which cannot be written as CSV")]
    UnsupportedType {
        /// The column's name.
        column: String,
        /// The Arrow type.
        data_type: String,
    },
    /// Arrow refused to build or write a batch.
    #[error("arrow: {0}")]
    Arrow(String),
    /// A check option has a value the checker cannot use.
    #[error("invalid option `{option}`: {reason}")]
    InvalidOption {
        /// The option's name as the user wrote it.
        option: &'static str,
        /// Why the value cannot be used.
        reason: String,
    },
}

impl TableError {
    /// A stable machine code for the error kind.
    pub fn code(&self) -> &'static str {
        match self {
            TableError::Io(_) => "table.io",
            TableError::InvalidOption { .. } => "table.invalid-option",
            TableError::NotATable(_) => "table.not-a-table",
            TableError::UnsupportedType { .. } => "table.unsupported-type",
            TableError::Arrow(_) => "table.arrow",
        }
    }
}

/// Errors of the [`anonymise`](crate::anonymise) module. Each is raised before any
/// output is produced.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum AnonymiseError {
    /// The policy cannot be read or has a value that cannot be used.
    #[error("invalid policy: {0}")]
    InvalidPolicy(String),
    /// The policy, the privacy model or the entity map names a column the table lacks.
    #[error("unknown column `{column}`: the table has no such column")]
    UnknownColumn {
        /// The column named.
        column: String,
    },
    /// An action or hierarchy that does not fit the column's type.
    #[error("`{action}` does not fit column `{column}`, which holds {found}")]
    TypeMismatch {
        /// The column.
        column: String,
        /// The action or hierarchy.
        action: String,
        /// What the column holds.
        found: String,
    },
    /// The policy pseudonymises a column but no key was given.
    #[error("column `{column}` is pseudonymised but no key was given (pass a key, or --key-env VAR on the command line)")]
    MissingKey {
        /// The column.
        column: String,
    },
    /// The key is too short to be safe.
    #[error("the pseudonymisation key has {bytes} bytes; at least {min} are needed")]
    WeakKey {
        /// Bytes given.
        bytes: usize,
        /// Bytes needed.
        min: usize,
    },
    /// A `text-spans` column without a detector or patterns.
    #[error("column `{column}` uses text-spans but there is no span detector and the rule has no patterns")]
    MissingDetector {
        /// The column.
        column: String,
    },
    /// k is larger than the number of records.
    #[error("k = {k} is larger than the {rows} records of the table: no row-level release of so few records can be {k}-anonymous; lower k in the policy's privacy settings, or publish counts with small-cell suppression instead")]
    KLargerThanRows {
        /// The k asked for.
        k: u64,
        /// Records in the table.
        rows: u64,
    },
    /// The privacy model cannot be reached within the suppression limit.
    #[error("the privacy model cannot be reached: {0}")]
    NotReachable(String),
    /// The hierarchies span too many combinations of levels to search.
    #[error("the generalisation lattice has {nodes} nodes, more than the {limit} searched; use fewer quasi-identifiers or shorter hierarchies")]
    LatticeTooLarge {
        /// Nodes in the lattice.
        nodes: u64,
        /// The limit.
        limit: u64,
    },
    /// A batch was applied before the privacy model was resolved.
    #[error("the privacy model must be resolved (observe every batch, then resolve) before batches are applied")]
    NotResolved,
    /// A batch or state that does not match the schema the policy was compiled for.
    #[error("schema mismatch: {0}")]
    SchemaMismatch(String),
    /// The CSV has structural errors (ragged rows...), so its columns cannot be trusted.
    #[error("the table has structural errors, fix them first: {0}")]
    BrokenTable(String),
    /// A count table that cannot be protected as asked.
    #[error("invalid count table: {0}")]
    InvalidTable(String),
    /// Arrow refused to build the output.
    #[error("could not build the output: {0}")]
    Arrow(String),
}

impl AnonymiseError {
    /// A stable machine code for the error kind.
    pub fn code(&self) -> &'static str {
        match self {
            AnonymiseError::InvalidPolicy(_) => "anonymise.invalid-policy",
            AnonymiseError::UnknownColumn { .. } => "anonymise.unknown-column",
            AnonymiseError::TypeMismatch { .. } => "anonymise.type-mismatch",
            AnonymiseError::MissingKey { .. } => "anonymise.missing-key",
            AnonymiseError::WeakKey { .. } => "anonymise.weak-key",
            AnonymiseError::MissingDetector { .. } => "anonymise.missing-detector",
            AnonymiseError::KLargerThanRows { .. } => "anonymise.k-larger-than-rows",
            AnonymiseError::NotReachable(_) => "anonymise.not-reachable",
            AnonymiseError::LatticeTooLarge { .. } => "anonymise.lattice-too-large",
            AnonymiseError::NotResolved => "anonymise.not-resolved",
            AnonymiseError::SchemaMismatch(_) => "anonymise.schema-mismatch",
            AnonymiseError::InvalidTable(_) => "anonymise.invalid-table",
            AnonymiseError::BrokenTable(_) => "anonymise.broken-table",
            AnonymiseError::Arrow(_) => "anonymise.arrow",
        }
    }
}

/// Errors of [`table::schema`](crate::table::schema): a Table Schema that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum SchemaError {
    /// The schema text is not JSON at all.
    #[error("the schema is not valid JSON: {0}")]
    Json(String),
    /// The schema is JSON but breaks the Table Schema rules at `path`.
    #[error("invalid Table Schema at {path}: {reason}")]
    Invalid {
        /// JSON path of the offending value, e.g. `$.fields[2].constraints.pattern`.
        path: String,
        /// What is wrong there.
        reason: String,
    },
    /// A reference table given for a foreign key lacks a column the key refers to.
    #[error("the reference table `{resource}` has no column `{field}`")]
    MissingReferenceColumn {
        /// The resource name used in the schema's `foreignKeys`.
        resource: String,
        /// The referenced field that the table's header does not have.
        field: String,
    },
}

impl SchemaError {
    /// A stable machine code for the error kind.
    pub fn code(&self) -> &'static str {
        match self {
            SchemaError::Json(_) => "schema.invalid-json",
            SchemaError::Invalid { .. } => "schema.invalid",
            SchemaError::MissingReferenceColumn { .. } => "schema.missing-reference-column",
        }
    }

    pub(crate) fn invalid(path: impl Into<String>, reason: impl Into<String>) -> Self {
        SchemaError::Invalid {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

/// Errors of the [`catalog`](crate::catalog) module. A metadata file that does not parse
/// is not an error but `metadata.syntax` findings; these are failures to do the work.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// The input could not be read.
    #[error("could not read the input: {0}")]
    Io(#[from] std::io::Error),
    /// The document cannot be expressed in the requested output format.
    #[error("cannot write {to}: {reason}")]
    UnsupportedConversion {
        /// The requested output format.
        to: &'static str,
        /// Why not.
        reason: String,
    },
    /// Writing the output failed.
    #[error("could not write the output: {0}")]
    Serialise(String),
    /// An option has a value that cannot be used.
    #[error("invalid option `{option}`: {reason}")]
    InvalidOption {
        /// The option's name.
        option: &'static str,
        /// Why the value cannot be used.
        reason: String,
    },
}

/// Errors of the [`pii`](crate::pii) module: rules that cannot be used, input that cannot be
/// scanned. Personal data found in the input is never an error but a finding.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum PiiError {
    /// A rule file is not valid JSON or does not have the rule shape.
    #[error("invalid rule file: {reason}")]
    RuleFile {
        /// What the JSON parser said, with line and column.
        reason: String,
    },
    /// A rule is incomplete or inconsistent (no id, no pattern, confidence out of range...).
    #[error("rule `{rule}`: {reason}")]
    InvalidRule {
        /// The rule's id (or its position when it has none).
        rule: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A rule's regular expression does not compile or is larger than the size limit.
    #[error("rule `{rule}`: invalid pattern `{pattern}`: {reason}")]
    InvalidPattern {
        /// The rule's id.
        rule: String,
        /// The pattern as written in the rule.
        pattern: String,
        /// Why it cannot be used (syntax error or size limit).
        reason: String,
    },
    /// A rule names a validator the engine does not have.
    #[error("rule `{rule}`: unknown validator `{validator}` (known: {known})")]
    UnknownValidator {
        /// The rule's id.
        rule: String,
        /// The validator name as written.
        validator: String,
        /// The names the engine knows, comma-separated.
        known: String,
    },
    /// A batch does not have the columns of the batches before it.
    #[error("batch schema differs from the first batch: {reason}")]
    SchemaMismatch {
        /// Which column differs and how.
        reason: String,
    },
    /// Two scan states of different tables or rule sets were merged.
    #[error("cannot merge scan states: {reason}")]
    MergeMismatch {
        /// What differs.
        reason: String,
    },
    /// A scan option has a value that cannot be used.
    #[error("invalid option `{option}`: {reason}")]
    InvalidOption {
        /// The option's name.
        option: &'static str,
        /// Why the value cannot be used.
        reason: String,
    },
}

impl CatalogError {
    /// A stable machine code for the error kind.
    pub fn code(&self) -> &'static str {
        match self {
            CatalogError::Io(_) => "catalog.io",
            CatalogError::UnsupportedConversion { .. } => "catalog.unsupported-conversion",
            CatalogError::Serialise(_) => "catalog.serialise",
            CatalogError::InvalidOption { .. } => "catalog.invalid-option",
        }
    }
}

impl PiiError {
    /// A stable machine code for the error kind, e.g. `pii.invalid-pattern`.
    pub fn code(&self) -> &'static str {
        match self {
            PiiError::RuleFile { .. } => "pii.rule-file",
            PiiError::InvalidRule { .. } => "pii.invalid-rule",
            PiiError::InvalidPattern { .. } => "pii.invalid-pattern",
            PiiError::UnknownValidator { .. } => "pii.unknown-validator",
            PiiError::SchemaMismatch { .. } => "pii.schema-mismatch",
            PiiError::MergeMismatch { .. } => "pii.merge-mismatch",
            PiiError::InvalidOption { .. } => "pii.invalid-option",
        }
    }
}

/// Reads options of any kind from JSON, as the bindings receive them; unknown fields and
/// wrong types are an [`Error::InvalidOptions`] naming the field.
pub fn options_from_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, Error> {
    serde_json::from_str(json).map_err(|e| Error::InvalidOptions(e.to_string()))
}

/// Errors of the [`licence`](crate::licence) module.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum LicenceError {
    /// A compatibility question named no licence.
    #[error("no licence given")]
    NoInput,
    /// An input is not a known licence.
    #[error("{input:?} is not a known licence{}", if candidates.is_empty() { String::new() } else { format!(" (closest: {})", candidates.join(", ")) })]
    Unknown {
        /// The text as given.
        input: String,
        /// Ids of the closest licences, best first.
        candidates: Vec<String>,
    },
}

impl LicenceError {
    /// A stable machine code for the error kind.
    pub fn code(&self) -> &'static str {
        match self {
            LicenceError::NoInput => "licence.no-input",
            LicenceError::Unknown { .. } => "licence.unknown-input",
        }
    }
}
