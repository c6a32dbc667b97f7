//! Time as data: one instant type, [`Timestamp`], for every capability and binding. The library
//! never reads a clock: callers pass `now`. This module converts between Unix time and RFC 3339
//! UTC text (proleptic Gregorian calendar).

use core::fmt;
use core::time::Duration;

fn write_civil(f: &mut fmt::Formatter<'_>, secs: i64) -> fmt::Result {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    write!(f, "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}", rem / 3600, rem / 60 % 60, rem % 60)
}

/// Days since 1970-01-01 → (year, month, day). Howard Hinnant's algorithm.
const fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + (m <= 2) as i64, m, d)
}

/// (year, month, day) → days since 1970-01-01.
const fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 } as i64;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An instant with nanosecond precision, as protobuf's `Timestamp`, between 0001-01-01 and
/// 9999-12-31 (UTC) inclusive: what RFC 3339 can write and CometBFT can encode. Ordering is
/// chronological. Every constructor checks the range, so a value always formats and encodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z (negative before 1970).
    secs: i64,
    /// Nanoseconds within the second, `0..1_000_000_000`.
    nanos: u32,
}

/// 0001-01-01T00:00:00Z in Unix seconds.
const MIN_SECS: i64 = -62_135_596_800;
/// 9999-12-31T23:59:59Z in Unix seconds.
const MAX_SECS: i64 = 253_402_300_799;
const NANOS_PER_SEC: u32 = 1_000_000_000;

impl Timestamp {
    /// The Go zero time, 0001-01-01T00:00:00Z, which CometBFT writes for absent votes.
    pub const GO_ZERO: Timestamp = Timestamp { secs: MIN_SECS, nanos: 0 };
    /// 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: Timestamp = Timestamp { secs: 0, nanos: 0 };

    /// `secs` seconds and `nanos` nanoseconds after the Unix epoch; `None` if `nanos` is not
    /// below one second or the instant is outside years 1–9999.
    pub const fn new(secs: i64, nanos: u32) -> Option<Timestamp> {
        if nanos >= NANOS_PER_SEC || secs < MIN_SECS || secs > MAX_SECS {
            return None;
        }
        Some(Timestamp { secs, nanos })
    }

    /// From Unix seconds; `None` outside years 1–9999.
    pub const fn from_unix_secs(secs: i64) -> Option<Timestamp> {
        Timestamp::new(secs, 0)
    }

    /// From Unix milliseconds; `None` after year 9999.
    pub const fn from_unix_millis(ms: u64) -> Option<Timestamp> {
        if ms / 1000 > MAX_SECS as u64 {
            return None;
        }
        Timestamp::new((ms / 1000) as i64, (ms % 1000) as u32 * 1_000_000)
    }

    /// From nanoseconds since the Unix epoch; `None` outside years 1–9999.
    pub const fn from_unix_nanos(nanos: i128) -> Option<Timestamp> {
        let secs = nanos.div_euclid(NANOS_PER_SEC as i128);
        if secs < MIN_SECS as i128 || secs > MAX_SECS as i128 {
            return None;
        }
        Timestamp::new(secs as i64, nanos.rem_euclid(NANOS_PER_SEC as i128) as u32)
    }

    /// Whole seconds since the Unix epoch (rounded down: negative before 1970).
    pub const fn unix_secs(&self) -> i64 {
        self.secs
    }

    /// Nanoseconds within the second, `0..1_000_000_000`.
    pub const fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Unix milliseconds (the fraction truncated); `None` before 1970.
    pub const fn unix_millis(&self) -> Option<u64> {
        if self.secs < 0 {
            return None;
        }
        Some(self.secs as u64 * 1000 + (self.nanos / 1_000_000) as u64)
    }

    /// Nanoseconds since the Unix epoch.
    pub const fn unix_nanos(&self) -> i128 {
        self.secs as i128 * NANOS_PER_SEC as i128 + self.nanos as i128
    }

    /// `self + d`; `None` past year 9999.
    pub fn checked_add(self, d: Duration) -> Option<Timestamp> {
        Timestamp::from_unix_nanos(self.unix_nanos().checked_add(i128::try_from(d.as_nanos()).ok()?)?)
    }

    /// `self − d`; `None` before year 1.
    pub fn checked_sub(self, d: Duration) -> Option<Timestamp> {
        Timestamp::from_unix_nanos(self.unix_nanos().checked_sub(i128::try_from(d.as_nanos()).ok()?)?)
    }

    /// How long after `earlier` this instant is; `None` if it is before `earlier`.
    pub fn duration_since(self, earlier: Timestamp) -> Option<Duration> {
        let nanos = u128::try_from(self.unix_nanos() - earlier.unix_nanos()).ok()?;
        Some(Duration::new((nanos / 1_000_000_000) as u64, (nanos % 1_000_000_000) as u32))
    }

    /// Parses RFC 3339 text with up to nine fractional digits and a `Z` or `±hh:mm` offset,
    /// for years 0001–9999.
    pub fn parse(s: &str) -> Option<Timestamp> {
        let b = s.as_bytes();
        if b.len() < 20 || b.len() > 40 {
            return None;
        }
        let num = |r: core::ops::Range<usize>| -> Option<u32> {
            let mut v = 0u32;
            for &c in b.get(r)? {
                if !c.is_ascii_digit() {
                    return None;
                }
                v = v * 10 + u32::from(c - b'0');
            }
            Some(v)
        };
        let sep = |i: usize, c: &[u8]| b.get(i).is_some_and(|x| c.contains(x));
        if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
            return None;
        }
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let month_len = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        if y == 0
            || !(1..=12).contains(&mo)
            || d == 0
            || d > month_len[mo as usize - 1]
            || h > 23
            || mi > 59
            || sec > 59
        {
            return None;
        }
        let mut i = 19;
        let mut nanos = 0u32;
        if b[i] == b'.' {
            let start = i + 1;
            i = start;
            while i < b.len() && b[i].is_ascii_digit() {
                if i - start >= 9 {
                    return None;
                }
                nanos = nanos * 10 + u32::from(b[i] - b'0');
                i += 1;
            }
            if i == start {
                return None;
            }
            for _ in (i - start)..9 {
                nanos *= 10;
            }
        }
        let offset_secs: i64 = match b.get(i..)? {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
                let oh = i64::from(num(i + 1..i + 3)?);
                let om = i64::from(num(i + 4..i + 6)?);
                if oh > 23 || om > 59 {
                    return None;
                }
                let o = oh * 3600 + om * 60;
                if *sign == b'+' {
                    o
                } else {
                    -o
                }
            }
            _ => return None,
        };
        let days = days_from_civil(i64::from(y), mo, d);
        let secs = days * 86_400 + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(sec) - offset_secs;
        Timestamp::new(secs, nanos)
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 UTC with the fraction trimmed as Go prints it (`…:53.605374524Z`, `…:01Z`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_civil(f, self.secs)?;
        if self.nanos != 0 {
            let mut digits = [0u8; 9];
            let mut n = self.nanos;
            for d in digits.iter_mut().rev() {
                *d = b'0' + (n % 10) as u8;
                n /= 10;
            }
            let len = 9 - digits.iter().rev().take_while(|&&d| d == b'0').count();
            f.write_str(".")?;
            f.write_str(core::str::from_utf8(&digits[..len]).map_err(|_| fmt::Error)?)?;
        }
        f.write_str("Z")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn ms(ms: u64) -> Timestamp {
        Timestamp::from_unix_millis(ms).unwrap()
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(ms(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(ms(1_732_575_521_167).to_string(), "2024-11-25T22:58:41.167Z");
        assert_eq!(Timestamp::from_unix_secs(2_519_044_085).unwrap().to_string(), "2049-10-28T14:28:05Z");
        assert_eq!(Timestamp::from_unix_secs(951_782_400).unwrap().to_string(), "2000-02-29T00:00:00Z");
        assert_eq!(Timestamp::from_unix_secs(-1).unwrap().to_string(), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn parses_what_it_formats() {
        for n in [0u64, 1_732_575_521_167, 951_782_400_000, 4_102_444_799_999, 2_519_044_085_000] {
            assert_eq!(Timestamp::parse(&ms(n).to_string()), Some(ms(n)));
            assert_eq!(ms(n).unix_millis(), Some(n));
        }
        assert_eq!(Timestamp::parse("2024-11-25T22:58:41Z"), Some(ms(1_732_575_521_000)));
        assert_eq!(Timestamp::parse("2024-11-26T00:58:41.5+02:00"), Some(ms(1_732_575_521_500)));
    }

    #[test]
    fn timestamps_keep_nanoseconds_and_the_go_zero_time() {
        let t = Timestamp::parse("2023-05-17T14:12:53.605374524Z").unwrap();
        assert_eq!((t.unix_secs(), t.subsec_nanos()), (1_684_332_773, 605_374_524));
        assert_eq!(t.to_string(), "2023-05-17T14:12:53.605374524Z");
        assert_eq!(Timestamp::parse("0001-01-01T00:00:00Z"), Some(Timestamp::GO_ZERO));
        assert_eq!(Timestamp::GO_ZERO.to_string(), "0001-01-01T00:00:00Z");
        assert_eq!(Timestamp::parse("1970-01-01T00:00:01.5Z").unwrap().to_string(), "1970-01-01T00:00:01.5Z");
        assert_eq!(Timestamp::parse("2023-05-17T14:12:53.6053745241Z"), None);
        assert!(Timestamp::parse("1969-12-31T23:59:59.9Z").unwrap() < Timestamp::UNIX_EPOCH);
        assert_eq!(Timestamp::parse("1969-12-31T23:59:59.9Z").unwrap().unix_millis(), None);
    }

    #[test]
    fn constructors_keep_the_range_and_the_invariant() {
        assert_eq!(Timestamp::new(0, 1_000_000_000), None);
        assert_eq!(Timestamp::new(MIN_SECS - 1, 0), None);
        assert_eq!(Timestamp::new(MAX_SECS + 1, 0), None);
        assert_eq!(Timestamp::new(MAX_SECS, 999_999_999).unwrap().to_string(), "9999-12-31T23:59:59.999999999Z");
        assert_eq!(Timestamp::from_unix_millis(u64::MAX), None);
        assert_eq!(Timestamp::from_unix_nanos(-1), Timestamp::new(-1, 999_999_999));
        assert_eq!(Timestamp::from_unix_nanos(i128::MAX), None);
        // An offset can carry a valid local time out of range.
        assert_eq!(Timestamp::parse("0001-01-01T00:00:00+01:00"), None);
        assert_eq!(Timestamp::parse("9999-12-31T23:59:59-01:00"), None);
    }

    #[test]
    fn arithmetic_is_checked() {
        let t = ms(1_000);
        assert_eq!(t.checked_add(Duration::from_millis(1)), Some(ms(1_001)));
        assert_eq!(t.checked_sub(Duration::from_secs(2)).map(|t| t.unix_secs()), Some(-1));
        assert_eq!(Timestamp::GO_ZERO.checked_sub(Duration::from_nanos(1)), None);
        assert_eq!(Timestamp::new(MAX_SECS, 0).unwrap().checked_add(Duration::from_secs(1)), None);
        assert_eq!(t.checked_add(Duration::MAX), None);
        assert_eq!(ms(1_500).duration_since(t), Some(Duration::from_millis(500)));
        assert_eq!(t.duration_since(ms(1_500)), None);
    }

    #[test]
    fn rejects_malformed_text() {
        for s in [
            "",
            "2024-11-25",
            "2024-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-11-25T24:00:00Z",
            "2024-11-25T22:58:41",
            "2024-11-25T22:58:41.Z",
            "2024-11-25T22:58:41+2:00",
            "2024-11-25X22:58:41Z",
        ] {
            assert_eq!(Timestamp::parse(s), None, "{s}");
        }
    }
}
