// Live end-to-end test of the light-client page (wasm/www/light.html) in headless Chromium
// (playwright-core + the system browser, as e2e.mjs) against a real CometBFT network: the devnet
// of scripts/devnet start --fork, whose nodes allow any origin (CORS "*").
//
//   cd wasm/e2e && npm ci && LC_PRIMARY=http://127.0.0.1:26657 LC_WITNESS=http://127.0.0.2:26657 \
//     LC_FORK=http://127.0.1.1:26657 LC_TRUSTED_HASH=<hash of height 1> node network.mjs
//
// Optional: LC_TRUSTED_HEIGHT (default 1), CHROMIUM (default /usr/bin/chromium).
// Serves wasm/ on 127.0.0.1 (the page loads ../pkg/web/: run wasm/build first), then:
//  1. syncs from the trust root to the latest block: progress shown while it runs, the verified
//     height and hash shown (the hash equal to the primary's /commit at that height), the witness
//     confirmed, the trusted state saved in localStorage;
//  2. reloads the page: the saved state is found, and the next sync resumes from it;
//  3. Stop during a sync: the page shows it stopped (net.aborted);
//  4. with the fork as witness (state forgotten, same trust root): the attack is shown with its
//     evidence, and nothing is saved; "Report" posts the evidence to both nodes from the page (a
//     cross-origin JSON-RPC POST), and each must answer;
// and saves screenshots to target/wasm/network.png and target/wasm/network-attack.png. Exits
// non-zero on the first failure.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { CHROMIUM, launchChromium, serve } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const WASM = path.resolve(here, '..');
const REPO = path.resolve(WASM, '..');
const SHOTS = path.join(REPO, 'target', 'wasm');
const { LC_PRIMARY, LC_WITNESS, LC_FORK, LC_TRUSTED_HASH } = process.env;
const TRUSTED_HEIGHT = process.env.LC_TRUSTED_HEIGHT || '1';

class Failure extends Error {}
function check(cond, message) {
  if (!cond) throw new Failure(message);
}
let step = 'setup';
const passed = [];
function ok(message) {
  passed.push(message);
  console.log(`ok   ${message}`);
}

async function commitHash(url, height) {
  const r = await fetch(`${url}/commit?height=${height}`);
  check(r.ok, `${url}/commit?height=${height}: HTTP ${r.status}`);
  return (await r.json()).result.signed_header.commit.block_id.hash.toUpperCase();
}

/** Fills the form and clicks Sync; waits for a new result card; returns its data attributes. */
async function syncOnce(page, { witness, expectProgress = true } = {}) {
  if (witness) await page.fill('#witnesses', witness);
  await page.evaluate(() => {
    const r = document.querySelector('#result');
    r.dataset.previous = r.firstElementChild?.dataset.state ?? '';
    r.replaceChildren();
  });
  await page.click('#sync');
  if (expectProgress) {
    // Progress is shown while the sync runs.
    await page.waitForFunction(() => document.querySelectorAll('#progress-log li').length > 0, null, { timeout: 30_000 });
  }
  await page.waitForFunction(() => document.querySelector('#result > [data-state]'), null, { timeout: 120_000 });
  return page.$eval('#result > [data-state]', (card) => ({
    state: card.dataset.state,
    code: card.dataset.code ?? null,
    height: card.dataset.height ? Number(card.dataset.height) : null,
    hash: card.dataset.hash ?? null,
    text: card.textContent,
    witnesses: [...card.querySelectorAll('table.witnesses tr')].map((tr) => tr.dataset.outcome),
  }));
}

const progressTypes = (page) => page.$$eval('#progress-log li', (items) => items.map((li) => li.dataset.type));

async function main() {
  for (const v of ['LC_PRIMARY', 'LC_WITNESS', 'LC_FORK', 'LC_TRUSTED_HASH']) check(process.env[v], `${v} is not set (see the header of wasm/e2e/network.mjs)`);
  check(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install chromium; never npx playwright install)`);
  check(fs.existsSync(path.join(WASM, 'pkg', 'web')), 'wasm/pkg/web is missing: run wasm/build first');

  const server = await serve(WASM);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium();
  const errors = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    // The nodes answer some requests with HTTP 500 (a witness a block behind) and Stop aborts
    // requests: the browser logs those, and they are expected. Anything else is an error.
    page.on('console', (m) => m.type() === 'error' && !/Failed to load resource|net::ERR_ABORTED/.test(m.text()) && errors.push(`console error: ${m.text()}`));
    page.on('requestfailed', (r) => !r.url().startsWith(LC_PRIMARY) && !r.url().startsWith(LC_WITNESS) && !r.url().startsWith(LC_FORK) &&
      errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));

    step = 'load the page';
    const query = new URLSearchParams({ primary: LC_PRIMARY, witness: LC_WITNESS, trustedHeight: TRUSTED_HEIGHT, trustedHash: LC_TRUSTED_HASH });
    await page.goto(`${base}/www/light.html?${query}`);
    await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
    check((await page.getAttribute('body', 'data-ready')) === 'true', `the page did not load: ${await page.textContent('#status')} ${errors.join('; ')}`);
    await page.click('#forget'); // a clean start, whatever this profile held
    ok(`page loaded: ${await page.textContent('#status')}`);

    step = 'sync from the trust root to the latest block';
    const first = await syncOnce(page);
    check(first.state === 'verified', `first sync: ${first.state} ${first.code ?? ''} ${first.text.slice(0, 300)}`);
    check(first.height > Number(TRUSTED_HEIGHT), `verified height ${first.height}`);
    check(first.hash === (await commitHash(LC_PRIMARY, first.height)), `hash ${first.hash} vs the primary's /commit`);
    check(JSON.stringify(first.witnesses) === JSON.stringify(['confirmed']), `witnesses ${first.witnesses}`);
    const types = await progressTypes(page);
    check(types.includes('fetching') && types.includes('fetched') && types.includes('witness') && types.includes('verified'), `progress ${types}`);
    const saved = Number(await page.getAttribute('#saved', 'data-height'));
    check(saved === first.height, `saved state at ${saved}, verified ${first.height}`);
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'network.png'), fullPage: true });
    ok(`synced ${TRUSTED_HEIGHT} → ${first.height} in the page (${types.filter((t) => t === 'fetched').length} light blocks, witness confirmed, hash = /commit); state saved`);

    step = 'reload: resume from the saved state';
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 60_000 });
    check(Number(await page.getAttribute('#saved', 'data-height')) === first.height, 'the saved state survived the reload');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const second = await syncOnce(page);
    check(second.state === 'verified' && second.height > first.height, `second sync: ${second.state} at ${second.height}`);
    check(second.text.includes(`From trusted height${first.height}`), `resumed from ${first.height}: ${second.text.slice(0, 400)}`);
    check(second.hash === (await commitHash(LC_PRIMARY, second.height)), 'second hash = /commit');
    ok(`reloaded, resumed from ${first.height} and synced to ${second.height}`);

    step = 'Stop during a sync';
    await page.click('#forget');
    await page.evaluate(() => document.querySelector('#result').replaceChildren());
    // The nodes' answers are held back for this step, so the sync is still fetching when Stop is
    // clicked (unheld, a short sync can finish between the two clicks: seen in CI).
    const hold = (route) => setTimeout(() => route.continue().catch(() => {}), 3000);
    const nodeUrls = (url) => [LC_PRIMARY, LC_WITNESS].some((n) => url.href.startsWith(n));
    await page.route(nodeUrls, hold);
    await page.click('#sync');
    await page.click('#stop');
    await page.waitForFunction(() => document.querySelector('#result > [data-state]'), null, { timeout: 30_000 });
    await page.unroute(nodeUrls, hold);
    const stopped = await page.$eval('#result > [data-state]', (c) => ({ state: c.dataset.state, code: c.dataset.code }));
    check(stopped.state === 'aborted' && stopped.code === 'net.aborted', `after Stop: ${JSON.stringify(stopped)}`);
    ok('Stop aborted the sync (net.aborted)');

    step = 'the fork as witness: attack';
    await page.click('#forget');
    const attack = await syncOnce(page, { witness: LC_FORK });
    check(attack.state === 'attack' && attack.code === 'cometbft.attack', `fork: ${attack.state} ${attack.code} ${attack.text.slice(0, 300)}`);
    check(attack.height > Number(TRUSTED_HEIGHT), `attack height ${attack.height}`);
    check(/Evidence against the primary/.test(attack.text) && /Evidence against the witness/.test(attack.text) && /[0-9A-F]{64}/.test(attack.text),
      `evidence shown: ${attack.text.slice(0, 500)}`);
    check((await progressTypes(page)).includes('attack'), 'an attack progress event');
    const savedAfter = Number(await page.getAttribute('#saved', 'data-height'));
    check(savedAfter === Number(TRUSTED_HEIGHT), `only the trust root is saved after the attack (saved at ${savedAfter})`);
    ok(`attack shown at height ${attack.height} with evidence both ways; nothing beyond the root saved`);

    step = 'report the evidence from the page (a cross-origin JSON-RPC POST)';
    await page.click('#report');
    await page.waitForFunction(() => document.querySelectorAll('#reports li').length === 2, null, { timeout: 60_000 });
    const reports = await page.$$eval('#reports li', (items) => items.map((li) => li.textContent));
    // Each node answered (CometBFT 0.38 accepts evidence it already holds, answering its hash again;
    // a refusal would still be an answer): the POST got through CORS.
    check(reports.every((r) => /: (accepted \(|refused: broadcast_evidence: the node says)/.test(r)), `reports: ${reports.join(' | ')}`);
    await page.screenshot({ path: path.join(SHOTS, 'network-attack.png'), fullPage: true });
    ok(`evidence reported from the page: ${reports.join(' | ')}`);

    step = 'no page errors';
    check(errors.length === 0, `errors in the page:\n  ${errors.join('\n  ')}`);
  } finally {
    await browser.close();
    server.close();
  }
}

try {
  await main();
  console.log(`\ne2e network: ${passed.length} checks passed (screenshots: target/wasm/network.png, network-attack.png)`);
} catch (e) {
  console.error(`\nE2E NETWORK FAILED at step "${step}": ${e instanceof Failure ? e.message : e.stack || e}`);
  process.exit(1);
}
