// Live test of the npm package's collectSettlementBundle against a real OpenGradient-shaped chain
// (scripts/ognet start --fork: 4 validators on 127.0.2.1–.4, the fork on 127.0.3.1–.4), through the
// packed tarball installed into a fresh project as a user would install it.
//
//   OG_PRIMARY=http://127.0.2.1:26657 OG_WITNESS=http://127.0.2.2:26657 OG_FORK=http://127.0.3.1:26657 \
//   OG_TRUSTED_HASH=<hash of height 1> OG_CONTRACT=<relay: ogchain addresses .relay> \
//   OG_SETTLED_DIR=<dir> OG_PENDING_DIR=<dir> node wasm/tests-js/settle.mjs [path/to/lightcheck-X.Y.Z.tgz]
//
// Inputs (environment):
//   OG_PRIMARY, OG_WITNESS   the chain's primary and a witness (RPC base URLs)
//   OG_FORK                  a node of the fork (same genesis and validators, conflicting blocks)
//   OG_TRUSTED_HASH          the block hash at OG_TRUSTED_HEIGHT (default 1), e.g. /commit?height=1
//                            result.signed_header.commit.block_id.hash
//   OG_CONTRACT              the settlement relay's address (0x + 40 hex)
//   OG_SETTLED_DIR           a `scripts/og-gateway respond --out DIR` directory whose settlement was
//                            sent (`ogchain tx individual … --node OG_PRIMARY`) and committed:
//                            request.json, response.json, key.pem, and (used when present)
//                            attestation.cbor, nitro-root.der, tls.der
//   OG_SETTLED_TX            optional: that settlement's eth_tx_hash (also collected by --tx, and
//                            `found` must match the search's)
//   OG_SETTLED_HEIGHT, OG_SETTLED_INDEX   optional: where `ogchain tx` said it landed (checked)
//   OG_PENDING_DIR           a fresh `og-gateway respond` directory never settled
// Checks, in order:
//   1. the settled response, found by searching the relay's logs: SETTLED (individual), every link
//      verified (attestation and binding too when an attestation is given), `found` = the
//      sent transaction, the progress events in order (searching, found, the light client's
//      fetching/fetched/witness/verified, results, verified {verdict}), the bundle's shape (the
//      request and response byte for byte, light blocks H and H+1, the settlement), the trusted
//      state (the trust root), and verifySettlementBundle(bundle, trusted, now) giving the same
//      report; with OG_SETTLED_TX, also collected by `tx`;
//   2. the settled response with its content changed: REJECTED at responseSignature, nothing searched;
//   3. the fresh response: PENDING, `found` null, a `not-found` event, no settlement in the bundle,
//      the same report from verifySettlementBundle;
//   4. an AbortSignal that fires mid-collection: rejects with net.aborted;
//   5. the settled response with the fork as witness: rejects with code cometbft.attack,
//      link "header_trust", the attack's evidence both ways (as LightClient.syncTo's AttackError).
// Exits non-zero on the first failure. Without the tarball argument it uses the one wasm/build
// packed (target/wasm/lightcheck-<version>.tgz).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const REQUIRED = ['OG_PRIMARY', 'OG_WITNESS', 'OG_FORK', 'OG_TRUSTED_HASH', 'OG_CONTRACT', 'OG_SETTLED_DIR', 'OG_PENDING_DIR'];

function fail(message) {
  console.error(`settle.mjs: FAILED: ${message}`);
  process.exit(1);
}

// ---- outside: install the tarball into a fresh project and run this file there ---------------
if (!process.env.LC_SETTLE_INSTALLED) {
  const repo = path.resolve(here, '..', '..');
  let tgz = process.argv[2];
  if (!tgz) {
    const pkg = path.join(repo, 'wasm', 'pkg', 'package.json');
    if (!fs.existsSync(pkg)) fail('wasm/pkg is missing: run wasm/build first');
    const version = JSON.parse(fs.readFileSync(pkg, 'utf8')).version;
    tgz = path.join(repo, 'target', 'wasm', `lightcheck-${version}.tgz`);
  }
  tgz = path.resolve(tgz);
  if (!fs.existsSync(tgz)) fail(`no tarball at ${tgz}: run wasm/build first`);
  for (const v of REQUIRED) {
    if (!process.env[v]) fail(`${v} is not set (see the header of wasm/tests-js/settle.mjs)`);
  }
  const env = { ...process.env, LC_SETTLE_INSTALLED: '1' };
  for (const v of ['OG_SETTLED_DIR', 'OG_PENDING_DIR']) env[v] = path.resolve(process.env[v]);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lightcheck-settle-test-'));
  let status = 1;
  try {
    console.log(`== installing ${path.basename(tgz)} into a fresh project (${tmp})`);
    execFileSync('npm', ['init', '-y'], { cwd: tmp, stdio: 'ignore' });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', tgz], { cwd: tmp, stdio: 'inherit' });
    fs.copyFileSync(fileURLToPath(import.meta.url), path.join(tmp, 'settle.mjs'));
    const child = spawnSync(process.execPath, ['settle.mjs'], { cwd: tmp, stdio: 'inherit', env });
    status = child.status ?? 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(status);
}

// ---- inside the fresh project: the test ------------------------------------------------------
const { default: init, collectSettlementBundle, verifySettlementBundle } = await import('lightcheck');
await init();

const E = process.env;
const TRUSTED_HEIGHT = Number(E.OG_TRUSTED_HEIGHT || 1);
const strip = (u) => u.replace(/\/+$/, '');

let step = 'setup';
let checks = 0;
function check(cond, message) {
  if (!cond) throw new Error(message);
  checks++;
}
const ok = (message) => console.log(`ok   ${message}`);

/** What a response directory holds, as collectSettlementBundle options. */
function held(dir) {
  const text = (f) => fs.readFileSync(path.join(dir, f), 'utf8');
  const bytes = (f) => new Uint8Array(fs.readFileSync(path.join(dir, f)));
  const has = (f) => fs.existsSync(path.join(dir, f));
  const o = { request: text('request.json'), response: text('response.json'), signingKey: text('key.pem') };
  if (has('attestation.cbor')) o.attestation = bytes('attestation.cbor');
  if (has('tls.der') && o.attestation) o.tlsCertificate = bytes('tls.der');
  if (has('nitro-root.der')) o.nitroRoots = [bytes('nitro-root.der')];
  return o;
}

function base(witness = E.OG_WITNESS) {
  return { primary: E.OG_PRIMARY, witnesses: [witness], trustedHeight: TRUSTED_HEIGHT, trustedHash: E.OG_TRUSTED_HASH, contract: E.OG_CONTRACT };
}

function recorder() {
  const events = [];
  const log = (e) => events.push(e);
  log.events = events;
  log.types = () => events.map((e) => (e.type === 'verified' && 'verdict' in e ? 'verified:verdict' : e.type));
  return log;
}

/** The report verifySettlementBundle gives for the collected files must be the one returned. */
function sameReport(c, now, what) {
  const again = verifySettlementBundle(c.bundle, c.trusted, now);
  check(JSON.stringify(again) === JSON.stringify(c.report), `${what}: verifySettlementBundle disagrees:\n  ${JSON.stringify(again)}\n  ${JSON.stringify(c.report)}`);
}

async function main() {
  const settled = held(E.OG_SETTLED_DIR);
  const attested = Boolean(settled.attestation);

  step = '1. settled: found by searching the relay logs';
  let now = Date.now();
  let progress = recorder();
  const c = await collectSettlementBundle({ ...base(), ...settled, now, onProgress: progress });
  const s = c.report.summary;
  check(s.verdict === 'settled' && s.mode === 'individual', `verdict ${JSON.stringify(s)}; links ${JSON.stringify(c.report.links)}`);
  for (const [name, link] of Object.entries(c.report.links)) {
    const want = attested || !['attestation', 'enclaveBinding'].includes(name) ? 'verified' : 'missing';
    check(link.status === want, `link ${name}: ${link.status} (${link.detail ?? link.message}), expected ${want}`);
  }
  check(c.found && c.found.height === s.height && c.report.settlement.height === s.height && c.report.settlement.txIndex === c.found.index,
    `found ${JSON.stringify(c.found)} vs settlement ${JSON.stringify(c.report.settlement)}`);
  if (E.OG_SETTLED_HEIGHT) check(c.found.height === Number(E.OG_SETTLED_HEIGHT), `found at ${c.found.height}, sent at ${E.OG_SETTLED_HEIGHT}`);
  if (E.OG_SETTLED_INDEX) check(c.found.index === Number(E.OG_SETTLED_INDEX), `found index ${c.found.index}, sent ${E.OG_SETTLED_INDEX}`);
  if (E.OG_SETTLED_TX) check(c.report.settlement.ethTxHash.toLowerCase() === E.OG_SETTLED_TX.toLowerCase(), `eth tx ${c.report.settlement.ethTxHash}`);
  // Progress, in order.
  const types = progress.types();
  const order = ['searching', 'found', 'fetching', 'fetched', 'witness', 'verified', 'results', 'verified:verdict'];
  let at = -1;
  for (const t of order) {
    const i = types.indexOf(t, at + 1);
    check(i > at, `progress: ${t} after index ${at} in ${types.join(',')}`);
    at = i;
  }
  check(types[types.length - 1] === 'verified:verdict' && progress.events.at(-1).verdict === 'settled', 'the last event is the verdict');
  const searching = progress.events.find((e) => e.type === 'searching');
  check(searching.page === 1 && /^tx_log\.txLog CONTAINS '0x[0-9a-f]{64}'$/.test(searching.query), `searching ${JSON.stringify(searching)}`);
  const verifiedHeights = progress.events.filter((e) => e.type === 'verified' && 'height' in e).map((e) => e.height);
  check(verifiedHeights.includes(c.found.height) && verifiedHeights.includes(c.found.height + 1), `verified heights ${verifiedHeights}`);
  check(progress.events.some((e) => e.type === 'results' && e.height === c.found.height), 'results of H');
  // The bundle and the trusted state.
  const bundle = JSON.parse(c.bundle);
  check(bundle.format === 'lightcheck-settlement-bundle' && bundle.version === 1, `bundle header ${bundle.format} ${bundle.version}`);
  check(c.bundle.includes(settled.request.trim()) && c.bundle.includes(settled.response.trim()), 'request and response kept byte for byte');
  check(bundle.signing_key === settled.signingKey, 'the signing key as given');
  check(Boolean(bundle.attestation) === attested, 'the attestation carried when given');
  const blockHeights = bundle.light_blocks.map((b) => Number(b.signed_header.header.height));
  check(blockHeights.includes(c.found.height) && blockHeights.includes(c.found.height + 1), `bundle light blocks ${blockHeights}`);
  check(bundle.settlement.height === String(c.found.height) && bundle.settlement.tx_result.index === c.found.index, `bundle settlement ${JSON.stringify(bundle.settlement.tx_result).slice(0, 200)}`);
  check(bundle.collected.primary === strip(E.OG_PRIMARY) && bundle.collected.trusted_height === TRUSTED_HEIGHT &&
    bundle.collected.trusted_hash === E.OG_TRUSTED_HASH.toUpperCase(), `collected ${JSON.stringify(bundle.collected)}`);
  const trusted = JSON.parse(c.trusted);
  check(trusted.format === 'lightcheck-trusted-state' && trusted.settlement_contract === E.OG_CONTRACT.toLowerCase() &&
    trusted.light_blocks.length === 1 && Number(trusted.light_blocks[0].signed_header.header.height) === TRUSTED_HEIGHT,
  `trusted ${c.trusted.slice(0, 300)}`);
  check(Boolean(trusted.nitro_roots) === Boolean(settled.nitroRoots), 'nitro roots written when given');
  check(c.stats.httpRequests > 0 && c.stats.lightBlocksFetched >= 2 && c.stats.bundleBytes === Buffer.byteLength(c.bundle) && c.stats.elapsedMs >= 0,
    `stats ${JSON.stringify(c.stats)}`);
  sameReport(c, now, 'settled');
  ok(`SETTLED at height ${s.height} (${s.time}), index ${c.found.index}, found by searching; ${c.stats.httpRequests} HTTP requests, ` +
    `${c.stats.lightBlocksFetched} light blocks, ${c.stats.bundleBytes} bytes, ${c.stats.elapsedMs} ms; every link ${attested ? '' : '(but the attestation) '}verified; ` +
    'verifySettlementBundle(bundle, trusted) gives the same report');

  if (E.OG_SETTLED_TX) {
    step = '1b. settled: by the Ethereum transaction hash';
    now = Date.now();
    const byTx = await collectSettlementBundle({ ...base(), ...settled, tx: E.OG_SETTLED_TX, now });
    check(byTx.report.summary.verdict === 'settled', `by tx: ${JSON.stringify(byTx.report.summary)}`);
    check(JSON.stringify(byTx.found) === JSON.stringify(c.found), `by tx found ${JSON.stringify(byTx.found)} vs ${JSON.stringify(c.found)}`);
    check(JSON.parse(byTx.bundle).collected.search.query === `ethereum_tx.ethereumTxHash='${E.OG_SETTLED_TX.toLowerCase()}'`, 'searched by the tx hash');
    sameReport(byTx, now, 'by tx');
    ok(`SETTLED again by tx ${E.OG_SETTLED_TX.slice(0, 12)}… (same block and index)`);
  }

  step = '2. a forged response: rejected, not searched';
  const forged = JSON.parse(settled.response);
  forged.choices[0].message.content += ' (edited)';
  progress = recorder();
  now = Date.now();
  const r = await collectSettlementBundle({ ...base(), ...settled, response: JSON.stringify(forged), now, onProgress: progress });
  check(r.report.summary.verdict === 'rejected' && r.report.summary.link === 'responseSignature', `forged: ${JSON.stringify(r.report.summary)}`);
  check(r.found === null && !progress.types().some((t) => ['searching', 'found', 'not-found', 'results'].includes(t)), `forged progress ${progress.types()}`);
  check(JSON.parse(r.bundle).settlement === undefined, 'no settlement in a forged response\'s bundle');
  sameReport(r, now, 'forged');
  ok(`a forged response: REJECTED at responseSignature (${r.report.summary.code}), nothing searched`);

  step = '3. pending: a response never settled';
  progress = recorder();
  now = Date.now();
  const p = await collectSettlementBundle({ ...base(), ...held(E.OG_PENDING_DIR), now, onProgress: progress });
  const ps = p.report.summary;
  check(ps.verdict === 'pending' && typeof ps.sinceResponseSecs === 'number' && ps.overdue === false, `pending: ${JSON.stringify(ps)}`);
  check(p.found === null && progress.types().includes('not-found') && !progress.types().includes('found'), `pending progress ${progress.types()}`);
  const pb = JSON.parse(p.bundle);
  check(pb.settlement === undefined && pb.light_blocks === undefined && pb.collected.search.pages >= 1, `pending bundle ${p.bundle.slice(-400)}`);
  sameReport(p, now, 'pending');
  ok(`a fresh response: PENDING (${ps.sinceResponseSecs} s since it was signed, bound ${ps.boundSecs} s, attested ${ps.attested}), ` +
    `${pb.collected.search.pages} page(s) searched`);

  step = '4. AbortSignal';
  const controller = new AbortController();
  const t0 = Date.now();
  const pending = collectSettlementBundle({ ...base(), ...settled, signal: controller.signal });
  setTimeout(() => controller.abort(), 5);
  try {
    await pending;
    check(false, 'an aborted collection resolved');
  } catch (e) {
    check(e.code === 'net.aborted' && e.name === 'AbortError' && e.link === undefined, `abort: ${e.code} ${e.link} ${e.message}`);
  }
  ok(`aborted in ${Date.now() - t0} ms with net.aborted`);

  step = '5. attack: the fork as witness';
  progress = recorder();
  let attack = null;
  try {
    const x = await collectSettlementBundle({ ...base(E.OG_FORK), ...settled, maxBlockLagSecs: 2, onProgress: progress });
    check(false, `the collection with the fork as witness resolved: ${JSON.stringify(x.report.summary)}`);
  } catch (e) {
    attack = e;
  }
  check(attack.code === 'cometbft.attack' && attack.link === 'header_trust', `expected cometbft.attack at header_trust, got ${attack.code} ${attack.link}: ${attack.message}`);
  const a = attack.attack;
  check(a && a.witnessUrl === strip(E.OG_FORK) && a.primaryUrl === strip(E.OG_PRIMARY), `attack ${JSON.stringify(a && { w: a.witnessUrl, p: a.primaryUrl })}`);
  for (const [name, ev] of [['againstPrimary', a.againstPrimary], ['againstWitness', a.againstWitness]]) {
    check(ev && /^[0-9A-F]{64}$/.test(ev.hashHex) && ev.json?.type === 'tendermint/LightClientAttackEvidence', `${name} evidence`);
  }
  check(Array.isArray(attack.witnesses) && attack.witnesses[0].outcome === 'conflict', `witnesses ${JSON.stringify(attack.witnesses)}`);
  check(progress.types().includes('attack') && !progress.types().includes('verified:verdict') && !progress.types().includes('results'), `attack progress ${progress.types()}`);
  ok(`the fork as witness: ${attack.code} (link ${attack.link}) at height ${a.height} (${a.kind}), evidence both ways`);
}

try {
  await main();
  console.log(`\nsettle.mjs: all ${checks} checks passed`);
} catch (e) {
  console.error(`\nsettle.mjs: FAILED at step "${step}": ${e.code ? `${e.code}: ` : ''}${e.message}`);
  if (e.nodeErrors) console.error(`  node errors: ${JSON.stringify(e.nodeErrors)}`);
  process.exit(1);
}
