//! Documents and their passages. A passage's `original` is stored as the edits that turn its
//! `text` back into the source's lines (line breaks, indentation, item markers, hyphens), not as
//! a second copy of the text; a document's passage list, when it is the passages of that
//! document in order (always, for a compiled corpus), is not stored but derived.

use super::wire::{Reader, Writer};
use super::{Known, Stored};
use crate::model::{Document, Passage, PassageKind, SourceSpan};

stored_fields! {
    Document |w, r| {
        id, title, short, date, issuer, source, licence, attribution, url,
        // Stored only when it is not the document's passages in order.
        passages: (*passages != passages_of(&w.corpus.passages, id)).then(|| passages.clone())
            => r.read::<Option<_>>().unwrap_or_else(|| passages_of(&r.passages, &id)),
    }
    fn check(&self, known: &Known) -> Result<(), String> {
        // A document's date is written as in its source: "1994" or "2011/2019".
        crate::date::DateSpan::parse(&self.date).map_err(|e| format!("has an {e}"))?;
        match self
            .passages
            .iter()
            .find(|p| known.passages.get(p.as_str()) != Some(&self.id.as_str()))
        {
            Some(p) => Err(format!(
                "lists passage {p:?}, which is not one of its passages"
            )),
            None => Ok(()),
        }
    }
}

/// The ids of the passages of document `id`, in order.
pub(super) fn passages_of(passages: &[Passage], id: &str) -> Vec<String> {
    passages
        .iter()
        .filter(|p| p.document == id)
        .map(|p| p.id.clone())
        .collect()
}

stored_fields! {
    Passage |w, r| {
        id, document, label, kind, section, text,
        original: edits(text, original) => original_of(r, &text),
        source, repairs,
    }
    fn check(&self, known: &Known) -> Result<(), String> {
        match known.documents.contains(self.document.as_str()) {
            true => Ok(()),
            false => Err(format!(
                "belongs to document {:?}, which the bundle does not hold",
                self.document
            )),
        }
    }
}

stored_variants!(
    PassageKind [Paragraph, Item, Heading, Row, Reference],
    "unknown passage kind"
);

impl Stored for SourceSpan {
    fn write(&self, w: &mut Writer) {
        let SourceSpan { file, lines } = self;
        file.write(w);
        w.u32(lines[0]);
        w.u32(lines[1]);
    }
    fn read(r: &mut Reader) -> Self {
        SourceSpan {
            file: r.read(),
            lines: [r.u32(), r.u32()],
        }
    }
}

/// A passage's original text, from its repaired text.
pub(super) enum Original {
    Same,
    Edits(Vec<Edit>),
    /// The fallback: when edits would not rebuild it, or save nothing.
    Whole(String),
}

impl Stored for Original {
    fn write(&self, w: &mut Writer) {
        match self {
            Original::Same => w.u32(0),
            Original::Edits(edits) => {
                w.u32(1);
                edits.write(w);
            }
            Original::Whole(original) => {
                w.u32(2);
                original.write(w);
            }
        }
    }
    fn read(r: &mut Reader) -> Self {
        match r.u32() {
            0 => Original::Same,
            1 => Original::Edits(r.read()),
            2 => Original::Whole(r.read()),
            _ => {
                r.fail("unknown form of an original text");
                Original::Same
            }
        }
    }
}

/// Copy `keep` bytes of the text, skip `drop` bytes of it, then write `insert`. After the last
/// edit, the rest of the text is copied.
pub(super) struct Edit {
    keep: u32,
    drop: u32,
    insert: String,
}

impl Stored for Edit {
    fn write(&self, w: &mut Writer) {
        w.u32(self.keep);
        w.u32(self.drop);
        self.insert.write(w);
    }
    fn read(r: &mut Reader) -> Self {
        Edit {
            keep: r.u32(),
            drop: r.u32(),
            insert: r.read(),
        }
    }
}

/// The edits that rebuild `original` from `text`, found greedily: at each difference, the fewest
/// characters skipped in the text plus inserted from the original after which the two agree again
/// for 8 characters (or both end). Checked: the original is stored whole when the edits do not
/// rebuild it exactly or save nothing.
pub(super) fn edits(text: &str, original: &str) -> Original {
    const AGREE: usize = 8;
    const REACH: usize = 64;
    if text == original {
        return Original::Same;
    }
    let a: Vec<(usize, char)> = text.char_indices().collect();
    let b: Vec<(usize, char)> = original.char_indices().collect();
    let agree = |i: usize, j: usize| {
        (0..AGREE).all(|k| a.get(i + k).map(|c| c.1) == b.get(j + k).map(|c| c.1))
    };
    let at = |v: &[(usize, char)], k: usize, len: usize| v.get(k).map_or(len, |c| c.0);
    let (mut i, mut j, mut kept_from) = (0, 0, 0);
    let mut out = Vec::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i].1 == b[j].1 {
            i += 1;
            j += 1;
            continue;
        }
        let step = (1..=REACH).find_map(|d| {
            (0..=d)
                .map(|s| (s, d - s))
                .find(|&(s, n)| i + s <= a.len() && j + n <= b.len() && agree(i + s, j + n))
        });
        let Some((s, n)) = step else {
            return Original::Whole(original.to_string());
        };
        let (ti, ts) = (at(&a, i, text.len()), at(&a, i + s, text.len()));
        out.push(Edit {
            keep: (ti - kept_from) as u32,
            drop: (ts - ti) as u32,
            insert: original[at(&b, j, original.len())..at(&b, j + n, original.len())].to_string(),
        });
        kept_from = ts;
        i += s;
        j += n;
    }
    let cost: usize = out.iter().map(|e| e.insert.len() + 3).sum();
    if cost >= original.len() || apply(text, &out).as_deref() != Some(original) {
        return Original::Whole(original.to_string());
    }
    Original::Edits(out)
}

/// A passage's original text, read as `edits` stored it from its `text`.
fn original_of(r: &mut Reader, text: &str) -> String {
    match r.read() {
        Original::Same => text.to_string(),
        Original::Edits(edits) => apply(text, &edits).unwrap_or_else(|| {
            r.fail("a passage's original text does not fit its text");
            String::new()
        }),
        Original::Whole(original) => original,
    }
}

fn apply(text: &str, edits: &[Edit]) -> Option<String> {
    let mut out =
        String::with_capacity(text.len() + edits.iter().map(|e| e.insert.len()).sum::<usize>());
    let mut at = 0usize;
    for e in edits {
        let kept = at.checked_add(e.keep as usize)?;
        out.push_str(text.get(at..kept)?);
        at = kept.checked_add(e.drop as usize)?;
        text.get(kept..at)?;
        out.push_str(&e.insert);
    }
    out.push_str(text.get(at..)?);
    Some(out)
}
