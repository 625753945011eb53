//! The corpus data model: what the bundle holds and what the API returns.
//!
//! Field names are camelCase on the wire so JavaScript sees idiomatic objects; the TypeScript
//! declarations are generated from these types (tsify), never written by hand.
//! The serde names are the JavaScript names (tsify reads them); the binding writes each type by
//! hand in that order (src/wasm/js.rs, `None` as `undefined`), and the bundle stores each type by
//! hand (src/bundle/): a field added here is added to its writer there, to its type's `Stored` impl
//! (for most types, its `stored_fields!` list), and the format version bumped.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[cfg(target_arch = "wasm32")]
use tsify::Tsify;

/// Where a fact comes from: one passage, and the exact words in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct Citation {
    /// Document id, e.g. `"encyclopedia"`.
    pub document: String,
    /// Passage id, e.g. `"encyclopedia/p12"`.
    pub passage: String,
    /// Verbatim quote (whitespace-normalised) found in the passage at build time.
    pub quote: String,
}

/// A span of lines in a source file (1-based, inclusive).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct SourceSpan {
    pub file: String,
    pub lines: [u32; 2],
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct Document {
    pub id: String,
    pub title: String,
    /// Short name used as the prefix of passage labels.
    pub short: String,
    /// ISO date of its own precision, or a range `start/end`.
    pub date: String,
    pub issuer: String,
    /// The source files (witnesses) of this document; the first gives the passages.
    pub source: Vec<SourceSpan>,
    pub licence: String,
    pub attribution: String,
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub url: Option<String>,
    /// Passage ids in reading order.
    pub passages: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub enum PassageKind {
    Paragraph,
    Item,
    Heading,
    Row,
    Reference,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct Passage {
    /// Stable id, `<document>/<local>`: `framework-document/p3b`, `sto-page/row-malta`.
    pub id: String,
    pub document: String,
    /// Human label: `Framework Document ¶3(b)`.
    pub label: String,
    pub kind: PassageKind,
    /// The heading this passage stands under, if any.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub section: Option<String>,
    /// Repaired text: hard wraps joined, hyphenation rejoined, markup removed.
    pub text: String,
    /// The text exactly as in the source file.
    pub original: String,
    pub source: SourceSpan,
    /// Each repair made, in words (`rejoined "commit-" + "ments"`).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub repairs: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct Fact {
    pub text: String,
    pub citations: Vec<Citation>,
    /// How a table's shape (not a sentence) was read to state this fact.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub reading: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct Relation {
    /// `member-of`, `signed-for`, `successor-of`, ...
    pub kind: String,
    /// Entity id.
    pub target: String,
    pub citations: Vec<Citation>,
    /// The office the entity acted in, where a source gives it (a `signed-for` relation's signatory
    /// as Foreign Minister). Derived by the compiler, not written in the corpus.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub office: Option<Office>,
}

/// An office as a source writes it, with the citation that gives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct Office {
    /// The source's own form, often an abbreviation: `"DPM/FM"`, `"PDT"`, `"Head of Government"`.
    pub form: String,
    /// One of the relation's citations: the one whose quote gives the office.
    pub citation: Citation,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct Entity {
    /// `<kind>/<slug>`: `country/malta`.
    pub id: String,
    /// country, organisation, programme, person, place, document.
    pub kind: String,
    pub name: String,
    /// Names in other languages (`fr`, `ru`), only where a source gives them.
    /// (A plain object in JS: the binding serialises maps as objects.)
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, string>"))]
    pub names: BTreeMap<String, String>,
    pub aliases: Vec<String>,
    pub description: String,
    pub citations: Vec<Citation>,
    pub facts: Vec<Fact>,
    pub relations: Vec<Relation>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub enum Precision {
    Year,
    Month,
    Day,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct Event {
    pub id: String,
    /// Start date, ISO of its own precision: `1994`, `1994-01`, `1994-01-10`.
    pub date: String,
    /// End date of a range (same precision rules), absent for a single date.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub end: Option<String>,
    pub precision: Precision,
    /// The source's own vague wording ("mid-October"), when the date is approximate.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub qualifier: Option<String>,
    pub kind: String,
    pub title: String,
    pub entities: Vec<String>,
    pub citations: Vec<Citation>,
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub reading: Option<String>,
    /// True when only one document gives the date: no second source confirms it.
    pub single_source: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct Reading {
    pub value: String,
    pub citations: Vec<Citation>,
}

/// A point on which the sources disagree: every reading is kept, each cited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct Disagreement {
    pub id: String,
    /// Entity id the disagreement is about.
    pub subject: String,
    pub topic: String,
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub note: Option<String>,
    pub readings: Vec<Reading>,
}

/// The whole compiled corpus, as stored in a bundle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Corpus {
    pub name: String,
    pub description: String,
    pub documents: Vec<Document>,
    pub passages: Vec<Passage>,
    pub entities: Vec<Entity>,
    pub events: Vec<Event>,
    pub disagreements: Vec<Disagreement>,
}

/// Event kinds the timeline knows. The compiler rejects others, so a filter can name them all.
/// `joining` is a state joining a programme where the sources say it joined but record no
/// signature (Montenegro and the PfP): filing it as a `signature` would claim a document it signed.
pub const EVENT_KINDS: &[&str] = &[
    "meeting",
    "summit",
    "signature",
    "withdrawal",
    "reactivation",
    "invitation",
    "accession",
    "application",
    "establishment",
    "launch",
    "declaration",
    "funding",
    "crisis",
    "renaming",
    "resolution",
    "statement",
    "participation",
    "joining",
];

/// Entity kinds; the id of an entity starts with its kind.
pub const ENTITY_KINDS: &[&str] = &[
    "country",
    "organisation",
    "programme",
    "person",
    "place",
    "document",
];
