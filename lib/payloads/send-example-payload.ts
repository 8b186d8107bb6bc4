import { z } from 'zod';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { emitEvent } from '../events/emit-event';
import { dataVersion } from '../ingest/normalize-days';
import type { TerraUser } from '../models/terra';
import { parseInput } from '../validation';
import { examplePayload } from './example-payloads';
import { type PayloadType, payloadTypes } from './payload-types';

const Input = z.object({
  type: z.enum(payloadTypes, { message: 'Choose a data type: activity, body, daily, sleep or athlete.' }),
});

/**
 * The user example events are about: no connection of the account, so that a receiver can never file
 * simulated data under a real end user. Recognizable by its `reference_id`.
 */
export const exampleUser: TerraUser = {
  user_id: '00000000-0000-4000-8000-000000000000',
  provider: 'CARDIOMOOD',
  reference_id: 'heartbridge-example',
  scopes: null,
  active: true,
  created_at: null,
  last_webhook_update: null,
};

/** Terra's data event of `type` carrying the example payload, exactly as a sync would send it. */
export function exampleEventBody(type: PayloadType): Record<string, unknown> {
  const { payload } = examplePayload(type);
  if (type === 'athlete') return { type, athlete: payload, user: exampleUser, version: dataVersion };
  return { type, data: [payload], user: exampleUser, version: dataVersion };
}

/**
 * Emits the example payload of `type` as a real data event through the outbox: one signed delivery
 * to every enabled destination whose filter takes that type, retried like any other.
 */
export async function sendExamplePayload({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'payloads.send_example');
  const { type } = parseInput(Input, input);
  const event = await emitEvent(ctx, { type, userId: null, body: exampleEventBody(type) });
  return { type, eventId: event.id, reference: event.reference, deliveries: event.deliveries };
}
