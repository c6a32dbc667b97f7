// The browser-side checks of one lightcheck entry point, shared by the Vite pages (entry-*.js)
// and wasm/e2e/entries.mjs's import-map pages. It imports nothing from lightcheck: each page
// imports only its entry and passes the module in, so the page's bundle and network log hold
// that entry alone.
//
// run(entryName, expectedCapabilities, init, lib): awaits init(), checks capabilities() and that
// the other capabilities' functions are absent, then runs one real verification and one failing
// input (with its exact error code) per capability of the entry, on test vectors fetched from
// /vectors/ (test-vectors/ of the checkout). Writes "ok <entry> …" or "FAIL <entry>: …" to
// #result and document.body.dataset.result ("ok" | "fail"), and to the console.

const EXPORTS = {
  nitro: ['verifyNitro', 'nitroClaimedTimestampMs'],
  cometbft: ['verifyLightBlock', 'verifyCommit', 'verifyTx', 'LightClient'],
  zk: ['verifyZk', 'vkaDigest'],
  opengradient: ['verifyTeeResponse', 'teeIdOfKey', 'verifySettlementBundle', 'collectSettlementBundle'],
};

const bytes = async (p) => {
  const r = await fetch(`/vectors/${p}`);
  if (!r.ok) throw new Error(`fetch /vectors/${p}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
};
const text = async (p) => new TextDecoder().decode(await bytes(p));

function check(cond, message) {
  if (!cond) throw new Error(message);
}

function codeOf(fn, label) {
  try {
    fn();
  } catch (e) {
    check(typeof e?.code === 'string', `${label}: threw without a code: ${e}`);
    return e.code;
  }
  throw new Error(`${label}: expected a rejection`);
}

// One real verification and one failing input per capability (vectors as in wasm/tests-js/entries.mjs).
const CHECKS = {
  async nitro(lc) {
    const doc = await bytes('nitro/valid-definite-map.cbor');
    const root = await bytes('nitro/root.der');
    const at = 1748736000250; // its verify_at_ms in test-vectors/nitro/manifest.json
    const a = lc.verifyNitro(doc, at, { roots: [root] });
    check(a.timestampMs === lc.nitroClaimedTimestampMs(doc) && a.digest === 'SHA384', `nitro: ${JSON.stringify(a.timestampMs)}`);
    const code = codeOf(() => lc.verifyNitro(doc.slice(0, 100), at, { roots: [root] }), 'nitro truncated');
    check(code === 'nitro.cose.malformed', `nitro: truncated document gave ${code}`);
    return `nitro valid (${a.moduleId}), truncated → ${code}`;
  },
  async cometbft(lc) {
    const opts = { trustingPeriodSecs: 1209600, trustLevel: [1, 3], clockDriftSecs: 10 };
    const now = '2025-06-01T00:00:36.827472557Z';
    const trusted = await text('cometbft/val4-h1.json');
    const h = lc.verifyLightBlock(trusted, await text('cometbft/val4-h2.json'), now, opts);
    const bad = await text('cometbft/reject-bad-signature-ed25519.json');
    check(h.height === 2, `cometbft: height ${h.height}`);
    const code = codeOf(() => lc.verifyLightBlock(trusted, bad, now, opts), 'cometbft bad signature');
    check(code === 'cometbft.commit.bad_signature', `cometbft: bad signature gave ${code}`);
    return `cometbft height ${h.height} verified, bad signature → ${code}`;
  },
  async zk(lc) {
    const dir = 'zk/linear-k6-public-public';
    const [vka, proof, srs] = await Promise.all([bytes(`${dir}/vka.bytes`), bytes(`${dir}/proof.json`), bytes(`${dir}/kzg1.srs`)]);
    const r = lc.verifyZk(vka, proof, { srs });
    check(r.numInstances === 5 && r.vkaDigestHex === lc.vkaDigest(vka), `zk: ${JSON.stringify(r)}`);
    const code = codeOf(() => lc.verifyZk(vka, proof, {}), 'zk without srs or vkaDigest');
    check(code === 'input.invalid', `zk: no srs gave ${code}`);
    return `zk proof verified (${r.numInstances} instances), no srs → ${code}`;
  },
  async opengradient(lc) {
    const trusted = await text('settlement/trusted.json');
    const r = lc.verifySettlementBundle(await text('settlement/settled-individual.json'), trusted, 1770000600 * 1000);
    check(r.summary.verdict === 'settled', `opengradient: ${JSON.stringify(r.summary)}`);
    const unreadable = await text('settlement/unreadable-version-2.json');
    const code = codeOf(() => lc.verifySettlementBundle(unreadable, trusted, 1770000600 * 1000), 'opengradient unreadable');
    check(code === 'opengradient.bundle.invalid', `opengradient: unreadable bundle gave ${code}`);
    return `settlement settled at height ${r.summary.height}, unreadable bundle → ${code}`;
  },
};
export async function run(entry, caps, init, lc) {
  const out = document.getElementById('result') ?? document.body.appendChild(document.createElement('pre'));
  out.id = 'result';
  try {
    await init();
    const got = lc.capabilities();
    check(JSON.stringify(got) === JSON.stringify(caps), `capabilities() ${JSON.stringify(got)}, expected ${JSON.stringify(caps)}`);
    for (const [cap, names] of Object.entries(EXPORTS)) {
      for (const name of names) {
        const has = typeof lc[name] === 'function';
        check(has === caps.includes(cap), `${entry}: ${name} is ${has ? 'present' : 'absent'}`);
      }
    }
    const lines = [];
    for (const cap of caps) lines.push(await CHECKS[cap](lc));
    out.textContent = `ok ${entry} [${caps}]\n${lines.join('\n')}`;
    document.body.dataset.result = 'ok';
    console.log(out.textContent);
  } catch (e) {
    out.textContent = `FAIL ${entry}: ${e?.stack ?? e}`;
    document.body.dataset.result = 'fail';
    console.error(out.textContent);
  }
}
