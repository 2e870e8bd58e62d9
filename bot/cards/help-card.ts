import type { Speech } from '../i18n.ts';
import { adaptiveCard, text, type AdaptiveCard } from './adaptive.ts';

/** The commands, in the user's language (each command also answers to its English word). */
export function helpCard(speech: Speech, info: { time: string; zone: string; example: string }): AdaptiveCard {
  const { t } = speech;
  const cmd = (key: 'bot.command.digest' | 'bot.command.overdue' | 'bot.command.promises' | 'bot.command.help') => `**${t(key)}**`;
  const lines = [
    t('bot.help.digest', { command: cmd('bot.command.digest') }),
    t('bot.help.overdue', { command: cmd('bot.command.overdue') }),
    t('bot.help.promises', { command: cmd('bot.command.promises') }),
    t('bot.help.invoice', { example: `**${info.example}**` }),
    t('bot.help.help', { command: cmd('bot.command.help') }),
  ];
  return adaptiveCard([
    text(t('bot.help.title'), { weight: 'Bolder', size: 'Large' }),
    text(lines.map((l) => `- ${l}`).join('\n')),
    text(t('bot.help.daily', { time: info.time, zone: info.zone }), { subtle: true }),
  ]);
}
