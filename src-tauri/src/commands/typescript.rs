//! The UI's command functions, written from the `commands!` declarations: one module per feature,
//! `ui/src/lib/api/commands/<feature>.ts`, committed like the ts-rs types. The test below fails
//! when they are stale; `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands`
//! rewrites them.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::marker::PhantomData;

use ts_rs::{Config, TS};

/// One feature's commands.
pub struct Feature {
    /// The feature's name, as in every layer (`bookings`, `calendar_view`, …).
    pub name: &'static str,
    /// Its doc comment's lines.
    pub doc: &'static [&'static str],
    /// Its commands, in declaration order.
    pub commands: Vec<Signature>,
}

/// One command as TypeScript sees it.
pub struct Signature {
    /// The command's name, which is also the `Planner` method's where there is one.
    pub name: &'static str,
    /// Its doc comment's lines.
    pub doc: &'static [&'static str],
    /// Parameter names (Rust's, snake_case) and types.
    pub args: Vec<(&'static str, TsType)>,
    /// What it resolves to.
    pub result: TsType,
}

/// A parameter's or result's type in TypeScript.
pub enum TsType {
    /// A value, by its ts-rs name (`Booking`, `Array<Slot>`, `number | null`).
    Value(String),
    /// A Tauri channel of messages of this type: a callback in TypeScript.
    Channel(String),
}

fn config() -> Config {
    // As for the types: ids are i64 in Rust but far below 2^53, plain numbers in the UI.
    Config::new().with_large_int("number")
}

/// Describes `T` as TypeScript. A value type through [`Describe`]; a `Channel<T>` through the
/// inherent method, which method resolution prefers.
pub struct Described<T>(PhantomData<fn() -> T>);

impl<T> Described<T> {
    /// The description of `T`.
    pub fn new() -> Self {
        Self(PhantomData)
    }
}

impl<T> Default for Described<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// How a value type is described.
pub trait Describe {
    /// The TypeScript type.
    fn describe(&self) -> TsType;
}

impl<T: TS> Describe for Described<T> {
    fn describe(&self) -> TsType {
        TsType::Value(T::name(&config()))
    }
}

impl<T: TS> Described<tauri::ipc::Channel<T>> {
    /// A channel's messages' type.
    pub fn describe(&self) -> TsType {
        TsType::Channel(T::name(&config()))
    }
}

/// The file a feature's functions are written to, relative to `ui/src/lib/api/`.
pub fn file_name(feature: &Feature) -> String {
    format!("commands/{}.ts", feature.name)
}

/// The TypeScript module of one feature.
pub fn render(feature: &Feature) -> String {
    let mut out = String::from(
        "// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.\n\
         // `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.\n",
    );
    for line in feature.doc {
        let _ = writeln!(out, "//{line}");
    }
    let types = named_types(feature);
    let channel = feature
        .commands
        .iter()
        .any(|c| c.args.iter().any(|(_, t)| matches!(t, TsType::Channel(_))));
    out.push_str("import { invoke } from \"@tauri-apps/api/core\";\n");
    if channel {
        out.push_str("import { channel } from \"../channel\";\n");
    }
    for name in &types {
        let _ = writeln!(out, "import type {{ {name} }} from \"../generated/{name}\";");
    }
    if !types.is_empty() {
        let list: Vec<&str> = types.iter().map(String::as_str).collect();
        let _ = writeln!(out, "\nexport type {{ {} }};", list.join(", "));
    }
    for command in &feature.commands {
        out.push('\n');
        render_command(&mut out, command);
    }
    out
}

fn render_command(out: &mut String, command: &Signature) {
    match command.doc {
        [] => {}
        [line] => {
            let _ = writeln!(out, "/**{} */", line.trim_end());
        }
        lines => {
            let _ = writeln!(out, "/**");
            for line in lines {
                let _ = writeln!(out, " *{}", line.trim_end());
            }
            let _ = writeln!(out, " */");
        }
    }
    let params: Vec<String> = command
        .args
        .iter()
        .map(|(name, ty)| match ty {
            TsType::Value(t) => format!("{}: {t}", camel(name)),
            TsType::Channel(t) => format!("{}: (message: {t}) => void", camel(name)),
        })
        .collect();
    let result = match &command.result {
        TsType::Value(t) if t == "null" => "void".to_owned(),
        TsType::Value(t) | TsType::Channel(t) => t.clone(),
    };
    let keys: Vec<String> = command
        .args
        .iter()
        .map(|(name, ty)| match ty {
            TsType::Value(_) => camel(name),
            TsType::Channel(t) => format!("{}: channel<{t}>({})", camel(name), camel(name)),
        })
        .collect();
    let payload = if keys.is_empty() {
        String::new()
    } else {
        format!(", {{ {} }}", keys.join(", "))
    };
    let _ = writeln!(
        out,
        "export const {} = ({}): Promise<{result}> =>\n  invoke(\"{}\"{payload});",
        camel(command.name),
        params.join(", "),
        command.name,
    );
}

/// The generated types a feature's signatures name, for its imports.
fn named_types(feature: &Feature) -> BTreeSet<String> {
    const BUILT_IN: [&str; 3] = ["Array", "Record", "Partial"];
    let mut names = BTreeSet::new();
    for command in &feature.commands {
        let types = command.args.iter().map(|(_, t)| t).chain([&command.result]);
        for ty in types {
            let (TsType::Value(text) | TsType::Channel(text)) = ty;
            for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
                if word.starts_with(|c: char| c.is_ascii_uppercase()) && !BUILT_IN.contains(&word) {
                    names.insert(word.to_owned());
                }
            }
        }
    }
    names
}

/// `accept_overlap` → `acceptOverlap`, as Tauri names command arguments for JavaScript.
fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::path::PathBuf;

    use super::*;

    fn api_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/api")
    }

    #[test]
    fn camel_case_is_what_tauri_expects() {
        assert_eq!(camel("accept_overlap"), "acceptOverlap");
        assert_eq!(camel("id"), "id");
        assert_eq!(camel("on_progress"), "onProgress");
    }

    #[test]
    fn command_names_are_unique_across_features() {
        let mut seen = HashSet::new();
        for feature in crate::commands::signatures() {
            for command in feature.commands {
                assert!(seen.insert(command.name), "{} declared twice", command.name);
            }
        }
    }

    /// Every command has its TypeScript function and every module its feature: a module left
    /// over from a renamed feature fails here, a missing function fails `svelte-check`.
    #[test]
    fn typescript_commands_are_current() {
        let dir = api_dir();
        let update = std::env::var_os("UPDATE_TS_BINDINGS").is_some();
        let features = crate::commands::signatures();
        let mut expected = HashSet::new();
        let mut stale = Vec::new();
        for feature in &features {
            for name in named_types(feature) {
                assert!(
                    dir.join("generated").join(format!("{name}.ts")).exists(),
                    "{}: type {name} has no generated file",
                    feature.name
                );
            }
            let path = dir.join(file_name(feature));
            expected.insert(path.clone());
            let text = render(feature);
            if update {
                std::fs::create_dir_all(dir.join("commands")).expect("commands dir");
                std::fs::write(&path, &text).expect("write");
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                stale.push(path.display().to_string());
            }
        }
        for entry in std::fs::read_dir(dir.join("commands")).expect("commands dir") {
            let path = entry.expect("entry").path();
            if !expected.contains(&path) {
                if update {
                    std::fs::remove_file(&path).expect("remove");
                } else {
                    stale.push(format!("{} (no such feature)", path.display()));
                }
            }
        }
        assert!(
            stale.is_empty(),
            "stale command modules (run with UPDATE_TS_BINDINGS=1): {stale:?}"
        );
    }
}
