/**
 * The mining engine's flat facade: everything outer layers (adapters, routes, CLI, bot, tab)
 * use from the engine comes through here. Algorithms live by family, as in PM4Py: log,
 * derive, discovery, statistics, filtering, conformance, kpis.
 */
export * from './domain/activities.ts';
export * from './domain/columns.ts';
export * from './domain/aliases.ts';
export * from './domain/currency.ts';
export * from './domain/calendar.ts';
export * from './log/columns.ts';
export * from './log/event-log.ts';
export { LogBuilder, LogBuildError, type AttributeLevel, type LogBuilderOptions } from './log/builder.ts';
export { appendEvents, type AppendedEvent, type AppendResult } from './log/append.ts';
export { parseIsoInstant, EXPECTED_INSTANT } from './log/instants.ts';
export { mergeLifecycle, LIFECYCLE_ATTRIBUTE, type LifecycleMergeResult } from './log/lifecycle.ts';
export { deriveEvents, DerivationRule, dayAfter, type DerivationSummary } from './derive/index.ts';
export { prepareLog, type PrepareOptions, type PreparedLog } from './prepare.ts';
export * from './discovery/index.ts';
export * from './statistics/index.ts';
export * from './filtering/index.ts';
export * from './conformance/index.ts';
export * from './kpis/index.ts';
export * from './rootcause/index.ts';
export * from './worklist/index.ts';
