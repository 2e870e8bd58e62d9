import { TestAdapter, turnHandler } from '../../bot/framework.ts';
import { BotRuntime } from '../../bot/runtime.ts';
import type { World } from './world.ts';

export interface TeamsUserSpec {
  readonly aadObjectId: string;
  readonly name: string;
  readonly locale?: string;
}

/** An activity template for one user's personal chat with the bot, as Teams sends it. */
export function personalChat(user: TeamsUserSpec, serviceUrl = 'https://test.invalid/') {
  return {
    channelId: 'msteams',
    serviceUrl,
    locale: user.locale ?? 'en-US',
    from: { id: `29:${user.aadObjectId}`, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: '28:collections-lens-bot', name: 'Collections Lens' },
    conversation: { id: `a:personal-${user.aadObjectId}`, conversationType: 'personal', tenantId: 'tenant-1' },
  };
}

export interface BotUnderTest {
  readonly adapter: InstanceType<typeof TestAdapter>;
  readonly runtime: BotRuntime;
  /** Activities the bot replaced with updateActivity (a card after Action.Submit). */
  readonly updates: Record<string, unknown>[];
  /** Sends one activity and returns what the bot answered. */
  say(activity: Record<string, unknown>): Promise<Record<string, unknown>[]>;
}

/** The bot's real turn logic behind botbuilder's TestAdapter, for one Teams user. */
export function botFor(world: World, user: TeamsUserSpec): BotUnderTest {
  const runtime = new BotRuntime(world.deps);
  const adapter = new TestAdapter(turnHandler(runtime.bot.onTurn), personalChat(user) as never);
  const updates: Record<string, unknown>[] = [];
  adapter.updateActivity = async (_context, activity) => {
    updates.push(activity as Record<string, unknown>);
  };
  return {
    adapter,
    runtime,
    updates,
    say: async (activity) => {
      adapter.activeQueue.length = 0;
      await adapter.processActivity(activity as never);
      return adapter.activeQueue.splice(0) as unknown as Record<string, unknown>[];
    },
  };
}

type Json = Record<string, unknown>;

/** The Adaptive Card of a message activity. */
export function cardOf(activity: Json): Json {
  const attachments = activity.attachments as { contentType: string; content: Json }[] | undefined;
  const card = attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
  if (!card) throw new Error(`no Adaptive Card in ${JSON.stringify(activity).slice(0, 300)}`);
  return card;
}

/** Every TextBlock text of a card, nested containers and show-cards included. */
export function textsOf(node: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Json;
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      for (const value of Object.values(o)) walk(value);
    }
  };
  walk(node);
  return out;
}

/** Every element of a type, depth first. */
export function elementsOf(node: unknown, type: string): Json[] {
  const out: Json[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Json;
      if (o.type === type) out.push(o);
      for (const [key, value] of Object.entries(o)) if (key !== 'fallback') walk(value);
    }
  };
  walk(node);
  return out;
}

/** The data of the Action.Execute with this verb on this invoice's item. */
export function actionOf(card: Json, verb: string, invoice: string): Json {
  const action = elementsOf(card, 'Action.Execute').find((a) => a.verb === verb && (a.data as Json).invoice === invoice);
  if (!action) throw new Error(`no ${verb} action for ${invoice}`);
  return action.data as Json;
}

/** An adaptiveCard/action invoke, as Teams sends it for an Action.Execute with inputs filled in. */
export function executeInvoke(data: Json, inputs: Record<string, unknown>): Json {
  return { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: data.verb, data: { ...data, ...inputs } }, trigger: 'manual' } };
}
