//! The attestation document payload, decoded per the AWS CDDL:
//!
//! ```text
//! AttestationDocument = {
//!     module_id: text, timestamp: uint .size 8, digest: "SHA384", pcrs: { + index => pcr },
//!     certificate: cert, cabundle: [* cert],
//!     ? public_key: user_data, ? user_data: user_data, ? nonce: user_data }
//! ```
//!
//! Fail closed: a key the CDDL does not define, a duplicate key, a missing mandatory key or a
//! value outside its bounds is an error. The map may be definite or indefinite (NSM switched to
//! indefinite maps in 2025); optional fields may be absent or CBOR `null`.

use crate::codec::cbor::{for_each, Len, Reader};
use crate::nitro::Error;

/// `module_id` text bytes (real ids are 39 bytes).
pub const MODULE_ID_MAX: usize = 256;
/// Bytes of one certificate (`cert = bytes .size (1..1024)`).
pub const CERT_MAX: usize = 1024;
/// Certificates in `cabundle` (AWS uses 4: root, regional, zonal, instance).
pub const CABUNDLE_MAX: usize = 8;
/// Bytes of `public_key`, `user_data` and `nonce` (`user_data = bytes .size (0..1024)`).
pub const USER_DATA_MAX: usize = 1024;
/// PCR registers (`index = 0..31`).
pub const PCR_COUNT: usize = 32;
/// Bytes of one PCR under `digest = "SHA384"`.
pub const PCR_LEN: usize = 48;

/// The nine keys of the CDDL, in the order NSM writes them.
const FIELDS: [&str; 9] =
    ["module_id", "digest", "timestamp", "pcrs", "certificate", "cabundle", "public_key", "user_data", "nonce"];
const MANDATORY: u16 = 0b0_0011_1111;

/// The payload's fields, borrowed from the payload bytes.
pub(crate) struct Payload<'a> {
    pub module_id: &'a str,
    pub timestamp_ms: u64,
    pub pcrs: [Option<&'a [u8; PCR_LEN]>; PCR_COUNT],
    pub certificate: &'a [u8],
    pub cabundle: [&'a [u8]; CABUNDLE_MAX],
    pub cabundle_len: usize,
    pub public_key: Option<&'a [u8]>,
    pub user_data: Option<&'a [u8]>,
    pub nonce: Option<&'a [u8]>,
}

impl<'a> Payload<'a> {
    pub(crate) fn cabundle(&self) -> &[&'a [u8]] {
        &self.cabundle[..self.cabundle_len]
    }
}

fn malformed(field: &'static str) -> impl Fn(&'static str) -> Error {
    move |reason| Error::PayloadMalformed { field, reason }
}

/// The item count to report when a container exceeds `max`: its declared length, or `max + 1`
/// for an indefinite one (whose length is unknown until its break).
fn declared(len: Len, max: usize) -> usize {
    match len {
        Len::Definite(n) => usize::try_from(n).unwrap_or(usize::MAX),
        Len::Indefinite => max + 1,
    }
}

fn check_len(field: &'static str, len: usize, min: usize, max: usize) -> Result<(), Error> {
    if (min..=max).contains(&len) {
        Ok(())
    } else {
        Err(Error::PayloadFieldLength { field, len, min, max })
    }
}

/// Decodes and bounds-checks a payload. The whole input must be one map.
pub(crate) fn parse(payload: &[u8]) -> Result<Payload<'_>, Error> {
    let mut doc = Payload {
        module_id: "",
        timestamp_ms: 0,
        pcrs: [None; PCR_COUNT],
        certificate: &[],
        cabundle: [&[]; CABUNDLE_MAX],
        cabundle_len: 0,
        public_key: None,
        user_data: None,
        nonce: None,
    };
    let mut r = Reader::new(payload);
    let len = r.map().map_err(malformed("document"))?;
    let mut seen = 0u16;
    // Each entry either sets a new bit of `seen` or fails, so a tenth entry always fails on its
    // own key (duplicate or unknown); the bound only makes that explicit.
    for_each(
        &mut r,
        len,
        FIELDS.len() + 1,
        |r| {
            let key = r.text().map_err(malformed("key"))?;
            let index = FIELDS.iter().position(|f| *f == key).ok_or(Error::PayloadUnknownField)?;
            let field = FIELDS[index];
            if seen & (1 << index) != 0 {
                return Err(Error::PayloadDuplicateField { field });
            }
            seen |= 1 << index;
            let bad = malformed(field);
            match field {
                "module_id" => {
                    doc.module_id = r.text().map_err(bad)?;
                    check_len(field, doc.module_id.len(), 1, MODULE_ID_MAX)?;
                }
                "digest" => {
                    if r.text().map_err(bad)? != "SHA384" {
                        return Err(Error::PayloadDigest);
                    }
                }
                "timestamp" => {
                    doc.timestamp_ms = r.uint().map_err(bad)?;
                    if doc.timestamp_ms == 0 {
                        return Err(Error::PayloadTimestamp);
                    }
                }
                "pcrs" => parse_pcrs(r, &mut doc.pcrs)?,
                "certificate" => {
                    doc.certificate = r.bytes().map_err(bad)?;
                    check_len(field, doc.certificate.len(), 1, CERT_MAX)?;
                }
                "cabundle" => {
                    let items = r.array().map_err(&bad)?;
                    let too_many =
                        Error::PayloadFieldLength { field, len: CABUNDLE_MAX + 1, min: 1, max: CABUNDLE_MAX };
                    let mut i = 0;
                    doc.cabundle_len = for_each(
                        r,
                        items,
                        CABUNDLE_MAX,
                        |r| {
                            let cert = r.bytes().map_err(malformed("cabundle item"))?;
                            check_len("cabundle item", cert.len(), 1, CERT_MAX)?;
                            doc.cabundle[i] = cert;
                            i += 1;
                            Ok(())
                        },
                        too_many,
                    )?;
                    check_len(field, doc.cabundle_len, 1, CABUNDLE_MAX)?;
                }
                _ => {
                    let value = r.bytes_or_null().map_err(bad)?;
                    if let Some(v) = value {
                        check_len(field, v.len(), 0, USER_DATA_MAX)?;
                    }
                    match field {
                        "public_key" => doc.public_key = value,
                        "user_data" => doc.user_data = value,
                        _ => doc.nonce = value,
                    }
                }
            }
            Ok(())
        },
        Error::PayloadUnknownField,
    )?;
    if !r.is_at_end() {
        return Err(Error::PayloadMalformed { field: "document", reason: "bytes follow the payload map" });
    }
    if let Some(missing) = (0..FIELDS.len()).find(|i| MANDATORY & (1 << i) != 0 && seen & (1 << i) == 0) {
        return Err(Error::PayloadMissingField { field: FIELDS[missing] });
    }
    Ok(doc)
}

/// `pcrs: { + index => pcr }`: 1..=32 entries, indices 0..=31 without repeats, 48-byte values.
fn parse_pcrs<'a>(r: &mut Reader<'a>, pcrs: &mut [Option<&'a [u8; PCR_LEN]>; PCR_COUNT]) -> Result<(), Error> {
    let bad = malformed("pcrs");
    let entries = r.map().map_err(&bad)?;
    let too_many =
        Error::PayloadFieldLength { field: "pcrs", len: declared(entries, PCR_COUNT), min: 1, max: PCR_COUNT };
    let count = for_each(
        r,
        entries,
        PCR_COUNT,
        |r| {
            let index = r.uint().map_err(malformed("pcrs index"))?;
            let slot = usize::try_from(index)
                .ok()
                .and_then(|i| pcrs.get_mut(i))
                .ok_or(Error::PayloadPcrIndex { index, reason: "index outside 0..=31" })?;
            if slot.is_some() {
                return Err(Error::PayloadPcrIndex { index, reason: "index appears twice" });
            }
            let value = r.bytes().map_err(malformed("pcrs value"))?;
            *slot = Some(value.try_into().map_err(|_| Error::PayloadFieldLength {
                field: "pcrs value",
                len: value.len(),
                min: PCR_LEN,
                max: PCR_LEN,
            })?);
            Ok(())
        },
        too_many,
    )?;
    check_len("pcrs", count, 1, PCR_COUNT)
}
