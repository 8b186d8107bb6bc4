'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Alert } from '../ui/alert';
import { Select } from '../ui/field';

type Result = { ok: true; data: unknown } | { ok: false; error: string };

export function AccountSwitcher({
  accounts,
  currentId,
  switchAccount,
}: {
  accounts: Array<{ id: string; name: string; role: string }>;
  currentId: string;
  switchAccount: (accountId: string) => Promise<Result>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor="account" className="text-xs font-medium text-muted-foreground">
        Account
      </label>
      <Select
        id="account"
        value={currentId}
        disabled={pending}
        onChange={(event) => {
          const id = event.target.value;
          startTransition(async () => {
            const result = await switchAccount(id);
            if (result.ok) {
              setError(undefined);
              router.refresh();
            } else setError(result.error);
          });
        }}
      >
        {accounts.map((account) => (
          <option key={account.id} value={account.id}>
            {account.name} ({account.role})
          </option>
        ))}
      </Select>
      {error && <Alert>{error}</Alert>}
    </div>
  );
}
