import { ACTIVITY_KIND, type ActivityKind, type CanonicalActivity } from '../../../api/engine/domain/activities.ts';

/**
 * Calculated and inferred activities are the ones the product derives itself (domain
 * reference): the map draws them dashed so nobody mistakes them for recorded steps.
 */
export function activityKind(name: string): ActivityKind {
  return ACTIVITY_KIND[name as CanonicalActivity] ?? 'explicit';
}

export function isDerivedActivity(name: string): boolean {
  return activityKind(name) !== 'explicit';
}
