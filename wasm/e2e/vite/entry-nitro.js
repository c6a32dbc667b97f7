// A user's page importing only 'lightcheck/nitro' (built by vite; see test.mjs).
import init, * as lc from 'lightcheck/nitro';
import { run } from './checks.js';

run('lightcheck/nitro', ['nitro'], init, lc);
