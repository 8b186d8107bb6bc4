import { isHeartbridgeError } from '@/lib/errors';
import { log } from '@/lib/log';
import { currentCtx } from './session';

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string };

type MemberCtx = NonNullable<Awaited<ReturnType<typeof currentCtx>>>;

/**
 * Every server action runs through here: session first, then the lib verb, which checks the
 * role and parses the input. Errors become a message fit for the page; unknown ones are logged.
 */
export async function runAction<T>(verb: (ctx: MemberCtx) => Promise<T>): Promise<ActionResult<T>> {
  const ctx = await currentCtx();
  if (!ctx) return { ok: false, error: 'Your session has ended. Sign in again.' };
  try {
    return { ok: true, data: await verb(ctx) };
  } catch (error) {
    if (isHeartbridgeError(error)) return { ok: false, error: error.message };
    log.error({ err: error }, 'server action failed');
    return { ok: false, error: 'Something went wrong on our side. The error has been logged.' };
  }
}
