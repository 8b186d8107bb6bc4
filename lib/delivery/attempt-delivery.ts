import { activeSecrets } from '../destinations/signing-secrets';
import { decrypt } from '../security/encryption';
import type { DeliveryToSend } from './load-deliveries';
import { deliveryBody } from './delivery-body';
import { classify, retryDelayMs } from './retry-policy';
import { senders } from './senders';
import type { SendAnswer } from './senders/sender';
import { signDelivery } from './signing';

/** One attempt's outcome, ready to be recorded: what was sent, what came back, what happens next. */
export interface Attempt {
  toSend: DeliveryToSend;
  startedAt: Date;
  headers: Record<string, string>;
  answer: SendAnswer;
  /** What the answer means for the destination's health. */
  outcome: 'delivered' | 'gone' | 'retry';
  attempts: number;
  status: 'delivered' | 'retrying' | 'dead';
  nextAttemptAt: Date;
}

/**
 * Signs the event's body (Terra JSON, or a FHIR Bundle for a FHIR destination), sends it to the destination and decides what comes next: delivered,
 * retried after the destination's schedule (a longer `Retry-After` wins), or dead after the last try
 * or a `410 Gone`. Writes nothing: the caller records attempts, many at a time.
 */
export async function attemptDelivery(toSend: DeliveryToSend, random = Math.random): Promise<Attempt> {
  const { delivery, destination } = toSend;
  const startedAt = new Date();
  const { headers, answer } = await send(toSend, startedAt);
  const result = answer.error ? { kind: 'retry' as const } : classify(answer.statusCode, answer.retryAfter);
  const attempts = delivery.attempts + 1;
  const dead = result.kind === 'gone' || (result.kind === 'retry' && attempts > destination.maxRetries);
  const delayMs = retryDelayMs(attempts, result.kind === 'retry' ? result.retryAfterMs : undefined, random, {
    baseMs: destination.retryBaseSeconds * 1000,
    capMs: destination.retryCapSeconds * 1000,
  });
  return {
    toSend,
    startedAt,
    headers,
    answer,
    outcome: result.kind,
    attempts,
    status: result.kind === 'delivered' ? 'delivered' : dead ? 'dead' : 'retrying',
    nextAttemptAt: new Date(startedAt.getTime() + delayMs),
  };
}

/** Signs and sends; never throws: a failure before any answer (a bad secret, a sender bug) is an answer too. */
async function send({ event, destination }: DeliveryToSend, startedAt: Date) {
  const headers: Record<string, string> = {};
  try {
    const { body, contentType } = deliveryBody(event, destination);
    const signature = signDelivery({
      body,
      secrets: activeSecrets(destination.signingSecrets, startedAt),
      eventId: event.traceId,
      timestamp: Math.floor(startedAt.getTime() / 1000),
    });
    Object.assign(headers, signature, {
      'x-terra-signature': signature['terra-signature'],
      'terra-reference': event.reference,
      'x-terra-trace-id': event.traceId,
      'x-terra-ordering-timestamp': event.createdAt.toISOString(),
      ...(contentType ? { 'content-type': contentType } : {}),
    });
    const secrets = destination.secrets ? (JSON.parse(decrypt(destination.secrets)) as Record<string, unknown>) : {};
    return { headers, answer: await senders[destination.kind].send({ destination, secrets, event, body, headers }) };
  } catch (error) {
    const answer: SendAnswer = {
      statusCode: null,
      excerpt: null,
      retryAfter: null,
      error: `Could not send: ${(error as Error).message || String(error)}`,
      durationMs: Date.now() - startedAt.getTime(),
    };
    return { headers, answer };
  }
}
