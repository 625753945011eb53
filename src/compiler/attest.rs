//! Attestation: each citation is checked against the passages of its document (the quote must
//! be in one, in the form `match_form` compares), and each name against the source texts.

use super::source::{CiteDef, Cited, Cites};
use super::{Problems, SourceFile};
use crate::model::{Citation, Passage};
use crate::text::{fold, squash_whitespace};
use std::collections::{BTreeMap, HashMap};
use toml::Spanned;

/// The form quotes and passages are compared in: whitespace collapsed, Markdown bold and
/// footnote markers ("[18]", "[a]", "[citation needed]") removed.
pub fn match_form(s: &str) -> String {
    let s = s.replace("**", "");
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(']') {
            Some(close) if is_footnote_marker(&after[..close]) => rest = &after[close + 1..],
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    squash_whitespace(&out)
}

fn is_footnote_marker(inner: &str) -> bool {
    (!inner.is_empty() && inner.len() <= 3 && inner.chars().all(|c| c.is_ascii_digit()))
        || (inner.len() == 1 && inner.chars().all(|c| c.is_ascii_lowercase()))
        || inner == "citation needed"
        || inner == "by whom?"
}

/// Everything citations are resolved against: the passages of every document, and the source
/// texts whole, which the names of entities must occur in.
pub(super) struct Library {
    pub(super) passages: Vec<Passage>,
    /// Passage match forms, parallel to `passages`.
    forms: Vec<String>,
    by_document: HashMap<String, Vec<usize>>,
    /// Every source text, folded (`text::fold`), one after another.
    texts: String,
}

impl Library {
    /// `texts`: each source text read, by file name.
    pub(super) fn new(passages: Vec<Passage>, texts: &BTreeMap<String, String>) -> Self {
        let mut by_document: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in passages.iter().enumerate() {
            by_document.entry(p.document.clone()).or_default().push(i);
        }
        let forms = passages.iter().map(|p| match_form(&p.text)).collect();
        Library {
            passages,
            forms,
            by_document,
            texts: fold(&texts.values().cloned().collect::<Vec<_>>().join("\n")),
        }
    }

    /// The citations of a list that resolve; each that does not is a problem at its line.
    pub(super) fn cite(
        &self,
        file: &SourceFile,
        list: &Cites,
        problems: &mut Problems,
    ) -> Vec<Citation> {
        list.iter()
            .filter_map(|c| match self.resolve(c.get_ref()) {
                Ok(c) => Some(c),
                Err(e) => {
                    problems.at(file, c.span().start, e);
                    None
                }
            })
            .collect()
    }

    /// `cite` for a list that must name at least one source: an empty one is a problem at
    /// `offset`, with the message `missing` gives.
    pub(super) fn cite_required(
        &self,
        file: &SourceFile,
        offset: usize,
        list: &Cites,
        problems: &mut Problems,
        missing: impl FnOnce() -> String,
    ) -> Vec<Citation> {
        if list.is_empty() {
            problems.at(file, offset, missing());
        }
        self.cite(file, list, problems)
    }

    /// `cite_required` for an item of a list (a fact, a relation, a reading): a problem at the
    /// item when it cites nothing, with the message `missing` gives for it.
    pub(super) fn cite_item<T: Cited>(
        &self,
        file: &SourceFile,
        item: &Spanned<T>,
        problems: &mut Problems,
        missing: impl FnOnce(&T) -> String,
    ) -> Vec<Citation> {
        let def = item.get_ref();
        self.cite_required(file, item.span().start, def.cites(), problems, || {
            missing(def)
        })
    }

    /// Whether a name occurs in some source text (compared folded).
    pub(super) fn names(&self, name: &str) -> bool {
        self.texts.contains(&fold(name))
    }

    /// Finds the passage holding the quote, or explains what is nearest.
    fn resolve(&self, cite: &CiteDef) -> Result<Citation, String> {
        let Some(indices) = self.by_document.get(&cite.doc) else {
            let known: Vec<&String> = self.by_document.keys().collect();
            return Err(format!(
                "unknown document {:?}: use one of {known:?}",
                cite.doc
            ));
        };
        let quote = match_form(&cite.quote);
        if quote.is_empty() {
            return Err("empty quote: copy the words from the source".into());
        }
        let found: Vec<usize> = indices
            .iter()
            .copied()
            .filter(|&i| self.forms[i].contains(&quote))
            .collect();
        let chosen = match &cite.passage {
            Some(p) => match found.iter().find(|&&i| &self.passages[i].id == p) {
                Some(&i) => i,
                None if self.passages.iter().any(|x| &x.id == p) => {
                    return Err(format!(
                        "the quote is not in passage {p:?}{}",
                        self.hint(indices, &quote)
                    ))
                }
                None => {
                    let ids = |list: &[usize]| {
                        list.iter()
                            .map(|&i| self.passages[i].id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    return Err(match found.as_slice() {
                        [] => format!(
                            "unknown passage {p:?}: use a passage id of {} ({} to {}; `almanac-build <folder> --check --passages` lists them), or leave `passage` out",
                            cite.doc, self.passages[indices[0]].id, self.passages[indices[indices.len() - 1]].id),
                        _ => format!("unknown passage {p:?}: the quote is in {}: use that id, or leave `passage` out", ids(&found)),
                    });
                }
            },
            None => match found.first() {
                Some(&i) => i,
                None => {
                    return Err(format!(
                        "quote not found in {}: {:?}{}",
                        cite.doc,
                        cite.quote,
                        self.hint(indices, &quote)
                    ))
                }
            },
        };
        Ok(Citation {
            document: cite.doc.clone(),
            passage: self.passages[chosen].id.clone(),
            quote: squash_whitespace(&cite.quote),
        })
    }

    /// Where the longest leading part of a quote is found, and how the source goes on there.
    fn hint(&self, indices: &[usize], quote: &str) -> String {
        let words: Vec<&str> = quote.split(' ').collect();
        for n in (1..words.len()).rev() {
            let head = words[..n].join(" ");
            if let Some(&i) = indices.iter().find(|&&i| self.forms[i].contains(&head)) {
                let form = &self.forms[i];
                let at = form.find(&head).expect("found") + head.len();
                let next: String = form[at..].chars().take(40).collect();
                return format!(
                    "; the first {n} words match {} ({}), where the source goes on {:?}: correct the quote to the source's words",
                    self.passages[i].id, self.passages[i].label, next
                );
            }
        }
        "; no part of it matches: check the document id and copy the words from the source".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_form_drops_footnotes_but_keeps_brackets_with_words() {
        assert_eq!(match_form("PfP;[18] it  left\n on"), "PfP; it left on");
        assert_eq!(match_form("April 26, 1995[18][a] EU"), "April 26, 1995 EU");
        assert_eq!(match_form("progress.[citation needed] In"), "progress. In");
        assert_eq!(match_form("[...] Mr. Sant"), "[...] Mr. Sant");
        assert_eq!(match_form("**Invitation**"), "Invitation");
    }
}
