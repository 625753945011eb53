//! Splitting a document's text into citable passages, with every repair recorded.
//! The rules are the same for every document; tables and the title block are declared in the
//! document's TOML because they are readings of the source's shape, not of its sentences.

use super::source::TableDef;
use crate::model::{Passage, PassageKind, SourceSpan};
use crate::text::fold;

/// What a document's TOML says about its shape.
pub struct Layout<'a> {
    pub doc_id: &'a str,
    pub short: &'a str,
    pub file: &'a str,
    pub lines: [u32; 2],
    pub preamble: Option<[u32; 2]>,
    pub tables: &'a [TableDef],
}

/// A group of source lines that becomes one passage.
struct Unit {
    kind: UnitKind,
    first: u32,
    lines: Vec<String>,
}

#[derive(Clone, PartialEq)]
enum UnitKind {
    Preamble,
    Block,
    Numbered(u32),
    SubItem(char),
    Bullet,
    Reference(u32),
    Row(usize),
}

/// The marker that starts a new passage inside a block, and the text after it.
fn item_marker(line: &str) -> Option<(UnitKind, usize)> {
    let t = line.trim_start();
    let indent = line.len() - t.len();
    let digits = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    if digits > 0 && digits <= 3 && t[digits..].starts_with('.') {
        let n: u32 = t[..digits].parse().ok()?;
        let rest = &t[digits + 1..];
        let after = rest.trim_start();
        if let Some(r) = after.strip_prefix('^') {
            return Some((UnitKind::Reference(n), line.len() - r.len()));
        }
        if rest.starts_with(char::is_whitespace) && !after.is_empty() {
            return Some((UnitKind::Numbered(n), line.len() - after.len()));
        }
    }
    let b = t.as_bytes();
    if b.len() > 4 && b[0] == b'(' && b[1].is_ascii_lowercase() && b[2] == b')' && b[3] == b' ' {
        return Some((UnitKind::SubItem(b[1] as char), indent + 4));
    }
    for bullet in ["- ", "• ", "* "] {
        if t.starts_with(bullet) && !t.starts_with("* *") {
            return Some((UnitKind::Bullet, indent + bullet.len()));
        }
    }
    None
}

fn has_text(line: &str) -> bool {
    line.chars().any(char::is_alphanumeric)
}

/// Joins wrapped lines into one text, rejoining words hyphenated across a line break.
fn join_lines(lines: &[String], repairs: &mut Vec<String>) -> String {
    let mut out = String::new();
    for raw in lines {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let ends_hyphenated = out.ends_with('-')
            && out[..out.len() - 1].ends_with(|c: char| c.is_lowercase())
            && line.starts_with(|c: char| c.is_lowercase());
        if ends_hyphenated {
            let head = out.rsplit(' ').next().unwrap_or("").to_string();
            let tail = line.split(' ').next().unwrap_or("");
            repairs.push(format!("rejoined \"{head}\" + \"{tail}\""));
            out.pop();
        } else if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line);
    }
    if out.contains("**") {
        repairs.push("removed Markdown bold markers".to_string());
        out = out.replace("**", "");
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn slug(s: &str) -> String {
    fold(s).replace(' ', "-")
}

/// The words that name a table row: up to the first number, month, or capitalised office
/// abbreviation ("Kyrghyz Republic PDT Askar Akayev 01.06.94" -> "Kyrghyz Republic").
fn row_key(text: &str) -> String {
    let mut key = Vec::new();
    for word in text.split_whitespace() {
        let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
        let is_abbrev = letters.len() >= 2 && letters.chars().all(|c| c.is_uppercase());
        if word.starts_with(|c: char| c.is_ascii_digit())
            || super::dates::MONTHS_EN.contains(&word)
            || is_abbrev
        {
            break;
        }
        key.push(word);
    }
    if key.is_empty() {
        text.split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        key.join(" ")
    }
}

pub struct Segmented {
    pub passages: Vec<Passage>,
    /// Lines left out because they carry no text (decorations such as "* * *").
    pub skipped: Vec<String>,
}

pub fn segment(text: &str, layout: &Layout) -> Segmented {
    let all: Vec<&str> = text.lines().collect();
    let [first, last] = layout.lines;
    let mut units: Vec<Unit> = Vec::new();
    let mut skipped = Vec::new();
    let mut open = false;
    let table_of = |n: u32| {
        layout
            .tables
            .iter()
            .position(|t| n >= t.lines[0] && n <= t.lines[1])
    };
    let preamble = |n: u32| layout.preamble.is_some_and(|[a, b]| n >= a && n <= b);

    for n in first..=last.min(all.len() as u32) {
        let line = all[(n - 1) as usize];
        let blank = line.trim().is_empty();
        if preamble(n) {
            match units.last_mut() {
                Some(u) if u.kind == UnitKind::Preamble => u.lines.push(line.to_string()),
                _ => units.push(Unit {
                    kind: UnitKind::Preamble,
                    first: n,
                    lines: vec![line.to_string()],
                }),
            }
            open = false;
            continue;
        }
        if let Some(t) = table_of(n) {
            let table = &layout.tables[t];
            let by_blocks = table.rows.as_deref() == Some("blocks");
            let joined_with_previous = table.join.iter().any(|[a, b]| n > *a && n <= *b);
            if blank {
                open = false;
            } else if !has_text(line) {
                skipped.push(format!("{}:{n}: {:?}", layout.file, line.trim()));
            } else if (by_blocks && open) || joined_with_previous {
                units
                    .last_mut()
                    .expect("a row is open")
                    .lines
                    .push(line.to_string());
            } else {
                units.push(Unit {
                    kind: UnitKind::Row(t),
                    first: n,
                    lines: vec![line.to_string()],
                });
                open = by_blocks;
            }
            continue;
        }
        if blank {
            open = false;
            continue;
        }
        if !has_text(line) {
            skipped.push(format!("{}:{n}: {:?}", layout.file, line.trim()));
            open = false;
            continue;
        }
        match item_marker(line) {
            Some((kind, _)) => {
                units.push(Unit {
                    kind,
                    first: n,
                    lines: vec![line.to_string()],
                });
                open = true;
            }
            None if open => units
                .last_mut()
                .expect("open unit")
                .lines
                .push(line.to_string()),
            None => {
                units.push(Unit {
                    kind: UnitKind::Block,
                    first: n,
                    lines: vec![line.to_string()],
                });
                open = true;
            }
        }
    }

    let mut passages: Vec<Passage> = Vec::new();
    let mut paragraph = 0u32; // number of the current paragraph (numbered or counted)
    let mut item = 0u32;
    let mut section: Option<String> = None;
    let mut used_ids = std::collections::HashSet::new();
    let mut previous_was_row = false;
    for unit in &units {
        let mut repairs = Vec::new();
        let original = unit.lines.join("\n");
        let mut body_lines = unit.lines.clone();
        if let Some((_, cut)) = item_marker(&unit.lines[0]) {
            if !matches!(
                unit.kind,
                UnitKind::Row(_) | UnitKind::Block | UnitKind::Preamble
            ) {
                body_lines[0] = unit.lines[0][cut..].to_string();
            }
        }
        let text = join_lines(&body_lines, &mut repairs);
        let short = layout.short;
        let (kind, local, label) = match &unit.kind {
            UnitKind::Preamble => (
                PassageKind::Heading,
                "title".to_string(),
                format!("{short}, title"),
            ),
            UnitKind::Block
                if unit.lines.len() == 1
                    && text.chars().count() < 60
                    && !text.ends_with(['.', ';', ',', ':']) =>
            {
                section = Some(text.clone());
                (
                    PassageKind::Heading,
                    format!("h-{}", slug(&text)),
                    format!("{short}, heading “{text}”"),
                )
            }
            UnitKind::Block => {
                paragraph += 1;
                item = 0;
                (
                    PassageKind::Paragraph,
                    format!("p{paragraph}"),
                    format!("{short} ¶{paragraph}"),
                )
            }
            UnitKind::Numbered(n) => {
                paragraph = *n;
                item = 0;
                (
                    PassageKind::Paragraph,
                    format!("p{n}"),
                    format!("{short} ¶{n}"),
                )
            }
            UnitKind::SubItem(c) => (
                PassageKind::Item,
                format!("p{paragraph}{c}"),
                format!("{short} ¶{paragraph}({c})"),
            ),
            UnitKind::Bullet => {
                item += 1;
                (
                    PassageKind::Item,
                    format!("p{paragraph}-{item}"),
                    format!("{short} ¶{paragraph}, item {item}"),
                )
            }
            UnitKind::Reference(n) if previous_was_row => (
                PassageKind::Reference,
                format!("note{n}"),
                format!("{short}, table note {n}"),
            ),
            UnitKind::Reference(n) => (
                PassageKind::Reference,
                format!("ref{n}"),
                format!("{short}, reference {n}"),
            ),
            UnitKind::Row(t) => {
                let table = &layout.tables[*t];
                let prefix = table.id.clone().unwrap_or_else(|| {
                    slug(table.label.split_whitespace().next().unwrap_or("row"))
                });
                // A block row (a signatory in three languages) is named by its first line.
                let first_line = if table.rows.as_deref() == Some("blocks") {
                    super::match_form(&unit.lines[0])
                } else {
                    super::match_form(&text)
                };
                let key = if table.rows.as_deref() == Some("blocks") {
                    first_line
                } else {
                    row_key(&first_line)
                };
                (
                    PassageKind::Row,
                    format!("{prefix}-{}", slug(&key)),
                    format!("{}: {key}", table.label),
                )
            }
        };
        previous_was_row = matches!(unit.kind, UnitKind::Row(_));
        // Ids stay unique and stable: a repeat gets the next free suffix, in reading order.
        let mut id = format!("{}/{local}", layout.doc_id);
        let mut k = 2;
        while !used_ids.insert(id.clone()) {
            id = format!("{}/{local}-{k}", layout.doc_id);
            k += 1;
        }
        let last_line = unit.first + unit.lines.len() as u32 - 1;
        passages.push(Passage {
            id,
            document: layout.doc_id.to_string(),
            label,
            kind,
            section: if kind == PassageKind::Heading {
                None
            } else {
                section.clone()
            },
            text,
            original,
            source: SourceSpan {
                file: layout.file.to_string(),
                lines: [unit.first, last_line],
            },
            repairs,
        });
    }
    Segmented { passages, skipped }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout<'a>(tables: &'a [TableDef]) -> Layout<'a> {
        Layout {
            doc_id: "d",
            short: "Doc",
            file: "f.txt",
            lines: [1, 100],
            preamble: None,
            tables,
        }
    }

    #[test]
    fn numbered_paragraphs_sub_items_and_hyphenation() {
        let text = "      3.    The states will\ncooperate:\n\n      (a)   facilitation of trans-\n            parency;\n\n      (b)   ensuring control.\n";
        let s = segment(text, &layout(&[]));
        let labels: Vec<_> = s.passages.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["Doc ¶3", "Doc ¶3(a)", "Doc ¶3(b)"]);
        assert_eq!(s.passages[1].text, "facilitation of transparency;");
        assert_eq!(
            s.passages[1].repairs,
            ["rejoined \"trans-\" + \"parency;\""]
        );
        assert!(s.passages[1].original.contains("trans-\n"));
        assert_eq!(s.passages[1].id, "d/p3a");
    }

    #[test]
    fn table_rows_and_headings() {
        let tables = [TableDef {
            lines: [3, 6],
            label: "Signatures".into(),
            id: None,
            rows: None,
            join: vec![[5, 6]],
        }];
        let text = "Current members\n\nKyrghyz Republic PDT Askar Akayev 01.06.94\nMalta DPM/FM Guido de Marco 26.04.95\nThe former Yugoslav\nRepublic of Macedonia 1\n\nA sentence that ends.\n";
        let s = segment(text, &layout(&tables));
        let ids: Vec<_> = s.passages.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "d/h-current-members",
                "d/signatures-kyrghyz-republic",
                "d/signatures-malta",
                "d/signatures-the-former-yugoslav-republic-of-macedonia",
                "d/p1"
            ]
        );
        assert_eq!(s.passages[4].section.as_deref(), Some("Current members"));
    }
}
