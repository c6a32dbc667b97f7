// og-gateway batch tree (TEST TOOLING, run by scripts/og-gateway.py): builds OpenGradient's batch
// settlement tree with the real @openzeppelin/merkle-tree 1.0.8, as the facilitator does.
//
// Usage: OZ_MERKLE_TREE_DIR=<dir> node scripts/og-gateway.mjs DIR < values.json
// stdin: the tree values [[teeId, inputHash, outputHash, signature 0x hex, timestamp], ...], in
// item order. Writes DIR/tree.json (tree.dump()), DIR/<i>/proof.json ({"proof"}: getProof(i)) and
// DIR/multiproof.json (getMultiProof of items 0 and 1, or 0 alone for one item: {leaves (leaf
// hashes), proof, proofFlags}). Prints {"root"} on stdout.

import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const VERSION = "1.0.8";
const LEAF_ENCODING = ["bytes32", "bytes32", "bytes32", "bytes", "uint256"];

const libDir = process.env.OZ_MERKLE_TREE_DIR;
const dir = process.argv[2];
if (!libDir || !dir) {
  console.error("usage: OZ_MERKLE_TREE_DIR=<dir> node scripts/og-gateway.mjs DIR < values.json");
  process.exit(2);
}
const require = createRequire(join(libDir, "resolve.js"));
const pkg = require("@openzeppelin/merkle-tree/package.json");
if (pkg.version !== VERSION) {
  console.error(`expected @openzeppelin/merkle-tree ${VERSION}, found ${pkg.version}`);
  process.exit(2);
}
const { StandardMerkleTree } = require("@openzeppelin/merkle-tree");

const values = JSON.parse(readFileSync(0, "utf8"));
const tree = StandardMerkleTree.of(values, LEAF_ENCODING);
const write = (path, obj) => writeFileSync(join(dir, path), JSON.stringify(obj, null, 2) + "\n");

write("tree.json", tree.dump());
values.forEach((v, i) => {
  const proof = tree.getProof(i);
  if (!StandardMerkleTree.verify(tree.root, LEAF_ENCODING, v, proof)) throw new Error("OZ rejected its own proof");
  write(join(String(i), "proof.json"), { proof });
});
const mp = tree.getMultiProof(values.length >= 2 ? [0, 1] : [0]);
if (!tree.verifyMultiProof(mp)) throw new Error("OZ rejected its own multiproof");
write("multiproof.json", { leaves: mp.leaves.map((v) => tree.leafHash(v)), proof: mp.proof, proofFlags: mp.proofFlags });
console.log(JSON.stringify({ root: tree.root }));
