import { describe, expect, it } from 'vitest';
import { PerLogCache } from '../../api/engine/log/per-log-cache.ts';
import { logOf } from '../helpers/logs.ts';

const log = () => logOf([{ c: 'A', a: 'Invoice Created', at: '2024-01-01T00:00:00Z' }]);

describe('PerLogCache', () => {
  it('computes a key once per log and drops the least recently used beyond its size', () => {
    const cache = new PerLogCache<string>(2);
    const a = log();
    const b = log();
    let computed = 0;
    const get = (l: ReturnType<typeof log>, key: string) => cache.get(l, key, () => `${key}#${++computed}`);
    expect(get(a, 'x')).toBe('x#1');
    expect(get(a, 'x')).toBe('x#1');
    expect(get(b, 'x')).toBe('x#2'); // another log has its own entries
    expect(get(a, 'y')).toBe('y#3');
    expect(get(a, 'x')).toBe('x#1'); // x used again: y is now the least recent
    expect(get(a, 'z')).toBe('z#4'); // evicts y
    expect(get(a, 'x')).toBe('x#1');
    expect(get(a, 'y')).toBe('y#5');
  });

  it('keeps fewer entries when they are large, but never fewer than its minimum', () => {
    const cache = new PerLogCache<Uint8Array>(10, { bytes: 100, sizeOf: (v) => v.length, minEntries: 2 });
    const l = log();
    let computed = 0;
    const get = (key: string, size: number) => cache.get(l, key, () => (computed++, new Uint8Array(size)));
    get('a', 40);
    get('b', 40);
    get('c', 40); // 100 / 40 → 2 entries: a goes
    expect(computed).toBe(3);
    get('b', 40);
    get('c', 40);
    expect(computed).toBe(3);
    get('a', 40);
    expect(computed).toBe(4);
    get('d', 500); // larger than the budget: still kept with one other (the minimum of 2)
    get('a', 40);
    expect(computed).toBe(5); // a was kept beside d
  });
});
