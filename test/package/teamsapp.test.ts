import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../api/auth/roles.ts';
import { parseEnvFile } from '../../scripts/app-package/env-files.ts';
import { placeholdersIn } from '../../scripts/app-package/placeholders.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const text = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Lifecycle → the actions (`- uses:`) of its steps, in order. Enough YAML for these files. */
function lifecycles(yaml: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  let current: string | null = null;
  for (const line of yaml.split(/\r?\n/)) {
    const top = /^([a-zA-Z]+):\s*$/.exec(line);
    if (top) {
      current = top[1];
      result.set(current, []);
      continue;
    }
    if (/^\S/.test(line)) current = null;
    const uses = /^\s+- uses:\s*(\S+)/.exec(line);
    if (current && uses) result.get(current)!.push(uses[1]);
  }
  return result;
}

/** Variables a provision step writes back to the environment file. */
function written(yaml: string): string[] {
  const names: string[] = [];
  let inBlock = false;
  for (const line of yaml.split(/\r?\n/)) {
    if (/^\s+writeToEnvironmentFile:\s*$/.test(line)) {
      inBlock = true;
      continue;
    }
    const entry = /^\s{6,}\w+:\s*([A-Z][A-Z0-9_]*)\s*$/.exec(line);
    if (inBlock && entry) names.push(entry[1]);
    else inBlock = false;
  }
  return names;
}

const PROJECTS = { 'teamsapp.yml': 'dev', 'teamsapp.local.yml': 'local' } as const;

describe.each(Object.entries(PROJECTS))('%s', (file, env) => {
  const yaml = text(file);
  const steps = lifecycles(yaml);

  it('declares a v1.x schema in its header and the same version', () => {
    const header = /^# yaml-language-server: \$schema=https:\/\/aka\.ms\/teams-toolkit\/(v1\.\d+)\/yaml\.schema\.json$/m.exec(yaml);
    expect(header).not.toBeNull();
    expect(yaml).toMatch(new RegExp(`^version: ${header![1].replace('.', '\\.')}$`, 'm'));
  });

  it('provisions the Entra app, the bot and the Teams app, validating before and after zipping', () => {
    const provision = steps.get('provision')!;
    for (const action of ['aadApp/create', 'teamsApp/create', 'botAadApp/create', 'botFramework/create', 'aadApp/update']) expect(provision).toContain(action);
    const order = ['teamsApp/validateManifest', 'teamsApp/zipAppPackage', 'teamsApp/validateAppPackage', 'teamsApp/update'].map((a) => provision.indexOf(a));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(provision.indexOf('botAadApp/create')).toBeLessThan(provision.indexOf('botFramework/create'));
    expect(steps.get('deploy')?.length).toBeGreaterThan(0);
  });

  it(`gets every value it uses from env/.env.${env}, an earlier step or a secret`, () => {
    const template = parseEnvFile(text(`env/.env.${env}`));
    const known = new Set([...Object.keys(template), ...written(yaml)]);
    const used = new Set([...placeholdersIn(yaml), ...placeholdersIn(text('appPackage/manifest.json')), ...placeholdersIn(text('aad.manifest.json'))]);
    const unknown = [...used].filter((name) => !known.has(name) && !name.startsWith('SECRET_'));
    expect(unknown).toEqual([]);
  });

  it(`keeps secrets out of env/.env.${env}`, () => {
    const template = parseEnvFile(text(`env/.env.${env}`));
    for (const [name, value] of Object.entries(template)) {
      if (/SECRET|PASSWORD/.test(name)) expect(value, name).toBe('');
    }
  });
});

describe('publishing', () => {
  it('submits the validated package to the organisation catalogue', () => {
    const publish = lifecycles(text('teamsapp.yml')).get('publish')!;
    expect(publish.at(-1)).toBe('teamsApp/publishAppPackage');
    expect(publish).toContain('teamsApp/validateAppPackage');
  });
});

describe('the Entra app manifest (aad.manifest.json)', () => {
  const aad = JSON.parse(text('aad.manifest.json')) as {
    identifierUris: string[];
    api: { oauth2PermissionScopes: { value: string; id: string }[]; preAuthorizedApplications: { appId: string; delegatedPermissionIds: string[] }[] };
    appRoles: { value: string }[];
  };
  const teams = JSON.parse(text('appPackage/manifest.json')) as { webApplicationInfo: { id: string; resource: string } };

  it('exposes the SSO resource the Teams manifest names, with the access_as_user scope', () => {
    expect(aad.identifierUris).toContain(teams.webApplicationInfo.resource);
    expect(aad.api.oauth2PermissionScopes.map((s) => s.value)).toEqual(['access_as_user']);
  });

  it('pre-authorises the Teams desktop, mobile and web clients for that scope', () => {
    const scope = aad.api.oauth2PermissionScopes[0].id;
    const clients = new Map(aad.api.preAuthorizedApplications.map((p) => [p.appId, p.delegatedPermissionIds]));
    for (const teamsClient of ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346']) expect(clients.get(teamsClient)).toEqual([scope]);
  });

  it("declares the API's roles as app roles", () => {
    expect(aad.appRoles.map((r) => r.value).sort()).toEqual([...ROLES].sort());
  });
});
