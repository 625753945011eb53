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
//! bundle" apart, and say which.
//!
//! The stored form (format 2) is the `Corpus` without what the bundle can rebuild exactly, so
//! that the wasm, which embeds the bundle, carries each fact once:
//! - a citation's quote is a span of its passage's text (the quote was checked to be in the
//!   passage), and its document and passage ids are the passage's; each distinct citation is
//!   stored once and referred to by number (the corpus quotes ~340 passages ~1,100 times);
//! - a passage's `original` is the list of edits that turn its `text` back into the source's
//!   lines (line breaks, indentation, item markers, hyphens), not a second copy of the text;
//! - a document's passage list is the passages of that document, in order.
//! Each has a fallback that stores the value whole (a quote that is not a span of its passage,
//! say, in a corpus built by hand), so `decode(encode(c)) == c` for every `Corpus`.

use crate::model::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
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
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    !bytes.iter().fold(!0u32, |c, &b| TABLE[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8))
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

pub fn decode(bytes: &[u8]) -> Result<Corpus, BundleError> {
    if bytes.len() < HEADER_LEN || &bytes[..8] != MAGIC {
        return Err(BundleError::NotABundle);
    }
    let version = u16::from_le_bytes([bytes[8], bytes[9]]);
    if version != FORMAT_VERSION {
        return Err(BundleError::UnsupportedVersion { found: version, expected: FORMAT_VERSION });
    }
    let crc = u32::from_le_bytes(bytes[10..14].try_into().expect("4 bytes"));
    let len = u32::from_le_bytes(bytes[14..18].try_into().expect("4 bytes")) as usize;
    let payload = &bytes[HEADER_LEN..];
    if payload.len() != len {
        return Err(BundleError::Truncated { expected: len, found: payload.len() });
    }
    if crc32(payload) != crc {
        return Err(BundleError::ChecksumMismatch);
    }
    let stored: Stored = postcard::from_bytes(payload).map_err(|e| BundleError::Malformed(e.to_string()))?;
    expand(stored).map_err(|why| BundleError::Malformed(why.to_string()))
}

#[derive(Serialize, Deserialize)]
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

#[derive(Serialize, Deserialize)]
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

#[derive(Serialize, Deserialize)]
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
#[derive(Serialize, Deserialize)]
enum Original {
    Same,
    Edits(Vec<Edit>),
    Whole(String),
}

/// Copy `keep` bytes of the text, skip `drop` bytes of it, then write `insert`. After the last
/// edit, the rest of the text is copied.
#[derive(Serialize, Deserialize)]
struct Edit {
    keep: u32,
    drop: u32,
    insert: String,
}

#[derive(Serialize, Deserialize)]
enum StoredCitation {
    /// `text[start..end]` of passage number `passage`, whose document and id the citation has.
    Span { passage: u32, start: u32, end: u32 },
    Whole(Citation),
}

#[derive(Serialize, Deserialize)]
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

#[derive(Serialize, Deserialize)]
struct StoredFact {
    text: String,
    citations: Vec<u32>,
    reading: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct StoredRelation {
    kind: String,
    target: String,
    citations: Vec<u32>,
}

#[derive(Serialize, Deserialize)]
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

#[derive(Serialize, Deserialize)]
struct StoredDisagreement {
    id: String,
    subject: String,
    topic: String,
    note: Option<String>,
    readings: Vec<StoredReading>,
}

#[derive(Serialize, Deserialize)]
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
    let entities = s.entities.iter().map(|e| (size(&e.description), size(&e.facts), size(&e.relations)));
    let (descriptions, facts, relations) = entities.fold((0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2));
    let all_entities = size(&s.entities);
    let mut parts = vec![
        ("passages: text", text),
        ("passages: original (as edits of the text)", original),
        ("passages: ids, labels, sections, sources, repairs", passages - text - original),
        ("citations (each distinct one once, as a span of its passage)", size(&s.citations)),
        ("entities: descriptions", descriptions),
        ("entities: facts", facts),
        ("entities: relations", relations),
        ("entities: ids, names, aliases, citation numbers", all_entities - descriptions - facts - relations),
        ("events", size(&s.events)),
        ("disagreements", size(&s.disagreements)),
    ];
    let listed: usize = parts.iter().map(|p| p.1).sum();
    parts.push(("documents, corpus name and description, header", encode(corpus).len() - listed));
    parts
}

fn size<T: Serialize + ?Sized>(value: &T) -> usize {
    postcard::to_allocvec(value).map_or(0, |b| b.len())
}

/// The stored form of a corpus: derived values left out, citations numbered.
fn store(c: &Corpus) -> Stored {
    let mut numbers = Numbers { corpus: c, passage: c.passages.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect(), table: Vec::new(), seen: HashMap::new() };
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
            facts: e.facts.iter().map(|f| StoredFact { text: f.text.clone(), citations: cite(&f.citations), reading: f.reading.clone() }).collect(),
            relations: e.relations.iter().map(|r| StoredRelation { kind: r.kind.clone(), target: r.target.clone(), citations: cite(&r.citations) }).collect(),
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
            readings: d.readings.iter().map(|r| StoredReading { value: r.value.clone(), citations: cite(&r.citations) }).collect(),
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
            passages: (d.passages != passages_of(&c.passages, &d.id, |p| (&p.id, &p.document))).then(|| d.passages.clone()),
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
    Stored { name: c.name.clone(), description: c.description.clone(), documents, passages, citations: numbers.table, entities, events, disagreements }
}

/// The ids of the passages of document `id`, in order.
fn passages_of<P>(passages: &[P], id: &str, fields: impl Fn(&P) -> (&String, &String)) -> Vec<String> {
    passages.iter().map(&fields).filter(|(_, doc)| *doc == id).map(|(pid, _)| pid.clone()).collect()
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
                if let Some(&n) = self.seen.get(&(x.document.as_str(), x.passage.as_str(), x.quote.as_str())) {
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
            let start = if p.document == x.document { p.text.find(&x.quote)? } else { return None };
            Some(StoredCitation::Span { passage: n as u32, start: start as u32, end: (start + x.quote.len()) as u32 })
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
    let agree = |i: usize, j: usize| (0..=AGREE).all(|k| k == AGREE || a.get(i + k).map(|c| c.1) == b.get(j + k).map(|c| c.1)) ;
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
            (0..=d).map(|s| (s, d - s)).find(|&(s, n)| i + s <= a.len() && j + n <= b.len() && agree(i + s, j + n))
        });
        let Some((s, n)) = step else { return Original::Whole(original.to_string()) };
        let (ti, ts) = (at(&a, i, text.len()), at(&a, i + s, text.len()));
        out.push(Edit { keep: (ti - kept_from) as u32, drop: (ts - ti) as u32, insert: original[at(&b, j, original.len())..at(&b, j + n, original.len())].to_string() });
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
    let mut out = String::with_capacity(text.len() + edits.iter().map(|e| e.insert.len()).sum::<usize>());
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

/// The `Corpus` back from its stored form; an error names what does not fit (a damaged bundle
/// that still passed the checksum, or one not written by `encode`).
fn expand(s: Stored) -> Result<Corpus, &'static str> {
    let citations: Vec<Citation> = s
        .citations
        .into_iter()
        .map(|c| match c {
            StoredCitation::Whole(c) => Ok(c),
            StoredCitation::Span { passage, start, end } => {
                let p = s.passages.get(passage as usize).ok_or("a citation names a passage the bundle does not have")?;
                let quote = p.text.get(start as usize..end as usize).ok_or("a quote lies outside its passage")?;
                Ok(Citation { document: p.document.clone(), passage: p.id.clone(), quote: quote.to_string() })
            }
        })
        .collect::<Result<_, &'static str>>()?;
    let cite = |list: Vec<u32>| -> Result<Vec<Citation>, &'static str> {
        list.into_iter().map(|n| citations.get(n as usize).cloned().ok_or("a citation number is out of range")).collect()
    };
    let documents = s
        .documents
        .into_iter()
        .map(|d| Document {
            passages: d.passages.unwrap_or_else(|| passages_of(&s.passages, &d.id, |p| (&p.id, &p.document))),
            id: d.id,
            title: d.title,
            short: d.short,
            date: d.date,
            issuer: d.issuer,
            source: d.source,
            licence: d.licence,
            attribution: d.attribution,
            url: d.url,
        })
        .collect();
    let entities = s
        .entities
        .into_iter()
        .map(|e| {
            Ok(Entity {
                id: e.id,
                kind: e.kind,
                name: e.name,
                names: e.names,
                aliases: e.aliases,
                description: e.description,
                citations: cite(e.citations)?,
                facts: e.facts.into_iter().map(|f| Ok(Fact { text: f.text, citations: cite(f.citations)?, reading: f.reading })).collect::<Result<_, &'static str>>()?,
                relations: e.relations.into_iter().map(|r| Ok(Relation { kind: r.kind, target: r.target, citations: cite(r.citations)? })).collect::<Result<_, &'static str>>()?,
            })
        })
        .collect::<Result<_, &'static str>>()?;
    let events = s
        .events
        .into_iter()
        .map(|e| {
            Ok(Event {
                id: e.id,
                date: e.date,
                end: e.end,
                precision: e.precision,
                qualifier: e.qualifier,
                kind: e.kind,
                title: e.title,
                entities: e.entities,
                citations: cite(e.citations)?,
                reading: e.reading,
                single_source: e.single_source,
            })
        })
        .collect::<Result<_, &'static str>>()?;
    let disagreements = s
        .disagreements
        .into_iter()
        .map(|d| {
            Ok(Disagreement {
                id: d.id,
                subject: d.subject,
                topic: d.topic,
                note: d.note,
                readings: d.readings.into_iter().map(|r| Ok(Reading { value: r.value, citations: cite(r.citations)? })).collect::<Result<_, &'static str>>()?,
            })
        })
        .collect::<Result<_, &'static str>>()?;
    let passages = s
        .passages
        .into_iter()
        .map(|p| {
            let original = match p.original {
                Original::Same => p.text.clone(),
                Original::Whole(o) => o,
                Original::Edits(edits) => apply(&p.text, &edits).ok_or("a passage's original text does not fit its text")?,
            };
            Ok(Passage { id: p.id, document: p.document, label: p.label, kind: p.kind, section: p.section, text: p.text, original, source: p.source, repairs: p.repairs })
        })
        .collect::<Result<_, &'static str>>()?;
    Ok(Corpus { name: s.name, description: s.description, documents, passages, entities, events, disagreements })
}

#[cfg(test)]
mod tests {
    #[test]
    fn crc32_is_the_standard_one() {
        // The check value of CRC-32/ISO-HDLC, and the empty input.
        assert_eq!(super::crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(super::crc32(b""), 0);
    }
}
