/**
 * Strings a streaming parser hands out, made safe and cheap to keep in a log.
 */

/**
 * A copy of `text` that does not pin the chunk it came from. Parsers (saxes among them) hand
 * out slices of the decoded chunk; V8 keeps a slice's whole parent (often a 1 MB external
 * string) alive, so every case id kept by the builder would otherwise retain its chunk: XES at
 * 10^6 events peaked at 900 MB RSS instead of 300. V8 copies strings shorter than 13
 * characters anyway. The concatenation is flattened into a fresh string by the slice.
 */
export function own(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** The one stored instance of a low-cardinality string (keys, activities), also caching its hash. */
export function canonical(cache: Map<string, string>, text: string): string {
  let kept = cache.get(text);
  if (kept === undefined) {
    kept = own(text);
    cache.set(kept, kept);
  }
  return kept;
}

/**
 * Records (XES traces and events, CSV rows) list their attributes in the same order, one record
 * after the other. Remembering the key and string value the previous record had at each
 * position turns most lookups into one string comparison, and hands the builder instances
 * whose hash V8 already knows. `next` is the position; the caller resets it per record.
 */
export class Slots {
  private readonly keys: string[] = [];
  private readonly names: string[] = [];
  private readonly values: (string | undefined)[] = [];
  next = 0;

  /** `name` turns a source key into the attribute name kept (the same, or a mapped one). */
  constructor(private readonly name: (key: string) => string) {}

  key(slot: number, key: string): string {
    if (this.keys[slot] === key) return this.names[slot];
    this.values[slot] = undefined;
    this.keys[slot] = own(key);
    return (this.names[slot] = this.name(key));
  }

  /** `text` as a string safe to keep; `cache` for values of few distinct strings (activities). */
  value(slot: number, text: string, cache?: Map<string, string>): string {
    const known = this.values[slot];
    if (known === text) return known;
    return (this.values[slot] = cache ? canonical(cache, text) : own(text));
  }
}
