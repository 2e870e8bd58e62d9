import { DAY_MS, dayIndex } from '../domain/calendar.ts';
import type { CaseSelection } from '../filtering/selection.ts';
import { advance, CaseState, Role, type StateContext } from './case-state.ts';
import { BACK_OFF, PayDateModel, type Estimate } from './pay-date-model.ts';
import { collectSnapshots, gridIndex, segmentOf, type StateKey } from './snapshots.ts';
import type { OpenState, PayDatePrediction } from './types.ts';

/** The invoices open at the log's cut-off (posted, neither settled nor written off), with their state then. */
export function openStates(ctx: StateContext, cases?: CaseSelection): OpenState[] {
  const asOf = ctx.log.lastDataUpdate;
  const { postedAt, closedAt, dueDay } = ctx.facts;
  const state = new CaseState(ctx.levelNames.length);
  const today = dayIndex(asOf);
  const result: OpenState[] = [];
  for (let c = 0; c < ctx.log.caseIds.length; c++) {
    if ((cases && !cases[c]) || postedAt[c] > asOf || closedAt[c] <= asOf) continue;
    state.reset(ctx, c);
    advance(ctx, state, asOf);
    const due = dueDay ? dueDay[c] : Number.NaN;
    result.push({
      c,
      level: state.level,
      lastLetterAt: state.letterAt[state.level],
      disputeOpen: state.disputeOpen,
      disputeSeen: state.disputeOpen || hasResolvedDispute(ctx, c, asOf),
      promiseDate: state.promiseOpenAt(asOf) ? state.promiseDate : Number.NaN,
      promiseBrokenAt: state.promiseOpenAt(asOf) ? state.promiseBrokenAt : Number.NaN,
      brokenPromises: state.brokenPromises,
      lastActionAt: state.lastActionAt,
      daysOverdue: due === due ? today - due : null,
      dueDayStart: due === due ? due * DAY_MS : Number.NaN,
    });
  }
  return result;
}

function hasResolvedDispute(ctx: StateContext, c: number, asOf: number): boolean {
  const { activity, time, caseOffsets } = ctx.log;
  for (let e = caseOffsets[c]; e < caseOffsets[c + 1] && time[e] <= asOf; e++) if (ctx.role[activity[e]] === Role.DisputeClosed) return true;
  return false;
}

/** The model learnt from the invoices closed by the log's cut-off. */
export function trainModel(ctx: StateContext, minGroup?: number): PayDateModel {
  return new PayDateModel(collectSnapshots(ctx, ctx.log.lastDataUpdate), minGroup);
}

export function stateKeyOf(ctx: StateContext, s: OpenState): StateKey {
  return {
    hasDue: ctx.hasDue[s.c],
    segment: segmentOf(ctx, s.c),
    level: s.level,
    broken: s.brokenPromises,
    dispute: s.disputeOpen ? 1 : 0,
    promise: s.promiseBrokenAt === s.promiseBrokenAt ? 1 : 0,
  };
}

export interface PayDateResult {
  readonly prediction: PayDatePrediction | null;
  /** Of the closed invoices in the same state and age, the share written off; null when too few resemble it. */
  readonly writeOffShare: number | null;
}

/** When each invoice will be paid, from similar invoices; a null prediction when too few settled ones resemble it. */
export function predictPayDates(ctx: StateContext, model: PayDateModel, open: readonly OpenState[]): PayDateResult[] {
  const asOf = ctx.log.lastDataUpdate;
  const queries = open.map((s) => {
    const age = (asOf - ctx.origin[s.c]) / DAY_MS;
    return { state: stateKeyOf(ctx, s), age, grid: gridIndex(age) };
  });
  const estimates = model.estimateAll(queries);
  // Invoices with the same answer (same state, same due day) read the same reason.
  const reasons = new Map<Estimate, { level: number; text: string }>();
  return open.map((s, i) => {
    const e = estimates[i];
    if (!e) return { prediction: null, writeOffShare: null };
    const { age, state } = queries[i];
    let reason = reasons.get(e);
    if (!reason || reason.level !== state.level) {
      reason = { level: state.level, text: reasonFor(ctx, state, s, age, e) };
      reasons.set(e, reason);
    }
    return {
      prediction: {
        date: asOf + e.p50 * DAY_MS,
        from: asOf + e.p10 * DAY_MS,
        to: asOf + e.p90 * DAY_MS,
        medianDays: e.p50,
        p10Days: e.p10,
        p90Days: e.p90,
        basis: e.settled,
        writeOffShare: e.writeOffShare,
        reason: reason.text,
      },
      writeOffShare: e.writeOffShare,
    };
  });
}

/** "Based on 412 settled SMB invoices at dunning level 2 with a broken promise, still unpaid 35 days past due: median 23 days (80 % between 9 and 51)". */
function reasonFor(ctx: StateContext, key: StateKey, s: OpenState, age: number, e: Estimate): string {
  const kept = BACK_OFF[e.backOff];
  const segment = kept.includes('segment') && key.segment > 0 ? `${ctx.segment!.dict[key.segment]} ` : '';
  const broken = Math.min(key.broken, 2);
  const parts: string[] = [];
  if (kept.includes('level')) parts.push(key.level === 0 ? 'before any dunning letter' : `at dunning level ${ctx.levelNames[key.level - 1]}`);
  if (kept.includes('broken')) parts.push(broken === 0 ? 'no broken promise' : broken === 1 ? 'a broken promise' : '2 or more broken promises');
  if (kept.includes('dispute') && key.dispute) parts.push('an open dispute');
  if (kept.includes('promise') && key.promise) parts.push('a pending promise to pay');
  // The level reads as a place ("at dunning level 2"), the rest as what the invoices have.
  const place = kept.includes('level') ? parts.shift()! : '';
  const state = [place, parts.length ? `with ${parts.join(' and ')}` : ''].filter(Boolean).join(' ');
  const d = s.daysOverdue;
  const when =
    d === null
      ? `still open ${days(Math.floor(age))} after posting`
      : d > 0
        ? `still unpaid ${days(d)} past due`
        : d === 0
          ? 'still open on the due date'
          : `still open ${days(-d)} before the due date`;
  const r = Math.round;
  return `Based on ${grouped(e.settled)} settled ${segment}invoices${state ? ` ${state}` : ''}, ${when}: median ${days(r(e.p50))} (80% between ${r(e.p10)} and ${r(e.p90)})`;
}

function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

/** 12,345: toLocaleString is slow enough to show in a worklist of ten thousand lines. */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
