import Link from 'next/link';
import { requireCtx } from '@/app/_server/session';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { Time } from '@/components/ui/time';
import { can } from '@/lib/auth/roles';
import { listConnections } from '@/lib/connections/list-connections';

export const metadata = { title: 'Users' };

export default async function UsersPage() {
  const ctx = await requireCtx();
  const connections = await listConnections({ ctx });
  const canBackfill = can(ctx.actor.role, 'backfills.manage');
  return (
    <>
      <PageHeader
        title="Users"
        description="The end users who connected a wearable account, with when Heartbridge last polled them and when it will next."
      />
      {connections.length === 0 ? (
        <EmptyState title="No connected users yet">
          When end users connect CardioMood through the connect widget (<code>POST /v2/auth/generateWidgetSession</code>
          ), they appear here with their reference id, status and polling.
        </EmptyState>
      ) : (
        <Table label="Connected users">
          <thead>
            <Tr>
              <Th>reference_id</Th>
              <Th>user_id</Th>
              <Th>Status</Th>
              <Th>Connected</Th>
              <Th>Last poll</Th>
              <Th>Next poll</Th>
              <Th>Last new data</Th>
              <Th>Last error</Th>
              {canBackfill && <Th className="text-right">Actions</Th>}
            </Tr>
          </thead>
          <tbody>
            {connections.map((c) => (
              <Tr key={c.userId} data-testid="user-row">
                <Td>{c.referenceId ?? <span className="text-muted-foreground">none</span>}</Td>
                <Td className="font-mono text-xs">{c.userId}</Td>
                <Td>
                  {c.status === 'active' ? <Badge tone="success">active</Badge> : <Badge tone="danger">inactive</Badge>}
                </Td>
                <Td className="whitespace-nowrap">
                  <Time value={c.createdAt} />
                </Td>
                <Td className="whitespace-nowrap">
                  <Time value={c.lastPollAt} />
                </Td>
                <Td className="whitespace-nowrap">{c.status === 'active' ? <Time value={c.nextPollAt} /> : '—'}</Td>
                <Td className="whitespace-nowrap">
                  <Time value={c.lastDataAt} />
                </Td>
                <Td className="max-w-xs text-xs text-danger">{c.lastError}</Td>
                {canBackfill && (
                  <Td className="text-right">
                    <Link
                      href={`/backfills?userId=${c.userId}`}
                      className="text-sm underline"
                      aria-label={`Backfill ${c.referenceId ?? c.userId}`}
                    >
                      Backfill
                    </Link>
                  </Td>
                )}
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
