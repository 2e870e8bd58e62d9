import { parentPort } from 'node:worker_threads';
import { indexLog, type EventLog } from '../engine/index.ts';
import { runAnalysis, type AnalysisName } from './analyses.ts';

/**
 * A worker of the analysis pool: holds copies of the logs it was sent (by key) and runs
 * analyses over them. Its engine caches (filter masks, maps, policy checks) live here too,
 * which is why the pool sends the same view to the same worker.
 */

export type WorkerRequest =
  | { readonly type: 'load'; readonly key: string; readonly log: EventLog }
  | { readonly type: 'drop'; readonly key: string }
  | { readonly type: 'run'; readonly id: number; readonly key: string; readonly name: AnalysisName; readonly scope: Uint8Array | null; readonly scopeKey: string; readonly args: unknown };

export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: { readonly name: string; readonly message: string; readonly stack?: string } };

const logs = new Map<string, EventLog>();
const port = parentPort!;

port.on('message', (message: WorkerRequest) => {
  if (message.type === 'load') {
    logs.set(message.key, message.log);
    // Indexing now, while the log is being opened, makes the first view cost what any later one does.
    indexLog(message.log);
    return;
  }
  if (message.type === 'drop') {
    logs.delete(message.key);
    return;
  }
  let reply: WorkerReply;
  try {
    const log = logs.get(message.key);
    if (!log) throw new Error(`log ${message.key} was not sent to this worker`);
    const result = runAnalysis(message.name, { key: message.key, log, scope: message.scope, scopeKey: message.scopeKey }, message.args as never);
    reply = { id: message.id, ok: true, result };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    // Engine errors often set no name of their own; their class is what tells them apart.
    const name = e.constructor.name !== 'Error' ? e.constructor.name : e.name;
    reply = { id: message.id, ok: false, error: { name, message: e.message, stack: e.stack } };
  }
  port.postMessage(reply);
});
