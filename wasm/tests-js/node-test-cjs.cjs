// The same package through CommonJS `require('lightcheck')`, as a CommonJS user would load it.
// Run by wasm/tests-js/run: node --test node-test-cjs.cjs
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const lightcheck = require('lightcheck');

const REPO = process.env.LIGHTCHECK_REPO;
if (!REPO) throw new Error('LIGHTCHECK_REPO must point at the lightcheck checkout (set by wasm/tests-js/run)');
const VECTORS = path.join(REPO, 'test-vectors');
const read = (...p) => new Uint8Array(fs.readFileSync(path.join(...p)));

test('require: the API is there and init is a no-op', async () => {
  for (const name of ['init', 'version', 'capabilities', 'verifyNitro', 'nitroClaimedTimestampMs', 'verifyLightBlock', 'verifyCommit',
    'verifyTx', 'LightClient', 'verifyZk', 'vkaDigest', 'verifyTeeResponse', 'teeIdOfKey', 'verifySettlementBundle']) {
    assert.equal(typeof lightcheck[name], 'function', `require('lightcheck').${name}`);
  }
  for (const name of ['connect', 'restore', 'fromJSON']) {
    assert.equal(typeof lightcheck.LightClient[name], 'function', `LightClient.${name}`);
  }
  for (const name of ['syncTo', 'reportEvidence', 'verifyTo', 'toJSON']) {
    assert.equal(typeof lightcheck.LightClient.prototype[name], 'function', `LightClient.prototype.${name}`);
  }
  await lightcheck.init();
  assert.match(lightcheck.version(), /^\d+\.\d+\.\d+/);
});

test('require: a Nitro document verifies and a forged one is rejected with its code', () => {
  const dir = path.join(VECTORS, 'nitro');
  const root = read(dir, 'root.der');
  const doc = read(dir, 'valid-definite-map.cbor');
  const at = lightcheck.nitroClaimedTimestampMs(doc);
  const a = lightcheck.verifyNitro(doc, at, { roots: [root] });
  assert.equal(a.digest, 'SHA384');
  assert.equal(a.timestampMs, at);
  assert.equal(a.pcrs[0].length, 48);
  assert.throws(() => lightcheck.verifyNitro(read(dir, 'cose-bad-signature.cbor'), at, { roots: [root] }), (e) => {
    assert.equal(e.code, 'nitro.cose.bad_signature');
    assert.equal(e.errorClass, 'forged');
    return true;
  });
});

test('require: settlement bundles settle, stay pending and are rejected', () => {
  const dir = path.join(VECTORS, 'settlement');
  const trusted = fs.readFileSync(path.join(dir, 'trusted.json'), 'utf8');
  const run = (f, now) => lightcheck.verifySettlementBundle(fs.readFileSync(path.join(dir, f), 'utf8'), trusted, now * 1000);
  assert.equal(run('settled-individual.json', 1770000600).summary.verdict, 'settled');
  assert.equal(run('pending-attested.json', 1770000600).summary.verdict, 'pending');
  const r = run('rejected-signature.json', 1770000600);
  assert.equal(r.summary.verdict, 'rejected');
  assert.equal(r.summary.code, 'opengradient.response.bad_signature');
  assert.equal(r.links.responseSignature.status, 'failed');
});
