//! What the benchmarks share: `target/bench-data/` and databases of `n` appointments (with
//! umlauts, commas and newlines in their text, a quarter all-day, Europe/Berlin across both
//! daylight-saving changes), made once per size and kept.
#![allow(dead_code)]

use std::path::PathBuf;

use beratungsplaner_core::domain::{AppointmentInput, AppointmentKind, MunicipalityInput};
use beratungsplaner_core::Planner;
use chrono::{Days, NaiveDate, NaiveTime};

pub fn data_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench-data dir");
    dir
}

/// A database with `n` appointments (made once per size and kept).
pub fn database(rt: &tokio::runtime::Runtime, n: usize) -> Planner {
    let path = data_dir().join(format!("ics-{n}.db"));
    rt.block_on(async {
        let fresh = !path.exists();
        let planner = Planner::open(&path, &test_key()).await.expect("open");
        if fresh {
            let m = planner
                .create_municipality(MunicipalityInput {
                    name: "Lindenhagen".into(),
                    state: "HE".into(),
                    ags: None,
                })
                .await
                .expect("municipality")
                .id;
            let first = NaiveDate::from_ymd_opt(2030, 1, 1).expect("date");
            for i in 0..n {
                let day = first + Days::new((i / 20) as u64 % 365);
                let all_day = i % 4 == 0;
                let hour = 8 + (i % 10) as u32;
                planner
                    .create_appointment(AppointmentInput {
                        kind: AppointmentKind::SiteVisit,
                        title: format!("Standortbesuch Nr. {i}, Quartier Süd; Begehung mit Bürgerverein"),
                        location: Some(format!("Marktstraße {}, 35390 Lindenhagen", i % 90 + 1)),
                        case_id: None,
                        municipality_id: Some(m),
                        advisor: format!("Beraterin {}", i % 50),
                        all_day,
                        starts_on: day,
                        ends_on: day,
                        start_time: (!all_day).then(|| NaiveTime::from_hms_opt(hour, 0, 0).expect("time")),
                        end_time: (!all_day).then(|| NaiveTime::from_hms_opt(hour + 1, 30, 0).expect("time")),
                        time_zone: "Europe/Berlin".into(),
                        notes: Some(
                            "Treffpunkt vor dem Rathaus.\nBitte Pläne, Fotos und Förderbescheid mitbringen.".into(),
                        ),
                        accept_overlap: true,
                    })
                    .await
                    .expect("appointment");
            }
        }
        planner
    })
}

/// The key of every database these tests write.
/// The demo data of 10,000 cases in 100 Kommunen in `target/bench-data/<name>`, grown by `grow`
/// when the file is new (made once and kept).
pub fn demo_10k<F, Fut>(rt: &tokio::runtime::Runtime, name: &str, grow: F) -> Planner
where
    F: FnOnce(Planner) -> Fut,
    Fut: std::future::Future<Output = Planner>,
{
    let path = data_dir().join(name);
    rt.block_on(async {
        let fresh = !path.exists();
        let planner = Planner::open(&path, &test_key()).await.expect("open");
        if !fresh {
            return planner;
        }
        planner
            .generate_demo_data(&beratungsplaner_core::demo::DemoOptions {
                municipalities: 100,
                cases: 10_000,
                seed: 1,
            })
            .await
            .expect("demo data");
        grow(planner).await
    })
}

fn test_key() -> beratungsplaner_core::store::DatabaseKey {
    beratungsplaner_core::store::DatabaseKey::from_bytes([7; 32])
}
