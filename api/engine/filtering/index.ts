export { applyFilters, caseMask } from './apply-filters.ts';
export {
  FilterSpecError,
  parseFilterSpec,
  parseInstant,
  type ActivityFilter,
  type AttributeFilter,
  type Filter,
  type FilterSpec,
  type FollowsFilter,
  type Outcome,
  type OutcomeFilter,
  type RangeFilter,
  type TimeRangeFilter,
  type TimeValue,
  type VariantFilter,
} from './filter-spec.ts';
export {
  selectAll,
  selectedCount,
  SelectionError,
  toSelection,
  type CaseSelection,
  type Selection,
  type SelectionInput,
} from './selection.ts';
