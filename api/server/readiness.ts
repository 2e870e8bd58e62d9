import type { Store } from '../adapters/store/index.ts';

export type ReadinessState = 'starting' | 'ready' | 'stopping';

/**
 * Liveness says the process answers; readiness says it should get traffic: started, the
 * store answers, and not shutting down (a load balancer drains it first).
 */
export class Readiness {
  state: ReadinessState = 'starting';
  private readonly startedAt = Date.now();

  constructor(private readonly store: Store) {}

  uptimeSeconds(): number {
    return (Date.now() - this.startedAt) / 1000;
  }

  async check(): Promise<{ ready: boolean; status: 'ready' | 'starting' | 'stopping' | 'failing'; checks: Record<string, { ok: boolean; detail?: string }> }> {
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
    const status = ready ? 'ready' : this.state === 'ready' ? 'failing' : this.state;
    return { ready, status, checks };
  }
}
