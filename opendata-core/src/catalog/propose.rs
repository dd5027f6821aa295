//! Proposing a distribution from a data file: byte size, media type, EU file type,
//! SHA-256 checksum and, for CSV files, the temporal coverage of their date columns.

use std::io::Read;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::mappings::{format_iri, media_type_iri};
use super::model::{Checksum, DateValue, Distribution, LangString, PeriodOfTime};
use crate::error::CatalogError;
use crate::table::types::{DateFormat, FieldType};

/// Options of [`propose_distribution`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct ProposeOptions {
    /// Where the file will be published (a folder URL; a missing final `/` is added): the
    /// access and download URLs become this plus the file name.
    pub base_url: Option<String>,
    /// Most bytes of a CSV file read for date columns (the checksum always reads all).
    pub max_scan_bytes: Option<u64>,
}

impl ProposeOptions {
    /// The base URL as a folder (ending in `/`, which is added when missing); the access
    /// and download URLs are this plus the file name.
    ///
    /// ```
    /// use opendata_core::catalog::ProposeOptions;
    /// let mut options = ProposeOptions::default();
    /// options.base_url = Some("https://data.example.org/files".into());
    /// assert_eq!(options.base_folder().as_deref(), Some("https://data.example.org/files/"));
    /// ```
    pub fn base_folder(&self) -> Option<String> {
        self.base_url.as_ref().map(|b| {
            if b.ends_with('/') {
                b.clone()
            } else {
                format!("{b}/")
            }
        })
    }
}

/// What [`propose_distribution`] found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Proposal {
    /// The distribution to add to the dataset.
    pub distribution: Distribution,
    /// The temporal coverage of the file's date columns, for the dataset's `dct:temporal`.
    pub temporal: Option<PeriodOfTime>,
    /// The date columns the coverage comes from.
    pub date_columns: Vec<String>,
}

/// (extension, IANA media type, EU file-type code)
const TYPES: &[(&str, &str, &str)] = &[
    ("csv", "text/csv", "CSV"),
    ("tsv", "text/tab-separated-values", "TSV"),
    ("json", "application/json", "JSON"),
    ("geojson", "application/geo+json", "GEOJSON"),
    ("jsonld", "application/ld+json", "JSON_LD"),
    ("xml", "application/xml", "XML"),
    ("rdf", "application/rdf+xml", "RDF_XML"),
    ("ttl", "text/turtle", "RDF_TURTLE"),
    ("nt", "application/n-triples", "RDF_N_TRIPLES"),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "XLSX",
    ),
    ("xls", "application/vnd.ms-excel", "XLS"),
    (
        "ods",
        "application/vnd.oasis.opendocument.spreadsheet",
        "ODS",
    ),
    ("parquet", "application/vnd.apache.parquet", "PARQUET"),
    ("zip", "application/zip", "ZIP"),
    ("gz", "application/gzip", "GZIP"),
    ("pdf", "application/pdf", "PDF"),
    ("txt", "text/plain", "TXT"),
    ("gpkg", "application/geopackage+sqlite3", "GPKG"),
    ("kml", "application/vnd.google-earth.kml+xml", "KML"),
    ("html", "text/html", "HTML"),
];

fn by_content(head: &[u8]) -> Option<&'static str> {
    Some(match head {
        [b'%', b'P', b'D', b'F', ..] => "pdf",
        [b'P', b'A', b'R', b'1', ..] => "parquet",
        [0x1f, 0x8b, ..] => "gz",
        [b'P', b'K', 3, 4, ..] => "zip",
        _ => return None,
    })
}

/// Proposes a distribution for a data file. The whole file is read once, for its size and
/// SHA-256; CSV files are also read for their date columns (ISO dates, `2024-05`, `2024`,
/// or dates in the column's own notation such as `31/05/2024`), whose range becomes the
/// temporal coverage.
///
/// ```
/// use opendata_core::catalog::{propose_distribution, ProposeOptions};
/// let csv = "region,date,colonies\nAttica,2023-04-01,120\nCrete,2023-09-30,80\n";
/// let p = propose_distribution(csv.as_bytes(), "bees.csv", &ProposeOptions::default())?;
/// assert_eq!(p.distribution.byte_size, Some(csv.len() as u64));
/// assert_eq!(p.distribution.media_type.as_deref(), Some("https://www.iana.org/assignments/media-types/text/csv"));
/// assert_eq!(p.temporal.unwrap().end.unwrap().to_string(), "2023-09-30");
/// # Ok::<(), opendata_core::CatalogError>(())
/// ```
pub fn propose_distribution(
    mut reader: impl Read,
    file_name: &str,
    options: &ProposeOptions,
) -> Result<Proposal, CatalogError> {
    let mut hasher = Sha256::new();
    let mut head: Vec<u8> = Vec::new();
    let limit = options.max_scan_bytes.unwrap_or(64 * 1024 * 1024);
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        let chunk = buf.get(..n).unwrap_or_default();
        hasher.update(chunk);
        if (head.len() as u64) < limit {
            let keep = usize::try_from(limit - head.len() as u64)
                .unwrap_or(usize::MAX)
                .min(n);
            head.extend_from_slice(chunk.get(..keep).unwrap_or_default());
        }
        total += n as u64;
    }
    let digest: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let ext = if TYPES.iter().any(|(e, _, _)| *e == ext) {
        ext
    } else {
        by_content(&head).map(str::to_owned).unwrap_or(ext)
    };
    let kind = TYPES.iter().find(|(e, _, _)| *e == ext);
    let url = options.base_folder().map(|b| format!("{b}{name}"));
    let mut d = Distribution::new(None, url.clone().unwrap_or_default());
    d.access_url.retain(|u| !u.is_empty());
    d.download_url = url.into_iter().collect();
    d.title = vec![LangString::plain(name)];
    d.byte_size = Some(total);
    d.checksum = Some(Checksum::sha256(digest));
    if let Some((_, media, code)) = kind {
        d.media_type = Some(media_type_iri(media));
        let iri = format_iri(code);
        if iri.contains("://") {
            d.format = Some(iri);
        }
    }
    let (temporal, date_columns) = if matches!(ext.as_str(), "csv" | "tsv") {
        // A file longer than the scan limit is cut after its last whole line.
        let whole = if total > head.len() as u64 {
            memchr::memrchr(b'\n', &head).map_or(&head[..], |end| &head[..=end])
        } else {
            &head[..]
        };
        date_coverage(whole)
    } else {
        (None, Vec::new())
    };
    Ok(Proposal {
        distribution: d,
        temporal,
        date_columns,
    })
}

/// The range of the columns whose values are all dates, years or year-months. The file is
/// read as `opendata check` reads it (any encoding and delimiter, title rows, missing
/// values); a column the check types as dates in a notation of their own (`31/05/2024`,
/// `31-MAY-2024`) is read in it, others cell by cell as ISO dates (`2024-05-31`,
/// `2024-05`, `2024`, date-times).
fn date_coverage(bytes: &[u8]) -> (Option<PeriodOfTime>, Vec<String>) {
    let options = crate::table::CheckOptions::default();
    let Ok(records) = crate::table::records::CsvRecords::from_bytes(bytes, &options) else {
        return (None, Vec::new());
    };
    let headers = records.names().to_vec();
    let formats: Vec<Option<DateFormat>> = records
        .inferred_types()
        .iter()
        .map(|t| {
            t.date_format
                .filter(|f| t.field_type == FieldType::Date && *f != DateFormat::Iso)
        })
        .collect();
    // Per column: (still all dates, seen any, min, max)
    let mut cols: Vec<(bool, bool, Option<DateValue>, Option<DateValue>)> =
        vec![(true, false, None, None); headers.len()];
    let Ok(chunks) = records.chunks(4096) else {
        return (None, Vec::new());
    };
    for chunk in chunks {
        let Ok(chunk) = chunk else { break };
        for row in 0..chunk.rows() {
            for (i, col) in cols.iter_mut().enumerate() {
                let Some(cell) = chunk.cell(row, i).map(str::trim) else {
                    continue;
                };
                if !col.0 || cell.is_empty() {
                    continue;
                }
                // Bare numbers of four digits are years only in a column that is all years;
                // anything that is not a date disqualifies the column.
                let value = match formats.get(i).copied().flatten() {
                    Some(format) => format.read(cell).map(DateValue::Date),
                    None => DateValue::parse(cell),
                };
                match value {
                    Some(d) => {
                        col.1 = true;
                        if col.2.is_none_or(|m| d.first_day() < m.first_day()) {
                            col.2 = Some(d);
                        }
                        if col.3.is_none_or(|m| d.last_day() > m.last_day()) {
                            col.3 = Some(d);
                        }
                    }
                    None => col.0 = false,
                }
            }
        }
    }
    let mut names = Vec::new();
    let (mut start, mut end): (Option<DateValue>, Option<DateValue>) = (None, None);
    for (i, (all, seen, lo, hi)) in cols.into_iter().enumerate() {
        if !(all && seen) {
            continue;
        }
        // A column of four-digit numbers is only a year column when its name says so.
        let header = headers.get(i).cloned().unwrap_or_default();
        if matches!(lo, Some(DateValue::Year(_)))
            && !header.to_lowercase().contains("year")
            && !header.to_lowercase().contains("jahr")
            && !header.to_lowercase().contains("année")
        {
            continue;
        }
        names.push(header);
        if let Some(lo) = lo {
            if start.is_none_or(|s| lo.first_day() < s.first_day()) {
                start = Some(lo);
            }
        }
        if let Some(hi) = hi {
            if end.is_none_or(|e| hi.last_day() > e.last_day()) {
                end = Some(hi);
            }
        }
    }
    if names.is_empty() {
        return (None, names);
    }
    (Some(PeriodOfTime::between(start, end)), names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_gets_size_type_checksum_and_coverage() {
        let csv = "id,year,measured,amount\n1,2019,2019-03-01,10\n2,2021,2020-12-31,1999\n";
        let options = ProposeOptions {
            base_url: Some("https://data.example.org/files/".into()),
            ..ProposeOptions::default()
        };
        let p = propose_distribution(csv.as_bytes(), "dir/measurements.csv", &options).unwrap();
        let d = &p.distribution;
        assert_eq!(
            d.download_url,
            ["https://data.example.org/files/measurements.csv"]
        );
        assert_eq!(
            d.format.as_deref(),
            Some("http://publications.europa.eu/resource/authority/file-type/CSV")
        );
        assert_eq!(d.checksum.as_ref().unwrap().value.len(), 64);
        // `amount` holds four-digit numbers but is not named as a year column.
        assert_eq!(p.date_columns, ["year", "measured"]);
        let t = p.temporal.unwrap();
        assert_eq!(t.start.unwrap().to_string(), "2019");
        assert_eq!(t.end.unwrap().to_string(), "2021");
    }

    #[test]
    fn unknown_extension_falls_back_to_content() {
        let p = propose_distribution(&b"%PDF-1.7 ..."[..], "report", &ProposeOptions::default())
            .unwrap();
        assert_eq!(
            p.distribution.media_type.as_deref(),
            Some("https://www.iana.org/assignments/media-types/application/pdf")
        );
        assert!(p.temporal.is_none());
    }

    #[test]
    fn dates_in_a_column_notation_count_in_any_dialect() {
        // Windows-1252, semicolons, day-first dates and Oracle-style month names.
        let csv = b"R\xe9gion;paid_on;posted\r\nN\xeemes;01-APR-2023;31/12/2023\r\nLyon;15-MAR-2024;02/01/2024\r\n";
        let p = propose_distribution(&csv[..], "spend.csv", &ProposeOptions::default()).unwrap();
        assert_eq!(p.date_columns, ["paid_on", "posted"]);
        let t = p.temporal.unwrap();
        assert_eq!(t.start.unwrap().to_string(), "2023-04-01");
        assert_eq!(t.end.unwrap().to_string(), "2024-03-15");
    }

    #[test]
    fn a_file_longer_than_the_scan_limit_is_read_to_its_last_whole_line() {
        let mut csv = String::from("day\n");
        for d in 1..=28 {
            csv.push_str(&format!("2024-02-{d:02}\n"));
        }
        // The limit cuts the 11th date (`2024-02-11`) after its year.
        let options = ProposeOptions {
            max_scan_bytes: Some(4 + 11 * 10 + 4),
            ..ProposeOptions::default()
        };
        let p = propose_distribution(csv.as_bytes(), "days.csv", &options).unwrap();
        assert_eq!(p.date_columns, ["day"]);
        let t = p.temporal.unwrap();
        assert_eq!(t.end.unwrap().to_string(), "2024-02-10");
    }

    #[test]
    fn a_column_with_one_non_date_is_not_a_date_column() {
        let csv = "when\n2024-01-01\nsoon\n";
        let p = propose_distribution(csv.as_bytes(), "x.csv", &ProposeOptions::default()).unwrap();
        assert!(p.temporal.is_none());
    }
}
