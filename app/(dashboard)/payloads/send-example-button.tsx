'use client';

import Link from 'next/link';
import { useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { sendExampleAction } from './actions/send-example';

type Outcome = { ok: true; type: string; deliveries: number } | { ok: false; error: string };

/** Sends the example of `type` as a real data event to every destination that takes it, and says how many. */
export function SendExampleButton({ type }: { type: string }) {
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<Outcome>();

  function send() {
    startTransition(async () => {
      const result = await sendExampleAction({ type });
      setOutcome(result.ok ? { ok: true, type, deliveries: result.data.deliveries } : result);
    });
  }

  return (
    <div className="flex flex-col items-start gap-2">
      <Button onClick={send} disabled={pending}>
        {pending ? 'Sending…' : 'Send this example to my destinations'}
      </Button>
      {outcome && !outcome.ok && <Alert>{outcome.error}</Alert>}
      {outcome?.ok && outcome.deliveries > 0 && (
        <Alert tone="success">
          {outcome.deliveries} {outcome.deliveries === 1 ? 'delivery' : 'deliveries'} of the {outcome.type} example
          queued.{' '}
          <Link className="underline" href={`/deliveries?eventType=${outcome.type}`}>
            See them on Deliveries
          </Link>
          .
        </Alert>
      )}
      {outcome?.ok && outcome.deliveries === 0 && (
        <Alert tone="info">
          No enabled destination takes {outcome.type} events, so nothing was sent.{' '}
          <Link className="underline" href="/destinations">
            Add or enable one on Destinations
          </Link>
          .
        </Alert>
      )}
    </div>
  );
}
