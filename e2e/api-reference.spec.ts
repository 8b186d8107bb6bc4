import { execFileSync } from 'node:child_process';
import { createKey, expect, integrationsBody, test } from './fixtures';

test('a viewer reads the API reference and copies a curl with the dev-id filled in and no key', async ({
  viewerPage: page,
  state,
  request,
}) => {
  const devId = state.accounts.demo.devId;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: state.baseURL });
  await page.goto('/overview');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'API reference' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API reference' })).toBeVisible();
  for (const tag of ['Authentication', 'User', 'Integrations', 'Reference']) {
    await expect(page.getByRole('region', { name: tag }).getByRole('heading', { level: 2 })).toHaveText(tag);
  }

  const userInfo = page.getByRole('article', { name: 'GET /v2/userInfo' });
  await expect(userInfo.getByRole('table')).toContainText('user_id');
  await expect(userInfo).toContainText('TerraUser');
  const curl = userInfo.getByTestId('curl');
  await expect(curl).toContainText(`dev-id: ${devId}`);
  await expect(curl).toContainText('x-api-key: $HEARTBRIDGE_API_KEY');
  await expect(page.getByRole('main')).not.toContainText(/hb_[A-Za-z0-9_-]{20}/);
  await userInfo.getByRole('button', { name: /^Copy curl/ }).click();
  await expect(userInfo.getByRole('button', { name: /^Copy curl/ })).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await curl.textContent());

  // The page and /v2/openapi.json (served without a key) describe the same operations.
  const document = await (await request.get('/v2/openapi.json')).json();
  const operations = Object.values(document.paths as Record<string, object>).flatMap((item) => Object.keys(item));
  await expect(page.getByRole('article')).toHaveCount(operations.length);
});

test('the copied curl works as it is once the key is in the shell', async ({ ownerPage: page, state }) => {
  const key = await createKey(page, `Reference ${Date.now()}`);
  await page.goto('/api-reference');
  const curl =
    (await page
      .getByRole('article', { name: 'GET /v2/integrations', exact: true })
      .getByTestId('curl')
      .textContent()) ?? '';
  const out = execFileSync('bash', ['-c', `${curl} --silent`], {
    env: { ...process.env, HEARTBRIDGE_API_KEY: key },
    encoding: 'utf8',
  });
  expect(JSON.parse(out)).toEqual(integrationsBody);
  expect(curl).toContain(state.accounts.demo.devId);
});

test('over HTTP: path parameters reach the route, unknown paths get Terra’s 404 body', async ({
  ownerPage: page,
  request,
  state,
}) => {
  const headers = { 'dev-id': state.accounts.demo.devId, 'x-api-key': await createKey(page, `Paths ${Date.now()}`) };
  const malformed = await request.patch('/v2/users/not-a-uuid', { headers, data: { active: true } });
  expect(malformed.status()).toBe(400);
  expect(await malformed.json()).toEqual({ status: 'error', message: 'user_id must be a Terra user id (a UUID).' });
  const unknown = await request.patch('/v2/users/00000000-0000-4000-8000-000000000000', { headers, data: {} });
  expect([unknown.status(), await unknown.json()]).toEqual([404, { status: 'error', message: 'User not found' }]);
  const subscriptions = await request.get('/v2/subscriptions?page=0&per_page=1001', { headers });
  expect(subscriptions.status()).toBe(400);
  const missing = await request.get('/v2/nutrition?user_id=x', { headers });
  expect(missing.status()).toBe(404);
  expect(await missing.json()).toMatchObject({ status: 'error', message: expect.stringContaining('/v2/openapi.json') });
});
