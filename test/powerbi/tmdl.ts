import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Just enough of TMDL (the semantic model's text format) to check the model against the
 * export schema: objects by indentation (one tab per level), names bare or 'quoted', the
 * properties the checks read, and multi-line expressions (lines deeper than their property).
 * Descriptions (///) and annotations are skipped.
 */

export interface TmdlColumn {
  readonly name: string;
  readonly dataType: string | null;
  readonly sourceColumn: string | null;
}

export interface TmdlTable {
  readonly name: string;
  readonly columns: TmdlColumn[];
  readonly measures: { readonly name: string; readonly expression: string }[];
  readonly partitions: { readonly name: string; readonly kind: string; readonly source: string }[];
}

export interface TmdlModel {
  readonly tables: TmdlTable[];
  readonly roles: { readonly name: string; readonly tablePermissions: Map<string, string> }[];
  readonly relationships: { readonly from: ColumnRef; readonly to: ColumnRef }[];
  readonly expressions: { readonly name: string; readonly expression: string }[];
}

export interface ColumnRef {
  readonly table: string;
  readonly column: string;
}

interface Line {
  readonly depth: number;
  readonly text: string;
}

export function parseTmdlFolder(definitionDir: string): TmdlModel {
  const model: TmdlModel = { tables: [], roles: [], relationships: [], expressions: [] };
  for (const file of tmdlFiles(definitionDir)) parseInto(model, readFileSync(file, 'utf8'));
  return model;
}

function tmdlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return tmdlFiles(path);
    return entry.endsWith('.tmdl') ? [path] : [];
  });
}

function parseInto(model: TmdlModel, text: string): void {
  const lines: Line[] = text
    .split(/\r?\n/)
    .map((raw) => ({ depth: /^\t*/.exec(raw)![0].length, text: raw.trim() }))
    .filter((line) => line.text !== '' && !line.text.startsWith('///'));
  let table: TmdlTable | null = null;
  let role: TmdlModel['roles'][number] | null = null;
  let relationship: { from?: ColumnRef; to?: ColumnRef } | null = null;
  let column: { name: string; dataType: string | null; sourceColumn: string | null } | null = null;
  let partition: { name: string; kind: string } | null = null;

  const flushRelationship = () => {
    if (relationship?.from && relationship.to) model.relationships.push({ from: relationship.from, to: relationship.to });
    relationship = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const { depth, text: line } = lines[i];
    /** The expression after `=` on this line plus the deeper lines that follow it. */
    const expressionFrom = (afterEquals: string): string => {
      const parts = afterEquals.trim() ? [afterEquals.trim()] : [];
      while (i + 1 < lines.length && lines[i + 1].depth > depth + 1) parts.push(lines[++i].text);
      return parts.join('\n');
    };

    if (depth === 0) {
      flushRelationship();
      table = null;
      role = null;
      const [keyword, rest] = splitKeyword(line);
      if (keyword === 'table') {
        table = { name: readName(rest).name, columns: [], measures: [], partitions: [] };
        model.tables.push(table);
      } else if (keyword === 'role') {
        role = { name: readName(rest).name, tablePermissions: new Map() };
        model.roles.push(role);
      } else if (keyword === 'relationship') {
        relationship = {};
      } else if (keyword === 'expression') {
        const { name, after } = readName(rest);
        model.expressions.push({ name, expression: expressionFrom(after.replace(/^\s*=/, '')) });
      }
      continue;
    }

    if (depth === 1) {
      column = null;
      partition = null;
      const [keyword, rest] = splitKeyword(line);
      if (table && keyword === 'column') {
        column = { name: readName(rest).name, dataType: null, sourceColumn: null };
        table.columns.push(column);
      } else if (table && keyword === 'measure') {
        const { name, after } = readName(rest);
        table.measures.push({ name, expression: expressionFrom(after.replace(/^\s*=/, '')) });
      } else if (table && keyword === 'partition') {
        const { name, after } = readName(rest);
        partition = { name, kind: after.replace(/^\s*=/, '').trim() };
      } else if (role && keyword === 'tablePermission') {
        const { name, after } = readName(rest);
        role.tablePermissions.set(name, expressionFrom(after.replace(/^\s*=/, '')));
      } else if (relationship && (keyword === 'fromColumn:' || keyword === 'toColumn:')) {
        relationship[keyword === 'fromColumn:' ? 'from' : 'to'] = readColumnRef(rest);
      }
      continue;
    }

    if (depth === 2 && column) {
      const property = /^(dataType|sourceColumn):\s*(.+)$/.exec(line);
      if (property) column[property[1] as 'dataType' | 'sourceColumn'] = readName(property[2]).name;
    } else if (depth === 2 && partition && table && /^source\s*=/.test(line)) {
      table.partitions.push({ ...partition, source: expressionFrom(line.replace(/^source\s*=/, '')) });
    }
  }
  flushRelationship();
}

function splitKeyword(line: string): [string, string] {
  const space = line.indexOf(' ');
  return space < 0 ? [line, ''] : [line.slice(0, space), line.slice(space + 1)];
}

/** A bare or 'quoted' name at the start of `text`, and what follows it. */
function readName(text: string): { name: string; after: string } {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("'")) {
    let name = '';
    for (let i = 1; i < trimmed.length; i++) {
      if (trimmed[i] === "'") {
        if (trimmed[i + 1] === "'") {
          name += "'";
          i++;
          continue;
        }
        return { name, after: trimmed.slice(i + 1) };
      }
      name += trimmed[i];
    }
    throw new Error(`unterminated quoted name: ${text}`);
  }
  const match = /^[^\s=.]+/.exec(trimmed);
  const name = match ? match[0] : '';
  return { name, after: trimmed.slice(name.length) };
}

/** `Table.Column` or `'Some Table'.Column`. */
function readColumnRef(text: string): ColumnRef {
  const { name: table, after } = readName(text);
  return { table, column: readName(after.replace(/^\./, '')).name };
}
