import { z } from 'zod';

/** A Postgres or MySQL identifier we can quote safely: letters, digits and underscores. */
const identifier = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, { message: 'Use letters, digits and underscores (at most 63).' });

const common = {
  host: z
    .string()
    .trim()
    .min(1)
    .max(253)
    .regex(/^[^\s/?#@]+$/, { message: 'Enter a host name or an IP address, without a scheme or path.' }),
  database: z.string().trim().min(1).max(63),
  user: z.string().trim().min(1).max(128),
  /** TLS, verified against the system CAs, or against `sslCa` when the server's CA is private (Supabase). */
  ssl: z.boolean().default(false),
  /** A PEM CA certificate: public, so it lives in the settings, not the secrets. */
  sslCa: z.string().trim().max(20_000).optional(),
};

const port = (fallback: number) => z.number().int().min(1).max(65_535).default(fallback);

/** PostgreSQL (and Supabase, which is PostgreSQL): Terra's tables under `schema`. */
export const postgresSettings = z.object({
  ...common,
  port: port(5432),
  schema: identifier.default('terra'),
});

/** MySQL and MariaDB: Terra's tables in `database`. */
export const mysqlSettings = z.object({ ...common, port: port(3306) });

export const sqlSecrets = z.object({ password: z.string().max(1_000).default('') });

export type PostgresSettings = z.infer<typeof postgresSettings>;
export type MysqlSettings = z.infer<typeof mysqlSettings>;
export type SqlSecrets = z.infer<typeof sqlSecrets>;

/** The host the SSRF guard checks, at save time and again before each send. */
export function sqlHosts(settings: { host: string }): string {
  return settings.host;
}
