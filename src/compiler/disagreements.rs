//! The disagreements stage: `disagreements.toml`, if the corpus has one: where the sources
//! differ about an entity, each reading cited.

use super::attest::Library;
use super::entities::unknown_entity_hint;
use super::source::{located, DisagreementsFile};
use super::{valid_id, Context};
use crate::model::{Disagreement, Reading};
use std::collections::{HashMap, HashSet};

/// `entity_ids`: the entities a disagreement may be about.
pub(super) fn compile(
    cx: &mut Context,
    library: &Library,
    entity_ids: &HashSet<&str>,
) -> Vec<Disagreement> {
    let path = cx.folder.path.join("disagreements.toml");
    if !cx.folder.files.exists(&path) {
        return Vec::new();
    }
    let Some((file, def)) = cx.read::<DisagreementsFile>(&path) else {
        return Vec::new();
    };
    let mut disagreements = Vec::new();
    let mut disagreement_ids: HashMap<String, usize> = HashMap::new(); // id -> line of its first use
    for (at, d) in located(def.disagreement) {
        if !valid_id(&d.id, false) {
            cx.problems.at(
                &file,
                at,
                format!(
                    "disagreement id {:?} must be lowercase letters, digits and hyphens",
                    d.id
                ),
            );
        }
        match disagreement_ids.get(&d.id) {
                Some(first) => cx.problems.at(&file, at, format!(
                    "disagreement id {:?} is used twice (first at line {first}): give each disagreement its own id, or merge their readings",
                    d.id)),
                None => {
                    disagreement_ids.insert(d.id.clone(), file.line_of(at));
                }
            }
        if !entity_ids.contains(d.subject.as_str()) {
            cx.problems.at(
                &file,
                at,
                format!(
                    "{}: subject {:?} is not an entity id: {}",
                    d.id,
                    d.subject,
                    unknown_entity_hint(&d.subject, entity_ids)
                ),
            );
        }
        if d.reading.len() < 2 {
            cx.problems.at(&file, at, format!("{}: a disagreement needs at least two readings: add `[[disagreement.reading]]` tables", d.id));
        }
        let readings = d
            .reading
            .iter()
            .map(|r| Reading {
                value: r.get_ref().value.clone(),
                citations: library.cite_item(&file, r, &mut cx.problems, |r| {
                    format!("{}: reading {:?} needs a citation", d.id, r.value)
                }),
            })
            .collect();
        disagreements.push(Disagreement {
            id: d.id,
            subject: d.subject,
            topic: d.topic,
            note: d.note,
            readings,
        });
    }
    disagreements
}
