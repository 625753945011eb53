//! Shared by tests/corpus.rs and benches/core.rs (each includes it with `#[path]`): which passages
//! spell a word one way or another, the recall that searches for either spelling are held to.

use pfp_almanac::model::Corpus;

/// The ids of the passages with a word (a token, as search splits the text) among `forms`.
pub fn passages_spelling(corpus: &Corpus, forms: &[&str]) -> Vec<String> {
    corpus
        .passages
        .iter()
        .filter(|p| {
            pfp_almanac::text::tokens(&p.text)
                .iter()
                .any(|t| forms.contains(&t.word.as_str()))
        })
        .map(|p| p.id.clone())
        .collect()
}
