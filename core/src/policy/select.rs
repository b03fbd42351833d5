//! Selectors: how a policy names rules (code, code prefix, name or family), and the "did you
//! mean" suggestion for names that match nothing.

use crate::rules::{Family, Rule, catalog};

/// How precisely a selector named a rule; a more specific selector wins (severity overrides).
pub(crate) fn specificity(selector: &str, rule: &Rule) -> Option<usize> {
    let s = selector.trim();
    let upper = s.to_ascii_uppercase();
    if rule.name == s || rule.code == upper {
        Some(usize::MAX)
    } else if !upper.is_empty() && rule.code.starts_with(&upper) {
        Some(upper.len())
    } else if rule.family().as_str() == s.to_ascii_lowercase() {
        Some(0)
    } else {
        None
    }
}

/// The rules `selector` names, or `None` when it names no rule and no family.
///
/// A family with no rules yet (or a code prefix of one) is a valid, empty selection.
pub(crate) fn resolve(selector: &str) -> Option<Vec<&'static Rule>> {
    let s = selector.trim();
    let upper = s.to_ascii_uppercase();
    let matched: Vec<&'static Rule> = catalog()
        .iter()
        .copied()
        .filter(|r| specificity(s, r).is_some())
        .collect();
    let is_family = [Family::Configuration, Family::Images, Family::Monitoring]
        .iter()
        .any(|f| f.as_str() == s.to_ascii_lowercase() || f.prefix() == upper);
    (!matched.is_empty() || is_family).then_some(matched)
}

/// The closest rule name or code to `input`, when one is close enough to be a likely typo.
pub(crate) fn suggestion(input: &str) -> Option<&'static str> {
    let input_lower = input.trim().to_ascii_lowercase();
    catalog()
        .iter()
        .flat_map(|r| [r.name, r.code])
        .map(|candidate| {
            (
                edit_distance(&input_lower, &candidate.to_ascii_lowercase()),
                candidate,
            )
        })
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

/// `; did you mean `x`?` for messages, or nothing.
pub(crate) fn did_you_mean(input: &str) -> String {
    suggestion(input)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

/// Levenshtein distance over chars.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let substitute = prev.get(j).map_or(usize::MAX, |p| p + cost);
            let delete = prev.get(j + 1).map_or(usize::MAX, |p| p + 1);
            let insert = cur.get(j).map_or(usize::MAX, |p| p + 1);
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = substitute.min(delete).min(insert);
            }
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::{edit_distance, resolve, suggestion};

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(
            edit_distance("privileged-container", "privileged-container"),
            0
        );
        assert_eq!(
            edit_distance("privilege-container", "privileged-container"),
            1
        );
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn selectors_name_codes_prefixes_names_and_families() {
        for selector in [
            "CFG001",
            "cfg001",
            "CFG",
            "CFG0",
            "privileged-container",
            "configuration",
        ] {
            let rules = resolve(selector).unwrap_or_default();
            assert!(rules.iter().any(|r| r.code == "CFG001"), "{selector}");
        }
        let monitoring = resolve("monitoring").unwrap_or_default();
        assert!(!monitoring.is_empty());
        assert!(monitoring.iter().all(|r| r.code.starts_with("MON")));
        assert!(resolve("privileged-containr").is_none());
        assert_eq!(
            suggestion("privileged-containr"),
            Some("privileged-container")
        );
        assert_eq!(suggestion("something-else-entirely"), None);
    }
}
