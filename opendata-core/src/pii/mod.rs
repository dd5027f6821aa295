//! Personal data detection: a rule engine with checksummed identifiers, column
//! classification over Arrow arrays and free-text spans.
//!
//! * Rules are data ([`Rule`], JSON). [`RuleSet::builtin`] compiles the built-in packs
//!   (more than 30 entities, Presidio's names where one exists); [`RuleSet::builtin_with`]
//!   adds a user's rule file. Every cell is matched in one pass (a `RegexSet`) when a
//!   byte-set filter derived from the patterns says some rule could take it; a text is
//!   searched only with the patterns its bytes allow. Checksums run only on candidates.
//! * CSV files: [`scan_records`] classifies straight from the records (the same report as
//!   [`scan_csv`] over typed batches, without building them).
//! * Columns: [`ColumnScanner`] consumes `RecordBatch`es one by one and keeps a mergeable,
//!   serialisable [`ScanState`] (counts only, masked examples), so partitions scanned apart
//!   (Spark, Dask) merge into the same answer. [`ScanReport`] has, per column, every
//!   candidate entity with the share of cells that match and pass the check, the header
//!   hint, a confidence that weighs the pass rate against chance, the verdict and
//!   quasi-identifier flags.
//! * Free text: [`scan_text`] returns [`Span`]s with byte and char offsets; [`scan_texts`]
//!   scans many texts on the machine's cores.
//!
//! ```
//! use std::sync::Arc;
//! use arrow_array::{ArrayRef, RecordBatch, StringArray};
//! use opendata_core::pii::{ColumnScanner, RuleSet, ScanOptions};
//!
//! let ibans: ArrayRef = Arc::new(StringArray::from(vec!["GB82 WEST 1234 5698 7654 32", "DE89370400440532013000"]));
//! let batch = RecordBatch::try_from_iter([("payee account", ibans)]).unwrap();
//! let rules = RuleSet::builtin()?;
//! let options = ScanOptions::default();
//! let mut scanner = ColumnScanner::new(&rules, &options);
//! scanner.update(&batch)?;
//! let report = scanner.finish();
//! assert_eq!(report.columns[0].verdict.as_deref(), Some("IBAN_CODE"));
//! assert_eq!(report.findings[0].code, "pii.iban-code");
//! # Ok::<(), opendata_core::PiiError>(())
//! ```

mod anchored;
mod column;
mod mask;
mod names;
mod names_data;
mod prefilter;
mod quasi;
mod records;
mod rules;
mod text;
mod validators;

use serde::{Deserialize, Serialize};

pub use column::{
    Candidate, ColumnReport, ColumnScanner, ColumnState, QuasiIdentifier, ScanReport, ScanState,
    TextEntity,
};
pub use mask::mask;
pub use records::scan_records;
pub use rules::{builtin_rules, parse_rules, Rule, RuleSet, Scope, PATTERN_SIZE_LIMIT};
pub use text::{scan_text, scan_texts, Span, MAX_SPAN_BYTES};
pub use validators::Validator;

use crate::error::PiiError;
use crate::report::CodeInfo;

/// Thresholds and limits of a scan. Every field has a sane default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ScanOptions {
    /// A column gets a verdict when its best entity reaches this confidence.
    pub min_confidence: f64,
    /// ... and at least this share of its non-empty cells match and pass the check.
    pub min_share: f64,
    /// Free-text spans below this confidence are dropped.
    pub text_min_confidence: f64,
    /// Masked examples kept per column and entity.
    pub max_examples: usize,
    /// Scan for spans the cells no whole-cell rule takes that read as free text (spaces, at
    /// least `free_text_min_chars`) or hold other values (`;` or `|`: lists; an `@` after
    /// the first character: `<a@x.org>`).
    pub free_text: bool,
    /// Minimum length, in characters, of a cell scanned as free text.
    pub free_text_min_chars: usize,
    /// Only the first bytes of a longer cell are scanned (a 2 GB cell is not an answer).
    pub max_cell_bytes: usize,
}

impl Default for ScanOptions {
    fn default() -> Self {
        Self {
            min_confidence: 0.5,
            min_share: 0.2,
            text_min_confidence: 0.5,
            max_examples: 3,
            free_text: true,
            free_text_min_chars: 20,
            max_cell_bytes: 64 * 1024,
        }
    }
}

impl ScanOptions {
    /// Checks that thresholds are in range.
    pub fn validate(&self) -> Result<(), PiiError> {
        for (option, v) in [
            ("min_confidence", self.min_confidence),
            ("min_share", self.min_share),
            ("text_min_confidence", self.text_min_confidence),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(PiiError::InvalidOption {
                    option,
                    reason: format!("{v} is not between 0 and 1"),
                });
            }
        }
        if self.max_cell_bytes == 0 {
            return Err(PiiError::InvalidOption {
                option: "max_cell_bytes",
                reason: "must be at least 1".to_owned(),
            });
        }
        Ok(())
    }
}

/// The finding codes of the personal-data scan: one per built-in entity
/// (`pii.<entity in kebab-case>`), plus custom entities, quasi-identifiers and free text.
pub mod codes {
    code!(EMAIL_ADDRESS, "pii.email-address", Error, "A column holds e-mail addresses.", "Remove the column, or replace it with a keyed pseudonym (opendata anonymise) before publishing.");
    code!(
        PHONE_NUMBER,
        "pii.phone-number",
        Error,
        "A column holds phone numbers.",
        "Remove the column before publishing; keep only an area code if the area matters."
    );
    code!(
        IP_ADDRESS,
        "pii.ip-address",
        Error,
        "A column holds IP addresses (personal data under GDPR).",
        "Remove the column or truncate addresses to a /24 (IPv4) or /48 (IPv6) network."
    );
    code!(
        MAC_ADDRESS,
        "pii.mac-address",
        Error,
        "A column holds device MAC addresses.",
        "Remove the column or replace it with a keyed pseudonym."
    );
    code!(
        CREDIT_CARD,
        "pii.credit-card",
        Error,
        "A column holds payment card numbers (issuer range and Luhn check pass).",
        "Remove the column; card numbers must never be published."
    );
    code!(IBAN_CODE, "pii.iban-code", Error, "A column holds bank account numbers (IBAN, mod-97 check passes).", "Remove the column, or keep only the country and bank code if payments to organisations are the point.");
    code!(
        UK_NINO,
        "pii.uk-nino",
        Error,
        "A column holds UK national insurance numbers.",
        "Remove the column before publishing."
    );
    code!(
        UK_NHS,
        "pii.uk-nhs",
        Error,
        "A column holds NHS numbers (mod-11 check passes).",
        "Remove the column, or replace it with a keyed pseudonym for linkage."
    );
    code!(
        US_SSN,
        "pii.us-ssn",
        Error,
        "A column holds US social security numbers.",
        "Remove the column before publishing."
    );
    code!(
        US_ITIN,
        "pii.us-itin",
        Error,
        "A column holds US individual taxpayer identification numbers.",
        "Remove the column before publishing."
    );
    code!(
        PASSPORT,
        "pii.passport",
        Error,
        "A column holds passport numbers (passport header and passport-like values).",
        "Remove the column before publishing."
    );
    code!(
        ES_NIF,
        "pii.es-nif",
        Error,
        "A column holds Spanish DNI / NIF numbers (check letter passes).",
        "Remove the column, or replace it with a keyed pseudonym."
    );
    code!(
        ES_NIE,
        "pii.es-nie",
        Error,
        "A column holds Spanish NIE numbers (check letter passes).",
        "Remove the column, or replace it with a keyed pseudonym."
    );
    code!(
        IT_FISCAL_CODE,
        "pii.it-fiscal-code",
        Error,
        "A column holds Italian fiscal codes (check character passes).",
        "Remove the column, or replace it with a keyed pseudonym."
    );
    code!(
        NL_BSN,
        "pii.nl-bsn",
        Error,
        "A column holds Dutch citizen service numbers (11-test passes).",
        "Remove the column; the BSN may only be processed where a law allows it."
    );
    code!(
        PL_PESEL,
        "pii.pl-pesel",
        Error,
        "A column holds Polish PESEL numbers (checksum and birth date pass).",
        "Remove the column, or replace it with a keyed pseudonym."
    );
    code!(
        SE_PERSONNUMMER,
        "pii.se-personnummer",
        Error,
        "A column holds Swedish personal identity numbers (Luhn and date pass).",
        "Remove the column, or replace it with a keyed pseudonym."
    );
    code!(
        FI_PERSONAL_IDENTITY_CODE,
        "pii.fi-personal-identity-code",
        Error,
        "A column holds Finnish personal identity codes (HETU check passes).",
        "Remove the column, or replace it with a keyed pseudonym."
    );
    code!(
        DK_CPR,
        "pii.dk-cpr",
        Error,
        "A column holds Danish CPR numbers.",
        "Remove the column, or replace it with a keyed pseudonym."
    );
    code!(
        FR_NIR,
        "pii.fr-nir",
        Error,
        "A column holds French social security numbers (NIR key passes).",
        "Remove the column; the NIR may only be processed where a decree allows it."
    );
    code!(
        DE_TAX_ID,
        "pii.de-tax-id",
        Error,
        "A column holds German tax identification numbers (check digit passes).",
        "Remove the column before publishing."
    );
    code!(
        BE_NATIONAL_NUMBER,
        "pii.be-national-number",
        Error,
        "A column holds Belgian national register numbers (mod-97 passes).",
        "Remove the column, or replace it with a keyed pseudonym."
    );
    code!(
        IE_PPS,
        "pii.ie-pps",
        Error,
        "A column holds Irish PPS numbers (check letter passes).",
        "Remove the column before publishing."
    );
    code!(
        NO_FODSELSNUMMER,
        "pii.no-fodselsnummer",
        Error,
        "A column holds Norwegian national identity numbers (both check digits pass).",
        "Remove the column, or replace it with a keyed pseudonym."
    );
    code!(
        UK_POSTCODE,
        "pii.uk-postcode",
        Error,
        "A column holds full UK postcodes (a handful of addresses each).",
        "Keep only the outward code (district, e.g. SW1A) or a larger area."
    );
    code!(
        UK_VEHICLE_REGISTRATION,
        "pii.uk-vehicle-registration",
        Error,
        "A column holds GB vehicle registration marks.",
        "Remove the column or replace it with a keyed pseudonym."
    );
    code!(
        DATE_OF_BIRTH,
        "pii.date-of-birth",
        Error,
        "A column holds dates of birth.",
        "Publish an age band or a birth year instead of the full date."
    );
    code!(
        PERSON,
        "pii.person",
        Error,
        "A column holds names of people.",
        "Remove the column or replace names with keyed pseudonyms."
    );
    code!(
        STREET_ADDRESS,
        "pii.street-address",
        Error,
        "A column holds street addresses with house numbers.",
        "Keep only the street, the postcode district or a larger area."
    );
    code!(
        GEO_COORDINATES,
        "pii.geo-coordinates",
        Error,
        "A column holds precise coordinates (4+ decimals, about 11 m): a home, not an area.",
        "Round coordinates to 2 decimals (about 1 km) or map them to an area."
    );
    code!(
        URL,
        "pii.url",
        Error,
        "A column holds URLs of people's social-media or code-hosting profiles.",
        "Remove the column, or keep only the site name."
    );
    code!(
        USERNAME,
        "pii.username",
        Error,
        "A column holds user names or handles.",
        "Remove the column or replace it with a keyed pseudonym."
    );
    code!(
        CUSTOM,
        "pii.custom",
        Error,
        "A column holds an entity of a user-supplied rule.",
        "Follow your rule's description; remove or pseudonymise the column."
    );
    code!(FREE_TEXT, "pii.free-text", Warning, "Free-text cells of a column contain personal data (e-mail addresses, phone numbers, names...).", "Read the flagged cells and redact the spans, or drop the column.");
    code!(FREE_TEXT_WIDESPREAD, "pii.free-text-widespread", Error, "Personal data of one kind stands in a share of a column's cells at least the scan's minimum share (e.g. full addresses with postcodes), though no one value is the whole cell.", "Redact the spans (opendata anonymise, action text_spans) or drop the column.");
    code!(QUASI_IDENTIFIER, "pii.quasi-identifier", Warning, "A column is a quasi-identifier (age, sex, postcode district, birth year, ethnicity): harmless alone, identifying in combination.", "Check k-anonymity over the quasi-identifiers and generalise them (opendata anonymise).");
}

/// Every code of this module, for the code table.
pub(crate) const CODES: &[CodeInfo] = &[
    codes::EMAIL_ADDRESS,
    codes::PHONE_NUMBER,
    codes::IP_ADDRESS,
    codes::MAC_ADDRESS,
    codes::CREDIT_CARD,
    codes::IBAN_CODE,
    codes::UK_NINO,
    codes::UK_NHS,
    codes::US_SSN,
    codes::US_ITIN,
    codes::PASSPORT,
    codes::ES_NIF,
    codes::ES_NIE,
    codes::IT_FISCAL_CODE,
    codes::NL_BSN,
    codes::PL_PESEL,
    codes::SE_PERSONNUMMER,
    codes::FI_PERSONAL_IDENTITY_CODE,
    codes::DK_CPR,
    codes::FR_NIR,
    codes::DE_TAX_ID,
    codes::BE_NATIONAL_NUMBER,
    codes::IE_PPS,
    codes::NO_FODSELSNUMMER,
    codes::UK_POSTCODE,
    codes::UK_VEHICLE_REGISTRATION,
    codes::DATE_OF_BIRTH,
    codes::PERSON,
    codes::STREET_ADDRESS,
    codes::GEO_COORDINATES,
    codes::URL,
    codes::USERNAME,
    codes::CUSTOM,
    codes::FREE_TEXT,
    codes::FREE_TEXT_WIDESPREAD,
    codes::QUASI_IDENTIFIER,
];

/// The codes at the end of `CODES` that are no entity's.
const NOT_ENTITY_CODES: usize = 4;

/// The finding code of an entity: `pii.<entity in kebab-case>` for built-in entities,
/// `pii.custom` for entities of user rules.
pub fn entity_code(entity: &str) -> &'static CodeInfo {
    let kebab = entity.to_ascii_lowercase().replace('_', "-");
    CODES
        .iter()
        .take(CODES.len() - NOT_ENTITY_CODES)
        .find(|c| c.code.strip_prefix("pii.") == Some(kebab.as_str()))
        .unwrap_or(&codes::CUSTOM)
}

/// Classifies every column of a CSV read as typed Arrow: the whole scan in one call, as
/// the CLI and the bindings run it.
///
/// ```
/// use opendata_core::pii::{scan_csv, RuleSet, ScanOptions};
/// use opendata_core::table::{CheckOptions, CsvReader};
///
/// let csv = "id,contact\n1,ada@example.org\n2,bob@example.net\n3,cy@example.com\n";
/// let reader = CsvReader::from_bytes(csv.as_bytes().to_vec(), &CheckOptions::default())?;
/// let report = scan_csv(&reader, &RuleSet::builtin()?, &ScanOptions::default())?;
/// assert_eq!(report.columns[1].verdict.as_deref(), Some("EMAIL_ADDRESS"));
/// # Ok::<(), opendata_core::Error>(())
/// ```
pub fn scan_csv(
    reader: &crate::table::CsvReader,
    rules: &RuleSet,
    options: &ScanOptions,
) -> Result<ScanReport, crate::Error> {
    options.validate()?;
    let mut scanner = ColumnScanner::new(rules, options);
    for batch in reader.batches()? {
        scanner.update(&batch?)?;
    }
    Ok(scanner.finish())
}

/// The PII engine as the anonymiser's [`SpanDetector`](crate::anonymise::SpanDetector):
/// a free-text cell loses exactly the spans [`scan_text`] finds in it.
///
/// ```
/// use std::sync::Arc;
/// use opendata_core::anonymise::{anonymise_csv, Context, Policy};
/// use opendata_core::pii::TextDetector;
/// use opendata_core::table::CheckOptions;
///
/// let policy = Policy::from_toml("[columns.notes]\naction = \"text-spans\"\n")?;
/// let context = Context::new().with_detector(Arc::new(TextDetector::builtin()?));
/// let csv = "id,notes\n1,Call Jane Smith on 07700 900123 about the boiler\n";
/// let (out, _) = anonymise_csv(csv.as_bytes(), &CheckOptions::default(), &policy, &context)?;
/// assert_eq!(
///     String::from_utf8(out).unwrap(),
///     "id,notes\r\n1,Call <PERSON> on <PHONE_NUMBER> about the boiler\r\n"
/// );
/// # Ok::<(), opendata_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct TextDetector {
    rules: RuleSet,
    options: ScanOptions,
}

impl TextDetector {
    /// A detector with these rules and options (`text_min_confidence` decides which spans
    /// count).
    pub fn new(rules: RuleSet, options: ScanOptions) -> Self {
        Self { rules, options }
    }

    /// A detector with the built-in rules and default options.
    pub fn builtin() -> Result<Self, PiiError> {
        Ok(Self::new(RuleSet::builtin()?, ScanOptions::default()))
    }
}

impl crate::anonymise::SpanDetector for TextDetector {
    fn spans(&self, text: &str) -> Vec<crate::anonymise::TextSpan> {
        // The byte offsets and entity are all the anonymiser needs: no masked value and
        // no char offsets are made (what `scan_text` adds to the same spans).
        text::resolve_pooled(text, &self.rules, &self.options)
            .into_iter()
            .filter_map(|s| {
                let entity = &self.rules.rules.get(s.rule)?.rule.entity;
                Some(crate::anonymise::TextSpan::new(
                    s.start,
                    s.end,
                    entity.as_str(),
                ))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_entity_has_its_code() {
        let rules = RuleSet::builtin().unwrap();
        for e in rules.entities() {
            assert_ne!(
                entity_code(e).code,
                "pii.custom",
                "{e} has no code of its own"
            );
        }
        assert_eq!(entity_code("STAFF_NUMBER").code, "pii.custom");
        assert_eq!(entity_code("UK_NINO").code, "pii.uk-nino");
        for not_entity in [
            "CUSTOM",
            "FREE_TEXT",
            "FREE_TEXT_WIDESPREAD",
            "QUASI_IDENTIFIER",
        ] {
            assert_eq!(entity_code(not_entity).code, "pii.custom", "{not_entity}");
        }
    }

    /// A column whose cells carry personal data inside their text in at least the minimum
    /// share holds it (an error); a few such cells among many are a warning.
    #[test]
    fn widespread_personal_data_in_text_is_an_error() {
        use crate::report::Severity;
        use crate::table::{CheckOptions, CsvReader};
        let mut csv = String::from("id,address,notes,recipients\n");
        for i in 0..20 {
            let note = if i == 3 {
                "please call the resident on 020 7946 0018 after five"
            } else {
                "the resident called about the boiler repair again today"
            };
            csv.push_str(&format!(
                "{i},\"{} High Street, Leeds LS6 2AB\",{note},a{i}@example.org;b{i}@example.org\n",
                i + 1
            ));
        }
        let reader = CsvReader::from_bytes(csv.into_bytes(), &CheckOptions::default()).unwrap();
        let report = scan_csv(
            &reader,
            &RuleSet::builtin().unwrap(),
            &ScanOptions::default(),
        )
        .unwrap();
        let codes: Vec<(&str, Severity, Option<&str>)> = report
            .findings
            .iter()
            .map(|f| (f.code.as_str(), f.severity, f.location.field.as_deref()))
            .collect();
        assert_eq!(
            codes,
            [
                ("pii.free-text-widespread", Severity::Error, Some("address")),
                ("pii.free-text", Severity::Warning, Some("notes")),
                (
                    "pii.free-text-widespread",
                    Severity::Error,
                    Some("recipients")
                ),
            ]
        );
        // A list of addresses in one cell is read for spans, though it has no space.
        assert_eq!(report.columns[3].text_entities[0].entity, "EMAIL_ADDRESS");
        assert_eq!(report.columns[3].text_entities[0].cells, 20);
        let holding: Vec<&str> = report
            .holding_personal_data()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(holding, ["address", "recipients"]);
        assert_eq!(report.flagged().count(), 0);
    }

    #[test]
    fn options_are_checked() {
        let o = ScanOptions {
            min_share: 1.5,
            ..ScanOptions::default()
        };
        assert_eq!(o.validate().unwrap_err().code(), "pii.invalid-option");
    }
}
