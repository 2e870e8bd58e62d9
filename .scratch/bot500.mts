import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { configFromEnv } from '../api/server/config.ts';
import { startServer } from '../api/server/start.ts';
import { botMount } from '../bot/index.ts';
import { botConfigFromEnv } from '../bot/config.ts';
const dir = mkdtempSync(join(tmpdir(), 'x-'));
const config = configFromEnv({ PORT: '0', DATA_DIR: dir, SAMPLE_EVENTS: '2000', LOG_LEVEL: 'error', TAB_DIR: '/nonexistent' });
const bot = botMount(botConfigFromEnv({ DIGEST_ENABLED: 'false' }));
const s = await startServer(config, pino({ level: 'error' }), 't', { mounts: [bot] });
await bot.attach(s.services);
for (const [body, ct] of [['{}', 'application/json'], ['', 'application/json'], ['{"type":"message"}', 'application/json'], ['garbage', 'application/json'], ['[]', 'application/json'], ['{"type":"message","text":"hi"}', 'text/plain'], ['null','application/json']]) {
  const r = await fetch(`${s.url}/api/messages`, { method: 'POST', headers: { 'content-type': ct }, body });
  console.log(JSON.stringify(body), ct, r.status, (await r.text()).slice(0, 200));
}
for (const p of ['/api/health', '/']) { const r = await fetch(`${s.url}${p}`); console.log(p, r.status, [...r.headers].map(h=>h.join(': ')).join(' | ')); }
const r = await fetch(`${s.url}/api/health`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } }); console.log('OPTIONS', r.status, [...r.headers].map(h=>h.join(': ')).join(' | '));
await bot.stop(); await s.stop();
