//! Citations: the corpus quotes ~340 passages ~1,100 times, so each distinct citation is stored
//! once, in the table, and a citation elsewhere is its number in it. In the table, a quote is a
//! span of its passage's text (the compiler checked it is in the passage) and its document and
//! passage ids are the passage's; a citation that is not such a span is stored whole.

use super::wire::{Reader, Writer};
use super::{Known, Stored};
use crate::model::Citation;

/// A citation where it is cited: its number in the table.
impl Stored for Citation {
    fn write(&self, w: &mut Writer) {
        let n = w.citation_number(self);
        w.u32(n);
    }
    fn read(r: &mut Reader) -> Self {
        let n = r.u32() as usize;
        match r.citations.get(n) {
            Some(c) => c.clone(),
            None => unread(r, "a citation number is out of range"),
        }
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
    fn read(r: &mut Reader) -> Self {
        Entry(match r.u32() {
            0 => {
                let (n, start, end) = (r.u32() as usize, r.u32() as usize, r.u32() as usize);
                let Some(p) = r.passages.get(n) else {
                    return Entry(unread(
                        r,
                        "a citation names a passage the bundle does not have",
                    ));
                };
                match p.text.get(start..end) {
                    Some(quote) => Citation {
                        document: p.document.clone(),
                        passage: p.id.clone(),
                        quote: quote.to_string(),
                    },
                    None => unread(r, "a quote lies outside its passage"),
                }
            }
            1 => Citation {
                document: r.read(),
                passage: r.read(),
                quote: r.read(),
            },
            _ => unread(r, "unknown form of a citation"),
        })
    }
}

/// What a citation that cannot be read is read as: nothing, and the payload is refused.
fn unread(r: &mut Reader, why: &'static str) -> Citation {
    r.fail(why);
    Citation {
        document: String::new(),
        passage: String::new(),
        quote: String::new(),
    }
}
