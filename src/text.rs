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
    if (0xC0..0x250).contains(&cp) {
        let base = LATIN_BASE.as_bytes()[(cp - 0xC0) as usize];
        if base != b'.' {
            return base as char;
        }
    }
    match c {
        'й' => 'и',
        'Й' => 'И',
        'ё' => 'е',
        'Ё' => 'Е',
        _ => c,
    }
}

/// Lowercases, strips diacritics, and maps a few letters that do not decompose ("ø", "ß", "ł").
/// The diacritic is stripped again after lowercasing: a few capitals lowercase into accented
/// letters they are not in the table as (the Angstrom sign "Å" to "å"), and fold must give its
/// own output back unchanged.
fn fold_char(c: char, out: &mut String) {
    for l in c.to_lowercase().filter(|l| !is_combining_mark(*l)).map(strip_diacritic) {
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
    let chars: Vec<char> = s.chars().filter(|c| !is_combining_mark(*c)).map(strip_diacritic).collect();
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
                out.push(Token { word, start, end, byte_start, byte_end });
            }
        }
    };
    for (byte, c) in text.char_indices() {
        let possessive = || {
            let mut rest = text[byte + c.len_utf8()..].chars();
            matches!(rest.next(), Some('s' | 'S')) && !rest.next().is_some_and(char::is_alphanumeric)
        };
        let inside = c.is_alphanumeric()
            || (word_start.is_some() && (is_combining_mark(c) || (matches!(c, '\'' | '’') && possessive())));
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

/// English stemming (Snowball). Words outside ASCII (Cyrillic names) are kept as they are.
pub struct WordStemmer(Stemmer);

impl Default for WordStemmer {
    fn default() -> Self {
        WordStemmer(Stemmer::create(Algorithm::English))
    }
}

impl WordStemmer {
    pub fn stem(&self, word: &str) -> String {
        if word.is_ascii() && word.len() > 3 && !word.bytes().all(|b| b.is_ascii_digit()) {
            self.0.stem(word).into_owned()
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
        let [r0, r1, r2] = &mut rows[..] else { unreachable!("three rows") };
        distance(&ac, &bc, max, [r0, r1, r2])
    }
}

/// The dynamic programme over three rows (two back, for transpositions), each at least `b.len() + 1`.
fn distance(a: &[char], b: &[char], max: usize, rows: [&mut [usize]; 3]) -> usize {
    let [mut before, mut prev, mut cur] = rows;
    for (j, v) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *v = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(before[j - 2] + 1);
            }
            row_min = row_min.min(cur[j]);
        }
        if row_min > max {
            return max + 1;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(max + 1)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_diacritics_and_punctuation() {
        assert_eq!(fold("Travemünde"), "travemunde");
        assert_eq!(fold("  Bosnia-and   Herzegovina! "), "bosnia and herzegovina");
        assert_eq!(fold("Nebojša Radmanović"), "nebojsa radmanovic");
        assert_eq!(fold("НАТО"), "нато");
        assert_eq!(fold("Российская"), fold("Россииская"));
        assert_eq!(fold("Dz\u{30c}"), "dz"); // a typed combining caron
        assert_eq!(fold("Kňažko Ǎ"), "knazko a");
        assert_eq!(fold("Alliance's"), "alliances");
        assert_eq!(fold("la République fédérale d'Allemagne"), "la republique federale d allemagne");
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

    #[test]
    fn edit_distance_is_bounded() {
        assert_eq!(edit_distance_within("kyrgyzstan", "kyrgystan", 2), 1);
        assert_eq!(edit_distance_within("malta", "malta", 1), 0);
        assert_eq!(edit_distance_within("malta", "yalta", 1), 1);
        assert_eq!(edit_distance_within("abc", "xyzabc", 1), 2);
        let long = "a".repeat(60);
        assert_eq!(edit_distance_within(&long, &format!("{long}b"), 2), 1, "long words take the heap path");
    }
}
