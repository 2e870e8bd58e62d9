import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportsMarkdown } from '../../scripts/exports-doc.ts';

describe('docs/EXPORTS.md', () => {
  it('is what the export schema generates (run `npx tsx scripts/exports-doc.ts` after changing the schema)', () => {
    expect(readFileSync(new URL('../../docs/EXPORTS.md', import.meta.url), 'utf8')).toBe(exportsMarkdown());
  });
});
