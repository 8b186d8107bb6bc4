import { and, eq } from 'drizzle-orm';
import { destinations, inboxMessages } from '@/db/schema';
import { json } from '../api/respond';
import { database } from '../database';
import { signDelivery, verifyTerraSignature } from '../delivery/signing';
import { isUuid } from '../validation';
import { activeSecrets } from './signing-secrets';

const maxBytes = 10 * 1024 * 1024;

/**
 * `POST /inbox/<id>`: the built-in receiver. It accepts a delivery like any outside receiver would,
 * checks both signatures against the destination's secrets, and keeps what came for the dashboard.
 */
export async function receiveInbox(request: Request, destinationId: string): Promise<Response> {
  const { db } = await database();
  const [destination] = isUuid(destinationId)
    ? await db
        .select()
        .from(destinations)
        .where(and(eq(destinations.id, destinationId), eq(destinations.kind, 'inbox')))
    : [];
  if (!destination) return json({ message: 'No such inbox.' }, 404);
  const body = await request.text();
  if (body.length > maxBytes) return json({ message: 'Too large.' }, 413);
  const headers = Object.fromEntries(request.headers);
  const secrets = activeSecrets(destination.signingSecrets);
  const now = Math.floor(Date.now() / 1000);
  const terraSignatureValid = secrets.some((secret) =>
    verifyTerraSignature({ body, header: headers['terra-signature'] ?? '', secret, now }),
  );
  const webhookSignatureValid = verifyStandardWebhook(body, headers, secrets, now);
  await db.insert(inboxMessages).values({
    accountId: destination.accountId,
    destinationId: destination.id,
    headers,
    body,
    terraSignatureValid,
    webhookSignatureValid,
  });
  return json({ received: true, terraSignatureValid, webhookSignatureValid });
}

/** Standard Webhooks: recompute `v1,<sig>` for the given id and timestamp and look for it among those sent. */
function verifyStandardWebhook(body: string, headers: Record<string, string>, secrets: string[], now: number): boolean {
  const id = headers['webhook-id'];
  const timestamp = Number(headers['webhook-timestamp']);
  if (!id || !Number.isInteger(timestamp) || Math.abs(now - timestamp) > 300) return false;
  const sent = new Set((headers['webhook-signature'] ?? '').split(' '));
  try {
    return secrets.some((secret) =>
      sent.has(signDelivery({ body, secrets: [secret], eventId: id, timestamp })['webhook-signature']),
    );
  } catch {
    return false; // an id the signer refuses (spaces, control characters) cannot have been ours
  }
}
