import { connections, destinations, integrations } from '@/db/schema';

/**
 * Every column holding a value encrypted by `lib/security/encryption.ts`. The key rotation
 * re-encrypts exactly these; the database-dump test fails when a column holds encrypted values
 * without being listed here.
 */
export const encryptedColumns = [
  { table: integrations, id: integrations.id, account: integrations.accountId, column: integrations.clientSecret },
  { table: connections, id: connections.id, account: connections.accountId, column: connections.accessToken },
  { table: connections, id: connections.id, account: connections.accountId, column: connections.refreshToken },
  { table: destinations, id: destinations.id, account: destinations.accountId, column: destinations.secrets },
  { table: destinations, id: destinations.id, account: destinations.accountId, column: destinations.signingSecrets },
] as const;

export type EncryptedColumn = (typeof encryptedColumns)[number];
