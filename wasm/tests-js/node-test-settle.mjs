// collectSettlementBundle offline: the generated settlement chain of test-vectors/settlement/
// (trust root at height 1 from trusted.json, the settlement in block 8, block 9 committing to its
// results, all of block 8's results) served through an injected `fetch` that answers like CometBFT
// RPC nodes (fake-rpc.mjs, plus /tx_search and /block_results), so that the whole path runs
// without a chain: search, light client to H and H+1, results, bundle, verdict. The live test
// against a real chain is settle.mjs.
//
// Run by wasm/tests-js/run (which sets LIGHTCHECK_REPO): node --test node-test-settle.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import init, { collectSettlementBundle, verifySettlementBundle } from 'lightcheck';

import { fakeFetch, jsonResponse } from './fake-rpc.mjs';
import { parseRaw, get } from './rawjson.mjs';

const REPO = process.env.LIGHTCHECK_REPO;
if (!REPO) throw new Error('LIGHTCHECK_REPO must point at the lightcheck checkout (set by wasm/tests-js/run)');
const dir = path.join(REPO, 'test-vectors', 'settlement');
const text = (name) => fs.readFileSync(path.join(dir, name), 'utf8');
const manifest = JSON.parse(text('manifest.json'));
const NOW = manifest.cases.find((c) => c.file === 'settled-individual.json').now * 1000;
const trustedDoc = JSON.parse(text('trusted.json'));
const settledText = text('settled-individual.json');
const settled = JSON.parse(settledText);
const allResults = JSON.parse(text('settled-individual-block-results.json')).settlement.block_results.results;
const CONTRACT = trustedDoc.settlement_contract;
const root = trustedDoc.light_blocks[0];
const ROOT_HASH_HEIGHT = Number(root.signed_header.header.height);

/** A bundle's request, response and key as the user holds them (the request's text byte for byte). */
function held(name) {
  const raw = parseRaw(text(name));
  return {
    request: get(raw, 'request').raw,
    response: get(raw, 'response').raw,
    signingKey: get(raw, 'signing_key').value,
  };
}

const A = 'http://og-a.test:26657';
const W = 'http://og-w.test:26657';
const blocks = [root, ...settled.light_blocks];
const H = Number(settled.settlement.height);

/** /tx_search and /block_results on top of fake-rpc's light-block node. */
function chainHooks(calls, settledOnChain) {
  const item = { ...settled.settlement.tx_proof, tx_result: settled.settlement.tx_result.result };
  return (url, init, serve) => {
    const u = new URL(url);
    const route = u.pathname.replace(/^\/+/, '');
    if (route === 'tx_search') {
      calls.push(u.searchParams.get('query'));
      const page = Number(u.searchParams.get('page'));
      const txs = page === 1 && settledOnChain ? [item] : [];
      return jsonResponse({ jsonrpc: '2.0', id: -1, result: { txs, total_count: String(txs.length) } });
    }
    if (route === 'block_results') {
      const h = Number(u.searchParams.get('height'));
      if (h !== H) return jsonResponse({ jsonrpc: '2.0', id: -1, error: { code: -32603, message: 'Internal error', data: `could not find results for height #${h}` } }, 500);
      return jsonResponse({ jsonrpc: '2.0', id: -1, result: { height: String(h), txs_results: allResults } });
    }
    return serve();
  };
}

function chain({ witnessBlocks = blocks, settledOnChain = true } = {}) {
  const queries = [];
  const fetch = fakeFetch({ [A]: blocks, [W]: witnessBlocks }, { hooks: { [A]: chainHooks(queries, settledOnChain) } });
  fetch.queries = queries;
  return fetch;
}

function options(fetch, extra = {}) {
  const events = [];
  return {
    events,
    options: {
      primary: A,
      witnesses: [W],
      trustedHeight: ROOT_HASH_HEIGHT,
      trustedHash: root.signed_header.commit.block_id.hash,
      contract: CONTRACT,
      fetch,
      now: NOW,
      nitroRoots: trustedDoc.nitro_roots.map((b) => new Uint8Array(Buffer.from(b, 'base64'))),
      onProgress: (e) => events.push(e),
      ...held('settled-individual.json'),
      attestation: settled.attestation.document,
      ...extra,
    },
  };
}

const types = (events) => events.map((e) => (e.type === 'verified' && 'verdict' in e ? 'verified:verdict' : e.type));

await init();

test('collect: the settlement found by searching the relay logs, blocks H and H+1 verified, SETTLED', async () => {
  const fetch = chain();
  const { options: o, events } = options(fetch);
  const c = await collectSettlementBundle(o);
  assert.equal(c.report.summary.verdict, 'settled', JSON.stringify(c.report));
  assert.equal(c.report.summary.height, H);
  for (const [name, link] of Object.entries(c.report.links)) assert.equal(link.status, 'verified', `${name}: ${JSON.stringify(link)}`);
  assert.deepEqual(c.found, { height: H, index: settled.settlement.tx_proof.index });
  assert.match(fetch.queries[0], /^"tx_log\.txLog CONTAINS '0x[0-9a-f]{64}'"$/);
  // Progress: the search, the light client's own events, the results, the verdict.
  const t = types(events);
  assert.deepEqual(t.slice(0, 2), ['searching', 'found']);
  assert.deepEqual(events[0], { type: 'searching', query: fetch.queries[0].slice(1, -1), page: 1 });
  assert.deepEqual(events[1], { type: 'found', height: H, index: c.found.index });
  assert.ok(t.includes('fetching') && t.includes('fetched') && t.includes('witness'), t.join(','));
  const verified = events.filter((e) => e.type === 'verified' && 'height' in e).map((e) => e.height);
  assert.deepEqual(verified, [ROOT_HASH_HEIGHT, H, H + 1]);
  assert.deepEqual(t.slice(-2), ['results', 'verified:verdict']);
  assert.deepEqual(events.at(-2), { type: 'results', height: H });
  assert.deepEqual(events.at(-1), { type: 'verified', verdict: 'settled' });
  // The bundle: what the generator wrote, plus provenance.
  const bundle = JSON.parse(c.bundle);
  assert.equal(bundle.format, 'lightcheck-settlement-bundle');
  assert.ok(c.bundle.includes(o.request) && c.bundle.includes(o.response), 'request and response kept byte for byte');
  assert.deepEqual(bundle.light_blocks.map((b) => b.signed_header.header.height), ['8', '9']);
  assert.deepEqual(bundle.settlement.tx_result.aunts, settled.settlement.tx_result.aunts);
  assert.deepEqual(bundle.settlement.tx_result.result, settled.settlement.tx_result.result);
  assert.equal(bundle.attestation.document, settled.attestation.document);
  assert.equal(bundle.collected.primary, A);
  assert.deepEqual(bundle.collected.witnesses, [W]);
  assert.equal(bundle.collected.trusted_height, ROOT_HASH_HEIGHT);
  assert.equal(bundle.collected.at, NOW / 1000);
  assert.equal(bundle.collected.search.pages, 1);
  // The trusted state: the trust root, the contract, the roots given.
  const trusted = JSON.parse(c.trusted);
  assert.equal(trusted.format, 'lightcheck-trusted-state');
  assert.equal(trusted.settlement_contract, CONTRACT);
  assert.deepEqual(trusted.nitro_roots, trustedDoc.nitro_roots);
  assert.deepEqual(trusted.light_blocks, trustedDoc.light_blocks);
  // The same verdict from the files, and from the generator's own trusted state.
  assert.deepEqual(verifySettlementBundle(c.bundle, c.trusted, NOW), c.report);
  assert.deepEqual(verifySettlementBundle(c.bundle, text('trusted.json'), NOW), c.report);
  assert.equal(c.stats.bundleBytes, Buffer.byteLength(c.bundle));
  assert.equal(c.stats.lightBlocksFetched, events.filter((e) => e.type === 'fetched').length);
  assert.equal(c.stats.httpRequests, fetch.calls.length);
});

test('collect: by the Ethereum transaction hash (option tx), the same bundle settlement', async () => {
  const fetch = chain();
  const byLogs = await collectSettlementBundle(options(chain()).options);
  const eth = byLogs.report.settlement.ethTxHash;
  const c = await collectSettlementBundle(options(fetch, { tx: eth.toUpperCase().replace('0X', '0x') }).options);
  assert.equal(fetch.queries[0], `"ethereum_tx.ethereumTxHash='${eth}'"`);
  assert.equal(c.report.summary.verdict, 'settled');
  assert.deepEqual(JSON.parse(c.bundle).settlement, JSON.parse(byLogs.bundle).settlement);
});

test('collect: a forged response is rejected at responseSignature, and nothing is searched', async () => {
  const fetch = chain();
  const forged = held('settled-individual.json').response.replace('Hello!', 'Goodbye!');
  const { options: o, events } = options(fetch, { response: forged });
  const c = await collectSettlementBundle(o);
  assert.equal(c.report.summary.verdict, 'rejected');
  assert.equal(c.report.summary.link, 'responseSignature');
  assert.equal(c.found, null);
  assert.equal(fetch.queries.length, 0);
  assert.ok(!types(events).some((t) => ['searching', 'found', 'not-found', 'results'].includes(t)), types(events).join(','));
  assert.equal(JSON.parse(c.bundle).settlement, undefined);
  assert.deepEqual(verifySettlementBundle(c.bundle, c.trusted, NOW), c.report);
});

test('collect: a response with no settlement on chain is PENDING (not an error)', async () => {
  const fetch = chain({ settledOnChain: false });
  const { options: o, events } = options(fetch, { attestation: undefined });
  const c = await collectSettlementBundle(o);
  assert.equal(c.report.summary.verdict, 'pending', JSON.stringify(c.report.summary));
  assert.equal(c.found, null);
  assert.deepEqual(types(events).slice(0, 2), ['searching', 'not-found']);
  assert.deepEqual(events.at(-1), { type: 'verified', verdict: 'pending' });
  const bundle = JSON.parse(c.bundle);
  assert.equal(bundle.settlement, undefined);
  assert.equal(bundle.light_blocks, undefined);
  assert.deepEqual(JSON.parse(c.trusted).light_blocks, trustedDoc.light_blocks);
  assert.deepEqual(verifySettlementBundle(c.bundle, c.trusted, NOW), c.report);
});

test('collect: a witness that does not confirm block H rejects with link "header_trust"', async () => {
  // The witness serves block 8 with another app hash: its commit no longer verifies, so it is
  // dropped and nothing confirms the primary's block.
  const bad = structuredClone(settled.light_blocks[0]);
  bad.signed_header.header.app_hash = '00'.repeat(32);
  const fetch = chain({ witnessBlocks: [root, bad, settled.light_blocks[1]] });
  const { options: o, events } = options(fetch);
  await assert.rejects(collectSettlementBundle(o), (e) => {
    assert.equal(e.link, 'header_trust', `${e.code}: ${e.message}`);
    assert.match(e.code, /^cometbft\./);
    assert.ok(Array.isArray(e.witnesses), 'the witnesses\' outcomes, as syncTo');
    return true;
  });
  assert.ok(!types(events).includes('results') && !types(events).includes('verified:verdict'));
});

test('collect: bad options are input.invalid, before any request', async () => {
  const fetch = chain();
  const cases = [
    [{ contract: undefined }, /contract/],
    [{ contract: '0x1234' }, /contract/],
    [{ tx: '0xabc' }, /tx/],
    [{ request: undefined }, /request/],
    [{ signingKey: 'not a key' }, null],
    [{ nitroRoots: 'x' }, /nitroRoots/],
    [{ tlsCertificate: new Uint8Array([1]), attestation: undefined }, /tlsCertificate/],
    [{ bogus: 1 }, /bogus/],
  ];
  for (const [extra, message] of cases) {
    const { options: o } = options(fetch, extra);
    for (const [k, v] of Object.entries(extra)) if (v === undefined) delete o[k];
    await assert.rejects(collectSettlementBundle(o), (e) => {
      if (message) {
        assert.equal(e.code, 'input.invalid', `${JSON.stringify(extra)}: ${e.code} ${e.message}`);
        assert.match(e.message, message);
      } else {
        assert.equal(typeof e.code, 'string');
      }
      return true;
    });
  }
  assert.equal(fetch.calls.length, 0);
});
