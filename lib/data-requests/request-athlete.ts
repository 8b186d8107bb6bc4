import { and, eq } from 'drizzle-orm';
import { payloads } from '@/db/schema';
import { parseRequestPart } from '../api/parse-request';
import { authorize } from '../auth/roles';
import { insertBackfill } from '../backfills/create-backfill';
import { getConnectionInAccount } from '../connections/connection-in-account';
import { terraUser } from '../connections/terra-user';
import { type Ctx, withTransaction } from '../context';
import { emitEvent } from '../events/emit-event';
import { dataVersion } from '../ingest/normalize-days';
import { localDates } from '../ingest/local-dates';
import type { Athlete, TerraUser } from '../models/terra';
import { normalizeAthlete } from '../providers/cardiomood/normalize/athlete';
import { AthleteQuery } from './data-query';
import { chargeUserDays, type UsageState } from './user-rate-limit';

export type AthleteAnswer = { usage: UsageState; user: TerraUser } & (
  | { kind: 'inline'; athlete: Athlete }
  | { kind: 'webhook'; reference: string }
);

/**
 * `GET /v2/athlete`: the user's profile. CardioMood's Health Cloud documents no profile endpoint, so
 * unless a profile was stored the athlete carries only the CardioMood user id. Costs one day (r2).
 */
export async function requestAthlete({
  ctx,
  input,
  now = new Date(),
}: {
  ctx: Ctx;
  input: Record<string, unknown>;
  now?: Date;
}): Promise<AthleteAnswer> {
  authorize(ctx, 'account.read');
  const query = parseRequestPart(AthleteQuery, input, 'query');
  const connection = await getConnectionInAccount(ctx, query.user_id);
  const user = terraUser(connection);
  const [stored] = await ctx.db
    .select({ payload: payloads.payload })
    .from(payloads)
    .where(
      and(eq(payloads.accountId, ctx.account.id), eq(payloads.userId, connection.id), eq(payloads.type, 'athlete')),
    )
    .limit(1);
  const athlete = (stored?.payload as Athlete | undefined) ?? normalizeAthlete({ uuid: connection.providerUserId });
  if (!(query.to_webhook ?? true)) {
    const usage = await withTransaction(ctx, (tx) => chargeUserDays(tx, connection.id, 1, now));
    return { kind: 'inline', athlete, usage, user };
  }
  return withTransaction(ctx, async (tx) => {
    const usage = await chargeUserDays(tx, connection.id, 1, now);
    const today = localDates(now, connection.utcOffsetMinutes ?? 0, 0)[0] as string;
    const { reference } = await insertBackfill(tx, {
      kind: 'request',
      userIds: [connection.id],
      allUsers: false,
      dataTypes: ['athlete'],
      firstDay: today,
      lastDay: today,
      withSamples: false,
      delivery: 'events',
      endpoint: 'GET /v2/athlete',
      deliveredNow: { events: 1, payloads: { athlete: 1 } },
    });
    await emitEvent(tx, {
      type: 'athlete',
      userId: connection.id,
      reference,
      body: { type: 'athlete', athlete, user, version: dataVersion },
    });
    return { kind: 'webhook', reference, usage, user };
  });
}
