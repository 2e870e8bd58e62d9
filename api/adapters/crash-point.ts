/**
 * TEST-ONLY crash points. The crash-safety tests (test/hardening/crash-*.test.ts) start the real
 * server with `CLENS_TEST_CRASH_AT=<stage>[#n]` and the process kills itself with SIGKILL the nth
 * time (default the first) the code reaches `crashPoint('<stage>')`: as abrupt as `kill -9`, but
 * at a known moment. This is the only place that reads the variable; without it every call is a
 * comparison and nothing else. Never set it in production.
 *
 * Stages (where they are reached):
 *   save:staged, save:tables-written, save:catalogued   inside the store transaction of a log save
 *                                                       (api/server/start.ts, the store's onSaveStage)
 *   policy:inserted   a policy version inserted, its transaction not yet committed (policy-versions.ts)
 *   policy:saved      a policy version committed, before the API answers (api/server/policies.ts)
 *   digest:sent       Teams accepted a digest, the ledger does not know yet (api/main.ts → bot hooks)
 *   sync:page:<entity>   a page of a Dynamics entity and its watermark committed (api/server/dynamics-sync.ts)
 */
const spec = parse(process.env.CLENS_TEST_CRASH_AT);
let reached = 0;

function parse(value: string | undefined): { stage: string; nth: number } | null {
  const text = value?.trim();
  if (!text) return null;
  const [stage, nth] = text.split('#');
  const n = nth === undefined ? 1 : Number(nth);
  return { stage, nth: Number.isInteger(n) && n > 0 ? n : 1 };
}

export function crashPoint(stage: string): void {
  if (spec === null || stage !== spec.stage) return;
  if (++reached < spec.nth) return;
  process.stderr.write(`CLENS_TEST_CRASH_AT: killing the process at ${stage}#${reached}\n`);
  process.kill(process.pid, 'SIGKILL');
  // Nothing after the crash point may run, not even a microtask: wait for the signal to land.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000);
}
