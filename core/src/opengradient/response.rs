//! Verifying a TEE gateway's signed response.
//!
//! The checks and their order follow the OpenGradient SDK's `verify_response`, so both report
//! the same failing check: the response's fields are present and typed; `tee_id` is keccak256 of
//! the signing key (and the expected TEE, if given); `tee_request_hash` is keccak256 of the
//! canonical request; `tee_output_hash` is keccak256 of the content; the RSA-PSS signature
//! verifies over `keccak256(request_hash ‖ output_hash ‖ uint256_be(timestamp))`.

use alloc::string::String;
use alloc::vec::Vec;

use super::output::{output_hash, response_content_for_hash};
use super::pyjson::Value;
use super::request::{canonical_request, request_hash};
use super::signing_key::SigningKey;
use crate::codec::hash::keccak256;
use crate::opengradient::Error;

/// Longest base64 signature accepted (an 8192-bit signature is 1368 characters).
const MAX_SIGNATURE_B64_LEN: usize = 1400;

/// The signed fields of a gateway response, as the response states them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedFields<'a> {
    /// `tee_signature`: base64 RSA-PSS signature.
    pub signature_b64: &'a str,
    /// `tee_request_hash`: hex, optional `0x`.
    pub request_hash: &'a str,
    /// `tee_output_hash`: hex, optional `0x`.
    pub output_hash: &'a str,
    /// `tee_timestamp`: Unix seconds (a JSON integer or a decimal string).
    pub timestamp: u64,
    /// `tee_id`: `0x` + hex.
    pub tee_id: &'a str,
}

impl<'a> SignedFields<'a> {
    /// Reads the five `tee_*` fields of a response body (each must be present and typed).
    pub fn from_response(response: &'a Value) -> Result<SignedFields<'a>, Error> {
        let string = |name: &'static str| {
            response.get(name).and_then(Value::as_str).ok_or_else(|| decode(name, "missing, or not a string"))
        };
        Ok(SignedFields {
            signature_b64: string("tee_signature")?,
            request_hash: string("tee_request_hash")?,
            output_hash: string("tee_output_hash")?,
            timestamp: timestamp(response.get("tee_timestamp"))?,
            tee_id: string("tee_id")?,
        })
    }
}

/// What the caller additionally requires of a response.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResponseOptions<'a> {
    /// The content that was signed, when it is not the first choice's message (for example the
    /// text accumulated from a stream).
    pub content: Option<&'a str>,
    /// The TEE the caller expects the response from.
    pub expected_tee_id: Option<[u8; 32]>,
}

/// A response whose signature verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedResponse {
    /// keccak256 of the signing key's SPKI DER.
    pub tee_id: [u8; 32],
    /// keccak256 of the canonical request (the settlement's `inputHash`).
    pub request_hash: [u8; 32],
    /// keccak256 of the content (the settlement's `outputHash`).
    pub output_hash: [u8; 32],
    /// The signing time the enclave asserted, Unix seconds.
    pub timestamp: u64,
    /// `keccak256(request_hash ‖ output_hash ‖ uint256_be(timestamp))`, the signed message.
    pub msg_hash: [u8; 32],
    /// The raw RSA-PSS signature.
    pub signature: Vec<u8>,
    /// The content whose hash was signed.
    pub content: String,
}

/// `keccak256(request_hash ‖ output_hash ‖ uint256_be(timestamp))`.
pub fn msg_hash(request_hash: &[u8; 32], output_hash: &[u8; 32], timestamp: u64) -> [u8; 32] {
    let mut ts = [0u8; 32];
    ts[24..].copy_from_slice(&timestamp.to_be_bytes());
    keccak256(&[request_hash, output_hash, &ts])
}

/// Verifies a gateway response to `request` (the OpenAI-style body the client sent) under the
/// TEE's signing `key`.
///
/// Guarantees on success: the TEE holding `key` signed exactly this request's canonical form,
/// this content and this timestamp. Nothing here says that the key belongs to an enclave (see
/// [`super::binding`]) or that the response was settled (see [`super::settlement`]).
pub fn verify_response(
    request: &Value,
    response: &Value,
    key: &SigningKey,
    options: &ResponseOptions<'_>,
) -> Result<VerifiedResponse, Error> {
    let canonical = canonical_request(request)?;
    let content = match options.content {
        Some(c) => String::from(c),
        None => response_content_for_hash(response)?,
    };
    let fields = SignedFields::from_response(response)?;

    let tee_id = key.tee_id();
    if !hex_eq_ignore_case(strip_0x(fields.tee_id), &tee_id) {
        return Err(Error::TeeIdMismatch);
    }
    if options.expected_tee_id.is_some_and(|expected| expected != tee_id) {
        return Err(Error::UnexpectedTee);
    }
    let request_hash = request_hash(&canonical);
    if !is_lower_hex_of(strip_0x(fields.request_hash), &request_hash) {
        return Err(Error::RequestHashMismatch);
    }
    let output_hash = output_hash(&content);
    if !is_lower_hex_of(strip_0x(fields.output_hash), &output_hash) {
        return Err(Error::OutputHashMismatch);
    }
    let msg_hash = msg_hash(&request_hash, &output_hash, fields.timestamp);
    let signature = decode_base64(fields.signature_b64)?;
    key.verify_pss(&msg_hash, &signature)?;
    Ok(VerifiedResponse {
        tee_id,
        request_hash,
        output_hash,
        timestamp: fields.timestamp,
        msg_hash,
        signature,
        content,
    })
}

fn decode(field: &str, reason: &str) -> Error {
    Error::Decode { field: field.into(), reason: reason.into() }
}

/// `tee_timestamp`: a non-negative JSON integer or a string of ASCII digits, fitting u64.
/// (The SDK's Python `int()` also accepts signs, spaces and `_`; lightcheck does not.)
fn timestamp(v: Option<&Value>) -> Result<u64, Error> {
    let digits = match v {
        Some(Value::Int(s)) => s.as_str(),
        Some(Value::Str(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s.as_str(),
        Some(Value::Str(_)) => return Err(decode("tee_timestamp", "not a decimal integer string")),
        _ => return Err(decode("tee_timestamp", "missing, or not an integer")),
    };
    digits.parse().map_err(|_| decode("tee_timestamp", "not an integer in 0..2^64"))
}

fn strip_0x(s: &str) -> &str {
    s.strip_prefix("0x").unwrap_or(s)
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// `hex` spells `bytes`, hex digits in either case.
fn hex_eq_ignore_case(hex: &str, bytes: &[u8]) -> bool {
    let h = hex.as_bytes();
    h.len() == 2 * bytes.len()
        && bytes
            .iter()
            .zip(h.chunks(2))
            .all(|(b, pair)| matches!((nibble(pair[0]), nibble(pair[1])), (Some(hi), Some(lo)) if hi << 4 | lo == *b))
}

/// `hex` spells `bytes` in lowercase (the SDK compares the gateway's hash strings exactly
/// against Python's lowercase `hex()`).
fn is_lower_hex_of(hex: &str, bytes: &[u8]) -> bool {
    !hex.bytes().any(|c| c.is_ascii_uppercase()) && hex_eq_ignore_case(hex, bytes)
}

fn decode_base64(s: &str) -> Result<Vec<u8>, Error> {
    use base64::Engine as _;
    if s.len() > MAX_SIGNATURE_B64_LEN {
        return Err(Error::InputTooLarge { what: "tee_signature", len: s.len(), max: MAX_SIGNATURE_B64_LEN });
    }
    base64::engine::general_purpose::STANDARD.decode(s).map_err(|_| decode("tee_signature", "not standard base64"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_and_signatures_are_read_strictly() {
        use alloc::string::ToString;
        let reason = |v: Value| timestamp(Some(&v)).unwrap_err().to_string();
        assert!(reason(Value::Str("12a".into())).contains("not a decimal integer string"));
        assert!(reason(Value::Bool(true)).contains("missing, or not an integer"));
        assert_eq!(timestamp(Some(&Value::Str("1770000000".into()))).unwrap(), 1_770_000_000);
        // The base64 signature bound is inclusive.
        assert_eq!(decode_base64(&"A".repeat(MAX_SIGNATURE_B64_LEN)).unwrap().len(), MAX_SIGNATURE_B64_LEN / 4 * 3);
        assert_eq!(decode_base64(&"A".repeat(MAX_SIGNATURE_B64_LEN + 1)).unwrap_err().code(), "input.too_large");
    }

    #[test]
    fn msg_hash_matches_the_documented_value() {
        // opengradient.md §3.3: first request, output "Hello! 😀", timestamp 1770000000.
        let rh = hex_arr("34bd312a5866b31311d20458b36d421cf05a7ae0b4f9c001c73b75ee3383fdc6");
        let oh = hex_arr("bfe9895ce297ed874c32e1739cd454a42f54e1a8a5be5fe939e938ed8b572cf8");
        let m = msg_hash(&rh, &oh, 1_770_000_000);
        assert_eq!(m, hex_arr("b500bc9487314cfbdd8eebab7c3fa5093c69d62ab1c9c836f711d13d29e6d26f"));
    }

    #[test]
    fn hex_comparisons() {
        let b = [0xab, 0x01];
        assert!(hex_eq_ignore_case("AB01", &b));
        assert!(hex_eq_ignore_case("ab01", &b));
        assert!(!hex_eq_ignore_case("ab0", &b));
        assert!(!hex_eq_ignore_case("ab0g", &b));
        assert!(is_lower_hex_of("ab01", &b));
        assert!(!is_lower_hex_of("AB01", &b));
    }

    fn hex_arr(s: &str) -> [u8; 32] {
        let v = hex::decode(s).unwrap();
        v.try_into().unwrap()
    }
}
