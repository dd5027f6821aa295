//! Tabular uploads: reading CSV whatever its dialect and encoding, and the structural
//! checks a publisher needs before a file goes out.
//!
//! The entry point is [`check_csv`]; its [`CheckOptions`] override every guess.

mod arrow_check;
mod check;
mod checked;
mod decode;
mod parse;
mod profile;
mod reader;
pub mod records;
mod scan;
mod sniff;
pub mod types;
mod write;

pub use arrow_check::check_batches;
pub use check::{
    check_and_infer_schema, check_csv, check_csv_with_progress, CheckOptions, Progress,
};
pub use profile::InferredType;
pub use reader::{CsvBatches, CsvReader, ReadAhead, META_FORMAT, META_TYPE};
#[cfg(feature = "ipc")]
pub use write::write_ipc;
pub use write::{format_value, CsvWriter};

use crate::report::CodeInfo;

/// The finding codes of the table checks.
pub mod codes {
    code!(
        EMPTY_FILE,
        "empty-file",
        Error,
        "The file has no records at all.",
        "Export the table again; the upload is empty."
    );
    code!(
        NO_DATA_ROWS,
        "no-data-rows",
        Warning,
        "The file has a header but no data rows.",
        "Export the table again with its rows; an empty table is rarely meant to be published."
    );
    code!(
        BINARY_FILE,
        "binary-file",
        Error,
        "The file holds NUL bytes: it is not a text CSV (a spreadsheet, archive or image?).",
        "Save the sheet as CSV (UTF-8) and upload that file."
    );
    code!(
        INVALID_ENCODING,
        "invalid-encoding",
        Error,
        "Bytes that are not valid in the file's encoding.",
        "Re-save the file as UTF-8, or name the real encoding with the encoding option."
    );
    code!(
        NON_UTF8_ENCODING,
        "non-utf8-encoding",
        Warning,
        "The file is not UTF-8; it was decoded with another encoding.",
        "Re-save the file as UTF-8 so every re-user reads the same characters."
    );
    code!(
        UTF8_BOM,
        "utf8-bom",
        Warning,
        "The file starts with a UTF-8 byte-order mark.",
        "Save as UTF-8 without BOM; some tools read the mark as part of the first header."
    );
    code!(
        NON_COMMA_DELIMITER,
        "non-comma-delimiter",
        Info,
        "The fields are not separated by commas.",
        "Comma-separated files are what most tools expect; publish with commas if you can."
    );
    code!(
        MIXED_LINE_ENDINGS,
        "mixed-line-endings",
        Warning,
        "Rows end with different line endings (LF, CRLF, CR).",
        "Save the file again so every row ends the same way (CRLF per RFC 4180, or LF)."
    );
    code!(
        BLANK_HEADER,
        "blank-header",
        Error,
        "A column has no name in the header.",
        "Give every column a name."
    );
    code!(
        DUPLICATE_HEADER,
        "duplicate-header",
        Error,
        "Two columns have the same name.",
        "Rename one of the columns so each name is unique."
    );
    code!(RAGGED_ROW, "ragged-row", Error, "A row has more or fewer cells than the header.", "Add the missing cells or remove the extra ones; check for unquoted delimiters in the text.");
    code!(
        BLANK_ROW,
        "blank-row",
        Error,
        "A row has no values at all.",
        "Delete the empty row."
    );
    code!(
        STRAY_QUOTE,
        "stray-quote",
        Error,
        "A quote character inside an unquoted cell or after a closing quote.",
        "Quote the whole cell and double the quotes inside it (\"\" for \")."
    );
    code!(
        UNCLOSED_QUOTE,
        "unclosed-quote",
        Error,
        "A quoted cell is never closed: the rest of the file became one cell.",
        "Add the closing quote; the hint's byte offset shows where the cell opens."
    );
    code!(
        TITLE_ROW,
        "title-row",
        Warning,
        "A title or note row sits above the header.",
        "Delete the rows above the header so the first row names the columns."
    );
    code!(
        NOTE_ROW,
        "note-row",
        Warning,
        "A note or source line sits below the table, after an empty row; it was not read as data.",
        "Move notes and sources into the dataset's description so the file holds only the table."
    );
    code!(
        TOTAL_ROW,
        "total-row",
        Info,
        "The table ends with a totals row (its first cell says Total).",
        "In a file of records, delete it: re-users compute totals themselves and count a totals row twice when they sum the column. A published table of counts may keep its margins."
    );
    code!(
        EXCEL_SEP_LINE,
        "excel-sep-line",
        Warning,
        "The first line is Excel's delimiter directive (`sep=;`): Excel reads it as a setting, every other tool as the header.",
        "Delete the `sep=` line so the first row names the columns."
    );
    code!(
        HEADER_LOOKS_LIKE_DATA,
        "header-looks-like-data",
        Warning,
        "The first row holds values of the columns' types: the file may have no header.",
        "Add a header row naming the columns, or read the file with header off."
    );
    code!(
        HEADER_WHITESPACE,
        "header-whitespace",
        Warning,
        "A column name starts or ends with spaces.",
        "Trim the spaces from the column name."
    );
    code!(
        WHITESPACE,
        "whitespace",
        Warning,
        "A cell starts or ends with spaces or tabs.",
        "Trim the cell; stray spaces break matching and joins."
    );
    code!(
        CONTROL_CHARACTER,
        "control-character",
        Warning,
        "A cell holds a control character (other than tab and line breaks).",
        "Remove the invisible character; it often comes from copy-paste or a broken export."
    );
    code!(FORMULA_INJECTION, "formula-injection", Warning, "A cell starts with = + - or @ and would run as a formula when the file is opened in a spreadsheet (security); numbers, written numbers (-1,234.56, -£120.50) and phone numbers are not flagged.", "Prefix such cells with an apostrophe or a space, or remove the formula.");
    code!(SCIENTIFIC_NOTATION, "scientific-notation", Warning, "A number shown in scientific notation (1.23457E+11), as spreadsheets render long identifiers: the digits are lost.", "Re-export from the source system with the column formatted as text.");
    code!(
        THOUSANDS_SEPARATOR,
        "thousands-separator",
        Warning,
        "A number written with thousands separators (1,234,567): it is read as text.",
        "Write numbers without grouping separators and with a dot as decimal mark."
    );
    code!(
        MIXED_DATE_FORMATS,
        "mixed-date-formats",
        Warning,
        "Dates in one column are written in more than one way.",
        "Write every date as YYYY-MM-DD."
    );
    code!(
        INCONSISTENT_VALUES,
        "inconsistent-values",
        Warning,
        "Most values of a column have one type, but some rows differ.",
        "Correct the differing rows, or mark missing values consistently."
    );
    code!(
        CELL_TOO_LARGE,
        "cell-too-large",
        Error,
        "A cell is larger than the size limit; reading stopped there.",
        "Check the file for a missing quote or delimiter, or raise max_cell_bytes."
    );
    code!(
        TOO_MANY_COLUMNS,
        "too-many-columns",
        Error,
        "A row has more columns than the limit; reading stopped there.",
        "Check the delimiter, or raise max_columns."
    );
}

// After `code!` so that the schema module can declare its codes with it.
pub mod schema;

/// Every code of this module, for the code table.
pub(crate) const CODES: &[CodeInfo] = &[
    codes::EMPTY_FILE,
    codes::NO_DATA_ROWS,
    codes::BINARY_FILE,
    codes::INVALID_ENCODING,
    codes::NON_UTF8_ENCODING,
    codes::UTF8_BOM,
    codes::NON_COMMA_DELIMITER,
    codes::MIXED_LINE_ENDINGS,
    codes::BLANK_HEADER,
    codes::DUPLICATE_HEADER,
    codes::RAGGED_ROW,
    codes::BLANK_ROW,
    codes::STRAY_QUOTE,
    codes::UNCLOSED_QUOTE,
    codes::TITLE_ROW,
    codes::NOTE_ROW,
    codes::TOTAL_ROW,
    codes::EXCEL_SEP_LINE,
    codes::HEADER_LOOKS_LIKE_DATA,
    codes::HEADER_WHITESPACE,
    codes::WHITESPACE,
    codes::CONTROL_CHARACTER,
    codes::FORMULA_INJECTION,
    codes::SCIENTIFIC_NOTATION,
    codes::THOUSANDS_SEPARATOR,
    codes::MIXED_DATE_FORMATS,
    codes::INCONSISTENT_VALUES,
    codes::CELL_TOO_LARGE,
    codes::TOO_MANY_COLUMNS,
];
