import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The variables of an environment as the Teams Toolkit keeps them: env/.env.<name> (committed
 * template, no secrets) then env/.env.<name>.user (secrets, git-ignored); the process
 * environment wins over both, so CI can pass values without writing files.
 */
export function environmentVariables(root: string, env: string, processEnv: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const file of [join(root, 'env', `.env.${env}`), join(root, 'env', `.env.${env}.user`)]) {
    if (existsSync(file)) Object.assign(vars, parseEnvFile(readFileSync(file, 'utf8')));
  }
  for (const [name, value] of Object.entries(processEnv)) if (value !== undefined && value !== '') vars[name] = value;
  return vars;
}

/** KEY=value lines; # comments; optional single or double quotes around the value. */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    let value = line.slice(eq + 1).trim();
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    vars[line.slice(0, eq).trim()] = value;
  }
  return vars;
}
