import { logFromRecords } from '../api/adapters/import/records.ts';
import { prepareLog } from '../api/engine/prepare.ts';
import { generateSample } from '../api/sample/generator.ts';
import { valueAt } from '../api/engine/index.ts';
const { log } = prepareLog(logFromRecords(generateSample({ events: 5000 })));
console.log(log.caseIds.length, log.caseIds.slice(0, 5), [...log.caseAttributes.keys()]);
const col = (n: string) => log.caseAttributes.get(n)!;
const counts = new Map<string, number>();
for (let c = 0; c < log.caseIds.length; c++) { const k = `${valueAt(col('CollectorName'), c)}|${valueAt(col('CompanyCode'), c)}|${valueAt(col('CustomerSegment'), c)}`; counts.set(k, (counts.get(k) ?? 0) + 1); }
console.log([...counts].sort().join('\n'));
