//! Raw bytes through the zk decoders: a verifying-key artifact (VKA), an SRS (halo2 file, k=1
//! reduction or the three points), EZKL's `proof.json`, and instances as big-endian words.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lightcheck::zk::{instances_from_be_words, ProofWithInstances, SrsPoints, Vka};

fuzz_target!(|data: &[u8]| {
    if let Ok(vka) = Vka::from_bytes(data) {
        let _ = vka.digest();
        let _ = vka.srs_points();
    }
    let _ = SrsPoints::from_bytes(data);
    let _ = ProofWithInstances::from_ezkl_json(data);
    let _ = instances_from_be_words(data);
});
