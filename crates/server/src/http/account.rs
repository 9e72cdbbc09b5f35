//! `GET /v1/account`: who the token belongs to and what they see ("Verbindung testen").

use axum::Json;
use beratungsplaner_team_protocol::Account;

use crate::accounts::{AccountRole, SignedIn};

pub async fn account(account: SignedIn) -> Json<Account> {
    Json(described(&account))
}

pub fn described(account: &SignedIn) -> Account {
    Account {
        name: account.name.clone(),
        role: account.role.into(),
        reference_prefix: account.reference_prefix.clone(),
        municipalities: match account.role {
            AccountRole::Lead => Vec::new(),
            AccountRole::Advisor => account.municipalities.clone(),
        },
    }
}
