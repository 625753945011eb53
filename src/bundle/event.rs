//! Events (in date order) and the disagreements between the sources.

use super::wire::{Reader, Writer};
use super::{Known, Stored};
use crate::model::{Disagreement, Event, Precision, Reading, EVENT_KINDS};

impl Stored for Event {
    fn write(&self, w: &mut Writer) {
        let Event {
            id,
            date,
            end,
            precision,
            qualifier,
            kind,
            title,
            entities,
            citations,
            reading,
            single_source,
        } = self;
        id.write(w);
        date.write(w);
        end.write(w);
        precision.write(w);
        qualifier.write(w);
        kind.write(w);
        title.write(w);
        entities.write(w);
        citations.write(w);
        reading.write(w);
        single_source.write(w);
    }
    fn read(r: &mut Reader) -> Self {
        Event {
            id: r.read(),
            date: r.read(),
            end: r.read(),
            precision: r.read(),
            qualifier: r.read(),
            kind: r.read(),
            title: r.read(),
            entities: r.read(),
            citations: r.read(),
            reading: r.read(),
            single_source: r.read(),
        }
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

impl Stored for Precision {
    fn write(&self, w: &mut Writer) {
        w.u32(*self as u32);
    }
    fn read(r: &mut Reader) -> Self {
        match r.u32() {
            0 => Precision::Year,
            1 => Precision::Month,
            2 => Precision::Day,
            _ => {
                r.fail("unknown date precision");
                Precision::Year
            }
        }
    }
}

impl Stored for Disagreement {
    fn write(&self, w: &mut Writer) {
        let Disagreement {
            id,
            subject,
            topic,
            note,
            readings,
        } = self;
        id.write(w);
        subject.write(w);
        topic.write(w);
        note.write(w);
        readings.write(w);
    }
    fn read(r: &mut Reader) -> Self {
        Disagreement {
            id: r.read(),
            subject: r.read(),
            topic: r.read(),
            note: r.read(),
            readings: r.read(),
        }
    }
    fn check(&self, known: &Known) -> Result<(), String> {
        known.entity(&self.subject)?;
        self.readings.check(known)
    }
}

impl Stored for Reading {
    fn write(&self, w: &mut Writer) {
        let Reading { value, citations } = self;
        value.write(w);
        citations.write(w);
    }
    fn read(r: &mut Reader) -> Self {
        Reading {
            value: r.read(),
            citations: r.read(),
        }
    }
    fn check(&self, known: &Known) -> Result<(), String> {
        self.citations.check(known)
    }
}
