//! Inputs the fuzz targets (fuzz/, docs/fuzzing.md) found, kept as plain tests.
#![cfg(not(target_arch = "wasm32"))]

use pfp_almanac::bundle;
use pfp_almanac::model::Corpus;
use pfp_almanac::{Almanac, SearchOptions, TimelineQuery, BUNDLED_CORPUS};

fn corpus() -> Corpus {
    bundle::decode(BUNDLED_CORPUS).unwrap()
}

fn refused(c: &Corpus) -> String {
    Almanac::from_bundle(&bundle::encode(c))
        .err()
        .expect("refused")
        .to_string()
}

/// fuzz target `bundle`: the real bundle with one byte of a passage's document id changed and
/// the checksum repaired decoded fine, then `Almanac::new` panicked ("no entry found for key")
/// looking the document up; in the wasm build that aborts the module.
#[test]
fn a_bundle_whose_passage_names_a_missing_document_is_refused() {
    let mut c = corpus();
    c.passages[0].document = "framework-documenu".into();
    let err = refused(&c);
    assert!(
        err.contains("could not be decoded") && err.contains("framework-documenu"),
        "{err}"
    );

    // An almanac made from such a corpus in Rust (no decoder) still answers, without panicking.
    let a = Almanac::new(c);
    let filtered = SearchOptions {
        document: Some("invitation".into()),
        from: Some("1994".into()),
        ..Default::default()
    };
    assert!(a.search("partnership", &filtered).unwrap().total > 0);
    assert!(
        a.search("partnership", &SearchOptions::default())
            .unwrap()
            .total
            > 0
    );
}

/// The same family: a bundle that passes its checksum but breaks what the compiler guarantees is
/// refused with a reason, not loaded into an almanac whose answers would be wrong.
#[test]
fn a_bundle_that_breaks_the_compilers_guarantees_is_refused() {
    /// What the refusal must say, and how the corpus is broken.
    type Damage = (&'static str, fn(&mut Corpus));
    let damages: Vec<Damage> = vec![
        ("used twice", |c| {
            c.entities[1].id = c.entities[0].id.clone()
        }),
        ("used twice", |c| {
            c.passages[1].id = c.passages[0].id.clone()
        }),
        ("used twice", |c| c.events[1].id = c.events[0].id.clone()),
        ("used twice", |c| {
            c.documents[1].id = c.documents[0].id.clone()
        }),
        ("invalid date", |c| c.events[0].date = "1994-02-30".into()),
        ("invalid date", |c| c.documents[0].date = "soon".into()),
        ("out of date order", |c| c.events.swap(0, 5)),
        ("unknown kind", |c| c.events[0].kind = "picnic".into()),
        ("refers to entity", |c| {
            c.events[0].entities.push("country/atlantis".into())
        }),
        ("refers to entity", |c| {
            c.disagreements[0].subject = "country/atlantis".into()
        }),
        ("cites passage", |c| {
            c.events[0].citations[0].passage = "nowhere/p1".into()
        }),
        ("lists passage", |c| {
            c.documents[0].passages.push("nowhere/p1".into())
        }),
    ];
    for (expected, damage) in damages {
        let mut c = corpus();
        damage(&mut c);
        let err = refused(&c);
        assert!(err.contains(expected), "expected {expected:?} in {err:?}");
    }
    // The undamaged corpus round-trips.
    let a = Almanac::from_bundle(&bundle::encode(&corpus())).unwrap();
    assert!(!a.timeline(&TimelineQuery::default()).unwrap().is_empty());
}

/// fuzz target `annotate`: fold was not idempotent. The Angstrom sign U+212B is outside the
/// diacritic table and lowercases to "å" (U+00E5), which is inside it, so fold("Å") was "å" and
/// fold("å") "a": a name or word written with it did not fold like its own folded form.
#[test]
fn fold_strips_the_diacritic_a_capital_lowercases_into() {
    use pfp_almanac::text::{fold, tokens};
    assert_eq!(fold("\u{212b}"), "a");
    assert_eq!(fold("\u{212b}LAND"), fold("Åland"));
    assert_eq!(
        fold(&fold("\u{212b}\u{212b}Королевство Норвегия")),
        fold("\u{212b}\u{212b}Королевство Норвегия")
    );
    assert_eq!(tokens("\u{212b}ngstr\u{f6}m")[0].word, "angstrom");
}
