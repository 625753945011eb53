//! An event's date may be no more exact than the quotes it cites: whether a quote gives a year,
//! a month or a day, in the forms the sources write them.

use crate::date::{DateSpan, PartialDate};
use crate::model::Citation;
use std::collections::HashSet;

/// Whether a quote names a year: "1995", or its last two digits after a dot ("26.04.95"), but
/// not as part of a longer number or of a decade ("the 2000s", "the 1990's").
fn gives_year(quote: &str, year: i32) -> bool {
    [format!("{year:04}"), format!(".{:02}", year % 100)]
        .iter()
        .any(|form| {
            quote.match_indices(form.as_str()).any(|(i, f)| {
                let after = &quote[i + f.len()..];
                let digit_before = quote[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_digit())
                    && !f.starts_with('.');
                let decade =
                    after.starts_with('s') || after.starts_with("'s") || after.starts_with("’s");
                !digit_before && !after.starts_with(|c: char| c.is_ascii_digit()) && !decade
            })
        })
}

/// The decade a range stands for when it is a whole one ("2000/2009"), the only date a quote
/// that gives a decade ("over the course of the 2000s") attests.
fn whole_decade(span: &DateSpan) -> Option<i32> {
    let end = span.end?;
    let (s, e) = (span.start, end);
    (s.month.is_none() && e.month.is_none() && s.year % 10 == 0 && e.year == s.year + 9)
        .then_some(s.year)
}

fn gives_decade(quote: &str, decade: i32) -> bool {
    quote.contains(&format!("{decade:04}s"))
}

/// English month names, as the sources write dates ("26 April 1995"); table rows use them too.
pub(super) const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
/// Russian month names, in the nominative (`russian_forms` gives the other cases).
#[rustfmt::skip]
const MONTHS_RU: [&str; 12] = [
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
];

/// A Russian month's name in the nominative, genitive and prepositional cases: "март", "марта",
/// "марте"; "январь", "января", "январе"; "май", "мая", "мае".
fn russian_forms(nominative: &str) -> [String; 3] {
    let (stem, genitive) = match nominative.strip_suffix(['ь', 'й']) {
        Some(stem) => (stem, 'я'),
        None => (nominative, 'а'),
    };
    [
        nominative.to_string(),
        format!("{stem}{genitive}"),
        format!("{stem}е"),
    ]
}

/// Whether a quote names a month of a year: by name in English ("October", "OCTOBER", "Oct."),
/// French ("octobre", "MAI") or Russian ("октября", "МАЯ"), or in figures with the year
/// ("26.04.95", "04.95", "04.1995", "1995-04").
fn gives_month(quote: &str, year: i32, month: u8) -> bool {
    let m = usize::from(month - 1);
    let en = MONTHS_EN[m];
    let russian = russian_forms(MONTHS_RU[m]);
    let by_name = quote.split(|c: char| !c.is_alphabetic()).any(|word| {
        let lower = word.to_lowercase();
        word == en
            || word == en.to_uppercase()
            || (en.len() > 3 && (word == &en[..3] || (month == 9 && word == "Sept")))
            || lower == MONTHS_FR[m]
            || lower == crate::text::fold(MONTHS_FR[m])
            || russian.contains(&lower)
    });
    let yy = year % 100;
    by_name
        || [
            format!("{month:02}.{yy:02}"),
            format!("{month:02}.{year:04}"),
            format!("{month:02}/{year:04}"),
            format!("{year:04}-{month:02}"),
        ]
        .iter()
        .any(|form| contains_figures(quote, form))
}

/// Whether `form` occurs in `text` with no digit right before or after it.
fn contains_figures(text: &str, form: &str) -> bool {
    text.match_indices(form).any(|(i, f)| {
        let before = text[..i].chars().next_back();
        let after = text[i + f.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

/// How many documents give an event's date (quotes that carry its year, or its decade).
pub(super) fn date_sources(span: &DateSpan, citations: &[Citation]) -> usize {
    let decade = whole_decade(span);
    citations
        .iter()
        .filter(|c| {
            gives_year(&c.quote, span.start.year)
                || decade.is_some_and(|d| gives_decade(&c.quote, d))
        })
        .map(|c| &c.document)
        .collect::<HashSet<_>>()
        .len()
}

/// An event's date may be no more exact than its sources. For each end of it, some quote must
/// give the year; for a month or day, the same quote must also give the month ("October 1994",
/// "10.94"); for a day, that quote must give the day too ("26.04.95", "April 26, 1995"). A quote
/// that gives only a decade attests the whole decade ("2000/2009") and nothing finer.
pub(super) fn date_is_attested(span: &DateSpan, citations: &[Citation]) -> Result<(), String> {
    if let Some(decade) = whole_decade(span) {
        if citations.iter().any(|c| gives_decade(&c.quote, decade)) {
            return Ok(());
        }
    }
    // The date as written, with one end made less exact: what to write instead.
    let lowered = |end_index: usize, less: PartialDate| -> String {
        match (end_index, span.end) {
            (0, None) => less.to_string(),
            (0, Some(e)) => format!("{less}/{e}"),
            (_, _) => format!("{}/{less}", span.start),
        }
    };
    for (i, end) in std::iter::once(span.start).chain(span.end).enumerate() {
        let with_year: Vec<&str> = citations
            .iter()
            .map(|c| c.quote.as_str())
            .filter(|q| gives_year(q, end.year))
            .collect();
        if with_year.is_empty() {
            let decade = end.year / 10 * 10;
            let decade_note = if citations.iter().any(|c| gives_decade(&c.quote, decade)) {
                format!(
                    " (\"{decade}s\" attests only the whole decade: date = \"{decade}/{}\")",
                    decade + 9
                )
            } else {
                String::new()
            };
            return Err(format!(
                "no quote gives the year {:04}{decade_note}: cite words that give it",
                end.year
            ));
        }
        let Some(month) = end.month else { continue };
        let year_only = PartialDate {
            year: end.year,
            month: None,
            day: None,
        };
        let with_month: Vec<&str> = with_year
            .into_iter()
            .filter(|q| gives_month(q, end.year, month))
            .collect();
        if with_month.is_empty() {
            return Err(format!(
                "no quote with the year {:04} names the month ({}): cite words that do, or write date = \"{}\"",
                end.year, MONTHS_EN[usize::from(month - 1)], lowered(i, year_only)
            ));
        }
        let Some(day) = end.day else { continue };
        let gives_day = |q: &&str| {
            q.split(|ch: char| !ch.is_ascii_digit())
                .any(|w| w.parse::<u8>().ok() == Some(day))
        };
        if !with_month.iter().any(gives_day) {
            let month_only = PartialDate { day: None, ..end };
            return Err(format!(
                "no quote with the year and month gives the day {day}: cite words that do, or write date = \"{}\"",
                lowered(i, month_only)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_months_are_read_where_the_seeds_write_them() {
        assert!(gives_year("On April 26, 1995, Malta", 1995));
        assert!(gives_year("Malta DPM/FM Guido de Marco 26.04.95", 1995));
        assert!(!gives_year("over the course of the 2000s", 2000));
        assert!(!gives_year("in the 1990's", 1990));
        assert!(!gives_year("item 19950", 1995));
        assert!(gives_month("SIGNÉ A ROME, LE 28 MAI 2002", 2002, 5));
        assert!(gives_month("ПОДПИСАНО В РИМЕ 28 МАЯ 2002 года", 2002, 5));
        assert!(gives_month("agreed in December 2001", 2001, 12));
        assert!(gives_month("Malta 26.04.95", 1995, 4));
        assert!(gives_month("reported 10.94", 1994, 10));
        assert!(!gives_month(
            "This cooperation may complement 2002",
            2002,
            5
        ));
        assert!(!gives_month("Malta 26.04.95", 1995, 6));
        assert!(!gives_month("In 1994", 1994, 10));
    }
}
