import type { AuthorisedView, VersionedPolicy } from '../../access/index.ts';
import type { Cell } from '../../adapters/bi-export/row-file.ts';
import { rowOf } from './row.ts';

/** Every violation of the policy in force among the visible invoices, as of the log's last update. */
export function violationRows(view: AuthorisedView, policy: VersionedPolicy): Cell[][] {
  const list = view.violations(view.conformance({}, policy), {});
  return list.rows(0, list.total).map((v) =>
    rowOf('violations', {
      InvoiceNumber: v.caseId,
      RuleId: v.ruleId,
      Kind: v.kind,
      EventIndex: v.event,
      DueAt: v.dueAt,
      Exposure: v.exposure,
      Detail: v.detail ?? null,
      PolicyVersion: policy.version,
    }),
  );
}
