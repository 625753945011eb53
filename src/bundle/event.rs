//! Events (in date order) and the disagreements between the sources.

use super::wire::{Reader, Writer};
use super::{Known, Stored};
use crate::model::{Disagreement, Event, Precision, Reading, EVENT_KINDS};

stored_fields! {
    Event {
        id, date, end, precision, qualifier, kind, title, entities, citations, reading,
        single_source,
    }
    /// The date order of the events is the corpus's to check (`super::check`).
    fn check(&self, known: &Known) -> Result<(), String> {
        known.span(&self.date, self.end.as_deref())?;
        if !EVENT_KINDS.contains(&self.kind.as_str()) {
            return Err(format!("has an unknown kind {:?}", self.kind));
        }
        self.entities.iter().try_for_each(|id| known.entity(id))?;
        self.citations.check(known)
    }
}

stored_variants!(Precision [Year, Month, Day], "unknown date precision");

stored_fields! {
    Disagreement { id, subject, topic, note, readings }
    fn check(&self, known: &Known) -> Result<(), String> {
        known.entity(&self.subject)?;
        self.readings.check(known)
    }
}

stored_fields! {
    Reading { value, citations }
    fn check(&self, known: &Known) -> Result<(), String> {
        self.citations.check(known)
    }
}
