//! Checksum and structure checks run on candidates that a rule's pattern found.
//!
//! Each validator also states how often a random string of the right shape passes it
//! ([`Validator::chance_pass`]), so that a column's pass rate can be weighed against
//! chance: 95% passing mod-97 is near-certain, 12% passing Luhn is noise.

use serde::{Deserialize, Serialize};

use super::names;

/// A named check a rule can ask for on every candidate its patterns find.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Validator {
    /// Payment card: issuer range (IIN) and the Luhn checksum.
    CreditCard,
    /// IBAN: country length table and ISO 7064 mod 97-10.
    Iban,
    /// NHS number (England, Wales, Isle of Man): mod 11.
    UkNhs,
    /// UK national insurance number: prefix and suffix letter rules.
    UkNino,
    /// US social security number: area, group and serial rules.
    UsSsn,
    /// US individual taxpayer identification number: 9xx and group ranges.
    UsItin,
    /// Spanish DNI / NIF: the check letter.
    EsDni,
    /// Spanish NIE: X/Y/Z prefix and the check letter.
    EsNie,
    /// Italian codice fiscale: the check character and month letter.
    ItFiscalCode,
    /// Dutch BSN: the 11-test.
    NlBsn,
    /// Polish PESEL: weights 1-3-7-9 and an encoded birth date.
    PlPesel,
    /// Swedish personnummer / samordningsnummer: birth date and Luhn.
    SePersonnummer,
    /// Finnish HETU: birth date, century sign and mod 31 check character.
    FiHetu,
    /// Danish CPR number: a real birth date (the mod-11 rule was dropped in 2007).
    DkCpr,
    /// French NIR (social security number): structure and the 97 key.
    FrNir,
    /// German tax id (Steuer-IdNr): digit repetition rule and ISO 7064 mod 11,10.
    DeTaxId,
    /// Belgian national number: birth date and mod 97 (both centuries).
    BeNationalNumber,
    /// Irish PPS number: weighted mod 23 check letter.
    IePps,
    /// Norwegian fødselsnummer: two mod-11 check digits and a birth date.
    NoFodselsnummer,
    /// Phone number that fits its country's numbering plan (length and leading digits),
    /// international or in a supported national format.
    Phone,
    /// IPv4 address with octets 0-255, not a version-number-like 0.x.
    Ipv4,
    /// IPv6 address.
    Ipv6,
    /// E-mail address with a plausible domain.
    Email,
    /// GB vehicle registration: the current format with a real age identifier, or a
    /// dated prefix or suffix format with a real year letter.
    GbVehicle,
    /// Full UK postcode whose area (the leading letters) is one of Royal Mail's.
    UkPostcode,
    /// A latitude / longitude pair with at least 4 decimals (about 11 m).
    GeoPrecise,
    /// A single latitude or longitude with at least 4 decimals.
    GeoCoordinate,
    /// A personal name: at least one token in the embedded first-name or surname lists.
    PersonName,
    /// A personal name every word of which is in the embedded lists, one a first name (for
    /// names written in capitals, where the capitals say nothing).
    ListedPersonName,
    /// A date with a plausible birth year (used with context words in free text).
    Date,
}

impl Validator {
    /// Every validator with its rule-file name, for error messages.
    pub const ALL: &'static [Validator] = &[
        Validator::CreditCard,
        Validator::Iban,
        Validator::UkNhs,
        Validator::UkNino,
        Validator::UsSsn,
        Validator::UsItin,
        Validator::EsDni,
        Validator::EsNie,
        Validator::ItFiscalCode,
        Validator::NlBsn,
        Validator::PlPesel,
        Validator::SePersonnummer,
        Validator::FiHetu,
        Validator::DkCpr,
        Validator::FrNir,
        Validator::DeTaxId,
        Validator::BeNationalNumber,
        Validator::IePps,
        Validator::NoFodselsnummer,
        Validator::Phone,
        Validator::Ipv4,
        Validator::Ipv6,
        Validator::Email,
        Validator::GbVehicle,
        Validator::UkPostcode,
        Validator::GeoPrecise,
        Validator::GeoCoordinate,
        Validator::PersonName,
        Validator::ListedPersonName,
        Validator::Date,
    ];

    /// The name used in rule files (`credit_card`, `iban`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Validator::CreditCard => "credit_card",
            Validator::Iban => "iban",
            Validator::UkNhs => "uk_nhs",
            Validator::UkNino => "uk_nino",
            Validator::UsSsn => "us_ssn",
            Validator::UsItin => "us_itin",
            Validator::EsDni => "es_dni",
            Validator::EsNie => "es_nie",
            Validator::ItFiscalCode => "it_fiscal_code",
            Validator::NlBsn => "nl_bsn",
            Validator::PlPesel => "pl_pesel",
            Validator::SePersonnummer => "se_personnummer",
            Validator::FiHetu => "fi_hetu",
            Validator::DkCpr => "dk_cpr",
            Validator::FrNir => "fr_nir",
            Validator::DeTaxId => "de_tax_id",
            Validator::BeNationalNumber => "be_national_number",
            Validator::IePps => "ie_pps",
            Validator::NoFodselsnummer => "no_fodselsnummer",
            Validator::Phone => "phone",
            Validator::Ipv4 => "ipv4",
            Validator::Ipv6 => "ipv6",
            Validator::Email => "email",
            Validator::GbVehicle => "gb_vehicle",
            Validator::UkPostcode => "uk_postcode",
            Validator::GeoPrecise => "geo_precise",
            Validator::GeoCoordinate => "geo_coordinate",
            Validator::PersonName => "person_name",
            Validator::ListedPersonName => "listed_person_name",
            Validator::Date => "date",
        }
    }

    /// Looks a validator up by its rule-file name.
    pub fn from_name(name: &str) -> Option<Validator> {
        Validator::ALL.iter().copied().find(|v| v.name() == name)
    }

    /// How often a random string that matches the rule's pattern passes this check.
    ///
    /// Checksums give the textbook rate (Luhn 1 in 10, mod 97 about 1 in 97); structure
    /// checks give a rough share of well-shaped random strings that pass.
    pub fn chance_pass(self) -> f64 {
        match self {
            Validator::CreditCard => 0.1,
            Validator::Iban => 1.0 / 97.0,
            Validator::UkNhs => 1.0 / 11.0,
            Validator::UkNino => 0.6,
            Validator::UsSsn => 0.9,
            Validator::UsItin => 0.4,
            Validator::EsDni | Validator::EsNie | Validator::IePps => 1.0 / 23.0,
            Validator::ItFiscalCode => 1.0 / 26.0,
            Validator::NlBsn => 1.0 / 11.0,
            Validator::PlPesel => 0.1 * 0.35,
            Validator::SePersonnummer => 0.1 * 0.35,
            Validator::FiHetu => 0.35 / 31.0,
            Validator::DkCpr => 0.35,
            Validator::FrNir => 1.0 / 97.0,
            Validator::DeTaxId => 0.1 * 0.1,
            Validator::BeNationalNumber => 2.0 / 97.0,
            Validator::NoFodselsnummer => 0.35 / 121.0,
            Validator::Phone => 0.3,
            Validator::Ipv4 => 0.3,
            Validator::Ipv6 | Validator::Email | Validator::GeoPrecise => 0.0,
            Validator::GbVehicle => 0.5,
            // 124 areas of the 702 one- and two-letter prefixes the pattern allows.
            Validator::UkPostcode => 0.18,
            Validator::GeoCoordinate => 0.2,
            Validator::PersonName => 0.05,
            Validator::ListedPersonName => 0.01,
            Validator::Date => 0.5,
        }
    }

    /// Whether `candidate` passes the check.
    pub fn check(self, candidate: &str) -> bool {
        match self {
            Validator::CreditCard => credit_card(candidate),
            Validator::Iban => iban(candidate),
            Validator::UkNhs => uk_nhs(candidate),
            Validator::UkNino => uk_nino(candidate),
            Validator::UsSsn => us_ssn(candidate),
            Validator::UsItin => us_itin(candidate),
            Validator::EsDni => es_dni(candidate),
            Validator::EsNie => es_nie(candidate),
            Validator::ItFiscalCode => it_fiscal_code(candidate),
            Validator::NlBsn => nl_bsn(candidate),
            Validator::PlPesel => pl_pesel(candidate),
            Validator::SePersonnummer => se_personnummer(candidate),
            Validator::FiHetu => fi_hetu(candidate),
            Validator::DkCpr => dk_cpr(candidate),
            Validator::FrNir => fr_nir(candidate),
            Validator::DeTaxId => de_tax_id(candidate),
            Validator::BeNationalNumber => be_national_number(candidate),
            Validator::IePps => ie_pps(candidate),
            Validator::NoFodselsnummer => no_fodselsnummer(candidate),
            Validator::Phone => phone(candidate),
            Validator::Ipv4 => ipv4(candidate),
            Validator::Ipv6 => candidate.trim().parse::<std::net::Ipv6Addr>().is_ok(),
            Validator::Email => email(candidate),
            Validator::GbVehicle => gb_vehicle(candidate),
            Validator::UkPostcode => uk_postcode(candidate),
            Validator::GeoPrecise => geo_precise(candidate),
            Validator::GeoCoordinate => geo_coordinate(candidate),
            Validator::PersonName => names::is_person_name(candidate),
            Validator::ListedPersonName => names::is_listed_person_name(candidate),
            Validator::Date => birth_date(candidate),
        }
    }
}

/// The most bytes a [`Compact`] holds: every identifier checked here is shorter.
const COMPACT_MAX: usize = 40;

/// A short run of bytes kept on the stack: validators run on every candidate of every
/// cell, and a heap copy of each cost more than the check.
struct Compact {
    bytes: [u8; COMPACT_MAX],
    len: usize,
}

impl Compact {
    fn new() -> Self {
        Self {
            bytes: [0; COMPACT_MAX],
            len: 0,
        }
    }

    /// Appends a byte; `false` when full.
    fn push(&mut self, b: u8) -> bool {
        match self.bytes.get_mut(self.len) {
            Some(slot) => {
                *slot = b;
                self.len += 1;
                true
            }
            None => false,
        }
    }

    fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

impl std::ops::Deref for Compact {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        self.as_bytes()
    }
}

/// The decimal digits of `s` (values 0-9), or `None` when it has anything but digits and
/// the usual separators (space, dash, dot, slash), or more digits than any identifier.
fn digits(s: &str) -> Option<Compact> {
    digits_skipping(s, b" -./")
}

/// The decimal digits of `s`, or `None` when it has a byte that is neither a digit nor
/// one of `separators`, or more digits than any identifier.
fn digits_skipping(s: &str, separators: &[u8]) -> Option<Compact> {
    let mut out = Compact::new();
    for b in s.bytes() {
        if b.is_ascii_digit() {
            if !out.push(b - b'0') {
                return None;
            }
        } else if !separators.contains(&b) {
            return None;
        }
    }
    Some(out)
}

/// `s`'s ASCII letters and digits, upper-cased; empty when there are more than any
/// identifier has (which every check refuses).
fn compact_upper(s: &str) -> Compact {
    let mut out = Compact::new();
    for b in s.bytes().filter(u8::is_ascii_alphanumeric) {
        if !out.push(b.to_ascii_uppercase()) {
            return Compact::new();
        }
    }
    out
}

fn number(d: &[u8]) -> u64 {
    d.iter().fold(0u64, |acc, &x| {
        acc.wrapping_mul(10).wrapping_add(u64::from(x))
    })
}

/// Whether `s` is 13 digits and nothing else, with a valid EAN-13 check digit: a product
/// barcode (ISBN-13 included) written where a card or phone number could be.
fn is_ean13(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 13
        && b.iter().all(u8::is_ascii_digit)
        && b.iter()
            .enumerate()
            .map(|(i, &x)| u32::from(x - b'0') * if i % 2 == 1 { 3 } else { 1 })
            .sum::<u32>()
            % 10
            == 0
}

/// The Luhn checksum over digits (rightmost is the check digit).
pub(crate) fn luhn(d: &[u8]) -> bool {
    if d.is_empty() {
        return false;
    }
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| {
            let x = u32::from(x);
            if i % 2 == 1 {
                let y = x * 2;
                if y > 9 {
                    y - 9
                } else {
                    y
                }
            } else {
                x
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn credit_card(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    let n = d.len();
    if !(12..=19).contains(&n) || !luhn(&d) {
        return false;
    }
    // A run of one digit passes Luhn for some lengths and is never a real card. Visa no
    // longer issues 13-digit cards, while EAN-13 barcodes are on every product: one in ten
    // of them passes Luhn.
    if d.iter().all(|&x| x == d[0]) || is_ean13(s.trim()) {
        return false;
    }
    let p2 = number(&d[..2]);
    let p3 = number(&d[..3]);
    let p4 = number(&d[..4]);
    let p6 = number(&d[..6]);
    // Maestro cards run from 12 to 19 digits, which the length test above already holds.
    let maestro = p2 == 50
        || (56..=58).contains(&p2)
        || matches!(p4, 6304 | 6390 | 6759 | 6761 | 6762 | 6763);
    // JCB's first cards had 15 digits and their own prefixes.
    let jcb_15 = matches!(p4, 1800 | 2131) && n == 15;
    maestro
        || jcb_15
        || match d[0] {
            4 => matches!(n, 13 | 16 | 19),              // Visa
            5 => (51..=55).contains(&p2) && n == 16,     // Mastercard
            2 => (2221..=2720).contains(&p4) && n == 16, // Mastercard 2-series
            3 => {
                // JCB issues from 3528-3589; the rest of 35 belongs to no other network.
                ((p2 == 34 || p2 == 37) && n == 15) || (p2 == 35 && n >= 16) // Amex, JCB
                || ((300..=305).contains(&p3) || p2 == 36 || p2 == 38 || p2 == 39) && (14..=19).contains(&n)
            } // Diners
            6 => {
                (p4 == 6011
                    || p2 == 65
                    || (644..=649).contains(&p3)
                    || (622126..=622925).contains(&p6)
                    || p2 == 62)
                    && (16..=19).contains(&n)
            } // Discover, UnionPay
            _ => false,
        }
}

/// BBAN structure per country, from the SWIFT IBAN registry: runs of `n` digits, `a`
/// upper-case letters and `c` letters or digits (`4a14n`: four letters, then 14 digits).
/// The IBAN is the country code, two check digits and the BBAN.
const IBAN_BBAN: &[(&str, &str)] = &[
    ("AD", "4n4n12c"),
    ("AE", "3n16n"),
    ("AL", "8n16c"),
    ("AT", "5n11n"),
    ("AZ", "4a20c"),
    ("BA", "3n3n8n2n"),
    ("BE", "3n7n2n"),
    ("BG", "4a4n2n8c"),
    ("BH", "4a14c"),
    ("BI", "5n5n11n2n"),
    ("BR", "8n5n10n1a1c"),
    ("BY", "4c4n16c"),
    ("CH", "5n12c"),
    ("CR", "4n14n"),
    ("CY", "3n5n16c"),
    ("CZ", "4n16n"),
    ("DE", "8n10n"),
    ("DJ", "5n5n11n2n"),
    ("DK", "4n9n1n"),
    ("DO", "4c20n"),
    ("EE", "2n14n"),
    ("EG", "4n4n17n"),
    ("ES", "4n4n1n1n10n"),
    ("FI", "3n11n"),
    ("FK", "2a12n"),
    ("FO", "4n9n1n"),
    ("FR", "5n5n11c2n"),
    ("GB", "4a6n8n"),
    ("GE", "2a16n"),
    ("GI", "4a15c"),
    ("GL", "4n9n1n"),
    ("GR", "3n4n16c"),
    ("GT", "4c20c"),
    ("HN", "4a20n"),
    ("HR", "7n10n"),
    ("HU", "3n4n1n15n1n"),
    ("IE", "4a6n8n"),
    ("IL", "3n3n13n"),
    ("IQ", "4a3n12n"),
    ("IS", "4n2n6n10n"),
    ("IT", "1a5n5n12c"),
    ("JO", "4a4n18c"),
    ("KW", "4a22c"),
    ("KZ", "3n13c"),
    ("LB", "4n20c"),
    ("LC", "4a24c"),
    ("LI", "5n12c"),
    ("LT", "5n11n"),
    ("LU", "3n13c"),
    ("LV", "4a13c"),
    ("LY", "3n3n15n"),
    ("MC", "5n5n11c2n"),
    ("MD", "2c18c"),
    ("ME", "3n13n2n"),
    ("MK", "3n10c2n"),
    ("MN", "4n12n"),
    ("MR", "5n5n11n2n"),
    ("MT", "4a5n18c"),
    ("MU", "4a2n2n12n3n3a"),
    ("NI", "4a20n"),
    ("NL", "4a10n"),
    ("NO", "4n6n1n"),
    ("OM", "3n16c"),
    ("PK", "4a16c"),
    ("PL", "8n16n"),
    ("PS", "4a21c"),
    ("PT", "4n4n11n2n"),
    ("QA", "4a21c"),
    ("RO", "4a16c"),
    ("RS", "3n13n2n"),
    ("RU", "9n5n15c"),
    ("SA", "2n18c"),
    ("SC", "4a2n2n16n3a"),
    ("SD", "2n12n"),
    ("SE", "3n16n1n"),
    ("SI", "5n8n2n"),
    ("SK", "4n6n10n"),
    ("SM", "1a5n5n12c"),
    ("SO", "4n3n12n"),
    ("ST", "4n4n11n2n"),
    ("SV", "4a20n"),
    ("TL", "3n14n2n"),
    ("TN", "2n3n13n2n"),
    ("TR", "5n1n16c"),
    ("UA", "6n19c"),
    ("VA", "3n15n"),
    ("VG", "4a16n"),
    ("XK", "4n10n2n"),
    ("YE", "4a4n18c"),
];

/// Whether `bban` has exactly the runs of `structure` (see [`IBAN_BBAN`]).
fn bban_fits(structure: &str, bban: &[u8]) -> bool {
    let mut at = 0usize;
    let mut count = 0usize;
    for kind in structure.bytes() {
        if kind.is_ascii_digit() {
            count = count * 10 + usize::from(kind - b'0');
            continue;
        }
        let Some(run) = bban.get(at..at + count) else {
            return false;
        };
        let fits = match kind {
            b'n' => run.iter().all(u8::is_ascii_digit),
            b'a' => run.iter().all(u8::is_ascii_uppercase),
            _ => run
                .iter()
                .all(|x| x.is_ascii_digit() || x.is_ascii_uppercase()),
        };
        if !fits {
            return false;
        }
        at += count;
        count = 0;
    }
    at == bban.len()
}

fn iban(s: &str) -> bool {
    let c = compact_upper(s);
    let b = c.as_bytes();
    if b.len() < 15
        || !b[..2].iter().all(u8::is_ascii_uppercase)
        || !b[2..4].iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    let Some(&(_, structure)) = IBAN_BBAN.iter().find(|(cc, _)| cc.as_bytes() == &b[..2]) else {
        return false;
    };
    // The registry's layout, not only its length: a GB or NL bank code is letters.
    if !bban_fits(structure, &b[4..]) {
        return false;
    }
    let mut rem: u32 = 0;
    for &ch in b[4..].iter().chain(&b[..4]) {
        let v = match ch {
            b'0'..=b'9' => u32::from(ch - b'0'),
            b'A'..=b'Z' => u32::from(ch - b'A') + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

fn uk_nhs(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    if d.len() != 10 || d.iter().all(|&x| x == d[0]) {
        return false;
    }
    let sum: u32 = d[..9]
        .iter()
        .enumerate()
        .map(|(i, &x)| u32::from(x) * (10 - i as u32))
        .sum();
    let check = 11 - sum % 11;
    let check = if check == 11 { 0 } else { check };
    check != 10 && check == u32::from(d[9])
}

fn uk_nino(s: &str) -> bool {
    let c = compact_upper(s);
    let b = c.as_bytes();
    if !(b.len() == 9 || b.len() == 8) {
        return false;
    }
    let (p1, p2) = (b[0], b[1]);
    if !p1.is_ascii_uppercase()
        || !p2.is_ascii_uppercase()
        || !b[2..8].iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    if b"DFIQUV".contains(&p1) || b"DFIOQUV".contains(&p2) {
        return false;
    }
    if [b"BG", b"GB", b"KN", b"NK", b"NT", b"TN", b"ZZ"]
        .iter()
        .any(|p| &b[..2] == *p)
    {
        return false;
    }
    b.len() == 8 || b"ABCD".contains(&b[8])
}

fn ssn_parts(s: &str) -> Option<(u64, u64, u64)> {
    let d = digits(s)?;
    if d.len() != 9 {
        return None;
    }
    Some((number(&d[..3]), number(&d[3..5]), number(&d[5..])))
}

fn us_ssn(s: &str) -> bool {
    let Some((area, group, serial)) = ssn_parts(s) else {
        return false;
    };
    // Numbers that were printed on sample cards or in advertising.
    if (area, group, serial) == (78, 5, 1120) || (area, group, serial) == (219, 9, 9999) {
        return false;
    }
    // A run like 123-45-6789 or 111-11-1111 is a placeholder, not a person.
    let all = area * 1_000_000 + group * 10_000 + serial;
    if all == 123_456_789 || all % 111_111_111 == 0 {
        return false;
    }
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

fn us_itin(s: &str) -> bool {
    let Some((area, group, _)) = ssn_parts(s) else {
        return false;
    };
    (900..=999).contains(&area) && matches!(group, 50..=65 | 70..=88 | 90..=92 | 94..=99)
}

const DNI_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";

fn es_dni(s: &str) -> bool {
    let c = compact_upper(s);
    let b = c.as_bytes();
    if b.len() != 9 || !b[..8].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let n = b[..8]
        .iter()
        .fold(0usize, |a, &x| a * 10 + usize::from(x - b'0'));
    DNI_LETTERS.get(n % 23) == Some(&b[8])
}

fn es_nie(s: &str) -> bool {
    let c = compact_upper(s);
    let b = c.as_bytes();
    if b.len() != 9 || !b[1..8].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let lead = match b[0] {
        b'X' => 0,
        b'Y' => 1,
        b'Z' => 2,
        _ => return false,
    };
    let n = b[1..8]
        .iter()
        .fold(lead, |a, &x| a * 10 + usize::from(x - b'0'));
    DNI_LETTERS.get(n % 23) == Some(&b[8])
}

fn it_fiscal_code(s: &str) -> bool {
    // Values of characters in odd positions (1st, 3rd, ...), digits and letters alike.
    const ODD: [u32; 26] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23,
    ];
    let c = compact_upper(s);
    let b = c.as_bytes();
    if b.len() != 16
        || !b[..6].iter().all(u8::is_ascii_uppercase)
        || !b"ABCDEHLMPRST".contains(&b[8])
    {
        return false;
    }
    // Omocodia replaces digits by the letters LMNPQRSTUV; positions 7-8, 10-11, 13-15 are digits.
    let omo = |ch: u8| ch.is_ascii_digit() || b"LMNPQRSTUV".contains(&ch);
    if ![6, 7, 9, 10, 12, 13, 14].iter().all(|&i| omo(b[i])) || !b[11].is_ascii_uppercase() {
        return false;
    }
    // The birth date must exist: day 01-31, plus 40 for women; the century is not
    // written, so 29 February passes when the year is divisible by four.
    let date_digit = |ch: u8| -> u32 {
        if ch.is_ascii_digit() {
            u32::from(ch - b'0')
        } else {
            b"LMNPQRSTUV"
                .iter()
                .position(|&x| x == ch)
                .map_or(0, |p| p as u32)
        }
    };
    let year = 2000 + date_digit(b[6]) * 10 + date_digit(b[7]);
    let month = b"ABCDEHLMPRST"
        .iter()
        .position(|&x| x == b[8])
        .map_or(0, |p| p as u32 + 1);
    let day = match date_digit(b[9]) * 10 + date_digit(b[10]) {
        d @ 1..=31 => d,
        d @ 41..=71 => d - 40,
        _ => return false,
    };
    if !valid_date(year, month, day) {
        return false;
    }
    let mut sum = 0u32;
    for (i, &ch) in b[..15].iter().enumerate() {
        let idx = if ch.is_ascii_digit() {
            ch - b'0'
        } else {
            ch - b'A'
        } as usize;
        sum += if i % 2 == 0 {
            ODD.get(idx).copied().unwrap_or(0)
        } else {
            idx as u32
        };
    }
    b[15] == b'A' + (sum % 26) as u8
}

fn nl_bsn(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    // An eight-digit BSN lost its leading zero.
    let d: &[u8] = &d;
    let padded;
    let d = if d.len() == 8 {
        padded = [&[0], d].concat();
        &padded[..]
    } else {
        d
    };
    if d.len() != 9 || d.iter().all(|&x| x == 0) {
        return false;
    }
    let sum: i64 = d[..8]
        .iter()
        .enumerate()
        .map(|(i, &x)| i64::from(x) * (9 - i as i64))
        .sum::<i64>()
        - i64::from(d[8]);
    sum % 11 == 0
}

fn valid_date(year: u32, month: u32, day: u32) -> bool {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    day >= 1 && day <= days
}

fn two(d: &[u8], at: usize) -> u32 {
    u32::from(d[at]) * 10 + u32::from(d[at + 1])
}

fn pl_pesel(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    if d.len() != 11 {
        return false;
    }
    const W: [u32; 10] = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
    let sum: u32 = d[..10].iter().zip(W).map(|(&x, w)| u32::from(x) * w).sum();
    if (10 - sum % 10) % 10 != u32::from(d[10]) {
        return false;
    }
    let (yy, mm, dd) = (two(&d, 0), two(&d, 2), two(&d, 4));
    let (century, month) = match mm {
        1..=12 => (1900, mm),
        21..=32 => (2000, mm - 20),
        41..=52 => (2100, mm - 40),
        61..=72 => (2200, mm - 60),
        81..=92 => (1800, mm - 80),
        _ => return false,
    };
    valid_date(century + yy, month, dd)
}

fn se_personnummer(s: &str) -> bool {
    // Spaces are layout only; a `-` or `+` may stand only before the last four digits,
    // and `+` says the person is 100 or older (so a 10-digit `00` year is 1900, not 2000).
    let t: Vec<u8> = s.bytes().filter(|&b| b != b' ').collect();
    let sep_at = t.len().checked_sub(5);
    let sep = sep_at.and_then(|i| t.get(i)).copied();
    let (body, hundred): (Vec<u8>, bool) = match (sep, sep_at) {
        (Some(b'-' | b'+'), Some(i)) => (
            t[..i].iter().chain(&t[i + 1..]).copied().collect(),
            sep == Some(b'+'),
        ),
        _ => (t, false),
    };
    if !body.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let d: Vec<u8> = body.iter().map(|x| x - b'0').collect();
    let year = match d.len() {
        12 => two(&d, 0) * 100 + two(&d, 2),
        10 if hundred => 1900 + two(&d, 0),
        10 => 2000 + two(&d, 0),
        _ => return false,
    };
    let d = &d[d.len() - 10..];
    let (mm, dd) = (two(d, 2), two(d, 4));
    // Coordination numbers add 60 to the day.
    let dd = if dd > 60 { dd - 60 } else { dd };
    valid_date(year, mm, dd) && luhn(d)
}

fn fi_hetu(s: &str) -> bool {
    const CHECK: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";
    let c = s.trim().to_ascii_uppercase();
    let b = c.as_bytes();
    if b.len() != 11
        || !b[..6].iter().all(u8::is_ascii_digit)
        || !b[7..10].iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    let century = match b[6] {
        b'+' => 1800,
        b'-' | b'Y' | b'X' | b'W' | b'V' | b'U' => 1900,
        b'A' | b'B' | b'C' | b'D' | b'E' | b'F' => 2000,
        _ => return false,
    };
    let d: Vec<u8> = b[..6].iter().chain(&b[7..10]).map(|x| x - b'0').collect();
    // Individual numbers start at 002 (DVV); 900-999 are temporary ids, still a person's.
    if number(&d[6..]) < 2 {
        return false;
    }
    if !valid_date(century + two(&d, 4), two(&d, 2), two(&d, 0)) {
        return false;
    }
    CHECK.get((number(&d) % 31) as usize) == Some(&b[10])
}

fn dk_cpr(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    if d.len() != 10 {
        return false;
    }
    let (dd, mm, yy) = (two(&d, 0), two(&d, 2), two(&d, 4));
    // The 7th digit and the year decide the century; any century makes a valid date check.
    let year = match (d[6], yy) {
        (0..=3, _) => 1900 + yy,
        (4 | 9, 0..=36) => 2000 + yy,
        (4 | 9, _) => 1900 + yy,
        (5..=8, 0..=57) => 2000 + yy,
        _ => 1800 + yy,
    };
    valid_date(year, mm, dd) && year <= NEWEST_BIRTH_YEAR && !d[6..].iter().all(|&x| x == 0)
}

/// The latest birth year an identifier may encode (a later one is a person not yet born,
/// as python-stdnum refuses them). A constant a few years ahead of today rather than the
/// clock: the browser build has none to read, and every build must give the same answer.
const NEWEST_BIRTH_YEAR: u32 = 2030;

fn fr_nir(s: &str) -> bool {
    let c = compact_upper(s);
    if c.len() != 15 {
        return false;
    }
    let b = c.as_bytes();
    // Corsica's departments 2A and 2B count as 19 and 18 in the key.
    let body = match (b[5], b[6]) {
        (b'2', b'A') => [&b[..5], b"19", &b[7..13]].concat(),
        (b'2', b'B') => [&b[..5], b"18", &b[7..13]].concat(),
        _ => b[..13].to_vec(),
    };
    if !body.iter().all(u8::is_ascii_digit) || !b[13..].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sex = b[0];
    let month = u32::from(b[3].wrapping_sub(b'0')) * 10 + u32::from(b[4].wrapping_sub(b'0'));
    if !matches!(sex, b'1' | b'2' | b'3' | b'4' | b'7' | b'8')
        || !(matches!(month, 1..=12 | 20..=42 | 50..=99))
    {
        return false;
    }
    // At most 13 ASCII digits, checked above: no overflow.
    let value = |ascii: &[u8]| {
        ascii
            .iter()
            .fold(0u64, |acc, &x| acc * 10 + u64::from(x - b'0'))
    };
    97 - value(&body) % 97 == value(&b[13..])
}

fn de_tax_id(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    if d.len() != 11 || d[0] == 0 {
        return false;
    }
    let mut counts = [0u8; 10];
    for &x in &d[..10] {
        counts[usize::from(x)] += 1;
    }
    let repeated: Vec<u8> = counts.iter().copied().filter(|&c| c > 1).collect();
    // Exactly one digit occurs twice or three times; a triple may not be three in a row.
    if repeated.len() != 1 || repeated[0] > 3 {
        return false;
    }
    if repeated[0] == 3 && d[..10].windows(3).any(|w| w[0] == w[1] && w[1] == w[2]) {
        return false;
    }
    let mut product = 10u32;
    for &x in &d[..10] {
        let mut sum = (u32::from(x) + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    let check = (11 - product) % 10;
    check == u32::from(d[10])
}

fn be_national_number(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    if d.len() != 11 {
        return false;
    }
    let body = number(&d[..9]);
    let key = number(&d[9..]);
    let (mm, dd) = (two(&d, 2), two(&d, 4));
    // Month and day are 00 when the birth date is unknown; bis numbers add 20 or 40 to
    // the month, and nothing adds 60 or 80.
    if !matches!(mm, 0..=12 | 20..=32 | 40..=52) || dd > 31 {
        return false;
    }
    // People born from 2000 on have a 2 before the digits the key is computed over.
    let born_2000s_possible = 2000 + two(&d, 0) <= NEWEST_BIRTH_YEAR;
    97 - body % 97 == key || (born_2000s_possible && 97 - (2_000_000_000 + body) % 97 == key)
}

fn ie_pps(s: &str) -> bool {
    const LETTERS: &[u8; 23] = b"WABCDEFGHIJKLMNOPQRSTUV";
    let c = compact_upper(s);
    let b = c.as_bytes();
    if !(b.len() == 8 || b.len() == 9)
        || !b[..7].iter().all(u8::is_ascii_digit)
        || !b[7].is_ascii_uppercase()
    {
        return false;
    }
    let mut sum: u32 = b[..7]
        .iter()
        .enumerate()
        .map(|(i, &x)| u32::from(x - b'0') * (8 - i as u32))
        .sum();
    if let Some(&second) = b.get(8) {
        match second {
            // W (married women), T and X (pre-2013 special cases) are not in the check.
            b'W' | b'T' | b'X' => {}
            b'A'..=b'I' => sum += 9 * u32::from(second - b'A' + 1),
            _ => return false,
        }
    }
    LETTERS.get((sum % 23) as usize) == Some(&b[7])
}

fn no_fodselsnummer(s: &str) -> bool {
    let Some(d) = digits(s) else { return false };
    if d.len() != 11 {
        return false;
    }
    let k = |w: &[u32]| -> Option<u8> {
        let sum: u32 = d.iter().zip(w).map(|(&x, &w)| u32::from(x) * w).sum();
        match 11 - sum % 11 {
            11 => Some(0),
            10 => None,
            v => Some(v as u8),
        }
    };
    let k1 = k(&[3, 7, 6, 1, 8, 9, 4, 5, 2]);
    let k2 = k(&[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
    if k1 != Some(d[9]) || k2 != Some(d[10]) {
        return false;
    }
    // D-numbers add 40 to the day; FH-numbers (first digit 8 or 9) hold no birth date.
    let dd = match two(&d, 0) {
        dd @ 1..=31 => dd,
        dd @ 41..=71 => dd - 40,
        _ => return false,
    };
    // H-numbers add 40 to the month, Skatteetaten's synthetic test identities 80.
    let mm = match two(&d, 2) {
        mm @ 1..=12 => mm,
        mm @ 41..=52 => mm - 40,
        mm @ 81..=92 => mm - 80,
        _ => return false,
    };
    // The individual number gives the century (Skatteetaten's allocation ranges); some
    // pairs of individual number and year were never issued.
    let yy = two(&d, 4);
    let century = match (number(&d[6..9]), yy) {
        (0..=499, _) => 1900,
        (500..=749, 54..) => 1800,
        (500..=999, 0..=39) => 2000,
        (900..=999, 40..) => 1900,
        _ => return false,
    };
    valid_date(century + yy, mm, dd)
}

/// Whether a national significant number (no country code, no trunk 0) fits the numbering
/// plan of a country code: lengths and leading digits from the national plans (ITU-T E.164
/// notifications) of the countries the issue names, plus neighbours.
fn plan_ok(cc: &str, nsn: &[u8]) -> bool {
    let len = nsn.len();
    let Some(&first) = nsn.first() else {
        return false;
    };
    let second = nsn.get(1).copied().unwrap_or(0);
    match cc {
        // NANP: NXX NXX XXXX, neither the area code nor the exchange N11.
        "1" => {
            len == 10
                && (2..=9).contains(&first)
                && (2..=9).contains(&nsn[3])
                && !(nsn[1] == 1 && nsn[2] == 1)
                // Toll-free codes (800, 833, ... 888) also give out N11 exchanges.
                && (is_nanp_toll_free(nsn) || !(nsn[4] == 1 && nsn[5] == 1))
        }
        "44" => {
            matches!(first, 1 | 2 | 3 | 5 | 7 | 8 | 9)
                && (len == 10 || (len == 9 && first == 1))
                && !(first == 7 && second == 0 && len != 10)
        }
        "49" => {
            first != 0
                && (6..=13).contains(&len)
                && (first != 1 || (matches!(second, 5..=7) && (10..=11).contains(&len)))
        }
        "33" => first != 0 && len == 9,
        "34" => matches!(first, 6..=9) && len == 9,
        // Freephone 800 numbers beside landlines (with their 0) and mobiles.
        "39" => {
            (first == 0 && (6..=11).contains(&len))
                || (first == 3 && (9..=10).contains(&len))
                || (is_freephone_800(nsn) && len == 9)
        }
        // Freephone 0800 takes four to seven digits after it.
        "31" => (first != 0 && len == 9) || (is_freephone_800(nsn) && (7..=10).contains(&len)),
        "48" => first != 0 && len == 9,
        "46" => first != 0 && (7..=9).contains(&len),
        "45" => first >= 2 && len == 8,
        "358" => first != 0 && (5..=11).contains(&len),
        "353" => (first != 0 && (7..=9).contains(&len)) || is_irish_freephone(nsn),
        "32" => first != 0 && (8..=9).contains(&len),
        "47" => first >= 2 && len == 8,
        "41" | "351" | "420" | "421" | "40" => first != 0 && len == 9,
        "43" => first != 0 && (4..=13).contains(&len),
        "30" => first != 0 && len == 10,
        "36" => first != 0 && (8..=9).contains(&len),
        "352" => first != 0 && (4..=11).contains(&len),
        "354" => first != 0 && len == 7,
        _ => first != 0 && (6..=12).contains(&len),
    }
}

/// Whether a North American number has a toll-free area code (800, 833, 844, ... 888).
fn is_nanp_toll_free(nsn: &[u8]) -> bool {
    matches!(nsn, [8, a, b, ..] if a == b && (*a == 0 || *a >= 3))
}

/// Whether a national number starts with 800 (freephone in most European plans).
fn is_freephone_800(nsn: &[u8]) -> bool {
    nsn.starts_with(&[8, 0, 0])
}

/// Whether a national number is an Irish 1800 freephone number, the one Irish notation
/// without a trunk 0.
fn is_irish_freephone(nsn: &[u8]) -> bool {
    nsn.len() == 10 && nsn.starts_with(&[1, 8, 0, 0])
}

/// Country codes of E.164: every one-digit (1, 7), the two-digit ones and the three-digit
/// prefixes used in Europe; enough to split `+CC NSN`.
const COUNTRY_CODES: &[&str] = &[
    "1", "7", "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45",
    "46", "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
    "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98", "350",
    "351", "352", "353", "354", "355", "356", "357", "358", "359", "370", "371", "372", "373",
    "374", "375", "376", "377", "378", "380", "381", "382", "383", "385", "386", "387", "389",
    "420", "421", "423",
];

/// `s` without a trailing extension (`x123`, `ext. 123`, `extension 123`), which is not
/// part of the number the plans describe.
fn without_extension(s: &str) -> &str {
    let number = s.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = s.len() - number.len();
    if !(1..=6).contains(&digits) {
        return s;
    }
    let number = number.trim_end_matches(' ');
    let lower = |n: usize| number.len().checked_sub(n).and_then(|i| number.get(i..));
    let marker = ["extension", "ext.", "ext", "x"]
        .into_iter()
        .find(|m| lower(m.len()).is_some_and(|end| end.eq_ignore_ascii_case(m)));
    match marker {
        Some(m) => {
            let before = number[..number.len() - m.len()].trim_end_matches(' ');
            if before.ends_with(|c: char| c.is_ascii_digit()) {
                before
            } else {
                s
            }
        }
        None => s,
    }
}

/// `123-45-6789`: three, two and four digits joined by hyphens.
fn is_ssn_shaped(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 11
        && b.iter().enumerate().all(|(i, &c)| match i {
            3 | 6 => c == b'-',
            _ => c.is_ascii_digit(),
        })
}

fn phone(s: &str) -> bool {
    let t = without_extension(s.trim());
    let Some(all) = digits_skipping(t, b" -./()+") else {
        return false;
    };
    // E.164 allows 15 digits after the international prefix; `00` is that prefix.
    let prefix_len = if t.starts_with("00") { 2 } else { 0 };
    if !(7..=15).contains(&all.len().saturating_sub(prefix_len)) || all.iter().all(|&x| x == all[0])
    {
        return false;
    }
    // `01-12-2024` fits a Swedish or Finnish number as well as it fits a date; thirteen
    // digits with nothing to split them and a valid EAN-13 check are a barcode; `078-05-1120`
    // is written as a US social security number, which no numbering plan splits so
    // (the SSN rule judges it).
    if parse_date(t).is_some() || is_ean13(t) || is_ssn_shaped(t) {
        return false;
    }
    // `(+358) 18 6535700` brackets its country code.
    let international = t.trim_start_matches('(').starts_with('+') || t.starts_with("00");
    // A short run of digits after a trunk 0, with nothing to split it (`0352557`), is
    // written like a ticket or account number; numbers written unsplit are full length.
    if !international && all[0] == 0 && all.len() < 9 && t.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if international {
        let body = if t.starts_with("00") {
            &all[2..]
        } else {
            &all[..]
        };
        // The longest country code that prefixes the number wins (358 before 35...).
        return (1..=3).rev().any(|n| {
            let Some(cc) = body.get(..n).filter(|_| body.len() > n).and_then(|prefix| {
                COUNTRY_CODES
                    .iter()
                    .find(|cc| cc.len() == n && cc.bytes().zip(prefix).all(|(c, &d)| c - b'0' == d))
            }) else {
                return false;
            };
            // "+44 (0)20 ..." keeps a trunk 0 in brackets; drop it.
            let nsn = if body.get(n) == Some(&0) && *cc != "39" {
                &body[n + 1..]
            } else {
                &body[n..]
            };
            plan_ok(cc, nsn)
        });
    }
    if all[0] == 0 {
        // A trunk prefix 0: GB, DE, FR, NL, SE, FI, IE, BE, and Italian landlines (which
        // keep the 0 in the international form).
        let nsn = &all[1..];
        return ["44", "49", "33", "31", "46", "358", "353", "32"]
            .iter()
            .any(|cc| plan_ok(cc, nsn))
            || plan_ok("39", &all);
    }
    // No trunk prefix: NANP, Spain, Poland, Denmark, Norway, Italian mobiles and
    // freephone numbers, Irish freephone numbers; or NANP's own trunk prefix 1, as US text
    // writes it (`1-800-234-5678`).
    ["1", "34", "48", "45", "47", "39"]
        .iter()
        .any(|cc| plan_ok(cc, &all))
        || is_irish_freephone(&all)
        || matches!(&all[..], [1, nsn @ ..] if plan_ok("1", nsn))
}

fn ipv4(s: &str) -> bool {
    match s.trim().parse::<std::net::Ipv4Addr>() {
        // 0.x.y.z is never a host address; it is what version numbers look like.
        Ok(ip) => ip.octets()[0] != 0,
        Err(_) => false,
    }
}

/// An address written to keep it from harvesters (`info(at)stadt.de`, `jane[at]example
/// [dot] org`) with its `@` and dots put back; `None` when it has no such `at`.
fn deobfuscated_email(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut at_signs = 0;
    let mut rest = s.trim();
    while let Some(open) = rest.find(['(', '[', '{']) {
        let (before, from_open) = rest.split_at(open);
        let close = from_open.find([')', ']', '}'])?;
        let word = from_open.get(1..close)?;
        out.push_str(before.trim_end_matches(' '));
        if word.eq_ignore_ascii_case("at") {
            out.push('@');
            at_signs += 1;
        } else if word.eq_ignore_ascii_case("dot") {
            out.push('.');
        } else {
            return None;
        }
        rest = from_open.get(close + 1..)?.trim_start_matches(' ');
    }
    out.push_str(rest);
    (at_signs == 1).then_some(out)
}

fn email(s: &str) -> bool {
    if !s.contains('@') {
        return deobfuscated_email(s).is_some_and(|plain| plain.contains('@') && email(&plain));
    }
    let Some((local, domain)) = s.trim().rsplit_once('@') else {
        return false;
    };
    if local.is_empty()
        || local.len() > 64
        || domain.len() > 253
        || local.starts_with('.')
        || local.ends_with('.')
    {
        return false;
    }
    let Some((_, tld)) = domain.rsplit_once('.') else {
        return false;
    };
    tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic())
        && !domain.contains("..")
        && !domain.starts_with('.')
}

/// Royal Mail's postcode areas, with the non-geographic `BF` (BFPO) and `BX`.
const POSTCODE_AREAS: &[&[u8]] = &[
    b"AB", b"AL", b"B", b"BA", b"BB", b"BD", b"BF", b"BH", b"BL", b"BN", b"BR", b"BS", b"BT",
    b"BX", b"CA", b"CB", b"CF", b"CH", b"CM", b"CO", b"CR", b"CT", b"CV", b"CW", b"DA", b"DD",
    b"DE", b"DG", b"DH", b"DL", b"DN", b"DT", b"DY", b"E", b"EC", b"EH", b"EN", b"EX", b"FK",
    b"FY", b"G", b"GL", b"GU", b"GY", b"HA", b"HD", b"HG", b"HP", b"HR", b"HS", b"HU", b"HX",
    b"IG", b"IM", b"IP", b"IV", b"JE", b"KA", b"KT", b"KW", b"KY", b"L", b"LA", b"LD", b"LE",
    b"LL", b"LN", b"LS", b"LU", b"M", b"ME", b"MK", b"ML", b"N", b"NE", b"NG", b"NN", b"NP", b"NR",
    b"NW", b"OL", b"OX", b"PA", b"PE", b"PH", b"PL", b"PO", b"PR", b"RG", b"RH", b"RM", b"S",
    b"SA", b"SE", b"SG", b"SK", b"SL", b"SM", b"SN", b"SO", b"SP", b"SR", b"SS", b"ST", b"SW",
    b"SY", b"TA", b"TD", b"TF", b"TN", b"TQ", b"TR", b"TS", b"TW", b"UB", b"W", b"WA", b"WC",
    b"WD", b"WF", b"WN", b"WR", b"WS", b"WV", b"YO", b"ZE",
];

/// Whether the leading letters of an outward code (`SW`, `M`; any case) are a postcode
/// area: `RA1` or `QQ9` are shaped like outward codes and are none.
pub(crate) fn is_postcode_area(letters: &[u8]) -> bool {
    let mut upper = [0u8; 2];
    let Some(area) = upper.get_mut(..letters.len()) else {
        return false;
    };
    area.copy_from_slice(letters);
    area.make_ascii_uppercase();
    POSTCODE_AREAS.binary_search(&&*area).is_ok()
}

fn uk_postcode(s: &str) -> bool {
    let c = compact_upper(s);
    let b = c.as_bytes();
    if b == b"GIR0AA" {
        return true;
    }
    let letters = b.iter().take_while(|x| x.is_ascii_alphabetic()).count();
    (5..=7).contains(&b.len()) && (1..=2).contains(&letters) && is_postcode_area(&b[..letters])
}

fn gb_vehicle(s: &str) -> bool {
    let c = compact_upper(s);
    let b = c.as_bytes();
    current_plate(b) || prefix_plate(b) || suffix_plate(b)
}

/// From September 2001: memory tag, age identifier, three random letters (`AB51 ABC`).
fn current_plate(b: &[u8]) -> bool {
    if b.len() != 7
        || !b[..2].iter().all(u8::is_ascii_uppercase)
        || !b[2..4].iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    // Age identifiers: 02-29 (March) and 51-79 (September), from September 2001 on.
    let age = u32::from(b[2] - b'0') * 10 + u32::from(b[3] - b'0');
    let age_ok = (2..=29).contains(&age) || (51..=79).contains(&age);
    // I, Q and Z are not used in the memory tag; I and Q not in the random letters.
    let tag_ok = !b"IQZ".contains(&b[0]) && !b"IQZ".contains(&b[1]);
    let random_ok = b[4..]
        .iter()
        .all(|x| x.is_ascii_uppercase() && !b"IQ".contains(x));
    age_ok && tag_ok && random_ok
}

/// The letters that marked a year in the dated formats: A to Y without I, O, Q, U and Z.
fn is_year_letter(c: u8) -> bool {
    c.is_ascii_uppercase() && !b"IOQUZ".contains(&c)
}

/// A serial number of the dated formats: 1 to 999, no leading zero.
fn serial_len(b: &[u8]) -> usize {
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=3).contains(&n) && b[0] != b'0' {
        n
    } else {
        0
    }
}

/// Letters of the dated formats' area and serial letters: not I or Q.
fn plate_letters(b: &[u8]) -> bool {
    b.iter()
        .all(|x| x.is_ascii_uppercase() && !b"IQ".contains(x))
}

/// 1983 to 2001: year letter, serial, three letters (`A123 BCD`).
fn prefix_plate(b: &[u8]) -> bool {
    let Some((&year, rest)) = b.split_first() else {
        return false;
    };
    let n = serial_len(rest);
    n > 0 && rest.len() == n + 3 && is_year_letter(year) && plate_letters(&rest[n..])
}

/// 1963 to 1983: three letters, serial, year letter (`ABC 123D`).
fn suffix_plate(b: &[u8]) -> bool {
    let Some((&year, rest)) = b.split_last() else {
        return false;
    };
    rest.len() >= 4
        && plate_letters(&rest[..3])
        && serial_len(&rest[3..]) == rest.len() - 3
        && is_year_letter(year)
}

/// Number of decimals of a decimal number written with a dot.
fn decimals(s: &str) -> usize {
    s.split_once('.')
        .map(|(_, f)| f.bytes().take_while(u8::is_ascii_digit).count())
        .unwrap_or(0)
}

fn geo_precise(s: &str) -> bool {
    let s = s.trim();
    // Well-known text, as GIS tools and Socrata portals export points: `POINT (lon lat)`.
    if let Some(rest) = s
        .get(..5)
        .filter(|p| p.eq_ignore_ascii_case("point"))
        .and_then(|_| s.get(5..))
    {
        let Some(inner) = rest
            .trim_start()
            .strip_prefix('(')
            .and_then(|inner| inner.strip_suffix(')'))
        else {
            return false;
        };
        let mut parts = inner.split_ascii_whitespace();
        return match (parts.next(), parts.next(), parts.next()) {
            (Some(lon), Some(lat), None) => precise_pair(lat, lon),
            _ => false,
        };
    }
    let s = s
        .strip_prefix('(')
        .and_then(|inner| inner.strip_suffix(')'))
        .unwrap_or(s);
    // `51.50735, long -0.12776`: the longitude's label stands between the two.
    let is_label = |p: &str| {
        ["lon", "long", "longitude", "lng"]
            .iter()
            .any(|label| p.eq_ignore_ascii_case(label))
    };
    let parts: Vec<&str> = s
        .split([',', ';', ' ', ':', '='])
        .map(str::trim)
        .filter(|p| !p.is_empty() && !is_label(p))
        .collect();
    match parts.as_slice() {
        [lat, lon] => precise_pair(lat, lon),
        _ => false,
    }
}

/// A latitude and a longitude in range, each with 4+ decimals, not both zero.
fn precise_pair(lat: &str, lon: &str) -> bool {
    let (Ok(a), Ok(o)) = (lat.parse::<f64>(), lon.parse::<f64>()) else {
        return false;
    };
    a.abs() <= 90.0
        && o.abs() <= 180.0
        && decimals(lat) >= 4
        && decimals(lon) >= 4
        && (a != 0.0 || o != 0.0)
}

fn geo_coordinate(s: &str) -> bool {
    let t = s.trim();
    match t.parse::<f64>() {
        Ok(v) => v.abs() <= 180.0 && decimals(t) >= 4,
        Err(_) => false,
    }
}

/// Year, month and day of a date written as `YYYY-MM-DD`, `DD/MM/YYYY`, `DD.MM.YYYY` or
/// `DD-MM-YYYY` (the day-first forms also accept month-first when the day is > 12).
pub(crate) fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let t = s.trim();
    // Every numeric date starts with a digit; refusing the rest here spares the split on
    // each text cell of a table. A date with its month in words is at most a few words
    // holding a year.
    let first = *t.as_bytes().first()?;
    let letters = t.bytes().any(|b| b.is_ascii_alphabetic());
    if !first.is_ascii_digit() || letters {
        // Without a letter there is no month name (`+44 20 7946 0958`).
        return if letters && t.len() <= 32 && t.bytes().filter(u8::is_ascii_digit).count() >= 4 {
            parse_worded_date(t)
        } else {
            None
        };
    }
    let t = t.split(['T', ' ']).next().unwrap_or(t);
    let mut parts = t.split(['-', '/', '.']);
    let (Some(a), Some(b), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    if !(a.bytes().all(|x| x.is_ascii_digit())
        && b.bytes().all(|x| x.is_ascii_digit())
        && c.bytes().all(|x| x.is_ascii_digit()))
    {
        return None;
    }
    let (y, m, d) = if a.len() == 4 {
        (a.parse().ok()?, b.parse().ok()?, c.parse().ok()?)
    } else if c.len() == 4 && a.len() <= 2 && b.len() <= 2 {
        let (x, z): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
        if z > 12 {
            (c.parse().ok()?, x, z)
        } else {
            (c.parse().ok()?, z, x)
        }
    } else {
        return None;
    };
    let year: i32 = y;
    if year < 1 || !valid_date(year as u32, m, d) {
        return None;
    }
    Some((year, m, d))
}

/// Month names and their usual abbreviations in the languages of the rule packs (English,
/// Welsh, German, French, Spanish, Italian, Dutch, Nordic; Polish and Finnish in the case
/// a date writes them, `3 marca 1985`, `3. maaliskuuta 1985`), folded to lowercase ASCII.
const MONTH_NAMES: [&[&str]; 12] = [
    &[
        "january",
        "jan",
        "ionawr",
        "januar",
        "janner",
        "janvier",
        "enero",
        "ene",
        "gennaio",
        "gen",
        "januari",
        "stycznia",
        "tammikuuta",
    ],
    &[
        "february",
        "feb",
        "chwefror",
        "februar",
        "fevrier",
        "fev",
        "febrero",
        "febbraio",
        "februari",
        "lutego",
        "helmikuuta",
    ],
    &[
        "march",
        "mar",
        "mawrth",
        "marz",
        "mars",
        "marzo",
        "maart",
        "mrt",
        "marts",
        "marca",
        "maaliskuuta",
    ],
    &[
        "april",
        "apr",
        "ebrill",
        "avril",
        "avr",
        "abril",
        "abr",
        "aprile",
        "kwietnia",
        "huhtikuuta",
    ],
    &[
        "may",
        "mai",
        "mayo",
        "maggio",
        "mag",
        "mei",
        "maj",
        "maja",
        "toukokuuta",
    ],
    &[
        "june",
        "jun",
        "mehefin",
        "juni",
        "juin",
        "junio",
        "giugno",
        "giu",
        "czerwca",
        "kesakuuta",
    ],
    &[
        "july",
        "jul",
        "gorffennaf",
        "juli",
        "juillet",
        "juil",
        "julio",
        "luglio",
        "lug",
        "lipca",
        "heinakuuta",
    ],
    &[
        "august", "aug", "awst", "aout", "agosto", "ago", "augustus", "augusti", "sierpnia",
        "elokuuta",
    ],
    &[
        "september",
        "sep",
        "sept",
        "medi",
        "septembre",
        "septiembre",
        "setiembre",
        "settembre",
        "set",
        "wrzesnia",
        "syyskuuta",
    ],
    &[
        "october",
        "oct",
        "hydref",
        "oktober",
        "okt",
        "octobre",
        "octubre",
        "ottobre",
        "ott",
        "pazdziernika",
        "lokakuuta",
    ],
    &[
        "november",
        "nov",
        "tachwedd",
        "novembre",
        "noviembre",
        "listopada",
        "marraskuuta",
    ],
    &[
        "december",
        "dec",
        "rhagfyr",
        "dezember",
        "dez",
        "decembre",
        "diciembre",
        "dic",
        "dicembre",
        "desember",
        "grudnia",
        "joulukuuta",
    ],
];

/// A date with its month in words: `19 February 1999`, `Feb 19, 1999`, `19-Feb-1999`,
/// `19. Februar 1999`, `19 de febrero de 1999`, `1er mars 1985`, `March 3rd, 1985`. One
/// day, one month name and a four-digit year; only `de`, `of` and `the` besides.
fn parse_worded_date(t: &str) -> Option<(i32, u32, u32)> {
    let (mut day, mut month, mut year) = (None, None, None);
    let mut words = 0;
    for word in t
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '-' | '/'))
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if words > 6 {
            return None;
        }
        let digits = word.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 4 && word.len() == 4 && year.is_none() {
            year = word.parse::<i32>().ok();
        } else if (1..=2).contains(&digits) && day.is_none() {
            let suffix = names::fold(&word[digits..]);
            if !matches!(
                suffix.as_str(),
                "" | "st" | "nd" | "rd" | "th" | "er" | "e" | "o" | "º"
            ) {
                return None;
            }
            day = word[..digits].parse::<u32>().ok();
        } else if digits == 0 && month.is_none() {
            let folded = names::fold(word);
            match MONTH_NAMES
                .iter()
                .position(|names| names.contains(&folded.as_str()))
            {
                Some(m) => month = u32::try_from(m + 1).ok(),
                None if matches!(folded.as_str(), "de" | "of" | "the") => {}
                None => return None,
            }
        } else if !matches!(names::fold(word).as_str(), "de" | "of" | "the") {
            return None;
        }
    }
    let (y, m, d) = (year?, month?, day?);
    (y >= 1 && valid_date(y as u32, m, d)).then_some((y, m, d))
}

fn birth_date(s: &str) -> bool {
    matches!(parse_date(s).or_else(|| short_year_date(s)), Some((y, _, _)) if (1900..=2030).contains(&y))
}

/// A birth date with a two-digit year (`DOB 1/2/80`), read in 1931-2030: the core reads no
/// clock, and 2030 is the latest birth year the other checks take.
pub(crate) fn short_year_date(s: &str) -> Option<(i32, u32, u32)> {
    parse_date(&crate::table::types::with_four_digit_year(s.trim(), 2030)?)
}

#[cfg(test)]
mod tests {
    use super::Validator::*;
    use super::*;

    fn ok(v: Validator, s: &str) {
        assert!(v.check(s), "{} should accept {s:?}", v.name());
    }
    fn bad(v: Validator, s: &str) {
        assert!(!v.check(s), "{} should reject {s:?}", v.name());
    }

    #[test]
    fn names_round_trip() {
        for v in Validator::ALL {
            assert_eq!(Validator::from_name(v.name()), Some(*v));
        }
        assert_eq!(Validator::from_name("mod97"), None);
    }

    #[test]
    fn cards() {
        ok(CreditCard, "4111 1111 1111 1111");
        ok(CreditCard, "5500-0000-0000-0004");
        ok(CreditCard, "378282246310005");
        ok(CreditCard, "6011111111111117");
        bad(CreditCard, "4111 1111 1111 1112"); // Luhn
        bad(CreditCard, "9111111111111111"); // no issuer
        bad(CreditCard, "0000000000000000");
        bad(CreditCard, "4006381333931"); // EAN-13 passes Luhn by chance? no: the check fails or the length
                                          // Maestro: 12 to 19 digits.
        ok(CreditCard, "577966697259");
        ok(CreditCard, "6759 6498 2643 8453");
        ok(CreditCard, "630499205759");
        bad(CreditCard, "591234567897"); // Luhn holds, no issuer has 59
                                         // JCB's 15-digit cards.
        ok(CreditCard, "180037407767270");
        ok(CreditCard, "213112345678904");
        bad(CreditCard, "180123456789017"); // 1801 is no JCB prefix
        ok(CreditCard, "3511052659291014"); // JCB's 35, outside its issued 3528-3589
                                            // A 13-digit Visa number that is also a valid EAN-13 is read as the barcode unsplit.
        bad(CreditCard, "4835095096579");
        ok(CreditCard, "4835 0950 9657 9");
    }

    #[test]
    fn ibans() {
        ok(Iban, "GB82 WEST 1234 5698 7654 32");
        ok(Iban, "DE89370400440532013000");
        ok(Iban, "fr1420041010050500013m02606");
        bad(Iban, "GB82 WEST 1234 5698 7654 33");
        bad(Iban, "DE8937040044053201300"); // length
        bad(Iban, "XX89370400440532013000");
    }

    #[test]
    fn uk_ids() {
        ok(UkNhs, "943 476 5919");
        bad(UkNhs, "943 476 5918");
        bad(UkNhs, "1111111111");
        ok(UkNino, "AB 12 34 56 C");
        ok(UkNino, "JG103759A");
        bad(UkNino, "BG123456C");
        bad(UkNino, "DA123456C");
        bad(UkNino, "AB123456E");
    }

    #[test]
    fn us_ids() {
        ok(UsSsn, "536-22-8726");
        bad(UsSsn, "000-12-3456");
        bad(UsSsn, "666-12-3456");
        bad(UsSsn, "912-12-3456");
        bad(UsSsn, "536-00-3456");
        bad(UsSsn, "078-05-1120");
        bad(UsSsn, "123-45-6789");
        ok(UsItin, "912-70-1234");
        bad(UsItin, "912-40-1234");
    }

    #[test]
    fn spanish_italian() {
        ok(EsDni, "12345678Z");
        bad(EsDni, "12345678A");
        ok(EsNie, "X1234567L");
        bad(EsNie, "X1234567A");
        ok(ItFiscalCode, "RSSMRA85T10A562S");
        bad(ItFiscalCode, "RSSMRA85T10A562T");
    }

    #[test]
    fn nordic_and_benelux() {
        ok(NlBsn, "111222333");
        bad(NlBsn, "111222334");
        ok(PlPesel, "44051401359");
        bad(PlPesel, "44051401358");
        ok(SePersonnummer, "811228-9874");
        ok(SePersonnummer, "198112289874");
        bad(SePersonnummer, "811228-9875");
        ok(FiHetu, "131052-308T");
        bad(FiHetu, "131052-308U");
        ok(DkCpr, "070761-4285");
        bad(DkCpr, "320761-4285");
        // 7th digit 4, year 32: born in 2032, not yet.
        bad(DkCpr, "211232-4753");
        ok(NoFodselsnummer, "01010750160");
        bad(NoFodselsnummer, "01010750161");
        ok(BeNationalNumber, "85.07.30-033.28");
        ok(BeNationalNumber, "17073003384"); // born in 2017
        bad(BeNationalNumber, "85073003329");
        // The key fits only with the 2000s prefix, and 2060 is no birth year yet.
        bad(BeNationalNumber, "60122200034");
    }

    #[test]
    fn french_german_irish() {
        ok(FrNir, "2 55 08 14 168 025 38");
        bad(FrNir, "2 55 08 14 168 025 39");
        ok(DeTaxId, "86095742719");
        bad(DeTaxId, "86095742718");
        bad(DeTaxId, "12345678901"); // no repeated digit
        ok(IePps, "1234567T");
        ok(IePps, "1234567FA");
        bad(IePps, "1234567A");
    }

    /// Disagreements with python-stdnum (opendata-py/tests/test_identifiers_stdnum.py)
    /// that were ours to fix, each with the value that showed it.
    #[test]
    fn found_against_stdnum() {
        // The BBAN layout counts, not only its length: NL and GB bank codes are letters.
        bad(Iban, "NL8233329879467139");
        ok(Iban, "NL91ABNA0417164300");
        // Honduras: in the registry, missing from our table.
        ok(Iban, "HN21IEWM92782574539135718686");
        // Individual numbers 000 and 001 are never issued.
        bad(FiHetu, "090831+0019");
        bad(FiHetu, "101281Y0001");
        // T and X were second letters before 2013, outside the check like W.
        ok(IePps, "6947060DT");
        ok(IePps, "9138086LX");
        // The birth date must exist: 31 September (day "3M" is 31 by omocodia), day 79.
        bad(ItFiscalCode, "BHZBDQ05P3MT219A");
        bad(ItFiscalCode, "SNRFMO81S79F709R");
        // A `-` or `+` only before the last four digits; `+` and a 4-digit 1900 are not
        // leap years, a 10-digit 00 without `+` is 2000.
        bad(SePersonnummer, "86091+34260");
        bad(SePersonnummer, "00022-91235");
        ok(SePersonnummer, "000229-1235");
        bad(SePersonnummer, "000229+1235");
        bad(SePersonnummer, "19000229-1235");
        ok(SePersonnummer, "200002291235");
        // 29 February of 1901 and 1900 (individual 235 means the 1900s), an FH-number
        // (day 81: no birth date), individual 600 in year 45 (never issued).
        bad(NoFodselsnummer, "29020123581");
        bad(NoFodselsnummer, "29020023560");
        bad(NoFodselsnummer, "81019012387");
        bad(NoFodselsnummer, "01014560013");
        // No month offset of 60 or 80 (bis numbers add 20 or 40).
        bad(BeNationalNumber, "85603003311");
        bad(BeNationalNumber, "85803003383");
    }

    /// Valid numbers that `phonenumbers` (libphonenumber's plans) accepts and we refused
    /// (opendata-py/tests/test_phones_phonenumbers.py): freephone numbers.
    #[test]
    fn freephone_numbers_found_against_phonenumbers() {
        ok(Phone, "+39 800 148 599");
        ok(Phone, "800 148 599");
        bad(Phone, "+39 801 148 599");
        ok(Phone, "+31 800 5142");
        ok(Phone, "0800 5142");
        ok(Phone, "+31 800 1234567");
        bad(Phone, "+31 801 5142");
        ok(Phone, "+353 1800 166 457");
        ok(Phone, "1800 166 457");
        bad(Phone, "1801 166 457");
        // NANP freephone codes give out N11 exchanges; other area codes do not.
        ok(Phone, "+1 800-211-7476");
        ok(Phone, "+1 888-211-7476");
        bad(Phone, "+1 802-211-7476");
        bad(Phone, "+1 212-211-7476");
    }

    #[test]
    fn network_and_misc() {
        ok(Ipv4, "192.168.0.1");
        bad(Ipv4, "256.1.1.1");
        bad(Ipv4, "0.9.1.2");
        ok(Ipv6, "2001:db8::1");
        bad(Ipv6, "2001:db8::g");
        ok(Email, "jane.doe@example.org");
        bad(Email, "jane@localhost");
        // Written to keep it from harvesters: the `(at)` and `(dot)` stand for `@` and `.`.
        ok(Email, "info(at)stadt-koeln.de");
        ok(Email, "jane.doe [at] example [dot] org");
        ok(Email, "jane{AT}example.org");
        bad(Email, "info(at)localhost");
        bad(Email, "a(at)b(at)example.org");
        bad(Email, "f(x)example.org");
        bad(Email, "see (at) noon");
        ok(GbVehicle, "AB51 ABC");
        ok(UkPostcode, "SW1A 1AA");
        ok(UkPostcode, "m1 1ae");
        ok(UkPostcode, "GIR 0AA");
        ok(UkPostcode, "BT7 1NN");
        bad(UkPostcode, "RA1 1AA");
        bad(UkPostcode, "QQ9 9QQ");
        assert!(POSTCODE_AREAS.windows(2).all(|w| w[0] < w[1]));
        bad(GbVehicle, "AB45 ABC");
        // Dated formats: prefix (1983-2001) and suffix (1963-1983).
        ok(GbVehicle, "K123 ABC");
        ok(GbVehicle, "A1 BCD");
        ok(GbVehicle, "ABC 123D");
        ok(GbVehicle, "XYZ9T");
        bad(GbVehicle, "I123 ABC");
        bad(GbVehicle, "K012 ABC");
        bad(GbVehicle, "K1234 ABC");
        bad(GbVehicle, "K123 AQC");
        bad(GbVehicle, "ABC 123Z");
        bad(GbVehicle, "ABC 0123D");
        bad(GbVehicle, "AB 123D");
        ok(GeoPrecise, "51.50735, -0.12776");
        bad(GeoPrecise, "51.5, -0.1");
        ok(GeoPrecise, "(51.50735, -0.12776)");
        ok(GeoPrecise, "51.5074, long -0.1278");
        ok(GeoPrecise, "51.5074 lng: -0.1278");
        bad(GeoPrecise, "51.5074, lat -0.1278");
        bad(GeoPrecise, "51.5074, long -0.12");
        bad(GeoPrecise, "(51.50735, -0.12776");
        // WKT puts the longitude first.
        ok(GeoPrecise, "POINT (-87.629799 41.878113)");
        ok(GeoPrecise, "point(-0.12776 51.50735)");
        bad(GeoPrecise, "POINT (41.878113 -97.629799)");
        bad(GeoPrecise, "POINT (-87.63 41.88)");
        bad(GeoPrecise, "POINT (-87.629799 41.878113 12.5)");
        bad(GeoPrecise, "POINT EMPTY");
        ok(Phone, "+44 20 7946 0018");
        ok(Phone, "07911 123456");
        ok(Phone, "030 12345678");
        ok(Phone, "(212) 555-0123");
        ok(Phone, "+358 40 123 4567");
        ok(Phone, "(+358) 18 6535700");
        // Fifteen digits after the `00` prefix, as after a `+`.
        ok(Phone, "+43 2210 9981 7732");
        ok(Phone, "0043 2210 9981 7732");
        ok(Phone, "0043 2210 9981 77321");
        bad(Phone, "0043 2210 9981 773211");
        // Thirteen unsplit digits with a valid EAN-13 check: a barcode, not a German number.
        bad(Phone, "0328303027686");
        bad(Phone, "0037019309206");
        ok(Phone, "612 345 678");
        bad(Phone, "+44 1");
        bad(Phone, "(112) 555-0123");
        bad(Phone, "0000000000");
        // Written as a US SSN (this one is the famous invalid Woolworths number).
        bad(Phone, "078-05-1120");
        ok(Phone, "07805 1120");
        bad(Phone, "+34 512 345 678");
        // Two-digit area codes after the trunk 0 (FR, IT, FI, SE).
        ok(Phone, "01 29 52 92 65");
        ok(Phone, "06 9631 5061");
        ok(Phone, "09 713 2679");
        ok(Phone, "08-759 083 92");
        ok(Phone, "07700900123");
        // A date fits some numbering plans' lengths; a short unsplit run after a 0 is
        // written like a ticket number.
        bad(Phone, "01-12-2024");
        bad(Phone, "31.01.1985");
        bad(Phone, "0352557");
        ok(Phone, "035 2557");
        // An extension after the number is not counted as its digits.
        ok(Phone, "(212)555-0123");
        ok(Phone, "212-555-0123 x4567");
        ok(Phone, "212.555.0123x89");
        ok(Phone, "+1-212-555-0123 ext. 12");
        ok(Phone, "020 7946 0018 extension 3");
        bad(Phone, "(112)555-0123x12");
        bad(Phone, "x123");
        bad(Phone, "212-555-0123 x1234567");
        ok(Date, "1985-03-12");
        // Polish and Finnish dates write the month in the genitive and the partitive.
        ok(Date, "3 marca 1985");
        ok(Date, "12 października 1979");
        ok(Date, "3. maaliskuuta 1985");
        ok(Date, "3. desember 1985");
        bad(Date, "31 lutego 1985");
        ok(Date, "12/03/1985");
        bad(Date, "2024-02-30");
        // A two-digit year: 1931-2030.
        ok(Date, "1/2/80");
        ok(Date, "01.02.05");
        ok(Date, "12-31-64");
        bad(Date, "31/02/80");
        bad(Date, "1/2/8");
        bad(Date, "1/2/805");
        // The month in words, in the languages of the rule packs.
        for (worded, year) in [
            ("19 February 1999", 1999),
            ("19 Feb 1999", 1999),
            ("February 19, 1999", 1999),
            ("Feb. 19, 1999", 1999),
            ("19-Feb-1999", 1999),
            ("19. Februar 1999", 1999),
            ("19 de febrero de 1999", 1999),
            ("1er mars 1985", 1985),
            ("March 3rd, 1985", 1985),
            ("3 août 1985", 1985),
            ("12 Rhagfyr 1990", 1990),
            ("the 3rd of March 1985", 1985),
        ] {
            assert_eq!(
                parse_date(worded).map(|(y, _, _)| y),
                Some(year),
                "{worded}"
            );
        }
        assert_eq!(parse_date("19 February 1999"), Some((1999, 2, 19)));
        assert_eq!(parse_date("February 30, 1999"), None);
        assert_eq!(parse_date("May 2024"), None);
        assert_eq!(parse_date("Flat 19, 1999 Road"), None);
        assert_eq!(parse_date("19 Marchmont 1999"), None);
        assert_eq!(parse_date("Order 12 of 2024"), None);
    }
}
