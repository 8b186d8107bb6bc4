import { eq } from 'drizzle-orm';
import { accounts, widgetSessions } from '@/db/schema';
import type { Db } from '@/db/client';
import { NotFound } from '../errors';
import { isUuid } from '../validation';
import { enabledProviders } from './generate-widget-session';

/** What the hosted connect page shows: the session and the providers it offers. NotFound when unknown or expired. */
export async function openWidgetSession(db: Db, sessionId: string) {
  const [row] = isUuid(sessionId)
    ? await db
        .select({ session: widgetSessions, account: { id: accounts.id, devId: accounts.devId, name: accounts.name } })
        .from(widgetSessions)
        .innerJoin(accounts, eq(accounts.id, widgetSessions.accountId))
        .where(eq(widgetSessions.id, sessionId))
    : [];
  if (!row) throw NotFound('This connect link is unknown. Ask the app that sent you here for a new one.');
  if (row.session.expiresAt.getTime() < Date.now()) {
    throw NotFound('This connect link has expired. Go back to the app that sent you here and try again.');
  }
  const enabled = await enabledProviders({ db, account: row.account });
  return { ...row, providers: row.session.providers.filter((p) => enabled.includes(p)) };
}
