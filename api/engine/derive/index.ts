export { deriveEvents, type DerivationSummary } from './derived-events.ts';
export { DerivationRule, dayAfter, DAY_MS } from './rules.ts';
