//! Query text from readers: lookup, suggest and search with any UTF-8 (arbitrary strings, bytes
//! read lossily, real names and passage words mutated, text at the length limit), with any
//! search options (document, from, to, limit, offset).
//! Checks: errors only for the documented bad inputs, each with the right field; lookup ignores
//! ASCII case and surrounding punctuation; suggest stays within its limit without repeats; search
//! hits never repeat a passage, are best first, respect every filter, page consistently, and
//! their highlights lie inside the snippet on UTF-16 character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pfp_almanac_fuzz::arbitrary::{Result, Unstructured};
use pfp_almanac_fuzz::*;

fn run(u: &mut Unstructured) -> Result<()> {
    let a = almanac();
    let query = text(u)?;
    check_lookup(a, &query);
    let limit = if u.arbitrary()? {
        Some(u.int_in_range(0..=20)?)
    } else {
        None
    };
    check_suggest(a, &query, limit);
    let options = search_options(u)?;
    check_search(a, &query, &options);
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
