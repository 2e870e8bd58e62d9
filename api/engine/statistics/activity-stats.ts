import { activityCounts, endpointCounts, sumArcs, viewIndex, type ActivityCounts, type ViewIndex } from '../discovery/view-index.ts';
import { toSelection, type SelectionInput } from '../filtering/selection.ts';
import type { EventLog } from '../log/event-log.ts';
import { durationStats, type DurationStats } from './distribution.ts';
import { compareNames } from './ordering.ts';
import { groupedBuffer } from './scratch.ts';

export interface ActivityStats {
  readonly code: number;
  readonly name: string;
  /** Shown events of this activity in the selected cases. */
  readonly events: number;
  /** Selected cases with at least one such event. */
  readonly cases: number;
  /** Durations (endTime − time, ms) of its events that have an end time; null when none has. */
  readonly duration: DurationStats | null;
}

/**
 * Frequency and duration of every activity that occurs in the view, most frequent first
 * (then more cases, then name).
 */
export function activityStats(log: EventLog, input?: SelectionInput): ActivityStats[] {
  const selection = toSelection(log, input);
  const index = viewIndex(log, selection);
  const cases = selection.cases;
  const counts = activityCounts(index, endpointCounts(log, index, cases).startCount, sumArcs(index, cases, null, null));
  return activityStatsOf(log, index, cases, counts);
}

/** activityStats from a view index, case bitmap and the selection's counts per activity (the DFG has all three at hand). */
export function activityStatsOf(log: EventLog, index: ViewIndex, cases: Uint8Array, counts: ActivityCounts): ActivityStats[] {
  const { timedStart, timedCase, timedDuration } = index;
  const values = groupedBuffer(timedDuration.length);
  const result: ActivityStats[] = [];
  for (let a = 0; a < log.activities.length; a++) {
    const events = counts.events[a];
    if (events === 0) continue;
    // Branch-free filtered copy: every value is written, only selected ones advance.
    let n = 0;
    for (let k = timedStart[a], to = timedStart[a + 1]; k < to; k++) {
      values[n] = timedDuration[k];
      n += cases[timedCase[k]];
    }
    result.push({ code: a, name: log.activities[a], events, cases: counts.cases[a], duration: n > 0 ? durationStats(values, 0, n) : null });
  }
  result.sort((x, y) => y.events - x.events || y.cases - x.cases || compareNames(x.name, y.name));
  return result;
}
