import type { EventLog } from '../log/event-log.ts';
import type { FeatureCounts } from './feature-counts.ts';

/** Beyond this many activities, directly-follows pairs are not counted (the pair table would be huge and the pairs too thin). */
const MAX_ACTIVITIES_FOR_PAIRS = 1024;

export interface PathSettings {
  /** Per event: 1-based dunning level (0 none), and the activity carrying it. */
  readonly level: Uint8Array;
  readonly dunningCode: number;
  readonly levelNames: readonly string[];
}

/**
 * Counts, for every case with a class, the features of its path: each activity it contains, each
 * activity it repeats (rework), each directly-follows pair, and each dunning level it reached
 * (reaching level 3 also counts as reaching 1 and 2). One pass over the events; a per-case stamp
 * makes each feature count once per case.
 */
export function countPathFeatures(log: EventLog, cls: Uint8Array, counts: FeatureCounts, settings: PathSettings): void {
  const A = log.activities.length;
  const name = log.activities;
  const contains = new Int32Array(A).fill(-1);
  const repeated = new Int32Array(A).fill(-1);
  const seen = new Int32Array(A).fill(-1);
  const repeatSeen = new Int32Array(A).fill(-1);
  const withPairs = A <= MAX_ACTIVITIES_FOR_PAIRS;
  const pairId = withPairs ? new Int32Array(A * A).fill(-1) : null;
  const pairSeen = withPairs ? new Int32Array(A * A).fill(-1) : null;
  const levels = settings.levelNames.map((level, i) =>
    counts.add({ kind: 'path', attribute: 'Dunning level reached', value: level, label: `reached dunning level ${level}`, activities: [] }),
  );
  const { caseOffsets: off, activity } = log;
  const { level, dunningCode } = settings;

  for (let c = 0; c < cls.length; c++) {
    const k = cls[c];
    if (k === 0) continue;
    let previous = -1;
    let highest = 0;
    for (let e = off[c]; e < off[c + 1]; e++) {
      const a = activity[e];
      if (seen[a] !== c) {
        seen[a] = c;
        let f = contains[a];
        if (f < 0) f = contains[a] = counts.add({ kind: 'path', attribute: 'Activity', value: name[a], label: `contains ${name[a]}`, activities: [a] });
        counts.count(f, k);
      } else if (repeatSeen[a] !== c) {
        repeatSeen[a] = c;
        let f = repeated[a];
        if (f < 0) f = repeated[a] = counts.add({ kind: 'path', attribute: 'Repeated', value: name[a], label: `${name[a]} repeated`, activities: [a] });
        counts.count(f, k);
      }
      if (pairId && previous >= 0) {
        const p = previous * A + a;
        let f = pairId[p];
        if (f < 0) {
          f = pairId[p] = counts.add({
            kind: 'path',
            attribute: 'Directly follows',
            value: `${name[previous]} → ${name[a]}`,
            label: `${name[previous]} directly followed by ${name[a]}`,
            activities: [previous, a],
          });
        }
        if (pairSeen![p] !== c) {
          pairSeen![p] = c;
          counts.count(f, k);
        }
      }
      if (a === dunningCode && level[e] > highest) highest = level[e];
      previous = a;
    }
    for (let l = 0; l < highest; l++) counts.count(levels[l], k);
  }
}
