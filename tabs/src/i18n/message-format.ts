/**
 * A deliberately small ICU subset: {name} placeholders and
 * {count, plural, =0 {…} one {…} other {…}} with # for the formatted count. Enough for the
 * catalogues, without shipping a full MessageFormat runtime in the tab bundle.
 */
export type MessageParams = Readonly<Record<string, string | number>>;

export function formatMessage(pattern: string, params: MessageParams | undefined, locale: string): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const open = pattern.indexOf('{', i);
    if (open < 0) {
      out += pattern.slice(i);
      break;
    }
    out += pattern.slice(i, open);
    const close = matchingBrace(pattern, open);
    out += placeholder(pattern.slice(open + 1, close), params, locale);
    i = close + 1;
  }
  return out;
}

function placeholder(body: string, params: MessageParams | undefined, locale: string): string {
  const comma = body.indexOf(',');
  if (comma < 0) {
    const value = params?.[body.trim()];
    if (value === undefined) return `{${body}}`;
    return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value;
  }
  const name = body.slice(0, comma).trim();
  const rest = body.slice(comma + 1);
  const type = rest.slice(0, rest.indexOf(',')).trim();
  if (type !== 'plural') return `{${body}}`;
  const raw = params?.[name];
  const count = typeof raw === 'number' ? raw : Number(raw);
  const branches = pluralBranches(rest.slice(rest.indexOf(',') + 1));
  const chosen = branches.get(`=${count}`) ?? branches.get(new Intl.PluralRules(locale).select(count)) ?? branches.get('other') ?? '';
  const formatted = Number.isFinite(count) ? new Intl.NumberFormat(locale).format(count) : String(raw ?? '');
  return formatMessage(chosen.replaceAll('#', formatted), params, locale);
}

function pluralBranches(text: string): Map<string, string> {
  const branches = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0) break;
    const selector = text.slice(i, open).trim();
    const close = matchingBrace(text, open);
    branches.set(selector, text.slice(open + 1, close));
    i = close + 1;
  }
  return branches;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  throw new Error(`Unbalanced braces in message "${text}"`);
}

/** The placeholder names a pattern uses, so catalogues can be checked against each other. */
export function placeholderNames(pattern: string): string[] {
  const names = new Set<string>();
  for (const match of pattern.matchAll(/\{\s*([A-Za-z][\w]*)\s*(?:[,}])/g)) names.add(match[1]);
  return [...names].sort();
}
