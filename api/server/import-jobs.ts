import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { mkdir, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AccessService } from '../access/index.ts';
import { detectFormat, ImportError, importFile, type ImportOptions } from '../adapters/import/index.ts';
import { failInterruptedImportJobs, getImportJob, listImportJobs, recordImportJob, type Store, type StoredImportJob } from '../adapters/store/index.ts';
import { prepareLog } from '../engine/index.ts';
import { HttpProblem } from './problem.ts';

export interface ImportJobView {
  id: string;
  status: StoredImportJob['status'];
  logName: string;
  fileName: string;
  logId: string | null;
  logVersion: number | null;
  bytes: number | null;
  progress: { bytesRead: number; totalBytes: number; events: number; fraction: number };
  events: number | null;
  notes: string[];
  error: ({ message: string } & Record<string, unknown>) | null;
  createdBy: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface ImportRequest {
  readonly source: string;
  readonly logName: string;
  /** Set when replacing an existing log. */
  readonly logId: string | null;
  readonly fileName: string;
  readonly options: Pick<ImportOptions, 'mapping' | 'timeFormat' | 'delimiter'>;
  readonly raw: boolean;
  readonly createdBy: string | null;
}

interface RunningJob {
  view: ImportJobView;
  readonly source: string;
  readonly events: EventEmitter;
  readonly abort: AbortController;
}

/**
 * Background imports: the upload is on disk before a job starts; the job reads it, prepares the
 * log and saves it as a new version in one store transaction, so a failure leaves the version
 * in force untouched. One import at a time per log (by source); progress is observable while
 * it runs and the outcome is recorded in the store.
 */
export class ImportJobs {
  private readonly running = new Map<string, RunningJob>();
  /** Sources with an upload arriving or an import running. */
  private readonly busy = new Set<string>();
  private readonly uploads: string;

  private constructor(
    private readonly store: Store,
    private readonly access: AccessService,
    dataDir: string,
    private readonly logger: Logger,
  ) {
    this.uploads = join(dataDir, 'uploads');
  }

  static async create(store: Store, access: AccessService, dataDir: string, logger: Logger): Promise<ImportJobs> {
    const jobs = new ImportJobs(store, access, dataDir, logger);
    // Leftovers of a process that stopped mid-import: their jobs can never finish.
    await rm(jobs.uploads, { recursive: true, force: true });
    await mkdir(jobs.uploads, { recursive: true });
    await failInterruptedImportJobs(store, { message: 'The server stopped before this import finished; upload the file again.' });
    return jobs;
  }

  isBusy(source: string): boolean {
    return this.busy.has(source);
  }

  /**
   * Claims the source for one import (409 when taken) and returns where the upload goes and
   * a release for when the upload fails before the job starts.
   */
  reserve(source: string, fileName: string): { path: string; release: () => void } {
    if (this.busy.has(source)) {
      throw new HttpProblem(409, 'import-running', 'Import already running', 'This log is being imported; wait for that import to finish.');
    }
    try {
      detectFormat(fileName); // an unsupported extension fails now, before any byte is read
    } catch (error) {
      throw new HttpProblem(400, 'unsupported-file', 'Unsupported file', error instanceof Error ? error.message : String(error));
    }
    this.busy.add(source);
    const suffix = fileName.toLowerCase().endsWith('.xes.gz') ? '.xes.gz' : fileName.slice(fileName.lastIndexOf('.')).toLowerCase();
    return { path: join(this.uploads, `${randomUUID()}${suffix}`), release: () => this.busy.delete(source) };
  }

  /** Starts importing an uploaded file (the source must be reserved); returns the job at once. */
  start(path: string, bytes: number, request: ImportRequest): ImportJobView {
    const view: ImportJobView = {
      id: randomUUID(),
      status: 'queued',
      logName: request.logName,
      fileName: request.fileName,
      logId: request.logId,
      logVersion: null,
      bytes,
      progress: { bytesRead: 0, totalBytes: bytes, events: 0, fraction: 0 },
      events: null,
      notes: [],
      error: null,
      createdBy: request.createdBy,
      createdAt: new Date().toISOString(),
      finishedAt: null,
    };
    const job: RunningJob = { view, source: request.source, events: new EventEmitter(), abort: new AbortController() };
    this.running.set(view.id, job);
    void this.run(job, path, request).finally(() => {
      this.busy.delete(request.source);
      this.running.delete(view.id);
      unlink(path).catch(() => undefined);
    });
    return { ...view };
  }

  async get(id: string): Promise<ImportJobView | undefined> {
    const live = this.running.get(id);
    if (live) return { ...live.view, progress: { ...live.view.progress } };
    const stored = await getImportJob(this.store, id);
    return stored ? fromStored(stored) : undefined;
  }

  async list(): Promise<ImportJobView[]> {
    const live = [...this.running.values()].map((job) => ({ ...job.view }));
    const stored = (await listImportJobs(this.store)).filter((job) => !this.running.has(job.id)).map(fromStored);
    return [...live, ...stored];
  }

  /** Calls `listener` on every change until the job ends; returns the unsubscribe, or null when it is not running. */
  follow(id: string, listener: (view: ImportJobView, done: boolean) => void): (() => void) | null {
    const job = this.running.get(id);
    if (!job) return null;
    const handler = (done: boolean) => listener({ ...job.view, progress: { ...job.view.progress } }, done);
    job.events.on('change', handler);
    return () => job.events.off('change', handler);
  }

  /** Stops reading the files of running imports (a save already under way still completes). */
  abortAll(): void {
    for (const job of this.running.values()) job.abort.abort();
  }

  /** Resolves when no import runs. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  private update(job: RunningJob, change: Partial<ImportJobView>, done = false): void {
    job.view = { ...job.view, ...change };
    job.events.emit('change', done);
  }

  private async run(job: RunningJob, path: string, request: ImportRequest): Promise<void> {
    const log = this.logger.child({ importJob: job.view.id, source: request.source });
    let lastEmit = 0;
    try {
      this.update(job, { status: 'importing' });
      // On record from the start: if the process dies mid-import, the next start marks it failed.
      await recordImportJob(this.store, toStored(job)).catch((error: unknown) => log.error({ err: error }, 'could not record the import job'));
      const imported = await importFile(path, {
        ...request.options,
        displayName: request.fileName,
        signal: job.abort.signal,
        onProgress: (p) => {
          const fraction = p.totalBytes > 0 ? Math.min(0.9, (0.9 * p.bytesRead) / p.totalBytes) : 0;
          job.view.progress = { ...p, fraction };
          const now = Date.now();
          if (now - lastEmit >= 200) {
            lastEmit = now;
            this.update(job, {});
          }
        },
      });
      this.update(job, { status: 'saving', notes: [...imported.warnings], progress: { ...job.view.progress, fraction: 0.9 } });
      const prepared = prepareLog(imported.log, { raw: request.raw, consume: true });
      const info = await this.store.saveLog({ name: request.logName, source: request.source, log: prepared.log });
      this.access.logsChanged();
      // Free the log before anyone can see "succeeded": a client that acts on the status (a
      // delete, the next upload) must not meet a 409 for an import that has ended.
      this.busy.delete(request.source);
      this.update(
        job,
        {
          status: 'succeeded',
          logId: info.id,
          logVersion: info.version,
          events: info.events,
          notes: [...imported.warnings, ...prepared.notes],
          progress: { bytesRead: job.view.bytes ?? 0, totalBytes: job.view.bytes ?? 0, events: info.events, fraction: 1 },
          finishedAt: new Date().toISOString(),
        },
        false,
      );
      log.info({ log: info.id, version: info.version, events: info.events }, 'import succeeded');
    } catch (error) {
      const failure =
        error instanceof ImportError
          ? { message: error.message, ...error.details }
          : { message: job.abort.signal.aborted ? 'The import was stopped because the server is shutting down.' : `The import failed: ${error instanceof Error ? error.message : String(error)}` };
      if (!(error instanceof ImportError)) log.error({ err: error }, 'import failed');
      else log.info({ reason: error.message }, 'import refused the file');
      this.busy.delete(request.source);
      this.update(job, { status: 'failed', error: failure, finishedAt: new Date().toISOString() }, false);
    }
    try {
      await recordImportJob(this.store, toStored(job));
    } catch (error) {
      log.error({ err: error }, 'could not record the import job');
    }
    job.events.emit('change', true);
  }
}

function toStored(job: RunningJob): StoredImportJob {
  const v = job.view;
  return {
    id: v.id,
    source: job.source,
    logName: v.logName,
    fileName: v.fileName,
    status: v.status,
    bytes: v.bytes,
    events: v.events,
    logId: v.logId,
    logVersion: v.logVersion,
    error: v.error,
    notes: v.notes,
    createdBy: v.createdBy,
    createdAt: v.createdAt,
    finishedAt: v.finishedAt,
  };
}

function fromStored(job: StoredImportJob): ImportJobView {
  const done = job.status === 'succeeded';
  const bytes = job.bytes ?? 0;
  return {
    id: job.id,
    status: job.status,
    logName: job.logName,
    fileName: job.fileName,
    logId: job.logId,
    logVersion: job.logVersion,
    bytes: job.bytes,
    progress: { bytesRead: done ? bytes : 0, totalBytes: bytes, events: job.events ?? 0, fraction: done ? 1 : 0 },
    events: job.events,
    notes: [...job.notes],
    error: (job.error as ImportJobView['error']) ?? null,
    createdBy: job.createdBy,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}
