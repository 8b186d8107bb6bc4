'use client';

import { useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { Field, Input } from '@/components/ui/field';
import { removeDestinationAction } from './actions/remove-destination';
import { rotateSigningSecretAction } from './actions/rotate-signing-secret';
import { sendTestEventAction } from './actions/send-test-event';
import { setDestinationStatusAction } from './actions/set-destination-status';
import { takesFhir } from '@/lib/destinations/fhir-kinds';
import { updateDestinationAction } from './actions/update-destination';
import { PayloadFormatField } from './payload-format-field';

interface Props {
  id: string;
  name: string;
  kind: string;
  url: string;
  enabled: boolean;
  eventTypes: string[];
  payloadFormat: 'terra' | 'fhir';
  timeoutSeconds: number;
  maxRetries: number;
}

type Message = { tone: 'error' | 'success' | 'info'; text: string; secret?: string };

/** The row actions of one destination: test, enable or disable, edit, rotate the secret, remove. */
export function DestinationActions(props: Props) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<Message>();
  const [editing, setEditing] = useState(false);
  const small = 'h-7 px-2 text-xs';

  function run<T>(
    action: () => Promise<{ ok: true; data: T } | { ok: false; error: string }>,
    report: (data: T) => Message,
  ) {
    startTransition(async () => {
      const result = await action();
      setMessage(result.ok ? report(result.data) : { tone: 'error', text: result.error });
    });
  }

  function save(form: FormData) {
    run(
      () =>
        updateDestinationAction({
          destinationId: props.id,
          name: String(form.get('name') ?? ''),
          url: props.kind === 'webhook' ? String(form.get('url') ?? '') : undefined,
          eventTypes: String(form.get('eventTypes') ?? '')
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
          ...(takesFhir(props.kind) ? { payloadFormat: form.get('payloadFormat') === 'fhir' ? 'fhir' : 'terra' } : {}),
          timeoutSeconds: Number(form.get('timeoutSeconds')),
          maxRetries: Number(form.get('maxRetries')),
        }),
      () => {
        setEditing(false);
        return { tone: 'success', text: 'Saved.' };
      },
    );
  }

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap justify-end gap-1">
        <Button
          variant="secondary"
          className={small}
          disabled={pending}
          onClick={() =>
            run(
              () => sendTestEventAction({ destinationId: props.id }),
              (answer) =>
                answer.error
                  ? { tone: 'error', text: `Test failed: ${answer.error}` }
                  : {
                      tone: answer.statusCode && answer.statusCode < 300 ? 'success' : 'error',
                      text: `Answered ${answer.statusCode} in ${answer.durationMs} ms${answer.excerpt ? `: ${answer.excerpt.slice(0, 200)}` : ''}`,
                    },
            )
          }
        >
          Send test event
        </Button>
        <Button variant="secondary" className={small} disabled={pending} onClick={() => setEditing(!editing)}>
          Edit
        </Button>
        <Button
          variant="secondary"
          className={small}
          disabled={pending}
          onClick={() =>
            run(
              () => setDestinationStatusAction({ destinationId: props.id, enabled: !props.enabled }),
              (data) => ({ tone: 'success', text: `Destination ${data.status}.` }),
            )
          }
        >
          {props.enabled ? 'Disable' : 'Enable'}
        </Button>
        <Button
          variant="secondary"
          className={small}
          disabled={pending}
          onClick={() => {
            if (!window.confirm('Make a new signing secret? The current one is still sent for 24 hours.')) return;
            run(
              () => rotateSigningSecretAction({ destinationId: props.id }),
              (data) => ({ tone: 'success', text: 'New signing secret, shown once:', secret: data.signingSecret }),
            );
          }}
        >
          Rotate secret
        </Button>
        <Button
          variant="danger"
          className={small}
          disabled={pending}
          onClick={() => {
            if (!window.confirm(`Remove "${props.name}" and its deliveries?`)) return;
            run(
              () => removeDestinationAction({ destinationId: props.id }),
              () => ({ tone: 'success', text: 'Removed.' }),
            );
          }}
        >
          Remove
        </Button>
      </div>
      {editing && (
        <form action={save} className="grid w-full max-w-md gap-2 text-left">
          <Field label="Name" htmlFor={`name-${props.id}`}>
            <Input id={`name-${props.id}`} name="name" defaultValue={props.name} required />
          </Field>
          {props.kind === 'webhook' && (
            <Field label="URL" htmlFor={`url-${props.id}`}>
              <Input id={`url-${props.id}`} name="url" type="url" defaultValue={props.url} required />
            </Field>
          )}
          <Field label="Event types (comma-separated; empty for all)" htmlFor={`types-${props.id}`}>
            <Input id={`types-${props.id}`} name="eventTypes" defaultValue={props.eventTypes.join(', ')} />
          </Field>
          {takesFhir(props.kind) && <PayloadFormatField id={`format-${props.id}`} defaultValue={props.payloadFormat} />}
          <Field label="Timeout (seconds, 1–30)" htmlFor={`timeout-${props.id}`}>
            <Input
              id={`timeout-${props.id}`}
              name="timeoutSeconds"
              type="number"
              min={1}
              max={30}
              defaultValue={props.timeoutSeconds}
            />
          </Field>
          <Field label="Retries" htmlFor={`retries-${props.id}`}>
            <Input
              id={`retries-${props.id}`}
              name="maxRetries"
              type="number"
              min={0}
              max={50}
              defaultValue={props.maxRetries}
            />
          </Field>
          <Button type="submit" disabled={pending}>
            Save
          </Button>
        </form>
      )}
      {message && (
        <div className="w-full max-w-md text-left">
          <Alert tone={message.tone}>
            {message.text}
            {message.secret && (
              <span className="mt-2 flex items-center gap-2">
                <code className="flex-1 break-all font-mono text-foreground">{message.secret}</code>
                <CopyButton value={message.secret} />
              </span>
            )}
          </Alert>
        </div>
      )}
    </div>
  );
}
