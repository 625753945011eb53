//! Date and range parsing (src/date.rs): what `from`/`to` and corpus dates go through. Input: the
//! fuzzer's bytes as text when they are UTF-8, else a date built from them (real dates, well-formed
//! but impossible ones, junk, very long text).
//! Checks: a parsed date prints back as its input, has a real month and day, and covers a
//! non-empty interval of days; an error carries the input and its message stays short however
//! long the input; a range parses as its two ends, never reversed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pfp_almanac::date::{days_in_month, DateSpan, PartialDate};
use pfp_almanac::model::Precision;
use pfp_almanac_fuzz::arbitrary::{Result, Unstructured};
use pfp_almanac_fuzz::*;

fn check_date(s: &str) -> Option<PartialDate> {
    match PartialDate::parse(s) {
        Ok(d) => {
            assert_eq!(d.to_string(), s, "a date prints back as written");
            assert!((0..=9999).contains(&d.year));
            if let Some(m) = d.month {
                assert!((1..=12).contains(&m));
                if let Some(day) = d.day {
                    assert!(day >= 1 && day <= days_in_month(d.year, m), "{s}");
                }
            } else {
                assert!(d.day.is_none());
            }
            let expected = match (d.month, d.day) {
                (_, Some(_)) => Precision::Day,
                (Some(_), None) => Precision::Month,
                _ => Precision::Year,
            };
            assert_eq!(d.precision(), expected);
            let (first, last) = (d.first_day(), d.last_day());
            assert!(first <= last, "{s}: {first} > {last}");
            assert_eq!(first / 10_000, d.year as i64);
            assert_eq!(last / 10_000, d.year as i64);
            for day in [first, last] {
                let (m, dd) = ((day / 100 % 100) as u8, (day % 100) as u8);
                assert!(
                    (1..=12).contains(&m) && dd >= 1 && dd <= days_in_month(d.year, m),
                    "{s}: day {day}"
                );
            }
            Some(d)
        }
        Err(e) => {
            assert_eq!(e.input, s);
            let message = e.to_string();
            // The input is quoted (escaped) up to 40 characters: the message stays short however long it is.
            assert!(
                message.chars().count() <= 600,
                "a {}-character message for {} characters",
                message.chars().count(),
                s.chars().count()
            );
            None
        }
    }
}

fn check(s: &str) {
    let date = check_date(s);
    match DateSpan::parse(s) {
        Ok(span) => {
            assert!(span.first_day() <= span.last_day(), "{s}");
            match s.split_once('/') {
                None => {
                    assert_eq!(Some(span.start), date);
                    assert!(span.end.is_none());
                }
                Some((a, b)) => {
                    assert_eq!(Some(span.start), check_date(a));
                    assert_eq!(span.end, check_date(b));
                    assert!(span.precision() <= span.start.precision());
                }
            }
        }
        Err(e) => {
            assert!(e.to_string().chars().count() <= 600);
            if !s.contains('/') {
                assert!(date.is_none(), "{s} parses as a date but not as a span");
            }
        }
    }
}

fn run(data: &[u8]) -> Result<()> {
    if let Ok(s) = std::str::from_utf8(data) {
        check(s);
    }
    let mut u = Unstructured::new(data);
    let a = date_text(&mut u)?;
    check(&a);
    let b = date_text(&mut u)?;
    check(&format!("{a}/{b}"));
    if u.arbitrary()? {
        // Long input: refused, with a short message.
        let n = u.int_in_range(41..=5000usize)?;
        check(&a.repeat(n / a.len().max(1) + 1));
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
