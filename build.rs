//! Compiles the bundled corpus (corpus/ + the source texts) into OUT_DIR/pfp.almanac, so a
//! broken citation fails `cargo build` with its file and line. The compiler modules are shared
//! with the library by path: one implementation, used here and by `almanac-build`.
// What only the library uses of these modules (its re-exports among it) is unused here.
#![allow(dead_code, unused_imports)]

#[path = "src/bundle/mod.rs"]
mod bundle;
#[path = "src/compiler/mod.rs"]
mod compiler;
#[path = "src/date.rs"]
mod date;
#[path = "src/hash.rs"]
mod hash;
#[path = "src/model.rs"]
mod model;
#[path = "src/text.rs"]
mod text;

use std::path::PathBuf;

fn main() {
    if std::env::var_os("CARGO_FEATURE_BUNDLED").is_none() {
        return;
    }
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    // PFP_ALMANAC_CORPUS lets the tests compile a deliberately broken corpus through this script.
    let corpus = std::env::var("PFP_ALMANAC_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("corpus"));
    println!("cargo:rerun-if-env-changed=PFP_ALMANAC_CORPUS");
    println!("cargo:rerun-if-changed={}", corpus.display());
    for sub in ["documents", "entities", "events"] {
        println!("cargo:rerun-if-changed={}", corpus.join(sub).display());
    }
    match compiler::compile(&corpus) {
        Ok((compiled, report)) => {
            for f in &report.files {
                println!("cargo:rerun-if-changed={}", f.display());
            }
            let out =
                PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("pfp.almanac");
            std::fs::write(&out, bundle::encode(&compiled)).expect("write the bundle");
        }
        Err(diagnostics) => {
            eprintln!("the corpus has {} error(s):", diagnostics.len());
            for d in &diagnostics {
                eprintln!("{d}");
            }
            std::process::exit(1);
        }
    }
}
