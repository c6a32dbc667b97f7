//! zkML proofs (EZKL: halo2 PLONK, KZG on BN254).

use lightcheck::zk::{self, instances_from_be_words, ProofWithInstances, SrsPoints, Vka};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::{self, OrThrow};
use crate::input::{self, Options};
use crate::output::{hex, to_js};

#[wasm_bindgen(typescript_custom_section)]
const TS_ZK: &str = r#"
/** Inputs of `verifyZk` besides the VKA and the proof. */
export interface ZkOptions {
  /**
   * The KZG SRS: a halo2 SRS file (full, or the k=1 reduction) or the three points. Optional when
   * `vkaDigest` pins the VKA: the SRS points the pinned VKA carries are used then.
   */
  srs?: Uint8Array;
  /**
   * The public instances as 32-byte big-endian words. Give them when `proof` is the raw proof
   * bytes; leave out when `proof` is EZKL's `proof.json` (which carries them).
   */
  instances?: Uint8Array;
  /**
   * Pins the circuit (the model): the VKA's digest (keccak256 of its words, 32 bytes as
   * `Uint8Array` or hex) must equal this.
   */
  vkaDigest?: Uint8Array | string;
}

/** A zk proof that verified. */
export interface ZkVerified {
  /** Digest of the verifying-key artifact, lower-case hex: which circuit (model) the proof is for. */
  vkaDigestHex: string;
  /** Number of public instances the proof binds. */
  numInstances: number;
}
"#;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VerifiedJs {
    vka_digest_hex: String,
    num_instances: usize,
}

/// Verifies an EZKL proof (halo2 PLONK, KZG on BN254, SHPLONK, EVM transcript) against its
/// verifying-key artifact (`vka`: the bytes of `ezkl create-evm-vka`). `proof` is EZKL's
/// `proof.json` (bytes of the file), or the raw proof bytes with `options.instances`.
/// `options.srs` is required unless `options.vkaDigest` pins the VKA.
///
/// Returns the VKA digest and the instance count; throws a `LightcheckError` otherwise (code
/// `"zk.verification_failed"` for a proof that does not verify).
#[wasm_bindgen(js_name = verifyZk, unchecked_return_type = "ZkVerified")]
pub fn verify_zk(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] vka: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] proof: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ZkOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let vka = input::bytes(&vka, "vka")?;
    let proof = input::bytes(&proof, "proof")?;
    let o = Options::new(&options, "options", &["srs", "instances", "vkaDigest"])?;
    let srs = o.bytes("srs")?;
    let instances = o.bytes("instances")?;
    let pinned = o.fixed_bytes::<32>("vkaDigest")?;
    if srs.is_none() && pinned.is_none() {
        return Err(error::input(
            "options.srs",
            "required unless options.vkaDigest pins the VKA (whose SRS points are then used)",
        ));
    }
    let vka = Vka::from_bytes(&vka).or_throw()?;
    let proof = match instances {
        Some(words) => ProofWithInstances { proof, instances: instances_from_be_words(&words).or_throw()? },
        None => ProofWithInstances::from_ezkl_json(&proof).or_throw()?,
    };
    let srs = match &srs {
        Some(bytes) => SrsPoints::from_bytes(bytes).or_throw()?,
        None => vka.srs_points().or_throw()?,
    };
    let verified = zk::verify(&vka, &proof.proof, &proof.instances, &srs, pinned.as_ref()).or_throw()?;
    to_js(&VerifiedJs { vka_digest_hex: hex(&verified.vka_digest, false), num_instances: verified.instances.len() })
}

/// The digest of a verifying-key artifact (keccak256 of its words), lower-case hex: the value to
/// pin with `verifyZk`'s `vkaDigest`.
#[wasm_bindgen(js_name = vkaDigest)]
pub fn vka_digest(#[wasm_bindgen(unchecked_param_type = "Uint8Array")] vka: JsValue) -> Result<String, JsValue> {
    let vka = Vka::from_bytes(&input::bytes(&vka, "vka")?).or_throw()?;
    Ok(hex(&vka.digest(), false))
}
