//! The bundle file: a compiled corpus as bytes.
//!
//! Layout (all integers little-endian):
//! ```text
//! 0..8    magic  b"PFPALMNC"
//! 8..10   format version (u16), bumped whenever `model` changes shape
//! 10..14  CRC-32 of the payload
//! 14..18  payload length in bytes (u32)
//! 18..    payload: the `Corpus`, postcard-encoded
//! ```
//! The header lets a loader tell "not a bundle", "a bundle from another version" and "a damaged
//! bundle" apart, and say which. A payload that decodes is also checked for what the compiler
//! guarantees and the almanac relies on (ids unique, references resolved, dates valid, events
//! in date order): a bundle that passes the checksum can still be a damaged or hand-made one, and
//! loading it must be an error, never a panic (the wasm build aborts on panic).

use crate::date::DateSpan;
use crate::model::{Citation, Corpus, EVENT_KINDS};
use std::collections::{HashMap, HashSet};
use std::fmt;

pub const MAGIC: &[u8; 8] = b"PFPALMNC";
pub const FORMAT_VERSION: u16 = 1;
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

pub fn encode(corpus: &Corpus) -> Vec<u8> {
    let payload = postcard::to_allocvec(corpus).expect("a corpus always serialises");
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
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
    if crc32fast::hash(payload) != crc {
        return Err(BundleError::ChecksumMismatch);
    }
    let corpus: Corpus = postcard::from_bytes(payload).map_err(|e| BundleError::Malformed(e.to_string()))?;
    check(&corpus).map_err(BundleError::Malformed)?;
    Ok(corpus)
}

/// What every bundle the compiler writes satisfies, so what the almanac may rely on.
fn check(corpus: &Corpus) -> Result<(), String> {
    fn unique<'a>(what: &str, ids: impl Iterator<Item = &'a String>) -> Result<HashSet<&'a str>, String> {
        let mut seen = HashSet::new();
        for id in ids {
            if !seen.insert(id.as_str()) {
                return Err(format!("{what} id {id:?} is used twice"));
            }
        }
        Ok(seen)
    }
    let span = |what: &str, date: &str, end: Option<&str>| {
        let text = end.map_or(date.to_string(), |e| format!("{date}/{e}"));
        DateSpan::parse(&text).map_err(|e| format!("{what} has an {e}"))
    };
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
            return Err(format!("passage {:?} belongs to document {:?}, which the bundle does not hold", p.id, p.document));
        }
    }
    for d in &corpus.documents {
        span(&format!("document {:?}", d.id), &d.date, None)?;
        if let Some(p) = d.passages.iter().find(|p| passages.get(p.as_str()) != Some(&d.id.as_str())) {
            return Err(format!("document {:?} lists passage {p:?}, which is not one of its passages", d.id));
        }
    }
    let cited = |owner: &str, cs: &[Citation]| match cs.iter().find(|c| passages.get(c.passage.as_str()) != Some(&c.document.as_str())) {
        Some(c) => Err(format!("{owner} cites passage {:?} of document {:?}, which the bundle does not hold", c.passage, c.document)),
        None => Ok(()),
    };
    let entity = |owner: &str, id: &str| match entities.contains(id) {
        true => Ok(()),
        false => Err(format!("{owner} refers to entity {id:?}, which the bundle does not hold")),
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
        let s = span(&format!("event {:?}", ev.id), &ev.date, ev.end.as_deref())?;
        if !EVENT_KINDS.contains(&ev.kind.as_str()) {
            return Err(format!("event {:?} has an unknown kind {:?}", ev.id, ev.kind));
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
