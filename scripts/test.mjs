#!/usr/bin/env node
// The one test command (`npm test`): make sure of what the suites need from the machine,
// type-check, then run every vitest suite. A fresh clone on a bare machine passes with no
// other step; what cannot be installed is named exactly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** The browser tests drive Debian's Chromium; install it when we can (root with apt-get). */
function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.log(`Chromium is missing at ${CHROMIUM}: installing Debian's chromium package for the browser tests...`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update', '-qq'], { env }) === 0 && run('apt-get', ['install', '-y', '-qq', 'chromium'], { env }) === 0 && existsSync(CHROMIUM)) return;
  }
  console.error(
    `The browser tests need Chromium at ${CHROMIUM} and it could not be installed here.\n` +
      `Install it as root with:  apt-get update && apt-get install -y chromium\n` +
      `or point CHROMIUM_PATH at an existing Chromium binary.`,
  );
  process.exit(1);
}

ensureChromium();
const steps = [
  ['npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['npx', ['vitest', 'run', ...process.argv.slice(2)]],
];
for (const [command, args] of steps) {
  const status = run(command, args);
  if (status !== 0) process.exit(status);
}
