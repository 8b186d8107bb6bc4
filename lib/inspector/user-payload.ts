import { z } from 'zod';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { isHeartbridgeError, NotFound } from '../errors';
import { payloadWithRaw } from '../payloads/payload-with-raw';
import { parseInput } from '../validation';
import { inspectedConnection, UserId } from './inspected-connection';

const Input = z.object({ userId: UserId, payloadId: z.string().max(100) });
const noSuchPayload = 'No such payload for this user.';

/**
 * One of the user's payloads beside the raw CardioMood answers it came from, newest day first;
 * another user's is not found.
 */
export async function getUserPayload({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'account.read');
  const { userId, payloadId } = parseInput(Input, input);
  const connection = await inspectedConnection(ctx, userId);
  try {
    const found = await payloadWithRaw({ ctx, input: { payloadId } });
    if (found.payload.userId !== connection.id) throw NotFound(noSuchPayload);
    // The payload's own day first (a night's also draws on the day before), then by source.
    const raw = [...found.raw].sort((a, b) => b.day.localeCompare(a.day) || a.source.localeCompare(b.source));
    return { ...found, raw };
  } catch (error) {
    // A malformed id is as unknown as a missing one.
    if (isHeartbridgeError(error) && (error.kind === 'invalid' || error.kind === 'not_found')) {
      throw NotFound(noSuchPayload);
    }
    throw error;
  }
}
