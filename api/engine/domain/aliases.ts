import { Activity, CANONICAL_ACTIVITIES, type CanonicalActivity } from './activities.ts';
import type { EventLog } from '../log/event-log.ts';

/**
 * A customer's own activity names mapped onto the canonical ones. Matching ignores case,
 * whitespace, '-' and '_' (and full-width forms, via NFKC), because exports spell the same
 * step as "Reminder sent", "REMINDER_SENT" or "Reminder  Sent".
 */

/** User aliases: own name → canonical activity. Take precedence over the built-in table. */
export type AliasMap = Readonly<Record<string, CanonicalActivity>>;

/** Common names in English (incl. Dynamics 365 wording), French, German and Chinese. */
export const BUILT_IN_ALIASES: Readonly<Record<CanonicalActivity, readonly string[]>> = {
  [Activity.CreditLimitRequested]: [
    'Credit limit request', 'Credit review requested', 'Request credit limit', 'Credit limit application',
    'Demande de limite de crédit', 'Limite de crédit demandée',
    'Kreditlimit beantragt', 'Kreditlimitantrag',
    '申请信用额度', '信用额度申请',
  ],
  [Activity.CreditLimitApproved]: [
    'Credit limit granted', 'Approve credit limit', 'Credit limit changed', 'Credit limit updated',
    'Limite de crédit approuvée', 'Limite de crédit accordée',
    'Kreditlimit genehmigt', 'Kreditlimit erteilt',
    '信用额度已批准', '批准信用额度',
  ],
  [Activity.InvoiceCreated]: [
    'Create invoice', 'Invoice creation', 'Invoice drafted',
    'Facture créée', 'Création de facture', 'Créer facture',
    'Rechnung erstellt', 'Rechnung angelegt',
    '创建发票', '发票已创建',
  ],
  [Activity.InvoicePosted]: [
    'Post invoice', 'Invoice booked', 'Invoice journal posted', 'Free text invoice posted',
    'Facture comptabilisée', 'Comptabilisation de la facture',
    'Rechnung gebucht', 'Rechnung verbucht',
    '发票过账', '过账发票', '发票已过账',
  ],
  [Activity.InvoiceSent]: [
    'Invoice sent', 'Send invoice', 'Invoice emailed', 'Invoice delivered', 'Invoice printed and sent',
    'Facture envoyée', 'Envoi de la facture', 'Facture envoyée au client',
    'Rechnung versendet', 'Rechnung verschickt', 'Rechnung an Kunden gesendet',
    '发送发票', '发票已发送',
  ],
  [Activity.PaymentDueDatePassed]: [
    'Due date passed', 'Payment overdue', 'Invoice overdue', 'Past due', 'Overdue',
    'Échéance dépassée', "Date d'échéance dépassée", 'Facture en retard',
    'Fälligkeit überschritten', 'Zahlungsziel überschritten', 'Überfällig',
    '付款逾期', '已逾期', '超过付款到期日',
  ],
  [Activity.ReminderSent]: [
    'Send reminder', 'Reminder', 'Payment reminder', 'Payment reminder sent', 'Overdue reminder', 'Friendly reminder',
    'Relance envoyée', 'Relance', 'Rappel de paiement', 'Rappel envoyé', 'Envoi de relance',
    'Zahlungserinnerung', 'Zahlungserinnerung gesendet', 'Erinnerung versendet',
    '发送催款提醒', '催款提醒', '付款提醒', '发送付款提醒',
  ],
  [Activity.DunningLetterIssued]: [
    'Dunning letter', 'Dunning letter sent', 'Collection letter', 'Collection letter sent', 'Dunning notice',
    'Lettre de relance', 'Mise en demeure', 'Lettre de mise en demeure',
    'Mahnung', 'Mahnung versendet', 'Mahnbrief', 'Mahnschreiben',
    '催款函', '发送催款函', '催收函',
  ],
  [Activity.DunningProcessStarted]: [
    'Dunning started', 'Start dunning', 'Collection strategy assigned', 'Entered dunning', 'Collections case opened',
    'Procédure de relance lancée', 'Début du recouvrement', 'Recouvrement lancé',
    'Mahnverfahren gestartet', 'Mahnverfahren eingeleitet', 'Mahnlauf',
    '启动催收', '催收流程启动', '进入催收',
  ],
  [Activity.CollectionContactMade]: [
    'Collection call', 'Collections call', 'Call customer', 'Customer contacted', 'Collection contact', 'Contact customer',
    'Appel de recouvrement', 'Client contacté', 'Contact client',
    'Kunde kontaktiert', 'Inkasso-Anruf', 'Telefonat mit Kunde',
    '联系客户', '催收电话', '已联系客户',
  ],
  [Activity.PromiseToPayReceived]: [
    'Promise to pay', 'Payment promise', 'PTP received', 'Promise to pay recorded',
    'Promesse de paiement', 'Promesse de paiement reçue',
    'Zahlungszusage', 'Zahlungsversprechen', 'Zahlungszusage erhalten',
    '承诺付款', '收到付款承诺', '付款承诺',
  ],
  [Activity.PromiseToPayBroken]: [
    'Promise broken', 'Broken promise', 'PTP broken',
    'Promesse de paiement non tenue', 'Promesse non tenue',
    'Zahlungszusage nicht eingehalten', 'Zahlungszusage gebrochen',
    '付款承诺未兑现', '违约付款承诺',
  ],
  [Activity.DisputeRegistered]: [
    'Dispute', 'Dispute raised', 'Dispute opened', 'Open dispute', 'Create dispute',
    'Litige enregistré', 'Litige ouvert', 'Contestation',
    'Reklamation erfasst', 'Streitfall eröffnet', 'Einspruch',
    '登记争议', '争议登记', '提出争议',
  ],
  [Activity.DisputeResolved]: [
    'Dispute closed', 'Resolve dispute', 'Close dispute',
    'Litige résolu', 'Litige clos',
    'Reklamation gelöst', 'Streitfall geklärt', 'Streitfall abgeschlossen',
    '争议已解决', '解决争议', '争议关闭',
  ],
  [Activity.CreditMemoIssued]: [
    'Credit memo', 'Credit note', 'Credit note issued', 'Issue credit memo',
    'Avoir', 'Avoir émis', 'Note de crédit',
    'Gutschrift', 'Gutschrift erstellt',
    '开具贷项通知单', '贷项通知单', '红字发票',
  ],
  [Activity.PaymentReceived]: [
    'Receive payment', 'Cash received', 'Incoming payment',
    'Paiement reçu', 'Encaissement', 'Réception du paiement',
    'Zahlung eingegangen', 'Zahlungseingang',
    '收到付款', '收款',
  ],
  [Activity.PaymentApplied]: [
    'Payment applied', 'Apply payment', 'Cash applied', 'Payment matched', 'Settlement posted',
    'Paiement imputé', 'Lettrage', 'Paiement lettré', 'Paiement affecté',
    'Zahlung zugeordnet', 'Zahlung ausgeglichen', 'Ausgleich gebucht',
    '付款核销', '核销付款', '付款已核销',
  ],
  [Activity.InvoiceSettled]: [
    'Invoice paid', 'Paid in full', 'Invoice closed', 'Fully paid',
    'Facture soldée', 'Facture réglée', 'Facture payée',
    'Rechnung beglichen', 'Rechnung bezahlt', 'Rechnung ausgeglichen',
    '发票已结清', '发票结清', '已付清',
  ],
  [Activity.InvoiceWrittenOff]: [
    'Write off', 'Written off', 'Bad debt write off', 'Write off invoice',
    'Facture passée en perte', 'Passage en perte', 'Créance irrécouvrable',
    'Rechnung abgeschrieben', 'Forderung abgeschrieben', 'Abschreibung',
    '坏账核销', '核销坏账', '发票注销',
  ],
};

/**
 * Names that carry a dunning level ("Dunning letter level 2", "2. Mahnung", "Relance niveau 3",
 * "催款函 2级"): too many spellings for a table. Tried after the exact names. The level itself is
 * not moved into DunningLevel (events stay untouched).
 */
const LEVEL_PATTERNS: readonly [RegExp, CanonicalActivity][] = [
  [/^(dunning|collection) (letter|notice)\b/, Activity.DunningLetterIssued],
  [/^(level|stage) \d+ (dunning|collection) (letter|notice)\b/, Activity.DunningLetterIssued],
  [/^(\d+\.? ?)?mahn(ung|stufe|brief)\b/, Activity.DunningLetterIssued],
  [/^(lettre de relance|relance (de )?niveau)\b/, Activity.DunningLetterIssued],
  [/^(发送)?(催款函|催收函)/, Activity.DunningLetterIssued],
];

/** The matching key of a name: NFKC, lower case, without whitespace, '-' or '_'. */
export function aliasKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[\s\-_]+/gu, '');
}

function spaced(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[\s_]+/gu, ' ').trim();
}

const BUILT_IN_INDEX: ReadonlyMap<string, CanonicalActivity> = (() => {
  const index = new Map<string, CanonicalActivity>();
  for (const name of CANONICAL_ACTIVITIES) index.set(aliasKey(name), name);
  for (const name of CANONICAL_ACTIVITIES) {
    for (const alias of BUILT_IN_ALIASES[name]) if (!index.has(aliasKey(alias))) index.set(aliasKey(alias), name);
  }
  return index;
})();

const CANONICAL_SET: ReadonlySet<string> = new Set(CANONICAL_ACTIVITIES);

export function isCanonicalActivity(name: string): name is CanonicalActivity {
  return CANONICAL_SET.has(name);
}

export interface AliasOptions {
  /** Use the built-in table and patterns as well as the user's aliases. Default true. */
  readonly builtIns?: boolean;
}

/** The canonical activity a name stands for, or null when nothing maps it. */
export function resolveActivity(name: string, aliases: AliasMap = {}, options: AliasOptions = {}): CanonicalActivity | null {
  const key = aliasKey(name);
  for (const [own, canonical] of Object.entries(aliases)) if (aliasKey(own) === key) return canonical;
  if (options.builtIns === false) return isCanonicalActivity(name) ? name : null;
  const exact = BUILT_IN_INDEX.get(key);
  if (exact) return exact;
  const text = spaced(name);
  for (const [pattern, canonical] of LEVEL_PATTERNS) if (pattern.test(text)) return canonical;
  return null;
}

export class AliasError extends Error {}

/**
 * A new log whose activities are renamed to canonical names where an alias matches; unknown
 * names stay as they are. Activities that end up with one name share one code, so only the
 * per-event activity codes are rewritten, and only when two names merged.
 */
export function applyAliases(log: EventLog, aliases: AliasMap = {}, options: AliasOptions = {}): EventLog {
  for (const [own, target] of Object.entries(aliases)) {
    if (!isCanonicalActivity(target)) throw new AliasError(`Alias '${own}' maps to '${target}', which is not a canonical activity`);
  }
  const names: string[] = [];
  const codeOfName = new Map<string, number>();
  const remap = new Uint32Array(log.activities.length);
  let merged = false;
  log.activities.forEach((name, code) => {
    const target = resolveActivity(name, aliases, options) ?? name;
    let newCode = codeOfName.get(target);
    if (newCode === undefined) {
      newCode = names.length;
      names.push(target);
      codeOfName.set(target, newCode);
    }
    remap[code] = newCode;
    if (newCode !== code) merged = true;
  });
  let activity = log.activity;
  if (merged) {
    activity = new Uint32Array(log.activity.length);
    const source = log.activity;
    for (let e = 0; e < source.length; e++) activity[e] = remap[source[e]];
  }
  return { ...log, activities: names, activity };
}

export interface UnmappedActivity {
  readonly name: string;
  readonly events: number;
  /** What the built-in table would map it to, if anything. */
  readonly suggestion: CanonicalActivity | null;
}

/** Activities of the log that are not canonical names, most frequent first. */
export function unmappedActivities(log: EventLog): UnmappedActivity[] {
  const counts = new Uint32Array(log.activities.length);
  const activity = log.activity;
  for (let e = 0; e < activity.length; e++) counts[activity[e]]++;
  const result: UnmappedActivity[] = [];
  log.activities.forEach((name, code) => {
    if (!isCanonicalActivity(name)) result.push({ name, events: counts[code], suggestion: resolveActivity(name) });
  });
  return result.sort((a, b) => b.events - a.events || a.name.localeCompare(b.name));
}
