//! # opendata-core
//!
//! The domain logic of `opendata`, a toolkit that a public body runs before it publishes a
//! dataset. It reads an upload, says what is wrong with it, and returns
//! [`report::Finding`]s with stable codes that every front end (CLI, Python, browser)
//! shows unchanged.
//!
//! ```
//! use opendata_core::table::{check_csv, CheckOptions};
//!
//! let csv = "id,name\n1,Ada\n2\n";
//! let report = check_csv(csv.as_bytes(), &CheckOptions::default())?;
//! assert!(!report.ok);
//! assert_eq!(report.findings[0].code, "ragged-row");
//! assert_eq!(report.findings[0].location.row, Some(3));
//! # Ok::<(), opendata_core::Error>(())
//! ```
//!
//! The core never prints, keeps no global state and never touches the network.
#![deny(missing_docs)]

/// Declares a finding code of the one code table: `code!(NAME, "code", Severity, "meaning",
/// "hint")` gives a documented `pub const NAME: CodeInfo`.
macro_rules! code {
    ($name:ident, $code:literal, $sev:ident, $meaning:literal, $hint:literal) => {
        #[doc = concat!("`", $code, "`: ", $meaning)]
        // The meaning is also the message users read, where a URL stays bare.
        #[allow(rustdoc::bare_urls)]
        pub const $name: $crate::report::CodeInfo = $crate::report::CodeInfo {
            code: $code,
            severity: $crate::report::Severity::$sev,
            meaning: $meaning,
            hint: $hint,
        };
    };
}

pub mod anonymise;
pub mod catalog;
pub mod error;
pub mod licence;
pub mod pii;
pub mod report;
pub mod table;

pub use error::{
    options_from_json, AnonymiseError, CatalogError, Error, LicenceError, PiiError, SchemaError,
    TableError,
};
pub use report::{Finding, Location, Report, Severity};
