import { requireCtx } from '@/app/_server/session';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/roles';
import { listBackfills } from '@/lib/backfills/list-backfills';
import { listConnections } from '@/lib/connections/list-connections';
import { anyRunning, BackfillsTable } from './backfills-table';
import { LiveRefresh } from './live-refresh';
import { StartBackfillForm } from './start-backfill-form';

export const metadata = { title: 'Backfills' };

const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

export default async function BackfillsPage({ searchParams }: { searchParams: Promise<{ userId?: string }> }) {
  const ctx = await requireCtx();
  const [rows, users, query] = await Promise.all([listBackfills({ ctx }), listConnections({ ctx }), searchParams]);
  const canManage = can(ctx.actor.role, 'backfills.manage');
  const chosen = users.some((u) => u.userId === query.userId) ? query.userId : undefined;
  return (
    <>
      <PageHeader
        title="Backfills"
        description="Historical data fetched from CardioMood on request and delivered to your destinations under one terra-reference, month by month within the shared rate budget."
      />
      <LiveRefresh active={anyRunning(rows)} />
      {canManage && users.length > 0 && (
        <Card
          className="mb-6"
          title="Start a backfill"
          description="Days never synced are fetched from CardioMood; every payload of the range is then sent as events, at most 10 payloads each."
        >
          <StartBackfillForm
            users={users.map((u) => ({ userId: u.userId, label: u.referenceId ?? u.userId }))}
            userId={chosen}
            from={ago(30)}
            to={ago(0)}
          />
        </Card>
      )}
      {rows.length === 0 ? (
        <EmptyState title="No backfills yet">
          Backfills you start here or from a user&apos;s row on the Users page, and REST requests sent with{' '}
          <code>to_webhook</code>, are listed with their progress, a cancel button and a summary of what was delivered.
        </EmptyState>
      ) : (
        <BackfillsTable rows={rows} canManage={canManage} />
      )}
    </>
  );
}
