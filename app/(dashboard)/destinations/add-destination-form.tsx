'use client';

import { useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { Field, Input, Select } from '@/components/ui/field';
import { addDestinationAction } from './actions/add-destination';

export function AddDestinationForm() {
  const [pending, startTransition] = useTransition();
  const [kind, setKind] = useState<'webhook' | 'inbox'>('webhook');
  const [error, setError] = useState<string>();
  const [secret, setSecret] = useState<string>();

  function add(form: FormData) {
    startTransition(async () => {
      const result = await addDestinationAction({
        kind,
        name: String(form.get('name') || (kind === 'inbox' ? 'Inbox' : 'Webhook')),
        url: String(form.get('url') ?? ''),
      });
      if (result.ok) {
        setError(undefined);
        setSecret(result.data.signingSecret);
      } else setError(result.error);
    });
  }

  return (
    <Card title="Add a destination">
      <form action={add} className="grid gap-3 md:grid-cols-[10rem_1fr_2fr_auto] md:items-end">
        <Field label="Kind" htmlFor="destination-kind">
          <Select id="destination-kind" value={kind} onChange={(e) => setKind(e.target.value as 'webhook' | 'inbox')}>
            <option value="webhook">Webhook</option>
            <option value="inbox">Built-in inbox</option>
          </Select>
        </Field>
        <Field label="Name" htmlFor="destination-name">
          <Input id="destination-name" name="name" placeholder={kind === 'inbox' ? 'Inbox' : 'Production webhook'} />
        </Field>
        <Field label="Webhook URL" htmlFor="destination-url">
          <Input
            id="destination-url"
            name="url"
            type="url"
            disabled={kind === 'inbox'}
            required={kind === 'webhook'}
            placeholder="https://api.example.com/terra/webhook"
          />
        </Field>
        <Button type="submit" disabled={pending}>
          Add destination
        </Button>
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
