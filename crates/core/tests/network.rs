//! The network against a real encrypted database: memberships and their rules, topics of
//! expertise, "who knows X" ranked by participation within a Bundesland, the graph's edges from
//! shared cases, events and memberships, and what a merge and an erasure do to them.

use beratungsplaner_core::domain::*;
use beratungsplaner_core::store::DatabaseKey;
use beratungsplaner_core::{Error, Planner};
use chrono::NaiveDate;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("date")
}

fn contact(kind: ContactKind, name: &str) -> ContactInput {
    ContactInput {
        kind,
        name: name.into(),
        organisation: None,
        organisation_type: (kind == ContactKind::Organisation).then_some(OrganisationType::SocialAgency),
        email: None,
        phone: None,
    }
}

struct Network {
    planner: Planner,
    _dir: tempfile::TempDir,
    hessen: i64,
    bayern: i64,
    anna: i64,
    bernd: i64,
    cem: i64,
    dora: i64,
    diakonie: i64,
}

async fn case(planner: &Planner, municipality: i64, title: &str, topics: &[&str], people: &[i64]) -> i64 {
    let id = planner
        .create_case(CaseInput {
            title: title.into(),
            summary: String::new(),
            priority: Priority::Normal,
            municipality_id: Some(municipality),
            neighbourhood_id: None,
            advisor: "Miriam Albers".into(),
            opened_on: Some(day(1, 10)),
            closed_on: None,
            next_step: None,
            next_step_due: None,
            topics: topics.iter().map(|t| (*t).to_owned()).collect(),
        })
        .await
        .expect("case")
        .case
        .id;
    for &person in people {
        planner
            .add_participant(
                id,
                ParticipantInput {
                    contact_id: Some(person),
                    new_contact: None,
                    role: "Quartiersmanagement".into(),
                    from_on: Some(day(2, 1)),
                },
            )
            .await
            .expect("role");
    }
    id
}

async fn municipality(planner: &Planner, name: &str, state: &str) -> i64 {
    planner
        .create_municipality(MunicipalityInput {
            name: name.into(),
            state: state.into(),
            ags: None,
        })
        .await
        .expect("municipality")
        .id
}

/// Oberstedt (Hessen): Anna on two fund cases, Bernd on one and at the fund workshop, Dora on a
/// case of another topic with the fund as her expertise. Unterfeld (Bayern): Cem on a fund case.
async fn network() -> Network {
    let dir = tempfile::tempdir().expect("tempdir");
    let planner = Planner::open(&dir.path().join("network.db"), &DatabaseKey::from_bytes([6; 32]))
        .await
        .expect("open");
    let hessen = municipality(&planner, "Oberstedt", "HE").await;
    let bayern = municipality(&planner, "Unterfeld", "BY").await;
    let mut people = Vec::new();
    for name in ["Anna Albrecht", "Bernd Berger", "Cem Çelik", "Dora Dietz"] {
        people.push(
            planner
                .create_contact(contact(ContactKind::Person, name))
                .await
                .expect("person")
                .id,
        );
    }
    let [anna, bernd, cem, dora] = people[..] else {
        unreachable!()
    };
    let diakonie = planner
        .create_contact(contact(ContactKind::Organisation, "Diakonie Oberstedt"))
        .await
        .expect("organisation")
        .id;
    case(
        &planner,
        hessen,
        "Verfügungsfonds Nord",
        &["Quartiersfonds"],
        &[anna, bernd],
    )
    .await;
    case(
        &planner,
        hessen,
        "Fonds Südstadt",
        &["Quartiersfonds", "Teilhabe"],
        &[anna],
    )
    .await;
    case(&planner, hessen, "Spielplatz", &["Beteiligung"], &[dora]).await;
    case(&planner, bayern, "Fonds Unterfeld", &["Quartiersfonds"], &[cem]).await;
    let workshop = planner
        .create_event(EventInput {
            format: EventFormat::Workshop,
            title: "Workshop Quartiersfonds".into(),
            location: Some("Bürgerhaus".into()),
            online_url: None,
            organiser: "Miriam Albers".into(),
            all_day: true,
            starts_on: day(3, 4),
            ends_on: day(3, 4),
            start_time: None,
            end_time: None,
            time_zone: "Europe/Berlin".into(),
            capacity: None,
            notes: None,
            municipality_ids: vec![hessen],
            case_ids: vec![],
            sessions: vec![],
            accept_overlap: true,
        })
        .await
        .expect("event")
        .id;
    planner.invite_to_event(workshop, &[bernd, dora]).await.expect("invite");
    for p in planner.event_participants(workshop).await.expect("participants") {
        let status = if p.contact_id == Some(bernd) {
            EventParticipantStatus::Attended
        } else {
            EventParticipantStatus::Cancelled
        };
        planner
            .set_event_participant_status(workshop, p.id, EventParticipantStatus::Registered)
            .await
            .expect("registered");
        planner
            .set_event_participant_status(workshop, p.id, status)
            .await
            .expect("status");
    }
    planner
        .set_expertise(
            dora,
            vec!["Quartiersfonds".into(), " quartiersfonds ".into(), "Beteiligung".into()],
        )
        .await
        .expect("expertise");
    Network {
        planner,
        _dir: dir,
        hessen,
        bayern,
        anna,
        bernd,
        cem,
        dora,
        diakonie,
    }
}

fn names(experts: &[Expert]) -> Vec<(&str, u32, u32, bool)> {
    experts
        .iter()
        .map(|e| (e.contact.name.as_str(), e.cases, e.events, e.declared))
        .collect()
}

#[tokio::test]
async fn who_knows_the_fund_in_hessen_ranks_by_participation() {
    let n = network().await;
    let hessen = n
        .planner
        .who_knows("quartiersfonds", Some(FederalState::HE))
        .await
        .expect("search");
    assert_eq!(
        names(&hessen),
        [
            ("Anna Albrecht", 2, 0, false),
            ("Bernd Berger", 1, 1, false),
            ("Dora Dietz", 0, 0, true)
        ]
    );
    assert_eq!(hessen[0].states, [FederalState::HE]);
    let everywhere = n.planner.who_knows("Quartiersfonds", None).await.expect("search");
    assert_eq!(everywhere.len(), 4, "{:?}", names(&everywhere));
    assert!(everywhere
        .iter()
        .any(|e| e.contact.id == n.cem && e.states == [FederalState::BY]));
    assert!(n.planner.who_knows("Klima", None).await.expect("search").is_empty());
    assert!(matches!(
        n.planner.who_knows("  ", None).await,
        Err(Error::Validation(_))
    ));
    let dora = n.planner.contact_profile(n.dora).await.expect("profile");
    assert_eq!(
        dora.expertise,
        ["Quartiersfonds", "Beteiligung"],
        "cleaned, case folded"
    );
    assert_eq!(dora.events.len(), 1);
    assert_eq!(dora.cases.len(), 1);
}

#[tokio::test]
async fn memberships_keep_their_rules_and_join_the_graph() {
    let n = network().await;
    let membership = |person_id, organisation_id, from_on, until_on| MembershipInput {
        person_id,
        organisation_id,
        role: Some("Geschäftsführung".into()),
        from_on,
        until_on,
    };
    let profile = n
        .planner
        .save_membership(None, membership(n.anna, n.diakonie, Some(day(1, 1)), None))
        .await
        .expect("membership");
    assert_eq!(profile.memberships.len(), 1);
    assert_eq!(profile.memberships[0].organisation_name, "Diakonie Oberstedt");
    for (bad, field) in [
        (membership(n.anna, n.bernd, None, None), "organisation_id"),
        (membership(n.diakonie, n.diakonie, None, None), "organisation_id"),
        (
            membership(n.anna, n.diakonie, Some(day(5, 1)), Some(day(4, 1))),
            "until_on",
        ),
    ] {
        match n.planner.save_membership(None, bad).await {
            Err(Error::Validation(errors)) => assert_eq!(errors.0[0].field, field),
            other => panic!("{other:?}"),
        }
    }
    let id = profile.memberships[0].id;
    let ended = n
        .planner
        .save_membership(
            Some(id),
            membership(n.anna, n.diakonie, Some(day(1, 1)), Some(day(6, 30))),
        )
        .await
        .expect("ended");
    assert_eq!(ended.memberships[0].until_on, Some(day(6, 30)));
    let organisation = n.planner.contact_profile(n.diakonie).await.expect("organisation");
    assert_eq!(organisation.memberships[0].person_name, "Anna Albrecht");

    let graph = n.planner.network_graph(NetworkFilter::default()).await.expect("graph");
    let edge = |a: String, b: String, kind| {
        let (s, t) = if a <= b { (a, b) } else { (b, a) };
        graph
            .edges
            .iter()
            .find(|e| e.source == s && e.target == t && e.kind == kind)
            .map(|e| e.weight)
    };
    let (anna, bernd, dora) = (format!("p{}", n.anna), format!("p{}", n.bernd), format!("p{}", n.dora));
    let (hessen, bayern) = (format!("m{}", n.hessen), format!("m{}", n.bayern));
    assert_eq!(edge(anna.clone(), bernd.clone(), NetworkEdgeKind::Case), Some(1));
    assert_eq!(edge(anna.clone(), hessen.clone(), NetworkEdgeKind::Case), Some(2));
    assert_eq!(
        edge(anna.clone(), format!("o{}", n.diakonie), NetworkEdgeKind::Membership),
        Some(1)
    );
    assert_eq!(
        edge(bernd.clone(), dora.clone(), NetworkEdgeKind::Event),
        None,
        "Dora cancelled"
    );
    assert_eq!(graph.nodes.len(), 7, "{:?}", graph.nodes);

    // Only Bayern: Cem and Unterfeld. Only the fund: Dora for her expertise, without an edge.
    let bavaria = n
        .planner
        .network_graph(NetworkFilter {
            state: Some(FederalState::BY),
            ..NetworkFilter::default()
        })
        .await
        .expect("graph");
    let keys: Vec<&str> = bavaria.nodes.iter().map(|n| n.key.as_str()).collect();
    assert_eq!(keys, [format!("p{}", n.cem), bayern]);
    let fund = n
        .planner
        .network_graph(NetworkFilter {
            topic: Some("Quartiersfonds".into()),
            state: Some(FederalState::HE),
            ..NetworkFilter::default()
        })
        .await
        .expect("graph");
    assert!(fund.nodes.iter().any(|node| node.key == dora && node.degree == 0));
    // A period after the membership ended and before the cases' roles began shows nothing.
    let none = n
        .planner
        .network_graph(NetworkFilter {
            from_on: Some(day(1, 2)),
            until_on: Some(day(1, 20)),
            ..NetworkFilter::default()
        })
        .await
        .expect("graph");
    assert_eq!(none.edges.len(), 1, "only the membership overlaps: {:?}", none.edges);
    assert!(matches!(
        n.planner
            .network_graph(NetworkFilter {
                from_on: Some(day(3, 1)),
                until_on: Some(day(2, 1)),
                ..NetworkFilter::default()
            })
            .await,
        Err(Error::Validation(_))
    ));
}

#[tokio::test]
async fn a_merge_carries_memberships_and_expertise_and_an_erasure_takes_them() {
    let n = network().await;
    let twin = n
        .planner
        .create_contact(contact(ContactKind::Person, "Anna Albrecht"))
        .await
        .expect("twin")
        .id;
    for (person, topics) in [
        (n.anna, vec!["Teilhabe".to_owned()]),
        (twin, vec!["Quartiersfonds".to_owned()]),
    ] {
        n.planner.set_expertise(person, topics).await.expect("expertise");
    }
    n.planner
        .save_membership(
            None,
            MembershipInput {
                person_id: twin,
                organisation_id: n.diakonie,
                role: None,
                from_on: None,
                until_on: None,
            },
        )
        .await
        .expect("membership");
    n.planner.merge_contacts(n.anna, twin, false).await.expect("merge");
    let anna = n.planner.contact_profile(n.anna).await.expect("anna");
    assert_eq!(anna.memberships.len(), 1, "the twin's membership carried over");
    let mut expertise = anna.expertise.clone();
    expertise.sort();
    assert_eq!(expertise, ["Quartiersfonds", "Teilhabe"]);

    n.planner.erase_contact(n.anna).await.expect("erase");
    let organisation = n.planner.contact_profile(n.diakonie).await.expect("organisation");
    assert!(
        organisation.memberships.is_empty(),
        "an erased person leaves no membership"
    );
    let left = n.planner.who_knows("Quartiersfonds", None).await.expect("search");
    assert!(left.iter().all(|e| e.contact.id != n.anna));
}
