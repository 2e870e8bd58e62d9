/**
 * The API process for `npm run soak` (bench/soak.ts): api/main.ts itself, plus one line of memory
 * figures on stdout every SOAK_SAMPLE_MS (default 10 s). With --expose-gc the heap is collected
 * first, so `heapUsed` is what is really kept alive, the figure a leak makes grow.
 */
const every = Number(process.env.SOAK_SAMPLE_MS ?? 10_000);
const collect = (globalThis as { gc?: () => void }).gc;

setInterval(() => {
  collect?.();
  const m = process.memoryUsage();
  process.stdout.write(
    `${JSON.stringify({ soak: 'memory', at: Date.now(), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, collected: Boolean(collect) })}\n`,
  );
}, every).unref();

await import('../api/main.ts');

export {};
