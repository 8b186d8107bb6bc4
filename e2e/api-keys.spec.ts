import { request as playwrightRequest } from '@playwright/test';
import { clickAndConfirm, createKey, expect, integrations, integrationsBody, test, unauthorizedBody } from './fixtures';

test('a key created in the dashboard opens the API until it is revoked', async ({
  ownerPage: page,
  request,
  state,
}) => {
  const devId = state.accounts.demo.devId;
  const name = `Backend ${Date.now()}`;
  const key = await createKey(page, name);

  expect(await integrations(request, { devId, apiKey: key })).toEqual({ status: 200, body: integrationsBody });

  await page.reload(); // the full key is shown once only
  await expect(page.getByTestId('new-api-key')).toHaveCount(0);
  const row = page.getByTestId('api-key-row').filter({ hasText: name });
  await expect(row).toContainText('active');
  await expect(row).toContainText(`${key.slice(0, 11)}…`); // its prefix
  await expect(row).not.toContainText(key);

  await clickAndConfirm(page, row.getByRole('button', { name: 'Revoke' }));
  await expect(row).toContainText('revoked');
  await expect(row.getByRole('button', { name: 'Revoke' })).toHaveCount(0);

  expect(await integrations(request, { devId, apiKey: key })).toEqual({ status: 401, body: unauthorizedBody });
});

test('requests without a valid key are refused', async ({ request, state }) => {
  const devId = state.accounts.demo.devId;
  for (const headers of [
    {},
    { devId },
    { apiKey: 'hb_not-a-real-key-at-all-000000000000000000' },
    { devId, apiKey: 'hb_not-a-real-key-at-all-000000000000000000' },
  ]) {
    expect(await integrations(request, headers), JSON.stringify(headers)).toEqual({
      status: 401,
      body: unauthorizedBody,
    });
  }
});

test('a viewer sees the keys but has no way to create or revoke one', async ({ viewerPage: page }) => {
  await page.goto('/api-keys');
  await expect(page.getByRole('heading', { level: 1, name: 'API keys' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create key' })).toHaveCount(0);
  await expect(page.getByLabel('Name')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Revoke' })).toHaveCount(0);
});

test('the server refuses a viewer who replays the create-key action', async ({ ownerPage, state }) => {
  // Capture the server-action request the owner's browser sends when creating a key.
  await ownerPage.goto('/api-keys');
  await ownerPage.getByLabel('Name').fill(`Owner key ${Date.now()}`);
  const [action] = await Promise.all([
    ownerPage.waitForRequest(
      (r) => r.method() === 'POST' && r.url().endsWith('/api-keys') && !!r.headers()['next-action'],
    ),
    ownerPage.getByRole('button', { name: 'Create key' }).click(),
  ]);
  await expect(ownerPage.getByTestId('new-api-key')).toBeVisible();
  const headers = await action.allHeaders();
  const body = action.postData() ?? '';
  expect(headers['next-action']).toBeTruthy();

  await ownerPage.reload();
  const rows = ownerPage.getByTestId('api-key-row');
  const before = await rows.count();
  expect(before).toBeGreaterThan(0);

  // Send the same request with the viewer's session instead.
  const viewer = await playwrightRequest.newContext({
    baseURL: state.baseURL,
    storageState: state.personas.viewer.storageState,
    extraHTTPHeaders: { origin: state.baseURL },
  });
  const replayed = await viewer.post('/api-keys', {
    headers: {
      'next-action': headers['next-action'] ?? '',
      'next-router-state-tree': headers['next-router-state-tree'] ?? '',
      'content-type': headers['content-type'] ?? 'text/plain;charset=UTF-8',
      accept: headers.accept ?? 'text/x-component',
    },
    data: body,
  });
  const text = await replayed.text();
  await viewer.dispose();
  expect(text).toContain('Your role (viewer) is not allowed to manage API keys.');

  await ownerPage.reload();
  await expect(rows).toHaveCount(before);
});
