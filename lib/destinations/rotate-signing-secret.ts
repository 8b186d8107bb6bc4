import { z } from 'zod';
import { destinations } from '@/db/schema';
import { authorize } from '../auth/roles';
import { recordAudit } from '../audit/record-audit';
import { type Ctx, withTransaction } from '../context';
import { generateSigningSecret } from '../delivery/signing-secret';
import { decrypt } from '../security/encryption';
import { parseInput } from '../validation';
import { destinationWhere, getDestinationInAccount } from './destination-in-account';
import { type SigningSecret, sealSecrets } from './signing-secrets';

const Input = z.object({
  destinationId: z.string(),
  /** How long the previous secret keeps being sent beside the new one. */
  overlapHours: z.number().int().min(0).max(168).default(24),
});

/** A new signing secret, shown once; the previous one is still sent for `overlapHours` so receivers can switch. */
export async function rotateSigningSecret({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'destinations.manage');
  const { destinationId, overlapHours } = parseInput(Input, input);
  return withTransaction(ctx, async (tx) => {
    const destination = await getDestinationInAccount(tx, destinationId);
    const [current] = JSON.parse(decrypt(destination.signingSecrets)) as SigningSecret[];
    const secret = generateSigningSecret();
    const expiresAt = new Date(Date.now() + overlapHours * 3_600_000).toISOString();
    const secrets: SigningSecret[] = [
      { secret },
      ...(current && overlapHours > 0 ? [{ secret: current.secret, expiresAt }] : []),
    ];
    await tx.db
      .update(destinations)
      .set({ signingSecrets: sealSecrets(secrets) })
      .where(destinationWhere(ctx, destinationId));
    await recordAudit(tx, {
      action: 'destination.secret_rotated',
      targetType: 'destination',
      targetId: destinationId,
      after: { previous_secret_valid_until: overlapHours > 0 ? expiresAt : null },
    });
    return { signingSecret: secret, previousValidUntil: overlapHours > 0 ? expiresAt : null };
  });
}
