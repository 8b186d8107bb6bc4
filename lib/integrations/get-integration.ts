import { and, eq } from 'drizzle-orm';
import { integrations } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { CARDIOMOOD_API_BASE, CARDIOMOOD_AUTH_BASE } from '../providers/cardiomood/assumptions';
import { cardiomoodRedirectUri } from './redirect-uri';

export type IntegrationRow = typeof integrations.$inferSelect;

/** The account's CardioMood row, or null when it was never set up. */
export async function findCardiomood(ctx: Ctx): Promise<IntegrationRow | null> {
  const [row] = await ctx.db
    .select()
    .from(integrations)
    .where(and(eq(integrations.accountId, ctx.account.id), eq(integrations.provider, 'CARDIOMOOD')));
  return row ?? null;
}

/** The account's CardioMood settings as the dashboard shows them: the secret only as set or not. */
export async function getCardiomoodIntegration({ ctx }: { ctx: Ctx }) {
  authorize(ctx, 'account.read');
  const row = await findCardiomood(ctx);
  return {
    provider: 'CARDIOMOOD' as const,
    enabled: row?.enabled ?? false,
    clientId: row?.clientId ?? '',
    hasClientSecret: Boolean(row?.clientSecret),
    apiBaseUrl: row?.apiBaseUrl ?? CARDIOMOOD_API_BASE,
    authBaseUrl: row?.authBaseUrl ?? CARDIOMOOD_AUTH_BASE,
    pollIntervalMinutes: row?.pollIntervalMinutes ?? 60,
    lookbackDays: row?.lookbackDays ?? 2,
    rateLimitPerMinute: row?.rateLimitPerMinute ?? 180,
    appSchemes: row?.appSchemes ?? [],
    redirectUri: cardiomoodRedirectUri(),
  };
}
