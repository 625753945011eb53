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
//! bundle" apart, and say which.

use crate::model::Corpus;
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
    postcard::from_bytes(payload).map_err(|e| BundleError::Malformed(e.to_string()))
}
