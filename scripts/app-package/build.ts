import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fillPlaceholders } from './placeholders.ts';
import { packageProblems } from './validate.ts';
import { readZip, writeZip } from './zip.ts';

export interface BuildResult {
  readonly zipPath: string;
  readonly manifestPath: string;
  readonly files: string[];
}

export class PackageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the app package is not valid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'PackageError';
  }
}

/**
 * appPackage/ → appPackage/build/appPackage.<env>.zip: placeholders filled from the
 * environment's variables, the result validated offline, zipped, and the zip read back and
 * validated again, so what is written is what Teams will be given.
 */
export async function buildAppPackage(root: string, env: string, vars: Readonly<Record<string, string>>): Promise<BuildResult> {
  const dir = join(root, 'appPackage');
  const template = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    icons: { color: string; outline: string };
    localizationInfo?: { additionalLanguages?: { file: string }[] };
  };
  const names = ['manifest.json', template.icons.color, template.icons.outline, ...(template.localizationInfo?.additionalLanguages ?? []).map((l) => l.file)];

  const files = new Map<string, Buffer>();
  const missing = new Set<string>();
  for (const name of names) {
    const data = readFileSync(join(dir, name));
    if (!name.endsWith('.json')) {
      files.set(name, data);
      continue;
    }
    const filled = fillPlaceholders(data.toString('utf8'), vars);
    filled.missing.forEach((m) => missing.add(m));
    files.set(name, Buffer.from(filled.text, 'utf8'));
  }
  if (missing.size) throw new PackageError([`env/.env.${env} (or the process environment) does not set ${[...missing].join(', ')}`]);
  const problems = await packageProblems(files);
  if (problems.length) throw new PackageError(problems);

  const out = join(dir, 'build');
  await mkdir(out, { recursive: true });
  const zipPath = join(out, `appPackage.${env}.zip`);
  const manifestPath = join(out, `manifest.${env}.json`);
  await writeZip(zipPath, files);
  await writeFile(manifestPath, files.get('manifest.json')!);
  const reread = await packageProblems(readZip(readFileSync(zipPath)));
  if (reread.length) throw new PackageError(reread.map((p) => `in the written zip: ${p}`));
  return { zipPath, manifestPath, files: [...files.keys()].sort() };
}
