//! `Planner` operations on the network: a contact's page (expertise, memberships, cases, events),
//! memberships, the graph and "who knows X".

use std::collections::{BTreeSet, HashMap};

use crate::domain::*;
use crate::error::Entity;
use crate::store;
use crate::{Error, Result};

use super::Planner;

/// The most answers "who knows X" gives.
pub const MAX_EXPERTS: usize = 50;

impl Planner {
    /// A contact with their expertise, memberships, cases and events.
    pub async fn contact_profile(&self, id: i64) -> Result<ContactProfile> {
        let pool = self.store.pool();
        let contact = store::contacts::get(pool, id)
            .await?
            .ok_or(Error::not_found(Entity::Contact, id))?;
        Ok(ContactProfile {
            contact,
            expertise: store::network::expertise(pool, id).await?,
            memberships: store::network::memberships_of(pool, id).await?,
            cases: store::network::cases_of(pool, id).await?,
            events: store::network::events_of(pool, id).await?,
        })
    }

    /// Sets a contact's topics of expertise.
    pub async fn set_expertise(&self, contact_id: i64, topics: Vec<String>) -> Result<ContactProfile> {
        let topics = clean_expertise(&topics)?;
        let mut tx = self.store.begin().await?;
        if !store::network::set_expertise(&mut tx, contact_id, &topics).await? {
            return Err(Error::not_found(Entity::Contact, contact_id));
        }
        tx.commit().await?;
        self.contact_profile(contact_id).await
    }

    /// Adds a person's membership of an organisation (`id` `None`) or changes one; returns the
    /// person's page.
    pub async fn save_membership(&self, id: Option<i64>, input: MembershipInput) -> Result<ContactProfile> {
        let valid = input.validate()?;
        let mut tx = self.store.begin().await?;
        let person = store::contacts::get(&mut *tx, valid.person_id)
            .await?
            .ok_or(Error::not_found(Entity::Contact, valid.person_id))?;
        let organisation = store::contacts::get(&mut *tx, valid.organisation_id)
            .await?
            .ok_or(Error::not_found(Entity::Contact, valid.organisation_id))?;
        let mut errors = FieldErrors::default();
        if person.kind != ContactKind::Person {
            errors.add(
                "person_id",
                "Mitglied einer Organisation ist eine Person.",
                "A member of an organisation is a person.",
            );
        }
        if organisation.kind != ContactKind::Organisation {
            errors.add(
                "organisation_id",
                "Bitte eine Organisation wählen, keine Person.",
                "Please choose an organisation, not a person.",
            );
        }
        errors.into_result()?;
        match id {
            None => {
                store::network::insert_membership(&mut tx, &valid).await?;
            }
            Some(id) => {
                let stored = store::network::membership_contacts(&mut *tx, id).await?;
                if stored.map(|(person, _)| person) != Some(valid.person_id)
                    || !store::network::update_membership(&mut tx, id, &valid).await?
                {
                    return Err(Error::not_found(Entity::Membership, id));
                }
            }
        }
        tx.commit().await?;
        self.contact_profile(valid.person_id).await
    }

    /// Deletes a membership entered by mistake (one that ended is given an end instead); returns
    /// the page of `contact_id`, the person or the organisation it was shown on.
    pub async fn delete_membership(&self, id: i64, contact_id: i64) -> Result<ContactProfile> {
        let mut tx = self.store.begin().await?;
        if !store::network::delete_membership(&mut tx, id).await? {
            return Err(Error::not_found(Entity::Membership, id));
        }
        tx.commit().await?;
        self.contact_profile(contact_id).await
    }

    /// The network the filter admits: people, organisations and Kommunen joined by shared cases,
    /// events and memberships.
    pub async fn network_graph(&self, filter: NetworkFilter) -> Result<NetworkGraph> {
        let filter = filter.validate()?;
        let mut conn = self.store.pool().acquire().await?;
        let roles = store::network::role_links(&mut *conn, &filter).await?;
        let places = store::network::event_places(&mut *conn, &filter).await?;
        let experts = match &filter.topic {
            Some(topic) => store::network::declared_experts(&mut *conn, topic, filter.state).await?,
            None => Vec::new(),
        };
        let narrowed = filter.topic.is_some() || filter.state.is_some();
        let mut shown: BTreeSet<i64> = roles.iter().map(|r| r.contact_id).collect();
        shown.extend(places.iter().map(|p| p.contact_id));
        shown.extend(experts.iter().copied());
        // A membership joins the view when its person is in it (or always, when nothing narrows it).
        let memberships: Vec<(i64, i64)> = store::network::membership_links(&mut *conn, &filter)
            .await?
            .into_iter()
            .filter(|(person, _)| !narrowed || shown.contains(person))
            .collect();
        let parts = NetworkParts {
            contacts: store::network::contact_facts(&mut *conn).await?,
            municipalities: store::network::municipality_facts(&mut *conn).await?,
            roles,
            places,
            memberships,
            experts,
        };
        Ok(build_graph(&parts))
    }

    /// "Who in our network knows `topic`?" — people and organisations with cases of the topic,
    /// events about it or the topic as their expertise (in `state`, if given), ranked by how much
    /// they took part.
    pub async fn who_knows(&self, topic: &str, state: Option<FederalState>) -> Result<Vec<Expert>> {
        let topic = topic.trim();
        if topic.is_empty() {
            let mut errors = FieldErrors::default();
            errors.add("topic", "Bitte ein Thema angeben.", "Please give a topic.");
            return Err(Error::Validation(errors));
        }
        let mut conn = self.store.pool().acquire().await?;
        #[derive(Default)]
        struct Tally {
            cases: u32,
            events: u32,
            declared: bool,
            states: BTreeSet<FederalState>,
        }
        let mut tallies: HashMap<i64, Tally> = HashMap::new();
        let states_of = |codes: &str| codes.split(',').filter_map(FederalState::from_code).collect::<Vec<_>>();
        for (contact, cases, states) in store::network::topic_case_counts(&mut *conn, topic, state).await? {
            let tally = tallies.entry(contact).or_default();
            tally.cases = u32::try_from(cases).unwrap_or(u32::MAX);
            tally.states.extend(states_of(&states));
        }
        for (contact, events, states) in store::network::topic_event_counts(&mut *conn, topic, state).await? {
            let tally = tallies.entry(contact).or_default();
            tally.events = u32::try_from(events).unwrap_or(u32::MAX);
            tally.states.extend(states_of(&states));
        }
        for contact in store::network::declared_experts(&mut *conn, topic, state).await? {
            tallies.entry(contact).or_default().declared = true;
        }
        let ids: Vec<i64> = tallies.keys().copied().collect();
        let mut experts: Vec<Expert> = store::network::contacts_by_ids(&mut *conn, &ids)
            .await?
            .into_iter()
            .filter_map(|contact| {
                let tally = tallies.remove(&contact.id)?;
                Some(Expert {
                    contact,
                    declared: tally.declared,
                    cases: tally.cases,
                    events: tally.events,
                    states: tally.states.into_iter().collect(),
                })
            })
            .collect();
        rank_experts(&mut experts);
        experts.truncate(MAX_EXPERTS);
        Ok(experts)
    }
}
