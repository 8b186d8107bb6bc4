import { eventBundle } from '../formats/fhir/event-bundle';
import type { DestinationRow, EventRow } from './senders/sender';

/**
 * What a destination receives for an event, before signing: the event's Terra JSON, or for a FHIR
 * destination a data event's FHIR Bundle (`application/fhir+json`). Lifecycle events stay Terra JSON.
 */
export function deliveryBody(
  event: Pick<EventRow, 'body'>,
  destination: Pick<DestinationRow, 'payloadFormat'>,
): { body: string; contentType?: 'application/fhir+json' } {
  if (destination.payloadFormat === 'fhir') {
    const bundle = eventBundle(event.body);
    if (bundle) return { body: JSON.stringify(bundle), contentType: 'application/fhir+json' };
  }
  return { body: JSON.stringify(event.body) };
}
