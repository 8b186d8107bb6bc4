'use client';

import { useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { replayFailedAction } from './actions/replay-failed';

/** Replays every dead or retrying delivery created in [from, to), for the filtered destination when there is one. */
export function ReplayFailedForm(props: { from?: string; to?: string; destinationId?: string }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string }>();

  function replay(form: FormData) {
    const from = String(form.get('from') ?? '');
    const to = String(form.get('to') ?? '');
    startTransition(async () => {
      const result = await replayFailedAction({ from, to, destinationId: props.destinationId });
      setMessage(
        result.ok
          ? {
              tone: 'success',
              text: `${result.data.count} failed ${result.data.count === 1 ? 'delivery' : 'deliveries'} queued again.`,
            }
          : { tone: 'error', text: result.error },
      );
    });
  }

  return (
    <form action={replay} className="flex flex-col gap-3" aria-label="Replay failed deliveries">
      <div className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
        <Field label="Failed from" htmlFor="replay-from">
          <Input id="replay-from" name="from" type="date" required defaultValue={props.from?.slice(0, 10)} />
        </Field>
        <Field label="Until (not included)" htmlFor="replay-to">
          <Input id="replay-to" name="to" type="date" required defaultValue={props.to?.slice(0, 10)} />
        </Field>
        <Button type="submit" variant="secondary" disabled={pending}>
          Replay failed in this range
        </Button>
      </div>
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
    </form>
  );
}
