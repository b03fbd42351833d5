//! Markdown: gate summary, diagnostics, the per-control compliance tables, findings and
//! waived findings. Suitable for CI job summaries and pull request comments.

use std::fmt::Write as _;

use super::compliance::{ControlStatus, ControlView, compliance};
use super::{Finding, Report};
use crate::Severity;

/// Escapes text for a Markdown table cell: pipes, backslashes, HTML, code and emphasis
/// characters are escaped, line breaks become spaces.
#[must_use]
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn location(f: &Finding) -> String {
    match (&f.location.pointer, f.location.line) {
        (Some(p), _) => format!("{}#{p}", f.location.source),
        (None, Some(line)) => format!("{}:{line}", f.location.source),
        (None, None) => f.location.source.clone(),
    }
}

fn status_label(status: ControlStatus) -> &'static str {
    match status {
        ControlStatus::Fail => "❌ fail",
        ControlStatus::MissingInput => "❔ missing input",
        ControlStatus::Pass => "✅ pass",
        ControlStatus::NotApplicable => "➖ not applicable",
        ControlStatus::NotSelected => "⏸ not selected",
        ControlStatus::NotAutomated => "📝 not automated",
    }
}

/// Renders a report as Markdown.
#[must_use]
pub fn render_markdown(report: &Report) -> String {
    let mut out = String::from("# hullcheck report\n\n");
    let _ = writeln!(
        out,
        "**Gate: {}** (fails on {} and above). {} finding(s) in {} subject(s) from {} rule(s); {} waived; {} below the report threshold ({}).\n",
        if report.passed { "passed" } else { "FAILED" },
        report.fail_on,
        report.summary.findings,
        report.summary.subjects,
        report.summary.rules,
        report.summary.suppressed,
        report.summary.below_report_threshold,
        report.report_on,
    );
    out.push_str("| severity | findings |\n|---|---|\n");
    for s in Severity::ALL.iter().rev() {
        let _ = writeln!(
            out,
            "| {s} | {} |",
            report.summary.by_severity.get(s).copied().unwrap_or(0)
        );
    }
    if let Some(at) = report.evaluated_at {
        let _ = writeln!(out, "\nEvaluated at {at} by hullcheck {}.", report.version);
    }

    if !report.diagnostics.is_empty() {
        out.push_str("\n## Diagnostics\n\n| code | origin | message |\n|---|---|---|\n");
        for d in &report.diagnostics {
            let origin = match d.origin {
                crate::diagnostic::DiagnosticOrigin::Policy => "policy",
                crate::diagnostic::DiagnosticOrigin::Input => "input",
            };
            let _ = writeln!(
                out,
                "| {} | {origin} | {} |",
                d.code.as_str(),
                cell(&d.message)
            );
        }
    }

    out.push_str("\n## Findings\n\n");
    if report.findings.is_empty() {
        out.push_str("No findings.\n");
    } else {
        out.push_str("| severity | rule | subject | location | message |\n|---|---|---|---|---|\n");
        for f in &report.findings {
            let mut message = cell(&f.message);
            if let Some(e) = &f.evidence {
                let _ = write!(message, " (evidence: {})", cell(e));
            }
            let _ = writeln!(
                out,
                "| {} | {} {} | {} | {} | {message} |",
                f.severity,
                f.code,
                cell(&f.name),
                cell(&f.subject.name),
                cell(&location(f)),
            );
        }
    }

    if !report.suppressed.is_empty() {
        out.push_str("\n## Waived findings\n\n| rule | subject | location | reason | owner | expires |\n|---|---|---|---|---|---|\n");
        for s in &report.suppressed {
            let f = &s.finding;
            let _ = writeln!(
                out,
                "| {} {} | {} | {} | {} | {} | {} |",
                f.code,
                cell(&f.name),
                cell(&f.subject.name),
                cell(&location(f)),
                cell(&s.waiver.reason),
                cell(s.waiver.owner.as_deref().unwrap_or("")),
                cell(s.waiver.expires.as_deref().unwrap_or("")),
            );
        }
    }

    out.push_str("\n## Compliance\n");
    for framework in compliance(report).frameworks {
        let _ = writeln!(out, "\n### {}\n", cell(&framework.title));
        let counts: Vec<String> = ControlStatus::ALL
            .iter()
            .map(|s| {
                format!(
                    "{} {}",
                    framework.counts.get(s).copied().unwrap_or(0),
                    s.as_str()
                )
            })
            .collect();
        let _ = writeln!(out, "{}.\n", counts.join(", "));
        let (automated, manual): (Vec<&ControlView>, Vec<&ControlView>) = framework
            .controls
            .iter()
            .partition(|c| c.status != ControlStatus::NotAutomated);
        if !automated.is_empty() {
            out.push_str("| control | title | status | rules | findings | waived |\n|---|---|---|---|---|---|\n");
            for c in automated {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} |",
                    control_id(c),
                    cell(&c.title),
                    status_label(c.status),
                    c.rules.join(", "),
                    c.findings,
                    c.suppressed,
                );
            }
        }
        if !manual.is_empty() {
            let _ = writeln!(
                out,
                "\n<details><summary>{} control(s) not automated (review manually)</summary>\n\n| control | title |\n|---|---|",
                manual.len()
            );
            for c in manual {
                let _ = writeln!(out, "| {} | {} |", control_id(c), cell(&c.title));
            }
            out.push_str("\n</details>\n");
        }
    }
    out
}

fn control_id(c: &ControlView) -> String {
    match &c.v1_8 {
        Some(v18) => format!("{} (v1.8: {v18})", c.id),
        None => c.id.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
        assert_eq!(cell("<script>"), "\\<script\\>");
    }
}
