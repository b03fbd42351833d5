use super::Report;

/// Renders a report as compact JSON.
#[must_use]
pub fn render_json(report: &Report) -> String {
    // Serializing plain data structures into a String cannot fail.
    serde_json::to_string(report).unwrap_or_default()
}

/// Renders a report as indented JSON.
#[must_use]
pub fn render_json_pretty(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default()
}
