//! How a [`Report`] is printed: Markdown for people (the default), JSON for tools.

use std::fmt::Write as _;

use super::Report;
use super::rules::Class;

/// The report as Markdown: a summary line, then one table per document.
pub fn markdown(report: &Report) -> String {
    let mut out = format!("# Changes since {}\n\n", report.base);
    let _ = writeln!(
        out,
        "{} breaking, {} warnings, {} compatible.\n",
        report.count(Class::Breaking),
        report.count(Class::Warning),
        report.count(Class::Compatible)
    );
    for name in &report.new_documents {
        let _ = writeln!(
            out,
            "- `{name}` is new since {}: its operations count as added.",
            report.base
        );
    }
    for name in &report.removed_documents {
        let _ = writeln!(
            out,
            "- `{name}` is no longer generated: its operations count as removed."
        );
    }
    if !report.new_documents.is_empty() || !report.removed_documents.is_empty() {
        out.push('\n');
    }
    let mut documents: Vec<&str> = report.changes.iter().map(|c| c.document.as_str()).collect();
    documents.dedup();
    if documents.is_empty() {
        out.push_str("No changes.\n");
    }
    for document in documents {
        let _ = writeln!(out, "## `{document}`\n");
        out.push_str("| Class | Rule | Operation | Direction | Location | Change |\n");
        out.push_str("|---|---|---|---|---|---|\n");
        let mut rows: Vec<_> = report
            .changes
            .iter()
            .filter(|c| c.document == document)
            .collect();
        // Breaking first, then by operation and location, so the worst is read first.
        rows.sort_by(|a, b| {
            (a.class, &a.operation, &a.location).cmp(&(b.class, &b.operation, &b.location))
        });
        for c in rows {
            let _ = writeln!(
                out,
                "| {} | `{}` | `{}` | {} | `{}` | {} |",
                c.class,
                c.rule,
                c.operation,
                c.direction,
                c.location,
                c.detail.replace('|', "\\|")
            );
        }
        out.push('\n');
    }
    out
}

/// The report as pretty JSON, with the counts beside the changes.
pub fn json(report: &Report) -> String {
    let value = serde_json::json!({
        "base": report.base,
        "breaking": report.count(Class::Breaking),
        "warnings": report.count(Class::Warning),
        "compatible": report.count(Class::Compatible),
        "new_documents": report.new_documents,
        "removed_documents": report.removed_documents,
        "changes": report.changes,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
