//! Normalisation of licence names and URLs, so that the many ways people write a licence
//! reduce to one key: `CC BY-SA 4.0`, `cc-by-sa-4.0`, `Creative Commons Attribution-ShareAlike
//! 4.0 International` and `Creative Commons Namensnennung - Weitergabe unter gleichen
//! Bedingungen 4.0` all become `cc by sa 4`.

/// Lower-cases and folds accents and typographic punctuation to ASCII; every other
/// non-alphanumeric character becomes a space.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' => out.push('i'),
            'ñ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
            'ß' => out.push_str("ss"),
            '\'' | '’' | '‘' => {}
            '+' => out.push_str(" or later "),
            c if c.is_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

/// Phrases rewritten to one canonical token sequence. Longest phrases are tried first.
const PHRASES: &[(&[&str], &[&str])] = &[
    // Creative Commons licence elements, in the languages portals use.
    (&["creative", "commons"], &["cc"]),
    (&["weitergabe", "unter", "gleichen", "bedingungen"], &["sa"]),
    (&["partage", "dans", "les", "memes", "conditions"], &["sa"]),
    (&["condividi", "allo", "stesso", "modo"], &["sa"]),
    (&["compartir", "igual"], &["sa"]),
    (&["share", "alike"], &["sa"]),
    (&["pas", "d", "utilisation", "commerciale"], &["nc"]),
    (&["pas", "dutilisation", "commerciale"], &["nc"]),
    (&["non", "commercial"], &["nc"]),
    (&["non", "commerciale"], &["nc"]),
    (&["nicht", "kommerziell"], &["nc"]),
    (&["no", "comercial"], &["nc"]),
    (&["no", "derivative", "works"], &["nd"]),
    (&["no", "derivatives"], &["nd"]),
    (&["no", "derivs"], &["nd"]),
    (&["keine", "bearbeitungen"], &["nd"]),
    (&["keine", "bearbeitung"], &["nd"]),
    (&["pas", "de", "modification"], &["nd"]),
    (&["non", "opere", "derivate"], &["nd"]),
    (&["sin", "obra", "derivada"], &["nd"]),
    (&["cc", "zero"], &["cc0"]),
    (&["cc", "0"], &["cc0"]),
    (&["or", "later"], &["or-later"]),
    (&["data", "licence", "germany"], &["dl", "de"]),
    (&["data", "license", "germany"], &["dl", "de"]),
    (&["datenlizenz", "deutschland"], &["dl", "de"]),
    // Jurisdictions of ported licences, as CC titles name them.
    (&["england", "and", "wales"], &["uk"]),
    (&["england", "wales"], &["uk"]),
    (&["united", "states"], &["us"]),
];

/// Single-token rewrites; an empty replacement drops the token.
fn token(t: &str) -> Option<&str> {
    Some(match t {
        "licence" | "license" | "lizenz" | "licenza" | "lisens" | "licencia" | "licentie" => {
            "license"
        }
        "attribution" | "namensnennung" | "attribuzione" | "paternite" | "naamsvermelding"
        | "reconocimiento" | "atribucion" | "atribuicao" | "navngivelse" | "erkannande"
        | "nimea" | "uznanie" | "priznanje" => "by",
        "sharealike" | "gelijkdelen" | "compartirigual" => "sa",
        "noncommercial" | "nichtkommerziell" | "nietcommercieel" | "nocomercial" => "nc",
        "noderivatives" | "noderivs" | "geenafgeleidewerken" | "sinobraderivada" => "nd",
        "cczero" => "cc0",
        "germany" | "deutschland" => "de",
        "austria" | "osterreich" => "at",
        "italy" | "italia" => "it",
        "netherlands" | "nederland" => "nl",
        "france" => "fr",
        "spain" | "espana" => "es",
        "australia" => "au",
        "japan" => "jp",
        "switzerland" | "schweiz" | "suisse" => "ch",
        "the" | "version" | "versione" | "ver" | "v" | "international" | "internationaal"
        | "internazionale" | "unported" | "generic" | "generica" | "generique" | "universal"
        | "universell" | "universel" | "universale" | "universeel" | "transpose"
        | "internacional" | "internationale" | "internationell" | "kansainvalinen"
        | "miedzynarodowe" => return None,
        other => other,
    })
}

/// `gplv3` -> `gpl 3`, `ogl3` -> `ogl 3`: a word of three or more letters glued to a version
/// (a `v` between them dropped). Short words such as `cc0` stay whole.
fn split_letters_digits(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (n, word) in text.split_whitespace().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        let cut = word.find(|c: char| c.is_ascii_digit());
        match cut {
            Some(p)
                if p >= 3
                    && word
                        .get(..p)
                        .is_some_and(|l| l.bytes().all(|b| b.is_ascii_lowercase())) =>
            {
                let letters = word.get(..p).unwrap_or_default();
                let digits = word.get(p..).unwrap_or_default();
                let letters = match letters.strip_suffix('v') {
                    Some(l) if l.len() >= 2 => l,
                    _ => letters,
                };
                out.push_str(letters);
                out.push(' ');
                out.push_str(digits);
            }
            _ => out.push_str(word),
        }
    }
    out
}

fn is_number(t: &str) -> bool {
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

/// The matching key of a licence name: lower case, no accents, no punctuation, synonyms
/// folded (`attribution` -> `by`, `licence` -> `license`), noise words (`version`,
/// `international`) dropped, `v3` -> `3`, `3.0` -> `3`, CC elements in SPDX order.
pub(crate) fn key(text: &str) -> String {
    let folded = split_letters_digits(&fold(text));
    let raw: Vec<&str> = folded.split_whitespace().collect();
    // Phrase rewrites.
    let mut toks: Vec<&str> = Vec::with_capacity(raw.len());
    let mut i = 0;
    'outer: while i < raw.len() {
        for (from, to) in PHRASES {
            if raw.len() - i >= from.len() && raw[i..i + from.len()] == **from {
                toks.extend_from_slice(to);
                i += from.len();
                continue 'outer;
            }
        }
        if let Some(t) = raw.get(i) {
            toks.push(t);
        }
        i += 1;
    }
    // Token rewrites, `v3` -> `3`, and dropping the `0` of `3 0` (from `3.0`, `3-0`).
    let mut words: Vec<&str> = Vec::with_capacity(toks.len());
    for t in toks {
        let Some(t) = token(t) else { continue };
        words.push(match t.strip_prefix('v') {
            Some(n) if is_number(n) => n,
            _ => t,
        });
    }
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for (n, t) in words.iter().enumerate() {
        // `3 0` -> `3`, but `2 0 1` (from 2.0.1) keeps its zero.
        let last_of_number = !words.get(n + 1).is_some_and(|next| is_number(next));
        if *t == "0" && last_of_number && out.last().is_some_and(|p| is_number(p)) {
            continue;
        }
        out.push((*t).to_owned());
    }
    // CC elements in SPDX order (by, nc, nd, sa), so `BY-ND-NC` equals `BY-NC-ND`.
    let rank = |t: &str| match t {
        "by" => Some(0),
        "nc" => Some(1),
        "nd" => Some(2),
        "sa" => Some(3),
        _ => None,
    };
    let mut start = 0;
    while start < out.len() {
        if out.get(start).and_then(|t| rank(t)).is_some() {
            let mut end = start;
            while out.get(end).and_then(|t| rank(t)).is_some() {
                end += 1;
            }
            if let Some(run) = out.get_mut(start..end) {
                run.sort_by_key(|t| rank(t));
            }
            start = end;
        } else {
            start += 1;
        }
    }
    out.dedup_by(|a, b| a == b && !is_number(a));
    out.join(" ")
}

/// Whether the text is a URL or URI rather than a name.
pub(crate) fn looks_like_url(text: &str) -> bool {
    let t = text.trim_start();
    let lower = t.get(..8).map(str::to_ascii_lowercase).unwrap_or_default();
    if lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("www.")
        || t.contains("://")
    {
        return true;
    }
    // A bare `host.tld/path` (no spaces): `creativecommons.org/licenses/by/4.0`.
    let t = t.trim_end();
    match t.split_once('/') {
        Some((host, _)) => {
            !t.contains(char::is_whitespace)
                && host.contains('.')
                && host.rsplit('.').next().is_some_and(|tld| {
                    tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic())
                })
        }
        None => false,
    }
}

/// The comparable form of a URL: no scheme, no `www.`, no query or fragment, no trailing
/// slash, and no trailing `legalcode` / `deed` / `index.html` page, lower case.
pub(crate) fn url_key(url: &str) -> String {
    let mut u = url
        .trim()
        .trim_matches(|c| c == '<' || c == '>' || c == '"')
        .to_ascii_lowercase();
    if let Some(p) = u.find("://") {
        u = u.split_off(p + 3);
    }
    if let Some(rest) = u.strip_prefix("www.") {
        u = rest.to_owned();
    }
    if let Some(p) = u.find(['?', '#']) {
        u.truncate(p);
    }
    loop {
        let before = u.len();
        while u.ends_with('/') {
            u.pop();
        }
        if let Some(p) = u.rfind('/') {
            let last = u.get(p + 1..).unwrap_or_default();
            let page = last == "legalcode"
                || last.starts_with("legalcode.")
                || last == "deed"
                || last.starts_with("deed.")
                || last == "index.html"
                || last == "index.htm"
                || last == "rdf";
            if page {
                u.truncate(p);
            }
        }
        if u.len() == before {
            return u;
        }
    }
}

/// Edit distance between two short strings (bytes), for typo-tolerant token matching.
pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let a = a.as_bytes();
    let b = b.as_bytes();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        if let Some(first) = cur.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = sub.min(del).min(ins);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_reduce_to_one_key() {
        let k = key("CC-BY-SA-4.0");
        assert_eq!(k, "cc by sa 4");
        for s in [
            "CC BY-SA 4.0",
            "cc-by-sa 4.0",
            "Creative Commons Attribution-ShareAlike 4.0 International",
            "Creative Commons Attribution Share Alike 4.0",
            "Creative Commons Namensnennung - Weitergabe unter gleichen Bedingungen 4.0 International",
            "CC BY SA v4",
        ] {
            assert_eq!(key(s), k, "{s}");
        }
        assert_eq!(key("CC BY-ND-NC 1.0"), key("CC-BY-NC-ND-1.0"));
        assert_eq!(key("OGL v3"), key("OGL 3.0"));
        assert_eq!(key("dl-de/by-2-0"), key("DL-DE BY 2.0"));
        assert_eq!(
            key("Datenlizenz Deutschland – Namensnennung – Version 2.0"),
            "dl de by 2"
        );
        assert_eq!(key("Licence Ouverte"), key("licence  ouverte"));
        assert_eq!(key("GPL-2.0+"), "gpl 2 or-later");
        assert_eq!(key("LPL-1.02"), "lpl 1 02");
        assert_eq!(key("OLDAP-2.0.1"), "oldap 2 0 1");
        assert_ne!(key("OLDAP-2.0.1"), key("OLDAP-2.1"));
        assert_eq!(key("GPLv3"), key("GPL 3.0"));
        assert_eq!(key("OGL3.0"), key("OGL v3"));
        assert_eq!(key("CC0 1.0"), "cc0 1");
        assert_eq!(key("CC-0"), "cc0");
        assert_eq!(
            key("Creative Commons Navngivelse 4.0 International"),
            "cc by 4"
        );
        assert_eq!(key("Atribución 4.0 Internacional"), "by 4");
        assert_eq!(
            key("Creative Commons Attribution 3.0 Germany"),
            key("CC-BY-3.0-DE")
        );
        assert_eq!(
            key("Creative Commons Namensnennung 3.0 Deutschland"),
            key("CC-BY-3.0-DE")
        );
    }

    #[test]
    fn urls_compare_without_scheme_slash_and_page() {
        let k = url_key("https://creativecommons.org/licenses/by/4.0/");
        assert_eq!(k, "creativecommons.org/licenses/by/4.0");
        for u in [
            "http://creativecommons.org/licenses/by/4.0",
            "https://www.creativecommons.org/licenses/by/4.0/legalcode",
            "https://creativecommons.org/licenses/by/4.0/legalcode.de",
            "https://creativecommons.org/licenses/by/4.0/deed.fr",
            "HTTPS://CreativeCommons.org/licenses/by/4.0/?ref=x#y",
        ] {
            assert_eq!(url_key(u), k, "{u}");
        }
        assert!(looks_like_url("www.govdata.de/dl-de/by-2-0"));
        assert!(!looks_like_url("CC BY 4.0"));
        assert!(looks_like_url("creativecommons.org/licenses/by/4.0"));
        assert!(!looks_like_url("dl-de/by-2-0"));
        assert!(!looks_like_url("dl-by-de/2.0"));
    }

    #[test]
    fn edit_distance() {
        assert_eq!(levenshtein("atribution", "attribution"), 1);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("same", "same"), 0);
    }
}
