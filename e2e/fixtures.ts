/**
 * The test API every spec uses: `test` with a signed-in page per persona, and the few steps
 * several specs take (sign in, add a member, create a key, call the REST API).
 */
import { randomBytes } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import {
  type APIRequestContext,
  type Browser,
  test as base,
  expect,
  type Page,
  request as playwrightRequest,
} from '@playwright/test';
import { type E2EState, e2eState, type PersonaName } from './state';

export { expect } from '@playwright/test';
export { e2eState } from './state';

/** A page in its own browser context, signed in as `name` (from the storage state the setup saved). */
export async function personaPage(browser: Browser, name: PersonaName): Promise<Page> {
  const state = e2eState();
  const context = await browser.newContext({ baseURL: state.baseURL, storageState: state.personas[name].storageState });
  return context.newPage();
}

type PersonaPages = {
  ownerPage: Page;
  developerPage: Page;
  viewerPage: Page;
  supportPage: Page;
  otherOwnerPage: Page;
};

function personaFixture(name: PersonaName) {
  return async ({ browser }: { browser: Browser }, use: (page: Page) => Promise<void>) => {
    const page = await personaPage(browser, name);
    await use(page);
    await page.context().close();
  };
}

export const test = base.extend<PersonaPages & { state: E2EState }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
  state: async ({}, use) => use(e2eState()),
  ownerPage: personaFixture('owner'),
  developerPage: personaFixture('developer'),
  viewerPage: personaFixture('viewer'),
  supportPage: personaFixture('support'),
  otherOwnerPage: personaFixture('otherOwner'),
});

/**
 * The page's own error or success message. Scoped to <main>: Next's route announcer is another
 * role=alert element, outside it.
 */
export function alert(page: Page) {
  return page.getByRole('main').getByRole('alert');
}
export function status(page: Page) {
  return page.getByRole('main').getByRole('status');
}

/** An address no other test uses, so that specs never depend on each other's members. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}${randomBytes(2).toString('hex')}@e2e.example`;
}

export const memberPassword = 'member-e2e-password-1';

/** Fills and sends the sign-in form; resolves once the answer has been shown or followed. */
export async function signInThroughForm(page: Page, email: string, password: string): Promise<void> {
  if (!page.url().endsWith('/sign-in')) await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/auth/callback/credentials')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  // Settled: either the form is back (a refusal) or the browser has moved on to the dashboard.
  await expect(page.getByRole('button', { name: 'Signing in…' })).toHaveCount(0);
}

/**
 * One sign-in over HTTP as next-auth's client makes it, in a fresh cookie jar. Resolves with
 * 'signed-in' or with the error next-auth reports (CredentialsSignin, or the throttle's message).
 */
export async function signInAttemptOverHttp(baseURL: string, email: string, password: string): Promise<string> {
  const context = await playwrightRequest.newContext({ baseURL });
  try {
    const { csrfToken } = (await (await context.get('/api/auth/csrf')).json()) as { csrfToken: string };
    const response = await context.post('/api/auth/callback/credentials', {
      form: { csrfToken, email, password, json: 'true' },
    });
    const { cookies } = await context.storageState();
    if (cookies.some((cookie) => cookie.name === 'next-auth.session-token')) return 'signed-in';
    const { url } = (await response.json().catch(() => ({}))) as { url?: string };
    return (url && new URL(url, baseURL).searchParams.get('error')) || `HTTP ${response.status()}`;
  } finally {
    await context.dispose();
  }
}

/** Adds a member on the Team page (the page must be an owner's) and waits for the confirmation. */
export async function addMember(page: Page, member: { email: string; role: string; password?: string }) {
  await page.goto('/team');
  await page.getByLabel('Email', { exact: true }).fill(member.email);
  await page.getByLabel('Role', { exact: true }).selectOption(member.role);
  await page.getByLabel('Initial password').fill(member.password ?? '');
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(status(page)).toHaveText(`${member.email} added.`);
}

/** Creates a key on the API keys page and returns the full key, shown this once. */
export async function createKey(page: Page, name: string): Promise<string> {
  await page.goto('/api-keys');
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Create key' }).click();
  const shown = page.getByTestId('new-api-key');
  await expect(shown).toBeVisible();
  const key = (await shown.textContent())?.trim() ?? '';
  expect(key.length).toBeGreaterThan(20);
  return key;
}

/** Rows of the Members table that mention `text`. */
export function memberRow(page: Page, email: string) {
  return page.getByTestId('member-row').filter({ hasText: email });
}

/** Clicks a button that asks window.confirm, and accepts. */
export async function clickAndConfirm(page: Page, button: ReturnType<Page['getByRole']>): Promise<void> {
  page.once('dialog', (dialog) => void dialog.accept());
  await button.click();
}

/** GET /v2/integrations with whichever of the two headers are given. */
export async function integrations(request: APIRequestContext, headers: { devId?: string; apiKey?: string }) {
  const response = await request.get('/v2/integrations', {
    headers: {
      ...(headers.devId !== undefined ? { 'dev-id': headers.devId } : {}),
      ...(headers.apiKey !== undefined ? { 'x-api-key': headers.apiKey } : {}),
    },
  });
  return { status: response.status(), body: await response.json().catch(() => undefined) };
}

export const integrationsBody = {
  status: 'success',
  providers: ['CARDIOMOOD'],
  sdk_resource: [],
  sdk_providers: [],
};
export const unauthorizedBody = { message: 'unauthorized' };

/** A day N days ago, as YYYY-MM-DD (UTC), for date inputs. */
export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/**
 * Connects a simulated CardioMood account (`user1`…`user10`) through the widget, as an end user does, with
 * a key the owner creates: its new reference_id and user_id.
 */
export async function connectSimulatedUser(ownerPage: Page, endUser: Page, state: E2EState, username: string) {
  const headers = {
    'dev-id': state.accounts.demo.devId,
    'x-api-key': await createKey(ownerPage, `Connect ${username} ${Date.now()}`),
  };
  const referenceId = `e2e-${username}-${Date.now()}`;
  const response = await endUser.request.post(`${state.baseURL}/v2/auth/generateWidgetSession`, {
    headers,
    data: { reference_id: referenceId, auth_success_redirect_url: `${state.baseURL}/api/health?connected=yes` },
  });
  const { url } = (await response.json()) as { url: string };
  await endUser.goto(url);
  await endUser.getByRole('link', { name: 'Connect CardioMood' }).click();
  await endUser.getByLabel('Username').fill(username);
  await endUser.getByLabel('Password').fill('password');
  await endUser.getByRole('button', { name: 'Allow' }).click();
  await endUser.waitForURL(/connected=yes/);
  return { referenceId, userId: new URL(endUser.url()).searchParams.get('user_id') as string };
}

/** No serious or critical accessibility violation (axe, WCAG 2.1 A and AA) on the page as it is now. */
export async function expectAccessible(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  const blocking = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(blocking, what).toEqual([]);
}
