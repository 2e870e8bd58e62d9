/**
 * A progress line on stderr for long imports and generations. Only on a terminal, so scripts
 * and CI logs stay clean; stdout is never touched (it may carry JSON).
 */
export function progressPrinter(label: string, stream: NodeJS.WriteStream = process.stderr): {
  update(done: number, total: number, detail?: string): void;
  finish(): void;
} {
  const enabled = stream.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(done, total, detail) {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 150) return;
      last = now;
      const pct = total > 0 ? Math.min(100, (done / total) * 100) : 0;
      const width = 24;
      const filled = Math.round((pct / 100) * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct.toFixed(0).padStart(3)}%${detail ? `  ${detail}` : ''}   `);
      shown = true;
    },
    finish() {
      if (enabled && shown) stream.write('\r\x1b[K');
    },
  };
}
