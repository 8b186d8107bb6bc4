import type { Db } from '@/db/client';
import { completeAuthorization } from '../connect/complete-authorization';
import { startAuthorization } from '../connect/start-authorization';
import type { Ctx } from '../context';
import { setCardiomoodIntegration } from '../integrations/set-integration';
import { cardiomoodRedirectUri } from '../integrations/redirect-uri';
import { signInByHttp } from '../providers/cardiomood/simulator/sign-in';
import { type Simulator, startSimulator } from '../providers/cardiomood/simulator/server';

export const simClient = { id: 'heartbridge-test', secret: 'test-client-secret' };

/** A simulator on a settable clock with Heartbridge's redirect URI registered. */
export async function connectorSimulator(
  options: { rateLimitPerMinute?: number; start?: number; accounts?: number } = {},
) {
  const clock = { now: options.start ?? Date.parse('2026-03-15T12:00:00Z') };
  const sim = await startSimulator({
    accounts: options.accounts ?? 4,
    clients: [{ ...simClient, redirectUris: [cardiomoodRedirectUri()] }],
    rateLimitPerMinute: options.rateLimitPerMinute ?? 1000,
    now: () => clock.now,
  });
  return { sim, clock };
}

/** Points the account's CardioMood integration at the simulator and enables it. */
export async function enableCardiomood(ctx: Ctx, sim: Simulator, rateLimitPerMinute = 1000) {
  return setCardiomoodIntegration({
    ctx,
    input: {
      enabled: true,
      clientId: simClient.id,
      clientSecret: simClient.secret,
      apiBaseUrl: sim.url,
      authBaseUrl: sim.url,
      rateLimitPerMinute,
    },
  });
}

/** Connects a simulated CardioMood account the way an end user does: consent page, then callback. */
export async function connectUser(db: Db, ctx: Ctx, username: string, referenceId = `ref-${username}`) {
  const { authUrl } = await startAuthorization(ctx, {
    referenceId,
    successUrl: 'https://app.example/connected',
    failureUrl: 'https://app.example/failed',
  });
  const back = await signInByHttp({ authorizeUrl: authUrl, username });
  const outcome = await completeAuthorization(db, {
    state: back.searchParams.get('state'),
    code: back.searchParams.get('code'),
    error: back.searchParams.get('error'),
  });
  if (!('redirect' in outcome)) throw new Error(`connect failed: ${JSON.stringify(outcome)}`);
  const userId = new URL(outcome.redirect).searchParams.get('user_id');
  if (!userId) throw new Error(`no user_id in ${outcome.redirect}`);
  return { userId, redirect: new URL(outcome.redirect) };
}
