import { and, eq, gt, isNull } from 'drizzle-orm';
import { accounts, connections, oauthStates } from '@/db/schema';
import type { Db } from '@/db/client';
import { terraUser } from '../connections/terra-user';
import { type Ctx, withTransaction } from '../context';
import { emitEvent } from '../events/emit-event';
import { findCardiomood } from '../integrations/get-integration';
import { cardiomoodRedirectUri } from '../integrations/redirect-uri';
import { log } from '../log';
import { exchangeCode, TokenRefused } from '../providers/cardiomood/oauth';
import { decrypt, encrypt } from '../security/encryption';
import { withParams } from './redirect-urls';
import { hashState } from './start-authorization';

/** Where the end user goes next: a redirect, or a page of ours when there is nowhere safe to send them. */
export type Outcome = { redirect: string } | { page: { title: string; message: string; ok: boolean } };

/**
 * CardioMood's redirect back: claims the single-use state, exchanges the code, stores the tokens
 * encrypted, creates the connection (replacing a previous one of the same CardioMood account) and
 * emits `auth` (and `user_reauth`). Any failure ends at the failure URL with a reason, never half done.
 */
export async function completeAuthorization(
  db: Db,
  params: { state?: string | null; code?: string | null; error?: string | null },
): Promise<Outcome> {
  const claimed = params.state ? await claimState(db, params.state) : null;
  if (!claimed) {
    return page(false, 'This sign-in link is no longer valid', 'It is unknown, was already used or has expired.');
  }
  const ctx: Ctx = { db, account: claimed.account, actor: { kind: 'system', name: 'connect' } };
  const fail = async (reason: string) => {
    await emitEvent(ctx, {
      type: 'auth_cancelled',
      body: { type: 'auth_cancelled', status: 'error', reason, reference_id: claimed.state.referenceId },
    });
    return claimed.state.failureUrl
      ? {
          redirect: withParams(claimed.state.failureUrl, {
            reason,
            reference_id: claimed.state.referenceId,
            resource: 'CARDIOMOOD',
          }),
        }
      : page(false, 'CardioMood was not connected', `Reason: ${reason}. You can close this page and try again.`);
  };
  if (params.error || !params.code) return fail(params.error ? oauthErrorCode(params.error) : 'missing_code');

  const integration = await findCardiomood(ctx);
  if (!integration?.enabled || !integration.clientSecret) return fail('provider_disabled');
  let tokens: Awaited<ReturnType<typeof exchangeCode>>;
  try {
    const app = {
      clientId: integration.clientId,
      clientSecret: decrypt(integration.clientSecret),
      authBaseUrl: integration.authBaseUrl,
    };
    tokens = await exchangeCode(app, params.code, cardiomoodRedirectUri());
  } catch (error) {
    if (!(error instanceof TokenRefused)) throw error;
    log.warn({ err: error, account: ctx.account.id }, 'CardioMood code exchange failed');
    return fail(error.reason === 'invalid_grant' ? 'invalid_code' : 'token_exchange_failed');
  }

  const connection = await withTransaction(ctx, async (tx) => {
    const providerUserId = tokens.providerUserId ?? `unknown:${claimed.state.userId}`;
    const [old] = await tx.db
      .delete(connections)
      .where(
        and(
          eq(connections.accountId, ctx.account.id),
          eq(connections.provider, 'CARDIOMOOD'),
          eq(connections.providerUserId, providerUserId),
        ),
      )
      .returning();
    const [created] = await tx.db
      .insert(connections)
      .values({
        id: claimed.state.userId,
        accountId: ctx.account.id,
        provider: 'CARDIOMOOD',
        referenceId: claimed.state.referenceId,
        providerUserId,
        scopes: tokens.scopes,
        accessToken: encrypt(tokens.accessToken),
        refreshToken: tokens.refreshToken ? encrypt(tokens.refreshToken) : null,
        tokenExpiresAt: tokens.expiresAt,
      })
      .returning();
    if (!created) throw new Error('connection insert returned nothing');
    const user = terraUser(created);
    await emitEvent(tx, {
      type: 'auth',
      userId: created.id,
      body: {
        type: 'auth',
        status: 'success',
        user,
        reference_id: created.referenceId,
        widget_session_id: claimed.state.widgetSessionId,
        message: 'User has successfully authenticated',
      },
    });
    if (old) {
      await emitEvent(tx, {
        type: 'user_reauth',
        userId: created.id,
        body: {
          type: 'user_reauth',
          status: 'warning',
          old_user: terraUser(old),
          new_user: user,
          message: 'User has reauthenticated and old user has been deleted',
        },
      });
    }
    return created;
  });
  const success = claimed.state.successUrl;
  return success
    ? {
        redirect: withParams(success, {
          user_id: connection.id,
          resource: 'CARDIOMOOD',
          reference_id: connection.referenceId,
        }),
      }
    : page(true, 'CardioMood is connected', 'You can close this page and go back to the app.');
}

/** Marks the state used, atomically: a second use, an expired state or an unknown one gets nothing. */
async function claimState(db: Db, state: string) {
  const [claimed] = await db
    .update(oauthStates)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(oauthStates.stateHash, hashState(state)),
        isNull(oauthStates.usedAt),
        gt(oauthStates.expiresAt, new Date()),
      ),
    )
    .returning();
  if (!claimed) return null;
  const [account] = await db
    .select({ id: accounts.id, devId: accounts.devId, name: accounts.name })
    .from(accounts)
    .where(eq(accounts.id, claimed.accountId));
  return account ? { state: claimed, account } : null;
}

/**
 * The `error` CardioMood sent back, as RFC 6749 spells error codes (printable ASCII but " and \): it is
 * written into an event and the failure URL, and anyone holding a state can send any text.
 */
function oauthErrorCode(error: string): string {
  return error.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '').slice(0, 100) || 'unknown_error';
}

function page(ok: boolean, title: string, message: string): Outcome {
  return { page: { ok, title, message } };
}
