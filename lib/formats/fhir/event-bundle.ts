import type { Bundle } from '@medplum/fhirtypes';
import { isPayloadType } from '../../payloads/payload-types';
import { fhirBundle } from './bundle';
import { asRecord, text } from './read';

/**
 * A data event (`{type, data: [payloads], user}`, or an athlete's `{type: "athlete", athlete, user}`) as
 * the FHIR Bundle of its payloads; undefined for any other event (auth, deauth, large request…), which
 * a FHIR destination receives as Terra JSON.
 */
export function eventBundle(event: unknown): Bundle | undefined {
  const body = asRecord(event);
  const user = asRecord(body?.user);
  const userId = text(user?.user_id);
  const type = body?.type;
  if (!body || !userId || !isPayloadType(type)) return undefined;
  const payloads = type === 'athlete' ? [body.athlete] : body.data;
  if (!Array.isArray(payloads)) return undefined;
  return fhirBundle({
    type,
    payloads,
    user: {
      user_id: userId,
      reference_id: text(user?.reference_id),
      active: typeof user?.active === 'boolean' ? user.active : undefined,
    },
  });
}
