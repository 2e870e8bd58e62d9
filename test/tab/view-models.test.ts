import { describe, expect, it } from 'vitest';
import type { CaseSummary, CaseTimeline, ConformanceSummary, KpiResult, Kpis, ProcessMap, Variant, WorklistPage } from '../../tabs/src/api/types.ts';
import { describeFilter } from '../../tabs/src/filters/describe.ts';
import { EMPTY_FORM, formFromSpec, specFromForm } from '../../tabs/src/filters/filter-model.ts';
import { translator } from '../../tabs/src/i18n/catalogue.ts';
import { formatters } from '../../tabs/src/i18n/format.ts';
import { focusOrder, nextFocus } from '../../tabs/src/map/focus-order.ts';
import { buildMapModel } from '../../tabs/src/map/view-model.ts';
import { bottleneckRows } from '../../tabs/src/views/bottlenecks/bottlenecks-model.ts';
import { caseRows, timelineModel } from '../../tabs/src/views/cases/cases-model.ts';
import { causeRows, parseOutcome } from '../../tabs/src/views/causes/causes-model.ts';
import { compareRows } from '../../tabs/src/views/compare/compare-model.ts';
import { conformanceHeadline, ownerRows, ruleRows, violationRows } from '../../tabs/src/views/conformance/conformance-model.ts';
import { parseSelection, selectionFilter, toMapData, withFilter } from '../../tabs/src/views/map/map-view-model.ts';
import { OVERVIEW_KPIS, overviewModel, TREND_MONTHS } from '../../tabs/src/views/overview/overview-model.ts';
import { editableRules, parsePolicyText, samePolicy, withRuleSetting } from '../../tabs/src/views/policy/policy-model.ts';
import { MIN_REFRESH_MS, refreshDelay, reportConfig } from '../../tabs/src/views/powerbi/powerbi-model.ts';
import { variantRows } from '../../tabs/src/views/variants/variants-model.ts';
import { worklistRows } from '../../tabs/src/views/worklist/worklist-model.ts';
import { DEFAULT_POLICY } from '../../api/engine/conformance/default-policy.ts';
import { BASE_OPTIONS, sampleMap } from './map-fixtures.ts';
import { layoutMap } from '../../tabs/src/map/layout.ts';
import ELK from 'elkjs/lib/elk.bundled.js';

const t = translator('en');
const fmt = formatters('en', t);
const tFr = translator('fr');
const fmtFr = formatters('fr', tFr);
const DAY = 86_400_000;

function kpis(overrides: Partial<Kpis> = {}): Kpis {
  const counts = Object.fromEntries(
    ['cases', 'postedInPeriod', 'openAtCutoff', 'amountExcluded', 'settledInPeriod', 'settledWithDueDate', 'settledOnTime', 'disputesResolved', 'cashApplications', 'creditApprovals', 'dunnedClosed', 'dunnedCollected', 'closedInPeriod', 'writtenOffInPeriod', 'promisesDue', 'promisesKept', 'overdueInPeriod', 'overdueWithViolation'].map((k) => [k, 10]),
  ) as Kpis['counts'];
  return {
    dso: 50.55,
    countbackDso: 48,
    averageDaysToPay: 44,
    averageDaysDelinquent: 14.6,
    onTimeRate: 0.406,
    cei: 85.3,
    disputeResolutionDays: 16.2,
    cashApplicationLagDays: 0.6,
    creditApprovalDays: 1.5,
    collectionSuccessRate: 0.957,
    dunningAdherence: 0.885,
    writeOffRate: 0.022,
    writeOffValueRate: 0.03,
    promiseKeptRate: null,
    aging: { current: 600, d1_30: 300, d31_60: 100, d61_90: 0, d90plus: 0, noDueDate: 0 },
    amounts: { beginAr: 1, endAr: 9_200_000, currentEndAr: 1, creditSales: 16_300_000, closedValue: 1, writtenOffValue: 1 },
    counts: { ...counts, cases: 8471 },
    ...overrides,
  };
}

function kpiResult(values: Kpis | null, groups: KpiResult['groups'] = null): KpiResult {
  return {
    log: { id: 'l', version: 1 },
    policyVersion: 0,
    kpis: values,
    groups,
    period: { start: Date.UTC(2024, 3, 1), end: Date.UTC(2024, 5, 30), days: 90 },
    reportingCurrency: 'USD',
    excludedCurrencies: [],
    unavailable: { promiseKeptRate: 'the log has no PromiseDate' },
  };
}

describe('overview', () => {
  const months = Array.from({ length: 18 }, (_, i) => ({ key: `2023-${String((i % 12) + 1).padStart(2, '0')}`.replace(/^2023-(\d\d)$/, (_m, mm) => `${i < 12 ? 2023 : 2024}-${mm}`), kpis: kpis({ dso: 40 + i }) }));
  const model = overviewModel(kpiResult(kpis()), kpiResult(null, [...months, { key: null, kpis: kpis() }]), t, fmt);

  it('formats each KPI in its unit for the locale and says why one is missing', () => {
    const card = (key: string) => model.cards.find((c) => c.key === key)!;
    expect(model.cards.map((c) => c.key)).toEqual(OVERVIEW_KPIS.map((k) => k.key));
    expect(card('dso').value).toBe('50.6 d');
    expect(card('onTimeRate').value).toBe('40.6%');
    expect(card('cei').value).toBe('85.3');
    expect(card('promiseKeptRate').value).toBe('—');
    expect(card('promiseKeptRate').unavailable).toBe('the log has no PromiseDate');
    expect(model.openAr).toBe('$9.2M');
    expect(model.invoices).toBe('8,471');
    expect(model.period).toBe('Period Apr 1, 2024 – Jun 30, 2024');
    expect(overviewModel(kpiResult(kpis()), null, tFr, fmtFr).cards[0].value).toBe('50,6 j');
  });

  it('trends the last twelve posting months in order, with a text alternative', () => {
    const dso = model.cards.find((c) => c.key === 'dso')!;
    expect(dso.trend).toHaveLength(TREND_MONTHS);
    expect(dso.trend.map((p) => p.month)).toEqual([...dso.trend.map((p) => p.month)].sort());
    expect(dso.trend.at(-1)!.value).toBe(57);
    expect(dso.trendLabel).toMatch(/^Monthly trend of DSO: .*Jun 2024 57 d$/);
  });

  it('draws aging buckets as shares of the open balance', () => {
    expect(model.aging.map((b) => b.share)).toEqual([0.6, 0.3, 0.1, 0, 0]);
    expect(model.aging[0].label).toBe('Not yet due');
  });
});

describe('variants, cases and timeline', () => {
  it('lists variants with their share, steps and durations, in the user\'s language', () => {
    const variant: Variant = { rank: 0, activities: ['Invoice Created', 'Payment Received'], cases: 1234, share: 0.1234, duration: { count: 1234, total: 0, mean: 30 * DAY, median: 28 * DAY, p90: 0, min: 0, max: 0 } };
    const [row] = variantRows([variant], tFr, fmtFr);
    expect(row).toMatchObject({ title: 'Variante 1', shareText: '12,3\u00a0%', cases: '1\u202f234', steps: '2 étapes', medianDuration: '28 j', path: ['Facture créée', 'Paiement reçu'] });
    expect(row.activities).toEqual(variant.activities);
  });

  it('shows an invoice\'s amount in its own currency and its status translated', () => {
    const summary: CaseSummary = { caseId: 'INV-FR01-1', events: 7, start: Date.UTC(2024, 0, 5), end: null, durationMs: 3 * DAY, attributes: { CustomerName: 'Lucerne SA', InvoiceAmount: 1234.5, InvoiceCurrency: 'EUR', InvoiceStatus: 'Written Off' } };
    const [row] = caseRows([summary], tFr, fmtFr);
    expect(row).toMatchObject({ customer: 'Lucerne SA', amount: '1\u202f235\u00a0€', status: 'Passée en perte', duration: '3 j', segment: '—', started: '5 janv. 2024' });
  });

  it('turns a timeline into dated steps with waits, derived markers and readable attributes', () => {
    const timeline: CaseTimeline = {
      log: { id: 'l', version: 1 },
      caseId: 'INV-1',
      attributes: { DueDate: Date.UTC(2024, 1, 1), InvoiceAmount: 100, InvoiceCurrency: 'USD', Custom: 'x' },
      events: [
        { index: 1, activity: 'Invoice Created', time: Date.UTC(2024, 0, 1, 9), endTime: null, derivedRule: null, attributes: {}, waitSincePrevious: null },
        { index: 2, activity: 'Payment Due Date Passed', time: Date.UTC(2024, 1, 2), endTime: null, derivedRule: 'DueDate + 1 day', attributes: { DunningLevel: '1' }, waitSincePrevious: 31.6 * DAY },
      ],
    };
    const model = timelineModel(timeline, t, fmt);
    expect(model.items[0]).toMatchObject({ activity: 'Invoice Created', waited: null, derived: null });
    expect(model.items[1]).toMatchObject({ activity: 'Payment Due Date Passed', waited: 'after 32 d', derived: 'DueDate + 1 day' });
    expect(model.items[1].details).toEqual([{ name: 'Dunning level', value: '1' }]);
    expect(model.attributes).toEqual([
      { name: 'Due date', value: 'Feb 1, 2024' },
      { name: 'Invoice amount', value: '$100' },
      { name: 'Currency', value: 'USD' },
      { name: 'Custom', value: 'x' },
    ]);
  });
});

describe('conformance', () => {
  const summary: ConformanceSummary = {
    log: { id: 'l', version: 1 },
    policyVersion: 2,
    asOf: 0,
    reportingCurrency: 'USD',
    violations: 675,
    overdueCases: 4822,
    conformingOverdueCases: 4177,
    adherence: 0.8662,
    byRule: [
      { ruleId: 'small', ruleKind: 'no-skip', description: null, violations: 36, cases: 36, byKind: { 'out-of-order': 36 }, exposure: 100, allowed: 0 },
      { ruleId: 'big', ruleKind: 'required-after', description: 'Reminder within 3 days', violations: 480, cases: 480, byKind: { missing: 288, late: 192 }, exposure: 2_700_000, allowed: 2 },
    ],
    byCollector: [
      { key: null, overdueCases: 5, violatingCases: 5, violations: 5, rate: 1 },
      { key: 'Lukas Becker', overdueCases: 323, violatingCases: 96, violations: 108, rate: 0.297 },
      { key: 'Olivia Tremblay', overdueCases: 1028, violatingCases: 66, violations: 70, rate: 0.064 },
    ],
    byTeam: [],
    warnings: [],
  };

  it('heads with adherence, overdue invoices and the violation count', () => {
    expect(conformanceHeadline(summary, fmt)).toMatchObject({ adherence: '86.6%', overdue: '4,822', violations: '675', violationCount: 675, exposure: '$2.7M' });
  });

  it('ranks rules by exposure and says what kinds of violations they had', () => {
    const rows = ruleRows(summary.byRule, 'USD', t, fmt);
    expect(rows.map((r) => r.ruleId)).toEqual(['big', 'small']);
    expect(rows[0]).toMatchObject({ kind: 'Required step after', byKind: 'Missing 288, Late 192', exposureShare: 1, allowed: '2' });
    expect(rows[1].description).toBe('small');
  });

  it('ranks collectors by violation rate, the unassigned last', () => {
    const rows = ownerRows(summary.byCollector, tFr, fmtFr);
    expect(rows.map((r) => r.name)).toEqual(['Lukas Becker', 'Olivia Tremblay', 'Non affecté']);
    expect(rows[0].rate).toBe('29,7\u00a0%');
  });

  it('lists violations with their exposure and due date', () => {
    const [row] = violationRows([{ ruleId: 'big', kind: 'late', caseId: 'INV-1', event: 3, dueAt: Date.UTC(2024, 1, 3), exposure: 13_346 }], 'USD', t, fmt);
    expect(row).toMatchObject({ caseId: 'INV-1', kind: 'Late', dueAt: 'Feb 3, 2024', exposure: '$13,346', detail: '' });
  });
});

describe('policy editor', () => {
  it('exposes each rule\'s switch, deadline, gap and kind of days', () => {
    const rules = editableRules(DEFAULT_POLICY);
    const reminder = rules.find((r) => r.id === 'reminder-after-due')!;
    expect(reminder).toMatchObject({ kind: 'required-after', enabled: true, withinDays: 3, minDays: null, dayType: 'calendar', overrides: 2 });
    expect(rules.find((r) => r.id === 'dunning-level-gap')).toMatchObject({ minDays: 14, withinDays: null });
    expect(rules.find((r) => r.id === 'contact-after-broken-promise')).toMatchObject({ dayType: 'business' });
    expect(rules.find((r) => r.id === 'no-skipped-level')).toMatchObject({ withinDays: null, minDays: null, dayType: null });
  });

  it('changes one setting of one rule and knows the draft differs from the saved policy', () => {
    const edited = withRuleSetting(DEFAULT_POLICY, 'reminder-after-due', 'withinDays', 10);
    expect(editableRules(edited).find((r) => r.id === 'reminder-after-due')!.withinDays).toBe(10);
    expect(editableRules(DEFAULT_POLICY).find((r) => r.id === 'reminder-after-due')!.withinDays).toBe(3);
    expect(samePolicy(edited, DEFAULT_POLICY)).toBe(false);
    expect(samePolicy(JSON.parse(JSON.stringify(DEFAULT_POLICY)), DEFAULT_POLICY)).toBe(true);
    expect(parsePolicyText('{"rules": [}')).toMatchObject({ ok: false });
  });
});

describe('bottlenecks, root causes, worklist, comparison', () => {
  it('ranks arcs with translated names and the money at stake', () => {
    const [row] = bottleneckRows([{ from: 'Payment Received', to: 'Payment Applied to Invoice', events: 10, cases: 9, totalWait: 100 * DAY, meanWait: 10 * DAY, medianWait: 8 * DAY, exposure: 12_345 }], tFr, fmtFr);
    expect(row).toMatchObject({ from: 'Paiement reçu', to: 'Paiement lettré', key: 'Payment Received\u2192Payment Applied to Invoice', meanWait: '10 j', exposure: '12,3\u00a0k', exposureShare: 1 });
  });

  it('shows root causes with lift and support, translating template columns and path activities', () => {
    const rows = causeRows(
      [
        { kind: 'attribute', attribute: 'CompanyCode', value: 'US01', label: 'CompanyCode = US01', lift: 1.49, support: 0.4, cases: 3000, outcomeCases: 2200, rate: 0.74 },
        { kind: 'path', attribute: 'Directly follows', value: 'Reminder Sent → Dunning Letter Issued', label: '', lift: 2, support: 0.1, cases: 100, outcomeCases: 50, rate: 0.5, explainedBy: 'CompanyCode = US01' },
      ],
      tFr,
      fmtFr,
    );
    expect(rows[0]).toMatchObject({ attribute: 'Société', value: 'US01', lift: '×1,49', support: '40\u00a0%', rate: '74\u00a0%' });
    expect(rows[1].value).toBe('Rappel envoyé → Lettre de relance émise');
    expect(rows[1].explainedBy).toBe('CompanyCode = US01');
    expect(parseOutcome('nope')).toBe('writtenOff');
    expect(parseOutcome('disputed')).toBe('disputed');
  });

  it('lists worklist items with the next step in the user\'s language', () => {
    const list: WorklistPage = {
      log: { id: 'l', version: 1 },
      policyVersion: 0,
      asOf: 0,
      reportingCurrency: 'USD',
      model: { closedInvoices: 1, observations: 1 },
      total: 1,
      nextCursor: null,
      items: [
        {
          caseId: 'INV-1', customer: 'Contoso', segment: 'SMB', collector: 'Yuki Sato', openBalance: 500, currency: 'JPY', openBalanceReporting: 3,
          dueDate: 0, daysOverdue: 12, dunningLevel: '1', promiseDate: null, brokenPromises: 0, dispute: 'none', priority: 10, prediction: null,
          nextStep: { action: 'Dunning Letter Issued (level 2) from 2024-07-03', activity: 'Dunning Letter Issued', level: '2', ruleId: 'gap', from: null, dueAt: Date.UTC(2024, 6, 3), overdue: true },
        },
      ],
    };
    const [row] = worklistRows(list, tFr, fmtFr);
    expect(row).toMatchObject({ action: 'Lettre de relance émise · Niveau de relance 2', open: '500\u00a0JPY', daysOverdue: '12', dueBy: '3 juil. 2024', overdueAction: true, prediction: '—' });
  });

  it('compares two teams with signed differences (rates in points)', () => {
    const rows = compareRows(kpis({ onTimeRate: 0.192, dso: 65.1 }), kpis({ onTimeRate: 0.606, dso: 41.5, counts: { ...kpis().counts, cases: 2242 } }), t, fmt);
    const row = (key: string) => rows.find((r) => r.key === key)!;
    expect(row('onTimeRate')).toMatchObject({ left: '19.2%', right: '60.6%', difference: '+41.4 pts' });
    expect(row('dso')).toMatchObject({ difference: '−23.6 d' });
    expect(row('cases')).toMatchObject({ left: '8,471', right: '2,242', difference: '−6,229' });
    expect(row('promiseKeptRate').difference).toBe('');
    expect(compareRows(null, null, t, fmt).every((r) => r.difference === '')).toBe(true);
  });
});

describe('Power BI', () => {
  const config = {
    configured: true as const, mode: 'organization' as const, tokenType: 'Aad' as const, accessToken: 'tok', expiresAt: '2026-01-01T01:00:00Z', refreshAt: '2026-01-01T00:50:00Z',
    embedUrl: 'https://app.powerbi.com/reportEmbed?reportId=r', reportId: 'r', workspaceId: 'w', datasetId: null, rls: null,
  };

  it('refreshes the token at the API\'s refreshAt, never in a tight loop', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(refreshDelay(config, now)).toBe(50 * 60_000);
    expect(refreshDelay(config, Date.parse('2026-01-01T00:59:00Z'))).toBe(MIN_REFRESH_MS);
    expect(refreshDelay({ refreshAt: 'garbage', expiresAt: '2026-01-01T01:00:00Z' }, now)).toBe(59 * 60_000);
  });

  it('embeds the report in the user\'s language with the token type the API chose', () => {
    const embed = reportConfig(config, 'fr', (name) => (name === 'Aad' ? 0 : 1));
    expect(embed).toMatchObject({ type: 'report', id: 'r', embedUrl: config.embedUrl, accessToken: 'tok', tokenType: 0, settings: { localeSettings: { language: 'fr', formatLocale: 'fr' } } });
  });
});

describe('filters panel and chips', () => {
  it('turns the form into the API\'s FilterSpec and back, inclusive end day included', () => {
    const form = { ...EMPTY_FORM, timeMode: 'active' as const, timeFrom: '2024-01-01', timeTo: '2024-03-31', attributes: { ...EMPTY_FORM.attributes, CustomerSegment: ['SMB', 'Government'] }, amountMin: '1000', contains: ['Dispute Registered'], notContains: ['Invoice Written Off'], outcomes: ['settled' as const], hideDerived: true };
    const spec = specFromForm(form);
    expect(spec).toEqual({
      hideDerived: true,
      filters: [
        { kind: 'timeRange', mode: 'active', from: '2024-01-01', to: '2024-04-01' },
        { kind: 'attribute', attribute: 'CustomerSegment', values: ['SMB', 'Government'] },
        { kind: 'range', attribute: 'InvoiceAmount', min: 1000 },
        { kind: 'activity', activities: ['Dispute Registered'] },
        { kind: 'activity', activities: ['Invoice Written Off'], negate: true },
        { kind: 'outcome', outcomes: ['settled'] },
      ],
    });
    expect(formFromSpec(spec)).toEqual(form);
    expect(specFromForm(EMPTY_FORM)).toEqual({});
  });

  it('keeps the filters the panel cannot edit (a variant, a follows filter from the map)', () => {
    const other = [{ kind: 'variant' as const, variants: [['A', 'B']] }, { kind: 'follows' as const, from: 'A', to: 'B', directly: true }];
    expect(specFromForm(formFromSpec({ filters: other })).filters).toEqual(other);
  });

  it('describes each filter in the user\'s language', () => {
    expect(describeFilter({ kind: 'attribute', attribute: 'CompanyCode', values: ['FR01'] }, tFr, fmtFr)).toBe('Société : FR01');
    expect(describeFilter({ kind: 'activity', activities: ['Dispute Registered'], negate: true }, t, fmt)).toBe('Does not contain activity: Dispute Registered');
    expect(describeFilter({ kind: 'outcome', outcomes: ['writtenOff'], negate: true }, t, fmt)).toBe('not Outcome: Written off');
    expect(describeFilter({ kind: 'timeRange', mode: 'started', from: '2024-01-01' }, t, fmt)).toBe('Time range: started in the range Jan 1, 2024 – …');
  });
});

describe('map interaction models', () => {
  it('turns the API\'s map into the map component\'s data', () => {
    const api: ProcessMap = {
      log: { id: 'l', version: 1 }, metric: 'frequency', statistic: 'mean', sliders: { activities: 100, paths: 100 }, cases: 1, events: 2,
      nodes: [{ name: 'A', events: 1, cases: 1, duration: null, value: 1 }],
      edges: [], starts: [{ name: 'A', cases: 1 }], ends: [{ name: 'A', cases: 1 }],
    };
    expect(toMapData(api)).toEqual({ cases: 1, events: 2, activities: [{ name: 'A', events: 1, cases: 1 }], edges: [], starts: [{ name: 'A', cases: 1 }], ends: [{ name: 'A', cases: 1 }] });
  });

  it('lists the cases behind a node or an arc with the matching filter', () => {
    expect(parseSelection('a:Dispute Registered')).toEqual({ kind: 'activity', activity: 'Dispute Registered' });
    expect(parseSelection('Payment Received\u2192Invoice Settled')).toEqual({ kind: 'arc', from: 'Payment Received', to: 'Invoice Settled' });
    expect(parseSelection('__start__\u2192Invoice Created')).toBeNull();
    expect(parseSelection(null)).toBeNull();
    expect(selectionFilter({ kind: 'arc', from: 'A', to: 'B' })).toEqual({ kind: 'follows', from: 'A', to: 'B', directly: true });
    expect(withFilter({ hideDerived: true }, { kind: 'activity', activities: ['A'] })).toEqual({ hideDerived: true, filters: [{ kind: 'activity', activities: ['A'] }] });
  });

  it('walks the map with the keyboard in reading order: activities left to right, then arcs', async () => {
    const model = buildMapModel(sampleMap(), { ...BASE_OPTIONS, sliders: { activities: 100, paths: 20 } });
    const layout = await layoutMap(new ELK(), model);
    const order = focusOrder(model, layout);
    const activities = model.nodes.filter((n) => n.kind === 'activity').length;
    expect(order.slice(0, activities).every((id) => id.startsWith('a:'))).toBe(true);
    const xs = order.slice(0, activities).map((id) => layout.nodes.get(id)!.x);
    expect(xs[0]).toBe(Math.min(...xs));
    expect(order.length).toBe(activities + model.edges.filter((e) => e.kind === 'edge').length);
    for (let i = 1; i < activities; i++) expect(layout.nodes.get(order[i])!.x).toBeGreaterThanOrEqual(layout.nodes.get(order[i - 1])!.x);
    expect(nextFocus(order, order[0], 'ArrowRight')).toBe(order[1]);
    expect(nextFocus(order, order[0], 'ArrowLeft')).toBe(order[0]);
    expect(nextFocus(order, order[3], 'End')).toBe(order.at(-1));
    expect(nextFocus(order, order[3], 'Home')).toBe(order[0]);
    expect(nextFocus(order, order[3], 'a')).toBeNull();
    expect(focusOrder(model, null)).toEqual([]);
  });
});
