import { DEFAULT_RATES } from '../engine/domain/currency.ts';
import { PLANT } from './planted.ts';
import { SEGMENTS, teamFor, type Organisation, type SampleCollector, type SampleCompany, type SampleTeam, type Segment } from './organisation.ts';
import { WeightedChoice, type Random } from './random.ts';

export type PaymentTerms = 'Net 30' | 'Net 45' | 'Net 60' | '2/10 Net 30' | 'Due on receipt';

export const TERM_DAYS: Readonly<Record<PaymentTerms, number>> = {
  'Net 30': 30,
  'Net 45': 45,
  'Net 60': 60,
  '2/10 Net 30': 30,
  'Due on receipt': 0,
};

/** Natural behaviour of a segment, before the planted effects. Rates are per invoice. */
interface SegmentProfile {
  /** Share of customers. */
  readonly customers: number;
  /** Relative invoice volume of one customer. */
  readonly volume: number;
  /** Median invoice in USD, and the spread of its logarithm. */
  readonly amountUsd: number;
  readonly amountSigma: number;
  readonly lateRate: number;
  readonly lateMedianDays: number;
  readonly disputeRate: number;
  readonly keptRate: number;
  readonly writeOffRate: number;
  readonly partialRate: number;
  readonly terms: readonly (readonly [PaymentTerms, number])[];
}

const PROFILES: Readonly<Record<Segment, SegmentProfile>> = {
  Enterprise: {
    customers: 0.08,
    volume: 3.5,
    amountUsd: 18_000,
    amountSigma: 1.0,
    lateRate: 0.2,
    lateMedianDays: 9,
    disputeRate: 0.05,
    keptRate: 0.85,
    writeOffRate: 0.002,
    partialRate: 0.05,
    terms: [['Net 30', 0.45], ['Net 45', 0.25], ['Net 60', 0.25], ['2/10 Net 30', 0.05]],
  },
  'Mid-Market': {
    customers: 0.24,
    volume: 1.4,
    amountUsd: 6_000,
    amountSigma: 0.9,
    lateRate: 0.27,
    lateMedianDays: 12,
    disputeRate: 0.05,
    keptRate: 0.82,
    writeOffRate: 0.006,
    partialRate: 0.08,
    terms: [['Net 30', 0.4], ['Net 45', 0.15], ['2/10 Net 30', 0.2], ['Due on receipt', 0.2], ['Net 60', 0.05]],
  },
  SMB: {
    customers: 0.6,
    volume: 0.7,
    amountUsd: 1_200,
    amountSigma: 0.85,
    lateRate: 0.33,
    lateMedianDays: 14,
    disputeRate: 0.04,
    keptRate: 0.8,
    writeOffRate: 0.004,
    partialRate: 0.1,
    terms: [['Net 30', 0.5], ['2/10 Net 30', 0.28], ['Due on receipt', 0.1], ['Net 45', 0.12]],
  },
  Government: {
    customers: 0.08,
    volume: 2,
    amountUsd: 12_000,
    amountSigma: 1.1,
    lateRate: 0.42,
    lateMedianDays: 18,
    disputeRate: 0.03,
    keptRate: 0.9,
    writeOffRate: 0.001,
    partialRate: 0.03,
    terms: [['Net 30', 0.45], ['Net 45', 0.3], ['Net 60', 0.25]],
  },
};

/** Share of customers per company code. */
const COMPANY_SHARE: Readonly<Record<string, number>> = { US01: 0.4, CA01: 0.12, DE01: 0.14, FR01: 0.11, GB01: 0.1, JP01: 0.05, SG01: 0.08 };

/** No customer above this share of invoices, so no single customer passes a 2% support threshold. */
const MAX_CUSTOMER_SHARE = 0.012;
/** Canadian customers that are US-owned are invoiced in US dollars. */
const USD_BILLED_IN_CANADA = 0.35;
/** Share of customers acquired during the window (their first invoice needs a credit limit). */
const NEW_CUSTOMER_SHARE = 0.2;

export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly segment: Segment;
  readonly company: SampleCompany;
  /** Invoice currency: the company's, except for some cross-border customers. */
  readonly currency: string;
  readonly team: SampleTeam;
  readonly collector: SampleCollector;
  /** First day (epoch days) the customer can be invoiced; -Infinity for established customers. */
  readonly since: number;
  readonly isNew: boolean;
  /** Median invoice, in the invoice currency. */
  readonly amountMedian: number;
  readonly amountSigma: number;
  /** The payment terms on the customer master; most invoices use them. */
  readonly terms: PaymentTerms;
  readonly termChoice: WeightedChoice<PaymentTerms>;
  readonly lateRate: number;
  readonly lateMedianDays: number;
  readonly disputeRate: number;
  readonly keptRate: number;
  readonly writeOffRate: number;
  readonly partialRate: number;
  /** Takes the 2/10 early-payment discount when offered. */
  readonly discountRate: number;
}

export interface Population {
  readonly customers: readonly Customer[];
  /** Relative invoice volume per customer (same order). */
  readonly weights: readonly number[];
}

const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

/**
 * A fixed population of customers, each with its own payment behaviour drawn around its
 * segment's, so that the invoices of one customer are correlated.
 */
export function buildPopulation(rng: Random, count: number, org: Organisation, windowStartDay: number, windowDays: number): Population {
  const segmentChoice = new WeightedChoice(SEGMENTS.map((s) => [s, PROFILES[s].customers] as const));
  const companyChoice = new WeightedChoice(org.companies.map((c) => [c, COMPANY_SHARE[c.code] ?? 0.05] as const));
  const termChoices = new Map(SEGMENTS.map((s) => [s, new WeightedChoice(PROFILES[s].terms)]));
  const names = new NameMaker();
  // Portfolios are dealt out per team and company in turn, so every collector gets a similar mix.
  const dealt = new Map<string, number>();
  const customers: Customer[] = [];
  const weights: number[] = [];
  for (let i = 0; i < count; i++) {
    const segment = segmentChoice.pick(rng);
    const company = companyChoice.pick(rng);
    const p = PROFILES[segment];
    const team = teamFor(org, company.code, segment);
    const collectors = org.collectors.filter((c) => c.team === team.name);
    const turn = dealt.get(`${team.name}/${company.code}`) ?? rng.int(0, collectors.length - 1);
    dealt.set(`${team.name}/${company.code}`, turn + 1);
    const termChoice = termChoices.get(segment)!;
    const isNew = rng.chance(NEW_CUSTOMER_SHARE);
    const currency = company.country === 'CA' && rng.chance(USD_BILLED_IN_CANADA) ? 'USD' : company.currency;
    const planted = (s: { segment: Segment }, natural: number, value: number): number => (s.segment === segment ? value : natural);
    customers.push({
      id: `CUST-${String(10_001 + i).padStart(5, '0')}`,
      name: names.make(rng, segment, company.country),
      segment,
      company,
      currency,
      team,
      collector: collectors[turn % collectors.length],
      // Joined during the window, early enough to be invoiced a few times before the cut-off.
      since: isNew ? windowStartDay + Math.floor(rng.next() * windowDays * 0.9) : Number.NEGATIVE_INFINITY,
      isNew,
      amountMedian: (p.amountUsd * rng.lognormal(1, 0.5)) / (DEFAULT_RATES[currency] ?? 1),
      amountSigma: p.amountSigma * 0.8,
      terms: termChoice.pick(rng),
      termChoice,
      lateRate: clamp(p.lateRate + 0.12 * rng.normal(), 0.03, 0.95),
      lateMedianDays: p.lateMedianDays * rng.lognormal(1, 0.5),
      disputeRate: p.disputeRate * rng.lognormal(1, 0.4),
      keptRate: clamp(planted(PLANT.brokenPromises, p.keptRate, PLANT.brokenPromises.keptRate) + 0.08 * rng.normal(), 0.05, 0.98),
      writeOffRate: Math.min(0.3, planted(PLANT.writeOffs, p.writeOffRate, PLANT.writeOffs.rate) * rng.lognormal(1, 0.4)),
      partialRate: p.partialRate,
      discountRate: clamp(0.6 + 0.2 * rng.normal(), 0, 1),
    });
    weights.push(p.volume * rng.lognormal(1, 0.9));
  }
  // Each company gets exactly its share of the volume: with a few hundred customers, chance would
  // otherwise move the entity mix (and with it every planted effect) from seed to seed.
  for (const company of org.companies) {
    const members = customers.flatMap((c, i) => (c.company === company ? [i] : []));
    const total = members.reduce((sum, i) => sum + weights[i], 0);
    for (const i of members) weights[i] *= (COMPANY_SHARE[company.code] ?? 0.05) / total;
  }
  capShares(weights, MAX_CUSTOMER_SHARE);
  return { customers, weights };
}

/** Lowers the heaviest weights until none exceeds `cap` of the total (when the population allows it). */
function capShares(weights: number[], cap: number): void {
  if (weights.length * cap <= 1) return;
  for (let round = 0; round < 20; round++) {
    const limit = cap * weights.reduce((a, b) => a + b, 0);
    let changed = false;
    for (let i = 0; i < weights.length; i++) {
      if (weights[i] > limit) {
        weights[i] = limit * 0.98;
        changed = true;
      }
    }
    if (!changed) return;
  }
}

const COMPANY_WORDS = [
  'Northwind', 'Fabrikam', 'Tailspin', 'Adventure Works', 'Litware', 'Proseware', 'Wide World', 'Woodgrove',
  'Alpine', 'Coho', 'Lucerne', 'Blue Yonder', 'Fourth Coffee', 'Trey', 'Wingtip', 'Humongous', 'Southridge',
  'Relecloud', 'VanArsdel', 'Datum', 'Bellows', 'Lamna', 'Munson', 'Margie', 'Graphic Arts', 'Consolidated',
  'Tasman', 'Silverline', 'Redwood', 'Harbor', 'Summit', 'Granite', 'Meridian', 'Oakridge', 'Riverbend',
  'Keystone', 'Bluewater', 'Ironbridge', 'Lakeshore', 'Pinecrest',
];
const TRADES = [
  'Logistics', 'Manufacturing', 'Foods', 'Retail', 'Systems', 'Engineering', 'Healthcare', 'Energy', 'Textiles',
  'Motors', 'Pharma', 'Electronics', 'Construction', 'Packaging', 'Chemicals', 'Furniture', 'Media', 'Foods & Beverages',
  'Industrial Supply', 'Medical Devices', 'Software', 'Hospitality', 'Outfitters', 'Instruments', 'Plastics',
];
const LEGAL_FORMS: Readonly<Record<string, readonly string[]>> = {
  US: ['Inc.', 'LLC', 'Corp.'],
  CA: ['Ltd.', 'Inc.'],
  DE: ['GmbH', 'AG', 'GmbH & Co. KG'],
  FR: ['SAS', 'SA', 'SARL'],
  GB: ['Ltd', 'plc'],
  JP: ['K.K.', 'Co., Ltd.'],
  SG: ['Pte. Ltd.'],
};
const PUBLIC_BODIES: Readonly<Record<string, readonly ((place: string) => string)[]>> = {
  US: [(p) => `City of ${p}`, (p) => `${p} County`, (p) => `${p} Public Schools`, (p) => `${p} Transit Authority`],
  CA: [(p) => `City of ${p}`, (p) => `${p} Health Authority`],
  DE: [(p) => `Stadt ${p}`, (p) => `Stadtwerke ${p}`, (p) => `Landkreis ${p}`],
  FR: [(p) => `Ville de ${p}`, (p) => `Centre Hospitalier de ${p}`, (p) => `Métropole de ${p}`],
  GB: [(p) => `${p} City Council`, (p) => `${p} NHS Trust`, (p) => `${p} Borough Council`],
  JP: [(p) => `${p} City Office`, (p) => `${p} Prefectural Government`],
  SG: [(p) => `${p} Town Council`, (p) => `${p} Polytechnic`],
};
const PLACES: Readonly<Record<string, readonly string[]>> = {
  US: ['Springfield', 'Austin', 'Denver', 'Columbus', 'Raleigh', 'Madison', 'Tucson', 'Albany', 'Boise', 'Richmond', 'Omaha', 'Fresno'],
  CA: ['Ottawa', 'Calgary', 'Halifax', 'Winnipeg', 'Victoria', 'Regina', 'Hamilton', 'Kingston'],
  DE: ['Köln', 'Leipzig', 'Bremen', 'Kassel', 'Ulm', 'Augsburg', 'Mainz', 'Potsdam', 'Freiburg', 'Kiel'],
  FR: ['Lyon', 'Lille', 'Nantes', 'Rennes', 'Bordeaux', 'Dijon', 'Grenoble', 'Toulouse', 'Reims', 'Angers'],
  GB: ['Leeds', 'Bristol', 'Sheffield', 'Norwich', 'Leicester', 'York', 'Cardiff', 'Derby', 'Exeter', 'Bath'],
  JP: ['Osaka', 'Nagoya', 'Sapporo', 'Fukuoka', 'Kobe', 'Sendai', 'Hiroshima', 'Kyoto'],
  SG: ['Tampines', 'Jurong', 'Bishan', 'Woodlands', 'Punggol', 'Bedok', 'Clementi', 'Sengkang'],
};

const DEPARTMENTS = ['Public Works', 'Water Utility', 'Facilities', 'IT Services', 'Parks Department', 'Procurement'];

/** Plausible, unique customer names per country. */
class NameMaker {
  private readonly used = new Set<string>();

  make(rng: Random, segment: Segment, country: string): string {
    const places = PLACES[country] ?? PLACES.US;
    const forms = LEGAL_FORMS[country] ?? LEGAL_FORMS.US;
    const bodies = PUBLIC_BODIES[country] ?? PUBLIC_BODIES.US;
    const plain = (): string =>
      segment === 'Government'
        ? rng.pick(bodies)(rng.pick(places))
        : `${rng.pick(COMPANY_WORDS)} ${rng.pick(TRADES)} ${rng.pick(forms)}`;
    // Large populations exhaust the plain combinations: branches and departments next, as ledgers name them.
    const qualified = (): string =>
      segment === 'Government'
        ? `${rng.pick(bodies)(rng.pick(places))}, ${rng.pick(DEPARTMENTS)}`
        : `${rng.pick(COMPANY_WORDS)} ${rng.pick(TRADES)} ${rng.pick(places)} ${rng.pick(forms)}`;
    for (const candidate of [plain, qualified]) {
      for (let attempt = 0; attempt < 20; attempt++) {
        const name = candidate();
        if (this.remember(name)) return name;
      }
    }
    const base = qualified();
    let n = 2;
    while (!this.remember(`${base} (${n})`)) n++;
    return `${base} (${n})`;
  }

  private remember(name: string): boolean {
    if (this.used.has(name)) return false;
    this.used.add(name);
    return true;
  }
}
