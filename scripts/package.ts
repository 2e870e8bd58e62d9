/**
 * `npm run package [-- --env dev]`: the Teams app package of an environment, written to
 * appPackage/build/appPackage.<env>.zip after offline validation. Values come from
 * env/.env.<env>, env/.env.<env>.user and the process environment (which wins).
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildAppPackage, PackageError } from './app-package/build.ts';
import { environmentVariables } from './app-package/env-files.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { env: { type: 'string', default: 'local' } } });
const env = values.env!;

try {
  const result = await buildAppPackage(ROOT, env, environmentVariables(ROOT, env));
  process.stdout.write(`validated and wrote ${relative(ROOT, result.zipPath)} (${result.files.join(', ')})\n`);
} catch (error) {
  process.stderr.write(`npm run package: ${error instanceof PackageError ? error.message : String(error)}\n`);
  process.exit(1);
}
