//! Errors: one `thiserror` enum per module and [`Error`] on top, which wraps them.
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
    /// A licence question could not be answered.
    #[error(transparent)]
    Licence(#[from] LicenceError),
}

impl Error {
    /// A stable machine code for the error kind, e.g. `table.io`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Table(e) => e.code(),
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
        }
    }
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
