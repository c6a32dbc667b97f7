// The networked light client of the npm package (LightClient.connect / restore / syncTo /
// reportEvidence), offline: the recorded devnet (test-vectors/cometbft/network/devnet.json, light
// blocks 1..40 of a real CometBFT network `a` and of its fork `b`) served through an injected
// `fetch` that answers like CometBFT RPC nodes (fake-rpc.mjs), so that the whole fetch path runs.
// The verdicts must be the ones lightcheck's CLI reached against the live nodes when the vector
// was recorded: the same heights and fetch count, and evidence byte-identical to what both
// networks' nodes accepted.
//
// Run by wasm/tests-js/run (which sets LIGHTCHECK_REPO): node --test node-test-network.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import init, { LightClient } from 'lightcheck';

import { fakeFetch, hangingFetch, jsonResponse } from './fake-rpc.mjs';

const REPO = process.env.LIGHTCHECK_REPO;
if (!REPO) throw new Error('LIGHTCHECK_REPO must point at the lightcheck checkout (set by wasm/tests-js/run)');
const vector = JSON.parse(fs.readFileSync(path.join(REPO, 'test-vectors', 'cometbft', 'network', 'devnet.json'), 'utf8'));

const A = 'http://a.test:26657'; // network a (the primary)
const A2 = 'http://a2.test:26657'; // network a again (an honest witness)
const B = 'http://b.test:26657'; // the fork
const NOW = vector.now * 1000;
const root = { trustedHeight: vector.trusted.height, trustedHash: vector.trusted.hash };
const nodes = () => ({ [A]: vector.a, [A2]: vector.a, [B]: vector.b });

await init();

/** Awaits `promise`, which must reject with a lightcheck error; returns the error. */
async function rejection(promise, label) {
  let value;
  try {
    value = await promise;
  } catch (e) {
    assert.ok(e instanceof Error, `${label}: rejected with a non-Error ${e}`);
    assert.equal(typeof e.code, 'string', `${label}: no .code (${e.message})`);
    assert.equal(typeof e.errorClass, 'string', `${label}: no .errorClass`);
    return e;
  }
  assert.fail(`${label}: expected a rejection, got ${JSON.stringify(value)}`);
}

/** connect() with the vector's trust root, recording progress events. */
async function connect(primary, witnesses, fetch, extra = {}) {
  const events = [];
  const client = await LightClient.connect({ primary, witnesses, ...root, fetch, now: NOW, onProgress: (e) => events.push(e), ...extra });
  return { client, events };
}

test('network vector: honest primary and witness give exactly the recorded sync (heights, fetch count, hash)', async () => {
  const fetch = fakeFetch(nodes());
  const { client, events: connectEvents } = await connect(A, [A2], fetch);
  assert.deepEqual(client.trustedHeights(), [vector.trusted.height]);
  assert.equal(client.primary, A);
  assert.deepEqual(client.witnesses, [A2]);
  const connectFetched = connectEvents.filter((e) => e.type === 'fetched');
  // The trust root from the primary, then the witness's block at that height.
  assert.deepEqual(connectFetched.map((e) => [e.peer, e.height]), [['primary', 1], ['witness', 1]]);
  assert.deepEqual(connectEvents.filter((e) => e.type === 'verified').map((e) => e.height), [1]);

  const events = [];
  const r = await client.syncTo(vector.target, { now: NOW, onProgress: (e) => events.push(e) });
  const want = vector.expected.honest;
  // One run of the CLI = connect (the root) + syncTo (the rest).
  assert.deepEqual([vector.trusted.height, ...r.verifiedHeights], want.verified_heights);
  assert.equal(connectFetched.length + r.lightBlocksFetched, want.light_blocks_fetched);
  assert.equal(r.header.height, vector.target);
  assert.equal(r.header.hashHex, want.hash);
  assert.equal(r.header.chainId, vector.chain_id);
  assert.equal(r.header.time, vector.a[vector.target - 1].signed_header.header.time);
  assert.equal(r.startHeight, vector.trusted.height);
  assert.equal(r.primary, A);
  assert.deepEqual(r.witnesses, [{ url: A2, outcome: 'confirmed', reason: null, code: null }]);
  assert.deepEqual(r.trustedHeights, want.verified_heights);
  assert.deepEqual(client.trustedHeights(), want.verified_heights);
  assert.ok(r.httpRequests >= r.lightBlocksFetched * 2, `httpRequests ${r.httpRequests}`);

  // Progress: every fetch announced, the witness's confirmation, then the newly trusted heights.
  const kinds = events.map((e) => e.type);
  assert.equal(events.filter((e) => e.type === 'fetched').length, r.lightBlocksFetched);
  assert.equal(events.filter((e) => e.type === 'fetching').length, r.lightBlocksFetched);
  for (const e of events.filter((e) => e.type === 'fetching')) {
    assert.ok(e.url === A || e.url === A2, JSON.stringify(e));
    assert.ok(e.peer === 'primary' ? e.witness === null : e.witness === 0, JSON.stringify(e));
  }
  assert.deepEqual(events.filter((e) => e.type === 'witness'), [{ type: 'witness', witness: 0, url: A2, outcome: 'confirmed', reason: null }]);
  assert.deepEqual(events.filter((e) => e.type === 'verified').map((e) => e.height), r.verifiedHeights);
  assert.equal(events.find((e) => e.type === 'verified' && e.height === vector.target).hashHex, want.hash);
  assert.ok(kinds.lastIndexOf('fetched') < kinds.indexOf('witness') && kinds.indexOf('witness') < kinds.indexOf('verified'), kinds.join(','));

  // Every request went to a node, as CometBFT RPC GETs.
  for (const c of fetch.calls) {
    assert.equal(c.method, 'GET');
    assert.match(c.url, /^http:\/\/a2?\.test:26657\/(commit|validators)\?height=\d+(&page=\d+&per_page=100)?$/, c.url);
  }

  // Again: the target is trusted, nothing is fetched.
  const calls = fetch.calls.length;
  const again = await client.syncTo(vector.target, { now: NOW });
  assert.deepEqual(again.verifiedHeights, []);
  assert.equal(again.lightBlocksFetched, 0);
  assert.equal(again.header.hashHex, want.hash);
  assert.equal(fetch.calls.length, calls);
  assert.ok(again.witnesses.every((w) => w.outcome === 'not_asked'));
});

test('network vector: a witness on the fork → AttackError with the recorded evidence both ways; nothing trusted', async () => {
  const fetch = fakeFetch(nodes());
  // Height 1 is the same block on both networks: the trust root is established.
  const { client } = await connect(A, [B], fetch);
  assert.deepEqual(client.trustedHeights(), [1]);
  const events = [];
  const e = await rejection(client.syncTo(vector.target, { now: NOW, onProgress: (ev) => events.push(ev) }), 'fork');
  const want = vector.expected.attack;
  assert.equal(e.code, 'cometbft.attack', e.message);
  assert.equal(e.errorClass, 'forged');
  assert.equal(e.attack.height, want.height);
  assert.equal(e.attack.witness, 0);
  assert.equal(e.attack.witnessUrl, B);
  assert.equal(e.attack.primaryUrl, A);
  assert.equal(e.attack.kind, want.against_primary.kind);
  for (const [got, exp, reportTo] of [[e.attack.againstPrimary, want.against_primary, B], [e.attack.againstWitness, want.against_witness, A]]) {
    assert.ok(got, 'evidence present');
    assert.equal(got.protoHex, exp.proto_hex, 'proto bytes identical to what the nodes accepted');
    assert.equal(got.hashHex, exp.hash);
    assert.equal(got.kind, exp.kind);
    assert.equal(got.commonHeight, exp.common_height);
    assert.equal(got.conflictingHeight, exp.conflicting_height);
    assert.deepEqual(got.byzantineValidators, exp.byzantine_validators);
    assert.equal(got.totalVotingPower, String(exp.total_voting_power));
    assert.equal(got.timestamp, exp.timestamp);
    assert.equal(got.reportTo, reportTo);
    assert.equal(got.json.type, 'tendermint/LightClientAttackEvidence');
    assert.equal(got.json.value.CommonHeight, String(exp.common_height));
  }
  assert.deepEqual(e.witnesses, [{ url: B, outcome: 'conflict', reason: null, code: null }]);
  assert.deepEqual(events.filter((ev) => ev.type === 'attack'), [{ type: 'attack', height: want.height, witness: 0, url: B, kind: want.against_primary.kind }]);
  assert.equal(events.filter((ev) => ev.type === 'verified').length, 0, 'nothing announced as trusted');
  assert.deepEqual(client.trustedHeights(), [1], 'the trusted state did not advance');

  // Reporting: against the primary to the witness, against the witness to the primary, as
  // JSON-RPC broadcast_evidence with CometBFT's JSON.
  const reports = await client.reportEvidence(e);
  assert.deepEqual(reports.map((r) => [r.evidence, r.node, r.accepted, r.hash]), [
    ['againstPrimary', B, true, 'EVIDENCE-1'],
    ['againstWitness', A, true, 'EVIDENCE-2'],
  ]);
  assert.deepEqual(fetch.evidence.map((p) => p.node), [B, A]);
  for (const [i, ev] of [e.attack.againstPrimary, e.attack.againstWitness].entries()) {
    const { body } = fetch.evidence[i];
    assert.deepEqual(Object.keys(body).sort(), ['id', 'jsonrpc', 'method', 'params']);
    assert.equal(body.jsonrpc, '2.0');
    assert.equal(body.method, 'broadcast_evidence');
    assert.deepEqual(body.params.evidence, ev.json);
  }
  // The attack object itself works too; a URL that is not one of the client's nodes does not.
  assert.equal((await client.reportEvidence(e.attack)).length, 2);
  const tampered = { ...e.attack, againstWitness: null, againstPrimary: { ...e.attack.againstPrimary, reportTo: 'http://elsewhere.test' } };
  assert.equal((await rejection(client.reportEvidence(tampered), 'foreign node')).code, 'input.invalid');

  // Roles swapped (primary on the fork, witness on a): an attack too, the other way round.
  const { client: swapped } = await connect(B, [A], fetch);
  const e2 = await rejection(swapped.syncTo(vector.target, { now: NOW }), 'swapped');
  assert.equal(e2.code, 'cometbft.attack');
  assert.equal(e2.attack.witnessUrl, A);
  assert.deepEqual(swapped.trustedHeights(), [1]);
});

test('network vector: toJSON / restore, then syncing again; "latest"; backwards', async () => {
  const fetch = fakeFetch(nodes());
  const { client } = await connect(A, [A2], fetch);
  await client.syncTo(21, { now: NOW });
  const saved = client.toJSON();
  assert.equal(typeof saved, 'string');
  const config = { primary: A, witnesses: [A2], fetch, ...root };
  const restored = LightClient.restore(saved, config);
  assert.deepEqual(restored.trustedHeights(), client.trustedHeights());
  assert.equal(restored.toJSON(), saved);
  // Resumes from 21 (not from the root): the primary's latest (40), then the witness.
  const r = await restored.syncTo('latest', { now: NOW });
  assert.equal(r.header.height, vector.target);
  assert.equal(r.header.hashHex, vector.expected.honest.hash);
  assert.equal(r.startHeight, 21);
  assert.deepEqual(r.verifiedHeights, [vector.target]);
  assert.equal(r.witnesses[0].outcome, 'confirmed');
  // Up to date: "latest" again verifies nothing new.
  const same = await restored.syncTo('latest', { now: NOW });
  assert.deepEqual(same.verifiedHeights, []);
  assert.equal(same.header.height, vector.target);
  // Backwards by hash links from 21 (within 8 heights): no witness needed.
  const back = await restored.syncTo(17, { now: NOW });
  assert.equal(back.header.height, 17);
  assert.equal(back.header.hashHex, vector.a[16].signed_header.commit.block_id.hash);
  assert.ok(back.witnesses.every((w) => w.outcome === 'not_asked'));
  assert.ok(restored.trustedHeights().includes(17));

  // A state from another trust root is refused; one without the root's height is not checked.
  const wrong = '00'.repeat(32);
  assert.equal(rejection0(() => LightClient.restore(saved, { ...config, trustedHash: wrong })).code, 'cometbft.trust.root_mismatch');
  // The state is plain text (localStorage / IndexedDB); garbage is refused with a code.
  assert.equal(rejection0(() => LightClient.restore('[]', config)).code, 'cometbft.schedule');
  assert.equal(rejection0(() => LightClient.restore('{"x":1}', config)).code, 'cometbft.decode');
  assert.equal(rejection0(() => LightClient.restore(saved, { ...config, witnesses: [] })).code, 'cometbft.witness.none');
  // A client made with `new LightClient` has no nodes.
  const offline = LightClient.fromJSON(saved);
  assert.equal(offline.primary, null);
  assert.equal((await rejection(offline.syncTo(40), 'no nodes')).code, 'input.invalid');
});

function rejection0(fn) {
  try {
    fn();
  } catch (e) {
    assert.equal(typeof e.code, 'string', e.message);
    return e;
  }
  assert.fail('expected a throw');
}

test('network: AbortSignal aborts promptly (pending fetch aborted, typed error, state unchanged)', async () => {
  const { client } = await connect(A, [A2], fakeFetch(nodes()));
  // The primary hangs: the sync waits in its fetch until the signal fires.
  const hanging = hangingFetch();
  const stuck = LightClient.restore(client.toJSON(), { primary: A, witnesses: [A2], fetch: hanging, timeoutMs: 600_000 });
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(new Error('user navigated away')), 50);
  const e = await rejection(stuck.syncTo(40, { now: NOW, signal: controller.signal }), 'abort');
  const took = Date.now() - started;
  assert.equal(e.code, 'net.aborted');
  assert.equal(e.errorClass, 'network');
  assert.equal(e.name, 'AbortError');
  assert.equal(e.cause?.message, 'user navigated away');
  assert.ok(took < 2000, `aborted after ${took} ms`);
  assert.equal(hanging.calls.length, 1, 'one request was pending');
  assert.deepEqual(stuck.trustedHeights(), [1]);
  // A signal that already fired: nothing is fetched.
  const before = hanging.calls.length;
  const pre = await rejection(stuck.syncTo(40, { now: NOW, signal: AbortSignal.abort() }), 'pre-aborted');
  assert.equal(pre.code, 'net.aborted');
  assert.equal(hanging.calls.length, before);
  // connect too.
  const c = new AbortController();
  setTimeout(() => c.abort(), 20);
  const ce = await rejection(LightClient.connect({ primary: A, witnesses: [A2], ...root, fetch: hanging, signal: c.signal, now: NOW }), 'connect abort');
  assert.equal(ce.code, 'net.aborted');
  // One syncTo at a time per client.
  const c2 = new AbortController();
  const first = stuck.syncTo(40, { now: NOW, signal: c2.signal });
  assert.equal((await rejection(stuck.syncTo(40, { now: NOW }), 'concurrent')).code, 'input.invalid');
  c2.abort();
  assert.equal((await rejection(first, 'aborted first')).code, 'net.aborted');
});

test('network: timeouts and bounded retries; a failing primary is replaced by a witness', async () => {
  // Every node hangs: each request times out after retries, then the call fails as a network error.
  const hanging = hangingFetch();
  const events = [];
  const e = await rejection(
    LightClient.connect({ primary: A, witnesses: [A2], ...root, fetch: hanging, timeoutMs: 30, retries: 1, now: NOW, onProgress: (ev) => events.push(ev) }),
    'all hanging',
  );
  assert.equal(e.code, 'net.timeout', e.message);
  assert.equal(e.errorClass, 'network');
  assert.deepEqual(e.nodeErrors.map((n) => [n.url, n.code]), [[A, 'net.timeout'], [A2, 'net.timeout']]);
  assert.equal(typeof e.cause?.code, 'string', 'the core error is the cause');
  assert.equal(hanging.calls.length, 4, 'two attempts per node (retries: 1)');
  assert.deepEqual(events.filter((ev) => ev.type === 'retry').map((ev) => [ev.url.split('/commit')[0], ev.attempt, ev.code]), [[A, 1, 'net.timeout'], [A2, 1, 'net.timeout']]);

  // The primary refuses connections (a network error, retried); the witness serves: it stands in.
  let refused = 0;
  const fetch = fakeFetch(nodes(), { hooks: { [A]: () => { refused++; throw new TypeError('fetch failed'); } } });
  const ev2 = [];
  const { client } = await connect(A, [A2], fetch, { retries: 2, onProgress: (ev) => ev2.push(ev) });
  assert.equal(refused, 3);
  assert.deepEqual(client.trustedHeights(), [1]);
  assert.ok(ev2.some((ev) => ev.type === 'node_error' && ev.url === A && ev.code === 'net.unreachable'), JSON.stringify(ev2));
  // With the only witness standing in as primary, nobody is left to confirm a new header.
  const nc = await rejection(client.syncTo(40, { now: NOW }), 'no one to confirm');
  assert.ok(['cometbft.witness.none', 'cometbft.witness.not_confirmed', 'net.unreachable', 'cometbft.provider'].includes(nc.code), `${nc.code}: ${nc.message}`);
  assert.deepEqual(client.trustedHeights(), [1]);

  // 5xx without a JSON-RPC error is retried, then succeeds.
  let flaky = 0;
  const flakyFetch = fakeFetch(nodes(), { hooks: { [A]: (url, init, serve) => (flaky++ < 1 ? new Response('', { status: 503 }) : serve()) } });
  const { client: c3 } = await connect(A, [A2], flakyFetch, { retries: 1 });
  const r3 = await c3.syncTo(40, { now: NOW });
  assert.equal(r3.header.hashHex, vector.expected.honest.hash);
  assert.equal(r3.primary, A);
});

test('network: response caps and the RPC checks (height, chain, page totals) drop a misbehaving witness', async () => {
  const base = nodes();
  const over = 1 << 20;
  const bigBody = JSON.stringify({ jsonrpc: '2.0', id: -1, result: { pad: 'x'.repeat(over) } });
  const cases = [
    // A body over maxResponseBytes, with and without a declared length.
    ['too large', (url, init, serve) => jsonResponse(bigBody), 'net.too_large'],
    ['too large (stream)', () => new Response(new ReadableStream({ pull(c) { c.enqueue(new Uint8Array(64 * 1024)); } }), { status: 200 }), 'net.too_large'],
    // /commit of another height than asked.
    ['wrong height', async (url, init, serve) => {
      const u = new URL(url);
      if (u.pathname === '/commit' && u.searchParams.get('height') === '40') {
        return jsonResponse({ jsonrpc: '2.0', id: -1, result: { signed_header: vector.a[38].signed_header, canonical: true } });
      }
      return serve();
    }, 'net.malformed'],
    // /validators for another height.
    ['validators height', async (url, init, serve) => {
      const r = await serve();
      if (!url.includes('/validators')) return r;
      const v = await r.json();
      v.result.block_height = '1';
      return jsonResponse(v);
    }, 'net.malformed'],
    // A total that says there are more pages than there are.
    ['page total', async (url, init, serve) => {
      const r = await serve();
      if (!url.includes('/validators')) return r;
      const v = await r.json();
      if (v.result) v.result.total = '250';
      return jsonResponse(v, r.status);
    }, 'net.rpc_error'],
    // Another chain.
    ['chain', async (url, init, serve) => {
      const r = await serve();
      if (!url.includes('/commit')) return r;
      const v = await r.json();
      v.result.signed_header.header.chain_id = 'other-chain';
      return jsonResponse(v);
    }, 'net.wrong_chain'],
    // Not JSON at all.
    ['garbage', () => new Response('<html>gateway</html>', { status: 200 }), 'net.malformed'],
  ];
  for (const [label, hook, code] of cases) {
    const fetch = fakeFetch(base, { hooks: { [A2]: (url, init, serve) => (url.includes('height=1&') || url.endsWith('height=1') ? serve() : hook(url, init, serve)) } });
    const { client } = await connect(A, [A2], fetch, { maxResponseBytes: 256 * 1024 });
    const events = [];
    const e = await rejection(client.syncTo(40, { now: NOW, onProgress: (ev) => events.push(ev) }), label);
    assert.equal(e.code, 'cometbft.witness.not_confirmed', `${label}: ${e.message}`);
    assert.equal(e.witnesses[0].outcome, 'dropped', `${label}: ${JSON.stringify(e.witnesses)}`);
    assert.ok(e.nodeErrors.some((n) => n.url === A2 && n.code === code), `${label}: ${JSON.stringify(e.nodeErrors)}`);
    assert.ok(events.some((ev) => ev.type === 'node_error' && ev.code === code), label);
    assert.deepEqual(client.trustedHeights(), [1], `${label}: nothing trusted`);
  }

  // A pruned witness is not dropped, only silent (no_response): still not confirmed.
  const pruned = fakeFetch(base, { lowest: { [A2]: 30 }, hooks: {} });
  const { client: pc } = await connect(A, [A2], fakeFetch(base));
  const prunedClient = LightClient.restore(pc.toJSON(), { primary: A, witnesses: [A2, B], fetch: pruned });
  // Witness B (the fork) is asked after the pruned one: an attack, not a confirmation.
  const pe = await rejection(prunedClient.syncTo(25, { now: NOW }), 'pruned then fork');
  assert.equal(pe.code, 'cometbft.attack');
  assert.deepEqual(pe.witnesses.map((w) => w.outcome), ['no_response', 'conflict']);
});

test('network: arguments are checked (zero witnesses, URLs, trust root, options)', async () => {
  const fetch = fakeFetch(nodes());
  const bad = async (config, code, label) => {
    const e = await rejection(LightClient.connect({ primary: A, witnesses: [A2], ...root, fetch, now: NOW, ...config }), label);
    assert.equal(e.code, code, `${label}: ${e.message}`);
    return e;
  };
  await bad({ witnesses: [] }, 'cometbft.witness.none', 'zero witnesses');
  await bad({ witnesses: undefined }, 'cometbft.witness.none', 'no witnesses');
  await bad({ primary: 'ftp://x' }, 'input.invalid', 'scheme');
  await bad({ witnesses: ['http://a?b=1'] }, 'input.invalid', 'query');
  await bad({ witnesses: 'http://a' }, 'input.invalid', 'witnesses not an array');
  await bad({ trustedHash: 'zz' }, 'input.invalid', 'hash hex');
  await bad({ trustedHash: 'ab' }, 'input.invalid', 'hash length');
  await bad({ trustedHeight: 0 }, 'input.invalid', 'height 0');
  await bad({ timeoutMs: 0 }, 'input.invalid', 'timeout');
  await bad({ retries: 99 }, 'input.invalid', 'retries');
  await bad({ trustingPeriod: 5 }, 'input.invalid', 'unknown key');
  await bad({ fetch: 'no' }, 'input.invalid', 'fetch');
  await bad({ signal: {} }, 'input.invalid', 'signal');
  // A trusted hash that is not the block's.
  await bad({ trustedHash: '11'.repeat(32) }, 'cometbft.trust.root_mismatch', 'root mismatch');
  // A trust root beyond the trusting period at `now`.
  await bad({ now: NOW + 30 * 86400 * 1000 }, 'cometbft.trust.expired', 'expired root');
  // A witness serving another block at the trusted height stops everything (the fork parts after 1).
  const e = await rejection(
    LightClient.connect({ primary: A, witnesses: [A2, B], trustedHeight: 2, trustedHash: vector.a[1].signed_header.commit.block_id.hash, fetch, now: NOW }),
    'root conflict',
  );
  assert.equal(e.code, 'cometbft.schedule', e.message);
  assert.match(e.message, /different block at the trusted height/);
  const { client } = await connect(A, [A2], fetch);
  assert.equal((await rejection(client.syncTo(0), 'height 0')).code, 'input.invalid');
  assert.equal((await rejection(client.syncTo('soon'), 'height text')).code, 'input.invalid');
  assert.equal((await rejection(client.syncTo(40, { now: NOW, speed: 1 }), 'sync key')).code, 'input.invalid');
});
