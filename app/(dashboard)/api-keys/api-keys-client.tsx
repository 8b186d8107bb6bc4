'use client';

import { useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { Field, Input } from '@/components/ui/field';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { createApiKeyAction } from './actions/create-api-key';
import { revokeApiKeyAction } from './actions/revoke-api-key';

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function ApiKeysClient({ keys, canManage }: { keys: KeyRow[]; canManage: boolean }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<{ key: string; name: string }>();

  function create(form: FormData) {
    startTransition(async () => {
      const result = await createApiKeyAction({ name: String(form.get('name') ?? '') });
      if (result.ok) {
        setError(undefined);
        setCreated(result.data);
      } else setError(result.error);
    });
  }

  function revoke(key: KeyRow) {
    if (!window.confirm(`Revoke "${key.name}" (${key.prefix}…)? Requests using it will be refused at once.`)) return;
    startTransition(async () => {
      const result = await revokeApiKeyAction({ keyId: key.id });
      setError(result.ok ? undefined : result.error);
    });
  }

  return (
    <div className="flex flex-col gap-6">
      {canManage && (
        <Card title="Create a key">
          <form action={create} className="flex flex-wrap items-end gap-3">
            <div className="w-72">
              <Field label="Name" htmlFor="key-name">
                <Input id="key-name" name="name" placeholder="Production backend" required maxLength={100} />
              </Field>
            </div>
            <Button type="submit" disabled={pending}>
              Create key
            </Button>
          </form>
        </Card>
      )}
      {created && (
        <Alert tone="success">
          <p>
            Key <strong>{created.name}</strong> created. Copy it now: it will not be shown again.
          </p>
          <div className="mt-2 flex items-center gap-2">
            <code data-testid="new-api-key" className="flex-1 break-all rounded bg-muted p-2 font-mono text-foreground">
              {created.key}
            </code>
            <CopyButton value={created.key} />
          </div>
        </Alert>
      )}
      {error && <Alert>{error}</Alert>}
      {keys.length > 0 && (
        <Table label="API keys">
          <thead>
            <Tr>
              <Th>Name</Th>
              <Th>Key</Th>
              <Th>Created</Th>
              <Th>Last used</Th>
              <Th>Status</Th>
              {canManage && <Th className="text-right">Actions</Th>}
            </Tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <Tr key={key.id} data-testid="api-key-row">
                <Td>{key.name}</Td>
                <Td className="font-mono">{key.prefix}…</Td>
                <Td>
                  <Time value={key.createdAt} />
                </Td>
                <Td>
                  <Time value={key.lastUsedAt} />
                </Td>
                <Td>{key.revokedAt ? <Badge tone="danger">revoked</Badge> : <Badge tone="success">active</Badge>}</Td>
                {canManage && (
                  <Td className="text-right">
                    {!key.revokedAt && (
                      <Button variant="danger" disabled={pending} onClick={() => revoke(key)}>
                        Revoke
                      </Button>
                    )}
                  </Td>
                )}
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
