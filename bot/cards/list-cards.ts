import { heading, text, type AdaptiveCard, type CardElement } from './adaptive.ts';
import { promiseText } from './digest-card.ts';
import { itemBlock } from './item.ts';
import type { OverdueList, PromisesList } from './model.ts';
import { actionableCard, money, type RenderContext } from './render-context.ts';

/** "overdue": the collector's overdue invoices by priority, each with its actions. */
export function overdueCard(model: OverdueList, ctx: RenderContext): AdaptiveCard {
  const { t, f } = ctx.speech;
  const body: CardElement[] = [
    text(t('bot.overdue.title'), { weight: 'Bolder', size: 'Large' }),
    text(t('bot.digest.asOf', { date: f.date(model.asOf) }), { subtle: true, spacing: 'None' }),
  ];
  if (model.count === 0) {
    body.push(text(t('bot.overdue.none')));
    return actionableCard(body, ctx);
  }
  body.push(text(t('bot.digest.overdueSummary', { count: model.count, amount: money(ctx, model.total, model.reportingCurrency) })));
  body.push(text(t('bot.digest.rankedByWorklist'), { subtle: true, size: 'Small', spacing: 'None' }));
  model.items.forEach((item, i) => body.push(itemBlock(item, i, ctx, model.logId)));
  if (model.count > model.items.length) body.push(text(t('bot.digest.more', { count: model.count - model.items.length }), { subtle: true }));
  return actionableCard(body, ctx);
}

/** "promises": broken promises to follow up (with actions), then promises not yet due. */
export function promisesCard(model: PromisesList, ctx: RenderContext): AdaptiveCard {
  const { t, f } = ctx.speech;
  const body: CardElement[] = [
    text(t('bot.promises.title'), { weight: 'Bolder', size: 'Large' }),
    text(t('bot.digest.asOf', { date: f.date(model.asOf) }), { subtle: true, spacing: 'None' }),
  ];
  if (model.broken.length === 0 && model.open.length === 0) body.push(text(t('bot.promises.none')));
  if (model.broken.length > 0) {
    body.push(heading(t('bot.digest.broken')));
    model.broken.forEach((item, i) => {
      const p = item.promise;
      if (p) body.push(text(promiseText({ invoice: item.invoice, customer: item.customer, date: p.date, amount: p.amount, currency: item.currency }, ctx, 'bot.digest.brokenItem')));
      body.push(itemBlock(item, i, ctx, model.logId, { separator: false }));
    });
  }
  if (model.open.length > 0) {
    body.push(heading(t('bot.promises.open')));
    for (const p of model.open) body.push(text(promiseText(p, ctx, 'bot.promises.openItem'), { spacing: 'Small' }));
  }
  return actionableCard(body, ctx);
}
