/**
 * docs/EXPORTS.md from the export schema (api/contracts/export-schema.ts), so the document
 * cannot drift from what the API writes; a test compares the two.
 *
 *   npx tsx scripts/exports-doc.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXPORT_SCHEMA_VERSION, EXPORT_TABLES, type ExportType } from '../api/contracts/export-schema.ts';

const TYPES: Record<ExportType, [csv: string, parquet: string, powerQuery: string]> = {
  string: ['text, quoted when needed', 'BYTE_ARRAY (UTF8)', 'type text'],
  int64: ['integer', 'INT64', 'Int64.Type'],
  double: ['decimal number, `.` separator, no grouping', 'DOUBLE', 'type number'],
  dateTime: ['`YYYY-MM-DDTHH:MM:SS.sss`, UTC, no zone suffix', 'INT64 TIMESTAMP, microseconds (the values are UTC)', 'type datetime'],
  boolean: ['`true` / `false`', 'BOOLEAN', 'type logical'],
};

export function exportsMarkdown(): string {
  const lines = [
    '# Exports',
    '',
    '<!-- Generated from api/contracts/export-schema.ts by `npx tsx scripts/exports-doc.ts`; edit the schema, not this file. -->',
    '',
    `Schema version **${EXPORT_SCHEMA_VERSION}**. The Power BI model in \`reports/\` reads these tables; anything else that wants the mined`,
    'data in tables (Excel, Fabric, a warehouse load) can too.',
    '',
    '```',
    'GET /api/exports                          the tables, columns and types below, as JSON',
    'GET /api/exports/<table>.csv[?log=<id>]   one table as CSV',
    'GET /api/exports/<table>.parquet[?log=…]  the same as Parquet',
    '```',
    '',
    '- **Authorisation** is that of every other route: a bearer token, and only the invoices the caller may see (collectors their',
    "  own, managers their teams', executives all). Events, violations and monthly KPIs cover those invoices only. Refresh the",
    '  Power BI model as an executive to get everything and let its Team role narrow it per viewer.',
    '- **Log**: `?log=<id>` (from `GET /api/logs`); without it, the most recently imported log.',
    '- **Stability**: columns keep their names, order and types within a schema version; new columns are only ever added at the',
    '  end, with a new version. The `X-Export-Schema` response header names the version. A column the log lacks (an upload without',
    '  `CreditTeam`, say) is present and empty.',
    '- **Required** columns are never empty.',
    '- **CSV**: UTF-8 without BOM, comma, `"` quoting, a header row, `\\n` line ends. A `string` cell that begins with `=`, `+`, `-`,',
    '  `@`, a tab or a carriage return gets a leading `\'`, so that Excel shows it as text rather than run it as a formula',
    '  (docs/RELIABILITY.md); numbers and times never do.',
    '- **Caching**: responses carry an ETag (except team_members); send it back as `If-None-Match` for a 304 while nothing changed.',
    '',
    '| type | CSV | Parquet | Power Query |',
    '|---|---|---|---|',
    ...(Object.entries(TYPES) as [ExportType, string[]][]).map(([type, [csv, parquet, pq]]) => `| \`${type}\` | ${csv} | ${parquet} | \`${pq}\` |`),
    '',
  ];
  for (const table of EXPORT_TABLES) {
    lines.push(`## ${table.name}`, '', `\`GET /api/exports/${table.name}.csv\` · ${table.grain}. ${table.description}`, '');
    lines.push('| # | column | type | required | description |', '|---|---|---|---|---|');
    table.columns.forEach((c, i) => lines.push(`| ${i + 1} | \`${c.name}\` | ${c.type} | ${c.required ? 'yes' : ''} | ${c.description.replaceAll('|', '\\|')} |`));
    lines.push('');
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(fileURLToPath(new URL('../docs/EXPORTS.md', import.meta.url)), exportsMarkdown());
  process.stdout.write('wrote docs/EXPORTS.md\n');
}
