import type { Db } from '@/db/client';
import { database } from '../database';
import { isHeartbridgeError } from '../errors';
import { completeAuthorization, type Outcome } from './complete-authorization';
import { openWidgetSession } from './open-widget-session';
import { startAuthorization } from './start-authorization';

/** The hosted connect page's content: the providers to offer, or why there are none. */
export async function widgetPage(sessionId: string, db?: Db) {
  db ??= (await database()).db;
  try {
    const { session, account, providers } = await openWidgetSession(db, sessionId);
    return { ok: true as const, sessionId: session.id, appName: account.name, providers };
  } catch (error) {
    if (isHeartbridgeError(error)) return { ok: false as const, message: error.message };
    throw error;
  }
}

/** The end user picked a provider on the connect page: where to send them (CardioMood's consent page). */
export async function connectFromWidget(sessionId: string, provider: string, db?: Db): Promise<Outcome> {
  db ??= (await database()).db;
  try {
    const { session, account, providers } = await openWidgetSession(db, sessionId);
    if (!providers.includes(provider.toUpperCase())) {
      return { page: { ok: false, title: 'Not available', message: `${provider} is not offered by this app.` } };
    }
    const { authUrl } = await startAuthorization(
      { db, account, actor: { kind: 'system', name: 'widget' } },
      {
        widgetSessionId: session.id,
        referenceId: session.referenceId,
        successUrl: session.successUrl,
        failureUrl: session.failureUrl,
      },
    );
    return { redirect: authUrl };
  } catch (error) {
    if (isHeartbridgeError(error)) return { page: { ok: false, title: 'Cannot connect', message: error.message } };
    throw error;
  }
}

/** CardioMood's redirect back to Heartbridge. */
export async function widgetCallback(params: URLSearchParams, db?: Db): Promise<Outcome> {
  db ??= (await database()).db;
  return completeAuthorization(db, {
    state: params.get('state'),
    code: params.get('code'),
    error: params.get('error'),
  });
}
