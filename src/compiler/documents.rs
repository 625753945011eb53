//! The documents stage: each `documents/*.toml` with its witnesses (source text files, or lines
//! of them), cut into passages (`segment`); a second witness must carry the first one's text.

use super::attest::match_form;
use super::source::{DocumentDef, TableDef};
use super::{segment, valid_id, Context, SourceFile};
use crate::date::DateSpan;
use crate::model::{Document, Passage, PassageKind, SourceSpan};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// What the documents stage makes.
pub(super) struct Documents {
    pub(super) documents: Vec<Document>,
    /// The passages of all documents, in document order.
    pub(super) passages: Vec<Passage>,
    /// Each source text read, by its file name: what names must occur in.
    pub(super) texts: BTreeMap<String, String>,
}

/// Reads the documents, whose texts are in the folder `sources`.
pub(super) fn compile(cx: &mut Context, sources_dir: &Path) -> Documents {
    let mut documents = Vec::new();
    let mut passages = Vec::new();
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut document_ids: HashMap<String, String> = HashMap::new(); // id -> "file:line" of its first use
    for path in cx.folder.toml_files("documents", &mut cx.problems) {
        let Some((file, def)) = cx.read::<DocumentDef>(&path) else {
            continue;
        };
        if !valid_id(def.id.get_ref(), false) {
            cx.problems.at(
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
                cx.problems.at(&file, def.id.span().start, format!(
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
            cx.problems.at(&file, def.date.span().start, e.to_string());
        }
        if def.licence.get_ref().contains("BY") && def.attribution.trim().is_empty() {
            cx.problems.at(
                &file,
                def.licence.span().start,
                "this licence requires attribution: add `attribution = \"...\"`",
            );
        }
        let doc_passages = read_witnesses(cx, &file, &def, sources_dir, &mut texts);
        if duplicate {
            continue;
        }
        cx.report.repairs += doc_passages.iter().map(|p| p.repairs.len()).sum::<usize>();
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
    Documents {
        documents,
        passages,
        texts,
    }
}

/// The passages of a document, cut from the lines of its first witness; each further witness
/// must carry them too. Each source text read is added to `texts`.
fn read_witnesses(
    cx: &mut Context,
    file: &SourceFile,
    def: &DocumentDef,
    sources_dir: &Path,
    texts: &mut BTreeMap<String, String>,
) -> Vec<Passage> {
    let mut doc_passages = Vec::new();
    for (w, witness) in def.witness.iter().enumerate() {
        let wpath = sources_dir.join(&witness.get_ref().file);
        let given = format!("witness file {:?}", witness.get_ref().file);
        if let Err(e) = cx.folder.inside(
            &wpath,
            &given,
            "copy the text into the sources folder and name it relative to that folder",
        ) {
            cx.problems.at(file, witness.span().start, e);
            continue;
        }
        let text = match cx.folder.files.read(&wpath) {
            Ok(t) => t,
            Err(e) => {
                cx.problems.at(
                    file,
                    witness.span().start,
                    format!("cannot read source {}: {e}", wpath.display()),
                );
                continue;
            }
        };
        let [a, b] = witness.get_ref().lines;
        let count = text.lines().count() as u32;
        if a == 0 || a > b || b > count {
            cx.problems.at(file, witness.span().start, format!("lines [{a}, {b}] are outside {} (it has {count} lines): give 1-based, inclusive line numbers within the file", witness.get_ref().file));
            continue;
        }
        cx.report.files.push(wpath.clone());
        texts.insert(witness.get_ref().file.clone(), text.clone());
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
            cx.report.warnings.extend(
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
                    cx.problems.at(file, witness.span().start, format!(
                        "witness {} does not carry passage {} ({}) as the first witness has it: check its `lines`, or leave this witness out",
                        witness.get_ref().file, p.id, p.label));
                }
            }
        }
    }
    doc_passages
}
