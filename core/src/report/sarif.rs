//! SARIF 2.1.0, as GitHub code scanning reads it.
//!
//! - `tool.driver.rules[]` is the whole catalog (so rule indices are stable across runs), with
//!   the rule reference as help text, the default severity as `defaultConfiguration.level`,
//!   and a numeric `security-severity` string GitHub uses to rank alerts.
//! - Every result has a physical location whose `artifactLocation.uri` is the caller's name
//!   for the document (GitHub rejects results without a non-empty URI and places alerts by
//!   `region.startLine`). Text documents (Dockerfile, compose) give the finding's line and
//!   column. Findings on JSON documents (inspect output) give the line and column of the value
//!   their pointer names when the caller located them ([`Report::locate`], as the `hullcheck`
//!   command does), else line 1; either way the exact value is named by a logical location
//!   whose `fullyQualifiedName` is `<source>#<JSON pointer>`, repeated as
//!   `properties.pointer`.
//! - `partialFingerprints["hullcheck/v1"]` is the finding's fingerprint, so alerts keep their
//!   identity across runs.
//! - Waived findings are results with an accepted external suppression carrying the reason.
//! - Policy and input diagnostics are `toolExecutionNotifications`.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{Finding, Report};
use crate::Severity;
use crate::rules::{Rule, catalog};

/// The fingerprint key in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "hullcheck/v1";

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF level of a severity.
#[must_use]
pub const fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// The numeric `security-severity` GitHub ranks alerts by (critical > 9.0, high 7.0–8.9,
/// medium 4.0–6.9, low 0.1–3.9).
#[must_use]
pub const fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.5",
    }
}

/// Renders a report as a SARIF 2.1.0 log (indented JSON).
#[must_use]
pub fn render_sarif(report: &Report) -> String {
    let rules: Vec<Value> = catalog().iter().map(|r| rule_descriptor(r)).collect();
    let mut results: Vec<Value> = report.findings.iter().map(|f| result(f, None)).collect();
    results.extend(
        report
            .suppressed
            .iter()
            .map(|s| result(&s.finding, Some(&s.waiver.reason))),
    );
    let notifications: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            json!({
                "level": "warning",
                "message": {"text": d.message},
                "descriptor": {"id": d.code.as_str()},
            })
        })
        .collect();
    let mut invocation = json!({
        "executionSuccessful": true,
        "toolExecutionNotifications": notifications,
        "properties": {
            "passed": report.passed,
            "failOn": report.fail_on.as_str(),
            "reportOn": report.report_on.as_str(),
        },
    });
    if let (Some(at), Some(obj)) = (report.evaluated_at, invocation.as_object_mut()) {
        obj.insert("endTimeUtc".to_owned(), Value::from(at.to_rfc3339()));
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "hullcheck",
                "semanticVersion": report.version,
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

fn rule_index(code: &str) -> Option<usize> {
    catalog().iter().position(|r| r.code == code)
}

fn rule_descriptor(rule: &Rule) -> Value {
    let remediation = &rule.docs.remediation;
    let mut help_text = format!(
        "{}\n\n{}\n\nRemediation:\n- docker run: {}\n- compose: {}",
        rule.docs.what, rule.docs.why, remediation.docker_run, remediation.compose
    );
    let mut help_md = format!(
        "{}\n\n{}\n\n**Remediation**\n\n- `docker run`: {}\n- compose: {}",
        rule.docs.what, rule.docs.why, remediation.docker_run, remediation.compose
    );
    for (label, value) in [
        ("Dockerfile", remediation.dockerfile),
        ("daemon.json", remediation.daemon),
    ] {
        if let Some(value) = value {
            let _ = write!(help_text, "\n- {label}: {value}");
            let _ = write!(help_md, "\n- {label}: {value}");
        }
    }
    let references = rule.reference_labels();
    if !references.is_empty() {
        let _ = write!(help_text, "\n\nReferences: {}", references.join("; "));
        help_md.push_str("\n\n**References**\n");
        for r in &references {
            let _ = write!(help_md, "\n- {r}");
        }
    }
    let mut tags = vec!["security".to_owned(), rule.family().as_str().to_owned()];
    tags.extend(rule.references.cis.iter().map(|c| format!("CIS-{}", c.id)));
    tags.extend(
        rule.references
            .nist
            .iter()
            .map(|n| format!("NIST-SP-800-190-{n}")),
    );
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.docs.what},
        "help": {"text": help_text, "markdown": help_md},
        "helpUri": format!("{}/blob/main/spec/rules.md#{}", env!("CARGO_PKG_REPOSITORY"), rule.code.to_ascii_lowercase()),
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {
            "tags": tags,
            "precision": "high",
            "security-severity": security_severity(rule.severity),
            "severity": rule.severity.as_str(),
        },
    })
}

fn result(finding: &Finding, waiver_reason: Option<&str>) -> Value {
    let loc = &finding.location;
    let uri = uri_reference(&loc.source);
    let region = match loc.line {
        Some(line) => {
            let mut region = json!({"startLine": line.max(1)});
            if let (Some(col), Some(obj)) = (loc.column, region.as_object_mut()) {
                obj.insert("startColumn".to_owned(), Value::from(col.max(1)));
            }
            region
        }
        None => json!({"startLine": 1}),
    };
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": region,
        },
    });
    let mut properties = json!({
        "severity": finding.severity.as_str(),
        "security-severity": security_severity(finding.severity),
        "subject": {"kind": finding.subject.kind.as_str(), "name": finding.subject.name},
        "references": finding.references,
        "remediation": finding.remediation,
    });
    if let Some(pointer) = &loc.pointer {
        if let Some(obj) = location.as_object_mut() {
            obj.insert(
                "logicalLocations".to_owned(),
                json!([{
                    "fullyQualifiedName": format!("{}#{pointer}", loc.source),
                    "kind": "object",
                }]),
            );
            obj.insert("properties".to_owned(), json!({"pointer": pointer}));
        }
        if let Some(obj) = properties.as_object_mut() {
            obj.insert("pointer".to_owned(), Value::from(pointer.as_str()));
        }
    }
    let mut text = finding.message.clone();
    if !text.ends_with('.') {
        text.push('.');
    }
    if let Some(evidence) = &finding.evidence {
        let _ = write!(text, " Evidence: {evidence}.");
    }
    let _ = write!(text, " ({} {})", finding.subject.kind, finding.subject.name);
    let mut value = json!({
        "ruleId": finding.code,
        "level": level(finding.severity),
        "message": {"text": text},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": properties,
    });
    if let Some(obj) = value.as_object_mut() {
        if let Some(index) = rule_index(&finding.code) {
            obj.insert("ruleIndex".to_owned(), Value::from(index));
        }
        if let Some(reason) = waiver_reason {
            obj.insert(
                "suppressions".to_owned(),
                json!([{"kind": "external", "status": "accepted", "justification": reason}]),
            );
        }
    }
    value
}

/// The caller's document name as a relative URI reference: path separators kept, everything
/// outside RFC 3986 unreserved characters percent-encoded; an empty name or `-` (standard
/// input) becomes `stdin`.
fn uri_reference(source: &str) -> String {
    let source = source.replace('\\', "/");
    if source.is_empty() || source == "-" {
        return "stdin".to_owned();
    }
    let mut out = String::with_capacity(source.len());
    for byte in source.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri_reference;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri_reference("deploy/compose.yaml"), "deploy/compose.yaml");
        assert_eq!(uri_reference("my file#1.json"), "my%20file%231.json");
        assert_eq!(uri_reference("C:\\x\\inspect.json"), "C%3A/x/inspect.json");
        assert_eq!(uri_reference("-"), "stdin");
        assert_eq!(uri_reference("é"), "%C3%A9");
    }
}
