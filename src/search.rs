//! Full-text search over passages: BM25 with English stemming, prefix match of the last word,
//! typo tolerance, a boost for query words standing together, and snippets with highlights.
//!
//! The index is built on the first search, not shipped in the bundle: building it takes a few
//! milliseconds for this corpus (`cargo bench --bench core`), and shipping it would grow every
//! download for no visible gain. See HACKING.md.

use crate::hash::HashMap;
use crate::model::Passage;
use crate::text::{edit_distance_within, tokens, typo_budget, Token, WordStemmer};

const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Weights of a query word's expansions, against an exact (stemmed) match at 1.0.
const PREFIX_WEIGHT: f32 = 0.8;
const TYPO_WEIGHT: [f32; 3] = [1.0, 0.6, 0.4];
/// At most this many vocabulary words stand in for one prefix or misspelt word.
const MAX_EXPANSIONS: usize = 40;
/// Snippet length, in words around the best-matching place.
const SNIPPET_WORDS: usize = 28;

const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "did", "do", "does", "for", "from", "in",
    "is", "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "were",
    "what", "when", "where", "which", "who", "with",
];

struct IndexedPassage {
    /// The term id of each word, in order (for proximity).
    terms: Vec<u32>,
    tokens: Vec<Token>,
}

pub struct SearchIndex {
    stemmer: WordStemmer,
    term_ids: HashMap<String, u32>,
    /// term -> (passage, term frequency)
    postings: Vec<Vec<(u32, u32)>>,
    /// Every folded surface word and its term, sorted, for prefix and typo expansion.
    vocabulary: Vec<(String, u32)>,
    /// Each vocabulary word's length in chars: the typo scan skips, without reading them, the
    /// words too long or too short to be within its budget (most of them).
    vocabulary_chars: Vec<usize>,
    passages: Vec<IndexedPassage>,
    average_length: f32,
}

pub struct RawHit {
    pub passage: usize,
    pub score: f32,
    /// For each word of the passage, the query word it matched (for snippets).
    pub positions: Vec<Option<usize>>,
}

impl SearchIndex {
    pub fn new(passages: &[Passage]) -> Self {
        let stemmer = WordStemmer::default();
        let mut term_ids: HashMap<String, u32> = HashMap::default();
        let mut postings: Vec<Vec<(u32, u32)>> = Vec::new();
        let mut surface: HashMap<String, u32> = HashMap::default();
        let mut indexed = Vec::with_capacity(passages.len());
        let mut total_len = 0usize;
        for (p, passage) in passages.iter().enumerate() {
            let toks = tokens(&passage.text);
            let mut terms = Vec::with_capacity(toks.len());
            for t in &toks {
                let stem = stemmer.stem(&t.word);
                let next = term_ids.len() as u32;
                let id = *term_ids.entry(stem).or_insert(next);
                if id as usize == postings.len() {
                    postings.push(Vec::new());
                }
                surface.entry(t.word.clone()).or_insert(id);
                let list = &mut postings[id as usize];
                match list.last_mut() {
                    Some((last, tf)) if *last == p as u32 => *tf += 1,
                    _ => list.push((p as u32, 1)),
                }
                terms.push(id);
            }
            total_len += terms.len();
            indexed.push(IndexedPassage {
                terms,
                tokens: toks,
            });
        }
        let mut vocabulary: Vec<(String, u32)> = surface.into_iter().collect();
        crate::text::sort(&mut vocabulary);
        let vocabulary_chars = vocabulary.iter().map(|(w, _)| w.chars().count()).collect();
        let average_length = total_len as f32 / passages.len().max(1) as f32;
        SearchIndex {
            stemmer,
            term_ids,
            postings,
            vocabulary,
            vocabulary_chars,
            passages: indexed,
            average_length,
        }
    }

    /// The terms one query word stands for, each with a weight.
    fn expand(&self, word: &str, is_prefix: bool) -> Vec<(u32, f32)> {
        let mut out: Vec<(u32, f32)> = Vec::new();
        let mut add = |id: u32, w: f32| match out.iter_mut().find(|(t, _)| *t == id) {
            Some(entry) => entry.1 = entry.1.max(w),
            None => out.push((id, w)),
        };
        // A word being typed that already completes to known words is not a misspelling: skip
        // the typo scan over the whole vocabulary (most of the cost of prefix queries).
        let mut prefixed = false;
        let exact = self.term_ids.get(&self.stemmer.stem(word)).copied();
        if let Some(id) = exact {
            add(id, 1.0);
        }
        if is_prefix && word.chars().count() >= 2 {
            let start = self.vocabulary.partition_point(|(w, _)| w.as_str() < word);
            for (w, id) in self.vocabulary[start..]
                .iter()
                .take_while(|(w, _)| w.starts_with(word))
                .take(MAX_EXPANSIONS)
            {
                add(*id, if w == word { 1.0 } else { PREFIX_WEIGHT });
                prefixed = true;
            }
        }
        if exact.is_none() && !prefixed {
            let chars = word.chars().count();
            let budget = typo_budget(chars);
            if budget > 0 {
                let mut near: Vec<(usize, u32)> = self
                    .vocabulary
                    .iter()
                    .zip(&self.vocabulary_chars)
                    .filter(|(_, &n)| n.abs_diff(chars) <= budget)
                    .map(|((w, id), _)| (edit_distance_within(word, w, budget), *id))
                    .filter(|(d, _)| *d <= budget)
                    .collect();
                crate::text::sort(&mut near);
                for (d, id) in near.into_iter().take(MAX_EXPANSIONS) {
                    add(id, TYPO_WEIGHT[d]);
                }
            }
        }
        out
    }

    fn bm25(&self, term: u32, tf: u32, len: usize) -> f32 {
        let n = self.passages.len() as f32;
        let df = self.postings[term as usize].len() as f32;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        let tf = tf as f32;
        idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len as f32 / self.average_length))
    }

    /// Every passage matching the query and accepted by `keep`, best first.
    pub fn search(&self, query: &str, keep: impl Fn(usize) -> bool) -> Vec<RawHit> {
        let mut words: Vec<String> = tokens(query).into_iter().map(|t| t.word).collect();
        if words.iter().any(|w| !STOP_WORDS.contains(&w.as_str())) {
            words.retain(|w| !STOP_WORDS.contains(&w.as_str()));
        }
        if words.is_empty() {
            return Vec::new();
        }
        // The last word is still being typed unless the query ends in a space or punctuation.
        let last_is_prefix = query.chars().last().is_some_and(char::is_alphanumeric);
        let expansions: Vec<Vec<(u32, f32)>> = words
            .iter()
            .enumerate()
            .map(|(i, w)| self.expand(w, last_is_prefix && i + 1 == words.len()))
            .collect();

        // Per passage, the best score of each query word.
        let mut per_passage: HashMap<u32, Vec<f32>> = HashMap::default();
        for (q, terms) in expansions.iter().enumerate() {
            for &(term, weight) in terms {
                for &(p, tf) in &self.postings[term as usize] {
                    if !keep(p as usize) {
                        continue;
                    }
                    let len = self.passages[p as usize].terms.len();
                    let s = weight * self.bm25(term, tf, len);
                    let scores = per_passage
                        .entry(p)
                        .or_insert_with(|| vec![0.0; words.len()]);
                    scores[q] = scores[q].max(s);
                }
            }
        }
        let n = words.len() as f32;
        let mut hits: Vec<RawHit> = per_passage
            .into_iter()
            .map(|(p, scores)| {
                let matched = scores.iter().filter(|s| **s > 0.0).count() as f32;
                let coverage = (matched / n).powi(2);
                let positions = self.positions(p as usize, &expansions);
                let score = scores.iter().sum::<f32>() * coverage * proximity_boost(&positions);
                RawHit {
                    passage: p as usize,
                    score,
                    positions,
                }
            })
            .collect();
        crate::text::sort_by(&mut hits, |a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.passage.cmp(&b.passage))
                .is_lt()
        });
        hits
    }

    /// For each word position in the passage, which query word (if any) it matches.
    fn positions(&self, p: usize, expansions: &[Vec<(u32, f32)>]) -> Vec<Option<usize>> {
        self.passages[p]
            .terms
            .iter()
            .map(|t| {
                expansions
                    .iter()
                    .position(|e| e.iter().any(|(id, _)| id == t))
            })
            .collect()
    }

    /// A window of the passage around its best cluster of matches, with the matched words'
    /// UTF-16 ranges relative to the snippet.
    pub fn snippet(
        &self,
        text: &str,
        p: usize,
        positions: &[Option<usize>],
    ) -> (String, Vec<[u32; 2]>) {
        let toks = &self.passages[p].tokens;
        if toks.is_empty() {
            return (text.to_string(), Vec::new());
        }
        // The window that covers the most distinct query words, started a few words early.
        let mut best = (0usize, 0usize);
        // One sliding window, counting each query word inside it.
        let nq = positions.iter().flatten().max().map_or(0, |m| m + 1);
        let mut counts = vec![0u32; nq];
        let mut distinct = 0usize;
        let mut end = 0usize;
        for start in 0..toks.len() {
            let want = (start + SNIPPET_WORDS).min(toks.len());
            while end < want {
                if let Some(q) = positions[end] {
                    distinct += usize::from(counts[q] == 0);
                    counts[q] += 1;
                }
                end += 1;
            }
            if distinct > best.1 {
                best = (start, distinct);
            }
            if let Some(q) = positions[start] {
                counts[q] -= 1;
                distinct -= usize::from(counts[q] == 0);
            }
        }
        let first_match = (best.0..toks.len())
            .find(|&i| positions[i].is_some())
            .unwrap_or(best.0);
        let start = first_match.saturating_sub(4);
        let end = (start + SNIPPET_WORDS).min(toks.len());
        let byte_from = if start == 0 {
            0
        } else {
            toks[start].byte_start
        };
        let byte_to = if end == toks.len() {
            text.len()
        } else {
            toks[end - 1].byte_end
        };
        let utf16_from = if start == 0 { 0 } else { toks[start].start };
        let mut snippet = String::new();
        let mut shift = 0u32;
        if byte_from > 0 {
            snippet.push('…');
            shift = 1; // "…" is one UTF-16 unit
        }
        snippet.push_str(&text[byte_from..byte_to]);
        if byte_to < text.len() {
            snippet.push('…');
        }
        let highlights = (start..end)
            .filter(|&i| positions[i].is_some())
            .map(|i| {
                [
                    toks[i].start - utf16_from + shift,
                    toks[i].end - utf16_from + shift,
                ]
            })
            .collect();
        (snippet, highlights)
    }
}

/// Query words that stand together in the passage, in query order, score higher.
fn proximity_boost(positions: &[Option<usize>]) -> f32 {
    let matched: Vec<(usize, usize)> = positions
        .iter()
        .enumerate()
        .filter_map(|(i, q)| q.map(|q| (i, q)))
        .collect();
    let adjacent = matched
        .windows(2)
        .filter(|w| w[1].0 == w[0].0 + 1 && w[1].1 == w[0].1 + 1)
        .count();
    let near = matched
        .windows(2)
        .filter(|w| w[1].0 <= w[0].0 + 3 && w[1].1 != w[0].1)
        .count();
    1.0 + 0.5 * adjacent.min(4) as f32 + 0.1 * near.min(5) as f32
}
