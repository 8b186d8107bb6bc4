import { Field, Select } from '@/components/ui/field';

/** Terra JSON or FHIR R4 for data events (webhooks, the inbox, RabbitMQ, NATS); lifecycle events stay Terra JSON. */
export function PayloadFormatField({ id, defaultValue = 'terra' }: { id: string; defaultValue?: 'terra' | 'fhir' }) {
  return (
    <Field label="Payload format (data events)" htmlFor={id}>
      <Select id={id} name="payloadFormat" defaultValue={defaultValue}>
        <option value="terra">Terra JSON</option>
        <option value="fhir">FHIR R4 Bundle</option>
      </Select>
    </Field>
  );
}
