//! Masked examples: enough of a value to recognise its shape, never enough to identify.

/// Masks a value found as `entity`, keeping its shape: `jane@example.org` ->
/// `j***@example.org`, `AB 12 34 56 C` -> `AB ** ** ** C`, `Jane Smith` -> `J*** S***`.
///
/// ```
/// use opendata_core::pii::mask;
/// assert_eq!(mask("EMAIL_ADDRESS", "jane.doe@example.org"), "j***@example.org");
/// assert_eq!(mask("EMAIL_ADDRESS", "info(at)stadt.de"), "i***(at)stadt.de");
/// assert_eq!(mask("UK_NINO", "AB 12 34 56 C"), "AB ** ** ** C");
/// assert_eq!(mask("PERSON", "Jane Smith"), "J*** S***");
/// ```
pub fn mask(entity: &str, value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 4);
    mask_into(entity, value, &mut out);
    out
}

/// Where an address written as `info(at)stadt.de` or `jane [at] example.org` has its
/// `(at)`, a space before it included.
fn obfuscated_at(value: &str) -> Option<usize> {
    let lower = value.to_ascii_lowercase();
    let at = ["(at)", "[at]", "{at}"]
        .iter()
        .filter_map(|marker| lower.find(marker))
        .min()?;
    Some(value[..at].trim_end_matches(' ').len())
}

/// [`mask`] written into `out` (cleared first), so a scan that keeps only new masked
/// forms allocates nothing for the repeats.
pub(crate) fn mask_into(entity: &str, value: &str, out: &mut String) {
    out.clear();
    let value = value.trim();
    match entity {
        "EMAIL_ADDRESS" => match value.rsplit_once('@') {
            Some((local, domain)) => {
                out.extend(local.chars().take(1));
                out.push_str("***@");
                out.push_str(domain);
            }
            // Written as `info(at)stadt.de`: the `(at)` stands where the `@` would.
            None => match obfuscated_at(value) {
                Some(at) => {
                    out.extend(value.chars().take(1));
                    out.push_str("***");
                    out.push_str(&value[at..]);
                }
                None => keep_ends(value, 1, 0, out),
            },
        },
        "PERSON" => words_masked(value, out, |word, out| {
            let mut c = word.chars();
            if let Some(f) = c.next() {
                out.push(f);
                if f.is_alphabetic() {
                    out.push_str("***");
                }
            }
        }),
        "STREET_ADDRESS" => words_masked(value, out, |word, out| {
            if word.bytes().any(|b| b.is_ascii_digit()) {
                out.push_str("**");
            } else {
                out.push_str(word);
            }
        }),
        "URL" => match value.rfind('/') {
            Some(i) if i + 1 < value.len() => {
                out.push_str(&value[..=i]);
                out.push_str("***");
            }
            _ => keep_ends(value, 8, 0, out),
        },
        "UK_POSTCODE" => {
            // The outward code (district) is area-level; the inward code pins the street.
            match value.split_once(' ') {
                Some((outward, inward)) => {
                    out.push_str(outward);
                    out.push(' ');
                    out.extend(inward.chars().map(|_| '*'));
                }
                None => keep_ends(value, 2, 0, out),
            }
        }
        "DATE_OF_BIRTH" => keep_ends(value, 2, 0, out),
        "GEO_COORDINATES" => {
            for (i, part) in value.split_inclusive('.').enumerate() {
                if i == 0 {
                    out.push_str(part);
                    continue;
                }
                // Keep one decimal (about 11 km) and mask the rest of the fraction.
                let digits = part.chars().take_while(char::is_ascii_digit).count();
                out.extend(part.chars().take(1.min(digits)));
                out.extend(std::iter::repeat_n('*', digits.saturating_sub(1)));
                out.extend(part.chars().skip(digits));
            }
        }
        _ => {
            let more_than_six = value.chars().filter(|c| c.is_alphanumeric()).nth(6);
            if more_than_six.is_none() {
                keep_ends(value, 1, 0, out)
            } else {
                keep_ends(value, 2, 1, out)
            }
        }
    }
}

/// The words of `value` (split at single spaces) each written by `word`, joined by
/// single spaces.
fn words_masked(value: &str, out: &mut String, mut word: impl FnMut(&str, &mut String)) {
    for (i, w) in value.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        word(w, out);
    }
}

/// Keeps the first `head` and last `tail` letters or digits, masks the other letters and
/// digits with `*` and keeps separators.
fn keep_ends(value: &str, head: usize, tail: usize, out: &mut String) {
    // Where the last `tail` letters or digits begin: kept from there on.
    let mut tail_from = value.len();
    let mut left = tail;
    for (i, c) in value.char_indices().rev() {
        if left == 0 {
            break;
        }
        if c.is_alphanumeric() {
            tail_from = i;
            left -= 1;
        }
    }
    let mut seen = 0;
    for (i, c) in value.char_indices() {
        if i < tail_from && c.is_alphanumeric() {
            seen += 1;
            if seen > head {
                out.push('*');
                continue;
            }
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_shape_not_identity() {
        assert_eq!(
            mask("IBAN_CODE", "GB82 WEST 1234 5698 7654 32"),
            "GB** **** **** **** **** *2"
        );
        assert_eq!(mask("PHONE_NUMBER", "+44 20 7946 0018"), "+44 ** **** ***8");
        assert_eq!(mask("UK_POSTCODE", "SW1A 1AA"), "SW1A ***");
        assert_eq!(
            mask("STREET_ADDRESS", "10 Downing Street"),
            "** Downing Street"
        );
        assert_eq!(
            mask("GEO_COORDINATES", "51.50735, -0.12776"),
            "51.5****, -0.1****"
        );
        assert_eq!(
            mask("URL", "https://github.com/janedoe"),
            "https://github.com/***"
        );
        assert_eq!(mask("DATE_OF_BIRTH", "1985-03-12"), "19**-**-**");
        assert_eq!(mask("X", "abc"), "a**");
    }

    proptest::proptest! {
        /// Only the first `head` and last `tail` letters and digits survive, counted over
        /// the whole value; everything else keeps its place.
        #[test]
        fn keep_ends_keeps_exactly_the_ends(
            value in "[a-zA-Z0-9 .ÄéßŁ+-]{0,24}",
            head in 0usize..4,
            tail in 0usize..3,
        ) {
            let total = value.chars().filter(|c| c.is_alphanumeric()).count();
            let mut seen = 0;
            let expected: String = value
                .chars()
                .map(|c| {
                    if !c.is_alphanumeric() {
                        return c;
                    }
                    seen += 1;
                    if seen <= head || seen > total.saturating_sub(tail) { c } else { '*' }
                })
                .collect();
            let mut out = String::new();
            keep_ends(&value, head, tail, &mut out);
            proptest::prop_assert_eq!(out, expected);
        }
    }
}
