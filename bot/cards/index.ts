import type { AdaptiveCard } from './adaptive.ts';
import { digestCard } from './digest-card.ts';
import { invoiceCard } from './invoice-card.ts';
import { overdueCard, promisesCard } from './list-cards.ts';
import { managerCard } from './manager-card.ts';
import type { CardModel } from './model.ts';
import type { RenderContext } from './render-context.ts';

export { attachmentOf, type AdaptiveCard } from './adaptive.ts';
export { helpCard } from './help-card.ts';
export type { RenderContext } from './render-context.ts';
export * from './model.ts';

/** Any stored card model, drawn as it stands now. */
export function renderCard(model: CardModel, ctx: RenderContext): AdaptiveCard {
  switch (model.kind) {
    case 'digest':
      return digestCard(model, ctx);
    case 'overdue':
      return overdueCard(model, ctx);
    case 'promises':
      return promisesCard(model, ctx);
    case 'invoice':
      return invoiceCard(model, ctx);
    case 'manager':
      return managerCard(model, ctx);
  }
}
