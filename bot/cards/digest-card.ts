import { heading, text, type AdaptiveCard, type CardElement } from './adaptive.ts';
import { itemBlock } from './item.ts';
import type { CollectorDigest, DigestChanges, MissedStep, PromiseLine } from './model.ts';
import { actionableCard, dayLabel, money, type RenderContext } from './render-context.ts';

/** The collector's daily digest: overdue (count, total, top items), missed steps, broken promises, changes. */
export function digestCard(model: CollectorDigest, ctx: RenderContext): AdaptiveCard {
  const { t, f } = ctx.speech;
  const body: CardElement[] = [
    text(t('bot.digest.title', { date: dayLabel(ctx, model.day) }), { weight: 'Bolder', size: 'Large' }),
    text(t('bot.digest.asOf', { date: f.date(model.asOf) }), { subtle: true, spacing: 'None' }),
  ];
  if (model.overdueCount === 0 && model.missedTotal === 0 && model.brokenTotal === 0) body.push(text(t('bot.digest.nothing')));

  if (model.overdueCount > 0) {
    body.push(heading(t('bot.digest.overdue')));
    body.push(text(t('bot.digest.overdueSummary', { count: model.overdueCount, amount: money(ctx, model.overdueTotal, model.reportingCurrency) })));
    if (model.items.length > 0) {
      body.push(text(t('bot.digest.topItems'), { weight: 'Bolder', spacing: 'Medium' }));
      body.push(text(t('bot.digest.rankedByWorklist'), { subtle: true, size: 'Small', spacing: 'None' }));
      model.items.forEach((item, i) => body.push(itemBlock(item, i, ctx, model.logId)));
    }
    if (model.snoozed > 0) body.push(text(t('bot.digest.snoozed', { count: model.snoozed }), { subtle: true, size: 'Small' }));
  }
  if (model.missed.length > 0) body.push(...missedSection(model.missed, model.missedTotal, ctx));
  if (model.broken.length > 0) body.push(...brokenSection(model.broken, model.brokenTotal, ctx));
  if (model.changes) body.push(...changesSection(model.changes, model.reportingCurrency, ctx));
  return actionableCard(body, ctx);
}

function missedSection(missed: readonly MissedStep[], total: number, ctx: RenderContext): CardElement[] {
  const { t, f } = ctx.speech;
  const out = [heading(t('bot.digest.missed'))];
  for (const m of missed) {
    const step = m.steps.map((s) => ctx.speech.activity(s)).join(' / ');
    out.push(text(`**${m.invoice}**${m.customer ? ` · ${m.customer}` : ''}: ${t('bot.digest.missedItem', { step, date: f.date(m.dueAt - 1) })}`, { spacing: 'Small' }));
    out.push(text(m.rule, { subtle: true, size: 'Small', spacing: 'None' }));
  }
  if (total > missed.length) out.push(text(t('bot.digest.more', { count: total - missed.length }), { subtle: true }));
  return out;
}

export function promiseText(p: PromiseLine, ctx: RenderContext, key: 'bot.digest.brokenItem' | 'bot.promises.openItem'): string {
  const { t, f } = ctx.speech;
  const what = p.amount === null && key === 'bot.digest.brokenItem' ? t('bot.digest.brokenItemNoAmount', { date: f.date(p.date) }) : t(key, { amount: money(ctx, p.amount, p.currency), date: f.date(p.date) });
  return `**${p.invoice}**${p.customer ? ` · ${p.customer}` : ''}: ${what}`;
}

function brokenSection(broken: readonly PromiseLine[], total: number, ctx: RenderContext): CardElement[] {
  const out = [heading(ctx.speech.t('bot.digest.broken'))];
  for (const p of broken) out.push(text(promiseText(p, ctx, 'bot.digest.brokenItem'), { spacing: 'Small' }));
  if (total > broken.length) out.push(text(ctx.speech.t('bot.digest.more', { count: total - broken.length }), { subtle: true }));
  return out;
}

function changesSection(changes: DigestChanges, currency: string, ctx: RenderContext): CardElement[] {
  const { t } = ctx.speech;
  const lines: string[] = [];
  if (changes.newOverdue > 0) lines.push(t('bot.digest.changes.newOverdue', { count: changes.newOverdue }));
  if (changes.closed > 0) lines.push(t('bot.digest.changes.closed', { count: changes.closed }));
  if (changes.newBroken > 0) lines.push(t('bot.digest.changes.newBroken', { count: changes.newBroken }));
  if (Math.round(changes.totalDelta) !== 0) {
    const sign = changes.totalDelta > 0 ? '+' : '−';
    lines.push(t('bot.digest.changes.total', { delta: `${sign}${money(ctx, Math.abs(changes.totalDelta), currency)}` }));
  }
  return [heading(t('bot.digest.changes', { date: dayLabel(ctx, changes.since) })), text(lines.length > 0 ? lines.map((l) => `- ${l}`).join('\n') : t('bot.digest.changes.none'))];
}
