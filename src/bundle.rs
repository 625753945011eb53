//! The bundle file: a compiled corpus as bytes.
//!
//! Layout (all integers little-endian):
//! ```text
//! 0..8    magic  b"PFPALMNC"
//! 8..10   format version (u16), bumped whenever `model` or the stored form below changes shape
//! 10..14  CRC-32 of the payload
//! 14..18  payload length in bytes (u32)
//! 18..    payload: the `Corpus` in its stored form, postcard-encoded
//! ```
//! The header lets a loader tell "not a bundle", "a bundle from another version" and "a damaged
//! bundle" apart, and say which. A payload that decodes is also checked for what the compiler
//! guarantees and the almanac relies on (ids unique, references resolved, dates valid, events
//! in date order): a bundle that passes the checksum can still be a damaged or hand-made one, and
//! loading it must be an error, never a panic (the wasm build aborts on panic).
//!
//! The stored form (format 2) is the `Corpus` without what the bundle can rebuild exactly, so
//! that the wasm, which embeds the bundle, carries each fact once:
//! - a citation's quote is a span of its passage's text (the quote was checked to be in the
//!   passage), and its document and passage ids are the passage's; each distinct citation is
//!   stored once and referred to by number (the corpus quotes ~340 passages ~1,100 times);
//! - a passage's `original` is the list of edits that turn its `text` back into the source's
//!   lines (line breaks, indentation, item markers, hyphens), not a second copy of the text;
//! - a document's passage list is the passages of that document, in order.
//!
//! The payload is written with postcard (serde) and read back by `Reader`, by hand: postcard's
//! derived deserialisers were the largest function of the browser's wasm (~31 KB of ~170 KB of
//! code), for one fixed shape. `Reader` follows postcard's wire format (unsigned LEB128 varints
//! for lengths, integers and enum variants; 0/1 for `bool` and `Option`; fields in order) and
//! builds the `Corpus` directly; tests check `decode(encode(c)) == c`.
//!
//! Each has a fallback that stores the value whole (a quote that is not a span of its passage,
//! say, in a corpus built by hand), so `decode(encode(c)) == c` for every `Corpus`.

use crate::date::{DateError, DateSpan};
use crate::model::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

pub const MAGIC: &[u8; 8] = b"PFPALMNC";
pub const FORMAT_VERSION: u16 = 2;
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
    let payload = postcard::to_allocvec(&store(corpus)).expect("a corpus always serialises");
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
    Reader {
        bytes: payload,
        at: 0,
    }
    .corpus()
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

/// What every bundle the compiler writes satisfies, so what the almanac may rely on.
fn check(corpus: &Corpus) -> Result<(), String> {
    fn unique<'a>(
        what: &str,
        ids: impl Iterator<Item = &'a String>,
    ) -> Result<HashSet<&'a str>, String> {
        let mut seen = HashSet::new();
        for id in ids {
            if !seen.insert(id.as_str()) {
                return Err(format!("{what} id {id:?} is used twice"));
            }
        }
        Ok(seen)
    }
    let invalid = |what: String| move |e: DateError| format!("{what} has an {e}");
    let documents = unique("document", corpus.documents.iter().map(|d| &d.id))?;
    let entities = unique("entity", corpus.entities.iter().map(|e| &e.id))?;
    unique("event", corpus.events.iter().map(|e| &e.id))?;
    // Passage id -> its document id.
    let mut passages: HashMap<&str, &str> = HashMap::new();
    for p in &corpus.passages {
        if passages.insert(&p.id, &p.document).is_some() {
            return Err(format!("passage id {:?} is used twice", p.id));
        }
        if !documents.contains(p.document.as_str()) {
            return Err(format!(
                "passage {:?} belongs to document {:?}, which the bundle does not hold",
                p.id, p.document
            ));
        }
    }
    for d in &corpus.documents {
        // A document's date is written as in its source: "1994" or "2011/2019".
        DateSpan::parse(&d.date).map_err(invalid(format!("document {:?}", d.id)))?;
        if let Some(p) = d
            .passages
            .iter()
            .find(|p| passages.get(p.as_str()) != Some(&d.id.as_str()))
        {
            return Err(format!(
                "document {:?} lists passage {p:?}, which is not one of its passages",
                d.id
            ));
        }
    }
    let cited = |owner: &str, cs: &[Citation]| match cs
        .iter()
        .find(|c| passages.get(c.passage.as_str()) != Some(&c.document.as_str()))
    {
        Some(c) => Err(format!(
            "{owner} cites passage {:?} of document {:?}, which the bundle does not hold",
            c.passage, c.document
        )),
        None => Ok(()),
    };
    let entity = |owner: &str, id: &str| match entities.contains(id) {
        true => Ok(()),
        false => Err(format!(
            "{owner} refers to entity {id:?}, which the bundle does not hold"
        )),
    };
    for e in &corpus.entities {
        cited(&e.id, &e.citations)?;
        for f in &e.facts {
            cited(&e.id, &f.citations)?;
        }
        for r in &e.relations {
            entity(&e.id, &r.target)?;
            cited(&e.id, &r.citations)?;
        }
    }
    let mut previous: Option<(i64, i64, &str)> = None;
    for ev in &corpus.events {
        let s = DateSpan::from_parts(&ev.date, ev.end.as_deref())
            .map_err(invalid(format!("event {:?}", ev.id)))?;
        if !EVENT_KINDS.contains(&ev.kind.as_str()) {
            return Err(format!(
                "event {:?} has an unknown kind {:?}",
                ev.id, ev.kind
            ));
        }
        for id in &ev.entities {
            entity(&ev.id, id)?;
        }
        cited(&ev.id, &ev.citations)?;
        let key = (s.first_day(), s.last_day(), ev.id.as_str());
        if previous.is_some_and(|p| p > key) {
            return Err(format!("event {:?} is out of date order", ev.id));
        }
        previous = Some(key);
    }
    for d in &corpus.disagreements {
        entity(&d.id, &d.subject)?;
        for r in &d.readings {
            cited(&d.id, &r.citations)?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct Stored {
    name: String,
    description: String,
    documents: Vec<StoredDocument>,
    passages: Vec<StoredPassage>,
    /// Every distinct citation once; the rest refer to them by index.
    citations: Vec<StoredCitation>,
    entities: Vec<StoredEntity>,
    events: Vec<StoredEvent>,
    disagreements: Vec<StoredDisagreement>,
}

#[derive(Serialize)]
struct StoredDocument {
    id: String,
    title: String,
    short: String,
    date: String,
    issuer: String,
    source: Vec<SourceSpan>,
    licence: String,
    attribution: String,
    url: Option<String>,
    /// `None`: the ids of the passages of this document, in order (always so for a compiled corpus).
    passages: Option<Vec<String>>,
}

#[derive(Serialize)]
struct StoredPassage {
    id: String,
    document: String,
    label: String,
    kind: PassageKind,
    section: Option<String>,
    text: String,
    original: Original,
    source: SourceSpan,
    repairs: Vec<String>,
}

/// A passage's original text, from its repaired text.
#[derive(Serialize)]
enum Original {
    Same,
    Edits(Vec<Edit>),
    Whole(String),
}

/// Copy `keep` bytes of the text, skip `drop` bytes of it, then write `insert`. After the last
/// edit, the rest of the text is copied.
#[derive(Serialize)]
struct Edit {
    keep: u32,
    drop: u32,
    insert: String,
}

#[derive(Serialize)]
enum StoredCitation {
    /// `text[start..end]` of passage number `passage`, whose document and id the citation has.
    Span {
        passage: u32,
        start: u32,
        end: u32,
    },
    Whole(Citation),
}

#[derive(Serialize)]
struct StoredEntity {
    id: String,
    kind: String,
    name: String,
    names: BTreeMap<String, String>,
    aliases: Vec<String>,
    description: String,
    citations: Vec<u32>,
    facts: Vec<StoredFact>,
    relations: Vec<StoredRelation>,
}

#[derive(Serialize)]
struct StoredFact {
    text: String,
    citations: Vec<u32>,
    reading: Option<String>,
}

#[derive(Serialize)]
struct StoredRelation {
    kind: String,
    target: String,
    citations: Vec<u32>,
}

#[derive(Serialize)]
struct StoredEvent {
    id: String,
    date: String,
    end: Option<String>,
    precision: Precision,
    qualifier: Option<String>,
    kind: String,
    title: String,
    entities: Vec<String>,
    citations: Vec<u32>,
    reading: Option<String>,
    single_source: bool,
}

#[derive(Serialize)]
struct StoredDisagreement {
    id: String,
    subject: String,
    topic: String,
    note: Option<String>,
    readings: Vec<StoredReading>,
}

#[derive(Serialize)]
struct StoredReading {
    value: String,
    citations: Vec<u32>,
}

/// The bundle's payload by part, in bytes (postcard-encoded, before gzip), for
/// `almanac-build --sizes`: where a bundle's size goes.
pub fn sizes(corpus: &Corpus) -> Vec<(&'static str, usize)> {
    let s = store(corpus);
    let passage_parts = |f: fn(&StoredPassage) -> usize| s.passages.iter().map(f).sum::<usize>();
    let text = passage_parts(|p| size(&p.text));
    let original = passage_parts(|p| size(&p.original));
    let passages = size(&s.passages);
    let entities = s
        .entities
        .iter()
        .map(|e| (size(&e.description), size(&e.facts), size(&e.relations)));
    let (descriptions, facts, relations) =
        entities.fold((0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2));
    let all_entities = size(&s.entities);
    let mut parts = vec![
        ("passages: text", text),
        ("passages: original (as edits of the text)", original),
        (
            "passages: ids, labels, sections, sources, repairs",
            passages - text - original,
        ),
        (
            "citations (each distinct one once, as a span of its passage)",
            size(&s.citations),
        ),
        ("entities: descriptions", descriptions),
        ("entities: facts", facts),
        ("entities: relations", relations),
        (
            "entities: ids, names, aliases, citation numbers",
            all_entities - descriptions - facts - relations,
        ),
        ("events", size(&s.events)),
        ("disagreements", size(&s.disagreements)),
    ];
    let listed: usize = parts.iter().map(|p| p.1).sum();
    parts.push((
        "documents, corpus name and description, header",
        HEADER_LEN + size(&s) - listed,
    ));
    parts
}

fn size<T: Serialize + ?Sized>(value: &T) -> usize {
    postcard::to_allocvec(value).map_or(0, |b| b.len())
}

/// The stored form of a corpus: derived values left out, citations numbered.
fn store(c: &Corpus) -> Stored {
    let mut numbers = Numbers {
        corpus: c,
        passage: c
            .passages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect(),
        table: Vec::new(),
        seen: HashMap::new(),
    };
    let mut cite = |list| numbers.cite(list);
    let entities: Vec<StoredEntity> = c
        .entities
        .iter()
        .map(|e| StoredEntity {
            id: e.id.clone(),
            kind: e.kind.clone(),
            name: e.name.clone(),
            names: e.names.clone(),
            aliases: e.aliases.clone(),
            description: e.description.clone(),
            citations: cite(&e.citations),
            facts: e
                .facts
                .iter()
                .map(|f| StoredFact {
                    text: f.text.clone(),
                    citations: cite(&f.citations),
                    reading: f.reading.clone(),
                })
                .collect(),
            relations: e
                .relations
                .iter()
                .map(|r| StoredRelation {
                    kind: r.kind.clone(),
                    target: r.target.clone(),
                    citations: cite(&r.citations),
                })
                .collect(),
        })
        .collect();
    let events: Vec<StoredEvent> = c
        .events
        .iter()
        .map(|e| StoredEvent {
            id: e.id.clone(),
            date: e.date.clone(),
            end: e.end.clone(),
            precision: e.precision,
            qualifier: e.qualifier.clone(),
            kind: e.kind.clone(),
            title: e.title.clone(),
            entities: e.entities.clone(),
            citations: cite(&e.citations),
            reading: e.reading.clone(),
            single_source: e.single_source,
        })
        .collect();
    let disagreements: Vec<StoredDisagreement> = c
        .disagreements
        .iter()
        .map(|d| StoredDisagreement {
            id: d.id.clone(),
            subject: d.subject.clone(),
            topic: d.topic.clone(),
            note: d.note.clone(),
            readings: d
                .readings
                .iter()
                .map(|r| StoredReading {
                    value: r.value.clone(),
                    citations: cite(&r.citations),
                })
                .collect(),
        })
        .collect();
    let documents: Vec<StoredDocument> = c
        .documents
        .iter()
        .map(|d| StoredDocument {
            id: d.id.clone(),
            title: d.title.clone(),
            short: d.short.clone(),
            date: d.date.clone(),
            issuer: d.issuer.clone(),
            source: d.source.clone(),
            licence: d.licence.clone(),
            attribution: d.attribution.clone(),
            url: d.url.clone(),
            passages: (d.passages != passages_of(&c.passages, &d.id, |p| (&p.id, &p.document)))
                .then(|| d.passages.clone()),
        })
        .collect();
    let passages: Vec<StoredPassage> = c
        .passages
        .iter()
        .map(|p| StoredPassage {
            id: p.id.clone(),
            document: p.document.clone(),
            label: p.label.clone(),
            kind: p.kind,
            section: p.section.clone(),
            text: p.text.clone(),
            original: edits(&p.text, &p.original),
            source: p.source.clone(),
            repairs: p.repairs.clone(),
        })
        .collect();
    Stored {
        name: c.name.clone(),
        description: c.description.clone(),
        documents,
        passages,
        citations: numbers.table,
        entities,
        events,
        disagreements,
    }
}

/// The ids of the passages of document `id`, in order.
fn passages_of<P>(
    passages: &[P],
    id: &str,
    fields: impl Fn(&P) -> (&String, &String),
) -> Vec<String> {
    passages
        .iter()
        .map(&fields)
        .filter(|(_, doc)| *doc == id)
        .map(|(pid, _)| pid.clone())
        .collect()
}

/// Numbers each distinct citation, in the order first met.
struct Numbers<'a> {
    corpus: &'a Corpus,
    passage: HashMap<&'a str, usize>,
    table: Vec<StoredCitation>,
    seen: HashMap<(&'a str, &'a str, &'a str), u32>,
}

impl<'a> Numbers<'a> {
    fn cite(&mut self, list: &'a [Citation]) -> Vec<u32> {
        list.iter()
            .map(|x| {
                if let Some(&n) =
                    self.seen
                        .get(&(x.document.as_str(), x.passage.as_str(), x.quote.as_str()))
                {
                    return n;
                }
                let n = self.table.len() as u32;
                self.table.push(self.stored(x));
                self.seen.insert((&x.document, &x.passage, &x.quote), n);
                n
            })
            .collect()
    }

    fn stored(&self, x: &Citation) -> StoredCitation {
        let span = self.passage.get(x.passage.as_str()).and_then(|&n| {
            let p = &self.corpus.passages[n];
            let start = if p.document == x.document {
                p.text.find(&x.quote)?
            } else {
                return None;
            };
            Some(StoredCitation::Span {
                passage: n as u32,
                start: start as u32,
                end: (start + x.quote.len()) as u32,
            })
        });
        span.unwrap_or_else(|| StoredCitation::Whole(x.clone()))
    }
}

/// The edits that rebuild `original` from `text`, found greedily: at each difference, the fewest
/// characters skipped in the text plus inserted from the original after which the two agree again
/// for 8 characters (or both end). Checked: the original is stored whole when the edits do not
/// rebuild it exactly or save nothing.
fn edits(text: &str, original: &str) -> Original {
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

/// What a malformed payload says (the checksum passed, so: not written by `encode`).
type Read<T> = Result<T, &'static str>;

/// Reads the stored form of `encode` (postcard's wire format) straight into a `Corpus`.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Read<u8> {
        let b = *self.bytes.get(self.at).ok_or("the payload ends early")?;
        self.at += 1;
        Ok(b)
    }

    fn u32(&mut self) -> Read<u32> {
        let mut value = 0u32;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            value |= u32::from(b & 0x7f)
                .checked_shl(shift)
                .filter(|_| shift < 28 || b & 0x7f < 16)
                .ok_or("a number is too large")?;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("a number is too large")
    }

    fn len(&mut self) -> Read<usize> {
        let n = self.u32()? as usize;
        // Every element takes at least one byte: a length beyond the rest is damage, not a reason to allocate.
        if n > self.bytes.len() - self.at {
            return Err("a length is beyond the end of the payload");
        }
        Ok(n)
    }

    fn bool(&mut self) -> Read<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err("a flag is neither 0 nor 1"),
        }
    }

    fn string(&mut self) -> Read<String> {
        let n = self.len()?;
        let bytes = &self.bytes[self.at..self.at + n];
        self.at += n;
        std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|_| "a text is not UTF-8")
    }

    fn option<T>(&mut self, read: impl FnOnce(&mut Self) -> Read<T>) -> Read<Option<T>> {
        if self.bool()? {
            read(self).map(Some)
        } else {
            Ok(None)
        }
    }

    fn list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Read<T>) -> Read<Vec<T>> {
        let n = self.len()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(read(self)?);
        }
        Ok(out)
    }

    fn strings(&mut self) -> Read<Vec<String>> {
        self.list(Self::string)
    }

    fn span(&mut self) -> Read<SourceSpan> {
        Ok(SourceSpan {
            file: self.string()?,
            lines: [self.u32()?, self.u32()?],
        })
    }

    fn corpus(mut self) -> Read<Corpus> {
        let name = self.string()?;
        let description = self.string()?;
        let documents = self.list(|r| {
            Ok((
                Document {
                    id: r.string()?,
                    title: r.string()?,
                    short: r.string()?,
                    date: r.string()?,
                    issuer: r.string()?,
                    source: r.list(Self::span)?,
                    licence: r.string()?,
                    attribution: r.string()?,
                    url: r.option(Self::string)?,
                    passages: Vec::new(),
                },
                r.option(Self::strings)?,
            ))
        })?;
        let passages = self.list(|r| {
            let id = r.string()?;
            let document = r.string()?;
            let label = r.string()?;
            let kind = match r.u32()? {
                0 => PassageKind::Paragraph,
                1 => PassageKind::Item,
                2 => PassageKind::Heading,
                3 => PassageKind::Row,
                4 => PassageKind::Reference,
                _ => return Err("unknown passage kind"),
            };
            let section = r.option(Self::string)?;
            let text = r.string()?;
            let original = match r.u32()? {
                0 => text.clone(),
                1 => {
                    let edits = r.list(|r| {
                        Ok(Edit {
                            keep: r.u32()?,
                            drop: r.u32()?,
                            insert: r.string()?,
                        })
                    })?;
                    apply(&text, &edits).ok_or("a passage's original text does not fit its text")?
                }
                2 => r.string()?,
                _ => return Err("unknown form of an original text"),
            };
            Ok(Passage {
                id,
                document,
                label,
                kind,
                section,
                text,
                original,
                source: r.span()?,
                repairs: r.strings()?,
            })
        })?;
        // A document's passage list, when not stored, is its passages in order.
        let documents = documents
            .into_iter()
            .map(|(d, stored)| Document {
                passages: stored
                    .unwrap_or_else(|| passages_of(&passages, &d.id, |p| (&p.id, &p.document))),
                ..d
            })
            .collect();
        let citations = self.list(|r| match r.u32()? {
            0 => {
                let (n, start, end) = (r.u32()? as usize, r.u32()? as usize, r.u32()? as usize);
                let p = passages
                    .get(n)
                    .ok_or("a citation names a passage the bundle does not have")?;
                let quote = p
                    .text
                    .get(start..end)
                    .ok_or("a quote lies outside its passage")?;
                Ok(Citation {
                    document: p.document.clone(),
                    passage: p.id.clone(),
                    quote: quote.to_string(),
                })
            }
            1 => Ok(Citation {
                document: r.string()?,
                passage: r.string()?,
                quote: r.string()?,
            }),
            _ => Err("unknown form of a citation"),
        })?;
        let cite = |r: &mut Self| {
            r.list(|r| {
                citations
                    .get(r.u32()? as usize)
                    .cloned()
                    .ok_or("a citation number is out of range")
            })
        };
        let entities = self.list(|r| {
            Ok(Entity {
                id: r.string()?,
                kind: r.string()?,
                name: r.string()?,
                // Inserted one by one: `collect()` would sort them first (a stable sort's code, for pairs already in order).
                names: r
                    .list(|r| Ok((r.string()?, r.string()?)))?
                    .into_iter()
                    .fold(BTreeMap::new(), |mut m, (k, v)| {
                        m.insert(k, v);
                        m
                    }),
                aliases: r.strings()?,
                description: r.string()?,
                citations: cite(r)?,
                facts: r.list(|r| {
                    Ok(Fact {
                        text: r.string()?,
                        citations: cite(r)?,
                        reading: r.option(Self::string)?,
                    })
                })?,
                relations: r.list(|r| {
                    Ok(Relation {
                        kind: r.string()?,
                        target: r.string()?,
                        citations: cite(r)?,
                    })
                })?,
            })
        })?;
        let events = self.list(|r| {
            Ok(Event {
                id: r.string()?,
                date: r.string()?,
                end: r.option(Self::string)?,
                precision: match r.u32()? {
                    0 => Precision::Year,
                    1 => Precision::Month,
                    2 => Precision::Day,
                    _ => return Err("unknown date precision"),
                },
                qualifier: r.option(Self::string)?,
                kind: r.string()?,
                title: r.string()?,
                entities: r.strings()?,
                citations: cite(r)?,
                reading: r.option(Self::string)?,
                single_source: r.bool()?,
            })
        })?;
        let disagreements = self.list(|r| {
            Ok(Disagreement {
                id: r.string()?,
                subject: r.string()?,
                topic: r.string()?,
                note: r.option(Self::string)?,
                readings: r.list(|r| {
                    Ok(Reading {
                        value: r.string()?,
                        citations: cite(r)?,
                    })
                })?,
            })
        })?;
        if self.at != self.bytes.len() {
            return Err("bytes are left after the corpus");
        }
        Ok(Corpus {
            name,
            description,
            documents,
            passages,
            entities,
            events,
            disagreements,
        })
    }
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
        // What format 2 is for: quotes as spans of their passages, originals as edits (or the same
        // text), documents' passages derived. The whole-value fallbacks would still round-trip, so
        // only this notices if compaction stops working. (A few quotes differ from their passage's
        // repaired text, and one original is not worth edits: those are stored whole.)
        let stored = super::store(&super::decode(crate::BUNDLED_CORPUS).unwrap());
        let whole_citations = stored
            .citations
            .iter()
            .filter(|c| matches!(c, super::StoredCitation::Whole(_)))
            .count();
        let whole_originals = stored
            .passages
            .iter()
            .filter(|p| matches!(p.original, super::Original::Whole(_)))
            .count();
        assert!(
            stored.citations.len() > 100,
            "only {} distinct citations",
            stored.citations.len()
        );
        assert!(
            whole_citations * 20 < stored.citations.len(),
            "{whole_citations} of {} quotes stored whole",
            stored.citations.len()
        );
        assert!(
            whole_originals * 20 < stored.passages.len(),
            "{whole_originals} of {} originals stored whole",
            stored.passages.len()
        );
        assert!(
            stored.documents.iter().all(|d| d.passages.is_none()),
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
