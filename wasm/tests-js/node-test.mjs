// The npm package `lightcheck`, installed from its tarball into a fresh project, checked through
// its public JS API only, on the project's conformance vectors (and the real AWS Nitro documents
// in ../shared/vectors when present).
//
// Run by wasm/tests-js/run (which sets LIGHTCHECK_REPO to the checkout): node --test node-test.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

import init, {
  version,
  capabilities,
  verifyNitro,
  nitroClaimedTimestampMs,
  verifyLightBlock,
  LightClient,
  verifyZk,
  vkaDigest,
  verifyTeeResponse,
  teeIdOfKey,
  verifySettlementBundle,
} from 'lightcheck';

import { parseRaw, get } from './rawjson.mjs';

const REPO = process.env.LIGHTCHECK_REPO;
if (!REPO) throw new Error('LIGHTCHECK_REPO must point at the lightcheck checkout (set by wasm/tests-js/run)');
const VECTORS = path.join(REPO, 'test-vectors');
const SHARED =
  process.env.LIGHTCHECK_SHARED_VECTORS || path.join(REPO, '..', 'shared', 'vectors');

const ERROR_CLASSES = new Set(['malformed', 'untrusted', 'invalid_chain', 'expired', 'forged', 'policy']);
const read = (...p) => new Uint8Array(fs.readFileSync(path.join(...p)));
const readText = (...p) => fs.readFileSync(path.join(...p), 'utf8');
const readJson = (...p) => JSON.parse(readText(...p));
const hex = (u8) => Buffer.from(u8).toString('hex');
const unhex = (s) => new Uint8Array(Buffer.from(s.replace(/^0x/, ''), 'hex'));

/** Runs fn, which must throw a lightcheck error; returns the error after checking its shape. */
function rejection(fn, label) {
  let result;
  try {
    result = fn();
  } catch (e) {
    assert.ok(e instanceof Error, `${label}: threw a non-Error ${String(e)}`);
    assert.equal(typeof e.code, 'string', `${label}: error without a string .code (${e.message})`);
    assert.ok(ERROR_CLASSES.has(e.errorClass), `${label}: .errorClass ${e.errorClass} (code ${e.code})`);
    assert.ok(e.message.length > 0, `${label}: empty message`);
    return e;
  }
  assert.fail(`${label}: expected a rejection, got ${JSON.stringify(result, (k, v) => (v instanceof Uint8Array ? hex(v) : v))}`);
}

async function asyncRejection(promise, label) {
  try {
    const r = await promise;
    assert.fail(`${label}: expected a rejection, got ${JSON.stringify(r)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    assert.equal(typeof e.code, 'string', `${label}: error without a string .code (${e.message})`);
    assert.ok(ERROR_CLASSES.has(e.errorClass), `${label}: .errorClass ${e.errorClass}`);
    return e;
  }
}

/** RFC 3339 with up to nanoseconds → { ms (floor), subMsNanos }. */
function rfc3339(s) {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(s);
  assert.ok(m, `not RFC 3339 UTC: ${s}`);
  const secsMs = Date.parse(`${m[1]}Z`);
  const nanos = Number((m[2] || '').padEnd(9, '0'));
  return { ms: secsMs + Math.floor(nanos / 1e6), subMsNanos: nanos % 1e6 };
}

test('module: init, version, capabilities', async () => {
  await init(); // a no-op in Node, but the same code must run in both
  const pkg = JSON.parse(fs.readFileSync(path.join('node_modules', 'lightcheck', 'package.json'), 'utf8'));
  assert.equal(version(), pkg.version, 'version() equals the package version');
  const caps = capabilities();
  assert.ok(Array.isArray(caps));
  for (const c of ['nitro', 'cometbft', 'zk', 'opengradient']) assert.ok(caps.includes(c), `capability ${c} missing: ${caps}`);
});

test('module: CommonJS require resolves to the same API', () => {
  const require = createRequire(path.join(process.cwd(), 'index.js'));
  const cjs = require('lightcheck');
  for (const name of ['verifyNitro', 'verifyLightBlock', 'LightClient', 'verifyZk', 'verifyTeeResponse', 'verifySettlementBundle', 'version']) {
    assert.equal(typeof cjs[name], 'function', `require('lightcheck').${name}`);
  }
  assert.equal(cjs.version(), version());
});

// ---------------------------------------------------------------------------------------------
// Nitro
// ---------------------------------------------------------------------------------------------

function nitroPolicy(p, root) {
  const out = { roots: [root] };
  if (p.pcrs) out.expectedPcrs = Object.fromEntries(Object.entries(p.pcrs).map(([k, v]) => [Number(k), v]));
  if (p.allow_debug !== undefined) out.allowDebug = p.allow_debug;
  if (p.nonce !== undefined) out.nonce = p.nonce;
  if (p.user_data !== undefined) out.userData = unhex(p.user_data); // bytes here, hex for the nonce
  if (p.key_binding) {
    out.keyBinding = {
      tlsCertificate: unhex(p.key_binding.tls_certificate),
      signingKeySpki: unhex(p.key_binding.signing_key_spki),
    };
  }
  if (p.max_age_ms !== undefined) out.maxAgeMs = p.max_age_ms;
  if (p.max_future_skew_ms !== undefined) out.maxFutureSkewMs = p.max_future_skew_ms;
  return out;
}

test('nitro: every project vector (test-vectors/nitro) reaches its manifest verdict', () => {
  const dir = path.join(VECTORS, 'nitro');
  const manifest = readJson(dir, 'manifest.json');
  let valid = 0;
  let invalid = 0;
  for (const [i, doc] of manifest.documents.entries()) {
    const label = `nitro/${doc.file} @${doc.verify_at_ms} (${doc.description})`;
    const bytes = read(dir, doc.file);
    const root = read(dir, doc.root || manifest.root);
    const policy = nitroPolicy(doc.policy || {}, root);
    // Alternate the two accepted forms of `now`.
    const now = i % 2 ? new Date(doc.verify_at_ms) : doc.verify_at_ms;
    if (doc.expected === 'valid') {
      let a;
      try {
        a = verifyNitro(bytes, now, policy);
      } catch (e) {
        assert.fail(`${label}: rejected with ${e.code} (${e.message})`);
      }
      assert.equal(typeof a.moduleId, 'string', label);
      assert.ok(a.moduleId.length > 0, label);
      assert.equal(a.digest, 'SHA384', label);
      assert.equal(a.timestampMs, nitroClaimedTimestampMs(bytes), `${label}: timestampMs = claimed timestamp`);
      assert.ok(a.validFromMs <= doc.verify_at_ms && doc.verify_at_ms <= a.validUntilMs, `${label}: window`);
      assert.equal(typeof a.debugMode, 'boolean', label);
      const pcrs = Object.entries(a.pcrs);
      assert.ok(pcrs.length >= 1, label);
      for (const [k, v] of pcrs) {
        assert.ok(Number.isInteger(Number(k)) && Number(k) < 32, `${label}: PCR index ${k}`);
        assert.ok(v instanceof Uint8Array && v.length === 48, `${label}: PCR${k} is 48 bytes`);
      }
      for (const [idx, want] of Object.entries(doc.policy?.pcrs || {})) assert.equal(hex(a.pcrs[idx]), want, `${label}: PCR${idx}`);
      for (const f of ['publicKey', 'userData', 'nonce']) assert.ok(a[f] === null || a[f] instanceof Uint8Array, `${label}: ${f}`);
      if (doc.policy?.nonce) assert.equal(hex(a.nonce), doc.policy.nonce, `${label}: nonce`);
      valid++;
    } else {
      const e = rejection(() => verifyNitro(bytes, now, policy), label);
      assert.equal(e.code, doc.error_code, `${label}: ${e.message}`);
      invalid++;
    }
  }
  assert.ok(valid >= 10 && invalid >= 60, `${valid} valid, ${invalid} invalid`);
});

test('nitro: documents verify with the default root only when it is theirs; policy inputs in both forms', () => {
  const dir = path.join(VECTORS, 'nitro');
  const doc = read(dir, 'valid-indefinite-map.cbor');
  const at = 1748736299250;
  // The test PKI is not AWS's: with the default trust anchor (AWS Nitro root G1) it is untrusted.
  assert.equal(rejection(() => verifyNitro(doc, at), 'default root').code, 'nitro.cert.untrusted_root');
  const root = read(dir, 'root.der');
  const nonceHex = '78377b525757b494427f89014f97d79928f3938d';
  for (const nonce of [nonceHex, `0x${nonceHex}`, unhex(nonceHex)]) {
    const a = verifyNitro(doc, at, { roots: [root], nonce });
    assert.equal(hex(a.nonce), nonceHex);
  }
  assert.equal(rejection(() => verifyNitro(doc, at, { roots: [root], nonce: 'zz' }), 'bad hex').errorClass, 'malformed');
  // A copy with one signature bit flipped.
  const forged = doc.slice();
  forged[forged.length - 1] ^= 1;
  const e = rejection(() => verifyNitro(forged, at, { roots: [root] }), 'flipped signature bit');
  assert.equal(e.code, 'nitro.cose.bad_signature');
  assert.equal(e.errorClass, 'forged');
});

function sharedNitro() {
  const dir = path.join(SHARED, 'nitro');
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) {
    console.error(`\n!!!!!!!! SHARED VECTORS NOT FOUND at ${dir}: real AWS Nitro documents SKIPPED !!!!!!!!\n`);
    return null;
  }
  return { dir, manifest: readJson(dir, 'manifest.json') };
}

test('nitro: real AWS documents (../shared/vectors/nitro) verify at their own time with their manifest facts', (t) => {
  const shared = sharedNitro();
  if (!shared) return t.skip('shared vectors absent');
  const valid = shared.manifest.filter((e) => e.expected === 'valid');
  assert.ok(valid.length >= 40, `${valid.length} valid documents`);
  for (const e of valid) {
    const bytes = read(shared.dir, e.file);
    const expectedPcrs = Object.fromEntries(Object.entries(e.pcrs_nonzero).map(([k, v]) => [Number(k), unhex(v)]));
    let a;
    try {
      a = verifyNitro(bytes, e.verify_at_ms, { allowDebug: true, expectedPcrs });
    } catch (err) {
      assert.fail(`${e.file}: ${err.code} (${err.message})`);
    }
    assert.equal(nitroClaimedTimestampMs(bytes), e.timestamp_ms, e.file);
    assert.equal(a.moduleId, e.module_id, e.file);
    assert.equal(a.timestampMs, e.timestamp_ms, e.file);
    assert.equal(Object.keys(a.pcrs).length, Number(e.pcr_count), e.file);
    for (const [k, v] of Object.entries(e.pcrs_nonzero)) assert.equal(hex(a.pcrs[k]), v, `${e.file} PCR${k}`);
    assert.equal(a.debugMode, e.debug_mode_pcr0_2_zero, e.file);
    assert.equal(a.validFromMs, Date.parse(e.chain_valid_from), e.file);
    assert.equal(a.validUntilMs, Date.parse(e.chain_valid_until) + 999, e.file);
    const fields = typeof e.optional_fields === 'string' ? null : e.optional_fields;
    for (const [js, key] of [['publicKey', 'public_key'], ['userData', 'user_data'], ['nonce', 'nonce']]) {
      const want = fields?.[key];
      if (want === 'null') assert.equal(a[js], null, `${e.file} ${key}`);
      else if (typeof want === 'number') assert.equal(a[js].length, want, `${e.file} ${key}`);
      if (typeof e[key] === 'string' && !e[key].startsWith('<')) assert.equal(hex(a[js]), e[key], `${e.file} ${key}`);
    }
    // The chain window is exact to the millisecond.
    assert.equal(rejection(() => verifyNitro(bytes, a.validUntilMs + 1, { allowDebug: true }), e.file).code, 'nitro.cert.expired');
    assert.equal(rejection(() => verifyNitro(bytes, a.validFromMs - 1, { allowDebug: true }), e.file).code, 'nitro.cert.not_yet_valid');
  }
  // Debug-mode documents are refused unless the policy allows them.
  const debug = valid.find((e) => e.debug_mode_pcr0_2_zero);
  const d = read(shared.dir, debug.file);
  assert.equal(rejection(() => verifyNitro(d, debug.verify_at_ms), debug.file).code, 'nitro.policy.debug_mode');
  // Another root makes a real document untrusted.
  const first = valid[0];
  const other = rejection(
    () => verifyNitro(read(shared.dir, first.file), first.verify_at_ms, { roots: [read(VECTORS, 'nitro', 'root.der')] }),
    'other root',
  );
  assert.equal(other.code, 'nitro.cert.untrusted_root');
});

test('nitro: pcrSets (rolling deploys) on real AWS documents: the first matching set is named', (t) => {
  const shared = sharedNitro();
  if (!shared) return t.skip('shared vectors absent');
  const valid = shared.manifest.filter((e) => e.expected === 'valid');
  for (const e of valid) {
    const bytes = read(shared.dir, e.file);
    const at = e.verify_at_ms;
    const plain = verifyNitro(bytes, at, { allowDebug: true });
    assert.equal(plain.matchedPcrSet, null, `${e.file}: no pcrSets, matchedPcrSet null`);
    // The document's image (PCR0-2 as it reports them; hex and bytes alike), and an "old image"
    // differing from it in the last byte of the given PCRs.
    const image = { 0: hex(plain.pcrs[0]), 1: plain.pcrs[1], 2: hex(plain.pcrs[2]) };
    const other = (...changed) =>
      Object.fromEntries([0, 1, 2].map((i) => {
        const v = plain.pcrs[i].slice();
        if (changed.includes(i)) v[47] ^= 0x80;
        return [i, v];
      }));
    const [old1, old02] = [other(1), other(0, 2)];
    const a = verifyNitro(bytes, at, { allowDebug: true, pcrSets: [old02, image] });
    assert.equal(a.matchedPcrSet, 1, e.file);
    assert.equal(a.moduleId, plain.moduleId, e.file);
    // The first match is the one reported, even if a later set matches too.
    assert.equal(verifyNitro(bytes, at, { allowDebug: true, pcrSets: [old1, { 2: image[2] }, image] }).matchedPcrSet, 1);
    // None matches: the Rust code, naming the sets tried and the closest set's first difference.
    const none = rejection(() => verifyNitro(bytes, at, { allowDebug: true, pcrSets: [old02, old1] }), e.file);
    assert.equal(none.code, 'nitro.policy.pcr_set_mismatch', `${e.file}: ${none.message}`);
    assert.equal(none.errorClass, 'policy');
    assert.match(none.message, /2 tried; closest: set 1, first difference at pcrs\[1\]/, e.file);
    // A set matches but expectedPcrs fails: the expectedPcrs error, as before.
    const pinFails = rejection(
      () => verifyNitro(bytes, at, { allowDebug: true, pcrSets: [image], expectedPcrs: { 1: old1[1] } }),
      e.file,
    );
    assert.equal(pinFails.code, 'nitro.policy.pcr_mismatch', e.file);
  }
  // Invalid sets are caller errors (input.invalid, naming the field), not verdicts.
  const e = valid.find((v) => !v.debug_mode_pcr0_2_zero);
  const bytes = read(shared.dir, e.file);
  const zero = '00'.repeat(48);
  const bad = [
    [[{ 0: zero }, {}], 'policy.pcrSets[1]'],
    [[{ 32: zero }], 'policy.pcrSets[0]'],
    [[{ x: zero }], 'policy.pcrSets[0][x]'],
    [[{ 0: '00' }], 'policy.pcrSets[0][0]'],
    [[[[0, zero]]], 'policy.pcrSets[0]'],
    [{ 0: zero }, 'policy.pcrSets'],
    [Array(17).fill({ 0: zero }), 'policy.pcrSets'],
  ];
  for (const [pcrSets, field] of bad) {
    const err = rejection(() => verifyNitro(bytes, e.verify_at_ms, { allowDebug: true, pcrSets }), field);
    assert.equal(err.code, 'input.invalid', `${field}: ${err.message}`);
    assert.ok(err.message.startsWith(field), `${field}: ${err.message}`);
  }
  // An empty list is no constraint; 16 sets are allowed (here none matches).
  assert.equal(verifyNitro(bytes, e.verify_at_ms, { allowDebug: true, pcrSets: [] }).matchedPcrSet, null);
  const sixteen = rejection(
    () => verifyNitro(bytes, e.verify_at_ms, { allowDebug: true, pcrSets: Array(16).fill({ 0: zero }) }),
    '16 sets',
  );
  assert.equal(sixteen.code, 'nitro.policy.pcr_set_mismatch');
});

test('nitro: the real negatives fail with their class', (t) => {
  const shared = sharedNitro();
  if (!shared) return t.skip('shared vectors absent');
  const negatives = shared.manifest.filter((e) => e.expected !== 'valid');
  assert.equal(negatives.length, 5);
  for (const e of negatives) {
    const want = /selfsigned|corrupted/.test(e.file)
      ? 'malformed'
      : /custom-root/.test(e.file)
        ? 'untrusted'
        : /bad-cose-signature/.test(e.file)
          ? 'forged'
          : assert.fail(`unclassified negative ${e.file}`);
    // The forged document must fail only for its signature, so verify at its own time.
    const at = want === 'forged' ? e.timestamp_ms : 1_700_000_000_000;
    const err = rejection(() => verifyNitro(read(shared.dir, e.file), at, { allowDebug: true }), e.file);
    assert.equal(err.errorClass, want, `${e.file}: ${err.code} ${err.message}`);
  }
});

// ---------------------------------------------------------------------------------------------
// CometBFT
// ---------------------------------------------------------------------------------------------

/** One light-client step; returns 'SUCCESS' or '<code>' and the header. */
function cometStep(trusted, untrusted, now, c, verifyAll) {
  try {
    const h = verifyLightBlock(trusted, untrusted, now, {
      trustingPeriodSecs: c.trusting_period_secs,
      trustLevel: c.trust_level,
      clockDriftSecs: c.clock_drift_secs,
      verifyAll,
    });
    return { got: 'SUCCESS', header: h };
  } catch (e) {
    if (typeof e.code !== 'string') throw e;
    assert.ok(ERROR_CLASSES.has(e.errorClass), `${c.name}: errorClass ${e.errorClass}`);
    return { got: e.code, error: e };
  }
}

// `now` in the manifest has nanoseconds. As RFC 3339 text it reaches lightcheck exactly; as a
// Date or Unix milliseconds it is truncated to the millisecond, and these cases sit within a
// nanosecond of a boundary, so in those forms they are checked at the millisecond on their side.
const NANOSECOND_BOUNDARY = new Map([
  ['reject-trust-expired', 1], // later is still expired: round up
  ['accept-trust-period-last-nanosecond', 0], // earlier is still inside the trusting period
  ['reject-from-future', 0], // earlier is still too far in the future
  ['accept-clock-drift-last-nanosecond', 1], // later is still within the clock drift: round up
]);

test('cometbft: every manifest case (test-vectors/cometbft) in both counting modes', () => {
  const dir = path.join(VECTORS, 'cometbft');
  const manifest = readJson(dir, 'manifest.json');
  const texts = new Map();
  const block = (f) => {
    if (!texts.has(f)) texts.set(f, readText(dir, f));
    return texts.get(f);
  };
  const counts = {};
  // The published entries leave secp256k1 validator keys out (wasm/build: size budgets): a light
  // block that has one is refused with the typed error, whatever the case expects natively.
  const secp256k1 = (f) => block(f).includes('PubKeySecp256k1');
  let unsupported = 0;
  for (const c of manifest.cases) {
    let want = c.expected === 'SUCCESS' ? 'SUCCESS' : c.error_code;
    assert.ok(want, `${c.name}: manifest lacks error_code`);
    if (c.expected === 'NOT_ENOUGH_TRUST') assert.equal(want, 'cometbft.trust.not_enough');
    if (secp256k1(c.trusted) || secp256k1(c.untrusted)) {
      want = 'cometbft.key.unsupported';
      unsupported += 1;
    }
    const { ms, subMsNanos } = rfc3339(c.now);
    const msNow = ms + (subMsNanos ? NANOSECOND_BOUNDARY.get(c.name) ?? 0 : 0);
    // Light blocks as text, as parsed objects and as UTF-8 bytes; `now` as RFC 3339 text (exact),
    // a Date and Unix milliseconds.
    const forms = [
      [block(c.trusted), block(c.untrusted), c.now],
      [JSON.parse(block(c.trusted)), JSON.parse(block(c.untrusted)), new Date(msNow)],
      [new TextEncoder().encode(block(c.trusted)), new TextEncoder().encode(block(c.untrusted)), msNow],
    ];
    for (const [fi, [trusted, untrusted, now]] of forms.entries()) {
      const [stop, all] = [false, true].map((verifyAll) => cometStep(trusted, untrusted, now, c, verifyAll));
      assert.equal(stop.got, all.got, `${c.name}: stop-at-threshold ${stop.got} vs verify-all ${all.got}`);
      assert.equal(stop.got, want, `${c.name} (form ${fi}, now ${now}): ${stop.error?.message ?? ''}`);
      if (stop.header) {
        const u = JSON.parse(block(c.untrusted)).signed_header.header;
        const h = stop.header;
        assert.equal(h.height, Number(u.height), c.name);
        assert.equal(h.chainId, u.chain_id, c.name);
        assert.equal(h.appHashHex.toLowerCase(), u.app_hash.toLowerCase(), c.name);
        assert.equal(h.validatorsHashHex.toLowerCase(), u.validators_hash.toLowerCase(), c.name);
        assert.equal(h.nextValidatorsHashHex.toLowerCase(), u.next_validators_hash.toLowerCase(), c.name);
        assert.match(h.hashHex, /^[0-9a-fA-F]{64}$/, c.name);
        assert.equal(typeof h.time, 'string', c.name);
      }
    }
    counts[c.expected] = (counts[c.expected] || 0) + 1;
  }
  assert.ok(counts.SUCCESS >= 20 && counts.INVALID >= 20 && counts.NOT_ENOUGH_TRUST >= 5, JSON.stringify(counts));
  assert.ok(unsupported >= 2 && unsupported < manifest.cases.length / 4, `${unsupported} secp256k1 cases`);
});

test('cometbft: LightClient.verifyTo over a provider of light blocks', async () => {
  const dir = path.join(VECTORS, 'cometbft');
  const chain = { 1: 'val4-h1.json', 2: 'val4-h2.json', 3: 'val4-h3.json', 10: 'val4-h10.json' };
  const asked = [];
  const provider = async (height) => {
    asked.push(height);
    const f = chain[height];
    if (!f) throw new Error(`no light block at height ${height}`);
    return readText(dir, f);
  };
  const now = rfc3339('2025-06-01T00:01:24.926836469Z').ms;
  const client = new LightClient(readText(dir, 'val4-h1.json'), { trustingPeriodSecs: 1209600 });
  assert.deepEqual(client.trustedHeights(), [1]);
  const trace = await client.verifyTo(10, provider, now);
  assert.equal(trace.header.height, 10);
  assert.equal(trace.header.chainId, 'lightcheck-test');
  assert.ok(trace.verifiedHeights.includes(10), JSON.stringify(trace));
  assert.ok(trace.fetched.includes(10), JSON.stringify(trace));
  assert.ok(client.trustedHeights().includes(10));
  // A synchronous provider works too, and heights between trusted ones are reachable.
  const trace3 = await client.verifyTo(3, (h) => JSON.parse(readText(dir, chain[h])), new Date(now));
  assert.equal(trace3.header.height, 3);
  assert.deepEqual([...client.trustedHeights()].sort((a, b) => a - b).filter((h) => [1, 3, 10].includes(h)), [1, 3, 10]);
  // The trusted store survives a JSON round trip.
  const restored = LightClient.fromJSON(client.toJSON());
  assert.deepEqual(restored.trustedHeights(), client.trustedHeights());

  // A forged block from the provider is rejected with its code and is not trusted.
  const forged = new LightClient(readText(dir, 'val4-h1.json'));
  const e = await asyncRejection(
    forged.verifyTo(10, async () => readText(dir, 'reject-bad-signature-ed25519-skipping.json'), now),
    'forged h10',
  );
  assert.equal(e.code, 'cometbft.commit.bad_signature', e.message);
  assert.deepEqual(forged.trustedHeights(), [1]);

  // A provider failure surfaces as a rejection, not a crash.
  const failing = new LightClient(readText(dir, 'val4-h1.json'));
  await asyncRejection(failing.verifyTo(10, async () => { throw new Error('offline'); }, now), 'failing provider');

  // A full validator rotation at height 7: from height 1, too little trusted power signed 7, so
  // the client bisects and asks for the pivot 4, which this provider does not have.
  const rot = { 6: 'rot-all-h6.json', 7: 'rot-all-h7.json' };
  const rotNow = '2025-06-01T00:01:06.764575002Z'; // RFC 3339 text is a valid `now` too
  const rotAsked = [];
  const bisecting = new LightClient(readText(dir, 'rot-h1.json'));
  const pivot = await asyncRejection(
    bisecting.verifyTo(7, async (h) => {
      rotAsked.push(h);
      if (!rot[h]) throw new Error(`no light block at height ${h}`);
      return readText(dir, rot[h]);
    }, rotNow),
    'bisection without the pivot',
  );
  assert.equal(pivot.code, 'cometbft.provider', pivot.message);
  assert.deepEqual(rotAsked, [7, 4], 'tries the target, then bisects to the pivot');
  assert.ok(pivot.cause instanceof Error && /height 4/.test(pivot.cause.message), 'the provider error is the cause');
  assert.deepEqual(bisecting.trustedHeights(), [1]);
  // Two steps through it: rot-h1 → rot-all-h6 (skipping) → rot-all-h7 (adjacent).
  const rotClient = new LightClient(readText(dir, 'rot-h1.json'));
  const t6 = await rotClient.verifyTo(6, async (h) => readText(dir, rot[h]), rotNow);
  assert.equal(t6.header.height, 6);
  const t7 = await rotClient.verifyTo(7, async (h) => readText(dir, rot[h]), rotNow);
  assert.equal(t7.header.height, 7);
  assert.ok(t7.verifiedHeights.includes(7));
});

test('cometbft: LightClient.verifyTo fetches each block once and verifies each step once across rotations', async () => {
  // 24 heights; every 6 a third of the 7 validators plus one is replaced, so reaching 24 from 1
  // needs bisection.
  const chain = JSON.parse(readText(path.join(VECTORS, 'cometbft'), 'rotating-chain.json'));
  const now = '2025-06-01T00:05:00Z';
  const calls = [];
  const client = new LightClient(chain[0], { trustingPeriodSecs: 1209600 });
  const trace = await client.verifyTo(24, async (h) => {
    calls.push(h);
    return chain[h - 1];
  }, now);
  assert.equal(trace.header.height, 24);
  assert.deepEqual(trace.fetched, calls, 'the trace reports exactly the provider calls');
  assert.equal(new Set(calls).size, calls.length, `each block fetched once: ${calls}`);
  assert.ok(calls.length >= 3 && calls.length < 12, `bisection, not sequential: ${calls}`);
  assert.ok(trace.steps.some((s) => s.outcome === 'not_enough_trust'), 'it had to bisect');
  // One verification per fetched block, plus one retry of each block that lacked trust, once the
  // trusted block moved up: never the same (height, trusted height) pair twice.
  const pairs = trace.steps.map((s) => `${s.height}@${s.trustedHeight}`);
  assert.equal(new Set(pairs).size, pairs.length, `a step was verified twice: ${pairs}`);
  const lacking = trace.steps.filter((s) => s.outcome === 'not_enough_trust').length;
  assert.equal(trace.steps.length, calls.length + lacking, JSON.stringify(trace.steps));
  const verified = trace.steps.filter((s) => s.outcome === 'verified').map((s) => s.height);
  assert.deepEqual(verified, trace.verifiedHeights, 'every verified height is verified once');
  // Asking again costs nothing: the target is trusted now.
  const again = await client.verifyTo(24, () => assert.fail('no fetch for a trusted height'), now);
  assert.equal(again.header.height, 24);
  assert.deepEqual(again.fetched, []);
});

test('cometbft: LightClient over the settlement chain (trusted.json → the bundle\'s blocks H, H+1)', async () => {
  const dir = path.join(VECTORS, 'settlement');
  const trusted = readJson(dir, 'trusted.json');
  const bundle = readJson(dir, 'settled-individual.json');
  const blocks = new Map(bundle.light_blocks.map((lb) => [Number(lb.signed_header.header.height), lb]));
  const client = new LightClient(trusted.light_blocks[0], { trustingPeriodSecs: trusted.trusting_period_secs });
  const target = Math.max(...blocks.keys());
  const trace = await client.verifyTo(target, async (h) => blocks.get(h) ?? Promise.reject(new Error(`no block ${h}`)), 1770000600 * 1000);
  assert.equal(trace.header.height, target);
  assert.equal(trace.header.hashHex.toLowerCase(), bundle.light_blocks.find((lb) => Number(lb.signed_header.header.height) === target).signed_header.commit.block_id.hash.toLowerCase());
});

// ---------------------------------------------------------------------------------------------
// zk
// ---------------------------------------------------------------------------------------------

test('zk: every manifest case (test-vectors/zk) matches ezkl_verdict (or is stricter where allowed)', () => {
  const dir = path.join(VECTORS, 'zk');
  const manifest = readJson(dir, 'manifest.json');
  const cache = new Map();
  const bytes = (f) => {
    if (!cache.has(f)) cache.set(f, read(dir, f));
    return cache.get(f);
  };
  let accepted = 0;
  let rejected = 0;
  let stricter = 0;
  for (const c of manifest.cases) {
    let ok;
    let err;
    try {
      const r = verifyZk(bytes(c.vka), bytes(c.proof), { srs: bytes(c.srs) });
      ok = true;
      assert.equal(r.vkaDigestHex, vkaDigest(bytes(c.vka)), c.name);
      assert.match(r.vkaDigestHex, /^[0-9a-f]{64}$/, c.name);
      assert.equal(r.numInstances, c.num_instances, c.name);
    } catch (e) {
      if (typeof e.code !== 'string') throw e;
      assert.ok(e.code.startsWith('zk.') || e.code.startsWith('input.'), `${c.name}: code ${e.code}`);
      ok = false;
      err = e;
    }
    if (ok === c.ezkl_verdict) {
      ok ? accepted++ : rejected++;
    } else if (c.stricter_ok && !ok) {
      stricter++;
    } else {
      assert.fail(`zk/${c.name}: ezkl says ${c.ezkl_verdict ? 'valid' : 'invalid'}, lightcheck ${ok ? 'valid' : `${err.code} (${err.message})`}`);
    }
  }
  assert.ok(accepted >= 8 && rejected >= 150, `${accepted} accepted, ${rejected} rejected, ${stricter} stricter`);
});

test('zk: vkaDigest pins the verifying key', () => {
  const dir = path.join(VECTORS, 'zk', 'linear-k6-public-public');
  const vka = read(dir, 'vka.bytes');
  const proof = read(dir, 'proof.json');
  const srs = read(dir, 'kzg1.srs');
  const digest = vkaDigest(vka);
  assert.equal(verifyZk(vka, proof, { srs, vkaDigest: digest }).vkaDigestHex, digest);
  // A pinned VKA carries its SRS points: the SRS may then be left out.
  assert.equal(verifyZk(vka, proof, { vkaDigest: `0x${digest}` }).numInstances, 5);
  assert.equal(rejection(() => verifyZk(vka, proof, {}), 'neither srs nor vkaDigest').code, 'input.invalid');
  const other = vkaDigest(read(VECTORS, 'zk', 'mlp-k8-public-public', 'vka.bytes'));
  const e = rejection(() => verifyZk(vka, proof, { srs, vkaDigest: other }), 'other digest');
  assert.ok(e.code.startsWith('zk.'), e.code);
});

// ---------------------------------------------------------------------------------------------
// OpenGradient
// ---------------------------------------------------------------------------------------------

/** STRICTER (name → code) and code_for (SDK check → code) from core/tests/og_responses.rs. */
function ogExpectations() {
  const src = readText(REPO, 'core', 'tests', 'og_responses.rs');
  const block = /const STRICTER[^=]*=\s*&\[([\s\S]*?)\n\];/.exec(src);
  assert.ok(block, 'STRICTER not found in core/tests/og_responses.rs');
  const stricter = new Map([...block[1].matchAll(/\(\s*"([^"]+)",\s*"([^"]+)",/g)].map((m) => [m[1], m[2]]));
  const codeFor = /fn code_for[\s\S]*?\n}/.exec(src);
  assert.ok(codeFor, 'code_for not found in core/tests/og_responses.rs');
  const checks = new Map([...codeFor[0].matchAll(/"(\w+)"\s*=>\s*"([\w.]+)"/g)].map((m) => [m[1], m[2]]));
  assert.ok(stricter.size >= 10 && checks.size >= 6, `parsed ${stricter.size} STRICTER, ${checks.size} code_for`);
  return { stricter, checks };
}

test('opengradient: every TEE response case (responses.json) agrees with the SDK, except STRICTER', () => {
  const text = readText(VECTORS, 'opengradient', 'responses.json');
  const root = parseRaw(text);
  const doc = JSON.parse(text);
  const keys = doc.keys;
  for (const [name, pem] of Object.entries(keys)) {
    assert.equal(teeIdOfKey(pem), doc.tee_ids[name].toLowerCase(), `teeIdOfKey(${name})`);
  }
  const { stricter, checks } = ogExpectations();
  const counts = { valid: 0, invalid: 0, stricter: 0 };
  for (const node of get(root, 'cases').items) {
    const c = node.value;
    const requestJson = get(node, 'request_json').value;
    // Raw text, never JSON.stringify: the canonical request hash depends on the exact spelling.
    const request = requestJson ?? get(node, 'request').raw;
    const response = get(node, 'response').raw;
    const options = {};
    if (c.content !== null) options.content = c.content;
    if (c.expected_tee_id) options.expectedTeeId = c.expected_tee_id;
    let r;
    let err;
    try {
      r = verifyTeeResponse(request, response, keys[c.key], options);
    } catch (e) {
      if (typeof e.code !== 'string') throw e;
      err = e;
    }
    if (stricter.has(c.name)) {
      assert.ok(c.sdk.valid, `${c.name}: listed as stricter but the SDK rejects it`);
      assert.ok(err, `${c.name}: lightcheck is meant to reject it (${stricter.get(c.name)})`);
      assert.equal(err.code, stricter.get(c.name), `${c.name}: ${err.message}`);
      counts.stricter++;
    } else if (c.sdk.valid) {
      assert.ok(r, `${c.name}: the SDK accepts it, lightcheck says ${err?.code} (${err?.message})`);
      const claimed = c.response.tee_id.replace(/^0x/, '').toLowerCase();
      assert.equal(r.teeIdHex.replace(/^0x/, '').toLowerCase(), claimed, c.name);
      for (const f of ['requestHashHex', 'outputHashHex', 'msgHashHex']) assert.match(r[f], /^(0x)?[0-9a-f]{64}$/, `${c.name} ${f}`);
      assert.equal(typeof r.timestamp, 'number', c.name);
      assert.equal(typeof r.content, 'string', c.name);
      counts.valid++;
    } else {
      assert.ok(err, `${c.name}: the SDK rejects it (${c.sdk.check}), lightcheck accepts it`);
      const code = checks.get(c.sdk.check);
      if (code) assert.equal(err.code, code, `${c.name}: SDK check ${c.sdk.check}, lightcheck ${err.code} (${err.message})`);
      counts.invalid++;
    }
  }
  assert.equal(counts.stricter, stricter.size, 'every listed difference must be exercised');
  assert.ok(counts.valid >= 60 && counts.invalid >= 60, JSON.stringify(counts));
});

test('opengradient: every settlement bundle (test-vectors/settlement) reaches its summary and link statuses', () => {
  const dir = path.join(VECTORS, 'settlement');
  const manifest = readJson(dir, 'manifest.json');
  const trustedText = readText(dir, manifest.trusted);
  const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
  const counts = {};
  for (const [i, c] of manifest.cases.entries()) {
    const label = `settlement/${c.file}`;
    const bundleText = readText(dir, c.file);
    const policy = {};
    if (c.policy?.pcr_hash) policy.pcrHash = c.policy.pcr_hash;
    // Alternate input forms: text, parsed objects, UTF-8 bytes; `now` as ms or Date.
    const forms = [
      () => [bundleText, trustedText],
      () => [JSON.parse(bundleText), JSON.parse(trustedText)],
      () => [new TextEncoder().encode(bundleText), new TextEncoder().encode(trustedText)],
    ];
    const [bundle, trusted] = forms[i % 3]();
    const now = i % 2 ? new Date(c.now * 1000) : c.now * 1000;
    if (c.summary === 'unreadable') {
      const e = rejection(() => verifySettlementBundle(bundle, trusted, now, policy), label);
      assert.equal(e.code, c.error_code, `${label}: ${e.message}`);
    } else {
      let r;
      try {
        r = verifySettlementBundle(bundle, trusted, now, policy);
      } catch (e) {
        assert.fail(`${label}: threw ${e.code} (${e.message})`);
      }
      assert.equal(r.summary.verdict, c.summary, `${label}: ${JSON.stringify(r.summary)}`);
      for (const [name, status] of Object.entries(c.links)) {
        const link = r.links[camel(name)];
        assert.ok(link, `${label}: link ${camel(name)} missing from ${Object.keys(r.links)}`);
        assert.equal(link.status, status, `${label}: link ${name} ${JSON.stringify(link)}`);
        if (status === 'failed') {
          assert.equal(link.code, c.error_code, `${label}: link ${name}`);
          assert.ok(ERROR_CLASSES.has(link.class), `${label}: link class ${link.class}`);
          assert.ok(link.message, label);
        }
      }
      assert.equal(Object.keys(r.links).length, 6, `${label}: ${Object.keys(r.links)}`);
      if (c.summary === 'rejected') assert.equal(r.summary.code, c.error_code, `${label}: ${JSON.stringify(r.summary)}`);
      if (c.summary === 'settled') {
        assert.equal(typeof r.summary.height, 'number', label);
        assert.ok(r.settlement, label);
      }
      if (c.links.response_signature === 'verified') assert.ok(r.response, label);
    }
    counts[c.summary] = (counts[c.summary] || 0) + 1;
  }
  assert.ok(counts.settled >= 3 && counts.pending >= 2 && counts.rejected >= 10, JSON.stringify(counts));
});
