import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { ImportError } from '../../api/adapters/import/import-error.ts';
import { valueAt, type AttributeValue } from '../../api/engine/log/columns.ts';
import { caseIndexOf, type EventLog } from '../../api/engine/log/event-log.ts';

/** A fresh directory under the OS temp dir for the current test file, removed afterwards. */
export function tempDir(prefix: string): { path: (name: string) => string; write: (name: string, content: string | Uint8Array) => Promise<string> } {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const path = (name: string): string => join(dir, name);
  return {
    path,
    write: async (name, content) => {
      await writeFile(path(name), content);
      return path(name);
    },
  };
}

export const utc = (iso: string): number => Date.parse(iso);

/** The events of one case in log order: activity, ISO time and log index. */
export function caseEvents(log: EventLog, caseId: string): { activity: string; time: string; e: number }[] {
  const c = caseIndexOf(log, caseId);
  expect(c, `case ${caseId}`).toBeGreaterThanOrEqual(0);
  const out = [];
  for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) {
    out.push({ activity: log.activities[log.activity[e]], time: new Date(log.time[e]).toISOString(), e });
  }
  return out;
}

export function caseValue(log: EventLog, name: string, caseId: string): AttributeValue {
  const column = log.caseAttributes.get(name);
  expect(column, `case attribute ${name}`).toBeDefined();
  return valueAt(column!, caseIndexOf(log, caseId));
}

/** Values of an event attribute for the events of one case, in log order. */
export function eventValues(log: EventLog, name: string, caseId: string): AttributeValue[] {
  const column = log.eventAttributes.get(name);
  expect(column, `event attribute ${name}`).toBeDefined();
  return caseEvents(log, caseId).map(({ e }) => valueAt(column!, e));
}

/** The ImportError a promise rejects with (fails the test when it resolves or throws something else). */
export async function importError(promise: Promise<unknown>): Promise<ImportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}
