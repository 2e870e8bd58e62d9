import { createHash } from 'node:crypto';
import { canonicalJson } from '../contracts/filter-encoding.ts';

/**
 * Results that depend only on (log version, scope, filter, policy version, parameters): each
 * serialised body is kept under its ETag, and each intermediate value (a variant list that many
 * pages slice) under its key. Both are LRU, bodies bounded by bytes, values by count. Requests
 * for a result being computed wait for that computation instead of starting another.
 */
export class ResultCache {
  private readonly bodies = new Map<string, Buffer>();
  private bodyBytes = 0;
  /** Large intermediate values (lists of every invoice, policy checks) and small ones (maps), kept apart. */
  private readonly values = { large: new Map<string, unknown>(), small: new Map<string, unknown>() };
  private readonly pending = new Map<string, Promise<unknown>>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxValues = { large: 32, small: 512 },
    /** Part of every ETag: a new build may shape results differently. */
    private readonly build = '',
  ) {}

  /** A strong ETag for the parts (any JSON values). */
  etag(parts: readonly unknown[]): string {
    return `"${createHash('sha256').update(this.build).update('\0').update(canonicalJson(parts)).digest('base64url').slice(0, 32)}"`;
  }

  /** The serialised result under `etag`, computing it once. */
  async body(etag: string, compute: () => unknown): Promise<Buffer> {
    const hit = this.bodies.get(etag);
    if (hit) {
      this.hits++;
      this.bodies.delete(etag);
      this.bodies.set(etag, hit);
      return hit;
    }
    return this.once(`body:${etag}`, async () => {
      this.misses++;
      const body = Buffer.from(JSON.stringify(await compute()), 'utf8');
      this.keepBody(etag, body);
      return body;
    });
  }

  /** A computed value under `key`, computing it once; `size` picks the pool it is kept in. */
  async value<T>(key: string, compute: () => T, size: 'large' | 'small' = 'large'): Promise<T> {
    const pool = this.values[size];
    if (pool.has(key)) {
      const hit = pool.get(key) as T;
      pool.delete(key);
      pool.set(key, hit);
      return hit;
    }
    return this.once(`value:${key}`, async () => {
      const value = compute();
      if (pool.size >= this.maxValues[size]) pool.delete(pool.keys().next().value!);
      pool.set(key, value);
      return value;
    });
  }

  clear(): void {
    this.bodies.clear();
    this.values.large.clear();
    this.values.small.clear();
    this.bodyBytes = 0;
  }

  private keepBody(etag: string, body: Buffer): void {
    if (body.length > this.maxBytes / 4) return; // one huge result must not flush everything else
    this.bodies.set(etag, body);
    this.bodyBytes += body.length;
    while (this.bodyBytes > this.maxBytes) {
      const [oldest, buffer] = this.bodies.entries().next().value!;
      this.bodies.delete(oldest);
      this.bodyBytes -= buffer.length;
    }
  }

  private once<T>(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.pending.get(key);
    if (running) return running as Promise<T>;
    const promise = work().finally(() => this.pending.delete(key));
    this.pending.set(key, promise);
    return promise;
  }
}

/** True when If-None-Match names the ETag (or is *). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag === etag || tag.replace(/^W\//, '') === etag;
  });
}
