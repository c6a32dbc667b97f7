#!/usr/bin/env node
// WASM side of `scripts/bench-compare wasm`: times lightcheck's npm package (the Node build,
// required by path) on the same inputs as the native bench core/benches/parity.rs, and the peers'
// WebAssembly builds on the same inputs, in this one Node process. Prints one JSON document on
// stdout (progress on stderr).
//
// usage: node wasm/bench/bench.mjs [--lightcheck FILE] [--peer-tendermint FILE] [--no-ezkl]
//                                  [--seconds S] [--label TEXT]
//   --lightcheck FILE       the package's Node entry (default <repo>/wasm/pkg/node/index.cjs; any
//                           wasm-bindgen --target nodejs build of lightcheck-wasm works)
//   --peer-tendermint FILE  wasm-bindgen --target nodejs build of wasm/bench/peer-tendermint
//                           (peer_tendermint.js); without it tendermint-rs is not timed
//   --no-ezkl               do not time @ezkljs/engine
//   --seconds S             measuring time per operation (default $WASM_BENCH_SECONDS or 4); the
//                           warm-up is a third of it; at least 15 timed calls, at most 20000
//
// Operations (each a whole call, every one must succeed before it is timed):
//   nitro_verify_cold/base-1.cbor     verifyNitro(doc, verify_at_ms, { allowDebug: true }) on
//                                     <shared>/nitro/base-1.cbor (no cache in the JS API: cold)
//   cometbft_step/val100-adjacent     verifyLightBlock(trustedText, untrustedText, now, options) on
//                                     test-vectors/cometbft val100-adjacent (100 validators, 1 → 2)
//   zk_verify/<vector>                verifyZk(vka, proofJson, { srs }) on the first valid case of
//                                     test-vectors/zk/manifest.json (name == dir) and on
//                                     <shared>/halo2/ezkl-23.0.5-k8-public-io
// Peers:
//   tendermint_step/val100-adjacent   peer-tendermint verifyLightBlock (tendermint-rs 0.41 decode +
//                                     ProdVerifier::verify_update_header) on the same texts
//   tendermint_step_parsed/…          the same step on blocks decoded beforehand (information)
//   ezkl_verify/<vector>              @ezkljs/engine verify(proof, vk, settings, srs) on the same
//                                     files; the engine (21.0.0, the newest on npm) predates EZKL
//                                     23's proof.json, which lacks `transcript_type`: when the raw
//                                     file is refused for that, "EVM" (the transcript EZKL 23 uses)
//                                     is added to the JSON once, before timing, and the refusal is
//                                     recorded; a tampered proof must then be rejected.
// Each figure: median, min and count of individually timed calls (process.hrtime.bigint), and the
// very first call (lazy compilation of the functions it reaches included).

import { createRequire } from "node:module";
import { readFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const shared = resolve(process.env.LIGHTCHECK_SHARED_VECTORS || join(repo, "..", "shared", "vectors"));

const NITRO_DOCUMENT = "base-1.cbor";
const COMET_CASE = "val100-adjacent";
const ZK_SHARED_SET = "ezkl-23.0.5-k8-public-io";
// Probed with @ezkljs/engine only (accepted or not), not timed.
const EZKL_PROBE_ONLY = ["ezkl-23.0.5-k6-zero-output"];
const MIN_CALLS = 15;
const MAX_CALLS = 20000;

function args(argv) {
  const out = {
    lightcheck: join(repo, "wasm", "pkg", "node", "index.cjs"),
    peerTendermint: null,
    ezkl: true,
    seconds: Number(process.env.WASM_BENCH_SECONDS || 4),
    label: "npm package",
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--lightcheck") out.lightcheck = resolve(next());
    else if (a === "--peer-tendermint") out.peerTendermint = resolve(next());
    else if (a === "--no-ezkl") out.ezkl = false;
    else if (a === "--seconds") out.seconds = Number(next());
    else if (a === "--label") out.label = next();
    else throw new Error(`unknown argument ${a} (see the header of ${fileURLToPath(import.meta.url)})`);
  }
  if (!(out.seconds > 0)) throw new Error("--seconds must be positive");
  return out;
}

const log = (msg) => process.stderr.write(`    ${msg}\n`);
const bytes = (p) => new Uint8Array(readFileSync(p));
const json = (p) => JSON.parse(readFileSync(p, "utf8"));
const nowNs = () => process.hrtime.bigint();

function fmt(ns) {
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(3)} ms` : `${(ns / 1e3).toFixed(1)} µs`;
}

/** Times `fn`: the first call, a warm-up of seconds/3, then individually timed calls. */
function time(name, fn, seconds) {
  let t = nowNs();
  fn();
  const first = Number(nowNs() - t);
  const warmEnd = nowNs() + BigInt(Math.round((seconds / 3) * 1e9));
  let warm = 0;
  while (warm < 5 || nowNs() < warmEnd) {
    fn();
    warm++;
  }
  const end = nowNs() + BigInt(Math.round(seconds * 1e9));
  const times = [];
  while (times.length < MIN_CALLS || (nowNs() < end && times.length < MAX_CALLS)) {
    t = nowNs();
    fn();
    times.push(Number(nowNs() - t));
  }
  times.sort((a, b) => a - b);
  const r = { median_ns: times[times.length >> 1], min_ns: times[0], n: times.length, first_ns: first, warmup: warm };
  log(`${name}: median ${fmt(r.median_ns)} (min ${fmt(r.min_ns)}, ${r.n} calls; first call ${fmt(first)})`);
  return r;
}

function attempt(results, name, f) {
  try {
    results[name] = f();
  } catch (e) {
    results[name] = { error: String((e && e.message) || e) };
    log(`${name}: FAILED: ${results[name].error}`);
  }
}

// ---- inputs ---------------------------------------------------------------------------------

function nitroInput() {
  const dir = join(shared, "nitro");
  if (!existsSync(join(dir, NITRO_DOCUMENT))) return null;
  const entry = json(join(dir, "manifest.json")).find((e) => e.file === NITRO_DOCUMENT);
  return { doc: bytes(join(dir, NITRO_DOCUMENT)), at: entry.verify_at_ms };
}

function cometInput() {
  const dir = join(repo, "test-vectors", "cometbft");
  const c = json(join(dir, "manifest.json")).cases.find((c) => c.name === COMET_CASE);
  if (!c || c.expected !== "SUCCESS") throw new Error(`${COMET_CASE}: not a SUCCESS case of the cometbft manifest`);
  return {
    trusted: readFileSync(join(dir, c.trusted), "utf8"),
    untrusted: readFileSync(join(dir, c.untrusted), "utf8"),
    now: c.now,
    c,
  };
}

function zkInputs() {
  const dir = join(repo, "test-vectors", "zk");
  const c = json(join(dir, "manifest.json")).cases.find(
    (c) => c.expected === "valid" && c.mutation == null && c.name === c.dir,
  );
  const out = [
    {
      name: c.name,
      dir: join(dir, c.dir),
      vka: bytes(join(dir, c.vka)),
      proof: bytes(join(dir, c.proof)),
      srs: bytes(join(dir, c.srs)),
      files: { proof: join(dir, c.proof), vk: join(dir, c.vk), settings: join(dir, c.settings), srs: join(dir, c.srs) },
    },
  ];
  const d = join(shared, "halo2", ZK_SHARED_SET);
  if (existsSync(d)) {
    out.push({
      name: ZK_SHARED_SET,
      dir: d,
      vka: bytes(join(d, "vka.bytes")),
      proof: bytes(join(d, "proof.json")),
      srs: bytes(join(d, "kzg.srs")),
      files: { proof: join(d, "proof.json"), vk: join(d, "vk.key"), settings: join(d, "settings.json"), srs: join(d, "kzg.srs") },
      tampered: join(d, "proof_tampered.json"),
    });
  } else {
    log(`!!! shared ${d} missing: not timed`);
  }
  return out;
}

// ---- @ezkljs/engine -------------------------------------------------------------------------

function ezklRun(ezkl, files, proofFile, seconds, timeIt) {
  const clamped = (p) => new Uint8ClampedArray(readFileSync(p));
  const vk = clamped(files.vk);
  const settings = clamped(files.settings);
  const srs = clamped(files.srs);
  const rec = {};
  const call = (proof) => ezkl.verify(proof, vk, settings, srs);
  let proof = clamped(proofFile);
  try {
    if (call(proof) !== true) throw new Error("verify returned false");
    rec.adapted = false;
  } catch (e) {
    const msg = String((e && e.message) || e);
    if (!msg.includes("transcript_type")) return { accepted: false, error: msg };
    rec.raw_error = msg;
    const doc = JSON.parse(readFileSync(proofFile, "utf8"));
    doc.transcript_type = "EVM";
    proof = new Uint8ClampedArray(Buffer.from(JSON.stringify(doc)));
    rec.adapted = true;
    try {
      if (call(proof) !== true) return { ...rec, accepted: false, error: "verify returned false" };
    } catch (e2) {
      return { ...rec, accepted: false, error: String((e2 && e2.message) || e2) };
    }
  }
  rec.accepted = true;
  return timeIt ? { ...rec, ...timeIt(() => call(proof)) } : rec;
}

function ezklTampered(ezkl, files, tamperedFile) {
  const clamped = (p) => new Uint8ClampedArray(readFileSync(p));
  const doc = JSON.parse(readFileSync(tamperedFile, "utf8"));
  doc.transcript_type ??= "EVM";
  try {
    const ok = ezkl.verify(new Uint8ClampedArray(Buffer.from(JSON.stringify(doc))), clamped(files.vk),
      clamped(files.settings), clamped(files.srs));
    return { rejected: ok !== true, result: ok };
  } catch (e) {
    return { rejected: true, error: String((e && e.message) || e) };
  }
}

// ---- main -----------------------------------------------------------------------------------

function main() {
  const opt = args(process.argv.slice(2));
  const lc = require(opt.lightcheck);
  const out = {
    node: process.version,
    v8: process.versions.v8,
    label: opt.label,
    lightcheck: { module: opt.lightcheck, version: lc.version(), capabilities: lc.capabilities() },
    seconds: opt.seconds,
    ops: {},
    peers: {},
  };
  log(`lightcheck ${lc.version()} [${lc.capabilities().join(",")}] from ${opt.lightcheck} (${opt.label}), Node ${process.version}`);
  const T = (name) => (fn) => time(name, fn, opt.seconds);

  // Nitro
  const nitro = nitroInput();
  if (nitro) {
    const policy = { allowDebug: true };
    attempt(out.ops, `nitro_verify_cold/${NITRO_DOCUMENT}`, () => {
      const a = lc.verifyNitro(nitro.doc, nitro.at, policy);
      if (!a.moduleId) throw new Error("verifyNitro returned no moduleId");
      return T(`lightcheck nitro_verify_cold/${NITRO_DOCUMENT}`)(() => lc.verifyNitro(nitro.doc, nitro.at, policy));
    });
  } else {
    log(`!!! SHARED VECTORS NOT FOUND at ${shared}: Nitro not timed`);
  }

  // CometBFT
  const step = cometInput();
  const c = step.c;
  const lcOptions = { trustingPeriodSecs: c.trusting_period_secs, clockDriftSecs: c.clock_drift_secs, trustLevel: c.trust_level };
  attempt(out.ops, `cometbft_step/${COMET_CASE}`, () => {
    const h = lc.verifyLightBlock(step.trusted, step.untrusted, step.now, lcOptions);
    if (h.height !== JSON.parse(step.untrusted).signed_header.header.height * 1) throw new Error(`height ${h.height}`);
    return T(`lightcheck cometbft_step/${COMET_CASE}`)(() => lc.verifyLightBlock(step.trusted, step.untrusted, step.now, lcOptions));
  });

  // zk
  const zk = zkInputs();
  for (const v of zk) {
    attempt(out.ops, `zk_verify/${v.name}`, () => {
      lc.verifyZk(v.vka, v.proof, { srs: v.srs });
      return T(`lightcheck zk_verify/${v.name}`)(() => lc.verifyZk(v.vka, v.proof, { srs: v.srs }));
    });
  }

  // tendermint-rs
  if (opt.peerTendermint) {
    const tm = require(opt.peerTendermint);
    const a = [step.now, c.trusting_period_secs, c.clock_drift_secs, c.trust_level[0], c.trust_level[1]];
    out.peers.tendermint = { module: opt.peerTendermint, results: {} };
    attempt(out.peers.tendermint.results, `tendermint_step/${COMET_CASE}`, () => {
      tm.verifyLightBlock(step.trusted, step.untrusted, ...a);
      return T(`tendermint-rs tendermint_step/${COMET_CASE}`)(() => tm.verifyLightBlock(step.trusted, step.untrusted, ...a));
    });
    attempt(out.peers.tendermint.results, `tendermint_step_parsed/${COMET_CASE}`, () => {
      const parsed = new tm.ParsedStep(step.trusted, step.untrusted, ...a);
      parsed.verify();
      return T(`tendermint-rs tendermint_step_parsed/${COMET_CASE}`)(() => parsed.verify());
    });
  }

  // @ezkljs/engine
  if (opt.ezkl) {
    const pkgDir = join(here, "node_modules", "@ezkljs", "engine");
    if (!existsSync(join(pkgDir, "package.json"))) {
      out.peers.ezkl = { error: `${pkgDir} not installed (cd wasm/bench && npm ci)` };
      log(`!!! @ezkljs/engine not installed: not timed`);
    } else {
      const version = json(join(pkgDir, "package.json")).version;
      const ezkl = require(join(pkgDir, "nodejs", "ezkl.js"));
      out.peers.ezkl = { version, results: {} };
      for (const v of zk) {
        const name = `ezkl_verify/${v.name}`;
        let r;
        try {
          r = ezklRun(ezkl, v.files, v.files.proof, opt.seconds, T(`@ezkljs/engine ${name}`));
        } catch (e) {
          r = { accepted: false, error: String((e && e.message) || e) };
        }
        if (r.accepted && v.tampered) r.tampered = ezklTampered(ezkl, v.files, v.tampered);
        if (!r.accepted) log(`@ezkljs/engine ${v.name}: NOT ACCEPTED: ${r.error}`);
        out.peers.ezkl.results[name] = r;
      }
      for (const set of EZKL_PROBE_ONLY) {
        const d = join(shared, "halo2", set);
        if (!existsSync(d)) continue;
        const files = { proof: join(d, "proof.json"), vk: join(d, "vk.key"), settings: join(d, "settings.json"), srs: join(d, "kzg.srs") };
        let r;
        try {
          r = ezklRun(ezkl, files, files.proof, opt.seconds, null);
        } catch (e) {
          r = { accepted: false, error: String((e && e.message) || e) };
        }
        r.probe_only = true;
        log(`@ezkljs/engine ${set} (probe only): ${r.accepted ? "accepted" : "NOT ACCEPTED: " + r.error}`);
        out.peers.ezkl.results[`ezkl_verify/${set}`] = r;
      }
    }
  }
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
}

main();
