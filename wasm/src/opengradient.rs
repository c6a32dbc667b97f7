//! OpenGradient: TEE response signatures and settlement bundles.

use lightcheck::opengradient::binding::PcrPin;
use lightcheck::opengradient::{
    pyjson, report_to_json, verify_bundle, verify_response, BundlePolicy, Report, ResponseOptions, SigningKey,
    TrustedState,
};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::error::{self, OrThrow};
use crate::input::{self, Options};
use crate::output::{hex0x, to_js};

#[wasm_bindgen(typescript_custom_section)]
const TS_OPENGRADIENT: &str = r#"
/** Options of `verifyTeeResponse`. */
export interface TeeResponseOptions {
  /** The signed output text, when it is not the response's first choice (e.g. a stream's accumulated text). */
  content?: string;
  /** The TEE the response must come from (`tee_id`, 32 bytes as `Uint8Array` or hex). */
  expectedTeeId?: string | Uint8Array;
}

/** A TEE response whose signature verified. Hashes are `0x` + lower-case hex, as OpenGradient writes them. */
export interface TeeResponse {
  /** The TEE's id: keccak256 of its signing key's SubjectPublicKeyInfo. */
  teeIdHex: string;
  /** keccak256 of the canonical request (Python `json.dumps(sort_keys=True)` form). */
  requestHashHex: string;
  /** keccak256 of the output content. */
  outputHashHex: string;
  /** The signed message: keccak256(requestHash ‖ outputHash ‖ uint256(timestamp)). */
  msgHashHex: string;
  /** The signed timestamp, Unix seconds. */
  timestamp: number;
  /** The output text the signature covers. */
  content: string;
}

/** What `verifySettlementBundle` requires beyond authenticity. Every field is optional. */
export interface SettlementPolicy {
  /** Pins the enclave code: keccak256(PCR0 ‖ PCR1 ‖ PCR2) must equal this (the registry's `pcrHash`; 32 bytes, `Uint8Array` or hex). */
  pcrHash?: string | Uint8Array;
  /** The TEE the response must come from (`tee_id`, 32 bytes, `Uint8Array` or hex). */
  expectedTeeId?: string | Uint8Array;
  /** Accept a debug-mode enclave (whose memory the host can read). Default `false`. */
  allowDebug?: boolean;
  /** Seconds after the response within which the network settles; a pending response older than this is `overdue`. Default 900. */
  settlementBoundSecs?: number;
}

/** The name of a link of the settlement report. */
export type SettlementLinkName =
  | "responseSignature" | "attestation" | "enclaveBinding" | "headerTrust" | "inclusion" | "settlementMatch";

/** One link of the chain from a response to a finalized block. */
export interface SettlementLink {
  /** `"verified"`: checked and holds; `"failed"`: checked and broken; `"missing"`: not checked (no evidence, or a link it needs did not verify). */
  status: "verified" | "failed" | "missing";
  /** For `"verified"`: what was established; for `"missing"`: why it was not checked. */
  detail?: string;
  /** For `"failed"`: the error code, e.g. `"cometbft.header.hash_mismatch"`. */
  code?: string;
  /** For `"failed"`: the error class. */
  class?: ErrorClass;
  /** For `"failed"`: the error message. */
  message?: string;
}

/** The response is settled on chain, in a block finalized by its verified commit. */
export interface SettledSummary {
  /** `"settled"`. */
  verdict: "settled";
  /** The block that executed the settlement. */
  height: number;
  /** That block's time, RFC 3339. */
  time: string;
  /** One `IndividualSettlement` event, or a `BatchSettlement` Merkle root. */
  mode: "individual" | "batch";
}

/** The response verified but its settlement is not (yet) shown. */
export interface PendingSummary {
  /** `"pending"`. */
  verdict: "pending";
  /** Whether the signing key is bound to a verified enclave attestation. */
  attested: boolean;
  /** Seconds from the response's timestamp to `now`. */
  sinceResponseSecs: number;
  /** The network's stated settlement bound, seconds. */
  boundSecs: number;
  /** `sinceResponseSecs > boundSecs`. */
  overdue: boolean;
}

/** A link failed. */
export interface RejectedSummary {
  /** `"rejected"`. */
  verdict: "rejected";
  /** The first failed link. */
  link: SettlementLinkName;
  /** Its error code. */
  code: string;
  /** Its error message. */
  message: string;
}

/** The verdict of a settlement report. */
export type SettlementSummary = SettledSummary | PendingSummary | RejectedSummary;

/** Link-by-link result of `verifySettlementBundle` (the core's `report_to_json`, camelCase keys). */
export interface SettlementReport {
  /** The verdict. */
  summary: SettlementSummary;
  /** Every link, in order. */
  links: {
    /** The TEE key signed this request, content and timestamp. */
    responseSignature: SettlementLink;
    /** The Nitro attestation is authentic, production, PCR-pinned (if asked) and fresh. */
    attestation: SettlementLink;
    /** The attestation's `user_data` commits to the signing key. */
    enclaveBinding: SettlementLink;
    /** Headers H and H+1 verify from the trusted state. */
    headerTrust: SettlementLink;
    /** The settlement transaction's result is in block H. */
    inclusion: SettlementLink;
    /** That result settles exactly this response. */
    settlementMatch: SettlementLink;
  };
  /** The verified response (when its signature verified); hashes are `0x` + hex. */
  response: {
    /** keccak256 of the signing key's SubjectPublicKeyInfo. */
    teeId: string;
    /** keccak256 of the canonical request. */
    requestHash: string;
    /** keccak256 of the output content. */
    outputHash: string;
    /** The signed timestamp, Unix seconds. */
    timestamp: number;
    /** The signed message hash. */
    msgHash: string;
  } | null;
  /** The settlement (when it matched). */
  settlement: {
    /** `"individual"` or `"batch"`. */
    mode: "individual" | "batch";
    /** Height of the block that executed it. */
    height: number;
    /** Index of the settlement transaction in that block. */
    txIndex: number;
    /** Hash of the Ethereum transaction that settled. */
    ethTxHash: string;
    /** For a batch: the settled Merkle root (`0x` + hex); `null` for an individual settlement. */
    merkleRoot: string | null;
    /** The Walrus blob id recorded with the settlement. */
    walrusBlobId: string;
  } | null;
}
"#;

pub(crate) fn signing_key(v: &JsValue, name: &str) -> Result<SigningKey, JsValue> {
    let bytes = match v.as_string() {
        Some(pem) => pem.into_bytes(),
        None => input::bytes(v, name).map_err(|_| {
            error::input(name, &format!("expected a PEM string or DER bytes (Uint8Array), got {}", input::describe(v)))
        })?,
    };
    SigningKey::from_pem_or_der(&bytes).or_throw()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TeeResponseJs {
    tee_id_hex: String,
    request_hash_hex: String,
    output_hash_hex: String,
    msg_hash_hex: String,
    timestamp: u64,
    content: String,
}

/// Verifies an OpenGradient TEE response: recomputes the request hash (Python's
/// `json.dumps(sort_keys=True)` of the request), the output hash and the signed message, checks
/// that `tee_id` is keccak256 of `signingKey` (a PEM string or DER bytes of its
/// SubjectPublicKeyInfo, from the TEE registry) and the RSA-PSS signature.
///
/// Pass the request as raw JSON text when you have it: `JSON.stringify` writes `1.0` as `1`,
/// which changes the hash. Returns the verified hashes; throws a `LightcheckError` otherwise
/// (e.g. `"opengradient.response.request_hash"`, `"opengradient.response.bad_signature"`).
#[wasm_bindgen(js_name = verifyTeeResponse, unchecked_return_type = "TeeResponse")]
pub fn verify_tee_response(
    #[wasm_bindgen(unchecked_param_type = "Json")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Json")] response: JsValue,
    #[wasm_bindgen(js_name = signingKey, unchecked_param_type = "string | Uint8Array")] signing_key_arg: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TeeResponseOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let o = Options::new(&options, "options", &["content", "expectedTeeId"])?;
    let content = o.string("content")?;
    let expected_tee_id = o.fixed_bytes::<32>("expectedTeeId")?;
    let request = input::json(&request, "request")?;
    let response = input::json(&response, "response")?;
    let key = signing_key(&signing_key_arg, "signingKey")?;
    let request = pyjson::parse(&request).or_throw()?;
    let response = pyjson::parse(&response).or_throw()?;
    let verified =
        verify_response(&request, &response, &key, &ResponseOptions { content: content.as_deref(), expected_tee_id })
            .or_throw()?;
    to_js(&TeeResponseJs {
        tee_id_hex: hex0x(&verified.tee_id),
        request_hash_hex: hex0x(&verified.request_hash),
        output_hash_hex: hex0x(&verified.output_hash),
        msg_hash_hex: hex0x(&verified.msg_hash),
        timestamp: verified.timestamp,
        content: verified.content,
    })
}

/// The `tee_id` of a signing key (PEM string or DER bytes of its SubjectPublicKeyInfo):
/// keccak256 of the SubjectPublicKeyInfo, `0x` + lower-case hex.
#[wasm_bindgen(js_name = teeIdOfKey)]
pub fn tee_id_of_key(
    #[wasm_bindgen(js_name = signingKey, unchecked_param_type = "string | Uint8Array")] signing_key_arg: JsValue,
) -> Result<String, JsValue> {
    Ok(hex0x(&signing_key(&signing_key_arg, "signingKey")?.tee_id()))
}

/// `snake_case` → `camelCase`.
fn camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn camel_keys(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (camel(&k), camel_keys(v))).collect()),
        Value::Array(items) => Value::Array(items.into_iter().map(camel_keys).collect()),
        other => other,
    }
}

/// Verifies an OpenGradient settlement bundle (format `lightcheck-settlement-bundle`, version 1)
/// against your trusted state (format `lightcheck-trusted-state`: trusted light blocks, trusting
/// period, settlement contract, Nitro roots) at `now`: the response signature, the enclave
/// attestation and its binding to the key, headers H and H+1 from the trusted state, the
/// settlement result's inclusion in block H, and that it settles exactly this response.
///
/// Returns the report: `summary.verdict` is `"settled"`, `"pending"` or `"rejected"`; a broken
/// link is a `"failed"` link, not a throw. Throws a `LightcheckError` only when the bundle or the
/// trusted state cannot be read (e.g. `"opengradient.bundle.invalid"`).
#[wasm_bindgen(js_name = verifySettlementBundle, unchecked_return_type = "SettlementReport")]
pub fn verify_settlement_bundle(
    #[wasm_bindgen(unchecked_param_type = "Json")] bundle: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Json")] trusted: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Time")] now: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SettlementPolicy")] policy: JsValue,
) -> Result<JsValue, JsValue> {
    let o = Options::new(&policy, "policy", POLICY_KEYS)?;
    let bundle_policy = bundle_policy(&o)?;
    let now = input::time(&now, "now")?;
    let bundle = input::json(&bundle, "bundle")?;
    let trusted = TrustedState::from_json(&input::json(&trusted, "trusted")?).or_throw()?;
    let report = verify_bundle(&bundle, &trusted, &bundle_policy, now).or_throw()?;
    report_js(&report)
}

/// A settlement report as JavaScript sees it (`SettlementReport`): the core's `report_to_json`
/// with camelCase keys, the failed link's name too.
pub(crate) fn report_js(report: &Report) -> Result<JsValue, JsValue> {
    let mut json = camel_keys(report_to_json(report));
    if let Some(link) = json.pointer_mut("/summary/link") {
        if let Some(name) = link.as_str() {
            *link = Value::String(camel(name));
        }
    }
    to_js(&json)
}

/// The `SettlementPolicy` keys.
pub(crate) const POLICY_KEYS: &[&str] = &["pcrHash", "expectedTeeId", "allowDebug", "settlementBoundSecs"];

/// A `SettlementPolicy` from `o` (its `POLICY_KEYS`).
pub(crate) fn bundle_policy(o: &Options) -> Result<BundlePolicy<'static>, JsValue> {
    let mut bundle_policy =
        BundlePolicy { expected_tee_id: o.fixed_bytes::<32>("expectedTeeId")?, ..Default::default() };
    if let Some(hash) = o.fixed_bytes::<32>("pcrHash")? {
        bundle_policy.enclave.pcrs = PcrPin::PcrHash(hash);
    }
    bundle_policy.enclave.allow_debug = o.bool("allowDebug")?.unwrap_or(false);
    if let Some(secs) = o.uint("settlementBoundSecs")? {
        bundle_policy.settlement_bound_secs = secs;
    }
    Ok(bundle_policy)
}
