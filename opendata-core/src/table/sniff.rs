//! Guesses the CSV dialect from a decoded sample.

/// Delimiters the sniffer chooses among, in order of preference on a tie.
pub(crate) const DELIMITER_CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Splits a sample into lines at terminators outside quotes, dropping a last line that may
/// have been cut by the end of the sample.
fn sample_lines(sample: &[u8], quote: u8, complete: bool) -> Vec<&[u8]> {
    let mut lines = Vec::new();
    let mut in_quotes = false;
    let mut start = 0;
    let mut i = 0;
    while i < sample.len() {
        let b = sample[i];
        if b == quote {
            in_quotes = !in_quotes;
        } else if !in_quotes && (b == b'\n' || b == b'\r') {
            lines.push(&sample[start..i]);
            if b == b'\r' && sample.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    if complete && start < sample.len() {
        lines.push(&sample[start..]);
    }
    if lines.is_empty() && start < sample.len() {
        lines.push(&sample[start..]);
    }
    lines.retain(|l| !l.is_empty());
    lines.truncate(200);
    lines
}

fn count_outside_quotes(line: &[u8], delimiter: u8, quote: u8) -> usize {
    let mut in_quotes = false;
    let mut n = 0;
    for &b in line {
        if b == quote {
            in_quotes = !in_quotes;
        } else if b == delimiter && !in_quotes {
            n += 1;
        }
    }
    n
}

/// The delimiter whose count per line is the most consistent and non-zero. A file whose
/// lines contain no candidate at all is a one-column file: comma.
pub(crate) fn sniff_delimiter(sample: &[u8], quote: u8, complete: bool) -> u8 {
    let lines = sample_lines(sample, quote, complete);
    if lines.is_empty() {
        return b',';
    }
    let mut best = (b',', 0usize, 0usize); // delimiter, lines agreeing on the mode, mode
    for &d in &DELIMITER_CANDIDATES {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| count_outside_quotes(l, d, quote))
            .collect();
        let mut tally: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
        for &c in counts.iter().filter(|&&c| c > 0) {
            *tally.entry(c).or_insert(0) += 1;
        }
        // The mode with the most lines; among equals, the larger count.
        let Some((&mode, &agree)) = tally.iter().max_by_key(|(&count, &lines)| (lines, count))
        else {
            continue;
        };
        if (agree, mode) > (best.1, best.2) {
            best = (d, agree, mode);
        }
    }
    best.0
}

/// `'` when the sample quotes fields with single quotes and never with double quotes.
pub(crate) fn sniff_quote(sample: &[u8]) -> u8 {
    let is_boundary =
        |b: Option<&u8>| matches!(b, None | Some(b',' | b';' | b'\t' | b'|' | b'\n' | b'\r'));
    let quoted_fields = |q: u8| {
        let mut n = 0;
        let mut i = 0;
        while i < sample.len() {
            if sample[i] == q && (i == 0 || is_boundary(sample.get(i - 1))) {
                if let Some(len) = sample[i + 1..].iter().position(|&b| b == q) {
                    let end = i + 1 + len;
                    if is_boundary(sample.get(end + 1)) {
                        n += 1;
                    }
                    i = end + 1;
                    continue;
                }
            }
            i += 1;
        }
        n
    };
    if !sample.contains(&b'"') && quoted_fields(b'\'') >= 2 {
        b'\''
    } else {
        b'"'
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_consistent_delimiter() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1;2;3\n4;5;6\n", b'"', true), b';');
        assert_eq!(
            sniff_delimiter(b"a\tb\n1,5\t2\n3,5\t4\n", b'"', true),
            b'\t'
        );
        assert_eq!(sniff_delimiter(b"a|b|c\n1|2|3\n", b'"', true), b'|');
        assert_eq!(sniff_delimiter(b"name\nx\n", b'"', true), b',');
    }

    #[test]
    fn single_quotes_only_when_used_as_quotes() {
        assert_eq!(sniff_quote(b"id,name\n1,'Smith, J'\n2,'Doe, A'\n"), b'\'');
        assert_eq!(sniff_quote(b"id,name\n1,O'Brien\n2,D'Arcy\n"), b'"');
        assert_eq!(sniff_quote(b"id,name\n1,\"x\"\n2,'y'\n3,'z'\n"), b'"');
    }

    #[test]
    fn ignores_delimiters_inside_quotes() {
        let sample = b"id;text\n1;\"a, b, c\"\n2;\"d, e, f\"\n";
        assert_eq!(sniff_delimiter(sample, b'"', true), b';');
    }
}
