//! Citations: the corpus quotes ~340 passages ~1,100 times, so each distinct citation is stored
//! once, in the table, and a citation elsewhere is its number in it. In the table, a quote is a
//! span of its passage's text (the compiler checked it is in the passage) and its document and
//! passage ids are the passage's; a citation that is not such a span is stored whole.

use super::wire::{Read, Reader, Writer};
use super::{Known, Stored};
use crate::model::Citation;

/// A citation where it is cited: its number in the table.
impl Stored for Citation {
    fn write(&self, w: &mut Writer) {
        let n = w.citation_number(self);
        w.u32(n);
    }
    fn read(r: &mut Reader) -> Read<Self> {
        let n = r.u32()? as usize;
        r.citations
            .get(n)
            .cloned()
            .ok_or("a citation number is out of range")
    }
    fn check(&self, known: &Known) -> Result<(), String> {
        match known.passages.get(self.passage.as_str()) == Some(&self.document.as_str()) {
            true => Ok(()),
            false => Err(format!(
                "cites passage {:?} of document {:?}, which the bundle does not hold",
                self.passage, self.document
            )),
        }
    }
}

/// A citation in the table.
pub(super) struct Entry(pub Citation);

/// Where an entry's quote lies in its passage: (passage number, start, end), in bytes.
pub(super) fn span_of(w: &Writer, c: &Citation) -> Option<(u32, u32, u32)> {
    let &n = w.passage_numbers.get(c.passage.as_str())?;
    let p = &w.corpus.passages[n];
    if p.document != c.document {
        return None;
    }
    let start = p.text.find(&c.quote)?;
    Some((n as u32, start as u32, (start + c.quote.len()) as u32))
}

impl Stored for Entry {
    fn write(&self, w: &mut Writer) {
        match span_of(w, &self.0) {
            Some((passage, start, end)) => {
                w.u32(0);
                w.u32(passage);
                w.u32(start);
                w.u32(end);
            }
            None => {
                w.u32(1);
                self.0.document.write(w);
                self.0.passage.write(w);
                self.0.quote.write(w);
            }
        }
    }
    fn read(r: &mut Reader) -> Read<Self> {
        match r.u32()? {
            0 => {
                let (n, start, end) = (r.u32()? as usize, r.u32()? as usize, r.u32()? as usize);
                let p = r
                    .passages
                    .get(n)
                    .ok_or("a citation names a passage the bundle does not have")?;
                let quote = p
                    .text
                    .get(start..end)
                    .ok_or("a quote lies outside its passage")?;
                Ok(Entry(Citation {
                    document: p.document.clone(),
                    passage: p.id.clone(),
                    quote: quote.to_string(),
                }))
            }
            1 => Ok(Entry(Citation {
                document: r.read()?,
                passage: r.read()?,
                quote: r.read()?,
            })),
            _ => Err("unknown form of a citation"),
        }
    }
}
