//! Municipalities (Kommunen) and their neighbourhoods (Quartiere).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::state::FederalState;
use super::validation::FieldErrors;

/// A town or district the alliance advises.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Municipality {
    /// Database id.
    pub id: i64,
    /// Name, e.g. `Lindenhagen`.
    pub name: String,
    /// Federal state.
    pub state: FederalState,
    /// Official 8-digit municipality key (Amtlicher Gemeindeschlüssel), if known.
    pub ags: Option<String>,
}

/// What the user enters to create or edit a municipality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct MunicipalityInput {
    pub name: String,
    /// Two-letter code of the federal state.
    pub state: String,
    /// Official key; blank means none.
    pub ags: Option<String>,
}

/// A validated municipality input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidMunicipality {
    /// Trimmed name.
    pub name: String,
    /// Federal state.
    pub state: FederalState,
    /// Official key, digits only.
    pub ags: Option<String>,
}

impl MunicipalityInput {
    /// Checks every field; AGS must be 8 digits whose first two match the state.
    pub fn validate(&self) -> crate::Result<ValidMunicipality> {
        let mut errors = FieldErrors::default();
        errors.require_text("name", &self.name, 120);
        let state = FederalState::from_code(&self.state);
        if state.is_none() {
            errors.add(
                "state",
                "Bitte ein Bundesland wählen.",
                "Please choose a federal state.",
            );
        }
        let ags = super::non_empty(self.ags.as_deref()).map(|a| a.replace(' ', ""));
        if let Some(ags) = &ags {
            if ags.len() != 8 || !ags.chars().all(|c| c.is_ascii_digit()) {
                errors.add(
                    "ags",
                    "Der Amtliche Gemeindeschlüssel hat genau 8 Ziffern.",
                    "The official municipality key has exactly 8 digits.",
                );
            } else if let Some(state) = state {
                let prefix = state.ags_prefix();
                if !ags.starts_with(&prefix) {
                    errors.add(
                        "ags",
                        format!(
                            "Der Schlüssel passt nicht zum Bundesland: In {} beginnt er mit {prefix}.",
                            state.name_de()
                        ),
                        format!("The key does not match the federal state: in {state} it starts with {prefix}."),
                    );
                }
            }
        }
        errors.into_result()?;
        Ok(ValidMunicipality {
            name: self.name.trim().to_owned(),
            state: state.unwrap_or(FederalState::BE),
            ags,
        })
    }
}

/// An area inside a municipality with its own challenges and funding programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Neighbourhood {
    /// Database id.
    pub id: i64,
    /// The municipality it lies in.
    pub municipality_id: i64,
    /// Name, e.g. `Nordstadt`.
    pub name: String,
    /// Funding programme, e.g. `Sozialer Zusammenhalt`.
    pub programme: Option<String>,
    /// Short description of its situation.
    pub description: Option<String>,
}

/// What the user enters to create or edit a neighbourhood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct NeighbourhoodInput {
    /// The municipality it lies in.
    pub municipality_id: i64,
    pub name: String,
    /// Funding programme.
    pub programme: Option<String>,
    pub description: Option<String>,
}

impl NeighbourhoodInput {
    /// Checks every field and returns the trimmed input.
    pub fn validate(&self) -> crate::Result<NeighbourhoodInput> {
        let mut errors = FieldErrors::default();
        errors.require_text("name", &self.name, 120);
        errors.limit_text("programme", self.programme.as_deref(), 200);
        errors.limit_text("description", self.description.as_deref(), 4000);
        errors.into_result()?;
        Ok(NeighbourhoodInput {
            municipality_id: self.municipality_id,
            name: self.name.trim().to_owned(),
            programme: super::non_empty(self.programme.as_deref()),
            description: super::non_empty(self.description.as_deref()),
        })
    }
}

/// A neighbourhood in the sidebar tree, with its number of open cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct NeighbourhoodNode {
    /// The neighbourhood.
    pub neighbourhood: Neighbourhood,
    /// Cases not closed.
    pub open_cases: i64,
}

/// A municipality in the sidebar tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MunicipalityNode {
    /// The municipality.
    pub municipality: Municipality,
    /// Cases not closed, in the whole municipality.
    pub open_cases: i64,
    /// Its neighbourhoods, by name.
    pub neighbourhoods: Vec<NeighbourhoodNode>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(state: &str, ags: Option<&str>) -> MunicipalityInput {
        MunicipalityInput {
            name: "Lindenhagen".into(),
            state: state.into(),
            ags: ags.map(Into::into),
        }
    }

    #[test]
    fn ags_rules() {
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            ("NW", None, None),
            ("NW", Some(""), None),
            ("NW", Some("05315000"), None),
            ("SH", Some("01002000"), None),
            ("TH", Some("16051000"), None),
            ("BE", Some("11000000"), None),
            ("NW", Some("0531500"), Some("8 Ziffern")),
            ("NW", Some("053150000"), Some("8 Ziffern")),
            ("NW", Some("05a15000"), Some("8 Ziffern")),
            ("HE", Some("05315000"), Some("beginnt er mit 06")),
            ("XX", None, None),
        ];
        for (state, ags, expected) in cases {
            let result = input(state, *ags).validate();
            match (expected, result) {
                (None, Ok(_)) if *state != "XX" => {}
                (None, Err(crate::Error::Validation(e))) if *state == "XX" => {
                    assert!(e.has("state"));
                }
                (Some(text), Err(crate::Error::Validation(e))) => {
                    assert!(e.has("ags"), "{state} {ags:?}");
                    assert!(e.summary_de().contains(text), "{state} {ags:?}: {}", e.summary_de());
                }
                (expected, result) => panic!("{state} {ags:?}: expected {expected:?}, got {result:?}"),
            }
        }
    }

    #[test]
    fn blank_name_is_reported_in_both_languages() {
        let Err(crate::Error::Validation(e)) = MunicipalityInput {
            name: "  ".into(),
            state: "HE".into(),
            ags: None,
        }
        .validate() else {
            panic!("blank name accepted");
        };
        assert_eq!(e.0[0].field, "name");
        assert_eq!(e.0[0].de, "Bitte ausfüllen.");
        assert_eq!(e.0[0].en, "Please fill in.");
    }
}
