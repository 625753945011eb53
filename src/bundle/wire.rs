//! The wire format of the payload, postcard's: unsigned LEB128 varints for lengths, integers and
//! enum variants; 0/1 for `bool` and `Option`; a struct's fields in order, with nothing between.
//! `Writer` and `Reader` hold what a stored type needs of the rest of the corpus: the passages
//! (quotes are spans of them) and the citation table (lists of citations are numbers into it).
//! Here too the `Stored` impls of the types that are not the model's own: numbers, flags, text,
//! options, lists, maps.

use super::citation::Entry;
use super::Stored;
use crate::hash::HashMap;
use crate::model::{Citation, Corpus, Passage};
use std::collections::BTreeMap;

pub(super) struct Writer<'c> {
    pub out: Vec<u8>,
    pub corpus: &'c Corpus,
    /// Passage id -> its position in `corpus.passages`, which is its number in the payload.
    pub passage_numbers: HashMap<&'c str, usize>,
    /// Every distinct citation once, in the order first written; the rest refer to them by number.
    pub table: Vec<Entry>,
    seen: HashMap<(String, String, String), u32>,
}

impl<'c> Writer<'c> {
    pub fn new(corpus: &'c Corpus) -> Self {
        Writer {
            out: Vec::new(),
            corpus,
            passage_numbers: corpus
                .passages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.as_str(), i))
                .collect(),
            table: Vec::new(),
            seen: HashMap::default(),
        }
    }

    pub fn u32(&mut self, mut n: u32) {
        while n >= 0x80 {
            self.out.push(n as u8 | 0x80);
            n >>= 7;
        }
        self.out.push(n as u8);
    }

    /// The number of `c` in the citation table, added to it when new.
    pub fn citation_number(&mut self, c: &Citation) -> u32 {
        let key = (c.document.clone(), c.passage.clone(), c.quote.clone());
        if let Some(&n) = self.seen.get(&key) {
            return n;
        }
        let n = self.table.len() as u32;
        self.table.push(Entry(c.clone()));
        self.seen.insert(key, n);
        n
    }

    /// The bytes `write` adds, kept apart from the payload (for `sizes`).
    pub fn measure(&mut self, write: impl FnOnce(&mut Self)) -> usize {
        let payload = std::mem::take(&mut self.out);
        write(self);
        std::mem::replace(&mut self.out, payload).len()
    }
}

/// Reads the stored form of `encode` straight into the model. A read does not fail: the first
/// thing wrong is kept in `error` (and reading stops at the end of the payload), what is read
/// meanwhile is empty, and `finish` refuses the lot. One check at the end instead of a `?` at
/// every field keeps the reader small: each `?` after a field had to drop the fields before it.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    error: Option<&'static str>,
    /// The passages, once read: citations and documents are read against them.
    pub passages: Vec<Passage>,
    /// The citation table, once read.
    pub citations: Vec<Citation>,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader {
            bytes,
            at: 0,
            error: None,
            passages: Vec::new(),
            citations: Vec::new(),
        }
    }

    pub fn read<T: Stored>(&mut self) -> T {
        T::read(self)
    }

    /// Notes what is wrong with the payload (the first thing only) and skips the rest of it.
    pub fn fail(&mut self, why: &'static str) {
        self.error.get_or_insert(why);
        self.at = self.bytes.len();
    }

    /// What was read, if the whole payload was read and nothing was wrong with it.
    pub fn finish<T>(self, value: T) -> Result<T, &'static str> {
        match (self.error, self.at == self.bytes.len()) {
            (Some(why), _) => Err(why),
            (None, false) => Err("bytes are left after the corpus"),
            (None, true) => Ok(value),
        }
    }

    fn byte(&mut self) -> u8 {
        match self.bytes.get(self.at) {
            Some(&b) => {
                self.at += 1;
                b
            }
            None => {
                self.fail("the payload ends early");
                0
            }
        }
    }

    pub fn u32(&mut self) -> u32 {
        let mut value = 0u32;
        for shift in (0..35).step_by(7) {
            let b = self.byte();
            match u32::from(b & 0x7f)
                .checked_shl(shift)
                .filter(|_| shift < 28 || b & 0x7f < 16)
            {
                Some(bits) => value |= bits,
                None => break,
            }
            if b & 0x80 == 0 {
                return value;
            }
        }
        self.fail("a number is too large");
        0
    }

    fn len(&mut self) -> usize {
        let n = self.u32() as usize;
        // Every element takes at least one byte: a length beyond the rest is damage, not a reason to allocate.
        if n > self.bytes.len() - self.at {
            self.fail("a length is beyond the end of the payload");
            return 0;
        }
        n
    }
}

/// `value`, as the type of the field `field` takes from a `S`: `stored_fields!` reads each field
/// into a variable of the field's own type, which the fields read after it may use.
pub(super) fn as_field<S, T>(_field: fn(S) -> T, value: T) -> T {
    value
}

impl Stored for u32 {
    fn write(&self, w: &mut Writer) {
        w.u32(*self);
    }
    fn read(r: &mut Reader) -> Self {
        r.u32()
    }
}

impl Stored for bool {
    fn write(&self, w: &mut Writer) {
        w.out.push(u8::from(*self));
    }
    fn read(r: &mut Reader) -> Self {
        match r.byte() {
            0 => false,
            1 => true,
            _ => {
                r.fail("a flag is neither 0 nor 1");
                false
            }
        }
    }
}

impl Stored for String {
    fn write(&self, w: &mut Writer) {
        w.u32(self.len() as u32);
        w.out.extend_from_slice(self.as_bytes());
    }
    fn read(r: &mut Reader) -> Self {
        let n = r.len();
        let bytes = &r.bytes[r.at..r.at + n];
        r.at += n;
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => {
                r.fail("a text is not UTF-8");
                String::new()
            }
        }
    }
}

impl<T: Stored> Stored for Option<T> {
    fn write(&self, w: &mut Writer) {
        self.is_some().write(w);
        if let Some(value) = self {
            value.write(w);
        }
    }
    fn read(r: &mut Reader) -> Self {
        match r.read::<bool>() {
            true => Some(r.read()),
            false => None,
        }
    }
    fn check(&self, known: &super::Known) -> Result<(), String> {
        self.as_ref().map_or(Ok(()), |value| value.check(known))
    }
}

impl<T: Stored> Stored for Vec<T> {
    fn write(&self, w: &mut Writer) {
        w.u32(self.len() as u32);
        for value in self {
            value.write(w);
        }
    }
    fn read(r: &mut Reader) -> Self {
        let n = r.len();
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(r.read());
        }
        out
    }
    fn check(&self, known: &super::Known) -> Result<(), String> {
        self.iter().try_for_each(|value| value.check(known))
    }
}

/// Names by language: a list of pairs, in key order.
impl Stored for BTreeMap<String, String> {
    fn write(&self, w: &mut Writer) {
        w.u32(self.len() as u32);
        for (key, value) in self {
            key.write(w);
            value.write(w);
        }
    }
    fn read(r: &mut Reader) -> Self {
        let mut map = BTreeMap::new();
        // Inserted one by one: `collect()` would sort them first (a stable sort's code, for pairs already in order).
        for _ in 0..r.len() {
            map.insert(r.read(), r.read());
        }
        map
    }
}
