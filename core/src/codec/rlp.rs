//! Recursive Length Prefix (Ethereum's RLP), read strictly: canonical encodings only (single
//! bytes below 0x80 unwrapped, shortest length forms, no leading zeros), integers without leading
//! zeros, no trailing data. The reader never recurses and never allocates.

use super::DecodeError;

/// A strict RLP reader over the items of one list payload (or of a whole buffer).
pub(crate) struct Rlp<'a> {
    buf: &'a [u8],
}

pub(crate) enum Item<'a> {
    Bytes(&'a [u8]),
    List(&'a [u8]),
}

impl<'a> Rlp<'a> {
    /// A reader over the items of `buf`.
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        Rlp { buf }
    }

    /// Whether every item has been read.
    pub(crate) fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// The next item; canonical encoding required (single bytes below 0x80 unwrapped, shortest
    /// length form, no leading zeros in lengths).
    pub(crate) fn item(&mut self, field: &'static str) -> Result<Item<'a>, DecodeError> {
        let bad = |reason| DecodeError::new(field, reason);
        let (&b, rest) = self.buf.split_first().ok_or_else(|| bad("missing RLP item"))?;
        if b < 0x80 {
            let item = &self.buf[..1];
            self.buf = rest;
            return Ok(Item::Bytes(item));
        }
        let (is_list, short_base, long_base) = if b < 0xc0 { (false, 0x80, 0xb7) } else { (true, 0xc0, 0xf7) };
        let (len, rest) = if b <= long_base {
            (usize::from(b - short_base), rest)
        } else {
            let len_len = usize::from(b - long_base);
            if rest.len() < len_len {
                return Err(bad("truncated RLP length"));
            }
            let (len_bytes, rest) = rest.split_at(len_len);
            if len_bytes[0] == 0 {
                return Err(bad("RLP length with a leading zero"));
            }
            let mut len: usize = 0;
            for &d in len_bytes {
                len = len
                    .checked_mul(256)
                    .and_then(|l| l.checked_add(usize::from(d)))
                    .ok_or_else(|| bad("RLP length overflows"))?;
            }
            if len < 56 {
                return Err(bad("RLP long form for a short length"));
            }
            (len, rest)
        };
        if rest.len() < len {
            return Err(bad("truncated RLP item"));
        }
        let (payload, rest) = rest.split_at(len);
        if !is_list && len == 1 && payload[0] < 0x80 {
            return Err(bad("RLP single byte below 0x80 wrapped in a string header"));
        }
        self.buf = rest;
        Ok(if is_list { Item::List(payload) } else { Item::Bytes(payload) })
    }

    pub(crate) fn bytes(&mut self, field: &'static str) -> Result<&'a [u8], DecodeError> {
        match self.item(field)? {
            Item::Bytes(b) => Ok(b),
            Item::List(_) => Err(DecodeError::new(field, "RLP list where a string is expected")),
        }
    }

    pub(crate) fn list(&mut self, field: &'static str) -> Result<Rlp<'a>, DecodeError> {
        match self.item(field)? {
            Item::List(b) => Ok(Rlp::new(b)),
            Item::Bytes(_) => Err(DecodeError::new(field, "RLP string where a list is expected")),
        }
    }

    /// A big-endian unsigned integer of at most `max` bytes, without leading zeros.
    pub(crate) fn uint(&mut self, field: &'static str, max: usize) -> Result<&'a [u8], DecodeError> {
        let b = self.bytes(field)?;
        if b.len() > max {
            return Err(DecodeError::new(field, "integer too large"));
        }
        if b.first() == Some(&0) {
            return Err(DecodeError::new(field, "integer with a leading zero"));
        }
        Ok(b)
    }

    pub(crate) fn u64(&mut self, field: &'static str) -> Result<u64, DecodeError> {
        Ok(self.uint(field, 8)?.iter().fold(0u64, |acc, &d| acc << 8 | u64::from(d)))
    }

    pub(crate) fn end(&self, field: &'static str) -> Result<(), DecodeError> {
        if self.buf.is_empty() {
            Ok(())
        } else {
            Err(DecodeError::new(field, "trailing RLP data"))
        }
    }
}
