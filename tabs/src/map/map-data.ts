/**
 * What the process map needs from the API: the structural subset of the engine's Dfg
 * (api/engine/discovery/dfg.ts), so both the engine type and the API contract's JSON fit.
 */
export interface MapDurations {
  readonly count: number;
  readonly total: number;
  readonly mean: number;
  readonly median: number;
  readonly p90: number;
}

export interface MapActivity {
  readonly name: string;
  readonly events: number;
  readonly cases: number;
}

export interface MapArc {
  readonly from: string;
  readonly to: string;
  readonly events: number;
  readonly cases: number;
  readonly waiting: MapDurations;
  readonly amountWaiting?: number;
}

export interface MapEndpoint {
  readonly name: string;
  readonly cases: number;
}

export interface MapData {
  readonly cases: number;
  readonly events: number;
  readonly activities: readonly MapActivity[];
  readonly edges: readonly MapArc[];
  readonly starts: readonly MapEndpoint[];
  readonly ends: readonly MapEndpoint[];
}

export type MapMode = 'frequency' | 'performance';

export const START_ID = '__start__';
export const END_ID = '__end__';

export function activityNodeId(name: string): string {
  return `a:${name}`;
}

export function arcId(from: string, to: string): string {
  return `${from}\u2192${to}`;
}
