//! Shared by the fuzz targets: the bundled almanac, inputs built from the fuzzer's bytes (often
//! from the corpus's own names, ids, dates and passage text, mutated), and the invariants every
//! answer must keep. Each `check_*` panics (a crash for libFuzzer) when an invariant breaks.

use arbitrary::{Arbitrary, Result, Unstructured};
use pfp_almanac::almanac::{MAX_LIMIT, MAX_QUERY_CHARS};
use pfp_almanac::date::{DateError, DateSpan, DayKey, PartialDate};
use pfp_almanac::model::{Event, EVENT_KINDS};
use pfp_almanac::{Almanac, QueryError, SearchOptions, TimelineQuery};
use std::collections::HashSet;
use std::sync::OnceLock;

pub use arbitrary;

/// The Partnership for Peace corpus, loaded once per fuzzing process.
pub fn almanac() -> &'static Almanac {
    static A: OnceLock<Almanac> = OnceLock::new();
    A.get_or_init(Almanac::bundled)
}

/// Strings of the real corpus: names, aliases, translations, ids, labels, kinds, dates.
fn pool() -> &'static [String] {
    static P: OnceLock<Vec<String>> = OnceLock::new();
    P.get_or_init(|| {
        let c = almanac().corpus();
        let mut out: Vec<String> = Vec::new();
        for e in &c.entities {
            out.push(e.id.clone());
            out.push(e.name.clone());
            out.extend(e.aliases.iter().cloned());
            out.extend(e.names.values().cloned());
        }
        for d in &c.documents {
            out.push(d.id.clone());
            out.push(d.title.clone());
            out.push(d.date.clone());
        }
        for p in &c.passages {
            out.push(p.id.clone());
            out.push(p.label.clone());
        }
        for e in &c.events {
            out.push(e.id.clone());
            out.push(e.date.clone());
            out.extend(e.end.clone());
        }
        out.extend(EVENT_KINDS.iter().map(|k| k.to_string()));
        out
    })
}

/// Characters that tend to matter to the text code: punctuation, apostrophes, combining marks,
/// letters that fold specially, astral characters (two UTF-16 units), the replacement character.
const ODD: &[char] = &[
    ' ', '-', '\'', '’', '.', ',', '(', ')', '«', '»', '"', '/', '\u{301}', '\u{308}', '\u{30c}',
    'ß', 'ẞ', 'ø', 'Ø', 'ł', 'đ', 'æ', 'œ', 'İ', 'ı', 'Å', 'Ǆ', 'й', 'ё', 'Σ', 'ς', '𝔸', '😀',
    '\u{fffd}', '\u{200b}', '\t', '\n', 's', 'S', '0', '9', 'é', 'Ü', '\u{212b}', '\u{212a}',
];

fn char_boundary_at(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// Small edits of a string: case, punctuation around it, a character in or out, a cut.
pub fn mutate(u: &mut Unstructured, mut s: String) -> Result<String> {
    for _ in 0..u.int_in_range(0..=4)? {
        let chars = s.chars().count();
        match u.int_in_range(0..=7)? {
            0 => s = s.to_uppercase(),
            1 => s = s.to_lowercase(),
            2 => {
                let c = *u.choose(ODD)?;
                s = format!("{c}{s}{c}");
            }
            3 => {
                let at = char_boundary_at(&s, u.int_in_range(0..=chars)?);
                let c = if u.arbitrary()? {
                    *u.choose(ODD)?
                } else {
                    u.arbitrary()?
                };
                s.insert(at, c);
            }
            4 if chars > 0 => {
                let at = char_boundary_at(&s, u.int_in_range(0..=chars - 1)?);
                s.remove(at);
            }
            5 => s.truncate(char_boundary_at(&s, u.int_in_range(0..=chars)?)),
            6 => {
                let other = u.choose(pool())?;
                s = if u.arbitrary()? {
                    format!("{s} {other}")
                } else {
                    format!("{other} {s}")
                };
            }
            _ => s.push_str(&String::arbitrary(u)?),
        }
    }
    Ok(s)
}

/// Some words of a real passage (a window of its text cut at character boundaries).
fn passage_window(u: &mut Unstructured) -> Result<String> {
    let passages = &almanac().corpus().passages;
    let text = &u.choose(passages)?.text;
    let chars = text.chars().count();
    let start = u.int_in_range(0..=chars)?;
    let len = u.int_in_range(0..=120usize)?;
    let from = char_boundary_at(text, start);
    let to = char_boundary_at(text, (start + len).min(chars));
    Ok(text[from..to].to_string())
}

/// Any text a reader or a page could pass: arbitrary UTF-8, bytes read lossily (what a lone
/// surrogate becomes at the wasm boundary), real names and passage words mutated, and text
/// around the length limit.
pub fn text(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0..=5)? {
        0 => String::arbitrary(u)?,
        1 => {
            let len = u.int_in_range(0..=64usize)?;
            String::from_utf8_lossy(u.bytes(len.min(u.len()))?).into_owned()
        }
        2 | 3 => {
            let base = u.choose(pool())?.clone();
            mutate(u, base)?
        }
        4 => {
            let w = passage_window(u)?;
            mutate(u, w)?
        }
        _ => {
            // Around MAX_QUERY_CHARS, in characters (not bytes): multi-byte and astral units too.
            let c = if u.arbitrary()? {
                *u.choose(ODD)?
            } else {
                u.arbitrary::<char>()?
            };
            let n = MAX_QUERY_CHARS - 2 + u.int_in_range(0..=4usize)?;
            std::iter::repeat_n(c, n).collect()
        }
    })
}

/// A date bound as a reader could write it: real dates, well-formed but odd dates, junk.
pub fn date_text(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0..=4)? {
        0 => {
            let year = u.int_in_range(0..=9999u32)?;
            let month = u.int_in_range(0..=13u32)?;
            let day = u.int_in_range(0..=32u32)?;
            match u.int_in_range(0..=2)? {
                0 => format!("{year:04}"),
                1 => format!("{year:04}-{month:02}"),
                _ => format!("{year:04}-{month:02}-{day:02}"),
            }
        }
        1 => {
            let year = u.int_in_range(1985..=2030u32)?;
            format!("{year}")
        }
        2 => {
            let events = &almanac().corpus().events;
            let e = u.choose(events)?;
            if u.arbitrary()? {
                e.date.clone()
            } else {
                e.end.clone().unwrap_or_else(|| e.date.clone())
            }
        }
        3 => {
            let base = u.choose(pool())?.clone();
            mutate(u, base)?
        }
        _ => String::arbitrary(u)?,
    })
}

fn maybe<T>(
    u: &mut Unstructured,
    f: impl FnOnce(&mut Unstructured) -> Result<T>,
) -> Result<Option<T>> {
    Ok(if u.arbitrary()? { Some(f(u)?) } else { None })
}

/// A limit or offset: mostly small, sometimes 0, the maximum, just past it, or huge.
fn count(u: &mut Unstructured) -> Result<u64> {
    Ok(match u.int_in_range(0..=6)? {
        0 => 0,
        1 => MAX_LIMIT,
        2 => MAX_LIMIT + 1,
        3 => u32::MAX.into(),
        4 => u64::MAX,
        5 => u.arbitrary()?,
        _ => u.int_in_range(1..=40)?,
    })
}

pub fn search_options(u: &mut Unstructured) -> Result<SearchOptions> {
    let documents = &almanac().corpus().documents;
    Ok(SearchOptions {
        limit: maybe(u, count)?,
        offset: maybe(u, count)?,
        document: maybe(u, |u| {
            Ok(if u.ratio(3, 4)? {
                u.choose(documents)?.id.clone()
            } else {
                text(u)?
            })
        })?,
        from: maybe(u, date_text)?,
        to: maybe(u, date_text)?,
    })
}

pub fn timeline_query(u: &mut Unstructured) -> Result<TimelineQuery> {
    let entities = &almanac().corpus().entities;
    Ok(TimelineQuery {
        from: maybe(u, date_text)?,
        to: maybe(u, date_text)?,
        entity: maybe(u, |u| {
            Ok(match u.int_in_range(0..=2)? {
                0 => u.choose(entities)?.id.clone(),
                1 => u.choose(entities)?.name.clone(),
                _ => text(u)?,
            })
        })?,
        kinds: maybe(u, |u| {
            let n = u.int_in_range(0..=3)?;
            (0..n)
                .map(|_| {
                    Ok(if u.ratio(4, 5)? {
                        u.choose(EVENT_KINDS)?.to_string()
                    } else {
                        text(u)?
                    })
                })
                .collect()
        })?,
    })
}

/// The interval of days a date bound covers, or why it is not a date.
fn bound(s: &Option<String>) -> std::result::Result<Option<PartialDate>, ()> {
    s.as_deref()
        .map(PartialDate::parse)
        .transpose()
        .map_err(|_| ())
}

/// Which error, if any, the almanac must give for these date bounds (`from` is checked first).
fn range_error(from: &Option<String>, to: &Option<String>) -> Option<&'static str> {
    let f = match bound(from) {
        Err(()) => return Some("from"),
        Ok(f) => f,
    };
    let t = match bound(to) {
        Err(()) => return Some("to"),
        Ok(t) => t,
    };
    match (f, t) {
        (Some(f), Some(t)) if f.first_day() > t.last_day() => Some("reversed"),
        _ => None,
    }
}

/// Whether `e` is the date error `range_error` predicted ("from", "to" or "reversed").
fn is_range_error(e: &QueryError, why: &str) -> bool {
    match e {
        QueryError::InvalidDate { field, .. } => *field == why,
        QueryError::ReversedRange { .. } => why == "reversed",
        _ => false,
    }
}

/// The answer when no error is expected; when one is, checks it is that one (`is`) and that its
/// message formats. Any other outcome is a broken invariant.
fn outcome<T>(
    call: &str,
    expected: Option<&str>,
    result: Result<T, QueryError>,
    is: impl Fn(&QueryError, &str) -> bool,
) -> Option<T> {
    match (expected, result) {
        (None, Ok(r)) => Some(r),
        (Some(why), Err(e)) => {
            assert!(is(&e, why), "{call}: expected a {why} error, got {e:?}");
            let _ = e.to_string();
            None
        }
        (None, Err(e)) => panic!("{call} failed: {e}"),
        (Some(why), Ok(_)) => panic!("{call} should fail ({why}), but answered"),
    }
}

fn days(from: &Option<String>, to: &Option<String>) -> (DayKey, DayKey) {
    let f = bound(from)
        .expect("checked")
        .map_or(DayKey::MIN, |d| d.first_day());
    let t = bound(to)
        .expect("checked")
        .map_or(DayKey::MAX, |d| d.last_day());
    (f, t)
}

fn days_of(span: Result<DateSpan, DateError>) -> (DayKey, DayKey) {
    span.map_or((DayKey::MIN, DayKey::MAX), |s| {
        (s.first_day(), s.last_day())
    })
}

fn event_span(e: &Event) -> (DayKey, DayKey) {
    days_of(DateSpan::from_parts(&e.date, e.end.as_deref()))
}

fn too_long(s: &str) -> bool {
    s.chars().count() > MAX_QUERY_CHARS
}

/// The UTF-16 offsets at which a string may be cut without splitting a character.
pub fn utf16_boundaries(s: &str) -> HashSet<u32> {
    let mut out = HashSet::with_capacity(s.len() + 1);
    let mut pos = 0u32;
    out.insert(0);
    for c in s.chars() {
        pos += c.len_utf16() as u32;
        out.insert(pos);
    }
    out
}

/// The slice of `s` between two UTF-16 offsets (both checked to be boundaries).
pub fn utf16_slice(s: &str, start: u32, end: u32) -> &str {
    let (mut pos, mut from, mut to) = (0u32, None, None);
    for (i, c) in s.char_indices() {
        if pos == start {
            from = Some(i);
        }
        if pos == end {
            to = Some(i);
        }
        pos += c.len_utf16() as u32;
    }
    if pos == start {
        from = Some(s.len());
    }
    if pos == end {
        to = Some(s.len());
    }
    &s[from.expect("start on a boundary")..to.expect("end on a boundary")]
}

/// Search: the right error for bad options and nothing else; otherwise each passage at most once,
/// paged consistently, best first, within the filters, and highlights inside the snippet on
/// UTF-16 character boundaries; a page is the same slice of the unpaged ranking.
pub fn check_search(a: &Almanac, query: &str, options: &SearchOptions) {
    let result = a.search(query, options);
    let limit = options.limit.unwrap_or(10);
    let unknown_document = options
        .document
        .as_ref()
        .is_some_and(|d| a.document(d).is_none());
    let expected = if too_long(query) {
        Some("query")
    } else if !(1..=MAX_LIMIT).contains(&limit) {
        Some("limit")
    } else if unknown_document {
        Some("document")
    } else {
        range_error(&options.from, &options.to)
    };
    let call = format!("search({query:?}, {options:?})");
    let Some(r) = outcome(&call, expected, result, |e, why| match (e, why) {
        (QueryError::TooLong { field, .. }, "query") => *field == "query",
        (QueryError::InvalidLimit { field, value }, "limit") => {
            *field == "limit" && *value == limit
        }
        (QueryError::UnknownDocument { .. }, "document") => true,
        _ => is_range_error(e, why),
    }) else {
        return;
    };
    let offset = usize::try_from(options.offset.unwrap_or(0)).unwrap_or(usize::MAX);
    let total = r.total as usize;
    assert_eq!(
        r.hits.len(),
        (limit as usize).min(total.saturating_sub(offset)),
        "page size: {query:?} {options:?}"
    );
    if !query.chars().any(char::is_alphanumeric) {
        assert_eq!(total, 0, "a query without a word matched: {query:?}");
    }
    let mut seen = HashSet::new();
    let (from, to) = days(&options.from, &options.to);
    for (i, hit) in r.hits.iter().enumerate() {
        assert!(
            seen.insert(hit.passage.as_str()),
            "passage {} twice for {query:?}",
            hit.passage
        );
        let p = a.passage(&hit.passage).expect("a hit is a real passage");
        assert_eq!(hit.document, p.document);
        assert_eq!(hit.label, p.label);
        if let Some(d) = &options.document {
            assert_eq!(&hit.document, d, "document filter");
        }
        let doc = a
            .document(&p.document)
            .expect("the passage's document exists");
        let (first, last) = days_of(DateSpan::parse(&doc.date));
        assert!(
            first <= to && last >= from,
            "{} ({}) is outside {options:?}",
            hit.passage,
            doc.date
        );
        assert!(
            hit.score.is_finite() && hit.score > 0.0,
            "score {} for {query:?}",
            hit.score
        );
        if i > 0 {
            assert!(
                r.hits[i - 1].score >= hit.score,
                "hits not best first for {query:?}"
            );
        }
        // The snippet is the passage's text, cut (with "…") at most at both ends.
        let inner = hit.snippet.strip_prefix('…').unwrap_or(&hit.snippet);
        let inner = inner.strip_suffix('…').unwrap_or(inner);
        assert!(
            p.text.contains(inner),
            "snippet {:?} is not from {}",
            hit.snippet,
            p.id
        );
        let bounds = utf16_boundaries(&hit.snippet);
        let mut previous_end = 0;
        for &[s, e] in &hit.highlights {
            assert!(s < e, "empty highlight {s}..{e} in {:?}", hit.snippet);
            assert!(
                bounds.contains(&s) && bounds.contains(&e),
                "highlight {s}..{e} splits a character of {:?}",
                hit.snippet
            );
            assert!(
                s >= previous_end,
                "highlights overlap or are out of order in {:?}",
                hit.snippet
            );
            previous_end = e;
            let word = utf16_slice(&hit.snippet, s, e);
            assert!(
                word.chars().next().is_some_and(char::is_alphanumeric),
                "highlight {word:?} is not a word"
            );
        }
    }
    if (offset > 0 || limit < MAX_LIMIT) && total <= MAX_LIMIT as usize {
        // A page is the same slice of the whole ranking, with the same total.
        let all = a
            .search(
                query,
                &SearchOptions {
                    limit: Some(MAX_LIMIT),
                    offset: None,
                    ..options.clone()
                },
            )
            .expect("the same query without paging");
        assert_eq!(
            all.total, r.total,
            "total changes with paging: {query:?} {options:?}"
        );
        let ids: Vec<&str> = all
            .hits
            .iter()
            .skip(offset)
            .take(limit as usize)
            .map(|h| h.passage.as_str())
            .collect();
        let page: Vec<&str> = r.hits.iter().map(|h| h.passage.as_str()).collect();
        assert_eq!(
            ids, page,
            "a page is not a slice of the whole: {query:?} {options:?}"
        );
    }
}

/// Timeline: the right error for bad options and nothing else; otherwise exactly the events of
/// the whole timeline that pass the filters, in the same order, sorted by date.
pub fn check_timeline(a: &Almanac, q: &TimelineQuery) {
    let result = a.timeline(q);
    let bad_kind = q
        .kinds
        .as_ref()
        .and_then(|ks| ks.iter().find(|k| !EVENT_KINDS.contains(&k.as_str())));
    let entity = q.entity.as_ref().map(|e| {
        if too_long(e) {
            Err("long")
        } else {
            a.entity(e)
                .or_else(|| a.lookup(e).ok().flatten())
                .map(|x| x.id.clone())
                .ok_or("unknown")
        }
    });
    let expected = range_error(&q.from, &q.to)
        .or(bad_kind.map(|_| "kind"))
        .or(match &entity {
            Some(Err(why)) => Some(*why),
            _ => None,
        });
    let Some(events) = outcome(
        &format!("timeline({q:?})"),
        expected,
        result,
        |e, why| match (e, why) {
            (QueryError::UnknownKind { kind }, "kind") => Some(kind) == bad_kind,
            (QueryError::TooLong { field, .. }, "long") => *field == "entity",
            (QueryError::UnknownEntity { .. }, "unknown") => true,
            _ => is_range_error(e, why),
        },
    ) else {
        return;
    };
    let (from, to) = days(&q.from, &q.to);
    let entity = entity.map(|e| e.expect("checked"));
    let all = a
        .timeline(&TimelineQuery::default())
        .expect("the whole timeline");
    let want: Vec<&str> = all
        .iter()
        .filter(|e| {
            let (first, last) = event_span(e);
            first <= to && last >= from
        })
        .filter(|e| entity.as_ref().is_none_or(|id| e.entities.contains(id)))
        .filter(|e| q.kinds.as_ref().is_none_or(|ks| ks.contains(&e.kind)))
        .map(|e| e.id.as_str())
        .collect();
    let got: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        got, want,
        "timeline({q:?}) is not the filtered whole timeline"
    );
    for w in events.windows(2) {
        let (a, b) = (event_span(w[0]), event_span(w[1]));
        assert!(
            (a.0, a.1, &w[0].id) <= (b.0, b.1, &w[1].id),
            "{} before {}",
            w[0].id,
            w[1].id
        );
    }
}

/// Lookup: an error only for text over the limit; a found entity is one `entity(id)` returns;
/// the answer ignores ASCII case and punctuation around the text.
pub fn check_lookup(a: &Almanac, text: &str) {
    match a.lookup(text) {
        Err(e) => {
            assert!(too_long(text), "lookup({text:?}) failed: {e}");
            assert!(
                matches!(e, QueryError::TooLong { field: "text", .. }),
                "{e:?}"
            );
        }
        Ok(found) => {
            assert!(
                !too_long(text),
                "lookup accepted {} characters",
                text.chars().count()
            );
            if let Some(e) = found {
                assert!(std::ptr::eq(a.entity(&e.id).expect("found by id"), e));
            }
            if text.chars().count() <= MAX_QUERY_CHARS - 4 {
                let id = |t: &str| a.lookup(t).expect("short enough").map(|e| e.id.clone());
                let plain = found.map(|e| e.id.clone());
                assert_eq!(
                    id(&format!("({text}).")),
                    plain,
                    "punctuation around {text:?}"
                );
                assert_eq!(
                    id(&text.to_ascii_uppercase()),
                    plain,
                    "upper case of {text:?}"
                );
                assert_eq!(
                    id(&text.to_ascii_lowercase()),
                    plain,
                    "lower case of {text:?}"
                );
            }
        }
    }
}

/// Suggest: an error only for too long a prefix or a bad limit; at most `limit` distinct entities.
pub fn check_suggest(a: &Almanac, prefix: &str, limit: Option<u64>) {
    let bad_limit = !(1..=MAX_LIMIT).contains(&limit.unwrap_or(8));
    match a.suggest(prefix, limit) {
        Err(e) => assert!(
            too_long(prefix) || bad_limit,
            "suggest({prefix:?}, {limit:?}) failed: {e}"
        ),
        Ok(found) => {
            assert!(
                !too_long(prefix) && !bad_limit,
                "suggest({prefix:?}, {limit:?}) should fail"
            );
            assert!(found.len() <= limit.unwrap_or(8) as usize);
            let ids: HashSet<&str> = found.iter().map(|e| e.id.as_str()).collect();
            assert_eq!(
                ids.len(),
                found.len(),
                "suggest({prefix:?}) repeats an entity"
            );
        }
    }
}
