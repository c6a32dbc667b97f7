//! Proofs and public instances in the forms EZKL users hold: `proof.json` (EZKL 21–23 `Snark`
//! JSON: proof bytes as a number array or `hex_proof`, instances as little-endian hex field
//! elements), or raw proof bytes with instances as 32-byte big-endian words (the EVM calldata
//! order).

use alloc::format;
use alloc::string::ToString;
use alloc::vec::Vec;

use halo2curves::bn256::Fr;
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

impl ProofWithInstances {
    /// Decodes an EZKL `proof.json`.
    pub fn from_ezkl_json(bytes: &[u8]) -> Result<ProofWithInstances, Error> {
        if bytes.len() > MAX_PROOF_JSON_LEN {
            return Err(Error::InputTooLarge { what: "proof.json", len: bytes.len(), max: MAX_PROOF_JSON_LEN });
        }
        let v: Value = serde_json::from_slice(bytes).map_err(|e| decode_err("proof.json", e))?;
        let proof = match (v.get("proof"), v.get("hex_proof")) {
            (Some(Value::Array(items)), _) => {
                if items.len() > MAX_PROOF_LEN {
                    return Err(Error::InputTooLarge { what: "proof", len: items.len(), max: MAX_PROOF_LEN });
                }
                items
                    .iter()
                    .map(|b| {
                        b.as_u64()
                            .and_then(|b| u8::try_from(b).ok())
                            .ok_or_else(|| decode_err("proof", "not a byte array"))
                    })
                    .collect::<Result<Vec<u8>, _>>()?
            }
            (Some(Value::String(s)), _) | (_, Some(Value::String(s))) => hex_bytes("proof", s)?,
            _ => return Err(decode_err("proof", "missing (neither a byte array nor hex_proof)")),
        };
        if proof.len() > MAX_PROOF_LEN {
            return Err(Error::InputTooLarge { what: "proof", len: proof.len(), max: MAX_PROOF_LEN });
        }
        let columns = v.get("instances").and_then(Value::as_array).ok_or_else(|| decode_err("instances", "missing"))?;
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
