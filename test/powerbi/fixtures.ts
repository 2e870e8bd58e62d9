import { CLIENT_CREDENTIALS, startEntraStandIn, type EntraStandIn } from '../stand-ins/entra.ts';
import { startPowerBiStandIn, type PowerBiStandIn } from '../stand-ins/powerbi.ts';

export const TENANT = '0b6c6f4e-3c55-4a43-9d7e-2f5b0f6f1a01';
/** The API's own app registration (Teams SSO, on-behalf-of). */
export const API_CLIENT = '5d1c7a2e-8b4f-4c0e-a3d9-6e2f1b7c9a02';
export const API_SECRET = 'api-secret';
/** The service principal that generates embed tokens. */
export const SP_CLIENT = 'a7e3f9c1-2d4b-4e6a-8f0c-1b3d5e7f9a03';
export const SP_SECRET = 'sp-secret';
export const WORKSPACE = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e04';
export const REPORT = 'd2e3f4a5-b6c7-4d8e-9f0a-1b2c3d4e5f05';
export const DATASET = 'e3f4a5b6-c7d8-4e9f-8a1b-2c3d4e5f6a06';
export const POWERBI_RESOURCE = 'https://analysis.windows.net/powerbi/api';

export interface PowerBiStandIns {
  readonly entra: EntraStandIn;
  readonly powerbi: PowerBiStandIn;
  close(): Promise<void>;
}

/**
 * Entra token endpoint and Power BI REST stand-ins wired together: Power BI accepts exactly the
 * Power BI-audience tokens the Entra stand-in issued and has not expired, as the service does.
 */
export async function startStandIns(): Promise<PowerBiStandIns> {
  const entra = await startEntraStandIn({ clients: { [API_CLIENT]: API_SECRET, [SP_CLIENT]: SP_SECRET } });
  const powerbi = await startPowerBiStandIn({
    workspaceId: WORKSPACE,
    reportId: REPORT,
    datasetId: DATASET,
    rlsRoles: ['Team', 'Executive'],
    authorize: (token) => {
      const issued = entra.verify(token);
      if (!issued || issued.audience !== POWERBI_RESOURCE) return undefined;
      return { subject: issued.subject, kind: issued.grantType };
    },
  });
  return { entra, powerbi, close: async () => void (await Promise.all([entra.close(), powerbi.close()])) };
}

export { CLIENT_CREDENTIALS };

/** POWERBI_* as the server reads them from its environment on first use. */
export function setPowerBiEnv(values: Record<string, string | undefined>): void {
  for (const name of Object.keys(process.env)) if (name.startsWith('POWERBI_')) delete process.env[name];
  for (const [name, value] of Object.entries(values)) if (value !== undefined) process.env[name] = value;
}
