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
