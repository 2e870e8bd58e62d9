import type { Identity } from '../access/index.ts';
import { AppTokens } from '../adapters/powerbi/app-tokens.ts';
import { powerBiSetupFromEnv } from '../adapters/powerbi/config.ts';
import { PowerBiEmbedder, type EmbedUser } from '../adapters/powerbi/embedder.ts';
import { PowerBiError, PowerBiRestClient } from '../adapters/powerbi/rest-client.ts';
import { powerBiOps } from '../contracts/powerbi.ts';
import { bind, json, type Binding } from '../server/operation.ts';
import { HttpProblem } from '../server/problem.ts';
import type { Services } from '../server/services.ts';

const NO_STORE = { 'Cache-Control': 'no-store' };

export const powerBiRoutes: Binding[] = [
  bind(powerBiOps.getPowerBiEmbedConfig, async ({ identity, services }) => {
    const setup = embedderOf(services);
    if ('reason' in setup) return json({ configured: false as const, reason: setup.reason }, 200, NO_STORE);
    try {
      return json(await setup.embedConfig(userOf(identity)), 200, NO_STORE);
    } catch (error) {
      if (!(error instanceof PowerBiError)) throw error;
      // The user's own Power BI rights refused the report: theirs to sort out, not a fault here.
      if (setup.config.mode === 'organization' && (error.status === 401 || error.status === 403)) {
        throw new HttpProblem(403, 'powerbi-forbidden', 'No access to the report', `Your Power BI account may not open the executive report: ${error.message}.`);
      }
      throw new HttpProblem(502, 'powerbi-failed', 'Power BI did not answer as expected', `${error.message}.`);
    }
  }),
];

function userOf(identity: Identity): EmbedUser {
  const { principal } = identity;
  return { id: principal.id, upn: principal.upn, token: principal.token, role: identity.role, teams: identity.teams };
}

/**
 * One embedder per running server, built on first use from the POWERBI_* variables (see
 * docs/POWERBI.md); the process environment is the server's configuration source.
 */
const embedders = new WeakMap<object, PowerBiEmbedder | { readonly reason: string }>();

function embedderOf(services: Pick<Services, 'config' | 'obo'>): PowerBiEmbedder | { readonly reason: string } {
  let found = embedders.get(services);
  if (!found) {
    const setup = powerBiSetupFromEnv(process.env, services.config.remotes, services.config.auth);
    if (!setup.configured) {
      found = { reason: setup.reason };
    } else {
      const { config } = setup;
      const app = config.servicePrincipal ? new AppTokens(config.servicePrincipal) : null;
      found = new PowerBiEmbedder(config, new PowerBiRestClient(config.apiUrl), services.obo, app);
    }
    embedders.set(services, found);
  }
  return found;
}
