//! Proofs and public instances in the forms EZKL users hold: `proof.json` (EZKL 21–23 `Snark`
//! JSON: proof bytes as a number array or `hex_proof`, instances as little-endian hex field
//! elements), or raw proof bytes with instances as 32-byte big-endian words (the EVM calldata
//! order).

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::ToString;
use alloc::vec::Vec;
use core::fmt;

use halo2curves::bn256::Fr;
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use super::vka::{MAX_INSTANCES, MAX_PROOF_LEN};
use crate::zk::Error;

/// Largest `proof.json` accepted.
pub const MAX_PROOF_JSON_LEN: usize = 8 * 1024 * 1024;

fn decode_err(field: &str, reason: impl ToString) -> Error {
    Error::Decode { field: field.to_string(), reason: reason.to_string() }
}

/// A proof with its public instances.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofWithInstances {
    /// The proof bytes (the transcript the verifier replays).
    pub proof: Vec<u8>,
    /// The public instances, flattened in column order.
    pub instances: Vec<Fr>,
}

/// A field element from 32 little-endian bytes; non-canonical encodings are rejected.
pub fn fr_from_le(bytes: [u8; 32], what: &'static str) -> Result<Fr, Error> {
    Option::from(Fr::from_bytes(&bytes)).ok_or(Error::ScalarNonCanonical { what })
}

/// Instances as concatenated 32-byte big-endian words.
pub fn instances_from_be_words(bytes: &[u8]) -> Result<Vec<Fr>, Error> {
    if bytes.len() % 32 != 0 {
        return Err(decode_err("instances", "length is not a multiple of 32 bytes"));
    }
    if bytes.len() / 32 > MAX_INSTANCES {
        return Err(Error::InputTooLarge { what: "instances", len: bytes.len(), max: MAX_INSTANCES * 32 });
    }
    bytes
        .chunks_exact(32)
        .map(|w| {
            let mut le: [u8; 32] = w.try_into().map_err(|_| decode_err("instances", "word"))?;
            le.reverse();
            fr_from_le(le, "instance")
        })
        .collect()
}

fn hex_bytes(field: &str, s: &str) -> Result<Vec<u8>, Error> {
    hex::decode(s.strip_prefix("0x").unwrap_or(s)).map_err(|e| decode_err(field, e))
}

/// `proof` or `hex_proof` as written: a byte array (kept up to [`MAX_PROOF_LEN`] bytes, counted
/// beyond), a string, or anything else.
enum ProofField<'a> {
    Bytes { bytes: Vec<u8>, count: usize, not_bytes: bool },
    Text(Cow<'a, str>),
    Other,
}

impl<'de: 'a, 'a> Deserialize<'de> for ProofField<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ProofField<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a byte array or a hex string")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ProofField<'de>, A::Error> {
                let (mut bytes, mut count, mut not_bytes) = (Vec::new(), 0usize, false);
                while let Some(MaybeByte(b)) = seq.next_element()? {
                    match b {
                        Some(b) if bytes.len() < MAX_PROOF_LEN => bytes.push(b),
                        Some(_) => {}
                        None => not_bytes = true,
                    }
                    count += 1;
                }
                Ok(ProofField::Bytes { bytes, count, not_bytes })
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<ProofField<'de>, E> {
                Ok(ProofField::Text(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<ProofField<'de>, E> {
                Ok(ProofField::Text(Cow::Owned(s.into())))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ProofField<'de>, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(ProofField::Other)
            }
            fn visit_bool<E>(self, _: bool) -> Result<ProofField<'de>, E> {
                Ok(ProofField::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<ProofField<'de>, E> {
                Ok(ProofField::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<ProofField<'de>, E> {
                Ok(ProofField::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<ProofField<'de>, E> {
                Ok(ProofField::Other)
            }
        }
        d.deserialize_any(V)
    }
}

/// One item of a byte array: the byte, or `None` for anything that is not a number in 0..=255.
struct MaybeByte(Option<u8>);

impl<'de> Deserialize<'de> for MaybeByte {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = MaybeByte;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a byte")
            }
            fn visit_u64<E>(self, n: u64) -> Result<MaybeByte, E> {
                Ok(MaybeByte(u8::try_from(n).ok()))
            }
            fn visit_i64<E>(self, _: i64) -> Result<MaybeByte, E> {
                Ok(MaybeByte(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<MaybeByte, E> {
                Ok(MaybeByte(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<MaybeByte, E> {
                Ok(MaybeByte(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<MaybeByte, E> {
                Ok(MaybeByte(None))
            }
            fn visit_unit<E>(self) -> Result<MaybeByte, E> {
                Ok(MaybeByte(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<MaybeByte, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(MaybeByte(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MaybeByte, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(MaybeByte(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// The fields of `proof.json` the verifier reads; the rest is skipped unread.
#[derive(Deserialize)]
struct RawProofJson<'a> {
    #[serde(default, borrow)]
    proof: Option<ProofField<'a>>,
    #[serde(default, borrow)]
    hex_proof: Option<ProofField<'a>>,
    #[serde(default)]
    instances: Option<Value>,
}

impl ProofWithInstances {
    /// Decodes an EZKL `proof.json`, in one pass that keeps only the proof bytes and the
    /// instances (the byte array is not built as a JSON tree).
    pub fn from_ezkl_json(bytes: &[u8]) -> Result<ProofWithInstances, Error> {
        if bytes.len() > MAX_PROOF_JSON_LEN {
            return Err(Error::InputTooLarge { what: "proof.json", len: bytes.len(), max: MAX_PROOF_JSON_LEN });
        }
        let raw: RawProofJson = serde_json::from_slice(bytes).map_err(|e| decode_err("proof.json", e))?;
        let proof = match (raw.proof, raw.hex_proof) {
            (Some(ProofField::Bytes { bytes, count, not_bytes }), _) => {
                if count > MAX_PROOF_LEN {
                    return Err(Error::InputTooLarge { what: "proof", len: count, max: MAX_PROOF_LEN });
                }
                if not_bytes {
                    return Err(decode_err("proof", "not a byte array"));
                }
                bytes
            }
            (Some(ProofField::Text(s)), _) | (_, Some(ProofField::Text(s))) => hex_bytes("proof", &s)?,
            _ => return Err(decode_err("proof", "missing (neither a byte array nor hex_proof)")),
        };
        if proof.len() > MAX_PROOF_LEN {
            return Err(Error::InputTooLarge { what: "proof", len: proof.len(), max: MAX_PROOF_LEN });
        }
        let columns =
            raw.instances.as_ref().and_then(Value::as_array).ok_or_else(|| decode_err("instances", "missing"))?;
        // EZKL circuits have one instance column; the VKA (and the EVM verifier) take it flat.
        if columns.len() != 1 {
            return Err(decode_err("instances", format!("{} columns, EZKL circuits have exactly one", columns.len())));
        }
        let mut instances = Vec::new();
        for (c, column) in columns.iter().enumerate() {
            let column = column.as_array().ok_or_else(|| decode_err("instances", "not an array of columns"))?;
            for (i, item) in column.iter().enumerate() {
                if instances.len() == MAX_INSTANCES {
                    return Err(decode_err("instances", "too many"));
                }
                let field = || format!("instances[{c}][{i}]");
                let s = item.as_str().ok_or_else(|| decode_err(&field(), "not a hex string"))?;
                let le: [u8; 32] =
                    hex_bytes(&field(), s)?.try_into().map_err(|_| decode_err(&field(), "not 32 bytes"))?;
                instances.push(fr_from_le(le, "instance")?);
            }
        }
        Ok(ProofWithInstances { proof, instances })
    }
}

#[cfg(test)]
mod tests {
    use alloc::string::String;

    use super::*;

    fn decode(json: &str) -> Result<ProofWithInstances, Error> {
        ProofWithInstances::from_ezkl_json(json.as_bytes())
    }

    fn field_and_reason(e: Error) -> (String, String) {
        match e {
            Error::Decode { field, reason } => (field, reason),
            other => panic!("not a decode error: {other:?}"),
        }
    }

    const ONE: &str = r#""instances":[["0100000000000000000000000000000000000000000000000000000000000000"]]"#;

    #[test]
    fn the_proof_is_the_byte_array_else_a_hex_string() {
        assert_eq!(decode(&format!(r#"{{"proof":[1,2,255],{ONE}}}"#)).unwrap().proof, [1, 2, 255]);
        // The array wins over hex_proof; a null or absent array gives way to it.
        assert_eq!(decode(&format!(r#"{{"proof":[7],"hex_proof":"0x0809",{ONE}}}"#)).unwrap().proof, [7]);
        assert_eq!(decode(&format!(r#"{{"proof":null,"hex_proof":"0x0809",{ONE}}}"#)).unwrap().proof, [8, 9]);
        assert_eq!(decode(&format!(r#"{{"proof":"0a0b",{ONE}}}"#)).unwrap().proof, [10, 11]);
        let (field, reason) = field_and_reason(decode(&format!(r#"{{"proof":5,{ONE}}}"#)).unwrap_err());
        assert_eq!((field.as_str(), reason.as_str()), ("proof", "missing (neither a byte array nor hex_proof)"));
    }

    #[test]
    fn an_array_item_that_is_not_a_byte_is_named() {
        for item in ["256", "-1", "1.5", "\"1\"", "[1]", "{}", "null", "true"] {
            let err = decode(&format!(r#"{{"proof":[1,{item},3],{ONE}}}"#)).unwrap_err();
            assert_eq!(field_and_reason(err), ("proof".into(), "not a byte array".into()), "{item}");
        }
    }

    #[test]
    fn a_field_written_twice_is_refused() {
        let (field, reason) = field_and_reason(decode(&format!(r#"{{"proof":[1],"proof":[2],{ONE}}}"#)).unwrap_err());
        assert_eq!(field, "proof.json");
        assert!(reason.contains("duplicate field `proof`"), "{reason}");
    }
}
