import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { AccessService, InlineExecutor } from '../../api/access/index.ts';
import { saveUserMapping, Store, type LogInfo } from '../../api/adapters/store/index.ts';
import { DEFAULT_POLICY, LogBuilder, prepareLog, type AttributeValue, type EventLog } from '../../api/engine/index.ts';
import { LogCache } from '../../api/server/log-cache.ts';
import { botConfigFromEnv, type BotConfig } from '../../bot/config.ts';
import { botDeps, type BotDeps } from '../../bot/deps.ts';

/** "Now" in the bot tests: a weekday morning, long after the data's "as of" (2024-06-30). */
export const NOW = Date.parse('2026-11-23T09:00:00Z');
export const AS_OF = Date.parse('2024-06-30T18:00:00Z');
export const TEAM = 'Collections Team EMEA';
export const MANAGER = 'Stefan Hoffmann';

interface InvoiceSpec {
  readonly id: string;
  readonly collector: string;
  readonly customer: string;
  readonly currency: string;
  readonly amount: number;
  readonly posted: string;
  readonly due: string;
  readonly events?: readonly { readonly a: string; readonly at: string; readonly attrs?: Record<string, AttributeValue> }[];
}

/**
 * Camille (Paris) has, as of 2024-06-30: INV-1001 overdue with a broken promise and no contact
 * since (a missed step), INV-1002 overdue with no reminder (a missed step), INV-1003 not yet due,
 * INV-1004 paid, INV-1005 overdue since the last day (new since yesterday). James (London) has
 * INV-2001 overdue, reminded in time.
 */
export const INVOICES: readonly InvoiceSpec[] = [
  {
    id: 'INV-1001', collector: 'Camille Laurent', customer: 'Fabrikam SA', currency: 'EUR', amount: 12000, posted: '2024-04-01', due: '2024-05-01',
    events: [
      { a: 'Reminder Sent', at: '2024-05-03T09:00:00Z' },
      { a: 'Promise to Pay Received', at: '2024-05-10T10:00:00Z', attrs: { PromiseDate: Date.parse('2024-05-20'), PromiseAmount: 12000 } },
    ],
  },
  { id: 'INV-1002', collector: 'Camille Laurent', customer: 'Northwind SARL', currency: 'EUR', amount: 5000, posted: '2024-05-15', due: '2024-06-14' },
  { id: 'INV-1003', collector: 'Camille Laurent', customer: 'Fabrikam SA', currency: 'EUR', amount: 2500, posted: '2024-06-01', due: '2024-07-01' },
  {
    id: 'INV-1004', collector: 'Camille Laurent', customer: 'Contoso Paris', currency: 'EUR', amount: 3000, posted: '2024-03-01', due: '2024-04-01',
    events: [
      { a: 'Payment Received', at: '2024-04-10T08:00:00Z' },
      { a: 'Payment Applied to Invoice', at: '2024-04-10T09:00:00Z', attrs: { SettledAmount: 3000 } },
    ],
  },
  {
    id: 'INV-1005', collector: 'Camille Laurent', customer: 'Northwind SARL', currency: 'EUR', amount: 800, posted: '2024-06-01', due: '2024-06-29',
  },
  {
    id: 'INV-2001', collector: 'James Whitaker', customer: 'Tailspin Ltd', currency: 'GBP', amount: 7000, posted: '2024-05-01', due: '2024-06-01',
    events: [{ a: 'Reminder Sent', at: '2024-06-03T09:00:00Z' }],
  },
];

export const COLLECTORS = [
  { name: 'Camille Laurent', timeZone: 'Europe/Paris', email: 'camille.laurent@contoso.com' },
  { name: 'James Whitaker', timeZone: 'Europe/London', email: 'james.whitaker@contoso.com' },
];

/** A prepared log (derived events made) from invoice specs. */
export function logOf(invoices: readonly InvoiceSpec[], asOf = AS_OF, team = TEAM): EventLog {
  const builder = new LogBuilder({ lastDataUpdate: asOf });
  for (const inv of invoices) {
    const event = (a: string, at: string, attrs: Record<string, AttributeValue> = {}) => {
      const e = builder.addEvent(inv.id, a, Date.parse(at));
      builder.setEventAttribute(e, 'SourceSystem', 'Dynamics 365 Finance');
      for (const [name, value] of Object.entries(attrs)) builder.setEventAttribute(e, name, value, name.endsWith('Date') ? 'time' : undefined);
    };
    event('Invoice Posted', `${inv.posted}T08:00:00Z`);
    for (const ev of inv.events ?? []) event(ev.a, ev.at, ev.attrs);
    const attrs: Record<string, AttributeValue> = {
      CustomerId: `C-${inv.customer.replace(/\W+/g, '')}`,
      CustomerName: inv.customer,
      CustomerSegment: 'Mid-Market',
      PaymentTerms: 'Net 30',
      InvoiceAmount: inv.amount,
      InvoiceCurrency: inv.currency,
      CollectorName: inv.collector,
      CreditTeam: team,
      CompanyCode: inv.currency === 'GBP' ? 'GB01' : 'FR01',
    };
    for (const [name, value] of Object.entries(attrs)) builder.setCaseAttribute(inv.id, name, value);
    builder.setCaseAttribute(inv.id, 'DueDate', Date.parse(inv.due), 'time');
  }
  return prepareLog(builder.build()).log;
}

export interface World {
  readonly dir: string;
  readonly store: Store;
  readonly logs: LogCache;
  readonly access: AccessService;
  readonly deps: BotDeps;
  readonly config: BotConfig;
  readonly info: LogInfo;
  close(): Promise<void>;
}

export const quietLogger = pino({ level: 'silent' });

/** A store with the log, the organisation and the bot's dependencies, as the API process builds them. */
export async function openWorld(options: { env?: NodeJS.ProcessEnv; invoices?: readonly InvoiceSpec[]; collectors?: typeof COLLECTORS; now?: () => number; dir?: string } = {}): Promise<World> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'cl-bot-'));
  const store = await Store.open(dir);
  const collectors = options.collectors ?? COLLECTORS;
  if ((await store.listLogs()).length === 0) {
    await store.saveLog({ name: 'Bot test log', source: 'test:bot', log: logOf(options.invoices ?? INVOICES) });
    await store.saveOrganisation({ teams: [{ name: TEAM, manager: MANAGER, members: collectors.map((c) => c.name) }], collectors });
  }
  const info = (await store.listLogs())[0];
  const logs = new LogCache(store);
  const access = await AccessService.create(store, (i) => logs.get(i), new InlineExecutor());
  const config = botConfigFromEnv({ TAB_PUBLIC_URL: 'http://127.0.0.1:3978/', DIGEST_TIME: '08:00', ...options.env });
  const deps = botDeps({ store, logger: quietLogger, access, policy: () => DEFAULT_POLICY, loadLog: (i) => logs.get(i), now: options.now ?? (() => NOW) }, config);
  return {
    dir,
    store,
    logs,
    access,
    deps,
    config,
    info,
    close: async () => {
      await store.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Maps a Teams user (Entra object id) to a person through the store, as the admin API does. */
export async function mapUser(world: World, principal: string, person: string): Promise<void> {
  await saveUserMapping(world.store, { principal, person, role: null, updatedBy: 'test' });
  await world.access.reloadDirectory();
}
