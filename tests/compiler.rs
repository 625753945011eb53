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

/// A one-document corpus in a fresh folder; `events` is the text of events/e.toml.
fn corpus(events: &str) -> tempdir::Dir {
    let dir = tempdir::Dir::new();
    write(dir.path(), "texts/memo.txt", "A memo\n\nThe council met in Rome on 28 May 2002.\n\nIt agreed a plan.\n");
    write(dir.path(), "corpus/almanac.toml", "name = \"Test\"\nsources = \"../texts\"\n");
    write(
        dir.path(),
        "corpus/documents/memo.toml",
        "id = \"memo\"\ntitle = \"Memo\"\nshort = \"Memo\"\ndate = \"2002-05-28\"\nissuer = \"Council\"\nlicence = \"public\"\n[[witness]]\nfile = \"memo.txt\"\nlines = [1, 5]\n",
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
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout))
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
    assert!(log.contains("events/e.toml:9: quote not found in memo: \"met in Paris on 28 May 2002\""), "{log}");
    assert!(!dir.path().join("out.almanac").exists(), "nothing written on error");
}

#[test]
fn every_mistake_is_reported_in_one_run() {
    let mistakes = "[[event]]\nid = \"meeting/a\"\nkind = \"picnic\"\ndate = \"2002-02-30\"\ntitle = \"x\"\nentities = [\"place/paris\"]\ncite = [{ doc = \"memo\", quote = \"met in Rome on 28 May 2002\" }]\n\n[[event]]\nid = \"meeting/a\"\nkind = \"meeting\"\ndate = \"2002-05-27\"\ntitle = \"y\"\ncite = [{ doc = \"nodoc\", quote = \"z\" }, { doc = \"memo\", quote = \"met in Rome on 28 May 2002\" }]\n";
    let dir = corpus(mistakes);
    let (ok, log) = build(dir.path());
    assert!(!ok);
    for expected in [
        "unknown event kind \"picnic\"",
        "day 30 does not exist in 2002-02",
        "\"place/paris\" is not an entity id",
        "event id \"meeting/a\" is used twice",
        "unknown document \"nodoc\"",
        "date 2002-05-27 is more exact than its quotes",
    ] {
        assert!(log.contains(expected), "missing {expected:?} in:\n{log}");
    }
}

#[test]
fn a_damaged_bundle_is_refused_with_a_reason() {
    let dir = corpus(GOOD_EVENT);
    assert!(build(dir.path()).0);
    let mut bytes = std::fs::read(dir.path().join("out.almanac")).unwrap();
    let err = |b: &[u8]| pfp_almanac::Almanac::from_bundle(b).err().unwrap().to_string();
    assert!(err(&bytes[..bytes.len() - 10]).contains("truncated"));
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    assert!(err(&bytes).contains("corrupted"));
    bytes[8] = 99;
    assert!(err(&bytes).contains("format version 99"));
    assert!(err(b"hello").contains("not an almanac bundle"));
}

/// A temporary folder removed on drop (std only; no crate needed for this).
mod tempdir {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicU32, Ordering};

    pub struct Dir(PathBuf);

    impl Dir {
        pub fn new() -> Self {
            static N: AtomicU32 = AtomicU32::new(0);
            let p = std::env::temp_dir().join(format!("pfp-almanac-test-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst)));
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
    assert_eq!(almanac.lookup("PJC").unwrap().unwrap().id, "organisation/permanent-joint-council");
    assert_eq!(almanac.lookup("Генеральный Секретарь НАТО").unwrap().unwrap().id, "organisation/nato-secretary-general");
    let events = almanac.timeline(&pfp_almanac::TimelineQuery { from: Some("2002".into()), ..Default::default() }).unwrap();
    assert_eq!(events.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["establishment/nato-russia-council"]);
    assert!(almanac.search("submarine crew rescue", &Default::default()).unwrap().total > 0);
}

#[test]
fn each_kind_of_entity_mistake_is_named() {
    let dir = corpus(GOOD_EVENT);
    write(
        dir.path(),
        "corpus/entities/more.toml",
        "[[entity]]\nid = \"Place/Paris!\"\nname = \"Paris\"\ndescription = \"x\"\n\n[[entity]]\nid = \"place/rome-again\"\nname = \"Rome\"\ndescription = \"Rome again.\"\ncite = [{ doc = \"memo\", quote = \"met in Rome\" }]\n\n[[entity.relation]]\nkind = \"located-in\"\ntarget = \"country/italy\"\n\n[[entity.fact]]\ntext = \"A fact with no source\"\n",
    );
    write(dir.path(), "corpus/entities/broken.toml", "[[entity]\nid = \"x\"\n");
    let (ok, log) = build(dir.path());
    assert!(!ok);
    for expected in [
        "entities/more.toml:1: entity id \"Place/Paris!\" must be <kind>/<slug>",
        "the name \"Paris\" does not occur in any source",
        "the description needs `cite = [...]`",
        "relation target \"country/italy\" is not an entity id",
        "relation located-in needs a citation",
        "fact \"A fact with no source\" needs a citation",
        "entities/broken.toml:1: not valid here",
    ] {
        assert!(log.contains(expected), "missing {expected:?} in:\n{log}");
    }
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
    write(dir.path(), "texts/copy.txt", "The council met in Milan on 28 May 2002.\n");
    let doc = std::fs::read_to_string(dir.path().join("corpus/documents/memo.toml")).unwrap();
    write(dir.path(), "corpus/documents/memo.toml", &format!("{doc}[[witness]]\nfile = \"copy.txt\"\nlines = [1, 1]\n"));
    let (ok, log) = build(dir.path());
    assert!(!ok);
    assert!(log.contains("witness copy.txt does not carry passage memo/p1"), "{log}");
}
