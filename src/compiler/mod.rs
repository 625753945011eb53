//! The corpus compiler: a folder of TOML sources and plain-text documents in, a checked
//! `Corpus` out, or every error found, each with its file and line and what to do about it.
//! The format is documented in docs/corpus-format.md; keep the two in step.
//!
//! It works in stages, each a module, in the order `compile_from` lists them: `almanac.toml`
//! (here), `documents` (and `segment`, which cuts their texts into passages), `entities`,
//! `events` (whose dates `dates` checks against their quotes) and `disagreements`. Every
//! citation is checked against the passages by `attest`; every path is read through `files`,
//! which keeps the compiler inside the corpus folder. `source` is the TOML as written.

// The compiler runs at build time and in the CLI, never in the reader's wasm, so core's sorts
// (forbidden by clippy.toml for their size) are fine here (and in its submodules, which inherit
// this).
#![allow(clippy::disallowed_methods)]

mod attest;
mod dates;
mod disagreements;
mod documents;
mod entities;
mod events;
mod files;
mod offices;
mod segment;
mod source;

pub use attest::match_form;
pub use events::event_order;
pub use files::{Disk, Files, Memory, Unreadable};

use crate::model::Corpus;
use files::Folder;
use source::AlmanacDef;
use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in the sources, pointing at a line a person can open.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

/// What a successful compilation has to say besides the corpus itself.
#[derive(Debug, Default)]
pub struct Report {
    /// Not errors, but worth a look: colliding aliases, decorative lines left out.
    pub warnings: Vec<String>,
    pub repairs: usize,
    pub files: Vec<PathBuf>,
}

/// A TOML file of the corpus, as read: errors in it are located by byte offset.
struct SourceFile {
    path: PathBuf,
    text: String,
}

impl SourceFile {
    fn line_of(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count()
            + 1
    }
}

/// Collects diagnostics as the compiler goes, so one run reports every error.
struct Problems(Vec<Diagnostic>);

impl Problems {
    fn at(&mut self, file: &SourceFile, offset: usize, message: impl Into<String>) {
        self.0.push(Diagnostic {
            file: file.path.clone(),
            line: file.line_of(offset),
            message: message.into(),
        });
    }
}

/// What every stage works with: the corpus folder, and where problems and the report go.
struct Context<'a> {
    folder: Folder<'a>,
    problems: Problems,
    report: Report,
}

impl Context<'_> {
    /// A TOML file of the corpus, parsed; `None` (with the problem at its line) if it cannot be.
    fn read<T: serde::de::DeserializeOwned>(&mut self, path: &Path) -> Option<(SourceFile, T)> {
        let file = self.folder.read(path, &mut self.problems)?;
        self.report.files.push(path.to_path_buf());
        let def = parse::<T>(&file, &mut self.problems)?;
        Some((file, def))
    }
}

/// A TOML file as `T`; a problem at the line TOML points at if it is not one.
fn parse<T: serde::de::DeserializeOwned>(file: &SourceFile, problems: &mut Problems) -> Option<T> {
    match toml::from_str(&file.text) {
        Ok(v) => Some(v),
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            problems.at(file, offset, format!("not valid here: {}", e.message()));
            None
        }
    }
}

/// Whether an id is lowercase letters, digits and hyphens: `<kind>/<slug>` if `with_kind`.
fn valid_id(id: &str, with_kind: bool) -> bool {
    let ok_part = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    match id.split_once('/') {
        Some((kind, rest)) if with_kind => ok_part(kind) && rest.split('/').all(ok_part),
        None if !with_kind => ok_part(id),
        _ => false,
    }
}

/// Compiles a corpus folder on disk. Returns the corpus and a report, or every error found.
pub fn compile(folder: &Path) -> Result<(Corpus, Report), Vec<Diagnostic>> {
    compile_from(&Disk, folder)
}

/// Compiles the corpus folder `folder` as `files` holds it: the stages in order, each given what
/// the ones before it made. A stage reports what is wrong and goes on, so one run finds every
/// error; the corpus is returned only if none did.
pub fn compile_from(files: &dyn Files, folder: &Path) -> Result<(Corpus, Report), Vec<Diagnostic>> {
    let mut cx = Context {
        folder: Folder::new(files, folder),
        problems: Problems(Vec::new()),
        report: Report::default(),
    };
    let Some((almanac, sources)) = almanac(&mut cx) else {
        return Err(cx.problems.0);
    };
    let documents = documents::compile(&mut cx, &sources);
    let library = attest::Library::new(documents.passages, &documents.texts);
    let entities = entities::compile(&mut cx, &library);
    let entity_ids = entities::ids(&entities);
    let events = events::compile(&mut cx, &library, &entity_ids);
    let disagreements = disagreements::compile(&mut cx, &library, &entity_ids);
    // A new stage goes here: its own module, and one line given what it needs of the above.

    if !cx.problems.0.is_empty() {
        return Err(cx.problems.0);
    }
    let mut corpus = Corpus {
        name: almanac.name,
        description: almanac.description,
        documents: documents.documents,
        passages: library.passages,
        entities,
        events,
        disagreements,
    };
    // Signatories' offices, from the table rows their relations cite (reads the whole corpus).
    offices::derive(&mut corpus);
    Ok((corpus, cx.report))
}

/// The `sources` folder an almanac.toml names, read with the compiler's own TOML parser (the npm
/// command asks it which texts to gather), or None where the file does not parse: compiling then
/// reports why, at its line.
pub fn sources_folder(almanac_toml: &str) -> Option<String> {
    toml::from_str::<AlmanacDef>(almanac_toml)
        .ok()
        .map(|def| def.sources.into_inner())
}

/// The first stage: `almanac.toml`, and the folder of source texts it names, which must be
/// inside the corpus folder. `None` if the corpus cannot be compiled without them.
fn almanac(cx: &mut Context) -> Option<(AlmanacDef, PathBuf)> {
    let path = cx.folder.path.join("almanac.toml");
    let Some(file) = cx.folder.read(&path, &mut cx.problems) else {
        if let Some(d) = cx.problems.0.last_mut() {
            d.message.push_str(&format!(
                " (a corpus folder holds almanac.toml, with `name` and `sources`; is {} one?)",
                cx.folder.path.display()
            ));
        }
        return None;
    };
    let almanac = parse::<AlmanacDef>(&file, &mut cx.problems)?;
    cx.report.files.push(path);
    let sources = cx.folder.path.join(almanac.sources.get_ref());
    let given = format!("sources = {:?}", almanac.sources.get_ref());
    if let Err(e) = cx.folder.inside(
        &sources,
        &given,
        "put the source texts in a folder inside it, for example sources = \"sources\"",
    ) {
        // Every document reads its text from there: nothing more can be checked.
        cx.problems.at(&file, almanac.sources.span().start, e);
        return None;
    }
    Some((almanac, sources))
}
