//! Timeline filters: `{ from, to, entity, kinds }` with real and malformed dates, entity ids,
//! names and any text, known and unknown kinds.
//! Checks: an error exactly when a bound is not a date (naming the field), the range is
//! reversed, a kind or the entity is unknown, or the entity text is too long; otherwise exactly
//! the events of the whole timeline that overlap the window and pass the filters, in the same
//! order, sorted by date.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pfp_almanac_fuzz::arbitrary::{Result, Unstructured};
use pfp_almanac_fuzz::*;

fn run(u: &mut Unstructured) -> Result<()> {
    let query = timeline_query(u)?;
    check_timeline(almanac(), &query);
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
