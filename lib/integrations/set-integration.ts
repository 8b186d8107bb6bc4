import { z } from 'zod';
import { integrations } from '@/db/schema';
import { authorize } from '../auth/roles';
import { recordAudit } from '../audit/record-audit';
import { type Ctx, withTransaction } from '../context';
import { Invalid } from '../errors';
import { CARDIOMOOD_API_BASE, CARDIOMOOD_AUTH_BASE } from '../providers/cardiomood/assumptions';
import { encrypt } from '../security/encryption';
import { AppScheme } from '../connect/redirect-urls';
import { parseInput } from '../validation';
import { findCardiomood } from './get-integration';

const BaseUrl = z
  .url({ protocol: /^https?$/, message: 'Enter an http(s) URL.' })
  .transform((url) => url.replace(/\/+$/, ''));

const Input = z.object({
  enabled: z.boolean().optional(),
  clientId: z.string().trim().max(200).optional(),
  /** Write-only: empty or absent keeps the stored secret. */
  clientSecret: z.string().max(500).optional(),
  apiBaseUrl: BaseUrl.optional(),
  authBaseUrl: BaseUrl.optional(),
  pollIntervalMinutes: z.number().int().min(5, { message: 'Poll at most every 5 minutes.' }).max(1440).optional(),
  lookbackDays: z.number().int().min(1).max(30).optional(),
  rateLimitPerMinute: z.number().int().min(1).max(100_000).optional(),
  appSchemes: z.array(AppScheme).max(20).optional(),
});

/** Saves CardioMood's settings for the account; the secret is encrypted and never read back. */
export async function setCardiomoodIntegration({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'integrations.manage');
  const changes = parseInput(Input, input);
  return withTransaction(ctx, async (tx) => {
    const before = await findCardiomood(tx);
    const next = {
      enabled: changes.enabled ?? before?.enabled ?? false,
      clientId: changes.clientId ?? before?.clientId ?? '',
      clientSecret: changes.clientSecret ? encrypt(changes.clientSecret) : (before?.clientSecret ?? null),
      apiBaseUrl: changes.apiBaseUrl ?? before?.apiBaseUrl ?? CARDIOMOOD_API_BASE,
      authBaseUrl: changes.authBaseUrl ?? before?.authBaseUrl ?? CARDIOMOOD_AUTH_BASE,
      pollIntervalMinutes: changes.pollIntervalMinutes ?? before?.pollIntervalMinutes ?? 60,
      lookbackDays: changes.lookbackDays ?? before?.lookbackDays ?? 2,
      rateLimitPerMinute: changes.rateLimitPerMinute ?? before?.rateLimitPerMinute ?? 180,
      appSchemes: changes.appSchemes ?? before?.appSchemes ?? [],
    };
    if (next.enabled && (!next.clientId || !next.clientSecret)) {
      throw Invalid('Enter the client id and secret of your CardioMood app before enabling CardioMood.');
    }
    const [row] = await tx.db
      .insert(integrations)
      .values({ accountId: ctx.account.id, provider: 'CARDIOMOOD', ...next })
      .onConflictDoUpdate({
        target: [integrations.accountId, integrations.provider],
        set: { ...next, updatedAt: new Date() },
      })
      .returning();
    if (!row) throw new Error('integration upsert returned nothing');
    const visible = (r: typeof before) =>
      r && { ...r, clientSecret: r.clientSecret ? 'set' : null, id: undefined, updatedAt: undefined };
    await recordAudit(tx, {
      action: 'integration.updated',
      targetType: 'integration',
      targetId: row.id,
      before: visible(before),
      after: { ...visible(row), clientSecret: changes.clientSecret ? 'changed' : visible(row)?.clientSecret },
    });
    return row;
  });
}
