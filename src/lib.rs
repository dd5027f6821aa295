//! # opendata
//!
//! The facade of the `opendata` toolkit: it re-exports [`opendata_core`] so a Rust
//! service needs one dependency, and it owns the `opendata` command-line tool.
//!
//! ```
//! let report = opendata::table::check_csv("a,b\n1,2\n".as_bytes(), &Default::default())?;
//! assert!(report.ok);
//! # Ok::<(), opendata::Error>(())
//! ```

pub use opendata_core::*;
