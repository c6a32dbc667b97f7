// A user's page importing only 'lightcheck/cometbft' (built by vite; see test.mjs).
import init, * as lc from 'lightcheck/cometbft';
import { run } from './checks.js';

run('lightcheck/cometbft', ['cometbft'], init, lc);
