import { actionSet, facts, heading, openUrl, text, type AdaptiveCard, type CardElement } from './adaptive.ts';
import { tabLink } from './deep-link.ts';
import type { ManagerDigest, TeamDigest } from './model.ts';
import { actionableCard, dayLabel, money, type RenderContext } from './render-context.ts';

/** The manager's digest: per team, the totals, adherence and worst rules, each against last week. */
export function managerCard(model: ManagerDigest, ctx: RenderContext): AdaptiveCard {
  const { t, f } = ctx.speech;
  const body: CardElement[] = [
    text(t('bot.manager.title', { date: dayLabel(ctx, model.day) }), { weight: 'Bolder', size: 'Large' }),
    text(t('bot.digest.asOf', { date: f.date(model.asOf) }), { subtle: true, spacing: 'None' }),
  ];
  for (const team of model.teams) body.push(...teamSection(team, model, ctx));
  return actionableCard(body, ctx);
}

function teamSection(team: TeamDigest, model: ManagerDigest, ctx: RenderContext): CardElement[] {
  const { t, f } = ctx.speech;
  const vs = (value: string, previous: string) => t('bot.manager.vsLastWeek', { value, previous });
  const cur = model.reportingCurrency;
  const out: CardElement[] = [
    heading(team.team),
    facts([
      [t('conformance.overdue'), vs(f.integer(team.now.overdueCount), f.integer(team.lastWeek.overdueCount))],
      [t('bot.manager.overdueAmount'), vs(money(ctx, team.now.overdueTotal, cur), money(ctx, team.lastWeek.overdueTotal, cur))],
      [t('kpi.openAr'), vs(money(ctx, team.now.openTotal, cur), money(ctx, team.lastWeek.openTotal, cur))],
      [t('conformance.adherence'), vs(f.percent(team.now.adherence), f.percent(team.lastWeek.adherence))],
      [t('conformance.violations'), vs(f.integer(team.now.violations), f.integer(team.lastWeek.violations))],
    ]),
  ];
  if (team.worstRules.length > 0) {
    out.push(text(t('bot.manager.worstRules'), { weight: 'Bolder', spacing: 'Medium' }));
    for (const rule of team.worstRules) {
      out.push(text(rule.rule, { spacing: 'Small' }));
      out.push(text(vs(t('bot.manager.ruleLine', { count: rule.violations }), f.integer(rule.lastWeek)), { subtle: true, spacing: 'None' }));
    }
  }
  if (team.byCollector.length > 0) {
    out.push(text(t('bot.manager.byCollector'), { weight: 'Bolder', spacing: 'Medium' }));
    out.push(facts(team.byCollector.map((c) => [c.collector, `${f.integer(c.overdueCount)} · ${money(ctx, c.overdueTotal, cur)}`])));
  }
  const link = tabLink(ctx.links, { view: 'conformance', log: model.logId, team: team.team, lang: ctx.speech.locale }, team.team);
  out.push(actionSet([openUrl(t('bot.manager.openTeam'), link)]));
  return out;
}
