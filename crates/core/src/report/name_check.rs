//! Words of an anonymised dossier that still look like names, for the advisor to check before it
//! leaves the house. The anonymiser only knows the names in the database; a name that is in no
//! record (a caller's neighbour, a new colleague at the Kommune) stays, and cannot be promised
//! away. This heuristic points at them instead of deciding: it marks a word that
//!
//! - follows a salutation or title (`Frau`, `Herrn`, `Dr.`, `Kollegin`, `Bürgermeisterin`, …,
//!   titles may chain: `Frau Dr. Kowalski`), and the next one when it is capitalised too;
//! - is on a short list of common first names (`first_names.txt`), and the next capitalised one;
//! - stands right before a placeholder (`mit Tanja [Person]`, not at the start of a sentence) or
//!   is joined to one by a hyphen (`[Person]-Lang`): what is left of a name known only in part.
//!
//! Only capitalised words count (first letter upper case, some lower case after it, or a whole
//! word after a title), placeholders like `[Person]` never, nor the words of the staff's own
//! names (advisor, authors), which the dossier prints on purpose. Capitalised pairs in general
//! are not marked: in German every noun is capitalised, so "Soziale Stadt" would be as suspect as
//! a name and the list would be too long to be read.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use super::anonymise::{fold, words};

const FIRST_NAMES: &str = include_str!("first_names.txt");

/// Salutations and titles, folded, that a name follows.
const TITLES: [&str; 26] = [
    "frau",
    "herr",
    "herrn",
    "dr",
    "prof",
    "kollegin",
    "kollege",
    "kollegen",
    "buergermeister",
    "buergermeisterin",
    "oberbuergermeister",
    "oberbuergermeisterin",
    "landrat",
    "landraetin",
    "pfarrer",
    "pfarrerin",
    "familie",
    "fam",
    "dezernent",
    "dezernentin",
    "stadtrat",
    "stadtraetin",
    "ortsvorsteher",
    "ortsvorsteherin",
    "amtsleiter",
    "amtsleiterin",
];

static FIRST: LazyLock<HashSet<String>> = LazyLock::new(|| {
    FIRST_NAMES
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(fold)
        .collect()
});

/// A word that still looks like a name, with how often it stands in the dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameToCheck {
    /// The word as printed.
    pub word: String,
    /// Its places.
    pub count: u32,
}

/// Collects what looks like names over the texts of one dossier.
pub struct NameCheck {
    staff: HashSet<String>,
    found: Vec<NameToCheck>,
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) && word.chars().skip(1).any(char::is_lowercase)
}

/// Ranges of the text inside `[…]`: what the anonymiser put there.
fn placeholders(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open = None;
    for (at, c) in text.char_indices() {
        match c {
            '[' => open = Some(at),
            ']' => {
                if let Some(start) = open.take() {
                    out.push(start..at + 1);
                }
            }
            _ => {}
        }
    }
    out
}

impl NameCheck {
    /// Words of `staff` (the advisor's and the authors' names) are not marked.
    pub fn new<'a>(staff: impl IntoIterator<Item = &'a str>) -> Self {
        let staff = staff
            .into_iter()
            .flat_map(|name| words(name).into_iter().map(|r| fold(&name[r])).collect::<Vec<_>>())
            .collect();
        Self {
            staff,
            found: Vec::new(),
        }
    }

    /// Looks through one (already anonymised) text.
    pub fn scan(&mut self, text: &str) {
        let inside = placeholders(text);
        let ranges = words(text);
        let tokens: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        let folded: Vec<String> = tokens.iter().map(|t| fold(t)).collect();
        let placeholder: Vec<bool> = ranges
            .iter()
            .map(|r| inside.iter().any(|p| p.start <= r.start && r.end <= p.end))
            .collect();
        // What stands between word i - 1 and word i.
        let gap = |i: usize| &text[ranges[i - 1].end..ranges[i].start];
        let is_title = |i: usize| !placeholder[i] && TITLES.contains(&folded[i].as_str());
        let mut marked = vec![false; tokens.len()];
        for i in 0..tokens.len() {
            if placeholder[i] || is_title(i) {
                continue;
            }
            let after_title = i > 0
                && is_title(i - 1)
                && gap(i).chars().all(|c| c == '.' || c.is_whitespace())
                && tokens[i].chars().next().is_some_and(char::is_uppercase);
            let first_name = capitalised(tokens[i]) && FIRST.contains(&folded[i]);
            // Beside a placeholder: what is left of a name the anonymiser knew only in part
            // ("Tanja [Person]", "[Person]-Lang"); not at a sentence's start ("Die [Organisation]").
            // A space after one is too common ("[Person] Antrag" from "Meyers Antrag"), and the
            // anonymiser takes a surname after a known given name itself.
            let after_placeholder = i > 0 && placeholder[i - 1] && gap(i) == "]-";
            let sentence_start = i == 0 || gap(i).contains(['.', '!', '?', ':', ';', '\n']);
            let before_placeholder = i + 1 < tokens.len()
                && placeholder[i + 1]
                && matches!(gap(i + 1), " [" | "\u{a0}[" | "-[")
                && !sentence_start;
            let beside_placeholder = capitalised(tokens[i]) && (after_placeholder || before_placeholder);
            if after_title || first_name || beside_placeholder {
                marked[i] = true;
                let next = i + 1;
                if next < tokens.len()
                    && !placeholder[next]
                    && !is_title(next)
                    && capitalised(tokens[next])
                    && matches!(gap(next), " " | "-" | "\u{a0}")
                {
                    marked[next] = true;
                }
            }
        }
        for (i, word) in tokens.iter().enumerate() {
            if marked[i] && !self.staff.contains(&folded[i]) && word.chars().all(char::is_alphanumeric) {
                self.add(word);
            }
        }
    }

    fn add(&mut self, word: &str) {
        match self.found.iter_mut().find(|f| f.word == word) {
            Some(f) => f.count += 1,
            None => self.found.push(NameToCheck {
                word: word.to_owned(),
                count: 1,
            }),
        }
    }

    /// What was found, in the order first seen.
    pub fn finish(self) -> Vec<NameToCheck> {
        self.found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(texts: &[&str]) -> Vec<(String, u32)> {
        let mut c = NameCheck::new(["Miriam Albers"]);
        for t in texts {
            c.scan(t);
        }
        c.finish().into_iter().map(|f| (f.word, f.count)).collect()
    }

    #[test]
    fn words_after_titles_and_first_names_are_marked() {
        let found = check(&[
            "Gespräch mit Frau Dr. Kowalski und Herrn Nguyen Van; Lisa Brandl kommt.",
            "Kollegin Özdemir rief an, Frau Kowalski auch.",
            "E-Mail an [Person]-Lang, Rückruf von Ufuk [Person]. Die [Organisation] zahlt, [Person] Antrag.",
        ]);
        assert_eq!(
            found,
            [
                ("Kowalski".into(), 2),
                ("Nguyen".into(), 1),
                ("Van".into(), 1),
                ("Lisa".into(), 1),
                ("Brandl".into(), 1),
                ("Özdemir".into(), 1),
                ("Lang".into(), 1),
                ("Ufuk".into(), 1),
            ]
        );
    }

    #[test]
    fn ordinary_words_placeholders_and_staff_are_not() {
        let found = check(&[
            "Die Stadt plant im Quartier; Frau [Ansprechperson Jugendamt] und Herr [Person] kamen.",
            "Frau und Herr, die Kommune. Miriam Albers schreibt. Anna",
            "Rückmeldung an Frau, BIWAQ, Soziale Stadt am 03.12.2026.",
        ]);
        assert_eq!(found, [("Anna".to_owned(), 1)]);
    }
}
