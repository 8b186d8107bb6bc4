import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '@/db/client';
import { accountCtxByDevId } from '../accounts/account-by-dev-id';
import { completeAuthorization } from '../connect/complete-authorization';
import { addDestination } from '../destinations/add-destination';
import { startAuthorization } from '../connect/start-authorization';
import { config } from '../config';
import { syncConnection } from '../ingest/sync-connection';
import { setCardiomoodIntegration } from '../integrations/set-integration';
import { cardiomoodRedirectUri } from '../integrations/redirect-uri';
import { log } from '../log';
import { type Simulator, startSimulator } from '../providers/cardiomood/simulator/server';
import { signInByHttp } from '../providers/cardiomood/simulator/sign-in';

const demoClientId = 'heartbridge-demo';
/** The simulator is generous with the demo: a month of history for a few users fits in a minute. */
const demoRateLimit = 2000;

/**
 * The demo's CardioMood: a simulator beside Heartbridge (port PORT+1 unless HEARTBRIDGE_SIMULATOR_PORT),
 * with Heartbridge registered as a client app and its grants kept in the data directory.
 */
export async function startDemoSimulator(): Promise<{ simulator: Simulator; clientSecret: string }> {
  const settings = config();
  const secretFile = path.join(settings.dataDir, 'simulator-client-secret');
  if (!fs.existsSync(secretFile)) fs.writeFileSync(secretFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  const clientSecret = fs.readFileSync(secretFile, 'utf8').trim();
  const simulator = await startSimulator({
    port: Number(process.env.HEARTBRIDGE_SIMULATOR_PORT ?? settings.port + 1),
    accounts: 10,
    rateLimitPerMinute: demoRateLimit,
    statePath: path.join(settings.dataDir, 'simulator-state.json'),
    clients: [
      {
        id: demoClientId,
        secret: clientSecret,
        redirectUris: [cardiomoodRedirectUri()],
      },
    ],
  });
  return { simulator, clientSecret };
}

/**
 * First start only: points the demo account's CardioMood at the simulator, adds the built-in inbox as
 * a destination, connects simulated users
 * (HEARTBRIDGE_DEMO_USERS, default 3) through the real consent flow, and syncs a month of their history (raw metrics for the last
 * week). Runs in the background; progress goes to the log.
 */
export async function seedDemoConnections(db: Db, devId: string, sim: Simulator, secret: string): Promise<void> {
  const ctx = await accountCtxByDevId(db, devId, { kind: 'system', name: 'demo' });
  await setCardiomoodIntegration({
    ctx,
    input: {
      enabled: true,
      clientId: demoClientId,
      clientSecret: secret,
      apiBaseUrl: sim.url,
      authBaseUrl: sim.url,
      rateLimitPerMinute: demoRateLimit,
    },
  });
  await addDestination({ ctx, input: { kind: 'inbox', name: 'Demo inbox' } });
  const people = [
    ['user1', 'demo-alice'],
    ['user2', 'demo-bob'],
    ['user3', 'demo-chen'],
    ['user4', 'demo-dara'],
    ['user5', 'demo-emil'],
  ] as const;
  for (const [username, referenceId] of people.slice(0, Number(process.env.HEARTBRIDGE_DEMO_USERS ?? 3))) {
    const { authUrl, userId } = await startAuthorization(ctx, { referenceId });
    const back = await signInByHttp({ authorizeUrl: authUrl, username });
    await completeAuthorization(db, { state: back.searchParams.get('state'), code: back.searchParams.get('code') });
    // A demo shows today's samples at once, whatever the budget did in the last minute.
    const outcome = await syncConnection(db, userId, {
      historyDays: 30,
      rawDays: 7,
      todaySamples: true,
      maxBudgetWaitMs: 60_000,
    });
    log.info({ devId, referenceId, userId, outcome }, 'demo user connected with a month of history');
  }
}
