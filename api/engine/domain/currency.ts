import { Column } from './columns.ts';
import { denseValues } from '../log/columns.ts';
import type { EventLog } from '../log/event-log.ts';

/**
 * Normalising invoice amounts to one reporting currency. USD by default: the Dynamics 365
 * demo legal entities and most multi-entity group reporting this product meets report in USD.
 *
 * A currency missing from the table is never converted 1:1: its amounts are left out of every
 * amount figure and listed in {@link CaseConversion.excluded}, so a user sees what is missing.
 */

export const DEFAULT_REPORTING_CURRENCY = 'USD';

/**
 * Value of one unit of each currency in USD. Indicative mid rates (2024 averages, rounded): good
 * enough for proportions and DSO; pass today's rates through {@link CurrencyOptions.rates} for money.
 */
export const DEFAULT_RATES: Readonly<Record<string, number>> = {
  USD: 1,
  EUR: 1.08,
  GBP: 1.27,
  JPY: 0.0066,
  CAD: 0.73,
  CHF: 1.13,
  CNY: 0.139,
  AUD: 0.66,
  NZD: 0.6,
  SEK: 0.095,
  NOK: 0.093,
  DKK: 0.145,
  PLN: 0.25,
  CZK: 0.043,
  HUF: 0.0027,
  INR: 0.012,
  SGD: 0.745,
  HKD: 0.128,
  KRW: 0.00073,
  MXN: 0.055,
  BRL: 0.185,
  ZAR: 0.054,
  AED: 0.272,
  SAR: 0.267,
  TRY: 0.031,
};

export interface CurrencyOptions {
  /** ISO 4217 code amounts are reported in; must be in the rate table. Default USD. */
  readonly reporting?: string;
  /**
   * Value of one unit of each currency in a common base (any base, as long as it is one base).
   * Replaces the default table rather than merging with it, so two bases never mix; to change one
   * rate, spread {@link DEFAULT_RATES}.
   */
  readonly rates?: Readonly<Record<string, number>>;
  /**
   * Currency of invoices with no InvoiceCurrency. Default: the reporting currency when the log has
   * no InvoiceCurrency column at all (a single-currency extract), otherwise none (excluded).
   */
  readonly whenMissing?: string;
}

export interface ExcludedCurrency {
  /** The code as found (null: no currency on the invoice). */
  readonly currency: string | null;
  readonly cases: number;
  /** Sum of their InvoiceAmount, in that currency. */
  readonly amount: number;
}

export interface CaseConversion {
  readonly reporting: string;
  /** Per case: multiply an invoice-currency amount by this to get the reporting currency; NaN = excluded. */
  readonly factor: Float64Array;
  readonly excluded: readonly ExcludedCurrency[];
  /** Set when invoices without a currency were taken to be in this one. */
  readonly assumedForMissing: string | null;
}

export class CurrencyError extends Error {}

function normalise(code: string): string {
  return code.trim().toUpperCase();
}

/** Conversion factor from `currency` to `reporting`, or NaN when either is not in the table. */
export function rateBetween(currency: string, reporting: string, rates: Readonly<Record<string, number>> = DEFAULT_RATES): number {
  const from = rates[normalise(currency)];
  const to = rates[normalise(reporting)];
  return from > 0 && to > 0 ? from / to : Number.NaN;
}

const cache = new WeakMap<EventLog, Map<string, CaseConversion>>();

/**
 * Per-case conversion factors, computed from the dictionary so it costs one pass over cases;
 * remembered per log and options (the KPIs and the policy check of one request share them).
 */
export function caseConversion(log: EventLog, options: CurrencyOptions = {}): CaseConversion {
  const key = JSON.stringify([options.reporting, options.rates, options.whenMissing]);
  let perOptions = cache.get(log);
  if (!perOptions) {
    perOptions = new Map();
    cache.set(log, perOptions);
  }
  let conversion = perOptions.get(key);
  if (!conversion) {
    conversion = convert(log, options);
    perOptions.set(key, conversion);
  }
  return conversion;
}

function convert(log: EventLog, options: CurrencyOptions): CaseConversion {
  const rates = options.rates ?? DEFAULT_RATES;
  const reporting = normalise(options.reporting ?? DEFAULT_REPORTING_CURRENCY);
  if (!(rates[reporting] > 0)) throw new CurrencyError(`Reporting currency '${reporting}' has no rate in the rate table`);
  const nCases = log.caseIds.length;
  const factor = new Float64Array(nCases);
  const currencyColumn = log.caseAttributes.get(Column.InvoiceCurrency);
  const assumed = options.whenMissing ? normalise(options.whenMissing) : currencyColumn ? null : reporting;
  const missingFactor = assumed === null ? Number.NaN : rateBetween(assumed, reporting, rates);

  if (!currencyColumn || currencyColumn.kind !== 'string') {
    factor.fill(missingFactor);
  } else {
    const byCode = Float64Array.from(currencyColumn.dict, (code, i) => (i === 0 ? missingFactor : rateBetween(code, reporting, rates)));
    const codes = currencyColumn.codes;
    for (let c = 0; c < nCases; c++) factor[c] = byCode[codes[c]];
  }
  return { reporting, factor, excluded: excludedCurrencies(log, factor), assumedForMissing: assumed };
}

/** Invoices left without a factor, per currency code as found (counted by dictionary code, not by string). */
function excludedCurrencies(log: EventLog, factor: Float64Array): ExcludedCurrency[] {
  const currencyColumn = log.caseAttributes.get(Column.InvoiceCurrency);
  const stringColumn = currencyColumn?.kind === 'string' ? currencyColumn : null;
  const amountColumn = log.caseAttributes.get(Column.InvoiceAmount);
  const amounts = amountColumn?.kind === 'number' ? denseValues(amountColumn) : null;
  const dictSize = stringColumn ? stringColumn.dict.length : 1;
  const cases = new Uint32Array(dictSize);
  const sums = new Float64Array(dictSize);
  for (let c = 0; c < factor.length; c++) {
    if (factor[c] === factor[c]) continue;
    const code = stringColumn ? stringColumn.codes[c] : 0;
    cases[code]++;
    const a = amounts ? amounts[c] : Number.NaN;
    if (a === a) sums[code] += a;
  }
  // Codes that differ only in spelling ("eur", "EUR ") are one currency.
  const byCurrency = new Map<string | null, { cases: number; amount: number }>();
  for (let code = 0; code < dictSize; code++) {
    if (cases[code] === 0) continue;
    const currency = code === 0 || !stringColumn ? null : normalise(stringColumn.dict[code]);
    const entry = byCurrency.get(currency) ?? { cases: 0, amount: 0 };
    entry.cases += cases[code];
    entry.amount += sums[code];
    byCurrency.set(currency, entry);
  }
  return [...byCurrency].map(([currency, e]) => ({ currency, cases: e.cases, amount: e.amount }));
}
