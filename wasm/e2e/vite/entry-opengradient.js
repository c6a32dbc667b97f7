// A user's page importing only 'lightcheck/opengradient' (built by vite; see test.mjs).
import init, * as lc from 'lightcheck/opengradient';
import { run } from './checks.js';

run('lightcheck/opengradient', ['nitro', 'cometbft', 'opengradient'], init, lc);
