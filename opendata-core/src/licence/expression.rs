//! SPDX licence expressions (`CC-BY-4.0 OR ODbL-1.0`, `(MIT AND BSD-3-Clause) OR
//! Apache-2.0`, `GPL-2.0-or-later WITH Classpath-exception-2.0`), as software-style records
//! and data packages write them.
//!
//! Parsed here rather than with the `spdx` crate: that crate carries its own copy of the
//! SPDX list, and the registry already knows every id, with the openness an expression is
//! judged by. The grammar is SPDX 2.3 annex D: `WITH` binds tighter than `AND`, `AND`
//! tighter than `OR`, brackets group. The operators are read in capitals, as SPDX writes
//! them, or all in lower case, as people often do.

use serde::Serialize;

use super::Licence;

/// An SPDX expression whose every licence the registry knows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct LicenceExpression {
    /// The expression with each licence in its registry spelling and the operators in
    /// capitals: `CC-BY-4.0 OR ODbL-1.0`.
    pub normalised: String,
    /// Its outermost operator: `OR` (a choice), `AND` (a combination) or `WITH` (a
    /// licence with an exception).
    pub operator: &'static str,
    /// The licences it names, in order, each once.
    pub licences: Vec<&'static str>,
    /// Whether the data can be used under open terms: one open alternative of an `OR`, every
    /// part of an `AND` open (an exception after `WITH` only adds permissions).
    pub open: bool,
}

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Licence(&'static Licence),
    /// A licence with an exception (`... WITH Classpath-exception-2.0`).
    With(&'static Licence, String),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

impl Expr {
    pub(crate) fn is_open(&self) -> bool {
        match self {
            Expr::Licence(l) | Expr::With(l, _) => l.open,
            Expr::And(parts) => parts.iter().all(Expr::is_open),
            Expr::Or(choices) => choices.iter().any(Expr::is_open),
        }
    }

    /// The licence a report names for the expression: of a choice, the first open one (the
    /// one a re-user would take); of a combination, the first that is not open (the one
    /// that stops it being open), else the first. (`None` only for an empty group, which
    /// the parser never makes.)
    pub(crate) fn deciding(&self) -> Option<&'static Licence> {
        match self {
            Expr::Licence(l) | Expr::With(l, _) => Some(l),
            Expr::Or(choices) => choices
                .iter()
                .find(|c| c.is_open())
                .or_else(|| choices.first())?
                .deciding(),
            Expr::And(parts) => parts
                .iter()
                .find(|p| !p.is_open())
                .or_else(|| parts.first())?
                .deciding(),
        }
    }

    fn operator(&self) -> &'static str {
        match self {
            // A bracketed single licence (`(MIT)`) parses, but the parser asks for an
            // operator somewhere, so the outermost node is one of the others.
            Expr::Licence(_) => "",
            Expr::With(..) => "WITH",
            Expr::And(_) => "AND",
            Expr::Or(_) => "OR",
        }
    }

    pub(crate) fn summary(&self) -> LicenceExpression {
        let mut licences = Vec::new();
        self.collect(&mut licences);
        LicenceExpression {
            normalised: self.write(false),
            operator: self.operator(),
            licences,
            open: self.is_open(),
        }
    }

    fn collect(&self, out: &mut Vec<&'static str>) {
        match self {
            Expr::Licence(l) | Expr::With(l, _) => {
                if !out.contains(&l.id) {
                    out.push(l.id);
                }
            }
            Expr::And(v) | Expr::Or(v) => v.iter().for_each(|e| e.collect(out)),
        }
    }

    /// The expression in SPDX form; a group inside another is bracketed.
    fn write(&self, inner: bool) -> String {
        let join = |v: &[Expr], op: &str| {
            let s = v.iter().map(|e| e.write(true)).collect::<Vec<_>>().join(op);
            if inner {
                format!("({s})")
            } else {
                s
            }
        };
        match self {
            Expr::Licence(l) => l.id.to_owned(),
            Expr::With(l, exception) => format!("{} WITH {exception}", l.id),
            Expr::And(v) => join(v, " AND "),
            Expr::Or(v) => join(v, " OR "),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Token<'a> {
    Open,
    Close,
    And,
    Or,
    With,
    Id(&'a str),
}

/// The tokens of a text whose brackets stand apart (`( MIT OR Apache-2.0 )`).
fn tokens(spaced: &str) -> Option<Vec<Token<'_>>> {
    let mut out = Vec::new();
    for word in spaced.split_whitespace() {
        out.push(match word {
            "(" => Token::Open,
            ")" => Token::Close,
            "AND" | "and" => Token::And,
            "OR" | "or" => Token::Or,
            "WITH" | "with" => Token::With,
            id if id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'+' | b':')) =>
            {
                Token::Id(id)
            }
            _ => return None,
        });
    }
    Some(out)
}

/// Parses `text` as an SPDX expression with at least one operator, each licence looked up
/// with `by_id`; `None` when it is no such expression or names a licence the registry
/// does not know (a `LicenseRef-`).
pub(crate) fn parse(text: &str, by_id: impl Fn(&str) -> Option<&'static Licence>) -> Option<Expr> {
    let spaced = text.replace('(', " ( ").replace(')', " ) ");
    let tokens = tokens(&spaced)?;
    if !tokens
        .iter()
        .any(|t| matches!(t, Token::And | Token::Or | Token::With))
    {
        return None;
    }
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
        by_id: &by_id,
        depth: 0,
    };
    let expr = parser.or()?;
    (parser.at == tokens.len()).then_some(expr)
}

/// Brackets deeper than this are no licence field.
const MAX_DEPTH: usize = 16;

struct Parser<'t, 'a> {
    tokens: &'t [Token<'a>],
    at: usize,
    by_id: &'t dyn Fn(&str) -> Option<&'static Licence>,
    depth: usize,
}

impl<'a> Parser<'_, 'a> {
    fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.at).copied()
    }

    fn or(&mut self) -> Option<Expr> {
        self.joined(Token::Or, Self::and, Expr::Or)
    }

    fn and(&mut self) -> Option<Expr> {
        self.joined(Token::And, Self::term, Expr::And)
    }

    /// Operands read by `operand` and joined by `op`; a single operand stands alone.
    fn joined(
        &mut self,
        op: Token<'a>,
        operand: fn(&mut Self) -> Option<Expr>,
        group: fn(Vec<Expr>) -> Expr,
    ) -> Option<Expr> {
        let mut operands = vec![operand(self)?];
        while self.peek() == Some(op) {
            self.at += 1;
            operands.push(operand(self)?);
        }
        Some(if operands.len() == 1 {
            operands.pop()?
        } else {
            group(operands)
        })
    }

    fn term(&mut self) -> Option<Expr> {
        match self.peek()? {
            Token::Open => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return None;
                }
                self.at += 1;
                let inner = self.or()?;
                if self.peek() != Some(Token::Close) {
                    return None;
                }
                self.at += 1;
                self.depth -= 1;
                Some(inner)
            }
            Token::Id(id) => {
                self.at += 1;
                let licence = (self.by_id)(id)
                    // `GPL-2.0+`: "this version or any later", read as the version named.
                    .or_else(|| id.strip_suffix('+').and_then(|base| (self.by_id)(base)))?;
                if self.peek() == Some(Token::With) {
                    self.at += 1;
                    let Some(Token::Id(exception)) = self.peek() else {
                        return None;
                    };
                    self.at += 1;
                    return Some(Expr::With(licence, exception.to_owned()));
                }
                Some(Expr::Licence(licence))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::licence::resolve;

    fn by_id(id: &str) -> Option<&'static Licence> {
        resolve::index().by_id(id).map(|(l, _)| l)
    }

    fn parsed(text: &str) -> Option<LicenceExpression> {
        parse(text, by_id).map(|e| e.summary())
    }

    #[test]
    fn operators_bind_as_spdx_says() {
        let e = parsed("MIT AND BSD-3-Clause OR Apache-2.0").unwrap();
        assert_eq!(e.normalised, "(MIT AND BSD-3-Clause) OR Apache-2.0");
        let e = parsed("MIT AND (BSD-3-Clause OR Apache-2.0)").unwrap();
        assert_eq!(e.normalised, "MIT AND (BSD-3-Clause OR Apache-2.0)");
        assert_eq!(e.licences, ["MIT", "BSD-3-Clause", "Apache-2.0"]);
        let e = parsed("gpl-2.0-or-later with Classpath-exception-2.0").unwrap();
        assert_eq!(
            e.normalised,
            "GPL-2.0-or-later WITH Classpath-exception-2.0"
        );
    }

    #[test]
    fn a_choice_is_open_when_one_alternative_is_and_a_combination_when_all_are() {
        let or = parse("CC-BY-NC-4.0 OR CC-BY-4.0", by_id).unwrap();
        assert!(or.is_open());
        assert_eq!(or.deciding().unwrap().id, "CC-BY-4.0");
        let and = parse("CC-BY-4.0 AND CC-BY-NC-4.0", by_id).unwrap();
        assert!(!and.is_open());
        assert_eq!(and.deciding().unwrap().id, "CC-BY-NC-4.0");
        let open_and = parse("CC-BY-4.0 AND ODbL-1.0", by_id).unwrap();
        assert!(open_and.is_open());
        assert_eq!(open_and.deciding().unwrap().id, "CC-BY-4.0");
        let closed = parse("CC-BY-NC-4.0 OR CC-BY-ND-4.0", by_id).unwrap();
        assert!(!closed.is_open());
        assert_eq!(closed.deciding().unwrap().id, "CC-BY-NC-4.0");
    }

    #[test]
    fn what_is_no_expression_of_known_licences() {
        for text in [
            "MIT",
            "CC-BY-4.0 OR",
            "OR MIT",
            "(MIT OR Apache-2.0",
            "MIT OR Apache-2.0)",
            "MIT Apache-2.0",
            "MIT OR LicenseRef-my-terms",
            "Creative Commons Attribution and Share Alike",
            "MIT WITH",
            "MIT OR (Apache-2.0 WITH)",
        ] {
            assert_eq!(parsed(text), None, "{text}");
        }
        let deep = format!("{}MIT{}", "(".repeat(40), ")".repeat(40));
        assert_eq!(parsed(&format!("{deep} OR MIT")), None);
    }

    #[test]
    fn an_or_later_plus_reads_as_its_version() {
        let e = parsed("LGPL-2.1+ OR MIT").unwrap();
        assert_eq!(e.licences[1], "MIT");
        assert!(e.licences[0].starts_with("LGPL-2.1"), "{:?}", e.licences);
    }
}
