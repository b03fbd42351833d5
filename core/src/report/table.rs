use std::fmt::Write as _;

use super::Report;
use crate::Severity;
use crate::diagnostic::DiagnosticOrigin;

/// Renders a report as a plain-text table: one row per finding, a summary line, what was left
/// out (waived or below the report threshold) and the diagnostics.
#[must_use]
pub fn render_table(report: &Report) -> String {
    let headers = ["SEVERITY", "RULE", "SUBJECT", "MESSAGE"];
    let rows: Vec<[String; 4]> = report
        .findings
        .iter()
        .map(|f| {
            [
                f.severity.as_str().to_uppercase(),
                format!("{} {}", f.code, f.name),
                f.subject.name.clone(),
                f.message.clone(),
            ]
        })
        .collect();
    let mut widths = headers.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row.iter()).take(3) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    if rows.is_empty() {
        out.push_str("No findings.\n");
    } else {
        push_row(&mut out, &headers.map(str::to_owned), &widths);
        for row in &rows {
            push_row(&mut out, row, &widths);
        }
    }
    let counts: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .map(|s| {
            format!(
                "{} {s}",
                report.summary.by_severity.get(s).copied().unwrap_or(0)
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "\n{} finding(s) in {} subject(s) from {} rule(s): {}. Gate (fail on {}): {}.",
        report.summary.findings,
        report.summary.subjects,
        report.summary.rules,
        counts.join(", "),
        report.fail_on,
        if report.passed { "passed" } else { "FAILED" },
    );
    let mut hidden = Vec::new();
    if report.summary.suppressed > 0 {
        hidden.push(format!(
            "{} finding(s) waived by the policy",
            report.summary.suppressed
        ));
    }
    if report.summary.below_report_threshold > 0 {
        hidden.push(format!(
            "{} below the report threshold ({})",
            report.summary.below_report_threshold, report.report_on
        ));
    }
    if !hidden.is_empty() {
        let _ = writeln!(out, "Not shown: {}.", hidden.join(", "));
    }
    for diagnostic in &report.diagnostics {
        let origin = match diagnostic.origin {
            DiagnosticOrigin::Policy => "policy",
            DiagnosticOrigin::Input => "input",
        };
        let _ = writeln!(
            out,
            "Note ({origin}, {}): {}",
            diagnostic.code.as_str(),
            diagnostic.message
        );
    }
    out
}

fn push_row(out: &mut String, row: &[String; 4], widths: &[usize; 4]) {
    for (i, cell) in row.iter().enumerate() {
        if i == 3 {
            out.push_str(cell);
        } else {
            let pad = widths[i].saturating_sub(cell.chars().count());
            out.push_str(cell);
            out.push_str(&" ".repeat(pad + 2));
        }
    }
    out.push('\n');
}
