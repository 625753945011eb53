//! `cargo bench`: load, lookup, search and timeline times of the native core over the bundled
//! corpus. Prints medians and p95 of repeated runs in one process; asserts nothing about speed.

// Benches never ship to the browser: core's sorts (forbidden in the library for size) are fine.
#![allow(clippy::disallowed_methods)]

use pfp_almanac::{bundle, Almanac, SearchOptions, TimelineQuery};
use spelling::passages_spelling;
use std::time::Instant;

#[path = "../tests/support/spelling.rs"]
mod spelling;

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, f64) {
    let mut samples: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    (samples[runs / 2], samples[runs * 95 / 100])
}

fn row(what: &str, (median, p95): (f64, f64)) {
    println!("{what:<58} {median:>10.1} µs {p95:>10.1} µs");
}

fn main() {
    let bytes = pfp_almanac::BUNDLED_CORPUS;
    println!("bundle: {} bytes", bytes.len());
    println!("{:<58} {:>13} {:>13}", "operation", "median", "p95");
    row(
        "decode bundle (with the consistency check)",
        time(50, || bundle::decode(bytes).unwrap()),
    );
    row(
        "decode built-in bundle (no check)",
        time(50, || bundle::decode_compiled(bytes).unwrap()),
    );
    let corpus = bundle::decode(bytes).unwrap();
    row(
        "clone corpus + build name index",
        time(50, || Almanac::new(corpus.clone())),
    );
    row(
        "clone + name index + search index (first search)",
        time(50, || {
            let a = Almanac::new(corpus.clone());
            a.search("x", &SearchOptions::default()).unwrap()
        }),
    );
    row(
        "load (decode + name index)",
        time(50, || Almanac::from_bundle(bytes).unwrap()),
    );
    let a = Almanac::bundled();
    let names: Vec<String> = a
        .corpus()
        .entities
        .iter()
        .flat_map(|e| std::iter::once(e.name.clone()).chain(e.aliases.clone()))
        .collect();
    row(
        &format!("lookup, all {} names and aliases, each", names.len()),
        {
            let (m, p) = time(20, || {
                names
                    .iter()
                    .filter(|n| a.lookup(n).unwrap().is_some())
                    .count()
            });
            (m / names.len() as f64, p / names.len() as f64)
        },
    );
    row(
        "lookup, near miss (\"Kyrgystan\")",
        time(200, || a.lookup("Kyrgystan").unwrap()),
    );
    let queries = [
        "democratic control",
        "Malta neutrality",
        "NATO-Russia Council",
        "Partnership Coordination Cell",
        "funding",
        "Wales Initiat",
        "Travemunde defence minsters",
        "peacekeeping exercises",
        "Kosovo",
        "submarine crew rescue",
    ];
    for q in queries {
        row(
            &format!("search {q:?}"),
            time(200, || a.search(q, &SearchOptions::default()).unwrap()),
        );
    }
    // Filtered to one document: the filter runs for every posting of every query term.
    let document = a.corpus().documents[0].id.clone();
    let in_document = SearchOptions {
        document: Some(document.clone()),
        ..Default::default()
    };
    for q in ["democratic control", "peacekeeping exercises"] {
        row(
            &format!("search {q:?} in {document}"),
            time(200, || a.search(q, &in_document).unwrap()),
        );
    }
    // British and American spellings (the sources mix them): each form's speed, and its recall,
    // the passages it finds among those that spell the word either way.
    let all = SearchOptions {
        limit: Some(1000),
        ..Default::default()
    };
    for (queries, forms) in [
        (
            ["defense", "defence"],
            ["defence", "defences", "defense", "defenses"],
        ),
        (
            ["program", "programme"],
            ["programme", "programmes", "program", "programs"],
        ),
        (
            ["organization", "organisation"],
            [
                "organisation",
                "organisations",
                "organization",
                "organizations",
            ],
        ),
    ] {
        let either = passages_spelling(a.corpus(), &forms);
        for q in queries {
            let timing = time(200, || a.search(q, &all).unwrap());
            let found = a
                .search(q, &all)
                .unwrap()
                .hits
                .into_iter()
                .filter(|h| either.contains(&h.passage))
                .count();
            row(
                &format!(
                    "search {q:?} (finds {found} of {} spelt either way)",
                    either.len()
                ),
                timing,
            );
        }
    }
    row(
        "search \"civilian control of defense\"",
        time(200, || {
            a.search("civilian control of defense", &SearchOptions::default())
                .unwrap()
        }),
    );
    row(
        "timeline, all",
        time(200, || a.timeline(&TimelineQuery::default()).unwrap()),
    );
    row(
        "timeline 1994",
        time(200, || {
            a.timeline(&TimelineQuery {
                from: Some("1994".into()),
                to: Some("1994".into()),
                ..Default::default()
            })
            .unwrap()
        }),
    );
    row(
        "timeline entity Malta",
        time(200, || {
            a.timeline(&TimelineQuery {
                entity: Some("Malta".into()),
                ..Default::default()
            })
            .unwrap()
        }),
    );
}
