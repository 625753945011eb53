//! Entity names: exact, folded, and near-miss lookup, prefix suggestions, and the mentions of
//! entities in running text.

use crate::almanac::MENTION_MIN_CHARS;
use crate::hash::{HashMap, HashSet};
use crate::model::Entity;
use crate::text::{edit_distance_within, fold, is_capital, tokens, typo_budget};
use std::sync::OnceLock;

/// Longer inputs are not names; they skip the fuzzy pass (which is linear in the name count).
const FUZZY_MAX_CHARS: usize = 64;

pub struct NameIndex {
    /// Folded name or alias -> entity index. Canonical names win over aliases.
    exact: HashMap<String, usize>,
    /// (folded key, entity, is the canonical name), sorted by key for prefix scans.
    keys: Vec<(String, usize, bool)>,
    /// Built on the first `mentions` call: a page without an annotated article never pays for it.
    mention_keys: OnceLock<MentionKeys>,
}

/// The other names of an entity after its canonical one: aliases, translations, and for a person
/// the sources name only in bibliographic order ("Thaçi, Hashim"), the reading order ("Hashim
/// Thaçi"). Lookup and mentions both read names through this, so they know the same ones.
fn other_names(e: &Entity) -> Vec<String> {
    let mut out: Vec<String> = e.aliases.iter().chain(e.names.values()).cloned().collect();
    if e.kind == "person" {
        out.extend(
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .filter_map(|n| reading_order(n)),
        );
    }
    out
}

impl NameIndex {
    pub fn new(entities: &[Entity]) -> Self {
        let mut exact = HashMap::default();
        let mut keys = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            exact.entry(fold(&e.name)).or_insert(i);
            keys.push((fold(&e.name), i, true));
        }
        for (i, e) in entities.iter().enumerate() {
            for name in other_names(e) {
                exact.entry(fold(&name)).or_insert(i);
                keys.push((fold(&name), i, false));
            }
        }
        crate::text::sort(&mut keys);
        keys.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        NameIndex {
            exact,
            keys,
            mention_keys: OnceLock::new(),
        }
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
        let mut seen = HashSet::default();
        ranked
            .into_iter()
            .filter(|r| seen.insert(r.2))
            .take(limit)
            .map(|r| r.2)
            .collect()
    }
}

/// The names `mentions` marks, folded as `lookup` folds them, and every proper word prefix of one
/// ("north atlantic" of "north atlantic council"): a scan reads on while the words so far may
/// still become a name, so it costs one probe a word. What a key is, is packed in one `usize` so
/// that the map has the type of `exact`: each map type is another copy of hashbrown in the wasm.
struct MentionKeys(HashMap<String, usize>);

impl MentionKeys {
    /// A proper word prefix of a name.
    const PREFIX: usize = 1;
    /// A name, of the entity in the bits above `SHIFT`.
    const NAME: usize = 2;
    /// A name written only in capitals.
    const CAPITALS: usize = 4;
    const SHIFT: u32 = 3;

    fn get(&self, key: &str) -> usize {
        self.0.get(key).copied().unwrap_or(0)
    }
}

/// A mention of an entity: its index and where its words stand in the text.
pub struct Found {
    pub entity: usize,
    /// UTF-16 offsets, for JavaScript.
    pub start: u32,
    pub end: u32,
    /// Byte offsets, for slicing the Rust string.
    pub byte_start: usize,
    pub byte_end: usize,
}

impl NameIndex {
    fn mention_keys(&self, entities: &[Entity]) -> &MentionKeys {
        self.mention_keys.get_or_init(|| {
            let mut keys = HashMap::default();
            for (key, &i) in &self.exact {
                if key.chars().count() < MENTION_MIN_CHARS {
                    continue;
                }
                for (at, _) in key.match_indices(' ') {
                    *keys.entry(key[..at].to_string()).or_insert(0) |= MentionKeys::PREFIX;
                }
                *keys.entry(key.clone()).or_insert(0) |=
                    MentionKeys::NAME | MentionKeys::CAPITALS | i << MentionKeys::SHIFT;
            }
            // A name written only in capitals ("SHAPE", "GUAM") is an acronym: in running text it
            // is marked where a capital is ("SHAPE", "Shape", "Nato"), not as the word "shape".
            for e in entities {
                for name in std::iter::once(e.name.clone()).chain(other_names(e)) {
                    let mut letters = name.chars().filter(|c| c.is_alphabetic()).peekable();
                    if !(letters.peek().is_some() && letters.all(is_capital)) {
                        if let Some(v) = keys.get_mut(&fold(&name)) {
                            *v &= !MentionKeys::CAPITALS;
                        }
                    }
                }
            }
            MentionKeys(keys)
        })
    }

    /// Every mention of an entity in `text`: a run of whole words that folds to a name, alias or
    /// translation `lookup` knows exactly (case, diacritics and punctuation aside), of at least
    /// `MENTION_MIN_CHARS`. Read left to right, the longest name at each word wins ("North
    /// Atlantic Council" over "North Atlantic"), and mentions never overlap. A possessive
    /// ("Malta's") mentions the name without its "'s". Near misses, plurals and lone surnames,
    /// which `lookup` also accepts, are not mentions: in running text they are too often
    /// something else.
    pub fn mentions(&self, text: &str, entities: &[Entity]) -> Vec<Found> {
        let keys = self.mention_keys(entities);
        let words = tokens(text);
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let first = &words[i];
            let mut key = String::new();
            let mut best: Option<(usize, Found)> = None; // (words taken, the mention)
            for (n, w) in words[i..].iter().enumerate() {
                if n > 0 {
                    key.push(' ');
                }
                key.push_str(&w.word);
                // tokens() keeps a possessive in its word ("maltas"): also try it without.
                let raw = &text[w.byte_start..w.byte_end];
                let possessive = ["'s", "'S", "\u{2019}s", "\u{2019}S"]
                    .iter()
                    .find(|end| raw.ends_with(*end))
                    .map(|end| (&key[..key.len() - 1], w.end - 2, w.byte_end - end.len()));
                let found = std::iter::once((key.as_str(), w.end, w.byte_end))
                    .chain(possessive)
                    .find_map(|(name, end, byte_end)| {
                        let bits = keys.get(name);
                        let written = &text[first.byte_start..byte_end];
                        let capitals = bits & MentionKeys::CAPITALS != 0;
                        (bits & MentionKeys::NAME != 0
                            && (!capitals || written.chars().any(is_capital)))
                        .then_some(Found {
                            entity: bits >> MentionKeys::SHIFT,
                            start: first.start,
                            end,
                            byte_start: first.byte_start,
                            byte_end,
                        })
                    });
                if let Some(found) = found {
                    best = Some((n + 1, found));
                }
                if keys.get(&key) & MentionKeys::PREFIX == 0 {
                    break;
                }
            }
            match best {
                Some((taken, found)) => {
                    out.push(found);
                    i += taken;
                }
                None => i += 1,
            }
        }
        out
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
    use super::{reading_order, NameIndex};
    use crate::model::Entity;

    fn entity(id: &str, name: &str, aliases: &[&str]) -> Entity {
        Entity {
            id: id.into(),
            kind: id.split('/').next().unwrap_or_default().into(),
            name: name.into(),
            names: Default::default(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            description: String::new(),
            citations: vec![],
            facts: vec![],
            relations: vec![],
        }
    }

    /// (entity id, the text of the mention, start, end) of each mention in `text`.
    fn mentions(text: &str) -> Vec<(String, String, u32, u32)> {
        let entities = [
            entity("country/malta", "Malta", &[]),
            entity("place/north-atlantic", "North Atlantic", &[]),
            entity("organisation/nac", "North Atlantic Council", &["NAC"]),
            entity(
                "organisation/shape",
                "Supreme Headquarters Allied Powers Europe",
                &["SHAPE"],
            ),
            entity("country/cote-divoire", "Côte d'Ivoire", &[]),
        ];
        let index = NameIndex::new(&entities);
        index
            .mentions(text, &entities)
            .into_iter()
            .map(|f| {
                let written = text[f.byte_start..f.byte_end].to_string();
                (entities[f.entity].id.clone(), written, f.start, f.end)
            })
            .collect()
    }

    fn ids(text: &str) -> Vec<String> {
        mentions(text).into_iter().map(|m| m.0).collect()
    }

    #[test]
    fn a_mention_is_found_in_any_case_and_accent() {
        let found = mentions("MALTA, then malta, then Malta.");
        let written: Vec<&str> = found.iter().map(|m| m.1.as_str()).collect();
        assert_eq!(written, ["MALTA", "malta", "Malta"]);
        assert!(found.iter().all(|m| m.0 == "country/malta"));
        assert_eq!(
            ids("COTE D’IVOIRE and côte-d'ivoire"),
            ["country/cote-divoire"; 2]
        );
    }

    #[test]
    fn offsets_are_utf16_code_units() {
        for before in ["😀 ", "é ", "Ĳssel e\u{301} 😀😀 ", ""] {
            let text = format!("{before}Malta's");
            let found = mentions(&text);
            let start = before.encode_utf16().count() as u32;
            assert_eq!(
                found,
                [("country/malta".into(), "Malta".into(), start, start + 5)]
            );
            // What JavaScript's text.slice(start, end) would give.
            let units: Vec<u16> = text.encode_utf16().collect();
            let (a, b) = (found[0].2 as usize, found[0].3 as usize);
            assert_eq!(String::from_utf16_lossy(&units[a..b]), "Malta");
        }
    }

    #[test]
    fn a_mention_is_whole_words() {
        for text in [
            "Maltese",
            "premalta",
            "Malta2",
            "Maltas",
            "Mal ta",
            "NorthAtlantic",
        ] {
            assert_eq!(ids(text), Vec::<String>::new(), "{text}");
        }
        assert_eq!(ids("a Malta-based firm (Malta)"), ["country/malta"; 2]);
    }

    #[test]
    fn the_longest_name_wins_and_mentions_do_not_overlap() {
        assert_eq!(
            mentions("The north atlantic council met over the North Atlantic."),
            [
                (
                    "organisation/nac".into(),
                    "north atlantic council".into(),
                    4,
                    26
                ),
                (
                    "place/north-atlantic".into(),
                    "North Atlantic".into(),
                    40,
                    54
                ),
            ]
        );
        // A name's first words that are not followed by the rest are the shorter name.
        assert_eq!(ids("North Atlantic councils"), ["place/north-atlantic"]);
    }

    #[test]
    fn a_name_in_capitals_needs_a_capital() {
        assert_eq!(ids("in good shape"), Vec::<String>::new());
        assert_eq!(ids("SHAPE, or Shape"), ["organisation/shape"; 2]);
        // Shorter names than MENTION_MIN_CHARS are not marked: "NAC".
        assert_eq!(ids("the NAC"), Vec::<String>::new());
    }

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
