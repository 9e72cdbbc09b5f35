//! Public holidays of the 16 German federal states, computed offline for 1990–2100.
//!
//! Easter comes from the `computus` crate (the Gregorian computus, a small dependency-free crate);
//! the rules are a table of our own, because the holiday crates on crates.io start in 1995 and do not
//! model the years from which a state-specific holiday applies, nor the one-off holidays.
//!
//! Decisions where the law is not one rule per state:
//! - **Fronleichnam** in Sachsen and Thüringen applies only in some Catholic municipalities: not
//!   listed for these states (a state-wide list cannot name it).
//! - **Mariä Himmelfahrt** in Bayern applies in municipalities with a Catholic majority, which are
//!   most of them (Munich included): listed for Bayern. In the Saarland it applies state-wide.
//! - The **Augsburger Friedensfest** (8 August, city of Augsburg only) is not listed.
//! - **Ostersonntag** and **Pfingstsonntag** are listed only for Brandenburg, whose law names them
//!   as holidays; they fall on Sundays anyway.
//! - **1990**: the unified calendar applies (Tag der Deutschen Einheit on 3 October from 1990);
//!   17 June 1990, the last "Tag der deutschen Einheit" of the Federal Republic, is listed for the
//!   western states and Berlin. State-specific holidays of the eastern states apply from 1990.
//! - **Buß- und Bettag** (the Wednesday before 23 November) was nationwide until 1994, since 1995
//!   only in Sachsen.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;

use super::super::domain::FederalState;
use FederalState::*;

/// The first and last year the table covers.
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// A public holiday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Holiday {
    /// The day.
    pub date: NaiveDate,
    /// Its German name.
    pub name: String,
}

/// When a holiday falls in a year.
#[derive(Debug, Clone, Copy)]
enum When {
    /// A fixed day of the year.
    Fixed(u32, u32),
    /// Days after Easter Sunday (negative: before).
    Easter(i64),
    /// The Wednesday before 23 November.
    RepentanceDay,
}

/// Which states, in which years.
#[derive(Debug, Clone, Copy)]
struct Rule {
    name: &'static str,
    when: When,
    /// `None`: every state.
    states: Option<&'static [FederalState]>,
    from: i32,
    until: i32,
}

const ALWAYS_FROM: i32 = 1990;
const ALWAYS_UNTIL: i32 = 2100;
const WEST: &[FederalState] = &[SH, HH, NI, HB, NW, HE, RP, BW, BY, SL, BE];

const fn all(name: &'static str, when: When) -> Rule {
    Rule {
        name,
        when,
        states: None,
        from: ALWAYS_FROM,
        until: ALWAYS_UNTIL,
    }
}

const fn some(name: &'static str, when: When, states: &'static [FederalState], from: i32, until: i32) -> Rule {
    Rule {
        name,
        when,
        states: Some(states),
        from,
        until,
    }
}

impl Rule {
    /// The same rule, ending in `year`.
    const fn until(self, year: i32) -> Self {
        Rule { until: year, ..self }
    }
}

const RULES: &[Rule] = &[
    all("Neujahr", When::Fixed(1, 1)),
    some(
        "Heilige Drei Könige",
        When::Fixed(1, 6),
        &[BW, BY],
        ALWAYS_FROM,
        ALWAYS_UNTIL,
    ),
    some("Heilige Drei Könige", When::Fixed(1, 6), &[ST], 1991, ALWAYS_UNTIL),
    some(
        "Internationaler Frauentag",
        When::Fixed(3, 8),
        &[BE],
        2019,
        ALWAYS_UNTIL,
    ),
    some(
        "Internationaler Frauentag",
        When::Fixed(3, 8),
        &[MV],
        2023,
        ALWAYS_UNTIL,
    ),
    all("Karfreitag", When::Easter(-2)),
    some("Ostersonntag", When::Easter(0), &[BB], ALWAYS_FROM, ALWAYS_UNTIL),
    all("Ostermontag", When::Easter(1)),
    all("Tag der Arbeit", When::Fixed(5, 1)),
    some("Tag der Befreiung", When::Fixed(5, 8), &[BE], 2020, 2020),
    some("Tag der Befreiung", When::Fixed(5, 8), &[BE], 2025, 2025),
    all("Christi Himmelfahrt", When::Easter(39)),
    some("Pfingstsonntag", When::Easter(49), &[BB], ALWAYS_FROM, ALWAYS_UNTIL),
    all("Pfingstmontag", When::Easter(50)),
    some(
        "Fronleichnam",
        When::Easter(60),
        &[BW, BY, HE, NW, RP, SL],
        ALWAYS_FROM,
        ALWAYS_UNTIL,
    ),
    some("Tag der deutschen Einheit", When::Fixed(6, 17), WEST, 1990, 1990),
    some(
        "Mariä Himmelfahrt",
        When::Fixed(8, 15),
        &[BY, SL],
        ALWAYS_FROM,
        ALWAYS_UNTIL,
    ),
    some("Weltkindertag", When::Fixed(9, 20), &[TH], 2019, ALWAYS_UNTIL),
    all("Tag der Deutschen Einheit", When::Fixed(10, 3)),
    some(
        "Reformationstag",
        When::Fixed(10, 31),
        &[BB, MV, SN, ST, TH],
        ALWAYS_FROM,
        ALWAYS_UNTIL,
    ),
    some(
        "Reformationstag",
        When::Fixed(10, 31),
        &[HB, HH, NI, SH],
        2018,
        ALWAYS_UNTIL,
    ),
    some(
        "Reformationstag",
        When::Fixed(10, 31),
        &[SH, HH, NI, HB, NW, HE, RP, BW, BY, SL, BE],
        2017,
        2017,
    ),
    some(
        "Allerheiligen",
        When::Fixed(11, 1),
        &[BW, BY, NW, RP, SL],
        ALWAYS_FROM,
        ALWAYS_UNTIL,
    ),
    all("Buß- und Bettag", When::RepentanceDay).until(1994),
    some("Buß- und Bettag", When::RepentanceDay, &[SN], 1995, ALWAYS_UNTIL),
    all("1. Weihnachtstag", When::Fixed(12, 25)),
    all("2. Weihnachtstag", When::Fixed(12, 26)),
];

/// The public holidays of a state in a year, by date; `None` outside [`YEARS`].
pub fn holidays(state: FederalState, year: i32) -> Option<Vec<Holiday>> {
    if !YEARS.contains(&year) {
        return None;
    }
    let easter = computus::gregorian(year).ok()?;
    let easter = NaiveDate::from_ymd_opt(easter.year, easter.month, easter.day)?;
    let mut list: Vec<Holiday> = RULES
        .iter()
        .filter(|rule| (rule.from..=rule.until).contains(&year))
        .filter(|rule| rule.states.is_none_or(|states| states.contains(&state)))
        .filter_map(|rule| {
            let date = match rule.when {
                When::Fixed(month, day) => NaiveDate::from_ymd_opt(year, month, day)?,
                When::Easter(offset) if offset < 0 => easter.checked_sub_days(Days::new(offset.unsigned_abs()))?,
                When::Easter(offset) => easter.checked_add_days(Days::new(offset.unsigned_abs()))?,
                When::RepentanceDay => repentance_day(year)?,
            };
            Some(Holiday {
                date,
                name: rule.name.to_owned(),
            })
        })
        .collect();
    list.sort_by_key(|h| h.date);
    Some(list)
}

/// The Wednesday before 23 November (between 16 and 22 November).
fn repentance_day(year: i32) -> Option<NaiveDate> {
    let mut day = NaiveDate::from_ymd_opt(year, 11, 22)?;
    while day.weekday() != Weekday::Wed {
        day = day.pred_opt()?;
    }
    Some(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(state: FederalState, year: i32) -> Vec<(String, String)> {
        holidays(state, year)
            .expect("year in range")
            .into_iter()
            .map(|h| (h.date.format("%Y-%m-%d").to_string(), h.name))
            .collect()
    }

    fn has(state: FederalState, year: i32, name: &str) -> bool {
        names(state, year).iter().any(|(_, n)| n == name)
    }

    #[test]
    fn counts_per_state_2026() {
        let expected = [
            (SH, 10),
            (HH, 10),
            (NI, 10),
            (HB, 10),
            (NW, 11),
            (HE, 10),
            (RP, 11),
            (BW, 12),
            (BY, 13),
            (SL, 12),
            (BE, 10),
            (BB, 12),
            (MV, 11),
            (SN, 11),
            (ST, 11),
            (TH, 11),
        ];
        for (state, count) in expected {
            assert_eq!(names(state, 2026).len(), count, "{state}: {:?}", names(state, 2026));
        }
    }

    #[test]
    fn movable_feasts_follow_easter() {
        let nw = names(NW, 2026);
        for (date, name) in [
            ("2026-04-03", "Karfreitag"),
            ("2026-04-06", "Ostermontag"),
            ("2026-05-14", "Christi Himmelfahrt"),
            ("2026-05-25", "Pfingstmontag"),
            ("2026-06-04", "Fronleichnam"),
        ] {
            assert!(nw.contains(&(date.to_owned(), name.to_owned())), "{date} {name}");
        }
        let by_2000 = names(BY, 2000);
        assert!(by_2000.contains(&("2000-04-24".to_owned(), "Ostermontag".to_owned())));
        assert!(by_2000.contains(&("2000-06-22".to_owned(), "Fronleichnam".to_owned())));
        let he_2100 = names(HE, 2100);
        assert!(he_2100.contains(&("2100-03-29".to_owned(), "Ostermontag".to_owned())));
    }

    #[test]
    fn state_holidays_start_in_their_year() {
        // Reformationstag in the northern states from 2018, nationwide once in 2017.
        for state in [HB, HH, NI, SH] {
            assert!(!has(state, 2016, "Reformationstag"), "{state} 2016");
            assert!(has(state, 2017, "Reformationstag"), "{state} 2017");
            assert!(has(state, 2018, "Reformationstag"), "{state} 2018");
        }
        for state in FederalState::ALL {
            assert!(
                has(state, 2017, "Reformationstag"),
                "{state}: 500 years of the Reformation"
            );
        }
        assert!(!has(NW, 2018, "Reformationstag"));
        assert!(has(SN, 1995, "Reformationstag"));
        // Frauentag: Berlin from 2019, Mecklenburg-Vorpommern from 2023.
        assert!(!has(BE, 2018, "Internationaler Frauentag") && has(BE, 2019, "Internationaler Frauentag"));
        assert!(!has(MV, 2022, "Internationaler Frauentag") && has(MV, 2023, "Internationaler Frauentag"));
        // Weltkindertag in Thüringen from 2019.
        assert!(!has(TH, 2018, "Weltkindertag") && has(TH, 2019, "Weltkindertag"));
        // Buß- und Bettag: nationwide until 1994, then only Sachsen.
        assert!(has(NW, 1994, "Buß- und Bettag") && !has(NW, 1995, "Buß- und Bettag"));
        assert!(has(SN, 1995, "Buß- und Bettag"));
        assert!(names(SN, 2026).contains(&("2026-11-18".to_owned(), "Buß- und Bettag".to_owned())));
        assert!(names(SN, 2025).contains(&("2025-11-19".to_owned(), "Buß- und Bettag".to_owned())));
        // Heilige Drei Könige in Sachsen-Anhalt from 1991.
        assert!(!has(ST, 1990, "Heilige Drei Könige") && has(ST, 1991, "Heilige Drei Könige"));
    }

    #[test]
    fn one_off_holidays() {
        assert!(has(BE, 2020, "Tag der Befreiung") && has(BE, 2025, "Tag der Befreiung"));
        assert!(!has(BE, 2021, "Tag der Befreiung") && !has(BB, 2020, "Tag der Befreiung"));
        assert!(has(NW, 1990, "Tag der deutschen Einheit") && !has(SN, 1990, "Tag der deutschen Einheit"));
        assert!(!has(NW, 1991, "Tag der deutschen Einheit"));
        assert!(has(SN, 1990, "Tag der Deutschen Einheit"));
    }

    #[test]
    fn partial_state_rules_as_documented() {
        assert!(has(BY, 2026, "Mariä Himmelfahrt") && has(SL, 2026, "Mariä Himmelfahrt"));
        assert!(!has(SN, 2026, "Fronleichnam") && !has(TH, 2026, "Fronleichnam"));
        assert!(has(BB, 2026, "Ostersonntag") && !has(HE, 2026, "Ostersonntag"));
    }

    #[test]
    fn the_whole_range_computes() {
        for year in YEARS {
            for state in FederalState::ALL {
                let list = holidays(state, year).expect("in range");
                assert!(list.len() >= 9, "{state} {year}");
                assert!(list.windows(2).all(|w| w[0].date <= w[1].date));
                assert!(list.iter().all(|h| h.date.year() == year));
            }
        }
        assert!(holidays(BE, 1989).is_none() && holidays(BE, 2101).is_none());
    }
}
