import { describe, expect, it } from 'vitest';
import { Mutex } from '../../api/adapters/store/mutex.ts';
import { quoteIdentifier, uniqueColumnNames } from '../../api/adapters/store/sql.ts';

describe('store SQL helpers', () => {
  it('quotes identifiers by doubling embedded quotes', () => {
    expect(quoteIdentifier('plain')).toBe('"plain"');
    expect(quoteIdentifier('a "b" c')).toBe('"a ""b"" c"');
  });

  it('gives attributes column names unique without regard to case and clear of fixed columns', () => {
    expect(uniqueColumnNames(['Amount', 'amount', 'AMOUNT', 'activity', 'x\0y', ''], ['activity', 'time'])).toEqual([
      'Amount',
      'amount_2',
      'AMOUNT_3',
      'activity_2',
      'xy',
      '_',
    ]);
    expect(uniqueColumnNames(['a_2', 'a', 'A'], [])).toEqual(['a_2', 'a', 'A_3']);
  });

  it('runs mutex tasks one at a time in order, surviving failures', async () => {
    const mutex = new Mutex();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) =>
      mutex.run(async () => {
        log.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([task('a', 20), task('b', 1, true), task('c', 5)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});
