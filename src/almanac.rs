//! The query API over a loaded corpus: lookup, entity, timeline, search, suggest, documents,
//! passage. Every method either answers or returns a `QueryError` that says what was wrong;
//! none panics on any input, so one instance keeps answering after an error.

use crate::bundle::{self, BundleError};
use crate::date::{DateError, DateSpan, DayKey, PartialDate};
use crate::hash::HashMap;
use crate::lookup::NameIndex;
use crate::model::*;
use crate::search::SearchIndex;
use crate::text;
use serde::{Deserialize, Serialize};
use std::fmt;

#[cfg(target_arch = "wasm32")]
use tsify::Tsify;

/// Longest query text accepted (characters). Longer input is a mistake, not a question.
pub const MAX_QUERY_CHARS: usize = 1_000;
pub const MAX_LIMIT: u64 = 1_000;
pub const DEFAULT_SEARCH_LIMIT: u64 = 10;
pub const DEFAULT_SUGGEST_LIMIT: u64 = 8;
/// The shortest name (folded) that `mentions` marks in running text: shorter ones ("PfP", "UN",
/// "US", "MAP") are ordinary words too often, in some case or some language.
pub const MENTION_MIN_CHARS: usize = 4;

#[derive(Debug, Clone, PartialEq)]
pub enum QueryError {
    InvalidDate {
        field: &'static str,
        error: DateError,
    },
    ReversedRange {
        from: String,
        to: String,
    },
    UnknownKind {
        kind: String,
    },
    UnknownEntity {
        entity: String,
    },
    UnknownDocument {
        document: String,
    },
    InvalidLimit {
        field: &'static str,
        value: u64,
    },
    TooLong {
        field: &'static str,
        chars: usize,
    },
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::InvalidDate { field, error } => write!(f, "`{field}`: {error}"),
            QueryError::ReversedRange { from, to } => {
                write!(
                    f,
                    "the range is reversed: `from` ({from}) is after `to` ({to})"
                )
            }
            QueryError::UnknownKind { kind } => {
                write!(
                    f,
                    "unknown event kind {kind:?}; known kinds: {}",
                    EVENT_KINDS.join(", ")
                )
            }
            QueryError::UnknownEntity { entity } => {
                write!(f, "unknown entity {entity:?}: give an entity id such as \"country/malta\" or a name the almanac knows")
            }
            QueryError::UnknownDocument { document } => write!(f, "unknown document {document:?}"),
            QueryError::InvalidLimit { field, value } => {
                write!(
                    f,
                    "`{field}` must be between 1 and {MAX_LIMIT}, got {value}"
                )
            }
            QueryError::TooLong { field, chars } => {
                write!(
                    f,
                    "`{field}` is {chars} characters long; at most {MAX_QUERY_CHARS} are accepted"
                )
            }
        }
    }
}

impl std::error::Error for QueryError {}

// The query and option types below are the JavaScript API's too: the binding (src/wasm.rs) reads
// its arguments into them through their `Deserialize` (the field names are the option names, an
// option not declared here is refused), and the package's TypeScript declares them from here
// (tsify). A field doc comment is the option's documentation in the .d.ts.

/// `timeline(query)`: which events. Every field is optional; none means the whole timeline.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct TimelineQuery {
    /// Inclusive lower bound, an ISO date of any precision: `1994`, `1994-01` or `1994-01-10`.
    #[serde(default)]
    pub from: Option<String>,
    /// Inclusive upper bound, same forms.
    #[serde(default)]
    pub to: Option<String>,
    /// An entity id (`country/malta`) or a name the almanac can look up (`Malta`).
    #[serde(default)]
    pub entity: Option<String>,
    /// Event kinds (`signature`, `summit`, ...); an empty list gives no events.
    #[serde(default)]
    pub kinds: Option<Vec<String>>,
}

/// `search(query, options)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct SearchOptions {
    /// Hits to return, 1 to 1000 (default 10); out of range is a `RangeError`.
    #[serde(default)]
    pub limit: Option<u64>,
    /// Hits to skip first (default 0); past the end gives no hits and the same `total`.
    #[serde(default)]
    pub offset: Option<u64>,
    /// Only passages of this document id.
    #[serde(default)]
    pub document: Option<String>,
    /// Only passages of documents dated within [from, to] (overlap); same forms as the timeline's.
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

/// `suggest(prefix, options)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct SuggestOptions {
    /// Entities to return, 1 to 1000 (default 8).
    #[serde(default)]
    pub limit: Option<u64>,
}

/// The arguments and options that are query texts (the fields of [`QueryError::TooLong`]): at
/// most [`MAX_QUERY_CHARS`] characters. A reader that can measure a string before copying it (the
/// JavaScript binding's) refuses one far longer there, so a megabyte costs no megabyte of work.
pub const QUERY_TEXTS: &[&str] = &["text", "query", "prefix", "entity"];

/// `stats()`: counts of what the loaded corpus holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct AlmanacStats {
    /// The corpus's name.
    pub name: String,
    pub documents: usize,
    pub passages: usize,
    pub entities: usize,
    pub events: usize,
    pub disagreements: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct SearchHit {
    pub document: String,
    pub passage: String,
    /// Human label of the passage ("Framework Document ¶3(b)").
    pub label: String,
    pub score: f32,
    pub snippet: String,
    /// [start, end) ranges in `snippet`, in UTF-16 code units (JavaScript string offsets).
    pub highlights: Vec<[u32; 2]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct SearchResult {
    /// All matching passages, before offset and limit.
    pub total: u32,
    pub hits: Vec<SearchHit>,
}

/// An entity named in a text (`Almanac::mentions`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Mention {
    /// Entity id.
    pub entity: String,
    /// The words as the text writes them ("MALTA", "Malta's" gives "Malta").
    pub text: String,
    /// [start, end) in the text, in UTF-16 code units (JavaScript string offsets).
    pub start: u32,
    pub end: u32,
}

/// An inclusive range of days from optional partial-date bounds.
fn day_range(from: &Option<String>, to: &Option<String>) -> Result<(DayKey, DayKey), QueryError> {
    let parse = |field, s: &Option<String>| {
        s.as_deref()
            .map(PartialDate::parse)
            .transpose()
            .map_err(|error| QueryError::InvalidDate { field, error })
    };
    let (f, t) = (parse("from", from)?, parse("to", to)?);
    if let (Some(f), Some(t)) = (f, t) {
        if f.first_day() > t.last_day() {
            return Err(QueryError::ReversedRange {
                from: f.to_string(),
                to: t.to_string(),
            });
        }
    }
    Ok((
        f.map_or(DayKey::MIN, |d| d.first_day()),
        t.map_or(DayKey::MAX, |d| d.last_day()),
    ))
}

fn check_text(field: &'static str, text: &str) -> Result<(), QueryError> {
    // Counting stops early: a megabyte of text must not cost a megabyte of work to refuse.
    let chars = text.chars().take(MAX_QUERY_CHARS + 1).count();
    if chars > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong {
            field,
            chars: text.chars().count(),
        });
    }
    Ok(())
}

fn check_limit(field: &'static str, value: Option<u64>, default: u64) -> Result<usize, QueryError> {
    match value.unwrap_or(default) {
        v @ 1..=MAX_LIMIT => Ok(v as usize),
        v => Err(QueryError::InvalidLimit { field, value: v }),
    }
}

pub struct Almanac {
    corpus: Corpus,
    /// Ids and names, built on the first call that needs them: a page whose first view is a
    /// timeline starts without folding every name (in the browser, running code the first time
    /// also compiles it, so what the first timeline does not run, it does not wait for).
    indexes: std::sync::OnceLock<Indexes>,
    /// Built on the first search: a page that only shows a timeline or a card never pays for it.
    search_index: std::sync::OnceLock<SearchIndex>,
    /// First and last day of each event, parallel to `corpus.events`.
    event_days: Vec<(DayKey, DayKey)>,
}

struct Indexes {
    entity: HashMap<String, usize>,
    passage: HashMap<String, usize>,
    document: HashMap<String, usize>,
    names: NameIndex,
    /// First and last day of each passage's document, parallel to `corpus.passages`.
    passage_days: Vec<(DayKey, DayKey)>,
}

/// First and last day of a date; one the bundle does not hold validly matches any dates.
fn span_days(span: Result<DateSpan, DateError>) -> (DayKey, DayKey) {
    span.map_or((DayKey::MIN, DayKey::MAX), |s| {
        (s.first_day(), s.last_day())
    })
}

impl Indexes {
    fn new(corpus: &Corpus) -> Self {
        let index_of = |ids: Vec<&String>| {
            ids.into_iter()
                .enumerate()
                .map(|(i, id)| (id.clone(), i))
                .collect::<HashMap<_, _>>()
        };
        let entity = index_of(corpus.entities.iter().map(|e| &e.id).collect());
        let passage = index_of(corpus.passages.iter().map(|p| &p.id).collect());
        let document = index_of(corpus.documents.iter().map(|d| &d.id).collect());
        let passage_days = corpus
            .passages
            .iter()
            // (A passage of a document the bundle lacks matches any dates rather than panicking.)
            .map(|p| {
                document
                    .get(&p.document)
                    .map_or((DayKey::MIN, DayKey::MAX), |&d| {
                        // A document's date is written as in its source: "1994" or "2011/2019".
                        span_days(DateSpan::parse(&corpus.documents[d].date))
                    })
            })
            .collect();
        let names = NameIndex::new(&corpus.entities);
        Indexes {
            entity,
            passage,
            document,
            names,
            passage_days,
        }
    }
}

impl Almanac {
    pub fn from_bundle(bytes: &[u8]) -> Result<Self, BundleError> {
        Ok(Self::new(bundle::decode(bytes)?))
    }

    /// The Partnership for Peace corpus compiled into this build.
    #[cfg(feature = "bundled")]
    pub fn bundled() -> Self {
        Self::new(
            bundle::decode_compiled(crate::BUNDLED_CORPUS).expect("build.rs wrote a valid bundle"),
        )
    }

    pub fn new(corpus: Corpus) -> Self {
        let event_days = corpus
            .events
            .iter()
            .map(|e| span_days(DateSpan::from_parts(&e.date, e.end.as_deref())))
            .collect();
        Almanac {
            corpus,
            indexes: std::sync::OnceLock::new(),
            search_index: std::sync::OnceLock::new(),
            event_days,
        }
    }

    fn indexes(&self) -> &Indexes {
        self.indexes.get_or_init(|| Indexes::new(&self.corpus))
    }

    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    pub fn stats(&self) -> AlmanacStats {
        let c = &self.corpus;
        AlmanacStats {
            name: c.name.clone(),
            documents: c.documents.len(),
            passages: c.passages.len(),
            entities: c.entities.len(),
            events: c.events.len(),
            disagreements: c.disagreements.len(),
        }
    }

    /// The entity a name, alias, acronym or near-miss spelling refers to; `None` when unknown.
    pub fn lookup(&self, text: &str) -> Result<Option<&Entity>, QueryError> {
        check_text("text", text)?;
        Ok(self
            .indexes()
            .names
            .lookup(text)
            .map(|i| &self.corpus.entities[i]))
    }

    /// The entities a text names, in order: each run of words that is a name, alias or translation
    /// `lookup` finds (case, diacritics and punctuation aside), the longest at each word, never
    /// overlapping (`NameIndex::mentions` says which names count). Any length: the work is linear.
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        self.indexes()
            .names
            .mentions(text, &self.corpus.entities)
            .into_iter()
            .map(|f| Mention {
                entity: self.corpus.entities[f.entity].id.clone(),
                text: text[f.byte_start..f.byte_end].to_string(),
                start: f.start,
                end: f.end,
            })
            .collect()
    }

    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.indexes()
            .entity
            .get(id)
            .map(|&i| &self.corpus.entities[i])
    }

    /// Entities for a typed prefix, canonical names first.
    pub fn suggest(&self, prefix: &str, limit: Option<u64>) -> Result<Vec<&Entity>, QueryError> {
        check_text("prefix", prefix)?;
        let limit = check_limit("limit", limit, DEFAULT_SUGGEST_LIMIT)?;
        Ok(self
            .indexes()
            .names
            .suggest(prefix, limit, &self.corpus.entities)
            .into_iter()
            .map(|i| &self.corpus.entities[i])
            .collect())
    }

    /// Events overlapping [from, to], about an entity, of some kinds; sorted by date.
    pub fn timeline(&self, query: &TimelineQuery) -> Result<Vec<&Event>, QueryError> {
        let (from, to) = day_range(&query.from, &query.to)?;
        if let Some(kinds) = &query.kinds {
            if let Some(bad) = kinds.iter().find(|k| !EVENT_KINDS.contains(&k.as_str())) {
                return Err(QueryError::UnknownKind { kind: bad.clone() });
            }
        }
        let entity = match &query.entity {
            None => None,
            Some(e) => {
                check_text("entity", e)?;
                let found = self.entity(e).or_else(|| {
                    self.indexes()
                        .names
                        .lookup(e)
                        .map(|i| &self.corpus.entities[i])
                });
                Some(
                    found
                        .ok_or_else(|| QueryError::UnknownEntity { entity: e.clone() })?
                        .id
                        .as_str(),
                )
            }
        };
        Ok(self
            .corpus
            .events
            .iter()
            .zip(&self.event_days)
            .filter(|(_, &(first, last))| first <= to && last >= from)
            .filter(|(e, _)| entity.is_none_or(|id| e.entities.iter().any(|x| x == id)))
            .filter(|(e, _)| query.kinds.as_ref().is_none_or(|ks| ks.contains(&e.kind)))
            .map(|(e, _)| e)
            .collect())
    }

    /// Ranked passages for a query; each passage at most once.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResult, QueryError> {
        check_text("query", query)?;
        let limit = check_limit("limit", options.limit, DEFAULT_SEARCH_LIMIT)?;
        // (Saturating: usize is 32 bits in wasm, and an offset past the end is just past the end.)
        let offset = usize::try_from(options.offset.unwrap_or(0)).unwrap_or(usize::MAX);
        let indexes = self.indexes();
        // Checked once; `keep` runs for every posting, so it compares ids, not hash lookups.
        let document = options.document.as_deref();
        if let Some(d) = document {
            if !indexes.document.contains_key(d) {
                return Err(QueryError::UnknownDocument {
                    document: d.to_string(),
                });
            }
        }
        let (from, to) = day_range(&options.from, &options.to)?;
        let passages = &self.corpus.passages;
        let keep = |p: usize| {
            let (first, last) = indexes.passage_days[p];
            document.is_none_or(|d| passages[p].document == d) && first <= to && last >= from
        };
        let index = self
            .search_index
            .get_or_init(|| SearchIndex::new(&self.corpus.passages));
        let raw = index.search(query, keep);
        let total = raw.len() as u32;
        let hits = raw
            .iter()
            .skip(offset)
            .take(limit)
            .map(|h| {
                let p = &passages[h.passage];
                let (snippet, highlights) = index.snippet(&p.text, h.passage, &h.positions);
                SearchHit {
                    document: p.document.clone(),
                    passage: p.id.clone(),
                    label: p.label.clone(),
                    score: h.score,
                    snippet,
                    highlights,
                }
            })
            .collect();
        Ok(SearchResult { total, hits })
    }

    pub fn documents(&self) -> &[Document] {
        &self.corpus.documents
    }

    pub fn document(&self, id: &str) -> Option<&Document> {
        self.indexes()
            .document
            .get(id)
            .map(|&i| &self.corpus.documents[i])
    }

    pub fn passage(&self, id: &str) -> Option<&Passage> {
        self.indexes()
            .passage
            .get(id)
            .map(|&i| &self.corpus.passages[i])
    }

    /// Points where the sources disagree: all, or those concerning one entity id. A disagreement
    /// concerns an entity when it is its subject, or when its topic or one of its readings names
    /// the entity (its name, an alias or a translation, as whole words, case and diacritics
    /// folded): "Fifteen, including Bulgaria" concerns Bulgaria although its subject is the
    /// programme. Notes and citation quotes are not read: they name countries in passing.
    pub fn disagreements(&self, subject: Option<&str>) -> Vec<&Disagreement> {
        let Some(id) = subject else {
            return self.corpus.disagreements.iter().collect();
        };
        // " name " inside " folded text ": a whole-word match, since `fold` leaves single spaces.
        let names: Vec<String> = self
            .entity(id)
            .map(|e| {
                let mut names: Vec<String> = std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .chain(e.names.values())
                    .map(|n| text::fold(n))
                    .filter(|n| !n.is_empty())
                    .map(|n| format!(" {n} "))
                    .collect();
                text::sort(&mut names);
                names.dedup();
                names
            })
            .unwrap_or_default();
        let names_it = |text: &str| {
            let folded = format!(" {} ", text::fold(text));
            names.iter().any(|n| folded.contains(n.as_str()))
        };
        self.corpus
            .disagreements
            .iter()
            .filter(|d| {
                d.subject == id
                    || (!names.is_empty()
                        && (names_it(&d.topic) || d.readings.iter().any(|r| names_it(&r.value))))
            })
            .collect()
    }
}
