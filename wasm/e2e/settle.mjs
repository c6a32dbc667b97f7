// Live end-to-end test of the settlement page (wasm/www/settle.html) in headless Chromium
// (playwright-core + the system browser, as e2e.mjs) against a real OpenGradient-shaped chain:
// scripts/ognet start (4 validators on 127.0.2.1–.4:26657), whose nodes must allow any origin
// (CORS "*").
//
//   cd wasm/e2e && npm ci && OG_PRIMARY=http://127.0.2.1:26657 OG_WITNESS=http://127.0.2.2:26657 \
//     OG_TRUSTED_HASH=<hash of height 1> OG_CONTRACT=<relay address> OG_SETTLED_DIR=<dir> node settle.mjs
//
// Inputs (environment):
//   OG_PRIMARY, OG_WITNESS   the chain's primary and a witness (RPC base URLs)
//   OG_TRUSTED_HASH          the block hash at OG_TRUSTED_HEIGHT (default 1)
//   OG_CONTRACT              the settlement relay's address (0x + 40 hex)
//   OG_SETTLED_DIR           a `scripts/og-gateway respond --out DIR` directory whose settlement was
//                            sent and committed (request.json, response.json, key.pem; the
//                            attestation.cbor and nitro-root.der are chosen in the page when present)
//   OG_SETTLED_HEIGHT        optional: the height `ogchain tx` reported (the page's must match)
//   OG_FORK                  optional: a node of the fork; then the page is also run with it as the
//                            witness and must show the attack (cometbft.attack at header_trust)
//   CHROMIUM                 default /usr/bin/chromium
// Serves wasm/ on 127.0.0.1 (the page loads ../pkg/web/: run wasm/build first), opens
// settle.html prefilled from the query string, pastes the response, request and key, chooses the
// attestation and its root, clicks Collect, and checks: progress lines while it runs (searching,
// found, the light client's, results, the verdict), the verdict SETTLED with all six links listed
// and each verified (attestation and binding `missing` without an attestation), the page's
// re-verification of the downloadable files giving the same verdict, and the bundle download (a
// settlement bundle of the found height). Screenshot target/wasm/settle.png (and
// settle-attack.png). Exits non-zero on the first failure.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { CHROMIUM, launchChromium, serve } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const WASM = path.resolve(here, '..');
const REPO = path.resolve(WASM, '..');
const SHOTS = path.join(REPO, 'target', 'wasm');
const { OG_PRIMARY, OG_WITNESS, OG_FORK, OG_TRUSTED_HASH, OG_CONTRACT, OG_SETTLED_DIR, OG_SETTLED_HEIGHT } = process.env;
const TRUSTED_HEIGHT = process.env.OG_TRUSTED_HEIGHT || '1';
const LINKS = ['responseSignature', 'attestation', 'enclaveBinding', 'headerTrust', 'inclusion', 'settlementMatch'];

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

/** Fills the form from the response directory and clicks Collect; returns the result card's data. */
async function collectOnce(page, { witness } = {}) {
  const file = (f) => path.join(OG_SETTLED_DIR, f);
  const read = (f) => fs.readFileSync(file(f), 'utf8');
  await page.fill('#response', read('response.json'));
  await page.fill('#request', read('request.json'));
  await page.fill('#signing-key', read('key.pem'));
  if (fs.existsSync(file('attestation.cbor'))) await page.setInputFiles('#attestation', file('attestation.cbor'));
  if (fs.existsSync(file('nitro-root.der'))) await page.setInputFiles('#nitro-root', file('nitro-root.der'));
  if (witness) await page.fill('#witnesses', witness);
  await page.evaluate(() => document.querySelector('#result').replaceChildren());
  await page.click('#collect');
  await page.waitForFunction(() => document.querySelectorAll('#progress-log li').length > 0, null, { timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('#result > [data-state]'), null, { timeout: 180_000 });
  return page.$eval('#result > [data-state]', (card) => ({
    state: card.dataset.state,
    code: card.dataset.code ?? null,
    link: card.dataset.link ?? null,
    again: card.dataset.again ?? null,
    height: card.dataset.height ? Number(card.dataset.height) : null,
    text: card.textContent,
    links: [...card.querySelectorAll('table.links tbody tr')].map((tr) => ({ link: tr.dataset.link, status: tr.dataset.status, text: tr.textContent })),
  }));
}

const progressTypes = (page) => page.$$eval('#progress-log li', (items) => items.map((li) => li.dataset.type));

async function main() {
  for (const v of ['OG_PRIMARY', 'OG_WITNESS', 'OG_TRUSTED_HASH', 'OG_CONTRACT', 'OG_SETTLED_DIR']) {
    check(process.env[v], `${v} is not set (see the header of wasm/e2e/settle.mjs)`);
  }
  check(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install chromium; never npx playwright install)`);
  check(fs.existsSync(path.join(WASM, 'pkg', 'web')), 'wasm/pkg/web is missing: run wasm/build first');
  const attested = fs.existsSync(path.join(OG_SETTLED_DIR, 'attestation.cbor'));

  const server = await serve(WASM);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium();
  const errors = [];
  const nodes = [OG_PRIMARY, OG_WITNESS, OG_FORK].filter(Boolean);
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    // A node a block behind answers some requests with HTTP 500; the browser logs those.
    page.on('console', (m) => m.type() === 'error' && !/Failed to load resource|net::ERR_ABORTED/.test(m.text()) && errors.push(`console error: ${m.text()}`));
    page.on('requestfailed', (r) => !nodes.some((n) => r.url().startsWith(n)) && errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));

    step = 'load the page (linked from the index)';
    await page.goto(`${base}/www/index.html`);
    check(await page.$('a[href="settle.html"]'), 'the index links to settle.html');
    const query = new URLSearchParams({ primary: OG_PRIMARY, witness: OG_WITNESS, trustedHeight: TRUSTED_HEIGHT, trustedHash: OG_TRUSTED_HASH, contract: OG_CONTRACT });
    await page.goto(`${base}/www/settle.html?${query}`);
    await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
    check((await page.getAttribute('body', 'data-ready')) === 'true', `the page did not load: ${await page.textContent('#status')} ${errors.join('; ')}`);
    check((await page.inputValue('#contract')) === OG_CONTRACT && (await page.inputValue('#primary')) === OG_PRIMARY, 'prefilled from the query');
    ok(`page loaded: ${await page.textContent('#status')}`);

    step = 'collect: SETTLED';
    const r = await collectOnce(page);
    check(r.state === 'settled', `verdict ${r.state} ${r.code ?? ''}: ${r.text.slice(0, 400)}`);
    check(JSON.stringify(r.links.map((l) => l.link)) === JSON.stringify(LINKS), `links listed ${r.links.map((l) => l.link)}`);
    for (const l of r.links) {
      const want = attested || !['attestation', 'enclaveBinding'].includes(l.link) ? 'verified' : 'missing';
      check(l.status === want && l.text.length > l.link.length, `link ${l.link}: ${l.status} (${l.text}), expected ${want} with its detail`);
    }
    check(r.again === 'settled', `the page's re-verification of the files: ${r.again}`);
    if (OG_SETTLED_HEIGHT) check(r.height === Number(OG_SETTLED_HEIGHT), `found at ${r.height}, sent at ${OG_SETTLED_HEIGHT}`);
    const types = await progressTypes(page);
    for (const t of ['searching', 'found', 'fetching', 'fetched', 'witness', 'verified', 'results']) check(types.includes(t), `progress has ${t}: ${types}`);
    check(/bundle verified: SETTLED/.test(await page.textContent('#progress-line')), 'the last progress line is the verdict');

    step = 'download the bundle';
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-bundle')]);
    const saved = await download.path();
    const bundle = JSON.parse(fs.readFileSync(saved, 'utf8'));
    check(download.suggestedFilename() === 'settlement-bundle.json', `download name ${download.suggestedFilename()}`);
    check(bundle.format === 'lightcheck-settlement-bundle' && Number(bundle.settlement.height) === r.height, `downloaded bundle: ${JSON.stringify(bundle).slice(0, 200)}`);
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'settle.png'), fullPage: true });
    ok(`SETTLED at height ${r.height} in the page, six links listed (${r.links.map((l) => `${l.link} ${l.status}`).join(', ')}); ` +
      `re-verified ${r.again}; bundle downloaded (${fs.statSync(saved).size} bytes)`);

    if (OG_FORK) {
      step = 'the fork as witness: attack';
      const a = await collectOnce(page, { witness: OG_FORK });
      check(a.state === 'attack' && a.code === 'cometbft.attack' && a.link === 'header_trust', `fork: ${a.state} ${a.code} ${a.link} ${a.text.slice(0, 300)}`);
      check((await progressTypes(page)).includes('attack'), 'an attack progress event');
      await page.screenshot({ path: path.join(SHOTS, 'settle-attack.png'), fullPage: true });
      ok(`the fork as witness: attack shown (${a.code}, link ${a.link}) at height ${a.height}`);
    }

    step = 'no page errors';
    check(errors.length === 0, `errors in the page:\n  ${errors.join('\n  ')}`);
  } finally {
    await browser.close();
    server.close();
  }
}

try {
  await main();
  console.log(`\ne2e settle: ${passed.length} checks passed (screenshot: target/wasm/settle.png)`);
} catch (e) {
  console.error(`\nE2E SETTLE FAILED at step "${step}": ${e instanceof Failure ? e.message : e.stack || e}`);
  process.exit(1);
}
