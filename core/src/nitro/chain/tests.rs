//! Certificates are built here, field by field, with deterministic P-384 keys, so each test
//! states the one thing that differs from a valid root → intermediate → leaf chain.

use alloc::string::ToString;
use alloc::vec;
use alloc::vec::Vec;

use p384::ecdsa::signature::Signer;
use p384::ecdsa::{Signature, SigningKey};
use sha2::Sha384;

use super::*;
use crate::time::Timestamp;

const DAY: i64 = 86_400;
/// "Now" of most tests, Unix seconds.
const NOW: i64 = 1_700_000_000;
const NOW_MS: u64 = NOW as u64 * 1000;

fn at(ms: u64) -> Timestamp {
    Timestamp::from_unix_millis(ms).unwrap()
}

// ---- a minimal DER writer ----

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len.to_be_bytes().into_iter().skip_while(|&b| b == 0).collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

fn uint(v: u64) -> Vec<u8> {
    let mut content: Vec<u8> = v.to_be_bytes().into_iter().skip_while(|&b| b == 0).collect();
    if content.first().is_none_or(|b| b & 0x80 != 0) {
        content.insert(0, 0);
    }
    tlv(0x02, &content)
}

/// An OID from its DER content bytes.
fn oid(content: &[u8]) -> Vec<u8> {
    tlv(0x06, content)
}

const ECDSA_WITH_SHA384: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03];
const ID_EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const SECP384R1: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
const COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03];
const BASIC_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x13];
const KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x0f];
/// 1.3.6.1.4.1.99999.1, an extension nobody knows.
const PRIVATE_EXTENSION: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0x86, 0x8d, 0x1f, 0x01];

/// keyUsage bits, first byte (RFC 5280 §4.2.1.3).
const DIGITAL_SIGNATURE: u8 = 0x80;
const NON_REPUDIATION: u8 = 0x40;
const KEY_CERT_SIGN: u8 = 0x04;
const CRL_SIGN: u8 = 0x02;

fn name(cn: &str) -> Vec<u8> {
    seq(&[tlv(0x31, &seq(&[oid(COMMON_NAME), tlv(0x0c, cn.as_bytes())]))])
}

/// UTCTime (all test times are before 2050).
fn utc_time(unix_secs: i64) -> Vec<u8> {
    let digits: Vec<u8> =
        Timestamp::from_unix_secs(unix_secs).unwrap().to_string().bytes().filter(u8::is_ascii_digit).collect();
    let mut text = digits[2..].to_vec();
    text.push(b'Z');
    tlv(0x17, &text)
}

fn extension(id: &[u8], critical: bool, value: &[u8]) -> Vec<u8> {
    let mut parts = vec![oid(id)];
    if critical {
        parts.push(tlv(0x01, &[0xff]));
    }
    parts.push(tlv(0x04, value));
    seq(&parts)
}

// ---- certificates ----

/// A deterministic P-384 key.
fn key(label: &str) -> SigningKey {
    use sha2::Digest;
    SigningKey::from_slice(&Sha384::digest(label.as_bytes())).unwrap()
}

/// Everything that varies between the test certificates.
#[derive(Clone)]
struct Cert {
    subject: &'static str,
    issuer: &'static str,
    /// Signed by the key of this label (the issuer's key, unless a test says otherwise).
    signer: &'static str,
    not_before: i64,
    not_after: i64,
    /// (critical, cA, pathLen)
    basic_constraints: Option<(bool, bool, Option<u8>)>,
    /// (critical, first byte of the bits)
    key_usage: Option<(bool, u8)>,
    unknown_critical: bool,
}

impl Cert {
    fn ca(subject: &'static str, issuer: &'static str, path_len: Option<u8>) -> Cert {
        Cert {
            subject,
            issuer,
            signer: issuer,
            not_before: NOW - 100 * DAY,
            not_after: NOW + 100 * DAY,
            basic_constraints: Some((true, true, path_len)),
            key_usage: Some((true, DIGITAL_SIGNATURE | KEY_CERT_SIGN | CRL_SIGN)),
            unknown_critical: false,
        }
    }

    fn leaf(issuer: &'static str) -> Cert {
        Cert {
            subject: "leaf",
            issuer,
            signer: issuer,
            not_before: NOW - 60,
            not_after: NOW + 3 * 3600,
            basic_constraints: Some((true, false, None)),
            key_usage: Some((false, DIGITAL_SIGNATURE | NON_REPUDIATION)),
            unknown_critical: false,
        }
    }

    fn der(&self) -> Vec<u8> {
        let sig_alg = seq(&[oid(ECDSA_WITH_SHA384)]);
        let point = key(self.subject).verifying_key().to_sec1_point(false).as_bytes().to_vec();
        let mut bits = vec![0];
        bits.extend(point);
        let spki = seq(&[seq(&[oid(ID_EC_PUBLIC_KEY), oid(SECP384R1)]), tlv(0x03, &bits)]);
        let mut exts = Vec::new();
        if let Some((critical, ca, path_len)) = self.basic_constraints {
            let mut bc = Vec::new();
            if ca {
                bc.push(tlv(0x01, &[0xff]));
            }
            if let Some(p) = path_len {
                bc.push(uint(p.into()));
            }
            exts.push(extension(BASIC_CONSTRAINTS, critical, &seq(&bc)));
        }
        if let Some((critical, byte)) = self.key_usage {
            let bit_string = tlv(0x03, &[byte.trailing_zeros() as u8, byte]);
            exts.push(extension(KEY_USAGE, critical, &bit_string));
        }
        if self.unknown_critical {
            exts.push(extension(PRIVATE_EXTENSION, true, &[0x05, 0x00]));
        }
        let tbs = seq(&[
            tlv(0xa0, &uint(2)),
            uint(1),
            sig_alg.clone(),
            name(self.issuer),
            seq(&[utc_time(self.not_before), utc_time(self.not_after)]),
            name(self.subject),
            spki,
            tlv(0xa3, &seq(&exts)),
        ]);
        let signature: Signature = key(self.signer).sign(&tbs);
        let mut sig_bits = vec![0];
        sig_bits.extend_from_slice(signature.to_der().as_bytes());
        seq(&[tbs, sig_alg, tlv(0x03, &sig_bits)])
    }
}

fn root() -> Cert {
    let mut root = Cert::ca("root", "root", None);
    root.not_before = NOW - 1000 * DAY;
    root.not_after = NOW + 1000 * DAY;
    root
}

fn intermediate() -> Cert {
    Cert::ca("intermediate", "root", None)
}

// ---- running the chain walk ----

/// `verify` with `root` (the first certificate) as the only anchor; `"ok"` or the error code.
fn walk(chain: &[Cert], now_ms: u64) -> &'static str {
    let ders: Vec<Vec<u8>> = chain.iter().map(Cert::der).collect();
    let anchors = [TrustAnchor::from_der(&ders[0])];
    let (leaf, bundle) = ders.split_last().unwrap();
    let bundle: Vec<&[u8]> = bundle.iter().map(Vec::as_slice).collect();
    verify::<1>(&anchors, &bundle, leaf, Timestamp::from_unix_millis(now_ms).unwrap(), None)
        .err()
        .map_or("ok", |e| e.code())
}

/// root → intermediate → leaf, with `edit` applied to the certificate at `index` first.
fn walk_edited(index: usize, now_ms: u64, edit: impl FnOnce(&mut Cert)) -> &'static str {
    let mut chain = [root(), intermediate(), Cert::leaf("intermediate")];
    edit(&mut chain[index]);
    walk(&chain, now_ms)
}

fn facts(cert: &Cert, pos: CertPosition) -> CertFacts {
    cert::parse(&cert.der(), pos).unwrap()
}

fn code<T>(r: Result<T, Error>) -> &'static str {
    r.err().map_or("ok", |e| e.code())
}

// ---- verify ----

#[test]
fn valid_chain_is_accepted() {
    assert_eq!(walk(&[root(), intermediate(), Cert::leaf("intermediate")], NOW_MS), "ok");
}

#[test]
fn verified_chain_yields_the_leaf_key_and_the_intersection_of_validities() {
    let (root, inter, leaf) = (root().der(), intermediate().der(), Cert::leaf("intermediate"));
    let anchors = [TrustAnchor::from_der(&root)];
    let chain =
        verify::<1>(&anchors, &[&root, &inter], &leaf.der(), at(NOW_MS), None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(chain.leaf_key, *key("leaf").verifying_key());
    assert_eq!((chain.not_before, chain.not_after), (leaf.not_before, leaf.not_after));
}

#[test]
fn validity_intersection_takes_the_narrowest_ancestor() {
    let mut inter = intermediate();
    inter.not_after = NOW + 3600;
    let (root, inter, leaf) = (root().der(), inter.der(), Cert::leaf("intermediate").der());
    let anchors = [TrustAnchor::from_der(&root)];
    let chain = verify::<1>(&anchors, &[&root, &inter], &leaf, at(NOW_MS), None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(chain.not_after, NOW + 3600);
}

#[test]
fn empty_bundle_has_no_trusted_root() {
    let leaf = Cert::leaf("root").der();
    let anchors = [TrustAnchor::from_der(&root().der())];
    assert_eq!(code(verify::<1>(&anchors, &[], &leaf, at(NOW_MS), None)), "nitro.cert.untrusted_root");
}

#[test]
fn root_that_is_not_an_anchor_is_untrusted() {
    let (root, inter, leaf) = (root().der(), intermediate().der(), Cert::leaf("intermediate").der());
    let other = Cert::ca("other root", "other root", None).der();
    let anchors = [TrustAnchor::from_der(&other), TrustAnchor::AWS_NITRO_ROOT_G1];
    assert_eq!(code(verify::<1>(&anchors, &[&root, &inter], &leaf, at(NOW_MS), None)), "nitro.cert.untrusted_root");
}

#[test]
fn leaf_issued_by_the_root_directly_is_accepted() {
    assert_eq!(walk(&[root(), Cert::leaf("root")], NOW_MS), "ok");
}

#[test]
fn issuer_name_must_be_the_parent_subject() {
    let r = walk_edited(2, NOW_MS, |leaf| leaf.issuer = "root");
    assert_eq!(r, "nitro.cert.issuer_mismatch");
}

#[test]
fn signature_must_be_by_the_parent_key() {
    let r = walk_edited(2, NOW_MS, |leaf| leaf.signer = "root");
    assert_eq!(r, "nitro.cert.bad_signature");
}

#[test]
fn root_is_trusted_by_its_bytes_not_its_self_signature() {
    assert_eq!(walk_edited(0, NOW_MS, |c| c.signer = "someone else"), "ok");
}

#[test]
fn check_issued_by_verifies_against_the_issuer_state() {
    let issuer = verify_root(&root().der(), at(NOW_MS)).unwrap_or_else(|e| panic!("{e}"));
    let pos = CertPosition::Bundle(1);
    assert_eq!(code(check_issued_by(&facts(&intermediate(), pos), &issuer, pos, at(NOW_MS))), "ok");
    let mut forged = intermediate();
    forged.signer = "intermediate";
    assert_eq!(code(check_issued_by(&facts(&forged, pos), &issuer, pos, at(NOW_MS))), "nitro.cert.bad_signature");
    let stranger = Cert::ca("stranger", "not root", None);
    assert_eq!(code(check_issued_by(&facts(&stranger, pos), &issuer, pos, at(NOW_MS))), "nitro.cert.issuer_mismatch");
}

#[test]
fn cached_prefix_gives_the_same_verdict() {
    let (root, inter) = (root().der(), intermediate().der());
    let anchors = [TrustAnchor::from_der(&root)];
    let mut cache = CaCache::<4>::new();
    let leaf = Cert::leaf("intermediate").der();
    assert_eq!(code(verify(&anchors, &[&root, &inter], &leaf, at(NOW_MS), Some(&mut cache))), "ok");
    assert_eq!(cache.len(), 2);
    let mut forged = Cert::leaf("intermediate");
    forged.signer = "root";
    let forged = forged.der();
    assert_eq!(
        code(verify(&anchors, &[&root, &inter], &forged, at(NOW_MS), Some(&mut cache))),
        "nitro.cert.bad_signature"
    );
}

// ---- validity (inclusive at both ends, whole seconds) ----

#[test]
fn leaf_is_valid_from_its_not_before_second() {
    let nb = Cert::leaf("intermediate").not_before as u64 * 1000;
    assert_eq!(walk_edited(2, nb, |_| {}), "ok");
    assert_eq!(walk_edited(2, nb - 1, |_| {}), "nitro.cert.not_yet_valid");
}

#[test]
fn leaf_is_valid_through_its_not_after_second() {
    let na = Cert::leaf("intermediate").not_after as u64 * 1000;
    assert_eq!(walk_edited(2, na + 999, |_| {}), "ok");
    assert_eq!(walk_edited(2, na + 1000, |_| {}), "nitro.cert.expired");
}

#[test]
fn expired_intermediate_is_rejected() {
    assert_eq!(walk_edited(1, NOW_MS, |c| c.not_after = NOW), "ok");
    assert_eq!(walk_edited(1, NOW_MS, |c| c.not_after = NOW - 1), "nitro.cert.expired");
}

#[test]
fn root_validity_is_checked_even_though_it_is_trusted() {
    assert_eq!(walk_edited(0, NOW_MS, |c| c.not_before = NOW), "ok");
    assert_eq!(walk_edited(0, NOW_MS, |c| c.not_before = NOW + 1), "nitro.cert.not_yet_valid");
    assert_eq!(walk_edited(0, NOW_MS, |c| c.not_after = NOW - 1), "nitro.cert.expired");
}

#[test]
fn check_validity_reports_the_position() {
    let facts = facts(&intermediate(), CertPosition::Bundle(1));
    let late = (facts.not_after as u64 + 1) * 1000;
    match check_validity(&facts, CertPosition::Bundle(1), at(late)) {
        Err(e) => {
            assert_eq!(e.code(), "nitro.cert.expired");
            assert!(e.to_string().starts_with("cabundle[1]"), "{e}");
        }
        Ok(()) => panic!("expired certificate accepted"),
    }
}

// ---- CA certificates: basicConstraints, keyUsage, pathLen ----

#[test]
fn check_ca_returns_the_path_length() {
    let pos = CertPosition::Bundle(1);
    assert_eq!(check_ca(&facts(&Cert::ca("ca", "root", Some(2)), pos), pos).ok(), Some(Some(2)));
    assert_eq!(check_ca(&facts(&Cert::ca("ca", "root", None), pos), pos).ok(), Some(None));
}

#[test]
fn ca_without_basic_constraints_is_rejected() {
    assert_eq!(walk_edited(1, NOW_MS, |c| c.basic_constraints = None), "nitro.cert.basic_constraints");
}

#[test]
fn ca_with_ca_false_is_rejected() {
    assert_eq!(
        walk_edited(1, NOW_MS, |c| c.basic_constraints = Some((true, false, None))),
        "nitro.cert.basic_constraints"
    );
}

#[test]
fn ca_with_non_critical_basic_constraints_is_rejected() {
    assert_eq!(
        walk_edited(1, NOW_MS, |c| c.basic_constraints = Some((false, true, None))),
        "nitro.cert.basic_constraints"
    );
}

#[test]
fn root_must_be_a_ca_too() {
    assert_eq!(
        walk_edited(0, NOW_MS, |c| c.basic_constraints = Some((true, false, None))),
        "nitro.cert.basic_constraints"
    );
}

#[test]
fn ca_without_key_usage_is_rejected() {
    assert_eq!(walk_edited(1, NOW_MS, |c| c.key_usage = None), "nitro.cert.key_usage");
}

#[test]
fn ca_without_key_cert_sign_is_rejected() {
    assert_eq!(walk_edited(1, NOW_MS, |c| c.key_usage = Some((true, KEY_CERT_SIGN))), "ok");
    assert_eq!(
        walk_edited(1, NOW_MS, |c| c.key_usage = Some((true, DIGITAL_SIGNATURE | CRL_SIGN))),
        "nitro.cert.key_usage"
    );
}

#[test]
fn ca_with_unknown_critical_extension_is_rejected() {
    assert_eq!(walk_edited(1, NOW_MS, |c| c.unknown_critical = true), "nitro.cert.unknown_critical_extension");
}

/// root (pathLen `root_len`) → a (pathLen `a_len`) → b → leaf.
fn two_intermediates(root_len: Option<u8>, a_len: Option<u8>) -> &'static str {
    let mut root = root();
    root.basic_constraints = Some((true, true, root_len));
    walk(&[root, Cert::ca("a", "root", a_len), Cert::ca("b", "a", None), Cert::leaf("b")], NOW_MS)
}

#[test]
fn path_length_zero_forbids_a_ca_below() {
    assert_eq!(two_intermediates(None, Some(1)), "ok");
    assert_eq!(two_intermediates(None, Some(0)), "nitro.cert.path_length");
}

#[test]
fn root_path_length_counts_every_ca_below_it() {
    assert_eq!(two_intermediates(Some(2), None), "ok");
    assert_eq!(two_intermediates(Some(1), None), "nitro.cert.path_length");
    assert_eq!(two_intermediates(Some(0), None), "nitro.cert.path_length");
}

#[test]
fn ancestor_path_length_wins_over_a_larger_one_below() {
    // root allows one CA below it (a); a's own pathLen 5 cannot extend that to b.
    assert_eq!(two_intermediates(Some(1), Some(5)), "nitro.cert.path_length");
    // And a smaller pathLen below a larger one applies.
    assert_eq!(two_intermediates(Some(5), Some(0)), "nitro.cert.path_length");
}

#[test]
fn path_length_zero_still_allows_the_leaf() {
    assert_eq!(walk_edited(1, NOW_MS, |c| c.basic_constraints = Some((true, true, Some(0)))), "ok");
}

// ---- the leaf ----

#[test]
fn leaf_without_basic_constraints_is_accepted() {
    assert_eq!(walk_edited(2, NOW_MS, |c| c.basic_constraints = None), "ok");
}

#[test]
fn leaf_that_is_a_ca_is_rejected() {
    assert_eq!(
        walk_edited(2, NOW_MS, |c| c.basic_constraints = Some((true, true, None))),
        "nitro.cert.basic_constraints"
    );
}

#[test]
fn leaf_with_a_path_length_is_rejected() {
    assert_eq!(
        walk_edited(2, NOW_MS, |c| c.basic_constraints = Some((true, false, Some(0)))),
        "nitro.cert.basic_constraints"
    );
}

#[test]
fn leaf_without_digital_signature_is_rejected() {
    assert_eq!(walk_edited(2, NOW_MS, |c| c.key_usage = Some((true, NON_REPUDIATION))), "nitro.cert.key_usage");
}

#[test]
fn leaf_without_key_usage_is_rejected() {
    assert_eq!(walk_edited(2, NOW_MS, |c| c.key_usage = None), "nitro.cert.key_usage");
}

#[test]
fn leaf_with_unknown_critical_extension_is_rejected() {
    assert_eq!(walk_edited(2, NOW_MS, |c| c.unknown_critical = true), "nitro.cert.unknown_critical_extension");
    assert_eq!(code(check_leaf(&facts(&Cert::leaf("x"), CertPosition::Leaf))), "ok");
}
