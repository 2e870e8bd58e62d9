import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { readPngHeader } from './png.ts';
import { placeholdersIn } from './placeholders.ts';

/** Icon sizes Teams requires. */
export const ICON_SIZES = { color: 192, outline: 32 } as const;

const SCHEMA_URL = /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/teams\/(v[\w.]+)\/([\w.]+\.schema\.json)$/i;
const PACKAGE_DIR = dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json'));

/**
 * Everything wrong with an app package (its files by name), offline: the manifest and its
 * localisation files against the JSON schemas bundled in @microsoft/app-manifest, plus the
 * rules Teams applies on upload that a schema cannot state (icons, files present, SSO resource
 * on a valid domain, no unfilled placeholders). An empty list means it validates.
 */
export async function packageProblems(files: ReadonlyMap<string, Buffer>): Promise<string[]> {
  const problems: string[] = [];
  const manifest = parseJson(files, 'manifest.json', problems) as ManifestShape | null;
  if (!manifest) return problems;
  for (const [name, data] of files) {
    if (!name.endsWith('.json')) continue;
    const left = placeholdersIn(data.toString('utf8'));
    if (left.length) problems.push(`${name}: placeholders not filled: ${left.join(', ')}`);
  }

  problems.push(...(await schemaProblems('manifest.json', manifest)));

  for (const [kind, size] of Object.entries(ICON_SIZES) as [keyof typeof ICON_SIZES, number][]) {
    const file = manifest.icons?.[kind];
    const data = file ? files.get(file) : undefined;
    if (!data) {
      problems.push(`icons.${kind}: ${file ?? '(none)'} is not in the package`);
      continue;
    }
    try {
      const png = readPngHeader(data);
      if (png.width !== size || png.height !== size) problems.push(`icons.${kind}: ${file} is ${png.width}×${png.height}, Teams needs ${size}×${size}`);
      if (kind === 'outline' && png.colorType !== 6 && png.colorType !== 4) problems.push(`icons.outline: ${file} has no alpha channel; the outline icon must be transparent`);
    } catch (error) {
      problems.push(`icons.${kind}: ${file}: ${(error as Error).message}`);
    }
  }

  for (const language of manifest.localizationInfo?.additionalLanguages ?? []) {
    const localized = parseJson(files, language.file, problems) as { $schema?: string } | null;
    if (!localized) continue;
    const version = schemaVersion(manifest.$schema);
    if (version !== null && schemaVersion(localized.$schema) !== version) {
      problems.push(`${language.file}: its $schema is for ${schemaVersion(localized.$schema)}, the manifest for ${version}`);
    }
    problems.push(...(await schemaProblems(language.file, localized)));
  }

  const domains = manifest.validDomains ?? [];
  const onValidDomain = (url: string) => {
    const host = safeHost(url);
    return host !== null && domains.some((d) => d === host || (d.startsWith('*.') && host.endsWith(d.slice(1))));
  };
  const sso = manifest.webApplicationInfo;
  if (sso) {
    if (!sso.resource?.endsWith(`/${sso.id}`)) problems.push(`webApplicationInfo.resource must end with the app id (api://<domain>/${sso.id})`);
    if (sso.resource && !onValidDomain(sso.resource.replace(/^api:\/\//, 'https://'))) problems.push('webApplicationInfo.resource must name a domain listed in validDomains');
  }
  for (const tab of manifest.staticTabs ?? []) {
    if (tab.contentUrl && !onValidDomain(tab.contentUrl)) problems.push(`staticTabs ${tab.entityId}: ${tab.contentUrl} is not on a valid domain`);
  }
  for (const domain of domains) if (/[/:]/.test(domain)) problems.push(`validDomains: "${domain}" must be a host name, without scheme or path`);
  return problems;
}

interface ManifestShape {
  $schema?: string;
  icons?: { color?: string; outline?: string };
  localizationInfo?: { additionalLanguages?: { languageTag: string; file: string }[] };
  validDomains?: string[];
  webApplicationInfo?: { id: string; resource?: string };
  staticTabs?: { entityId: string; contentUrl?: string }[];
}

async function schemaProblems(name: string, document: { $schema?: string }): Promise<string[]> {
  const url = document.$schema ?? '';
  const match = SCHEMA_URL.exec(url);
  // Only bundled schemas: the validator would otherwise fetch the URL from the network.
  if (!match || !existsSync(join(PACKAGE_DIR, 'build', 'json-schemas', 'teams', match[1], match[2]))) {
    return [`${name}: $schema ${url || '(none)'} is not a Teams schema bundled in @microsoft/app-manifest`];
  }
  const schema = bundledPatterns(await AppManifestUtils.fetchSchema(url));
  const errors = await AppManifestUtils.validateAgainstSchema(document as AppManifest, schema);
  return errors.map((error) => `${name}: ${error}`);
}

/**
 * The localisation schemas write `\b]` in some patterns, a lone bracket that Ajv's unicode
 * regular expressions reject. `\b\]` means the same; escape it so the schema compiles.
 */
function bundledPatterns<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema), (key, value) => {
    if (key !== 'patternProperties' || value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([pattern, rule]) => [pattern.replaceAll('\\b]', '\\b\\]'), rule]));
  }) as T;
}

function parseJson(files: ReadonlyMap<string, Buffer>, name: string, problems: string[]): unknown {
  const data = files.get(name);
  if (!data) {
    problems.push(`${name} is not in the package`);
    return null;
  }
  try {
    return JSON.parse(data.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    problems.push(`${name}: not valid JSON (${(error as Error).message})`);
    return null;
  }
}

function schemaVersion(url: string | undefined): string | null {
  return SCHEMA_URL.exec(url ?? '')?.[1] ?? null;
}

function safeHost(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}
