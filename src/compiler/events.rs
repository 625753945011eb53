//! The events stage: each `events/*.toml`, cited, with a date no more exact than its quotes
//! (`dates`), in timeline order.

use super::attest::Library;
use super::dates::{date_is_attested, date_sources};
use super::entities::unknown_entity_hint;
use super::source::{located, EventDef, EventsFile};
use super::{valid_id, Context, SourceFile};
use crate::date::DateSpan;
use crate::model::{Event, EVENT_KINDS};
use std::collections::{HashMap, HashSet};

/// `entity_ids`: the entities an event may name.
pub(super) fn compile(
    cx: &mut Context,
    library: &Library,
    entity_ids: &HashSet<&str>,
) -> Vec<Event> {
    let mut events = Vec::new();
    let mut event_ids: HashMap<String, String> = HashMap::new(); // id -> "file:line" of its first use
    for path in cx.folder.toml_files("events", &mut cx.problems) {
        let Some((file, def)) = cx.read::<EventsFile>(&path) else {
            continue;
        };
        for (at, ev) in located(def.event) {
            if !valid_id(&ev.id, true) {
                cx.problems.at(&file, at, format!("event id {:?} must be <group>/<slug> in lowercase letters, digits and hyphens", ev.id));
            }
            match event_ids.get(&ev.id) {
                Some(first) => cx.problems.at(&file, at, format!("event id {:?} is used twice (first at {first}): give each event its own id", ev.id)),
                None => {
                    event_ids.insert(ev.id.clone(), format!("{}:{}", file.path.display(), file.line_of(at)));
                }
            }
            events.extend(event(cx, library, entity_ids, &file, at, ev));
        }
    }
    events.sort_by_key(event_order);
    events
}

/// One event as written at `at` in `file`; `None` if its date cannot be read.
fn event(
    cx: &mut Context,
    library: &Library,
    entity_ids: &HashSet<&str>,
    file: &SourceFile,
    at: usize,
    ev: EventDef,
) -> Option<Event> {
    if !EVENT_KINDS.contains(&ev.kind.as_str()) {
        cx.problems.at(
            file,
            at,
            format!(
                "{}: unknown event kind {:?}: use one of {EVENT_KINDS:?}",
                ev.id, ev.kind
            ),
        );
    }
    for en in &ev.entities {
        if !entity_ids.contains(en.as_str()) {
            cx.problems.at(
                file,
                at,
                format!(
                    "{}: {:?} is not an entity id: {}",
                    ev.id,
                    en,
                    unknown_entity_hint(en, entity_ids)
                ),
            );
        }
    }
    let citations = library.cite_required(file, at, &ev.cite, &mut cx.problems, || {
        format!("{}: an event needs `cite = [...]`", ev.id)
    });
    let span = match DateSpan::parse(&ev.date) {
        Ok(s) => s,
        Err(e) => {
            cx.problems.at(file, at, format!("{}: {e}: write YYYY, YYYY-MM or YYYY-MM-DD, or a range start/end with the earlier date first", ev.id));
            return None;
        }
    };
    // A quote that was not found cannot attest a date: that error is reported already.
    if citations.len() == ev.cite.len() {
        if let Err(why) = date_is_attested(&span, &citations) {
            cx.problems.at(
                file,
                at,
                format!(
                    "{}: date {} is more exact than its quotes: {why}",
                    ev.id, ev.date
                ),
            );
        }
    }
    let single_source = date_sources(&span, &citations) == 1;
    Some(Event {
        id: ev.id,
        date: span.start.to_string(),
        end: span.end.map(|e| e.to_string()),
        precision: span.precision(),
        qualifier: ev.qualifier,
        kind: ev.kind,
        title: ev.title,
        entities: ev.entities,
        citations,
        reading: ev.reading,
        single_source,
    })
}

/// Sort key of an event on the timeline: start, then end, then id for a stable order.
pub fn event_order(e: &Event) -> (i64, i64, String) {
    let span = DateSpan::from_parts(&e.date, e.end.as_deref()).expect("dates were checked");
    (span.first_day(), span.last_day(), e.id.clone())
}
