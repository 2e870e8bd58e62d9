import type { Logger } from 'pino';
import type { Store } from '../adapters/store/index.ts';

export type ReadinessState = 'starting' | 'ready' | 'stopping';

/**
 * Remote services whose last outcome readiness reports: they degrade the process, never stop it
 * serving. dynamics: the scheduled sync; botConnector: digest sends; entraTokenEndpoint:
 * on-behalf-of token requests; entraKeys: the signing keys of Entra ID tokens.
 */
export type DependencyName = 'dynamics' | 'botConnector' | 'entraTokenEndpoint' | 'entraKeys';

interface DependencyStatus {
  ok: boolean;
  /** Epoch ms of the last outcome. */
  at: number;
  /** Since when it has been failing (epoch ms); null while it works. */
  failingSince: number | null;
  detail: string;
}

/**
 * Liveness says the process answers; readiness says it should get traffic: started, the
 * store answers, and not shutting down (a load balancer drains it first). Remote dependencies
 * (Dynamics sync, Bot Connector sends, the Entra token endpoint and keys) report their last
 * outcome here: while one fails the process is still ready (HTTP 200) but its status is
 * `degraded`, with the reason under that dependency's check.
 */
export class Readiness {
  state: ReadinessState = 'starting';
  private readonly startedAt = Date.now();
  private readonly dependencies = new Map<DependencyName, DependencyStatus>();

  constructor(
    private readonly store: Store,
    private readonly logger?: Logger,
  ) {}

  uptimeSeconds(): number {
    return (Date.now() - this.startedAt) / 1000;
  }

  /** The last outcome of a call to a remote dependency; a change of state is logged once. */
  report(name: DependencyName, ok: boolean, detail = ''): void {
    const now = Date.now();
    const previous = this.dependencies.get(name);
    const failingSince = ok ? null : (previous?.failingSince ?? now);
    this.dependencies.set(name, { ok, at: now, failingSince, detail });
    if (!ok && (previous === undefined || previous.ok)) this.logger?.warn({ dependency: name, reason: detail }, 'dependency failing: readiness reports degraded');
    if (ok && previous !== undefined && !previous.ok) this.logger?.info({ dependency: name }, 'dependency recovered');
  }

  async check(): Promise<{
    ready: boolean;
    status: 'ready' | 'degraded' | 'starting' | 'stopping' | 'failing';
    checks: Record<string, { ok: boolean; detail?: string }>;
  }> {
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    checks.started = this.state === 'starting' ? { ok: false, detail: 'still starting' } : { ok: true };
    checks.draining = this.state === 'stopping' ? { ok: false, detail: 'shutting down' } : { ok: true };
    if (this.state !== 'stopping') {
      try {
        await this.store.query('SELECT 1');
        checks.store = { ok: true };
      } catch (error) {
        checks.store = { ok: false, detail: error instanceof Error ? error.message : String(error) };
      }
    }
    const ready = Object.values(checks).every((c) => c.ok);
    let degraded = false;
    for (const [name, dep] of this.dependencies) {
      const when = new Date(dep.at).toISOString();
      checks[name] = dep.ok
        ? { ok: true, detail: `last call succeeded at ${when}` }
        : { ok: false, detail: `failing since ${new Date(dep.failingSince!).toISOString()} (last at ${when}): ${dep.detail}` };
      if (!dep.ok) degraded = true;
    }
    const status = ready ? (degraded ? 'degraded' : 'ready') : this.state === 'ready' ? 'failing' : this.state;
    return { ready, status, checks };
  }
}
