//! The corpus compiler: a folder of TOML sources and plain-text documents in, a checked
//! `Corpus` out, or every error found, each with its file and line and what to do about it.
//! The format is documented in docs/corpus-format.md; keep the two in step.

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
        self.text[..offset.min(self.text.len())].matches('\n').count() + 1
    }
}

/// Collects diagnostics as the compiler goes, so one run reports every error.
struct Problems(Vec<Diagnostic>);

impl Problems {
    fn at(&mut self, file: &SourceFile, offset: usize, message: impl Into<String>) {
        self.0.push(Diagnostic { file: file.path.clone(), line: file.line_of(offset), message: message.into() });
    }
}

/// Where the compiler reads a corpus from: a folder on disk, or files held in memory (the npm
/// command runs the compiler as WebAssembly, which cannot open files itself).
pub trait Files {
    fn read(&self, path: &Path) -> Result<String, String>;
    /// The `.toml` files directly in a folder, sorted.
    fn toml_files(&self, dir: &Path) -> Vec<PathBuf>;
    fn exists(&self, path: &Path) -> bool;
}

pub struct Disk;

impl Files for Disk {
    fn read(&self, path: &Path) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|e| e.to_string())
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
}

/// Files in memory, keyed by their path relative to one root ("corpus/almanac.toml").
pub struct Memory(pub BTreeMap<PathBuf, String>);

/// Resolves "." and ".." without touching a file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

impl Files for Memory {
    fn read(&self, path: &Path) -> Result<String, String> {
        self.0.get(&lexical(path)).cloned().ok_or_else(|| "no such file".to_string())
    }
    fn toml_files(&self, dir: &Path) -> Vec<PathBuf> {
        let dir = lexical(dir);
        self.0
            .keys()
            .filter(|p| p.parent() == Some(dir.as_path()) && p.extension().is_some_and(|e| e == "toml"))
            .cloned()
            .collect()
    }
    fn exists(&self, path: &Path) -> bool {
        self.0.contains_key(&lexical(path))
    }
}

fn read(files: &dyn Files, path: &Path, problems: &mut Problems) -> Option<SourceFile> {
    match files.read(path) {
        Ok(text) => Some(SourceFile { path: path.to_path_buf(), text }),
        Err(e) => {
            problems.0.push(Diagnostic { file: path.into(), line: 0, message: format!("cannot read: {e}") });
            None
        }
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
    let ok_part = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
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
            return Err(format!("unknown document {:?}: use one of {known:?}", cite.doc));
        };
        let quote = match_form(&cite.quote);
        if quote.is_empty() {
            return Err("empty quote: copy the words from the source".into());
        }
        let found: Vec<usize> =
            indices.iter().copied().filter(|&i| self.forms[i].contains(&quote)).collect();
        let chosen = match &cite.passage {
            Some(p) => match found.iter().find(|&&i| &self.passages[i].id == p) {
                Some(&i) => i,
                None if self.passages.iter().any(|x| &x.id == p) => {
                    return Err(format!("the quote is not in passage {p:?}{}", self.hint(indices, &quote)))
                }
                None => return Err(format!("unknown passage {p:?}")),
            },
            None => match found.first() {
                Some(&i) => i,
                None => return Err(format!("quote not found in {}: {:?}{}", cite.doc, cite.quote, self.hint(indices, &quote))),
            },
        };
        Ok(Citation { document: cite.doc.clone(), passage: self.passages[chosen].id.clone(), quote: squash_whitespace(&cite.quote) })
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

/// Compiles a corpus folder on disk. Returns the corpus and a report, or every error found.
pub fn compile(folder: &Path) -> Result<(Corpus, Report), Vec<Diagnostic>> {
    compile_from(&Disk, folder)
}

/// Compiles the corpus folder `folder` as `files` holds it.
pub fn compile_from(files: &dyn Files, folder: &Path) -> Result<(Corpus, Report), Vec<Diagnostic>> {
    let mut problems = Problems(Vec::new());
    let mut report = Report::default();
    let Some(almanac_file) = read(files, &folder.join("almanac.toml"), &mut problems) else {
        return Err(problems.0);
    };
    let Some(almanac) = parse::<AlmanacDef>(&almanac_file, &mut problems) else {
        return Err(problems.0);
    };
    report.files.push(almanac_file.path.clone());
    let sources_dir = folder.join(&almanac.sources);

    // Documents and their passages.
    let mut documents = Vec::new();
    let mut passages = Vec::new();
    let mut seed_texts: BTreeMap<String, String> = BTreeMap::new();
    for path in files.toml_files(&folder.join("documents")) {
        let Some(file) = read(files, &path, &mut problems) else { continue };
        report.files.push(path.clone());
        let Some(def) = parse::<DocumentDef>(&file, &mut problems) else { continue };
        if !valid_id(def.id.get_ref(), false) {
            problems.at(&file, def.id.span().start, format!("document id {:?} must be lowercase letters, digits and hyphens", def.id.get_ref()));
        }
        if let Err(e) = DateSpan::parse(def.date.get_ref()) {
            problems.at(&file, def.date.span().start, e.to_string());
        }
        if def.licence.contains("BY") && def.attribution.trim().is_empty() {
            problems.at(&file, 0, "this licence requires attribution: add `attribution = \"...\"`");
        }
        let mut doc_passages = Vec::new();
        for (w, witness) in def.witness.iter().enumerate() {
            let wpath = sources_dir.join(&witness.get_ref().file);
            let text = match files.read(&wpath) {
                Ok(t) => t,
                Err(e) => {
                    problems.at(&file, witness.span().start, format!("cannot read source {}: {e}", wpath.display()));
                    continue;
                }
            };
            let [a, b] = witness.get_ref().lines;
            let count = text.lines().count() as u32;
            if a == 0 || a > b || b > count {
                problems.at(&file, witness.span().start, format!("lines [{a}, {b}] are outside {} (it has {count} lines)", witness.get_ref().file));
                continue;
            }
            report.files.push(wpath.clone());
            seed_texts.insert(witness.get_ref().file.clone(), text.clone());
            let tables: Vec<TableDef> = def.table.iter().map(|t| t.get_ref().clone()).collect();
            if w == 0 {
                let seg = segment::segment(&text, &segment::Layout {
                    doc_id: def.id.get_ref(),
                    short: &def.short,
                    file: &witness.get_ref().file,
                    lines: [a, b],
                    preamble: def.preamble,
                    tables: &tables,
                });
                report.warnings.extend(seg.skipped.into_iter().map(|s| format!("left out a line with no text: {s}")));
                doc_passages = seg.passages;
            } else {
                // A second witness must carry the same text as the first, paragraph breaks aside.
                let lines: Vec<&str> = text.lines().skip(a as usize - 1).take((b - a + 1) as usize).collect();
                let witness_form = match_form(&lines.join("\n"));
                for p in doc_passages.iter().filter(|p| p.kind != PassageKind::Heading) {
                    if !witness_form.contains(&match_form(&p.text)) {
                        problems.at(&file, witness.span().start, format!(
                            "witness {} does not carry passage {} ({}) as the first witness has it",
                            witness.get_ref().file, p.id, p.label));
                    }
                }
            }
        }
        report.repairs += doc_passages.iter().map(|p| p.repairs.len()).sum::<usize>();
        documents.push(Document {
            id: def.id.get_ref().clone(),
            title: def.title,
            short: def.short,
            date: def.date.get_ref().clone(),
            issuer: def.issuer,
            source: def.witness.iter().map(|w| SourceSpan { file: w.get_ref().file.clone(), lines: w.get_ref().lines }).collect(),
            licence: def.licence,
            attribution: def.attribution,
            url: def.url.filter(|u| !u.is_empty()),
            passages: doc_passages.iter().map(|p| p.id.clone()).collect(),
        });
        passages.extend(doc_passages);
    }
    let mut seen_docs = HashSet::new();
    for d in &documents {
        if !seen_docs.insert(d.id.clone()) {
            problems.0.push(Diagnostic { file: folder.join("documents"), line: 0, message: format!("document id {:?} is used twice", d.id) });
        }
    }
    let mut by_document: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in passages.iter().enumerate() {
        by_document.entry(p.document.clone()).or_default().push(i);
    }
    let forms = passages.iter().map(|p| match_form(&p.text)).collect();
    let library = Library { passages, forms, by_document };
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
    for path in files.toml_files(&folder.join("entities")) {
        let Some(file) = read(files, &path, &mut problems) else { continue };
        report.files.push(path.clone());
        let Some(def) = parse::<EntitiesFile>(&file, &mut problems) else { continue };
        for e in def.entity {
            let at = e.span().start;
            let e = e.into_inner();
            let kind = e.id.split('/').next().unwrap_or("").to_string();
            if !valid_id(&e.id, true) || !ENTITY_KINDS.contains(&kind.as_str()) {
                problems.at(&file, at, format!("entity id {:?} must be <kind>/<slug> with a kind among {ENTITY_KINDS:?} and a slug of lowercase letters, digits and hyphens", e.id));
            }
            for name in std::iter::once(&e.name).chain(&e.aliases).chain(e.names.values()) {
                if !attested.contains(&fold(name)) {
                    problems.at(&file, at, format!("{}: the name {name:?} does not occur in any source: use a form the sources use", e.id));
                }
            }
            if e.cite.is_empty() {
                problems.at(&file, at, format!("{}: the description needs `cite = [...]`", e.id));
            }
            let citations = cites(&file, &e.cite, &mut problems);
            let facts = e.fact.iter().map(|f| {
                if f.get_ref().cite.is_empty() {
                    problems.at(&file, f.span().start, format!("{}: fact {:?} needs a citation", e.id, f.get_ref().text));
                }
                Fact { text: f.get_ref().text.clone(), citations: cites(&file, &f.get_ref().cite, &mut problems), reading: f.get_ref().reading.clone() }
            }).collect();
            let relations = e.relation.iter().map(|r| {
                if r.get_ref().cite.is_empty() {
                    problems.at(&file, r.span().start, format!("{}: relation {} needs a citation", e.id, r.get_ref().kind));
                }
                Relation { kind: r.get_ref().kind.clone(), target: r.get_ref().target.clone(), citations: cites(&file, &r.get_ref().cite, &mut problems) }
            }).collect();
            entity_lines.push((entity_files.len(), at));
            entities.push(Entity { id: e.id, kind, name: e.name, names: e.names, aliases: e.aliases, description: e.description, citations, facts, relations });
        }
        entity_files.push(file);
    }
    let mut entity_ids = HashSet::new();
    for (e, &(f, at)) in entities.iter().zip(&entity_lines) {
        if !entity_ids.insert(e.id.as_str()) {
            problems.at(&entity_files[f], at, format!("entity id {:?} is used twice", e.id));
        }
        for r in &e.relations {
            if !entity_ids.contains(r.target.as_str()) && !entities.iter().any(|x| x.id == r.target) {
                problems.at(&entity_files[f], at, format!("{}: relation target {:?} is not an entity id", e.id, r.target));
            }
        }
    }
    // Aliases shared by two entities make lookup ambiguous: reported, the first entity keeps it.
    let mut owner: HashMap<String, &str> = HashMap::new();
    for e in &entities {
        for a in std::iter::once(&e.name).chain(&e.aliases) {
            let key = fold(a);
            match owner.get(&key) {
                Some(&other) if other != e.id => report.warnings.push(format!("alias {a:?} names both {other} and {}: lookup gives {other}", e.id)),
                Some(_) => {}
                None => {
                    owner.insert(key, &e.id);
                }
            }
        }
    }

    // Events.
    let mut events = Vec::new();
    let mut event_ids = HashSet::new();
    for path in files.toml_files(&folder.join("events")) {
        let Some(file) = read(files, &path, &mut problems) else { continue };
        report.files.push(path.clone());
        let Some(def) = parse::<EventsFile>(&file, &mut problems) else { continue };
        for ev in def.event {
            let at = ev.span().start;
            let ev = ev.into_inner();
            if !valid_id(&ev.id, true) {
                problems.at(&file, at, format!("event id {:?} must be <group>/<slug> in lowercase letters, digits and hyphens", ev.id));
            }
            if !event_ids.insert(ev.id.clone()) {
                problems.at(&file, at, format!("event id {:?} is used twice", ev.id));
            }
            if !EVENT_KINDS.contains(&ev.kind.as_str()) {
                problems.at(&file, at, format!("{}: unknown event kind {:?}: use one of {EVENT_KINDS:?}", ev.id, ev.kind));
            }
            for en in &ev.entities {
                if !entity_ids.contains(en.as_str()) {
                    problems.at(&file, at, format!("{}: {:?} is not an entity id", ev.id, en));
                }
            }
            if ev.cite.is_empty() {
                problems.at(&file, at, format!("{}: an event needs `cite = [...]`", ev.id));
            }
            let citations = cites(&file, &ev.cite, &mut problems);
            let span = match DateSpan::parse(&ev.date) {
                Ok(s) => s,
                Err(e) => {
                    problems.at(&file, at, format!("{}: {e}", ev.id));
                    continue;
                }
            };
            if let Err(why) = date_is_attested(&span, &citations) {
                problems.at(&file, at, format!("{}: date {} is more exact than its quotes: {why}", ev.id, ev.date));
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
    events.sort_by(|a, b| event_order(a).cmp(&event_order(b)));

    // Disagreements.
    let mut disagreements = Vec::new();
    let dpath = folder.join("disagreements.toml");
    if files.exists(&dpath) {
        if let Some(file) = read(files, &dpath, &mut problems) {
            report.files.push(dpath.clone());
            if let Some(def) = parse::<DisagreementsFile>(&file, &mut problems) {
                for d in def.disagreement {
                    let at = d.span().start;
                    let d = d.into_inner();
                    if !entity_ids.contains(d.subject.as_str()) {
                        problems.at(&file, at, format!("{}: subject {:?} is not an entity id", d.id, d.subject));
                    }
                    if d.reading.len() < 2 {
                        problems.at(&file, at, format!("{}: a disagreement needs at least two readings", d.id));
                    }
                    let readings = d.reading.iter().map(|r| {
                        if r.get_ref().cite.is_empty() {
                            problems.at(&file, r.span().start, format!("{}: reading {:?} needs a citation", d.id, r.get_ref().value));
                        }
                        Reading { value: r.get_ref().value.clone(), citations: cites(&file, &r.get_ref().cite, &mut problems) }
                    }).collect();
                    disagreements.push(Disagreement { id: d.id, subject: d.subject, topic: d.topic, note: d.note, readings });
                }
            }
        }
    }

    if !problems.0.is_empty() {
        return Err(problems.0);
    }
    let corpus = Corpus {
        name: almanac.name,
        description: almanac.description,
        documents,
        passages: library.passages,
        entities,
        events,
        disagreements,
    };
    Ok((corpus, report))
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

/// Whether a quote names the year of a date: "1995", "26.04.95", or, for a year-precision date,
/// its decade ("over the course of the 2000s" attests 2000/2009 and nothing more exact).
fn gives_year(quote: &str, date: &crate::date::PartialDate) -> bool {
    quote.contains(&format!("{:04}", date.year))
        || quote.contains(&format!(".{:02}", date.year % 100))
        || (date.month.is_none() && quote.contains(&format!("{}s", date.year / 10 * 10)))
}

/// How many documents give an event's date (quotes that carry its year).
fn date_sources(span: &DateSpan, citations: &[Citation]) -> usize {
    citations
        .iter()
        .filter(|c| gives_year(&c.quote, &span.start))
        .map(|c| &c.document)
        .collect::<HashSet<_>>()
        .len()
}

/// An event's date may be no more exact than its sources: some quote must give each end's year
/// (or, for a year, its decade), and for a day date the day too ("26.04.95", "April 26, 1995").
fn date_is_attested(span: &DateSpan, citations: &[Citation]) -> Result<(), String> {
    for end in std::iter::once(span.start).chain(span.end) {
        let quotes_with_year: Vec<&Citation> = citations.iter().filter(|c| gives_year(&c.quote, &end)).collect();
        if quotes_with_year.is_empty() {
            return Err(format!("no quote gives the year {:04}", end.year));
        }
        if let Some(day) = end.day {
            let words: Vec<String> = quotes_with_year
                .iter()
                .flat_map(|c| c.quote.split(|ch: char| !ch.is_ascii_digit()).map(str::to_string).collect::<Vec<_>>())
                .collect();
            if !words.iter().any(|w| w.parse::<u8>().ok() == Some(day)) {
                return Err(format!("no quote with the year gives the day {day}"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_form_drops_footnotes_but_keeps_brackets_with_words() {
        assert_eq!(match_form("PfP;[18] it  left\n on"), "PfP; it left on");
        assert_eq!(match_form("April 26, 1995[18][a] EU"), "April 26, 1995 EU");
        assert_eq!(match_form("progress.[citation needed] In"), "progress. In");
        assert_eq!(match_form("[...] Mr. Sant"), "[...] Mr. Sant");
        assert_eq!(match_form("**Invitation**"), "Invitation");
    }
}
