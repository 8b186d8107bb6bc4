import { z } from 'zod';
import { destinations } from '@/db/schema';
import { authorize } from '../auth/roles';
import { recordAudit } from '../audit/record-audit';
import { type Ctx, withTransaction } from '../context';
import { generateSigningSecret, isSigningSecret } from '../delivery/signing-secret';
import { Invalid } from '../errors';
import { assertDestinationHostAllowed } from '../security/ssrf';
import { parseInput } from '../validation';
import { sealSecrets } from './signing-secrets';

const Input = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('webhook'),
    name: z.string().trim().min(1).max(100).default('Webhook'),
    url: z.url({ protocol: /^https?$/, message: 'Enter an http(s) URL for the webhook.' }),
    secret: z.string().optional(),
    eventTypes: z.array(z.string().min(1).max(50)).max(50).default([]),
    timeoutSeconds: z.number().int().min(1).max(30, { message: 'The timeout is at most 30 seconds.' }).default(8),
  }),
  z.object({
    kind: z.literal('inbox'),
    name: z.string().trim().min(1).max(100).default('Inbox'),
    eventTypes: z.array(z.string().min(1).max(50)).max(50).default([]),
  }),
]);

/**
 * Adds a destination and returns its signing secret: shown this once. A webhook's host is checked
 * against the SSRF guard now and again at every send. The inbox receives at `/inbox/<id>`.
 */
export async function addDestination({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'destinations.manage');
  const params = parseInput(Input, input);
  if (params.kind === 'webhook') await assertDestinationHostAllowed(params.url);
  const secret = params.kind === 'webhook' && params.secret ? params.secret : generateSigningSecret();
  if (!isSigningSecret(secret))
    throw Invalid('secret: a signing secret looks like whsec_ and base64 (24 to 64 bytes).');
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(destinations)
      .values({
        accountId: ctx.account.id,
        kind: params.kind,
        name: params.name,
        settings: params.kind === 'webhook' ? { url: params.url } : {},
        signingSecrets: sealSecrets([{ secret }]),
        eventTypes: params.eventTypes,
        timeoutSeconds: params.kind === 'webhook' ? params.timeoutSeconds : 8,
      })
      .returning();
    if (!row) throw new Error('destination insert returned nothing');
    await recordAudit(tx, {
      action: 'destination.added',
      targetType: 'destination',
      targetId: row.id,
      after: { kind: row.kind, name: row.name, settings: row.settings, event_types: row.eventTypes },
    });
    return { id: row.id, kind: row.kind, signingSecret: secret };
  });
}
