import { z } from 'zod';
import { destinations } from '@/db/schema';
import { authorize } from '../auth/roles';
import { recordAudit } from '../audit/record-audit';
import { type Ctx, withTransaction } from '../context';
import { generateSigningSecret, isSigningSecret } from '../delivery/signing-secret';
import { Invalid } from '../errors';
import { encrypt } from '../security/encryption';
import { parseInput } from '../validation';
import { type ConfiguredKindName, configuredKinds } from './kinds';
import { assertPayloadFormat, PayloadFormat } from './payload-format';
import { assertFieldHostAllowed } from './host-allowed';
import { sealSecrets } from './signing-secrets';
import { splitUrlCredentials } from './webhook-credentials';

const common = {
  eventTypes: z.array(z.string().min(1).max(50)).max(50).default([]),
  payloadFormat: PayloadFormat.default('terra'),
  timeoutSeconds: z.number().int().min(1).max(30, { message: 'The timeout is at most 30 seconds.' }).default(8),
};

const Webhook = z.object({
  kind: z.literal('webhook'),
  name: z.string().trim().min(1).max(100).default('Webhook'),
  url: z.url({ protocol: /^https?$/, message: 'Enter an http(s) URL for the webhook.' }),
  secret: z.string().optional(),
  ...common,
});
const Inbox = z.object({
  kind: z.literal('inbox'),
  name: z.string().trim().min(1).max(100).default('Inbox'),
  ...common,
});
const Configured = z.object({
  kind: z.enum(Object.keys(configuredKinds) as [ConfiguredKindName, ...ConfiguredKindName[]]),
  name: z.string().trim().min(1).max(100).optional(),
  settings: z.record(z.string(), z.unknown()),
  secrets: z.record(z.string(), z.unknown()).default({}),
  ...common,
});
const Input = z.discriminatedUnion('kind', [Webhook, Inbox, Configured], {
  message: 'kind: choose a destination kind (webhook, inbox, postgres, mysql, s3, azure_blob, rabbitmq, nats).',
});

/**
 * Adds a destination and returns its signing secret: shown this once. Hosts are checked against the
 * SSRF guard now and again at every send; credentials (a webhook URL's too) are encrypted and never read back.
 */
export async function addDestination({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'destinations.manage');
  const params = parseInput(Input, input, { nameField: true });
  assertPayloadFormat(params.kind, params.payloadFormat);
  const secret = params.kind === 'webhook' && params.secret ? params.secret : generateSigningSecret();
  if (!isSigningSecret(secret))
    throw Invalid('secret: a signing secret looks like whsec_ and base64 (24 to 64 bytes).');
  let row: { name: string; settings: Record<string, unknown>; secrets: string | null };
  if (params.kind === 'webhook') {
    await assertFieldHostAllowed('url', params.url);
    const { url, credentials } = splitUrlCredentials(params.url);
    row = { name: params.name, settings: { url }, secrets: credentials ? encrypt(JSON.stringify(credentials)) : null };
  } else if (params.kind === 'inbox') {
    row = { name: params.name, settings: {}, secrets: null };
  } else {
    const definition = configuredKinds[params.kind] as (typeof configuredKinds)['postgres'];
    const settings = parseInput(definition.settings, params.settings, { nameField: true });
    const secrets = parseInput(definition.secrets, params.secrets, { nameField: true });
    for (const { field, host } of definition.hosts(settings as never, secrets as never)) {
      await assertFieldHostAllowed(field, host);
    }
    row = { name: params.name ?? definition.label, settings, secrets: encrypt(JSON.stringify(secrets)) };
  }
  return withTransaction(ctx, async (tx) => {
    const [created] = await tx.db
      .insert(destinations)
      .values({
        accountId: ctx.account.id,
        kind: params.kind,
        ...row,
        signingSecrets: sealSecrets([{ secret }]),
        eventTypes: params.eventTypes,
        payloadFormat: params.payloadFormat,
        timeoutSeconds: params.timeoutSeconds,
      })
      .returning();
    if (!created) throw new Error('destination insert returned nothing');
    await recordAudit(tx, {
      action: 'destination.added',
      targetType: 'destination',
      targetId: created.id,
      after: {
        kind: created.kind,
        name: created.name,
        settings: created.settings,
        event_types: created.eventTypes,
        payload_format: created.payloadFormat,
      },
    });
    return { id: created.id, kind: created.kind, signingSecret: secret };
  });
}
