//! Free text: spans of personal data replaced by their entity tag, the rest kept.
//!
//! The anonymiser does not find spans itself: a [`SpanDetector`] does (the PII engine, or a
//! [`PatternDetector`] built from regular expressions in the policy).

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::error::AnonymiseError;

/// A span of personal data in a text: byte offsets into the text and the entity found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TextSpan {
    /// Byte offset where the span starts.
    pub start: usize,
    /// Byte offset just after the span.
    pub end: usize,
    /// The entity, e.g. `EMAIL_ADDRESS`.
    pub entity: String,
}

impl TextSpan {
    /// A span of `entity` over the bytes `start..end`.
    pub fn new(start: usize, end: usize, entity: impl Into<String>) -> Self {
        Self {
            start,
            end,
            entity: entity.into(),
        }
    }
}

/// Finds spans of personal data in a text. The PII engine implements it; so can a caller.
pub trait SpanDetector {
    /// The spans in `text`, in any order; they may overlap.
    fn spans(&self, text: &str) -> Vec<TextSpan>;
}

/// The tag written in place of an entity: `<EMAIL_ADDRESS>`.
pub fn entity_tag(entity: &str) -> String {
    format!("<{entity}>")
}

/// `text` with every span replaced by its entity tag. Overlapping spans are merged (the
/// earliest span's entity names the merged one); a span whose offsets fall inside a
/// character is widened to whole characters, so nothing of a detected value is kept.
///
/// ```
/// use opendata_core::anonymise::{replace_spans, TextSpan};
/// let text = "Call Ann on 07700 900123.";
/// let spans = [TextSpan::new(12, 24, "PHONE_NUMBER"), TextSpan::new(5, 8, "PERSON")];
/// assert_eq!(replace_spans(text, &spans), "Call <PERSON> on <PHONE_NUMBER>.");
/// ```
pub fn replace_spans(text: &str, spans: &[TextSpan]) -> String {
    let mut ordered: Vec<(usize, usize, &str)> = spans
        .iter()
        .filter_map(|s| {
            let start = floor_char(text, s.start.min(text.len()));
            let end = ceil_char(text, s.end.min(text.len()));
            (start < end).then_some((start, end, s.entity.as_str()))
        })
        .collect();
    ordered.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut merged: Vec<(usize, usize, &str)> = Vec::with_capacity(ordered.len());
    for span in ordered {
        match merged.last_mut() {
            Some(last) if span.0 < last.1 => last.1 = last.1.max(span.1),
            _ => merged.push(span),
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, entity) in merged {
        out.push_str(text.get(at..start).unwrap_or(""));
        out.push('<');
        out.push_str(entity);
        out.push('>');
        at = end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// A detector from regular expressions, one per entity; every match is a span.
#[derive(Debug, Clone)]
pub struct PatternDetector {
    patterns: Vec<(String, Regex)>,
}

impl PatternDetector {
    /// A detector from `(entity, pattern)` pairs.
    pub fn new<'a>(
        patterns: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, AnonymiseError> {
        let patterns = patterns
            .into_iter()
            .map(|(entity, pattern)| {
                Regex::new(pattern)
                    .map(|r| (entity.to_owned(), r))
                    .map_err(|e| {
                        AnonymiseError::InvalidPolicy(format!("pattern for {entity}: {e}"))
                    })
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { patterns })
    }

    /// Whether the detector has no pattern.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}

impl SpanDetector for PatternDetector {
    fn spans(&self, text: &str) -> Vec<TextSpan> {
        let mut out = Vec::new();
        for (entity, re) in &self.patterns {
            out.extend(
                re.find_iter(text)
                    .filter(|m| !m.is_empty())
                    .map(|m| TextSpan::new(m.start(), m.end(), entity.as_str())),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_and_nested_spans_merge() {
        let text = "mail ann@example.org now";
        let spans = [
            TextSpan::new(5, 20, "EMAIL_ADDRESS"),
            TextSpan::new(9, 20, "URL"),
            TextSpan::new(5, 8, "PERSON"),
        ];
        assert_eq!(replace_spans(text, &spans), "mail <EMAIL_ADDRESS> now");
    }

    #[test]
    fn spans_inside_a_character_are_widened_and_out_of_range_clamped() {
        let text = "née Zoë";
        // byte 2 is inside 'é'; 100 is past the end.
        let spans = [TextSpan::new(2, 3, "X"), TextSpan::new(5, 100, "PERSON")];
        assert_eq!(replace_spans(text, &spans), "n<X>e <PERSON>");
        assert_eq!(replace_spans(text, &[TextSpan::new(4, 2, "X")]), text);
    }

    #[test]
    fn pattern_detector_finds_each_entity() {
        let d = PatternDetector::new([("EMAIL_ADDRESS", r"\S+@\S+"), ("NUM", r"\d{3,}")]).unwrap();
        assert_eq!(
            replace_spans("x a@b.c 12345 y", &d.spans("x a@b.c 12345 y")),
            "x <EMAIL_ADDRESS> <NUM> y"
        );
        assert!(PatternDetector::new([("X", "(")]).is_err());
    }
}
