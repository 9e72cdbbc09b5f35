//! Likely duplicate contacts: the same e-mail address, or names alike in the same organisation
//! ("Dr. Anna Meyer-Hansen" and "Anna Meyer Hansen" at the Quartiersbüro Nord, or a typo). Which
//! pairs are likely is decided here, without I/O; merging them is the store's and the service's.
//!
//! Names are compared by their Levenshtein distance from `strsim` (the crate clap suggests
//! commands with), after folding case, umlauts, punctuation, academic titles and word order.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Contact;

/// Why two contacts look like one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    /// The same e-mail address.
    SameEmail,
    /// Names alike, in the same organisation.
    SimilarName,
}

/// Two contacts that are likely one person or organisation: the one to keep (the older) and the
/// one to merge into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DuplicatePair {
    /// Kept: the older of the two.
    pub keep: Contact,
    /// Merged into `keep` and then deleted.
    pub drop: Contact,
    /// Why they look like one.
    pub reason: DuplicateReason,
}

/// What merging two contacts carries over (or carried over).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MergePreview {
    /// The contact kept, with the gaps filled from the other.
    pub keep: Contact,
    /// The contact merged into it.
    pub drop: Contact,
    /// Roles on cases moved over.
    pub roles: u32,
    /// Bookings moved over.
    pub bookings: u32,
    /// Event participations moved over.
    pub participations: u32,
    /// Events both were on: one participation stays, with the further state (came beats
    /// registered beats waiting beats invited).
    pub shared_events: u32,
}

/// Academic and courtesy titles left out of a name's comparison.
const TITLES: [&str; 6] = ["dr", "prof", "frau", "herr", "dipl", "ing"];

/// Names this far apart (in edits) and at least this long count as alike: a typo, not a sibling.
const MAX_DISTANCE: usize = 2;
const MIN_LENGTH: usize = 12;

/// A name as compared: lower case, umlauts and ß folded, punctuation and titles gone, the words
/// sorted ("Dr. Müller-Lüdenscheidt, Anna" → "anna luedenscheidt mueller").
pub fn comparable_name(name: &str) -> String {
    let folded: String = name
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            'ä' => vec!['a', 'e'],
            'ö' => vec!['o', 'e'],
            'ü' => vec!['u', 'e'],
            'ß' => vec!['s', 's'],
            'é' | 'è' | 'ê' => vec!['e'],
            c if c.is_alphanumeric() => vec![c],
            _ => vec![' '],
        })
        .collect();
    let mut words: Vec<&str> = folded.split_whitespace().filter(|w| !TITLES.contains(w)).collect();
    words.sort_unstable();
    words.join(" ")
}

/// Whether two names are likely the same one's.
pub fn names_alike(a: &str, b: &str) -> bool {
    let (a, b) = (comparable_name(a), comparable_name(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    a == b || (a.len().min(b.len()) >= MIN_LENGTH && strsim::levenshtein(&a, &b) <= MAX_DISTANCE)
}

fn comparable_email(email: Option<&str>) -> Option<String> {
    email.map(|e| e.trim().to_lowercase()).filter(|e| e.contains('@'))
}

/// The likely duplicates among `contacts`, each pair once, the older kept; by the kept one's name.
pub fn find_duplicates(contacts: &[Contact]) -> Vec<DuplicatePair> {
    let mut sorted: Vec<&Contact> = contacts.iter().collect();
    sorted.sort_by_key(|c| c.id);
    let mut pairs: Vec<DuplicatePair> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut by_email: std::collections::HashMap<String, &Contact> = std::collections::HashMap::new();
    for &c in &sorted {
        if let Some(email) = comparable_email(c.email.as_deref()) {
            match by_email.get(&email) {
                Some(&first) if first.kind == c.kind => {
                    seen.insert((first.id, c.id));
                    pairs.push(DuplicatePair {
                        keep: first.clone(),
                        drop: c.clone(),
                        reason: DuplicateReason::SameEmail,
                    });
                }
                Some(_) => {}
                None => {
                    by_email.insert(email, c);
                }
            }
        }
    }
    // Names are compared among the people of one organisation only: two organisations of one
    // name (a "Quartiersbüro Nord" in two towns) or two people of one name elsewhere are others.
    let mut by_organisation: std::collections::BTreeMap<String, Vec<&Contact>> = Default::default();
    for &c in &sorted {
        let organisation = c.organisation.as_deref().map(comparable_name).unwrap_or_default();
        if c.kind == super::ContactKind::Person && !organisation.is_empty() {
            by_organisation.entry(organisation).or_default().push(c);
        }
    }
    for group in by_organisation.values() {
        for (i, a) in group.iter().enumerate() {
            for b in &group[i + 1..] {
                if !seen.contains(&(a.id, b.id)) && names_alike(&a.name, &b.name) {
                    seen.insert((a.id, b.id));
                    pairs.push(DuplicatePair {
                        keep: (*a).clone(),
                        drop: (*b).clone(),
                        reason: DuplicateReason::SimilarName,
                    });
                }
            }
        }
    }
    pairs.sort_by(|x, y| {
        x.keep
            .name
            .to_lowercase()
            .cmp(&y.keep.name.to_lowercase())
            .then(x.keep.id.cmp(&y.keep.id))
            .then(x.drop.id.cmp(&y.drop.id))
    });
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ContactKind;

    fn contact(id: i64, name: &str, organisation: &str, email: Option<&str>) -> Contact {
        Contact {
            id,
            kind: ContactKind::Person,
            name: name.into(),
            organisation: Some(organisation.into()),
            organisation_type: None,
            email: email.map(Into::into),
            phone: None,
        }
    }

    #[test]
    fn names_are_compared_without_case_titles_umlauts_and_order() {
        assert_eq!(
            comparable_name("Dr. Müller-Lüdenscheidt, Anna"),
            "anna luedenscheidt mueller"
        );
        assert!(names_alike("Anna Meyer-Hansen", "anna meyer hansen"));
        assert!(names_alike("Meyer-Hansen, Anna", "Dr. Anna Meyer-Hansen"));
        assert!(names_alike("Jürgen Schmidt", "Juergen Schmitt"), "one letter off");
        assert!(
            !names_alike("Anna Meyer", "Hanna Meier"),
            "short names need more than two edits' likeness"
        );
        assert!(!names_alike("Anna Schmidt", "Bernd Schmidt"));
    }

    #[test]
    fn pairs_by_email_and_by_name_within_an_organisation() {
        let contacts = [
            contact(
                1,
                "Anna Meyer-Hansen",
                "Quartiersbüro Nord",
                Some("a.meyer@example.org"),
            ),
            contact(2, "Anna Meyer Hansen", "Quartiersbüro Nord", None),
            contact(3, "A. Meyer", "Stadtverwaltung", Some("A.Meyer@example.org ")),
            contact(4, "Anna Meyer-Hansen", "Caritas", None),
            contact(5, "Bernd Schulz", "Quartiersbüro Nord", None),
            Contact {
                id: 6,
                kind: ContactKind::Organisation,
                organisation: None,
                ..contact(6, "Quartiersbüro Brunnenviertel", "", Some("qb@waldhagen.example"))
            },
            Contact {
                id: 7,
                kind: ContactKind::Organisation,
                organisation: None,
                ..contact(7, "Quartiersbüro Brunnenviertel", "", Some("qb@eichenstedt.example"))
            },
        ];
        let pairs = find_duplicates(&contacts);
        let ids: Vec<(i64, i64, DuplicateReason)> = pairs.iter().map(|p| (p.keep.id, p.drop.id, p.reason)).collect();
        assert_eq!(
            ids,
            vec![(1, 2, DuplicateReason::SimilarName), (1, 3, DuplicateReason::SameEmail)],
            "the same name at another organisation, or of another town's organisation, is someone else"
        );
    }
}
