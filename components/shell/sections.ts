/** The dashboard's sections, in navigation order. */
export const sections = [
  { href: '/overview', label: 'Overview' },
  { href: '/integrations', label: 'Integrations' },
  { href: '/destinations', label: 'Destinations' },
  { href: '/payloads', label: 'Payloads' },
  { href: '/users', label: 'Users' },
  { href: '/deliveries', label: 'Deliveries' },
  { href: '/backfills', label: 'Backfills' },
  { href: '/api-keys', label: 'API keys' },
  { href: '/api-reference', label: 'API reference' },
  { href: '/team', label: 'Team' },
  { href: '/audit-log', label: 'Audit log' },
] as const;
