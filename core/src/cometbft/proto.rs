//! The protobuf wire encoding, written by hand for the few messages that are hashed or signed.
//! Proto3 rules: zero scalars and empty bytes are omitted unless a caller writes them on purpose.

use alloc::vec::Vec;

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

    pub fn finish(&mut self) -> Vec<u8> {
        core::mem::take(&mut self.buf)
    }
}
