//! Demo events: the congress and the workshops of the demo calendar become events, with the
//! contacts of their Kommunen as participants (those past came or did not, those ahead are
//! registered, waiting or invited) and the congress with its two-day programme. A random
//! generator of its own, so that the rest of the demo stays what it was for a seed.

use chrono::{Days, NaiveDate, NaiveTime};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::calendar::{Gathering, Place};
use crate::domain::{AppointmentKind, EventFormat, EventParticipantStatus, EventSession};
use crate::store::{self, Tx};
use crate::Result;

const WORKSHOP_PLACES: u32 = 12;
const CONGRESS_PLACES: u32 = 150;

fn at(day: NaiveDate, h: u32, m: u32) -> chrono::NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN))
}

fn congress_programme(first: NaiveDate) -> Vec<EventSession> {
    let second = first + Days::new(1);
    let session = |day, (h1, m1), (h2, m2), title: &str, room: &str, speakers: Option<&str>| EventSession {
        starts_at: at(day, h1, m1),
        ends_at: at(day, h2, m2),
        room: Some(room.into()),
        title: title.into(),
        speakers: speakers.map(Into::into),
    };
    vec![
        session(
            first,
            (10, 0),
            (10, 45),
            "Eröffnung und Grußworte",
            "Großer Saal",
            Some("Vorstand des Bündnisses"),
        ),
        session(
            first,
            (11, 0),
            (12, 30),
            "Verfügungsfonds in der Praxis",
            "Großer Saal",
            Some("Dr. Petra Lang"),
        ),
        session(
            first,
            (14, 0),
            (16, 0),
            "Forum: Beteiligung im Quartier",
            "Raum 2",
            None,
        ),
        session(
            second,
            (9, 30),
            (11, 0),
            "Integrierte Handlungskonzepte",
            "Großer Saal",
            Some("Prof. Jens Albrecht"),
        ),
        session(
            second,
            (11, 30),
            (13, 0),
            "Netzwerke der Träger stärken",
            "Raum 2",
            None,
        ),
        session(second, (14, 0), (15, 0), "Abschluss und Ausblick", "Großer Saal", None),
    ]
}

/// Makes events of the gatherings; how many.
pub(super) async fn generate(
    tx: &mut Tx,
    rng: &mut ChaCha8Rng,
    gatherings: &[Gathering],
    places: &[Place],
    today: NaiveDate,
) -> Result<usize> {
    for g in gatherings {
        let congress = g.kind == AppointmentKind::Congress;
        let (format, capacity) = if congress {
            (EventFormat::Congress, CONGRESS_PLACES)
        } else {
            (EventFormat::Workshop, WORKSHOP_PLACES)
        };
        let event = store::events::insert(tx, g.appointment_id, format, None, Some(capacity)).await?;
        if congress {
            store::events::replace_sessions(tx, event, &congress_programme(g.day)).await?;
        }
        let municipalities: Vec<i64> = g.municipality_id.into_iter().collect();
        let cases: Vec<i64> = g.case_id.into_iter().collect();
        store::events::replace_links(tx, event, &municipalities, &cases).await?;
        // The congress invites people from every Kommune, a workshop those of its own.
        let invited: Vec<i64> = places
            .iter()
            .filter(|p| congress || Some(p.id) == g.municipality_id)
            .flat_map(|p| p.contacts.iter().copied())
            .collect();
        let past = g.day < today;
        let mut taken = 0;
        for contact in invited {
            let wanted = if past {
                match rng.gen_range(0..10) {
                    0 => EventParticipantStatus::Cancelled,
                    1 => EventParticipantStatus::NoShow,
                    _ => EventParticipantStatus::Attended,
                }
            } else {
                match rng.gen_range(0..10) {
                    0..=5 => EventParticipantStatus::Registered,
                    6 => EventParticipantStatus::Cancelled,
                    _ => EventParticipantStatus::Invited,
                }
            };
            let status = if wanted.holds_place() && taken >= capacity {
                EventParticipantStatus::Waitlisted
            } else {
                wanted
            };
            if status.holds_place() {
                taken += 1;
            }
            store::events::add_participant(tx, event, contact, status, false).await?;
        }
    }
    Ok(gatherings.len())
}
