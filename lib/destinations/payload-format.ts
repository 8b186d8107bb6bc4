import { z } from 'zod';
import { type destinationKinds, payloadFormats } from '@/db/schema';
import { Invalid } from '../errors';
import { takesFhir } from './fhir-kinds';

export const PayloadFormat = z.enum(payloadFormats, { message: 'payloadFormat: choose terra or fhir.' });

/** SQL rows and storage objects are laid out from Terra's JSON: those kinds refuse FHIR, with why. */
export function assertPayloadFormat(kind: (typeof destinationKinds)[number], format: z.output<typeof PayloadFormat>) {
  if (format === 'fhir' && !takesFhir(kind))
    throw Invalid(
      'payloadFormat: FHIR is sent to webhooks, the inbox, RabbitMQ and NATS; SQL tables and storage buckets keep Terra JSON (S3 and Azure also get a .fit beside each activity).',
      { field: 'payloadFormat' },
    );
}
