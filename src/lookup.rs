//! Entity names: exact, folded, and near-miss lookup, and prefix suggestions.

use crate::model::Entity;
use crate::text::{edit_distance_within, fold, typo_budget};
use std::collections::HashMap;

/// Longer inputs are not names; they skip the fuzzy pass (which is linear in the name count).
const FUZZY_MAX_CHARS: usize = 64;

pub struct NameIndex {
    /// Folded name or alias -> entity index. Canonical names win over aliases.
    exact: HashMap<String, usize>,
    /// (folded key, entity, is the canonical name), sorted by key for prefix scans.
    keys: Vec<(String, usize, bool)>,
}

impl NameIndex {
    pub fn new(entities: &[Entity]) -> Self {
        let mut exact = HashMap::new();
        let mut keys = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            exact.entry(fold(&e.name)).or_insert(i);
            keys.push((fold(&e.name), i, true));
        }
        for (i, e) in entities.iter().enumerate() {
            for alias in e.aliases.iter().chain(e.names.values()) {
                exact.entry(fold(alias)).or_insert(i);
                keys.push((fold(alias), i, false));
            }
            // A person the sources name only in bibliographic order ("Thaçi, Hashim") is also
            // found in reading order ("Hashim Thaçi").
            if e.kind == "person" {
                for name in std::iter::once(&e.name).chain(&e.aliases) {
                    if let Some(reading_order) = reading_order(name) {
                        exact.entry(fold(&reading_order)).or_insert(i);
                        keys.push((fold(&reading_order), i, false));
                    }
                }
            }
        }
        crate::text::sort(&mut keys);
        keys.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        NameIndex { exact, keys }
    }

    pub fn lookup(&self, text: &str) -> Option<usize> {
        let folded = fold(text);
        if folded.is_empty() {
            return None;
        }
        if let Some(&i) = self.exact.get(&folded) {
            return Some(i);
        }
        // "the Kingdom of Belgium", "la Fédération de Russie": a leading article is optional.
        for article in ["the ", "le ", "la ", "les ", "l "] {
            if let Some(&i) = folded
                .strip_prefix(article)
                .and_then(|rest| self.exact.get(rest))
            {
                return Some(i);
            }
        }
        // A plural or singular of a known form ("IPP" for "IPPs").
        let other_number = folded
            .strip_suffix('s')
            .map(str::to_string)
            .unwrap_or_else(|| format!("{folded}s"));
        if let Some(&i) = self.exact.get(&other_number) {
            return Some(i);
        }
        // The last words of exactly one entity's name ("Medvedev", "Permanent Joint Council").
        if let Some(i) = self.unique_ending(&folded) {
            return Some(i);
        }
        let len = folded.chars().count();
        if len > FUZZY_MAX_CHARS {
            return None;
        }
        let budget = typo_budget(len);
        if budget == 0 {
            return None;
        }
        // Closest key within the typo budget; ties go to the earlier entity (stable answers).
        self.keys
            .iter()
            .map(|(key, i, _)| (edit_distance_within(&folded, key, budget), *i))
            .filter(|(d, _)| *d <= budget)
            .min()
            .map(|(_, i)| i)
    }

    fn unique_ending(&self, folded: &str) -> Option<usize> {
        if folded.chars().count() < 4 {
            return None;
        }
        let ending = format!(" {folded}");
        let mut found = self
            .keys
            .iter()
            .filter(|(k, _, _)| k.ends_with(&ending))
            .map(|(_, i, _)| *i);
        let first = found.next()?;
        found.all(|i| i == first).then_some(first)
    }

    /// Entities whose name, alias, or a word of either starts with the prefix: names first.
    pub fn suggest(&self, prefix: &str, limit: usize, entities: &[Entity]) -> Vec<usize> {
        let p = fold(prefix);
        if p.is_empty() {
            return Vec::new();
        }
        let mut ranked: Vec<(u8, usize, usize)> = Vec::new(); // (rank, name length, entity)
        for (key, i, canonical) in &self.keys {
            let rank = if key.starts_with(&p) {
                if *canonical {
                    0
                } else {
                    1
                }
            } else if key.split(' ').any(|w| w.starts_with(&p)) || key.contains(&format!(" {p}")) {
                2
            } else {
                continue;
            };
            ranked.push((rank, entities[*i].name.chars().count(), *i));
        }
        crate::text::sort(&mut ranked);
        let mut seen = std::collections::HashSet::new();
        ranked
            .into_iter()
            .filter(|r| seen.insert(r.2))
            .take(limit)
            .map(|r| r.2)
            .collect()
    }
}

/// "Surname, Forename" -> "Forename Surname", when the part before the comma is one word (so an
/// office before a name, "Slovakian Foreign Minister, Milan Kňažko", is left alone).
fn reading_order(name: &str) -> Option<String> {
    let (surname, forenames) = name.split_once(',')?;
    let (surname, forenames) = (surname.trim(), forenames.trim());
    let one_word = !surname.is_empty() && !surname.contains(char::is_whitespace);
    (one_word && !forenames.is_empty() && !forenames.contains(','))
        .then(|| format!("{forenames} {surname}"))
}

#[cfg(test)]
mod tests {
    use super::reading_order;

    #[test]
    fn bibliographic_names_read_in_order() {
        assert_eq!(
            reading_order("Thaçi, Hashim").as_deref(),
            Some("Hashim Thaçi")
        );
        assert_eq!(
            reading_order("Christoff, Joseph A.").as_deref(),
            Some("Joseph A. Christoff")
        );
        assert_eq!(
            reading_order("Slovakian Foreign Minister, Milan Kňažko"),
            None
        );
        assert_eq!(reading_order("Guido de Marco"), None);
        assert_eq!(reading_order("a, b, c"), None);
    }
}
