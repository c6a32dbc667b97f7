// Every entry point of the npm package (lightcheck, lightcheck/nitro, lightcheck/cometbft,
// lightcheck/zk, lightcheck/opengradient), installed from the packed tarball into a fresh project,
// used as a user would:
//   - `import` (ESM) and `require` (CJS) resolve to the entry's own node/ files;
//   - capabilities() is exactly the entry's features; the functions of every other capability are
//     absent, in both module systems (and no stray names are exported);
//   - loading the entry reads exactly one .wasm, the entry's own (nitro/web/lightcheck_bg.wasm …),
//     in a fresh Node process per entry;
//   - one real verification per capability on the project's vectors, from every entry that has it,
//     through import and through require; and one failing input per capability that must give the
//     SAME error code from every entry that has the function;
//   - TypeScript: a small usage file per entry (.mts and .cts) type-checked by `tsc --noEmit --strict`
//     under moduleResolution nodenext and bundler (TypeScript 5.9 and 7), and node10 (typesVersions,
//     TypeScript 5.9 only): each subpath's types resolve, to the right file, and lack other capabilities.
//
// Run by wasm/tests-js/run (which installs the tarball and typescript into the temp project and sets
// LIGHTCHECK_REPO): node --test entries.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const REPO = process.env.LIGHTCHECK_REPO;
if (!REPO) throw new Error('LIGHTCHECK_REPO must point at the lightcheck checkout (set by wasm/tests-js/run)');
const VECTORS = path.join(REPO, 'test-vectors');
const PKG = path.resolve('node_modules', 'lightcheck');
const require = createRequire(path.resolve('package.json'));

// What each capability adds to an entry's exports; every entry also has these.
const CAPABILITY_EXPORTS = {
  nitro: ['verifyNitro', 'nitroClaimedTimestampMs'],
  cometbft: ['verifyLightBlock', 'verifyCommit', 'verifyTx', 'LightClient'],
  zk: ['verifyZk', 'vkaDigest'],
  opengradient: ['verifyTeeResponse', 'teeIdOfKey', 'verifySettlementBundle', 'collectSettlementBundle'],
};
const COMMON_ESM = ['default', 'initSync', 'capabilities', 'version'];
const COMMON_CJS = ['default', 'init', 'initSync', 'capabilities', 'version'];

// Entry → its directory in the package and its features (in capabilities() order).
const ENTRIES = [
  { name: 'lightcheck', dir: '.', caps: ['nitro', 'cometbft', 'zk', 'opengradient'] },
  { name: 'lightcheck/nitro', dir: 'nitro', caps: ['nitro'] },
  { name: 'lightcheck/cometbft', dir: 'cometbft', caps: ['cometbft'] },
  { name: 'lightcheck/zk', dir: 'zk', caps: ['zk'] },
  { name: 'lightcheck/opengradient', dir: 'opengradient', caps: ['nitro', 'cometbft', 'opengradient'] },
];
const ALL_CAPS = Object.keys(CAPABILITY_EXPORTS);
const entryDir = (e) => (e.dir === '.' ? PKG : path.join(PKG, e.dir));
const wasmOf = (e) => path.join(entryDir(e), 'web', 'lightcheck_bg.wasm');
const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

const read = (...p) => new Uint8Array(fs.readFileSync(path.join(...p)));
const readText = (...p) => fs.readFileSync(path.join(...p), 'utf8');
const readJson = (...p) => JSON.parse(readText(...p));

/** Both module systems' view of an entry: [label, module]. */
async function loaded(entry) {
  return [
    [`import('${entry.name}')`, await import(entry.name)],
    [`require('${entry.name}')`, require(entry.name)],
  ];
}

/** Runs fn, which must throw a lightcheck error; returns its code. */
function codeOf(fn, label) {
  let r;
  try {
    r = fn();
  } catch (e) {
    assert.equal(typeof e?.code, 'string', `${label}: threw without a string .code: ${e?.stack ?? e}`);
    assert.equal(typeof e.errorClass, 'string', `${label}: error without .errorClass (code ${e.code})`);
    return `${e.code}/${e.errorClass}`;
  }
  assert.fail(`${label}: expected a rejection, got ${JSON.stringify(r)?.slice(0, 200)}`);
}

test('every entry is in the package.json exports map and the tarball', () => {
  const pkg = readJson(PKG, 'package.json');
  for (const e of ENTRIES) {
    const key = e.name === 'lightcheck' ? '.' : `./${e.dir}`;
    assert.ok(pkg.exports[key], `exports["${key}"] missing from the installed package.json`);
    for (const f of ['node/index.mjs', 'node/index.cjs', 'node/index.d.mts', 'node/index.d.cts', 'web/lightcheck.js',
      'web/lightcheck.d.ts', 'web/lightcheck_bg.wasm']) {
      assert.ok(fs.existsSync(path.join(entryDir(e), f)), `${e.name}: ${path.relative(PKG, path.join(entryDir(e), f))} missing from the tarball`);
    }
  }
  // Five distinct modules: no entry ships another's .wasm.
  const hashes = ENTRIES.map((e) => sha256(wasmOf(e)));
  assert.equal(new Set(hashes).size, ENTRIES.length, `the entries' .wasm files are not all distinct: ${hashes}`);
});

for (const entry of ENTRIES) {
  test(`${entry.name}: import/require resolve to its own files; capabilities() ${JSON.stringify(entry.caps)}; other capabilities absent`, async () => {
    const dir = entryDir(entry);
    assert.equal(import.meta.resolve(entry.name), `file://${path.join(dir, 'node', 'index.mjs')}`, `import of ${entry.name}`);
    assert.equal(require.resolve(entry.name), path.join(dir, 'node', 'index.cjs'), `require of ${entry.name}`);
    const present = entry.caps.flatMap((c) => CAPABILITY_EXPORTS[c]);
    const absent = ALL_CAPS.filter((c) => !entry.caps.includes(c)).flatMap((c) => CAPABILITY_EXPORTS[c]);
    for (const [label, m] of await loaded(entry)) {
      assert.deepEqual(m.capabilities(), entry.caps, `${label}.capabilities()`);
      assert.equal(m.version(), readJson(PKG, 'package.json').version, `${label}.version()`);
      await m.default(); // init(): a no-op in Node, but web code calls it
      for (const name of present) assert.equal(typeof m[name], 'function', `${label}.${name} should be a function`);
      for (const name of absent) assert.equal(m[name], undefined, `${label}.${name} should be absent (not in ${entry.caps})`);
      const common = label.startsWith('import') ? COMMON_ESM : COMMON_CJS;
      assert.deepEqual(Object.keys(m).sort(), [...common, ...present].sort(), `${label}: exported names`);
    }
  });

  test(`${entry.name}: loading it reads exactly one .wasm, its own`, () => {
    // A fresh process per entry and module system; fs.readFileSync is watched for .wasm paths.
    for (const how of ['import', 'require']) {
      const script = `
        const fs = require('node:fs');
        const seen = [];
        const orig = fs.readFileSync;
        fs.readFileSync = function (p, ...rest) { if (String(p).endsWith('.wasm')) seen.push(require('node:path').resolve(String(p))); return orig.call(this, p, ...rest); };
        const done = (m) => { m.capabilities(); process.stdout.write(JSON.stringify(seen)); };
        ${how === 'import' ? `import(${JSON.stringify(entry.name)}).then(done)` : `done(require(${JSON.stringify(entry.name)}))`};`;
      const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 0, `${how} ${entry.name} in a fresh process failed: ${r.stderr}`);
      const seen = JSON.parse(r.stdout).map((p) => fs.realpathSync(p));
      assert.deepEqual(seen, [fs.realpathSync(wasmOf(entry))], `${how} ${entry.name} read these .wasm files`);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// One real verification and one failing input per capability, from every entry that has it.
// ---------------------------------------------------------------------------------------------

const nitroDir = path.join(VECTORS, 'nitro');
const nitroManifest = readJson(nitroDir, 'manifest.json');
const nitroValid = nitroManifest.documents.find((d) => d.file === 'valid-definite-map.cbor');
const nitroDoc = read(nitroDir, nitroValid.file);
const nitroRoot = read(nitroDir, nitroManifest.root);

const cometDir = path.join(VECTORS, 'cometbft');
const cometCases = readJson(cometDir, 'manifest.json').cases;
const cometOk = cometCases.find((c) => c.name === 'val4-adjacent');
const cometBad = cometCases.find((c) => c.error_code === 'cometbft.commit.bad_signature');
const cometOpts = (c) => ({ trustingPeriodSecs: c.trusting_period_secs, trustLevel: c.trust_level, clockDriftSecs: c.clock_drift_secs });

const zkDir = path.join(VECTORS, 'zk');
const zkCases = readJson(zkDir, 'manifest.json').cases;
const zkOk = zkCases.find((c) => c.name === 'linear-k6-public-public');
const zkBad = zkCases.find((c) => c.name === 'linear-k6-public-public/byte-00031');

const settleDir = path.join(VECTORS, 'settlement');
const settleManifest = readJson(settleDir, 'manifest.json');
const settleCase = (file) => settleManifest.cases.find((c) => c.file === file);

const CHECKS = {
  nitro: {
    ok(m, label) {
      const a = m.verifyNitro(nitroDoc, nitroValid.verify_at_ms, { roots: [nitroRoot], expectedPcrs: nitroValid.policy.pcrs });
      assert.equal(a.timestampMs, m.nitroClaimedTimestampMs(nitroDoc), label);
      assert.equal(a.digest, 'SHA384', label);
    },
    failures: {
      'verifyNitro on a truncated document': (m) => m.verifyNitro(nitroDoc.slice(0, 100), nitroValid.verify_at_ms, { roots: [nitroRoot] }),
      'verifyNitro on a string (input.invalid)': (m) => m.verifyNitro('not bytes', nitroValid.verify_at_ms),
    },
    expected: { 'verifyNitro on a truncated document': 'nitro.cose.malformed/malformed', 'verifyNitro on a string (input.invalid)': 'input.invalid/malformed' },
  },
  cometbft: {
    ok(m, label) {
      const h = m.verifyLightBlock(readText(cometDir, cometOk.trusted), readText(cometDir, cometOk.untrusted), cometOk.now, cometOpts(cometOk));
      assert.equal(h.height, 2, label);
      assert.match(h.hashHex, /^[0-9A-Fa-f]{64}$/, label);
    },
    failures: {
      [`verifyLightBlock on ${cometBad.untrusted}`]: (m) =>
        m.verifyLightBlock(readText(cometDir, cometBad.trusted), readText(cometDir, cometBad.untrusted), cometBad.now, cometOpts(cometBad)),
    },
    expected: { [`verifyLightBlock on ${cometBad.untrusted}`]: 'cometbft.commit.bad_signature/forged' },
  },
  zk: {
    ok(m, label) {
      const r = m.verifyZk(read(zkDir, zkOk.vka), read(zkDir, zkOk.proof), { srs: read(zkDir, zkOk.srs) });
      assert.equal(r.numInstances, zkOk.num_instances, label);
      assert.equal(r.vkaDigestHex, m.vkaDigest(read(zkDir, zkOk.vka)), label);
    },
    failures: {
      [`verifyZk on ${zkBad.name}`]: (m) => m.verifyZk(read(zkDir, zkBad.vka), read(zkDir, zkBad.proof), { srs: read(zkDir, zkBad.srs) }),
    },
    expected: {},
  },
  opengradient: {
    ok(m, label) {
      const c = settleCase('settled-individual.json');
      // The API takes `now` as a Time (Date | Unix ms | RFC 3339): 1770000600 s = 1770000600000 ms.
      const r = m.verifySettlementBundle(readText(settleDir, c.file), readText(settleDir, settleManifest.trusted), c.now * 1000);
      assert.equal(r.summary.verdict, 'settled', `${label}: ${JSON.stringify(r.summary)}`);
      for (const [k, v] of Object.entries(r.links)) assert.equal(v.status, 'verified', `${label}: link ${k} ${JSON.stringify(v)}`);
    },
    failures: {
      'verifySettlementBundle on unreadable-version-2.json': (m) => {
        const c = settleCase('unreadable-version-2.json');
        return m.verifySettlementBundle(readText(settleDir, c.file), readText(settleDir, settleManifest.trusted), c.now * 1000);
      },
    },
    expected: { 'verifySettlementBundle on unreadable-version-2.json': 'opengradient.bundle.invalid/malformed' },
  },
};

for (const cap of ALL_CAPS) {
  const having = ENTRIES.filter((e) => e.caps.includes(cap));
  test(`${cap}: a real verification from ${having.map((e) => e.name).join(', ')}`, async () => {
    for (const e of having) for (const [label, m] of await loaded(e)) CHECKS[cap].ok(m, label);
  });
  for (const [what, fn] of Object.entries(CHECKS[cap].failures)) {
    test(`${cap}: ${what} gives the same code from ${having.map((e) => e.name).join(', ')}`, async () => {
      const codes = {};
      for (const e of having) for (const [label, m] of await loaded(e)) codes[label] = codeOf(() => fn(m), `${label}: ${what}`);
      const distinct = new Set(Object.values(codes));
      assert.equal(distinct.size, 1, `${what}: codes differ between entries: ${JSON.stringify(codes, null, 2)}`);
      const want = CHECKS[cap].expected[what];
      if (want) assert.equal([...distinct][0], want, what);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// TypeScript: types per subpath
// ---------------------------------------------------------------------------------------------

// Type-level use of each capability (the values never run: tsc --noEmit only).
const TS_USE = {
  nitro: `
  const att: lc.NitroAttestation = lc.verifyNitro(bytes, Date.now(), { roots: [bytes], expectedPcrs: { 0: "00" } });
  const claimed: number = lc.nitroClaimedTimestampMs(bytes);
  console.log(att.pcrs[0]?.length, att.matchedPcrSet, claimed);`,
  cometbft: `
  const h: lc.VerifiedHeader = lc.verifyLightBlock("{}", "{}", new Date(), { trustingPeriodSecs: 1209600 });
  const client = new lc.LightClient("{}", { trustingPeriodSecs: 1209600 });
  const heights: number[] = client.trustedHeights();
  const connect: (config: lc.ConnectOptions) => Promise<lc.LightClient> = lc.LightClient.connect;
  console.log(h.height, h.hashHex, heights, connect);`,
  zk: `
  const z: lc.ZkVerified = lc.verifyZk(bytes, bytes, { srs: bytes });
  const d: string = lc.vkaDigest(bytes);
  console.log(z.numInstances, z.vkaDigestHex, d);`,
  opengradient: `
  const s: lc.SettlementReport = lc.verifySettlementBundle("{}", "{}", 1770000600000);
  const verdict: string = s.summary.verdict;
  const tee: string = lc.teeIdOfKey(bytes);
  console.log(verdict, s.links.attestation.status, tee, lc.collectSettlementBundle, lc.verifyTeeResponse);`,
};
// One function per capability that must NOT type-check where the capability is absent.
const TS_ABSENT = { nitro: 'verifyNitro', cometbft: 'verifyLightBlock', zk: 'verifyZk', opengradient: 'verifySettlementBundle' };

function tsSource(entry) {
  const others = ALL_CAPS.filter((c) => !entry.caps.includes(c));
  return `// ${entry.name}: generated by wasm/tests-js/entries.mjs
import init, * as lc from "${entry.name}";

export async function use(bytes: Uint8Array): Promise<void> {
  await init();
  const caps: lc.Capability[] = lc.capabilities();
  const v: string = lc.version();
  console.log(caps, v);
  try {${entry.caps.map((c) => TS_USE[c]).join('')}
  } catch (e) {
    const err = e as lc.LightcheckError;
    const code: lc.ErrorCode | lc.NetErrorCode = err.code;
    const cls: lc.ErrorClass = err.errorClass;
    console.log(code, cls, err.nodeErrors);
  }
${others.map((c) => `  // @ts-expect-error ${entry.name} has no ${c}\n  console.log(lc.${TS_ABSENT[c]});\n`).join('')}}
`;
}

const TS_RUNS = [
  // [label, tsc script, moduleResolution, module, files (ext), which types each must resolve to]
  { ts: 'typescript', resolution: 'nodenext', module: 'nodenext', ext: 'mts', types: 'node/index.d.mts' },
  { ts: 'typescript', resolution: 'nodenext', module: 'nodenext', ext: 'cts', types: 'node/index.d.cts' },
  { ts: 'typescript', resolution: 'bundler', module: 'esnext', ext: 'ts', types: 'web/lightcheck.d.ts' },
  { ts: 'typescript', resolution: 'node10', module: 'commonjs', ext: 'ts', types: 'web/lightcheck.d.ts' },
  { ts: 'typescript7', resolution: 'nodenext', module: 'nodenext', ext: 'mts', types: 'node/index.d.mts' },
  { ts: 'typescript7', resolution: 'nodenext', module: 'nodenext', ext: 'cts', types: 'node/index.d.cts' },
  { ts: 'typescript7', resolution: 'bundler', module: 'esnext', ext: 'ts', types: 'web/lightcheck.d.ts' },
];

for (const run of TS_RUNS) {
  const tsc = path.resolve('node_modules', run.ts, 'bin', 'tsc');
  const tsVersion = fs.existsSync(tsc) ? readJson('node_modules', run.ts, 'package.json').version : null;
  test(`TypeScript ${tsVersion ?? `(${run.ts} not installed)`}: tsc --noEmit --strict, moduleResolution ${run.resolution}, .${run.ext} files, every subpath`, (t) => {
    assert.ok(tsVersion, `node_modules/${run.ts} is missing: wasm/tests-js/run installs it`);
    const dir = path.resolve('ts-check', `${run.ts}-${run.resolution}-${run.ext}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const files = ENTRIES.map((e) => {
      const f = `${e.dir === '.' ? 'root' : e.dir}.${run.ext}`;
      fs.writeFileSync(path.join(dir, f), tsSource(e));
      return f;
    });
    // No skipLibCheck: the package's own .d.ts files must type-check too.
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, target: 'es2022', lib: ['es2022', 'dom'], types: [],
        module: run.module, moduleResolution: run.resolution,
      },
      files,
    }, null, 2));
    const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--explainFiles'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    const out = `${r.stdout}${r.stderr}`;
    const errors = out.split('\n').filter((l) => /error TS\d+/.test(l));
    // Each subpath's types must come from its own directory (--explainFiles lists every file it read).
    for (const e of ENTRIES) {
      const want = path.relative(dir, path.join(entryDir(e), run.types));
      assert.ok(out.includes(want) || out.includes(path.join(entryDir(e), run.types)),
        `${e.name} (moduleResolution ${run.resolution}, .${run.ext}): types not read from ${path.relative(PKG, path.join(entryDir(e), run.types))}`);
    }
    assert.equal(r.status, 0, `tsc failed (${errors.length} errors) in ${dir}:\n${errors.join('\n') || out.slice(0, 4000)}`);
    t.diagnostic(`${files.length} files type-checked`);
  });
}
