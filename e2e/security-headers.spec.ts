/**
 * Security headers on every kind of response, no Content-Security-Policy violation anywhere in the
 * dashboard, the sign-in page or the widget, and the session cookie's flags over http and https.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { sections } from '@/components/shell/sections';
import { connectSimulatedUser, createKey, expect, signInThroughForm, test } from './fixtures';
import { cleanEnv, freePort, type RunningServer, runCli, startServer } from './support';

/** Collects every CSP violation a page reports, as the DOM event and as Chromium's console message. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(message.text())) {
      console.push(message.text());
    }
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}`);
    });
  });
  return async () => [
    ...console,
    ...(await page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? [])),
  ];
}

function expectSecurityHeaders(headers: Record<string, string>, what: string, https = false) {
  const csp = headers['content-security-policy'] ?? '';
  const scripts = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
  expect(scripts, what).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scripts, what).toContain("'strict-dynamic'");
  expect(scripts, what).not.toContain('unsafe');
  expect(csp, what).toContain("default-src 'self'");
  expect(csp, what).toContain("object-src 'none'");
  expect(csp, what).toContain("base-uri 'self'");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(headers, what).toMatchObject({
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': expect.stringContaining('camera=()'),
  });
  if (https) {
    expect(headers['strict-transport-security'], what).toMatch(/^max-age=\d{7,}/);
    expect(csp, what).toContain('upgrade-insecure-requests');
  } else {
    expect(headers['strict-transport-security'], what).toBeUndefined();
  }
}

test('pages, the REST API, the widget, health, 404s and static files all carry the security headers', async ({
  ownerPage,
  request,
}) => {
  const signIn = await request.get('/sign-in');
  const html = await signIn.text();
  const chunk = /<script src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1] ?? '';
  expect(chunk).not.toBe('');
  const answers = {
    'sign-in page': signIn,
    'a dashboard page': await ownerPage.request.get('/overview'),
    'the REST API': await request.get('/v2/integrations'),
    'the OpenAPI document': await request.get('/v2/openapi.json'),
    'the widget': await request.get('/widget/session/00000000-0000-4000-8000-000000000000'),
    health: await request.get('/api/health'),
    'next-auth': await request.get('/api/auth/csrf'),
    'a missing page': await request.get('/no-such-page'),
    'a static file': await request.get(chunk),
  };
  for (const [what, response] of Object.entries(answers)) expectSecurityHeaders(response.headers(), what);

  // Each response its own nonce, and the page's scripts carry that one.
  const nonce = (csp: string | undefined) => /'nonce-([^']+)'/.exec(csp ?? '')?.[1];
  const first = nonce(signIn.headers()['content-security-policy']);
  expect(first).not.toBe(nonce((await request.get('/sign-in')).headers()['content-security-policy']));
  const scriptNonces = [...html.matchAll(/<script[^>]*nonce="([^"]+)"/g)].map((m) => m[1]);
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(new Set(scriptNonces)).toEqual(new Set([first]));
  expect([...html.matchAll(/<script(?![^>]*nonce=)[^>]*>/g)].map((m) => m[0])).toEqual([]);
});

test('no CSP violation on the sign-in page, any dashboard section, the user inspector or the widget', async ({
  browser,
  ownerPage,
  state,
}) => {
  test.setTimeout(180_000);
  const page = await browser.newPage();
  const violations = await watchViolations(page);
  await signInThroughForm(page, state.personas.owner.email, state.personas.owner.password);
  await expect(page).toHaveURL(/\/overview$/);
  for (const { href } of sections) {
    await page.goto(href);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
  }
  await createKey(page, `CSP check ${Date.now()}`); // a server action under the policy

  const endUser = await browser.newPage();
  const endUserViolations = await watchViolations(endUser);
  const { userId } = await connectSimulatedUser(ownerPage, endUser, state, 'user3');
  await page.goto(`/users/${userId}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(await violations()).toEqual([]);
  // The end user's last page is back on Heartbridge (the success URL); the widget page was before it.
  expect(await endUserViolations()).toEqual([]);
  await page.close();
  await endUser.close();
});

test('the policy blocks injected markup that would run script, and the watcher reports it', async ({ browser }) => {
  const page = await browser.newPage();
  const violations = await watchViolations(page);
  await page.goto('/sign-in');
  // What an HTML injection looks like: markup with an inline handler (scripts made by running code pass 'strict-dynamic').
  await page.evaluate(() =>
    document.body.insertAdjacentHTML('beforeend', '<img alt="" src="data:," onerror="window.injected = true">'),
  );
  await expect.poll(violations).toContainEqual(expect.stringMatching(/^script-src-attr/));
  expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
  await page.close();
});

test('over http the session cookie is HttpOnly, SameSite=Lax, Path=/ and not Secure', async ({ state }) => {
  const cookies = await signInByFetch(state.baseURL, state.personas.owner.email, state.personas.owner.password);
  const session = cookies.find((c) => c.startsWith('next-auth.session-token='));
  expect(session).toBeDefined();
  expect(flags(session)).toEqual(new Set(['httponly', 'path=/', 'samesite=lax']));
});

/** Signs in as next-auth's client does, by hand, and returns the Set-Cookie lines of the answer. */
async function signInByFetch(
  baseURL: string,
  email: string,
  password: string,
  extra: Record<string, string> = {},
): Promise<string[]> {
  const csrf = await fetch(`${baseURL}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const answer = await fetch(`${baseURL}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...extra, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
  return answer.headers.getSetCookie();
}

/** A Set-Cookie line's attributes, lower-cased, without Expires and Max-Age. */
function flags(setCookie: string | undefined): Set<string> {
  return new Set(
    (setCookie ?? '')
      .split(';')
      .slice(1)
      .map((attribute) => attribute.trim().toLowerCase())
      .filter((attribute) => attribute && !/^(expires|max-age)=/.test(attribute)),
  );
}

test.describe('a server whose public URL is https', () => {
  test.describe.configure({ mode: 'serial', timeout: 240_000 });
  const owner = { email: 'https-owner@e2e.example', password: 'https-owner-password-1' };
  let dataDir: string;
  let server: RunningServer | undefined;
  let env: () => NodeJS.ProcessEnv;

  test.beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-e2e-https-'));
    const port = await freePort();
    env = () =>
      cleanEnv({
        HEARTBRIDGE_DATA_DIR: dataDir,
        HEARTBRIDGE_SIMULATOR: 'false',
        HEARTBRIDGE_WORKER: 'false',
        HEARTBRIDGE_PUBLIC_URL: `https://localhost:${port}`,
        HEARTBRIDGE_ADMIN_EMAIL: owner.email,
        HEARTBRIDGE_ADMIN_PASSWORD: owner.password,
        PORT: String(port),
      });
    server = await startServer({ port, env: env() });
  });
  test.afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('sends HSTS and upgrade-insecure-requests, and a Secure session cookie', async () => {
    const baseURL = server?.baseURL ?? '';
    const page = await fetch(`${baseURL}/sign-in`);
    expectSecurityHeaders(Object.fromEntries(page.headers), 'sign-in page over https', true);
    const cookies = await signInByFetch(baseURL, owner.email, owner.password);
    const session = cookies.find((c) => c.startsWith('__Secure-next-auth.session-token='));
    expect(session, cookies.join('\n')).toBeDefined();
    expect(flags(session)).toEqual(new Set(['httponly', 'path=/', 'samesite=lax', 'secure']));
  });

  test('throttles by the socket address: a spoofed X-Forwarded-For does not buy more attempts', async () => {
    const baseURL = server?.baseURL ?? '';
    for (let i = 0; i < 30; i++) {
      await signInByFetch(baseURL, `guess${i}@e2e.example`, 'wrong-password', { 'x-forwarded-for': `203.0.113.${i}` });
    }
    const refused = await signInByFetch(baseURL, owner.email, owner.password, { 'x-forwarded-for': '198.51.100.7' });
    expect(refused.find((c) => c.includes('session-token='))).toBeUndefined();
  });

  test('rotates the embedded encryption key through the running server, and a restart reads the new key', async () => {
    const keyFile = path.join(dataDir, 'encryption-key');
    const account = await runCli(
      [
        'account',
        'create',
        '--name',
        'Keys Co',
        '--owner-email',
        'keys@e2e.example',
        '--owner-password',
        'keys-pw-123',
      ],
      env(),
    );
    const dev = String(account.json?.dev_id);
    const set = [
      'integration',
      'set',
      'cardiomood',
      '--dev-id',
      dev,
      '--client-id',
      'id',
      '--client-secret',
      's3cr3t-v',
    ];
    expect((await runCli(set, env())).code).toBe(0);
    const before = fs.readFileSync(keyFile, 'utf8');
    const rotated = await runCli(['secrets', 'rotate-key'], env());
    expect(rotated.json, rotated.stderr).toMatchObject({
      key_source: 'file',
      reencrypted: { 'integrations.client_secret': 1 },
    });
    expect(fs.readFileSync(keyFile, 'utf8')).not.toBe(before);
    expect(fs.existsSync(`${keyFile}.next`)).toBe(false);

    await server?.stop();
    server = await startServer({ port: server?.port ?? 0, env: env() });
    const again = await runCli(['secrets', 'rotate-key'], env());
    expect(again.json, again.stderr).toMatchObject({ reencrypted: { 'integrations.client_secret': 1 } });
  });
});
