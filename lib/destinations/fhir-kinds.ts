/** The kinds whose message is the event body as sent: they can take a FHIR Bundle instead of Terra JSON. */
export const fhirKinds = ['webhook', 'inbox', 'rabbitmq', 'nats'] as const;

export const takesFhir = (kind: string) => (fhirKinds as readonly string[]).includes(kind);
