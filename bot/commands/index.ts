import { caseIndexOf } from '../../api/engine/index.ts';
import { scopeOf } from '../../api/access/scope.ts';
import { attachmentOf, helpCard, type CardModel } from '../cards/index.ts';
import { newCard } from '../cards-store.ts';
import type { Analysis } from '../digest/analysis.ts';
import { composeCollectorDigest } from '../digest/compose.ts';
import { composeManagerDigest } from '../digest/manager.ts';
import { teamScopes } from '../digest/recipients.ts';
import type { TurnContext } from '../turn-context.ts';
import { invoiceStatus, overdueList, promisesList } from './views.ts';
import { parseCommand } from './parse.ts';
import { accountLabel } from '../user.ts';

/** Answers a chat message: digest, overdue, promises, help, or an invoice number. */
export async function answerText(ctx: TurnContext, text: string): Promise<void> {
  const { turn, speech, identity, deps } = ctx;
  const { t } = speech;
  const command = parseCommand(text, speech);
  if (command.kind === 'help' || command.kind === 'empty') {
    await turn.send({ attachments: [attachmentOf(helpCard(speech, { time: deps.config.digest.time, zone: ctx.timeZone, example: await exampleInvoice(ctx) }))] });
    return;
  }
  if (!identity) {
    await turn.send({ text: t('bot.error.noPerson', { user: accountLabel(ctx.user) }) });
    return;
  }
  const analysis = await deps.current();
  if (!analysis) {
    await turn.send({ text: t('bot.error.noData') });
    return;
  }
  const cases = visibleCases(ctx, analysis);
  const models: CardModel[] = [];
  switch (command.kind) {
    case 'digest': {
      if (identity.person && analysis.casesOf(identity.person).length > 0) {
        const day = ctx.viewer.today;
        models.push(composeCollectorDigest(analysis, identity.person, { day, topItems: deps.config.digest.topItems, previous: null }).digest);
      }
      if (identity.role === 'manager' && identity.teams.length > 0) {
        models.push(composeManagerDigest(analysis, identity.person ?? ctx.user.name ?? '', teamScopes(analysis, identity, deps.directory()), ctx.viewer.today));
      }
      if (models.length === 0) models.push(overdueList(analysis, identity.person ?? '', cases));
      break;
    }
    case 'overdue':
      models.push(overdueList(analysis, identity.person ?? '', cases));
      break;
    case 'promises':
      models.push(promisesList(analysis, identity.person ?? '', cases));
      break;
    case 'invoice': {
      if (/\s/.test(command.invoice)) {
        await turn.send({ text: t('bot.unknown', { text: command.invoice, command: t('bot.command.help') }) });
        return;
      }
      const c = findInvoice(analysis, command.invoice);
      if (c < 0 || !cases.includes(c)) {
        await turn.send({ text: t('bot.invoiceNotFound', { invoice: command.invoice }) });
        return;
      }
      models.push(invoiceStatus(analysis, c));
      break;
    }
  }
  for (const model of models) {
    const { card } = await newCard(deps, model, ctx.viewer);
    await turn.send({ attachments: [attachmentOf(card)] });
  }
}

/** The invoices the user may see and act on, by the same scope rules as the API. */
export function visibleCases(ctx: TurnContext, a: Analysis): number[] {
  if (!ctx.identity) return [];
  const scope = scopeOf(a.log, ctx.identity, ctx.deps.directory());
  const out: number[] = [];
  for (let c = 0; c < a.log.caseIds.length; c++) if (scope === null || scope[c]) out.push(c);
  return out;
}

/** Exact invoice number first, then ignoring case (people type "inv-1042"). */
function findInvoice(a: Analysis, invoice: string): number {
  const exact = caseIndexOf(a.log, invoice);
  if (exact >= 0) return exact;
  const lower = invoice.toLowerCase();
  return a.log.caseIds.findIndex((id) => id.toLowerCase() === lower);
}

async function exampleInvoice(ctx: TurnContext): Promise<string> {
  const analysis = ctx.identity ? await ctx.deps.current() : null;
  const first = analysis && ctx.identity?.person ? analysis.casesOf(ctx.identity.person)[0] : undefined;
  return first !== undefined && analysis ? analysis.log.caseIds[first] : 'INV-10042';
}
