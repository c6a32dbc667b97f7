//! The protobuf wire encoding, written by hand for the few messages that are hashed, signed or
//! proven: a writer, and a strict bounded reader.
//! Proto3 rules: zero scalars and empty bytes are omitted unless a caller writes them on purpose.

use alloc::vec::Vec;

use super::DecodeError;

/// A growing protobuf message.
#[derive(Default)]
pub(crate) struct Writer {
    pub buf: Vec<u8>,
}

pub(crate) fn uvarint(buf: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        buf.push(v as u8 | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

impl Writer {
    fn key(&mut self, field: u32, wire_type: u8) {
        uvarint(&mut self.buf, u64::from(field) << 3 | u64::from(wire_type));
    }

    /// A varint field (int64 as two's complement, so negatives take 10 bytes); omitted if zero.
    pub fn varint(&mut self, field: u32, v: u64) -> &mut Self {
        if v != 0 {
            self.key(field, 0);
            uvarint(&mut self.buf, v);
        }
        self
    }

    /// An `sfixed64` field, 8 bytes little-endian; omitted if zero.
    pub fn sfixed64(&mut self, field: u32, v: i64) -> &mut Self {
        if v != 0 {
            self.key(field, 1);
            self.buf.extend_from_slice(&v.to_le_bytes());
        }
        self
    }

    /// A length-delimited field; omitted if empty.
    pub fn bytes(&mut self, field: u32, v: &[u8]) -> &mut Self {
        if !v.is_empty() {
            self.message(field, v);
        }
        self
    }

    /// A length-delimited field, written even when empty (non-nullable sub-messages).
    pub fn message(&mut self, field: u32, v: &[u8]) -> &mut Self {
        self.key(field, 2);
        uvarint(&mut self.buf, v.len() as u64);
        self.buf.extend_from_slice(v);
        self
    }

    /// A length-delimited field whose content `content` writes in place, written even when
    /// empty: one buffer for the whole message instead of one per sub-message.
    pub fn nested(&mut self, field: u32, content: impl FnOnce(&mut Self)) -> &mut Self {
        self.key(field, 2);
        self.length_prefixed(content)
    }

    /// `uvarint(len) ‖ content`, with `content` written in place.
    pub fn length_prefixed(&mut self, content: impl FnOnce(&mut Self)) -> &mut Self {
        // One byte is reserved for the length; content of 128 bytes or more needs more.
        let at = self.buf.len();
        self.buf.push(0);
        content(self);
        let len = self.buf.len() - at - 1;
        if len < 0x80 {
            self.buf[at] = len as u8;
        } else {
            let mut prefix = Vec::new();
            uvarint(&mut prefix, len as u64);
            self.buf.splice(at..=at, prefix);
        }
        self
    }

    pub fn finish(&mut self) -> Vec<u8> {
        core::mem::take(&mut self.buf)
    }
}

/// A protobuf reader over one message.
pub(crate) struct Reader<'a> {
    what: &'static str,
    buf: &'a [u8],
}

pub(crate) const VARINT: u8 = 0;
pub(crate) const I64: u8 = 1;
pub(crate) const LEN: u8 = 2;
pub(crate) const I32: u8 = 5;

impl<'a> Reader<'a> {
    /// A reader over `buf`; errors name `what` as the field.
    pub(crate) fn new(what: &'static str, buf: &'a [u8]) -> Self {
        Reader { what, buf }
    }

    fn malformed(&self, reason: &'static str) -> DecodeError {
        DecodeError::new(self.what, reason)
    }

    pub(crate) fn varint(&mut self) -> Result<u64, DecodeError> {
        let mut v: u64 = 0;
        for i in 0..10 {
            let Some((&b, rest)) = self.buf.split_first() else { return Err(self.malformed("truncated varint")) };
            self.buf = rest;
            if i == 9 && b > 1 {
                return Err(self.malformed("varint overflows 64 bits"));
            }
            v |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.malformed("varint overflows 64 bits"))
    }

    /// The next `(field number, wire type)`, or `None` at the end.
    pub(crate) fn tag(&mut self) -> Result<Option<(u64, u8)>, DecodeError> {
        if self.buf.is_empty() {
            return Ok(None);
        }
        let tag = self.varint()?;
        let field = tag >> 3;
        if field == 0 || field > u64::from(u32::MAX >> 3) {
            return Err(self.malformed("invalid field number"));
        }
        Ok(Some((field, (tag & 7) as u8)))
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        if n > self.buf.len() {
            return Err(self.malformed("truncated field"));
        }
        let (head, rest) = self.buf.split_at(n);
        self.buf = rest;
        Ok(head)
    }

    pub(crate) fn bytes(&mut self) -> Result<&'a [u8], DecodeError> {
        let len = usize::try_from(self.varint()?).map_err(|_| self.malformed("truncated field"))?;
        self.take(len)
    }

    pub(crate) fn skip(&mut self, wire_type: u8) -> Result<(), DecodeError> {
        match wire_type {
            VARINT => self.varint().map(drop),
            I64 => self.take(8).map(drop),
            LEN => self.bytes().map(drop),
            I32 => self.take(4).map(drop),
            _ => Err(self.malformed("unsupported wire type")),
        }
    }

    /// Checks a field's wire type.
    pub(crate) fn expect(&mut self, wire_type: u8, want: u8) -> Result<(), DecodeError> {
        if wire_type == want {
            Ok(())
        } else {
            Err(self.malformed("field has the wrong wire type"))
        }
    }

    /// An `int32`/enum field (protobuf truncates the varint to 32 bits).
    pub(crate) fn int32(&mut self, wire_type: u8) -> Result<i32, DecodeError> {
        self.expect(wire_type, VARINT)?;
        Ok(self.varint()? as u32 as i32)
    }

    pub(crate) fn len_field(&mut self, wire_type: u8) -> Result<&'a [u8], DecodeError> {
        self.expect(wire_type, LEN)?;
        self.bytes()
    }

    /// Marks a singular field as seen; a second occurrence is rejected (fields 1..=31).
    pub(crate) fn once(&self, seen: &mut u32, field: u64) -> Result<(), DecodeError> {
        let bit = 1u32.checked_shl(field as u32).unwrap_or(0);
        if bit == 0 || *seen & bit != 0 {
            return Err(self.malformed("a singular field appears twice"));
        }
        *seen |= bit;
        Ok(())
    }
}
