//! Tabular uploads: reading CSV whatever its dialect and encoding, and the structural
//! checks a publisher needs before a file goes out.
//!
//! The entry point is [`check_csv`]; its [`CheckOptions`] override every guess.

mod check;
mod decode;
mod scan;
mod sniff;
pub mod types;

pub use check::{check_csv, CheckOptions};

use crate::report::{CodeInfo, Severity};

macro_rules! code {
    ($name:ident, $code:literal, $sev:ident, $meaning:literal, $hint:literal) => {
        #[doc = concat!("`", $code, "`: ", $meaning)]
        pub const $name: CodeInfo = CodeInfo {
            code: $code,
            severity: Severity::$sev,
            meaning: $meaning,
            hint: $hint,
        };
    };
}

/// The finding codes of the table checks.
pub mod codes {
    use super::*;

    code!(
        EMPTY_FILE,
        "empty-file",
        Error,
        "The file has no records at all.",
        "Export the table again; the upload is empty."
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

/// Every code of this module, for the code table.
pub(crate) const CODES: &[CodeInfo] = &[
    codes::EMPTY_FILE,
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
    codes::CELL_TOO_LARGE,
    codes::TOO_MANY_COLUMNS,
];
