import { createHash, randomBytes } from 'node:crypto';
import { oauthStates } from '@/db/schema';
import type { Ctx } from '../context';
import { Invalid } from '../errors';
import { findCardiomood } from '../integrations/get-integration';
import { cardiomoodRedirectUri } from '../integrations/redirect-uri';
import { authorizeUrl } from '../providers/cardiomood/oauth';

export const stateSeconds = 600;

export const hashState = (state: string) => createHash('sha256').update(state).digest('hex');

export interface AuthorizationRequest {
  referenceId?: string | null;
  successUrl?: string | null;
  failureUrl?: string | null;
  widgetSessionId?: string | null;
}

/**
 * Starts one end user's authorization at CardioMood: a single-use `state` that expires in 10 minutes
 * (only its hash is kept) and the Terra `user_id` the connection will get. Returns where to send them.
 */
export async function startAuthorization(ctx: Ctx, request: AuthorizationRequest) {
  const integration = await findCardiomood(ctx);
  if (!integration?.enabled || !integration.clientId) {
    throw Invalid('resource: CARDIOMOOD is not enabled for this developer.');
  }
  const state = randomBytes(32).toString('base64url');
  const [row] = await ctx.db
    .insert(oauthStates)
    .values({
      stateHash: hashState(state),
      accountId: ctx.account.id,
      provider: 'CARDIOMOOD',
      widgetSessionId: request.widgetSessionId ?? null,
      referenceId: request.referenceId ?? null,
      successUrl: request.successUrl ?? null,
      failureUrl: request.failureUrl ?? null,
      expiresAt: new Date(Date.now() + stateSeconds * 1000),
    })
    .returning({ userId: oauthStates.userId });
  if (!row) throw new Error('state insert returned nothing');
  return { userId: row.userId, authUrl: authorizeUrl(integration, cardiomoodRedirectUri(), state) };
}
