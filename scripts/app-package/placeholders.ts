const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Replaces the Teams Toolkit's ${{NAME}} placeholders. An empty value counts as missing: an
 * empty app id or domain makes a package Teams refuses, better to stop here and say which.
 */
export function fillPlaceholders(text: string, vars: Readonly<Record<string, string>>): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const filled = text.replace(PLACEHOLDER, (match, name: string) => {
    const value = vars[name];
    if (value === undefined || value === '') {
      missing.add(name);
      return match;
    }
    return value;
  });
  return { text: filled, missing: [...missing].sort() };
}

export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))].sort();
}
