//! pfp-almanac: a cited corpus about NATO's Partnership for Peace, with lookup, timeline and
//! search. The core is plain Rust (`cargo test` runs natively); `wasm` is the thin
//! wasm-bindgen layer; `compiler` turns the TOML sources in `corpus/` into a bundle.

pub mod almanac;
pub mod bundle;
pub mod date;
pub mod model;
pub mod text;

mod hash;
mod lookup;
mod search;

#[cfg(feature = "compiler")]
pub mod compiler;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use almanac::{
    Almanac, AlmanacStats, Mention, QueryError, SearchHit, SearchOptions, SearchResult,
    SuggestOptions, TimelineQuery,
};

/// The Partnership for Peace corpus, compiled and checked by build.rs.
#[cfg(feature = "bundled")]
pub static BUNDLED_CORPUS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pfp.almanac"));
