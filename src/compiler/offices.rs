//! The office in which a person signed for a party (a `signed-for` relation), derived from the
//! table row the relation cites: a signatures table gives the party, the office and the signatory
//! in that order ("Malta DPM/FM Guido de Marco 26.04.95"), so the office is the words of the row
//! between the party's name and the signatory's, less footnote numbers ("Bulgaria 3 PDT Jelu
//! Jelev"). Only rows: in a sentence, the words between two names are not an office. A relation
//! that cites no row naming both, in that order, gets no office.

use crate::model::{Corpus, Office, PassageKind};
use std::collections::{HashMap, HashSet};

const SIGNED_FOR: &str = "signed-for";

pub(super) fn derive(corpus: &mut Corpus) {
    let rows: HashSet<&str> = corpus
        .passages
        .iter()
        .filter(|p| p.kind == PassageKind::Row)
        .map(|p| p.id.as_str())
        .collect();
    let names: HashMap<&str, Vec<&str>> = corpus
        .entities
        .iter()
        .map(|e| {
            let names = std::iter::once(&e.name).chain(&e.aliases);
            (e.id.as_str(), names.map(String::as_str).collect())
        })
        .collect();
    let mut offices = Vec::new();
    for (i, e) in corpus.entities.iter().enumerate() {
        for (j, r) in e.relations.iter().enumerate() {
            if r.kind != SIGNED_FOR {
                continue;
            }
            let (Some(party), Some(person)) =
                (names.get(r.target.as_str()), names.get(e.id.as_str()))
            else {
                continue;
            };
            let office = r.citations.iter().find_map(|c| {
                let form = rows
                    .contains(c.passage.as_str())
                    .then(|| between(&c.quote, party, person))??;
                Some(Office {
                    form,
                    citation: c.clone(),
                })
            });
            offices.push((i, j, office));
        }
    }
    for (i, j, office) in offices {
        corpus.entities[i].relations[j].office = office;
    }
}

/// The words of `row` after one of the `party` names and before one of the `person` names, less
/// numbers, if any are left.
fn between(row: &str, party: &[&str], person: &[&str]) -> Option<String> {
    party.iter().filter(|n| !n.is_empty()).find_map(|party| {
        let after = row.find(party)? + party.len();
        let rest = row[after..].strip_prefix(' ')?;
        person.iter().filter(|n| !n.is_empty()).find_map(|person| {
            let words = rest[..rest.find(person)?].split_whitespace();
            let form: Vec<&str> = words
                .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
                .collect();
            (!form.is_empty()).then(|| form.join(" "))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::between;

    #[test]
    fn the_office_is_the_words_between_party_and_signatory_less_footnotes() {
        let malta = between(
            "Malta DPM/FM Guido de Marco 26.04.95",
            &["Malta"],
            &["Guido de Marco"],
        );
        assert_eq!(malta.as_deref(), Some("DPM/FM"));
        let row =
            "The former Yugoslav Republic of Macedonia 1 Head of Government Crvenkovski Branko";
        let office = between(
            row,
            &["North Macedonia", "former Yugoslav Republic of Macedonia"],
            &["Crvenkovski Branko"],
        );
        assert_eq!(office.as_deref(), Some("Head of Government"));
        // Nothing between the names, or the names in the other order: no office.
        assert_eq!(
            between("Bulgaria 3 Jelu Jelev", &["Bulgaria"], &["Jelu Jelev"]),
            None
        );
        assert_eq!(
            between("Jelu Jelev PDT Bulgaria", &["Bulgaria"], &["Jelu Jelev"]),
            None
        );
        // A party name inside a longer word is not the party.
        assert_eq!(
            between(
                "Maltania FM Guido de Marco",
                &["Malta"],
                &["Guido de Marco"]
            ),
            None
        );
    }
}
