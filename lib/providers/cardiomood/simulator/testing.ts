import { type Simulator, type SimulatorOptions, startSimulator } from './server';
import { tokensByHttp } from './sign-in';

/** The client app the simulator tests register. */
export const TEST_CLIENT = {
  id: 'heartbridge',
  secret: 's3cret',
  redirectUri: 'http://localhost:3000/api/cardiomood/callback',
};
/** 12:00 UTC; the accounts' local times differ (user1 is at −6:00, user2 at +5:00). */
export const TEST_START = Date.parse('2024-03-15T12:00:00.000Z');

const opened: Simulator[] = [];

/** A simulator on a settable clock, with TEST_CLIENT registered; `closeTestSimulators` in `afterEach` closes it. */
export async function testSimulator(options: SimulatorOptions = {}) {
  const clock = { now: TEST_START };
  const sim = await startSimulator({
    accounts: 3,
    clients: [
      {
        id: TEST_CLIENT.id,
        secret: TEST_CLIENT.secret,
        redirectUris: [TEST_CLIENT.redirectUri, 'cardiomood://example/cb'],
      },
    ],
    now: () => clock.now,
    ...options,
  });
  opened.push(sim);
  const accessToken = async (username = 'user1') =>
    (await tokensByHttp({ baseUrl: sim.url, client: TEST_CLIENT, username })).access_token;
  /** GET `path` with `token` (a fresh user1 token when omitted). */
  const get = async (path: string, token?: string) =>
    fetch(`${sim.url}${path}`, { headers: { authorization: `Bearer ${token ?? (await accessToken())}` } });
  return { sim, clock, accessToken, get };
}

export async function closeTestSimulators(): Promise<void> {
  await Promise.all(opened.splice(0).map((sim) => sim.close()));
}
