//! A strict, zero-copy reader for the CBOR subset the attestation payload uses.
//!
//! Only what the CDDL needs is accepted: unsigned integers, definite-length byte and text
//! strings, definite or indefinite arrays and maps, and `null`. Tags, negative integers,
//! floats, other simple values and indefinite-length strings are errors. Every length is
//! checked against the remaining input before it is used, so no input can make the reader
//! allocate, loop or index out of bounds.

pub(crate) type Result<T> = core::result::Result<T, &'static str>;

const MAJOR_UINT: u8 = 0;
const MAJOR_BYTES: u8 = 2;
const MAJOR_TEXT: u8 = 3;
const MAJOR_ARRAY: u8 = 4;
const MAJOR_MAP: u8 = 5;
const NULL: u8 = 0xf6;
const BREAK: u8 = 0xff;

/// The length of an array or map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Len {
    Definite(u64),
    /// Closed by a break byte (`0xff`).
    Indefinite,
}

pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    pub(crate) fn is_at_end(&self) -> bool {
        self.pos == self.buf.len()
    }

    fn byte(&mut self) -> Result<u8> {
        let b = *self.buf.get(self.pos).ok_or("unexpected end of input")?;
        self.pos += 1;
        Ok(b)
    }

    fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    fn take(&mut self, n: u64) -> Result<&'a [u8]> {
        let remaining = self.buf.len() - self.pos;
        let n = usize::try_from(n).ok().filter(|&n| n <= remaining).ok_or("length runs past the end of input")?;
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// Reads an initial byte and its argument. `None` means indefinite length (info 31).
    fn head(&mut self) -> Result<(u8, Option<u64>)> {
        let ib = self.byte()?;
        let (major, info) = (ib >> 5, ib & 0x1f);
        let arg = match info {
            0..=23 => Some(u64::from(info)),
            24..=27 => {
                let bytes = self.take(1 << (info - 24))?;
                Some(bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
            }
            31 => None,
            _ => return Err("reserved additional information"),
        };
        Ok((major, arg))
    }

    fn expect(&mut self, want: u8, what: &'static str) -> Result<Option<u64>> {
        let (major, arg) = self.head()?;
        if major != want {
            return Err(what);
        }
        Ok(arg)
    }

    pub(crate) fn uint(&mut self) -> Result<u64> {
        self.expect(MAJOR_UINT, "expected an unsigned integer")?.ok_or("reserved additional information")
    }

    pub(crate) fn bytes(&mut self) -> Result<&'a [u8]> {
        let len = self.expect(MAJOR_BYTES, "expected a byte string")?.ok_or("indefinite-length byte string")?;
        self.take(len)
    }

    pub(crate) fn text(&mut self) -> Result<&'a str> {
        let len = self.expect(MAJOR_TEXT, "expected a text string")?.ok_or("indefinite-length text string")?;
        core::str::from_utf8(self.take(len)?).map_err(|_| "text string is not UTF-8")
    }

    /// A byte string, or `None` for CBOR `null`.
    pub(crate) fn bytes_or_null(&mut self) -> Result<Option<&'a [u8]>> {
        if self.peek() == Some(NULL) {
            self.pos += 1;
            return Ok(None);
        }
        self.bytes().map(Some)
    }

    pub(crate) fn array(&mut self) -> Result<Len> {
        Ok(self.expect(MAJOR_ARRAY, "expected an array")?.map_or(Len::Indefinite, Len::Definite))
    }

    pub(crate) fn map(&mut self) -> Result<Len> {
        Ok(self.expect(MAJOR_MAP, "expected a map")?.map_or(Len::Indefinite, Len::Definite))
    }

    /// In an indefinite container, consumes the break byte if it is next.
    pub(crate) fn at_break(&mut self) -> bool {
        let is_break = self.peek() == Some(BREAK);
        if is_break {
            self.pos += 1;
        }
        is_break
    }
}

/// Walks the entries of an array or map of length `len`, calling `item` once per entry,
/// at most `max` times. Entries are whatever `item` reads (one value, or a key and a value).
pub(crate) fn for_each<'a, E>(
    r: &mut Reader<'a>,
    len: Len,
    max: usize,
    mut item: impl FnMut(&mut Reader<'a>) -> core::result::Result<(), E>,
    too_many: E,
) -> core::result::Result<usize, E> {
    let mut count = 0usize;
    loop {
        let done = match len {
            Len::Definite(n) => count as u64 == n,
            Len::Indefinite => r.at_break(),
        };
        if done {
            return Ok(count);
        }
        if count == max {
            return Err(too_many);
        }
        item(r)?;
        count += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_payload_subset() {
        let mut r = Reader::new(&[
            0x1b, 0, 0, 1, 0x93, 0x6d, 0x5e, 0x4c, 0x8f, 0x43, 1, 2, 3, 0x62, b'h', b'i', 0xf6, 0xbf, 0xff,
        ]);
        assert_eq!(r.uint(), Ok(0x0193_6d5e_4c8f));
        assert_eq!(r.bytes(), Ok(&[1u8, 2, 3][..]));
        assert_eq!(r.text(), Ok("hi"));
        assert_eq!(r.bytes_or_null(), Ok(None));
        assert_eq!(r.map(), Ok(Len::Indefinite));
        assert!(r.at_break());
        assert!(r.is_at_end());
    }

    #[test]
    fn rejects_what_the_cddl_does_not_use() {
        for (input, why) in [
            (&[0x5f, 0x41, 0, 0xff][..], "indefinite-length byte string"),
            (&[0x7f, 0xff][..], "indefinite-length text string"),
            (&[0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff][..], "length runs past the end of input"),
            (&[0x42, 0][..], "length runs past the end of input"),
            (&[0x1c][..], "reserved additional information"),
            (&[0x62, 0xff, 0xfe][..], "text string is not UTF-8"),
            (&[0x20][..], "expected a byte string"),
            (&[][..], "unexpected end of input"),
        ] {
            let mut r = Reader::new(input);
            let got = if why.contains("text") { r.text().map(|_| ()) } else { r.bytes().map(|_| ()) };
            assert_eq!(got, Err(why), "{input:02x?}");
        }
    }
}
