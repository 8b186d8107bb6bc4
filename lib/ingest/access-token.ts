import { and, eq } from 'drizzle-orm';
import { connections, type integrations } from '@/db/schema';
import { terraUser } from '../connections/terra-user';
import { type Ctx, withTransaction } from '../context';
import { emitEvent } from '../events/emit-event';
import { refreshTokens, TokenRefused } from '../providers/cardiomood/oauth';
import { decrypt, encrypt } from '../security/encryption';

type Connection = typeof connections.$inferSelect;
type Integration = typeof integrations.$inferSelect;

/** Tokens are refreshed this long before they expire. */
const refreshAheadMs = 5 * 60_000;

/**
 * The connection's access token, refreshed first when it expires soon or when `force` is set, with
 * the connection as it is now: refresh tokens rotate, so a second refresh must start from the new one.
 */
export async function accessToken(
  ctx: Ctx,
  connection: Connection,
  integration: Integration,
  options: { force?: boolean; now?: Date; beforeCall: () => Promise<void> },
): Promise<{ token: string; connection: Connection }> {
  const now = options.now ?? new Date();
  const fresh =
    connection.tokenExpiresAt === null || connection.tokenExpiresAt.getTime() - now.getTime() > refreshAheadMs;
  if (fresh && !options.force) return { token: decrypt(connection.accessToken), connection };
  if (!connection.refreshToken || !integration.clientSecret) {
    throw new TokenRefused('invalid_grant', 'the connection has no refresh token');
  }
  await options.beforeCall();
  const app = {
    clientId: integration.clientId,
    clientSecret: decrypt(integration.clientSecret),
    authBaseUrl: integration.authBaseUrl,
  };
  const tokens = await refreshTokens(app, decrypt(connection.refreshToken), now.getTime());
  const [updated] = await ctx.db
    .update(connections)
    .set({
      accessToken: encrypt(tokens.accessToken),
      // Refresh tokens rotate; a provider that does not rotate keeps the old one valid.
      refreshToken: tokens.refreshToken ? encrypt(tokens.refreshToken) : connection.refreshToken,
      tokenExpiresAt: tokens.expiresAt,
    })
    .where(and(eq(connections.accountId, ctx.account.id), eq(connections.id, connection.id)))
    .returning();
  return { token: tokens.accessToken, connection: updated ?? connection };
}

/** CardioMood refused the refresh: the user revoked access. The connection stops being polled. */
export async function markRevoked(ctx: Ctx, connection: Connection, detail: string): Promise<void> {
  await withTransaction(ctx, async (tx) => {
    await tx.db
      .update(connections)
      .set({ status: 'inactive', lastError: `access revoked: ${detail}` })
      .where(and(eq(connections.accountId, ctx.account.id), eq(connections.id, connection.id)));
    await emitEvent(tx, {
      type: 'access_revoked',
      userId: connection.id,
      body: {
        type: 'access_revoked',
        status: 'warning',
        user: { ...terraUser(connection), active: false },
        message: 'User has revoked access',
      },
    });
  });
}

/** CardioMood refused the token even after a refresh: the developer hears of it, polling goes on. */
export async function reportConnectionError(ctx: Ctx, connection: Connection, detail: string): Promise<void> {
  await emitEvent(ctx, {
    type: 'connection_error',
    userId: connection.id,
    body: {
      type: 'connection_error',
      status: 'warning',
      user: terraUser(connection),
      message: `CardioMood refused the user's access token: ${detail}`,
    },
  });
}
