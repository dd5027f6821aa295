//! Quasi-identifiers: values that do not name anyone alone but single people out in
//! combination (age, sex, postcode district, birth year, ethnicity-like categories).

use super::names::fold;

/// Values of a sex / gender column, folded, sorted for binary search.
const SEX_VALUES: &[&str] = &[
    "d",
    "divers",
    "f",
    "femal",
    "female",
    "femenino",
    "feminin",
    "femme",
    "fille",
    "frau",
    "girl",
    "gutt",
    "hombre",
    "jente",
    "k",
    "kobieta",
    "kvinde",
    "kvinna",
    "kvinne",
    "m",
    "male",
    "man",
    "mand",
    "mann",
    "maschio",
    "masculin",
    "masculino",
    "mezczyzna",
    "mies",
    "mujer",
    "nainen",
    "non-binary",
    "nonbinary",
    "other",
    "poika",
    "pojke",
    "tytto",
    "u",
    "unknown",
    "v",
    "vrouw",
    "w",
    "weiblich",
    "woman",
    "x",
];

/// Words of ethnicity-like categories (UK ONS 2021, US OMB, common survey labels), folded.
const ETHNICITY_WORDS: &[&str] = &[
    "aboriginal",
    "african",
    "american",
    "arab",
    "asian",
    "bangladeshi",
    "black",
    "british",
    "caribbean",
    "chinese",
    "gypsy",
    "hispanic",
    "indian",
    "irish",
    "latino",
    "latinx",
    "mixed",
    "native",
    "pacific",
    "pakistani",
    "roma",
    "traveller",
    "white",
];

/// Whether a (trimmed) cell is a sex / gender category.
pub(crate) fn is_sex_value(s: &str) -> bool {
    if s.len() > 12 {
        return false;
    }
    if !s.is_ascii() {
        return SEX_VALUES.binary_search(&fold(s).as_str()).is_ok();
    }
    // Folding ASCII is lowercasing, done on the stack: this runs on every short text cell
    // of a table. Every listed value starts with a letter.
    let mut lower = [0u8; 12];
    let lower = &mut lower[..s.len()];
    lower.copy_from_slice(s.as_bytes());
    lower.make_ascii_lowercase();
    lower.first().is_some_and(u8::is_ascii_alphabetic)
        && std::str::from_utf8(lower).is_ok_and(|l| SEX_VALUES.binary_search(&l).is_ok())
}

/// Whether a cell reads as an ethnicity-like category (`White British`, `Asian or Asian
/// British: Indian`, `Black or African American`).
pub(crate) fn is_ethnicity_value(s: &str) -> bool {
    // Cheap refusals come first: this runs on every text cell of a table.
    if s.len() > 80 || s.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    if s.is_ascii() {
        return ascii_ethnicity_value(s.as_bytes());
    }
    // More than 8 space-separated pieces holding an ASCII letter are more than 8 words
    // however they fold: refused before the fold allocates.
    if s.split(' ')
        .filter(|p| p.bytes().any(|b| b.is_ascii_alphanumeric()))
        .count()
        > 8
    {
        return false;
    }
    folded_ethnicity_value(s)
}

fn folded_ethnicity_value(s: &str) -> bool {
    let f = fold(s);
    let words = || {
        f.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
    };
    let mut count = 0;
    for w in words() {
        count += 1;
        if count > 8 || w.len() < 2 {
            return false;
        }
    }
    count > 0 && words().any(|w| ETHNICITY_WORDS.binary_search(&w).is_ok())
}

/// [`is_ethnicity_value`] of ASCII text, where folding is lowercasing: each word is
/// lowercased on the stack instead of folding the whole cell into a new string.
fn ascii_ethnicity_value(s: &[u8]) -> bool {
    let words = || {
        s.split(|b| !b.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
    };
    // The shape first: a sentence of free text has more words than any category, and is
    // refused before a word is looked up.
    let mut count = 0;
    for word in words() {
        count += 1;
        if count > 8 || word.len() < 2 {
            return false;
        }
    }
    count > 0
        && words().any(|word| {
            let mut lower = [0u8; 16];
            lower.get_mut(..word.len()).is_some_and(|lower| {
                lower.copy_from_slice(word);
                lower.make_ascii_lowercase();
                std::str::from_utf8(lower).is_ok_and(|w| ETHNICITY_WORDS.binary_search(&w).is_ok())
            })
        })
}

/// Whether a cell is a UK outward code only (`SW1A`, `M1`, `CF10`): a postcode district.
pub(crate) fn is_outward_code(s: &str) -> bool {
    let b = s.as_bytes();
    if !(2..=4).contains(&b.len()) || !b[0].is_ascii_alphabetic() {
        return false;
    }
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    if letters > 2 {
        return false;
    }
    if !super::validators::is_postcode_area(&b[..letters]) {
        return false;
    }
    let rest = &b[letters..];
    match rest {
        [d] => d.is_ascii_digit(),
        [d, x] => d.is_ascii_digit() && x.is_ascii_alphanumeric(),
        _ => false,
    }
}

/// Header hints of each quasi-identifier kind, normalised (lowercase ASCII words).
pub(crate) const AGE_HINTS: &[&str] = &[
    "age",
    "ages",
    "age years",
    "age band",
    "age group",
    "alter",
    "altersgruppe",
    "age ans",
    "edad",
    "eta",
    "leeftijd",
    "wiek",
    "alder",
    "ika",
    "oed",
    "grwp oedran",
];
pub(crate) const SEX_HINTS: &[&str] = &[
    "sex",
    "gender",
    "geschlecht",
    "sexe",
    "genre",
    "sexo",
    "genero",
    "sesso",
    "genere",
    "geslacht",
    "plec",
    "kon",
    "kjonn",
    "sukupuoli",
    "rhyw",
];
pub(crate) const BIRTH_YEAR_HINTS: &[&str] = &[
    "year of birth",
    "birth year",
    "birthyear",
    "yob",
    "geburtsjahr",
    "annee de naissance",
    "ano de nacimiento",
    "anno di nascita",
    "geboortejaar",
    "rok urodzenia",
    "fodelsear",
    "fodselsar",
    "syntymavuosi",
    "blwyddyn geni",
];
pub(crate) const ETHNICITY_HINTS: &[&str] = &[
    "ethnicity",
    "ethnic",
    "ethnic group",
    "ethnic origin",
    "race",
    "ethnie",
    "origine ethnique",
    "etnia",
    "etnicidad",
    "etnische afkomst",
    "pochodzenie etniczne",
    "etnicitet",
    "etnisitet",
    "ethnigrwydd",
    "grwp ethnig",
];
pub(crate) const POSTCODE_HINTS: &[&str] = &[
    "postcode",
    "post code",
    "postcode district",
    "postal code",
    "zip",
    "zip code",
    "postleitzahl",
    "plz",
    "code postal",
    "codigo postal",
    "cap",
    "postcode sector",
    "kod pocztowy",
    "postnummer",
    "postinumero",
    "cod post",
    "outward code",
];

/// Words in a header that mark a date column as an event, not a birth (order dates).
pub(crate) const EVENT_DATE_WORDS: &[&str] = &[
    "created",
    "updated",
    "modified",
    "order",
    "ordered",
    "invoice",
    "payment",
    "paid",
    "delivery",
    "shipped",
    "start",
    "end",
    "from",
    "to",
    "valid",
    "expiry",
    "expires",
    "due",
    "issued",
    "published",
    "date of death",
    "death",
    "registered",
    "registration",
    "opened",
    "closed",
    "timestamp",
    "time",
    "last",
    "first",
    "visit",
    "admission",
];

/// Words in a header that mark look-alike columns (barcodes, money, counts, versions).
pub(crate) const LOOKALIKE_HEADER_WORDS: &[&str] = &[
    "amount", "barcode", "count", "ean", "gtin", "guid", "isbn", "issn", "price", "product", "qty",
    "quantity", "sku", "total", "uuid", "version", "rows", "sum", "cost", "value", "eur", "gbp",
    "usd",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_sorted() {
        assert!(SEX_VALUES.windows(2).all(|w| w[0] < w[1]));
        assert!(ETHNICITY_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn values() {
        assert!(is_sex_value("Female") && is_sex_value("M") && is_sex_value("Weiblich"));
        assert!(!is_sex_value("Manchester"));
        assert!(
            is_ethnicity_value("Asian or Asian British: Indian")
                && is_ethnicity_value("White British")
        );
        assert!(!is_ethnicity_value("Blue Widget 3"));
        assert!(is_outward_code("SW1A") && is_outward_code("M1") && is_outward_code("CF10"));
        assert!(
            !is_outward_code("SW1A 1AA") && !is_outward_code("1234") && !is_outward_code("ABC1")
        );
    }

    proptest::proptest! {
        /// The ASCII path answers as folding the whole cell does.
        #[test]
        fn ascii_path_agrees_with_folding(
            words in proptest::collection::vec(
                "(White|british|ASIAN|Black|or|a|Mixed|other|Pakistani|x1|caribbean|[A-Za-z]{1,18})",
                0..11,
            ),
            separators in proptest::collection::vec("( |: |, |/| - |\\(|\\) )", 11),
        ) {
            let mut cell = String::new();
            for (w, sep) in words.iter().zip(&separators) {
                cell.push_str(w);
                cell.push_str(sep);
            }
            proptest::prop_assert_eq!(
                ascii_ethnicity_value(cell.as_bytes()),
                folded_ethnicity_value(&cell),
                "{:?}", cell
            );
        }
    }
}
