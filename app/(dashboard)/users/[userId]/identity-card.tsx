import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Time } from '@/components/ui/time';
import type { UserState } from '@/lib/inspector/user-state';

function Row({ term, children, testId }: { term: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt className="text-muted-foreground">{term}</dt>
      <dd className="min-w-0 break-words" data-testid={testId}>
        {children}
      </dd>
    </>
  );
}

/** Who the user is and where their connection stands: tokens, polls, data and webhooks. */
export function IdentityCard({ user, now }: { user: UserState; now: number }) {
  const expired = user.tokenExpiresAt && user.tokenExpiresAt.getTime() < now;
  const counts = Object.entries(user.payloadCounts).filter(([, n]) => n > 0);
  return (
    <Card title="Identity and connection">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5 text-sm">
        <Row term="reference_id">{user.referenceId ?? <span className="text-muted-foreground">none</span>}</Row>
        <Row term="user_id">
          <span className="font-mono text-xs">{user.userId}</span>
        </Row>
        <Row term="Provider">{user.provider}</Row>
        <Row term="Status" testId="user-status">
          {user.status === 'active' ? <Badge tone="success">active</Badge> : <Badge tone="danger">inactive</Badge>}
          {!user.isAuthenticated && <span className="ml-2 text-xs text-danger">access revoked</span>}
        </Row>
        <Row term="Scopes">{user.scopes || <span className="text-muted-foreground">none recorded</span>}</Row>
        <Row term="Connected at">
          <Time value={user.createdAt} />
        </Row>
        <Row term="Token expiry">
          <Time value={user.tokenExpiresAt} />
          {expired && <span className="ml-2 text-xs text-muted-foreground">(refreshed at the next poll)</span>}
        </Row>
        <Row term="Last poll" testId="last-poll">
          <Time value={user.lastPollAt} />
        </Row>
        <Row term="Next poll" testId="next-poll">
          {user.status === 'active' ? (
            <Time value={user.nextPollAt} />
          ) : (
            <span className="text-muted-foreground">none: inactive</span>
          )}
        </Row>
        <Row term="Last new data">
          <Time value={user.lastDataAt} />
        </Row>
        <Row term="Last webhook">
          <Time value={user.lastWebhookAt} />
        </Row>
        <Row term="Last error">
          {user.lastError ? (
            <span className="text-danger">{user.lastError}</span>
          ) : (
            <span className="text-muted-foreground">none</span>
          )}
        </Row>
        <Row term="Payloads held">
          {counts.length ? (
            counts.map(([type, n]) => `${type} ${n}`).join(' · ')
          ) : (
            <span className="text-muted-foreground">none yet</span>
          )}
        </Row>
        <Row term="Failing deliveries">
          {user.failingDeliveries ? <Badge tone="danger">{user.failingDeliveries}</Badge> : '0'}
        </Row>
      </dl>
    </Card>
  );
}
