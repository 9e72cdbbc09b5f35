//! `beratungsplaner-server`: the team server. One case base for all advisors in PostgreSQL, served
//! over HTTPS to the app's sync client; see docs/ARCHITECTURE.md, "Team server".

mod accounts;
mod cli;
mod db;
mod error;
mod http;
mod serve;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command, UserCommand};
use crate::error::ServerError;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(if matches!(cli.command, Command::Serve { .. }) {
        "info"
    } else {
        "warn"
    });
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Structured logs (JSON lines on stderr), filtered by `$BERATUNGSPLANER_SERVER_LOG` (default:
/// `info` while serving, `warn` for the administrator's commands, whose answer is their output).
/// They carry account ids, never names, passwords, tokens or record contents.
fn init_logging(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("BERATUNGSPLANER_SERVER_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

async fn run(cli: Cli) -> Result<(), ServerError> {
    let url = cli
        .database_url
        .ok_or_else(|| ServerError::Invalid("no database: give --database-url or set DATABASE_URL".into()))?;
    let pool = db::connect(&url).await?;
    match cli.command {
        Command::Migrate => {
            db::migrate(&pool).await?;
            println!("database migrated");
        }
        Command::Serve {
            bind,
            tls_cert,
            tls_key,
        } => {
            let tls = tls_cert.zip(tls_key);
            serve::serve(pool, bind, tls).await?;
        }
        Command::User(command) => user(&pool, command).await?,
    }
    Ok(())
}

async fn user(pool: &sqlx::PgPool, command: UserCommand) -> Result<(), ServerError> {
    match command {
        UserCommand::Add { name, role, prefix } => {
            let password = std::env::var("BERATUNGSPLANER_SERVER_PASSWORD").map_err(|_| {
                ServerError::Invalid("set the new account's password in BERATUNGSPLANER_SERVER_PASSWORD".into())
            })?;
            let account = accounts::add(pool, &name, role, prefix.as_deref(), &password).await?;
            println!(
                "added {} ({}, reference prefix {})",
                account.name,
                account.role.as_str(),
                account.reference_prefix
            );
        }
        UserCommand::Disable { name } => {
            accounts::disable(pool, &name).await?;
            println!("disabled {name}: its devices are signed out");
        }
        UserCommand::Scope { name, municipalities } => {
            let count = accounts::set_scope(pool, &name, &municipalities).await?;
            println!("{name} sees {count} Kommune(n)");
        }
        UserCommand::List { json } => {
            let list = accounts::list(pool).await?;
            if json {
                let text = serde_json::to_string_pretty(&list)
                    .map_err(|e| ServerError::Invalid(format!("cannot write the list: {e}")))?;
                println!("{text}");
            } else {
                for a in list {
                    let state = if a.disabled { "disabled" } else { "active" };
                    println!("{}\t{}\t{}\t{}", a.name, a.role.as_str(), a.reference_prefix, state);
                }
            }
        }
    }
    Ok(())
}
