//! Entities, with their facts, relations and the offices of those relations.

use super::wire::{Reader, Writer};
use super::{Known, Stored};
use crate::model::{Entity, Fact, Office, Relation};

impl Stored for Entity {
    fn write(&self, w: &mut Writer) {
        let Entity {
            id,
            kind,
            name,
            names,
            aliases,
            description,
            citations,
            facts,
            relations,
        } = self;
        id.write(w);
        kind.write(w);
        name.write(w);
        names.write(w);
        aliases.write(w);
        description.write(w);
        citations.write(w);
        facts.write(w);
        relations.write(w);
    }
    fn read(r: &mut Reader) -> Self {
        Entity {
            id: r.read(),
            kind: r.read(),
            name: r.read(),
            names: r.read(),
            aliases: r.read(),
            description: r.read(),
            citations: r.read(),
            facts: r.read(),
            relations: r.read(),
        }
    }
    fn check(&self, known: &Known) -> Result<(), String> {
        self.citations.check(known)?;
        self.facts.check(known)?;
        self.relations.check(known)
    }
}

impl Stored for Fact {
    fn write(&self, w: &mut Writer) {
        let Fact {
            text,
            citations,
            reading,
        } = self;
        text.write(w);
        citations.write(w);
        reading.write(w);
    }
    fn read(r: &mut Reader) -> Self {
        Fact {
            text: r.read(),
            citations: r.read(),
            reading: r.read(),
        }
    }
    fn check(&self, known: &Known) -> Result<(), String> {
        self.citations.check(known)
    }
}

impl Stored for Relation {
    fn write(&self, w: &mut Writer) {
        let Relation {
            kind,
            target,
            citations,
            office,
        } = self;
        kind.write(w);
        target.write(w);
        citations.write(w);
        office.write(w);
    }
    fn read(r: &mut Reader) -> Self {
        Relation {
            kind: r.read(),
            target: r.read(),
            citations: r.read(),
            office: r.read(),
        }
    }
    fn check(&self, known: &Known) -> Result<(), String> {
        known.entity(&self.target)?;
        self.citations.check(known)?;
        self.office.check(known)
    }
}

impl Stored for Office {
    fn write(&self, w: &mut Writer) {
        let Office { form, citation } = self;
        form.write(w);
        citation.write(w);
    }
    fn read(r: &mut Reader) -> Self {
        Office {
            form: r.read(),
            citation: r.read(),
        }
    }
    fn check(&self, known: &Known) -> Result<(), String> {
        self.citation.check(known)
    }
}
