/**
 * Adaptive Card 1.5 primitives: plain JSON, no SDK. Teams renders Universal Actions
 * (Action.Execute) from schema 1.4 on; 1.5 is what current Teams clients on desktop, web and
 * mobile support. Every TextBlock wraps, so nothing is cut off on a phone.
 */
export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly $schema: string;
  readonly version: '1.5';
  readonly body: readonly CardElement[];
  readonly actions?: readonly CardElement[];
  readonly refresh?: CardElement;
  readonly msteams?: CardElement;
}

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export function adaptiveCard(body: readonly CardElement[], options: { actions?: readonly CardElement[]; refresh?: CardElement } = {}): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(options.actions && options.actions.length > 0 ? { actions: options.actions } : {}),
    ...(options.refresh ? { refresh: options.refresh } : {}),
    // Full width on desktop; phones use the whole width anyway.
    msteams: { width: 'Full' },
  };
}

export function text(value: string, style: { weight?: 'Bolder'; size?: 'Small' | 'Medium' | 'Large'; subtle?: boolean; color?: 'Good' | 'Attention' | 'Warning' | 'Accent'; spacing?: 'None' | 'Small' | 'Medium' | 'Large'; separator?: boolean } = {}): CardElement {
  return {
    type: 'TextBlock',
    text: value,
    wrap: true,
    ...(style.weight ? { weight: style.weight } : {}),
    ...(style.size ? { size: style.size } : {}),
    ...(style.subtle ? { isSubtle: true } : {}),
    ...(style.color ? { color: style.color } : {}),
    ...(style.spacing ? { spacing: style.spacing } : {}),
    ...(style.separator ? { separator: true } : {}),
  };
}

export function heading(value: string, separator = true): CardElement {
  return text(value, { weight: 'Bolder', size: 'Medium', spacing: 'Large', separator });
}

/** Title/value pairs: FactSet stacks them on narrow screens. */
export function facts(pairs: readonly (readonly [string, string])[]): CardElement {
  return { type: 'FactSet', facts: pairs.map(([title, value]) => ({ title, value })) };
}

export function container(items: readonly CardElement[], options: { separator?: boolean; spacing?: 'Small' | 'Medium' | 'Large'; style?: 'emphasis' | 'good' | 'attention' } = {}): CardElement {
  return { type: 'Container', items, ...(options.separator ? { separator: true } : {}), ...(options.spacing ? { spacing: options.spacing } : {}), ...(options.style ? { style: options.style } : {}) };
}

export function actionSet(actions: readonly CardElement[]): CardElement {
  return { type: 'ActionSet', actions };
}

export function openUrl(title: string, url: string): CardElement {
  return { type: 'Action.OpenUrl', title, url };
}

export function showCard(title: string, body: readonly CardElement[], actions: readonly CardElement[]): CardElement {
  return { type: 'Action.ShowCard', title, card: { type: 'AdaptiveCard', body, actions } };
}

/**
 * Action.Execute (Universal Actions: Teams sends an adaptiveCard/action invoke and shows the card
 * the bot answers with), falling back to Action.Submit on clients without it (a message whose
 * value is the data and the inputs; the bot then updates the card message).
 */
export function execute(title: string, verb: string, data: object): CardElement {
  return {
    type: 'Action.Execute',
    title,
    verb,
    data,
    associatedInputs: 'auto',
    fallback: { type: 'Action.Submit', title, data, associatedInputs: 'auto' },
  };
}

export function attachmentOf(card: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: CARD_CONTENT_TYPE, content: card };
}
