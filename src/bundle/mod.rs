//! The bundle file: a compiled corpus as bytes.
//!
//! Layout (all integers little-endian):
//! ```text
//! 0..8    magic  b"PFPALMNC"
//! 8..10   format version (u16), bumped whenever `model` or the stored form below changes shape
//! 10..14  CRC-32 of the payload
//! 14..18  payload length in bytes (u32)
//! 18..    payload: the `Corpus` in its stored form (postcard's wire format, see `wire`)
//! ```
//! The header lets a loader tell "not a bundle", "a bundle from another version" and "a damaged
//! bundle" apart, and say which. A payload that decodes is also checked for what the compiler
//! guarantees and the almanac relies on (ids unique, references resolved, dates valid, events
//! in date order): a bundle that passes the checksum can still be a damaged or hand-made one, and
//! loading it must be an error, never a panic (the wasm build aborts on panic).
//!
//! Each model type is stored by its `Stored` impl, which writes it, reads it back and checks it,
//! side by side: a field added to the model is added there, in one place (`document.rs`,
//! `citation.rs`, `entity.rs`, `event.rs`; numbers, text, options and lists in `wire.rs`). The
//! stored form (format 3) is the `Corpus` without what the bundle can rebuild exactly, so that the
//! wasm, which embeds the bundle, carries each fact once: quotes are spans of their passages,
//! each distinct citation is stored once (`citation.rs`), a passage's original is the edits that
//! turn its text back into the source's lines and a document's passage list is derived
//! (`document.rs`). Each has a fallback that stores the value whole (a quote that is not a span of
//! its passage, say, in a corpus built by hand), so `decode(encode(c)) == c` for every `Corpus`.
//!
//! Written and read by hand, not by serde: postcard's derived deserialisers were the largest
//! function of the browser's wasm (~31 KB of ~170 KB of code), for one fixed shape.

/// The `Stored` impl of a model struct stored field by field, in the order listed, from the one
/// list: `write` takes the value apart without `..` and `read` builds it whole, so a model field
/// the list leaves out is a compile error (see `Stored`). A field stored in another form is listed
/// as `field: stored => read`, with the writer and reader named first (`Type |w, r| { .. }`):
/// `stored` is the value written in its place (every field and `w` in reach) and `read` reads it
/// back (`r` and the fields listed before it in reach). What follows the list (a `check`) goes
/// into the impl as it is.
macro_rules! stored_fields {
    ($ty:ident { $($fields:tt)* } $($rest:tt)*) => {
        stored_fields!($ty |w, r| { $($fields)* } $($rest)*);
    };
    ($ty:ident |$w:ident, $r:ident| {
        $($field:ident $(: $stored:expr => $read:expr)?),* $(,)?
    } $($rest:tt)*) => {
        impl Stored for $ty {
            fn write(&self, $w: &mut Writer) {
                let $ty { $($field),* } = self;
                $(stored_fields!(@write $w, $field $(, $stored)?);)*
            }
            fn read($r: &mut Reader) -> Self {
                // Typed as the field at once, for the `read`s of the fields after it.
                $(let $field = $crate::bundle::wire::as_field(
                    |v: $ty| v.$field,
                    stored_fields!(@read $r $(, $read)?),
                );)*
                $ty { $($field),* }
            }
            $($rest)*
        }
    };
    (@write $w:ident, $field:ident) => { $field.write($w) };
    (@write $w:ident, $field:ident, $stored:expr) => { $stored.write($w) };
    (@read $r:ident) => { $r.read() };
    (@read $r:ident, $read:expr) => { $read };
}

/// The `Stored` impl of a fieldless enum, stored as its variant's number: the variants listed in
/// the order declared, and a variant the list leaves out is a compile error.
macro_rules! stored_variants {
    ($ty:ident [$first:ident $(, $variant:ident)* $(,)?], $unknown:literal) => {
        impl Stored for $ty {
            fn write(&self, w: &mut Writer) {
                let ($ty::$first $(| $ty::$variant)*) = self;
                w.u32(*self as u32);
            }
            fn read(r: &mut Reader) -> Self {
                match r.u32() {
                    n if n == $ty::$first as u32 => $ty::$first,
                    $(n if n == $ty::$variant as u32 => $ty::$variant,)*
                    _ => {
                        r.fail($unknown);
                        $ty::$first
                    }
                }
            }
        }
    };
}

mod citation;
mod document;
mod entity;
mod event;
mod wire;

use crate::date::DateSpan;
use crate::hash::{HashMap, HashSet};
use crate::model::*;
use std::fmt;
use wire::{Reader, Writer};

pub const MAGIC: &[u8; 8] = b"PFPALMNC";
pub const FORMAT_VERSION: u16 = 3;
const HEADER_LEN: usize = 18;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleError {
    NotABundle,
    UnsupportedVersion { found: u16, expected: u16 },
    Truncated { expected: usize, found: usize },
    ChecksumMismatch,
    Malformed(String),
}

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BundleError::NotABundle => write!(f, "not an almanac bundle (the file does not start with the PFPALMNC header)"),
            BundleError::UnsupportedVersion { found, expected } => write!(
                f,
                "the bundle has format version {found}, but this almanac reads version {expected}: rebuild the corpus with the same version of pfp-almanac"
            ),
            BundleError::Truncated { expected, found } => {
                write!(f, "the bundle is truncated: {found} bytes of payload, {expected} expected")
            }
            BundleError::ChecksumMismatch => write!(f, "the bundle is corrupted (checksum mismatch)"),
            BundleError::Malformed(why) => write!(f, "the bundle could not be decoded: {why}"),
        }
    }
}

impl std::error::Error for BundleError {}

/// CRC-32 (IEEE 802.3, the zlib/PNG one), a byte at a time from a 1 KB table built at compile time.
/// crc32fast's slice-by-16 tables were 16 KB of incompressible wasm data; this checks a bundle of a
/// few hundred KB in well under a millisecond, which is all a bundle needs.
pub fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    !bytes.iter().fold(!0u32, |c, &b| {
        TABLE[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8)
    })
}

pub fn encode(corpus: &Corpus) -> Vec<u8> {
    let mut w = Writer::new(corpus);
    corpus.write(&mut w);
    let payload = w.out;
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&crc32(&payload).to_le_bytes());
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// A bundle from outside (a file, a download, bytes a caller passes): the header, the checksum,
/// the payload, then `check`, since a payload can pass its checksum and still be hand-made.
pub fn decode(bytes: &[u8]) -> Result<Corpus, BundleError> {
    let corpus = decode_compiled(bytes)?;
    check(&corpus).map_err(BundleError::Malformed)?;
    Ok(corpus)
}

/// The bundle build.rs compiled into this build: the compiler wrote it, so what `check` verifies
/// holds by construction (tests/corpus.rs decodes it with `decode`, check included) and is not
/// paid again on every page load. The header and checksum are still read: a damaged download of
/// the wasm damages its bundle too.
pub fn decode_compiled(bytes: &[u8]) -> Result<Corpus, BundleError> {
    let Header { version, crc, len } = header(bytes)?;
    if version != FORMAT_VERSION {
        return Err(BundleError::UnsupportedVersion {
            found: version,
            expected: FORMAT_VERSION,
        });
    }
    let payload = &bytes[HEADER_LEN..];
    if payload.len() != len {
        return Err(BundleError::Truncated {
            expected: len,
            found: payload.len(),
        });
    }
    if crc32(payload) != crc {
        return Err(BundleError::ChecksumMismatch);
    }
    let mut r = Reader::new(payload);
    let corpus = Corpus::read(&mut r);
    r.finish(corpus)
        .map_err(|why| BundleError::Malformed(why.to_string()))
}

struct Header {
    version: u16,
    crc: u32,
    len: usize,
}

fn header(bytes: &[u8]) -> Result<Header, BundleError> {
    if bytes.len() < HEADER_LEN || &bytes[..8] != MAGIC {
        return Err(BundleError::NotABundle);
    }
    Ok(Header {
        version: u16::from_le_bytes([bytes[8], bytes[9]]),
        crc: u32::from_le_bytes(bytes[10..14].try_into().expect("4 bytes")),
        len: u32::from_le_bytes(bytes[14..18].try_into().expect("4 bytes")) as usize,
    })
}

/// The intact bundle of this format inside a larger file: a pfp-almanac wasm holds its built-in
/// corpus as one run of bytes in its data section. The magic alone is not enough (the code that
/// checks it holds it too): the first run whose header, length and checksum hold. This is how a
/// damaged download of the wasm gets its corpus from a fresh copy, with the code already running.
pub fn embedded_in(file: &[u8]) -> Option<&[u8]> {
    let mut from = 0;
    while let Some(at) = file[from..].windows(MAGIC.len()).position(|w| w == MAGIC) {
        let start = from + at;
        if let Ok(Header {
            version: FORMAT_VERSION,
            crc,
            len,
        }) = header(&file[start..])
        {
            let end = start + HEADER_LEN + len;
            if end <= file.len() && crc32(&file[start + HEADER_LEN..end]) == crc {
                return Some(&file[start..end]);
            }
        }
        from = start + 1;
    }
    None
}

/// A model type as the bundle stores it. `write` and `read` are each other's inverse, field by
/// field in the same order: `write` takes the value apart without `..` and `read` builds it whole,
/// so a model field that is not stored is a compile error. `check` is what the compiler
/// guarantees of a value and the almanac relies on, which a payload that passes its checksum can
/// still break: it says what is wrong, and the owner of the value names it.
trait Stored: Sized {
    fn write(&self, w: &mut Writer);
    fn read(r: &mut Reader) -> Self;
    fn check(&self, _known: &Known) -> Result<(), String> {
        Ok(())
    }
}

/// The corpus's ids, which `check` resolves references against.
struct Known<'c> {
    documents: HashSet<&'c str>,
    entities: HashSet<&'c str>,
    /// Passage id -> its document id.
    passages: HashMap<&'c str, &'c str>,
}

impl Known<'_> {
    fn entity(&self, id: &str) -> Result<(), String> {
        match self.entities.contains(id) {
            true => Ok(()),
            false => Err(format!(
                "refers to entity {id:?}, which the bundle does not hold"
            )),
        }
    }

    /// An event's date and optional end as one span of days.
    fn span(&self, date: &str, end: Option<&str>) -> Result<DateSpan, String> {
        DateSpan::from_parts(date, end).map_err(|e| format!("has an {e}"))
    }
}

/// The payload: passages before documents and the citation table, which are read against them,
/// and the table before what cites it.
impl Stored for Corpus {
    fn write(&self, w: &mut Writer) {
        let Corpus {
            name,
            description,
            passages,
            documents,
            entities,
            events,
            disagreements,
        } = self;
        name.write(w);
        description.write(w);
        passages.write(w);
        documents.write(w);
        // The table is complete only once what cites it is written: that goes aside meanwhile.
        let head = std::mem::take(&mut w.out);
        entities.write(w);
        events.write(w);
        disagreements.write(w);
        let cited = std::mem::replace(&mut w.out, head);
        let table = std::mem::take(&mut w.table);
        table.write(w);
        w.table = table;
        w.out.extend_from_slice(&cited);
    }
    fn read(r: &mut Reader) -> Self {
        let name = r.read();
        let description = r.read();
        r.passages = r.read();
        let documents = r.read();
        r.citations = r
            .read::<Vec<citation::Entry>>()
            .into_iter()
            .map(|e| e.0)
            .collect();
        Corpus {
            name,
            description,
            documents,
            entities: r.read(),
            events: r.read(),
            disagreements: r.read(),
            passages: std::mem::take(&mut r.passages),
        }
    }
}

/// What every bundle the compiler writes satisfies, so what the almanac may rely on: each value's
/// own `check`, and what only the whole corpus can tell (ids unique, events in date order).
fn check(corpus: &Corpus) -> Result<(), String> {
    fn unique<'a>(
        what: &str,
        ids: impl Iterator<Item = &'a String>,
    ) -> Result<HashSet<&'a str>, String> {
        let mut seen = HashSet::default();
        for id in ids {
            if !seen.insert(id.as_str()) {
                return Err(format!("{what} id {id:?} is used twice"));
            }
        }
        Ok(seen)
    }
    unique("passage", corpus.passages.iter().map(|p| &p.id))?;
    unique("event", corpus.events.iter().map(|e| &e.id))?;
    let known = Known {
        documents: unique("document", corpus.documents.iter().map(|d| &d.id))?,
        entities: unique("entity", corpus.entities.iter().map(|e| &e.id))?,
        passages: corpus
            .passages
            .iter()
            .map(|p| (p.id.as_str(), p.document.as_str()))
            .collect(),
    };
    fn each<T: Stored>(
        known: &Known,
        what: &str,
        values: &[T],
        id: impl Fn(&T) -> &str,
    ) -> Result<(), String> {
        values.iter().try_for_each(|v| {
            v.check(known)
                .map_err(|why| format!("{what} {:?} {why}", id(v)))
        })
    }
    each(&known, "passage", &corpus.passages, |p| &p.id)?;
    each(&known, "document", &corpus.documents, |d| &d.id)?;
    each(&known, "entity", &corpus.entities, |e| &e.id)?;
    each(&known, "event", &corpus.events, |e| &e.id)?;
    each(&known, "disagreement", &corpus.disagreements, |d| &d.id)?;
    let mut previous: Option<(i64, i64, &str)> = None;
    for ev in &corpus.events {
        let s = known.span(&ev.date, ev.end.as_deref())?;
        let key = (s.first_day(), s.last_day(), ev.id.as_str());
        if previous.is_some_and(|p| p > key) {
            return Err(format!("event {:?} is out of date order", ev.id));
        }
        previous = Some(key);
    }
    Ok(())
}

/// The bundle's payload by part, in bytes (before gzip), for `almanac-build --sizes`: where a
/// bundle's size goes.
pub fn sizes(corpus: &Corpus) -> Vec<(&'static str, usize)> {
    let mut w = Writer::new(corpus);
    // Written whole first, so that every citation has its number when the parts are measured.
    let payload = w.measure(|w| corpus.write(w));
    let mut text = 0;
    let mut original = 0;
    for p in &corpus.passages {
        text += w.measure(|w| p.text.write(w));
        original += w.measure(|w| document::edits(&p.text, &p.original).write(w));
    }
    let passages = w.measure(|w| corpus.passages.write(w));
    let (mut descriptions, mut facts, mut relations) = (0, 0, 0);
    for e in &corpus.entities {
        descriptions += w.measure(|w| e.description.write(w));
        facts += w.measure(|w| e.facts.write(w));
        relations += w.measure(|w| e.relations.write(w));
    }
    let entities = w.measure(|w| corpus.entities.write(w));
    let table = std::mem::take(&mut w.table);
    let mut parts = vec![
        ("passages: text", text),
        ("passages: original (as edits of the text)", original),
        (
            "passages: ids, labels, sections, sources, repairs",
            passages - text - original,
        ),
        (
            "citations (each distinct one once, as a span of its passage)",
            w.measure(|w| table.write(w)),
        ),
        ("entities: descriptions", descriptions),
        ("entities: facts", facts),
        ("entities: relations (with offices)", relations),
        (
            "entities: ids, names, aliases, citation numbers",
            entities - descriptions - facts - relations,
        ),
        ("events", w.measure(|w| corpus.events.write(w))),
        (
            "disagreements",
            w.measure(|w| corpus.disagreements.write(w)),
        ),
    ];
    let listed: usize = parts.iter().map(|p| p.1).sum();
    parts.push((
        "documents, corpus name and description, header",
        HEADER_LEN + payload - listed,
    ));
    parts
}

#[cfg(test)]
mod tests {
    #[test]
    fn crc32_is_the_standard_one() {
        // The check value of CRC-32/ISO-HDLC, and the empty input.
        assert_eq!(super::crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(super::crc32(b""), 0);
    }

    #[test]
    fn the_compiled_corpus_is_stored_in_its_compact_forms() {
        use super::{citation, document, Stored};
        // What the stored form is for: quotes as spans of their passages, originals as edits (or
        // the same text), documents' passages derived. The whole-value fallbacks would still
        // round-trip, so only this notices if compaction stops working. (A few quotes differ from
        // their passage's repaired text, and one original is not worth edits: those are stored whole.)
        let corpus = super::decode(crate::BUNDLED_CORPUS).unwrap();
        let mut w = super::Writer::new(&corpus);
        corpus.write(&mut w);
        let table = &w.table;
        let whole_citations = table
            .iter()
            .filter(|e| citation::span_of(&w, &e.0).is_none())
            .count();
        let whole_originals = corpus
            .passages
            .iter()
            .filter(|p| {
                matches!(
                    document::edits(&p.text, &p.original),
                    document::Original::Whole(_)
                )
            })
            .count();
        assert!(table.len() > 100, "only {} distinct citations", table.len());
        assert!(
            whole_citations * 20 < table.len(),
            "{whole_citations} of {} quotes stored whole",
            table.len()
        );
        assert!(
            whole_originals * 20 < corpus.passages.len(),
            "{whole_originals} of {} originals stored whole",
            corpus.passages.len()
        );
        assert!(
            corpus
                .documents
                .iter()
                .all(|d| d.passages == document::passages_of(&corpus.passages, &d.id)),
            "a document lists its passages"
        );
    }

    #[test]
    fn the_bundle_inside_a_file_is_found_past_decoys_and_a_damaged_one_is_not() {
        let bundle = super::encode(&super::decode(crate::BUNDLED_CORPUS).unwrap());
        // As in a wasm: other data, the magic alone (the reader's constant), a header of another
        // version, then the bundle, then more data.
        let mut other_version = bundle[..super::HEADER_LEN].to_vec();
        other_version[8] ^= 1;
        let file = [
            b"\0asm junk".as_slice(),
            super::MAGIC,
            b"code",
            &other_version,
            &bundle,
            b"more data",
        ]
        .concat();
        assert_eq!(super::embedded_in(&file), Some(bundle.as_slice()));
        let mut damaged = file.clone();
        let at = file.len() - b"more data".len() - 100;
        damaged[at] ^= 0x5a;
        assert_eq!(super::embedded_in(&damaged), None);
        assert_eq!(
            super::embedded_in(&file[..file.len() - b"more data".len() - 1]),
            None,
            "a truncated file"
        );
        assert_eq!(super::embedded_in(b""), None);
    }

    #[test]
    fn a_damaged_payload_is_an_error_not_a_panic() {
        let corpus = super::decode(crate::BUNDLED_CORPUS).unwrap();
        let bytes = super::encode(&corpus);
        // Cut anywhere, or with a byte changed (the checksum recomputed, as by a careless tool): never a panic.
        for at in (18..bytes.len()).step_by(997) {
            let mut cut = bytes[..at].to_vec();
            let len = (cut.len() - 18) as u32;
            cut[14..18].copy_from_slice(&len.to_le_bytes());
            let crc = super::crc32(&cut[18..]);
            cut[10..14].copy_from_slice(&crc.to_le_bytes());
            assert!(super::decode(&cut).is_err());
            let mut changed = bytes.clone();
            changed[at] ^= 0x5a;
            let crc = super::crc32(&changed[18..]);
            changed[10..14].copy_from_slice(&crc.to_le_bytes());
            let _ = super::decode(&changed);
        }
    }
}
