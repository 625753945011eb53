//! Mention scanning for <pfp-annotate>. The scan itself is a regular expression in
//! www/widget/annotate.js over names it gets from the core (`timeline({})`, then `entity(id)` of
//! each event's entities and their relations' targets); a mention then opens `entity(id)`, and
//! `<pfp-entity name>` resolves page text with `lookup`. This target runs the same calls on any
//! page text (arbitrary, lossy bytes, passage text, known names inside other text), plus the
//! text functions every name and word goes through (`text::fold`, `text::tokens`).
//! Checks: every id the widget collects resolves; `entity(text)` is a miss or that exact id;
//! `lookup` of every run of up to three words of the text answers (no error under the length
//! limit) with an entity `entity(id)` knows; each name the widget's scan finds in the text is one
//! `lookup` knows; `fold` is idempotent, trims and single-spaces, and ignores ASCII case,
//! combining accents and punctuation around it; `tokens` gives ordered, non-empty words whose
//! byte and UTF-16 offsets agree and whose word is the folded slice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pfp_almanac::text::{fold, tokens};
use pfp_almanac::{Almanac, TimelineQuery};
use pfp_almanac_fuzz::arbitrary::{Result, Unstructured};
use pfp_almanac_fuzz::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The names annotate.js scans for (at least 4 UTF-16 units), each with its entity id.
fn widget_names(a: &'static Almanac) -> &'static BTreeMap<String, String> {
    static N: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    N.get_or_init(|| {
        let mut ids: Vec<String> = Vec::new();
        for ev in a
            .timeline(&TimelineQuery::default())
            .expect("the whole timeline")
        {
            ids.extend(ev.entities.iter().cloned());
        }
        for id in ids.clone() {
            let e = a
                .entity(&id)
                .unwrap_or_else(|| panic!("event entity {id} does not resolve"));
            ids.extend(e.relations.iter().map(|r| r.target.clone()));
        }
        let mut names = BTreeMap::new();
        for id in ids {
            let e = a
                .entity(&id)
                .unwrap_or_else(|| panic!("relation target {id} does not resolve"));
            for n in std::iter::once(&e.name)
                .chain(&e.aliases)
                .chain(e.names.values())
            {
                let n = n.trim();
                if n.encode_utf16().count() >= 4 {
                    names.entry(n.to_string()).or_insert_with(|| id.clone());
                }
            }
        }
        names
    })
}

fn page_text(u: &mut Unstructured) -> Result<String> {
    Ok(if u.ratio(1, 3)? {
        // A known name inside other text.
        let names: Vec<&String> = widget_names(almanac()).keys().collect();
        let name = *u.choose(&names)?;
        let (before, after) = (text(u)?, text(u)?);
        format!("{before}{name}{after}")
    } else {
        text(u)?
    })
}

fn check_fold(s: &str) {
    let f = fold(s);
    assert!(
        !f.starts_with(' ') && !f.ends_with(' ') && !f.contains("  "),
        "fold({s:?}) = {f:?}"
    );
    assert_eq!(fold(&f), f, "fold is not idempotent on {s:?}");
    assert_eq!(
        fold(&s.to_ascii_uppercase()),
        fold(&s.to_ascii_lowercase()),
        "ASCII case changes fold({s:?})"
    );
    assert_eq!(fold(&format!("« {s} ».")), f, "punctuation around {s:?}");
    // An acute accent typed after every ASCII letter, as a combining mark.
    let accented: String = s
        .chars()
        .flat_map(|c| [Some(c), c.is_ascii_alphabetic().then_some('\u{301}')])
        .flatten()
        .collect();
    assert_eq!(fold(&accented), f, "combining accents change fold({s:?})");
}

fn check_tokens(s: &str) {
    let toks = tokens(s);
    let mut previous_end = (0usize, 0u32);
    for t in &toks {
        assert!(!t.word.is_empty());
        assert!(t.byte_start < t.byte_end && t.start < t.end);
        assert!(
            (t.byte_start, t.start) >= previous_end,
            "tokens out of order in {s:?}"
        );
        previous_end = (t.byte_end, t.end);
        assert!(s.is_char_boundary(t.byte_start) && s.is_char_boundary(t.byte_end));
        assert_eq!(
            s[..t.byte_start].encode_utf16().count() as u32,
            t.start,
            "UTF-16 start in {s:?}"
        );
        assert_eq!(
            s[..t.byte_end].encode_utf16().count() as u32,
            t.end,
            "UTF-16 end in {s:?}"
        );
        let slice = &s[t.byte_start..t.byte_end];
        assert_eq!(
            t.word,
            fold(slice).replace(' ', ""),
            "token {slice:?} of {s:?}"
        );
        assert!(slice.chars().next().is_some_and(char::is_alphanumeric));
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn run(u: &mut Unstructured) -> Result<()> {
    let a = almanac();
    let names = widget_names(a);
    let page = page_text(u)?;
    check_fold(&page);
    check_tokens(&page);

    // A mention opens entity(id); an id is matched exactly, nothing else.
    if let Some(e) = a.entity(&page) {
        assert_eq!(e.id, page);
    }

    // What annotate.js's regular expression finds: a known name not inside a longer word.
    for (name, id) in names {
        for (at, _) in page.match_indices(name.as_str()) {
            let before = page[..at].chars().next_back();
            let after = page[at + name.len()..].chars().next();
            if before.is_some_and(is_word_char) || after.is_some_and(is_word_char) {
                continue;
            }
            assert!(a.entity(id).is_some());
            let found = a.lookup(name).expect("a name is short");
            assert!(
                found.is_some(),
                "the widget's name {name:?} ({id}) is unknown to lookup"
            );
            break;
        }
    }

    // lookup of runs of one to three words of the text (the first 24 words).
    let toks = tokens(&page);
    for i in 0..toks.len().min(24) {
        for n in 1..=3 {
            let Some(last) = toks.get(i + n - 1) else {
                break;
            };
            let run = &page[toks[i].byte_start..last.byte_end];
            match a.lookup(run) {
                Ok(Some(e)) => assert!(a.entity(&e.id).is_some()),
                Ok(None) => {}
                Err(e) => assert!(run.chars().count() > 1000, "lookup({run:?}): {e}"),
            }
        }
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
