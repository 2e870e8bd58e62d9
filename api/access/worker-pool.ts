import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { FilterSpecError } from '../engine/index.ts';
import type { AnalysisArgs, AnalysisName, AnalysisResults, AnalysisTarget } from './analyses.ts';
import type { WorkerReply, WorkerRequest } from './analysis-worker.ts';
import { InvalidAnalysis } from './errors.ts';
import type { AnalysisExecutor } from './executor.ts';

interface Slot {
  worker: Worker | null;
  /** Keys of the logs this worker holds, least recently used first. */
  readonly logs: Set<string>;
  readonly pending: Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>;
}

const BOOT = new URL('./analysis-worker-boot.mjs', import.meta.url);
/** Logs a worker keeps (whole versions and scopes' own logs). */
const MAX_LOGS = 48;
/** Requests a view's own worker may have queued beyond the idlest before the view goes elsewhere. */
const AFFINITY_SLACK = 1;

/**
 * Analyses in worker threads, so that the event loop keeps answering cached results, health
 * checks and uploads while maps and KPIs are computed, and so that more than one core works.
 * Each worker holds its own copy of a log (sent once per version); a view (log, scope, filter)
 * always goes to the same worker, whose engine caches then serve it again. A worker that dies
 * fails its requests and is replaced on the next one.
 */
export class WorkerPool implements AnalysisExecutor {
  private readonly slots: Slot[];
  private nextId = 1;
  private closed = false;

  constructor(
    size: number,
    private readonly logger: Logger,
  ) {
    this.slots = Array.from({ length: Math.max(1, size) }, () => ({ worker: null, logs: new Set<string>(), pending: new Map() }));
  }

  get size(): number {
    return this.slots.length;
  }

  run<K extends AnalysisName>(name: K, target: AnalysisTarget, args: AnalysisArgs[K]): Promise<AnalysisResults[K]> {
    if (this.closed) return Promise.reject(new Error('the analysis pool is closed'));
    const spec = (args as { spec?: unknown }).spec;
    const slot = this.pick(`${target.key}|${target.scopeKey}|${JSON.stringify(spec ?? null)}`);
    const worker = this.ensureWorker(slot);
    this.ensureLog(slot, worker, target);
    const id = this.nextId++;
    return new Promise<AnalysisResults[K]>((resolve, reject) => {
      slot.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.post(worker, { type: 'run', id, key: target.key, name, scope: target.scope, scopeKey: target.scopeKey, args });
    });
  }

  /**
   * Sends the log unless the worker has it: once per worker and log (a version, or one scope's
   * log of it). Older versions of the same log go, and beyond MAX_LOGS the least recently used.
   */
  private ensureLog(slot: Slot, worker: Worker, target: AnalysisTarget): void {
    if (slot.logs.has(target.key)) {
      slot.logs.delete(target.key);
      slot.logs.add(target.key);
      return;
    }
    const version = target.key.split('#')[0];
    const id = version.slice(0, version.lastIndexOf('@'));
    for (const key of slot.logs) {
      const other = key.split('#')[0];
      if (other !== version && other.slice(0, other.lastIndexOf('@')) === id) this.drop(slot, worker, key);
    }
    while (slot.logs.size >= MAX_LOGS) this.drop(slot, worker, slot.logs.values().next().value!);
    // Typed-array columns: the clone is a copy of buffers, not a walk over events.
    this.post(worker, { type: 'load', key: target.key, log: target.log });
    slot.logs.add(target.key);
  }

  private drop(slot: Slot, worker: Worker, key: string): void {
    slot.logs.delete(key);
    this.post(worker, { type: 'drop', key });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map(async (slot) => {
      const worker = slot.worker;
      slot.worker = null;
      this.failAll(slot, new Error('the analysis pool was closed'));
      await worker?.terminate();
    }));
  }

  /**
   * The view's own worker (its caches know the view), unless that one is busier than another
   * by more than a request or two: then waiting costs more than recomputing.
   */
  private pick(key: string): Slot {
    if (this.slots.length === 1) return this.slots[0];
    const home = this.slots[createHash('sha1').update(key).digest().readUInt32BE(0) % this.slots.length];
    let idlest = home;
    for (const slot of this.slots) if (slot.pending.size < idlest.pending.size) idlest = slot;
    return home.pending.size - idlest.pending.size > AFFINITY_SLACK ? idlest : home;
  }

  private post(worker: Worker, message: WorkerRequest): void {
    worker.postMessage(message);
  }

  private ensureWorker(slot: Slot): Worker {
    if (slot.worker) return slot.worker;
    const worker = new Worker(BOOT);
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const waiting = slot.pending.get(reply.id);
      if (!waiting) return;
      slot.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(rebuild(reply.error));
    });
    const lost = (error: Error) => {
      if (slot.worker !== worker) return;
      slot.worker = null;
      slot.logs.clear();
      if (!this.closed) this.logger.error({ err: error }, 'an analysis worker stopped; the next request starts another');
      this.failAll(slot, error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`analysis worker exited with code ${code}`)));
    slot.worker = worker;
    return worker;
  }

  private failAll(slot: Slot, error: Error): void {
    for (const waiting of slot.pending.values()) waiting.reject(error);
    slot.pending.clear();
  }
}

/** The errors a route turns into a 400 keep their class across the thread boundary. */
function rebuild(error: { name: string; message: string; stack?: string }): Error {
  if (error.name === 'InvalidAnalysis') return new InvalidAnalysis(error.message);
  if (error.name === 'FilterSpecError') return new FilterSpecError(error.message);
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  if (error.stack) rebuilt.stack = error.stack;
  return rebuilt;
}
