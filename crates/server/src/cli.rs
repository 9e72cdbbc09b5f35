//! The command line (clap): `migrate`, `serve`, `user add|disable|scope|list`. Passwords never come
//! from an argument; the database URL best comes from `$DATABASE_URL` (an argument is visible to
//! every user of the machine).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::accounts::AccountRole;

#[derive(Debug, Parser)]
#[command(name = "beratungsplaner-server", version, about = "The Beratungsplaner team server")]
pub struct Cli {
    /// PostgreSQL connection URL (postgres://user@host/database)
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Creates or updates the server's tables
    Migrate,
    /// Serves the team's case base (HTTPS with --tls-cert and --tls-key; plain HTTP only on loopback)
    Serve {
        #[arg(long, default_value = "127.0.0.1:8443")]
        bind: SocketAddr,
        /// The certificate chain, PEM
        #[arg(long, requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// The certificate's private key, PEM
        #[arg(long, requires = "tls_cert")]
        tls_key: Option<PathBuf>,
    },
    /// Manages the team's accounts
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Adds an account; its password comes from $BERATUNGSPLANER_SERVER_PASSWORD
    Add {
        name: String,
        #[arg(long, value_enum)]
        role: AccountRole,
        /// The account's part of case references, 2–4 capital letters (default: initials)
        #[arg(long)]
        prefix: Option<String>,
    },
    /// Disables an account; its device tokens stop working at once
    Disable { name: String },
    /// Sets the Kommunen an advisor sees ("Name" or "Name (HE)" where the name is not unique)
    Scope {
        name: String,
        #[arg(long = "municipality", required = true, num_args = 1..)]
        municipalities: Vec<String>,
    },
    /// Lists the accounts
    List {
        #[arg(long)]
        json: bool,
    },
}
