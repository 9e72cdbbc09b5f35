//! The demo network: the organisations the demo's people work for become organisations of their
//! own with those people as members, everyone gets topics of expertise from the cases they work
//! on, a share of the cases is about the Quartiersfonds (the fund every programme area has), and
//! two institutions of research and practice work across the country. A random generator of its
//! own, so that the rest of the demo stays what it was for a seed.

use std::collections::{BTreeMap, HashMap};

use chrono::{Days, NaiveDate};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::domain::{ContactInput, ContactKind, MembershipInput, OrganisationType};
use crate::store::{self, Tx};
use crate::Result;

/// The topic "Who knows X?" is shown with.
pub const FUND_TOPIC: &str = "Quartiersfonds";

const ROLES: [&str; 6] = [
    "Referentin",
    "Sachgebietsleitung",
    "Projektkoordination",
    "Geschäftsführung",
    "Vorstand",
    "Quartiersarbeit",
];

/// What the step made.
#[derive(Debug, Default, Clone, Copy)]
pub struct NetworkSummary {
    /// Organisations created.
    pub organisations: usize,
    /// People created (the institutions' experts).
    pub people: usize,
    /// Memberships created.
    pub memberships: usize,
}

/// Creates the network of the demo data in `tx`.
pub async fn generate(tx: &mut Tx, rng: &mut ChaCha8Rng, today: NaiveDate) -> Result<NetworkSummary> {
    let mut summary = NetworkSummary::default();
    store::cases::topics::ensure(tx, &[FUND_TOPIC]).await?;
    let cases: Vec<i64> = sqlx::query_scalar!(r#"SELECT id AS "id!" FROM cases ORDER BY id"#)
        .fetch_all(&mut **tx)
        .await?;
    let fund_cases: Vec<(i64, String)> = cases
        .iter()
        .filter(|_| rng.gen_bool(0.2))
        .map(|&id| (id, FUND_TOPIC.to_owned()))
        .collect();
    store::cases::topics::link_many(tx, &fund_cases).await?;

    let people = sqlx::query!(
        r#"SELECT id AS "id!", organisation AS "organisation!",
                  organisation_type AS "organisation_type: OrganisationType"
             FROM contacts WHERE kind = 'person' AND organisation IS NOT NULL ORDER BY id"#
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut organisations: BTreeMap<String, (Option<OrganisationType>, Vec<i64>)> = BTreeMap::new();
    for person in &people {
        let entry = organisations.entry(person.organisation.clone()).or_default();
        entry.0 = person.organisation_type;
        entry.1.push(person.id);
    }
    organisations.insert(
        "Institut für Stadt- und Quartiersforschung".into(),
        (Some(OrganisationType::Science), Vec::new()),
    );
    organisations.insert(
        "Transferstelle Sozialer Zusammenhalt".into(),
        (Some(OrganisationType::ExpertInstitution), Vec::new()),
    );
    let mut organisation_ids = HashMap::new();
    for (name, (organisation_type, members)) in &organisations {
        let id = store::contacts::insert(
            tx,
            &ContactInput {
                kind: ContactKind::Organisation,
                name: name.clone(),
                organisation: None,
                organisation_type: *organisation_type,
                email: None,
                phone: None,
            },
        )
        .await?;
        organisation_ids.insert(name.clone(), id);
        summary.organisations += 1;
        for &person_id in members {
            let from_on = today.checked_sub_days(Days::new(rng.gen_range(200..3_000)));
            store::network::insert_membership(
                tx,
                &MembershipInput {
                    person_id,
                    organisation_id: id,
                    role: ROLES.choose(rng).map(|r| (*r).to_owned()),
                    from_on,
                    until_on: None,
                },
            )
            .await?;
            summary.memberships += 1;
        }
    }

    // Expertise: the two topics a person meets most on their cases, one more at random now and then.
    let topics_met = sqlx::query!(
        r#"SELECT cc.contact_id AS "contact_id!", t.name, count(*) AS "cases!: i64"
             FROM case_contacts cc
             JOIN case_topics ct ON ct.case_id = cc.case_id
             JOIN topics t ON t.id = ct.topic_id
            WHERE cc.contact_id IS NOT NULL
            GROUP BY cc.contact_id, t.name
            ORDER BY cc.contact_id, count(*) DESC, t.name"#
    )
    .fetch_all(&mut **tx)
    .await?;
    let all_topics: Vec<String> = sqlx::query_scalar!("SELECT name FROM topics ORDER BY name")
        .fetch_all(&mut **tx)
        .await?;
    let mut expertise: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for row in topics_met {
        let topics = expertise.entry(row.contact_id).or_default();
        if topics.len() < 2 {
            topics.push(row.name);
        }
    }
    // The research institute and the transfer office: two experts each, with the fund among their topics.
    let mut experts = Vec::new();
    for (organisation, names) in [
        (
            "Institut für Stadt- und Quartiersforschung",
            ["Dr. Marlene Falk", "Prof. Tobias Brenner"],
        ),
        (
            "Transferstelle Sozialer Zusammenhalt",
            ["Selin Aydın", "Henrik Paulsen"],
        ),
    ] {
        let Some(&organisation_id) = organisation_ids.get(organisation) else {
            continue;
        };
        for name in names {
            let id = store::contacts::insert(
                tx,
                &ContactInput {
                    kind: ContactKind::Person,
                    name: name.to_owned(),
                    organisation: Some(organisation.to_owned()),
                    organisation_type: None,
                    email: None,
                    phone: None,
                },
            )
            .await?;
            store::network::insert_membership(
                tx,
                &MembershipInput {
                    person_id: id,
                    organisation_id,
                    role: Some("Wissenschaftliche Begleitung".into()),
                    from_on: today.checked_sub_days(Days::new(rng.gen_range(400..2_000))),
                    until_on: None,
                },
            )
            .await?;
            summary.memberships += 1;
            summary.people += 1;
            experts.push(id);
            expertise.insert(id, vec![FUND_TOPIC.to_owned(), "Verstetigung".to_owned()]);
        }
        expertise.insert(organisation_id, vec![FUND_TOPIC.to_owned(), "Beteiligung".to_owned()]);
    }
    for (contact_id, topics) in &mut expertise {
        if rng.gen_bool(0.25) && !experts.contains(contact_id) {
            if let Some(extra) = all_topics.choose(rng) {
                if !topics.contains(extra) {
                    topics.push(extra.clone());
                }
            }
        }
        store::network::set_expertise(tx, *contact_id, topics).await?;
    }
    Ok(summary)
}

/// Grows demo data to a network of `people` people and `organisations` organisations, for the
/// benchmark and the end-to-end test at the size the network view is measured at: each new person
/// has roles on three cases (spread by a multiplicative hash) and a membership, each new
/// organisation the fund as its expertise. One transaction; does nothing where the data is that
/// large already.
pub async fn scale(store: &store::Store, people: i64, organisations: i64) -> Result<()> {
    let mut tx = store.begin().await?;
    let (have_people, have_organisations, first) = {
        let row = sqlx::query!(
            r#"SELECT (SELECT count(*) FROM contacts WHERE kind = 'person') AS "people!: i64",
                      (SELECT count(*) FROM contacts WHERE kind = 'organisation') AS "organisations!: i64",
                      (SELECT coalesce(max(id), 0) + 1 FROM contacts) AS "first!: i64""#
        )
        .fetch_one(&mut *tx)
        .await?;
        (row.people, row.organisations, row.first)
    };
    let (more_people, more_organisations) = (people - have_people, organisations - have_organisations);
    sqlx::query!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO contacts (kind, name, created_at, updated_at)
         SELECT 'person', 'Netzwerkperson ' || i, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n WHERE ?1 > 0",
        more_people
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        r#"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
           INSERT INTO contacts (kind, name, organisation_type, expertise, created_at, updated_at)
           SELECT 'organisation', 'Fachstelle ' || i, 'expert_institution', json_array(?2),
                  '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n WHERE ?1 > 0"#,
        more_organisations,
        FUND_TOPIC
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "WITH numbered AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM cases),
              total AS (SELECT count(*) AS n FROM cases)
         INSERT INTO case_contacts (case_id, contact_id, role, from_on)
         SELECT c.id, k.id, 'Fachberatung', '2025-01-01'
           FROM contacts k, json_each('[0, 1, 2]') r, total
           JOIN numbered c ON c.i = (k.id * 7919 + r.value * 104729) % total.n
          WHERE k.id >= ?1 AND k.kind = 'person'",
        first
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "WITH numbered AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM contacts
                            WHERE kind = 'organisation'),
              total AS (SELECT count(*) AS n FROM numbered)
         INSERT INTO memberships (person_id, organisation_id, role, from_on, created_at, updated_at)
         SELECT k.id, o.id, 'Referentin', '2024-01-01', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
           FROM contacts k, total JOIN numbered o ON o.i = k.id % total.n
          WHERE k.id >= ?1 AND k.kind = 'person'",
        first
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
