//! Inclusion proofs (being written).
