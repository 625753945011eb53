//! Text normalisation shared by the compiler, lookup and search: one place decides what
//! "the same word" means.

use rust_stemmers::{Algorithm, Stemmer};

/// Base letter of each precomposed Latin letter U+00C0..U+024F ('.' where there is none), as
/// Unicode's canonical decomposition gives it. A table, not the `unicode-normalization` crate:
/// the sources are in Latin and Cyrillic scripts, and the full tables cost ~80 KB of wasm.
const LATIN_BASE: &str = concat!(
    "AAAAAA.CEEEEIIII.NOOOOO..UUUUY..aaaaaa.ceeeeiiii.nooooo..uuuuy.y",
    "AaAaAaCcCcCcCcDd..EeEeEeEeEeGgGgGgGgHh..IiIiIiIiI...JjKk.LlLlLl.",
    "...NnNnNn...OoOoOo..RrRrRrSsSsSsSsTtTt..UuUuUuUuUuUuWwYyYZzZzZz.",
    "................................Oo.............Uu...............",
    ".............AaIiOoUuUuUuUuUu.AaAa....GgKkOoOo..j...Gg..NnAa....",
    "AaAaEeEeIiIiOoOoRrRrUuUuSsTt..Hh......AaEeOoOoOoOoYy............",
    "................",
);

/// Combining diacritical marks (the blocks a decomposed or typed accent comes from).
pub fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// The letter without its diacritic: "š" -> "s", "й" -> "и"; other characters unchanged.
fn strip_diacritic(c: char) -> char {
    let cp = c as u32;
    // Most text is ASCII: no table lookup for it (this runs on every char indexed or searched).
    if cp < 0xC0 {
        return c;
    }
    if cp < 0x250 {
        let base = LATIN_BASE.as_bytes()[(cp - 0xC0) as usize];
        if base != b'.' {
            return base as char;
        }
    }
    match OTHER_BASES.binary_search_by_key(&c, |&(accented, _)| accented) {
        Ok(i) => OTHER_BASES[i].1,
        Err(_) => c,
    }
}

/// The letters of U+00C0..U+04FF that decompose into a base letter outside ASCII plus combining
/// marks (Latin "ǽ" -> "æ", Cyrillic "ї" -> "і", "й" -> "и"), in code point order: `LATIN_BASE`
/// holds those with an ASCII base. Checked against Unicode by `diacritic_table_agrees_with_unicode_decomposition`.
const OTHER_BASES: &[(char, char)] = &[
    ('Ǣ', 'Æ'),
    ('ǣ', 'æ'),
    ('Ǯ', 'Ʒ'),
    ('ǯ', 'ʒ'),
    ('Ǽ', 'Æ'),
    ('ǽ', 'æ'),
    ('Ǿ', 'Ø'),
    ('ǿ', 'ø'),
    ('Ѐ', 'Е'),
    ('Ё', 'Е'),
    ('Ѓ', 'Г'),
    ('Ї', 'І'),
    ('Ќ', 'К'),
    ('Ѝ', 'И'),
    ('Ў', 'У'),
    ('Й', 'И'),
    ('й', 'и'),
    ('ѐ', 'е'),
    ('ё', 'е'),
    ('ѓ', 'г'),
    ('ї', 'і'),
    ('ќ', 'к'),
    ('ѝ', 'и'),
    ('ў', 'у'),
    ('Ѷ', 'Ѵ'),
    ('ѷ', 'ѵ'),
    ('Ӂ', 'Ж'),
    ('ӂ', 'ж'),
    ('Ӑ', 'А'),
    ('ӑ', 'а'),
    ('Ӓ', 'А'),
    ('ӓ', 'а'),
    ('Ӗ', 'Е'),
    ('ӗ', 'е'),
    ('Ӛ', 'Ә'),
    ('ӛ', 'ә'),
    ('Ӝ', 'Ж'),
    ('ӝ', 'ж'),
    ('Ӟ', 'З'),
    ('ӟ', 'з'),
    ('Ӣ', 'И'),
    ('ӣ', 'и'),
    ('Ӥ', 'И'),
    ('ӥ', 'и'),
    ('Ӧ', 'О'),
    ('ӧ', 'о'),
    ('Ӫ', 'Ө'),
    ('ӫ', 'ө'),
    ('Ӭ', 'Э'),
    ('ӭ', 'э'),
    ('Ӯ', 'У'),
    ('ӯ', 'у'),
    ('Ӱ', 'У'),
    ('ӱ', 'у'),
    ('Ӳ', 'У'),
    ('ӳ', 'у'),
    ('Ӵ', 'Ч'),
    ('ӵ', 'ч'),
    ('Ӹ', 'Ы'),
    ('ӹ', 'ы'),
];

/// `char::to_lowercase` as runs: `(first, n, step, delta)` says that `first`, `first + step`, ...
/// (n + 1 chars) lowercase to themselves plus `delta`; every other char but U+0130 is its own
/// lowercase. Generated from std's tables (see the test `lowercase_is_std_s`, which checks every
/// char and prints a new table when std's Unicode version changes); 2 KB where std's table is
/// 12 KB of the browser's wasm.
#[rustfmt::skip]
const LOWER: [(u32, u16, u8, i32); 185] = [
    (0x41, 25, 1, 32), (0xC0, 22, 1, 32), (0xD8, 6, 1, 32), (0x100, 23, 2, 1),
    (0x132, 2, 2, 1), (0x139, 7, 2, 1), (0x14A, 22, 2, 1), (0x178, 0, 1, -121),
    (0x179, 2, 2, 1), (0x181, 0, 1, 210), (0x182, 1, 2, 1), (0x186, 0, 1, 206),
    (0x187, 0, 1, 1), (0x189, 1, 1, 205), (0x18B, 0, 1, 1), (0x18E, 0, 1, 79),
    (0x18F, 0, 1, 202), (0x190, 0, 1, 203), (0x191, 0, 1, 1), (0x193, 0, 1, 205),
    (0x194, 0, 1, 207), (0x196, 0, 1, 211), (0x197, 0, 1, 209), (0x198, 0, 1, 1),
    (0x19C, 0, 1, 211), (0x19D, 0, 1, 213), (0x19F, 0, 1, 214), (0x1A0, 2, 2, 1),
    (0x1A6, 0, 1, 218), (0x1A7, 0, 1, 1), (0x1A9, 0, 1, 218), (0x1AC, 0, 1, 1),
    (0x1AE, 0, 1, 218), (0x1AF, 0, 1, 1), (0x1B1, 1, 1, 217), (0x1B3, 1, 2, 1),
    (0x1B7, 0, 1, 219), (0x1B8, 0, 1, 1), (0x1BC, 0, 1, 1), (0x1C4, 0, 1, 2),
    (0x1C5, 0, 1, 1), (0x1C7, 0, 1, 2), (0x1C8, 0, 1, 1), (0x1CA, 0, 1, 2),
    (0x1CB, 8, 2, 1), (0x1DE, 8, 2, 1), (0x1F1, 0, 1, 2), (0x1F2, 1, 2, 1),
    (0x1F6, 0, 1, -97), (0x1F7, 0, 1, -56), (0x1F8, 19, 2, 1), (0x220, 0, 1, -130),
    (0x222, 8, 2, 1), (0x23A, 0, 1, 10795), (0x23B, 0, 1, 1), (0x23D, 0, 1, -163),
    (0x23E, 0, 1, 10792), (0x241, 0, 1, 1), (0x243, 0, 1, -195), (0x244, 0, 1, 69),
    (0x245, 0, 1, 71), (0x246, 4, 2, 1), (0x370, 1, 2, 1), (0x376, 0, 1, 1),
    (0x37F, 0, 1, 116), (0x386, 0, 1, 38), (0x388, 2, 1, 37), (0x38C, 0, 1, 64),
    (0x38E, 1, 1, 63), (0x391, 16, 1, 32), (0x3A3, 8, 1, 32), (0x3CF, 0, 1, 8),
    (0x3D8, 11, 2, 1), (0x3F4, 0, 1, -60), (0x3F7, 0, 1, 1), (0x3F9, 0, 1, -7),
    (0x3FA, 0, 1, 1), (0x3FD, 2, 1, -130), (0x400, 15, 1, 80), (0x410, 31, 1, 32),
    (0x460, 16, 2, 1), (0x48A, 26, 2, 1), (0x4C0, 0, 1, 15), (0x4C1, 6, 2, 1),
    (0x4D0, 47, 2, 1), (0x531, 37, 1, 48), (0x10A0, 37, 1, 7264), (0x10C7, 0, 1, 7264),
    (0x10CD, 0, 1, 7264), (0x13A0, 79, 1, 38864), (0x13F0, 5, 1, 8), (0x1C89, 0, 1, 1),
    (0x1C90, 42, 1, -3008), (0x1CBD, 2, 1, -3008), (0x1E00, 74, 2, 1), (0x1E9E, 0, 1, -7615),
    (0x1EA0, 47, 2, 1), (0x1F08, 7, 1, -8), (0x1F18, 5, 1, -8), (0x1F28, 7, 1, -8),
    (0x1F38, 7, 1, -8), (0x1F48, 5, 1, -8), (0x1F59, 3, 2, -8), (0x1F68, 7, 1, -8),
    (0x1F88, 7, 1, -8), (0x1F98, 7, 1, -8), (0x1FA8, 7, 1, -8), (0x1FB8, 1, 1, -8),
    (0x1FBA, 1, 1, -74), (0x1FBC, 0, 1, -9), (0x1FC8, 3, 1, -86), (0x1FCC, 0, 1, -9),
    (0x1FD8, 1, 1, -8), (0x1FDA, 1, 1, -100), (0x1FE8, 1, 1, -8), (0x1FEA, 1, 1, -112),
    (0x1FEC, 0, 1, -7), (0x1FF8, 1, 1, -128), (0x1FFA, 1, 1, -126), (0x1FFC, 0, 1, -9),
    (0x2126, 0, 1, -7517), (0x212A, 0, 1, -8383), (0x212B, 0, 1, -8262), (0x2132, 0, 1, 28),
    (0x2160, 15, 1, 16), (0x2183, 0, 1, 1), (0x24B6, 25, 1, 26), (0x2C00, 47, 1, 48),
    (0x2C60, 0, 1, 1), (0x2C62, 0, 1, -10743), (0x2C63, 0, 1, -3814), (0x2C64, 0, 1, -10727),
    (0x2C67, 2, 2, 1), (0x2C6D, 0, 1, -10780), (0x2C6E, 0, 1, -10749), (0x2C6F, 0, 1, -10783),
    (0x2C70, 0, 1, -10782), (0x2C72, 0, 1, 1), (0x2C75, 0, 1, 1), (0x2C7E, 1, 1, -10815),
    (0x2C80, 49, 2, 1), (0x2CEB, 1, 2, 1), (0x2CF2, 0, 1, 1), (0xA640, 22, 2, 1),
    (0xA680, 13, 2, 1), (0xA722, 6, 2, 1), (0xA732, 30, 2, 1), (0xA779, 1, 2, 1),
    (0xA77D, 0, 1, -35332), (0xA77E, 4, 2, 1), (0xA78B, 0, 1, 1), (0xA78D, 0, 1, -42280),
    (0xA790, 1, 2, 1), (0xA796, 9, 2, 1), (0xA7AA, 0, 1, -42308), (0xA7AB, 0, 1, -42319),
    (0xA7AC, 0, 1, -42315), (0xA7AD, 0, 1, -42305), (0xA7AE, 0, 1, -42308), (0xA7B0, 0, 1, -42258),
    (0xA7B1, 0, 1, -42282), (0xA7B2, 0, 1, -42261), (0xA7B3, 0, 1, 928), (0xA7B4, 7, 2, 1),
    (0xA7C4, 0, 1, -48), (0xA7C5, 0, 1, -42307), (0xA7C6, 0, 1, -35384), (0xA7C7, 1, 2, 1),
    (0xA7CB, 0, 1, -42343), (0xA7CC, 7, 2, 1), (0xA7DC, 0, 1, -42561), (0xA7F5, 0, 1, 1),
    (0xFF21, 25, 1, 32), (0x10400, 39, 1, 40), (0x104B0, 35, 1, 40), (0x10570, 10, 1, 39),
    (0x1057C, 14, 1, 39), (0x1058C, 6, 1, 39), (0x10594, 1, 1, 39), (0x10C80, 50, 1, 64),
    (0x10D50, 21, 1, 32), (0x118A0, 31, 1, 32), (0x16E40, 31, 1, 32), (0x16EA0, 24, 1, 27),
    (0x1E900, 33, 1, 34),
];

/// What `c.to_lowercase()` gives, from `LOWER`.
fn lowercase(c: char) -> impl Iterator<Item = char> {
    let cp = c as u32;
    let (single, dot) = if cp == 0x130 {
        ('i', Some('\u{307}')) // "İ" -> "i̇", the one lowercase of two chars
    } else if cp < 0x80 {
        (c.to_ascii_lowercase(), None)
    } else {
        let i = LOWER.partition_point(|r| r.0 <= cp);
        let lower = i
            .checked_sub(1)
            .map(|i| LOWER[i])
            .and_then(|(first, n, step, delta)| {
                let k = cp - first;
                (k % step as u32 == 0 && k / step as u32 <= n as u32)
                    .then(|| char::from_u32(cp.wrapping_add_signed(delta)))
                    .flatten()
            });
        (lower.unwrap_or(c), None)
    };
    std::iter::once(single).chain(dot)
}

/// A capital letter: one that lowercasing changes (`LOWER`; std's `is_uppercase` would add its own
/// Unicode tables to the wasm).
pub fn is_capital(c: char) -> bool {
    lowercase(c).next() != Some(c)
}

/// Lowercases, strips diacritics, and maps a few letters that do not decompose ("ø", "ß", "ł").
/// The diacritic is stripped again after lowercasing: a few capitals lowercase into accented
/// letters they are not in the table as (the Angstrom sign "Å" to "å"), and fold must give its
/// own output back unchanged.
fn fold_char(c: char, out: &mut String) {
    for l in lowercase(c)
        .filter(|l| !is_combining_mark(*l))
        .map(strip_diacritic)
    {
        match l {
            'ß' => out.push_str("ss"),
            'ø' => out.push('o'),
            'ł' => out.push('l'),
            'đ' => out.push('d'),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            _ => out.push(l),
        }
    }
}

/// Case-, diacritic- and punctuation-insensitive form of a name: words joined by single spaces.
/// "Travemünde" and "TRAVEMUNDE" fold alike; so do "Bosnia-Herzegovina" and "bosnia herzegovina".
pub fn fold(s: &str) -> String {
    let chars: Vec<char> = s
        .chars()
        .filter(|c| !is_combining_mark(*c))
        .map(strip_diacritic)
        .collect();
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for (i, &c) in chars.iter().enumerate() {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            fold_char(c, &mut out);
        } else if is_possessive(&chars, i) {
            // "Alliance's" -> "alliances": an English possessive joins; a French elision
            // ("l'OTAN", "d'Allemagne") separates.
        } else {
            pending_space = true;
        }
    }
    out
}

fn is_possessive(chars: &[char], i: usize) -> bool {
    matches!(chars[i], '\'' | '’')
        && i > 0
        && chars[i - 1].is_alphanumeric()
        && matches!(chars.get(i + 1), Some('s' | 'S'))
        && !chars.get(i + 2).is_some_and(|c| c.is_alphanumeric())
}

/// One word of a text: its folded form and where it stands, in UTF-16 code units (what
/// JavaScript string offsets count), so highlights can be used on the JS side as they are.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub word: String,
    /// UTF-16 offsets, for JavaScript.
    pub start: u32,
    pub end: u32,
    /// Byte offsets, for slicing the Rust string.
    pub byte_start: usize,
    pub byte_end: usize,
}

/// Splits text into words (runs of letters and digits; apostrophes inside a word are kept out).
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word_start: Option<(usize, u32)> = None;
    let mut pos = 0u32;
    let mut flush = |from: Option<(usize, u32)>, byte_end: usize, end: u32| {
        if let Some((byte_start, start)) = from {
            let word = fold(&text[byte_start..byte_end]).replace(' ', "");
            if !word.is_empty() {
                out.push(Token {
                    word,
                    start,
                    end,
                    byte_start,
                    byte_end,
                });
            }
        }
    };
    for (byte, c) in text.char_indices() {
        let possessive = || {
            let mut rest = text[byte + c.len_utf8()..].chars();
            matches!(rest.next(), Some('s' | 'S'))
                && !rest.next().is_some_and(char::is_alphanumeric)
        };
        let inside = c.is_alphanumeric()
            || (word_start.is_some()
                && (is_combining_mark(c) || (matches!(c, '\'' | '’') && possessive())));
        if inside {
            word_start.get_or_insert((byte, pos));
        } else {
            flush(word_start.take(), byte, pos);
        }
        pos += c.len_utf16() as u32;
    }
    flush(word_start.take(), text.len(), pos);
    out
}

/// British spellings the sources mix with American ones, as Snowball stems: the British stem, then
/// the American one it is indexed and searched as. The sources write "defence" and "defense",
/// "programme" and "program", "organisation" and "organization", "centre" and "center",
/// "recognises" and "recognize"; the stemmer keeps each pair apart. Mapping stems, not words, covers
/// every inflection with one row, and `stem` is the one function both the search index and the
/// query go through, so either spelling finds both as exact matches and highlights both.
const BRITISH_STEMS: [(&str, &str); 5] = [
    ("defenc", "defens"),    // defence, defences
    ("programm", "program"), // programme, programmes
    ("organis", "organ"), // organisation(s), organise(d): Snowball stems "organization" to "organ"
    ("centr", "center"),  // centre, centres
    ("recognis", "recogn"), // recognise(s), recognised
];

/// English stemming (Snowball), with British spellings stemmed as American ones
/// (`BRITISH_STEMS`). Words outside ASCII (Cyrillic names) are kept as they are.
pub struct WordStemmer(Stemmer);

impl Default for WordStemmer {
    fn default() -> Self {
        WordStemmer(Stemmer::create(Algorithm::English))
    }
}

impl WordStemmer {
    pub fn stem(&self, word: &str) -> String {
        if word.is_ascii() && word.len() > 3 && !word.bytes().all(|b| b.is_ascii_digit()) {
            let stem = self.0.stem(word);
            match BRITISH_STEMS.iter().find(|(british, _)| *british == stem) {
                Some((_, american)) => american.to_string(),
                None => stem.into_owned(),
            }
        } else {
            word.to_string()
        }
    }
}

/// Edit distance (insertions, deletions, substitutions and adjacent transpositions, so
/// "Kyrgzystan" is one edit from "Kyrgyzstan"), giving up with `max + 1` once it must exceed `max`.
/// Runs once per vocabulary word for a misspelt query word, so words up to `STACK` characters use
/// buffers on the stack: allocation was most of its cost (callgrind, bench/).
pub fn edit_distance_within(a: &str, b: &str, max: usize) -> usize {
    const STACK: usize = 48;
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.abs_diff(lb) > max {
        return max + 1;
    }
    if la < STACK && lb < STACK {
        let (mut ac, mut bc) = (['\0'; STACK], ['\0'; STACK]);
        a.chars().enumerate().for_each(|(i, c)| ac[i] = c);
        b.chars().enumerate().for_each(|(i, c)| bc[i] = c);
        let mut rows = [[0usize; STACK + 1]; 3];
        let [r0, r1, r2] = &mut rows;
        distance(&ac[..la], &bc[..lb], max, [r0, r1, r2])
    } else {
        let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut rows = vec![vec![0usize; lb + 1]; 3];
        let [r0, r1, r2] = &mut rows[..] else {
            unreachable!("three rows")
        };
        distance(&ac, &bc, max, [r0, r1, r2])
    }
}

/// The dynamic programme over three rows (two back, for transpositions), each at least `b.len() + 1`.
/// Only the band |i - j| <= max is computed: a cell outside it is more than `max` edits away, so
/// it is written as `max + 1` where a cell of the band reads it (the band's two edges). A typo
/// scan compares the query word with the whole vocabulary, and the band (at most 5 cells a row)
/// was most of its cost (callgrind: distance and its iterator were 68 % of a search's instructions).
fn distance(a: &[char], b: &[char], max: usize, rows: [&mut [usize]; 3]) -> usize {
    let far = max + 1;
    let [mut before, mut prev, mut cur] = rows;
    for (j, v) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *v = if j <= max { j } else { far };
    }
    for i in 1..=a.len() {
        let lo = i.saturating_sub(max).max(1);
        let hi = (i + max).min(b.len());
        cur[lo - 1] = if lo == 1 { i.min(far) } else { far };
        let mut row_min = cur[lo - 1];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(before[j - 2] + 1);
            }
            row_min = row_min.min(cur[j]);
        }
        if hi < b.len() {
            cur[hi + 1] = far;
        }
        if row_min > max {
            return far;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(far)
}

/// How many typos a word of this length may carry and still match.
pub fn typo_budget(len_chars: usize) -> usize {
    match len_chars {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Collapses runs of white space into one space and trims: the form quotes are compared in.
pub fn squash_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Sorts by `less`, in place: a heapsort, a few hundred bytes of wasm per use where core's sorts
/// are 2-4 KB each (they were 13 % of the browser's code). Not stable, which is the same for every
/// sort here: their keys are total orders (the last field is an index or an id). n log n; the
/// largest sort is the search vocabulary's (a few thousand words, once).
pub fn sort_by<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    fn sift<T>(v: &mut [T], mut root: usize, end: usize, less: &mut impl FnMut(&T, &T) -> bool) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && less(&v[child], &v[child + 1]) {
                child += 1;
            }
            if !less(&v[root], &v[child]) {
                return;
            }
            v.swap(root, child);
            root = child;
        }
    }
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift(v, root, n, &mut less);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(v, 0, end, &mut less);
    }
}

/// `sort_by` in the type's own order.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, |a, b| a < b);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_sorts() {
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        for n in [0usize, 1, 2, 3, 10, 100, 1000] {
            let mut v: Vec<u32> = (0..n)
                .map(|_| {
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    (rng % 50) as u32
                })
                .collect();
            let mut expected = v.clone();
            #[allow(clippy::disallowed_methods)] // the reference this sort is checked against
            expected.sort();
            sort(&mut v);
            assert_eq!(v, expected);
        }
    }

    #[test]
    fn lowercase_is_std_s() {
        let differs: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| !lowercase(c).eq(c.to_lowercase()))
            .collect();
        if !differs.is_empty() {
            // std's Unicode tables changed: print the new LOWER to paste into text.rs.
            let mut runs: Vec<(u32, u32, u32, i64)> = Vec::new();
            for c in (0..=0x10FFFF).filter_map(char::from_u32) {
                let l: Vec<char> = c.to_lowercase().collect();
                if l.len() != 1 || l[0] == c {
                    continue;
                }
                let (cp, d) = (c as u32, l[0] as i64 - c as i64);
                match runs.last_mut() {
                    Some(r)
                        if r.3 == d
                            && ((r.0 == r.1 && (cp - r.1 == 1 || cp - r.1 == 2))
                                || (r.0 != r.1 && cp - r.1 == r.2)) =>
                    {
                        *r = (r.0, cp, cp - r.1, d)
                    }
                    _ => runs.push((cp, cp, 1, d)),
                }
            }
            let rows: Vec<String> = runs
                .iter()
                .map(|(f, l, s, d)| format!("(0x{f:X}, {}, {s}, {d}),", (l - f) / s))
                .collect();
            panic!(
                "{} chars lowercase unlike std ({:?}...); LOWER should be ({} runs):\n{}",
                differs.len(),
                &differs[..differs.len().min(5)],
                runs.len(),
                rows.join(" ")
            );
        }
    }

    /// `strip_diacritic` agrees with Unicode's canonical decomposition (NFD) over Latin-1 to
    /// Latin Extended-B and Cyrillic: a letter that decomposes into a base letter plus combining
    /// marks strips to that base; every other character is left as it is.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn diacritic_table_agrees_with_unicode_decomposition() {
        use unicode_normalization::UnicodeNormalization;
        let mut wrong = Vec::new();
        let ranges = [0xC0..0x250u32, 0x400..0x500];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let nfd: Vec<char> = c.nfd().collect();
            let decomposed = nfd.len() > 1 && nfd[1..].iter().all(|&m| is_combining_mark(m));
            let expected = if decomposed { nfd[0] } else { c };
            if strip_diacritic(c) != expected {
                wrong.push(format!(
                    "{c} U+{:04X}: strips to {:?}, Unicode says {expected:?}",
                    c as u32,
                    strip_diacritic(c)
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn folding_ignores_case_diacritics_and_punctuation() {
        assert_eq!(fold("Travemünde"), "travemunde");
        assert_eq!(
            fold("  Bosnia-and   Herzegovina! "),
            "bosnia and herzegovina"
        );
        assert_eq!(fold("Nebojša Radmanović"), "nebojsa radmanovic");
        assert_eq!(fold("НАТО"), "нато");
        assert_eq!(fold("Российская"), fold("Россииская"));
        assert_eq!(fold("Dz\u{30c}"), "dz"); // a typed combining caron
        assert_eq!(fold("Kňažko Ǎ"), "knazko a");
        assert_eq!(fold("Київ Ўладзімір"), fold("Киів Уладзімір")); // Ukrainian ї, Belarusian ў
        assert_eq!(fold("Alliance's"), "alliances");
        assert_eq!(
            fold("la République fédérale d'Allemagne"),
            "la republique federale d allemagne"
        );
    }

    #[test]
    fn token_offsets_are_utf16() {
        let t = tokens("Kňažko 𝔸 met NATO");
        assert_eq!(t[0].word, "knazko");
        assert_eq!((t[0].start, t[0].end), (0, 6));
        // The mathematical A is one char but two UTF-16 units.
        assert_eq!(t.last().unwrap().word, "nato");
        assert_eq!(t.last().unwrap().start, 14);
    }

    /// The banded programme gives what the whole table gives (capped at max + 1), for every pair
    /// of words up to 5 letters over a 3-letter alphabet (transpositions, runs, empty words).
    #[test]
    fn banded_distance_matches_the_whole_table() {
        fn whole(a: &[char], b: &[char]) -> usize {
            let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
            for (i, row) in d.iter_mut().enumerate() {
                row[0] = i;
            }
            for (j, cell) in d[0].iter_mut().enumerate() {
                *cell = j;
            }
            for i in 1..=a.len() {
                for j in 1..=b.len() {
                    let cost = usize::from(a[i - 1] != b[j - 1]);
                    d[i][j] = (d[i - 1][j] + 1)
                        .min(d[i][j - 1] + 1)
                        .min(d[i - 1][j - 1] + cost);
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                        d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                    }
                }
            }
            d[a.len()][b.len()]
        }
        let mut words = vec![String::new()];
        for len in 1..=5 {
            let shorter: Vec<String> = words
                .iter()
                .filter(|w| w.len() == len - 1)
                .cloned()
                .collect();
            words.extend(
                shorter
                    .iter()
                    .flat_map(|w| ['a', 'b', 'c'].map(|c| format!("{w}{c}"))),
            );
        }
        for a in &words {
            let ac: Vec<char> = a.chars().collect();
            for b in &words {
                let expected = whole(&ac, &b.chars().collect::<Vec<_>>());
                for max in 0..=2 {
                    assert_eq!(
                        edit_distance_within(a, b, max),
                        expected.min(max + 1),
                        "{a:?} {b:?} within {max}"
                    );
                }
            }
        }
    }

    /// Each British form stems as its American one, and nothing else does: a row of
    /// `BRITISH_STEMS` that no longer matches what Snowball gives fails here.
    #[test]
    fn british_and_american_spellings_stem_alike() {
        let s = WordStemmer::default();
        let pairs = [
            ("defence", "defense"),
            ("defences", "defenses"),
            ("programme", "program"),
            ("programmes", "programs"),
            ("organisation", "organization"),
            ("organisations", "organizations"),
            ("organised", "organized"),
            ("centre", "center"),
            ("centres", "centers"),
            ("recognise", "recognize"),
            ("recognises", "recognizes"),
            ("recognised", "recognized"),
        ];
        for (british, american) in pairs {
            assert_eq!(s.stem(british), s.stem(american), "{british} / {american}");
        }
        for (a, b) in [
            ("defence", "fence"),
            ("programme", "progress"),
            ("centre", "central"),
            ("recognise", "record"),
        ] {
            assert_ne!(s.stem(a), s.stem(b), "{a} / {b}");
        }
    }

    #[test]
    fn edit_distance_is_bounded() {
        assert_eq!(edit_distance_within("kyrgyzstan", "kyrgystan", 2), 1);
        assert_eq!(edit_distance_within("malta", "malta", 1), 0);
        assert_eq!(edit_distance_within("malta", "yalta", 1), 1);
        assert_eq!(edit_distance_within("abc", "xyzabc", 1), 2);
        let long = "a".repeat(60);
        assert_eq!(
            edit_distance_within(&long, &format!("{long}b"), 2),
            1,
            "long words take the heap path"
        );
    }
}
