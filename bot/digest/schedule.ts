import { Cron } from 'croner';
import type { Logger } from 'pino';
import { localMinutes, minutesOf } from '../local-time.ts';

/**
 * One croner job per time zone in use, firing at the digest time of day in that zone, so each
 * recipient gets theirs at their own 08:00 whatever the server's zone and across DST changes.
 */
export class DigestSchedule {
  private readonly jobs = new Map<string, Cron>();

  constructor(
    private readonly time: string,
    private readonly runZone: (zone: string) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** Adds jobs for new zones and stops those of zones no recipient is in any more. */
  sync(zones: Iterable<string>): void {
    const wanted = new Set(zones);
    for (const [zone, job] of this.jobs) {
      if (!wanted.has(zone)) {
        job.stop();
        this.jobs.delete(zone);
      }
    }
    const [hour, minute] = this.time.split(':').map(Number);
    for (const zone of wanted) {
      if (this.jobs.has(zone)) continue;
      const job = new Cron(`${minute} ${hour} * * *`, { timezone: zone, protect: true, name: `digest ${zone}` }, async () => {
        try {
          await this.runZone(zone);
        } catch (error) {
          this.logger.error({ err: error, zone }, 'scheduled digest run failed');
        }
      });
      this.jobs.set(zone, job);
    }
  }

  zones(): string[] {
    return [...this.jobs.keys()];
  }

  nextRun(zone: string): Date | null {
    return this.jobs.get(zone)?.nextRun() ?? null;
  }

  stop(): void {
    for (const job of this.jobs.values()) job.stop();
    this.jobs.clear();
  }
}

/**
 * Zones whose digest time passed today no more than `hours` ago: after a restart their digests
 * still go out (the ledger skips whoever already had one), later ones wait for tomorrow.
 */
export function catchUpZones(zones: Iterable<string>, now: number, time: string, hours: number): Set<string> {
  const at = minutesOf(time);
  const due = new Set<string>();
  for (const zone of zones) {
    const local = localMinutes(now, zone);
    if (local >= at && local <= at + hours * 60) due.add(zone);
  }
  return due;
}
