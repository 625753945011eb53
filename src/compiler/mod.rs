//! The corpus compiler: a folder of TOML sources and plain-text documents in, a checked
//! `Corpus` out, or every error found, each with its file and line and what to do about it.
//! The format is documented in docs/corpus-format.md; keep the two in step.

// The compiler runs at build time and in the CLI, never in the reader's wasm, so core's sorts
// (forbidden by clippy.toml for their size) are fine here.
#![allow(clippy::disallowed_methods)]

mod offices;
mod segment;
mod source;

use crate::date::DateSpan;
use crate::model::*;
use crate::text::{fold, squash_whitespace};
use source::*;
use std::collections::{BTreeMap, HashMap, HashSet};
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

/// Why a file could not be read, and the line at fault when there is one (text that is not UTF-8).
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    pub line: Option<usize>,
    pub reason: String,
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

/// Where the compiler reads a corpus from: a folder on disk, or files held in memory (the npm
/// command runs the compiler as WebAssembly, which cannot open files itself).
pub trait Files {
    fn read(&self, path: &Path) -> Result<String, Unreadable>;
    /// The `.toml` files directly in a folder, sorted.
    fn toml_files(&self, dir: &Path) -> Vec<PathBuf>;
    fn exists(&self, path: &Path) -> bool;
    /// Where a path really is: absolute, with `.` and `..` resolved and symbolic links followed as
    /// far as the path exists. The compiler refuses what this puts outside the corpus folder.
    fn real(&self, path: &Path) -> PathBuf;
}

pub struct Disk;

impl Files for Disk {
    fn read(&self, path: &Path) -> Result<String, Unreadable> {
        let bytes = std::fs::read(path).map_err(|e| Unreadable {
            line: None,
            reason: match e.kind() {
                std::io::ErrorKind::NotFound => "no such file: check the path".to_string(),
                _ => format!("{e}: make the file readable"),
            },
        })?;
        String::from_utf8(bytes).map_err(|e| {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            Unreadable {
                line: Some(good.iter().filter(|&&b| b == b'\n').count() + 1),
                reason: "not UTF-8 text: save the file as UTF-8".to_string(),
            }
        })
    }
    fn toml_files(&self, dir: &Path) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
        files.sort();
        files
    }
    fn exists(&self, path: &Path) -> bool {
        path.exists()
    }
    fn real(&self, path: &Path) -> PathBuf {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        // The longest leading part that exists, its links resolved, then the rest as written: a
        // path that does not exist is still judged by where it would be.
        let parts: Vec<_> = path.components().collect();
        for n in (1..=parts.len()).rev() {
            if let Ok(head) = std::fs::canonicalize(parts[..n].iter().collect::<PathBuf>()) {
                return lexical(&parts[n..].iter().fold(head, |p, c| p.join(c)));
            }
        }
        lexical(&path)
    }
}

/// Files in memory, keyed by their path relative to one root ("corpus/almanac.toml"), and the
/// paths among them that are symbolic links, with where each leads (`links`; the npm command
/// lists those that lead out of the corpus folder, whose files it does not read).
pub struct Memory {
    pub files: BTreeMap<PathBuf, String>,
    pub links: BTreeMap<PathBuf, PathBuf>,
}

/// Resolves "." and ".." without touching a file system ("a/../../b" is "../b", "/.." is "/").
fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

impl Files for Memory {
    fn read(&self, path: &Path) -> Result<String, Unreadable> {
        self.files
            .get(&lexical(path))
            .cloned()
            .ok_or_else(|| Unreadable {
                line: None,
                reason: "no such file: check the path".to_string(),
            })
    }
    /// Links count: a `.toml` link out of the folder is listed, so the compiler refuses it by name.
    fn toml_files(&self, dir: &Path) -> Vec<PathBuf> {
        let dir = lexical(dir);
        let mut files: Vec<PathBuf> = self
            .files
            .keys()
            .chain(self.links.keys())
            .filter(|p| {
                p.parent() == Some(dir.as_path()) && p.extension().is_some_and(|e| e == "toml")
            })
            .cloned()
            .collect();
        files.sort();
        files.dedup();
        files
    }
    fn exists(&self, path: &Path) -> bool {
        let path = lexical(path);
        self.files.contains_key(&path) || self.links.contains_key(&path)
    }
    fn real(&self, path: &Path) -> PathBuf {
        let path = lexical(path);
        match path.ancestors().find_map(|a| Some((a, self.links.get(a)?))) {
            Some((link, to)) => lexical(&to.join(path.strip_prefix(link).expect("an ancestor"))),
            None => path,
        }
    }
}

/// The corpus folder as the compiler reads it. A corpus reads only its own folder: every path is
/// checked here (`inside`) before it is read, and one that leads outside it (by `..`, as an absolute path, or through a
/// symbolic link) is refused, so a corpus someone sent cannot make the build read and bundle other
/// files, and a repository's corpus cannot depend on files beside the repository.
struct Folder<'a> {
    files: &'a dyn Files,
    path: &'a Path,
    /// Where the folder really is (`Files::real`): what every path is checked against.
    real: PathBuf,
}

impl<'a> Folder<'a> {
    fn new(files: &'a dyn Files, path: &'a Path) -> Self {
        Folder {
            files,
            path,
            real: files.real(path),
        }
    }

    /// `Err` with what to say when `path` leads outside the folder: `given` is the path as the
    /// corpus names it, `fix` what to do instead.
    fn inside(&self, path: &Path, given: &str, fix: &str) -> Result<(), String> {
        let real = self.files.real(path);
        if real.starts_with(&self.real) {
            return Ok(());
        }
        Err(format!(
            "{given} leads outside the corpus folder (to {}): only paths inside the corpus folder {} are allowed: {fix}",
            real.display(), self.real.display()))
    }

    /// A TOML file of the corpus; a problem at its first line if it cannot be read.
    fn read(&self, path: &Path, problems: &mut Problems) -> Option<SourceFile> {
        let read = self
            .inside(
                path,
                "this file",
                "copy the file into the corpus folder instead of linking to it",
            )
            .map_err(|reason| Unreadable { line: None, reason })
            .and_then(|()| self.files.read(path));
        match read {
            Ok(text) => Some(SourceFile {
                path: path.to_path_buf(),
                text,
            }),
            Err(e) => {
                // A file that cannot be opened has no line at fault: point at its first.
                problems.0.push(Diagnostic {
                    file: path.into(),
                    line: e.line.unwrap_or(1),
                    message: format!("cannot read: {}", e.reason),
                });
                None
            }
        }
    }

    /// The `.toml` files of a subfolder (`documents`, ...), which must be inside the folder too.
    fn toml_files(&self, sub: &str, problems: &mut Problems) -> Vec<PathBuf> {
        let dir = self.path.join(sub);
        if let Err(reason) = self.inside(
            &dir,
            "this folder",
            "copy the folder into the corpus folder instead of linking to it",
        ) {
            problems.0.push(Diagnostic {
                file: dir,
                line: 1,
                message: format!("cannot read: {reason}"),
            });
            return Vec::new();
        }
        self.files.toml_files(&dir)
    }
}

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

/// The form quotes and passages are compared in: whitespace collapsed, Markdown bold and
/// footnote markers ("[18]", "[a]", "[citation needed]") removed.
pub fn match_form(s: &str) -> String {
    let s = s.replace("**", "");
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(']') {
            Some(close) if is_footnote_marker(&after[..close]) => rest = &after[close + 1..],
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    squash_whitespace(&out)
}

fn is_footnote_marker(inner: &str) -> bool {
    (!inner.is_empty() && inner.len() <= 3 && inner.chars().all(|c| c.is_ascii_digit()))
        || (inner.len() == 1 && inner.chars().all(|c| c.is_ascii_lowercase()))
        || inner == "citation needed"
        || inner == "by whom?"
}

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

/// Everything citations are resolved against.
struct Library {
    passages: Vec<Passage>,
    /// Passage match forms, parallel to `passages`.
    forms: Vec<String>,
    by_document: HashMap<String, Vec<usize>>,
}

impl Library {
    /// Finds the passage holding the quote, or explains what is nearest.
    fn resolve(&self, cite: &CiteDef) -> Result<Citation, String> {
        let Some(indices) = self.by_document.get(&cite.doc) else {
            let known: Vec<&String> = self.by_document.keys().collect();
            return Err(format!(
                "unknown document {:?}: use one of {known:?}",
                cite.doc
            ));
        };
        let quote = match_form(&cite.quote);
        if quote.is_empty() {
            return Err("empty quote: copy the words from the source".into());
        }
        let found: Vec<usize> = indices
            .iter()
            .copied()
            .filter(|&i| self.forms[i].contains(&quote))
            .collect();
        let chosen = match &cite.passage {
            Some(p) => match found.iter().find(|&&i| &self.passages[i].id == p) {
                Some(&i) => i,
                None if self.passages.iter().any(|x| &x.id == p) => {
                    return Err(format!(
                        "the quote is not in passage {p:?}{}",
                        self.hint(indices, &quote)
                    ))
                }
                None => {
                    let ids = |list: &[usize]| {
                        list.iter()
                            .map(|&i| self.passages[i].id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    return Err(match found.as_slice() {
                        [] => format!(
                            "unknown passage {p:?}: use a passage id of {} ({} to {}; `almanac-build <folder> --check --passages` lists them), or leave `passage` out",
                            cite.doc, self.passages[indices[0]].id, self.passages[indices[indices.len() - 1]].id),
                        _ => format!("unknown passage {p:?}: the quote is in {}: use that id, or leave `passage` out", ids(&found)),
                    });
                }
            },
            None => match found.first() {
                Some(&i) => i,
                None => {
                    return Err(format!(
                        "quote not found in {}: {:?}{}",
                        cite.doc,
                        cite.quote,
                        self.hint(indices, &quote)
                    ))
                }
            },
        };
        Ok(Citation {
            document: cite.doc.clone(),
            passage: self.passages[chosen].id.clone(),
            quote: squash_whitespace(&cite.quote),
        })
    }

    /// Where the longest leading part of a quote is found, and how the source goes on there.
    fn hint(&self, indices: &[usize], quote: &str) -> String {
        let words: Vec<&str> = quote.split(' ').collect();
        for n in (1..words.len()).rev() {
            let head = words[..n].join(" ");
            if let Some(&i) = indices.iter().find(|&&i| self.forms[i].contains(&head)) {
                let form = &self.forms[i];
                let at = form.find(&head).expect("found") + head.len();
                let next: String = form[at..].chars().take(40).collect();
                return format!(
                    "; the first {n} words match {} ({}), where the source goes on {:?}: correct the quote to the source's words",
                    self.passages[i].id, self.passages[i].label, next
                );
            }
        }
        "; no part of it matches: check the document id and copy the words from the source".into()
    }
}

/// The `sources` folder an almanac.toml names, read with the compiler's own TOML parser (the npm
/// command asks it which texts to gather), or None where the file does not parse: compiling then
/// reports why, at its line.
pub fn sources_folder(almanac_toml: &str) -> Option<String> {
    toml::from_str::<AlmanacDef>(almanac_toml)
        .ok()
        .map(|def| def.sources.into_inner())
}

/// Compiles a corpus folder on disk. Returns the corpus and a report, or every error found.
pub fn compile(folder: &Path) -> Result<(Corpus, Report), Vec<Diagnostic>> {
    compile_from(&Disk, folder)
}

/// Compiles the corpus folder `folder` as `files` holds it.
pub fn compile_from(files: &dyn Files, folder: &Path) -> Result<(Corpus, Report), Vec<Diagnostic>> {
    let mut problems = Problems(Vec::new());
    let mut report = Report::default();
    let corpus_folder = Folder::new(files, folder);
    let Some(almanac_file) = corpus_folder.read(&folder.join("almanac.toml"), &mut problems) else {
        if let Some(d) = problems.0.last_mut() {
            d.message.push_str(&format!(
                " (a corpus folder holds almanac.toml, with `name` and `sources`; is {} one?)",
                folder.display()
            ));
        }
        return Err(problems.0);
    };
    let Some(almanac) = parse::<AlmanacDef>(&almanac_file, &mut problems) else {
        return Err(problems.0);
    };
    report.files.push(almanac_file.path.clone());
    let sources_dir = folder.join(almanac.sources.get_ref());
    let given = format!("sources = {:?}", almanac.sources.get_ref());
    if let Err(e) = corpus_folder.inside(
        &sources_dir,
        &given,
        "put the source texts in a folder inside it, for example sources = \"sources\"",
    ) {
        // Every document reads its text from there: nothing more can be checked.
        problems.at(&almanac_file, almanac.sources.span().start, e);
        return Err(problems.0);
    }

    // Documents and their passages.
    let mut documents = Vec::new();
    let mut passages = Vec::new();
    let mut seed_texts: BTreeMap<String, String> = BTreeMap::new();
    let mut document_ids: HashMap<String, String> = HashMap::new(); // id -> "file:line" of its first use
    for path in corpus_folder.toml_files("documents", &mut problems) {
        let Some(file) = corpus_folder.read(&path, &mut problems) else {
            continue;
        };
        report.files.push(path.clone());
        let Some(def) = parse::<DocumentDef>(&file, &mut problems) else {
            continue;
        };
        if !valid_id(def.id.get_ref(), false) {
            problems.at(
                &file,
                def.id.span().start,
                format!(
                    "document id {:?} must be lowercase letters, digits and hyphens",
                    def.id.get_ref()
                ),
            );
        }
        // A second document with a used id is still checked, but left out of the corpus.
        let duplicate = match document_ids.get(def.id.get_ref()) {
            Some(first) => {
                problems.at(&file, def.id.span().start, format!(
                    "document id {:?} is used twice (first at {first}): give each document its own id, and cite it by that id",
                    def.id.get_ref()));
                true
            }
            None => {
                document_ids.insert(
                    def.id.get_ref().clone(),
                    format!(
                        "{}:{}",
                        file.path.display(),
                        file.line_of(def.id.span().start)
                    ),
                );
                false
            }
        };
        if let Err(e) = DateSpan::parse(def.date.get_ref()) {
            problems.at(&file, def.date.span().start, e.to_string());
        }
        if def.licence.get_ref().contains("BY") && def.attribution.trim().is_empty() {
            problems.at(
                &file,
                def.licence.span().start,
                "this licence requires attribution: add `attribution = \"...\"`",
            );
        }
        let mut doc_passages = Vec::new();
        for (w, witness) in def.witness.iter().enumerate() {
            let wpath = sources_dir.join(&witness.get_ref().file);
            let given = format!("witness file {:?}", witness.get_ref().file);
            if let Err(e) = corpus_folder.inside(
                &wpath,
                &given,
                "copy the text into the sources folder and name it relative to that folder",
            ) {
                problems.at(&file, witness.span().start, e);
                continue;
            }
            let text = match files.read(&wpath) {
                Ok(t) => t,
                Err(e) => {
                    problems.at(
                        &file,
                        witness.span().start,
                        format!("cannot read source {}: {e}", wpath.display()),
                    );
                    continue;
                }
            };
            let [a, b] = witness.get_ref().lines;
            let count = text.lines().count() as u32;
            if a == 0 || a > b || b > count {
                problems.at(&file, witness.span().start, format!("lines [{a}, {b}] are outside {} (it has {count} lines): give 1-based, inclusive line numbers within the file", witness.get_ref().file));
                continue;
            }
            report.files.push(wpath.clone());
            seed_texts.insert(witness.get_ref().file.clone(), text.clone());
            let tables: Vec<TableDef> = def.table.iter().map(|t| t.get_ref().clone()).collect();
            if w == 0 {
                let seg = segment::segment(
                    &text,
                    &segment::Layout {
                        doc_id: def.id.get_ref(),
                        short: &def.short,
                        file: &witness.get_ref().file,
                        lines: [a, b],
                        preamble: def.preamble,
                        tables: &tables,
                    },
                );
                report.warnings.extend(
                    seg.skipped
                        .into_iter()
                        .map(|s| format!("left out a line with no text: {s}")),
                );
                doc_passages = seg.passages;
            } else {
                // A second witness must carry the same text as the first, paragraph breaks aside.
                let lines: Vec<&str> = text
                    .lines()
                    .skip(a as usize - 1)
                    .take((b - a + 1) as usize)
                    .collect();
                let witness_form = match_form(&lines.join("\n"));
                for p in doc_passages
                    .iter()
                    .filter(|p| p.kind != PassageKind::Heading)
                {
                    if !witness_form.contains(&match_form(&p.text)) {
                        problems.at(&file, witness.span().start, format!(
                            "witness {} does not carry passage {} ({}) as the first witness has it: check its `lines`, or leave this witness out",
                            witness.get_ref().file, p.id, p.label));
                    }
                }
            }
        }
        if duplicate {
            continue;
        }
        report.repairs += doc_passages.iter().map(|p| p.repairs.len()).sum::<usize>();
        documents.push(Document {
            id: def.id.get_ref().clone(),
            title: def.title,
            short: def.short,
            date: def.date.get_ref().clone(),
            issuer: def.issuer,
            source: def
                .witness
                .iter()
                .map(|w| SourceSpan {
                    file: w.get_ref().file.clone(),
                    lines: w.get_ref().lines,
                })
                .collect(),
            licence: def.licence.into_inner(),
            attribution: def.attribution,
            url: def.url.filter(|u| !u.is_empty()),
            passages: doc_passages.iter().map(|p| p.id.clone()).collect(),
        });
        passages.extend(doc_passages);
    }
    let mut by_document: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in passages.iter().enumerate() {
        by_document.entry(p.document.clone()).or_default().push(i);
    }
    let forms = passages.iter().map(|p| match_form(&p.text)).collect();
    let library = Library {
        passages,
        forms,
        by_document,
    };
    let attested = fold(&seed_texts.values().cloned().collect::<Vec<_>>().join("\n"));

    let cites = |file: &SourceFile, list: &Cites, problems: &mut Problems| -> Vec<Citation> {
        list.iter()
            .filter_map(|c| match library.resolve(c.get_ref()) {
                Ok(c) => Some(c),
                Err(e) => {
                    problems.at(file, c.span().start, e);
                    None
                }
            })
            .collect()
    };

    // Entities.
    let mut entities = Vec::new();
    let mut entity_lines: Vec<(usize, usize)> = Vec::new(); // (file index, offset) for reference errors
    let mut entity_files: Vec<SourceFile> = Vec::new();
    for path in corpus_folder.toml_files("entities", &mut problems) {
        let Some(file) = corpus_folder.read(&path, &mut problems) else {
            continue;
        };
        report.files.push(path.clone());
        let Some(def) = parse::<EntitiesFile>(&file, &mut problems) else {
            continue;
        };
        for e in def.entity {
            let at = e.span().start;
            let e = e.into_inner();
            let kind = e.id.split('/').next().unwrap_or("").to_string();
            if !valid_id(&e.id, true) || !ENTITY_KINDS.contains(&kind.as_str()) {
                problems.at(&file, at, format!("entity id {:?} must be <kind>/<slug> with a kind among {ENTITY_KINDS:?} and a slug of lowercase letters, digits and hyphens", e.id));
            }
            for name in std::iter::once(&e.name)
                .chain(&e.aliases)
                .chain(e.names.values())
            {
                if !attested.contains(&fold(name)) {
                    problems.at(&file, at, format!("{}: the name {name:?} does not occur in any source: use a form the sources use", e.id));
                }
            }
            if e.cite.is_empty() {
                problems.at(
                    &file,
                    at,
                    format!("{}: the description needs `cite = [...]`", e.id),
                );
            }
            let citations = cites(&file, &e.cite, &mut problems);
            let facts = e
                .fact
                .iter()
                .map(|f| {
                    if f.get_ref().cite.is_empty() {
                        problems.at(
                            &file,
                            f.span().start,
                            format!("{}: fact {:?} needs a citation", e.id, f.get_ref().text),
                        );
                    }
                    Fact {
                        text: f.get_ref().text.clone(),
                        citations: cites(&file, &f.get_ref().cite, &mut problems),
                        reading: f.get_ref().reading.clone(),
                    }
                })
                .collect();
            // A relation is one statement per (kind, target): a second copy would be listed twice by
            // lookup() and on the card. Its citations belong in the first.
            let mut relation_lines: HashMap<(&str, &str), usize> = HashMap::new();
            for r in &e.relation {
                let (kind, target) = (r.get_ref().kind.as_str(), r.get_ref().target.as_str());
                match relation_lines.get(&(kind, target)) {
                    Some(first) => problems.at(&file, r.span().start, format!(
                        "{}: relation {kind} {target} is given twice (first at line {first}): merge the citations of both into the first",
                        e.id)),
                    None => {
                        relation_lines.insert((kind, target), file.line_of(r.span().start));
                    }
                }
            }
            let relations = e
                .relation
                .iter()
                .map(|r| {
                    if r.get_ref().cite.is_empty() {
                        problems.at(
                            &file,
                            r.span().start,
                            format!("{}: relation {} needs a citation", e.id, r.get_ref().kind),
                        );
                    }
                    Relation {
                        kind: r.get_ref().kind.clone(),
                        target: r.get_ref().target.clone(),
                        citations: cites(&file, &r.get_ref().cite, &mut problems),
                        office: None,
                    }
                })
                .collect();
            entity_lines.push((entity_files.len(), at));
            entities.push(Entity {
                id: e.id,
                kind,
                name: e.name,
                names: e.names,
                aliases: e.aliases,
                description: e.description,
                citations,
                facts,
                relations,
            });
        }
        entity_files.push(file);
    }
    let mut first_entity: HashMap<&str, (usize, usize)> = HashMap::new();
    for (e, &(f, at)) in entities.iter().zip(&entity_lines) {
        if let Some(&(f0, at0)) = first_entity.get(e.id.as_str()) {
            let first = &entity_files[f0];
            problems.at(&entity_files[f], at, format!(
                "entity id {:?} is used twice (first at {}:{}): give each entity its own id, or merge the two",
                e.id, first.path.display(), first.line_of(at0)));
        } else {
            first_entity.insert(&e.id, (f, at));
        }
    }
    let entity_ids: HashSet<&str> = entities.iter().map(|e| e.id.as_str()).collect();
    for (e, &(f, at)) in entities.iter().zip(&entity_lines) {
        for r in &e.relations {
            if !entity_ids.contains(r.target.as_str()) {
                problems.at(
                    &entity_files[f],
                    at,
                    format!(
                        "{}: relation target {:?} is not an entity id: {}",
                        e.id,
                        r.target,
                        unknown_entity_hint(&r.target, &entity_ids)
                    ),
                );
            }
        }
    }
    // Aliases shared by two entities make lookup ambiguous: reported, the first entity keeps it.
    let mut owner: HashMap<String, &str> = HashMap::new();
    for e in &entities {
        for a in std::iter::once(&e.name).chain(&e.aliases) {
            let key = fold(a);
            match owner.get(&key) {
                Some(&other) if other != e.id => report.warnings.push(format!(
                    "alias {a:?} names both {other} and {}: lookup gives {other}",
                    e.id
                )),
                Some(_) => {}
                None => {
                    owner.insert(key, &e.id);
                }
            }
        }
    }

    // Events.
    let mut events = Vec::new();
    let mut event_ids: HashMap<String, String> = HashMap::new(); // id -> "file:line" of its first use
    for path in corpus_folder.toml_files("events", &mut problems) {
        let Some(file) = corpus_folder.read(&path, &mut problems) else {
            continue;
        };
        report.files.push(path.clone());
        let Some(def) = parse::<EventsFile>(&file, &mut problems) else {
            continue;
        };
        for ev in def.event {
            let at = ev.span().start;
            let ev = ev.into_inner();
            if !valid_id(&ev.id, true) {
                problems.at(&file, at, format!("event id {:?} must be <group>/<slug> in lowercase letters, digits and hyphens", ev.id));
            }
            match event_ids.get(&ev.id) {
                Some(first) => problems.at(&file, at, format!("event id {:?} is used twice (first at {first}): give each event its own id", ev.id)),
                None => {
                    event_ids.insert(ev.id.clone(), format!("{}:{}", file.path.display(), file.line_of(at)));
                }
            }
            if !EVENT_KINDS.contains(&ev.kind.as_str()) {
                problems.at(
                    &file,
                    at,
                    format!(
                        "{}: unknown event kind {:?}: use one of {EVENT_KINDS:?}",
                        ev.id, ev.kind
                    ),
                );
            }
            for en in &ev.entities {
                if !entity_ids.contains(en.as_str()) {
                    problems.at(
                        &file,
                        at,
                        format!(
                            "{}: {:?} is not an entity id: {}",
                            ev.id,
                            en,
                            unknown_entity_hint(en, &entity_ids)
                        ),
                    );
                }
            }
            if ev.cite.is_empty() {
                problems.at(
                    &file,
                    at,
                    format!("{}: an event needs `cite = [...]`", ev.id),
                );
            }
            let citations = cites(&file, &ev.cite, &mut problems);
            let span = match DateSpan::parse(&ev.date) {
                Ok(s) => s,
                Err(e) => {
                    problems.at(&file, at, format!("{}: {e}: write YYYY, YYYY-MM or YYYY-MM-DD, or a range start/end with the earlier date first", ev.id));
                    continue;
                }
            };
            // A quote that was not found cannot attest a date: that error is reported already.
            if citations.len() == ev.cite.len() {
                if let Err(why) = date_is_attested(&span, &citations) {
                    problems.at(
                        &file,
                        at,
                        format!(
                            "{}: date {} is more exact than its quotes: {why}",
                            ev.id, ev.date
                        ),
                    );
                }
            }
            let single_source = date_sources(&span, &citations) == 1;
            events.push(Event {
                id: ev.id,
                date: span.start.to_string(),
                end: span.end.map(|e| e.to_string()),
                precision: span.precision(),
                qualifier: ev.qualifier,
                kind: ev.kind,
                title: ev.title,
                entities: ev.entities,
                citations,
                reading: ev.reading,
                single_source,
            });
        }
    }
    events.sort_by_key(event_order);

    // Disagreements.
    let mut disagreements = Vec::new();
    let dpath = folder.join("disagreements.toml");
    if files.exists(&dpath) {
        if let Some(file) = corpus_folder.read(&dpath, &mut problems) {
            report.files.push(dpath.clone());
            if let Some(def) = parse::<DisagreementsFile>(&file, &mut problems) {
                let mut disagreement_ids: HashMap<String, usize> = HashMap::new(); // id -> line of its first use
                for d in def.disagreement {
                    let at = d.span().start;
                    let d = d.into_inner();
                    if !valid_id(&d.id, false) {
                        problems.at(&file, at, format!("disagreement id {:?} must be lowercase letters, digits and hyphens", d.id));
                    }
                    match disagreement_ids.get(&d.id) {
                        Some(first) => problems.at(&file, at, format!(
                            "disagreement id {:?} is used twice (first at line {first}): give each disagreement its own id, or merge their readings",
                            d.id)),
                        None => {
                            disagreement_ids.insert(d.id.clone(), file.line_of(at));
                        }
                    }
                    if !entity_ids.contains(d.subject.as_str()) {
                        problems.at(
                            &file,
                            at,
                            format!(
                                "{}: subject {:?} is not an entity id: {}",
                                d.id,
                                d.subject,
                                unknown_entity_hint(&d.subject, &entity_ids)
                            ),
                        );
                    }
                    if d.reading.len() < 2 {
                        problems.at(&file, at, format!("{}: a disagreement needs at least two readings: add `[[disagreement.reading]]` tables", d.id));
                    }
                    let readings = d
                        .reading
                        .iter()
                        .map(|r| {
                            if r.get_ref().cite.is_empty() {
                                problems.at(
                                    &file,
                                    r.span().start,
                                    format!(
                                        "{}: reading {:?} needs a citation",
                                        d.id,
                                        r.get_ref().value
                                    ),
                                );
                            }
                            Reading {
                                value: r.get_ref().value.clone(),
                                citations: cites(&file, &r.get_ref().cite, &mut problems),
                            }
                        })
                        .collect();
                    disagreements.push(Disagreement {
                        id: d.id,
                        subject: d.subject,
                        topic: d.topic,
                        note: d.note,
                        readings,
                    });
                }
            }
        }
    }

    if !problems.0.is_empty() {
        return Err(problems.0);
    }
    let mut corpus = Corpus {
        name: almanac.name,
        description: almanac.description,
        documents,
        passages: library.passages,
        entities,
        events,
        disagreements,
    };
    offices::derive(&mut corpus);
    Ok((corpus, report))
}

/// How to fix a reference to an entity that does not exist: the nearest id, if one is close.
fn unknown_entity_hint(id: &str, known: &HashSet<&str>) -> String {
    let slug = |s: &str| s.rsplit('/').next().unwrap_or(s).to_string();
    let max = 3.max(id.chars().count() / 5);
    let nearest = known
        .iter()
        .map(|k| {
            (
                if slug(k) == slug(id) {
                    0
                } else {
                    crate::text::edit_distance_within(k, id, max)
                },
                *k,
            )
        })
        .filter(|(d, _)| *d <= max)
        .min();
    match nearest {
        Some((_, k)) => format!("did you mean {k:?}? Use an id defined in entities/*.toml"),
        None => "use an id defined in entities/*.toml, or define the entity there".to_string(),
    }
}

/// Sort key of an event on the timeline: start, then end, then id for a stable order.
pub fn event_order(e: &Event) -> (i64, i64, String) {
    let span = DateSpan::parse(&match &e.end {
        Some(end) => format!("{}/{end}", e.date),
        None => e.date.clone(),
    })
    .expect("dates were checked");
    (span.first_day(), span.last_day(), e.id.clone())
}

/// Whether a quote names a year: "1995", or its last two digits after a dot ("26.04.95"), but
/// not as part of a longer number or of a decade ("the 2000s", "the 1990's").
fn gives_year(quote: &str, year: i32) -> bool {
    [format!("{year:04}"), format!(".{:02}", year % 100)]
        .iter()
        .any(|form| {
            quote.match_indices(form.as_str()).any(|(i, f)| {
                let after = &quote[i + f.len()..];
                let digit_before = quote[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_digit())
                    && !f.starts_with('.');
                let decade =
                    after.starts_with('s') || after.starts_with("'s") || after.starts_with("’s");
                !digit_before && !after.starts_with(|c: char| c.is_ascii_digit()) && !decade
            })
        })
}

/// The decade a range stands for when it is a whole one ("2000/2009"), the only date a quote
/// that gives a decade ("over the course of the 2000s") attests.
fn whole_decade(span: &DateSpan) -> Option<i32> {
    let end = span.end?;
    let (s, e) = (span.start, end);
    (s.month.is_none() && e.month.is_none() && s.year % 10 == 0 && e.year == s.year + 9)
        .then_some(s.year)
}

fn gives_decade(quote: &str, decade: i32) -> bool {
    quote.contains(&format!("{decade:04}s"))
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
/// Russian month stems, with the endings of the nominative, genitive and prepositional cases.
const MONTHS_RU: [(&str, [&str; 3]); 12] = [
    ("январ", ["ь", "я", "е"]),
    ("феврал", ["ь", "я", "е"]),
    ("март", ["", "а", "е"]),
    ("апрел", ["ь", "я", "е"]),
    ("ма", ["й", "я", "е"]),
    ("июн", ["ь", "я", "е"]),
    ("июл", ["ь", "я", "е"]),
    ("август", ["", "а", "е"]),
    ("сентябр", ["ь", "я", "е"]),
    ("октябр", ["ь", "я", "е"]),
    ("ноябр", ["ь", "я", "е"]),
    ("декабр", ["ь", "я", "е"]),
];

/// Whether a quote names a month of a year: by name in English ("October", "OCTOBER", "Oct."),
/// French ("octobre", "MAI") or Russian ("октября", "МАЯ"), or in figures with the year
/// ("26.04.95", "04.95", "04.1995", "1995-04").
fn gives_month(quote: &str, year: i32, month: u8) -> bool {
    let m = usize::from(month - 1);
    let en = MONTHS_EN[m];
    let (stem, endings) = MONTHS_RU[m];
    let by_name = quote.split(|c: char| !c.is_alphabetic()).any(|word| {
        let lower = word.to_lowercase();
        word == en
            || word == en.to_uppercase()
            || (en.len() > 3 && (word == &en[..3] || (month == 9 && word == "Sept")))
            || lower == MONTHS_FR[m]
            || lower == crate::text::fold(MONTHS_FR[m])
            || endings.iter().any(|e| lower == format!("{stem}{e}"))
    });
    let yy = year % 100;
    by_name
        || [
            format!("{month:02}.{yy:02}"),
            format!("{month:02}.{year:04}"),
            format!("{month:02}/{year:04}"),
            format!("{year:04}-{month:02}"),
        ]
        .iter()
        .any(|form| contains_figures(quote, form))
}

/// Whether `form` occurs in `text` with no digit right before or after it.
fn contains_figures(text: &str, form: &str) -> bool {
    text.match_indices(form).any(|(i, f)| {
        let before = text[..i].chars().next_back();
        let after = text[i + f.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

/// How many documents give an event's date (quotes that carry its year, or its decade).
fn date_sources(span: &DateSpan, citations: &[Citation]) -> usize {
    let decade = whole_decade(span);
    citations
        .iter()
        .filter(|c| {
            gives_year(&c.quote, span.start.year)
                || decade.is_some_and(|d| gives_decade(&c.quote, d))
        })
        .map(|c| &c.document)
        .collect::<HashSet<_>>()
        .len()
}

/// An event's date may be no more exact than its sources. For each end of it, some quote must
/// give the year; for a month or day, the same quote must also give the month ("October 1994",
/// "10.94"); for a day, that quote must give the day too ("26.04.95", "April 26, 1995"). A quote
/// that gives only a decade attests the whole decade ("2000/2009") and nothing finer.
fn date_is_attested(span: &DateSpan, citations: &[Citation]) -> Result<(), String> {
    if let Some(decade) = whole_decade(span) {
        if citations.iter().any(|c| gives_decade(&c.quote, decade)) {
            return Ok(());
        }
    }
    // The date as written, with one end made less exact: what to write instead.
    let lowered = |end_index: usize, less: crate::date::PartialDate| -> String {
        match (end_index, span.end) {
            (0, None) => less.to_string(),
            (0, Some(e)) => format!("{less}/{e}"),
            (_, _) => format!("{}/{less}", span.start),
        }
    };
    for (i, end) in std::iter::once(span.start).chain(span.end).enumerate() {
        let with_year: Vec<&str> = citations
            .iter()
            .map(|c| c.quote.as_str())
            .filter(|q| gives_year(q, end.year))
            .collect();
        if with_year.is_empty() {
            let decade = end.year / 10 * 10;
            let decade_note = if citations.iter().any(|c| gives_decade(&c.quote, decade)) {
                format!(
                    " (\"{decade}s\" attests only the whole decade: date = \"{decade}/{}\")",
                    decade + 9
                )
            } else {
                String::new()
            };
            return Err(format!(
                "no quote gives the year {:04}{decade_note}: cite words that give it",
                end.year
            ));
        }
        let Some(month) = end.month else { continue };
        let year_only = crate::date::PartialDate {
            year: end.year,
            month: None,
            day: None,
        };
        let with_month: Vec<&str> = with_year
            .into_iter()
            .filter(|q| gives_month(q, end.year, month))
            .collect();
        if with_month.is_empty() {
            return Err(format!(
                "no quote with the year {:04} names the month ({}): cite words that do, or write date = \"{}\"",
                end.year, MONTHS_EN[usize::from(month - 1)], lowered(i, year_only)
            ));
        }
        let Some(day) = end.day else { continue };
        let gives_day = |q: &&str| {
            q.split(|ch: char| !ch.is_ascii_digit())
                .any(|w| w.parse::<u8>().ok() == Some(day))
        };
        if !with_month.iter().any(gives_day) {
            let month_only = crate::date::PartialDate { day: None, ..end };
            return Err(format!(
                "no quote with the year and month gives the day {day}: cite words that do, or write date = \"{}\"",
                lowered(i, month_only)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_keeps_what_climbs_above_its_start() {
        assert_eq!(
            lexical(Path::new("corpus/./texts/../../../x")),
            Path::new("../x")
        );
        assert_eq!(lexical(Path::new("/../etc")), Path::new("/etc"));
    }

    /// The files the npm command hands over: a link out of the folder is refused by its name,
    /// and a relative folder cannot be left by `..` either.
    #[test]
    fn memory_files_are_confined_by_their_links_and_dot_dots() {
        let memory = Memory {
            files: BTreeMap::new(),
            links: BTreeMap::from([("/c/texts".into(), "/elsewhere".into())]),
        };
        let folder = Folder::new(&memory, Path::new("/c"));
        assert!(folder
            .inside(Path::new("/c/documents/../texts2/a.txt"), "", "")
            .is_ok());
        let err = folder
            .inside(Path::new("/c/texts/a.txt"), "witness file \"a.txt\"", "fix")
            .unwrap_err();
        assert_eq!(err, "witness file \"a.txt\" leads outside the corpus folder (to /elsewhere/a.txt): only paths inside the corpus folder /c are allowed: fix");
        let relative = Folder::new(&memory, Path::new("c"));
        assert!(relative.inside(Path::new("c/../x"), "", "").is_err());
        assert!(relative.inside(Path::new("c/x"), "", "").is_ok());
    }

    #[test]
    fn match_form_drops_footnotes_but_keeps_brackets_with_words() {
        assert_eq!(match_form("PfP;[18] it  left\n on"), "PfP; it left on");
        assert_eq!(match_form("April 26, 1995[18][a] EU"), "April 26, 1995 EU");
        assert_eq!(match_form("progress.[citation needed] In"), "progress. In");
        assert_eq!(match_form("[...] Mr. Sant"), "[...] Mr. Sant");
        assert_eq!(match_form("**Invitation**"), "Invitation");
    }

    #[test]
    fn years_and_months_are_read_where_the_seeds_write_them() {
        assert!(gives_year("On April 26, 1995, Malta", 1995));
        assert!(gives_year("Malta DPM/FM Guido de Marco 26.04.95", 1995));
        assert!(!gives_year("over the course of the 2000s", 2000));
        assert!(!gives_year("in the 1990's", 1990));
        assert!(!gives_year("item 19950", 1995));
        assert!(gives_month("SIGNÉ A ROME, LE 28 MAI 2002", 2002, 5));
        assert!(gives_month("ПОДПИСАНО В РИМЕ 28 МАЯ 2002 года", 2002, 5));
        assert!(gives_month("agreed in December 2001", 2001, 12));
        assert!(gives_month("Malta 26.04.95", 1995, 4));
        assert!(gives_month("reported 10.94", 1994, 10));
        assert!(!gives_month(
            "This cooperation may complement 2002",
            2002,
            5
        ));
        assert!(!gives_month("Malta 26.04.95", 1995, 6));
        assert!(!gives_month("In 1994", 1994, 10));
    }
}
