//! The dossier as one HTML page for A4 (print CSS, no scripts, no external resources). Every
//! text from the database goes through `escape`, so a title `<script>…` prints as text.

use std::fmt::Write;

use super::dossier::{Dossier, DossierBooking, DossierTask};

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "@page{size:A4;margin:20mm 18mm 22mm}\
body{font-family:'DejaVu Sans',sans-serif;font-size:10pt;color:#1d2733;line-height:1.45;margin:0}\
header{border-bottom:2px solid #1d4e89;margin-bottom:14px;padding-bottom:8px}\
.alliance{color:#1d4e89;font-weight:700;font-size:9pt;text-transform:uppercase;letter-spacing:.04em}\
h1{font-size:16pt;margin:4px 0 2px}h2{font-size:12pt;color:#1d4e89;margin:18px 0 6px}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:6px 0}dt{font-weight:700}dd{margin:0}\
table{width:100%;border-collapse:collapse;margin:4px 0}thead{display:table-header-group}\
th,td{text-align:left;vertical-align:top;padding:4px 6px;border-bottom:1px solid #cdd5df}\
th{background:#eef2f7;font-size:9pt}tr{break-inside:avoid}.text{white-space:pre-wrap;overflow-wrap:anywhere;hyphens:auto}\
.muted{color:#5a6b7d}footer{margin-top:18px;font-size:8pt;color:#5a6b7d}";

fn section_table(out: &mut String, heading: &str, columns: &[&str], rows: &[Vec<String>]) {
    let _ = write!(out, "<h2>{}</h2>", escape(heading));
    if rows.is_empty() {
        out.push_str("<p class=\"muted\">Keine.</p>");
        return;
    }
    out.push_str("<table><thead><tr>");
    for column in columns {
        let _ = write!(out, "<th>{}</th>", escape(column));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td class=\"text\">{}</td>", escape(cell));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

fn task_rows(tasks: &[DossierTask]) -> Vec<Vec<String>> {
    tasks
        .iter()
        .map(|t| vec![t.date.clone(), t.title.clone(), t.assignee.clone()])
        .collect()
}

fn booking_rows(bookings: &[DossierBooking]) -> Vec<Vec<String>> {
    bookings
        .iter()
        .map(|b| vec![b.when.clone(), b.series.clone(), b.note.clone()])
        .collect()
}

/// The whole page.
pub fn to_html(d: &Dossier) -> String {
    let mut out = String::with_capacity(16_384 + d.journal.len() * 400);
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>{} – {}</title><style>{STYLE}</style></head><body>",
        escape(&d.reference),
        escape(&d.title)
    );
    let _ = write!(
        out,
        "<header><div class=\"alliance\">{}</div><h1>{}</h1><div>{} · {}{}</div></header>",
        escape(&d.alliance),
        escape(&d.title),
        escape(&d.reference),
        escape(&d.municipality),
        if d.neighbourhood.is_empty() {
            String::new()
        } else {
            format!(" · Quartier {}", escape(&d.neighbourhood))
        }
    );
    out.push_str("<dl>");
    let mut fact = |label: &str, value: &str| {
        if !value.is_empty() {
            let _ = write!(
                out,
                "<dt>{}</dt><dd class=\"text\">{}</dd>",
                escape(label),
                escape(value)
            );
        }
    };
    fact("Status", &d.status);
    fact("Beratung", &d.advisor);
    fact("Eröffnet", &d.opened_on);
    fact("Abgeschlossen", &d.closed_on);
    fact("Handlungsfelder", &d.topics.join(", "));
    fact(
        "Nächster Schritt",
        &if d.next_step_due.is_empty() {
            d.next_step.clone()
        } else {
            format!("{} (fällig {})", d.next_step, d.next_step_due)
        },
    );
    fact("Fassung", &d.profile);
    fact("Zeitraum", &d.period);
    out.push_str("</dl>");
    if !d.summary.is_empty() {
        let _ = write!(
            out,
            "<h2>Zusammenfassung</h2><p class=\"text\">{}</p>",
            escape(&d.summary)
        );
    }
    let people: Vec<Vec<String>> = d
        .people
        .iter()
        .map(|p| {
            vec![
                p.name.clone(),
                p.role.clone(),
                p.organisation.clone(),
                p.reach.clone(),
                p.period.clone(),
            ]
        })
        .collect();
    section_table(
        &mut out,
        "Beteiligte",
        &["Name", "Rolle", "Organisation", "Kontakt", "Zeitraum"],
        &people,
    );
    let journal: Vec<Vec<String>> = d
        .journal
        .iter()
        .map(|e| vec![e.date.clone(), e.kind.clone(), e.author.clone(), e.text.clone()])
        .collect();
    section_table(&mut out, "Verlauf", &["Datum", "Art", "Von", "Eintrag"], &journal);
    section_table(
        &mut out,
        "Offene Aufgaben",
        &["Fällig", "Aufgabe", "Zuständig"],
        &task_rows(&d.open_tasks),
    );
    section_table(
        &mut out,
        "Erledigte Aufgaben",
        &["Erledigt", "Aufgabe", "Zuständig"],
        &task_rows(&d.done_tasks),
    );
    section_table(
        &mut out,
        "Kommende Sprechstunden",
        &["Termin", "Sprechstunde", "Thema"],
        &booking_rows(&d.upcoming_bookings),
    );
    section_table(
        &mut out,
        "Vergangene Sprechstunden",
        &["Termin", "Sprechstunde", "Thema"],
        &booking_rows(&d.past_bookings),
    );
    let _ = write!(
        out,
        "<footer>{} · {} · gedruckt am {}</footer></body></html>",
        escape(&d.alliance),
        escape(&d.reference),
        escape(&d.printed_on)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_text() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
