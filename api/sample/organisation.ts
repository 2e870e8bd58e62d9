/**
 * The credit organisation behind the sample log: legal entities (company codes), credit teams,
 * their managers and collectors. The shape is a superset of the store's organisation payload
 * (teams with a manager and member names; collectors with a time zone and e-mail), so the
 * sample can be loaded as is.
 */

export type Segment = 'Enterprise' | 'Mid-Market' | 'SMB' | 'Government';
export const SEGMENTS: readonly Segment[] = ['Enterprise', 'Mid-Market', 'SMB', 'Government'];

export interface SampleCompany {
  /** Dynamics 365 legal entity (dataAreaId). */
  code: string;
  legalName: string;
  /** ISO 3166 alpha-2. */
  country: string;
  /** ISO 4217 currency the entity invoices in (some customers are billed in another). */
  currency: string;
  /** IANA zone of the entity's back office: posting, sending, cash application, dunning runs. */
  timeZone: string;
}

export interface SamplePerson {
  name: string;
  /** User principal name (Entra ID sign-in), also the e-mail address. */
  email: string;
  timeZone: string;
}

export interface SampleCollector extends SamplePerson {
  team: string;
}

export interface SampleTeam {
  name: string;
  manager: string;
  members: string[];
  /** Which invoices the team owns: these company codes … */
  companyCodes: string[];
  /** … for customers of these segments. */
  segments: Segment[];
}

export interface Organisation {
  companies: SampleCompany[];
  teams: SampleTeam[];
  collectors: SampleCollector[];
  managers: SamplePerson[];
}

const DOMAIN = 'contoso.com';

function person(name: string, timeZone: string): SamplePerson {
  const email = `${name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '.')}@${DOMAIN}`;
  return { name, email, timeZone };
}

interface TeamSpec {
  name: string;
  manager: SamplePerson;
  members: SamplePerson[];
  companyCodes: string[];
  segments: Segment[];
}

const REGIONAL: Segment[] = ['Mid-Market', 'SMB', 'Government'];

const TEAM_SPECS: TeamSpec[] = [
  {
    name: 'Collections Team North America',
    manager: person('Karen Whitfield', 'America/Chicago'),
    members: [
      person('Jessica Alvarez', 'America/New_York'),
      person('Marcus Johnson', 'America/Chicago'),
      person('Olivia Tremblay', 'America/Toronto'),
    ],
    companyCodes: ['US01', 'CA01'],
    segments: REGIONAL,
  },
  {
    name: 'Collections Team EMEA',
    manager: person('Stefan Hoffmann', 'Europe/Berlin'),
    members: [
      person('Lukas Becker', 'Europe/Berlin'),
      person('Camille Laurent', 'Europe/Paris'),
      person('James Whitaker', 'Europe/London'),
      person('Anna Schmidt', 'Europe/Berlin'),
    ],
    companyCodes: ['DE01', 'FR01', 'GB01'],
    segments: REGIONAL,
  },
  {
    name: 'Collections Team APAC',
    manager: person('Hiroshi Tanaka', 'Asia/Tokyo'),
    members: [person('Yuki Sato', 'Asia/Tokyo'), person('Wei Ling Tan', 'Asia/Singapore')],
    companyCodes: ['JP01', 'SG01'],
    segments: REGIONAL,
  },
  {
    // Key accounts are global: one collector owns a customer wherever it is invoiced from.
    name: 'Strategic Accounts',
    manager: person('Rachel Goldberg', 'America/New_York'),
    members: [
      person('Daniel Brooks', 'America/New_York'),
      person('Sophie Müller', 'Europe/Berlin'),
      person('Kenji Watanabe', 'Asia/Tokyo'),
    ],
    companyCodes: ['US01', 'CA01', 'DE01', 'FR01', 'GB01', 'JP01', 'SG01'],
    segments: ['Enterprise'],
  },
];

export const SAMPLE_ORGANISATION: Organisation = {
  companies: [
    { code: 'US01', legalName: 'Contoso Inc.', country: 'US', currency: 'USD', timeZone: 'America/New_York' },
    { code: 'CA01', legalName: 'Contoso Canada Ltd.', country: 'CA', currency: 'CAD', timeZone: 'America/Toronto' },
    { code: 'DE01', legalName: 'Contoso Deutschland GmbH', country: 'DE', currency: 'EUR', timeZone: 'Europe/Berlin' },
    { code: 'FR01', legalName: 'Contoso France SAS', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris' },
    { code: 'GB01', legalName: 'Contoso UK Ltd', country: 'GB', currency: 'GBP', timeZone: 'Europe/London' },
    { code: 'JP01', legalName: 'Contoso Japan K.K.', country: 'JP', currency: 'JPY', timeZone: 'Asia/Tokyo' },
    // The Asia-Pacific hub invoices its regional customers in US dollars.
    { code: 'SG01', legalName: 'Contoso Asia Pte. Ltd.', country: 'SG', currency: 'USD', timeZone: 'Asia/Singapore' },
  ],
  teams: TEAM_SPECS.map((t) => ({
    name: t.name,
    manager: t.manager.name,
    members: t.members.map((m) => m.name),
    companyCodes: t.companyCodes,
    segments: t.segments,
  })),
  collectors: TEAM_SPECS.flatMap((t) => t.members.map((m) => ({ ...m, team: t.name }))),
  managers: TEAM_SPECS.map((t) => t.manager),
};

/** The team that owns invoices of a company code and customer segment. */
export function teamFor(org: Organisation, companyCode: string, segment: Segment): SampleTeam {
  const team = org.teams.find((t) => t.companyCodes.includes(companyCode) && t.segments.includes(segment));
  if (!team) throw new Error(`No credit team owns ${segment} invoices of ${companyCode}`);
  return team;
}
