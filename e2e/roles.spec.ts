import { type Page, request as playwrightRequest, type Request } from '@playwright/test';
import { expect, test, uniqueEmail } from './fixtures';
import type { E2EState, PersonaName } from './state';

/** The server-action request an owner's click sends. */
async function capture(page: Page, click: () => Promise<void>): Promise<Request> {
  const [action] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && !!r.headers()['next-action']),
    click(),
  ]);
  return action;
}

/** The same request sent with another persona's session: what the server answers. */
async function replayAs(state: E2EState, persona: PersonaName, action: Request): Promise<string> {
  const headers = await action.allHeaders();
  const context = await playwrightRequest.newContext({
    baseURL: state.baseURL,
    storageState: state.personas[persona].storageState,
    extraHTTPHeaders: { origin: state.baseURL },
  });
  try {
    const answer = await context.post(new URL(action.url()).pathname, {
      headers: {
        'next-action': headers['next-action'] ?? '',
        'next-router-state-tree': headers['next-router-state-tree'] ?? '',
        'content-type': headers['content-type'] ?? 'text/plain;charset=UTF-8',
        accept: headers.accept ?? 'text/x-component',
      },
      data: action.postDataBuffer() ?? '',
    });
    return await answer.text();
  } finally {
    await context.dispose();
  }
}

test('support and viewer are refused on the server what only owners and developers may do', async ({
  ownerPage,
  state,
}) => {
  test.setTimeout(120_000);
  const actions: Array<{ what: string; action: Request }> = [];

  await ownerPage.goto('/integrations');
  actions.push({
    what: 'change integrations',
    action: await capture(ownerPage, () => ownerPage.getByRole('button', { name: 'Save' }).click()),
  });

  await ownerPage.goto('/destinations');
  await ownerPage.getByLabel('Kind').selectOption('inbox');
  await ownerPage.getByLabel('Name').fill(`Roles inbox ${Date.now()}`);
  actions.push({
    what: 'change destinations',
    action: await capture(ownerPage, () => ownerPage.getByRole('button', { name: 'Add destination' }).click()),
  });

  await ownerPage.goto('/api-keys');
  await ownerPage.getByLabel('Name').fill(`Roles key ${Date.now()}`);
  actions.push({
    what: 'manage API keys',
    action: await capture(ownerPage, () => ownerPage.getByRole('button', { name: 'Create key' }).click()),
  });

  await ownerPage.goto('/team');
  await ownerPage.getByLabel('Email', { exact: true }).fill(uniqueEmail('roles'));
  await ownerPage.getByLabel('Initial password').fill('roles-e2e-password-1');
  actions.push({
    what: 'manage team members',
    action: await capture(ownerPage, () => ownerPage.getByRole('button', { name: 'Add member' }).click()),
  });

  for (const persona of ['support', 'viewer'] as const) {
    for (const { what, action } of actions) {
      expect(await replayAs(state, persona, action), `${persona} replaying “${what}”`).toContain(
        `Your role (${persona}) is not allowed to ${what}.`,
      );
    }
  }
});

test('support may replay failed deliveries; a viewer is refused even when replaying the request', async ({
  supportPage,
  state,
}) => {
  await supportPage.goto('/deliveries?from=2020-01-01&to=2020-01-02');
  const form = supportPage.getByRole('form', { name: 'Replay failed deliveries' });
  const action = await capture(supportPage, () =>
    form.getByRole('button', { name: 'Replay failed in this range' }).click(),
  );
  await expect(form.getByRole('status')).toContainText('0 failed deliveries queued again.');
  expect(await replayAs(state, 'viewer', action)).toContain('Your role (viewer) is not allowed to replay deliveries.');
});
