//! The typed DCAT 3 / DCAT-AP 3.0 model.
//!
//! Each class keeps the properties DCAT-AP names. Resources that other resources point to
//! (agents, periods, locations, checksums, licences) carry an optional `id`: an IRI, a
//! blank-node label written `_:label`, or `None` for a fresh blank node. Controlled
//! vocabulary values (themes, formats, languages, frequencies...) are IRIs.
//!
//! Triples the model has no field for are kept in [`MetadataDocument::other`], so that
//! reading and writing a graph never loses a statement.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime};

use super::ns;

/// A text in one language (`"Bee population"@en`), or without a language tag.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LangString {
    /// The text.
    pub value: String,
    /// BCP 47 language tag, e.g. `en`; `None` for a plain string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

impl LangString {
    /// A text with a language tag.
    pub fn new(value: impl Into<String>, lang: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            lang: Some(lang.into()),
        }
    }

    /// A text without a language tag.
    pub fn plain(value: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            lang: None,
        }
    }
}

/// Picks the text in `lang`, else an untagged one, else the first.
pub fn pick<'a>(texts: &'a [LangString], lang: &str) -> Option<&'a str> {
    texts
        .iter()
        .find(|t| {
            t.lang
                .as_deref()
                .is_some_and(|l| l.eq_ignore_ascii_case(lang))
        })
        .or_else(|| texts.iter().find(|t| t.lang.is_none()))
        .or_else(|| texts.first())
        .map(|t| t.value.as_str())
}

/// Any RDF literal: a value with a language tag or a datatype IRI.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Literal {
    /// The lexical form.
    pub value: String,
    /// Language tag, for `rdf:langString` literals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Datatype IRI; `None` means `xsd:string` (or `rdf:langString` with a language).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datatype: Option<String>,
}

/// An RDF term, for triples the model keeps verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Term {
    /// An IRI.
    Iri {
        /// The IRI.
        value: String,
    },
    /// A blank node, by label (without `_:`).
    Blank {
        /// The label.
        value: String,
    },
    /// A literal.
    Literal(Literal),
}

impl Term {
    /// The id the model gives the node this term names (the `id` of a [`Dataset`] or a
    /// [`LicenseDocument`]): the IRI, or `_:label` for a blank node; `None` for a literal.
    pub fn node_id(&self) -> Option<String> {
        match self {
            Term::Iri { value } => Some(value.clone()),
            Term::Blank { value } => Some(format!("_:{value}")),
            Term::Literal(_) => None,
        }
    }
}

/// One statement the model has no field for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Triple {
    /// Subject: an IRI or a blank node.
    pub subject: Term,
    /// Predicate IRI.
    pub predicate: String,
    /// Object.
    pub object: Term,
}

/// A temporal value as DCAT-AP allows it: `xsd:date`, `xsd:dateTime`, `xsd:gYear` or
/// `xsd:gYearMonth`. Serialised as its lexical form (`2023-03-21`, `2023`, `2023-03`,
/// `2023-03-21T10:00:00Z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DateValue {
    /// `xsd:date`.
    Date(Date),
    /// `xsd:dateTime` with a time-zone offset.
    DateTime(OffsetDateTime),
    /// `xsd:dateTime` without a time zone.
    LocalDateTime(PrimitiveDateTime),
    /// `xsd:gYear`.
    Year(i32),
    /// `xsd:gYearMonth`.
    YearMonth(i32, Month),
}

impl DateValue {
    /// Parses a lexical form, guessing its datatype from its shape.
    ///
    /// ```
    /// use opendata_core::catalog::DateValue;
    /// assert_eq!(DateValue::parse("2023-03").unwrap().datatype(), "http://www.w3.org/2001/XMLSchema#gYearMonth");
    /// assert!(DateValue::parse("21/03/2023").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
            return t.parse().ok().map(DateValue::Year);
        }
        if t.len() == 7 && t.as_bytes().get(4) == Some(&b'-') {
            let year: i32 = t.get(..4)?.parse().ok()?;
            let month: u8 = t.get(5..)?.parse().ok()?;
            return Month::try_from(month)
                .ok()
                .map(|m| DateValue::YearMonth(year, m));
        }
        if t.len() == 10 {
            return Date::parse(t, format_description!("[year]-[month]-[day]"))
                .ok()
                .map(DateValue::Date);
        }
        if let Ok(dt) = OffsetDateTime::parse(t, &Rfc3339) {
            return Some(DateValue::DateTime(dt));
        }
        PrimitiveDateTime::parse(
            t,
            format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"),
        )
        .or_else(|_| {
            PrimitiveDateTime::parse(
                t,
                format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond]"),
            )
        })
        .ok()
        .map(DateValue::LocalDateTime)
    }

    /// Parses a calendar day written `YYYY-MM-DD` (the day a score judges freshness on);
    /// `None` for anything else, a year or a date-time included.
    ///
    /// ```
    /// use opendata_core::catalog::DateValue;
    /// assert_eq!(DateValue::parse_day("2024-05-31").unwrap().to_string(), "2024-05-31");
    /// assert!(DateValue::parse_day("2024").is_none());
    /// ```
    pub fn parse_day(text: &str) -> Option<Date> {
        match Self::parse(text)? {
            DateValue::Date(d) => Some(d),
            _ => None,
        }
    }

    /// Parses a lexical form of a given XSD datatype IRI; `None` when it does not match.
    pub fn parse_typed(text: &str, datatype: &str) -> Option<Self> {
        let v = Self::parse(text)?;
        (v.datatype() == datatype).then_some(v)
    }

    /// The XSD datatype IRI.
    pub fn datatype(&self) -> &'static str {
        match self {
            DateValue::Date(_) => ns::xsd::DATE,
            DateValue::DateTime(_) | DateValue::LocalDateTime(_) => ns::xsd::DATE_TIME,
            DateValue::Year(_) => ns::xsd::G_YEAR,
            DateValue::YearMonth(..) => ns::xsd::G_YEAR_MONTH,
        }
    }

    /// The first day the value covers (a year starts on 1 January).
    pub fn first_day(&self) -> Date {
        match *self {
            DateValue::Date(d) => d,
            DateValue::DateTime(dt) => dt.date(),
            DateValue::LocalDateTime(dt) => dt.date(),
            DateValue::Year(y) => {
                Date::from_calendar_date(y, Month::January, 1).unwrap_or(Date::MIN)
            }
            DateValue::YearMonth(y, m) => Date::from_calendar_date(y, m, 1).unwrap_or(Date::MIN),
        }
    }

    /// The last day the value covers (a year ends on 31 December).
    pub fn last_day(&self) -> Date {
        match *self {
            DateValue::Year(y) => {
                Date::from_calendar_date(y, Month::December, 31).unwrap_or(Date::MAX)
            }
            DateValue::YearMonth(y, m) => {
                Date::from_calendar_date(y, m, time::util::days_in_month(m, y)).unwrap_or(Date::MAX)
            }
            _ => self.first_day(),
        }
    }
}

impl fmt::Display for DateValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateValue::Date(d) => write!(
                f,
                "{:04}-{:02}-{:02}",
                d.year(),
                u8::from(d.month()),
                d.day()
            ),
            DateValue::DateTime(dt) => match dt.format(&Rfc3339) {
                Ok(s) => f.write_str(&s),
                Err(_) => Err(fmt::Error),
            },
            DateValue::LocalDateTime(dt) => {
                let d = dt.date();
                write!(
                    f,
                    "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                    d.year(),
                    u8::from(d.month()),
                    d.day(),
                    dt.hour(),
                    dt.minute(),
                    dt.second()
                )?;
                if dt.nanosecond() > 0 {
                    let frac = format!("{:09}", dt.nanosecond());
                    write!(f, ".{}", frac.trim_end_matches('0'))?;
                }
                Ok(())
            }
            DateValue::Year(y) => write!(f, "{y:04}"),
            DateValue::YearMonth(y, m) => write!(f, "{y:04}-{:02}", u8::from(*m)),
        }
    }
}

impl Serialize for DateValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        DateValue::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{s}` is not an xsd:date, xsd:dateTime, xsd:gYear or xsd:gYearMonth"
            ))
        })
    }
}

/// `foaf:Agent`: a publisher or creator.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Agent {
    /// Identity: an IRI, `_:label` for a blank node, or `None` for a new blank node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The `rdf:type`s written for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// `foaf:name`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub name: Vec<LangString>,
    /// `dct:type`, e.g. an ADMS publisher type IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_type: Option<String>,
    /// `foaf:mbox` (a `mailto:` IRI).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `foaf:homepage`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
}

impl Agent {
    /// An agent typed `foaf:Agent` with a name.
    pub fn named(id: Option<&str>, name: LangString) -> Self {
        Self {
            id: id.map(str::to_owned),
            types: vec![ns::foaf::AGENT.to_owned()],
            name: vec![name],
            ..Self::default()
        }
    }

    /// An agent known only by its IRI (e.g. an EU corporate body).
    pub fn reference(iri: impl Into<String>) -> Self {
        Self {
            id: Some(iri.into()),
            ..Self::default()
        }
    }
}

/// `vcard:Kind`: how to reach whoever answers questions about a resource.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ContactPoint {
    /// Identity: an IRI, `_:label` for a blank node, or `None` for a new blank node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The `rdf:type`s written for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// `vcard:fn`, the formatted name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub name: Vec<LangString>,
    /// `vcard:hasEmail` (a `mailto:` IRI).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `vcard:hasURL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `vcard:hasTelephone` (a `tel:` IRI).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
}

impl ContactPoint {
    /// A `vcard:Organization` contact with a name and an e-mail address.
    pub fn organization(name: LangString, email: impl Into<String>) -> Self {
        let email = email.into();
        Self {
            types: vec![ns::vcard::ORGANIZATION.to_owned()],
            name: vec![name],
            email: Some(if email.starts_with("mailto:") {
                email
            } else {
                format!("mailto:{email}")
            }),
            ..Self::default()
        }
    }
}

/// `dct:PeriodOfTime`: a temporal coverage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PeriodOfTime {
    /// Identity: an IRI, `_:label` for a blank node, or `None` for a new blank node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The `rdf:type`s written for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// `dcat:startDate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<DateValue>,
    /// `dcat:endDate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<DateValue>,
}

impl PeriodOfTime {
    /// A period typed `dct:PeriodOfTime`.
    pub fn between(start: Option<DateValue>, end: Option<DateValue>) -> Self {
        Self {
            types: vec![ns::dct::PERIOD_OF_TIME.to_owned()],
            start,
            end,
            ..Self::default()
        }
    }
}

/// `dct:Location`: a spatial coverage, either a reference (a Geonames or EU country IRI) or
/// a geometry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Location {
    /// Identity: an IRI, `_:label` for a blank node, or `None` for a new blank node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The `rdf:type`s written for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// `dcat:bbox`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<Literal>,
    /// `dcat:centroid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub centroid: Option<Literal>,
    /// `locn:geometry`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geometry: Option<Literal>,
}

impl Location {
    /// A location known only by its IRI.
    pub fn reference(iri: impl Into<String>) -> Self {
        Self {
            id: Some(iri.into()),
            ..Self::default()
        }
    }
}

/// `spdx:Checksum` of a distribution's file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Checksum {
    /// Identity: an IRI, `_:label` for a blank node, or `None` for a new blank node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The `rdf:type`s written for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// `spdx:algorithm`, e.g. [`ns::spdx::SHA256`].
    pub algorithm: String,
    /// `spdx:checksumValue`, lower-case hex.
    pub value: String,
}

impl Checksum {
    /// A SHA-256 checksum from its hex digest.
    pub fn sha256(hex: impl Into<String>) -> Self {
        Self {
            types: vec![ns::spdx::CHECKSUM_CLASS.to_owned()],
            algorithm: ns::spdx::SHA256.to_owned(),
            value: hex.into(),
            ..Self::default()
        }
    }
}

/// `dct:LicenseDocument`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LicenseDocument {
    /// Identity: an IRI, `_:label` for a blank node, or `None` for a new blank node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The `rdf:type`s written for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// `dct:type` (an ADMS licence type IRI).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence_type: Option<String>,
    /// `rdfs:label`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub label: Vec<LangString>,
}

impl LicenseDocument {
    /// A licence known by its IRI (best: an EU Publications Office licence IRI).
    pub fn reference(iri: impl Into<String>) -> Self {
        Self {
            id: Some(iri.into()),
            ..Self::default()
        }
    }

    /// A licence named by a record field that holds nothing else (CKAN's `license_url`,
    /// data.json's `license`, a data package's `licenses`): the field says the IRI is a
    /// licence document, so it is typed `dct:LicenseDocument`, as ckanext-dcat writes it
    /// and as DCAT-AP's range for `dct:license` asks. A value that is no web IRI is kept
    /// untyped.
    pub fn declared(iri: impl Into<String>) -> Self {
        let iri = iri.into();
        let types = if iri.starts_with("http://") || iri.starts_with("https://") {
            vec![ns::dct::LICENSE_DOCUMENT.to_owned()]
        } else {
            Vec::new()
        };
        Self {
            id: Some(iri),
            types,
            ..Self::default()
        }
    }
}

/// `dcat:Relationship`: a qualified relation to another resource.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Relationship {
    /// Identity: an IRI, `_:label` for a blank node, or `None` for a new blank node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The `rdf:type`s written for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// `dct:relation`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relation: Vec<String>,
    /// `dcat:hadRole`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub role: Vec<String>,
}

/// `dcat:Distribution`: one available form of a dataset.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Distribution {
    /// Identity: an IRI, `_:label` for a blank node, or `None` for a new blank node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The `rdf:type`s written for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// `dct:title`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub title: Vec<LangString>,
    /// `dct:description`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub description: Vec<LangString>,
    /// `dcat:accessURL` (mandatory).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access_url: Vec<String>,
    /// `dcat:downloadURL`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub download_url: Vec<String>,
    /// `dcat:accessService`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access_service: Vec<String>,
    /// `dct:format`: an EU file-type IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// `dcat:mediaType`: an IANA media-type IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// `dcat:compressFormat`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compress_format: Option<String>,
    /// `dcat:packageFormat`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_format: Option<String>,
    /// `dcat:byteSize`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byte_size: Option<u64>,
    /// `spdx:checksum`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum: Option<Checksum>,
    /// `dct:license`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<LicenseDocument>,
    /// `dct:rights`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rights: Option<String>,
    /// `adms:status`: an EU distribution-status IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `dcatap:availability`: an EU planned-availability IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<String>,
    /// `dct:issued`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<DateValue>,
    /// `dct:modified`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<DateValue>,
    /// `dct:language`: EU language IRIs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub language: Vec<String>,
    /// `dct:conformsTo`: standards or schemas the file follows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conforms_to: Vec<String>,
    /// `foaf:page`: documentation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub page: Vec<String>,
    /// `dcatap:applicableLegislation`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applicable_legislation: Vec<String>,
}

impl Distribution {
    /// A distribution typed `dcat:Distribution` reachable at `access_url`.
    pub fn new(id: Option<&str>, access_url: impl Into<String>) -> Self {
        Self {
            id: id.map(str::to_owned),
            types: vec![ns::dcat::DISTRIBUTION.to_owned()],
            access_url: vec![access_url.into()],
            ..Self::default()
        }
    }
}

/// `dcat:Dataset` (and `dcat:DatasetSeries`, which DCAT 3 makes a sub-class of it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Dataset {
    /// Identity: an IRI, `_:label` for a blank node, or `None` for a new blank node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The `rdf:type`s written for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// `dct:title` (mandatory), one per language.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub title: Vec<LangString>,
    /// `dct:description` (mandatory), one per language.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub description: Vec<LangString>,
    /// `dct:identifier`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifier: Vec<String>,
    /// `dcat:keyword`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keyword: Vec<LangString>,
    /// `dcat:theme`: EU data-theme IRIs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub theme: Vec<String>,
    /// `dct:type`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dataset_type: Vec<String>,
    /// `dct:publisher`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Agent>,
    /// `dct:creator`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub creator: Vec<Agent>,
    /// `dcat:contactPoint`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contact_point: Vec<ContactPoint>,
    /// `dct:issued`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<DateValue>,
    /// `dct:modified`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<DateValue>,
    /// `dct:language`: EU language IRIs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub language: Vec<String>,
    /// `dct:accrualPeriodicity`: an EU frequency IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accrual_periodicity: Option<String>,
    /// `dct:temporal`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub temporal: Vec<PeriodOfTime>,
    /// `dct:spatial`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spatial: Vec<Location>,
    /// `dct:accessRights`: an EU access-right IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_rights: Option<String>,
    /// `dct:conformsTo`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conforms_to: Vec<String>,
    /// `dcat:landingPage`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub landing_page: Vec<String>,
    /// `foaf:page`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub page: Vec<String>,
    /// `dcat:version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `adms:versionNotes`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub version_notes: Vec<LangString>,
    /// `dcat:inSeries`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub in_series: Vec<String>,
    /// `dct:source`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<String>,
    /// `dct:relation`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relation: Vec<String>,
    /// `dcat:qualifiedRelation`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub qualified_relation: Vec<Relationship>,
    /// `dcatap:applicableLegislation` (for High-Value Datasets: the HVD regulation's ELI).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applicable_legislation: Vec<String>,
    /// `dcat:distribution`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub distributions: Vec<Distribution>,
}

/// A dataset series is a [`Dataset`] typed `dcat:DatasetSeries` (DCAT 3 makes it a sub-class).
pub type DatasetSeries = Dataset;

impl Dataset {
    /// A dataset typed `dcat:Dataset` with a title and a description in one language.
    ///
    /// ```
    /// use opendata_core::catalog::{Dataset, LangString};
    /// let ds = Dataset::new("https://example.org/ds/1")
    ///     .with_title(LangString::new("Bee population", "en"))
    ///     .with_description(LangString::new("Counts of bee colonies", "en"))
    ///     .with_keyword(LangString::new("bees", "en"));
    /// assert_eq!(ds.title[0].value, "Bee population");
    /// ```
    pub fn new(iri: impl Into<String>) -> Self {
        Self {
            id: Some(iri.into()),
            types: vec![ns::dcat::DATASET.to_owned()],
            ..Self::default()
        }
    }

    /// A dataset series.
    pub fn series(iri: impl Into<String>) -> Self {
        Self {
            id: Some(iri.into()),
            types: vec![ns::dcat::DATASET_SERIES.to_owned()],
            ..Self::default()
        }
    }

    /// Whether it is typed `dcat:DatasetSeries`.
    pub fn is_series(&self) -> bool {
        self.types.iter().any(|t| t == ns::dcat::DATASET_SERIES)
    }

    /// Adds a title.
    pub fn with_title(mut self, title: LangString) -> Self {
        self.title.push(title);
        self
    }

    /// Adds a description.
    pub fn with_description(mut self, description: LangString) -> Self {
        self.description.push(description);
        self
    }

    /// Adds a keyword.
    pub fn with_keyword(mut self, keyword: LangString) -> Self {
        self.keyword.push(keyword);
        self
    }

    /// Adds a theme IRI.
    pub fn with_theme(mut self, theme: impl Into<String>) -> Self {
        self.theme.push(theme.into());
        self
    }

    /// Sets the publisher.
    pub fn with_publisher(mut self, publisher: Agent) -> Self {
        self.publisher = Some(publisher);
        self
    }

    /// Adds a contact point.
    pub fn with_contact_point(mut self, contact: ContactPoint) -> Self {
        self.contact_point.push(contact);
        self
    }

    /// Sets the update frequency (an EU frequency IRI).
    pub fn with_accrual_periodicity(mut self, frequency: impl Into<String>) -> Self {
        self.accrual_periodicity = Some(frequency.into());
        self
    }

    /// Sets `dct:modified`.
    pub fn with_modified(mut self, modified: DateValue) -> Self {
        self.modified = Some(modified);
        self
    }

    /// Sets `dct:issued`.
    pub fn with_issued(mut self, issued: DateValue) -> Self {
        self.issued = Some(issued);
        self
    }

    /// Adds a distribution.
    pub fn with_distribution(mut self, distribution: Distribution) -> Self {
        self.distributions.push(distribution);
        self
    }
}

/// `dcat:DataService`: an API giving access to datasets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DataService {
    /// Identity: an IRI, `_:label` for a blank node, or `None` for a new blank node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The `rdf:type`s written for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// `dct:title` (mandatory).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub title: Vec<LangString>,
    /// `dct:description`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub description: Vec<LangString>,
    /// `dcat:endpointURL` (mandatory).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub endpoint_url: Vec<String>,
    /// `dcat:endpointDescription`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub endpoint_description: Vec<String>,
    /// `dcat:servesDataset`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub serves_dataset: Vec<String>,
    /// `dct:publisher`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Agent>,
    /// `dcat:contactPoint`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contact_point: Vec<ContactPoint>,
    /// `dcat:keyword`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keyword: Vec<LangString>,
    /// `dcat:theme`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub theme: Vec<String>,
    /// `dct:accessRights`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_rights: Option<String>,
    /// `dct:license`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<LicenseDocument>,
    /// `dct:conformsTo`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conforms_to: Vec<String>,
    /// `dct:format`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub format: Vec<String>,
    /// `dcat:landingPage`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub landing_page: Vec<String>,
    /// `dcatap:applicableLegislation`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applicable_legislation: Vec<String>,
}

/// `dcat:CatalogRecord`: the catalogue's own record about a dataset.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CatalogRecord {
    /// Identity: an IRI, `_:label` for a blank node, or `None` for a new blank node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The `rdf:type`s written for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// `foaf:primaryTopic`: the dataset, service or catalogue described.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_topic: Option<String>,
    /// `dct:modified` (mandatory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<DateValue>,
    /// `dct:issued`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<DateValue>,
    /// `dct:title`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub title: Vec<LangString>,
    /// `dct:description`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub description: Vec<LangString>,
    /// `dct:conformsTo`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conforms_to: Option<String>,
    /// `adms:status`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `dct:language`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub language: Vec<String>,
}

/// `dcat:Catalog`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Catalog {
    /// Identity: an IRI, `_:label` for a blank node, or `None` for a new blank node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The `rdf:type`s written for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// `dct:title` (mandatory).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub title: Vec<LangString>,
    /// `dct:description` (mandatory).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub description: Vec<LangString>,
    /// `dct:publisher` (mandatory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Agent>,
    /// `dct:creator`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<Agent>,
    /// `foaf:homepage`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
    /// `dct:language`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub language: Vec<String>,
    /// `dct:license`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<LicenseDocument>,
    /// `dct:rights`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rights: Option<String>,
    /// `dct:issued`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<DateValue>,
    /// `dct:modified`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<DateValue>,
    /// `dcat:themeTaxonomy`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub theme_taxonomy: Vec<String>,
    /// `dct:spatial`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spatial: Vec<Location>,
    /// `dcat:catalog`: sub-catalogues.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub catalogs: Vec<String>,
    /// `dct:hasPart`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub has_part: Vec<String>,
    /// `dcatap:applicableLegislation`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applicable_legislation: Vec<String>,
    /// `dcat:dataset`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datasets: Vec<Dataset>,
    /// `dcat:service`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<DataService>,
    /// `dcat:record`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<CatalogRecord>,
}

/// Everything one metadata file holds: catalogues, and the datasets, services and
/// distributions no catalogue lists, plus the statements the model has no field for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MetadataDocument {
    /// Catalogues, each with what it lists.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub catalogs: Vec<Catalog>,
    /// Datasets and dataset series not listed by a catalogue of this document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datasets: Vec<Dataset>,
    /// Data services not listed by a catalogue of this document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<DataService>,
    /// Distributions no dataset of this document lists.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub distributions: Vec<Distribution>,
    /// Statements kept verbatim because the model has no field for them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other: Vec<Triple>,
}

impl MetadataDocument {
    /// A document holding one dataset.
    pub fn from_dataset(dataset: Dataset) -> Self {
        Self {
            datasets: vec![dataset],
            ..Self::default()
        }
    }

    /// Every dataset of the document: the catalogues' and the loose ones.
    pub fn all_datasets(&self) -> impl Iterator<Item = &Dataset> {
        self.catalogs
            .iter()
            .flat_map(|c| c.datasets.iter())
            .chain(self.datasets.iter())
    }
}
