// A user's page importing only 'lightcheck/zk' (built by vite; see test.mjs).
import init, * as lc from 'lightcheck/zk';
import { run } from './checks.js';

run('lightcheck/zk', ['zk'], init, lc);
