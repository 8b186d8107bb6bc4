import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthStates } from '@/db/schema';
import { listConnections } from '../connections/list-connections';
import { deauthenticateUser } from '../connections/deauthenticate-user';
import { listEvents } from '../events/list-events';
import { setCardiomoodIntegration } from '../integrations/set-integration';
import { testCardiomoodIntegration } from '../integrations/test-integration';
import { validateModel } from '../models/validate';
import { signInByHttp } from '../providers/cardiomood/simulator/sign-in';
import { connectorSimulator, connectUser, enableCardiomood } from '../testing/connector';
import { accountWithOwner } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { webhookReceiver } from '../testing/webhook-receiver';
import { completeAuthorization } from './complete-authorization';
import { generateWidgetSession } from './generate-widget-session';
import { openWidgetSession } from './open-widget-session';
import { startAuthorization } from './start-authorization';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let simulator: Awaited<ReturnType<typeof connectorSimulator>>;
beforeAll(async () => {
  database = await createTestDatabase();
  simulator = await connectorSimulator();
});
afterAll(async () => {
  await simulator.sim.close();
  await database.destroy();
});

async function connectedAccount() {
  const { owner } = await accountWithOwner(database.db);
  await enableCardiomood(owner, simulator.sim);
  return owner;
}

describe('connecting CardioMood', () => {
  it('checks the client credentials against the token endpoint', async () => {
    const owner = await connectedAccount();
    expect(await testCardiomoodIntegration({ ctx: owner })).toEqual({
      ok: true,
      message: 'CardioMood accepted the client credentials.',
    });
    await enableCardiomood(owner, { ...simulator.sim, url: 'http://127.0.0.1:1' });
    expect((await testCardiomoodIntegration({ ctx: owner })).ok).toBe(false);
  });

  it('runs the widget flow: session, consent, callback, connection and an auth event', async () => {
    const owner = await connectedAccount();
    const session = await generateWidgetSession({
      ctx: owner,
      input: {
        reference_id: 'alice',
        auth_success_redirect_url: 'https://app.example/ok',
        auth_failure_redirect_url: 'https://app.example/no',
      },
    });
    expect(session).toMatchObject({ status: 'success', expires_in: 900 });
    expect(session.url).toMatch(/\/widget\/session\/[0-9a-f-]{36}$/);
    const opened = await openWidgetSession(database.db, session.session_id);
    expect(opened.providers).toEqual(['CARDIOMOOD']);

    const { authUrl, userId } = await startAuthorization(owner, {
      widgetSessionId: session.session_id,
      referenceId: 'alice',
      successUrl: 'https://app.example/ok',
      failureUrl: 'https://app.example/no',
    });
    const back = await signInByHttp({ authorizeUrl: authUrl, username: 'user1' });
    const outcome = await completeAuthorization(database.db, {
      state: back.searchParams.get('state'),
      code: back.searchParams.get('code'),
    });
    expect(outcome).toEqual({
      redirect: `https://app.example/ok?user_id=${userId}&resource=CARDIOMOOD&reference_id=alice`,
    });

    const [connection] = await listConnections({ ctx: owner });
    expect(connection).toMatchObject({ userId, referenceId: 'alice', status: 'active' });
    const [auth] = await listEvents({ ctx: owner, input: { includeBody: true } });
    expect(auth?.type).toBe('auth');
    expect(validateModel('AuthSuccessEvent', auth?.body).errors).toEqual([]);
    expect(auth?.body).toMatchObject({
      widget_session_id: session.session_id,
      user: { user_id: userId, provider: 'CARDIOMOOD' },
    });

    // The same state a second time is refused, and nothing more is created.
    const replay = await completeAuthorization(database.db, {
      state: back.searchParams.get('state'),
      code: back.searchParams.get('code'),
    });
    expect(replay).toMatchObject({ page: { ok: false } });
    expect(await listConnections({ ctx: owner })).toHaveLength(1);
  });

  it('replaces a reconnected CardioMood account and says so with user_reauth', async () => {
    const owner = await connectedAccount();
    const first = await connectUser(database.db, owner, 'user2', 'bob');
    const second = await connectUser(database.db, owner, 'user2', 'bob');
    expect(second.userId).not.toBe(first.userId);
    expect((await listConnections({ ctx: owner })).map((c) => c.userId)).toEqual([second.userId]);
    const [reauth] = await listEvents({ ctx: owner, input: { includeBody: true } });
    expect(validateModel('UserReauthEvent', reauth?.body).errors).toEqual([]);
    expect(reauth?.body).toMatchObject({ old_user: { user_id: first.userId }, new_user: { user_id: second.userId } });
  });

  it('sends a refusal to the failure URL with a reason and an auth_cancelled event', async () => {
    const owner = await connectedAccount();
    const { authUrl } = await startAuthorization(owner, { referenceId: 'carol', failureUrl: 'https://app.example/no' });
    const back = await signInByHttp({ authorizeUrl: authUrl, username: 'user3', approve: false });
    const outcome = await completeAuthorization(database.db, {
      state: back.searchParams.get('state'),
      error: back.searchParams.get('error'),
    });
    expect(outcome).toEqual({
      redirect: 'https://app.example/no?reason=access_denied&reference_id=carol&resource=CARDIOMOOD',
    });
    const [cancelled] = await listEvents({ ctx: owner, input: { includeBody: true } });
    expect(validateModel('AuthErrorEvent', cancelled?.body).errors).toEqual([]);
    expect(await listConnections({ ctx: owner })).toEqual([]);
  });

  it.each([
    ['a tampered state', { state: 'not-a-state', code: 'x' }],
    ['no state', { code: 'x' }],
  ])('shows a page, never a redirect, for %s', async (_name, params) => {
    expect(await completeAuthorization(database.db, params)).toMatchObject({ page: { ok: false } });
  });

  it('refuses an expired state', async () => {
    const owner = await connectedAccount();
    const { authUrl } = await startAuthorization(owner, { failureUrl: 'https://app.example/no' });
    const back = await signInByHttp({ authorizeUrl: authUrl, username: 'user1' });
    await database.db.update(oauthStates).set({ expiresAt: new Date(Date.now() - 1000) });
    const outcome = await completeAuthorization(database.db, {
      state: back.searchParams.get('state'),
      code: back.searchParams.get('code'),
    });
    expect(outcome).toMatchObject({ page: { ok: false } });
    expect(await listConnections({ ctx: owner })).toEqual([]);
  });

  it('fails cleanly when the code is wrong, with no half-created connection', async () => {
    const owner = await connectedAccount();
    const { authUrl } = await startAuthorization(owner, { failureUrl: 'https://app.example/no' });
    const back = await signInByHttp({ authorizeUrl: authUrl, username: 'user1' });
    const outcome = await completeAuthorization(database.db, { state: back.searchParams.get('state'), code: 'forged' });
    expect(outcome).toEqual({ redirect: 'https://app.example/no?reason=invalid_code&resource=CARDIOMOOD' });
    expect(await listConnections({ ctx: owner })).toEqual([]);
  });

  it.each([
    [{ auth_success_redirect_url: 'javascript:alert(1)' }, 'auth_success_redirect_url must be an http(s) URL or use'],
    [{ auth_failure_redirect_url: 'ftp://x' }, 'auth_failure_redirect_url must be an http(s) URL or use'],
    [{ auth_success_redirect_url: 'otherapp://done' }, 'auth_success_redirect_url must be an http(s) URL or use'],
    [{ auth_success_redirect_url: 'not a url' }, 'auth_success_redirect_url must be an http(s) URL or use'],
    [{ providers: 'GARMIN' }, 'providers: GARMIN is not enabled for this developer.'],
  ])('refuses widget sessions with %o', async (input, message) => {
    const owner = await connectedAccount();
    await expect(generateWidgetSession({ ctx: owner, input })).rejects.toThrow(message);
  });

  it('accepts redirect URLs in the app schemes the account registered, and never dangerous ones', async () => {
    const owner = await connectedAccount();
    await setCardiomoodIntegration({ ctx: owner, input: { appSchemes: ['myapp'] } });
    const session = await generateWidgetSession({
      ctx: owner,
      input: { auth_success_redirect_url: 'myapp://connected' },
    });
    expect(session.status).toBe('success');
    await expect(setCardiomoodIntegration({ ctx: owner, input: { appSchemes: ['javascript'] } })).rejects.toThrow(
      'That scheme cannot be registered.',
    );
  });

  it('deauthenticates: the connection is gone, a deauth event reaches the destination, then it goes too', async () => {
    const owner = await connectedAccount();
    const hook = await webhookReceiver(owner);
    try {
      const { userId } = await connectUser(database.db, owner, 'user4');
      await deauthenticateUser({ ctx: owner, input: { userId } });
      expect(await listConnections({ ctx: owner })).toEqual([]);
      const [deauth, ...others] = await listEvents({ ctx: owner, input: { includeBody: true } });
      expect(others).toEqual([]); // the auth event was erased with the user
      expect(validateModel('DeauthEvent', deauth?.body).errors).toEqual([]);
      expect((await hook.deliverReference(database.db, deauth?.reference ?? '')).map((r) => r.body)).toEqual([
        deauth?.body,
      ]);
      expect(await listEvents({ ctx: owner, input: {} })).toEqual([]); // delivered, then purged
      const other = await connectedAccount();
      await expect(deauthenticateUser({ ctx: other, input: { userId } })).rejects.toThrow('User not found');
    } finally {
      await hook.close();
    }
  });
});
