export { activityStats, type ActivityStats } from './activity-stats.ts';
export { caseAmounts } from './amounts.ts';
export {
  bottlenecksOf,
  DEFAULT_ANNUAL_COST_OF_CAPITAL,
  rankBottlenecks,
  type Bottleneck,
  type BottleneckOptions,
} from './bottlenecks.ts';
export { durationStats, durationStatsOf, EMPTY_STATS, groupedDurationStats, MS_PER_DAY, nearestRank, type DurationStats } from './distribution.ts';
export { caseDurations, caseSpans, type CaseDurations, type CaseSpans } from './durations.ts';
export { summarizeLog, type LogSummary, type SummaryBottleneck, type SummaryEdge, type SummaryOptions } from './summary.ts';
export { releaseScratch } from './scratch.ts';
export { throughputTime, type Throughput } from './throughput.ts';
export { caseTimeline, type CaseTimeline, type TimelineEvent } from './timeline.ts';
export { discoverVariants, variantCases, type Variant, type Variants } from './variants.ts';
export { indexLog, type IndexLogOptions } from './index-log.ts';
