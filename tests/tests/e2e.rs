//! The real app window, driven through WebDriver: tauri-driver → WebKitWebDriver → the debug
//! binary, under Xvfb. Each test gets its own database file (and its own XDG folders) in a
//! temporary folder; the tests run one window at a time.
//!
//! Run: `cargo build && bash scripts/with-keychain.sh xvfb-run -a cargo test --workspace --test e2e`
//! (the window keeps the CalDAV password in the session's Secret Service).
//! Screenshots go to `target/screenshots/`, the driver's and the app's output to
//! `target/e2e-logs/`. A test that fails leaves `target/screenshots/failed-<test>.png`.
#![cfg(target_os = "linux")]

use std::ffi::OsString;
use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use beratungsplaner_core::domain::{CaseFilter, JournalInput, JournalKind};
use beratungsplaner_tests::{
    app_binary, free_port, poppler, screenshot_dir, secret_service, team_server, workspace_root, CalDavServer,
    TauriDriver,
};
use serde_json::{json, Value};
use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

#[path = "e2e/axe.rs"]
mod axe;

/// How long any wait for the UI may take before the test fails.
const TIMEOUT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(50);

/// One window at a time: the tests of this file take turns.
static ONE_WINDOW: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// A database file plus private XDG folders (window state, WebKit data) for one test; reused
/// across restarts of the app within the test.
struct Profile {
    dir: tempfile::TempDir,
    /// Further variables for the app, e.g. the path its open dialog answers with.
    extra_env: Vec<(&'static str, OsString)>,
    /// The recovery key, which a new database shows until it is confirmed, is left for the test
    /// to see; otherwise every start confirms it first.
    keep_recovery_key: bool,
}

impl Profile {
    fn new() -> Self {
        assert!(
            std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty()),
            "DISPLAY is not set: the e2e tests open the real window and need an X server. \
             Run them under Xvfb: `bash scripts/with-keychain.sh xvfb-run -a cargo test --workspace --test e2e`"
        );
        Profile {
            dir: tempfile::tempdir().expect("create a temporary folder"),
            extra_env: Vec::new(),
            keep_recovery_key: false,
        }
    }

    /// Sets `key` for the app's next start (replacing an earlier value).
    fn set_env(&mut self, key: &'static str, value: impl Into<OsString>) {
        self.extra_env.retain(|(k, _)| *k != key);
        self.extra_env.push((key, value.into()));
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("beratungsplaner.db")
    }

    fn env(&self) -> Vec<(&'static str, OsString)> {
        let p = self.dir.path();
        vec![
            ("BERATUNGSPLANER_DB", self.db().into_os_string()),
            ("XDG_CONFIG_HOME", p.join("config").into_os_string()),
            ("XDG_DATA_HOME", p.join("data").into_os_string()),
            ("XDG_CACHE_HOME", p.join("cache").into_os_string()),
            // A non-German system locale, as on an English desktop: the app's date fields must show
            // TT.MM.JJJJ all the same (WebKitGTK's own date input would follow the locale).
            // C.UTF-8 is the one non-German locale every Linux machine has.
            ("LANG", "C.UTF-8".into()),
            ("LC_ALL", "C.UTF-8".into()),
        ]
        .into_iter()
        .chain(self.extra_env.iter().cloned())
        .collect()
    }
}

/// Starts the app on `profile`, runs `body` against it, then always quits the session and ends
/// tauri-driver's process group (app included). A failing body leaves a screenshot behind.
async fn with_app<T, F, Fut>(profile: &Profile, name: &str, body: F) -> T
where
    T: Send + 'static,
    F: FnOnce(WebDriver) -> Fut,
    Fut: Future<Output = WebDriverResult<T>> + Send + 'static,
{
    app_binary(); // fails early with "run `cargo build` first"
    let _ = std::fs::remove_file(screenshot_dir().join(format!("failed-{name}.png")));
    let log = workspace_root().join("target/e2e-logs").join(format!("{name}.log"));
    let td = TauriDriver::start_in(&profile.env(), &log, Some(profile.dir.path()));
    let driver = new_session(&td).await;
    if !profile.keep_recovery_key {
        confirm_recovery_key(&driver).await;
    }
    // The body runs as its own task, so that a panic in it still lets us quit the session.
    let result = tokio::spawn(body(driver.clone())).await;
    if !matches!(result, Ok(Ok(_))) {
        let _ = capture(&driver, &format!("failed-{name}")).await;
    }
    let quit = driver.quit().await;
    td.stop();
    let value = match result {
        Ok(Ok(value)) => value,
        Ok(Err(e)) => panic!("{name}: WebDriver error: {e} (log: {})", log.display()),
        Err(join) => std::panic::resume_unwind(join.into_panic()),
    };
    quit.expect("quit the WebDriver session");
    value
}

async fn new_session(td: &TauriDriver) -> WebDriver {
    let driver = connect(td).await;
    wait_for(&driver, "[data-testid=nav-start]", "the app's navigation").await;
    driver
}

/// Confirms the recovery key, which a new database shows at its first starts (the dialog comes
/// with the first view, so it is either there now or not at all).
async fn confirm_recovery_key(d: &WebDriver) {
    let shown = d
        .execute(
            "return document.querySelector('[data-testid=dialog-recovery-key]') !== null;",
            vec![],
        )
        .await
        .map(|v| v.json() == &json!(true))
        .expect("look for the recovery key");
    if shown {
        keep_recovery_key(d, TIMEOUT).await;
    }
}

/// Ticks "kept" and presses "Weiter" once the key is on screen (the box and the button wait for
/// it, and the dialog's size settles with it), then waits until the dialog has closed; `timeout`
/// for each, as a first start on much data answers slowly.
async fn keep_recovery_key(d: &WebDriver, timeout: Duration) {
    wait_js_within(
        d,
        timeout,
        "the recovery key on screen",
        "return document.querySelector('[data-testid=recovery-key]') !== null;",
        vec![],
    )
    .await;
    click(d, &tid("recovery-key-kept"), "the recovery key's confirmation").await;
    click(d, &tid("recovery-key-done"), "Weiter").await;
    wait_js_within(
        d,
        timeout,
        "the recovery key dialog closed",
        "return document.querySelector('[data-testid=dialog-recovery-key]') === null;",
        vec![],
    )
    .await;
}

/// A WebDriver session on the app, whatever it shows.
async fn connect(td: &TauriDriver) -> WebDriver {
    let mut caps = Capabilities::new();
    caps.set("tauri:options", json!({ "application": app_binary() }))
        .expect("capabilities");
    // tauri-driver answers before WebKitWebDriver is ready now and then: retry for a while.
    let deadline = Instant::now() + TIMEOUT;
    let driver = loop {
        match WebDriver::new(td.url(), caps.clone()).await {
            Ok(driver) => break driver,
            Err(e) if Instant::now() >= deadline => panic!("no WebDriver session: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    };
    driver
}

/// Waits until the app shows the municipality tree, and returns how many Kommunen it lists.
async fn wait_for_tree(d: &WebDriver) -> usize {
    let n = wait_js(
        d,
        "the municipality tree",
        "const n = document.querySelectorAll('[data-testid=tree-municipality]').length; return n || null;",
        vec![],
    )
    .await;
    n.as_u64().expect("a count") as usize
}

// ---------------------------------------------------------------------------------------------
// Small helpers: they panic with a message that says what was expected
// ---------------------------------------------------------------------------------------------

fn tid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// Waits until `css` matches a displayed element and returns the first one. Errors are retried
/// until the deadline: while Svelte re-renders a list, WebKitWebDriver may answer the display
/// check of a just-detached element with a 500 ("Could not parse element display state").
async fn wait_for(d: &WebDriver, css: &str, what: &str) -> WebElement {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match d
            .query(By::Css(css))
            .wait(Duration::from_millis(500), POLL)
            .and_displayed()
            .first()
            .await
        {
            Ok(element) => {
                if css.starts_with("dialog[open]") {
                    check_once(d, css, what).await;
                }
                return element;
            }
            Err(e) if Instant::now() >= deadline => panic!("timed out waiting for {what} ({css}): {e}"),
            Err(_) => tokio::time::sleep(POLL).await,
        }
    }
}

/// Waits until `css` matches nothing.
async fn wait_gone(d: &WebDriver, css: &str, what: &str) {
    wait_js(
        d,
        what,
        "return document.querySelector(arguments[0]) === null;",
        vec![json!(css)],
    )
    .await;
}

/// Runs `script` until it returns something truthy, and returns that.
async fn wait_js(d: &WebDriver, what: &str, script: &str, args: Vec<Value>) -> Value {
    wait_js_within(d, TIMEOUT, what, script, args).await
}

/// [`wait_js`] with its own deadline, for what takes long on a busy machine (the first sync).
async fn wait_js_within(d: &WebDriver, timeout: Duration, what: &str, script: &str, args: Vec<Value>) -> Value {
    let deadline = Instant::now() + timeout;
    loop {
        let last = match d.execute(script, args.clone()).await {
            Ok(ret) => {
                let v = ret.json().clone();
                let truthy = match &v {
                    Value::Null => false,
                    Value::Bool(b) => *b,
                    Value::Number(n) => n.as_f64() != Some(0.0),
                    Value::String(s) => !s.is_empty(),
                    _ => true,
                };
                if truthy {
                    return v;
                }
                v
            }
            Err(e) => json!(e.to_string()),
        };
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; last result: {last}"
        );
        tokio::time::sleep(POLL).await;
    }
}

/// Waits until the element `css` shows exactly `text` (trimmed) and returns it.
async fn wait_text(d: &WebDriver, css: &str, text: &str) -> WebElement {
    let script = "const el = document.querySelector(arguments[0]); \
                  return !!el && el.textContent.trim() === arguments[1];";
    wait_js(
        d,
        &format!("{css} to read {text:?}"),
        script,
        vec![json!(css), json!(text)],
    )
    .await;
    d.find(By::Css(css)).await.expect("the element just seen")
}

/// Clicks the first displayed match of `css`, retrying while a re-render replaces the element.
async fn click(d: &WebDriver, css: &str, what: &str) {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let el = wait_for(d, css, what).await;
        let clicked = match el.scroll_into_view().await {
            Ok(()) => match settled(&el).await {
                Ok(()) => el.click().await,
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        };
        match clicked {
            Ok(()) => {
                if ["tab-", "nav-", "view-"]
                    .iter()
                    .any(|view| css.contains(&format!("\"{view}")))
                {
                    painted(d).await.expect("wait for two animation frames");
                    check_once(d, css, what).await;
                }
                return;
            }
            Err(e) if Instant::now() >= deadline => panic!("click {what}: {e}"),
            Err(_) => tokio::time::sleep(POLL).await,
        }
    }
}

/// Waits (at most two seconds) until `element` has stayed in place for 50 ms: a section or a key
/// that arrives late moves what lies below it, and a click aimed before that lands beside its
/// target without an error.
async fn settled(element: &WebElement) -> WebDriverResult<()> {
    let place = |r: thirtyfour::ElementRect| (r.x, r.y, r.width, r.height);
    let mut last = place(element.rect().await?);
    for _ in 0..40 {
        tokio::time::sleep(POLL).await;
        let now = place(element.rect().await?);
        if now == last {
            return Ok(());
        }
        last = now;
    }
    Ok(())
}

/// The open dialog `name` (`dialog-<name>`).
async fn dialog(d: &WebDriver, name: &str) -> WebElement {
    wait_for(
        d,
        &format!("dialog[open]{}", tid(&format!("dialog-{name}"))),
        &format!("the {name} dialog"),
    )
    .await
}

/// Runs axe-core the first time a test meets `key` (an open dialog, a view it switched to) on
/// this page: every view and dialog the suite visits is checked, each once.
async fn check_once(d: &WebDriver, key: &str, what: &str) {
    let first = d
        .execute(
            "const seen = (window.__axeSeen ??= new Set()); const first = !seen.has(arguments[0]); \
             seen.add(arguments[0]); return first;",
            vec![json!(key)],
        )
        .await
        .map(|v| v.json() == &json!(true))
        .unwrap_or(true);
    if first {
        axe::assert_accessible(d, what).await;
    }
}

/// Waits until running transitions have ended (a table dimmed while it loads fades back; axe-core
/// would measure the contrast of the fade), then two animation frames: what the last change
/// brought about is painted.
async fn painted(d: &WebDriver) -> WebDriverResult<()> {
    d.execute_async(
        "const done = arguments[arguments.length - 1]; \
         const ending = document.getAnimations() \
           .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity) \
           .map((a) => a.finished.catch(() => {})); \
         Promise.all(ending).then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));",
        vec![],
    )
    .await
    .map(drop)
}

/// Replaces the content of a text field by typing, as a user would.
async fn type_into(field: &WebElement, text: &str) -> WebDriverResult<()> {
    field.click().await?;
    field.send_keys(Key::Control + "a").await?;
    field.send_keys(Key::Backspace).await?;
    if !text.is_empty() {
        field.send_keys(text).await?;
    }
    Ok(())
}

/// The field `field-<name>` inside the open dialog.
async fn field(d: &WebDriver, name: &str) -> WebElement {
    wait_for(
        d,
        &format!("dialog[open] {}", tid(&format!("field-{name}"))),
        &format!("field {name}"),
    )
    .await
}

async fn select_text(d: &WebDriver, name: &str, text: &str) -> WebDriverResult<()> {
    let select = SelectElement::new(&field(d, name).await).await?;
    select.select_by_exact_text(text).await
}

async fn selected_text(d: &WebDriver, name: &str) -> String {
    let el = field(d, name).await;
    let v = d
        .execute(
            "return arguments[0].selectedOptions[0]?.textContent.trim() ?? null;",
            vec![el.to_json().expect("json")],
        )
        .await
        .expect("read the selected option");
    v.json().as_str().unwrap_or_default().to_owned()
}

/// Types a date into the date field `field-<name>` of the open dialog as a German advisor does.
async fn set_date(d: &WebDriver, name: &str, iso: &str) -> WebDriverResult<()> {
    type_date(&field(d, name).await, iso).await
}

/// Types `iso` (`YYYY-MM-DD`, or "" to empty the field) as `TT.MM.JJJJ` into one of the app's
/// date fields and leaves it with Tab; the field must then show the date in German. The app runs
/// under a non-German locale (see `Profile::env`), so this also checks that the field follows the
/// UI language, not the system's.
async fn type_date(el: &WebElement, iso: &str) -> WebDriverResult<()> {
    let text = if iso.is_empty() {
        String::new()
    } else {
        german_date(iso)
    };
    type_into(el, &text).await?;
    el.send_keys(Key::Tab).await?;
    assert_eq!(
        el.prop("value").await?.unwrap_or_default(),
        text,
        "the date field shows what was typed"
    );
    Ok(())
}

/// As `type_date`, for the date field `css`.
async fn type_date_at(d: &WebDriver, css: &str, iso: &str) -> WebDriverResult<()> {
    type_date(&wait_for(d, css, css).await, iso).await
}

/// Saves the open dialog `name` and waits until it closed.
async fn save_dialog(d: &WebDriver, name: &str) {
    click(
        d,
        &format!("dialog[open] {}", tid("dialog-save")),
        "the dialog's save button",
    )
    .await;
    wait_gone(
        d,
        &tid(&format!("dialog-{name}")),
        &format!("the {name} dialog to close"),
    )
    .await;
}

async fn text(d: &WebDriver, css: &str) -> String {
    wait_for(d, css, css)
        .await
        .text()
        .await
        .expect("element text")
        .trim()
        .to_owned()
}

/// Texts of every element matching `css`.
async fn texts(d: &WebDriver, css: &str) -> Vec<String> {
    let v = d
        .execute(
            "return Array.from(document.querySelectorAll(arguments[0]), (el) => el.textContent.trim());",
            vec![json!(css)],
        )
        .await
        .expect("read texts");
    serde_json::from_value(v.json().clone()).expect("a list of strings")
}

/// Sends a keyboard shortcut (Ctrl + `key`) to the page.
async fn ctrl(d: &WebDriver, key: &str) -> WebDriverResult<()> {
    d.action_chain()
        .key_down(Key::Control)
        .send_keys(key)
        .key_up(Key::Control)
        .perform()
        .await
}

/// The id of the case shown (`#/cases/<id>`).
async fn shown_case_id(d: &WebDriver) -> i64 {
    let v = wait_js(
        d,
        "a case page",
        "const m = /^#\\/cases\\/(\\d+)$/.exec(location.hash); return m ? Number(m[1]) : null;",
        vec![],
    )
    .await;
    v.as_i64().expect("case id")
}

/// Saves `target/screenshots/<name>.png` of what the window shows (see [`capture`]), and runs
/// axe-core's WCAG 2.1 A/AA rules on it: every view and dialog a test looks at is checked.
async fn screenshot(d: &WebDriver, name: &str) -> WebDriverResult<()> {
    capture(d, name).await?;
    axe::assert_accessible(d, name).await;
    Ok(())
}

/// Waits two animation frames (so the last change is painted), then saves
/// `target/screenshots/<name>.png`.
async fn capture(d: &WebDriver, name: &str) -> WebDriverResult<()> {
    painted(d).await?;
    // The window itself never scrolls (only the sidebar and the main area do): a scrolled
    // document would cut off the top bar.
    let scrolled = d.execute("return document.scrollingElement.scrollTop;", vec![]).await?;
    assert_eq!(scrolled.json(), &json!(0), "{name}: the whole document is scrolled");
    d.screenshot(&screenshot_dir().join(format!("{name}.png"))).await
}

/// Opens the case list of a Kommune (`tree-municipality`) or Quartier (`tree-neighbourhood`)
/// through the sidebar tree.
async fn open_in_tree(d: &WebDriver, kind: &str, name: &str) {
    let css = tid(kind);
    let id = wait_js(
        d,
        &format!("{name} in the tree"),
        "const b = Array.from(document.querySelectorAll(arguments[0])) \
           .find((el) => el.querySelector('.name')?.textContent.trim() === arguments[1]); \
         return b ? b.dataset.id : null;",
        vec![json!(css), json!(name)],
    )
    .await;
    let node = format!("{css}[data-id=\"{}\"]", id.as_str().expect("id"));
    click(d, &node, name).await;
    wait_js(
        d,
        &format!("the case list of {name}"),
        "return location.hash === '#/cases' \
           && document.querySelector(arguments[0])?.getAttribute('aria-current') === 'true';",
        vec![json!(node)],
    )
    .await;
    wait_list_loaded(d).await;
}

/// Names of the Kommunen in the tree, and of the Quartiere under each.
async fn tree(d: &WebDriver) -> Vec<(String, Vec<String>)> {
    let v = d
        .execute(
            "return Array.from(document.querySelectorAll('.level-1 > li'), (li) => [ \
               li.querySelector('[data-testid=tree-municipality] .name').textContent.trim(), \
               Array.from(li.querySelectorAll('[data-testid=tree-neighbourhood] .name'), \
                 (n) => n.textContent.trim()) ]);",
            vec![],
        )
        .await
        .expect("read the tree");
    serde_json::from_value(v.json().clone()).expect("tree as JSON")
}

/// Waits until the case list finished loading (no search or filter change pending).
async fn wait_list_loaded(d: &WebDriver) {
    wait_js(
        d,
        "the case list to finish loading",
        "const l = document.querySelector('[data-testid=case-list]'); \
         return !!l && l.dataset.loading === 'false';",
        vec![],
    )
    .await;
}

/// Types `query` into the search box (after emptying it) and waits for the row of case `id`
/// with a highlight in its part `within` (`case-row-title` or `case-row-snippet`); returns the
/// highlighted words of that part.
async fn search_finds(d: &WebDriver, query: &str, id: i64, within: &str) -> Vec<String> {
    let input = wait_for(d, &tid("search-input"), "the search box").await;
    type_into(&input, query).await.expect("type into the search box");
    let row = format!("{}[data-case-id=\"{id}\"] {}", tid("case-row"), tid(within));
    let marks = wait_js(
        d,
        &format!("case {id} in the results for {query:?}, highlighted"),
        "const h = document.querySelector('h1'); \
         const list = document.querySelector('[data-testid=case-list]'); \
         if (!h || !h.textContent.includes(arguments[1]) || list?.dataset.loading !== 'false') return null; \
         const title = document.querySelector(arguments[0]); \
         const marks = title ? Array.from(title.querySelectorAll('mark'), (m) => m.textContent) : []; \
         return marks.length ? marks : null;",
        vec![json!(row), json!(query)],
    )
    .await;
    serde_json::from_value(marks).expect("marks")
}

fn german_date(iso: &str) -> String {
    let (y, rest) = iso.split_once('-').expect("YYYY-MM-DD");
    let (m, day) = rest.split_once('-').expect("YYYY-MM-DD");
    format!("{day}.{m}.{y}")
}

// ---------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------

const KOMMUNE: &str = "Lindenhagen";
const QUARTIER: &str = "Nordstadt";
const CASE_TITLE: &str = "Begegnungsstätte Lindenhagener Zukunftswerkstatt";
const JOURNAL_TEXT: &str = "Erstgespräch mit dem Quartiersmanagement: Raumbedarf und Trägerschaft geklärt.";
const TASK_TITLE: &str = "Förderantrag Sozialer Zusammenhalt vorbereiten";
const STATUS_ENTRY: &str = "Status geändert: Anfrage → In Beratung";

/// A Kommune with a rejected and then a valid AGS, a Quartier in it, a case there; the search
/// finds it as you type; journal, task and status change on the case page; and all of it is
/// still there after the app was quit and started again on the same file.
#[tokio::test]
async fn kommune_quartier_case_search_work_and_restart() {
    let _one = ONE_WINDOW.lock().await;
    let profile = Profile::new();
    let due = (chrono::Local::now().date_naive() + chrono::Days::new(14))
        .format("%Y-%m-%d")
        .to_string();
    let db = profile.db();

    let id = with_app(&profile, "workflow", move |d| async move {
        // A fresh file gets the demo data; the file the app opened is ours.
        assert_eq!(wait_for_tree(&d).await, 12, "12 demo Kommunen on a new database");
        assert!(
            db.is_file(),
            "the app did not create {}: BERATUNGSPLANER_DB did not reach it",
            db.display()
        );

        // 1. Kommune: a wrong AGS is refused next to the field, in German, and nothing is saved.
        click(&d, &tid("new-municipality"), "the new-Kommune button").await;
        dialog(&d, "municipality").await;
        type_into(&field(&d, "name").await, KOMMUNE).await?;
        select_text(&d, "state", "Hessen").await?;
        wait_text(
            &d,
            "dialog[open] #input-ags-hint",
            "8 Ziffern; in Hessen beginnt er mit 06",
        )
        .await;
        let ags = field(&d, "ags").await;
        type_into(&ags, "1234").await?;
        click(&d, &format!("dialog[open] {}", tid("dialog-save")), "save").await;
        wait_text(
            &d,
            &tid("error-ags"),
            "Der Amtliche Gemeindeschlüssel hat genau 8 Ziffern.",
        )
        .await;

        type_into(&ags, "05315000").await?;
        click(&d, &format!("dialog[open] {}", tid("dialog-save")), "save").await;
        wait_text(
            &d,
            &tid("error-ags"),
            "Der Schlüssel passt nicht zum Bundesland: In Hessen beginnt er mit 06.",
        )
        .await;
        dialog(&d, "municipality").await;
        assert_eq!(
            ags.attr("aria-invalid").await?.as_deref(),
            Some("true"),
            "AGS marked invalid"
        );
        assert!(
            d.find(By::Css(tid("error-banner"))).await.is_err(),
            "a field error, not a banner"
        );
        assert!(!tree(&d).await.iter().any(|(m, _)| m == KOMMUNE), "nothing saved yet");
        screenshot(&d, "dialog-validation-error").await?;

        type_into(&ags, "06412000").await?;
        save_dialog(&d, "municipality").await;
        wait_js(
            &d,
            "Lindenhagen in the tree",
            "return Array.from(document.querySelectorAll('[data-testid=tree-municipality] .name')) \
               .some((el) => el.textContent.trim() === arguments[0]);",
            vec![json!(KOMMUNE)],
        )
        .await;
        assert_eq!(tree(&d).await.len(), 13);

        // Quartier: chosen in the tree, the Kommune is preset in the dialog.
        open_in_tree(&d, "tree-municipality", KOMMUNE).await;
        wait_for(&d, &tid("case-list-empty"), "an empty case list for the new Kommune").await;
        click(&d, &tid("new-neighbourhood"), "the new-Quartier button").await;
        dialog(&d, "neighbourhood").await;
        assert_eq!(selected_text(&d, "municipality_id").await, KOMMUNE);
        type_into(&field(&d, "name").await, QUARTIER).await?;
        save_dialog(&d, "neighbourhood").await;
        wait_js(
            &d,
            "Nordstadt in the tree",
            "return !!Array.from(document.querySelectorAll('[data-testid=tree-neighbourhood] .name')) \
               .find((el) => el.textContent.trim() === arguments[0]);",
            vec![json!(QUARTIER)],
        )
        .await;
        let t = tree(&d).await;
        let node = t.iter().find(|(m, _)| m == KOMMUNE).expect("Lindenhagen");
        assert_eq!(node.1, vec![QUARTIER.to_owned()], "Nordstadt under Lindenhagen");

        // Case: Ctrl+N from the Quartier's list presets Kommune and Quartier.
        open_in_tree(&d, "tree-neighbourhood", QUARTIER).await;
        ctrl(&d, "n").await?;
        dialog(&d, "case").await;
        assert_eq!(selected_text(&d, "municipality_id").await, KOMMUNE);
        assert_eq!(selected_text(&d, "neighbourhood_id").await, QUARTIER);
        type_into(&field(&d, "title").await, CASE_TITLE).await?;
        save_dialog(&d, "case").await;
        let id = shown_case_id(&d).await;
        wait_text(&d, &tid("case-title"), CASE_TITLE).await;
        assert_eq!(text(&d, &tid("case-municipality")).await, KOMMUNE);
        assert_eq!(text(&d, &tid("case-neighbourhood")).await, QUARTIER);
        assert_eq!(text(&d, &tid("case-status")).await, "Anfrage");
        let reference = text(&d, &tid("case-reference")).await;
        assert!(
            reference.starts_with("BF-") && reference.len() == 12,
            "reference {reference}"
        );

        // 2. Search as you type, over all cases (the tree left a filter behind): part of a
        //    word, with a highlight …
        click(&d, &tid("nav-cases"), "Beratungsfälle").await;
        click(&d, &tid("filter-reset"), "Filter zurücksetzen").await;
        wait_gone(&d, &tid("filter-reset"), "the filters to be reset").await;
        wait_list_loaded(&d).await;
        let marks = search_finds(&d, "zukunftswerk", id, "case-row-title").await;
        assert_eq!(marks, vec!["Zukunftswerkstatt".to_owned()]);
        wait_list_loaded(&d).await;
        screenshot(&d, "search-results").await?;
        // … and an umlaut typed without it (ä as a).
        let marks = search_finds(&d, "begegnungsstatt", id, "case-row-title").await;
        assert_eq!(marks, vec!["Begegnungsstätte".to_owned()]);
        click(&d, &tid("clear-search"), "the clear-search button").await;
        wait_js(
            &d,
            "an empty search box",
            "return document.getElementById('search-input').value === '';",
            vec![],
        )
        .await;

        // 3. The case page: journal entry, task, status change, task done.
        click(
            &d,
            &format!("{}[data-case-id=\"{id}\"] {}", tid("case-row"), tid("case-row-title")),
            "the case",
        )
        .await;
        wait_text(&d, &tid("case-title"), CASE_TITLE).await;

        click(&d, &tid("tab-journal"), "the journal tab").await;
        click(&d, &tid("add-journal"), "add journal entry").await;
        dialog(&d, "journal").await;
        select_text(&d, "kind", "Beratungsgespräch").await?;
        type_into(&field(&d, "text").await, JOURNAL_TEXT).await?;
        save_dialog(&d, "journal").await;
        wait_text(
            &d,
            &format!("{} {}", tid("journal-entry"), tid("journal-text")),
            JOURNAL_TEXT,
        )
        .await;

        click(&d, &tid("tab-tasks"), "the tasks tab").await;
        click(&d, &tid("add-task"), "add task").await;
        dialog(&d, "task").await;
        type_into(&field(&d, "title").await, TASK_TITLE).await?;
        // A day that does not exist is refused next to the field, and the dialog does not save.
        let due_field = field(&d, "due_on").await;
        assert_eq!(due_field.attr("placeholder").await?.as_deref(), Some("TT.MM.JJJJ"));
        type_into(&due_field, "31.02.2026").await?;
        due_field.send_keys(Key::Tab).await?;
        wait_text(&d, &tid("error-due_on"), "Bitte ein gültiges Datum eingeben.").await;
        click(
            &d,
            &format!("dialog[open] {}", tid("dialog-save")),
            "the dialog's save button",
        )
        .await;
        wait_text(&d, &tid("error-due_on"), "Bitte ein gültiges Datum eingeben.").await;
        assert!(
            d.find(By::Css(tid("dialog-task"))).await.is_ok(),
            "no save while the due date is no date"
        );
        screenshot(&d, "date-field-invalid").await?;
        set_date(&d, "due_on", &due).await?;
        wait_gone(&d, &tid("error-due_on"), "the due date's error").await;
        save_dialog(&d, "task").await;
        let task = wait_for(&d, &tid("task-item"), "the new task").await;
        let task_text = task.text().await?;
        assert!(task_text.contains(TASK_TITLE), "{task_text}");
        assert!(task_text.contains(&german_date(&due)), "due date shown: {task_text}");

        click(&d, &tid("status-action-active"), "„In Beratung nehmen“").await;
        wait_text(&d, &tid("case-status"), "In Beratung").await;
        click(&d, &tid("tab-journal"), "the journal tab").await;
        wait_js(
            &d,
            "the status change in the journal",
            "return Array.from(document.querySelectorAll('[data-testid=journal-text]')) \
               .some((el) => el.textContent.trim() === arguments[0]);",
            vec![json!(STATUS_ENTRY)],
        )
        .await;

        click(&d, &tid("tab-tasks"), "the tasks tab").await;
        click(&d, &tid("task-done"), "the task's checkbox").await;
        wait_js(
            &d,
            "the task marked done",
            "const t = document.querySelector('[data-testid=task-item]'); \
             return !!t && t.classList.contains('done') && t.querySelector('[data-testid=task-done]').checked;",
            vec![],
        )
        .await;
        assert!(text(&d, &tid("task-item")).await.contains("erledigt am"));

        click(&d, &tid("tab-journal"), "the journal tab").await;
        wait_for(&d, &tid("journal-entry"), "journal entries").await;
        screenshot(&d, "case-page").await?;
        Ok(id)
    })
    .await;

    // 4. Quit, start again on the same file: everything is still there (and no new demo data).
    with_app(&profile, "workflow-restart", move |d| async move {
        assert_eq!(wait_for_tree(&d).await, 13, "the same database, not a new one");
        let t = tree(&d).await;
        let node = t
            .iter()
            .find(|(m, _)| m == KOMMUNE)
            .expect("Lindenhagen after the restart");
        assert_eq!(node.1, vec![QUARTIER.to_owned()]);

        open_in_tree(&d, "tree-municipality", KOMMUNE).await;
        let row = format!("{}[data-case-id=\"{id}\"]", tid("case-row"));
        wait_text(&d, &format!("{row} {}", tid("case-row-title")), CASE_TITLE).await;
        click(&d, &format!("{row} {}", tid("case-row-title")), "the case").await;
        wait_text(&d, &tid("case-title"), CASE_TITLE).await;
        assert_eq!(text(&d, &tid("case-status")).await, "In Beratung");

        click(&d, &tid("tab-journal"), "the journal tab").await;
        wait_for(&d, &tid("journal-entry"), "journal entries").await;
        let journal = texts(&d, &tid("journal-text")).await;
        assert!(journal.iter().any(|t| t == JOURNAL_TEXT), "{journal:?}");
        assert!(journal.iter().any(|t| t == STATUS_ENTRY), "{journal:?}");

        click(&d, &tid("tab-tasks"), "the tasks tab").await;
        let task = wait_for(&d, &tid("task-item"), "the task").await;
        assert!(task.text().await?.contains(TASK_TITLE));
        assert!(
            task.class_name().await?.unwrap_or_default().contains("done"),
            "still done"
        );
        assert!(task.find(By::Css(tid("task-done"))).await?.is_selected().await?);
        Ok(())
    })
    .await;
}

/// German by default, English after one click (labels, `<html lang>`), still English after a
/// restart because the choice is stored in the database, and German again after the next click.
#[tokio::test]
async fn language_switch_is_stored_in_the_database() {
    let _one = ONE_WINDOW.lock().await;
    let profile = Profile::new();

    with_app(&profile, "language", |d| async move {
        wait_for_tree(&d).await;
        wait_for(&d, &tid("start-page"), "the start page").await;
        wait_for(&d, &tid("recent-case"), "recently changed cases").await;
        wait_for(&d, &tid("due-item"), "due items").await;
        assert_eq!(text(&d, &tid("nav-start")).await, "Start");
        assert_eq!(text(&d, &tid("nav-cases")).await, "Beratungsfälle");
        assert_eq!(text(&d, &tid("lang-switch")).await, "English");
        assert_eq!(html_lang(&d).await, "de");
        screenshot(&d, "start-page").await?;

        click(&d, &tid("nav-cases"), "Beratungsfälle").await;
        wait_list_loaded(&d).await;
        wait_for(&d, &tid("case-row"), "case rows").await;
        assert_eq!(text(&d, "h1").await, "Beratungsfälle");
        screenshot(&d, "case-list").await?;

        click(&d, &tid("lang-switch"), "the language switch").await;
        wait_text(&d, &tid("nav-cases"), "Advisory cases").await;
        assert_eq!(text(&d, &tid("nav-start")).await, "Start");
        assert_eq!(text(&d, &tid("lang-switch")).await, "Deutsch");
        assert_eq!(text(&d, "h1").await, "Advisory cases");
        assert_eq!(text(&d, &tid("new-case")).await, "New case");
        assert_eq!(html_lang(&d).await, "en");

        // A case page in English, with its journal.
        let first = format!("{} {}", tid("case-row"), tid("case-row-title"));
        click(&d, &first, "the first case").await;
        wait_for(&d, &tid("case-title"), "the case page").await;
        assert_eq!(text(&d, ".back").await, "Back to the list");
        let status = text(&d, &tid("case-status")).await;
        assert!(
            ["Request", "In progress", "On hold", "Closed"].contains(&status.as_str()),
            "status in English: {status}"
        );
        click(&d, &tid("tab-journal"), "the journal tab").await;
        assert!(text(&d, &tid("tab-journal")).await.starts_with("Journal"));
        wait_for(&d, &tid("journal-entry"), "journal entries").await;
        screenshot(&d, "case-page-en").await?;
        Ok(())
    })
    .await;

    with_app(&profile, "language-restart", |d| async move {
        wait_for_tree(&d).await;
        wait_text(&d, &tid("nav-cases"), "Advisory cases").await;
        assert_eq!(text(&d, &tid("lang-switch")).await, "Deutsch");
        assert_eq!(html_lang(&d).await, "en");

        click(&d, &tid("lang-switch"), "the language switch").await;
        wait_text(&d, &tid("nav-cases"), "Beratungsfälle").await;
        assert_eq!(text(&d, &tid("lang-switch")).await, "English");
        assert_eq!(html_lang(&d).await, "de");
        Ok(())
    })
    .await;

    // The switch back was saved too (read straight from the file the app wrote).
    let planner = beratungsplaner_tests::open_planner(&profile.db()).await;
    let settings = planner.settings().await.expect("read the settings");
    planner.close().await;
    assert_eq!(settings.language, beratungsplaner_core::domain::settings::Language::De);
}

async fn html_lang(d: &WebDriver) -> String {
    let v = d
        .execute("return document.documentElement.lang;", vec![])
        .await
        .expect("lang");
    v.json().as_str().unwrap_or_default().to_owned()
}

const XSS_TITLE: &str = "<img src=x onerror=alert(1)>";
const XSS_JOURNAL: &str = "<script>alert(1)</script>";

/// Markup typed into a case title and a journal entry is shown as the literal text everywhere
/// it appears (case page, journal, search results with highlights, start page) and runs nothing.
#[tokio::test]
async fn markup_in_titles_and_journal_is_plain_text() {
    let _one = ONE_WINDOW.lock().await;
    let profile = Profile::new();

    with_app(&profile, "xss", |d| async move {
        wait_for_tree(&d).await;
        // Count instead of showing a dialog; check that the trap works.
        let trap = "window.__xss = 0; \
                    window.alert = window.confirm = window.prompt = () => { window.__xss += 1; }; \
                    window.alert('probe'); const n = window.__xss; window.__xss = 0; return n;";
        assert_eq!(d.execute(trap, vec![]).await?.json(), &json!(1), "alert trap installed");

        click(&d, &tid("new-case"), "the new-case button").await;
        dialog(&d, "case").await;
        type_into(&field(&d, "title").await, XSS_TITLE).await?;
        let select = SelectElement::new(&field(&d, "municipality_id").await).await?;
        select.select_by_index(1).await?;
        save_dialog(&d, "case").await;
        let id = shown_case_id(&d).await;
        let title = wait_text(&d, &tid("case-title"), XSS_TITLE).await;
        assert!(title.inner_html().await?.contains("&lt;img"), "escaped, not parsed");

        click(&d, &tid("tab-journal"), "the journal tab").await;
        click(&d, &tid("add-journal"), "add journal entry").await;
        dialog(&d, "journal").await;
        type_into(&field(&d, "text").await, XSS_JOURNAL).await?;
        save_dialog(&d, "journal").await;
        wait_text(
            &d,
            &format!("{} {}", tid("journal-entry"), tid("journal-text")),
            XSS_JOURNAL,
        )
        .await;

        // Search results: the highlighted title and the journal excerpt, as text.
        let marks = search_finds(&d, "onerror", id, "case-row-title").await;
        assert_eq!(marks, vec!["onerror".to_owned()]);
        let row = format!("{}[data-case-id=\"{id}\"]", tid("case-row"));
        assert_eq!(text(&d, &format!("{row} {}", tid("case-row-title"))).await, XSS_TITLE);
        let marks = search_finds(&d, "script", id, "case-row-snippet").await;
        assert_eq!(marks, vec!["script".to_owned(), "script".to_owned()]);
        let snippet = text(&d, &format!("{row} {}", tid("case-row-snippet"))).await;
        assert!(snippet.contains(XSS_JOURNAL), "journal excerpt as text: {snippet:?}");

        // Start page: recently changed.
        click(&d, &tid("nav-start"), "Start").await;
        let recent = format!("{}[data-case-id=\"{id}\"] a", tid("recent-case"));
        wait_text(&d, &recent, XSS_TITLE).await;

        let check = "return { \
                       calls: window.__xss, \
                       imgs: document.querySelectorAll('img[src=\"x\"], [onerror]').length, \
                       scripts: Array.from(document.scripts).filter((s) => s.textContent.includes('alert(1)')).length \
                     };";
        let v = d.execute(check, vec![]).await?;
        assert_eq!(
            v.json(),
            &json!({ "calls": 0, "imgs": 0, "scripts": 0 }),
            "nothing injected or run"
        );
        Ok(())
    })
    .await;
}

/// Waits until some element matching `css` contains `text` and returns the first such element.
async fn wait_contains(d: &WebDriver, css: &str, text: &str) -> WebElement {
    wait_contains_within(d, TIMEOUT, css, text).await
}

/// [`wait_contains`] with its own deadline.
async fn wait_contains_within(d: &WebDriver, timeout: Duration, css: &str, text: &str) -> WebElement {
    let script = "return Array.from(document.querySelectorAll(arguments[0])) \
                  .findIndex((el) => el.textContent.includes(arguments[1]));";
    let found = wait_js_within(
        d,
        timeout,
        &format!("{css} containing {text:?}"),
        &format!("const i = (() => {{ {script} }})(); return i >= 0 ? i + 1 : 0;"),
        vec![json!(css), json!(text)],
    )
    .await;
    let index = found.as_u64().unwrap_or(1).saturating_sub(1) as usize;
    let all = d.find_all(By::Css(css)).await.expect("the elements just seen");
    all.into_iter().nth(index).expect("the element just seen")
}

#[tokio::test]
async fn people_on_a_case_are_added_and_their_roles_ended() {
    let _one = ONE_WINDOW.lock().await;
    let profile = Profile::new();

    with_app(&profile, "people", |d| async move {
        wait_for_tree(&d).await;
        click(&d, &tid("nav-cases"), "Beratungsfälle").await;
        wait_list_loaded(&d).await;
        let first = format!("{} {}", tid("case-row"), tid("case-row-title"));
        click(&d, &first, "the first case").await;
        wait_for(&d, &tid("case-title"), "the case page").await;

        click(&d, &tid("tab-tasks"), "the tasks tab").await;
        click(&d, &tid("add-task"), "Aufgabe hinzufügen").await;
        dialog(&d, "task").await;
        type_into(&field(&d, "title").await, "Raumprogramm mit dem Träger abstimmen").await?;
        set_date(&d, "due_on", "2020-01-15").await?;
        save_dialog(&d, "task").await;
        let overdue = wait_contains(&d, &tid("task-item"), "Raumprogramm mit dem Träger abstimmen").await;
        assert!(
            overdue.text().await?.contains("überfällig"),
            "an overdue task says so in words"
        );
        screenshot(&d, "case-tasks").await?;

        click(&d, &tid("tab-people"), "the people tab").await;
        let before = texts(&d, &tid("participant")).await.len();
        click(&d, &tid("add-participant"), "Beteiligte hinzufügen").await;
        dialog(&d, "participant").await;
        click(&d, &tid("participant-mode-new"), "a new contact").await;
        type_into(&field(&d, "name").await, "Henrike Sörensen").await?;
        type_into(&field(&d, "organisation").await, "Stadtteilbüro Nordstadt").await?;
        type_into(&field(&d, "email").await, "henrike(at)stadtteilbuero").await?;
        type_into(&field(&d, "role").await, "Stadtteilkoordination").await?;
        click(&d, &format!("dialog[open] {}", tid("dialog-save")), "save").await;
        let error = wait_for(&d, &format!("dialog[open] {}", tid("error-email")), "the e-mail error").await;
        assert!(
            error.text().await?.contains("gültige E-Mail-Adresse"),
            "German message next to the field"
        );
        screenshot(&d, "dialog-participant-error").await?;
        assert_eq!(texts(&d, &tid("participant")).await.len(), before, "nothing saved");

        type_into(&field(&d, "email").await, "h.sorensen@nordstadt.example").await?;
        save_dialog(&d, "participant").await;
        wait_contains(&d, &tid("participant"), "Henrike Sörensen").await;
        assert_eq!(texts(&d, &tid("participant")).await.len(), before + 1);

        // The same contact again, found by a diacritics-folded prefix, in a second role.
        click(&d, &tid("add-participant"), "Beteiligte hinzufügen").await;
        dialog(&d, "participant").await;
        type_into(&field(&d, "contact_search").await, "soren").await?;
        click(
            &d,
            &format!("dialog[open] {}", tid("contact-option")),
            "the found contact",
        )
        .await;
        wait_contains(&d, &tid("selected-contact"), "Henrike Sörensen").await;
        type_into(&field(&d, "role").await, "Moderation Stadtteilkonferenz").await?;
        screenshot(&d, "dialog-participant").await?;
        save_dialog(&d, "participant").await;
        wait_contains(&d, &tid("participant-role"), "Moderation Stadtteilkonferenz").await;

        // Ending a role keeps the person on the case, marked as ended.
        let ended_before = d
            .find_all(By::Css("[data-testid=participant][data-ended=true]"))
            .await?
            .len();
        let current = format!("{}[data-ended=false] {}", tid("participant"), tid("end-role"));
        click(&d, &current, "Rolle beenden").await;
        wait_js(
            &d,
            "one more ended role",
            "return document.querySelectorAll('[data-testid=participant][data-ended=true]').length > arguments[0];",
            vec![json!(ended_before)],
        )
        .await;
        assert_eq!(
            texts(&d, &tid("participant")).await.len(),
            before + 2,
            "an ended role stays listed"
        );
        screenshot(&d, "case-people").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_explained_and_left_alone() {
    let _one = ONE_WINDOW.lock().await;
    let profile = Profile::new();
    let content = "Protokoll der Lenkungsgruppe – keine Datenbank\n".repeat(50);
    std::fs::write(profile.db(), &content).expect("write the file");

    let td = TauriDriver::start(
        &profile.env(),
        &workspace_root().join("target/e2e-logs/not-a-database.log"),
    );
    let d = connect(&td).await;
    let shown = async {
        let panel = wait_for(&d, &tid("startup-error"), "the start-up error").await;
        let text = panel.text().await?;
        assert!(text.contains("Die Datenbank kann nicht geöffnet werden"), "{text}");
        assert!(text.contains("not a SQLite database"), "{text}");
        screenshot(&d, "startup-error").await
    }
    .await;
    let quit = d.quit().await;
    td.stop();
    shown.expect("the start-up error is shown");
    quit.expect("quit the WebDriver session");
    assert_eq!(
        std::fs::read_to_string(profile.db()).expect("read"),
        content,
        "file untouched"
    );
}

// ---------------------------------------------------------------------------------------------
// Consultation hours
// ---------------------------------------------------------------------------------------------

/// Sets an input's value as a picker would (`type=time` fields depend on the locale when
/// typed into): value plus `input` and `change` events.
async fn set_input(d: &WebDriver, css: &str, value: &str) {
    let el = wait_for(d, css, css).await;
    d.execute(
        "const el = arguments[0]; el.value = arguments[1]; \
         el.dispatchEvent(new Event('input', { bubbles: true })); \
         el.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![el.to_json().expect("json"), json!(value)],
    )
    .await
    .expect("set the value");
}

/// The first holiday of every state (Neujahr, Tag der Arbeit, …) at least `days` ahead.
fn nationwide_holiday_ahead(days: u64) -> (chrono::NaiveDate, String) {
    use beratungsplaner_core::calendar::holidays::holidays;
    use beratungsplaner_core::domain::FederalState;
    use chrono::Datelike;
    let earliest = chrono::Local::now().date_naive() + chrono::Days::new(days);
    let everywhere = |date: chrono::NaiveDate, name: &str| {
        FederalState::ALL.into_iter().all(|state| {
            holidays(state, date.year())
                .unwrap_or_default()
                .iter()
                .any(|h| h.date == date && h.name == name)
        })
    };
    (earliest.year()..=earliest.year() + 1)
        .flat_map(|year| holidays(FederalState::HE, year).unwrap_or_default())
        .filter(|h| h.date >= earliest)
        .find(|h| everywhere(h.date, &h.name))
        .map(|h| (h.date, h.name))
        .expect("a nationwide holiday within a year")
}

/// Steps the calendar week by week until it shows the week starting on `monday`.
async fn show_week(d: &WebDriver, monday: chrono::NaiveDate) {
    let target = monday.format("%Y-%m-%d").to_string();
    for _ in 0..80 {
        let from = wait_js(
            d,
            "the calendar's period",
            "const v = document.querySelector('[data-testid=calendar-view]'); \
             return v && v.dataset.loading !== 'true' ? v.dataset.from : null;",
            vec![],
        )
        .await;
        let from = from.as_str().unwrap_or_default().to_owned();
        match from.as_str().cmp(target.as_str()) {
            std::cmp::Ordering::Equal => return,
            std::cmp::Ordering::Less => click(d, &tid("calendar-next"), "next week").await,
            std::cmp::Ordering::Greater => click(d, &tid("calendar-prev"), "previous week").await,
        }
        wait_js(
            d,
            "the next period",
            "const v = document.querySelector('[data-testid=calendar-view]'); \
             return v && v.dataset.from !== arguments[0];",
            vec![json!(from)],
        )
        .await;
    }
    panic!("the calendar never showed the week of {target}");
}

/// The status of a slot as the calendar shows it, once it shows it.
async fn slot_status(d: &WebDriver, slot_id: &str, status: &str) {
    wait_js(
        d,
        &format!("slot {slot_id} to be {status}"),
        "const el = document.querySelector(`[data-testid=slot][data-slot-id=\"${arguments[0]}\"]`); \
         return !!el && el.dataset.status === arguments[1];",
        vec![json!(slot_id), json!(status)],
    )
    .await;
}

/// Books a free slot the calendar shows for a case, found by its title in the booking dialog
/// (photographed as `shot` once the case is found).
async fn book_for_case(
    d: &WebDriver,
    slot_id: &str,
    case_id: i64,
    case_title: &str,
    shot: Option<&str>,
) -> WebDriverResult<()> {
    click(
        d,
        &format!("[data-testid=slot][data-slot-id=\"{slot_id}\"]"),
        "a free slot",
    )
    .await;
    let booking = "dialog[open][data-testid=\"booking-dialog\"]";
    wait_for(d, booking, "the booking dialog").await;
    let search = wait_for(d, &tid("booking-case-search"), "the case search").await;
    type_into(&search, case_title).await?;
    let option = format!("[data-testid=booking-case-option][data-case-id=\"{case_id}\"]");
    wait_for(d, &option, "the case among the results").await;
    if let Some(name) = shot {
        screenshot(d, name).await?;
    }
    click(d, &option, "the case").await;
    click(d, &format!("{booking} {}", tid("booking-save")), "book").await;
    wait_gone(d, booking, "the booking dialog to close").await;
    slot_status(d, slot_id, "booked").await;
    Ok(())
}

fn monday_of(day: chrono::NaiveDate) -> chrono::NaiveDate {
    use chrono::Datelike;
    day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()))
}

#[tokio::test]
async fn consultation_hours_series_booking_rebooking_and_cancelling() {
    let _one = ONE_WINDOW.lock().await;
    let profile = Profile::new();
    // A fortnightly series whose second occurrence falls on a holiday of every state.
    let (holiday, holiday_name) = nationwide_holiday_ahead(21);
    let first_day = holiday - chrono::Days::new(14);
    let weekday = {
        use chrono::Datelike;
        holiday.weekday().number_from_monday()
    };
    let db = profile.db();
    let series_id = with_app(&profile, "consultation_hours", move |d| async move {
        wait_for_tree(&d).await;
        click(&d, &tid("nav-calendar"), "the calendar in the navigation").await;
        wait_for(&d, &tid("calendar-page"), "the calendar page").await;

        // The series editor with its live preview.
        click(&d, &tid("new-series"), "new series").await;
        let editor = "dialog[open][data-testid=\"series-editor\"]";
        wait_for(&d, editor, "the series editor").await;
        type_into(&wait_for(&d, &tid("series-title"), "title").await, "Sprechstunde E2E").await?;
        let municipality = SelectElement::new(&wait_for(&d, &tid("series-municipality"), "Kommune").await).await?;
        municipality.select_by_index(1).await?;
        type_into(&wait_for(&d, &tid("series-location"), "place").await, "Rathaus, Raum 1").await?;
        set_input(&d, &tid("series-recurrence"), "weekly").await;
        set_input(&d, &tid("series-interval"), "2").await;
        for day in 1..=7u32 {
            let checkbox = wait_for(&d, &tid(&format!("series-weekday-{day}")), "a weekday").await;
            if checkbox.is_selected().await? != (day == weekday) {
                checkbox.click().await?;
            }
        }
        set_input(&d, &tid("series-window-start"), "09:00").await;
        set_input(&d, &tid("series-window-end"), "11:00").await;
        set_input(&d, &tid("series-slot-minutes"), "30").await;
        set_input(&d, &tid("series-buffer"), "0").await;
        type_date_at(&d, &tid("series-starts-on"), &first_day.to_string()).await?;
        type_date_at(&d, &tid("series-until"), &(holiday + chrono::Days::new(28)).to_string()).await?;
        assert!(
            wait_for(&d, &tid("series-skip-holidays"), "holiday rule")
                .await
                .is_selected()
                .await?
        );
        let skipped = format!("[data-testid=preview-occurrence][data-state=holiday][data-date=\"{holiday}\"]");
        wait_js(
            &d,
            "the preview to name the holiday",
            "const el = document.querySelector(arguments[0]); return !!el && el.textContent.includes(arguments[1]);",
            vec![json!(skipped), json!(holiday_name)],
        )
        .await;
        let regular = "[data-testid=preview-occurrence][data-state=regular]";
        wait_for(&d, regular, "a regular occurrence in the preview").await;
        screenshot(&d, "series-editor").await?;
        click(&d, &format!("{editor} {}", tid("series-save")), "save the series").await;
        wait_gone(&d, editor, "the series editor to close").await;

        let series_id = wait_js(
            &d,
            "the new series in the list",
            "const item = [...document.querySelectorAll('[data-testid=series-item]')] \
               .find((el) => el.textContent.includes('Sprechstunde E2E')); \
             return item ? Number(item.dataset.seriesId) : null;",
            vec![],
        )
        .await
        .as_i64()
        .expect("series id");

        // Its slots in the week view; the holiday's week has the holiday and none of them.
        click(&d, &tid("view-week"), "the week view").await;
        show_week(&d, monday_of(holiday)).await;
        wait_for(
            &d,
            &format!("[data-testid=holiday][data-date=\"{holiday}\"]"),
            "the holiday in the week view",
        )
        .await;
        let on_holiday = d
            .find_all(By::Css(format!(
                "[data-testid=slot][data-series-id=\"{series_id}\"][data-slot-id*=\"-{}T\"]",
                holiday.format("%Y%m%d")
            )))
            .await?;
        assert!(on_holiday.is_empty(), "no slot on {holiday_name}");
        screenshot(&d, "calendar-week-holiday").await?;

        show_week(&d, monday_of(first_day)).await;
        let day = first_day.format("%Y%m%d");
        let first = format!("{series_id}-{day}T0900-1");
        let later = format!("{series_id}-{day}T0900-3");
        slot_status(&d, &first, "free").await;
        let ours = d
            .find_all(By::Css(format!("[data-testid=slot][data-series-id=\"{series_id}\"]")))
            .await?;
        assert_eq!(ours.len(), 4, "09:00–11:00 in 30-minute slots");

        // Book one for a case, found by searching.
        let case: Value = {
            let out = std::process::Command::new(app_binary())
                .arg("--db")
                .arg(&db)
                .args(["case", "list", "--status", "active", "--json"])
                .output()
                .expect("case list");
            serde_json::from_slice::<Value>(&out.stdout).expect("json")[0].clone()
        };
        let case_id = case["id"].as_i64().expect("case id");
        let case_title = case["title"].as_str().expect("title").to_owned();
        book_for_case(&d, &first, case_id, &case_title, Some("booking-dialog")).await?;
        screenshot(&d, "calendar-week").await?;

        // The journal entry on the case.
        d.execute(&format!("location.hash = '#/cases/{case_id}';"), vec![])
            .await?;
        click(&d, &tid("tab-journal"), "the journal tab").await;
        let entry = wait_contains(&d, &tid("journal-text"), "Sprechstunde gebucht:").await;
        assert!(entry.text().await?.contains("Sprechstunde E2E"));

        // Rebook it to the last slot of the morning: the first is free again.
        click(&d, &tid("nav-calendar"), "back to the calendar").await;
        show_week(&d, monday_of(first_day)).await;
        click(
            &d,
            &format!("[data-testid=slot][data-slot-id=\"{first}\"]"),
            "the booked slot",
        )
        .await;
        let details = "dialog[open][data-testid=\"booking-details\"]";
        wait_for(&d, details, "the booking's details").await;
        click(&d, &tid("booking-rebook"), "rebook").await;
        click(
            &d,
            &format!("[data-testid=rebook-option][data-slot-id=\"{later}\"]"),
            "another slot",
        )
        .await;
        click(
            &d,
            &format!("{details} {}", tid("rebook-save")),
            "confirm the rebooking",
        )
        .await;
        wait_gone(&d, details, "the details to close").await;
        slot_status(&d, &later, "booked").await;
        slot_status(&d, &first, "free").await;

        // Cancel it with a reason: kept as cancelled, the slot bookable again.
        click(
            &d,
            &format!("[data-testid=slot][data-slot-id=\"{later}\"]"),
            "the rebooked slot",
        )
        .await;
        wait_for(&d, details, "the booking's details").await;
        click(&d, &tid("booking-cancel"), "cancel the booking").await;
        type_into(&wait_for(&d, &tid("cancel-reason"), "the reason").await, "Krankheit").await?;
        click(
            &d,
            &format!("{details} {}", tid("cancel-save")),
            "confirm the cancellation",
        )
        .await;
        wait_gone(&d, details, "the details to close").await;
        slot_status(&d, &later, "cancelled").await;

        click(&d, &tid("view-month"), "the month view").await;
        wait_for(&d, "[data-testid=calendar][data-view=dayGridMonth]", "the month view").await;
        wait_for(&d, &tid("slot-group"), "slot groups in the month").await;
        screenshot(&d, "calendar-month").await?;

        click(&d, &tid("view-agenda"), "the agenda view").await;
        wait_for(&d, "[data-testid=calendar][data-view=listWeek]", "the agenda view").await;
        screenshot(&d, "calendar-agenda").await?;
        Ok(series_id)
    })
    .await;

    // What the window did is what the database holds.
    let out = std::process::Command::new(app_binary())
        .arg("--db")
        .arg(profile.db())
        .args([
            "slots",
            "list",
            "--json",
            "--from",
            &first_day.to_string(),
            "--to",
            &first_day.to_string(),
        ])
        .output()
        .expect("slots list");
    let slots: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
    let status_of = |position: u32| {
        let id = format!("{series_id}-{}T0900-{position}", first_day.format("%Y%m%d"));
        slots
            .iter()
            .find(|s| s["id"] == id.as_str())
            .map(|s| s["status"].clone())
    };
    assert_eq!(status_of(1), Some(json!("free")), "rebooked away");
    assert_eq!(status_of(3), Some(json!("cancelled")), "kept as cancelled");
}

// ---------------------------------------------------------------------------------------------
// Calendar import
// ---------------------------------------------------------------------------------------------

/// Switches to the month view and steps month by month until it shows the month of `day`
/// (faster than `show_week` for a date years away).
async fn show_month_of(d: &WebDriver, day: chrono::NaiveDate) {
    use chrono::Datelike;
    click(d, &tid("view-month"), "the month view").await;
    // The 15th is shown in its own month's view only.
    let mid = day.with_day(15).expect("a 15th").format("%Y-%m-%d").to_string();
    for _ in 0..120 {
        let range = wait_js(
            d,
            "the month's period",
            "const v = document.querySelector('[data-testid=calendar-view]'); \
             return v && v.dataset.loading !== 'true' \
               && document.querySelector('[data-testid=calendar][data-view=dayGridMonth]') \
               ? [v.dataset.from, v.dataset.to] : null;",
            vec![],
        )
        .await;
        let (from, to): (String, String) = serde_json::from_value(range).expect("from and to");
        if from <= mid && mid <= to {
            return;
        }
        let (button, what) = if to < mid {
            ("calendar-next", "next month")
        } else {
            ("calendar-prev", "previous month")
        };
        click(d, &tid(button), what).await;
        wait_js(
            d,
            "the next month",
            "const v = document.querySelector('[data-testid=calendar-view]'); \
             return v && v.dataset.from !== arguments[0];",
            vec![json!(from)],
        )
        .await;
    }
    panic!("the calendar never showed the month of {day}");
}

/// The open dialog's `import-item` whose text contains `title`, as its text and action.
async fn import_item(d: &WebDriver, title: &str) -> (String, String) {
    let v = wait_js(
        d,
        &format!("the import item {title:?}"),
        "const el = [...document.querySelectorAll('dialog[open] [data-testid=import-item]')] \
           .find((li) => li.textContent.includes(arguments[0])); \
         return el ? [el.textContent.replace(/\\s+/g, ' ').trim(), el.dataset.action] : null;",
        vec![json!(title)],
    )
    .await;
    serde_json::from_value(v).expect("text and action")
}

/// The days (`data-date`) on which the calendar shows an appointment whose text contains `title`.
async fn appointment_days(d: &WebDriver, title: &str) -> Vec<String> {
    let v = d
        .execute(
            "return [...document.querySelectorAll('[data-testid=appointment]')] \
               .filter((el) => el.textContent.includes(arguments[0])) \
               .map((el) => el.dataset.date);",
            vec![json!(title)],
        )
        .await
        .expect("read the appointments");
    serde_json::from_value(v.json().clone()).expect("a list of days")
}

#[tokio::test]
async fn importing_a_calendar_file_shows_a_preview_and_then_the_appointments() {
    let _one = ONE_WINDOW.lock().await;
    let mut profile = Profile::new();
    let fixtures = workspace_root().join("tests/fixtures/ics");
    profile.set_env("BERATUNGSPLANER_TEST_OPEN_PATH", fixtures.join("google.ics"));
    let dialog = "dialog[open][data-testid=\"import-dialog\"]";

    with_app(&profile, "import_ics", move |d| async move {
        wait_for_tree(&d).await;
        click(&d, &tid("nav-calendar"), "the calendar in the navigation").await;
        wait_for(&d, &tid("calendar-page"), "the calendar page").await;

        click(&d, &tid("import-ics"), "Importieren…").await;
        wait_for(&d, dialog, "the import dialog").await;
        let run = wait_for(&d, &tid("import-run"), "the import button").await;
        assert!(!run.is_enabled().await?, "nothing to import before a file is chosen");

        // The preview: what would happen to each event of the file.
        click(&d, &tid("import-choose"), "Datei wählen…").await;
        let summary = wait_for(
            &d,
            "[data-testid=import-summary][data-created=\"3\"]",
            "the preview's summary",
        )
        .await;
        assert_eq!(summary.attr("data-updated").await?.as_deref(), Some("0"));
        assert_eq!(summary.attr("data-skipped").await?.as_deref(), Some("0"));
        assert_eq!(
            summary.text().await?.trim(),
            "3 neue Termine, 0 aktualisiert, 0 unverändert übersprungen"
        );
        assert!(text(&d, &tid("import-file")).await.contains("google.ics"));
        assert_eq!(texts(&d, &tid("import-item")).await.len(), 3);
        let (series, action) = import_item(&d, "Jour fixe Quartiersmanagement").await;
        assert_eq!(action, "create");
        for part in ["Mo., 07.01.2030", "10:00 Uhr", "wiederkehrend", "Neu"] {
            assert!(series.contains(part), "{part:?} in {series:?}");
        }
        let (moved, _) = import_item(&d, "(verschoben)").await;
        assert!(
            moved.contains("Di., 22.01.2030") && moved.contains("14:00 Uhr"),
            "{moved}"
        );
        assert!(!moved.contains("wiederkehrend"), "{moved}");
        let (fest, _) = import_item(&d, "Stadtteilfest Nordstadt").await;
        assert!(fest.contains("Sa., 01.06.2030") && fest.contains("ganztägig"), "{fest}");
        assert!(texts(&d, &tid("import-error")).await.is_empty());
        assert!(run.is_enabled().await?, "a preview can be imported");
        screenshot(&d, "import-preview").await?;

        // Import it: the progress bar fills up, then the count.
        click(&d, &tid("import-run"), "Importieren").await;
        wait_text(&d, &tid("import-done"), "Fertig: 3 Termine importiert").await;
        let full = d
            .execute(
                "const p = document.querySelector('[data-testid=import-progress]'); \
                 return !!p && p.max > 1 && p.value === p.max;",
                vec![],
            )
            .await?;
        assert_eq!(full.json(), &json!(true), "the progress bar is full");
        wait_js(
            &d,
            "focus on Schließen once the import button is gone",
            "return document.activeElement?.dataset.testid === 'dialog-cancel' \
               && document.querySelector('[data-testid=import-run]') === null;",
            vec![],
        )
        .await;
        screenshot(&d, "import-done").await?;
        click(&d, &format!("{dialog} {}", tid("dialog-cancel")), "Schließen").await;
        wait_gone(&d, &tid("import-dialog"), "the import dialog to close").await;

        // The moved occurrence on Tuesday, none on its Monday; the series goes on a week later.
        // Years ahead: month by month first, then week by week.
        let monday = chrono::NaiveDate::from_ymd_opt(2030, 1, 21).expect("a date");
        show_month_of(&d, monday).await;
        click(&d, &tid("view-week"), "the week view").await;
        show_week(&d, monday).await;
        wait_js(
            &d,
            "the moved Jour fixe on Tuesday 22 January",
            "return [...document.querySelectorAll('[data-testid=appointment][data-date=\"2030-01-22\"]')] \
               .some((el) => el.textContent.includes('Jour fixe Quartiersmanagement (verschoben)'));",
            vec![],
        )
        .await;
        assert_eq!(
            appointment_days(&d, "Jour fixe Quartiersmanagement").await,
            vec!["2030-01-22".to_owned()],
            "only the moved occurrence in that week"
        );
        // Scroll the time grid (not the window) so that the afternoon shows.
        d.execute(
            "const el = document.querySelector('[data-testid=appointment][data-date=\"2030-01-22\"]'); \
             let s = el.parentElement; \
             while (s && !(s.scrollHeight > s.clientHeight && /auto|scroll/.test(getComputedStyle(s).overflowY))) \
               s = s.parentElement; \
             if (s) s.scrollTop += el.getBoundingClientRect().top - s.getBoundingClientRect().top - 120;",
            vec![],
        )
        .await?;
        screenshot(&d, "import-calendar").await?;
        show_week(&d, monday + chrono::Days::new(7)).await;
        wait_for(
            &d,
            "[data-testid=appointment][data-date=\"2030-01-28\"]",
            "the next Monday's Jour fixe",
        )
        .await;
        assert_eq!(
            appointment_days(&d, "Jour fixe Quartiersmanagement").await,
            vec!["2030-01-28".to_owned()]
        );

        // An imported event can be deleted in the window: the whole series, asked first, and
        // its moved occurrence goes with it.
        click(
            &d,
            "[data-testid=appointment][data-date=\"2030-01-28\"]",
            "the imported Jour fixe",
        )
        .await;
        let appointment_dialog = "dialog[open][data-testid=\"appointment-dialog\"]";
        wait_for(&d, appointment_dialog, "the appointment dialog").await;
        click(&d, &tid("appointment-delete"), "Löschen …").await;
        let question = wait_for(&d, &tid("confirm-notice"), "the question before deleting").await;
        assert!(
            question
                .text()
                .await?
                .contains("Terminserie mit allen ihren Terminen endgültig löschen"),
            "{}",
            question.text().await?
        );
        screenshot(&d, "appointment-delete").await?;
        click(&d, &tid("confirm-save"), "Endgültig löschen").await;
        wait_gone(&d, &tid("appointment-dialog"), "the appointment dialog to close").await;
        wait_js(
            &d,
            "the week without the deleted series",
            "const v = document.querySelector('[data-testid=calendar-view]'); \
             return v && v.dataset.loading !== 'true' \
               && ![...document.querySelectorAll('[data-testid=appointment]')] \
                    .some((el) => el.textContent.includes('Jour fixe'));",
            vec![],
        )
        .await;
        show_week(&d, monday).await;
        assert!(
            appointment_days(&d, "Jour fixe Quartiersmanagement").await.is_empty(),
            "the moved occurrence went with its series"
        );
        Ok(())
    })
    .await;

    // A malformed file: the line it stumbles on, and nothing else.
    profile.set_env("BERATUNGSPLANER_TEST_OPEN_PATH", fixtures.join("malformed-date.ics"));
    with_app(&profile, "import_ics_malformed", move |d| async move {
        wait_for_tree(&d).await;
        click(&d, &tid("nav-calendar"), "the calendar in the navigation").await;
        click(&d, &tid("import-ics"), "Importieren…").await;
        wait_for(&d, dialog, "the import dialog").await;
        click(&d, &tid("import-choose"), "Datei wählen…").await;
        let error = wait_contains(&d, &tid("import-error"), "Zeile 5").await;
        let message = error.text().await?;
        assert!(message.contains("ist keine Datum-Uhrzeit-Angabe"), "{message}");
        assert!(text(&d, &tid("import-file")).await.contains("malformed-date.ics"));
        assert!(texts(&d, &tid("import-summary")).await.is_empty());
        assert!(texts(&d, &tid("import-item")).await.is_empty());
        assert!(texts(&d, &tid("import-warning")).await.is_empty());
        let run = wait_for(&d, &tid("import-run"), "the import button").await;
        assert!(!run.is_enabled().await?, "nothing to import from a malformed file");
        screenshot(&d, "import-error").await?;
        Ok(())
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Calendars out of the app: export and subscription feed
// ---------------------------------------------------------------------------------------------

/// An iCalendar text unfolded (RFC 5545 3.1) and with the TEXT escapes of `,` `;` `\` undone,
/// so that titles can be looked for as they were typed.
fn ics_plain(text: &str) -> String {
    text.replace("\r\n ", "")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
}

/// The `value` of an input (a read-only link field has no text).
async fn input_value(d: &WebDriver, css: &str) -> String {
    let el = wait_for(d, css, css).await;
    let v = d
        .execute("return arguments[0].value;", vec![el.to_json().expect("json")])
        .await
        .expect("read the value");
    v.json().as_str().unwrap_or_default().to_owned()
}

/// Waits until the input `css` holds a value starting with `prefix` and returns it.
async fn wait_value_prefix(d: &WebDriver, css: &str, prefix: &str) -> String {
    let v = wait_js(
        d,
        &format!("{css} to start with {prefix:?}"),
        "const el = document.querySelector(arguments[0]); \
         return el && el.value.startsWith(arguments[1]) ? el.value : null;",
        vec![json!(css), json!(prefix)],
    )
    .await;
    v.as_str().expect("a value").to_owned()
}

/// GET `url` from outside the app: status, content type and body; `None` when nothing listens.
async fn fetch_feed(url: &str) -> Option<(u16, String, String)> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("http client");
    let response = client.get(url).send().await.ok()?;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.text().await.unwrap_or_default();
    Some((status, content_type, body))
}

/// Export from the calendar (one Kommune, a period refused next to its field first) and from a
/// case's Termine tab, written through "Speichern unter …" and read back; then the calendar
/// subscription in the settings: a taken port refused in German next to the switch, switched on,
/// its link fetched over HTTP, renewed (old link 404), served again after a restart of the app
/// and switched off.
#[tokio::test]
async fn calendar_export_and_subscription_feed() {
    let _one = ONE_WINDOW.lock().await;
    let mut profile = Profile::new();
    let db = profile.db();
    // "Speichern unter …" writes here: WebDriver cannot drive GTK's native save dialog.
    let saved = profile.dir.path().join("export").join("kalender.ics");
    std::fs::create_dir_all(saved.parent().expect("a folder")).expect("create the export folder");
    profile.set_env("BERATUNGSPLANER_TEST_SAVE_PATH", saved.clone());
    let port = free_port();

    let (url, case_reference) = with_app(&profile, "export_and_feed", move |d| async move {
        wait_for_tree(&d).await;
        // What the demo data holds: a Kommune with consultation-hour series, and a case there.
        let planner = beratungsplaner_tests::open_planner(&db).await;
        let series = planner.list_series().await.expect("series");
        let kommune_id = series.first().expect("demo series").input.municipality_id;
        let ours: Vec<String> = series
            .iter()
            .filter(|s| s.input.municipality_id == kommune_id)
            .map(|s| s.input.title.clone())
            .collect();
        let others: Vec<String> = series
            .iter()
            .filter(|s| s.input.municipality_id != kommune_id && !ours.contains(&s.input.title))
            .map(|s| s.input.title.clone())
            .collect();
        let kommune = planner
            .municipality_tree()
            .await
            .expect("tree")
            .into_iter()
            .find(|n| n.municipality.id == kommune_id)
            .expect("the Kommune")
            .municipality
            .name;
        planner.close().await;

        // 1. From the calendar: the dialog, a Kommune, a period the wrong way round.
        click(&d, &tid("nav-calendar"), "the calendar in the navigation").await;
        wait_for(&d, &tid("calendar-page"), "the calendar page").await;
        click(&d, &tid("export-ics"), "Exportieren").await;
        let dialog_css = "dialog[open][data-testid=\"export-dialog\"]";
        wait_for(&d, dialog_css, "the export dialog").await;
        let select = SelectElement::new(&wait_for(&d, &tid("export-municipality"), "Kommune").await).await?;
        select.select_by_exact_text(&kommune).await?;
        type_date_at(&d, &tid("export-from"), "2026-12-01").await?;
        type_date_at(&d, &tid("export-to"), "2026-11-01").await?;
        click(&d, &tid("export-save"), "Speichern unter").await;
        wait_text(&d, &tid("error-to"), "Das Ende des Zeitraums liegt vor seinem Anfang.").await;
        assert!(!saved.exists(), "nothing written for a refused period");
        type_date_at(&d, &tid("export-to"), "").await?;
        type_date_at(&d, &tid("export-from"), "").await?;

        click(&d, &tid("export-save"), "Speichern unter").await;
        let done = wait_for(&d, &tid("export-done"), "the export's success line").await;
        let line = done.text().await?;
        assert!(line.contains(&saved.display().to_string()), "{line}");
        let events: usize = done
            .attr("data-events")
            .await?
            .expect("data-events")
            .parse()
            .expect("a number");
        assert!(
            line.contains(&format!("{events} Kalendereintr")) && line.contains("gespeichert in"),
            "{line}"
        );
        wait_gone(&d, &tid("error-to"), "the period error to go").await;
        screenshot(&d, "export-dialog").await?;

        let text = std::fs::read_to_string(&saved).expect("the exported file");
        assert!(
            text.starts_with("BEGIN:VCALENDAR\r\n"),
            "{}",
            &text[..text.len().min(200)]
        );
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(text.split("\r\n").filter(|l| *l == "BEGIN:VEVENT").count(), events);
        let plain = ics_plain(&text);
        assert!(plain.contains(&format!("X-WR-CALNAME:Beratungsplaner – {kommune}\r\n")));
        for title in &ours {
            assert!(plain.contains(&format!("SUMMARY:{title}\r\n")), "{title} is missing");
        }
        for title in &others {
            assert!(
                !plain.contains(&format!("SUMMARY:{title}\r\n")),
                "{title} is another Kommune's"
            );
        }
        click(&d, &format!("{dialog_css} {}", tid("dialog-cancel")), "Schließen").await;
        wait_gone(&d, dialog_css, "the export dialog to close").await;

        // 2. From a case's Termine tab: the case is chosen already; the file is replaced.
        let case: Value = {
            let out = std::process::Command::new(app_binary())
                .arg("--db")
                .arg(&db)
                .args(["case", "list", "--municipality", &kommune_id.to_string(), "--json"])
                .output()
                .expect("case list");
            serde_json::from_slice::<Value>(&out.stdout).expect("json")[0].clone()
        };
        let case_id = case["id"].as_i64().expect("case id");
        let reference = case["reference"].as_str().expect("reference").to_owned();
        d.execute(&format!("location.hash = '#/cases/{case_id}';"), vec![])
            .await?;
        click(&d, &tid("tab-appointments"), "the Termine tab").await;
        click(&d, &tid("case-export-ics"), "Termine exportieren").await;
        wait_for(&d, dialog_css, "the export dialog").await;
        let chosen = wait_for(&d, &tid("export-case-selected"), "the case, chosen").await;
        assert_eq!(chosen.attr("data-case-id").await?, Some(case_id.to_string()));
        assert!(
            d.find_all(By::Css(tid("export-municipality"))).await?.is_empty(),
            "no Kommune to choose: it follows from the case"
        );
        click(&d, &tid("export-save"), "Speichern unter").await;
        wait_for(&d, &tid("export-done"), "the export's success line").await;
        let text = ics_plain(&std::fs::read_to_string(&saved).expect("the exported file"));
        assert!(text.contains(&format!("X-WR-CALNAME:Beratungsplaner – {reference}\r\n")));
        for title in &ours {
            assert!(
                !text.contains(&format!("SUMMARY:{title}\r\n")),
                "a case's export has no series"
            );
        }
        click(&d, &format!("{dialog_css} {}", tid("dialog-cancel")), "Schließen").await;
        wait_gone(&d, dialog_css, "the export dialog to close").await;

        // 3. The subscription: a taken port is named next to the switch, in German.
        click(&d, &tid("open-settings"), "the settings").await;
        dialog(&d, "settings").await;
        let switch = tid("feed-enabled");
        wait_js(
            &d,
            "the feed switch to be ready",
            "const el = document.querySelector(arguments[0]); return !!el && !el.disabled;",
            vec![json!(switch)],
        )
        .await;
        assert!(
            !wait_for(&d, &switch, "the switch").await.is_selected().await?,
            "off at first"
        );
        let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("bind a port");
        let taken_port = taken.local_addr().expect("addr").port();
        type_into(
            &wait_for(&d, &tid("feed-port"), "the port").await,
            &taken_port.to_string(),
        )
        .await?;
        click(&d, &switch, "Kalender-Abo bereitstellen").await;
        let error = wait_contains(&d, &tid("feed-error"), "ist schon belegt").await;
        assert!(error.text().await?.contains(&format!("Port {taken_port}")));
        assert!(
            !wait_for(&d, &switch, "the switch").await.is_selected().await?,
            "still off"
        );
        drop(taken);

        // Switched on, on a free port: the link, copy, and the feed over HTTP.
        type_into(&wait_for(&d, &tid("feed-port"), "the port").await, &port.to_string()).await?;
        click(&d, &switch, "Kalender-Abo bereitstellen").await;
        let webcal = wait_value_prefix(&d, &tid("feed-url"), &format!("webcal://127.0.0.1:{port}/calendar/")).await;
        assert!(wait_for(&d, &switch, "the switch").await.is_selected().await?);
        wait_gone(&d, &tid("feed-error"), "the port error to go").await;
        click(&d, &tid("feed-copy"), "Kopieren").await;
        let copied = wait_js(
            &d,
            "a note after copying",
            "const el = document.querySelector('[data-testid=feed-note]'); \
             return el && el.textContent.trim() ? el.textContent.trim() : null;",
            vec![],
        )
        .await;
        let copied = copied.as_str().unwrap_or_default();
        assert!(copied == "Kopiert" || copied.contains("Strg+C"), "{copied}");
        screenshot(&d, "settings-feed").await?;

        let url = webcal.replacen("webcal://", "http://", 1);
        let (status, content_type, body) = fetch_feed(&url).await.expect("the feed answers");
        assert_eq!(status, 200);
        assert!(content_type.starts_with("text/calendar"), "{content_type}");
        assert!(body.starts_with("BEGIN:VCALENDAR\r\n"));

        // A new link: the old one is gone at once.
        click(&d, &tid("feed-rotate"), "Link erneuern").await;
        let renewed = wait_js(
            &d,
            "a new link",
            "const el = document.querySelector(arguments[0]); \
             return el && el.value !== arguments[1] ? el.value : null;",
            vec![json!(tid("feed-url")), json!(webcal)],
        )
        .await;
        let new_url = renewed.as_str().expect("link").replacen("webcal://", "http://", 1);
        assert_eq!(fetch_feed(&url).await.map(|r| r.0), Some(404), "the old link");
        assert_eq!(fetch_feed(&new_url).await.map(|r| r.0), Some(200), "the new link");
        assert_eq!(
            input_value(&d, &tid("feed-url")).await,
            renewed.as_str().unwrap_or_default()
        );
        click(&d, "dialog[open] [data-testid=\"dialog-cancel\"]", "close the settings").await;
        wait_gone(&d, &tid("dialog-settings"), "the settings to close").await;
        Ok((new_url, reference))
    })
    .await;
    assert!(!case_reference.is_empty());
    assert_eq!(fetch_feed(&url).await, None, "the feed ends with the app");

    // Switched on, it comes back with the app; switched off, it stops.
    with_app(&profile, "export_and_feed_restart", move |d| async move {
        wait_for_tree(&d).await;
        let deadline = Instant::now() + TIMEOUT;
        while fetch_feed(&url).await.map(|r| r.0) != Some(200) {
            assert!(Instant::now() < deadline, "the feed did not start with the app");
            tokio::time::sleep(POLL).await;
        }
        click(&d, &tid("open-settings"), "the settings").await;
        dialog(&d, "settings").await;
        let link = wait_value_prefix(&d, &tid("feed-url"), "webcal://").await;
        assert_eq!(
            link.replacen("webcal://", "http://", 1),
            url,
            "the same link after a restart"
        );
        let switch = tid("feed-enabled");
        assert!(wait_for(&d, &switch, "the switch").await.is_selected().await?);
        click(&d, &switch, "switch the feed off").await;
        wait_gone(&d, &tid("feed-url"), "the link to go").await;
        assert_eq!(fetch_feed(&url).await, None, "nothing listens any more");
        Ok(())
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// CalDAV: the account in the settings, the sync status, a conflict resolved field by field
// ---------------------------------------------------------------------------------------------

/// `tests/caldav/server_events.py` against the test's Radicale.
fn radicale_helper(args: &[&str]) -> Value {
    let out = std::process::Command::new(workspace_root().join(".venv/bin/python"))
        .arg(workspace_root().join("tests/caldav/server_events.py"))
        .args(args)
        .output()
        .expect("python");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn caldav_account_sync_and_a_conflict_resolved_field_by_field() {
    let _one = ONE_WINDOW.lock().await;
    let profile = Profile::new();
    let server = CalDavServer::radicale(profile.dir.path());
    let url = server.url.clone();
    let profile_db = profile.db();
    with_app(&profile, "caldav", move |d| async move {
        wait_for_tree(&d).await;
        // 1. The account: a wrong password is named next to the password field.
        click(&d, &tid("open-settings"), "Einstellungen").await;
        dialog(&d, "settings").await;
        set_input(&d, &tid("caldav-url"), &url).await;
        set_input(&d, &tid("caldav-user"), "beraterin").await;
        set_input(&d, &tid("caldav-password"), "falsch").await;
        click(&d, &tid("caldav-test"), "Verbindung testen").await;
        wait_contains(&d, "#input-password-error", "Passwort sind falsch").await;
        set_input(&d, &tid("caldav-password"), "geheim").await;
        click(&d, &tid("caldav-test"), "Verbindung testen").await;
        wait_contains(&d, &tid("caldav-note"), "Verbindung in Ordnung").await;
        // Radicale starts without a calendar: make one.
        click(&d, &tid("caldav-create"), "Anlegen").await;
        wait_js(
            &d,
            "the new calendar to be chosen",
            "const s = document.querySelector('[data-testid=caldav-calendar]'); \
             return s && s.selectedOptions[0]?.textContent.trim() === 'Beratungsplaner' ? true : null;",
            vec![],
        )
        .await;
        click(&d, &tid("caldav-save"), "Konto speichern").await;
        wait_contains(&d, &tid("caldav-current"), "Beratungsplaner").await;
        // The password is in the system's keychain, where it outlives a reboot, and nowhere in
        // the database.
        let saved = secret_service::lookup(&[("service", "Beratungsplaner CalDAV"), ("application", "rust-keyring")]);
        assert_eq!(saved.as_deref(), Some("geheim"), "the password in the Secret Service");
        for file in [profile_db.clone(), profile_db.with_extension("db-wal")] {
            let bytes = std::fs::read(&file).unwrap_or_default();
            assert!(
                !bytes.windows(6).any(|w| w == b"geheim"),
                "{} holds the password",
                file.display()
            );
        }
        d.execute(
            "const s = document.querySelector('[data-testid=caldav-section]'); s.scrollIntoView({block: 'start'});",
            vec![],
        )
        .await?;
        screenshot(&d, "caldav-settings").await?;
        d.active_element().await?.send_keys(Key::Escape).await?;
        wait_gone(&d, &tid("dialog-settings"), "the settings to close").await;

        // 2. Saving starts the first sync; the status bar says when it is done.
        // Pushing the whole demo calendar (debug build, a real Radicale) may take longer than the
        // usual wait when the machine is busy.
        let first_sync = Duration::from_secs(120);
        let status = wait_contains_within(&d, first_sync, &tid("sync-state"), "Synchronisiert um").await;
        assert!(status.text().await?.starts_with("Synchronisiert um"));
        let calendar = format!("{url}beraterin/beratungsplaner/");
        let listed = radicale_helper(&["list", &calendar, "beraterin", "geheim"]);
        let resources = listed["resources"].as_array().expect("resources");
        assert!(resources.len() > 100, "the demo calendar is on the server");

        // 3. An event changed on the server: a conflict, nothing overwritten.
        let first = &resources[0];
        let href = first["href"].as_str().expect("href").to_owned();
        let uid = first["events"][0]["uid"].as_str().expect("uid").to_owned();
        let app_title = first["events"][0]["summary"].as_str().expect("summary").to_owned();
        radicale_helper(&[
            "edit",
            &calendar,
            "beraterin",
            "geheim",
            &href,
            "Verlegt (Server)",
            "Bürgerhaus, Saal 2",
        ]);
        click(&d, &tid("sync-now"), "Jetzt synchronisieren").await;
        wait_contains(&d, &tid("sync-conflicts"), "1 Konflikt").await;
        screenshot(&d, "caldav-status-conflict").await?;
        click(&d, &tid("sync-conflicts"), "1 Konflikt").await;
        dialog(&d, "conflicts").await;
        wait_contains(&d, &tid("conflict-summary"), &app_title).await;
        assert!(text(&d, &tid("conflict-row-place"))
            .await
            .contains("Bürgerhaus, Saal 2"));
        assert!(text(&d, &tid("conflict-row-title")).await.contains("Verlegt (Server)"));
        // The place from the server, the title stays the app's.
        click(&d, &tid("pick-place-server"), "the server's place").await;
        screenshot(&d, "caldav-conflict").await?;
        click(
            &d,
            &format!("dialog[open] {}", tid("dialog-save")),
            "Auswahl übernehmen",
        )
        .await;
        wait_for(&d, &tid("conflicts-none"), "no conflicts left").await;
        d.active_element().await?.send_keys(Key::Escape).await?;

        let listed = radicale_helper(&["list", &calendar, "beraterin", "geheim"]);
        let event = listed["resources"]
            .as_array()
            .expect("resources")
            .iter()
            .flat_map(|r| r["events"].as_array().cloned().unwrap_or_default())
            .find(|e| e["uid"] == uid.as_str())
            .expect("the event");
        assert_eq!(event["summary"], app_title.as_str());
        assert_eq!(event["location"], "Bürgerhaus, Saal 2");
        wait_gone(&d, &tid("sync-conflicts"), "the conflict button").await;
        Ok(())
    })
    .await;
}

/// `target/screenshots/<name>.png` of one page of a PDF, for looking at.
fn pdf_page_png(pdf: &std::path::Path, page: usize, name: &str) {
    poppler::render_page(pdf, page, 80, "-png", Some(&screenshot_dir().join(name)));
}

/// How many pages the preview shows once it is ready, and the first one's image address.
async fn preview_ready(d: &WebDriver, unlike: &str) -> (usize, String) {
    let v = wait_js(
        d,
        "the print preview's pages, drawn",
        "const p = document.querySelector('[data-testid=print-preview]'); \
         const imgs = [...document.querySelectorAll('[data-testid=print-page]')]; \
         if (!p || p.getAttribute('aria-busy') !== 'false' || imgs.length === 0) return null; \
         if (!imgs.every((i) => i.complete && i.naturalWidth > 0)) return null; \
         if (imgs[0].src === arguments[0]) return null; \
         return [imgs.length, imgs[0].src];",
        vec![json!(unlike)],
    )
    .await;
    (
        v[0].as_u64().expect("a page count") as usize,
        v[1].as_str().expect("an image address").to_owned(),
    )
}

/// The case page's "Drucken …": the preview of the dossier's pages opens, a profile is chosen
/// (the pages follow), a period the wrong way round is refused next to its field, "Als PDF
/// speichern …" writes a PDF/A that poppler reads (anonymised: no contact's name), the case
/// remembers the profile, and the case page's own "Als PDF speichern …" uses it.
#[tokio::test]
async fn a_case_is_previewed_and_saved_as_pdf_in_a_profile() {
    let _one = ONE_WINDOW.lock().await;
    let mut profile = Profile::new();
    let db = profile.db();
    let saved = profile.dir.path().join("dossiers").join("Dossier.pdf");
    std::fs::create_dir_all(saved.parent().expect("a folder")).expect("create the folder");
    profile.set_env("BERATUNGSPLANER_TEST_SAVE_PATH", saved.clone());

    with_app(&profile, "print_case", move |d| async move {
        wait_for_tree(&d).await;
        // A demo case with people, given a long journal that names them, so that it runs over
        // several pages.
        let planner = beratungsplaner_tests::open_planner(&db).await;
        let mut chosen = None;
        for hit in planner.list_cases(&CaseFilter::default()).await.expect("cases") {
            let detail = planner.case_detail(hit.case.id).await.expect("case");
            if detail.participants.len() >= 2 {
                chosen = Some(detail);
                break;
            }
        }
        let detail = chosen.expect("a demo case with two people");
        let id = detail.case.id;
        let reference = detail.case.reference.clone();
        let names: Vec<String> = detail
            .participants
            .iter()
            .filter_map(|p| p.contact.as_ref().map(|c| c.name.clone()))
            .collect();
        for i in 0..40 {
            let input = JournalInput {
                occurred_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 1 + i % 28),
                kind: JournalKind::Call,
                author: "Beraterin".into(),
                text: format!(
                    "Abstimmung {i} mit {} über die Quartiersentwicklung, den Förderantrag und die \
                     Beteiligungswerkstatt; Rückmeldung an {} bis Monatsende.",
                    names[0], names[1]
                ),
                internal: i == 7,
            };
            planner.add_journal_entry(id, input).await.expect("journal entry");
        }
        planner.close().await;

        d.execute("location.hash = arguments[0];", vec![json!(format!("#/cases/{id}"))])
            .await?;
        wait_text(&d, &tid("case-reference"), &reference).await;
        click(&d, &tid("case-print"), "Drucken").await;
        wait_for(&d, "dialog[open][data-testid=\"print-dialog\"]", "the print dialog").await;
        let intern = wait_for(&d, &tid("print-profile-internal"), "Intern").await;
        assert!(intern.is_selected().await?, "a case never printed starts with Intern");
        let (pages, first) = preview_ready(&d, "").await;
        assert!(pages >= 3, "a long journal runs over pages: {pages}");
        assert_eq!(
            text(&d, "[data-testid=print-preview] [role=status]").await,
            format!("{pages} Seiten")
        );
        let alt = d
            .find(By::Css(tid("print-page")))
            .await?
            .attr("alt")
            .await?
            .unwrap_or_default();
        assert_eq!(alt, format!("Seite 1 von {pages}"));
        screenshot(&d, "print-preview").await?;

        click(&d, &tid("print-profile-anonymised"), "Anonymisiert").await;
        preview_ready(&d, &first).await;

        type_date_at(&d, &tid("print-from"), "2026-12-01").await?;
        type_date_at(&d, &tid("print-to"), "2026-11-01").await?;
        wait_text(&d, &tid("error-to"), "Das Ende des Zeitraums liegt vor seinem Anfang.").await;
        let print = d.find(By::Css(tid("print-print"))).await?;
        assert!(!print.is_enabled().await?, "nothing to print for a refused period");
        type_date_at(&d, &tid("print-to"), "").await?;
        type_date_at(&d, &tid("print-from"), "").await?;
        wait_gone(&d, &tid("error-to"), "the period's error").await;

        click(&d, &tid("print-save-pdf"), "Als PDF speichern").await;
        let done = wait_for(&d, &tid("print-saved"), "the saved line").await;
        assert!(done.text().await?.contains(&saved.display().to_string()));
        let bytes = std::fs::read(&saved).expect("the PDF was written");
        assert!(bytes.starts_with(b"%PDF-"), "a PDF");
        let pdf = poppler::text(&saved);
        assert!(pdf.contains(&reference), "{pdf}");
        // The layout hyphenates and breaks lines anywhere: compare without spaces and hyphens.
        let squeeze = |t: &str| {
            t.chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .collect::<String>()
        };
        for name in &names {
            assert!(
                !squeeze(&pdf).contains(&squeeze(name)),
                "anonymised, yet {name} is in the PDF"
            );
        }
        screenshot(&d, "print-saved").await?;
        let printed_pages = pdf.matches('\u{c}').count().max(1);
        pdf_page_png(&saved, 1, "print-dossier-page-first");
        pdf_page_png(&saved, printed_pages.div_ceil(2).max(2), "print-dossier-page-middle");

        // The case remembers the profile.
        click(&d, &tid("dialog-cancel"), "Schließen").await;
        wait_gone(&d, "dialog[open]", "the print dialog").await;
        click(&d, &tid("case-print"), "Drucken").await;
        let anonymised = wait_for(&d, &tid("print-profile-anonymised"), "Anonymisiert").await;
        wait_js(
            &d,
            "the remembered profile",
            "const r = document.querySelector('[data-testid=print-profile-anonymised]'); \
             return r && r.checked ? true : null;",
            vec![],
        )
        .await;
        assert!(anonymised.is_selected().await?);
        preview_ready(&d, "").await;
        d.action_chain().send_keys(Key::Escape).perform().await?;
        wait_gone(&d, "dialog[open]", "the print dialog, closed with Esc").await;

        // The case page's own "Als PDF speichern …" writes the remembered profile.
        std::fs::remove_file(&saved).expect("remove the first PDF");
        click(&d, &tid("case-save-pdf"), "Als PDF speichern").await;
        let line = wait_for(&d, &tid("case-pdf-saved"), "the case page's saved line").await;
        assert!(line.text().await?.contains("Anonymisiert"), "{}", line.text().await?);
        let again = squeeze(&poppler::text(&saved));
        assert!(again.contains(&squeeze(&reference)) && !again.contains(&squeeze(&names[0])));
        screenshot(&d, "print-case-saved").await?;
        Ok(())
    })
    .await;
}

/// Runs a command of the X tools (xdotool, ImageMagick's import) and returns its output.
fn x_tool(program: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} ({e}): scripts/setup.sh installs it"));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// The share of dark pixels on a PDF's first page (rendered by poppler at 20 dpi, grey).
fn ink_on_first_page(pdf: &std::path::Path) -> f64 {
    // Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel.
    let data = poppler::render_page(pdf, 1, 20, "-gray", None);
    let mut fields = 0;
    let mut at = 0;
    while fields < 4 && at < data.len() {
        while at < data.len() && data[at].is_ascii_whitespace() {
            at += 1;
        }
        while at < data.len() && !data[at].is_ascii_whitespace() {
            at += 1;
        }
        fields += 1;
    }
    let pixels = &data[(at + 1).min(data.len())..];
    let dark = pixels.iter().filter(|&&p| p < 160).count();
    dark as f64 / pixels.len().max(1) as f64
}

/// "Drucken …" in the print preview opens the system's print dialog (GTK's, driven here with
/// xdotool, since WebDriver cannot reach it), and what it prints through "Print to File" is the
/// dossier's pages: as many as the preview shows, each on its own sheet, with ink on them.
#[tokio::test]
async fn the_print_preview_prints_its_pages_through_the_system_dialog() {
    let _one = ONE_WINDOW.lock().await;
    let profile = Profile::new();
    let printed = profile.dir.path().join("output.pdf");
    with_app(&profile, "print_system_dialog", move |d| async move {
        wait_for_tree(&d).await;
        d.execute("location.hash = '#/cases/1';", vec![]).await?;
        wait_for(&d, &tid("case-reference"), "the case page").await;
        click(&d, &tid("case-print"), "Drucken").await;
        let (pages, _) = preview_ready(&d, "").await;
        click(&d, &tid("print-print"), "Drucken in the preview").await;

        let deadline = Instant::now() + TIMEOUT;
        let dialog = loop {
            let found = x_tool("xdotool", &["search", "--name", "^(Print|Drucken)$"]);
            if let Some(id) = found.lines().next().filter(|l| !l.is_empty()) {
                break id.to_owned();
            }
            assert!(Instant::now() < deadline, "no system print dialog appeared");
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        tokio::time::sleep(Duration::from_millis(700)).await;
        let shot = screenshot_dir().join("print-system-dialog.png");
        x_tool("import", &["-window", "root", &shot.display().to_string()]);
        // The dialog's first printer row is "Print to File" (no CUPS here); then its Print button.
        x_tool("xdotool", &["mousemove", "--window", &dialog, "82", "86", "click", "1"]);
        tokio::time::sleep(Duration::from_millis(700)).await;
        x_tool(
            "xdotool",
            &["mousemove", "--window", &dialog, "579", "486", "click", "1"],
        );

        let deadline = Instant::now() + Duration::from_secs(40);
        let printed_pages = loop {
            if let Some(pages) = poppler::page_count(&printed) {
                break pages;
            }
            assert!(Instant::now() < deadline, "nothing printed to {}", printed.display());
            tokio::time::sleep(Duration::from_millis(300)).await;
        };
        assert_eq!(
            printed_pages, pages,
            "one sheet per page of the preview, no blank extra"
        );
        let ink = ink_on_first_page(&printed);
        assert!(ink > 0.01, "the first printed page carries the dossier ({ink:.4} dark)");
        pdf_page_png(&printed, 1, "print-system-printed-page-1");

        // The window answers again, the preview still open.
        wait_for(&d, "dialog[open][data-testid=\"print-dialog\"]", "the print preview").await;
        Ok(())
    })
    .await;
}

/// Anonymised, the print dialog says what the anonymisation cannot know and lists the words
/// that still look like names; the preview shows them highlighted, the pages that print do not.
/// A contact of another case, written in capitals with a genitive, is gone from the pages.
#[tokio::test]
async fn the_anonymised_preview_marks_words_that_still_look_like_names() {
    let _one = ONE_WINDOW.lock().await;
    let profile = Profile::new();
    let db = profile.db();
    with_app(&profile, "print_name_check", move |d| async move {
        wait_for_tree(&d).await;
        let planner = beratungsplaner_tests::open_planner(&db).await;
        let hit = planner
            .list_cases(&CaseFilter::default())
            .await
            .expect("cases")
            .into_iter()
            .next()
            .expect("a demo case");
        let detail = planner.case_detail(hit.case.id).await.expect("case");
        let on_case: Vec<i64> = detail
            .participants
            .iter()
            .filter_map(|p| p.contact.as_ref().map(|c| c.id))
            .collect();
        let stranger = planner
            .search_contacts("")
            .await
            .expect("contacts")
            .into_iter()
            .find(|c| c.kind == beratungsplaner_core::domain::ContactKind::Person && !on_case.contains(&c.id))
            .expect("a contact of another case");
        let surname = stranger.name.rsplit(' ').next().expect("a surname").to_uppercase();
        let input = JournalInput {
            // The oldest entry, so that it stands on the first page.
            occurred_on: detail
                .journal
                .iter()
                .map(|e| e.occurred_on)
                .min()
                .and_then(|day| day.pred_opt()),
            kind: JournalKind::Call,
            author: "Beraterin".into(),
            text: format!("Telefonat mit Frau Kowalski und Lisa Brandl; {surname}S Vorschlag zur Beteiligung."),
            internal: false,
        };
        planner
            .add_journal_entry(detail.case.id, input)
            .await
            .expect("journal entry");
        planner.close().await;

        d.execute(
            "location.hash = arguments[0];",
            vec![json!(format!("#/cases/{}", detail.case.id))],
        )
        .await?;
        wait_text(&d, &tid("case-reference"), &detail.case.reference).await;
        click(&d, &tid("case-print"), "Drucken").await;
        let (_, first) = preview_ready(&d, "").await;
        assert!(
            d.find_all(By::Css(tid("print-name-check"))).await?.is_empty(),
            "Intern checks nothing"
        );
        click(&d, &tid("print-profile-anonymised"), "Anonymisiert").await;
        preview_ready(&d, &first).await;
        let notice = wait_for(&d, &tid("print-name-check"), "the name check").await;
        assert!(
            notice
                .text()
                .await?
                .contains("Namen, die in keinem Datensatz stehen, kann die Anonymisierung nicht erkennen."),
            "{}",
            notice.text().await?
        );
        let count = wait_for(&d, &tid("print-name-check-count"), "the places to check").await;
        assert!(
            count.text().await?.ends_with("Stellen prüfen:"),
            "{}",
            count.text().await?
        );
        let words = texts(&d, &tid("print-name-check-word")).await;
        for word in ["Kowalski", "Lisa", "Brandl"] {
            assert!(words.iter().any(|w| w == word), "{word} in {words:?}");
        }
        assert!(!words.iter().any(|w| w.eq_ignore_ascii_case(&surname)), "{words:?}");
        // Highlighted on the screen, never on the sheets that print.
        let marked = d
            .execute(
                "const has = (i) => decodeURIComponent(i.src).includes('#ffd43b'); \
                 return [document.querySelector('[data-testid=print-sheets]').dataset.marked, \
                         [...document.querySelectorAll('[data-testid=print-page]')].some(has), \
                         [...document.querySelectorAll('.print-sheets img')].some(has), \
                         document.querySelectorAll('.print-sheets img').length];",
                vec![],
            )
            .await?;
        assert_eq!(marked.json()[0], json!("true"), "{:?}", marked.json());
        assert_eq!(marked.json()[1], json!(true), "the preview is highlighted");
        assert_eq!(marked.json()[2], json!(false), "the printed sheets are not");
        assert!(marked.json()[3].as_u64().unwrap_or(0) > 0, "sheets to print");
        // The journal's first entry, with its marks, in view.
        d.execute(
            "document.querySelector('[data-testid=print-sheets]').scrollTop = 300;",
            vec![],
        )
        .await?;
        screenshot(&d, "print-anonymised-check").await?;

        click(&d, &tid("print-profile-internal"), "Intern").await;
        wait_gone(&d, &tid("print-name-check"), "the name check, Intern").await;
        Ok(())
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Encryption at rest: the recovery key, and the passphrase where no keychain works
// ---------------------------------------------------------------------------------------------

/// The groups of the recovery key the dialog shows, joined by dashes.
async fn shown_recovery_key(d: &WebDriver) -> String {
    let groups = wait_js(
        d,
        "the recovery key's 14 groups",
        "const g = [...document.querySelectorAll('[data-testid=recovery-key] .group')].map(e => e.textContent.trim()); \
         return g.length === 14 ? g.join('-') : null;",
        vec![],
    )
    .await;
    groups.as_str().expect("text").to_owned()
}

/// The first start encrypts the new database with a key in the keychain and shows its recovery
/// key until it is confirmed: saved as a PDF that holds it, confirmed only with the box ticked,
/// then never shown again. The key shown is the keychain's.
#[tokio::test]
async fn the_first_start_shows_the_recovery_key_until_it_is_kept() {
    let _one = ONE_WINDOW.lock().await;
    let mut profile = Profile::new();
    profile.keep_recovery_key = true;
    let pdf = profile.dir.path().join("wiederherstellung.pdf");
    profile.set_env("BERATUNGSPLANER_TEST_SAVE_PATH", pdf.clone().into_os_string());
    let shown = with_app(&profile, "recovery_key", |d| async move {
        dialog(&d, "recovery-key").await;
        let key = shown_recovery_key(&d).await;
        check_once(&d, "recovery-key", "the recovery key dialog").await;
        screenshot(&d, "recovery-key").await?;
        // "Weiter" without the box ticked says why, next to the box.
        click(&d, &tid("recovery-key-done"), "Weiter").await;
        wait_text(
            &d,
            &tid("error-kept"),
            "Bitte bestätigen Sie, dass Sie den Schlüssel aufbewahrt haben.",
        )
        .await;
        click(&d, &tid("recovery-key-pdf"), "Als PDF speichern").await;
        wait_text(&d, &tid("recovery-key-saved"), "Als PDF gespeichert.").await;
        click(&d, &tid("recovery-key-kept"), "the confirmation").await;
        click(&d, &tid("recovery-key-done"), "Weiter").await;
        wait_gone(&d, &tid("dialog-recovery-key"), "the dialog closed").await;
        wait_for_tree(&d).await;
        Ok(key)
    })
    .await;
    assert_eq!(
        shown,
        beratungsplaner_tests::database_key().recovery_key().as_str(),
        "the key shown is the keychain's"
    );
    // The groups are set with letter spacing, which pdftotext sometimes reads as a space.
    let text: String = poppler::text(&pdf).split_whitespace().collect();
    for group in shown.split('-') {
        assert!(text.contains(group), "the PDF holds group {group}: {text}");
    }
    pdf_page_png(&pdf, 1, "recovery-key-pdf");
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&pdf).expect("pdf").permissions());
    assert_eq!(mode & 0o777, 0o600, "the sheet is the owner's only");
    for file in [profile.db(), profile.db().with_extension("db-wal")] {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(
            !bytes.starts_with(b"SQLite format 3"),
            "{} is encrypted",
            file.display()
        );
    }

    // Confirmed: the next start shows the app at once.
    with_app(&profile, "recovery_key_kept", |d| async move {
        wait_for_tree(&d).await;
        assert!(
            d.find_all(By::Css(tid("dialog-recovery-key"))).await?.is_empty(),
            "the recovery key is not shown again"
        );
        Ok(())
    })
    .await;
}

/// Where no keychain can be reached, the first start asks for a passphrase (twice, long enough)
/// and every later start for the passphrase or the recovery key; a wrong one is said next to the
/// field and changes nothing.
#[tokio::test]
async fn without_a_keychain_the_window_asks_for_a_passphrase() {
    let _one = ONE_WINDOW.lock().await;
    let mut profile = Profile::new();
    profile.set_env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
    let passphrase = "Quartiersfonds Oberstedt im Herbst";
    let td_log = workspace_root().join("target/e2e-logs/passphrase.log");

    let td = TauriDriver::start_in(&profile.env(), &td_log, Some(profile.dir.path()));
    let d = connect(&td).await;
    let chosen = async {
        wait_text(&d, "#unlock-title", "Passphrase festlegen").await;
        check_once(&d, "unlock-new", "the passphrase page").await;
        type_into(&wait_for(&d, &tid("unlock-secret"), "the passphrase").await, "zu kurz").await?;
        click(&d, &tid("unlock-submit"), "Daten anlegen").await;
        wait_text(
            &d,
            &tid("error-secret"),
            "Die Passphrase braucht mindestens 12 Zeichen.",
        )
        .await;
        let secret = wait_for(&d, &tid("unlock-secret"), "the passphrase").await;
        secret.clear().await?;
        type_into(&secret, passphrase).await?;
        type_into(
            &wait_for(&d, &tid("unlock-repeated"), "the repetition").await,
            "Quartiersfonds",
        )
        .await?;
        click(&d, &tid("unlock-submit"), "Daten anlegen").await;
        wait_text(&d, &tid("error-repeated"), "Die beiden Eingaben stimmen nicht überein.").await;
        screenshot(&d, "unlock-choose-passphrase").await?;
        let repeated = wait_for(&d, &tid("unlock-repeated"), "the repetition").await;
        repeated.clear().await?;
        type_into(&repeated, passphrase).await?;
        click(&d, &tid("unlock-submit"), "Daten anlegen").await;
        // The new database's recovery key, then the app with its demo data.
        dialog(&d, "recovery-key").await;
        let key = shown_recovery_key(&d).await;
        click(&d, &tid("recovery-key-kept"), "the confirmation").await;
        click(&d, &tid("recovery-key-done"), "Weiter").await;
        wait_for_tree(&d).await;
        Ok::<_, WebDriverError>(key)
    }
    .await;
    let quit = d.quit().await;
    td.stop();
    let recovery_key = chosen.expect("a passphrase chosen");
    quit.expect("quit");
    let before = std::fs::read(profile.db()).expect("the database");
    assert!(!before.starts_with(b"SQLite format 3"), "encrypted");

    // The next start: a wrong passphrase is refused, the recovery key opens the data.
    let td = TauriDriver::start_in(&profile.env(), &td_log, Some(profile.dir.path()));
    let d = connect(&td).await;
    let unlocked = async {
        wait_text(&d, "#unlock-title", "Daten entsperren").await;
        type_into(
            &wait_for(&d, &tid("unlock-secret"), "the secret").await,
            "Quartiersfonds Oberstedt im Winter",
        )
        .await?;
        click(&d, &tid("unlock-submit"), "Entsperren").await;
        wait_text(
            &d,
            &tid("error-secret"),
            "Passphrase oder Wiederherstellungsschlüssel passen nicht zu dieser Datenbank.",
        )
        .await;
        check_once(&d, "unlock-existing", "the unlock page").await;
        screenshot(&d, "unlock-passphrase").await?;
        let secret = wait_for(&d, &tid("unlock-secret"), "the secret").await;
        secret.clear().await?;
        type_into(&secret, &recovery_key.to_lowercase()).await?;
        click(&d, &tid("unlock-submit"), "Entsperren").await;
        wait_for_tree(&d).await;
        Ok::<_, WebDriverError>(())
    }
    .await;
    let quit = d.quit().await;
    td.stop();
    unlocked.expect("unlocked with the recovery key");
    quit.expect("quit");
}

/// Data protection in the window: the access report saved through the save dialog, the erasure
/// of a person with its preview (the role stays without the person), and retention's preview
/// and run in the settings, with the audit trail that records all three.
#[tokio::test]
async fn a_person_gets_an_access_report_and_is_erased_and_old_cases_are_anonymised() {
    let _one = ONE_WINDOW.lock().await;
    let mut profile = Profile::new();
    let db = profile.db();
    let report = profile.dir.path().join("Auskunft.pdf");
    profile.set_env("BERATUNGSPLANER_TEST_SAVE_PATH", report.clone().into_os_string());

    let (name, old_reference) = with_app(&profile, "data_protection", move |d| async move {
        wait_for_tree(&d).await;
        // A demo case with a person on it, and another case closed long ago.
        let planner = beratungsplaner_tests::open_planner(&db).await;
        let hits = planner.list_cases(&CaseFilter::default()).await.expect("cases");
        let mut chosen = None;
        for hit in &hits {
            let detail = planner.case_detail(hit.case.id).await.expect("case");
            if detail.participants.iter().any(|p| p.contact.is_some()) {
                chosen = Some((detail.case.id, detail.case.reference.clone()));
                break;
            }
        }
        let (case_id, reference) = chosen.expect("a demo case with a person");
        let old = hits
            .iter()
            .find(|h| h.case.id != case_id)
            .expect("another case")
            .case
            .id;
        let old_reference = close_long_ago(&planner, old).await;
        planner.close().await;

        d.execute(
            "location.hash = arguments[0];",
            vec![json!(format!("#/cases/{case_id}"))],
        )
        .await?;
        wait_text(&d, &tid("case-reference"), &reference).await;
        click(&d, &tid("tab-people"), "the people tab").await;
        let edit = format!("{}[data-ended] {}", tid("participant"), tid("edit-contact"));
        click(&d, &edit, "the person's contact").await;
        dialog(&d, "contact").await;
        let name = field(&d, "name").await.prop("value").await?.unwrap_or_default();

        // Auskunft erteilen: saved as a PDF through the (test's) save dialog.
        click(&d, &tid("contact-access-report"), "Auskunft erteilen").await;
        dialog(&d, "access-report").await;
        screenshot(&d, "access-report-dialog").await?;
        click(&d, &tid("access-report-pdf"), "Als PDF speichern").await;
        let status = wait_contains(&d, &tid("access-report-status"), "Gespeichert unter").await;
        assert!(status.text().await?.contains("Auskunft.pdf"));
        screenshot(&d, "access-report-saved").await?;
        click(&d, &format!("dialog[open] {}", tid("dialog-cancel")), "Schließen").await;
        wait_gone(&d, &tid("dialog-access-report"), "the access report dialog").await;

        // Person löschen: first what goes, then the erasure.
        click(&d, &edit, "the person's contact").await;
        dialog(&d, "contact").await;
        click(&d, &tid("contact-erase"), "Person löschen").await;
        dialog(&d, "erasure").await;
        wait_contains(&d, "dialog[open] [data-testid=\"erasure-preview\"]", "Rolle").await;
        screenshot(&d, "erasure-preview").await?;
        click(&d, &tid("erasure-confirm"), "Endgültig löschen").await;
        wait_gone(&d, &tid("dialog-erasure"), "the erasure dialog").await;
        wait_for(&d, &tid("participant-erased"), "the role without its person").await;
        screenshot(&d, "erasure-done").await?;

        // Aufbewahrung: three years; the case closed long ago is listed, then anonymised.
        click(&d, &tid("open-settings"), "Einstellungen").await;
        dialog(&d, "settings").await;
        let years = wait_for(&d, &tid("retention-years"), "the retention setting").await;
        years.scroll_into_view().await?;
        SelectElement::new(&years)
            .await?
            .select_by_exact_text("nach 3 Jahren")
            .await?;
        wait_contains(&d, &tid("retention-preview"), &old_reference).await;
        wait_for(&d, &tid("retention-run"), "Jetzt anonymisieren")
            .await
            .scroll_into_view()
            .await?;
        screenshot(&d, "retention-preview").await?;
        click(&d, &tid("retention-run"), "Jetzt anonymisieren").await;
        click(&d, &tid("retention-confirm"), "Endgültig anonymisieren").await;
        wait_contains(&d, &tid("retention-done"), "anonymisiert").await;

        // The audit trail shows all three, and its chain holds.
        click(&d, &tid("audit-verify"), "Kette prüfen").await;
        wait_contains(&d, &tid("audit-verification"), "Die Kette ist intakt").await;
        let actions = texts(&d, &format!("{} td:nth-child(2)", tid("audit-records"))).await;
        for expected in [
            "Abgeschlossene Fälle anonymisiert",
            "Gelöscht auf Verlangen",
            "Auskunft gespeichert",
        ] {
            assert!(actions.iter().any(|a| a == expected), "{expected:?} in {actions:?}");
        }
        wait_for(&d, &tid("audit-verification"), "the check")
            .await
            .scroll_into_view()
            .await?;
        screenshot(&d, "audit-trail").await?;
        Ok((name, old_reference))
    })
    .await;

    let text = poppler::text(&report);
    assert!(text.contains(&name), "the report names its person: {text}");
    pdf_page_png(&report, 1, "access-report-window-pdf");
    let planner = beratungsplaner_tests::open_planner(&profile.db()).await;
    let left = planner.list_contacts(&name, 10).await.expect("contacts");
    assert!(left.iter().all(|c| c.name != name), "{name} is erased");
    let log = planner.erasure_log().await.expect("log");
    let kinds: Vec<_> = log.iter().map(|r| r.kind).collect();
    assert!(kinds.contains(&beratungsplaner_core::domain::ErasureKind::Contact));
    assert!(kinds.contains(&beratungsplaner_core::domain::ErasureKind::CaseAnonymised));
    let old = planner
        .list_cases(&CaseFilter::default())
        .await
        .expect("cases")
        .into_iter()
        .find(|h| h.case.reference == old_reference)
        .expect("the old case stays");
    let detail = planner.case_detail(old.case.id).await.expect("case");
    assert!(
        detail.participants.iter().all(|p| p.contact.is_none()),
        "its roles lost their people"
    );
    planner.close().await;
}

/// Closes the case on 30 June 2019 (opened in January); returns its reference.
async fn close_long_ago(planner: &beratungsplaner_core::Planner, id: i64) -> String {
    use beratungsplaner_core::domain::{CaseInput, CaseStatus};
    // Whatever its status: active first (refused for one that is active already), then closed.
    let _ = planner.change_case_status(id, CaseStatus::Active).await;
    let _ = planner.change_case_status(id, CaseStatus::Closed).await;
    let case = planner.case_detail(id).await.expect("case").case;
    assert_eq!(case.status, CaseStatus::Closed, "the case is closed");
    planner
        .update_case(
            id,
            CaseInput {
                title: case.title.clone(),
                summary: case.summary.clone(),
                priority: case.priority,
                municipality_id: Some(case.municipality_id),
                neighbourhood_id: case.neighbourhood_id,
                advisor: case.advisor.clone(),
                opened_on: chrono::NaiveDate::from_ymd_opt(2019, 1, 10),
                closed_on: chrono::NaiveDate::from_ymd_opt(2019, 6, 30),
                next_step: None,
                next_step_due: None,
                topics: planner.case_detail(id).await.expect("case").topics,
            },
        )
        .await
        .expect("backdated");
    case.reference
}

/// Jonas, the team lead, on his own laptop: a database the test drives through the Planner.
async fn lead_laptop(url: &str) -> (beratungsplaner_core::Planner, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let planner = beratungsplaner_core::Planner::open(
        &dir.path().join("jonas.db"),
        &beratungsplaner_core::store::DatabaseKey::from_bytes([9; 32]),
    )
    .await
    .expect("Jonas' database");
    let (_, token) = planner
        .join_team(url, "jonas", team_server::PASSWORD, "Laptop Jonas")
        .await
        .expect("Jonas joins");
    (planner, token, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn team_server_first_sync_and_a_conflict_decided_in_the_inbox() {
    let _one = ONE_WINDOW.lock().await;
    let profile = Profile::new();
    let mut team = team_server::TeamServer::start(&[("miriam", "advisor"), ("jonas", "lead")]);
    let url = team.url().to_owned();
    let db = profile.db();
    with_app(&profile, "team", move |d| async move {
        wait_for_tree(&d).await;
        // 1. Connecting: a wrong password is named next to the password field.
        click(&d, &tid("open-settings"), "Einstellungen").await;
        dialog(&d, "settings").await;
        set_input(&d, &tid("team-url"), &url).await;
        click(&d, &tid("team-test"), "Verbindung testen").await;
        wait_contains(&d, &tid("team-note"), "erreichbar").await;
        set_input(&d, &tid("team-user"), "miriam").await;
        set_input(&d, &tid("team-password"), "falsch").await;
        d.execute(
            "document.querySelector('[data-testid=team-section]').scrollIntoView({block: 'start'});",
            vec![],
        )
        .await?;
        screenshot(&d, "team-settings").await?;
        click(&d, &tid("team-join"), "Verbinden").await;
        wait_contains(&d, "#input-team_password-error", "Passwort sind falsch").await;
        set_input(&d, &tid("team-password"), team_server::PASSWORD).await;
        click(&d, &tid("team-join"), "Verbinden").await;

        // 2. The first sync pushes the whole demo; its progress shows, then the status.
        wait_for(&d, &tid("team-current"), "connected").await;
        if let Ok(progress) = d.find(By::Css(tid("team-progress"))).await {
            if progress.is_displayed().await.unwrap_or(false) {
                d.execute(
                    "document.querySelector('[data-testid=team-section]').scrollIntoView({block: 'start'});",
                    vec![],
                )
                .await?;
                screenshot(&d, "team-first-sync").await?;
            }
        }
        let first_sync = Duration::from_secs(180);
        wait_contains_within(&d, first_sync, &tid("team-sync-state"), "abgeglichen um").await;
        d.execute(
            "document.querySelector('[data-testid=team-section]').scrollIntoView({block: 'start'});",
            vec![],
        )
        .await?;
        screenshot(&d, "team-connected").await?;
        // In a team the retention period is the team's: an advisor sees it and cannot change it.
        d.execute(
            "document.querySelector('[data-testid=retention-section]').scrollIntoView({block: 'start'});",
            vec![],
        )
        .await?;
        wait_js(
            &d,
            "the retention period greyed out",
            "const s = document.querySelector('[data-testid=retention-years]'); return !!s && s.disabled;",
            vec![],
        )
        .await;
        wait_contains(&d, &tid("retention-section"), "legt die Teamleitung fest").await;
        screenshot(&d, "team-retention-set-by-lead").await?;
        let token = secret_service::lookup(&[("service", "Beratungsplaner Team")]);
        assert!(token.is_some_and(|t| t.len() > 30), "the device token in the keychain");
        d.active_element().await?.send_keys(Key::Escape).await?;
        wait_gone(&d, &tid("dialog-settings"), "the settings to close").await;

        // 3. Jonas pulls everything and changes a case's next step; Miriam changes it too.
        let (jonas, token, _dir) = lead_laptop(&url).await;
        jonas.sync_team(&token, |_| {}).await.expect("Jonas' first sync");
        d.execute("location.hash = '#/cases';", vec![]).await?;
        wait_list_loaded(&d).await;
        click(&d, &tid("case-row-title"), "the first case").await;
        let case_id = shown_case_id(&d).await;
        let reference = text(&d, &tid("case-reference")).await;
        assert!(reference.contains("-MI-"), "Miriam's prefix: {reference}");
        let on_jonas: i64 = sqlx::query_scalar("SELECT id FROM cases WHERE reference = ?1")
            .bind(&reference)
            .fetch_one(jonas.store().pool())
            .await
            .expect("the case on Jonas' laptop");
        let detail = jonas.case_detail(on_jonas).await.expect("case");
        let input = beratungsplaner_core::domain::CaseInput {
            title: detail.case.title.clone(),
            summary: detail.case.summary.clone(),
            priority: detail.case.priority,
            municipality_id: Some(detail.case.municipality_id),
            neighbourhood_id: detail.case.neighbourhood_id,
            advisor: detail.case.advisor.clone(),
            opened_on: Some(detail.case.opened_on),
            closed_on: detail.case.closed_on,
            next_step: Some("Lenkungskreis am Montag (Jonas)".into()),
            next_step_due: detail.case.next_step_due,
            topics: detail.topics.clone(),
        };
        jonas.update_case(on_jonas, input).await.expect("Jonas' edit");
        jonas.sync_team(&token, |_| {}).await.expect("Jonas' sync");

        click(&d, &tid("edit-case"), "Bearbeiten").await;
        dialog(&d, "case").await;
        type_into(&field(&d, "next_step").await, "Antrag bis Freitag (Miriam)").await?;
        save_dialog(&d, "case").await;
        click(&d, &tid("team-sync-now"), "Jetzt abgleichen").await;
        wait_contains(&d, &tid("team-sync-conflicts"), "1 Konflikt").await;
        screenshot(&d, "team-status-conflict").await?;

        // 4. The inbox: both values, who changed it; Miriam takes the team's value.
        click(&d, &tid("team-sync-conflicts"), "1 Konflikt entscheiden").await;
        dialog(&d, "team-conflicts").await;
        wait_contains(&d, &tid("team-conflict-mine"), "Antrag bis Freitag (Miriam)").await;
        wait_contains(&d, &tid("team-conflict-theirs"), "Lenkungskreis am Montag (Jonas)").await;
        assert!(text(&d, &tid("team-conflict")).await.contains("geändert von jonas"));
        screenshot(&d, "team-conflict").await?;
        click(&d, &tid("team-conflict-take-theirs"), "Wert aus dem Team übernehmen").await;
        wait_for(&d, &tid("team-conflicts-none"), "no conflicts left").await;
        d.active_element().await?.send_keys(Key::Escape).await?;
        wait_gone(&d, &tid("dialog-team-conflicts"), "the inbox to close").await;
        d.execute(
            "location.hash = arguments[0];",
            vec![json!(format!("#/cases/{case_id}"))],
        )
        .await?;
        wait_contains(&d, &tid("case-team-change"), "Geändert von jonas").await;
        assert!(text(&d, "main").await.contains("Lenkungskreis am Montag (Jonas)"));
        screenshot(&d, "team-case-changed-by").await?;

        // 5. On the road, both book the same slot of a consultation hour: Miriam's booking is
        // vorläufig. Jonas syncs first; Miriam's sync says the slot is taken and she rebooks.
        team.serving.kill();
        let today = chrono::Local::now().date_naive();
        let slots = jonas
            .slots(&beratungsplaner_core::domain::CalendarQuery {
                from: Some(today + chrono::Days::new(2)),
                to: Some(today + chrono::Days::new(20)),
                ..Default::default()
            })
            .await
            .expect("Jonas' slots");
        let theirs = slots
            .iter()
            .find(|s| s.status == beratungsplaner_core::domain::SlotStatus::Free)
            .expect("a free slot")
            .clone();
        let listed = std::process::Command::new(app_binary())
            .arg("--db")
            .arg(&db)
            .args(["slots", "list", "--json", "--from"])
            .arg(theirs.start.date_naive().to_string())
            .args(["--to"])
            .arg(theirs.start.date_naive().to_string())
            .output()
            .expect("slots list");
        let mine = serde_json::from_slice::<Value>(&listed.stdout)
            .expect("json")
            .as_array()
            .and_then(|all| {
                all.iter()
                    .find(|s| s["series_uid"] == json!(theirs.series_uid) && s["start"] == json!(theirs.start))
                    .and_then(|s| s["id"].as_str().map(str::to_owned))
            })
            .expect("the same slot on Miriam's laptop");
        click(&d, &tid("nav-calendar"), "the calendar").await;
        click(&d, &tid("view-week"), "the week view").await;
        show_week(&d, monday_of(theirs.start.date_naive())).await;
        book_for_case(&d, &mine, case_id, &detail.case.title, None).await?;
        click(
            &d,
            &format!("[data-testid=slot][data-slot-id=\"{mine}\"]"),
            "her booking",
        )
        .await;
        let details = "dialog[open][data-testid=\"booking-details\"]";
        wait_for(&d, details, "the booking's details").await;
        wait_for(&d, &tid("booking-provisional"), "vorläufig").await;
        screenshot(&d, "team-booking-provisional").await?;
        d.active_element().await?.send_keys(Key::Escape).await?;
        wait_gone(&d, details, "the details to close").await;

        jonas
            .book_slot(beratungsplaner_core::domain::BookingInput {
                slot_id: theirs.id.clone(),
                case_id: Some(on_jonas),
                contact_id: None,
                topic: None,
                accept_overlap: true,
            })
            .await
            .expect("Jonas' booking");
        team.restart();
        let report = jonas.sync_team(&token, |_| {}).await.expect("Jonas' sync");
        assert!(report.refused.is_empty(), "Jonas was first: {report:?}");
        click(&d, &tid("team-sync-now"), "Jetzt abgleichen").await;
        let taken = wait_contains(&d, &tid("team-sync-slot-taken"), "schon vergeben").await;
        assert!(taken.is_displayed().await?);
        slot_status(&d, &mine, "booked").await; // Jonas' booking holds it now
        screenshot(&d, "team-slot-taken").await?;
        click(&d, &tid("team-sync-rebook"), "Umbuchen").await;
        wait_for(&d, details, "the booking's details").await;
        wait_for(&d, &tid("booking-displaced-hint"), "why it must be rebooked").await;
        let offered = wait_for(&d, &tid("rebook-option"), "the free slots").await;
        screenshot(&d, "team-rebook").await?;
        offered.click().await?;
        click(
            &d,
            &format!("{details} {}", tid("rebook-save")),
            "confirm the rebooking",
        )
        .await;
        wait_gone(&d, details, "the details to close").await;
        wait_gone(&d, &tid("team-sync-slot-taken"), "the notice to go").await;
        click(&d, &tid("team-sync-now"), "Jetzt abgleichen").await;
        wait_contains(&d, &tid("team-sync-state"), "abgeglichen um").await;
        jonas.sync_team(&token, |_| {}).await.expect("Jonas' last sync");
        let booked: Vec<String> = sqlx::query_scalar(
            "SELECT status FROM bookings WHERE case_id = ?1 AND status <> 'cancelled' ORDER BY start_at",
        )
        .bind(on_jonas)
        .fetch_all(jonas.store().pool())
        .await
        .expect("bookings on Jonas' laptop");
        assert!(booked.len() >= 2 && booked.iter().all(|s| s == "booked"), "{booked:?}");
        jonas.close().await;
        drop(team);
        Ok(())
    })
    .await;
}

/// Sets the `index`-th select matching `css` to `value`, as choosing an option does.
async fn choose_nth(d: &WebDriver, css: &str, index: usize, value: &str) {
    wait_js(
        d,
        &format!("option {value} of select {index} of {css}"),
        "const s = document.querySelectorAll(arguments[0])[arguments[1]]; \
         if (!s || s.disabled || ![...s.options].some((o) => o.value === arguments[2])) return false; \
         s.value = arguments[2]; s.dispatchEvent(new Event('change', { bubbles: true })); return true;",
        vec![json!(css), json!(index), json!(value)],
    )
    .await;
}

/// The state of the `index`-th participant row, once it is not `from` any more.
async fn participant_status_after(d: &WebDriver, index: usize, from: &str) -> String {
    let status = wait_js(
        d,
        &format!("participant {index} to leave {from}"),
        "const row = document.querySelectorAll('[data-testid=event-participant]')[arguments[0]]; \
         return row && row.dataset.status !== arguments[1] ? row.dataset.status : false;",
        vec![json!(index), json!(from)],
    )
    .await;
    status.as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_workshop_is_planned_invitations_go_out_and_attendance_is_marked() {
    let _one = ONE_WINDOW.lock().await;
    let mut profile = Profile::new();
    // A folder: each document is saved under the name the app proposes.
    let saved = profile.dir.path().join("dokumente");
    std::fs::create_dir_all(&saved).expect("create the folder");
    profile.set_env("BERATUNGSPLANER_TEST_SAVE_PATH", saved.clone().into_os_string());
    let documents = saved.clone();
    let db = profile.db();
    with_app(&profile, "events", move |d| async move {
        wait_for_tree(&d).await;
        click(&d, &tid("nav-events"), "Veranstaltungen").await;
        wait_for(&d, &tid("event-new"), "the events page").await;

        // 1. A workshop in a fortnight: three places, a Kommune, one session of its programme.
        click(&d, &tid("event-new"), "Neue Veranstaltung").await;
        let event_dialog = "dialog[open][data-testid=\"event-dialog\"]";
        wait_for(&d, event_dialog, "the event dialog").await;
        type_into(
            &wait_for(&d, &tid("event-title"), "the title").await,
            "Workshop Quartiersfonds",
        )
        .await?;
        let day = chrono::Local::now().date_naive() + chrono::Days::new(14);
        type_date_at(&d, &tid("event-starts-on"), &day.to_string()).await?;
        type_into(
            &wait_for(&d, &tid("event-location"), "the place").await,
            "Bürgerhaus, Saal 1",
        )
        .await?;
        type_into(&wait_for(&d, &tid("event-capacity"), "the places").await, "3").await?;
        choose_nth(&d, &tid("event-municipality-add"), 0, "1").await;
        wait_for(&d, &tid("event-municipality"), "the Kommune as a chip").await;
        click(&d, &tid("event-add-session"), "Programmpunkt hinzufügen").await;
        type_into(
            &wait_for(&d, &tid("event-session-title"), "the session's title").await,
            "Förderrichtlinie im Überblick",
        )
        .await?;
        screenshot(&d, "event-dialog").await?;
        click(&d, &format!("{event_dialog} {}", tid("event-save")), "save the event").await;
        wait_gone(&d, event_dialog, "the event dialog to close").await;
        wait_contains(&d, &tid("event-title"), "Workshop Quartiersfonds").await;
        wait_for(&d, &tid("event-programme"), "the programme").await;

        // 2. Invitations from a filter: every social agency, counted before they go out.
        click(&d, &tid("event-invite"), "Einladen").await;
        let invite = "dialog[open][data-testid=\"invite-dialog\"]";
        wait_for(&d, invite, "the invite dialog").await;
        let reach_now = |other_than: u64| {
            let d = d.clone();
            async move {
                wait_js(
                    &d,
                    "the count of those the filter reaches",
                    "const m = document.querySelector('[data-testid=invite-reach]')?.textContent.match(/^(\\d+) Ansprech/); \
                     return m && Number(m[1]) !== arguments[0] ? Number(m[1]) : false;",
                    vec![json!(other_than)],
                )
                .await
                .as_u64()
                .unwrap_or(0)
            }
        };
        let everyone = reach_now(u64::MAX).await;
        choose_nth(&d, &tid("invite-organisation-type"), 0, "social_agency").await;
        let reach = reach_now(everyone).await;
        assert!(reach >= 4, "the demo has social agencies: {reach}");
        screenshot(&d, "event-invite").await?;
        click(&d, &format!("{invite} {}", tid("invite-save")), "invite them").await;
        wait_gone(&d, invite, "the invite dialog to close").await;
        let rows = wait_js(
            &d,
            "the invited on the list",
            "const n = document.querySelectorAll('[data-testid=event-participant]').length; return n > 0 ? n : false;",
            vec![],
        )
        .await
        .as_u64()
        .unwrap_or(0);
        assert_eq!(rows, reach, "everyone the filter reached is invited");

        // 3. Four register for three places: the fourth waits; then attendance.
        let move_select = tid("event-participant-move");
        for i in 0..4 {
            choose_nth(&d, &move_select, i, "registered").await;
            let status = participant_status_after(&d, i, "invited").await;
            assert_eq!(
                status,
                if i < 3 { "registered" } else { "waitlisted" },
                "participant {i}"
            );
        }
        wait_contains(&d, &tid("event-participants-note"), "Warteliste").await;
        choose_nth(&d, &move_select, 0, "attended").await;
        assert_eq!(participant_status_after(&d, 0, "registered").await, "attended");
        let counts = wait_contains(&d, &tid("event-counts"), "1 teilgenommen").await;
        assert!(counts.text().await?.contains("1 auf der Warteliste"));
        screenshot(&d, "event-page").await?;

        // 4. The participant list as CSV and the sign-in sheet as PDF, as funders ask for them.
        let saved_file = |prefix: &'static str| {
            let documents = documents.clone();
            move || {
                std::fs::read_dir(&documents)
                    .ok()?
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
            }
        };
        click(&d, &tid("event-save-list"), "Liste als Tabelle").await;
        wait_contains(&d, &tid("event-list-saved"), "Teilnehmendenliste (CSV) mit").await;
        let csv = saved_file("teilnehmende-")().expect("the participant list");
        let written = std::fs::read_to_string(&csv).expect("the participant list");
        assert!(
            written.contains("teilgenommen") && written.contains("Warteliste"),
            "{written}"
        );
        click(&d, &tid("event-print-signin"), "Unterschriftenliste").await;
        let notice = wait_contains(&d, &tid("event-list-saved"), "Unterschriftenliste mit 3 Personen").await;
        let find_sheet = saved_file("unterschriftenliste-");
        let sheet = find_sheet().expect("the sign-in sheet");
        assert!(notice.text().await?.contains(&sheet.display().to_string()));
        let text = beratungsplaner_tests::poppler::text(&sheet);
        assert!(text.contains("Workshop Quartiersfonds") && text.contains("Unterschrift"), "{text}");
        assert_eq!(text.matches("Seite 1 von 1").count(), 1);
        pdf_page_png(&sheet, 1, "event-signin-sheet-page-1");
        screenshot(&d, "event-documents").await?;

        click(&d, &tid("nav-events"), "Veranstaltungen").await;
        wait_contains(&d, &tid("event-row"), "Workshop Quartiersfonds").await;
        screenshot(&d, "events-list").await?;

        // 5. The same person entered twice (same e-mail): merged in the settings, after a preview.
        let planner = beratungsplaner_tests::open_planner(&db).await;
        let original = planner
            .list_contacts("", 10_000)
            .await
            .expect("contacts")
            .into_iter()
            .find(|c| c.email.is_some() && c.kind == beratungsplaner_core::domain::ContactKind::Person)
            .expect("a demo contact with an e-mail");
        let twin = planner
            .create_contact(beratungsplaner_core::domain::ContactInput {
                kind: original.kind,
                name: format!("{} (doppelt)", original.name),
                organisation: None,
                organisation_type: None,
                email: original.email.clone(),
                phone: Some("0561 000111".into()),
            })
            .await
            .expect("the twin")
            .id;
        click(&d, &tid("open-settings"), "Einstellungen").await;
        dialog(&d, "settings").await;
        let pair = format!("[data-testid=duplicate-pair][data-drop=\"{twin}\"]");
        let found = wait_for(&d, &pair, "the pair in the duplicates").await;
        found.scroll_into_view().await?;
        click(&d, &format!("{pair} {}", tid("duplicate-merge")), "Zusammenführen").await;
        wait_contains(&d, &tid("duplicate-preview"), "geht in").await;
        screenshot(&d, "duplicates-preview").await?;
        click(&d, &tid("duplicate-merge-confirm"), "Jetzt zusammenführen").await;
        wait_contains(&d, &tid("duplicates-merged"), "aufgegangen").await;
        let left = planner.list_contacts("", 10_000).await.expect("contacts");
        assert!(left.iter().all(|c| c.id != twin), "the twin is gone");
        let kept = left.iter().find(|c| c.id == original.id).expect("the original stays");
        let expected = original.phone.clone().or_else(|| Some("0561 000111".into()));
        assert_eq!(kept.phone, expected, "a gap is filled from the twin, nothing else changes");
        planner.close().await;
        Ok(())
    })
    .await;
}

/// Drags `element` back and forth with the pointer (40 WebDriver moves) and returns the frames
/// per second the webview painted meanwhile.
async fn drag_frames_per_second(d: &WebDriver, element: &WebElement) -> WebDriverResult<f64> {
    d.execute(
        "window.__frames = 0; window.__counting = true; \
         const tick = () => { if (window.__counting) { window.__frames++; requestAnimationFrame(tick); } }; \
         requestAnimationFrame(tick); window.__started = performance.now();",
        vec![],
    )
    .await?;
    let mut drag = d.action_chain().move_to_element_center(element).click_and_hold();
    for step in 0..40 {
        let dx = if step % 20 < 10 { 12 } else { -12 };
        drag = drag.move_by_offset(dx, 4 - (step % 8));
    }
    drag.release().perform().await?;
    Ok(d.execute(
        "window.__counting = false; return window.__frames * 1000 / (performance.now() - window.__started);",
        vec![],
    )
    .await?
    .json()
    .as_f64()
    .unwrap_or(0.0))
}

/// The network view on the demo data: the graph and its list, "who knows the Quartiersfonds in
/// Hessen", a node shown in the graph from the list and clicked in the drawing, which leads to the
/// person's page, where a membership is added. The frames per second while the graph is dragged
/// are printed (an observation of this machine, not a test of speed).
#[tokio::test]
async fn the_network_shows_who_knows_what_and_leads_from_a_node_to_the_contact() {
    let _one = ONE_WINDOW.lock().await;
    let profile = Profile::new();
    with_app(&profile, "network", move |d| async move {
        wait_for_tree(&d).await;
        click(&d, &tid("nav-network"), "Netzwerk").await;
        let graph = wait_for(&d, &tid("network-graph"), "the graph").await;
        let summary = wait_contains(&d, &tid("network-summary"), "Personen")
            .await
            .text()
            .await?;
        let rows = wait_js(
            &d,
            "the list beside the graph",
            "const n = document.querySelectorAll('[data-testid=network-row]').length; return n > 20 ? n : false;",
            vec![],
        )
        .await;
        eprintln!("network view: {summary} ({rows} rows in the list)");
        screenshot(&d, "network-view").await?;

        // Dragging the drawing: frames the webview paints meanwhile.
        let fps = drag_frames_per_second(&d, &graph).await?;
        eprintln!("network view: {fps:.0} frames per second while dragging the graph");

        // Who knows the fund in Hessen?
        type_into(&wait_for(&d, &tid("expert-topic"), "the topic").await, "Quartiersfonds").await?;
        choose_nth(&d, &tid("expert-state"), 0, "HE").await;
        click(&d, &tid("expert-search-submit"), "Suchen").await;
        wait_for(&d, &tid("expert-row"), "the first answer").await;
        let answers = texts(&d, &tid("expert-row")).await;
        assert!(answers.len() >= 3, "{answers:?}");
        wait_for(&d, &tid("expert-results"), "the answers")
            .await
            .scroll_into_view()
            .await?;
        screenshot(&d, "network-experts").await?;

        // From the list into the drawing, and from the node to the person.
        let person = wait_js(
            &d,
            "a person with connections in the list",
            "const row = [...document.querySelectorAll('[data-testid=network-row]')] \
               .find((r) => r.dataset.key.startsWith('p')); \
             return row ? row.dataset.key : false;",
            vec![],
        )
        .await;
        let key = person.as_str().unwrap_or_default().to_owned();
        let row = format!("[data-testid=network-row][data-key=\"{key}\"]");
        wait_for(&d, &row, "the person's row").await.scroll_into_view().await?;
        click(&d, &format!("{row} {}", tid("show-in-graph")), "Im Graphen zeigen").await;
        let said = wait_js(
            &d,
            "the node chosen, as a screen reader hears it",
            "const t = document.querySelector('[data-testid=network-graph-selected]')?.textContent.trim(); \
             return t ? t : false;",
            vec![],
        )
        .await;
        eprintln!("network view: {said}");
        let focused = d
            .execute("return document.activeElement?.dataset.testid ?? null;", vec![])
            .await?
            .json()
            .clone();
        assert_eq!(
            focused,
            json!("network-graph"),
            "the drawing has the focus, Enter would open it"
        );
        screenshot(&d, "network-node-selected").await?;
        let id: i64 = key.trim_start_matches('p').parse().expect("a contact id");
        let page = json!(format!("#/contacts/{id}"));
        let at_page = |d: WebDriver| async move {
            wait_for(&d, &tid("contact-name"), "the person's page").await;
            d.execute("return location.hash;", vec![])
                .await
                .map(|h| h.json().clone())
        };
        // By keyboard: Enter on the drawing opens the chosen node.
        d.active_element().await?.send_keys(Key::Enter).await?;
        assert_eq!(at_page(d.clone()).await?, page, "Enter opens the person");
        // And by the pointer: back to the network, the node shown again and clicked in the drawing.
        d.back().await?;
        wait_for(&d, &row, "the person's row again")
            .await
            .scroll_into_view()
            .await?;
        click(&d, &format!("{row} {}", tid("show-in-graph")), "Im Graphen zeigen").await;
        wait_for(&d, &tid("network-graph"), "the graph").await.click().await?;
        assert_eq!(at_page(d.clone()).await?, page, "a click on the node opens the person");
        wait_for(&d, &tid("contact-cases"), "their cases").await;
        screenshot(&d, "contact-page").await?;

        // A membership of the Diakonie, by keyboard-usable search.
        click(&d, &tid("membership-add"), "Mitgliedschaft hinzufügen").await;
        let membership = "dialog[open][data-testid=\"membership-dialog\"]";
        wait_for(&d, membership, "the membership dialog").await;
        type_into(&wait_for(&d, &tid("membership-search"), "the search").await, "Diakon").await?;
        click(&d, &tid("membership-option"), "the first organisation").await;
        wait_for(&d, &tid("membership-chosen"), "the organisation chosen").await;
        type_into(
            &wait_for(&d, &tid("membership-role"), "the role").await,
            "Projektkoordination",
        )
        .await?;
        screenshot(&d, "membership-dialog").await?;
        click(&d, &format!("{membership} [type=submit]"), "save").await;
        wait_gone(&d, membership, "the dialog to close").await;
        wait_contains(&d, &tid("membership"), "Projektkoordination").await;
        Ok(())
    })
    .await;
}

/// The network view at the size it is measured at (the demo data of 10,000 cases in 100 Kommunen,
/// grown to 2,000 people and 500 organisations): drawn, then dragged; how long the drawing took
/// and the frames per second while dragging are printed (observations of this machine, not tests
/// of speed); the list beside it pages through the nodes.
#[tokio::test]
async fn the_network_of_a_large_team_is_drawn_and_dragged() {
    let _one = ONE_WINDOW.lock().await;
    let mut profile = Profile::new();
    // The first start on 10,000 cases (a debug build) may take longer than the usual deadline to
    // answer: the recovery key is confirmed below, with a deadline of its own.
    profile.keep_recovery_key = true;
    let db = profile.db();
    let planner = beratungsplaner_tests::open_planner(&db).await;
    planner
        .generate_demo_data(&beratungsplaner_core::demo::DemoOptions {
            municipalities: 100,
            cases: 10_000,
            seed: 1,
        })
        .await
        .expect("demo data");
    beratungsplaner_core::demo::scale_network(planner.store(), 2_000, 500)
        .await
        .expect("the network grown");
    let nodes = planner
        .network_graph(beratungsplaner_core::domain::NetworkFilter::default())
        .await
        .expect("graph")
        .nodes
        .len();
    planner.close().await;
    with_app(&profile, "network-large", move |d| async move {
        let opened = Instant::now();
        keep_recovery_key(&d, Duration::from_secs(120)).await;
        wait_js_within(
            &d,
            Duration::from_secs(120),
            "the Kommunen listed",
            "return document.querySelectorAll('[data-testid=tree-municipality]').length > 0;",
            vec![],
        )
        .await;
        eprintln!("network view, large: the app ready after {:?}", opened.elapsed());
        let started = Instant::now();
        click(&d, &tid("nav-network"), "Netzwerk").await;
        wait_js_within(
            &d,
            Duration::from_secs(120),
            "the network's figures",
            "return document.querySelector('[data-testid=network-summary]') ? true : false;",
            vec![],
        )
        .await;
        let data_there = started.elapsed();
        let graph = wait_for(&d, &tid("network-graph"), "the graph").await;
        let rows = wait_js_within(
            &d,
            Duration::from_secs(120),
            "the list's first page",
            "const n = document.querySelectorAll('[data-testid=network-row]').length; \
             return n >= arguments[0] ? n : false;",
            vec![json!(nodes.min(200))],
        )
        .await;
        painted(&d).await?;
        eprintln!(
            "network view, large: {nodes} nodes; the figures after {data_there:?}, drawn and listed ({rows} rows) after {:?}",
            started.elapsed()
        );
        let fps = drag_frames_per_second(&d, &graph).await?;
        eprintln!("network view, large: {fps:.0} frames per second while dragging the graph");
        capture(&d, "network-large").await?;
        // The list pages on: 200 more.
        let more = wait_for(&d, &tid("network-list-more"), "more of the list").await;
        more.scroll_into_view().await?;
        more.click().await?;
        wait_js(
            &d,
            "the list's second page",
            "return document.querySelectorAll('[data-testid=network-row]').length === 400;",
            vec![],
        )
        .await;
        Ok(())
    })
    .await;
}

/// The quarter before today's, as the report's filters name it: (year, quarter 1–4, first day,
/// last day). The demo data lies around today, so that quarter is full of work.
fn last_quarter() -> (i32, u32, chrono::NaiveDate, chrono::NaiveDate) {
    use chrono::Datelike;
    let today = chrono::Local::now().date_naive();
    let (mut year, mut quarter) = (today.year(), (today.month0() / 3) + 1);
    if quarter == 1 {
        year -= 1;
        quarter = 4;
    } else {
        quarter -= 1;
    }
    let first = chrono::NaiveDate::from_ymd_opt(year, (quarter - 1) * 3 + 1, 1).expect("a day");
    let next = first.checked_add_months(chrono::Months::new(3)).expect("a day");
    (year, quarter, first, next.pred_opt().expect("a day"))
}

#[tokio::test]
async fn the_report_of_a_quarter_leads_from_a_chart_to_its_cases_and_is_saved_as_pdf() {
    let _one = ONE_WINDOW.lock().await;
    let mut profile = Profile::new();
    let saved = profile.dir.path().join("berichte");
    std::fs::create_dir_all(&saved).expect("create the folder");
    profile.set_env("BERATUNGSPLANER_TEST_SAVE_PATH", saved.clone().into_os_string());
    let db = profile.db();
    let (year, quarter, from, to) = last_quarter();
    let shown = with_app(&profile, "activity-report", move |d| async move {
        wait_for_tree(&d).await;
        // A consultation of that quarter nobody came to, marked in the booking's details.
        click(&d, &tid("nav-calendar"), "Kalender").await;
        let mut booked = None;
        for weeks_back in 2..8 {
            show_week(&d, monday_of(to - chrono::Days::new(7 * weeks_back))).await;
            let slot = d
                .execute(
                    "const s = document.querySelector('[data-testid=slot][data-status=booked]'); \
                     return s ? s.dataset.slotId : null;",
                    vec![],
                )
                .await?
                .json()
                .clone();
            if let Some(id) = slot.as_str() {
                booked = Some(id.to_owned());
                break;
            }
        }
        let slot = booked.expect("a booked consultation in the quarter's last weeks");
        click(&d, &format!("[data-testid=slot][data-slot-id=\"{slot}\"]"), "the booked slot").await;
        let details = "dialog[open][data-testid=\"booking-details\"]";
        wait_for(&d, details, "the booking's details").await;
        click(&d, &tid("booking-no-show"), "Nicht erschienen").await;
        wait_js(
            &d,
            "the mark saved",
            "const c = document.querySelector('[data-testid=booking-no-show]'); return !!c && c.checked && !c.disabled;",
            vec![],
        )
        .await;
        screenshot(&d, "booking-no-show").await?;
        d.active_element().await?.send_keys(Key::Escape).await?;
        wait_gone(&d, details, "the details to close").await;

        click(&d, &tid("nav-report"), "Auswertung").await;
        wait_for(&d, "#report-period-kind", "the report's filters").await;
        choose_nth(&d, "#report-period-kind", 0, "quarter").await;
        choose_nth(&d, "#report-year", 0, &year.to_string()).await;
        choose_nth(&d, "#report-quarter", 0, &quarter.to_string()).await;
        choose_nth(&d, "#report-scope", 0, "team").await;
        // The figures of that quarter, once they have arrived.
        wait_contains(&d, &tid("report-subject"), &format!("{quarter}. Quartal {year}")).await;
        let active = wait_js(
            &d,
            "the figures of the quarter",
            "if (document.querySelector('[data-testid=report-loading]')) return false; \
             const f = document.querySelector('[data-figure=cases_active]'); \
             const v = f ? Number(f.dataset.value) : NaN; return v > 0 ? v : false;",
            vec![],
        )
        .await;
        let figure = |name: &'static str| {
            let d = d.clone();
            async move {
                d.execute(
                    "return Number(document.querySelector(`[data-figure=${arguments[0]}]`)?.dataset.value);",
                    vec![json!(name)],
                )
                .await
                .map(|v| v.json().as_i64().unwrap_or(-1))
            }
        };
        let opened = figure("cases_opened").await?;
        let used = figure("slots_used").await?;
        assert_eq!(figure("no_shows").await?, 1, "the one marked");
        wait_for(&d, &format!("{} svg", tid("month-chart")), "the chart by month").await;
        wait_for(&d, &format!("{} svg", tid("state-map")), "the map of the Länder").await;
        screenshot(&d, "report-quarter").await?;
        wait_for(&d, &tid("topic-chart"), "the topics")
            .await
            .scroll_into_view()
            .await?;
        screenshot(&d, "report-charts").await?;
        wait_for(&d, &tid("state-map"), "the map")
            .await
            .scroll_into_view()
            .await?;
        screenshot(&d, "report-map").await?;

        // A click on the largest topic's bar lists the cases behind it, each a link to its page.
        let bar = wait_js(
            &d,
            "a topic's bar",
            "const b = document.querySelector('[data-drill^=\"topic:\"]'); return b ? b.dataset.drill : false;",
            vec![],
        )
        .await;
        let drill = bar.as_str().unwrap_or_default().to_owned();
        let topic = drill.trim_start_matches("topic:").to_owned();
        let bar_css = format!("[data-drill=\"{drill}\"]");
        d.execute(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});",
            vec![json!(bar_css)],
        )
        .await?;
        d.execute(
            "document.querySelector(arguments[0]).dispatchEvent(new MouseEvent('click', {bubbles: true}));",
            vec![json!(bar_css)],
        )
        .await?;
        let links = wait_js(
            &d,
            "the cases behind the bar",
            "const l = document.querySelectorAll('[data-testid=report-records] a[href^=\"#/cases/\"]'); \
             return l.length > 0 ? l.length : false;",
            vec![],
        )
        .await
        .as_u64()
        .unwrap_or(0);
        wait_for(&d, &tid("report-records"), "the list")
            .await
            .scroll_into_view()
            .await?;
        screenshot(&d, "report-records").await?;
        // The same bar by keyboard: focus and Enter.
        d.execute("document.querySelector(arguments[0]).focus();", vec![json!(bar_css)])
            .await?;
        d.active_element().await?.send_keys(Key::Enter).await?;
        let href = wait_js(
            &d,
            "the first case's link",
            "const a = document.querySelector('[data-testid=report-records] a[href^=\"#/cases/\"]'); \
             return a ? a.getAttribute('href') : false;",
            vec![],
        )
        .await;
        click(
            &d,
            &format!(
                "[data-testid=report-records] a[href=\"{}\"]",
                href.as_str().unwrap_or_default()
            ),
            "the first case",
        )
        .await;
        wait_for(&d, &tid("case-title"), "the case's page").await;
        let hash = d.execute("return location.hash;", vec![]).await?.json().clone();
        assert_eq!(hash, href, "the link leads to the case");
        d.back().await?;

        // The Tätigkeitsbericht with the advisor's own words, saved as PDF.
        wait_for(&d, "#report-text-summary", "the text fields")
            .await
            .scroll_into_view()
            .await?;
        type_into(
            &wait_for(&d, "#report-text-summary", "the summary").await,
            "Im Quartal lag der Schwerpunkt auf dem Quartiersfonds.",
        )
        .await?;
        screenshot(&d, "report-export").await?;
        click(&d, "#report-save-pdf", "Als PDF speichern").await;
        wait_for(&d, &tid("report-saved"), "the notice").await;
        Ok((active.as_i64().unwrap_or(-1), opened, used, topic, links))
    })
    .await;
    let (active, opened, used, topic, links) = shown;

    // The window showed what the report counts, and the bar listed the topic's active cases.
    let planner = beratungsplaner_tests::open_planner(&db).await;
    use beratungsplaner_core::domain::{ReportPeriod, ReportQuery, ReportScope};
    let report = planner
        .activity_report(ReportQuery {
            period: ReportPeriod { from, to },
            scope: ReportScope::Team,
        })
        .await
        .expect("the report");
    assert_eq!(active, i64::from(report.cases.active));
    assert_eq!(opened, i64::from(report.cases.opened));
    assert_eq!(used, i64::from(report.consultation_hours.slots_used));
    assert_eq!(report.consultation_hours.no_shows, 1);
    let bar = report.topics.iter().find(|t| t.topic == topic).expect("the topic");
    assert_eq!(links, u64::from(bar.cases_active), "{topic}");
    drop(planner);

    let pdf = std::fs::read_dir(&saved)
        .expect("the folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("the saved PDF");
    let text = poppler::text(&pdf);
    assert!(
        text.contains("Tätigkeitsbericht") && text.contains("Schwerpunkt auf dem Quartiersfonds"),
        "{text}"
    );
    let pages = poppler::page_count(&pdf).expect("pages");
    for page in 1..=pages.min(8) {
        pdf_page_png(&pdf, page, &format!("report-pdf-page-{page}"));
    }
}
