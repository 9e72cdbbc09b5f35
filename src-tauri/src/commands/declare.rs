//! The `commands!` macro: one declaration per command, from which the Tauri command, the handler
//! that registers it and its TypeScript signature are generated.
//!
//! Why a declarative macro and not `tauri-specta`: the UI's types already come from ts-rs (the
//! core derives `TS`, not `specta::Type`), tauri-specta 2 is still a release candidate that pins
//! specta release candidates, and its generated functions return result objects instead of
//! rejecting, which would change every call site. Yaak's `with_commands!` shows the same idea at
//! this scale. What the macro guarantees: a command exists in the handler if and only if it has a
//! TypeScript function (both come from the same list), the TypeScript argument names are the Rust
//! parameter names, and the types are the ts-rs names of the Rust types, so a renamed command or
//! argument fails `svelte-check`, and a renamed `Planner` method fails to compile.

/// Declares the window's commands, grouped by feature. Each entry is
///
/// ```text
/// /// doc comment (becomes the TypeScript function's doc)
/// fn name(arg: Type, …) -> Result = |cx| body;
/// ```
///
/// where `body` is one call (into `Planner`, via `cx.planner()?`, or into one of the app's own
/// modules for what needs the window: dialogs, keychain, feed server) evaluating to
/// `Result<Result, beratungsplaner_core::Error>`. Arguments of type `Channel<T>` become
/// callbacks in TypeScript.
macro_rules! commands {
    ($(
        $(#[doc = $feature_doc:literal])*
        $feature:ident {
            $(
                $(#[doc = $doc:literal])*
                fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty = |$cx:ident| $body:expr;
            )*
        }
    )*) => {
        $($(
            $(#[doc = $doc])*
            #[tauri::command]
            #[tracing::instrument(skip_all)]
            pub async fn $name(
                app: tauri::AppHandle,
                window: tauri::WebviewWindow,
                $($arg: $ty),*
            ) -> $crate::error::CommandResult<$ret> {
                let $cx = $crate::commands::Context::new(&app, &window);
                let result: Result<$ret, beratungsplaner_core::Error> = $body;
                result.map_err(Into::into)
            }
        )*)*

        /// Registers every declared command with the window.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($($name,)*)*]
        }

        /// Every declared command's TypeScript signature, in declaration order.
        pub fn signatures() -> Vec<$crate::commands::typescript::Feature> {
            use $crate::commands::typescript::{Described, Describe as _};
            vec![$(
                $crate::commands::typescript::Feature {
                    name: stringify!($feature),
                    doc: &[$($feature_doc),*],
                    commands: vec![$(
                        $crate::commands::typescript::Signature {
                            name: stringify!($name),
                            doc: &[$($doc),*],
                            args: vec![$((stringify!($arg), Described::<$ty>::new().describe())),*],
                            result: Described::<$ret>::new().describe(),
                        }
                    ),*],
                }
            ),*]
        }
    };
}

pub(crate) use commands;
