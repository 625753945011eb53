//! What a reader of the seeds asks, answered from the real bundled corpus.
#![cfg(not(target_arch = "wasm32"))]
// Tests never ship to the browser: core's sorts (forbidden in the library for size) are fine.
#![allow(clippy::disallowed_methods)]

use pfp_almanac::almanac::MENTION_MIN_CHARS;
use pfp_almanac::almanac::{MAX_QUERY_CHARS, QUERY_TEXTS};
use pfp_almanac::model::{Event, PassageKind};
use pfp_almanac::text::fold;
use pfp_almanac::{Almanac, QueryError, SearchOptions, SearchResult, TimelineQuery};
use spelling::passages_spelling;
use std::sync::OnceLock;

#[path = "support/spelling.rs"]
mod spelling;

fn almanac() -> &'static Almanac {
    static A: OnceLock<Almanac> = OnceLock::new();
    A.get_or_init(Almanac::bundled)
}

/// An optional text of the corpus (a qualifier, a reading), empty where there is none.
fn said(text: &Option<String>) -> &str {
    text.as_deref().unwrap_or_default()
}

fn lookup_id(text: &str) -> Option<String> {
    almanac().lookup(text).unwrap().map(|e| e.id.clone())
}

fn assert_finds(cases: &[(&str, &str)]) {
    for &(text, id) in cases {
        assert_eq!(lookup_id(text).as_deref(), Some(id), "lookup({text:?})");
    }
}

/// The events of `entity` (of any, if `None`) and of `kind` (of any, if `None`).
fn timeline(entity: Option<&str>, kind: Option<&str>) -> Vec<&'static Event> {
    almanac()
        .timeline(&TimelineQuery {
            entity: entity.map(Into::into),
            kinds: kind.map(|k| vec![k.into()]),
            ..Default::default()
        })
        .unwrap()
}

fn events_of(entity: &str) -> Vec<(String, String, Option<String>)> {
    timeline(Some(entity), None)
        .into_iter()
        .map(|e| (e.kind.clone(), e.date.clone(), e.end.clone()))
        .collect()
}

/// The words a hit highlights, cut from its snippet by the UTF-16 ranges JavaScript would use.
fn highlighted(hit: &pfp_almanac::SearchHit) -> Vec<String> {
    let units: Vec<u16> = hit.snippet.encode_utf16().collect();
    hit.highlights
        .iter()
        .map(|[s, e]| String::from_utf16(&units[*s as usize..*e as usize]).unwrap())
        .collect()
}

/// Search options asking for at most `limit` hits.
fn at_most(limit: u64) -> SearchOptions {
    SearchOptions {
        limit: Some(limit),
        ..Default::default()
    }
}

/// A search for `query` in the passages of one document.
fn search_in(query: &str, document: &str) -> Result<SearchResult, QueryError> {
    almanac().search(
        query,
        &SearchOptions {
            document: Some(document.into()),
            ..Default::default()
        },
    )
}

fn search_ids(query: &str) -> Vec<String> {
    almanac()
        .search(query, &SearchOptions::default())
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.passage)
        .collect()
}

#[test]
fn the_corpus_holds_every_document_once() {
    let ids: Vec<&str> = almanac()
        .documents()
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(ids.len(), 5);
    for id in [
        "invitation",
        "framework-document",
        "rome-declaration",
        "encyclopedia",
        "sto-page",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let invitation = almanac().document("invitation").unwrap();
    assert_eq!(
        invitation.source.len(),
        2,
        "the Invitation has two witnesses, one document"
    );
    let encyclopedia = almanac().document("encyclopedia").unwrap();
    assert!(encyclopedia.licence.contains("CC BY-SA 4.0"));
    assert!(encyclopedia.attribution.contains("CC BY-SA"));
}

#[test]
fn passages_have_readable_labels_and_repairs_keep_the_original() {
    let p = almanac()
        .passage("framework-document/p3b")
        .expect("¶3(b) exists");
    assert_eq!(p.label, "Framework Document ¶3(b)");
    assert!(p.text.contains("democratic control of defence forces"));
    let p2 = almanac().passage("framework-document/p2").unwrap();
    assert!(
        p2.text.contains("commitments and obligations"),
        "hyphenation rejoined: {}",
        p2.text
    );
    assert!(p2.original.contains("commit-\nments"), "original kept");
    assert!(p2.repairs.iter().any(|r| r.contains("commit-")));
}

#[test]
fn malta_joined_left_and_came_back() {
    for spelling in ["Malta", "malta", "MALTA", "  Malta! ", "Malte"] {
        if spelling == "Malte" && lookup_id(spelling).is_none() {
            continue; // French form only where a source gives it
        }
        assert_eq!(
            lookup_id(spelling).as_deref(),
            Some("country/malta"),
            "{spelling}"
        );
    }
    let events = events_of("country/malta");
    let kinds_dates: Vec<(&str, &str)> = events
        .iter()
        .map(|(k, d, _)| (k.as_str(), d.as_str()))
        .collect();
    assert!(
        kinds_dates.contains(&("signature", "1995-04-26")),
        "{kinds_dates:?}"
    );
    assert!(
        kinds_dates.contains(&("withdrawal", "1996-10-27")),
        "{kinds_dates:?}"
    );
    assert!(
        kinds_dates
            .iter()
            .any(|(k, d)| *k == "reactivation" && d.starts_with("2008")),
        "{kinds_dates:?}"
    );
    let dates: Vec<&str> = kinds_dates.iter().map(|(_, d)| *d).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "timeline is sorted by date");
}

#[test]
fn every_spelling_of_a_country_finds_it() {
    let cases = [
        ("Kyrghyz Republic", "country/kyrgyzstan"),
        ("Kyrgyz Republic", "country/kyrgyzstan"),
        ("Kyrgyzstan", "country/kyrgyzstan"),
        ("kyrgystan", "country/kyrgyzstan"), // near miss
        ("Bosnia and Herzegowina", "country/bosnia-and-herzegovina"),
        ("bosnia-and-herzegovina", "country/bosnia-and-herzegovina"),
        ("FYROM", "country/north-macedonia"),
        (
            "The former Yugoslav Republic of Macedonia",
            "country/north-macedonia",
        ),
        ("North Macedonia", "country/north-macedonia"),
        ("Russian Federation", "country/russia"),
        ("Российская Федерация", "country/russia"),
        ("la Fédération de Russie", "country/russia"),
        ("la federation de russie", "country/russia"),
        ("Travemunde", "place/travemunde"),
        ("PfP", "programme/partnership-for-peace"),
        (
            "Partenariat pour la paix",
            "programme/partnership-for-peace",
        ),
        ("NACC", "organisation/nacc"),
        ("North Atlantic Cooperation Council", "organisation/nacc"),
    ];
    assert_finds(&cases);
    assert_eq!(lookup_id("Atlantis"), None);
    assert_eq!(lookup_id(""), None);
    assert_eq!(lookup_id("!!!"), None);
}

#[test]
fn who_signed_for_austria() {
    let events = timeline(Some("Austria"), Some("signature"));
    assert_eq!(events.len(), 1, "{events:?}");
    let e = events[0];
    assert_eq!(e.date, "1995-02-10");
    let signatory = e
        .entities
        .iter()
        .find(|id| id.starts_with("person/"))
        .expect("a signatory");
    let person = almanac().entity(signatory).unwrap();
    assert!(person.name.contains("Mock"), "{}", person.name);
    assert!(e
        .citations
        .iter()
        .any(|c| c.document == "sto-page" && c.quote.contains("Alois Mock")));
}

#[test]
fn signatures_carry_both_sources_where_both_give_them() {
    let all = timeline(None, Some("signature"));
    assert!(
        all.len() >= 30,
        "one signature per signing country: {}",
        all.len()
    );
    let bulgaria = all
        .iter()
        .find(|e| e.entities.iter().any(|x| x == "country/bulgaria"))
        .expect("Bulgaria signed");
    assert!(
        bulgaria.single_source,
        "Bulgaria's signature is in the STO table only"
    );
    let poland = all
        .iter()
        .find(|e| e.entities.iter().any(|x| x == "country/poland"))
        .unwrap();
    assert!(!poland.single_source);
    assert_eq!(poland.date, "1994-02-02");
}

#[test]
fn what_happened_in_1994() {
    let q = TimelineQuery {
        from: Some("1994".into()),
        to: Some("1994".into()),
        ..Default::default()
    };
    let events = almanac().timeline(&q).unwrap();
    assert!(events.len() > 20, "{}", events.len());
    for e in &events {
        assert!(
            e.date.as_str() <= "1994-12-31" && e.end.as_deref().unwrap_or(&e.date) >= "1994",
            "{} {:?}",
            e.date,
            e.end
        );
    }
    assert!(
        events.iter().any(|e| e.date == "1994-01-10"),
        "the Brussels summit"
    );
    // A month bound is inclusive of the whole month.
    let jan = almanac()
        .timeline(&TimelineQuery {
            from: Some("1994-01".into()),
            to: Some("1994-01".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(jan
        .iter()
        .all(|e| e.date.starts_with("1994-01") || e.date.as_str() < "1994-01"));
    assert!(jan.len() < events.len());
}

#[test]
fn vague_dates_stay_vague() {
    let all = almanac().timeline(&TimelineQuery::default()).unwrap();
    let mid_october = all
        .iter()
        .find(|e| said(&e.qualifier).contains("mid-October"))
        .expect("mid-October 1994");
    assert_eq!(mid_october.date, "1994-10");
    let wif = all
        .iter()
        .find(|e| e.kind == "funding" && e.date == "1996")
        .expect("WIF 1996-2005");
    assert_eq!(wif.end.as_deref(), Some("2005"));
}

#[test]
fn every_citation_points_at_a_passage_that_holds_its_quote() {
    let a = almanac();
    let mut n = 0;
    let check = |c: &pfp_almanac::model::Citation| {
        let p = a
            .passage(&c.passage)
            .unwrap_or_else(|| panic!("{} missing", c.passage));
        assert_eq!(p.document, c.document);
        assert!(!c.quote.is_empty());
    };
    for e in &a.corpus().events {
        assert!(!e.citations.is_empty(), "{} uncited", e.id);
        e.citations.iter().for_each(check);
        n += e.citations.len();
    }
    for e in &a.corpus().entities {
        e.citations
            .iter()
            .chain(e.facts.iter().flat_map(|f| &f.citations))
            .for_each(check);
    }
    assert!(n > 50);
}

#[test]
fn the_member_count_disagreement_is_kept() {
    let d = almanac().disagreements(Some("programme/partnership-for-peace"));
    let count = d
        .iter()
        .find(|d| d.readings.iter().any(|r| r.value.contains("19")))
        .expect("19 / 21 / 22");
    let values: Vec<&str> = count.readings.iter().map(|r| r.value.as_str()).collect();
    for n in ["19", "21", "22"] {
        assert!(values.iter().any(|v| v.contains(n)), "{values:?}");
    }
    assert!(count.readings.iter().all(|r| !r.citations.is_empty()));
}

#[test]
fn search_finds_the_passage_a_reader_means() {
    let top = |q: &str| search_ids(q).into_iter().next().unwrap_or_default();
    let framework_control = search_ids("democratic control");
    assert!(
        framework_control
            .iter()
            .take(3)
            .any(|p| p == "framework-document/p3b"),
        "{framework_control:?}"
    );
    assert!(
        top("Malta neutrality").starts_with("encyclopedia/"),
        "{}",
        top("Malta neutrality")
    );
    let cell = top("Partnership Coordination Cell Mons");
    assert!(
        cell.starts_with("invitation/") || cell.starts_with("framework-document/"),
        "{cell}"
    );
    assert!(search_ids("submarine crew rescue")
        .first()
        .is_some_and(|p| p.starts_with("rome-declaration/")));
    // stemming: "funded" finds "funding"
    assert!(search_ids("funded").iter().any(|p| p == "encyclopedia/p23"));
    // prefix of the last word while typing
    assert!(search_ids("Wales Initiat")
        .iter()
        .any(|p| p == "encyclopedia/p23"));
    // typo tolerance
    assert!(search_ids("Travemunde defence minsters")
        .iter()
        .any(|p| p == "encyclopedia/p7" || p == "encyclopedia/p6"));
}

#[test]
fn search_results_are_unique_paged_and_highlighted() {
    let a = almanac();
    let all = a.search("NATO", &at_most(1000)).unwrap();
    let mut ids: Vec<&str> = all.hits.iter().map(|h| h.passage.as_str()).collect();
    assert_eq!(all.total as usize, ids.len());
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all.total as usize, "no passage twice");
    let page2 = a
        .search(
            "NATO",
            &SearchOptions {
                limit: Some(5),
                offset: Some(5),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        page2.hits.iter().map(|h| &h.passage).collect::<Vec<_>>(),
        all.hits[5..10]
            .iter()
            .map(|h| &h.passage)
            .collect::<Vec<_>>()
    );
    for h in all.hits.iter().take(20) {
        assert!(!h.highlights.is_empty(), "{h:?}");
        for word in highlighted(h) {
            assert!(
                word.to_lowercase().starts_with("nato"),
                "{word:?} in {:?}",
                h.snippet
            );
        }
    }
    let only_rome = search_in("NATO", "rome-declaration").unwrap();
    assert!(only_rome
        .hits
        .iter()
        .all(|h| h.document == "rome-declaration"));
    let by_date = a
        .search(
            "NATO",
            &SearchOptions {
                from: Some("2002".into()),
                to: Some("2002".into()),
                limit: Some(100),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(
        by_date.total > 0
            && by_date
                .hits
                .iter()
                .all(|h| h.document == "rome-declaration")
    );
}

#[test]
fn suggest_completes_names() {
    let names: Vec<String> = almanac()
        .suggest("Mal", Some(5))
        .unwrap()
        .into_iter()
        .map(|e| e.id.clone())
        .collect();
    assert_eq!(
        names.first().map(String::as_str),
        Some("country/malta"),
        "{names:?}"
    );
    assert!(almanac().suggest("Mal", Some(1)).unwrap().len() == 1);
    assert!(almanac().suggest("", None).unwrap().is_empty());
}

#[test]
fn bad_input_is_an_error_that_names_the_problem() {
    let a = almanac();
    let e = a
        .timeline(&TimelineQuery {
            from: Some("2023-02-30".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert!(e.to_string().contains("2023-02-30"), "{e}");
    let e = a
        .timeline(&TimelineQuery {
            from: Some("2000".into()),
            to: Some("1990".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert!(matches!(e, QueryError::ReversedRange { .. }), "{e}");
    let e = a
        .timeline(&TimelineQuery {
            kinds: Some(vec!["picnic".into()]),
            ..Default::default()
        })
        .unwrap_err();
    assert!(e.to_string().contains("picnic"));
    let e = a
        .timeline(&TimelineQuery {
            entity: Some("country/atlantis".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert!(e.to_string().contains("atlantis"));
    let e = a.search("x", &at_most(0)).unwrap_err();
    assert!(e.to_string().contains("limit"));
    let e = search_in("x", "nope").unwrap_err();
    assert!(e.to_string().contains("nope"));
    let huge = "a".repeat(1_000_001);
    assert!(matches!(
        a.search(&huge, &SearchOptions::default()),
        Err(QueryError::TooLong { .. })
    ));
    assert!(matches!(a.lookup(&huge), Err(QueryError::TooLong { .. })));
    // The same instance keeps answering.
    assert_eq!(lookup_id("Malta").as_deref(), Some("country/malta"));
}

/// `QUERY_TEXTS` names exactly the texts the core limits (the JavaScript binding refuses a far
/// longer string under those names before copying it), and a limit over u32 (a JavaScript number
/// up to 2^53) is reported as given.
#[test]
fn query_texts_are_the_fields_the_core_limits() {
    let a = almanac();
    let huge = "a".repeat(MAX_QUERY_CHARS + 1);
    let field = |r: Result<(), QueryError>| match r {
        Err(QueryError::TooLong { field, .. }) => field,
        other => panic!("not TooLong: {other:?}"),
    };
    let mut limited = vec![
        field(a.lookup(&huge).map(drop)),
        field(a.search(&huge, &SearchOptions::default()).map(drop)),
        field(a.suggest(&huge, None).map(drop)),
        field(
            a.timeline(&TimelineQuery {
                entity: Some(huge.clone()),
                ..Default::default()
            })
            .map(drop),
        ),
    ];
    limited.sort_unstable();
    let mut declared = QUERY_TEXTS.to_vec();
    declared.sort_unstable();
    assert_eq!(limited, declared);

    let limit = 9_007_199_254_740_991; // Number.MAX_SAFE_INTEGER
    assert_eq!(
        a.search("x", &at_most(limit)).unwrap_err(),
        QueryError::InvalidLimit {
            field: "limit",
            value: limit
        }
    );
    let far = SearchOptions {
        offset: Some(u64::MAX),
        ..Default::default()
    };
    let r = a.search("Malta", &far).unwrap();
    assert!(r.total > 0 && r.hits.is_empty());
}

#[test]
fn the_bodies_programmes_people_and_places_a_reader_asks_about_are_known() {
    let names = [
        "NATO",
        "North Atlantic Council",
        "NACC",
        "CSCE",
        "OSCE",
        "NATO-Russia Council",
        "Permanent Joint Council",
        "STO",
        "STB",
        "SHAPE",
        "Partnership Coordination Cell",
        "CSTO",
        "GUAM",
        "European Union",
        "Gulf Cooperation Council",
        "United Nations",
        "ISAF",
        "CCMS",
        "IPAP",
        "Membership Action Plan",
        "MAP",
        "IPP",
        "EAPWP",
        "MDWP",
        "ICP",
        "Istanbul Cooperation Initiative",
        "Partners across the Globe",
        "Mediterranean Dialogue",
        "Wales Initiative Funding",
        "WIF",
        "ePRIME",
        "Georgia Train and Equip Program",
        "Founding Act",
        "Washington Treaty",
        "Open Skies",
        "Partnership for Peace Education Initiative",
        "Brussels",
        "Mons",
        "Travemünde",
        "Rome",
        "Riga",
        "Bucharest",
        "Prague",
        "Istanbul",
        "Lisbon",
        "Berlin",
        "Kabul",
        "Tskhinvali",
        "Cyprus",
        "Kosovo",
        "Algeria",
        "Mauritania",
        "Les Aspin",
        "Guido de Marco",
        "Alois Mock",
        "Yeltsin",
        "Clinton",
        "Medvedev",
        "Milan Kňažko",
        "Nebojsa Radmanovic",
    ];
    let missing: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| lookup_id(n).is_none())
        .collect();
    assert!(missing.is_empty(), "not found: {missing:?}");
    let count = |kind: &str| {
        almanac()
            .corpus()
            .entities
            .iter()
            .filter(|e| e.kind == kind)
            .count()
    };
    assert!(
        count("country") >= 50 && count("person") >= 33,
        "every signatory is a person"
    );
}

#[test]
fn a_decade_stays_a_decade() {
    let all = almanac().timeline(&TimelineQuery::default()).unwrap();
    let e = all
        .iter()
        .find(|e| e.qualifier.as_deref() == Some("over the course of the 2000s"))
        .expect("the 2000s");
    assert_eq!((e.date.as_str(), e.end.as_deref()), ("2000", Some("2009")));
    assert_eq!(e.precision, pfp_almanac::model::Precision::Year);
}

#[test]
fn a_disagreement_concerns_the_entities_its_topic_or_readings_name() {
    let a = almanac();
    let ids = |id: &str| {
        a.disagreements(Some(id))
            .iter()
            .map(|d| d.id.clone())
            .collect::<Vec<_>>()
    };
    // Subject is the programme; a reading names Bulgaria ("Fifteen, including Bulgaria").
    assert!(
        ids("country/bulgaria").contains(&"former-members-count".to_string()),
        "{:?}",
        ids("country/bulgaria")
    );
    // The topic names the three neutral states.
    for c in ["country/austria", "country/finland", "country/sweden"] {
        assert!(
            ids(c).contains(&"neutral-states-joining".to_string()),
            "{c}: {:?}",
            ids(c)
        );
    }
    // Only as whole words, and not from citation quotes: Finland is quoted in former-members-count
    // ("...Estonia, Finland, Hungary...") but that disagreement is not about Finland.
    assert!(!ids("country/finland").contains(&"former-members-count".to_string()));
    assert!(
        ids("country/malta").is_empty(),
        "{:?}",
        ids("country/malta")
    );
    // The subject still matches, and every disagreement is still returned for its subject.
    for d in a.disagreements(None) {
        assert!(ids(&d.subject).contains(&d.id));
    }
    assert!(a.disagreements(Some("country/atlantis")).is_empty());
}

fn timeline_ids(q: &TimelineQuery) -> Vec<String> {
    almanac()
        .timeline(q)
        .unwrap()
        .into_iter()
        .map(|e| e.id.clone())
        .collect()
}

fn in_years(from: &str, to: &str) -> Vec<String> {
    timeline_ids(&TimelineQuery {
        from: Some(from.into()),
        to: Some(to.into()),
        ..Default::default()
    })
}

fn event(id: &str) -> &'static pfp_almanac::model::Event {
    almanac()
        .corpus()
        .events
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no event {id}"))
}

#[test]
fn every_name_of_every_country_finds_it_and_its_whole_timeline() {
    let a = almanac();
    let countries: Vec<_> = a
        .corpus()
        .entities
        .iter()
        .filter(|e| e.kind == "country")
        .collect();
    assert!(countries.len() >= 50, "{}", countries.len());
    let mut with_signature = 0;
    for c in &countries {
        let by_id = timeline_ids(&TimelineQuery {
            entity: Some(c.id.clone()),
            ..Default::default()
        });
        let signature = a.corpus().events.iter().find(|e| {
            e.kind == "signature"
                && e.entities.iter().any(|x| x == &c.id)
                && e.entities
                    .iter()
                    .any(|x| x == "document/framework-document")
        });
        if let Some(s) = signature {
            with_signature += 1;
            assert!(
                by_id.contains(&s.id),
                "{}: {} missing from {by_id:?}",
                c.id,
                s.id
            );
        }
        let names = std::iter::once(&c.name)
            .chain(&c.aliases)
            .chain(c.names.values());
        for name in names {
            assert_eq!(
                lookup_id(name).as_deref(),
                Some(c.id.as_str()),
                "lookup({name:?})"
            );
            let by_name = timeline_ids(&TimelineQuery {
                entity: Some(name.clone()),
                ..Default::default()
            });
            assert_eq!(
                by_name, by_id,
                "timeline({{ entity: {name:?} }}) differs from timeline({{ entity: {:?} }})",
                c.id
            );
            if let Some(s) = signature {
                assert!(
                    by_name.contains(&s.id),
                    "timeline({{ entity: {name:?} }}) lacks {}",
                    s.id
                );
            }
        }
    }
    // The 33 countries of the STO signatures table (Montenegro, not in it, joined without a
    // recorded signature).
    assert_eq!(
        with_signature, 33,
        "countries with a Framework Document signature"
    );
}

#[test]
fn the_rome_declaration_establishes_the_council_and_its_preparatory_committee() {
    let in_2002 = in_years("2002", "2002");
    for id in [
        "establishment/nrc-preparatory-committee",
        "establishment/nato-russia-council",
        "signature/rome-declaration",
        "summit/prague-2002",
    ] {
        assert!(
            in_2002.contains(&id.to_string()),
            "{id} not in 2002: {in_2002:?}"
        );
    }
    let pc = event("establishment/nrc-preparatory-committee");
    assert_eq!(
        (pc.kind.as_str(), pc.date.as_str()),
        ("establishment", "2002-05-28")
    );
    assert!(pc
        .citations
        .iter()
        .all(|c| c.document == "rome-declaration"));
    let committee = timeline_ids(&TimelineQuery {
        entity: Some("Preparatory Committee".into()),
        ..Default::default()
    });
    assert_eq!(committee, ["establishment/nrc-preparatory-committee"]);
}

#[test]
fn vague_and_upper_bound_dates_keep_the_sources_words() {
    // "By that time" is September 1994: the month, not a day, with the source's words.
    let y = event("statement/yeltsin-sphere-of-influence");
    assert_eq!(
        (y.date.as_str(), y.end.as_deref(), y.qualifier.as_deref()),
        ("1994-09", None, Some("by that time"))
    );
    assert!(timeline_ids(&TimelineQuery {
        entity: Some("President Yeltsin".into()),
        ..Default::default()
    })
    .contains(&y.id));
    assert!(in_years("1994-09", "1994-09").contains(&y.id));
    assert!(timeline_ids(&TimelineQuery {
        entity: Some("Commonwealth of Independent States".into()),
        ..Default::default()
    })
    .contains(&y.id));
    // "in the 1990s" is the decade 1990/1999, found by any year inside it and by none outside.
    let c = event("statement/pfp-controversy-1990s");
    assert_eq!((c.date.as_str(), c.end.as_deref()), ("1990", Some("1999")));
    assert_eq!(
        c.qualifier.as_deref(),
        Some("during policy negotiations in the 1990s")
    );
    assert_eq!(c.precision, pfp_almanac::model::Precision::Year);
    assert!(in_years("1995", "1995").contains(&c.id));
    assert!(!in_years("2000", "2023").contains(&c.id));
    // "After 1991" has no honest date: the NACC's annual meetings stay a fact, not an event.
    let nacc = timeline_ids(&TimelineQuery {
        entity: Some("NACC".into()),
        ..Default::default()
    });
    assert!(
        nacc.iter()
            .all(|id| !id.contains("annual") && !id.contains("ministerial")),
        "{nacc:?}"
    );
    let fact = almanac()
        .entity("organisation/nacc")
        .unwrap()
        .facts
        .iter()
        .any(|f| f.text.contains("after 1991"));
    assert!(fact);
}

#[test]
fn reference_dates_are_events_only_where_a_title_reports_a_happening() {
    // A record of a meeting, dated by the record.
    let m = event("meeting/clinton-czech-leaders-1994-01-11");
    assert_eq!(m.date, "1994-01-11");
    assert!(timeline_ids(&TimelineQuery {
        entity: Some("President Clinton".into()),
        ..Default::default()
    })
    .contains(&m.id));
    // A title that dates its happening itself.
    assert_eq!(
        event("meeting/de-marco-visit-1995-04-26").date,
        "1995-04-26"
    );
    // Headlines: dated by the report, and saying so.
    for (id, date) in [
        (
            "statement/kosovo-seeks-international-organisations-2012",
            "2012-07-19",
        ),
        ("statement/kosovo-adriatic-charter-2013", "2013-01-21"),
        ("statement/cypriot-presidential-victory-2013", "2013-02-24"),
        ("statement/hoxhaj-lituani-2014", "2014-04-03"),
        (
            "statement/cyprus-dismisses-nato-scenarios-2018",
            "2018-06-05",
        ),
    ] {
        let e = event(id);
        assert_eq!(e.date, date, "{id}");
        assert!(
            said(&e.qualifier).starts_with("reported on"),
            "{id}: {:?}",
            e.qualifier
        );
    }
    let kosovo = timeline_ids(&TimelineQuery {
        entity: Some("Kosovo".into()),
        ..Default::default()
    });
    for id in [
        "application/kosovo-pfp",
        "statement/kosovo-adriatic-charter-2013",
        "statement/hoxhaj-lituani-2014",
    ] {
        assert!(kosovo.contains(&id.to_string()), "{id}: {kosovo:?}");
    }
    // A report's date never makes the text's date more exact: the vote stays in February 2011.
    let vote = event("resolution/cyprus-parliament-2011");
    assert_eq!(vote.date, "2011-02");
    assert!(vote
        .citations
        .iter()
        .any(|c| c.quote.contains("February 25, 2011")));
    // Publication and retrieval dates are not events.
    let all = almanac().timeline(&TimelineQuery::default()).unwrap();
    for date in [
        "2009-12-03",
        "2009-12-23",
        "2006-10-05",
        "2019-04-01",
        "2022-06-12",
        "2013-11-11",
        "2020-09-17",
    ] {
        assert!(all.iter().all(|e| e.date != date), "an event on {date}");
    }
}

#[test]
fn titled_names_and_the_reference_lists_names_are_found() {
    let cases = [
        ("President Dmitry Medvedev", "person/dmitry-medvedev"),
        (
            "President Demetris Christofias",
            "person/demetris-christofias",
        ),
        ("President Nicos Anastasiades", "person/nicos-anastasiades"),
        ("President Clinton", "person/clinton"),
        ("President Yeltsin", "person/yeltsin"),
        ("US Secretary of Defense Les Aspin", "person/les-aspin"),
        (
            "Slovakian Foreign Minister, Milan Kňažko",
            "person/milan-knazko",
        ),
        ("Professor Guido de Marco", "person/guido-de-marco"),
        ("Mr. Sant", "person/sant"),
        ("Adriatic Charter", "document/adriatic-charter"),
        ("Hoxhaj", "person/hoxhaj"),
        ("Thaçi", "person/hashim-thaci"),
        ("Thaci, Hashim", "person/hashim-thaci"),
        ("Hashim Thaçi", "person/hashim-thaci"),
        ("hashim thaci", "person/hashim-thaci"),
        (
            "Inter-Parliamentary Union",
            "organisation/inter-parliamentary-union",
        ),
        ("Atlantic Council", "organisation/atlantic-council"),
        (
            "National Security Archive",
            "organisation/national-security-archive",
        ),
        (
            "William J. Clinton Presidential Library",
            "organisation/clinton-presidential-library",
        ),
        ("Clinton White House", "organisation/clinton-white-house"),
        (
            "Ministry of Foreign Affairs of Kosovo",
            "organisation/kosovo-ministry-of-foreign-affairs",
        ),
        (
            "House of Representatives",
            "organisation/parliament-of-cyprus",
        ),
        ("Vouli Antiprosopon", "organisation/parliament-of-cyprus"),
        ("Clinton", "person/clinton"),
        ("Medvedev", "person/dmitry-medvedev"),
        ("Western Europe", "place/western-europe"),
    ];
    assert_finds(&cases);
    // News publishers named only as where a cited work appeared are deliberately not entities.
    for text in [
        "Washington Post",
        "Reuters",
        "Associated Press",
        "Turkish Weekly",
    ] {
        assert_eq!(lookup_id(text), None, "lookup({text:?})");
    }
}

#[test]
fn the_bundle_gives_back_the_compiled_corpus_exactly() {
    // The stored form drops copies (quotes are spans of passages, originals are edits of texts):
    // re-encoding the decoded corpus gives the same bytes, and decoding those the same corpus.
    let bytes = pfp_almanac::BUNDLED_CORPUS;
    let corpus = pfp_almanac::bundle::decode(bytes).unwrap();
    assert_eq!(pfp_almanac::bundle::encode(&corpus), bytes);
    let compiled = pfp_almanac::compiler::compile(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus"
    )))
    .unwrap()
    .0;
    assert_eq!(compiled, corpus);
}

// Issue 11, point 5: corrections from an audit of the corpus against the sources.

#[test]
fn a_relation_is_listed_once_with_the_citations_of_every_source() {
    let a = almanac();
    for e in &a.corpus().entities {
        let mut seen = std::collections::HashSet::new();
        for r in &e.relations {
            assert!(
                seen.insert((&r.kind, &r.target)),
                "{}: {} {} listed twice",
                e.id,
                r.kind,
                r.target
            );
        }
    }
    // The five whose NATO membership was filed twice: lookup() gives it once, backed by both sources.
    for (name, first, second) in [
        (
            "Greece",
            "the Hellenic Republic",
            "do not recognize Kosovo's independence",
        ),
        (
            "Romania",
            "Fifteen former member states",
            "do not recognize Kosovo's independence",
        ),
        (
            "Slovakia",
            "Fifteen former member states",
            "do not recognize Kosovo's independence",
        ),
        (
            "Spain",
            "the Kingdom of Spain",
            "do not recognize Kosovo's independence",
        ),
        (
            "Turkey",
            "the Republic of Turkey",
            "Turkey, a full member of NATO",
        ),
    ] {
        let e = a
            .lookup(name)
            .unwrap()
            .unwrap_or_else(|| panic!("lookup({name:?})"));
        let nato: Vec<_> = e
            .relations
            .iter()
            .filter(|r| r.kind == "member-of" && r.target == "organisation/nato")
            .collect();
        assert_eq!(
            nato.len(),
            1,
            "{name}: member-of organisation/nato {} times",
            nato.len()
        );
        for quote in [first, second] {
            assert!(
                nato[0].citations.iter().any(|c| c.quote.contains(quote)),
                "{name}: no citation with {quote:?}: {:?}",
                nato[0].citations
            );
        }
    }
}

#[test]
fn natos_card_reports_the_article_5_debate_in_the_encyclopedias_words() {
    let nato = almanac().entity("organisation/nato").unwrap();
    // What the encyclopedia says, clause by clause: a debate over a "stepping stone ... with full
    // Article 5 guarantees", and a PfP that "never actually guaranteed a NATO membership". A fact
    // that speaks of either must carry the clause itself and cite it, not an inference from it.
    let clauses = [
        "stepping stone for joining NATO with full Article 5 guarantees",
        "never actually guaranteed a NATO membership",
    ];
    let about: Vec<_> = nato
        .facts
        .iter()
        .filter(|f| f.text.contains("Article 5") || f.text.contains("guarantee"))
        .collect();
    for clause in clauses {
        assert!(
            about.iter().any(|f| f.text.contains(clause)),
            "no fact of organisation/nato says {clause:?}"
        );
    }
    for f in &about {
        let said: Vec<&str> = clauses
            .iter()
            .copied()
            .filter(|c| f.text.contains(c))
            .collect();
        assert!(
            !said.is_empty(),
            "{:?} speaks of guarantees in words the encyclopedia does not use",
            f.text
        );
        for clause in said {
            assert!(
                f.citations
                    .iter()
                    .any(|c| c.document == "encyclopedia" && c.quote.contains(clause)),
                "{:?} does not cite {clause:?}",
                f.text
            );
        }
    }
}

#[test]
fn what_yeltsin_was_told_in_1993_is_a_reference_title_not_an_event() {
    let a = almanac();
    let title = "What Yeltsin Was Told About NATO in 1993";
    // No event rests on the 2019 title, and Yeltsin's timeline has nothing in 1993.
    for e in &a.corpus().events {
        assert!(
            e.citations.iter().all(|c| !c.quote.contains(title)),
            "{} is dated by the title of a 2019 article",
            e.id
        );
    }
    let yeltsin = timeline(Some("Yeltsin"), None);
    assert!(
        yeltsin.iter().all(|e| !e.date.starts_with("1993")),
        "{:?}",
        yeltsin.iter().map(|e| (&e.id, &e.date)).collect::<Vec<_>>()
    );
    // The telling the article's text dates is on it, in September 1994.
    let told = yeltsin
        .iter()
        .find(|e| {
            e.citations
                .iter()
                .any(|c| c.quote.contains("In September 1994 Clinton told Yeltsin"))
        })
        .expect("Clinton tells Yeltsin");
    assert_eq!(told.date, "1994-09");
    // The title stays: a fact of Yeltsin's card, cited and read as a title, and a passage in search.
    let fact = a
        .entity("person/yeltsin")
        .unwrap()
        .facts
        .iter()
        .find(|f| f.citations.iter().any(|c| c.quote.contains(title)))
        .expect("the title, as a fact");
    assert!(
        said(&fact.reading).contains("not a dated happening"),
        "{:?}",
        fact.reading
    );
    let found = search_ids(title);
    let reference = a.passage(&found[0]).unwrap();
    assert!(reference.text.contains(title), "{found:?}");
}

#[test]
fn montenegro_joined_the_pfp_and_is_not_filed_as_a_signature() {
    let a = almanac();
    let signatures = timeline(None, Some("signature"));
    assert!(
        signatures
            .iter()
            .all(|e| !e.entities.iter().any(|x| x == "country/montenegro")),
        "Montenegro among the signatures"
    );
    // Every signature of the Framework Document is a row of the STO signatures table: a source that
    // records the signing, not only a joining.
    for e in signatures.iter().filter(|e| {
        e.entities
            .iter()
            .any(|x| x == "document/framework-document")
    }) {
        let row = |c: &&pfp_almanac::model::Citation| {
            c.document == "sto-page"
                && a.passage(&c.passage)
                    .is_some_and(|p| p.kind == pfp_almanac::model::PassageKind::Row)
        };
        assert!(
            e.citations.iter().any(|c| row(&c)),
            "{}: no signatures-table row",
            e.id
        );
    }
    let joined = timeline(Some("Montenegro"), Some("joining"));
    assert_eq!(joined.len(), 1, "{joined:?}");
    assert_eq!(joined[0].date, "2006-12-14");
    assert!(joined[0]
        .citations
        .iter()
        .any(|c| c.quote.contains("which they did on December 14, 2006")));
    assert!(
        joined[0]
            .citations
            .iter()
            .all(|c| !c.quote.contains("signed") && !c.quote.contains("Signatures")),
        "{:?}",
        joined[0].citations
    );
}

#[test]
fn north_macedonias_signatory_is_not_given_the_encyclopedias_date() {
    let a = almanac();
    let person = a
        .corpus()
        .entities
        .iter()
        .find(|e| {
            e.relations
                .iter()
                .any(|r| r.kind == "signed-for" && r.target == "country/north-macedonia")
        })
        .expect("the STO table's signatory for North Macedonia");
    // His own timeline presents no date as his signature: the STO row that names him has none.
    let his = timeline(Some(&person.id), None);
    assert!(
        his.iter().all(|e| e.kind != "signature"),
        "{} is given a signature date: {his:?}",
        person.id
    );
    // The country's signature keeps the encyclopedia's date, with its reading naming him and the
    // blank date, and the disagreement is on both cards.
    let country = timeline(Some("North Macedonia"), Some("signature"));
    assert_eq!(country.len(), 1);
    assert_eq!(country[0].date, "1995-11-15");
    let reading = country[0].reading.as_deref().unwrap_or_default();
    assert!(
        reading.contains(&person.name) && reading.contains("leaves the date blank"),
        "{reading}"
    );
    for id in ["country/north-macedonia", person.id.as_str()] {
        let d = a.disagreements(Some(id));
        assert!(
            d.iter().any(|d| d.id == "north-macedonia-signature-date"),
            "{id}: {:?}",
            d.iter().map(|d| &d.id).collect::<Vec<_>>()
        );
    }
}

#[test]
fn the_invitations_and_the_rome_declarations_lists_are_facts_of_their_documents() {
    let a = almanac();
    // Each item of the list, as its own fact citing the words of the item and of the list's lead.
    let has = |document: &str, lead: &str, item: &str| {
        let e = a.entity(document).unwrap();
        let fact = e
            .facts
            .iter()
            .find(|f| f.citations.iter().any(|c| c.quote.contains(item)));
        let fact = fact.unwrap_or_else(|| panic!("{document}: no fact cites {item:?}"));
        assert!(
            fact.citations.iter().any(|c| c.quote.contains(lead)),
            "{document}: {:?} does not cite the list's lead",
            fact.text
        );
        fact.text.clone()
    };
    let invitation_lead = "we will work in concrete ways towards";
    for item in [
        "transparency in defence budgeting",
        "democratic control of defence ministries",
        "joint planning, joint military exercises",
        "creating an ability to operate with NATO forces",
    ] {
        let text = has("document/invitation", invitation_lead, item);
        assert!(
            text.contains("at a pace and scope determined by"),
            "{text}: the pace is each participating state's"
        );
    }
    let interoperability = a
        .entity("document/invitation")
        .unwrap()
        .facts
        .iter()
        .any(|f| {
            f.text.contains("interoperability")
                && f.citations.iter().any(|c| {
                    c.quote
                        .contains("To promote closer military cooperation and interoperability")
                })
        });
    assert!(interoperability, "interoperability");
    // The Framework Document's objectives, each of (a) to (e) quoted.
    for item in [
        "transparency in national defence planning and budgeting",
        "democratic control of defence forces",
        "capability and readiness to contribute",
        "joint planning, training, and exercises",
        "better able to operate with those of the members",
    ] {
        has(
            "document/framework-document",
            "in pursuing the following objectives",
            item,
        );
    }
    let rome_lead = "As initial steps in this regard";
    for item in [
        "a generic concept for joint NATO-Russia peacekeeping operations",
        "an integrated NATO-Russia military training centre",
        "civil and military airspace controls",
        "WMD consequence management information",
    ] {
        has("document/rome-declaration", rome_lead, item);
    }
}

#[test]
fn the_sto_list_without_montenegro_and_the_encyclopedias_montenegro_are_both_kept() {
    let a = almanac();
    let d = a.disagreements(Some("country/montenegro"));
    let d = d.iter().find(|d| {
        d.readings.iter().any(|r| {
            r.citations
                .iter()
                .any(|c| c.quote.contains("21 Non-NATO nations"))
        }) && d.readings.iter().any(|r| {
            r.citations.iter().any(|c| {
                c.quote
                    .contains("Montenegro December 14, 2006 June 5, 2017")
            })
        })
    });
    let d = d.expect("a disagreement of Montenegro between the STO list and the encyclopedia");
    assert_eq!(d.readings.len(), 2);
    // Each reading is cited from its own source only.
    for r in &d.readings {
        let docs: std::collections::HashSet<&str> =
            r.citations.iter().map(|c| c.document.as_str()).collect();
        assert_eq!(docs.len(), 1, "{}: {docs:?}", r.value);
    }
    // The STO list indeed has no Montenegro: every item under its heading is a passage of its own.
    let list =
        a.corpus().passages.iter().filter(|p| {
            p.document == "sto-page" && p.kind == pfp_almanac::model::PassageKind::Item
        });
    assert!(list.clone().count() >= 20);
    assert!(list.clone().all(|p| !p.text.contains("Montenegro")));
}

// Issue 11, point 6: British and American spellings in search.

/// Either spelling of a word finds every passage that spells it either way, with the same ranking
/// (both are exact matches, neither a typo of the other), and highlights both spellings.
fn either_spelling_finds_both(british: &[&str], american: &[&str]) {
    let a = almanac();
    let forms: Vec<&str> = british.iter().chain(american).copied().collect();
    let (uk, us) = (
        passages_spelling(a.corpus(), british),
        passages_spelling(a.corpus(), american),
    );
    assert!(
        !uk.is_empty() && !us.is_empty(),
        "the sources spell {forms:?} both ways: {uk:?} / {us:?}"
    );
    let all = at_most(1000);
    // A trailing space: the word is complete, so what matches is the word, not a prefix of it.
    let results: Vec<_> = [british[0], american[0]]
        .iter()
        .map(|q| a.search(&format!("{q} "), &all).unwrap())
        .collect();
    for (q, r) in [british[0], american[0]].iter().zip(&results) {
        let found: Vec<&str> = r.hits.iter().map(|h| h.passage.as_str()).collect();
        let missing: Vec<&String> = uk
            .iter()
            .chain(&us)
            .filter(|p| !found.contains(&p.as_str()))
            .collect();
        assert!(missing.is_empty(), "{q:?} misses {missing:?}");
        let mut seen: Vec<String> = Vec::new();
        for h in &r.hits {
            let words: Vec<String> = highlighted(h)
                .into_iter()
                .map(|w| w.to_lowercase())
                .collect();
            assert!(
                words.iter().all(|w| forms.contains(&w.as_str())),
                "{q:?} highlights {words:?} in {}",
                h.passage
            );
            // Every spelling of the word in the snippet is highlighted.
            let in_snippet = pfp_almanac::text::tokens(&h.snippet)
                .into_iter()
                .filter(|t| forms.contains(&t.word.as_str()))
                .count();
            assert_eq!(
                words.len(),
                in_snippet,
                "{q:?}: {} of {in_snippet} highlighted in {:?}",
                words.len(),
                h.snippet
            );
            seen.extend(words);
        }
        for set in [british, american] {
            assert!(
                seen.iter().any(|w| set.contains(&w.as_str())),
                "{q:?} highlights no {set:?}"
            );
        }
    }
    let ranked = |r: &pfp_almanac::SearchResult| {
        r.hits
            .iter()
            .map(|h| (h.passage.clone(), h.score))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ranked(&results[0]),
        ranked(&results[1]),
        "{:?} and {:?} rank differently",
        british[0],
        american[0]
    );
}

#[test]
fn defence_and_defense_find_each_other() {
    either_spelling_finds_both(&["defence", "defences"], &["defense", "defenses"]);
}

#[test]
fn programme_and_program_find_each_other() {
    either_spelling_finds_both(&["programme", "programmes"], &["program", "programs"]);
}

#[test]
fn organisation_and_organization_find_each_other() {
    either_spelling_finds_both(
        &["organisation", "organisations"],
        &["organization", "organizations"],
    );
}

#[test]
fn civilian_control_of_defense_highlights_the_framework_documents_defence() {
    let r = almanac()
        .search(
            "civilian control of defense",
            &SearchOptions {
                limit: Some(1000),
                ..Default::default()
            },
        )
        .unwrap();
    let hit = r
        .hits
        .iter()
        .find(|h| h.passage == "framework-document/p3b")
        .expect("¶3(b), democratic control of defence forces");
    assert_eq!(
        highlighted(hit),
        ["control", "defence"],
        "{:?}",
        hit.snippet
    );
}

#[test]
fn maltas_signatory_has_the_office_of_the_signatures_table_with_its_citation() {
    let a = almanac();
    let signatory = |country: &str| {
        a.corpus()
            .entities
            .iter()
            .find_map(|e| {
                let r = e
                    .relations
                    .iter()
                    .find(|r| r.kind == "signed-for" && r.target == country)?;
                Some((e, r))
            })
            .unwrap_or_else(|| panic!("no signatory for {country}"))
    };
    let (person, relation) = signatory("country/malta");
    assert_eq!(person.name, "Guido de Marco");
    let office = relation
        .office
        .as_ref()
        .expect("Malta's signatory has an office");
    assert_eq!(office.form, "DPM/FM");
    assert_eq!(office.citation.document, "sto-page");
    assert!(
        office
            .citation
            .quote
            .contains("Malta DPM/FM Guido de Marco"),
        "{:?}",
        office.citation
    );
    assert!(relation.citations.contains(&office.citation));
    assert_eq!(
        a.passage(&office.citation.passage).map(|p| p.kind),
        Some(PassageKind::Row),
        "the office is read from the table's row"
    );
    // The footnote digit between country and office is not part of it, and an office in words is
    // kept whole.
    let (_, bulgaria) = signatory("country/bulgaria");
    assert_eq!(
        bulgaria.office.as_ref().map(|o| o.form.as_str()),
        Some("PDT")
    );
    let (_, macedonia) = signatory("country/north-macedonia");
    assert_eq!(
        macedonia.office.as_ref().map(|o| o.form.as_str()),
        Some("Head of Government")
    );
    // Every signatory of the table has one, given in the quote it cites.
    for e in &a.corpus().entities {
        for r in e.relations.iter().filter(|r| r.kind == "signed-for") {
            let office = r
                .office
                .as_ref()
                .unwrap_or_else(|| panic!("{} has no office", e.id));
            assert!(
                office.citation.quote.contains(&office.form),
                "{}: {office:?}",
                e.id
            );
        }
    }
}

/// (entity id, text) of each mention in `text`.
fn mentions(text: &str) -> Vec<(String, String)> {
    almanac()
        .mentions(text)
        .into_iter()
        .map(|m| (m.entity, m.text))
        .collect()
}

#[test]
fn an_article_names_malta_in_any_case() {
    let text = "MALTA joined in 1995; malta left in 1996, and Malta's return came in 2008.";
    assert_eq!(
        mentions(text),
        [
            ("country/malta".into(), "MALTA".into()),
            ("country/malta".into(), "malta".into()),
            ("country/malta".into(), "Malta".into()),
        ]
    );
    let m = &almanac().mentions(text)[2];
    let units: Vec<u16> = text.encode_utf16().collect();
    assert_eq!(
        String::from_utf16_lossy(&units[m.start as usize..m.end as usize]),
        "Malta"
    );
}

#[test]
fn the_longest_name_is_the_mention() {
    assert_eq!(
        mentions("The North Atlantic Council met; the Atlantic Council, a think tank, did not."),
        [
            (
                "organisation/north-atlantic-council".into(),
                "North Atlantic Council".into()
            ),
            (
                "organisation/atlantic-council".into(),
                "Atlantic Council".into()
            ),
        ]
    );
    let pfp = mentions(
        "the Partnership for Peace Education Initiative, within the Partnership for Peace",
    );
    assert_eq!(pfp.len(), 2, "{pfp:?}");
    assert_eq!(pfp[0].1, "Partnership for Peace Education Initiative");
    assert_eq!(pfp[1].1, "Partnership for Peace");
    assert_ne!(pfp[0].0, pfp[1].0);
}

#[test]
fn every_name_lookup_finds_is_a_mention_in_a_sentence() {
    let mut checked = 0;
    for e in &almanac().corpus().entities {
        for name in std::iter::once(&e.name)
            .chain(&e.aliases)
            .chain(e.names.values())
        {
            if fold(name).chars().count() < MENTION_MIN_CHARS {
                continue;
            }
            let id = lookup_id(name).unwrap_or_else(|| panic!("lookup({name:?}) finds nothing"));
            // The words of the name, as the sentence writes them (punctuation around them is not).
            let words = name.trim_matches(|c: char| !c.is_alphanumeric());
            for (sentence, written) in [
                (format!("Reports on {name} followed."), words.to_string()),
                (
                    format!("REPORTS ON {} FOLLOWED.", name.to_uppercase()),
                    words.to_uppercase(),
                ),
            ] {
                assert_eq!(
                    mentions(&sentence),
                    [(id.clone(), written)],
                    "mentions({sentence:?})"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 250, "only {checked} names checked");
}
