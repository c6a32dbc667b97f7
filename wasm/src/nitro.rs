//! AWS Nitro Enclaves attestation documents.

use std::collections::BTreeMap;

use js_sys::{Array, Object};
use lightcheck::nitro::{self, Attestation, PolicyBuf, TrustAnchor, Verifier};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::{self, OrThrow};
use crate::input::{self, Options};
use crate::output::{to_js, Bytes};

#[wasm_bindgen(typescript_custom_section)]
const TS_NITRO: &str = r#"
/** What a Nitro attestation must satisfy beyond authenticity. Every field is optional. */
export interface NitroPolicy {
  /**
   * PCRs that must be present with exactly these values (48 bytes each, `Uint8Array` or hex),
   * by index 0–31, e.g. `{ 0: "082b…", 1: pcr1Bytes }`. An all-zero value is a value, not a wildcard.
   */
  expectedPcrs?: Record<number, Uint8Array | string>;
  /**
   * Allowed PCR sets, e.g. the old and the new image during a rolling deploy:
   * `[{ 0: oldPcr0, 1: oldPcr1, 2: oldPcr2 }, { 0: newPcr0, 1: newPcr1, 2: newPcr2 }]`, each
   * shaped like `expectedPcrs` (index 0–31 → 48 bytes, `Uint8Array` or hex). The document must
   * match at least one set: every PCR of that set present with exactly that value. The result's
   * `matchedPcrSet` is the index of the first set that matched. No match throws
   * `"nitro.policy.pcr_set_mismatch"`. Independent of `expectedPcrs`: both must hold.
   * At most 16 sets, none empty, no index twice in a set (else `"input.invalid"`).
   * Default: no constraint.
   */
  pcrSets?: Record<number, Uint8Array | string>[];
  /** Accept debug-mode documents (PCR0, PCR1 and PCR2 all zero). Default `false`. */
  allowDebug?: boolean;
  /** The nonce the document must carry (`Uint8Array` or hex). */
  nonce?: Uint8Array | string;
  /** The exact `user_data` the document must carry (`Uint8Array` or hex). */
  userData?: Uint8Array | string;
  /**
   * The TLS certificate and signing key that `user_data` must bind, in nitriding's layout:
   * `0x1220 ‖ sha256(tlsCertificate) ‖ 0x1220 ‖ sha256(signingKeySpki)`.
   */
  keyBinding?: {
    /** DER of the enclave's TLS certificate. */
    tlsCertificate: Uint8Array;
    /** DER SubjectPublicKeyInfo of the enclave's signing key. */
    signingKeySpki: Uint8Array;
  };
  /** Reject documents whose timestamp is more than this many milliseconds before `now`. */
  maxAgeMs?: number;
  /** Reject documents whose timestamp is more than this many milliseconds after `now`. */
  maxFutureSkewMs?: number;
  /**
   * DER certificates of the roots the chain may start from (`cabundle[0]` must be one of them).
   * Default: the AWS Nitro Enclaves root G1 only.
   */
  roots?: Uint8Array[];
}

/** A Nitro attestation document that verified and passed the policy. */
export interface NitroAttestation {
  /** The issuing Nitro hypervisor module, e.g. `"i-0123…-enc0123…"`. */
  moduleId: string;
  /** When the document was created, Unix milliseconds. */
  timestampMs: number;
  /** The PCR digest function; always `"SHA384"`. */
  digest: "SHA384";
  /** The locked PCRs by index (48 bytes each). */
  pcrs: Record<number, Uint8Array>;
  /** The document's optional `public_key` field. */
  publicKey: Uint8Array | null;
  /** The document's optional `user_data` field. */
  userData: Uint8Array | null;
  /** The document's optional `nonce` field. */
  nonce: Uint8Array | null;
  /** First millisecond (Unix) at which every certificate of the chain is valid. */
  validFromMs: number;
  /** Last millisecond (Unix) at which every certificate of the chain is valid: the verdict expires after it. */
  validUntilMs: number;
  /** Whether PCR0, PCR1 and PCR2 are all zero (a debug-mode enclave, whose memory the host can read). */
  debugMode: boolean;
  /**
   * Which of `policy.pcrSets` the document matched (the index of the first set that did);
   * `null` exactly when the policy gave no `pcrSets`.
   */
  matchedPcrSet: number | null;
}
"#;

const POLICY_KEYS: &[&str] = &[
    "expectedPcrs",
    "pcrSets",
    "allowDebug",
    "nonce",
    "userData",
    "keyBinding",
    "maxAgeMs",
    "maxFutureSkewMs",
    "roots",
];

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AttestationJs<'a> {
    module_id: &'a str,
    timestamp_ms: u64,
    digest: &'a str,
    pcrs: BTreeMap<String, Bytes<'a>>,
    public_key: Option<Bytes<'a>>,
    user_data: Option<Bytes<'a>>,
    nonce: Option<Bytes<'a>>,
    valid_from_ms: u64,
    valid_until_ms: u64,
    debug_mode: bool,
    matched_pcr_set: Option<usize>,
}

fn attestation_js(a: &Attestation) -> Result<JsValue, JsValue> {
    to_js(&AttestationJs {
        module_id: &a.module_id,
        timestamp_ms: a.timestamp_ms,
        digest: a.digest,
        pcrs: a.pcr_iter().map(|(i, v)| (i.to_string(), Bytes(v))).collect(),
        public_key: a.public_key.as_deref().map(Bytes),
        user_data: a.user_data.as_deref().map(Bytes),
        nonce: a.nonce.as_deref().map(Bytes),
        valid_from_ms: a.valid_from_ms,
        valid_until_ms: a.valid_until_ms,
        debug_mode: a.is_debug_mode(),
        matched_pcr_set: a.matched_pcr_set,
    })
}

/// The policy's owned parts (the core's `Policy` borrows them).
struct PolicyParts {
    policy: PolicyBuf,
    roots: Vec<TrustAnchor>,
}

/// The reason of a policy the core refused (`nitro::Error::PolicyInvalid`).
fn policy_reason(e: &nitro::Error) -> &'static str {
    match e {
        nitro::Error::PolicyInvalid { reason } => reason,
        _ => "invalid",
    }
}

/// The entries of an `{ index: bytes | hex }` object (`expectedPcrs`, one of `pcrSets`), each with
/// the name of its field for errors. Indices are range-checked by the policy.
fn pcr_entries(pcrs: &JsValue, field: &str) -> Result<Vec<(u64, [u8; 48], String)>, JsValue> {
    if !pcrs.is_object() || Array::is_array(pcrs) {
        return Err(error::input(field, "expected an object { index: bytes }"));
    }
    Object::entries(pcrs.unchecked_ref())
        .iter()
        .map(|entry| {
            let entry: Array = entry.unchecked_into();
            let key = entry.get(0).as_string().unwrap_or_default();
            let name = format!("{field}[{key}]");
            let index = key.parse::<u64>().map_err(|_| error::input(&name, "not a PCR index (an integer 0..=31)"))?;
            let value = input::fixed_bytes::<48>(&entry.get(1), &name)?;
            Ok((index, value, name))
        })
        .collect()
}

fn policy_parts(policy: &JsValue) -> Result<PolicyParts, JsValue> {
    let o = Options::new(policy, "policy", POLICY_KEYS)?;
    let mut policy = PolicyBuf::default();
    if let Some(pcrs) = o.get("expectedPcrs") {
        for (index, value, name) in pcr_entries(&pcrs, "policy.expectedPcrs")? {
            policy.expect_pcr(index, value).map_err(|e| error::input(&name, policy_reason(&e)))?;
        }
    }
    if let Some(sets) = o.get("pcrSets") {
        if !Array::is_array(&sets) {
            return Err(error::input(
                "policy.pcrSets",
                &format!("expected an array of objects {{ index: bytes }}, got {}", input::describe(&sets)),
            ));
        }
        let sets: Array = sets.unchecked_into();
        if sets.length() as usize > nitro::MAX_PCR_SETS {
            return Err(error::input("policy.pcrSets", "more than MAX_PCR_SETS (16) PCR sets"));
        }
        for (i, set) in sets.iter().enumerate() {
            let name = format!("policy.pcrSets[{i}]");
            let entries = pcr_entries(&set, &name)?;
            policy
                .add_pcr_set(entries.into_iter().map(|(index, value, _)| (index, value)))
                .map_err(|e| error::input(&name, policy_reason(&e)))?;
        }
    }
    let key_binding = match o.get("keyBinding") {
        None => None,
        Some(v) => {
            let kb = Options::new(&v, "policy.keyBinding", &["tlsCertificate", "signingKeySpki"])?;
            let required =
                |key: &str| kb.bytes(key)?.ok_or_else(|| error::input(&kb.name(key), "required (a Uint8Array of DER)"));
            Some((required("tlsCertificate")?, required("signingKeySpki")?))
        }
    };
    let roots = match o.get("roots") {
        None => vec![TrustAnchor::AWS_NITRO_ROOT_G1],
        Some(v) if Array::is_array(&v) => {
            let roots: Array = v.unchecked_into();
            if roots.length() == 0 {
                return Err(error::input("policy.roots", "empty: no document could verify"));
            }
            roots
                .iter()
                .enumerate()
                .map(|(i, r)| input::bytes(&r, &format!("policy.roots[{i}]")).map(|der| TrustAnchor::from_der(&der)))
                .collect::<Result<_, _>>()?
        }
        Some(v) => {
            return Err(error::input(
                "policy.roots",
                &format!("expected an array of Uint8Array, got {}", input::describe(&v)),
            ))
        }
    };
    policy.allow_debug = o.bool("allowDebug")?.unwrap_or(false);
    policy.nonce = o.bytes_or_hex("nonce")?;
    policy.user_data = o.bytes_or_hex("userData")?;
    policy.key_binding = key_binding;
    policy.max_age_ms = o.uint("maxAgeMs")?;
    policy.max_future_skew_ms = o.uint("maxFutureSkewMs")?;
    Ok(PolicyParts { policy, roots })
}

/// Verifies an AWS Nitro Enclaves attestation document (raw CBOR `COSE_Sign1` bytes) at `now`:
/// the COSE envelope and ES384 signature, the payload, the certificate chain to a trusted root
/// (AWS Nitro root G1 unless `policy.roots`), validity of every certificate at `now`, then the
/// policy. Debug-mode documents are rejected unless `policy.allowDebug`.
///
/// Returns the verified attestation (with `matchedPcrSet`, the index of the `policy.pcrSets` set
/// it matched); throws a `LightcheckError` (e.g. code `"nitro.cert.expired"`,
/// `"nitro.policy.pcr_mismatch"`, `"nitro.policy.pcr_set_mismatch"`) otherwise.
#[wasm_bindgen(js_name = verifyNitro, unchecked_return_type = "NitroAttestation")]
pub fn verify_nitro(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] document: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Time")] now: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "NitroPolicy")] policy: JsValue,
) -> Result<JsValue, JsValue> {
    let document = input::bytes(&document, "document")?;
    let now = input::time(&now, "now")?;
    let parts = policy_parts(&policy)?;
    let attestation = parts
        .policy
        .with_policy(|policy| Verifier::<0>::with_roots(&parts.roots).verify_uncached(&document, policy, now))
        .or_throw()?;
    attestation_js(&attestation)
}

/// The timestamp (Unix milliseconds) a well-formed document *claims*, read without verifying
/// anything. Use it only to choose the time to verify at (e.g. "when it was produced"): it is
/// authenticated only once `verifyNitro` accepts the document at that time.
#[wasm_bindgen(js_name = nitroClaimedTimestampMs)]
pub fn nitro_claimed_timestamp_ms(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] document: JsValue,
) -> Result<f64, JsValue> {
    let document = input::bytes(&document, "document")?;
    Ok(nitro::claimed_timestamp_ms(&document).or_throw()? as f64)
}
