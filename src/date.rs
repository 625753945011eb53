//! Dates of their own precision ("1994", "1994-01", "1994-01-10") and ranges between them.
//!
//! A date stands for an interval of days: "1994" is 1 January to 31 December 1994. Filters use
//! overlap of these intervals, so a year bound never makes a date more exact than it is.

use crate::model::Precision;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// A calendar day as a sortable number (`yyyymmdd`), enough for comparisons.
pub type DayKey = i64;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError {
    pub input: String,
    pub reason: String,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A date is at most 10 characters: a long input is shown cut, so that a megabyte of
        // text does not become a megabyte of error message.
        const SHOWN: usize = 40;
        let chars = self.input.chars().count();
        if chars > SHOWN {
            let cut: String = self.input.chars().take(SHOWN).collect();
            write!(
                f,
                "invalid date {cut:?}... ({chars} characters): {}",
                self.reason
            )
        } else {
            write!(f, "invalid date {:?}: {}", self.input, self.reason)
        }
    }
}

impl std::error::Error for DateError {}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, rejecting impossible days such as 2023-02-30.
    pub fn parse(input: &str) -> Result<Self, DateError> {
        let err = |reason: &str| DateError {
            input: input.to_string(),
            reason: reason.to_string(),
        };
        let parts: Vec<&str> = input.split('-').collect();
        if parts.is_empty() || parts.len() > 3 {
            return Err(err("expected YYYY, YYYY-MM or YYYY-MM-DD"));
        }
        let number = |s: &str, width: usize, what: &str| -> Result<u32, DateError> {
            if s.len() != width || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err(&format!("the {what} must be {width} digits")));
            }
            Ok(s.parse().expect("checked digits"))
        };
        let year = number(parts[0], 4, "year")? as i32;
        let month = match parts.get(1) {
            Some(s) => {
                let m = number(s, 2, "month")?;
                if !(1..=12).contains(&m) {
                    return Err(err("the month must be 01 to 12"));
                }
                Some(m as u8)
            }
            None => None,
        };
        let day = match (parts.get(2), month) {
            (Some(s), Some(m)) => {
                let d = number(s, 2, "day")?;
                let max = days_in_month(year, m);
                if d == 0 || d > max as u32 {
                    return Err(err(&format!(
                        "day {d} does not exist in {year}-{m:02} (it has {max} days)"
                    )));
                }
                Some(d as u8)
            }
            _ => None,
        };
        Ok(PartialDate { year, month, day })
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (_, Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// First day this date can mean.
    pub fn first_day(&self) -> DayKey {
        let m = self.month.unwrap_or(1) as i64;
        let d = self.day.unwrap_or(1) as i64;
        self.year as i64 * 10_000 + m * 100 + d
    }

    /// Last day this date can mean.
    pub fn last_day(&self) -> DayKey {
        let m = self.month.unwrap_or(12);
        let d = self.day.unwrap_or_else(|| days_in_month(self.year, m));
        self.year as i64 * 10_000 + m as i64 * 100 + d as i64
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// A date or a range `start/end`, as written in corpus sources and document dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateSpan {
    pub start: PartialDate,
    pub end: Option<PartialDate>,
}

impl DateSpan {
    /// Parses a span as written in the sources: `start` or `start/end`.
    pub fn parse(input: &str) -> Result<Self, DateError> {
        match input.split_once('/') {
            None => Self::from_parts(input, None),
            Some((start, end)) => Self::from_parts(start, Some(end)),
        }
    }

    /// Parses a span stored as its two ends (an event's `date` and `end`): the one place a date
    /// with an optional end becomes a span, for the compiler, the bundle check and the almanac.
    pub fn from_parts(start: &str, end: Option<&str>) -> Result<Self, DateError> {
        let start_date = PartialDate::parse(start)?;
        let Some(end) = end else {
            return Ok(DateSpan {
                start: start_date,
                end: None,
            });
        };
        let end_date = PartialDate::parse(end)?;
        if end_date.last_day() < start_date.first_day() {
            return Err(DateError {
                input: format!("{start}/{end}"),
                reason: format!("the range ends ({end_date}) before it starts ({start_date})"),
            });
        }
        Ok(DateSpan {
            start: start_date,
            end: Some(end_date),
        })
    }

    pub fn first_day(&self) -> DayKey {
        self.start.first_day()
    }

    pub fn last_day(&self) -> DayKey {
        self.end.unwrap_or(self.start).last_day()
    }

    /// Coarsest precision of the two ends: a range is only as exact as its vaguer end.
    pub fn precision(&self) -> Precision {
        let p = self.start.precision();
        self.end.map_or(p, |e| p.min(e.precision()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision_and_rejects_impossible_days() {
        assert_eq!(
            PartialDate::parse("1994").unwrap().precision(),
            Precision::Year
        );
        assert_eq!(
            PartialDate::parse("1994-01").unwrap().to_string(),
            "1994-01"
        );
        assert_eq!(PartialDate::parse("2024-02-29").unwrap().day, Some(29));
        let e = PartialDate::parse("2023-02-30").unwrap_err();
        assert!(
            e.to_string().contains("day 30 does not exist in 2023-02"),
            "{e}"
        );
        assert!(PartialDate::parse("1994-13").is_err());
        assert!(PartialDate::parse("94-01-10").is_err());
        assert!(PartialDate::parse("").is_err());
        assert!(PartialDate::parse("1994-1-10").is_err());
    }

    #[test]
    fn a_date_covers_its_whole_interval() {
        let y = PartialDate::parse("1996").unwrap();
        assert_eq!((y.first_day(), y.last_day()), (19960101, 19961231));
        let m = PartialDate::parse("1996-02").unwrap();
        assert_eq!(m.last_day(), 19960229);
    }

    #[test]
    fn ranges_must_not_be_reversed() {
        assert!(DateSpan::parse("1996/2005").is_ok());
        let e = DateSpan::parse("2005/1996").unwrap_err();
        assert!(e.reason.contains("before it starts"));
        assert_eq!(DateSpan::from_parts("2005", Some("1996")), Err(e));
    }

    #[test]
    fn a_stored_span_is_the_written_one() {
        for (start, end) in [
            ("1994", None),
            ("1994-01", Some("1996")),
            ("1996-02-29", Some("1996-03")),
        ] {
            let written = end.map_or(start.to_string(), |e| format!("{start}/{e}"));
            assert_eq!(DateSpan::from_parts(start, end), DateSpan::parse(&written));
        }
        // Stored, each end is one date: a range in the start is not read as one.
        assert!(DateSpan::from_parts("1994/1995", None).is_err());
    }
}
