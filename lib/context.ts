import type { Db } from '@/db/client';
import type { Role } from './auth/roles';

/** Who is acting: a signed-in member, an API key, or Heartbridge itself (CLI, seed, jobs). */
export type Actor =
  | { kind: 'member'; memberId: string; email: string; role: Role }
  | { kind: 'api_key'; keyId: string; prefix: string }
  | { kind: 'system'; name: string };

export type MemberActor = Extract<Actor, { kind: 'member' }>;

export interface AccountRef {
  id: string;
  devId: string;
  name: string;
}

export interface BaseCtx {
  db: Db;
  actor: Actor;
  inTransaction?: boolean;
}

/** Everything a verb needs: the tenant comes from here, never from input. */
export interface Ctx extends BaseCtx {
  account: AccountRef;
}

/** A signed-in member acting in one of their accounts. */
export interface MemberCtx extends Ctx {
  actor: MemberActor;
}

/** Runs `fn` in a transaction, reusing the caller's when there is one. */
export async function withTransaction<C extends BaseCtx, T>(ctx: C, fn: (ctx: C) => Promise<T>): Promise<T> {
  if (ctx.inTransaction) return fn(ctx);
  return ctx.db.transaction((tx) => fn({ ...ctx, db: tx as unknown as Db, inTransaction: true }));
}

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'member':
      return actor.email;
    case 'api_key':
      return `api-key:${actor.prefix}`;
    case 'system':
      return `system:${actor.name}`;
  }
}
