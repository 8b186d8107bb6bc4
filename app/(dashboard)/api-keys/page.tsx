import { requireCtx } from '@/app/_server/session';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { listApiKeys } from '@/lib/api-keys/list-api-keys';
import { can } from '@/lib/auth/roles';
import { ApiKeysClient } from './api-keys-client';

export const metadata = { title: 'API keys' };

export default async function ApiKeysPage() {
  const ctx = await requireCtx();
  const keys = await listApiKeys({ ctx });
  const canManage = can(ctx.actor.role, 'api_keys.manage');
  return (
    <>
      <PageHeader
        title="API keys"
        description={
          <>
            Keys authenticate the REST API (<code>/v2</code>) with the <code>x-api-key</code> header, beside{' '}
            <code>dev-id: {ctx.account.devId}</code>. A key is shown once, when it is created.
          </>
        }
      />
      <ApiKeysClient
        canManage={canManage}
        keys={keys.map((k) => ({
          id: k.id,
          name: k.name,
          prefix: k.prefix,
          createdAt: k.createdAt.toISOString(),
          lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
          revokedAt: k.revokedAt?.toISOString() ?? null,
        }))}
      />
      {keys.length === 0 && (
        <div className="mt-6">
          <EmptyState title="No API keys yet">
            {canManage ? 'Create a key to call the REST API.' : 'An owner or developer can create keys.'}
          </EmptyState>
        </div>
      )}
    </>
  );
}
