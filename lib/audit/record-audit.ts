import { auditLog } from '@/db/schema';
import { actorLabel, type Ctx } from '../context';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit entry in the caller's transaction. Secrets never go in `before`/`after`. */
export async function recordAudit(ctx: Ctx, entry: AuditEntry): Promise<void> {
  await ctx.db.insert(auditLog).values({
    accountId: ctx.account.id,
    actor: actorLabel(ctx.actor),
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
