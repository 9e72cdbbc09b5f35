//! Accessibility inside the real window: axe-core (npm `axe-core`, the engine behind most WCAG
//! checkers) injected through WebDriver and run on what the window shows, with the WCAG 2.1 A and
//! AA rules that BITV 2.0 asks for. A serious or critical finding fails the test and names the
//! rule, the elements and axe's help text.

use std::sync::OnceLock;

use serde_json::{json, Value};
use thirtyfour::prelude::*;

use beratungsplaner_tests::workspace_root;

/// The rules: WCAG 2.0 and 2.1, levels A and AA.
const TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

fn source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = workspace_root().join("ui/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (run `npm ci` in ui/)", path.display()))
    })
}

/// Runs axe-core on the document (the open modal dialog included) and fails on every serious or
/// critical violation. `what` names the view or dialog in the failure message.
pub async fn assert_accessible(d: &WebDriver, what: &str) {
    let loaded = d
        .execute("return typeof window.axe === 'object';", vec![])
        .await
        .expect("ask for axe");
    if loaded.json() != &json!(true) {
        d.execute(source(), vec![]).await.expect("inject axe-core");
    }
    let result = d
        .execute_async(
            "const [tags, done] = arguments; \
             window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }) \
               .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical') \
                 .map(v => ({ id: v.id, impact: v.impact, help: v.help, \
                              targets: v.nodes.map(n => n.target.join(' ')) })))) \
               .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), targets: [] }]));",
            vec![json!(TAGS)],
        )
        .await
        .expect("run axe-core");
    let findings = result.json().as_array().cloned().unwrap_or_default();
    assert!(
        findings.is_empty(),
        "{what}: axe-core finds serious or critical WCAG 2.1 A/AA violations:\n{}",
        findings.iter().map(describe).collect::<Vec<_>>().join("\n")
    );
}

fn describe(finding: &Value) -> String {
    format!(
        "  {} ({}): {} — {}",
        finding["id"].as_str().unwrap_or("?"),
        finding["impact"].as_str().unwrap_or("?"),
        finding["help"].as_str().unwrap_or(""),
        finding["targets"]
            .as_array()
            .map(|t| t
                .iter()
                .filter_map(Value::as_str)
                .take(8)
                .collect::<Vec<_>>()
                .join(", "))
            .unwrap_or_default()
    )
}
