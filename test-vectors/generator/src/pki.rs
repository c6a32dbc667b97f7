//! A test PKI of the same shape as AWS's Nitro hierarchy: root → regional → zonal →
//! instance → leaf, with deterministic keys and RFC 6979 signatures, so every run writes
//! the same bytes.

use p384::ecdsa::signature::hazmat::PrehashSigner;
use p384::ecdsa::{Signature, SigningKey};
use sha2::{Digest, Sha256, Sha384};

use crate::der::*;

/// ecdsa-with-SHA384.
pub const ECDSA_WITH_SHA384: &str = "1.2.840.10045.4.3.3";
/// ecdsa-with-SHA256.
pub const ECDSA_WITH_SHA256: &str = "1.2.840.10045.4.3.2";
const ID_EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
/// The P-384 curve (secp384r1).
pub const SECP384R1: &str = "1.3.132.0.34";
/// The P-256 curve (secp256r1).
pub const SECP256R1: &str = "1.2.840.10045.3.1.7";
const BASIC_CONSTRAINTS: &str = "2.5.29.19";
const KEY_USAGE: &str = "2.5.29.15";
const SUBJECT_KEY_ID: &str = "2.5.29.14";
const AUTHORITY_KEY_ID: &str = "2.5.29.35";

/// keyUsage bits (RFC 5280 §4.2.1.3), as bit numbers.
pub const DIGITAL_SIGNATURE: u8 = 0;
/// keyUsage bit nonRepudiation.
pub const NON_REPUDIATION: u8 = 1;
/// keyUsage bit keyCertSign.
pub const KEY_CERT_SIGN: u8 = 5;
/// keyUsage bit cRLSign.
pub const CRL_SIGN: u8 = 6;

/// A P-384 key derived from a label: the same label always gives the same key.
pub fn key(label: &str) -> SigningKey {
    SigningKey::from_slice(&Sha384::digest(format!("lightcheck test key: {label}"))).expect("scalar in range")
}

/// The uncompressed SEC1 point of `key`'s public key.
pub fn sec1_point(key: &SigningKey) -> Vec<u8> {
    key.verifying_key().to_sec1_point(false).as_bytes().to_vec()
}

/// An ECDSA P-384 signature over `digest`, DER-encoded.
pub fn sign_der(key: &SigningKey, digest: &[u8]) -> Vec<u8> {
    let sig: Signature = key.sign_prehash(digest).expect("sign");
    sig.to_der().as_bytes().to_vec()
}

/// Everything that varies between the certificates of the vectors.
#[derive(Clone)]
pub struct CertSpec {
    /// serialNumber.
    pub serial: u64,
    /// The subject's common name.
    pub subject_cn: String,
    /// The issuer's common name.
    pub issuer_cn: String,
    /// notBefore, Unix seconds.
    pub not_before: i64,
    /// notAfter, Unix seconds.
    pub not_after: i64,
    /// The subject's key.
    pub key: SigningKey,
    /// The key that signs the certificate.
    pub issuer_key: SigningKey,
    /// (critical, cA, pathLen)
    pub basic_constraints: Option<(bool, bool, Option<u8>)>,
    /// (critical, bits)
    pub key_usage: Option<(bool, Vec<u8>)>,
    /// Extra extensions: (OID, critical, value DER).
    pub extra_extensions: Vec<(String, bool, Vec<u8>)>,
    /// The signature algorithm OID written in the certificate.
    pub signature_oid: &'static str,
    /// The curve OID written in the subject public key.
    pub curve_oid: &'static str,
}

/// An X.509 Name with one common name.
pub fn name(cn: &str) -> Vec<u8> {
    let rdn = |oid_str: &str, value: Vec<u8>| set(&[seq(&[oid(oid_str), value])]);
    seq(&[
        rdn("2.5.4.6", printable_string("US")),
        rdn("2.5.4.10", utf8_string("lightcheck test PKI")),
        rdn("2.5.4.11", utf8_string("Nitro-shaped")),
        rdn("2.5.4.3", utf8_string(cn)),
    ])
}

fn key_usage_der(bits: &[u8]) -> Vec<u8> {
    let mut value = 0u16;
    for &b in bits {
        value |= 0x8000 >> b;
    }
    let bytes = value.to_be_bytes();
    let len = if bytes[1] == 0 { 1 } else { 2 };
    let last = bytes[len - 1];
    bit_string(&bytes[..len], last.trailing_zeros() as u8)
}

fn extension(oid_str: &str, critical: bool, value: &[u8]) -> Vec<u8> {
    let mut parts = vec![oid(oid_str)];
    if critical {
        parts.push(boolean(true));
    }
    parts.push(octet_string(value));
    seq(&parts)
}

fn key_id(key: &SigningKey) -> Vec<u8> {
    Sha256::digest(sec1_point(key))[..20].to_vec()
}

impl CertSpec {
    /// The certificate, DER-encoded and signed.
    pub fn to_der(&self) -> Vec<u8> {
        let sig_alg = seq(&[oid(self.signature_oid)]);
        let spki = seq(&[seq(&[oid(ID_EC_PUBLIC_KEY), oid(self.curve_oid)]), bit_string(&sec1_point(&self.key), 0)]);
        let mut exts = Vec::new();
        if let Some((critical, ca, path_len)) = self.basic_constraints {
            let mut bc = Vec::new();
            if ca {
                bc.push(boolean(true));
            }
            if let Some(p) = path_len {
                bc.push(small_uint(p.into()));
            }
            exts.push(extension(BASIC_CONSTRAINTS, critical, &seq(&bc)));
        }
        if let Some((critical, bits)) = &self.key_usage {
            exts.push(extension(KEY_USAGE, *critical, &key_usage_der(bits)));
        }
        exts.push(extension(SUBJECT_KEY_ID, false, &octet_string(&key_id(&self.key))));
        if self.subject_cn != self.issuer_cn {
            exts.push(extension(AUTHORITY_KEY_ID, false, &seq(&[tlv(0x80, &key_id(&self.issuer_key))])));
        }
        for (o, critical, value) in &self.extra_extensions {
            exts.push(extension(o, *critical, value));
        }
        let tbs = seq(&[
            explicit(0, &small_uint(2)),
            small_uint(self.serial),
            sig_alg.clone(),
            name(&self.issuer_cn),
            seq(&[time(self.not_before), time(self.not_after)]),
            name(&self.subject_cn),
            spki,
            explicit(3, &seq(&exts)),
        ]);
        let digest = if self.signature_oid == ECDSA_WITH_SHA256 {
            Sha256::digest(&tbs).to_vec()
        } else {
            Sha384::digest(&tbs).to_vec()
        };
        let signature = sign_der(&self.issuer_key, &digest);
        seq(&[tbs, sig_alg, bit_string(&signature, 0)])
    }
}

/// The five certificate specs of one hierarchy, root first, for a document created at `t0`
/// (Unix seconds). `tag` separates hierarchies (a rogue root gets other keys and names).
pub fn hierarchy(tag: &str, t0: i64) -> [CertSpec; 5] {
    const H: i64 = 3600;
    const D: i64 = 24 * H;
    let names = [
        format!("{tag}.nitro-enclaves"),
        format!("a1b2c3d4.eu-west-1.{tag}.nitro-enclaves"),
        format!("e5f6a7b8.zonal.eu-west-1.{tag}.nitro-enclaves"),
        format!("i-0123456789abcdef0.eu-west-1.{tag}.nitro-enclaves"),
        format!("i-0123456789abcdef0-enc0123456789abcdef.eu-west-1.{tag}"),
    ];
    let keys = names.each_ref().map(|n| key(n));
    // Root 30 years from 2025-01-01; regional ±10 days, zonal ±3 days, instance ±12 h, leaf 3 h.
    let windows = [
        (1_735_689_600, 1_735_689_600 + 30 * 365 * D),
        (t0 - 10 * D, t0 + 10 * D),
        (t0 - 3 * D, t0 + 3 * D),
        (t0 - 12 * H, t0 + 12 * H),
        (t0 - 60, t0 + 3 * H - 60),
    ];
    let ca_usage = Some((true, vec![DIGITAL_SIGNATURE, KEY_CERT_SIGN, CRL_SIGN]));
    let constraints = [
        (Some((true, true, None)), ca_usage.clone()),
        (Some((true, true, Some(2))), ca_usage.clone()),
        (Some((true, true, Some(1))), ca_usage),
        (Some((true, true, Some(0))), Some((true, vec![KEY_CERT_SIGN]))),
        (Some((true, false, None)), Some((false, vec![DIGITAL_SIGNATURE, NON_REPUDIATION]))),
    ];
    core::array::from_fn(|i| CertSpec {
        serial: 1000 + i as u64,
        subject_cn: names[i].clone(),
        issuer_cn: names[i.saturating_sub(1)].clone(),
        not_before: windows[i].0,
        not_after: windows[i].1,
        key: keys[i].clone(),
        issuer_key: keys[i.saturating_sub(1)].clone(),
        basic_constraints: constraints[i].0,
        key_usage: constraints[i].1.clone(),
        extra_extensions: Vec::new(),
        signature_oid: ECDSA_WITH_SHA384,
        curve_oid: SECP384R1,
    })
}
