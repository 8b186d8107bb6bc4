import Link from 'next/link';
import type { ReactNode } from 'react';
import { requireCtx } from '@/app/_server/session';
import type { SearchParams } from '@/components/data-table/url-query';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/roles';
import { listBackfills } from '@/lib/backfills/list-backfills';
import { addDays } from '@/lib/data-requests/date-bounds';
import { isHeartbridgeError } from '@/lib/errors';
import { defaultRange } from '@/lib/inspector/date-range';
import { noSuchUser } from '@/lib/inspector/inspected-connection';
import { listUserPayloads } from '@/lib/inspector/list-user-payloads';
import { userCharts } from '@/lib/inspector/user-charts';
import { getUserState } from '@/lib/inspector/user-state';
import { userTimeline } from '@/lib/inspector/user-timeline';
import { anyRunning, BackfillsTable } from '../../backfills/backfills-table';
import { LiveRefresh } from '../../backfills/live-refresh';
import { IdentityCard } from './identity-card';
import { readInspectorQuery } from './inspector-query';
import { RangeForm } from './range-form';
import { UserActions } from './user-actions';
import { UserChartsGrid } from './user-charts';
import { UserPayloads } from './user-payloads';
import { UserTimeline } from './user-timeline';

export const metadata = { title: 'User' };

/** The verb's answer, or its message when it refuses the input (a bad range, a broken cursor). */
async function attempt<T>(load: () => Promise<T>): Promise<{ data?: T; problem?: string }> {
  try {
    return { data: await load() };
  } catch (error) {
    if (!isHeartbridgeError(error)) throw error;
    return { problem: error.message };
  }
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scroll-mt-6">
      <h2 id={`${id}-title`} className="mb-3 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export default async function UserInspectorPage({
  params,
  searchParams,
}: {
  params: Promise<{ userId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const ctx = await requireCtx();
  const { userId: askedId } = await params;
  const query = readInspectorQuery(await searchParams);
  const state = await attempt(() => getUserState({ ctx, input: { userId: askedId } }));
  const user = state.data;
  if (!user) return <NoSuchUser />;

  const userId = user.userId;
  const range = { from: query.from, to: query.to };
  const [charts, payloads, timeline, backfills] = await Promise.all([
    attempt(() => userCharts({ ctx, input: { userId, ...range } })),
    attempt(() =>
      listUserPayloads({
        ctx,
        input: { userId, ...range, type: query.type as 'daily' | undefined, page: query.page },
      }),
    ),
    attempt(() => userTimeline({ ctx, input: { userId, before: query.before } })),
    listBackfills({ ctx, input: { limit: 200 } }),
  ]);
  const mine = backfills.filter((b) => b.userId === userId).slice(0, 5);
  const role = ctx.actor.role;
  const chosen = charts.data ?? payloads.data ?? defaultRange();
  const label = user.referenceId ?? user.userId;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/users" className="underline">
          ← Users
        </Link>
      </p>
      <PageHeader
        title={label}
        description={`A ${user.provider} user: their connection, data, events and deliveries.`}
      />
      <LiveRefresh active={anyRunning(mine)} />
      <div className="flex flex-col gap-8">
        <div className="grid gap-4 lg:grid-cols-2">
          <IdentityCard user={user} now={Date.now()} />
          <Card
            title="Actions"
            description={
              can(role, 'connections.operate')
                ? undefined
                : 'Your role can look but not act: resync, backfill, deauthenticate and export are for owners, developers and support.'
            }
          >
            <UserActions
              userId={userId}
              label={label}
              active={user.status === 'active'}
              canOperate={can(role, 'connections.operate')}
              canBackfill={can(role, 'backfills.manage')}
              canExport={can(role, 'connections.export')}
              backfillFrom={chosen.from}
              backfillTo={addDays(chosen.to, 1)}
            />
          </Card>
        </div>

        {mine.length > 0 && (
          <Section id="backfills" title="Latest backfills of this user">
            <BackfillsTable rows={mine} canManage={false} />
          </Section>
        )}

        <Section id="data" title="Data">
          <RangeForm
            userId={userId}
            query={query}
            range={chosen}
            canExport={can(role, 'connections.export') && Boolean(charts.data)}
          />
          {charts.problem && <Alert>{charts.problem}</Alert>}
          {charts.data && <UserChartsGrid charts={charts.data} />}
        </Section>

        <Section id="payloads" title="Payloads">
          {payloads.problem && !charts.problem && <Alert>{payloads.problem}</Alert>}
          {payloads.data && <UserPayloads userId={userId} listing={payloads.data} query={query} />}
        </Section>

        <Section id="timeline" title="Events and deliveries">
          {timeline.problem && <Alert>{timeline.problem}</Alert>}
          {timeline.data && (
            <UserTimeline
              userId={userId}
              timeline={timeline.data}
              query={query}
              canReplay={can(role, 'deliveries.replay')}
            />
          )}
        </Section>
      </div>
    </>
  );
}

function NoSuchUser() {
  return (
    <>
      <PageHeader title="User" />
      <EmptyState title={noSuchUser.replace(/\.$/, '')}>
        The link may be mistyped, the user may have been deauthenticated, or they belong to another account.{' '}
        <Link className="underline" href="/users">
          Find a user on the Users page
        </Link>
        .
      </EmptyState>
    </>
  );
}
