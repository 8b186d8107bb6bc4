import { z } from 'zod';
import { destinations } from '@/db/schema';
import { authorize } from '../auth/roles';
import { recordAudit } from '../audit/record-audit';
import { type Ctx, withTransaction } from '../context';
import { Invalid } from '../errors';
import { encrypt } from '../security/encryption';
import { parseInput } from '../validation';
import { destinationWhere, getDestinationInAccount, visible } from './destination-in-account';
import { assertFieldHostAllowed } from './host-allowed';
import { assertPayloadFormat, PayloadFormat } from './payload-format';
import { splitUrlCredentials } from './webhook-credentials';

const Input = z.object({
  destinationId: z.string(),
  name: z.string().trim().min(1).max(100).optional(),
  url: z.url({ protocol: /^https?$/, message: 'Enter an http(s) URL for the webhook.' }).optional(),
  eventTypes: z.array(z.string().min(1).max(50)).max(50).optional(),
  payloadFormat: PayloadFormat.optional(),
  timeoutSeconds: z.number().int().min(1).max(30, { message: 'The timeout is at most 30 seconds.' }).optional(),
  maxRetries: z.number().int().min(0).max(50).optional(),
  retryBaseSeconds: z.number().int().min(1).max(3_600).optional(),
  retryCapSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 86_400)
    .optional(),
});

/** Changes a destination's name, URL (webhooks), event filter, payload format, timeout or retry schedule. */
export async function updateDestination({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'destinations.manage');
  const { destinationId, url, ...changes } = parseInput(Input, input, { nameField: true });
  return withTransaction(ctx, async (tx) => {
    const before = await getDestinationInAccount(tx, destinationId);
    if (url && before.kind !== 'webhook') throw Invalid('url: only webhooks have a URL to change.');
    if (url) await assertFieldHostAllowed('url', url);
    if (changes.payloadFormat) assertPayloadFormat(before.kind, changes.payloadFormat);
    const base = changes.retryBaseSeconds ?? before.retryBaseSeconds;
    const cap = changes.retryCapSeconds ?? before.retryCapSeconds;
    if (cap < base) throw Invalid('retryCapSeconds: the cap must be at least the first delay.');
    const [after] = await tx.db
      .update(destinations)
      .set({ ...changes, ...(url ? webhookUrlChange(before, url) : {}) })
      .where(destinationWhere(ctx, destinationId))
      .returning();
    if (!after) throw new Error('destination update returned nothing');
    await recordAudit(tx, {
      action: 'destination.updated',
      targetType: 'destination',
      targetId: destinationId,
      before: visible(before),
      after: visible(after),
    });
    return visible(after);
  });
}

/**
 * A URL with credentials replaces the saved ones; one without keeps them (the form shows the URL
 * without) while it points at the same origin, so that they are never sent to a new host.
 */
function webhookUrlChange(before: typeof destinations.$inferSelect, value: string) {
  const { url, credentials } = splitUrlCredentials(value);
  const sameOrigin = new URL(url).origin === new URL(String(before.settings.url ?? url)).origin;
  const secrets = credentials ? encrypt(JSON.stringify(credentials)) : sameOrigin ? before.secrets : null;
  return { settings: { ...before.settings, url }, secrets };
}
