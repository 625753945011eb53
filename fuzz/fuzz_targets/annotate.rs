//! Mention scanning for <pfp-annotate>: annotate.js wraps what the core's `mentions` returns for
//! each text node; a mention then opens `entity(id)`, and `<pfp-entity name>` resolves page text
//! with `lookup`. This target runs the same calls on any page text (arbitrary, lossy bytes,
//! passage text, known names inside other text), plus the text functions every name and word goes
//! through (`text::fold`, `text::tokens`).
//! Checks: `entity(text)` is a miss or that exact id; `lookup` of every run of up to three words
//! of the text answers (no error under the length limit) with an entity `entity(id)` knows;
//! `mentions` are in order, never overlap, lie on whole words, have UTF-16 offsets that agree with
//! their text, and each is an entity `entity(id)` knows and `lookup` finds for its text; `fold` is
//! idempotent, trims and single-spaces, and ignores ASCII case, combining accents and punctuation
//! around it; `tokens` gives ordered, non-empty words whose byte and UTF-16 offsets agree and whose
//! word is the folded slice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pfp_almanac::text::{fold, tokens};
use pfp_almanac::Almanac;
use pfp_almanac_fuzz::arbitrary::{Result, Unstructured};
use pfp_almanac_fuzz::*;
use std::sync::OnceLock;

/// Every entity name, alias and translation, to put inside other text.
fn known_names(a: &'static Almanac) -> &'static Vec<String> {
    static N: OnceLock<Vec<String>> = OnceLock::new();
    N.get_or_init(|| {
        a.corpus()
            .entities
            .iter()
            .flat_map(|e| {
                std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .chain(e.names.values())
            })
            .cloned()
            .collect()
    })
}

fn page_text(u: &mut Unstructured) -> Result<String> {
    Ok(if u.ratio(1, 3)? {
        // A known name inside other text.
        let name = u.choose(known_names(almanac()))?;
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

fn check_mentions(a: &Almanac, page: &str) {
    let utf16: Vec<u16> = page.encode_utf16().collect();
    let mut previous_end = 0;
    for m in a.mentions(page) {
        assert!(
            previous_end <= m.start && m.start < m.end,
            "mentions out of order or overlapping in {page:?}"
        );
        previous_end = m.end;
        let slice = String::from_utf16(&utf16[m.start as usize..m.end as usize])
            .expect("a mention lies on char boundaries");
        assert_eq!(slice, m.text, "the UTF-16 offsets of {m:?} in {page:?}");
        // Whole words: the characters on either side are not letters or digits.
        let before = String::from_utf16_lossy(&utf16[..m.start as usize]);
        let after = String::from_utf16_lossy(&utf16[m.end as usize..]);
        assert!(
            !before
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                && !after.chars().next().is_some_and(char::is_alphanumeric),
            "{m:?} is inside a longer word in {page:?}"
        );
        assert!(a.entity(&m.entity).is_some());
        if m.text.chars().count() <= 1000 {
            let found = a.lookup(&m.text).expect("short enough").map(|e| &e.id);
            assert_eq!(found, Some(&m.entity), "lookup({:?})", m.text);
        }
    }
}

fn run(u: &mut Unstructured) -> Result<()> {
    let a = almanac();
    let page = page_text(u)?;
    check_fold(&page);
    check_tokens(&page);
    check_mentions(a, &page);

    // A mention opens entity(id); an id is matched exactly, nothing else.
    if let Some(e) = a.entity(&page) {
        assert_eq!(e.id, page);
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
