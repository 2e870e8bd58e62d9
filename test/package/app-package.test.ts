import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildAppPackage, PackageError } from '../../scripts/app-package/build.ts';
import { fillPlaceholders } from '../../scripts/app-package/placeholders.ts';
import { encodePng, readPngHeader } from '../../scripts/app-package/png.ts';
import { packageProblems } from '../../scripts/app-package/validate.ts';
import { readZip } from '../../scripts/app-package/zip.ts';
import { en } from '../../tabs/src/i18n/en.ts';
import { fr } from '../../tabs/src/i18n/fr.ts';
import { zhCN } from '../../tabs/src/i18n/zh-CN.ts';
import { decodeRgbaPng } from './png-pixels.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const APP = join(ROOT, 'appPackage');
const VALUES = {
  TEAMS_APP_ID: '9f6b2c1e-4d3a-4b5c-8e7f-1a2b3c4d5e6f',
  AAD_APP_CLIENT_ID: '0c1d2e3f-4a5b-4c6d-8e9f-a0b1c2d3e4f5',
  BOT_ID: '7e8f9a0b-1c2d-4e3f-9a4b-5c6d7e8f9a0b',
  TAB_DOMAIN: 'collections-lens.contoso.com',
};
const read = (name: string) => readFileSync(join(APP, name));

/** The package's files with the test values filled in, as the build makes them. */
function filledFiles(overrides: Record<string, Buffer> = {}): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of ['manifest.json', 'fr.json', 'zh-cn.json']) files.set(name, Buffer.from(fillPlaceholders(read(name).toString('utf8'), VALUES).text));
  files.set('color.png', read('color.png'));
  files.set('outline.png', read('outline.png'));
  for (const [name, data] of Object.entries(overrides)) files.set(name, data);
  return files;
}

const manifest = JSON.parse(filledFiles().get('manifest.json')!.toString('utf8')) as Record<string, any>;
const built: string[] = [];
afterAll(() => {
  for (const file of built) rmSync(file, { force: true });
});

describe('the Teams app manifest', () => {
  it('uses a current schema version that @microsoft/app-manifest bundles, so it validates offline', () => {
    const match = /^https:\/\/developer\.microsoft\.com\/json-schemas\/teams\/v(\d+\.\d+)\/MicrosoftTeams\.schema\.json$/.exec(manifest.$schema);
    expect(match).not.toBeNull();
    expect(manifest.manifestVersion).toBe(match![1]);
    expect(Number(match![1].split('.')[1])).toBeGreaterThanOrEqual(22);
    const bundled = join(ROOT, 'node_modules/@microsoft/app-manifest/build/json-schemas/teams', `v${match![1]}`, 'MicrosoftTeams.schema.json');
    expect(existsSync(bundled)).toBe(true);
  });

  it('validates, with its localisation files, against the bundled schemas without touching the network', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('no network in this test'));
    try {
      expect(await packageProblems(filledFiles())).toEqual([]);
      // And straight through the library, whatever our own checks add.
      expect(await AppManifestUtils.validateAgainstSchema(manifest as AppManifest)).toEqual([]);
      expect(fetch).not.toHaveBeenCalled();
    } finally {
      fetch.mockRestore();
    }
  });

  it('declares a personal static tab, the bot, SSO and the valid domain', () => {
    expect(manifest.staticTabs[0]).toMatchObject({ scopes: ['personal'], contentUrl: `https://${VALUES.TAB_DOMAIN}/?inTeams=true` });
    expect(manifest.bots).toEqual([expect.objectContaining({ botId: VALUES.BOT_ID, scopes: expect.arrayContaining(['personal', 'team']) })]);
    expect(manifest.webApplicationInfo).toEqual({ id: VALUES.AAD_APP_CLIENT_ID, resource: `api://${VALUES.TAB_DOMAIN}/${VALUES.AAD_APP_CLIENT_ID}` });
    expect(manifest.validDomains).toEqual([VALUES.TAB_DOMAIN]);
  });

  it('is localised in French and Simplified Chinese, with every string of the English manifest translated', () => {
    const languages = manifest.localizationInfo.additionalLanguages as { languageTag: string; file: string }[];
    expect(languages).toEqual([
      { languageTag: 'fr', file: 'fr.json' },
      { languageTag: 'zh-cn', file: 'zh-cn.json' },
    ]);
    const commands = manifest.bots[0].commandLists[0].commands as unknown[];
    for (const { file } of languages) {
      const strings = JSON.parse(read(file).toString('utf8')) as Record<string, string>;
      expect(strings['description.full']).not.toBe(manifest.description.full);
      expect(strings['description.short']).not.toBe(manifest.description.short);
      for (let i = 0; i < commands.length; i++) expect(strings[`bots[0].commandLists[0].commands[${i}].description`], `${file} command ${i}`).toBeTruthy();
    }
  });

  it("lists the bot's commands in each language as the bot understands them", () => {
    const commands = (manifest.bots[0].commandLists[0].commands as { title: string }[]).map((c) => c.title);
    const words = (catalogue: Record<string, string>) => commands.map((c) => catalogue[`bot.command.${c}`]);
    expect(commands).toEqual(words(en));
    for (const [file, catalogue] of [['fr.json', fr], ['zh-cn.json', zhCN]] as const) {
      const strings = JSON.parse(read(file).toString('utf8')) as Record<string, string>;
      expect(commands.map((_, i) => strings[`bots[0].commandLists[0].commands[${i}].title`]), file).toEqual(words(catalogue));
    }
  });

  it('has a 192×192 colour icon and a 32×32 white-on-transparent outline icon', () => {
    expect(readPngHeader(read('color.png'))).toMatchObject({ width: 192, height: 192 });
    const outline = decodeRgbaPng(read('outline.png'));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let transparent = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      if (outline.pixels[i + 3] === 0) transparent++;
      else expect([...outline.pixels.subarray(i, i + 3)]).toEqual([255, 255, 255]);
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.4);
  });
});

describe('what the validation catches', () => {
  it('an icon of the wrong size', async () => {
    const problems = await packageProblems(filledFiles({ 'color.png': encodePng(96, 96, new Uint8Array(96 * 96 * 4)) }));
    expect(problems).toEqual([expect.stringMatching(/icons\.color: color\.png is 96×96, Teams needs 192×192/)]);
  });

  it('a translation too long for Teams', async () => {
    const fr = JSON.parse(read('fr.json').toString('utf8')) as Record<string, string>;
    fr['name.short'] = 'Collections Lens, mais beaucoup trop long';
    const problems = await packageProblems(filledFiles({ 'fr.json': Buffer.from(JSON.stringify(fr)) }));
    expect(problems.some((p) => p.startsWith('fr.json:') && /name\.short/.test(p))).toBe(true);
  });

  it('a schema it would have to download', async () => {
    const other = { ...manifest, $schema: 'https://example.com/teams/MicrosoftTeams.schema.json' };
    const problems = await packageProblems(filledFiles({ 'manifest.json': Buffer.from(JSON.stringify(other)) }));
    expect(problems).toEqual([expect.stringContaining('is not a Teams schema bundled in @microsoft/app-manifest')]);
  });

  it('an SSO resource off the valid domains, and an unfilled placeholder', async () => {
    const other = { ...manifest, webApplicationInfo: { ...manifest.webApplicationInfo, resource: `api://elsewhere.example.com/${VALUES.AAD_APP_CLIENT_ID}` }, developer: { ...manifest.developer, name: '${{PUBLISHER}}' } };
    const problems = await packageProblems(filledFiles({ 'manifest.json': Buffer.from(JSON.stringify(other)) }));
    expect(problems).toContain('webApplicationInfo.resource must name a domain listed in validDomains');
    expect(problems).toContain('manifest.json: placeholders not filled: PUBLISHER');
  });

  it('an environment that does not set the ids, named one by one', async () => {
    const error = await buildAppPackage(ROOT, 'nothing-set', { TAB_DOMAIN: VALUES.TAB_DOMAIN }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackageError);
    expect((error as PackageError).problems).toEqual(['env/.env.nothing-set (or the process environment) does not set AAD_APP_CLIENT_ID, BOT_ID, TEAMS_APP_ID']);
  });
});

describe('npm run package', () => {
  it('fills in the environment, validates and writes a zip whose manifest validates', async () => {
    const env = 'vitest';
    const zipPath = join(APP, 'build', `appPackage.${env}.zip`);
    built.push(zipPath, join(APP, 'build', `manifest.${env}.json`));
    const run = spawnSync('npm', ['run', '--silent', 'package', '--', '--env', env], { cwd: ROOT, env: { ...process.env, ...VALUES }, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`appPackage/build/appPackage.${env}.zip`);

    const files = readZip(readFileSync(zipPath));
    expect([...files.keys()].sort()).toEqual(['color.png', 'fr.json', 'manifest.json', 'outline.png', 'zh-cn.json']);
    const zipped = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Record<string, any>;
    expect(zipped.id).toBe(VALUES.TEAMS_APP_ID);
    expect(zipped.bots[0].botId).toBe(VALUES.BOT_ID);
    expect(await AppManifestUtils.validateAgainstSchema(zipped as AppManifest)).toEqual([]);
    expect(await packageProblems(files)).toEqual([]);
    expect(files.get('color.png')!.equals(read('color.png'))).toBe(true);
  });

  it('fails, naming what is missing, when the environment lacks the ids', () => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !(k in VALUES)));
    const run = spawnSync('npm', ['run', '--silent', 'package', '--', '--env', 'local'], { cwd: ROOT, env: clean, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/does not set AAD_APP_CLIENT_ID, BOT_ID, TAB_DOMAIN, TEAMS_APP_ID/);
  });
});
