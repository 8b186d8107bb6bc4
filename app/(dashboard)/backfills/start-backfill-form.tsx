'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { startBackfillAction } from './actions/start-backfill';
import { DataTypesFieldset } from './data-types-fieldset';

const allUsers = 'all';

/** Starts a backfill: a date range (end not included), data types, one user or every user. */
export function StartBackfillForm(props: {
  users: Array<{ userId: string; label: string }>;
  userId?: string;
  from: string;
  to: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string }>();

  function start(form: FormData) {
    const user = String(form.get('user') ?? '');
    const input = {
      allUsers: user === allUsers,
      userId: user && user !== allUsers ? user : undefined,
      from: String(form.get('from') ?? ''),
      to: String(form.get('to') ?? ''),
      dataTypes: form.getAll('dataTypes').map(String),
    };
    startTransition(async () => {
      const result = await startBackfillAction(input);
      if (!result.ok) return setMessage({ tone: 'error', text: result.error });
      const parts = result.data.partsTotal;
      setMessage({
        tone: 'success',
        text: `Backfill started: ${parts} ${parts === 1 ? 'user-month' : 'user-months'} to fetch.`,
      });
      router.refresh();
    });
  }

  return (
    <form action={start} className="flex flex-col gap-3" aria-label="Start a backfill">
      <div className="grid gap-3 sm:grid-cols-3 sm:items-end">
        <Field label="User" htmlFor="backfill-user">
          <Select id="backfill-user" name="user" defaultValue={props.userId ?? allUsers}>
            <option value={allUsers}>All users</option>
            {props.users.map((u) => (
              <option key={u.userId} value={u.userId}>
                {u.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="From" htmlFor="backfill-from">
          <Input id="backfill-from" name="from" type="date" required defaultValue={props.from} />
        </Field>
        <Field label="Until (not included)" htmlFor="backfill-to">
          <Input id="backfill-to" name="to" type="date" required defaultValue={props.to} />
        </Field>
      </div>
      <DataTypesFieldset />
      <div>
        <Button type="submit" disabled={pending}>
          Start backfill
        </Button>
      </div>
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
    </form>
  );
}
