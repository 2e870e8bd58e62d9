import { facts, heading, text, type AdaptiveCard, type CardElement } from './adaptive.ts';
import { itemBlock } from './item.ts';
import type { InvoiceState, InvoiceStatus } from './model.ts';
import { actionableCard, money, type RenderContext } from './render-context.ts';

const STATE_KEY = { open: 'status.Open', overdue: 'status.Overdue', settled: 'status.Paid', writtenOff: 'status.Written Off' } as const satisfies Record<InvoiceState, string>;

/** An invoice number typed in the chat: its status, its path through the process, its actions. */
export function invoiceCard(model: InvoiceStatus, ctx: RenderContext): AdaptiveCard {
  const { t, f } = ctx.speech;
  const item = model.item;
  const status = [t(STATE_KEY[model.state]), ...(model.disputed ? [t('status.Disputed')] : [])].join(' · ');
  const rows: [string, string][] = [
    [t('cases.status'), status],
    [t('cases.customer'), item.customer ?? t('value.none')],
    [t('cases.amount'), money(ctx, model.amount, item.currency)],
  ];
  if (model.state === 'open' || model.state === 'overdue') rows.push([t('worklist.open'), money(ctx, item.openAmount, item.currency)]);
  if (model.dueDate !== null) rows.push([t('worklist.dueBy'), f.date(model.dueDate)]);
  if (item.daysOverdue !== null && item.daysOverdue > 0 && model.state === 'overdue') rows.push([t('worklist.daysOverdue'), f.integer(item.daysOverdue)]);
  if (model.promise) rows.push([t('bot.invoice.promise'), t('bot.promises.openItem', { amount: money(ctx, model.promise.amount, model.promise.currency), date: f.date(model.promise.date) })]);
  if (item.collector) rows.push([t('cases.collector'), item.collector]);

  const body: CardElement[] = [
    text(t('timeline.title', { invoice: item.invoice }), { weight: 'Bolder', size: 'Large' }),
    text(t('bot.digest.asOf', { date: f.date(model.asOf) }), { subtle: true, spacing: 'None' }),
    facts(rows),
    heading(t('bot.invoice.path')),
    text(model.path.map((step) => `- ${f.date(step.time)}: ${ctx.speech.activity(step.activity)}${step.derived ? ' *' : ''}`).join('\n')),
  ];
  if (model.violations.length > 0) {
    body.push(heading(t('timeline.violations')));
    body.push(text(model.violations.map((v) => `- ${v.rule} (${t(`conformance.kind.${v.kind}`)})`).join('\n')));
  }
  const open = model.state === 'open' || model.state === 'overdue';
  body.push(itemBlock({ ...item, nextStep: open ? item.nextStep : null }, 0, ctx, model.logId, { actions: open }));
  return actionableCard(body, ctx);
}
