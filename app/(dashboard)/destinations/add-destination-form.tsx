'use client';

import { useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { Field, Input, Select } from '@/components/ui/field';
import { addDestinationAction } from './actions/add-destination';
import { takesFhir } from '@/lib/destinations/fhir-kinds';
import { kindFields, kindLabels, readFields } from './destination-fields';
import { PayloadFormatField } from './payload-format-field';

export function AddDestinationForm() {
  const [pending, startTransition] = useTransition();
  const [kind, setKind] = useState('webhook');
  const [error, setError] = useState<string>();
  const [secret, setSecret] = useState<string>();

  function add(form: FormData) {
    startTransition(async () => {
      const name = String(form.get('name') ?? '').trim() || kindLabels[kind] || kind;
      const payloadFormat = takesFhir(kind) ? String(form.get('payloadFormat') ?? 'terra') : 'terra';
      const result = await addDestinationAction(
        kind === 'webhook'
          ? { kind, name, payloadFormat, url: String(form.get('url') ?? '') }
          : kind === 'inbox'
            ? { kind, name, payloadFormat }
            : { kind, name, payloadFormat, ...readFields(kind, form) },
      );
      if (result.ok) {
        setError(undefined);
        setSecret(result.data.signingSecret);
      } else setError(result.error);
    });
  }

  return (
    <Card title="Add a destination">
      <form action={add} className="grid gap-3 md:grid-cols-3 md:items-end">
        <Field label="Kind" htmlFor="destination-kind">
          <Select id="destination-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {Object.entries(kindLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Name" htmlFor="destination-name">
          <Input id="destination-name" name="name" placeholder={kindLabels[kind]} />
        </Field>
        {kind === 'webhook' && (
          <Field label="Webhook URL" htmlFor="destination-url">
            <Input
              id="destination-url"
              name="url"
              type="url"
              required
              placeholder="https://api.example.com/terra/webhook"
            />
          </Field>
        )}
        {takesFhir(kind) && <PayloadFormatField id="destination-payload-format" />}
        {(kindFields[kind] ?? []).map((field) => (
          <Field key={`${kind}-${field.name}`} label={field.label} htmlFor={`destination-${field.name}`}>
            <Input
              id={`destination-${field.name}`}
              name={field.name}
              type={field.secret ? 'password' : field.number ? 'number' : 'text'}
              autoComplete={field.secret ? 'new-password' : 'off'}
              required={!field.optional}
              placeholder={field.placeholder}
            />
          </Field>
        ))}
        <div>
          <Button type="submit" disabled={pending}>
            Add destination
          </Button>
        </div>
      </form>
      {error && (
        <div className="mt-4">
          <Alert>{error}</Alert>
        </div>
      )}
      {secret && (
        <div className="mt-4">
          <Alert tone="success">
            <p>
              Destination added. Its signing secret, shown once: verify `terra-signature` and `webhook-signature` with
              it.
            </p>
            <div className="mt-2 flex items-center gap-2">
              <code
                data-testid="signing-secret"
                className="flex-1 break-all rounded bg-muted p-2 font-mono text-foreground"
              >
                {secret}
              </code>
              <CopyButton value={secret} />
            </div>
          </Alert>
        </div>
      )}
    </Card>
  );
}
