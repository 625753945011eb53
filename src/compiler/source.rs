//! The corpus source files as written by people (TOML), before any checking.
//! Every table keeps its byte span so errors can name a line.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlmanacDef {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Folder of the source texts, relative to almanac.toml, inside the corpus folder.
    pub sources: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentDef {
    pub id: Spanned<String>,
    pub title: String,
    pub short: String,
    pub date: Spanned<String>,
    pub issuer: String,
    pub licence: Spanned<String>,
    #[serde(default)]
    pub attribution: String,
    #[serde(default)]
    pub url: Option<String>,
    pub witness: Vec<Spanned<WitnessDef>>,
    /// Lines that form the document's title block: one heading passage.
    #[serde(default)]
    pub preamble: Option<[u32; 2]>,
    #[serde(default)]
    pub table: Vec<Spanned<TableDef>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WitnessDef {
    pub file: String,
    pub lines: [u32; 2],
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    pub lines: [u32; 2],
    pub label: String,
    /// Prefix of the row passage ids; defaults to the label's first word.
    #[serde(default)]
    pub id: Option<String>,
    /// `lines` (default): each line is a row; `blocks`: each blank-line-separated block is a row.
    #[serde(default)]
    pub rows: Option<String>,
    /// Line ranges that form one row (a cell wrapped over several lines).
    #[serde(default)]
    pub join: Vec<[u32; 2]>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct CiteDef {
    pub doc: String,
    pub quote: String,
    #[serde(default)]
    pub passage: Option<String>,
}

pub type Cites = Vec<Spanned<CiteDef>>;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct EntitiesFile {
    #[serde(default)]
    pub entity: Vec<Spanned<EntityDef>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityDef {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub names: BTreeMap<String, String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub description: String,
    #[serde(default)]
    pub cite: Cites,
    #[serde(default)]
    pub fact: Vec<Spanned<FactDef>>,
    #[serde(default)]
    pub relation: Vec<Spanned<RelationDef>>,
}

/// Each item of a list with the offset where it starts in its file (where `Problems::at` puts a
/// problem about it).
pub fn located<T>(items: Vec<Spanned<T>>) -> impl Iterator<Item = (usize, T)> {
    items
        .into_iter()
        .map(|item| (item.span().start, item.into_inner()))
}

/// An item of a list that cites its sources (`cite = [...]`): a fact, a relation, a reading.
pub trait Cited {
    fn cites(&self) -> &Cites;
}

macro_rules! cited {
    ($($def:ident),*) => {
        $(impl Cited for $def {
            fn cites(&self) -> &Cites {
                &self.cite
            }
        })*
    };
}
cited!(FactDef, RelationDef, ReadingDef);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactDef {
    pub text: String,
    #[serde(default)]
    pub cite: Cites,
    #[serde(default)]
    pub reading: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationDef {
    pub kind: String,
    pub target: String,
    #[serde(default)]
    pub cite: Cites,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct EventsFile {
    #[serde(default)]
    pub event: Vec<Spanned<EventDef>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventDef {
    pub id: String,
    pub kind: String,
    pub date: String,
    #[serde(default)]
    pub qualifier: Option<String>,
    pub title: String,
    #[serde(default)]
    pub entities: Vec<String>,
    #[serde(default)]
    pub cite: Cites,
    #[serde(default)]
    pub reading: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DisagreementsFile {
    #[serde(default)]
    pub disagreement: Vec<Spanned<DisagreementDef>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisagreementDef {
    pub id: String,
    pub subject: String,
    pub topic: String,
    #[serde(default)]
    pub note: Option<String>,
    pub reading: Vec<Spanned<ReadingDef>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadingDef {
    pub value: String,
    #[serde(default)]
    pub cite: Cites,
}
