//! The corpus bundle decoder (src/bundle/), what `load({ corpus })` and `<pfp-* src>` read:
//! the fuzzer's bytes as a bundle, and the real bundle mutated by edits the bytes describe
//! (bytes overwritten, inserted, removed, cut), with the header's length and checksum often
//! repaired so that the damage reaches the payload decoder and the almanac built from it.
//! Checks: decoding returns `Err` or a corpus, never panics; a damaged bundle with its old
//! checksum is refused; a decoded corpus re-encodes to a bundle that decodes to the same corpus;
//! an almanac opened from any decoded corpus answers lookup and suggest without panicking, its
//! timeline keeps every invariant of the `timeline` target, and (when the damage reached the
//! passages) its search every invariant of the `query` target.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pfp_almanac::bundle::{self, BundleError};
use pfp_almanac::{Almanac, SearchOptions, TimelineQuery, BUNDLED_CORPUS};
use pfp_almanac_fuzz::arbitrary::{Result, Unstructured};
use pfp_almanac_fuzz::*;

const HEADER: usize = 18;

fn exercise(bytes: &[u8], u: &mut Unstructured) -> Result<()> {
    let Ok(corpus) = bundle::decode(bytes) else {
        return Ok(());
    };
    let again = bundle::encode(&corpus);
    assert_eq!(
        bundle::decode(&again).as_ref(),
        Ok(&corpus),
        "encode(decode(b)) decodes to the same corpus"
    );
    // Building the search index is most of the cost of a run: search only when the damage
    // reached the passages (with the real passages, search is the `query` target's job), and
    // then one time in four, so that most of the time goes to decoding.
    let passages_changed = corpus.passages != almanac().corpus().passages && u.ratio(1, 4)?;
    let a = Almanac::new(corpus);
    let _ = a.documents();
    for e in &a.corpus().entities {
        assert!(a.entity(&e.id).is_some());
    }
    for q in [
        "Malta",
        "partnership",
        "democratic control",
        "1994",
        "",
        "Kyrghyz Republic",
    ] {
        let _ = a.lookup(q);
        let _ = a.suggest(q, None);
        if passages_changed {
            check_search(&a, q, &SearchOptions::default());
        }
    }
    let q = text(u)?;
    let _ = a.lookup(&q);
    let _ = a.suggest(&q, Some(5));
    let options = search_options(u)?;
    if passages_changed {
        check_search(&a, &q, &options);
    }
    check_timeline(&a, &TimelineQuery::default());
    check_timeline(&a, &timeline_query(u)?);
    for d in &a.corpus().disagreements {
        let _ = a.disagreements(Some(&d.subject));
    }
    Ok(())
}

fn mutated(u: &mut Unstructured) -> Result<Vec<u8>> {
    let mut b = BUNDLED_CORPUS.to_vec();
    for _ in 0..u.int_in_range(1..=8)? {
        // Mostly inside the payload, where the structure is.
        let at = if b.len() <= HEADER || u.ratio(1, 8)? {
            u.int_in_range(0..=HEADER.min(b.len()))?
        } else {
            u.int_in_range(HEADER..=b.len())?
        };
        match u.int_in_range(0..=5)? {
            0 | 1 if at < b.len() => b[at] = u.arbitrary()?,
            2 if at < b.len() => b[at] ^= 1 << u.int_in_range(0..=7)?,
            3 => {
                let n = u.int_in_range(1..=8)?;
                let bytes: Vec<u8> = (0..n).map(|_| u.arbitrary()).collect::<Result<_>>()?;
                b.splice(at..at, bytes);
            }
            4 => {
                let n = u.int_in_range(1..=64usize)?;
                b.drain(at..(at + n).min(b.len()));
            }
            _ => b.truncate(at),
        }
    }
    let damaged = b != BUNDLED_CORPUS;
    if u.ratio(3, 4)? && b.len() >= HEADER {
        let payload_len = (b.len() - HEADER) as u32;
        let crc = crc32fast::hash(&b[HEADER..]);
        b[10..14].copy_from_slice(&crc.to_le_bytes());
        b[14..18].copy_from_slice(&payload_len.to_le_bytes());
    } else if damaged && b.len() >= HEADER && b[..10] == BUNDLED_CORPUS[..10] {
        // The old checksum no longer fits (or the length): refused before decoding.
        assert!(
            matches!(
                bundle::decode(&b),
                Err(BundleError::ChecksumMismatch | BundleError::Truncated { .. })
            ) || b[HEADER..] == BUNDLED_CORPUS[HEADER..]
        );
    }
    Ok(b)
}

fn run(data: &[u8]) -> Result<()> {
    let mut u = Unstructured::new(data);
    // The bytes themselves, as a bundle.
    exercise(data, &mut Unstructured::new(&[]))?;
    // The real bundle, damaged.
    let b = mutated(&mut u)?;
    exercise(&b, &mut u)
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
