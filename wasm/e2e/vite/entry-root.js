// A user's page importing only 'lightcheck' (built by vite; see test.mjs).
import init, * as lc from 'lightcheck';
import { run } from './checks.js';

run('lightcheck', ['nitro', 'cometbft', 'zk', 'opengradient'], init, lc);
