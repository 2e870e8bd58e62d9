import { actionSet, container, execute, openUrl, showCard, text, type CardElement } from './adaptive.ts';
import { DISPUTE_REASONS, inputId, SNOOZE_DAYS, type ActionVerb, type DisputeReason } from './action-data.ts';
import { invoiceView, tabLink } from './deep-link.ts';
import type { CardItem, DoneMark } from './model.ts';
import { actionData, money, type RenderContext } from './render-context.ts';

/** Promises further out than this are not promises a collector should accept. */
export const PROMISE_HORIZON_DAYS = 180;
export const NOTE_MAX = 500;

/**
 * One invoice as a card item: who and how much, how late, what the policy asks next, what was
 * already done from this card, and the four actions behind show-cards (so the card stays short
 * on a phone until one is opened).
 */
export function itemBlock(item: CardItem, index: number, ctx: RenderContext, logId: string, options: { actions?: boolean; separator?: boolean } = {}): CardElement {
  const { t } = ctx.speech;
  const lines: CardElement[] = [text(item.customer ? `**${item.invoice}** · ${item.customer}` : `**${item.invoice}**`, { weight: 'Bolder' })];
  const figures: string[] = [];
  if (item.openAmount !== null) figures.push(t('bot.item.open', { amount: money(ctx, item.openAmount, item.currency) }));
  if (item.daysOverdue !== null && item.daysOverdue > 0) figures.push(t('bot.item.daysOverdue', { count: item.daysOverdue }));
  if (figures.length > 0) lines.push(text(figures.join(' · '), { subtle: true, spacing: 'None' }));
  if (item.nextStep) lines.push(text(t('bot.item.next', { step: stepText(item.nextStep, ctx) }), { spacing: 'Small' }));
  for (const mark of ctx.state.done.get(item.invoice) ?? []) lines.push(text(`✓ ${doneText(mark, ctx)}`, { color: 'Good', spacing: 'Small' }));
  const error = ctx.state.error;
  if (error && error.invoice === item.invoice) lines.push(text(ctx.speech.t(error.message.key, error.message.params), { color: 'Attention', spacing: 'Small' }));

  const link = tabLink(ctx.links, invoiceView(logId, item.invoice, item.customerId, item.collector, ctx.speech.locale), item.invoice);
  const buttons: CardElement[] = [openUrl(t('bot.item.openInTab'), link)];
  if (options.actions !== false) buttons.push(...actionCards(item, index, ctx));
  lines.push(actionSet(buttons));
  return container(lines, { separator: options.separator ?? true, spacing: 'Medium' });
}

function stepText(step: NonNullable<CardItem['nextStep']>, ctx: RenderContext): string {
  if (!step.activity) return step.text;
  const name = ctx.speech.activity(step.activity);
  return step.dueAt === null ? name : ctx.speech.t('bot.item.stepBy', { step: name, date: ctx.speech.f.date(step.dueAt - 1) });
}

function actionCards(item: CardItem, index: number, ctx: RenderContext): CardElement[] {
  const { t } = ctx.speech;
  const submit = (verb: ActionVerb, title: string) => execute(title, verb, actionData(ctx, verb, item.invoice, index));
  const currency = item.currency ?? '';
  return [
    showCard(
      t('bot.action.promise'),
      [
        { type: 'Input.Date', id: inputId('date', index), label: t('bot.action.promiseDate'), isRequired: true, min: ctx.today, errorMessage: t('bot.error.dateMissing') },
        {
          type: 'Input.Number',
          id: inputId('amount', index),
          label: t('bot.action.promiseAmount', { currency }),
          isRequired: true,
          min: 0,
          ...(item.openAmount !== null ? { value: round2(item.openAmount), max: round2(item.openAmount) } : {}),
          errorMessage: t('bot.error.amountPositive'),
        },
      ],
      [submit('promise', t('bot.action.submit.promise'))],
    ),
    showCard(
      t('bot.action.contacted'),
      [{ type: 'Input.Text', id: inputId('note', index), label: t('bot.action.note'), isMultiline: true, maxLength: NOTE_MAX }],
      [submit('contacted', t('bot.action.submit.contacted'))],
    ),
    showCard(
      t('bot.action.dispute'),
      [
        {
          type: 'Input.ChoiceSet',
          id: inputId('reason', index),
          label: t('bot.action.reason'),
          isRequired: true,
          style: 'compact',
          choices: DISPUTE_REASONS.map((r) => ({ title: t(`bot.reason.${r}`), value: r })),
          errorMessage: t('bot.error.reason'),
        },
        { type: 'Input.Text', id: inputId('detail', index), label: t('bot.action.note'), isMultiline: true, maxLength: NOTE_MAX },
      ],
      [submit('dispute', t('bot.action.submit.dispute'))],
    ),
    showCard(
      t('bot.action.snooze'),
      [
        {
          type: 'Input.ChoiceSet',
          id: inputId('days', index),
          label: t('bot.action.days'),
          style: 'compact',
          value: '3',
          choices: SNOOZE_DAYS.map((d) => ({ title: t('bot.action.daysOption', { count: d }), value: String(d) })),
        },
      ],
      [submit('snooze', t('bot.action.submit.snooze'))],
    ),
  ];
}

function doneText(mark: DoneMark, ctx: RenderContext): string {
  const { t, f } = ctx.speech;
  switch (mark.verb) {
    case 'promise':
      return t('bot.done.promise', { amount: money(ctx, mark.amount ?? null, mark.currency ?? null), date: f.date(mark.date) });
    case 'contacted':
      return mark.note ? t('bot.done.contactedNote', { note: mark.note }) : t('bot.done.contacted');
    case 'dispute':
      return t('bot.done.dispute', { reason: isReason(mark.reason) ? t(`bot.reason.${mark.reason}`) : (mark.reason ?? t('value.none')) });
    case 'snooze':
      return t('bot.done.snooze', { date: f.date(mark.until) });
  }
}

function isReason(value: string | null | undefined): value is DisputeReason {
  return (DISPUTE_REASONS as readonly (string | null | undefined)[]).includes(value);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
