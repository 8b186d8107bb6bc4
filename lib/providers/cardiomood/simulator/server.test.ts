import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from './server';
import { signInByHttp, tokensByHttp } from './sign-in';
import { TEST_CLIENT as CLIENT, closeTestSimulators, testSimulator as simulator } from './testing';

afterEach(closeTestSimulators);

function authorizeUrl(sim: Simulator, params: Record<string, string> = {}) {
  const query = {
    client_id: CLIENT.id,
    redirect_uri: CLIENT.redirectUri,
    response_type: 'code',
    state: 'xyz',
    ...params,
  };
  return `${sim.url}/oauth/authorize?${new URLSearchParams(query)}`;
}

const tokenCall = (sim: Simulator, form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${sim.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });

const withClient = (form: Record<string, string>) => ({ ...form, client_id: CLIENT.id, client_secret: CLIENT.secret });

const summaries = (sim: Simulator, token: string) =>
  fetch(`${sim.url}/user-summaries?date_from=2024-03-10&date_to=2024-03-10`, {
    headers: { authorization: `Bearer ${token}` },
  });

describe('CardioMood simulator: OAuth', () => {
  it('shows an accessible sign-in page whose form posts back to the same URL', async () => {
    const { sim } = await simulator();
    const url = authorizeUrl(sim);
    const page = await fetch(url);
    const body = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(body).toContain(`action="/oauth/authorize?${new URL(url).search.slice(1).replaceAll('&', '&amp;')}"`);
    expect(body).toMatch(/<form method="post"/);
    expect(body).toMatch(/<label for="username">Username<\/label>/);
    expect(body).toMatch(/<label for="password">Password<\/label>/);
    expect(body).toMatch(/name="approve" value="yes">Allow</);
    expect(body).toMatch(/name="approve" value="no">Deny</);
  });

  it('runs the code flow: sign in, exchange, call the API, refresh with rotation', async () => {
    const { sim } = await simulator();
    const back = await signInByHttp({ authorizeUrl: authorizeUrl(sim), username: 'user2' });
    expect(`${back.origin}${back.pathname}`).toBe(CLIENT.redirectUri);
    expect(back.searchParams.get('state')).toBe('xyz');
    const code = back.searchParams.get('code') ?? '';
    expect(code.length).toBeGreaterThan(20);

    const exchange = await tokenCall(
      sim,
      withClient({ grant_type: 'authorization_code', code, redirect_uri: CLIENT.redirectUri }),
    );
    expect(exchange.status).toBe(200);
    const tokens = await exchange.json();
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(typeof tokens.access_token).toBe('string');
    expect(typeof tokens.refresh_token).toBe('string');
    const claims = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString());
    expect(claims.sub).toBe(sim.admin.accounts().find((a) => a.username === 'user2')?.profile.uuid);
    expect((await summaries(sim, tokens.access_token)).status).toBe(200);

    const reused = await tokenCall(
      sim,
      withClient({ grant_type: 'authorization_code', code, redirect_uri: CLIENT.redirectUri }),
    );
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });
    // RFC 6749 §4.1.2: a code used twice revokes the tokens it gave.
    expect((await summaries(sim, tokens.access_token)).status).toBe(401);
  });

  it('rotates refresh tokens: the new one works, the old one is refused', async () => {
    const { sim } = await simulator();
    const first = await tokensByHttp({ baseUrl: sim.url, client: CLIENT, username: 'user1' });
    const refreshed = await tokenCall(
      sim,
      withClient({ grant_type: 'refresh_token', refresh_token: first.refresh_token }),
    );
    expect(refreshed.status).toBe(200);
    const second = await refreshed.json();
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await summaries(sim, second.access_token)).status).toBe(200);

    const old = await tokenCall(sim, withClient({ grant_type: 'refresh_token', refresh_token: first.refresh_token }));
    expect(old.status).toBe(400);
    expect(await old.json()).toMatchObject({ error: 'invalid_grant' });
    const basic = `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`;
    const viaBasic = await tokenCall(
      sim,
      { grant_type: 'refresh_token', refresh_token: second.refresh_token },
      { authorization: basic },
    );
    expect(viaBasic.status).toBe(200);
  });

  it('refuses an unknown client, an unregistered redirect URI and another response_type, without redirecting', async () => {
    const { sim } = await simulator();
    const refused: Array<Record<string, string>> = [
      { client_id: 'nobody' },
      { redirect_uri: 'http://evil.example/callback' },
      { redirect_uri: `${CLIENT.redirectUri}/` },
      { response_type: 'token' },
    ];
    for (const params of refused) {
      for (const method of ['GET', 'POST']) {
        const answer = await fetch(authorizeUrl(sim, params), {
          method,
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: method === 'POST' ? 'username=user1&password=password&approve=yes' : undefined,
        });
        expect(answer.status, JSON.stringify(params)).toBe(400);
        expect(answer.headers.get('location')).toBeNull();
        expect(await answer.text()).toContain('refused');
      }
    }
  });

  it('redirects a denial with access_denied, and keeps a custom-scheme redirect URI', async () => {
    const { sim } = await simulator();
    const denied = await signInByHttp({ authorizeUrl: authorizeUrl(sim), username: 'user1', approve: false });
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('xyz');
    expect(denied.searchParams.has('code')).toBe(false);
    const app = await signInByHttp({
      authorizeUrl: authorizeUrl(sim, { redirect_uri: 'cardiomood://example/cb', state: 'a b&c' }),
      username: 'user1',
    });
    expect(app.protocol).toBe('cardiomood:');
    expect(app.searchParams.get('state')).toBe('a b&c');
  });

  it('re-renders the page with an error (401) on wrong credentials', async () => {
    const { sim } = await simulator();
    const answer = await fetch(authorizeUrl(sim), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=user1&password=wrong&approve=yes',
    });
    expect(answer.status).toBe(401);
    const body = await answer.text();
    expect(body).toContain('Wrong username or password');
    expect(body).toContain('value="user1"');
    await expect(signInByHttp({ authorizeUrl: authorizeUrl(sim), username: 'user9' })).rejects.toThrow(/401/);
  });

  it.each([
    ['an unknown code', { code: 'nope' }, 400, 'invalid_grant'],
    ['another redirect URI', { redirect_uri: 'cardiomood://example/cb' }, 400, 'invalid_grant'],
    ['no redirect URI', { redirect_uri: '' }, 400, 'invalid_request'],
    ['a wrong secret', { client_secret: 'guess' }, 401, 'invalid_client'],
    ['an unknown client', { client_id: 'nobody' }, 401, 'invalid_client'],
    ['an unknown grant type', { grant_type: 'password' }, 400, 'unsupported_grant_type'],
    ['no grant type', { grant_type: '' }, 400, 'invalid_request'],
  ])('answers a code exchange with %s per RFC 6749', async (_name, change, status, error) => {
    const { sim } = await simulator();
    const back = await signInByHttp({ authorizeUrl: authorizeUrl(sim), username: 'user1' });
    const form = {
      ...withClient({
        grant_type: 'authorization_code',
        code: back.searchParams.get('code') ?? '',
        redirect_uri: CLIENT.redirectUri,
      }),
      ...change,
    };
    const answer = await tokenCall(sim, Object.fromEntries(Object.entries(form).filter(([, v]) => v !== '')));
    expect(answer.status).toBe(status);
    expect(await answer.json()).toMatchObject({ error, error_description: expect.any(String) });
  });

  it('refuses a token request that is not form-encoded, and a code older than 10 minutes', async () => {
    const { sim, clock } = await simulator();
    const asJson = await fetch(`${sim.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(withClient({ grant_type: 'refresh_token', refresh_token: 'x' })),
    });
    expect(asJson.status).toBe(400);
    expect(await asJson.json()).toMatchObject({ error: 'invalid_request' });
    const back = await signInByHttp({ authorizeUrl: authorizeUrl(sim), username: 'user1' });
    clock.now += 10 * 60_000 + 1;
    const late = await tokenCall(
      sim,
      withClient({
        grant_type: 'authorization_code',
        code: back.searchParams.get('code') ?? '',
        redirect_uri: CLIENT.redirectUri,
      }),
    );
    expect(late.status).toBe(400);
    expect((await late.json()).error_description).toMatch(/expired/);
  });
});

describe('CardioMood simulator: tokens on the API', () => {
  it('answers 401 Unauthenticated without a token, with a bad one, and after the TTL', async () => {
    const { sim, clock } = await simulator({ accessTokenTtlSeconds: 60 });
    const { access_token, expires_in } = await tokensByHttp({ baseUrl: sim.url, client: CLIENT, username: 'user1' });
    expect(expires_in).toBe(60);
    const bare = await fetch(`${sim.url}/user-summaries?date_from=2024-03-10&date_to=2024-03-10`);
    expect(bare.status).toBe(401);
    expect(await bare.json()).toEqual({ message: 'Unauthenticated.' });
    expect(bare.headers.get('x-ratelimit-limit')).toBe('180');
    expect((await summaries(sim, 'not-a-token')).status).toBe(401);
    expect((await summaries(sim, access_token)).status).toBe(200);
    clock.now += 60_000;
    expect((await summaries(sim, access_token)).status).toBe(401);
  });

  it('expires every access token on demand; refresh tokens keep working', async () => {
    const { sim } = await simulator();
    const tokens = await tokensByHttp({ baseUrl: sim.url, client: CLIENT, username: 'user1' });
    expect(sim.admin.expireTokens()).toBe(1);
    expect((await summaries(sim, tokens.access_token)).status).toBe(401);
    const refreshed = await tokenCall(
      sim,
      withClient({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }),
    );
    expect((await summaries(sim, (await refreshed.json()).access_token)).status).toBe(200);
  });

  it('stops a revoked account: its tokens, its refresh token and its sign-in', async () => {
    const { sim } = await simulator();
    const tokens = await tokensByHttp({ baseUrl: sim.url, client: CLIENT, username: 'user3' });
    const other = await tokensByHttp({ baseUrl: sim.url, client: CLIENT, username: 'user1' });
    sim.admin.revoke('user3');
    expect((await summaries(sim, tokens.access_token)).status).toBe(401);
    expect((await summaries(sim, other.access_token)).status).toBe(200);
    const refresh = await tokenCall(
      sim,
      withClient({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }),
    );
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringMatching(/revoked/),
    });
    await expect(signInByHttp({ authorizeUrl: authorizeUrl(sim), username: 'user3' })).rejects.toThrow(/401/);
  });
});

describe('CardioMood simulator: admin endpoint', () => {
  it('needs the admin token when one is set, and then registers clients, revokes, expires and counts', async () => {
    const { sim } = await simulator({ adminToken: 'letmein', clients: [] });
    const call = (path: string, body?: unknown, token = 'letmein') =>
      fetch(`${sim.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'x-admin-token': token, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await call('/admin/stats', undefined, 'wrong')).status).toBe(401);
    const client = { id: 'late', secret: 'shh', redirect_uris: ['http://localhost:9999/cb'] };
    expect((await call('/admin/clients', client)).status).toBe(201);
    expect((await call('/admin/clients', { id: 'x' })).status).toBe(422);
    const late = { id: 'late', secret: 'shh', redirectUri: 'http://localhost:9999/cb' };
    const tokens = await tokensByHttp({ baseUrl: sim.url, client: late, username: 'user2' });
    expect((await summaries(sim, tokens.access_token)).status).toBe(200);

    const stats = await (await call('/admin/stats')).json();
    expect(stats.calls.late.total).toBe(2); // the code exchange and the summaries call
    expect(Object.values(stats.calls.late.byMinute)).toEqual([2]);
    expect(stats.accounts).toHaveLength(3);
    expect(stats.accounts[1]).toMatchObject({ username: 'user2', revoked: false, activeAccessTokens: 1 });

    expect(await (await call('/admin/faults', { errorRate: 1 })).json()).toMatchObject({ errorRate: 1 });
    expect((await summaries(sim, tokens.access_token)).status).toBe(500);
    expect((await call('/admin/faults', { errorRate: 2 })).status).toBe(422);
    await call('/admin/faults', { errorRate: 0 });
    expect(await (await call('/admin/tokens/expire', {})).json()).toEqual({ expired: 1 });
    expect((await summaries(sim, tokens.access_token)).status).toBe(401);
    expect((await call('/admin/accounts/user9/revoke', {})).status).toBe(404);
    expect(await (await call('/admin/accounts/user2/revoke', {})).json()).toEqual({ username: 'user2', revoked: true });
    expect(sim.admin.accounts()[1]?.revoked).toBe(true);
  });

  it('answers loopback callers without a token when none is set', async () => {
    const { sim } = await simulator();
    const stats = await fetch(`${sim.url}/admin/stats`);
    expect(stats.status).toBe(200);
    expect(await stats.json()).toMatchObject({ calls: {}, accounts: expect.any(Array) });
  });
});
