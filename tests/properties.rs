//! Properties that hold for any input, checked with generated cases over the real corpus.
#![cfg(not(target_arch = "wasm32"))]
// Tests never ship to the browser: core's sorts (forbidden in the library for size) are fine.
#![allow(clippy::disallowed_methods)]

use pfp_almanac::date::{DateSpan, DayKey, PartialDate};
use pfp_almanac::model::Event;
use pfp_almanac::{Almanac, SearchOptions, TimelineQuery};
use proptest::prelude::*;
use std::sync::OnceLock;

/// First and last day an event can mean.
fn days(e: &Event) -> (DayKey, DayKey) {
    let span = DateSpan::from_parts(&e.date, e.end.as_deref()).expect("corpus dates are valid");
    (span.first_day(), span.last_day())
}

/// The letters with diacritics that the corpus's names use, without them.
fn strip_diacritics(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'é' | 'ë' | 'è' => 'e',
            'É' => 'E',
            'ü' => 'u',
            'ç' | 'ć' | 'č' => 'c',
            'ž' => 'z',
            'ň' => 'n',
            'š' => 's',
            'Š' => 'S',
            'й' => 'и',
            _ => c,
        })
        .collect()
}

/// Accents typed as combining marks after every Latin letter, and precomposed ones for some.
fn add_diacritics(s: &str, combining: bool) -> String {
    s.chars()
        .flat_map(|c| {
            let precomposed = match c {
                'a' => 'á',
                'e' => 'ê',
                'o' => 'ö',
                'u' => 'ù',
                'c' => 'č',
                'n' => 'ñ',
                'A' => 'Å',
                'E' => 'È',
                _ => c,
            };
            match (combining, c.is_ascii_alphabetic()) {
                (true, true) => vec![c, '\u{301}'],
                (true, false) => vec![c],
                (false, _) => vec![precomposed],
            }
        })
        .collect()
}

fn almanac() -> &'static Almanac {
    static A: OnceLock<Almanac> = OnceLock::new();
    A.get_or_init(Almanac::bundled)
}

fn date() -> impl Strategy<Value = String> {
    (
        1985i32..2030,
        proptest::option::of(1u8..=12),
        proptest::option::of(1u8..=28),
    )
        .prop_map(|(y, m, d)| match (m, d) {
            (Some(m), Some(d)) => format!("{y}-{m:02}-{d:02}"),
            (Some(m), None) => format!("{y}-{m:02}"),
            _ => format!("{y}"),
        })
}

#[test]
fn the_whole_timeline_is_sorted_by_date() {
    let whole = almanac().timeline(&TimelineQuery::default()).unwrap();
    assert!(whole.windows(2).all(|w| days(w[0]) <= days(w[1])));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_text_is_a_valid_question(text in "\\PC{0,60}", raw in proptest::collection::vec(any::<char>(), 0..40)) {
        let odd: String = raw.into_iter().collect();
        for q in [&text, &odd] {
            let _ = almanac().lookup(q).unwrap();
            let r = almanac().search(q, &SearchOptions::default()).unwrap();
            prop_assert!(r.hits.len() <= 10);
            let _ = almanac().suggest(q, None).unwrap();
        }
    }

    #[test]
    fn a_window_is_a_sorted_subset_of_the_whole_timeline(from in date(), to in date()) {
        let all: Vec<&str> = almanac().timeline(&TimelineQuery::default()).unwrap().iter().map(|e| e.id.as_str()).collect();
        match almanac().timeline(&TimelineQuery { from: Some(from.clone()), to: Some(to.clone()), ..Default::default() }) {
            Ok(window) => {
                let ids: Vec<&str> = window.iter().map(|e| e.id.as_str()).collect();
                // Same relative order as the whole (sorted) timeline, and nothing new.
                let positions: Vec<usize> = ids.iter().map(|id| all.iter().position(|a| a == id).expect("subset")).collect();
                prop_assert!(positions.windows(2).all(|w| w[0] < w[1]));
                // Sorted by date, and exactly the events that overlap the window.
                prop_assert!(window.windows(2).all(|w| days(w[0]) <= days(w[1])), "not sorted by date");
                let (lo, hi) = (PartialDate::parse(&from).unwrap().first_day(), PartialDate::parse(&to).unwrap().last_day());
                let whole = almanac().timeline(&TimelineQuery::default()).unwrap();
                let overlapping: Vec<&str> =
                    whole.iter().filter(|e| { let (f, l) = days(e); f <= hi && l >= lo }).map(|e| e.id.as_str()).collect();
                prop_assert_eq!(ids, overlapping);
            }
            Err(e) => prop_assert!(from.as_str() > to.as_str(), "only a reversed range fails: {}", e),
        }
    }

    #[test]
    fn lookup_ignores_case_diacritics_and_surrounding_punctuation(i in 0usize..1000, upper in any::<bool>(), wrap in "[ .,;:!?()\"'«»-]{0,3}") {
        let entities = &almanac().corpus().entities;
        let e = &entities[i % entities.len()];
        let plain = almanac().lookup(&e.name).unwrap().map(|x| x.id.clone());
        let name = if upper { e.name.to_uppercase() } else { e.name.to_lowercase() };
        let varied = format!("{wrap}{name}{wrap}");
        prop_assert_eq!(almanac().lookup(&varied).unwrap().map(|x| x.id.clone()), plain);
    }

    #[test]
    fn lookup_ignores_diacritics(i in 0usize..1000, combining in any::<bool>()) {
        let entities = &almanac().corpus().entities;
        let e = &entities[i % entities.len()];
        for name in std::iter::once(&e.name).chain(&e.aliases) {
            let plain = almanac().lookup(name).unwrap().map(|x| x.id.clone());
            let stripped = strip_diacritics(name);
            prop_assert_eq!(almanac().lookup(&stripped).unwrap().map(|x| x.id.clone()), plain.clone(), "{} without diacritics", name);
            let accented = add_diacritics(&stripped, combining);
            prop_assert_eq!(almanac().lookup(&accented).unwrap().map(|x| x.id.clone()), plain.clone(), "{:?} for {}", accented, name);
        }
    }

    #[test]
    fn search_with_any_text_and_filters_never_repeats_a_passage(
        text in "\\PC{0,40}",
        document in proptest::option::of(prop::sample::select(vec!["invitation", "framework-document", "rome-declaration", "encyclopedia", "sto-page"])),
        from in proptest::option::of(date()),
        offset in 0u64..5,
    ) {
        let options = SearchOptions { limit: Some(1000), offset: Some(offset), document: document.map(String::from), from, to: None };
        let r = almanac().search(&text, &options).unwrap();
        let mut ids: Vec<&str> = r.hits.iter().map(|h| h.passage.as_str()).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        prop_assert_eq!(ids.len(), n, "a passage twice for {:?}", text);
    }

    #[test]
    fn search_never_returns_a_passage_twice(words in proptest::collection::vec("[a-z]{2,9}", 1..4), offset in 0u64..20) {
        let q = words.join(" ");
        let r = almanac().search(&q, &SearchOptions { limit: Some(1000), offset: Some(offset), ..Default::default() }).unwrap();
        let mut ids: Vec<&str> = r.hits.iter().map(|h| h.passage.as_str()).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        prop_assert_eq!(ids.len(), n);
        prop_assert!(r.total as usize >= n);
    }
}

/// A corpus with one passage whose original and quotes are arbitrary: whatever its shape, the
/// stored form (quotes as spans, originals as edits, fallbacks) gives it back exactly.
fn one_passage(text: String, original: String, quote: String) -> pfp_almanac::model::Corpus {
    use pfp_almanac::model::*;
    let mut corpus = almanac().corpus().clone();
    corpus.passages[0].text = text;
    corpus.passages[0].original = original;
    let passage = corpus.passages[0].id.clone();
    let document = corpus.passages[0].document.clone();
    corpus.events[0].citations.push(Citation {
        document,
        passage,
        quote,
    });
    corpus
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn a_bundle_gives_back_the_corpus_exactly(text in "\\PC{0,120}", original in "[a-z \\n*-]{0,80}|\\PC{0,120}", cut in any::<(prop::sample::Index, prop::sample::Index)>(), edit in "\\PC{0,4}") {
        use pfp_almanac::bundle;
        // Originals near the text (what the compiler makes) and far from it; quotes in it and not.
        let chars: Vec<char> = text.chars().collect();
        let (a, b) = (cut.0.index(chars.len() + 1), cut.1.index(chars.len() + 1));
        let near: String = chars[..a.min(b)].iter().chain(edit.chars().collect::<Vec<_>>().iter()).chain(chars[a.min(b)..].iter()).collect();
        let quote: String = chars[a.min(b)..a.max(b)].iter().collect();
        for (original, quote) in [(near.clone(), quote.clone()), (original.clone(), edit.clone()), (text.clone(), quote)] {
            let corpus = one_passage(text.clone(), original, quote);
            prop_assert_eq!(bundle::decode(&bundle::encode(&corpus)).unwrap(), corpus);
        }
    }
}
