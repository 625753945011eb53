//! The core's hash maps and sets, with FNV-1a instead of std's SipHash: every key is an id, a name
//! or a word of the corpus (or a query looked up in a table built from the corpus, never a table
//! built from what a caller sends), so there is no flooding to resist, and the wasm then carries
//! one small hasher and no random-seed machinery.

use std::hash::{BuildHasherDefault, Hasher};

pub type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<Fnv>>;
pub type HashSet<T> = std::collections::HashSet<T, BuildHasherDefault<Fnv>>;

/// FNV-1a, 64 bits.
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
