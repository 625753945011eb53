//! The corpus compiler as an author meets it: a broken citation fails with its file and line,
//! and every mistake in a run is reported, not only the first.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::process::Command;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const MEMO: &str = "A memo\n\nThe council met in Rome on 28 May 2002.\n\nIt agreed a plan.\n";

/// A one-document corpus in a fresh folder; `events` is the text of events/e.toml.
fn corpus(events: &str) -> tempdir::Dir {
    corpus_of(MEMO, events)
}

/// The same, with `memo` as the text of the one document.
fn corpus_of(memo: &str, events: &str) -> tempdir::Dir {
    let dir = tempdir::Dir::new();
    write(dir.path(), "corpus/texts/memo.txt", memo);
    write(
        dir.path(),
        "corpus/almanac.toml",
        "name = \"Test\"\nsources = \"texts\"\n",
    );
    write(
        dir.path(),
        "corpus/documents/memo.toml",
        &format!("id = \"memo\"\ntitle = \"Memo\"\nshort = \"Memo\"\ndate = \"2002-05-28\"\nissuer = \"Council\"\nlicence = \"public\"\n[[witness]]\nfile = \"memo.txt\"\nlines = [1, {}]\n", memo.lines().count()),
    );
    write(
        dir.path(),
        "corpus/entities/e.toml",
        "[[entity]]\nid = \"place/rome\"\nname = \"Rome\"\ndescription = \"Where the council met.\"\ncite = [{ doc = \"memo\", quote = \"met in Rome\" }]\n",
    );
    write(dir.path(), "corpus/events/e.toml", events);
    dir
}

fn build(dir: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_almanac-build"))
        .arg(dir.join("corpus"))
        .arg("-o")
        .arg(dir.join("out.almanac"))
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout),
    )
}

/// Fails unless the build log holds every one of `expected`.
fn reports(log: &str, expected: &[&str]) {
    for e in expected {
        assert!(log.contains(e), "missing {e:?} in:\n{log}");
    }
}

const GOOD_EVENT: &str = "[[event]]\nid = \"meeting/rome\"\nkind = \"meeting\"\ndate = \"2002-05-28\"\ntitle = \"The council meets\"\nentities = [\"place/rome\"]\ncite = [{ doc = \"memo\", quote = \"met in Rome on 28 May 2002\" }]\n";

#[test]
fn a_valid_corpus_builds_a_bundle_that_loads() {
    let dir = corpus(GOOD_EVENT);
    let (ok, log) = build(dir.path());
    assert!(ok, "{log}");
    let bytes = std::fs::read(dir.path().join("out.almanac")).unwrap();
    let almanac = pfp_almanac::Almanac::from_bundle(&bytes).unwrap();
    assert_eq!(almanac.lookup("rome").unwrap().unwrap().id, "place/rome");
    assert_eq!(almanac.corpus().events[0].citations[0].passage, "memo/p1");
}

#[test]
fn a_broken_citation_fails_with_its_file_and_line() {
    let broken = GOOD_EVENT.replace("met in Rome on 28 May 2002", "met in Paris on 28 May 2002");
    let dir = corpus(&format!("\n\n{broken}"));
    let (ok, log) = build(dir.path());
    assert!(!ok);
    assert!(
        log.contains("events/e.toml:9: quote not found in memo: \"met in Paris on 28 May 2002\""),
        "{log}"
    );
    assert!(
        !dir.path().join("out.almanac").exists(),
        "nothing written on error"
    );
}

#[test]
fn every_mistake_is_reported_in_one_run() {
    let mistakes = "[[event]]\nid = \"meeting/a\"\nkind = \"picnic\"\ndate = \"2002-02-30\"\ntitle = \"x\"\nentities = [\"place/paris\"]\ncite = [{ doc = \"nodoc\", quote = \"z\" }, { doc = \"memo\", quote = \"met in Rome on 28 May 2002\" }]\n\n[[event]]\nid = \"meeting/a\"\nkind = \"meeting\"\ndate = \"2002-05-27\"\ntitle = \"y\"\ncite = [{ doc = \"memo\", quote = \"met in Rome on 28 May 2002\" }]\n";
    let dir = corpus(mistakes);
    let (ok, log) = build(dir.path());
    assert!(!ok);
    reports(&log, &[
        "unknown event kind \"picnic\"",
        "day 30 does not exist in 2002-02",
        "\"place/paris\" is not an entity id: use an id defined in entities/*.toml, or define the entity there",
        "events/e.toml:9: event id \"meeting/a\" is used twice (first at ",
        "events/e.toml:1): give each event its own id",
        "unknown document \"nodoc\"",
        "date 2002-05-27 is more exact than its quotes",
    ]);
}

#[test]
fn a_damaged_bundle_is_refused_with_a_reason() {
    let dir = corpus(GOOD_EVENT);
    assert!(build(dir.path()).0);
    let mut bytes = std::fs::read(dir.path().join("out.almanac")).unwrap();
    let err = |b: &[u8]| {
        pfp_almanac::Almanac::from_bundle(b)
            .err()
            .unwrap()
            .to_string()
    };
    assert!(err(&bytes[..bytes.len() - 10]).contains("truncated"));
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    assert!(err(&bytes).contains("corrupted"));
    bytes[8] = 99;
    assert!(err(&bytes).contains("format version 99"));
    assert!(err(b"hello").contains("not an almanac bundle"));
}

/// A corpus reads only its own folder. Each case puts a good copy of a file outside the corpus
/// folder, where the build would succeed if it read it, and names it from inside: by `..`, by an
/// absolute path, and through a symbolic link.
mod outside_the_folder {
    use super::*;

    /// The corpus with a copy of its text beside (not inside) its folder, at `<dir>/outside/memo.txt`.
    fn with_text_outside() -> tempdir::Dir {
        let dir = corpus(GOOD_EVENT);
        write(dir.path(), "outside/memo.txt", MEMO);
        dir
    }

    fn set_sources(dir: &Path, sources: &str) {
        write(
            dir,
            "corpus/almanac.toml",
            &format!("name = \"Test\"\nsources = {sources:?}\n"),
        );
    }

    fn set_witness(dir: &Path, file: &str) {
        let path = dir.join("corpus/documents/memo.toml");
        let doc = std::fs::read_to_string(&path)
            .unwrap()
            .replace("file = \"memo.txt\"", &format!("file = {file:?}"));
        std::fs::write(path, doc).unwrap();
    }

    /// Fails unless the build fails with `expected`, said once, and writes nothing. (What the
    /// refused file would have given is missing, so its citations fail too: those are not checked.)
    fn refused(dir: &Path, expected: &str) {
        let (ok, log) = build(dir);
        assert!(!ok, "the build read outside its folder:\n{log}");
        assert!(log.contains(expected), "missing {expected:?} in:\n{log}");
        assert_eq!(
            log.matches("leads outside the corpus folder").count(),
            1,
            "{log}"
        );
        assert!(
            !dir.join("out.almanac").exists(),
            "nothing written on error"
        );
    }

    fn real(dir: &Path, path: &str) -> String {
        std::fs::canonicalize(dir.join(path))
            .unwrap()
            .display()
            .to_string()
    }

    #[test]
    fn sources_by_dot_dot() {
        let dir = with_text_outside();
        set_sources(dir.path(), "../outside");
        let (outside, corpus) = (real(dir.path(), "outside"), real(dir.path(), "corpus"));
        refused(dir.path(), &format!(
            "corpus/almanac.toml:2: sources = \"../outside\" leads outside the corpus folder (to {outside}): only paths inside the corpus folder {corpus} are allowed: put the source texts in a folder inside it, for example sources = \"sources\""));
    }

    #[test]
    fn sources_by_dot_dot_that_does_not_exist() {
        let dir = corpus(GOOD_EVENT);
        set_sources(dir.path(), "texts/../../../nowhere");
        refused(dir.path(), "corpus/almanac.toml:2: sources = \"texts/../../../nowhere\" leads outside the corpus folder (to ");
    }

    #[test]
    fn sources_by_absolute_path() {
        let dir = with_text_outside();
        let outside = real(dir.path(), "outside");
        set_sources(dir.path(), &outside);
        refused(dir.path(), &format!("corpus/almanac.toml:2: sources = {outside:?} leads outside the corpus folder (to {outside}): only paths inside the corpus folder"));
    }

    #[test]
    fn sources_through_a_symbolic_link() {
        let dir = with_text_outside();
        std::os::unix::fs::symlink(dir.path().join("outside"), dir.path().join("corpus/linked"))
            .unwrap();
        set_sources(dir.path(), "linked");
        let outside = real(dir.path(), "outside");
        refused(dir.path(), &format!("corpus/almanac.toml:2: sources = \"linked\" leads outside the corpus folder (to {outside}): only paths inside the corpus folder"));
    }

    #[test]
    fn a_witness_file_by_dot_dot() {
        let dir = with_text_outside();
        set_witness(dir.path(), "../../outside/memo.txt");
        let outside = real(dir.path(), "outside/memo.txt");
        refused(dir.path(), &format!(
            "corpus/documents/memo.toml:7: witness file \"../../outside/memo.txt\" leads outside the corpus folder (to {outside}): only paths inside the corpus folder {} are allowed: copy the text into the sources folder",
            real(dir.path(), "corpus")));
    }

    #[test]
    fn a_witness_file_by_absolute_path() {
        let dir = with_text_outside();
        let outside = real(dir.path(), "outside/memo.txt");
        set_witness(dir.path(), &outside);
        refused(dir.path(), &format!("corpus/documents/memo.toml:7: witness file {outside:?} leads outside the corpus folder (to {outside})"));
    }

    #[test]
    fn a_witness_file_through_a_symbolic_link() {
        let dir = with_text_outside();
        std::fs::remove_file(dir.path().join("corpus/texts/memo.txt")).unwrap();
        std::os::unix::fs::symlink(
            dir.path().join("outside/memo.txt"),
            dir.path().join("corpus/texts/memo.txt"),
        )
        .unwrap();
        let outside = real(dir.path(), "outside/memo.txt");
        refused(dir.path(), &format!("corpus/documents/memo.toml:7: witness file \"memo.txt\" leads outside the corpus folder (to {outside})"));
    }

    #[test]
    fn a_toml_file_or_folder_through_a_symbolic_link() {
        let dir = corpus(GOOD_EVENT);
        std::fs::rename(
            dir.path().join("corpus/entities/e.toml"),
            dir.path().join("e.toml"),
        )
        .unwrap();
        std::os::unix::fs::symlink(
            dir.path().join("e.toml"),
            dir.path().join("corpus/entities/e.toml"),
        )
        .unwrap();
        let outside = real(dir.path(), "e.toml");
        refused(dir.path(), &format!("corpus/entities/e.toml:1: cannot read: this file leads outside the corpus folder (to {outside})"));

        let dir = corpus(GOOD_EVENT);
        std::fs::rename(dir.path().join("corpus/events"), dir.path().join("events")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("events"), dir.path().join("corpus/events"))
            .unwrap();
        let outside = real(dir.path(), "events");
        refused(dir.path(), &format!("corpus/events:1: cannot read: this folder leads outside the corpus folder (to {outside})"));
    }

    /// What stays inside is read as before: `..` that comes back in, a link to a folder inside.
    #[test]
    fn paths_that_stay_inside_are_read() {
        let dir = corpus(GOOD_EVENT);
        set_sources(dir.path(), "documents/../texts");
        let (ok, log) = build(dir.path());
        assert!(ok, "{log}");
        std::os::unix::fs::symlink(
            dir.path().join("corpus/texts"),
            dir.path().join("corpus/linked"),
        )
        .unwrap();
        set_sources(dir.path(), "linked");
        let (ok, log) = build(dir.path());
        assert!(ok, "{log}");
    }
}

/// A temporary folder removed on drop (std only; no crate needed for this).
mod tempdir {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicU32, Ordering};

    pub struct Dir(PathBuf);

    impl Dir {
        pub fn new() -> Self {
            static N: AtomicU32 = AtomicU32::new(0);
            let p = std::env::temp_dir().join(format!(
                "pfp-almanac-test-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::SeqCst)
            ));
            let _ = std::fs::remove_dir_all(&p);
            std::fs::create_dir_all(&p).unwrap();
            Dir(p)
        }
        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[test]
fn the_example_corpus_builds_and_answers_on_its_own() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/rome-declaration");
    let (corpus, _) = pfp_almanac::compiler::compile(&folder).unwrap_or_else(|d| panic!("{d:?}"));
    let almanac = pfp_almanac::Almanac::new(corpus);
    assert_eq!(almanac.documents().len(), 1);
    assert_eq!(
        almanac.lookup("PJC").unwrap().unwrap().id,
        "organisation/permanent-joint-council"
    );
    assert_eq!(
        almanac
            .lookup("Генеральный Секретарь НАТО")
            .unwrap()
            .unwrap()
            .id,
        "organisation/nato-secretary-general"
    );
    let events = almanac
        .timeline(&pfp_almanac::TimelineQuery {
            from: Some("2002".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        events.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["establishment/nato-russia-council"]
    );
    assert!(
        almanac
            .search("submarine crew rescue", &Default::default())
            .unwrap()
            .total
            > 0
    );
}

#[test]
fn each_kind_of_entity_mistake_is_named() {
    let dir = corpus(GOOD_EVENT);
    write(
        dir.path(),
        "corpus/entities/more.toml",
        "[[entity]]\nid = \"Place/Paris!\"\nname = \"Paris\"\ndescription = \"x\"\n\n[[entity]]\nid = \"place/rome-again\"\nname = \"Rome\"\ndescription = \"Rome again.\"\ncite = [{ doc = \"memo\", quote = \"met in Rome\" }]\n\n[[entity.relation]]\nkind = \"located-in\"\ntarget = \"country/italy\"\n\n[[entity.fact]]\ntext = \"A fact with no source\"\n",
    );
    write(
        dir.path(),
        "corpus/entities/broken.toml",
        "[[entity]\nid = \"x\"\n",
    );
    let (ok, log) = build(dir.path());
    assert!(!ok);
    reports(
        &log,
        &[
            "entities/more.toml:1: entity id \"Place/Paris!\" must be <kind>/<slug>",
            "the name \"Paris\" does not occur in any source",
            "the description needs `cite = [...]`",
            "relation target \"country/italy\" is not an entity id",
            "relation located-in needs a citation",
            "fact \"A fact with no source\" needs a citation",
            "entities/broken.toml:1: not valid here",
        ],
    );
}

#[test]
fn colliding_aliases_are_reported_but_do_not_fail() {
    let dir = corpus(GOOD_EVENT);
    write(
        dir.path(),
        "corpus/entities/more.toml",
        "[[entity]]\nid = \"organisation/council\"\nname = \"council\"\naliases = [\"Rome\"]\ndescription = \"The council.\"\ncite = [{ doc = \"memo\", quote = \"The council met\" }]\n",
    );
    let (ok, log) = build(dir.path());
    assert!(ok, "{log}");
    assert!(log.contains("alias \"Rome\" names both place/rome and organisation/council: lookup gives place/rome"), "{log}");
}

#[test]
fn a_second_witness_that_differs_is_an_error() {
    let dir = corpus(GOOD_EVENT);
    write(
        dir.path(),
        "corpus/texts/copy.txt",
        "The council met in Milan on 28 May 2002.\n",
    );
    let doc = std::fs::read_to_string(dir.path().join("corpus/documents/memo.toml")).unwrap();
    write(
        dir.path(),
        "corpus/documents/memo.toml",
        &format!("{doc}[[witness]]\nfile = \"copy.txt\"\nlines = [1, 1]\n"),
    );
    let (ok, log) = build(dir.path());
    assert!(!ok);
    assert!(
        log.contains("witness copy.txt does not carry passage memo/p1"),
        "{log}"
    );
}

/// One event in events/e.toml, citing the memo.
fn event(id: &str, date: &str, quote: &str) -> String {
    format!("[[event]]\nid = \"{id}\"\nkind = \"meeting\"\ndate = \"{date}\"\ntitle = \"x\"\ncite = [{{ doc = \"memo\", quote = \"{quote}\" }}]\n\n")
}

#[test]
fn a_date_is_no_more_exact_than_its_quotes() {
    let memo = "A memo\n\nThe council met in Rome on 28 May 2002.\n\nIn 1994 it agreed a plan. In October 1994 it met again, and on 14.02.95 and in 11.96 too.\n\nSIGNÉ A ROME, LE 28 MAI 2002\n\nПОДПИСАНО В РИМЕ 28 МАЯ 2002 года\n\nOver the course of the 2000s it grew. It may meet in 2003.\n";
    let events = [
        // Attested: the month by name, in figures, in French and in Russian; a whole decade.
        event("good/october", "1994-10", "In October 1994 it met again"),
        event("good/figures-day", "1995-02-14", "on 14.02.95"),
        event("good/figures-month", "1996-11", "in 11.96 too"),
        event("good/french", "2002-05-28", "LE 28 MAI 2002"),
        event("good/russian", "2002-05-28", "28 МАЯ 2002 года"),
        event("good/decade", "2000/2009", "Over the course of the 2000s"),
        // Too exact: a month the quote does not give, a decade read as its first year or as part of it.
        event("bad/month", "1994-10", "In 1994 it agreed a plan."),
        event("bad/figures-month", "1995-03", "on 14.02.95"),
        event("bad/may-the-verb", "2003-05", "It may meet in 2003."),
        event(
            "bad/range-end",
            "1994-10/1994-11",
            "In October 1994 it met again",
        ),
        event(
            "bad/decade-year",
            "2000",
            "Over the course of the 2000s it grew.",
        ),
        event(
            "bad/half-decade",
            "2000/2005",
            "Over the course of the 2000s it grew.",
        ),
    ]
    .concat();
    let dir = corpus_of(memo, &events);
    let (ok, log) = build(dir.path());
    assert!(!ok);
    reports(&log, &[
        "bad/month: date 1994-10 is more exact than its quotes: no quote with the year 1994 names the month (October): cite words that do, or write date = \"1994\"",
        "bad/figures-month: date 1995-03 is more exact than its quotes: no quote with the year 1995 names the month (March)",
        "bad/may-the-verb: date 2003-05 is more exact than its quotes: no quote with the year 2003 names the month (May)",
        "bad/range-end: date 1994-10/1994-11 is more exact than its quotes: no quote with the year 1994 names the month (November): cite words that do, or write date = \"1994-10/1994\"",
        "bad/decade-year: date 2000 is more exact than its quotes: no quote gives the year 2000 (\"2000s\" attests only the whole decade: date = \"2000/2009\")",
        "bad/half-decade: date 2000/2005 is more exact than its quotes: no quote gives the year 2000 (",
    ]);
    assert!(
        !log.contains("good/"),
        "an attested date was refused:\n{log}"
    );
    assert_eq!(
        log.matches("is more exact than its quotes").count(),
        6,
        "{log}"
    );
}

#[test]
fn duplicate_ids_name_both_places() {
    let dir = corpus(&format!(
        "{GOOD_EVENT}\n{}",
        GOOD_EVENT.replace("The council meets", "Again")
    ));
    let doc = std::fs::read_to_string(dir.path().join("corpus/documents/memo.toml")).unwrap();
    // Sorted after memo.toml, so it is the second; its id is on line 3.
    write(
        dir.path(),
        "corpus/documents/zz-copy.toml",
        &format!("# A copy of the memo\n\n{doc}"),
    );
    write(
        dir.path(),
        "corpus/entities/more.toml",
        "# Rome, once more\n[[entity]]\nid = \"place/rome\"\nname = \"Rome\"\ndescription = \"Rome again.\"\ncite = [{ doc = \"memo\", quote = \"met in Rome\" }]\n",
    );
    let (ok, log) = build(dir.path());
    assert!(!ok);
    reports(
        &log,
        &[
            "documents/zz-copy.toml:3: document id \"memo\" is used twice (first at ",
            "documents/memo.toml:1): give each document its own id, and cite it by that id",
            "entities/more.toml:2: entity id \"place/rome\" is used twice (first at ",
            "entities/e.toml:1): give each entity its own id, or merge the two",
            "events/e.toml:9: event id \"meeting/rome\" is used twice (first at ",
        ],
    );
    assert!(!log.contains(":0:"), "an error without a line:\n{log}");
    assert!(log.contains("3 error(s)"), "{log}");
}

#[test]
fn a_relation_given_twice_names_both_lines() {
    let dir = corpus(GOOD_EVENT);
    let relation = |quote: &str| {
        format!("\n[[entity.relation]]\nkind = \"part-of\"\ntarget = \"place/rome\"\ncite = [{{ doc = \"memo\", quote = \"{quote}\" }}]\n")
    };
    // Lines: the entity at 1, its relations at 7 (part-of), 12 (located-in: another kind, allowed)
    // and 17 (part-of again).
    write(
        dir.path(),
        "corpus/entities/more.toml",
        &format!(
            "[[entity]]\nid = \"organisation/council\"\nname = \"council\"\ndescription = \"The council.\"\ncite = [{{ doc = \"memo\", quote = \"The council met\" }}]\n{}{}{}",
            relation("met in Rome"),
            relation("met in Rome").replace("part-of", "located-in"),
            relation("The council met in Rome"),
        ),
    );
    let (ok, log) = build(dir.path());
    assert!(!ok);
    reports(&log, &["entities/more.toml:17: organisation/council: relation part-of place/rome is given twice (first at line 7): merge the citations of both into the first"]);
    assert!(
        log.contains("1 error(s)"),
        "only the repeated kind and target is an error:\n{log}"
    );
}

#[test]
fn each_kind_of_reference_and_disagreement_mistake_is_named() {
    let events = format!(
        "{}{}",
        GOOD_EVENT
            .replace("meeting/rome", "meeting/chosen")
            .replace(
                "quote = \"met in Rome on 28 May 2002\"",
                "quote = \"met in Rome on 28 May 2002\", passage = \"memo/p9\""
            ),
        event(
            "meeting/backwards",
            "2002-05-28/2002-05-01",
            "met in Rome on 28 May 2002"
        ),
    );
    let dir = corpus(&events);
    write(
        dir.path(),
        "corpus/disagreements.toml",
        r#"[[disagreement]]
id = "venue"
subject = "place/roma"
topic = "Where the council met"
[[disagreement.reading]]
value = "Rome"
cite = [{ doc = "memo", quote = "met in Rome" }]
[[disagreement.reading]]
value = "A plan"
cite = [{ doc = "memo", quote = "It agreed a plan." }]

[[disagreement]]
id = "venue"
subject = "place/rome"
topic = "Where the council met, again"
[[disagreement.reading]]
value = "Rome"
cite = [{ doc = "memo", quote = "met in Rome" }]
"#,
    );
    let (ok, log) = build(dir.path());
    assert!(!ok);
    reports(&log, &[
        "events/e.toml:7: unknown passage \"memo/p9\": the quote is in memo/p1: use that id, or leave `passage` out",
        "events/e.toml:8: meeting/backwards: invalid date \"2002-05-28/2002-05-01\": the range ends (2002-05-01) before it starts (2002-05-28): write YYYY, YYYY-MM or YYYY-MM-DD, or a range start/end with the earlier date first",
        "disagreements.toml:1: venue: subject \"place/roma\" is not an entity id: did you mean \"place/rome\"? Use an id defined in entities/*.toml",
        "disagreements.toml:12: disagreement id \"venue\" is used twice (first at line 1): give each disagreement its own id, or merge their readings",
        "disagreements.toml:12: venue: a disagreement needs at least two readings: add `[[disagreement.reading]]` tables",
    ]);
    assert!(log.contains("5 error(s)"), "{log}");
}

#[test]
fn an_unknown_passage_with_no_match_lists_the_documents_passages() {
    let dir = corpus(&GOOD_EVENT.replace(
        "quote = \"met in Rome on 28 May 2002\"",
        "quote = \"agreed a plan\", passage = \"memo/p9\"",
    ));
    let (ok, log) = build(dir.path());
    assert!(!ok);
    assert!(
        log.contains("unknown passage \"memo/p9\": the quote is in memo/p2"),
        "{log}"
    );
    let dir = corpus(&GOOD_EVENT.replace(
        "quote = \"met in Rome on 28 May 2002\"",
        "quote = \"met in Rome on 28 May 2002\", passage = \"memo/p1\"",
    ));
    assert!(build(dir.path()).0, "a right passage is accepted");
}

#[test]
fn an_unreadable_file_is_named_with_its_line() {
    let dir = corpus(GOOD_EVENT);
    let mut bytes = b"[[entity]]\nid = \"place/x\"\nname = \"Caf".to_vec();
    bytes.extend([0xe9, b'"', b'\n']);
    std::fs::write(dir.path().join("corpus/entities/latin1.toml"), bytes).unwrap();
    let (ok, log) = build(dir.path());
    assert!(!ok);
    assert!(
        log.contains("entities/latin1.toml:3: cannot read: not UTF-8 text: save the file as UTF-8"),
        "{log}"
    );

    std::fs::remove_file(dir.path().join("corpus/almanac.toml")).unwrap();
    let (ok, log) = build(dir.path());
    assert!(!ok);
    assert!(log.contains("almanac.toml:1: cannot read: no such file: check the path (a corpus folder holds almanac.toml"), "{log}");
}

/// The corpus examples/three-documents/README.md walks through: three documents of its own.
#[test]
fn the_three_document_example_builds_with_every_part_of_the_format() {
    use pfp_almanac::model::{PassageKind, Precision};
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/three-documents");
    let (corpus, report) =
        pfp_almanac::compiler::compile(&folder).unwrap_or_else(|d| panic!("{d:#?}"));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let almanac = pfp_almanac::Almanac::new(corpus);
    let c = almanac.corpus();
    assert_eq!(
        (
            c.documents.len(),
            c.entities.len(),
            c.events.len(),
            c.disagreements.len()
        ),
        (3, 9, 6, 1)
    );

    // Documents with metadata and a licence that asks for attribution.
    let encyclopedia = almanac.document("encyclopedia").unwrap();
    assert_eq!(encyclopedia.licence, "CC BY-SA 4.0");
    assert!(encyclopedia.attribution.contains("CC BY-SA 4.0"));
    assert_eq!(almanac.document("agreement").unwrap().date, "2019-03-14");

    // Passages: numbered paragraphs and their sub-items, a list, a table row, a reference.
    let passage = |id: &str| {
        almanac
            .passage(id)
            .unwrap_or_else(|| panic!("no passage {id}"))
    };
    assert_eq!(passage("agreement/p3b").label, "Agreement ¶3(b)");
    assert_eq!(
        passage("agreement/p3b").section.as_deref(),
        Some("Article 2")
    );
    assert_eq!(
        (
            passage("press-release/p3-2").kind,
            passage("press-release/p3-2").label.as_str()
        ),
        (PassageKind::Item, "Press release ¶3, item 2")
    );
    let row = passage("agreement/station-lindt-bridge");
    assert_eq!(
        (row.kind, row.label.as_str(), row.text.as_str()),
        (
            PassageKind::Row,
            "Annex, monitoring stations: Lindt Bridge",
            "Lindt Bridge 63 km Aldania and Brevia jointly"
        )
    );
    assert_eq!(passage("encyclopedia/ref1").kind, PassageKind::Reference);

    // Entities by name, alias and French name; a fact read from the table.
    for name in [
        "MRC",
        "Marren River Commission",
        "commission du fleuve marren",
    ] {
        assert_eq!(
            almanac.lookup(name).unwrap().unwrap().id,
            "organisation/marren-river-commission",
            "{name}"
        );
    }
    assert_eq!(
        almanac.lookup("Castell Agreement").unwrap().unwrap().id,
        "document/castell-agreement"
    );
    assert_eq!(
        almanac.lookup("Dr Varga").unwrap().unwrap().id,
        "person/ilse-varga"
    );
    let mrc = almanac
        .entity("organisation/marren-river-commission")
        .unwrap();
    let stations = mrc
        .facts
        .iter()
        .find(|f| f.text.starts_with("Three monitoring stations"))
        .unwrap();
    assert!(stations
        .reading
        .as_deref()
        .unwrap()
        .contains("one station per line"));
    assert!(stations
        .citations
        .iter()
        .any(|c| c.passage == "agreement/station-oberau"));

    // Events of each precision, in date order, and ranges.
    let events = almanac.timeline(&Default::default()).unwrap();
    let dated: Vec<(&str, &str, Option<&str>, Precision)> = events
        .iter()
        .map(|e| {
            (
                e.id.as_str(),
                e.date.as_str(),
                e.end.as_deref(),
                e.precision,
            )
        })
        .collect();
    assert_eq!(
        dated,
        [
            (
                "crisis/marren-floods",
                "2010",
                Some("2013"),
                Precision::Year
            ),
            ("meeting/commission-talks", "2016", None, Precision::Year),
            (
                "signature/castell-agreement",
                "2019-03-14",
                None,
                Precision::Day
            ),
            (
                "establishment/agreement-in-force",
                "2019-05",
                Some("2019-06"),
                Precision::Month
            ),
            (
                "meeting/first-session",
                "2019-06-03",
                Some("2019-06-04"),
                Precision::Day
            ),
            ("launch/varn-station", "2021-09", None, Precision::Month),
        ]
    );

    // The disagreement between the press release and the encyclopedia.
    let d = almanac.disagreements(Some("document/castell-agreement"));
    assert_eq!(d.len(), 1);
    let readings: Vec<(&str, &str)> = d[0]
        .readings
        .iter()
        .map(|r| (r.value.as_str(), r.citations[0].document.as_str()))
        .collect();
    assert_eq!(
        readings,
        [
            ("1 May 2019", "press-release"),
            ("June 2019", "encyclopedia")
        ]
    );

    let hits = almanac
        .search("flood warnings", &Default::default())
        .unwrap();
    assert_eq!(hits.hits[0].passage, "agreement/p3b");
}
