import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { integrations, widgetSessions } from '@/db/schema';
import { authorize } from '../auth/roles';
import { config } from '../config';
import type { Ctx } from '../context';
import { Invalid } from '../errors';
import { parseInput } from '../validation';
import { findCardiomood } from '../integrations/get-integration';
import { assertRedirectAllowed, RedirectUrl } from './redirect-urls';

export const widgetSessionSeconds = 900;

const Input = z.object({
  providers: z.string().max(500).optional(),
  reference_id: z.string().max(200).optional(),
  language: z.string().max(20).optional(),
  auth_success_redirect_url: RedirectUrl('auth_success_redirect_url').optional(),
  auth_failure_redirect_url: RedirectUrl('auth_failure_redirect_url').optional(),
});

/** `POST /v2/auth/generateWidgetSession`: a hosted connect page for one end user, valid 15 minutes. */
export async function generateWidgetSession({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'connections.operate');
  const params = parseInput(Input, input);
  const appSchemes = (await findCardiomood(ctx))?.appSchemes ?? [];
  assertRedirectAllowed('auth_success_redirect_url', params.auth_success_redirect_url, appSchemes);
  assertRedirectAllowed('auth_failure_redirect_url', params.auth_failure_redirect_url, appSchemes);
  const enabled = await enabledProviders(ctx);
  const asked = (params.providers ?? '')
    .split(',')
    .map((p) => p.trim().toUpperCase())
    .filter(Boolean);
  const unknown = asked.filter((p) => !enabled.includes(p));
  if (unknown.length) throw Invalid(`providers: ${unknown.join(', ')} is not enabled for this developer.`);
  const providers = asked.length ? asked : enabled;
  if (!providers.length)
    throw Invalid('providers: no provider is enabled for this developer; enable CardioMood first.');
  const [session] = await ctx.db
    .insert(widgetSessions)
    .values({
      accountId: ctx.account.id,
      providers,
      referenceId: params.reference_id ?? null,
      language: params.language ?? null,
      successUrl: params.auth_success_redirect_url ?? null,
      failureUrl: params.auth_failure_redirect_url ?? null,
      expiresAt: new Date(Date.now() + widgetSessionSeconds * 1000),
    })
    .returning({ id: widgetSessions.id });
  if (!session) throw new Error('widget session insert returned nothing');
  return {
    session_id: session.id,
    url: `${config().publicUrl}/widget/session/${session.id}`,
    status: 'success' as const,
    expires_in: widgetSessionSeconds,
  };
}

export async function enabledProviders(ctx: Pick<Ctx, 'db' | 'account'>): Promise<string[]> {
  const rows = await ctx.db
    .select({ provider: integrations.provider })
    .from(integrations)
    .where(and(eq(integrations.accountId, ctx.account.id), eq(integrations.enabled, true)));
  return rows.map((r) => r.provider);
}
