import { and, desc, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';

const Input = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  before: z.coerce.date().optional(),
});

export async function listAuditEntries({ ctx, input = {} }: { ctx: Ctx; input?: z.input<typeof Input> }) {
  authorize(ctx, 'account.read');
  const { limit, before } = Input.parse(input);
  return ctx.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.accountId, ctx.account.id), before ? lt(auditLog.createdAt, before) : undefined))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
}
