import { createKey, expect, test } from './fixtures';

// The connect flow as an end user lives it: the hosted page, CardioMood's (simulated) consent page,
// and back to the developer's app with a user_id.
async function widgetSession(
  request: import('@playwright/test').APIRequestContext,
  headers: Record<string, string>,
  baseURL: string,
  referenceId: string,
) {
  const response = await request.post('/v2/auth/generateWidgetSession', {
    headers,
    data: {
      reference_id: referenceId,
      auth_success_redirect_url: `${baseURL}/api/health?connected=yes`,
      auth_failure_redirect_url: `${baseURL}/api/health?connected=no`,
    },
  });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { session_id: string; url: string; status: string; expires_in: number };
  expect(body).toMatchObject({ status: 'success', expires_in: 900 });
  return body;
}

test('an end user connects CardioMood through the widget and lands on the success URL', async ({
  ownerPage,
  page,
  request,
  state,
}) => {
  const headers = {
    'dev-id': state.accounts.demo.devId,
    'x-api-key': await createKey(ownerPage, `Widget ${Date.now()}`),
  };
  const referenceId = `e2e-widget-${Date.now()}`;
  const session = await widgetSession(request, headers, state.baseURL, referenceId);

  await page.goto(session.url);
  await expect(page.getByRole('heading', { name: 'Connect your wearable' })).toBeVisible();
  await page.getByRole('link', { name: 'Connect CardioMood' }).click();
  await page.getByLabel('Username').fill('user7');
  await page.getByLabel('Password').fill('password');
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL(/connected=yes/);
  const landed = new URL(page.url());
  expect(landed.searchParams.get('user_id')).toMatch(/^[0-9a-f-]{36}$/);
  expect(landed.searchParams.get('resource')).toBe('CARDIOMOOD');
  expect(landed.searchParams.get('reference_id')).toBe(referenceId);

  await ownerPage.goto('/users');
  const row = ownerPage.getByTestId('user-row').filter({ hasText: referenceId });
  await expect(row).toContainText(landed.searchParams.get('user_id') as string);
  await expect(row).toContainText('active');
  await ownerPage.goto('/deliveries');
  await expect(
    ownerPage
      .getByTestId('event-row')
      .filter({ hasText: landed.searchParams.get('user_id') as string })
      .first(),
  ).toContainText('auth');
});

test('an end user who denies access lands on the failure URL with the reason', async ({
  ownerPage,
  page,
  request,
  state,
}) => {
  const headers = {
    'dev-id': state.accounts.demo.devId,
    'x-api-key': await createKey(ownerPage, `Deny ${Date.now()}`),
  };
  const session = await widgetSession(request, headers, state.baseURL, 'e2e-deny');
  await page.goto(session.url);
  await page.getByRole('link', { name: 'Connect CardioMood' }).click();
  await page.getByLabel('Username').fill('user8');
  await page.getByLabel('Password').fill('password');
  await page.getByRole('button', { name: 'Deny' }).click();
  await page.waitForURL(/connected=no/);
  expect(new URL(page.url()).searchParams.get('reason')).toBe('access_denied');
});

test('an unknown or used-up link says so instead of failing', async ({ page }) => {
  await page.goto('/widget/session/00000000-0000-4000-8000-000000000000');
  await expect(page.getByText('This connect link is unknown')).toBeVisible();
  const callback = await page.goto('/widget/callback/cardiomood?state=forged&code=x');
  expect(callback?.status()).toBe(400);
  await expect(page.getByText('unknown, was already used or has expired')).toBeVisible();
});
