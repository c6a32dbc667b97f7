//! The Solidity ABI encoding of a call's arguments or an event's data, read strictly: only the
//! canonical encoding Solidity's `emit` and every standard encoder produce (head words in order,
//! each `bytes` offset at the end of the previous item, zero padding, no trailing byte).

use super::DecodeError;

/// A canonical ABI encoding: `head_words` 32-byte head words followed by the tails of the
/// dynamic (`bytes`) parameters.
pub(crate) struct Abi<'a> {
    what: &'static str,
    data: &'a [u8],
    head_words: usize,
    /// Where the next tail must start.
    next_tail: usize,
}

impl<'a> Abi<'a> {
    pub(crate) fn new(what: &'static str, data: &'a [u8], head_words: usize) -> Result<Self, DecodeError> {
        if data.len() < head_words * 32 {
            return Err(DecodeError::new(what, "shorter than the ABI head"));
        }
        Ok(Abi { what, data, head_words, next_tail: head_words * 32 })
    }

    fn word_at(&self, offset: usize) -> Option<&'a [u8; 32]> {
        self.data.get(offset..offset.checked_add(32)?)?.try_into().ok()
    }

    fn head(&self, i: usize) -> &'a [u8; 32] {
        debug_assert!(i < self.head_words);
        self.word_at(i * 32).expect("head length checked in new")
    }

    pub(crate) fn bytes32(&self, i: usize) -> [u8; 32] {
        *self.head(i)
    }

    /// A `uint256` head word that must fit in 64 bits.
    pub(crate) fn u64(&self, i: usize, field: &'static str) -> Result<u64, DecodeError> {
        word_u64(self.head(i)).ok_or_else(|| DecodeError::new(field, "uint256 value does not fit in 64 bits"))
    }

    /// An `address` head word: 12 zero bytes, then the address.
    pub(crate) fn address(&self, i: usize, field: &'static str) -> Result<[u8; 20], DecodeError> {
        address_word(self.head(i)).ok_or_else(|| DecodeError::new(field, "address word with non-zero padding"))
    }

    /// The `bytes` parameter whose offset is head word `i`; dynamic parameters must be read in
    /// parameter order.
    pub(crate) fn bytes(&mut self, i: usize, field: &'static str, max: usize) -> Result<&'a [u8], DecodeError> {
        let offset = word_u64(self.head(i)).and_then(|o| usize::try_from(o).ok());
        if offset != Some(self.next_tail) {
            return Err(DecodeError::new(field, "offset is not the canonical position of this bytes value"));
        }
        let len_word =
            self.word_at(self.next_tail).ok_or_else(|| DecodeError::new(field, "length word out of range"))?;
        let len = word_u64(len_word).and_then(|l| usize::try_from(l).ok()).filter(|&l| l <= max);
        let len = len.ok_or_else(|| DecodeError::new(field, "longer than the limit"))?;
        let start = self.next_tail + 32;
        let padded = len.div_ceil(32) * 32;
        let end = start + padded;
        let region = self.data.get(start..end).ok_or_else(|| DecodeError::new(field, "content out of range"))?;
        let (content, padding) = region.split_at(len);
        if padding.iter().any(|&b| b != 0) {
            return Err(DecodeError::new(field, "non-zero padding after the content"));
        }
        self.next_tail = end;
        Ok(content)
    }

    /// Every byte must have been consumed.
    pub(crate) fn finish(&self) -> Result<(), DecodeError> {
        if self.data.len() != self.next_tail {
            return Err(DecodeError::new(self.what, "bytes after the last ABI tail"));
        }
        Ok(())
    }
}

pub(crate) fn word_u64(w: &[u8; 32]) -> Option<u64> {
    if w[..24].iter().any(|&b| b != 0) {
        return None;
    }
    Some(u64::from_be_bytes(w[24..].try_into().expect("8 bytes")))
}

pub(crate) fn address_word(w: &[u8; 32]) -> Option<[u8; 20]> {
    if w[..12].iter().any(|&b| b != 0) {
        return None;
    }
    Some(w[12..].try_into().expect("20 bytes"))
}
