//! The 16 German federal states (Bundesländer) and their official key prefixes.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A German federal state, by its two-letter code (as used for public holidays).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[allow(missing_docs)]
pub enum FederalState {
    SH,
    HH,
    NI,
    HB,
    NW,
    HE,
    RP,
    BW,
    BY,
    SL,
    BE,
    BB,
    MV,
    SN,
    ST,
    TH,
}

impl FederalState {
    /// All states in the order of their official key (01 … 16).
    pub const ALL: [FederalState; 16] = [
        Self::SH,
        Self::HH,
        Self::NI,
        Self::HB,
        Self::NW,
        Self::HE,
        Self::RP,
        Self::BW,
        Self::BY,
        Self::SL,
        Self::BE,
        Self::BB,
        Self::MV,
        Self::SN,
        Self::ST,
        Self::TH,
    ];

    /// The two-letter code, e.g. `NW`.
    pub fn code(self) -> &'static str {
        match self {
            Self::SH => "SH",
            Self::HH => "HH",
            Self::NI => "NI",
            Self::HB => "HB",
            Self::NW => "NW",
            Self::HE => "HE",
            Self::RP => "RP",
            Self::BW => "BW",
            Self::BY => "BY",
            Self::SL => "SL",
            Self::BE => "BE",
            Self::BB => "BB",
            Self::MV => "MV",
            Self::SN => "SN",
            Self::ST => "ST",
            Self::TH => "TH",
        }
    }

    /// Parses a two-letter code, case-insensitively.
    pub fn from_code(code: &str) -> Option<Self> {
        let upper = code.trim().to_ascii_uppercase();
        Self::ALL.into_iter().find(|s| s.code() == upper)
    }

    /// The first two digits of every official municipality key (AGS) in this state.
    pub fn ags_prefix(self) -> String {
        let position = Self::ALL.iter().position(|s| *s == self).unwrap_or(0);
        format!("{:02}", position + 1)
    }

    /// The German name, e.g. `Nordrhein-Westfalen`.
    pub fn name_de(self) -> &'static str {
        match self {
            Self::SH => "Schleswig-Holstein",
            Self::HH => "Hamburg",
            Self::NI => "Niedersachsen",
            Self::HB => "Bremen",
            Self::NW => "Nordrhein-Westfalen",
            Self::HE => "Hessen",
            Self::RP => "Rheinland-Pfalz",
            Self::BW => "Baden-Württemberg",
            Self::BY => "Bayern",
            Self::SL => "Saarland",
            Self::BE => "Berlin",
            Self::BB => "Brandenburg",
            Self::MV => "Mecklenburg-Vorpommern",
            Self::SN => "Sachsen",
            Self::ST => "Sachsen-Anhalt",
            Self::TH => "Thüringen",
        }
    }
}

impl std::fmt::Display for FederalState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ags_prefixes_follow_the_official_order() {
        let expected = [
            ("SH", "01"),
            ("HH", "02"),
            ("NI", "03"),
            ("HB", "04"),
            ("NW", "05"),
            ("HE", "06"),
            ("RP", "07"),
            ("BW", "08"),
            ("BY", "09"),
            ("SL", "10"),
            ("BE", "11"),
            ("BB", "12"),
            ("MV", "13"),
            ("SN", "14"),
            ("ST", "15"),
            ("TH", "16"),
        ];
        for (code, prefix) in expected {
            let state = FederalState::from_code(code).expect("known code");
            assert_eq!(state.ags_prefix(), prefix);
            assert_eq!(state.code(), code);
        }
        assert_eq!(FederalState::from_code("nw"), Some(FederalState::NW));
        assert_eq!(FederalState::from_code("XX"), None);
    }
}
