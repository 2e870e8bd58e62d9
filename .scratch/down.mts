import { createRemoteJWKSet, jwtVerify, errors } from 'jose';
import { OboClient } from '../api/auth/obo.ts';
import { startEntraStandIn } from '../test/stand-ins/entra.ts';
const entra = await startEntraStandIn();
const t = entra.userToken({ tenant: 't1', audience: 'api://x', oid: 'u1' });
const url = entra.url;
await entra.close();
const keys = createRemoteJWKSet(new URL(`${url}/t1/discovery/v2.0/keys`), { timeoutDuration: 2000 });
try { await jwtVerify(t, keys); } catch (e) { console.log('jose', (e as Error).constructor.name, (e as any).code, (e as Error).message, e instanceof errors.JOSEError); }
const obo = new OboClient({ mode: 'entra', tenantId: 't1', clientId: 'c', clientSecret: 's', authorityHost: url, jwksUrl: '', issuers: [], audiences: [], tokenEndpoint: null });
const started = Date.now();
try { await obo.acquire(t, ['https://analysis.windows.net/powerbi/api/.default']); } catch (e) { console.log('obo', (e as any).code, (e as Error).message, Date.now() - started, 'ms'); }
