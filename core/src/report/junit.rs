//! JUnit XML: one test suite per rule, one test case per rule and subject.
//!
//! A `fail` outcome with reported findings is a `<failure>` (one per case, listing every
//! finding); `not_applicable` and `missing_input` are `<skipped>` with the reason; a failure
//! whose findings were all waived passes, with the waiver in `<system-out>`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Finding, Outcome, OutcomeStatus, Report, SubjectRef};
use crate::rules;

/// Escapes text for XML content and attribute values. Characters XML 1.0 cannot carry
/// (control characters other than tab, newline and carriage return) become U+FFFD.
#[must_use]
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if u32::from(c) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {
                out.push('\u{FFFD}');
            }
            c => out.push(c),
        }
    }
    out
}

struct Case<'a> {
    outcome: &'a Outcome,
    findings: Vec<&'a Finding>,
    waived: Vec<(&'a Finding, &'a str)>,
}

impl Case<'_> {
    fn failed(&self) -> bool {
        self.outcome.status == OutcomeStatus::Fail && !self.findings.is_empty()
    }

    fn skipped(&self) -> bool {
        matches!(
            self.outcome.status,
            OutcomeStatus::NotApplicable | OutcomeStatus::MissingInput
        )
    }
}

/// Renders a report as JUnit XML.
#[must_use]
pub fn render_junit(report: &Report) -> String {
    // Index findings by rule and subject once, so large reports stay linear.
    let mut reported: BTreeMap<(&str, &SubjectRef), Vec<&Finding>> = BTreeMap::new();
    for f in &report.findings {
        reported.entry((&f.code, &f.subject)).or_default().push(f);
    }
    let mut waived: BTreeMap<(&str, &SubjectRef), Vec<(&Finding, &str)>> = BTreeMap::new();
    for s in &report.suppressed {
        waived
            .entry((&s.finding.code, &s.finding.subject))
            .or_default()
            .push((&s.finding, s.waiver.reason.as_str()));
    }
    let cases: Vec<Case<'_>> = report
        .outcomes
        .iter()
        .map(|o| {
            let key = o
                .subject
                .and_then(|i| report.subjects.get(i))
                .map(|subject| (o.code.as_ref(), subject));
            Case {
                outcome: o,
                findings: key
                    .and_then(|k| reported.get(&k).cloned())
                    .unwrap_or_default(),
                waived: key
                    .and_then(|k| waived.get(&k).cloned())
                    .unwrap_or_default(),
            }
        })
        .collect();
    let mut codes: Vec<&str> = cases.iter().map(|c| c.outcome.code.as_ref()).collect();
    codes.dedup();
    let total = cases.len();
    let failures = cases.iter().filter(|c| c.failed()).count();
    let skipped = cases.iter().filter(|c| c.skipped()).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"hullcheck\" tests=\"{total}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">"
    );
    for code in codes {
        let suite: Vec<&Case<'_>> = cases.iter().filter(|c| c.outcome.code == code).collect();
        let name = rules::find(code).map_or(code.to_owned(), |r| format!("{} {}", r.code, r.name));
        let classname = rules::find(code).map_or(code.to_owned(), |r| {
            format!("hullcheck.{}.{}", r.code, r.name)
        });
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
            xml_escape(&name),
            suite.len(),
            suite.iter().filter(|c| c.failed()).count(),
            suite.iter().filter(|c| c.skipped()).count(),
        );
        for case in suite {
            let subject = case
                .outcome
                .subject
                .and_then(|i| report.subjects.get(i))
                .map_or("(no subject)".to_owned(), |s| {
                    format!("{} {}", s.kind, s.name)
                });
            let _ = write!(
                out,
                "    <testcase name=\"{}\" classname=\"{}\"",
                xml_escape(&subject),
                xml_escape(&classname)
            );
            let mut body = String::new();
            if case.failed() {
                let first = case.findings.first().map_or("", |f| f.message.as_str());
                let severity = case
                    .findings
                    .iter()
                    .map(|f| f.severity)
                    .max()
                    .map_or("", |s| s.as_str());
                let mut text = String::new();
                for f in &case.findings {
                    let _ = writeln!(text, "{}", finding_line(f));
                }
                let _ = writeln!(
                    body,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    xml_escape(first),
                    severity,
                    xml_escape(&text)
                );
            } else if case.skipped() {
                let reason = case
                    .outcome
                    .reason
                    .as_deref()
                    .unwrap_or(case.outcome.status.as_str());
                let _ = writeln!(
                    body,
                    "      <skipped message=\"{}: {}\"/>",
                    case.outcome.status.as_str(),
                    xml_escape(reason)
                );
            }
            let mut notes = String::new();
            for (f, reason) in &case.waived {
                let _ = writeln!(notes, "waived ({reason}): {}", finding_line(f));
            }
            if case.outcome.status == OutcomeStatus::Fail
                && case.findings.is_empty()
                && case.waived.is_empty()
            {
                let _ = writeln!(
                    notes,
                    "findings are below the report threshold ({})",
                    report.report_on
                );
            }
            if !notes.is_empty() {
                let _ = writeln!(
                    body,
                    "      <system-out>{}</system-out>",
                    xml_escape(&notes)
                );
            }
            if body.is_empty() {
                out.push_str("/>\n");
            } else {
                out.push_str(">\n");
                out.push_str(&body);
                out.push_str("    </testcase>\n");
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn finding_line(f: &Finding) -> String {
    let place = match (&f.location.pointer, f.location.line) {
        (Some(p), _) => format!("{}#{p}", f.location.source),
        (None, Some(line)) => format!("{}:{line}", f.location.source),
        (None, None) => f.location.source.clone(),
    };
    let mut line = format!("[{}] {} at {place}", f.severity, f.message);
    if let Some(e) = &f.evidence {
        let _ = write!(line, " (evidence: {e})");
    }
    line
}

#[cfg(test)]
mod tests {
    use super::xml_escape;

    #[test]
    fn escapes_markup_and_drops_invalid_characters() {
        assert_eq!(
            xml_escape("a<b>&\"c\"'d'"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;"
        );
        assert_eq!(xml_escape("x\u{0}y\u{1b}z\tw"), "x\u{FFFD}y\u{FFFD}z\tw");
    }
}
