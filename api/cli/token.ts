import { resolve } from 'node:path';
import { issueLocalToken } from '../auth/issue-token.ts';
import { isRole, ROLES } from '../auth/roles.ts';
import { parseFlags, runCommand, usageError } from './command.ts';

const USAGE = `Usage: npm run --silent token -- --user NAME --role collector|manager|executive [--team TEAM] [--ttl HOURS]

Prints a bearer token for the local API (no Entra ID configured), signed with the key in the
data folder ($DATA_DIR, default ./data; created on first use). The server accepts it as it
would a Teams SSO token.

  --user NAME    the person's name as the organisation spells it, e.g. "Jessica Alvarez"
  --role ROLE    collector (own invoices), manager (their teams'), executive (all, and admin)
  --team TEAM    a credit team the manager manages (in addition to those the store says)
  --upn UPN      sign-in name; default derived from the name (jessica.alvarez@contoso.com)
  --ttl HOURS    lifetime; default 8
  --url          print a link that opens the tab signed in as that person instead of the bare token
  -h, --help     this text

Example:
  curl -H "Authorization: Bearer $(npm run --silent token -- --user 'Karen Whitfield' --role manager)" http://127.0.0.1:3978/api/me`;

async function main(): Promise<number> {
  const flags = parseFlags(
    { user: { type: 'string' }, role: { type: 'string' }, team: { type: 'string' }, upn: { type: 'string' }, ttl: { type: 'string' }, url: { type: 'boolean' } },
    USAGE,
  );
  if ('exitCode' in flags) return flags.exitCode;
  const { values } = flags;
  if (process.env.ENTRA_TENANT_ID || process.env.ENTRA_CLIENT_ID) {
    process.stderr.write('Entra ID is configured (ENTRA_TENANT_ID / ENTRA_CLIENT_ID): the server accepts Entra tokens only, not local ones.\n');
    return 2;
  }
  if (!values.user?.trim()) return usageError('--user is required', USAGE);
  if (!isRole(values.role)) return usageError(`--role must be one of ${ROLES.join(', ')}${values.role ? `, got '${values.role}'` : ''}`, USAGE);
  const hours = values.ttl === undefined ? 8 : Number(values.ttl);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) {
    process.stderr.write(`--ttl must be a number of hours (at most 720), got '${values.ttl}'\n`);
    return 2;
  }
  const token = await issueLocalToken(resolve(process.env.DATA_DIR || './data'), {
    user: values.user.trim(),
    role: values.role,
    team: values.team?.trim() || undefined,
    upn: values.upn,
    ttlSeconds: Math.round(hours * 3600),
  });
  if (values.url) {
    // The tab reads a local token from the fragment, which never reaches server logs.
    const port = process.env.PORT || '3978';
    process.stdout.write(`http://127.0.0.1:${port}/#token=${token}\n`);
  } else {
    process.stdout.write(`${token}\n`);
  }
  return 0;
}

runCommand('token', main);
