// Live test of the npm package's networked light client against a real CometBFT network (the
// devnet of scripts/devnet start --fork), through the packed tarball installed into a fresh
// project as a user would install it.
//
//   LC_PRIMARY=http://127.0.0.1:26657 LC_WITNESS=http://127.0.0.2:26657 LC_FORK=http://127.0.1.1:26657 \
//   LC_TRUSTED_HASH=<hash of height 1> node wasm/tests-js/network.mjs [path/to/lightcheck-X.Y.Z.tgz]
//
// Optional: LC_TRUSTED_HEIGHT (default 1); LC_REPORT_EVIDENCE=0 skips posting the attack's
// evidence to the nodes (by default both must accept it through /broadcast_evidence; CometBFT
// 0.38 answers evidence it already holds with its hash again, so reruns pass).
//
// 1. connect (trust root from height LC_TRUSTED_HEIGHT / LC_TRUSTED_HASH, witness LC_WITNESS),
//    syncTo("latest"): the height, the witness's confirmation, and the target hash equal to the
//    primary's /commit block_id.hash at that height;
// 2. toJSON / restore, then syncTo("latest") again: resumes from the saved height;
// 3. an AbortSignal that fires mid-sync rejects promptly with net.aborted;
// 4. primary LC_PRIMARY + witness LC_FORK: rejects with code cometbft.attack and the evidence
//    both ways; the trusted state does not change; reportEvidence posts it, both networks accept
//    it, and the hash each node returns is the evidence's.
// Exits non-zero on the first failure. Without the tarball argument it uses the one wasm/build
// packed (target/wasm/lightcheck-<version>.tgz).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function fail(message) {
  console.error(`network.mjs: FAILED: ${message}`);
  process.exit(1);
}

// ---- outside: install the tarball into a fresh project and run this file there ---------------
if (!process.env.LC_NETWORK_INSTALLED) {
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
  for (const v of ['LC_PRIMARY', 'LC_WITNESS', 'LC_FORK', 'LC_TRUSTED_HASH']) {
    if (!process.env[v]) fail(`${v} is not set (see the header of ${path.relative(process.cwd(), fileURLToPath(import.meta.url))})`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lightcheck-network-test-'));
  let status = 1;
  try {
    console.log(`== installing ${path.basename(tgz)} into a fresh project (${tmp})`);
    execFileSync('npm', ['init', '-y'], { cwd: tmp, stdio: 'ignore' });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', tgz], { cwd: tmp, stdio: 'inherit' });
    fs.copyFileSync(fileURLToPath(import.meta.url), path.join(tmp, 'network.mjs'));
    const child = spawnSync(process.execPath, ['network.mjs'], {
      cwd: tmp,
      stdio: 'inherit',
      env: { ...process.env, LC_NETWORK_INSTALLED: '1' },
    });
    status = child.status ?? 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(status);
}

// ---- inside the fresh project: the test ------------------------------------------------------
const { default: init, LightClient } = await import('lightcheck');
await init();

const PRIMARY = process.env.LC_PRIMARY;
const WITNESS = process.env.LC_WITNESS;
const FORK = process.env.LC_FORK;
const TRUSTED_HEIGHT = Number(process.env.LC_TRUSTED_HEIGHT || 1);
const TRUSTED_HASH = process.env.LC_TRUSTED_HASH;
const REPORT = process.env.LC_REPORT_EVIDENCE !== '0';

let step = 'setup';
let checks = 0;
function check(cond, message) {
  if (!cond) throw new Error(message);
  checks++;
}
const ok = (message) => console.log(`ok   ${message}`);

/** The primary's own /commit block_id hash at `height` (what an explorer would show). */
async function commitHash(url, height) {
  const r = await fetch(`${url}/commit?height=${height}`);
  check(r.ok, `${url}/commit?height=${height}: HTTP ${r.status}`);
  return (await r.json()).result.signed_header.commit.block_id.hash;
}

function progressLogger(label) {
  const counts = {};
  const log = (e) => {
    counts[e.type] = (counts[e.type] || 0) + 1;
    if (e.type === 'witness' || e.type === 'attack' || e.type === 'waiting' || e.type === 'retry' || e.type === 'node_error') {
      console.log(`     ${label}: ${JSON.stringify(e)}`);
    }
  };
  log.counts = counts;
  return log;
}

async function main() {
  const config = { primary: PRIMARY, witnesses: [WITNESS], trustedHeight: TRUSTED_HEIGHT, trustedHash: TRUSTED_HASH };

  step = 'connect (trust root)';
  let progress = progressLogger('connect');
  const client = await LightClient.connect({ ...config, onProgress: progress });
  check(JSON.stringify(client.trustedHeights()) === JSON.stringify([TRUSTED_HEIGHT]), `trusted heights ${client.trustedHeights()}`);
  check(progress.counts.fetched >= 2, `the root and the witness's root were fetched: ${JSON.stringify(progress.counts)}`);
  ok(`connected: trust root ${TRUSTED_HEIGHT} ${TRUSTED_HASH.slice(0, 12)}… confirmed against ${WITNESS}`);

  step = 'syncTo("latest")';
  progress = progressLogger('sync');
  const started = Date.now();
  const r = await client.syncTo('latest', { onProgress: progress });
  check(r.header.height > TRUSTED_HEIGHT, `height ${r.header.height}`);
  check(r.witnesses.length === 1 && r.witnesses[0].outcome === 'confirmed', `witnesses ${JSON.stringify(r.witnesses)}`);
  check(r.verifiedHeights[r.verifiedHeights.length - 1] === r.header.height, `verified ${r.verifiedHeights}`);
  const primaryHash = await commitHash(PRIMARY, r.header.height);
  check(r.header.hashHex === primaryHash.toUpperCase(), `target hash ${r.header.hashHex} vs the primary's /commit ${primaryHash}`);
  check(progress.counts.verified === r.verifiedHeights.length && progress.counts.witness === 1, `progress ${JSON.stringify(progress.counts)}`);
  ok(`synced ${TRUSTED_HEIGHT} → ${r.header.height} (${r.header.time}) in ${Date.now() - started} ms: verified ${r.verifiedHeights.join(', ')}; ` +
    `${r.lightBlocksFetched} light blocks, ${r.httpRequests} HTTP requests; witness ${r.witnesses[0].outcome}; hash ${r.header.hashHex} = /commit`);

  step = 'toJSON / restore / syncTo("latest")';
  const saved = client.toJSON();
  const restored = LightClient.restore(saved, config);
  check(JSON.stringify(restored.trustedHeights()) === JSON.stringify(client.trustedHeights()), 'restored heights');
  await new Promise((resolve) => setTimeout(resolve, 1500)); // a few more blocks
  const r2 = await restored.syncTo('latest');
  check(r2.startHeight === r.header.height, `resumed from ${r2.startHeight}, expected ${r.header.height}`);
  check(r2.header.height > r.header.height, `second sync reached ${r2.header.height}`);
  check(r2.witnesses[0].outcome === 'confirmed', `witnesses ${JSON.stringify(r2.witnesses)}`);
  check(r2.header.hashHex === (await commitHash(PRIMARY, r2.header.height)).toUpperCase(), 'second target hash = /commit');
  ok(`restored from ${saved.length} bytes of state and synced ${r2.startHeight} → ${r2.header.height} (${r2.lightBlocksFetched} light blocks)`);

  step = 'AbortSignal';
  const fresh = await LightClient.connect(config);
  const heightsBefore = JSON.stringify(fresh.trustedHeights());
  const controller = new AbortController();
  const t0 = Date.now();
  const pending = fresh.syncTo('latest', { signal: controller.signal });
  setTimeout(() => controller.abort(), 5);
  try {
    await pending;
    check(false, 'a sync beyond the chain resolved');
  } catch (e) {
    check(e.code === 'net.aborted' && e.name === 'AbortError', `abort: ${e.code} ${e.message}`);
  }
  check(Date.now() - t0 < 2000, `aborted after ${Date.now() - t0} ms`);
  check(JSON.stringify(fresh.trustedHeights()) === heightsBefore, 'state unchanged by the aborted sync');
  ok(`aborted mid-sync in ${Date.now() - t0} ms with net.aborted; state unchanged`);

  step = 'attack: primary + the fork as witness';
  const forkClient = await LightClient.connect({ ...config, witnesses: [FORK], maxBlockLagSecs: 2 });
  const forkHeights = JSON.stringify(forkClient.trustedHeights());
  progress = progressLogger('fork');
  let attackError = null;
  try {
    const r3 = await forkClient.syncTo('latest', { onProgress: progress });
    check(false, `the sync with the fork as witness resolved: ${JSON.stringify(r3.witnesses)}`);
  } catch (e) {
    attackError = e;
  }
  check(attackError.code === 'cometbft.attack', `expected cometbft.attack, got ${attackError.code}: ${attackError.message}`);
  const a = attackError.attack;
  check(a && a.witnessUrl === FORK.replace(/\/+$/, '') && a.primaryUrl === PRIMARY.replace(/\/+$/, ''), `attack ${JSON.stringify(a && { w: a.witnessUrl, p: a.primaryUrl })}`);
  for (const [name, ev] of [['againstPrimary', a.againstPrimary], ['againstWitness', a.againstWitness]]) {
    check(ev, `${name} evidence present`);
    check(/^[0-9A-F]{64}$/.test(ev.hashHex), `${name}.hashHex ${ev.hashHex}`);
    check(/^[0-9a-f]+$/.test(ev.protoHex) && ev.protoHex.length > 200, `${name}.protoHex`);
    check(['lunatic', 'equivocation', 'amnesia'].includes(ev.kind), `${name}.kind ${ev.kind}`);
    check(ev.commonHeight >= TRUSTED_HEIGHT && ev.commonHeight <= a.height, `${name}.commonHeight ${ev.commonHeight}`);
    check(ev.json?.type === 'tendermint/LightClientAttackEvidence', `${name}.json`);
  }
  check(progress.counts.attack === 1 && !progress.counts.verified, `progress ${JSON.stringify(progress.counts)}`);
  check(JSON.stringify(forkClient.trustedHeights()) === forkHeights, 'the trusted state did not advance on attack');
  ok(`attack detected at height ${a.height} (${a.kind}, common height ${a.againstPrimary.commonHeight}): evidence against the primary ` +
    `${a.againstPrimary.hashHex.slice(0, 16)}… (${a.againstPrimary.protoHex.length / 2} bytes), against the witness ${a.againstWitness.hashHex.slice(0, 16)}…; state unchanged`);

  if (REPORT) {
    step = 'reportEvidence';
    const reports = await forkClient.reportEvidence(attackError);
    for (const rep of reports) console.log(`     ${rep.evidence} → ${rep.node}: ${rep.accepted ? `accepted (${rep.hash})` : `refused: ${rep.error.code} ${rep.error.message}`}`);
    check(reports.length === 2 && reports.every((rep) => rep.accepted), 'both nodes accepted the evidence');
    // The node reports the evidence hash as base64 (CometBFT's JSON for bytes): the same hash.
    for (const [rep, ev] of [[reports[0], a.againstPrimary], [reports[1], a.againstWitness]]) {
      check(Buffer.from(rep.hash, 'base64').toString('hex').toUpperCase() === ev.hashHex, `${rep.evidence}: node hash ${rep.hash} vs ${ev.hashHex}`);
    }
    ok('evidence accepted by both networks');
  }
}

try {
  await main();
  console.log(`\nnetwork.mjs: all ${checks} checks passed`);
} catch (e) {
  console.error(`\nnetwork.mjs: FAILED at step "${step}": ${e.code ? `${e.code}: ` : ''}${e.message}`);
  if (e.nodeErrors) console.error(`  node errors: ${JSON.stringify(e.nodeErrors)}`);
  process.exit(1);
}
