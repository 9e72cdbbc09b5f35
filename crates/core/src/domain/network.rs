//! The network: organisations and their members, topics of expertise, "who knows X", and the graph
//! of who worked with whom.
//!
//! The graph's edges come from what really happened: a role on the same case, a place at the same
//! event, a membership. The data is built here and drawn by the window; this module holds the
//! rules (which links count, how the graph is put together, how people are ranked) without I/O.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::validation::FieldErrors;
use super::{non_empty, Contact, ContactKind, FederalState};

/// An event with more people than this joins nobody to anybody in the graph: two of the congress's
/// 200 guests did not work together, and its 19,900 pairs would hide every real tie.
pub const LARGEST_EVENT_THAT_LINKS: usize = 40;

/// The most topics of expertise on one contact.
pub const MAX_EXPERTISE: usize = 20;

/// A person's membership of an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Membership {
    /// Database id.
    pub id: i64,
    /// The person.
    pub person_id: i64,
    /// Their name.
    pub person_name: String,
    /// The organisation.
    pub organisation_id: i64,
    /// Its name.
    pub organisation_name: String,
    /// Role in the organisation, e.g. `Geschäftsführerin`.
    pub role: Option<String>,
    /// Since when, if known.
    pub from_on: Option<NaiveDate>,
    /// Until when; `None` while current.
    pub until_on: Option<NaiveDate>,
}

/// What the user enters for a membership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct MembershipInput {
    pub person_id: i64,
    pub organisation_id: i64,
    pub role: Option<String>,
    pub from_on: Option<NaiveDate>,
    pub until_on: Option<NaiveDate>,
}

impl MembershipInput {
    /// Checks the fields (that the two contacts are a person and an organisation is the store's
    /// to check, which reads them) and returns the trimmed input.
    pub fn validate(&self) -> crate::Result<MembershipInput> {
        let mut errors = FieldErrors::default();
        errors.limit_text("role", self.role.as_deref(), 120);
        if self.person_id == self.organisation_id {
            errors.add(
                "organisation_id",
                "Bitte eine Organisation wählen.",
                "Please choose an organisation.",
            );
        }
        if let (Some(from), Some(until)) = (self.from_on, self.until_on) {
            if until < from {
                errors.add(
                    "until_on",
                    "Das Ende liegt vor dem Beginn.",
                    "The end is before the start.",
                );
            }
        }
        errors.into_result()?;
        Ok(MembershipInput {
            role: non_empty(self.role.as_deref()),
            ..self.clone()
        })
    }
}

/// Cleans a list of topics of expertise: trimmed, without empties and repeats (case folded), at
/// most [`MAX_EXPERTISE`], each at most 80 characters.
pub fn clean_expertise(topics: &[String]) -> crate::Result<Vec<String>> {
    let mut errors = FieldErrors::default();
    let mut seen = BTreeSet::new();
    let mut clean = Vec::new();
    for topic in topics.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if topic.chars().count() > 80 {
            errors.add(
                "expertise",
                "Ein Thema darf höchstens 80 Zeichen haben.",
                "A topic may have at most 80 characters.",
            );
            break;
        }
        if seen.insert(topic.to_lowercase()) {
            clean.push(topic.to_owned());
        }
    }
    if clean.len() > MAX_EXPERTISE {
        errors.add(
            "expertise",
            "Höchstens 20 Themen je Kontakt.",
            "At most 20 topics per contact.",
        );
    }
    errors.into_result()?;
    Ok(clean)
}

/// A case a contact has a role on, as their page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct ContactCase {
    pub case_id: i64,
    pub reference: String,
    pub title: String,
    pub municipality: String,
    pub role: String,
    pub from_on: NaiveDate,
    pub until_on: Option<NaiveDate>,
}

/// An event a contact was invited to, as their page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct ContactEvent {
    pub event_id: i64,
    pub title: String,
    pub starts_on: NaiveDate,
    pub status: super::EventParticipantStatus,
}

/// A contact with what the network knows of them: their page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ContactProfile {
    /// The contact.
    pub contact: Contact,
    /// Topics of expertise.
    pub expertise: Vec<String>,
    /// A person's organisations, or an organisation's members.
    pub memberships: Vec<Membership>,
    /// Roles on cases, newest first.
    pub cases: Vec<ContactCase>,
    /// Events, newest first.
    pub events: Vec<ContactEvent>,
}

/// Which part of the network to show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NetworkFilter {
    /// Only cases of this topic and events about it (a case of the topic linked, or its title
    /// naming it); people with it as expertise are always shown.
    pub topic: Option<String>,
    /// Only cases and events in this Bundesland.
    pub state: Option<FederalState>,
    /// Only what overlaps the period from …
    pub from_on: Option<NaiveDate>,
    /// … until.
    pub until_on: Option<NaiveDate>,
}

impl NetworkFilter {
    /// Checks the period and trims the topic.
    pub fn validate(&self) -> crate::Result<NetworkFilter> {
        let mut errors = FieldErrors::default();
        if let (Some(from), Some(until)) = (self.from_on, self.until_on) {
            if until < from {
                errors.add(
                    "until_on",
                    "Das Ende liegt vor dem Beginn.",
                    "The end is before the start.",
                );
            }
        }
        errors.into_result()?;
        Ok(NetworkFilter {
            topic: non_empty(self.topic.as_deref()),
            ..self.clone()
        })
    }
}

/// What a node of the graph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum NetworkNodeKind {
    Person,
    Organisation,
    Municipality,
}

/// A node: a person, an organisation or a Kommune.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NetworkNode {
    /// Unique in the graph: `p12`, `o3`, `m5`.
    pub key: String,
    /// What it is.
    pub kind: NetworkNodeKind,
    /// The contact's or the Kommune's database id.
    pub id: i64,
    /// Name.
    pub label: String,
    /// A person's organisation, a Kommune's Bundesland.
    pub detail: Option<String>,
    /// How many edges it has.
    pub degree: u32,
}

/// Why two nodes are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum NetworkEdgeKind {
    /// A role on the same case, or a role on a case of the Kommune.
    Case,
    /// The same event.
    Event,
    /// A person's membership of an organisation.
    Membership,
}

/// An edge between two nodes (by their keys), with how many cases or events make it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct NetworkEdge {
    pub source: String,
    pub target: String,
    pub kind: NetworkEdgeKind,
    pub weight: u32,
}

/// The network to draw.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NetworkGraph {
    /// People, organisations and Kommunen, by kind and name.
    pub nodes: Vec<NetworkNode>,
    /// Edges, heaviest first.
    pub edges: Vec<NetworkEdge>,
}

/// A role of a contact on a case of a Kommune (one row per role that the filter admits).
#[derive(Debug, Clone, Copy)]
#[allow(missing_docs)]
pub struct RoleLink {
    pub contact_id: i64,
    pub case_id: i64,
    pub municipality_id: i64,
}

/// A contact's place at an event.
#[derive(Debug, Clone, Copy)]
#[allow(missing_docs)]
pub struct EventPlace {
    pub contact_id: i64,
    pub event_id: i64,
}

/// A node's facts, read for the ids the links name.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct NodeFacts {
    pub kind: NetworkNodeKind,
    pub id: i64,
    pub label: String,
    pub detail: Option<String>,
}

impl NodeFacts {
    fn key(&self) -> String {
        node_key(self.kind, self.id)
    }
}

fn node_key(kind: NetworkNodeKind, id: i64) -> String {
    let prefix = match kind {
        NetworkNodeKind::Person => 'p',
        NetworkNodeKind::Organisation => 'o',
        NetworkNodeKind::Municipality => 'm',
    };
    format!("{prefix}{id}")
}

/// What the graph is made of: the links the filter admits, the memberships, and the facts of every
/// contact and Kommune they name (plus the people shown for their expertise alone).
#[derive(Debug, Default)]
pub struct NetworkParts {
    /// Roles on cases.
    pub roles: Vec<RoleLink>,
    /// Places at events.
    pub places: Vec<EventPlace>,
    /// Memberships: (person, organisation).
    pub memberships: Vec<(i64, i64)>,
    /// Contacts by id.
    pub contacts: HashMap<i64, NodeFacts>,
    /// Kommunen by id.
    pub municipalities: HashMap<i64, NodeFacts>,
    /// Contacts shown although no link names them (their expertise is the topic).
    pub experts: Vec<i64>,
}

/// A node while the graph is built: cheap to hash and copy (the key string is made once, at the end).
type NodeId = (NetworkNodeKind, i64);

/// Puts the graph together: a contact–Kommune edge per Kommune of their cases, a contact–contact
/// edge per shared case or (small) event, a membership edge; weights count cases and events.
pub fn build_graph(parts: &NetworkParts) -> NetworkGraph {
    let contact = |id: i64| parts.contacts.get(&id).map(|f| (f.kind, f.id));
    let municipality = |id: i64| parts.municipalities.get(&id).map(|f| (f.kind, f.id));
    let mut weights: HashMap<(NodeId, NodeId, NetworkEdgeKind), u32> = HashMap::new();
    let mut add = |a: NodeId, b: NodeId, kind: NetworkEdgeKind| {
        let pair = if a <= b { (a, b) } else { (b, a) };
        *weights.entry((pair.0, pair.1, kind)).or_default() += 1;
    };

    let mut by_case: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
    let mut seen_case_municipality = BTreeSet::new();
    for role in &parts.roles {
        by_case.entry(role.case_id).or_default().insert(role.contact_id);
        if seen_case_municipality.insert((role.contact_id, role.case_id)) {
            if let (Some(c), Some(m)) = (contact(role.contact_id), municipality(role.municipality_id)) {
                add(c, m, NetworkEdgeKind::Case);
            }
        }
    }
    for people in by_case.values() {
        pairs(people, &contact, |a, b| add(a, b, NetworkEdgeKind::Case));
    }
    let mut by_event: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
    for place in &parts.places {
        by_event.entry(place.event_id).or_default().insert(place.contact_id);
    }
    for people in by_event.values().filter(|p| p.len() <= LARGEST_EVENT_THAT_LINKS) {
        pairs(people, &contact, |a, b| add(a, b, NetworkEdgeKind::Event));
    }
    for &(person, organisation) in &parts.memberships {
        if let (Some(p), Some(o)) = (contact(person), contact(organisation)) {
            add(p, o, NetworkEdgeKind::Membership);
        }
    }

    let mut degree: HashMap<NodeId, u32> = HashMap::new();
    for (a, b, _) in weights.keys() {
        *degree.entry(*a).or_default() += 1;
        *degree.entry(*b).or_default() += 1;
    }
    let mut edges: Vec<NetworkEdge> = weights
        .into_iter()
        .map(|((a, b, kind), weight)| {
            let (a, b) = (node_key(a.0, a.1), node_key(b.0, b.1));
            let (source, target) = if a <= b { (a, b) } else { (b, a) };
            NetworkEdge {
                source,
                target,
                kind,
                weight,
            }
        })
        .collect();
    edges.sort_unstable_by(|a, b| {
        b.weight
            .cmp(&a.weight)
            .then_with(|| (&a.source, &a.target, a.kind).cmp(&(&b.source, &b.target, b.kind)))
    });
    let experts: HashSet<i64> = parts.experts.iter().copied().collect();
    let mut nodes: Vec<NetworkNode> = parts
        .contacts
        .values()
        .chain(parts.municipalities.values())
        .filter_map(|facts| {
            let degree = degree.get(&(facts.kind, facts.id)).copied().unwrap_or(0);
            let expert = facts.kind != NetworkNodeKind::Municipality && experts.contains(&facts.id);
            (degree > 0 || expert).then(|| NetworkNode {
                key: facts.key(),
                kind: facts.kind,
                id: facts.id,
                label: facts.label.clone(),
                detail: facts.detail.clone(),
                degree,
            })
        })
        .collect();
    nodes.sort_by_cached_key(|n| (n.kind, n.label.to_lowercase(), n.id));
    NetworkGraph { nodes, edges }
}

fn pairs(people: &BTreeSet<i64>, node: &impl Fn(i64) -> Option<NodeId>, mut add: impl FnMut(NodeId, NodeId)) {
    let nodes: Vec<NodeId> = people.iter().filter_map(|&id| node(id)).collect();
    for (i, a) in nodes.iter().enumerate() {
        for b in &nodes[i + 1..] {
            add(*a, *b);
        }
    }
}

/// The kind of node a contact is.
pub fn contact_node_kind(kind: ContactKind) -> NetworkNodeKind {
    match kind {
        ContactKind::Person => NetworkNodeKind::Person,
        ContactKind::Organisation => NetworkNodeKind::Organisation,
    }
}

/// One answer to "who in our network knows X?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Expert {
    /// The person or organisation.
    pub contact: Contact,
    /// Whether they name the topic as their expertise.
    pub declared: bool,
    /// Cases of the topic they had a role on.
    pub cases: u32,
    /// Events about the topic they attended.
    pub events: u32,
    /// The Bundesländer of those cases and events.
    pub states: Vec<FederalState>,
}

impl Expert {
    /// How much they took part.
    pub fn participation(&self) -> u32 {
        self.cases + self.events
    }
}

/// Ranks by participation, then declared expertise, then name.
pub fn rank_experts(experts: &mut [Expert]) {
    experts.sort_by(|a, b| {
        b.participation()
            .cmp(&a.participation())
            .then_with(|| b.declared.cmp(&a.declared))
            .then_with(|| a.contact.name.to_lowercase().cmp(&b.contact.name.to_lowercase()))
            .then_with(|| a.contact.id.cmp(&b.contact.id))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(kind: NetworkNodeKind, id: i64, label: &str) -> NodeFacts {
        NodeFacts {
            kind,
            id,
            label: label.into(),
            detail: None,
        }
    }

    #[test]
    fn edges_come_from_shared_cases_small_events_and_memberships() {
        let mut parts = NetworkParts::default();
        for (id, name) in [(1, "Anna"), (2, "Bernd"), (3, "Cem")] {
            parts.contacts.insert(id, facts(NetworkNodeKind::Person, id, name));
        }
        parts
            .contacts
            .insert(9, facts(NetworkNodeKind::Organisation, 9, "Träger"));
        parts
            .municipalities
            .insert(5, facts(NetworkNodeKind::Municipality, 5, "Oberstedt"));
        parts.roles = vec![
            RoleLink {
                contact_id: 1,
                case_id: 100,
                municipality_id: 5,
            },
            RoleLink {
                contact_id: 2,
                case_id: 100,
                municipality_id: 5,
            },
            RoleLink {
                contact_id: 1,
                case_id: 101,
                municipality_id: 5,
            },
            RoleLink {
                contact_id: 2,
                case_id: 101,
                municipality_id: 5,
            },
        ];
        parts.places = vec![
            EventPlace {
                contact_id: 1,
                event_id: 7,
            },
            EventPlace {
                contact_id: 3,
                event_id: 7,
            },
        ];
        // The congress: too many to link anyone.
        for id in 1000..1000 + LARGEST_EVENT_THAT_LINKS as i64 + 1 {
            parts.places.push(EventPlace {
                contact_id: id,
                event_id: 8,
            });
        }
        parts.memberships = vec![(3, 9)];
        let graph = build_graph(&parts);
        let find = |s: &str, t: &str, kind| {
            graph
                .edges
                .iter()
                .find(|e| e.source == s && e.target == t && e.kind == kind)
                .map(|e| e.weight)
        };
        assert_eq!(find("p1", "p2", NetworkEdgeKind::Case), Some(2));
        assert_eq!(find("m5", "p1", NetworkEdgeKind::Case), Some(2));
        assert_eq!(find("p1", "p3", NetworkEdgeKind::Event), Some(1));
        assert_eq!(find("o9", "p3", NetworkEdgeKind::Membership), Some(1));
        assert_eq!(graph.edges.len(), 5);
        let labels: Vec<&str> = graph.nodes.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["Anna", "Bernd", "Cem", "Träger", "Oberstedt"]);
        assert_eq!(graph.nodes[0].degree, 3);
    }

    #[test]
    fn expertise_is_cleaned_and_bounded() {
        let clean = clean_expertise(&[" Quartiersfonds ".into(), "quartiersfonds".into(), "".into()]);
        assert_eq!(clean.ok(), Some(vec!["Quartiersfonds".to_owned()]));
        let many: Vec<String> = (0..=MAX_EXPERTISE).map(|i| format!("Thema {i}")).collect();
        assert!(clean_expertise(&many).is_err());
    }

    #[test]
    fn a_membership_ends_after_it_starts() {
        let input = MembershipInput {
            person_id: 1,
            organisation_id: 2,
            role: Some("  ".into()),
            from_on: NaiveDate::from_ymd_opt(2025, 5, 1),
            until_on: NaiveDate::from_ymd_opt(2025, 4, 1),
        };
        assert!(input.validate().is_err());
        let ok = MembershipInput {
            until_on: None,
            ..input
        }
        .validate();
        assert_eq!(ok.ok().and_then(|i| i.role), None);
    }
}
