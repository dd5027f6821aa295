//! Frictionless Table Schema: the model, reading it from JSON, and a streaming validator
//! that checks a table's header and rows against it.
//!
//! - [`TableSchema`], [`Field`], [`Constraints`], [`ForeignKey`]: the schema, read with
//!   [`TableSchema::from_json`] (a malformed schema is a [`SchemaError`] naming the JSON
//!   path) or built in Rust.
//! - [`SchemaValidator`]: `check_header`, then `check_row` for each row, then `finish`;
//!   memory holds the compiled schema and 16 bytes per row for each uniqueness or
//!   primary-key check, never the cells.
//! - [`validate_rows`]: the same for a table held as rows of strings, in one call.
//!
//! Findings use the frictionless error names (`type-error`, `constraint-error`, ...) so
//! users recognise them; messages describe a value's problem without showing the value.
//!
//! [`SchemaError`]: crate::error::SchemaError

mod cast;
mod compile;
mod load;
mod model;
mod rows;
mod validate;

pub use model::{Constraints, Field, FieldsMatch, ForeignKey, ForeignKeyReference, TableSchema};
pub use rows::{validate_rows, ValidateRowsOptions};
pub use validate::SchemaValidator;

use crate::report::CodeInfo;

/// The finding codes of Table Schema validation (frictionless names).
pub mod codes {
    code!(
        TYPE_ERROR,
        "type-error",
        Error,
        "A cell's value is not of its field's type or format.",
        "Correct the value, or correct the field's type or format in the schema."
    );
    code!(
        CONSTRAINT_ERROR,
        "constraint-error",
        Error,
        "A cell's value breaks a constraint of its field (required, minimum, maximum, minLength, maxLength, pattern, enum).",
        "Correct the value, or relax the constraint in the schema if the value is right."
    );
    code!(
        UNIQUE_ERROR,
        "unique-error",
        Error,
        "A value repeats in a field whose values must be unique.",
        "Remove the duplicate row or correct one of the two values."
    );
    code!(
        PRIMARY_KEY,
        "primary-key",
        Error,
        "Two rows have the same primary key.",
        "Make every row's key different: remove the duplicate row or correct its key."
    );
    code!(
        FOREIGN_KEY,
        "foreign-key",
        Error,
        "A key's value is not found in the table it refers to (or that table was not given).",
        "Correct the value or add the missing row to the referenced table, and give that table to the check."
    );
    code!(
        MISSING_LABEL,
        "missing-label",
        Error,
        "A field of the schema has no column in the file.",
        "Add the column to the file, or remove the field from the schema."
    );
    code!(
        EXTRA_LABEL,
        "extra-label",
        Error,
        "The file has a column the schema does not describe.",
        "Describe the column in the schema, or remove it from the file."
    );
    code!(
        INCORRECT_LABEL,
        "incorrect-label",
        Error,
        "A header label does not match the schema: it differs in letter case or spaces, or the columns are in another order.",
        "Rename or move the column to match the schema (or set the schema's fieldsMatch to equal)."
    );
}

/// Every code of this module, for the code table.
pub(crate) const CODES: &[CodeInfo] = &[
    codes::TYPE_ERROR,
    codes::CONSTRAINT_ERROR,
    codes::UNIQUE_ERROR,
    codes::PRIMARY_KEY,
    codes::FOREIGN_KEY,
    codes::MISSING_LABEL,
    codes::EXTRA_LABEL,
    codes::INCORRECT_LABEL,
];

#[cfg(test)]
mod tests;
