import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

/**
 * The signing key of local mode (no Entra configuration): one ES256 key pair kept in the data
 * folder, so the server and `npm run token` (a separate process) agree on it without talking
 * to each other.
 */

export const LOCAL_KEY_FILE = join('auth', 'local-signing-key.json');
export const LOCAL_ALGORITHM = 'ES256';

export interface LocalKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  /** The public half as a JWK with kid, alg and use: what the JWKS endpoint serves. */
  readonly publicJwk: JWK;
}

/** Loads the key from `<dataDir>/auth/`, creating it on first use. */
export async function loadOrCreateLocalKey(dataDir: string): Promise<LocalKey> {
  const file = join(dataDir, LOCAL_KEY_FILE);
  let jwk: JWK;
  try {
    jwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    jwk = await createKeyFile(file);
  }
  return fromPrivateJwk(jwk);
}

async function createKeyFile(file: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair(LOCAL_ALGORITHM, { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: `local-${Date.now().toString(36)}`, alg: LOCAL_ALGORITHM, use: 'sig' };
  await mkdir(join(file, '..'), { recursive: true });
  try {
    // 'wx': when the server and the CLI race on a fresh data folder, the first key wins.
    await writeFile(file, `${JSON.stringify(jwk, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    return jwk;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(await readFile(file, 'utf8')) as JWK;
  }
}

async function fromPrivateJwk(jwk: JWK): Promise<LocalKey> {
  if (!jwk.kid || !jwk.d) throw new Error('the local signing key file is not a private JWK with a kid');
  const privateKey = (await importJWK(jwk, LOCAL_ALGORITHM)) as CryptoKey;
  const { d: _private, ...rest } = jwk;
  return { kid: jwk.kid, privateKey, publicJwk: { ...rest, alg: LOCAL_ALGORITHM, use: 'sig' } };
}
