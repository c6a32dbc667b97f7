//! Time as data. The library never reads a clock: callers pass `now` as Unix milliseconds.
//! This module converts between Unix time and RFC 3339 UTC text (proleptic Gregorian calendar).

use core::fmt;

/// Unix milliseconds, displayed as RFC 3339 UTC (`2024-11-25T22:58:41.167Z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Millis(pub u64);

/// Unix seconds, displayed as RFC 3339 UTC (`2024-11-25T22:58:41Z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seconds(pub i64);

impl fmt::Display for Millis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = (self.0 / 1000) as i64;
        write_civil(f, secs)?;
        write!(f, ".{:03}Z", self.0 % 1000)
    }
}

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_civil(f, self.0)?;
        f.write_str("Z")
    }
}

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

/// Parses RFC 3339 UTC-or-offset text (`2024-11-25T22:58:41Z`, `…41.167Z`, `…41+02:00`)
/// into Unix milliseconds. Returns `None` for anything malformed or before 1970.
pub fn parse_rfc3339(s: &str) -> Option<u64> {
    let t = Timestamp::parse(s)?;
    u64::try_from(t.secs).ok().map(|secs| secs * 1000 + u64::from(t.nanos / 1_000_000))
}

/// An instant with nanosecond precision, as protobuf's `Timestamp`: seconds since the Unix
/// epoch (negative before 1970; the Go zero time 0001-01-01 is −62135596800) and nanoseconds.
/// Ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub secs: i64,
    /// Nanoseconds within the second, `0..1_000_000_000`.
    pub nanos: u32,
}

impl Timestamp {
    /// The Go zero time, 0001-01-01T00:00:00Z, which CometBFT writes for absent votes.
    pub const GO_ZERO: Timestamp = Timestamp { secs: -62_135_596_800, nanos: 0 };

    /// From Unix milliseconds.
    pub const fn from_unix_millis(ms: u64) -> Timestamp {
        Timestamp { secs: (ms / 1000) as i64, nanos: (ms % 1000) as u32 * 1_000_000 }
    }

    /// Nanoseconds since the Unix epoch.
    pub const fn as_unix_nanos(&self) -> i128 {
        self.secs as i128 * 1_000_000_000 + self.nanos as i128
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
        Some(Timestamp { secs, nanos })
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

    #[test]
    fn formats_known_instants() {
        assert_eq!(Millis(0).to_string(), "1970-01-01T00:00:00.000Z");
        assert_eq!(Millis(1_732_575_521_167).to_string(), "2024-11-25T22:58:41.167Z");
        assert_eq!(Seconds(2_519_044_085).to_string(), "2049-10-28T14:28:05Z");
        assert_eq!(Seconds(951_782_400).to_string(), "2000-02-29T00:00:00Z");
        assert_eq!(Seconds(-1).to_string(), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn parses_what_it_formats() {
        for ms in [0u64, 1_732_575_521_167, 951_782_400_000, 4_102_444_799_999, 2_519_044_085_000] {
            assert_eq!(parse_rfc3339(&Millis(ms).to_string()), Some(ms));
        }
        assert_eq!(parse_rfc3339("2024-11-25T22:58:41Z"), Some(1_732_575_521_000));
        assert_eq!(parse_rfc3339("2024-11-26T00:58:41.5+02:00"), Some(1_732_575_521_500));
    }

    #[test]
    fn timestamps_keep_nanoseconds_and_the_go_zero_time() {
        let t = Timestamp::parse("2023-05-17T14:12:53.605374524Z").unwrap();
        assert_eq!((t.secs, t.nanos), (1_684_332_773, 605_374_524));
        assert_eq!(t.to_string(), "2023-05-17T14:12:53.605374524Z");
        assert_eq!(Timestamp::parse("0001-01-01T00:00:00Z"), Some(Timestamp::GO_ZERO));
        assert_eq!(Timestamp::GO_ZERO.to_string(), "0001-01-01T00:00:00Z");
        assert_eq!(Timestamp::parse("1970-01-01T00:00:01.5Z").unwrap().to_string(), "1970-01-01T00:00:01.5Z");
        assert_eq!(Timestamp::parse("2023-05-17T14:12:53.6053745241Z"), None);
        assert!(Timestamp::parse("1969-12-31T23:59:59.9Z").unwrap() < Timestamp::default());
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
            "1969-12-31T23:59:59Z",
            "2024-11-25X22:58:41Z",
        ] {
            assert_eq!(parse_rfc3339(s), None, "{s}");
        }
    }
}
