import type { SyncProgress, SyncResult } from '../adapters/dynamics/index.ts';
import { formatCount } from './format.ts';

/** Shared output of sync:d365 and sync:tables: a live progress line on stderr, a summary on stdout. */

export function progressLine(stream: NodeJS.WriteStream = process.stderr): { update(p: SyncProgress): void; finish(): void } {
  const enabled = stream.isTTY === true;
  let last = 0;
  let shown = false;
  const write = (text: string) => {
    stream.write(`\r\x1b[K${text}`);
    shown = true;
  };
  return {
    update(p) {
      if (!enabled) return;
      const now = Date.now();
      if (p.phase === 'page' && now - last < 150) return;
      last = now;
      if (p.phase === 'metadata') write('Reading the data entity catalogue…');
      else if (p.phase === 'entity') write(`${p.entity}: starting`);
      else if (p.phase === 'page') {
        const total = p.total !== undefined ? ` of ${formatCount(p.total)}` : '';
        const pct = p.total ? ` (${Math.min(100, Math.round(((p.fetched ?? 0) / p.total) * 100))}%)` : '';
        write(`${p.entity}: ${formatCount(p.fetched ?? 0)}${total} rows${pct}, ${p.pages} page${p.pages === 1 ? '' : 's'}`);
      } else if (p.phase === 'build') write('Building the event log…');
    },
    finish() {
      if (enabled && shown) stream.write('\r\x1b[K');
    },
  };
}

const rows = (n: number) => `${formatCount(n)} row${n === 1 ? '' : 's'}`;

export function summary(result: SyncResult): string {
  const lines: string[] = [];
  const width = Math.max(...result.entities.map((e) => e.entity.length), 6);
  for (const e of result.entities) {
    const name = e.entity.padEnd(width);
    if (e.skipped) lines.push(`  ${name}  skipped: ${e.skipped}`);
    else if (result.dryRun) lines.push(`  ${name}  would read ${rows(e.wouldFetch ?? 0)}${e.collection ? ` from ${e.collection}` : ''} (${e.mode}${e.filter ? `, ${e.filter}` : ''})`);
    else {
      const removed = e.removed ? `, ${formatCount(e.removed)} no longer there` : '';
      lines.push(`  ${name}  ${rows(e.fetched)} in ${e.pages} page${e.pages === 1 ? '' : 's'} (${e.mode})${removed}`);
    }
  }
  if (result.dryRun) lines.push('Dry run: nothing was written.');
  if (result.log) {
    lines.push(
      `Saved "${result.log.name}" (id ${result.log.id}, version ${result.log.version}): ${formatCount(result.log.cases)} invoices, ${formatCount(result.log.events)} events, as of ${result.log.lastDataUpdate}.`,
    );
  }
  for (const note of result.notes) lines.push(`  note: ${note}`);
  return `${lines.join('\n')}\n`;
}
