//! Entities, with their facts, relations and the offices of those relations.

use super::wire::{Reader, Writer};
use super::{Known, Stored};
use crate::model::{Entity, Fact, Office, Relation};

stored_fields! {
    Entity { id, kind, name, names, aliases, description, citations, facts, relations }
    fn check(&self, known: &Known) -> Result<(), String> {
        self.citations.check(known)?;
        self.facts.check(known)?;
        self.relations.check(known)
    }
}

stored_fields! {
    Fact { text, citations, reading }
    fn check(&self, known: &Known) -> Result<(), String> {
        self.citations.check(known)
    }
}

stored_fields! {
    Relation { kind, target, citations, office }
    fn check(&self, known: &Known) -> Result<(), String> {
        known.entity(&self.target)?;
        self.citations.check(known)?;
        self.office.check(known)
    }
}

stored_fields! {
    Office { form, citation }
    fn check(&self, known: &Known) -> Result<(), String> {
        self.citation.check(known)
    }
}
