// One build per entry point: ENTRY=nitro vite build → dist/nitro/ from entry-nitro.html
// (ENTRY=root for the package's root entry, 'lightcheck'). test.mjs runs all five.
import { defineConfig } from 'vite';

const entry = process.env.ENTRY;
if (!/^(root|nitro|cometbft|zk|opengradient)$/.test(entry ?? '')) {
  throw new Error(`vite.config.js: set ENTRY to root, nitro, cometbft, zk or opengradient (got ${entry})`);
}

export default defineConfig({
  logLevel: 'warn',
  build: {
    outDir: `dist/${entry}`,
    emptyOutDir: true,
    rollupOptions: { input: `entry-${entry}.html` },
  },
});
