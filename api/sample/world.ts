import { DAY_MS } from '../engine/domain/calendar.ts';
import { DEFAULT_RATES } from '../engine/domain/currency.ts';
import { buildPopulation, type Customer } from './customers.ts';
import type { Organisation } from './organisation.ts';
import { PLANT, type DunningHabits, type TeamPace } from './planted.ts';
import { Random, WeightedChoice, deriveSeed } from './random.ts';
import { ZoneClock } from './zone-clock.ts';

/** Invoices are created over the 18 months before the cut-off. */
export const WINDOW_DAYS = 548;
/** Customers per expected events: a few hundred for a demo, a few thousand for a large log. */
const EVENTS_PER_CUSTOMER = 110;
const MIN_CUSTOMERS = 120;
const MAX_CUSTOMERS = 4000;
/** Tries to find a customer already on the books on an early day before taking any. */
const PICK_TRIES = 10;

/** Who handles a customer's invoices and how, resolved once per customer. */
export interface Account {
  readonly customer: Customer;
  readonly companyClock: ZoneClock;
  readonly collectorClock: ZoneClock;
  readonly habits: DunningHabits;
  readonly pace: TeamPace;
  readonly manager: string;
  /** Resource name of the entity's accounts-receivable clerks. */
  readonly backOffice: string;
  readonly minorPerUnit: number;
  readonly usdPerUnit: number;
  readonly dispatchBacklog: boolean;
  readonly pricingProblem: boolean;
}

/** Everything fixed for one generation run: clocks, customers and who handles them. */
export interface World {
  readonly cutoff: number;
  /** Business days (epoch days) invoices can be created on, oldest first. */
  readonly businessDays: Int32Array;
  readonly accounts: readonly Account[];
  readonly choice: WeightedChoice<number>;
}

export function buildWorld(org: Organisation, seed: number, events: number, cutoff: number): World {
  const cutoffDay = Math.floor(cutoff / DAY_MS);
  const firstDay = cutoffDay - WINDOW_DAYS;
  // Margins: credit reviews come weeks before the first invoice; events after the cut-off are computed then dropped.
  const clocks = new Map<string, ZoneClock>();
  const clock = (zone: string): ZoneClock => {
    let c = clocks.get(zone);
    if (!c) {
      c = new ZoneClock(zone, firstDay - 40, cutoffDay + 60, holidays(zone));
      clocks.set(zone, c);
    }
    return c;
  };
  const count = Math.min(MAX_CUSTOMERS, Math.max(MIN_CUSTOMERS, Math.round(events / EVENTS_PER_CUSTOMER)));
  const population = buildPopulation(new Random(deriveSeed(seed, 0x2545f491)), count, org, firstDay, WINDOW_DAYS);
  const accounts = population.customers.map((customer) => account(customer, clock));
  const generic = new ZoneClock('UTC', firstDay, cutoffDay, holidays('UTC'));
  const days: number[] = [];
  for (let d = firstDay; d <= cutoffDay; d++) if (generic.isBusinessDay(d)) days.push(d);
  return {
    cutoff,
    businessDays: Int32Array.from(days),
    accounts,
    choice: new WeightedChoice(population.weights.map((w, i) => [i, w] as const)),
  };
}

/** A customer that can be invoiced on `day`: new customers only from their first day. */
export function pickAccount(world: World, rng: Random, day: number): number {
  let index = world.choice.pick(rng);
  for (let tries = 1; tries < PICK_TRIES && world.accounts[index].customer.since > day; tries++) index = world.choice.pick(rng);
  return index;
}

function account(customer: Customer, clock: (zone: string) => ZoneClock): Account {
  const code = customer.company.code;
  const skipper = customer.collector.name === PLANT.policySkipper.collector;
  return {
    customer,
    companyClock: clock(customer.company.timeZone),
    collectorClock: clock(customer.collector.timeZone),
    habits: skipper ? PLANT.policySkipper.habits : PLANT.usualHabits,
    pace: (PLANT.teamPace as Record<string, TeamPace>)[customer.team.name] ?? PLANT.teamPace['Collections Team EMEA'],
    manager: customer.team.manager,
    backOffice: `AR ${code}`,
    minorPerUnit: customer.currency === 'JPY' ? 1 : 100,
    usdPerUnit: DEFAULT_RATES[customer.currency] ?? 1,
    dispatchBacklog: code === PLANT.dispatchBacklog.companyCode,
    pricingProblem: code === PLANT.pricingProblem.companyCode,
  };
}

/** Days off besides weekends: the year-end holidays everywhere, and Japan's New Year days. */
function holidays(zone: string): (day: number) => boolean {
  const japan = zone === 'Asia/Tokyo';
  return (day) => {
    const date = new Date(day * DAY_MS);
    const m = date.getUTCMonth();
    const d = date.getUTCDate();
    return (m === 11 && (d === 25 || d === 26)) || (m === 0 && (d === 1 || (japan && d <= 3)));
  };
}
