'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Field, Input } from '@/components/ui/field';
import { startBackfillAction } from '../../backfills/actions/start-backfill';
import { DataTypesFieldset } from '../../backfills/data-types-fieldset';
import { deauthenticateUserAction } from './actions/deauthenticate-user';
import { resyncUserAction } from './actions/resync-user';

type Message = { tone: 'error' | 'success'; text: string };

/** Resync now, backfill a range, deauthenticate and export: shown only to roles allowed them (the server checks again). */
export function UserActions(props: {
  userId: string;
  label: string;
  active: boolean;
  canOperate: boolean;
  canBackfill: boolean;
  canExport: boolean;
  backfillFrom: string;
  backfillTo: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<Message>();

  const resync = () =>
    startTransition(async () => {
      const result = await resyncUserAction({ userId: props.userId });
      setMessage(
        result.ok
          ? { tone: 'success', text: 'Resync queued: the scheduler polls CardioMood for this user within 15 seconds.' }
          : { tone: 'error', text: result.error },
      );
      if (result.ok) router.refresh();
    });

  const deauthenticate = () =>
    startTransition(async () => {
      // On success the action redirects to the Users page; only a refusal comes back.
      const result = await deauthenticateUserAction({ userId: props.userId });
      if (result && !result.ok) setMessage({ tone: 'error', text: result.error });
    });

  return (
    <div className="flex flex-col gap-4">
      {props.canOperate && (
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" disabled={pending || !props.active} onClick={resync}>
            Resync now
          </Button>
          <ConfirmDialog
            trigger="Deauthenticate"
            title={`Deauthenticate ${props.label}?`}
            confirmLabel="Deauthenticate"
            onConfirm={deauthenticate}
            pending={pending}
          >
            Heartbridge sends a <code>deauth</code> event to your destinations and deletes everything it holds about the
            user: their CardioMood tokens, raw records, payloads, events and deliveries, backfills. Only the audit log
            keeps that it happened. This cannot be undone: the user would have to connect again.
          </ConfirmDialog>
        </div>
      )}
      {props.canExport && (
        <p className="flex flex-wrap items-center gap-3 text-sm text-muted-foreground">
          <a
            href={`/users/${props.userId}/export/everything`}
            download
            className="inline-flex h-9 items-center rounded-md border border-border bg-card px-3 font-medium text-foreground hover:bg-muted"
          >
            Export data
          </a>
          Everything held about this user as one JSON file: raw records, payloads, events and deliveries, backfills,
          audit entries.
        </p>
      )}
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      {props.canBackfill && <BackfillForm {...props} />}
    </div>
  );
}

/** The backfill's start action for this one user: `[from, until)`, the data types chosen. */
function BackfillForm({
  userId,
  backfillFrom,
  backfillTo,
}: {
  userId: string;
  backfillFrom: string;
  backfillTo: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<Message>();
  function start(form: FormData) {
    const input = {
      userId,
      allUsers: false,
      from: String(form.get('from') ?? ''),
      to: String(form.get('to') ?? ''),
      dataTypes: form.getAll('dataTypes').map(String),
    };
    startTransition(async () => {
      const result = await startBackfillAction(input);
      if (!result.ok) return setMessage({ tone: 'error', text: result.error });
      const parts = result.data.partsTotal;
      setMessage({ tone: 'success', text: `Backfill started: ${parts} ${parts === 1 ? 'month' : 'months'} to fetch.` });
      router.refresh();
    });
  }
  return (
    <form action={start} aria-label="Backfill this user" className="flex flex-col gap-3 border-t border-border pt-4">
      <h3 className="text-sm font-semibold">Backfill a range</h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="From" htmlFor="user-backfill-from">
          <Input id="user-backfill-from" name="from" type="date" required defaultValue={backfillFrom} />
        </Field>
        <Field label="Until (not included)" htmlFor="user-backfill-to">
          <Input id="user-backfill-to" name="to" type="date" required defaultValue={backfillTo} />
        </Field>
      </div>
      <DataTypesFieldset />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          Start backfill
        </Button>
        <Link href={`/backfills?userId=${userId}`} className="text-sm underline">
          All backfills
        </Link>
      </div>
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
    </form>
  );
}
