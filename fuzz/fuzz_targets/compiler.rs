//! The corpus compiler (src/compiler/): what `npx pfp-almanac build` (in wasm, where a panic
//! aborts) and `cargo almanac-build` run on a reader's own folder. Input: the example corpus
//! examples/three-documents (TOML files and source texts) with its files damaged by edits the
//! fuzzer's bytes describe: lines replaced by lines of any file (so keys, ids, dates and quotes
//! move around), lines removed or repeated, text inserted, cut or deleted.
//! Checks: compiling returns a corpus or diagnostics, never panics; each diagnostic names a file
//! and a line that file has, and says something; a corpus the compiler accepts encodes to a
//! bundle that `bundle::decode` accepts (the decoder checks nothing the compiler does not
//! guarantee), and the almanac opened from it keeps the timeline and search invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pfp_almanac::compiler::{compile_from, Memory};
use pfp_almanac::{bundle, Almanac, SearchOptions, TimelineQuery};
use pfp_almanac_fuzz::arbitrary::{Arbitrary, Result, Unstructured};
use pfp_almanac_fuzz::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

macro_rules! example {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../examples/three-documents/", $path)))),*]
    };
}

const FILES: &[(&str, &str)] = example!(
    "almanac.toml",
    "disagreements.toml",
    "documents/agreement.toml",
    "documents/encyclopedia.toml",
    "documents/press-release.toml",
    "entities/all.toml",
    "events/all.toml",
    "texts/agreement.txt",
    "texts/encyclopedia.txt",
    "texts/press-release.txt",
);

const FOLDER: &str = "/corpus";

fn damage(u: &mut Unstructured, files: &mut [Vec<String>]) -> Result<()> {
    for _ in 0..u.int_in_range(1..=4)? {
        let f = u.choose_index(files.len())?;
        let n = files[f].len();
        let at = u.int_in_range(0..=n)?;
        match u.int_in_range(0..=6)? {
            // A line of any file in place of this one.
            0 | 1 if at < n => {
                let g = u.choose_index(files.len())?;
                let line = u.choose(&files[g])?.clone();
                files[f][at] = line;
            }
            2 if at < n => {
                files[f].remove(at);
            }
            3 if at < n => {
                let line = files[f][at].clone();
                files[f].insert(at, line);
            }
            4 if at < n => {
                // Cut the line at a character boundary.
                let line = &mut files[f][at];
                let chars = line.chars().count();
                let keep = u.int_in_range(0..=chars)?;
                *line = line.chars().take(keep).collect();
            }
            5 if at < n => {
                // Text inserted into the line: corpus strings, odd characters, anything.
                let line = &mut files[f][at];
                let chars = line.chars().count();
                let pos = u.int_in_range(0..=chars)?;
                let insert = if u.arbitrary()? {
                    text(u)?
                } else {
                    String::arbitrary(u)?
                };
                let byte = line.char_indices().nth(pos).map_or(line.len(), |(i, _)| i);
                line.insert_str(byte, &insert);
            }
            _ => files[f].insert(at.min(n), String::arbitrary(u)?),
        }
    }
    Ok(())
}

fn run(u: &mut Unstructured) -> Result<()> {
    let mut files: Vec<Vec<String>> = FILES
        .iter()
        .map(|(_, text)| text.lines().map(String::from).collect())
        .collect();
    damage(u, &mut files)?;
    let texts: Vec<String> = files.iter().map(|lines| lines.join("\n") + "\n").collect();
    let memory = Memory {
        files: FILES
            .iter()
            .zip(&texts)
            .map(|((path, _), text)| (Path::new(FOLDER).join(path), text.clone()))
            .collect::<BTreeMap<PathBuf, String>>(),
        links: BTreeMap::new(),
    };
    match compile_from(&memory, Path::new(FOLDER)) {
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty(), "a failed compilation says why");
            for d in &diagnostics {
                assert!(
                    !d.message.trim().is_empty(),
                    "an empty diagnostic at {}:{}",
                    d.file.display(),
                    d.line
                );
                if let Some(text) = memory.files.get(&d.file) {
                    let lines = text.lines().count().max(1);
                    assert!(d.line <= lines + 1, "{d}: the file has {lines} lines");
                }
                let _ = d.to_string();
            }
        }
        Ok((corpus, _report)) => {
            let bytes = bundle::encode(&corpus);
            let decoded = bundle::decode(&bytes)
                .unwrap_or_else(|e| panic!("the compiler wrote a bundle the decoder refuses: {e}"));
            assert_eq!(decoded, corpus);
            let a = Almanac::new(decoded);
            check_timeline(&a, &TimelineQuery::default());
            let q = text(u)?;
            check_search(&a, &q, &SearchOptions::default());
            let _ = a.lookup(&q);
        }
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
