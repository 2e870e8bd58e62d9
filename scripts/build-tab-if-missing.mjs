// `npm start` serves the built tab: build it once on a fresh clone, never on later starts
// (a rebuild is `npm run build:tab`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../tabs/dist/index.html', import.meta.url))) {
  process.stdout.write('tabs/dist is missing: building the Teams tab (npm run build:tab)…\n');
  const result = spawnSync('npm', ['run', '--silent', 'build:tab'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
