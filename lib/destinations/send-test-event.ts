import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { senders } from '../delivery/senders';
import type { SendAnswer } from '../delivery/senders/sender';
import { signDelivery } from '../delivery/signing';
import { decrypt } from '../security/encryption';
import { parseInput } from '../validation';
import { getDestinationInAccount } from './destination-in-account';
import { activeSecrets } from './signing-secrets';

const Input = z.object({ destinationId: z.string() });

/**
 * Delivers a test event to the destination right now, as a real signed delivery, and returns the
 * answer. It is not written to the outbox, so it is neither retried nor counted.
 */
export async function sendTestEvent({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }): Promise<SendAnswer> {
  authorize(ctx, 'destinations.manage');
  const { destinationId } = parseInput(Input, input);
  const destination = await getDestinationInAccount(ctx, destinationId);
  const now = new Date();
  const traceId = randomUUID();
  const body = JSON.stringify({
    type: 'healthcheck',
    status: 'success',
    message: 'Test event from Heartbridge',
    creation_timestamp: now.toISOString(),
  });
  const signature = signDelivery({
    body,
    secrets: activeSecrets(destination.signingSecrets, now),
    eventId: traceId,
    timestamp: Math.floor(now.getTime() / 1000),
  });
  const headers: Record<string, string> = {
    ...(signature as unknown as Record<string, string>),
    'x-terra-signature': signature['terra-signature'],
    'terra-reference': traceId,
    'x-terra-trace-id': traceId,
    'x-terra-ordering-timestamp': now.toISOString(),
  };
  const event = {
    id: traceId,
    seq: 0,
    accountId: ctx.account.id,
    userId: null,
    type: 'healthcheck',
    reference: traceId,
    traceId,
    body: JSON.parse(body),
    createdAt: now,
  };
  const secrets = destination.secrets ? (JSON.parse(decrypt(destination.secrets)) as Record<string, unknown>) : {};
  return senders[destination.kind].send({ destination, secrets, event, body, headers });
}
