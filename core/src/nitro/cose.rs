//! The COSE_Sign1 envelope (RFC 9052 §4.2) of an attestation document.

use alloc::vec::Vec;
use coset::{CborSerializable, CoseError, CoseSign1, TaggedCborSerializable};
use sha2::{Digest, Sha384};

use super::es384::RAW_SIGNATURE_LEN;
use crate::nitro::Error;

/// The only protected header a Nitro document may carry: `{1: -35}` (alg ES384),
/// in its one deterministic encoding.
const PROTECTED_ES384: [u8; 4] = [0xa1, 0x01, 0x38, 0x22];
/// CBOR tag 18 (COSE_Sign1) as a one-byte head.
const TAG_COSE_SIGN1: u8 = 0xd2;

/// Payload bytes a document may carry (the AWS CDDL bound).
pub const MAX_PAYLOAD_LEN: usize = 16 * 1024;
/// Whole-document bound: the payload plus the envelope's fixed overhead, with headroom.
pub const MAX_DOCUMENT_LEN: usize = MAX_PAYLOAD_LEN + 256;

/// A decoded envelope whose headers and signature length have been checked.
pub(crate) struct Envelope {
    pub payload: Vec<u8>,
    pub signature: [u8; RAW_SIGNATURE_LEN],
}

/// Decodes a tagged (18) or untagged COSE_Sign1 and checks everything about it that does not
/// need a key: exact protected header, empty unprotected header, raw 96-byte signature,
/// attached payload of 1..=16 KiB, no trailing bytes.
pub(crate) fn decode(document: &[u8]) -> Result<Envelope, Error> {
    if document.len() > MAX_DOCUMENT_LEN {
        return Err(Error::InputTooLarge { what: "document", len: document.len(), max: MAX_DOCUMENT_LEN });
    }
    let parsed = if document.first() == Some(&TAG_COSE_SIGN1) {
        CoseSign1::from_tagged_slice(document)
    } else {
        CoseSign1::from_slice(document)
    };
    let sign1 = parsed.map_err(|e| match e {
        CoseError::ExtraneousData => Error::CoseTrailingBytes,
        CoseError::DecodeFailed(_) => Error::CoseMalformed { reason: "not valid CBOR" },
        CoseError::UnexpectedItem(..) => {
            Error::CoseMalformed { reason: "not a COSE_Sign1 array [protected, unprotected, payload, signature]" }
        }
        CoseError::DuplicateMapKey => Error::CoseMalformed { reason: "duplicate header label" },
        _ => Error::CoseMalformed { reason: "invalid header value" },
    })?;
    if sign1.protected.original_data.as_deref() != Some(&PROTECTED_ES384[..]) {
        return Err(Error::CoseAlgorithm);
    }
    if !sign1.unprotected.is_empty() {
        return Err(Error::CoseUnprotectedHeader);
    }
    let signature: [u8; RAW_SIGNATURE_LEN] =
        sign1.signature.as_slice().try_into().map_err(|_| Error::CoseSignatureLength { len: sign1.signature.len() })?;
    let payload = sign1.payload.ok_or(Error::CoseMalformed { reason: "payload is detached (nil)" })?;
    if payload.is_empty() || payload.len() > MAX_PAYLOAD_LEN {
        return Err(Error::PayloadFieldLength { field: "payload", len: payload.len(), min: 1, max: MAX_PAYLOAD_LEN });
    }
    Ok(Envelope { payload, signature })
}

impl Envelope {
    /// SHA-384 of `Sig_structure = ["Signature1", protected, h'', payload]`, streamed so the
    /// payload is hashed exactly as received and never re-encoded or copied.
    pub(crate) fn signed_digest(&self) -> [u8; 48] {
        let mut h = Sha384::new();
        h.update([0x84, 0x6a]);
        h.update(b"Signature1");
        h.update([0x44]);
        h.update(PROTECTED_ES384);
        h.update([0x40]);
        update_bstr_head(&mut h, self.payload.len());
        h.update(&self.payload);
        h.finalize().into()
    }
}

/// Feeds the deterministic CBOR head of a byte string of `len` bytes. `len` is at most
/// [`MAX_PAYLOAD_LEN`], so two length bytes always suffice.
fn update_bstr_head(h: &mut Sha384, len: usize) {
    match len {
        0..=23 => h.update([0x40 | len as u8]),
        24..=255 => h.update([0x58, len as u8]),
        _ => h.update([0x59, (len >> 8) as u8, len as u8]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `COSE_Sign1 = [h'a1013822', {}, payload, signature]` with a `len`-byte payload.
    fn envelope(len: usize) -> Vec<u8> {
        let mut doc = alloc::vec![0x84, 0x44, 0xa1, 0x01, 0x38, 0x22, 0xa0];
        match len {
            0..=23 => doc.push(0x40 | len as u8),
            24..=255 => doc.extend([0x58, len as u8]),
            _ => doc.extend([0x59, (len >> 8) as u8, len as u8]),
        }
        doc.extend(core::iter::repeat_n(0xa5, len));
        doc.extend([0x58, 0x60]);
        doc.extend([7u8; RAW_SIGNATURE_LEN]);
        doc
    }

    fn code(doc: &[u8]) -> &'static str {
        decode(doc).err().map_or("ok", |e| e.code())
    }

    #[test]
    fn payload_length_bounds() {
        assert_eq!(code(&envelope(0)), "nitro.payload.field_length");
        assert_eq!(code(&envelope(1)), "ok");
        assert_eq!(code(&envelope(MAX_PAYLOAD_LEN)), "ok");
        assert_eq!(code(&envelope(MAX_PAYLOAD_LEN + 1)), "nitro.payload.field_length");
    }

    #[test]
    fn the_document_bound_is_inclusive() {
        // Exactly MAX_DOCUMENT_LEN bytes is read (and its padding refused); one more is not read.
        let mut doc = envelope(MAX_PAYLOAD_LEN);
        doc.resize(MAX_DOCUMENT_LEN, 0);
        assert_eq!(code(&doc), "nitro.cose.trailing_bytes");
        doc.push(0);
        assert_eq!(code(&doc), "input.too_large");
    }

    #[test]
    fn the_signed_digest_is_the_sig_structure_coset_builds() {
        // Every CBOR length form of the payload head (1, 2 and 3 bytes).
        for len in [1, 23, 24, 255, 256, MAX_PAYLOAD_LEN] {
            let doc = envelope(len);
            let ours = decode(&doc).unwrap().signed_digest();
            let tbs = CoseSign1::from_slice(&doc).unwrap().tbs_data(b"");
            let theirs: [u8; 48] = Sha384::digest(&tbs).into();
            assert_eq!(ours, theirs, "payload of {len} bytes");
        }
    }

    #[test]
    fn invalid_cbor_is_named_as_such() {
        use alloc::string::ToString;
        let reason = |doc: &[u8]| match decode(doc) {
            Err(e) => (e.code(), e.to_string()),
            Ok(_) => panic!("decoded"),
        };
        // Not CBOR at all (a truncated array).
        let (code, message) = reason(&[0x84, 0x44]);
        assert_eq!(code, "nitro.cose.malformed");
        assert!(message.contains("not valid CBOR"), "{message}");
    }

    #[test]
    fn a_cbor_item_that_is_not_the_array_says_so() {
        // A map where the four-element array belongs.
        use alloc::string::ToString;
        let Err(err) = decode(&[0xa1, 0x01, 0x02]) else { panic!("a map decoded as COSE_Sign1") };
        assert_eq!(err.code(), "nitro.cose.malformed");
        assert!(err.to_string().contains("not a COSE_Sign1 array"), "{err}");
    }
}
