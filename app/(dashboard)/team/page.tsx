import { requireCtx } from '@/app/_server/session';
import { PageHeader } from '@/components/ui/page-header';
import { can, roles } from '@/lib/auth/roles';
import { listMembers } from '@/lib/members/list-members';
import { TeamClient } from './team-client';

export const metadata = { title: 'Team' };

export default async function TeamPage() {
  const ctx = await requireCtx();
  const members = await listMembers({ ctx });
  return (
    <>
      <PageHeader
        title="Team"
        description="Owners manage the team; developers configure integrations, destinations and keys; support inspects users and replays deliveries; viewers read."
      />
      <TeamClient
        roles={[...roles]}
        canManage={can(ctx.actor.role, 'team.manage')}
        selfId={ctx.actor.memberId}
        members={members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() }))}
      />
    </>
  );
}
