//! SPDX license expressions (SPDX specification annex D): license ids with an optional `+`,
//! `LicenseRef-...` and `DocumentRef-...:LicenseRef-...`, `WITH` exceptions, `AND` binding
//! tighter than `OR`, and parentheses. Operators are accepted all upper- or all lowercase.
//!
//! The check is syntactic: ids are not looked up in the SPDX license list (which changes every
//! release), so `MIT OR Apache-2.0` and `Acme-Proprietary` both pass, and `MIT OR` fails with
//! the position where a license was expected.

use std::fmt;

/// Why a text is not an SPDX license expression, and where (1-based character position).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpdxError {
    /// 1-based character position of the problem (one past the end for a truncated expression).
    pub position: usize,
    /// What was expected or found.
    pub message: String,
}

impl fmt::Display for SpdxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "not an SPDX license expression: {} at position {}",
            self.message, self.position
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token<'a> {
    Open,
    Close,
    Word(&'a str),
}

fn tokenize(text: &str) -> Vec<(usize, Token<'_>)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (byte, c) in text.char_indices() {
        if c.is_whitespace() || c == '(' || c == ')' {
            if let Some(s) = start.take() {
                out.push((s, byte));
            }
            if c == '(' || c == ')' {
                out.push((byte, byte + 1));
            }
        } else if start.is_none() {
            start = Some(byte);
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out.into_iter()
        .map(|(s, e)| {
            let word = text.get(s..e).unwrap_or("");
            let position = text.get(..s).map_or(0, |p| p.chars().count()) + 1;
            let token = match word {
                "(" => Token::Open,
                ")" => Token::Close,
                w => Token::Word(w),
            };
            (position, token)
        })
        .collect()
}

fn is_idstring(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

fn is_operator(word: &str, op: &str) -> bool {
    word == op || word == op.to_ascii_lowercase()
}

fn is_any_operator(word: &str) -> bool {
    ["AND", "OR", "WITH"].iter().any(|op| is_operator(word, op))
}

fn license_ref(word: &str) -> bool {
    word.strip_prefix("LicenseRef-").is_some_and(is_idstring)
}

fn simple_license(word: &str) -> bool {
    if let Some(rest) = word.strip_prefix("DocumentRef-") {
        return rest
            .split_once(':')
            .is_some_and(|(doc, lic)| is_idstring(doc) && license_ref(lic));
    }
    if word.starts_with("LicenseRef-") {
        return license_ref(word);
    }
    let id = word.strip_suffix('+').unwrap_or(word);
    is_idstring(id)
}

fn exception(word: &str) -> bool {
    if let Some(rest) = word.strip_prefix("DocumentRef-") {
        return rest.split_once(':').is_some_and(|(doc, add)| {
            is_idstring(doc) && add.strip_prefix("AdditionRef-").is_some_and(is_idstring)
        });
    }
    is_idstring(word)
}

struct Parser<'a> {
    tokens: Vec<(usize, Token<'a>)>,
    at: usize,
    end: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&(usize, Token<'a>)> {
        self.tokens.get(self.at)
    }

    fn error(&self, message: impl Into<String>) -> SpdxError {
        SpdxError {
            position: self.peek().map_or(self.end, |(p, _)| *p),
            message: message.into(),
        }
    }

    fn found(&self) -> String {
        match self.peek() {
            None => "the end of the expression".to_owned(),
            Some((_, Token::Open)) => "`(`".to_owned(),
            Some((_, Token::Close)) => "`)`".to_owned(),
            Some((_, Token::Word(w))) => format!("`{w}`"),
        }
    }

    fn operator(&self, op: &str) -> bool {
        matches!(self.peek(), Some((_, Token::Word(w))) if is_operator(w, op))
    }

    /// expression := and-expression (OR and-expression)*
    fn expression(&mut self) -> Result<(), SpdxError> {
        self.and_expression()?;
        while self.operator("OR") {
            self.at += 1;
            self.and_expression()?;
        }
        Ok(())
    }

    /// and-expression := term (AND term)*
    fn and_expression(&mut self) -> Result<(), SpdxError> {
        self.term()?;
        while self.operator("AND") {
            self.at += 1;
            self.term()?;
        }
        Ok(())
    }

    /// term := "(" expression ")" | simple-license [WITH exception]
    fn term(&mut self) -> Result<(), SpdxError> {
        match self.peek().cloned() {
            Some((_, Token::Open)) => {
                self.depth += 1;
                if self.depth > 64 {
                    return Err(self.error("parentheses nested too deeply"));
                }
                self.at += 1;
                self.expression()?;
                if !matches!(self.peek(), Some((_, Token::Close))) {
                    return Err(self.error(format!("expected `)`, found {}", self.found())));
                }
                self.at += 1;
                self.depth -= 1;
                Ok(())
            }
            Some((_, Token::Word(w))) if !is_any_operator(w) && simple_license(w) => {
                self.at += 1;
                if self.operator("WITH") {
                    self.at += 1;
                    match self.peek() {
                        Some((_, Token::Word(e))) if !is_any_operator(e) && exception(e) => {
                            self.at += 1;
                        }
                        _ => {
                            return Err(self.error(format!(
                                "expected an exception id after WITH, found {}",
                                self.found()
                            )));
                        }
                    }
                }
                Ok(())
            }
            _ => Err(self.error(format!("expected a license id, found {}", self.found()))),
        }
    }
}

/// Checks that `text` is an SPDX license expression.
pub fn parse_spdx(text: &str) -> Result<(), SpdxError> {
    let mut parser = Parser {
        tokens: tokenize(text),
        at: 0,
        end: text.chars().count() + 1,
        depth: 0,
    };
    parser.expression()?;
    if parser.peek().is_some() {
        return Err(parser.error(format!(
            "expected AND, OR or the end, found {}",
            parser.found()
        )));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a failing test should stop loudly")]
mod tests {
    use super::*;

    #[test]
    fn valid_expressions() {
        for ok in [
            "MIT",
            "MIT OR Apache-2.0",
            "(GPL-2.0-only WITH Classpath-exception-2.0)",
            "Apache-2.0 AND (MIT OR BSD-3-Clause)",
            "GPL-2.0+",
            "LicenseRef-acme-proprietary",
            "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
            "((MIT))",
            "mit or apache-2.0",
            "LGPL-2.1-only OR BSD-3-Clause AND MIT",
        ] {
            assert_eq!(parse_spdx(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn invalid_expressions_name_the_position() {
        let err = parse_spdx("MIT OR").unwrap_err();
        assert_eq!(err.position, 7);
        assert!(err.message.contains("end of the expression"), "{err}");
        for (bad, position) in [
            ("", 1),
            ("OR MIT", 1),
            ("MIT Apache-2.0", 5),
            ("(MIT OR Apache-2.0", 19),
            ("MIT)", 4),
            ("MIT WITH", 9),
            ("MIT AND AND BSD", 9),
            ("MIT/Apache", 1),
            ("LicenseRef-", 1),
        ] {
            let err = parse_spdx(bad).unwrap_err();
            assert_eq!(err.position, position, "{bad}: {err}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}MIT{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(parse_spdx(&deep).is_err());
    }
}
