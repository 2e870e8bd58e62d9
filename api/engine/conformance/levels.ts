import { Column } from '../domain/columns.ts';
import { NumberReader } from '../log/columns.ts';
import type { EventLog } from '../log/event-log.ts';
import { levelKey } from './policy-schema.ts';

const cache = new WeakMap<EventLog, Map<string, Uint8Array>>();

/**
 * Per event: the 1-based position of its DunningLevel among the policy's levels ('1', 2,
 * ' legal '…), 0 when it has none or an unknown one. Cached per log and level list.
 */
export function eventLevels(log: EventLog, levelNames: readonly string[]): Uint8Array {
  const key = levelNames.map(levelKey).join('\u0000');
  let perLevels = cache.get(log);
  if (!perLevels) {
    perLevels = new Map();
    cache.set(log, perLevels);
  }
  let level = perLevels.get(key);
  if (!level) {
    level = compute(log, levelNames);
    perLevels.set(key, level);
  }
  return level;
}

function compute(log: EventLog, levelNames: readonly string[]): Uint8Array {
  const ordinal = new Map(levelNames.map((name, i) => [levelKey(name), i + 1]));
  const level = new Uint8Array(log.activity.length);
  const column = log.eventAttributes.get(Column.DunningLevel);
  if (!column || column.kind === 'boolean') return level;
  if (column.kind === 'string') {
    const byCode = Uint8Array.from(column.dict, (v, i) => (i === 0 ? 0 : (ordinal.get(levelKey(v)) ?? 0)));
    const codes = column.codes;
    for (let e = 0; e < level.length; e++) level[e] = byCode[codes[e]];
  } else {
    const values = new NumberReader(column);
    for (let e = 0; e < level.length; e++) {
      const v = values.get(e);
      if (v === v) level[e] = ordinal.get(String(v)) ?? 0;
    }
  }
  return level;
}
