import type { Cell } from '../../adapters/bi-export/row-file.ts';
import { exportTable, type ExportTableName } from '../../contracts/export-schema.ts';

/** Named cells in the schema's column order; a name the schema lacks is a programming error. */
export function rowOf(table: ExportTableName, cells: Readonly<Record<string, Cell | undefined>>): Cell[] {
  const columns = exportTable(table).columns;
  for (const name of Object.keys(cells)) {
    if (!columns.some((c) => c.name === name)) throw new Error(`export table ${table} has no column ${name}`);
  }
  return columns.map((c) => cells[c.name] ?? null);
}
