//! `hullcheck rules` and `hullcheck explain`: the rule catalog, from the rule declarations.

use std::fmt::Write as _;

use hullcheck::{Rule, catalog, spec};

/// The catalog as a table, or as the JSON of `spec/rules.json`.
pub(crate) fn list(json: bool) -> String {
    if json {
        let mut text = spec::rules_json();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        return text;
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<7} {:<9} {:<13} {:<40} summary",
        "code", "severity", "CIS", "name"
    );
    for rule in catalog() {
        let cis: Vec<&str> = rule.references.cis.iter().map(|c| c.id).collect();
        let _ = writeln!(
            out,
            "{:<7} {:<9} {:<13} {:<40} {}",
            rule.code,
            rule.severity.as_str(),
            cis.join(","),
            rule.name,
            rule.summary
        );
    }
    let _ = writeln!(
        out,
        "\n{} rules; hullcheck explain CODE tells one in full",
        catalog().len()
    );
    out
}

/// One rule's documentation, found by code (any case) or name.
pub(crate) fn explain(wanted: &str) -> Result<String, String> {
    let wanted = wanted.trim();
    let found: Option<&&Rule> = catalog()
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(wanted) || r.name == wanted);
    match found {
        Some(rule) => Ok(spec::rule_markdown(rule)),
        None => Err(format!(
            "no rule is called {wanted}; hullcheck rules lists them"
        )),
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test should stop loudly"
)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_listed_and_explained() {
        let table = list(false);
        for rule in catalog() {
            assert!(table.contains(rule.code));
            let text = explain(&rule.code.to_ascii_lowercase()).expect("explained by code");
            assert!(text.contains(rule.docs.what));
            assert_eq!(explain(rule.name), Ok(text));
        }
        assert!(explain("CFG999").is_err());
    }
}
