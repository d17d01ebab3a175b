//! Dates for rounds: a scenario with a `[calendar]` numbers its rounds from a start date
//! in steps of a week, month, quarter or year, and its events may be placed by date.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Week,
    Month,
    Quarter,
    Year,
}

impl Step {
    pub const NAMES: [&'static str; 4] = ["week", "month", "quarter", "year"];

    pub fn parse(name: &str) -> Option<Step> {
        match name {
            "week" => Some(Step::Week),
            "month" => Some(Step::Month),
            "quarter" => Some(Step::Quarter),
            "year" => Some(Step::Year),
            _ => None,
        }
    }
}

/// A calendar date; the day defaults to 1 and the month to January when not written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Reads `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (a TOML date-time keeps its date part) or `YYYY-Qn`.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.get(..10.min(text.len()))?;
        let mut parts = text.split('-');
        let year: i32 = parse_digits(parts.next()?, 4)?;
        let (month, day) = match (parts.next(), parts.next(), parts.next()) {
            (None, _, _) => (1, 1),
            (Some(q), None, _) if q.len() == 2 && q.starts_with('Q') => {
                let quarter: u32 = parse_digits(&q[1..], 1)?;
                if !(1..=4).contains(&quarter) {
                    return None;
                }
                (3 * quarter - 2, 1)
            }
            (Some(m), None, _) => (parse_digits(m, 2)?, 1),
            (Some(m), Some(d), None) => (parse_digits(m, 2)?, parse_digits(d, 2)?),
            _ => return None,
        };
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (Hinnant's `civil_from_days`).
    fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

fn parse_digits<T: std::str::FromStr>(text: &str, len: usize) -> Option<T> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Calendar {
    pub start: Date,
    pub step: Step,
}

impl Serialize for Calendar {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(2))?;
        let Date { year, month, day } = self.start;
        map.serialize_entry("start", &format!("{year:04}-{month:02}-{day:02}"))?;
        map.serialize_entry("step", &self.step)?;
        map.end()
    }
}

impl Calendar {
    /// The round (1-based; may be out of range) that contains `date`.
    pub fn round_of(&self, date: Date) -> i64 {
        let s = self.start;
        let steps = match self.step {
            Step::Week => (date.days() - s.days()).div_euclid(7),
            Step::Month => months(date) - months(s),
            Step::Quarter => quarters(date) - quarters(s),
            Step::Year => i64::from(date.year - s.year),
        };
        steps + 1
    }

    /// The label of round `round` (1-based): `YYYY-MM-DD` by week, `YYYY-MM` by month,
    /// `YYYY-Qn` by quarter, `YYYY` by year.
    pub fn label(&self, round: usize) -> RoundDate {
        let k = round as i64 - 1;
        let s = self.start;
        let date = match self.step {
            Step::Week => Date::from_days(s.days() + 7 * k),
            Step::Month => from_months(months(s) + k),
            Step::Quarter => from_months(months(s) + 3 * k),
            Step::Year => Date {
                year: s.year + k as i32,
                ..s
            },
        };
        RoundDate { date, step: self.step }
    }
}

fn months(d: Date) -> i64 {
    i64::from(d.year) * 12 + i64::from(d.month) - 1
}

fn quarters(d: Date) -> i64 {
    i64::from(d.year) * 4 + i64::from((d.month - 1) / 3)
}

fn from_months(m: i64) -> Date {
    Date {
        year: m.div_euclid(12) as i32,
        month: m.rem_euclid(12) as u32 + 1,
        day: 1,
    }
}

/// A round's date, displayed at the calendar's resolution.
#[derive(Debug, Clone, Copy)]
pub struct RoundDate {
    date: Date,
    step: Step,
}

impl fmt::Display for RoundDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Date { year, month, day } = self.date;
        match self.step {
            Step::Week => write!(f, "{year:04}-{month:02}-{day:02}"),
            Step::Month => write!(f, "{year:04}-{month:02}"),
            Step::Quarter => write!(f, "{year:04}-Q{}", (month - 1) / 3 + 1),
            Step::Year => write!(f, "{year:04}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cal(start: &str, step: Step) -> Calendar {
        Calendar {
            start: Date::parse(start).unwrap(),
            step,
        }
    }

    #[test]
    fn a_monthly_calendar_puts_february_2023_in_round_four_from_november_2022() {
        let c = cal("2022-11", Step::Month);
        assert_eq!(c.round_of(Date::parse("2023-02-04").unwrap()), 4);
        assert_eq!(c.label(4).to_string(), "2023-02");
    }

    #[test]
    fn weekly_labels_cross_month_and_leap_day_boundaries() {
        let c = cal("2024-02-26", Step::Week);
        assert_eq!(c.label(2).to_string(), "2024-03-04");
        assert_eq!(c.round_of(Date::parse("2024-03-04").unwrap()), 2);
        assert_eq!(c.round_of(Date::parse("2024-03-03").unwrap()), 1);
    }

    #[test]
    fn quarterly_and_yearly_labels() {
        assert_eq!(cal("2023-02", Step::Quarter).label(4).to_string(), "2023-Q4");
        assert_eq!(cal("2022", Step::Year).label(3).to_string(), "2024");
        assert_eq!(
            cal("2023-Q2", Step::Quarter).round_of(Date::parse("2024-01").unwrap()),
            4
        );
    }

    #[test]
    fn impossible_dates_are_rejected() {
        for bad in ["2023-13", "2023-02-30", "23-01", "2023/01", "2023-Q5", "soon"] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert!(Date::parse("2024-02-29").is_some());
    }
}
