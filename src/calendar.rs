//! Calendar days, working days and the Dutch public holidays (MODEL §2).
//!
//! The simulation clock counts calendar days as a [`Day`]: an index from the
//! first day the [`Calendar`] covers. The calendar precomputes, for every day
//! it covers, whether it is a working day and how many working days fall on or
//! before it, so that the deadline rules of MODEL §4 are O(1) look-ups.

use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};

/// A calendar day, counted from the first day of its [`Calendar`].
pub type Day = i32;

/// Which days are public holidays (MODEL §2).
///
/// The default is the paid holidays of the collective agreements that
/// Veilig Thuis staff work under: Nieuwjaarsdag, Paasmaandag, Koningsdag,
/// Bevrijdingsdag (every year), Hemelvaartsdag, Pinkstermaandag, 25 and 26
/// December. Goede Vrijdag is not a day off unless asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HolidayRules {
    /// Bevrijdingsdag (5 May) is a day off every year.
    pub liberation_day: bool,
    /// Goede Vrijdag (Easter − 2) is a day off.
    pub good_friday: bool,
    /// Extra days off (e.g. a collective closing day).
    #[serde(with = "crate::scenario::dates_serde")]
    pub add: Vec<Date>,
    /// Days that are working days although the rules above make them holidays.
    #[serde(with = "crate::scenario::dates_serde")]
    pub remove: Vec<Date>,
}

impl Default for HolidayRules {
    fn default() -> Self {
        HolidayRules {
            liberation_day: true,
            good_friday: false,
            add: Vec::new(),
            remove: Vec::new(),
        }
    }
}

/// Easter Sunday of a Gregorian year (anonymous Gregorian computus).
pub fn easter(year: i16) -> Date {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // The computus yields March or April and a day 1..=31 that exists in it.
    Date::constant(year, month as i8, day as i8)
}

impl HolidayRules {
    /// The holidays of one year under these rules, sorted, weekends included.
    pub fn holidays_of(&self, year: i16) -> Vec<Date> {
        let e = easter(year);
        let shift = |n: i64| e.checked_add(jiff::Span::new().days(n)).ok();
        let mut out = vec![Date::constant(year, 1, 1)];
        out.extend(shift(1)); // Paasmaandag
        let kings = Date::constant(year, 4, 27);
        out.push(if kings.weekday() == Weekday::Sunday {
            Date::constant(year, 4, 26)
        } else {
            kings
        });
        if self.liberation_day {
            out.push(Date::constant(year, 5, 5));
        }
        if self.good_friday {
            out.extend(shift(-2));
        }
        out.extend(shift(39)); // Hemelvaartsdag
        out.extend(shift(50)); // Pinkstermaandag
        out.push(Date::constant(year, 12, 25));
        out.push(Date::constant(year, 12, 26));
        out.extend(self.add.iter().copied().filter(|d| d.year() == year));
        out.retain(|d| !self.remove.contains(d));
        out.sort();
        out.dedup();
        out
    }

    /// Whether `date` is a public holiday under these rules.
    pub fn is_holiday(&self, date: Date) -> bool {
        self.holidays_of(date.year()).contains(&date)
    }
}

/// Days from 1970-01-01 to `date` (proleptic Gregorian; H. Hinnant's
/// `days_from_civil`).
pub fn serial_of(date: Date) -> i64 {
    let (y, m, d) = (
        i64::from(date.year()),
        i64::from(date.month()),
        i64::from(date.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Precomputed calendar over a closed range of dates.
#[derive(Debug, Clone)]
pub struct Calendar {
    first: Date,
    dates: Vec<Date>,
    working: Vec<bool>,
    /// Working days on or before each day, counting from the first day.
    cum_working: Vec<u32>,
    /// The days that are working days, in order.
    working_days: Vec<Day>,
}

/// Error for a date outside the range a calendar covers.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("date {0} lies outside the simulated calendar")]
pub struct OutOfRange(pub Date);

impl Calendar {
    /// Builds the calendar for every day from `first` to `last` inclusive.
    ///
    /// Errors when `last` is before `first` or a date is out of jiff's range.
    pub fn new(first: Date, last: Date, rules: &HolidayRules) -> Result<Calendar, OutOfRange> {
        if last < first {
            return Err(OutOfRange(last));
        }
        let mut dates = Vec::new();
        let mut working = Vec::new();
        let mut cum_working = Vec::new();
        let mut working_days = Vec::new();
        let mut holidays: Vec<Date> = Vec::new();
        let mut holiday_year = None;
        let mut d = first;
        let mut count = 0u32;
        loop {
            if holiday_year != Some(d.year()) {
                holidays = rules.holidays_of(d.year());
                holiday_year = Some(d.year());
            }
            let weekend = matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday);
            let is_working = !weekend && holidays.binary_search(&d).is_err();
            if is_working {
                count += 1;
                working_days.push(dates.len() as Day);
            }
            dates.push(d);
            working.push(is_working);
            cum_working.push(count);
            if d >= last {
                break;
            }
            d = d.tomorrow().map_err(|_| OutOfRange(d))?;
        }
        Ok(Calendar {
            first,
            dates,
            working,
            cum_working,
            working_days,
        })
    }

    /// Number of days covered.
    pub fn len(&self) -> usize {
        self.dates.len()
    }

    /// Whether the calendar covers no day (never true for a built calendar).
    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }

    /// The day index of a date, if covered.
    pub fn day_of(&self, date: Date) -> Result<Day, OutOfRange> {
        let days = i64::from((date - self.first).get_days());
        if days < 0 || days >= self.dates.len() as i64 {
            return Err(OutOfRange(date));
        }
        Ok(days as Day)
    }

    /// Days from 1970-01-01 to day `d`: a key for day-indexed random streams
    /// that does not depend on where the calendar starts.
    pub fn serial(&self, d: Day) -> i64 {
        serial_of(self.first) + i64::from(d)
    }

    /// The date of a day. Panics if `d` is not covered (an internal invariant).
    pub fn date(&self, d: Day) -> Date {
        self.dates[d as usize]
    }

    /// Whether `d` is a working day.
    pub fn is_working(&self, d: Day) -> bool {
        self.working[d as usize]
    }

    /// Calendar month of `d`, 1..=12.
    pub fn month(&self, d: Day) -> u8 {
        self.dates[d as usize].month() as u8
    }

    /// Calendar year of `d`.
    pub fn year(&self, d: Day) -> i16 {
        self.dates[d as usize].year()
    }

    /// Weekday of `d`, 0 = Monday … 6 = Sunday.
    pub fn weekday(&self, d: Day) -> usize {
        self.dates[d as usize].weekday().to_monday_zero_offset() as usize
    }

    /// Working days on or before `d` (within the calendar).
    pub fn working_days_through(&self, d: Day) -> u32 {
        self.cum_working[d as usize]
    }

    /// Index (0-based) among working days of the last working day on or
    /// before `d`; −1 when there is none in the calendar.
    pub fn working_index_on_or_before(&self, d: Day) -> i64 {
        i64::from(self.cum_working[d as usize]) - 1
    }

    /// The working day with the given 0-based working-day index, if covered.
    pub fn working_day(&self, index: i64) -> Option<Day> {
        usize::try_from(index)
            .ok()
            .and_then(|i| self.working_days.get(i).copied())
    }

    /// The `n`-th working day after day `d` (`n ≥ 1`), if covered.
    ///
    /// This is the triage deadline rule of MODEL §4 with `n = 5`: receipt on a
    /// Monday gives the next Monday, receipt on a Saturday the next Friday.
    pub fn nth_working_day_after(&self, d: Day, n: u32) -> Option<Day> {
        let k = i64::from(self.cum_working[d as usize]) + i64::from(n) - 1;
        self.working_day(k)
    }

    /// The first working day on or after `d`, if covered.
    pub fn next_working_on_or_after(&self, d: Day) -> Option<Day> {
        if self.is_working(d) {
            Some(d)
        } else {
            self.nth_working_day_after(d, 1)
        }
    }

    /// Working days in the calendar year `year`, within the covered range.
    pub fn working_days_in_year(&self, year: i16) -> usize {
        self.dates
            .iter()
            .zip(&self.working)
            .filter(|(d, w)| d.year() == year && **w)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn cal(y0: i16, y1: i16) -> Calendar {
        Calendar::new(date(y0, 1, 1), date(y1, 12, 31), &HolidayRules::default()).unwrap()
    }

    #[test]
    fn easter_known_years() {
        assert_eq!(easter(2024), date(2024, 3, 31));
        assert_eq!(easter(2025), date(2025, 4, 20));
        assert_eq!(easter(2026), date(2026, 4, 5));
        assert_eq!(easter(2019), date(2019, 4, 21));
        assert_eq!(easter(2000), date(2000, 4, 23));
        assert_eq!(easter(1818), date(1818, 3, 22)); // earliest possible
        assert_eq!(easter(1943), date(1943, 4, 25)); // latest possible
    }

    #[test]
    fn working_days_per_year_match_model() {
        let c = cal(2024, 2026);
        assert_eq!(c.working_days_in_year(2024), 256);
        assert_eq!(c.working_days_in_year(2025), 254);
        assert_eq!(c.working_days_in_year(2026), 254);
    }

    #[test]
    fn holidays_2025() {
        let r = HolidayRules::default();
        let h = r.holidays_of(2025);
        assert_eq!(
            h,
            vec![
                date(2025, 1, 1),
                date(2025, 4, 21),
                date(2025, 4, 26), // Koningsdag moves to Saturday 26 April
                date(2025, 5, 5),
                date(2025, 5, 29),
                date(2025, 6, 9),
                date(2025, 12, 25),
                date(2025, 12, 26),
            ]
        );
        // Goede Vrijdag is a working day by default.
        assert!(!r.is_holiday(date(2025, 4, 18)));
        let gf = HolidayRules {
            good_friday: true,
            ..HolidayRules::default()
        };
        assert!(gf.is_holiday(date(2025, 4, 18)));
    }

    #[test]
    fn add_and_remove_holidays() {
        let r = HolidayRules {
            liberation_day: false,
            add: vec![date(2025, 12, 24)],
            remove: vec![date(2025, 1, 1)],
            ..HolidayRules::default()
        };
        assert!(r.is_holiday(date(2025, 12, 24)));
        assert!(!r.is_holiday(date(2025, 1, 1)));
        assert!(!r.is_holiday(date(2025, 5, 5)));
        let c = Calendar::new(date(2025, 1, 1), date(2025, 12, 31), &r).unwrap();
        // 254 − 1 (24 Dec added) + 1 (1 Jan removed) + 1 (5 May not off)
        assert_eq!(c.working_days_in_year(2025), 255);
    }

    #[test]
    fn triage_deadline_rule() {
        let c = cal(2026, 2027);
        let d = |y, m, dd| c.day_of(date(y, m, dd)).unwrap();
        // Monday → next Monday.
        let mon = d(2026, 3, 2);
        assert_eq!(c.nth_working_day_after(mon, 5), Some(d(2026, 3, 9)));
        // Saturday → the Friday six days later.
        let sat = d(2026, 3, 7);
        assert_eq!(c.nth_working_day_after(sat, 5), Some(d(2026, 3, 13)));
        // Sunday → Friday too.
        assert_eq!(c.nth_working_day_after(sat + 1, 5), Some(d(2026, 3, 13)));
        // Over Christmas: 23 Dec 2026 + 5 working days = 31 Dec (crates.md check).
        assert_eq!(
            c.nth_working_day_after(d(2026, 12, 23), 5),
            Some(d(2026, 12, 31))
        );
        // Holidays are skipped: Thursday 30 April 2026 → 5 May is a holiday.
        assert_eq!(
            c.nth_working_day_after(d(2026, 4, 30), 5),
            Some(d(2026, 5, 8))
        );
    }

    #[test]
    fn day_index_round_trip() {
        let c = cal(2025, 2025);
        for i in 0..c.len() as Day {
            assert_eq!(c.day_of(c.date(i)).unwrap(), i);
        }
        assert!(c.day_of(date(2026, 1, 1)).is_err());
        assert!(c.day_of(date(2024, 12, 31)).is_err());
    }

    #[test]
    fn working_index_and_next_working_day() {
        let c = cal(2025, 2025);
        let sat = c.day_of(date(2025, 1, 4)).unwrap();
        let fri = c.day_of(date(2025, 1, 3)).unwrap();
        let mon = c.day_of(date(2025, 1, 6)).unwrap();
        assert_eq!(
            c.working_index_on_or_before(sat),
            c.working_index_on_or_before(fri)
        );
        assert_eq!(c.next_working_on_or_after(sat), Some(mon));
        assert_eq!(c.next_working_on_or_after(mon), Some(mon));
        // 1 Jan is a holiday: no working day on or before it in this calendar.
        assert_eq!(c.working_index_on_or_before(0), -1);
    }

    #[test]
    fn serial_counts_days_from_1970() {
        assert_eq!(serial_of(date(1970, 1, 1)), 0);
        assert_eq!(serial_of(date(2000, 3, 1)), 11_017);
        assert_eq!(serial_of(date(1969, 12, 31)), -1);
        let c = Calendar::new(
            date(2024, 2, 27),
            date(2024, 3, 2),
            &HolidayRules::default(),
        )
        .unwrap();
        for d in 0..c.len() as Day {
            assert_eq!(
                c.serial(d),
                i64::from((c.date(d) - date(1970, 1, 1)).get_days())
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn easter_is_a_sunday_in_march_or_april(y in 1583i16..4100) {
            let e = easter(y);
            proptest::prop_assert_eq!(e.weekday(), Weekday::Sunday);
            proptest::prop_assert!(e.month() == 3 || e.month() == 4);
            proptest::prop_assert!(e >= date(y, 3, 22) && e <= date(y, 4, 25));
        }

        #[test]
        fn nth_working_day_is_working_and_counts(off in 0i32..700, n in 1u32..20) {
            let c = cal(2024, 2026);
            if let Some(w) = c.nth_working_day_after(off, n) {
                proptest::prop_assert!(c.is_working(w));
                proptest::prop_assert_eq!(
                    c.working_days_through(w) - c.working_days_through(off), n);
            }
        }
    }
}
