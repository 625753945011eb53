//! The entities stage: each `entities/*.toml`, with its names (which must occur in the sources),
//! facts and relations, each cited; then what only all of them together show: ids used twice,
//! relations to no entity, aliases shared by two entities.

use super::attest::Library;
use super::source::{located, EntitiesFile, EntityDef};
use super::{valid_id, Context, SourceFile};
use crate::model::{Entity, Fact, Relation, ENTITY_KINDS};
use crate::text::fold;
use std::collections::{HashMap, HashSet};

/// The entities of every `entities/*.toml`, each checked, then checked against each other.
pub(super) fn compile(cx: &mut Context, library: &Library) -> Vec<Entity> {
    let mut entities = Vec::new();
    let mut entity_lines: Vec<(usize, usize)> = Vec::new(); // (file index, offset) for reference errors
    let mut entity_files: Vec<SourceFile> = Vec::new();
    for path in cx.folder.toml_files("entities", &mut cx.problems) {
        let Some((file, def)) = cx.read::<EntitiesFile>(&path) else {
            continue;
        };
        for (at, e) in located(def.entity) {
            entity_lines.push((entity_files.len(), at));
            entities.push(entity(cx, library, &file, at, e));
        }
        entity_files.push(file);
    }
    let mut first_entity: HashMap<&str, (usize, usize)> = HashMap::new();
    for (e, &(f, at)) in entities.iter().zip(&entity_lines) {
        if let Some(&(f0, at0)) = first_entity.get(e.id.as_str()) {
            let first = &entity_files[f0];
            cx.problems.at(&entity_files[f], at, format!(
                "entity id {:?} is used twice (first at {}:{}): give each entity its own id, or merge the two",
                e.id, first.path.display(), first.line_of(at0)));
        } else {
            first_entity.insert(&e.id, (f, at));
        }
    }
    let entity_ids = ids(&entities);
    for (e, &(f, at)) in entities.iter().zip(&entity_lines) {
        for r in &e.relations {
            if !entity_ids.contains(r.target.as_str()) {
                cx.problems.at(
                    &entity_files[f],
                    at,
                    format!(
                        "{}: relation target {:?} is not an entity id: {}",
                        e.id,
                        r.target,
                        unknown_entity_hint(&r.target, &entity_ids)
                    ),
                );
            }
        }
    }
    // Aliases shared by two entities make lookup ambiguous: reported, the first entity keeps it.
    let mut owner: HashMap<String, &str> = HashMap::new();
    for e in &entities {
        for a in std::iter::once(&e.name).chain(&e.aliases) {
            let key = fold(a);
            match owner.get(&key) {
                Some(&other) if other != e.id => cx.report.warnings.push(format!(
                    "alias {a:?} names both {other} and {}: lookup gives {other}",
                    e.id
                )),
                Some(_) => {}
                None => {
                    owner.insert(key, &e.id);
                }
            }
        }
    }
    entities
}

/// One entity as written at `at` in `file`, its names attested and its statements cited.
fn entity(
    cx: &mut Context,
    library: &Library,
    file: &SourceFile,
    at: usize,
    e: EntityDef,
) -> Entity {
    let kind = e.id.split('/').next().unwrap_or("").to_string();
    if !valid_id(&e.id, true) || !ENTITY_KINDS.contains(&kind.as_str()) {
        cx.problems.at(file, at, format!("entity id {:?} must be <kind>/<slug> with a kind among {ENTITY_KINDS:?} and a slug of lowercase letters, digits and hyphens", e.id));
    }
    for name in std::iter::once(&e.name)
        .chain(&e.aliases)
        .chain(e.names.values())
    {
        if !library.names(name) {
            cx.problems.at(file, at, format!("{}: the name {name:?} does not occur in any source: use a form the sources use", e.id));
        }
    }
    let citations = library.cite_required(file, at, &e.cite, &mut cx.problems, || {
        format!("{}: the description needs `cite = [...]`", e.id)
    });
    let facts = e
        .fact
        .iter()
        .map(|f| Fact {
            text: f.get_ref().text.clone(),
            citations: library.cite_item(file, f, &mut cx.problems, |f| {
                format!("{}: fact {:?} needs a citation", e.id, f.text)
            }),
            reading: f.get_ref().reading.clone(),
        })
        .collect();
    // A relation is one statement per (kind, target): a second copy would be listed twice by
    // lookup() and on the card. Its citations belong in the first.
    let mut relation_lines: HashMap<(&str, &str), usize> = HashMap::new();
    for r in &e.relation {
        let (kind, target) = (r.get_ref().kind.as_str(), r.get_ref().target.as_str());
        match relation_lines.get(&(kind, target)) {
            Some(first) => cx.problems.at(file, r.span().start, format!(
                "{}: relation {kind} {target} is given twice (first at line {first}): merge the citations of both into the first",
                e.id)),
            None => {
                relation_lines.insert((kind, target), file.line_of(r.span().start));
            }
        }
    }
    let relations = e
        .relation
        .iter()
        .map(|r| Relation {
            kind: r.get_ref().kind.clone(),
            target: r.get_ref().target.clone(),
            citations: library.cite_item(file, r, &mut cx.problems, |r| {
                format!("{}: relation {} needs a citation", e.id, r.kind)
            }),
            office: None, // derived once the corpus is whole (offices.rs)
        })
        .collect();
    Entity {
        id: e.id,
        kind,
        name: e.name,
        names: e.names,
        aliases: e.aliases,
        description: e.description,
        citations,
        facts,
        relations,
    }
}

/// The ids of the entities, which events, relations and disagreements may refer to.
pub(super) fn ids(entities: &[Entity]) -> HashSet<&str> {
    entities.iter().map(|e| e.id.as_str()).collect()
}

/// How to fix a reference to an entity that does not exist: the nearest id, if one is close.
pub(super) fn unknown_entity_hint(id: &str, known: &HashSet<&str>) -> String {
    let slug = |s: &str| s.rsplit('/').next().unwrap_or(s).to_string();
    let max = 3.max(id.chars().count() / 5);
    let nearest = known
        .iter()
        .map(|k| {
            (
                if slug(k) == slug(id) {
                    0
                } else {
                    crate::text::edit_distance_within(k, id, max)
                },
                *k,
            )
        })
        .filter(|(d, _)| *d <= max)
        .min();
    match nearest {
        Some((_, k)) => format!("did you mean {k:?}? Use an id defined in entities/*.toml"),
        None => "use an id defined in entities/*.toml, or define the entity there".to_string(),
    }
}
