import type { Speech } from '../i18n.ts';

export type Command =
  | { readonly kind: 'digest' | 'overdue' | 'promises' | 'help' }
  | { readonly kind: 'invoice'; readonly invoice: string }
  | { readonly kind: 'empty' };

const COMMANDS = ['digest', 'overdue', 'promises', 'help'] as const;

/**
 * A chat message as a command. Each command answers to its English word and to the word of the
 * user's language; "?" is help. Anything else is taken for an invoice number, which the handler
 * looks up (and reports as not found among the user's invoices when it is not one).
 */
export function parseCommand(raw: string, speech: Speech): Command {
  // In group chats Teams puts the mention of the bot in the text.
  const text = raw.replace(/<at>[^<]*<\/at>/gi, '').replace(/\s+/g, ' ').trim();
  if (text === '') return { kind: 'empty' };
  const word = text.toLowerCase().replace(/^\/+/, '');
  if (word === '?') return { kind: 'help' };
  for (const command of COMMANDS) {
    if (word === command || word === speech.t(`bot.command.${command}`).toLowerCase()) return { kind: command };
  }
  return { kind: 'invoice', invoice: text.replace(/^#/, '') };
}
