//! `lightcheck zk verify`.

use std::path::Path;

use lightcheck::zk::{self, instances_from_be_words, ProofWithInstances, SrsPoints, Vka};
use serde_json::json;

use crate::args::Args;
use crate::input;
use crate::Outcome;

pub const USAGE: &str = "\
lightcheck zk verify --vka FILE --proof FILE [--srs FILE] [--instances FILE] [--vka-digest HEX] [--json]
    an EZKL proof (halo2 KZG/BN254, SHPLONK, EVM transcript) against its verifying-key artifact
    (ezkl create-evm-vka). --proof takes EZKL's proof.json (instances inside) or raw proof bytes
    with --instances (32-byte big-endian words). --srs takes a halo2 SRS file (full or k=1) or the
    three points. --vka-digest HEX pins the circuit (keccak256 of the VKA words); with it, --srs may
    be omitted and the SRS points the pinned VKA carries are used.";

pub fn run(command: &str, mut args: Args) -> Result<Outcome, String> {
    if command != "verify" {
        return Err(format!("usage:\n{USAGE}"));
    }
    let vka_path = args.value("--vka")?.ok_or("--vka FILE is required")?;
    let proof_path = args.value("--proof")?.ok_or("--proof FILE is required")?;
    let srs_path = args.value("--srs")?;
    let instances_path = args.value("--instances")?;
    let pinned = args
        .value("--vka-digest")?
        .map(|h| -> Result<[u8; 32], String> {
            input::hex_arg("--vka-digest", &h)?.try_into().map_err(|_| "--vka-digest: expected 32 bytes".to_string())
        })
        .transpose()?;
    let json_output = args.flag("--json");
    args.finish()?;
    if srs_path.is_none() && pinned.is_none() {
        return Err("--srs FILE is required unless --vka-digest pins the VKA (whose SRS points are then used)".into());
    }
    let read = |p: &str| input::read_file(Path::new(p));
    let vka_bytes = read(&vka_path)?;
    let proof_bytes = read(&proof_path)?;
    let srs_bytes = srs_path.as_deref().map(read).transpose()?;
    let instance_bytes = instances_path.as_deref().map(read).transpose()?;

    let result = (|| {
        let vka = Vka::from_bytes(&vka_bytes)?;
        let proof = match &instance_bytes {
            Some(words) => {
                ProofWithInstances { proof: proof_bytes.clone(), instances: instances_from_be_words(words)? }
            }
            None => ProofWithInstances::from_ezkl_json(&proof_bytes)?,
        };
        let srs = match &srs_bytes {
            Some(b) => SrsPoints::from_bytes(b)?,
            None => vka.srs_points()?,
        };
        zk::verify(&vka, &proof.proof, &proof.instances, &srs, pinned.as_ref())
    })();
    Ok(match (result, json_output) {
        (Ok(v), true) => Outcome::Verified(
            json!({"valid": true, "vka_digest": hex::encode(v.vka_digest), "num_instances": v.instances.len()})
                .to_string(),
        ),
        (Ok(v), false) => Outcome::Verified(format!(
            "VERIFIED\n  vka digest   {}\n  instances    {}",
            hex::encode(v.vka_digest),
            v.instances.len()
        )),
        (Err(e), true) => Outcome::Rejected(
            json!({"valid": false, "error": {"code": e.code(), "class": e.class().as_str(), "message": e.to_string()}})
                .to_string(),
        ),
        (Err(e), false) => Outcome::Rejected(format!("REJECTED\n  {}: {e}", e.code())),
    })
}
