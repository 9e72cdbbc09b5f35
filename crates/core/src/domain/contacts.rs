//! Contacts (Ansprechpersonen, Akteure) and their roles on cases.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::validation::{plausible_email, plausible_phone, FieldErrors};

/// Whether a contact is a person or an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[sqlx(rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum ContactKind {
    Person,
    Organisation,
}

/// The kind of organisation a contact is or works for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[sqlx(rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum OrganisationType {
    MunicipalOffice,
    SocialAgency,
    Association,
    ExpertInstitution,
    HousingCompany,
    /// Universities and research institutes (Wissenschaft).
    Science,
    Other,
}

/// A person or organisation involved in cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Contact {
    /// Database id.
    pub id: i64,
    /// Person or organisation.
    pub kind: ContactKind,
    /// Full name of the person or the organisation.
    pub name: String,
    /// For a person: the organisation they work for.
    pub organisation: Option<String>,
    /// What kind of organisation.
    pub organisation_type: Option<OrganisationType>,
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
}

/// What the user enters to create or edit a contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct ContactInput {
    /// Person or organisation.
    pub kind: ContactKind,
    pub name: String,
    /// Organisation of a person.
    pub organisation: Option<String>,
    /// Organisation type.
    pub organisation_type: Option<OrganisationType>,
    /// E-mail.
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl ContactInput {
    /// Checks every field and returns the trimmed input.
    pub fn validate(&self) -> crate::Result<ContactInput> {
        let mut errors = FieldErrors::default();
        errors.require_text("name", &self.name, 160);
        errors.limit_text("organisation", self.organisation.as_deref(), 200);
        let email = super::non_empty(self.email.as_deref());
        if email.as_deref().is_some_and(|e| !plausible_email(e)) {
            errors.add(
                "email",
                "Bitte eine gültige E-Mail-Adresse eingeben, z. B. name@stadt.de.",
                "Please enter a valid e-mail address, e.g. name@town.de.",
            );
        }
        let phone = super::non_empty(self.phone.as_deref());
        if phone.as_deref().is_some_and(|p| !plausible_phone(p)) {
            errors.add(
                "phone",
                "Bitte eine gültige Telefonnummer eingeben, z. B. 030 1234567.",
                "Please enter a valid phone number, e.g. +49 30 1234567.",
            );
        }
        errors.into_result()?;
        Ok(ContactInput {
            kind: self.kind,
            name: self.name.trim().to_owned(),
            organisation: super::non_empty(self.organisation.as_deref()),
            organisation_type: self.organisation_type,
            email,
            phone,
        })
    }
}

/// A contact's role on a case over a period; ended, never deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Participant {
    /// Database id of the role.
    pub id: i64,
    /// The case.
    pub case_id: i64,
    /// The contact; `None` once the person was erased (the role stays: "[gelöschte Person] —
    /// Quartiersmanagerin").
    pub contact: Option<Contact>,
    /// Role, e.g. `Quartiersmanagement`.
    pub role: String,
    /// Since when.
    pub from_on: NaiveDate,
    /// Until when; `None` while the role is current.
    pub until_on: Option<NaiveDate>,
}

/// Adds a contact to a case: an existing one (`contact_id`) or a new one (`new_contact`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ParticipantInput {
    /// An existing contact.
    pub contact_id: Option<i64>,
    /// A contact to create.
    pub new_contact: Option<ContactInput>,
    /// The role on the case.
    pub role: String,
    /// Since when; today if empty.
    pub from_on: Option<NaiveDate>,
}

impl ParticipantInput {
    /// Checks the role and that exactly one contact is given.
    pub fn validate(&self) -> crate::Result<()> {
        let mut errors = FieldErrors::default();
        errors.require_text("role", &self.role, 120);
        if self.contact_id.is_none() && self.new_contact.is_none() {
            errors.add(
                "contact_id",
                "Bitte eine Ansprechperson wählen oder neu anlegen.",
                "Please choose or create a contact.",
            );
        }
        if let Some(new_contact) = &self.new_contact {
            if let Err(crate::Error::Validation(inner)) = new_contact.validate() {
                errors.0.extend(inner.0);
            }
        }
        errors.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(email: Option<&str>, phone: Option<&str>) -> ContactInput {
        ContactInput {
            kind: ContactKind::Person,
            name: "Jana Beispiel".into(),
            organisation: None,
            organisation_type: None,
            email: email.map(Into::into),
            phone: phone.map(Into::into),
        }
    }

    #[test]
    fn contact_validation_table() {
        let table: &[(Option<&str>, Option<&str>, &[&str])] = &[
            (None, None, &[]),
            (Some(" "), Some(""), &[]),
            (Some("jana@lindenhagen.de"), Some("+49 5251 123456"), &[]),
            (Some("jana-at-lindenhagen"), None, &["email"]),
            (None, Some("call me"), &["phone"]),
            (Some("x@y"), Some("12"), &["email", "phone"]),
        ];
        for (email, phone, fields) in table {
            match person(*email, *phone).validate() {
                Ok(valid) => {
                    assert!(fields.is_empty(), "{email:?} {phone:?}");
                    assert_eq!(valid.email, crate::domain::non_empty(*email));
                }
                Err(crate::Error::Validation(e)) => {
                    let got: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
                    assert_eq!(&got, fields, "{email:?} {phone:?}");
                }
                Err(other) => panic!("{other}"),
            }
        }
    }

    #[test]
    fn participant_needs_a_contact_and_a_role() {
        let Err(crate::Error::Validation(e)) = (ParticipantInput {
            contact_id: None,
            new_contact: None,
            role: "".into(),
            from_on: None,
        })
        .validate() else {
            panic!("accepted");
        };
        assert!(e.has("role") && e.has("contact_id"));
    }
}
