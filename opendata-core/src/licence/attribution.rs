//! Attribution statements: the credit line a re-user puts next to the data.

use serde::{Deserialize, Serialize};

use super::resolve::resolve;
use super::{AttributionStyle, Licence};

/// What an attribution statement names. Every field but the licence may be left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct AttributionInput {
    /// The dataset's title.
    pub title: Option<String>,
    /// Who made it (person or body), as the licence asks to credit.
    pub author: Option<String>,
    /// Where it comes from: the dataset's landing page.
    pub source: Option<String>,
    /// The licence, as written anywhere (id, URL, name); resolved with [`resolve`].
    pub licence: String,
    /// Whether the data was changed (licences such as CC BY 4.0 require saying so).
    pub modified: bool,
}

impl AttributionInput {
    /// An input naming only the licence.
    pub fn new(licence: impl Into<String>) -> Self {
        AttributionInput {
            licence: licence.into(),
            ..Self::default()
        }
    }

    /// The same input with a title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// The same input with an author.
    pub fn author(mut self, author: impl Into<String>) -> Self {
        self.author = Some(author.into());
        self
    }

    /// The same input with a source URL.
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The same input, marked as modified.
    pub fn modified(mut self, modified: bool) -> Self {
        self.modified = modified;
        self
    }
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// `"Title" by Author (source)` with whatever parts are known.
fn work(input: &AttributionInput) -> String {
    let mut s = match non_empty(&input.title) {
        Some(t) => format!("\u{201c}{t}\u{201d}"),
        None => "This data".to_owned(),
    };
    if let Some(a) = non_empty(&input.author) {
        s.push_str(" by ");
        s.push_str(a);
    }
    if let Some(src) = non_empty(&input.source) {
        s.push_str(&format!(" ({src})"));
    }
    s
}

fn licence_ref(l: &Licence) -> String {
    match l.url() {
        Some(u) => format!("{} ({u})", l.title),
        None => l.title.to_owned(),
    }
}

/// The attribution statement for a dataset: title, author, source and licence with its link,
/// in the form the licence's steward recommends (CC's title-author-source-licence, the UK
/// OGL statement, GovData's form for the Data licence Germany, Etalab's source mention).
///
/// ```
/// use opendata_core::licence::{attribution, AttributionInput};
///
/// let s = attribution(
///     &AttributionInput::new("CC BY 4.0")
///         .title("Air quality 2024")
///         .author("City of Example")
///         .source("https://data.example.org/air")
///         .modified(true),
/// );
/// assert_eq!(
///     s,
///     "\u{201c}Air quality 2024\u{201d} by City of Example (https://data.example.org/air) is licensed under \
///      Creative Commons Attribution 4.0 International (https://creativecommons.org/licenses/by/4.0/). \
///      Changes were made to the original."
/// );
/// ```
pub fn attribution(input: &AttributionInput) -> String {
    let resolution = resolve(&input.licence);
    let Some(l) = resolution.licence else {
        let named = input.licence.trim();
        let named = if named.is_empty() {
            "an unnamed licence"
        } else {
            named
        };
        return format!(
            "{} is licensed under {named}.{}",
            work(input),
            changes(input)
        );
    };
    match l.attribution_style {
        AttributionStyle::PublicDomain => format!(
            "{} is dedicated to the public domain under {}; no attribution is required.{}",
            work(input),
            licence_ref(l),
            changes(input)
        ),
        AttributionStyle::Ogl => {
            let named = non_empty(&input.title).is_some() || non_empty(&input.author).is_some();
            let lead = if named {
                format!("{}. ", work(input))
            } else {
                String::new()
            };
            format!(
                "{lead}Contains public sector information licensed under the {}.{}",
                licence_ref(l),
                changes(input)
            )
        }
        AttributionStyle::DlDe => {
            let short = l
                .aliases
                .iter()
                .find(|a| a.starts_with("dl-de/"))
                .copied()
                .unwrap_or(l.id);
            let mut parts = Vec::new();
            if let Some(a) = non_empty(&input.author) {
                parts.push(a.to_owned());
            }
            if let Some(t) = non_empty(&input.title) {
                parts.push(t.to_owned());
            }
            if let Some(s) = non_empty(&input.source) {
                parts.push(s.to_owned());
            }
            let lead = if parts.is_empty() {
                "Data source".to_owned()
            } else {
                parts.join(", ")
            };
            let modified = if input.modified { " (modified)" } else { "" };
            format!("{lead}{modified}, {short} ({})", l.url().unwrap_or(l.title))
        }
        AttributionStyle::Etalab => format!(
            "Source: {}, under the {}.{}",
            work(input),
            licence_ref(l),
            changes(input)
        ),
        _ => format!(
            "{} is licensed under {}.{}",
            work(input),
            licence_ref(l),
            changes(input)
        ),
    }
}

fn changes(input: &AttributionInput) -> &'static str {
    if input.modified {
        " Changes were made to the original."
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_styles() {
        let ogl = attribution(&AttributionInput::new("uk-ogl"));
        assert_eq!(
            ogl,
            "Contains public sector information licensed under the Open Government Licence v3.0 \
             (https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/)."
        );
        let dl = attribution(
            &AttributionInput::new("DL-DE-BY-2.0")
                .author("Stadt Musterstadt")
                .title("Haltestellen"),
        );
        assert_eq!(
            dl,
            "Stadt Musterstadt, Haltestellen, dl-de/by-2-0 (https://www.govdata.de/dl-de/by-2-0)"
        );
        let pd = attribution(&AttributionInput::new("CC0").title("Trees"));
        assert!(pd.starts_with(
            "\u{201c}Trees\u{201d} is dedicated to the public domain under Creative Commons Zero"
        ));
        let lo = attribution(&AttributionInput::new("Licence Ouverte 2.0").author("Etalab"));
        assert!(
            lo.starts_with("Source: This data by Etalab, under the Licence Ouverte"),
            "{lo}"
        );
    }

    #[test]
    fn unknown_licence_is_named_as_given() {
        let s = attribution(&AttributionInput::new("Our terms").title("X"));
        assert_eq!(s, "\u{201c}X\u{201d} is licensed under Our terms.");
        let s = attribution(&AttributionInput::default());
        assert_eq!(s, "This data is licensed under an unnamed licence.");
    }
}
